/*
 * bench-ner.c - speed of the named-entity recognizer (pipeline/ner.c).
 *
 *   bench-ner [--models DIR] [--seconds S] FILE
 *
 * FILE is CoNLL-2003-like (first column is the word, blank lines end
 * sentences, -DOCSTART- lines start documents; optionally gzipped) or plain
 * text with one sentence per line, tokens separated by whitespace (a blank
 * line starts a new document).  At most BENCH_MAX_TOKENS tokens are loaded;
 * the sentences are then processed over and over for at least S seconds
 * (default 3) per measurement:
 *
 *   baseline    FNV-1a hash of every token (the cheapest pass over the
 *               same data, to normalize for machine speed)
 *   ner         sm_ner_begin_doc() per document + sm_ner_tag() per sentence
 *               (statistical model and the DATE/MONEY/PERCENT/QUANTITY
 *               rules, no POS tags)
 *
 * Speeds are tokens per second of this thread's CPU time, with wall-clock
 * figures alongside, and the ratio to the baseline.  Not a test: it makes
 * no assertions.  Link: -lz.
 *
 *   bench-ner [--models DIR] --eval FILE
 *
 * scores instead what the pipeline runs (sm_ner_tag: the model, then the
 * rules; no POS tags) against the CoNLL-2003 gold column (IOB1 or IOB2)
 * of FILE: exact-span precision, recall and F1 over PER, ORG, LOC and
 * MISC, as conlleval counts them, overall and per type.  The rule types
 * (DATE, MONEY ...) are not in the gold data and count as no entity.
 * --seconds does not apply; sentences are cut at BENCH_MAX_SENT tokens for
 * gold and predictions alike (CoNLL's are shorter).
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* mkdtemp, clock_gettime */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zlib.h>

#include "common.h"
#include "ner.h"

#define BENCH_MAX_TOKENS ((size_t)1 << 20)
#define BENCH_MAX_SENT 256

typedef struct {
	char *text;         /* token text, NUL-separated */
	size_t text_len, text_cap;
	size_t *off;        /* token offsets into text */
	sm_str_t *words;
	size_t ntok, tok_cap;
	uint8_t *gold;      /* CoNLL lines: gold entity code (ner.h), or 0 */
	size_t gold_cap;
	size_t *sent;       /* first token of each sentence, plus ntok */
	uint8_t *doc_start; /* per sentence: 1 if it starts a document */
	size_t nsent, sent_cap, ds_cap;
} bench_corpus_t;

static double clock_of(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t nc = *cap ? *cap * 2 : 4096;
	while (nc < need)
		nc *= 2;
	void *q = realloc(*p, nc * elem);
	if (!q)
		return -1;
	*p = q;
	*cap = nc;
	return 0;
}

static int add_token(bench_corpus_t *c, const char *p, size_t len,
		     uint8_t gold)
{
	if (c->ntok >= BENCH_MAX_TOKENS)
		return 0;
	if (grow((void **)&c->text, &c->text_cap, c->text_len + len + 1, 1) ||
	    grow((void **)&c->off, &c->tok_cap, c->ntok + 1, sizeof(size_t)) ||
	    grow((void **)&c->gold, &c->gold_cap, c->ntok + 1, 1))
		return -1;
	memcpy(c->text + c->text_len, p, len);
	c->text[c->text_len + len] = '\0';
	c->gold[c->ntok] = gold;
	c->off[c->ntok++] = c->text_len;
	c->text_len += len + 1;
	return 0;
}

/* Close the current sentence (if it has tokens). */
static int end_sentence(bench_corpus_t *c, size_t *start, int *new_doc)
{
	if (c->ntok == *start)
		return 0;
	if (grow((void **)&c->sent, &c->sent_cap, c->nsent + 2, sizeof(size_t)) ||
	    grow((void **)&c->doc_start, &c->ds_cap, c->nsent + 2, 1))
		return -1;
	c->sent[c->nsent] = *start;
	c->doc_start[c->nsent] = (uint8_t)*new_doc;
	c->nsent++;
	*new_doc = 0;
	*start = c->ntok;
	return 0;
}

/* The entity code of CoNLL tag t ("B-ORG", "I-PER", "O") after the
 * tokens already in c (the sentence began at token start): an I- tag
 * begins an entity unless the token before has the same type (IOB1). */
static uint8_t gold_code(const char *t, const bench_corpus_t *c, size_t start)
{
	static const char *const types[] = { "PER", "ORG", "LOC", "MISC" };
	static const int codes[] = { SM_ENT_PER, SM_ENT_ORG, SM_ENT_LOC, SM_ENT_MISC };
	if ((t[0] != 'B' && t[0] != 'I') || t[1] != '-')
		return 0;
	for (size_t k = 0; k < 4; k++) {
		if (strcmp(t + 2, types[k]) != 0)
			continue;
		int in = t[0] == 'I' && c->ntok > start &&
			 SM_ENT_TYPE(c->gold[c->ntok - 1]) == codes[k];
		return (uint8_t)(codes[k] << 1 | in);
	}
	return 0;
}

