/*
 * test_batch.c - suite "batch": the readers (input.h) and the batch runner
 * (batch.h).  Fixtures are in tests/data/batch/:
 *
 *   article1.txt, article2.txt   two short articles
 *   mixed.jsonl                  12 lines: good records, malformed JSON, a
 *                                missing and an empty text, invalid UTF-8,
 *                                a record over 2 KiB, deep nesting, a blank
 *                                line, a non-object, no id, an integer id
 *   plain.jsonl, archive.jsonl.gz, truncated.jsonl.gz   40 good records
 *   sample.story                 a CNN/DM story with two highlights
 *   dir/                         a tree for the directory walk
 *   badcrc.jsonl.gz              3000 records r1..r3000, trailer CRC damaged
 *   garbage-after.jsonl.gz       members g1, g2, then one whose magic is 'X'
 *   padded.jsonl.gz              members p1, p2, then 1024 zero bytes
 *   crlf.jsonl                   records of 36 and 37 bytes with CRLF, one LF
 *   utf16.jsonl                  two records in UTF-16LE with a BOM (iconv)
 *
 * The runner tests need the models ($SM_MODELS_DIR) and skip without them;
 * the archive test needs ../shared and skips without it.
 */
#define _GNU_SOURCE /* mkdtemp, ftruncate */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "input.h"
#include "pipeline.h"
#include "suites.h"

/* tests/data/batch/NAME in buf. */
static const char *fixture(char *buf, size_t cap, const char *name)
{
	snprintf(buf, cap, "%s/batch/%s", test_data_dir(), name);
	return buf;
}

/* Read every record of one argument; returns how many (max cap). */
static size_t read_all(const sm_input_opts_t *o, const char *arg, sm_record_t **recs,
		       size_t cap)
{
	sm_input_t *in = NULL;
	size_t n = 0;
	const char *args[1] = { arg };
	ck_assert_int_eq(sm_input_new(o, args, 1, &in), SM_OK);
	for (;;) {
		sm_record_t *r = NULL;
		ck_assert_int_eq(sm_input_next(in, &r), SM_OK);
		if (!r)
			break;
		if (n < cap)
			recs[n] = r;
		else
			sm_record_free(r);
		n++;
	}
	sm_input_free(in);
	return n;
}

static void free_all(sm_record_t **recs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sm_record_free(recs[i]);
}

/* ---------------------------------------------------------------- input */

START_TEST(test_sm_input_parse_size)
{
	size_t v = 0;
	ck_assert_int_eq(sm_input_parse_size("64M", &v), SM_OK);
	ck_assert_uint_eq(v, 67108864u);
	ck_assert_int_eq(sm_input_parse_size("10", &v), SM_OK);
	ck_assert_uint_eq(v, 10u);
	ck_assert_int_eq(sm_input_parse_size("2k", &v), SM_OK);
	ck_assert_uint_eq(v, 2048u);
	ck_assert_int_eq(sm_input_parse_size("3KiB", &v), SM_OK);
	ck_assert_uint_eq(v, 3072u);
	ck_assert_int_eq(sm_input_parse_size("1G", &v), SM_OK);
	ck_assert_uint_eq(v, 1073741824u);
	ck_assert_int_eq(sm_input_parse_size("5MB", &v), SM_OK);
	ck_assert_uint_eq(v, 5242880u);
	ck_assert_int_eq(sm_input_parse_size("", &v), SM_EINVAL);
	ck_assert_int_eq(sm_input_parse_size("0", &v), SM_EINVAL);
	ck_assert_int_eq(sm_input_parse_size("12Q", &v), SM_EINVAL);
	ck_assert_int_eq(sm_input_parse_size("-1", &v), SM_EINVAL);
	ck_assert_int_eq(sm_input_parse_size("1.5M", &v), SM_EINVAL);
	ck_assert_int_eq(sm_input_parse_size("99999999999999999999999", &v), SM_EINVAL);
	ck_assert_int_eq(sm_input_parse_size("17179869184G", &v), SM_EINVAL);
	ck_assert_int_eq(sm_input_parse_size(NULL, &v), SM_EINVAL);
}
END_TEST

START_TEST(test_sm_input_opts_init)
{
	sm_input_opts_t o;
	sm_input_opts_init(&o);
	ck_assert_int_eq(o.format, SM_INPUT_AUTO);
	ck_assert_uint_eq(o.max_bytes, 64u * 1024 * 1024);
	ck_assert_str_eq(o.id_field, "id");
	ck_assert_str_eq(o.text_field, "text");
	ck_assert_str_eq(o.title_field, "title");
	ck_assert_str_eq(o.date_field, "date");
	ck_assert_ptr_null(o.glob);
	ck_assert(o.stop == NULL);
	sm_input_opts_init(NULL); /* a no-op, not a crash */
}
END_TEST

START_TEST(test_sm_input_new)
{
	sm_input_opts_t o;
	sm_input_t *in = NULL;
	sm_input_opts_init(&o);
	ck_assert_int_eq(sm_input_new(NULL, NULL, 0, &in), SM_EINVAL);
	ck_assert_int_eq(sm_input_new(&o, NULL, 1, &in), SM_EINVAL);
	ck_assert_int_eq(sm_input_new(&o, NULL, 0, NULL), SM_EINVAL);
	ck_assert_int_eq(sm_input_new(&o, NULL, 0, &in), SM_OK); /* stdin */
	ck_assert_ptr_nonnull(in);
	sm_input_free(in);
}
END_TEST

