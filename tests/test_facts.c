/*
 * test_facts.c - suite "facts": the fact extractor on hand-checked parses.
 *
 * The fixtures tests/data/facts/seed.conllu (the seed article's body
 * sentences, hand-corrected UD trees, dated 2025-09-05) and extra.conllu
 * (Reuters/BBC-style sentences: passive with agent, reported speech,
 * apposition, percentages and dates) are loaded with sm_conllu_doc_load()
 * (tests/facts-conllu.c), so these tests do not depend on the statistical
 * tagger and parser.  Tables come from $SM_MODELS_DIR (default "models").
 * One test case per public function; expectations are exact.
 */
#define _POSIX_C_SOURCE 200809L

#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "facts.h"
#include "facts-conllu.h"
#include "ner.h"
#include "pipeline.h"
#include "suites.h"

typedef struct {
	sm_facts_model_t *m;
	sm_facts_t *f;
	sm_doc_t *d;
} fixture_t;

/* load_fixture - model, extractor and the facts of a CoNLL-U fixture. */
static void load_fixture(fixture_t *fx, const char *name)
{
	char path[1024];
	size_t len = 0;
	memset(fx, 0, sizeof(*fx));
	int rc = sm_facts_model_load(test_models_dir(), &fx->m);
	ck_assert_msg(rc == SM_OK, "fact tables in %s: %s", test_models_dir(),
		      sm_strerror(rc));
	ck_assert_int_eq(sm_facts_new(fx->m, &fx->f), SM_OK);
	ck_assert_int_eq(sm_doc_new(&fx->d), SM_OK);
	snprintf(path, sizeof path, "%s/facts/%s", test_data_dir(), name);
	char *text = test_read_file(path, &len);
	ck_assert_msg(text != NULL, "cannot read %s", path);
	ck_assert_int_eq(sm_conllu_doc_load(fx->d, text, len), SM_OK);
	free(text);
	ck_assert_int_eq(sm_facts_run(fx->f, fx->d, 5), SM_OK);
}

static void free_fixture(fixture_t *fx)
{
	sm_doc_free(fx->d);
	sm_facts_free(fx->f);
	sm_facts_model_free(fx->m);
}

/* find - the first fact with these normalized fields (obj NULL: any;
 * "" : none).  implied: -1 any, 0 stated, 1 implied. */
static const sm_fact_t *find(const sm_doc_t *d, const char *subj,
			     const char *pred, const char *obj, int implied)
{
	for (size_t i = 0; i < d->n_facts; i++) {
		const sm_fact_t *x = &d->facts[i];
		if (!x->subj.norm || strcmp(x->subj.norm, subj) != 0)
			continue;
		if (!x->pred || strcmp(x->pred, pred) != 0)
			continue;
		if (obj && *obj && (!x->obj.norm || strcmp(x->obj.norm, obj) != 0))
			continue;
		if (obj && !*obj && x->obj.norm)
			continue;
		if (implied >= 0 && x->implied != implied)
			continue;
		return x;
	}
	return NULL;
}

/* d has facts, and none of kind k1 or k2 */
static void assert_no_kind(const sm_doc_t *d, int k1, int k2)
{
	ck_assert_uint_gt(d->n_facts, 0);
	for (size_t i = 0; i < d->n_facts; i++)
		ck_assert_msg(d->facts[i].kind != k1 && d->facts[i].kind != k2,
			      "%s | %s | %s", d->facts[i].subj.norm, d->facts[i].pred,
			      d->facts[i].obj.norm ? d->facts[i].obj.norm : "");
}

static const sm_fact_arg_t *arg_with(const sm_fact_t *x, const char *prep,
				     const char *norm)
{
	for (size_t i = 0; i < x->n_args; i++) {
		const sm_fact_arg_t *a = &x->args[i];
		if (((!prep && !a->prep) || (prep && a->prep && !strcmp(prep, a->prep))) &&
		    a->norm && !strcmp(a->norm, norm))
			return a;
	}
	return NULL;
}

/* arg_qty - the value of x's argument (prep, norm), which must exist and
 * carry quantity kind qty. */
static double arg_qty(const sm_fact_t *x, const char *prep, const char *norm, int qty)
{
	const sm_fact_arg_t *a = arg_with(x, prep, norm);
	ck_assert_msg(a != NULL, "no argument %s %s", prep ? prep : "", norm);
	ck_assert_int_eq(a->qty, qty);
	return a->value;
}

/* ------------------------------------------------------------ model load */

START_TEST(test_sm_facts_model_load)
{
	sm_facts_model_t *m = NULL;
	ck_assert_int_eq(sm_facts_model_load(NULL, &m), SM_EINVAL);
	ck_assert_int_eq(sm_facts_model_load(test_models_dir(), NULL), SM_EINVAL);
	ck_assert_int_eq(sm_facts_model_load("/nonexistent/models", &m), SM_EMODEL);
	ck_assert_ptr_null(m);
	ck_assert_int_eq(sm_facts_model_load(test_models_dir(), &m), SM_OK);
	ck_assert_ptr_nonnull(m);
	sm_facts_model_free(m);
	sm_facts_model_free(NULL);
}
END_TEST

START_TEST(test_sm_facts_new)
{
	sm_facts_model_t *m = NULL;
	sm_facts_t *f = NULL;
	ck_assert_int_eq(sm_facts_new(NULL, &f), SM_EINVAL);
	ck_assert_int_eq(sm_facts_model_load(test_models_dir(), &m), SM_OK);
	ck_assert_int_eq(sm_facts_new(m, NULL), SM_EINVAL);
	ck_assert_int_eq(sm_facts_new(m, &f), SM_OK);
	sm_facts_free(f);
	sm_facts_free(NULL);
	sm_facts_model_free(m);
}
END_TEST

/* ------------------------------------------------------------- seed facts */

