/*
 * test_parse.c - check tests for the dependency parser (pipeline/parse.c).
 *
 * Uses the shipped models: $SM_MODELS_DIR/en-dep.bin and en-pos.bin (for
 * realistic input tags), or models/ relative to the working directory.
 * Corrupt model files are written to a temporary directory.  One test
 * case per public function.
 */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model-fixtures.h"
#include "parse.h"
#include "suites.h"
#include "tag.h"

/* ------------------------------------------------------------- helpers */

static sm_parse_model_t *load_shipped(void)
{
	char path[4096];
	sm_parse_model_t *m = NULL;
	sm_fixture_model_path(path, sizeof(path), "en-dep.bin");
	int rc = sm_parse_model_load(path, &m);
	ck_assert_msg(rc == SM_OK, "loading %s: %s", path, sm_strerror(rc));
	return m;
}

/* load_status - sm_fixture_load_fn for the parser: load, free, status. */
static int load_status(const char *path)
{
	sm_parse_model_t *m = NULL;
	int rc = sm_parse_model_load(path, &m);
	ck_assert(rc == SM_OK || m == NULL);
	sm_parse_model_free(m);
	return rc;
}

/* Tag words with the shipped tagger. */
static void tag_words(const sm_str_t *w, size_t n, uint8_t *tags)
{
	char path[4096];
	sm_tag_model_t *m = NULL;
	sm_tagger_t *t = NULL;
	sm_fixture_model_path(path, sizeof(path), "en-pos.bin");
	ck_assert_int_eq(sm_tag_model_load(path, &m), SM_OK);
	ck_assert_int_eq(sm_tagger_new(m, &t), SM_OK);
	ck_assert_int_eq(sm_tagger_tag(t, w, n, tags), SM_OK);
	sm_tagger_free(t);
	sm_tag_model_free(m);
}

static uint8_t rel(const char *name)
{
	int r = sm_deprel_from_name(name, strlen(name));
	ck_assert_int_ge(r, 0);
	return (uint8_t)r;
}

/* Check that heads form a tree with one root (every word reaches it). */
static void check_tree(const int16_t *heads, size_t n)
{
	size_t roots = 0;
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_ge(heads[i], -1);
		ck_assert_int_lt(heads[i], (int)n);
		roots += heads[i] == -1;
		size_t steps = 0;
		for (long k = (long)i; k != -1; k = heads[k])
			ck_assert_uint_le(steps++, n);
	}
	if (n)
		ck_assert_uint_eq(roots, 1);
	/* projective: every word between a head and its dependent is the
	 * head's descendant (the decoder and its repairs keep this) */
	for (size_t d = 0; d < n; d++) {
		long h = heads[d];
		if (h < 0)
			continue;
		long lo = h < (long)d ? h : (long)d, hi = h < (long)d ? (long)d : h;
		for (long k = lo + 1; k < hi; k++) {
			long x = k;
			for (size_t steps = 0; x != -1 && x != h && steps <= n; steps++)
				x = heads[x];
			ck_assert_msg(x == h, "arc %ld -> %zu crosses word %ld", h, d, k);
		}
	}
}

/* Split text at spaces, tag it with the shipped tagger, parse it with p
 * into heads and rels (300 entries each), check the tree; the length. */
static size_t parse_words(sm_parser_t *p, const char *text, sm_str_t *w,
			  uint8_t *tags, int16_t *heads, uint8_t *rels)
{
	size_t n = sm_fixture_split(text, w, 300);
	tag_words(w, n, tags);
	ck_assert_int_eq(sm_parser_parse(p, w, tags, n, heads, rels), SM_OK);
	check_tree(heads, n);
	return n;
}

/* subjects of head h */
static size_t subjects(const int16_t *heads, const uint8_t *rels, size_t n,
		       long h)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const char *r = sm_deprel_name(rels[i]);
		k += heads[i] == h && (!strcmp(r, "nsubj") || !strcmp(r, "nsubj:pass") ||
				       !strcmp(r, "csubj") || !strcmp(r, "csubj:pass"));
	}
	return k;
}

/* is a an ancestor of d (or d itself)? */
static int dominates(const int16_t *heads, size_t n, long a, long d)
{
	for (size_t steps = 0; d >= 0 && steps <= n; steps++, d = heads[d])
		if (d == a)
			return 1;
	return 0;
}

/* "The cat sat on the mat ." with its gold tree */
static const char cat_sent[] = "The cat sat on the mat .";
static const int16_t cat_heads[] = { 1, 2, -1, 5, 5, 2, 2 };
static const char *const cat_rels[] = { "det", "nsubj", "root", "case",
					"det", "obl", "punct" };

/* --------------------------------------------------------------- tests */

START_TEST(test_sm_parse_model_load)
{
	char path[4096];
	sm_fixture_dir_t d;
	sm_parse_model_t *m = load_shipped();
	size_t len;
	sm_parse_model_free(m);
	m = NULL;
	ck_assert_int_eq(sm_parse_model_load(NULL, &m), SM_EINVAL);
	ck_assert_int_eq(sm_parse_model_load("x", NULL), SM_EINVAL);
	ck_assert_int_eq(sm_parse_model_load("/nonexistent/en-dep.bin", &m), SM_ENOENT);

	sm_fixture_model_path(path, sizeof(path), "en-dep.bin");
	unsigned char *buf = sm_fixture_slurp(path, &len);
	sm_fixture_dir_open(&d, "bad.bin");
	/* truncation, magic, version, number of classes, checksum, trailing
	 * bytes are rejected; the intact copy loads */
	sm_fixture_check_corrupt(load_status, d.path, buf, len);
	/* the unused header words must be zero */
	ck_assert_int_eq(sm_fixture_load_flipped(load_status, d.path, buf, len, 40, 0x01),
			 SM_EMODEL);
	ck_assert_int_eq(sm_fixture_load_flipped(load_status, d.path, buf, len, 44, 0x80),
			 SM_EMODEL);
	free(buf);
	sm_fixture_dir_close(&d);
}
END_TEST

