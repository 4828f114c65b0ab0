/*
 * parse.c - greedy transition-based dependency parser (UD relations).
 *
 * Design:
 *   - Arc-hybrid transitions (Kuhlmann, Gomez-Rodriguez & Satta 2011) with
 *     the artificial root at the END of the buffer (Ballesteros & Nivre
 *     2013), and LEFT-ARC to the root allowed only when the stack holds a
 *     single word, so every parse is a tree with exactly one root.
 *   - Labeled transitions scored by an averaged perceptron (Collins 2002)
 *     over ~106 sparse features in the style of Zhang & Nivre (2011): words,
 *     tags and labels of the stack and buffer tops, their leftmost and
 *     rightmost children, distance, valency and label sets.
 *   - Word clusters (the tagger's, sparse.h) of the stack and buffer tops
 *     stand in for their words in a few templates (Koo, Carreras & Collins
 *     2008), so words unseen in training still have a class.
 *   - Trained with the dynamic oracle of Goldberg & Nivre (2012, 2013) and
 *     error exploration; non-projective training trees are projectivized
 *     by lifting (trainer side).  The oracle costs live here, next to the
 *     transition system they describe.
 *
 * The model is the same kind of table as the tagger's, and the code that
 * builds, saves, loads, validates and scores it is shared (sparse.c):
 * 32-bit hashed feature keys in an open-addressing table, each pointing at
 * a run of (class, int16 weight) pairs.
 *
 * File format (little-endian uint32 words):
 *   "SMDEPARS" version nclasses cap nfeat npairs scale checksum ccap 0 0
 *   slots[2*cap]  (key, offset<<8 | count; key 0 = empty)
 *   pairs[npairs] (int16 weight << 16 | class)
 *   clus[2*ccap]  word clusters as in en-pos.bin (ccap 0 = none)
 * Version 1 files are version 2 files with ccap 0.
 * In memory, features that vote for many classes (tags, the bias) become
 * dense rows: adding a row of int16 vectorizes, scattering 100 pairs does
 * not.
 * The checksum is FNV-1a over everything after the header.
 */
#include "parse.h"
#include "sparse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- relations */

/*
 * UD relations with the subtypes of UD English (EWT, GUM, PUD, including
 * labels of older releases); the order fixes the ids.  At most 64 entries
 * (label sets are 64-bit masks) and 127 (classes fit a byte).
 */
static const char *const rel_names[] = {
	"root", "punct", "case", "det", "nsubj", "advmod", "amod", "obj",
	"obl", "conj", "nmod", "compound", "mark", "cc", "aux", "cop",
	"nmod:poss", "advcl", "xcomp", "acl:relcl", "flat", "ccomp", "acl",
	"parataxis", "nummod", "aux:pass", "appos", "nsubj:pass",
	"obl:unmarked", "nmod:unmarked", "discourse", "compound:prt", "list",
	"expl", "fixed", "iobj", "nmod:desc", "obl:agent", "csubj",
	"nsubj:outer", "det:predet", "vocative", "advcl:relcl", "reparandum",
	"goeswith", "dep", "cc:preconj", "orphan", "dislocated", "csubj:pass",
	"csubj:outer", "obl:tmod", "obl:npmod", "nmod:tmod", "nmod:npmod",
	"flat:foreign", "flat:name", "clf", "det:poss", "compound:lvc",
};
#define NRELS (sizeof(rel_names) / sizeof(rel_names[0]))
#define NCLASSES (1 + 2 * NRELS)
#define REL_ROOT 0u

const char *sm_deprel_name(uint8_t rel)
{
	return rel < NRELS ? rel_names[rel] : NULL;
}

int sm_deprel_from_name(const char *name, size_t len)
{
	if (!name)
		return -1;
	for (size_t i = 0; i < NRELS; i++)
		if (strlen(rel_names[i]) == len && memcmp(rel_names[i], name, len) == 0)
			return (int)i;
	return -1;
}

size_t sm_deprel_count(void)
{
	return NRELS;
}

size_t sm_parse_nclasses(void)
{
	return NCLASSES;
}

/* ----------------------------------------------------------------- model */

#define DEP_MAGIC "SMDEPARS"
#define DEP_VERSION 2u
#define DEP_HDR_WORDS 10u
#define DEP_HDR_BYTES (8u + 4u * DEP_HDR_WORDS)

#define RSTRIDE SM_SPARSE_STRIDE(NCLASSES) /* dense row length */

struct sm_parse_model {
	sm_sparse_t w;            /* transition weights (sparse.c) */
	sm_sparse_clusters_t cl;  /* word clusters (sparse.c) */
};

struct sm_parse_state {
	size_t n;        /* words; index n is the root */
	size_t b;        /* buffer front */
	size_t sp;       /* stack depth */
	int32_t *stack;
	int16_t *head;   /* n + 1, -2 = unattached, n = root */
	uint8_t *rel;
	int32_t *l1, *l2, *r1, *r2; /* two leftmost / rightmost children */
	uint16_t *nl, *nr;          /* valency */
	uint64_t *ls, *rs;          /* label sets of left / right children */
	const uint32_t *wh;         /* n + 1 word hashes */
	const uint32_t *cl;         /* n + 1 packed cluster ids + 1, 0 = none */
	const uint8_t *tag;         /* n + 1 tags */
};

struct sm_parser {
	const sm_parse_model_t *m;
	size_t cap;
	void *mem;          /* one block for all per-token arrays */
	uint32_t *wh;
	uint32_t *cl;
	uint8_t *tag;
	sm_parse_state_t st;
};

/* Feature keys of this model live in their own key space. */
static inline uint32_t feat_key(uint32_t tmpl, uint32_t a, uint32_t b)
{
	return sm_feat_key(0x5bd1e995u, tmpl, a, b);
}

/* sm_parse_model_free - see parse.h; NULL-safe. */
void sm_parse_model_free(sm_parse_model_t *m)
{
	if (!m)
		return;
	sm_sparse_release(&m->w);
	sm_sparse_clusters_release(&m->cl);
	free(m);
}

/*
 * sm_parse_model_build - see parse.h and sm_tag_model_build(): the weight
 * and cluster tables are built by sparse.c.  A class may appear once per
 * feature (the dense rows rely on it).
 */
int sm_parse_model_build(const sm_parse_weights_t *wt, sm_parse_model_t **out)
{
	sm_parse_model_t *m = NULL;
	int rc;

	if (!wt || !out)
		return SM_EINVAL;
	rc = SM_ENOMEM;
	m = calloc(1, sizeof(*m));
	if (!m)
		goto cleanup;
	rc = sm_sparse_build(&m->w, (uint32_t)NCLASSES, wt->nfeat, wt->keys,
			     wt->start, wt->cls, wt->w);
	if (rc == SM_OK)
		rc = sm_sparse_clusters_build(&m->cl, wt->nclus, wt->clus_keys,
					      wt->clus_vals);
	if (rc != SM_OK)
		goto cleanup;
	*out = m;
	m = NULL;
cleanup:
	sm_parse_model_free(m);
	return rc;
}

/*
 * sm_parse_model_save - serialize (header, then the sections slots, pairs,
 * clusters; dense rows back to their sparse slot values), checksum and
 * write in one go.
 */
int sm_parse_model_save(const sm_parse_model_t *m, const char *path)
{
	unsigned char *buf = NULL;
	int rc = SM_ENOMEM;
	uint32_t scale_bits;

	if (!m || !path)
		return SM_EINVAL;
	size_t wwords = sm_sparse_words(&m->w);
	size_t words = wwords + sm_sparse_clusters_words(&m->cl);
	size_t size = DEP_HDR_BYTES + 4 * words;
	buf = malloc(size);
	if (!buf)
		goto cleanup;
	unsigned char *body = buf + DEP_HDR_BYTES;
	sm_sparse_put(&m->w, body);
	sm_sparse_clusters_put(&m->cl, body + 4 * wwords);
	memcpy(buf, DEP_MAGIC, 8);
	memcpy(&scale_bits, &m->w.scale, 4);
	uint32_t hdr[DEP_HDR_WORDS] = {
		DEP_VERSION, (uint32_t)NCLASSES, m->w.mask + 1, m->w.nfeat,
		m->w.npairs, scale_bits, sm_hash((const char *)body, 4 * words),
		(uint32_t)(sm_sparse_clusters_words(&m->cl) / 2), 0, 0,
	};
	sm_sparse_put_words(buf + 8, hdr, DEP_HDR_WORDS);
	rc = sm_file_write(path, buf, size);
cleanup:
	free(buf);
	return rc;
}

