/*
 * pipeline.c - models, the per-thread pipeline handle and the stage order.
 *
 * Stage order (each reads what the earlier ones filled, see doc.h):
 *
 *   ingest -> normalize -> segment -> tokenize -> stem -> score -> select
 *          -> tag -> parse -> ner -> facts                  (render: caller)
 *
 * The syntax stages run only when facts or an analysis output is asked
 * for, so summary-only runs pay nothing for them.  Stages are kept in one
 * static table with their prerequisites, so sm_pipeline_run_stages can run
 * any prefix (the bench times them one by one).
 */
#include "pipeline.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "facts.h"
#include "ingest.h"
#include "ner.h"
#include "normalize.h"
#include "parse.h"
#include "score.h"
#include "segment.h"
#include "select.h"
#include "stem.h"
#include "tag.h"
#include "tokenize.h"

#ifndef SM_SOURCE_DIR
#define SM_SOURCE_DIR "."
#endif
#ifndef SM_BUILD_DIR
#define SM_BUILD_DIR "."
#endif
#ifndef SM_PKGDATADIR
#define SM_PKGDATADIR "/usr/local/share/summarize"
#endif

/* --facts=key parses this many sentences per key fact (see
 * parse_threshold). */
#define SM_KEY_SENTENCES_PER_FACT 1

/* A lexicon is cleared between documents once it holds this many ids. */
#define SM_LEXICON_CAP ((size_t)1 << 18)

struct sm_models {
	unsigned loaded;
	char lang[64];
	sm_stopwords_t *stop;
	sm_segment_model_t *seg;
	sm_score_model_t *score;
	sm_tag_model_t *tag;
	sm_parse_model_t *dep;
	sm_ner_model_t *ner;
	sm_facts_model_t *facts;
};

struct sm_pipeline {
	sm_config_t cfg;
	const sm_models_t *m;
	sm_lexicon_t *lex;
	sm_stemmer_t *stem;
	sm_score_state_t *score;
	sm_tagger_t *tagger;
	sm_parser_t *parser;
	sm_ner_t *ner;
	sm_facts_t *facts;
	/* per-sentence scratch for the syntax stages */
	sm_str_t words[SM_SENT_MAX_TOKENS];
	uint8_t tags[SM_SENT_MAX_TOKENS];
	int16_t heads[SM_SENT_MAX_TOKENS];
	uint8_t rels[SM_SENT_MAX_TOKENS];
	uint8_t ents[SM_SENT_MAX_TOKENS];
	const char *posnames[SM_SENT_MAX_TOKENS];
};

void sm_config_init(sm_config_t *cfg)
{
	if (!cfg)
		return;
	memset(cfg, 0, sizeof(*cfg));
	cfg->lang = "english";
	cfg->length_mode = SM_LEN_SENTENCES;
	cfg->length = 3;
	cfg->facts = SM_FACTS_KEY;
	cfg->max_key_facts = 5;
}

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * The source tree's models/ serves programs that run from the build tree
 * (uninstalled: tests, bench, ./summarize); installed programs use
 * $(pkgdatadir)/models.  The executable's path tells which.
 */
const char *sm_models_default_dir(void)
{
	const char *env = getenv("SUMMARIZE_MODELS");
	if (env && *env)
		return env;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	size_t bl = strlen(SM_BUILD_DIR);
	if (n > 0) {
		exe[n] = '\0';
		if ((size_t)n > bl && strncmp(exe, SM_BUILD_DIR, bl) == 0 && exe[bl] == '/' &&
		    is_dir(SM_SOURCE_DIR "/models"))
			return SM_SOURCE_DIR "/models";
	}
	if (is_dir(SM_PKGDATADIR "/models"))
		return SM_PKGDATADIR "/models";
	return SM_SOURCE_DIR "/models";
}

