/*
 * build-idf.c - build models/en-idf.tsv, the corpus document frequencies
 * of stems that the sentence scorer (pipeline/score.c) turns into IDF.
 *
 *   build-idf [-m MODELS] [-l LANG] [--min-df N] -o OUT SHARD.jsonl[.gz] ...
 *
 * Each input line is a JSON object with a "text" (and optional "title")
 * field, as in ../shared/data/news-archive/ shards.  Every article goes
 * through the library's own ingest, normalize, segment, tokenize and stem
 * stages, so the stems in the table are exactly the strings the scorer
 * looks up.  The stages are called one by one (not through sm_models_load)
 * because the score model that sm_models_load reads is what this program
 * produces.
 *
 * Output: '#' comment lines, "docs<TAB>N", then "stem<TAB>df" for every
 * stem with df >= min-df (default 3), by df descending then stem, so the
 * file is deterministic.  Stopword stems are kept: the scorer skips them
 * anyway, and they cost a few hundred lines.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "doc.h"
#include "ingest.h"
#include "lexicon.h"
#include "normalize.h"
#include "segment.h"
#include "stem.h"
#include "tokenize.h"

/* ------------------------------------------------- stem -> df hash table */

typedef struct {
	char *s;
	size_t len;
	uint32_t hash;
	uint32_t df;
	uint32_t last_doc; /* document that last counted it (df once per doc) */
} df_ent_t;

typedef struct {
	df_ent_t *e;
	size_t n, cap; /* cap is a power of two */
} df_tab_t;

/* df_add - count (p, len) once for document doc.  SM_OK or SM_ENOMEM. */
static int df_add(df_tab_t *t, const char *p, size_t len, uint32_t doc)
{
	if (2 * (t->n + 1) > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1 << 16;
		df_ent_t *e = calloc(cap, sizeof *e);
		if (!e)
			return SM_ENOMEM;
		for (size_t i = 0; i < t->cap; i++) {
			if (!t->e[i].s)
				continue;
			size_t j = t->e[i].hash & (cap - 1);
			while (e[j].s)
				j = (j + 1) & (cap - 1);
			e[j] = t->e[i];
		}
		free(t->e);
		t->e = e;
		t->cap = cap;
	}
	uint32_t h = sm_hash(p, len);
	size_t i = h & (t->cap - 1);
	while (t->e[i].s) {
		df_ent_t *x = &t->e[i];
		if (x->hash == h && x->len == len && memcmp(x->s, p, len) == 0) {
			if (x->last_doc != doc) {
				x->df++;
				x->last_doc = doc;
			}
			return SM_OK;
		}
		i = (i + 1) & (t->cap - 1);
	}
	char *s = malloc(len + 1);
	if (!s)
		return SM_ENOMEM;
	memcpy(s, p, len);
	s[len] = '\0';
	t->e[i] = (df_ent_t){ s, len, h, 1, doc };
	t->n++;
	return SM_OK;
}

static int df_cmp(const void *a, const void *b)
{
	const df_ent_t *x = a, *y = b;
	if (x->df != y->df)
		return x->df > y->df ? -1 : 1;
	return strcmp(x->s, y->s);
}

/* ----------------------------------------------------------- the stages */

typedef struct {
	sm_segment_model_t *seg;
	sm_stopwords_t *stop;
	sm_stemmer_t *stemmer;
	sm_lexicon_t *lex;
	sm_doc_t *doc;
} stages_t;

/*
 * analyze - run ingest .. stem on one article.  Returns SM_OK, or the
 * stage's error (the caller skips empty or binary articles).
 */
static int analyze(stages_t *S, const char *text, size_t len,
		   const char *title)
{
	int rc;
	if ((rc = sm_doc_set_input(S->doc, text, len, NULL, title, NULL)) ||
	    (rc = sm_ingest_run(S->doc)) || (rc = sm_normalize_run(S->doc)) ||
	    (rc = sm_segment_run(S->seg, S->doc)) ||
	    (rc = sm_tokenize_run(S->doc, S->lex)) ||
	    (rc = sm_stem_run(S->stemmer, S->doc, S->lex)))
		return rc;
	return SM_OK;
}

/*
 * read_line - the next line of a gz stream into *buf (grown as needed,
 * NUL-terminated, newline stripped).  Returns 1 for a line, 0 at the end,
 * -1 on error.
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
			return 1; /* last line without newline */
		char *nb = realloc(*buf, *cap * 2);
		if (!nb)
			return -1;
		*buf = nb;
		*cap *= 2;
	}
}