START_TEST(test_sm_input_free)
{
	sm_input_free(NULL);
}
END_TEST

/* The mixed JSONL file: one record per non-blank line, lines numbered. */
START_TEST(test_sm_input_next)
{
	static const size_t lines[] = { 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12 };
	sm_input_opts_t o;
	sm_record_t *r[16];
	char p[1024];
	size_t n, i;
	sm_input_opts_init(&o);
	o.max_bytes = 2048;
	n = read_all(&o, fixture(p, sizeof p, "mixed.jsonl"), r, 16);
	ck_assert_uint_eq(n, 11);
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(r[i]->line, lines[i]);
		ck_assert_str_eq(r[i]->source, p);
		ck_assert_int_eq(r[i]->multi, 1);
		ck_assert_int_eq(r[i]->kind, lines[i] == 6 ? SM_REC_ERROR : SM_REC_JSONL);
	}
	ck_assert_int_eq(r[5]->status, SM_ETOOBIG);
	ck_assert_str_eq(r[5]->message, "input too large (5027 bytes > --max-bytes 2048)");
	ck_assert_ptr_null(r[5]->data);
	ck_assert_uint_eq(r[5]->data_bytes, 5027);
	ck_assert_int_eq(strncmp(r[0]->data, "{\"id\": \"good-1\"", 15), 0);
	free_all(r, n);
}
END_TEST

/* Text files: whole file, id = name; missing, empty, directory walk. */
START_TEST(test_sm_input_next_files)
{
	sm_input_opts_t o;
	sm_record_t *r[8];
	char p[1024];
	size_t n;
	sm_input_opts_init(&o);

	n = read_all(&o, fixture(p, sizeof p, "article1.txt"), r, 8);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(r[0]->kind, SM_REC_DOC);
	ck_assert_uint_eq(r[0]->len, 533);
	ck_assert_str_eq(r[0]->id, p);
	ck_assert_int_eq(r[0]->multi, 0);
	ck_assert_int_eq(strncmp(r[0]->data, "Harbor City approves", 20), 0);
	free_all(r, n);

	n = read_all(&o, fixture(p, sizeof p, "missing.txt"), r, 8);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(r[0]->kind, SM_REC_ERROR);
	ck_assert_int_eq(r[0]->status, SM_ENOENT);
	ck_assert_str_eq(r[0]->message, "no such file");
	free_all(r, n);

	n = read_all(&o, fixture(p, sizeof p, "empty.txt"), r, 8);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(r[0]->status, SM_EEMPTY);
	ck_assert_str_eq(r[0]->message, "empty input");
	free_all(r, n);

	o.max_bytes = 100;
	n = read_all(&o, fixture(p, sizeof p, "article1.txt"), r, 8);
	ck_assert_int_eq(r[0]->status, SM_ETOOBIG);
	ck_assert_str_eq(r[0]->message, "input too large (533 bytes > --max-bytes 100)");
	free_all(r, n);
	o.max_bytes = 1024;

	/* directories: sorted, recursive, hidden files skipped */
	n = read_all(&o, fixture(p, sizeof p, "dir"), r, 8);
	ck_assert_uint_eq(n, 3);
	ck_assert_ptr_nonnull(strstr(r[0]->source, "dir/a.txt"));
	ck_assert_ptr_nonnull(strstr(r[1]->source, "dir/sub/b.txt"));
	ck_assert_ptr_nonnull(strstr(r[2]->source, "dir/sub/notes.md"));
	ck_assert_int_eq(r[0]->multi, 1);
	free_all(r, n);

	o.glob = "*.txt";
	n = read_all(&o, fixture(p, sizeof p, "dir"), r, 8);
	ck_assert_uint_eq(n, 2);
	free_all(r, n);
	o.glob = "sub/*";
	n = read_all(&o, fixture(p, sizeof p, "dir"), r, 8);
	ck_assert_uint_eq(n, 2);
	ck_assert_ptr_nonnull(strstr(r[0]->source, "dir/sub/b.txt"));
	free_all(r, n);
}
END_TEST

/* .story: the article without highlights, the highlights as reference. */
START_TEST(test_sm_input_next_story)
{
	sm_input_opts_t o;
	sm_record_t *r[2];
	char p[1024];
	size_t n;
	sm_input_opts_init(&o);
	n = read_all(&o, fixture(p, sizeof p, "sample.story"), r, 2);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(r[0]->kind, SM_REC_DOC);
	ck_assert_ptr_null(strstr(r[0]->data, "@highlight"));
	ck_assert_uint_eq(r[0]->len, strlen(r[0]->data));
	ck_assert_str_eq(r[0]->data + r[0]->len - 8, "by half.");
	ck_assert_str_eq(r[0]->reference,
			 "Council votes 7 to 2 to fund a ferry line\n"
			 "The line will cost 48 million dollars over five years");
	free_all(r, n);
}
END_TEST