void sm_models_free(sm_models_t *m)
{
	if (!m)
		return;
	sm_stopwords_free(m->stop);
	sm_segment_model_free(m->seg);
	sm_score_model_free(m->score);
	sm_tag_model_free(m->tag);
	sm_parse_model_free(m->dep);
	sm_ner_model_free(m->ner);
	sm_facts_model_free(m->facts);
	free(m);
}

unsigned sm_models_loaded(const sm_models_t *m)
{
	return m ? m->loaded : 0;
}

/* Report "path: reason" into err. */
static void set_err(char *err, size_t errlen, const char *path, int rc)
{
	if (err && errlen)
		snprintf(err, errlen, "%s: %s", path, sm_strerror(rc));
}

static int path_join(char *dst, size_t cap, const char *dir, const char *file)
{
	int n = snprintf(dst, cap, "%s/%s", dir, file);
	return (n < 0 || (size_t)n >= cap) ? SM_EINVAL : SM_OK;
}

int sm_models_load(const char *dir, const char *lang, unsigned what, sm_models_t **out,
		   char *err, size_t errlen)
{
	int rc = SM_EINVAL;
	sm_models_t *m = NULL;
	char path[PATH_MAX];
	if (err && errlen)
		err[0] = '\0';
	if (!out)
		goto done;
	if (!dir)
		dir = sm_models_default_dir();
	if (!lang)
		lang = "english";
	if (strlen(lang) >= sizeof m->lang || strchr(lang, '/')) {
		rc = SM_ELANG;
		set_err(err, errlen, lang, rc);
		goto done;
	}
	if (!is_dir(dir)) {
		rc = SM_EMODEL;
		if (err && errlen)
			snprintf(err, errlen, "%s: models directory not found", dir);
		goto done;
	}
	rc = SM_ENOMEM;
	m = calloc(1, sizeof(*m));
	if (!m)
		goto done;
	snprintf(m->lang, sizeof m->lang, "%s", lang);

	/* The language must have a Snowball stemmer. */
	int known = 0;
	for (const char **l = sm_stem_languages(); *l; l++)
		if (strcmp(*l, lang) == 0)
			known = 1;
	if (!known) {
		rc = SM_ELANG;
		if (err && errlen)
			snprintf(err, errlen, "%s: unsupported language (no Snowball stemmer)", lang);
		goto done;
	}

	if (what & SM_LOAD_BASE) {
		char file[128];
		snprintf(file, sizeof file, "stopwords/%s.txt", lang);
		if ((rc = path_join(path, sizeof path, dir, file)) != SM_OK ||
		    (rc = sm_stopwords_load(path, &m->stop)) != SM_OK) {
			set_err(err, errlen, path, rc);
			goto done;
		}
		/* Segment patterns: language-specific file, else English. */
		snprintf(file, sizeof file, "segment/%s.patterns", lang);
		if ((rc = path_join(path, sizeof path, dir, file)) != SM_OK)
			goto done;
		if (access(path, R_OK) != 0 &&
		    (rc = path_join(path, sizeof path, dir, "segment/english.patterns")) != SM_OK)
			goto done;
		if ((rc = sm_segment_model_load(path, &m->seg)) != SM_OK) {
			set_err(err, errlen, path, rc);
			goto done;
		}
		if ((rc = sm_score_model_load(dir, lang, &m->score, err, errlen)) != SM_OK)
			goto done;
		m->loaded |= SM_LOAD_BASE;
	}
	if (what & SM_LOAD_SYNTAX) {
		if ((rc = path_join(path, sizeof path, dir, "en-pos.bin")) != SM_OK ||
		    (rc = sm_tag_model_load(path, &m->tag)) != SM_OK) {
			set_err(err, errlen, path, rc);
			goto done;
		}
		if ((rc = path_join(path, sizeof path, dir, "en-dep.bin")) != SM_OK ||
		    (rc = sm_parse_model_load(path, &m->dep)) != SM_OK) {
			set_err(err, errlen, path, rc);
			goto done;
		}
		m->loaded |= SM_LOAD_SYNTAX;
	}
	if (what & SM_LOAD_NER) {
		if ((rc = sm_ner_model_load(dir, &m->ner)) != SM_OK) {
			path_join(path, sizeof path, dir, "en-ner.bin");
			set_err(err, errlen, path, rc);
			goto done;
		}
		m->loaded |= SM_LOAD_NER;
	}
	if (what & SM_LOAD_FACTS) {
		if ((rc = sm_facts_model_load(dir, &m->facts)) != SM_OK) {
			path_join(path, sizeof path, dir, "facts/");
			set_err(err, errlen, path, rc);
			goto done;
		}
		m->loaded |= SM_LOAD_FACTS;
	}
	*out = m;
	m = NULL;
	rc = SM_OK;
done:
	sm_models_free(m);
	return rc;
}

