/*
 * fit-scorer.c - fit the sentence scorer's weights (models/en-score.tsv)
 * on a development set of (article, reference) pairs.
 *
 *   fit-scorer [-m MODELS] [--dups FILE] [-n N] [--limit N] [--rounds R]
 *              [--min-first F] [--min-lead F] [--max-words R]
 *              [--headlines ALPHA] [--extra NEWS.jsonl.gz] [--extra-limit N]
 *              [--holdout] [--continue] [--fix k1,k2,...] [-o OUT]
 *              PAIRS.jsonl
 *
 * Every article is analyzed once with the library (stages ingest .. stem)
 * and its raw feature matrix computed once (sm_score_features); the search
 * then only re-combines features (sm_score_combine) and re-selects
 * (sm_select_run, the real MMR selection) for each candidate weight
 * setting, so one evaluation of the whole set takes milliseconds.
 *
 * Objective: mean ROUGE-1 F1 (rouge_score tokenization, no stemming) of
 * the N-sentence summaries, N = 3 by default.  --min-first F adds a
 * penalty when fewer than a fraction F of the summaries keep the
 * article's first body sentence: a guard against weights that abandon the
 * lead, which news with short highlights (CNN-style) punishes even when
 * long-reference sets (BBC) reward it.  --min-lead F likewise asks that
 * at least a fraction F of all summary sentences be Lead-N sentences.
 * --max-words R penalizes summaries longer on average than R times Lead-N:
 * with references as long as BBC's (45% of the article) ROUGE F1 rewards
 * long sentences, an artefact that short highlights do not share.
 *
 * --headlines ALPHA adds a second set to the objective: the same articles
 * and the first --extra-limit articles of --extra (a news-archive shard
 * with titles), each with its headline as the reference and the headline
 * withheld from the pipeline - short human-written references, the
 * nearest thing here to CNN-style highlights.  The objective is then
 * (1 - ALPHA) * F1(refs) / Lead-N F1(refs) + ALPHA * F1(heads) / Lead-N
 * F1(heads), i.e. the relative gain over Lead-N on each kind of reference.
 *
 * Search: coordinate ascent from the built-in default weights
 * (sm_score_weights_default; --continue starts from MODELS/en-score.tsv
 * instead): for each free weight in turn, try a few steps either side and keep the best;
 * steps halve when a round improves nothing; stop after R rounds.  It is
 * deterministic: the same data and starting point give the same file.
 * --holdout fits on the even-numbered pairs and reports the odd ones (an
 * overfitting check) before writing nothing.  --fix names weights to keep.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pairs.h"
#include "pipeline.h"
#include "rouge.h"
#include "score.h"
#include "select.h"

typedef struct {
	sm_doc_t *doc;
	float *feat;       /* n_sents * SM_FEAT_N */
	uint32_t *off;     /* per sentence: its tokens ids[off[i] .. off[i+1]) */
	uint32_t *ids;     /* doc-local ROUGE token ids */
	uint32_t *ref;     /* per local id: count in the reference */
	uint32_t nloc, ref_len, nwant, first_body;
	uint32_t lead_end;  /* sentences before this index are in Lead-N */
	int set;            /* 0: reference summaries; 1: headline proxy */
	char cat[32];
} fdoc_t;

typedef struct {
	double alpha;      /* weight of the headline-proxy set in the objective */
	double base[2];    /* Lead-N mean R1 F1 of each set (normalizers) */
	double min_first, min_lead;
	double base_words; /* Lead-N mean summary words (reference set) */
	double max_words;  /* cap on mean words relative to Lead-N (0 = none) */
} fit_t;

typedef struct {
	double f1;        /* mean R1 F1 (reference set) */
	double f1t;       /* mean R1 F1 (headline-proxy set) */
	double first;     /* share of summaries keeping the first sentence */
	double lead;      /* share of summary sentences that Lead-N also has */
	double words;     /* mean summary words (reference set) */
	double obj;
} result_t;

/* The searchable weights: name, field, step, bounds. */
typedef struct {
	const char *name;
	size_t off;
	float step, lo, hi;
	int fixed;
} param_t;

