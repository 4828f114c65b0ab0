/*
 * test_tag.c - check tests for the POS tagger (pipeline/tag.c).
 *
 * Uses the shipped model: $SM_MODELS_DIR/en-pos.bin, or models/en-pos.bin
 * relative to the working directory.  Corrupt model files are written to
 * a temporary directory.  One test case per public function.
 */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model-fixtures.h"
#include "suites.h"
#include "tag.h"

/* ------------------------------------------------------------- helpers */

static sm_tag_model_t *load_shipped(void)
{
	char path[4096];
	sm_tag_model_t *m = NULL;
	sm_fixture_model_path(path, sizeof(path), "en-pos.bin");
	int rc = sm_tag_model_load(path, &m);
	ck_assert_msg(rc == SM_OK, "loading %s: %s", path, sm_strerror(rc));
	return m;
}

/* load_status - sm_fixture_load_fn for the tagger: load, free, status. */
static int load_status(const char *path)
{
	sm_tag_model_t *m = NULL;
	int rc = sm_tag_model_load(path, &m);
	ck_assert(rc == SM_OK || m == NULL);
	sm_tag_model_free(m);
	return rc;
}

static void expect_tags(sm_tagger_t *t, const char *sent, const char *want)
{
	sm_str_t w[64], g[64];
	uint8_t tags[64];
	size_t n = sm_fixture_split(sent, w, 64), ng = sm_fixture_split(want, g, 64);
	ck_assert_uint_eq(n, ng);
	ck_assert_int_eq(sm_tagger_tag(t, w, n, tags), SM_OK);
	for (size_t i = 0; i < n; i++)
		ck_assert_msg((int)tags[i] == sm_tag_from_name(g[i].p, g[i].len),
			      "%s: word %zu '%.*s' got %s want %.*s", sent, i,
			      (int)w[i].len, w[i].p, sm_tag_name(tags[i]),
			      (int)g[i].len, g[i].p);
}

/* --------------------------------------------------------------- tests */

START_TEST(test_sm_tag_model_load)
{
	char path[4096];
	sm_fixture_dir_t d;
	sm_tag_model_t *m = NULL;
	size_t len;

	m = load_shipped();
	sm_tag_model_free(m);
	m = NULL;
	ck_assert_int_eq(sm_tag_model_load(NULL, &m), SM_EINVAL);
	ck_assert_int_eq(sm_tag_model_load("x", NULL), SM_EINVAL);
	ck_assert_int_eq(sm_tag_model_load("/nonexistent/en-pos.bin", &m), SM_ENOENT);
	ck_assert_ptr_null(m);

	sm_fixture_model_path(path, sizeof(path), "en-pos.bin");
	unsigned char *buf = sm_fixture_slurp(path, &len);
	sm_fixture_dir_open(&d, "bad.bin");
	/* truncation, magic, version, number of classes, checksum, trailing
	 * bytes are rejected; the intact copy loads */
	sm_fixture_check_corrupt(load_status, d.path, buf, len);
	free(buf);
	sm_fixture_dir_close(&d);
}
END_TEST

START_TEST(test_sm_tag_model_free)
{
	sm_tag_model_free(NULL);
	sm_tag_model_free(load_shipped());
}
END_TEST

START_TEST(test_sm_tagger_new)
{
	sm_tag_model_t *m = load_shipped();
	sm_tagger_t *t = NULL, *t2 = NULL;
	ck_assert_int_eq(sm_tagger_new(m, NULL), SM_EINVAL);
	ck_assert_int_eq(sm_tagger_new(m, &t), SM_OK);
	ck_assert_ptr_nonnull(t);
	/* two handles share one model */
	ck_assert_int_eq(sm_tagger_new(m, &t2), SM_OK);
	expect_tags(t, "He runs .", "PRP VBZ .");
	expect_tags(t2, "He runs .", "PRP VBZ .");
	sm_tagger_free(t);
	sm_tagger_free(t2);
	/* a model-less handle extracts features but cannot tag */
	ck_assert_int_eq(sm_tagger_new(NULL, &t), SM_OK);
	sm_str_t w = { "x", 1 };
	uint8_t tag;
	ck_assert_int_eq(sm_tagger_tag(t, &w, 1, &tag), SM_EINVAL);
	sm_tagger_free(t);
	sm_tag_model_free(m);
}
END_TEST

