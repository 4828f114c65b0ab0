/*
 * fuzz_pipeline.c - libFuzzer harness for the whole pipeline on one
 * document: ingest ... select, tag, parse, NER and facts, then every
 * renderer (text, JSON, CoNLL-U).
 *
 * Input: byte 0 sets the run (bit 0: pre-tokenized input; bits 1-2: the
 * length rule; bit 3: all facts instead of key facts; bit 4: pretty JSON;
 * bits 5-6: max_key_facts 5, 0, 1 or 40; decoded by tests/fuzz-config.c,
 * which the regression suite shares), the rest is the document.  The
 * models are loaded once from $SM_MODELS_DIR (default: the source tree's
 * models/, compiled in by fuzz/run).  When the
 * tagger, parser or NER model is missing or does not load (not trained yet,
 * or a format change), a scratch copy of the directory gets a tiny stand-in
 * for it, built from a few sentences, so the fact extractor is still
 * fuzzed (on poor trees, which is what it must survive anyway).  One
 * pipeline handle per configuration is kept across inputs, as the batch
 * workers do.
 *
 * Checked: the run returns a documented status; the summary lists distinct
 * body sentences in document order; key facts are at most max_key_facts;
 * every renderer succeeds after a good run, and the JSON is one valid
 * object (parsed back with jansson) followed by exactly one newline.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "fuzz.h"
#include "fuzz-config.h"
#include "facts.h"
#include "ner.h"
#include "parse.h"
#include "pipeline.h"
#include "render.h"
#include "tag.h"

static sm_models_t *models;
static sm_pipeline_t *pipes[SM_FUZZ_NCONF];
static char scratch[PATH_MAX];

/* A few tagged sentences for the stand-in models. */
static const char *const SW[] = {
	"Acme", "Corp.", "will", "sell", "its", "plant", "to", "Beta", "Inc.",
	"for", "$", "50", "million", ",", "John", "Smith", "said", "on",
	"Tuesday", "in", "London", "."
};
static const char *const ST[] = {
	"NNP", "NNP", "MD", "VB", "PRP$", "NN", "TO", "NNP", "NNP",
	"IN", "$", "CD", "CD", ",", "NNP", "NNP", "VBD", "IN",
	"NNP", "IN", "NNP", "."
};
static const uint8_t SE[] = { 4, 5, 0, 0, 0, 0, 0, 4, 5, 0, 0, 0, 0, 0,
			      2, 3, 0, 0, 0, 0, 6, 0 };
#define SN (sizeof SW / sizeof SW[0])

/* Remove the scratch models directory (entries are links or files). */
static void cleanup(void)
{
	char p[PATH_MAX + 256];
	DIR *d = scratch[0] ? opendir(scratch) : NULL;
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			snprintf(p, sizeof p, "%s/%s", scratch, e->d_name);
			unlink(p);
		}
	}
	closedir(d);
	rmdir(scratch);
}

/* A tagger whose lexicon knows the words of SW; SM_OK or an error. */
static int tiny_tag(const char *path)
{
	uint32_t keys[SN], start[SN + 1], lk[SN];
	uint8_t cls[SN], lt[SN];
	uint64_t lm[SN];
	float w[SN];
	size_t nlex = 0;
	sm_tag_model_t *m = NULL;
	for (size_t i = 0; i < SN; i++) {
		int t = sm_tag_from_name(ST[i], strlen(ST[i]));
		uint32_t k = sm_tag_word_key(SW[i], strlen(SW[i]));
		keys[i] = (uint32_t)i + 1;
		start[i] = (uint32_t)i;
		cls[i] = (uint8_t)(t < 0 ? 0 : t);
		w[i] = 1.0f + (float)i / 8;
		size_t j;
		for (j = 0; j < nlex && lk[j] != k; j++)
			;
		if (j == nlex) {
			lk[nlex] = k;
			lt[nlex] = cls[i];
			lm[nlex++] = (uint64_t)1 << (cls[i] % 64);
		}
	}
	start[SN] = SN;
	sm_tag_weights_t tw = { .nfeat = SN, .keys = keys, .start = start, .cls = cls,
				.w = w, .nlex = nlex, .lex_keys = lk, .lex_tags = lt,
				.lex_masks = lm };
	int rc = sm_tag_model_build(&tw, &m);
	if (rc == SM_OK)
		rc = sm_tag_model_save(m, path);
	sm_tag_model_free(m);
	return rc;
}

