/*
 * score.c - stage 5: sentence scores from position, directed centrality,
 * content salience, title overlap and entity density (see score.h).
 *
 * Cost is linear in the document's tokens: one pass over the tokens counts
 * words and lists the content stems; a small hash table (sized to the
 * document, so it stays in cache) maps each stem to a document-local index
 * and counts it; one pass builds every body sentence's TF-IDF vector (a
 * run of (local id, weight) pairs); one pass in document order computes
 * the PACSUM-style directed centralities from a running prefix sum of unit
 * vectors (no sentence graph is materialized).  The hot loops avoid
 * branches on token flags and on "is this stem new", which the branch
 * predictor cannot learn.  Every floating-point sum keeps the order it
 * has always had, so the scores do not change by a bit.
 *
 * References: H. Zheng and M. Lapata, "Sentence Centrality Revisited for
 * Unsupervised Summarization" (ACL 2019) - directed centrality with
 * forward/backward weights; G. Erkan and D. Radev, "LexRank" (JAIR 2004);
 * D. Radev et al., "Centroid-based summarization of multiple documents"
 * (IPM 2004); H. P. Luhn (1958) for content-word salience; A. Nenkova,
 * "Automatic text summarization of newswire: lessons learned from the
 * Document Understanding Conference" (AAAI 2005) for the lead baseline.
 */
#include "score.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize.h"

/* ------------------------------------------------------------ the model */

typedef struct {
	uint32_t off, len, hash;
	float idf;
} idf_entry_t;

struct sm_score_model {
	sm_score_weights_t w;
	/* IDF table: open addressing over entries; empty when n_ents == 0 */
	char *pool;
	idf_entry_t *ents;
	size_t n_ents;
	uint32_t *slots;   /* entry index + 1, 0 = empty */
	size_t n_slots;
	float idf_unk;     /* IDF of stems absent from the table */
};

/* sm_score_weights_default - see score.h.  Hand-set starting point; the
 * shipped en-score.tsv overrides every field. */
void sm_score_weights_default(sm_score_weights_t *w)
{
	if (!w)
		return;
	w->position = 1.0f;
	w->decay = 1.0f;
	w->para_first = 0.05f;
	w->cent_fwd = 0.3f;
	w->cent_bwd = 0.0f;
	w->salience = 0.3f;
	w->sal_mean = 0.2f;
	w->title = 0.2f;
	w->entity = 0.1f;
	w->length = 0.1f;
	w->len_cap = 30.0f;
	w->shortp = 0.5f;
	w->short_min = 6.0f;
	w->quote = 0.1f;
	w->question = 0.2f;
	w->redundancy = 0.3f;
	w->freq = 0.0f;
	w->longp = 0.0f;
	w->long_max = 60.0f;
	w->freq_mean = 0.0f;
}

/* The en-score.tsv keys and where they go. */
static const struct {
	const char *key;
	size_t off;
} weight_keys[] = {
	{ "position", offsetof(sm_score_weights_t, position) },
	{ "decay", offsetof(sm_score_weights_t, decay) },
	{ "para_first", offsetof(sm_score_weights_t, para_first) },
	{ "cent_fwd", offsetof(sm_score_weights_t, cent_fwd) },
	{ "cent_bwd", offsetof(sm_score_weights_t, cent_bwd) },
	{ "salience", offsetof(sm_score_weights_t, salience) },
	{ "sal_mean", offsetof(sm_score_weights_t, sal_mean) },
	{ "title", offsetof(sm_score_weights_t, title) },
	{ "entity", offsetof(sm_score_weights_t, entity) },
	{ "length", offsetof(sm_score_weights_t, length) },
	{ "len_cap", offsetof(sm_score_weights_t, len_cap) },
	{ "short", offsetof(sm_score_weights_t, shortp) },
	{ "short_min", offsetof(sm_score_weights_t, short_min) },
	{ "quote", offsetof(sm_score_weights_t, quote) },
	{ "question", offsetof(sm_score_weights_t, question) },
	{ "redundancy", offsetof(sm_score_weights_t, redundancy) },
	{ "freq", offsetof(sm_score_weights_t, freq) },
	{ "long", offsetof(sm_score_weights_t, longp) },
	{ "long_max", offsetof(sm_score_weights_t, long_max) },
	{ "freq_mean", offsetof(sm_score_weights_t, freq_mean) },
};

/* sm_score_model_new - see score.h. */
int sm_score_model_new(const sm_score_weights_t *w, sm_score_model_t **out)
{
	if (!out)
		return SM_EINVAL;
	sm_score_model_t *m = calloc(1, sizeof *m);
	if (!m)
		return SM_ENOMEM;
	if (w)
		m->w = *w;
	else
		sm_score_weights_default(&m->w);
	m->idf_unk = 1.0f;
	*out = m;
	return SM_OK;
}

