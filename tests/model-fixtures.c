/*
 * model-fixtures.c - file and corruption helpers for the tagger and
 * parser suites (see model-fixtures.h).  Both models are files of a
 * 48-byte header (8-byte magic, ten little-endian words) and a body
 * checksummed with sm_hash(), so one set of corruptions serves both;
 * which header word holds what is passed in by the test that knows.
 */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model-fixtures.h"

#define HDR_BYTES 48u /* magic + ten header words, both model formats */

/*
 * sm_fixture_dir_open - create a fresh scratch directory; d->path names
 * file inside it (not created).  Fails the test if mkdtemp does.
 */
void sm_fixture_dir_open(sm_fixture_dir_t *d, const char *file)
{
	snprintf(d->dir, sizeof(d->dir), "/tmp/sm_test_XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(d->dir));
	snprintf(d->path, sizeof(d->path), "%s/%s", d->dir, file);
}

/* sm_fixture_dir_close - remove d->path (if written) and the directory. */
void sm_fixture_dir_close(sm_fixture_dir_t *d)
{
	unlink(d->path);
	rmdir(d->dir);
}

/*
 * sm_fixture_model_path - $SM_MODELS_DIR/file, or models/file relative to
 * the working directory when the variable is unset or empty.
 */
void sm_fixture_model_path(char *buf, size_t size, const char *file)
{
	const char *dir = getenv("SM_MODELS_DIR");
	snprintf(buf, size, "%s/%s", dir && *dir ? dir : "models", file);
}

/* sm_fixture_slurp - the whole file in a malloc'd buffer (caller frees). */
unsigned char *sm_fixture_slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	ck_assert_ptr_nonnull(fp);
	fseek(fp, 0, SEEK_END);
	long n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	unsigned char *buf = malloc(n > 0 ? (size_t)n : 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

/* sm_fixture_spit - (over)write path with len bytes of buf. */
void sm_fixture_spit(const char *path, const unsigned char *buf, size_t len)
{
	FILE *fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(buf, 1, len, fp), len);
	fclose(fp);
}

/*
 * sm_fixture_split - split a space-separated sentence into at most max
 * words pointing into s; runs of spaces separate like one.
 */
size_t sm_fixture_split(const char *s, sm_str_t *w, size_t max)
{
	size_t n = 0;
	while (*s && n < max) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		const char *e = strchr(s, ' ');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		w[n].p = s;
		w[n].len = len;
		n++;
		s += len;
	}
	return n;
}

/* sm_fixture_load_bytes - write len bytes of buf to path, load it. */
int sm_fixture_load_bytes(sm_fixture_load_fn load, const char *path,
			  const unsigned char *buf, size_t len)
{
	sm_fixture_spit(path, buf, len);
	return load(path);
}

/*
 * sm_fixture_load_flipped - load the file buf with byte at XOR mask
 * written to path; buf is restored before returning, so a test can walk
 * one intact copy through many single corruptions.
 */
int sm_fixture_load_flipped(sm_fixture_load_fn load, const char *path,
			    unsigned char *buf, size_t len, size_t at,
			    unsigned char mask)
{
	ck_assert_uint_lt(at, len);
	buf[at] ^= mask;
	int rc = sm_fixture_load_bytes(load, path, buf, len);
	buf[at] ^= mask;
	return rc;
}

/*
 * sm_fixture_fill_clusters - in a model file buf whose cluster table is
 * the end of the file and whose size is header word at ccap_at, fill
 * every cluster slot with a distinct key and fix the body checksum
 * (header word at sum_at), so that only the loader's "a probe must end"
 * check can reject the file.
 */
void sm_fixture_fill_clusters(unsigned char *buf, size_t len,
			      size_t ccap_at, size_t sum_at)
{
	uint32_t ccap = (uint32_t)buf[ccap_at] | (uint32_t)buf[ccap_at + 1] << 8 |
			(uint32_t)buf[ccap_at + 2] << 16 | (uint32_t)buf[ccap_at + 3] << 24;
	ck_assert_uint_ge(ccap, 2);
	ck_assert_uint_gt(len, HDR_BYTES + 8 * (size_t)ccap);
	for (size_t i = 0; i < ccap; i++) {
		unsigned char *e = buf + len - 8 * (size_t)ccap + 8 * i;
		e[0] = (unsigned char)(i + 1);
		e[1] = (unsigned char)((i + 1) >> 8);
		e[2] = 0x5a;
		e[3] = 0x5a;
	}
	uint32_t h = sm_hash((const char *)buf + HDR_BYTES, len - HDR_BYTES);
	for (int k = 0; k < 4; k++)
		buf[sum_at + k] = (unsigned char)(h >> (8 * k));
}

/*
 * sm_fixture_check_corrupt - assert that load rejects with SM_EMODEL the
 * corruptions every model file must survive, each written to path from
 * the intact file buf (restored afterwards): truncation at several
 * points (inside the header too), a flipped magic byte, a wrong version,
 * a wrong number of classes (header word 1 in both formats), a flipped
 * body byte (checksum) and trailing bytes; then that the intact file
 * written to path loads.  Corruptions of a model's own header words stay
 * in its test.
 */
void sm_fixture_check_corrupt(sm_fixture_load_fn load, const char *path,
			      unsigned char *buf, size_t len)
{
	size_t cuts[] = { 0, 4, 7, 20, 30, 47, len / 3, len / 2, len - 4, len - 1 };
	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++)
		ck_assert_msg(sm_fixture_load_bytes(load, path, buf, cuts[i]) == SM_EMODEL,
			      "%s: truncated to %zu bytes not rejected", path, cuts[i]);
	static const struct { int from_end; size_t at; unsigned char mask; const char *what; } flips[] = {
		{ 0, 0, 0xff, "magic" }, { 0, 3, 0x20, "magic" },
		{ 0, 8, 0x7f, "version" }, { 0, 8, 0x02, "version" },
		{ 0, 12, 0x01, "number of classes" },
		{ 1, 2, 0x40, "body byte (checksum)" },
	};
	for (size_t i = 0; i < sizeof(flips) / sizeof(flips[0]); i++) {
		size_t at = flips[i].from_end ? len - flips[i].at : flips[i].at;
		ck_assert_msg(sm_fixture_load_flipped(load, path, buf, len, at,
						      flips[i].mask) == SM_EMODEL,
			      "%s: flipped %s at %zu not rejected", path, flips[i].what, at);
	}
	ck_assert_msg(sm_fixture_load_flipped(load, path, buf, len, len / 2, 0x10) == SM_EMODEL,
		      "%s: flipped body byte at %zu not rejected", path, len / 2);
	unsigned char *longer = malloc(len + 3);
	ck_assert_ptr_nonnull(longer);
	memcpy(longer, buf, len);
	memset(longer + len, 0, 3);
	ck_assert_msg(sm_fixture_load_bytes(load, path, longer, len + 3) == SM_EMODEL,
		      "%s: trailing bytes not rejected", path);
	free(longer);
	ck_assert_msg(sm_fixture_load_bytes(load, path, buf, len) == SM_OK,
		      "%s: intact copy does not load", path);
}
