/*
 * test_score.c - suite "score": sentence features and scores on small
 * documents built by hand (test_score_doc below, shared with test_select.c),
 * so the expected numbers can be worked out on paper independently of the
 * tokenizer and stemmer.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "lexicon.h"
#include "score.h"
#include "suites.h"
#include "test_score_doc.h"

#define EPS 1e-4

/* The few stopwords the hand-built documents use. */
static const char *const stops[] = { "the", "a", "to", "at", "of", "on",
				     "in", "and", "is", "it", NULL };

static int is_stop(const char *k)
{
	for (size_t i = 0; stops[i]; i++)
		if (strcmp(stops[i], k) == 0)
			return 1;
	return 0;
}

/*
 * test_score_doc - a document of n sentences given as space-separated
 * tokens.  Keys are lower-cased; the "stem" drops a final 's' from words
 * longer than 3 letters; flags follow the token's characters.  The lexicon
 * records are filled as the stem stage would (stem id, stopword flag).
 * Returns NULL on failure (the test then fails on the NULL).
 */
sm_doc_t *test_score_doc(sm_lexicon_t *lex, const test_sent_t *s, size_t n)
{
	sm_doc_t *doc = NULL;
	if (sm_doc_new(&doc) != SM_OK)
		return NULL;
	size_t ntok = 0;
	for (size_t i = 0; i < n; i++) {
		const char *p = s[i].text;
		while (*p) {
			while (*p == ' ')
				p++;
			if (!*p)
				break;
			ntok++;
			while (*p && *p != ' ')
				p++;
		}
	}
	doc->toks = sm_arena_calloc(doc->arena, ntok + 1, sizeof *doc->toks);
	doc->sents = sm_arena_calloc(doc->arena, n + 1, sizeof *doc->sents);
	if (!doc->toks || !doc->sents)
		goto fail;
	size_t t = 0;
	for (size_t i = 0; i < n; i++) {
		sm_sentence_t *se = &doc->sents[i];
		se->kind = (uint8_t)s[i].kind;
		se->flags = (uint8_t)s[i].flags;
		se->tok = (uint32_t)t;
		se->block = (uint32_t)i;
		se->para = (uint32_t)i;
		const char *p = s[i].text;
		while (*p) {
			char key[64];
			size_t len = 0;
			while (*p == ' ')
				p++;
			if (!*p)
				break;
			sm_token_t *tk = &doc->toks[t++];
			if (*p >= 'A' && *p <= 'Z')
				tk->flags |= SM_TF_CAP;
			if (*p >= '0' && *p <= '9')
				tk->flags |= SM_TF_NUM;
			while (*p && *p != ' ') {
				char c = *p++;
				if (c >= 'A' && c <= 'Z')
					c = (char)(c - 'A' + 'a');
				if (c >= 'a' && c <= 'z' && !(tk->flags & SM_TF_NUM))
					tk->flags |= SM_TF_WORD;
				if (len < sizeof key - 1)
					key[len++] = c;
			}
			key[len] = '\0';
			if (!(tk->flags & (SM_TF_WORD | SM_TF_NUM)))
				tk->flags |= SM_TF_PUNCT;
			if (sm_lexicon_intern(lex, key, len, &tk->key) != SM_OK)
				goto fail;
			if (tk->flags & SM_TF_PUNCT)
				continue;
			size_t sl = len;
			if ((tk->flags & SM_TF_WORD) && len > 3 && key[len - 1] == 's')
				sl--;
			if (sm_lexicon_intern(lex, key, sl, &tk->stem) != SM_OK)
				goto fail;
			sm_lexinfo_t *info = sm_lexicon_info(lex, tk->key);
			info->stem = tk->stem;
			info->flags |= SM_LEX_STEMMED;
			if (is_stop(key)) {
				tk->flags |= SM_TF_STOP;
				info->flags |= SM_LEX_STOP;
			}
		}
		se->ntok = (uint32_t)(t - se->tok);
	}
	doc->n_toks = t;
	doc->n_sents = n;
	doc->stages_done = SM_STAGE_INGEST | SM_STAGE_NORMALIZE |
			   SM_STAGE_SEGMENT | SM_STAGE_TOKENIZE | SM_STAGE_STEM;
	return doc;
fail:
	sm_doc_free(doc);
	return NULL;
}

