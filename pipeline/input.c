/*
 * input.c - readers for the batch runner: files, directories, JSON Lines
 * (plain or gzip), CNN/DailyMail .story files and standard input, turned
 * into a stream of sm_record_t (see input.h for the rules).
 *
 * Design: one iterator with an explicit stack of directory listings (so a
 * deep tree costs one listing per level, not the whole tree) and at most one
 * open stream.  Every file is read behind a fixed buffer; one that starts
 * with the gzip magic goes through zlib's inflate, member after member
 * (driven here, not by gzread, so the bytes decoded before damage are
 * kept and junk after the last member is reported).  JSONL streams are split
 * into lines with memchr; a line is copied into its record, so the reader
 * holds one buffer and one line at most.  Lines over max_bytes are skipped
 * to their newline without being stored.
 *
 * References: RFC 8259 (JSON), jsonlines.org, RFC 1952 (gzip) via zlib;
 * the CNN/DailyMail .story layout of Hermann et al. (2015) as distributed by
 * See et al. (2017): article paragraphs, then "@highlight" + one line each.
 */
#define _GNU_SOURCE /* fnmatch, openat, dirfd */
#include "input.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define SM_INPUT_BUFSZ ((size_t)256 * 1024)
#define SM_INPUT_MAX_DEPTH 64 /* directory recursion limit (symlink loops) */
#define SM_DEFAULT_MAX_BYTES ((size_t)64 * 1024 * 1024)

/* ---------------------------------------------------------------- helpers */

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

static char *xstrndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (!d)
		return NULL;
	if (n)
		memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* The id of a JSONL record without one: "line:N", malloc'd; NULL if no memory. */
static char *line_id(size_t line)
{
	char tmp[40];
	snprintf(tmp, sizeof tmp, "line:%zu", line);
	return xstrdup(tmp);
}

/* Map an errno value from open/read to a status code. */
static int status_from_errno(int e)
{
	switch (e) {
	case ENOENT:
	case ENOTDIR:
		return SM_ENOENT;
	case EACCES:
	case EPERM:
		return SM_EACCES;
	case EISDIR:
		return SM_EISDIR;
	case ENOMEM:
		return SM_ENOMEM;
	case EINTR:
		return SM_EINTR;
	default:
		return SM_EIO;
	}
}

/* sm_input_opts_init - see input.h.  NULL is a no-op, as for
 * sm_config_init. */
void sm_input_opts_init(sm_input_opts_t *o)
{
	if (!o)
		return;
	memset(o, 0, sizeof *o);
	o->format = SM_INPUT_AUTO;
	o->max_bytes = SM_DEFAULT_MAX_BYTES;
	o->id_field = "id";
	o->text_field = "text";
	o->title_field = "title";
	o->date_field = "date";
}

/*
 * sm_input_parse_size - see input.h.  Digits, then an optional suffix
 * K/M/G (x1024^n) with an optional "B" or "iB".  Rejects 0, signs, spaces
 * and anything that overflows size_t.
 */
int sm_input_parse_size(const char *s, size_t *out)
{
	size_t v = 0, mult = 1;
	const char *p = s;
	if (!s || !out || *s < '0' || *s > '9')
		return SM_EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		size_t d = (size_t)(*p - '0');
		if (v > (SIZE_MAX - d) / 10)
			return SM_EINVAL;
		v = v * 10 + d;
	}
	switch (*p) {
	case 'k': case 'K': mult = (size_t)1 << 10; p++; break;
	case 'm': case 'M': mult = (size_t)1 << 20; p++; break;
	case 'g': case 'G': mult = (size_t)1 << 30; p++; break;
	default: break;
	}
	if (mult > 1 && (*p == 'i' || *p == 'I') && (p[1] == 'B' || p[1] == 'b'))
		p += 2;
	else if (*p == 'B' || *p == 'b')
		p++;
	if (*p != '\0' || v == 0 || v > SIZE_MAX / mult)
		return SM_EINVAL;
	*out = v * mult;
	return SM_OK;
}

/* ---------------------------------------------------------------- records */

void sm_record_free(sm_record_t *r)
{
	if (!r)
		return;
	free(r->data);
	free(r->source);
	free(r->id);
	free(r->title);
	free(r->date);
	free(r->reference);
	free(r->message);
	sm_buf_free(&r->out);
	free(r);
}

/*
 * sm_record_error - see input.h.  The data is dropped at once: an error
 * record never needs it, and the bounded queue should not carry it.
 */
int sm_record_error(sm_record_t *r, int status, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	if (!r || !fmt)
		return SM_EINVAL;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	free(r->data);
	r->data = NULL;
	r->len = 0;
	free(r->message);
	r->message = xstrdup(msg);
	r->kind = SM_REC_ERROR;
	r->status = status;
	return r->message ? SM_OK : SM_ENOMEM;
}

/* A new empty record from source (copied); NULL when out of memory. */
static sm_record_t *record_new(const char *source, size_t line, int multi,
			       int in_dir)
{
	sm_record_t *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->source = xstrdup(source);
	if (!r->source) {
		free(r);
		return NULL;
	}
	r->line = line;
	r->multi = multi;
	r->in_dir = in_dir;
	return r;
}

const char *sm_record_key(const sm_record_t *r, char *buf, size_t cap)
{
	if (cap == 0)
		return buf;
	if (r->id)
		snprintf(buf, cap, "%s", r->id);
	else if (r->line)
		snprintf(buf, cap, "line:%zu", r->line);
	else
		snprintf(buf, cap, "%s", r->source ? r->source : "");
	return buf;
}

/* ------------------------------------------------------------ JSON parsing */

/*
 * json_string_end - the index of the quote that closes the JSON string
 * whose body starts at p[i] (len when it is not closed); a backslash
 * escapes the byte after it.  For the cheap pre-scans below, which must
 * not take brackets or digits inside strings for structure.
 */
static size_t json_string_end(const char *p, size_t i, size_t len)
{
	for (; i < len && p[i] != '"'; i++)
		if (p[i] == '\\')
			i++;
	return i < len ? i : len;
}

/*
 * json_depth_ok - 1 when the nesting of [p, p+len) never exceeds max.
 * A cheap scan that knows strings and escapes, so a bracket inside a string
 * does not count; run before jansson so a hostile line costs one pass.
 */
static int json_depth_ok(const char *p, size_t len, int max)
{
	int depth = 0;
	for (size_t i = 0; i < len; i++) {
		char c = p[i];
		if (c == '"') {
			i = json_string_end(p, i + 1, len);
		} else if (c == '{' || c == '[') {
			if (++depth > max)
				return 0;
		} else if (c == '}' || c == ']') {
			depth--;
		}
	}
	return 1;
}

/* A JSON value as a malloc'd id string: strings as is, integers in decimal;
 * NULL in *out for null/absent; SM_EFIELD for other types. */
