/*
 * train-syntax.c - train and evaluate the POS tagger and dependency parser.
 *
 *   train-syntax --ewt DIR --out DIR [options]
 *       Reads DIR/en_ewt-ud-{train,dev,test}.conllu.gz, jackknifes the
 *       tagger over train (K folds) so the parser trains on predicted
 *       tags, trains the tagger on all of train (OUT/en-pos.bin) and the
 *       parser (OUT/en-dep.bin), then prints dev/test scores of the saved
 *       files.  The defaults produce the shipped models; everything is
 *       deterministic (fixed seed), so the same data gives the same files.
 *       Options: --tag-epochs N (8) --dep-epochs N (15) --folds K (10)
 *       --tag-ensemble K (1) --dep-ensemble K (5): train K models that
 *       differ in their shuffles (and the parser's exploration draws) and
 *       ship their average, i.e. their score-sum ensemble at one model's
 *       size and speed; --tag-prune F (0.003) --dep-prune F (0.018): drop
 *       averaged weights below F * the largest; --tag-min-count N (1) --dep-min-count N (3):
 *       keep features seen N times; --tag-lex-min N (1) --tag-dict-min N
 *       (20) --tag-dict-ratio R (0.97): lexicon thresholds; --explore P
 *       (0.9); --seed S; --no-hyphen-merge; --quiet.
 *       Word clusters (both models): --news FILE.jsonl.gz (repeatable;
 *       default DIR/../news-archive/{reuter50_50,bbc2225,reuters21578}
 *       .jsonl.gz), or --clusters FILE to read a list --save-clusters FILE
 *       wrote (word, three cluster ids); --cluster-k A,B,C (1000,256,48,
 *       each 1..1023) sets the k-means sizes; --no-clusters; --no-dep-clusters keeps
 *       them out of the parser.  --tag-only trains the tagger on all of
 *       train (no jackknife, no parser) and scores it on dev.
 *   train-syntax --eval FILE.conllu.gz [--models DIR]
 *       Tags and parses FILE with the saved models (gold tokens, predicted
 *       tags); prints XPOS accuracy, UAS/LAS (all tokens, CoNLL 2018 style,
 *       and without punctuation) and tokens/s of thread CPU time.
 *
 * Developer switches (environment): SM_TRAIN_MONITOR=1 scores the parser on
 * dev after every epoch; with SM_TRAIN_PRUNE_SWEEP=1 also at several
 * pruning levels; SM_TRAIN_DUMP_ERRORS=1 lists tagging errors.
 *
 * Training follows Collins (2002) with crfsuite-style averaging: every
 * weight keeps a second accumulator u += c * delta (c = instance counter),
 * and the averaged weight is w - u / c, computed once at the end.  The
 * parser is trained with the dynamic oracle and error exploration of
 * Goldberg & Nivre (2012): after the first epoch the parser follows its
 * own prediction 90% of the time.  Non-projective training trees are
 * projectivized by lifting the shortest non-projective arc to the head's
 * head until none is left.
 *
 * Training words get the pipeline's normalization (NFKC, typographic
 * quotes and dashes folded to ASCII).  Because the pipeline keeps
 * hyphenated words ("fifth-largest") as one token while EWT splits some,
 * each training sentence with such a split also appears once more with
 * the pieces merged (tag and arc of the piece that heads the group).
 *
 * Link: -lz -lutf8proc (plus pipeline/common.c tag.c parse.c).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include <utf8proc.h>
#include <zlib.h>

#include "common.h"
#include "newstext.h"
#include "parse.h"
#include "tag.h"

/* ------------------------------------------------------------ utilities */

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fprintf(stderr, "train-syntax: out of memory\n");
		exit(2);
	}
	return p;
}

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q) {
		fprintf(stderr, "train-syntax: out of memory\n");
		exit(2);
	}
	return q;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p) {
		fprintf(stderr, "train-syntax: out of memory\n");
		exit(2);
	}
	return p;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* CPU time of this thread: speed figures that other jobs on the machine
 * disturb less than wall time does. */
static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng_next(void)
{
	uint64_t x = rng_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

/* ------------------------------------------------------- normalization */

typedef struct {
	uint32_t cp;
	const char *to;
} fold_t;

/* Same folds as pipeline/normalize.c applies after NFKC. */
static const fold_t word_folds[] = {
	{ 0x00a0, " " }, { 0x00ad, "" }, { 0x2010, "-" }, { 0x2011, "-" },
	{ 0x2012, "-" }, { 0x2013, "-" }, { 0x2014, "--" }, { 0x2015, "--" },
	{ 0x2212, "-" }, { 0x2018, "'" }, { 0x2019, "'" }, { 0x201a, "'" },
	{ 0x201b, "'" }, { 0x201c, "\"" }, { 0x201d, "\"" }, { 0x201e, "\"" },
	{ 0x201f, "\"" }, { 0x2026, "..." }, { 0x2032, "'" }, { 0x2033, "\"" },
	{ 0x00ab, "\"" }, { 0x00bb, "\"" }, { 0x2039, "'" }, { 0x203a, "'" },
	{ 0x200b, "" }, { 0x200c, "" }, { 0x200d, "" }, { 0xfeff, "" },
};

/* normalize_word - NFKC then the folds; result in out (NUL-terminated). */
static size_t normalize_word(const char *in, size_t len, char *out, size_t cap)
{
	utf8proc_uint8_t *nf = NULL;
	utf8proc_ssize_t nl = utf8proc_map((const utf8proc_uint8_t *)in,
					   (utf8proc_ssize_t)len, &nf,
					   UTF8PROC_STABLE | UTF8PROC_COMPOSE |
					   UTF8PROC_COMPAT);
	const unsigned char *s = (const unsigned char *)in;
	size_t slen = len, o = 0;
	if (nl >= 0) {
		s = nf;
		slen = (size_t)nl;
	}
	for (size_t i = 0; i < slen;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(slen - i), &c);
		const char *to = NULL;
		if (k <= 0) {
			k = 1;
			c = -1;
		}
		for (size_t f = 0; c >= 0x80 && f < sizeof(word_folds) / sizeof(word_folds[0]); f++)
			if ((uint32_t)c == word_folds[f].cp)
				to = word_folds[f].to;
		if (to) {
			size_t tl = strlen(to);
			if (o + tl < cap) {
				memcpy(out + o, to, tl);
				o += tl;
			}
		} else if (o + (size_t)k < cap) {
			memcpy(out + o, s + i, (size_t)k);
			o += (size_t)k;
		}
		i += (size_t)k;
	}
	if (o == 0 && len > 0 && cap > 1) /* keep tokens non-empty */
		out[o++] = '_';
	out[o] = '\0';
	free(nf);
	return o;
}

/* -------------------------------------------------------------- corpus */

typedef struct {
	size_t first; /* index of the first token in the corpus arrays */
	size_t n;
	size_t orig;  /* the sentence a hyphen-merged copy was made from */
} sent_t;

typedef struct corpus {
	sent_t *sents;
	size_t nsents, sents_cap;
	sm_str_t *words;     /* point into text */
	uint8_t *gtag;
	uint8_t *ptag;       /* predicted (jackknifed) tags */
	int16_t *ghead;      /* -1 root */
	uint8_t *grel;
	uint8_t *nospace;    /* SpaceAfter=No */
	size_t ntok, tok_cap;
	char *text;
	size_t text_len, text_cap;
	size_t unknown_tags, unknown_rels;
} corpus_t;

static void corpus_free(corpus_t *c)
{
	free(c->sents);
	free(c->words);
	free(c->gtag);
	free(c->ptag);
	free(c->ghead);
	free(c->grel);
	free(c->nospace);
	free(c->text);
	memset(c, 0, sizeof(*c));
}

static void corpus_reserve(corpus_t *c, size_t ntok)
{
	if (ntok <= c->tok_cap)
		return;
	size_t cap = c->tok_cap ? c->tok_cap * 2 : 65536;
	while (cap < ntok)
		cap *= 2;
	c->words = xrealloc(c->words, cap * sizeof(*c->words));
	c->gtag = xrealloc(c->gtag, cap);
	c->ptag = xrealloc(c->ptag, cap);
	c->ghead = xrealloc(c->ghead, cap * sizeof(int16_t));
	c->grel = xrealloc(c->grel, cap);
	c->nospace = xrealloc(c->nospace, cap);
	c->tok_cap = cap;
}

static void corpus_add_sent(corpus_t *c, size_t first, size_t n)
{
	if (c->nsents == c->sents_cap) {
		c->sents_cap = c->sents_cap ? c->sents_cap * 2 : 4096;
		c->sents = xrealloc(c->sents, c->sents_cap * sizeof(*c->sents));
	}
	c->sents[c->nsents].first = first;
	c->sents[c->nsents].n = n;
	c->sents[c->nsents].orig = c->nsents;
	c->nsents++;
}

/* Text offsets are stored in words[].len/p until loading ends (realloc). */
static size_t corpus_add_text(corpus_t *c, const char *s, size_t len)
{
	if (c->text_len + len + 1 > c->text_cap) {
		size_t cap = c->text_cap ? c->text_cap * 2 : (1 << 22);
		while (cap < c->text_len + len + 1)
			cap *= 2;
		c->text = xrealloc(c->text, cap);
		c->text_cap = cap;
	}
	size_t off = c->text_len;
	memcpy(c->text + off, s, len);
	c->text[off + len] = '\0';
	c->text_len += len + 1;
	return off;
}

