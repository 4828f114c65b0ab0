/* test_normalize.c - NFKC, folding, whitespace, and the map to the input. */
#include <string.h>

#include "doc.h"
#include "ingest.h"
#include "normalize.h"
#include "suites.h"

static sm_doc_t *norm_of(const char *in)
{
	sm_doc_t *d = NULL;
	ck_assert_int_eq(sm_doc_new(&d), SM_OK);
	ck_assert_int_eq(sm_doc_set_input(d, in, strlen(in), NULL, NULL, NULL), SM_OK);
	ck_assert_int_eq(sm_ingest_run(d), SM_OK);
	ck_assert_int_eq(sm_normalize_run(d), SM_OK);
	return d;
}

START_TEST(test_normalize_run)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "world\xe2\x80\x99s \xe2\x80\x9c" "equal\xe2\x80\x9d", "world's \"equal\"" },
		{ "a\xe2\x80\x93" "b \xe2\x80\x94 c\xe2\x80\xa6", "a-b -- c..." },
		{ "no\xc2\xa0" "break\xe2\x80\x8bzero", "no breakzero" },
		{ "\xef\xac\x81" "ne \xef\xbc\x91\xef\xbc\x92", "fine 12" },     /* NFKC */
		{ "cafe\xcc\x81", "caf\xc3\xa9" },                               /* compose */
		{ "  a \t  b  \n\n\n\n c  ", "a b\n\n c" },                       /* spaces */
		{ "line\x01one", "line one" },
		/* character references of scraped news; other ampersands kept */
		{ "H&amp;R Block &#233;t&eacute; &lt;x&gt; &#xE9;&#X41;", "H&R Block \xc3\xa9t\xc3\xa9 <x> \xc3\xa9" "A" },
		{ "AT&T R&D; &amp &#0; &#xd800; &#1114112; &bogus; &", "AT&T R&D; &amp &#0; &#xd800; &#1114112; &bogus; &" },
		{ "a&nbsp;b&#8220;c&rdquo;&mdash;d&#10;e", "a b\"c\"--d\ne" },
		{ "don&#146;t &#128;5 &#129;x", "don't \xe2\x82\xac" "5 x" }, /* Windows-1252 */
		/* a decoded space or line end after a space: one, as for the
		 * characters themselves (the fast path must agree) */
		{ "0123456789abcdef0123 &nbsp;x 0123456789abcdef0123 &#10;y", "0123456789abcdef0123 x 0123456789abcdef0123\ny" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		sm_doc_t *d = norm_of(cases[i].in);
		ck_assert_msg(strcmp(d->norm, cases[i].out) == 0, "case %zu: got '%s'", i, d->norm);
		ck_assert_uint_eq(d->norm_map[d->norm_len], d->orig_len);
		for (size_t k = 1; k < d->norm_len; k++)
			ck_assert_uint_le(d->norm_map[k - 1], d->norm_map[k]);
		sm_doc_free(d);
	}
}
END_TEST

START_TEST(test_normalize_map)
{
	/* a character reference maps every byte it decodes to to its '&' */
	{
		sm_doc_t *d = norm_of("H&amp;R &#233;!");
		ck_assert_str_eq(d->norm, "H&R \xc3\xa9!");
		ck_assert_uint_eq(d->norm_map[1], 1);
		ck_assert_uint_eq(d->norm_map[2], 6);
		ck_assert_uint_eq(d->norm_map[4], 8);
		ck_assert_uint_eq(d->norm_map[5], 8);
		ck_assert_uint_eq(d->norm_map[6], 14);
		sm_doc_free(d);
	}
	/* Every byte of a folded character maps to the character's start. */
	sm_doc_t *d = norm_of("x\xe2\x80\xa6y");
	ck_assert_str_eq(d->norm, "x...y");
	ck_assert_uint_eq(d->norm_map[1], 1);
	ck_assert_uint_eq(d->norm_map[3], 1);
	ck_assert_uint_eq(d->norm_map[4], 4);
	sm_doc_free(d);
	/* Through ingest repairs too (CRLF, invalid byte). */
	d = norm_of("a\r\nb\xff" "c");
	ck_assert_str_eq(d->norm, "a\nb\xef\xbf\xbd" "c");
	ck_assert_uint_eq(d->norm_map[2], 3);
	ck_assert_uint_eq(d->norm_map[3], 4);
	ck_assert_uint_eq(d->norm_map[6], 5);
	sm_doc_free(d);
}
END_TEST