/* A parser with a handful of weights: it still always builds a tree. */
static int tiny_parse(const char *path)
{
	static const uint32_t keys[4] = { 11, 22, 33, 44 };
	static const uint32_t start[5] = { 0, 2, 3, 5, 6 };
	static const uint8_t cls[6] = { 1, 2, 3, 0, 4, 2 };
	static const float w[6] = { 0.5f, -1.0f, 2.0f, 0.25f, -0.75f, 1.5f };
	sm_parse_weights_t pw = { .nfeat = 4, .keys = keys, .start = start, .cls = cls,
				  .w = w };
	sm_parse_model_t *m = NULL;
	int rc = sm_parse_model_build(&pw, &m);
	if (rc == SM_OK)
		rc = sm_parse_model_save(m, path);
	sm_parse_model_free(m);
	return rc;
}

/* An entity recognizer trained on SW for a few epochs. */
static int tiny_ner(const char *gazetteers, const char *path)
{
	sm_ner_trainer_t *t = NULL;
	sm_ner_model_t *m = NULL;
	sm_str_t words[SN];
	int rc;
	for (size_t i = 0; i < SN; i++) {
		words[i].p = SW[i];
		words[i].len = strlen(SW[i]);
	}
	if ((rc = sm_ner_trainer_new(gazetteers, &t)) != SM_OK)
		goto done;
	for (int epoch = 0; epoch < 5; epoch++) {
		sm_ner_trainer_begin_doc(t);
		if ((rc = sm_ner_trainer_learn(t, words, ST, SN, SE)) < 0)
			goto done;
	}
	if ((rc = sm_ner_trainer_model(t, 0, &m)) == SM_OK)
		rc = sm_ner_model_save(m, path);
done:
	sm_ner_model_free(m);
	sm_ner_trainer_free(t);
	return rc;
}

/*
 * A scratch models directory: links to every entry of dir, and a stand-in
 * for each of the tagger, parser and NER models that does not load.
 * Returns the directory, or NULL.
 */
static const char *standin_models(const char *dir)
{
	char real[PATH_MAX], p[PATH_MAX + 256], q[PATH_MAX + 256];
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	DIR *d;
	struct dirent *e;
	sm_tag_model_t *tm = NULL;
	sm_parse_model_t *pm = NULL;
	sm_ner_model_t *nm = NULL;
	if (!realpath(dir, real))
		return NULL;
	snprintf(scratch, sizeof scratch, "%s/fuzz-pipeline-XXXXXX", base);
	if (!mkdtemp(scratch))
		return NULL;
	atexit(cleanup);
	if (!(d = opendir(real)))
		return NULL;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof p, "%s/%s", real, e->d_name);
		snprintf(q, sizeof q, "%s/%s", scratch, e->d_name);
		if (symlink(p, q) != 0) {
			closedir(d);
			return NULL;
		}
	}
	closedir(d);
	const char *res = NULL;
	snprintf(p, sizeof p, "%s/en-pos.bin", scratch);
	if (sm_tag_model_load(p, &tm) != SM_OK) {
		unlink(p);
		if (tiny_tag(p) != SM_OK)
			goto done;
		fprintf(stderr, "fuzz_pipeline: stand-in tagger model\n");
	}
	snprintf(p, sizeof p, "%s/en-dep.bin", scratch);
	if (sm_parse_model_load(p, &pm) != SM_OK) {
		unlink(p);
		if (tiny_parse(p) != SM_OK)
			goto done;
		fprintf(stderr, "fuzz_pipeline: stand-in parser model\n");
	}
	if (sm_ner_model_load(scratch, &nm) != SM_OK) {
		snprintf(p, sizeof p, "%s/en-ner.bin", scratch);
		snprintf(q, sizeof q, "%s/gazetteer", scratch);
		unlink(p);
		if (tiny_ner(q, p) != SM_OK)
			goto done;
		fprintf(stderr, "fuzz_pipeline: stand-in NER model\n");
	}
	res = scratch;
