/*
 * newstext.h - news-archive text and word clusters for the trainers.
 *
 * train-ner and train-syntax both learn distributional word clusters from
 * the news archive (JSONL, one article per line): they read the "text"
 * field, split it into PTB-like tokens and sentences, count neighbour
 * words and group the frequent words by spherical k-means.  These are the
 * shared pieces; each trainer keeps its own counting and its own choice of
 * levels.  Deterministic: fixed seeds, no clocks.
 */
#ifndef SM_TRAIN_NEWSTEXT_H
#define SM_TRAIN_NEWSTEXT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common.h"

/* Longest sentence nt_news_split hands out (longer ones are cut). */
#define NT_MAX_TOKENS 256

/* Context dimensions of the k-means rows: 1000 words left and right, plus
 * one "other" bucket on each side. */
#define NT_CTX 1000
#define NT_DIM (2 * NT_CTX + 2)

/*
 * nt_json_text - decode the JSON string that starts at p (just after its
 * opening quote) into dst (cap bytes, NUL-terminated): the escapes \n \r
 * \t become a newline or spaces, \uXXXX typographic quotes and dashes
 * become ASCII (as the runtime normalizes them), other non-ASCII escapes
 * a space.  Returns the decoded length.
 */
size_t nt_json_text(char *dst, size_t cap, const char *p);

/* nt_is_abbrev - is (p, len), before a full stop, an abbreviation or an
 * initial (so the stop does not end the sentence)? */
int nt_is_abbrev(const char *p, size_t len);

/*
 * nt_news_each - call fn with the decoded "text" of every article (one
 * JSON object per line) of the gzipped or plain JSONL files, skipping
 * articles that are mostly upper case (wire headlines, tables).  Lines up
 * to 4 MiB.  Returns 0, or -1 when a file does not open (named on stderr)
 * or memory runs out.
 */
int nt_news_each(char **files, int nfiles, void (*fn)(void *, const char *),
		 void *ctx);

typedef void (*nt_sentence_fn)(void *ctx, sm_str_t *w, size_t n);

/*
 * nt_news_split - split NUL-terminated text into PTB-like tokens and
 * sentences and call fn per sentence (words point into text).  A newline
 * ends a sentence; so does a token ending in . ! ? (not after an
 * abbreviation).  Leading quotes and brackets, trailing punctuation and
 * the clitic 's are split off; with split_nt also n't, as in the PTB.
 * Sentences longer than max_tokens (at most NT_MAX_TOKENS) are cut.
 */
void nt_news_split(const char *text, size_t max_tokens, int split_nt,
		   nt_sentence_fn fn, void *ctx);

/* The sentence mark in a word-id sequence (nt_cooc_rows). */
#define NT_SENT UINT32_MAX

/* Co-occurrence rows: row v = the words' neighbour counts, in CSR form. */
typedef struct {
	size_t nv;        /* rows: the words that got one */
	size_t nz;        /* nonzeros */
	int32_t *vi;      /* word id -> row, or -1 (nw entries) */
	size_t *rowp;     /* nv + 1 offsets into col and val */
	uint16_t *col;    /* context dimension, in [0, NT_DIM) */
	float *val;       /* sqrt(count), each row L2-normalized */
} nt_rows_t;

/*
 * nt_cooc_rows - the k-means input for a word-id sequence (ids < nw,
 * sentences separated by NT_SENT): the maxv most frequent words seen at
 * least minfreq times get a row (most frequent first, ties by id); the
 * NT_CTX most frequent words are the context dimensions, left and right,
 * plus a sentence boundary on each side.  Returns 0, or -1 when out of
 * memory (out is then empty).  Free with nt_rows_free().
 */
int nt_cooc_rows(const uint32_t *seq, size_t nseq, size_t nw, uint32_t minfreq,
		 size_t maxv, nt_rows_t *out);

/* nt_rows_free - release the rows; NULL is a no-op. */
void nt_rows_free(nt_rows_t *r);

/* nt_cmp_u64 - qsort comparator for uint64_t, ascending. */
int nt_cmp_u64(const void *a, const void *b);

/*
 * nt_wordmap_t - words with dense indices in order of first sight, in a
 * fixed open-addressing table of 2^bits slots (FNV-1a, linear probing).
 * It stops adding at half full: the trainers keep statistics for the
 * words they met first, so a huge archive cannot exhaust memory.  Callers
 * keep their per-word counts in arrays of their own, indexed alike.
 */
typedef struct {
	char **word;       /* NUL-terminated copies; a caller may take one
			    * and set the entry to NULL */
	uint32_t *slots;   /* index + 1; 0 = empty */
	size_t nslots, n, cap;
} nt_wordmap_t;

/* nt_wordmap_init - an empty map of 2^bits slots; 0, or -1 (no memory). */
int nt_wordmap_init(nt_wordmap_t *m, unsigned bits);

/* nt_wordmap_id - the index of (p, len), added if new (*added then 1);
 * -1 when the word is new and the map is half full.  Exits on no memory,
 * as the trainers do. */
long nt_wordmap_id(nt_wordmap_t *m, const char *p, size_t len, int *added);

/* nt_wordmap_free - release the table and the words left in it. */
void nt_wordmap_free(nt_wordmap_t *m);

/* nt_rng_next - xorshift64, the trainers' fixed-seed generator. */
uint64_t nt_rng_next(uint64_t *s);

/*
 * nt_kmeans - spherical k-means of nv CSR rows (rowp[nv + 1], col in
 * [0, NT_DIM), val) into k clusters, iters iterations from a Forgy start
 * among the first 20,000 rows (the most frequent words); fills assign[nv].
 * Progress lines go to log when it is not NULL.  Returns 0, or -1 when out
 * of memory.
 */
int nt_kmeans(const size_t *rowp, const uint16_t *col, const float *val,
	      size_t nv, int k, int iters, uint32_t *assign, FILE *log);

#endif /* SM_TRAIN_NEWSTEXT_H */