#define P(n, f, s, l, h) { n, offsetof(sm_score_weights_t, f), s, l, h, 0 }
static param_t params[] = {
	P("position", position, 0.5f, 0.0f, 10.0f),
	P("decay", decay, 0.25f, 0.05f, 4.0f),
	P("para_first", para_first, 0.1f, -2.0f, 2.0f),
	P("cent_fwd", cent_fwd, 0.2f, -2.0f, 4.0f),
	P("cent_bwd", cent_bwd, 0.2f, -2.0f, 4.0f),
	P("salience", salience, 0.2f, -2.0f, 4.0f),
	P("sal_mean", sal_mean, 0.2f, -2.0f, 4.0f),
	P("title", title, 0.2f, -2.0f, 4.0f),
	P("entity", entity, 0.2f, -2.0f, 4.0f),
	P("length", length, 0.2f, -2.0f, 6.0f),
	P("len_cap", len_cap, 10.0f, 5.0f, 120.0f),
	P("short", shortp, 0.2f, 0.0f, 4.0f),
	P("short_min", short_min, 2.0f, 0.0f, 20.0f),
	P("quote", quote, 0.1f, -2.0f, 2.0f),
	P("question", question, 0.1f, -2.0f, 2.0f),
	P("redundancy", redundancy, 0.1f, 0.0f, 0.9f),
	P("freq", freq, 0.2f, -2.0f, 4.0f),
	P("long", longp, 0.2f, 0.0f, 4.0f),
	P("long_max", long_max, 5.0f, 20.0f, 120.0f),
	P("freq_mean", freq_mean, 0.2f, -2.0f, 4.0f),
};
#define NPARAM (sizeof params / sizeof params[0])

static float *wfield(sm_score_weights_t *w, const param_t *p)
{
	return (float *)((char *)w + p->off);
}

static float wget(const sm_score_weights_t *w, const param_t *p)
{
	float v;
	memcpy(&v, (const char *)w + p->off, sizeof v);
	return v;
}

/*
 * eval_doc - R1 F1 of the summary that weights w select in d; *first is
 * set when the first body sentence is in it.  scores (n_sents floats) and
 * g_cnt (zeroed counts per local id, left zeroed) are the caller's scratch.
 */
static double eval_doc(const sm_score_weights_t *w, fdoc_t *d, int *first,
		       double *lead, double *words, float *scores, uint32_t *g_cnt)
{
	sm_doc_t *doc = d->doc;
	*first = 0;
	*lead = 0;
	*words = 0;
	sm_score_combine(w, d->feat, doc->n_sents, &doc->sents[0].kind,
			 sizeof(sm_sentence_t), scores);
	for (size_t i = 0; i < doc->n_sents; i++)
		doc->sents[i].score = scores[i];
	if (sm_select_run(doc, SM_LEN_SENTENCES, d->nwant, w->redundancy) != SM_OK)
		return 0;
	size_t cand = 0, overlap = 0;
	for (size_t k = 0; k < doc->n_summary; k++) {
		uint32_t s = doc->summary[k];
		if (s == d->first_body)
			*first = 1;
		if (s < d->lead_end)
			*lead += 1.0 / (double)doc->n_summary;
		*words += d->feat[(size_t)s * SM_FEAT_N + SM_FEAT_WORDS];
		for (uint32_t t = d->off[s]; t < d->off[s + 1]; t++) {
			uint32_t id = d->ids[t];
			if (++g_cnt[id] <= d->ref[id])
				overlap++;
			cand++;
		}
	}
	for (size_t k = 0; k < doc->n_summary; k++) {
		uint32_t s = doc->summary[k];
		for (uint32_t t = d->off[s]; t < d->off[s + 1]; t++)
			g_cnt[d->ids[t]] = 0;
	}
	if (!cand || !d->ref_len)
		return 0;
	return sm_rouge_f1((double)overlap / (double)cand,
			   (double)overlap / (double)d->ref_len);
}

/*
 * evaluate - mean F1 of each set over the docs with index % mod == rem
 * (mod 0: all) and category cat (NULL: all), and the objective: each
 * set's F1 relative to its Lead-N F1, mixed by alpha, minus the guards.
 */
