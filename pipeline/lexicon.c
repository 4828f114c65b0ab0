/*
 * lexicon.c - string interning with open addressing (see lexicon.h).
 *
 * Layout: entries[id] holds the string's offset and length in one byte
 * pool plus the per-id info record.  The hash table is an array of 32-byte
 * slots (id 0 = empty), aligned to cache lines and kept at most half full;
 * each slot carries the string's first 24 bytes (zero-padded) and a tag:
 * 27 bits of hash above the length capped at 31.  Tag and words together
 * decide a string of up to 24 bytes, which is nearly every news token, so
 * a lookup reads one slot and never the entry or the pool.  That matters
 * because the rare words of a large archive are cold in the cache: a hit
 * that reads the entry and the pool costs three dependent misses (slot,
 * entry, pool).  With 16-byte slots holding 8 bytes, the words of 9 to 24
 * bytes still paid them, an eighth of the tokenizer's time.  Longer
 * strings compare the pool after tag and words agree.  Growing doubles
 * the table and re-inserts slots by their tags, so no string is hashed
 * twice.
 *
 * The hash works on 8-byte words (the head first), multiply-xorshift
 * mixed; ids do not depend on it, only probe positions do.
 */
#include "lexicon.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	uint32_t off;   /* into pool */
	uint32_t len;
	sm_lexinfo_t info;
} lex_entry_t;

#define LEX_WORDS 3   /* string words a slot holds */

typedef struct {
	uint64_t w[LEX_WORDS];  /* first min(len, 24) bytes, zero-padded */
	uint32_t tag;   /* hash bits 31..5, min(len, 31) in bits 4..0 */
	uint32_t id;    /* 0 = empty */
} lex_slot_t;

struct sm_lexicon {
	lex_slot_t *slots;
	size_t nslots;         /* power of two */
	lex_entry_t *entries;  /* index 0 unused */
	size_t nentries;       /* including the unused 0 */
	size_t cap_entries;
	char *pool;
	size_t pool_len, pool_cap;
};

#define LEX_MAX_IDS ((size_t)1 << 31)

#if defined(__GNUC__)
#define LEX_NOINLINE __attribute__((noinline))
#else
#define LEX_NOINLINE
#endif

/* slots_new - n empty slots (n >= 2, n * sizeof(lex_slot_t) checked),
 * aligned to the cache line, so that a probe loads one line. */
static lex_slot_t *slots_new(size_t n)
{
	lex_slot_t *slots = aligned_alloc(64, n * sizeof(lex_slot_t));
	if (slots)
		memset(slots, 0, n * sizeof(lex_slot_t));
	return slots;
}

int sm_lexicon_new(sm_lexicon_t **out)
{
	sm_lexicon_t *lex = NULL;
	int rc = SM_EINVAL;
	if (!out)
		goto done;
	rc = SM_ENOMEM;
	lex = calloc(1, sizeof(*lex));
	if (!lex)
		goto done;
	lex->nslots = 1024;
	lex->slots = slots_new(lex->nslots);
	lex->cap_entries = 512;
	lex->entries = malloc(lex->cap_entries * sizeof(lex_entry_t));
	lex->pool_cap = 8192;
	lex->pool = malloc(lex->pool_cap);
	if (!lex->slots || !lex->entries || !lex->pool)
		goto done;
	lex->nentries = 1;
	*out = lex;
	lex = NULL;
	rc = SM_OK;
done:
	sm_lexicon_free(lex);
	return rc;
}

void sm_lexicon_free(sm_lexicon_t *lex)
{
	if (!lex)
		return;
	free(lex->slots);
	free(lex->entries);
	free(lex->pool);
	free(lex);
}

void sm_lexicon_clear(sm_lexicon_t *lex)
{
	if (!lex)
		return;
	memset(lex->slots, 0, lex->nslots * sizeof(lex_slot_t));
	lex->nentries = 1;
	lex->pool_len = 0;
}

size_t sm_lexicon_size(const sm_lexicon_t *lex)
{
	return lex ? lex->nentries - 1 : 0;
}