/* gzip: same lines as the plain file; a truncated stream ends in an error. */
START_TEST(test_sm_input_next_gzip)
{
	sm_input_opts_t o;
	sm_record_t *r[64], *q[64];
	char p[1024];
	size_t n, m, i;
	sm_input_opts_init(&o);
	n = read_all(&o, fixture(p, sizeof p, "archive.jsonl.gz"), r, 64);
	m = read_all(&o, fixture(p, sizeof p, "plain.jsonl"), q, 64);
	ck_assert_uint_eq(n, 40);
	ck_assert_uint_eq(m, 40);
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(r[i]->len, q[i]->len);
		ck_assert_int_eq(memcmp(r[i]->data, q[i]->data, r[i]->len), 0);
	}
	free_all(r, n);
	free_all(q, m);

	n = read_all(&o, fixture(p, sizeof p, "truncated.jsonl.gz"), r, 64);
	ck_assert_uint_ge(n, 1);
	ck_assert_uint_lt(n, 40);
	for (i = 0; i + 1 < n; i++)
		ck_assert_int_eq(r[i]->kind, SM_REC_JSONL);
	ck_assert_int_eq(r[n - 1]->kind, SM_REC_ERROR);
	ck_assert_int_eq(r[n - 1]->status, SM_EGZIP);
	ck_assert_str_eq(r[n - 1]->message, "corrupt or truncated gzip data");
	ck_assert_uint_eq(r[n - 1]->line, n);
	free_all(r, n);
}
END_TEST

/* gzip members: every byte decoded before damage is delivered, then one
 * error; data after the last member must be another member (or zeros). */
START_TEST(test_sm_input_next_gzip_members)
{
	sm_input_opts_t o;
	sm_record_t *r[3002];
	char p[1024], want[32];
	size_t n, i;
	sm_input_opts_init(&o);

	/* a bad checksum is found at the end: gzread threw away the last
	 * 256 KiB it had decoded, here all 3000 records */
	n = read_all(&o, fixture(p, sizeof p, "badcrc.jsonl.gz"), r, 3002);
	ck_assert_uint_eq(n, 3001);
	for (i = 0; i < 3000; i++) {
		ck_assert_int_eq(r[i]->kind, SM_REC_JSONL);
		ck_assert_uint_eq(r[i]->line, i + 1);
		snprintf(want, sizeof want, "{\"id\":\"r%zu\",", i + 1);
		ck_assert_int_eq(strncmp(r[i]->data, want, strlen(want)), 0);
	}
	ck_assert_int_eq(r[3000]->kind, SM_REC_ERROR);
	ck_assert_int_eq(r[3000]->status, SM_EGZIP);
	ck_assert_str_eq(r[3000]->message, "corrupt or truncated gzip data");
	free_all(r, n);

	/* a third member with a damaged header: gzread ignored it silently */
	n = read_all(&o, fixture(p, sizeof p, "garbage-after.jsonl.gz"), r, 8);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(r[0]->kind, SM_REC_JSONL);
	ck_assert_int_eq(strncmp(r[0]->data, "{\"id\":\"g1\"", 10), 0);
	ck_assert_int_eq(r[1]->kind, SM_REC_JSONL);
	ck_assert_int_eq(strncmp(r[1]->data, "{\"id\":\"g2\"", 10), 0);
	ck_assert_int_eq(r[2]->kind, SM_REC_ERROR);
	ck_assert_int_eq(r[2]->status, SM_EGZIP);
	ck_assert_uint_eq(r[2]->line, 3);
	ck_assert_str_eq(r[2]->message,
			 "corrupt or truncated gzip data: the data after member 2 is not gzip");
	free_all(r, n);

	/* zero padding after the last member is not an error */
	n = read_all(&o, fixture(p, sizeof p, "padded.jsonl.gz"), r, 8);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(r[0]->kind, SM_REC_JSONL);
	ck_assert_int_eq(r[1]->kind, SM_REC_JSONL);
	ck_assert_int_eq(strncmp(r[1]->data, "{\"id\":\"p2\"", 10), 0);
	free_all(r, n);
}
END_TEST

/* --max-bytes counts a JSONL line without the CR of its CRLF ending. */
START_TEST(test_sm_input_next_crlf)
{
	sm_input_opts_t o;
	sm_record_t *r[4];
	char p[1024];
	size_t n;
	sm_input_opts_init(&o);
	o.max_bytes = 36;
	n = read_all(&o, fixture(p, sizeof p, "crlf.jsonl"), r, 4);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(r[0]->kind, SM_REC_JSONL);
	ck_assert_uint_eq(r[0]->len, 36);
	ck_assert_int_eq(r[0]->data[35], '}');
	ck_assert_int_eq(r[1]->kind, SM_REC_ERROR);
	ck_assert_str_eq(r[1]->message, "input too large (37 bytes > --max-bytes 36)");
	ck_assert_int_eq(r[2]->kind, SM_REC_JSONL);
	ck_assert_uint_eq(r[2]->line, 3);
	free_all(r, n);
}
END_TEST

/* A UTF-16 JSON Lines file is one clear error, by name or by content. */
START_TEST(test_sm_input_next_utf16)
{
	sm_input_opts_t o;
	sm_record_t *r[4];
	char p[1024];
	size_t n;
	int fd;
	sm_input_opts_init(&o);
	n = read_all(&o, fixture(p, sizeof p, "utf16.jsonl"), r, 4);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(r[0]->kind, SM_REC_ERROR);
	ck_assert_int_eq(r[0]->status, SM_ENCODING);
	ck_assert_uint_eq(r[0]->line, 0);
	ck_assert_str_eq(r[0]->message, "UTF-16 JSON Lines are not supported; convert to UTF-8");
	free_all(r, n);
	/* standard input has no name: the mark and a '{' say JSONL */
	fd = dup(STDIN_FILENO);
	ck_assert_ptr_nonnull(freopen(p, "rb", stdin));
	n = read_all(&o, "-", r, 4);
	dup2(fd, STDIN_FILENO);
	close(fd);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(r[0]->source, "stdin");
	ck_assert_int_eq(r[0]->status, SM_ENCODING);
	free_all(r, n);
}
END_TEST

