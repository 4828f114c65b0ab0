/*
 * test_pipeline.c - models, handles and the whole pipeline on the seed
 * article: the summary avoids metadata, headings and boilerplate, and the
 * JSON offsets slice the input back to each sentence's exact text.
 */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "ner.h"
#include "pipeline.h"
#include "render.h"
#include "suites.h"

static char *read_seed(size_t *len)
{
	char path[4096];
	char *in = test_read_file(test_src_path(path, sizeof path, "corpus/rare-earths-2025-09-05.txt"), len);
	ck_assert_ptr_nonnull(in);
	return in;
}

/* Run the seed through a pipeline configured by cfg. */
/* run_text - a document of (in, len) and title, run through a pipeline
 * of cfg over the models what. */
static sm_doc_t *run_text(const sm_config_t *cfg, unsigned what, const char *in,
			  size_t len, const char *title)
{
	char err[512];
	sm_models_t *m = NULL;
	sm_pipeline_t *p = NULL;
	sm_doc_t *d = NULL;
	ck_assert_msg(sm_models_load(test_models_dir(), "english", what, &m, err, sizeof err) == SM_OK, "%s", err);
	ck_assert_int_eq(sm_pipeline_new(m, cfg, &p), SM_OK);
	ck_assert_int_eq(sm_doc_new(&d), SM_OK);
	ck_assert_int_eq(sm_doc_set_input(d, in, len, "seed", title, NULL), SM_OK);
	ck_assert_int_eq(sm_pipeline_run(p, d), SM_OK);
	sm_pipeline_free(p);
	/* The document no longer needs the models once its stages ran. */
	sm_models_free(m);
	return d;
}

static sm_doc_t *run_seed(const sm_config_t *cfg, unsigned what, char **in_out, size_t *len)
{
	char *in = read_seed(len);
	*in_out = in;
	return run_text(cfg, what, in, *len, NULL);
}

START_TEST(test_config_init)
{
	sm_config_t c;
	sm_config_init(&c);
	ck_assert_str_eq(c.lang, "english");
	ck_assert_int_eq(c.length_mode, SM_LEN_SENTENCES);
	ck_assert(c.length == 3.0);
	ck_assert_int_eq(c.facts, SM_FACTS_KEY);
	sm_config_init(NULL);
}
END_TEST

START_TEST(test_models_default_dir)
{
	const char *d = sm_models_default_dir();
	ck_assert_ptr_nonnull(d);
	setenv("SUMMARIZE_MODELS", "/opt/x", 1);
	ck_assert_str_eq(sm_models_default_dir(), "/opt/x");
	unsetenv("SUMMARIZE_MODELS");
}
END_TEST

START_TEST(test_models_load)
{
	char err[512];
	sm_models_t *m = NULL;
	ck_assert_int_eq(sm_models_load("/nonexistent/models", NULL, SM_LOAD_BASE, &m, err, sizeof err), SM_EMODEL);
	ck_assert_ptr_null(m);
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent/models"));
	ck_assert_int_eq(sm_models_load(test_models_dir(), "klingon", SM_LOAD_BASE, &m, err, sizeof err), SM_ELANG);
	ck_assert_ptr_nonnull(strstr(err, "klingon"));
	ck_assert_int_eq(sm_models_load(test_models_dir(), "../x", SM_LOAD_BASE, &m, err, sizeof err), SM_ELANG);
	ck_assert_int_eq(sm_models_load(test_models_dir(), "english", SM_LOAD_BASE, &m, err, sizeof err), SM_OK);
	ck_assert_uint_eq(sm_models_loaded(m), SM_LOAD_BASE);
	sm_models_free(m);
	/* Other Snowball languages load too (summaries only). */
	ck_assert_int_eq(sm_models_load(test_models_dir(), "french", SM_LOAD_BASE, &m, err, sizeof err), SM_OK);
	sm_models_free(m);
	sm_models_free(NULL);
}
END_TEST

START_TEST(test_pipeline_new)
{
	char err[512];
	sm_models_t *m = NULL;
	sm_pipeline_t *p = NULL;
	sm_config_t cfg;
	sm_config_init(&cfg);
	ck_assert_int_eq(sm_models_load(test_models_dir(), "english", SM_LOAD_BASE, &m, err, sizeof err), SM_OK);
	/* Facts need the fact models. */
	ck_assert_int_eq(sm_pipeline_new(m, &cfg, &p), SM_EINVAL);
	ck_assert_ptr_null(p);
	cfg.facts = SM_FACTS_NONE;
	ck_assert_int_eq(sm_pipeline_new(m, &cfg, &p), SM_OK);
	ck_assert_ptr_nonnull(sm_pipeline_lexicon(p));
	ck_assert_int_eq(sm_pipeline_config(p)->facts, SM_FACTS_NONE);
	sm_pipeline_free(p);
	sm_pipeline_free(NULL);
	sm_models_free(m);
}
END_TEST

