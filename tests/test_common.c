/* test_common.c - status messages, the arena and the output buffer. */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "suites.h"

START_TEST(test_strerror)
{
	/* Every code has its own message; unknown codes are named so. */
	for (int s = SM_OK; s >= SM_STATUS_MIN; s--) {
		const char *m = sm_strerror(s);
		ck_assert_ptr_nonnull(m);
		ck_assert_str_ne(m, "unknown error");
		for (int t = SM_OK; t > s; t--)
			ck_assert_str_ne(m, sm_strerror(t));
	}
	ck_assert_str_eq(sm_strerror(SM_STATUS_MIN - 1), "unknown error");
	ck_assert_str_eq(sm_strerror(1), "unknown error");
	ck_assert_str_eq(sm_strerror(SM_ENOMEM), "out of memory");
}
END_TEST

START_TEST(test_arena_alloc)
{
	sm_arena_t *a = NULL;
	ck_assert_int_eq(sm_arena_new(&a), SM_OK);
	char *p = sm_arena_alloc(a, 10);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq((uintptr_t)p % 16, 0);
	memset(p, 'x', 10);
	/* A request larger than a block gets a block of its own. */
	char *big = sm_arena_alloc(a, (size_t)1 << 20);
	ck_assert_ptr_nonnull(big);
	memset(big, 1, (size_t)1 << 20);
	ck_assert_int_eq(p[9], 'x');
	ck_assert_ptr_null(sm_arena_alloc(a, 0));
	ck_assert_ptr_null(sm_arena_alloc(a, SIZE_MAX));
	ck_assert_uint_ge(sm_arena_used(a), ((size_t)1 << 20) + 10);
	sm_arena_free(a);
	sm_arena_free(NULL);
	ck_assert_int_eq(sm_arena_new(NULL), SM_EINVAL);
}
END_TEST

START_TEST(test_arena_calloc)
{
	sm_arena_t *a = NULL;
	ck_assert_int_eq(sm_arena_new(&a), SM_OK);
	int *v = sm_arena_calloc(a, 100, sizeof(int));
	ck_assert_ptr_nonnull(v);
	for (int i = 0; i < 100; i++)
		ck_assert_int_eq(v[i], 0);
	/* n * size overflows: refused, not wrapped. */
	ck_assert_ptr_null(sm_arena_calloc(a, SIZE_MAX / 2, 4));
	sm_arena_free(a);
}
END_TEST

START_TEST(test_arena_grow)
{
	sm_arena_t *a = NULL;
	ck_assert_int_eq(sm_arena_new(&a), SM_OK);
	char *p = sm_arena_alloc(a, 16);
	memcpy(p, "0123456789abcdef", 16);
	/* The last allocation grows in place. */
	char *q = sm_arena_grow(a, p, 16, 64);
	ck_assert_ptr_eq(p, q);
	/* After another allocation it must move, keeping its bytes. */
	char *other = sm_arena_alloc(a, 8);
	ck_assert_ptr_nonnull(other);
	char *r = sm_arena_grow(a, q, 64, 128);
	ck_assert_ptr_ne(r, q);
	ck_assert_int_eq(memcmp(r, "0123456789abcdef", 16), 0);
	/* NULL grows from nothing. */
	ck_assert_ptr_nonnull(sm_arena_grow(a, NULL, 0, 32));

	/* A big array interleaved with small allocations: it moves to a block
	 * of its own once (copying), then grows there; every byte survives
	 * and used counts each byte once, with no stale copies. */
	size_t n = 4096, before = sm_arena_used(a);
	uint32_t *big = sm_arena_alloc(a, n * sizeof *big);
	ck_assert_ptr_nonnull(big);
	for (size_t i = 0; i < n; i++)
		big[i] = (uint32_t)i * 2654435761u;
	char *small[9];
	for (int round = 0; round < 9; round++) {
		ck_assert_ptr_nonnull(small[round] = sm_arena_alloc(a, 24));
		memcpy(small[round], "small allocation", 17);
		big = sm_arena_grow(a, big, n * sizeof *big, 2 * n * sizeof *big);
		ck_assert_ptr_nonnull(big);
		for (size_t i = n; i < 2 * n; i++)
			big[i] = (uint32_t)i * 2654435761u;
		n *= 2;
	}
	size_t bad = 0;
	for (size_t i = 0; i < n; i++)
		bad += big[i] != (uint32_t)i * 2654435761u;
	ck_assert_uint_eq(bad, 0);
	for (int round = 0; round < 9; round++)
		ck_assert_str_eq(small[round], "small allocation");
	/* The array grew 16 KiB -> 8 MiB.  Copies below 1 MiB: 16 KiB ..
	 * 512 KiB (< 1 MiB in all); at 1 MiB it moved to its own block, which
	 * then grew in place to 8 MiB.  Copying every time would count 16 MiB. */
	size_t used = sm_arena_used(a) - before;
	ck_assert_uint_ge(used, n * sizeof *big);
	ck_assert_uint_lt(used, n * sizeof *big + ((size_t)1 << 20) + 1024);
	sm_arena_reset(a);
	ck_assert_uint_eq(sm_arena_used(a), 0);
	ck_assert_ptr_nonnull(sm_arena_alloc(a, 100));
	sm_arena_free(a);
}
END_TEST

