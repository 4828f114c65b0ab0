/*
 * tag.h - Penn Treebank part-of-speech tagger (greedy averaged perceptron).
 *
 * A model (sm_tag_model_t) is loaded once per process and shared read-only
 * between threads; each thread tags through its own sm_tagger_t, which owns
 * the grow-only scratch buffers.  Tag ids are fixed by a static table in
 * tag.c, so they are stable across model versions.
 *
 * Token text is expected in the pipeline's normalized form (NFKC, typographic
 * quotes/dashes/ellipsis folded to ASCII); any UTF-8 is accepted.
 *
 * The second half of this header is the training interface used by
 * models/train/train-syntax.c: feature extraction and building a model from
 * averaged weights.  The pipeline does not need it.
 */
#ifndef SM_TAG_H
#define SM_TAG_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sm_tag_model sm_tag_model_t; /* read-only, shared by threads */
typedef struct sm_tagger sm_tagger_t;       /* per-thread scratch */

/*
 * sm_tag_model_load - read and validate a tagger model file (en-pos.bin).
 * Every size, index and the checksum are checked; a truncated or corrupt
 * file gives SM_EMODEL, a missing one SM_ENOENT, other read errors SM_EIO.
 * *out is set on SM_OK only; free it with sm_tag_model_free().
 */
SM_EXPORT int sm_tag_model_load(const char *path, sm_tag_model_t **out);

/* sm_tag_model_free - release a model.  NULL is a no-op. */
SM_EXPORT void sm_tag_model_free(sm_tag_model_t *m);

/*
 * sm_tagger_new - per-thread tagging handle over model m.  The model must
 * outlive the tagger.  m may be NULL for a feature-extraction-only handle
 * (used by the trainer); such a handle cannot tag.
 */
SM_EXPORT int sm_tagger_new(const sm_tag_model_t *m, sm_tagger_t **out);

/* sm_tagger_free - release a tagger.  NULL is a no-op. */
SM_EXPORT void sm_tagger_free(sm_tagger_t *t);

/*
 * sm_tagger_tag - tag n words: tags[i] receives the tag id of words[i].
 * Besides the model, rules for news forms the treebank hardly has
 * (unless sm_tagger_set_rules turned them off): "£", "€" and "¥" are $
 * and an unknown amount with a magnitude suffix ("51.6m") is CD; lower-
 * case particles between capitalized words ("Generale des Eaux", "von
 * der Leyen") are NNP; a past tense whose participle differs ("rose",
 * "took") is never VBN, and is VBD right after a noun or pronoun.
 * n == 0 is fine (words and tags may then be NULL).  Scratch grows on
 * demand and is kept, so steady-state tagging does not allocate.
 * Errors: SM_EINVAL (NULL handle/arrays, or a handle without a model),
 * SM_ENOMEM.
 */
SM_EXPORT int sm_tagger_tag(sm_tagger_t *t, const sm_str_t *words, size_t n,
			    uint8_t *tags);

/*
 * sm_tagger_set_rules - on (the default) or off: sm_tagger_tag's news
 * rules.  The trainer turns them off, so the tags the parser trains on
 * (and so the shipped models) do not depend on them.  Errors: SM_EINVAL.
 */
SM_EXPORT int sm_tagger_set_rules(sm_tagger_t *t, int on);

/* sm_tag_name - "NN", "VBD", ...; NULL if tag is out of range. */
SM_EXPORT const char *sm_tag_name(uint8_t tag);

/* sm_tag_from_name - tag id of a PTB tag name, or -1 if unknown. */
SM_EXPORT int sm_tag_from_name(const char *name, size_t len);

/* sm_tag_count - number of tag ids (ids run 0 .. count-1). */
SM_EXPORT size_t sm_tag_count(void);

/* ------------------------------------------------------ training support */

/* Upper bound on the features sm_tagger_features() writes. */
#define SM_TAG_MAX_FEATS 64

/* Previous-tag value used before the start of the sentence. */
#define SM_TAG_START 255

/* "No tag" in the lexicon (word not unambiguous enough to skip tagging). */
#define SM_TAG_NONE 255

/*
 * sm_tagger_prepare - compute the per-token hashes (word, lowercase, affixes,
 * shape) of a sentence into the tagger's scratch, for sm_tagger_features().
 * Errors: SM_EINVAL, SM_ENOMEM.
 */
SM_EXPORT int sm_tagger_prepare(sm_tagger_t *t, const sm_str_t *words,
				size_t n);

/*
 * sm_tagger_features - hashed feature keys (never 0) of token i of the
 * prepared sentence given the two previous tags (SM_TAG_START before the
 * sentence).  Writes at most SM_TAG_MAX_FEATS keys; returns the count,
 * 0 when t or feats is NULL or i is not a token of the prepared sentence.
 */
SM_EXPORT size_t sm_tagger_features(const sm_tagger_t *t, size_t i,
				    unsigned p1, unsigned p2, uint32_t *feats);

/* sm_tag_word_key - the lexicon key of a word form (never 0).  For this
 * and the two key functions below, NULL p is the empty word. */
SM_EXPORT uint32_t sm_tag_word_key(const char *p, size_t len);

/* sm_tag_lower_key - the lexicon key of a word's ASCII-lowercased form. */
SM_EXPORT uint32_t sm_tag_lower_key(const char *p, size_t len);

/*
 * sm_tag_cluster_key - the word-cluster key of a word: its form with ASCII
 * letters lowercased and digits folded to '0' (never 0).
 */
SM_EXPORT uint32_t sm_tag_cluster_key(const char *p, size_t len);

/*
 * sm_tagger_dict_tag - the lexicon's unambiguous tag for token i of the
 * prepared sentence, or -1 (also -1 for a handle without a model, a NULL
 * handle, or i past the prepared sentence).
 */
SM_EXPORT int sm_tagger_dict_tag(const sm_tagger_t *t, size_t i);

/*
 * Averaged weights handed to sm_tag_model_build(): feature f has the
 * (class, weight) pairs cls[start[f] .. start[f+1]-1] / w[...].  The
 * lexicon maps word keys to ambiguity classes (tag sets) and, for
 * frequent unambiguous words, the tag to use without the classifier.
 */
typedef struct {
	size_t nfeat;
	const uint32_t *keys;   /* nfeat distinct keys, never 0 */
	const uint32_t *start;  /* nfeat + 1 offsets */
	const uint8_t *cls;     /* class (tag id) of each pair */
	const float *w;         /* weight of each pair */
	size_t nlex;
	const uint32_t *lex_keys;  /* sm_tag_word_key() or sm_tag_lower_key() */
	const uint8_t *lex_tags;   /* unambiguous tag, or SM_TAG_NONE */
	const uint64_t *lex_masks; /* bit t set: tag t seen with the word */
	size_t nclus;
	const uint32_t *clus_keys; /* sm_tag_cluster_key() */
	const uint32_t *clus_vals; /* cluster ids: 10 bits each, fine first */
} sm_tag_weights_t;

/*
 * sm_tag_model_build - make an in-memory model from averaged weights.
 * Weights are quantized to int16 with one scale; pairs that round to 0 are
 * dropped.  Errors: SM_EINVAL (bad class, zero or duplicate key), SM_ENOMEM.
 */
SM_EXPORT int sm_tag_model_build(const sm_tag_weights_t *wt,
				 sm_tag_model_t **out);

/* sm_tag_model_save - write a model file; SM_EIO on write failure. */
SM_EXPORT int sm_tag_model_save(const sm_tag_model_t *m, const char *path);

#ifdef __cplusplus
}
#endif
#endif /* SM_TAG_H */