START_TEST(test_sm_parse_model_free)
{
	sm_parse_model_free(NULL);
	sm_parse_model_free(load_shipped());
}
END_TEST

START_TEST(test_sm_parser_new)
{
	sm_parse_model_t *m = load_shipped();
	sm_parser_t *p = NULL;
	ck_assert_int_eq(sm_parser_new(m, NULL), SM_EINVAL);
	ck_assert_int_eq(sm_parser_new(m, &p), SM_OK);
	ck_assert_ptr_nonnull(p);
	sm_parser_free(p);
	/* model-less handle: no parsing */
	ck_assert_int_eq(sm_parser_new(NULL, &p), SM_OK);
	sm_str_t w = { "x", 1 };
	uint8_t tag = 0, r;
	int16_t h;
	ck_assert_int_eq(sm_parser_parse(p, &w, &tag, 1, &h, &r), SM_EINVAL);
	sm_parser_free(p);
	sm_parse_model_free(m);
}
END_TEST

START_TEST(test_sm_parser_free)
{
	sm_parser_t *p = NULL;
	sm_parser_free(NULL);
	ck_assert_int_eq(sm_parser_new(NULL, &p), SM_OK);
	sm_parser_free(p);
}
END_TEST

START_TEST(test_sm_parser_parse)
{
	sm_parse_model_t *m = load_shipped();
	sm_parser_t *p = NULL;
	sm_str_t w[300];
	uint8_t tags[300], rels[300];
	int16_t heads[300];
	ck_assert_int_eq(sm_parser_new(m, &p), SM_OK);

	size_t n = parse_words(p, cat_sent, w, tags, heads, rels);
	ck_assert_int_eq(heads[2], -1);
	ck_assert_str_eq(sm_deprel_name(rels[2]), "root");
	ck_assert_int_eq(heads[1], 2);
	ck_assert_str_eq(sm_deprel_name(rels[1]), "nsubj");
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_eq(heads[i], cat_heads[i]);
		ck_assert_uint_eq(rels[i], rel(cat_rels[i]));
	}

	n = parse_words(p, "The report was written by two analysts .", w, tags, heads, rels);
	ck_assert_int_eq(heads[3], -1);
	ck_assert_str_eq(sm_deprel_name(rels[1]), "nsubj:pass");
	ck_assert_str_eq(sm_deprel_name(rels[2]), "aux:pass");

	/* one subject per head: news titles before names are not a second
	 * subject (the greedy decoder gives each of these two) */
	static const char *const news[] = {
		"Telegraph executive Murdoch MacLennan said the two newspapers would add eight colour pages .",
		"Yet aviation analyst Mike Powell says revenues will still be low .",
		"Quarterly profits at US media giant TimeWarner jumped 76% to $ 1.13bn .",
	};
	for (size_t k = 0; k < sizeof(news) / sizeof(news[0]); k++) {
		n = parse_words(p, news[k], w, tags, heads, rels);
		for (size_t h = 0; h < n; h++)
			ck_assert_msg(subjects(heads, rels, n, (long)h) <= 1,
				      "%s: two subjects of word %zu", news[k], h);
	}
	/* the title is inside the name's phrase, the name the subject */
	n = parse_words(p, news[0], w, tags, heads, rels);
	ck_assert_int_eq(subjects(heads, rels, n, 4), 1);         /* said */
	ck_assert(dominates(heads, n, heads[2] == 4 ? 2 : 3, 0)); /* Telegraph */
	ck_assert(dominates(heads, n, heads[2] == 4 ? 2 : 3, 1)); /* executive */
	/* the company is the apposition of "giant", profits the subject */
	n = parse_words(p, news[2], w, tags, heads, rels);
	ck_assert_int_eq(heads[1], 7);
	ck_assert_str_eq(sm_deprel_name(rels[1]), "nsubj");
	ck_assert_int_eq(heads[6], 5);
	ck_assert_str_eq(sm_deprel_name(rels[6]), "appos");

	/* a reported clause without "that": its subject is no object of
	 * "said" (the greedy decoder makes "improve" a parataxis) */
	n = parse_words(p, "Alcan said the technology , which reduces the weight of "
			"a car , can improve handling .", w, tags, heads, rels);
	ck_assert_int_eq(heads[14], 1);
	ck_assert_str_eq(sm_deprel_name(rels[14]), "ccomp");
	ck_assert_int_eq(heads[3], 14);
	ck_assert_str_eq(sm_deprel_name(rels[3]), "nsubj");
	check_tree(heads, n);
	/* a bare day after a verb is its obl:unmarked, not the subject
	 * (the decoder makes "it" a flat part of "Wednesday") */
	n = parse_words(p, "The company said Wednesday it has decided not to complete "
			"the deal .", w, tags, heads, rels);
	ck_assert_int_eq(heads[3], 2);
	ck_assert_str_eq(sm_deprel_name(rels[3]), "obl:unmarked");
	ck_assert_int_eq(heads[4], 6);
	ck_assert_str_eq(sm_deprel_name(rels[4]), "nsubj");
	check_tree(heads, n);
	n = parse_words(p, "Li Peng said on Saturday China would pursue a foreign "
			"policy .", w, tags, heads, rels);
	ck_assert_int_eq(heads[4], 2);
	ck_assert_str_eq(sm_deprel_name(rels[4]), "obl");
	ck_assert_int_eq(heads[3], 4);
	ck_assert_str_eq(sm_deprel_name(rels[3]), "case");
	ck_assert_str_eq(sm_deprel_name(rels[5]), "nsubj");
	check_tree(heads, n);
	n = parse_words(p, "Aon Corp said Wednesday it expects to take a charge .",
			w, tags, heads, rels);
	ck_assert_str_eq(sm_deprel_name(rels[3]), "obl:unmarked");
	ck_assert_str_eq(sm_deprel_name(rels[4]), "nsubj");
	/* but not a day that is right already, nor one with a phrase of
	 * its own after it */
	n = parse_words(p, "Trading was suspended on Wednesday evening .", w, tags,
			heads, rels);
	ck_assert_int_eq(heads[3], 5);
	ck_assert_str_eq(sm_deprel_name(rels[3]), "case");
	ck_assert_int_eq(heads[4], 5);
	n = parse_words(p, "The talks will continue Monday and Tuesday .", w, tags,
			heads, rels);
	ck_assert_str_ne(sm_deprel_name(rels[6]), "obj");
	n = parse_words(p, "Traders said Monday 's drop was small .", w, tags, heads, rels);
	ck_assert_str_ne(sm_deprel_name(rels[2]), "obl:unmarked");
	/* an adverb with an object is the verb's particle */
	n = parse_words(p, "Ukraine will hand over half of the royalties .", w, tags,
			heads, rels);
	ck_assert_str_eq(sm_deprel_name(rels[3]), "compound:prt");
	ck_assert_int_eq(heads[4], 2);
	ck_assert_str_eq(sm_deprel_name(rels[4]), "obj");
	check_tree(heads, n);
	/* "be to" of an arrangement is an auxiliary; of a plan's content,
	 * a copula */
	n = parse_words(p, "The World Trade Organisation is to hold membership talks .",
			w, tags, heads, rels);
	ck_assert_str_eq(sm_deprel_name(rels[4]), "aux");
	ck_assert_str_eq(sm_deprel_name(rels[3]), "nsubj");
	ck_assert_int_eq(heads[3], 6);
	n = parse_words(p, "The aim was to smuggle explosives .", w, tags, heads, rels);
	ck_assert_str_eq(sm_deprel_name(rels[2]), "cop");
	/* a second conjunct with no subject of its own follows the first */
	n = parse_words(p, "The WTO is to hold talks and is to review sales .", w, tags,
			heads, rels);
	ck_assert_str_eq(sm_deprel_name(rels[2]), "aux");
	ck_assert_str_eq(sm_deprel_name(rels[7]), "aux");
	/* the "that" clause of a noun of content is no relative clause */
	n = parse_words(p, "There have been suggestions that Wenger will swoop for a "
			"keeper .", w, tags, heads, rels);
	ck_assert_str_eq(sm_deprel_name(rels[4]), "mark");
	ck_assert_str_eq(sm_deprel_name(rels[7]), "acl");
	ck_assert_int_eq(heads[7], 3);
	/* but "that" as the only object of a verb that wants one is a
	 * relative pronoun */
	n = parse_words(p, "He warned of the threat that Iran poses to the region .", w,
			tags, heads, rels);
	ck_assert_str_eq(sm_deprel_name(rels[7]), "acl:relcl");
	/* a day's own phrase takes its place; a prepositional phrase goes to
	 * the verb */
	n = parse_words(p, "Ford Motor Co. , following several competitors , said Monday "
			"its Ford and Lincoln brands are starting used vehicle warranty "
			"programmes .",
			w, tags, heads, rels);
	ck_assert_str_eq(sm_deprel_name(rels[9]), "obl:unmarked");
	ck_assert_str_eq(sm_deprel_name(rels[14]), "nsubj");
	check_tree(heads, n);
	n = parse_words(p, "The minister said Friday at a symposium that prices rose .", w,
			tags, heads, rels);
	ck_assert_int_eq(heads[3], 2);
	ck_assert_int_eq(heads[6], 2);
	ck_assert_str_eq(sm_deprel_name(rels[6]), "obl");
	check_tree(heads, n);
	/* but a coordinated verb shares the subject of "said" */
	n = parse_words(p, "He said a prayer and left the room .", w, tags, heads, rels);
	ck_assert_str_eq(sm_deprel_name(rels[3]), "obj");
	ck_assert_int_eq(heads[3], 1);

	/* punctuation heads nothing: "sparking" was an acl of the comma */
	n = parse_words(p, "Growth in Japan evaporated in the three months to September , "
			"sparking renewed concern about an economy not long out of a "
			"decade-long trough .", w, tags, heads, rels);
	for (size_t i = 0; i < n; i++)
		if (heads[i] >= 0)
			ck_assert_msg(strcmp(sm_tag_name(tags[heads[i]]), ",") != 0 &&
				      strcmp(sm_tag_name(tags[heads[i]]), ".") != 0,
				      "word %zu hangs on punctuation", i);
	ck_assert_int_eq(heads[11], 3);
	ck_assert_str_eq(sm_deprel_name(rels[11]), "advcl");
	ck_assert_str_eq(sm_deprel_name(rels[10]), "punct");
	/* marks hanging on marks move too, or arcs cross ("and" and ","
	 * both hung on the final "." here) */
	n = parse_words(p, "Consumer spending was higher in December than November , and "
			"festive sales were also up on 2003 .", w, tags, heads, rels);
	for (size_t i = 0; i < n; i++)
		if (heads[i] >= 0)
			ck_assert_str_ne(sm_deprel_name(rels[heads[i]]), "punct");

	/* n == 0 and bad arguments */
	ck_assert_int_eq(sm_parser_parse(p, NULL, NULL, 0, NULL, NULL), SM_OK);
	ck_assert_int_eq(sm_parser_parse(NULL, w, tags, 1, heads, rels), SM_EINVAL);
	ck_assert_int_eq(sm_parser_parse(p, NULL, tags, 1, heads, rels), SM_EINVAL);
	ck_assert_int_eq(sm_parser_parse(p, w, NULL, 1, heads, rels), SM_EINVAL);
	ck_assert_int_eq(sm_parser_parse(p, w, tags, 1, NULL, rels), SM_EINVAL);
	ck_assert_int_eq(sm_parser_parse(p, w, tags, 1, heads, NULL), SM_EINVAL);
	ck_assert_int_eq(sm_parser_parse(p, w, tags, SM_PARSE_MAX_TOKENS + 1,
					 heads, rels), SM_EINVAL);

	/* one word; odd text; out-of-range tags; 300 words twice */
	w[0] = (sm_str_t){ "\xef\xbf\xbd", 3 };
	tags[0] = 255;
	ck_assert_int_eq(sm_parser_parse(p, w, tags, 1, heads, rels), SM_OK);
	ck_assert_int_eq(heads[0], -1);
	ck_assert_str_eq(sm_deprel_name(rels[0]), "root");
	for (size_t i = 0; i < 300; i++) {
		w[i] = (sm_str_t){ i % 3 == 2 ? "," : "word", i % 3 == 2 ? 1 : 4 };
		tags[i] = (uint8_t)(i * 7 % 60);
	}
	for (int rep = 0; rep < 2; rep++) {
		ck_assert_int_eq(sm_parser_parse(p, w, tags, 300, heads, rels), SM_OK);
		check_tree(heads, 300);
		for (size_t i = 0; i < 300; i++)
			ck_assert_ptr_nonnull(sm_deprel_name(rels[i]));
	}
	sm_parser_free(p);
	sm_parse_model_free(m);
}
END_TEST

