/* test_render.c - text, JSON, CoNLL-U and error records. */
#include <jansson.h>
#include <string.h>

#include "ingest.h"
#include "pipeline.h"
#include "render.h"
#include "suites.h"

/* A small document run through the summary stages. */
static sm_doc_t *small_doc(const char *text, sm_models_t **mout, sm_pipeline_t **pout)
{
	char err[512];
	sm_config_t cfg;
	sm_doc_t *d = NULL;
	sm_config_init(&cfg);
	cfg.facts = SM_FACTS_NONE;
	cfg.length = 3; /* every body sentence: output independent of scoring */
	ck_assert_msg(sm_models_load(test_models_dir(), NULL, SM_LOAD_BASE, mout, err, sizeof err) == SM_OK, "%s", err);
	ck_assert_int_eq(sm_pipeline_new(*mout, &cfg, pout), SM_OK);
	ck_assert_int_eq(sm_doc_new(&d), SM_OK);
	ck_assert_int_eq(sm_doc_set_input(d, text, strlen(text), "x\"1", NULL, "2025-09-05"), SM_OK);
	ck_assert_int_eq(sm_pipeline_run(*pout, d), SM_OK);
	return d;
}

static const char text[] =
	"Heading line here\n\n"
	"Ukraine signed the minerals  deal\non Friday. Russia plans more output.\n"
	"It was \xe2\x80\x9c" "equal\xe2\x80\x9d, he said.\n";

START_TEST(test_render_opts_init)
{
	sm_render_opts_t o;
	sm_render_opts_init(&o);
	ck_assert_int_eq(o.facts, SM_FACTS_KEY);
	ck_assert_int_eq(o.sentences, 1);
	ck_assert_int_eq(o.pretty, 0);
	sm_render_opts_init(NULL);
}
END_TEST

START_TEST(test_render_text)
{
	sm_models_t *m;
	sm_pipeline_t *p;
	sm_doc_t *d = small_doc(text, &m, &p);
	sm_buf_t b = { 0 };
	ck_assert_uint_eq(d->n_summary, 3);
	ck_assert_int_eq(sm_render_text(d, NULL, &b), SM_OK);
	/* Whitespace runs and the soft line break collapse to one space;
	 * typographic quotes are printed as they were. */
	ck_assert_str_eq(b.p, "Ukraine signed the minerals deal on Friday.\n"
			      "Russia plans more output.\n"
			      "It was \xe2\x80\x9c" "equal\xe2\x80\x9d, he said.\n");
	ck_assert_ptr_null(strstr(b.p, "Heading line"));
	ck_assert_int_eq(sm_render_text(NULL, NULL, &b), SM_EINVAL);
	sm_buf_free(&b);
	sm_doc_free(d);
	sm_pipeline_free(p);
	sm_models_free(m);
}
END_TEST