START_TEST(test_sm_tagger_free)
{
	sm_tagger_t *t = NULL;
	sm_tagger_free(NULL);
	ck_assert_int_eq(sm_tagger_new(NULL, &t), SM_OK);
	sm_tagger_free(t);
}
END_TEST

START_TEST(test_sm_tagger_tag)
{
	sm_tag_model_t *m = load_shipped();
	sm_tagger_t *t = NULL;
	ck_assert_int_eq(sm_tagger_new(m, &t), SM_OK);

	expect_tags(t, "The cat sat on the mat .", "DT NN VBD IN DT NN .");
	expect_tags(t, "I do n't know .", "PRP VBP RB VB .");
	expect_tags(t, "Putin 's forces attacked the city .",
		    "NNP POS NNS VBD DT NN .");
	expect_tags(t, "She wants to go home .", "PRP VBZ TO VB RB .");
	/* news amounts the treebank hardly has: signs are $, an amount
	 * with a magnitude suffix CD */
	expect_tags(t, "Sales rose to \xc2\xa3 51.6m from \xe2\x82\xac 1.2bn .",
		    "NNS VBD IN $ CD IN $ CD .");
	/* a past tense that is never a participle is never VBN */
	expect_tags(t, "Pre-tax profit rose by 2.9 percent to 39 million pounds .",
		    "JJ NN VBD IN CD NN IN CD CD NNS .");
	/* ... and right after a subject it is the verb ("lending rose" is
	 * no compound, "sales rose by" no VBP) */
	static const char *const past[] = {
		"Mortgage lending rose by 7.1bn in December .",
		"Consumer borrowing rose at a near-record pace in January .",
		"In December , overall retail sales rose by 1.1% .",
		"Excluding the car sector , sales rose by just 0.3% .",
	};
	for (size_t k = 0; k < sizeof past / sizeof past[0]; k++) {
		sm_str_t pw[32];
		uint8_t pt[32];
		size_t pn = sm_fixture_split(past[k], pw, 32);
		ck_assert_int_eq(sm_tagger_tag(t, pw, pn, pt), SM_OK);
		for (size_t i = 0; i < pn; i++)
			if (pw[i].len == 4 && memcmp(pw[i].p, "rose", 4) == 0)
				ck_assert_msg(pt[i] == 11, "%s: rose tagged %s", past[k],
					      sm_tag_name(pt[i]));
	}
	/* lower-case particles inside a name are part of it, never a verb
	 * ("des" was VBZ) */
	expect_tags(t, "Generale des Eaux rose 2 pct .", "NNP NNP NNP VBD CD NN .");
	expect_tags(t, "Ursula von der Leyen said so .", "NNP NNP NNP NNP VBD RB .");
	/* a modal after a subject takes a verb ("issue" was NN), a question
	 * may take a noun */
	expect_tags(t, "It said it will issue bonds .", "PRP VBD PRP MD VB NNS .");
	ck_assert_int_eq(sm_tag_from_name("MD", 2), 16);  /* TAG_MD */
	ck_assert_int_eq(sm_tag_from_name("VB", 2), 10);  /* TAG_VB */
	ck_assert_int_eq(sm_tag_from_name("NNS", 3), 1);  /* TAG_NNS */
	ck_assert_int_eq(sm_tag_from_name("NNP", 3), 2);  /* TAG_NNP in tag.c */
	ck_assert_int_eq(sm_tag_from_name("NNPS", 4), 3); /* TAG_NNPS in tag.c */
	ck_assert_int_eq(sm_tag_from_name("JJ", 2), 4);   /* TAG_JJ */
	ck_assert_int_eq(sm_tag_from_name("PRP", 3), 24); /* TAG_PRP */
	ck_assert_int_eq(sm_tag_from_name("VBD", 3), 11); /* TAG_VBD in tag.c */
	ck_assert_int_eq(sm_tag_from_name("VBN", 3), 13); /* TAG_VBN */
	ck_assert_int_eq(sm_tag_from_name("CD", 2), 23);  /* TAG_CD */
	ck_assert_int_eq(sm_tag_from_name("$", 1), 36);   /* TAG_DOLLAR */

	/* n == 0, with and without arrays */
	ck_assert_int_eq(sm_tagger_tag(t, NULL, 0, NULL), SM_OK);
	/* bad arguments */
	sm_str_t w[300];
	uint8_t tags[300];
	ck_assert_int_eq(sm_tagger_tag(NULL, w, 0, tags), SM_EINVAL);
	ck_assert_int_eq(sm_tagger_tag(t, NULL, 1, tags), SM_EINVAL);
	ck_assert_int_eq(sm_tagger_tag(t, w, 1, NULL), SM_EINVAL);

	/* odd tokens: U+FFFD, empty, NULL text, long, control bytes */
	static const char fffd[] = "\xef\xbf\xbd";
	static const char junk[] = "\x80\x80\xbf\x01\xff\xfe\x80";
	char longw[5000];
	memset(longw, 'a', sizeof(longw));
	w[0] = (sm_str_t){ fffd, 3 };
	w[1] = (sm_str_t){ "", 0 };
	w[2] = (sm_str_t){ NULL, 0 };
	w[3] = (sm_str_t){ longw, sizeof(longw) };
	w[4] = (sm_str_t){ junk, 7 }; /* starts with continuation bytes */
	w[5] = (sm_str_t){ "fifth-largest", 13 };
	ck_assert_int_eq(sm_tagger_tag(t, w, 6, tags), SM_OK);
	for (size_t i = 0; i < 6; i++)
		ck_assert_uint_lt(tags[i], sm_tag_count());
	/* hyphenated words stay one token in the pipeline */
	expect_tags(t, "It is the fifth-largest economy .", "PRP VBZ DT JJS NN .");

	/* 300 tokens (longer than the pipeline's cap), twice: scratch reuse */
	for (size_t i = 0; i < 300; i++)
		w[i] = (sm_str_t){ i % 2 ? "dog" : "the", 3 };
	for (int rep = 0; rep < 2; rep++) {
		ck_assert_int_eq(sm_tagger_tag(t, w, 300, tags), SM_OK);
		ck_assert_str_eq(sm_tag_name(tags[0]), "DT");
		ck_assert_str_eq(sm_tag_name(tags[1]), "NN");
	}
	sm_tagger_free(t);
	sm_tag_model_free(m);
}
END_TEST