static int rel_lookup(const char *s, size_t len, size_t *unknown)
{
	int r = sm_deprel_from_name(s, len);
	if (r >= 0)
		return r;
	/* unknown subtype: fall back to the universal relation */
	const char *colon = memchr(s, ':', len);
	if (colon)
		r = sm_deprel_from_name(s, (size_t)(colon - s));
	(*unknown)++;
	return r >= 0 ? r : sm_deprel_from_name("dep", 3);
}

/* split_tabs - split a line into at most max fields; returns the count. */
static size_t split_tabs(char *line, char **f, size_t max)
{
	size_t k = 0;
	f[k++] = line;
	for (char *p = line; *p && k < max; p++)
		if (*p == '\t') {
			*p = '\0';
			f[k++] = p + 1;
		}
	return k;
}

/*
 * corpus_load - read a CoNLL-U file (gzip or plain).  Multiword token
 * lines (1-2) and empty nodes (1.1) are skipped.  Sentences longer than
 * SM_PARSE_MAX_TOKENS are dropped.
 */
static int corpus_load(corpus_t *c, const char *path)
{
	gzFile gz = gzopen(path, "rb");
	char *line = NULL, *f[10], norm[4096];
	size_t cap = 0, first = c->ntok;
	int bad_sent = 0;

	if (!gz) {
		fprintf(stderr, "train-syntax: cannot open %s\n", path);
		return -1;
	}
	cap = 1 << 16;
	line = xmalloc(cap);
	for (;;) {
		size_t len = 0;
		int eof = 1;
		while (gzgets(gz, line + len, (int)(cap - len)) != NULL) {
			eof = 0;
			len += strlen(line + len);
			if (len > 0 && line[len - 1] == '\n')
				break;
			if (cap - len < 2) {
				cap *= 2;
				line = xrealloc(line, cap);
			}
		}
		if (eof && len == 0)
			break;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0) {
			if (c->ntok > first && !bad_sent)
				corpus_add_sent(c, first, c->ntok - first);
			else
				c->ntok = first;
			first = c->ntok;
			bad_sent = 0;
			continue;
		}
		if (line[0] == '#')
			continue;
		if (split_tabs(line, f, 10) < 10)
			continue;
		if (strchr(f[0], '-') || strchr(f[0], '.'))
			continue;
		if (c->ntok - first >= SM_PARSE_MAX_TOKENS) {
			bad_sent = 1;
			continue;
		}
		corpus_reserve(c, c->ntok + 1);
		size_t i = c->ntok++;
		size_t nl = normalize_word(f[1], strlen(f[1]), norm, sizeof(norm));
		size_t off = corpus_add_text(c, norm, nl);
		c->words[i].p = NULL;
		c->words[i].len = nl | ((size_t)off << 20); /* fixed up below */
		int t = sm_tag_from_name(f[4], strlen(f[4]));
		if (t < 0) {
			c->unknown_tags++;
			t = sm_tag_from_name("XX", 2);
		}
		c->gtag[i] = (uint8_t)t;
		c->ptag[i] = (uint8_t)t;
		long h = strtol(f[6], NULL, 10);
		c->ghead[i] = (int16_t)(h - 1); /* relative to the sentence */
		c->grel[i] = (uint8_t)rel_lookup(f[7], strlen(f[7]), &c->unknown_rels);
		c->nospace[i] = strstr(f[9], "SpaceAfter=No") != NULL;
	}
	if (c->ntok > first && !bad_sent)
		corpus_add_sent(c, first, c->ntok - first);
	else
		c->ntok = first;
	free(line);
	gzclose(gz);
	return 0;
}

/* corpus_fix - turn the packed (offset, len) into pointers into text. */
static void corpus_fix(corpus_t *c)
{
	for (size_t i = 0; i < c->ntok; i++) {
		if (c->words[i].p)
			continue;
		size_t v = c->words[i].len;
		c->words[i].p = c->text + (v >> 20);
		c->words[i].len = v & ((1u << 20) - 1);
	}
}

/*
 * add_hyphen_merges - append a copy of every sentence that has "a - b"
 * written without spaces (HYPH between), with each such run merged into
 * one token.  The merged token takes the tag, head and relation of the
 * piece whose head lies outside the run; runs with several such pieces
 * are left alone.  Call before corpus_fix().
 */
static void add_hyphen_merges(corpus_t *c)
{
	int hyph = sm_tag_from_name("HYPH", 4);
	size_t nsents = c->nsents, added = 0;
	char buf[8192];
	for (size_t si = 0; si < nsents; si++) {
		size_t first = c->sents[si].first, n = c->sents[si].n;
		int16_t map[SM_PARSE_MAX_TOKENS];
		int any = 0;
		if (n > 512)
			continue;
		/* group id (new index) of every old token */
		size_t nn = 0;
		size_t gstart[512], gend[512];
		for (size_t i = 0; i < n;) {
			size_t j = i;
			while (j + 2 < n && c->gtag[first + j + 1] == hyph &&
			       c->nospace[first + j] && c->nospace[first + j + 1] &&
			       c->gtag[first + j] != hyph && c->gtag[first + j + 2] != hyph)
				j += 2;
			gstart[nn] = i;
			gend[nn] = j + 1;
			for (size_t k = i; k <= j; k++)
				map[k] = (int16_t)nn;
			if (j > i)
				any = 1;
			nn++;
			i = j + 1;
		}
		if (!any)
			continue;
		/* each group needs exactly one piece headed outside it */
		size_t ghd[512];
		int ok = 1;
		for (size_t g = 0; g < nn && ok; g++) {
			size_t cnt = 0;
			for (size_t k = gstart[g]; k < gend[g]; k++) {
				int h = c->ghead[first + k];
				if (h < 0 || map[h] != (int16_t)g) {
					ghd[g] = k;
					cnt++;
				}
			}
			ok = cnt == 1;
		}
		if (!ok)
			continue;
		size_t nfirst = c->ntok;
		corpus_reserve(c, c->ntok + nn);
		for (size_t g = 0; g < nn; g++) {
			size_t o = 0, hk = first + ghd[g], i = c->ntok++;
			for (size_t k = gstart[g]; k < gend[g]; k++) {
				size_t v = c->words[first + k].len;
				size_t wl = v & ((1u << 20) - 1);
				if (o + wl < sizeof(buf)) {
					memcpy(buf + o, c->text + (v >> 20), wl);
					o += wl;
				}
			}
			size_t off = corpus_add_text(c, buf, o);
			c->words[i].p = NULL;
			c->words[i].len = o | (off << 20);
			c->gtag[i] = c->ptag[i] = c->gtag[hk];
			int h = c->ghead[hk];
			c->ghead[i] = (int16_t)(h < 0 ? -1 : map[h]);
			c->grel[i] = c->grel[hk];
			c->nospace[i] = c->nospace[first + gend[g] - 1];
		}
		corpus_add_sent(c, nfirst, nn);
		c->sents[c->nsents - 1].orig = si;
		added++;
	}
	fprintf(stderr, "  hyphen-merged copies: %zu sentences\n", added);
}

/* ------------------------------------------------------ word clusters */

/*
 * Distributional word clusters for the tagger and the parser (Koo, Carreras & Collins
 * 2008 and Ratinov & Roth 2009 use Brown clusters the same way): every
 * word seen at least CL_MINFREQ times in unlabelled news is represented
 * by the counts of its left and right neighbours among the CL_CTX most
 * frequent words (square-rooted, L2-normalized), and spherical k-means
 * groups the words at several granularities.  The news tokenizer and
 * the k-means are shared with models/train/train-ner.c (newstext.c);
 * words are keyed by their folded
 * form (ASCII lowercase, digits as 0), see sm_tag_cluster_key().
 */
#define CL_MINFREQ 3
#define CL_MAXV 60000
#define CL_CTX NT_CTX
#define CL_DIM NT_DIM
#define CL_SENT NT_SENT
#define CL_MAXLEN 64
#define CL_LEVELS 3

typedef struct {
	size_t n;
	char **word;       /* folded forms */
	uint16_t *id[CL_LEVELS];
} clusters_t;

static void clusters_free(clusters_t *cl)
{
	for (size_t i = 0; i < cl->n; i++)
		free(cl->word[i]);
	free(cl->word);
	for (int l = 0; l < CL_LEVELS; l++)
		free(cl->id[l]);
	memset(cl, 0, sizeof(*cl));
}

/* Vocabulary of folded forms with frequencies. */
typedef struct {
	nt_wordmap_t map;  /* folded forms */
	uint32_t *seq;     /* word ids, CL_SENT between sentences */
	size_t nseq, seq_cap;
} cl_corpus_t;

/* cl_fold - ASCII lowercase, digits to '0' (as sm_tag_cluster_key()). */
static size_t cl_fold(char *dst, const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char c = p[i];
		dst[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32)
			 : (c >= '0' && c <= '9') ? '0' : c;
	}
	return len;
}

/* cl_word_id - id of a word's folded form, added if new; CL_SENT - 1 for
 * words too long or a full map. */
static uint32_t cl_word_id(cl_corpus_t *c, const char *p, size_t len)
{
	char low[CL_MAXLEN];
	int added;
	if (len == 0 || len >= sizeof(low))
		return CL_SENT - 1;
	cl_fold(low, p, len);
	long x = nt_wordmap_id(&c->map, low, len, &added);
	return x < 0 ? CL_SENT - 1 : (uint32_t)x;
}

