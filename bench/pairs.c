/*
 * pairs.c - (article, reference) pairs for the summary bench (pairs.h).
 */
#include "pairs.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/*
 * read_line - the next line of a (possibly gzip) stream into *buf, grown
 * as needed, newline stripped.  1 for a line, 0 at the end, -1 on error.
 */
static int read_line(gzFile f, char **buf, size_t *cap)
{
	size_t n = 0;
	if (!*buf) {
		*cap = 1 << 16;
		if (!(*buf = malloc(*cap)))
			return -1;
	}
	for (;;) {
		if (!gzgets(f, *buf + n, (int)(*cap - n)))
			return n > 0 ? 1 : 0;
		n += strlen(*buf + n);
		if (n > 0 && (*buf)[n - 1] == '\n') {
			(*buf)[n - 1] = '\0';
			return 1;
		}
		if (n + 1 < *cap)
			return 1;
		char *nb = realloc(*buf, *cap * 2);
		if (!nb)
			return -1;
		*buf = nb;
		*cap *= 2;
	}
}

/*
 * load_dups - the second column of a duplicates TSV as a NULL-terminated
 * malloc'd array of malloc'd strings (NULL path gives an empty list).
 */
static char **load_dups(const char *path, size_t *n)
{
	char **v = calloc(1, sizeof *v);
	*n = 0;
	if (!v || !path)
		return v;
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "cannot open %s\n", path);
		free(v);
		return NULL;
	}
	char line[1024];
	while (fgets(line, sizeof line, f)) {
		char *tab = strchr(line, '\t');
		if (!tab || line[0] == '#')
			continue;
		char *id = tab + 1;
		id[strcspn(id, "\r\n\t")] = '\0';
		char **nv = realloc(v, (*n + 2) * sizeof *v);
		if (!nv)
			break;
		v = nv;
		size_t il = strlen(id);
		if (!(v[*n] = malloc(il + 1)))
			break;
		memcpy(v[*n], id, il + 1);
		v[++*n] = NULL;
	}
	fclose(f);
	return v;
}

/* is_closer - characters that may follow a sentence's final mark. */
static int is_closer(char c)
{
	return c == '"' || c == '\'' || c == ')' || c == ']';
}

/* pairs_split_ref - see pairs.h. */
char *pairs_split_ref(const char *p, size_t len, size_t *nsent)
{
	char *out = malloc(2 * len + 1); /* a break may be inserted per byte */
	size_t o = 0, ns = 0;
	int in_sent = 0, dq = 0; /* dq: parity of '"' in the current sentence */
	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		char c = p[i] == '\n' || p[i] == '\r' ? ' ' : p[i];
		if (c == ' ' && !in_sent)
			continue;
		out[o++] = c;
		in_sent = 1;
		if (c == '"')
			dq ^= 1;
		if (c != '.' && c != '!' && c != '?')
			continue;
		size_t j = i + 1;
		/* a '"' closes this sentence only when one is open in it; else
		 * it opens the next one (BBC: 'months."I think ...') */
		while (j < len && is_closer(p[j]) && (p[j] != '"' || dq)) {
			if (p[j] == '"')
				dq = 0;
			out[o++] = p[j++];
		}
		if (j >= len)
			break;
		char nx = p[j];
		int up = (nx >= 'A' && nx <= 'Z') || nx == '"';
		int sp = nx == ' ' || nx == '\n' || nx == '\r' || nx == '\t';
		/* "U.S." : a single capital before the period is an initial */
		int initial = c == '.' && i >= 1 && p[i - 1] >= 'A' &&
			      p[i - 1] <= 'Z' &&
			      (i < 2 || !((p[i - 2] >= 'a' && p[i - 2] <= 'z') ||
					  (p[i - 2] >= 'A' && p[i - 2] <= 'Z')));
		if ((up || sp) && !initial) {
			while (o > 0 && out[o - 1] == ' ')
				o--;
			out[o++] = '\n';
			in_sent = 0;
			dq = 0;
		}
		i = j - 1;
	}
	while (o > 0 && (out[o - 1] == ' ' || out[o - 1] == '\n'))
		o--;
	out[o] = '\0';
	ns = o > 0;
	for (size_t k = 0; k < o; k++)
		ns += out[k] == '\n';
	*nsent = ns;
	return out;
}

