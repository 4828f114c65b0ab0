/*
 * factnorm.c - stage "facts", second half: normalization, implied facts,
 * ranking and rendering.
 *
 *   - predicates: lemma (models/facts/verb-lemmas.tsv, then suffix rules
 *     in the spirit of Minnen et al. 2001 "morpha") and one canonical
 *     present form ("hand over" -> "hands over", "be" -> "is");
 *   - arguments: articles dropped, clitics re-attached, canonical entity
 *     names from the gazetteer (government sense only for actors, not for
 *     places), people by full name on later mentions, quantities parsed
 *     ("half" 0.5, "55", "fifth-largest" rank 5, "3.5%");
 *   - dates resolved against the article date (weekday names to the
 *     nearest such day, before it for past or present tense, after it for
 *     future; month names to the article's year, or the next/previous one
 *     when the tense says so);
 *   - implied facts: converse of transfer verbs (models/facts/converse.tsv),
 *     with an implicit recipient resolved to the counterparty of a
 *     two-party exchange stated in the same sentence;
 *   - ranking by sentence salience, entities and confidence.
 */
#include "facts-int.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ner.h"
#include "render.h"

/* ============================================================ predicates */

static int fn_is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* fn_vowel_at - is w[i] a vowel letter?  The u of "qu" is not (acquir-). */
static int fn_vowel_at(const char *w, size_t i)
{
	return fn_is_vowel(w[i]) && !(w[i] == 'u' && i > 0 && w[i - 1] == 'q');
}

/* fn_vowel_groups - runs of vowels in w[0 .. n): syllables, roughly. */
static int fn_vowel_groups(const char *w, size_t n)
{
	int g = 0;
	for (size_t i = 0; i < n; i++)
		if (fn_vowel_at(w, i) && (i == 0 || !fn_vowel_at(w, i - 1)))
			g++;
	return g;
}

static int fn_ends(const char *w, size_t n, const char *suf)
{
	size_t k = strlen(suf);
	return n >= k && memcmp(w + n - k, suf, k) == 0;
}

/*
 * fn_silent_e - did verb stem w[0 .. n) (the form minus -ed or -ing)
 * drop a final e?  produc(ed), jok(ed), issu(ed), compil(ed), eas(ing),
 * upgrad(ed), declar(ed), determin(ed), writh(ing), exchang(ed): yes;
 * visit(ed), offer(ed), open(ed), shout(ed), develop(ed), belong(ed),
 * treat(ed), honour(ed), repair(ed): no.  A stem of one short syllable
 * whose consonant did not double kept no e of its own: hop -> hopped, so
 * hop(ed) is "hope".  Longer stems follow their endings; where English
 * has both (ignor(ed) "ignore", honor(ed) "honor") the rule says no and
 * the known lemmas decide (fn_lemma).  Returns 0 (no), 1 (yes) or 2
 * (yes, whatever the known lemmas say: the one short syllable).
 */
static int fn_silent_e(const char *w, size_t n)
{
	if (n < 2)
		return 0;
	char last = w[n - 1], prev = w[n - 2];
	int v1 = fn_vowel_at(w, n - 2);              /* vowel before last */
	int single = v1 && (n < 3 || !fn_vowel_at(w, n - 3));
	int groups = fn_vowel_groups(w, n);
	if (last == 'u')
		return 1;            /* issu, continu, argu, accru, piqu */
	if (fn_is_vowel(last))
		return 0;
	if (last == 't' && prev == 'a' && n >= 3 &&
	    ((w[n - 3] != 'e' && w[n - 3] != 'o') || fn_ends(w, n, "creat")))
		return 1;            /* negotiat, evaluat, creat; not treat, float */
	if (fn_ends(w, n, "uid"))
		return 1;            /* guid */
	if (single && groups == 1 && last != 'w' && last != 'x' && last != 'y')
		return 2;            /* jok, dup, ced, lin, cop, vot, wag: sure */
	if (last == 'v' || last == 'c' || (last == 'z' && prev != 'z'))
		return 1;
	if (last == 'g') {
		if (prev != 'n')
			return prev != 'g';  /* judg, merg, rag; not egg */
		/* exchang, challeng, infring, plung; not belong, bang */
		return (groups >= 2 && !fn_ends(w, n, "ong") &&
			!(fn_ends(w, n, "hang") && !(n >= 5 && w[n - 5] == 'c'))) ||
		       fn_ends(w, n, "ung");  /* not overhang; exchang */
	}
	if (last == 's')             /* eas, pois, criticis, revers, licens */
		return prev != 's' && !fn_ends(w, n, "ocus") && !fn_ends(w, n, "ias");
	if (last == 'h')             /* breath, bath, writh; not smooth, berth */
		return prev == 't' && !fn_ends(w, n, "ooth") && !fn_ends(w, n, "rth");
	if (last == 'l' && !v1)      /* consonant + l: -ble, -ple, -tle ... */
		return prev != 'l' && prev != 'r' && prev != 'w' && prev != 'n';
	if (!single || last == 'w' || last == 'x' || last == 'y')
		return 0;
	/* one vowel letter, then one consonant, after the first syllable */
	switch (last) {
	case 'd': case 'k': case 'b':
		return 1;  /* decid, includ, upgrad, revok, describ */
	case 't':      /* execut, delet, promot; not visit, target */
		return prev == 'u' || fn_ends(w, n, "let") ||
		       fn_ends(w, n, "mot") || fn_ends(w, n, "not");
	case 'n':                    /* determin, combin, postpon; not open */
		return prev == 'i' || fn_ends(w, n, "pon");
	case 'p':
		return prev == 'a';  /* escap, reshap; not develop */
	case 'l':
		return prev == 'i' || prev == 'o' || prev == 'u';  /* compil, consol, schedul */
	case 'r':
		return prev == 'a' || prev == 'i' || prev == 'u';  /* declar, acquir, endur */
	case 'm':
		return prev == 'u' || prev == 'a' || fn_ends(w, n, "com");  /* assum, nicknam, welcom */
	default:
		return 0;
	}
}

/*
 * fn_single_l - does stem w[0 .. n), ending in "ll", double its l only
 * before the suffix, as British spelling does after an unstressed
 * syllable: totall(ed), signall(ing), cancell(ed), fuell(ed), diall(ed),
 * patroll(ed) -> one l; install(ed), recall(ed), spell(ed), quell(ed),
 * fulfill(ed) -> two.
 */
static int fn_single_l(const char *w, size_t n)
{
	if (n < 4 || !fn_ends(w, n, "ll") || !fn_is_vowel(w[n - 3]))
		return 0;
	if (fn_ends(w, n, "uell"))
		return !(n >= 5 && w[n - 5] == 'q');  /* fuel, duel; not quell */
	if (fn_ends(w, n, "iall"))
		return 1;  /* dial, trial */
	if (fn_vowel_groups(w, n) < 2 || fn_is_vowel(w[n - 4]))
		return 0;
	char v = w[n - 3], c = w[n - 4];
	if (v == 'e' || v == 'o' || v == 'u')
		return 1;
	if (v == 'a')
		return c != 'c' && c != 'f' && c != 'h' && c != 'w' &&
		       !(c == 't' && n >= 5 && w[n - 5] == 's');
	return v == 'i' && c == 'c';  /* pencil, stencil */
}

/* fn_known_verb - is w[0 .. n), plus an e when e, a lemma of the model's
 * verb table? */
static int fn_known_verb(const sm_facts_model_t *m, const char *w, size_t n,
			 int e)
{
	char buf[64];
	uint32_t v;
	if (n + 1 > sizeof buf)
		return 0;
	memcpy(buf, w, n);
	buf[n] = 'e';
	return fm_map_find(m, &m->verbs, buf, n + (e != 0), &v);
}

/*
 * fn_lemma - lemma of verb form w (lower case) with PTB class pos: the
 * table first, then rules for -ies/-ied/-ed/-ing/-s.  Writes into dst
 * (cap bytes) and returns dst, or a pointer into the model's pool.
 * The rules give one guess for -ed and -ing; when the guess is no verb
 * the table knows and the other reading (with or without the final e,
 * with the doubled consonant kept) is, that reading wins: "spar(ed)" ->
 * "spare", "ebb(ed)" -> "ebb".
 */
const char *fn_lemma(const sm_facts_model_t *m, const char *w, size_t len,
		     int pos, char *dst, size_t cap)
{
	uint32_t off;
	if (fm_map_find(m, &m->lemma, w, len, &off))
		return m->pool + off;
	if (len + 2 > cap)
		len = cap > 2 ? cap - 2 : 0;
	memcpy(dst, w, len);
	dst[len] = '\0';
	if (pos == P_VB || pos == P_VBP || len < 4)
		return dst;
	if (pos == P_VBZ || (pos != P_VBD && pos != P_VBN && pos != P_VBG)) {
		if (pos != P_VBZ)
			return dst;
		if (len > 4 && fn_ends(dst, len, "ies"))
			strcpy(dst + len - 3, "y");
		else if (fn_ends(dst, len, "quizzes"))
			dst[len - 3] = '\0';
		else if (len > 4 && (fn_ends(dst, len, "shes") ||
				     fn_ends(dst, len, "ches") ||
				     fn_ends(dst, len, "xes") ||
				     fn_ends(dst, len, "sses") ||
				     fn_ends(dst, len, "zzes")))
			dst[len - 2] = '\0';
		else if (dst[len - 1] == 's')
			dst[len - 1] = '\0';
		return dst;
	}
	size_t cut = 0;
	if (pos == P_VBG && len > 4 && fn_ends(dst, len, "ing"))
		cut = 3;
	else if (len > 3 && fn_ends(dst, len, "ed"))
		cut = 2;
	if (!cut)
		return dst;
	if (cut == 2 && len > 4 && fn_ends(dst, len, "ied")) {
		strcpy(dst + len - 3, "y");
		return dst;
	}
	if (cut == 2 && fn_ends(dst, len, "eed")) {
		dst[len - 1] = '\0';
		return dst;
	}
	size_t sl = len - cut;
	dst[sl] = '\0';
	/* the rules' guess and the other reading: lengths, + e when _e */
	size_t guess = sl, other = 0;
	int guess_e = 0, other_e = 0, have_other = 1;
	if (sl >= 3 && dst[sl - 1] == dst[sl - 2] && !fn_is_vowel(dst[sl - 1]) &&
	    dst[sl - 1] != 'l' && dst[sl - 1] != 's' && dst[sl - 1] != 'f' &&
	    (dst[sl - 1] != 'z' || fn_ends(dst, sl, "quizz"))) {
		guess = sl - 1;          /* stepped -> step; ebbed -> ebb */
		other = sl;
	} else if (fn_single_l(dst, sl)) {
		guess = sl - 1;          /* totalled -> total; -> fulfill */
		other = sl;
	} else if (dst[sl - 1] == 'e') {
		have_other = 0;          /* eye(ing), agree(ing) */
	} else {
		guess_e = fn_silent_e(dst, sl);
		have_other = guess_e != 2;  /* wag(ed) is "wage", not "wag" */
		guess_e = guess_e != 0;
		other = sl;
		other_e = !guess_e;
	}
	if (have_other && !fn_known_verb(m, dst, guess, guess_e) &&
	    fn_known_verb(m, dst, other, other_e)) {
		guess = other;
		guess_e = other_e;
	}
	dst[guess] = '\0';
	if (guess_e) {
		dst[guess] = 'e';
		dst[guess + 1] = '\0';
	}
	return dst;
}