/* Special files met in a directory walk are error records, not reads that
 * never end; a plain file over --max-bytes that never ends is cut short. */
START_TEST(test_sm_input_next_special)
{
	sm_input_opts_t o;
	sm_record_t *r[8];
	char dir[] = "/tmp/sm-test-special.XXXXXX", p[1024];
	size_t n;
	FILE *f;
	sm_input_opts_init(&o);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(p, sizeof p, "%s/a.txt", dir);
	ck_assert_ptr_nonnull(f = fopen(p, "w"));
	fputs("The council met on Monday.\n", f);
	fclose(f);
	snprintf(p, sizeof p, "%s/b.txt", dir);
	ck_assert_int_eq(mkfifo(p, 0600), 0);
	snprintf(p, sizeof p, "%s/c.txt", dir);
	ck_assert_int_eq(symlink("/dev/zero", p), 0);
	n = read_all(&o, dir, r, 8);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(r[0]->kind, SM_REC_DOC);
	ck_assert_int_eq(r[1]->kind, SM_REC_ERROR);
	ck_assert_int_eq(r[1]->status, SM_EFORMAT);
	ck_assert_str_eq(r[1]->message, "not a regular file");
	ck_assert_ptr_nonnull(strstr(r[1]->source, "/b.txt"));
	ck_assert_int_eq(r[2]->kind, SM_REC_ERROR);
	ck_assert_str_eq(r[2]->message, "not a regular file");
	free_all(r, n);
	unlink(p);
	snprintf(p, sizeof p, "%s/b.txt", dir);
	unlink(p);
	snprintf(p, sizeof p, "%s/a.txt", dir);
	unlink(p);
	rmdir(dir);

	/* named on the command line, /dev/zero is read, but only up to the limit */
	o.max_bytes = 1024;
	n = read_all(&o, "/dev/zero", r, 8);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(r[0]->status, SM_ETOOBIG);
	ck_assert_str_eq(r[0]->message, "input too large (more than --max-bytes 1024 bytes)");
	free_all(r, n);
}
END_TEST

START_TEST(test_sm_input_progress)
{
	sm_input_opts_t o;
	sm_input_t *in = NULL;
	sm_record_t *r = NULL;
	char p[1024];
	const char *args[1];
	uint64_t done = 1, total = 0;
	struct stat st;
	sm_input_opts_init(&o);
	args[0] = fixture(p, sizeof p, "archive.jsonl.gz");
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(sm_input_new(&o, args, 1, &in), SM_OK);
	sm_input_progress(in, &done, &total);
	ck_assert_uint_eq(done, 0);
	ck_assert_uint_eq(total, (uint64_t)st.st_size);
	while (sm_input_next(in, &r) == SM_OK && r)
		sm_record_free(r);
	sm_input_progress(in, &done, &total);
	ck_assert_uint_eq(done, (uint64_t)st.st_size);
	sm_input_progress(in, NULL, NULL); /* outputs are optional */
	sm_input_free(in);
	/* No reader: nothing done of nothing. */
	done = total = 7;
	sm_input_progress(NULL, &done, &total);
	ck_assert_uint_eq(done, 0);
	ck_assert_uint_eq(total, 0);
}
END_TEST