static int json_id_string(json_t *v, char **out)
{
	char tmp[32];
	*out = NULL;
	if (!v || json_is_null(v))
		return SM_OK;
	if (json_is_string(v)) {
		*out = xstrndup(json_string_value(v), json_string_length(v));
	} else if (json_is_integer(v)) {
		snprintf(tmp, sizeof tmp, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		*out = xstrdup(tmp);
	} else {
		return SM_EFIELD;
	}
	return *out ? SM_OK : SM_ENOMEM;
}

/* An optional string field: NULL when absent, null, empty or not a string. */
static int json_opt_string(json_t *obj, const char *name, char **out)
{
	json_t *v = name ? json_object_get(obj, name) : NULL;
	*out = NULL;
	if (!v || !json_is_string(v) || json_string_length(v) == 0)
		return SM_OK;
	*out = xstrndup(json_string_value(v), json_string_length(v));
	return *out ? SM_OK : SM_ENOMEM;
}

/* ------------------------------------------------- flat-record fast path */

/*
 * Most JSONL news records are one flat object of strings and numbers.
 * jansson builds a tree with a hash table per object and copies every
 * string, which cost a tenth of the summary-only time.  flat_scan reads
 * such a record in one pass, validating exactly what RFC 8259 and jansson
 * demand (structure, escapes, surrogate pairs, strict UTF-8, nothing after
 * the object), and notes where the four fields we use are.  Anything it
 * does not fully handle -- nested values, escaped or repeated keys of
 * interest, long or fractional numbers, any error -- makes it give up,
 * and the record goes to jansson as before, so results and error messages
 * do not depend on which path read a record.
 */

enum { FV_NONE, FV_STRING, FV_INT, FV_NULL, FV_OTHER };

typedef struct {
	int type;           /* FV_* */
	size_t a, b;        /* string: the bytes between the quotes; int: digits */
	int esc;            /* the string has escapes */
} flat_val_t;

static size_t flat_ws(const char *p, size_t i, size_t n)
{
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r'))
		i++;
	return i;
}

static int flat_hex4(const char *p, size_t i, size_t n, unsigned *v)
{
	unsigned x = 0;
	if (n - i < 4)
		return 0;
	for (size_t k = 0; k < 4; k++) {
		unsigned char c = (unsigned char)p[i + k];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return 0;
		x = x << 4 | d;
	}
	*v = x;
	return 1;
}

/* A string whose opening quote is at p[i]: *end after the closing quote.
 * 0 when it is not a valid JSON string. */
static int flat_string(const char *p, size_t i, size_t n, size_t *end, int *esc)
{
	const unsigned char *s = (const unsigned char *)p;
	*esc = 0;
	for (i++; i < n;) {
		unsigned c = s[i];
		if (c == '"') {
			*end = i + 1;
			return 1;
		}
		if (c < 0x20)
			return 0;
		if (c < 0x80 && c != '\\') {
			i++;
			continue;
		}
		if (c >= 0x80) {
			size_t k = sm_utf8_len(s + i, n - i);
			if (!k)
				return 0;
			i += k;
			continue;
		}
		*esc = 1;
		if (++i >= n)
			return 0;
		c = s[i];
		if (c == 'u') {
			unsigned v, w;
			if (!flat_hex4(p, i + 1, n, &v))
				return 0;
			i += 5;
			if (v >= 0xdc00 && v <= 0xdfff)
				return 0;
			if (v >= 0xd800 && v <= 0xdbff) {
				if (n - i < 6 || s[i] != '\\' || s[i + 1] != 'u' ||
				    !flat_hex4(p, i + 2, n, &w) || w < 0xdc00 || w > 0xdfff)
					return 0;
				i += 6;
			}
			continue;
		}
		if (!strchr("\"\\/bfnrt", (int)c) || c == 0)
			return 0;
		i++;
	}
	return 0;
}

/* Decode the valid string body p[a, b) into dst (dst may be p + a: the
 * output never runs ahead of the input).  Returns the decoded length. */
static size_t flat_decode(const char *p, size_t a, size_t b, char *dst)
{
	size_t o = 0;
	for (size_t i = a; i < b;) {
		if (p[i] != '\\') {
			dst[o++] = p[i++];
			continue;
		}
		char c = p[i + 1];
		i += 2;
		if (c != 'u') {
			switch (c) {
			case 'b': dst[o++] = '\b'; break;
			case 'f': dst[o++] = '\f'; break;
			case 'n': dst[o++] = '\n'; break;
			case 'r': dst[o++] = '\r'; break;
			case 't': dst[o++] = '\t'; break;
			default: dst[o++] = c; break;
			}
			continue;
		}
		unsigned v, w;
		flat_hex4(p, i, b, &v);
		i += 4;
		if (v >= 0xd800 && v <= 0xdbff) {
			flat_hex4(p, i + 2, b, &w);
			i += 6;
			v = 0x10000 + ((v - 0xd800) << 10) + (w - 0xdc00);
		}
		if (v < 0x80) {
			dst[o++] = (char)v;
		} else if (v < 0x800) {
			dst[o++] = (char)(0xc0 | v >> 6);
			dst[o++] = (char)(0x80 | (v & 0x3f));
		} else if (v < 0x10000) {
			dst[o++] = (char)(0xe0 | v >> 12);
			dst[o++] = (char)(0x80 | (v >> 6 & 0x3f));
			dst[o++] = (char)(0x80 | (v & 0x3f));
		} else {
			dst[o++] = (char)(0xf0 | v >> 18);
			dst[o++] = (char)(0x80 | (v >> 12 & 0x3f));
			dst[o++] = (char)(0x80 | (v >> 6 & 0x3f));
			dst[o++] = (char)(0x80 | (v & 0x3f));
		}
	}
	return o;
}

/* Is the key p[a, b) (no escapes) the field name? */
static int flat_key_is(const char *p, size_t a, size_t b, const char *name)
{
	size_t n = b - a;
	return name && strlen(name) == n && memcmp(p + a, name, n) == 0;
}

/*
 * flat_scan - scan the record p[0, n) as a flat JSON object; fill v[0..4)
 * for the fields names[0..4) (NULL names match nothing).  Returns 1 when
 * the whole record is valid and within the fast path, else 0.
 */
static int flat_scan(const char *p, size_t n, const char *const names[4], flat_val_t v[4])
{
	size_t i = flat_ws(p, 0, n), end;
	int esc;
	for (int f = 0; f < 4; f++)
		v[f].type = FV_NONE;
	if (i >= n || p[i] != '{')
		return 0;
	i = flat_ws(p, i + 1, n);
	if (i < n && p[i] == '}')
		return flat_ws(p, i + 1, n) == n;
	for (;;) {
		if (i >= n || p[i] != '"' || !flat_string(p, i, n, &end, &esc))
			return 0;
		if (esc)
			return 0;   /* an escaped key could spell a field name */
		size_t ka = i + 1, kb = end - 1;
		int field = -1;
		for (int f = 0; f < 4 && field < 0; f++)
			if (flat_key_is(p, ka, kb, names[f]))
				field = f;
		if (field >= 0 && v[field].type != FV_NONE)
			return 0;   /* repeated field: leave the rule to jansson */
		i = flat_ws(p, end, n);
		if (i >= n || p[i] != ':')
			return 0;
		i = flat_ws(p, i + 1, n);
		if (i >= n)
			return 0;
		flat_val_t val = { FV_OTHER, i, i, 0 };
		char c = p[i];
		if (c == '"') {
			if (!flat_string(p, i, n, &end, &val.esc))
				return 0;
			val.type = FV_STRING;
			val.a = i + 1;
			val.b = end - 1;
			i = end;
		} else if (c == '-' || (c >= '0' && c <= '9')) {
			/* integers of up to 18 digits, no leading zeros */
			size_t j = i + (c == '-');
			size_t d = j;
			while (j < n && p[j] >= '0' && p[j] <= '9')
				j++;
			if (j == d || j - d > 18 || (p[d] == '0' && j - d > 1))
				return 0;
			if (j < n && (p[j] == '.' || p[j] == 'e' || p[j] == 'E'))
				return 0;
			val.type = FV_INT;
			val.a = i;
			val.b = j;
			i = j;
		} else if (n - i >= 4 && memcmp(p + i, "null", 4) == 0) {
			val.type = FV_NULL;
			i += 4;
		} else if (n - i >= 4 && memcmp(p + i, "true", 4) == 0) {
			i += 4;
		} else if (n - i >= 5 && memcmp(p + i, "false", 5) == 0) {
			i += 5;
		} else {
			return 0;   /* object, array or not JSON */
		}
		if (field >= 0)
			v[field] = val;
		i = flat_ws(p, i, n);
		if (i < n && p[i] == ',') {
			i = flat_ws(p, i + 1, n);
			continue;
		}
		if (i < n && p[i] == '}')
			return flat_ws(p, i + 1, n) == n;
		return 0;
	}
}

/* The string value v of p, decoded into dst (which may be p itself, as
 * for flat_decode) and NUL-terminated; returns its length. */
static size_t flat_value(const char *p, const flat_val_t *v, char *dst)
{
	size_t len = v->b - v->a;
	if (v->esc)
		len = flat_decode(p, v->a, v->b, dst);
	else
		memmove(dst, p + v->a, len);
	dst[len] = '\0';
	return len;
}

/* The string value v of p as a malloc'd NUL-terminated copy. */
static char *flat_copy_string(const char *p, const flat_val_t *v)
{
	char *d = malloc(v->b - v->a + 1);
	if (d)
		flat_value(p, v, d);
	return d;
}

/*
 * flat_record - the fast path of sm_record_parse_jsonl.  Returns 1 when
 * it parsed the record to a document (or failed for lack of memory, *rc
 * set), 0 to hand the record to jansson untouched.
 */
static int flat_record(sm_record_t *r, const sm_input_opts_t *opts, int *rc)
{
	const char *names[4] = { opts->id_field, opts->text_field, opts->title_field,
				 opts->date_field };
	flat_val_t v[4];
	*rc = SM_OK;
	if (!flat_scan(r->data, r->len, names, v))
		return 0;
	/* only good records: every error case is jansson's to report */
	if (v[1].type != FV_STRING || v[1].b == v[1].a ||
	    (v[0].type != FV_STRING && v[0].type != FV_INT &&
	     v[0].type != FV_NULL && v[0].type != FV_NONE))
		return 0;
	/* an id that may hold U+0000 is refused there (a stray match on an
	 * escaped backslash only costs the slow path) */
	if (v[0].type == FV_STRING && v[0].esc &&
	    memmem(r->data + v[0].a, v[0].b - v[0].a, "\\u0000", 6))
		return 0;
	*rc = SM_ENOMEM;
	if (v[0].type == FV_STRING) {
		if (!(r->id = flat_copy_string(r->data, &v[0])))
			return 1;
	} else if (v[0].type == FV_INT) {
		char tmp[40];
		long long x = strtoll(r->data + v[0].a, NULL, 10);
		snprintf(tmp, sizeof tmp, "%lld", x);
		if (!(r->id = xstrdup(tmp)))
			return 1;
	} else if (!(r->id = line_id(r->line))) {
		return 1;
	}
	for (int f = 2; f < 4; f++) {
		char **dst = f == 2 ? &r->title : &r->date;
		/* absent, null, empty or not a string: NULL (an escape never
		 * decodes to nothing, so "not empty" is judged on the bytes) */
		if (v[f].type == FV_STRING && v[f].b > v[f].a &&
		    !(*dst = flat_copy_string(r->data, &v[f])))
			return 1;
	}
	/* The text is decoded in place: the record's buffer becomes it. */
	r->len = flat_value(r->data, &v[1], r->data);
	r->kind = SM_REC_DOC;
	*rc = SM_OK;
	return 1;
}

/*
 * json_number_len - the length of the JSON number (RFC 8259 grammar) that
 * starts p[0, n), 0 when none does; *real when it has a fraction or an
 * exponent.
 */
static size_t json_number_len(const char *p, size_t n, int *real)
{
	size_t i = 0;
#define SM_DIGIT(k) ((k) < n && p[k] >= '0' && p[k] <= '9')
	*real = 0;
	if (i < n && p[i] == '-')
		i++;
	if (i < n && p[i] == '0')
		i++;
	else if (SM_DIGIT(i))
		while (SM_DIGIT(i))
			i++;
	else
		return 0;
	if (i < n && p[i] == '.') {
		if (!SM_DIGIT(i + 1))
			return 0;
		for (i++; SM_DIGIT(i); i++)
			;
		*real = 1;
	}
	if (i < n && (p[i] == 'e' || p[i] == 'E')) {
		i++;
		if (i < n && (p[i] == '+' || p[i] == '-'))
			i++;
		if (!SM_DIGIT(i))
			return 0;
		while (SM_DIGIT(i))
			i++;
		*real = 1;
	}
#undef SM_DIGIT
	return i;
}

/*
 * json_tame_numbers - a malloc'd copy of the line p[0, len) in which every
 * real number and every integer beyond int64 is written "0.0" and padded
 * with spaces to its old length (each is at least 3 bytes), or NULL when
 * out of memory.  Why: jansson refuses the whole record for a number it
 * cannot hold ("too big integer", "real number overflow": 1e400), though
 * JSON sets no limit, other parsers take them, and we never use the value
 * of a real or of such an integer.  An id like that is still refused, as
 * not a string or integer.  Same length, so later error columns stay
 * right; strings are skipped; a malformed number is left for jansson.
 */
static char *json_tame_numbers(const char *p, size_t len)
{
	char *q = xstrndup(p, len);
	int real;
	if (!q)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		char c = q[i];
		if (c == '"') {
			i = json_string_end(q, i + 1, len);
			continue;
		}
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			while (i + 1 < len && ((q[i + 1] >= 'a' && q[i + 1] <= 'z') ||
					       (q[i + 1] >= 'A' && q[i + 1] <= 'Z') ||
					       (q[i + 1] >= '0' && q[i + 1] <= '9')))
				i++; /* a word (true, or junk): no number inside */
			continue;
		}
		size_t k = json_number_len(q + i, len - i, &real);
		if (!k)
			continue;
		int huge = real;
		if (!real) {
			char tmp[32];
			if (k >= sizeof tmp) {
				huge = 1;
			} else {
				memcpy(tmp, q + i, k);
				tmp[k] = '\0';
				errno = 0;
				(void)strtoll(tmp, NULL, 10);
				huge = errno == ERANGE;
			}
		}
		if (huge) {
			memcpy(q + i, "0.0", 3);
			memset(q + i + 3, ' ', k - 3);
		}
		i += k - 1;
	}
	return q;
}