START_TEST(test_sm_facts_run)
{
	fixture_t fx;
	load_fixture(&fx, "seed.conllu");
	const sm_doc_t *d = fx.d;
	ck_assert_int_eq(sm_facts_run(NULL, fx.d, 5), SM_EINVAL);

	/* implied by the two-party agreement: Ukraine hands over, US receives */
	const sm_fact_t *x = find(d, "US", "receives", "half of royalties", 1);
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(x->obj.qty, SM_QTY_FRACTION);
	ck_assert(x->obj.value == 0.5);
	ck_assert_ptr_nonnull(arg_with(x, "from", "any future licences for oil, gas and mineral extraction"));
	ck_assert_ptr_nonnull(arg_with(x, "from", "Ukraine"));
	ck_assert_int_eq(x->tense, SM_TENSE_FUTURE);
	ck_assert_ptr_nonnull(find(d, "Ukraine", "hands over", "half of royalties", 0));

	/* relative clause */
	x = find(d, "Russia", "holds",
		 "world's fifth-largest reserves of rare earth metals", 0);
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(x->obj.qty, SM_QTY_RANK);
	ck_assert(x->obj.value == 5);

	/* recipient resolved: Kyiv in the government sense is Ukraine */
	x = find(d, "US", "provides", "direct financial or military assistance", 0);
	ck_assert_ptr_nonnull(x);
	const sm_fact_arg_t *a = arg_with(x, "to", "Ukraine");
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->role, SM_ROLE_RECIPIENT);
	ck_assert_str_eq(a->text, "Kyiv");
	ck_assert_str_eq(x->modality, "will");
	ck_assert_ptr_nonnull(find(d, "Ukraine", "receives",
				   "direct financial or military assistance", 1));

	x = find(d, "agreement", "lists", "55 minerals", 0);
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(x->obj.qty, SM_QTY_NUMBER);
	ck_assert(x->obj.value == 55);

	x = find(d, "China", "tightens", "export restrictions on certain rare earths", 0);
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(x->tense, SM_TENSE_PERFECT);

	/* negation, attribution, never reported as positive */
	x = find(d, "pact", "creates", "debt for Ukraine", 0);
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(x->negated, 1);
	ck_assert_str_eq(x->attribution, "Officials");
	ck_assert_str_eq(x->attr_verb, "stress");
	for (size_t i = 0; i < d->n_facts; i++)
		if (d->facts[i].obj.norm && !strcmp(d->facts[i].obj.norm, "debt for Ukraine"))
			ck_assert_int_eq(d->facts[i].negated, 1);
	x = find(d, "pact", "involves", "current state revenues", 0);
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(x->negated, 1);

	/* control verb: "is planning to step up" */
	x = find(d, "Russia", "steps up", "production", 0);
	ck_assert_ptr_nonnull(x);
	ck_assert_str_eq(x->modality, "plans to");
	ck_assert_str_eq(x->rel, "is planning to step up");

	/* noun-mediated relations and full names */
	ck_assert_ptr_nonnull(find(d, "Yulia Svyrydenko",
				   "is economic development minister of", "Ukraine", 0));
	ck_assert_ptr_nonnull(find(d, "Vladimir Putin", "is President of", "Russia", 0));

	/* coordination kept whole, canonical names inside */
	ck_assert_ptr_nonnull(find(d, "US and Ukraine", "sign",
				   "economic investment deal", 0));

	/* object control and deadline date */
	x = find(d, "government", "comes up with", "development programme for sector", 0);
	ck_assert_ptr_nonnull(x);
	a = arg_with(x, "by", "November");
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->date.year, 2025);
	ck_assert_int_eq(a->date.month, 11);
	ck_assert_str_eq(x->attribution, "Vladimir Putin");

	/* "on Friday" in an article of Friday 2025-09-05 */
	x = find(d, "Vladimir Putin", "tells", "officials", 0);
	ck_assert_ptr_nonnull(x);
	a = arg_with(x, "on", "Friday");
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->date.year, 2025);
	ck_assert_int_eq(a->date.month, 9);
	ck_assert_int_eq(a->date.day, 5);

	/* a later short mention: "Svyrydenko noted" */
	x = find(d, "Ukraine", "has", "skilled workforce and metallurgical expertise", 0);
	ck_assert_ptr_nonnull(x);
	ck_assert_str_eq(x->attribution, "Yulia Svyrydenko");

	/* passive without agent keeps the patient */
	ck_assert_ptr_nonnull(find(d, "Rare earth metals", "are used in",
				   "technologies such as lasers, computer chips and military equipment", 0));

	/* every fact: spans inside the input, confidence in [0, 1] */
	ck_assert_uint_gt(d->n_facts, 20);
	ck_assert_uint_eq(d->n_key_facts, 5);
	for (size_t i = 0; i < d->n_facts; i++) {
		const sm_fact_t *y = &d->facts[i];
		ck_assert(y->confidence >= 0 && y->confidence <= 1);
		ck_assert_uint_le(y->span.end, d->orig_len);
		ck_assert_uint_le(y->span.start, y->span.end);
		ck_assert_uint_lt(y->sent, d->n_sents);
		if (y->implied) {
			ck_assert_int_ge(y->source, 0);
			ck_assert_uint_lt((size_t)y->source, d->n_facts);
			ck_assert_int_eq(d->facts[y->source].implied, 0);
		}
		if (i > 0 && i < d->n_key_facts)
			ck_assert(d->facts[i - 1].salience >= y->salience);
	}
	free_fixture(&fx);
}
END_TEST

START_TEST(test_sm_facts_run_extra)
{
	fixture_t fx;
	load_fixture(&fx, "extra.conllu");
	const sm_doc_t *d = fx.d;
	/* passive with agent: the agent becomes the subject */
	const sm_fact_t *x = find(d, "two presidents", "sign", "deal", 0);
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(x->tense, SM_TENSE_PAST);
	ck_assert_int_eq(x->subj.qty, SM_QTY_NUMBER);
	ck_assert(x->subj.value == 2);
	const sm_fact_arg_t *a = arg_with(x, "on", "Monday");
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->date.day, 1); /* the Monday before 2025-09-05 */
	ck_assert_str_eq(x->rel, "was signed");
	ck_assert_str_eq(x->subj.text, "The deal");

	/* reported speech: "it" is the speaker; quantity */
	x = find(d, "Apple Inc", "buys", "Beats Electronics", 0);
	ck_assert_ptr_nonnull(x);
	ck_assert_str_eq(x->modality, "would");
	ck_assert_str_eq(x->attribution, "Apple Inc");
	ck_assert(arg_qty(x, "for", "$3 billion", SM_QTY_NUMBER) == 3e9);

	/* apposition; negated reported clause */
	ck_assert_ptr_nonnull(find(d, "Andrew Bailey", "is",
				   "governor of Bank of England", 0));
	x = find(d, "rates", "rise", "", 0);
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(x->negated, 1);
	ck_assert_str_eq(x->attribution, "Andrew Bailey");

	/* percentages and month dates */
	x = find(d, "Bank of England", "raises", "interest rates", 0);
	ck_assert_ptr_nonnull(x);
	ck_assert(arg_qty(x, "to", "5.25%", SM_QTY_PERCENT) == 5.25);
	a = arg_with(x, "in", "August");
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->date.year, 2025);
	ck_assert_int_eq(a->date.month, 8);
	ck_assert_int_eq(a->date.day, 0);
	free_fixture(&fx);
}
END_TEST

/* A plural-noun root repaired into a verb whose subject is the first token
 * (the repair once read the tag and wrote the head of token -1). */
START_TEST(test_sm_facts_run_repair_first)
{
	fixture_t fx;
	load_fixture(&fx, "repair-first.conllu");
	const sm_fact_t *x = find(fx.d, "Deal", "lists", "minerals", 0);
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(x->negated, 0);
	free_fixture(&fx);
}
END_TEST

/* A pronoun subject in a conjunct whose first conjunct is not a clause of
 * its own ("rising"): the subject stays "it".  The coordination rule once
 * read that conjunct's memoized subject without resolving it, so it used
 * whatever the previous sentence left at that index ("expect" here), and
 * --facts=all output depended on the documents a thread had seen. */
START_TEST(test_sm_facts_run_stale_subject)
{
	fixture_t fx;
	load_fixture(&fx, "stale-subject.conllu");
	const sm_fact_t *x = NULL;
	for (size_t i = 0; i < fx.d->n_facts && !x; i++)
		if (fx.d->facts[i].subj.text && strcmp(fx.d->facts[i].subj.text, "it") == 0)
			x = &fx.d->facts[i];
	ck_assert_ptr_nonnull(x);
	ck_assert_str_eq(x->subj.norm, "it");
	ck_assert_ptr_nonnull(find(fx.d, "stock", "falls", "", 0));
	free_fixture(&fx);
}
END_TEST

/* Predicate lemmas of forms the treebank table lacks: the silent e, the
 * British doubled l, irregular pasts, -sses; and stems that keep no e.
 * The present form agrees with a plural subject. */
