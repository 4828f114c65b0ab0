/*
 * bench-syntax.c - speed of the POS tagger and the dependency parser.
 *
 *   bench-syntax [--models DIR] [--seconds S] FILE
 *
 * FILE is CoNLL-U (optionally gzipped; the FORM column is used) or plain
 * text with one sentence per line, tokens separated by whitespace.  At
 * most BENCH_MAX_TOKENS tokens are loaded, so memory does not grow with
 * the corpus; the loaded sentences are then processed over and over for
 * at least S seconds (default 3) per measurement:
 *
 *   baseline    FNV-1a hash of every token (the cheapest pass over the
 *               same data, to normalize for machine speed)
 *   tag         sm_tagger_tag()
 *   tag+parse   sm_tagger_tag() then sm_parser_parse()
 *
 * Speeds are tokens per second of this thread's CPU time (other jobs on
 * a shared machine inflate wall time), with wall-clock figures alongside,
 * and each is reported as a ratio to the baseline.  Not a test: it makes
 * no assertions.  Link: -lz.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zlib.h>

#include "common.h"
#include "parse.h"
#include "tag.h"

#define BENCH_MAX_TOKENS ((size_t)1 << 20)
#define BENCH_MAX_SENT 256 /* the pipeline's sentence cap */

typedef struct {
	char *text;       /* token text, NUL-separated */
	size_t text_len, text_cap;
	size_t *off;      /* token offsets into text (fixed up to words) */
	sm_str_t *words;
	size_t ntok;
	size_t *sent;     /* first token of each sentence, plus ntok */
	size_t nsent, sent_cap;
} bench_corpus_t;