/* sm_score_model_free - see score.h. */
void sm_score_model_free(sm_score_model_t *m)
{
	if (!m)
		return;
	free(m->pool);
	free(m->ents);
	free(m->slots);
	free(m);
}

const sm_score_weights_t *sm_score_model_weights(const sm_score_model_t *m)
{
	return m ? &m->w : NULL;
}

double sm_score_model_redundancy(const sm_score_model_t *m)
{
	return m ? m->w.redundancy : 0.0;
}

/* sm_score_model_idf - see score.h. */
float sm_score_model_idf(const sm_score_model_t *m, const char *p, size_t len)
{
	if (!m || !m->n_slots)
		return m ? m->idf_unk : 1.0f;
	if (!p && len)
		return m->idf_unk; /* no text: an unknown word, not a crash */
	uint32_t h = sm_hash(p, len);
	size_t mask = m->n_slots - 1;
	for (size_t i = h & mask; m->slots[i]; i = (i + 1) & mask) {
		const idf_entry_t *e = &m->ents[m->slots[i] - 1];
		if (e->hash == h && e->len == len &&
		    memcmp(m->pool + e->off, p, len) == 0)
			return e->idf;
	}
	return m->idf_unk;
}

/*
 * lang_code - the file prefix for a Snowball language name: "en" for
 * "english" (and "porter"), else the name itself.
 */
static const char *lang_code(const char *lang)
{
	if (!lang || strcmp(lang, "english") == 0 || strcmp(lang, "porter") == 0 ||
	    strcmp(lang, "en") == 0)
		return "en";
	return lang;
}

/*
 * seterr - format a one-line message into err (may be NULL).
 */
static void seterr(char *err, size_t errlen, const char *what,
		   const char *path)
{
	if (err && errlen)
		snprintf(err, errlen, "%s: %s", path, what);
}

/*
 * parse_count - strtod(s, end) with a fast path for what en-idf.tsv holds:
 * up to 15 decimal digits ending the field (end of line, '\r', blank).
 * strtod was a third of summarize's start-up on a short article (25k
 * lines); anything else, signs, hex, fractions, still goes to strtod, so
 * the value is the same either way.
 */
static double parse_count(char *s, char **end)
{
	char *p = s;
	uint64_t v = 0;
	int n = 0;
	while (n < 15 && *p >= '0' && *p <= '9') {
		v = v * 10 + (uint64_t)(*p - '0');
		p++;
		n++;
	}
	if (n > 0 && (*p == '\0' || *p == '\r' || *p == ' ' || *p == '\t')) {
		*end = p;
		return (double)v;
	}
	return strtod(s, end);
}

/*
 * parse_idf - fill m's IDF table from the text of an en-idf.tsv file:
 * '#' comment lines, one "docs<TAB>N" line, then "stem<TAB>df" lines.
 * idf = ln(N / df); stems not in the table get ln(N / 1.5) (the file
 * keeps stems with df >= 2 or more, so an absent stem is rarer than any
 * listed one).  The buffer is taken over as the string pool.
 */
static int parse_idf(sm_score_model_t *m, char *buf, size_t len)
{
	size_t lines = 0;
	double ndocs = 0;
	for (const char *q = buf, *e = buf + len; (q = memchr(q, '\n', (size_t)(e - q))) != NULL; q++)
		lines++;
	m->ents = malloc((lines + 1) * sizeof *m->ents);
	if (!m->ents)
		return SM_ENOMEM;
	size_t p = 0;
	while (p < len) {
		char *line = buf + p;
		char *nl = memchr(line, '\n', len - p);
		size_t ll = nl ? (size_t)(nl - line) : len - p;
		p += ll + 1;
		if (ll == 0 || line[0] == '#')
			continue;
		char *tab = memchr(line, '\t', ll);
		if (!tab)
			return SM_EMODEL;
		size_t kl = (size_t)(tab - line);
		char *end;
		line[ll] = '\0';
		double v = parse_count(tab + 1, &end);
		if (end == tab + 1 || !(v > 0))
			return SM_EMODEL;
		if (kl == 4 && memcmp(line, "docs", 4) == 0 && ndocs == 0) {
			ndocs = v;
			continue;
		}
		idf_entry_t *e = &m->ents[m->n_ents++];
		e->off = (uint32_t)(line - buf);
		e->len = (uint32_t)kl;
		e->hash = sm_hash(line, kl);
		e->idf = (float)v; /* df for now */
	}
	if (ndocs <= 0)
		return SM_EMODEL;
	size_t ns = 16;
	while (ns < 2 * m->n_ents + 2)
		ns *= 2;
	m->slots = calloc(ns, sizeof *m->slots);
	if (!m->slots)
		return SM_ENOMEM;
	m->n_slots = ns;
	for (size_t k = 0; k < m->n_ents; k++) {
		idf_entry_t *e = &m->ents[k];
		double df = e->idf > ndocs ? ndocs : e->idf;
		e->idf = (float)log(ndocs / df);
		size_t i = e->hash & (ns - 1);
		while (m->slots[i])
			i = (i + 1) & (ns - 1);
		m->slots[i] = (uint32_t)(k + 1);
	}
	m->idf_unk = (float)log(ndocs / 1.5);
	m->pool = buf;
	return SM_OK;
}

