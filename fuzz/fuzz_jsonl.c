/*
 * fuzz_jsonl.c - libFuzzer harness for the batch runner's readers
 * (input.h): the JSON Lines splitter and sm_record_parse_jsonl, the text and
 * .story readers, gzip sniffing and the --max-bytes limit.
 *
 * Input: byte 0 picks the reader (bits 0-1: auto, text, jsonl, story) and
 * the limit (bits 2-7: max_bytes = 16 << (bits % 17), 16 B .. 1 MiB, so
 * the over-long line path is reached); the rest is the file.  The file is an
 * in-memory memfd opened by name through /proc/self/fd, so no disk I/O.
 * Each input is also parsed whole as one JSONL line.
 *
 * Checked (input.h contracts):
 *   - sm_input_next returns SM_OK or SM_ENOMEM, records of a known kind;
 *     error records carry a status < 0 and a message;
 *   - in JSONL mode, for input that is not gzip, exactly one record per
 *     line that is not blank or is over the limit, with its line number;
 *   - after sm_record_parse_jsonl a record is a document with non-empty
 *     text, or an error record;
 *   - the line parsed whole is a document exactly when jansson finds a
 *     good record in it, with the same text, id, title and date (the
 *     reader's own flat-record parser must agree with jansson).
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <jansson.h>

#include "fuzz.h"
#include "input.h"

/* Check one record after sm_record_parse_jsonl (or a non-JSONL record). */
static void check_parsed(const sm_record_t *r)
{
	FUZZ_CHECK(r->kind == SM_REC_DOC || r->kind == SM_REC_ERROR);
	if (r->kind == SM_REC_ERROR) {
		FUZZ_CHECK(r->status < 0);
		FUZZ_CHECK(r->message != NULL);
	} else {
		FUZZ_CHECK(r->data != NULL || r->len == 0);
	}
}

/* Does (p, n) start as UTF-16 or UTF-32 JSON Lines would: a byte order
 * mark, or a '{' beside a zero byte?  (input.c's wide_jsonl, which makes
 * such a file one error record.) */
static int wide_start(const uint8_t *p, size_t n)
{
	return n >= 2 && ((p[0] == 0xff && p[1] == 0xfe) || (p[0] == 0xfe && p[1] == 0xff) ||
			  (p[0] == '{' && !p[1]) || (!p[0] && p[1] == '{') ||
			  (n >= 4 && !p[0] && !p[1] && p[2] == 0xfe && p[3] == 0xff) ||
			  (n >= 4 && !p[0] && !p[1] && !p[2] && p[3] == '{'));
}

/*
 * Expected JSONL records of (p, n) under limit max: lines (split at '\n',
 * the last one unterminated if non-empty) that are not blank (only ' ',
 * '\t', '\r') or longer than max without a final CR.
 */
static size_t expected_lines(const uint8_t *p, size_t n, size_t max)
{
	size_t count = 0, i = 0;
	while (i < n) {
		size_t j = i, nonblank = 0;
		while (j < n && p[j] != '\n') {
			if (p[j] != ' ' && p[j] != '\t' && p[j] != '\r')
				nonblank = 1;
			j++;
		}
		/* a final CR does not count toward the limit (input.c) */
		size_t len = j - i - (j > i && p[j - 1] == '\r');
		if (nonblank || len > max)
			count++;
		i = j + 1;
	}
	return count;
}

/*
 * oracle - what jansson alone makes of the line (p, n) with the default
 * field names: 1 and the fields for a good record, 0 for an error, -1 when
 * the reader knowingly differs: jansson refuses numbers it cannot hold
 * (1e400, integers beyond int64), which the reader accepts in fields it
 * does not use.  An id holding U+0000 is an error for the reader (ids are
 * C strings).  The reader parses flat records itself and must agree.
 */
static int oracle(const uint8_t *p, size_t n, const sm_input_opts_t *o, json_t **root)
{
	json_t *t, *v;
	json_error_t err;
	*root = json_loadb((const char *)p, n, JSON_ALLOW_NUL, &err);
	if (!*root)
		return json_error_code(&err) == json_error_numeric_overflow ? -1 : 0;
	if (!json_is_object(*root))
		return 0;
	v = json_object_get(*root, o->id_field);
	if (v && !json_is_null(v) && !json_is_string(v) && !json_is_integer(v))
		return 0;
	if (v && json_is_string(v) &&
	    memchr(json_string_value(v), '\0', json_string_length(v)))
		return 0;
	t = json_object_get(*root, o->text_field);
	return t && json_is_string(t) && json_string_length(t) > 0;
}

/* Does the optional field (absent, empty or not a string = NULL) match?
 * The reader's title and date are C strings: cut at a U+0000. */
static int same_opt(json_t *root, const char *name, const char *got)
{
	json_t *v = json_object_get(root, name);
	if (!v || !json_is_string(v) || json_string_length(v) == 0)
		return got == NULL;
	size_t len = strnlen(json_string_value(v), json_string_length(v));
	if (len == 0)
		return got == NULL || got[0] == '\0';
	return got && strlen(got) == len && memcmp(got, json_string_value(v), len) == 0;
}