/* pairs_category - see pairs.h. */
const char *pairs_category(const char *id, char *buf, size_t cap)
{
	const char *a = id, *b;
	if (strncmp(id, "bbc-", 4) == 0)
		a = id + 4;
	b = strchr(a, '-');
	size_t n = b ? (size_t)(b - a) : strlen(a);
	if (n >= cap)
		n = cap - 1;
	memcpy(buf, a, n);
	buf[n] = '\0';
	return buf;
}

/* dup_str - a malloc'd copy of a JSON string field, NULL when absent/empty. */
static char *dup_str(json_t *o, const char *key, size_t *len)
{
	json_t *v = json_object_get(o, key);
	const char *s = json_string_value(v);
	if (!s || !*s)
		return NULL;
	size_t n = json_string_length(v);
	char *c = malloc(n + 1);
	if (c) {
		memcpy(c, s, n);
		c[n] = '\0';
		if (len)
			*len = n;
	}
	return c;
}

/* pairs_load - see pairs.h. */
int pairs_load(const char *path, const char *dups, int keep_unref,
	       size_t limit, pairs_t *out)
{
	size_t ndup = 0, cap = 0, lcap = 0;
	char *line = NULL;
	int rc = -1, r;
	char **dv = load_dups(dups, &ndup);
	gzFile f = NULL;
	memset(out, 0, sizeof *out);
	if (!dv)
		goto done;
	f = gzopen(path, "rb");
	if (!f) {
		fprintf(stderr, "cannot open %s\n", path);
		goto done;
	}
	while ((limit == 0 || out->n < limit) &&
	       (r = read_line(f, &line, &lcap)) == 1) {
		json_error_t jerr;
		json_t *o = json_loads(line, 0, &jerr);
		if (!o)
			continue;
		pair_t p = { 0 };
		p.id = dup_str(o, "id", NULL);
		p.title = dup_str(o, "title", NULL);
		p.text = dup_str(o, "text", &p.text_len);
		size_t rl = 0;
		char *ref = dup_str(o, "reference", &rl);
		json_decref(o);
		int skip = !p.id || !p.text || (!ref && !keep_unref);
		for (size_t k = 0; !skip && k < ndup; k++)
			skip = strcmp(dv[k], p.id) == 0;
		if (!skip && ref) {
			p.reference = pairs_split_ref(ref, rl, &p.ref_sents);
			skip = !p.reference;
		}
		free(ref);
		if (!skip && out->n == cap) {
			size_t nc = cap ? cap * 2 : 1024;
			pair_t *nv = realloc(out->v, nc * sizeof *nv);
			if (!nv)
				skip = 1;
			else {
				out->v = nv;
				cap = nc;
			}
		}
		if (skip) {
			free(p.id);
			free(p.title);
			free(p.text);
			free(p.reference);
			continue;
		}
		out->v[out->n++] = p;
	}
	rc = 0;
done:
	if (f)
		gzclose(f);
	for (size_t k = 0; dv && k < ndup; k++)
		free(dv[k]);
	free(dv);
	free(line);
	if (rc != 0)
		pairs_free(out);
	return rc;
}

/* pairs_free - see pairs.h. */
void pairs_free(pairs_t *ps)
{
	for (size_t i = 0; i < ps->n; i++) {
		free(ps->v[i].id);
		free(ps->v[i].title);
		free(ps->v[i].text);
		free(ps->v[i].reference);
	}
	free(ps->v);
	ps->v = NULL;
	ps->n = 0;
}
