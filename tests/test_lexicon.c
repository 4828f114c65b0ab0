/* test_lexicon.c - interning. */
#include <stdio.h>
#include <string.h>

#include "lexicon.h"
#include "suites.h"

START_TEST(test_lexicon_new)
{
	sm_lexicon_t *lex = NULL;
	ck_assert_int_eq(sm_lexicon_new(NULL), SM_EINVAL);
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);
	ck_assert_uint_eq(sm_lexicon_size(lex), 0);
	sm_lexicon_free(lex);
	sm_lexicon_free(NULL);
}
END_TEST

START_TEST(test_lexicon_intern)
{
	sm_lexicon_t *lex = NULL;
	uint32_t a, b, c, e;
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);
	ck_assert_int_eq(sm_lexicon_intern(lex, "cat", 3, &a), SM_OK);
	ck_assert_int_eq(sm_lexicon_intern(lex, "dog", 3, &b), SM_OK);
	ck_assert_int_eq(sm_lexicon_intern(lex, "cat", 3, &c), SM_OK);
	ck_assert_int_eq(sm_lexicon_intern(lex, "", 0, &e), SM_OK);
	ck_assert_int_eq(sm_lexicon_intern(lex, NULL, 0, &c), SM_OK);   /* "" too */
	ck_assert_uint_eq(c, e);
	ck_assert_int_eq(sm_lexicon_intern(lex, "cat", 3, &c), SM_OK);
	ck_assert_uint_eq(a, 1);
	ck_assert_uint_eq(b, 2);
	ck_assert_uint_eq(c, a);
	ck_assert_uint_eq(e, 3);
	/* Many ids force several rehashes; all stay findable. */
	char buf[32];
	for (int i = 0; i < 50000; i++) {
		int n = snprintf(buf, sizeof buf, "w%d", i);
		uint32_t id;
		ck_assert_int_eq(sm_lexicon_intern(lex, buf, (size_t)n, &id), SM_OK);
		ck_assert_uint_eq(id, (uint32_t)i + 4);
	}
	ck_assert_uint_eq(sm_lexicon_find(lex, "w49999", 6), 50003);
	ck_assert_uint_eq(sm_lexicon_find(lex, "cat", 3), 1);
	ck_assert_int_eq(sm_lexicon_intern(lex, NULL, 1, &a), SM_EINVAL);
	sm_lexicon_free(lex);

	/* Slots decide strings of up to 8 bytes by head and length: strings
	 * that differ only in zero padding, or share their first 8 bytes,
	 * are still told apart. */
	static const struct { const char *p; size_t len; } K[] = {
		{ "", 0 }, { "\0", 1 }, { "\0\0", 2 }, { "a", 1 }, { "a\0", 2 },
		{ "abcdefgh", 8 }, { "abcdefgh\0", 9 }, { "abcdefghi", 9 },
		{ "abcdefghj", 9 }, { "abcdefghijklmnop", 16 },
		{ "abcdefghijklmnoq", 16 }, { "abcdefghijklmnopq", 17 },
		{ "abcdefghijklmnopqrstuvwxyz0123456789", 36 }
	};
	enum { NK = sizeof K / sizeof K[0] };
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);
	for (int round = 0; round < 2; round++)
		for (size_t k = 0; k < NK; k++) {
			ck_assert_int_eq(sm_lexicon_intern(lex, K[k].p, K[k].len, &a), SM_OK);
			ck_assert_uint_eq(a, (uint32_t)k + 1);
			ck_assert_uint_eq(sm_lexicon_find(lex, K[k].p, K[k].len), a);
		}
	ck_assert_uint_eq(sm_lexicon_size(lex), NK);
	sm_lexicon_free(lex);
}
END_TEST

START_TEST(test_lexicon_find)
{
	sm_lexicon_t *lex = NULL;
	uint32_t a;
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);
	ck_assert_uint_eq(sm_lexicon_find(lex, "x", 1), 0);
	ck_assert_int_eq(sm_lexicon_intern(lex, "x", 1, &a), SM_OK);
	ck_assert_uint_eq(sm_lexicon_find(lex, "x", 1), a);
	ck_assert_uint_eq(sm_lexicon_find(lex, "xy", 2), 0);
	sm_lexicon_free(lex);
}
END_TEST

START_TEST(test_lexicon_str)
{
	sm_lexicon_t *lex = NULL;
	uint32_t a;
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);
	ck_assert_int_eq(sm_lexicon_intern(lex, "Kyiv", 4, &a), SM_OK);
	sm_str_t s = sm_lexicon_str(lex, a);
	ck_assert_uint_eq(s.len, 4);
	ck_assert_int_eq(memcmp(s.p, "Kyiv", 4), 0);
	ck_assert_ptr_null(sm_lexicon_str(lex, 0).p);
	ck_assert_ptr_null(sm_lexicon_str(lex, 99).p);
	sm_lexicon_free(lex);
}
END_TEST

