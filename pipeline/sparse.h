/*
 * sparse.h - the hashed sparse weight table shared by the averaged-
 * perceptron tagger (tag.c) and parser (parse.c).
 *
 * A table is an array of mask+1 (key, value) pairs of uint32_t; key 0 means
 * empty and tables always keep an empty slot, so a probe ends.  Feature
 * keys are a template id and two values mixed and finished with murmur3's
 * fmix32, so the low bits index the table well.  The probe and the scoring
 * loop are here, inline: they are the innermost loop of tagging and
 * parsing, and must see the caller's constant row length to vectorize.
 *
 * sm_sparse_t is the weight table both models hold: slots key ->
 * (offset << 8 | count) into a run of (int16 weight << 16 | class) pairs,
 * with features that vote for many classes turned into dense int16 rows
 * in memory.  sm_sparse_clusters_t is the word-cluster table both models
 * carry.  Building, the file sections (words of the model body) and their
 * validation are in sparse.c; the model headers, magic and the order of
 * sections stay in tag.c and parse.c, which own their file formats.
 */
#ifndef SM_SPARSE_H
#define SM_SPARSE_H

#include "common.h"

#include <string.h>

/*
 * SM_VECTOR_CLONES - compile a static function twice, for AVX2 and for
 * the baseline, and pick one at load time (GNU ifunc).  For the loops that
 * add int16 weight rows: baseline x86-64 has 128-bit vectors only.  The
 * sums are integers, so both versions give the same results.  GCC only:
 * clang 14 exports the resolver of even a static function from the shared
 * library.  Elsewhere (other CPUs, C libraries, compilers) it is nothing.
 * Not under gcc -fsanitize=thread either: the ifunc resolver is
 * instrumented and runs at relocation time, before ThreadSanitizer is
 * initialized, so every program linking the library died with SIGSEGV
 * before main (the scalar loops give the same sums).
 */
#if defined(__x86_64__) && defined(__linux__) && defined(__GLIBC__) && \
	defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 8 && \
	!defined(__SANITIZE_THREAD__)
#define SM_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define SM_VECTOR_CLONES
#endif

/* murmur3 finalizer: spreads the bits so low bits index the table well. */
static inline uint32_t sm_fmix32(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

/* The key of feature template tmpl over values a and b; never 0.  seed
 * keeps the tagger's and parser's key spaces apart. */
static inline uint32_t sm_feat_key(uint32_t seed, uint32_t tmpl, uint32_t a, uint32_t b)
{
	uint32_t h = sm_hash_mix(seed * (tmpl + 1u), a);
	h = sm_fmix32(sm_hash_mix(h, b));
	return h ? h : 1u;
}

/* sm_slot_find - index of key's slot in a table of mask+1 slots, or -1. */
static inline long sm_slot_find(const uint32_t *slots, uint32_t mask, uint32_t key)
{
	uint32_t i = key & mask;
	for (;;) {
		uint32_t k = slots[2 * i];
		if (k == key)
			return (long)i;
		if (k == 0)
			return -1;
		i = (i + 1) & mask;
	}
}

/* sm_slot_put - set key's value, inserting it if new (the table has room). */
static inline void sm_slot_put(uint32_t *slots, uint32_t mask, uint32_t key, uint32_t val)
{
	uint32_t i = key & mask;
	while (slots[2 * i] != 0 && slots[2 * i] != key)
		i = (i + 1) & mask;
	slots[2 * i] = key;
	slots[2 * i + 1] = val;
}

/*
 * Word clusters (tagger and parser): a word's cluster key is the FNV-1a
 * hash of its form with ASCII letters lowercased and digits folded to '0',
 * finished by sm_cluster_key().  Table values pack three cluster ids of
 * 10 bits each, finest first.
 */
static inline uint32_t sm_cluster_key(uint32_t fold_hash)
{
	uint32_t h = sm_fmix32(fold_hash ^ 0x3c6ef372u);
	return h ? h : 1u;
}

/* sm_cluster_fold_hash - the FNV-1a hash of the folded form of a word. */
static inline uint32_t sm_cluster_fold_hash(const char *p, size_t len)
{
	const unsigned char *s = (const unsigned char *)p;
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++) {
		unsigned c = s[i];
		if (c >= 'A' && c <= 'Z')
			c += 32;
		else if (c >= '0' && c <= '9')
			c = '0';
		h = (h ^ c) * 16777619u;
	}
	return h;
}

/* Smallest power of two >= 4/3 * n + 1 and >= 16 (load factor <= 3/4). */
static inline uint32_t sm_table_cap(size_t n)
{
	size_t want = n + n / 3 + 1, cap = 16;
	while (cap < want)
		cap *= 2;
	return (uint32_t)cap;
}

/* ------------------------------------------------------- weight table */

#define SM_SPARSE_MAX_CAP (1u << 26)  /* largest table a file may declare */
#define SM_SPARSE_DENSE_MARK 0xffu    /* slot value low byte of a dense row */

/*
 * One model's weights.  Fields are read directly by sm_sparse_score() and
 * by the trainer-facing code of tag.c / parse.c; everything else goes
 * through the functions below.  The arrays belong to the table and are
 * freed by sm_sparse_release().
 */
typedef struct sm_sparse {
	uint32_t nclasses;   /* classes, at most 255 (a class fits a byte) */
	uint32_t mask;       /* cap - 1 */
	uint32_t nfeat;      /* used slots */
	uint32_t npairs;
	uint32_t ndense;
	float scale;         /* quantization: int16 weight = w * scale */
	uint32_t *slots;     /* 2 * cap; dense features: row << 8 | DENSE_MARK */
	uint32_t *pairs;     /* all pairs, including those of dense features */
	int16_t *dense;      /* ndense * sm_sparse_stride(nclasses), padding 0 */
	uint32_t *dense_src; /* ndense: the slot value each row replaced */
} sm_sparse_t;

