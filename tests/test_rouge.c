/*
 * test_rouge.c - suite "rouge": bench/rouge.c against hand-computed scores.
 *
 * Every expected value below was worked out by hand from the definitions in
 * rouge.h (rouge_score's tokenizer, clipped n-gram counts, LCS and the
 * summary-level union LCS of Lin 2004, section 3.2).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "rouge.h"
#include "suites.h"

#define EPS 1e-9

/* score - cand vs ref with or without stemming; asserts success. */
static sm_rouge_scores_t score(int stem, const char *cand, const char *ref)
{
	sm_rouge_t *r = NULL;
	sm_rouge_scores_t s;
	ck_assert_int_eq(sm_rouge_new(stem, &r), SM_OK);
	ck_assert_int_eq(sm_rouge_score(r, cand, strlen(cand), ref, strlen(ref),
					&s),
			 SM_OK);
	sm_rouge_free(r);
	return s;
}

START_TEST(test_sm_rouge_new)
{
	sm_rouge_t *r = NULL;
	ck_assert_int_eq(sm_rouge_new(0, NULL), SM_EINVAL);
	ck_assert_int_eq(sm_rouge_new(1, &r), SM_OK);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(sm_rouge_vocab_size(r), 0);
	sm_rouge_free(r);
	sm_rouge_free(NULL);
}
END_TEST

START_TEST(test_sm_rouge_score)
{
	/* the cat example: 5 of 6 unigrams, 3 of 5 bigrams, LCS 5 */
	sm_rouge_scores_t s = score(0, "The cat lay on the mat.",
				    "The cat sat on the mat.");
	ck_assert_double_eq_tol(s.r1.p, 5.0 / 6, EPS);
	ck_assert_double_eq_tol(s.r1.r, 5.0 / 6, EPS);
	ck_assert_double_eq_tol(s.r1.f, 5.0 / 6, EPS);
	ck_assert_double_eq_tol(s.r2.f, 3.0 / 5, EPS);
	ck_assert_double_eq_tol(s.rl.f, 5.0 / 6, EPS);
	ck_assert_double_eq_tol(s.rlsum.f, 5.0 / 6, EPS);

	/* empty candidate, empty reference, punctuation only: all 0 */
	s = score(0, "", "The cat sat on the mat.");
	ck_assert_double_eq(s.r1.f, 0);
	ck_assert_double_eq(s.r2.f, 0);
	ck_assert_double_eq(s.rl.f, 0);
	ck_assert_double_eq(s.rlsum.f, 0);
	s = score(1, "The cat.", "");
	ck_assert_double_eq(s.r1.f, 0);
	ck_assert_double_eq(s.rlsum.f, 0);
	s = score(0, "... !!", "-- ?");
	ck_assert_double_eq(s.r1.f, 0);

	/* clipping: "a a a" vs "a a": R1 P=2/3 R=1; R2 P=1/2 R=1 */
	s = score(0, "a a a", "a a");
	ck_assert_double_eq_tol(s.r1.p, 2.0 / 3, EPS);
	ck_assert_double_eq_tol(s.r1.r, 1.0, EPS);
	ck_assert_double_eq_tol(s.r1.f, 0.8, EPS);
	ck_assert_double_eq_tol(s.r2.p, 0.5, EPS);
	ck_assert_double_eq_tol(s.r2.f, 2.0 / 3, EPS);

	/* one-word texts have no bigram: R2 is 0, R1 is 1 */
	s = score(0, "Cat", "cat");
	ck_assert_double_eq_tol(s.r1.f, 1.0, EPS);
	ck_assert_double_eq(s.r2.f, 0);

	/*
	 * Lin (2004) summary-level example: reference sentence a b c d e,
	 * candidate sentences "a b f g h" and "a c h i e".  Union LCS is
	 * a b c e: 4 hits, R = 4/5, P = 4/10, F = 8/15.  Swapping the
	 * candidate lines leaves Lsum unchanged, while the flat LCS of
	 * "a c h i e a b f g h" with "a b c d e" is "a c e" (F = 0.4).
	 */
	s = score(0, "a b f g h\na c h i e", "a b c d e");
	ck_assert_double_eq_tol(s.rlsum.r, 0.8, EPS);
	ck_assert_double_eq_tol(s.rlsum.p, 0.4, EPS);
	ck_assert_double_eq_tol(s.rlsum.f, 8.0 / 15, EPS);
	ck_assert_double_eq_tol(s.rl.f, 8.0 / 15, EPS);
	s = score(0, "a c h i e\na b f g h", "a b c d e");
	ck_assert_double_eq_tol(s.rlsum.f, 8.0 / 15, EPS);
	ck_assert_double_eq_tol(s.rl.f, 0.4, EPS);

	/* Lsum hits are clipped by the candidate's token counts: both
	 * reference sentences match the single candidate "a", but it can be
	 * used once: 1 hit, P = 1/1, R = 1/2 */
	s = score(0, "a", "a\na");
	ck_assert_double_eq_tol(s.rlsum.p, 1.0, EPS);
	ck_assert_double_eq_tol(s.rlsum.r, 0.5, EPS);
	ck_assert_double_eq_tol(s.rlsum.f, 2.0 / 3, EPS);
	/* the backtracking tie rule: "b a" vs "a b" marks "b" (go up on a
	 * tie), so "a b / b a" against "a b / a b" makes 3 hits of 4 */
	s = score(0, "a b\na b", "a b\nb a");
	ck_assert_double_eq_tol(s.rlsum.f, 0.75, EPS);

	/* blank lines are ignored by Lsum */
	s = score(0, "\n\na b f g h\n\na c h i e\n", "a b c d e\n");
	ck_assert_double_eq_tol(s.rlsum.f, 8.0 / 15, EPS);

	/* stemming on/off: running dogs ~ run dog only with stemming;
	 * tokens of 3 characters or fewer are never stemmed */
	s = score(0, "Running dogs", "run dog");
	ck_assert_double_eq(s.r1.f, 0);
	s = score(1, "Running dogs", "run dog");
	ck_assert_double_eq_tol(s.r1.f, 1.0, EPS);
	ck_assert_double_eq_tol(s.r2.f, 1.0, EPS);
	s = score(1, "cats", "cat");
	ck_assert_double_eq_tol(s.r1.f, 1.0, EPS);

	/* the BBC reference format: sentences glued without a space still
	 * tokenize apart because '.' is a separator */
	s = score(0, "It rose 2%.Profits fell.", "it rose 2 profits fell");
	ck_assert_double_eq_tol(s.r1.f, 1.0, EPS);

	/* bad arguments */
	sm_rouge_t *r = NULL;
	ck_assert_int_eq(sm_rouge_new(0, &r), SM_OK);
	ck_assert_int_eq(sm_rouge_score(r, "a", 1, "a", 1, NULL), SM_EINVAL);
	ck_assert_int_eq(sm_rouge_score(r, NULL, 1, "a", 1, &s), SM_EINVAL);
	ck_assert_int_eq(sm_rouge_score(r, NULL, 0, NULL, 0, &s), SM_OK);
	ck_assert_double_eq(s.r1.f, 0);
	sm_rouge_free(r);
}
END_TEST