static result_t evaluate(const sm_score_weights_t *w, fdoc_t *docs, size_t n,
			 size_t mod, size_t rem, const fit_t *fit,
			 float *scores, uint32_t *g_cnt, const char *cat)
{
	result_t r = { 0, 0, 0, 0, 0, 0 };
	size_t m[2] = { 0, 0 };
	for (size_t i = 0; i < n; i++) {
		if (mod && i % mod != rem)
			continue;
		if (cat && strcmp(cat, docs[i].cat) != 0)
			continue;
		int first = 0;
		double lead = 0, words = 0;
		double f1 = eval_doc(w, &docs[i], &first, &lead, &words, scores,
				     g_cnt);
		if (docs[i].set) {
			r.f1t += f1;
			m[1]++;
			continue;
		}
		r.f1 += f1;
		r.first += first;
		r.lead += lead;
		r.words += words;
		m[0]++;
	}
	if (m[0]) {
		r.f1 /= (double)m[0];
		r.first /= (double)m[0];
		r.lead /= (double)m[0];
		r.words /= (double)m[0];
	}
	if (m[1])
		r.f1t /= (double)m[1];
	r.obj = r.f1;
	if (fit->alpha > 0 && m[1] && fit->base[0] > 0 && fit->base[1] > 0)
		r.obj = (1 - fit->alpha) * r.f1 / fit->base[0] +
			fit->alpha * r.f1t / fit->base[1];
	if (r.first < fit->min_first)
		r.obj -= 2.0 * (fit->min_first - r.first);
	if (r.lead < fit->min_lead)
		r.obj -= 2.0 * (fit->min_lead - r.lead);
	if (fit->max_words > 0 && fit->base_words > 0 &&
	    r.words > fit->max_words * fit->base_words)
		r.obj -= 0.02 * (r.words / (fit->max_words * fit->base_words) - 1) * 100;
	return r;
}

/*
 * prepare - analyze pair pr into d: stages up to stem, features, and
 * ROUGE token ids of the reference and every body sentence.  For set 1
 * (headline proxy) the reference is the title, which is withheld from the
 * pipeline: not given, and cut from the text when the text starts with it.
 */