/*
 * sm_record_parse_jsonl - see input.h.  jansson rejects invalid UTF-8
 * (RFC 8259 requires UTF-8), which we report as its own reason; NUL bytes
 * escaped as \u0000 are allowed in the text and reach ingest, which
 * replaces them, but not in the id: ids are C strings everywhere (output,
 * --resume), so "a\u0000b" and "a\u0000c" would both become "a".
 * A NULL r is SM_EINVAL; NULL opts means the defaults of
 * sm_input_opts_init, like a NULL cfg for sm_pipeline_new.
 */
int sm_record_parse_jsonl(sm_record_t *r, const sm_input_opts_t *opts)
{
	json_t *root = NULL, *text, *idv;
	json_error_t jerr;
	sm_input_opts_t defaults;
	int rc = SM_OK;

	if (!r)
		return SM_EINVAL;
	if (!opts) {
		sm_input_opts_init(&defaults);
		opts = &defaults;
	}
	if (r->kind != SM_REC_JSONL)
		return SM_OK;
	if (flat_record(r, opts, &rc))
		return rc;
	if (!json_depth_ok(r->data, r->len, SM_JSON_MAX_DEPTH)) {
		rc = sm_record_error(r, SM_EJSON, "malformed JSON: nesting deeper than %d",
				     SM_JSON_MAX_DEPTH);
		goto done;
	}
	root = json_loadb(r->data, r->len, JSON_ALLOW_NUL, &jerr);
	if (!root && json_error_code(&jerr) == json_error_numeric_overflow) {
		char *tame = json_tame_numbers(r->data, r->len);
		if (!tame) {
			rc = SM_ENOMEM;
			goto done;
		}
		root = json_loadb(tame, r->len, JSON_ALLOW_NUL, &jerr);
		free(tame);
	}
	if (!root) {
		if (json_error_code(&jerr) == json_error_invalid_utf8)
			rc = sm_record_error(r, SM_EJSON, "invalid UTF-8 in JSON record");
		else
			rc = sm_record_error(r, SM_EJSON, "malformed JSON: %s at column %d",
					     jerr.text, jerr.column);
		goto done;
	}
	if (!json_is_object(root)) {
		rc = sm_record_error(r, SM_EJSON, "malformed JSON: record is not an object");
		goto done;
	}
	idv = json_object_get(root, opts->id_field);
	if (idv && json_is_string(idv) &&
	    memchr(json_string_value(idv), '\0', json_string_length(idv))) {
		rc = sm_record_error(r, SM_EFIELD, "field \"%s\" contains U+0000",
				     opts->id_field);
		goto done;
	}
	rc = json_id_string(idv, &r->id);
	if (rc == SM_EFIELD) {
		rc = sm_record_error(r, SM_EFIELD, "field \"%s\" is not a string or integer",
				     opts->id_field);
		goto done;
	}
	if (rc != SM_OK)
		goto done;
	if (!r->id && !(r->id = line_id(r->line))) {
		rc = SM_ENOMEM;
		goto done;
	}
	text = json_object_get(root, opts->text_field);
	if (!text || json_is_null(text)) {
		rc = sm_record_error(r, SM_EFIELD, "missing field \"%s\"", opts->text_field);
		goto done;
	}
	if (!json_is_string(text)) {
		rc = sm_record_error(r, SM_EFIELD, "field \"%s\" is not a string",
				     opts->text_field);
		goto done;
	}
	if (json_string_length(text) == 0) {
		rc = sm_record_error(r, SM_EEMPTY, "empty input");
		goto done;
	}
	if ((rc = json_opt_string(root, opts->title_field, &r->title)) != SM_OK ||
	    (rc = json_opt_string(root, opts->date_field, &r->date)) != SM_OK)
		goto done;
	{
		char *t = xstrndup(json_string_value(text), json_string_length(text));
		if (!t) {
			rc = SM_ENOMEM;
			goto done;
		}
		free(r->data);
		r->data = t;
		r->len = json_string_length(text);
		r->kind = SM_REC_DOC;
	}
done:
	json_decref(root);
	return rc;
}

