/*
 * ner.c - named-entity recognizer: statistical PER/ORG/LOC/MISC plus
 * rule-based DATE/MONEY/PERCENT/QUANTITY.
 *
 * Design (Ratinov & Roth 2009, "Design challenges and misconceptions in
 * named entity recognition"):
 *   - greedy left-to-right decoding over IOB2 tags; R&R found greedy
 *     decoding as accurate as Viterbi for NER and it lets features look at
 *     any earlier prediction (BILOU was tried here and was no better on
 *     eng.testa, so the smaller IOB2 model stays);
 *   - features: word, lower-cased word (digits folded to 0), word shape,
 *     prefixes and suffixes up to 4 bytes, capitalization flags, words and
 *     shapes in a +-2 window, the two previous predictions, sentence-initial
 *     position, all-caps (headline) sentences, optional PTB POS tags,
 *     gazetteer membership (multi-word, all matches) and the "extended
 *     prediction history": the labels given earlier in the document to the
 *     same word, and whether the word was seen capitalized or lower case in
 *     mid-sentence, which is what disambiguates headlines and
 *     sentence-initial words;
 *   - unsupervised word representations learnt from unlabelled news by
 *     models/train/train-ner.c: a capitalization prior per word, and two
 *     levels of distributional word clusters (k-means over neighbour
 *     counts, standing in for R&R's Brown clusters; used for the +-2
 *     window); optionally a type
 *     prior from news tagged by an earlier model (jackknifed in training).
 * Learning is the averaged perceptron (Collins 2002), averaged with a second
 * accumulator as crfsuite does: w_avg = w - ws / c, where every update at
 * time c adds c * delta to ws.  Models of several document orders can be
 * averaged (sm_ner_model_merge).
 *
 * Features are 32-bit hashes of (template, value); the model keeps the
 * features with the largest averaged weights in an open-addressing table of
 * keys and int16 weights (one global scale), which keeps en-ner.bin small.
 *
 * Model file (all integers little-endian):
 *   0  char[8]  "SMNERBIN"
 *   8  u32      format version (SM_NER_FORMAT)
 *   12 u32      number of classes (NCLASS = 9)
 *   16 u32      feature-set version (SM_NER_FEATSET; the feature templates
 *               of this file must match the model's)
 *   20 u32      feature slots F
 *   24 u32[4]   slots of the lexicon tables: gazetteer, word case + type
 *               prior, fine cluster, coarse cluster (NLEX = 4)
 *   40 u32      weight scale (IEEE float bits)
 *   44          F u32 keys, then F * NCLASS i16 weights; then per lexicon
 *               table: its u32 keys, then its u8 values
 *   end-4 u32   FNV-1a of every byte before it
 * Tables are open addressing with linear probing from key % slots; key 0
 * marks an empty slot and the loader rejects a table without one, so that
 * probing always ends.  The loader checks magic, versions, class count,
 * table sizes against the file length, and the checksum before use.
 *
 * The rules run after the statistical tagger.  DATE spans must cover only
 * tokens the tagger left O; MONEY/PERCENT/QUANTITY may also swallow a
 * statistical entity lying wholly inside them ("US$" tagged MISC).
 * DATE: weekday names; month names with optional day and year
 * ("5 September 2025", "September 5, 2025", "Sept. 2025"); ISO and slashed
 * dates; a year after a preposition ("in 1996"); decades ("the 1990s");
 * today/yesterday/tomorrow; "last/next/this week|month|year...".  "May" and
 * "March" need a number or a date preposition next to them.
 * MONEY: currency symbol or code + number ("$10.9bn", "$ 10.9 bn",
 * "US$ 5 million", "EUR 3"), or number + currency word ("300 dlrs",
 * "5 million euros", "5 U.S. dollars").  PERCENT: number + "%", "percent",
 * "per cent", "pct", "percentage point(s)".  QUANTITY: number + unit of
 * measure ("55 km", "1.2 million barrels", "10kg", "300 MW"); counts of
 * things ("55 minerals", "10 people") are cardinals, not quantities, and
 * are left untagged.  Name particles between person names are joined
 * ("Ursula von der Leyen").
 */
#include "ner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SM_NER_FORMAT 2u
#define SM_NER_FEATSET 3u
#define NCLASS 9 /* O, B-PER, I-PER, B-ORG, I-ORG, B-LOC, I-LOC, B-MISC, I-MISC */
#define MAXF 96  /* features per token, upper bound */
#define HIST_SLOTS 8192u
#define GAZ_MAXLEN 6
#define TOK_MAXLEN 64 /* bytes of a token looked at for lower-casing */

static const char NER_MAGIC[8] = {'S', 'M', 'N', 'E', 'R', 'B', 'I', 'N'};

/* Gazetteer categories, one bit each; the file names are the trainer's. */
static const char *const GAZ_FILES[8] = {
	"countries.txt", "cities.txt",   "regions.txt",    "demonyms.txt",
	"organizations.txt", "first-names.txt", "org-words.txt", "titles.txt",
};

/* ============================================================ hash table */

/* Open addressing uint32 key -> uint8 value; key 0 is "empty". */
typedef struct {
	uint32_t *keys;
	uint8_t *vals;
	size_t slots; /* any size >= 1 */
	size_t used;
} ner_tab_t;

/*
 * key % d without a division (Lemire, Kaser & Kurz 2019, "Faster remainder
 * by direct computation"): m = 2^64 / d rounded up (fastmod_m), then the
 * high 64 bits of (m * key mod 2^64) * d, exact for every 32-bit key and
 * 1 <= d < 2^32.  A 64-bit DIV per feature probe was a good part of the
 * recognizer's time; computing m is itself a division, so this pays only
 * where m is computed once for many keys (model_score's feature probes).
 */
static inline uint64_t fastmod_m(uint32_t d)
{
	return UINT64_MAX / d + 1;
}

static inline size_t fastmod(uint32_t key, uint64_t m, uint32_t d)
{
	uint64_t low = m * key;
	/* high half of the 96-bit low * d, from its two 32-bit halves */
	uint64_t mid = ((low & 0xffffffffu) * d) >> 32;
	return (size_t)(((low >> 32) * d + mid) >> 32);
}

/* Slot holding key, or the empty slot where it would go (linear probing). */
static size_t tab_find(const ner_tab_t *t, uint32_t key)
{
	size_t i = key % t->slots; /* one lookup per table: fastmod's own
				    * division would gain nothing here */
	while (t->keys[i] != 0 && t->keys[i] != key)
		i = (i + 1 == t->slots) ? 0 : i + 1;
	return i;
}

/* Value for key, or 0 when absent (or the table is empty). */
static uint8_t tab_get(const ner_tab_t *t, uint32_t key)
{
	if (t->slots == 0)
		return 0;
	size_t i = tab_find(t, key);
	return t->keys[i] == key ? t->vals[i] : 0;
}

/* Release a table's arrays and zero it. */
static void tab_free(ner_tab_t *t)
{
	free(t->keys);
	free(t->vals);
	memset(t, 0, sizeof(*t));
}

/* Insert or OR-in a value; grows at half load.  Training-time only. */
static int tab_put(ner_tab_t *t, uint32_t key, uint8_t val, int or_in)
{
	if (key == 0)
		key = 1;
	if ((t->used + 1) * 2 > t->slots) {
		ner_tab_t n = {0};
		n.slots = t->slots ? t->slots * 2 : 1024;
		n.keys = calloc(n.slots, sizeof(*n.keys));
		n.vals = calloc(n.slots, 1);
		if (!n.keys || !n.vals) {
			tab_free(&n);
			return SM_ENOMEM;
		}
		for (size_t i = 0; i < t->slots; i++) {
			if (t->keys[i] == 0)
				continue;
			size_t j = tab_find(&n, t->keys[i]);
			n.keys[j] = t->keys[i];
			n.vals[j] = t->vals[i];
		}
		n.used = t->used;
		tab_free(t);
		*t = n;
	}
	size_t i = tab_find(t, key);
	if (t->keys[i] == 0) {
		t->keys[i] = key;
		t->vals[i] = 0;
		t->used++;
	}
	t->vals[i] = or_in ? (uint8_t)(t->vals[i] | val) : val;
	return SM_OK;
}

/* ================================================================= model */

#define TRIG_SLOTS 1024u

/* Lexicon tables stored in the model, all keyed by a word or phrase hash. */
enum {
	LEX_GAZ,    /* gazetteer phrase -> category bits */
	LEX_WC,     /* word -> capitalization bucket | type prior << 4 */
	LEX_CLFINE, /* word -> fine distributional cluster + 1 */
	LEX_CLCOARSE, /* word -> coarse distributional cluster + 1 */
	NLEX
};

struct sm_ner_model {
	size_t fslots;
	uint32_t *fkeys;
	int16_t *fw; /* fslots * NCLASS */
	float scale;
	ner_tab_t lex[NLEX];
	/* hashes of the words a rule can start with (built, never stored) */
	uint32_t trig[TRIG_SLOTS];
};

/* Per-sentence token analysis, shared by tagger and trainer. */
typedef struct {
	size_t cap;
	uint32_t *wid;   /* exact word */
	uint32_t *lid;   /* lower case, digits -> 0 */
	uint32_t *shp;   /* collapsed shape */
	uint32_t *pid;   /* POS tag, 0 = none */
	uint16_t *flags;
	uint8_t *gzb;    /* gazetteer categories beginning here */
	uint8_t *gzi;    /* gazetteer categories continuing here */
	uint8_t *wcb;    /* word-case bucket */
	uint8_t *pri;    /* type prior from auto-tagged news, 0 = none */
	uint8_t *clf;    /* fine cluster + 1, 0 = unknown word */
	uint8_t *clc;    /* coarse cluster + 1 */
	uint8_t *tags;   /* predicted class per token */
	uint8_t *hmaj;   /* history: majority label + 1, 0 = unseen */
	uint8_t *hhas;   /* history: bit per label seen */
	uint8_t *hcap;   /* history: 1 capitalized, 2 lower case mid-sentence */
	size_t *loff;    /* offset of lower-case text in lbuf */
	uint8_t *llen;
	char *lbuf;      /* cap * TOK_MAXLEN bytes */
	int caps_sent;   /* sentence looks like an all-caps headline */
	int has_pos;
} ner_sent_t;

/* Document-level memory keyed by lower-cased word.  The handle starts
 * zeroed (calloc); slot lists the used slots, so that clearing between
 * documents touches those alone, not the whole 120 KB. */
typedef struct {
	uint32_t keys[HIST_SLOTS];
	uint16_t cnt[HIST_SLOTS][5]; /* O, PER, ORG, LOC, MISC */
	uint8_t cap[HIST_SLOTS];
	uint16_t slot[HIST_SLOTS];   /* the used slots, in insertion order */
	size_t used;
} ner_hist_t;

struct sm_ner {
	const sm_ner_model_t *m;
	ner_sent_t s;
	ner_hist_t hist;
};

/* ------------------------------------------------------------ token bits */

enum {
	FL_INITCAP = 1, FL_ALLCAP = 2, FL_HASDIG = 4, FL_ALLDIG = 8,
	FL_HYPHEN = 16, FL_PERIOD = 32, FL_PUNCT = 64, FL_ALPHA = 128,
	FL_LOWER = 256, FL_MIXED = 512, FL_LONG = 1024
};

/* Is the character at byte i an upper-case letter (ASCII or Latin-1)? */
static int is_upper_at(const unsigned char *p, size_t len, size_t i)
{
	if (p[i] >= 'A' && p[i] <= 'Z')
		return 1;
	/* Latin-1 supplement capitals U+00C0..U+00DE except U+00D7. */
	return p[i] == 0xC3 && i + 1 < len && p[i + 1] >= 0x80 &&
	       p[i + 1] <= 0x9E && p[i + 1] != 0x97;
}

/*
 * Lower-case (ASCII and Latin-1 capitals) and fold digits to '0' into dst,
 * at most TOK_MAXLEN bytes.  Returns the length written.
 */