void sm_pipeline_free(sm_pipeline_t *p)
{
	if (!p)
		return;
	sm_lexicon_free(p->lex);
	sm_stemmer_free(p->stem);
	sm_score_state_free(p->score);
	sm_tagger_free(p->tagger);
	sm_parser_free(p->parser);
	sm_ner_free(p->ner);
	sm_facts_free(p->facts);
	free(p);
}

/* Does the configuration need the syntax stages? */
static int wants_syntax(const sm_config_t *c)
{
	return c->facts != SM_FACTS_NONE || c->analyze;
}

int sm_pipeline_new(const sm_models_t *m, const sm_config_t *cfg, sm_pipeline_t **out)
{
	int rc = SM_EINVAL;
	sm_pipeline_t *p = NULL;
	if (!m || !out || !(m->loaded & SM_LOAD_BASE))
		goto done;
	rc = SM_ENOMEM;
	p = calloc(1, sizeof(*p));
	if (!p)
		goto done;
	if (cfg)
		p->cfg = *cfg;
	else
		sm_config_init(&p->cfg);
	p->cfg.lang = m->lang;
	p->m = m;
	if ((rc = sm_lexicon_new(&p->lex)) != SM_OK ||
	    (rc = sm_stemmer_new(m->lang, m->stop, &p->stem)) != SM_OK ||
	    (rc = sm_score_state_new(&p->score)) != SM_OK)
		goto done;
	if (wants_syntax(&p->cfg)) {
		rc = SM_EINVAL;
		if (!(m->loaded & SM_LOAD_SYNTAX) || !(m->loaded & SM_LOAD_NER))
			goto done;
		if ((rc = sm_tagger_new(m->tag, &p->tagger)) != SM_OK ||
		    (rc = sm_parser_new(m->dep, &p->parser)) != SM_OK ||
		    (rc = sm_ner_new(m->ner, &p->ner)) != SM_OK)
			goto done;
	}
	if (p->cfg.facts != SM_FACTS_NONE) {
		rc = SM_EINVAL;
		if (!(m->loaded & SM_LOAD_FACTS))
			goto done;
		if ((rc = sm_facts_new(m->facts, &p->facts)) != SM_OK)
			goto done;
		/* Pretokenized input is the Open IE evaluation setting (CaRB):
		 * also emit the low-confidence readings it counts. */
		if (p->cfg.pretokenized)
			sm_facts_set_openie(p->facts, 1);
	}
	*out = p;
	p = NULL;
	rc = SM_OK;
done:
	sm_pipeline_free(p);
	return rc;
}

const sm_config_t *sm_pipeline_config(const sm_pipeline_t *p)
{
	return p ? &p->cfg : NULL;
}

sm_lexicon_t *sm_pipeline_lexicon(sm_pipeline_t *p)
{
	return p ? p->lex : NULL;
}

/* ---------------------------------------------------------------- stages */

static int st_ingest(sm_pipeline_t *p, sm_doc_t *d)
{
	(void)p;
	return sm_ingest_run(d);
}

static int st_normalize(sm_pipeline_t *p, sm_doc_t *d)
{
	(void)p;
	return sm_normalize_run(d);
}