/* Every reason a JSONL line can fail, and the fields of a good one. */
START_TEST(test_sm_record_parse_jsonl)
{
	static const struct {
		size_t line;
		int kind, status;
		const char *id;
		const char *msg; /* prefix */
	} want[] = {
		{ 1, SM_REC_DOC, 0, "good-1", NULL },
		{ 2, SM_REC_ERROR, SM_EJSON, NULL, "malformed JSON: " },
		{ 3, SM_REC_ERROR, SM_EFIELD, "notext-1", "missing field \"text\"" },
		{ 4, SM_REC_ERROR, SM_EEMPTY, "empty-1", "empty input" },
		{ 5, SM_REC_ERROR, SM_EJSON, NULL, "invalid UTF-8 in JSON record" },
		{ 6, SM_REC_ERROR, SM_ETOOBIG, NULL, "input too large" },
		{ 7, SM_REC_ERROR, SM_EJSON, NULL, "malformed JSON: nesting deeper than 64" },
		{ 8, SM_REC_DOC, 0, "good-2", NULL },
		{ 10, SM_REC_ERROR, SM_EJSON, NULL, "malformed JSON: " },
		{ 11, SM_REC_DOC, 0, "line:11", NULL },
		{ 12, SM_REC_DOC, 0, "42", NULL },
	};
	sm_input_opts_t o;
	sm_record_t *r[16];
	char p[1024], a1[1024];
	size_t n, i, len1 = 0;
	char *art1 = test_read_file(fixture(a1, sizeof a1, "article1.txt"), &len1);
	ck_assert_ptr_nonnull(art1);
	sm_input_opts_init(&o);
	o.max_bytes = 2048;
	n = read_all(&o, fixture(p, sizeof p, "mixed.jsonl"), r, 16);
	ck_assert_uint_eq(n, 11);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(sm_record_parse_jsonl(r[i], &o), SM_OK);
		ck_assert_uint_eq(r[i]->line, want[i].line);
		ck_assert_int_eq(r[i]->kind, want[i].kind);
		if (want[i].id)
			ck_assert_str_eq(r[i]->id, want[i].id);
		else
			ck_assert_ptr_null(r[i]->id);
		if (want[i].kind == SM_REC_ERROR) {
			ck_assert_int_eq(r[i]->status, want[i].status);
			ck_assert_int_eq(strncmp(r[i]->message, want[i].msg,
						 strlen(want[i].msg)), 0);
		}
	}
	/* the good record carries text, title and date as given */
	ck_assert_uint_eq(r[0]->len, len1);
	ck_assert_int_eq(memcmp(r[0]->data, art1, len1), 0);
	ck_assert_str_eq(r[0]->title, "Harbor City approves new ferry line");
	ck_assert_str_eq(r[0]->date, "2025-09-05");
	ck_assert_ptr_null(r[7]->title); /* absent */
	free_all(r, n);

	/* other field names; a non-string text */
	{
		sm_record_t *x = calloc(1, sizeof *x);
		const char *line = "{\"doc\":\"a\",\"body\":\"Some text.\",\"t\":7}";
		ck_assert_ptr_nonnull(x);
		x->kind = SM_REC_JSONL;
		x->data = strdup(line);
		x->len = strlen(line);
		x->line = 3;
		o.id_field = "doc";
		o.text_field = "t";
		ck_assert_int_eq(sm_record_parse_jsonl(x, &o), SM_OK);
		ck_assert_int_eq(x->kind, SM_REC_ERROR);
		ck_assert_str_eq(x->message, "field \"t\" is not a string");
		ck_assert_str_eq(x->id, "a");
		sm_record_free(x);
		x = calloc(1, sizeof *x);
		x->kind = SM_REC_JSONL;
		x->data = strdup(line);
		x->len = strlen(line);
		o.text_field = "body";
		ck_assert_int_eq(sm_record_parse_jsonl(x, &o), SM_OK);
		ck_assert_int_eq(x->kind, SM_REC_DOC);
		ck_assert_str_eq(x->data, "Some text.");
		sm_record_free(x);
	}

	/* Flat records are read without jansson, others with it: both give
	 * the same fields, and every error is jansson's. */
	static const struct {
		const char *line;
		int kind, status;
		const char *id, *text, *title;
		size_t text_len;
	} J[] = {
		{ "{\"id\":\"a\\u00e9\\ud83d\\ude00\",\"text\":\"x\\\"y\\\\\\n\\u0000z\\/\","
		  "\"title\":\"\",\"date\":null,\"n\":-12,\"ok\":true}",
		  SM_REC_DOC, 0, "a\xc3\xa9\xf0\x9f\x98\x80", "x\"y\\\n\0z/", NULL, 8 },
		{ " {\"id\":-0, \"text\" : \"\xc3\xa9t\" ,\"title\":\"T\"}\r",
		  SM_REC_DOC, 0, "0", "\xc3\xa9t", "T", 3 },
		{ "{\"id\":123456789012345678,\"text\":\"t\"}",
		  SM_REC_DOC, 0, "123456789012345678", "t", NULL, 1 },
		{ "{\"text\":\"t\",\"meta\":{\"a\":[1,2.5e3]},\"title\":\"T\"}",
		  SM_REC_DOC, 0, "line:1", "t", "T", 1 },
		{ "{\"te\\u0078t\":\"escaped key\"}",
		  SM_REC_DOC, 0, "line:1", "escaped key", NULL, 11 },
		{ "{\"id\":1.5,\"text\":\"t\"}", SM_REC_ERROR, SM_EFIELD, NULL, NULL, NULL, 0 },
		{ "{\"id\":01,\"text\":\"t\"}", SM_REC_ERROR, SM_EJSON, NULL, NULL, NULL, 0 },
		{ "{\"text\":\"\\ud800\"}", SM_REC_ERROR, SM_EJSON, NULL, NULL, NULL, 0 },
		{ "{\"text\":\"\\ud800\\u0041\"}", SM_REC_ERROR, SM_EJSON, NULL, NULL, NULL, 0 },
		{ "{\"text\":\"\\x\"}", SM_REC_ERROR, SM_EJSON, NULL, NULL, NULL, 0 },
		{ "{\"text\":\"ok\"} x", SM_REC_ERROR, SM_EJSON, NULL, NULL, NULL, 0 },
		{ "{\"text\":\"\xc0\xaf\"}", SM_REC_ERROR, SM_EJSON, NULL, NULL, NULL, 0 },
		{ "{\"text\":\"\xed\xa0\x80\"}", SM_REC_ERROR, SM_EJSON, NULL, NULL, NULL, 0 },
		{ "{\"text\":\"a\tb\"}", SM_REC_ERROR, SM_EJSON, NULL, NULL, NULL, 0 },
		{ "{\"text\":\"\"}", SM_REC_ERROR, SM_EEMPTY, "line:1", NULL, NULL, 0 },
		{ "{\"text\":7}", SM_REC_ERROR, SM_EFIELD, "line:1", NULL, NULL, 0 },
		{ "{\"text\":\"t\",}", SM_REC_ERROR, SM_EJSON, NULL, NULL, NULL, 0 },
		{ "[\"text\"]", SM_REC_ERROR, SM_EJSON, NULL, NULL, NULL, 0 },
		/* numbers jansson cannot hold, in fields we do not use */
		{ "{\"id\":\"t1\",\"views\":123456789012345678901234,\"text\":\"t\"}",
		  SM_REC_DOC, 0, "t1", "t", NULL, 1 },
		{ "{\"v\":1e400,\"id\":\"t2\",\"m\":{\"w\":[-2.5E+999,\"1e400\"]},\"text\":\"t\"}",
		  SM_REC_DOC, 0, "t2", "t", NULL, 1 },
		{ "{\"id\":-9223372036854775808,\"v\":-9223372036854775809,\"text\":\"t\"}",
		  SM_REC_DOC, 0, "-9223372036854775808", "t", NULL, 1 },
		/* ... but an id that big is not an integer we can keep */
		{ "{\"id\":123456789012345678901234,\"text\":\"t\"}",
		  SM_REC_ERROR, SM_EFIELD, NULL, NULL, NULL, 0 },
		{ "{\"v\":1e400,\"text\":\"t\",}", SM_REC_ERROR, SM_EJSON, NULL, NULL, NULL, 0 },
		{ "{\"v\":1.e400,\"text\":\"t\"}", SM_REC_ERROR, SM_EJSON, NULL, NULL, NULL, 0 },
		/* an id holding U+0000 would be cut there: "a" twice */
		{ "{\"id\":\"a\\u0000b\",\"text\":\"t\"}", SM_REC_ERROR, SM_EFIELD, NULL, NULL, NULL, 0 },
		{ "{\"meta\":[1],\"id\":\"\\u0000\",\"text\":\"t\"}",
		  SM_REC_ERROR, SM_EFIELD, NULL, NULL, NULL, 0 },
		{ "{\"id\":\"a\\\\u0000b\",\"text\":\"t\"}", SM_REC_DOC, 0, "a\\u0000b", "t", NULL, 1 },
	};
	sm_input_opts_init(&o);
	for (i = 0; i < sizeof J / sizeof J[0]; i++) {
		sm_record_t *x = calloc(1, sizeof *x);
		ck_assert_ptr_nonnull(x);
		x->kind = SM_REC_JSONL;
		x->data = strdup(J[i].line);
		x->len = strlen(J[i].line);
		x->line = 1;
		ck_assert_int_eq(sm_record_parse_jsonl(x, &o), SM_OK);
		ck_assert_msg(x->kind == J[i].kind, "record %zu: kind %d", i, x->kind);
		if (J[i].kind == SM_REC_DOC) {
			ck_assert_str_eq(x->id, J[i].id);
			ck_assert_uint_eq(x->len, J[i].text_len);
			ck_assert_int_eq(memcmp(x->data, J[i].text, x->len), 0);
			ck_assert_int_eq(x->data[x->len], '\0');
			if (J[i].title)
				ck_assert_str_eq(x->title, J[i].title);
			else
				ck_assert_ptr_null(x->title);
			ck_assert_ptr_null(x->date);
		} else {
			ck_assert_msg(x->status == J[i].status, "record %zu: status %d", i,
				      x->status);
			if (J[i].status == SM_EFIELD && strstr(J[i].line, "u0000"))
				ck_assert_str_eq(x->message, "field \"id\" contains U+0000");
			if (J[i].status == SM_EFIELD && !J[i].id)
				ck_assert_ptr_null(x->id);
		}
		sm_record_free(x);
	}
	free(art1);
}
END_TEST