START_TEST(test_render_span)
{
	sm_models_t *m;
	sm_pipeline_t *p;
	sm_doc_t *d = small_doc(text, &m, &p);
	sm_buf_t b = { 0 };
	const sm_sentence_t *s = NULL;
	for (size_t i = 0; i < d->n_sents && !s; i++)
		if (d->sents[i].kind == SM_BLOCK_BODY)
			s = &d->sents[i];
	ck_assert_ptr_nonnull(s);
	/* the double space and the line break inside the sentence collapse */
	ck_assert_int_eq(sm_render_span(d, s->start, s->end, 0, &b), SM_OK);
	ck_assert_str_eq(b.p, "Ukraine signed the minerals deal on Friday.");
	/* leading and trailing white space of the range is dropped; json
	 * escapes (the quotes of the last sentence are not ASCII: kept) */
	sm_buf_clear(&b);
	ck_assert_int_eq(sm_render_span(d, s->end, d->orig_len, 1, &b), SM_OK);
	ck_assert_str_eq(b.p, "Russia plans more output. It was \xe2\x80\x9c"
			      "equal\xe2\x80\x9d, he said.");
	sm_buf_clear(&b);
	ck_assert_int_eq(sm_render_span(d, 0, d->orig_len + 1, 0, &b), SM_EINVAL);
	ck_assert_int_eq(sm_render_span(d, 5, 4, 0, &b), SM_EINVAL);
	ck_assert_int_eq(sm_render_span(NULL, 0, 0, 0, &b), SM_EINVAL);
	ck_assert_int_eq(sm_render_span(d, 0, 0, 0, NULL), SM_EINVAL);
	sm_buf_clear(&b);
	/* HTML character references read as the characters, in text and
	 * JSON; a plain ampersand stays */
	static const char refs[] = "H&amp;R &#8220;AT&T&#8221; &lt;b&gt;&#10;x.";
	ck_assert_int_eq(sm_doc_set_input(d, refs, sizeof refs - 1, NULL, NULL, NULL),
			 SM_OK);
	ck_assert_int_eq(sm_pipeline_run(p, d), SM_OK);
	ck_assert_int_eq(sm_render_span(d, 0, d->orig_len, 0, &b), SM_OK);
	ck_assert_str_eq(b.p, "H&R \xe2\x80\x9c" "AT&T\xe2\x80\x9d <b> x.");
	sm_buf_clear(&b);
	ck_assert_int_eq(sm_render_span(d, 0, 19, 1, &b), SM_OK);
	ck_assert_str_eq(b.p, "H&R \xe2\x80\x9c" "AT&T");
	sm_buf_clear(&b);
	/* a span that ends inside a reference keeps what it has */
	ck_assert_int_eq(sm_render_span(d, 0, 13, 0, &b), SM_OK);
	ck_assert_str_eq(b.p, "H&R &#822");
	sm_buf_clear(&b);
	/* Input set but not ingested: no text to render yet (this crashed). */
	ck_assert_int_eq(sm_doc_set_input(d, "Some text here.", 15, NULL, NULL, NULL), SM_OK);
	ck_assert_int_eq(sm_render_span(d, 0, 4, 0, &b), SM_EINVAL);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_int_eq(sm_pipeline_run_stages(p, d, SM_STAGE_INGEST), SM_OK);
	ck_assert_int_eq(sm_render_span(d, 0, 4, 0, &b), SM_OK);
	ck_assert_str_eq(b.p, "Some");
	sm_buf_clear(&b);
	sm_doc_free(d);

	/* UTF-16 input: the text comes out as UTF-8, from the decoded text */
	static const char u16[] = "\xff\xfeO\0n\0e\0.\0\n\0";
	ck_assert_int_eq(sm_doc_new(&d), SM_OK);
	ck_assert_int_eq(sm_doc_set_input(d, u16, sizeof u16 - 1, NULL, NULL, NULL), SM_OK);
	ck_assert_int_eq(sm_pipeline_run(p, d), SM_OK);
	ck_assert_uint_ge(d->n_sents, 1);
	ck_assert_int_eq(sm_render_span(d, d->sents[0].start, d->sents[0].end, 0, &b), SM_OK);
	ck_assert_str_eq(b.p, "One.");
	sm_buf_free(&b);
	sm_doc_free(d);
	sm_pipeline_free(p);
	sm_models_free(m);
}
END_TEST

/* Spans are written as runs of words joined by single spaces, found 16
 * bytes at a time: white space that needs collapsing is found at any
 * position of a block and at the span's end. */
START_TEST(test_render_span_runs)
{
	static const struct {
		const char *x, *y; /* tail after the prefix, as rendered */
	} tails[] = {
		{ "  b", " b" }, { " \nb", " b" }, { "\tb", " b" }, { "\r\nb", " b" },
		{ " \"b", " \\\"b" }, { " ", "" }, { "\n", "" }, { "", "" },
	};
	char in[64], want[64];
	for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++)
		for (size_t pre = 1; pre <= 40; pre++) {
			test_run_input(in, want, pre, tails[t].x, tails[t].y);
			sm_doc_t *d = NULL;
			sm_buf_t b = { 0 };
			ck_assert_int_eq(sm_doc_new(&d), SM_OK);
			ck_assert_int_eq(sm_doc_set_input(d, in, strlen(in), NULL, NULL, NULL), SM_OK);
			ck_assert_int_eq(sm_ingest_run(d), SM_OK);
			ck_assert_int_eq(sm_render_span(d, 0, d->orig_len, 1, &b), SM_OK);
			ck_assert_msg(strcmp(b.p, want) == 0, "tail %zu, pre %zu: got '%s'", t, pre, b.p);
			sm_buf_free(&b);
			sm_doc_free(d);
		}
}
END_TEST