/* ---------------------------------------------------------------- streams */

/*
 * One open input: a file descriptor behind a fixed buffer of decoded bytes.
 * The first bytes decide: gzip magic (1f 8b) sends the raw bytes through
 * zlib's inflate, anything else is copied as is.  We drive inflate
 * ourselves instead of gzread: gzread drops what it decoded in a call that
 * ends in an error (a damaged archive lost every record before the damage)
 * and skips anything after the last member without a word.
 */
typedef struct {
	int fd;
	int sniffed;     /* gzip or plain decided */
	int gzip;        /* raw bytes go through inflate */
	int zinit;       /* z needs inflateEnd */
	int in_member;   /* inside a gzip member: its trailer not yet checked */
	int padding;     /* zero bytes seen after the last member */
	unsigned members; /* gzip members read completely */
	z_stream z;
	unsigned char *raw; /* gzip: bytes read, not yet inflated (z.next_in) */
	int raw_eof;     /* read() said end of file */
	uint64_t raw_off; /* bytes read from fd (progress) */
	char *buf;
	size_t pos, len;
	int eof;         /* no more bytes */
	int status;      /* first read error (SM_EGZIP, SM_EIO ...) or SM_OK */
	char why[96];    /* the message for status when more specific, or "" */
	char *source;    /* display name */
	int format;      /* SM_INPUT_* once decided */
	int multi;
	size_t line;     /* lines delivered so far (JSONL) */
	int in_dir;      /* found by walking a directory */
} stream_t;

#define SM_INPUT_RAWSZ ((size_t)64 * 1024)

/* A directory being walked: its sorted entry names. */
typedef struct {
	char *path;
	char **names;
	size_t n, i;
	dev_t dev;       /* identity, to refuse a link back to an open dir */
	ino_t ino;
} dir_frame_t;

struct sm_input {
	sm_input_opts_t opts;
	char **args;
	size_t nargs, argi;
	int multi;             /* more than one argument */
	dir_frame_t *dirs;     /* stack */
	size_t ndirs, capdirs;
	stream_t *cur;         /* open JSONL stream, or NULL */
	uint64_t done_closed;  /* raw bytes of inputs already closed */
	uint64_t total;        /* raw size of the regular-file arguments */
	int stdin_used;
};

static void stream_free(stream_t *s)
{
	if (!s)
		return;
	if (s->zinit)
		inflateEnd(&s->z);
	if (s->fd >= 0)
		close(s->fd);
	free(s->raw);
	free(s->buf);
	free(s->source);
	free(s);
}

/* Record the first error of s and end it. */
static void stream_fail(stream_t *s, int status, const char *why)
{
	if (s->status == SM_OK) {
		s->status = status;
		snprintf(s->why, sizeof s->why, "%s", why ? why : "");
	}
	s->eof = 1;
}

/*
 * fd_read - read up to cap bytes of s's file into dst.  Returns the count
 * (0 at end of file), or -1 on a read error, which fails s.  Every byte
 * read, gzip or plain, counts toward raw_off (the progress).
 */
static ssize_t fd_read(stream_t *s, void *dst, size_t cap)
{
	ssize_t n = read(s->fd, dst, cap);
	if (n < 0) {
		stream_fail(s, status_from_errno(errno), NULL);
		return -1;
	}
	s->raw_off += (uint64_t)n;
	return n;
}

/*
 * raw_read - gzip: keep the unread input at the front of s->raw and read
 * more after it.  Returns 1 when bytes came, 0 at end of file, -1 on a read
 * error (s failed).  A signal cuts the read as before (SM_EINTR): the
 * caller checks opts.stop and says so.
 */
static int raw_read(stream_t *s)
{
	ssize_t n;
	if (s->z.avail_in && s->z.next_in != s->raw)
		memmove(s->raw, s->z.next_in, s->z.avail_in);
	s->z.next_in = s->raw;
	if (s->z.avail_in >= SM_INPUT_RAWSZ)
		return 1;
	n = fd_read(s, s->raw + s->z.avail_in, SM_INPUT_RAWSZ - s->z.avail_in);
	if (n < 0)
		return -1;
	if (n == 0) {
		s->raw_eof = 1;
		return 0;
	}
	s->z.avail_in += (uInt)n;
	return 1;
}

/*
 * stream_sniff - read the first bytes (at least two, or to the end, as a
 * pipe may return one byte) and decide gzip or plain.  For gzip the bytes
 * move to the raw buffer and inflate starts.
 */
