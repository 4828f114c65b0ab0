/*
 * ner.h - named-entity recognition: PER, ORG, LOC, MISC by a statistical
 * model, DATE, MONEY, PERCENT and QUANTITY by rule.
 *
 * The statistical part is a greedy left-to-right tagger over IOB2 tags with
 * an averaged perceptron (Collins 2002) and the feature set of Ratinov &
 * Roth 2009 (word, affixes, shape, context window, previous predictions,
 * gazetteers, document-level prediction history, word clusters and priors
 * learnt from unlabelled news).  The model file models_dir/en-ner.bin
 * carries the weights and the compiled gazetteers and word tables (nothing
 * else is read at run time); it is built by models/train/train-ner.c.  See
 * ner.c for the design.
 *
 * Threading: an sm_ner_model_t is read-only after loading and may be shared by
 * any number of threads; each thread makes its own sm_ner_t.
 *
 * Ownership: the caller owns words, pos and ents; the recognizer keeps no
 * pointer into them after a call returns.
 */
#ifndef SM_NER_H
#define SM_NER_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sm_ner_model sm_ner_model_t; /* read-only, shared by threads */
typedef struct sm_ner sm_ner_t;             /* per-thread state + scratch */

/*
 * Entity codes, one per token: 0 = O (outside); otherwise
 * (type << 1) | inside, where inside is 0 on the first token of an entity
 * (B-) and 1 on the following ones (I-).
 */
enum {
	SM_ENT_PER = 1,
	SM_ENT_ORG,
	SM_ENT_LOC,
	SM_ENT_MISC,
	SM_ENT_DATE,
	SM_ENT_MONEY,
	SM_ENT_PERCENT,
	SM_ENT_QUANTITY
};
#define SM_ENT_NTYPES 9 /* type codes 1..8, 0 unused */
#define SM_NER_MAX_TOKENS 256 /* longer sentences are tagged in chunks */

/* Entity type of a token code, and whether it begins an entity. */
#define SM_ENT_TYPE(code) ((code) >> 1)
#define SM_ENT_BEGINS(code) ((code) != 0 && ((code) & 1) == 0)

/*
 * sm_ner_model_load - load models_dir/en-ner.bin.
 * The file is checked completely (magic, version, sizes, checksum) before
 * anything is used.  *out is set on SM_OK only; free it with
 * sm_ner_model_free().
 * Errors: SM_EINVAL (NULL argument), SM_EMODEL (missing, truncated, corrupt
 * or wrong version), SM_ENOMEM.
 */
SM_EXPORT int sm_ner_model_load(const char *models_dir, sm_ner_model_t **out);

/* sm_ner_model_free - release a model.  NULL is a no-op. */
SM_EXPORT void sm_ner_model_free(sm_ner_model_t *m);

/*
 * sm_ner_new - a recognizer bound to model m, which must outlive it.
 * Errors: SM_EINVAL, SM_ENOMEM.
 */
SM_EXPORT int sm_ner_new(const sm_ner_model_t *m, sm_ner_t **out);

/* sm_ner_free - release a recognizer.  NULL is a no-op. */
SM_EXPORT void sm_ner_free(sm_ner_t *r);

/*
 * sm_ner_begin_doc - forget the document-level memory (which labels were
 * given to which words earlier in the document).  Call it before the first
 * sentence of each document.  NULL is a no-op.
 */
SM_EXPORT void sm_ner_begin_doc(sm_ner_t *r);

/*
 * sm_ner_tag - tag one sentence.
 * words[i] is the text of token i (normalized UTF-8, PTB-like tokens); pos is
 * NULL or n PTB tag names (NULL entries allowed).  ents receives n codes
 * (see above).  n == 0 is fine; sentences longer than SM_NER_MAX_TOKENS are
 * tagged in consecutive chunks.  Never allocates once the scratch has grown
 * to the longest sentence seen.
 * Errors: SM_EINVAL (NULL r, or NULL words/ents with n > 0), SM_ENOMEM.
 */
SM_EXPORT int sm_ner_tag(sm_ner_t *r, const sm_str_t *words,
			 const char *const *pos, size_t n, uint8_t *ents);

/*
 * sm_ent_type_name - "PER", "ORG", "LOC", "MISC", "DATE", "MONEY",
 * "PERCENT", "QUANTITY" for type codes 1..8, "O" for anything else.
 * The string is static.
 */
SM_EXPORT const char *sm_ent_type_name(int type);

/* ---------------------------------------------------------------------
 * Training interface, used by models/train/train-ner.c.  Not needed to tag.
 */
typedef struct sm_ner_trainer sm_ner_trainer_t;

/*
 * sm_ner_trainer_new - an empty perceptron.  gazetteer_dir holds the
 * plain-text gazetteers (countries.txt, ...) compiled into the model.
 * Errors: SM_EINVAL, SM_ENOMEM, SM_EIO (unreadable gazetteer file).
 */
SM_EXPORT int sm_ner_trainer_new(const char *gazetteer_dir,
				 sm_ner_trainer_t **out);

/*
 * sm_ner_trainer_set_wordcase - record how word (any case) is usually
 * capitalized in unlabelled news: bucket 1 (almost always lower case) to
 * 4 (almost always capitalized).  Compiled into the model; call before the
 * first sm_ner_trainer_learn().  Errors: SM_EINVAL, SM_ENOMEM.
 */
