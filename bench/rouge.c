/*
 * rouge.c - ROUGE-1/2/L/Lsum as in Google's rouge_score (see rouge.h).
 *
 * Design: every token is interned once into a per-scorer table (FNV-1a,
 * open addressing), and the stem of each distinct token is computed once and
 * cached on its entry, so scoring a pair of texts is a pass over bytes plus
 * integer work:
 *
 *   - n-gram overlap: one open-addressing table of 64-bit n-gram keys
 *     (the id, or two ids packed) holding the candidate and reference
 *     counts; the overlap is the sum of min(count_c, count_r);
 *   - ROUGE-L: LCS length with two DP rows, O(m n) time, O(n) memory;
 *   - ROUGE-Lsum: per (reference sentence, candidate sentence) a full LCS
 *     table and rouge_score's backtracking, union of the matched reference
 *     positions, then hits clipped by the token counts of both texts.
 *
 * Reference: C.-Y. Lin (2004); google-research/rouge rouge_scorer.py.
 */
#include "rouge.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

/* ------------------------------------------------------------ interning */

typedef struct {
	uint32_t off;   /* in pool */
	uint32_t len;
	uint32_t hash;
	uint32_t stem;  /* id of the stemmed form; 0 = not computed */
} rg_entry_t;

/* A growable array of uint32_t (malloc-owned). */
typedef struct {
	uint32_t *v;
	size_t n, cap;
} rg_vec_t;

/* One slot of the n-gram count table. */
typedef struct {
	uint64_t key;   /* n-gram key + 1; 0 = empty */
	uint32_t c, r;  /* candidate and reference counts */
} rg_slot_t;

struct sm_rouge {
	struct sb_stemmer *stemmer; /* NULL when not stemming */
	char *pool;
	size_t pool_len, pool_cap;
	rg_entry_t *ents;           /* ents[0] unused: ids start at 1 */
	size_t n_ents, ents_cap;
	uint32_t *slots;            /* hash slots: entry id, 0 = empty */
	size_t n_slots;             /* power of two */
	/* scratch reused between calls */
	rg_vec_t ctok, rtok;        /* token ids of candidate and reference */
	rg_vec_t csent, rsent;      /* sentence starts (token index), + end */
	rg_slot_t *tab;
	size_t tab_cap;
	uint32_t *dp;
	size_t dp_cap;
	unsigned char *mark;
	size_t mark_cap;
};

/*
 * rg_vec_push - append x; SM_OK or SM_ENOMEM (vector unchanged).
 */
static int rg_vec_push(rg_vec_t *v, uint32_t x)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 256;
		int ok = 1;
		size_t bytes = sm_mul(cap, sizeof *v->v, &ok);
		if (!ok)
			return SM_ENOMEM;
		uint32_t *nv = realloc(v->v, bytes);
		if (!nv)
			return SM_ENOMEM;
		v->v = nv;
		v->cap = cap;
	}
	v->v[v->n++] = x;
	return SM_OK;
}

/*
 * rg_rehash - double the slot array and reinsert every entry.
 */
static int rg_rehash(sm_rouge_t *r)
{
	size_t n = r->n_slots ? r->n_slots * 2 : 4096;
	uint32_t *s = calloc(n, sizeof *s);
	if (!s)
		return SM_ENOMEM;
	for (size_t id = 1; id < r->n_ents; id++) {
		size_t i = r->ents[id].hash & (n - 1);
		while (s[i])
			i = (i + 1) & (n - 1);
		s[i] = (uint32_t)id;
	}
	free(r->slots);
	r->slots = s;
	r->n_slots = n;
	return SM_OK;
}

/*
 * rg_intern - the id of (p, len), adding it when new.  SM_OK, SM_ENOMEM or
 * SM_ETOOBIG (pool or id space exhausted).
 */