/*
 * parse_weights - override m->w from the text of an en-score.tsv file:
 * '#' comments and "key<TAB>value" lines; unknown keys are an error (a
 * typo must not silently leave a default in place).
 */
static int parse_weights(sm_score_model_t *m, char *buf, size_t len)
{
	size_t p = 0;
	while (p < len) {
		char *line = buf + p;
		char *nl = memchr(line, '\n', len - p);
		size_t ll = nl ? (size_t)(nl - line) : len - p;
		p += ll + 1;
		if (ll == 0 || line[0] == '#')
			continue;
		line[ll] = '\0';
		char *tab = strchr(line, '\t');
		if (!tab)
			return SM_EMODEL;
		*tab = '\0';
		char *end;
		double v = strtod(tab + 1, &end);
		if (end == tab + 1 || !isfinite(v))
			return SM_EMODEL;
		size_t k;
		for (k = 0; k < sizeof weight_keys / sizeof weight_keys[0]; k++)
			if (strcmp(weight_keys[k].key, line) == 0)
				break;
		if (k == sizeof weight_keys / sizeof weight_keys[0])
			return SM_EMODEL;
		memcpy((char *)&m->w + weight_keys[k].off, &(float){ (float)v },
		       sizeof(float));
	}
	return SM_OK;
}

/* sm_score_model_load - see score.h. */
int sm_score_model_load(const char *models_dir, const char *lang,
			sm_score_model_t **out, char *err, size_t errlen)
{
	sm_score_model_t *m = NULL;
	char *buf = NULL;
	size_t len = 0;
	char path[4096];
	int rc;
	if (!out || !models_dir) {
		rc = SM_EINVAL;
		goto fail;
	}
	const char *code = lang_code(lang);
	int required = strcmp(code, "en") == 0;
	if ((rc = sm_score_model_new(NULL, &m)) != SM_OK)
		goto fail;

	snprintf(path, sizeof path, "%s/%s-idf.tsv", models_dir, code);
	rc = sm_file_read(path, &buf, &len);
	if (rc == SM_OK) {
		rc = parse_idf(m, buf, len);
		if (rc == SM_OK)
			buf = NULL; /* now the pool */
		else {
			seterr(err, errlen, "malformed IDF table", path);
			goto fail;
		}
	} else if (rc != SM_ENOENT || required) {
		seterr(err, errlen, "cannot read IDF table", path);
		rc = rc == SM_ENOENT ? SM_EMODEL : rc;
		goto fail;
	}
	free(buf);
	buf = NULL;

	snprintf(path, sizeof path, "%s/%s-score.tsv", models_dir, code);
	rc = sm_file_read(path, &buf, &len);
	if (rc == SM_OK) {
		if ((rc = parse_weights(m, buf, len)) != SM_OK) {
			seterr(err, errlen, "malformed scorer weights", path);
			goto fail;
		}
	} else if (rc != SM_ENOENT || required) {
		seterr(err, errlen, "cannot read scorer weights", path);
		rc = rc == SM_ENOENT ? SM_EMODEL : rc;
		goto fail;
	}
	free(buf);
	*out = m;
	return SM_OK;
fail:
	free(buf);
	sm_score_model_free(m);
	return rc;
}

/* ------------------------------------------------------- per-thread state */

/* What the scorer keeps per document-local stem: one 28-byte record, so
 * a term's fields are fetched together (they were seven arrays). */
typedef struct {
	float idf;        /* corpus IDF */
	float tf;         /* document term frequency (body sentences) */
	float scnt;       /* count in the current sentence */
	float sum;        /* running sum of earlier sentences' unit vectors */
	float total;      /* sum of all unit vectors */
	uint32_t sid;     /* stem id */
	uint32_t in_title; /* 1 if in the title */
} term_t;

/* Entries of the log and position tables in sm_score_state. */
#define SCORE_LOG_N 256
#define SCORE_POS_N 256

/* A slot of the stem id -> local index table; sid 0 = empty (stem 0 is
 * never a content word). */
typedef struct {
	uint32_t sid, l;
} slot_t;

