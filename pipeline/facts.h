/*
 * facts.h - stage "facts": clause-based extraction of key facts.
 *
 * Reads the tag, parse and ner layers of a document (doc.h) and fills
 * doc->facts: one record per clause, "subject | predicate | object | args",
 * with negation, tense, modality, attribution, a confidence in [0, 1],
 * the sentence index and original byte offsets; plus normalized forms
 * (canonical entity names, predicates in one present form, compact
 * arguments, parsed numbers and resolved dates) and facts implied by
 * transfer verbs ("X hands over Y" -> "Z receives Y").
 *
 * The extractor follows ClausIE (Del Corro & Gemulla 2013: clauses found on
 * the dependency parse, one fact per clause, coordination and relative
 * clauses handled structurally) and the relation style of OpenIE-4 /
 * CaRB (Bhardwaj et al. 2019: relation = auxiliaries + verb + particle +
 * the preposition of a first prepositional object).  It runs in one pass
 * over each sentence's tree with no allocation per token.
 *
 * The model (sm_facts_model_t) is a set of small tables in models/facts/
 * and models/gazetteer/canonical.tsv, loaded once and shared read-only;
 * each thread extracts through its own sm_facts_t (scratch buffers).
 */
#ifndef SM_FACTS_H
#define SM_FACTS_H

#include "doc.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Roles of the arguments of a fact. */
enum {
	SM_ROLE_SUBJ = 0,   /* subject (arg1) */
	SM_ROLE_OBJ,        /* direct object or predicate complement (arg2) */
	SM_ROLE_RECIPIENT,  /* "to Kyiv", indirect object */
	SM_ROLE_TIME,       /* "on Friday", "by November" */
	SM_ROLE_PLACE,      /* "in Vladivostok" */
	SM_ROLE_QUANTITY,   /* "by 5%" */
	SM_ROLE_PURPOSE,    /* "in a bid to cut ...", "to cut ..." */
	SM_ROLE_SOURCE,     /* "from X" of a transfer; the giver of an implied fact */
	SM_ROLE_AGENT,      /* "by X" of a passive that kept its patient subject */
	SM_ROLE_COMPLEMENT, /* clausal complement ("that ...") */
	SM_ROLE_QUALIFIER,  /* modifier detached from a compacted argument */
	SM_ROLE_OTHER,      /* any other prepositional or adverbial argument */
	SM_ROLE_COUNT
};

/* Tense of the predicate (aspect folded in: "has tightened" is PERFECT). */
enum {
	SM_TENSE_NONE = 0,     /* non-finite with no finite governor */
	SM_TENSE_PRESENT,
	SM_TENSE_PAST,
	SM_TENSE_FUTURE,
	SM_TENSE_PERFECT,      /* present perfect */
	SM_TENSE_PAST_PERFECT,
	SM_TENSE_COUNT
};

/* What a parsed quantity in an argument is. */
enum {
	SM_QTY_NONE = 0,
	SM_QTY_NUMBER,   /* "55 minerals": value 55 */
	SM_QTY_FRACTION, /* "half of ...": value 0.5 */
	SM_QTY_RANK,     /* "fifth-largest": value 5 */
	SM_QTY_PERCENT   /* "5%": value 5 */
};

/* Fact kinds (how the clause was found). */
enum {
	SM_FACT_VERB = 0,   /* verbal clause */
	SM_FACT_COPULA,     /* "X is Y" */
	SM_FACT_APPOS,      /* apposition "X, Y,"; of two places "X | is in |
			       Y", the object role place, never key */
	SM_FACT_TITLE,      /* noun-mediated "Ukraine's minister Svyrydenko" */
	SM_FACT_IMPLIED,    /* converse of a transfer fact */
	SM_FACT_POSS        /* possessive "Putin's announcement" -> has */
};

/* One argument (the subject and object use it too). */
typedef struct {
	const char *text;  /* surface: the original token texts joined by single
			      spaces (with the preposition when prep is set);
			      NUL-terminated, in doc->arena */
	const char *norm;  /* normalized: canonical entity name, or the compact
			      phrase without articles (no preposition) */
	const char *prep;  /* preposition ("to", "from") or NULL */
	sm_span_t span;    /* original bytes from its first to its last token */
	int32_t head;      /* head token index in doc->toks; -1 if implied */
	uint8_t role;      /* SM_ROLE_* */
	uint8_t ent;       /* entity type (ner.h) of the head, 0 = none */
	uint8_t qty;       /* SM_QTY_* */
	uint8_t canonical; /* norm is a gazetteer name */
	double value;      /* the quantity when qty != SM_QTY_NONE */
	sm_date_t date;    /* resolved date (time arguments); 0 = unknown */
} sm_fact_arg_t;