static int rg_intern(sm_rouge_t *r, const char *p, size_t len, uint32_t *id)
{
	uint32_t h = sm_hash(p, len);
	size_t mask = r->n_slots - 1;
	size_t i = h & mask;
	while (r->slots[i]) {
		const rg_entry_t *e = &r->ents[r->slots[i]];
		if (e->hash == h && e->len == len &&
		    memcmp(r->pool + e->off, p, len) == 0) {
			*id = r->slots[i];
			return SM_OK;
		}
		i = (i + 1) & mask;
	}
	if (r->n_ents >= 0x7fffffffu || r->pool_len + len > 0xffffffffu)
		return SM_ETOOBIG;
	if (r->pool_len + len > r->pool_cap) {
		size_t cap = r->pool_cap ? r->pool_cap : 65536;
		while (cap < r->pool_len + len)
			cap *= 2;
		char *np = realloc(r->pool, cap);
		if (!np)
			return SM_ENOMEM;
		r->pool = np;
		r->pool_cap = cap;
	}
	if (r->n_ents == r->ents_cap) {
		size_t cap = r->ents_cap * 2;
		rg_entry_t *ne = realloc(r->ents, cap * sizeof *ne);
		if (!ne)
			return SM_ENOMEM;
		r->ents = ne;
		r->ents_cap = cap;
	}
	memcpy(r->pool + r->pool_len, p, len);
	rg_entry_t *e = &r->ents[r->n_ents];
	e->off = (uint32_t)r->pool_len;
	e->len = (uint32_t)len;
	e->hash = h;
	e->stem = 0;
	r->pool_len += len;
	r->slots[i] = (uint32_t)r->n_ents;
	*id = (uint32_t)r->n_ents++;
	/* keep the load factor under 1/2 */
	if (r->n_ents * 2 > r->n_slots)
		return rg_rehash(r);
	return SM_OK;
}

/* -------------------------------------------------------------- public */

/*
 * sm_rouge_new - see rouge.h.  The interning table starts small and grows.
 */
int sm_rouge_new(int stem, sm_rouge_t **out)
{
	sm_rouge_t *r = NULL;
	int rc = SM_ENOMEM;
	if (!out)
		return SM_EINVAL;
	r = calloc(1, sizeof *r);
	if (!r)
		goto fail;
	r->ents_cap = 1024;
	r->ents = malloc(r->ents_cap * sizeof *r->ents);
	if (!r->ents)
		goto fail;
	r->n_ents = 1;
	memset(&r->ents[0], 0, sizeof r->ents[0]);
	if ((rc = rg_rehash(r)) != SM_OK)
		goto fail;
	if (stem) {
		r->stemmer = sb_stemmer_new("porter", NULL);
		if (!r->stemmer) {
			rc = SM_ELANG;
			goto fail;
		}
	}
	*out = r;
	return SM_OK;
fail:
	sm_rouge_free(r);
	return rc;
}

/* sm_rouge_free - see rouge.h. */
void sm_rouge_free(sm_rouge_t *r)
{
	if (!r)
		return;
	if (r->stemmer)
		sb_stemmer_delete(r->stemmer);
	free(r->pool);
	free(r->ents);
	free(r->slots);
	free(r->ctok.v);
	free(r->rtok.v);
	free(r->csent.v);
	free(r->rsent.v);
	free(r->tab);
	free(r->dp);
	free(r->mark);
	free(r);
}

/* sm_rouge_vocab_size - see rouge.h. */
size_t sm_rouge_vocab_size(const sm_rouge_t *r)
{
	return r ? r->n_ents - 1 : 0;
}

/*
 * rg_token - intern one lower-cased token and return its scoring id: the
 * id of its stem when stemming and the token is longer than 3 characters
 * (rouge_score's rule), else its own id.  The stem is computed once per
 * distinct token and cached on the entry.
 */
static int rg_token(sm_rouge_t *r, const char *p, size_t len, uint32_t *out)
{
	uint32_t id;
	int rc = rg_intern(r, p, len, &id);
	if (rc != SM_OK)
		return rc;
	if (!r->stemmer || len <= 3) {
		*out = id;
		return SM_OK;
	}
	if (!r->ents[id].stem) {
		const sb_symbol *s = sb_stemmer_stem(r->stemmer,
						     (const sb_symbol *)p,
						     (int)len);
		if (!s)
			return SM_ENOMEM;
		int slen = sb_stemmer_length(r->stemmer);
		uint32_t sid;
		/* the stemmer's buffer is copied by rg_intern before reuse */
		rc = rg_intern(r, (const char *)s, (size_t)slen, &sid);
		if (rc != SM_OK)
			return rc;
		r->ents[id].stem = sid;
	}
	*out = r->ents[id].stem;
	return SM_OK;
}

/*
 * rg_tokenize_line - append the token ids of (p, len), which holds no
 * newline, to toks.  Tokens longer than the stack buffer use the heap.
 */