START_TEST(test_sm_tag_name)
{
	ck_assert_str_eq(sm_tag_name(0), "NN");
	/* ids parse.c's repairs name as numbers */
	static const char *const pinned[] = {
		"NN", "NNS", "NNP", "NNPS", "JJ", [7] = "RB", [10] = "VB", "VBD",
		"VBG", "VBN", "VBP", "VBZ", "MD", [24] = "PRP", [37] = ".", ",",
		":", "``", "''", "-LRB-", "-RRB-", "HYPH", "NFP",
	};
	for (size_t i = 0; i < sizeof pinned / sizeof pinned[0]; i++)
		if (pinned[i])
			ck_assert_str_eq(sm_tag_name((uint8_t)i), pinned[i]);
	ck_assert_ptr_null(sm_tag_name((uint8_t)sm_tag_count()));
	ck_assert_ptr_null(sm_tag_name(255));
	/* every tag seen in UD English is there */
	static const char *const ewt[] = {
		"NN", "IN", "DT", "NNP", "JJ", "PRP", ".", "RB", "VB", "NNS", ",",
		"CC", "VBD", "VBP", "VBZ", "VBN", "CD", "VBG", "TO", "MD", "PRP$",
		"WDT", ":", "-RRB-", "-LRB-", "UH", "WRB", "WP", "``", "''", "RP",
		"HYPH", "POS", "NNPS", "JJR", "JJS", "EX", "RBR", "NFP", "ADD",
		"GW", "$", "SYM", "PDT", "FW", "RBS", "LS", "AFX", "WP$",
	};
	for (size_t i = 0; i < sizeof(ewt) / sizeof(ewt[0]); i++)
		ck_assert_int_ge(sm_tag_from_name(ewt[i], strlen(ewt[i])), 0);
}
END_TEST