static void cl_sentence(cl_corpus_t *c, const sm_str_t *w, size_t n)
{
	if (c->nseq + n + 1 > c->seq_cap) {
		c->seq_cap = c->seq_cap ? 2 * c->seq_cap : (1 << 20);
		while (c->seq_cap < c->nseq + n + 1)
			c->seq_cap *= 2;
		c->seq = xrealloc(c->seq, c->seq_cap * sizeof(uint32_t));
	}
	c->seq[c->nseq++] = CL_SENT;
	for (size_t i = 0; i < n; i++)
		c->seq[c->nseq++] = cl_word_id(c, w[i].p, w[i].len);
}

/* cl_sentence for nt_news_split. */
static void cl_sentence_cb(void *ctx, sm_str_t *w, size_t n)
{
	cl_sentence(ctx, w, n);
}

/* One article of news: its sentences into the corpus. */
static void cl_article_cb(void *ctx, const char *text)
{
	nt_news_split(text, NT_MAX_TOKENS, 1, cl_sentence_cb, ctx);
}

/*
 * cluster_train - clusters of the frequent words of the news files plus
 * the sentences of train (its words only; gold columns are not used);
 * ks[l] clusters at level l (1..1023: ids are packed in 10 bits).
 */
static int cluster_train(clusters_t *out, char **files, int nfiles,
			 const corpus_t *train, const int *ks)
{
	cl_corpus_t c;
	memset(&c, 0, sizeof(c));
	if (nt_wordmap_init(&c.map, 21) != 0) {
		fprintf(stderr, "train-syntax: out of memory\n");
		exit(1);
	}
	if (nt_news_each(files, nfiles, cl_article_cb, &c))
		return -1;
	for (size_t s = 0; train && s < train->nsents; s++)
		if (train->sents[s].orig == s)
			cl_sentence(&c, train->words + train->sents[s].first,
				    train->sents[s].n);
	size_t nw = c.map.n;
	nt_rows_t rows;
	if (nt_cooc_rows(c.seq, c.nseq, nw, CL_MINFREQ, CL_MAXV, &rows) != 0) {
		fprintf(stderr, "train-syntax: out of memory\n");
		exit(1);
	}
	size_t nv = rows.nv, nz = rows.nz;
	const int32_t *vi = rows.vi;
	const size_t *rowp = rows.rowp;
	const uint16_t *col = rows.col;
	const float *val = rows.val;
	fprintf(stderr, "clusters: %zu words, %zu tokens, %zu nonzeros\n", nv, c.nseq, nz);
	uint32_t *assign = xmalloc((nv ? nv : 1) * sizeof(uint32_t));
	memset(out, 0, sizeof(*out));
	out->word = xmalloc((nv ? nv : 1) * sizeof(char *));
	for (int l = 0; l < CL_LEVELS; l++)
		out->id[l] = xcalloc(nv ? nv : 1, sizeof(uint16_t));
	for (int l = 0; l < CL_LEVELS; l++) {
		if (ks[l] <= 0)
			continue;
		if (nt_kmeans(rowp, col, val, nv, ks[l], 12, assign, stderr) != 0) {
			fprintf(stderr, "train-syntax: out of memory\n");
			exit(1);
		}
		for (size_t v = 0; v < nv; v++)
			out->id[l][v] = (uint16_t)assign[v];
	}
	for (size_t i = 0; i < nw; i++) {
		if (vi[i] >= 0) {
			out->word[vi[i]] = c.map.word[i];   /* taken over */
			c.map.word[i] = NULL;
		}
	}
	out->n = nv;
	free(assign);
	nt_rows_free(&rows);
	nt_wordmap_free(&c.map);
	free(c.seq);
	return 0;
}

/* clusters_save - "word<TAB>id0<TAB>id1<TAB>id2" lines (a cache). */
static int clusters_save(const clusters_t *cl, const char *path)
{
	FILE *fp = fopen(path, "w");
	if (!fp)
		return -1;
	for (size_t i = 0; i < cl->n; i++)
		fprintf(fp, "%s\t%u\t%u\t%u\n", cl->word[i], cl->id[0][i], cl->id[1][i],
			cl->id[2][i]);
	return fclose(fp) == 0 ? 0 : -1;
}

/* clusters_load - read what clusters_save() wrote. */
static int clusters_load(clusters_t *cl, const char *path)
{
	FILE *fp = fopen(path, "r");
	char line[512];
	size_t cap = 0;
	if (!fp) {
		fprintf(stderr, "train-syntax: cannot open %s\n", path);
		return -1;
	}
	memset(cl, 0, sizeof(*cl));
	while (fgets(line, sizeof(line), fp)) {
		char *tab = strchr(line, '\t');
		unsigned a, b, d;
		if (!tab || sscanf(tab + 1, "%u %u %u", &a, &b, &d) != 3)
			continue;
		if (cl->n == cap) {
			cap = cap ? 2 * cap : 65536;
			cl->word = xrealloc(cl->word, cap * sizeof(char *));
			for (int l = 0; l < CL_LEVELS; l++)
				cl->id[l] = xrealloc(cl->id[l], cap * sizeof(uint16_t));
		}
		*tab = '\0';
		cl->word[cl->n] = xmalloc(strlen(line) + 1);
		strcpy(cl->word[cl->n], line);
		cl->id[0][cl->n] = (uint16_t)a;
		cl->id[1][cl->n] = (uint16_t)b;
		cl->id[2][cl->n] = (uint16_t)d;
		cl->n++;
	}
	fclose(fp);
	return 0;
}

/* ------------------------------------------------ averaged perceptron */

typedef struct {
	uint32_t cls;
	float w;
	double u;
} ap_ent_t;

typedef struct {
	uint32_t *keys;   /* open addressing, 0 = empty */
	uint32_t *val;    /* feature index */
	size_t mcap, nfeat;
	uint32_t *off;    /* per feature: run in pool */
	uint16_t *len, *cap;
	size_t fcap;
	ap_ent_t *pool;
	size_t pn, pcap;
	size_t ncls;
	double c;         /* instance counter, starts at 1 */
} ap_t;

static void ap_init(ap_t *a, size_t ncls, size_t expect)
{
	memset(a, 0, sizeof(*a));
	a->mcap = 1024;
	while (a->mcap < expect * 2)
		a->mcap *= 2;
	a->keys = xcalloc(a->mcap, sizeof(uint32_t));
	a->val = xcalloc(a->mcap, sizeof(uint32_t));
	a->ncls = ncls;
	a->c = 1;
}

static void ap_free(ap_t *a)
{
	free(a->keys);
	free(a->val);
	free(a->off);
	free(a->len);
	free(a->cap);
	free(a->pool);
	memset(a, 0, sizeof(*a));
}

static void ap_rehash(ap_t *a)
{
	size_t ncap = a->mcap * 2;
	uint32_t *nk = xcalloc(ncap, sizeof(uint32_t)), *nv = xcalloc(ncap, sizeof(uint32_t));
	for (size_t i = 0; i < a->mcap; i++) {
		if (!a->keys[i])
			continue;
		size_t j = a->keys[i] & (ncap - 1);
		while (nk[j])
			j = (j + 1) & (ncap - 1);
		nk[j] = a->keys[i];
		nv[j] = a->val[i];
	}
	free(a->keys);
	free(a->val);
	a->keys = nk;
	a->val = nv;
	a->mcap = ncap;
}

/* ap_feature - index of key; add it when add is set, else -1 if absent. */
static long ap_feature(ap_t *a, uint32_t key, int add)
{
	size_t j = key & (a->mcap - 1);
	while (a->keys[j]) {
		if (a->keys[j] == key)
			return a->val[j];
		j = (j + 1) & (a->mcap - 1);
	}
	if (!add)
		return -1;
	if (a->nfeat == a->fcap) {
		a->fcap = a->fcap ? a->fcap * 2 : 65536;
		a->off = xrealloc(a->off, a->fcap * sizeof(uint32_t));
		a->len = xrealloc(a->len, a->fcap * sizeof(uint16_t));
		a->cap = xrealloc(a->cap, a->fcap * sizeof(uint16_t));
	}
	size_t f = a->nfeat++;
	a->off[f] = 0;
	a->len[f] = a->cap[f] = 0;
	a->keys[j] = key;
	a->val[j] = (uint32_t)f;
	if (a->nfeat * 2 > a->mcap)
		ap_rehash(a);
	return (long)f;
}

static void ap_score(const ap_t *a, const long *fi, size_t nf, float *score)
{
	for (size_t c = 0; c < a->ncls; c++)
		score[c] = 0;
	for (size_t k = 0; k < nf; k++) {
		if (fi[k] < 0)
			continue;
		const ap_ent_t *e = a->pool + a->off[fi[k]];
		for (size_t j = 0, n = a->len[fi[k]]; j < n; j++)
			score[e[j].cls] += e[j].w;
	}
}