done:
	sm_tag_model_free(tm);
	sm_parse_model_free(pm);
	sm_ner_model_free(nm);
	return res;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const unsigned tries[] = {
		SM_LOAD_ALL, SM_LOAD_BASE | SM_LOAD_NER | SM_LOAD_FACTS,
		SM_LOAD_BASE | SM_LOAD_NER, SM_LOAD_BASE
	};
	const char *dir = fuzz_models_dir();
	char err[512];
	(void)argc;
	(void)argv;
	if (sm_models_load(dir, "english", SM_LOAD_ALL, &models, err, sizeof err) != SM_OK) {
		const char *alt = standin_models(dir);
		fprintf(stderr, "fuzz_pipeline: %s; trying stand-ins in %s\n", err,
			alt ? alt : "(none)");
		models = NULL;
		if (alt)
			dir = alt;
	}
	for (size_t i = 0; i < sizeof tries / sizeof tries[0] && !models; i++)
		if (sm_models_load(dir, "english", tries[i], &models, err, sizeof err) != SM_OK)
			fprintf(stderr, "fuzz_pipeline: models 0x%x: %s\n", tries[i], err);
	if (!models) {
		fprintf(stderr, "fuzz_pipeline: no models in %s\n", dir);
		exit(1);
	}
	unsigned got = sm_models_loaded(models);
	for (unsigned c = 0; c < SM_FUZZ_NCONF; c++) {
		sm_config_t cfg;
		(void)sm_fuzz_config(sm_fuzz_config_byte(c), got, &cfg);
		if (sm_pipeline_new(models, &cfg, &pipes[c]) != SM_OK) {
			fprintf(stderr, "fuzz_pipeline: sm_pipeline_new failed (config %u)\n", c);
			exit(1);
		}
	}
	fprintf(stderr, "fuzz_pipeline: models loaded: 0x%x\n", got);
	return 0;
}

/* The summary: distinct sentences in increasing order. */
static void check_doc(const sm_doc_t *d, const sm_config_t *cfg)
{
	for (size_t i = 0; i < d->n_summary; i++) {
		FUZZ_CHECK(d->summary[i] < d->n_sents);
		if (i)
			FUZZ_CHECK(d->summary[i] > d->summary[i - 1]);
	}
	FUZZ_CHECK(d->n_key_facts <= d->n_facts);
	FUZZ_CHECK(d->n_key_facts <= cfg->max_key_facts);
	for (size_t i = 0; i < d->n_facts; i++) {
		const struct sm_fact *f = &d->facts[i];
		FUZZ_CHECK(f->span.start <= f->span.end && f->span.end <= d->orig_len);
		FUZZ_CHECK(f->pred_span.end <= d->orig_len);
	}
}

/* Render d every way; after a good run each renderer must succeed. */
static void check_render(const sm_doc_t *d, const sm_config_t *cfg, int pretty)
{
	sm_render_opts_t o;
	sm_buf_t b = {0};
	json_error_t jerr;
	json_t *j;
	sm_render_opts_init(&o);
	o.facts = cfg->facts;
	o.pretty = pretty;
	o.lang = "english";
	FUZZ_CHECK(sm_render_json(d, &o, &b) == SM_OK);
	FUZZ_CHECK(b.len > 0 && b.p[b.len - 1] == '\n');
	FUZZ_CHECK(memchr(b.p, '\n', b.len - 1) == NULL || pretty);
	j = json_loadb(b.p, b.len, JSON_ALLOW_NUL, &jerr);
	FUZZ_CHECK(j != NULL && json_is_object(j));
	json_decref(j);
	b.len = 0;
	FUZZ_CHECK(sm_render_text(d, &o, &b) == SM_OK);
	b.len = 0;
	FUZZ_CHECK(sm_render_conllu(d, &b) == SM_OK);
	sm_buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sm_doc_t *d = NULL;
	sm_buf_t b = {0};
	unsigned c;
	int rc, pretty;
	if (size < 1)
		return 0;
	c = sm_fuzz_config_index(data[0]);
	pretty = sm_fuzz_config_pretty(data[0]);
	data++, size--;
	if (sm_doc_new(&d) != SM_OK)
		return 0;
	if (sm_doc_set_input(d, (const char *)data, size, "fuzz", NULL, NULL) != SM_OK)
		goto done;
	rc = sm_pipeline_run(pipes[c], d);
	FUZZ_CHECK(rc == SM_OK || rc == SM_EEMPTY || rc == SM_EBINARY ||
		   rc == SM_ENCODING || rc == SM_ENOMEM);
	if (rc == SM_OK) {
		check_doc(d, sm_pipeline_config(pipes[c]));
		check_render(d, sm_pipeline_config(pipes[c]), pretty);
	} else {
		FUZZ_CHECK(sm_render_error_json("fuzz", 1, "fuzz", rc, sm_strerror(rc), &b) == SM_OK);
	}
done:
	sm_buf_free(&b);
	sm_doc_free(d);
	return 0;
}
