/*
 * lexicon.c - string interning with open addressing (see lexicon.h).
 *
 * Layout: entries[id] holds the string's offset and length in one byte
 * pool plus the per-id info record; the hash table is an array of 64-bit
 * slots, hash << 32 | id (id 0 = empty), kept at most half full.  A probe
 * compares the hash in the slot first, so a miss never touches the entry
 * or the pool: one cache line per probe in the common case.  Growing
 * doubles the table and re-inserts slots as they are, so no string is
 * hashed twice.
 */
#include "lexicon.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	uint32_t off;   /* into pool */
	uint32_t len;
	sm_lexinfo_t info;
} lex_entry_t;

struct sm_lexicon {
	uint64_t *slots;       /* hash << 32 | id per slot, id 0 = empty */
	size_t nslots;         /* power of two */
	lex_entry_t *entries;  /* index 0 unused */
	size_t nentries;       /* including the unused 0 */
	size_t cap_entries;
	char *pool;
	size_t pool_len, pool_cap;
};

#define LEX_MAX_IDS ((size_t)1 << 31)

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
	lex->slots = calloc(lex->nslots, sizeof(uint64_t));
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
	memset(lex->slots, 0, lex->nslots * sizeof(uint64_t));
	lex->nentries = 1;
	lex->pool_len = 0;
}

size_t sm_lexicon_size(const sm_lexicon_t *lex)
{
	return lex ? lex->nentries - 1 : 0;
}

#define SLOT_ID(v) ((uint32_t)(v))
#define SLOT_HASH(v) ((uint32_t)((v) >> 32))

/* Does id hold (p, len)?  Only called when the hashes already agree. */
static inline int entry_eq(const sm_lexicon_t *lex, uint32_t id, const char *p, size_t len)
{
	const lex_entry_t *e = &lex->entries[id];
	if (e->len != len)
		return 0;
	/* Most words are short: a byte loop beats a call to memcmp. */
	const char *q = lex->pool + e->off;
	if (len <= 16) {
		for (size_t i = 0; i < len; i++)
			if (q[i] != p[i])
				return 0;
		return 1;
	}
	return memcmp(q, p, len) == 0;
}

uint32_t sm_lexicon_find(const sm_lexicon_t *lex, const char *p, size_t len)
{
	if (!lex || (!p && len))
		return 0;
	uint32_t h = sm_hash(p, len);
	size_t mask = lex->nslots - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		uint64_t v = lex->slots[i];
		if (SLOT_ID(v) == 0)
			return 0;
		if (SLOT_HASH(v) == h && entry_eq(lex, SLOT_ID(v), p, len))
			return SLOT_ID(v);
	}
}

/* Double the slot table and re-insert every slot by its stored hash. */
static int lex_rehash(sm_lexicon_t *lex)
{
	int ok = 1;
	size_t n = sm_mul(lex->nslots, 2, &ok);
	if (!ok)
		return SM_ENOMEM;
	sm_mul(n, sizeof(uint64_t), &ok);
	if (!ok)
		return SM_ENOMEM;
	uint64_t *slots = calloc(n, sizeof(uint64_t));
	if (!slots)
		return SM_ENOMEM;
	size_t mask = n - 1;
	for (size_t k = 0; k < lex->nslots; k++) {
		uint64_t v = lex->slots[k];
		if (!SLOT_ID(v))
			continue;
		size_t i = SLOT_HASH(v) & mask;
		while (slots[i])
			i = (i + 1) & mask;
		slots[i] = v;
	}
	free(lex->slots);
	lex->slots = slots;
	lex->nslots = n;
	return SM_OK;
}

int sm_lexicon_intern(sm_lexicon_t *lex, const char *p, size_t len, uint32_t *id)
{
	if (!lex || !id || (!p && len))
		return SM_EINVAL;
	if (len > UINT32_MAX)
		return SM_ETOOBIG;
	uint32_t h = sm_hash(p, len);
	size_t mask = lex->nslots - 1;
	size_t i;
	for (i = h & mask; lex->slots[i]; i = (i + 1) & mask) {
		uint64_t v = lex->slots[i];
		if (SLOT_HASH(v) == h && entry_eq(lex, SLOT_ID(v), p, len)) {
			*id = SLOT_ID(v);
			return SM_OK;
		}
	}
	/* New string: make room first so failure leaves the lexicon intact. */
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
		for (i = h & mask; lex->slots[i]; i = (i + 1) & mask)
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
	lex->slots[i] = (uint64_t)h << 32 | nid;
	*id = nid;
	return SM_OK;
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
