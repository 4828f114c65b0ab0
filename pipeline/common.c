/*
 * common.c - status messages and the per-document arena.
 *
 * The arena is a chain of blocks.  Allocation bumps a pointer in the current
 * block; a request that does not fit starts a new block at least twice the
 * size of the previous one, so a document costs O(log n) mallocs.  Reset
 * keeps only the largest block, which then serves the next document of
 * similar size without touching malloc at all.  Blocks of 4 MB and more
 * ask for transparent huge pages (Linux madvise): a multi-megabyte document
 * then costs per MB what a small one does, not a page fault per 4 KB.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1   /* madvise, MADV_HUGEPAGE */
#endif
#include "common.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__linux__)
#include <sys/mman.h>
#endif

const char *sm_strerror(int status)
{
	static const char *const msgs[] = {
		"success",
		"out of memory",
		"invalid argument",
		"input/output error",
		"unsupported language",
		"model file missing or corrupt",
		"input too large",
		"empty input",
		"binary input, not text",
		"malformed JSON",
		"missing field",
		"unrecognized input format",
		"is a directory",
		"no such file",
		"permission denied",
		"corrupt or truncated gzip data",
		"interrupted",
		"unsupported text encoding",
		"directory loop (a link back to a directory being read)",
	};
	if (status > 0 || status < SM_STATUS_MIN)
		return "unknown error";
	return msgs[-status];
}

/* ---------------------------------------------------------------- buffer */

int sm_buf_reserve(sm_buf_t *b, size_t extra)
{
	if (!b)
		return SM_EINVAL;
	if (extra > SIZE_MAX - 1 - b->len)
		return SM_ENOMEM;
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return SM_OK;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need) {
		if (cap > SIZE_MAX / 2) {
			cap = need;
			break;
		}
		cap *= 2;
	}
	char *p = realloc(b->p, cap);
	if (!p)
		return SM_ENOMEM;
	b->p = p;
	b->cap = cap;
	return SM_OK;
}

/*
 * sm_buf_append - see common.h.  p may be NULL only when len is 0: a NULL
 * p with bytes to copy is a caller error (SM_EINVAL), not a crash.
 */
int sm_buf_append(sm_buf_t *b, const char *p, size_t len)
{
	if (!p && len)
		return SM_EINVAL;
	/* Room for len bytes and the NUL already: no call to reserve (the
	 * renderer appends many short pieces). */
	if (!b || b->cap <= b->len || len >= b->cap - b->len) {
		int rc = sm_buf_reserve(b, len);
		if (rc != SM_OK)
			return rc;
	}
	if (len)
		memcpy(b->p + b->len, p, len);
	b->len += len;
	b->p[b->len] = '\0';
	return SM_OK;
}