/* The document most cases use: a title, three body sentences, a heading. */
static const test_sent_t doc1[] = {
	{ SM_BLOCK_TITLE, "Cats win prize", 0 },
	{ SM_BLOCK_BODY, "The cats won the big prize .", SM_SF_PARA_FIRST },
	{ SM_BLOCK_BODY, "Dogs bark at 3 cats .", 0 },
	{ SM_BLOCK_HEADING, "Results", 0 },
	{ SM_BLOCK_BODY, "The prize went to Cats .", SM_SF_PARA_FIRST },
};

START_TEST(test_sm_score_weights_default)
{
	sm_score_weights_t w;
	sm_score_weights_default(&w);
	ck_assert(w.position > 0);
	ck_assert(w.decay > 0);
	ck_assert(w.redundancy >= 0 && w.redundancy < 1);
	ck_assert(w.len_cap > 0);
	sm_score_weights_default(NULL); /* a no-op, not a crash */
}
END_TEST

START_TEST(test_sm_score_model_new)
{
	sm_score_model_t *m = NULL;
	sm_score_weights_t w;
	sm_score_weights_default(&w);
	w.title = 7;
	ck_assert_int_eq(sm_score_model_new(&w, NULL), SM_EINVAL);
	ck_assert_int_eq(sm_score_model_new(&w, &m), SM_OK);
	ck_assert_float_eq(sm_score_model_weights(m)->title, 7);
	ck_assert_double_eq_tol(sm_score_model_redundancy(m), w.redundancy, 1e-6);
	/* no IDF table: every stem has IDF 1 */
	ck_assert_float_eq(sm_score_model_idf(m, "cat", 3), 1.0f);
	sm_score_model_free(m);
	sm_score_model_free(NULL);
}
END_TEST

START_TEST(test_sm_score_model_load)
{
	char dir[4096], err[256] = "";
	sm_score_model_t *m = NULL;
	/* fixture: docs 100, "cat" df 10, "prize" df 100; weights override */
	snprintf(dir, sizeof dir, "%s/score", test_data_dir());
	ck_assert_int_eq(sm_score_model_load(dir, "english", &m, err, sizeof err),
			 SM_OK);
	ck_assert_float_eq_tol(sm_score_model_idf(m, "cat", 3), logf(10.0f), 1e-5);
	ck_assert_float_eq_tol(sm_score_model_idf(m, "prize", 5), 0.0f, 1e-6);
	/* absent stem: ln(docs / 1.5) */
	ck_assert_float_eq_tol(sm_score_model_idf(m, "zebra", 5),
			       logf(100.0f / 1.5f), 1e-5);
	ck_assert_float_eq(sm_score_model_weights(m)->position, 2.5f);
	ck_assert_float_eq(sm_score_model_weights(m)->redundancy, 0.25f);
	sm_score_model_free(m);
	m = NULL;

	/* English needs both files */
	snprintf(dir, sizeof dir, "%s/score-missing", test_data_dir());
	ck_assert_int_eq(sm_score_model_load(dir, NULL, &m, err, sizeof err),
			 SM_EMODEL);
	ck_assert_ptr_null(m);
	ck_assert_ptr_nonnull(strstr(err, "en-idf.tsv"));
	/* another language may do without: uniform IDF, default weights */
	ck_assert_int_eq(sm_score_model_load(dir, "french", &m, err, sizeof err),
			 SM_OK);
	ck_assert_float_eq(sm_score_model_idf(m, "chat", 4), 1.0f);
	sm_score_model_free(m);
	m = NULL;

	/* unknown weight key is an error, not a silent default */
	snprintf(dir, sizeof dir, "%s/score-bad", test_data_dir());
	ck_assert_int_eq(sm_score_model_load(dir, "english", &m, err, sizeof err),
			 SM_EMODEL);
	ck_assert_ptr_nonnull(strstr(err, "en-score.tsv"));
	ck_assert_int_eq(sm_score_model_load(NULL, "english", &m, NULL, 0),
			 SM_EINVAL);

	/* the shipped model loads */
	ck_assert_int_eq(sm_score_model_load(test_models_dir(), "english", &m,
					     err, sizeof err),
			 SM_OK);
	ck_assert(sm_score_model_idf(m, "the", 3) < sm_score_model_idf(m, "zzzqx", 5));
	sm_score_model_free(m);
}
END_TEST

