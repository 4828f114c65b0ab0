/*
 * ingest.c - stage 1: bytes to valid UTF-8 with LF line ends (see ingest.h).
 *
 * The common case, clean UTF-8 with LF line ends and no BOM, is detected
 * first and costs one validation scan: the text then aliases orig and no
 * map is built.  Other input is sniffed for binary data and decoded.  The
 * scans take ASCII in blocks: runs that need no repair (CRLF text has one
 * CR a line) are found 16 bytes a step with SSE2 (8 with SWAR without),
 * then copied with one memcpy and a map filled by counting; the binary
 * sniffer counts control bytes 8 a word.
 *
 * Reference: The Unicode Standard, ch. 3.9, Table 3-7 (well-formed UTF-8
 * byte sequences) and "U+FFFD Substitution of Maximal Subparts".
 */
#include "ingest.h"
#include "bytemap.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/*
 * Length of the valid UTF-8 sequence at p (avail bytes), or 0 when invalid,
 * in which case *bad is the length of the maximal invalid subpart (>= 1).
 */
static size_t utf8_valid_len(const unsigned char *p, size_t avail, size_t *bad)
{
	unsigned c = p[0];
	size_t need;
	unsigned lo = 0x80, hi = 0xbf;
	*bad = 1;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		need = 1;
	else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f; /* no surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	for (size_t k = 1; k <= need; k++) {
		if (k >= avail)
			return 0;
		unsigned b = p[k];
		if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xbf))
			return 0;
		*bad = k + 1;
	}
	return need + 1;
}

/* SWAR over 8 bytes: every byte's high bit (H), and 0x01 in every byte. */
#define SWAR_H 0x8080808080808080ull
#define SWAR_1 0x0101010101010101ull

/* End of the run at p[i] of bytes kept as they are: ASCII but NUL and
 * CR.  With SSE2 16 bytes a step to the first byte that ends the run (a
 * signed compare below 1 finds NUL and the bytes >= 0x80); then whole
 * words (a zero-byte test on w and on w ^ CR) and bytes. */
static size_t plain_run_end(const unsigned char *p, size_t i, size_t len)
{
#if defined(__SSE2__)
	const __m128i one = _mm_set1_epi8(1), cr = _mm_set1_epi8('\r');
	while (i + 16 <= len) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		unsigned stop = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmplt_epi8(v, one),
									 _mm_cmpeq_epi8(v, cr)));
		if (stop)
			return i + (size_t)__builtin_ctz(stop);
		i += 16;
	}
#endif
	while (i + 8 <= len) {
		uint64_t w, x;
		memcpy(&w, p + i, 8);
		x = w ^ ('\r' * SWAR_1);
		if ((w | ((w - SWAR_1) & ~w) | ((x - SWAR_1) & ~x)) & SWAR_H)
			break;
		i += 8;
	}
	while (i < len && p[i] != 0 && p[i] != '\r' && p[i] < 0x80)
		i++;
	return i;
}

/* Is the input clean: valid UTF-8, no NUL, no CR, no BOM? */
static int is_clean(const unsigned char *p, size_t len)
{
	size_t i = 0, bad;
	if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		return 0;
	while (i < len) {
		i = plain_run_end(p, i, len);
		if (i >= len)
			break;
		unsigned c = p[i];
		if (c == 0 || c == '\r')
			return 0;
		size_t n = utf8_valid_len(p + i, len - i, &bad);
		if (!n)
			return 0;
		i += n;
	}
	return 1;
}

/* Bytes of w (all < 0x80) that are C0 controls other than \t \n \v \f
 * \r, counted.  Each test sets the high bit first, so no borrow crosses
 * bytes and the per-byte flags are exact. */
static unsigned odd_controls(uint64_t w)
{
	uint64_t lt09 = ~((w | SWAR_H) - 0x09 * SWAR_1) & SWAR_H;
	uint64_t lt0e = ~((w | SWAR_H) - 0x0e * SWAR_1) & SWAR_H;
	uint64_t lt20 = ~((w | SWAR_H) - 0x20 * SWAR_1) & SWAR_H;
	uint64_t odd = lt09 | (lt20 & ~lt0e);
	return (unsigned)(((odd >> 7) * SWAR_1) >> 56);
}

