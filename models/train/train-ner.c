/*
 * train-ner.c - train and evaluate the named-entity model models/en-ner.bin.
 *
 * Usage:
 *   train-ner [-e epochs] [-f max_features] [-m runs] [-r seed] [-c] [-s]
 *             [-n news.jsonl.gz]... gazetteer_dir
 *             eng.train.gz eng.testa.gz eng.testb.gz out.bin
 *
 * The shipped model is built by (from the source tree; about 3 minutes of
 * CPU):
 *   train-ner -e 25 -c -s -m 3 \
 *     -n ../shared/data/news-archive/reuter50_50.jsonl.gz \
 *     -n ../shared/data/news-archive/bbc2225.jsonl.gz \
 *     -n ../shared/data/news-archive/reuters21578.jsonl.gz \
 *     models/gazetteer ../shared/data/conll2003-ner-en/eng.train.gz \
 *     ../shared/data/conll2003-ner-en/eng.testa.gz \
 *     ../shared/data/conll2003-ner-en/eng.testb.gz models/en-ner.bin
 *
 * Reads the CoNLL-2003 files (WORD POS CHUNK NER, IOB1) with zlib, converts
 * the tags to IOB2, and trains the averaged perceptron of ner.c (Collins
 * 2002; features after Ratinov & Roth 2009) for up to `epochs` passes over
 * eng.train in a fixed pseudo-random document order.  After each pass the
 * averaged model is scored on eng.testa (the dev set) and the best pass is
 * kept; eng.testb is only scored at the end, never used for a choice.  POS
 * tags are dropped from half the training sentences so that the model also
 * works without a tagger.
 *
 * Unlabelled news (-n, JSON Lines with a "text" field; articles mostly in
 * upper case are skipped) gives three kinds of word features; only these
 * statistics, never text, go into the model:
 *   - capitalization prior (always with -n): for every word seen at least 5
 *     times in mid-sentence, how often it is capitalized (4 buckets);
 *   - -c: word clusters, spherical k-means (255 and 48 clusters) over the
 *     counts of left/right neighbours among the 1000 most frequent words;
 *   - -s: type prior: the news is tagged by a first model and every
 *     capitalized word seen 3+ times gets its majority type and whether it
 *     is >= 80% of its uses.  To keep the feature as noisy in training as on
 *     new text it is jackknifed: the even documents of eng.train learn with
 *     the prior from a model of the odd ones and vice versa; the model is
 *     evaluated and saved with the prior from the model of all of eng.train.
 * -m averages the weights of that many runs with different document orders
 * (seed, seed + 1, ...); -f keeps the largest max_features features
 * (default 150000, 0 = all).
 *
 * Scores are the conlleval ones: an entity is correct when its type, first
 * and last token all match; precision, recall and F1 per type and overall,
 * without POS tags and with the CoNLL POS column.  The tagging speed is
 * printed too.  Exit status 0 on success, 1 on usage or I/O errors.
 */
#include "ner.h"
#include "newstext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>
#include <zlib.h>

/* ------------------------------------------------------------- corpus */

typedef struct {
	char *text;     /* all token and POS strings, NUL separated */
	size_t tlen, tcap;
	size_t *word;   /* offsets of words in text */
	size_t *pos;    /* offsets of POS tags */
	uint8_t *gold;  /* IOB2 codes */
	size_t ntok, cap;
	size_t *sent;   /* first token of each sentence; sent[nsent] = ntok */
	size_t nsent, scap;
	size_t *doc;    /* first sentence of each document; doc[ndoc] = nsent */
	size_t ndoc, dcap;
} corpus_t;

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t nc = *cap ? *cap * 2 : 1024;
	while (nc < need)
		nc *= 2;
	void *q = realloc(*p, nc * elem);
	if (!q)
		return -1;
	*p = q;
	*cap = nc;
	return 0;
}

static size_t add_text(corpus_t *c, const char *s)
{
	size_t len = strlen(s) + 1, off = c->tlen;
	if (grow((void **)&c->text, &c->tcap, c->tlen + len, 1))
		exit(1);
	memcpy(c->text + off, s, len);
	c->tlen += len;
	return off;
}

static int type_code(const char *tag)
{
	static const char *const names[] = {"PER", "ORG", "LOC", "MISC"};
	if (strlen(tag) < 3)
		return 0;
	for (int t = 0; t < 4; t++)
		if (strcmp(tag + 2, names[t]) == 0)
			return t + 1;
	return 0;
}