typedef struct sm_fact {
	sm_fact_arg_t subj;
	sm_fact_arg_t obj;        /* obj.norm == NULL when there is none;
				     obj.text is also NULL when the object
				     exists only in the normalized view (a
				     passive turned active: "the deal was
				     signed by X" -> X | signs | deal) */
	sm_fact_arg_t *args;      /* further arguments, in sentence order */
	size_t n_args;

	const char *rel;          /* surface relation as CaRB wants it:
				     "will hand over", "is planning to step up" */
	const char *pred;         /* present form, agreeing with the
				     normalized subject: "hands over",
				     "shares | fall", "men | are arrested" */
	const char *lemma;        /* "hand over" */
	sm_span_t pred_span;      /* original bytes of the main verb (+particle) */
	sm_span_t span;           /* original bytes of everything the fact covers */

	uint8_t kind;             /* SM_FACT_* */
	uint8_t negated;          /* "does not create", "nor does it", "no X" */
	uint8_t tense;            /* SM_TENSE_* */
	uint8_t passive;          /* the surface was passive */
	uint8_t implied;          /* derived, not stated (see source) */
	uint8_t extra;            /* Open IE extra (sm_facts_set_openie): an
				     adjective or possessive reading kept
				     for CaRB, never a key fact */
	const char *modality;     /* "will", "may", "plans to" ... or NULL */
	const char *attribution;  /* who said it (normalized), or NULL */
	const char *attr_verb;    /* the attribution verb lemma, or NULL */

	/* CaRB view of coordinated arguments: the surface text of each
	 * conjunct ("John Buchan", "Ken Follett"); 0 when not coordinated.
	 * sm_facts_render_carb prints one extraction per combination. */
	const char **subj_alts;
	size_t n_subj_alts;
	const char **obj_alts;
	size_t n_obj_alts;

	float confidence;         /* in [0, 1] */
	float salience;           /* key-ness: higher first */
	uint32_t sent;            /* sentence index in doc->sents */
	int32_t source;           /* implied facts: index of the stated fact */
} sm_fact_t;

typedef struct sm_facts_model sm_facts_model_t; /* read-only, shared */
typedef struct sm_facts sm_facts_t;             /* per-thread scratch */

/*
 * sm_facts_model_load - read the fact tables from models_dir: facts/NAME.tsv
 * (converse.tsv, attribution.tsv, modality.tsv, numbers.tsv,
 * verb-lemmas.tsv, aliases-extra.tsv) and, when present,
 * gazetteer/canonical.tsv.  Relation and tag ids are mapped through
 * sm_deprel_name() and sm_tag_name(), so the model follows their tables.
 * Errors: SM_EINVAL, SM_ENOMEM, SM_EMODEL (a required table missing or
 * malformed; the gazetteer is optional).  *out is set on SM_OK only.
 */
SM_EXPORT int sm_facts_model_load(const char *models_dir,
				  sm_facts_model_t **out);

/* sm_facts_model_free - NULL is a no-op. */
SM_EXPORT void sm_facts_model_free(sm_facts_model_t *m);

/* sm_facts_new - per-thread extractor over m (which must outlive it). */
SM_EXPORT int sm_facts_new(const sm_facts_model_t *m, sm_facts_t **out);

/* sm_facts_free - NULL is a no-op. */
SM_EXPORT void sm_facts_free(sm_facts_t *f);

/*
 * sm_facts_set_openie - Open IE mode (for --format=carb): also extract
 * low-confidence readings that benchmarks count but a reader does not need
 * ("contradictions | are | comical", "King | has | grandmother"), all with
 * extra set and confidences below every stated clause, and split
 * coordinated arguments in the CaRB view.  Off by default.
 * Errors: SM_EINVAL.
 */
SM_EXPORT int sm_facts_set_openie(sm_facts_t *f, int on);

/*
 * sm_facts_run - extract the facts of every body sentence of doc (needs
 * tag and parse; ner and score are used when they ran).  Fills doc->facts
 * and doc->n_facts from doc->arena, sorted by key-ness (salience, then
 * document order), and doc->n_key_facts: the first max_key facts with
 * distinct (subject, predicate, object), never an Open IE extra nor a
 * place's region ("Malibu | is in | California").  Implied facts follow
 * the sort; their source index refers to the sorted array.
 * Re-running on the same document replaces the facts.  A sentence that
 * was not parsed (head SM_HEAD_NONE, as the tokenizer leaves it) yields no
 * facts, so a document never parsed gives SM_OK and none.  Errors:
 * SM_EINVAL (f or doc NULL), SM_ENOMEM.
 */
SM_EXPORT int sm_facts_run(sm_facts_t *f, sm_doc_t *doc, size_t max_key);

/* Names of roles ("recipient"), tenses ("perfect"), quantity kinds. */
SM_EXPORT const char *sm_fact_role_name(int role);
SM_EXPORT const char *sm_fact_tense_name(int tense);

/*
 * sm_fact_render_text - append one line (no newline):
 * "subject | predicate | object | prep arg ... [attr=value ...]"
 * in normalized form; attributes: negated, tense, modality, said by,
 * implied, date/quantity, confidence.  Errors: SM_EINVAL, SM_ENOMEM.
 */
SM_EXPORT int sm_fact_render_text(const sm_doc_t *doc, const sm_fact_t *f,
				  sm_buf_t *out);

/*
 * sm_facts_render_json - append a JSON array of facts[first .. first+count)
 * (clipped to n_facts) with every field.  Errors: SM_EINVAL, SM_ENOMEM.
 */
SM_EXPORT int sm_facts_render_json(const sm_doc_t *doc, size_t first,
				   size_t count, sm_buf_t *out);

/*
 * sm_facts_render_carb - append the CaRB "tabbed" lines of every stated
 * fact: sentence TAB confidence TAB relation TAB arg1 TAB arg2 [TAB argN],
 * in sentence order, surface forms only.  The sentence is the sentence's
 * original bytes (for pretokenized input: the line).  Errors as above.
 */
SM_EXPORT int sm_facts_render_carb(const sm_doc_t *doc, sm_buf_t *out);

#ifdef __cplusplus
}
#endif
#endif /* SM_FACTS_H */