/*
 * fn_third_person - "hand over" -> "hands over", "be used" -> "is used":
 * the first word in the third person singular present, the rest as is.
 * Returns the length written (truncated to cap - 1).
 */
size_t fn_third_person(const char *lemma, char *dst, size_t cap)
{
	size_t wl = strcspn(lemma, " ");
	char w[64];
	if (wl >= sizeof w)
		wl = sizeof w - 1;
	memcpy(w, lemma, wl);
	w[wl] = '\0';
	char out[96];
	if (strcmp(w, "be") == 0)
		strcpy(out, "is");
	else if (strcmp(w, "have") == 0)
		strcpy(out, "has");
	else if (strcmp(w, "do") == 0 || strcmp(w, "go") == 0)
		snprintf(out, sizeof out, "%ses", w);
	else if (wl == 0)
		out[0] = '\0';
	else if (wl >= 2 && w[wl - 1] == 'y' && !fn_is_vowel(w[wl - 2]))
		snprintf(out, sizeof out, "%.*sies", (int)(wl - 1), w);
	else if (w[wl - 1] == 's' || w[wl - 1] == 'x' || w[wl - 1] == 'z' ||
		 w[wl - 1] == 'o' ||
		 (wl >= 2 && (strcmp(w + wl - 2, "ch") == 0 ||
			      strcmp(w + wl - 2, "sh") == 0)))
		snprintf(out, sizeof out, "%ses", w);
	else
		snprintf(out, sizeof out, "%ss", w);
	int n = snprintf(dst, cap, "%s%s", out, lemma + strcspn(lemma, " "));
	if (n < 0)
		n = 0;
	return (size_t)n < cap ? (size_t)n : cap - 1;
}

const char *fn_modal_label(const sm_facts_model_t *m, const char *w,
			   size_t len, int *kind)
{
	uint32_t v;
	if (!fm_map_find(m, &m->modal, w, len, &v))
		return NULL;
	*kind = (int)(v & 3);
	return m->pool + (v >> 2);
}

int fn_is_attr_verb(const sm_facts_model_t *m, const char *lemma)
{
	uint32_t v;
	return fm_map_find(m, &m->attr, lemma, strlen(lemma), &v);
}

/* ============================================================= arguments */

/* fn_join - the compact text of the set: normalized token texts, articles
 * dropped, no space before clitics and closing punctuation. */
int fn_join(sm_buf_t *b, const sm_doc_t *doc, const fx_sent_t *s,
	    const fx_set_t *set, int drop_articles, int only_from)
{
	sm_buf_clear(b);
	int prev_open = 1, rc = SM_OK;
	for (int i = 0; rc == SM_OK && i < s->n; i++) {
		if (!bs_has(set, i))
			continue;
		/* only_from >= 0: only the noun phrase part (no cop/aux/neg) */
		if (only_from >= 0 && (s->R[i] == R_COP || s->R[i] == R_AUX ||
				       s->R[i] == R_AUX_PASS || fx_is_neg(s, i) ||
				       s->P[i] == P_RB))
			continue;
		if (drop_articles && s->P[i] == P_DT &&
		    (fx_is(s, i, "the") || fx_is(s, i, "a") || fx_is(s, i, "an")))
			continue;
		sm_str_t t = sm_doc_tok_text(doc, s->base + (size_t)i);
		if (t.len == 2 && t.p[0] == '`' && t.p[1] == '`')
			t.p = "\"", t.len = 1;
		else if (t.len == 2 && t.p[0] == '\'' && t.p[1] == '\'')
			t.p = "\"", t.len = 1;
		int glue = prev_open || s->P[i] == P_POS ||
			   (t.len == 1 && strchr(",.;:%)!?", t.p[0])) ||
			   (t.len >= 2 && t.p[0] == '\'' && isalpha((unsigned char)t.p[1])) ||
			   (t.len == 3 && memcmp(t.p, "n't", 3) == 0);
		if (!glue)
			rc = sm_buf_append(b, " ", 1);
		if (rc == SM_OK)
			rc = sm_buf_append(b, t.p, t.len);
		prev_open = t.len == 1 && (t.p[0] == '(' || t.p[0] == '$');
	}
	if (rc == SM_OK && !b->p)
		rc = sm_buf_append(b, "", 0);
	return rc;
}

/* fn_parse_number - "55", "1,000", "3.5", "10.9bn", "5%" -> value. */
static int fn_parse_number(const char *p, size_t len, double *v, int *pct,
			   double *mult_out)
{
	char tmp[48];
	size_t n = 0;
	*pct = 0;
	*mult_out = 1;
	size_t i = 0;
	for (; i < len && n + 1 < sizeof tmp; i++) {
		char c = p[i];
		if (c == ',')
			continue;
		if ((c >= '0' && c <= '9') || c == '.')
			tmp[n++] = c;
		else
			break;
	}
	if (n == 0 || !(tmp[0] >= '0' && tmp[0] <= '9'))
		return 0;
	tmp[n] = '\0';
	*v = strtod(tmp, NULL);
	const char *rest = p + i;
	size_t rl = len - i;
	if (rl == 1 && rest[0] == '%')
		*pct = 1;
	else if (rl == 2 && memcmp(rest, "bn", 2) == 0)
		*mult_out = 1e9;
	else if ((rl == 1 && rest[0] == 'm') || (rl == 2 && memcmp(rest, "mn", 2) == 0))
		*mult_out = 1e6;
	else if (rl == 2 && memcmp(rest, "tn", 2) == 0)
		*mult_out = 1e12;
	else if (rl == 1 && rest[0] == 'k')
		*mult_out = 1e3;
	else if (rl > 0 && !(rl == 2 && (memcmp(rest, "th", 2) == 0 ||
					 memcmp(rest, "st", 2) == 0 ||
					 memcmp(rest, "nd", 2) == 0 ||
					 memcmp(rest, "rd", 2) == 0)))
		return 0;
	return 1;
}

/*
 * fn_num_word - the number-table entry of the word (p, len), lower case,
 * or NULL.  A plural ordinal reads as its singular ("fifths" -> "fifth")
 * so that "two fifths" is a share like "two thirds".
 */
static const fm_num_t *fn_num_word(const sm_facts_model_t *m, const char *p,
				   size_t len)
{
	uint32_t idx;
	if (fm_map_find(m, &m->number, p, len, &idx))
		return &m->num[idx];
	if (len > 1 && p[len - 1] == 's' &&
	    fm_map_find(m, &m->number, p, len - 1, &idx) &&
	    m->num[idx].kind == SM_QTY_RANK)
		return &m->num[idx];
	return NULL;
}

/* fn_num_tok - fn_num_word of sentence token i; NULL out of range. */
static const fm_num_t *fn_num_tok(const sm_facts_model_t *m,
				  const fx_sent_t *s, int i)
{
	char w[48];
	if (i < 0 || i >= s->n)
		return NULL;
	size_t wl = fx_lower(s, i, w, sizeof w);
	return fn_num_word(m, w, wl);
}

/* fn_is_year - sentence token i is a year number, 1900 to 2099. */
static int fn_is_year(const fx_sent_t *s, int i)
{
	if (i < 0 || i >= s->n)
		return 0;
	sm_str_t t = sm_doc_tok_text(s->doc, s->base + (size_t)i);
	if (t.len != 4 || !(memcmp(t.p, "19", 2) == 0 || memcmp(t.p, "20", 2) == 0))
		return 0;
	return isdigit((unsigned char)t.p[2]) && isdigit((unsigned char)t.p[3]);
}

/* fn_share_of - token i is "of" and no year follows it: "a quarter of the
 * shares" names a share, "the last quarter of 2004" a period. */
static int fn_share_of(const fx_sent_t *s, int i)
{
	return i < s->n && fx_is(s, i, "of") && !fn_is_year(s, i + 1);
}

/* fn_before_noun - token i modifies the word after it: a noun, adjective,
 * number or gerund follows, maybe after an adverb ("a third term",
 * "quarter earnings", "a fourth straight win" with "straight" read as an
 * adverb). */
static int fn_before_noun(const fx_sent_t *s, int i)
{
	if (i + 1 < s->n && s->P[i + 1] == P_RB)
		i++;
	if (i + 1 >= s->n)
		return 0;
	int p = s->P[i + 1];
	return p == P_NN || p == P_NNP || p == P_JJ || p == P_CD || p == P_VBG;
}

/* fn_period_noun - "quarter" or "half" (or a plural): the share words
 * that also name a part of a year or of a match. */
static int fn_period_noun(const fx_sent_t *s, int i)
{
	return i >= 0 && i < s->n &&
	       (fx_is(s, i, "quarter") || fx_is(s, i, "quarters") ||
		fx_is(s, i, "half") || fx_is(s, i, "halves"));
}

/* fn_dates_period - ordinal i names which period: "quarter" or "half"
 * follows, maybe after "fiscal", "calendar" or "financial" ("the fourth
 * quarter", "a second half", "the second fiscal quarter"). */
static int fn_dates_period(const fx_sent_t *s, int i)
{
	if (i + 2 < s->n && (fx_is(s, i + 1, "fiscal") || fx_is(s, i + 1, "calendar") ||
			     fx_is(s, i + 1, "financial")))
		i++;
	return fn_period_noun(s, i + 1);
}