START_TEST(test_pipeline_run)
{
	sm_config_t cfg;
	size_t len;
	char *in;
	sm_config_init(&cfg);
	cfg.facts = SM_FACTS_NONE;
	sm_doc_t *d = run_seed(&cfg, SM_LOAD_BASE, &in, &len);
	ck_assert_uint_eq(d->n_summary, 3);
	for (size_t k = 0; k < d->n_summary; k++) {
		const sm_sentence_t *s = &d->sents[d->summary[k]];
		ck_assert_int_eq(s->kind, SM_BLOCK_BODY);
		if (k)
			ck_assert_uint_lt(d->summary[k - 1], d->summary[k]); /* document order */
	}
	sm_buf_t b = { 0 };
	ck_assert_int_eq(sm_render_text(d, NULL, &b), SM_OK);
	ck_assert_ptr_null(strstr(b.p, "date 2025"));
	ck_assert_ptr_null(strstr(b.p, "Add WION"));
	ck_assert_ptr_null(strstr(b.p, "US strikes new deal"));
	ck_assert_ptr_null(strstr(b.p, "Why minerals matter"));
	ck_assert_ptr_null(strstr(b.p, "What does the deal cover?"));
	ck_assert_ptr_null(strstr(b.p, "What are rare earths?"));
	size_t lines = 0;
	for (size_t i = 0; i < b.len; i++)
		lines += b.p[i] == '\n';
	ck_assert_uint_eq(lines, 3);
	sm_buf_free(&b);
	sm_doc_free(d);
	free(in);
}
END_TEST

/* Body sentences with words, and how many of them are tagged / parsed. */
static void count_analyzed(const sm_doc_t *d, size_t *body, size_t *tagged,
			   size_t *parsed, float *min_tagged, float *max_untagged)
{
	*body = *tagged = *parsed = 0;
	*min_tagged = INFINITY;
	*max_untagged = -INFINITY;
	for (size_t i = 0; i < d->n_sents; i++) {
		const sm_sentence_t *s = &d->sents[i];
		if (s->kind != SM_BLOCK_BODY || s->ntok == 0)
			continue;
		(*body)++;
		const sm_token_t *t = &d->toks[s->tok];
		if (t->pos != SM_POS_NONE) {
			(*tagged)++;
			if (s->score < *min_tagged)
				*min_tagged = s->score;
		} else if (s->score > *max_untagged) {
			*max_untagged = s->score;
		}
		*parsed += t->head != SM_HEAD_NONE;
	}
}

/* Sentences outside the body (title, headings) that are tagged / parsed. */
static void count_other(const sm_doc_t *d, size_t *tagged, size_t *parsed)
{
	*tagged = *parsed = 0;
	for (size_t i = 0; i < d->n_sents; i++) {
		const sm_sentence_t *s = &d->sents[i];
		if (s->kind == SM_BLOCK_BODY || s->ntok == 0)
			continue;
		*tagged += d->toks[s->tok].pos != SM_POS_NONE;
		*parsed += d->toks[s->tok].head != SM_HEAD_NONE;
	}
}

/* Index of the last tagged sentence (0 when there is none). */
static size_t last_tagged(const sm_doc_t *d)
{
	size_t last = 0;
	for (size_t i = 0; i < d->n_sents; i++)
		if (d->sents[i].ntok && d->toks[d->sents[i].tok].pos != SM_POS_NONE)
			last = i;
	return last;
}

/* Tokens after sentence `after` with a person entity (person = 1) or
 * another entity (person = 0). */
static size_t entities_after(const sm_doc_t *d, size_t after, int person)
{
	size_t n = 0;
	for (size_t i = after + 1; i < d->n_sents; i++)
		for (uint32_t k = 0; k < d->sents[i].ntok; k++) {
			uint8_t e = d->toks[d->sents[i].tok + k].ent;
			n += e != 0 && (SM_ENT_TYPE(e) == SM_ENT_PER) == person;
		}
	return n;
}

/*
 * --facts=key tags and parses only the most salient body sentences (one
 * per key fact), and no less salient one, and runs the entity recognizer's
 * model on them alone (the others get person names); --facts=all analyses
 * every one.  The key facts keep
 * their full names ("Yulia Svyrydenko").
 */
