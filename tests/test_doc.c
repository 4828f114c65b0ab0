/* test_doc.c - document lifecycle, input, offset mapping, dates. */
#include <string.h>

#include "doc.h"
#include "ingest.h"
#include "normalize.h"
#include "suites.h"

START_TEST(test_doc_new)
{
	sm_doc_t *d = NULL;
	ck_assert_int_eq(sm_doc_new(NULL), SM_EINVAL);
	ck_assert_int_eq(sm_doc_new(&d), SM_OK);
	ck_assert_ptr_nonnull(d->arena);
	ck_assert_int_eq(d->title_block, -1);
	ck_assert_uint_eq(d->n_toks, 0);
	sm_doc_free(d);
	sm_doc_free(NULL);
}
END_TEST

START_TEST(test_doc_free)
{
	sm_doc_t *d = NULL;
	ck_assert_int_eq(sm_doc_new(&d), SM_OK);
	ck_assert_int_eq(sm_doc_set_input(d, "abc", 3, "x", NULL, NULL), SM_OK);
	sm_doc_free(d); /* frees the arena with the input in it */
	sm_doc_free(NULL);
}
END_TEST

START_TEST(test_doc_reset)
{
	sm_doc_t *d = NULL;
	ck_assert_int_eq(sm_doc_new(&d), SM_OK);
	ck_assert_int_eq(sm_doc_set_input(d, "Hello.", 6, "a", "T", "2025-09-05"), SM_OK);
	ck_assert_int_eq(sm_ingest_run(d), SM_OK);
	sm_doc_reset(d);
	ck_assert_ptr_null(d->orig);
	ck_assert_ptr_null(d->id);
	ck_assert_uint_eq(d->stages_done, 0);
	ck_assert_int_eq(d->date.year, 0);
	ck_assert_ptr_nonnull(d->arena);
	sm_doc_free(d);
}
END_TEST

START_TEST(test_doc_set_input)
{
	sm_doc_t *d = NULL;
	ck_assert_int_eq(sm_doc_new(&d), SM_OK);
	const char in[] = "a\0b";
	ck_assert_int_eq(sm_doc_set_input(d, in, 3, "id-1", "Title", "26-FEB-1987 15:01:01.79"), SM_OK);
	ck_assert_uint_eq(d->orig_len, 3);
	ck_assert_int_eq(memcmp(d->orig, in, 3), 0);
	ck_assert_ptr_ne(d->orig, in); /* copied */
	ck_assert_str_eq(d->id, "id-1");
	ck_assert_str_eq(d->given_title, "Title");
	ck_assert_int_eq(d->date.year, 1987);
	ck_assert_int_eq(d->date.month, 2);
	ck_assert_int_eq(d->date.day, 26);
	ck_assert_int_eq(sm_doc_set_input(d, NULL, 0, NULL, NULL, NULL), SM_OK);
	ck_assert_uint_eq(d->orig_len, 0);
	ck_assert_int_eq(sm_doc_set_input(d, NULL, 5, NULL, NULL, NULL), SM_EINVAL);
	ck_assert_int_eq(sm_doc_set_input(NULL, "x", 1, NULL, NULL, NULL), SM_EINVAL);
	sm_doc_free(d);
}
END_TEST