/* fn_modified - token i follows a word that makes it part of a longer
 * name for a period or a place: a determiner other than "a"/"an", a
 * possessive, an adjective, a noun, a number, a participle or an ordinal
 * ("the quarter", "its second half", "the year-ago quarter", "the
 * December quarter", "our own half", "the first three quarters"). */
static int fn_modified(const sm_facts_model_t *m, const fx_sent_t *s, int i)
{
	if (i <= 0)
		return 0;
	int p = s->P[i - 1];
	const fm_num_t *pn = fn_num_tok(m, s, i - 1);
	if (fx_is(s, i - 1, "a") || fx_is(s, i - 1, "an"))
		return 0;
	return p == P_DT || p == P_PRPS || p == P_POS || p == P_JJ ||
	       p == P_NN || p == P_NNP || p == P_CD || p == P_VBN ||
	       p == P_VBG || (pn && pn->kind == SM_QTY_RANK);
}

/*
 * fn_share_word - is the share word at i ("half", "quarter", "thirds" and
 * plurals) a share here, or a period ("quarter" and "half" of a financial
 * year, "half" of a match or pitch)?  Business news uses both readings,
 * the period one more often: in the archive two in three "quarter"s
 * were "the fourth quarter", "its first quarter", "the next few
 * quarters", "in quarter and in year" of wire tables.  A share:
 *   - before "point(s)" or "percentage": the size of a rate move ("a
 *     quarter point cut", "a further half point"), whatever precedes;
 *   - after "a", "an" or "one" ("a quarter of the shares", "a half
 *     interest in the refinery"), but not "a" of a rate ("40,000 dlrs a
 *     quarter", "once a quarter") nor "a half year".
 * A period, no quantity:
 *   - "quarter(s)" otherwise: a share of something is "a quarter", never
 *     a bare "quarter" (a number before "quarters" is fn_quantity's);
 *   - after a determiner, adjective, ordinal ... (fn_modified): "the
 *     half", "its second half", "the latest half", "our own half";
 *   - before "of" and a year ("half of 2004") or before a word it
 *     modifies ("half year profits", "half net").
 * Otherwise a share: "half of", "more than half", "by half", "half the".
 */
static int fn_share_word(const sm_facts_model_t *m, const fx_sent_t *s, int i)
{
	int quarter = fx_is(s, i, "quarter") || fx_is(s, i, "quarters");
	if (i + 1 < s->n && (fx_is(s, i + 1, "point") || fx_is(s, i + 1, "points") ||
			     fx_is(s, i + 1, "percentage")))
		return 1;
	if (i > 0 && (fx_is(s, i - 1, "a") || fx_is(s, i - 1, "an") ||
		      fx_is(s, i - 1, "one"))) {
		int rate = i > 1 && (s->P[i - 2] == P_CD || s->P[i - 2] == P_NN ||
				     fx_is(s, i - 2, "once") || fx_is(s, i - 2, "twice"));
		return !(rate && !(i + 1 < s->n && fx_is(s, i + 1, "of"))) &&
		       !(i + 1 < s->n && fx_is(s, i + 1, "year"));
	}
	if (quarter || fn_modified(m, s, i))
		return 0;
	if (i + 1 < s->n && fx_is(s, i + 1, "of"))
		return fn_share_of(s, i + 1);
	return !fn_before_noun(s, i);
}

/*
 * fn_ordinal_share - is ordinal i (value r) a share, "a third of"?  Only
 * as a noun after "a", "an" or "one" (or a number: "two fifths"), third
 * and beyond: before "of" (not a year) or ending its phrase ("cut by a
 * third").  "A third term", "a fifth time" count things; "a second" is a
 * unit of time or "another" ("a second plant"), never a half, and
 * "first" never a share at all.
 */
static int fn_ordinal_share(const sm_facts_model_t *m, const fx_sent_t *s,
			    int i, double r)
{
	if (r < 3 || i == 0)
		return 0;
	if (!(fx_is(s, i - 1, "a") || fx_is(s, i - 1, "an") ||
	      fx_is(s, i - 1, "one") || s->P[i - 1] == P_CD))
		return 0;
	if (s->P[i - 1] == P_CD && !fx_is(s, i - 1, "one")) {
		/* a numerator word from two to nine, below the ordinal: "two
		 * thirds", not "twenty fifth" (25th) */
		const fm_num_t *num = fn_num_tok(m, s, i - 1);
		if (!num || num->kind != SM_QTY_NUMBER || num->value < 2 ||
		    num->value > 9 || num->value >= r)
			return 0;
	}
	if (i + 1 < s->n && fx_is(s, i + 1, "of"))
		return fn_share_of(s, i + 1);
	return !fn_before_noun(s, i);
}

/* fn_superlative - the part after the dash of "fifth-largest",
 * "3rd-biggest", "most-watched", "seventh-seeded": a rank word. */
static int fn_superlative(const char *w)
{
	size_t n = strlen(w);
	return (n > 3 && strcmp(w + n - 3, "est") == 0) ||
	       strncmp(w, "most", 4) == 0 || strncmp(w, "least", 5) == 0 ||
	       strcmp(w, "ranked") == 0 || strcmp(w, "seeded") == 0;
}

/*
 * fn_quantity - the quantity of an argument: the first number, percentage,
 * share or rank in its token set; a rank ("fifth-largest") beats the
 * others.  Number words come from models/facts/numbers.tsv, and a word
 * there is a quantity only when its context says so:
 *   - an ordinal is a rank before an adjective ("the fifth largest", "a
 *     sixth straight session") or before a dash and a superlative
 *     ("fifth-largest", "seventh-seeded"), a share as fn_ordinal_share
 *     says ("a third of their value"), and nothing otherwise: "a second
 *     plant", "the third time", "first-quarter", "second-half";
 *   - an ordinal before "quarter" or "half" dates a period ("the fourth
 *     quarter", "a second half") and gives nothing, nor does the period
 *     word (fn_share_word);
 *   - a number word before a share word and "of", or before an ordinal
 *     share, is one share: "two thirds of" 2/3, "one fifth" 0.2,
 *     "one-third of" 1/3 (it used to read as the number 1 or 2), unless
 *     a period: "the first three quarters of the year" (fn_modified);
 *   - digits ("55", "3.5%", "$10.9bn") are numbers or percentages, scaled
 *     by a multiplier word after them ("55 million").
 * The caller leaves clauses out (fn_norm_arg).
 */
static void fn_quantity(const sm_facts_model_t *m, const fx_sent_t *s,
			const fx_set_t *set, sm_fact_arg_t *a)
{
	for (int i = 0; i < s->n; i++) {
		if (!bs_has(set, i))
			continue;
		char w[48];
		size_t wl = fx_lower(s, i, w, sizeof w);
		uint32_t idx;
		const fm_num_t *nw;
		/* "fifth-largest" (rank), "one-third" and "two-fifths" (share) */
		char *dash = strchr(w, '-');
		if (dash && dash != w) {
			const fm_num_t *l = fn_num_word(m, w, (size_t)(dash - w));
			const fm_num_t *r = fn_num_word(m, dash + 1, strlen(dash + 1));
			if (l && l->kind == SM_QTY_RANK && fn_superlative(dash + 1)) {
				a->qty = SM_QTY_RANK;
				a->value = l->value;
				return;
			}
			double v;
			int pct;
			double mul;
			if (fn_parse_number(w, (size_t)(dash - w), &v, &pct, &mul) &&
			    fn_superlative(dash + 1)) {
				a->qty = SM_QTY_RANK;
				a->value = v;
				return;
			}
			if (a->qty == SM_QTY_NONE && l && l->kind == SM_QTY_NUMBER && r &&
			    r->kind == SM_QTY_RANK && l->value >= 20 && l->value < 100 &&
			    fmod(l->value, 10) == 0 && r->value < 10) {
				/* "twenty-third": a rank (23), not 20/3 */
				a->qty = SM_QTY_RANK;
				a->value = l->value + r->value;
				continue;
			}
			if (a->qty == SM_QTY_NONE && l && l->kind == SM_QTY_NUMBER && r &&
			    !fn_modified(m, s, i) &&
			    ((r->kind == SM_QTY_FRACTION && fn_share_of(s, i + 1)) ||
			     (r->kind == SM_QTY_RANK && r->value >= 3 && l->value < r->value &&
			      (fn_share_of(s, i + 1) || !fn_before_noun(s, i))))) {
				a->qty = SM_QTY_FRACTION;
				a->value = r->kind == SM_QTY_RANK ? l->value / r->value :
								   l->value * r->value;
				continue;
			}
		}
		if (a->qty != SM_QTY_NONE)
			continue;
		double v = 0, mul = 1;
		int pct = 0;
		if ((s->P[i] == P_CD || (w[0] >= '0' && w[0] <= '9')) &&
		    fn_parse_number(w, wl, &v, &pct, &mul)) {
			if (i + 1 < s->n && bs_has(set, i + 1)) {
				char nx[32];
				size_t nl = fx_lower(s, i + 1, nx, sizeof nx);
				if (fm_map_find(m, &m->mult, nx, nl, &idx))
					mul = m->num[idx].value;
				else if (strcmp(nx, "%") == 0 ||
					 strcmp(nx, "percent") == 0 ||
					 strcmp(nx, "per") == 0)
					pct = 1;
			}
			a->qty = pct ? SM_QTY_PERCENT : SM_QTY_NUMBER;
			a->value = v * mul;
			continue;
		}
		if (!(nw = fn_num_word(m, w, wl)))
			continue;
		if (nw->kind == SM_QTY_RANK) {
			if (fn_dates_period(s, i))
				continue;
			if (fn_ordinal_share(m, s, i, nw->value)) {
				a->qty = SM_QTY_FRACTION;
				a->value = 1.0 / nw->value;
			} else if (i + 1 < s->n && s->P[i + 1] == P_JJ) {
				a->qty = SM_QTY_RANK;
				a->value = nw->value;
			}
			continue;
		}
		if (nw->kind == SM_QTY_FRACTION && !fn_share_word(m, s, i))
			continue;
		double val = nw->value;
		int kind = nw->kind;
		if (i + 1 < s->n && bs_has(set, i + 1)) {
			char nx[32];
			size_t nl = fx_lower(s, i + 1, nx, sizeof nx);
			uint32_t mi;
			const fm_num_t *sh = fn_num_word(m, nx, nl);
			if (fm_map_find(m, &m->mult, nx, nl, &mi)) {
				val *= m->num[mi].value;
			} else if (kind == SM_QTY_NUMBER && sh && !fn_modified(m, s, i) &&
				   ((sh->kind == SM_QTY_FRACTION && fn_share_of(s, i + 2)) ||
				    (sh->kind == SM_QTY_RANK && fn_ordinal_share(m, s, i + 1, sh->value)))) {
				/* "two thirds of", "one fifth" */
				kind = SM_QTY_FRACTION;
				val = sh->kind == SM_QTY_RANK ? val / sh->value : val * sh->value;
				i++;
			}
		}
		a->qty = (uint8_t)kind;
		a->value = val;
	}
}