START_TEST(test_pipeline_key_analysis)
{
	sm_config_t cfg;
	size_t len, body, tagged, parsed, last = 0;
	float min_tagged, max_untagged;
	char *in;
	sm_config_init(&cfg);
	ck_assert_int_eq(cfg.facts, SM_FACTS_KEY);
	sm_doc_t *d = run_seed(&cfg, SM_LOAD_ALL, &in, &len);
	count_analyzed(d, &body, &tagged, &parsed, &min_tagged, &max_untagged);
	ck_assert_uint_gt(body, cfg.max_key_facts);
	ck_assert_uint_eq(tagged, cfg.max_key_facts);
	ck_assert_uint_eq(parsed, tagged);
	ck_assert(min_tagged >= max_untagged);
	int svyrydenko = 0;
	for (size_t i = 0; i < d->n_key_facts; i++)
		if (d->facts[i].subj.norm && strcmp(d->facts[i].subj.norm, "Yulia Svyrydenko") == 0)
			svyrydenko = 1;
	ck_assert_msg(svyrydenko, "no key fact about Yulia Svyrydenko");
	sm_doc_free(d);
	free(in);

	/* one key fact: one sentence; none: no sentence, no key fact (0
	 * once indexed best[-1]); a huge count: every sentence up to 64 */
	const size_t counts[] = { 1, 0, (size_t)-1 / 2 + 1 };
	const size_t want[] = { 1, 0, body < 64 ? body : 64 };
	for (size_t c = 0; c < 3; c++) {
		cfg.max_key_facts = counts[c];
		d = run_seed(&cfg, SM_LOAD_ALL, &in, &len);
		count_analyzed(d, &body, &tagged, &parsed, &min_tagged, &max_untagged);
		ck_assert_uint_eq(tagged, want[c]);
		ck_assert_uint_eq(parsed, tagged);
		ck_assert_uint_le(d->n_key_facts, counts[c]);
		if (c == 0) {
			ck_assert_uint_eq(d->n_key_facts, 1);
			/* the sentences the model does not read get
			 * person names alone */
			last = last_tagged(d);
			ck_assert_uint_lt(last + 1, d->n_sents);
			ck_assert_uint_eq(entities_after(d, last, 0), 0);
			ck_assert_uint_gt(entities_after(d, last, 1), 0);
		}
		if (c == 2) {
			/* every body sentence analysed: the title is tagged
			 * (for the entity recognizer) but not parsed, as facts
			 * come from the body alone */
			size_t otag, oparse;
			count_other(d, &otag, &oparse);
			ck_assert_uint_gt(otag, 0);
			ck_assert_uint_eq(oparse, 0);
		}
		sm_doc_free(d);
		free(in);
	}

	/* The entity model reads the analysed sentences before the name
	 * finder reads the rest, whatever their order: the title's
	 * "Rodolfo Seguel" is a name because the body's "Seguel said" came
	 * out a person, and the key fact reads the full name. */
	static const char seguel[] =
		"Chairman Rodolfo Seguel to quit\n\n"
		"Seguel said on Tuesday that he would step down after repeated "
		"court actions brought by the state copper company CODELCO "
		"against the union.\n\n"
		"The union represents some 20,000 workers at the mines.\n\n"
		"Talks on a new contract are due to start next month.\n";
	cfg.max_key_facts = 1;
	d = run_text(&cfg, SM_LOAD_ALL, seguel, sizeof seguel - 1, NULL);
	ck_assert_int_eq(d->sents[0].kind, SM_BLOCK_TITLE);
	ck_assert_uint_eq(d->n_key_facts, 1);
	ck_assert_str_eq(d->facts[0].subj.text, "Seguel");
	ck_assert_str_eq(d->facts[0].subj.norm, "Rodolfo Seguel");
	sm_doc_free(d);

	cfg.facts = SM_FACTS_ALL;
	cfg.max_key_facts = 5;
	d = run_seed(&cfg, SM_LOAD_ALL, &in, &len);
	count_analyzed(d, &body, &tagged, &parsed, &min_tagged, &max_untagged);
	ck_assert_uint_eq(tagged, body);
	ck_assert_uint_eq(parsed, body);
	size_t otag, oparse;
	count_other(d, &otag, &oparse);
	ck_assert_uint_gt(otag, 0);
	ck_assert_uint_eq(oparse, otag);
	/* --facts=all: the model reads every sentence */
	ck_assert_uint_gt(entities_after(d, last, 0), 0);
	sm_doc_free(d);
	free(in);
}
END_TEST