/* The bulk copy of plain ASCII stops exactly where the byte-wise rules
 * start: a double space, a space before a line end or a control, a
 * combining mark on the run's last letter, the end of the input, at any
 * position in the 16-byte blocks the scan reads. */
START_TEST(test_normalize_run_ends)
{
	static const struct {
		const char *x, *y; /* tail after the prefix, its normal form */
		uint32_t at[3];    /* orig offsets of y's bytes, from the tail */
	} tails[] = {
		{ "  b", " b", { 0, 2 } },
		{ " \nb", "\nb", { 1, 2 } },
		{ " \x01" "b", " b", { 0, 2 } },
		{ "e\xcc\x81", "\xc3\xa9", { 0, 0 } },
		{ " ", "", { 0 } },
		{ "", "", { 0 } },
	};
	char in[64], want[64];
	for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++) {
		for (size_t pre = 1; pre <= 40; pre++) {
			test_run_input(in, want, pre, tails[t].x, tails[t].y);
			sm_doc_t *d = norm_of(in);
			ck_assert_msg(strcmp(d->norm, want) == 0, "tail %zu, pre %zu: got '%s'", t, pre, d->norm);
			for (size_t i = 0; i < pre; i++)
				ck_assert_uint_eq(d->norm_map[i], i);
			for (size_t i = 0; tails[t].y[i]; i++)
				ck_assert_uint_eq(d->norm_map[pre + i], pre + tails[t].at[i]);
			ck_assert_uint_eq(d->norm_map[d->norm_len], d->orig_len);
			sm_doc_free(d);
		}
	}
}
END_TEST

START_TEST(test_normalize_key)
{
	char buf[64];
	size_t n = sm_normalize_key(buf, sizeof buf, "Kyiv", 4);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(memcmp(buf, "kyiv", 4), 0);
	n = sm_normalize_key(buf, sizeof buf, "STRA\xc3\x9f" "E", 7); /* STRASSE */
	ck_assert_uint_eq(n, 7);
	ck_assert_int_eq(memcmp(buf, "strasse", 7), 0);
	n = sm_normalize_key(buf, sizeof buf, "\xc3\x89T\xc3\x89", 5); /* ÉTÉ */
	ck_assert_uint_eq(n, 5);
	ck_assert_int_eq(memcmp(buf, "\xc3\xa9t\xc3\xa9", 5), 0);
	/* Too small a buffer: the full length is returned. */
	n = sm_normalize_key(buf, 2, "ABCD", 4);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(memcmp(buf, "ab", 2), 0);
	/* NULL dst measures (even with a cap); NULL text is the empty key. */
	ck_assert_uint_eq(sm_normalize_key(NULL, 16, "ABCD", 4), 4);
	ck_assert_uint_eq(sm_normalize_key(NULL, 16, "\xc3\x89T\xc3\x89", 5), 5);
	ck_assert_uint_eq(sm_normalize_key(buf, sizeof buf, NULL, 3), 0);
}
END_TEST

Suite *suite_normalize(void)
{
	Suite *s = suite_create("normalize");
	SM_TEST_ADD(s, test_normalize_run);
	SM_TEST_ADD(s, test_normalize_map);
	SM_TEST_ADD(s, test_normalize_run_ends);
	SM_TEST_ADD(s, test_normalize_key);
	return s;
}
