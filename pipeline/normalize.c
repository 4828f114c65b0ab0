/*
 * normalize.c - stage 2: NFKC, punctuation folding, whitespace collapsing,
 * with a map from every output byte back to the original input.
 *
 * ASCII is copied straight through (the fast path for news text: runs
 * found 16 bytes a step with SSE2, their map filled by counting).  A
 * non-ASCII character is first looked up in the fold table (typographic
 * quotes, dashes, spaces); otherwise, with any combining marks after it, it
 * forms a cluster that utf8proc normalizes to NFKC.  All output bytes of a
 * cluster map to the cluster's first input byte, so offsets stay exact at
 * character granularity.
 *
 * HTML character references that scraped news carries ("H&amp;R Block",
 * "&#233;t&eacute;") are decoded: the numeric ones (128-159 as Windows-1252,
 * as browsers do) and a table of common names; all bytes of the character
 * map to the '&'.  The decoded character is folded like a typed one but
 * not NFKC-normalized or composed with marks around it.  Anything else
 * with an ampersand ("AT&T", "R&D;") stays as it is.
 *
 * Whitespace: runs of spaces and tabs become one space; spaces before a
 * line end are dropped; a line's leading run is kept as one space (an
 * indented line starts a paragraph in hard-wrapped wire copy); more than
 * one blank line becomes one blank line.
 *
 * References: UAX #15 (normalization), utf8proc's API (utf8proc_decompose,
 * utf8proc_normalize_utf32, utf8proc_encode_char); HTML Living Standard,
 * 13.2.5.72-80 (character references; only the ';'-terminated forms).
 */
#include "normalize.h"
#include "bytemap.h"

#include <string.h>
#include <utf8proc.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Typographic folds: code point -> ASCII replacement ("" = drop). */
typedef struct {
	uint32_t cp;
	const char *to;
} fold_t;

static const fold_t folds[] = {
	{ 0x00a0, " " },   { 0x00ad, "" },    /* no-break space, soft hyphen */
	{ 0x2000, " " },   { 0x2001, " " },   { 0x2002, " " },  { 0x2003, " " },
	{ 0x2004, " " },   { 0x2005, " " },   { 0x2006, " " },  { 0x2007, " " },
	{ 0x2008, " " },   { 0x2009, " " },   { 0x200a, " " },
	{ 0x200b, "" },    { 0x200c, "" },    { 0x200d, "" },   /* zero width */
	{ 0x2010, "-" },   { 0x2011, "-" },   { 0x2012, "-" },  { 0x2013, "-" },
	{ 0x2014, "--" },  { 0x2015, "--" },  { 0x2212, "-" },  /* dashes, minus */
	{ 0x2018, "'" },   { 0x2019, "'" },   { 0x201a, "'" },  { 0x201b, "'" },
	{ 0x201c, "\"" },  { 0x201d, "\"" },  { 0x201e, "\"" }, { 0x201f, "\"" },
	{ 0x2026, "..." }, { 0x2028, "\n" },  { 0x2029, "\n" },
	{ 0x202f, " " },   { 0x2032, "'" },   { 0x2033, "\"" }, { 0x205f, " " },
	{ 0x2060, "" },    { 0x3000, " " },   { 0xfeff, "" },
	{ 0x00ab, "\"" },  { 0x00bb, "\"" },  /* guillemets */
	{ 0x2039, "'" },   { 0x203a, "'" },
};

/* The fold for cp, or NULL.  Only non-ASCII text gets here and the range
 * test rejects most of it, so a linear scan of the small table is fine. */
static const char *fold_lookup(uint32_t cp)
{
	if (cp < 0x00a0 || (cp > 0x00bb && cp < 0x2000) || (cp > 0x3000 && cp != 0xfeff))
		return NULL;
	for (size_t i = 0; i < sizeof folds / sizeof folds[0]; i++)
		if (folds[i].cp == cp)
			return folds[i].to;
	return NULL;
}

/* Named character references decoded: the common ones in news text. */
typedef struct {
	const char *name;
	uint32_t cp;
} charref_t;