START_TEST(test_pipeline_json)
{
	sm_config_t cfg;
	size_t len;
	char *in;
	sm_render_opts_t ro;
	json_error_t jerr;
	sm_config_init(&cfg);
	cfg.facts = SM_FACTS_NONE;
	sm_doc_t *d = run_seed(&cfg, SM_LOAD_BASE, &in, &len);
	sm_buf_t b = { 0 };
	sm_render_opts_init(&ro);
	ck_assert_int_eq(sm_render_json(d, &ro, &b), SM_OK);
	ck_assert_uint_gt(b.len, 0);
	ck_assert_int_eq(b.p[b.len - 1], '\n');
	ck_assert_ptr_null(memchr(b.p, '\n', b.len - 1)); /* one line */
	json_t *root = json_loads(b.p, 0, &jerr);
	ck_assert_msg(root != NULL, "%s", jerr.text);
	ck_assert_str_eq(json_string_value(json_object_get(root, "date")), "2025-09-05");
	ck_assert_str_eq(json_string_value(json_object_get(root, "id")), "seed");
	ck_assert_uint_eq(json_array_size(json_object_get(root, "summary")), 3);
	ck_assert(json_is_array(json_object_get(root, "facts")));
	/* Every sentence's offsets slice the input back to its exact text. */
	json_t *sents = json_object_get(root, "sentences"), *s;
	size_t i, nbody = 0;
	ck_assert_uint_gt(json_array_size(sents), 10);
	json_array_foreach(sents, i, s) {
		size_t st = (size_t)json_integer_value(json_object_get(s, "start"));
		size_t en = (size_t)json_integer_value(json_object_get(s, "end"));
		const char *text = json_string_value(json_object_get(s, "text"));
		ck_assert_uint_le(st, en);
		ck_assert_uint_le(en, len);
		ck_assert_uint_eq(strlen(text), en - st);
		ck_assert_int_eq(memcmp(in + st, text, en - st), 0);
		if (strcmp(json_string_value(json_object_get(s, "kind")), "body") == 0)
			nbody++;
	}
	ck_assert_uint_ge(nbody, 14);
	/* The first sentence starts after the " date 2025-09-05 " prefix. */
	json_array_foreach(sents, i, s) {
		if (strcmp(json_string_value(json_object_get(s, "kind")), "body") == 0) {
			ck_assert_int_eq(strncmp(json_string_value(json_object_get(s, "text")), "Russia, which holds", 19), 0);
			break;
		}
	}
	json_decref(root);
	sm_buf_free(&b);
	sm_doc_free(d);
	free(in);
}
END_TEST

START_TEST(test_pipeline_run_stages)
{
	char err[512];
	sm_models_t *m = NULL;
	sm_pipeline_t *p = NULL;
	sm_doc_t *d = NULL;
	sm_config_t cfg;
	sm_config_init(&cfg);
	cfg.facts = SM_FACTS_NONE;
	ck_assert_int_eq(sm_models_load(test_models_dir(), "english", SM_LOAD_BASE, &m, err, sizeof err), SM_OK);
	ck_assert_int_eq(sm_pipeline_new(m, &cfg, &p), SM_OK);
	ck_assert_int_eq(sm_doc_new(&d), SM_OK);
	ck_assert_int_eq(sm_doc_set_input(d, "One. Two three.", 15, NULL, NULL, NULL), SM_OK);
	/* A stage without its prerequisites is refused. */
	ck_assert_int_eq(sm_pipeline_run_stages(p, d, SM_STAGE_TOKENIZE), SM_EINVAL);
	ck_assert_int_eq(sm_pipeline_run_stages(p, d, SM_STAGE_INGEST | SM_STAGE_NORMALIZE), SM_OK);
	ck_assert_uint_eq(d->stages_done, SM_STAGE_INGEST | SM_STAGE_NORMALIZE);
	ck_assert_int_eq(sm_pipeline_run_stages(p, d, SM_STAGE_SEGMENT | SM_STAGE_TOKENIZE), SM_OK);
	ck_assert_uint_eq(d->n_sents, 2);
	/* Empty input is an error of its own. */
	ck_assert_int_eq(sm_doc_set_input(d, "  \n ", 4, NULL, NULL, NULL), SM_OK);
	ck_assert_int_eq(sm_pipeline_run(p, d), SM_EEMPTY);
	/* Only punctuation: a valid document with an empty summary. */
	ck_assert_int_eq(sm_doc_set_input(d, "?! ... --", 9, NULL, NULL, NULL), SM_OK);
	ck_assert_int_eq(sm_pipeline_run(p, d), SM_OK);
	ck_assert_uint_eq(d->n_summary, 0);
	sm_doc_free(d);
	sm_pipeline_free(p);
	sm_models_free(m);
}
END_TEST

Suite *suite_pipeline(void)
{
	Suite *s = suite_create("pipeline");
	SM_TEST_ADD(s, test_config_init);
	SM_TEST_ADD(s, test_models_default_dir);
	SM_TEST_ADD(s, test_models_load);
	SM_TEST_ADD(s, test_pipeline_new);
	SM_TEST_ADD(s, test_pipeline_run);
	SM_TEST_ADD(s, test_pipeline_json);
	SM_TEST_ADD(s, test_pipeline_key_analysis);
	SM_TEST_ADD(s, test_pipeline_run_stages);
	return s;
}