static int st_segment(sm_pipeline_t *p, sm_doc_t *d)
{
	if (p->cfg.pretokenized) {
		d->stages_done |= SM_STAGE_SEGMENT; /* lines are the blocks */
		return SM_OK;
	}
	return sm_segment_run(p->m->seg, d);
}

static int st_tokenize(sm_pipeline_t *p, sm_doc_t *d)
{
	if (sm_lexicon_size(p->lex) > SM_LEXICON_CAP)
		sm_lexicon_clear(p->lex);
	if (p->cfg.pretokenized)
		return sm_tokenize_pretokenized(d, p->lex);
	return sm_tokenize_run(d, p->lex);
}

static int st_stem(sm_pipeline_t *p, sm_doc_t *d)
{
	int rc = sm_stem_run(p->stem, d, p->lex);
	return rc != SM_OK ? rc : sm_stem_title(p->stem, d, p->lex);
}

static int st_score(sm_pipeline_t *p, sm_doc_t *d)
{
	return sm_score_run(p->m->score, p->score, d, p->lex);
}

static int st_select(sm_pipeline_t *p, sm_doc_t *d)
{
	return sm_select_run(d, p->cfg.length_mode, p->cfg.length,
			     sm_score_model_redundancy(p->m->score));
}

/* Sentences the syntax stages analyze: body text, title and headings. */
static int analyzable(const sm_sentence_t *s)
{
	return s->ntok > 0 && (s->kind == SM_BLOCK_BODY || s->kind == SM_BLOCK_TITLE ||
			       s->kind == SM_BLOCK_HEADING);
}

static void load_words(sm_pipeline_t *p, const sm_doc_t *d, const sm_sentence_t *s)
{
	for (uint32_t k = 0; k < s->ntok; k++)
		p->words[k] = sm_doc_tok_text(d, s->tok + k);
}

/* Does --facts=key restrict the analysis to the salient sentences? */
static int key_only(const sm_pipeline_t *p)
{
	return p->cfg.facts == SM_FACTS_KEY && !p->cfg.analyze && !p->cfg.pretokenized;
}

/*
 * With --facts=key and no other analysis asked for, only the most salient
 * body sentences are tagged and parsed, one per key fact: tagging and
 * parsing are most of the cost of facts (a 5 MB article would otherwise
 * parse 40,000 sentences for 5 facts).  Key facts are ranked by sentence
 * salience plus bonuses (entities, confidence: fn_rank), so a less salient
 * sentence can still supply one; but on the BBC summaries (summ-dev), key
 * facts from the top 5 sentences come more often from the human reference
 * sentences than those from the top 10 (80.7% against 78.5%; ROUGE-1 of
 * their words P .713/R .272 against .703/.270), at 1.4 times the speed.
 * The entity recognizer's model reads the analysed sentences, and a name
 * finder the others (see st_ner), so "Putin" still resolves to "Vladimir
 * Putin".  Returns the lowest score a sentence needs, -INFINITY for
 * "all", or INFINITY for none (max_key_facts 0).
 */
static float parse_threshold(const sm_pipeline_t *p, const sm_doc_t *d)
{
	if (!key_only(p) || !(d->stages_done & SM_STAGE_SCORE))
		return -INFINITY;
	float best[64];
	size_t nb = 0, cap = sizeof best / sizeof best[0], k;
	if (p->cfg.max_key_facts == 0)
		return INFINITY; /* no key facts: no sentence needs a tree */
	k = p->cfg.max_key_facts > cap / SM_KEY_SENTENCES_PER_FACT ? cap :
	    p->cfg.max_key_facts * SM_KEY_SENTENCES_PER_FACT;
	/* the k highest finite body scores, by insertion into a short array */
	for (size_t i = 0; i < d->n_sents; i++) {
		float sc = d->sents[i].score;
		if (d->sents[i].kind != SM_BLOCK_BODY || !isfinite(sc))
			continue;
		if (nb == k && sc <= best[k - 1])
			continue;
		size_t j = nb < k ? nb++ : k - 1;
		while (j > 0 && best[j - 1] < sc) {
			best[j] = best[j - 1];
			j--;
		}
		best[j] = sc;
	}
	return nb < k ? -INFINITY : best[k - 1];
}