START_TEST(test_sm_tag_from_name)
{
	for (size_t i = 0; i < sm_tag_count(); i++) {
		const char *n = sm_tag_name((uint8_t)i);
		ck_assert_int_eq(sm_tag_from_name(n, strlen(n)), (int)i);
	}
	ck_assert_int_eq(sm_tag_from_name("NNX", 3), -1);
	ck_assert_int_eq(sm_tag_from_name("NNS", 2), sm_tag_from_name("NN", 2));
	ck_assert_int_eq(sm_tag_from_name("", 0), -1);
	ck_assert_int_eq(sm_tag_from_name(NULL, 0), -1);
}
END_TEST

START_TEST(test_sm_tag_count)
{
	ck_assert_uint_ge(sm_tag_count(), 49);
	ck_assert_uint_le(sm_tag_count(), 64); /* lexicon masks are 64 bits */
}
END_TEST

START_TEST(test_sm_tagger_prepare)
{
	sm_tagger_t *t = NULL;
	sm_str_t w[2] = { { "a", 1 }, { "b", 1 } };
	ck_assert_int_eq(sm_tagger_new(NULL, &t), SM_OK);
	ck_assert_int_eq(sm_tagger_prepare(t, w, 2), SM_OK);
	ck_assert_int_eq(sm_tagger_prepare(t, NULL, 0), SM_OK);
	ck_assert_int_eq(sm_tagger_prepare(t, NULL, 2), SM_EINVAL);
	ck_assert_int_eq(sm_tagger_prepare(NULL, w, 2), SM_EINVAL);
	sm_tagger_free(t);
}
END_TEST

START_TEST(test_sm_tagger_features)
{
	sm_tagger_t *t = NULL;
	uint32_t f1[SM_TAG_MAX_FEATS], f2[SM_TAG_MAX_FEATS], f3[SM_TAG_MAX_FEATS];
	sm_str_t w[3] = { { "Dogs", 4 }, { "bark", 4 }, { "dogs", 4 } };
	ck_assert_int_eq(sm_tagger_new(NULL, &t), SM_OK);
	ck_assert_int_eq(sm_tagger_prepare(t, w, 3), SM_OK);
	size_t n1 = sm_tagger_features(t, 0, SM_TAG_START, SM_TAG_START, f1);
	size_t n2 = sm_tagger_features(t, 0, SM_TAG_START, SM_TAG_START, f2);
	size_t n3 = sm_tagger_features(t, 2, 1, 0, f3);
	ck_assert_uint_gt(n1, 20);
	ck_assert_uint_le(n1, SM_TAG_MAX_FEATS);
	ck_assert_uint_eq(n1, n2);
	ck_assert_uint_eq(n1, n3);
	ck_assert_mem_eq(f1, f2, n1 * sizeof(uint32_t)); /* deterministic */
	for (size_t i = 0; i < n1; i++)
		ck_assert_uint_ne(f1[i], 0);
	/* "Dogs" and "dogs" share the lowercase feature (template 2) */
	ck_assert_uint_eq(f1[2], f3[2]);
	ck_assert_uint_ne(f1[1], f3[1]);
	/* Past the prepared sentence (3 tokens): no features, no read past
	 * the scratch; the same after a shorter sentence reuses it. */
	ck_assert_uint_eq(sm_tagger_features(t, 3, 1, 0, f3), 0);
	ck_assert_uint_eq(sm_tagger_features(t, 1000000, 1, 0, f3), 0);
	ck_assert_int_eq(sm_tagger_prepare(t, w, 1), SM_OK);
	ck_assert_uint_eq(sm_tagger_features(t, 1, 1, 0, f3), 0);
	ck_assert_uint_eq(sm_tagger_features(t, 0, SM_TAG_START, SM_TAG_START, NULL), 0);
	ck_assert_uint_eq(sm_tagger_features(NULL, 0, SM_TAG_START, SM_TAG_START, f3), 0);
	sm_tagger_free(t);
}
END_TEST

