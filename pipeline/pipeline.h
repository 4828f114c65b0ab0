/*
 * pipeline.h - the whole pipeline behind one handle.
 *
 * The CLI, the batch runner and the benchmarks are thin drivers over these
 * calls:
 *
 *     sm_models_t *m;    sm_models_load(dir, "english", SM_LOAD_ALL, &m, err, sizeof err);
 *     sm_config_t cfg;   sm_config_init(&cfg);
 *     sm_pipeline_t *p;  sm_pipeline_new(m, &cfg, &p);      (one per thread)
 *     sm_doc_t *d;       sm_doc_new(&d);                    (one per thread)
 *     for each article:
 *         sm_doc_set_input(d, bytes, len, id, title, date);
 *         sm_pipeline_run(p, d);       ingest ... select [tag parse ner facts]
 *         sm_render_json(d, &ropts, &buf);
 *
 * Models are loaded once and shared read-only between threads.  A pipeline
 * handle holds all per-thread state (stemmer, lexicon, scratch buffers,
 * tagger/parser/NER state), so one handle per thread is safe and no locks
 * are taken.
 */
#ifndef SM_PIPELINE_H
#define SM_PIPELINE_H

#include "doc.h"
#include "lexicon.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sm_models sm_models_t;
typedef struct sm_pipeline sm_pipeline_t;

/* What sm_models_load loads (summaries alone need only SM_LOAD_BASE). */
enum {
	SM_LOAD_BASE = 1 << 0,    /* stopwords, boilerplate patterns, IDF, weights */
	SM_LOAD_SYNTAX = 1 << 1,  /* POS tagger and dependency parser */
	SM_LOAD_NER = 1 << 2,     /* entity recognizer and gazetteers */
	SM_LOAD_FACTS = 1 << 3,   /* fact tables (canonical names, converse verbs) */
	SM_LOAD_ALL = 0xf
};

/* Summary length rule. */
enum {
	SM_LEN_SENTENCES = 0, /* length = number of sentences */
	SM_LEN_RATIO,         /* length = fraction (0, 1] of body sentences */
	SM_LEN_WORDS          /* length = word budget; sentences never cut */
};

/* Fact output. */
enum {
	SM_FACTS_NONE = 0,
	SM_FACTS_KEY,         /* facts of the most salient sentences; top ones key */
	SM_FACTS_ALL
};

typedef struct {
	const char *lang;     /* Snowball language name, default "english" */
	int length_mode;      /* SM_LEN_* */
	double length;        /* see length_mode; default 3 sentences */
	int facts;            /* SM_FACTS_*; default SM_FACTS_KEY */
	int analyze;          /* run tag/parse/ner even when facts is NONE */
	int pretokenized;     /* input is one tokenized sentence per line */
	size_t max_key_facts; /* how many facts are "key"; default 5 */
} sm_config_t;

/* sm_config_init - the defaults above. */
SM_EXPORT void sm_config_init(sm_config_t *cfg);

/*
 * sm_models_default_dir - where models are looked for when no directory is
 * given: $SUMMARIZE_MODELS if set, else the source tree's models/ when the
 * program runs uninstalled and it exists, else $(pkgdatadir)/models.
 * Static string or environment value: never free it.
 */
SM_EXPORT const char *sm_models_default_dir(void);

/*
 * sm_models_load - load the models in dir (NULL: the default directory) for
 * language lang (NULL: "english"); what is a set of SM_LOAD_* bits.
 * On failure err (may be NULL) receives a one-line message naming the file
 * and the reason.  Errors: SM_EINVAL, SM_ENOMEM, SM_ELANG (no stemmer or
 * stopword list for lang), SM_EMODEL (a model file missing or corrupt),
 * SM_EIO.  Free with sm_models_free() after every pipeline using it.
 */
SM_EXPORT int sm_models_load(const char *dir, const char *lang, unsigned what,
			     sm_models_t **out, char *err, size_t errlen);

/* sm_models_free - NULL is a no-op. */
SM_EXPORT void sm_models_free(sm_models_t *m);

/* sm_models_loaded - the SM_LOAD_* bits actually loaded. */
SM_EXPORT unsigned sm_models_loaded(const sm_models_t *m);

/*
 * sm_pipeline_new - per-thread state for running documents through the
 * stages with configuration cfg (copied; NULL: the defaults).  m is
 * borrowed, not copied: it must outlive the handle (sm_pipeline_free every
 * pipeline before sm_models_free); a pipeline used after its models were
 * freed reads freed memory.  Errors: SM_EINVAL (e.g. facts asked for but
 * the models lack SM_LOAD_FACTS), SM_ENOMEM, SM_ELANG.
 */
SM_EXPORT int sm_pipeline_new(const sm_models_t *m, const sm_config_t *cfg,
			      sm_pipeline_t **out);

/* sm_pipeline_free - NULL is a no-op. */
SM_EXPORT void sm_pipeline_free(sm_pipeline_t *p);

/* sm_pipeline_config - the handle's configuration (read-only). */
SM_EXPORT const sm_config_t *sm_pipeline_config(const sm_pipeline_t *p);

/*
 * sm_pipeline_run - run every configured stage on doc, whose input was set
 * with sm_doc_set_input().  Errors: SM_EEMPTY (no text after ingest),
 * SM_EBINARY, SM_ENCODING, SM_ENOMEM, SM_EINVAL.  On error the document
 * holds whatever the stages completed (doc->stages_done).
 */
SM_EXPORT int sm_pipeline_run(sm_pipeline_t *p, sm_doc_t *doc);

/*
 * sm_pipeline_run_stages - run exactly the stages in mask (SM_STAGE_* bits)
 * that have not run yet, in pipeline order; the stages they require must be
 * in mask or done already (else SM_EINVAL).  The bench times stages with it.
 */
SM_EXPORT int sm_pipeline_run_stages(sm_pipeline_t *p, sm_doc_t *doc,
				     unsigned mask);

/* sm_pipeline_lexicon - the handle's lexicon (token ids of its documents). */
SM_EXPORT sm_lexicon_t *sm_pipeline_lexicon(sm_pipeline_t *p);

#ifdef __cplusplus
}
#endif
#endif /* SM_PIPELINE_H */
