/*
 * fuzz_facts.c - libFuzzer harness for the fact extractor on arbitrary
 * trees: any tags, heads (cycles, several roots, out of range), relations,
 * entity codes and sentence scores, over words the extractor has rules
 * for.  The pipeline harness only reaches the trees the shipped parser
 * builds; a repair rule that indexed token -1 on a rare tree (fixed in
 * facts.c) was found by static analysis, not by it.
 *
 * Input: byte 0 sets the run (Open IE, max_key_facts, scores, NER, date),
 * then 5-byte tokens (word, tag, head, relation, entity) and 0xff sentence
 * ends: see sm_conllu_fuzz_doc() in tests/facts-conllu.c, which builds the
 * document (as CoNLL-U, loaded the way the fact tests load theirs) for
 * this harness and for the regression suite.
 *
 * Checked: sm_facts_run returns SM_OK (or SM_ENOMEM); key facts are at
 * most max_key_facts and n_facts; every span lies in the document; the
 * JSON renderer gives one valid JSON array; the text and CaRB renderers
 * succeed.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fuzz.h"
#include "facts-conllu.h"
#include "facts.h"

static sm_facts_model_t *model;
static sm_facts_t *fx[2]; /* plain, Open IE */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = fuzz_models_dir();
	(void)argc;
	(void)argv;
	if (sm_facts_model_load(dir, &model) != SM_OK ||
	    sm_facts_new(model, &fx[0]) != SM_OK || sm_facts_new(model, &fx[1]) != SM_OK ||
	    sm_facts_set_openie(fx[1], 1) != SM_OK) {
		fprintf(stderr, "fuzz_facts: cannot load the fact tables in %s\n", dir);
		exit(1);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sm_doc_t *d = NULL;
	sm_buf_t b = {0};
	json_error_t jerr;
	size_t max_key;
	int openie;
	if (size < 1 || sm_doc_new(&d) != SM_OK)
		return 0;
	if (sm_conllu_fuzz_doc(d, data, size, &max_key, &openie) != SM_OK)
		goto done;
	int rc = sm_facts_run(fx[openie], d, max_key);
	FUZZ_CHECK(rc == SM_OK || rc == SM_ENOMEM);
	if (rc != SM_OK)
		goto done;
	FUZZ_CHECK(d->n_key_facts <= d->n_facts && d->n_key_facts <= max_key);
	for (size_t i = 0; i < d->n_facts; i++) {
		const sm_fact_t *f = &d->facts[i];
		FUZZ_CHECK(f->span.start <= f->span.end && f->span.end <= d->orig_len);
		FUZZ_CHECK(f->pred_span.start <= f->pred_span.end &&
			   f->pred_span.end <= d->orig_len);
		FUZZ_CHECK(sm_fact_render_text(d, f, &b) == SM_OK);
		b.len = 0;
	}
	FUZZ_CHECK(sm_facts_render_json(d, 0, d->n_facts, &b) == SM_OK);
	json_t *j = json_loadb(b.p, b.len, 0, &jerr);
	FUZZ_CHECK(j != NULL && json_is_array(j) && json_array_size(j) == d->n_facts);
	json_decref(j);
	b.len = 0;
	FUZZ_CHECK(sm_facts_render_carb(d, &b) == SM_OK);
done:
	sm_buf_free(&b);
	sm_doc_free(d);
	return 0;
}