START_TEST(test_sm_facts_run_lemmas)
{
	static const char *const want[][2] = {
		{ "totalled", "total" }, { "upgraded", "upgrade" },
		{ "criticised", "criticise" }, { "sank", "sink" },
		{ "waged", "wage" }, { "stresses", "stress" },
		{ "fuelled", "fuel" }, { "visited", "visit" },
		{ "repaired", "repair" }, { "shouted", "shout" },
		{ "smoothed", "smooth" }, { "accrued", "accrue" },
		{ "easing", "ease" }, { "combining", "combine" },
		{ "signalling", "signal" }, { "exchanged", "exchange" },
		{ "quelled", "quell" }, { "dialled", "dial" },
	};
	fixture_t fx;
	load_fixture(&fx, "lemmas.conllu");
	for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
		const sm_fact_t *x = NULL;
		for (size_t i = 0; i < fx.d->n_facts && !x; i++) {
			sm_span_t v = fx.d->facts[i].pred_span;
			if (v.end - v.start == strlen(want[k][0]) &&
			    memcmp(fx.d->orig + v.start, want[k][0], v.end - v.start) == 0)
				x = &fx.d->facts[i];
		}
		ck_assert_msg(x != NULL, "no fact for %s", want[k][0]);
		ck_assert_str_eq(x->lemma, want[k][1]);
	}
	/* the present form agrees with the normalized subject */
	ck_assert_ptr_nonnull(find(fx.d, "Sales", "total", NULL, 0));
	ck_assert_ptr_nonnull(find(fx.d, "She", "stresses", NULL, 0));
	ck_assert_ptr_nonnull(find(fx.d, "Moody", "upgrades", "bonds", 0));
	ck_assert_ptr_nonnull(find(fx.d, "Three men", "are arrested", NULL, 0));
	ck_assert_ptr_nonnull(find(fx.d, "Lehman Brothers", "cuts", "rates", 0));
	ck_assert_ptr_nonnull(find(fx.d, "Smith and Jones", "leave", "Acme", 0));
	/* a coordination inside a modifier leaves the head singular; "I" */
	ck_assert_ptr_nonnull(find(fx.d, "I", "am", NULL, 0));
	ck_assert_ptr_nonnull(find(fx.d, "merger of Exxon and Mobil", "creates", NULL, 0));
	free_fixture(&fx);
}
END_TEST

/* An apposition before its head: the fact's span covers both phrases
 * (it once ran from the head's start back to the apposition's end). */
START_TEST(test_sm_facts_run_appos_before)
{
	fixture_t fx;
	load_fixture(&fx, "appos-before.conllu");
	const sm_fact_t *x = find(fx.d, "Acme", "is", "Reuters", 0);
	ck_assert_ptr_nonnull(x);
	ck_assert_uint_eq(x->span.start, 0);                /* "Reuters" */
	ck_assert_uint_eq(x->span.end, strlen("Reuters , Acme"));
	free_fixture(&fx);
}
END_TEST

/* near - a parsed quantity equals want (table values such as 0.333333). */
static int near(double v, double want)
{
	return v > want - 1e-6 && v < want + 1e-6;
}

/* Quantities read in context (quantities.conllu): "quarter" and "half"
 * of a year are periods, not shares; "a second plant" is no fraction and
 * "first-quarter" no rank; a clause carries no quantity of its own.  The
 * reader once took "fourth quarter sales rose 2% ..." for the fraction
 * 0.25, "a second plant" for 0.5, "the first half" for 0.5 and
 * "first-quarter profit" for rank 1. */
START_TEST(test_sm_facts_run_quantities)
{
	static const struct {
		const char *subj, *pred, *obj;
		int qty;
		double value;
	} want[] = {
		{ "Profits", "fall in", "third quarter", SM_QTY_NONE, 0 },
		{ "Sales", "grow over", "next few quarters", SM_QTY_NONE, 0 },
		{ "Exports", "slow in", "first half of this year", SM_QTY_NONE, 0 },
		{ "Acme", "reports", "first-quarter profit", SM_QTY_NONE, 0 },
		{ "Ford", "builds", "second plant", SM_QTY_NONE, 0 },
		{ "Shares", "fall for", "sixth straight session", SM_QTY_RANK, 6 },
		{ "fund", "sells", "third of its stake", SM_QTY_FRACTION, 0.333333 },
		{ "Investors", "hold", "quarter of shares", SM_QTY_FRACTION, 0.25 },
		/* joined by a dash: a share below one, a rank past twenty */
		{ "fund", "sells", "two-fifths of its stake", SM_QTY_FRACTION, 0.4 },
		{ "Smith", "finishes", "twenty-third", SM_QTY_RANK, 23 },
	};
	fixture_t fx;
	load_fixture(&fx, "quantities.conllu");
	const sm_doc_t *d = fx.d;
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const sm_fact_t *x = find(d, want[i].subj, want[i].pred, want[i].obj, 0);
		ck_assert_msg(x != NULL, "%s | %s | %s", want[i].subj, want[i].pred,
			      want[i].obj);
		ck_assert_msg(x->obj.qty == want[i].qty && near(x->obj.value, want[i].value),
			      "%s: quantity %d %g", want[i].obj, x->obj.qty, x->obj.value);
	}
	/* what was said is a clause: no quantity; its own fact has them */
	const sm_fact_t *x = find(d, "TimeWarner", "says",
				  "fourth quarter sales rose 2% to $11.1bn from $10.9bn", 0);
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(x->obj.role, SM_ROLE_COMPLEMENT);
	ck_assert_int_eq(x->obj.qty, SM_QTY_NONE);
	x = find(d, "fourth quarter sales", "rise", "2%", 0);
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(x->subj.qty, SM_QTY_NONE);
	ck_assert_int_eq(x->obj.qty, SM_QTY_PERCENT);
	ck_assert(x->obj.value == 2);
	ck_assert(near(arg_qty(x, "to", "$11.1bn", SM_QTY_NUMBER), 11.1e9));
	/* shares: a number word before a share word, "a quarter point",
	 * "by half" */
	x = find(d, "Two thirds of staff", "vote for", "deal", 0);
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(x->subj.qty, SM_QTY_FRACTION);
	ck_assert(near(x->subj.value, 0.666666));
	x = find(d, "bank", "cuts", "its rate", 0);
	ck_assert_ptr_nonnull(x);
	ck_assert(arg_qty(x, "by", "quarter point", SM_QTY_FRACTION) == 0.25);
	x = find(d, "strike", "cuts", "output", 0);
	ck_assert_ptr_nonnull(x);
	ck_assert(arg_qty(x, "by", "half", SM_QTY_FRACTION) == 0.5);
	free_fixture(&fx);
}
END_TEST

/* Appositions of two places (places.conllu): "Malibu, California" is a
 * place and its region, "Malibu | is in | California", never a key fact;
 * a fixture, a list, an alias in brackets or two countries give no fact.
 * They once gave "Malibu | is | California", "Cyprus | is | France v",
 * "Cardiff | is | Bangor, Aberystwyth and Wrexham", "Camden Market | is
 * | UK" as key facts. */