static size_t fold_lower(char *dst, const char *src, size_t len, int digits)
{
	const unsigned char *p = (const unsigned char *)src;
	size_t n = len < TOK_MAXLEN ? len : TOK_MAXLEN;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		else if (digits && c >= '0' && c <= '9')
			c = '0';
		else if (c == 0xC3 && i + 1 < n && p[i + 1] >= 0x80 &&
			 p[i + 1] <= 0x9E && p[i + 1] != 0x97) {
			dst[i] = (char)c;
			dst[i + 1] = (char)(p[i + 1] + 0x20);
			i++;
			continue;
		}
		dst[i] = (char)c;
	}
	return n;
}

/* Flags and collapsed shape hash (Xx, X.X., d-d, ...) of one token. */
static uint16_t token_flags(const sm_str_t *w, uint32_t *shape)
{
	const unsigned char *p = (const unsigned char *)w->p;
	size_t len = w->len;
	char buf[16];
	size_t nb = 0;
	int up = 0, low = 0, dig = 0, alpha = 0, other = 0;
	uint16_t f = 0;
	for (size_t i = 0; i < len; i++) {
		char c;
		if (is_upper_at(p, len, i)) {
			c = 'X';
			up++;
			alpha++;
			if (p[i] >= 0x80)
				i++;
		} else if (p[i] >= 'a' && p[i] <= 'z') {
			c = 'x';
			low++;
			alpha++;
		} else if (p[i] >= '0' && p[i] <= '9') {
			c = 'd';
			dig++;
		} else if (p[i] >= 0xC0) {
			c = 'x'; /* other non-ASCII letters count as lower case */
			low++;
			alpha++;
		} else if (p[i] >= 0x80) {
			continue; /* continuation byte */
		} else {
			c = (char)p[i];
			other++;
			if (c == '-')
				f |= FL_HYPHEN;
			if (c == '.')
				f |= FL_PERIOD;
		}
		if (nb == 0 || buf[nb - 1] != c) {
			if (nb < sizeof(buf))
				buf[nb++] = c;
		}
	}
	*shape = sm_hash(buf, nb);
	if (len > 0 && is_upper_at(p, len, 0))
		f |= FL_INITCAP;
	if (up > 0 && low == 0)
		f |= FL_ALLCAP;
	if (up > 0 && low > 0 && !(len > 0 && is_upper_at(p, len, 0)))
		f |= FL_MIXED;
	if (dig)
		f |= FL_HASDIG;
	if (dig && !alpha && !other)
		f |= FL_ALLDIG;
	if (!alpha && !dig && len > 0)
		f |= FL_PUNCT;
	if (alpha)
		f |= FL_ALPHA;
	if (alpha && up == 0)
		f |= FL_LOWER;
	if (len > 12)
		f |= FL_LONG;
	return f;
}

/* FNV-1a continued over more bytes. */
static uint32_t hash_more(uint32_t h, const char *p, size_t len)
{
	const unsigned char *s = (const unsigned char *)p;
	for (size_t i = 0; i < len; i++) {
		h ^= s[i];
		h *= 16777619u;
	}
	return h;
}

/* A feature id: template number t mixed with value v; never 0. */
static inline uint32_t feat(uint32_t t, uint32_t v)
{
	uint32_t h = sm_hash_mix(t * 0x9e3779b1u + 0x7f4a7c15u, v);
	h = sm_hash_mix(h, t);
	return h ? h : 1;
}

/* ------------------------------------------------------------- scratch */

/* Release the scratch arrays and zero s. */
static void sent_free(ner_sent_t *s)
{
	free(s->wid);
	free(s->lid);
	free(s->shp);
	free(s->pid);
	free(s->flags);
	free(s->gzb);
	free(s->gzi);
	free(s->wcb);
	free(s->pri);
	free(s->clf);
	free(s->clc);
	free(s->tags);
	free(s->hmaj);
	free(s->hhas);
	free(s->hcap);
	free(s->loff);
	free(s->llen);
	free(s->lbuf);
	memset(s, 0, sizeof(*s));
}

/* Grow-only: make room for n tokens.  On failure the old buffers stay. */
static int sent_reserve(ner_sent_t *s, size_t n)
{
	ner_sent_t t = {0};
	if (n <= s->cap)
		return SM_OK;
	if (n < 64)
		n = 64;
	t.cap = n;
	t.wid = malloc(n * sizeof(uint32_t));
	t.lid = malloc(n * sizeof(uint32_t));
	t.shp = malloc(n * sizeof(uint32_t));
	t.pid = malloc(n * sizeof(uint32_t));
	t.flags = malloc(n * sizeof(uint16_t));
	t.gzb = malloc(n);
	t.gzi = malloc(n);
	t.wcb = malloc(n);
	t.pri = malloc(n);
	t.clf = malloc(n);
	t.clc = malloc(n);
	t.tags = malloc(n);
	t.hmaj = malloc(n);
	t.hhas = malloc(n);
	t.hcap = malloc(n);
	t.loff = malloc(n * sizeof(size_t));
	t.llen = malloc(n);
	t.lbuf = malloc(n * TOK_MAXLEN);
	if (!t.wid || !t.lid || !t.shp || !t.pid || !t.flags || !t.gzb ||
	    !t.gzi || !t.wcb || !t.pri || !t.clf || !t.clc || !t.tags || !t.hmaj || !t.hhas || !t.hcap ||
	    !t.loff || !t.llen || !t.lbuf) {
		sent_free(&t);
		return SM_ENOMEM;
	}
	sent_free(s);
	*s = t;
	return SM_OK;
}

/* ------------------------------------------------------------- history */

/* Forget every word (start of a document). */
static void hist_clear(ner_hist_t *h)
{
	for (size_t j = 0; j < h->used; j++) {
		size_t k = h->slot[j];
		h->keys[k] = 0;
		memset(h->cnt[k], 0, sizeof h->cnt[k]);
		h->cap[k] = 0;
	}
	h->used = 0;
}

/* Slot of key in the history, or the empty slot where it would go. */
static size_t hist_find(const ner_hist_t *h, uint32_t key)
{
	size_t i = key % HIST_SLOTS;
	while (h->keys[i] != 0 && h->keys[i] != key)
		i = (i + 1) % HIST_SLOTS;
	return i;
}

/* Fill the history features of every token from earlier sentences. */
static void hist_lookup(const ner_hist_t *h, ner_sent_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		s->hmaj[i] = s->hhas[i] = s->hcap[i] = 0;
		if (!(s->flags[i] & FL_ALPHA))
			continue;
		size_t k = hist_find(h, s->lid[i]);
		if (h->keys[k] != s->lid[i])
			continue;
		int best = 0;
		for (int c = 0; c < 5; c++) {
			if (h->cnt[k][c] > h->cnt[k][best])
				best = c;
			if (c > 0 && h->cnt[k][c])
				s->hhas[i] |= (uint8_t)(1u << c);
		}
		s->hmaj[i] = (uint8_t)(best + 1);
		s->hcap[i] = h->cap[k];
	}
}

/* Remember the labels just given to the words of a sentence. */
static void hist_update(ner_hist_t *h, const ner_sent_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!(s->flags[i] & FL_ALPHA))
			continue;
		size_t k = hist_find(h, s->lid[i]);
		if (h->keys[k] == 0) {
			if ((h->used + 1) * 4 > HIST_SLOTS * 3)
				continue; /* full: a very long document */
			h->keys[k] = s->lid[i];
			h->slot[h->used++] = (uint16_t)k;
		}
		unsigned t = s->tags[i] ? (unsigned)(s->tags[i] + 1) >> 1 : 0;
		if (h->cnt[k][t] < UINT16_MAX)
			h->cnt[k][t]++;
		if (i > 0 && !s->caps_sent) {
			if (s->flags[i] & FL_INITCAP)
				h->cap[k] |= 1;
			else if (s->flags[i] & FL_LOWER)
				h->cap[k] |= 2;
		}
	}
}

/* -------------------------------------------------------------- analysis */

/*
 * Analyse a sentence: hashes, flags, shapes, gazetteer matches, word-case
 * buckets.  s must have room for n tokens.
 */
static void sent_analyse(ner_sent_t *s, const ner_tab_t *lex,
			 const sm_str_t *words,
			 const char *const *pos, size_t n)
{
	size_t caps = 0, alpha = 0;
	s->has_pos = pos != NULL;
	for (size_t i = 0; i < n; i++) {
		const sm_str_t *w = &words[i];
		char *lb = s->lbuf + i * TOK_MAXLEN;
		s->wid[i] = sm_hash(w->p, w->len);
		s->llen[i] = (uint8_t)fold_lower(lb, w->p, w->len, 1);
		s->loff[i] = i * TOK_MAXLEN;
		s->lid[i] = sm_hash(lb, s->llen[i]);
		s->flags[i] = token_flags(w, &s->shp[i]);
		s->pid[i] = (pos && pos[i]) ? sm_hash(pos[i], strlen(pos[i])) : 0;
		s->gzb[i] = s->gzi[i] = 0;
		uint32_t key = s->lid[i] ? s->lid[i] : 1;
		uint8_t v = tab_get(&lex[LEX_WC], key);
		s->clf[i] = tab_get(&lex[LEX_CLFINE], key);
		s->clc[i] = tab_get(&lex[LEX_CLCOARSE], key);
		s->wcb[i] = v & 15;
		s->pri[i] = v >> 4;
		if ((s->flags[i] & FL_ALPHA) && w->len > 1) {
			alpha++;
			if (s->flags[i] & FL_ALLCAP)
				caps++;
		}
	}
	s->caps_sent = alpha >= 2 && caps * 10 >= alpha * 8;
	/* Gazetteer phrases: keys are lower-case tokens joined by spaces. */
	const ner_tab_t *gaz = &lex[LEX_GAZ];
	if (gaz->slots == 0)
		return;
	for (size_t i = 0; i < n; i++) {
		if (!(s->flags[i] & (FL_INITCAP | FL_ALLCAP | FL_HASDIG)))
			continue;
		uint32_t h = 2166136261u;
		for (size_t k = 0; k < GAZ_MAXLEN && i + k < n; k++) {
			if (k > 0)
				h = hash_more(h, " ", 1);
			h = hash_more(h, s->lbuf + s->loff[i + k], s->llen[i + k]);
			uint8_t v = tab_get(gaz, h ? h : 1);
			if (!v)
				continue;
			s->gzb[i] |= v;
			for (size_t j = 1; j <= k; j++)
				s->gzi[i + j] |= v;
		}
	}
}

/* Templates, numbered for the hash. */
enum {
	T_BIAS = 1, T_W, T_L, T_LM1, T_LP1, T_LM2, T_LP2, T_BM1, T_BP1,
	T_S0, T_SM1, T_SP1, T_S3, T_PRE, T_SUF, T_FLAG, T_FIRST, T_CAPSENT,
	T_POS0, T_POSM1, T_POSP1, T_POSS, T_GZB, T_GZI, T_GZM1, T_GZP1, T_WC,
	T_HMAJ, T_HHAS, T_HCAP, T_T1, T_T2, T_T1L, T_T1S, T_WCFIRST, T_LS,
	T_GZW, T_HMAJS, T_PRI, T_PRIM1, T_PRIP1, T_PRIC, T_CF0, T_CC0, T_CFM1,
	T_CFP1, T_CCM1, T_CCP1, T_CCM2, T_CCP2, T_CFS
};

/* Cluster of token i (fine or coarse), with pads outside the sentence. */
static uint32_t sent_cl(const uint8_t *cl, size_t n, long i)
{
	if (i < 0)
		return 300;
	if ((size_t)i >= n)
		return 301;
	return cl[i];
}

/* Lower-case word id of token i, with pad ids outside the sentence. */
static uint32_t sent_lid(const ner_sent_t *s, size_t n, long i)
{
	static const uint32_t pad[2] = {0x51ed270bu, 0x2c1b3c6du};
	if (i < 0)
		return pad[0];
	if ((size_t)i >= n)
		return pad[1];
	return s->lid[i];
}