static const charref_t charrefs[] = {
	{ "amp", '&' },      { "lt", '<' },       { "gt", '>' },
	{ "quot", '"' },     { "apos", '\'' },    { "nbsp", 0xa0 },
	{ "pound", 0xa3 },   { "euro", 0x20ac },  { "yen", 0xa5 },
	{ "cent", 0xa2 },    { "copy", 0xa9 },    { "reg", 0xae },
	{ "deg", 0xb0 },     { "eacute", 0xe9 },  { "egrave", 0xe8 },
	{ "aacute", 0xe1 },  { "agrave", 0xe0 },  { "oacute", 0xf3 },
	{ "uuml", 0xfc },    { "ouml", 0xf6 },    { "auml", 0xe4 },
	{ "ccedil", 0xe7 },  { "ntilde", 0xf1 },  { "iacute", 0xed },
	{ "ndash", 0x2013 }, { "mdash", 0x2014 }, { "hellip", 0x2026 },
	{ "lsquo", 0x2018 }, { "rsquo", 0x2019 }, { "ldquo", 0x201c },
	{ "rdquo", 0x201d }, { "laquo", 0xab },   { "raquo", 0xbb },
};

/* Windows-1252 0x80-0x9f as Unicode (HTML's numeric reference fix-up);
 * 0 = unassigned. */
static const uint16_t cp1252[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
};

/*
 * charref - the character reference at p[i] ('&'), if one: its code point
 * in *cp and its length in bytes (up to the ';'), else 0.  Numeric
 * references must name a Unicode scalar value other than NUL.
 */
static size_t charref(const unsigned char *p, size_t i, size_t len, uint32_t *cp)
{
	size_t j = i + 1, end = len - i > 12 ? i + 12 : len;
	if (j < end && p[j] == '#') {
		int hex = j + 1 < end && (p[j + 1] == 'x' || p[j + 1] == 'X');
		uint32_t v = 0;
		size_t d0 = j + 1 + (size_t)hex, k = d0;
		for (; k < end && k - d0 < 7; k++) {
			unsigned c = p[k], dv;
			if (c >= '0' && c <= '9')
				dv = c - '0';
			else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
				dv = (c | 0x20) - 'a' + 10;
			else
				break;
			v = v * (hex ? 16u : 10u) + dv;
		}
		if (k == d0 || k >= end || p[k] != ';' || v == 0 || v > 0x10ffff ||
		    (v >= 0xd800 && v <= 0xdfff))
			return 0;
		/* 128-159 name Windows-1252 characters, as browsers read
		 * them ("don&#146;t"); the five unassigned stay controls */
		if (v >= 0x80 && v < 0xa0 && cp1252[v - 0x80])
			v = cp1252[v - 0x80];
		*cp = v;
		return k + 1 - i;
	}
	size_t k = j;
	while (k < end && ((p[k] | 0x20) >= 'a' && (p[k] | 0x20) <= 'z'))
		k++;
	if (k == j || k >= end || p[k] != ';')
		return 0;
	for (size_t r = 0; r < sizeof charrefs / sizeof charrefs[0]; r++)
		if (strlen(charrefs[r].name) == k - j &&
		    memcmp(charrefs[r].name, p + j, k - j) == 0) {
			*cp = charrefs[r].cp;
			return k + 1 - i;
		}
	return 0;
}

/* sm_normalize_charref - see normalize.h. */
size_t sm_normalize_charref(const char *p, size_t len, char out[4], size_t *outlen)
{
	uint32_t cp;
	if (!p || !out || !outlen || len == 0 || p[0] != '&')
		return 0;
	size_t k = charref((const unsigned char *)p, 0, len, &cp);
	if (!k)
		return 0;
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
		out[0] = ' ';
		*outlen = 1;
	} else {
		*outlen = (size_t)utf8proc_encode_char((utf8proc_int32_t)cp,
						       (utf8proc_uint8_t *)out);
	}
	return k;
}

/* Decode one valid UTF-8 code point (ingest guarantees validity). */
static size_t utf8_get(const unsigned char *p, size_t avail, uint32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n = utf8proc_iterate(p, (utf8proc_ssize_t)avail, &c);
	if (n <= 0) {
		*cp = 0xfffd;
		return 1;
	}
	*cp = (uint32_t)c;
	return (size_t)n;
}

static int is_combining(uint32_t cp)
{
	return cp >= 0x300 && utf8proc_get_property((utf8proc_int32_t)cp)->combining_class != 0;
}

typedef struct {
	char *t;
	uint32_t *m;
	size_t n;
	int pending_space; /* a collapsed space to emit before the next char */
	size_t space_from;
	int newlines;      /* line ends seen in a row (0 = mid-line) */
	size_t nl_from;
} nout_t;

