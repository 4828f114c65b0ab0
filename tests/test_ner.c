/*
 * test_ner.c - tests for the named-entity recognizer (pipeline/ner.c).
 *
 * The tagging tests load the shipped model from $SM_MODELS_DIR (default
 * "models" relative to the working directory) and check real outputs on
 * news-like sentences.  Corrupt and truncated copies of the model are
 * written to a temporary directory and must give SM_EMODEL.  The training
 * interface is exercised on a toy corpus with toy gazetteers, also in a
 * temporary directory.  One test case per public function.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* mkdtemp, clock_gettime */
#endif

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ner.h"
#include "suites.h"

/* ---------------------------------------------------------------- helpers */

static const char *models_dir(void)
{
	const char *d = getenv("SM_MODELS_DIR");
	return d && *d ? d : "models";
}

static sm_ner_model_t *load_shipped(void)
{
	sm_ner_model_t *m = NULL;
	int rc = sm_ner_model_load(models_dir(), &m);
	ck_assert_msg(rc == SM_OK, "cannot load %s/en-ner.bin: %s",
		      models_dir(), sm_strerror(rc));
	return m;
}

/* Split s on spaces into words (pointing into buf, which must outlive). */
static size_t split(char *buf, size_t cap, const char *s, sm_str_t *w,
		    size_t maxw)
{
	size_t n = 0, len = strlen(s);
	ck_assert(len < cap);
	memcpy(buf, s, len + 1);
	char *p = buf;
	while (*p && n < maxw) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		w[n].p = p;
		while (*p && *p != ' ')
			p++;
		w[n].len = (size_t)(p - w[n].p);
		n++;
	}
	return n;
}

/*
 * Tag sentence s and render entities as "text/TYPE" joined by "|", e.g.
 * "Vladimir Putin/PER|Friday/DATE".
 */
static void tag_render(sm_ner_t *r, const char *s, char *out, size_t cap)
{
	char buf[2048];
	sm_str_t w[256];
	uint8_t e[256];
	size_t n = split(buf, sizeof(buf), s, w, 256);
	ck_assert_int_eq(sm_ner_tag(r, w, NULL, n, e), SM_OK);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (!SM_ENT_BEGINS(e[i]))
			continue;
		size_t j = i + 1;
		while (j < n && e[j] == (e[i] | 1))
			j++;
		if (out[0])
			strncat(out, "|", cap - strlen(out) - 1);
		for (size_t k = i; k < j; k++) {
			if (k > i)
				strncat(out, " ", cap - strlen(out) - 1);
			strncat(out, w[k].p,
				w[k].len < cap - strlen(out) - 1
					? w[k].len
					: cap - strlen(out) - 1);
		}
		strncat(out, "/", cap - strlen(out) - 1);
		strncat(out, sm_ent_type_name(SM_ENT_TYPE(e[i])),
			cap - strlen(out) - 1);
	}
}

static void check_tags(sm_ner_t *r, const char *s, const char *want)
{
	char got[2048];
	tag_render(r, s, got, sizeof(got));
	ck_assert_msg(strcmp(got, want) == 0, "\"%s\": got \"%s\", want \"%s\"",
		      s, got, want);
}

/* Read a whole file; the caller frees. */
static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(fseek(fp, 0, SEEK_END), 0);
	long sz = ftell(fp);
	ck_assert(sz > 0);
	rewind(fp);
	unsigned char *b = malloc((size_t)sz);
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq(fread(b, 1, (size_t)sz, fp), (size_t)sz);
	fclose(fp);
	*len = (size_t)sz;
	return b;
}

static void spit(const char *dir, const char *name, const void *p, size_t len)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(p, 1, len, fp), len);
	fclose(fp);
}

static void rm_dir(const char *dir)
{
	static const char *const names[] = {
		"en-ner.bin", "countries.txt", "cities.txt", "regions.txt",
		"demonyms.txt", "organizations.txt", "first-names.txt",
		"org-words.txt", "titles.txt", NULL};
	char path[4096];
	for (int i = 0; names[i]; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		remove(path);
	}
	rmdir(dir);
}