int sm_buf_uint(sm_buf_t *b, uint64_t v)
{
	char tmp[24];
	size_t n = 0;
	do {
		tmp[sizeof tmp - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return sm_buf_append(b, tmp + sizeof tmp - n, n);
}

/* sm_buf_fixed4 - see common.h.  Written backwards into a small buffer
 * and appended once.  From 1e9 on (and NaN, infinities) printf does it:
 * v * 10000 is rounded to a double, and beyond about 9e11 that rounding
 * reaches the fourth decimal; int64 would end at 9.2e14. */
int sm_buf_fixed4(sm_buf_t *b, double v)
{
	if (!(v > -1e9 && v < 1e9))
		return sm_buf_printf(b, "%.4f", v);
	double r = v * 10000.0;
	int64_t q = (int64_t)(r < 0 ? r - 0.5 : r + 0.5);
	uint64_t u = q < 0 ? (uint64_t)-q : (uint64_t)q;
	char tmp[32];
	size_t n = sizeof tmp;
	for (int k = 0; k < 4; k++) {
		tmp[--n] = (char)('0' + u % 10);
		u /= 10;
	}
	tmp[--n] = '.';
	do {
		tmp[--n] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (q < 0)
		tmp[--n] = '-';
	return sm_buf_append(b, tmp + n, sizeof tmp - n);
}

/* sm_buf_puts - see common.h.  A NULL string is SM_EINVAL (strlen would
 * crash on it). */
int sm_buf_puts(sm_buf_t *b, const char *s)
{
	if (!s)
		return SM_EINVAL;
	return sm_buf_append(b, s, strlen(s));
}

/* sm_buf_printf - see common.h.  NULL b or fmt is SM_EINVAL: vsnprintf
 * with a NULL format is undefined (glibc prints "(null)", others crash). */
int sm_buf_printf(sm_buf_t *b, const char *fmt, ...)
{
	va_list ap;
	char small[256];
	if (!b || !fmt)
		return SM_EINVAL;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return SM_EINVAL;
	if ((size_t)n < sizeof small)
		return sm_buf_append(b, small, (size_t)n);
	int rc = sm_buf_reserve(b, (size_t)n);
	if (rc != SM_OK)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return SM_OK;
}

/* sm_utf8_len - see common.h. */
size_t sm_utf8_len(const unsigned char *p, size_t avail)
{
	/* Nothing to read (NULL or avail 0) is no valid sequence: never
	 * read p[0] then. */
	if (!p || avail == 0)
		return 0;
	unsigned c = p[0];
	size_t need;
	unsigned lo = 0x80, hi = 0xbf;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		need = 1;
	else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		lo = c == 0xe0 ? 0xa0 : 0x80;
		hi = c == 0xed ? 0x9f : 0xbf;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		lo = c == 0xf0 ? 0x90 : 0x80;
		hi = c == 0xf4 ? 0x8f : 0xbf;
	} else
		return 0;
	if (avail <= need)
		return 0;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (size_t k = 2; k <= need; k++)
		if (p[k] < 0x80 || p[k] > 0xbf)
			return 0;
	return need + 1;
}

/*
 * json_escape - the JSON string body of (s, len) at o, which has room for
 * 6 * len bytes (every byte a 6-byte escape, the worst case); returns the
 * end.  Runs that need no care (no byte >= 0x80, < 0x20, '"' or '\\')
 * are copied 16 bytes a step with SSE2 (a signed compare below 0x20 also
 * catches bytes >= 0x80) and 8 with SWAR; a 16-byte store may run past the
 * copied run, which stays inside the room and is overwritten.
 */
static char *json_escape(char *o, const unsigned char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0;
	while (i < len) {
#if defined(__SSE2__)
		const __m128i sp = _mm_set1_epi8(0x20), quote = _mm_set1_epi8('"'),
			      bsl = _mm_set1_epi8('\\');
		while (i + 16 <= len) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			__m128i care = _mm_or_si128(_mm_cmplt_epi8(v, sp),
						    _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bsl)));
			unsigned mask = (unsigned)_mm_movemask_epi8(care);
			_mm_storeu_si128((__m128i *)(void *)o, v);
			if (mask) {
				unsigned k = (unsigned)__builtin_ctz(mask);
				o += k;
				i += k;
				break;
			}
			o += 16;
			i += 16;
		}
#endif
		/* 8 bytes at a time while none needs care: no byte >= 0x80,
		 * < 0x20, '"' or '\\' (zero-byte tests on shifted words) */
		while (i + 8 <= len) {
			uint64_t w, q, bs, lo;
			memcpy(&w, s + i, 8);
			q = w ^ 0x2222222222222222ull;
			bs = w ^ 0x5c5c5c5c5c5c5c5cull;
			lo = w - 0x2020202020202020ull;
			if ((w | lo | ((q - 0x0101010101010101ull) & ~q) |
			     ((bs - 0x0101010101010101ull) & ~bs)) & 0x8080808080808080ull)
				break;
			memcpy(o, s + i, 8);
			o += 8;
			i += 8;
		}
		if (i >= len)
			break;
		unsigned c = s[i];
		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			/* Copy the whole run of plain ASCII at once. */
			size_t j = i + 1;
			while (j < len && s[j] >= 0x20 && s[j] < 0x80 && s[j] != '"' && s[j] != '\\')
				j++;
			memcpy(o, s + i, j - i);
			o += j - i;
			i = j;
			continue;
		}
		if (c < 0x80) {
			*o++ = '\\';
			switch (c) {
			case '"': *o++ = '"'; break;
			case '\\': *o++ = '\\'; break;
			case '\n': *o++ = 'n'; break;
			case '\t': *o++ = 't'; break;
			case '\r': *o++ = 'r'; break;
			default:
				*o++ = 'u';
				*o++ = '0';
				*o++ = '0';
				*o++ = hex[c >> 4];
				*o++ = hex[c & 15];
			}
			i++;
			continue;
		}
		size_t k = sm_utf8_len(s + i, len - i);
		if (!k) {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
			continue;
		}
		memcpy(o, s + i, k);
		o += k;
		i += k;
	}
	return o;
}