static int rg_tokenize_line(sm_rouge_t *r, const char *p, size_t len,
			    rg_vec_t *toks)
{
	char small[256];
	char *buf = small;
	size_t bufcap = sizeof small;
	int rc = SM_OK;
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)p[i];
		int alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			    (c >= 'A' && c <= 'Z');
		if (!alnum) {
			i++;
			continue;
		}
		size_t k = 0;
		while (i < len) {
			unsigned char d = (unsigned char)p[i];
			if (d >= 'A' && d <= 'Z')
				d = (unsigned char)(d - 'A' + 'a');
			else if (!((d >= 'a' && d <= 'z') || (d >= '0' && d <= '9')))
				break;
			if (k == bufcap) {
				char *nb = malloc(bufcap * 2);
				if (!nb) {
					rc = SM_ENOMEM;
					goto done;
				}
				memcpy(nb, buf, k);
				if (buf != small)
					free(buf);
				buf = nb;
				bufcap *= 2;
			}
			buf[k++] = (char)d;
			i++;
		}
		uint32_t id;
		if ((rc = rg_token(r, buf, k, &id)) != SM_OK)
			goto done;
		if ((rc = rg_vec_push(toks, id)) != SM_OK)
			goto done;
	}
done:
	if (buf != small)
		free(buf);
	return rc;
}

/*
 * rg_tokenize - append the token ids of (p, len) to toks; when sents is not
 * NULL, also push the token index at which each '\n'-separated line starts.
 * Like rouge_score, empty lines are dropped but a non-empty line without
 * any token still counts as a (tokenless) sentence.
 */
static int rg_tokenize(sm_rouge_t *r, const char *p, size_t len,
		       rg_vec_t *toks, rg_vec_t *sents)
{
	size_t ls = 0;
	while (ls < len) {
		const char *nl = memchr(p + ls, '\n', len - ls);
		size_t le = nl ? (size_t)(nl - p) : len;
		if (le > ls) {
			int rc;
			if (sents && (rc = rg_vec_push(sents, (uint32_t)toks->n)))
				return rc;
			if ((rc = rg_tokenize_line(r, p + ls, le - ls, toks)))
				return rc;
		}
		ls = le + 1;
	}
	return SM_OK;
}

/* sm_rouge_tokens - see rouge.h. */
int sm_rouge_tokens(sm_rouge_t *r, const char *p, size_t len, uint32_t **ids,
		    size_t *n)
{
	if (!r || (!p && len) || !ids || !n)
		return SM_EINVAL;
	*ids = NULL;
	*n = 0;
	r->ctok.n = 0;
	int rc = rg_tokenize(r, p, len, &r->ctok, NULL);
	if (rc != SM_OK)
		return rc;
	if (r->ctok.n == 0)
		return SM_OK;
	uint32_t *v = malloc(r->ctok.n * sizeof *v);
	if (!v)
		return SM_ENOMEM;
	memcpy(v, r->ctok.v, r->ctok.n * sizeof *v);
	*ids = v;
	*n = r->ctok.n;
	return SM_OK;
}

/* ---------------------------------------------------------- n-gram table */

/*
 * rg_tab_prepare - an empty count table with room for at least n keys at
 * load <= 1/2; returns the mask or 0 on no memory.
 */
static size_t rg_tab_prepare(sm_rouge_t *r, size_t n)
{
	size_t cap = 64;
	while (cap < 2 * n + 2)
		cap *= 2;
	if (cap > r->tab_cap) {
		rg_slot_t *t = realloc(r->tab, cap * sizeof *t);
		if (!t)
			return 0;
		r->tab = t;
		r->tab_cap = cap;
	}
	memset(r->tab, 0, cap * sizeof *r->tab);
	return cap - 1;
}

/* rg_tab_slot - the slot of key (inserted empty when new). */
static rg_slot_t *rg_tab_slot(rg_slot_t *t, size_t mask, uint64_t key)
{
	uint64_t k = key + 1;
	uint64_t h = k * 0x9e3779b97f4a7c15ull;
	size_t i = (size_t)(h >> 32) & mask;
	while (t[i].key && t[i].key != k)
		i = (i + 1) & mask;
	t[i].key = k;
	return &t[i];
}

/* rg_key - the key of the n-gram starting at v[i] (n is 1 or 2). */
static uint64_t rg_key(const uint32_t *v, size_t i, int n)
{
	return n == 1 ? v[i] : ((uint64_t)v[i] << 32) | v[i + 1];
}