/* ------------------------------------------------------------------ tests */

START_TEST(test_sm_ner_model_load)
{
	sm_ner_model_t *m = NULL;
	char dir[] = "/tmp/sm_ner_test_XXXXXX";
	char path[4096];
	size_t len;
	unsigned char *img;

	ck_assert_int_eq(sm_ner_model_load(NULL, &m), SM_EINVAL);
	ck_assert_int_eq(sm_ner_model_load(models_dir(), NULL), SM_EINVAL);
	m = load_shipped();
	sm_ner_model_free(m);
	m = NULL;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	/* missing file */
	ck_assert_int_eq(sm_ner_model_load(dir, &m), SM_EMODEL);
	ck_assert_ptr_null(m);

	snprintf(path, sizeof(path), "%s/en-ner.bin", models_dir());
	img = slurp(path, &len);
	/* empty, header only, truncated by one byte, halved */
	size_t cuts[] = {0, 8, 40, len / 2, len - 1};
	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		spit(dir, "en-ner.bin", img, cuts[i]);
		ck_assert_int_eq(sm_ner_model_load(dir, &m), SM_EMODEL);
		ck_assert_ptr_null(m);
	}
	/* one flipped bit anywhere: magic, version, sizes, body, checksum */
	size_t flips[] = {0, 9, 21, 33, 100, len / 2, len - 2};
	for (size_t i = 0; i < sizeof(flips) / sizeof(flips[0]); i++) {
		img[flips[i]] ^= 0x10;
		spit(dir, "en-ner.bin", img, len);
		ck_assert_int_eq(sm_ner_model_load(dir, &m), SM_EMODEL);
		ck_assert_ptr_null(m);
		img[flips[i]] ^= 0x10;
	}
	/* trailing garbage */
	unsigned char *big = malloc(len + 7);
	ck_assert_ptr_nonnull(big);
	memcpy(big, img, len);
	memset(big + len, 0xAB, 7);
	spit(dir, "en-ner.bin", big, len + 7);
	ck_assert_int_eq(sm_ner_model_load(dir, &m), SM_EMODEL);
	/* the intact copy loads */
	spit(dir, "en-ner.bin", img, len);
	ck_assert_int_eq(sm_ner_model_load(dir, &m), SM_OK);
	sm_ner_model_free(m);
	free(big);
	free(img);
	rm_dir(dir);
}
END_TEST

START_TEST(test_sm_ner_model_free)
{
	sm_ner_model_free(NULL);
	sm_ner_model_free(load_shipped());
}
END_TEST

START_TEST(test_sm_ner_new)
{
	sm_ner_model_t *m = load_shipped();
	sm_ner_t *r = NULL, *r2 = NULL;
	ck_assert_int_eq(sm_ner_new(NULL, &r), SM_EINVAL);
	ck_assert_int_eq(sm_ner_new(m, NULL), SM_EINVAL);
	ck_assert_int_eq(sm_ner_new(m, &r), SM_OK);
	ck_assert_int_eq(sm_ner_new(m, &r2), SM_OK); /* several per model */
	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_ne(r, r2);
	sm_ner_free(r);
	sm_ner_free(r2);
	sm_ner_model_free(m);
}
END_TEST

START_TEST(test_sm_ner_free)
{
	sm_ner_model_t *m = load_shipped();
	sm_ner_t *r = NULL;
	sm_ner_free(NULL);
	ck_assert_int_eq(sm_ner_new(m, &r), SM_OK);
	sm_ner_free(r);
	sm_ner_model_free(m);
}
END_TEST