START_TEST(test_doc_orig_span)
{
	/* "A\xe2\x80\x99s  b" -> norm "A's b": spans map to exact input bytes. */
	sm_doc_t *d = NULL;
	const char in[] = "A\xe2\x80\x99s  b\r\n";
	ck_assert_int_eq(sm_doc_new(&d), SM_OK);
	ck_assert_int_eq(sm_doc_set_input(d, in, strlen(in), NULL, NULL, NULL), SM_OK);
	ck_assert_int_eq(sm_ingest_run(d), SM_OK);
	ck_assert_int_eq(sm_normalize_run(d), SM_OK);
	ck_assert_str_eq(d->norm, "A's b"); /* trailing line ends dropped */
	sm_span_t s = sm_doc_orig_span(d, 0, 3); /* "A's" */
	ck_assert_uint_eq(s.start, 0);
	ck_assert_uint_eq(s.end, 5);
	s = sm_doc_orig_span(d, 4, 5); /* "b" */
	ck_assert_uint_eq(s.start, 7);
	ck_assert_uint_eq(s.end, 8);
	s = sm_doc_orig_span(d, 0, 5); /* trailing whitespace never included */
	ck_assert_uint_eq(s.end, 8);
	s = sm_doc_orig_span(d, 2, 2);
	ck_assert_uint_eq(s.start, s.end);
	/* UTF-16 (LE, then BE): the trailing CR LF is two 2-byte units, and
	 * the span ends right after the period's unit. */
	static const char le[] = "\xff\xfeH\0i\0.\0\r\0\n\0";
	static const char be[] = "\xfe\xff\0H\0i\0.\0\r\0\n";
	for (int k = 0; k < 2; k++) {
		ck_assert_int_eq(sm_doc_set_input(d, k ? be : le, sizeof le - 1, NULL, NULL, NULL), SM_OK);
		ck_assert_int_eq(sm_ingest_run(d), SM_OK);
		ck_assert_int_eq(sm_normalize_run(d), SM_OK);
		ck_assert_str_eq(d->norm, "Hi.");
		s = sm_doc_orig_span(d, 0, 3);
		ck_assert_uint_eq(s.start, 2);
		ck_assert_uint_eq(s.end, 8);
		s = sm_doc_orig_span(d, 2, 3);
		ck_assert_uint_eq(s.start, 6);
		ck_assert_uint_eq(s.end, 8);
	}
	sm_doc_free(d);
}
END_TEST

START_TEST(test_date_parse)
{
	sm_date_t dt;
	static const struct {
		const char *in;
		int y, m, d;
	} ok[] = {
		{ "date 2025-09-05 Russia", 2025, 9, 5 },
		{ "26-FEB-1987 15:01:01.79", 1987, 2, 26 },
		{ "Published 5 September 2025", 2025, 9, 5 },
		{ "September 5, 2025", 2025, 9, 5 },
		{ "Sept. 5 2025", 2025, 9, 5 },
		{ "2004/12/31", 2004, 12, 31 },
		{ "2024-02-29", 2024, 2, 29 },   /* leap years */
		{ "29 February 2000", 2000, 2, 29 },
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		memset(&dt, 0, sizeof dt);
		ck_assert_msg(sm_date_parse(ok[i].in, strlen(ok[i].in), &dt) == 1, "%s", ok[i].in);
		ck_assert_int_eq(dt.year, ok[i].y);
		ck_assert_int_eq(dt.month, ok[i].m);
		ck_assert_int_eq(dt.day, ok[i].d);
	}
	static const char *const bad[] = { "", "no date here", "2025-13-05", "May I", "12345-01-01",
					   /* days the month does not have */
					   "2025-02-30", "2025-04-31", "31 June 2025", "2023-02-29",
					   "February 29, 1900" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(sm_date_parse(bad[i], strlen(bad[i]), &dt) == 0, "%s", bad[i]);
}
END_TEST

START_TEST(test_doc_tok_text)
{
	sm_doc_t *d = NULL;
	sm_token_t t;
	ck_assert_int_eq(sm_doc_new(&d), SM_OK);
	memset(&t, 0, sizeof t);
	d->norm = "hello world";
	d->norm_len = 11;
	t.norm = 6;
	t.norm_len = 5;
	d->toks = &t;
	d->n_toks = 1;
	sm_str_t s = sm_doc_tok_text(d, 0);
	ck_assert_uint_eq(s.len, 5);
	ck_assert_int_eq(memcmp(s.p, "world", 5), 0);
	d->toks = NULL;
	sm_doc_free(d);
}
END_TEST

Suite *suite_doc(void)
{
	Suite *s = suite_create("doc");
	SM_TEST_ADD(s, test_doc_new);
	SM_TEST_ADD(s, test_doc_free);
	SM_TEST_ADD(s, test_doc_reset);
	SM_TEST_ADD(s, test_doc_set_input);
	SM_TEST_ADD(s, test_doc_orig_span);
	SM_TEST_ADD(s, test_date_parse);
	SM_TEST_ADD(s, test_doc_tok_text);
	return s;
}
