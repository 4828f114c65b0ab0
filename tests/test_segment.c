/* test_segment.c - paragraphs, headings, metadata, boilerplate, title. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "ingest.h"
#include "normalize.h"
#include "segment.h"
#include "suites.h"

static sm_segment_model_t *load_model(void)
{
	char path[4096];
	sm_segment_model_t *m = NULL;
	snprintf(path, sizeof path, "%s/segment/english.patterns", test_models_dir());
	ck_assert_int_eq(sm_segment_model_load(path, &m), SM_OK);
	return m;
}

static sm_doc_t *segment(const sm_segment_model_t *m, const char *in, size_t len,
			 const char *title)
{
	sm_doc_t *d = NULL;
	ck_assert_int_eq(sm_doc_new(&d), SM_OK);
	ck_assert_int_eq(sm_doc_set_input(d, in, len, NULL, title, NULL), SM_OK);
	ck_assert_int_eq(sm_ingest_run(d), SM_OK);
	ck_assert_int_eq(sm_normalize_run(d), SM_OK);
	ck_assert_int_eq(sm_segment_run(m, d), SM_OK);
	return d;
}

/* Block i's normalized text compared with want. */
static void assert_block(const sm_doc_t *d, size_t i, int kind, const char *want)
{
	ck_assert_uint_lt(i, d->n_blocks);
	const sm_block_t *b = &d->blocks[i];
	size_t n = b->norm_end - b->norm_start;
	ck_assert_msg(b->kind == kind, "block %zu kind %d, want %d", i, b->kind, kind);
	ck_assert_msg(n >= strlen(want) && memcmp(d->norm + b->norm_start, want, strlen(want)) == 0,
		      "block %zu: '%.*s'", i, (int)n, d->norm + b->norm_start);
}

START_TEST(test_segment_run)
{
	/* The seed article: prefix, headings, question headings, boilerplate. */
	char path[4096];
	size_t len;
	char *in = test_read_file(test_src_path(path, sizeof path, "corpus/rare-earths-2025-09-05.txt"), &len);
	ck_assert_ptr_nonnull(in);
	sm_segment_model_t *m = load_model();
	sm_doc_t *d = segment(m, in, len, NULL);
	ck_assert_int_eq(d->date.year, 2025);
	ck_assert_int_eq(d->date.month, 9);
	ck_assert_int_eq(d->date.day, 5);
	assert_block(d, 0, SM_BLOCK_META, "date 2025-09-05");
	assert_block(d, 1, SM_BLOCK_BODY, "Russia, which holds");
	assert_block(d, 2, SM_BLOCK_HEADING, "US strikes new deal with Ukraine on minerals");
	assert_block(d, 3, SM_BLOCK_BOILERPLATE, "Add WION as a Preferred Source");
	assert_block(d, 4, SM_BLOCK_BODY, "The timing of Putin's");
	assert_block(d, 5, SM_BLOCK_BODY, "Officials have stressed");
	assert_block(d, 6, SM_BLOCK_HEADING, "Why minerals matter for Washington");
	assert_block(d, 7, SM_BLOCK_BODY, "The US push");
	assert_block(d, 8, SM_BLOCK_HEADING, "What does the deal cover?");
	assert_block(d, 9, SM_BLOCK_BODY, "The agreement lists 55 minerals");
	assert_block(d, 10, SM_BLOCK_HEADING, "What are rare earths?");
	ck_assert_uint_eq(d->n_blocks, 11);
	ck_assert_uint_eq(d->n_paras, 10);
	ck_assert_int_eq(d->title_block, -1);
	/* Block offsets map to the exact input bytes. */
	sm_span_t sp = sm_doc_orig_span(d, d->blocks[2].norm_start, d->blocks[2].norm_end);
	ck_assert_int_eq(memcmp(in + sp.start, "US strikes new deal with Ukraine on minerals", sp.end - sp.start), 0);
	sm_doc_free(d);
	sm_segment_model_free(m);
	free(in);
}
END_TEST

/*
 * NUL bytes (or invalid UTF-8) after a paragraph's final period become
 * U+FFFD at ingest; the paragraph stays body text.  It used to be taken
 * for a heading (no final punctuation), which left it out of summaries.
 */
START_TEST(test_segment_trailing_replacement)
{
	static const char in[] =
		"Officials in Kyiv met on Friday.\n\n"
		"Second paragraph mentions Angela Merkel.\0\0\n\n"
		"Third paragraph ends badly. \xff\n\n"
		"A real heading\n\n"
		"Last paragraph of the article.\n";
	sm_segment_model_t *m = load_model();
	sm_doc_t *d = segment(m, in, sizeof in - 1, "T");
	ck_assert_uint_eq(d->n_nul, 2);
	assert_block(d, 1, SM_BLOCK_BODY, "Second paragraph mentions Angela Merkel.");
	assert_block(d, 2, SM_BLOCK_BODY, "Third paragraph ends badly.");
	assert_block(d, 3, SM_BLOCK_HEADING, "A real heading");
	sm_doc_free(d);
	sm_segment_model_free(m);
}
END_TEST