/*
 * rg_ngram - ROUGE-n (n = 1 or 2) of candidate c (nc tokens) against
 * reference x (nx tokens).
 */
static int rg_ngram(sm_rouge_t *r, const uint32_t *c, size_t nc,
		    const uint32_t *x, size_t nx, int n, sm_rouge_prf_t *out)
{
	memset(out, 0, sizeof *out);
	if (nc < (size_t)n || nx < (size_t)n)
		return SM_OK;
	size_t gc = nc - (size_t)n + 1, gx = nx - (size_t)n + 1;
	size_t mask = rg_tab_prepare(r, gc + gx);
	if (!mask)
		return SM_ENOMEM;
	for (size_t i = 0; i < gc; i++)
		rg_tab_slot(r->tab, mask, rg_key(c, i, n))->c++;
	size_t overlap = 0;
	for (size_t i = 0; i < gx; i++) {
		rg_slot_t *s = rg_tab_slot(r->tab, mask, rg_key(x, i, n));
		if (s->r < s->c)
			overlap++;
		s->r++;
	}
	out->p = (double)overlap / (double)gc;
	out->r = (double)overlap / (double)gx;
	out->f = sm_rouge_f1(out->p, out->r);
	return SM_OK;
}

/* ------------------------------------------------------------------ LCS */

/*
 * rg_lcs_len - length of the LCS of a (na) and b (nb), two DP rows.
 */
static int rg_lcs_len(sm_rouge_t *r, const uint32_t *a, size_t na,
		      const uint32_t *b, size_t nb, size_t *out)
{
	*out = 0;
	if (!na || !nb)
		return SM_OK;
	int ok = 1;
	size_t need = sm_mul(2, nb + 1, &ok);
	if (!ok)
		return SM_ETOOBIG;
	if (need > r->dp_cap) {
		uint32_t *d = realloc(r->dp, need * sizeof *d);
		if (!d)
			return SM_ENOMEM;
		r->dp = d;
		r->dp_cap = need;
	}
	uint32_t *prev = r->dp, *cur = r->dp + nb + 1;
	memset(prev, 0, (nb + 1) * sizeof *prev);
	cur[0] = 0;
	for (size_t i = 1; i <= na; i++) {
		for (size_t j = 1; j <= nb; j++) {
			if (a[i - 1] == b[j - 1])
				cur[j] = prev[j - 1] + 1;
			else
				cur[j] = prev[j] > cur[j - 1] ? prev[j] : cur[j - 1];
		}
		uint32_t *t = prev;
		prev = cur;
		cur = t;
		cur[0] = 0;
	}
	*out = prev[nb];
	return SM_OK;
}

/*
 * rg_lcs_mark - mark in mark[] the positions of ref (nr tokens) that the
 * LCS of ref and can (nc tokens) uses, backtracking like rouge_score's
 * _backtrack_norec (on a mismatch, go left only when strictly better).
 */
static int rg_lcs_mark(sm_rouge_t *r, const uint32_t *ref, size_t nr,
		       const uint32_t *can, size_t nc, unsigned char *mark)
{
	if (!nr || !nc)
		return SM_OK;
	int ok = 1;
	size_t cells = sm_mul(nr + 1, nc + 1, &ok);
	if (!ok)
		return SM_ETOOBIG;
	if (cells > r->dp_cap) {
		uint32_t *d = realloc(r->dp, cells * sizeof *d);
		if (!d)
			return SM_ENOMEM;
		r->dp = d;
		r->dp_cap = cells;
	}
	uint32_t *t = r->dp;
	size_t w = nc + 1;
	for (size_t j = 0; j <= nc; j++)
		t[j] = 0;
	for (size_t i = 1; i <= nr; i++) {
		t[i * w] = 0;
		for (size_t j = 1; j <= nc; j++) {
			if (ref[i - 1] == can[j - 1])
				t[i * w + j] = t[(i - 1) * w + j - 1] + 1;
			else {
				uint32_t up = t[(i - 1) * w + j];
				uint32_t left = t[i * w + j - 1];
				t[i * w + j] = up > left ? up : left;
			}
		}
	}
	size_t i = nr, j = nc;
	while (i > 0 && j > 0) {
		if (ref[i - 1] == can[j - 1]) {
			mark[i - 1] = 1;
			i--;
			j--;
		} else if (t[i * w + j - 1] > t[(i - 1) * w + j]) {
			j--;
		} else {
			i--;
		}
	}
	return SM_OK;
}