START_TEST(test_sm_facts_run_places)
{
	static const struct {
		const char *subj, *obj, *text;
	} in[] = {
		{ "Malibu", "California", "Malibu" },
		{ "Camden Market", "London", "Camden Market" }, /* the city, not "UK" */
		{ "Lordstown", "Ohio", "Lordstown" },           /* not "its 5,000 ..." */
	};
	static const size_t max_key[] = { 5, 40 };
	fixture_t fx;
	load_fixture(&fx, "places.conllu");
	const sm_doc_t *d = fx.d;
	for (size_t r = 0; r < sizeof max_key / sizeof max_key[0]; r++) {
		ck_assert_int_eq(sm_facts_run(fx.f, fx.d, max_key[r]), SM_OK);
		for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
			const sm_fact_t *x = find(d, in[i].subj, "is in", in[i].obj, 0);
			ck_assert_msg(x != NULL, "%s | is in | %s", in[i].subj, in[i].obj);
			ck_assert_int_eq(x->kind, SM_FACT_APPOS);
			ck_assert_int_eq(x->obj.role, SM_ROLE_PLACE);
			ck_assert_str_eq(x->subj.text, in[i].text);
			ck_assert_str_eq(x->rel, "is in");
			ck_assert_uint_ge((size_t)(x - d->facts), d->n_key_facts);
		}
		/* no other fact joins two places */
		size_t places = 0;
		for (size_t i = 0; i < d->n_facts; i++) {
			const sm_fact_t *y = &d->facts[i];
			if (y->subj.ent == SM_ENT_LOC && y->obj.norm &&
			    y->obj.ent == SM_ENT_LOC && y->kind == SM_FACT_APPOS)
				places++;
		}
		ck_assert_uint_eq(places, sizeof in / sizeof in[0]);
		ck_assert_uint_gt(d->n_key_facts, 0);
	}
	/* a person's apposition stays as it was */
	const sm_fact_t *x = find(d, "Vladimir Putin", "is", "Russia's president", 0);
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(x->obj.role, SM_ROLE_OBJ);
	/* Open IE keeps the containment for CaRB */
	sm_buf_t b = { 0 };
	ck_assert_int_eq(sm_facts_set_openie(fx.f, 1), SM_OK);
	ck_assert_int_eq(sm_facts_run(fx.f, fx.d, 5), SM_OK);
	ck_assert_int_eq(sm_facts_render_carb(fx.d, &b), SM_OK);
	ck_assert_ptr_nonnull(strstr(b.p, "\tis in\tMalibu\tCalifornia\n"));
	ck_assert_ptr_null(strstr(b.p, "\tCyprus\t"));
	sm_buf_free(&b);
	free_fixture(&fx);
}
END_TEST

/* find_prefix - a stated or implied fact whose object starts with obj. */
static const sm_fact_t *find_prefix(const sm_doc_t *d, const char *subj,
				    const char *pred, const char *obj)
{
	for (size_t i = 0; i < d->n_facts; i++) {
		const sm_fact_t *x = &d->facts[i];
		if (x->subj.norm && !strcmp(x->subj.norm, subj) && x->pred &&
		    !strcmp(x->pred, pred) && x->obj.norm &&
		    !strncmp(x->obj.norm, obj, strlen(obj)))
			return x;
	}
	return NULL;
}

/* find_subject - find_prefix's fact, which must exist and whose subject
 * must read text in the article. */
static const sm_fact_t *find_subject(const sm_doc_t *d, const char *subj,
				     const char *pred, const char *obj,
				     const char *text)
{
	const sm_fact_t *x = find_prefix(d, subj, pred, obj);
	ck_assert_ptr_nonnull(x);
	ck_assert_str_eq(x->subj.text, text);
	return x;
}

/* run_text - the whole pipeline over the NUL-terminated text in d. */
static void run_text(sm_pipeline_t *p, sm_doc_t *d, const char *text)
{
	ck_assert_int_eq(sm_doc_set_input(d, text, strlen(text), NULL, NULL, NULL),
			 SM_OK);
	ck_assert_int_eq(sm_pipeline_run(p, d), SM_OK);
}

/* The seed article and a few short texts through the real chain (tagger,
 * parser, NER, scorer), with the shipped models. */
