/*
 * main.c - the one test runner: every module's suite in one SRunner.
 * CK_RUN_SUITE=<name> runs one suite, CK_FORK=no runs without fork (for
 * valgrind and gdb); both are libcheck's own environment variables.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"
#include "suites.h"

const char *test_models_dir(void)
{
	const char *d = getenv("SM_MODELS_DIR");
	return d && *d ? d : "models";
}

const char *test_src_path(char *buf, size_t cap, const char *rel)
{
	const char *d = getenv("SM_SRCDIR");
	snprintf(buf, cap, "%s/%s", d && *d ? d : ".", rel);
	return buf;
}

const char *test_data_dir(void)
{
	const char *d = getenv("SM_TESTDATA");
	return d && *d ? d : "tests/data";
}

const char *test_shared_dir(void)
{
	const char *d = getenv("SM_SHARED_DIR");
	struct stat st;
	if (!d || !*d)
		d = "../shared";
	return stat(d, &st) == 0 && S_ISDIR(st.st_mode) ? d : NULL;
}

char *test_read_file(const char *path, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	if (sm_file_read(path, &buf, &n) != SM_OK)
		return NULL;
	if (len)
		*len = n;
	return buf;
}

void test_run_input(char *in, char *want, size_t pre, const char *tail,
		    const char *tail_want)
{
	for (size_t i = 0; i < pre; i++)
		in[i] = (i % 2 && i + 1 < pre) ? ' ' : 'a';
	strcpy(in + pre, tail);
	memcpy(want, in, pre);
	strcpy(want + pre, tail_want);
}

int main(void)
{
	Suite *(*const all[])(void) = {
		suite_common, suite_doc, suite_lexicon, suite_ingest, suite_normalize,
		suite_segment, suite_tokenize, suite_stem, suite_score, suite_select,
		suite_tag, suite_parse, suite_ner, suite_facts, suite_render,
		suite_pipeline, suite_batch, suite_rouge, suite_regress,
	};
	SRunner *sr = srunner_create(NULL);
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		srunner_add_suite(sr, all[i]());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