/* Shape id of token i, with pad ids outside the sentence. */
static uint32_t sent_shp(const ner_sent_t *s, size_t n, long i)
{
	if (i < 0)
		return 0x1b873593u;
	if ((size_t)i >= n)
		return 0xcc9e2d51u;
	return s->shp[i];
}

/*
 * Features of token i that do not depend on predictions of this sentence.
 * Returns how many were written to f (at most MAXF - 8).
 */
static size_t feats_static(const ner_sent_t *s, size_t n, size_t i,
			   uint32_t *f)
{
	size_t k = 0;
	long li = (long)i;
	const char *lb = s->lbuf + s->loff[i];
	size_t ll = s->llen[i];
	uint16_t fl = s->flags[i];

	f[k++] = feat(T_BIAS, 0);
	f[k++] = feat(T_W, s->wid[i]);
	f[k++] = feat(T_L, s->lid[i]);
	f[k++] = feat(T_LM1, sent_lid(s, n, li - 1));
	f[k++] = feat(T_LP1, sent_lid(s, n, li + 1));
	f[k++] = feat(T_LM2, sent_lid(s, n, li - 2));
	f[k++] = feat(T_LP2, sent_lid(s, n, li + 2));
	f[k++] = feat(T_BM1, sm_hash_mix(sent_lid(s, n, li - 1), s->lid[i]));
	f[k++] = feat(T_BP1, sm_hash_mix(s->lid[i], sent_lid(s, n, li + 1)));
	f[k++] = feat(T_S0, s->shp[i]);
	f[k++] = feat(T_SM1, sent_shp(s, n, li - 1));
	f[k++] = feat(T_SP1, sent_shp(s, n, li + 1));
	f[k++] = feat(T_S3, sm_hash_mix(sm_hash_mix(sent_shp(s, n, li - 1),
						    s->shp[i]),
					sent_shp(s, n, li + 1)));
	f[k++] = feat(T_LS, sm_hash_mix(sent_lid(s, n, li - 1), s->shp[i]));
	if (!(fl & FL_PUNCT)) {
		for (size_t a = 1; a <= 4 && a <= ll; a++) {
			f[k++] = feat(T_PRE, sm_hash(lb, a) + (uint32_t)a);
			f[k++] = feat(T_SUF, sm_hash(lb + ll - a, a) + (uint32_t)a);
		}
	}
	for (unsigned b = 0; b < 11; b++)
		if (fl & (1u << b))
			f[k++] = feat(T_FLAG, b);
	if (i == 0)
		f[k++] = feat(T_FIRST, fl & (FL_INITCAP | FL_ALLCAP));
	if (s->caps_sent)
		f[k++] = feat(T_CAPSENT, s->shp[i]);
	if (s->has_pos) {
		uint32_t pm = i > 0 ? s->pid[i - 1] : 7;
		uint32_t pp = i + 1 < n ? s->pid[i + 1] : 9;
		f[k++] = feat(T_POS0, s->pid[i]);
		f[k++] = feat(T_POSM1, pm);
		f[k++] = feat(T_POSP1, pp);
		f[k++] = feat(T_POSS, sm_hash_mix(s->pid[i], s->shp[i]));
	}
	for (unsigned b = 0; b < 8; b++) {
		if (s->gzb[i] & (1u << b))
			f[k++] = feat(T_GZB, b);
		if (s->gzi[i] & (1u << b))
			f[k++] = feat(T_GZI, b);
	}
	if (s->gzb[i] | s->gzi[i])
		f[k++] = feat(T_GZW, sm_hash_mix(s->gzb[i], s->gzi[i]) ^
					     (fl & (FL_INITCAP | FL_ALLCAP)));
	f[k++] = feat(T_GZM1, i > 0 ? (uint32_t)(s->gzb[i - 1] | s->gzi[i - 1]) << 1 : 1);
	f[k++] = feat(T_GZP1, i + 1 < n ? (uint32_t)s->gzb[i + 1] << 1 : 1);
	f[k++] = feat(T_WC, s->wcb[i]);
	if (i == 0 || s->caps_sent)
		f[k++] = feat(T_WCFIRST, (uint32_t)s->wcb[i] |
						 ((uint32_t)s->hcap[i] << 4));
	f[k++] = feat(T_CF0, s->clf[i]);
	f[k++] = feat(T_CC0, s->clc[i]);
	f[k++] = feat(T_CFS, ((uint32_t)s->clf[i] << 8) |
				     (fl & (FL_INITCAP | FL_ALLCAP)));
	f[k++] = feat(T_CFM1, sent_cl(s->clf, n, li - 1));
	f[k++] = feat(T_CFP1, sent_cl(s->clf, n, li + 1));
	f[k++] = feat(T_CCM1, sent_cl(s->clc, n, li - 1));
	f[k++] = feat(T_CCP1, sent_cl(s->clc, n, li + 1));
	f[k++] = feat(T_CCM2, sent_cl(s->clc, n, li - 2));
	f[k++] = feat(T_CCP2, sent_cl(s->clc, n, li + 2));
	f[k++] = feat(T_PRI, s->pri[i]);
	f[k++] = feat(T_PRIC, ((uint32_t)s->pri[i] << 8) |
				      (fl & (FL_INITCAP | FL_ALLCAP)) |
				      (i == 0 ? 0x80u : 0u));
	f[k++] = feat(T_PRIM1, i > 0 ? s->pri[i - 1] : 99);
	f[k++] = feat(T_PRIP1, i + 1 < n ? s->pri[i + 1] : 99);
	f[k++] = feat(T_HMAJ, s->hmaj[i]);
	f[k++] = feat(T_HMAJS, ((uint32_t)s->hmaj[i] << 8) |
				       (fl & (FL_INITCAP | FL_ALLCAP)) |
				       (s->caps_sent ? 0x80u : 0u));
	for (unsigned c = 1; c < 5; c++)
		if (s->hhas[i] & (1u << c))
			f[k++] = feat(T_HHAS, c);
	f[k++] = feat(T_HCAP, s->hcap[i]);
	return k;
}

/* Features of token i that depend on the predictions before it. */
static size_t feats_dynamic(const ner_sent_t *s, size_t i, uint32_t *f)
{
	size_t k = 0;
	uint32_t t1 = i > 0 ? s->tags[i - 1] : 15;
	uint32_t t2 = i > 1 ? s->tags[i - 2] : 15;
	f[k++] = feat(T_T1, t1);
	f[k++] = feat(T_T2, (t2 << 4) | t1);
	f[k++] = feat(T_T1L, sm_hash_mix(s->lid[i], t1));
	f[k++] = feat(T_T1S, sm_hash_mix(s->shp[i], t1));
	return k;
}

/* IOB2: I-X (odd class) may only follow B-X or I-X. */
static int class_allowed(int c, int prev)
{
	if (c == 0 || (c & 1))
		return 1; /* O or B-X */
	return prev == c || prev == c - 1;
}

/* The best-scoring class that may follow prev. */
static int argmax_allowed(const float *sc, int prev)
{
	int best = 0;
	for (int c = 1; c < NCLASS; c++)
		if (class_allowed(c, prev) && sc[c] > sc[best])
			best = c;
	return best;
}

/* Class (0..8) <-> public code (0, 2..9). */
static inline uint8_t class_to_code(int c)
{
	return c ? (uint8_t)(c + 1) : 0;
}

/* Public code -> class; anything but PER..MISC codes is O. */
static inline int code_to_class(uint8_t code)
{
	if (code < 2 || code > 9)
		return 0;
	return code - 1;
}

/*
 * Add the model's weights for features f to sc.  In three passes, as
 * sm_sparse_score() does, so the cache misses of the k probes and then of
 * their weight rows overlap instead of queueing one after another; the
 * sums are the same integers in the same order.
 */
static void model_score(const sm_ner_model_t *m, const uint32_t *f, size_t k,
			float *sc)
{
	int32_t acc[NCLASS] = {0};
	uint32_t at[MAXF];
	size_t nhit = 0;
	if (m->fslots == 0)
		return;
	if (k > MAXF)
		k = MAXF;   /* cannot happen: MAXF bounds the feature functions */
	if (m->fslots <= UINT32_MAX) { /* always: the loader caps it */
		uint32_t d = (uint32_t)m->fslots;
		uint64_t dm = fastmod_m(d);
		for (size_t j = 0; j < k; j++)
			at[j] = (uint32_t)fastmod(f[j], dm, d);
	} else {
		for (size_t j = 0; j < k; j++)
			at[j] = (uint32_t)(f[j] % m->fslots);
	}
	for (size_t j = 0; j < k; j++)
		SM_PREFETCH(&m->fkeys[at[j]]);
	for (size_t j = 0; j < k; j++) {
		size_t i = at[j];
		while (m->fkeys[i] != 0 && m->fkeys[i] != f[j])
			i = (i + 1 == m->fslots) ? 0 : i + 1;
		if (m->fkeys[i] == 0)
			continue;
		at[nhit++] = (uint32_t)i;
		SM_PREFETCH(m->fw + i * NCLASS);
	}
	for (size_t j = 0; j < nhit; j++) {
		const int16_t *w = m->fw + (size_t)at[j] * NCLASS;
		for (int c = 0; c < NCLASS; c++)
			acc[c] += w[c];
	}
	for (int c = 0; c < NCLASS; c++)
		sc[c] += (float)acc[c] * m->scale;
}

/* ================================================================== rules */

typedef struct {
	const sm_str_t *w;
	size_t n;
} ner_toks_t;

/* Does w equal the lower-case ASCII string s, ignoring the case of w? */
static int ieq(const sm_str_t *w, const char *s)
{
	size_t len = strlen(s);
	if (w->len != len)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char a = (unsigned char)w->p[i];
		unsigned char b = (unsigned char)s[i];
		if (a >= 'A' && a <= 'Z')
			a = (unsigned char)(a + 32);
		if (a != b)
			return 0;
	}
	return 1;
}

/* Index+1 of w in a NULL-terminated list (case-insensitive), or 0. */
static int in_list(const sm_str_t *w, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (ieq(w, list[i]))
			return i + 1;
	return 0;
}

/* Is token i equal to s (s in lower case), ignoring case? */
static int tok_is(const ner_toks_t *t, size_t i, const char *s)
{
	return i < t->n && ieq(&t->w[i], s);
}

static const char *const MONTHS[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december",
	"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
	"oct", "nov", "dec", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.",
	"aug.", "sep.", "sept.", "oct.", "nov.", "dec.", NULL};