START_TEST(test_sm_facts_run_pipeline)
{
	sm_models_t *m = NULL;
	sm_pipeline_t *p = NULL;
	sm_doc_t *d = NULL;
	sm_config_t cfg;
	char path[1024];
	size_t len = 0;
	/* The models ship with the source: failing to load them is a failure,
	 * not a reason to skip. */
	ck_assert_int_eq(sm_models_load(test_models_dir(), NULL, SM_LOAD_ALL, &m, NULL, 0), SM_OK);
	sm_config_init(&cfg);
	cfg.facts = SM_FACTS_ALL;
	ck_assert_int_eq(sm_pipeline_new(m, &cfg, &p), SM_OK);
	ck_assert_int_eq(sm_doc_new(&d), SM_OK);
	char *text = test_read_file(test_src_path(path, sizeof path,
				    "corpus/rare-earths-2025-09-05.txt"), &len);
	ck_assert_ptr_nonnull(text);
	ck_assert_int_eq(sm_doc_set_input(d, text, len, NULL, NULL, NULL), SM_OK);
	ck_assert_int_eq(sm_pipeline_run(p, d), SM_OK);
	ck_assert_ptr_nonnull(find_prefix(d, "US", "receives", "half of royalties"));
	ck_assert_ptr_nonnull(find_prefix(d, "Russia", "holds",
		"world's fifth-largest reserves of rare earth metals"));
	const sm_fact_t *x = find_prefix(d, "US", "provides",
					 "direct financial or military assistance");
	ck_assert_ptr_nonnull(x);
	ck_assert_ptr_nonnull(arg_with(x, "to", "Ukraine"));
	ck_assert_ptr_nonnull(find_prefix(d, "agreement", "lists", "55 minerals"));
	x = find_prefix(d, "China", "tightens", "export restrictions on certain rare earths");
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(x->tense, SM_TENSE_PERFECT);
	int seen = 0;
	for (size_t i = 0; i < d->n_facts; i++) {
		const sm_fact_t *y = &d->facts[i];
		if (y->subj.norm && !strcmp(y->subj.norm, "pact") && y->pred &&
		    !strcmp(y->pred, "creates")) {
			ck_assert_int_eq(y->negated, 1);
			seen = 1;
		}
	}
	ck_assert(seen);
	/* hard-wrapped wire copy: a name across a line break is normalized
	 * to one line, also where a later mention borrows it ("Tower said") */
	static const char wrapped[] =
		"The company said on Monday that its board chairman, John\n"
		"Tower, told a press conference in New York that it would\n"
		"cut costs by closing two of its plants in the state of Ohio and\n"
		"selling its trucking unit. Tower said the plan would save the\n"
		"company about 40 mln dlrs a year from next year onwards.\n";
	run_text(p, d, wrapped);
	int tower = 0;
	for (size_t i = 0; i < d->n_facts; i++) {
		const sm_fact_t *y = &d->facts[i];
		ck_assert_ptr_null(y->subj.norm ? strchr(y->subj.norm, '\n') : NULL);
		ck_assert_ptr_null(y->obj.norm ? strchr(y->obj.norm, '\n') : NULL);
		tower += y->subj.norm && !strcmp(y->subj.norm, "John Tower");
	}
	/* "Tower said", and "its board chairman, John Tower, told" read as
	 * the person (fx_subject_name) */
	ck_assert_int_ge(tower, 2);
	/* the pronoun subject of reported speech is the speaker only when
	 * it can be: "it" is never a person, "they" never one speaker */
	static const char speech[] =
		"Manchester United manager Alex Ferguson said it was a great night "
		"for the club.\n\nApple said it would open a new store in Paris "
		"next year.\n\nAlex Ferguson said they were tired after the long "
		"season.\n";
	run_text(p, d, speech);
	find_subject(d, "Apple", "opens", "new store", "it");
	find_subject(d, "it", "is great night for", "club", "it");
	ck_assert_ptr_null(find_prefix(d, "Alex Ferguson", "is great night for", "club"));
	find_subject(d, "they", "are tired after", "long season", "they");
	ck_assert_ptr_null(find_prefix(d, "Alex Ferguson", "is tired after", "long season"));
	/* what was said is the whole clause, also with a copular head
	 * ("ill", not the old "Jennifer Lopez | says | ill") and when the
	 * parser reads its subject as the object of "said" */
	run_text(p, d, "Jennifer Lopez cancelled an appearance at the premiere "
		 "of her new movie saying she was too ill to fly.\n\nNorfolk "
		 "Southern Corp said it entered into a joint venture with Sovran "
		 "Financial Corp to build the Sovran III Building.\n");
	x = find_subject(d, "Jennifer Lopez", "says", "she was too ill", "Jennifer Lopez");
	ck_assert_str_eq(x->obj.text, "she was too ill to fly");
	ck_assert_ptr_nonnull(find_prefix(d, "Norfolk Southern Corp", "says",
					  "it entered into joint venture"));
	ck_assert_ptr_nonnull(find_prefix(d, "Norfolk Southern Corp", "enters into",
					  "joint venture"));
	/* ... and when it reads the clause's subject as the object and the
	 * verb as a relative clause of it */
	run_text(p, d, "Lotus said the steps bring 1-2-3 Report Writer in line with "
		 "other programs based on the 1-2-3 package.\n");
	ck_assert_ptr_nonnull(find_prefix(d, "Lotus", "says", "steps bring 1-2-3"));
	/* a title belongs to a country or organization it names, else the
	 * whole phrase is the title ("is Minister of | Foreign" before) */
	run_text(p, d, "Federal Reserve chairman Alan Greenspan said rates would rise.\n\n"
		 "Foreign Minister Prince Saud Al-Faisal met the delegation.\n\n"
		 "Italian Prime Minister Silvio Berlusconi said he would stay.\n");
	ck_assert_ptr_nonnull(find(d, "Alan Greenspan", "is", "Federal Reserve chairman", 0));
	ck_assert_ptr_nonnull(find(d, "Prince Saud Al-Faisal", "is", "Foreign Minister", 0));
	ck_assert_ptr_nonnull(find(d, "Silvio Berlusconi", "is Prime Minister of", "Italy", 0));
	/* a party word the recognizer calls MISC owns no title */
	run_text(p, d, "Republican deputy John Smith said taxes would rise.\n");
	ck_assert_ptr_nonnull(find(d, "John Smith", "is", "Republican deputy", 0));
	/* "twenty-third" is a rank, not 20/3 */
	run_text(p, d, "Smith finished twenty-third.\n");
	x = find(d, "Smith", "finishes", "twenty-third", 0);
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(x->obj.qty, SM_QTY_RANK);
	ck_assert(x->obj.value == 23);
	/* the story's company is not the employer of those who speak */
	run_text(p, d, "Economists at Japanese bank Nomura said the economy would shrink.\n\n"
		 "The company said it would cut 500 jobs.\n");
	ck_assert_ptr_null(find(d, "Nomura", "says", NULL, -1));
	ck_assert_ptr_nonnull(find(d, "company", "says", NULL, -1));
	/* a person noun's organization is the employer, not the speaker;
	 * a person in apposition is the speaker */
	run_text(p, d, "An analyst at US broker Merrill Lynch said the shares were cheap.\n\n"
		 "Its chairman, John Tower, told reporters the plan would work.\n");
	ck_assert_ptr_null(find(d, "Merrill Lynch", "says", NULL, -1));
	ck_assert_ptr_nonnull(find(d, "analyst at US broker Merrill Lynch", "says", NULL, -1));
	ck_assert_ptr_nonnull(find(d, "John Tower", "tells", NULL, -1));
	/* a currency conversion in brackets is no apposition fact; an age
	 * or a named apposition still is */
	run_text(p, d, "Pre-tax profit rose by 2.9 percent to 39 million pounds "
		 "($60.6 million).\n\nThe chairman, Werner Mauss, said the results "
		 "were good.\n");
	ck_assert_ptr_null(find_prefix(d, "39 million pounds", "is", ""));
	ck_assert_ptr_nonnull(find_prefix(d, "chairman", "is", "Werner Mauss"));
	run_text(p, d, "The board raised the 1986 dividend (1.20 dlrs a share) "
		 "and set a new record date.\n");
	ck_assert_ptr_nonnull(find_prefix(d, "1986 dividend", "is", "1.20 dlrs"));
	/* a company by its legal form, whatever the recognizer says: one
	 * company speaks and is "it"; two companies agree in the plural */
	run_text(p, d, "C. Itoh and Co Ltd said it will issue bonds.\n\n"
		 "Healthcare Services Of America Inc said it will write off 16 mln "
		 "dlrs.\n\nDixie Yarns Inc and TI-CARO Inc signed a merger "
		 "agreement.\n");
	ck_assert_ptr_nonnull(find(d, "C. Itoh and Co Ltd", "says", NULL, -1));
	ck_assert_ptr_nonnull(find(d, "Healthcare Services Of America Inc", "writes off",
				   NULL, -1));
	ck_assert_ptr_nonnull(find(d, "Dixie Yarns Inc and TI-CARO Inc", "sign",
				   "merger agreement", -1));
	/* a content clause is no reduced passive ("Iran | is acquired");
	 * a person at a company is no company */
	run_text(p, d, "The news that Iran had acquired Silkworm missiles worried "
		 "Washington.\n\nJohn Smith of Shearson Lehman Brothers Inc said "
		 "profits rose.\n");
	x = find(d, "Iran", "acquires", NULL, -1);
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(x->passive, 0);
	x = find(d, "John Smith", "says", NULL, -1);
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(x->subj.ent, SM_ENT_PER);
	/* a passive turned active keeps the preposition with its argument */
	run_text(p, d, "The offer was made to Kuwait by the United States.\n");
	x = find(d, "US", "makes", "offer", -1);
	ck_assert_ptr_nonnull(x);
	ck_assert_ptr_nonnull(arg_with(x, "to", "Kuwait"));
	/* "is to" of news leads is a modality, not a copula */
	run_text(p, d, "Ukraine is to review dozens of state asset sales.\n");
	x = find_prefix(d, "Ukraine", "reviews", "dozens of state asset sales");
	ck_assert_ptr_nonnull(x);
	ck_assert_str_eq(x->modality, "is to");
	ck_assert_str_eq(x->rel, "is to review");
	run_text(p, d, "Ukraine is not to review the sales.\n");
	x = find(d, "Ukraine", "reviews", "sales", -1);
	ck_assert_ptr_nonnull(x);
	ck_assert_str_eq(x->modality, "is to");
	ck_assert_int_eq(x->negated, 1);
	/* "one of X, Y" is no amount in apposition */
	run_text(p, d, "The billboard stands in a square beside one of Deng's most "
		 "stunning innovations, the Shenzhen Stock Exchange, which Deng said "
		 "proved that markets were acceptable under socialism.\n");
	ck_assert_ptr_nonnull(find(d, "one of Deng's most stunning innovations", "is",
				   "Shenzhen Stock Exchange", -1));
	/* "they" of reported speech is a plural speaker, not a singular one */
	run_text(p, d, "Suburban Bancorp Inc and Woodstock State Bancorp Inc said they "
		 "agreed to a merger.\n\nAnalysts said they expected a loss.\n\n"
		 "The bank said they would buy it.\n");
	ck_assert_ptr_nonnull(find(d, "Suburban Bancorp Inc and Woodstock State Bancorp Inc",
				   "agree to", "merger", -1));
	ck_assert_ptr_nonnull(find(d, "Analysts", "expect", "loss", -1));
	ck_assert_ptr_nonnull(find(d, "they", "buy", "it", -1));
	/* a date in apposition, and two names with no mark between, are
	 * no apposition facts; a date is no name with a title */
	run_text(p, d, "India will hold a buying tender on Wednesday, March 4, for "
		 "sugar.\n\nThe American Stock Exchange said the units began trading.\n\n"
		 "Federal officials Sunday confirmed 29 cases of poisoning.\n");
	assert_no_kind(d, SM_FACT_APPOS, SM_FACT_TITLE);
	/* an amount in apposition is a rate or a figure, no fact */
	run_text(p, d, "The company will pay 46 dlrs a share, or a total of about "
		 "452 mln dlrs.\n\nSales were 1.39 billion dlrs, up from 1.26 "
		 "billion dlrs in the same 1986 period.\n");
	assert_no_kind(d, SM_FACT_APPOS, SM_FACT_APPOS);
	/* no calendar quarter, "a second plant" or "a second time" reads as
	 * a fraction, whatever the tagger and parser make of the sentences */
	run_text(p, d, "TimeWarner said fourth quarter sales rose 2% to $11.1bn "
		 "from $10.9bn.\n\nFord plans to build a second plant in India "
		 "for the second time in the first half of this year.\n");
	ck_assert_uint_gt(d->n_facts, 0);
	for (size_t i = 0; i < d->n_facts; i++) {
		const sm_fact_t *y = &d->facts[i];
		ck_assert_int_ne(y->subj.qty, SM_QTY_FRACTION);
		ck_assert_int_ne(y->obj.qty, SM_QTY_FRACTION);
		for (size_t k = 0; k < y->n_args; k++)
			ck_assert_msg(y->args[k].qty != SM_QTY_FRACTION, "%s: fraction",
				      y->args[k].norm);
	}
	/* irregular participles and -ened verbs lemmatize ("risens" and
	 * "intervens in" before the hand-written table entries) */
	run_text(p, d, "The central bank intervened in the market on Monday after "
		 "prices had risen sharply.\n");
	ck_assert_ptr_nonnull(find_prefix(d, "central bank", "intervenes in", "market"));
	x = NULL;
	for (size_t i = 0; i < d->n_facts && !x; i++)
		if (d->facts[i].lemma && !strcmp(d->facts[i].lemma, "rise"))
			x = &d->facts[i];
	ck_assert_ptr_nonnull(x);
	/* an unresolved "This" ranks below a named subject of a later,
	 * lower-scored sentence */
	run_text(p, d, "This is an excellent move by American Express, which will "
		 "sell its advisory arm.\n\nAmerican Express said it would sell its "
		 "financial advisory business to shareholders.\n");
	x = find_subject(d, "This", "is excellent move by", "American Express", "This");
	ck_assert(x->salience < find_subject(d, "American Express", "says", "it would sell",
					     "American Express")->salience);
	/* "the company" of wire copy is the organization the story opens
	 * with, when the name before the first verb is clear */
	run_text(p, d, "Reynolds Metals Co said it filed a registration statement "
		 "with the Securities and Exchange Commission covering a planned "
		 "offering of 200 mln dlrs of convertible debentures.\n\nThe "
		 "company said the debentures will be offered through Goldman "
		 "Sachs and Co.\n");
	x = find_subject(d, "Reynolds Metals Co", "says", "debentures", "The company");
	ck_assert_int_eq(x->subj.ent, SM_ENT_ORG);
	/* so is "It said" and the "it" of what it said */
	run_text(p, d, "Reynolds Metals Co said it filed a registration statement "
		 "with the Securities and Exchange Commission.\n\nIt said the "
		 "debentures will be offered through Goldman Sachs and Co.\n\nIt "
		 "said it expects to earn 2.5 mln dlrs in the first quarter.\n");
	find_subject(d, "Reynolds Metals Co", "says", "debentures", "It");
	find_subject(d, "Reynolds Metals Co", "earns", "2.5 mln dlrs", "it");
	run_text(p, d, "Shares of Du Pont Co rose today after analysts raised their "
		 "earnings estimates for the chemical maker.\n\nThe company said "
		 "it expects first quarter earnings of about 1.85 dlrs a share.\n");
	ck_assert_ptr_nonnull(find_prefix(d, "company", "says", ""));
	ck_assert_ptr_null(find_prefix(d, "Du Pont Co", "says", ""));
	/* a company name ending in a legal form: no title inside it, and
	 * "it" in what it said is the company, "cut" after "said it" a
	 * verb; a lower-case descriptor before it is still its title */
	run_text(p, d, "Australian aluminium producer Comalco Ltd said profits "
		 "rose.\n\nSupermarkets General Corp said its sales rose 7.8 "
		 "pct.\n\nPolly Peck International Plc said it has agreed to "
		 "place 10 mln new shares.\n\nThe Bank of France said it cut "
		 "its intervention rate.\n");
	ck_assert_ptr_nonnull(find(d, "Comalco Ltd", "is aluminium producer of", "Australia", 0));
	ck_assert_ptr_null(find_prefix(d, "Corp", "is", ""));
	ck_assert_ptr_nonnull(find(d, "Polly Peck International Plc", "places",
				   "10 mln new shares", 0));
	ck_assert_ptr_nonnull(find(d, "Bank of France", "cuts", "its intervention rate", 0));
	/* "He" is the one person just named; a control verb agrees with a
	 * plural subject */
	run_text(p, d, "England coach Andy Robinson named his squad on Monday.\n\n"
		 "He said the players were ready.\n\nThe two companies plan to "
		 "merge their networks next year.\n");
	find_subject(d, "Andy Robinson", "says", "players were ready", "He");
	x = find_prefix(d, "two companies", "merge", "their networks");
	ck_assert_ptr_nonnull(x);
	ck_assert_str_eq(x->modality, "plan to");
	/* a passive control verb keeps its voice */
	run_text(p, d, "The company is expected to report higher profits.\n\n"
		 "The two banks are expected to merge next year.\n");
	x = find_prefix(d, "company", "reports", "higher profits");
	ck_assert_ptr_nonnull(x);
	ck_assert_str_eq(x->modality, "is expected to");
	x = find(d, "two banks", "merge", NULL, 0);
	ck_assert_ptr_nonnull(x);
	ck_assert_str_eq(x->modality, "are expected to");
	/* what the object already says is no further argument */
	run_text(p, d, "China is keen to see a smooth resumption of sovereignty.\n");
	x = find_prefix(d, "China", "is", "keen to see");
	ck_assert_ptr_nonnull(x);
	for (size_t k = 0; k < x->n_args; k++)
		ck_assert_msg(!x->args[k].norm || !strstr(x->obj.norm, x->args[k].norm),
			      "argument '%s' repeats the object", x->args[k].norm);
	/* a capitalized noun before a name is a title only when it is a
	 * title word or starts the sentence */
	run_text(p, d, "The Gambling Bill is debated in the Commons on Monday.\n\n"
		 "House Speaker Newt Gingrich said the vote would be close.\n\n"
		 "Actor Tom Hanks plays five roles in the movie.\n");
	ck_assert_ptr_null(find_prefix(d, "Bill", "is", "Gambling"));
	ck_assert_ptr_nonnull(find_prefix(d, "Newt Gingrich", "is", "House Speaker"));
	ck_assert_ptr_nonnull(find_prefix(d, "Tom Hanks", "is", "Actor"));
	/* coordinated people stay both, and take a plural verb; England
	 * is not the UK */
	run_text(p, d, "Gordon Brown and Tony Blair met on Monday.\n\nMr Blair and "
		 "Mr Brown are reported to be cool towards each other.\n\nEngland "
		 "won the first Rugby World Cup Sevens in 1993.\n");
	ck_assert_ptr_nonnull(find_prefix(d, "Mr Blair and Mr Brown", "are", "cool"));
	ck_assert_ptr_null(find_prefix(d, "Gordon Brown", "are", "cool"));
	ck_assert_ptr_nonnull(find_prefix(d, "England", "wins", "first Rugby World Cup"));
	/* a name right after a noun, no comma, is part of the phrase */
	run_text(p, d, "Quarterly profits at US media giant TimeWarner jumped 76% "
		 "to $1.13bn for the three months to December.\n");
	ck_assert_ptr_nonnull(find_prefix(d, "Quarterly profits at US media giant TimeWarner",
					  "jump", "76%"));
	/* a surname reads as the first full name in the body, not as one
	 * in the headline */
	run_text(p, d, "Tony Robinson to quit\n\nEngland coach Andy Robinson "
		 "insisted he was livid after his side were denied two tries in "
		 "the defeat by Australia on Saturday.\n\nRobinson said the "
		 "officials had cost his team the match at Twickenham.\n");
	find_subject(d, "Andy Robinson", "says", "officials had cost", "Robinson");
	free(text);
	sm_doc_free(d);
	sm_pipeline_free(p);
	sm_models_free(m);
}
END_TEST