/* Emit text bytes produced from orig offset `from`, flushing whitespace. */
static void emit(nout_t *o, const char *s, size_t k, uint32_t from)
{
	if (o->newlines) {
		int nl = o->newlines > 2 ? 2 : o->newlines;
		if (o->n == 0)
			nl = 0; /* no leading blank lines */
		for (int i = 0; i < nl; i++) {
			o->t[o->n] = '\n';
			o->m[o->n++] = (uint32_t)o->nl_from;
		}
		o->newlines = 0;
	}
	/* A space at the very start is dropped; after a line end it stays,
	 * as the one-space indent marker. */
	if (o->pending_space && o->n > 0) {
		o->t[o->n] = ' ';
		o->m[o->n++] = (uint32_t)o->space_from;
	}
	o->pending_space = 0;
	for (size_t j = 0; j < k; j++) {
		o->t[o->n] = s[j];
		o->m[o->n++] = from;
	}
}

static void space(nout_t *o, size_t from);
static void newline(nout_t *o, size_t from);

/*
 * emit_cp - one decoded character reference: folded (typographic
 * punctuation, spaces) or UTF-8, all from the '&' at orig offset from.
 * Controls become a space, line breaks a line end.
 */
static void emit_cp(nout_t *o, uint32_t cp, uint32_t from)
{
	const char *f = fold_lookup(cp);
	if (cp == '\n' || cp == '\r' || (f && f[0] == '\n')) {
		newline(o, from);
	} else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (f && f[0] == ' ')) {
		space(o, from);
	} else if (f) {
		if (f[0])
			emit(o, f, strlen(f), from);
	} else {
		uint8_t enc[4];
		utf8proc_ssize_t el = utf8proc_encode_char((utf8proc_int32_t)cp, enc);
		emit(o, (const char *)enc, (size_t)el, from);
	}
}

static void space(nout_t *o, size_t from)
{
	if (!o->pending_space) {
		o->pending_space = 1;
		o->space_from = from;
	}
}

static void newline(nout_t *o, size_t from)
{
	o->pending_space = 0; /* trailing spaces of a line are dropped */
	if (!o->newlines)
		o->nl_from = from;
	o->newlines++;
}

/*
 * End of the run from p[j] (after a printable byte) of printable ASCII
 * and single spaces each followed by printable ASCII: the bytes
 * normalization keeps as they are.  With SSE2, 16 bytes a step: a byte
 * stops the run when it is neither printable nor a space, or is a space
 * whose next byte (the same test on the vector one byte on) is not
 * printable.  The first such byte is where the byte loop below stops
 * too: the byte before it is printable (were it a space, and no stop,
 * this byte would be printable).  Signed compares: bytes >= 0x80 are
 * negative, so not printable.  Then, or without SSE2, byte by byte.  An
 * '&' counts as not printable here (it may start a character reference,
 * which may decode to a space), so it and a space before it stop a run.
 */
static size_t kept_run_end(const unsigned char *p, size_t j, size_t len)
{
#if defined(__SSE2__)
	const __m128i sp = _mm_set1_epi8(' '), del = _mm_set1_epi8(0x7f);
	const __m128i amp = _mm_set1_epi8('&');
	while (j + 17 <= len) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + j));
		__m128i nx = _mm_loadu_si128((const __m128i *)(const void *)(p + j + 1));
		__m128i pr = _mm_and_si128(_mm_cmpgt_epi8(v, sp), _mm_cmplt_epi8(v, del));
		__m128i prn = _mm_andnot_si128(_mm_cmpeq_epi8(nx, amp),
					       _mm_and_si128(_mm_cmpgt_epi8(nx, sp),
							     _mm_cmplt_epi8(nx, del)));
		__m128i s = _mm_cmpeq_epi8(v, sp);
		unsigned stop = ~(unsigned)_mm_movemask_epi8(_mm_or_si128(pr, s)) & 0xffffu;
		stop |= (unsigned)_mm_movemask_epi8(_mm_andnot_si128(prn, s));
		stop |= (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, amp));
		if (stop)
			return j + (size_t)__builtin_ctz(stop);
		j += 16;
	}