static const char *const WEEKDAYS[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday", NULL};
static const char *const DATE_WORDS[] = {"today", "yesterday", "tomorrow",
					 NULL};
static const char *const DATE_MODS[] = {"last", "next", "this", "past",
					"coming", "early", "late", "mid",
					"earlier", NULL};
static const char *const DATE_UNITS[] = {
	"week", "month", "year", "weekend", "quarter", "decade", "century",
	"season", "spring", "summer", "autumn", "winter", "fall", NULL};
/* Words after which a bare year is a date ("in 1996"); not "of", "to" or
   "and", after which a four-digit number is more often a count. */
static const char *const YEAR_PREPS[] = {
	"in", "since", "until", "till", "by", "from", "before", "after",
	"during", "through", "between", "early", "late", "mid", "around",
	NULL};
static const char *const NUM_WORDS[] = {
	"one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
	"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
	"sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty",
	"forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
	"a", "several", "dozen", "half", "hundreds", "thousands", "millions",
	"billions", NULL};
static const char *const MAGNITUDES[] = {
	"hundred", "thousand", "million", "billion", "trillion", "mln", "bln",
	"bn", "tn", "mn", "m", "b", "k", "millions", "billions", NULL};
/* Suffixes glued to a number: "10.9bn", "600m", "5mln". */
static const char *const MAG_SUFFIX[] = {"bn", "m", "mln", "bln", "tn", "k",
					 "b", "mn", "trn", NULL};
static const char *const CUR_SYMS[] = {
	"$", "us$", "c$", "a$", "hk$", "nz$", "s$", "r$", "nt$", "\xc2\xa3",
	"\xe2\x82\xac", "\xc2\xa5", "\xe2\x82\xb9", "\xe2\x82\xbd", "rs",
	"rs.", "usd", "eur", "gbp", "jpy", "chf", "cny", "rmb", "inr", "aud",
	"cad", "hkd", "rub", "sek", "nok", "dkk", "dm", "ffr", "stg", NULL};
static const char *const CUR_PREFIX[] = {
	"US$", "C$", "A$", "HK$", "NZ$", "S$", "R$", "NT$", "$", "\xc2\xa3",
	"\xe2\x82\xac", "\xc2\xa5", "\xe2\x82\xb9", "\xe2\x82\xbd", NULL};
static const char *const CUR_WORDS[] = {
	"dollars", "dollar", "dlrs", "dlr", "euros", "euro", "pounds",
	"pound", "sterling", "stg", "yen", "yuan", "renminbi", "rupees",
	"rupee", "francs", "franc", "marks", "cents", "cent", "pence",
	"roubles", "rubles", "rouble", "ruble", "pesos", "won", "lira",
	"lire", "rand", "reais", "real", "crowns", "kronor", "kroner",
	"krona", "krone", "guilders", "schillings", "dinars", "riyals",
	"shekels", "baht", "ringgit", "rupiah", "usd", "eur", "gbp", "jpy",
	"hryvnias", "zlotys", "forints", NULL};
static const char *const UNITS[] = {
	"km", "kilometres", "kilometers", "kilometre", "kilometer", "miles",
	"mile", "metres", "meters", "metre", "meter", "cm", "mm",
	"centimetres", "centimeters", "millimetres", "feet", "foot", "ft",
	"inches", "inch", "yards", "kg", "kilograms", "kilogram", "kilos",
	"grams", "gram", "tonnes", "tonne", "tons", "ton", "lb", "lbs",
	"ounces", "ounce", "oz", "barrels", "barrel", "bpd", "litres",
	"liters", "litre", "liter", "gallons", "gallon", "acres", "acre",
	"hectares", "hectare", "ha", "sq", "degrees", "mw", "gw", "kw", "kwh",
	"mwh", "gwh", "twh", "megawatts", "megawatt", "gigawatts", "gigawatt",
	"kilowatts", "bushels", "bales", "carats", "knots", "mph", "km/h",
	"kph", "cubic", "square", "boe", "mcf", "bcf", "tcf", "cu", "nautical",
	"troy", "dwt", "teu", "celsius", "fahrenheit", "volts", "hertz",
	"bytes", "gigabytes", "terabytes", "megabytes", "gb", "tb", "mb",
	"years-old", NULL};
/* Units glued to a number: "10km", "5kg", "300MW". */
static const char *const UNIT_SUFFIX[] = {
	"km", "kg", "mw", "gw", "kw", "kwh", "gwh", "mwh", "twh", "cm", "mm",
	"ft", "lb", "lbs", "oz", "mph", "kph", "bpd", "ha", "gb", "tb", "mb",
	"t", NULL};
static const char *const PCT_WORDS[] = {"%", "percent", "pct", NULL};

/* Hash of a short token in lower case, 0 when longer than 12 bytes. */
static uint32_t trig_hash(const char *p, size_t len)
{
	char low[TOK_MAXLEN];
	if (len == 0 || len > 12)
		return 0;
	size_t ll = fold_lower(low, p, len, 0);
	uint32_t h = sm_hash(low, ll);
	return h ? h : 1;
}

/* Add the words of a NULL-terminated list to the trigger set. */
static void trig_add_list(uint32_t *trig, const char *const *list)
{
	for (int i = 0; list[i]; i++) {
		uint32_t h = trig_hash(list[i], strlen(list[i]));
		size_t k = h % TRIG_SLOTS;
		while (trig[k] != 0 && trig[k] != h)
			k = (k + 1) % TRIG_SLOTS;
		trig[k] = h;
	}
}

/*
 * Fill the model's trigger set: every word a rule match can begin with.
 * Tokens starting with a digit, a sign, '$' or a non-ASCII byte, or holding
 * a '$', always trigger; any other token must be in the set.  This skips
 * the rule matchers for most tokens.
 */
static void trig_init(uint32_t *trig)
{
	memset(trig, 0, TRIG_SLOTS * sizeof(uint32_t));
	trig_add_list(trig, MONTHS);
	trig_add_list(trig, WEEKDAYS);
	trig_add_list(trig, DATE_WORDS);
	trig_add_list(trig, DATE_MODS);
	trig_add_list(trig, NUM_WORDS);
	trig_add_list(trig, CUR_SYMS);
}

/* May a rule match begin at token w? */
static int trig_test(const uint32_t *trig, const sm_str_t *w)
{
	if (w->len == 0)
		return 0;
	unsigned char c = (unsigned char)w->p[0];
	if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '$' ||
	    c >= 0x80 || memchr(w->p, '$', w->len))
		return 1;
	uint32_t h = trig_hash(w->p, w->len);
	if (h == 0)
		return 0;
	size_t k = h % TRIG_SLOTS;
	while (trig[k] != 0) {
		if (trig[k] == h)
			return 1;
		k = (k + 1) % TRIG_SLOTS;
	}
	return 0;
}

/* Is w[off..] a plain number: [+-]digits with , and at most one '.'? */
static size_t num_prefix_len(const char *p, size_t len)
{
	size_t i = 0, digits = 0;
	if (i < len && (p[i] == '+' || p[i] == '-'))
		i++;
	while (i < len && ((p[i] >= '0' && p[i] <= '9') ||
			   ((p[i] == ',' || p[i] == '.') && digits > 0 &&
			    i + 1 < len && p[i + 1] >= '0' && p[i + 1] <= '9'))) {
		if (p[i] >= '0' && p[i] <= '9')
			digits++;
		i++;
	}
	return digits ? i : 0;
}

/* Is the whole token a number ("5", "-3.5", "1,200")? */
static int is_number_tok(const sm_str_t *w)
{
	size_t k = num_prefix_len(w->p, w->len);
	return k > 0 && k == w->len;
}

/* Does the rest of w after a number equal one of the suffixes? */
static int num_with_suffix(const sm_str_t *w, size_t skip,
			   const char *const *sufs)
{
	if (skip > w->len)
		return 0;
	sm_str_t r = {w->p + skip, w->len - skip};
	size_t k = num_prefix_len(r.p, r.len);
	if (k == 0 || k == r.len)
		return 0;
	sm_str_t s = {r.p + k, r.len - k};
	return in_list(&s, sufs) != 0;
}

/*
 * A number phrase at i: number [magnitude...], or number-with-magnitude
 * suffix, or a number word.  Returns the end index, or 0 if none.
 */
static size_t number_phrase(const ner_toks_t *t, size_t i)
{
	size_t j;
	if (i >= t->n)
		return 0;
	const sm_str_t *w = &t->w[i];
	if (is_number_tok(w) || num_with_suffix(w, 0, MAG_SUFFIX))
		j = i + 1;
	else if (in_list(w, NUM_WORDS) && !ieq(w, "a") && !ieq(w, "half"))
		j = i + 1;
	else if ((ieq(w, "a") || ieq(w, "half")) && i + 1 < t->n &&
		 in_list(&t->w[i + 1], MAGNITUDES) &&
		 (t->w[i + 1].len > 2))
		j = i + 1;
	else
		return 0;
	/* magnitudes: "1.5 million", "two billion"; single letters only
	   right after a digit token. */
	while (j < t->n && in_list(&t->w[j], MAGNITUDES)) {
		if (t->w[j].len <= 1 && !is_number_tok(&t->w[j - 1]))
			break;
		j++;
	}
	return j;
}

/* Does the token start with an ASCII capital? */
static int cap_first(const sm_str_t *w)
{
	return w->len > 0 && w->p[0] >= 'A' && w->p[0] <= 'Z';
}

/* A day of the month: 1..31, optionally with an ordinal suffix ("5th"). */
static int is_day_num(const sm_str_t *w)
{
	size_t k = num_prefix_len(w->p, w->len);
	if (k == 0 || k > 2 || w->p[0] == '+' || w->p[0] == '-')
		return 0;
	if (k != w->len) {
		sm_str_t s = {w->p + k, w->len - k};
		static const char *const ORD[] = {"st", "nd", "rd", "th", NULL};
		if (!in_list(&s, ORD))
			return 0;
	}
	int d = w->p[0] - '0';
	if (k == 2)
		d = d * 10 + (w->p[1] - '0');
	return d >= 1 && d <= 31;
}

/* Value of n decimal digits at p. */
static int atoi_n(const char *p, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (p[i] - '0');
	return v;
}

/* A four-digit year 1800..2099. */
static int is_year(const sm_str_t *w)
{
	if (w->len != 4 || !is_number_tok(w))
		return 0;
	int y = atoi_n(w->p, 4);
	return y >= 1800 && y <= 2099;
}

/* Index+1 of the capitalized month name at i, or 0. */
static int month_at(const ner_toks_t *t, size_t i)
{
	if (i >= t->n || !cap_first(&t->w[i]))
		return 0;
	return in_list(&t->w[i], MONTHS);
}

/* Is a digit pattern like 2025-09-05, 05/09/2025 or 5.9.2025? */
static int is_date_numeric(const sm_str_t *w)
{
	int groups = 0, digits = 0;
	char sep = 0;
	for (size_t i = 0; i < w->len; i++) {
		char c = w->p[i];
		if (c >= '0' && c <= '9') {
			digits++;
			continue;
		}
		if (c != '-' && c != '/' && c != '.')
			return 0;
		if (digits == 0 || digits > 4 || (sep && c != sep))
			return 0;
		sep = c;
		groups++;
		digits = 0;
	}
	if (groups != 2 || digits == 0 || digits > 4)
		return 0;
	return w->len >= 6;
}

/* DATE at i; returns end or 0. */
static size_t match_date(const ner_toks_t *t, size_t i)
{
	const sm_str_t *w = &t->w[i];
	size_t j = i, m;
	if (in_list(w, DATE_WORDS))
		return i + 1;
	if (in_list(w, DATE_MODS) && !cap_first(w) && i + 1 < t->n) {
		const sm_str_t *x = &t->w[i + 1];
		if ((in_list(x, DATE_UNITS) && !cap_first(x)) ||
		    (cap_first(x) && in_list(x, WEEKDAYS)) ||
		    (month_at(t, i + 1) && !ieq(x, "may") && !ieq(x, "march")))
			return i + 2;
		return 0;
	}
	if (is_date_numeric(w) && (w->p[4] == '-' || w->p[2] == '/' ||
				   w->p[1] == '/' || w->p[2] == '.'))
		return i + 1;
	/* Decades: "1990s", "the 80s". */
	if (w->len == 5 && w->p[4] == 's' && is_number_tok(&(sm_str_t){w->p, 4}))
		return i + 1;
	if (cap_first(w) && in_list(w, WEEKDAYS)) {
		j = i + 1;
		/* "Friday, September 5" */
		size_t k = j;
		if (tok_is(t, k, ","))
			k++;
		if (month_at(t, k) || (k < t->n && is_day_num(&t->w[k]) &&
				       month_at(t, k + 1))) {
			size_t e = match_date(t, k);
			if (e > k)
				return e;
		}
		return j;
	}
	/* day month [year] */
	if (is_day_num(w) && (m = (size_t)month_at(t, i + 1)) != 0) {
		j = i + 2;
		if (j < t->n && is_year(&t->w[j]))
			j++;
		return j;
	}
	if ((m = (size_t)month_at(t, i)) != 0) {
		int strong = !ieq(w, "may") && !ieq(w, "march") && m <= 12;
		j = i + 1;
		if (j < t->n && is_day_num(&t->w[j])) {
			j++;
			strong = 1;
			if (tok_is(t, j, ",") && j + 1 < t->n &&
			    is_year(&t->w[j + 1]))
				j += 2;
			else if (j < t->n && is_year(&t->w[j]))
				j++;
		} else if (j < t->n && is_year(&t->w[j])) {
			j++;
			strong = 1;
		}
		if (!strong && i > 0 && in_list(&t->w[i - 1], YEAR_PREPS))
			strong = 1;
		return strong ? j : 0;
	}
	if (is_year(w) && i > 0 && in_list(&t->w[i - 1], YEAR_PREPS))
		return i + 1;
	return 0;
}