/*
 * sm_parse_model_load - header, exact size, checksum, then every slot
 * (offset and count inside the pair array) and every pair (class in
 * range, no class twice in a run) is checked by sm_sparse_get(), so
 * scoring can never index out of bounds.  Unused header words must be
 * zero.
 */
int sm_parse_model_load(const char *path, sm_parse_model_t **out)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	sm_parse_model_t *m = NULL;
	uint32_t hdr[DEP_HDR_WORDS];
	float scale;
	int rc;

	if (!path || !out)
		return SM_EINVAL;
	rc = sm_sparse_file_read(path, DEP_MAGIC, DEP_HDR_WORDS, hdr, &buf, &len);
	if (rc != SM_OK)
		goto cleanup;
	rc = SM_EMODEL;
	uint32_t cap = hdr[2], nfeat = hdr[3], npairs = hdr[4], ccap = hdr[7];
	/* version 1 is version 2 without clusters */
	if ((hdr[0] != DEP_VERSION && !(hdr[0] == 1 && ccap == 0)) ||
	    hdr[1] != NCLASSES || !sm_sparse_header_ok(cap, nfeat, npairs) ||
	    hdr[8] || hdr[9] || !sm_sparse_clusters_header_ok(ccap))
		goto cleanup;
	size_t wwords = 2 * (size_t)cap + npairs;
	if (!sm_sparse_body_ok(buf, len, DEP_HDR_WORDS, wwords + 2 * (size_t)ccap, hdr[6]))
		goto cleanup;
	const unsigned char *body = buf + DEP_HDR_BYTES;
	rc = SM_ENOMEM;
	m = calloc(1, sizeof(*m));
	if (!m)
		goto cleanup;
	memcpy(&scale, &hdr[5], 4);
	rc = sm_sparse_get(&m->w, hdr[1], body, cap, nfeat, npairs, scale);
	if (rc != SM_OK)
		goto cleanup;
	rc = sm_sparse_clusters_get(&m->cl, body + 4 * wwords, ccap);
	if (rc != SM_OK)
		goto cleanup;
	*out = m;
	m = NULL;
cleanup:
	sm_parse_model_free(m);
	free(buf);
	return rc;
}

/* ---------------------------------------------------------------- parser */

int sm_parser_new(const sm_parse_model_t *m, sm_parser_t **out)
{
	sm_parser_t *p;
	if (!out)
		return SM_EINVAL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return SM_ENOMEM;
	p->m = m;
	*out = p;
	return SM_OK;
}

void sm_parser_free(sm_parser_t *p)
{
	if (!p)
		return;
	free(p->mem);
	free(p);
}

/*
 * grow_scratch - one block holding every per-token array for n words plus
 * the root.  Grow-only: steady-state parsing never allocates.
 */
static int grow_scratch(sm_parser_t *p, size_t n)
{
	if (p->mem && n <= p->cap)
		return SM_OK;
	size_t cap = p->cap ? p->cap : 64;
	while (cap < n)
		cap *= 2;
	size_t m = cap + 1;
	/* 8-byte arrays first, then 4, 2, 1 so everything stays aligned. */
	void *mem = malloc(m * (2 * 8 + 7 * 4 + 3 * 2 + 2 * 1));
	if (!mem)
		return SM_ENOMEM;
	free(p->mem);
	p->mem = mem;
	p->cap = cap;
	char *q = mem;
	sm_parse_state_t *s = &p->st;
	s->ls = (uint64_t *)(void *)q; q += 8 * m;
	s->rs = (uint64_t *)(void *)q; q += 8 * m;
	s->stack = (int32_t *)(void *)q; q += 4 * m;
	s->l1 = (int32_t *)(void *)q; q += 4 * m;
	s->l2 = (int32_t *)(void *)q; q += 4 * m;
	s->r1 = (int32_t *)(void *)q; q += 4 * m;
	s->r2 = (int32_t *)(void *)q; q += 4 * m;
	p->wh = (uint32_t *)(void *)q; q += 4 * m;
	p->cl = (uint32_t *)(void *)q; q += 4 * m;
	s->head = (int16_t *)(void *)q; q += 2 * m;
	s->nl = (uint16_t *)(void *)q; q += 2 * m;
	s->nr = (uint16_t *)(void *)q; q += 2 * m;
	s->rel = (uint8_t *)q; q += m;
	p->tag = (uint8_t *)q;
	return SM_OK;
}

/* Word hash for the parser: FNV-1a of the ASCII-lowercased form. */
static uint32_t word_hash(const char *p, size_t len)
{
	const unsigned char *s = (const unsigned char *)p;
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++) {
		unsigned c = s[i];
		if (c >= 'A' && c <= 'Z')
			c += 32;
		h = (h ^ c) * 16777619u;
	}
	return h;
}

#define TAG_NONE 250u
#define TAG_ROOT 251u
#define WORD_NONE 0x9e3779b9u
#define WORD_ROOT 0x7f4a7c15u
#define REL_NONE 254u
#define UNATTACHED (-2)
#define CL_ROOT 0xfffffff0u
#define CL_NONE 0xfffffff1u

/*
 * sm_parser_begin - hash the words (lowercased) and reset the state: empty
 * stack, every word in the buffer followed by the root (index n).
 */
int sm_parser_begin(sm_parser_t *p, const sm_str_t *words, const uint8_t *tags,
		    size_t n, sm_parse_state_t **out)
{
	if (!p || !out || (n && (!words || !tags)) || n > SM_PARSE_MAX_TOKENS)
		return SM_EINVAL;
	int rc = grow_scratch(p, n);
	if (rc != SM_OK)
		return rc;
	sm_parse_state_t *s = &p->st;
	const sm_parse_model_t *cm = p->m;
	s->n = n;
	s->b = 0;
	s->sp = 0;
	for (size_t i = 0; i <= n; i++) {
		s->head[i] = UNATTACHED;
		s->rel[i] = REL_NONE;
		s->l1[i] = s->l2[i] = s->r1[i] = s->r2[i] = -1;
		s->nl[i] = s->nr[i] = 0;
		s->ls[i] = s->rs[i] = 0;
		if (i < n) {
			p->tag[i] = tags[i] < TAG_NONE ? tags[i] : TAG_NONE;
			p->wh[i] = words[i].p ? word_hash(words[i].p, words[i].len)
					      : WORD_NONE;
			p->cl[i] = 0;
			uint32_t v;
			if (cm && cm->cl.cmask && words[i].p &&
			    sm_sparse_clusters_find(&cm->cl, sm_cluster_key(sm_cluster_fold_hash(
							     words[i].p, words[i].len)), &v))
				p->cl[i] = v + 1;
		} else {
			p->tag[i] = TAG_ROOT;
			p->wh[i] = WORD_ROOT;
			p->cl[i] = CL_ROOT;
		}
	}
	s->tag = p->tag;
	s->wh = p->wh;
	s->cl = p->cl;
	*out = s;
	return SM_OK;
}

/* sm_parse_state_done - see parse.h.  A NULL state counts as terminal,
 * so a trainer's loop over it stops instead of crashing. */
int sm_parse_state_done(const sm_parse_state_t *s)
{
	if (!s)
		return 1;
	return s->b >= s->n && s->sp == 0;
}

/*
 * sm_parse_state_valid - SHIFT while words remain; LEFT-ARC (not "root")
 * onto a word; LEFT-ARC "root" only onto the root with one word stacked;
 * RIGHT-ARC (not "root") with two or more stacked.
 */
void sm_parse_state_valid(const sm_parse_state_t *s, uint8_t *valid)
{
	if (!valid)
		return;
	if (!s) {
		memset(valid, 0, NCLASSES); /* nothing applies to no state */
		return;
	}
	int atroot = s->b >= s->n;
	uint8_t left = !atroot && s->sp >= 1, right = s->sp >= 2;
	valid[0] = !atroot;
	for (size_t r = 0; r < NRELS; r++) {
		valid[1 + r] = left;
		valid[1 + NRELS + r] = right;
	}
	valid[1 + REL_ROOT] = atroot && s->sp == 1;
	valid[1 + NRELS + REL_ROOT] = 0;
}

