/* test_ingest.c - bytes to valid UTF-8: repairs, BOMs, line ends, NUL. */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "ingest.h"
#include "suites.h"

/* Ingest (p, len); returns the status and leaves the doc in *out. */
static int ingest(const char *p, size_t len, sm_doc_t **out)
{
	sm_doc_t *d = NULL;
	ck_assert_int_eq(sm_doc_new(&d), SM_OK);
	ck_assert_int_eq(sm_doc_set_input(d, p, len, NULL, NULL, NULL), SM_OK);
	*out = d;
	return sm_ingest_run(d);
}

/* Every text byte maps inside the input and the map never decreases. */
static void check_map(const sm_doc_t *d)
{
	if (!d->text_map)
		return;
	for (size_t i = 0; i < d->text_len; i++) {
		ck_assert_uint_lt(d->text_map[i], d->orig_len);
		if (i)
			ck_assert_uint_le(d->text_map[i - 1], d->text_map[i]);
	}
	ck_assert_uint_eq(d->text_map[d->text_len], d->orig_len);
}

START_TEST(test_ingest_run)
{
	sm_doc_t *d;
	/* Clean input: aliased, no map. */
	ck_assert_int_eq(ingest("Hello world.\n", 13, &d), SM_OK);
	ck_assert_ptr_eq(d->text, d->orig);
	ck_assert_ptr_null(d->text_map);
	ck_assert_uint_eq(d->n_replaced, 0);
	ck_assert(d->stages_done & SM_STAGE_INGEST);
	sm_doc_free(d);
}
END_TEST