/* Dense row length for n classes: rounded up to 8 so rows add as vectors. */
#define SM_SPARSE_STRIDE(n) (((size_t)(n) + 7) & ~(size_t)7)

int sm_sparse_build(sm_sparse_t *t, uint32_t nclasses, size_t nfeat,
		    const uint32_t *keys, const uint32_t *start,
		    const uint8_t *cls, const float *w);
int sm_sparse_header_ok(uint32_t cap, uint32_t nfeat, uint32_t npairs);
size_t sm_sparse_words(const sm_sparse_t *t);
void sm_sparse_put(const sm_sparse_t *t, unsigned char *p);
int sm_sparse_get(sm_sparse_t *t, uint32_t nclasses, const unsigned char *p,
		  uint32_t cap, uint32_t nfeat, uint32_t npairs, float scale);
void sm_sparse_release(sm_sparse_t *t);

/*
 * sm_sparse_score - sum the weights of the nf feature keys feats into
 * score[0 .. stride), which it zeroes first.  hits is scratch for nf
 * slot values.  stride must be SM_SPARSE_STRIDE(t->nclasses) and should
 * be a compile-time constant at the call site: this inlines, and a
 * constant row length lets the dense row sum vectorize.
 *
 * Three passes so the cache misses overlap instead of queueing: prefetch
 * every slot, resolve slots and prefetch their pair runs or dense rows,
 * then sum.  Keys not in the table add nothing.
 */
#if defined(__GNUC__)
__attribute__((always_inline))   /* into SM_VECTOR_CLONES callers too */
#endif
static inline void sm_sparse_score(const sm_sparse_t *t, const uint32_t *feats,
				   size_t nf, uint32_t *hits, int32_t *score,
				   size_t stride)
{
	const uint32_t *slots = t->slots, *pairs = t->pairs;
	const int16_t *dense = t->dense;
	uint32_t mask = t->mask;
	size_t nhit = 0;

	for (size_t k = 0; k < nf; k++)
		SM_PREFETCH(&slots[2 * (feats[k] & mask)]);
	for (size_t k = 0; k < nf; k++) {
		long s = sm_slot_find(slots, mask, feats[k]);
		if (s < 0)
			continue;
		uint32_t v = slots[2 * s + 1];
		hits[nhit++] = v;
		if ((v & 0xff) == SM_SPARSE_DENSE_MARK)
			SM_PREFETCH(dense + (size_t)(v >> 8) * stride);
		else
			SM_PREFETCH(pairs + (v >> 8));
	}
	memset(score, 0, stride * sizeof(*score));
	for (size_t k = 0; k < nhit; k++) {
		uint32_t v = hits[k];
		if ((v & 0xff) == SM_SPARSE_DENSE_MARK) {
			const int16_t *row = dense + (size_t)(v >> 8) * stride;
			for (size_t c = 0; c < stride; c++)
				score[c] += row[c];
			continue;
		}
		const uint32_t *pp = pairs + (v >> 8);
		for (uint32_t j = 0, cnt = v & 0xff; j < cnt; j++)
			score[pp[j] & 0xff] += (int16_t)(pp[j] >> 16);
	}
}

/* ------------------------------------------------------ cluster table */

/* A word-cluster table: sm_cluster_key() -> three packed cluster ids. */
typedef struct sm_sparse_clusters {
	uint32_t cmask;      /* ccap - 1, or 0 without clusters */
	uint32_t ncl;        /* used slots */
	uint32_t *clus;      /* 2 * ccap, at least 2 words (key, ids) */
} sm_sparse_clusters_t;

int sm_sparse_clusters_build(sm_sparse_clusters_t *c, size_t n,
			     const uint32_t *keys, const uint32_t *vals);
int sm_sparse_clusters_header_ok(uint32_t ccap);
size_t sm_sparse_clusters_words(const sm_sparse_clusters_t *c);
void sm_sparse_clusters_put(const sm_sparse_clusters_t *c, unsigned char *p);
int sm_sparse_clusters_get(sm_sparse_clusters_t *c, const unsigned char *p,
			   uint32_t ccap);
void sm_sparse_clusters_release(sm_sparse_clusters_t *c);

/*
 * sm_sparse_clusters_find - the packed cluster ids of key in *val; 1 if
 * found, 0 if not or the table is empty (cmask 0: no table at all).
 */
static inline int sm_sparse_clusters_find(const sm_sparse_clusters_t *c,
					  uint32_t key, uint32_t *val)
{
	if (!c->cmask)
		return 0;
	long s = sm_slot_find(c->clus, c->cmask, key);
	if (s < 0)
		return 0;
	*val = c->clus[2 * s + 1];
	return 1;
}

/* ---------------------------------------------------- file words, LE */

void sm_sparse_put_words(unsigned char *p, const uint32_t *v, size_t n);
void sm_sparse_get_words(uint32_t *v, const unsigned char *p, size_t n);
int sm_sparse_file_read(const char *path, const char *magic, size_t nhdr,
			uint32_t *hdr, unsigned char **out, size_t *len);
int sm_sparse_body_ok(const unsigned char *buf, size_t len, size_t nhdr,
		      size_t words, uint32_t checksum);

#endif /* SM_SPARSE_H */