/*
 * rg_lsum - summary-level LCS F1 over sentences (see rouge.h).
 */
static int rg_lsum(sm_rouge_t *r, sm_rouge_prf_t *out)
{
	const rg_vec_t *ct = &r->ctok, *rt = &r->rtok;
	memset(out, 0, sizeof *out);
	if (!ct->n || !rt->n)
		return SM_OK;
	int rc;
	/* per token id: remaining candidate and reference counts */
	size_t mask = rg_tab_prepare(r, ct->n + rt->n);
	if (!mask)
		return SM_ENOMEM;
	for (size_t i = 0; i < ct->n; i++)
		rg_tab_slot(r->tab, mask, ct->v[i])->c++;
	for (size_t i = 0; i < rt->n; i++)
		rg_tab_slot(r->tab, mask, rt->v[i])->r++;
	size_t maxlen = 0;
	for (size_t s = 0; s < r->rsent.n; s++) {
		size_t a = r->rsent.v[s];
		size_t b = s + 1 < r->rsent.n ? r->rsent.v[s + 1] : rt->n;
		if (b - a > maxlen)
			maxlen = b - a;
	}
	if (maxlen > r->mark_cap) {
		unsigned char *m = realloc(r->mark, maxlen);
		if (!m)
			return SM_ENOMEM;
		r->mark = m;
		r->mark_cap = maxlen;
	}
	size_t hits = 0;
	for (size_t s = 0; s < r->rsent.n; s++) {
		size_t a = r->rsent.v[s];
		size_t b = s + 1 < r->rsent.n ? r->rsent.v[s + 1] : rt->n;
		if (a == b)
			continue;
		memset(r->mark, 0, b - a);
		for (size_t u = 0; u < r->csent.n; u++) {
			size_t ca = r->csent.v[u];
			size_t cb = u + 1 < r->csent.n ? r->csent.v[u + 1] : ct->n;
			rc = rg_lcs_mark(r, rt->v + a, b - a, ct->v + ca,
					 cb - ca, r->mark);
			if (rc != SM_OK)
				return rc;
		}
		for (size_t k = 0; k < b - a; k++) {
			if (!r->mark[k])
				continue;
			rg_slot_t *sl = rg_tab_slot(r->tab, mask, rt->v[a + k]);
			if (sl->c > 0 && sl->r > 0) {
				hits++;
				sl->c--;
				sl->r--;
			}
		}
	}
	out->p = (double)hits / (double)ct->n;
	out->r = (double)hits / (double)rt->n;
	out->f = sm_rouge_f1(out->p, out->r);
	return SM_OK;
}

/* sm_rouge_score - see rouge.h. */
int sm_rouge_score(sm_rouge_t *r, const char *cand, size_t clen,
		   const char *ref, size_t rlen, sm_rouge_scores_t *out)
{
	int rc;
	if (!r || !out || (!cand && clen) || (!ref && rlen))
		return SM_EINVAL;
	memset(out, 0, sizeof *out);
	r->ctok.n = r->rtok.n = r->csent.n = r->rsent.n = 0;
	if ((rc = rg_tokenize(r, cand, clen, &r->ctok, &r->csent)) != SM_OK)
		return rc;
	if ((rc = rg_tokenize(r, ref, rlen, &r->rtok, &r->rsent)) != SM_OK)
		return rc;
	if (r->ctok.n > 0x7fffffffu || r->rtok.n > 0x7fffffffu)
		return SM_ETOOBIG;
	const uint32_t *c = r->ctok.v, *x = r->rtok.v;
	size_t nc = r->ctok.n, nx = r->rtok.n;
	if ((rc = rg_ngram(r, c, nc, x, nx, 1, &out->r1)) != SM_OK)
		return rc;
	if ((rc = rg_ngram(r, c, nc, x, nx, 2, &out->r2)) != SM_OK)
		return rc;
	size_t lcs;
	if ((rc = rg_lcs_len(r, c, nc, x, nx, &lcs)) != SM_OK)
		return rc;
	if (nc && nx) {
		out->rl.p = (double)lcs / (double)nc;
		out->rl.r = (double)lcs / (double)nx;
		out->rl.f = sm_rouge_f1(out->rl.p, out->rl.r);
	}
	return rg_lsum(r, &out->rlsum);
}
