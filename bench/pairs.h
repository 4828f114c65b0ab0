/*
 * pairs.h - summary evaluation data for the bench programs
 * (eval-summaries, fit-scorer): (article, reference) pairs read from JSON
 * Lines, duplicate removal, reference sentence splitting, categories.
 *
 * Input lines are {"id", "title"?, "text", "reference"?} objects, plain or
 * gzip-compressed (../shared/data/summ-dev/pairs.jsonl,
 * ../shared/data/news-archive/ shards).  Lines without a reference are
 * skipped unless pseudo-references are asked for, in which case the
 * caller derives one from the analyzed article.
 */
#ifndef SM_BENCH_PAIRS_H
#define SM_BENCH_PAIRS_H

#include <stddef.h>

typedef struct {
	char *id;
	char *title;      /* NULL when absent or empty */
	char *text;
	size_t text_len;
	char *reference;  /* sentences separated by '\n'; NULL if absent */
	size_t ref_sents; /* sentences in the reference */
} pair_t;

typedef struct {
	pair_t *v;
	size_t n;
} pairs_t;

/*
 * pairs_load - read path; drop ids listed in the second column of dups
 * (a TSV of "kept<TAB>dropped" lines; NULL for none); keep pairs without a
 * reference only when keep_unref; stop after limit pairs (0 = all).
 * Returns 0 or -1 with a message on stderr.  Free with pairs_free.
 */
int pairs_load(const char *path, const char *dups, int keep_unref,
	       size_t limit, pairs_t *out);

/* pairs_free - release everything; the set is empty afterwards. */
void pairs_free(pairs_t *ps);

/*
 * pairs_split_ref - split a reference into sentences, one per line, in a
 * malloc'd string; *nsent gets their count.  Handles the BBC summaries'
 * sentences glued without a space ("...$10.9bn.For the full-year"): a
 * '.', '!' or '?' (plus closing quotes/brackets) ends a sentence when
 * followed by white space or an upper-case letter, unless the period ends
 * a single capital initial ("U.S.").  NULL on no memory.
 */
char *pairs_split_ref(const char *p, size_t len, size_t *nsent);

/*
 * pairs_category - the evaluation category of an id into buf: the second
 * field of "bbc-<category>-NNN", else the id up to its first '-'.
 */
const char *pairs_category(const char *id, char *buf, size_t cap);

#endif