/*
 * fn_clause_arg - is the argument with token set set and head head a
 * clause: a verb head, or a subject or copula of the head inside the set
 * ("fourth quarter sales rose 2% to $11.1bn", "she was too ill to fly",
 * "to cut 500 jobs", "selling 20% of its stake")?
 */
static int fn_clause_arg(const fx_sent_t *s, const fx_set_t *set, int head)
{
	if (head < 0 || head >= s->n)
		return 0;
	if (fx_is_verb(s->P[head]))
		return 1;
	for (int k = s->kstart[head]; k < s->kstart[head + 1]; k++) {
		int c = s->kids[k];
		int r = s->R[c];
		if ((r == R_NSUBJ || r == R_NSUBJ_PASS || r == R_CSUBJ || r == R_COP) &&
		    bs_has(set, c))
			return 1;
	}
	return 0;
}

/*
 * fn_run_text - the normalized text of document tokens [i, j) as one line,
 * in the arena, or NULL (out of memory).  A name copied from the
 * normalized text can span a line break of the input ("John\nTower" in
 * hard-wrapped wire copy); every run of spaces, tabs and line breaks
 * becomes one space.  (Phrases are joined token by token with single
 * spaces: fn_join.)
 */
static char *fn_run_text(sm_doc_t *doc, size_t i, size_t j)
{
	size_t a = doc->toks[i].norm;
	size_t b = doc->toks[j - 1].norm + doc->toks[j - 1].norm_len;
	char *s = fn_strdup(doc, doc->norm + a, b - a);
	if (!s)
		return NULL;
	char *w = s;
	for (const char *r = s; *r; r++) {
		int sp = *r == ' ' || *r == '\t' || *r == '\n' || *r == '\r';
		if (sp && w > s && w[-1] == ' ')
			continue;
		*w++ = sp ? ' ' : *r;
	}
	*w = '\0';
	return s;
}

/* fn_alias - the gazetteer entry of (p, len), or NULL. */
static const fm_alias_t *fn_alias(const sm_facts_model_t *m, const char *p,
				  size_t len)
{
	uint32_t idx;
	if (!fm_map_find(m, &m->aliases, p, len, &idx))
		return NULL;
	return &m->alias[idx];
}

/* Is sentence token i a capitalized proper noun or adjective ("North")? */
static int fn_name_word(const sm_doc_t *doc, const fx_sent_t *s, int i)
{
	return (doc->toks[s->base + (size_t)i].flags & SM_TF_CAP) &&
	       (s->P[i] == P_NNP || s->P[i] == P_JJ);
}

/*
 * fn_canon_runs - the compact text of set into f->buf2 with every run of
 * proper nouns that is a plain gazetteer name replaced by its canonical
 * form.  Returns the number of replacements (0: buf2 is unchanged text),
 * or a negative status.
 */
static int fn_canon_runs_impl(sm_facts_t *f, const sm_doc_t *doc,
			      const fx_sent_t *s, const fx_set_t *set)
{
	sm_buf_t *b = &f->buf3;
	int nrep = 0, rc = SM_OK;
	char run[256];
	sm_buf_clear(b);
	for (int i = 0; rc == SM_OK && i < s->n; i++) {
		if (!bs_has(set, i))
			continue;
		if (s->P[i] == P_DT && (fx_is(s, i, "the") || fx_is(s, i, "a") ||
					fx_is(s, i, "an")))
			continue;
		const char *canon = NULL;
		int j = i;
		if (s->P[i] == P_NNP) {
			size_t rl = 0;
			while (j < s->n && bs_has(set, j) && s->P[j] == P_NNP) {
				sm_str_t t = sm_doc_tok_text(doc, s->base + (size_t)j);
				if (rl + t.len + 2 > sizeof run)
					break;
				if (rl)
					run[rl++] = ' ';
				memcpy(run + rl, t.p, t.len);
				rl += t.len;
				j++;
			}
			const fm_alias_t *al = fn_alias(f->m, run, rl);
			/* not inside a longer name: "Bank of England", "BP North
			 * America Inc" (a capitalized proper noun or adjective
			 * right before or after the run, in the set or not) */
			int inside = (i >= 2 && fx_is(s, i - 1, "of") &&
				      s->P[i - 2] == P_NNP) ||
				     (j + 1 < s->n && fx_is(s, j, "of") &&
				      s->P[j + 1] == P_NNP) ||
				     (i >= 1 && fn_name_word(doc, s, i - 1)) ||
				     (j < s->n && fn_name_word(doc, s, j));
			if (al && al->sense == FM_SENSE_NAME && !inside)
				canon = f->m->pool + al->canon;
		}
		if (b->len && !(s->P[i] == P_POS || fx_is(s, i, ",") ||
				fx_is(s, i, "%") || fx_is(s, i, ".")))
			rc = sm_buf_append(b, " ", 1);
		if (rc != SM_OK)
			break;
		if (canon) {
			rc = sm_buf_puts(b, canon);
			nrep++;
			i = j - 1;
		} else {
			sm_str_t t = sm_doc_tok_text(doc, s->base + (size_t)i);
			rc = sm_buf_append(b, t.p, t.len);
		}
	}
	if (rc == SM_OK && !b->p)
		rc = sm_buf_append(b, "", 0);
	return rc != SM_OK ? rc : nrep;
}

/* fn_in_list - is (p, len) one of the n words of list? */
static int fn_in_list(const char *p, size_t len, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && memcmp(list[i], p, len) == 0)
			return 1;
	return 0;
}

/* Is the compact phrase (p, len) a bare noun for a company ("company",
 * "firm", "corporation"; not "group", often a group of underwriters)? */
static int fn_company_noun(const char *p, size_t len)
{
	static const char *const nouns[] = { "company", "firm", "corporation" };
	return fn_in_list(p, len, nouns, sizeof nouns / sizeof nouns[0]);
}

/*
 * fn_full_name - the full name of a person whose last word is lw: the
 * first met in the body, else the first at all (news names a person in
 * full at the first mention, and a headline's "Fuming Robinson" is not
 * the body's "Andy Robinson"); NULL when none.  *in_body (if not NULL)
 * says which.
 */
static const char *fn_full_name(const sm_facts_t *f, sm_str_t lw, int *in_body)
{
	const char *full = NULL;
	int body = 0;
	for (size_t i = 0; i < f->n_names && !body; i++) {
		const fx_name_t *nm = &f->names[i];
		if (nm->last_len != lw.len || memcmp(nm->last, lw.p, lw.len) != 0)
			continue;
		if (!full || nm->body)
			full = nm->full;
		body = nm->body;
	}
	if (in_body)
		*in_body = body;
	return full;
}

/* fn_bare - is head the only token of the phrase set? */
static int fn_bare(const fx_sent_t *s, const fx_set_t *set, int head)
{
	for (int i = 0; i < s->n; i++)
		if (bs_has(set, i) && i != head)
			return 0;
	return 1;
}

/*
 * fn_it_says - is the phrase set, headed by head, the bare pronoun "it" as
 * the subject of an attribution verb ("It said", "it added", "it told
 * reporters")?  In wire copy that is the story's company; a company
 * that speaks is not referred to as anything else by "it".
 */
static int fn_it_says(sm_facts_t *f, const fx_sent_t *s, const fx_set_t *set,
		      int head)
{
	int g = s->H[head];
	if (!fx_is(s, head, "it") || s->R[head] != R_NSUBJ || g < 0 ||
	    !fn_bare(s, set, head))
		return 0;
	char w[64], lem[64];
	size_t wl = fx_lower(s, g, w, sizeof w);
	return fn_is_attr_verb(f->m, fn_lemma(f->m, w, wl, s->P[g], lem, sizeof lem));
}

/*
 * fn_he_says - the person a bare "he" or "she" subject stands for when
 * the text leaves one choice: the only person named between the start of
 * the previous body sentence and the pronoun ("Robinson said ... . He
 * added ..."), by the full name met in the body; NULL when there is no
 * person there or more than one.
 */
static const char *fn_he_says(sm_facts_t *f, sm_doc_t *doc, const fx_sent_t *s,
			      const fx_set_t *set, int head)
{
	if (!(fx_is(s, head, "he") || fx_is(s, head, "she")) ||
	    (s->R[head] != R_NSUBJ && s->R[head] != R_NSUBJ_PASS) ||
	    !fn_bare(s, set, head))
		return NULL;
	size_t from = s->base;
	if (s->si > 0 && doc->sents[s->si - 1].kind == SM_BLOCK_BODY)
		from = doc->sents[s->si - 1].tok;
	size_t to = s->base + (size_t)head, ps = 0, pe = 0;
	for (size_t i = from; i < to; i++) {
		if (SM_ENT_TYPE(doc->toks[i].ent) != SM_ENT_PER || !SM_ENT_BEGINS(doc->toks[i].ent))
			continue;
		size_t j = i + 1;
		while (j < to && doc->toks[j].ent == doc->toks[i].ent + 1)
			j++;
		sm_str_t l1 = sm_doc_tok_text(doc, j - 1);
		if (pe > ps) {
			sm_str_t l0 = sm_doc_tok_text(doc, pe - 1);
			if (l0.len != l1.len || memcmp(l0.p, l1.p, l1.len) != 0)
				return NULL; /* two people */
		}
		ps = i;
		pe = j;
		i = j - 1;
	}
	if (pe == ps)
		return NULL;
	int body;
	const char *full = fn_full_name(f, sm_doc_tok_text(doc, pe - 1), &body);
	return body ? full : fn_run_text(doc, ps, pe);
}