/* Is the token a currency symbol or code standing alone ("$", "EUR")? */
static int is_cur_sym(const sm_str_t *w)
{
	return in_list(w, CUR_SYMS) != 0;
}

/* Length of a currency prefix glued to a number ("$10", "US$5"), or 0. */
static size_t cur_prefix(const sm_str_t *w)
{
	for (int i = 0; CUR_PREFIX[i]; i++) {
		size_t k = strlen(CUR_PREFIX[i]);
		if (w->len > k && memcmp(w->p, CUR_PREFIX[i], k) == 0 &&
		    w->p[k] >= '0' && w->p[k] <= '9')
			return k;
	}
	return 0;
}

/* MONEY at i ("$10.9bn", "$ 10.9 bn", "300 dlrs", "5 U.S. dollars"); end or 0. */
static size_t match_money(const ner_toks_t *t, size_t i)
{
	const sm_str_t *w = &t->w[i];
	size_t j, k;
	if (is_cur_sym(w) && (w->len > 2 || !cap_first(w) || w->p[0] == 'D' ||
			      w->p[0] == 'R' || (unsigned char)w->p[0] >= 0x80 ||
			      w->p[0] == '$' || strchr(w->p, '$') != NULL ||
			      w->len == 2)) {
		if ((j = number_phrase(t, i + 1)) != 0)
			return j;
		return 0;
	}
	if ((k = cur_prefix(w)) != 0) {
		sm_str_t r = {w->p + k, w->len - k};
		if (is_number_tok(&r) || num_with_suffix(&r, 0, MAG_SUFFIX)) {
			j = i + 1;
			while (j < t->n && in_list(&t->w[j], MAGNITUDES) &&
			       t->w[j].len > 1)
				j++;
			return j;
		}
		return 0;
	}
	if ((j = number_phrase(t, i)) != 0 && j < t->n) {
		size_t e = j;
		if (tok_is(t, e, "u.s.") || tok_is(t, e, "us") ||
		    tok_is(t, e, "australian") || tok_is(t, e, "canadian") ||
		    tok_is(t, e, "hong") || tok_is(t, e, "swiss") ||
		    tok_is(t, e, "french") || tok_is(t, e, "german"))
			e++;
		if (tok_is(t, e, "kong"))
			e++;
		if (e < t->n && in_list(&t->w[e], CUR_WORDS))
			return e + 1;
	}
	return 0;
}

/* PERCENT at i ("3.5%", "3.5 %", "12 pct", "2 per cent"); end or 0. */
static size_t match_percent(const ner_toks_t *t, size_t i)
{
	const sm_str_t *w = &t->w[i];
	size_t j;
	if (w->len > 1 && w->p[w->len - 1] == '%') {
		sm_str_t r = {w->p, w->len - 1};
		if (is_number_tok(&r))
			return i + 1;
	}
	if ((j = number_phrase(t, i)) == 0 || j >= t->n)
		return 0;
	if (in_list(&t->w[j], PCT_WORDS))
		return j + 1;
	if (tok_is(t, j, "per") && tok_is(t, j + 1, "cent"))
		return j + 2;
	if (tok_is(t, j, "percentage") &&
	    (tok_is(t, j + 1, "point") || tok_is(t, j + 1, "points")))
		return j + 2;
	return 0;
}

/* QUANTITY at i: number + unit of measure ("10km", "1.2 million barrels"); end or 0. */
static size_t match_quantity(const ner_toks_t *t, size_t i)
{
	const sm_str_t *w = &t->w[i];
	size_t j;
	if (num_with_suffix(w, 0, UNIT_SUFFIX)) {
		/* "10km" but not "5m"/"3t" read as money or tonnes alone */
		return i + 1;
	}
	if ((j = number_phrase(t, i)) == 0 || j >= t->n)
		return 0;
	if (!in_list(&t->w[j], UNITS))
		return 0;
	if ((ieq(&t->w[j], "square") || ieq(&t->w[j], "cubic") ||
	     ieq(&t->w[j], "nautical") || ieq(&t->w[j], "troy") ||
	     ieq(&t->w[j], "sq") || ieq(&t->w[j], "cu"))) {
		if (j + 1 < t->n && in_list(&t->w[j + 1], UNITS))
			return j + 2;
		return 0;
	}
	return j + 1;
}

/*
 * May a rule entity of this type cover [i, e)?  DATE only over O tokens;
 * MONEY, PERCENT and QUANTITY also over statistical entities lying wholly
 * inside the span (the model sometimes calls "US$" MISC).
 */
static int span_free(const uint8_t *ents, size_t n, size_t i, size_t e,
		     int type)
{
	for (size_t k = i; k < e; k++) {
		if (ents[k] == 0)
			continue;
		if (type == SM_ENT_DATE)
			return 0;
		if (k == i && (ents[k] & 1))
			return 0; /* continues an entity starting before i */
	}
	return e >= n || ents[e] == 0 || !(ents[e] & 1);
}

/*
 * Apply the rules after the statistical tagger: at each token try MONEY,
 * PERCENT, QUANTITY, DATE in that order and keep the first match whose
 * span is free (span_free).
 */
static void apply_rules(const uint32_t *trig, const sm_str_t *words,
			size_t n, uint8_t *ents)
{
	ner_toks_t t = {words, n};
	size_t i = 0;
	while (i < n) {
		size_t e = 0;
		int type = 0;
		if ((ents[i] == 0 || !(ents[i] & 1)) && trig_test(trig, &words[i])) {
			if ((e = match_money(&t, i)) != 0)
				type = SM_ENT_MONEY;
			else if ((e = match_percent(&t, i)) != 0)
				type = SM_ENT_PERCENT;
			else if ((e = match_quantity(&t, i)) != 0)
				type = SM_ENT_QUANTITY;
			else if ((e = match_date(&t, i)) != 0)
				type = SM_ENT_DATE;
		}
		if (type && e > i && e <= n && span_free(ents, n, i, e, type)) {
			for (size_t k = i; k < e; k++)
				ents[k] = (uint8_t)((type << 1) | (k > i));
			i = e;
			continue;
		}
		i++;
	}
}

/* Capitalized words that start sentences, not company names ("But Acme
 * Inc said", "The Du Pont Co"); compared ignoring case. */
static const char *const NAME_STOPS[] = {
	"the", "a", "an", "but", "and", "or", "when", "while", "if", "as",
	"in", "on", "at", "for", "from", "by", "with", "of", "to", "after",
	"before", "since", "although", "though", "because", "meanwhile",
	"yesterday", "today", "now", "also", "however", "earlier", "later",
	"last", "this", "that", "under", "shares", "analysts", NULL};

/* Legal-form words that end company names ("Polly Peck International
 * Plc", "Reynolds Metals Co"), compared as written, with or without a
 * final dot. */
#define D(s) { s, sizeof(s) - 1 }
static const struct {
	const char *w;
	size_t len;
} DESIGNATORS[] = {
	D("Inc"), D("Corp"), D("Co"), D("Cos"), D("Plc"), D("PLC"), D("plc"),
	D("Ltd"), D("LLC"), D("AG"), D("GmbH"), D("NV"), D("Bhd"), D("SpA"),
	D("Oyj"), D("Incorporated"), D("Corporation"), D("Limited"),
};
#undef D

/* sm_ner_designator - see ner.h. */
int sm_ner_designator(const char *p, size_t len)
{
	if (!p)
		return 0;
	if (len > 1 && p[len - 1] == '.')
		len--;
	if (len < 2 || len > 12)
		return 0;
	for (size_t i = 0; i < sizeof DESIGNATORS / sizeof DESIGNATORS[0]; i++)
		if (DESIGNATORS[i].len == len && DESIGNATORS[i].w[0] == p[0] &&
		    memcmp(DESIGNATORS[i].w, p, len) == 0)
			return 1;
	return 0;
}

static int designator(const sm_str_t *w)
{
	return sm_ner_designator(w->p, w->len);
}

/*
 * A name that ends in a legal form is an organization: a name span whose
 * last word is one, or that one follows untagged, becomes ORG with it,
 * and with the capitalized words right before it that are untagged (not
 * "But", "The": NAME_STOPS) or a one-word MISC ("British"; a place is
 * not: "In London Acme Plc"); a bare legal form after "and" or "&"
 * takes the name before it ("Smith Barney and Co").  The model called "Polly Peck
 * International Plc" a person, "Corp" alone one in "Supermarkets General
 * Corp", and "British Telecommunications Plc" MISC, O and ORG; the fact
 * extractor then read titles ("Corp | is | Supermarkets General") and
 * would not let "it" stand for the company.  Runs after the DATE rules,
 * so "Yesterday Acme Inc" keeps its date.
 */
static void org_designators(const sm_str_t *words, size_t n, uint8_t *ents)
{
	const uint8_t b = SM_ENT_ORG << 1, in = b | 1;
	size_t i = 0;
	while (i < n) {
		int type = ents[i] >> 1;
		if (ents[i] == 0 || (ents[i] & 1) || type > SM_ENT_MISC) {
			i++;
			continue;
		}
		size_t e = i + 1;
		while (e < n && ents[e] == (uint8_t)((type << 1) | 1))
			e++;
		size_t start = i, end = e;
		if (e < n && ents[e] == 0 && designator(&words[e]))
			end = e + 1;
		if (!designator(&words[end - 1])) {
			i = end;
			continue;
		}
		/* "Smith Barney and Co", "Salomon Brothers & Co": a bare
		 * legal form after "and" belongs to the name before it */
		if (end - start == 1 && start >= 2 && cap_first(&words[start - 2]) &&
		    (ieq(&words[start - 1], "and") || ieq(&words[start - 1], "&") ||
		     ieq(&words[start - 1], "&amp;"))) {
			start--;
			while (start > 0 && (ents[start - 1] >> 1) >= SM_ENT_PER &&
			       (ents[start - 1] >> 1) <= SM_ENT_MISC) {
				start--;  /* the whole name before "and" */
				if (!(ents[start] & 1))
					break;
			}
		}
		for (;;) {
			size_t p = start - 1;
			int pt = start > 0 ? ents[p] >> 1 : -1;
			if (start == 0 || !cap_first(&words[p]) ||
			    in_list(&words[p], NAME_STOPS))
				break;
			if (ents[p] != 0 && !(pt == SM_ENT_MISC && !(ents[p] & 1)))
				break;
			start--;
			if (ents[p] != 0)
				break;  /* "British", then no further */
		}
		if (end - start >= 2)
			for (size_t k = start; k < end; k++)
				ents[k] = k == start ? b : in;
		i = end;
	}
}

/* Name particles between a person's names ("Ursula von der Leyen"). */
static const char *const PARTICLES[] = {
	"von", "van", "der", "den", "de", "da", "di", "del", "della",
	"dos", "du", "la", "le", "bin", "ibn", "al", "el", "ter", "zu",
	NULL};

/* A name particle as it stands between names: lower case ("von", "de");
 * a capitalized "De" or "Le" is a surname. */
static int name_particle(const sm_str_t *w)
{
	return in_list(w, PARTICLES) && !cap_first(w);
}

/*
 * Join name particles: "Ursula/PER von der Leyen/PER" becomes one PER when
 * lower-case particles sit between a PER token and a capitalized token that
 * begins a PER, or is a one-token entity of another type or O (the model
 * often calls the surname after a particle LOC: "van Gogh", "von der
 * Leyen").
 */
