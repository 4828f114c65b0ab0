/*
 * test_regress.c - every input the fuzzers ever crashed on, run again.
 *
 * fuzz/run copies each crash, leak, timeout or out-of-memory input to
 * tests/data/crashes/<harness>-<hash>.  This suite feeds every such file to
 * the entry point its harness drives, with the same meaning of the leading
 * selector bytes as fuzz/fuzz_<harness>.c, so `make check` (and its
 * ASan+UBSan run in CI) keeps each fixed bug fixed:
 *
 *   fuzz_ingest-*     ingest + normalize
 *   fuzz_tokenize-*   byte 0 = mode; segment + tokenize (or pre-tokenized)
 *                     + stem
 *   fuzz_jsonl-*      byte 0 = reader and limit; the input readers over the
 *                     file, and sm_record_parse_jsonl on it as one line
 *   fuzz_models-*     bytes 0-1 = which model file; its loader
 *   fuzz_pipeline-*   byte 0 = configuration; the whole pipeline and every
 *                     renderer
 *   fuzz_facts-*      a tree document (sm_conllu_fuzz_doc); the fact
 *                     extractor and its renderers
 *   anything else     the whole pipeline, as a document
 *
 * Each file must run to completion with a documented status; the
 * sanitizers (or a plain crash) catch the rest.  The test passes without
 * files (an empty or missing directory).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "facts-conllu.h"
#include "fuzz-config.h"
#include "facts.h"
#include "ingest.h"
#include "input.h"
#include "ner.h"
#include "normalize.h"
#include "parse.h"
#include "pipeline.h"
#include "render.h"
#include "score.h"
#include "segment.h"
#include "stem.h"
#include "suites.h"
#include "tag.h"
#include "tokenize.h"

/* Write (p, n) to path; 0 on success. */
static int write_file(const char *path, const char *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	int rc = 0;
	if (!f)
		return -1;
	if (n && fwrite(p, 1, n, f) != n)
		rc = -1;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

/* A scratch directory for one file's run; removed by rm_scratch. */
static void make_scratch(char *dir, size_t cap)
{
	const char *t = getenv("TMPDIR");
	snprintf(dir, cap, "%s/sm-regress-XXXXXX", t && *t ? t : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void rm_scratch(const char *dir)
{
	char cmd[PATH_MAX + 32];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* --------------------------------------------------------------- harnesses */

static void run_ingest(const char *p, size_t n)
{
	sm_doc_t *d = NULL;
	ck_assert_int_eq(sm_doc_new(&d), SM_OK);
	ck_assert_int_eq(sm_doc_set_input(d, p, n, NULL, NULL, NULL), SM_OK);
	int rc = sm_ingest_run(d);
	ck_assert(rc == SM_OK || rc == SM_EEMPTY || rc == SM_EBINARY || rc == SM_ENCODING);
	if (rc == SM_OK)
		ck_assert_int_eq(sm_normalize_run(d), SM_OK);
	sm_doc_free(d);
}

static void run_tokenize(const char *p, size_t n)
{
	char path[PATH_MAX];
	sm_segment_model_t *seg = NULL;
	sm_stopwords_t *sw = NULL;
	sm_doc_t *d = NULL;
	sm_lexicon_t *lex = NULL;
	sm_stemmer_t *st = NULL;
	unsigned mode;
	if (n < 1)
		return;
	mode = (unsigned char)p[0];
	snprintf(path, sizeof path, "%s/segment/english.patterns", test_models_dir());
	if (sm_segment_model_load(path, &seg) != SM_OK)
		seg = NULL;
	snprintf(path, sizeof path, "%s/stopwords/english.txt", test_models_dir());
	if (sm_stopwords_load(path, &sw) != SM_OK)
		sw = NULL;
	ck_assert_int_eq(sm_doc_new(&d), SM_OK);
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);
	ck_assert_int_eq(sm_stemmer_new("english", sw, &st), SM_OK);
	ck_assert_int_eq(sm_doc_set_input(d, p + 1, n - 1, NULL, NULL, NULL), SM_OK);
	if (sm_ingest_run(d) == SM_OK && sm_normalize_run(d) == SM_OK) {
		if (mode & 1) {
			ck_assert_int_eq(sm_tokenize_pretokenized(d, lex), SM_OK);
		} else {
			ck_assert_int_eq(sm_segment_run((mode & 2) ? NULL : seg, d), SM_OK);
			ck_assert_int_eq(sm_tokenize_run(d, lex), SM_OK);
		}
		ck_assert_int_eq(sm_stem_run(st, d, lex), SM_OK);
	}
	sm_stemmer_free(st);
	sm_lexicon_free(lex);
	sm_doc_free(d);
	sm_stopwords_free(sw);
	sm_segment_model_free(seg);
}

static void run_jsonl(const char *p, size_t n)
{
	static const int formats[4] = {
		SM_INPUT_AUTO, SM_INPUT_TEXT, SM_INPUT_JSONL, SM_INPUT_STORY
	};
	char dir[PATH_MAX], path[PATH_MAX + 16];
	const char *args[1] = { path };
	sm_input_opts_t o;
	sm_input_t *in = NULL;
	sm_record_t *r = NULL;
	int rc;
	if (n < 1)
		return;
	sm_input_opts_init(&o);
	o.format = formats[(unsigned char)p[0] & 3];
	o.max_bytes = (size_t)16 << (((unsigned char)p[0] >> 2) % 17);
	p++, n--;
	/* the whole input as one JSONL line */
	r = calloc(1, sizeof *r);
	ck_assert_ptr_nonnull(r);
	r->kind = SM_REC_JSONL;
	r->line = 1;
	r->data = malloc(n + 1);
	ck_assert_ptr_nonnull(r->data);
	memcpy(r->data, p, n);
	r->data[n] = '\0';
	r->len = n;
	ck_assert_int_eq(sm_record_parse_jsonl(r, &o), SM_OK);
	ck_assert(r->kind == SM_REC_DOC || r->kind == SM_REC_ERROR);
	sm_record_free(r);
	r = NULL;
	/* the input as a file, through the readers */
	make_scratch(dir, sizeof dir);
	snprintf(path, sizeof path, "%s/input", dir);
	ck_assert_int_eq(write_file(path, p, n), 0);
	ck_assert_int_eq(sm_input_new(&o, args, 1, &in), SM_OK);
	while ((rc = sm_input_next(in, &r)) == SM_OK && r) {
		if (r->kind == SM_REC_JSONL)
			ck_assert_int_eq(sm_record_parse_jsonl(r, &o), SM_OK);
		ck_assert(r->kind == SM_REC_DOC || r->kind == SM_REC_ERROR);
		sm_record_free(r);
		r = NULL;
	}
	ck_assert_int_eq(rc, SM_OK);
	sm_input_free(in);
	rm_scratch(dir);
}

/* Link scratch/rel to the real model file, or make its directory. */
static void mirror(const char *dir, const char *rel)
{
	char dst[PATH_MAX + 64], src[PATH_MAX + 64];
	const char *slash = strchr(rel, '/');
	if (slash) {
		snprintf(dst, sizeof dst, "%s/%.*s", dir, (int)(slash - rel), rel);
		mkdir(dst, 0700);
	}
	snprintf(dst, sizeof dst, "%s/%s", dir, rel);
	snprintf(src, sizeof src, "%s/%s", test_models_dir(), rel);
	if (access(src, R_OK) == 0 && src[0] == '/')
		ck_assert_int_eq(symlink(src, dst), 0);
	else if (access(src, R_OK) == 0) {
		size_t len = 0;
		char *buf = test_read_file(src, &len);
		ck_assert_ptr_nonnull(buf);
		ck_assert_int_eq(write_file(dst, buf, len), 0);
		free(buf);
	}
}

static void run_models(const char *p, size_t n)
{
	static const char *const facts[] = {
		"facts/verb-lemmas.tsv", "facts/converse.tsv", "facts/attribution.tsv",
		"facts/modality.tsv", "facts/numbers.tsv", "gazetteer/canonical.tsv",
		"facts/aliases-extra.tsv",
	};
	char dir[PATH_MAX], path[PATH_MAX + 64], err[256];
	const char *rel;
	unsigned sel, sub;
	int rc = SM_OK;
	if (n < 2)
		return;
	sel = (unsigned char)p[0] % 7;
	sub = (unsigned char)p[1];
	p += 2, n -= 2;
	switch (sel) {
	case 0: rel = "en-pos.bin"; break;
	case 1: rel = "en-dep.bin"; break;
	case 2: rel = "en-ner.bin"; break;
	case 3: rel = "segment/english.patterns"; break;
	case 4: rel = "stopwords/english.txt"; break;
	case 5: rel = facts[sub % (sizeof facts / sizeof facts[0])]; break;
	default: rel = (sub & 1) ? "en-score.tsv" : "en-idf.tsv"; break;
	}
	make_scratch(dir, sizeof dir);
	for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++)
		if (strcmp(facts[i], rel) != 0)
			mirror(dir, facts[i]);
	if (sel == 6)
		mirror(dir, (sub & 1) ? "en-idf.tsv" : "en-score.tsv");
	snprintf(path, sizeof path, "%s/%s", dir, rel);
	if (strchr(rel, '/')) {
		char sub_dir[PATH_MAX + 64];
		snprintf(sub_dir, sizeof sub_dir, "%s/%.*s", dir,
			 (int)(strchr(rel, '/') - rel), rel);
		mkdir(sub_dir, 0700);
	}
	ck_assert_int_eq(write_file(path, p, n), 0);
	switch (sel) {
	case 0: {
		sm_tag_model_t *m = NULL;
		rc = sm_tag_model_load(path, &m);
		sm_tag_model_free(m);
		break;
	}
	case 1: {
		sm_parse_model_t *m = NULL;
		rc = sm_parse_model_load(path, &m);
		sm_parse_model_free(m);
		break;
	}
	case 2: {
		sm_ner_model_t *m = NULL;
		rc = sm_ner_model_load(dir, &m);
		sm_ner_model_free(m);
		break;
	}
	case 3: {
		sm_segment_model_t *m = NULL;
		rc = sm_segment_model_load(path, &m);
		sm_segment_model_free(m);
		break;
	}
	case 4: {
		sm_stopwords_t *m = NULL;
		rc = sm_stopwords_load(path, &m);
		sm_stopwords_free(m);
		break;
	}
	case 5: {
		sm_facts_model_t *m = NULL;
		rc = sm_facts_model_load(dir, &m);
		sm_facts_model_free(m);
		break;
	}
	default: {
		sm_score_model_t *m = NULL;
		rc = sm_score_model_load(dir, "english", &m, err, sizeof err);
		sm_score_model_free(m);
		break;
	}
	}
	ck_assert(rc == SM_OK || rc == SM_EMODEL || rc == SM_ENOENT || rc == SM_EIO ||
		  rc == SM_ETOOBIG);
	rm_scratch(dir);
}

/* The pipeline on (p, n) with configuration byte c (see fuzz_pipeline.c). */
static void run_pipeline(const char *p, size_t n, unsigned c)
{
	static const unsigned tries[] = {
		SM_LOAD_ALL, SM_LOAD_BASE | SM_LOAD_NER, SM_LOAD_BASE
	};
	char err[512];
	sm_models_t *m = NULL;
	sm_pipeline_t *pl = NULL;
	sm_doc_t *d = NULL;
	sm_config_t cfg;
	sm_render_opts_t o;
	sm_buf_t b = {0};
	for (size_t i = 0; i < sizeof tries / sizeof tries[0] && !m; i++)
		if (sm_models_load(test_models_dir(), "english", tries[i], &m, err, sizeof err) != SM_OK)
			m = NULL;
	ck_assert_msg(m != NULL, "regress: no models in %s", test_models_dir());
	int pretty = sm_fuzz_config(c, sm_models_loaded(m), &cfg);
	ck_assert_int_eq(sm_pipeline_new(m, &cfg, &pl), SM_OK);
	ck_assert_int_eq(sm_doc_new(&d), SM_OK);
	ck_assert_int_eq(sm_doc_set_input(d, p, n, "regress", NULL, NULL), SM_OK);
	int rc = sm_pipeline_run(pl, d);
	ck_assert(rc == SM_OK || rc == SM_EEMPTY || rc == SM_EBINARY || rc == SM_ENCODING);
	if (rc == SM_OK) {
		sm_render_opts_init(&o);
		o.facts = cfg.facts;
		o.pretty = pretty;
		ck_assert_int_eq(sm_render_json(d, &o, &b), SM_OK);
		b.len = 0;
		ck_assert_int_eq(sm_render_text(d, &o, &b), SM_OK);
		b.len = 0;
		ck_assert_int_eq(sm_render_conllu(d, &b), SM_OK);
	}
	sm_buf_free(&b);
	sm_doc_free(d);
	sm_pipeline_free(pl);
	sm_models_free(m);
}

/* The fact extractor on the tree document of (p, n) (see fuzz_facts.c). */
static void run_facts(const char *p, size_t n)
{
	sm_facts_model_t *m = NULL;
	sm_facts_t *f = NULL;
	sm_doc_t *d = NULL;
	sm_buf_t b = {0};
	size_t max_key;
	int openie;
	ck_assert_int_eq(sm_facts_model_load(test_models_dir(), &m), SM_OK);
	ck_assert_int_eq(sm_facts_new(m, &f), SM_OK);
	ck_assert_int_eq(sm_doc_new(&d), SM_OK);
	if (sm_conllu_fuzz_doc(d, (const unsigned char *)p, n, &max_key, &openie) == SM_OK) {
		ck_assert_int_eq(sm_facts_set_openie(f, openie), SM_OK);
		ck_assert_int_eq(sm_facts_run(f, d, max_key), SM_OK);
		ck_assert_uint_le(d->n_key_facts, max_key);
		for (size_t i = 0; i < d->n_facts; i++) {
			ck_assert_uint_le(d->facts[i].span.start, d->facts[i].span.end);
			ck_assert_uint_le(d->facts[i].span.end, d->orig_len);
			ck_assert_int_eq(sm_fact_render_text(d, &d->facts[i], &b), SM_OK);
		}
		ck_assert_int_eq(sm_facts_render_json(d, 0, d->n_facts, &b), SM_OK);
		ck_assert_int_eq(sm_facts_render_carb(d, &b), SM_OK);
	}
	sm_buf_free(&b);
	sm_doc_free(d);
	sm_facts_free(f);
	sm_facts_model_free(m);
}

/* Run one crash file through the entry point its name says. */
static void run_one(const char *name, const char *p, size_t n)
{
	if (strncmp(name, "fuzz_ingest-", 12) == 0)
		run_ingest(p, n);
	else if (strncmp(name, "fuzz_tokenize-", 14) == 0)
		run_tokenize(p, n);
	else if (strncmp(name, "fuzz_jsonl-", 11) == 0)
		run_jsonl(p, n);
	else if (strncmp(name, "fuzz_models-", 12) == 0)
		run_models(p, n);
	else if (strncmp(name, "fuzz_pipeline-", 14) == 0) {
		if (n >= 1)
			run_pipeline(p + 1, n - 1, (unsigned char)p[0]);
	} else if (strncmp(name, "fuzz_facts-", 11) == 0)
		run_facts(p, n);
	else
		run_pipeline(p, n, 0);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Every file of tests/data/crashes, in name order.  The name of each file
 * goes to stderr before it runs, so a crash in the forked test names it.
 */
START_TEST(test_regress_crashes)
{
	char dir[PATH_MAX], path[PATH_MAX + 256];
	char **names = NULL;
	size_t n = 0, cap = 0;
	DIR *dh;
	struct dirent *e;
	snprintf(dir, sizeof dir, "%s/crashes", test_data_dir());
	dh = opendir(dir);
	if (!dh)
		return; /* no crashes recorded: nothing to do */
	while ((e = readdir(dh)) != NULL) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "README") == 0)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			names = realloc(names, cap * sizeof *names);
			ck_assert_ptr_nonnull(names);
		}
		names[n] = strdup(e->d_name);
		ck_assert_ptr_nonnull(names[n]);
		n++;
	}
	closedir(dh);
	if (n)
		qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n; i++) {
		size_t len = 0;
		char *buf;
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		buf = test_read_file(path, &len);
		ck_assert_msg(buf != NULL, "regress: cannot read %s", path);
		fprintf(stderr, "regress: %s\n", names[i]);
		run_one(names[i], buf, len);
		free(buf);
		free(names[i]);
	}
	free(names);
}
END_TEST

Suite *suite_regress(void)
{
	Suite *s = suite_create("regress");
	TCase *tc = tcase_create("test_regress_crashes");
	/* a file may take the whole pipeline under the sanitizers */
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_regress_crashes);
	suite_add_tcase(s, tc);
	return s;
}