START_TEST(test_sm_rouge_tokens)
{
	sm_rouge_t *r = NULL;
	uint32_t *ids = NULL;
	size_t n = 0;
	ck_assert_int_eq(sm_rouge_new(0, &r), SM_OK);
	/* lower-cased; non-alphanumerics (incl. non-ASCII bytes) split */
	const char *t = "Hello, WORLD! caf\xc3\xa9-42 hello";
	ck_assert_int_eq(sm_rouge_tokens(r, t, strlen(t), &ids, &n), SM_OK);
	ck_assert_uint_eq(n, 5);
	ck_assert_uint_eq(ids[0], ids[4]);           /* Hello == hello */
	ck_assert_uint_eq(sm_rouge_vocab_size(r), 4); /* hello world caf 42 */
	free(ids);
	ck_assert_int_eq(sm_rouge_tokens(r, "", 0, &ids, &n), SM_OK);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(ids);
	ck_assert_int_eq(sm_rouge_tokens(r, "x", 1, NULL, &n), SM_EINVAL);
	sm_rouge_free(r);

	/* with stemming, "generously" and "generous" share one id */
	ck_assert_int_eq(sm_rouge_new(1, &r), SM_OK);
	t = "generously generous";
	ck_assert_int_eq(sm_rouge_tokens(r, t, strlen(t), &ids, &n), SM_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(ids[0], ids[1]);
	free(ids);
	sm_rouge_free(r);
}
END_TEST

START_TEST(test_sm_rouge_f1)
{
	ck_assert_double_eq(sm_rouge_f1(0, 0), 0);
	ck_assert_double_eq_tol(sm_rouge_f1(0.5, 1.0), 2.0 / 3, EPS);
}
END_TEST

Suite *suite_rouge(void)
{
	Suite *s = suite_create("rouge");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_sm_rouge_new);
	tcase_add_test(tc, test_sm_rouge_score);
	tcase_add_test(tc, test_sm_rouge_tokens);
	tcase_add_test(tc, test_sm_rouge_f1);
	suite_add_tcase(s, tc);
	return s;
}