/* Binary sniffing over the first 64 KiB: share of bytes that are NUL,
 * C0 controls other than whitespace, or in invalid UTF-8 sequences.
 * Words of 8 ASCII bytes are counted at once (odd_controls), the rest
 * one character at a time. */
static int looks_binary(const unsigned char *p, size_t len)
{
	size_t n = len < 65536 ? len : 65536, odd = 0, i = 0, bad;
	if (n == 0)
		return 0;
	while (i < n) {
		uint64_t w;
		if (i + 8 <= n) {
			memcpy(&w, p + i, 8);
			if (!(w & SWAR_H)) {
				odd += odd_controls(w);
				i += 8;
				continue;
			}
		}
		unsigned c = p[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') {
			odd++;
			i++;
			continue;
		}
		size_t k = utf8_valid_len(p + i, len - i, &bad);
		if (!k) {
			odd += bad;
			i += bad;
		} else
			i += k;
	}
	/* More than 30% odd bytes in a sample big enough to judge: no text
	 * file looks like that.  Short inputs are repaired, never refused. */
	return n >= 64 && odd * 10 > n * 3;
}

/* Output under construction: text bytes and their orig offsets. */
typedef struct {
	char *t;
	uint32_t *m;
	size_t n;
} out_t;

static inline void put(out_t *o, const char *s, size_t k, size_t from)
{
	memcpy(o->t + o->n, s, k);
	for (size_t j = 0; j < k; j++)
		o->m[o->n + j] = (uint32_t)from;
	o->n += k;
}

static const char fffd[3] = { (char)0xef, (char)0xbf, (char)0xbd };