/* gold head with the root mapped to n */
static inline size_t ghead(const int16_t *gh, size_t n, size_t i)
{
	return gh[i] < 0 ? n : (size_t)gh[i];
}

/*
 * sm_parse_state_costs - arc-hybrid dynamic oracle (Goldberg & Nivre 2013):
 * the number of gold arcs each transition makes unreachable.
 *   SHIFT b: b's gold dependents on the stack, b's gold head on the stack
 *     below s0, and b's root arc if the stack is not empty (b could never
 *     reach the bottom again).
 *   LEFT s0 -> b: s0's gold dependents in the buffer, and s0's gold head if
 *     it is s1 or later in the buffer (including the root).
 *   RIGHT s0 -> s1: s0's gold dependents in the buffer and its gold head if
 *     in the buffer.
 * A wrong label on a gold arc costs one more.
 */
void sm_parse_state_costs(const sm_parse_state_t *s, const int16_t *gh,
			  const uint8_t *grel, int32_t *costs)
{
	uint8_t valid[NCLASSES];
	if (!s || !gh || !grel || !costs)
		return;
	size_t n = s->n, b = s->b;
	int32_t cshift = 0, cleft = 0, cright = 0;
	long s0 = s->sp ? s->stack[s->sp - 1] : -1;
	long s1 = s->sp > 1 ? s->stack[s->sp - 2] : -1;

	sm_parse_state_valid(s, valid);
	if (b < n) {
		size_t hb = ghead(gh, n, b);
		for (size_t k = 0; k < s->sp; k++) {
			size_t x = (size_t)s->stack[k];
			if (ghead(gh, n, x) == b)
				cshift++;
			if (hb == x && (long)x != s0)
				cshift++;
		}
		if (hb == n && s->sp > 0)
			cshift++;
	}
	if (s0 >= 0) {
		size_t h0 = ghead(gh, n, (size_t)s0);
		int32_t deps = 0;
		for (size_t k = b; k < n; k++)
			if (ghead(gh, n, k) == (size_t)s0)
				deps++;
		cleft = deps + (h0 != b && ((long)h0 == s1 || h0 > b));
		cright = deps + (h0 >= b);
		for (size_t r = 0; r < NRELS; r++) {
			costs[1 + r] = cleft + (h0 == b && grel[s0] != r);
			costs[1 + NRELS + r] =
				cright + (s1 >= 0 && (long)h0 == s1 && grel[s0] != r);
		}
	} else {
		for (size_t r = 0; r < NRELS; r++)
			costs[1 + r] = costs[1 + NRELS + r] = 0;
	}
	costs[0] = cshift;
	for (size_t c = 0; c < NCLASSES; c++)
		if (!valid[c])
			costs[c] = INT32_MAX;
}

/* add_arc - record h -> d with relation r and update child bookkeeping. */
static void add_arc(sm_parse_state_t *s, size_t h, size_t d, unsigned r)
{
	s->head[d] = (int16_t)h;
	s->rel[d] = (uint8_t)r;
	if (d < h) {
		if (s->l1[h] < 0 || (long)d < s->l1[h]) {
			s->l2[h] = s->l1[h];
			s->l1[h] = (int32_t)d;
		} else if (s->l2[h] < 0 || (long)d < s->l2[h]) {
			s->l2[h] = (int32_t)d;
		}
		s->nl[h]++;
		s->ls[h] |= (uint64_t)1 << (r & 63);
	} else {
		if (s->r1[h] < 0 || (long)d > s->r1[h]) {
			s->r2[h] = s->r1[h];
			s->r1[h] = (int32_t)d;
		} else if (s->r2[h] < 0 || (long)d > s->r2[h]) {
			s->r2[h] = (int32_t)d;
		}
		s->nr[h]++;
		s->rs[h] |= (uint64_t)1 << (r & 63);
	}
}

/* state_apply - apply class cls, which the caller knows is valid (the
 * parser's argmax runs over valid classes only). */
static inline void state_apply(sm_parse_state_t *s, unsigned cls)
{
	if (cls == 0) {
		s->stack[s->sp++] = (int32_t)s->b++;
	} else if (cls <= NRELS) {
		size_t d = (size_t)s->stack[--s->sp];
		add_arc(s, s->b, d, cls - 1);
	} else {
		size_t d = (size_t)s->stack[--s->sp];
		add_arc(s, (size_t)s->stack[s->sp - 1], d, cls - 1 - NRELS);
	}
}

/*
 * sm_parse_state_apply - see parse.h.  A class that is not valid now (see
 * sm_parse_state_valid), out of range, or a NULL state is ignored: an arc
 * on a stack too short would pop below it and corrupt the state.
 */
void sm_parse_state_apply(sm_parse_state_t *s, unsigned cls)
{
	uint8_t valid[NCLASSES];
	if (!s || cls >= NCLASSES)
		return;
	sm_parse_state_valid(s, valid);
	if (valid[cls])
		state_apply(s, cls);
}

void sm_parse_state_result(const sm_parse_state_t *s, int16_t *heads,
			   uint8_t *rels)
{
	if (!s || !heads || !rels)
		return;
	for (size_t i = 0; i < s->n; i++) {
		int h = s->head[i];
		heads[i] = (int16_t)(h == UNATTACHED || h >= (int)s->n ? -1 : h);
		rels[i] = s->rel[i] < NRELS ? s->rel[i] : REL_ROOT;
	}
}

/* ------------------------------------------------------------- features */

static inline uint32_t dist_bucket(long d)
{
	if (d < 0)
		d = -d;
	return d < 5 ? (uint32_t)d : d < 10 ? 5u : 6u;
}

static inline uint32_t set_hash(uint64_t x)
{
	return sm_fmix32((uint32_t)x ^ sm_fmix32((uint32_t)(x >> 32) + 0x1234567u));
}

#define T3(a, b, c) ((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16)

/*
 * cl_level - the level-l cluster (0 = finest) of token x as a feature
 * value: 1 + id, 0 for a word without cluster, CL_ROOT / CL_NONE for the
 * root and an empty position.
 */
static inline uint32_t cl_level(const sm_parse_state_t *s, long x, unsigned l)
{
	if (x < 0)
		return CL_NONE;
	uint32_t v = s->cl[x];
	if (v == 0 || v == CL_ROOT)
		return v;
	return 1u + (((v - 1) >> (10 * l)) & 0x3ffu);
}

/*
 * sm_parse_state_features - Zhang & Nivre (2011) templates mapped onto
 * arc-hybrid: S0/S1/S2 are the stack top three, B0/B1/B2 the buffer front
 * three (B0 may be the root); L1/L2 and R1/R2 the two outermost left and
 * right children.  w = word, t = tag, l = relation label, d = distance,
 * vl/vr = valency, sl/sr = label sets.
 */