START_TEST(test_sm_deprel_name)
{
	ck_assert_str_eq(sm_deprel_name(0), "root");
	/* ids parse.c's repairs name as numbers */
	ck_assert_str_eq(sm_deprel_name(4), "nsubj");
	ck_assert_str_eq(sm_deprel_name(27), "nsubj:pass");
	ck_assert_str_eq(sm_deprel_name(38), "csubj");
	ck_assert_str_eq(sm_deprel_name(49), "csubj:pass");
	ck_assert_str_eq(sm_deprel_name(11), "compound");
	static const char *const pinned[] = {
		[1] = "punct", [2] = "case", [6] = "amod", [7] = "obj", [8] = "obl",
		[9] = "conj", [12] = "mark", [13] = "cc", [14] = "aux", [15] = "cop",
		[17] = "advcl", [18] = "xcomp", [19] = "acl:relcl", [21] = "ccomp",
		[22] = "acl", [23] = "parataxis", [25] = "aux:pass", [26] = "appos",
		[20] = "flat", [28] = "obl:unmarked", [29] = "nmod:unmarked",
		[31] = "compound:prt", [33] = "expl", [39] = "nsubj:outer",
		[45] = "dep", [5] = "advmod",
	};
	for (size_t i = 0; i < sizeof pinned / sizeof pinned[0]; i++)
		if (pinned[i])
			ck_assert_str_eq(sm_deprel_name((uint8_t)i), pinned[i]);
	ck_assert_str_eq(sm_deprel_name(26), "appos");
	ck_assert_str_eq(sm_deprel_name(1), "punct");
	ck_assert_str_eq(sm_deprel_name(17), "advcl");
	ck_assert_str_eq(sm_deprel_name(22), "acl");
	static const char *const tagids[] = { "NN", "NNS", "NNP", "NNPS", "JJ" };
	for (size_t i = 0; i < 5; i++)
		ck_assert_str_eq(sm_tag_name((uint8_t)i), tagids[i]);
	static const char *const verbs[] = { "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD" };
	for (size_t i = 0; i < 7; i++)
		ck_assert_str_eq(sm_tag_name((uint8_t)(10 + i)), verbs[i]);
	static const char *const puncts[] = { ".", ",", ":", "``", "''", "-LRB-", "-RRB-",
					      "HYPH", "NFP" };
	for (size_t i = 0; i < 9; i++)
		ck_assert_str_eq(sm_tag_name((uint8_t)(37 + i)), puncts[i]);
	ck_assert_ptr_null(sm_deprel_name((uint8_t)sm_deprel_count()));
	ck_assert_ptr_null(sm_deprel_name(255));
	static const char *const ewt[] = {
		"punct", "case", "det", "nsubj", "root", "advmod", "amod", "obj",
		"obl", "conj", "nmod", "compound", "mark", "cc", "aux", "cop",
		"nmod:poss", "advcl", "xcomp", "acl:relcl", "flat", "ccomp", "acl",
		"parataxis", "nummod", "aux:pass", "appos", "nsubj:pass",
		"obl:unmarked", "nmod:unmarked", "discourse", "compound:prt",
		"list", "expl", "fixed", "iobj", "nmod:desc", "obl:agent", "csubj",
		"nsubj:outer", "det:predet", "vocative", "advcl:relcl",
		"reparandum", "goeswith", "dep", "cc:preconj", "orphan",
		"dislocated", "csubj:pass", "csubj:outer", "obl:tmod", "obl:npmod",
		"nmod:tmod", "nmod:npmod", "flat:foreign",
	};
	for (size_t i = 0; i < sizeof(ewt) / sizeof(ewt[0]); i++)
		ck_assert_int_ge(sm_deprel_from_name(ewt[i], strlen(ewt[i])), 0);
}
END_TEST