START_TEST(test_sm_ner_begin_doc)
{
	sm_ner_model_t *m = load_shipped();
	sm_ner_t *r = NULL, *r2 = NULL;
	char a[2048], b[2048];
	const char *s = "Lebed met Yeltsin in Moscow on Monday .";
	sm_ner_begin_doc(NULL);
	ck_assert_int_eq(sm_ner_new(m, &r), SM_OK);
	ck_assert_int_eq(sm_ner_new(m, &r2), SM_OK);
	/* after begin_doc a used handle behaves like a fresh one */
	tag_render(r, "Alexander Lebed said Chechnya would be free .", a,
		   sizeof(a));
	tag_render(r, "Lebed is in Grozny .", a, sizeof(a));
	sm_ner_begin_doc(r);
	sm_ner_begin_doc(r2);
	tag_render(r, s, a, sizeof(a));
	tag_render(r2, s, b, sizeof(b));
	ck_assert_str_eq(a, b);
	sm_ner_free(r);
	sm_ner_free(r2);
	sm_ner_model_free(m);
}
END_TEST

START_TEST(test_sm_ner_tag)
{
	sm_ner_model_t *m = load_shipped();
	sm_ner_t *r = NULL;
	uint8_t e[600];
	sm_str_t w[600];
	ck_assert_int_eq(sm_ner_new(m, &r), SM_OK);
	sm_ner_begin_doc(r);

	check_tags(r,
		   "Russian President Vladimir Putin told officials in "
		   "Vladivostok on Friday .",
		   "Russian/MISC|Vladimir Putin/PER|Vladivostok/LOC|"
		   "Friday/DATE");
	check_tags(r, "Exports rose to $10.9bn , or 3.5% more .",
		   "$10.9bn/MONEY|3.5%/PERCENT");
	check_tags(r, "Exports rose to $ 10.9 bn , up 3.5 % .",
		   "$ 10.9 bn/MONEY|3.5 %/PERCENT");
	check_tags(r, "The deal is worth \xc2\xa3" "600m .",
		   "\xc2\xa3" "600m/MONEY");
	check_tags(r, "It was signed on 5 September 2025 and filed on "
		      "2025-09-05 .",
		   "5 September 2025/DATE|2025-09-05/DATE");
	check_tags(r, "Production fell to 1.2 million barrels in November .",
		   "1.2 million barrels/QUANTITY|November/DATE");
	check_tags(r, "The firm found 55 minerals .", "");
	check_tags(r, "May I ask ?", "");
	/* a name ending in a legal form is an organization, with the
	 * capitalized words before it (the model alone: PER, O + PER,
	 * MISC + O + ORG) */
	check_tags(r, "Polly Peck International Plc said it agreed to place shares .",
		   "Polly Peck International Plc/ORG");
	check_tags(r, "Supermarkets General Corp said its sales rose .",
		   "Supermarkets General Corp/ORG");
	check_tags(r, "British Telecommunications Plc said it would buy a stake .",
		   "British Telecommunications Plc/ORG");
	check_tags(r, "Analysts at Smith Barney and Co said on Friday prices rose .",
		   "Smith Barney and Co/ORG|Friday/DATE");
	/* not the sentence's first word, nor a place before the name */
	check_tags(r, "But Acme Inc said profits rose .", "Acme Inc/ORG");
	check_tags(r, "In London Acme Plc said profits rose .",
		   "London/LOC|Acme Plc/ORG");

	/* n == 0, NULL handling */
	ck_assert_int_eq(sm_ner_tag(r, NULL, NULL, 0, NULL), SM_OK);
	ck_assert_int_eq(sm_ner_tag(NULL, w, NULL, 0, e), SM_EINVAL);
	ck_assert_int_eq(sm_ner_tag(r, NULL, NULL, 3, e), SM_EINVAL);
	ck_assert_int_eq(sm_ner_tag(r, w, NULL, 3, NULL), SM_EINVAL);

	/* odd bytes, U+FFFD, empty tokens, with and without POS */
	static const char *const odd[] = {
		"\xef\xbf\xbd", "", "\xff\xfe", "M\xc3\xbcnchen", "%", "$",
		"1996-08-22", "\xe2\x82\xac", "US$", "--", "Kyiv", "'s"};
	const char *pos[12];
	for (size_t i = 0; i < 12; i++) {
		w[i].p = odd[i];
		w[i].len = strlen(odd[i]);
		pos[i] = i % 3 ? "NNP" : NULL;
	}
	ck_assert_int_eq(sm_ner_tag(r, w, NULL, 12, e), SM_OK);
	ck_assert_int_eq(sm_ner_tag(r, w, pos, 12, e), SM_OK);
	for (size_t i = 0; i < 12; i++)
		ck_assert(e[i] == 0 || (e[i] >= 2 && e[i] <= 17));

	/* a sentence longer than SM_NER_MAX_TOKENS */
	for (size_t i = 0; i < 600; i++) {
		w[i].p = i % 7 == 0 ? "Paris" : "and";
		w[i].len = strlen(w[i].p);
	}
	ck_assert_int_eq(sm_ner_tag(r, w, NULL, 600, e), SM_OK);
	ck_assert_int_eq(SM_ENT_TYPE(e[595]), SM_ENT_LOC);
	ck_assert_int_eq(e[596], 0);
	sm_ner_free(r);
	sm_ner_model_free(m);
}
END_TEST