START_TEST(test_segment_wire)
{
	/* Hard-wrapped wire copy with a dateline and indented paragraphs. */
	const char in[] =
		"SALVADOR, Feb 26 - Showers continued throughout the week in\n"
		"the Bahia cocoa zone, alleviating the drought since early\n"
		"January and improving prospects for the coming temporao.\n"
		"    The dry period means the temporao will be late this year\n"
		"and arrivals for the week ended February 22 were 155,221 bags\n"
		"of 60 kilos making a cumulative total for the season.\n"
		" Reuter\n";
	sm_segment_model_t *m = load_model();
	sm_doc_t *d = segment(m, in, sizeof in - 1, "BAHIA COCOA REVIEW");
	assert_block(d, 0, SM_BLOCK_META, "SALVADOR, Feb 26 -");
	assert_block(d, 1, SM_BLOCK_BODY, "Showers continued throughout the week in\nthe Bahia");
	assert_block(d, 2, SM_BLOCK_BODY, "The dry period means");
	assert_block(d, 3, SM_BLOCK_BOILERPLATE, "Reuter");
	ck_assert_uint_eq(d->n_blocks, 4);
	ck_assert_str_eq(d->title, "BAHIA COCOA REVIEW");
	sm_doc_free(d);

	/* Datelines: the first body paragraph's prefix, or none. */
	static const struct {
		const char *in, *meta, *body;
	} lines[] = {
		{ "MOSCOW (Reuters) - Russia said on Friday it would cut output.\n",
		  "MOSCOW (Reuters) -", "Russia said" },
		/* a state between place and date, abbreviated with periods */
		{ "ROCHESTER, N.Y., Feb 26 - Champion Products Inc said its\n"
		  "board of directors approved a two-for-one stock split of its\n"
		  "common shares for shareholders of record as of April 1.\n",
		  "ROCHESTER, N.Y., Feb 26 -", "Champion Products Inc said" },
		/* a place in capitalized words takes a date to be a dateline */
		{ "Winnipeg, Manitoba, Feb 26 - Federal Industries Ltd said it\n"
		  "launched a 40 mln Canadian dlr Eurobond issue for five years\n"
		  "through a group of banks led by the Bank of Montreal.\n",
		  "Winnipeg, Manitoba, Feb 26 -", "Federal Industries Ltd said" },
		{ "Toronto, the largest city, said - as expected - it would build.\n",
		  NULL, "Toronto, the largest" },
		{ "NATO, which met on Friday, said - as expected - it would act.\n",
		  NULL, "NATO, which met" },
		{ "Apple, Google and Microsoft, Jan 5 - a date to remember.\n", NULL,
		  "Apple, Google" },
		{ "Caracas, feb 26 - oil output rose in the month.\n", "Caracas, feb 26 -",
		  "oil output rose" },
		/* a month's first three letters are no month */
		{ "Toronto, Marketing 3 - the new plan works.\n", NULL, "Toronto, Marketing" },
		/* a sentence whose first word is an acronym */
		{ "NATO, the alliance, said on Friday it would meet.\n", NULL,
		  "NATO, the alliance" },
	};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		d = segment(m, lines[i].in, strlen(lines[i].in), NULL);
		size_t k = 0;
		if (lines[i].meta)
			assert_block(d, k++, SM_BLOCK_META, lines[i].meta);
		assert_block(d, k, SM_BLOCK_BODY, lines[i].body);
		sm_doc_free(d);
	}

	/* An editorial label starts any body paragraph as metadata. */
	static const char notes[] =
		"Acme Corp said profit rose in the year to March.\n\n"
		"NOTE: 1986 net excludes a charge of 94.8 mln dlrs.\n\n"
		"Note:1985 shr restated to reflect a stock split.\n\n"
		"Notes that he made were lost.\n\n"
		"NOTE:\n";
	d = segment(m, notes, sizeof notes - 1, NULL);
	ck_assert_uint_eq(d->n_blocks, 7);
	assert_block(d, 0, SM_BLOCK_BODY, "Acme Corp");
	assert_block(d, 1, SM_BLOCK_META, "NOTE:");
	ck_assert_uint_eq(d->blocks[1].norm_end - d->blocks[1].norm_start, 5);
	assert_block(d, 2, SM_BLOCK_BODY, "1986 net excludes");
	assert_block(d, 3, SM_BLOCK_META, "Note:");
	assert_block(d, 4, SM_BLOCK_BODY, "1985 shr");
	assert_block(d, 5, SM_BLOCK_BODY, "Notes that");
	assert_block(d, 6, SM_BLOCK_BODY, "NOTE:");
	sm_doc_free(d);
	sm_segment_model_free(m);
}
END_TEST