START_TEST(test_render_json)
{
	sm_models_t *m;
	sm_pipeline_t *p;
	sm_doc_t *d = small_doc(text, &m, &p);
	sm_buf_t b = { 0 };
	sm_render_opts_t o;
	json_error_t e;
	sm_render_opts_init(&o);
	o.source = "in.txt";
	ck_assert_int_eq(sm_render_json(d, &o, &b), SM_OK);
	json_t *j = json_loads(b.p, 0, &e);
	ck_assert_msg(j != NULL, "%s: %s", e.text, b.p);
	ck_assert_str_eq(json_string_value(json_object_get(j, "id")), "x\"1");
	ck_assert_str_eq(json_string_value(json_object_get(j, "source")), "in.txt");
	ck_assert_str_eq(json_string_value(json_object_get(j, "date")), "2025-09-05");
	ck_assert_str_eq(json_string_value(json_object_get(j, "title")), "Heading line here");
	json_t *st = json_object_get(j, "stats");
	ck_assert_int_eq(json_integer_value(json_object_get(st, "bytes")), (json_int_t)strlen(text));
	ck_assert_int_eq(json_integer_value(json_object_get(st, "sentences")), 4); /* title + 3 */
	/* The sentence records: the title has no score; a body sentence
	 * carries its exact input bytes (the double space and line end). */
	json_t *ss = json_object_get(j, "sentences");
	ck_assert_uint_eq(json_array_size(ss), 4);
	ck_assert(json_is_null(json_object_get(json_array_get(ss, 0), "score")));
	ck_assert_ptr_nonnull(strstr(b.p, "{\"index\":0,\"start\":0,\"end\":17,\"kind\":\"title\","
					  "\"paragraph\":0,\"score\":null,\"in_summary\":false,"
					  "\"text\":\"Heading line here\"}"));
	ck_assert_ptr_nonnull(strstr(b.p, ",{\"index\":1,\"start\":19,\"end\":63,\"kind\":\"body\","
					  "\"paragraph\":1,\"score\":"));
	ck_assert_ptr_nonnull(strstr(b.p, ",\"in_summary\":true,\"text\":"
					  "\"Ukraine signed the minerals  deal\\non Friday.\"}"));
	json_t *s1 = json_array_get(ss, 1);
	ck_assert(json_is_real(json_object_get(s1, "score")));
	ck_assert(json_is_true(json_object_get(s1, "in_summary")));
	json_decref(j);
	/* Without sentences, and rendering the same document twice gives the
	 * same bytes (shard-safe output). */
	sm_buf_t b2 = { 0 };
	ck_assert_int_eq(sm_render_json(d, &o, &b2), SM_OK);
	ck_assert_str_eq(b.p, b2.p);
	o.sentences = 0;
	sm_buf_clear(&b2);
	ck_assert_int_eq(sm_render_json(d, &o, &b2), SM_OK);
	ck_assert_ptr_null(strstr(b2.p, "\"sentences\":["));
	/* Pretty: the same object, one top-level key per line. */
	o.sentences = 1;
	o.pretty = 1;
	sm_buf_clear(&b2);
	ck_assert_int_eq(sm_render_json(d, &o, &b2), SM_OK);
	ck_assert_ptr_nonnull(strstr(b2.p, "{\n  \"id\": \"x\\\"1\",\n  \"source\": \"in.txt\","));
	ck_assert_ptr_nonnull(strstr(b2.p, ",\n  \"sentences\": [{\"index\":0,"));
	ck_assert_uint_ge(b2.len, 3);
	ck_assert_str_eq(b2.p + b2.len - 3, "\n}\n");
	j = json_loads(b2.p, 0, &e);
	ck_assert_msg(j != NULL, "%s: %s", e.text, b2.p);
	json_t *compact = json_loads(b.p, 0, &e);
	ck_assert(json_equal(j, compact));
	json_decref(compact);
	json_decref(j);
	sm_buf_free(&b);
	sm_buf_free(&b2);
	sm_doc_free(d);
	sm_pipeline_free(p);
	sm_models_free(m);
}
END_TEST

START_TEST(test_render_error_json)
{
	sm_buf_t b = { 0 };
	ck_assert_int_eq(sm_render_error_json("a1", 7, "x.jsonl", SM_EFIELD, "missing field \"text\"", &b), SM_OK);
	ck_assert_str_eq(b.p, "{\"id\":\"a1\",\"line\":7,\"source\":\"x.jsonl\",\"error\":{\"status\":-10,"
			      "\"code\":\"missing field\",\"message\":\"missing field \\\"text\\\"\"}}\n");
	sm_buf_clear(&b);
	ck_assert_int_eq(sm_render_error_json(NULL, 0, NULL, SM_EEMPTY, NULL, &b), SM_OK);
	ck_assert_str_eq(b.p, "{\"id\":null,\"error\":{\"status\":-7,\"code\":\"empty input\",\"message\":\"empty input\"}}\n");
	sm_buf_free(&b);
}
END_TEST

START_TEST(test_render_conllu)
{
	sm_models_t *m;
	sm_pipeline_t *p;
	sm_doc_t *d = small_doc(text, &m, &p);
	sm_buf_t b = { 0 };
	ck_assert_int_eq(sm_render_conllu(d, &b), SM_OK);
	/* Untagged tokens: '_' columns, offsets in MISC. */
	ck_assert_ptr_nonnull(strstr(b.p, "# text = Ukraine signed the minerals deal on Friday.\n"));
	ck_assert_ptr_nonnull(strstr(b.p, "1\tUkraine\t_\t_\t_\t_\t_\t_\t_\tstart_char=19|end_char=26\n"));
	sm_buf_free(&b);
	sm_doc_free(d);
	sm_pipeline_free(p);
	sm_models_free(m);
}
END_TEST

Suite *suite_render(void)
{
	Suite *s = suite_create("render");
	SM_TEST_ADD(s, test_render_opts_init);
	SM_TEST_ADD(s, test_render_text);
	SM_TEST_ADD(s, test_render_span);
	SM_TEST_ADD(s, test_render_span_runs);
	SM_TEST_ADD(s, test_render_json);
	SM_TEST_ADD(s, test_render_error_json);
	SM_TEST_ADD(s, test_render_conllu);
	return s;
}
