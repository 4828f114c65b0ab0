/*
 * parse.h - transition-based dependency parser producing UD relations.
 *
 * A model (sm_parse_model_t) is loaded once per process and shared
 * read-only between threads; each thread parses through its own
 * sm_parser_t, which owns the grow-only scratch.  Relation ids are fixed by
 * a static table in parse.c (full UD labels including subtypes), so they
 * are stable across model versions.  Input tags are sm_tag ids (tag.h).
 *
 * The second half of this header is the training interface used by
 * models/train/train-syntax.c; the pipeline does not need it.
 */
#ifndef SM_PARSE_H
#define SM_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sm_parse_model sm_parse_model_t; /* read-only, shared */
typedef struct sm_parser sm_parser_t;           /* per-thread scratch */

/* Longest sentence sm_parser_parse() accepts (heads are int16_t). */
#define SM_PARSE_MAX_TOKENS 32000

/*
 * sm_parse_model_load - read and validate a parser model (en-dep.bin).
 * Truncated or corrupt files give SM_EMODEL, a missing one SM_ENOENT.
 * *out is set on SM_OK only; free it with sm_parse_model_free().
 */
SM_EXPORT int sm_parse_model_load(const char *path, sm_parse_model_t **out);

/* sm_parse_model_free - release a model.  NULL is a no-op. */
SM_EXPORT void sm_parse_model_free(sm_parse_model_t *m);

/*
 * sm_parser_new - per-thread parsing handle over model m, which must
 * outlive it.  m may be NULL for a feature-extraction-only handle (trainer);
 * the trainer passes a model with word clusters but no weights, so that the
 * features of its states include the clusters.
 */
SM_EXPORT int sm_parser_new(const sm_parse_model_t *m, sm_parser_t **out);

/* sm_parser_free - release a parser.  NULL is a no-op. */
SM_EXPORT void sm_parser_free(sm_parser_t *p);

/*
 * sm_parser_parse - parse one sentence of n tokens with tags (tag.h ids).
 * heads[i] is the index of the head of token i in 0..n-1, or -1 for the
 * root; rels[i] is its relation id.  The result is always a projective
 * tree with exactly one root (for n > 0).  n == 0 is fine.  After greedy
 * decoding two repairs apply (parse.c): punctuation heads nothing, and a
 * head has one subject ("analyst Mike Powell says").
 * Errors: SM_EINVAL (NULL arrays, n > SM_PARSE_MAX_TOKENS, handle without
 * model), SM_ENOMEM.
 */
SM_EXPORT int sm_parser_parse(sm_parser_t *p, const sm_str_t *words,
			      const uint8_t *tags, size_t n, int16_t *heads,
			      uint8_t *rels);

/* sm_deprel_name - "nsubj", "nsubj:pass", ...; NULL if out of range. */
SM_EXPORT const char *sm_deprel_name(uint8_t rel);

/* sm_deprel_from_name - relation id of a UD label, or -1 if unknown. */
SM_EXPORT int sm_deprel_from_name(const char *name, size_t len);

/* sm_deprel_count - number of relation ids (0 .. count-1). */
SM_EXPORT size_t sm_deprel_count(void);

/* ------------------------------------------------------ training support */

/*
 * The transition system is arc-hybrid (Kuhlmann et al. 2011) with the
 * root token at the end of the buffer.  Classes: 0 = SHIFT,
 * 1 + r = LEFT-ARC with relation r, 1 + nrel + r = RIGHT-ARC with r.
 */
#define SM_PARSE_MAX_FEATS 112

/* A parser state; the trainer drives it with a dynamic oracle. */
typedef struct sm_parse_state sm_parse_state_t;

/* sm_parse_nclasses - number of transition classes (1 + 2 * deprels). */
SM_EXPORT size_t sm_parse_nclasses(void);

/*
 * sm_parser_begin - start a sentence: hash the words, reset the state.
 * Returns the state (owned by the parser, valid until the next begin).
 * Errors as sm_parser_parse(); *out set on SM_OK.
 */
SM_EXPORT int sm_parser_begin(sm_parser_t *p, const sm_str_t *words,
			      const uint8_t *tags, size_t n,
			      sm_parse_state_t **out);

/*
 * The sm_parse_state_* functions accept a NULL state: done is 1, valid is
 * all 0, features 0, and costs, apply and result do nothing.
 */

/* sm_parse_state_done - 1 when the state is terminal. */
SM_EXPORT int sm_parse_state_done(const sm_parse_state_t *s);

/*
 * sm_parse_state_valid - valid[c] = 1 when class c may be applied now.
 */
SM_EXPORT void sm_parse_state_valid(const sm_parse_state_t *s, uint8_t *valid);

/*
 * sm_parse_state_costs - dynamic-oracle cost (Goldberg & Nivre 2013) of
 * every class against the gold tree gold_heads (-1 = root) / gold_rels,
 * which must be projective.  Invalid classes get cost INT32_MAX.
 */
SM_EXPORT void sm_parse_state_costs(const sm_parse_state_t *s,
				    const int16_t *gold_heads,
				    const uint8_t *gold_rels, int32_t *costs);

/* sm_parse_state_apply - apply a valid class; an invalid or out-of-range
 * class leaves the state unchanged. */
SM_EXPORT void sm_parse_state_apply(sm_parse_state_t *s, unsigned cls);

/* sm_parse_state_features - feature keys (never 0) of the state. */
SM_EXPORT size_t sm_parse_state_features(const sm_parse_state_t *s,
					 uint32_t *feats);

/* sm_parse_state_result - copy the (partial) tree out, -1 for root. */
SM_EXPORT void sm_parse_state_result(const sm_parse_state_t *s,
				     int16_t *heads, uint8_t *rels);

/* Averaged weights handed to sm_parse_model_build() (see sm_tag_weights_t). */
typedef struct {
	size_t nfeat;
	const uint32_t *keys;
	const uint32_t *start;  /* nfeat + 1 */
	const uint8_t *cls;
	const float *w;
	size_t nclus;              /* word clusters, as in sm_tag_weights_t */
	const uint32_t *clus_keys;
	const uint32_t *clus_vals;
} sm_parse_weights_t;

/* sm_parse_model_build - in-memory model, weights quantized to int16. */
SM_EXPORT int sm_parse_model_build(const sm_parse_weights_t *wt,
				   sm_parse_model_t **out);

/* sm_parse_model_save - write a model file; SM_EIO on write failure. */
SM_EXPORT int sm_parse_model_save(const sm_parse_model_t *m, const char *path);

#ifdef __cplusplus
}
#endif
#endif /* SM_PARSE_H */