/*
 * lex_tail - the 1 <= n <= 8 bytes at p as a zero-padded word, in the
 * byte order of an 8-byte memcpy on little-endian machines.  Overlapping
 * loads instead of a variable-length memcpy into memory, which would stall
 * the 8-byte load that follows it on store forwarding; and no branch on n:
 * token lengths are too mixed to predict, and a mispredicted branch cost
 * more than this whole function.  4 <= n: two 4-byte loads at 0 and n - 4;
 * n < 4: the bytes at 0, n / 2 and n - 1.  Both are computed, the 4-byte
 * loads from a zero word when n < 4 (the text may end before 4 bytes).
 */
static inline uint64_t lex_tail(const char *p, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	static const char zero[8];
	const unsigned char *u = (const unsigned char *)p;
	/* Selected by masks: the compiler turns a ?: back into a branch. */
	uint64_t big = 0 - (uint64_t)(n >= 4);
	const char *q = (const char *)(((uintptr_t)p & big) | ((uintptr_t)zero & ~big));
	size_t m = (n & big) | (4 & ~big);
	uint32_t a, b;
	memcpy(&a, q, 4);
	memcpy(&b, q + m - 4, 4);
	uint64_t w4 = (uint64_t)a | (uint64_t)b << (8 * (m - 4));
	uint64_t w1 = (uint64_t)u[0] | (uint64_t)u[n / 2] << (8 * (n / 2)) |
		      (uint64_t)u[n - 1] << (8 * (n - 1));
	return (w4 & big) | (w1 & ~big);
#else
	/* Elsewhere the overlapping loads would not line up: byte by byte. */
	uint64_t w = 0;
	for (size_t j = 0; j < n; j++)
		w |= (uint64_t)(unsigned char)p[j] << (8 * j);
	return w;
#endif
}

/*
 * lex_key - the head (first min(len, 8) bytes, zero-padded, in the byte
 * order of an 8-byte little-endian load, as lex_tail gives it)
 * and tag of (p, len).  The hash mixes every 8-byte word, the last one
 * zero-padded, with the length, so strings that differ only in trailing
 * NUL bytes still get different tags in most cases; the length bits of the
 * tag make the test of the slot's words exact for len <= 24 in every case.
 */
#define LEX_K 0x9E3779B97F4A7C15ull

/* lex_key_short - lex_key for len <= 8: the tail word alone. */
static inline uint32_t lex_key_short(const char *p, size_t len, uint64_t *head)
{
	uint64_t w = len ? lex_tail(p, len) : 0, h;
	*head = w;
	h = ((uint64_t)len * LEX_K ^ w) * LEX_K;
	h ^= h >> 32;
	h *= LEX_K;
	return ((uint32_t)(h >> 32) & ~0x1Fu) | (uint32_t)len;
}

static inline uint32_t lex_key(const char *p, size_t len, uint64_t *head)
{
	uint64_t h = (uint64_t)len * LEX_K, w = 0;
	size_t i = 0;
	if (len <= 8)
		return lex_key_short(p, len, head);   /* the same steps, unrolled */
	for (; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		if (i == 0)
			*head = w;
		h = (h ^ w) * LEX_K;
		h ^= h >> 32;
	}
	if (i < len) {
		w = lex_tail(p + i, len - i);
		h = (h ^ w) * LEX_K;
		h ^= h >> 32;
	}
	h *= LEX_K;
	return ((uint32_t)(h >> 32) & ~0x1Fu) | (uint32_t)(len < 31 ? len : 31);
}

/* Probe start of a tag (the length bits are not spread, so skip them). */
#define LEX_START(tag, mask) ((size_t)((tag) >> 5) & (mask))

/* lex_word - bytes [i, i + 8) of (p, len) as a zero-padded word. */
static inline uint64_t lex_word(const char *p, size_t len, size_t i)
{
	uint64_t w = 0;
	if (len >= i + 8)
		memcpy(&w, p + i, 8);
	else if (len > i)
		w = lex_tail(p + i, len - i);
	return w;
}

/* lex_rest_eq - does entry id hold (p, len), len > 24, whose first 24
 * bytes already matched?  Out of line: rare, and it needs registers. */
static LEX_NOINLINE int lex_rest_eq(const sm_lexicon_t *lex, uint32_t id,
				    const char *p, size_t len)
{
	const lex_entry_t *e = &lex->entries[id];
	if (e->len != len)
		return 0;
	return memcmp(lex->pool + e->off + 8 * LEX_WORDS, p + 8 * LEX_WORDS,
		      len - 8 * LEX_WORDS) == 0;
}

