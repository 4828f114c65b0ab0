/*
 * input.h - the batch runner's readers: every kind of input becomes records.
 *
 * An sm_input_t walks a list of command-line arguments and yields one
 * sm_record_t at a time, in a fixed order:
 *
 *   "-"            standard input (format sniffed from its first bytes);
 *   FILE           a text article, a CNN/DailyMail .story file, or a JSON
 *                  Lines archive (one article per line), any of them
 *                  optionally gzip-compressed (told by the magic bytes; a
 *                  FIFO, a device or /dev/stdin is read like a file);
 *   DIRECTORY      walked recursively in byte order of the names (so the
 *                  order never depends on the file system or the locale),
 *                  hidden entries skipped, files filtered by --glob (fnmatch
 *                  on the base name, or on the path below the directory when
 *                  the pattern holds a '/'); an entry that is not a regular
 *                  file or directory (FIFO, device) is an error record, as
 *                  reading it could block or never end.
 *
 * Format: --input-format wins; else the name (.jsonl, .ndjson, .json ->
 * JSONL; .story -> story; after stripping .gz); else the content (first
 * non-blank byte '{' -> JSONL; a line "@highlight" -> story; else text).
 *
 * Memory is bounded by the record, never by the file: a JSONL stream is read
 * through a fixed buffer and split into lines; a line longer than max_bytes
 * is skipped up to its newline and reported as an error record (a CRLF
 * line's CR does not count).  Whole-file inputs larger than max_bytes are
 * read no further than the limit and become error records.  Errors never
 * stop the walk: a missing file, an unreadable file inside a directory, a
 * truncated gzip stream, junk after the last gzip member each yield one
 * error record (after every record decoded before it) and the reader
 * carries on with the next input.  UTF-16 or UTF-32 JSON Lines are one
 * error record for the file.
 *
 * The reader does not parse JSON: a JSONL record carries its raw line and
 * the worker threads parse it (sm_record_parse_jsonl), so the one reader
 * thread is never the bottleneck.
 */
#ifndef SM_INPUT_H
#define SM_INPUT_H

#include <signal.h>
#include <stdint.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Input formats (--input-format). */
enum {
	SM_INPUT_AUTO = 0,
	SM_INPUT_TEXT,
	SM_INPUT_JSONL,
	SM_INPUT_STORY
};

/* What a record carries. */
enum {
	SM_REC_DOC = 0, /* data is the text of one document */
	SM_REC_JSONL,   /* data is one raw JSON line, parsed by the worker */
	SM_REC_ERROR    /* the input failed: status and message say why */
};

/* Deepest JSON nesting accepted in a JSONL line. */
#define SM_JSON_MAX_DEPTH 64

typedef struct {
	int format;             /* SM_INPUT_*; default AUTO */
	size_t max_bytes;       /* per document / per JSONL line; default 64 MiB */
	const char *glob;       /* filter for files found in directories, or NULL */
	const char *id_field;   /* JSONL field names; defaults id/text/title/date */
	const char *text_field;
	const char *title_field;
	const char *date_field;
	const volatile sig_atomic_t *stop; /* when non-NULL and set, the walk ends early */
} sm_input_opts_t;

/*
 * One unit of work.  Every string is malloc-owned by the record and released
 * by sm_record_free.  The worker fills out/failed/skipped.
 */
typedef struct sm_record {
	uint64_t seq;        /* position in the output (set by the batch runner) */
	int kind;            /* SM_REC_* */
	char *data;          /* DOC: text; JSONL: the line (no newline) */
	size_t len;
	size_t data_bytes;   /* input bytes this record stands for (statistics) */
	char *source;        /* file name as given, "stdin" for standard input */
	size_t line;         /* 1-based line in source (JSONL), else 0 */
	char *id;            /* document id (DOC: the file name; JSONL: set by
			      * sm_record_parse_jsonl), or NULL */
	char *title;         /* given title, or NULL */
	char *date;          /* given date, or NULL */
	char *reference;     /* .story highlights, one per line, or NULL */
	int multi;           /* part of a multi-document run: text output gets a
			      * "==> NAME <==" header */
	int in_dir;          /* met while walking a directory (not named as an
			      * argument) */
	int status;          /* ERROR: SM_E* code */
	char *message;       /* ERROR: the specific reason */

	/* Filled by the worker. */
	sm_buf_t out;        /* rendered output (or the JSON error record) */
	int failed;          /* the record is an error (after processing) */
	int skipped;         /* --resume: id already in the output; no output */
} sm_record_t;