START_TEST(test_sm_record_key)
{
	sm_record_t r;
	char buf[64], src[] = "a.jsonl", id[] = "doc-1";
	memset(&r, 0, sizeof r);
	r.source = src;
	ck_assert_str_eq(sm_record_key(&r, buf, sizeof buf), "a.jsonl");
	r.line = 7;
	ck_assert_str_eq(sm_record_key(&r, buf, sizeof buf), "line:7");
	r.id = id;
	ck_assert_str_eq(sm_record_key(&r, buf, sizeof buf), "doc-1");
	ck_assert_str_eq(sm_record_key(&r, buf, 4), "doc");
}
END_TEST

START_TEST(test_sm_record_error)
{
	sm_record_t *r = calloc(1, sizeof *r);
	ck_assert_ptr_nonnull(r);
	r->kind = SM_REC_DOC;
	r->data = strdup("text");
	r->len = 4;
	ck_assert_int_eq(sm_record_error(r, SM_EEMPTY, "empty %s", "input"), SM_OK);
	ck_assert_int_eq(r->kind, SM_REC_ERROR);
	ck_assert_int_eq(r->status, SM_EEMPTY);
	ck_assert_str_eq(r->message, "empty input");
	ck_assert_ptr_null(r->data);
	ck_assert_uint_eq(r->len, 0);
	ck_assert_int_eq(sm_record_error(NULL, SM_EEMPTY, "x"), SM_EINVAL);
	sm_record_free(r);
}
END_TEST