START_TEST(test_sm_deprel_from_name)
{
	for (size_t i = 0; i < sm_deprel_count(); i++) {
		const char *n = sm_deprel_name((uint8_t)i);
		ck_assert_int_eq(sm_deprel_from_name(n, strlen(n)), (int)i);
	}
	ck_assert_int_eq(sm_deprel_from_name("nsubj:pass", 5), rel("nsubj"));
	ck_assert_int_eq(sm_deprel_from_name("subject", 7), -1);
	ck_assert_int_eq(sm_deprel_from_name(NULL, 0), -1);
}
END_TEST

START_TEST(test_sm_deprel_count)
{
	ck_assert_uint_ge(sm_deprel_count(), 51);
	ck_assert_uint_le(sm_deprel_count(), 64); /* label sets are 64-bit */
}
END_TEST

START_TEST(test_sm_parse_nclasses)
{
	ck_assert_uint_eq(sm_parse_nclasses(), 1 + 2 * sm_deprel_count());
	ck_assert_uint_le(sm_parse_nclasses(), 255);
}
END_TEST

START_TEST(test_sm_parser_begin)
{
	sm_parser_t *p = NULL;
	sm_parse_state_t *s = NULL;
	sm_str_t w[2] = { { "a", 1 }, { "b", 1 } };
	uint8_t tags[2] = { 0, 0 };
	ck_assert_int_eq(sm_parser_new(NULL, &p), SM_OK);
	ck_assert_int_eq(sm_parser_begin(p, w, tags, 2, &s), SM_OK);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(sm_parse_state_done(s), 0);
	ck_assert_int_eq(sm_parser_begin(p, w, tags, 0, &s), SM_OK);
	ck_assert_int_eq(sm_parse_state_done(s), 1);
	ck_assert_int_eq(sm_parser_begin(p, NULL, tags, 2, &s), SM_EINVAL);
	ck_assert_int_eq(sm_parser_begin(p, w, tags, 2, NULL), SM_EINVAL);
	sm_parser_free(p);
}
END_TEST