START_TEST(test_sm_ner_designator)
{
	ck_assert(sm_ner_designator("Inc", 3));
	ck_assert(sm_ner_designator("Corp.", 5));
	ck_assert(sm_ner_designator("Plc", 3));
	ck_assert(sm_ner_designator("Co", 2));
	ck_assert(!sm_ner_designator("co", 2));
	ck_assert(!sm_ner_designator("Company", 7));
	ck_assert(!sm_ner_designator(".", 1));
	ck_assert(!sm_ner_designator("", 0));
	ck_assert(!sm_ner_designator(NULL, 3));
}
END_TEST

START_TEST(test_sm_ner_tag_stat)
{
	sm_ner_model_t *m = load_shipped();
	sm_ner_t *r = NULL;
	char buf[256];
	sm_str_t w[16];
	uint8_t e[16];
	const char *pos[16] = {"NNP", "VBD", "CD", "NN", "IN", "NNP", "."};
	size_t n = split(buf, sizeof(buf), "Ukraine lost 3.5 % on Friday .",
			 w, 16);
	ck_assert_int_eq(sm_ner_new(m, &r), SM_OK);
	ck_assert_int_eq(sm_ner_tag_stat(r, w, pos, n, e), SM_OK);
	ck_assert_int_eq(e[0], SM_ENT_LOC << 1);
	for (size_t i = 1; i < n; i++)
		ck_assert_int_eq(e[i], 0); /* no rule types */
	ck_assert_int_eq(sm_ner_tag_stat(r, NULL, NULL, 0, NULL), SM_OK);
	sm_ner_free(r);
	sm_ner_model_free(m);
}
END_TEST

/*
 * expect_names - sm_ner_names over the space-separated words of text: word
 * i must come out B-PER where want[i] is 'B', I-PER for 'I', else nothing.
 */
static void expect_names(sm_ner_t *r, const char *text, const char *want)
{
	char buf[256];
	sm_str_t w[32];
	uint8_t e[32];
	size_t n = split(buf, sizeof(buf), text, w, 32);
	ck_assert_uint_eq(n, strlen(want));
	ck_assert_int_eq(sm_ner_names(r, w, n, e), SM_OK);
	for (size_t i = 0; i < n; i++) {
		uint8_t x = want[i] == 'B' ? SM_ENT_PER << 1
			    : want[i] == 'I' ? (SM_ENT_PER << 1) | 1 : 0;
		ck_assert_msg(e[i] == x, "%s: word %zu is %d, want %c", text, i, e[i],
			      want[i]);
	}
}

/* tag_person - sm_ner_tag over text, whose first word must come out a
 * person: it is then in the document history. */
static void tag_person(sm_ner_t *r, const char *text)
{
	char buf[256];
	sm_str_t w[32];
	uint8_t e[32];
	size_t n = split(buf, sizeof(buf), text, w, 32);
	ck_assert_int_eq(sm_ner_tag(r, w, NULL, n, e), SM_OK);
	ck_assert_int_eq(e[0], SM_ENT_PER << 1);
}

/* sm_ner_names: person names alone, from a first name (gazetteer or the
 * news type prior) or up to a surname the model called a person, over
 * capitalized words and name particles. */