START_TEST(test_arena_reset)
{
	sm_arena_t *a = NULL;
	ck_assert_int_eq(sm_arena_new(&a), SM_OK);
	for (int i = 0; i < 100; i++)
		ck_assert_ptr_nonnull(sm_arena_alloc(a, 10000));
	sm_arena_reset(a);
	ck_assert_uint_eq(sm_arena_used(a), 0);
	ck_assert_ptr_nonnull(sm_arena_alloc(a, 100));
	sm_arena_reset(NULL);
	sm_arena_free(a);
}
END_TEST

START_TEST(test_arena_strndup)
{
	sm_arena_t *a = NULL;
	ck_assert_int_eq(sm_arena_new(&a), SM_OK);
	char *s = sm_arena_strndup(a, "hello world", 5);
	ck_assert_str_eq(s, "hello");
	ck_assert_str_eq(sm_arena_strndup(a, "", 0), "");
	sm_arena_free(a);
}
END_TEST

START_TEST(test_buf)
{
	sm_buf_t b = { 0 };
	ck_assert_int_eq(sm_buf_puts(&b, "abc"), SM_OK);
	ck_assert_int_eq(sm_buf_printf(&b, "-%d-", 42), SM_OK);
	ck_assert_str_eq(b.p, "abc-42-");
	/* A long printf takes the slow path. */
	char big[1000];
	memset(big, 'y', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	ck_assert_int_eq(sm_buf_printf(&b, "%s", big), SM_OK);
	ck_assert_uint_eq(b.len, 7 + 999);
	sm_buf_clear(&b);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_str_eq(b.p, "");
	ck_assert_int_eq(sm_buf_append(&b, "x\0y", 3), SM_OK);
	ck_assert_uint_eq(b.len, 3);
	sm_buf_free(&b);
	ck_assert_ptr_null(b.p);
}
END_TEST

/* sm_buf_uint and sm_buf_fixed4 write what printf would. */
START_TEST(test_buf_numbers)
{
	sm_buf_t b = { 0 };
	char want[400];   /* "%.4f" of 1e300 takes 306 bytes */
	const uint64_t u[] = { 0, 7, 10, 99, 12345, UINT64_MAX };
	for (size_t i = 0; i < sizeof u / sizeof u[0]; i++) {
		sm_buf_clear(&b);
		ck_assert_int_eq(sm_buf_uint(&b, u[i]), SM_OK);
		snprintf(want, sizeof want, "%" PRIu64, u[i]);
		ck_assert_str_eq(b.p, want);
	}
	/* 9.5e14 and -9.9e14 once overflowed int64 inside (v * 10000);
	 * 99999999999999.98 lost digits in that product */
	const double v[] = { 0, -0.25, 1.41415, 0.12344, -3.5, 123456.789, 9.5e14,
			     -9.9e14, 99999999999999.98, 1e300, -1e300 };
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		sm_buf_clear(&b);
		ck_assert_int_eq(sm_buf_fixed4(&b, v[i]), SM_OK);
		snprintf(want, sizeof want, "%.4f", v[i]);
		ck_assert_msg(strcmp(b.p, want) == 0, "%.17g: got %s, want %s", v[i], b.p, want);
	}
	/* exact ties round half away from zero (printf: to even) */
	sm_buf_clear(&b);
	ck_assert_int_eq(sm_buf_fixed4(&b, 0.03125), SM_OK);
	ck_assert_int_eq(sm_buf_fixed4(&b, -0.03125), SM_OK);
	ck_assert_str_eq(b.p, "0.0313-0.0313");
	sm_buf_clear(&b);
	ck_assert_int_eq(sm_buf_fixed4(&b, NAN), SM_OK);
	snprintf(want, sizeof want, "%.4f", (double)NAN);
	ck_assert_str_eq(b.p, want);
	sm_buf_free(&b);
}
END_TEST