/* Does slot s hold (p, len) with key (tag, head) and words w1, w2 (bytes
 * 8 .. 24)?  For len <= 24 the slot decides (the tag holds the length);
 * only longer strings read the entry and the pool. */
static inline int slot_eq(const sm_lexicon_t *lex, const lex_slot_t *s, uint32_t tag,
			  uint64_t head, uint64_t w1, uint64_t w2, const char *p,
			  size_t len)
{
	if (s->tag != tag || s->w[0] != head || s->w[1] != w1 || s->w[2] != w2)
		return 0;
	return len <= 8 * LEX_WORDS || lex_rest_eq(lex, s->id, p, len);
}

uint32_t sm_lexicon_find(const sm_lexicon_t *lex, const char *p, size_t len)
{
	if (!lex || (!p && len))
		return 0;
	uint64_t head = 0, w1 = lex_word(p, len, 8), w2 = lex_word(p, len, 16);
	uint32_t tag = lex_key(p, len, &head);
	size_t mask = lex->nslots - 1;
	for (size_t i = LEX_START(tag, mask);; i = (i + 1) & mask) {
		const lex_slot_t *s = &lex->slots[i];
		if (s->id == 0)
			return 0;
		if (slot_eq(lex, s, tag, head, w1, w2, p, len))
			return s->id;
	}
}

/* Double the slot table and re-insert every slot by its tag. */
static int lex_rehash(sm_lexicon_t *lex)
{
	int ok = 1;
	size_t n = sm_mul(lex->nslots, 2, &ok);
	if (!ok)
		return SM_ENOMEM;
	sm_mul(n, sizeof(lex_slot_t), &ok);
	if (!ok)
		return SM_ENOMEM;
	lex_slot_t *slots = slots_new(n);
	if (!slots)
		return SM_ENOMEM;
	size_t mask = n - 1;
	for (size_t k = 0; k < lex->nslots; k++) {
		const lex_slot_t *s = &lex->slots[k];
		if (!s->id)
			continue;
		size_t i = LEX_START(s->tag, mask);
		while (slots[i].id)
			i = (i + 1) & mask;
		slots[i] = *s;
	}
	free(lex->slots);
	lex->slots = slots;
	lex->nslots = n;
	return SM_OK;
}

/* make_key - the probe key of (p, len); a zero key for the invalid NULL
 * with len > 0, which sm_lexicon_intern_key then refuses. */
static inline sm_lexkey_t make_key(const char *p, size_t len)
{
	sm_lexkey_t k = { 0, 0 };
	if (p || !len)
		k.tag = lex_key(p, len, &k.head);
	return k;
}

/* LEX_PREFETCH - start loading the slot where the probe for key k starts.
 * A macro: GCC deletes a call to a void function whose only effect is a
 * prefetch, since a prefetch is no side effect. */
#define LEX_PREFETCH(lex, k) \
	do { \
		if (lex) \
			SM_PREFETCH(&(lex)->slots[LEX_START((k)->tag, (lex)->nslots - 1)]); \
	} while (0)

/* lex_prefetch_any - sm_lexicon_prefetch for any key; out of line, so
 * that the usual one needs no stack frame. */
static LEX_NOINLINE void lex_prefetch_any(const sm_lexicon_t *lex, const char *p,
					  size_t len, sm_lexkey_t *k)
{
	*k = make_key(p, len);
	LEX_PREFETCH(lex, k);
}

void sm_lexicon_prefetch(const sm_lexicon_t *lex, const char *p, size_t len,
			 sm_lexkey_t *k)
{
	if (!k)
		return;
	if (!p || len - 1 >= 8) {   /* also len == 0 */
		lex_prefetch_any(lex, p, len, k);
		return;
	}
	k->tag = lex_key_short(p, len, &k->head);
	LEX_PREFETCH(lex, k);
}

int sm_lexicon_intern(sm_lexicon_t *lex, const char *p, size_t len, uint32_t *id)
{
	sm_lexkey_t k = make_key(p, len);
	return sm_lexicon_intern_key(lex, p, len, &k, id);
}

/*
 * lex_insert - add (p, len) with key (head, tag) as a new id; i is the
 * empty slot its probe ended on.  Out of line, like the lookup of long
 * keys, so that the lookup of short ones, which almost always hits, needs
 * no saved registers.
 */