static void end_sentence(corpus_t *c, size_t *sent_start)
{
	if (c->ntok > *sent_start) {
		if (grow((void **)&c->sent, &c->scap, c->nsent + 2,
			 sizeof(size_t)))
			exit(1);
		c->sent[c->nsent++] = *sent_start;
	}
	*sent_start = c->ntok;
}

static void new_doc(corpus_t *c)
{
	if (grow((void **)&c->doc, &c->dcap, c->ndoc + 2, sizeof(size_t)))
		exit(1);
	if (c->ndoc > 0 && c->doc[c->ndoc - 1] == c->nsent)
		return; /* empty document */
	c->doc[c->ndoc++] = c->nsent;
}

/* Load a CoNLL-2003 file; IOB1 tags become IOB2 codes. */
static int load_conll(const char *path, corpus_t *c)
{
	gzFile gz = gzopen(path, "rb");
	char line[4096];
	size_t sent_start = 0;
	int prev_type = 0;
	if (!gz) {
		fprintf(stderr, "train-ner: cannot open %s\n", path);
		return -1;
	}
	memset(c, 0, sizeof(*c));
	new_doc(c);
	while (gzgets(gz, line, sizeof(line))) {
		char *f[4] = {NULL, NULL, NULL, NULL}, *w, *p, *ch, *ne, *q;
		int nf = 0;
		size_t len = strlen(line);
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0) {
			end_sentence(c, &sent_start);
			prev_type = 0;
			continue;
		}
		/* split on single spaces (strtok_r is not C11) */
		for (q = line; *q && nf < 4;) {
			f[nf++] = q;
			while (*q && *q != ' ')
				q++;
			if (*q)
				*q++ = '\0';
		}
		w = f[0];
		p = f[1];
		ch = f[2];
		ne = f[3];
		if (!w || !p || !ch || !ne)
			continue;
		if (strcmp(w, "-DOCSTART-") == 0) {
			end_sentence(c, &sent_start);
			new_doc(c);
			prev_type = 0;
			continue;
		}
		if (grow((void **)&c->word, &c->cap, c->ntok + 1, sizeof(size_t)))
			exit(1);
		c->pos = realloc(c->pos, c->cap * sizeof(size_t));
		c->gold = realloc(c->gold, c->cap);
		if (!c->pos || !c->gold)
			exit(1);
		int t = type_code(ne);
		int begin = t && (ne[0] == 'B' || prev_type != t);
		c->word[c->ntok] = add_text(c, w);
		c->pos[c->ntok] = add_text(c, p);
		c->gold[c->ntok] = t ? (uint8_t)((t << 1) | !begin) : 0;
		c->ntok++;
		prev_type = t;
	}
	end_sentence(c, &sent_start);
	gzclose(gz);
	if (grow((void **)&c->sent, &c->scap, c->nsent + 1, sizeof(size_t)) ||
	    grow((void **)&c->doc, &c->dcap, c->ndoc + 1, sizeof(size_t)))
		exit(1);
	c->sent[c->nsent] = c->ntok;
	c->doc[c->ndoc] = c->nsent;
	return 0;
}

static void corpus_free(corpus_t *c)
{
	free(c->text);
	free(c->word);
	free(c->pos);
	free(c->gold);
	free(c->sent);
	free(c->doc);
}

/* ------------------------------------------------------------ scoring */

typedef struct {
	size_t correct[5], guessed[5], gold[5];
} score_t;

/* Entities of a code sequence: calls back per (type, start, end). */
static size_t chunk_end(const uint8_t *t, size_t n, size_t i)
{
	size_t j = i + 1;
	while (j < n && t[j] != 0 && (t[j] & 1) && (t[j] >> 1) == (t[i] >> 1))
		j++;
	return j;
}

static int chunk_starts(const uint8_t *t, size_t i)
{
	if (t[i] == 0)
		return 0;
	if (!(t[i] & 1) || i == 0)
		return 1;
	return (t[i - 1] >> 1) != (t[i] >> 1) || t[i - 1] == 0;
}

static void score_sentence(score_t *s, const uint8_t *gold,
			   const uint8_t *pred, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int g = chunk_starts(gold, i), p = chunk_starts(pred, i);
		size_t ge = g ? chunk_end(gold, n, i) : 0;
		size_t pe = p ? chunk_end(pred, n, i) : 0;
		if (g && (gold[i] >> 1) < 5)
			s->gold[gold[i] >> 1]++;
		if (p && (pred[i] >> 1) < 5)
			s->guessed[pred[i] >> 1]++;
		if (g && p && ge == pe && (gold[i] >> 1) == (pred[i] >> 1) &&
		    (gold[i] >> 1) < 5)
			s->correct[gold[i] >> 1]++;
	}
}