size_t sm_parse_state_features(const sm_parse_state_t *s, uint32_t *f)
{
	if (!s || !f)
		return 0;
	size_t k = 0, n = s->n;
	long st0 = s->sp ? s->stack[s->sp - 1] : -1;
	long st1 = s->sp > 1 ? s->stack[s->sp - 2] : -1;
	long st2 = s->sp > 2 ? s->stack[s->sp - 3] : -1;
	long bf0 = (long)s->b, bf1 = s->b + 1 <= n ? (long)s->b + 1 : -1;
	long bf2 = s->b + 2 <= n ? (long)s->b + 2 : -1;
#define W(x) ((x) < 0 ? WORD_NONE : s->wh[x])
#define T(x) ((x) < 0 ? TAG_NONE : s->tag[x])
#define L(x) ((x) < 0 ? 253u : s->rel[x])
#define LC1(x) ((x) < 0 ? -1 : (long)s->l1[x])
#define LC2(x) ((x) < 0 ? -1 : (long)s->l2[x])
#define RC1(x) ((x) < 0 ? -1 : (long)s->r1[x])
#define RC2(x) ((x) < 0 ? -1 : (long)s->r2[x])
	uint32_t s0w = W(st0), s0t = T(st0), s1w = W(st1), s1t = T(st1);
	uint32_t s2t = T(st2), s2w = W(st2);
	uint32_t b0w = W(bf0), b0t = T(bf0), b1w = W(bf1), b1t = T(bf1);
	uint32_t b2w = W(bf2), b2t = T(bf2);
	long s0l1 = LC1(st0), s0l2 = LC2(st0), s0r1 = RC1(st0), s0r2 = RC2(st0);
	long b0l1 = LC1(bf0), b0l2 = LC2(bf0);
	long s1l1 = LC1(st1), s1r1 = RC1(st1);
	uint32_t s0wt = sm_hash_mix(s0w, s0t), b0wt = sm_hash_mix(b0w, b0t);
	uint32_t s1wt = sm_hash_mix(s1w, s1t);
	uint32_t d = st0 >= 0 ? dist_bucket(bf0 - st0) : 7u;
	uint32_t d1 = st1 >= 0 ? dist_bucket(st0 - st1) : 7u;
	uint32_t s0vl = st0 >= 0 ? s->nl[st0] : 99u, s0vr = st0 >= 0 ? s->nr[st0] : 99u;
	uint32_t b0vl = s->nl[bf0];
	uint32_t s1vl = st1 >= 0 ? s->nl[st1] : 99u, s1vr = st1 >= 0 ? s->nr[st1] : 99u;

	/* single words */
	f[k++] = feat_key(0, s0w, 0);
	f[k++] = feat_key(1, s0t, 0);
	f[k++] = feat_key(2, s0wt, 0);
	f[k++] = feat_key(3, s1w, 0);
	f[k++] = feat_key(4, s1t, 0);
	f[k++] = feat_key(5, s1wt, 0);
	f[k++] = feat_key(6, b0w, 0);
	f[k++] = feat_key(7, b0t, 0);
	f[k++] = feat_key(8, b0wt, 0);
	f[k++] = feat_key(9, b1w, 0);
	f[k++] = feat_key(10, b1t, 0);
	f[k++] = feat_key(11, b1w, b1t);
	f[k++] = feat_key(12, b2w, 0);
	f[k++] = feat_key(13, b2t, 0);
	f[k++] = feat_key(14, b2w, b2t);
	f[k++] = feat_key(15, s2t, 0);
	f[k++] = feat_key(16, s2w, 0);
	/* pairs */
	f[k++] = feat_key(17, s0wt, b0wt);
	f[k++] = feat_key(18, s0wt, b0w);
	f[k++] = feat_key(19, s0w, b0wt);
	f[k++] = feat_key(20, s0wt, b0t);
	f[k++] = feat_key(21, s0t, b0wt);
	f[k++] = feat_key(22, s0w, b0w);
	f[k++] = feat_key(23, s0t, b0t);
	f[k++] = feat_key(24, b0t, b1t);
	f[k++] = feat_key(25, s1w, s0w);
	f[k++] = feat_key(26, s1t, s0t);
	f[k++] = feat_key(27, s1wt, s0wt);
	f[k++] = feat_key(28, s1t, s0w);
	f[k++] = feat_key(29, s1w, s0t);
	f[k++] = feat_key(30, s1t, b0t);
	f[k++] = feat_key(31, b0w, b1w);
	f[k++] = feat_key(32, b0t, b1w);
	f[k++] = feat_key(33, b0w, b1t);
	/* tag triples */
	f[k++] = feat_key(34, T3(b0t, b1t, b2t), 0);
	f[k++] = feat_key(35, T3(s0t, b0t, b1t), 0);
	f[k++] = feat_key(36, T3(s1t, s0t, b0t), 0);
	f[k++] = feat_key(37, T3(s2t, s1t, s0t), 0);
	f[k++] = feat_key(38, T3(s0t, T(s0l1), b0t), 0);
	f[k++] = feat_key(39, T3(s0t, T(s0r1), b0t), 0);
	f[k++] = feat_key(40, T3(s0t, T(s0l1), T(s0l2)), 0);
	f[k++] = feat_key(41, T3(s0t, T(s0r1), T(s0r2)), 0);
	f[k++] = feat_key(42, T3(b0t, T(b0l1), T(b0l2)), 0);
	f[k++] = feat_key(43, T3(s0t, b0t, T(b0l1)), 0);
	f[k++] = feat_key(44, T3(s1t, T(s1l1), s0t), 0);
	f[k++] = feat_key(45, T3(s1t, T(s1r1), s0t), 0);
	f[k++] = feat_key(46, T3(s1t, s0t, T(s0r1)), 0);
	f[k++] = feat_key(47, T3(s1t, s0t, T(s0l1)), 0);
	f[k++] = feat_key(48, T3(s1t, s0t, b1t), 0);
	/* distance */
	f[k++] = feat_key(49, s0w, d);
	f[k++] = feat_key(50, s0t, d);
	f[k++] = feat_key(51, b0w, d);
	f[k++] = feat_key(52, b0t, d);
	f[k++] = feat_key(53, sm_hash_mix(s0w, b0w), d);
	f[k++] = feat_key(54, T3(s0t, b0t, d), 0);
	f[k++] = feat_key(55, T3(s1t, s0t, d1), 0);
	f[k++] = feat_key(56, sm_hash_mix(s1w, s0w), d1);
	/* valency */
	f[k++] = feat_key(57, s0w, s0vl);
	f[k++] = feat_key(58, s0t, s0vl);
	f[k++] = feat_key(59, s0w, s0vr);
	f[k++] = feat_key(60, s0t, s0vr);
	f[k++] = feat_key(61, b0w, b0vl);
	f[k++] = feat_key(62, b0t, b0vl);
	f[k++] = feat_key(63, s1w, s1vr);
	f[k++] = feat_key(64, s1t, s1vr);
	f[k++] = feat_key(65, s1t, s1vl);
	/* children */
	f[k++] = feat_key(66, W(s0l1), 0);
	f[k++] = feat_key(67, T(s0l1), 0);
	f[k++] = feat_key(68, L(s0l1), 0);
	f[k++] = feat_key(69, W(s0l2), 0);
	f[k++] = feat_key(70, T(s0l2), 0);
	f[k++] = feat_key(71, L(s0l2), 0);
	f[k++] = feat_key(72, W(s0r1), 0);
	f[k++] = feat_key(73, T(s0r1), 0);
	f[k++] = feat_key(74, L(s0r1), 0);
	f[k++] = feat_key(75, W(s0r2), 0);
	f[k++] = feat_key(76, T(s0r2), 0);
	f[k++] = feat_key(77, L(s0r2), 0);
	f[k++] = feat_key(78, W(b0l1), 0);
	f[k++] = feat_key(79, T(b0l1), 0);
	f[k++] = feat_key(80, L(b0l1), 0);
	f[k++] = feat_key(81, W(b0l2), 0);
	f[k++] = feat_key(82, T(b0l2), 0);
	f[k++] = feat_key(83, L(b0l2), 0);
	f[k++] = feat_key(84, T(s1l1), L(s1l1));
	f[k++] = feat_key(85, T(s1r1), L(s1r1));
	f[k++] = feat_key(86, W(s1r1), 0);
	/* label sets */
	f[k++] = feat_key(87, s0w, st0 >= 0 ? set_hash(s->ls[st0]) : 1u);
	f[k++] = feat_key(88, s0t, st0 >= 0 ? set_hash(s->ls[st0]) : 1u);
	f[k++] = feat_key(89, s0w, st0 >= 0 ? set_hash(s->rs[st0]) : 1u);
	f[k++] = feat_key(90, s0t, st0 >= 0 ? set_hash(s->rs[st0]) : 1u);
	f[k++] = feat_key(91, b0w, set_hash(s->ls[bf0]));
	f[k++] = feat_key(92, b0t, set_hash(s->ls[bf0]));
	f[k++] = feat_key(93, s1t, st1 >= 0 ? set_hash(s->rs[st1]) : 1u);
	/* word clusters in place of words (Koo, Carreras & Collins 2008) */
	uint32_t s0c = cl_level(s, st0, 0), b0c = cl_level(s, bf0, 0);
	uint32_t s0m = cl_level(s, st0, 1), b0m = cl_level(s, bf0, 1);
	f[k++] = feat_key(95, s0c, 0);
	f[k++] = feat_key(96, b0c, 0);
	f[k++] = feat_key(99, s0m, b0m);
	f[k++] = feat_key(100, s0c, b0t);
	f[k++] = feat_key(101, s0t, b0c);
	f[k++] = feat_key(102, sm_hash_mix(s0m, b0m), d);
	f[k++] = feat_key(105, T3(s0t, b0t, 0), sm_hash_mix(s0m, b0m));
	f[k++] = feat_key(94, 0, 0); /* bias, last (the tests rely on it) */
#undef W
#undef T
#undef L
#undef LC1
#undef LC2
#undef RC1
#undef RC2
	return k;
}