START_TEST(test_ingest_invalid_utf8)
{
	sm_doc_t *d;
	/* lone continuation, overlong '/', surrogate, truncated 3-byte, > U+10FFFF */
	const char in[] = "a\x80" "b\xc0\xaf" "c\xed\xa0\x80" "d\xe2\x82" "e\xf4\x90\x80\x80" "f";
	ck_assert_int_eq(ingest(in, sizeof in - 1, &d), SM_OK);
	ck_assert_str_eq(d->text, "a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd" "c\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
				  "d\xef\xbf\xbd" "e\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "f");
	ck_assert_uint_eq(d->n_replaced, 11);
	check_map(d);
	/* 'f' maps to its own input byte */
	ck_assert_uint_eq(d->text_map[d->text_len - 1], sizeof in - 2);
	sm_doc_free(d);
}
END_TEST

START_TEST(test_ingest_crlf_bom)
{
	sm_doc_t *d;
	const char in[] = "\xef\xbb\xbfOne.\r\nTwo.\rThree.";
	ck_assert_int_eq(ingest(in, sizeof in - 1, &d), SM_OK);
	ck_assert_str_eq(d->text, "One.\nTwo.\nThree.");
	ck_assert_int_eq(d->had_bom, 1);
	ck_assert_uint_eq(d->n_cr, 2);
	check_map(d);
	ck_assert_uint_eq(d->text_map[0], 3); /* after the BOM */
	ck_assert_uint_eq(d->text_map[4], 8); /* the LF of CRLF */
	sm_doc_free(d);
}
END_TEST

START_TEST(test_ingest_nul)
{
	sm_doc_t *d;
	const char in[] = "Before\0after.";
	ck_assert_int_eq(ingest(in, sizeof in - 1, &d), SM_OK);
	ck_assert_str_eq(d->text, "Before\xef\xbf\xbd" "after.");
	ck_assert_uint_eq(d->n_nul, 1);
	ck_assert_uint_eq(d->text_len, 15); /* nothing truncated */
	sm_doc_free(d);
}
END_TEST

START_TEST(test_ingest_utf16)
{
	sm_doc_t *d;
	/* UTF-16LE with BOM: "Hi\u2019\r\n" */
	const char le[] = "\xff\xfeH\0i\0\x19\x20\r\0\n\0";
	ck_assert_int_eq(ingest(le, sizeof le - 1, &d), SM_OK);
	ck_assert_str_eq(d->text, "Hi\xe2\x80\x99\n");
	ck_assert_int_eq(d->encoding, SM_ENC_UTF16LE);
	check_map(d);
	sm_doc_free(d);
	const char be[] = "\xfe\xff\0O\0k\xd8\x3d\xde\x00";
	ck_assert_int_eq(ingest(be, sizeof be - 1, &d), SM_OK);
	ck_assert_str_eq(d->text, "Ok\xf0\x9f\x98\x80");
	ck_assert_int_eq(d->encoding, SM_ENC_UTF16BE);
	sm_doc_free(d);
	/* UTF-32 is refused clearly. */
	ck_assert_int_eq(ingest("\xff\xfe\0\0H\0\0\0", 8, &d), SM_ENCODING);
	sm_doc_free(d);
}
END_TEST

START_TEST(test_ingest_empty_binary)
{
	sm_doc_t *d;
	ck_assert_int_eq(ingest("", 0, &d), SM_EEMPTY);
	sm_doc_free(d);
	ck_assert_int_eq(ingest(" \n\t\r\n ", 6, &d), SM_EEMPTY);
	sm_doc_free(d);
	/* Only punctuation is text, not empty. */
	ck_assert_int_eq(ingest("?!...", 5, &d), SM_OK);
	sm_doc_free(d);
	char bin[4096];
	unsigned x = 12345;
	for (size_t i = 0; i < sizeof bin; i++) {
		x = x * 1103515245u + 12345u;
		bin[i] = (char)(x >> 16);
	}
	ck_assert_int_eq(ingest(bin, sizeof bin, &d), SM_EBINARY);
	sm_doc_free(d);
}
END_TEST

/* Runs copied in bulk end exactly at what needs work: CR, NUL, a
 * multi-byte or invalid character, or the end of the input, wherever that
 * falls in the 16-byte blocks and 8-byte words the scans read. */
START_TEST(test_ingest_run_ends)
{
	static const struct {
		const char *x, *y; /* input tail, its text */
		size_t xlen, ylen;
		uint32_t at[4];    /* orig offsets of y's bytes, from the tail */
	} tails[] = {
		{ "\r\nb", "\nb", 3, 2, { 1, 2 } },
		{ "\rb", "\nb", 2, 2, { 0, 1 } },
		{ "\0b", "\xef\xbf\xbd" "b", 2, 4, { 0, 0, 0, 1 } },
		{ "\xc3\xa9", "\xc3\xa9", 2, 2, { 0, 0 } },
		{ "\xff" "b", "\xef\xbf\xbd" "b", 2, 4, { 0, 0, 0, 1 } },
		{ "\r", "\n", 1, 1, { 0 } },
	};
	char in[64], want[64];
	for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++) {
		for (size_t pre = 0; pre <= 40; pre++) {
			sm_doc_t *d;
			/* pre plain bytes, the tail, and the tail again, so a
			 * run ends at the input's end too */
			for (size_t i = 0; i < pre; i++)
				in[i] = "Ab\tc."[i % 5];
			memcpy(in + pre, tails[t].x, tails[t].xlen);
			memcpy(in + pre + tails[t].xlen, tails[t].x, tails[t].xlen);
			size_t len = pre + 2 * tails[t].xlen;
			int rc = ingest(in, len, &d);
			/* "\r\r" alone is white space: the layer is still made */
			ck_assert(rc == SM_OK || (rc == SM_EEMPTY && pre == 0));
			memcpy(want, in, pre);
			memcpy(want + pre, tails[t].y, tails[t].ylen);
			memcpy(want + pre + tails[t].ylen, tails[t].y, tails[t].ylen);
			ck_assert_uint_eq(d->text_len, pre + 2 * tails[t].ylen);
			ck_assert_int_eq(memcmp(d->text, want, d->text_len), 0);
			check_map(d);
			/* a NULL map (clean input) is the identity */
			const uint32_t *m = d->text_map;
			for (size_t i = 0; m && i < pre; i++)
				ck_assert_uint_eq(m[i], i);
			for (size_t i = 0; m && i < tails[t].ylen; i++) {
				ck_assert_uint_eq(m[pre + i], pre + tails[t].at[i]);
				ck_assert_uint_eq(m[pre + tails[t].ylen + i],
						  pre + tails[t].xlen + tails[t].at[i]);
			}
			sm_doc_free(d);
		}
	}
}
END_TEST

Suite *suite_ingest(void)
{
	Suite *s = suite_create("ingest");
	SM_TEST_ADD(s, test_ingest_run);
	SM_TEST_ADD(s, test_ingest_invalid_utf8);
	SM_TEST_ADD(s, test_ingest_crlf_bom);
	SM_TEST_ADD(s, test_ingest_nul);
	SM_TEST_ADD(s, test_ingest_utf16);
	SM_TEST_ADD(s, test_ingest_empty_binary);
	SM_TEST_ADD(s, test_ingest_run_ends);
	return s;
}