static void stream_sniff(stream_t *s)
{
	int zrc;
	s->sniffed = 1;
	while (s->len < 2) {
		ssize_t n = fd_read(s, s->buf + s->len, SM_INPUT_RAWSZ - s->len);
		if (n < 0)
			return;
		if (n == 0) {
			s->eof = 1;
			return;
		}
		s->len += (size_t)n;
	}
	if ((unsigned char)s->buf[0] != 0x1f || (unsigned char)s->buf[1] != 0x8b)
		return;
	s->raw = malloc(SM_INPUT_RAWSZ);
	if (!s->raw) {
		stream_fail(s, SM_ENOMEM, NULL);
		s->len = 0;
		return;
	}
	memcpy(s->raw, s->buf, s->len);
	s->z.next_in = s->raw;
	s->z.avail_in = (uInt)s->len;
	s->len = 0;
	zrc = inflateInit2(&s->z, 15 + 16); /* gzip wrapper only */
	if (zrc != Z_OK) {
		stream_fail(s, zrc == Z_MEM_ERROR ? SM_ENOMEM : SM_EGZIP, NULL);
		return;
	}
	s->zinit = 1;
	s->gzip = 1;
	s->in_member = 1;
}

/*
 * gz_fill - inflate into the free end of s->buf until it is full, the data
 * ends or an error: what was decoded before an error stays in the buffer,
 * and the error is set after it.  Between members: another member must
 * start with 1f 8b; zero bytes to the end of the file (tape padding) are
 * tolerated, anything else is an error.
 */
static void gz_fill(stream_t *s)
{
	while (s->len < SM_INPUT_BUFSZ) {
		if (!s->in_member) {
			const unsigned char *q;
			if (s->z.avail_in < 2 && !s->raw_eof) {
				if (raw_read(s) < 0)
					return;
				continue;
			}
			if (s->z.avail_in == 0) {
				s->eof = 1; /* clean end after a member */
				return;
			}
			q = s->z.next_in;
			if (s->padding || q[0] == 0) {
				s->padding = 1;
				while (s->z.avail_in && *s->z.next_in == 0) {
					s->z.next_in++;
					s->z.avail_in--;
				}
				if (s->z.avail_in == 0)
					continue;
			} else if (s->z.avail_in >= 2 && q[0] == 0x1f && q[1] == 0x8b) {
				inflateReset(&s->z);
				s->in_member = 1;
				continue;
			}
			char why[96];
			snprintf(why, sizeof why,
				 "corrupt or truncated gzip data: the data after member %u is not gzip",
				 s->members);
			stream_fail(s, SM_EGZIP, why);
			return;
		}
		if (s->z.avail_in == 0) {
			int got = s->raw_eof ? 0 : raw_read(s);
			if (got < 0)
				return;
			if (got == 0) {
				stream_fail(s, SM_EGZIP, NULL); /* cut inside a member */
				return;
			}
		}
		s->z.next_out = (unsigned char *)s->buf + s->len;
		s->z.avail_out = (uInt)(SM_INPUT_BUFSZ - s->len);
		int zrc = inflate(&s->z, Z_NO_FLUSH);
		s->len = SM_INPUT_BUFSZ - s->z.avail_out;
		if (zrc == Z_STREAM_END) {
			s->in_member = 0;
			s->members++;
		} else if (zrc != Z_OK && zrc != Z_BUF_ERROR) {
			/* Z_DATA_ERROR (bad data, header or checksum), Z_MEM_ERROR */
			stream_fail(s, zrc == Z_MEM_ERROR ? SM_ENOMEM : SM_EGZIP, NULL);
			return;
		}
	}
}

/*
 * stream_fill - move unread bytes to the front and read more.  Sets eof at
 * the end of the data and status on a read error; the bytes decoded before
 * the error are delivered first.  A gzip stream that ends inside a member
 * or holds corrupt data is SM_EGZIP.
 */
static void stream_fill(stream_t *s)
{
	ssize_t n;
	if (s->eof)
		return;
	if (s->pos > 0) {
		memmove(s->buf, s->buf + s->pos, s->len - s->pos);
		s->len -= s->pos;
		s->pos = 0;
	}
	if (s->len >= SM_INPUT_BUFSZ)
		return;
	if (!s->sniffed) {
		size_t before = s->len;
		stream_sniff(s);
		if (s->eof || s->len > before)
			return; /* plain: the sniffed bytes are the data */
	}
	if (s->gzip) {
		gz_fill(s);
		return;
	}
	n = fd_read(s, s->buf + s->len, SM_INPUT_BUFSZ - s->len);
	if (n > 0)
		s->len += (size_t)n;
	else if (n == 0)
		s->eof = 1;
}

/* The message for the status of s. */
static const char *stream_reason(const stream_t *s)
{
	return s->why[0] ? s->why : sm_strerror(s->status);
}

/*
 * open_stream - open path ("-" = stdin) for reading.  On failure returns
 * the status (errno mapped), sets *isdir for directories and *why when
 * the reason is more specific than sm_strerror's.  A file met in a
 * directory walk must be a regular file: a FIFO or a device there would
 * block the walk (open() of a FIFO waits for a writer, /dev/zero never
 * ends), so it is refused before it is opened, and opened O_NONBLOCK and
 * checked again in case it was swapped in between.  Files named on the
 * command line may be anything readable (pipes, /dev/stdin).
 */
static int open_stream(sm_input_t *in, const char *path, int in_dir,
		       stream_t **out, int *isdir, struct stat *st, const char **why)
{
	stream_t *s = NULL;
	int fd = -1, rc;
	*isdir = 0;
	*out = NULL;
	*why = NULL;
	if (in_dir && stat(path, st) == 0 && !S_ISREG(st->st_mode) &&
	    !S_ISDIR(st->st_mode)) {
		*why = "not a regular file";
		return SM_EFORMAT;
	}
	if (strcmp(path, "-") == 0) {
		fd = dup(STDIN_FILENO);
		in->stdin_used = 1;
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC | (in_dir ? O_NONBLOCK : 0));
	}
	if (fd < 0)
		return status_from_errno(errno);
	if (fstat(fd, st) != 0) {
		rc = status_from_errno(errno);
		goto fail;
	}
	if (S_ISDIR(st->st_mode)) {
		*isdir = 1;
		rc = SM_EISDIR;
		goto fail;
	}
	if (in_dir) {
		int fl = fcntl(fd, F_GETFL);
		if (!S_ISREG(st->st_mode)) {
			*why = "not a regular file";
			rc = SM_EFORMAT;
			goto fail;
		}
		if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
			rc = status_from_errno(errno);
			goto fail;
		}
	}
	s = calloc(1, sizeof *s);
	if (!s) {
		rc = SM_ENOMEM;
		goto fail;
	}
	s->fd = fd;
	fd = -1; /* owned by s now */
	if (!(s->buf = malloc(SM_INPUT_BUFSZ)) ||
	    !(s->source = xstrdup(strcmp(path, "-") == 0 ? "stdin" : path))) {
		rc = SM_ENOMEM;
		goto fail;
	}
	s->in_dir = in_dir;
	*out = s;
	return SM_OK;
fail:
	if (fd >= 0)
		close(fd);
	stream_free(s);
	return rc;
}

/* 1 when name (after an optional .gz) ends with ext. */
static int has_ext(const char *name, const char *ext)
{
	size_t n = strlen(name), e = strlen(ext);
	if (n > 3 && strcmp(name + n - 3, ".gz") == 0)
		n -= 3;
	return n > e && strncmp(name + n - e, ext, e) == 0;
}