/* Parse (p, n) as one JSONL line with the default field names, and check
 * the outcome against jansson's reading of it. */
static void parse_one_line(const uint8_t *p, size_t n)
{
	json_t *root = NULL;
	sm_input_opts_t o;
	sm_record_t *r = calloc(1, sizeof *r);
	if (!r)
		return;
	sm_input_opts_init(&o);
	r->kind = SM_REC_JSONL;
	r->line = 1;
	r->data = malloc(n + 1);
	if (!r->data)
		goto done;
	memcpy(r->data, p, n);
	r->data[n] = '\0';
	r->len = n;
	if (sm_record_parse_jsonl(r, &o) == SM_OK) {
		check_parsed(r);
		int good = oracle(p, n, &o, &root);
		/* The reader refuses nesting deeper than SM_JSON_MAX_DEPTH
		 * before jansson sees it: compare when no line can be that
		 * deep (no more brackets than the limit). */
		size_t opens = 0;
		for (size_t i = 0; i < n; i++)
			opens += p[i] == '{' || p[i] == '[';
		if (opens <= SM_JSON_MAX_DEPTH && good >= 0)
			FUZZ_CHECK(good == (r->kind == SM_REC_DOC));
		if (good == 1 && r->kind == SM_REC_DOC) {
			json_t *t = json_object_get(root, o.text_field);
			json_t *id = json_object_get(root, o.id_field);
			FUZZ_CHECK(r->len == json_string_length(t));
			FUZZ_CHECK(memcmp(r->data, json_string_value(t), r->len) == 0);
			if (id && json_is_string(id))
				FUZZ_CHECK(r->id && strlen(r->id) == json_string_length(id) &&
					   memcmp(r->id, json_string_value(id), strlen(r->id)) == 0);
			else if (id && json_is_integer(id)) {
				char tmp[32];
				snprintf(tmp, sizeof tmp, "%" JSON_INTEGER_FORMAT, json_integer_value(id));
				FUZZ_CHECK(r->id && strcmp(r->id, tmp) == 0);
			} else
				FUZZ_CHECK(r->id && strcmp(r->id, "line:1") == 0);
			FUZZ_CHECK(same_opt(root, o.title_field, r->title));
			FUZZ_CHECK(same_opt(root, o.date_field, r->date));
		}
	}
done:
	json_decref(root);
	sm_record_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int formats[4] = {
		SM_INPUT_AUTO, SM_INPUT_TEXT, SM_INPUT_JSONL, SM_INPUT_STORY
	};
	sm_input_opts_t o;
	sm_input_t *in = NULL;
	sm_record_t *r = NULL;
	char path[64];
	const char *args[1] = { path };
	size_t nrec = 0, last_line = 0;
	int fd = -1, rc;
	if (size < 1)
		return 0;
	sm_input_opts_init(&o);
	o.format = formats[data[0] & 3];
	o.max_bytes = (size_t)16 << ((data[0] >> 2) % 17);
	data++, size--;
	parse_one_line(data, size);

	fd = memfd_create("fuzz_jsonl", 0);
	if (fd < 0)
		return 0;
	if (size && write(fd, data, size) != (ssize_t)size)
		goto done;
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	if (sm_input_new(&o, args, 1, &in) != SM_OK)
		goto done;
	for (;;) {
		rc = sm_input_next(in, &r);
		FUZZ_CHECK(rc == SM_OK || rc == SM_ENOMEM);
		if (rc != SM_OK || !r)
			break;
		nrec++;
		FUZZ_CHECK(r->kind == SM_REC_DOC || r->kind == SM_REC_JSONL ||
			   r->kind == SM_REC_ERROR);
		if (r->kind == SM_REC_ERROR)
			FUZZ_CHECK(r->status < 0 && r->message != NULL);
		/* JSONL lines come in order; a record without a line is an
		 * error about the whole file (UTF-16 data, also inside gzip) */
		if (o.format == SM_INPUT_JSONL && r->line) {
			FUZZ_CHECK(r->line > last_line);
			last_line = r->line;
		} else if (o.format == SM_INPUT_JSONL) {
			FUZZ_CHECK(r->kind == SM_REC_ERROR);
		}
		if (r->kind == SM_REC_JSONL) {
			FUZZ_CHECK(sm_record_parse_jsonl(r, &o) == SM_OK);
			check_parsed(r);
		}
		sm_record_free(r);
		r = NULL;
		FUZZ_CHECK(nrec <= size + 1);
	}
	/* gzip data, and UTF-16/32 (one error record for the whole file),
	 * are not counted in lines */
	if (rc == SM_OK && o.format == SM_INPUT_JSONL &&
	    !(size >= 2 && data[0] == 0x1f && data[1] == 0x8b) && !wide_start(data, size))
		FUZZ_CHECK(nrec == expected_lines(data, size, o.max_bytes));
done:
	sm_record_free(r);
	sm_input_free(in);
	if (fd >= 0)
		close(fd);
	return 0;
}