static int prepare(sm_pipeline_t *p, const sm_score_model_t *sm,
		   sm_score_state_t *st, sm_rouge_t *rg, const pair_t *pr,
		   int set, long nfix, fdoc_t *d, uint32_t **gmap, size_t *gcap)
{
	int rc;
	uint32_t *rid = NULL, *sid = NULL;
	size_t nr = 0, nsid = 0;
	if ((rc = sm_doc_new(&d->doc)) != SM_OK)
		return rc;
	sm_doc_t *doc = d->doc;
	unsigned mask = SM_STAGE_INGEST | SM_STAGE_NORMALIZE | SM_STAGE_SEGMENT |
			SM_STAGE_TOKENIZE | SM_STAGE_STEM;
	const char *text = pr->text, *ref = pr->reference;
	size_t tlen = pr->text_len;
	d->set = set;
	if (set) {
		size_t hl = strlen(pr->title);
		ref = pr->title;
		if (tlen >= hl && memcmp(text, pr->title, hl) == 0) {
			text += hl;
			tlen -= hl;
		}
	}
	if ((rc = sm_doc_set_input(doc, text, tlen, pr->id,
				   set ? NULL : pr->title, NULL)) != SM_OK ||
	    (rc = sm_pipeline_run_stages(p, doc, mask)) != SM_OK)
		return rc;
	const float *f;
	if ((rc = sm_score_features(sm, st, doc, sm_pipeline_lexicon(p), &f)) != SM_OK)
		return rc;
	d->feat = malloc((doc->n_sents + 1) * SM_FEAT_N * sizeof *d->feat);
	d->off = calloc(doc->n_sents + 1, sizeof *d->off);
	if (!d->feat || !d->off)
		return SM_ENOMEM;
	memcpy(d->feat, f, doc->n_sents * SM_FEAT_N * sizeof *f);
	if ((rc = sm_rouge_tokens(rg, ref, strlen(ref), &rid,
				  &nr)) != SM_OK)
		return rc;
	/* sentence token ids, concatenated */
	size_t cap = 0;
	d->first_body = UINT32_MAX;
	for (size_t i = 0; i < doc->n_sents; i++) {
		const sm_sentence_t *s = &doc->sents[i];
		d->off[i] = (uint32_t)nsid;
		if (s->kind != SM_BLOCK_BODY)
			continue;
		if (d->first_body == UINT32_MAX)
			d->first_body = (uint32_t)i;
		uint32_t *v = NULL;
		size_t nv = 0;
		if ((rc = sm_rouge_tokens(rg, doc->orig + s->start, s->end - s->start,
					  &v, &nv)) != SM_OK)
			goto done;
		if (nsid + nv > cap) {
			size_t nc = (nsid + nv) * 2 + 64;
			uint32_t *ns = realloc(sid, nc * sizeof *ns);
			if (!ns) {
				free(v);
				rc = SM_ENOMEM;
				goto done;
			}
			sid = ns;
			cap = nc;
		}
		if (nv)
			memcpy(sid + nsid, v, nv * sizeof *v);
		nsid += nv;
		free(v);
	}
	d->off[doc->n_sents] = (uint32_t)nsid;
	d->nwant = (uint32_t)(nfix > 0 ? (size_t)nfix : (pr->ref_sents && !set ? pr->ref_sents : 1));
	d->lead_end = 0;
	for (size_t i = 0, nb = 0; i < doc->n_sents && nb < d->nwant; i++)
		if (doc->sents[i].kind == SM_BLOCK_BODY) {
			nb++;
			d->lead_end = (uint32_t)i + 1;
		}
	/* global ROUGE ids -> doc-local ids */
	size_t vs = sm_rouge_vocab_size(rg) + 1;
	if (vs > *gcap) {
		uint32_t *g = realloc(*gmap, vs * 2 * sizeof *g);
		if (!g) {
			rc = SM_ENOMEM;
			goto done;
		}
		memset(g + *gcap, 0, (vs * 2 - *gcap) * sizeof *g);
		*gmap = g;
		*gcap = vs * 2;
	}
	uint32_t *gm = *gmap, nloc = 0;
	for (size_t k = 0; k < nr; k++)
		if (!gm[rid[k]])
			gm[rid[k]] = ++nloc;
	for (size_t k = 0; k < nsid; k++)
		if (!gm[sid[k]])
			gm[sid[k]] = ++nloc;
	d->ref = calloc(nloc + 1, sizeof *d->ref);
	d->ids = malloc((nsid + 1) * sizeof *d->ids);
	if (!d->ref || !d->ids) {
		rc = SM_ENOMEM;
		goto done;
	}
	for (size_t k = 0; k < nr; k++)
		d->ref[gm[rid[k]]]++;
	for (size_t k = 0; k < nsid; k++)
		d->ids[k] = gm[sid[k]];
	for (size_t k = 0; k < nr; k++)
		gm[rid[k]] = 0;
	for (size_t k = 0; k < nsid; k++)
		gm[sid[k]] = 0;
	d->nloc = nloc;
	d->ref_len = (uint32_t)nr;
	pairs_category(pr->id, d->cat, sizeof d->cat);
	if (set) {
		size_t cl = strlen(d->cat);
		snprintf(d->cat + (cl < 24 ? cl : 24), sizeof d->cat - (cl < 24 ? cl : 24), "/title");
	}
	rc = SM_OK;
done:
	free(rid);
	free(sid);
	return rc;
}

