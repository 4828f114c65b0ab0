/*
 * select.h - stage 6: choose the summary sentences.
 *
 * Reads sents[i].score (score stage) and the tokens' stem ids, and fills
 * doc->summary / doc->n_summary (sentence indices in document order,
 * allocated from doc->arena) and sents[i].in_summary.  Only SM_BLOCK_BODY
 * sentences with a finite score are candidates: titles, headings, metadata
 * and boilerplate are never selected.
 *
 * Redundancy is controlled with Maximal Marginal Relevance (Carbonell &
 * Goldstein, SIGIR 1998): sentences are picked greedily by
 *     (1 - lambda) * score' - lambda * max_sim(candidate, picked)
 * where score' is the score scaled to [0, 1] over the candidates and sim is
 * the cosine of binary content-stem sets; a candidate at least
 * SM_SELECT_DUP_SIM similar to a picked sentence is never taken (a repeated
 * sentence or paragraph appears once).
 *
 * Cost: the MMR loop runs over a pool of the best 4k + 16 candidates
 * (k = sentences wanted), so a 3-sentence summary of a 50,000-sentence
 * document costs one O(n log n) sort plus O(pool * k) set comparisons.
 * Summaries of more than SM_SELECT_MMR_MAX sentences (and word budgets the
 * pool cannot fill) continue beyond the pool best-first, dropping exact
 * duplicates only (same content-stem set, via a hash set), which keeps the
 * cost O(n log n + tokens).  Scratch memory is on the stack (16 KB) or,
 * for long documents, one malloc per call; only doc->summary is taken
 * from the arena, so selecting again on the same document (as
 * bench/fit-scorer does) does not grow it much.
 */
#ifndef SM_SELECT_H
#define SM_SELECT_H

#include "doc.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Default summary length in sentences. */
#define SM_SELECT_DEFAULT_SENTENCES 3
/* Set similarity at or above which a candidate is a near-duplicate. */
#define SM_SELECT_DUP_SIM 0.8
/* Above this many sentences, MMR is replaced by duplicate removal. */
#define SM_SELECT_MMR_MAX 64

/*
 * sm_select_run - pick the summary of doc.
 *
 * length_mode / length (pipeline.h SM_LEN_*):
 *   SM_LEN_SENTENCES  length sentences (rounded; <= 0 means the default 3);
 *   SM_LEN_RATIO      ceil(length * body sentences), at least 1; length
 *                     in (0, 1], values outside are clamped (<= 0: default);
 *   SM_LEN_WORDS      as many sentences as fit in length words (tokens with
 *                     a letter or digit): a sentence is never cut, and one
 *                     that does not fit is skipped for the best one that
 *                     does, so the budget is never exceeded (a budget below
 *                     every sentence's length gives an empty summary).
 * A document with fewer candidates than asked gives them all; one with no
 * body sentence gives an empty summary (SM_OK).  redundancy is the MMR
 * lambda in [0, 1) (the score model's, sm_score_model_redundancy()); 0
 * still removes near-duplicates.  Requires the score stage for a ranking
 * (without it, all scores are 0 and the first sentences are taken).
 * Errors: SM_EINVAL (doc NULL, bad mode), SM_ENOMEM.
 */
SM_EXPORT int sm_select_run(sm_doc_t *doc, int length_mode, double length,
			    double redundancy);

/*
 * sm_select_lead - the Lead-N baseline: the first n body sentences
 * (n <= 0: the default 3), filling doc->summary like sm_select_run.
 * Errors: SM_EINVAL, SM_ENOMEM.
 */
SM_EXPORT int sm_select_lead(sm_doc_t *doc, size_t n);

#ifdef __cplusplus
}
#endif
#endif /* SM_SELECT_H */