/*
 * fn_norm_arg - the normalized form of an argument whose compact token set
 * is set and head token head (sentence-local); fills a->norm, canonical,
 * qty/value.  A clause (fn_clause_arg: what was said, a purpose, a
 * gerund) gets no quantity: it is an event, not an amount, and its first
 * number is no measure of it ("TimeWarner | says | fourth quarter sales
 * rose 2% to $11.1bn" is not 0.25 nor 2 of anything).  The clause's
 * figures are the quantities of its own fact's arguments ("sales | rises
 * | 2% | to $11.1bn"); the ranking still counts them (fn_states_figure).
 * Uses f->buf2 as scratch.
 */
int fn_norm_arg(sm_facts_t *f, sm_doc_t *doc, const fx_sent_t *s,
		const fx_set_t *set, int head, sm_fact_arg_t *a)
{
	int rc = fn_join(&f->buf2, doc, s, set, 1, -1);
	if (rc != SM_OK)
		return rc;
	const char *txt = f->buf2.p;
	size_t len = f->buf2.len;
	const char *canon = NULL;
	/* the whole phrase, or the phrase minus a possessive 's */
	const fm_alias_t *al = fn_alias(f->m, txt, len);
	if (!al && len > 2 && memcmp(txt + len - 2, "'s", 2) == 0)
		al = fn_alias(f->m, txt, len - 2);
	if (al) {
		int place = a->prep && (strcmp(a->prep, "in") == 0 ||
					strcmp(a->prep, "at") == 0 ||
					strcmp(a->prep, "near") == 0 ||
					strcmp(a->prep, "from") == 0 ||
					strcmp(a->prep, "across") == 0);
		if (al->sense == FM_SENSE_GOV && (place || a->role == SM_ROLE_PLACE))
			al = NULL;
		else if (al->sense == FM_SENSE_DEMONYM && s->P[head] != P_JJ &&
			 s->P[head] != P_NNP && s->P[head] != P_NN)
			al = NULL;
	}
	if (al) {
		canon = f->m->pool + al->canon;
		if (!a->ent)
			a->ent = al->type;
	}
	/* people: by the full name, whatever titles go before it and on
	 * later short mentions ("Putin" -> "Vladimir Putin"); not a
	 * coordination ("Mr Blair and Mr Brown" is not "Gordon Brown") */
	int coord = 0;
	for (int i = 0; i < s->n && !coord; i++)
		coord = bs_has(set, i) && s->P[i] == P_CC;
	if (!canon && !coord && s->P[head] == P_NNP) {
		int last = head;
		for (int k = s->kstart[head]; k < s->kstart[head + 1]; k++) {
			int c = s->kids[k];
			if (s->R[c] == R_FLAT && c > last && bs_has(set, c))
				last = c;
		}
		canon = fn_full_name(f, sm_doc_tok_text(doc, s->base + (size_t)last), NULL);
		if (canon && !a->ent)
			a->ent = SM_ENT_PER;
	}
	/* "the company" of wire copy is the company the story opens with */
	if (!canon && f->main_org && head > 0 && bs_has(set, head - 1) &&
	    fx_is(s, head - 1, "the") && fn_company_noun(txt, len)) {
		canon = f->main_org;
		a->ent = SM_ENT_ORG;
	}
	/* and so is "it" saying something: "It said ...", "..., it
	 * added" (fn_it_says) */
	if (!canon && f->main_org && fn_it_says(f, s, set, head)) {
		canon = f->main_org;
		a->ent = SM_ENT_ORG;
	}
	/* "He said ...": the one person just named */
	if (!canon && (canon = fn_he_says(f, doc, s, set, head)) != NULL)
		a->ent = SM_ENT_PER;
	if (canon) {
		a->norm = fn_strdup(doc, canon, strlen(canon));
		a->canonical = 1;
	} else if (fn_canon_runs_impl(f, doc, s, set) > 0) {
		/* "United States and Ukraine" -> "US and Ukraine" */
		a->norm = fn_strdup(doc, f->buf3.p, f->buf3.len);
	} else {
		a->norm = fn_strdup(doc, txt, len);
	}
	if (!a->norm)
		return SM_ENOMEM;
	if (!fn_clause_arg(s, set, head))
		fn_quantity(f->m, s, set, a);
	return SM_OK;
}

/* Can token t be part of a name?  A tagged token must be a proper noun;
 * an untagged one (--facts=key tags only the salient sentences) counts
 * when the recognizer ran, which then decides alone. */
static inline int fn_name_token(const sm_facts_t *f, const sm_token_t *t, int have_ner)
{
	return t->pos == SM_POS_NONE ? have_ner : f->m->pos_cls[t->pos] == P_NNP;
}

/*
 * fn_collect_names - people's full names in the document: runs of two or
 * more proper nouns joined by flat (PER entities when NER ran), keyed by
 * their last word, so "Putin" later reads "Vladimir Putin".
 */
int fn_collect_names(sm_facts_t *f, sm_doc_t *doc)
{
	f->n_names = 0;
	int have_ner = (doc->stages_done & SM_STAGE_NER) != 0;
	for (size_t si = 0; si < doc->n_sents; si++) {
		const sm_sentence_t *st = &doc->sents[si];
		size_t end = st->tok + st->ntok;
		for (size_t i = st->tok; i < end; i++) {
			const sm_token_t *t = &doc->toks[i];
			if (!fn_name_token(f, t, have_ner))
				continue;
			if (have_ner && SM_ENT_TYPE(t->ent) != SM_ENT_PER)
				continue;
			size_t j = i + 1;
			while (j < end && fn_name_token(f, &doc->toks[j], have_ner) &&
			       (have_ner ? SM_ENT_TYPE(doc->toks[j].ent) == SM_ENT_PER &&
					   !SM_ENT_BEGINS(doc->toks[j].ent)
					 : f->m->rel_cls[doc->toks[j].rel] == R_FLAT))
				j++;
			if (j - i >= 2) {
				if (f->n_names == f->cap_names) {
					size_t nc = f->cap_names ? f->cap_names * 2 : 16;
					fx_name_t *nn = realloc(f->names, nc * sizeof(*nn));
					if (!nn)
						return SM_ENOMEM;
					f->names = nn;
					f->cap_names = nc;
				}
				sm_str_t last = sm_doc_tok_text(doc, j - 1);
				char *full = fn_run_text(doc, i, j);
				if (!full)
					return SM_ENOMEM;
				fx_name_t *nm = &f->names[f->n_names++];
				nm->last = last.p;
				nm->last_len = last.len;
				nm->body = st->kind == SM_BLOCK_BODY;
				nm->full = full;
			}
			i = j - 1;
		}
	}
	return SM_OK;
}

/*
 * fn_person_noun - is token i (document index) a noun for people who
 * speak or work for an organization ("analyst", "economists",
 * "spokesman")?  An organization attached to one is their employer, not
 * the subject of the story or of the verb (fn_appos_subject,
 * fx_subject_name).  Case-insensitive; a plural "s" is dropped.
 */
int fn_person_noun(const sm_doc_t *doc, size_t i)
{
	static const char *const people[] = {
		"analyst", "economist", "spokesman", "spokeswoman", "spokesperson",
		"official", "executive", "trader", "dealer", "source", "lawyer",
		"banker", "strategist", "observer", "expert", "researcher",
		"director", "chairman", "president", "chief", "head", "officer",
		"worker", "employee", "critic",
	}; /* not "manager" (a bank is the "lead manager" of a bond issue),
	    * "investor" or "customer" (companies are both) */
	char w[32];
	sm_str_t x = sm_doc_tok_text(doc, i);
	size_t n = x.len < sizeof w ? x.len : sizeof w - 1;
	for (size_t k = 0; k < n; k++)
		w[k] = (char)tolower((unsigned char)x.p[k]);
	if (n > 1 && w[n - 1] == 's')
		n--;
	return fn_in_list(w, n, people, sizeof people / sizeof people[0]);
}

/*
 * fn_appos_subject - does common noun h (sentence-local index of st)
 * belong to the subject of its clause, and is that subject no person?
 * For an organization in apposition to h in the first sentence: "Quarterly
 * profits at US media giant TimeWarner jumped" opens a story about
 * TimeWarner; "Economists at Japanese bank Nomura said" one about what
 * they said, as "Analysts at Merrill Lynch said" does.  Heads out of the
 * sentence, or a climb longer than the sentence, give 0.
 */
static int fn_appos_subject(const sm_facts_t *f, const sm_doc_t *doc,
			    const sm_sentence_t *st, size_t h)
{
	const sm_token_t *t = &doc->toks[st->tok + h];
	if (t->pos == SM_POS_NONE || f->m->pos_cls[t->pos] != P_NN)
		return 0;
	for (size_t steps = 0; steps < st->ntok; steps++) {
		t = &doc->toks[st->tok + h];
		if (f->m->rel_cls[t->rel] == R_NSUBJ)
			return !fn_person_noun(doc, st->tok + h);
		if (t->head < 0 || (size_t)t->head >= st->ntok)
			return 0;
		h = (size_t)t->head;
	}
	return 0;
}

/*
 * fn_find_main_org - the organization a story opens with: the first
 * organization the recognizer found in the first body sentence, before
 * its first verb and heading that verb's subject ("Reynolds Metals Co
 * said ...", not "Analysts at Merrill Lynch said ..." nor "A lawsuit
 * against Texaco Inc was filed ...") or in apposition to a common noun
 * ("Quarterly profits at US media giant TimeWarner jumped"), as one line
 * of text.  f->main_org
 * is NULL when there is none, the sentence was not tagged and parsed, or
 * the name's left edge is in doubt: a capitalized word other than "The",
 * or "of", "&" or ";" right before it ("Total | Health Systems Inc",
 * "Empire of | Carolina Inc", "AT&amp; | T").  Later "the company", "the
 * firm" and "the corporation" read as it (fn_norm_arg).
 */