static void join_particles(const sm_str_t *words, size_t n, uint8_t *ents)
{
	const uint8_t b = SM_ENT_PER << 1, in = (SM_ENT_PER << 1) | 1;
	for (size_t i = 1; i + 1 < n; i++) {
		if (ents[i - 1] >> 1 != SM_ENT_PER || ents[i] != 0)
			continue;
		size_t j = i;
		while (j < n && j - i < 3 && ents[j] == 0 && name_particle(&words[j]))
			j++;
		if (j == i || j >= n || !cap_first(&words[j]))
			continue;
		if (ents[j] != b && ((ents[j] & 1) ||
				     (j + 1 < n && (ents[j + 1] & 1))))
			continue; /* part of a longer entity */
		for (size_t k = i; k <= j; k++)
			ents[k] = in;
		i = j;
	}
}

/* ============================================================== tagging */

/* sm_ent_type_name - see ner.h. */
const char *sm_ent_type_name(int type)
{
	static const char *const names[] = {"O",    "PER",   "ORG",
					    "LOC",  "MISC",  "DATE",
					    "MONEY", "PERCENT", "QUANTITY"};
	if (type < 1 || type > 8)
		return "O";
	return names[type];
}

/* sm_ner_new - see ner.h; the scratch starts at 64 tokens and grows. */
int sm_ner_new(const sm_ner_model_t *m, sm_ner_t **out)
{
	sm_ner_t *r = NULL;
	if (!m || !out)
		return SM_EINVAL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return SM_ENOMEM;
	r->m = m;
	if (sent_reserve(&r->s, 64) != SM_OK) {
		free(r);
		return SM_ENOMEM;
	}
	*out = r;
	return SM_OK;
}

/* sm_ner_free - see ner.h. */
void sm_ner_free(sm_ner_t *r)
{
	if (!r)
		return;
	sent_free(&r->s);
	free(r);
}

/* sm_ner_begin_doc - see ner.h. */
void sm_ner_begin_doc(sm_ner_t *r)
{
	if (r)
		hist_clear(&r->hist);
}

/* Tag one chunk of at most SM_NER_MAX_TOKENS tokens, statistical part. */
static void tag_chunk(sm_ner_t *r, const sm_str_t *words,
		      const char *const *pos, size_t n, uint8_t *ents)
{
	ner_sent_t *s = &r->s;
	uint32_t f[MAXF];
	sent_analyse(s, r->m->lex, words, pos, n);
	hist_lookup(&r->hist, s, n);
	for (size_t i = 0; i < n; i++) {
		float sc[NCLASS] = {0};
		size_t k = feats_static(s, n, i, f);
		k += feats_dynamic(s, i, f + k);
		model_score(r->m, f, k, sc);
		int c = argmax_allowed(sc, i > 0 ? s->tags[i - 1] : 0);
		s->tags[i] = (uint8_t)c;
		ents[i] = class_to_code(c);
	}
	hist_update(&r->hist, s, n);
}

/* Check arguments, grow the scratch once, tag chunk by chunk. */
static int tag_common(sm_ner_t *r, const sm_str_t *words,
		      const char *const *pos, size_t n, uint8_t *ents,
		      int rules)
{
	if (!r || ((!words || !ents) && n > 0))
		return SM_EINVAL;
	if (n == 0)
		return SM_OK;
	size_t need = n < SM_NER_MAX_TOKENS ? n : SM_NER_MAX_TOKENS;
	if (sent_reserve(&r->s, need) != SM_OK)
		return SM_ENOMEM;
	for (size_t off = 0; off < n; off += SM_NER_MAX_TOKENS) {
		size_t len = n - off < SM_NER_MAX_TOKENS ? n - off
							 : SM_NER_MAX_TOKENS;
		tag_chunk(r, words + off, pos ? pos + off : NULL, len,
			  ents + off);
		if (rules) {
			join_particles(words + off, len, ents + off);
			apply_rules(r->m->trig, words + off, len, ents + off);
			org_designators(words + off, len, ents + off);
		}
	}
	return SM_OK;
}

/* sm_ner_tag - see ner.h: statistical tags, name particles, then rules. */
int sm_ner_tag(sm_ner_t *r, const sm_str_t *words, const char *const *pos,
	       size_t n, uint8_t *ents)
{
	return tag_common(r, words, pos, n, ents, 1);
}

/* sm_ner_tag_stat - see ner.h. */
int sm_ner_tag_stat(sm_ner_t *r, const sm_str_t *words,
		    const char *const *pos, size_t n, uint8_t *ents)
{
	return tag_common(r, words, pos, n, ents, 0);
}

/*
 * A token that can go on a person's name: capitalized, with a lower-case
 * letter or a period ("Chee-hwa", "E.H."), no digit; all-caps words are
 * mostly acronyms ("US", "CEO") and are left out.
 */
static int name_word(uint16_t fl)
{
	return (fl & FL_INITCAP) && !(fl & FL_HASDIG) &&
	       (!(fl & FL_ALLCAP) || (fl & FL_PERIOD));
}

/*
 * Has the entity model typed word i of s a person in this document, more
 * often than any other entity type?  (History of sm_ner_tag, by lower-
 * cased word; O is not counted: "Arrivillaga" may also start a sentence
 * the model left alone.)
 */
static int hist_person(const ner_hist_t *h, const ner_sent_t *s, size_t i)
{
	if (h->used == 0 || !(s->flags[i] & FL_ALPHA))
		return 0;
	size_t k = hist_find(h, s->lid[i]);
	if (h->keys[k] != s->lid[i] || h->cnt[k][1] == 0)
		return 0;
	for (int c = 2; c < 5; c++)
		if (h->cnt[k][c] >= h->cnt[k][1])
			return 0;
	return 1;
}

/*
 * Can word i stand before a surname as a given name?  Not when the news
 * mostly writes it in lower case (bucket 1 or 2: "Yesterday", "But"),
 * types it as something other than a person (the type prior is
 * 1 + 2 * type + sure, type 0 = O: "President", "Guatemalan"), or it is
 * hyphenated ("Ex-PM", "Singer-songwriter"); and a sentence's first word,
 * whose capital says nothing, must be known to the news at all (not
 * "Fuming" in "Fuming Robinson blasts officials").
 */
static int given_name_ok(const ner_sent_t *s, size_t i)
{
	unsigned pri = s->pri[i];
	if (s->wcb[i] == 1 || s->wcb[i] == 2 || (s->flags[i] & FL_HYPHEN) ||
	    (i == 0 && s->wcb[i] == 0))
		return 0;
	return pri == 0 || (pri - 1) / 2 == SM_ENT_PER;
}

/* sm_ner_names - see ner.h. */
int sm_ner_names(sm_ner_t *r, const sm_str_t *words, size_t n, uint8_t *ents)
{
	const uint8_t first_name = 1u << 5; /* GAZ_FILES[5], first-names.txt */
	const uint8_t title = 1u << 7;      /* GAZ_FILES[7], titles.txt */
	const uint8_t b = SM_ENT_PER << 1, in = (SM_ENT_PER << 1) | 1;
	if (!r || ((!words || !ents) && n > 0))
		return SM_EINVAL;
	if (n == 0)
		return SM_OK; /* ents may be NULL: no memset */
	memset(ents, 0, n);
	if (n < 2)
		return SM_OK;
	ner_sent_t *s = &r->s;
	for (size_t off = 0; off < n; off += SM_NER_MAX_TOKENS) {
		size_t len = n - off < SM_NER_MAX_TOKENS ? n - off : SM_NER_MAX_TOKENS;
		if (sent_reserve(s, len) != SM_OK)
			return SM_ENOMEM;
		sent_analyse(s, r->m->lex, words + off, NULL, len);
		if (s->caps_sent)
			continue; /* a headline: capitals say nothing */
		for (size_t i = 0; i + 1 < len; i++) {
			if (!name_word(s->flags[i]))
				continue;
			/* the run of name words (and particles) from i */
			size_t j = i + 1;
			for (;;) {
				size_t k = j;
				while (k < len && k - j < 3 && name_particle(&words[off + k]))
					k++; /* "von der" */
				if (k >= len || !name_word(s->flags[k]))
					break;
				j = k + 1;
			}
			/* The name starts at the run's first given name: a first
			 * name, or a word the news mostly calls a person (type
			 * prior 1 + 2 * type + sure)... */
			size_t start = j;
			for (size_t k = i; k < j && start == j; k++)
				if (name_word(s->flags[k]) && !(s->gzb[k] & title) &&
				    ((s->gzb[k] & first_name) ||
				     s->pri[k] == 1 + 2 * SM_ENT_PER ||
				     s->pri[k] == 2 + 2 * SM_ENT_PER))
					start = k;
			/* ...or, when none stands before the last word, at the
			 * run's first word that may be a given name, if the
			 * model has called the last word a person in this
			 * document: "(President) Rolando Arrivillaga" after
			 * "Arrivillaga said". */
			if (j - start < 2 && j - i >= 2 && hist_person(&r->hist, s, j - 1)) {
				for (size_t k = i; k + 1 < j; k++)
					if (name_word(s->flags[k]) && !(s->gzb[k] & title) &&
					    given_name_ok(s, k)) {
						start = k;
						break;
					}
			}
			if (j - start >= 2) {
				ents[off + start] = b;
				for (size_t k = start + 1; k < j; k++)
					ents[off + k] = in;
			}
			i = j - 1;
		}
	}
	return SM_OK;
}

/* ============================================================ model I/O */

/* Little-endian u32 at p. */
static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

/* Store v little-endian at p. */
static void wr32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* sm_ner_model_free - see ner.h. */
void sm_ner_model_free(sm_ner_model_t *m)
{
	if (!m)
		return;
	free(m->fkeys);
	free(m->fw);
	for (int i = 0; i < NLEX; i++)
		tab_free(&m->lex[i]);
	free(m);
}

#define HDR_SIZE (28u + 4u * NLEX) /* 44: see the layout above */
#define MAX_SLOTS (1u << 24)

/* Bytes of a model file with these table sizes (no overflow at MAX_SLOTS). */
static size_t model_bytes(size_t f, const size_t *lex)
{
	size_t b = HDR_SIZE + f * (4 + 2 * NCLASS) + 4;
	for (int i = 0; i < NLEX; i++)
		b += lex[i] * 5;
	return b;
}

/* Decode one key/value table from p; checks that it has an empty slot. */
static int decode_tab(ner_tab_t *t, size_t slots, const unsigned char *p)
{
	if (slots == 0)
		return SM_OK;
	t->slots = slots;
	t->keys = malloc(slots * sizeof(uint32_t));
	t->vals = malloc(slots);
	if (!t->keys || !t->vals)
		return SM_ENOMEM;
	for (size_t i = 0; i < slots; i++) {
		t->keys[i] = rd32(p + 4 * i);
		t->used += t->keys[i] != 0;
	}
	memcpy(t->vals, p + 4 * slots, slots);
	return t->used < slots ? SM_OK : SM_EMODEL;
}

/*
 * sm_ner_model_load - see ner.h.  The whole file is read, its length must
 * equal what the header's table sizes imply, and the checksum must match,
 * before any table is decoded; so a truncated or corrupt file is SM_EMODEL.
 */