static int load(const char *path, bench_corpus_t *c)
{
	gzFile gz = gzopen(path, "rb");
	char line[65536];
	size_t start = 0;
	int new_doc = 1, rc = -1;
	if (!gz)
		return -1;
	while (gzgets(gz, line, sizeof(line)) && c->ntok < BENCH_MAX_TOKENS) {
		size_t len = strlen(line);
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0) {
			if (end_sentence(c, &start, &new_doc))
				goto done;
			continue;
		}
		if (strncmp(line, "-DOCSTART-", 10) == 0) {
			if (end_sentence(c, &start, &new_doc))
				goto done;
			new_doc = 1;
			continue;
		}
		/* CoNLL: "WORD POS CHUNK NER" (exactly 4 fields); else a text line */
		int fields = 1;
		for (size_t i = 0; i < len; i++)
			fields += line[i] == ' ';
		if (fields == 4 && strchr(line, '\t') == NULL) {
			if (add_token(c, line, strcspn(line, " "),
				      gold_code(strrchr(line, ' ') + 1, c, start)))
				goto done;
			continue;
		}
		for (char *p = line; *p;) {
			while (*p == ' ' || *p == '\t')
				p++;
			size_t n = strcspn(p, " \t");
			if (n && add_token(c, p, n, 0))
				goto done;
			p += n;
		}
		if (end_sentence(c, &start, &new_doc))
			goto done;
	}
	if (end_sentence(c, &start, &new_doc))
		goto done;
	c->words = malloc((c->ntok + 1) * sizeof(sm_str_t));
	if (!c->words || !c->sent)
		goto done;
	c->sent[c->nsent] = c->ntok;
	for (size_t i = 0; i < c->ntok; i++) {
		c->words[i].p = c->text + c->off[i];
		c->words[i].len = strlen(c->words[i].p);
	}
	rc = 0;
done:
	gzclose(gz);
	return rc;
}

/* One pass: baseline (ner == NULL) or the recognizer. */
static uint32_t pass(const bench_corpus_t *c, sm_ner_t *ner, uint8_t *ents)
{
	uint32_t h = 0;
	for (size_t s = 0; s < c->nsent; s++) {
		size_t a = c->sent[s], n = c->sent[s + 1] - a;
		if (n > BENCH_MAX_SENT)
			n = BENCH_MAX_SENT;
		if (!ner) {
			for (size_t i = 0; i < n; i++)
				h ^= sm_hash(c->words[a + i].p, c->words[a + i].len);
			continue;
		}
		if (c->doc_start[s])
			sm_ner_begin_doc(ner);
		if (sm_ner_tag(ner, c->words + a, NULL, n, ents) != SM_OK)
			return 0;
		h ^= ents[0];
	}
	return h;
}

/* Repeat passes for at least secs; tokens per CPU and wall second. */
static void measure(const bench_corpus_t *c, sm_ner_t *ner, uint8_t *ents,
		    double secs, double *cpu_tps, double *wall_tps,
		    uint32_t *sink)
{
	double c0 = clock_of(CLOCK_THREAD_CPUTIME_ID);
	double w0 = clock_of(CLOCK_MONOTONIC);
	size_t reps = 0;
	double c1, w1;
	do {
		*sink ^= pass(c, ner, ents);
		reps++;
		c1 = clock_of(CLOCK_THREAD_CPUTIME_ID);
		w1 = clock_of(CLOCK_MONOTONIC);
	} while (c1 - c0 < secs);
	double tokens = (double)reps * (double)c->ntok;
	*cpu_tps = tokens / (c1 - c0);
	*wall_tps = tokens / (w1 - w0);
}

/* The next entity of codes e[*i .. n) of types 1-4: its [start, end)
 * and type; 0 when there is none. */
static int next_span(const uint8_t *e, size_t n, size_t *i, size_t *b,
		     size_t *end, int *type)
{
	for (; *i < n; (*i)++) {
		int t = SM_ENT_TYPE(e[*i]);
		if (t < SM_ENT_PER || t > SM_ENT_MISC)
			continue;
		*b = *i;
		*type = t;
		for ((*i)++; *i < n && e[*i] == (uint8_t)(t << 1 | 1); (*i)++)
			;
		*end = *i;
		return 1;
	}
	return 0;
}