/* sm_buf_json_string - see common.h.  One reservation for the quotes and
 * the escaped text. */
int sm_buf_json_string(sm_buf_t *b, const char *p, size_t len)
{
	int rc;
	if (!p)
		return sm_buf_append(b, "null", 4);
	if (len > (SIZE_MAX - 4) / 6)
		return SM_ENOMEM;
	if ((rc = sm_buf_reserve(b, len * 6 + 2)) != SM_OK)
		return rc;
	char *o = b->p + b->len;
	*o++ = '"';
	o = json_escape(o, (const unsigned char *)p, len);
	*o++ = '"';
	*o = '\0';
	b->len = (size_t)(o - b->p);
	return SM_OK;
}

int sm_buf_json_chars(sm_buf_t *b, const char *p, size_t len)
{
	int rc;
	/* Unlike sm_buf_json_string, no quotes to put null in: NULL text
	 * with a length is a caller error. */
	if (!p && len)
		return SM_EINVAL;
	/* Worst case: every byte becomes a 6-byte escape. */
	if (len > (SIZE_MAX - 2) / 6)
		return SM_ENOMEM;
	if ((rc = sm_buf_reserve(b, len * 6)) != SM_OK)
		return rc;
	char *o = json_escape(b->p + b->len, (const unsigned char *)p, len);
	*o = '\0';
	b->len = (size_t)(o - b->p);
	return SM_OK;
}

