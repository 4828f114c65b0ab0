/*
 * select.c - stage 6: summary selection with MMR redundancy control and
 * length rules (see select.h).
 *
 * Reference: J. Carbonell and J. Goldstein, "The use of MMR,
 * diversity-based reranking for reordering documents and producing
 * summaries" (SIGIR 1998).
 */
#include "select.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline.h"

typedef struct {
	float score;
	uint32_t sent;
} cand_t;

/*
 * A bump allocator over one block (on the stack, or malloc'd when large):
 * select's scratch is sized up front and freed in one go, so running
 * select many times on the same document (the weight fitter does) does
 * not grow the document's arena.
 */
typedef struct {
	char *p;
	size_t used, cap;
} scratch_t;

/* Scratch up to this size lives on the stack (a 1,400-byte article needs
 * about 5 KB). */
#define SELECT_STACK_BYTES 16384

/* sc_alloc - size zeroed bytes, 8-aligned; NULL when the block is full. */
static void *sc_alloc(scratch_t *sc, size_t size)
{
	size_t at = (sc->used + 7) & ~(size_t)7;
	if (at > sc->cap || size > sc->cap - at)
		return NULL;
	sc->used = at + size;
	memset(sc->p + at, 0, size);
	return sc->p + at;
}

/* by score descending, then document order (deterministic ties) */
static int cand_cmp(const void *a, const void *b)
{
	const cand_t *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->sent < y->sent ? -1 : x->sent > y->sent;
}

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/*
 * Short arrays are sorted by insertion, without qsort's callback per
 * comparison; qsort (a merge sort in glibc) and its callbacks also fell
 * out of the instruction cache between documents.  Both orders are total,
 * so any sort gives the same result.
 */
#define SELECT_INSERTION_MAX 48

/* INSERTION_SORT - sort the n elements of type T at v so that
 * BEFORE(a, b) holds for no a after b. */
#define INSERTION_SORT(T, v, n, BEFORE) do { \
	for (size_t i_ = 1; i_ < (n); i_++) { \
		T x_ = (v)[i_]; \
		size_t j_ = i_; \
		while (j_ > 0 && BEFORE(x_, (v)[j_ - 1])) { \
			(v)[j_] = (v)[j_ - 1]; \
			j_--; \
		} \
		(v)[j_] = x_; \
	} \
} while (0)

#define U32_BEFORE(a, b) ((a) < (b))
#define CAND_BEFORE(a, b) (cand_cmp(&(a), &(b)) < 0)

/* sort_u32 - sort v ascending. */
static void sort_u32(uint32_t *v, size_t n)
{
	if (n > SELECT_INSERTION_MAX)
		qsort(v, n, sizeof *v, u32_cmp);
	else
		INSERTION_SORT(uint32_t, v, n, U32_BEFORE);
}

/* sort_cands - sort c by cand_cmp. */
static void sort_cands(cand_t *c, size_t n)
{
	if (n > SELECT_INSERTION_MAX)
		qsort(c, n, sizeof *c, cand_cmp);
	else
		INSERTION_SORT(cand_t, c, n, CAND_BEFORE);
}

/* sent_words - tokens of sentence s that hold a letter or a digit. */
static size_t sent_words(const sm_doc_t *doc, const sm_sentence_t *s)
{
	size_t w = 0;
	for (size_t k = s->tok; k < (size_t)s->tok + s->ntok && k < doc->n_toks; k++)
		if (doc->toks[k].flags & (SM_TF_WORD | SM_TF_NUM))
			w++;
	return w;
}

/*
 * stem_set - the sorted distinct content stems of sentence s (non-stopword
 * words and numbers), in the scratch block; when the sentence has none, its word
 * keys instead, so two all-stopword sentences can still be duplicates.
 * *n gets the size; returns NULL with *n = 0 for an empty set, and sets
 * *oom on allocation failure.
 */