START_TEST(test_sm_ner_names)
{
	sm_ner_model_t *m = load_shipped();
	sm_ner_t *r = NULL;
	char buf[256];
	sm_str_t w[32];
	uint8_t e[32];
	const uint8_t b = SM_ENT_PER << 1;
	size_t n;
	ck_assert_int_eq(sm_ner_new(m, &r), SM_OK);
	/* no ORG: names only */
	expect_names(r, "said Howard Kramer , director at the Securities and "
		     "Exchange Commission .", ".BI.........");
	/* a title is no part of a name, though the news calls "Mr" a
	 * person (the model tags "Mr" inside names) */
	expect_names(r, "said Mr Vladimir Putin and Mr Tung", "..BI...");
	expect_names(r, "Ursula von der Leyen met Vladimir Putin", "BIII.BI");
	/* a particle that no capitalized word follows stays out */
	expect_names(r, "Vladimir Putin de facto", "BI..");
	/* all-caps headlines and lone words: nothing */
	expect_names(r, "VLADIMIR PUTIN VISITS CHINA", "....");
	expect_names(r, "Putin", ".");
	/* a capitalized particle ends a name as a surname ("De", "Le") */
	expect_names(r, "with Carlos Gomez De ended .", ".BII..");
	/* the document history is left alone: the model tags a later
	 * sentence as if the names pass had not run */
	{
		sm_ner_t *r2 = NULL;
		uint8_t e2[32];
		ck_assert_int_eq(sm_ner_new(m, &r2), SM_OK);
		sm_ner_begin_doc(r);
		sm_ner_begin_doc(r2);
		n = split(buf, sizeof(buf), "Vladimir Putin spoke to Angela Merkel .", w, 32);
		ck_assert_int_eq(sm_ner_names(r, w, n, e), SM_OK);
		ck_assert_int_eq(e[0], b);
		n = split(buf, sizeof(buf), "Putin and Merkel met .", w, 32);
		ck_assert_int_eq(sm_ner_tag(r, w, NULL, n, e), SM_OK);
		ck_assert_int_eq(sm_ner_tag(r2, w, NULL, n, e2), SM_OK);
		for (size_t i = 0; i < n; i++)
			ck_assert_int_eq(e[i], e2[i]);
		sm_ner_free(r2);
	}
	/* a given name neither source knows, before a surname the model
	 * called a person earlier in the document; titles and words the
	 * news writes in lower case stay out */
	sm_ner_begin_doc(r);
	expect_names(r, "said Chairman Rodolfo Seguel .", "....."); /* nothing known yet */
	tag_person(r, "Seguel said he was forced to step down .");
	expect_names(r, "said Chairman Rodolfo Seguel .", "..BI.");
	expect_names(r, "Yesterday Seguel resigned .", "....");
	/* a surname the news itself calls a person ("Blair") */
	expect_names(r, "said Chairman Rodolfo Blair .", "....."); /* one word alone */
	tag_person(r, "Blair said he would stay .");
	expect_names(r, "said Chairman Rodolfo Blair .", "..BI.");
	sm_ner_begin_doc(r);
	n = split(buf, sizeof(buf), "Putin", w, 32);
	ck_assert_int_eq(sm_ner_names(r, NULL, 0, NULL), SM_OK);
	ck_assert_int_eq(sm_ner_names(NULL, w, n, e), SM_EINVAL);
	ck_assert_int_eq(sm_ner_names(r, NULL, 1, e), SM_EINVAL);
	sm_ner_free(r);
	sm_ner_model_free(m);
}
END_TEST

START_TEST(test_sm_ent_type_name)
{
	static const char *const want[] = {"O", "PER", "ORG", "LOC", "MISC",
					   "DATE", "MONEY", "PERCENT",
					   "QUANTITY"};
	for (int t = 0; t <= 8; t++)
		ck_assert_str_eq(sm_ent_type_name(t), want[t]);
	ck_assert_str_eq(sm_ent_type_name(-1), "O");
	ck_assert_str_eq(sm_ent_type_name(9), "O");
	ck_assert_str_eq(sm_ent_type_name(SM_ENT_TYPE((SM_ENT_MONEY << 1) | 1)),
			 "MONEY");
}
END_TEST

