/*
 * eval-summaries.c - ROUGE of our summaries against reference summaries,
 * side by side with the Lead-N and Random-N baselines, in one run.
 *
 *   eval-summaries [-m MODELS] [-n N|ref] [--dups FILE] [--limit N]
 *                  [--seed S] [--stem] [--pseudo first|title] [--show K]
 *                  PAIRS.jsonl[.gz]
 *
 * PAIRS holds {"id", "title"?, "text", "reference"} lines (e.g.
 * ../shared/data/summ-dev/pairs.jsonl).  Each article goes through the
 * library (sm_models_load, sm_pipeline_new, sm_doc_set_input, then the
 * stages up to score); then summaries of the same length are taken from
 * the same analyzed document:
 *
 *   ours      sm_select_run (the shipped scorer + MMR selection)
 *   lead-N    the first N body sentences by our splitter (title, headings
 *             and metadata excluded), sm_select_lead
 *   lead-words  the first body sentences up to at least as many words as
 *             ours has for that article: Lead at our length, since ROUGE
 *             F1 against long references (BBC's) rewards longer summaries
 *   random-N  N body sentences drawn uniformly (seeded per id, so runs
 *             are reproducible), in document order
 *   oracle-N  N body sentences chosen greedily, one at a time, to raise
 *             ROUGE-1 F1 (no stemming) against the reference the most
 *             (Nallapati et al. 2017): not a system but the ceiling of
 *             N-sentence extraction, so a target can be read against it
 *
 * -n N asks for N sentences (default 3); -n ref for as many sentences as
 * the reference has.  Summaries are scored with bench/rouge.c (rouge_score
 * tokenization; without stemming, and also with Porter stemming when
 * --stem is given), sentences one per line for ROUGE-Lsum.  Mean F1 x 100
 * is printed for the whole set and for each category (bbc-<category>-NNN
 * ids; other ids: the part before the first '-').
 *
 * --pseudo makes a sanity check possible on plain news without
 * references (../shared/data/news-archive/ shards).  "first": the
 * reference is the article's first body sentence; Lead-N contains it by
 * construction, so the numbers only show how much lead content a method
 * keeps.  "title": the reference is the headline, which is then withheld
 * from the pipeline (so the title-overlap feature cannot see it) - a short
 * human-written reference, the closest proxy here to highlight-style
 * references; articles without a title are skipped.
 *
 * --dups drops the second id of each line of a duplicates TSV
 * (summ-dev/duplicates.tsv).  --show K prints the first K summaries.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pairs.h"
#include "pipeline.h"
#include "rouge.h"
#include "score.h"
#include "select.h"

enum { SYS_OURS, SYS_LEAD, SYS_LEADW, SYS_RANDOM, SYS_ORACLE, NSYS };
static const char *const sys_kind[NSYS] = { "ours", "lead", "lead-words", "random",
					     "oracle" };
enum { MET_R1, MET_R2, MET_RL, MET_RLSUM, NMET };
#define MAX_CATS 64

typedef struct {
	char name[64];
	size_t n;
	double sum[2][NSYS][NMET]; /* [stem][system][metric] */
	double words[NSYS];
} cat_t;

typedef struct {
	cat_t cats[MAX_CATS + 1]; /* [0] = all */
	size_t ncats;
} table_t;

/* cat_find - the accumulator of category name (created on first use; the
 * last slot collects overflow). */
static cat_t *cat_find(table_t *t, const char *name)
{
	for (size_t i = 1; i <= t->ncats; i++)
		if (strcmp(t->cats[i].name, name) == 0)
			return &t->cats[i];
	if (t->ncats == MAX_CATS)
		return &t->cats[MAX_CATS];
	cat_t *c = &t->cats[++t->ncats];
	snprintf(c->name, sizeof c->name, "%s", name);
	return c;
}

/* Words (word and number tokens) of doc's current summary. */
static size_t summary_words(const sm_doc_t *doc)
{
	size_t words = 0;
	for (size_t k = 0; k < doc->n_summary; k++) {
		const sm_sentence_t *s = &doc->sents[doc->summary[k]];
		for (uint32_t t = s->tok; t < s->tok + s->ntok; t++)
			words += (doc->toks[t].flags & (SM_TF_WORD | SM_TF_NUM)) != 0;
	}
	return words;
}