START_TEST(test_lexicon_info)
{
	sm_lexicon_t *lex = NULL;
	uint32_t a;
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);
	ck_assert_int_eq(sm_lexicon_intern(lex, "run", 3, &a), SM_OK);
	sm_lexinfo_t *info = sm_lexicon_info(lex, a);
	ck_assert_ptr_nonnull(info);
	ck_assert_uint_eq(info->flags, 0);
	info->stem = 7;
	ck_assert_uint_eq(sm_lexicon_info(lex, a)->stem, 7);
	ck_assert_ptr_null(sm_lexicon_info(lex, 0));
	sm_lexicon_free(lex);
}
END_TEST

START_TEST(test_lexicon_clear)
{
	sm_lexicon_t *lex = NULL;
	uint32_t a;
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);
	ck_assert_int_eq(sm_lexicon_intern(lex, "a", 1, &a), SM_OK);
	sm_lexicon_clear(lex);
	ck_assert_uint_eq(sm_lexicon_size(lex), 0);
	ck_assert_uint_eq(sm_lexicon_find(lex, "a", 1), 0);
	ck_assert_int_eq(sm_lexicon_intern(lex, "b", 1, &a), SM_OK);
	ck_assert_uint_eq(a, 1);
	sm_lexicon_free(lex);
}
END_TEST

START_TEST(test_lexicon_size)
{
	sm_lexicon_t *lex = NULL;
	uint32_t a;
	ck_assert_uint_eq(sm_lexicon_size(NULL), 0);
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);
	ck_assert_int_eq(sm_lexicon_intern(lex, "a", 1, &a), SM_OK);
	ck_assert_int_eq(sm_lexicon_intern(lex, "a", 1, &a), SM_OK);
	ck_assert_uint_eq(sm_lexicon_size(lex), 1);
	sm_lexicon_free(lex);
}
END_TEST

/* Prefetched keys give the ids plain interning gives, also when the
 * table grows between the prefetch and the intern. */
START_TEST(test_lexicon_intern_key)
{
	sm_lexicon_t *lex = NULL;
	sm_lexkey_t k[3];
	uint32_t a, id;
	static const char *const W[3] = { "Kyiv", "royalties-sharing", "" };
	sm_lexicon_prefetch(NULL, "x", 1, NULL);
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);
	ck_assert_int_eq(sm_lexicon_intern(lex, "Kyiv", 4, &a), SM_OK);
	for (int i = 0; i < 3; i++)
		sm_lexicon_prefetch(lex, W[i], strlen(W[i]), &k[i]);
	char buf[32];
	for (int i = 0; i < 5000; i++) {
		int n = snprintf(buf, sizeof buf, "w%d", i);
		ck_assert_int_eq(sm_lexicon_intern(lex, buf, (size_t)n, &id), SM_OK);
	}
	ck_assert_int_eq(sm_lexicon_intern_key(lex, W[0], 4, &k[0], &id), SM_OK);
	ck_assert_uint_eq(id, a);
	ck_assert_int_eq(sm_lexicon_intern_key(lex, W[1], strlen(W[1]), &k[1], &id), SM_OK);
	ck_assert_uint_eq(id, 5002);
	ck_assert_uint_eq(sm_lexicon_find(lex, W[1], strlen(W[1])), 5002);
	ck_assert_int_eq(sm_lexicon_intern_key(lex, W[2], 0, &k[2], &id), SM_OK);
	ck_assert_uint_eq(id, 5003);
	ck_assert_int_eq(sm_lexicon_intern(lex, "", 0, &a), SM_OK);
	ck_assert_uint_eq(a, 5003);
	ck_assert_int_eq(sm_lexicon_intern_key(lex, W[0], 4, NULL, &id), SM_EINVAL);
	ck_assert_int_eq(sm_lexicon_intern_key(NULL, W[0], 4, &k[0], &id), SM_EINVAL);
	sm_lexicon_free(lex);
}
END_TEST

Suite *suite_lexicon(void)
{
	Suite *s = suite_create("lexicon");
	SM_TEST_ADD(s, test_lexicon_new);
	SM_TEST_ADD(s, test_lexicon_intern);
	SM_TEST_ADD(s, test_lexicon_intern_key);
	SM_TEST_ADD(s, test_lexicon_find);
	SM_TEST_ADD(s, test_lexicon_str);
	SM_TEST_ADD(s, test_lexicon_info);
	SM_TEST_ADD(s, test_lexicon_clear);
	SM_TEST_ADD(s, test_lexicon_size);
	return s;
}