START_TEST(test_sm_tag_word_key)
{
	ck_assert_uint_ne(sm_tag_word_key("", 0), 0);
	ck_assert_uint_eq(sm_tag_word_key("cat", 3), sm_tag_word_key("cat", 3));
	ck_assert_uint_ne(sm_tag_word_key("cat", 3), sm_tag_word_key("Cat", 3));
	/* NULL is the empty word, for all three key functions. */
	ck_assert_uint_eq(sm_tag_word_key(NULL, 3), sm_tag_word_key("", 0));
	ck_assert_uint_eq(sm_tag_lower_key(NULL, 3), sm_tag_lower_key("", 0));
	ck_assert_uint_eq(sm_tag_cluster_key(NULL, 3), sm_tag_cluster_key("", 0));
}
END_TEST

START_TEST(test_sm_tag_lower_key)
{
	ck_assert_uint_eq(sm_tag_lower_key("CAT", 3), sm_tag_lower_key("cat", 3));
	ck_assert_uint_ne(sm_tag_lower_key("cat", 3), sm_tag_word_key("cat", 3));
	ck_assert_uint_ne(sm_tag_lower_key("", 0), 0);
}
END_TEST

START_TEST(test_sm_tagger_dict_tag)
{
	sm_tag_model_t *m = load_shipped();
	sm_tagger_t *t = NULL;
	sm_str_t w[2] = { { "the", 3 }, { "xqzzyv", 6 } };
	ck_assert_int_eq(sm_tagger_new(m, &t), SM_OK);
	ck_assert_int_eq(sm_tagger_prepare(t, w, 2), SM_OK);
	ck_assert_int_eq(sm_tagger_dict_tag(t, 0), sm_tag_from_name("DT", 2));
	ck_assert_int_eq(sm_tagger_dict_tag(t, 1), -1);
	/* Outside the prepared sentence, or no handle: -1, not a stale read. */
	ck_assert_int_eq(sm_tagger_dict_tag(t, 2), -1);
	ck_assert_int_eq(sm_tagger_dict_tag(t, 1000000), -1);
	ck_assert_int_eq(sm_tagger_dict_tag(NULL, 0), -1);
	/* A shorter sentence after a longer one: token 1 is gone, though
	 * the scratch still holds "the" there. */
	sm_str_t w2[2] = { { "xqzzyv", 6 }, { "the", 3 } };
	ck_assert_int_eq(sm_tagger_prepare(t, w2, 2), SM_OK);
	ck_assert_int_eq(sm_tagger_dict_tag(t, 1), sm_tag_from_name("DT", 2));
	ck_assert_int_eq(sm_tagger_prepare(t, w2, 1), SM_OK);
	ck_assert_int_eq(sm_tagger_dict_tag(t, 1), -1);
	sm_tagger_free(t);
	sm_tag_model_free(m);
}
END_TEST