START_TEST(test_buf_json_string)
{
	sm_buf_t b = { 0 };
	ck_assert_int_eq(sm_buf_json_string(&b, "a\"b\\c\n\x01", 7), SM_OK);
	ck_assert_str_eq(b.p, "\"a\\\"b\\\\c\\n\\u0001\"");
	sm_buf_clear(&b);
	/* Valid UTF-8 passes through; invalid bytes become U+FFFD. */
	ck_assert_int_eq(sm_buf_json_string(&b, "\xe2\x80\x99x\xff\xc0\xaf", 7), SM_OK);
	ck_assert_str_eq(b.p, "\"\xe2\x80\x99x\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
	sm_buf_clear(&b);
	ck_assert_int_eq(sm_buf_json_string(&b, NULL, 0), SM_OK);
	ck_assert_str_eq(b.p, "null");
	sm_buf_clear(&b);
	/* Long runs go 16 (SSE2) or 8 bytes at a time: each byte that
	 * needs care is found at any position of a block, up to the
	 * input's last byte, and the byte just below and above each class
	 * passes through. */
	static const char plain[] = "0123456789abcdefghijklmnopqrstuv";
	static const struct { char c; const char *esc; } C[] = {
		{ '"', "\\\"" }, { '\\', "\\\\" }, { '\x1f', "\\u001f" },
		{ '\x00', "\\u0000" }, { '!', "!" }, { '#', "#" }, { ' ', " " },
		{ '[', "[" }, { ']', "]" }, { '\x7f', "\x7f" }, { '\xff', "\xef\xbf\xbd" },
		{ '\n', "\\n" },
	};
	for (size_t k = 0; k < sizeof C / sizeof C[0]; k++)
		for (size_t at = 0; at < 32; at++) {
			char in[32], want[64];
			memcpy(in, plain, 32);
			in[at] = C[k].c;
			snprintf(want, sizeof want, "\"%.*s%s%.*s\"", (int)at, plain, C[k].esc,
				 (int)(31 - at), plain + at + 1);
			sm_buf_clear(&b);
			ck_assert_int_eq(sm_buf_json_string(&b, in, 32), SM_OK);
			ck_assert_str_eq(b.p, want);
		}
	sm_buf_free(&b);
}
END_TEST

START_TEST(test_hash)
{
	/* FNV-1a reference values. */
	ck_assert_uint_eq(sm_hash("", 0), 2166136261u);
	ck_assert_uint_eq(sm_hash("a", 1), 0xe40c292cu);
	int ok = 1;
	ck_assert_uint_eq(sm_mul(3, 4, &ok), 12);
	ck_assert_int_eq(ok, 1);
	sm_mul(SIZE_MAX, 2, &ok);
	ck_assert_int_eq(ok, 0);
}
END_TEST

START_TEST(test_file_write)
{
	char dir[] = "/tmp/sm-file-XXXXXX", path[64], tmp[80];
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/x.bin", dir);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	ck_assert_int_eq(sm_file_write(path, "a\0b", 3), SM_OK);
	ck_assert_int_eq(access(tmp, F_OK), -1); /* renamed away */
	ck_assert_int_eq(sm_file_write("/nonexistent-dir/x.bin", "a", 1), SM_EIO);
	ck_assert_int_eq(sm_file_write(NULL, "a", 1), SM_EINVAL);
	remove(path);
	rmdir(dir);
}
END_TEST

START_TEST(test_file_read)
{
	char dir[] = "/tmp/sm-file-XXXXXX", path[64];
	char *buf = NULL;
	size_t len = 0;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/x.bin", dir);
	/* Larger than the first 64 KiB buffer, with NUL bytes inside. */
	size_t n = 200000;
	char *src = malloc(n);
	for (size_t i = 0; i < n; i++)
		src[i] = (char)(i % 251);
	ck_assert_int_eq(sm_file_write(path, src, n), SM_OK);
	ck_assert_int_eq(sm_file_read(path, &buf, &len), SM_OK);
	ck_assert_uint_eq(len, n);
	ck_assert_int_eq(memcmp(buf, src, n), 0);
	ck_assert_int_eq(buf[n], '\0');
	free(buf);
	buf = NULL;
	ck_assert_int_eq(sm_file_read("/nonexistent/x", &buf, &len), SM_ENOENT);
	ck_assert_ptr_null(buf);
	ck_assert_int_eq(sm_file_read(NULL, &buf, &len), SM_EINVAL);
	free(src);
	remove(path);
	rmdir(dir);
}
END_TEST

/* NULL text with a length is refused, not dereferenced; with length 0
 * it is an empty string.  The buffer is unchanged by a refusal. */
START_TEST(test_buf_null_text)
{
	sm_buf_t b = { 0 };
	ck_assert_int_eq(sm_buf_append(&b, "ab", 2), SM_OK);
	ck_assert_int_eq(sm_buf_append(&b, NULL, 1), SM_EINVAL);
	ck_assert_int_eq(sm_buf_append(&b, NULL, 0), SM_OK);
	ck_assert_int_eq(sm_buf_puts(&b, NULL), SM_EINVAL);
	ck_assert_int_eq(sm_buf_puts(NULL, "x"), SM_EINVAL);
	ck_assert_int_eq(sm_buf_json_chars(&b, NULL, 5), SM_EINVAL);
	ck_assert_int_eq(sm_buf_json_chars(&b, NULL, 0), SM_OK);
	ck_assert_int_eq(sm_buf_json_string(&b, NULL, 5), SM_OK); /* null */
	/* a NULL format was passed on to vsnprintf (glibc: "(null)") */
	ck_assert_int_eq(sm_buf_printf(&b, NULL), SM_EINVAL);
	ck_assert_int_eq(sm_buf_printf(NULL, "%d", 1), SM_EINVAL);
	ck_assert_str_eq(b.p, "abnull");
	ck_assert_uint_eq(b.len, 6);
	sm_buf_free(&b);

	sm_arena_t *a = NULL;
	ck_assert_int_eq(sm_arena_new(&a), SM_OK);
	ck_assert_ptr_null(sm_arena_strndup(a, NULL, 3));
	char *e = sm_arena_strndup(a, NULL, 0);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e, "");
	sm_arena_free(a);
}
END_TEST