int fn_find_main_org(sm_facts_t *f, sm_doc_t *doc)
{
	f->main_org = NULL;
	if (!(doc->stages_done & SM_STAGE_NER))
		return SM_OK;
	for (size_t si = 0; si < doc->n_sents; si++) {
		const sm_sentence_t *st = &doc->sents[si];
		if (st->kind != SM_BLOCK_BODY)
			continue;
		size_t end = st->tok + st->ntok;
		for (size_t i = st->tok; i < end; i++) {
			const sm_token_t *t = &doc->toks[i];
			if (t->pos == SM_POS_NONE)
				return SM_OK; /* not tagged: no verb to go by */
			int c = f->m->pos_cls[t->pos];
			if (c == P_VB || c == P_VBD || c == P_VBG || c == P_VBN ||
			    c == P_VBP || c == P_VBZ || c == P_MD)
				return SM_OK;
			if (SM_ENT_TYPE(t->ent) != SM_ENT_ORG)
				continue;
			if (i > st->tok) {
				sm_str_t pw = sm_doc_tok_text(doc, i - 1);
				if (((doc->toks[i - 1].flags & SM_TF_CAP) &&
				     !(pw.len == 3 && memcmp(pw.p, "The", 3) == 0)) ||
				    (pw.len == 2 && memcmp(pw.p, "of", 2) == 0) ||
				    (pw.len == 1 && pw.p[0] == '&') ||
				    (pw.len == 1 && pw.p[0] == ';'))
					return SM_OK;
			}
			size_t j = i + 1;
			while (j < end && SM_ENT_TYPE(doc->toks[j].ent) == SM_ENT_ORG &&
			       !SM_ENT_BEGINS(doc->toks[j].ent))
				j++;
			/* the name's head (its head outside the name) is a
			 * subject, or names a common noun of the subject by
			 * apposition (fn_appos_subject) */
			int subj = 0;
			for (size_t k = i; k < j; k++) {
				int h = doc->toks[k].head;
				if (h == SM_HEAD_NONE)
					return SM_OK; /* not parsed */
				if (h >= 0 && (size_t)h >= i - st->tok && (size_t)h < j - st->tok)
					continue;
				int r = f->m->rel_cls[doc->toks[k].rel];
				subj = r == R_NSUBJ ||
				       (r == R_APPOS && h >= 0 && (size_t)h < st->ntok &&
					fn_appos_subject(f, doc, st, (size_t)h));
				break;
			}
			if (!subj)
				return SM_OK;
			f->main_org = fn_run_text(doc, i, j);
			return f->main_org ? SM_OK : SM_ENOMEM;
		}
		return SM_OK; /* the first body sentence only */
	}
	return SM_OK;
}

/* ================================================================= dates */

/* Days since 1970-01-01 of a civil date (Hinnant's algorithm). */
static long fn_days(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static sm_date_t fn_civil(long z)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp + (mp < 10 ? 3 : -9);
	sm_date_t r = { (int16_t)(y + (m <= 2)), (int8_t)m, (int8_t)d };
	return r;
}

static const char *const weekdays[] = { "monday", "tuesday", "wednesday",
	"thursday", "friday", "saturday", "sunday" };
static const char *const months[] = { "january", "february", "march",
	"april", "may", "june", "july", "august", "september", "october",
	"november", "december" };

/*
 * fn_resolve_date - the date of time argument a against doc->date:
 * "on Friday", "by November", "in 2024", "September 5", "yesterday",
 * "last year".  Leaves a->date zero when nothing resolves.
 */
void fn_resolve_date(const sm_doc_t *doc, const fx_sent_t *s,
		     const fx_set_t *set, int tense, sm_fact_arg_t *a)
{
	(void)set;
	sm_date_t dd = doc->date;
	int deadline = a->prep && (strcmp(a->prep, "by") == 0 ||
				   strcmp(a->prep, "until") == 0 ||
				   strcmp(a->prep, "till") == 0 ||
				   strcmp(a->prep, "before") == 0 ||
				   strcmp(a->prep, "within") == 0);
	if (deadline)
		tense = SM_TENSE_FUTURE;
	int have = dd.year > 0 && dd.month > 0 && dd.day > 0;
	int y = 0, mo = 0, d = 0, wd = -1, rel = 0, unit = 0;
	for (int i = 0; i < s->n; i++) {
		const sm_token_t *t = &doc->toks[s->base + (size_t)i];
		if (t->start < a->span.start || t->end > a->span.end)
			continue;
		char w[32];
		size_t wl = fx_lower(s, i, w, sizeof w);
		for (int k = 0; k < 7; k++)
			if (strcmp(w, weekdays[k]) == 0)
				wd = k;
		for (int k = 0; k < 12; k++)
			if (strcmp(w, months[k]) == 0 ||
			    (wl == 3 && strncmp(w, months[k], 3) == 0) ||
			    (wl == 4 && w[3] == '.' && strncmp(w, months[k], 3) == 0))
				mo = k + 1;
		if (wl == 4 && w[0] >= '1' && w[0] <= '2' && isdigit((unsigned char)w[1]) &&
		    isdigit((unsigned char)w[2]) && isdigit((unsigned char)w[3]))
			y = atoi(w);
		else if (wl >= 1 && wl <= 4 && isdigit((unsigned char)w[0]) &&
			 atoi(w) >= 1 && atoi(w) <= 31)
			d = atoi(w);
		if (strcmp(w, "today") == 0 || strcmp(w, "tonight") == 0)
			rel = 100;
		else if (strcmp(w, "yesterday") == 0)
			rel = 99;
		else if (strcmp(w, "tomorrow") == 0)
			rel = 101;
		else if (strcmp(w, "last") == 0 || strcmp(w, "previous") == 0)
			rel = -1;
		else if (strcmp(w, "next") == 0 || strcmp(w, "coming") == 0)
			rel = 1;
		else if (strcmp(w, "this") == 0)
			rel = rel ? rel : 2;
		else if (strcmp(w, "year") == 0)
			unit = 1;
		else if (strcmp(w, "month") == 0)
			unit = 2;
	}
	sm_date_t r = { 0, 0, 0 };
	if (!have) {
		if (y && mo) {
			r.year = (int16_t)y;
			r.month = (int8_t)mo;
			r.day = (int8_t)(d && mo ? d : 0);
		} else if (y) {
			r.year = (int16_t)y;
		}
		a->date = r;
		return;
	}
	long today = fn_days(dd.year, dd.month, dd.day);
	if (rel >= 99) {
		r = fn_civil(today + (rel - 100));
	} else if (wd >= 0) {
		int cur = (int)((today % 7 + 7 + 3) % 7); /* 1970-01-01 was a Thursday */
		int back = (cur - wd + 7) % 7;
		if (tense == SM_TENSE_FUTURE)
			r = fn_civil(today + ((wd - cur + 7) % 7));
		else
			r = fn_civil(today - back);
	} else if (mo) {
		r.year = (int16_t)(y ? y : dd.year);
		r.month = (int8_t)mo;
		r.day = (int8_t)d;
		if (!y) {
			if (tense == SM_TENSE_FUTURE && mo < dd.month)
				r.year++;
			else if ((tense == SM_TENSE_PAST || tense == SM_TENSE_PERFECT ||
				  tense == SM_TENSE_PAST_PERFECT) && mo > dd.month)
				r.year--;
		}
	} else if (y) {
		r.year = (int16_t)y;
	} else if (unit == 1 && (rel == -1 || rel == 1 || rel == 2)) {
		r.year = (int16_t)(dd.year + (rel == 2 ? 0 : rel));
	} else if (unit == 2 && (rel == -1 || rel == 1 || rel == 2)) {
		int mm = dd.month + (rel == 2 ? 0 : rel);
		r.year = dd.year;
		if (mm < 1) {
			mm += 12;
			r.year--;
		} else if (mm > 12) {
			mm -= 12;
			r.year++;
		}
		r.month = (int8_t)mm;
	}
	a->date = r;
}

/* ========================================================= implied facts */

static int fn_same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* fn_recipient - index of the recipient argument of transfer fact x. */
static int fn_recipient(const sm_facts_model_t *m, const sm_fact_t *x,
			const fm_conv_t *cv)
{
	const char *preps = m->pool + cv->preps;
	for (size_t i = 0; i < x->n_args; i++) {
		const sm_fact_arg_t *a = &x->args[i];
		if (a->text == NULL)
			continue;
		if (a->role == SM_ROLE_RECIPIENT && !a->prep)
			return (int)i;
		if (a->prep && a->role == SM_ROLE_RECIPIENT) {
			size_t pl = strlen(a->prep);
			const char *p = preps;
			while (*p) {
				size_t l = strcspn(p, ",");
				if (l == pl && strncmp(p, a->prep, l) == 0)
					return (int)i;
				p += l;
				if (*p == ',')
					p++;
			}
		}
	}
	return -1;
}

static const fm_conv_t *fn_converse(const sm_facts_model_t *m,
				    const sm_fact_t *x)
{
	uint32_t idx;
	if (!x->lemma || x->kind != SM_FACT_VERB || x->passive == 1)
		return NULL;
	if (fm_map_find(m, &m->converse, x->lemma, strlen(x->lemma), &idx))
		return &m->conv[idx];
	size_t l = strcspn(x->lemma, " ");
	if (fm_map_find(m, &m->converse, x->lemma, l, &idx))
		return &m->conv[idx];
	return NULL;
}

/*
 * fn_implied - converse facts of the transfer facts [first, n_facts) of
 * the current sentence: "X hands over Y to Z" -> "Z receives Y from X".
 * With no recipient, a fact of the same sentence that transfers something
 * to X names the counterparty ("the US will provide ... to Kyiv, while
 * Ukraine will hand over ..." -> the US receives).
 */