/* NULL arguments: a NULL record is SM_EINVAL; NULL opts are the defaults. */
START_TEST(test_sm_record_parse_jsonl_null)
{
	ck_assert_int_eq(sm_record_parse_jsonl(NULL, NULL), SM_EINVAL);
	sm_record_t *r = calloc(1, sizeof *r);
	ck_assert_ptr_nonnull(r);
	r->kind = SM_REC_JSONL;
	r->data = strdup("{\"id\":\"a1\",\"text\":\"Some text.\",\"title\":\"T\"}");
	r->len = strlen(r->data);
	r->line = 3;
	ck_assert_int_eq(sm_record_parse_jsonl(r, NULL), SM_OK);
	ck_assert_int_eq(r->kind, SM_REC_DOC);
	ck_assert_str_eq(r->id, "a1");
	ck_assert_str_eq(r->title, "T");
	ck_assert_uint_eq(r->len, 10);
	ck_assert_int_eq(memcmp(r->data, "Some text.", 10), 0);
	sm_record_free(r);
}
END_TEST

START_TEST(test_sm_record_free)
{
	sm_record_free(NULL);
}
END_TEST

/* --------------------------------------------------------------- runner */

START_TEST(test_sm_batch_opts_init)
{
	sm_batch_opts_t o;
	sm_batch_opts_init(&o);
	ck_assert_int_eq(o.format, SM_OUT_TEXT);
	ck_assert_uint_eq(o.threads, 0);
	ck_assert_ptr_null(o.output);
	ck_assert_int_eq(o.resume, 0);
	ck_assert_int_eq(o.progress, -1);
	ck_assert_int_eq(o.summary, -1);
	ck_assert_ptr_eq(o.err, stderr);
	ck_assert_uint_eq(o.input.max_bytes, 64u * 1024 * 1024);
	ck_assert_str_eq(o.config.lang, "english");
	sm_batch_opts_init(NULL); /* a no-op, not a crash */
}
END_TEST

START_TEST(test_sm_batch_default_threads)
{
	ck_assert_uint_ge(sm_batch_default_threads(), 1);
}
END_TEST

/*
 * The summary models, or NULL (the test then skips).  The runner's
 * promises (counts, order, resume) do not depend on the analysis, so the
 * runner tests use the base models and no facts: they run faster and do
 * not wait for the syntax models.
 */
static sm_models_t *load_models(void)
{
	sm_models_t *m = NULL;
	char err[512];
	if (sm_models_load(test_models_dir(), "english", SM_LOAD_BASE, &m, err,
			   sizeof err) != SM_OK) {
		fprintf(stderr, "batch: skipped, models not loadable: %s\n", err);
		return NULL;
	}
	return m;
}

/* Run the batch over one argument into a string (malloc'd). */
static char *run_to_string(const sm_models_t *m, sm_batch_opts_t *o, const char *arg,
			   sm_batch_stats_t *st, int *rc)
{
	FILE *fp = tmpfile();
	const char *args[1] = { arg };
	char *s;
	long n;
	ck_assert_ptr_nonnull(fp);
	o->out_fp = fp;
	*rc = sm_batch_run(m, o, args, 1, st, NULL, 0);
	fflush(fp);
	n = ftell(fp);
	s = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(s);
	rewind(fp);
	ck_assert_uint_eq(fread(s, 1, (size_t)n, fp), (size_t)n);
	s[n] = '\0';
	fclose(fp);
	return s;
}

static size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/*
 * The mixed file: 11 records in, 11 out, 7 of them errors, identical for
 * every thread count; the good records equal single-file mode.
 */
START_TEST(test_sm_batch_run)
{
	sm_models_t *m = load_models();
	sm_batch_opts_t o;
	sm_batch_stats_t st;
	char p[1024], q[1024];
	char *one, *many, *single, *t1;
	int rc;
	if (!m)
		return;
	sm_batch_opts_init(&o);
	o.config.facts = SM_FACTS_NONE;
	o.err = NULL;
	o.format = SM_OUT_JSON;
	o.input.max_bytes = 2048;
	o.threads = 1;
	one = run_to_string(m, &o, fixture(p, sizeof p, "mixed.jsonl"), &st, &rc);
	ck_assert_int_eq(rc, SM_OK);
	ck_assert_uint_eq(st.records, 11);
	ck_assert_uint_eq(st.failed, 7);
	ck_assert_int_eq(st.interrupted, 0);
	ck_assert_uint_eq(count_lines(one), 11);
	o.threads = 4;
	many = run_to_string(m, &o, p, &st, &rc);
	ck_assert_int_eq(rc, SM_OK);
	ck_assert_str_eq(one, many);

	/* text mode: the "good-2" section equals the single-file output */
	o.format = SM_OUT_TEXT;
	t1 = run_to_string(m, &o, p, &st, &rc);
	single = run_to_string(m, &o, fixture(q, sizeof q, "article2.txt"), &st, &rc);
	ck_assert_int_eq(rc, SM_OK);
	{
		const char *h = strstr(t1, "==> good-2 <==\n");
		ck_assert_ptr_nonnull(h);
		h += strlen("==> good-2 <==\n");
		ck_assert_int_eq(strncmp(h, single, strlen(single)), 0);
	}
	free(t1);
	free(single);
	free(one);
	free(many);

	/* --resume needs an output file */
	o.format = SM_OUT_JSON;
	o.resume = 1;
	{
		const char *args[1] = { p };
		char err[256];
		ck_assert_int_eq(sm_batch_run(m, &o, args, 1, NULL, err, sizeof err), SM_EINVAL);
		ck_assert_str_eq(err, "--resume needs --json output to a file (-o)");
	}
	ck_assert_int_eq(sm_batch_run(NULL, &o, NULL, 0, NULL, NULL, 0), SM_EINVAL);
	sm_models_free(m);
}
END_TEST