static double f1(size_t c, size_t g, size_t p, double *prec, double *rec)
{
	*prec = p ? 100.0 * (double)c / (double)p : 0;
	*rec = g ? 100.0 * (double)c / (double)g : 0;
	return (*prec + *rec) > 0 ? 2 * *prec * *rec / (*prec + *rec) : 0;
}

static double score_report(const score_t *s, const char *name, int verbose)
{
	size_t c = 0, g = 0, p = 0;
	double pr, rc, f;
	for (int t = 1; t < 5; t++) {
		c += s->correct[t];
		g += s->gold[t];
		p += s->guessed[t];
	}
	f = f1(c, g, p, &pr, &rc);
	if (verbose) {
		printf("%s: overall P %.2f R %.2f F1 %.2f (%zu gold, %zu found, "
		       "%zu correct)\n", name, pr, rc, f, g, p, c);
		for (int t = 1; t < 5; t++) {
			double tp, tr;
			double tf = f1(s->correct[t], s->gold[t], s->guessed[t],
				       &tp, &tr);
			printf("  %-5s P %.2f R %.2f F1 %.2f\n",
			       sm_ent_type_name(t), tp, tr, tf);
		}
	}
	return f;
}

/* Tag a corpus with m; returns F1, fills *tokens and *secs. */
static double evaluate(const sm_ner_model_t *m, const corpus_t *c,
		       int use_pos, const char *name, int verbose,
		       double *tok_per_s)
{
	sm_ner_t *r = NULL;
	score_t sc;
	sm_str_t words[SM_NER_MAX_TOKENS];
	const char *pos[SM_NER_MAX_TOKENS];
	uint8_t pred[SM_NER_MAX_TOKENS];
	clock_t t0;
	memset(&sc, 0, sizeof(sc));
	if (sm_ner_new(m, &r) != SM_OK)
		exit(1);
	t0 = clock();
	for (size_t d = 0; d < c->ndoc; d++) {
		sm_ner_begin_doc(r);
		for (size_t s = c->doc[d]; s < c->doc[d + 1]; s++) {
			size_t a = c->sent[s], n = c->sent[s + 1] - a;
			if (n > SM_NER_MAX_TOKENS)
				n = SM_NER_MAX_TOKENS;
			for (size_t i = 0; i < n; i++) {
				words[i].p = c->text + c->word[a + i];
				words[i].len = strlen(words[i].p);
				pos[i] = c->text + c->pos[a + i];
			}
			sm_ner_tag_stat(r, words, use_pos ? pos : NULL, n, pred);
			score_sentence(&sc, c->gold + a, pred, n);
		}
	}
	if (tok_per_s) {
		double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
		*tok_per_s = secs > 0 ? (double)c->ntok / secs : 0;
	}
	sm_ner_free(r);
	return score_report(&sc, name, verbose);
}

/* ------------------------------------------------------ word lists */

/* Words with one or two small values each (buckets, clusters, priors). */
typedef struct {
	char **word;
	uint8_t *a, *b;
	size_t n, cap;
} lexlist_t;

static void lex_push(lexlist_t *l, const char *w, int a, int b)
{
	if (grow((void **)&l->word, &l->cap, l->n + 1, sizeof(char *)))
		exit(1);
	l->a = realloc(l->a, l->cap);
	l->b = realloc(l->b, l->cap);
	l->word[l->n] = malloc(strlen(w) + 1);
	if (!l->a || !l->b || !l->word[l->n])
		exit(1);
	strcpy(l->word[l->n], w);
	l->a[l->n] = (uint8_t)a;
	l->b[l->n] = (uint8_t)b;
	l->n++;
}

static void lex_free(lexlist_t *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->word[i]);
	free(l->word);
	free(l->a);
	free(l->b);
	memset(l, 0, sizeof(*l));
}

/* -------------------------------------------------- capitalization prior */

/* low_id - the map index of (p, len) lower-cased, added if new (*added);
 * -1 for words of 64 bytes or more and when the map is full. */
static long low_id(nt_wordmap_t *m, const char *p, size_t len, int *added)
{
	char low[64];
	*added = 0;
	if (len == 0 || len >= sizeof(low))
		return -1;
	for (size_t i = 0; i < len; i++)
		low[i] = (p[i] >= 'A' && p[i] <= 'Z') ? (char)(p[i] + 32) : p[i];
	return nt_wordmap_id(m, low, len, added);
}

typedef struct {
	nt_wordmap_t map;   /* lower-cased words */
	uint32_t *cap, *tot;
	size_t acap;        /* length of cap and tot */
} wc_count_t;