int sm_ner_model_load(const char *models_dir, sm_ner_model_t **out)
{
	unsigned char *buf = NULL;
	char *path = NULL;
	sm_ner_model_t *m = NULL;
	size_t len = 0, plen;
	int rc;

	if (!models_dir || !out)
		return SM_EINVAL;
	plen = strlen(models_dir) + sizeof("/en-ner.bin");
	path = malloc(plen);
	if (!path)
		return SM_ENOMEM;
	snprintf(path, plen, "%s/en-ner.bin", models_dir);
	/* A missing or unreadable model, or one over 64 MiB, is a bad model. */
	char *raw = NULL;
	rc = sm_file_read(path, &raw, &len);
	if (rc != SM_OK) {
		if (rc != SM_ENOMEM)
			rc = SM_EMODEL;
		goto cleanup;
	}
	buf = (unsigned char *)raw;
	rc = SM_EMODEL;
	if (len > 64ul * 1024 * 1024)
		goto cleanup;
	rc = SM_EMODEL;
	if (len < HDR_SIZE + 4 || memcmp(buf, NER_MAGIC, 8) != 0)
		goto cleanup;
	if (rd32(buf + len - 4) != sm_hash((const char *)buf, len - 4))
		goto cleanup;
	if (rd32(buf + 8) != SM_NER_FORMAT || rd32(buf + 12) != NCLASS ||
	    rd32(buf + 16) != SM_NER_FEATSET)
		goto cleanup;
	size_t fs = rd32(buf + 20), ls[NLEX];
	if (fs > MAX_SLOTS)
		goto cleanup;
	for (int i = 0; i < NLEX; i++) {
		ls[i] = rd32(buf + 24 + 4 * i);
		if (ls[i] > MAX_SLOTS)
			goto cleanup;
	}
	if (model_bytes(fs, ls) != len)
		goto cleanup;
	m = calloc(1, sizeof(*m));
	if (!m) {
		rc = SM_ENOMEM;
		goto cleanup;
	}
	trig_init(m->trig);
	uint32_t sbits = rd32(buf + 24 + 4 * NLEX);
	memcpy(&m->scale, &sbits, sizeof(m->scale));
	if (!(m->scale > 0.0f && m->scale < 1e6f))
		goto cleanup;
	const unsigned char *p = buf + HDR_SIZE;
	m->fslots = fs;
	if (fs > 0) {
		size_t used = 0;
		m->fkeys = malloc(fs * sizeof(uint32_t));
		m->fw = malloc(fs * NCLASS * sizeof(int16_t));
		if (!m->fkeys || !m->fw) {
			rc = SM_ENOMEM;
			goto cleanup;
		}
		for (size_t i = 0; i < fs; i++) {
			m->fkeys[i] = rd32(p + 4 * i);
			used += m->fkeys[i] != 0;
		}
		if (used >= fs)
			goto cleanup;
		p += 4 * fs;
		for (size_t i = 0; i < fs * NCLASS; i++)
			m->fw[i] = (int16_t)(uint16_t)(p[2 * i] |
						       (p[2 * i + 1] << 8));
		p += 2 * NCLASS * fs;
	}
	for (int i = 0; i < NLEX; i++) {
		if ((rc = decode_tab(&m->lex[i], ls[i], p)) != SM_OK)
			goto cleanup;
		p += 5 * ls[i];
	}
	*out = m;
	m = NULL;
	rc = SM_OK;
cleanup:
	sm_ner_model_free(m);
	free(buf);
	free(path);
	return rc;
}

/*
 * sm_ner_model_save - see ner.h.  The image is built in memory, written to
 * path.tmp and renamed over path.
 */
int sm_ner_model_save(const sm_ner_model_t *m, const char *path)
{
	unsigned char *buf = NULL, *p;
	size_t len;
	int rc;
	if (!m || !path)
		return SM_EINVAL;
	size_t ls[NLEX];
	for (int i = 0; i < NLEX; i++)
		ls[i] = m->lex[i].slots;
	len = model_bytes(m->fslots, ls);
	buf = calloc(1, len);
	if (!buf)
		return SM_ENOMEM;
	memcpy(buf, NER_MAGIC, 8);
	wr32(buf + 8, SM_NER_FORMAT);
	wr32(buf + 12, NCLASS);
	wr32(buf + 16, SM_NER_FEATSET);
	wr32(buf + 20, (uint32_t)m->fslots);
	for (int i = 0; i < NLEX; i++)
		wr32(buf + 24 + 4 * i, (uint32_t)ls[i]);
	uint32_t sbits;
	memcpy(&sbits, &m->scale, sizeof(sbits));
	wr32(buf + 24 + 4 * NLEX, sbits);
	p = buf + HDR_SIZE;
	for (size_t i = 0; i < m->fslots; i++, p += 4)
		wr32(p, m->fkeys[i]);
	for (size_t i = 0; i < m->fslots * NCLASS; i++, p += 2) {
		uint16_t v = (uint16_t)m->fw[i];
		p[0] = (unsigned char)v;
		p[1] = (unsigned char)(v >> 8);
	}
	for (int t = 0; t < NLEX; t++) {
		const ner_tab_t *tab = &m->lex[t];
		for (size_t i = 0; i < tab->slots; i++, p += 4)
			wr32(p, tab->keys[i]);
		if (tab->slots)
			memcpy(p, tab->vals, tab->slots);
		p += tab->slots;
	}
	wr32(p, sm_hash((const char *)buf, len - 4));
	/* through path.tmp and a rename: readers never see half a model */
	rc = sm_file_write(path, buf, len);
	free(buf);
	return rc;
}

/* ============================================================= training */

struct sm_ner_trainer {
	ner_tab_t lex[NLEX];
	/* feature map: key -> index into w/ws */
	uint32_t *keys;
	uint32_t *idx;
	size_t slots, nfeat, wcap;
	float *w;   /* current weights */
	double *ws; /* second accumulator: sum of c * delta */
	double c;   /* clock: tokens seen */
	ner_sent_t s;
	ner_hist_t hist;
};

/* Add one gazetteer phrase (space separated tokens) with category bits. */
static int gaz_add(ner_tab_t *gaz, const char *line, size_t len, uint8_t bits)
{
	char low[TOK_MAXLEN];
	uint32_t h = 2166136261u;
	size_t i = 0, ntok = 0;
	while (i < len) {
		while (i < len && line[i] == ' ')
			i++;
		size_t st = i;
		while (i < len && line[i] != ' ')
			i++;
		if (i == st)
			break;
		size_t e = i;
		/* PTB splits a possessive off: "People's" -> "People" "'s" */
		int poss = e - st > 2 && line[e - 2] == '\'' && line[e - 1] == 's';
		if (poss)
			e -= 2;
		if (ntok++ > 0)
			h = hash_more(h, " ", 1);
		size_t ll = fold_lower(low, line + st, e - st, 1);
		h = hash_more(h, low, ll);
		if (poss) {
			h = hash_more(h, " 's", 3);
			ntok++;
		}
	}
	if (ntok == 0 || ntok > GAZ_MAXLEN)
		return SM_OK;
	return tab_put(gaz, h ? h : 1, bits, 1);
}

/* Add every line of dir/name to the gazetteer with category bits. */
static int gaz_load_file(ner_tab_t *gaz, const char *dir, const char *name,
			 uint8_t bits)
{
	char path[4096], line[1024];
	FILE *fp;
	int rc = SM_OK;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "r");
	if (!fp)
		return SM_EIO;
	while (fgets(line, sizeof(line), fp)) {
		size_t len = strlen(line);
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' ||
				   line[len - 1] == ' '))
			len--;
		if (len == 0 || line[0] == '#')
			continue;
		if ((rc = gaz_add(gaz, line, len, bits)) != SM_OK)
			break;
	}
	fclose(fp);
	return rc;
}

/* sm_ner_trainer_free - see ner.h. */
void sm_ner_trainer_free(sm_ner_trainer_t *t)
{
	if (!t)
		return;
	for (int i = 0; i < NLEX; i++)
		tab_free(&t->lex[i]);
	free(t->keys);
	free(t->idx);
	free(t->w);
	free(t->ws);
	sent_free(&t->s);
	free(t);
}

/* sm_ner_trainer_new - see ner.h; all eight gazetteer files must exist. */
int sm_ner_trainer_new(const char *gazetteer_dir, sm_ner_trainer_t **out)
{
	sm_ner_trainer_t *t = NULL;
	int rc = SM_ENOMEM;
	if (!gazetteer_dir || !out)
		return SM_EINVAL;
	t = calloc(1, sizeof(*t));
	if (!t)
		goto cleanup;
	t->slots = 1u << 20;
	t->keys = calloc(t->slots, sizeof(uint32_t));
	t->idx = calloc(t->slots, sizeof(uint32_t));
	if (!t->keys || !t->idx)
		goto cleanup;
	if (sent_reserve(&t->s, SM_NER_MAX_TOKENS) != SM_OK)
		goto cleanup;
	for (int b = 0; b < 8; b++) {
		rc = gaz_load_file(&t->lex[LEX_GAZ], gazetteer_dir, GAZ_FILES[b],
				   (uint8_t)(1u << b));
		if (rc != SM_OK)
			goto cleanup;
	}
	*out = t;
	t = NULL;
	rc = SM_OK;
cleanup:
	sm_ner_trainer_free(t);
	return rc;
}

/* sm_ner_trainer_set_wordcase - see ner.h; keeps the prior bits. */
int sm_ner_trainer_set_wordcase(sm_ner_trainer_t *t, const char *word,
				size_t len, int bucket)
{
	char low[TOK_MAXLEN];
	if (!t || !word || bucket < 1 || bucket > 15)
		return SM_EINVAL;
	size_t ll = fold_lower(low, word, len, 1);
	uint32_t h = sm_hash(low, ll);
	h = h ? h : 1;
	uint8_t old = tab_get(&t->lex[LEX_WC], h);
	return tab_put(&t->lex[LEX_WC], h, (uint8_t)((old & 0xF0) | bucket), 0);
}

/* sm_ner_trainer_set_prior - see ner.h; keeps the word-case bits. */
int sm_ner_trainer_set_prior(sm_ner_trainer_t *t, const char *word,
			      size_t len, int prior)
{
	char low[TOK_MAXLEN];
	if (!t || !word || prior < 0 || prior > 15)
		return SM_EINVAL;
	size_t ll = fold_lower(low, word, len, 1);
	uint32_t h = sm_hash(low, ll);
	h = h ? h : 1;
	uint8_t old = tab_get(&t->lex[LEX_WC], h);
	return tab_put(&t->lex[LEX_WC], h, (uint8_t)((old & 15) | (prior << 4)),
		       0);
}

/* sm_ner_trainer_set_cluster - see ner.h; ids are stored + 1. */
int sm_ner_trainer_set_cluster(sm_ner_trainer_t *t, const char *word,
				size_t len, int fine, int coarse)
{
	char low[TOK_MAXLEN];
	int rc;
	if (!t || !word || fine < 0 || fine > 254 || coarse < 0 || coarse > 254)
		return SM_EINVAL;
	size_t ll = fold_lower(low, word, len, 1);
	uint32_t h = sm_hash(low, ll);
	h = h ? h : 1;
	rc = tab_put(&t->lex[LEX_CLFINE], h, (uint8_t)(fine + 1), 0);
	if (rc == SM_OK)
		rc = tab_put(&t->lex[LEX_CLCOARSE], h, (uint8_t)(coarse + 1), 0);
	return rc;
}

/* sm_ner_trainer_begin_doc - see ner.h. */
void sm_ner_trainer_begin_doc(sm_ner_trainer_t *t)
{
	if (t)
		hist_clear(&t->hist);
}