int fn_implied(sm_facts_t *f, sm_doc_t *doc, size_t first)
{
	size_t end = f->n_facts;
	for (size_t i = first; i < end; i++) {
		const fm_conv_t *cv = fn_converse(f->m, &f->facts[i]);
		if (!cv || !f->facts[i].obj.norm || f->facts[i].negated)
			continue;
		int ri = fn_recipient(f->m, &f->facts[i], cv);
		sm_fact_arg_t recip;
		if (ri >= 0) {
			recip = f->facts[i].args[ri];
		} else {
			int found = 0;
			for (size_t j = first; j < end && !found; j++) {
				if (j == i)
					continue;
				const fm_conv_t *cj = fn_converse(f->m, &f->facts[j]);
				if (!cj)
					continue;
				int rj = fn_recipient(f->m, &f->facts[j], cj);
				if (rj >= 0 && fn_same(f->facts[j].args[rj].norm,
						       f->facts[i].subj.norm) &&
				    !fn_same(f->facts[j].subj.norm,
					     f->facts[i].subj.norm)) {
					recip = f->facts[j].subj;
					found = 1;
				}
			}
			if (!found)
				continue;
		}
		sm_fact_t *y = NULL;
		if (f->n_facts == f->cap_facts) {
			size_t nc = f->cap_facts * 2;
			sm_fact_t *nf = realloc(f->facts, nc * sizeof(*nf));
			if (!nf)
				return SM_ENOMEM;
			f->facts = nf;
			f->cap_facts = nc;
		}
		y = &f->facts[f->n_facts++];
		const sm_fact_t *x = &f->facts[i];
		*y = *x;
		y->implied = 1;
		y->kind = SM_FACT_IMPLIED;
		y->source = (int32_t)i;
		y->subj = recip;
		y->subj.role = SM_ROLE_SUBJ;
		y->subj.prep = NULL;
		const char *conv = f->m->pool + cv->converse;
		char third[96];
		fn_third_person(conv, third, sizeof third);
		y->lemma = conv;
		y->pred = fn_strdup(doc, third, strlen(third));
		y->rel = y->pred;
		y->confidence = x->confidence * 0.9f;
		/* arguments: the source's, minus the recipient, plus "from X" */
		sm_fact_arg_t *na = sm_arena_calloc(doc->arena, x->n_args + 1,
						    sizeof(*na));
		if (!na || !y->pred)
			return SM_ENOMEM;
		size_t k = 0;
		sm_fact_arg_t src = x->subj;
		src.role = SM_ROLE_SOURCE;
		src.prep = "from";
		na[k++] = src;
		for (size_t j = 0; j < x->n_args; j++)
			if ((int)j != ri && x->args[j].role != SM_ROLE_AGENT)
				na[k++] = x->args[j];
		y->args = na;
		y->n_args = k;
	}
	return SM_OK;
}

/* =============================================================== ranking */

typedef struct {
	float key;
	uint32_t idx;
} fn_rank_t;