/* Score sm_ner_tag against the gold column; prints a Markdown table. */
static int evaluate(const bench_corpus_t *c, sm_ner_t *ner, const char *file)
{
	static const char *const names[] = { "all", "PER", "ORG", "LOC", "MISC" };
	size_t tp[5] = {0}, np[5] = {0}, ng[5] = {0};
	uint8_t ents[BENCH_MAX_SENT];
	for (size_t s = 0; s < c->nsent; s++) {
		size_t a = c->sent[s], n = c->sent[s + 1] - a;
		if (n > BENCH_MAX_SENT)
			n = BENCH_MAX_SENT;
		if (c->doc_start[s])
			sm_ner_begin_doc(ner);
		if (sm_ner_tag(ner, c->words + a, NULL, n, ents) != SM_OK)
			return 1;
		/* spans as (start << 16 | end << 4 | type), counted and matched */
		uint32_t gs[BENCH_MAX_SENT], ps[BENCH_MAX_SENT];
		size_t ngs = 0, nps = 0, i = 0, sb, se;
		int t;
		while (next_span(c->gold + a, n, &i, &sb, &se, &t))
			gs[ngs++] = (uint32_t)(sb << 16 | se << 4 | (size_t)t);
		i = 0;
		while (next_span(ents, n, &i, &sb, &se, &t))
			ps[nps++] = (uint32_t)(sb << 16 | se << 4 | (size_t)t);
		for (size_t k = 0; k < ngs; k++) {
			ng[0]++;
			ng[gs[k] & 15]++;
		}
		for (size_t k = 0; k < nps; k++) {
			np[0]++;
			np[ps[k] & 15]++;
			for (size_t q = 0; q < ngs; q++)
				if (gs[q] == ps[k]) {
					tp[0]++;
					tp[ps[k] & 15]++;
				}
		}
	}
	printf("## NER accuracy\n\n%s: %zu sentences, sm_ner_tag (model and "
	       "rules, no POS tags)\n\n", file, c->nsent);
	printf("| type | gold | found | right | precision | recall | F1 |\n");
	printf("|---|---:|---:|---:|---:|---:|---:|\n");
	for (size_t k = 0; k < 5; k++) {
		double p = np[k] ? 100.0 * (double)tp[k] / (double)np[k] : 0;
		double r = ng[k] ? 100.0 * (double)tp[k] / (double)ng[k] : 0;
		printf("| %s | %zu | %zu | %zu | %.2f | %.2f | %.2f |\n", names[k],
		       ng[k], np[k], tp[k], p, r, p + r > 0 ? 2 * p * r / (p + r) : 0);
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *models = "models", *file = NULL;
	double secs = 3.0, base_cpu, base_wall, ner_cpu, ner_wall;
	bench_corpus_t c;
	sm_ner_model_t *m = NULL;
	sm_ner_t *r = NULL;
	uint8_t ents[BENCH_MAX_SENT];
	uint32_t sink = 0;
	int rc, eval = 0;

	memset(&c, 0, sizeof(c));
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--models") == 0 && i + 1 < argc)
			models = argv[++i];
		else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
			secs = atof(argv[++i]);
		else if (strcmp(argv[i], "--eval") == 0)
			eval = 1;
		else if (argv[i][0] != '-' && !file)
			file = argv[i];
		else {
			fprintf(stderr, "usage: bench-ner [--models DIR] "
					"[--seconds S | --eval] FILE\n");
			return 2;
		}
	}
	if (!file) {
		fprintf(stderr, "usage: bench-ner [--models DIR] [--seconds S | --eval] FILE\n");
		return 2;
	}
	if (load(file, &c) != 0 || c.ntok == 0) {
		fprintf(stderr, "bench-ner: cannot read tokens from %s\n", file);
		return 1;
	}
	if ((rc = sm_ner_model_load(models, &m)) != SM_OK ||
	    (rc = sm_ner_new(m, &r)) != SM_OK) {
		fprintf(stderr, "bench-ner: %s/en-ner.bin: %s\n", models,
			sm_strerror(rc));
		sm_ner_model_free(m);
		return 1;
	}
	if (eval) {
		rc = evaluate(&c, r, file);
		goto out;
	}
	pass(&c, r, ents); /* warm-up */
	measure(&c, NULL, ents, secs, &base_cpu, &base_wall, &sink);
	measure(&c, r, ents, secs, &ner_cpu, &ner_wall, &sink);
	printf("## NER speed\n\n%zu tokens, %zu sentences from %s\n\n", c.ntok,
	       c.nsent, file);
	printf("| pass | tokens/s (CPU) | tokens/s (wall) | vs baseline |\n");
	printf("|---|---:|---:|---:|\n");
	printf("| baseline (FNV-1a per token) | %.0f | %.0f | 1 |\n", base_cpu,
	       base_wall);
	printf("| sm_ner_tag | %.0f | %.0f | 1/%.1f |\n", ner_cpu, ner_wall,
	       base_cpu / ner_cpu);
	printf("\n(checksum %u)\n", sink);
	rc = 0;
out:
	sm_ner_free(r);
	sm_ner_model_free(m);
	free(c.text);
	free(c.off);
	free(c.words);
	free(c.sent);
	free(c.doc_start);
	free(c.gold);
	return rc;
}