static LEX_NOINLINE int lex_insert(sm_lexicon_t *lex, const char *p, size_t len,
				  const sm_lexkey_t *k, size_t i, uint32_t *id)
{
	size_t mask;
	/* Make room first so failure leaves the lexicon intact. */
	if (lex->nentries >= LEX_MAX_IDS)
		return SM_ETOOBIG;
	if (lex->pool_len + len > UINT32_MAX)
		return SM_ETOOBIG;
	if (lex->nentries == lex->cap_entries) {
		size_t cap = lex->cap_entries * 2;
		lex_entry_t *e = realloc(lex->entries, cap * sizeof(lex_entry_t));
		if (!e)
			return SM_ENOMEM;
		lex->entries = e;
		lex->cap_entries = cap;
	}
	if (lex->pool_cap - lex->pool_len < len) {
		size_t cap = lex->pool_cap;
		while (cap - lex->pool_len < len)
			cap *= 2;
		char *pool = realloc(lex->pool, cap);
		if (!pool)
			return SM_ENOMEM;
		lex->pool = pool;
		lex->pool_cap = cap;
	}
	if ((lex->nentries + 1) * 2 > lex->nslots) {
		int rc = lex_rehash(lex);
		if (rc != SM_OK)
			return rc;
		mask = lex->nslots - 1;
		for (i = LEX_START(k->tag, mask); lex->slots[i].id; i = (i + 1) & mask)
			;
	}
	uint32_t nid = (uint32_t)lex->nentries++;
	lex_entry_t *e = &lex->entries[nid];
	e->off = (uint32_t)lex->pool_len;
	e->len = (uint32_t)len;
	memset(&e->info, 0, sizeof(e->info));
	if (len)
		memcpy(lex->pool + lex->pool_len, p, len);
	lex->pool_len += len;
	lex->slots[i].w[0] = k->head;
	lex->slots[i].w[1] = lex_word(p, len, 8);
	lex->slots[i].w[2] = lex_word(p, len, 16);
	lex->slots[i].tag = k->tag;
	lex->slots[i].id = nid;
	*id = nid;
	return SM_OK;
}

/* lex_intern_long - sm_lexicon_intern_key for keys longer than 8 bytes. */
static LEX_NOINLINE int lex_intern_long(sm_lexicon_t *lex, const char *p, size_t len,
				       const sm_lexkey_t *k, uint32_t *id)
{
	size_t mask = lex->nslots - 1, i;
	if (len > UINT32_MAX)
		return SM_ETOOBIG;
	uint64_t w1 = lex_word(p, len, 8), w2 = lex_word(p, len, 16);
	for (i = LEX_START(k->tag, mask); lex->slots[i].id; i = (i + 1) & mask) {
		if (slot_eq(lex, &lex->slots[i], k->tag, k->head, w1, w2, p, len)) {
			*id = lex->slots[i].id;
			return SM_OK;
		}
	}
	return lex_insert(lex, p, len, k, i, id);
}

int sm_lexicon_intern_key(sm_lexicon_t *lex, const char *p, size_t len,
			  const sm_lexkey_t *k, uint32_t *id)
{
	if (!lex || !id || !k || (!p && len))
		return SM_EINVAL;
	if (len > 8)
		return lex_intern_long(lex, p, len, k, id);
	/* Tag and head decide a short key: slot_eq without its calls. */
	uint64_t head = k->head;
	uint32_t tag = k->tag;
	size_t mask = lex->nslots - 1, i;
	const lex_slot_t *s;
	for (i = LEX_START(tag, mask); (s = &lex->slots[i])->id; i = (i + 1) & mask) {
		if (s->tag == tag && s->w[0] == head) {
			*id = s->id;
			return SM_OK;
		}
	}
	return lex_insert(lex, p, len, k, i, id);
}

sm_str_t sm_lexicon_str(const sm_lexicon_t *lex, uint32_t id)
{
	sm_str_t s = { NULL, 0 };
	if (!lex || id == 0 || id >= lex->nentries)
		return s;
	s.p = lex->pool + lex->entries[id].off;
	s.len = lex->entries[id].len;
	return s;
}

sm_lexinfo_t *sm_lexicon_info(sm_lexicon_t *lex, uint32_t id)
{
	if (!lex || id == 0 || id >= lex->nentries)
		return NULL;
	return &lex->entries[id].info;
}