/* Is sentence s one that the tagger and the entity model analyze, given
 * the threshold of parse_threshold()?  The parser takes a subset
 * (parsed()). */
static int analyzed(const sm_sentence_t *s, float min_score)
{
	if (!analyzable(s))
		return 0;
	if (s->kind == SM_BLOCK_BODY)
		return s->score >= min_score;
	return min_score == -INFINITY;
}

/*
 * Is sentence s one that the parser analyzes?  Those the tagger does, but
 * in key-only mode not the title and headings: facts come from body
 * sentences alone (sm_facts_run), so a tree there would go unread (their
 * tags still feed the entity recognizer).
 */
static int parsed(const sm_pipeline_t *p, const sm_sentence_t *s, float min_score)
{
	if (s->kind != SM_BLOCK_BODY && key_only(p))
		return 0;
	return analyzed(s, min_score);
}

static int st_tag(sm_pipeline_t *p, sm_doc_t *d)
{
	int rc;
	if (!p->tagger)
		return SM_EINVAL;
	float min_score = parse_threshold(p, d);
	for (size_t i = 0; i < d->n_sents; i++) {
		const sm_sentence_t *s = &d->sents[i];
		if (!analyzed(s, min_score))
			continue;
		load_words(p, d, s);
		if ((rc = sm_tagger_tag(p->tagger, p->words, s->ntok, p->tags)) != SM_OK)
			return rc;
		for (uint32_t k = 0; k < s->ntok; k++)
			d->toks[s->tok + k].pos = p->tags[k];
	}
	d->stages_done |= SM_STAGE_TAG;
	return SM_OK;
}

static int st_parse(sm_pipeline_t *p, sm_doc_t *d)
{
	int rc;
	if (!p->parser)
		return SM_EINVAL;
	float min_score = parse_threshold(p, d);
	for (size_t i = 0; i < d->n_sents; i++) {
		const sm_sentence_t *s = &d->sents[i];
		if (!parsed(p, s, min_score))
			continue;
		load_words(p, d, s);
		for (uint32_t k = 0; k < s->ntok; k++)
			p->tags[k] = d->toks[s->tok + k].pos;
		if ((rc = sm_parser_parse(p->parser, p->words, p->tags, s->ntok, p->heads, p->rels)) != SM_OK)
			return rc;
		for (uint32_t k = 0; k < s->ntok; k++) {
			d->toks[s->tok + k].head = p->heads[k];
			d->toks[s->tok + k].rel = p->rels[k];
		}
	}
	d->stages_done |= SM_STAGE_PARSE;
	return SM_OK;
}

/*
 * The entity recognizer tags every sentence, but in key-only mode it runs
 * its model on the analysed sentences alone, in document order: their
 * entities are all the facts read.  Other sentences get only the names of
 * people (sm_ner_names: capitalized runs from a first name on, or ending
 * in a word the model called a person), so that a short mention in a key
 * fact still reads as the full name met elsewhere ("Putin" -> "Vladimir
 * Putin", "Arrivillaga" -> "Rolando Arrivillaga", fn_collect_names).  So
 * the model goes first (pass 0), the name finder second (pass 1), with
 * the history of the whole model pass behind it.
 */