int main(int argc, char **argv)
{
	const char *models = "models", *lang = "english", *out_path = NULL;
	unsigned min_df = 3;
	stages_t S = { 0 };
	df_tab_t tab = { 0 };
	char *line = NULL;
	size_t cap = 0;
	uint32_t ndocs = 0;
	int status = 1, rc, argi;
	char path[4096];
	FILE *out = NULL;
	uint32_t *seen = NULL;
	size_t seen_cap = 0;

	for (argi = 1; argi < argc && argv[argi][0] == '-'; argi++) {
		const char *a = argv[argi];
		if (strcmp(a, "-m") == 0 && argi + 1 < argc)
			models = argv[++argi];
		else if (strcmp(a, "-l") == 0 && argi + 1 < argc)
			lang = argv[++argi];
		else if (strcmp(a, "-o") == 0 && argi + 1 < argc)
			out_path = argv[++argi];
		else if (strcmp(a, "--min-df") == 0 && argi + 1 < argc)
			min_df = (unsigned)strtoul(argv[++argi], NULL, 10);
		else {
			fprintf(stderr, "usage: build-idf [-m MODELS] [-l LANG] "
					"[--min-df N] -o OUT SHARD.jsonl.gz ...\n");
			return 2;
		}
	}
	if (!out_path || argi >= argc) {
		fprintf(stderr, "usage: build-idf [-m MODELS] [-l LANG] "
				"[--min-df N] -o OUT SHARD.jsonl.gz ...\n");
		return 2;
	}
	snprintf(path, sizeof path, "%s/stopwords/%s.txt", models, lang);
	if ((rc = sm_stopwords_load(path, &S.stop)) != SM_OK) {
		fprintf(stderr, "build-idf: %s: %s\n", path, sm_strerror(rc));
		goto done;
	}
	snprintf(path, sizeof path, "%s/segment/english.patterns", models);
	if ((rc = sm_segment_model_load(path, &S.seg)) != SM_OK) {
		fprintf(stderr, "build-idf: %s: %s\n", path, sm_strerror(rc));
		goto done;
	}
	if ((rc = sm_stemmer_new(lang, S.stop, &S.stemmer)) != SM_OK ||
	    (rc = sm_lexicon_new(&S.lex)) != SM_OK ||
	    (rc = sm_doc_new(&S.doc)) != SM_OK) {
		fprintf(stderr, "build-idf: %s\n", sm_strerror(rc));
		goto done;
	}
	for (; argi < argc; argi++) {
		gzFile f = gzopen(argv[argi], "rb");
		if (!f) {
			fprintf(stderr, "build-idf: cannot open %s\n", argv[argi]);
			goto done;
		}
		int r;
		while ((r = read_line(f, &line, &cap)) == 1) {
			json_error_t jerr;
			json_t *j = json_loads(line, 0, &jerr);
			const char *text = j ? json_string_value(json_object_get(j, "text")) : NULL;
			const char *title = j ? json_string_value(json_object_get(j, "title")) : NULL;
			if (!text) {
				json_decref(j);
				continue;
			}
			if (title && !*title)
				title = NULL;
			rc = analyze(&S, text, strlen(text), title);
			json_decref(j);
			if (rc != SM_OK)
				continue;
			ndocs++;
			/* distinct word stems of the document, counted once */
			size_t lexn = sm_lexicon_size(S.lex) + 1;
			if (lexn > seen_cap) {
				uint32_t *ns = realloc(seen, lexn * 2 * sizeof *ns);
				if (!ns)
					goto done;
				memset(ns + seen_cap, 0, (lexn * 2 - seen_cap) * sizeof *ns);
				seen = ns;
				seen_cap = lexn * 2;
			}
			for (size_t i = 0; i < S.doc->n_toks; i++) {
				const sm_token_t *t = &S.doc->toks[i];
				if (!(t->flags & SM_TF_WORD) || !t->stem ||
				    t->stem >= seen_cap || seen[t->stem] == ndocs)
					continue;
				seen[t->stem] = ndocs;
				sm_str_t s = sm_lexicon_str(S.lex, t->stem);
				if (df_add(&tab, s.p, s.len, ndocs) != SM_OK)
					goto done;
			}
			/* bound the lexicon; seen[] is indexed by its ids */
			if (sm_lexicon_size(S.lex) > 2000000) {
				sm_lexicon_clear(S.lex);
				memset(seen, 0, seen_cap * sizeof *seen);
			}
		}
		gzclose(f);
		if (r < 0) {
			fprintf(stderr, "build-idf: read error in %s\n", argv[argi]);
			goto done;
		}
	}
	/* compact, sort, write */
	size_t m = 0;
	for (size_t i = 0; i < tab.cap; i++)
		if (tab.e[i].s && tab.e[i].df >= min_df)
			tab.e[m++] = tab.e[i];
		else if (tab.e[i].s)
			free(tab.e[i].s);
	qsort(tab.e, m, sizeof *tab.e, df_cmp);
	out = fopen(out_path, "w");
	if (!out) {
		fprintf(stderr, "build-idf: cannot write %s\n", out_path);
		goto done;
	}
	fprintf(out, "# %s-idf: document frequencies of %s Snowball stems "
		     "(summarize tokenizer + stemmer)\n", "en", lang);
	fprintf(out, "# built by bench/build-idf --min-df %u from:", min_df);
	for (int k = 1; k < argc; k++)
		if (strstr(argv[k], ".jsonl")) {
			const char *b = strrchr(argv[k], '/');
			fprintf(out, " %s", b ? b + 1 : argv[k]);
		}
	fprintf(out, "\n# idf = ln(docs / df); stems below min-df are absent\n");
	fprintf(out, "docs\t%u\n", ndocs);
	for (size_t i = 0; i < m; i++)
		fprintf(out, "%s\t%u\n", tab.e[i].s, tab.e[i].df);
	if (fclose(out) != 0) {
		out = NULL;
		fprintf(stderr, "build-idf: write error on %s\n", out_path);
		goto done;
	}
	out = NULL;
	fprintf(stderr, "build-idf: %u documents, %zu stems with df >= %u\n",
		ndocs, m, min_df);
	for (size_t i = 0; i < m; i++)
		free(tab.e[i].s);
	tab.cap = 0;
	status = 0;
done:
	if (out)
		fclose(out);
	for (size_t i = 0; i < tab.cap; i++)
		free(tab.e[i].s);
	free(tab.e);
	free(line);
	free(seen);
	sm_doc_free(S.doc);
	sm_lexicon_free(S.lex);
	sm_stemmer_free(S.stemmer);
	sm_segment_model_free(S.seg);
	sm_stopwords_free(S.stop);
	return status;
}