/* ap_entry - feature f's entry for class cls, added (zero) if absent. */
static ap_ent_t *ap_entry(ap_t *a, long f, unsigned cls)
{
	ap_ent_t *e = a->pool + a->off[f];
	size_t n = a->len[f], j;
	for (j = 0; j < n; j++)
		if (e[j].cls == cls)
			return &e[j];
	if (n == a->cap[f]) {
		size_t nc = n ? 2 * n : 2;
		if (a->pn + nc > a->pcap) {
			a->pcap = a->pcap ? a->pcap * 2 : (1 << 20);
			while (a->pcap < a->pn + nc)
				a->pcap *= 2;
			a->pool = xrealloc(a->pool, a->pcap * sizeof(ap_ent_t));
		}
		memcpy(a->pool + a->pn, a->pool + a->off[f], n * sizeof(ap_ent_t));
		a->off[f] = (uint32_t)a->pn;
		a->pn += nc;
		a->cap[f] = (uint16_t)nc;
		e = a->pool + a->off[f];
	}
	e[n].cls = cls;
	e[n].w = 0;
	e[n].u = 0;
	a->len[f]++;
	return &e[n];
}

static void ap_update(ap_t *a, const long *fi, size_t nf, unsigned cls, float d)
{
	for (size_t k = 0; k < nf; k++) {
		if (fi[k] < 0)
			continue;
		ap_ent_t *e = ap_entry(a, fi[k], cls);
		e->w += d;
		e->u += a->c * d;
	}
}

/* ap_reset - forget every weight, keep the interned features: a fresh
 * learner over the same feature set (the next ensemble member). */
static void ap_reset(ap_t *a)
{
	for (size_t f = 0; f < a->nfeat; f++)
		a->off[f] = a->len[f] = a->cap[f] = 0;
	a->pn = 0;
	a->c = 1;
}

/*
 * ap_accumulate - add scale times the averaged weights of src (w - u / c)
 * to sum, whose own averaging terms stay zero.  Summing the averaged
 * perceptrons of several training runs is their score-sum ensemble as one
 * linear model: the same size of runtime model, the same decoding cost.
 */
static void ap_accumulate(ap_t *sum, const ap_t *src, double scale)
{
	for (size_t i = 0; i < src->mcap; i++) {
		if (!src->keys[i])
			continue;
		uint32_t f = src->val[i];
		if (!src->len[f])
			continue;
		long g = ap_feature(sum, src->keys[i], 1);
		for (size_t j = 0; j < src->len[f]; j++) {
			const ap_ent_t *e = &src->pool[src->off[f] + j];
			ap_entry(sum, g, e->cls)->w += (float)(scale * (e->w - e->u / src->c));
		}
	}
}

/*
 * Ensemble training (--tag-ensemble, --dep-ensemble): K runs over the same
 * features that differ only in their shuffles (and the parser's
 * exploration draws: the generator runs on), averaged by ap_accumulate.
 * ens_init before the first run; ens_next after each, which resets ap for
 * the next run and, after the last, makes ap the average.  K = 1 leaves ap
 * alone, so a single run is what it always was.
 */
typedef struct {
	ap_t sum;
	int members;
} ens_t;

static void ens_init(ens_t *e, const ap_t *ap, int k)
{
	e->members = k > 1 ? k : 1;
	if (e->members > 1)
		ap_init(&e->sum, ap->ncls, ap->nfeat);
}

static void ens_next(ens_t *e, ap_t *ap, int mb)
{
	if (e->members == 1)
		return;
	ap_accumulate(&e->sum, ap, 1.0 / e->members);
	if (mb + 1 < e->members) {
		ap_reset(ap);
	} else {
		ap_free(ap);
		*ap = e->sum;
	}
}

/* Exported averaged weights (the arrays of sm_tag/parse_weights_t). */
typedef struct {
	size_t nfeat, npairs;
	uint32_t *keys, *start;
	uint8_t *cls;
	float *w;
} ap_export_t;

static void ap_export_free(ap_export_t *x)
{
	free(x->keys);
	free(x->start);
	free(x->cls);
	free(x->w);
}

/*
 * ap_export - averaged weights w - u / c, dropping those whose magnitude is
 * below prune * (largest magnitude).
 */
static void ap_export(const ap_t *a, double prune, ap_export_t *x)
{
	double maxw = 0;
	size_t total = 0;
	for (size_t f = 0; f < a->nfeat; f++)
		for (size_t j = 0; j < a->len[f]; j++) {
			const ap_ent_t *e = &a->pool[a->off[f] + j];
			double v = e->w - e->u / a->c;
			if (v < 0)
				v = -v;
			if (v > maxw)
				maxw = v;
			total++;
		}
	double thr = prune * maxw;
	x->keys = xmalloc(a->nfeat * sizeof(uint32_t));
	x->start = xmalloc((a->nfeat + 1) * sizeof(uint32_t));
	x->cls = xmalloc(total);
	x->w = xmalloc(total * sizeof(float));
	x->nfeat = x->npairs = 0;
	uint32_t *fkey = xcalloc(a->nfeat, sizeof(uint32_t));
	for (size_t i = 0; i < a->mcap; i++)
		if (a->keys[i])
			fkey[a->val[i]] = a->keys[i];
	for (size_t f = 0; f < a->nfeat; f++) {
		size_t before = x->npairs;
		x->start[x->nfeat] = (uint32_t)x->npairs;
		for (size_t j = 0; j < a->len[f]; j++) {
			const ap_ent_t *e = &a->pool[a->off[f] + j];
			double v = e->w - e->u / a->c;
			if (v > thr || v < -thr) {
				x->cls[x->npairs] = (uint8_t)e->cls;
				x->w[x->npairs++] = (float)v;
			}
		}
		if (x->npairs > before)
			x->keys[x->nfeat++] = fkey[f];
	}
	x->start[x->nfeat] = (uint32_t)x->npairs;
	free(fkey);
}

/* Count table for feature frequency thresholds. */
typedef struct {
	uint32_t *keys, *cnt;
	size_t cap, n;
} counter_t;

static void counter_add(counter_t *t, uint32_t key)
{
	if (t->n * 2 >= t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : (1 << 20);
		uint32_t *nk = xcalloc(ncap, 4), *nc = xcalloc(ncap, 4);
		for (size_t i = 0; i < t->cap; i++) {
			if (!t->keys[i])
				continue;
			size_t j = t->keys[i] & (ncap - 1);
			while (nk[j])
				j = (j + 1) & (ncap - 1);
			nk[j] = t->keys[i];
			nc[j] = t->cnt[i];
		}
		free(t->keys);
		free(t->cnt);
		t->keys = nk;
		t->cnt = nc;
		t->cap = ncap;
	}
	size_t j = key & (t->cap - 1);
	while (t->keys[j] && t->keys[j] != key)
		j = (j + 1) & (t->cap - 1);
	if (!t->keys[j]) {
		t->keys[j] = key;
		t->n++;
	}
	t->cnt[j]++;
}

/* counter_to_ap - intern every key seen at least min times. */
static void counter_to_ap(counter_t *t, ap_t *a, uint32_t min)
{
	for (size_t i = 0; i < t->cap; i++)
		if (t->keys[i] && t->cnt[i] >= min)
			ap_feature(a, t->keys[i], 1);
	free(t->keys);
	free(t->cnt);
	memset(t, 0, sizeof(*t));
}

static void shuffle(size_t *v, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)(rng_next() % i);
		size_t tmp = v[i - 1];
		v[i - 1] = v[j];
		v[j] = tmp;
	}
}

/* --------------------------------------------------------------- tagger */

typedef struct {
	int epochs;
	int min_count;
	double prune;
	int quiet;
	int ensemble;             /* training runs summed into the model */
	size_t nclus;             /* word clusters compiled into the model */
	const uint32_t *clus_keys;
	const uint32_t *clus_vals;
} tag_opts_t;

/* Word counts per tag for the lexicon. */
typedef struct {
	uint32_t key;
	uint32_t total;
	uint32_t by_tag[64];
} wc_t;

typedef struct {
	uint32_t *keys;
	uint8_t *tags;
	uint64_t *masks;
	size_t n;
} lexicon_t;

static uint32_t dict_min = 20;  /* Honnibal: frequency >= 20 ... */
static double dict_ratio = 0.97; /* ... and one tag >= 97% of the time */
static uint32_t lex_min = 1;    /* ambiguity classes of every seen word */
#define LEX_FOLDS 5             /* folds of the training-time lexicons */

static void lexicon_free(lexicon_t *l)
{
	free(l->keys);
	free(l->tags);
	free(l->masks);
}

/*
 * build_lexicon - ambiguity classes of word forms and lowercase forms seen
 * at least lex_min times (tags making up >= 2% of a word's uses), and
 * the dictionary tag of frequent unambiguous word forms.
 */