/* Encode code point cp as UTF-8 into buf; returns length. */
static size_t utf8_put(char *buf, uint32_t cp)
{
	if (cp < 0x80) {
		buf[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		buf[0] = (char)(0xc0 | (cp >> 6));
		buf[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		buf[0] = (char)(0xe0 | (cp >> 12));
		buf[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		buf[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	buf[0] = (char)(0xf0 | (cp >> 18));
	buf[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	buf[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	buf[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* UTF-16 (after its BOM at offset 2) to UTF-8 with LF line ends. */
static void decode_utf16(sm_doc_t *doc, out_t *o, int big)
{
	const unsigned char *p = (const unsigned char *)doc->orig;
	size_t len = doc->orig_len, i = 2;
	char buf[4];
	while (i + 1 < len) {
		size_t at = i;
		uint32_t u = big ? (uint32_t)(p[i] << 8 | p[i + 1]) : (uint32_t)(p[i + 1] << 8 | p[i]);
		i += 2;
		if (u >= 0xd800 && u <= 0xdbff && i + 1 < len) {
			uint32_t v = big ? (uint32_t)(p[i] << 8 | p[i + 1]) : (uint32_t)(p[i + 1] << 8 | p[i]);
			if (v >= 0xdc00 && v <= 0xdfff) {
				i += 2;
				u = 0x10000 + ((u - 0xd800) << 10) + (v - 0xdc00);
			}
		}
		if ((u >= 0xd800 && u <= 0xdfff) || u == 0) {
			if (u == 0)
				doc->n_nul++;
			else
				doc->n_replaced++;
			put(o, fffd, 3, at);
			continue;
		}
		if (u == '\r') {
			doc->n_cr++;
			/* CRLF: the LF follows and is emitted then. */
			uint32_t nx = 0;
			if (i + 1 < len)
				nx = big ? (uint32_t)(p[i] << 8 | p[i + 1]) : (uint32_t)(p[i + 1] << 8 | p[i]);
			if (nx != '\n')
				put(o, "\n", 1, at);
			continue;
		}
		put(o, buf, utf8_put(buf, u), at);
	}
	if (i < len) { /* odd trailing byte */
		doc->n_replaced++;
		put(o, fffd, 3, i);
	}
}

/* UTF-8 with repairs: BOM, CR, NUL, invalid sequences. */
static void decode_utf8(sm_doc_t *doc, out_t *o)
{
	const unsigned char *p = (const unsigned char *)doc->orig;
	size_t len = doc->orig_len, i = 0, bad;
	if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
		doc->had_bom = 1;
		i = 3;
	}
	while (i < len) {
		size_t j = plain_run_end(p, i, len);
		if (j > i) {
			/* copied as is, each byte mapped to itself */
			memcpy(o->t + o->n, p + i, j - i);
			sm_map_iota(o->m + o->n, (uint32_t)i, j - i);
			o->n += j - i;
			i = j;
			if (i >= len)
				break;
		}
		unsigned c = p[i];
		if (c == '\r') {
			doc->n_cr++;
			if (i + 1 < len && p[i + 1] == '\n') {
				i++; /* the LF is kept with its own offset */
				continue;
			}
			put(o, "\n", 1, i++);
			continue;
		}
		if (c == 0) {
			doc->n_nul++;
			put(o, fffd, 3, i++);
			continue;
		}
		size_t k = utf8_valid_len(p + i, len - i, &bad);
		if (!k) {
			doc->n_replaced++;
			put(o, fffd, 3, i);
			i += bad;
			continue;
		}
		put(o, (const char *)p + i, k, i);
		i += k;
	}
}

int sm_ingest_run(sm_doc_t *doc)
{
	int rc = SM_EINVAL;
	out_t o = { NULL, NULL, 0 };
	if (!doc || !doc->orig)
		goto done;
	const unsigned char *p = (const unsigned char *)doc->orig;
	size_t len = doc->orig_len;
	int u16 = 0;
	doc->n_replaced = doc->n_nul = doc->n_cr = 0;
	doc->had_bom = 0;
	doc->encoding = SM_ENC_UTF8;

	if (len >= 4 && ((p[0] == 0xff && p[1] == 0xfe && p[2] == 0 && p[3] == 0) ||
			 (p[0] == 0 && p[1] == 0 && p[2] == 0xfe && p[3] == 0xff))) {
		rc = SM_ENCODING;
		goto done;
	}
	if (len >= 2 && p[0] == 0xff && p[1] == 0xfe)
		u16 = SM_ENC_UTF16LE;
	else if (len >= 2 && p[0] == 0xfe && p[1] == 0xff)
		u16 = SM_ENC_UTF16BE;

	if (!u16 && is_clean(p, len)) {
		doc->text = doc->orig;
		doc->text_len = len;
		doc->text_map = NULL;
	} else {
		if (!u16 && looks_binary(p, len)) {
			rc = SM_EBINARY;
			goto done;
		}
		/* Worst case growth: each input byte becomes U+FFFD (3 bytes);
		 * UTF-16 units become at most 3 bytes per 2 input bytes. */
		int ok = 1;
		size_t cap = sm_mul(len, 3, &ok);
		if (!ok || cap >= UINT32_MAX) {
			rc = SM_ETOOBIG;
			goto done;
		}
		rc = SM_ENOMEM;
		o.t = sm_arena_alloc(doc->arena, cap + 1);
		o.m = sm_arena_alloc(doc->arena, (cap + 1) * sizeof(uint32_t));
		if (!o.t || !o.m)
			goto done;
		if (u16) {
			doc->had_bom = 1;
			doc->encoding = u16;
			decode_utf16(doc, &o, u16 == SM_ENC_UTF16BE);
		} else
			decode_utf8(doc, &o);
		o.t[o.n] = '\0';
		o.m[o.n] = (uint32_t)len;
		doc->text = o.t;
		doc->text_len = o.n;
		doc->text_map = o.m;
	}
	doc->stages_done |= SM_STAGE_INGEST;
	rc = SM_EEMPTY;
	for (size_t i = 0; i < doc->text_len; i++) {
		char c = doc->text[i];
		if (c != ' ' && c != '\n' && c != '\t' && c != '\f' && c != '\v') {
			rc = SM_OK;
			break;
		}
	}
done:
	return rc;
}
