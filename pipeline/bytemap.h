/*
 * bytemap.h - filling the byte maps that ingest (doc->text_map) and
 * normalize (doc->norm_map) build: map[i] is the offset in the original
 * input of output byte i.  Internal to the library (not installed).
 */
#ifndef SM_BYTEMAP_H
#define SM_BYTEMAP_H

#include <stddef.h>
#include <stdint.h>

/*
 * sm_map_iota - m[k] = from + k for k < n: the map of a run of bytes
 * copied unchanged.  Four stores a step, which the compiler turns into
 * one vector store; the caller checks that from + n fits in 32 bits (the
 * document limit, SM_DOC_MAX_BYTES, does).
 */
static inline void sm_map_iota(uint32_t *m, uint32_t from, size_t n)
{
	size_t k = 0;
	for (; k + 4 <= n; k += 4, from += 4) {
		m[k] = from;
		m[k + 1] = from + 1;
		m[k + 2] = from + 2;
		m[k + 3] = from + 3;
	}
	for (; k < n; k++)
		m[k] = from++;
}

#endif
