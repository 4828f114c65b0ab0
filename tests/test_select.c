/*
 * test_select.c - suite "select": summary selection on hand-built
 * documents (test_score_doc) with hand-set scores, so each case states
 * exactly which sentences must come out.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "doc.h"
#include "lexicon.h"
#include "pipeline.h"
#include "select.h"
#include "suites.h"
#include "test_score_doc.h"

/* sentences: 0 title, 1..4 body (6, 5, 5, 5 words), 5 heading, 6 body
 * duplicate of 1 */
static const test_sent_t sents[] = {
	{ SM_BLOCK_TITLE, "Cats win prize", 0 },
	{ SM_BLOCK_BODY, "The cats won the big prize .", 0 },
	{ SM_BLOCK_BODY, "Dogs bark at 3 cats .", 0 },
	{ SM_BLOCK_BODY, "The prize went to Cats .", 0 },
	{ SM_BLOCK_BODY, "Judges praised every single entry .", 0 },
	{ SM_BLOCK_HEADING, "Results", 0 },
	{ SM_BLOCK_BODY, "The cats won the big prize !", 0 },
};
#define NS (sizeof sents / sizeof sents[0])

/* make - the document with the given scores (NAN = leave -inf). */
static sm_doc_t *make(sm_lexicon_t *lex, const float *score)
{
	sm_doc_t *doc = test_score_doc(lex, sents, NS);
	ck_assert_ptr_nonnull(doc);
	for (size_t i = 0; i < NS; i++)
		doc->sents[i].score = isnan(score[i]) ? -INFINITY : score[i];
	doc->stages_done |= SM_STAGE_SCORE;
	return doc;
}

/* expect - doc->summary is exactly the n indices in want. */
static void expect(const sm_doc_t *doc, const uint32_t *want, size_t n)
{
	ck_assert_uint_eq(doc->n_summary, n);
	size_t marked = 0;
	for (size_t i = 0; i < doc->n_sents; i++)
		marked += doc->sents[i].in_summary;
	ck_assert_uint_eq(marked, n);
	for (size_t i = 0; i < n; i++) {
		ck_assert_uint_eq(doc->summary[i], want[i]);
		ck_assert(doc->sents[want[i]].in_summary);
	}
}

START_TEST(test_sm_select_run)
{
	sm_lexicon_t *lex = NULL;
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);

	/* the heading has the best score, yet is never selected; the title
	 * neither; the summary comes in document order */
	const float sc1[NS] = { 9, 1, 4, 3, 2, 100, NAN };
	sm_doc_t *doc = make(lex, sc1);
	doc->sents[0].score = 50; /* even a finite title score is ignored */
	ck_assert_int_eq(sm_select_run(doc, SM_LEN_SENTENCES, 3, 0), SM_OK);
	ck_assert(doc->stages_done & SM_STAGE_SELECT);
	expect(doc, (const uint32_t[]){ 2, 3, 4 }, 3);
	/* default length (0) is 3 sentences */
	ck_assert_int_eq(sm_select_run(doc, SM_LEN_SENTENCES, 0, 0), SM_OK);
	expect(doc, (const uint32_t[]){ 2, 3, 4 }, 3);
	sm_doc_free(doc);

	/* a repeated sentence is not selected twice, even without MMR */
	const float sc2[NS] = { NAN, 10, 1, 2, 3, NAN, 9 };
	doc = make(lex, sc2);
	ck_assert_int_eq(sm_select_run(doc, SM_LEN_SENTENCES, 2, 0), SM_OK);
	expect(doc, (const uint32_t[]){ 1, 4 }, 2);
	/* more sentences asked than candidates: all non-duplicates */
	ck_assert_int_eq(sm_select_run(doc, SM_LEN_SENTENCES, 10, 0), SM_OK);
	expect(doc, (const uint32_t[]){ 1, 2, 3, 4 }, 4);
	sm_doc_free(doc);

	/* MMR: sentence 3 shares prize and cat with 1; with a strong
	 * redundancy weight the unrelated sentence 4 wins the second place */
	const float sc3[NS] = { NAN, 10, 1, 9, 8.5f, NAN, NAN };
	doc = make(lex, sc3);
	ck_assert_int_eq(sm_select_run(doc, SM_LEN_SENTENCES, 2, 0), SM_OK);
	expect(doc, (const uint32_t[]){ 1, 3 }, 2);
	ck_assert_int_eq(sm_select_run(doc, SM_LEN_SENTENCES, 2, 0.6), SM_OK);
	expect(doc, (const uint32_t[]){ 1, 4 }, 2);
	sm_doc_free(doc);

	/* ratio: 4 candidates (1..4, the duplicate unscored) */
	const float sc4[NS] = { NAN, 4, 3, 2, 1, NAN, NAN };
	doc = make(lex, sc4);
	ck_assert_int_eq(sm_select_run(doc, SM_LEN_RATIO, 0.5, 0), SM_OK);
	expect(doc, (const uint32_t[]){ 1, 2 }, 2);
	ck_assert_int_eq(sm_select_run(doc, SM_LEN_RATIO, 0.1, 0), SM_OK);
	expect(doc, (const uint32_t[]){ 1 }, 1);
	ck_assert_int_eq(sm_select_run(doc, SM_LEN_RATIO, 0.6, 0), SM_OK);
	expect(doc, (const uint32_t[]){ 1, 2, 3 }, 3);
	ck_assert_int_eq(sm_select_run(doc, SM_LEN_RATIO, 5, 0), SM_OK);
	expect(doc, (const uint32_t[]){ 1, 2, 3, 4 }, 4);

	/* word budget (words 6, 5, 5, 5): never exceeded, sentences never
	 * cut, a sentence that does not fit gives way to one that does */
	ck_assert_int_eq(sm_select_run(doc, SM_LEN_WORDS, 10, 0), SM_OK);
	expect(doc, (const uint32_t[]){ 1 }, 1);
	ck_assert_int_eq(sm_select_run(doc, SM_LEN_WORDS, 11, 0), SM_OK);
	expect(doc, (const uint32_t[]){ 1, 2 }, 2);
	ck_assert_int_eq(sm_select_run(doc, SM_LEN_WORDS, 16, 0), SM_OK);
	expect(doc, (const uint32_t[]){ 1, 2, 3 }, 3);
	ck_assert_int_eq(sm_select_run(doc, SM_LEN_WORDS, 5, 0), SM_OK);
	expect(doc, (const uint32_t[]){ 2 }, 1);
	ck_assert_int_eq(sm_select_run(doc, SM_LEN_WORDS, 4, 0), SM_OK);
	expect(doc, NULL, 0);

	/* bad arguments */
	ck_assert_int_eq(sm_select_run(NULL, SM_LEN_SENTENCES, 3, 0), SM_EINVAL);
	ck_assert_int_eq(sm_select_run(doc, 99, 3, 0), SM_EINVAL);
	sm_doc_free(doc);

	/* no body sentence: empty summary, not an error */
	const float sc5[NS] = { NAN, NAN, NAN, NAN, NAN, NAN, NAN };
	doc = make(lex, sc5);
	for (size_t i = 0; i < NS; i++)
		doc->sents[i].kind = SM_BLOCK_META;
	ck_assert_int_eq(sm_select_run(doc, SM_LEN_SENTENCES, 3, 0.3), SM_OK);
	expect(doc, NULL, 0);
	ck_assert_ptr_null(doc->summary);
	sm_doc_free(doc);
	sm_lexicon_free(lex);
}
END_TEST

