/*
 * suites.h - every module's check suite, gathered by tests/main.c, plus
 * small helpers the suites share (fixture paths, optional shared data).
 */
#ifndef SM_TEST_SUITES_H
#define SM_TEST_SUITES_H

#include <check.h>
#include <stddef.h>

Suite *suite_common(void);
Suite *suite_doc(void);
Suite *suite_lexicon(void);
Suite *suite_ingest(void);
Suite *suite_normalize(void);
Suite *suite_segment(void);
Suite *suite_tokenize(void);
Suite *suite_stem(void);
Suite *suite_score(void);
Suite *suite_select(void);
Suite *suite_tag(void);
Suite *suite_parse(void);
Suite *suite_ner(void);
Suite *suite_facts(void);
Suite *suite_render(void);
Suite *suite_pipeline(void);
Suite *suite_batch(void);
Suite *suite_rouge(void);
Suite *suite_regress(void);

/* Directory of the shipped models ($SM_MODELS_DIR, else "models"). */
const char *test_models_dir(void);
/* Path of a file of the source tree ($SM_SRCDIR, else "."), in buf. */
const char *test_src_path(char *buf, size_t cap, const char *rel);
/* Directory of fixtures ($SM_TESTDATA, else "tests/data"). */
const char *test_data_dir(void);
/* ../shared, or NULL when absent (tests that need it skip). */
const char *test_shared_dir(void);
/* Read a whole file into a malloc'd buffer (NUL-terminated); NULL on error. */
char *test_read_file(const char *path, size_t *len);
/* Inputs for the fast paths that scan plain runs in blocks: in = pre bytes
 * of "a a a..." ending in a letter, then tail; want = the same prefix,
 * then tail_want (the tail's expected form).  Both are NUL-terminated and
 * need pre + the tail's length + 1 bytes. */
void test_run_input(char *in, char *want, size_t pre, const char *tail,
		    const char *tail_want);

/* Add test function fn to suite s as a test case of its own name, with
 * 30 s to run: check's 4 s default is too short for the cases that load
 * every model (five times in test_pipeline_key_analysis) under ASan on a
 * busy machine. */
#define SM_TEST_ADD(s, fn) \
	do { \
		TCase *tc_ = tcase_create(#fn); \
		tcase_set_timeout(tc_, 30); \
		tcase_add_test(tc_, fn); \
		suite_add_tcase((s), tc_); \
	} while (0)

#endif