/*
 * wide_jsonl - 16 or 32 when the bytes p[0, n) that start a JSON Lines
 * stream are UTF-16 or UTF-32 (a byte order mark, or a '{' beside zero
 * bytes), else 0.  JSON Lines are UTF-8 (RFC 8259, jsonlines.org); read
 * as bytes, a UTF-16 file (PowerShell writes them) gave one misleading
 * error per line plus one for the mark, so it gets one clear error.
 */
static int wide_jsonl(const unsigned char *p, size_t n)
{
	if (n >= 4 && ((p[0] == 0xff && p[1] == 0xfe && !p[2] && !p[3]) ||
		       (!p[0] && !p[1] && p[2] == 0xfe && p[3] == 0xff) ||
		       (p[0] == '{' && !p[1] && !p[2] && !p[3]) ||
		       (!p[0] && !p[1] && !p[2] && p[3] == '{')))
		return 32;
	if (n >= 2 && ((p[0] == 0xff && p[1] == 0xfe) || (p[0] == 0xfe && p[1] == 0xff) ||
		       (p[0] == '{' && !p[1]) || (!p[0] && p[1] == '{')))
		return 16;
	return 0;
}

/* The format of a stream by name, else by its first bytes (buffer filled):
 * a UTF-16 byte order mark and a '{' count as JSON Lines too, so that
 * wide_jsonl refuses them instead of summarizing the JSON as text. */
static int sniff_format(sm_input_t *in, stream_t *s)
{
	size_t i;
	if (in->opts.format != SM_INPUT_AUTO)
		return in->opts.format;
	if (has_ext(s->source, ".jsonl") || has_ext(s->source, ".ndjson") ||
	    has_ext(s->source, ".json"))
		return SM_INPUT_JSONL;
	if (has_ext(s->source, ".story"))
		return SM_INPUT_STORY;
	stream_fill(s);
	i = s->pos;
	if (s->len - i >= 3 && memcmp(s->buf + i, "\xef\xbb\xbf", 3) == 0)
		i += 3;
	while (i < s->len && (s->buf[i] == ' ' || s->buf[i] == '\t' ||
			      s->buf[i] == '\r' || s->buf[i] == '\n'))
		i++;
	if (i < s->len && s->buf[i] == '{')
		return SM_INPUT_JSONL;
	/* a UTF-16 mark then '{': FF FE 7B 00 (the literal's NUL is the 4th
	 * byte) or FE FF 00 7B */
	if (s->len - s->pos >= 4 &&
	    (memcmp(s->buf + s->pos, "\xff\xfe{", 4) == 0 ||
	     memcmp(s->buf + s->pos, "\xfe\xff\0{", 4) == 0))
		return SM_INPUT_JSONL;
	return SM_INPUT_AUTO; /* text or story: decided on the whole content */
}

/* ------------------------------------------------------------ story files */

/* 1 when [p, p+n) trimmed of spaces is "@highlight". */
static int is_highlight(const char *p, size_t n)
{
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
		n--;
	while (n && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	return n == 10 && memcmp(p, "@highlight", 10) == 0;
}

/* Offset of the first "@highlight" line in [p, p+n), or n. */
static size_t find_highlight(const char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		const char *nl = memchr(p + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - p) : n;
		if (is_highlight(p + i, e - i))
			return i;
		i = e + 1;
	}
	return n;
}

/*
 * split_story - cut r->data at its first @highlight line: the article stays
 * in data, the highlights go to r->reference, one per line (the lines of a
 * highlight that spans several are joined with a space).
 */
static int split_story(sm_record_t *r)
{
	size_t cut = find_highlight(r->data, r->len), i;
	sm_buf_t ref = {0};
	int rc = SM_OK, started = 0;
	if (cut == r->len)
		return SM_OK;
	for (i = cut; i < r->len;) {
		const char *nl = memchr(r->data + i, '\n', r->len - i);
		size_t e = nl ? (size_t)(nl - r->data) : r->len, a = i, b = e;
		while (a < b && (r->data[a] == ' ' || r->data[a] == '\t'))
			a++;
		while (b > a && (r->data[b - 1] == ' ' || r->data[b - 1] == '\t' ||
				 r->data[b - 1] == '\r'))
			b--;
		if (is_highlight(r->data + a, b - a)) {
			if (started && ref.len && ref.p[ref.len - 1] != '\n')
				rc = sm_buf_append(&ref, "\n", 1);
			started = 1;
		} else if (b > a && started) {
			if (ref.len && ref.p[ref.len - 1] != '\n')
				rc = sm_buf_append(&ref, " ", 1);
			if (rc == SM_OK)
				rc = sm_buf_append(&ref, r->data + a, b - a);
		}
		if (rc != SM_OK)
			goto done;
		i = e + 1;
	}
	while (cut > 0 && (r->data[cut - 1] == '\n' || r->data[cut - 1] == '\r' ||
			   r->data[cut - 1] == ' ' || r->data[cut - 1] == '\t'))
		cut--;
	r->len = cut;
	r->data[cut] = '\0';
	if (ref.len) {
		r->reference = ref.p;
		ref.p = NULL;
	}
done:
	sm_buf_free(&ref);
	return rc;
}

/* ------------------------------------------------------------- whole files */

/*
 * read_whole - read all of s into one record (text or story).  Over
 * max_bytes the record is an error and reading stops there: the size of a
 * plain regular file is taken from st, for anything else (gzip, a pipe, a
 * device like /dev/zero that never ends) the message says "more than";
 * draining the stream to count it could take forever.  A read error
 * mid-way is an error record too.
 */
static int read_whole(sm_input_t *in, stream_t *s, int format,
		      const struct stat *st, sm_record_t **out)
{
	sm_record_t *r = record_new(s->source, 0, in->multi || s->in_dir, s->in_dir);
	sm_buf_t b = {0};
	uint64_t total = 0;
	int rc = SM_OK, over = 0, exact = 1;
	*out = r;
	if (!r)
		return SM_ENOMEM;
	for (;;) {
		if (s->pos == s->len)
			stream_fill(s);
		if (s->pos == s->len)
			break;
		size_t n = s->len - s->pos;
		total += n;
		if (b.len + n > in->opts.max_bytes) {
			over = 1;
			/* a plain regular file: its size is known */
			if (S_ISREG(st->st_mode) && !s->gzip)
				total = (uint64_t)st->st_size;
			else
				exact = 0;
			break;
		}
		if ((rc = sm_buf_append(&b, s->buf + s->pos, n)) != SM_OK)
			goto done;
		s->pos = s->len;
		if (in->opts.stop && *in->opts.stop) {
			rc = SM_EINTR;
			goto done;
		}
	}
	r->data_bytes = (size_t)total;
	if (in->opts.stop && *in->opts.stop) {
		rc = SM_EINTR; /* a read cut by SIGINT is not an input error */
		goto done;
	}
	if (s->status != SM_OK) {
		rc = sm_record_error(r, s->status, "%s", stream_reason(s));
	} else if (over && exact) {
		rc = sm_record_error(r, SM_ETOOBIG,
				     "input too large (%llu bytes > --max-bytes %zu)",
				     (unsigned long long)total, in->opts.max_bytes);
	} else if (over) {
		rc = sm_record_error(r, SM_ETOOBIG,
				     "input too large (more than --max-bytes %zu bytes)",
				     in->opts.max_bytes);
	} else if (total == 0) {
		rc = sm_record_error(r, SM_EEMPTY, "empty input");
	} else {
		r->kind = SM_REC_DOC;
		r->data = b.p;
		r->len = b.len;
		b.p = NULL;
		r->id = xstrdup(r->source);
		if (!r->id) {
			rc = SM_ENOMEM;
			goto done;
		}
		if (format == SM_INPUT_STORY ||
		    (format == SM_INPUT_AUTO && find_highlight(r->data, r->len) < r->len))
			rc = split_story(r);
	}
done:
	sm_buf_free(&b);
	if (rc != SM_OK) {
		sm_record_free(r);
		*out = NULL;
	}
	return rc;
}

