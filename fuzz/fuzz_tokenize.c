/*
 * fuzz_tokenize.c - libFuzzer harness for stages 3-5: segment, tokenize
 * (or the pre-tokenized reader) and stem, on top of ingest and normalize.
 *
 * Input: byte 0 picks the path (bit 0 set: sm_tokenize_pretokenized instead
 * of segment + sm_tokenize_run; bit 1 set: no segment model); the rest is
 * the document.  The segment patterns and the English stopwords are loaded
 * once from $SM_MODELS_DIR (default: the source tree's models/, compiled in
 * as SM_FUZZ_MODELS_DIR by fuzz/run); the lexicon and stemmer are created
 * per input so every crash file reproduces on its own.
 *
 * Checked after the run (doc.h contracts):
 *   - blocks lie within norm and do not overlap;
 *   - tokens lie within orig, their normalized text within norm;
 *   - sentences cover disjoint token ranges in order, each at most
 *     SM_SENT_MAX_TOKENS tokens, with start <= end within orig;
 *   - every token key is a valid lexicon id whose string is the
 *     sm_normalize_key of the token text.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "doc.h"
#include "ingest.h"
#include "lexicon.h"
#include "normalize.h"
#include "segment.h"
#include "stem.h"
#include "tokenize.h"

/* Read-only models, loaded once (may stay NULL: the stages accept that). */
static sm_segment_model_t *seg_model;
static sm_stopwords_t *stopwords;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[4096];
	(void)argc;
	(void)argv;
	snprintf(path, sizeof path, "%s/segment/english.patterns", fuzz_models_dir());
	if (sm_segment_model_load(path, &seg_model) != SM_OK)
		fprintf(stderr, "fuzz_tokenize: %s: not loaded, fuzzing without it\n", path);
	snprintf(path, sizeof path, "%s/stopwords/english.txt", fuzz_models_dir());
	if (sm_stopwords_load(path, &stopwords) != SM_OK)
		fprintf(stderr, "fuzz_tokenize: %s: not loaded, fuzzing without it\n", path);
	return 0;
}

/* Check the segment, tokenize and stem layers of d against lexicon lex. */
static void check_layers(const sm_doc_t *d, const sm_lexicon_t *lex, int stemmed)
{
	char key[1024];
	uint32_t prev_end = 0;
	for (size_t b = 0; b < d->n_blocks; b++) {
		const sm_block_t *bl = &d->blocks[b];
		FUZZ_CHECK(bl->norm_start <= bl->norm_end && bl->norm_end <= d->norm_len);
		FUZZ_CHECK(bl->norm_start >= prev_end);
		FUZZ_CHECK(bl->kind < SM_BLOCK_KINDS);
		prev_end = bl->norm_end;
	}
	for (size_t i = 0; i < d->n_toks; i++) {
		const sm_token_t *t = &d->toks[i];
		FUZZ_CHECK(t->start <= t->end && t->end <= d->orig_len);
		FUZZ_CHECK(t->norm <= d->norm_len && t->norm_len <= d->norm_len - t->norm);
		FUZZ_CHECK(t->norm_len > 0);
		FUZZ_CHECK(t->key >= 1 && t->key <= sm_lexicon_size(lex));
		sm_str_t s = sm_lexicon_str(lex, t->key);
		size_t kl = sm_normalize_key(key, sizeof key, d->norm + t->norm, t->norm_len);
		if (kl <= sizeof key && s.p)
			FUZZ_CHECK(s.len == kl && memcmp(s.p, key, kl) == 0);
		if (stemmed)
			FUZZ_CHECK(t->stem <= sm_lexicon_size(lex));
	}
	size_t next = 0;
	for (size_t s = 0; s < d->n_sents; s++) {
		const sm_sentence_t *st = &d->sents[s];
		FUZZ_CHECK(st->tok >= next);
		FUZZ_CHECK(st->ntok > 0 && st->ntok <= SM_SENT_MAX_TOKENS);
		FUZZ_CHECK(st->ntok <= d->n_toks - st->tok);
		FUZZ_CHECK(st->start <= st->end && st->end <= d->orig_len);
		FUZZ_CHECK(st->block < d->n_blocks || d->n_blocks == 0);
		next = st->tok + st->ntok;
	}
}

/* One input: path byte + document.  See the file comment. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sm_doc_t *d = NULL;
	sm_lexicon_t *lex = NULL;
	sm_stemmer_t *st = NULL;
	unsigned mode;
	int rc;
	if (size < 1)
		return 0;
	mode = data[0];
	data++, size--;
	if (sm_doc_new(&d) != SM_OK || sm_lexicon_new(&lex) != SM_OK ||
	    sm_stemmer_new("english", stopwords, &st) != SM_OK)
		goto done;
	if (sm_doc_set_input(d, (const char *)data, size, NULL, NULL, NULL) != SM_OK)
		goto done;
	if (sm_ingest_run(d) != SM_OK || sm_normalize_run(d) != SM_OK)
		goto done;
	if (mode & 1) {
		rc = sm_tokenize_pretokenized(d, lex);
	} else {
		rc = sm_segment_run((mode & 2) ? NULL : seg_model, d);
		FUZZ_CHECK(rc == SM_OK || rc == SM_ENOMEM);
		if (rc != SM_OK)
			goto done;
		rc = sm_tokenize_run(d, lex);
	}
	FUZZ_CHECK(rc == SM_OK || rc == SM_ENOMEM);
	if (rc != SM_OK)
		goto done;
	rc = sm_stem_run(st, d, lex);
	FUZZ_CHECK(rc == SM_OK || rc == SM_ENOMEM);
	check_layers(d, lex, rc == SM_OK);
done:
	sm_stemmer_free(st);
	sm_lexicon_free(lex);
	sm_doc_free(d);
	return 0;
}