START_TEST(test_sm_score_model_weights)
{
	ck_assert_ptr_null(sm_score_model_weights(NULL));
	ck_assert_double_eq(sm_score_model_redundancy(NULL), 0);
}
END_TEST

START_TEST(test_sm_score_model_redundancy)
{
	sm_score_model_t *m = NULL;
	sm_score_weights_t w;
	sm_score_weights_default(&w);
	w.redundancy = 0.5f;
	ck_assert_int_eq(sm_score_model_new(&w, &m), SM_OK);
	ck_assert_double_eq(sm_score_model_redundancy(m), 0.5);
	sm_score_model_free(m);
}
END_TEST

START_TEST(test_sm_score_model_idf)
{
	ck_assert_float_eq(sm_score_model_idf(NULL, "x", 1), 1.0f);
	/* NULL text is an unknown word of a loaded table, not a crash. */
	sm_score_model_t *m = NULL;
	char err[256];
	ck_assert_int_eq(sm_score_model_load(test_models_dir(), "english", &m, err, sizeof err), SM_OK);
	float unk = sm_score_model_idf(m, "xqzzyvw-not-a-word", 18);
	ck_assert(unk > 0);
	ck_assert_float_eq(sm_score_model_idf(m, NULL, 5), unk);
	ck_assert(sm_score_model_idf(m, "the", 3) < unk);
	sm_score_model_free(m);
}
END_TEST

START_TEST(test_sm_score_state_new)
{
	sm_score_state_t *st = NULL;
	ck_assert_int_eq(sm_score_state_new(NULL), SM_EINVAL);
	ck_assert_int_eq(sm_score_state_new(&st), SM_OK);
	sm_score_state_free(st);
	sm_score_state_free(NULL);
}
END_TEST