/*
 * A two-feature model: bias votes NN, the word "run" votes VB.  "run" is
 * in the lexicon (words it does not know get no identity features).
 */
static sm_tag_model_t *tiny_model(void)
{
	sm_tagger_t *t = NULL;
	uint32_t f[SM_TAG_MAX_FEATS];
	sm_str_t w = { "run", 3 };
	ck_assert_int_eq(sm_tagger_new(NULL, &t), SM_OK);
	ck_assert_int_eq(sm_tagger_prepare(t, &w, 1), SM_OK);
	sm_tagger_features(t, 0, SM_TAG_START, SM_TAG_START, f);
	sm_tagger_free(t);
	uint32_t keys[2] = { f[0], f[1] }, start[3] = { 0, 1, 2 };
	uint8_t cls[2] = { (uint8_t)sm_tag_from_name("NN", 2),
			   (uint8_t)sm_tag_from_name("VB", 2) };
	float wt[2] = { 1.0f, 2.0f };
	uint32_t lk[2] = { sm_tag_word_key("the", 3), sm_tag_word_key("run", 3) };
	uint8_t lt[2] = { (uint8_t)sm_tag_from_name("DT", 2), SM_TAG_NONE };
	uint64_t lm[2] = { (uint64_t)1 << lt[0], (uint64_t)1 << cls[1] };
	sm_tag_weights_t ws = { .nfeat = 2, .keys = keys, .start = start,
				.cls = cls, .w = wt, .nlex = 2, .lex_keys = lk,
				.lex_tags = lt, .lex_masks = lm };
	sm_tag_model_t *m = NULL;
	ck_assert_int_eq(sm_tag_model_build(&ws, &m), SM_OK);
	return m;
}

static void check_tiny(const sm_tag_model_t *m)
{
	sm_tagger_t *t = NULL;
	sm_str_t w[3] = { { "the", 3 }, { "run", 3 }, { "cat", 3 } };
	uint8_t tags[3];
	ck_assert_int_eq(sm_tagger_new(m, &t), SM_OK);
	ck_assert_int_eq(sm_tagger_tag(t, w, 3, tags), SM_OK);
	ck_assert_str_eq(sm_tag_name(tags[0]), "DT");
	ck_assert_str_eq(sm_tag_name(tags[1]), "VB");
	ck_assert_str_eq(sm_tag_name(tags[2]), "NN");
	sm_tagger_free(t);
}

START_TEST(test_sm_tag_model_build)
{
	sm_tag_model_t *m = tiny_model();
	check_tiny(m);
	sm_tag_model_free(m);
	/* bad class and zero key are rejected */
	uint32_t keys[1] = { 5 }, start[2] = { 0, 1 };
	uint8_t cls[1] = { 200 };
	float wt[1] = { 1 };
	sm_tag_weights_t ws = { .nfeat = 1, .keys = keys, .start = start,
				.cls = cls, .w = wt };
	m = NULL;
	ck_assert_int_eq(sm_tag_model_build(&ws, &m), SM_EINVAL);
	cls[0] = 0;
	keys[0] = 0;
	ck_assert_int_eq(sm_tag_model_build(&ws, &m), SM_EINVAL);
	ck_assert_ptr_null(m);
	ck_assert_int_eq(sm_tag_model_build(NULL, &m), SM_EINVAL);
}
END_TEST

START_TEST(test_sm_tag_model_save)
{
	sm_fixture_dir_t d;
	sm_tag_model_t *m = tiny_model(), *m2 = NULL;
	sm_fixture_dir_open(&d, "tiny.bin");
	ck_assert_int_eq(sm_tag_model_save(m, d.path), SM_OK);
	ck_assert_int_eq(sm_tag_model_load(d.path, &m2), SM_OK);
	check_tiny(m2);
	ck_assert_int_eq(sm_tag_model_save(m, "/nonexistent/dir/x.bin"), SM_EIO);
	ck_assert_int_eq(sm_tag_model_save(NULL, d.path), SM_EINVAL);
	sm_tag_model_free(m);
	sm_tag_model_free(m2);
	sm_fixture_dir_close(&d);
}
END_TEST

