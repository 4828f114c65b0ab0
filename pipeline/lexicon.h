/*
 * lexicon.h - interning of token strings to dense integer ids.
 *
 * Hot paths never compare strings: the tokenizer interns each token's
 * case-folded key once, and later stages work on the uint32_t id.  Each id
 * carries a small record that stages fill lazily and reuse across documents
 * (its stem id, stopword flag, IDF weight), so a word is stemmed once per
 * thread, not once per occurrence.
 *
 * A lexicon belongs to one pipeline handle, hence to one thread.  Ids are
 * only meaningful within that lexicon.  Open addressing with linear probing
 * over multiply-xorshift hashes; strings live in one grow-only byte pool.
 */
#ifndef SM_LEXICON_H
#define SM_LEXICON_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sm_lexicon sm_lexicon_t;

/* What stages cache per id (zeroed at intern time). */
typedef struct {
	uint32_t stem;   /* lexicon id of the stem; 0 = not computed yet */
	uint16_t flags;  /* SM_LEX_* */
	uint16_t pad_;
	float idf;       /* corpus IDF of the stem (score stage) */
} sm_lexinfo_t;

enum {
	SM_LEX_STEMMED = 1 << 0,  /* stem and flags below are filled */
	SM_LEX_STOP = 1 << 1,     /* stopword */
	SM_LEX_IDF = 1 << 2       /* idf is filled */
};

/* sm_lexicon_new - an empty lexicon.  Errors: SM_EINVAL, SM_ENOMEM. */
SM_EXPORT int sm_lexicon_new(sm_lexicon_t **out);

/* sm_lexicon_free - NULL is a no-op. */
SM_EXPORT void sm_lexicon_free(sm_lexicon_t *lex);

/*
 * sm_lexicon_intern - the id of the string (p, len), adding it if new.
 * Ids start at 1 (0 means "none") and are dense.  The empty string is a
 * valid key.  Errors: SM_ENOMEM (the lexicon is unchanged), SM_ETOOBIG when
 * the lexicon holds 2^31 entries.
 */
SM_EXPORT int sm_lexicon_intern(sm_lexicon_t *lex, const char *p, size_t len,
				uint32_t *id);

/*
 * Interning in two steps, for callers that know the next strings early:
 * sm_lexicon_prefetch computes the probe key of (p, len) and starts
 * loading its slot; sm_lexicon_intern_key, called a few strings later
 * with the same bytes and key, then finds the slot in the cache.  The key
 * stays valid while the lexicon grows.  On a large lexicon the slots of
 * rare words are cold, and this hides most of that wait.
 */
typedef struct {
	uint64_t head;
	uint32_t tag;
} sm_lexkey_t;

SM_EXPORT void sm_lexicon_prefetch(const sm_lexicon_t *lex, const char *p, size_t len,
				   sm_lexkey_t *k);

/* sm_lexicon_intern_key - sm_lexicon_intern with the key that
 * sm_lexicon_prefetch gave for the same (p, len). */
SM_EXPORT int sm_lexicon_intern_key(sm_lexicon_t *lex, const char *p, size_t len,
				    const sm_lexkey_t *k, uint32_t *id);

/* sm_lexicon_find - the id of (p, len), or 0 when not interned. */
SM_EXPORT uint32_t sm_lexicon_find(const sm_lexicon_t *lex, const char *p,
				   size_t len);

/* sm_lexicon_str - the string of id; {NULL, 0} for an unknown id.  The
 * bytes are owned by the lexicon and valid until the next intern/clear. */
SM_EXPORT sm_str_t sm_lexicon_str(const sm_lexicon_t *lex, uint32_t id);

/* sm_lexicon_info - the mutable per-id record, or NULL for an unknown id.
 * Valid until the next intern or clear. */
SM_EXPORT sm_lexinfo_t *sm_lexicon_info(sm_lexicon_t *lex, uint32_t id);

/* sm_lexicon_size - number of ids handed out. */
SM_EXPORT size_t sm_lexicon_size(const sm_lexicon_t *lex);

/* sm_lexicon_clear - forget every id, keeping the memory.  Pipelines call it
 * between documents when the lexicon grows past a cap, which bounds memory
 * on archives with unbounded vocabularies (numbers, names, typos). */
SM_EXPORT void sm_lexicon_clear(sm_lexicon_t *lex);

#ifdef __cplusplus
}
#endif
#endif /* SM_LEXICON_H */