static void wc_add(wc_count_t *w, const char *p, size_t len, int capital)
{
	int added;
	long x = low_id(&w->map, p, len, &added);
	if (x < 0)
		return;
	if (w->acap < w->map.cap) {
		w->acap = w->map.cap;
		w->cap = realloc(w->cap, w->acap * sizeof(uint32_t));
		w->tot = realloc(w->tot, w->acap * sizeof(uint32_t));
		if (!w->cap || !w->tot)
			exit(1);
	}
	if (added)
		w->cap[x] = w->tot[x] = 0;
	w->tot[x]++;
	w->cap[x] += (uint32_t)capital;
}

/* Count capitalization of words in the "text" of one JSON line. */
static void wc_line(wc_count_t *w, const char *line)
{
	const char *p = strstr(line, "\"text\": \"");
	if (!p) {
		p = strstr(line, "\"text\":\"");
		if (!p)
			return;
		p += 8;
	} else {
		p += 9;
	}
	/* skip upper-case articles (old newswire) */
	size_t up = 0, low = 0;
	for (const char *q = p; *q && *q != '"'; q++) {
		up += *q >= 'A' && *q <= 'Z';
		low += *q >= 'a' && *q <= 'z';
	}
	if (up * 2 > low)
		return;
	int initial = 1;
	while (*p && !(*p == '"' && p[-1] != '\\')) {
		if (*p == '\\' && p[1]) {
			if (p[1] == 'n')
				initial = 1;
			p += 2;
			continue;
		}
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
			const char *s = p;
			while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
			       *p == '-' || (*p == '\'' && p[1] != 's'))
				p++;
			if (!initial)
				wc_add(w, s, (size_t)(p - s), *s >= 'A' && *s <= 'Z');
			initial = 0;
			continue;
		}
		if (*p == '.' || *p == '!' || *p == '?' || *p == ':' || *p == '"')
			initial = 1;
		else if (*p >= '0' && *p <= '9')
			initial = 0;
		p++;
	}
}

static int wordcase_train(lexlist_t *out, char **files, int nfiles)
{
	wc_count_t w;
	char *line = NULL;
	size_t kept = 0, lcap = 1 << 22;
	memset(&w, 0, sizeof(w));
	line = malloc(lcap);
	if (nt_wordmap_init(&w.map, 21) != 0 || !line)
		return -1;
	for (int f = 0; f < nfiles; f++) {
		gzFile gz = gzopen(files[f], "rb");
		if (!gz) {
			fprintf(stderr, "train-ner: cannot open %s\n", files[f]);
			return -1;
		}
		while (gzgets(gz, line, (int)lcap))
			wc_line(&w, line);
		gzclose(gz);
	}
	for (size_t i = 0; i < w.map.n; i++) {
		if (w.tot[i] >= 5) {
			double r = (double)w.cap[i] / w.tot[i];
			int b = r < 0.05 ? 1 : r < 0.5 ? 2 : r < 0.95 ? 3 : 4;
			lex_push(out, w.map.word[i], b, 0);
			kept++;
		}
	}
	printf("capitalization prior: %zu words (of %zu seen)\n", kept, w.map.n);
	nt_wordmap_free(&w.map);
	free(w.cap);
	free(w.tot);
	free(line);
	return 0;
}

/* ------------------------------------------------- type prior (self-training) */

typedef struct {
	nt_wordmap_t map;   /* lower-cased words */
	uint32_t (*cnt)[5]; /* O, PER, ORG, LOC, MISC */
	size_t acap;        /* length of cnt */
} prior_count_t;

static void prior_add(prior_count_t *w, const char *p, size_t len, int type)
{
	int added;
	long x = low_id(&w->map, p, len, &added);
	if (x < 0)
		return;
	if (w->acap < w->map.cap) {
		w->acap = w->map.cap;
		w->cnt = realloc(w->cnt, w->acap * sizeof(*w->cnt));
		if (!w->cnt)
			exit(1);
	}
	if (added)
		memset(w->cnt[x], 0, sizeof(w->cnt[0]));
	w->cnt[x][type]++;
}

/* Tag one sentence of news with r and count the types of capitalized words. */
static void prior_sentence(sm_ner_t *r, prior_count_t *pc, sm_str_t *w,
			   size_t n)
{
	uint8_t codes[SM_NER_MAX_TOKENS];
	if (n == 0)
		return;
	if (sm_ner_tag_stat(r, w, NULL, n, codes) != SM_OK)
		return;
	for (size_t i = 1; i < n; i++) {
		if (w[i].len == 0 || w[i].p[0] < 'A' || w[i].p[0] > 'Z')
			continue;
		prior_add(pc, w[i].p, w[i].len, codes[i] >> 1);
	}
}