#endif
	while (j < len) {
		unsigned d = p[j];
		if (d > 0x20 && d < 0x7f && d != '&')
			j++;
		else if (d == ' ' && j + 1 < len && p[j + 1] > 0x20 && p[j + 1] < 0x7f &&
			 p[j + 1] != '&')
			j += 2;
		else
			break;
	}
	return j;
}

/* Orig offset of text byte i. */
static inline uint32_t orig_at(const sm_doc_t *doc, size_t i)
{
	return doc->text_map ? doc->text_map[i] : (uint32_t)i;
}

int sm_normalize_run(sm_doc_t *doc)
{
	int rc = SM_EINVAL;
	nout_t o;
	utf8proc_int32_t cbuf[64];
	if (!doc || !(doc->stages_done & SM_STAGE_INGEST))
		goto done;
	const unsigned char *p = (const unsigned char *)doc->text;
	size_t len = doc->text_len;
	/* NFKC can expand a character up to 18 code points (U+FDFA); clusters
	 * are capped at 64 code points and copied unchanged beyond that. */
	/* Output is rarely longer than the input (folds and collapsed spaces
	 * shrink it); start at 1/8 over and grow in the loop when NFKC
	 * expands.  Offsets are 32 bit, hence the limit. */
	if (len > (UINT32_MAX - 64) / 9 * 8) {
		rc = SM_ETOOBIG;
		goto done;
	}
	size_t cap = len + len / 8 + 512;
	memset(&o, 0, sizeof o);
	rc = SM_ENOMEM;
	o.t = sm_arena_alloc(doc->arena, cap + 1);
	o.m = sm_arena_alloc(doc->arena, (cap + 1) * sizeof(uint32_t));
	if (!o.t || !o.m)
		goto done;

	size_t i = 0;
	while (i < len) {
		/* Keep room for the largest single emission (one cluster). */
		if (cap - o.n < 300) {
			size_t ncap = cap * 2;
			char *t = sm_arena_grow(doc->arena, o.t, cap + 1, ncap + 1);
			if (!t)
				goto done;
			uint32_t *m = sm_arena_grow(doc->arena, o.m, (cap + 1) * sizeof(uint32_t),
						   (ncap + 1) * sizeof(uint32_t));
			if (!m)
				goto done;
			o.t = t;
			o.m = m;
			cap = ncap;
		}
		unsigned c = p[i];
		uint32_t cp;
		size_t k;
		if (c > 0x20 && c < 0x7f && c != '&') {
			/* Fast path: a run of printable ASCII and single spaces
			 * between printable bytes, copied at once (a single space
			 * is output as itself, mapped to itself, as the general
			 * path would).  It stops before a byte that could start a
			 * combining mark, so the run's last character is handled
			 * by the general path. */
			size_t j = kept_run_end(p, i + 1, len);
			if (j < len && p[j] >= 0x80)
				j--;
			if (j > i) {
				size_t n = j - i;
				if (cap - o.n < n + 300) {
					/* let the growth step at the loop top run first */
					j = i + (cap - o.n > 300 ? cap - o.n - 300 : 0);
					n = j - i;
				}
				if (n) {
					emit(&o, (const char *)p + i, 0, 0); /* flush spacing */
					memcpy(o.t + o.n, p + i, n);
					if (doc->text_map)
						memcpy(o.m + o.n, doc->text_map + i, n * sizeof *o.m);
					else
						sm_map_iota(o.m + o.n, (uint32_t)i, n);
					o.n += n;
					i = j;
					continue;
				}
			}
		}
		if (c < 0x80 && !(i + 1 < len && p[i + 1] >= 0xcc && p[i + 1] <= 0xcd)) {
			/* ASCII, not followed by a combining diacritic (U+0300-036F). */
			if (c == ' ' || c == '\t' || c == '\f' || c == '\v')
				space(&o, orig_at(doc, i));
			else if (c == '\n')
				newline(&o, orig_at(doc, i));
			else if (c < 0x20 || c == 0x7f)
				space(&o, orig_at(doc, i)); /* other controls: blank */
			else if (c == '&' && (k = charref(p, i, len, &cp)) > 0) {
				emit_cp(&o, cp, orig_at(doc, i));
				i += k;
				continue;
			} else
				emit(&o, (const char *)p + i, 1, orig_at(doc, i));
			i++;
			continue;
		}
		k = utf8_get(p + i, len - i, &cp);
		const char *f = fold_lookup(cp);
		if (f) {
			if (f[0] == ' ')
				space(&o, orig_at(doc, i));
			else if (f[0] == '\n')
				newline(&o, orig_at(doc, i));
			else if (f[0])
				emit(&o, f, strlen(f), orig_at(doc, i));
			i += k;
			continue;
		}
		if ((cp >= 0x80 && cp < 0xa0) || (utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_ZS)) {
			space(&o, orig_at(doc, i)); /* C1 controls, other spaces */
			i += k;
			continue;
		}
		/* Cluster: this character and the combining marks after it. */
		size_t j = i + k;
		while (j < len && p[j] >= 0x80) {
			uint32_t cp2;
			size_t k2 = utf8_get(p + j, len - j, &cp2);
			if (!is_combining(cp2))
				break;
			j += k2;
			if (j - i > 64)
				break;
		}
		utf8proc_ssize_t n = utf8proc_decompose(p + i, (utf8proc_ssize_t)(j - i), cbuf, 64,
						       UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STABLE);
		if (n > 0 && n <= 64)
			n = utf8proc_normalize_utf32(cbuf, n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
		if (n <= 0 || n > 64) {
			emit(&o, (const char *)p + i, j - i, orig_at(doc, i));
		} else {
			uint8_t enc[64 * 4 + 4];
			size_t el = 0;
			for (utf8proc_ssize_t q = 0; q < n; q++) {
				const char *f2 = fold_lookup((uint32_t)cbuf[q]);
				if (f2) {
					size_t fl = strlen(f2);
					memcpy(enc + el, f2, fl);
					el += fl;
				} else
					el += (size_t)utf8proc_encode_char(cbuf[q], enc + el);
			}
			if (el == 1 && enc[0] == ' ')
				space(&o, orig_at(doc, i));
			else if (el)
				emit(&o, (const char *)enc, el, orig_at(doc, i));
		}
		i = j;
	}
	o.t[o.n] = '\0';
	o.m[o.n] = (uint32_t)doc->orig_len;
	doc->norm = o.t;
	doc->norm_len = o.n;
	doc->norm_map = o.m;
	doc->stages_done |= SM_STAGE_NORMALIZE;
	rc = SM_OK;
done:
	return rc;
}

/* sm_normalize_key - see normalize.h.  NULL dst only measures (cap is
 * taken as 0); NULL p is the empty key. */
size_t sm_normalize_key(char *dst, size_t cap, const char *p, size_t len)
{
	size_t i, out = 0;
	if (!dst)
		cap = 0;
	if (!p)
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)p[i] >= 0x80)
			break;
	if (i == len) {
		/* ASCII: lower-case. */
		for (i = 0; i < len; i++) {
			char c = p[i];
			if (c >= 'A' && c <= 'Z')
				c = (char)(c + 32);
			if (i < cap)
				dst[i] = c;
		}
		return len;
	}
	/* Non-ASCII: NFKC_Casefold one character cluster at a time, into a
	 * small stack buffer, so no allocation happens per token. */
	utf8proc_int32_t buf[64];
	i = 0;
	while (i < len) {
		size_t j = i;
		uint32_t cp;
		j += utf8_get((const unsigned char *)p + j, len - j, &cp);
		while (j < len && (unsigned char)p[j] >= 0x80) {
			uint32_t cp2;
			size_t k2 = utf8_get((const unsigned char *)p + j, len - j, &cp2);
			if (!is_combining(cp2) || j - i > 32)
				break;
			j += k2;
		}
		utf8proc_ssize_t n = utf8proc_decompose((const utf8proc_uint8_t *)p + i,
							(utf8proc_ssize_t)(j - i), buf, 64,
							UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STABLE | UTF8PROC_CASEFOLD);
		if (n > 0 && n <= 64)
			n = utf8proc_normalize_utf32(buf, n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
		if (n <= 0 || n > 64) {
			for (size_t q = i; q < j; q++, out++)
				if (out < cap)
					dst[out] = p[q];
		} else {
			for (utf8proc_ssize_t q = 0; q < n; q++) {
				uint8_t enc[4];
				utf8proc_ssize_t el = utf8proc_encode_char(buf[q], enc);
				for (utf8proc_ssize_t e = 0; e < el; e++, out++)
					if (out < cap)
						dst[out] = (char)enc[e];
			}
		}
		i = j;
	}
	return out;
}