/* ------------------------------------------------------------- JSONL lines */

/* 1 when [p, p+n) is only whitespace. */
static int blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return 0;
	return 1;
}

/*
 * next_line - the next non-blank line of the JSONL stream s as a record,
 * or NULL at the end.  A line over max_bytes is consumed to its newline and
 * becomes an error record; the CR of a CRLF ending is not part of the line,
 * so it does not count (one more byte is stored while it may be that CR).  A read error ends the stream with one error
 * record for the incomplete last line (gzip: "corrupt or truncated gzip
 * data"), so the count of records stays one per line that was started.
 */
static int next_line(sm_input_t *in, stream_t *s, sm_record_t **out)
{
	sm_buf_t line = {0};
	size_t linelen = 0; /* bytes of the line, stored or not */
	size_t content;     /* linelen without a final CR */
	int rc = SM_OK, over, got = 0, ended;
	char last;          /* the line's last byte so far */
	*out = NULL;
	for (;;) {
		linelen = 0;
		over = 0;
		line.len = 0;
		got = 0;
		ended = 0;
		last = 0;
		for (;;) {
			if (s->pos == s->len)
				stream_fill(s);
			if (s->pos == s->len)
				break;
			got = 1;
			const char *p = s->buf + s->pos;
			size_t n = s->len - s->pos;
			const char *nl = memchr(p, '\n', n);
			size_t take = nl ? (size_t)(nl - p) : n;
			linelen += take;
			if (take)
				last = p[take - 1];
			/* max_bytes + 1 could wrap: one byte may be a CR */
			if (!over && linelen > 0 && linelen - 1 > in->opts.max_bytes) {
				over = 1;
				line.len = 0;
			}
			if (!over && (rc = sm_buf_append(&line, p, take)) != SM_OK)
				goto done;
			s->pos += take + (nl ? 1 : 0);
			if (nl) {
				ended = 1;
				break;
			}
			if (in->opts.stop && *in->opts.stop) {
				rc = SM_EINTR;
				goto done;
			}
		}
		if (in->opts.stop && *in->opts.stop) {
			rc = SM_EINTR;
			goto done;
		}
		if (!got)
			break; /* clean end */
		s->line++;
		content = linelen - (linelen && last == '\r');
		if (!over && content > in->opts.max_bytes) {
			over = 1;
			line.len = 0;
		}
		if (!ended && s->status != SM_OK) {
			/* the line was cut by the read error: report the stream */
			sm_record_t *r = record_new(s->source, s->line, 1, s->in_dir);
			if (!r) {
				rc = SM_ENOMEM;
				goto done;
			}
			r->data_bytes = linelen;
			rc = sm_record_error(r, s->status, "%s", stream_reason(s));
			s->status = SM_OK; /* reported */
			*out = r;
			goto done;
		}
		if (!over && blank(line.p ? line.p : "", line.len))
			continue;
		sm_record_t *r = record_new(s->source, s->line, 1, s->in_dir);
		if (!r) {
			rc = SM_ENOMEM;
			goto done;
		}
		r->data_bytes = linelen;
		if (over) {
			rc = sm_record_error(r, SM_ETOOBIG,
					     "input too large (%zu bytes > --max-bytes %zu)",
					     content, in->opts.max_bytes);
		} else {
			if (line.len && line.p[line.len - 1] == '\r')
				line.len--;
			/* a UTF-8 byte order mark before the first record */
			if (s->line == 1 && line.len >= 3 &&
			    memcmp(line.p, "\xef\xbb\xbf", 3) == 0) {
				memmove(line.p, line.p + 3, line.len - 3);
				line.len -= 3;
			}
			r->kind = SM_REC_JSONL;
			r->data = line.p;
			r->len = line.len;
			line.p = NULL;
			line.cap = 0;
		}
		*out = r;
		goto done;
	}
	/* End of stream; a read error that hit between lines still gets its record. */
	if (s->status != SM_OK) {
		sm_record_t *r = record_new(s->source, s->line + 1, 1, s->in_dir);
		if (!r) {
			rc = SM_ENOMEM;
			goto done;
		}
		rc = sm_record_error(r, s->status, "%s", stream_reason(s));
		s->status = SM_OK;
		*out = r;
	}
done:
	sm_buf_free(&line);
	return rc;
}

/* ---------------------------------------------------------------- walking */

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void frame_free(dir_frame_t *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->names[i]);
	free(f->names);
	free(f->path);
}

/*
 * push_dir - list directory path (non-hidden entries, sorted bytewise) and
 * push it.  Returns the status of opendir for the caller to report.
 */
static int push_dir(sm_input_t *in, const char *path)
{
	DIR *d;
	struct dirent *e;
	dir_frame_t f = {0};
	size_t cap = 0;
	int rc = SM_OK;
	struct stat st;
	if (in->ndirs >= SM_INPUT_MAX_DEPTH)
		return SM_OK; /* too deep: a symlink loop, most likely; skip */
	if (stat(path, &st) != 0)
		return status_from_errno(errno);
	/* A directory already on the stack is reached again through a link:
	 * walking it would repeat its files forever (up to the depth cap). */
	for (size_t k = 0; k < in->ndirs; k++)
		if (in->dirs[k].dev == st.st_dev && in->dirs[k].ino == st.st_ino)
			return SM_ELOOP;
	d = opendir(path);
	if (!d)
		return status_from_errno(errno);
	f.dev = st.st_dev;
	f.ino = st.st_ino;
	f.path = xstrdup(path);
	if (!f.path) {
		rc = SM_ENOMEM;
		goto done;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (f.n == cap) {
			size_t nc = cap ? cap * 2 : 32;
			char **nn = realloc(f.names, nc * sizeof *nn);
			if (!nn) {
				rc = SM_ENOMEM;
				goto done;
			}
			f.names = nn;
			cap = nc;
		}
		if (!(f.names[f.n] = xstrdup(e->d_name))) {
			rc = SM_ENOMEM;
			goto done;
		}
		f.n++;
	}
	if (f.n > 1) /* an empty directory has names == NULL: qsort(NULL) is UB */
		qsort(f.names, f.n, sizeof *f.names, name_cmp);
	if (in->ndirs == in->capdirs) {
		size_t nc = in->capdirs ? in->capdirs * 2 : 8;
		dir_frame_t *nd = realloc(in->dirs, nc * sizeof *nd);
		if (!nd) {
			rc = SM_ENOMEM;
			goto done;
		}
		in->dirs = nd;
		in->capdirs = nc;
	}
	in->dirs[in->ndirs++] = f;
	memset(&f, 0, sizeof f);
done:
	closedir(d);
	frame_free(&f);
	return rc;
}