typedef struct {
	sm_ner_t *r;
	prior_count_t *pc;
} prior_ctx_t;

static void prior_cb(void *ctx, sm_str_t *w, size_t n)
{
	prior_ctx_t *c = ctx;
	prior_sentence(c->r, c->pc, w, n);
}

static void prior_article(sm_ner_t *r, prior_count_t *pc, const char *text)
{
	prior_ctx_t c = {r, pc};
	sm_ner_begin_doc(r);
	nt_news_split(text, SM_NER_MAX_TOKENS, 0, prior_cb, &c);
}


typedef struct {
	sm_ner_t *r;
	prior_count_t *pc;
} prior_run_t;

static void prior_article_cb(void *ctx, const char *text)
{
	prior_run_t *p = ctx;
	prior_article(p->r, p->pc, text);
}

/* Tag the news files with m and give every frequent word a type prior. */
static int prior_train(const sm_ner_model_t *m, lexlist_t *out,
		       char **files, int nfiles)
{
	prior_count_t pc;
	sm_ner_t *r = NULL;
	size_t kept = 0;
	memset(&pc, 0, sizeof(pc));
	if (nt_wordmap_init(&pc.map, 20) != 0 || sm_ner_new(m, &r) != SM_OK)
		return -1;
	prior_run_t run = {r, &pc};
	if (nt_news_each(files, nfiles, prior_article_cb, &run))
		return -1;
	for (size_t i = 0; i < pc.map.n; i++) {
		uint32_t tot = 0, best = 0;
		for (int k = 0; k < 5; k++) {
			tot += pc.cnt[i][k];
			if (pc.cnt[i][k] > pc.cnt[i][best])
				best = (uint32_t)k;
		}
		if (tot >= 3) {
			int conf = pc.cnt[i][best] * 10 >= tot * 8;
			lex_push(out, pc.map.word[i], (int)(1 + 2 * best + conf), 0);
			kept++;
		}
	}
	printf("type prior: %zu words (of %zu capitalized)\n", kept, pc.map.n);
	sm_ner_free(r);
	nt_wordmap_free(&pc.map);
	free(pc.cnt);
	return 0;
}

/* ------------------------------------------------ distributional clusters */

/*
 * Word clusters stand in for Ratinov & Roth's Brown clusters: every word
 * seen at least CL_MINFREQ times in the news is represented by the counts
 * of its left and right neighbours among the CL_CTX most frequent words
 * (square-rooted, L2-normalized), and spherical k-means groups the words
 * into CL_FINE and CL_COARSE clusters.
 */
#define CL_MINFREQ 5
#define CL_MAXV 60000
#define CL_CTX NT_CTX
#define CL_DIM NT_DIM
#define CL_FINE 255
#define CL_COARSE 48
#define CL_SENT NT_SENT

typedef struct {
	nt_wordmap_t map;  /* folded word -> id */
	uint32_t *seq;     /* word ids, CL_SENT between sentences */
	size_t nseq, cap;
} cl_corpus_t;

/* cl_word_id - id of the folded word (lower case, digits as '0'), added
 * if new; CL_SENT - 1 for words too long or a full map. */
static uint32_t cl_word_id(nt_wordmap_t *m, const char *p, size_t len)
{
	char low[64];
	int added;
	if (len == 0 || len >= sizeof(low))
		return CL_SENT - 1;
	for (size_t i = 0; i < len; i++) {
		char c = p[i];
		low[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32)
			 : (c >= '0' && c <= '9') ? '0' : c;
	}
	long x = nt_wordmap_id(m, low, len, &added);
	return x < 0 ? CL_SENT - 1 : (uint32_t)x;
}

static void cl_sentence(void *ctx, sm_str_t *w, size_t n)
{
	cl_corpus_t *c = ctx;
	if (grow((void **)&c->seq, &c->cap, c->nseq + n + 1, sizeof(uint32_t)))
		exit(1);
	c->seq[c->nseq++] = CL_SENT;
	for (size_t i = 0; i < n; i++)
		c->seq[c->nseq++] = cl_word_id(&c->map, w[i].p, w[i].len);
}

static void cl_article(void *ctx, const char *text)
{
	nt_news_split(text, SM_NER_MAX_TOKENS, 0, cl_sentence, ctx);
}