START_TEST(test_segment_title)
{
	/* BBC layout: the headline is the first line and the given title. */
	const char in[] = "Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant "
			  "TimeWarner jumped 76% to $1.13bn.\n\nBy John Smith\n\nAdvertisement\n";
	sm_segment_model_t *m = load_model();
	sm_doc_t *d = segment(m, in, sizeof in - 1, "Ad sales boost Time Warner profit");
	assert_block(d, 0, SM_BLOCK_TITLE, "Ad sales boost");
	assert_block(d, 1, SM_BLOCK_BODY, "Quarterly profits");
	assert_block(d, 2, SM_BLOCK_META, "By John Smith");
	assert_block(d, 3, SM_BLOCK_BOILERPLATE, "Advertisement");
	ck_assert_int_eq(d->title_block, 0);
	ck_assert_str_eq(d->title, "Ad sales boost Time Warner profit");
	sm_doc_free(d);
	/* No given title: a heading-like first paragraph is the title. */
	d = segment(m, in, sizeof in - 1, NULL);
	ck_assert_int_eq(d->title_block, 0);
	ck_assert_str_eq(d->title, "Ad sales boost Time Warner profit");
	sm_doc_free(d);
	/* A model-less run still finds structure. */
	d = segment(NULL, in, sizeof in - 1, NULL);
	ck_assert_uint_eq(d->n_blocks, 4);
	sm_doc_free(d);
	sm_segment_model_free(m);
}
END_TEST

START_TEST(test_segment_model_load)
{
	sm_segment_model_t *m = NULL;
	ck_assert_int_eq(sm_segment_model_load("/nonexistent/x.patterns", &m), SM_EMODEL);
	ck_assert_ptr_null(m);
	char tmpl[] = "/tmp/sm-seg-XXXXXX";
	int fd = mkstemp(tmpl);
	ck_assert_int_ge(fd, 0);
	FILE *f = fdopen(fd, "w");
	fputs("# comment\nnonsense\tpattern\n", f);
	fclose(f);
	ck_assert_int_eq(sm_segment_model_load(tmpl, &m), SM_EMODEL);
	f = fopen(tmpl, "w");
	fputs("boilerplate\tfoo*\nmeta\t?y *\nboilerplate\t*subscribe\nmeta\tFiled*\n", f);
	fclose(f);
	ck_assert_int_eq(sm_segment_model_load(tmpl, &m), SM_OK);
	/* Patterns are found by their first character, wildcards by any:
	 * each kind and each way in, on one document. */
	static const char in[] =
		"Body one starts here and goes on for a while.\n\n"
		"Foo bar\n\n"
		"Please subscribe\n\n"
		"By Jane Doe\n\n"
		"filed at noon\n\n"
		"Body two ends it, also long enough to be body text.\n";
	sm_doc_t *d = segment(m, in, sizeof in - 1, NULL);
	ck_assert_uint_eq(d->n_blocks, 6);
	assert_block(d, 0, SM_BLOCK_BODY, "Body one");
	assert_block(d, 1, SM_BLOCK_BOILERPLATE, "Foo bar");
	assert_block(d, 2, SM_BLOCK_BOILERPLATE, "Please subscribe");
	assert_block(d, 3, SM_BLOCK_META, "By Jane Doe");
	assert_block(d, 4, SM_BLOCK_META, "filed at noon");
	assert_block(d, 5, SM_BLOCK_BODY, "Body two");
	sm_doc_free(d);
	sm_segment_model_free(m);
	sm_segment_model_free(NULL);
	remove(tmpl);
}
END_TEST

START_TEST(test_segment_glob)
{
	ck_assert_uint_eq(sm_segment_glob("add * as a preferred source", "Add WION as a Preferred Source", 30, 0), 1);
	ck_assert_uint_eq(sm_segment_glob("advertisement", "Advertisements", 14, 0), 0);
	ck_assert_uint_eq(sm_segment_glob("date ####-##-## ", "date 2025-09-05 Russia", 22, 1), 17);
	ck_assert_uint_eq(sm_segment_glob("by @* @*", "By John Smith", 13, 0), 1);
	ck_assert_uint_eq(sm_segment_glob("by @* @*", "By 2025 now", 11, 0), 0);
	ck_assert_uint_eq(sm_segment_glob("a\\*b", "a*b", 3, 0), 1);
	ck_assert_uint_eq(sm_segment_glob("*", "", 0, 0), 1);
	/* Prefixes: the shortest match, only lengths a match can have. */
	ck_assert_uint_eq(sm_segment_glob("by @*:", "By Ann: Bo: x", 13, 1), 8);
	ck_assert_uint_eq(sm_segment_glob("a\\*b", "a*bc", 4, 1), 4);
	ck_assert_uint_eq(sm_segment_glob("a\\*b", "aXbc", 4, 1), 0);
	ck_assert_uint_eq(sm_segment_glob("date ####", "date 202", 8, 1), 0);
	ck_assert_uint_eq(sm_segment_glob("*", "ab", 2, 1), 2);
	ck_assert_uint_eq(sm_segment_glob("", "ab", 2, 1), 0);
}
END_TEST

Suite *suite_segment(void)
{
	Suite *s = suite_create("segment");
	SM_TEST_ADD(s, test_segment_run);
	SM_TEST_ADD(s, test_segment_wire);
	SM_TEST_ADD(s, test_segment_trailing_replacement);
	SM_TEST_ADD(s, test_segment_title);
	SM_TEST_ADD(s, test_segment_model_load);
	SM_TEST_ADD(s, test_segment_glob);
	return s;
}