static void build_lexicon(const corpus_t *c, const size_t *sel, size_t nsel,
			  lexicon_t *lx)
{
	size_t cap = 1 << 18, cnt = 0;
	wc_t *tab = xcalloc(cap, sizeof(wc_t));
	uint8_t *is_lower = xcalloc(cap, 1);
	for (size_t s = 0; s < nsel; s++) {
		const sent_t *st = &c->sents[sel[s]];
		for (size_t i = st->first; i < st->first + st->n; i++) {
			for (int pass = 0; pass < 2; pass++) {
				uint32_t k = pass ? sm_tag_lower_key(c->words[i].p, c->words[i].len)
						  : sm_tag_word_key(c->words[i].p, c->words[i].len);
				size_t j = k & (cap - 1);
				while (tab[j].key && tab[j].key != k)
					j = (j + 1) & (cap - 1);
				if (!tab[j].key) {
					tab[j].key = k;
					is_lower[j] = (uint8_t)pass;
					if (++cnt * 2 > cap) {
						fprintf(stderr, "train-syntax: vocabulary too large\n");
						exit(2);
					}
				}
				tab[j].total++;
				tab[j].by_tag[c->gtag[i] & 63]++;
			}
		}
	}
	lx->keys = xmalloc(cnt * sizeof(uint32_t));
	lx->tags = xmalloc(cnt);
	lx->masks = xmalloc(cnt * sizeof(uint64_t));
	lx->n = 0;
	for (size_t j = 0; j < cap; j++) {
		if (!tab[j].key || tab[j].total < lex_min)
			continue;
		uint32_t best = 0;
		uint64_t mask = 0;
		for (uint32_t t = 0; t < 64; t++) {
			if (tab[j].by_tag[t] > tab[j].by_tag[best])
				best = t;
			if (tab[j].by_tag[t] && (uint64_t)tab[j].by_tag[t] * 50 >= tab[j].total)
				mask |= (uint64_t)1 << t;
		}
		uint8_t tag = SM_TAG_NONE;
		if (!is_lower[j] && tab[j].total >= dict_min &&
		    (double)tab[j].by_tag[best] >= dict_ratio * tab[j].total)
			tag = (uint8_t)best;
		lx->keys[lx->n] = tab[j].key;
		lx->tags[lx->n] = tag;
		lx->masks[lx->n++] = mask;
	}
	free(tab);
	free(is_lower);
}

/*
 * train_tagger - train on the sentences sel[0..nsel) with gold tags and
 * return the quantized runtime model.
 */
static sm_tag_model_t *train_tagger(const corpus_t *c, const size_t *sel,
				    size_t nsel, const tag_opts_t *o)
{
	size_t ntags = sm_tag_count();
	uint32_t feats[SM_TAG_MAX_FEATS];
	long fi[SM_TAG_MAX_FEATS];
	float score[256];
	sm_tagger_t *tgf[LEX_FOLDS] = { NULL }, *tg;
	sm_tag_model_t *lexm[LEX_FOLDS] = { NULL };
	ap_t ap;
	counter_t cnt = { 0 };
	lexicon_t lx;

	/*
	 * The lexicon a training sentence sees is built without the
	 * sentence's own fold, so its ambiguity classes are as incomplete
	 * as they will be on new text (else the model learns to trust them).
	 */
	size_t *part = xmalloc(nsel * sizeof(size_t));
	for (size_t k = 0; k < LEX_FOLDS; k++) {
		size_t np = 0;
		for (size_t s = 0; s < nsel; s++)
			if (c->sents[sel[s]].orig % LEX_FOLDS != k)
				part[np++] = sel[s];
		build_lexicon(c, part, np, &lx);
		sm_tag_weights_t lw = {
			.nlex = lx.n, .lex_keys = lx.keys, .lex_tags = lx.tags,
			.lex_masks = lx.masks, .nclus = o->nclus,
			.clus_keys = o->clus_keys, .clus_vals = o->clus_vals,
		};
		if (sm_tag_model_build(&lw, &lexm[k]) != SM_OK ||
		    sm_tagger_new(lexm[k], &tgf[k]) != SM_OK)
			exit(2);
		lexicon_free(&lx);
	}
	free(part);
	build_lexicon(c, sel, nsel, &lx);
	/* pass 1: feature counts with gold histories */
	for (size_t s = 0; s < nsel; s++) {
		const sent_t *st = &c->sents[sel[s]];
		const sm_str_t *w = c->words + st->first;
		const uint8_t *g = c->gtag + st->first;
		tg = tgf[st->orig % LEX_FOLDS];
		sm_tagger_prepare(tg, w, st->n);
		for (size_t i = 0; i < st->n; i++) {
			if (sm_tagger_dict_tag(tg, i) >= 0)
				continue;
			unsigned p1 = i ? g[i - 1] : SM_TAG_START;
			unsigned p2 = i > 1 ? g[i - 2] : SM_TAG_START;
			size_t nf = sm_tagger_features(tg, i, p1, p2, feats);
			for (size_t k = 0; k < nf; k++)
				counter_add(&cnt, feats[k]);
		}
	}
	ap_init(&ap, ntags, cnt.n);
	counter_to_ap(&cnt, &ap, (uint32_t)o->min_count);
	size_t *order = xmalloc(nsel * sizeof(size_t));
	memcpy(order, sel, nsel * sizeof(size_t));
	ens_t ens;
	ens_init(&ens, &ap, o->ensemble);
	for (int mb = 0; mb < ens.members; mb++) {
		for (int ep = 0; ep < o->epochs; ep++) {
			size_t right = 0, total = 0;
			shuffle(order, nsel);
			for (size_t s = 0; s < nsel; s++) {
				const sent_t *st = &c->sents[order[s]];
				const sm_str_t *w = c->words + st->first;
				const uint8_t *g = c->gtag + st->first;
				unsigned p1 = SM_TAG_START, p2 = SM_TAG_START;
				tg = tgf[st->orig % LEX_FOLDS];
				sm_tagger_prepare(tg, w, st->n);
				for (size_t i = 0; i < st->n; i++) {
					int dt = sm_tagger_dict_tag(tg, i);
					unsigned pred;
					if (dt >= 0) {
						pred = (unsigned)dt;
					} else {
						size_t nf = sm_tagger_features(tg, i, p1, p2, feats);
						for (size_t k = 0; k < nf; k++)
							fi[k] = ap_feature(&ap, feats[k], 0);
						ap_score(&ap, fi, nf, score);
						pred = 0;
						for (unsigned t = 1; t < ntags; t++)
							if (score[t] > score[pred])
								pred = t;
						if (pred != g[i]) {
							ap_update(&ap, fi, nf, g[i], 1.0f);
							ap_update(&ap, fi, nf, pred, -1.0f);
						}
						ap.c += 1;
					}
					right += pred == g[i];
					total++;
					p2 = p1;
					p1 = pred;
				}
			}
			if (!o->quiet)
				fprintf(stderr, "    tagger epoch %d: train acc %.2f%%\n", ep + 1,
					100.0 * (double)right / (double)(total ? total : 1));
		}
		ens_next(&ens, &ap, mb);
	}
	ap_export_t x;
	ap_export(&ap, o->prune, &x);
	sm_tag_weights_t wt = {
		.nfeat = x.nfeat, .keys = x.keys, .start = x.start, .cls = x.cls,
		.w = x.w, .nlex = lx.n, .lex_keys = lx.keys, .lex_tags = lx.tags,
		.lex_masks = lx.masks, .nclus = o->nclus, .clus_keys = o->clus_keys,
		.clus_vals = o->clus_vals,
	};
	sm_tag_model_t *m = NULL;
	int rc = sm_tag_model_build(&wt, &m);
	if (rc != SM_OK) {
		fprintf(stderr, "train-syntax: tag model build: %s\n", sm_strerror(rc));
		exit(2);
	}
	ap_export_free(&x);
	ap_free(&ap);
	free(order);
	lexicon_free(&lx);
	for (size_t k = 0; k < LEX_FOLDS; k++) {
		sm_tagger_free(tgf[k]);
		sm_tag_model_free(lexm[k]);
	}
	return m;
}

/* tag_corpus - predicted tags for sentences sel into c->ptag. */
static void tag_corpus(corpus_t *c, const sm_tag_model_t *m, const size_t *sel,
		       size_t nsel)
{
	sm_tagger_t *tg = NULL;
	if (sm_tagger_new(m, &tg) != SM_OK || sm_tagger_set_rules(tg, 0) != SM_OK)
		exit(2);
	for (size_t s = 0; s < nsel; s++) {
		const sent_t *st = &c->sents[sel ? sel[s] : s];
		sm_tagger_tag(tg, c->words + st->first, st->n, c->ptag + st->first);
	}
	sm_tagger_free(tg);
}

/* --------------------------------------------------------------- parser */

typedef struct {
	int epochs;
	int min_count;
	double prune;
	double explore;
	int quiet;
	int ensemble;             /* training runs summed into the model */
	size_t nclus;             /* word clusters compiled into the model */
	const uint32_t *clus_keys;
	const uint32_t *clus_vals;
} dep_opts_t;

static const struct corpus *monitor; /* dev set, pre-tagged, or NULL */
static double parse_uas(const corpus_t *c, const sm_parse_model_t *m, double *las);

/* is_descendant - whether k is (reflexively) dominated by h; root = n. */
static int is_descendant(const int16_t *head, size_t n, size_t k, size_t h)
{
	size_t steps = 0;
	while (k != h) {
		if (k == n || steps++ > n)
			return 0;
		k = head[k] < 0 ? n : (size_t)head[k];
	}
	return 1;
}

/*
 * projectivize - lift the shortest non-projective arc to the grandparent
 * until the tree is projective (root at position n).  Returns lifts made.
 */
static size_t projectivize(int16_t *head, size_t n)
{
	size_t lifts = 0;
	for (;;) {
		long best = -1;
		size_t bestlen = SIZE_MAX;
		for (size_t d = 0; d < n; d++) {
			size_t h = head[d] < 0 ? n : (size_t)head[d];
			size_t lo = d < h ? d : h, hi = d < h ? h : d;
			if (hi - lo >= bestlen)
				continue;
			for (size_t k = lo + 1; k < hi; k++)
				if (!is_descendant(head, n, k, h)) {
					best = (long)d;
					bestlen = hi - lo;
					break;
				}
		}
		if (best < 0 || lifts > 4 * n)
			return lifts;
		int16_t h = head[best];
		head[best] = head[h];
		lifts++;
	}
}

