/*
 * score.h - stage 5: how summary-worthy each sentence is.
 *
 * Reads tokens (stem ids, SM_TF_* flags) and sentences of a document that
 * went through tokenize and stem, and writes sents[i].score for every
 * sentence: body sentences get a real score, every other kind (title,
 * heading, metadata, boilerplate) gets -INFINITY so that nothing downstream
 * can ever pick it.  The title still informs the scores (title overlap).
 *
 * The score is a weighted sum of per-sentence features, each scaled to
 * [0, 1] within the document so one set of weights fits short and long
 * articles alike:
 *
 *   position     (1 + rank)^-decay over body sentences: the lead prior
 *                that makes Lead-3 hard to beat on news (Nenkova 2005);
 *   para_first   first sentence of its paragraph;
 *   cent_fwd     PACSUM directed centrality: summed cosine similarity of
 *   cent_bwd     the sentence's TF-IDF vector with the sentences after it
 *                (resp. before it); Zheng & Lapata (2019) find that edges to
 *                later sentences signal importance.  Computed in O(tokens)
 *                with a running prefix sum of unit vectors, so there is no
 *                n x n graph: sum_{j<i} cos(i, j) = u_i . sum_{j<i} u_j;
 *   salience     content-word salience: sum over the sentence's distinct
 *   sal_mean     content stems of (1 + log tf_doc) * idf (corpus IDF,
 *                models/en-idf.tsv), total and per word (Luhn 1958;
 *                Radev et al. 2004's centroid score);
 *   title        IDF-weighted share of the title's stems in the sentence;
 *   entity       density of capitalized (non-initial) words and numbers;
 *   length       words, capped (longer sentences carry more content);
 *   freq         Luhn's word-frequency salience: summed in-document
 *   freq_mean    frequency of the sentence's content-word tokens (no IDF),
 *                total and per content word;
 *   short, long, quote, question: penalties for fragments, run-on
 *                sentences, direct quotations and rhetorical questions,
 *                which make poor summaries.
 *
 * Weights and the position decay live in models/en-score.tsv, fitted on
 * the development set by bench/fit-scorer (the command that produced the
 * file is in its header); the IDF table models/en-idf.tsv is built by
 * bench/build-idf from ../shared/data/news-archive with this library's own
 * tokenizer and stemmer, so its keys are exactly the stems looked up.
 * Redundancy is handled by select (MMR); its weight also lives in
 * en-score.tsv and is read with sm_score_model_redundancy().
 *
 * Handles: a sm_score_model_t (IDF table + weights) is loaded once and
 * shared read-only by all threads; a sm_score_state_t holds one thread's
 * scratch (per-document term tables, feature matrix) and is reused across
 * documents without allocating in the steady state.  IDF values are cached
 * per lexicon id in sm_lexinfo_t.idf, so each word is looked up once per
 * thread.
 */
#ifndef SM_SCORE_H
#define SM_SCORE_H

#include "doc.h"
#include "lexicon.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sm_score_model sm_score_model_t;
typedef struct sm_score_state sm_score_state_t;

/* Raw per-sentence features, in the order of sm_score_features' columns. */
enum {
	SM_FEAT_RANK = 0,    /* rank among body sentences, 0-based */
	SM_FEAT_PARA_FIRST,  /* 1 if first sentence of its paragraph */
	SM_FEAT_CENT_FWD,    /* directed centrality, later sentences, [0,1] */
	SM_FEAT_CENT_BWD,    /* directed centrality, earlier sentences, [0,1] */
	SM_FEAT_SALIENCE,    /* summed content salience, [0,1] */
	SM_FEAT_SAL_MEAN,    /* salience per word, [0,1] */
	SM_FEAT_TITLE,       /* IDF-weighted title overlap, [0,1] */
	SM_FEAT_ENTITY,      /* capitalized words + numbers per word, [0,1] */
	SM_FEAT_WORDS,       /* words (tokens with a letter or digit) */
	SM_FEAT_QUOTE,       /* 1 if mostly a direct quotation */
	SM_FEAT_QUESTION,    /* 1 if it ends with '?' */
	SM_FEAT_FREQ,        /* summed document frequency of its words, [0,1] */
	SM_FEAT_FREQ_MEAN,   /* the same per content word, [0,1] */
	SM_FEAT_N
};

