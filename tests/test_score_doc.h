/*
 * test_score_doc.h - hand-built documents for the score and select suites
 * (defined in test_score.c).
 */
#ifndef SM_TEST_SCORE_DOC_H
#define SM_TEST_SCORE_DOC_H

#include "doc.h"
#include "lexicon.h"

/* One sentence: block kind, space-separated tokens, SM_SF_* flags. */
typedef struct {
	int kind;
	const char *text;
	unsigned flags;
} test_sent_t;

/*
 * test_score_doc - a tokenized, "stemmed" document of n sentences (keys
 * lower-cased, stems drop a final 's' of words longer than 3 letters, a
 * handful of stopwords flagged).  NULL on failure.  Free with sm_doc_free.
 */
sm_doc_t *test_score_doc(sm_lexicon_t *lex, const test_sent_t *s, size_t n);

#endif