/* count the static-oracle features of every sentence (for min_count) */
static void dep_count_features(const corpus_t *c, const size_t *sel, size_t nsel,
			       const int16_t *ph, const sm_parse_model_t *cm,
			       counter_t *cnt)
{
	size_t ncls = sm_parse_nclasses();
	uint32_t feats[SM_PARSE_MAX_FEATS];
	int32_t *costs = xmalloc(ncls * sizeof(int32_t));
	sm_parser_t *p = NULL;
	sm_parse_state_t *s;
	if (sm_parser_new(cm, &p) != SM_OK)
		exit(2);
	for (size_t si = 0; si < nsel; si++) {
		const sent_t *st = &c->sents[sel[si]];
		sm_parser_begin(p, c->words + st->first, c->ptag + st->first, st->n, &s);
		while (!sm_parse_state_done(s)) {
			size_t nf = sm_parse_state_features(s, feats);
			for (size_t k = 0; k < nf; k++)
				counter_add(cnt, feats[k]);
			sm_parse_state_costs(s, ph + st->first, c->grel + st->first, costs);
			unsigned best = 0;
			for (unsigned k = 1; k < ncls; k++)
				if (costs[k] < costs[best])
					best = k;
			sm_parse_state_apply(s, best);
		}
	}
	sm_parser_free(p);
	free(costs);
}

/*
 * train_parser - dynamic-oracle training on predicted tags (c->ptag) of
 * the sentences sel; returns the quantized runtime model.
 */
static sm_parse_model_t *train_parser(const corpus_t *c, const size_t *sel,
				      size_t nsel, const dep_opts_t *o)
{
	size_t ncls = sm_parse_nclasses();
	uint32_t feats[SM_PARSE_MAX_FEATS];
	long fi[SM_PARSE_MAX_FEATS];
	float *score = xmalloc(ncls * sizeof(float));
	int32_t *costs = xmalloc(ncls * sizeof(int32_t));
	sm_parser_t *p = NULL;
	sm_parse_state_t *s;
	counter_t cnt = { 0 };
	ap_t ap;
	size_t lifted = 0;

	/* projectivized gold heads */
	int16_t *ph = xmalloc(c->ntok * sizeof(int16_t));
	memcpy(ph, c->ghead, c->ntok * sizeof(int16_t));
	for (size_t si = 0; si < nsel; si++) {
		const sent_t *st = &c->sents[sel[si]];
		lifted += projectivize(ph + st->first, st->n);
	}
	if (!o->quiet)
		fprintf(stderr, "  parser: %zu arcs lifted to projectivize\n", lifted);
	/* a model with only the clusters gives the training states theirs */
	sm_parse_model_t *cm = NULL;
	sm_parse_weights_t cw = { .nclus = o->nclus, .clus_keys = o->clus_keys,
				  .clus_vals = o->clus_vals };
	if (sm_parse_model_build(&cw, &cm) != SM_OK)
		exit(2);
	dep_count_features(c, sel, nsel, ph, cm, &cnt);
	ap_init(&ap, ncls, cnt.n);
	counter_to_ap(&cnt, &ap, (uint32_t)o->min_count);
	if (!o->quiet)
		fprintf(stderr, "  parser: %zu features kept\n", ap.nfeat);
	if (sm_parser_new(cm, &p) != SM_OK)
		exit(2);
	size_t *order = xmalloc(nsel * sizeof(size_t));
	memcpy(order, sel, nsel * sizeof(size_t));
	ens_t ens;
	ens_init(&ens, &ap, o->ensemble);
	for (int mb = 0; mb < ens.members; mb++) {
		for (int ep = 0; ep < o->epochs; ep++) {
			size_t right = 0, total = 0;
			double t0 = now();
			shuffle(order, nsel);
			for (size_t si = 0; si < nsel; si++) {
				const sent_t *st = &c->sents[order[si]];
				const int16_t *gh = ph + st->first;
				const uint8_t *gr = c->grel + st->first;
				sm_parser_begin(p, c->words + st->first, c->ptag + st->first,
						st->n, &s);
				while (!sm_parse_state_done(s)) {
					size_t nf = sm_parse_state_features(s, feats);
					for (size_t k = 0; k < nf; k++)
						fi[k] = ap_feature(&ap, feats[k], 0);
					ap_score(&ap, fi, nf, score);
					sm_parse_state_costs(s, gh, gr, costs);
					int32_t minc = INT32_MAX;
					long pred = -1, gold = -1;
					for (unsigned k = 0; k < ncls; k++) {
						if (costs[k] == INT32_MAX)
							continue;
						if (pred < 0 || score[k] > score[pred])
							pred = k;
						if (costs[k] < minc)
							minc = costs[k];
					}
					for (unsigned k = 0; k < ncls; k++)
						if (costs[k] == minc && (gold < 0 || score[k] > score[gold]))
							gold = k;
					if (costs[pred] > minc) {
						ap_update(&ap, fi, nf, (unsigned)gold, 1.0f);
						ap_update(&ap, fi, nf, (unsigned)pred, -1.0f);
					} else {
						right++;
					}
					total++;
					ap.c += 1;
					int follow_pred = ep > 0 &&
						(double)(rng_next() % 1000000) < o->explore * 1e6;
					sm_parse_state_apply(s, (unsigned)(follow_pred ? pred : gold));
				}
			}
			if (!o->quiet)
				fprintf(stderr, "    parser epoch %d: %.2f%% transitions right (%.1fs)",
					ep + 1, 100.0 * (double)right / (double)(total ? total : 1),
					now() - t0);
			if (!o->quiet && monitor) {
				ap_export_t mx;
				sm_parse_model_t *mm = NULL;
				double las, uas;
				ap_export(&ap, o->prune, &mx);
				sm_parse_weights_t mw = { .nfeat = mx.nfeat, .keys = mx.keys,
							  .start = mx.start, .cls = mx.cls, .w = mx.w,
							  .nclus = o->nclus, .clus_keys = o->clus_keys,
							  .clus_vals = o->clus_vals };
				if (sm_parse_model_build(&mw, &mm) == SM_OK) {
					uas = parse_uas(monitor, mm, &las);
					fprintf(stderr, "  dev UAS %.2f LAS %.2f", uas, las);
				}
				sm_parse_model_free(mm);
				ap_export_free(&mx);
			}
			if (!o->quiet)
				fprintf(stderr, "\n");
		}
		if (ens.members > 1 && !o->quiet)
			fprintf(stderr, "  parser: ensemble member %d of %d done\n",
				mb + 1, ens.members);
		ens_next(&ens, &ap, mb);
	}
	if (monitor && getenv("SM_TRAIN_PRUNE_SWEEP")) {
		static const double sweep[] = { 0.008, 0.010, 0.012, 0.014, 0.016, 0.018 };
		for (size_t k = 0; k < sizeof(sweep) / sizeof(sweep[0]); k++) {
			ap_export_t mx;
			sm_parse_model_t *mm = NULL;
			double las, uas;
			ap_export(&ap, sweep[k], &mx);
			sm_parse_weights_t mw = { .nfeat = mx.nfeat, .keys = mx.keys,
						  .start = mx.start, .cls = mx.cls, .w = mx.w,
						  .nclus = o->nclus, .clus_keys = o->clus_keys,
						  .clus_vals = o->clus_vals };
			if (sm_parse_model_build(&mw, &mm) == SM_OK) {
				double t = cpu_now();
				uas = parse_uas(monitor, mm, &las);
				t = cpu_now() - t;
				sm_parse_model_save(mm, "/tmp/sweep.bin");
				FILE *fp = fopen("/tmp/sweep.bin", "rb");
				fseek(fp, 0, SEEK_END);
				fprintf(stderr, "prune %.4f: %zu feats %zu pairs, %ld bytes, dev UAS %.2f LAS %.2f, %.0f tok/s\n",
					sweep[k], mx.nfeat, mx.npairs, ftell(fp), uas, las,
					(double)monitor->ntok / t);
				fclose(fp);
			}
			sm_parse_model_free(mm);
			ap_export_free(&mx);
		}
	}
	ap_export_t x;
	ap_export(&ap, o->prune, &x);
	sm_parse_weights_t wt = {
		.nfeat = x.nfeat, .keys = x.keys, .start = x.start, .cls = x.cls, .w = x.w,
		.nclus = o->nclus, .clus_keys = o->clus_keys, .clus_vals = o->clus_vals,
	};
	sm_parse_model_t *m = NULL;
	int rc = sm_parse_model_build(&wt, &m);
	if (rc != SM_OK) {
		fprintf(stderr, "train-syntax: parse model build: %s\n", sm_strerror(rc));
		exit(2);
	}
	ap_export_free(&x);
	ap_free(&ap);
	free(order);
	free(ph);
	free(score);
	free(costs);
	sm_parser_free(p);
	sm_parse_model_free(cm);
	return m;
}

/* ----------------------------------------------------------- evaluation */

/* parse_uas - UAS (and LAS) in percent of m on c with c->ptag. */
static double parse_uas(const corpus_t *c, const sm_parse_model_t *m, double *las)
{
	sm_parser_t *ps = NULL;
	int16_t heads[SM_PARSE_MAX_TOKENS];
	uint8_t rels[SM_PARSE_MAX_TOKENS];
	size_t u = 0, l = 0;
	if (sm_parser_new(m, &ps) != SM_OK)
		exit(2);
	for (size_t s = 0; s < c->nsents; s++) {
		const sent_t *st = &c->sents[s];
		sm_parser_parse(ps, c->words + st->first, c->ptag + st->first, st->n,
				heads, rels);
		for (size_t i = 0; i < st->n; i++) {
			u += heads[i] == c->ghead[st->first + i];
			l += heads[i] == c->ghead[st->first + i] &&
			     rels[i] == c->grel[st->first + i];
		}
	}
	sm_parser_free(ps);
	*las = 100.0 * (double)l / (double)(c->ntok ? c->ntok : 1);
	return 100.0 * (double)u / (double)(c->ntok ? c->ntok : 1);
}