/* A toy training set: the names are made up so only features can tell. */
static const char *const TOY[] = {
	"Zorblat visited Quenton on Monday .",
	"Mr Zorblat said Quenton was calm .",
	"Zorblat met officials in Quenton .",
};
static const uint8_t TOY_GOLD[3][7] = {
	{2, 0, 6, 0, 0, 0, 0},
	{0, 2, 0, 6, 0, 0, 0},
	{2, 0, 0, 0, 6, 0, 0},
};

/* Write toy gazetteers into dir. */
static void toy_gazetteers(const char *dir)
{
	static const char *const names[] = {
		"countries.txt", "cities.txt", "regions.txt", "demonyms.txt",
		"organizations.txt", "first-names.txt", "org-words.txt",
		"titles.txt"};
	for (int i = 0; i < 8; i++) {
		const char *body = i == 1 ? "# cities\nQuenton\n"
				   : i == 7 ? "# titles\nMr\n"
					    : "# empty\n";
		spit(dir, names[i], body, strlen(body));
	}
}

/* Train the toy model for a few passes into *out. */
static void toy_train(sm_ner_trainer_t *t)
{
	char buf[256];
	sm_str_t w[16];
	for (int ep = 0; ep < 5; ep++) {
		sm_ner_trainer_begin_doc(t);
		for (int s = 0; s < 3; s++) {
			size_t n = split(buf, sizeof(buf), TOY[s], w, 16);
			ck_assert(sm_ner_trainer_learn(t, w, NULL, n,
						       TOY_GOLD[s]) >= 0);
		}
	}
}

START_TEST(test_sm_ner_trainer_new)
{
	char dir[] = "/tmp/sm_ner_test_XXXXXX";
	sm_ner_trainer_t *t = NULL;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(sm_ner_trainer_new(NULL, &t), SM_EINVAL);
	ck_assert_int_eq(sm_ner_trainer_new(dir, NULL), SM_EINVAL);
	/* no gazetteer files yet */
	ck_assert_int_eq(sm_ner_trainer_new(dir, &t), SM_EIO);
	ck_assert_ptr_null(t);
	toy_gazetteers(dir);
	ck_assert_int_eq(sm_ner_trainer_new(dir, &t), SM_OK);
	sm_ner_trainer_free(t);
	rm_dir(dir);
}
END_TEST

START_TEST(test_sm_ner_trainer_free)
{
	char dir[] = "/tmp/sm_ner_test_XXXXXX";
	sm_ner_trainer_t *t = NULL;
	sm_ner_trainer_free(NULL);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	toy_gazetteers(dir);
	ck_assert_int_eq(sm_ner_trainer_new(dir, &t), SM_OK);
	toy_train(t);
	sm_ner_trainer_free(t);
	rm_dir(dir);
}
END_TEST

START_TEST(test_sm_ner_trainer_set_wordcase)
{
	char dir[] = "/tmp/sm_ner_test_XXXXXX";
	sm_ner_trainer_t *t = NULL;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	toy_gazetteers(dir);
	ck_assert_int_eq(sm_ner_trainer_new(dir, &t), SM_OK);
	ck_assert_int_eq(sm_ner_trainer_set_wordcase(NULL, "x", 1, 1),
			 SM_EINVAL);
	ck_assert_int_eq(sm_ner_trainer_set_wordcase(t, "x", 1, 0), SM_EINVAL);
	ck_assert_int_eq(sm_ner_trainer_set_wordcase(t, "x", 1, 16),
			 SM_EINVAL);
	for (int i = 0; i < 3000; i++) { /* forces the table to grow */
		char word[16];
		int len = snprintf(word, sizeof(word), "w%d", i);
		ck_assert_int_eq(sm_ner_trainer_set_wordcase(t, word,
							     (size_t)len,
							     1 + i % 4),
				 SM_OK);
	}
	sm_ner_trainer_free(t);
	rm_dir(dir);
}
END_TEST

