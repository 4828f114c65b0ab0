/*
 * rouge.h - ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-Lsum for the summary bench.
 *
 * Scores one candidate summary against one reference the way Google's
 * rouge_score package does by default (rouge_scorer.RougeScorer with the
 * DefaultTokenizer), so numbers compare with published ones:
 *
 *   - tokenization: lower-case, every character that is not [a-z0-9]
 *     becomes a separator (so non-ASCII letters split words, as in
 *     rouge_score after Python's lower()), split on the separators;
 *   - optional stemming: tokens longer than 3 characters go through the
 *     Porter stemmer (libstemmer's "porter", the original 1980 algorithm;
 *     rouge_score uses NLTK's Porter, which differs on a handful of rare
 *     suffixes);
 *   - ROUGE-N: clipped n-gram overlap over the two multisets of n-grams;
 *     precision = overlap / candidate n-grams, recall = overlap / reference
 *     n-grams, F1 = 2PR / (P + R), all 0 when either side is empty;
 *   - ROUGE-L: longest common subsequence of the two token sequences;
 *   - ROUGE-Lsum: summary-level LCS (Lin 2004, section 3.2): the text is
 *     split into sentences at '\n', each reference sentence takes the union
 *     of its LCS with every candidate sentence, and hits are clipped by the
 *     token counts of both sides, exactly as rouge_score's
 *     _summary_level_lcs (including its backtracking tie rule).
 *
 * References: C.-Y. Lin, "ROUGE: A Package for Automatic Evaluation of
 * Summaries", ACL workshop 2004; google-research/rouge (rouge_score).
 *
 * A sm_rouge_t holds the stemmer, an interning table of tokens and scratch
 * buffers; it is not thread-safe: use one per thread.
 */
#ifndef SM_ROUGE_H
#define SM_ROUGE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sm_rouge sm_rouge_t;

/* Precision, recall and F1 of one ROUGE variant. */
typedef struct {
	double p, r, f;
} sm_rouge_prf_t;

/* The four variants the bench reports. */
typedef struct {
	sm_rouge_prf_t r1, r2, rl, rlsum;
} sm_rouge_scores_t;

/*
 * sm_rouge_new - a scorer; stem != 0 enables Porter stemming of tokens
 * longer than 3 characters.  Errors: SM_EINVAL (out NULL), SM_ENOMEM,
 * SM_ELANG (libstemmer lacks "porter").  Free with sm_rouge_free().
 */
int sm_rouge_new(int stem, sm_rouge_t **out);

/* sm_rouge_free - NULL is a no-op. */
void sm_rouge_free(sm_rouge_t *r);

/*
 * sm_rouge_score - score candidate (cand, clen) against reference
 * (ref, rlen).  Sentences are separated by '\n' (used by ROUGE-Lsum only;
 * for the other variants a newline is just a separator).  Empty texts, or
 * texts with no token, score 0 everywhere.  Errors: SM_EINVAL, SM_ENOMEM,
 * SM_ETOOBIG (more than 2^31 tokens).
 */
int sm_rouge_score(sm_rouge_t *r, const char *cand, size_t clen,
		   const char *ref, size_t rlen, sm_rouge_scores_t *out);

/*
 * sm_rouge_tokens - tokenize (p, len) as for scoring and return the token
 * ids (stemmed when the scorer stems).  Ids are dense, start at 1, and are
 * stable for the life of the scorer, so callers (the weight fitter) can
 * tokenize once and count overlaps themselves.  *ids is malloc'd and owned
 * by the caller (NULL when *n is 0).  Errors: SM_EINVAL, SM_ENOMEM.
 */
int sm_rouge_tokens(sm_rouge_t *r, const char *p, size_t len, uint32_t **ids,
		    size_t *n);

/*
 * sm_rouge_vocab_size - the largest id handed out so far (ids are dense
 * 1..size), for callers that index arrays by token id.
 */
size_t sm_rouge_vocab_size(const sm_rouge_t *r);

/* sm_rouge_f1 - 2PR / (P + R), or 0 when P + R is 0. */
static inline double sm_rouge_f1(double p, double r)
{
	return p + r > 0 ? 2.0 * p * r / (p + r) : 0.0;
}

#ifdef __cplusplus
}
#endif
#endif /* SM_ROUGE_H */