START_TEST(test_sm_tag_cluster_key)
{
	ck_assert_uint_ne(sm_tag_cluster_key("", 0), 0);
	/* letters lowercased, digits folded */
	ck_assert_uint_eq(sm_tag_cluster_key("Cat9", 4), sm_tag_cluster_key("cat0", 4));
	ck_assert_uint_eq(sm_tag_cluster_key("1990s", 5), sm_tag_cluster_key("2000S", 5));
	ck_assert_uint_ne(sm_tag_cluster_key("cat", 3), sm_tag_cluster_key("cats", 4));
	ck_assert_uint_ne(sm_tag_cluster_key("cat", 3), sm_tag_lower_key("cat", 3));
}
END_TEST

/*
 * A model whose only evidence for VB is the finest cluster of the current
 * word (template 45): "zork" is in that cluster, "blorp" in none.
 */
static sm_tag_model_t *cluster_model(void)
{
	uint32_t ck[1] = { sm_tag_cluster_key("zork", 4) };
	uint32_t cv[1] = { 5u | 6u << 10 | 7u << 20 };
	sm_tag_weights_t cw = { .nclus = 1, .clus_keys = ck, .clus_vals = cv };
	sm_tag_model_t *cm = NULL, *m = NULL;
	sm_tagger_t *t = NULL;
	uint32_t f[SM_TAG_MAX_FEATS], g[SM_TAG_MAX_FEATS];
	sm_str_t w[2] = { { "Zork", 4 }, { "blorp", 5 } };
	ck_assert_int_eq(sm_tag_model_build(&cw, &cm), SM_OK);
	ck_assert_int_eq(sm_tagger_new(cm, &t), SM_OK);
	ck_assert_int_eq(sm_tagger_prepare(t, w, 2), SM_OK);
	size_t n = sm_tagger_features(t, 0, SM_TAG_START, SM_TAG_START, f);
	sm_tagger_features(t, 1, SM_TAG_START, SM_TAG_START, g);
	ck_assert_uint_gt(n, 45);
	ck_assert_uint_ne(f[45], g[45]);
	sm_tagger_free(t);
	sm_tag_model_free(cm);
	uint32_t keys[2] = { f[0], f[45] }, start[3] = { 0, 1, 2 };
	uint8_t cls[2] = { (uint8_t)sm_tag_from_name("NN", 2),
			   (uint8_t)sm_tag_from_name("VB", 2) };
	float wt[2] = { 1.0f, 2.0f };
	sm_tag_weights_t ws = { .nfeat = 2, .keys = keys, .start = start,
				.cls = cls, .w = wt, .nclus = 1, .clus_keys = ck,
				.clus_vals = cv };
	ck_assert_int_eq(sm_tag_model_build(&ws, &m), SM_OK);
	return m;
}

static void check_clusters(const sm_tag_model_t *m)
{
	sm_tagger_t *t = NULL;
	sm_str_t w[3] = { { "blorp", 5 }, { "ZORK", 4 }, { "zork", 4 } };
	uint8_t tags[3];
	ck_assert_int_eq(sm_tagger_new(m, &t), SM_OK);
	ck_assert_int_eq(sm_tagger_tag(t, w, 3, tags), SM_OK);
	ck_assert_str_eq(sm_tag_name(tags[0]), "NN");
	ck_assert_str_eq(sm_tag_name(tags[1]), "VB");
	ck_assert_str_eq(sm_tag_name(tags[2]), "VB");
	sm_tagger_free(t);
}