static double clock_of(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int add_token(bench_corpus_t *c, const char *p, size_t len)
{
	if (c->ntok >= BENCH_MAX_TOKENS)
		return 0;
	if (c->text_len + len + 1 > c->text_cap) {
		size_t cap = c->text_cap ? c->text_cap * 2 : 1 << 20;
		while (cap < c->text_len + len + 1)
			cap *= 2;
		char *t = realloc(c->text, cap);
		if (!t)
			return -1;
		c->text = t;
		c->text_cap = cap;
	}
	memcpy(c->text + c->text_len, p, len);
	c->text[c->text_len + len] = '\0';
	c->off[c->ntok] = c->text_len;
	c->words[c->ntok].len = len;
	c->ntok++;
	c->text_len += len + 1;
	return 1;
}

static int end_sentence(bench_corpus_t *c, size_t *first)
{
	if (c->ntok == *first)
		return 0;
	if (c->nsent + 2 > c->sent_cap) {
		size_t cap = c->sent_cap ? c->sent_cap * 2 : 4096;
		size_t *s = realloc(c->sent, cap * sizeof(size_t));
		if (!s)
			return -1;
		c->sent = s;
		c->sent_cap = cap;
	}
	c->sent[c->nsent++] = *first;
	*first = c->ntok;
	return 0;
}

/*
 * load - read up to BENCH_MAX_TOKENS tokens.  Sentences longer than
 * BENCH_MAX_SENT tokens are cut, as the pipeline does.
 */
static int load(bench_corpus_t *c, const char *path)
{
	size_t plen = strlen(path);
	int conllu = strstr(path, ".conllu") != NULL;
	gzFile gz = gzopen(path, "rb");
	char line[65536];
	size_t first = 0;
	(void)plen;
	if (!gz)
		return -1;
	c->off = malloc(BENCH_MAX_TOKENS * sizeof(size_t));
	c->words = malloc(BENCH_MAX_TOKENS * sizeof(sm_str_t));
	if (!c->off || !c->words) {
		gzclose(gz);
		return -1;
	}
	while (c->ntok < BENCH_MAX_TOKENS && gzgets(gz, line, sizeof(line))) {
		size_t len = strlen(line);
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (conllu) {
			if (len == 0) {
				if (end_sentence(c, &first) != 0)
					goto fail;
				continue;
			}
			if (line[0] == '#')
				continue;
			char *tab = strchr(line, '\t');
			if (!tab || memchr(line, '-', (size_t)(tab - line)) ||
			    memchr(line, '.', (size_t)(tab - line)))
				continue;
			char *form = tab + 1, *e = strchr(form, '\t');
			if (!e)
				continue;
			if (c->ntok - first >= BENCH_MAX_SENT && end_sentence(c, &first) != 0)
				goto fail;
			if (add_token(c, form, (size_t)(e - form)) < 0)
				goto fail;
		} else {
			char *save = NULL;
			for (char *t = strtok_r(line, " \t", &save); t;
			     t = strtok_r(NULL, " \t", &save)) {
				if (c->ntok - first >= BENCH_MAX_SENT &&
				    end_sentence(c, &first) != 0)
					goto fail;
				if (add_token(c, t, strlen(t)) < 0)
					goto fail;
			}
			if (end_sentence(c, &first) != 0)
				goto fail;
		}
	}
	if (end_sentence(c, &first) != 0)
		goto fail;
	c->sent[c->nsent] = c->ntok;
	for (size_t i = 0; i < c->ntok; i++)
		c->words[i].p = c->text + c->off[i];
	gzclose(gz);
	return 0;
fail:
	gzclose(gz);
	return -1;
}

typedef struct {
	double cpu, wall;
	size_t tokens;
} run_t;

enum { MODE_HASH, MODE_TAG, MODE_PARSE };

/* run - repeat passes over the corpus until min_secs of CPU time. */
static int run(const bench_corpus_t *c, int mode, sm_tagger_t *tg, sm_parser_t *ps,
	       double min_secs, run_t *r, uint32_t *sink)
{
	uint8_t tags[BENCH_MAX_SENT], rels[BENCH_MAX_SENT];
	int16_t heads[BENCH_MAX_SENT];
	double c0 = clock_of(CLOCK_THREAD_CPUTIME_ID), w0 = clock_of(CLOCK_MONOTONIC);
	r->tokens = 0;
	do {
		for (size_t s = 0; s < c->nsent; s++) {
			const sm_str_t *w = c->words + c->sent[s];
			size_t n = c->sent[s + 1] - c->sent[s];
			if (mode == MODE_HASH) {
				for (size_t i = 0; i < n; i++)
					*sink ^= sm_hash(w[i].p, w[i].len);
				continue;
			}
			if (sm_tagger_tag(tg, w, n, tags) != SM_OK)
				return -1;
			*sink ^= tags[0];
			if (mode == MODE_PARSE) {
				if (sm_parser_parse(ps, w, tags, n, heads, rels) != SM_OK)
					return -1;
				*sink ^= (uint32_t)heads[0];
			}
		}
		r->tokens += c->ntok;
		r->cpu = clock_of(CLOCK_THREAD_CPUTIME_ID) - c0;
	} while (r->cpu < min_secs);
	r->wall = clock_of(CLOCK_MONOTONIC) - w0;
	return 0;
}

int main(int argc, char **argv)
{
	const char *dir = "models", *file = NULL;
	double secs = 3.0;
	char path[4096];
	sm_tag_model_t *tm = NULL;
	sm_parse_model_t *pm = NULL;
	sm_tagger_t *tg = NULL;
	sm_parser_t *ps = NULL;
	bench_corpus_t c = { 0 };
	uint32_t sink = 0;
	run_t base, tag, parse;
	int rc, status = 1;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--models") && i + 1 < argc)
			dir = argv[++i];
		else if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
			secs = atof(argv[++i]);
		else if (argv[i][0] != '-' && !file)
			file = argv[i];
		else {
			fprintf(stderr, "usage: bench-syntax [--models DIR] [--seconds S] FILE\n");
			return 2;
		}
	}
	if (!file) {
		fprintf(stderr, "usage: bench-syntax [--models DIR] [--seconds S] FILE\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/en-pos.bin", dir);
	if ((rc = sm_tag_model_load(path, &tm)) != SM_OK) {
		fprintf(stderr, "bench-syntax: %s: %s\n", path, sm_strerror(rc));
		goto cleanup;
	}
	snprintf(path, sizeof(path), "%s/en-dep.bin", dir);
	if ((rc = sm_parse_model_load(path, &pm)) != SM_OK) {
		fprintf(stderr, "bench-syntax: %s: %s\n", path, sm_strerror(rc));
		goto cleanup;
	}
	if (sm_tagger_new(tm, &tg) != SM_OK || sm_parser_new(pm, &ps) != SM_OK)
		goto cleanup;
	if (load(&c, file) != 0 || c.ntok == 0) {
		fprintf(stderr, "bench-syntax: cannot read tokens from %s\n", file);
		goto cleanup;
	}
	printf("%s: %zu sentences, %zu tokens (cap %zu)\n", file, c.nsent, c.ntok,
	       BENCH_MAX_TOKENS);
	/* one warm-up pass so page faults and cold caches are not timed */
	if (run(&c, MODE_PARSE, tg, ps, 0, &parse, &sink) != 0 ||
	    run(&c, MODE_HASH, tg, ps, secs, &base, &sink) != 0 ||
	    run(&c, MODE_TAG, tg, ps, secs, &tag, &sink) != 0 ||
	    run(&c, MODE_PARSE, tg, ps, secs, &parse, &sink) != 0)
		goto cleanup;
	double b = (double)base.tokens / base.cpu;
	double t = (double)tag.tokens / tag.cpu;
	double p = (double)parse.tokens / parse.cpu;
	printf("baseline (hash)  %12.0f tok/s cpu %12.0f tok/s wall\n", b,
	       (double)base.tokens / base.wall);
	printf("tag              %12.0f tok/s cpu %12.0f tok/s wall  ratio to baseline %.4f\n",
	       t, (double)tag.tokens / tag.wall, t / b);
	printf("tag+parse        %12.0f tok/s cpu %12.0f tok/s wall  ratio to baseline %.4f\n",
	       p, (double)parse.tokens / parse.wall, p / b);
	printf("(checksum %08x)\n", sink);
	status = 0;
cleanup:
	sm_tagger_free(tg);
	sm_parser_free(ps);
	sm_tag_model_free(tm);
	sm_parse_model_free(pm);
	free(c.text);
	free(c.off);
	free(c.words);
	free(c.sent);
	return status;
}