static int cluster_train(lexlist_t *out, char **files, int nfiles)
{
	cl_corpus_t c;
	memset(&c, 0, sizeof(c));
	if (nt_wordmap_init(&c.map, 21) != 0)
		return -1;
	if (nt_news_each(files, nfiles, cl_article, &c))
		return -1;
	size_t nw = c.map.n;
	nt_rows_t rows;
	if (nt_cooc_rows(c.seq, c.nseq, nw, CL_MINFREQ, CL_MAXV, &rows) != 0)
		return -1;
	size_t nv = rows.nv, nz = rows.nz;
	const int32_t *vi = rows.vi;
	const size_t *rowp = rows.rowp;
	const uint16_t *col = rows.col;
	const float *val = rows.val;
	printf("clusters: %zu words, %zu tokens, %zu nonzeros\n", nv, c.nseq, nz);
	uint32_t *fine = malloc(nv * sizeof(uint32_t));
	uint32_t *coarse = malloc(nv * sizeof(uint32_t));
	if (!fine || !coarse)
		return -1;
	if (nt_kmeans(rowp, col, val, nv, CL_FINE, 12, fine, stdout) != 0 ||
	    nt_kmeans(rowp, col, val, nv, CL_COARSE, 12, coarse, stdout) != 0) {
		fprintf(stderr, "train-ner: out of memory\n");
		exit(1);
	}
	for (size_t i = 0; i < nw; i++) {
		if (vi[i] < 0)
			continue;
		lex_push(out, c.map.word[i], (int)fine[vi[i]], (int)coarse[vi[i]]);
	}
	nt_wordmap_free(&c.map);
	free(c.seq);
	nt_rows_free(&rows);
	free(fine);
	free(coarse);
	return 0;
}

/* --------------------------------------------------------------- train */

/* One pass over the documents order[0..nord) in a new random order. */
static int train_epoch(sm_ner_trainer_t *t, const corpus_t *c, uint64_t *rng,
		       size_t *order, size_t nord)
{
	sm_str_t words[SM_NER_MAX_TOKENS];
	const char *pos[SM_NER_MAX_TOKENS];
	size_t wrong = 0;
	for (size_t d = nord; d > 1; d--) {
		size_t j = nt_rng_next(rng) % d, tmp = order[d - 1];
		order[d - 1] = order[j];
		order[j] = tmp;
	}
	for (size_t k = 0; k < nord; k++) {
		size_t d = order[k];
		sm_ner_trainer_begin_doc(t);
		for (size_t s = c->doc[d]; s < c->doc[d + 1]; s++) {
			size_t a = c->sent[s], n = c->sent[s + 1] - a;
			if (n > SM_NER_MAX_TOKENS)
				n = SM_NER_MAX_TOKENS;
			for (size_t i = 0; i < n; i++) {
				words[i].p = c->text + c->word[a + i];
				words[i].len = strlen(words[i].p);
				pos[i] = c->text + c->pos[a + i];
			}
			int use_pos = (nt_rng_next(rng) & 1) != 0;
			int rc = sm_ner_trainer_learn(t, words,
						      use_pos ? pos : NULL, n,
						      c->gold + a);
			if (rc < 0)
				return rc;
			wrong += (size_t)rc;
		}
	}
	return (int)(wrong > 0x7fffffff ? 0x7fffffff : wrong);
}

/* What every training run shares. */
typedef struct {
	const char *gazdir;
	const corpus_t *train, *testa;
	int epochs;
	uint64_t seed;
	lexlist_t wordcase, clusters;
} setup_t;

/* Set (or with clear, remove) the type priors of list on t. */
static int apply_prior(sm_ner_trainer_t *t, const lexlist_t *l, int clear)
{
	for (size_t i = 0; l && i < l->n; i++)
		if (sm_ner_trainer_set_prior(t, l->word[i], strlen(l->word[i]),
					     clear ? 0 : l->a[i]) != SM_OK)
			return -1;
	return 0;
}

/*
 * One training run: a fresh perceptron with the gazetteers, the
 * capitalization prior and the clusters.  half = -1 trains on all of
 * eng.train, 0 or 1 on the even or odd documents only.  With priors, the
 * type prior is jackknifed: documents of one half are learnt with the prior
 * computed by the model of the other half (pri[0] from the even half,
 * pri[1] from the odd one), so that the feature is no more reliable in
 * training than on unseen text; pri[2] (from the full model) is the one
 * evaluated and saved.  Returns the best pass's model (max_features kept)
 * or NULL.
 */