/* Strict UTF-8: the RFC 3629 table, truncation and the forms it bans. */
START_TEST(test_utf8_len)
{
	static const struct { const char *p; size_t avail, want; } C[] = {
		{ "a", 1, 1 }, { "\xc3\xa9", 2, 2 }, { "\xe2\x82\xac", 3, 3 },
		{ "\xf0\x9f\x98\x80", 4, 4 }, { "\xf4\x8f\xbf\xbf", 4, 4 },
		{ "\xc3\xa9", 1, 0 },            /* truncated */
		{ "\xc0\xaf", 2, 0 },            /* overlong */
		{ "\xe0\x80\xaf", 3, 0 },        /* overlong */
		{ "\xed\xa0\x80", 3, 0 },        /* surrogate */
		{ "\xf4\x90\x80\x80", 4, 0 },    /* above U+10FFFF */
		{ "\x80", 1, 0 }, { "\xff", 1, 0 }, { "\xe2\x28\xa1", 3, 0 },
	};
	for (size_t k = 0; k < sizeof C / sizeof C[0]; k++)
		ck_assert_msg(sm_utf8_len((const unsigned char *)C[k].p, C[k].avail) == C[k].want,
			      "case %zu", k);
	/* Nothing to read: 0, and p[0] is not touched. */
	ck_assert_uint_eq(sm_utf8_len(NULL, 0), 0);
	ck_assert_uint_eq(sm_utf8_len(NULL, 4), 0);
	ck_assert_uint_eq(sm_utf8_len((const unsigned char *)"a", 0), 0);
}
END_TEST

Suite *suite_common(void)
{
	Suite *s = suite_create("common");
	SM_TEST_ADD(s, test_strerror);
	SM_TEST_ADD(s, test_arena_alloc);
	SM_TEST_ADD(s, test_arena_calloc);
	SM_TEST_ADD(s, test_arena_grow);
	SM_TEST_ADD(s, test_arena_reset);
	SM_TEST_ADD(s, test_arena_strndup);
	SM_TEST_ADD(s, test_buf);
	SM_TEST_ADD(s, test_buf_numbers);
	SM_TEST_ADD(s, test_buf_json_string);
	SM_TEST_ADD(s, test_buf_null_text);
	SM_TEST_ADD(s, test_hash);
	SM_TEST_ADD(s, test_utf8_len);
	SM_TEST_ADD(s, test_file_read);
	SM_TEST_ADD(s, test_file_write);
	return s;
}
