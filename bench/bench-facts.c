/*
 * bench-facts.c - run the fact extractor on pretokenized sentences (one per
 * line, CaRB style) through the real chain: ingest -> normalize ->
 * pretokenized tokenize -> tag -> parse [-> ner] -> facts.  Prints the CaRB
 * extractions (--carb FILE) and the speed in sentences per second, for the
 * whole chain and for the fact stage alone (process CPU time, so a busy
 * machine does not skew it).
 *
 *   bench-facts [--models DIR] [--carb OUT] [--ner] [--repeat N] FILE
 *
 * Link: pipeline/{common,doc,ingest,normalize,lexicon,tokenize,tag,parse,
 * ner,facts,factnorm}.c -lutf8proc -lm
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "doc.h"
#include "facts.h"
#include "ingest.h"
#include "lexicon.h"
#include "ner.h"
#include "normalize.h"
#include "parse.h"
#include "tag.h"
#include "tokenize.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: the machine is shared */
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	char *buf = NULL;
	size_t cap = 0, n = 0, got;
	do {
		if (n + 65536 > cap) {
			cap = cap ? cap * 2 : 1 << 20;
			char *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(fp);
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, fp);
		n += got;
	} while (got > 0);
	fclose(fp);
	*len = n;
	return buf;
}

int main(int argc, char **argv)
{
	const char *models = "models", *carb = NULL, *file = NULL;
	int use_ner = 0, repeat = 1, status = 1;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--models") && i + 1 < argc)
			models = argv[++i];
		else if (!strcmp(argv[i], "--carb") && i + 1 < argc)
			carb = argv[++i];
		else if (!strcmp(argv[i], "--ner"))
			use_ner = 1;
		else if (!strcmp(argv[i], "--repeat") && i + 1 < argc)
			repeat = atoi(argv[++i]);
		else
			file = argv[i];
	}
	if (!file) {
		fprintf(stderr, "usage: bench-facts [--models DIR] [--carb OUT] [--ner] [--repeat N] FILE\n");
		return 2;
	}
	char path[4096];
	sm_tag_model_t *tm = NULL;
	sm_parse_model_t *pm = NULL;
	sm_ner_model_t *nm = NULL;
	sm_facts_model_t *fm = NULL;
	sm_tagger_t *tg = NULL;
	sm_parser_t *ps = NULL;
	sm_ner_t *nr = NULL;
	sm_facts_t *fx = NULL;
	sm_lexicon_t *lex = NULL;
	sm_doc_t *doc = NULL;
	sm_buf_t out = { 0 };
	sm_str_t *words = NULL;
	uint8_t *tags = NULL, *rels = NULL, *ents = NULL;
	int16_t *heads = NULL;
	const char **posn = NULL;
	size_t len = 0;
	char *text = slurp(file, &len);
	int rc;
	if (!text) {
		fprintf(stderr, "bench-facts: cannot read %s\n", file);
		goto done;
	}
	snprintf(path, sizeof path, "%s/en-pos.bin", models);
	if ((rc = sm_tag_model_load(path, &tm)) != SM_OK) {
		fprintf(stderr, "bench-facts: %s: %s\n", path, sm_strerror(rc));
		goto done;
	}
	snprintf(path, sizeof path, "%s/en-dep.bin", models);
	if ((rc = sm_parse_model_load(path, &pm)) != SM_OK) {
		fprintf(stderr, "bench-facts: %s: %s\n", path, sm_strerror(rc));
		goto done;
	}
	if (use_ner && (rc = sm_ner_model_load(models, &nm)) != SM_OK) {
		fprintf(stderr, "bench-facts: NER model: %s\n", sm_strerror(rc));
		goto done;
	}
	if ((rc = sm_facts_model_load(models, &fm)) != SM_OK) {
		fprintf(stderr, "bench-facts: fact tables: %s\n", sm_strerror(rc));
		goto done;
	}
	if (sm_tagger_new(tm, &tg) || sm_parser_new(pm, &ps) ||
	    (nm && sm_ner_new(nm, &nr)) || sm_facts_new(fm, &fx) ||
	    sm_lexicon_new(&lex) || sm_doc_new(&doc))
		goto done;
	if (carb)
		sm_facts_set_openie(fx, 1);
	words = malloc(SM_SENT_MAX_TOKENS * sizeof(*words));
	tags = malloc(SM_SENT_MAX_TOKENS);
	rels = malloc(SM_SENT_MAX_TOKENS);
	ents = malloc(SM_SENT_MAX_TOKENS);
	heads = malloc(SM_SENT_MAX_TOKENS * sizeof(*heads));
	posn = malloc(SM_SENT_MAX_TOKENS * sizeof(*posn));
	if (!words || !tags || !rels || !ents || !heads || !posn)
		goto done;
	double t_all = 0, t_facts = 0, t_syn = 0;
	size_t nsent = 0, nfacts = 0;
	for (int r = 0; r < repeat; r++) {
		double t0 = now();
		if ((rc = sm_doc_set_input(doc, text, len, NULL, NULL, NULL)) ||
		    (rc = sm_ingest_run(doc)) || (rc = sm_normalize_run(doc)) ||
		    (rc = sm_tokenize_pretokenized(doc, lex))) {
			fprintf(stderr, "bench-facts: %s\n", sm_strerror(rc));
			goto done;
		}
		double ts = now();
		for (size_t i = 0; i < doc->n_sents; i++) {
			const sm_sentence_t *s = &doc->sents[i];
			for (uint32_t k = 0; k < s->ntok; k++)
				words[k] = sm_doc_tok_text(doc, s->tok + k);
			if ((rc = sm_tagger_tag(tg, words, s->ntok, tags)) ||
			    (rc = sm_parser_parse(ps, words, tags, s->ntok, heads, rels)))
				goto done;
			for (uint32_t k = 0; k < s->ntok; k++) {
				sm_token_t *t = &doc->toks[s->tok + k];
				t->pos = tags[k];
				t->head = heads[k];
				t->rel = rels[k];
				posn[k] = sm_tag_name(tags[k]);
			}
			if (nr) {
				if ((rc = sm_ner_tag(nr, words, posn, s->ntok, ents)))
					goto done;
				for (uint32_t k = 0; k < s->ntok; k++)
					doc->toks[s->tok + k].ent = ents[k];
			}
		}
		doc->stages_done |= SM_STAGE_TAG | SM_STAGE_PARSE |
				    (nr ? SM_STAGE_NER : 0);
		double t1 = now();
		t_syn += t1 - ts;
		if ((rc = sm_facts_run(fx, doc, 5)) != SM_OK) {
			fprintf(stderr, "bench-facts: facts: %s\n", sm_strerror(rc));
			goto done;
		}
		double t2 = now();
		t_all += t2 - t0;
		t_facts += t2 - t1;
		nsent += doc->n_sents;
		nfacts += doc->n_facts;
	}
	if (carb) {
		FILE *fp = fopen(carb, "w");
		if (!fp || sm_facts_render_carb(doc, &out) != SM_OK ||
		    fwrite(out.p, 1, out.len, fp) != out.len) {
			fprintf(stderr, "bench-facts: cannot write %s\n", carb);
			if (fp)
				fclose(fp);
			goto done;
		}
		fclose(fp);
	}
	fprintf(stderr, "sentences %zu facts %zu: chain %.0f sent/s, tag+parse%s "
		"%.0f sent/s, facts stage %.0f sent/s, tag+parse+facts %.0f sent/s\n",
		nsent, nfacts, nsent / (t_all > 0 ? t_all : 1e-9), nr ? "+ner" : "",
		nsent / (t_syn > 0 ? t_syn : 1e-9),
		nsent / (t_facts > 0 ? t_facts : 1e-9),
		nsent / (t_syn + t_facts > 0 ? t_syn + t_facts : 1e-9));
	status = 0;
done:
	free(text);
	free(words);
	free(tags);
	free(rels);
	free(ents);
	free(heads);
	free(posn);
	sm_buf_free(&out);
	sm_doc_free(doc);
	sm_lexicon_free(lex);
	sm_facts_free(fx);
	sm_ner_free(nr);
	sm_parser_free(ps);
	sm_tagger_free(tg);
	sm_facts_model_free(fm);
	sm_ner_model_free(nm);
	sm_parse_model_free(pm);
	sm_tag_model_free(tm);
	return status;
}