/* ----------------------------------------------------------------- parse */

/*
 * parse_greedy - greedy decoding of state s: score every class with the
 * int16 weights of the state's features, apply the best valid one, repeat
 * (2n transitions).  sm_sparse_score() prefetches table slots before it
 * sums them.  Built twice (SM_VECTOR_CLONES): the row sums are most of it.
 */
static SM_VECTOR_CLONES void parse_greedy(const sm_parse_model_t *m,
					  sm_parse_state_t *s)
{
	uint32_t feats[SM_PARSE_MAX_FEATS], hits[SM_PARSE_MAX_FEATS];
	int32_t score[RSTRIDE];

	while (!sm_parse_state_done(s)) {
		size_t nf = sm_parse_state_features(s, feats);
		sm_sparse_score(&m->w, feats, nf, hits, score, RSTRIDE);
		/* argmax over the valid classes (see sm_parse_state_valid) */
		int atroot = s->b >= s->n;
		unsigned best;
		if (atroot) {
			if (s->sp == 1) {
				best = 1 + REL_ROOT;
			} else {
				best = 1 + NRELS + 1;
				for (unsigned c = 1 + NRELS + 1; c < NCLASSES; c++)
					if (score[c] > score[best])
						best = c;
			}
		} else {
			best = 0;
			if (s->sp >= 1)
				for (unsigned c = 2; c <= NRELS; c++)
					if (score[c] > score[best])
						best = c;
			if (s->sp >= 2)
				for (unsigned c = 1 + NRELS + 1; c < NCLASSES; c++)
					if (score[c] > score[best])
						best = c;
		}
		state_apply(s, best);
	}
}

/* Relation ids (rel_names) and tag ids (tag.c) the repairs below use;
 * test_parse pins them to their names. */
#define REL_PUNCT 1u
#define REL_CASE 2u
#define REL_NSUBJ 4u
#define REL_ADVMOD 5u
#define REL_AMOD 6u
#define REL_OBJ 7u
#define REL_OBL 8u
#define REL_CONJ 9u
#define REL_COMPOUND 11u
#define REL_MARK 12u
#define REL_CC 13u
#define REL_AUX 14u
#define REL_COP 15u
#define REL_ADVCL 17u
#define REL_XCOMP 18u
#define REL_RELCL 19u
#define REL_FLAT 20u
#define REL_CCOMP 21u
#define REL_ACL 22u
#define REL_PARATAXIS 23u
#define REL_AUX_PASS 25u
#define REL_APPOS 26u
#define REL_NSUBJ_PASS 27u
#define REL_OBL_UNMARKED 28u
#define REL_NMOD_UNMARKED 29u
#define REL_PRT 31u
#define REL_EXPL 33u
#define REL_NSUBJ_OUTER 39u
#define REL_DEP 45u
#define TAG_RB 7u
#define TAG_VB 10u
#define TAG_PRP 24u
/* finite verbs: VBD VBP VBZ MD (11, 14, 15, 16) */
#define FINITE_TAG(t) ((t) == 11u || (t) == 14u || (t) == 15u || (t) == 16u)
#define BIT(x) ((uint64_t)1 << (x))                   /* relation or tag id */
#define SUBJ_RELS (BIT(4) | BIT(27) | BIT(38) | BIT(49)) /* nsubj, csubj (:pass) */
#define NOUN_TAGS (BIT(0) | BIT(1) | BIT(2) | BIT(3))    /* NN NNS NNP NNPS */
#define NAME_TAGS (BIT(2) | BIT(3))                      /* NNP NNPS */
#define TITLE_TAGS (NOUN_TAGS | BIT(4))                  /* and JJ */

/* IN_SET - is tag or relation x in the 64-bit set? (ids of 64 and more are not) */
#define IN_SET(set, x) ((x) < 64 && ((set) >> (x) & 1))

/* tags: . , : `` '' -LRB- -RRB- HYPH NFP (37-45) */
#define PUNCT_TAG(t) ((t) >= 37 && (t) <= 45)
#define VERB_TAG(t) ((t) >= 10 && (t) <= 16) /* VB .. VBZ, MD */
#define TAG_VBG 12u
#define TAG_VBN 13u

/*
 * extremes - lm[i] / rm[i]: the leftmost left and rightmost right
 * dependent of i, or -1.
 */
static void extremes(const int16_t *heads, size_t n, int32_t *lm, int32_t *rm)
{
	for (size_t i = 0; i < n; i++)
		lm[i] = rm[i] = -1;
	for (size_t i = 0; i < n; i++) {
		int h = heads[i];
		if (h < 0)
			continue;
		if ((int)i < h) {
			if (lm[h] < 0)
				lm[h] = (int32_t)i;
		} else {
			rm[h] = (int32_t)i;
		}
	}
}

/* chain_end - follow next[] from i to its end (a subtree's edge in a
 * projective tree); -1 past 4096 steps (a degenerate tree: no repair). */
static long chain_end(const int32_t *next, long i)
{
	for (size_t k = 0; next[i] >= 0; k++) {
		if (k == 4096)
			return -1;
		i = next[i];
	}
	return i;
}

/*
 * fix_subjects - one subject per head.  Gold UD English never gives a
 * head two subjects (none of EWT train's 17,448), but the greedy parser,
 * trained on web text, reads news titles before names as a second one:
 * "analyst Mike Powell says", "Telegraph executive Murdoch MacLennan
 * said", "profits at US media giant TimeWarner jumped" (491 of the 8,375
 * sentences of 500 BBC articles), and the fact extractor then loses the
 * name or the subject.  When subject a's subtree ends right before the
 * subtree of the head's next subject b:
 *   - a's subtree and b's words before b are all nouns and adjectives
 *     ("analyst" + "Mike Powell", "Telegraph executive" + "Murdoch
 *     MacLennan"), b a noun: a becomes b's compound;
 *   - else, b a name and a's last word a noun ("... media giant"): b
 *     becomes that noun's apposition.
 * Both keep the tree projective (the moved arc spans only the other
 * subtree).  Subjects that are not adjacent are left alone: the parse is
 * wrong in some other way.  lm, rm: n scratch entries each.
 */
static void fix_subjects(int16_t *heads, uint8_t *rels, const uint8_t *tags,
			 size_t n, int32_t *lm, int32_t *rm)
{
	int dirty = 1;
	for (size_t a = 0; a < n; a++) {
		int h = heads[a];
		if (h <= (int)a || !IN_SET(SUBJ_RELS, rels[a]))
			continue;
		if (dirty)
			extremes(heads, n, lm, rm);
		dirty = 0;
		long l = chain_end(lm, (long)a), r = chain_end(rm, (long)a);
		if (l < 0 || r < 0 || r + 1 >= h)
			continue;
		/* b: the ancestor of r + 1 that is a dependent of h */
		long b = r + 1;
		for (size_t k = 0; b >= 0 && heads[b] != h; k++)
			b = k < 4096 && heads[b] > (int)a && heads[b] < h ? heads[b] : -1;
		if (b < 0 || !IN_SET(SUBJ_RELS, rels[b]) || !IN_SET(NOUN_TAGS, tags[b]))
			continue;
		/* a title: nouns and adjectives up to b ("investors the
		 * combined company will" is two phrases) */
		int title = 1;
		for (long k = l; k < b && title; k++)
			title = IN_SET(TITLE_TAGS, tags[k]);
		if (title) {
			heads[a] = (int16_t)b;
			rels[a] = REL_COMPOUND;
		} else if (IN_SET(NAME_TAGS, tags[b]) && IN_SET(NOUN_TAGS, tags[r])) {
			heads[b] = (int16_t)r;
			rels[b] = REL_APPOS;
		} else {
			continue;
		}
		dirty = 1;
	}
}

/*
 * fix_punct_heads - punctuation heads nothing in UD, but greedy decoding
 * sometimes hangs words on a mark: "Growth in Japan evaporated in the
 * three months to September, sparking renewed concern" made "sparking"
 * an acl of ",", and the fact extractor then made the comma a subject
 * (147 facts over the news archive had a mark as subject or object).
 *   1. Every dependent of a mark (marks too) moves to the mark's nearest
 *      ancestor that is not punctuation, and the mark becomes punct.
 *      Only marks lose dependents and they all stay below that ancestor,
 *      so no arc crosses that did not.
 *   2. A participle clause (acl, VBG/VBN) moved so onto a noun climbs on
 *      to the nearest verb above as its advcl ("Growth | sparks | renewed
 *      concern"), but only when its subtree ends every subtree it leaves
 *      (the one case in which leaving them keeps the tree projective).
 * Marks under a punctuation root are left alone.  lm, rm: n scratch
 * entries each.
 */