/* Clusters survive save and load; a full cluster table is rejected. */
START_TEST(test_sm_tag_model_clusters)
{
	sm_fixture_dir_t d;
	sm_tag_model_t *m = cluster_model(), *m2 = NULL;
	size_t len;
	check_clusters(m);
	sm_fixture_dir_open(&d, "clusters.bin");
	ck_assert_int_eq(sm_tag_model_save(m, d.path), SM_OK);
	ck_assert_int_eq(sm_tag_model_load(d.path, &m2), SM_OK);
	check_clusters(m2);
	sm_tag_model_free(m2);
	m2 = NULL;
	/* the cluster table is the end of the file; fill every slot and
	 * fix the checksum, so only the table check can catch it (header
	 * words: ccap at byte 44, checksum at 40) */
	unsigned char *buf = sm_fixture_slurp(d.path, &len);
	sm_fixture_fill_clusters(buf, len, 44, 40);
	sm_fixture_spit(d.path, buf, len);
	ck_assert_int_eq(sm_tag_model_load(d.path, &m2), SM_EMODEL);
	ck_assert_ptr_null(m2);
	free(buf);
	sm_tag_model_free(m);
	sm_fixture_dir_close(&d);
}
END_TEST

/* sm_tagger_set_rules: off, the model alone tags (the shipped model calls
 * a known "£" VB here and "rose" VBN in a headline-like clause); on
 * again, the rules apply. */
START_TEST(test_sm_tagger_set_rules)
{
	static const char sent[] = "Sales rose to \xc2\xa3 51.6m from \xe2\x82\xac 1.2bn .";
	sm_tag_model_t *m = load_shipped();
	sm_tagger_t *t = NULL;
	ck_assert_int_eq(sm_tagger_new(m, &t), SM_OK);
	ck_assert_int_eq(sm_tagger_set_rules(t, 0), SM_OK);
	{
		sm_str_t w[16];
		uint8_t tags[16];
		size_t n = sm_fixture_split(sent, w, 16);
		ck_assert_int_eq(sm_tagger_tag(t, w, n, tags), SM_OK);
		ck_assert_int_ne(tags[3], sm_tag_from_name("$", 1));
	}
	ck_assert_int_eq(sm_tagger_set_rules(t, 1), SM_OK);
	expect_tags(t, sent, "NNS VBD IN $ CD IN $ CD .");
	ck_assert_int_eq(sm_tagger_set_rules(NULL, 1), SM_EINVAL);
	sm_tagger_free(t);
	sm_tag_model_free(m);
}
END_TEST

/* One test case per public function, named after it. */
#define ADD_CASE(s, fn)                              \
	do {                                         \
		TCase *tc_ = tcase_create(#fn);      \
		tcase_set_timeout(tc_, 60);          \
		tcase_add_test(tc_, test_##fn);      \
		suite_add_tcase(s, tc_);             \
	} while (0)

Suite *suite_tag(void)
{
	Suite *s = suite_create("tag");
	ADD_CASE(s, sm_tag_model_load);
	ADD_CASE(s, sm_tag_model_free);
	ADD_CASE(s, sm_tagger_new);
	ADD_CASE(s, sm_tagger_free);
	ADD_CASE(s, sm_tagger_tag);
	ADD_CASE(s, sm_tagger_set_rules);
	ADD_CASE(s, sm_tag_name);
	ADD_CASE(s, sm_tag_from_name);
	ADD_CASE(s, sm_tag_count);
	ADD_CASE(s, sm_tagger_prepare);
	ADD_CASE(s, sm_tagger_features);
	ADD_CASE(s, sm_tag_word_key);
	ADD_CASE(s, sm_tag_lower_key);
	ADD_CASE(s, sm_tagger_dict_tag);
	ADD_CASE(s, sm_tag_model_build);
	ADD_CASE(s, sm_tag_model_save);
	ADD_CASE(s, sm_tag_cluster_key);
	ADD_CASE(s, sm_tag_model_clusters);
	return s;
}