START_TEST(test_sm_ner_trainer_set_prior)
{
	char dir[] = "/tmp/sm_ner_test_XXXXXX";
	sm_ner_trainer_t *t = NULL;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	toy_gazetteers(dir);
	ck_assert_int_eq(sm_ner_trainer_new(dir, &t), SM_OK);
	ck_assert_int_eq(sm_ner_trainer_set_prior(t, "x", 1, 16), SM_EINVAL);
	ck_assert_int_eq(sm_ner_trainer_set_prior(t, "x", 1, 0), SM_OK);
	ck_assert_int_eq(sm_ner_trainer_set_prior(NULL, "x", 1, 3), SM_EINVAL);
	ck_assert_int_eq(sm_ner_trainer_set_wordcase(t, "Zorblat", 7, 4), SM_OK);
	ck_assert_int_eq(sm_ner_trainer_set_prior(t, "Zorblat", 7, 4), SM_OK);
	ck_assert_int_eq(sm_ner_trainer_set_prior(t, "Quenton", 7, 8), SM_OK);
	sm_ner_trainer_free(t);
	rm_dir(dir);
}
END_TEST

START_TEST(test_sm_ner_trainer_begin_doc)
{
	char dir[] = "/tmp/sm_ner_test_XXXXXX";
	sm_ner_trainer_t *t = NULL;
	sm_ner_trainer_begin_doc(NULL);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	toy_gazetteers(dir);
	ck_assert_int_eq(sm_ner_trainer_new(dir, &t), SM_OK);
	sm_ner_trainer_begin_doc(t);
	sm_ner_trainer_begin_doc(t);
	sm_ner_trainer_free(t);
	rm_dir(dir);
}
END_TEST

START_TEST(test_sm_ner_trainer_learn)
{
	char dir[] = "/tmp/sm_ner_test_XXXXXX", buf[256];
	sm_ner_trainer_t *t = NULL;
	sm_str_t w[16];
	int first = -1, last = -1;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	toy_gazetteers(dir);
	ck_assert_int_eq(sm_ner_trainer_new(dir, &t), SM_OK);
	ck_assert_int_eq(sm_ner_trainer_learn(NULL, w, NULL, 1, TOY_GOLD[0]),
			 SM_EINVAL);
	ck_assert_int_eq(sm_ner_trainer_learn(t, NULL, NULL, 0, NULL), 0);
	for (int ep = 0; ep < 6; ep++) {
		int wrong = 0;
		sm_ner_trainer_begin_doc(t);
		for (int s = 0; s < 3; s++) {
			size_t n = split(buf, sizeof(buf), TOY[s], w, 16);
			int rc = sm_ner_trainer_learn(t, w, NULL, n, TOY_GOLD[s]);
			ck_assert(rc >= 0);
			wrong += rc;
		}
		if (ep == 0)
			first = wrong;
		last = wrong;
	}
	ck_assert(first > 0);
	ck_assert_int_eq(last, 0); /* the perceptron separates the toy set */
	sm_ner_trainer_free(t);
	rm_dir(dir);
}
END_TEST

START_TEST(test_sm_ner_trainer_model)
{
	char dir[] = "/tmp/sm_ner_test_XXXXXX", buf[256];
	sm_ner_trainer_t *t = NULL;
	sm_ner_model_t *m = NULL, *m2 = NULL;
	sm_ner_t *r = NULL;
	sm_str_t w[16];
	uint8_t e[16];
	ck_assert_ptr_nonnull(mkdtemp(dir));
	toy_gazetteers(dir);
	ck_assert_int_eq(sm_ner_trainer_new(dir, &t), SM_OK);
	toy_train(t);
	ck_assert_int_eq(sm_ner_trainer_model(NULL, 0, &m), SM_EINVAL);
	ck_assert_int_eq(sm_ner_trainer_model(t, 0, NULL), SM_EINVAL);
	ck_assert_int_eq(sm_ner_trainer_model(t, 0, &m), SM_OK);
	ck_assert_int_eq(sm_ner_trainer_model(t, 5, &m2), SM_OK); /* pruned */
	ck_assert_int_eq(sm_ner_new(m, &r), SM_OK);
	size_t n = split(buf, sizeof(buf), TOY[0], w, 16);
	ck_assert_int_eq(sm_ner_tag_stat(r, w, NULL, n, e), SM_OK);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(e[i], TOY_GOLD[0][i]);
	sm_ner_free(r);
	sm_ner_model_free(m);
	sm_ner_model_free(m2);
	sm_ner_trainer_free(t);
	rm_dir(dir);
}
END_TEST