static sm_ner_model_t *train_round(const setup_t *su, int half,
				   const lexlist_t *const *pri,
				   size_t max_features)
{
	sm_ner_trainer_t *t = NULL;
	sm_ner_model_t *best = NULL, *m = NULL;
	double best_f = -1;
	int best_epoch = 0;
	size_t *order = NULL, nh[2] = {0, 0};
	uint64_t rng = 0x9e3779b97f4a7c15ull + su->seed;
	const corpus_t *c = su->train;

	if (sm_ner_trainer_new(su->gazdir, &t) != SM_OK) {
		fprintf(stderr, "train-ner: cannot read gazetteers in %s\n",
			su->gazdir);
		goto fail;
	}
	for (size_t i = 0; i < su->wordcase.n; i++)
		if (sm_ner_trainer_set_wordcase(t, su->wordcase.word[i],
						strlen(su->wordcase.word[i]),
						su->wordcase.a[i]) != SM_OK)
			goto fail;
	for (size_t i = 0; i < su->clusters.n; i++)
		if (sm_ner_trainer_set_cluster(t, su->clusters.word[i],
					       strlen(su->clusters.word[i]),
					       su->clusters.a[i],
					       su->clusters.b[i]) != SM_OK)
			goto fail;
	/* order[0..nh[0]) even documents, then the odd ones */
	order = malloc(c->ndoc * sizeof(size_t));
	if (!order)
		goto fail;
	for (size_t d = 0; d < c->ndoc; d += 2)
		order[nh[0]++] = d;
	for (size_t d = 1; d < c->ndoc; d += 2)
		order[nh[0] + nh[1]++] = d;
	for (int e = 1; e <= su->epochs; e++) {
		int wrong = 0, w2 = 0;
		if (pri) {
			if (apply_prior(t, pri[1], 0))
				goto fail;
			wrong = train_epoch(t, c, &rng, order, nh[0]);
			if (apply_prior(t, pri[1], 1) || apply_prior(t, pri[0], 0))
				goto fail;
			w2 = train_epoch(t, c, &rng, order + nh[0], nh[1]);
			if (apply_prior(t, pri[0], 1) || apply_prior(t, pri[2], 0))
				goto fail;
		} else if (half < 0) {
			wrong = train_epoch(t, c, &rng, order, nh[0] + nh[1]);
		} else {
			wrong = train_epoch(t, c, &rng, half ? order + nh[0] : order,
					    nh[half ? 1 : 0]);
		}
		if (wrong < 0 || w2 < 0) {
			fprintf(stderr, "train-ner: %s\n",
				sm_strerror(wrong < 0 ? wrong : w2));
			goto fail;
		}
		if (sm_ner_trainer_model(t, 0, &m) != SM_OK)
			goto fail;
		double fa = evaluate(m, su->testa, 0, "testa", 0, NULL);
		double fp = evaluate(m, su->testa, 1, "testa+pos", 0, NULL);
		printf("epoch %d: %d training errors; testa F1 %.2f "
		       "(with POS %.2f)\n", e, wrong + w2, fa, fp);
		fflush(stdout);
		if (fa + fp > best_f) {
			best_f = fa + fp;
			best_epoch = e;
			sm_ner_model_free(best);
			best = NULL;
			if (sm_ner_trainer_model(t, max_features, &best) != SM_OK)
				goto fail;
		}
		sm_ner_model_free(m);
		m = NULL;
		if (pri && apply_prior(t, pri[2], 1))
			goto fail;
	}
	printf("best epoch %d (testa F1 no POS + with POS = %.2f)\n", best_epoch,
	       best_f);
	sm_ner_trainer_free(t);
	free(order);
	return best;
fail:
	sm_ner_model_free(m);
	sm_ner_model_free(best);
	sm_ner_trainer_free(t);
	free(order);
	return NULL;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: train-ner [-e epochs] [-f max_features] [-m models] "
		"[-r seed] [-c] [-s] [-n news.jsonl.gz]... gazetteer_dir "
		"eng.train.gz eng.testa.gz eng.testb.gz out.bin\n"
		"  -c  word clusters from the news files\n"
		"  -s  jackknifed type prior from news tagged by a first model\n"
		"  -m  average the weights of this many runs (document orders)\n");
}

/*
 * The final model: the average of nseeds runs (each with the type prior
 * when pri is set), pruned to max_features.
 */