struct sm_score_state {
	slot_t *slots;       /* stem id -> local index, linear probing */
	size_t slot_cap;     /* allocated: a power of two >= 2 * (tokens + 1) */
	size_t mask;         /* in use for this document: a power of two - 1 */
	unsigned shift;      /* 32 - log2(mask + 1) */
	term_t *terms;       /* local index -> its term record */
	size_t vcap;         /* capacity of terms */
	uint32_t *ctok;      /* the body's content tokens: stem ids, then
			      * local ids */
	uint32_t *tord;      /* the title's content stems: stem ids, then
			      * the distinct local ids in order */
	uint32_t *term;      /* per body sentence: local ids ... */
	float *tw;           /* ... and unit-vector weights */
	size_t tcap;         /* capacity of ctok, term and tw */
	uint32_t *coff;      /* sentence i's content tokens: ctok[coff[i] ..
			      * coff[i+1]) */
	uint32_t *words;     /* sentence i's words ... */
	uint32_t *ents;      /* ... and entity-like words */
	uint32_t *toff;      /* sentence i's terms: term[toff[i] .. toff[i+1]) */
	float *feat;         /* n_sents * SM_FEAT_N */
	size_t scap;         /* sentences that the per-sentence arrays hold */
	double logn[SCORE_LOG_N];   /* logn[n] = log(n), n >= 1 */
	double pos[SCORE_POS_N];    /* pos[r] = pow(1 + r, -pos_decay) */
	float pos_decay;            /* the decay pos[] was made for */
	int pos_ok;                 /* pos[] is filled */
};

/* sm_score_state_new - see score.h.  The log table is made with log()
 * itself, so a lookup gives exactly the double the call would. */
int sm_score_state_new(sm_score_state_t **out)
{
	if (!out)
		return SM_EINVAL;
	sm_score_state_t *st = calloc(1, sizeof *st);
	if (!st)
		return SM_ENOMEM;
	for (size_t n = 1; n < SCORE_LOG_N; n++)
		st->logn[n] = log((double)n);
	*out = st;
	return SM_OK;
}

void sm_score_state_free(sm_score_state_t *st)
{
	if (!st)
		return;
	free(st->slots);
	free(st->terms);
	free(st->ctok);
	free(st->tord);
	free(st->term);
	free(st->tw);
	free(st->coff);
	free(st->words);
	free(st->ents);
	free(st->toff);
	free(st->feat);
	free(st);
}

/*
 * grow - make *p hold at least n elements of size sz (contents kept).
 * Returns SM_OK or SM_ENOMEM (p untouched).
 */
static int grow(void **p, size_t *cap, size_t n, size_t sz)
{
	if (n <= *cap)
		return SM_OK;
	size_t c = *cap ? *cap : 256;
	while (c < n)
		c *= 2;
	int ok = 1;
	size_t bytes = sm_mul(c, sz, &ok);
	if (!ok)
		return SM_ENOMEM;
	void *q = realloc(*p, bytes);
	if (!q)
		return SM_ENOMEM;
	*p = q;
	*cap = c;
	return SM_OK;
}

/*
 * state_reserve - size the scratch for a document with nsent sentences
 * and ntok tokens.
 */
static int state_reserve(sm_score_state_t *st, size_t nsent, size_t ntok)
{
	int ok = 1;
	if (grow((void **)&st->slots, &st->slot_cap, sm_mul(ntok + 1, 2, &ok),
		 sizeof(slot_t)) || !ok)
		return SM_ENOMEM;
	/* terms and the per-token lists: at most one entry per token */
	if (grow((void **)&st->terms, &st->vcap, ntok + 1, sizeof(term_t)))
		return SM_ENOMEM;
	if (ntok + 1 > st->tcap) {
		size_t c1 = st->tcap, c2 = c1, c3 = c1, c4 = c1;
		if (grow((void **)&st->ctok, &c1, ntok + 1, sizeof(uint32_t)) ||
		    grow((void **)&st->tord, &c2, ntok + 1, sizeof(uint32_t)) ||
		    grow((void **)&st->term, &c3, ntok + 1, sizeof(uint32_t)) ||
		    grow((void **)&st->tw, &c4, ntok + 1, sizeof(float)))
			return SM_ENOMEM;
		/* every array now holds at least the smallest new capacity */
		size_t m = c1;
		if (c2 < m) m = c2;
		if (c3 < m) m = c3;
		if (c4 < m) m = c4;
		st->tcap = m;
	}
	size_t nf = sm_mul(nsent + 1, SM_FEAT_N, &ok);
	if (!ok)
		return SM_ENOMEM;
	if (nsent + 1 > st->scap) {
		size_t c = st->scap, c1 = c, c2 = c, c3 = c, c4 = c;
		size_t c5 = st->scap * SM_FEAT_N;
		if (grow((void **)&st->coff, &c1, nsent + 1, sizeof(uint32_t)) ||
		    grow((void **)&st->words, &c2, nsent + 1, sizeof(uint32_t)) ||
		    grow((void **)&st->ents, &c3, nsent + 1, sizeof(uint32_t)) ||
		    grow((void **)&st->toff, &c4, nsent + 1, sizeof(uint32_t)) ||
		    grow((void **)&st->feat, &c5, nf, sizeof(float)))
			return SM_ENOMEM;
		/* every array now holds at least the smallest new capacity */
		size_t m = c5 / SM_FEAT_N;
		if (c1 < m) m = c1;
		if (c2 < m) m = c2;
		if (c3 < m) m = c3;
		if (c4 < m) m = c4;
		st->scap = m;
	}
	return SM_OK;
}