static void fix_punct_heads(int16_t *heads, uint8_t *rels, const uint8_t *tags,
			    size_t n, int32_t *lm, int32_t *rm)
{
	int cand[16];
	size_t nc = 0;
	for (size_t d = 0; d < n; d++) {
		int p = heads[d];
		if (p < 0 || !PUNCT_TAG(tags[p]))
			continue;
		int h = heads[p];
		for (size_t k = 0; h >= 0 && PUNCT_TAG(tags[h]) && k < n; k++)
			h = heads[h];
		if (h < 0)
			continue;
		heads[d] = (int16_t)h;
		rels[p] = REL_PUNCT; /* "NOTE: 1985 net ..." left ":" an obj */
		if (rels[d] == REL_ACL && (tags[d] == TAG_VBG || tags[d] == TAG_VBN) &&
		    !VERB_TAG(tags[h]) && nc < sizeof cand / sizeof cand[0])
			cand[nc++] = (int)d;
	}
	int dirty = 1;
	for (size_t i = 0; i < nc; i++) {
		int d = cand[i], u = heads[d];
		if (dirty)
			extremes(heads, n, lm, rm);
		dirty = 0;
		long ld = chain_end(lm, d), rd = chain_end(rm, d);
		int ok = ld >= 0 && rd >= 0;
		for (size_t k = 0; ok && u >= 0 && !VERB_TAG(tags[u]) && k < n; k++) {
			long lu = chain_end(lm, u), ru = chain_end(rm, u);
			ok = (d > u && ru == rd) || (d < u && lu == ld);
			u = heads[u];
		}
		if (ok && u >= 0 && VERB_TAG(tags[u])) {
			heads[d] = (int16_t)u;
			rels[d] = REL_ADVCL;
			dirty = 1;
		}
	}
}


/* is_word - is w the ASCII word lw (lower case) in any case? */
static int is_word(sm_str_t w, const char *lw)
{
	size_t k, len = strlen(lw);
	if (w.len != len)
		return 0;
	for (k = 0; k < len && (w.p[k] | 0x20) == lw[k]; k++)
		;
	return k == len;
}

/* is_one_of - is w, in any case, one of the lower-case words of the
 * NULL-terminated list? */
static int is_one_of(sm_str_t w, const char *const *list)
{
	for (; *list; list++)
		if (is_word(w, *list))
			return 1;
	return 0;
}

/* is_say - "say", "says", "said", "saying" in any case? */
static int is_say(sm_str_t w)
{
	static const char *const forms[] = { "said", "says", "say", "saying", NULL };
	return is_one_of(w, forms);
}

/* Bits of child_bits(): what dependents a word has. */
#define KID_SUBJ 1     /* nsubj or nsubj:pass */
#define KID_CC 2
#define KID_MARK 4
#define KID_AUX_PASS 8
#define KID_COMP 16    /* ccomp or xcomp */
#define KID_COP 32
#define KID_AUX 64

/* child_bits - bits[h]: the KID_* relations among h's dependents. */
static void child_bits(const int16_t *heads, const uint8_t *rels, size_t n,
		       int32_t *bits)
{
	memset(bits, 0, n * sizeof *bits);
	for (size_t i = 0; i < n; i++) {
		int h = heads[i];
		if (h < 0)
			continue;
		unsigned r = rels[i];
		bits[h] |= r == REL_NSUBJ || r == REL_NSUBJ_PASS ? KID_SUBJ :
			   r == REL_CC ? KID_CC : r == REL_MARK ? KID_MARK :
			   r == REL_AUX_PASS ? KID_AUX_PASS :
			   r == REL_CCOMP || r == REL_XCOMP ? KID_COMP :
			   r == REL_COP ? KID_COP : r == REL_AUX ? KID_AUX : 0;
	}
}

/*
 * fix_say_objects - "X said the technology, which ..., can improve
 * handling": the greedy parser, trained on web text where "that" mostly
 * opens a reported clause, makes the clause's subject the object of
 * "said" and hangs the clause's verb elsewhere.  Over the Reuters-21578
 * archive, 4,175 "say" verbs had a noun or pronoun object, and the fact
 * extractor then gave "Alcan | says | technology" and a clause with no
 * subject.  When a form of "say" (no clausal complement of its own) has
 * an object X to its right and a clause head V after X (a finite verb,
 * or a verb or predicate with an auxiliary or copula: "said the MVME135
 * ... are available") that has no subject and is either
 *   - a conj (with no coordinator of its own: "said X and left" shares
 *     its subject), an advcl (with no marker: "after it left") or a
 *     parataxis of "say", or
 *   - an acl:relcl of X ("said its aim was to adopt"),
 * then V becomes the ccomp of "say" and X its subject (nsubj:pass over a
 * passive auxiliary).  Dependents of "say" between X and V move to V,
 * and every other word between them must already hang inside X or V's
 * phrases, so the tree stays projective.  EWT and PUD scores do not move
 * (such clauses are rare there).  Linear per "say" verb; bits: n scratch
 * entries.
 */
static void fix_say_objects(const sm_str_t *words, int16_t *heads, uint8_t *rels,
			    const uint8_t *tags, size_t n, int32_t *bits)
{
	int fresh = 0;
	for (size_t sv = 0; sv < n; sv++) {
		if (!VERB_TAG(tags[sv]) || !is_say(words[sv]))
			continue;
		if (!fresh)
			child_bits(heads, rels, n, bits);
		fresh = 1;
		int s = (int)sv, x = -1, v = -1;
		if (bits[s] & KID_COMP)
			continue;
		for (size_t i = sv + 1; i < n && x < 0; i++)
			if (heads[i] == s && rels[i] == REL_OBJ &&
			    (IN_SET(NOUN_TAGS, tags[i]) || tags[i] == TAG_PRP))
				x = (int)i;
		if (x < 0)
			continue;
		for (size_t i = (size_t)x + 1; i < n && v < 0; i++) {
			/* a clause: a finite verb, or a verb or predicate with an
			 * auxiliary or copula ("using", "formed" are phrases) */
			if (!(FINITE_TAG(tags[i]) || (bits[i] & (KID_AUX | KID_AUX_PASS | KID_COP))) ||
			    (bits[i] & KID_SUBJ))
				continue;
			int ok = 0;
			if (heads[i] == s)
				ok = (rels[i] == REL_CONJ && !(bits[i] & KID_CC)) ||
				     (rels[i] == REL_ADVCL && !(bits[i] & KID_MARK)) ||
				     rels[i] == REL_PARATAXIS;
			else if (heads[i] == x)
				ok = rels[i] == REL_RELCL;
			if (ok)
				v = (int)i;
		}
		if (v < 0)
			continue;
		/* words between X and V: "say"'s move to V; the others must
		 * hang between X and V, or on X or V themselves; nothing
		 * left of "say" or right of V hangs on X (V, now above X,
		 * would cross its arc) */
		int ok = 1;
		for (int i = x + 1; i < v && ok; i++)
			ok = heads[i] == s || (heads[i] >= x && heads[i] <= v);
		for (int i = 0; i < s && ok; i++)
			ok = heads[i] != x && heads[i] != v;
		for (int i = v + 1; i < (int)n && ok; i++)
			ok = heads[i] != x;
		if (!ok)
			continue;
		for (int i = x + 1; i < v; i++)
			if (heads[i] == s)
				heads[i] = (int16_t)v;
		heads[v] = (int16_t)s;
		rels[v] = REL_CCOMP;
		heads[x] = (int16_t)v;
		rels[x] = (bits[v] & KID_AUX_PASS) ? REL_NSUBJ_PASS : REL_NSUBJ;
		fresh = 0;
	}
}


/* inside - is every word strictly between a and b in the phrase of
 * root (root or below it)?  Bounded walks, so a malformed tree cannot
 * loop. */
static int inside(const int16_t *heads, size_t n, int a, int b, int root)
{
	for (int i = a + 1; i < b; i++) {
		int k = i;
		for (size_t steps = 0; k >= 0 && k != root && steps < n; steps++)
			k = heads[k];
		if (k != root)
			return 0;
	}
	return 1;
}