/*
 * Follow the dynamic oracle's cheapest class from the start: it must
 * rebuild a projective gold tree exactly at zero cost.
 */
static void oracle_run(const int16_t *gh, const uint8_t *gr, size_t n)
{
	sm_parser_t *p = NULL;
	sm_parse_state_t *s = NULL;
	sm_str_t w[64];
	uint8_t tags[64] = { 0 }, valid[256], rels[64];
	int16_t heads[64];
	int32_t costs[256];
	size_t steps = 0;
	for (size_t i = 0; i < n; i++)
		w[i] = (sm_str_t){ "w", 1 };
	ck_assert_int_eq(sm_parser_new(NULL, &p), SM_OK);
	ck_assert_int_eq(sm_parser_begin(p, w, tags, n, &s), SM_OK);
	while (!sm_parse_state_done(s)) {
		sm_parse_state_valid(s, valid);
		sm_parse_state_costs(s, gh, gr, costs);
		size_t best = 0;
		for (size_t c = 0; c < sm_parse_nclasses(); c++) {
			if (!valid[c])
				ck_assert_int_eq(costs[c], INT32_MAX);
			if (costs[c] < costs[best])
				best = c;
		}
		ck_assert_int_eq(costs[best], 0);
		sm_parse_state_apply(s, (unsigned)best);
		ck_assert_uint_le(++steps, 2 * n);
	}
	sm_parse_state_result(s, heads, rels);
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_eq(heads[i], gh[i]);
		ck_assert_uint_eq(rels[i], gr[i]);
	}
	sm_parser_free(p);
}

START_TEST(test_sm_parse_state_costs)
{
	uint8_t gr[7];
	for (size_t i = 0; i < 7; i++)
		gr[i] = rel(cat_rels[i]);
	oracle_run(cat_heads, gr, 7);
	/* right-branching chain and a flat tree */
	int16_t chain[6] = { -1, 0, 1, 2, 3, 4 }, flat[6] = { 3, 3, 3, -1, 3, 3 };
	uint8_t r6[6] = { 0, 1, 2, 3, 4, 5 };
	r6[0] = rel("root");
	oracle_run(chain, r6, 6);
	r6[0] = 1;
	r6[3] = rel("root");
	oracle_run(flat, r6, 6);
}
END_TEST

