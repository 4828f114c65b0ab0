/*
 * sparse.h - the hashed sparse feature table shared by the averaged-
 * perceptron tagger (tag.c) and parser (parse.c).
 *
 * A table is an array of mask+1 (key, value) pairs of uint32_t; key 0 means
 * empty and tables always keep an empty slot, so a probe ends.  Feature
 * keys are a template id and two values mixed and finished with murmur3's
 * fmix32, so the low bits index the table well.  Header-only: the probe is
 * the innermost loop of tagging and parsing and must inline.
 */
#ifndef SM_SPARSE_H
#define SM_SPARSE_H

#include "common.h"

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

#endif /* SM_SPARSE_H */