static int st_ner(sm_pipeline_t *p, sm_doc_t *d)
{
	int rc;
	if (!p->ner)
		return SM_EINVAL;
	sm_ner_begin_doc(p->ner);
	float min_score = parse_threshold(p, d); /* -INFINITY: all */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < d->n_sents; i++) {
			const sm_sentence_t *s = &d->sents[i];
			if (!analyzable(s) || analyzed(s, min_score) != (pass == 0))
				continue;
			load_words(p, d, s);
			if (pass == 1) {
				rc = sm_ner_names(p->ner, p->words, s->ntok, p->ents);
			} else {
				for (uint32_t k = 0; k < s->ntok; k++) {
					uint8_t pos = d->toks[s->tok + k].pos;
					p->posnames[k] = pos != SM_POS_NONE ? sm_tag_name(pos) : NULL;
				}
				int have_pos = s->ntok > 0 && p->posnames[0] != NULL;
				rc = sm_ner_tag(p->ner, p->words, have_pos ? p->posnames : NULL,
						s->ntok, p->ents);
			}
			if (rc != SM_OK)
				return rc;
			for (uint32_t k = 0; k < s->ntok; k++)
				d->toks[s->tok + k].ent = p->ents[k];
		}
		if (min_score == -INFINITY)
			break; /* every sentence analysed: no second pass */
	}
	d->stages_done |= SM_STAGE_NER;
	return SM_OK;
}

static int st_facts(sm_pipeline_t *p, sm_doc_t *d)
{
	if (!p->facts)
		return SM_EINVAL;
	return sm_facts_run(p->facts, d, p->cfg.max_key_facts);
}

typedef struct {
	unsigned bit;
	unsigned needs;
	int (*run)(sm_pipeline_t *, sm_doc_t *);
} stage_t;

static const stage_t stages[] = {
	{ SM_STAGE_INGEST, 0, st_ingest },
	{ SM_STAGE_NORMALIZE, SM_STAGE_INGEST, st_normalize },
	{ SM_STAGE_SEGMENT, SM_STAGE_NORMALIZE, st_segment },
	{ SM_STAGE_TOKENIZE, SM_STAGE_SEGMENT, st_tokenize },
	{ SM_STAGE_STEM, SM_STAGE_TOKENIZE, st_stem },
	{ SM_STAGE_SCORE, SM_STAGE_STEM, st_score },
	{ SM_STAGE_SELECT, SM_STAGE_SCORE, st_select },
	{ SM_STAGE_TAG, SM_STAGE_TOKENIZE, st_tag },
	{ SM_STAGE_PARSE, SM_STAGE_TAG, st_parse },
	{ SM_STAGE_NER, SM_STAGE_TAG, st_ner },
	{ SM_STAGE_FACTS, SM_STAGE_PARSE | SM_STAGE_NER | SM_STAGE_SCORE, st_facts },
};

int sm_pipeline_run_stages(sm_pipeline_t *p, sm_doc_t *doc, unsigned mask)
{
	int rc = SM_EINVAL;
	if (!p || !doc || !doc->orig)
		goto done;
	for (size_t i = 0; i < sizeof stages / sizeof stages[0]; i++) {
		const stage_t *s = &stages[i];
		if (!(mask & s->bit) || (doc->stages_done & s->bit))
			continue;
		if ((doc->stages_done & s->needs) != s->needs) {
			rc = SM_EINVAL;
			goto done;
		}
		rc = s->run(p, doc);
		if (rc != SM_OK)
			goto done;
		doc->stages_done |= s->bit;
	}
	rc = SM_OK;
done:
	return rc;
}

int sm_pipeline_run(sm_pipeline_t *p, sm_doc_t *doc)
{
	if (!p)
		return SM_EINVAL;
	unsigned mask = SM_STAGE_INGEST | SM_STAGE_NORMALIZE | SM_STAGE_SEGMENT |
			SM_STAGE_TOKENIZE | SM_STAGE_STEM | SM_STAGE_SCORE | SM_STAGE_SELECT;
	if (wants_syntax(&p->cfg))
		mask |= SM_STAGE_TAG | SM_STAGE_PARSE | SM_STAGE_NER;
	if (p->cfg.facts != SM_FACTS_NONE)
		mask |= SM_STAGE_FACTS;
	return sm_pipeline_run_stages(p, doc, mask);
}