/* Weights of the linear combination (models/en-score.tsv keys in brackets). */
typedef struct {
	float position;    /* [position] weight of the lead prior */
	float decay;       /* [decay] exponent of (1 + rank)^-decay */
	float para_first;  /* [para_first] */
	float cent_fwd;    /* [cent_fwd] */
	float cent_bwd;    /* [cent_bwd] (may be negative) */
	float salience;    /* [salience] */
	float sal_mean;    /* [sal_mean] */
	float title;       /* [title] */
	float entity;      /* [entity] */
	float length;      /* [length] weight of min(words, len_cap) / len_cap */
	float len_cap;     /* [len_cap] words */
	float shortp;      /* [short] penalty when words < short_min */
	float short_min;   /* [short_min] words */
	float quote;       /* [quote] penalty */
	float question;    /* [question] penalty */
	float freq;        /* [freq] weight of word-frequency salience */
	float longp;       /* [long] penalty when words > long_max */
	float long_max;    /* [long_max] words */
	float redundancy;  /* [redundancy] MMR lambda used by select, [0, 1) */
	float freq_mean;   /* [freq_mean] weight of word frequency per word */
} sm_score_weights_t;

/*
 * sm_score_weights_default - built-in weights (used when en-score.tsv is
 * absent for a language, and as the fitter's starting point).  NULL is a
 * no-op.
 */
SM_EXPORT void sm_score_weights_default(sm_score_weights_t *w);

/*
 * sm_score_model_load - load models_dir/<code>-idf.tsv and
 * models_dir/<code>-score.tsv, where <code> is the ISO 639-1 code of the
 * Snowball language name lang (NULL: "english"; "english" -> "en").
 * For English both files are required; for other languages a missing file
 * means uniform IDF and default weights.  err (may be NULL) receives a
 * one-line message on failure.  Errors: SM_EINVAL, SM_ENOMEM, SM_EMODEL
 * (missing or malformed file), SM_EIO.  Free with sm_score_model_free().
 */
SM_EXPORT int sm_score_model_load(const char *models_dir, const char *lang,
				  sm_score_model_t **out, char *err,
				  size_t errlen);

/*
 * sm_score_model_new - a model from explicit parts: weights w (copied;
 * NULL = defaults) and no IDF table (every stem gets the same IDF).  Used by
 * tests and by the fitter.  Errors: SM_EINVAL, SM_ENOMEM.
 */
SM_EXPORT int sm_score_model_new(const sm_score_weights_t *w,
				 sm_score_model_t **out);

/* sm_score_model_free - NULL is a no-op. */
SM_EXPORT void sm_score_model_free(sm_score_model_t *m);

/* sm_score_model_weights - the model's weights (read-only). */
SM_EXPORT const sm_score_weights_t *
sm_score_model_weights(const sm_score_model_t *m);

/* sm_score_model_redundancy - the MMR weight to pass to sm_select_run. */
SM_EXPORT double sm_score_model_redundancy(const sm_score_model_t *m);

/*
 * sm_score_model_idf - the IDF of stem (p, len); stems absent from the
 * table (rare words, df below the cut-off) get the table's unknown-word
 * IDF; a model without a table gives 1.  NULL p (with len > 0) is an
 * unknown word.
 */
SM_EXPORT float sm_score_model_idf(const sm_score_model_t *m, const char *p,
				   size_t len);

/* sm_score_state_new - per-thread scratch.  Errors: SM_EINVAL, SM_ENOMEM. */
SM_EXPORT int sm_score_state_new(sm_score_state_t **out);

/* sm_score_state_free - NULL is a no-op. */
SM_EXPORT void sm_score_state_free(sm_score_state_t *st);

/*
 * sm_score_features - compute the raw feature matrix of doc: on SM_OK,
 * *feat points to n_sents * SM_FEAT_N floats (row i = sentence i; rows of
 * non-body sentences are zero) owned by st and valid until the next call
 * with st.  Requires tokenize and stem (tokens' stem ids; a token with stem
 * 0 counts as a non-content word).  lex is the lexicon the ids belong to;
 * IDF values are cached in it.  Errors: SM_EINVAL, SM_ENOMEM.
 */
SM_EXPORT int sm_score_features(const sm_score_model_t *m,
				sm_score_state_t *st, const sm_doc_t *doc,
				sm_lexicon_t *lex, const float **feat);

/*
 * sm_score_combine - scores from a feature matrix: out[i] for each of the
 * n sentences whose kind[i] is SM_BLOCK_BODY (kind may be NULL = all body);
 * other sentences get -INFINITY.  Pure function of its inputs, so the
 * fitter can re-score cached features under many weight settings.
 * NULL w, feat or out: nothing is written.
 */
SM_EXPORT void sm_score_combine(const sm_score_weights_t *w,
				const float *feat, size_t n,
				const uint8_t *kind, size_t kind_stride,
				float *out);

/*
 * sm_score_run - sm_score_features + sm_score_combine into sents[i].score
 * and marks SM_STAGE_SCORE done.  A document without body sentences is
 * fine (every score is -INFINITY).  Errors as sm_score_features.
 */
SM_EXPORT int sm_score_run(const sm_score_model_t *m, sm_score_state_t *st,
			   sm_doc_t *doc, sm_lexicon_t *lex);

#ifdef __cplusplus
}
#endif
#endif /* SM_SCORE_H */