START_TEST(test_sm_parse_state_done)
{
	sm_parser_t *p = NULL;
	sm_parse_state_t *s = NULL;
	sm_str_t w = { "Hi", 2 };
	uint8_t tag = 0;
	ck_assert_int_eq(sm_parser_new(NULL, &p), SM_OK);
	ck_assert_int_eq(sm_parser_begin(p, &w, &tag, 1, &s), SM_OK);
	ck_assert_int_eq(sm_parse_state_done(s), 0);
	sm_parse_state_apply(s, 0);                 /* SHIFT */
	ck_assert_int_eq(sm_parse_state_done(s), 0);
	sm_parse_state_apply(s, 1 + rel("root"));   /* LEFT-ARC root */
	ck_assert_int_eq(sm_parse_state_done(s), 1);
	sm_parser_free(p);
}
END_TEST

START_TEST(test_sm_parse_state_valid)
{
	sm_parser_t *p = NULL;
	sm_parse_state_t *s = NULL;
	sm_str_t w[2] = { { "a", 1 }, { "b", 1 } };
	uint8_t tags[2] = { 0, 0 }, v[256];
	size_t nrel = sm_deprel_count();
	ck_assert_int_eq(sm_parser_new(NULL, &p), SM_OK);
	ck_assert_int_eq(sm_parser_begin(p, w, tags, 2, &s), SM_OK);
	sm_parse_state_valid(s, v);
	ck_assert_uint_eq(v[0], 1);                 /* only SHIFT at the start */
	for (size_t c = 1; c < sm_parse_nclasses(); c++)
		ck_assert_uint_eq(v[c], 0);
	sm_parse_state_apply(s, 0);
	sm_parse_state_apply(s, 0);                 /* stack a b, buffer root */
	sm_parse_state_valid(s, v);
	ck_assert_uint_eq(v[0], 0);
	ck_assert_uint_eq(v[1 + rel("root")], 0);   /* two words stacked */
	ck_assert_uint_eq(v[1 + nrel + rel("obj")], 1);
	ck_assert_uint_eq(v[1 + nrel + rel("root")], 0);
	sm_parser_free(p);
}
END_TEST

START_TEST(test_sm_parse_state_apply)
{
	sm_parser_t *p = NULL;
	sm_parse_state_t *s = NULL;
	sm_str_t w[2] = { { "dogs", 4 }, { "bark", 4 } };
	uint8_t tags[2] = { 1, 15 }, rels[2];
	int16_t heads[2];
	ck_assert_int_eq(sm_parser_new(NULL, &p), SM_OK);
	ck_assert_int_eq(sm_parser_begin(p, w, tags, 2, &s), SM_OK);
	sm_parse_state_apply(s, 0);                     /* SHIFT dogs */
	sm_parse_state_apply(s, 1 + rel("nsubj"));      /* dogs <- bark */
	sm_parse_state_apply(s, 0);                     /* SHIFT bark */
	sm_parse_state_apply(s, 1 + rel("root"));       /* bark <- root */
	ck_assert_int_eq(sm_parse_state_done(s), 1);
	sm_parse_state_result(s, heads, rels);
	ck_assert_int_eq(heads[0], 1);
	ck_assert_int_eq(heads[1], -1);
	ck_assert_uint_eq(rels[0], rel("nsubj"));
	ck_assert_uint_eq(rels[1], rel("root"));
	sm_parser_free(p);
}
END_TEST

/*
 * Invalid classes are ignored: an arc with nothing stacked used to pop
 * below the stack (corrupting the state), a class past the last one
 * indexed out of the relation table.  NULL states are terminal and inert.
 */
START_TEST(test_sm_parse_state_apply_invalid)
{
	sm_parser_t *p = NULL;
	sm_parse_state_t *s = NULL;
	sm_str_t w[2] = { { "dogs", 4 }, { "bark", 4 } };
	uint8_t tags[2] = { 1, 15 }, rels[2], v[256];
	int16_t heads[2];
	uint32_t f[SM_PARSE_MAX_FEATS];
	int32_t costs[256];
	size_t nrel = sm_deprel_count();
	ck_assert_int_eq(sm_parser_new(NULL, &p), SM_OK);
	ck_assert_int_eq(sm_parser_begin(p, w, tags, 2, &s), SM_OK);
	sm_parse_state_apply(s, 1 + rel("nsubj"));        /* LEFT-ARC, empty stack */
	sm_parse_state_apply(s, 1 + nrel + rel("obj"));   /* RIGHT-ARC, empty stack */
	sm_parse_state_apply(s, (unsigned)sm_parse_nclasses());
	sm_parse_state_apply(s, 1000000u);
	sm_parse_state_valid(s, v);
	ck_assert_uint_eq(v[0], 1);                       /* still the start */
	sm_parse_state_apply(s, 0);
	sm_parse_state_apply(s, 1 + rel("nsubj"));
	sm_parse_state_apply(s, 1 + nrel + rel("obj"));   /* one stacked: ignored */
	sm_parse_state_apply(s, 0);
	sm_parse_state_apply(s, 1 + rel("root"));
	ck_assert_int_eq(sm_parse_state_done(s), 1);
	sm_parse_state_apply(s, 0);                       /* done: ignored */
	sm_parse_state_result(s, heads, rels);
	ck_assert_int_eq(heads[0], 1);
	ck_assert_int_eq(heads[1], -1);
	ck_assert_uint_eq(rels[0], rel("nsubj"));
	sm_parser_free(p);

	ck_assert_int_eq(sm_parse_state_done(NULL), 1);
	memset(v, 1, sizeof v);
	sm_parse_state_valid(NULL, v);
	for (size_t c = 0; c < sm_parse_nclasses(); c++)
		ck_assert_uint_eq(v[c], 0);
	sm_parse_state_valid(NULL, NULL);
	sm_parse_state_apply(NULL, 0);
	ck_assert_uint_eq(sm_parse_state_features(NULL, f), 0);
	sm_parse_state_costs(NULL, heads, rels, costs);
	sm_parse_state_result(NULL, heads, rels);
}
END_TEST