START_TEST(test_sm_facts_set_openie)
{
	fixture_t fx;
	load_fixture(&fx, "seed.conllu");
	ck_assert_int_eq(sm_facts_set_openie(NULL, 1), SM_EINVAL);
	size_t plain = fx.d->n_facts;
	for (size_t i = 0; i < plain; i++)
		ck_assert_int_eq(fx.d->facts[i].extra, 0);
	ck_assert_int_eq(sm_facts_set_openie(fx.f, 1), SM_OK);
	ck_assert_int_eq(sm_facts_run(fx.f, fx.d, 5), SM_OK);
	ck_assert_uint_gt(fx.d->n_facts, plain);
	float min_stated = 1, max_extra = 0;
	for (size_t i = 0; i < fx.d->n_facts; i++) {
		const sm_fact_t *x = &fx.d->facts[i];
		if (x->implied)
			continue;
		if (x->extra && x->confidence > max_extra)
			max_extra = x->confidence;
		if (!x->extra && x->confidence < min_stated)
			min_stated = x->confidence;
		if (i < fx.d->n_key_facts)
			ck_assert_int_eq(x->extra, 0);
	}
	ck_assert(max_extra < min_stated);
	/* "Putin's announcement" -> Putin | has | announcement */
	const sm_fact_t *x = find(fx.d, "Vladimir Putin", "has", "announcement", 0);
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(x->extra, 1);
	ck_assert_int_eq(sm_facts_set_openie(fx.f, 0), SM_OK);
	ck_assert_int_eq(sm_facts_run(fx.f, fx.d, 5), SM_OK);
	ck_assert_uint_eq(fx.d->n_facts, plain);
	free_fixture(&fx);
}
END_TEST