/* -o is written atomically; --resume completes a cut output exactly. */
START_TEST(test_sm_batch_run_resume)
{
	sm_models_t *m = load_models();
	sm_batch_opts_t o;
	sm_batch_stats_t st;
	char dir[] = "/tmp/sm-batch-XXXXXX", out[256], p[1024];
	const char *args[1];
	char *full, *again;
	size_t len = 0;
	FILE *fp;
	if (!m)
		return;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(out, sizeof out, "%s/out.jsonl", dir);
	args[0] = fixture(p, sizeof p, "plain.jsonl");
	sm_batch_opts_init(&o);
	o.config.facts = SM_FACTS_NONE;
	o.err = NULL;
	o.format = SM_OUT_JSON;
	o.output = out;
	o.threads = 2;
	ck_assert_int_eq(sm_batch_run(m, &o, args, 1, &st, NULL, 0), SM_OK);
	ck_assert_uint_eq(st.records, 40);
	full = test_read_file(out, &len);
	ck_assert_ptr_nonnull(full);
	ck_assert_uint_eq(count_lines(full), 40);

	/* cut in the middle of a record, then resume */
	fp = fopen(out, "wb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(full, 1, len / 3, fp), len / 3);
	fclose(fp);
	o.resume = 1;
	ck_assert_int_eq(sm_batch_run(m, &o, args, 1, &st, NULL, 0), SM_OK);
	ck_assert_uint_gt(st.skipped, 0);
	ck_assert_uint_eq(st.skipped + st.records, 40);
	again = test_read_file(out, NULL);
	ck_assert_ptr_nonnull(again);
	ck_assert_str_eq(again, full);
	free(again);

	/* an output that cannot be created: SM_EIO and no file */
	o.resume = 0;
	snprintf(out, sizeof out, "%s/no/such/dir/out.jsonl", dir);
	{
		char err[512];
		ck_assert_int_eq(sm_batch_run(m, &o, args, 1, &st, err, sizeof err), SM_EIO);
		ck_assert_ptr_nonnull(strstr(err, "cannot create"));
	}
	snprintf(out, sizeof out, "%s/out.jsonl", dir);
	unlink(out);
	rmdir(dir);
	free(full);
	sm_models_free(m);
}
END_TEST

/* The BBC shard of the news archive: every record in, exactly one out. */
START_TEST(test_sm_batch_run_archive)
{
	const char *shared = test_shared_dir();
	sm_models_t *m;
	sm_batch_opts_t o;
	sm_batch_stats_t st;
	char p[1024];
	const char *args[1];
	FILE *devnull;
	if (!shared) {
		fprintf(stderr, "batch: archive test skipped, no shared data\n");
		return;
	}
	snprintf(p, sizeof p, "%s/data/news-archive/bbc2225.jsonl.gz", shared);
	if (access(p, R_OK) != 0)
		return;
	m = load_models();
	if (!m)
		return;
	devnull = fopen("/dev/null", "w");
	ck_assert_ptr_nonnull(devnull);
	sm_batch_opts_init(&o);
	o.config.facts = SM_FACTS_NONE;
	o.err = NULL;
	o.format = SM_OUT_JSON;
	o.threads = 2;
	o.out_fp = devnull;
	args[0] = p;
	ck_assert_int_eq(sm_batch_run(m, &o, args, 1, &st, NULL, 0), SM_OK);
	ck_assert_uint_eq(st.records, 2225);
	fclose(devnull);
	sm_models_free(m);
}
END_TEST

Suite *suite_batch(void)
{
	Suite *s = suite_create("batch");
	TCase *tc = tcase_create("input");
	tcase_add_test(tc, test_sm_input_parse_size);
	tcase_add_test(tc, test_sm_input_opts_init);
	tcase_add_test(tc, test_sm_input_new);
	tcase_add_test(tc, test_sm_input_free);
	tcase_add_test(tc, test_sm_input_next);
	tcase_add_test(tc, test_sm_input_next_files);
	tcase_add_test(tc, test_sm_input_next_story);
	tcase_add_test(tc, test_sm_input_next_gzip);
	tcase_add_test(tc, test_sm_input_next_gzip_members);
	tcase_add_test(tc, test_sm_input_next_crlf);
	tcase_add_test(tc, test_sm_input_next_utf16);
	tcase_add_test(tc, test_sm_input_next_special);
	tcase_add_test(tc, test_sm_input_progress);
	tcase_add_test(tc, test_sm_record_parse_jsonl);
	tcase_add_test(tc, test_sm_record_key);
	tcase_add_test(tc, test_sm_record_error);
	tcase_add_test(tc, test_sm_record_parse_jsonl_null);
	tcase_add_test(tc, test_sm_record_free);
	suite_add_tcase(s, tc);
	tc = tcase_create("runner");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_sm_batch_opts_init);
	tcase_add_test(tc, test_sm_batch_default_threads);
	tcase_add_test(tc, test_sm_batch_run);
	tcase_add_test(tc, test_sm_batch_run_resume);
	tcase_add_test(tc, test_sm_batch_run_archive);
	suite_add_tcase(s, tc);
	return s;
}