START_TEST(test_sm_parse_state_features)
{
	sm_parser_t *p = NULL;
	sm_parse_state_t *s = NULL;
	sm_str_t w[2] = { { "dogs", 4 }, { "bark", 4 } };
	uint8_t tags[2] = { 1, 15 };
	uint32_t f1[SM_PARSE_MAX_FEATS], f2[SM_PARSE_MAX_FEATS];
	ck_assert_int_eq(sm_parser_new(NULL, &p), SM_OK);
	ck_assert_int_eq(sm_parser_begin(p, w, tags, 2, &s), SM_OK);
	size_t n1 = sm_parse_state_features(s, f1);
	ck_assert_uint_gt(n1, 40);
	ck_assert_uint_le(n1, SM_PARSE_MAX_FEATS);
	for (size_t i = 0; i < n1; i++)
		ck_assert_uint_ne(f1[i], 0);
	sm_parse_state_apply(s, 0);
	size_t n2 = sm_parse_state_features(s, f2);
	ck_assert_uint_eq(n1, n2);
	ck_assert_int_ne(memcmp(f1, f2, n1 * sizeof(uint32_t)), 0);
	sm_parser_free(p);
}
END_TEST

START_TEST(test_sm_parse_state_result)
{
	sm_parser_t *p = NULL;
	sm_parse_state_t *s = NULL;
	sm_str_t w[2] = { { "a", 1 }, { "b", 1 } };
	uint8_t tags[2] = { 0, 0 }, rels[2];
	int16_t heads[2];
	ck_assert_int_eq(sm_parser_new(NULL, &p), SM_OK);
	ck_assert_int_eq(sm_parser_begin(p, w, tags, 2, &s), SM_OK);
	/* a partial parse reports unattached words as roots */
	sm_parse_state_result(s, heads, rels);
	ck_assert_int_eq(heads[0], -1);
	ck_assert_int_eq(heads[1], -1);
	ck_assert_uint_eq(rels[0], rel("root"));
	sm_parser_free(p);
}
END_TEST

/* A model whose only feature (bias) prefers RIGHT-ARC dep over the rest. */
static sm_parse_model_t *tiny_model(void)
{
	sm_parser_t *p = NULL;
	sm_parse_state_t *s = NULL;
	sm_str_t w = { "x", 1 };
	uint8_t tag = 0;
	uint32_t f[SM_PARSE_MAX_FEATS];
	ck_assert_int_eq(sm_parser_new(NULL, &p), SM_OK);
	ck_assert_int_eq(sm_parser_begin(p, &w, &tag, 1, &s), SM_OK);
	size_t nf = sm_parse_state_features(s, f);
	sm_parser_free(p);
	uint32_t keys[1] = { f[nf - 1] }, start[2] = { 0, 1 }; /* bias is last */
	uint8_t cls[1] = { (uint8_t)(1 + sm_deprel_count() + rel("dep")) };
	float wt[1] = { 0.5f };
	sm_parse_weights_t ws = { .nfeat = 1, .keys = keys, .start = start,
				  .cls = cls, .w = wt };
	sm_parse_model_t *m = NULL;
	ck_assert_int_eq(sm_parse_model_build(&ws, &m), SM_OK);
	return m;
}

static void check_tiny(const sm_parse_model_t *m)
{
	sm_parser_t *p = NULL;
	sm_str_t w[3] = { { "a", 1 }, { "b", 1 }, { "c", 1 } };
	uint8_t tags[3] = { 0, 0, 0 }, rels[3];
	int16_t heads[3];
	ck_assert_int_eq(sm_parser_new(m, &p), SM_OK);
	ck_assert_int_eq(sm_parser_parse(p, w, tags, 3, heads, rels), SM_OK);
	/* shift a, shift b, right-arc a->b, shift c, right-arc a->c, root a */
	ck_assert_int_eq(heads[0], -1);
	ck_assert_int_eq(heads[1], 0);
	ck_assert_int_eq(heads[2], 0);
	ck_assert_str_eq(sm_deprel_name(rels[1]), "dep");
	sm_parser_free(p);
}

START_TEST(test_sm_parse_model_build)
{
	sm_parse_model_t *m = tiny_model();
	check_tiny(m);
	sm_parse_model_free(m);
	uint32_t keys[2] = { 7, 7 }, start[3] = { 0, 1, 2 };
	uint8_t cls[2] = { 0, 1 };
	float wt[2] = { 1, 1 };
	sm_parse_weights_t ws = { .nfeat = 2, .keys = keys, .start = start,
				  .cls = cls, .w = wt };
	m = NULL;
	ck_assert_int_eq(sm_parse_model_build(&ws, &m), SM_EINVAL); /* dup key */
	keys[1] = 8;
	cls[1] = 250;
	ck_assert_int_eq(sm_parse_model_build(&ws, &m), SM_EINVAL); /* class */
	ck_assert_ptr_null(m);
}
END_TEST