/* is_daytime - a part of a day a day name can modify ("Monday night") */
static int is_daytime(sm_str_t w)
{
	static const char *const parts[] = {
		"morning", "afternoon", "evening", "night", "noon", "midday",
		"lunchtime", "trading", "session", "week", "weekend", NULL,
	};
	return is_one_of(w, parts);
}

/* is_day - a day name, "today", "yesterday", "tomorrow" or "tonight"
 * (the day names capitalized, the others in any case)? */
static int is_day(sm_str_t w)
{
	static const char *const days[] = {
		"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
		"Sunday",
	};
	static const char *const relative[] = {
		"today", "yesterday", "tomorrow", "tonight", NULL,
	};
	for (size_t i = 0; i < sizeof days / sizeof days[0]; i++)
		if (w.len == strlen(days[i]) && memcmp(w.p, days[i], w.len) == 0)
			return 1;
	return is_one_of(w, relative);
}

/*
 * fix_bare_days - "The company said Wednesday it has decided ...": EWT has
 * few bare days after a verb, and the greedy parser makes the day the
 * clause's subject with "it" its flat part or an expletive, the compound
 * of the next noun ("said Friday electronic commerce will become"), a
 * marker, or the object of "said": 156 key facts over the news archive
 * had an argument starting with a day ("Monday its Ford and Lincoln
 * brands | starts"), 18 more were "X | says | Wednesday".  UD has such a
 * day as the verb's obl:unmarked ("said on Saturday": obl, with "on" its
 * case).  For a day word T right after a verb V (or after "on", a leaf,
 * after V), with no "case" dependent ("Monday's drop" is a phrase) and
 * none to its left:
 *   - T a subject or object with a noun or pronoun dependent C to its
 *     right, everything between them inside C's phrase: C takes T's
 *     place (head, relation and T's other dependents); but a C with a
 *     preposition, T's only dependent, becomes V's obl ("said Friday at
 *     a symposium"), a C with a coordinator stays T's conjunct
 *     ("continue Monday and Tuesday"), and a C with a clause marker
 *     leaves T alone;
 *   - T a subject with no dependents, the next word a noun or pronoun
 *     with the same head: that word becomes the subject;
 *   - T a marker, a compound, amod or nmod:unmarked of a later noun
 *     that is no part of a day ("Monday night") and not already in
 *     T's prepositional phrase ("on Wednesday evening"), or the object
 *     of "say", with no dependents;
 * then T becomes V's obl:unmarked (obl, "on" its case).  The arcs to T
 * and "on" are adjacent or span only T's own, and C's phrase is the one
 * T's was without T, so no arc crosses.
 */
static void fix_bare_days(const sm_str_t *words, int16_t *heads, uint8_t *rels,
			  const uint8_t *tags, size_t n)
{
	for (size_t t = 1; t < n; t++) {
		if (!is_day(words[t]) || heads[t] < 0)
			continue;
		int v = (int)t - 1, on = 0;
		if (t >= 2 && is_word(words[t - 1], "on") && VERB_TAG(tags[t - 2])) {
			/* "on" must be a leaf that hangs on something, or
			 * moving it under T could make a cycle */
			int leaf = heads[t - 1] >= 0;
			for (size_t i = 0; i < n && leaf; i++)
				leaf = heads[i] != (int)t - 1;
			if (!leaf)
				continue;
			v = (int)t - 2, on = 1;
		}
		if (!VERB_TAG(tags[v]))
			continue;
		/* T's dependents: the first noun or pronoun to its right (C),
		 * how many in all, any to its left or a "case" */
		int c = -1, kids = 0, bad = 0;
		for (size_t i = 0; i < n; i++) {
			if (heads[i] != (int)t)
				continue;
			kids++;
			bad |= i < t || rels[i] == REL_CASE;
			if (c < 0 && i > t && (IN_SET(NOUN_TAGS, tags[i]) || tags[i] == TAG_PRP))
				c = (int)i;
		}
		if (bad)
			continue;
		unsigned r = rels[t];
		int h = heads[t], subj = r == REL_NSUBJ || r == REL_NSUBJ_PASS;
		if (kids > 0) {
			if (c < 0 || c - (int)t > 8 || !(subj || r == REL_OBJ))
				continue;
			/* everything between T and C hangs inside C's phrase */
			if (!inside(heads, n, (int)t, c, c))
				continue;
			/* C's markers: a preposition makes it a phrase of its
			 * own ("said Friday at a symposium": C goes to V as an
			 * obl, T's only dependent), a coordinator T's conjunct
			 * ("Monday and Tuesday": C stays), a clause marker
			 * something else (left alone) */
			int cased = 0, coord = 0, marked = 0;
			for (size_t i = 0; i < n; i++) {
				if (heads[i] != c)
					continue;
				cased |= rels[i] == REL_CASE;
				coord |= rels[i] == REL_CC;
				marked |= rels[i] == REL_MARK;
			}
			if (marked || ((cased || coord) && kids != 1))
				continue;
			if (cased) {
				heads[c] = (int16_t)v;
				rels[c] = REL_OBL;
			} else if (!coord) {
				/* C is part of T's phrase ("said Wednesday it",
				 * "said Monday its Ford and Lincoln brands") and
				 * takes T's place */
				for (size_t i = t + 1; i < n; i++)
					if (heads[i] == (int)t && (int)i != c)
						heads[i] = (int16_t)c;
				heads[c] = (int16_t)h;
				rels[c] = (uint8_t)r;
			}
		} else if (subj) {
			size_t x = t + 1;
			if (x >= n || heads[x] != h ||
			    !(IN_SET(NOUN_TAGS, tags[x]) || tags[x] == TAG_PRP))
				continue;
			rels[x] = (uint8_t)r;
		} else if (!(r == REL_MARK ||
			     ((r == REL_COMPOUND || r == REL_AMOD || r == REL_NMOD_UNMARKED) &&
			      h > (int)t && !is_daytime(words[h]) && !(on && heads[t - 1] == h)) ||
			     (r == REL_OBJ && h == v && is_say(words[v])))) {
			continue; /* "on Wednesday evening" is right as it is */
		}
		heads[t] = (int16_t)v;
		rels[t] = on ? REL_OBL : REL_OBL_UNMARKED;
		if (on) {
			heads[t - 1] = (int16_t)t;
			rels[t - 1] = REL_CASE;
		}
	}
}

/* is_plan_noun - a noun whose content "be to" states ("the aim was to
 * smuggle explosives"): the clausal predicate reading of EWT. */
static int is_plan_noun(sm_str_t w)
{
	static const char *const nouns[] = {
		"aim", "aims", "goal", "goals", "object", "objective", "objectives",
		"plan", "plans", "idea", "task", "job", "intention", "purpose",
		"priority", "priorities", "challenge", "problem", "point", "answer",
		"solution", "hope", "mission", "strategy", "target", "role",
		"option", "options", "alternative", "step", "way", "key", "trick",
		"focus", "dream", "ambition", "wish", "decision", "proposal",
		"rule", "reason", "thing", "best", "first", "next", "only",
		"intent", "agenda", "approach", "response", "remedy", "danger",
		"risk", "temptation", "tendency", "instinct", "policy", "effect",
		"pattern", "procedure", "preference", "thought", "benefit",
		"understanding", "effort", "efforts", "practice", "method",
		"tactic", "concern", "fear", "desire", "need", "advice",
		"suggestion", "recommendation", "request", "duty", "function",
		"use", "uses", "motive", "motives", "second", "third", "last",
		"one", "this", "that", "it", "what", "which", "all",
		NULL,
	};
	return is_one_of(w, nouns);
}

/* is_be_form - "is", "are", "was" or "were" (the "be" of "be to") */
static int is_be_form(sm_str_t w)
{
	static const char *const forms[] = { "is", "are", "was", "were", NULL };
	return is_one_of(w, forms);
}

/*
 * fix_be_to - "The WTO is to hold membership talks", "Ukraine is to
 * review dozens of sales": the arrangement "be to" of news leads.  EWT
 * annotates its few such clauses with "be" as aux ("if Americans are to
 * be removed"), but has more of the clausal predicate "the object was to
 * smuggle explosives" (cop, subject nsubj:outer), and the parser reads
 * every "X is to VB" so: facts then gave "World Trade Organisation | is
 * | hold membership talks".  For a base-form verb V with a copula "is",
 * "are", "was" or "were" and "to" right before it (adverbs between), and
 * a subject before the copula whose head is no noun of plans or content
 * ("aim", "plan", "idea" ...) nor "it", "this", "that", "what" (or,
 * with no subject, a conjunct of a clause so repaired): the copula
 * becomes an aux and each such subject nsubj (nsubj:pass over a passive
 * auxiliary).  Heads do not change.
 */