START_TEST(test_sm_select_lead)
{
	sm_lexicon_t *lex = NULL;
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);
	const float sc[NS] = { NAN, 1, 2, 3, 4, NAN, 5 };
	sm_doc_t *doc = make(lex, sc);
	/* the first body sentences, title skipped, whatever the scores */
	ck_assert_int_eq(sm_select_lead(doc, 3), SM_OK);
	expect(doc, (const uint32_t[]){ 1, 2, 3 }, 3);
	ck_assert_int_eq(sm_select_lead(doc, 0), SM_OK);
	expect(doc, (const uint32_t[]){ 1, 2, 3 }, 3);
	/* the heading between 4 and 6 is skipped */
	ck_assert_int_eq(sm_select_lead(doc, 5), SM_OK);
	expect(doc, (const uint32_t[]){ 1, 2, 3, 4, 6 }, 5);
	ck_assert_int_eq(sm_select_lead(doc, 50), SM_OK);
	expect(doc, (const uint32_t[]){ 1, 2, 3, 4, 6 }, 5);
	ck_assert_int_eq(sm_select_lead(NULL, 3), SM_EINVAL);
	sm_doc_free(doc);
	sm_lexicon_free(lex);
}
END_TEST

START_TEST(test_sm_select_run_long)
{
	/* 70 distinct sentences plus a repeat of the first: a summary of
	 * every sentence (more than SM_SELECT_MMR_MAX) skips MMR but still
	 * drops the repeat, and keeps document order */
	enum { N = 71 };
	static char text[N][48];
	test_sent_t s[N];
	float sc[N];
	for (int i = 0; i < N - 1; i++) {
		snprintf(text[i], sizeof text[i], "Alpha%d beta%d gamma .", i, i);
		sc[i] = (float)(N - i);
	}
	snprintf(text[N - 1], sizeof text[N - 1], "Alpha0 beta0 gamma !");
	sc[N - 1] = 1000; /* the best score, yet a duplicate of sentence 0 */
	for (int i = 0; i < N; i++) {
		s[i].kind = SM_BLOCK_BODY;
		s[i].text = text[i];
		s[i].flags = 0;
	}
	sm_lexicon_t *lex = NULL;
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);
	sm_doc_t *doc = test_score_doc(lex, s, N);
	ck_assert_ptr_nonnull(doc);
	for (int i = 0; i < N; i++)
		doc->sents[i].score = sc[i];
	ck_assert_int_eq(sm_select_run(doc, SM_LEN_RATIO, 1.0, 0.3), SM_OK);
	ck_assert_uint_eq(doc->n_summary, N - 1);
	/* the repeat (best score) was taken first, so sentence 0 is the one
	 * dropped; order is document order */
	ck_assert_uint_eq(doc->summary[0], 1);
	ck_assert_uint_eq(doc->summary[N - 2], N - 1);
	for (size_t k = 1; k < doc->n_summary; k++)
		ck_assert_uint_lt(doc->summary[k - 1], doc->summary[k]);
	/* a 3-sentence summary of the same document: MMR path, the three
	 * best scores, the repeat standing in for sentence 0 */
	ck_assert_int_eq(sm_select_run(doc, SM_LEN_SENTENCES, 3, 0.3), SM_OK);
	expect(doc, (const uint32_t[]){ 1, 2, N - 1 }, 3);
	sm_doc_free(doc);
	sm_lexicon_free(lex);
}
END_TEST

Suite *suite_select(void)
{
	Suite *s = suite_create("select");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_sm_select_run);
	tcase_add_test(tc, test_sm_select_run_long);
	tcase_add_test(tc, test_sm_select_lead);
	suite_add_tcase(s, tc);
	return s;
}