/* write_weights - the model file, with provenance comments. */
static int write_weights(const char *path, const sm_score_weights_t *w,
			 int argc, char **argv, result_t r, size_t n)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "# en-score: sentence scorer weights (pipeline/score.h)\n");
	fprintf(f, "# fitted by:");
	for (int i = 0; i < argc; i++) {
		const char *b = strstr(argv[i], "/shared/");
		if (b)
			fprintf(f, " ..%s", b);
		else
			fprintf(f, " %s", argv[i]);
	}
	fprintf(f, "\n# on %zu documents: mean ROUGE-1 F1 %.4f on references, "
		   "%.4f on headlines;\n# first sentence kept in %.1f%% of "
		   "summaries, %.1f%% of summary sentences shared with Lead-N\n",
		n, r.f1, r.f1t, 100 * r.first, 100 * r.lead);
	for (size_t k = 0; k < NPARAM; k++) {
		double v = wget(w, &params[k]);
		/* steps of halving sizes leave float residue near 0 */
		fprintf(f, "%s\t%.4g\n", params[k].name, fabs(v) < 1e-6 ? 0.0 : v);
	}
	return fclose(f) == 0 ? 0 : -1;
}

/* free_doc - release one prepared document. */
static void free_doc(fdoc_t *d)
{
	sm_doc_free(d->doc);
	free(d->feat);
	free(d->off);
	free(d->ids);
	free(d->ref);
	memset(d, 0, sizeof *d);
}