static uint32_t *stem_set(const sm_doc_t *doc, scratch_t *sc,
			  const sm_sentence_t *s, size_t *n, int *oom)
{
	*n = 0;
	if (!s->ntok)
		return NULL;
	uint32_t *v = sc_alloc(sc, (size_t)s->ntok * sizeof *v);
	if (!v) {
		*oom = 1;
		return NULL;
	}
	/* without branches on the token flags, which no predictor learns:
	 * v[m] is written for every token and kept when it belongs */
	size_t m = 0;
	for (int pass = 0; pass < 2 && m == 0; pass++) {
		for (size_t k = s->tok; k < (size_t)s->tok + s->ntok && k < doc->n_toks; k++) {
			const sm_token_t *t = &doc->toks[k];
			size_t word = (t->flags & (SM_TF_WORD | SM_TF_NUM)) != 0;
			if (pass == 0) {
				v[m] = t->stem;
				m += word & (t->stem != 0) & !(t->flags & SM_TF_STOP);
			} else {
				v[m] = t->key;
				m += word;
			}
		}
	}
	if (m == 0)
		return NULL;
	sort_u32(v, m);
	size_t u = 1;
	for (size_t i = 1; i < m; i++) {
		uint32_t x = v[i];
		size_t fresh = x != v[u - 1];
		v[u] = x;
		u += fresh;
	}
	*n = u;
	return v;
}

/* set_sim - cosine of two sorted binary sets: |A & B| / sqrt(|A| |B|). */
static double set_sim(const uint32_t *a, size_t na, const uint32_t *b,
		      size_t nb)
{
	if (!na || !nb)
		return 0;
	size_t i = 0, j = 0, c = 0;
	while (i < na && j < nb) {
		if (a[i] == b[j]) {
			c++;
			i++;
			j++;
		} else if (a[i] < b[j]) {
			i++;
		} else {
			j++;
		}
	}
	return (double)c / sqrt((double)na * (double)nb);
}

/* set_hash - FNV-style hash of a sorted set (duplicate detection). */
static uint64_t set_hash(const uint32_t *a, size_t n)
{
	uint64_t h = 1469598103934665603ull ^ n;
	for (size_t i = 0; i < n; i++) {
		h ^= a[i];
		h *= 1099511628211ull;
	}
	return h;
}

/*
 * commit - mark the picked sentences and store them in document order as
 * doc->summary.  picked (n entries) is reordered.
 */
static int commit(sm_doc_t *doc, uint32_t *picked, size_t n)
{
	doc->summary = NULL;
	doc->n_summary = 0;
	doc->stages_done |= SM_STAGE_SELECT;
	if (!n)
		return SM_OK;
	sort_u32(picked, n);
	uint32_t *out = sm_arena_alloc(doc->arena, n * sizeof *out);
	if (!out)
		return SM_ENOMEM;
	memcpy(out, picked, n * sizeof *out);
	for (size_t i = 0; i < n; i++)
		doc->sents[out[i]].in_summary = 1;
	doc->summary = out;
	doc->n_summary = n;
	return SM_OK;
}

/* sm_select_lead - see select.h. */
int sm_select_lead(sm_doc_t *doc, size_t n)
{
	if (!doc || (doc->n_sents && !doc->sents))
		return SM_EINVAL;
	if (n == 0)
		n = SM_SELECT_DEFAULT_SENTENCES;
	for (size_t i = 0; i < doc->n_sents; i++)
		doc->sents[i].in_summary = 0;
	uint32_t *picked = sm_arena_alloc(doc->arena, n * sizeof *picked);
	if (!picked)
		return SM_ENOMEM;
	size_t m = 0;
	for (size_t i = 0; i < doc->n_sents && m < n; i++)
		if (doc->sents[i].kind == SM_BLOCK_BODY)
			picked[m++] = (uint32_t)i;
	return commit(doc, picked, m);
}

/*
 * length_target - the number of sentences wanted (k) and the word budget
 * for a length rule, given nc candidates.  See select.h for the rules.
 */
static void length_target(int mode, double length, size_t nc, size_t *k,
			  double *budget)
{
	double n = SM_SELECT_DEFAULT_SENTENCES;
	*k = nc;
	*budget = INFINITY;
	if (mode == SM_LEN_WORDS) {
		*budget = length > 0 ? floor(length) : 0;
		return;
	}
	if (mode == SM_LEN_SENTENCES && length > 0)
		n = floor(length + 0.5);
	else if (mode == SM_LEN_RATIO && length > 0)
		n = ceil((length > 1 ? 1 : length) * (double)nc - 1e-9);
	if (n < 1)
		n = 1;
	if (n < (double)nc)
		*k = (size_t)n;
}