/* The path of entry name of the top directory, below the walked root. */
static char *join_path(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	int slash = a > 0 && dir[a - 1] != '/';
	char *p = malloc(a + (size_t)slash + b + 1);
	if (!p)
		return NULL;
	memcpy(p, dir, a);
	if (slash)
		p[a] = '/';
	memcpy(p + a + (size_t)slash, name, b + 1);
	return p;
}

/* 1 when a file found in a directory passes --glob. */
static int glob_ok(const sm_input_t *in, const char *path, const char *name)
{
	const char *g = in->opts.glob;
	if (!g)
		return 1;
	if (strchr(g, '/')) {
		/* match the path below the argument directory */
		const char *root = in->dirs[0].path;
		size_t rl = strlen(root);
		const char *rel = path;
		if (strncmp(path, root, rl) == 0) {
			rel = path + rl;
			while (*rel == '/')
				rel++;
		}
		return fnmatch(g, rel, FNM_PATHNAME) == 0;
	}
	return fnmatch(g, name, 0) == 0;
}

/*
 * open_path - start reading path: a directory is pushed; a JSONL stream
 * becomes in->cur; a text or story file is read at once into *out.  Any
 * failure becomes an error record in *out.
 */
static int open_path(sm_input_t *in, const char *path, int in_dir, sm_record_t **out)
{
	stream_t *s = NULL;
	struct stat st;
	const char *why = NULL;
	int isdir = 0, rc, fmt, wide;
	*out = NULL;
	rc = open_stream(in, path, in_dir, &s, &isdir, &st, &why);
	if (isdir && strcmp(path, "-") != 0) {
		rc = push_dir(in, path);
		if (rc == SM_OK || rc == SM_ENOMEM)
			return rc;
		/* unreadable directory: report it */
	}
	if (rc != SM_OK) {
		sm_record_t *r;
		if (rc == SM_ENOMEM)
			return rc;
		r = record_new(strcmp(path, "-") == 0 ? "stdin" : path, 0,
			       in->multi || in_dir, in_dir);
		if (!r)
			return SM_ENOMEM;
		if (sm_record_error(r, rc, "%s", why ? why : sm_strerror(rc)) != SM_OK) {
			sm_record_free(r);
			return SM_ENOMEM;
		}
		*out = r;
		return SM_OK;
	}
	fmt = sniff_format(in, s);
	if (fmt == SM_INPUT_JSONL && s->pos == s->len)
		stream_fill(s);
	if (fmt == SM_INPUT_JSONL &&
	    (wide = wide_jsonl((const unsigned char *)s->buf + s->pos, s->len - s->pos))) {
		/* one error for the file, not one misleading error per line */
		sm_record_t *r = record_new(s->source, 0, in->multi || in_dir, in_dir);
		rc = SM_ENOMEM;
		if (r)
			rc = sm_record_error(r, SM_ENCODING,
					     "UTF-%d JSON Lines are not supported; convert to UTF-8",
					     wide);
		if (rc != SM_OK) {
			sm_record_free(r);
			r = NULL;
		}
		in->done_closed += s->raw_off;
		stream_free(s);
		*out = r;
		return rc;
	}
	if (fmt == SM_INPUT_JSONL) {
		s->format = fmt;
		s->multi = 1;
		in->cur = s;
		return SM_OK;
	}
	rc = read_whole(in, s, fmt, &st, out);
	/* a large file stops being read at --max-bytes: count it whole */
	in->done_closed += S_ISREG(st.st_mode) ? (uint64_t)st.st_size : s->raw_off;
	stream_free(s);
	return rc;
}

int sm_input_new(const sm_input_opts_t *opts, const char *const *args, size_t n,
		 sm_input_t **out)
{
	sm_input_t *in = NULL;
	size_t i;
	int unknown = 0;
	if (!opts || !out || (n && !args))
		return SM_EINVAL;
	*out = NULL;
	in = calloc(1, sizeof *in);
	if (!in)
		return SM_ENOMEM;
	in->opts = *opts;
	if (!in->opts.max_bytes)
		in->opts.max_bytes = SM_DEFAULT_MAX_BYTES;
	in->nargs = n ? n : 1;
	in->args = calloc(in->nargs, sizeof *in->args);
	if (!in->args)
		goto nomem;
	for (i = 0; i < in->nargs; i++) {
		struct stat st;
		in->args[i] = xstrdup(n ? args[i] : "-");
		if (!in->args[i])
			goto nomem;
		/* the total is known only when every argument is a regular file */
		if (strcmp(in->args[i], "-") != 0 && stat(in->args[i], &st) == 0 &&
		    S_ISREG(st.st_mode))
			in->total += (uint64_t)st.st_size;
		else
			unknown = 1;
	}
	if (unknown)
		in->total = 0;
	in->multi = in->nargs > 1;
	*out = in;
	return SM_OK;
nomem:
	sm_input_free(in);
	return SM_ENOMEM;
}

void sm_input_free(sm_input_t *in)
{
	if (!in)
		return;
	for (size_t i = 0; i < in->nargs && in->args; i++)
		free(in->args[i]);
	free(in->args);
	for (size_t i = 0; i < in->ndirs; i++)
		frame_free(&in->dirs[i]);
	free(in->dirs);
	stream_free(in->cur);
	free(in);
}

/*
 * sm_input_next - see input.h.  The loop goes: the open JSONL stream, then
 * the directory on top of the stack, then the next argument.
 */
int sm_input_next(sm_input_t *in, sm_record_t **out)
{
	int rc;
	if (!in || !out)
		return SM_EINVAL;
	*out = NULL;
	for (;;) {
		if (in->opts.stop && *in->opts.stop)
			return SM_EINTR;
		if (in->cur) {
			rc = next_line(in, in->cur, out);
			if (rc != SM_OK || *out)
				return rc;
			in->done_closed += in->cur->raw_off;
			stream_free(in->cur);
			in->cur = NULL;
			continue;
		}
		if (in->ndirs) {
			dir_frame_t *f = &in->dirs[in->ndirs - 1];
			struct stat st;
			char *path;
			if (f->i == f->n) {
				frame_free(f);
				in->ndirs--;
				continue;
			}
			path = join_path(f->path, f->names[f->i++]);
			if (!path)
				return SM_ENOMEM;
			if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
				rc = push_dir(in, path);
				if (rc != SM_OK && rc != SM_ENOMEM) {
					sm_record_t *r = record_new(path, 0, 1, 1);
					if (!r || sm_record_error(r, rc, "%s", sm_strerror(rc)) != SM_OK) {
						sm_record_free(r);
						rc = SM_ENOMEM;
					} else {
						*out = r;
						rc = SM_OK;
					}
				}
				free(path);
				if (rc != SM_OK || *out)
					return rc;
				continue;
			}
			if (!glob_ok(in, path, f->names[f->i - 1])) {
				free(path);
				continue;
			}
			rc = open_path(in, path, 1, out);
			free(path);
			if (rc != SM_OK || *out)
				return rc;
			continue;
		}
		if (in->argi < in->nargs) {
			rc = open_path(in, in->args[in->argi++], 0, out);
			if (rc != SM_OK || *out)
				return rc;
			continue;
		}
		return SM_OK;
	}
}

/* sm_input_progress - see input.h.  A NULL in reports 0 of 0; NULL
 * done or total is skipped. */
void sm_input_progress(const sm_input_t *in, uint64_t *done, uint64_t *total)
{
	uint64_t d = 0, t = 0;
	if (in) {
		d = in->done_closed;
		if (in->cur)
			d += in->cur->raw_off;
		t = in->total;
	}
	if (done)
		*done = d;
	if (total)
		*total = t;
}