START_TEST(test_sm_score_features)
{
	sm_lexicon_t *lex = NULL;
	sm_score_model_t *m = NULL;
	sm_score_state_t *st = NULL;
	const float *f;
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);
	ck_assert_int_eq(sm_score_model_new(NULL, &m), SM_OK);
	ck_assert_int_eq(sm_score_state_new(&st), SM_OK);
	sm_doc_t *doc = test_score_doc(lex, doc1, 5);
	ck_assert_ptr_nonnull(doc);
	ck_assert_int_eq(sm_score_features(m, st, doc, lex, &f), SM_OK);
	const float *b0 = f + 1 * SM_FEAT_N, *b1 = f + 2 * SM_FEAT_N;
	const float *h = f + 3 * SM_FEAT_N, *b2 = f + 4 * SM_FEAT_N;
	/* ranks skip the title and the heading */
	ck_assert_float_eq(b0[SM_FEAT_RANK], 0);
	ck_assert_float_eq(b1[SM_FEAT_RANK], 1);
	ck_assert_float_eq(b2[SM_FEAT_RANK], 2);
	ck_assert_float_eq(b0[SM_FEAT_PARA_FIRST], 1);
	ck_assert_float_eq(b1[SM_FEAT_PARA_FIRST], 0);
	/* words: letters or digits, punctuation excluded */
	ck_assert_float_eq(b0[SM_FEAT_WORDS], 6);
	ck_assert_float_eq(b1[SM_FEAT_WORDS], 5);
	/* title stems cat, win, prize (uniform IDF): b0 has cat + prize */
	ck_assert_float_eq_tol(b0[SM_FEAT_TITLE], 2.0f / 3, EPS);
	ck_assert_float_eq_tol(b1[SM_FEAT_TITLE], 1.0f / 3, EPS);
	ck_assert_float_eq_tol(b2[SM_FEAT_TITLE], 2.0f / 3, EPS);
	/* entities: the number 3 in b1; "Cats" mid-sentence in b2 */
	ck_assert_float_eq_tol(b0[SM_FEAT_ENTITY], 0, EPS);
	ck_assert_float_eq_tol(b1[SM_FEAT_ENTITY], 0.2f, EPS);
	ck_assert_float_eq_tol(b2[SM_FEAT_ENTITY], 0.2f, EPS);
	/* salience: (1 + ln tf) summed: cat tf 3, prize tf 2, others 1 */
	double s0 = 4 + log(3) + log(2), s1 = 2 + 1 + log(3),
	       s2 = 1 + log(2) + 1 + 1 + log(3);
	ck_assert_float_eq_tol(b0[SM_FEAT_SALIENCE], 1.0f, EPS);
	ck_assert_float_eq_tol(b1[SM_FEAT_SALIENCE], (float)(s1 / s0), EPS);
	ck_assert_float_eq_tol(b2[SM_FEAT_SALIENCE], (float)(s2 / s0), EPS);
	/* word frequency (body tf: cat 3, prize 2, others 1), summed over
	 * content tokens and per content token: b0 7 / 4, b1 5 / 3, b2 6 / 3 */
	ck_assert_float_eq_tol(b0[SM_FEAT_FREQ], 1.0f, EPS);
	ck_assert_float_eq_tol(b1[SM_FEAT_FREQ], 5.0f / 7, EPS);
	ck_assert_float_eq_tol(b2[SM_FEAT_FREQ], 6.0f / 7, EPS);
	ck_assert_float_eq_tol(b0[SM_FEAT_FREQ_MEAN], 1.75f / 2, EPS);
	ck_assert_float_eq_tol(b1[SM_FEAT_FREQ_MEAN], (5.0f / 3) / 2, EPS);
	ck_assert_float_eq_tol(b2[SM_FEAT_FREQ_MEAN], 1.0f, EPS);
	/* directed centrality: cos(b0,b1) = 1/(2 sqrt 3), cos(b0,b2) =
	 * 1/sqrt 3, cos(b1,b2) = 1/3 */
	double c01 = 1 / (2 * sqrt(3)), c02 = 1 / sqrt(3), c12 = 1.0 / 3;
	ck_assert_float_eq_tol(b0[SM_FEAT_CENT_FWD], 1.0f, EPS);
	ck_assert_float_eq_tol(b1[SM_FEAT_CENT_FWD], (float)(c12 / (c01 + c02)), EPS);
	ck_assert_float_eq_tol(b2[SM_FEAT_CENT_FWD], 0, EPS);
	ck_assert_float_eq_tol(b0[SM_FEAT_CENT_BWD], 0, EPS);
	ck_assert_float_eq_tol(b1[SM_FEAT_CENT_BWD], (float)(c01 / (c02 + c12)), EPS);
	ck_assert_float_eq_tol(b2[SM_FEAT_CENT_BWD], 1.0f, EPS);
	/* non-body rows are zero */
	for (int k = 0; k < SM_FEAT_N; k++)
		ck_assert_float_eq(h[k], 0);
	/* the IDF of each stem was cached in the lexicon */
	sm_lexinfo_t *info = sm_lexicon_info(lex, sm_lexicon_find(lex, "cat", 3));
	ck_assert(info->flags & SM_LEX_IDF);
	ck_assert_float_eq(info->idf, 1.0f);

	/* the same state serves a second document: results are identical */
	const float *g;
	float keep = b1[SM_FEAT_CENT_FWD];
	ck_assert_int_eq(sm_score_features(m, st, doc, lex, &g), SM_OK);
	ck_assert_float_eq(g[2 * SM_FEAT_N + SM_FEAT_CENT_FWD], keep);
	ck_assert_int_eq(sm_score_features(NULL, st, doc, lex, &g), SM_EINVAL);
	sm_doc_free(doc);
	sm_score_state_free(st);
	sm_score_model_free(m);
	sm_lexicon_free(lex);
}
END_TEST

