/* test_stem.c - Snowball stemming, stopwords, the stem stage. */
#include <stdio.h>
#include <string.h>

#include "doc.h"
#include "lexicon.h"
#include "stem.h"
#include "suites.h"

static sm_stopwords_t *load_stop(const char *lang)
{
	char path[4096];
	sm_stopwords_t *sw = NULL;
	snprintf(path, sizeof path, "%s/stopwords/%s.txt", test_models_dir(), lang);
	ck_assert_int_eq(sm_stopwords_load(path, &sw), SM_OK);
	return sw;
}

START_TEST(test_stopwords_load)
{
	sm_stopwords_t *sw = NULL;
	ck_assert_int_eq(sm_stopwords_load("/nonexistent", &sw), SM_EMODEL);
	ck_assert_ptr_null(sw);
	sw = load_stop("english");
	ck_assert(sm_stopwords_has(sw, "the", 3));
	ck_assert(sm_stopwords_has(sw, "n't", 3));
	ck_assert(!sm_stopwords_has(sw, "minerals", 8));
	ck_assert(!sm_stopwords_has(sw, "us", 2)); /* would hide "US" */
	sm_stopwords_free(sw);
	/* Entries are case-folded at load: German "daß" matches key "dass". */
	sw = load_stop("german");
	ck_assert(sm_stopwords_has(sw, "und", 3));
	sm_stopwords_free(sw);
	sm_stopwords_free(NULL);
}
END_TEST

START_TEST(test_stopwords_has)
{
	ck_assert(!sm_stopwords_has(NULL, "the", 3));
	sm_stopwords_t *sw = load_stop("english");
	ck_assert(sm_stopwords_has(sw, "and", 3));
	ck_assert(sm_stopwords_has(sw, "andx", 3)); /* only the first len bytes count */
	ck_assert(!sm_stopwords_has(sw, "ab", 2));
	ck_assert(sm_stopwords_has(sw, "a", 1));
	ck_assert(!sm_stopwords_has(sw, "", 0));
	ck_assert(!sm_stopwords_has(sw, NULL, 3)); /* no word, not a crash */
	sm_stopwords_free(sw);
}
END_TEST

START_TEST(test_stemmer_new)
{
	sm_stemmer_t *st = NULL;
	ck_assert_int_eq(sm_stemmer_new("klingon", NULL, &st), SM_ELANG);
	ck_assert_ptr_null(st);
	ck_assert_int_eq(sm_stemmer_new(NULL, NULL, &st), SM_OK);
	sm_stemmer_free(st);
	ck_assert_int_eq(sm_stemmer_new("french", NULL, &st), SM_OK);
	sm_stemmer_free(st);
	sm_stemmer_free(NULL);
	ck_assert_int_eq(sm_stemmer_new("english", NULL, NULL), SM_EINVAL);
}
END_TEST

START_TEST(test_stemmer_stem)
{
	sm_stemmer_t *st = NULL;
	size_t n;
	ck_assert_int_eq(sm_stemmer_new("english", NULL, &st), SM_OK);
	const char *s = sm_stemmer_stem(st, "royalties", 9, &n);
	ck_assert_int_eq((int)n, 7);
	ck_assert_int_eq(memcmp(s, "royalti", 7), 0);
	s = sm_stemmer_stem(st, "minerals", 8, &n);
	ck_assert_int_eq(memcmp(s, "miner", n), 0);
	/* NULL text with a length is refused; with none it is the empty word. */
	ck_assert_ptr_null(sm_stemmer_stem(st, NULL, 3, &n));
	n = 99;
	ck_assert_ptr_nonnull(sm_stemmer_stem(st, NULL, 0, &n));
	ck_assert_uint_eq(n, 0);
	sm_stemmer_free(st);
	ck_assert_int_eq(sm_stemmer_new("french", NULL, &st), SM_OK);
	s = sm_stemmer_stem(st, "continuellement", 15, &n);
	ck_assert_int_eq(memcmp(s, "continuel", n), 0);
	sm_stemmer_free(st);
}
END_TEST

START_TEST(test_stem_run)
{
	/* Tokens built by hand: "The", "minerals", "2025", "." */
	sm_doc_t *d = NULL;
	sm_lexicon_t *lex = NULL;
	sm_stemmer_t *st = NULL;
	sm_stopwords_t *sw = load_stop("english");
	sm_token_t toks[4];
	static const char *const keys[4] = { "the", "minerals", "2025", "." };
	static const uint16_t flags[4] = { SM_TF_WORD, SM_TF_WORD, SM_TF_NUM, SM_TF_PUNCT };
	ck_assert_int_eq(sm_doc_new(&d), SM_OK);
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);
	ck_assert_int_eq(sm_stemmer_new("english", sw, &st), SM_OK);
	memset(toks, 0, sizeof toks);
	for (int i = 0; i < 4; i++) {
		ck_assert_int_eq(sm_lexicon_intern(lex, keys[i], strlen(keys[i]), &toks[i].key), SM_OK);
		toks[i].flags = flags[i];
	}
	d->toks = toks;
	d->n_toks = 4;
	ck_assert_int_eq(sm_stem_run(st, d, lex), SM_EINVAL); /* tokenize not done */
	d->stages_done = SM_STAGE_TOKENIZE;
	ck_assert_int_eq(sm_stem_run(st, d, lex), SM_OK);
	ck_assert(toks[0].flags & SM_TF_STOP);
	ck_assert(!(toks[1].flags & SM_TF_STOP));
	sm_str_t s = sm_lexicon_str(lex, toks[1].stem);
	ck_assert_int_eq((int)s.len, 5);
	ck_assert_int_eq(memcmp(s.p, "miner", 5), 0);
	ck_assert_uint_eq(toks[2].stem, toks[2].key);
	ck_assert_uint_eq(toks[3].stem, 0);
	ck_assert(d->stages_done & SM_STAGE_STEM);
	/* Cached: a second run gives the same ids. */
	uint32_t first = toks[1].stem;
	ck_assert_int_eq(sm_stem_run(st, d, lex), SM_OK);
	ck_assert_uint_eq(toks[1].stem, first);
	d->toks = NULL;
	sm_doc_free(d);
	sm_stemmer_free(st);
	sm_lexicon_free(lex);
	sm_stopwords_free(sw);
}
END_TEST

START_TEST(test_stem_languages)
{
	const char **l = sm_stem_languages();
	int english = 0, n = 0;
	for (; *l; l++, n++)
		if (strcmp(*l, "english") == 0)
			english = 1;
	ck_assert(english);
	ck_assert_int_ge(n, 15);
	/* Every language libstemmer knows has a stopword file (maybe empty). */
	for (l = sm_stem_languages(); *l; l++) {
		char path[4096];
		sm_stopwords_t *sw = NULL;
		snprintf(path, sizeof path, "%s/stopwords/%s.txt", test_models_dir(), *l);
		ck_assert_msg(sm_stopwords_load(path, &sw) == SM_OK, "%s", path);
		sm_stopwords_free(sw);
	}
}
END_TEST

Suite *suite_stem(void)
{
	Suite *s = suite_create("stem");
	SM_TEST_ADD(s, test_stopwords_load);
	SM_TEST_ADD(s, test_stopwords_has);
	SM_TEST_ADD(s, test_stemmer_new);
	SM_TEST_ADD(s, test_stemmer_stem);
	SM_TEST_ADD(s, test_stem_run);
	SM_TEST_ADD(s, test_stem_languages);
	return s;
}
