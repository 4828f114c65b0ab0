/*
 * common.h - status codes, text slices, the per-document arena and hashing.
 *
 * Every module of the summarize pipeline includes this header.  It fixes the
 * conventions the stages share (see ../shared/STYLE.md and DEVELOPERS.md):
 *
 *   - functions return int status: SM_OK (0) or a negative SM_E* code, and
 *     sm_strerror() names every code;
 *   - text is passed as (const char *p, size_t len) or as sm_str_t;
 *   - everything a stage produces for one document is allocated from that
 *     document's arena, released in one go by sm_arena_reset();
 *   - hashing of strings is FNV-1a over unsigned char.
 *
 * The arena follows sqlite's per-connection pool: one place allocates, a
 * reset frees everything, and nothing is ever freed piecemeal.
 */
#ifndef SM_COMMON_H
#define SM_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && defined(SM_BUILDING_LIBRARY)
#define SM_EXPORT __attribute__((visibility("default")))
#else
#define SM_EXPORT
#endif

/* ---------------------------------------------------------------- status */

enum {
	SM_OK = 0,
	SM_ENOMEM = -1,    /* out of memory */
	SM_EINVAL = -2,    /* bad argument (caller error) */
	SM_EIO = -3,       /* read or write failed */
	SM_ELANG = -4,     /* no stemmer or stopword list for the language */
	SM_EMODEL = -5,    /* model file missing, truncated or corrupt */
	SM_ETOOBIG = -6,   /* input larger than the configured limit */
	SM_EEMPTY = -7,    /* input has no text */
	SM_EBINARY = -8,   /* input looks like binary data, not text */
	SM_EJSON = -9,     /* malformed JSON record */
	SM_EFIELD = -10,   /* JSON record lacks a required field */
	SM_EFORMAT = -11,  /* input format not recognized or unsupported */
	SM_EISDIR = -12,   /* a directory was given where a file was expected */
	SM_ENOENT = -13,   /* file not found */
	SM_EACCES = -14,   /* permission denied */
	SM_EGZIP = -15,    /* corrupt or truncated gzip stream */
	SM_EINTR = -16,    /* interrupted by a signal */
	SM_ENCODING = -17, /* text encoding not supported (e.g. UTF-32) */
	SM_ELOOP = -18     /* directory already being walked (symlink loop) */
};
#define SM_STATUS_MIN (-18)

/*
 * sm_strerror - a short English message for a status code.
 * Every code from SM_OK down to SM_STATUS_MIN has its own message; any other
 * value gives "unknown error".  The string is static: never free it.
 */
SM_EXPORT const char *sm_strerror(int status);

/* ------------------------------------------------------------ text slice */

/* A borrowed run of UTF-8 bytes; not NUL-terminated. */
typedef struct {
	const char *p;
	size_t len;
} sm_str_t;

/* A byte range [start, end) of the document's original input. */
typedef struct {
	size_t start;
	size_t end;
} sm_span_t;

/* Start loading the cache line of p (a hint; no effect on results). */
#if defined(__GNUC__)
#define SM_PREFETCH(p) __builtin_prefetch(p)
#else
#define SM_PREFETCH(p) ((void)(p))
#endif

/* --------------------------------------------------------------- hashing */

/* FNV-1a, 32 bit, over unsigned bytes. */
static inline uint32_t sm_hash(const char *p, size_t len)
{
	const unsigned char *s = (const unsigned char *)p;
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++) {
		h ^= s[i];
		h *= 16777619u;
	}
	return h;
}

/* Mix two 32-bit values into one (for hashed feature ids). */
static inline uint32_t sm_hash_mix(uint32_t h, uint32_t v)
{
	h ^= v + 0x9e3779b9u + (h << 6) + (h >> 2);
	return h;
}

/* a * b, or SIZE_MAX-overflow reported as 0 with *ok cleared. */
static inline size_t sm_mul(size_t a, size_t b, int *ok)
{
	if (a != 0 && b > SIZE_MAX / a) {
		*ok = 0;
		return 0;
	}
	return a * b;
}

/* ---------------------------------------------------- growable byte buffer */

/*
 * A grow-only output buffer (malloc-owned).  Reuse one across documents:
 * sm_buf_clear() keeps the memory.  p is always NUL-terminated once anything
 * was appended.  Initialize with {0}; release with sm_buf_free().
 */
typedef struct {
	char *p;
	size_t len;
	size_t cap;
} sm_buf_t;

/* sm_buf_reserve - make room for extra more bytes.  SM_OK or SM_ENOMEM. */
SM_EXPORT int sm_buf_reserve(sm_buf_t *b, size_t extra);
/* sm_buf_append - append len bytes.  SM_OK, SM_ENOMEM, or SM_EINVAL (b
 * NULL, or p NULL with len > 0). */