START_TEST(test_sm_parse_model_save)
{
	sm_fixture_dir_t d;
	sm_parse_model_t *m = tiny_model(), *m2 = NULL;
	sm_fixture_dir_open(&d, "tiny.bin");
	ck_assert_int_eq(sm_parse_model_save(m, d.path), SM_OK);
	ck_assert_int_eq(sm_parse_model_load(d.path, &m2), SM_OK);
	check_tiny(m2);
	ck_assert_int_eq(sm_parse_model_save(m, "/nonexistent/dir/x.bin"), SM_EIO);
	ck_assert_int_eq(sm_parse_model_save(NULL, d.path), SM_EINVAL);
	sm_parse_model_free(m);
	sm_parse_model_free(m2);
	sm_fixture_dir_close(&d);
}
END_TEST

/*
 * Clusters: a model holding only clusters gives a word its cluster
 * features (feature 94 is the finest cluster of S0); they survive save
 * and load; a cluster table without an empty slot is rejected.
 */
START_TEST(test_sm_parse_model_clusters)
{
	sm_fixture_dir_t d;
	uint32_t ck[1] = { sm_tag_cluster_key("zork", 4) };
	uint32_t cv[1] = { 5u | 6u << 10 | 7u << 20 };
	sm_parse_weights_t cw = { .nclus = 1, .clus_keys = ck, .clus_vals = cv };
	sm_parse_model_t *m = NULL, *m2 = NULL;
	sm_parser_t *p = NULL;
	sm_parse_state_t *s = NULL;
	sm_str_t w[2] = { { "Zork", 4 }, { "zork", 4 } }, v[2] = { { "blorp", 5 }, { "zork", 4 } };
	uint8_t tags[2] = { 0, 0 };
	uint32_t f1[SM_PARSE_MAX_FEATS], f2[SM_PARSE_MAX_FEATS], f3[SM_PARSE_MAX_FEATS];
	size_t len;

	ck_assert_int_eq(sm_parse_model_build(&cw, &m), SM_OK);
	sm_fixture_dir_open(&d, "clusters.bin");
	ck_assert_int_eq(sm_parse_model_save(m, d.path), SM_OK);
	ck_assert_int_eq(sm_parse_model_load(d.path, &m2), SM_OK);
	const sm_parse_model_t *ms[2] = { m, m2 };
	for (int k = 0; k < 2; k++) {
		ck_assert_int_eq(sm_parser_new(ms[k], &p), SM_OK);
		ck_assert_int_eq(sm_parser_begin(p, w, tags, 2, &s), SM_OK);
		sm_parse_state_apply(s, 0); /* S0 = Zork */
		size_t n = sm_parse_state_features(s, f1);
		ck_assert_int_eq(sm_parser_begin(p, v, tags, 2, &s), SM_OK);
		sm_parse_state_apply(s, 0); /* S0 = blorp */
		sm_parse_state_features(s, f2);
		ck_assert_uint_gt(n, 95);
		ck_assert_uint_ne(f1[94], f2[94]);
		if (k == 0)
			memcpy(f3, f1, sizeof(f3));
		else
			ck_assert_mem_eq(f1, f3, n * sizeof(uint32_t));
		sm_parser_free(p);
	}
	sm_parse_model_free(m2);
	m2 = NULL;
	/* fill every cluster slot and fix the checksum (header words: ccap
	 * at byte 36, checksum at 32): only the table check can reject it */
	unsigned char *buf = sm_fixture_slurp(d.path, &len);
	sm_fixture_fill_clusters(buf, len, 36, 32);
	sm_fixture_spit(d.path, buf, len);
	ck_assert_int_eq(sm_parse_model_load(d.path, &m2), SM_EMODEL);
	ck_assert_ptr_null(m2);
	free(buf);
	sm_parse_model_free(m);
	sm_fixture_dir_close(&d);
}
END_TEST

#define ADD_CASE(s, fn)                              \
	do {                                         \
		TCase *tc_ = tcase_create(#fn);      \
		tcase_set_timeout(tc_, 60);          \
		tcase_add_test(tc_, test_##fn);      \
		suite_add_tcase(s, tc_);             \
	} while (0)

Suite *suite_parse(void)
{
	Suite *s = suite_create("parse");
	ADD_CASE(s, sm_parse_model_load);
	ADD_CASE(s, sm_parse_model_free);
	ADD_CASE(s, sm_parser_new);
	ADD_CASE(s, sm_parser_free);
	ADD_CASE(s, sm_parser_parse);
	ADD_CASE(s, sm_deprel_name);
	ADD_CASE(s, sm_deprel_from_name);
	ADD_CASE(s, sm_deprel_count);
	ADD_CASE(s, sm_parse_nclasses);
	ADD_CASE(s, sm_parser_begin);
	ADD_CASE(s, sm_parse_state_done);
	ADD_CASE(s, sm_parse_state_valid);
	ADD_CASE(s, sm_parse_state_costs);
	ADD_CASE(s, sm_parse_state_apply);
	ADD_CASE(s, sm_parse_state_apply_invalid);
	ADD_CASE(s, sm_parse_state_features);
	ADD_CASE(s, sm_parse_state_result);
	ADD_CASE(s, sm_parse_model_build);
	ADD_CASE(s, sm_parse_model_save);
	ADD_CASE(s, sm_parse_model_clusters);
	return s;
}