void sm_buf_free(sm_buf_t *b)
{
	if (!b)
		return;
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

/* ----------------------------------------------------------------- files */

int sm_file_read(const char *path, char **out, size_t *len)
{
	FILE *fp;
	char *buf = NULL, *nb;
	size_t n = 0, cap = 0, got;
	int rc = SM_EIO;
	if (!path || !out || !len)
		return SM_EINVAL;
	fp = fopen(path, "rb");
	if (!fp)
		return errno == ENOENT ? SM_ENOENT : errno == EACCES ? SM_EACCES :
		       errno == EISDIR ? SM_EISDIR : SM_EIO;
	for (;;) {
		if (cap - n < 65536) {
			size_t ncap = cap ? cap * 2 : (size_t)1 << 16;
			if (ncap < cap || !(nb = realloc(buf, ncap))) {
				rc = SM_ENOMEM;
				goto cleanup;
			}
			buf = nb;
			cap = ncap;
		}
		got = fread(buf + n, 1, cap - n - 1, fp);
		n += got;
		if (got == 0) {
			rc = ferror(fp) ? SM_EIO : SM_OK;
			break;
		}
	}
	if (rc == SM_OK) {
		buf[n] = '\0';
		*out = buf;
		*len = n;
		buf = NULL;
	}
cleanup:
	free(buf);
	fclose(fp);
	return rc;
}

int sm_file_write(const char *path, const void *p, size_t len)
{
	FILE *fp = NULL;
	char *tmp = NULL;
	int rc = SM_EINVAL;
	if (!path || (!p && len))
		goto cleanup;
	rc = SM_ENOMEM;
	size_t tlen = strlen(path) + sizeof(".tmp");
	if (!(tmp = malloc(tlen)))
		goto cleanup;
	snprintf(tmp, tlen, "%s.tmp", path);
	rc = SM_EIO;
	if (!(fp = fopen(tmp, "wb")))
		goto cleanup;
	if (len && fwrite(p, 1, len, fp) != len)
		goto cleanup;
	int closed = fclose(fp);
	fp = NULL;
	if (closed != 0 || rename(tmp, path) != 0)
		goto cleanup;
	rc = SM_OK;
cleanup:
	if (fp)
		fclose(fp);
	if (rc != SM_OK && tmp)
		remove(tmp);
	free(tmp);
	return rc;
}

/* ----------------------------------------------------------------- arena */

#define SM_ARENA_ALIGN 16
#define SM_ARENA_MIN_BLOCK ((size_t)64 * 1024)
/* A growing allocation of this size or more gets a block of its own, which
 * later grows with realloc (mremap for large blocks: no copy, no second
 * copy left behind), so a document's biggest arrays cost their size once. */
#define SM_ARENA_BIG ((size_t)1 << 20)
/* reset keeps its largest block for the next document only up to this
 * size, so one huge document does not pin its memory in a batch worker. */
#define SM_ARENA_KEEP_MAX ((size_t)64 << 20)

typedef struct sm_block {
	struct sm_block *prev;
	size_t size; /* usable bytes after the header */
	size_t used;
	/* data follows, aligned */
} sm_block_t;

struct sm_arena {
	sm_block_t *cur;
	void *last;        /* most recent allocation, for in-place growth */
	size_t used_total; /* bytes handed out since reset */
	size_t reg_size;   /* size of the last bump block (blocks double) */
};

#define SM_BLOCK_HDR \
	(((sizeof(sm_block_t) + SM_ARENA_ALIGN - 1) / SM_ARENA_ALIGN) * SM_ARENA_ALIGN)

static inline char *block_data(sm_block_t *b)
{
	return (char *)b + SM_BLOCK_HDR;
}

int sm_arena_new(sm_arena_t **out)
{
	sm_arena_t *a;
	if (!out)
		return SM_EINVAL;
	a = calloc(1, sizeof(*a));
	if (!a)
		return SM_ENOMEM;
	*out = a;
	return SM_OK;
}

void sm_arena_free(sm_arena_t *a)
{
	if (!a)
		return;
	sm_block_t *b = a->cur;
	while (b) {
		sm_block_t *prev = b->prev;
		free(b);
		b = prev;
	}
	free(a);
}

void sm_arena_reset(sm_arena_t *a)
{
	sm_block_t *keep = NULL, *b;
	if (!a)
		return;
	/* Keep the largest block (up to SM_ARENA_KEEP_MAX); free the rest. */
	for (b = a->cur; b; b = b->prev)
		if (b->size <= SM_ARENA_KEEP_MAX && (!keep || b->size > keep->size))
			keep = b;
	b = a->cur;
	while (b) {
		sm_block_t *prev = b->prev;
		if (b != keep)
			free(b);
		b = prev;
	}
	if (keep) {
		keep->prev = NULL;
		keep->used = 0;
	}
	a->cur = keep;
	a->last = NULL;
	a->used_total = 0;
	a->reg_size = keep ? keep->size : 0;
}

/* huge_advise - ask for transparent huge pages over the 2 MB-aligned
 * interior of a big block: one page fault per 2 MB instead of 512, and
 * fewer TLB misses on the arrays of a long document.  Advice only. */
static void huge_advise(void *p, size_t size)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
	const uintptr_t huge = (uintptr_t)2 << 20;
	if (size < 2 * huge)
		return;
	uintptr_t a = ((uintptr_t)p + huge - 1) & ~(huge - 1);
	uintptr_t e = ((uintptr_t)p + size) & ~(huge - 1);
	if (e > a)
		(void)madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
	(void)p;
	(void)size;
#endif
}

/* Start a new block able to hold at least size bytes. */
static int arena_new_block(sm_arena_t *a, size_t size)
{
	size_t bsize = SM_ARENA_MIN_BLOCK;
	if (a->reg_size <= SIZE_MAX / 2 && a->reg_size * 2 > bsize)
		bsize = a->reg_size * 2;
	if (bsize < size)
		bsize = size;
	if (bsize > SIZE_MAX - SM_BLOCK_HDR)
		return SM_ENOMEM;
	sm_block_t *b = malloc(SM_BLOCK_HDR + bsize);
	if (!b)
		return SM_ENOMEM;
	huge_advise(b, SM_BLOCK_HDR + bsize);
	b->prev = a->cur;
	b->size = bsize;
	b->used = 0;
	a->cur = b;
	a->reg_size = bsize;
	return SM_OK;
}