/* Index of feature key, adding it when add is set; SIZE_MAX if absent. */
static size_t tr_index(sm_ner_trainer_t *t, uint32_t key, int add, int *err)
{
	size_t i = key % t->slots;
	while (t->keys[i] != 0 && t->keys[i] != key)
		i = (i + 1 == t->slots) ? 0 : i + 1;
	if (t->keys[i] == key)
		return t->idx[i];
	if (!add)
		return SIZE_MAX;
	if ((t->nfeat + 1) * 2 > t->slots) {
		size_t ns = t->slots * 2;
		uint32_t *nk = calloc(ns, sizeof(uint32_t));
		uint32_t *ni = calloc(ns, sizeof(uint32_t));
		if (!nk || !ni) {
			free(nk);
			free(ni);
			*err = SM_ENOMEM;
			return SIZE_MAX;
		}
		for (size_t j = 0; j < t->slots; j++) {
			if (!t->keys[j])
				continue;
			size_t q = t->keys[j] % ns;
			while (nk[q])
				q = (q + 1 == ns) ? 0 : q + 1;
			nk[q] = t->keys[j];
			ni[q] = t->idx[j];
		}
		free(t->keys);
		free(t->idx);
		t->keys = nk;
		t->idx = ni;
		t->slots = ns;
		i = key % ns;
		while (t->keys[i] != 0)
			i = (i + 1 == ns) ? 0 : i + 1;
	}
	if (t->nfeat == t->wcap) {
		size_t nc = t->wcap ? t->wcap * 2 : 65536;
		float *nw = realloc(t->w, nc * NCLASS * sizeof(float));
		if (!nw) {
			*err = SM_ENOMEM;
			return SIZE_MAX;
		}
		t->w = nw;
		double *nws = realloc(t->ws, nc * NCLASS * sizeof(double));
		if (!nws) {
			*err = SM_ENOMEM;
			return SIZE_MAX;
		}
		t->ws = nws;
		t->wcap = nc;
	}
	memset(t->w + t->nfeat * NCLASS, 0, NCLASS * sizeof(float));
	memset(t->ws + t->nfeat * NCLASS, 0, NCLASS * sizeof(double));
	t->keys[i] = key;
	t->idx[i] = (uint32_t)t->nfeat;
	return t->nfeat++;
}

/*
 * sm_ner_trainer_learn - see ner.h.  Decodes exactly as sm_ner_tag_stat
 * does (greedy, own predictions as history) and on each wrong token adds
 * the token's features to the gold class and subtracts them from the
 * predicted one; ws gets the same deltas times the clock.
 */
int sm_ner_trainer_learn(sm_ner_trainer_t *t, const sm_str_t *words,
			 const char *const *pos, size_t n, const uint8_t *gold)
{
	ner_sent_t *s;
	uint32_t f[MAXF];
	int wrong = 0, err = SM_OK;
	if (!t || ((!words || !gold) && n > 0))
		return SM_EINVAL;
	if (n == 0)
		return 0;
	if (n > SM_NER_MAX_TOKENS)
		n = SM_NER_MAX_TOKENS;
	s = &t->s;
	sent_analyse(s, t->lex, words, pos, n);
	hist_lookup(&t->hist, s, n);
	for (size_t i = 0; i < n; i++) {
		float sc[NCLASS] = {0};
		size_t k = feats_static(s, n, i, f);
		k += feats_dynamic(s, i, f + k);
		for (size_t j = 0; j < k; j++) {
			size_t x = tr_index(t, f[j], 0, &err);
			if (x == SIZE_MAX)
				continue;
			for (int c = 0; c < NCLASS; c++)
				sc[c] += t->w[x * NCLASS + c];
		}
		int prev = i > 0 ? s->tags[i - 1] : 0;
		int y = argmax_allowed(sc, prev);
		int g = code_to_class(gold[i]);
		t->c += 1;
		if (y != g) {
			wrong++;
			for (size_t j = 0; j < k; j++) {
				size_t x = tr_index(t, f[j], 1, &err);
				if (x == SIZE_MAX)
					return err;
				t->w[x * NCLASS + g] += 1;
				t->ws[x * NCLASS + g] += t->c;
				t->w[x * NCLASS + y] -= 1;
				t->ws[x * NCLASS + y] -= t->c;
			}
		}
		s->tags[i] = (uint8_t)y;
	}
	hist_update(&t->hist, s, n);
	return wrong;
}

/* Copy a key/value table, rehashed to 3/4 load to keep the model small. */
static int tab_copy(ner_tab_t *dst, const ner_tab_t *src)
{
	memset(dst, 0, sizeof(*dst));
	if (src->used == 0)
		return SM_OK;
	dst->slots = src->used + src->used / 3 + 1;
	dst->keys = calloc(dst->slots, sizeof(uint32_t));
	dst->vals = calloc(dst->slots, 1);
	if (!dst->keys || !dst->vals)
		return SM_ENOMEM;
	for (size_t i = 0; i < src->slots; i++) {
		if (src->keys[i] == 0)
			continue;
		size_t j = tab_find(dst, src->keys[i]);
		dst->keys[j] = src->keys[i];
		dst->vals[j] = src->vals[i];
	}
	dst->used = src->used;
	return SM_OK;
}

typedef struct {
	float mag;
	uint32_t i;
} ner_rank_t;

/* qsort order: larger weight magnitude first, then by index (stable). */
static int rank_cmp(const void *a, const void *b)
{
	const ner_rank_t *x = a, *y = b;
	if (x->mag != y->mag)
		return x->mag < y->mag ? 1 : -1;
	return x->i < y->i ? -1 : (x->i > y->i);
}

/*
 * model_quantize - fill m's feature table from the keep best-ranked
 * features: rank[r].i indexes key_of (the feature's key) and avg (its
 * NCLASS averaged weights).  The largest magnitude maps to 32767; weights
 * round to nearest.  Errors: SM_ENOMEM.
 */
static int model_quantize(sm_ner_model_t *m, const ner_rank_t *rank, size_t keep,
			  const uint32_t *key_of, const float *avg)
{
	float maxw = 0;
	for (size_t r = 0; r < keep; r++)
		if (rank[r].mag > maxw)
			maxw = rank[r].mag;
	m->scale = maxw > 0 ? maxw / 32767.0f : 1.0f;
	trig_init(m->trig);
	m->fslots = keep + keep / 3 + 1;
	m->fkeys = calloc(m->fslots, sizeof(uint32_t));
	m->fw = calloc(m->fslots * NCLASS, sizeof(int16_t));
	if (!m->fkeys || !m->fw)
		return SM_ENOMEM;
	for (size_t r = 0; r < keep; r++) {
		uint32_t key = key_of[rank[r].i];
		size_t i = key % m->fslots;
		while (m->fkeys[i] != 0)
			i = (i + 1 == m->fslots) ? 0 : i + 1;
		m->fkeys[i] = key;
		for (int k = 0; k < NCLASS; k++) {
			float v = avg[rank[r].i * NCLASS + k] / m->scale;
			v += v >= 0 ? 0.5f : -0.5f;
			if (v > 32767.0f)
				v = 32767.0f;
			if (v < -32767.0f)
				v = -32767.0f;
			m->fw[i * NCLASS + k] = (int16_t)v;
		}
	}
	return SM_OK;
}

/*
 * sm_ner_trainer_model - see ner.h.  Averages (w - ws / c), ranks features
 * by their largest absolute weight, keeps the top max_features and
 * quantizes to int16 with one scale; the lexicons are copied compactly.
 */
int sm_ner_trainer_model(const sm_ner_trainer_t *t, size_t max_features,
			 sm_ner_model_t **out)
{
	sm_ner_model_t *m = NULL;
	ner_rank_t *rank = NULL;
	float *avg = NULL;
	uint32_t *fkey = NULL;
	size_t keep = 0;
	int rc = SM_ENOMEM;
	if (!t || !out)
		return SM_EINVAL;
	m = calloc(1, sizeof(*m));
	avg = malloc((t->nfeat + 1) * NCLASS * sizeof(float));
	rank = malloc((t->nfeat + 1) * sizeof(*rank));
	fkey = malloc((t->nfeat + 1) * sizeof(uint32_t));
	if (!m || !avg || !rank || !fkey)
		goto cleanup;
	for (size_t j = 0; j < t->slots; j++)
		if (t->keys[j])
			fkey[t->idx[j]] = t->keys[j];
	double c = t->c > 0 ? t->c : 1;
	for (size_t x = 0; x < t->nfeat; x++) {
		float mag = 0;
		for (int k = 0; k < NCLASS; k++) {
			float a = (float)(t->w[x * NCLASS + k] -
					  t->ws[x * NCLASS + k] / c);
			avg[x * NCLASS + k] = a;
			if (a > mag)
				mag = a;
			if (-a > mag)
				mag = -a;
		}
		if (mag > 1e-6f) {
			rank[keep].mag = mag;
			rank[keep].i = (uint32_t)x;
			keep++;
		}
	}
	qsort(rank, keep, sizeof(*rank), rank_cmp);
	if (max_features && keep > max_features)
		keep = max_features;
	if (model_quantize(m, rank, keep, fkey, avg) != SM_OK)
		goto cleanup;
	for (int i = 0; i < NLEX; i++)
		if (tab_copy(&m->lex[i], &t->lex[i]) != SM_OK)
			goto cleanup;
	*out = m;
	m = NULL;
	rc = SM_OK;
cleanup:
	sm_ner_model_free(m);
	free(avg);
	free(rank);
	free(fkey);
	return rc;
}

/*
 * Lookup of key in a model's feature table: slot index or SIZE_MAX.
 */
static size_t model_find(const sm_ner_model_t *m, uint32_t key)
{
	if (m->fslots == 0)
		return SIZE_MAX;
	size_t i = key % m->fslots;
	while (m->fkeys[i] != 0 && m->fkeys[i] != key)
		i = (i + 1 == m->fslots) ? 0 : i + 1;
	return m->fkeys[i] == key ? i : SIZE_MAX;
}

/* sm_ner_model_merge - see ner.h. */
int sm_ner_model_merge(const sm_ner_model_t *const *ms, size_t n,
		       size_t max_features, sm_ner_model_t **out)
{
	sm_ner_model_t *m = NULL;
	uint32_t *keys = NULL;
	ner_rank_t *rank = NULL;
	float *avg = NULL;
	size_t nk = 0, cap = 0, keep;
	int rc = SM_ENOMEM;
	if (!ms || n == 0 || !out)
		return SM_EINVAL;
	for (size_t j = 0; j < n; j++) {
		if (!ms[j])
			return SM_EINVAL;
		cap += ms[j]->fslots;
	}
	keys = malloc((cap + 1) * sizeof(uint32_t));
	rank = malloc((cap + 1) * sizeof(*rank));
	avg = malloc((cap + 1) * NCLASS * sizeof(float));
	m = calloc(1, sizeof(*m));
	if (!keys || !rank || !avg || !m)
		goto cleanup;
	/* union of the keys: a key is new unless an earlier model has it */
	for (size_t j = 0; j < n; j++)
		for (size_t i = 0; i < ms[j]->fslots; i++) {
			uint32_t key = ms[j]->fkeys[i];
			int seen = 0;
			if (key == 0)
				continue;
			for (size_t q = 0; q < j && !seen; q++)
				seen = model_find(ms[q], key) != SIZE_MAX;
			if (!seen)
				keys[nk++] = key;
		}
	for (size_t x = 0; x < nk; x++) {
		float mag = 0;
		for (int c = 0; c < NCLASS; c++)
			avg[x * NCLASS + c] = 0;
		for (size_t j = 0; j < n; j++) {
			size_t i = model_find(ms[j], keys[x]);
			if (i == SIZE_MAX)
				continue;
			for (int c = 0; c < NCLASS; c++)
				avg[x * NCLASS + c] += (float)ms[j]->fw[i * NCLASS + c] *
						       ms[j]->scale / (float)n;
		}
		for (int c = 0; c < NCLASS; c++) {
			float a = avg[x * NCLASS + c];
			mag = a > mag ? a : (-a > mag ? -a : mag);
		}
		rank[x].mag = mag;
		rank[x].i = (uint32_t)x;
	}
	qsort(rank, nk, sizeof(*rank), rank_cmp);
	keep = nk;
	while (keep > 0 && rank[keep - 1].mag <= 0)
		keep--;
	if (max_features && keep > max_features)
		keep = max_features;
	if (model_quantize(m, rank, keep, keys, avg) != SM_OK)
		goto cleanup;
	for (int i = 0; i < NLEX; i++)
		if (tab_copy(&m->lex[i], &ms[0]->lex[i]) != SM_OK)
			goto cleanup;
	*out = m;
	m = NULL;
	rc = SM_OK;
cleanup:
	sm_ner_model_free(m);
	free(keys);
	free(rank);
	free(avg);
	return rc;
}