/* is_content - a word token that is not a stopword and has a stem. */
static inline int is_content(const sm_token_t *t)
{
	return (t->flags & SM_TF_WORD) && !(t->flags & SM_TF_STOP) && t->stem;
}

/*
 * stem_idf - the IDF of stem id sid, looked up in the model once per
 * lexicon id and cached in its sm_lexinfo_t.
 */
static float stem_idf(const sm_score_model_t *m, sm_lexicon_t *lex,
		      uint32_t sid)
{
	sm_lexinfo_t *info = sm_lexicon_info(lex, sid);
	if (!info)
		return m->idf_unk;
	if (!(info->flags & SM_LEX_IDF)) {
		sm_str_t s = sm_lexicon_str(lex, sid);
		info->idf = sm_score_model_idf(m, s.p, s.len);
		info->flags |= SM_LEX_IDF;
	}
	return info->idf;
}

/*
 * The stem id -> local index table.  It used to be an array over the
 * whole lexicon (1 MB at the lexicon's cap), and its misses on rare stems
 * were a fifth of the scorer's time even with prefetching; a document's
 * own stems fit a table of a few KB.  Fibonacci hashing spreads the ids,
 * which are often close together.
 */

/* slots_reset - an empty table with room for n stems at most half full. */
static void slots_reset(sm_score_state_t *st, size_t n)
{
	unsigned bits = 4;
	while (((size_t)1 << bits) < 2 * n)
		bits++;
	st->mask = ((size_t)1 << bits) - 1;
	st->shift = 32 - bits;
	memset(st->slots, 0, (st->mask + 1) * sizeof *st->slots);
}

/* find_slot - the slot of stem sid, or the empty one where it goes. */
static inline slot_t *find_slot(const sm_score_state_t *st, uint32_t sid)
{
	size_t i = (uint32_t)(sid * 2654435769u) >> st->shift;
	while (st->slots[i].sid && st->slots[i].sid != sid)
		i = (i + 1) & st->mask;
	return &st->slots[i];
}

/*
 * local_id - the document-local index of stem sid, assigning the next one
 * (*nloc counts them) on first sight.  The IDF is filled in later
 * (fill_idf).  Whether a stem is new is a coin toss the branch predictor
 * kept losing, so there is no branch: the next free term record is
 * always initialized (terms holds one more than the document has stems)
 * and only counted when it is taken.
 */
static inline uint32_t local_id(sm_score_state_t *st, uint32_t sid,
				uint32_t *nloc)
{
	slot_t *sl = find_slot(st, sid);
	uint32_t fresh = sl->sid == 0;
	uint32_t l = fresh ? *nloc : sl->l;
	term_t *x = &st->terms[*nloc];
	memset(x, 0, sizeof *x);
	x->sid = sid;
	sl->sid = sid;
	sl->l = l;
	*nloc += fresh;
	return l;
}

/* Terms between the prefetch of a stem's lexicon record and its use. */
#define SCORE_IDF_AHEAD 8

/*
 * fill_idf - the IDF of the first n terms.  The lexicon records of rare
 * stems are cold; fetched one at a time as the tokens met them, each was
 * a full miss, while here SCORE_IDF_AHEAD of them load at once.
 */
static void fill_idf(const sm_score_model_t *m, sm_score_state_t *st,
		     sm_lexicon_t *lex, uint32_t n)
{
	term_t *T = st->terms;
	for (uint32_t l = 0; l < n; l++) {
		if (l + SCORE_IDF_AHEAD < n)
			SM_PREFETCH(sm_lexicon_info(lex, T[l + SCORE_IDF_AHEAD].sid));
		T[l].idf = stem_idf(m, lex, T[l].sid);
	}
}

/*
 * mark_given_title - when the document has a title string but no title
 * sentence (a given title that is not in the text), look its words up in
 * the lexicon (case-folded with sm_normalize_key) and mark their stems.
 * The stem stage has interned and stemmed every title word
 * (sm_stem_title), so the lookup does not depend on the thread's history;
 * a word absent from this document's body only adds its IDF to the
 * title's mass (*mass).  Words are split at ASCII
 * non-alphanumeric bytes; bytes >= 0x80 stay in words.
 */