/*
 * summary_text - the selected sentences of doc, one per line (their
 * original bytes, inner line breaks made spaces), into buf.
 */
static int summary_text(const sm_doc_t *doc, sm_buf_t *buf, size_t *words)
{
	sm_buf_clear(buf);
	*words = 0;
	for (size_t k = 0; k < doc->n_summary; k++) {
		const sm_sentence_t *s = &doc->sents[doc->summary[k]];
		if (k && sm_buf_append(buf, "\n", 1) != SM_OK)
			return SM_ENOMEM;
		for (uint32_t b = s->start; b < s->end; b++) {
			char c = doc->orig[b];
			if (c == '\n' || c == '\r')
				c = ' ';
			if (sm_buf_append(buf, &c, 1) != SM_OK)
				return SM_ENOMEM;
		}
	}
	*words = summary_words(doc);
	if (!buf->p && sm_buf_append(buf, "", 0) != SM_OK)
		return SM_ENOMEM;
	return SM_OK;
}

/* select_lead_words - the shortest Lead-n with at least want words (all
 * body sentences when the article is shorter). */
static int select_lead_words(sm_doc_t *doc, size_t want)
{
	for (size_t n = 1;; n++) {
		int rc = sm_select_lead(doc, n);
		if (rc != SM_OK || summary_words(doc) >= want || doc->n_summary < n)
			return rc;
	}
}