/* ------------------------------------------------------------- rendering */

START_TEST(test_sm_fact_render_text)
{
	fixture_t fx;
	load_fixture(&fx, "seed.conllu");
	const sm_fact_t *x = find(fx.d, "pact", "creates", "debt for Ukraine", 0);
	ck_assert_ptr_nonnull(x);
	sm_buf_t b = { 0 };
	ck_assert_int_eq(sm_fact_render_text(fx.d, x, &b), SM_OK);
	ck_assert_str_eq(b.p, "pact | creates | debt for Ukraine [tense=present negated "
			      "said_by=\"Officials\" conf=0.70]");
	sm_buf_clear(&b);
	x = find(fx.d, "US", "receives", "half of royalties", 1);
	ck_assert_int_eq(sm_fact_render_text(fx.d, x, &b), SM_OK);
	ck_assert_str_eq(b.p, "US | receives | half of royalties | from Ukraine | "
			      "from any future licences for oil, gas and mineral "
			      "extraction [tense=future modality=\"will\" implied "
			      "fraction=0.5 conf=0.49]");
	ck_assert_int_eq(sm_fact_render_text(NULL, x, &b), SM_EINVAL);
	sm_buf_free(&b);
	free_fixture(&fx);
}
END_TEST

START_TEST(test_sm_facts_render_json)
{
	fixture_t fx;
	load_fixture(&fx, "extra.conllu");
	sm_buf_t b = { 0 };
	ck_assert_int_eq(sm_facts_render_json(fx.d, 0, 0, &b), SM_OK);
	ck_assert_str_eq(b.p, "[]");
	sm_buf_clear(&b);
	ck_assert_int_eq(sm_facts_render_json(fx.d, 0, fx.d->n_facts, &b), SM_OK);
	ck_assert(b.p[0] == '[' && b.p[b.len - 1] == ']');
	ck_assert_ptr_nonnull(strstr(b.p, "\"predicate\":\"raises\""));
	ck_assert_ptr_nonnull(strstr(b.p, "\"quantity\":{\"kind\":\"percent\",\"value\":5.25}"));
	ck_assert_ptr_nonnull(strstr(b.p, "\"date\":\"2025-08\""));
	ck_assert_ptr_nonnull(strstr(b.p, "\"negated\":true"));
	ck_assert_ptr_nonnull(strstr(b.p, "\"attribution\":\"Andrew Bailey\""));
	/* past the end: clipped, still a valid empty array */
	sm_buf_clear(&b);
	ck_assert_int_eq(sm_facts_render_json(fx.d, fx.d->n_facts + 3, 2, &b), SM_OK);
	ck_assert_str_eq(b.p, "[]");
	sm_buf_free(&b);
	free_fixture(&fx);
}
END_TEST