static void fix_be_to(const sm_str_t *words, int16_t *heads, uint8_t *rels,
		      const uint8_t *tags, size_t n)
{
	for (size_t v = 2; v < n; v++) {
		if (tags[v] != TAG_VB || !is_word(words[v - 1], "to") ||
		    heads[v - 1] != (int)v || rels[v - 1] != REL_MARK)
			continue;
		long b = (long)v - 2;
		while (b >= 0 && tags[b] == TAG_RB && heads[b] == (int)v)
			b--;
		if (b < 1 || heads[b] != (int)v || rels[b] != REL_COP || !is_be_form(words[b]))
			continue;
		int subj = 0, plan = 0, pass = 0;
		for (size_t i = 0; i < n; i++) {
			if (heads[i] != (int)v)
				continue;
			if ((long)i < b && (rels[i] == REL_NSUBJ || rels[i] == REL_NSUBJ_OUTER)) {
				subj = 1;
				plan |= is_plan_noun(words[i]);
			}
			pass |= rels[i] == REL_AUX_PASS;
		}
		/* "The WTO is to hold talks and is to review sales": a
		 * conjunct with no subject of its own follows its first
		 * conjunct, already repaired (it comes first) */
		if (!subj && rels[v] == REL_CONJ && heads[v] >= 0 && heads[v] < (int)v) {
			int u = heads[v];
			for (size_t i = 0; i < (size_t)u && !subj; i++)
				subj = heads[i] == u && rels[i] == REL_AUX && is_be_form(words[i]) &&
				       is_word(words[u - 1], "to");
		}
		if (!subj || plan)
			continue;
		rels[b] = REL_AUX;
		for (size_t i = 0; i < (size_t)b; i++)
			if (heads[i] == (int)v && (rels[i] == REL_NSUBJ || rels[i] == REL_NSUBJ_OUTER))
				rels[i] = pass ? REL_NSUBJ_PASS : REL_NSUBJ;
	}
}

/* is_content_noun - a noun whose "that" clause states its content
 * ("reports that the company planned ...", "fears that prices fall"). */
static int is_content_noun(sm_str_t w)
{
	static const char *const nouns[] = {
		"report", "reports", "rumour", "rumours", "rumor", "rumors",
		"speculation", "fear", "fears", "hope", "hopes", "sign", "signs",
		"indication", "indications", "expectation", "expectations",
		"concern", "concerns", "warning", "warnings", "fact",
		"possibility", "view", "assumption", "allegation", "allegations",
		"claim", "claims", "belief", "evidence", "news", "suggestion",
		"suggestions", "assurance", "assurances", "doubt", "doubts",
		"hint", "hints", "worry", "worries", "optimism", "confidence",
		"argument", "notion", "theory", "idea", "feeling", "sense",
		"prospect", "prospects", "threat", "danger", "likelihood",
		NULL,
	};
	return is_one_of(w, nouns);
}

/* is_transitive - a form of a verb that wants an object ("poses",
 * "denied", "had"): with "that" as its only object, its clause is a
 * relative one. */
static int is_transitive(sm_str_t w)
{
	static const char *const verbs[] = {
		"have", "has", "had", "pose", "poses", "posed", "deny", "denies",
		"denied", "make", "makes", "made", "find", "finds", "found",
		"express", "expresses", "expressed", "experience", "experienced",
		"issue", "issues", "issued", "take", "takes", "took", "taken",
		"give", "gives", "gave", "given", "see", "sees", "saw", "seen",
		"face", "faces", "faced", "raise", "raises", "raised", "hold",
		"holds", "held", "offer", "offers", "offered", "show", "shows",
		"showed", "shown", "carry", "carries", "carried", "put", "puts",
		"reject", "rejects", "rejected", "share", "shares", "shared",
		NULL,
	};
	return is_one_of(w, verbs);
}

/*
 * fix_content_clauses - "reports that U.S. Lines planned to suspend
 * operations", "Rumors that we have written off any debt": the parser
 * often reads the "that" clause of a noun of content as a relative clause
 * with "that" its object (about 220 of 730 such clauses over
 * Reuters-21578), and facts then fill the gap with the noun ("Wenger |
 * swoops | There have been suggestions").  When an acl:relcl V of such a
 * noun (is_content_noun) has "that" as a dependent before it and a
 * subject of its own besides, V becomes an acl and "that" its mark;
 * unless "that" is V's object and V has no object or complement of its
 * own and either no oblique or a verb that wants an object
 * (is_transitive).  Heads do not change.
 */
static void fix_content_clauses(const sm_str_t *words, int16_t *heads, uint8_t *rels,
				size_t n)
{
	for (size_t t = 1; t < n; t++) {
		int v = heads[t];
		if (v <= (int)t || rels[v] != REL_RELCL || heads[v] < 0 ||
		    !is_word(words[t], "that") || !is_content_noun(words[heads[v]]))
			continue;
		/* a subject besides "that"; and when "that" could be the
		 * object, V has an object or complement of its own, or is no
		 * verb that wants one ("the threat that Iran poses to the
		 * region", "a claim that the bidder denied" are relative) */
		int subj = 0, comp = 0, oblq = 0;
		for (size_t i = 0; i < n; i++) {
			if (heads[i] != v || i == t)
				continue;
			subj |= rels[i] == REL_NSUBJ || rels[i] == REL_NSUBJ_PASS;
			comp |= rels[i] == REL_OBJ || rels[i] == REL_CCOMP || rels[i] == REL_XCOMP;
			oblq |= rels[i] == REL_OBL;
		}
		if (!subj)
			continue;
		if (rels[t] == REL_OBJ && !comp && (!oblq || is_transitive(words[v])))
			continue;
		rels[v] = REL_ACL;
		rels[t] = REL_MARK;
	}
}

/*
 * fix_particle_objects - "Ukraine will hand over half of the royalties":
 * after a verb the parser may read "over" as an adverb and give it the
 * object ("half" obj of "over"); no adverb takes an object in UD.  An
 * advmod right after its verb with an object of its own becomes the
 * verb's particle (compound:prt), and the object the verb's.  The
 * object's arc then spans only the particle, a dependent of the verb.
 */
static void fix_particle_objects(int16_t *heads, uint8_t *rels, const uint8_t *tags,
				 size_t n)
{
	for (size_t o = 2; o < n; o++) {
		int p = heads[o];
		if (rels[o] != REL_OBJ || p < 1 || p >= (int)o || rels[p] != REL_ADVMOD ||
		    heads[p] != p - 1 || !VERB_TAG(tags[p - 1]))
			continue;
		/* nothing between the particle and the object hangs outside,
		 * and the particle heads nothing else (an arc of it past the
		 * object would cross the object's new one) */
		int ok = inside(heads, n, p, (int)o, (int)o);
		for (size_t i = 0; i < n && ok; i++)
			ok = heads[i] != p || i == o;
		if (!ok)
			continue;
		heads[o] = (int16_t)(p - 1);
		rels[p] = REL_PRT;
	}
}

/* sm_parser_parse - see parse.h: begin, decode greedily, read the tree. */
int sm_parser_parse(sm_parser_t *p, const sm_str_t *words, const uint8_t *tags,
		    size_t n, int16_t *heads, uint8_t *rels)
{
	sm_parse_state_t *s = NULL;

	if (!p || !p->m || (n && (!heads || !rels)))
		return SM_EINVAL;
	int rc = sm_parser_begin(p, words, tags, n, &s);
	if (rc != SM_OK)
		return rc;
	parse_greedy(p->m, s);
	sm_parse_state_result(s, heads, rels);
	fix_punct_heads(heads, rels, s->tag, n, s->l2, s->r2);
	fix_particle_objects(heads, rels, s->tag, n);
	fix_bare_days(words, heads, rels, s->tag, n);
	fix_be_to(words, heads, rels, s->tag, n);
	fix_say_objects(words, heads, rels, s->tag, n, s->l2);
	fix_content_clauses(words, heads, rels, n);
	fix_subjects(heads, rels, s->tag, n, s->l2, s->r2);
	return SM_OK;
}