int main(int argc, char **argv)
{
	const char *models = NULL, *dups = NULL, *out = NULL, *fix = NULL;
	const char *extra = NULL;
	long nfix = 3;
	size_t limit = 0, rounds = 8, extra_limit = 3000;
	fit_t fit = { 0, { 0, 0 }, 0, 0, 0, 0 };
	int holdout = 0, cont = 0, status = 1, rc, argi;
	pairs_t ps = { 0 }, px = { 0 };
	sm_models_t *m = NULL;
	sm_pipeline_t *p = NULL;
	sm_score_model_t *sm = NULL;
	sm_score_state_t *st = NULL;
	sm_rouge_t *rg = NULL;
	fdoc_t *docs = NULL;
	uint32_t *gmap = NULL;
	size_t gcap = 0, nd = 0, maxs = 0, maxloc = 0, ntot = 0;
	float *scores = NULL;
	uint32_t *g_cnt = NULL;
	char err[512] = "";

	for (argi = 1; argi < argc && argv[argi][0] == '-'; argi++) {
		const char *a = argv[argi];
		int more = argi + 1 < argc;
		if (strcmp(a, "-m") == 0 && more)
			models = argv[++argi];
		else if (strcmp(a, "--dups") == 0 && more)
			dups = argv[++argi];
		else if (strcmp(a, "-o") == 0 && more)
			out = argv[++argi];
		else if (strcmp(a, "-n") == 0 && more) {
			a = argv[++argi];
			nfix = strcmp(a, "ref") == 0 ? 0 : strtol(a, NULL, 10);
		} else if (strcmp(a, "--limit") == 0 && more)
			limit = strtoul(argv[++argi], NULL, 10);
		else if (strcmp(a, "--rounds") == 0 && more)
			rounds = strtoul(argv[++argi], NULL, 10);
		else if (strcmp(a, "--min-first") == 0 && more)
			fit.min_first = strtod(argv[++argi], NULL);
		else if (strcmp(a, "--min-lead") == 0 && more)
			fit.min_lead = strtod(argv[++argi], NULL);
		else if (strcmp(a, "--max-words") == 0 && more)
			fit.max_words = strtod(argv[++argi], NULL);
		else if (strcmp(a, "--headlines") == 0 && more)
			fit.alpha = strtod(argv[++argi], NULL);
		else if (strcmp(a, "--extra") == 0 && more)
			extra = argv[++argi];
		else if (strcmp(a, "--extra-limit") == 0 && more)
			extra_limit = strtoul(argv[++argi], NULL, 10);
		else if (strcmp(a, "--fix") == 0 && more)
			fix = argv[++argi];
		else if (strcmp(a, "--holdout") == 0)
			holdout = 1;
		else if (strcmp(a, "--continue") == 0)
			cont = 1;
		else {
			fprintf(stderr, "fit-scorer: unknown option %s\n", a);
			return 2;
		}
	}
	if (argi + 1 != argc) {
		fprintf(stderr, "usage: fit-scorer [-m MODELS] [--dups FILE] [-n N] "
				"[--limit N] [--rounds R] [--min-first F] [--min-lead F] "
				"[--headlines ALPHA] [--extra NEWS.jsonl.gz] "
				"[--extra-limit N] [--max-words R] [--holdout] [--continue] "
				"[--fix k1,k2] [-o OUT] "
				"PAIRS.jsonl\n");
		return 2;
	}
	if (!models)
		models = sm_models_default_dir();
	for (size_t k = 0; fix && k < NPARAM; k++) {
		const char *h = strstr(fix, params[k].name);
		size_t l = strlen(params[k].name);
		while (h && !((h == fix || h[-1] == ',') && (h[l] == ',' || !h[l])))
			h = strstr(h + 1, params[k].name);
		params[k].fixed = h != NULL;
	}
	if (pairs_load(argv[argi], dups, 0, limit, &ps) != 0)
		goto done;
	if (extra && pairs_load(extra, NULL, 1, extra_limit, &px) != 0)
		goto done;
	sm_config_t cfg;
	sm_config_init(&cfg);
	cfg.facts = SM_FACTS_NONE;
	if ((rc = sm_models_load(models, "english", SM_LOAD_BASE, &m, err,
				 sizeof err)) != SM_OK ||
	    (rc = sm_score_model_load(models, "english", &sm, err, sizeof err)) != SM_OK) {
		fprintf(stderr, "fit-scorer: %s (%s)\n", err, sm_strerror(rc));
		goto done;
	}
	if ((rc = sm_pipeline_new(m, &cfg, &p)) != SM_OK ||
	    (rc = sm_score_state_new(&st)) != SM_OK ||
	    (rc = sm_rouge_new(0, &rg)) != SM_OK) {
		fprintf(stderr, "fit-scorer: %s\n", sm_strerror(rc));
		goto done;
	}
	/* set 0: the pairs with their references; set 1 (with --headlines):
	 * the same pairs and the --extra articles with their title as the
	 * reference */
	ntot = ps.n + (fit.alpha > 0 ? ps.n + px.n : 0);
	docs = calloc(ntot ? ntot : 1, sizeof *docs);
	if (!docs)
		goto done;
	for (size_t i = 0; i < ntot; i++) {
		int set = i >= ps.n;
		const pair_t *pr = i < ps.n ? &ps.v[i] : i < 2 * ps.n ? &ps.v[i - ps.n]
				  : &px.v[i - 2 * ps.n];
		if (set && !pr->title)
			continue;
		rc = prepare(p, sm, st, rg, pr, set, nfix, &docs[nd], &gmap, &gcap);
		if (rc != SM_OK) {
			if (rc != SM_EEMPTY)
				fprintf(stderr, "fit-scorer: %s: %s (skipped)\n", pr->id,
					sm_strerror(rc));
			free_doc(&docs[nd]);
			continue;
		}
		if (docs[nd].doc->n_sents > maxs)
			maxs = docs[nd].doc->n_sents;
		if (docs[nd].nloc > maxloc)
			maxloc = docs[nd].nloc;
		nd++;
	}
	g_cnt = calloc(maxloc + 1, sizeof *g_cnt);
	scores = malloc((maxs + 1) * sizeof *scores);
	if (!g_cnt || !scores)
		goto done;

	/* Lead-N of each set: weights with only a decreasing position prior */
	sm_score_weights_t lw;
	memset(&lw, 0, sizeof lw);
	lw.position = 1;
	lw.decay = 1;
	lw.len_cap = 1;
	lw.long_max = 1e9f;
	fit_t plain = { 0, { 0, 0 }, 0, 0, 0, 0 };
	result_t lr = evaluate(&lw, docs, nd, 0, 0, &plain, scores, g_cnt, NULL);
	fit.base[0] = lr.f1;
	fit.base[1] = lr.f1t;
	fit.base_words = lr.words;
	fprintf(stderr, "fit-scorer: %zu docs; Lead-%ld R1 %.4f, headlines %.4f, "
		"%.1f words\n", nd, nfix, lr.f1, lr.f1t, lr.words);

	/* start from the built-in defaults, so the result does not depend
	 * on the en-score.tsv being replaced; --continue starts from it */
	sm_score_weights_t w;
	sm_score_weights_default(&w);
	if (cont)
		w = *sm_score_model_weights(sm);
	size_t mod = holdout ? 2 : 0;
	result_t best = evaluate(&w, docs, nd, mod, 0, &fit, scores, g_cnt, NULL);
	fprintf(stderr, "fit-scorer: start R1 %.4f headlines %.4f first %.3f\n",
		best.f1, best.f1t, best.first);
	float scale = 1.0f;
	for (size_t round = 0; round < rounds; round++) {
		int improved = 0;
		for (size_t k = 0; k < NPARAM; k++) {
			if (params[k].fixed)
				continue;
			float *x = wfield(&w, &params[k]);
			float x0 = *x, bx = x0;
			static const float mult[] = { -2, -1, -0.5f, 0.5f, 1, 2 };
			for (size_t j = 0; j < sizeof mult / sizeof mult[0]; j++) {
				float v = x0 + mult[j] * params[k].step * scale;
				if (v < params[k].lo || v > params[k].hi)
					continue;
				*x = v;
				result_t r = evaluate(&w, docs, nd, mod, 0, &fit,
						      scores, g_cnt, NULL);
				if (r.obj > best.obj + 1e-6) {
					best = r;
					bx = v;
					improved = 1;
				}
			}
			*x = bx;
		}
		fprintf(stderr, "fit-scorer: round %zu: R1 %.4f headlines %.4f "
			"first %.3f lead %.3f words %.1f (step x%.3g)\n", round + 1,
			best.f1, best.f1t, best.first, best.lead, best.words,
			(double)scale);
		if (!improved)
			scale *= 0.5f;
	}
	for (size_t k = 0; k < NPARAM; k++)
		printf("%s\t%.4g\n", params[k].name, (double)*wfield(&w, &params[k]));
	if (holdout) {
		result_t h = evaluate(&w, docs, nd, 2, 1, &fit, scores, g_cnt, NULL);
		printf("# train (even) R1 %.4f headlines %.4f; held-out (odd) R1 "
		       "%.4f headlines %.4f\n", best.f1, best.f1t, h.f1, h.f1t);
	}
	/* per category, whole set, with Lead-N alongside */
	const char *seen[64];
	size_t nseen = 0;
	for (size_t i = 0; i < nd && nseen < 64; i++) {
		size_t j;
		for (j = 0; j < nseen; j++)
			if (strcmp(seen[j], docs[i].cat) == 0)
				break;
		if (j == nseen)
			seen[nseen++] = docs[i].cat;
	}
	for (size_t j = 0; j < nseen; j++) {
		result_t r = evaluate(&w, docs, nd, 0, 0, &plain, scores, g_cnt, seen[j]);
		result_t l = evaluate(&lw, docs, nd, 0, 0, &plain, scores, g_cnt, seen[j]);
		printf("# %-20s R1 %.4f (lead %.4f) first %.3f lead-share %.3f "
		       "words %.1f (lead %.1f)\n", seen[j], r.f1 + r.f1t,
		       l.f1 + l.f1t, r.first, r.lead, r.words, l.words);
	}
	result_t all = evaluate(&w, docs, nd, 0, 0, &fit, scores, g_cnt, NULL);
	printf("# %-20s R1 %.4f (lead %.4f) headlines %.4f (lead %.4f) first %.3f "
	       "lead-share %.3f words %.1f (lead %.1f)\n", "all", all.f1, lr.f1,
	       all.f1t, lr.f1t, all.first, all.lead, all.words, lr.words);
	if (out && !holdout) {
		if (write_weights(out, &w, argc, argv, all, nd) != 0) {
			fprintf(stderr, "fit-scorer: cannot write %s\n", out);
			goto done;
		}
		fprintf(stderr, "fit-scorer: wrote %s\n", out);
	}
	status = 0;
done:
	for (size_t i = 0; docs && i < nd; i++)
		free_doc(&docs[i]);
	free(docs);
	free(gmap);
	free(g_cnt);
	free(scores);
	sm_rouge_free(rg);
	sm_score_state_free(st);
	sm_score_model_free(sm);
	sm_pipeline_free(p);
	sm_models_free(m);
	pairs_free(&ps);
	pairs_free(&px);
	return status;
}