START_TEST(test_sm_facts_render_carb)
{
	fixture_t fx;
	load_fixture(&fx, "extra.conllu");
	sm_buf_t b = { 0 };
	ck_assert_int_eq(sm_facts_render_carb(fx.d, &b), SM_OK);
	/* surface forms, the sentence echoed, passive kept as written */
	ck_assert_ptr_nonnull(strstr(b.p,
		"The deal was signed by the two presidents on Monday .\t0.5107\t"
		"was signed\tThe deal\tby the two presidents\ton Monday\n"));
	ck_assert_ptr_nonnull(strstr(b.p,
		"\tsaid\tAndrew Bailey\trates would not rise\n"));
	/* no implied facts in CaRB mode */
	ck_assert_ptr_null(strstr(b.p, "receives"));
	sm_buf_free(&b);
	free_fixture(&fx);

	/* The sentence column is the sentence on one line, in UTF-8: a
	 * sentence wrapped over two input lines, and UTF-16 input. */
	static const char wrapped[] = "The council met on Monday and the mayor\n"
				      "said the budget was fair.\n";
	char u16[2 + 2 * sizeof wrapped];
	size_t n16 = 0;
	u16[n16++] = '\xff';
	u16[n16++] = '\xfe';
	for (size_t i = 0; i + 1 < sizeof wrapped; i++) {
		u16[n16++] = wrapped[i];
		u16[n16++] = 0;
	}
	sm_models_t *m = NULL;
	sm_pipeline_t *p = NULL;
	sm_config_t cfg;
	ck_assert_int_eq(sm_models_load(test_models_dir(), NULL, SM_LOAD_ALL, &m, NULL, 0), SM_OK);
	sm_config_init(&cfg);
	cfg.facts = SM_FACTS_ALL;
	ck_assert_int_eq(sm_pipeline_new(m, &cfg, &p), SM_OK);
	for (int k = 0; k < 2; k++) {
		sm_doc_t *d = NULL;
		ck_assert_int_eq(sm_doc_new(&d), SM_OK);
		ck_assert_int_eq(sm_doc_set_input(d, k ? u16 : wrapped,
						  k ? n16 : sizeof wrapped - 1,
						  NULL, NULL, NULL), SM_OK);
		ck_assert_int_eq(sm_pipeline_run(p, d), SM_OK);
		ck_assert_uint_gt(d->n_facts, 0);
		ck_assert_int_eq(sm_facts_render_carb(d, &b), SM_OK);
		/* every line starts with the whole sentence and a tab */
		size_t lines = 0;
		for (const char *l = b.p; *l; lines++) {
			ck_assert_msg(strncmp(l, "The council met on Monday and the mayor "
					      "said the budget was fair.\t", 66) == 0,
				      "line %zu: %s", lines, l);
			const char *nl = strchr(l, '\n');
			ck_assert_ptr_nonnull(nl);
			l = nl + 1;
		}
		ck_assert_uint_gt(lines, 0);
		sm_buf_clear(&b);
		sm_doc_free(d);
	}
	sm_buf_free(&b);
	sm_pipeline_free(p);
	sm_models_free(m);
}
END_TEST

START_TEST(test_sm_fact_role_name)
{
	ck_assert_str_eq(sm_fact_role_name(SM_ROLE_RECIPIENT), "recipient");
	ck_assert_str_eq(sm_fact_role_name(SM_ROLE_TIME), "time");
	ck_assert_str_eq(sm_fact_role_name(-1), "other");
	ck_assert_str_eq(sm_fact_role_name(SM_ROLE_COUNT), "other");
	ck_assert_str_eq(sm_fact_tense_name(SM_TENSE_PERFECT), "perfect");
	ck_assert_str_eq(sm_fact_tense_name(99), "none");
}
END_TEST

/*
 * article_text - the text (and title) of record id from a JSON Lines file
 * of the shared data, plain or gzip; NULL when the file is absent.
 */
static char *article_text(const char *rel, const char *id, char **title)
{
	const char *shared = test_shared_dir();
	char path[4096], line[1 << 16];
	char *text = NULL;
	if (!shared)
		return NULL;
	snprintf(path, sizeof path, "%s/%s", shared, rel);
	gzFile gz = gzopen(path, "rb");
	if (!gz)
		return NULL;
	gzbuffer(gz, 1 << 16);
	while (!text && gzgets(gz, line, sizeof line)) {
		json_t *j = json_loads(line, 0, NULL);
		const char *rid = json_string_value(json_object_get(j, "id"));
		if (rid && strcmp(rid, id) == 0) {
			text = strdup(json_string_value(json_object_get(j, "text")));
			const char *t = json_string_value(json_object_get(j, "title"));
			*title = t && *t ? strdup(t) : NULL;
		}
		json_decref(j);
	}
	gzclose(gz);
	return text;
}

/* Facts from real Reuters and BBC articles through the whole chain; the
 * same rules as for the seed, nothing article-specific.  Skipped when the
 * shared data is absent. */
START_TEST(test_sm_facts_run_articles)
{
	static const struct {
		const char *file, *id, *subj, *pred, *obj;
	} want[] = {
		{ "data/news-archive/reuters21578.jsonl.gz", "reuters21578-2",
		  "BP North America", "is subsidiary of", "British Petroleum Co Plc" },
		{ "data/news-archive/reuters21578.jsonl.gz", "reuters21578-2",
		  "venture", "is called", "BP/Standard Financial Trading" },
		{ "data/news-archive/reuters21578.jsonl.gz", "reuters21578-2",
		  "Standard Oil", "operates", "venture" },
		{ "data/summ-dev/pairs.jsonl", "bbc-business-001",
		  "Time Warner", "owns", "8% of search-engine Google" },
		{ "data/summ-dev/pairs.jsonl", "bbc-business-001",
		  "TimeWarner", "is one of", "biggest investors in Google" },
		{ "data/summ-dev/pairs.jsonl", "bbc-politics-001",
		  "Patricia Hewitt", "is", "Industry Secretary" },
		{ "data/summ-dev/pairs.jsonl", "bbc-politics-001",
		  "New mothers", "are entitled to", "90% of average earnings" },
	};
	sm_models_t *m = NULL;
	sm_pipeline_t *p = NULL;
	sm_doc_t *d = NULL;
	sm_config_t cfg;
	if (!test_shared_dir())
		return;
	ck_assert_int_eq(sm_models_load(test_models_dir(), NULL, SM_LOAD_ALL, &m, NULL, 0), SM_OK);
	sm_config_init(&cfg);
	cfg.facts = SM_FACTS_ALL;
	ck_assert_int_eq(sm_pipeline_new(m, &cfg, &p), SM_OK);
	ck_assert_int_eq(sm_doc_new(&d), SM_OK);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		char *title = NULL;
		char *text = article_text(want[i].file, want[i].id, &title);
		ck_assert_msg(text != NULL, "%s not found in %s", want[i].id, want[i].file);
		ck_assert_int_eq(sm_doc_set_input(d, text, strlen(text), want[i].id, title, NULL), SM_OK);
		ck_assert_int_eq(sm_pipeline_run(p, d), SM_OK);
		const sm_fact_t *x = find_prefix(d, want[i].subj, want[i].pred, want[i].obj);
		ck_assert_msg(x != NULL, "%s: %s | %s | %s", want[i].id, want[i].subj,
			      want[i].pred, want[i].obj);
		/* every fact traces back to input bytes */
		ck_assert_uint_le(x->span.end, strlen(text));
		ck_assert_uint_lt(x->span.start, x->span.end);
		free(text);
		free(title);
	}
	sm_doc_free(d);
	sm_pipeline_free(p);
	sm_models_free(m);
}
END_TEST

Suite *suite_facts(void)
{
	Suite *s = suite_create("facts");
	TCase *tc = tcase_create("facts");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_sm_facts_model_load);
	tcase_add_test(tc, test_sm_facts_new);
	tcase_add_test(tc, test_sm_facts_run);
	tcase_add_test(tc, test_sm_facts_run_extra);
	tcase_add_test(tc, test_sm_facts_run_repair_first);
	tcase_add_test(tc, test_sm_facts_run_appos_before);
	tcase_add_test(tc, test_sm_facts_run_stale_subject);
	tcase_add_test(tc, test_sm_facts_run_lemmas);
	tcase_add_test(tc, test_sm_facts_run_quantities);
	tcase_add_test(tc, test_sm_facts_run_places);
	tcase_add_test(tc, test_sm_facts_run_pipeline);
	tcase_add_test(tc, test_sm_facts_set_openie);
	tcase_add_test(tc, test_sm_fact_render_text);
	tcase_add_test(tc, test_sm_facts_render_json);
	tcase_add_test(tc, test_sm_facts_render_carb);
	tcase_add_test(tc, test_sm_fact_role_name);
	tcase_add_test(tc, test_sm_facts_run_articles);
	suite_add_tcase(s, tc);
	return s;
}