void *sm_arena_alloc(sm_arena_t *a, size_t size)
{
	if (!a || size == 0 || size > SIZE_MAX - SM_ARENA_ALIGN)
		return NULL;
	size_t need = (size + SM_ARENA_ALIGN - 1) & ~(size_t)(SM_ARENA_ALIGN - 1);
	sm_block_t *b = a->cur;
	if (!b || b->size - b->used < need) {
		if (arena_new_block(a, need) != SM_OK)
			return NULL;
		b = a->cur;
	}
	void *p = block_data(b) + b->used;
	b->used += need;
	a->used_total += need;
	a->last = p;
	return p;
}

void *sm_arena_calloc(sm_arena_t *a, size_t n, size_t size)
{
	int ok = 1;
	size_t total = sm_mul(n, size, &ok);
	if (!ok)
		return NULL;
	void *p = sm_arena_alloc(a, total);
	if (p)
		memset(p, 0, total);
	return p;
}

/*
 * arena_grow_big - grow p to new_need bytes in a block of its own.  When p
 * already owns a block (it is the block's only allocation), that block is
 * realloc'd and its successor's link fixed; otherwise a new block is linked
 * in just behind the current one, so small allocations keep filling the
 * current block, and the old_size bytes are copied once.
 */
static void *arena_grow_big(sm_arena_t *a, void *p, size_t old_size,
			    size_t old_need, size_t new_need)
{
	sm_block_t *b, *next = NULL;
	if (new_need > SIZE_MAX - SM_BLOCK_HDR)
		return NULL;
	for (b = a->cur; b; next = b, b = b->prev)
		if (block_data(b) == p)
			break;
	if (b && b->used == old_need) {
		sm_block_t *nb = realloc(b, SM_BLOCK_HDR + new_need);
		if (!nb)
			return NULL;
		huge_advise(nb, SM_BLOCK_HDR + new_need);
		nb->size = nb->used = new_need;
		a->used_total += new_need - old_need;
		if (next)
			next->prev = nb;
		else
			a->cur = nb;
		if (a->last == p)
			a->last = block_data(nb);
		return block_data(nb);
	}
	sm_block_t *nb = malloc(SM_BLOCK_HDR + new_need);
	if (!nb)
		return NULL;
	huge_advise(nb, SM_BLOCK_HDR + new_need);
	nb->size = nb->used = new_need;
	a->used_total += new_need;
	if (a->cur) {
		nb->prev = a->cur->prev;
		a->cur->prev = nb;
	} else {
		nb->prev = NULL;
		a->cur = nb;
	}
	memcpy(block_data(nb), p, old_size);
	return block_data(nb);
}

void *sm_arena_grow(sm_arena_t *a, void *p, size_t old_size, size_t new_size)
{
	if (!a)
		return NULL;
	if (!p || old_size == 0)
		return sm_arena_alloc(a, new_size);
	if (new_size <= old_size)
		return p;
	if (new_size > SIZE_MAX - SM_ARENA_ALIGN)
		return NULL;
	size_t old_need = (old_size + SM_ARENA_ALIGN - 1) & ~(size_t)(SM_ARENA_ALIGN - 1);
	size_t new_need = (new_size + SM_ARENA_ALIGN - 1) & ~(size_t)(SM_ARENA_ALIGN - 1);
	sm_block_t *b = a->cur;
	/* In place: p is the last allocation of the current block. */
	if (p == a->last && b && (char *)p + old_need == block_data(b) + b->used &&
	    b->size - b->used >= new_need - old_need) {
		b->used += new_need - old_need;
		a->used_total += new_need - old_need;
		return p;
	}
	if (new_need >= SM_ARENA_BIG)
		return arena_grow_big(a, p, old_size, old_need, new_need);
	void *q = sm_arena_alloc(a, new_size);
	if (!q)
		return NULL;
	memcpy(q, p, old_size);
	return q;
}

char *sm_arena_strndup(sm_arena_t *a, const char *p, size_t len)
{
	/* NULL p is fine for len 0 (an empty string), else NULL, not a crash. */
	if (len == SIZE_MAX || (!p && len))
		return NULL;
	char *s = sm_arena_alloc(a, len + 1);
	if (!s)
		return NULL;
	if (len)
		memcpy(s, p, len);
	s[len] = '\0';
	return s;
}

size_t sm_arena_used(const sm_arena_t *a)
{
	return a ? a->used_total : 0;
}