static int fn_rank_cmp(const void *a, const void *b)
{
	const fn_rank_t *x = a, *y = b;
	if (x->key != y->key)
		return x->key > y->key ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/*
 * fn_states_figure - does argument a state a figure, for the ranking?
 * Its quantity; or, for a clause, which carries none (fn_norm_arg), a
 * number among the words of its normalized text, the compact clause the
 * reader sees: a number fn_parse_number reads ("2%", "$11.1bn") or a
 * cardinal word ("three").  So "TimeWarner | says | fourth quarter sales
 * rose 2% to $11.1bn" ranks for the figures it reports, as it did when
 * the clause's first number word stood for its quantity.  A clause is a
 * complement or an argument headed by a verb.
 */
static int fn_states_figure(const sm_facts_t *f, const sm_doc_t *doc,
			    const sm_fact_arg_t *a)
{
	if (a->qty)
		return 1;
	if (a->head < 0 || !a->norm)
		return 0;
	const sm_token_t *h = &doc->toks[a->head];
	if (a->role != SM_ROLE_COMPLEMENT &&
	    (h->pos == SM_POS_NONE || !fx_is_verb(f->m->pos_cls[h->pos])))
		return 0;
	for (const char *w = a->norm; *w; ) {
		size_t n = strcspn(w, " ");
		const char *d = w, *e = w + n;
		double v, mul;
		int pct;
		/* "$11.1bn", "£600m", "(3", "2%," */
		while (d < e && !isalnum((unsigned char)*d))
			d++;
		while (e > d && !isalnum((unsigned char)e[-1]) && e[-1] != '%')
			e--;
		if (d < e && fn_parse_number(d, (size_t)(e - d), &v, &pct, &mul))
			return 1;
		char lw[32];
		uint32_t idx;
		if ((size_t)(e - d) < sizeof lw) {
			for (size_t k = 0; k < (size_t)(e - d); k++)
				lw[k] = (char)tolower((unsigned char)d[k]);
			if (fm_map_find(f->m, &f->m->number, lw, (size_t)(e - d), &idx) &&
			    f->m->num[idx].kind == SM_QTY_NUMBER)
				return 1;
		}
		w += n;
		while (*w == ' ')
			w++;
	}
	return 0;
}

/* fn_place_in - "Malibu | is in | California" from an apposition of two
 * places (fx_place_in): geography the reader knows, never a key fact. */
static int fn_place_in(const sm_fact_t *x)
{
	return x->kind == SM_FACT_APPOS && x->obj.role == SM_ROLE_PLACE;
}

/*
 * fn_rank - salience of every fact (sentence score, named or canonical
 * entities, numbers, confidence), sort by it, copy to the arena.  Key
 * facts: the first max_key with distinct triples, at most two from one
 * sentence, never an Open IE extra nor a place's region (fn_place_in).
 */
int fn_rank(sm_facts_t *f, sm_doc_t *doc, size_t max_key)
{
	size_t n = f->n_facts;
	if (n == 0)
		return SM_OK;
	float maxs = 0;
	for (size_t i = 0; i < doc->n_sents; i++)
		if (doc->sents[i].score > maxs)
			maxs = doc->sents[i].score;
	fn_rank_t *rk = malloc(n * sizeof(*rk));
	uint32_t *pos = malloc(n * sizeof(*pos));
	sm_fact_t *out = sm_arena_calloc(doc->arena, n, sizeof(*out));
	int rc = SM_ENOMEM;
	if (!rk || !pos || !out)
		goto done;
	/* position among body sentences, for the no-score prior */
	for (size_t i = 0; i < n; i++) {
		sm_fact_t *x = &f->facts[i];
		const sm_sentence_t *st = &doc->sents[x->sent];
		float sal = maxs > 0 ? st->score / maxs : 1.0f / (1.0f + 0.15f * (float)x->sent);
		if (sal < 0)
			sal = 0;
		float e = 0;
		if (x->subj.canonical || x->subj.ent)
			e += 0.15f;
		if (x->obj.norm && (x->obj.canonical || x->obj.ent ||
				    fn_states_figure(f, doc, &x->obj)))
			e += 0.1f;
		if (!x->obj.norm)
			e -= 0.2f;
		/* a pronoun subject left unresolved ("it", "this", "what",
		 * "those"): a fact only with its sentence */
		int sp = x->subj.head >= 0 ? f->m->pos_cls[doc->toks[x->subj.head].pos ==
						    SM_POS_NONE ? 0 : doc->toks[x->subj.head].pos] : -1;
		if (sp == P_PRP ||
		    ((sp == P_WH || (sp == P_DT && x->subj.span.end - x->subj.span.start ==
					  doc->toks[x->subj.head].end -
					  doc->toks[x->subj.head].start)) && !x->subj.ent))
			e -= 0.2f;
		if (x->attr_verb == NULL && x->lemma &&
		    fn_is_attr_verb(f->m, x->lemma))
			e -= 0.1f;
		if (x->implied)
			e += 0.1f;
		if (x->kind == SM_FACT_APPOS)
			e -= 0.1f;
		x->salience = 0.55f * sal + e + 0.3f * x->confidence;
		if (x->extra)
			x->salience = -1.0f + x->confidence; /* never key */
		rk[i].key = x->salience;
		rk[i].idx = (uint32_t)i;
	}
	qsort(rk, n, sizeof(*rk), fn_rank_cmp);
	for (size_t i = 0; i < n; i++)
		pos[rk[i].idx] = (uint32_t)i;
	for (size_t i = 0; i < n; i++) {
		out[i] = f->facts[rk[i].idx];
		if (out[i].source >= 0)
			out[i].source = (int32_t)pos[out[i].source];
	}
	doc->facts = out;
	doc->n_facts = n;
	/* key facts: the top max_key, without two facts with one triple */
	size_t nk = 0;
	for (size_t i = 0; i < n && nk < max_key; i++) {
		int dup = 0;
		for (size_t j = 0; j < nk; j++)
			if (fn_same(out[j].subj.norm, out[i].subj.norm) &&
			    fn_same(out[j].pred, out[i].pred) &&
			    fn_same(out[j].obj.norm, out[i].obj.norm))
				dup = 1;
		/* at most two key facts from one sentence, for coverage */
		size_t same = 0;
		for (size_t j = 0; j < nk; j++)
			same += out[j].sent == out[i].sent;
		if (dup || out[i].extra || same >= 2 || fn_place_in(&out[i]))
			continue;
		if (i != nk) {
			/* move it up into the key block, keeping order */
			sm_fact_t t = out[i];
			memmove(&out[nk + 1], &out[nk], (i - nk) * sizeof(*out));
			out[nk] = t;
			for (size_t j = 0; j < n; j++) {
				int32_t s = out[j].source;
				if (s < 0)
					continue;
				if ((size_t)s == i)
					out[j].source = (int32_t)nk;
				else if ((size_t)s >= nk && (size_t)s < i)
					out[j].source = s + 1;
			}
		}
		nk++;
	}
	doc->n_key_facts = nk;
	rc = SM_OK;
done:
	free(rk);
	free(pos);
	return rc;
}

/* ============================================================= rendering */

const char *sm_fact_role_name(int role)
{
	static const char *const names[] = { "subject", "object", "recipient",
		"time", "place", "quantity", "purpose", "source", "agent",
		"complement", "qualifier", "other" };
	return role >= 0 && role < SM_ROLE_COUNT ? names[role] : "other";
}

const char *sm_fact_tense_name(int tense)
{
	static const char *const names[] = { "none", "present", "past",
		"future", "perfect", "past perfect" };
	return tense >= 0 && tense < SM_TENSE_COUNT ? names[tense] : "none";
}

static const char *qty_name(int q)
{
	static const char *const names[] = { "none", "number", "fraction",
		"rank", "percent" };
	return q >= 0 && q <= SM_QTY_PERCENT ? names[q] : "none";
}

static int render_date(sm_buf_t *out, sm_date_t d)
{
	if (d.year <= 0)
		return SM_OK;
	if (d.month <= 0)
		return sm_buf_printf(out, "%04d", d.year);
	if (d.day <= 0)
		return sm_buf_printf(out, "%04d-%02d", d.year, d.month);
	return sm_buf_printf(out, "%04d-%02d-%02d", d.year, d.month, d.day);
}

int sm_fact_render_text(const sm_doc_t *doc, const sm_fact_t *x, sm_buf_t *out)
{
	if (!doc || !x || !out)
		return SM_EINVAL;
	int rc = sm_buf_printf(out, "%s | %s", x->subj.norm ? x->subj.norm : "",
			       x->pred ? x->pred : "");
	if (rc == SM_OK && x->obj.norm)
		rc = sm_buf_printf(out, " | %s", x->obj.norm);
	for (size_t i = 0; rc == SM_OK && i < x->n_args; i++) {
		const sm_fact_arg_t *a = &x->args[i];
		if ((a->role == SM_ROLE_AGENT && x->passive == 2) || !a->norm)
			continue;
		rc = sm_buf_printf(out, " | %s%s%s", a->prep ? a->prep : "",
				   a->prep ? " " : "", a->norm ? a->norm : "");
	}
	if (rc != SM_OK)
		return rc;
	rc = sm_buf_printf(out, " [tense=%s", sm_fact_tense_name(x->tense));
	if (rc == SM_OK && x->negated)
		rc = sm_buf_puts(out, " negated");
	if (rc == SM_OK && x->modality)
		rc = sm_buf_printf(out, " modality=\"%s\"", x->modality);
	if (rc == SM_OK && x->attribution)
		rc = sm_buf_printf(out, " said_by=\"%s\"", x->attribution);
	if (rc == SM_OK && x->implied)
		rc = sm_buf_puts(out, " implied");
	for (size_t i = 0; rc == SM_OK && i < x->n_args; i++)
		if (x->args[i].date.year > 0) {
			rc = sm_buf_puts(out, " date=");
			if (rc == SM_OK)
				rc = render_date(out, x->args[i].date);
		}
	const sm_fact_arg_t *qa[2] = { &x->subj, &x->obj };
	for (int i = 0; rc == SM_OK && i < 2; i++)
		if (qa[i]->qty)
			rc = sm_buf_printf(out, " %s=%g", qty_name(qa[i]->qty),
					   qa[i]->value);
	if (rc == SM_OK)
		rc = sm_buf_printf(out, " conf=%.2f]", x->confidence);
	return rc;
}

/* json_str - a JSON string literal (NULL -> null); the shared escaper
 * also turns invalid UTF-8 from the input into U+FFFD. */
static int json_str(sm_buf_t *out, const char *s)
{
	return sm_buf_json_string(out, s, s ? strlen(s) : 0);
}

static int json_arg(sm_buf_t *out, const sm_fact_arg_t *a)
{
	int rc = sm_buf_puts(out, "{\"role\":");
	if (rc == SM_OK) rc = json_str(out, sm_fact_role_name(a->role));
	if (rc == SM_OK) rc = sm_buf_puts(out, ",\"text\":");
	if (rc == SM_OK) rc = json_str(out, a->text);
	if (rc == SM_OK) rc = sm_buf_puts(out, ",\"norm\":");
	if (rc == SM_OK) rc = json_str(out, a->norm);
	if (rc == SM_OK) rc = sm_buf_puts(out, ",\"prep\":");
	if (rc == SM_OK) rc = json_str(out, a->prep);
	if (rc == SM_OK && a->head >= 0)
		rc = sm_buf_printf(out, ",\"start\":%zu,\"end\":%zu",
				   a->span.start, a->span.end);
	if (rc == SM_OK && a->ent)
		rc = sm_buf_printf(out, ",\"entity\":\"%s\"", sm_ent_type_name(a->ent));
	if (rc == SM_OK)
		rc = sm_buf_printf(out, ",\"canonical\":%s", a->canonical ? "true" : "false");
	if (rc == SM_OK && a->qty)
		rc = sm_buf_printf(out, ",\"quantity\":{\"kind\":\"%s\",\"value\":%.15g}",
				   qty_name(a->qty), a->value);
	if (rc == SM_OK && a->date.year > 0) {
		rc = sm_buf_puts(out, ",\"date\":\"");
		if (rc == SM_OK) rc = render_date(out, a->date);
		if (rc == SM_OK) rc = sm_buf_puts(out, "\"");
	}
	if (rc == SM_OK)
		rc = sm_buf_puts(out, "}");
	return rc;
}

int sm_facts_render_json(const sm_doc_t *doc, size_t first, size_t count,
			 sm_buf_t *out)
{
	if (!doc || !out)
		return SM_EINVAL;
	static const char *const kinds[] = { "verb", "copula", "apposition",
		"title", "implied", "possessive" };
	int rc = sm_buf_puts(out, "[");
	size_t end = first < doc->n_facts ? first : doc->n_facts;
	end = count > doc->n_facts - end ? doc->n_facts : end + count;
	for (size_t i = first; rc == SM_OK && i < end; i++) {
		const sm_fact_t *x = &doc->facts[i];
		if (i > first)
			rc = sm_buf_puts(out, ",");
		if (rc == SM_OK) rc = sm_buf_puts(out, "{\"subject\":");
		if (rc == SM_OK) rc = json_arg(out, &x->subj);
		if (rc == SM_OK) rc = sm_buf_puts(out, ",\"predicate\":");
		if (rc == SM_OK) rc = json_str(out, x->pred);
		if (rc == SM_OK) rc = sm_buf_puts(out, ",\"lemma\":");
		if (rc == SM_OK) rc = json_str(out, x->lemma);
		if (rc == SM_OK) rc = sm_buf_puts(out, ",\"relation\":");
		if (rc == SM_OK) rc = json_str(out, x->rel);
		if (rc == SM_OK) rc = sm_buf_puts(out, ",\"object\":");
		if (rc == SM_OK) rc = x->obj.norm ? json_arg(out, &x->obj) : sm_buf_puts(out, "null");
		if (rc == SM_OK) rc = sm_buf_puts(out, ",\"args\":[");
		for (size_t k = 0; rc == SM_OK && k < x->n_args; k++) {
			if (k)
				rc = sm_buf_puts(out, ",");
			if (rc == SM_OK)
				rc = json_arg(out, &x->args[k]);
		}
		if (rc == SM_OK)
			rc = sm_buf_printf(out, "],\"kind\":\"%s\",\"negated\":%s,"
					   "\"tense\":\"%s\",\"passive\":%s,\"modality\":",
					   kinds[x->kind <= SM_FACT_POSS ? x->kind : 0],
					   x->negated ? "true" : "false",
					   sm_fact_tense_name(x->tense),
					   x->passive ? "true" : "false");
		if (rc == SM_OK) rc = json_str(out, x->modality);
		if (rc == SM_OK) rc = sm_buf_puts(out, ",\"attribution\":");
		if (rc == SM_OK) rc = json_str(out, x->attribution);
		if (rc == SM_OK) rc = sm_buf_puts(out, ",\"attribution_verb\":");
		if (rc == SM_OK) rc = json_str(out, x->attr_verb);
		if (rc == SM_OK)
			rc = sm_buf_printf(out, ",\"confidence\":%.4f,\"salience\":%.4f,"
					   "\"key\":%s,\"sentence\":%u,\"start\":%zu,\"end\":%zu,"
					   "\"implied\":%s",
					   x->confidence, x->salience,
					   i < doc->n_key_facts ? "true" : "false",
					   x->sent, x->span.start, x->span.end,
					   x->implied ? "true" : "false");
		if (rc == SM_OK && x->implied)
			rc = sm_buf_printf(out, ",\"source\":%d", x->source);
		if (rc == SM_OK)
			rc = sm_buf_puts(out, "}");
	}
	if (rc == SM_OK)
		rc = sm_buf_puts(out, "]");
	return rc;
}

static int carb_field(sm_buf_t *out, const char *prep, const char *text)
{
	int rc = sm_buf_append(out, "\t", 1);
	if (rc == SM_OK && prep && *prep)
		rc = sm_buf_printf(out, "%s ", prep);
	if (rc == SM_OK && text)
		rc = sm_buf_puts(out, text);
	return rc;
}

static int carb_cmp(const void *a, const void *b)
{
	const sm_fact_t *x = *(const sm_fact_t *const *)a;
	const sm_fact_t *y = *(const sm_fact_t *const *)b;
	if (x->sent != y->sent)
		return x->sent < y->sent ? -1 : 1;
	if (x->span.start != y->span.start)
		return x->span.start < y->span.start ? -1 : 1;
	return x < y ? -1 : x > y;
}

int sm_facts_render_carb(const sm_doc_t *doc, sm_buf_t *out)
{
	if (!doc || !out)
		return SM_EINVAL;
	if (doc->n_facts == 0)
		return SM_OK;
	const sm_fact_t **order = malloc(doc->n_facts * sizeof(*order));
	if (!order)
		return SM_ENOMEM;
	for (size_t i = 0; i < doc->n_facts; i++)
		order[i] = &doc->facts[i];
	qsort(order, doc->n_facts, sizeof(*order), carb_cmp);
	int rc = SM_OK;
	for (size_t i = 0; rc == SM_OK && i < doc->n_facts; i++) {
		const sm_fact_t *x = order[i];
		if (x->implied || !x->subj.text || !x->rel)
			continue;
		const sm_sentence_t *st = &doc->sents[x->sent];
		/* the extraction as stated, then (Open IE mode) one per
		 * combination of conjuncts, below every stated confidence */
		size_t ns = x->n_subj_alts ? x->n_subj_alts + 1 : 1;
		size_t no = x->n_obj_alts ? x->n_obj_alts + 1 : 1;
		for (size_t si = 0; rc == SM_OK && si < ns; si++)
		for (size_t oi = 0; rc == SM_OK && oi < no; oi++) {
			if ((si == 0) != (oi == 0) && ns > 1 && no > 1)
				continue;
			const char *a1 = si ? x->subj_alts[si - 1] : x->subj.text;
			const char *a2 = oi ? x->obj_alts[oi - 1] : x->obj.text;
			float conf = si || oi ? x->confidence * 0.02f : x->confidence;
			/* the sentence as text on one line: wrapped lines joined,
			 * UTF-16 or repaired input as UTF-8 */
			rc = sm_render_span(doc, st->start, st->end, 0, out);
			if (rc == SM_OK)
				rc = sm_buf_printf(out, "\t%.4f", conf);
			if (rc == SM_OK)
				rc = carb_field(out, NULL, x->rel);
			if (rc == SM_OK)
				rc = carb_field(out, NULL, a1);
			if (rc == SM_OK && x->obj.text)
				rc = carb_field(out, NULL, a2);
			for (size_t k = 0; rc == SM_OK && k < x->n_args; k++)
				if (x->args[k].text && x->args[k].role != SM_ROLE_QUALIFIER)
					rc = carb_field(out, x->args[k].prep, x->args[k].text);
			if (rc == SM_OK)
				rc = sm_buf_append(out, "\n", 1);
		}
	}
	free(order);
	return rc;
}