SM_EXPORT int sm_ner_trainer_set_wordcase(sm_ner_trainer_t *t,
					  const char *word, size_t len,
					  int bucket);

/* sm_ner_trainer_free - release a trainer.  NULL is a no-op. */
SM_EXPORT void sm_ner_trainer_free(sm_ner_trainer_t *t);

/*
 * sm_ner_trainer_set_prior - record the usual entity type of word (any
 * case) in news tagged automatically by an earlier model: 1 + 2 * type +
 * confident, type 0 (O) to 4 (MISC); 0 removes the prior.  Compiled into
 * the model (the value set when sm_ner_trainer_model() is called).
 * Errors: SM_EINVAL, SM_ENOMEM.
 */
SM_EXPORT int sm_ner_trainer_set_prior(sm_ner_trainer_t *t, const char *word,
				       size_t len, int prior);

/*
 * sm_ner_trainer_set_cluster - record the distributional clusters of word
 * (any case): fine and coarse ids 0..254, from unlabelled news (see
 * train-ner.c).  Compiled into the model; call before the first
 * sm_ner_trainer_learn().  Errors: SM_EINVAL, SM_ENOMEM.
 */
SM_EXPORT int sm_ner_trainer_set_cluster(sm_ner_trainer_t *t,
					 const char *word, size_t len,
					 int fine, int coarse);

/* sm_ner_trainer_begin_doc - as sm_ner_begin_doc, for training. */
SM_EXPORT void sm_ner_trainer_begin_doc(sm_ner_trainer_t *t);

/*
 * sm_ner_trainer_learn - decode one sentence greedily and update the weights
 * where the prediction differs from gold (codes for PER..MISC only).
 * Returns the number of wrong tokens (>= 0) or a negative status.
 */
SM_EXPORT int sm_ner_trainer_learn(sm_ner_trainer_t *t, const sm_str_t *words,
				   const char *const *pos, size_t n,
				   const uint8_t *gold);

/*
 * sm_ner_trainer_model - the averaged weights as a model, keeping the
 * max_features features with the largest weights (0 = keep all).
 * Errors: SM_EINVAL, SM_ENOMEM.
 */
SM_EXPORT int sm_ner_trainer_model(const sm_ner_trainer_t *t,
				   size_t max_features, sm_ner_model_t **out);

/*
 * sm_ner_model_merge - one model whose weights are the mean of the weights
 * of models ms[0..n-1] (trained with different document orders; averaging
 * them reduces the perceptron's variance), keeping the max_features largest
 * (0 = all).  The lexicon tables are taken from ms[0].
 * Errors: SM_EINVAL, SM_ENOMEM.
 */
SM_EXPORT int sm_ner_model_merge(const sm_ner_model_t *const *ms, size_t n,
				 size_t max_features, sm_ner_model_t **out);

/*
 * sm_ner_model_save - write m to path in the en-ner.bin format (through
 * path.tmp and a rename, so a reader never sees a partial file).
 * Errors: SM_EINVAL, SM_EIO, SM_ENOMEM.
 */
SM_EXPORT int sm_ner_model_save(const sm_ner_model_t *m, const char *path);

/*
 * sm_ner_names - people's names alone, without the statistical model: runs
 * of two or more capitalized words (lower-case name particles such as
 * "von der" between them) that begin with a first name of the gazetteer
 * or with a word the model's news statistics mostly type as a person, not
 * a title of the gazetteer ("Vladimir Putin", "Ursula von der Leyen";
 * "President Vladimir Putin" gives the same), as B-PER/I-PER; every other
 * token gets 0.  A run where no such word stands before the last is a
 * name too when sm_ner_tag has typed its last word a person since
 * sm_ner_begin_doc (more often than any other entity type); it starts at
 * its first word that is no title or hyphenated word, that the news
 * does not mostly write in lower case or type as a non-person, and that,
 * first in the sentence, the news knows ("President Rolando Arrivillaga"
 * gives "Rolando Arrivillaga").  Words with digits and all-caps words
 * (acronyms) are not name words, and an all-caps sentence (a headline)
 * gets no names.  For sentences whose other entities nobody reads, at a
 * fraction of sm_ner_tag's cost; the document history is read, never
 * updated.
 * Errors: as sm_ner_tag.
 */
SM_EXPORT int sm_ner_names(sm_ner_t *r, const sm_str_t *words, size_t n,
			   uint8_t *ents);

/*
 * sm_ner_designator - is the word (p, len) a legal form that ends a
 * company name ("Inc", "Corp.", "Plc", "AG", ...)?  As written, with or
 * without a final dot.  sm_ner_tag types a name that ends in one ORG.
 */
SM_EXPORT int sm_ner_designator(const char *p, size_t len);

/*
 * sm_ner_tag_stat - like sm_ner_tag but returns the statistical tags only
 * (no DATE/MONEY/PERCENT/QUANTITY rules); for evaluation on CoNLL.
 */
SM_EXPORT int sm_ner_tag_stat(sm_ner_t *r, const sm_str_t *words,
			      const char *const *pos, size_t n, uint8_t *ents);

#ifdef __cplusplus
}
#endif
#endif /* SM_NER_H */