START_TEST(test_sm_ner_model_save)
{
	char dir[] = "/tmp/sm_ner_test_XXXXXX", buf[256], path[4096];
	sm_ner_trainer_t *t = NULL;
	sm_ner_model_t *m = NULL, *back = NULL;
	sm_ner_t *r1 = NULL, *r2 = NULL;
	sm_str_t w[16];
	uint8_t e1[16], e2[16];
	ck_assert_ptr_nonnull(mkdtemp(dir));
	toy_gazetteers(dir);
	ck_assert_int_eq(sm_ner_trainer_new(dir, &t), SM_OK);
	ck_assert_int_eq(sm_ner_trainer_set_wordcase(t, "calm", 4, 1), SM_OK);
	toy_train(t);
	ck_assert_int_eq(sm_ner_trainer_model(t, 0, &m), SM_OK);
	snprintf(path, sizeof(path), "%s/en-ner.bin", dir);
	ck_assert_int_eq(sm_ner_model_save(NULL, path), SM_EINVAL);
	ck_assert_int_eq(sm_ner_model_save(m, NULL), SM_EINVAL);
	ck_assert_int_eq(sm_ner_model_save(m, "/nonexistent-dir/x.bin"),
			 SM_EIO);
	ck_assert_int_eq(sm_ner_model_save(m, path), SM_OK);
	ck_assert_int_eq(sm_ner_model_load(dir, &back), SM_OK);
	ck_assert_int_eq(sm_ner_new(m, &r1), SM_OK);
	ck_assert_int_eq(sm_ner_new(back, &r2), SM_OK);
	for (int s = 0; s < 3; s++) {
		size_t n = split(buf, sizeof(buf), TOY[s], w, 16);
		ck_assert_int_eq(sm_ner_tag(r1, w, NULL, n, e1), SM_OK);
		ck_assert_int_eq(sm_ner_tag(r2, w, NULL, n, e2), SM_OK);
		ck_assert_mem_eq(e1, e2, n);
	}
	sm_ner_free(r1);
	sm_ner_free(r2);
	sm_ner_model_free(m);
	sm_ner_model_free(back);
	sm_ner_trainer_free(t);
	rm_dir(dir);
}
END_TEST

/* One test case per public function, named after it. */
#define NER_CASE(s, fn)                                  \
	do {                                             \
		TCase *tc_ = tcase_create(#fn);          \
		tcase_set_timeout(tc_, 60);              \
		tcase_add_test(tc_, test_##fn);          \
		suite_add_tcase((s), tc_);               \
	} while (0)

Suite *suite_ner(void)
{
	Suite *s = suite_create("ner");
	NER_CASE(s, sm_ner_model_load);
	NER_CASE(s, sm_ner_model_free);
	NER_CASE(s, sm_ner_new);
	NER_CASE(s, sm_ner_free);
	NER_CASE(s, sm_ner_begin_doc);
	NER_CASE(s, sm_ner_tag);
	NER_CASE(s, sm_ner_designator);
	NER_CASE(s, sm_ner_tag_stat);
	NER_CASE(s, sm_ner_names);
	NER_CASE(s, sm_ent_type_name);
	NER_CASE(s, sm_ner_trainer_new);
	NER_CASE(s, sm_ner_trainer_free);
	NER_CASE(s, sm_ner_trainer_set_wordcase);
	NER_CASE(s, sm_ner_trainer_set_prior);
	NER_CASE(s, sm_ner_trainer_begin_doc);
	NER_CASE(s, sm_ner_trainer_learn);
	NER_CASE(s, sm_ner_trainer_model);
	NER_CASE(s, sm_ner_model_save);
	return s;
}