static void mark_given_title(sm_score_state_t *st, sm_lexicon_t *lex,
			     const char *title, float *mass,
			     const sm_score_model_t *m)
{
	char key[128];
	const unsigned char *s = (const unsigned char *)title;
	size_t i = 0;
	while (s[i]) {
		while (s[i] && s[i] < 0x80 && !( (s[i] >= 'a' && s[i] <= 'z') ||
		       (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
			i++;
		size_t a = i;
		while (s[i] && (s[i] >= 0x80 || (s[i] >= 'a' && s[i] <= 'z') ||
		       (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
			i++;
		if (i == a)
			continue;
		size_t kl = sm_normalize_key(key, sizeof key, title + a, i - a);
		if (kl > sizeof key)
			continue;
		uint32_t kid = sm_lexicon_find(lex, key, kl);
		sm_lexinfo_t *info = kid ? sm_lexicon_info(lex, kid) : NULL;
		if (!info || !(info->flags & SM_LEX_STEMMED) ||
		    (info->flags & SM_LEX_STOP) || !info->stem)
			continue;
		uint32_t sid = info->stem;
		const slot_t *sl = find_slot(st, sid);
		if (sl->sid) {
			term_t *x = &st->terms[sl->l];
			if (!x->in_title) {
				x->in_title = 1;
				*mass += x->idf;
			}
		} else {
			*mass += stem_idf(m, lex, sid);
		}
	}
}

/* sm_score_features - see score.h. */
int sm_score_features(const sm_score_model_t *m, sm_score_state_t *st,
		      const sm_doc_t *doc, sm_lexicon_t *lex, const float **feat)
{
	int rc;
	if (!m || !st || !doc || !lex || !feat || (doc->n_sents && !doc->sents))
		return SM_EINVAL;
	size_t ns = doc->n_sents, nt = doc->n_toks;
	size_t lexn = sm_lexicon_size(lex);
	if ((rc = state_reserve(st, ns, nt)) != SM_OK)
		return rc;
	float *F = st->feat;
	memset(F, 0, (ns + 1) * SM_FEAT_N * sizeof *F);
	term_t *T = st->terms;
	uint32_t nloc = 0, ntitle = 0;
	float title_mass = 0;
	int have_title_sent = 0;

	/* pass 1, the only one over tokens: each body sentence's word
	 * counts and its content tokens' stem ids (ctok); the title's content
	 * stems (tord) */
	size_t nc = 0, ntt = 0;
	for (size_t i = 0; i < ns; i++) {
		const sm_sentence_t *s = &doc->sents[i];
		size_t end = (size_t)s->tok + s->ntok;
		if (end > nt)
			end = nt;
		st->coff[i] = (uint32_t)nc;
		if (s->kind == SM_BLOCK_BODY) {
			/* flags decide these per token at random, so they
			 * are counted without branches; ctok[nc] is written
			 * for every token and kept for content words */
			uint32_t words = 0, ents = 0, later = 0;
			for (size_t k = s->tok; k < end; k++) {
				const sm_token_t *t = &doc->toks[k];
				unsigned f = t->flags;
				uint32_t word = (f & (SM_TF_WORD | SM_TF_NUM)) != 0;
				uint32_t ent = (f & SM_TF_NUM) ||
					((f & SM_TF_CAP) && later && !(f & SM_TF_STOP));
				words += word;
				ents += word & ent;
				later |= word;
				st->ctok[nc] = t->stem;
				nc += is_content(t) & (t->stem <= lexn);
			}
			st->words[i] = words;
			st->ents[i] = ents;
		} else if (s->kind == SM_BLOCK_TITLE) {
			have_title_sent = 1;
			for (size_t k = s->tok; k < end; k++) {
				const sm_token_t *t = &doc->toks[k];
				if (is_content(t) && t->stem <= lexn)
					st->tord[ntt++] = t->stem;
			}
		}
	}
	st->coff[ns] = (uint32_t)nc;

	/* stem ids -> local ids and document term frequencies */
	slots_reset(st, nc + ntt);
	for (size_t j = 0; j < nc; j++) {
		uint32_t l = local_id(st, st->ctok[j], &nloc);
		T[l].tf += 1;
		st->ctok[j] = l;
	}
	/* the title's distinct stems in order (compacted in place) */
	for (size_t j = 0; j < ntt; j++) {
		uint32_t l = local_id(st, st->tord[j], &nloc);
		if (!T[l].in_title) {
			T[l].in_title = 1;
			st->tord[ntitle++] = l;
		}
	}
	fill_idf(m, st, lex, nloc);
	for (uint32_t j = 0; j < ntitle; j++)
		title_mass += T[st->tord[j]].idf;
	if (!have_title_sent && doc->title)
		mark_given_title(st, lex, doc->title, &title_mass, m);

	/* pass 2: unit TF-IDF vectors of body sentences, their sum, and the
	 * per-sentence raw features.  Every sum runs in the order of the
	 * sentence's tokens (or of its terms' first occurrences), as it
	 * always has. */
	size_t nterm = 0;
	uint32_t rank = 0;
	float max_sal = 0, max_salm = 0, max_freq = 0, max_fmean = 0;
	for (size_t i = 0; i < ns; i++) {
		const sm_sentence_t *s = &doc->sents[i];
		float *f = F + i * SM_FEAT_N;
		st->toff[i] = (uint32_t)nterm;
		if (s->kind != SM_BLOCK_BODY)
			continue;
		size_t first = nterm;
		double freq = 0, sal = 0, tmatch = 0;
		for (size_t j = st->coff[i]; j < st->coff[i + 1]; j++) {
			uint32_t l = st->ctok[j];
			term_t *x = &T[l];
			freq += x->tf;
			if (x->scnt == 0) {
				/* first occurrence in the sentence: a new term */
				st->term[nterm++] = l;
				uint32_t n = (uint32_t)x->tf;
				double lg = n < SCORE_LOG_N ? st->logn[n] : log(x->tf);
				sal += (1.0 + lg) * x->idf;
				if (x->in_title)
					tmatch += x->idf;
			}
			x->scnt += 1;
		}
		double norm = 0;
		for (size_t k = first; k < nterm; k++) {
			const term_t *x = &T[st->term[k]];
			double v = x->scnt * x->idf;
			norm += v * v;
		}
		norm = sqrt(norm);
		for (size_t k = first; k < nterm; k++) {
			term_t *x = &T[st->term[k]];
			float v = norm > 0 ? (float)(x->scnt * x->idf / norm) : 0;
			st->tw[k] = v;
			x->total += v;
			x->scnt = 0;
		}
		size_t words = st->words[i], ents = st->ents[i];
		f[SM_FEAT_RANK] = (float)rank++;
		f[SM_FEAT_PARA_FIRST] = (s->flags & SM_SF_PARA_FIRST) ? 1.0f : 0.0f;
		f[SM_FEAT_SALIENCE] = (float)sal;
		f[SM_FEAT_SAL_MEAN] = (float)(sal / ((double)words + 5.0));
		f[SM_FEAT_TITLE] = title_mass > 0 ? (float)(tmatch / title_mass) : 0;
		f[SM_FEAT_ENTITY] = words ? (float)ents / (float)words : 0;
		f[SM_FEAT_WORDS] = (float)words;
		f[SM_FEAT_QUOTE] = (s->flags & SM_SF_QUOTE) ? 1.0f : 0.0f;
		f[SM_FEAT_QUESTION] = (s->flags & SM_SF_QUESTION) ? 1.0f : 0.0f;
		f[SM_FEAT_FREQ] = (float)freq;
		size_t ncont = st->coff[i + 1] - st->coff[i];
		f[SM_FEAT_FREQ_MEAN] = ncont ? (float)(freq / (double)ncont) : 0;
		if (f[SM_FEAT_FREQ_MEAN] > max_fmean)
			max_fmean = f[SM_FEAT_FREQ_MEAN];
		if (f[SM_FEAT_FREQ] > max_freq)
			max_freq = f[SM_FEAT_FREQ];
		if (f[SM_FEAT_SALIENCE] > max_sal)
			max_sal = f[SM_FEAT_SALIENCE];
		if (f[SM_FEAT_SAL_MEAN] > max_salm)
			max_salm = f[SM_FEAT_SAL_MEAN];
	}
	st->toff[ns] = (uint32_t)nterm;

	/* pass 3: directed centrality.  bwd_i = u_i . sum_{j<i} u_j and
	 * fwd_i = u_i . total - u_i . u_i - bwd_i */
	float max_fwd = 0, max_bwd = 0;
	for (size_t i = 0; i < ns; i++) {
		if (doc->sents[i].kind != SM_BLOCK_BODY)
			continue;
		float *f = F + i * SM_FEAT_N;
		double bwd = 0, all = 0, self = 0;
		for (size_t k = st->toff[i]; k < st->toff[i + 1]; k++) {
			const term_t *x = &T[st->term[k]];
			bwd += st->tw[k] * x->sum;
			all += st->tw[k] * x->total;
			self += (double)st->tw[k] * st->tw[k];
		}
		for (size_t k = st->toff[i]; k < st->toff[i + 1]; k++)
			T[st->term[k]].sum += st->tw[k];
		double fwd = all - self - bwd;
		f[SM_FEAT_CENT_FWD] = fwd > 0 ? (float)fwd : 0;
		f[SM_FEAT_CENT_BWD] = bwd > 0 ? (float)bwd : 0;
		if (f[SM_FEAT_CENT_FWD] > max_fwd)
			max_fwd = f[SM_FEAT_CENT_FWD];
		if (f[SM_FEAT_CENT_BWD] > max_bwd)
			max_bwd = f[SM_FEAT_CENT_BWD];
	}

	/* scale to [0, 1] within the document */
	for (size_t i = 0; i < ns; i++) {
		if (doc->sents[i].kind != SM_BLOCK_BODY)
			continue;
		float *f = F + i * SM_FEAT_N;
		if (max_fwd > 0)
			f[SM_FEAT_CENT_FWD] /= max_fwd;
		if (max_bwd > 0)
			f[SM_FEAT_CENT_BWD] /= max_bwd;
		if (max_sal > 0)
			f[SM_FEAT_SALIENCE] /= max_sal;
		if (max_salm > 0)
			f[SM_FEAT_SAL_MEAN] /= max_salm;
		if (max_freq > 0)
			f[SM_FEAT_FREQ] /= max_freq;
		if (max_fmean > 0)
			f[SM_FEAT_FREQ_MEAN] /= max_fmean;
	}
	*feat = F;
	return SM_OK;
}

/*
 * combine_row - the score of one body sentence's feature row f, given its
 * lead prior pos = pow(1 + rank, -decay) and cap, the positive len_cap.
 */
static inline float combine_row(const sm_score_weights_t *w, const float *f,
				double pos, float cap)
{
	float words = f[SM_FEAT_WORDS];
	float len = words < cap ? words / cap : 1.0f;
	double s = w->position * pos +
		   w->para_first * f[SM_FEAT_PARA_FIRST] +
		   w->cent_fwd * f[SM_FEAT_CENT_FWD] +
		   w->cent_bwd * f[SM_FEAT_CENT_BWD] +
		   w->salience * f[SM_FEAT_SALIENCE] +
		   w->sal_mean * f[SM_FEAT_SAL_MEAN] +
		   w->title * f[SM_FEAT_TITLE] +
		   w->entity * f[SM_FEAT_ENTITY] +
		   w->length * len -
		   (words < w->short_min ? w->shortp : 0.0f) -
		   (words > w->long_max ? w->longp : 0.0f) +
		   w->freq * f[SM_FEAT_FREQ] +
		   w->freq_mean * f[SM_FEAT_FREQ_MEAN] -
		   w->quote * f[SM_FEAT_QUOTE] -
		   w->question * f[SM_FEAT_QUESTION];
	return (float)s;
}

/* sm_score_combine - see score.h.  NULL w, feat or out: nothing to do
 * (it returns no status to report them with). */
void sm_score_combine(const sm_score_weights_t *w, const float *feat, size_t n,
		      const uint8_t *kind, size_t kind_stride, float *out)
{
	if (!w || !feat || !out)
		return;
	float cap = w->len_cap > 0 ? w->len_cap : 1.0f;
	for (size_t i = 0; i < n; i++) {
		if (kind && kind[i * kind_stride] != SM_BLOCK_BODY) {
			out[i] = -INFINITY;
			continue;
		}
		const float *f = feat + i * SM_FEAT_N;
		out[i] = combine_row(w, f, pow(1.0 + f[SM_FEAT_RANK], -w->decay), cap);
	}
}

/*
 * position_prior - pow(1 + rank, -decay) for w's decay, from st's table
 * (made with pow() itself on first use with a new decay, so the values
 * are exactly the calls').
 */
static double position_prior(sm_score_state_t *st, const sm_score_weights_t *w,
			     float rank)
{
	if (!st->pos_ok || memcmp(&st->pos_decay, &w->decay, sizeof w->decay)) {
		for (size_t r = 0; r < SCORE_POS_N; r++)
			st->pos[r] = pow(1.0 + (float)r, -w->decay);
		st->pos_decay = w->decay;
		st->pos_ok = 1;
	}
	return rank < SCORE_POS_N ? st->pos[(size_t)rank] :
				    pow(1.0 + rank, -w->decay);
}

/* sm_score_run - see score.h.  A sentence without a word or a number
 * ("?!", "***") says nothing: it can never be part of a summary. */
int sm_score_run(const sm_score_model_t *m, sm_score_state_t *st,
		 sm_doc_t *doc, sm_lexicon_t *lex)
{
	const float *feat;
	int rc = sm_score_features(m, st, doc, lex, &feat);
	if (rc != SM_OK)
		return rc;
	const sm_score_weights_t *w = &m->w;
	float cap = w->len_cap > 0 ? w->len_cap : 1.0f;
	for (size_t i = 0; i < doc->n_sents; i++) {
		sm_sentence_t *se = &doc->sents[i];
		const float *f = feat + i * SM_FEAT_N;
		/* a body row's word count is the content test */
		if (se->kind != SM_BLOCK_BODY || !(f[SM_FEAT_WORDS] > 0)) {
			se->score = -INFINITY;
			continue;
		}
		se->score = combine_row(w, f, position_prior(st, w, f[SM_FEAT_RANK]), cap);
	}
	doc->stages_done |= SM_STAGE_SCORE;
	return SM_OK;
}