/* sm_select_run - see select.h. */
int sm_select_run(sm_doc_t *doc, int length_mode, double length,
		  double redundancy)
{
	/* most documents' scratch fits on the stack: no malloc, and none of
	 * its code to fetch into a cold instruction cache.  Character-typed
	 * storage, like malloc's: each piece sc_alloc carves out is only ever
	 * accessed through its own type. */
	_Alignas(max_align_t) unsigned char stack[SELECT_STACK_BYTES];
	scratch_t sc = { NULL, 0, 0 };
	int rc = SM_EINVAL, oom = 0;
	size_t np = 0;
	uint32_t *picked = NULL;
	if (!doc || (doc->n_sents && !doc->sents))
		goto done;
	if (length_mode != SM_LEN_SENTENCES && length_mode != SM_LEN_RATIO &&
	    length_mode != SM_LEN_WORDS)
		goto done;
	if (!(redundancy >= 0))
		redundancy = 0;
	if (redundancy > 0.99)
		redundancy = 0.99;
	for (size_t i = 0; i < doc->n_sents; i++)
		doc->sents[i].in_summary = 0;

	/* candidates: body sentences with a finite score */
	size_t nc = 0, ntok = 0;
	for (size_t i = 0; i < doc->n_sents; i++)
		if (doc->sents[i].kind == SM_BLOCK_BODY &&
		    isfinite(doc->sents[i].score)) {
			nc++;
			ntok += doc->sents[i].ntok;
		}
	if (nc == 0) {
		rc = SM_OK;
		goto done;
	}

	/* one scratch block: candidates, picks, per-candidate arrays, the
	 * stem sets (at most one id per token), the duplicate hash set */
	size_t hcap = 16;
	while (hcap < 2 * nc + 2)
		hcap *= 2;
	int ok = 1;
	size_t per = sizeof(cand_t) + 3 * sizeof(uint32_t) + sizeof(uint32_t *) +
		     3 * sizeof(size_t) + sizeof(double) + 2 + sizeof(uint64_t);
	size_t need = sm_mul(nc, per + 64, &ok);
	need += sm_mul(ntok, sizeof(uint32_t), &ok) + 8 * nc;
	need += sm_mul(hcap, sizeof(uint64_t), &ok) + 1024;
	rc = SM_ENOMEM;
	if (!ok)
		goto done;
	sc.p = need <= sizeof stack ? (char *)stack : malloc(need);
	if (!sc.p)
		goto done;
	sc.cap = need;
	cand_t *c = sc_alloc(&sc, nc * sizeof *c);
	picked = sc_alloc(&sc, nc * sizeof *picked);
	uint32_t **set = sc_alloc(&sc, nc * sizeof *set);
	size_t *nset = sc_alloc(&sc, nc * sizeof *nset);
	size_t *words = sc_alloc(&sc, nc * sizeof *words);
	double *maxsim = sc_alloc(&sc, nc * sizeof *maxsim);
	uint8_t *done = sc_alloc(&sc, nc);
	uint64_t *seen = sc_alloc(&sc, hcap * sizeof *seen);
	uint32_t *pidx = sc_alloc(&sc, nc * sizeof *pidx);   /* pool index of each pick */
	uint32_t *ncmp = sc_alloc(&sc, nc * sizeof *ncmp);   /* picks compared with */
	uint8_t *have = sc_alloc(&sc, nc);                   /* stem set built */
	if (!c || !picked || !set || !nset || !words || !maxsim || !done || !seen ||
	    !pidx || !ncmp || !have)
		goto done;
	nc = 0;
	for (size_t i = 0; i < doc->n_sents; i++)
		if (doc->sents[i].kind == SM_BLOCK_BODY &&
		    isfinite(doc->sents[i].score)) {
			c[nc].score = doc->sents[i].score;
			c[nc].sent = (uint32_t)i;
			nc++;
		}
	sort_cands(c, nc);

	size_t k;
	double budget;
	length_target(length_mode, length, nc, &k, &budget);

	/* the MMR pool: the best 4k + 16 candidates by score (for a word
	 * budget, k is estimated from the mean sentence length) */
	/* words only count against a word budget (a sentence rule has an
	 * infinite one), so only then is every candidate's length counted */
	for (size_t p = 0; p < nc; p++)
		words[p] = isfinite(budget) ? sent_words(doc, &doc->sents[c[p].sent]) : 0;
	size_t kest = k;
	if (length_mode == SM_LEN_WORDS) {
		double tw = 0;
		for (size_t p = 0; p < nc; p++)
			tw += (double)words[p];
		double e = tw > 0 ? budget / (tw / (double)nc) + 1 : (double)nc;
		kest = e < (double)nc ? (size_t)e : nc;
	}
	int use_mmr = kest <= SM_SELECT_MMR_MAX;
	size_t pool = use_mmr ? 4 * kest + 16 : 0;
	if (pool > nc)
		pool = nc;
	float smax = c[0].score, smin = pool ? c[pool - 1].score : c[0].score;
	double span = smax > smin ? (double)smax - smin : 1.0;

	/*
	 * MMR over the pool, lazily: maxsim[p] is the largest similarity to
	 * the first ncmp[p] picks, a lower bound of the true one, so
	 * base - redundancy * maxsim[p] bounds p's MMR value from above.  A
	 * candidate whose bound cannot beat the best value of this round is
	 * skipped without computing its similarities (or its stem set); the
	 * others are brought up to date first.  The picks are exactly those
	 * of eager MMR (same order, same strict comparison), but most stem
	 * sets of a long document are never built.
	 */
	double used = 0;
	while (np < k && pool) {
		size_t best = pool;
		double bv = -INFINITY;
		for (size_t p = 0; p < pool; p++) {
			if (done[p] || maxsim[p] >= SM_SELECT_DUP_SIM ||
			    used + (double)words[p] > budget)
				continue;
			double base = (1 - redundancy) * ((double)c[p].score - smin) / span;
			if (!(base - redundancy * maxsim[p] > bv))
				continue;
			if (ncmp[p] < np) {
				if (!have[p]) {
					have[p] = 1;
					set[p] = stem_set(doc, &sc, &doc->sents[c[p].sent],
							  &nset[p], &oom);
					if (oom)
						goto done;
				}
				for (; ncmp[p] < np; ncmp[p]++) {
					size_t q = pidx[ncmp[p]];
					double sim = set_sim(set[p], nset[p], set[q], nset[q]);
					if (sim > maxsim[p])
						maxsim[p] = sim;
				}
				if (maxsim[p] >= SM_SELECT_DUP_SIM)
					continue;
			}
			double v = base - redundancy * maxsim[p];
			if (v > bv) {
				bv = v;
				best = p;
			}
		}
		if (best == pool)
			break;
		if (!have[best]) {
			have[best] = 1;
			set[best] = stem_set(doc, &sc, &doc->sents[c[best].sent], &nset[best], &oom);
			if (oom)
				goto done;
		}
		done[best] = 1;
		pidx[np] = (uint32_t)best;
		picked[np++] = c[best].sent;
		used += (double)words[best];
	}
	/* beyond the pool (long summaries, or a word budget that the pool
	 * could not fill): best first, skipping sentences that do not fit
	 * and exact duplicates (same content-stem set) of picked ones */
	for (size_t p = 0; p < pool; p++)
		if (done[p]) {
			uint64_t h = set_hash(set[p], nset[p]) | 1;
			size_t i = (size_t)(h >> 7) & (hcap - 1);
			while (seen[i] && seen[i] != h)
				i = (i + 1) & (hcap - 1);
			seen[i] = h;
		}
	for (size_t p = pool; p < nc && np < k; p++) {
		if (used + (double)words[p] > budget)
			continue;
		set[p] = stem_set(doc, &sc, &doc->sents[c[p].sent], &nset[p], &oom);
		if (oom)
			goto done;
		uint64_t h = set_hash(set[p], nset[p]) | 1; /* 0 = empty slot */
		size_t i = (size_t)(h >> 7) & (hcap - 1);
		while (seen[i] && seen[i] != h)
			i = (i + 1) & (hcap - 1);
		if (seen[i] && nset[p] > 0)
			continue;
		seen[i] = h;
		picked[np++] = c[p].sent;
		used += (double)words[p];
	}
	rc = SM_OK;
done:
	if (rc == SM_OK)
		rc = commit(doc, picked, np);
	if (sc.p != (char *)stack)
		free(sc.p);
	return rc;
}