typedef struct {
	size_t tok, tag_right, uas, las, nopunct, uas_np, las_np;
	double tag_secs, parse_secs;
} eval_t;

#define EVAL_PASSES 5

/* median_secs - the median of the n (odd) times in t; sorts t. */
static double median_secs(double *t, size_t n)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && t[j - 1] > t[j]; j--) {
			double x = t[j];
			t[j] = t[j - 1];
			t[j - 1] = x;
		}
	return t[n / 2];
}

/*
 * evaluate - tag with tm, parse with pm (predicted tags); score against
 * the gold columns.  Punctuation = gold tags . , : `` '' -LRB- -RRB- HYPH NFP.
 */
static void evaluate(const corpus_t *c, const sm_tag_model_t *tm,
		     const sm_parse_model_t *pm, eval_t *e)
{
	sm_tagger_t *tg = NULL;
	sm_parser_t *ps = NULL;
	uint8_t *tags = xmalloc(c->ntok ? c->ntok : 1), *rels = xmalloc(c->ntok + 1);
	int16_t *heads = xmalloc((c->ntok + 1) * sizeof(int16_t));
	static const char *const punct[] = { ".", ",", ":", "``", "''", "-LRB-",
					     "-RRB-", "HYPH", "NFP" };
	uint8_t ispunct[256] = { 0 };
	for (size_t i = 0; i < sizeof(punct) / sizeof(punct[0]); i++)
		ispunct[sm_tag_from_name(punct[i], strlen(punct[i]))] = 1;

	memset(e, 0, sizeof(*e));
	if (sm_tagger_new(tm, &tg) != SM_OK || sm_parser_new(pm, &ps) != SM_OK)
		exit(2);
	/* Speed: the median of EVAL_PASSES timed passes after one warm-up,
	 * since one pass over a test set is ~0.2 s and a shared machine
	 * swings that by a third.  Every pass gives the same output. */
	double tsec[EVAL_PASSES], psec[EVAL_PASSES];
	for (int pass = -1; pass < EVAL_PASSES; pass++) {
		double t0 = cpu_now();
		for (size_t s = 0; s < c->nsents; s++) {
			const sent_t *st = &c->sents[s];
			sm_tagger_tag(tg, c->words + st->first, st->n, tags + st->first);
		}
		double t1 = cpu_now();
		for (size_t s = 0; pm && s < c->nsents; s++) {
			const sent_t *st = &c->sents[s];
			sm_parser_parse(ps, c->words + st->first, tags + st->first, st->n,
					heads + st->first, rels + st->first);
		}
		double t2 = cpu_now();
		if (pass >= 0) {
			tsec[pass] = t1 - t0;
			psec[pass] = t2 - t1;
		}
	}
	e->tag_secs = median_secs(tsec, EVAL_PASSES);
	e->parse_secs = median_secs(psec, EVAL_PASSES);
	if (getenv("SM_TRAIN_DUMP_ERRORS"))
		for (size_t i = 0; i < c->ntok; i++)
			if (tags[i] != c->gtag[i])
				fprintf(stderr, "ERR %.*s %s %s\n", (int)c->words[i].len,
					c->words[i].p, sm_tag_name(c->gtag[i]),
					sm_tag_name(tags[i]));
	for (size_t i = 0; i < c->ntok; i++) {
		e->tok++;
		e->tag_right += tags[i] == c->gtag[i];
		if (!pm)
			continue;
		int hu = heads[i] == c->ghead[i];
		int lu = hu && rels[i] == c->grel[i];
		e->uas += hu;
		e->las += lu;
		if (!ispunct[c->gtag[i]]) {
			e->nopunct++;
			e->uas_np += hu;
			e->las_np += lu;
		}
	}
	sm_tagger_free(tg);
	sm_parser_free(ps);
	free(tags);
	free(rels);
	free(heads);
}

static void print_eval(const char *name, const eval_t *e)
{
	double tok = (double)(e->tok ? e->tok : 1);
	printf("%-10s tokens %6zu  XPOS %.2f%%", name, e->tok, 100.0 * (double)e->tag_right / tok);
	if (e->nopunct) {
		double np = (double)e->nopunct;
		printf("  UAS %.2f LAS %.2f (no punct: UAS %.2f LAS %.2f)",
		       100.0 * (double)e->uas / tok, 100.0 * (double)e->las / tok,
		       100.0 * (double)e->uas_np / np, 100.0 * (double)e->las_np / np);
	}
	printf("\n  speed (thread CPU time, median of %d passes): tag %.0f tok/s, parse %.0f tok/s, tag+parse %.0f tok/s\n",
	       EVAL_PASSES,
	       tok / (e->tag_secs > 0 ? e->tag_secs : 1e-9),
	       tok / (e->parse_secs > 0 ? e->parse_secs : 1e-9),
	       tok / (e->tag_secs + e->parse_secs > 0 ? e->tag_secs + e->parse_secs : 1e-9));
	fflush(stdout);
}

static void file_size(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return;
	fseek(fp, 0, SEEK_END);
	printf("%s: %ld bytes\n", path, ftell(fp));
	fclose(fp);
}

/* ------------------------------------------------------------------ main */

static void usage(void)
{
	fprintf(stderr,
		"usage: train-syntax --ewt DIR --out DIR [--tag-epochs N] [--dep-epochs N]\n"
		"                    [--folds K] [--tag-prune F] [--dep-prune F]\n"
		"                    [--tag-ensemble K] [--dep-ensemble K]\n"
		"                    [--tag-min-count N] [--dep-min-count N] [--tag-lex-min N]\n"
		"                    [--tag-dict-min N] [--tag-dict-ratio R] [--explore P]\n"
		"                    [--seed S] [--no-hyphen-merge] [--quiet]\n"
		"                    [--news FILE]... [--clusters FILE] [--save-clusters FILE]\n"
		"                    [--cluster-k A,B,C] [--no-clusters] [--no-dep-clusters]\n"
		"                    [--tag-only]\n"
		"       train-syntax --eval FILE.conllu.gz [--models DIR]\n");
}