SM_EXPORT int sm_buf_append(sm_buf_t *b, const char *p, size_t len);
/* sm_buf_uint - append v in decimal (no printf: the JSON hot path). */
SM_EXPORT int sm_buf_uint(sm_buf_t *b, uint64_t v);
/* sm_buf_puts - append a NUL-terminated string; SM_EINVAL when s is NULL. */
SM_EXPORT int sm_buf_puts(sm_buf_t *b, const char *s);
/* sm_buf_printf - append formatted text.  SM_EINVAL when b or fmt is NULL. */
SM_EXPORT int sm_buf_printf(sm_buf_t *b, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 2, 3)))
#endif
	;
static inline void sm_buf_clear(sm_buf_t *b) { b->len = 0; if (b->p) b->p[0] = '\0'; }
/*
 * sm_buf_json_string - append (p, len) as a JSON string literal with its
 * quotes.  Control characters, '"' and '\\' are escaped; invalid UTF-8
 * becomes U+FFFD, so the output is always valid JSON and valid UTF-8.
 * p may be NULL, which appends null.
 */
SM_EXPORT int sm_buf_json_string(sm_buf_t *b, const char *p, size_t len);
/* sm_buf_json_chars - as sm_buf_json_string, without the quotes; p NULL
 * with len > 0 is SM_EINVAL. */
SM_EXPORT int sm_buf_json_chars(sm_buf_t *b, const char *p, size_t len);
/* sm_buf_fixed4 - append v with four decimals, as printf("%.4f") does
 * except on exact ties, which round half away from zero (0.03125 gives
 * "0.0313", printf "0.0312"); NaN, infinities and |v| >= 1e9 go through
 * printf itself. */
SM_EXPORT int sm_buf_fixed4(sm_buf_t *b, double v);
/* sm_buf_free - release the memory; the buffer is empty and reusable. */
SM_EXPORT void sm_buf_free(sm_buf_t *b);

/* ----------------------------------------------------------------- files */

/*
 * sm_file_read - the whole file at path in a malloc'd buffer with a NUL
 * after its last byte (the caller frees *out).  Errors: SM_ENOENT,
 * SM_EACCES, SM_EISDIR, SM_EIO, SM_ENOMEM; *out is untouched on error.
 */
SM_EXPORT int sm_file_read(const char *path, char **out, size_t *len);

/*
 * sm_file_write - replace the file at path with len bytes of p, through
 * path.tmp and a rename, so a reader never sees half a file.  Errors:
 * SM_EIO (nothing at path changed), SM_ENOMEM.
 */
SM_EXPORT int sm_file_write(const char *path, const void *p, size_t len);

/* sm_utf8_len - length (1-4) of the valid UTF-8 sequence at p, avail >= 1
 * bytes, or 0 when invalid (RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF, no truncated sequence) or when there is nothing
 * to read (p NULL or avail 0). */
SM_EXPORT size_t sm_utf8_len(const unsigned char *p, size_t avail);

/* ----------------------------------------------------------------- arena */

typedef struct sm_arena sm_arena_t;

/*
 * sm_arena_new - create an empty arena.  *out is set on SM_OK only.
 * Errors: SM_EINVAL (out is NULL), SM_ENOMEM.
 */
SM_EXPORT int sm_arena_new(sm_arena_t **out);

/* sm_arena_free - release the arena and everything in it.  NULL is a no-op. */
SM_EXPORT void sm_arena_free(sm_arena_t *a);

/*
 * sm_arena_reset - forget every allocation but keep the largest block (up
 * to 64 MiB) for reuse, so a reset arena serves the next document without
 * calling malloc.
 */
SM_EXPORT void sm_arena_reset(sm_arena_t *a);

/*
 * sm_arena_alloc - size bytes aligned to 16, or NULL when out of memory or
 * size is 0.  The memory is uninitialized and lives until the next reset.
 */
SM_EXPORT void *sm_arena_alloc(sm_arena_t *a, size_t size);

/* sm_arena_calloc - n * size zeroed bytes; NULL on overflow or no memory. */
SM_EXPORT void *sm_arena_calloc(sm_arena_t *a, size_t n, size_t size);

/*
 * sm_arena_grow - resize the allocation p (old_size bytes) to new_size.
 * When p is the arena's most recent allocation and the block has room it
 * grows in place (the common case: a stage appending to one array); from
 * 1 MiB on, p moves to a block of its own that later grows by realloc, so
 * big arrays leave no stale copies behind; otherwise the bytes are copied
 * to a new allocation.  p may be NULL.  Returns NULL on no memory, leaving
 * p valid.  Any other pointer into p's old bytes is invalid afterwards.
 */
SM_EXPORT void *sm_arena_grow(sm_arena_t *a, void *p, size_t old_size,
			      size_t new_size);

/* sm_arena_strndup - copy len bytes and add a NUL; NULL on no memory, or
 * when p is NULL and len > 0. */
SM_EXPORT char *sm_arena_strndup(sm_arena_t *a, const char *p, size_t len);

/* sm_arena_used - bytes handed out since the last reset (for statistics). */
SM_EXPORT size_t sm_arena_used(const sm_arena_t *a);

#ifdef __cplusplus
}
#endif
#endif /* SM_COMMON_H */