static sm_ner_model_t *train_final(setup_t *su, int nseeds,
				   const lexlist_t *const *pri,
				   size_t max_features)
{
	sm_ner_model_t *ms[16] = {NULL}, *out = NULL;
	uint64_t seed0 = su->seed;
	if (nseeds == 1)
		return train_round(su, -1, pri, max_features);
	for (int k = 0; k < nseeds; k++) {
		su->seed = seed0 + (uint64_t)k;
		ms[k] = train_round(su, -1, pri, 0);
		if (!ms[k])
			break;
	}
	su->seed = seed0;
	if (ms[nseeds - 1] &&
	    sm_ner_model_merge((const sm_ner_model_t *const *)ms, (size_t)nseeds,
			       max_features, &out) != SM_OK)
		out = NULL;
	for (int k = 0; k < nseeds; k++)
		sm_ner_model_free(ms[k]);
	return out;
}

int main(int argc, char **argv)
{
	int ai = 1, nnews = 0, self = 0, clusters = 0, nseeds = 1;
	size_t max_features = 150000;
	char *news[16];
	corpus_t train, testa, testb;
	sm_ner_model_t *best = NULL;
	lexlist_t pri[3];
	setup_t su;
	double tps = 0;
	clock_t t0 = clock();

	memset(&su, 0, sizeof(su));
	memset(pri, 0, sizeof(pri));
	su.epochs = 15;
	while (ai < argc && argv[ai][0] == '-') {
		if (strcmp(argv[ai], "-e") == 0 && ai + 1 < argc)
			su.epochs = atoi(argv[++ai]);
		else if (strcmp(argv[ai], "-f") == 0 && ai + 1 < argc)
			max_features = (size_t)strtoul(argv[++ai], NULL, 10);
		else if (strcmp(argv[ai], "-n") == 0 && ai + 1 < argc && nnews < 16)
			news[nnews++] = argv[++ai];
		else if (strcmp(argv[ai], "-m") == 0 && ai + 1 < argc)
			nseeds = atoi(argv[++ai]);
		else if (strcmp(argv[ai], "-r") == 0 && ai + 1 < argc)
			su.seed = strtoull(argv[++ai], NULL, 10);
		else if (strcmp(argv[ai], "-s") == 0)
			self = 1;
		else if (strcmp(argv[ai], "-c") == 0)
			clusters = 1;
		else {
			usage();
			return 1;
		}
		ai++;
	}
	if (argc - ai != 5 || su.epochs < 1 || nseeds < 1 || nseeds > 16) {
		usage();
		return 1;
	}
	if (load_conll(argv[ai + 1], &train) || load_conll(argv[ai + 2], &testa) ||
	    load_conll(argv[ai + 3], &testb))
		return 1;
	printf("train %zu docs %zu sentences %zu tokens; testa %zu; testb %zu\n",
	       train.ndoc, train.nsent, train.ntok, testa.ntok, testb.ntok);
	su.gazdir = argv[ai];
	su.train = &train;
	su.testa = &testa;
	if (nnews && wordcase_train(&su.wordcase, news, nnews))
		return 1;
	if (nnews && clusters && cluster_train(&su.clusters, news, nnews))
		return 1;
	if (self && nnews) {
		/* first models: all of train, and each half, tag the news */
		for (int h = -1; h <= 1; h++) {
			sm_ner_model_t *m = train_round(&su, h, NULL, 0);
			if (!m)
				return 1;
			if (h < 0)
				evaluate(m, &testa, 0, "first model testa (no POS)",
					 1, NULL);
			if (prior_train(m, &pri[h < 0 ? 2 : h], news, nnews))
				return 1;
			sm_ner_model_free(m);
		}
		const lexlist_t *pp[3] = {&pri[0], &pri[1], &pri[2]};
		best = train_final(&su, nseeds, pp, max_features);
	} else {
		best = train_final(&su, nseeds, NULL, max_features);
	}
	if (!best)
		return 1;
	if (sm_ner_model_save(best, argv[ai + 4]) != SM_OK) {
		fprintf(stderr, "train-ner: cannot write %s\n", argv[ai + 4]);
		return 1;
	}
	evaluate(best, &testa, 0, "testa (no POS)", 1, NULL);
	evaluate(best, &testa, 1, "testa (CoNLL POS)", 1, NULL);
	evaluate(best, &testb, 0, "testb (no POS)", 1, &tps);
	evaluate(best, &testb, 1, "testb (CoNLL POS)", 1, NULL);
	printf("tagging speed: %.0f tokens/s\n", tps);
	printf("total time %.1f s\n", (double)(clock() - t0) / CLOCKS_PER_SEC);
	sm_ner_model_free(best);
	for (int k = 0; k < 3; k++)
		lex_free(&pri[k]);
	lex_free(&su.wordcase);
	lex_free(&su.clusters);
	corpus_free(&train);
	corpus_free(&testa);
	corpus_free(&testb);
	return 0;
}