START_TEST(test_sm_score_combine)
{
	sm_score_weights_t w;
	memset(&w, 0, sizeof w);
	w.position = 1;
	w.decay = 1;
	w.title = 2;
	w.length = 1;
	w.len_cap = 10;
	w.shortp = 0.5f;
	w.short_min = 4;
	float feat[2 * SM_FEAT_N] = { 0 };
	uint8_t kind[2] = { SM_BLOCK_BODY, SM_BLOCK_HEADING };
	feat[SM_FEAT_RANK] = 1;     /* position 1/2 */
	feat[SM_FEAT_TITLE] = 0.5f; /* + 1 */
	feat[SM_FEAT_WORDS] = 3;    /* + 0.3, - 0.5 (short) */
	float out[2];
	sm_score_combine(&w, feat, 2, kind, 1, out);
	ck_assert_float_eq_tol(out[0], 0.5f + 1.0f + 0.3f - 0.5f, 1e-6);
	ck_assert(isinf(out[1]) && out[1] < 0);
	/* NULL weights, features or output: nothing written, no crash. */
	out[0] = out[1] = 7.0f;
	sm_score_combine(NULL, feat, 2, kind, 1, out);
	sm_score_combine(&w, NULL, 2, kind, 1, out);
	sm_score_combine(&w, feat, 2, kind, 1, NULL);
	ck_assert_float_eq(out[0], 7.0f);
	ck_assert_float_eq(out[1], 7.0f);
}
END_TEST

START_TEST(test_sm_score_run)
{
	sm_lexicon_t *lex = NULL;
	sm_score_model_t *m = NULL;
	sm_score_state_t *st = NULL;
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);
	ck_assert_int_eq(sm_score_model_new(NULL, &m), SM_OK);
	ck_assert_int_eq(sm_score_state_new(&st), SM_OK);
	sm_doc_t *doc = test_score_doc(lex, doc1, 5);
	ck_assert_ptr_nonnull(doc);
	ck_assert_int_eq(sm_score_run(m, st, doc, lex), SM_OK);
	ck_assert(doc->stages_done & SM_STAGE_SCORE);
	/* title and heading can never be picked */
	ck_assert(isinf(doc->sents[0].score) && doc->sents[0].score < 0);
	ck_assert(isinf(doc->sents[3].score) && doc->sents[3].score < 0);
	ck_assert(isfinite(doc->sents[1].score));
	/* the lead sentence, central and on-title, ranks first */
	ck_assert(doc->sents[1].score > doc->sents[2].score);
	ck_assert(doc->sents[1].score > doc->sents[4].score);
	sm_doc_free(doc);

	/* no body sentence at all: fine, every score -inf */
	static const test_sent_t only_head[] = {
		{ SM_BLOCK_TITLE, "Cats", 0 }, { SM_BLOCK_META, "By Ann", 0 },
	};
	doc = test_score_doc(lex, only_head, 2);
	ck_assert_ptr_nonnull(doc);
	ck_assert_int_eq(sm_score_run(m, st, doc, lex), SM_OK);
	ck_assert(isinf(doc->sents[1].score));
	sm_doc_free(doc);

	/* a given title that is not in the text still counts */
	static const test_sent_t no_title[] = {
		{ SM_BLOCK_BODY, "Dogs bark .", 0 },
		{ SM_BLOCK_BODY, "Cats win prize .", 0 },
	};
	doc = test_score_doc(lex, no_title, 2);
	ck_assert_ptr_nonnull(doc);
	doc->title = "Cats win prizes";
	const float *f;
	ck_assert_int_eq(sm_score_features(m, st, doc, lex, &f), SM_OK);
	ck_assert_float_eq_tol(f[SM_FEAT_N + SM_FEAT_TITLE], 1.0f, EPS);
	ck_assert_float_eq_tol(f[SM_FEAT_TITLE], 0.0f, EPS);
	sm_doc_free(doc);
	sm_score_state_free(st);
	sm_score_model_free(m);
	sm_lexicon_free(lex);
}
END_TEST

Suite *suite_score(void)
{
	Suite *s = suite_create("score");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_sm_score_weights_default);
	tcase_add_test(tc, test_sm_score_model_new);
	tcase_add_test(tc, test_sm_score_model_load);
	tcase_add_test(tc, test_sm_score_model_weights);
	tcase_add_test(tc, test_sm_score_model_redundancy);
	tcase_add_test(tc, test_sm_score_model_idf);
	tcase_add_test(tc, test_sm_score_state_new);
	tcase_add_test(tc, test_sm_score_features);
	tcase_add_test(tc, test_sm_score_combine);
	tcase_add_test(tc, test_sm_score_run);
	suite_add_tcase(s, tc);
	return s;
}