static int load_models(const char *dir, sm_tag_model_t **tm, sm_parse_model_t **pm)
{
	char path[4096];
	int rc;
	snprintf(path, sizeof(path), "%s/en-pos.bin", dir);
	if ((rc = sm_tag_model_load(path, tm)) != SM_OK) {
		fprintf(stderr, "train-syntax: %s: %s\n", path, sm_strerror(rc));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/en-dep.bin", dir);
	if ((rc = sm_parse_model_load(path, pm)) != SM_OK) {
		fprintf(stderr, "train-syntax: %s: %s\n", path, sm_strerror(rc));
		return -1;
	}
	return 0;
}

static int eval_file(const char *file, const char *models)
{
	sm_tag_model_t *tm = NULL;
	sm_parse_model_t *pm = NULL;
	corpus_t c = { 0 };
	eval_t e;
	int rc = 1;
	if (load_models(models, &tm, &pm) != 0)
		goto cleanup;
	if (corpus_load(&c, file) != 0)
		goto cleanup;
	corpus_fix(&c);
	evaluate(&c, tm, pm, &e);
	const char *base = strrchr(file, '/');
	print_eval(base ? base + 1 : file, &e);
	rc = 0;
cleanup:
	corpus_free(&c);
	sm_tag_model_free(tm);
	sm_parse_model_free(pm);
	return rc;
}

int main(int argc, char **argv)
{
	const char *ewt = NULL, *out = NULL, *evalf = NULL, *models = "models";
	/* defaults: the shipped models (sizes: tagger <= 7 MB, parser <= 9 MB) */
	tag_opts_t to = { .epochs = 8, .min_count = 1, .prune = 0.003, .quiet = 0 };
	dep_opts_t po = { .epochs = 15, .min_count = 3, .prune = 0.018, .explore = 0.9,
			   .ensemble = 5 };
	int folds = 10, merge = 1, tag_only = 0, nnews = 0, dep_clusters = 1;
	int use_clusters = 1, cl_k[CL_LEVELS] = { 1000, 256, 48 };
	char *news[16], news_def[3][4096];
	const char *clusters_in = NULL, *clusters_out = NULL;
	char path[4096];

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--quiet")) {
			to.quiet = po.quiet = 1;
			continue;
		}
		if (!strcmp(a, "--no-hyphen-merge")) {
			merge = 0;
			continue;
		}
		if (!strcmp(a, "--no-clusters")) {
			use_clusters = 0;
			continue;
		}
		if (!strcmp(a, "--no-dep-clusters")) {
			dep_clusters = 0;
			continue;
		}
		if (!strcmp(a, "--tag-only")) {
			tag_only = 1;
			continue;
		}
		if (!v) {
			usage();
			return 2;
		}
		i++;
		if (!strcmp(a, "--ewt"))
			ewt = v;
		else if (!strcmp(a, "--out"))
			out = v;
		else if (!strcmp(a, "--eval"))
			evalf = v;
		else if (!strcmp(a, "--models"))
			models = v;
		else if (!strcmp(a, "--tag-epochs"))
			to.epochs = atoi(v);
		else if (!strcmp(a, "--dep-epochs"))
			po.epochs = atoi(v);
		else if (!strcmp(a, "--folds"))
			folds = atoi(v);
		else if (!strcmp(a, "--tag-prune"))
			to.prune = atof(v);
		else if (!strcmp(a, "--dep-prune"))
			po.prune = atof(v);
		else if (!strcmp(a, "--dep-ensemble"))
			po.ensemble = atoi(v);
		else if (!strcmp(a, "--tag-ensemble"))
			to.ensemble = atoi(v);
		else if (!strcmp(a, "--tag-min-count"))
			to.min_count = atoi(v);
		else if (!strcmp(a, "--dep-min-count"))
			po.min_count = atoi(v);
		else if (!strcmp(a, "--tag-lex-min"))
			lex_min = (uint32_t)atoi(v);
		else if (!strcmp(a, "--tag-dict-ratio"))
			dict_ratio = atof(v);
		else if (!strcmp(a, "--tag-dict-min"))
			dict_min = (uint32_t)atoi(v);
		else if (!strcmp(a, "--news") && nnews < 16)
			news[nnews++] = argv[i];
		else if (!strcmp(a, "--clusters"))
			clusters_in = v;
		else if (!strcmp(a, "--save-clusters"))
			clusters_out = v;
		else if (!strcmp(a, "--cluster-k")) {
			if (sscanf(v, "%d,%d,%d", &cl_k[0], &cl_k[1], &cl_k[2]) != 3 ||
			    cl_k[0] < 1 || cl_k[0] > 1023 || cl_k[1] < 1 ||
			    cl_k[1] > 1023 || cl_k[2] < 1 || cl_k[2] > 1023) {
				usage();
				return 2;
			}
		}
		else if (!strcmp(a, "--explore"))
			po.explore = atof(v);
		else if (!strcmp(a, "--seed"))
			rng_state = strtoull(v, NULL, 10) * 0x9e3779b97f4a7c15ull + 1;
		else {
			usage();
			return 2;
		}
	}
	if (evalf)
		return eval_file(evalf, models);
	if (!ewt || !out) {
		usage();
		return 2;
	}

	double t0 = now();
	corpus_t train = { 0 }, dev = { 0 }, test = { 0 };
	snprintf(path, sizeof(path), "%s/en_ewt-ud-train.conllu.gz", ewt);
	if (corpus_load(&train, path) != 0)
		return 1;
	fprintf(stderr, "train: %zu sentences, %zu tokens (%zu unknown tags, %zu unknown rels)\n",
		train.nsents, train.ntok, train.unknown_tags, train.unknown_rels);
	if (merge)
		add_hyphen_merges(&train);
	corpus_fix(&train);
	snprintf(path, sizeof(path), "%s/en_ewt-ud-dev.conllu.gz", ewt);
	if (corpus_load(&dev, path) != 0)
		return 1;
	corpus_fix(&dev);
	snprintf(path, sizeof(path), "%s/en_ewt-ud-test.conllu.gz", ewt);
	if (corpus_load(&test, path) != 0)
		return 1;
	corpus_fix(&test);

	size_t *all = xmalloc(train.nsents * sizeof(size_t));
	for (size_t i = 0; i < train.nsents; i++)
		all[i] = i;

	/* 0. word clusters from news (or a cache of them); by default the
	 * news archive next to the EWT directory, in the order train-ner
	 * reads it */
	static const char *const news_files[3] = {
		"reuter50_50.jsonl.gz", "bbc2225.jsonl.gz", "reuters21578.jsonl.gz",
	};
	if (use_clusters && !clusters_in && nnews == 0)
		for (int k = 0; k < 3; k++) {
			snprintf(news_def[k], sizeof(news_def[k]), "%s/../news-archive/%s",
				 ewt, news_files[k]);
			news[nnews++] = news_def[k];
		}
	if (!use_clusters) {
		clusters_in = NULL;
		nnews = 0;
	}
	clusters_t cl = { 0 };
	uint32_t *ckeys = NULL, *cvals = NULL;
	if (clusters_in ? clusters_load(&cl, clusters_in)
	    : nnews ? cluster_train(&cl, news, nnews, &train, cl_k) : 0)
		return 1;
	if (clusters_out && clusters_save(&cl, clusters_out) != 0)
		fprintf(stderr, "train-syntax: cannot write %s\n", clusters_out);
	if (cl.n) {
		ckeys = xmalloc(cl.n * sizeof(uint32_t));
		cvals = xmalloc(cl.n * sizeof(uint32_t));
		for (size_t i = 0; i < cl.n; i++) {
			ckeys[i] = sm_tag_cluster_key(cl.word[i], strlen(cl.word[i]));
			cvals[i] = (uint32_t)(cl.id[0][i] & 0x3ff) |
				   (uint32_t)(cl.id[1][i] & 0x3ff) << 10 |
				   (uint32_t)(cl.id[2][i] & 0x3ff) << 20;
		}
		fprintf(stderr, "word clusters: %zu words (%.0fs)\n", cl.n, now() - t0);
	}
	to.nclus = cl.n;
	to.clus_keys = ckeys;
	to.clus_vals = cvals;
	if (dep_clusters) {
		po.nclus = cl.n;
		po.clus_keys = ckeys;
		po.clus_vals = cvals;
	}
	if (tag_only) {
		sm_tag_model_t *tm0 = train_tagger(&train, all, train.nsents, &to);
		snprintf(path, sizeof(path), "%s/en-pos.bin", out);
		if (sm_tag_model_save(tm0, path) != SM_OK)
			return 1;
		file_size(path);
		eval_t e0;
		evaluate(&dev, tm0, NULL, &e0);
		print_eval("ewt-dev", &e0);
		sm_tag_model_free(tm0);
		return 0;
	}

	/* 1. jackknife: predicted tags for train; merged copies go with the
	 * fold of their original so no sentence is tagged by a model that saw it */
	if (folds > 1) {
		size_t *in = xmalloc(train.nsents * sizeof(size_t));
		size_t *outf = xmalloc(train.nsents * sizeof(size_t));
		tag_opts_t jo = to;
		jo.quiet = 1;
		for (int f = 0; f < folds; f++) {
			size_t nin = 0, nout = 0;
			for (size_t i = 0; i < train.nsents; i++) {
				if ((int)(train.sents[i].orig % (size_t)folds) == f)
					outf[nout++] = i;
				else
					in[nin++] = i;
			}
			sm_tag_model_t *m = train_tagger(&train, in, nin, &jo);
			tag_corpus(&train, m, outf, nout);
			sm_tag_model_free(m);
		}
		size_t right = 0;
		for (size_t i = 0; i < train.ntok; i++)
			right += train.ptag[i] == train.gtag[i];
		fprintf(stderr, "jackknife (%d folds): train XPOS %.2f%% (%.0fs)\n", folds,
			100.0 * (double)right / (double)train.ntok, now() - t0);
		free(in);
		free(outf);
	}

	/* 2. the tagger on all of train */
	sm_tag_model_t *tm = train_tagger(&train, all, train.nsents, &to);
	snprintf(path, sizeof(path), "%s/en-pos.bin", out);
	int rc = sm_tag_model_save(tm, path);
	if (rc != SM_OK) {
		fprintf(stderr, "train-syntax: %s: %s\n", path, sm_strerror(rc));
		return 1;
	}
	sm_tag_model_free(tm);
	fprintf(stderr, "tagger saved (%.0fs)\n", now() - t0);

	/* 3. the parser on predicted tags */
	if (getenv("SM_TRAIN_MONITOR")) {
		snprintf(path, sizeof(path), "%s/en-pos.bin", out);
		sm_tag_model_t *mt = NULL;
		if (sm_tag_model_load(path, &mt) == SM_OK) {
			tag_corpus(&dev, mt, NULL, dev.nsents);
			monitor = &dev;
		}
		sm_tag_model_free(mt);
	}
	sm_parse_model_t *pm = train_parser(&train, all, train.nsents, &po);
	snprintf(path, sizeof(path), "%s/en-dep.bin", out);
	rc = sm_parse_model_save(pm, path);
	if (rc != SM_OK) {
		fprintf(stderr, "train-syntax: %s: %s\n", path, sm_strerror(rc));
		return 1;
	}
	sm_parse_model_free(pm);
	fprintf(stderr, "parser saved (%.0fs)\n", now() - t0);

	/* 4. evaluate the saved files */
	sm_tag_model_t *ltm = NULL;
	sm_parse_model_t *lpm = NULL;
	if (load_models(out, &ltm, &lpm) != 0)
		return 1;
	snprintf(path, sizeof(path), "%s/en-pos.bin", out);
	file_size(path);
	snprintf(path, sizeof(path), "%s/en-dep.bin", out);
	file_size(path);
	eval_t e;
	evaluate(&dev, ltm, lpm, &e);
	print_eval("ewt-dev", &e);
	evaluate(&test, ltm, lpm, &e);
	print_eval("ewt-test", &e);
	sm_tag_model_free(ltm);
	sm_parse_model_free(lpm);
	free(all);
	free(ckeys);
	free(cvals);
	clusters_free(&cl);
	corpus_free(&train);
	corpus_free(&dev);
	corpus_free(&test);
	fprintf(stderr, "total %.0fs\n", now() - t0);
	return 0;
}
