/*
 * model-fixtures.h - test helper shared by the tagger and parser suites
 * (test_tag.c, test_parse.c): finding the shipped models, reading and
 * writing whole files, splitting sentences, scratch directories, and the
 * corruptions both model loaders must reject.  The helpers fail the
 * running check test on I/O errors; the assertions about the loaders stay
 * in the tests.
 */
#ifndef SM_MODEL_FIXTURES_H
#define SM_MODEL_FIXTURES_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"

/* A scratch directory /tmp/sm_test_XXXXXX and one file path inside it. */
typedef struct sm_fixture_dir {
	char dir[32];
	char path[4096];
} sm_fixture_dir_t;

void sm_fixture_dir_open(sm_fixture_dir_t *d, const char *file);
void sm_fixture_dir_close(sm_fixture_dir_t *d);
void sm_fixture_model_path(char *buf, size_t size, const char *file);
unsigned char *sm_fixture_slurp(const char *path, size_t *len);
void sm_fixture_spit(const char *path, const unsigned char *buf, size_t len);
size_t sm_fixture_split(const char *s, sm_str_t *w, size_t max);

/* Load the model at path, free it, return the status of the load. */
typedef int (*sm_fixture_load_fn)(const char *path);

int sm_fixture_load_bytes(sm_fixture_load_fn load, const char *path,
			  const unsigned char *buf, size_t len);
int sm_fixture_load_flipped(sm_fixture_load_fn load, const char *path,
			    unsigned char *buf, size_t len, size_t at,
			    unsigned char mask);
void sm_fixture_check_corrupt(sm_fixture_load_fn load, const char *path,
			      unsigned char *buf, size_t len);
void sm_fixture_fill_clusters(unsigned char *buf, size_t len,
			      size_t ccap_at, size_t sum_at);

#endif /* SM_MODEL_FIXTURES_H */