/* rng - xorshift64*, seeded per document. */
static uint64_t rng(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

/*
 * select_random - n body sentences chosen uniformly (selection sampling,
 * Knuth's algorithm S), in document order, into doc->summary.
 */
static int select_random(sm_doc_t *doc, size_t n, uint64_t seed)
{
	size_t nb = 0;
	for (size_t i = 0; i < doc->n_sents; i++)
		nb += doc->sents[i].kind == SM_BLOCK_BODY;
	uint32_t *v = sm_arena_alloc(doc->arena, (n ? n : 1) * sizeof *v);
	if (!v)
		return SM_ENOMEM;
	size_t m = 0, seen = 0;
	for (size_t i = 0; i < doc->n_sents && m < n; i++) {
		if (doc->sents[i].kind != SM_BLOCK_BODY)
			continue;
		uint64_t r = rng(&seed) % (nb - seen);
		if (r < n - m)
			v[m++] = (uint32_t)i;
		seen++;
	}
	doc->summary = v;
	doc->n_summary = m;
	return SM_OK;
}

/*
 * select_oracle - the greedy extractive oracle: up to n body sentences,
 * each step adding the one that raises ROUGE-1 F1 against (ref, rlen) the
 * most (the earliest on ties), in document order, into doc->summary.
 * Stops early when no sentence raises it.  Each sentence is tokenized
 * once (rouge_score tokens, no stemming: the same tokens as scoring the
 * joined text) and F1 = 2 * overlap / (candidate + reference tokens) is
 * updated from clipped counts, so a step costs one pass over the tokens.
 */
static int select_oracle(sm_doc_t *doc, size_t n, sm_rouge_t *rg,
			 const char *ref, size_t rlen)
{
	uint32_t *rid = NULL, **sid = NULL, *v = NULL;
	size_t nr = 0, *sn = NULL, m = 0, ns = doc->n_sents;
	uint32_t *rcnt = NULL, *ccnt = NULL;
	int rc = SM_ENOMEM;

	if (n >= SIZE_MAX / sizeof *v)
		return SM_ETOOBIG;
	v = sm_arena_alloc(doc->arena, (n + 1) * sizeof *v);
	sid = calloc(ns + 1, sizeof *sid);
	sn = calloc(ns + 1, sizeof *sn);
	if (!v || !sid || !sn)
		goto done;
	if ((rc = sm_rouge_tokens(rg, ref, rlen, &rid, &nr)) != SM_OK)
		goto done;
	for (size_t i = 0; i < ns; i++) {
		const sm_sentence_t *s = &doc->sents[i];
		if (s->kind == SM_BLOCK_BODY &&
		    (rc = sm_rouge_tokens(rg, doc->orig + s->start, s->end - s->start,
					  &sid[i], &sn[i])) != SM_OK)
			goto done;
	}
	size_t nid = sm_rouge_vocab_size(rg) + 1;
	rc = SM_ENOMEM;
	rcnt = calloc(nid, sizeof *rcnt);
	ccnt = calloc(nid, sizeof *ccnt);
	if (!rcnt || !ccnt)
		goto done;
	for (size_t k = 0; k < nr; k++)
		rcnt[rid[k]]++;
	size_t overlap = 0, clen = 0;
	double best_f = 0;
	while (m < n) {
		size_t best = SIZE_MAX, best_gain = 0;
		for (size_t i = 0; i < ns; i++) {
			if (!sn[i] || (sid[i][0] & 0x80000000u))
				continue;
			size_t gain = 0;
			for (size_t k = 0; k < sn[i]; k++)
				gain += ccnt[sid[i][k]]++ < rcnt[sid[i][k]];
			for (size_t k = 0; k < sn[i]; k++)
				ccnt[sid[i][k]]--;
			double f = 2.0 * (double)(overlap + gain) /
				   (double)(clen + sn[i] + nr);
			if (f > best_f) {
				best_f = f;
				best = i;
				best_gain = gain;
			}
		}
		if (best == SIZE_MAX)
			break;
		for (size_t k = 0; k < sn[best]; k++)
			ccnt[sid[best][k]]++;
		overlap += best_gain;
		clen += sn[best];
		sid[best][0] |= 0x80000000u; /* taken (ids stay below 2^31) */
		size_t j = m++;
		while (j > 0 && v[j - 1] > best) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = (uint32_t)best;
	}
	doc->summary = v;
	doc->n_summary = m;
	rc = SM_OK;
done:
	for (size_t i = 0; sid && i < ns; i++)
		free(sid[i]);
	free(sid);
	free(sn);
	free(rid);
	free(rcnt);
	free(ccnt);
	return rc;
}

static void print_row(const cat_t *c, int stem, const char *const *names)
{
	for (int s = 0; s < NSYS; s++) {
		printf("%-14s %5zu  %-10s", c->name, c->n, names[s]);
		for (int k = 0; k < NMET; k++)
			printf(" %6.2f", c->n ? 100.0 * c->sum[stem][s][k] / (double)c->n : 0);
		printf("  %6.1f\n", c->n ? c->words[s] / (double)c->n : 0);
	}
}

static void usage(void)
{
	fprintf(stderr,
		"usage: eval-summaries [-m MODELS] [-n N|ref] [--dups FILE] "
		"[--limit N] [--seed S] [--stem] [--pseudo first|title] [--show K] "
		"PAIRS.jsonl[.gz]\n");
}

int main(int argc, char **argv)
{
	const char *models = NULL, *dups = NULL;
	long nfix = 3;
	int by_ref = 0, pseudo = 0, want_stem = 0;
	size_t limit = 0, show = 0;
	uint64_t seed = 20240101;
	pairs_t ps = { 0 };
	sm_models_t *m = NULL;
	sm_pipeline_t *p = NULL;
	sm_doc_t *doc = NULL;
	sm_score_model_t *sm = NULL;
	sm_rouge_t *rg[2] = { NULL, NULL };
	sm_buf_t cand = { 0 };
	static table_t tab;
	char err[512] = "";
	int status = 1, rc, argi;
	size_t failed = 0;

	for (argi = 1; argi < argc && argv[argi][0] == '-'; argi++) {
		const char *a = argv[argi];
		int more = argi + 1 < argc;
		if (strcmp(a, "-m") == 0 && more)
			models = argv[++argi];
		else if (strcmp(a, "-n") == 0 && more) {
			a = argv[++argi];
			if (strcmp(a, "ref") == 0)
				by_ref = 1;
			else if ((nfix = strtol(a, NULL, 10)) < 1) {
				usage();
				return 2;
			}
		} else if (strcmp(a, "--dups") == 0 && more)
			dups = argv[++argi];
		else if (strcmp(a, "--limit") == 0 && more)
			limit = strtoul(argv[++argi], NULL, 10);
		else if (strcmp(a, "--seed") == 0 && more)
			seed = strtoull(argv[++argi], NULL, 10);
		else if (strcmp(a, "--show") == 0 && more)
			show = strtoul(argv[++argi], NULL, 10);
		else if (strcmp(a, "--stem") == 0)
			want_stem = 1;
		else if (strcmp(a, "--pseudo") == 0 && more) {
			a = argv[++argi];
			if (strcmp(a, "first") == 0)
				pseudo = 1;
			else if (strcmp(a, "title") == 0)
				pseudo = 2;
			else {
				usage();
				return 2;
			}
		}
		else {
			usage();
			return 2;
		}
	}
	if (argi + 1 != argc) {
		usage();
		return 2;
	}
	if (!models)
		models = sm_models_default_dir();
	if (pairs_load(argv[argi], dups, pseudo, limit, &ps) != 0)
		goto done;
	sm_config_t cfg;
	sm_config_init(&cfg);
	cfg.facts = SM_FACTS_NONE;
	cfg.analyze = 0;
	if ((rc = sm_models_load(models, "english", SM_LOAD_BASE, &m, err,
				 sizeof err)) != SM_OK ||
	    (rc = sm_score_model_load(models, "english", &sm, err,
				      sizeof err)) != SM_OK) {
		fprintf(stderr, "eval-summaries: %s (%s)\n", err, sm_strerror(rc));
		goto done;
	}
	if ((rc = sm_pipeline_new(m, &cfg, &p)) != SM_OK ||
	    (rc = sm_doc_new(&doc)) != SM_OK ||
	    (rc = sm_rouge_new(0, &rg[0])) != SM_OK ||
	    (want_stem && (rc = sm_rouge_new(1, &rg[1])) != SM_OK)) {
		fprintf(stderr, "eval-summaries: %s\n", sm_strerror(rc));
		goto done;
	}
	double redundancy = sm_score_model_redundancy(sm);
	snprintf(tab.cats[0].name, sizeof tab.cats[0].name, "all");
	unsigned mask = SM_STAGE_INGEST | SM_STAGE_NORMALIZE | SM_STAGE_SEGMENT |
			SM_STAGE_TOKENIZE | SM_STAGE_STEM | SM_STAGE_SCORE;
	double secs = 0;
	for (size_t i = 0; i < ps.n; i++) {
		const pair_t *pr = &ps.v[i];
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		/* with the title as reference, the scorer must not see it */
		if (pseudo == 2 && !pr->title)
			continue;
		rc = sm_doc_set_input(doc, pr->text, pr->text_len, pr->id,
				      pseudo == 2 ? NULL : pr->title, NULL);
		if (rc == SM_OK)
			rc = sm_pipeline_run_stages(p, doc, mask);
		/* summary length: fixed, or the reference's sentence count (1
		 * for a pseudo-reference: one sentence or one headline) */
		size_t nwant = (size_t)nfix;
		if (by_ref)
			nwant = pr->reference && !pseudo ? pr->ref_sents : 1;
		if (nwant < 1)
			nwant = 1;
		if (rc == SM_OK)
			rc = sm_select_run(doc, SM_LEN_SENTENCES, (double)nwant,
					   redundancy);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		secs += (double)(t1.tv_sec - t0.tv_sec) +
			1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
		if (rc != SM_OK) {
			failed++;
			continue;
		}
		/* the reference: given, or the first body sentence */
		const char *ref = pseudo == 2 ? pr->title
				  : pseudo == 1 ? NULL : pr->reference;
		size_t rlen = ref ? strlen(ref) : 0;
		if (!ref && pseudo == 1) {
			size_t k;
			for (k = 0; k < doc->n_sents; k++)
				if (doc->sents[k].kind == SM_BLOCK_BODY)
					break;
			if (k == doc->n_sents)
				continue;
			ref = doc->orig + doc->sents[k].start;
			rlen = doc->sents[k].end - doc->sents[k].start;
		}
		if (!ref)
			continue;
		char catname[64];
		cat_t *cs[2] = { &tab.cats[0],
				 cat_find(&tab, pairs_category(pr->id, catname,
							       sizeof catname)) };
		size_t our_words = 0;
		for (int s = 0; s < NSYS; s++) {
			if (s == SYS_LEAD)
				rc = sm_select_lead(doc, nwant);
			else if (s == SYS_LEADW)
				rc = select_lead_words(doc, our_words);
			else if (s == SYS_RANDOM)
				rc = select_random(doc, nwant,
						   seed ^ ((uint64_t)sm_hash(pr->id, strlen(pr->id)) << 1) ^ 0x9e3779b97f4a7c15ull);
			else if (s == SYS_ORACLE)
				rc = select_oracle(doc, nwant, rg[0], ref, rlen);
			if (rc != SM_OK) {
				fprintf(stderr, "eval-summaries: %s: %s summary: %s\n",
					pr->id, sys_kind[s], sm_strerror(rc));
				goto done;
			}
			size_t words;
			if (summary_text(doc, &cand, &words) != SM_OK)
				goto done;
			if (s == SYS_OURS)
				our_words = words;
			if (s == SYS_OURS && i < show)
				printf("== %s\n%s\n", pr->id, cand.p);
			for (int st = 0; st < 2; st++) {
				sm_rouge_scores_t sc;
				if (!rg[st])
					continue;
				if ((rc = sm_rouge_score(rg[st], cand.p, cand.len, ref,
							 rlen, &sc)) != SM_OK)
					goto done;
				double v[NMET] = { sc.r1.f, sc.r2.f, sc.rl.f, sc.rlsum.f };
				for (int c = 0; c < 2; c++)
					for (int k = 0; k < NMET; k++)
						cs[c]->sum[st][s][k] += v[k];
			}
			for (int c = 0; c < 2; c++)
				cs[c]->words[s] += (double)words;
		}
		cs[0]->n++;
		cs[1]->n++;
	}
	/* the length rule, and the baselines named by it: "lead-3" */
	char nlen[24], label[NSYS][48];
	const char *names[NSYS] = { sys_kind[SYS_OURS] };
	if (by_ref)
		snprintf(nlen, sizeof nlen, "ref");
	else
		snprintf(nlen, sizeof nlen, "%ld", nfix);
	for (int s = 1; s < NSYS; s++) {
		if (s == SYS_LEADW)
			snprintf(label[s], sizeof label[s], "%s", sys_kind[s]);
		else
			snprintf(label[s], sizeof label[s], "%s-%s", sys_kind[s], nlen);
		names[s] = label[s];
	}
	for (int st = 0; st < 2; st++) {
		if (!rg[st])
			continue;
		printf("# %s: %zu documents (%zu failed), -n %s%s, ROUGE F1 x 100 "
		       "%s stemming; words = mean summary length\n",
		       argv[argi], tab.cats[0].n, failed,
		       nlen, pseudo == 1 ? ", reference = first sentence" :
		       pseudo == 2 ? ", reference = title (hidden from the scorer)" : "",
		       st ? "with Porter" : "without");
		printf("%-14s %5s  %-10s %6s %6s %6s %6s  %6s\n", "set", "n", "system",
		       "R1", "R2", "RL", "RLsum", "words");
		print_row(&tab.cats[0], st, names);
		for (size_t c = 1; c <= tab.ncats; c++)
			print_row(&tab.cats[c], st, names);
	}
	printf("# pipeline time (ingest..select): %.3f s total, %.2f ms/doc\n",
	       secs, ps.n ? 1000.0 * secs / (double)ps.n : 0);
	status = 0;
done:
	sm_buf_free(&cand);
	sm_rouge_free(rg[0]);
	sm_rouge_free(rg[1]);
	sm_doc_free(doc);
	sm_pipeline_free(p);
	sm_score_model_free(sm);
	sm_models_free(m);
	pairs_free(&ps);
	return status;
}