typedef struct sm_input sm_input_t;

/* sm_input_opts_init - the defaults above.  NULL is a no-op. */
SM_EXPORT void sm_input_opts_init(sm_input_opts_t *o);

/*
 * sm_input_new - a reader over the n arguments args (copied; n == 0 means
 * standard input).  opts is copied, its strings are borrowed and must
 * outlive the reader.  Errors: SM_EINVAL, SM_ENOMEM.
 */
SM_EXPORT int sm_input_new(const sm_input_opts_t *opts,
			   const char *const *args, size_t n,
			   sm_input_t **out);

/* sm_input_free - closes any open file.  NULL is a no-op. */
SM_EXPORT void sm_input_free(sm_input_t *in);

/*
 * sm_input_next - the next record: *out is a new record (caller frees it
 * with sm_record_free), or NULL at the end.  Problems with an input are not
 * errors of this call: they come back as SM_REC_ERROR records.  Returns
 * SM_OK, or SM_ENOMEM (the walk cannot go on), or SM_EINTR when opts.stop
 * was set.
 */
SM_EXPORT int sm_input_next(sm_input_t *in, sm_record_t **out);

/*
 * sm_input_progress - raw bytes consumed so far (compressed bytes for gzip
 * files) and the total raw size of the regular files among the arguments
 * (*total is 0 when unknown, e.g. standard input or a directory).  Safe to
 * call only from the reading thread.  A NULL in gives 0 and 0; a NULL done
 * or total is not written.
 */
SM_EXPORT void sm_input_progress(const sm_input_t *in, uint64_t *done,
				 uint64_t *total);

/*
 * sm_record_error - make r an error record with status and a message
 * (copied, printf-style).  Clears any data.  SM_OK, SM_ENOMEM, or SM_EINVAL
 * (r or fmt NULL).
 */
SM_EXPORT int sm_record_error(sm_record_t *r, int status, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 3, 4)))
#endif
	;

/*
 * sm_record_parse_jsonl - turn a SM_REC_JSONL record into a SM_REC_DOC
 * record: parse the line, take the text, id, title and date fields named in
 * opts.  The id is the --id-field value (a string, or an integer written in
 * decimal); when the field is absent or null it is "line:N".  On failure the
 * record becomes a SM_REC_ERROR record (malformed JSON, invalid UTF-8,
 * nesting deeper than SM_JSON_MAX_DEPTH, not an object, missing or non-string
 * text field, empty text, an id holding U+0000) keeping whatever id was
 * found, and the call still returns SM_OK; only SM_ENOMEM is returned as an
 * error.  A number too big for a double or an int64 in a field that is not
 * used does not make the line malformed.  opts NULL: the defaults of
 * sm_input_opts_init.  r NULL: SM_EINVAL.
 */
SM_EXPORT int sm_record_parse_jsonl(sm_record_t *r, const sm_input_opts_t *opts);

/*
 * sm_record_key - a short name for a record: its id, else "line:N", else
 * its source.  Written into buf (cap bytes, NUL-terminated, truncated if
 * needed); returns buf.  Not the --resume key: that one is untruncated and
 * names the source of a line without an id too (batch.c, record_key).
 */
SM_EXPORT const char *sm_record_key(const sm_record_t *r, char *buf, size_t cap);

/* sm_record_free - NULL is a no-op. */
SM_EXPORT void sm_record_free(sm_record_t *r);

/*
 * sm_input_parse_size - parse a byte count with an optional K, M or G suffix
 * (powers of 1024, case-insensitive, optionally followed by "B" or "iB"):
 * "64M" -> 67108864.  Errors: SM_EINVAL (syntax, zero, overflow).
 */
SM_EXPORT int sm_input_parse_size(const char *s, size_t *out);

#ifdef __cplusplus
}
#endif
#endif /* SM_INPUT_H */
