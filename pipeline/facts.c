/*
 * facts.c - stage "facts": the model tables and the clause extractor.
 *
 * Design (see facts.h for the contract):
 *
 *   1. Every token's UD relation and PTB tag are mapped once, at model
 *      load, to small internal classes (R_*, P_*), so the extractor never
 *      compares label strings.
 *   2. For each body sentence the children of every token are laid out in
 *      one CSR array; clause heads are verbs in clausal relations and
 *      nominals with a copula (ClausIE, Del Corro & Gemulla 2013).
 *   3. Each clause gets a subject (own nsubj; else inherited through conj,
 *      xcomp control, participial acl and relative clauses, with relative
 *      pronouns replaced by the noun they modify), a relation (auxiliaries,
 *      negation, verb, particle, and, as in OpenIE-4 / CaRB, the
 *      preposition of a first prepositional object), an object and further
 *      arguments with roles.  Phrases are token bitsets over the sentence,
 *      so a discontinuous argument costs nothing special.
 *   4. Noun-mediated facts: appositions ("X, Y,") and titles ("Ukraine's
 *      minister Yulia Svyrydenko").
 *   5. Attributes: negation, tense, modality, attribution, confidence.
 *   6. Normalization (factnorm.c): lemmas, canonical names, compact
 *      arguments, numbers, dates; implied converse facts; ranking.
 *
 * Nothing here allocates per token: the scratch lives in sm_facts_t and
 * grows to the longest sentence; output strings go to the document arena.
 */
#define _POSIX_C_SOURCE 200809L
#include "facts.h"
#include "facts-int.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ner.h"
#include "parse.h"
#include "tag.h"

/* ============================================================ string maps */

/*
 * fm_map_* - open-addressing map from a string (stored in the model's pool)
 * to a 32-bit value.  Keys are exact byte strings; callers fold case where
 * a table is case-insensitive.  Capacity is a power of two, load <= 1/2.
 */
static int fm_pool_add(sm_facts_model_t *m, const char *p, size_t len,
		       uint32_t *off)
{
	if (len > UINT32_MAX / 2 || m->pool_len > UINT32_MAX / 2)
		return SM_ENOMEM;
	if (m->pool_len + len + 1 > m->pool_cap) {
		size_t cap = m->pool_cap ? m->pool_cap : 4096;
		while (cap < m->pool_len + len + 1)
			cap *= 2;
		char *np = realloc(m->pool, cap);
		if (!np)
			return SM_ENOMEM;
		m->pool = np;
		m->pool_cap = cap;
	}
	memcpy(m->pool + m->pool_len, p, len);
	m->pool[m->pool_len + len] = '\0';
	*off = (uint32_t)m->pool_len;
	m->pool_len += len + 1;
	return SM_OK;
}

static int fm_map_grow(fm_map_t *map)
{
	size_t ncap = map->cap ? map->cap * 2 : 64;
	fm_slot_t *ns = calloc(ncap, sizeof(*ns));
	if (!ns)
		return SM_ENOMEM;
	for (size_t i = 0; i < map->cap; i++) {
		if (!map->slots[i].used)
			continue;
		size_t j = map->slots[i].hash & (ncap - 1);
		while (ns[j].used)
			j = (j + 1) & (ncap - 1);
		ns[j] = map->slots[i];
	}
	free(map->slots);
	map->slots = ns;
	map->cap = ncap;
	return SM_OK;
}

int fm_map_find(const sm_facts_model_t *m, const fm_map_t *map,
		const char *p, size_t len, uint32_t *val)
{
	if (!map->cap)
		return 0;
	uint32_t h = sm_hash(p, len);
	size_t j = h & (map->cap - 1);
	while (map->slots[j].used) {
		const fm_slot_t *s = &map->slots[j];
		if (s->hash == h && s->len == len &&
		    memcmp(m->pool + s->off, p, len) == 0) {
			*val = s->val;
			return 1;
		}
		j = (j + 1) & (map->cap - 1);
	}
	return 0;
}

/* fm_map_put - add key -> val unless the key is already there (first wins). */
static int fm_map_put(sm_facts_model_t *m, fm_map_t *map, const char *p,
		      size_t len, uint32_t val)
{
	uint32_t dummy;
	if (fm_map_find(m, map, p, len, &dummy))
		return SM_OK;
	if ((map->n + 1) * 2 > map->cap) {
		int rc = fm_map_grow(map);
		if (rc != SM_OK)
			return rc;
	}
	uint32_t off;
	int rc = fm_pool_add(m, p, len, &off);
	if (rc != SM_OK)
		return rc;
	uint32_t h = sm_hash(p, len);
	size_t j = h & (map->cap - 1);
	while (map->slots[j].used)
		j = (j + 1) & (map->cap - 1);
	map->slots[j].used = 1;
	map->slots[j].hash = h;
	map->slots[j].off = off;
	map->slots[j].len = (uint32_t)len;
	map->slots[j].val = val;
	map->n++;
	return SM_OK;
}

/* ================================================================ tables */

/*
 * fm_split - split a TSV line in place into at most max fields.
 * Returns the field count; trailing CR/LF are removed first.
 */
static size_t fm_split(char *line, char **fields, size_t max)
{
	size_t len = strlen(line);
	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	size_t n = 0;
	char *p = line;
	while (n < max) {
		fields[n++] = p;
		char *t = strchr(p, '\t');
		if (!t)
			break;
		*t = '\0';
		p = t + 1;
	}
	return n;
}

/* Which table a file is read into. */
enum { T_LEMMA, T_CONVERSE, T_ATTR, T_MODAL, T_NUMBER, T_ALIAS };

/*
 * fm_load_table - read one '#'-commented TSV file into the model.
 * A missing file is SM_EMODEL when required, else silently skipped;
 * a line with too few fields is SM_EMODEL (the line number goes nowhere:
 * the tables are small and checked in, so a test catches it).
 */
static int fm_load_table(sm_facts_model_t *m, const char *path, int which,
			 int required)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	int rc = SM_OK;
	if (!fp)
		return required ? SM_EMODEL : SM_OK;
	while (getline(&line, &cap, fp) >= 0) {
		char *f[5];
		if (line[0] == '#' || line[0] == '\n' || line[0] == '\r' ||
		    line[0] == '\0')
			continue;
		size_t nf = fm_split(line, f, 5);
		uint32_t off1 = 0, off2 = 0;
		switch (which) {
		case T_LEMMA:
			if (nf < 2)
				goto bad;
			rc = fm_pool_add(m, f[1], strlen(f[1]), &off1);
			if (rc == SM_OK)
				rc = fm_map_put(m, &m->lemma, f[0], strlen(f[0]),
						off1);
			if (rc == SM_OK)
				rc = fm_map_put(m, &m->verbs, f[1], strlen(f[1]), 1);
			break;
		case T_CONVERSE:
			if (nf < 3)
				goto bad;
			rc = fm_pool_add(m, f[1], strlen(f[1]), &off1);
			if (rc == SM_OK)
				rc = fm_pool_add(m, f[2], strlen(f[2]), &off2);
			if (rc == SM_OK && m->n_conv < FM_MAX_CONV) {
				m->conv[m->n_conv].converse = off1;
				m->conv[m->n_conv].preps = off2;
				rc = fm_map_put(m, &m->converse, f[0],
						strlen(f[0]), (uint32_t)m->n_conv);
				m->n_conv++;
			}
			break;
		case T_ATTR:
			if (nf < 1)
				goto bad;
			rc = fm_map_put(m, &m->attr, f[0], strlen(f[0]), 1);
			break;
		case T_MODAL: {
			if (nf < 3)
				goto bad;
			uint32_t kind = strcmp(f[1], "modal") == 0 ? FM_MOD_MODAL :
					strcmp(f[1], "negative") == 0 ? FM_MOD_NEG :
					FM_MOD_CONTROL;
			rc = fm_pool_add(m, f[2], strlen(f[2]), &off1);
			if (rc == SM_OK)
				rc = fm_map_put(m, &m->modal, f[0], strlen(f[0]),
						(off1 << 2) | kind);
			break;
		}
		case T_NUMBER: {
			if (nf < 3)
				goto bad;
			if (m->n_num >= FM_MAX_NUM)
				break;
			char *end = NULL;
			double v = strtod(f[1], &end);
			if (end == f[1])
				goto bad;
			int kind = strcmp(f[2], "frac") == 0 ? SM_QTY_FRACTION :
				   strcmp(f[2], "ord") == 0 ? SM_QTY_RANK :
				   strcmp(f[2], "mult") == 0 ? FM_QTY_MULT :
				   SM_QTY_NUMBER;
			m->num[m->n_num].value = v;
			m->num[m->n_num].kind = (uint8_t)kind;
			rc = fm_map_put(m, kind == FM_QTY_MULT ? &m->mult : &m->number,
					f[0], strlen(f[0]), (uint32_t)m->n_num);
			m->n_num++;
			break;
		}
		case T_ALIAS: {
			if (nf < 2)
				goto bad;
			if (m->n_alias >= FM_MAX_ALIAS)
				break;
			rc = fm_pool_add(m, f[1], strlen(f[1]), &off1);
			if (rc != SM_OK)
				break;
			fm_alias_t *a = &m->alias[m->n_alias];
			a->canon = off1;
			a->type = 0;
			a->sense = FM_SENSE_NAME;
			if (nf >= 3) {
				for (int t = 1; t < SM_ENT_NTYPES; t++)
					if (strcmp(f[2], sm_ent_type_name(t)) == 0)
						a->type = (uint8_t)t;
			}
			if (nf >= 4) {
				if (strcmp(f[3], "government") == 0 || strcmp(f[3], "city") == 0)
					a->sense = FM_SENSE_GOV;
				else if (strcmp(f[3], "demonym") == 0)
					a->sense = FM_SENSE_DEMONYM;
			}
			rc = fm_map_put(m, &m->aliases, f[0], strlen(f[0]),
					(uint32_t)m->n_alias);
			m->n_alias++;
			break;
		}
		default:
			break;
		}
		if (rc != SM_OK)
			goto done;
	}
	goto done;
bad:
	rc = SM_EMODEL;
done:
	free(line);
	fclose(fp);
	return rc;
}

/* Relation classes by UD label; labels not listed fall back to the part
 * before the colon. */
static const struct {
	const char *name;
	uint8_t cls;
} rel_table[] = {
	{ "root", R_ROOT }, { "nsubj", R_NSUBJ }, { "nsubj:pass", R_NSUBJ_PASS },
	{ "nsubj:outer", R_NSUBJ }, { "csubj", R_CSUBJ },
	{ "csubj:pass", R_CSUBJ }, { "csubj:outer", R_CSUBJ },
	{ "obj", R_OBJ }, { "iobj", R_IOBJ }, { "obl", R_OBL },
	{ "obl:tmod", R_OBL_TMOD }, { "obl:npmod", R_OBL_NPMOD },
	{ "obl:unmarked", R_OBL_NPMOD }, { "obl:agent", R_OBL_AGENT },
	{ "nmod", R_NMOD }, { "nmod:poss", R_NMOD_POSS },
	{ "nmod:desc", R_NMOD_DESC }, { "nmod:unmarked", R_NMOD },
	{ "nmod:tmod", R_NMOD }, { "nmod:npmod", R_NMOD },
	{ "appos", R_APPOS }, { "amod", R_AMOD }, { "nummod", R_NUMMOD },
	{ "det", R_DET }, { "det:predet", R_DET }, { "det:poss", R_NMOD_POSS },
	{ "case", R_CASE }, { "mark", R_MARK }, { "cc", R_CC },
	{ "cc:preconj", R_CC }, { "conj", R_CONJ }, { "aux", R_AUX },
	{ "aux:pass", R_AUX_PASS }, { "cop", R_COP }, { "advmod", R_ADVMOD },
	{ "advcl", R_ADVCL }, { "advcl:relcl", R_ADVCL }, { "acl", R_ACL },
	{ "acl:relcl", R_RELCL }, { "xcomp", R_XCOMP }, { "ccomp", R_CCOMP },
	{ "parataxis", R_PARATAXIS }, { "compound", R_COMPOUND },
	{ "compound:prt", R_PRT }, { "compound:lvc", R_COMPOUND },
	{ "flat", R_FLAT }, { "flat:name", R_FLAT }, { "flat:foreign", R_FLAT },
	{ "fixed", R_FIXED }, { "punct", R_PUNCT }, { "expl", R_EXPL },
	{ "discourse", R_OTHER }, { "list", R_OTHER }, { "dep", R_OTHER },
	{ "orphan", R_OTHER }, { "vocative", R_OTHER },
	{ "reparandum", R_OTHER }, { "goeswith", R_OTHER },
	{ "dislocated", R_OTHER }, { "clf", R_OTHER },
};

static const struct {
	const char *name;
	uint8_t cls;
} pos_table[] = {
	{ "NN", P_NN }, { "NNS", P_NN }, { "NNP", P_NNP }, { "NNPS", P_NNP },
	{ "JJ", P_JJ }, { "JJR", P_JJ }, { "JJS", P_JJ }, { "RB", P_RB },
	{ "RBR", P_RB }, { "RBS", P_RB }, { "VB", P_VB }, { "VBD", P_VBD },
	{ "VBG", P_VBG }, { "VBN", P_VBN }, { "VBP", P_VBP }, { "VBZ", P_VBZ },
	{ "MD", P_MD }, { "DT", P_DT }, { "PDT", P_DT }, { "WDT", P_WH },
	{ "IN", P_IN }, { "TO", P_TO }, { "CC", P_CC }, { "CD", P_CD },
	{ "PRP", P_PRP }, { "PRP$", P_PRPS }, { "WP", P_WH }, { "WP$", P_WH },
	{ "WRB", P_WRB }, { "EX", P_EX }, { "POS", P_POS }, { "RP", P_RP },
};

/*
 * fm_map_labels - fill rel_cls[] and pos_cls[] from the parser's and
 * tagger's own id tables, so the model follows whatever ids they use.
 */
static void fm_map_labels(sm_facts_model_t *m)
{
	for (size_t i = 0; i < 256; i++) {
		m->rel_cls[i] = R_OTHER;
		m->pos_cls[i] = P_OTHER;
	}
	for (size_t i = 0; i < 256; i++) {
		const char *name = sm_deprel_name((uint8_t)i);
		if (!name)
			break;
		size_t blen = strcspn(name, ":");
		int found = 0;
		for (size_t k = 0; k < sizeof rel_table / sizeof rel_table[0]; k++)
			if (strcmp(rel_table[k].name, name) == 0) {
				m->rel_cls[i] = rel_table[k].cls;
				found = 1;
				break;
			}
		for (size_t k = 0; !found && k < sizeof rel_table / sizeof rel_table[0]; k++)
			if (strlen(rel_table[k].name) == blen &&
			    strncmp(rel_table[k].name, name, blen) == 0) {
				m->rel_cls[i] = rel_table[k].cls;
				found = 1;
			}
	}
	for (size_t i = 0; i < 256; i++) {
		const char *name = sm_tag_name((uint8_t)i);
		if (!name)
			break;
		m->pos_cls[i] = P_PUNCT_OR_SYM;
		for (size_t k = 0; k < sizeof pos_table / sizeof pos_table[0]; k++)
			if (strcmp(pos_table[k].name, name) == 0) {
				m->pos_cls[i] = pos_table[k].cls;
				break;
			}
		if (strcmp(name, "FW") == 0 || strcmp(name, "UH") == 0 ||
		    strcmp(name, "LS") == 0 || strcmp(name, "SYM") == 0 ||
		    strcmp(name, "ADD") == 0 || strcmp(name, "GW") == 0 ||
		    strcmp(name, "AFX") == 0 || strcmp(name, "NFP") == 0 ||
		    strcmp(name, "XX") == 0)
			m->pos_cls[i] = P_OTHER;
	}
}

void sm_facts_model_free(sm_facts_model_t *m)
{
	if (!m)
		return;
	free(m->lemma.slots);
	free(m->verbs.slots);
	free(m->converse.slots);
	free(m->attr.slots);
	free(m->modal.slots);
	free(m->number.slots);
	free(m->mult.slots);
	free(m->aliases.slots);
	free(m->pool);
	free(m);
}

int sm_facts_model_load(const char *models_dir, sm_facts_model_t **out)
{
	static const struct {
		const char *file;
		int which;
		int required;
	} files[] = {
		{ "facts/verb-lemmas.tsv", T_LEMMA, 1 },
		{ "facts/converse.tsv", T_CONVERSE, 1 },
		{ "facts/attribution.tsv", T_ATTR, 1 },
		{ "facts/modality.tsv", T_MODAL, 1 },
		{ "facts/numbers.tsv", T_NUMBER, 1 },
		{ "gazetteer/canonical.tsv", T_ALIAS, 0 },
		{ "facts/aliases-extra.tsv", T_ALIAS, 1 },
	};
	sm_facts_model_t *m = NULL;
	char path[4096];
	int rc = SM_EINVAL;
	if (!models_dir || !out)
		goto done;
	rc = SM_ENOMEM;
	m = calloc(1, sizeof(*m));
	if (!m)
		goto done;
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		int n = snprintf(path, sizeof path, "%s/%s", models_dir,
				 files[i].file);
		if (n < 0 || (size_t)n >= sizeof path) {
			rc = SM_EINVAL;
			goto done;
		}
		rc = fm_load_table(m, path, files[i].which, files[i].required);
		if (rc != SM_OK)
			goto done;
	}
	fm_map_labels(m);
	*out = m;
	m = NULL;
	rc = SM_OK;
done:
	sm_facts_model_free(m);
	return rc;
}

/* ========================================================= thread state */

int sm_facts_set_openie(sm_facts_t *f, int on)
{
	if (!f)
		return SM_EINVAL;
	f->openie = on != 0;
	return SM_OK;
}

int sm_facts_new(const sm_facts_model_t *m, sm_facts_t **out)
{
	if (!m || !out)
		return SM_EINVAL;
	sm_facts_t *f = calloc(1, sizeof(*f));
	if (!f)
		return SM_ENOMEM;
	f->m = m;
	*out = f;
	return SM_OK;
}

void sm_facts_free(sm_facts_t *f)
{
	if (!f)
		return;
	free(f->facts);
	free(f->names);
	sm_buf_free(&f->buf);
	sm_buf_free(&f->buf2);
	sm_buf_free(&f->buf3);
	free(f);
}

/* ======================================================= sentence layer */

/* Lower-case comparison of token i's text with a NUL-terminated word. */
int fx_is(const fx_sent_t *s, int i, const char *w)
{
	sm_str_t t = sm_doc_tok_text(s->doc, s->base + (size_t)i);
	size_t n = strlen(w);
	if (t.len != n)
		return 0;
	for (size_t k = 0; k < n; k++)
		if (tolower((unsigned char)t.p[k]) != w[k])
			return 0;
	return 1;
}

/* Copy token i lower-cased into dst (cap bytes); returns the length. */
size_t fx_lower(const fx_sent_t *s, int i, char *dst, size_t cap)
{
	sm_str_t t = sm_doc_tok_text(s->doc, s->base + (size_t)i);
	size_t n = t.len < cap - 1 ? t.len : cap - 1;
	for (size_t k = 0; k < n; k++)
		dst[k] = (char)tolower((unsigned char)t.p[k]);
	dst[n] = '\0';
	return n;
}

/* fx_break_cycles - a corrupt parse with a cycle would loop the subtree
 * walks: every token that does not reach the root becomes a root. */
static void fx_break_cycles(fx_sent_t *s)
{
	int n = s->n;
	for (int i = 0; i < n; i++) {
		int x = i, steps = 0;
		while (x >= 0 && steps <= n) {
			x = s->H[x];
			steps++;
		}
		if (steps > n)
			s->H[i] = -1;
	}
}

static int fx_subj_child(const fx_sent_t *s, int h);

/* fx_build_kids - the CSR child lists from s->H (children in order). */
static void fx_build_kids(fx_sent_t *s)
{
	int n = s->n;
	int cnt[SM_SENT_MAX_TOKENS + 1];
	memset(cnt, 0, sizeof cnt);
	for (int i = 0; i < n; i++)
		if (s->H[i] >= 0)
			cnt[s->H[i]]++;
	int acc = 0;
	for (int i = 0; i < n; i++) {
		s->kstart[i] = (int16_t)acc;
		acc += cnt[i];
		cnt[i] = s->kstart[i];
	}
	s->kstart[n] = (int16_t)acc;
	for (int i = 0; i < n; i++)
		if (s->H[i] >= 0)
			s->kids[cnt[s->H[i]]++] = (int16_t)i;
}

/*
 * fx_repair - undo two tagger slips that wreck a clause, when the tree
 * shows them: a plural noun root "The agreement lists 55 minerals" (a
 * determined compound before it, a bare noun after it) is a verb with
 * subject and object; an adjective root with a clause after it ("Russian
 * President Vladimir Putin told ...") is the modifier of that clause's
 * subject.  Also three parser slips: the subject of what was said read
 * as the object of "said" (a pronoun with an xcomp, or a noun with a
 * relative clause), and a subordinator read as a preposition (below).
 * Returns 1 when heads changed.
 */
static int fx_is_relpro(const fx_sent_t *s, int i);

/* Is token v a form of "say" that reports ("said", "says", "say")? */
static int fx_is_say(const fx_sent_t *s, int v)
{
	return fx_is(s, v, "said") || fx_is(s, v, "says") || fx_is(s, v, "say");
}

static int fx_repair(fx_sent_t *s)
{
	int changed = 0;
	for (int i = 0; i < s->n; i++) {
		if (s->H[i] != -1)
			continue;
		if (s->P[i] == P_NN) {
			sm_str_t t = sm_doc_tok_text(s->doc, s->base + (size_t)i);
			int c = -1, r = -1;
			for (int k = s->kstart[i]; k < s->kstart[i + 1]; k++) {
				int x = s->kids[k];
				if (x < i && s->R[x] == R_COMPOUND && x == i - 1 &&
				    (fx_child(s, x, R_DET) >= 0 ||
				     (x > 0 && s->P[x - 1] == P_DT)))
					c = x;
				if (x > i && r < 0 && (s->R[x] == R_NMOD || s->R[x] == R_COMPOUND ||
						       s->R[x] == R_APPOS || s->R[x] == R_OBJ) &&
				    fx_child(s, x, R_CASE) < 0)
					r = x;
			}
			if (c >= 0 && r >= 0 && t.len > 2 && t.p[t.len - 1] == 's' &&
			    t.p[t.len - 2] != 's' && fx_subj_child(s, i) < 0) {
				s->P[i] = P_VBZ;
				s->R[c] = R_NSUBJ;
				s->R[r] = R_OBJ;
				if (c > 0 && s->P[c - 1] == P_DT && s->H[c - 1] == i) {
					s->H[c - 1] = (int16_t)c;
					changed = 1;
				}
			}
		} else if (s->P[i] == P_JJ && fx_child(s, i, R_COP) < 0 &&
			   fx_subj_child(s, i) < 0) {
			int v = -1;
			for (int k = s->kstart[i]; k < s->kstart[i + 1]; k++) {
				int x = s->kids[k];
				if (x > i && (s->R[x] == R_CCOMP || s->R[x] == R_PARATAXIS) &&
				    fx_is_verb(s->P[x]) && fx_subj_child(s, x) >= 0) {
					v = x;
					break;
				}
			}
			if (v < 0 || i + 1 >= s->n || i + 1 >= v)
				continue;
			/* the adjective must stand right before the subject */
			int sj = fx_subj_child(s, v), t = i + 1, ok = 0;
			for (int steps = 0; t >= 0 && steps < s->n; steps++) {
				if (t == sj) {
					ok = 1;
					break;
				}
				t = s->H[t];
			}
			if (!ok)
				continue;
			for (int k = s->kstart[i]; k < s->kstart[i + 1]; k++)
				if (s->kids[k] != v)
					s->H[s->kids[k]] = (int16_t)v;
			s->H[v] = -1;
			s->R[v] = R_ROOT;
			s->H[i] = (int16_t)(i + 1);
			s->R[i] = R_AMOD;
			changed = 1;
		}
	}
	/* "said it entered into a venture": the pronoun read as the object
	 * of "said" and the finite verb after it as an xcomp; the pronoun
	 * is that verb's subject and the clause what was said */
	for (int v = 0; v + 2 < s->n; v++) {
		if (!fx_is_say(s, v))
			continue;
		int o = fx_child(s, v, R_OBJ), x = fx_child(s, v, R_XCOMP);
		if (o != v + 1 || x <= o || s->P[o] != P_PRP || fx_subj_child(s, x) >= 0 ||
		    !(fx_is(s, o, "it") || fx_is(s, o, "he") || fx_is(s, o, "she") ||
		      fx_is(s, o, "they") || fx_is(s, o, "we")))
			continue;
		/* finite, or a past form right after the pronoun (tagged VBN,
		 * or VB for "cut", "set", "put" with no "to") */
		int fin = s->P[x] == P_VBD || s->P[x] == P_VBZ || s->P[x] == P_VBP ||
			  ((s->P[x] == P_VBN || s->P[x] == P_VB) && x == o + 1);
		for (int k = s->kstart[x]; k < s->kstart[x + 1]; k++)
			fin |= s->R[s->kids[k]] == R_AUX && s->kids[k] < x;
		if (!fin)
			continue;
		s->H[o] = (int16_t)x;
		s->R[o] = R_NSUBJ;
		s->R[x] = R_CCOMP;
		changed = 1;
	}
	/* "said the steps bring ...": the noun read as the object of "said"
	 * and the finite verb after it as a relative clause without a
	 * relative pronoun (acl:relcl, or acl with no "to"); the noun is
	 * that verb's subject and the clause what was said ("the steps
	 * taken", a participle, stays) */
	for (int v = 0; v + 2 < s->n; v++) {
		if (!fx_is_say(s, v))
			continue;
		int o = fx_child(s, v, R_OBJ);
		if (o <= v || fx_child(s, v, R_CCOMP) >= 0 ||
		    !(s->P[o] == P_NN || s->P[o] == P_NNP))
			continue;
		int x = -1;
		for (int k = s->kstart[o]; k < s->kstart[o + 1]; k++) {
			int c = s->kids[k];
			if (c > o && (s->R[c] == R_RELCL ||
				      (s->R[c] == R_ACL && fx_child(s, c, R_MARK) < 0)))
				x = c; /* "acl" too, but not "the plan to cut" */
		}
		if (x < 0 || fx_subj_child(s, x) >= 0 ||
		    !(s->P[x] == P_VBD || s->P[x] == P_VBZ || s->P[x] == P_VBP ||
		      s->P[x] == P_VB))
			continue;
		int relpro = 0, gap = 0;
		for (int k = s->kstart[x]; k < s->kstart[x + 1]; k++)
			relpro |= fx_is_relpro(s, s->kids[k]);
		for (int t = o + 1; t < x; t++)
			gap |= s->H[t] != o && s->H[t] != x; /* only o's words between */
		if (relpro || gap)
			continue;
		s->H[x] = (int16_t)v;
		s->R[x] = R_CCOMP;
		s->H[o] = (int16_t)x;
		s->R[o] = R_NSUBJ;
		changed = 1;
	}
	/* "comes as China has tightened ...": a subordinator read as a
	 * preposition leaves the clause without a subject and its subject
	 * as a prepositional phrase of the main verb */
	static const char *const subordinators[] = { "as", "because", "while",
		"when", "after", "before", "since", "if", "although", "though",
		"until", "once", "whereas", "unless", NULL };
	for (int v = 1; v < s->n; v++) {
		if (!fx_is_verb(s->P[v]) || fx_subj_child(s, v) >= 0 ||
		    s->R[v] == R_XCOMP || s->R[v] == R_AMOD || s->R[v] == R_AUX ||
		    s->R[v] == R_AUX_PASS || s->R[v] == R_COP)
			continue;
		int first = v, fin = s->P[v] == P_VBD || s->P[v] == P_VBZ ||
					 s->P[v] == P_VBP;
		for (int k = s->kstart[v]; k < s->kstart[v + 1]; k++) {
			int c = s->kids[k];
			if ((s->R[c] == R_AUX || s->R[c] == R_AUX_PASS) && c < first) {
				first = c;
				fin = 1;
			}
		}
		int nn = first - 1;
		if (!fin || nn < 1 || !(s->P[nn] == P_NN || s->P[nn] == P_NNP ||
					s->P[nn] == P_PRP) ||
		    !(s->R[nn] == R_OBL || s->R[nn] == R_NMOD) || s->H[nn] == v)
			continue;
		int cs = fx_child(s, nn, R_CASE);
		int sub = 0;
		for (int k = 0; cs >= 0 && subordinators[k]; k++)
			if (fx_is(s, cs, subordinators[k]))
				sub = 1;
		if (!sub || cs >= nn)
			continue;
		s->H[nn] = (int16_t)v;
		s->R[nn] = R_NSUBJ;
		s->H[cs] = (int16_t)v;
		s->R[cs] = R_MARK;
		if (s->R[v] == R_CCOMP || s->R[v] == R_PARATAXIS)
			s->R[v] = R_ADVCL;
		changed = 1;
	}
	return changed;
}

/*
 * fx_sent_load - map sentence si of doc into the scratch: heads, classes
 * and the CSR child lists (children in sentence order).
 */
static void fx_sent_load(sm_facts_t *f, const sm_doc_t *doc, size_t si)
{
	fx_sent_t *s = &f->s;
	const sm_sentence_t *st = &doc->sents[si];
	s->doc = doc;
	s->si = si;
	s->base = st->tok;
	s->n = st->ntok > SM_SENT_MAX_TOKENS ? SM_SENT_MAX_TOKENS : (int)st->ntok;
	int n = s->n;
	for (int i = 0; i < n; i++) {
		const sm_token_t *t = &doc->toks[s->base + (size_t)i];
		int h = t->head;
		if (h < -1 || h >= n || h == i)
			h = -1;
		s->H[i] = (int16_t)h;
		s->R[i] = h < 0 ? R_ROOT : f->m->rel_cls[t->rel];
		s->P[i] = t->pos == SM_POS_NONE ? P_OTHER : f->m->pos_cls[t->pos];
	}
	fx_break_cycles(s);
	fx_build_kids(s);
	if (fx_repair(s)) {
		fx_break_cycles(s);
		fx_build_kids(s);
	}
	/* tagger slips the tree contradicts: "will hand over" tagged NN
	 * under a modal is a verb; an nmod hanging off a verb is an obl */
	for (int i = 0; i < n; i++) {
		if (s->P[i] != P_NN && s->P[i] != P_VBP && s->P[i] != P_JJ)
			continue;
		for (int k = s->kstart[i]; k < s->kstart[i + 1]; k++) {
			int c = s->kids[k];
			if (s->R[c] == R_AUX && s->P[c] == P_MD && c < i &&
			    fx_child(s, i, R_COP) < 0 && s->P[i] != P_JJ) {
				s->P[i] = P_VB;
				break;
			}
		}
	}
	for (int i = 0; i < n; i++)
		if (s->R[i] == R_NMOD && s->H[i] >= 0 && fx_is_verb(s->P[s->H[i]]) &&
		    s->R[s->H[i]] != R_AMOD)
			s->R[i] = R_OBL;
}

int fx_child(const fx_sent_t *s, int h, int cls)
{
	for (int k = s->kstart[h]; k < s->kstart[h + 1]; k++)
		if (s->R[s->kids[k]] == cls)
			return s->kids[k];
	return -1;
}

int fx_is_verb(int p)
{
	return p == P_VB || p == P_VBD || p == P_VBG || p == P_VBN ||
	       p == P_VBP || p == P_VBZ;
}

/* fx_is_neg - "not", "n't", "never", "no" as a negator. */
int fx_is_neg(const fx_sent_t *s, int i)
{
	return fx_is(s, i, "not") || fx_is(s, i, "n't") ||
	       fx_is(s, i, "never") || fx_is(s, i, "nt");
}

/* ----------------------------------------------------------- bitsets */

static void bs_clear(fx_set_t *b) { memset(b, 0, sizeof(*b)); }
static void bs_add(fx_set_t *b, int i) { b->w[i >> 6] |= (uint64_t)1 << (i & 63); }
int bs_has(const fx_set_t *b, int i) { return (int)((b->w[i >> 6] >> (i & 63)) & 1); }
static void bs_del(fx_set_t *b, int i) { b->w[i >> 6] &= ~((uint64_t)1 << (i & 63)); }
int bs_empty(const fx_set_t *b)
{
	return !(b->w[0] | b->w[1] | b->w[2] | b->w[3]);
}

/* fx_nonrestrictive - clause c is set off by a comma ("X, which ..."). */
static int fx_nonrestrictive(const fx_sent_t *s, int c)
{
	int first = c;
	for (int k = s->kstart[c]; k < s->kstart[c + 1]; k++) {
		int x = s->kids[k];
		if (x < first && s->P[x] != P_PUNCT_OR_SYM)
			first = x;
	}
	return first > 0 && s->P[first - 1] == P_PUNCT_OR_SYM;
}

/* Exclusion modes for phrase collection. */
enum {
	PX_CLAUSAL = 1 << 0, /* drop clauses hanging off the phrase (relcl, acl,
				advcl, parataxis) */
	PX_APPOS = 1 << 1,   /* drop appositions */
	PX_COMPACT = 1 << 2, /* drop depth-2 nmods and all clauses (normalized) */
	PX_NONRESTR = 1 << 3, /* drop relative clauses after a comma only */
	PX_WHOLE = 1 << 4     /* a clause as an argument: a copular head keeps
				 all its clause parts, subject and copula
				 included ("said she was too ill to fly") */
};

/* fx_title_word - a title, also when written capitalized before a name
 * ("President Reagan", "House Speaker Newt Gingrich", "EPA Administrator
 * Lee Thomas"), which a capitalized noun in general is not ("Gambling
 * Bill"). */
static int fx_title_word(const fx_sent_t *s, int c)
{
	static const char *const words[] = {
		"president", "minister", "premier", "chancellor", "secretary",
		"governor", "senator", "chairman", "king", "queen", "general",
		"ambassador", "spokesman", "ceo", "leader", "speaker", "administrator", "director", "commissioner", "mayor",
		"judge", "treasurer", "attorney", "justice", "adviser", "advisor",
		"chief", "deputy", "editor", "manager", "coach", "captain",
		"prosecutor", "envoy", "representative", "congressman", "mp",
		"commander", "marshal", "admiral", "colonel", "lieutenant",
	};
	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
		if (fx_is(s, c, words[k]))
			return 1;
	return 0;
}

/* fx_is_date - is token i a date or time word ("Sunday", "March",
 * "today"): a recognized DATE, or a day name? */
static int fx_is_date(const fx_sent_t *s, int i)
{
	static const char *const days[] = {
		"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
		"sunday", "today", "yesterday", "tomorrow", "tonight",
	};
	if (SM_ENT_TYPE(s->doc->toks[s->base + (size_t)i].ent) == SM_ENT_DATE)
		return 1;
	for (size_t k = 0; k < sizeof days / sizeof days[0]; k++)
		if (fx_is(s, i, days[k]))
			return 1;
	return 0;
}

/*
 * fx_close_appos - is apposition c of x a name right after it, with no
 * mark between ("US media giant TimeWarner", "the singer Tom Jones")?
 * Then it is part of the phrase, as a compound would be, not an aside.
 */
static int fx_close_appos(const fx_sent_t *s, int x, int c)
{
	if (c <= x || s->P[c] != P_NNP)
		return 0;
	for (int t = x + 1; t < c; t++)
		if (s->P[t] == P_PUNCT_OR_SYM || s->H[t] <= x || s->H[t] > c)
			return 0;
	return 1;
}

/*
 * fx_phrase - add the subtree of x to b, skipping the subtree of the token
 * skip (>= 0) and the children excluded by flags.  Depth counts nmod
 * levels for PX_COMPACT: "half of the royalties" keeps its first level and
 * detaches "from any future licences" (second level) into *detached; the
 * parts of a name ("Bank of England") do not count.
 */
static void fx_phrase_rec(const fx_sent_t *s, int x, int skip, unsigned flags,
			  int depth, fx_set_t *b, fx_set_t *detached)
{
	bs_add(b, x);
	/* a predicate nominal used as a noun ("an influence on X, who ...")
	 * brings no clause parts along */
	int clausal = depth == 0 && !(flags & PX_WHOLE) && fx_child(s, x, R_COP) >= 0;
	for (int k = s->kstart[x]; k < s->kstart[x + 1]; k++) {
		int c = s->kids[k];
		int r = s->R[c];
		if (c == skip)
			continue;
		if (clausal && (r == R_NSUBJ || r == R_NSUBJ_PASS || r == R_CSUBJ ||
				r == R_COP || r == R_AUX || r == R_AUX_PASS ||
				r == R_MARK || r == R_ADVCL || r == R_PARATAXIS ||
				r == R_CCOMP || r == R_EXPL || r == R_CC ||
				(r == R_CONJ && fx_child(s, c, R_COP) >= 0) ||
				(r == R_ADVMOD && c < x)))
			continue;
		if ((flags & PX_APPOS) && r == R_APPOS && !fx_close_appos(s, x, c))
			continue;
		/* "consul in Jerusalem, and undertook negotiations": a verb
		 * coordinated with a noun is a clause of its own */
		if (r == R_CONJ && fx_is_verb(s->P[c]) && !fx_is_verb(s->P[x]) &&
		    (flags & ~(unsigned)PX_WHOLE) != 0)
			continue;
		if (r == R_RELCL || r == R_ACL || r == R_ADVCL ||
		    r == R_PARATAXIS) {
			if (flags & (PX_CLAUSAL | PX_COMPACT))
				continue;
			if ((flags & PX_NONRESTR) && r == R_RELCL &&
			    fx_nonrestrictive(s, c))
				continue;
		}
		if ((flags & PX_COMPACT) && r == R_NMOD && c > x) {
			/* a name's own parts do not count: "Bank of England" */
			int nd = (s->P[x] == P_NNP && s->P[c] == P_NNP) ? depth : depth + 1;
			if (nd >= 2) {
				if (detached)
					fx_phrase_rec(s, c, skip, flags, 0,
						      detached, NULL);
				continue;
			}
			fx_phrase_rec(s, c, skip, flags, nd, b, detached);
			continue;
		}
		fx_phrase_rec(s, c, skip, flags, depth, b, detached);
	}
}

void fx_phrase(const fx_sent_t *s, int x, int skip, unsigned flags,
	       fx_set_t *b, fx_set_t *detached)
{
	bs_clear(b);
	if (detached)
		bs_clear(detached);
	if (x < 0)
		return;
	fx_phrase_rec(s, x, skip, flags, 0, b, detached);
	fx_phrase_trim(s, x, b);
}

/* fx_phrase_trim - drop punctuation and coordinators at both edges of b
 * (quotes that open or close the phrase stay, as CaRB keeps them). */
void fx_phrase_trim(const fx_sent_t *s, int x, fx_set_t *b)
{
	int lo = 0, hi = s->n - 1;
	while (lo < s->n && !bs_has(b, lo))
		lo++;
	while (hi >= 0 && !bs_has(b, hi))
		hi--;
	while (lo <= hi && (s->P[lo] == P_PUNCT_OR_SYM || s->P[lo] == P_CC) &&
	       lo != x && !fx_is(s, lo, "$") && !fx_is(s, lo, "``")) {
		bs_del(b, lo);
		while (lo <= hi && !bs_has(b, lo))
			lo++;
	}
	while (hi >= lo && (s->P[hi] == P_PUNCT_OR_SYM || s->P[hi] == P_CC) &&
	       hi != x && !fx_is(s, hi, "''") && !fx_is(s, hi, "%")) {
		bs_del(b, hi);
		while (hi >= lo && !bs_has(b, hi))
			hi--;
	}
}

/* ===================================================== clause structure */

/*
 * fx_pronoun_agrees - may personal pronoun i stand for a phrase of entity
 * type ent (SM_ENT_*, 0 = unknown)?  "it" not for a person ("Ferguson
 * said it was a great night"), "he" / "she" not for an organization,
 * place or other name ("Apple said he"); "they" and unknown types for
 * anything.  Other pronouns: no.
 */
static int fx_pronoun_agrees(const fx_sent_t *s, int i, int ent)
{
	if (fx_is(s, i, "it"))
		return ent != SM_ENT_PER;
	if (fx_is(s, i, "he") || fx_is(s, i, "she"))
		return ent != SM_ENT_ORG && ent != SM_ENT_LOC && ent != SM_ENT_MISC;
	return fx_is(s, i, "they");
}

/* fx_is_relpro - a relative pronoun: which, who, whom, that, WDT/WP. */
static int fx_is_relpro(const fx_sent_t *s, int i)
{
	return s->P[i] == P_WH || fx_is(s, i, "that") || fx_is(s, i, "which") ||
	       fx_is(s, i, "who") || fx_is(s, i, "whom");
}

static int fx_subj_child(const fx_sent_t *s, int h)
{
	for (int k = s->kstart[h]; k < s->kstart[h + 1]; k++) {
		int c = s->kids[k];
		if (s->R[c] == R_NSUBJ || s->R[c] == R_NSUBJ_PASS ||
		    s->R[c] == R_CSUBJ)
			return c;
	}
	return -1;
}

/* fx_clause_of - the nearest clause head at or above token x, or -1. */
static int fx_clause_of(const fx_sent_t *s, int x)
{
	for (int steps = 0; x >= 0 && steps < s->n; steps++) {
		if ((fx_is_verb(s->P[x]) && s->R[x] != R_AUX &&
		     s->R[x] != R_AUX_PASS && s->R[x] != R_AMOD) ||
		    fx_child(s, x, R_COP) >= 0)
			return x;
		x = s->H[x];
	}
	return -1;
}

/*
 * fx_resolve - the subject of clause h: its own nsubj, or one inherited
 * through a relative pronoun, a participle's noun, coordination, control
 * (the object of the governor if it has one, else its subject) or a
 * non-finite adverbial clause.  Memoized in s->subj/subj_skip.
 */
static void fx_resolve(fx_sent_t *s, int h, int depth)
{
	if (s->done[h])
		return;
	s->done[h] = 1;
	s->subj[h] = -1;
	s->subj_skip[h] = -1;
	if (depth > 12)
		return;
	int c = fx_subj_child(s, h);
	int g = s->H[h];
	if (c >= 0) {
		if (s->R[h] == R_RELCL && g >= 0 && fx_is_relpro(s, c)) {
			s->subj[h] = (int16_t)g;
			s->subj_skip[h] = (int16_t)h;
		} else if (fx_is_relpro(s, c) && c > 0 && s->P[c] == P_WH) {
			/* "Greenland, which is ..." parsed without acl:relcl:
			 * the noun before the pronoun */
			int a = c - 1;
			while (a >= 0 && s->P[a] == P_PUNCT_OR_SYM)
				a--;
			s->subj[h] = (int16_t)((a >= 0 && (s->P[a] == P_NN ||
							   s->P[a] == P_NNP)) ? a : c);
			s->subj_skip[h] = (int16_t)h;
		} else {
			s->subj[h] = (int16_t)c;
		}
		return;
	}
	if (g < 0)
		return;
	switch (s->R[h]) {
	case R_RELCL:
		s->subj[h] = (int16_t)g;
		s->subj_skip[h] = (int16_t)h;
		break;
	case R_ACL:
		if (fx_child(s, h, R_MARK) >= 0) {
			/* "a bid to cut ...": the actor of the noun's clause */
			int cl = fx_clause_of(s, g);
			if (cl >= 0 && cl != h) {
				fx_resolve(s, cl, depth + 1);
				s->subj[h] = s->subj[cl];
				s->subj_skip[h] = s->subj_skip[cl];
			}
		} else {
			s->subj[h] = (int16_t)g;
			s->subj_skip[h] = (int16_t)h;
		}
		break;
	case R_CONJ:
	case R_XCOMP:
	case R_ADVCL: {
		int cl = fx_clause_of(s, g);
		if (cl < 0)
			break;
		if (s->R[h] == R_ADVCL && !(s->P[h] == P_VBG || s->P[h] == P_VBN ||
					    s->P[h] == P_VB))
			break;
		fx_resolve(s, cl, depth + 1);
		if (s->R[h] == R_XCOMP) {
			int o = fx_child(s, cl, R_OBJ);
			if (o < 0)
				o = fx_child(s, cl, R_IOBJ);
			if (o >= 0) {
				s->subj[h] = (int16_t)o;
				break;
			}
		}
		s->subj[h] = s->subj[cl];
		s->subj_skip[h] = s->subj_skip[cl];
		break;
	}
	default:
		break;
	}
}

/*
 * fx_tense - tense from the auxiliaries and copula of clause h; a
 * non-finite clause takes its governor's.
 */
static int fx_tense(fx_sent_t *s, int h, int depth)
{
	int fut = 0, perf = 0, pastperf = 0, past = 0, pres = 0;
	for (int k = s->kstart[h]; k < s->kstart[h + 1]; k++) {
		int c = s->kids[k];
		if (s->R[c] != R_AUX && s->R[c] != R_AUX_PASS && s->R[c] != R_COP)
			continue;
		if (fx_is(s, c, "will") || fx_is(s, c, "shall") ||
		    fx_is(s, c, "'ll") || fx_is(s, c, "wo"))
			fut = 1;
		else if (fx_is(s, c, "has") || fx_is(s, c, "have") ||
			 fx_is(s, c, "'ve"))
			perf = (s->P[h] == P_VBN || s->R[c] == R_AUX) ? 1 : 0;
		else if (fx_is(s, c, "had") || fx_is(s, c, "'d"))
			pastperf = 1;
		else if (s->P[c] == P_VBD || fx_is(s, c, "was") ||
			 fx_is(s, c, "were") || fx_is(s, c, "did"))
			past = 1;
		else if (s->P[c] == P_VBZ || s->P[c] == P_VBP ||
			 fx_is(s, c, "is") || fx_is(s, c, "are") ||
			 fx_is(s, c, "am") || fx_is(s, c, "'s") ||
			 fx_is(s, c, "'re"))
			pres = 1;
		else if (s->P[c] == P_MD)
			pres = 1;
	}
	if (fut)
		return SM_TENSE_FUTURE;
	if (pastperf)
		return SM_TENSE_PAST_PERFECT;
	if (perf)
		return SM_TENSE_PERFECT;
	if (past)
		return SM_TENSE_PAST;
	if (pres)
		return SM_TENSE_PRESENT;
	if (s->P[h] == P_VBD)
		return SM_TENSE_PAST;
	if (s->P[h] == P_VBZ || s->P[h] == P_VBP)
		return SM_TENSE_PRESENT;
	if (s->H[h] >= 0 && depth < 12 &&
	    (s->R[h] == R_CONJ || s->R[h] == R_XCOMP || s->R[h] == R_ADVCL ||
	     s->R[h] == R_ACL)) {
		int cl = fx_clause_of(s, s->H[h]);
		if (cl >= 0 && cl != h)
			return fx_tense(s, cl, depth + 1);
	}
	return SM_TENSE_NONE;
}

/* fx_is_clause - h heads a clause that can carry a fact. */
static int fx_is_clause(const fx_sent_t *s, int h)
{
	int r = s->R[h];
	if (r == R_AUX || r == R_AUX_PASS || r == R_COP || r == R_CASE ||
	    r == R_MARK || r == R_DET || r == R_FIXED || r == R_FLAT ||
	    r == R_COMPOUND || r == R_PRT || r == R_PUNCT)
		return 0;
	if (fx_child(s, h, R_COP) >= 0)
		return 1;
	if (!fx_is_verb(s->P[h]))
		return 0;
	if (r == R_AMOD || r == R_NMOD || r == R_OBJ || r == R_NSUBJ ||
	    r == R_NSUBJ_PASS || r == R_OBL || r == R_IOBJ || r == R_APPOS ||
	    r == R_NMOD_POSS || r == R_NUMMOD || r == R_ADVMOD)
		/* gerunds and participles used as nouns/adjectives */
		return fx_subj_child(s, h) >= 0;
	return 1;
}

/* ================================================================ output */

char *fn_strdup(sm_doc_t *doc, const char *p, size_t len)
{
	return sm_arena_strndup(doc->arena, p ? p : "", p ? len : 0);
}

/*
 * fx_surface - the set's tokens as original bytes joined by single spaces,
 * optionally after a prefix word; into f->buf (cleared).
 */
static int fx_surface(sm_facts_t *f, const fx_sent_t *s, const fx_set_t *b,
		      const char *prefix)
{
	sm_buf_clear(&f->buf);
	int rc = SM_OK;
	if (prefix && *prefix)
		rc = sm_buf_puts(&f->buf, prefix);
	for (int i = 0; rc == SM_OK && i < s->n; i++) {
		if (!bs_has(b, i))
			continue;
		sm_str_t w = sm_doc_tok_surface(s->doc, s->base + (size_t)i);
		if (f->buf.len)
			rc = sm_buf_append(&f->buf, " ", 1);
		if (rc == SM_OK)
			rc = sm_buf_append(&f->buf, w.p, w.len);
	}
	if (rc == SM_OK && !f->buf.p)
		rc = sm_buf_append(&f->buf, "", 0);
	return rc;
}

static sm_span_t fx_set_span(const fx_sent_t *s, const fx_set_t *b)
{
	sm_span_t sp = { 0, 0 };
	int first = 1;
	for (int i = 0; i < s->n; i++) {
		if (!bs_has(b, i))
			continue;
		const sm_token_t *t = &s->doc->toks[s->base + (size_t)i];
		if (first) {
			sp.start = t->start;
			first = 0;
		}
		sp.end = t->end;
	}
	return sp;
}

/*
 * fx_span_join - the smallest span covering a and b.  An empty span (an
 * argument without tokens) adds nothing.  Facts between two phrases use it
 * rather than "first phrase's start, second phrase's end": on a tree that
 * puts the phrases the other way round, that span ran backwards.
 */
static sm_span_t fx_span_join(sm_span_t a, sm_span_t b)
{
	if (b.end <= b.start)
		return a;
	if (a.end <= a.start)
		return b;
	if (b.start < a.start)
		a.start = b.start;
	if (b.end > a.end)
		a.end = b.end;
	return a;
}

/* fx_prep - the preposition of nominal c (its case child + fixed words)
 * lower-cased into dst; the case token in *ctok.  "" when none. */
static void fx_prep(const fx_sent_t *s, int c, char *dst, size_t cap,
		    int *ctok)
{
	dst[0] = '\0';
	*ctok = -1;
	for (int k = s->kstart[c]; k < s->kstart[c + 1]; k++) {
		int x = s->kids[k];
		if (x > c)
			break;
		if (s->R[x] != R_CASE && !(s->R[x] == R_MARK && s->P[x] == P_IN))
			continue;
		if (s->P[x] == P_POS)
			continue;
		size_t len = fx_lower(s, x, dst, cap);
		for (int kk = s->kstart[x]; kk < s->kstart[x + 1]; kk++) {
			int y = s->kids[kk];
			if (s->R[y] == R_FIXED && len + 2 < cap) {
				dst[len++] = ' ';
				len += fx_lower(s, y, dst + len, cap - len);
			}
		}
		*ctok = x;
		return;
	}
}

static const char *const time_words[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday", "january", "february", "march", "april", "may", "june",
	"july", "august", "september", "october", "november", "december",
	"today", "yesterday", "tomorrow", "tonight", "year", "years", "month",
	"months", "week", "weeks", "day", "days", "decade", "decades",
	"morning", "evening", "night", "weekend", "hour", "hours", "century",
	"spring", "summer", "autumn", "fall", "winter", "time", "period",
	"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
	"oct", "nov", "dec", "now", "future", "past", NULL
};

static int fx_is_time_word(const fx_sent_t *s, int i)
{
	char w[32];
	size_t len = fx_lower(s, i, w, sizeof w);
	for (size_t k = 0; time_words[k]; k++)
		if (strcmp(w, time_words[k]) == 0)
			return 1;
	if (len == 4 && s->P[i] == P_CD && (w[0] == '1' || w[0] == '2'))
		return 1;
	if (len == 5 && w[4] == 's' && (w[0] == '1' || w[0] == '2'))
		return 1; /* 1990s */
	return 0;
}

/* fx_role - role of a prepositional / adverbial argument headed by c. */
static int fx_role(const fx_sent_t *s, int c, const char *prep, int passive)
{
	const sm_token_t *t = &s->doc->toks[s->base + (size_t)c];
	int et = SM_ENT_TYPE(t->ent);
	if (s->R[c] == R_OBL_AGENT || (passive && strcmp(prep, "by") == 0 &&
				       s->P[c] != P_CD))
		return SM_ROLE_AGENT;
	if (s->R[c] == R_OBL_TMOD || et == SM_ENT_DATE || fx_is_time_word(s, c))
		return SM_ROLE_TIME;
	if (strcmp(prep, "by") == 0 && (s->P[c] == P_CD || et == SM_ENT_PERCENT ||
					et == SM_ENT_MONEY ||
					et == SM_ENT_QUANTITY))
		return SM_ROLE_QUANTITY;
	if (strcmp(prep, "to") == 0 && (s->P[c] == P_NNP || s->P[c] == P_PRP ||
					et == SM_ENT_PER || et == SM_ENT_ORG ||
					et == SM_ENT_LOC))
		return SM_ROLE_RECIPIENT;
	if (strcmp(prep, "from") == 0)
		return SM_ROLE_SOURCE;
	if ((strcmp(prep, "in") == 0 || strcmp(prep, "at") == 0 ||
	     strcmp(prep, "near") == 0 || strcmp(prep, "across") == 0 ||
	     strcmp(prep, "throughout") == 0 || strcmp(prep, "inside") == 0) &&
	    (s->P[c] == P_NNP || et == SM_ENT_LOC))
		return SM_ROLE_PLACE;
	if (strcmp(prep, "in order") == 0 ||
	    (strcmp(prep, "in") == 0 &&
	     (fx_is(s, c, "bid") || fx_is(s, c, "effort") ||
	      fx_is(s, c, "attempt") || fx_is(s, c, "order") ||
	      fx_is(s, c, "retaliation") || fx_is(s, c, "response"))))
		return SM_ROLE_PURPOSE;
	return SM_ROLE_OTHER;
}

/* fx_push_fact - append a zeroed fact to the scratch list. */
static sm_fact_t *fx_push_fact(sm_facts_t *f)
{
	if (f->n_facts == f->cap_facts) {
		size_t nc = f->cap_facts ? f->cap_facts * 2 : 64;
		sm_fact_t *nf = realloc(f->facts, nc * sizeof(*nf));
		if (!nf)
			return NULL;
		f->facts = nf;
		f->cap_facts = nc;
	}
	sm_fact_t *x = &f->facts[f->n_facts++];
	memset(x, 0, sizeof(*x));
	x->subj.head = x->obj.head = -1;
	x->source = -1;
	return x;
}

/* fx_bracketed - does token x open with a bracket of its own, "(" among
 * its dependents before it ("39 million pounds ($60.6 million)", "The
 * European Community (EC)")? */
static int fx_bracketed(const fx_sent_t *s, int x)
{
	for (int k = s->kstart[x]; k < s->kstart[x + 1]; k++)
		if (s->kids[k] < x && fx_is(s, s->kids[k], "("))
			return 1;
	return 0;
}

/*
 * fx_subject_name - "its board chairman, John Tower, told ...": a subject
 * headed by a common noun with a person or organization in apposition is
 * normalized to that name (the surface text keeps the noun phrase), so
 * that the fact is found under the name like "Tower said" is.  Nothing
 * when the noun already normalized to a name ("the company" read as the
 * story's company), has no such apposition, only a bracketed one, one
 * that is the tail of a name the parser split, or an organization after
 * a noun for people ("an analyst at US broker Merrill Lynch said": the
 * parser hangs the broker on "analyst").
 */
static int fx_subject_name(sm_facts_t *f, sm_doc_t *doc, int subj, sm_fact_arg_t *a)
{
	const fx_sent_t *s = &f->s;
	if (subj < 0 || s->P[subj] != P_NN || a->canonical)
		return SM_OK;
	int nm = -1, ty = 0;
	for (int k = s->kstart[subj]; k < s->kstart[subj + 1] && nm < 0; k++) {
		int c = s->kids[k];
		ty = SM_ENT_TYPE(doc->toks[s->base + (size_t)c].ent);
		if (c > subj && s->R[c] == R_APPOS && s->P[c] == P_NNP &&
		    (ty == SM_ENT_PER ||
		     (ty == SM_ENT_ORG && !fn_person_noun(doc, s->base + (size_t)subj))))
			nm = c; /* not "an analyst at US broker Merrill Lynch" */
	}
	if (nm < 0)
		return SM_OK;
	/* not an abbreviation in brackets: "The European Community (EC)",
	 * and "an official at the Department of Trade (DTI)" misattached */
	if (fx_bracketed(s, nm))
		return SM_OK;
	fx_set_t name;
	bs_clear(&name);
	bs_add(&name, nm);
	int first = nm;
	for (int k = s->kstart[nm]; k < s->kstart[nm + 1]; k++) {
		int c = s->kids[k];
		if (s->R[c] == R_FLAT || (s->R[c] == R_COMPOUND && s->P[c] == P_NNP)) {
			bs_add(&name, c);
			if (c < first)
				first = c;
		}
	}
	/* the name starts a name: not the tail of one the parser split
	 * ("the Land Registry", "Incomes Data Services", "da Silva") */
	if (!SM_ENT_BEGINS(doc->toks[s->base + (size_t)first].ent))
		return SM_OK;
	sm_fact_arg_t tmp;
	memset(&tmp, 0, sizeof tmp);
	tmp.role = SM_ROLE_SUBJ;
	int rc = fn_norm_arg(f, doc, s, &name, nm, &tmp);
	if (rc != SM_OK)
		return rc;
	a->norm = tmp.norm;
	a->canonical = tmp.canonical;
	a->ent = (uint8_t)(tmp.ent ? tmp.ent : ty);
	return SM_OK;
}

/*
 * fx_company_phrase - is the phrase set, headed by token head, a
 * company's name by its form: capitalized words ending in a legal form,
 * with "and", "of", "for", "the", "&", "'s", ".", "-" between them when
 * the head is a proper noun ("C. Itoh and Co Ltd", "Healthcare Services
 * Of America Inc"; not "Employees of Morton Thiokol Inc"), whatever the
 * recognizer made of it?
 */
static int fx_company_phrase(const sm_doc_t *doc, const fx_sent_t *s, const fx_set_t *set,
			     int head)
{
	static const char *const joins[] = { "and", "of", "for", "the", "&", "'s", ".", "-" };
	int last = -1, name_head = s->P[head] == P_NNP;
	if (SM_ENT_TYPE(doc->toks[s->base + (size_t)head].ent) == SM_ENT_PER)
		return 0; /* "John Smith of Shearson Lehman Brothers Inc" */
	for (int i = 0; i < s->n; i++) {
		if (!bs_has(set, i))
			continue;
		last = i;
		if (doc->toks[s->base + (size_t)i].flags & SM_TF_CAP)
			continue;
		if (!name_head)
			return 0; /* "Employees of Morton Thiokol Inc" */
		int ok = 0;
		for (size_t k = 0; k < sizeof joins / sizeof joins[0] && !ok; k++)
			ok = fx_is(s, i, joins[k]);
		if (!ok)
			return 0;
	}
	if (last < 0)
		return 0;
	sm_str_t w = sm_doc_tok_text(doc, s->base + (size_t)last);
	return sm_ner_designator(w.p, w.len);
}

/*
 * fx_fill_arg - make argument a from phrase head x (skipping token skip):
 * surface text with prep, span, normalized compact form, quantities.
 * Modifiers cut from the compact form are appended to *quals as
 * qualifier arguments when quals is not NULL.
 */
static int fx_fill_arg(sm_facts_t *f, sm_doc_t *doc, int x, int skip,
		       int drop_prep_tok, const char *prep, int role,
		       unsigned flags, sm_fact_arg_t *a, fx_set_t *detached)
{
	fx_set_t b, cb;
	const fx_sent_t *s = &f->s;
	fx_phrase(s, x, skip, flags, &b, NULL);
	if (drop_prep_tok >= 0 && bs_has(&b, drop_prep_tok)) {
		b.w[drop_prep_tok >> 6] &= ~((uint64_t)1 << (drop_prep_tok & 63));
		/* and the fixed words of a multiword preposition */
		for (int k = s->kstart[drop_prep_tok]; k < s->kstart[drop_prep_tok + 1]; k++) {
			int y = s->kids[k];
			b.w[y >> 6] &= ~((uint64_t)1 << (y & 63));
		}
	}
	if (drop_prep_tok < 0 && (role == SM_ROLE_SUBJ || role == SM_ROLE_OBJ)) {
		/* a noun borrowed from a prepositional phrase ("as a
		 * partnership that covers ...") loses its preposition */
		for (int k = s->kstart[x]; k < s->kstart[x + 1]; k++) {
			int y = s->kids[k];
			if (s->R[y] == R_CASE && s->P[y] != P_POS && y < x)
				b.w[y >> 6] &= ~((uint64_t)1 << (y & 63));
		}
		fx_set_t t2 = b;
		fx_phrase_trim(s, x, &t2);
		b = t2;
	}
	int rc = fx_surface(f, s, &b, NULL);
	if (rc != SM_OK)
		return rc;
	memset(a, 0, sizeof(*a));
	a->text = fn_strdup(doc, f->buf.p, f->buf.len);
	a->prep = prep && *prep ? fn_strdup(doc, prep, strlen(prep)) : NULL;
	if (!a->text || (prep && *prep && !a->prep))
		return SM_ENOMEM;
	a->span = fx_set_span(s, &b);
	a->head = (int32_t)(s->base + (size_t)x);
	a->role = (uint8_t)role;
	a->ent = (uint8_t)SM_ENT_TYPE(doc->toks[a->head].ent);
	/* compact form: same phrase without clauses, appositions, deep nmods
	 * (a clause argument keeps its subject and copula) */
	fx_phrase(s, x, skip, PX_COMPACT | PX_APPOS | PX_CLAUSAL | (flags & PX_WHOLE),
		  &cb, detached);
	for (int i = 0; i < s->n; i++)
		if (bs_has(&cb, i) && !bs_has(&b, i))
			bs_del(&cb, i);
	for (int i = 0; i < s->n; i++)
		if (bs_has(&cb, i) && (fx_is(s, i, "``") || fx_is(s, i, "''") ||
				       fx_is(s, i, "\"")))
			bs_del(&cb, i);
	if (fx_company_phrase(doc, s, &cb, x))
		a->ent = SM_ENT_ORG; /* not a person, place or plural */
	return fn_norm_arg(f, doc, s, &cb, x, a);
}

/* fx_add_arg - append a copy of a to the fact's argument array (arena). */
static int fx_add_arg(sm_doc_t *doc, sm_fact_t *x, const sm_fact_arg_t *a,
		      size_t *cap)
{
	if (x->n_args == *cap) {
		size_t nc = *cap ? *cap * 2 : 4;
		sm_fact_arg_t *na = sm_arena_grow(doc->arena, x->args,
						  *cap * sizeof(*na),
						  nc * sizeof(*na));
		if (!na)
			return SM_ENOMEM;
		x->args = na;
		*cap = nc;
	}
	x->args[x->n_args++] = *a;
	return SM_OK;
}

/* fx_add_qualifiers - detached modifiers of an argument, as qualifiers. */
static int fx_add_qualifiers(sm_facts_t *f, sm_doc_t *doc, sm_fact_t *x,
			     const fx_set_t *det, size_t *cap)
{
	const fx_sent_t *s = &f->s;
	for (int i = 0; i < s->n; i++) {
		if (!bs_has(det, i) || (s->H[i] >= 0 && bs_has(det, s->H[i])))
			continue;
		/* i is the top of a detached modifier */
		char prep[32];
		int ctok;
		sm_fact_arg_t a;
		fx_prep(s, i, prep, sizeof prep, &ctok);
		int rc = fx_fill_arg(f, doc, i, -1, ctok, prep, SM_ROLE_QUALIFIER,
				     PX_CLAUSAL | PX_APPOS, &a, NULL);
		if (rc == SM_OK)
			rc = fx_add_arg(doc, x, &a, cap);
		if (rc != SM_OK)
			return rc;
	}
	return SM_OK;
}

/*
 * fx_conj_alts - the surface texts of the conjuncts of nominal x
 * ("John Buchan and Ken Follett" -> "John Buchan", "Ken Follett"), into an
 * arena array; *n = 0 when x has no nominal conjuncts.  skip and
 * drop_case as for fx_fill_arg.
 */
static int fx_conj_alts(sm_facts_t *f, sm_doc_t *doc, int x, int skip,
			int drop_case, const char ***out, size_t *n)
{
	const fx_sent_t *s = &f->s;
	int conj[16];
	int nc = 0;
	*out = NULL;
	*n = 0;
	if (x < 0 || fx_child(s, x, R_COP) >= 0)
		return SM_OK;
	for (int k = s->kstart[x]; k < s->kstart[x + 1] && nc < 15; k++) {
		int c = s->kids[k];
		if (s->R[c] == R_CONJ && c != skip &&
		    (s->P[c] == P_NN || s->P[c] == P_NNP || s->P[c] == P_CD ||
		     s->P[c] == P_PRP) && fx_subj_child(s, c) < 0 &&
		    fx_child(s, c, R_COP) < 0)
			conj[nc++] = c;
	}
	if (nc == 0)
		return SM_OK;
	const char **alts = sm_arena_calloc(doc->arena, (size_t)nc + 1,
					    sizeof(*alts));
	if (!alts)
		return SM_ENOMEM;
	for (int i = 0; i <= nc; i++) {
		int hd = i == 0 ? x : conj[i - 1];
		fx_set_t b;
		fx_phrase(s, hd, skip, PX_APPOS | PX_NONRESTR, &b, NULL);
		/* the first conjunct without the others; each without cc */
		for (int j = 0; j < nc; j++) {
			if (i != j + 1) {
				fx_set_t o;
				fx_phrase(s, conj[j], -1, 0, &o, NULL);
				for (int w = 0; w < 4; w++)
					b.w[w] &= ~o.w[w];
			}
		}
		for (int k = s->kstart[hd]; k < s->kstart[hd + 1]; k++) {
			int c = s->kids[k];
			if (s->R[c] == R_CC || (s->R[c] == R_PUNCT && c < hd) ||
			    (drop_case && s->R[c] == R_CASE && c < hd && s->P[c] != P_POS))
				b.w[c >> 6] &= ~((uint64_t)1 << (c & 63));
		}
		if (i == 0 && drop_case) {
			for (int k = s->kstart[hd]; k < s->kstart[hd + 1]; k++) {
				int c = s->kids[k];
				if (s->R[c] == R_CASE && c < hd)
					b.w[c >> 6] &= ~((uint64_t)1 << (c & 63));
			}
		}
		fx_phrase_trim(s, hd, &b);
		int rc = fx_surface(f, s, &b, NULL);
		if (rc != SM_OK)
			return rc;
		alts[i] = fn_strdup(doc, f->buf.p, f->buf.len);
		if (!alts[i])
			return SM_ENOMEM;
	}
	*out = alts;
	*n = (size_t)nc + 1;
	return SM_OK;
}

/* fx_pred_norm - x->lemma / x->pred from verb token v (+ particles). */
static int fx_pred_norm(sm_facts_t *f, sm_doc_t *doc, sm_fact_t *x, int v,
			const char *suffix, int passive_keep)
{
	const fx_sent_t *s = &f->s;
	char lem[96], word[64], third[128];
	size_t wl = fx_lower(s, v, word, sizeof word);
	const char *l = fn_lemma(f->m, word, wl, s->P[v], lem, sizeof lem);
	sm_buf_clear(&f->buf2);
	int rc = SM_OK;
	if (passive_keep) {
		rc = sm_buf_puts(&f->buf2, "be ");
		if (rc == SM_OK)
			rc = sm_buf_puts(&f->buf2, word);
	} else {
		rc = sm_buf_puts(&f->buf2, l);
	}
	for (int k = s->kstart[v]; rc == SM_OK && k < s->kstart[v + 1]; k++) {
		int c = s->kids[k];
		if (s->R[c] == R_PRT) {
			char pw[32];
			fx_lower(s, c, pw, sizeof pw);
			rc = sm_buf_printf(&f->buf2, " %s", pw);
		}
	}
	if (rc == SM_OK && suffix && *suffix)
		rc = sm_buf_printf(&f->buf2, " %s", suffix);
	if (rc != SM_OK)
		return rc;
	x->lemma = fn_strdup(doc, f->buf2.p, f->buf2.len);
	fn_third_person(f->buf2.p, third, sizeof third);
	x->pred = fn_strdup(doc, third, strlen(third));
	return x->lemma && x->pred ? SM_OK : SM_ENOMEM;
}

/*
 * fx_one_name - are conjuncts g and c (g before c) parts of one name?
 * When one entity runs from g to c ("Securities and Exchange
 * Commission", "Duff and Phelps"), or g is an untagged capitalized word
 * and c an organization's ("Child Care and Learning Centers Inc", whose
 * first words the recognizer left out).  "US and Ukraine", "Mr Blair and
 * Mr Brown", "shares and bonds" are two.
 */
static int fx_one_name(const fx_sent_t *s, int g, int c)
{
	const sm_token_t *tk = s->doc->toks + s->base;
	int tc = SM_ENT_TYPE(tk[c].ent);
	if (g < c && tc != 0 && SM_ENT_TYPE(tk[g].ent) == tc) {
		int t = g + 1;
		while (t <= c && (tk[t].ent & 1) && SM_ENT_TYPE(tk[t].ent) == tc)
			t++;
		if (t > c)
			return 1;
	}
	return tk[g].ent == 0 && (tk[g].flags & SM_TF_CAP) && tc == SM_ENT_ORG;
}

/* fx_legal_forms - is the phrase of token c legal forms only ("Co Ltd"
 * of "C. Itoh and Co Ltd": one company, not two)? */
static int fx_legal_forms(const fx_sent_t *s, int c)
{
	fx_set_t ph;
	fx_phrase(s, c, -1, PX_WHOLE, &ph, NULL);
	for (int i = 0; i < s->n; i++) {
		if (!bs_has(&ph, i) || s->R[i] == R_CC || s->P[i] == P_PUNCT_OR_SYM)
			continue; /* not in c's phrase, or "and", "," */
		sm_str_t w = sm_doc_tok_text(s->doc, s->base + (size_t)i);
		if (!sm_ner_designator(w.p, w.len))
			return 0;
	}
	return 1;
}

/*
 * fx_plural_subject - does fact x's normalized subject take a plural
 * verb (1), or is it "I" (2)?  Its head (the agent's, for a passive turned
 * active) is coordinated with a noun inside the subject ("US and Ukraine",
 * "Mr Blair and Mr Brown": a conjunct of the head or of a word of the
 * head's name) and the two are not one name (fx_one_name); a conjunct
 * inside a modifier does not count ("the merger of Exxon and Mobil
 * creates").  Or the head is NNS or NNPS but no
 * person's name ("Valentchits") and no place, organization or amount,
 * whatever its form ("United States", "Lehman Brothers", "80 mln dlrs");
 * or it is we, they or you.  x belongs to the loaded sentence s.
 */
static int fx_plural_subject(const fx_sent_t *s, const sm_fact_t *x)
{
	int32_t hd = x->subj.head;
	sm_span_t sp = x->subj.span;
	if (x->passive == 2)
		for (size_t i = 0; i < x->n_args; i++)
			if (x->args[i].role == SM_ROLE_AGENT) {
				hd = x->args[i].head;
				sp = x->args[i].span;
			}
	int i = hd - (int32_t)s->base;
	if (hd < 0 || i < 0 || i >= s->n)
		return 0;
	for (int c = 0; c < s->n; c++) {
		const sm_token_t *ct = &s->doc->toks[s->base + (size_t)c];
		if (s->R[c] != R_CONJ || s->H[c] < 0 || ct->start < sp.start ||
		    ct->end > sp.end)
			continue;
		/* the conjunct's governor is the head, or a word of its name */
		int g = s->H[c];
		while (g != i && g >= 0 && s->H[g] >= 0 &&
		       (s->R[g] == R_FLAT || s->R[g] == R_COMPOUND))
			g = s->H[g];
		if (g != i)
			continue;
		if (fx_one_name(s, s->H[c], c) || fx_legal_forms(s, c))
			continue;
		if (s->P[c] == P_NN || s->P[c] == P_NNP || s->P[c] == P_PRP)
			return 1;
	}
	if (s->P[i] == P_PRP && fx_is(s, i, "they"))
		return 1; /* also when it reads as the speakers ("X and Y") */
	int et = x->subj.ent;
	if (et != 0 && et != SM_ENT_PER && et != SM_ENT_MISC)
		return 0;
	const sm_token_t *t = &s->doc->toks[hd];
	const char *tag = t->pos == SM_POS_NONE ? NULL : sm_tag_name(t->pos);
	if (tag && et != SM_ENT_PER &&
	    (strcmp(tag, "NNS") == 0 || strcmp(tag, "NNPS") == 0))
		return 1;
	if (s->P[i] == P_PRP && x->subj.text && strcmp(x->subj.norm, x->subj.text) == 0) {
		if (fx_is(s, i, "i"))
			return 2;
		return fx_is(s, i, "we") || fx_is(s, i, "you");
	}
	return 0;
}

/*
 * fx_plural_head - is the phrase headed by token h plural: a plural
 * common noun ("analysts", not "Lehman Brothers"), or coordinated with a
 * noun or pronoun ("Suburban Bancorp and Woodstock State Bancorp")?
 */
static int fx_plural_head(const fx_sent_t *s, int h)
{
	const sm_token_t *t = &s->doc->toks[s->base + (size_t)h];
	if (t->pos != SM_POS_NONE && strcmp(sm_tag_name(t->pos), "NNS") == 0)
		return 1;
	for (int k = s->kstart[h]; k < s->kstart[h + 1]; k++) {
		int c = s->kids[k];
		if (s->R[c] == R_CONJ && !fx_one_name(s, h, c) &&
		    (s->P[c] == P_NN || s->P[c] == P_NNP || s->P[c] == P_PRP))
			return 1;
	}
	return 0;
}

/* fx_has_words - does text hold words as whole words ("shares at 5.75
 * dlrs" holds "5.75 dlrs", not "share")? */
static int fx_has_words(const char *text, const char *words)
{
	size_t n = strlen(words);
	if (n == 0)
		return 0;
	for (const char *p = strstr(text, words); p; p = strstr(p + 1, words)) {
		int before = p == text || p[-1] == ' ';
		int after = p[n] == '\0' || p[n] == ' ' || p[n] == ',';
		if (before && after)
			return 1;
	}
	return 0;
}

/*
 * fx_drop_inner_args - facts [first, n_facts): an argument inside the
 * object's own bytes whose normalized text the object's already holds is
 * said twice ("China | is | keen to see smooth resumption | to see
 * smooth resumption"); one the compact object left out ("0.83 of its
 * shares | for each of OnTrak's shares") is not.  It keeps its surface text
 * for CaRB and leaves the normalized view (norm NULL), as arguments
 * merged into the object already do.
 */
static void fx_drop_inner_args(sm_facts_t *f, size_t first)
{
	for (size_t i = first; i < f->n_facts; i++) {
		sm_fact_t *x = &f->facts[i];
		if (!x->obj.text || !x->obj.norm)
			continue;
		for (size_t k = 0; k < x->n_args; k++) {
			sm_fact_arg_t *a = &x->args[k];
			if (a->norm && a->text && a->span.start >= x->obj.span.start &&
			    a->span.end <= x->obj.span.end && a->span.end > a->span.start &&
			    fx_has_words(x->obj.norm, a->norm))
				a->norm = NULL;
		}
	}
}

/* fx_first_word - *out = word followed by rest, in the arena. */
static int fx_first_word(sm_facts_t *f, sm_doc_t *doc, const char *word,
			 const char *rest, const char **out)
{
	sm_buf_clear(&f->buf2);
	int rc = sm_buf_printf(&f->buf2, "%s%s", word, rest);
	if (rc != SM_OK)
		return rc;
	*out = fn_strdup(doc, f->buf2.p, f->buf2.len);
	return *out ? SM_OK : SM_ENOMEM;
}

/*
 * fx_agree - facts [first, n_facts) of the loaded sentence: the present
 * form of a plural subject's predicate is the lemma, "be" as "are":
 * "shares | fall", "men | are arrested on", not "shares | falls"; after
 * "I" the lemma, "be" as "am".  A control verb in the modality agrees
 * the same way ("plans to" -> "plan to").
 */
static int fx_agree(sm_facts_t *f, sm_doc_t *doc, size_t first)
{
	for (size_t i = first; i < f->n_facts; i++) {
		sm_fact_t *x = &f->facts[i];
		int pl = x->lemma && x->subj.norm ? fx_plural_subject(&f->s, x) : 0;
		if (!pl)
			continue;
		const char *be = pl == 2 ? "am" : "are";
		const char *rest = x->lemma + strcspn(x->lemma, " ");
		int rc = SM_OK;
		if ((size_t)(rest - x->lemma) == 2 && memcmp(x->lemma, "be", 2) == 0)
			rc = fx_first_word(f, doc, be, rest, &x->pred);
		else
			x->pred = x->lemma;
		/* "plans to", "is expected to": the control verb agrees too */
		size_t w1 = x->modality ? strcspn(x->modality, " ") : 0;
		if (rc == SM_OK && w1 > 1 && x->modality[w1] == ' ' &&
		    x->modality[w1 - 1] == 's' && w1 < 32) {
			char w[32], lem[64];
			memcpy(w, x->modality, w1);
			w[w1] = '\0';
			const char *l = fn_lemma(f->m, w, w1, P_VBZ, lem, sizeof lem);
			rc = fx_first_word(f, doc, strcmp(l, "be") == 0 ? be : l,
					   x->modality + w1, &x->modality);
		}
		if (rc != SM_OK)
			return rc;
	}
	return SM_OK;
}

/* ======================================================= clause → fact */

/* fx_rel_tokens - the relation tokens of clause head h into rs: aux,
 * negation, copula, adverbs between the first of those and h, the verb
 * itself (when verbal) and particles.  Returns 1 when negated. */
static int fx_rel_tokens(const fx_sent_t *s, int h, int include_h,
			 fx_set_t *rs, int *first_aux, const char **modal,
			 int *modal_tok)
{
	int neg = 0, first = h;
	for (int k = s->kstart[h]; k < s->kstart[h + 1]; k++) {
		int c = s->kids[k];
		int r = s->R[c];
		if (r == R_AUX || r == R_AUX_PASS || r == R_COP) {
			bs_add(rs, c);
			if (c < first)
				first = c;
			if (s->P[c] == P_MD && modal_tok)
				*modal_tok = c;
		} else if (r == R_ADVMOD && fx_is_neg(s, c)) {
			bs_add(rs, c);
			neg = 1;
			if (c < first)
				first = c;
		} else if (r == R_PRT && include_h) {
			bs_add(rs, c);
		}
	}
	/* adverbs inside the verb group: "has already tightened" */
	for (int k = s->kstart[h]; k < s->kstart[h + 1]; k++) {
		int c = s->kids[k];
		if (s->R[c] == R_ADVMOD && (c > first || (c == h - 1 && include_h)) && c < h &&
		    s->kstart[c] == s->kstart[c + 1] && s->P[c] == P_RB)
			bs_add(rs, c);
	}
	if (include_h)
		bs_add(rs, h);
	if (first_aux)
		*first_aux = first;
	(void)modal;
	return neg;
}

/* Confidence: a logistic function of clause features (weights set by hand
 * on CaRB dev; see bench/eval-carb). */
static float fx_confidence(const fx_sent_t *s, int h, int subj_inherited,
			   int has_obj, int n_args, int kind, int relpro,
			   int subj_tok)
{
	double z = 0.6;
	switch (s->R[h]) {
	case R_ROOT: z += 0.6; break;
	case R_CONJ: z += 0.1; break;
	case R_CCOMP: z += 0.0; break;
	case R_XCOMP: z += 0.1; break;
	case R_ADVCL: z -= 0.4; break;
	case R_RELCL: z -= 0.1; break;
	case R_ACL: z -= 0.5; break;
	case R_PARATAXIS: z -= 0.4; break;
	default: z -= 0.3; break;
	}
	if (subj_inherited && !relpro)
		z -= 0.4;
	if (has_obj)
		z += 0.5;
	if (n_args > 2)
		z -= 0.3 * (n_args - 2);
	if (kind == SM_FACT_COPULA)
		z -= 0.1;
	if (kind == SM_FACT_APPOS)
		z -= 0.5;
	if (kind == SM_FACT_TITLE)
		z += 0.1;
	if (subj_tok >= 0 && (s->P[subj_tok] == P_PRP || s->P[subj_tok] == P_WH ||
			      s->P[subj_tok] == P_DT))
		z -= 0.3;
	if (s->n > 25)
		z -= 0.02 * (s->n - 25);
	return (float)(1.0 / (1.0 + exp(-z)));
}

/* fx_attribution - the attribution verb governing clause h: through
 * ccomp of a communication verb, conj chains, or a parataxis "..., X
 * noted".  Returns the verb token or -1. */
static int fx_attribution(sm_facts_t *f, int h, int *speaker)
{
	fx_sent_t *s = &f->s;
	int a = h;
	for (int steps = 0; a >= 0 && steps < 16; steps++) {
		for (int k = s->kstart[a]; k < s->kstart[a + 1]; k++) {
			int c = s->kids[k];
			if (s->R[c] != R_PARATAXIS || !fx_is_verb(s->P[c]))
				continue;
			char w[64], lem[64];
			size_t wl = fx_lower(s, c, w, sizeof w);
			const char *l = fn_lemma(f->m, w, wl, s->P[c], lem, sizeof lem);
			int sp = fx_subj_child(s, c);
			if (sp >= 0 && fn_is_attr_verb(f->m, l)) {
				*speaker = sp;
				return c;
			}
		}
		int g = s->H[a];
		if (g < 0)
			return -1;
		if (s->R[a] == R_CCOMP && fx_is_verb(s->P[g])) {
			char w[64], lem[64];
			size_t wl = fx_lower(s, g, w, sizeof w);
			const char *l = fn_lemma(f->m, w, wl, s->P[g], lem, sizeof lem);
			if (fn_is_attr_verb(f->m, l)) {
				fx_resolve(s, g, 0);
				if (s->subj[g] < 0)
					return -1;
				*speaker = s->subj[g];
				return g;
			}
			return -1;
		}
		if (s->R[a] != R_CONJ && s->R[a] != R_XCOMP)
			return -1;
		a = g;
	}
	return -1;
}

/* fx_reduced_acl - is acl h a reduced participle ("the sites hit by the
 * storm"), with no subject, auxiliary or marker of its own?  A content
 * clause ("the news that Iran had acquired missiles") is an acl too. */
static int fx_reduced_acl(const fx_sent_t *s, int h)
{
	for (int k = s->kstart[h]; k < s->kstart[h + 1]; k++) {
		int r = s->R[s->kids[k]];
		if (r == R_NSUBJ || r == R_NSUBJ_PASS || r == R_AUX || r == R_MARK)
			return 0;
	}
	return 1;
}

/*
 * fx_emit_clause - the fact of clause h (when it has a subject).
 */
static int fx_emit_clause(sm_facts_t *f, sm_doc_t *doc, int h)
{
	fx_sent_t *s = &f->s;
	int rc = SM_OK;
	fx_resolve(s, h, 0);
	int subj = s->subj[h];
	if (subj < 0 || s->merged[h])
		return SM_OK;
	int cop = fx_child(s, h, R_COP);
	int verbal = cop < 0;
	int adjpred = !verbal && (s->P[h] == P_JJ || s->P[h] == P_VBN ||
				  s->P[h] == P_VBG);
	int passive = fx_child(s, h, R_NSUBJ_PASS) >= 0 ||
		      fx_child(s, h, R_AUX_PASS) >= 0 ||
		      (s->R[h] == R_ACL && s->P[h] == P_VBN && fx_reduced_acl(s, h));
	int relnoun = s->R[h] == R_RELCL ? s->H[h] : -1;
	int subj_inh = fx_subj_child(s, h) < 0;

	fx_set_t rs;
	memset(&rs, 0, sizeof rs);
	int first_aux = h, modal_tok = -1;
	int neg = fx_rel_tokens(s, h, verbal || adjpred, &rs, &first_aux, NULL,
				&modal_tok);
	const char *modality = NULL;
	int gov_neg = 0;
	/* control chain: "is planning to step up" */
	int top = h;
	while (s->R[top] == R_XCOMP && s->H[top] >= 0 && s->merged[s->H[top]]) {
		int g = s->H[top];
		int mk = fx_child(s, top, R_MARK);
		if (mk >= 0)
			bs_add(&rs, mk);
		int ma = g, mt = -1;
		if (fx_rel_tokens(s, g, 1, &rs, &ma, NULL, &mt))
			gov_neg = 1;
		if (mt >= 0 && modal_tok < 0)
			modal_tok = mt;
		char w[64], lem[64];
		size_t wl = fx_lower(s, g, w, sizeof w);
		const char *l = fn_lemma(f->m, w, wl, s->P[g], lem, sizeof lem);
		int kind = 0;
		const char *lab = fn_modal_label(f->m, l, strlen(l), &kind);
		if (kind == FM_MOD_NEG)
			gov_neg ^= 1;
		/* a passive control verb keeps its voice: "X is expected to
		 * win" is no "X expects to win" */
		int gpass = fx_child(s, g, R_AUX_PASS) >= 0 && s->P[g] == P_VBN;
		if (gpass && !modality && wl + 8 < sizeof w) {
			char pv[80];
			snprintf(pv, sizeof pv, "is %s to", w);
			modality = fn_strdup(doc, pv, strlen(pv));
		} else if (lab && !modality) {
			modality = lab;
		} else if (!modality) {
			char third[96];
			fn_third_person(l, third, sizeof third - 4);
			strcat(third, " to");
			modality = fn_strdup(doc, third, strlen(third));
		}
		top = g;
	}
	if (modal_tok >= 0 && !modality) {
		char w[16];
		size_t wl = fx_lower(s, modal_tok, w, sizeof w);
		int kind = 0;
		modality = fn_modal_label(f->m, w, wl, &kind);
	}
	/* "The WTO is to hold talks": an arrangement, "be" an auxiliary
	 * before "to", adverbs between ("is not to", "is also to": parse.c
	 * fix_be_to) */
	for (int k = s->kstart[h]; k < s->kstart[h + 1] && !modality; k++) {
		int a = s->kids[k], m = a + 1;
		while (m < h && s->P[m] == P_RB && s->H[m] == h)
			m++;
		if (s->R[a] != R_AUX || m >= s->n || s->H[m] != h ||
		    s->R[m] != R_MARK || !fx_is(s, m, "to"))
			continue;
		static const char *const be_to[] = { "is", "are", "was", "were" };
		for (size_t i = 0; i < sizeof be_to / sizeof be_to[0]; i++)
			if (fx_is(s, a, be_to[i])) {
				char lab[16];
				snprintf(lab, sizeof lab, "%s to", be_to[i]);
				modality = fn_strdup(doc, lab, strlen(lab));
				if (!modality)
					return SM_ENOMEM;
				bs_add(&rs, m); /* the relation reads "is to hold" */
			}
	}
	/* "nor does it ..." */
	for (int k = s->kstart[h]; k < s->kstart[h + 1]; k++)
		if (s->R[s->kids[k]] == R_CC && fx_is(s, s->kids[k], "nor"))
			neg = 1;
	neg ^= gov_neg;

	sm_fact_t *x = fx_push_fact(f);
	if (!x)
		return SM_ENOMEM;
	size_t xi = f->n_facts - 1;
	size_t cap = 0;
	x->kind = verbal ? SM_FACT_VERB : SM_FACT_COPULA;
	x->sent = (uint32_t)s->si;
	x->passive = (uint8_t)(passive && verbal);
	x->tense = (uint8_t)fx_tense(s, top, 0);
	x->modality = modality;
	x->negated = (uint8_t)neg;

	/* subject */
	rc = fx_fill_arg(f, doc, subj, s->subj_skip[h], -1, NULL, SM_ROLE_SUBJ,
			 PX_APPOS | PX_NONRESTR, &x->subj, NULL);
	if (rc != SM_OK)
		return rc;
	rc = fx_subject_name(f, doc, subj, &f->facts[xi].subj);
	if (rc != SM_OK)
		return rc;
	x = &f->facts[xi];

	/* gather the argument heads: h's children plus merged governors' */
	int heads[64];
	int nh = 0;
	for (int g = h;; g = s->H[g]) {
		for (int k = s->kstart[g]; k < s->kstart[g + 1] && nh < 64; k++) {
			int c = s->kids[k];
			if (g != h && (c == subj || s->R[c] == R_XCOMP))
				continue;
			heads[nh++] = c;
		}
		if (g == top)
			break;
	}
	/* sort by position (merged governors' args interleave) */
	for (int i = 1; i < nh; i++)
		for (int j = i; j > 0 && heads[j - 1] > heads[j]; j--) {
			int t = heads[j];
			heads[j] = heads[j - 1];
			heads[j - 1] = t;
		}

	int obj_tok = -1, merged_prep = 0;
	const char *nomrel = NULL; /* "notable influence" of "was a notable
				      influence on" (normalized, from rs) */
	char relprep[32] = "";
	sm_fact_arg_t a;
	fx_set_t det;
	int n_args = 0;
	memset(&det, 0, sizeof det);

	/* predicate nominal / adjective */
	if (!verbal) {
		if (adjpred) {
			/* "is rich in X": the first obl after the adjective */
			for (int i = 0; i < nh; i++) {
				int c = heads[i];
				if (s->R[c] == R_OBL && c > h && !bs_has(&rs, c)) {
					int ctok;
					fx_prep(s, c, relprep, sizeof relprep, &ctok);
					if (!relprep[0])
						break;
					rc = fx_fill_arg(f, doc, c, -1, ctok, NULL,
							 SM_ROLE_OBJ, PX_CLAUSAL | PX_APPOS,
							 &x->obj, &det);
					if (rc != SM_OK)
						return rc;
					obj_tok = c;
					merged_prep = 1;
					break;
				}
			}
			if (obj_tok < 0) {
				/* "X is rich": the adjective is the object */
				bs_del(&rs, h);
				rc = fx_fill_arg(f, doc, h, -2, -1, NULL, SM_ROLE_OBJ,
						 PX_CLAUSAL | PX_APPOS, &x->obj, NULL);
				if (rc != SM_OK)
					return rc;
				obj_tok = h;
			}
		} else {
			/* nominal: the predicate NP without the clause's parts */
			fx_set_t np, tmp;
			bs_clear(&np);
			bs_add(&np, h);
			for (int k = s->kstart[h]; k < s->kstart[h + 1]; k++) {
				int c = s->kids[k];
				int r = s->R[c];
				if (r == R_NSUBJ || r == R_NSUBJ_PASS || r == R_CSUBJ ||
				    r == R_COP || r == R_AUX || r == R_AUX_PASS ||
				    r == R_PUNCT || r == R_MARK || r == R_ADVCL ||
				    r == R_PARATAXIS || r == R_OBL || r == R_OBL_TMOD ||
				    r == R_OBL_NPMOD || r == R_CCOMP || r == R_EXPL ||
				    (r == R_ADVMOD && (fx_is_neg(s, c) || c < h)) ||
				    (r == R_CONJ && fx_is_clause(s, c)) ||
				    (r == R_CC && c < h) || r == R_XCOMP)
					continue;
				if (r == R_RELCL && fx_nonrestrictive(s, c))
					continue;
				fx_phrase(s, c, -1, 0, &tmp, NULL);
				for (int w = 0; w < 4; w++)
					np.w[w] |= tmp.w[w];
			}
			/* "was a notable influence on X": the noun joins the
			 * relation, its first prepositional modifier is the object
			 * (the OpenIE-4 / CaRB reading) */
			int pm = -1, pctok = -1;
			char pprep[32] = "";
			for (int k = s->kstart[h]; k < s->kstart[h + 1]; k++) {
				int c = s->kids[k];
				if (s->R[c] == R_NMOD && c > h && bs_has(&np, c)) {
					fx_prep(s, c, pprep, sizeof pprep, &pctok);
					if (pprep[0] && pctok > h)
						pm = c;
					break;
				}
			}
			if (pm >= 0) {
				fx_set_t sub;
				fx_phrase(s, pm, -1, 0, &sub, NULL);
				int lo = pctok;
				for (int i = 0; i < lo; i++)
					if (bs_has(&np, i) && !bs_has(&sub, i))
						bs_add(&rs, i);
				rc = fn_join(&f->buf3, doc, s, &rs, 1, h);
				if (rc != SM_OK)
					return rc;
				nomrel = fn_strdup(doc, f->buf3.p, f->buf3.len);
				strcpy(relprep, pprep);
				merged_prep = 1;
				rc = fx_fill_arg(f, doc, pm, -1, pctok, NULL, SM_ROLE_OBJ,
						 PX_APPOS | PX_NONRESTR, &x->obj, &det);
				if (rc != SM_OK)
					return rc;
				obj_tok = pm;
				goto nominal_done;
			}
			rc = fx_surface(f, s, &np, NULL);
			if (rc != SM_OK)
				return rc;
			x->obj.text = fn_strdup(doc, f->buf.p, f->buf.len);
			if (!x->obj.text)
				return SM_ENOMEM;
			x->obj.span = fx_set_span(s, &np);
			x->obj.head = (int32_t)(s->base + (size_t)h);
			x->obj.role = SM_ROLE_OBJ;
			x->obj.ent = (uint8_t)SM_ENT_TYPE(doc->toks[x->obj.head].ent);
			fx_set_t cb;
			fx_phrase(s, h, -1, PX_COMPACT | PX_APPOS | PX_CLAUSAL, &cb, &det);
			for (int i = 0; i < s->n; i++)
				if (bs_has(&cb, i) && !bs_has(&np, i))
					bs_del(&cb, i);
			rc = fn_norm_arg(f, doc, s, &cb, h, &x->obj);
			if (rc != SM_OK)
				return rc;
			obj_tok = h;
		}
	}
nominal_done:

	/* the object first */
	for (int i = 0; verbal && i < nh && obj_tok < 0; i++) {
		int c = heads[i];
		if (s->R[c] == R_OBJ) {
			int skip = (relnoun >= 0 && c == relnoun) ? h : -1;
			rc = fx_fill_arg(f, doc, fx_is_relpro(s, c) && relnoun >= 0 ?
					 relnoun : c, fx_is_relpro(s, c) ? h : skip,
					 -1, NULL, SM_ROLE_OBJ, PX_APPOS | PX_NONRESTR,
					 &x->obj, &det);
			if (rc != SM_OK)
				return rc;
			obj_tok = c;
		}
	}
	/* "told officials that ...": an indirect object alone is the object;
	 * else a clausal complement ("said it would ...") */
	for (int i = 0; verbal && i < nh && obj_tok < 0; i++) {
		int c = heads[i];
		if (s->R[c] == R_IOBJ) {
			rc = fx_fill_arg(f, doc, c, -1, -1, NULL, SM_ROLE_OBJ,
					 PX_APPOS | PX_NONRESTR, &x->obj, &det);
			if (rc != SM_OK)
				return rc;
			obj_tok = c;
		}
	}
	for (int i = 0; verbal && i < nh && obj_tok < 0; i++) {
		int c = heads[i];
		if (s->R[c] == R_CCOMP || (s->R[c] == R_XCOMP && !s->merged[h] &&
					   c > h)) {
			rc = fx_fill_arg(f, doc, c, -1, -1, NULL, SM_ROLE_COMPLEMENT,
					 PX_WHOLE, &x->obj, NULL);
			if (rc != SM_OK)
				return rc;
			obj_tok = c;
		}
	}
	/* "extract and process rare earths": the object of the first verb */
	if (verbal && obj_tok < 0 && s->R[h] == R_CONJ && s->H[h] >= 0) {
		int o = fx_child(s, s->H[h], R_OBJ);
		if (o > h) {
			rc = fx_fill_arg(f, doc, o, -1, -1, NULL, SM_ROLE_OBJ,
					 PX_APPOS | PX_NONRESTR, &x->obj, &det);
			if (rc != SM_OK)
				return rc;
			obj_tok = o;
		}
	}
	/* "..., Svyrydenko noted": the governing clause is what was said */
	if (verbal && obj_tok < 0 && s->R[h] == R_PARATAXIS && s->H[h] >= 0 &&
	    fx_child(s, h, R_CCOMP) < 0) {
		char w[64], lem[64];
		size_t wl = fx_lower(s, h, w, sizeof w);
		const char *l = fn_lemma(f->m, w, wl, s->P[h], lem, sizeof lem);
		if (fn_is_attr_verb(f->m, l)) {
			rc = fx_fill_arg(f, doc, s->H[h], h, -1, NULL,
					 SM_ROLE_COMPLEMENT, PX_WHOLE, &x->obj, NULL);
			if (rc != SM_OK)
				return rc;
			obj_tok = s->H[h];
		}
	}
	/* reduced relative clause: "the deal (that) they signed" */
	if (verbal && obj_tok < 0 && relnoun >= 0 && !subj_inh &&
	    s->subj[h] != relnoun) {
		int has_relpro_obl = 0;
		for (int i = 0; i < nh; i++)
			if (s->R[heads[i]] == R_OBL && fx_is_relpro(s, heads[i]))
				has_relpro_obl = 1;
		if (!has_relpro_obl) {
			rc = fx_fill_arg(f, doc, relnoun, h, -1, NULL, SM_ROLE_OBJ,
					 PX_APPOS | PX_NONRESTR, &x->obj, &det);
			if (rc != SM_OK)
				return rc;
			obj_tok = relnoun;
		}
	}
	/* no object: a first prepositional object after the verb joins the
	 * relation ("depend on X") */
	if (verbal && obj_tok < 0) {
		for (int i = 0; i < nh; i++) {
			int c = heads[i];
			if ((s->R[c] == R_OBL || s->R[c] == R_OBL_AGENT) && c > h) {
				int ctok;
				fx_prep(s, c, relprep, sizeof relprep, &ctok);
				if (!relprep[0] || fx_is_relpro(s, c))
					break;
				int role = fx_role(s, c, relprep, passive);
				if (role == SM_ROLE_TIME || role == SM_ROLE_AGENT)
					break;
				rc = fx_fill_arg(f, doc, c, -1, ctok, NULL, SM_ROLE_OBJ,
						 PX_APPOS | PX_NONRESTR, &x->obj, &det);
				if (rc != SM_OK)
					return rc;
				obj_tok = c;
				merged_prep = 1;
				break;
			}
		}
	}
	/* "provide assistance to Kyiv" parsed with "to Kyiv" inside the
	 * object: for a transfer verb it is the recipient */
	if (verbal && obj_tok >= 0 && obj_tok != h && obj_tok != relnoun &&
	    s->R[obj_tok] == R_OBJ && fx_child(s, h, R_IOBJ) < 0) {
		char w[64], lem[64];
		size_t wl = fx_lower(s, h, w, sizeof w);
		const char *l = fn_lemma(f->m, w, wl, s->P[h], lem, sizeof lem);
		uint32_t ci;
		int to = -1, ctok = -1;
		if (fm_map_find(f->m, &f->m->converse, l, strlen(l), &ci)) {
			for (int k = s->kstart[obj_tok]; k < s->kstart[obj_tok + 1]; k++) {
				int c = s->kids[k];
				char pr[32];
				if (s->R[c] != R_NMOD)
					continue;
				fx_prep(s, c, pr, sizeof pr, &ctok);
				if (strcmp(pr, "to") == 0 &&
				    fx_role(s, c, pr, 0) == SM_ROLE_RECIPIENT) {
					to = c;
					break;
				}
			}
		}
		if (to >= 0) {
			sm_fact_arg_t ra;
			rc = fx_fill_arg(f, doc, obj_tok, to, -1, NULL, SM_ROLE_OBJ,
					 PX_APPOS | PX_NONRESTR, &x->obj, &det);
			if (rc == SM_OK)
				rc = fx_fill_arg(f, doc, to, -1, ctok, "to",
						 SM_ROLE_RECIPIENT, PX_APPOS | PX_NONRESTR,
						 &ra, NULL);
			if (rc == SM_OK)
				rc = fx_add_arg(doc, &f->facts[xi], &ra, &cap);
			if (rc != SM_OK)
				return rc;
		}
	}
	x = &f->facts[xi];
	if (obj_tok >= 0 && obj_tok != h) {
		rc = fx_add_qualifiers(f, doc, x, &det, &cap);
		if (rc != SM_OK)
			return rc;
	}

	/* the other arguments */
	for (int i = 0; i < nh; i++) {
		int c = heads[i];
		int r = s->R[c];
		if (c == obj_tok || c == subj || bs_has(&rs, c))
			continue;
		char prep[32] = "";
		int ctok = -1, role = SM_ROLE_OTHER, x_arg = c, skip = -1;
		unsigned flags = PX_APPOS | PX_NONRESTR;
		switch (r) {
		case R_OBJ:
		case R_IOBJ:
			role = r == R_IOBJ ? SM_ROLE_RECIPIENT : SM_ROLE_OBJ;
			break;
		case R_OBL:
		case R_OBL_TMOD:
		case R_OBL_NPMOD:
		case R_OBL_AGENT:
			fx_prep(s, c, prep, sizeof prep, &ctok);
			if (fx_is_relpro(s, c) && relnoun >= 0) {
				x_arg = relnoun;
				skip = h;
			}
			role = fx_role(s, c, prep, passive);
			break;
		case R_CCOMP:
			role = SM_ROLE_COMPLEMENT;
			flags = 0;
			break;
		case R_XCOMP:
			if (s->merged[h])
				continue;
			role = SM_ROLE_COMPLEMENT;
			flags = 0;
			break;
		case R_ADVCL: {
			int mk = fx_child(s, c, R_MARK);
			if (mk >= 0 && fx_is(s, mk, "to")) {
				role = SM_ROLE_PURPOSE;
				flags = 0;
				break;
			}
			continue;
		}
		case R_ADVMOD:
			if (fx_is_neg(s, c) || s->P[c] == P_WRB || 0)
				continue;
			if (c < h && !verbal)
				continue;
			role = SM_ROLE_OTHER;
			break;
		default:
			continue;
		}
		if (!verbal && (r == R_OBJ || r == R_IOBJ))
			continue;
		rc = fx_fill_arg(f, doc, x_arg, skip, (x_arg == c) ? ctok : -1,
				 prep, role, flags, &a, NULL);
		if (rc != SM_OK)
			return rc;
		if (x_arg != c && prep[0]) {
			/* "in which": prefix the preposition to the noun */
			sm_buf_clear(&f->buf2);
			if (sm_buf_printf(&f->buf2, "%s %s", prep, a.text) != SM_OK)
				return SM_ENOMEM;
			a.text = fn_strdup(doc, f->buf2.p, f->buf2.len);
		}
		x = &f->facts[xi];
		if (role == SM_ROLE_TIME)
			fn_resolve_date(doc, s, NULL, x->tense, &a);
		rc = fx_add_arg(doc, x, &a, &cap);
		if (rc != SM_OK)
			return rc;
		n_args++;
	}

	/* relation surface */
	rc = fx_surface(f, s, &rs, NULL);
	if (rc == SM_OK && merged_prep && relprep[0])
		rc = sm_buf_printf(&f->buf, " %s", relprep);
	if (rc != SM_OK)
		return rc;
	x = &f->facts[xi];
	x->rel = fn_strdup(doc, f->buf.p, f->buf.len);
	if (!x->rel)
		return SM_ENOMEM;
	{
		fx_set_t ps;
		bs_clear(&ps);
		bs_add(&ps, h);
		for (int k = s->kstart[h]; k < s->kstart[h + 1]; k++)
			if (s->R[s->kids[k]] == R_PRT)
				bs_add(&ps, s->kids[k]);
		x->pred_span = fx_set_span(s, &ps);
	}

	/* normalized predicate; a passive with an agent turns active */
	if (verbal) {
		int agent = -1;
		for (size_t i = 0; i < x->n_args; i++)
			if (x->args[i].role == SM_ROLE_AGENT)
				agent = (int)i;
		if (x->passive && agent >= 0) {
			/* the surface keeps CaRB's view (patient subject, agent
			 * argument); only the normalized forms swap */
			sm_fact_arg_t ag = x->args[agent];
			sm_fact_arg_t pat = x->subj;
			int act_prep = merged_prep;
			if (x->obj.text) {
				/* the object (with the preposition the relation
				 * took: "The offer was made to Kuwait by the US"
				 * is "US | makes | offer | to Kuwait") becomes an
				 * argument */
				sm_fact_arg_t o = x->obj;
				o.text = NULL; /* normalized view only */
				o.role = SM_ROLE_OTHER;
				if (merged_prep && relprep[0]) {
					o.prep = fn_strdup(doc, relprep, strlen(relprep));
					if (!o.prep)
						return SM_ENOMEM;
					act_prep = 0;
				}
				rc = fx_add_arg(doc, x, &o, &cap);
				if (rc != SM_OK)
					return rc;
				x->obj.norm = pat.norm;
				x->obj.canonical = pat.canonical;
				x->obj.qty = pat.qty;
				x->obj.value = pat.value;
				x->obj.ent = pat.ent;
			} else {
				x->obj = pat;
				x->obj.text = NULL;
				x->obj.role = SM_ROLE_OBJ;
			}
			x->subj.norm = ag.norm;
			x->subj.canonical = ag.canonical;
			x->subj.ent = ag.ent;
			x->subj.qty = ag.qty;
			x->subj.value = ag.value;
			x->passive = 2; /* normalized as active */
			rc = fx_pred_norm(f, doc, x, h, act_prep ? relprep : NULL, 0);
		} else {
			rc = fx_pred_norm(f, doc, x, h, merged_prep ? relprep : NULL,
					  x->passive);
		}
	} else {
		char pr[96];
		sm_buf_clear(&f->buf2);
		rc = sm_buf_puts(&f->buf2, "be");
		if (rc == SM_OK && adjpred && obj_tok != h) {
			char w[64];
			fx_lower(s, h, w, sizeof w);
			rc = sm_buf_printf(&f->buf2, " %s", w);
		}
		if (rc == SM_OK && nomrel && *nomrel)
			rc = sm_buf_printf(&f->buf2, " %s", nomrel);
		if (rc == SM_OK && merged_prep)
			rc = sm_buf_printf(&f->buf2, " %s", relprep);
		if (rc != SM_OK)
			return rc;
		x->lemma = fn_strdup(doc, f->buf2.p, f->buf2.len);
		fn_third_person(f->buf2.p, pr, sizeof pr);
		x->pred = fn_strdup(doc, pr, strlen(pr));
		if (!x->lemma || !x->pred)
			return SM_ENOMEM;
	}
	if (rc != SM_OK)
		return rc;
	x = &f->facts[xi];

	/* "tightened export restrictions on certain rare earths" parsed with
	 * the PP on the verb: in the normalized view an "of"/"on" phrase right
	 * after the object belongs to it (the CaRB view keeps the parse) */
	if (verbal && x->obj.norm && x->obj.text && !merged_prep) {
		for (size_t i = 0; i < x->n_args; i++) {
			sm_fact_arg_t *qa = &x->args[i];
			if (!qa->prep || !qa->norm || qa->head < 0 ||
			    qa->role != SM_ROLE_OTHER ||
			    (strcmp(qa->prep, "on") != 0 && strcmp(qa->prep, "of") != 0))
				continue;
			int gap = 0;
			for (size_t t = s->base; t < s->base + (size_t)s->n; t++)
				if (doc->toks[t].start >= x->obj.span.end &&
				    doc->toks[t].end <= qa->span.start)
					gap++;
			/* the span excludes the preposition: one token between */
			if (qa->span.start > x->obj.span.end && gap == 1) {
				/* the phrase one nmod level down: its own modifiers
				 * past that become qualifiers */
				int ah = qa->head - (int32_t)s->base;
				fx_set_t cb, det2;
				bs_clear(&cb);
				bs_clear(&det2);
				fx_phrase_rec(s, ah, -1, PX_COMPACT | PX_APPOS | PX_CLAUSAL,
					      1, &cb, &det2);
				for (int k = s->kstart[ah]; k < s->kstart[ah + 1]; k++)
					if (s->R[s->kids[k]] == R_CASE)
						bs_del(&cb, s->kids[k]);
				rc = fn_join(&f->buf3, doc, s, &cb, 1, -1);
				if (rc != SM_OK)
					return rc;
				sm_buf_clear(&f->buf2);
				rc = sm_buf_printf(&f->buf2, "%s %s %s", x->obj.norm,
						   qa->prep, f->buf3.p);
				if (rc != SM_OK)
					return rc;
				x->obj.norm = fn_strdup(doc, f->buf2.p, f->buf2.len);
				if (!x->obj.norm)
					return SM_ENOMEM;
				x->obj.canonical = 0;
				qa->norm = NULL; /* CaRB view only */
				rc = fx_add_qualifiers(f, doc, x, &det2, &cap);
				if (rc != SM_OK)
					return rc;
				x = &f->facts[xi];
			}
			break;
		}
	}

	/* negation carried by the object: "creates no debt" */
	if (x->obj.head >= 0 && obj_tok >= 0) {
		for (int k = s->kstart[obj_tok]; k < s->kstart[obj_tok + 1]; k++)
			if (s->R[s->kids[k]] == R_DET && fx_is(s, s->kids[k], "no"))
				x->negated = 1;
	}

	/* attribution */
	int speaker = -1;
	int av = fx_attribution(f, h, &speaker);
	if (av >= 0 && speaker >= 0) {
		sm_fact_arg_t sp;
		rc = fx_fill_arg(f, doc, speaker, -1, -1, NULL, SM_ROLE_SUBJ,
				 PX_APPOS | PX_CLAUSAL, &sp, NULL);
		if (rc != SM_OK)
			return rc;
		x = &f->facts[xi];
		x->attribution = sp.norm;
		char w[64], lem[64];
		size_t wl = fx_lower(s, av, w, sizeof w);
		const char *l = fn_lemma(f->m, w, wl, s->P[av], lem, sizeof lem);
		x->attr_verb = fn_strdup(doc, l, strlen(l));
		/* "Apple said it would ...", "Putin said he had ...": the
		 * pronoun subject of reported speech is the speaker, when
		 * the speaker is a name (NNP, an organization, or "the
		 * company" read as the story's company): not "Analysts
		 * said it would".  "they" is a plural speaker ("Analysts
		 * said they expected", "X and Y said they agreed"), not
		 * "The company said they" */
		int st = x->subj.head >= 0 ? x->subj.head - (int32_t)s->base : -1;
		int named = s->P[speaker] == P_NNP || sp.ent == SM_ENT_ORG || sp.canonical;
		if (st >= 0 && st < s->n && s->P[st] == P_PRP && s->R[h] != R_CONJ &&
		    ((named && (fx_is(s, st, "it") || fx_is(s, st, "he") ||
				fx_is(s, st, "she")) && fx_pronoun_agrees(s, st, sp.ent)) ||
		     (fx_is(s, st, "they") && fx_plural_head(s, speaker)))) {
			x->subj.norm = sp.norm;
			x->subj.canonical = sp.canonical;
			x->subj.ent = sp.ent;
		}
	}

	/* "the pact does not ..., nor does it ...": a pronoun subject of a
	 * coordinated clause is the first clause's subject */
	{
		int st = x->subj.head >= 0 ? x->subj.head - (int32_t)s->base : -1;
		int g = s->R[h] == R_CONJ ? fx_clause_of(s, s->H[h]) : -1;
		/* subj[g] is memoized: resolve it first, or it holds whatever
		 * an earlier sentence left there (h has its own subject, so
		 * resolving h did not resolve g) */
		if (g >= 0)
			fx_resolve(s, g, 0);
		if (st >= 0 && st < s->n && g >= 0 && s->P[st] == P_PRP &&
		    (fx_is(s, st, "it") || fx_is(s, st, "they")) &&
		    s->subj[g] >= 0 && s->P[s->subj[g]] != P_PRP) {
			sm_fact_arg_t ant;
			rc = fx_fill_arg(f, doc, s->subj[g], s->subj_skip[g], -1,
					 NULL, SM_ROLE_SUBJ, PX_APPOS | PX_CLAUSAL,
					 &ant, NULL);
			if (rc != SM_OK)
				return rc;
			x = &f->facts[xi];
			if (fx_pronoun_agrees(s, st, ant.ent)) {
				x->subj.norm = ant.norm;
				x->subj.canonical = ant.canonical;
				x->subj.ent = ant.ent;
			}
		}
	}

	/* CaRB view of coordinated subject and object */
	if (subj >= 0 && f->openie) {
		const char **al;
		size_t na;
		rc = fx_conj_alts(f, doc, subj, s->subj_skip[h], 1, &al, &na);
		if (rc != SM_OK)
			return rc;
		x = &f->facts[xi];
		x->subj_alts = al;
		x->n_subj_alts = na;
	}
	if (obj_tok >= 0 && obj_tok != h && x->obj.text && f->openie) {
		const char **al;
		size_t na;
		rc = fx_conj_alts(f, doc, obj_tok, h, merged_prep, &al, &na);
		if (rc != SM_OK)
			return rc;
		x = &f->facts[xi];
		x->obj_alts = al;
		x->n_obj_alts = na;
	}

	/* overall span */
	x->span = x->subj.span;
	sm_span_t rsp = fx_set_span(s, &rs);
	const sm_span_t *sps[3] = { &rsp, &x->obj.span, NULL };
	for (int i = 0; i < 2; i++) {
		if (sps[i]->end == 0)
			continue;
		if (sps[i]->start < x->span.start)
			x->span.start = sps[i]->start;
		if (sps[i]->end > x->span.end)
			x->span.end = sps[i]->end;
	}
	for (size_t i = 0; i < x->n_args; i++) {
		if (x->args[i].head < 0)
			continue;
		if (x->args[i].span.start < x->span.start)
			x->span.start = x->args[i].span.start;
		if (x->args[i].span.end > x->span.end)
			x->span.end = x->args[i].span.end;
	}
	x->confidence = fx_confidence(s, top, subj_inh, x->obj.text != NULL,
				      (int)x->n_args, x->kind,
				      s->R[h] == R_RELCL, subj_inh ? -1 : subj);
	if (!x->obj.text)
		x->confidence *= 0.6f;
	return SM_OK;
}

/* fx_emit_of - Open IE extra: "the High Court of Australia" -> Australia
 * | has | High Court (low confidence, never key). */
static int fx_emit_of(sm_facts_t *f, sm_doc_t *doc, int x)
{
	fx_sent_t *s = &f->s;
	int rc;
	if (f->openie && s->R[x] == R_NMOD && s->P[x] == P_NNP && s->H[x] >= 0 &&
	    s->H[x] < x && (s->P[s->H[x]] == P_NN || s->P[s->H[x]] == P_NNP)) {
		char pr[32];
		int ctok;
		fx_prep(s, x, pr, sizeof pr, &ctok);
		if (strcmp(pr, "of") != 0)
			return SM_OK;
		int n = s->H[x];
		sm_fact_t *fa = fx_push_fact(f);
		if (!fa)
			return SM_ENOMEM;
		size_t xi = f->n_facts - 1;
		fa->kind = SM_FACT_POSS;
		fa->sent = (uint32_t)s->si;
		fa->tense = SM_TENSE_PRESENT;
		rc = fx_fill_arg(f, doc, x, -1, ctok, NULL, SM_ROLE_SUBJ,
				 PX_APPOS | PX_CLAUSAL, &f->facts[xi].subj, NULL);
		if (rc == SM_OK)
			rc = fx_fill_arg(f, doc, n, x, -1, NULL, SM_ROLE_OBJ,
					 PX_APPOS | PX_CLAUSAL, &f->facts[xi].obj, NULL);
		if (rc != SM_OK)
			return rc;
		fa = &f->facts[xi];
		fa->rel = "has";
		fa->pred = "has";
		fa->lemma = "have";
		fa->extra = 1;
		fa->span = fx_span_join(fa->subj.span, fa->obj.span);
		fa->confidence = 0.25f;
		return SM_OK;
	}
	return SM_OK;
}

/*
 * fx_push_nominal - push a present-tense fact of kind between two noun
 * phrases of the sentence: subject headed by sh (without token sx), object
 * headed by oh (without ox), phrase flags sf / of, relation rel (lemma
 * lemma).  The fact spans both phrases.  *out is the new
 * fact (valid until the next push).  Errors: SM_ENOMEM.
 */
static int fx_push_nominal(sm_facts_t *f, sm_doc_t *doc, int kind, int sh, int sx,
			   unsigned sf, int oh, int ox, unsigned of, const char *rel,
			   const char *lemma, sm_fact_t **out)
{
	sm_fact_t *fa = fx_push_fact(f);
	if (!fa)
		return SM_ENOMEM;
	size_t xi = f->n_facts - 1;
	fa->kind = (uint8_t)kind;
	fa->sent = (uint32_t)f->s.si;
	fa->tense = SM_TENSE_PRESENT;
	int rc = fx_fill_arg(f, doc, sh, sx, -1, NULL, SM_ROLE_SUBJ, sf, &f->facts[xi].subj, NULL);
	if (rc == SM_OK)
		rc = fx_fill_arg(f, doc, oh, ox, -1, NULL, SM_ROLE_OBJ, of, &f->facts[xi].obj, NULL);
	if (rc != SM_OK)
		return rc;
	fa = &f->facts[xi];
	fa->rel = rel;
	fa->pred = rel;
	fa->lemma = lemma;
	fa->span = fx_span_join(fa->subj.span, fa->obj.span);
	*out = fa;
	return SM_OK;
}

/*
 * fx_is_amount - does token x head an amount of money: a number, a
 * currency sign, or a currency word with a number ("39 million pounds",
 * "$60.6 million", "1.20 dlrs")?
 */
static int fx_is_amount(const fx_sent_t *s, int x)
{
	static const char *const units[] = {
		"pounds", "pound", "dollars", "dollar", "dlrs", "dlr", "euros",
		"euro", "yen", "marks", "francs", "stg", "sterling", "rand",
		"pesos", "rupees", "yuan", "crowns", "guilders", "lire", "cents",
		"cts", "billion", "million", "mln", "bn", "m",
	};
	if (s->P[x] == P_CD || fx_is(s, x, "$") || fx_is(s, x, "\xc2\xa3") ||
	    fx_is(s, x, "\xe2\x82\xac"))
		return 1;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (fx_is(s, x, units[i]))
			return 1;
	return 0;
}

/* fx_name_part - token i extends the name [lo, hi]: a capitalized
 * compound, flat or proper-adjective part of one of its tokens ("Camden"
 * of "Camden Market", "United Arab" of "United Arab Emirates"). */
static int fx_name_part(const sm_doc_t *doc, const fx_sent_t *s, int i,
			int lo, int hi)
{
	int r = s->R[i];
	return s->H[i] >= lo && s->H[i] <= hi &&
	       (doc->toks[s->base + (size_t)i].flags & SM_TF_CAP) &&
	       (r == R_COMPOUND || r == R_FLAT || (r == R_AMOD && s->P[i] == P_NNP));
}

/* fx_name_span - the name headed by token h, without determiners and
 * modifiers ("Lordstown" of "its 5,000 Lordstown"): h and the parts
 * fx_name_part adds on either side, as first and last token. */
static void fx_name_span(const sm_doc_t *doc, const fx_sent_t *s, int h,
			 int *lo, int *hi)
{
	int l = h, r = h;
	for (;;) {
		if (l > 0 && fx_name_part(doc, s, l - 1, l, r))
			l--;
		else if (r + 1 < s->n && fx_name_part(doc, s, r + 1, l, r))
			r++;
		else
			break;
	}
	*lo = l;
	*hi = r;
}

/* fx_place_alias - the gazetteer entry of the place name s[lo..hi] (its
 * words joined by single spaces), or NULL. */
static const fm_alias_t *fx_place_alias(const sm_facts_t *f, const fx_sent_t *s,
					int lo, int hi)
{
	char name[256];
	size_t n = 0;
	uint32_t idx;
	for (int i = lo; i <= hi; i++) {
		sm_str_t t = sm_doc_tok_text(s->doc, s->base + (size_t)i);
		if (n + t.len + 1 >= sizeof name)
			return NULL;
		if (n)
			name[n++] = ' ';
		memcpy(name + n, t.p, t.len);
		n += t.len;
	}
	if (!fm_map_find(f->m, &f->m->aliases, name, n, &idx) ||
	    f->m->alias[idx].type != SM_ENT_LOC)
		return NULL;
	return &f->m->alias[idx];
}

/* fx_is_versus - token i is "v", "vs", "vs." or "versus" (a fixture). */
static int fx_is_versus(const fx_sent_t *s, int i)
{
	return i >= 0 && i < s->n && (fx_is(s, i, "v") || fx_is(s, i, "vs") ||
				      fx_is(s, i, "vs.") || fx_is(s, i, "versus"));
}

/*
 * fx_place_in - decide the apposition fact just pushed for two places,
 * head n and apposition x (both recognized as LOC).  "Malibu, California"
 * writes a place and the region it lies in, not that Malibu is
 * California: the fact becomes "Malibu | is in | California", the object
 * a place (role place), both sides the bare names ("Lordstown | is in |
 * Ohio" from "its 5,000 Lordstown, Ohio, assembly workers") read as
 * places ("Camden Market | is in | London", not the government sense
 * "UK").  It is true but it is geography the reader knows, not news,
 * and one of five key slots is too dear for it: fn_rank never makes it a
 * key fact.  It stays in --facts=all, where it tells which Portland a
 * story means, and in Open IE (CaRB gold has "Mount Vernon | is in |
 * Ind.").
 *
 * Two LOC names after a comma are often no such pair; the fact is then
 * dropped, as no "is" between two places is a fact either:
 *   - not exactly "X, Y" (an optional "the" before Y): brackets are an
 *     alias ("United Arab Emirates (UAE)", "Mumbai (Bombay)"), a dash or
 *     other words a misparse ("Yili - full name Inner Mongolia ...");
 *   - a list: Y with conjuncts or appositions of its own ("Cardiff,
 *     Bangor, Aberystwyth and Wrexham"), X with another apposition, or
 *     with a later conjunct that has no region of its own ("Cardiff,
 *     Bangor and Wrexham"; "Moraine, Ohio, and Flint, Mich." stays);
 *   - a fixture: "v" or "vs" next to either name ("France v Israel;
 *     Switzerland v Faroe Islands");
 *   - "a X" ("a Henson, D'Arcy, O'Driscoll combination");
 *   - the gazetteer says no: X a country ("Japan, the U.S.", "Cyprus,
 *     France"), or X a capital and Y a place of another country
 *     ("Dublin, London"; "London, England" stays).
 * Errors: SM_ENOMEM.
 */
static int fx_place_in(sm_facts_t *f, sm_doc_t *doc, int n, int x)
{
	const fx_sent_t *s = &f->s;
	size_t xi = f->n_facts - 1;
	int nl, nh, xl, xh;
	fx_name_span(doc, s, n, &nl, &nh);
	fx_name_span(doc, s, x, &xl, &xh);
	int ys = xl > 0 && fx_is(s, xl - 1, "the") && s->H[xl - 1] == x ? xl - 1 : xl;
	int keep = nh + 2 == ys && fx_is(s, nh + 1, ",") &&
		   !fx_is_versus(s, nl - 1) && !fx_is_versus(s, xh + 1);
	for (int k = s->kstart[x]; keep && k < s->kstart[x + 1]; k++) {
		int r = s->R[s->kids[k]];
		keep = r != R_CONJ && r != R_CC && r != R_APPOS;
	}
	for (int k = s->kstart[n]; keep && k < s->kstart[n + 1]; k++) {
		int c = s->kids[k];
		if ((s->R[c] == R_APPOS && c != x) ||
		    (s->R[c] == R_DET && (fx_is(s, c, "a") || fx_is(s, c, "an"))) ||
		    (s->R[c] == R_CONJ && c > x && fx_child(s, c, R_APPOS) < 0))
			keep = 0;
	}
	if (keep) {
		const fm_alias_t *an = fx_place_alias(f, s, nl, nh);
		const fm_alias_t *ax = fx_place_alias(f, s, xl, xh);
		if (an && (an->sense == FM_SENSE_NAME ||
			   (ax && strcmp(f->m->pool + an->canon,
					 f->m->pool + ax->canon) != 0)))
			keep = 0;
	}
	if (!keep) {
		f->n_facts--;
		return SM_OK;
	}
	fx_set_t name[2];
	bs_clear(&name[0]);
	bs_clear(&name[1]);
	for (int i = nl; i <= nh; i++)
		bs_add(&name[0], i);
	for (int i = xl; i <= xh; i++)
		bs_add(&name[1], i);
	for (int side = 0; side < 2; side++) {
		sm_fact_arg_t *a = side ? &f->facts[xi].obj : &f->facts[xi].subj;
		int rc = fx_surface(f, s, &name[side], NULL);
		if (rc != SM_OK)
			return rc;
		memset(a, 0, sizeof(*a));
		a->text = fn_strdup(doc, f->buf.p, f->buf.len);
		if (!a->text)
			return SM_ENOMEM;
		a->span = fx_set_span(s, &name[side]);
		a->head = (int32_t)(s->base + (size_t)(side ? x : n));
		a->role = SM_ROLE_PLACE; /* both read as places (fn_norm_arg) */
		a->ent = SM_ENT_LOC;
		rc = fn_norm_arg(f, doc, s, &name[side], side ? x : n, a);
		if (rc != SM_OK)
			return rc;
	}
	sm_fact_t *fa = &f->facts[xi];
	fa->subj.role = SM_ROLE_SUBJ;
	fa->rel = "is in";
	fa->pred = "is in";
	fa->lemma = "be in";
	fa->span = fx_span_join(fa->subj.span, fa->obj.span);
	fa->confidence = fx_confidence(s, x, 0, 1, 0, SM_FACT_APPOS, 0, n);
	return SM_OK;
}

/*
 * fx_owner_word - can capitalized modifier c of a title say whose title
 * it is?  A country, demonym or other gazetteer alias ("Italian Prime
 * Minister", "US president"), or a one-word place or organization the
 * recognizer found.  Not a nationality or party word the recognizer calls
 * MISC ("Republican deputy", "Democratic senator": demonyms are in the
 * gazetteer): "Foreign Minister", "Federal Reserve chairman" and
 * "Republican deputy" are titles of nobody named, and the whole phrase is
 * the title, not "is Minister of | Foreign".
 */
static int fx_owner_word(const sm_facts_t *f, const sm_doc_t *doc,
			 const fx_sent_t *s, int c)
{
	sm_str_t t = sm_doc_tok_text(doc, s->base + (size_t)c);
	uint32_t ai;
	if (fm_map_find(f->m, &f->m->aliases, t.p, t.len, &ai))
		return 1;
	uint8_t e = doc->toks[s->base + (size_t)c].ent;
	int ty = SM_ENT_TYPE(e);
	if (!SM_ENT_BEGINS(e) || (ty != SM_ENT_LOC && ty != SM_ENT_ORG))
		return 0;
	if (c + 1 < s->n) {
		uint8_t ne = doc->toks[s->base + (size_t)c + 1].ent;
		if (SM_ENT_TYPE(ne) == ty && !SM_ENT_BEGINS(ne))
			return 0; /* "Federal" of "Federal Reserve" */
	}
	return 1;
}

/* fx_emit_nominal - apposition "X, Y," (of two places: fx_place_in) and
 * title "Ukraine's minister Yulia Svyrydenko" / "Russian President
 * Vladimir Putin" facts for noun x. */
static int fx_emit_nominal(sm_facts_t *f, sm_doc_t *doc, int x)
{
	fx_sent_t *s = &f->s;
	int rc;
	if (s->R[x] == R_APPOS && s->H[x] >= 0) {
		int n = s->H[x];
		sm_fact_t *fa;
		rc = fx_push_nominal(f, doc, SM_FACT_APPOS, n, x, PX_APPOS | PX_CLAUSAL,
				     x, -1, PX_APPOS | PX_NONRESTR, "is", "be", &fa);
		if (rc != SM_OK)
			return rc;
		/* "39 million pounds ($60.6 million)": a conversion in
		 * brackets, no fact (but "the 1986 dividend (1.20 dlrs a
		 * share)" is one) */
		if (fx_bracketed(s, x) && fx_is_amount(s, n) && fx_is_amount(s, x)) {
			f->n_facts--;
			return SM_OK;
		}
		if (fa->subj.ent == SM_ENT_LOC && fa->obj.ent == SM_ENT_LOC)
			return fx_place_in(f, doc, n, x);
		fa->confidence = fx_confidence(s, x, 0, 1, 0, SM_FACT_APPOS, 0, n);
		/* An amount in apposition is a rate, a range or a list of
		 * figures, no fact of its own: "46 dlrs | is | share" (46 dlrs
		 * a share), "1.39 billion dlrs | is | up from 1.26 billion",
		 * "4.14 pct | is | 4.29".  An Open IE extra for CaRB, else
		 * none. */
		/* Nor are a date's ("Wednesday, March 4", "WASHINGTON, March
		 * 18 -") and two names with no mark between: one name the
		 * parser split ("Credit Suisse | is | First Boston",
		 * "Illinois Cooperative Futures | is | Co"), or a table
		 * ("1100-1400 lbs | are | 66.00-67.00"), "American Stock |
		 * is | Exchange"; "US media giant TimeWarner" (a lower-case
		 * noun, then a name) and "West German Chancellor Helmut
		 * Kohl" (a title word) stay. */
		int mark = 0;
		for (int t = n + 1; t < x && !mark; t++)
			mark = s->P[t] == P_PUNCT_OR_SYM;
		/* "one of its top-selling drugs, Nolvadex" is no amount */
		int of = 0;
		for (int k = s->kstart[n]; k < s->kstart[n + 1] && !of; k++) {
			char pr[16];
			int ct;
			if (s->R[s->kids[k]] == R_NMOD) {
				fx_prep(s, s->kids[k], pr, sizeof pr, &ct);
				of = strcmp(pr, "of") == 0;
			}
		}
		if ((fx_is_amount(s, n) && !(s->P[n] == P_CD && of)) ||
		    fa->subj.ent == SM_ENT_MONEY ||
		    fa->subj.ent == SM_ENT_PERCENT || fa->subj.ent == SM_ENT_QUANTITY ||
		    fx_is_date(s, n) || fx_is_date(s, x) ||
		    (x > n && !mark && !fx_title_word(s, n) &&
		     !(s->P[n] == P_NN && s->P[x] == P_NNP &&
		       !(s->doc->toks[s->base + (size_t)n].flags & SM_TF_CAP)))) {
			if (!f->openie)
				f->n_facts--;
			else
				fa->extra = 1;
		}
		return SM_OK;
	}
	if (f->openie && s->R[x] == R_AMOD && s->P[x] == P_JJ && s->H[x] > x &&
	    (s->P[s->H[x]] == P_NN || s->P[s->H[x]] == P_NNP) &&
	    !(doc->toks[s->base + (size_t)x].flags & SM_TF_CAP)) {
		/* Open IE extra: "the comical contradictions" -> contradictions
		 * | are | comical (low confidence, CaRB view only) */
		int n = s->H[x];
		sm_fact_t *fa;
		rc = fx_push_nominal(f, doc, SM_FACT_COPULA, n, x, PX_APPOS | PX_CLAUSAL,
				     x, -1, PX_APPOS | PX_CLAUSAL, "is", "be", &fa);
		if (rc != SM_OK)
			return rc;
		fa->extra = 1;
		fa->span = fx_span_join(fa->subj.span, fa->obj.span);
		fa->confidence = 0.2f;
		return SM_OK;
	}
	if (f->openie && s->R[x] == R_NMOD_POSS && s->H[x] > x && s->P[x] != P_PRPS &&
	    s->P[x] != P_WH && s->P[x] != P_PRP) {
		/* "Putin's announcement" -> Putin | has | announcement */
		int n = s->H[x];
		sm_fact_t *fa;
		rc = fx_push_nominal(f, doc, SM_FACT_POSS, x, -1, PX_APPOS | PX_CLAUSAL,
				     n, x, PX_APPOS | PX_CLAUSAL, "has", "have", &fa);
		if (rc != SM_OK)
			return rc;
		/* the clitic belongs to neither side */
		size_t tl = strlen(fa->subj.text);
		if (tl > 3 && strcmp(fa->subj.text + tl - 3, " 's") == 0)
			fa->subj.text = fn_strdup(doc, fa->subj.text, tl - 3);
		else if (tl > 2 && strcmp(fa->subj.text + tl - 2, " '") == 0)
			fa->subj.text = fn_strdup(doc, fa->subj.text, tl - 2);
		tl = strlen(fa->subj.norm);
		if (tl > 2 && strcmp(fa->subj.norm + tl - 2, "'s") == 0)
			fa->subj.norm = fn_strdup(doc, fa->subj.norm, tl - 2);
		if (!fa->subj.text || !fa->subj.norm)
			return SM_ENOMEM;
		fa->extra = 1;
		fa->confidence = 0.3f;
		return SM_OK;
	}
	if (s->P[x] != P_NNP || fx_is_date(s, x))
		return SM_OK; /* "Federal officials Sunday confirmed": no name */
	/* title modifiers before the name: compound / nmod:desc nouns, not
	 * part of a name themselves; an organization's only lower case
	 * ("Australian aluminium producer Comalco Ltd", but not "Corp | is
	 * | Supermarkets General") */
	sm_str_t xw = sm_doc_tok_text(doc, s->base + (size_t)x);
	int org = SM_ENT_TYPE(doc->toks[s->base + (size_t)x].ent) == SM_ENT_ORG ||
		  sm_ner_designator(xw.p, xw.len);
	int title = -1;
	for (int k = s->kstart[x]; k < s->kstart[x + 1]; k++) {
		int c = s->kids[k];
		int ct = SM_ENT_TYPE(doc->toks[s->base + (size_t)c].ent);
		if (c < x && (s->R[c] == R_COMPOUND || s->R[c] == R_NMOD_DESC) &&
		    (s->P[c] == P_NN || s->P[c] == P_NNP) &&
		    (!org || !(doc->toks[s->base + (size_t)c].flags & SM_TF_CAP)) &&
		    ct != SM_ENT_PER && ct != SM_ENT_ORG) {
			/* a title noun is lower case (or first in the
			 * sentence: "Actor Tom Hanks") or a known title word;
			 * not "Gambling Bill", "Holiday Inn" */
			int capnoun = c > 0 && (doc->toks[s->base + (size_t)c].flags & SM_TF_CAP);
			if ((s->P[c] == P_NN && !capnoun) || fx_title_word(s, c))
				title = c;
		}
	}
	if (title < 0)
		return SM_OK;
	/* the possessor: "Ukraine's" on the title or the name, or a demonym */
	int poss = -1;
	for (int pass = 0; pass < 2 && poss < 0; pass++) {
		int on = pass == 0 ? title : x;
		for (int k = s->kstart[on]; k < s->kstart[on + 1]; k++) {
			int c = s->kids[k];
			if (s->R[c] == R_NMOD_POSS ||
			    (s->R[c] == R_AMOD && (s->P[c] == P_JJ || s->P[c] == P_NNP) &&
			     (doc->toks[s->base + (size_t)c].flags & SM_TF_CAP) &&
			     fx_owner_word(f, doc, s, c))) {
				poss = c;
				break;
			}
			/* "Russian President Vladimir Putin" tagged as a name */
			if ((s->R[c] == R_COMPOUND || s->R[c] == R_AMOD) && c < title) {
				sm_str_t t = sm_doc_tok_text(doc, s->base + (size_t)c);
				uint32_t ai;
				if (fm_map_find(f->m, &f->m->aliases, t.p, t.len, &ai)) {
					poss = c;
					break;
				}
			}
		}
	}
	/* the name without its title words */
	fx_set_t name, tt;
	bs_clear(&name);
	bs_clear(&tt);
	bs_add(&name, x);
	for (int k = s->kstart[x]; k < s->kstart[x + 1]; k++) {
		int c = s->kids[k];
		if (s->R[c] == R_FLAT || (s->R[c] == R_COMPOUND && s->P[c] == P_NNP &&
					  c > title))
			bs_add(&name, c);
	}
	/* the title phrase: title + its modifiers + modifiers of the name
	 * between title and name, without the possessor */
	fx_set_t tp;
	fx_phrase(s, title, poss, PX_CLAUSAL | PX_APPOS, &tp, NULL);
	for (int k = s->kstart[x]; k < s->kstart[x + 1]; k++) {
		int c = s->kids[k];
		if (c < title && c != poss && (s->R[c] == R_AMOD || s->R[c] == R_COMPOUND))
			for (int w = 0; w < 4; w++) {
				fx_set_t t2;
				fx_phrase(s, c, -1, 0, &t2, NULL);
				tp.w[w] |= t2.w[w];
			}
	}
	for (int i = 0; i < s->n; i++)
		if (bs_has(&tp, i) && (s->P[i] == P_DT || s->P[i] == P_POS))
			bs_del(&tp, i);
	sm_fact_t *fa = fx_push_fact(f);
	if (!fa)
		return SM_ENOMEM;
	size_t xi = f->n_facts - 1;
	fa->kind = SM_FACT_TITLE;
	fa->sent = (uint32_t)s->si;
	fa->tense = SM_TENSE_PRESENT;
	rc = fx_surface(f, s, &name, NULL);
	if (rc != SM_OK)
		return rc;
	fa = &f->facts[xi];
	fa->subj.text = fn_strdup(doc, f->buf.p, f->buf.len);
	fa->subj.span = fx_set_span(s, &name);
	fa->subj.head = (int32_t)(s->base + (size_t)x);
	fa->subj.ent = SM_ENT_PER;
	rc = fn_norm_arg(f, doc, s, &name, x, &fa->subj);
	if (rc != SM_OK)
		return rc;
	/* CaRB: "is" | name | title phrase (with the possessor words) */
	fx_set_t full = tp;
	if (poss >= 0) {
		fx_set_t ps;
		fx_phrase(s, poss, -1, 0, &ps, NULL);
		for (int w = 0; w < 4; w++)
			full.w[w] |= ps.w[w];
	}
	rc = fx_surface(f, s, &full, NULL);
	if (rc != SM_OK)
		return rc;
	fa = &f->facts[xi];
	fa->obj.text = fn_strdup(doc, f->buf.p, f->buf.len);
	fa->obj.span = fx_set_span(s, &full);
	fa->obj.head = (int32_t)(s->base + (size_t)title);
	fa->obj.role = SM_ROLE_OBJ;
	fa->rel = "is";
	fa->lemma = "be";
	fa->pred = "is";
	if (poss >= 0) {
		/* normalized: "is <title> of" | possessor */
		sm_fact_arg_t tmp;
		memset(&tmp, 0, sizeof tmp);
		rc = fn_norm_arg(f, doc, s, &tp, title, &tmp);
		if (rc != SM_OK)
			return rc;
		char pr[160];
		snprintf(pr, sizeof pr, "is %s of", tmp.norm ? tmp.norm : "");
		fa = &f->facts[xi];
		fa->pred = fn_strdup(doc, pr, strlen(pr));
		fx_set_t ps;
		fx_phrase(s, poss, -1, PX_COMPACT, &ps, NULL);
		for (int i = 0; i < s->n; i++)
			if (bs_has(&ps, i) && s->P[i] == P_POS)
				bs_del(&ps, i);
		rc = fn_norm_arg(f, doc, s, &ps, poss, &fa->obj);
		if (rc != SM_OK)
			return rc;
	} else {
		rc = fn_norm_arg(f, doc, s, &tp, title, &fa->obj);
		if (rc != SM_OK)
			return rc;
	}
	fa = &f->facts[xi];
	fa->span = fx_span_join(fa->subj.span, fa->obj.span);
	fa->confidence = fx_confidence(s, x, 0, 1, 0, SM_FACT_TITLE, 0, x);
	return fa->subj.text && fa->obj.text ? SM_OK : SM_ENOMEM;
}

static int fx_ntok(const char *t)
{
	int n = 0, in = 0;
	for (; t && *t; t++) {
		if (*t == ' ')
			in = 0;
		else if (!in) {
			in = 1;
			n++;
		}
	}
	return n;
}

/*
 * fx_calibrate - the final confidence: a logistic regression over the
 * clause score and the extraction's shape (argument and relation lengths,
 * sentence length, copula/possessive/speech relations, a missing second
 * argument), fitted on CaRB dev token precision (bench/eval-carb).
 */
static void fx_calibrate(const fx_sent_t *s, sm_fact_t *x)
{
	double c = x->confidence;
	if (c < 1e-4)
		c = 1e-4;
	if (c > 1 - 1e-4)
		c = 1 - 1e-4;
	double z0 = log(c / (1 - c));
	int nargs = x->obj.text ? 1 : 0;
	for (size_t i = 0; i < x->n_args; i++)
		if (x->args[i].text && x->args[i].role != SM_ROLE_QUALIFIER)
			nargs++;
	int a1 = fx_ntok(x->subj.text), a2 = 0, rl = fx_ntok(x->rel);
	if (x->obj.text)
		a2 = fx_ntok(x->obj.text);
	else
		for (size_t i = 0; i < x->n_args; i++)
			if (x->args[i].text && x->args[i].role != SM_ROLE_QUALIFIER) {
				a2 = fx_ntok(x->args[i].text) + (x->args[i].prep ? 1 : 0);
				break;
			}
	int is_be = x->rel && (!strcmp(x->rel, "is") || !strcmp(x->rel, "was") ||
			       !strcmp(x->rel, "are") || !strcmp(x->rel, "were"));
	int is_has = x->rel && !strcmp(x->rel, "has");
	int said = x->lemma && (!strcmp(x->lemma, "say") || !strcmp(x->lemma, "tell"));
	double z = 0.203 + 0.494 * z0 - 0.247 * (nargs < 4 ? nargs : 4) / 4.0 -
		   0.901 * (a1 < 15 ? a1 : 15) / 15.0 -
		   0.531 * (a2 < 25 ? a2 : 25) / 25.0 +
		   1.019 * (rl < 6 ? rl : 6) / 6.0 -
		   0.514 * (s->n < 60 ? s->n : 60) / 60.0 - 0.566 * is_be -
		   0.95 * is_has + 1.485 * said - 2.874 * (nargs == 0);
	x->confidence = (float)(1.0 / (1.0 + exp(-z)));
	if (x->extra)
		x->confidence *= 0.02f; /* below every stated clause */
}

/* fx_sentence - all facts of the sentence in the scratch. */
static int fx_sentence(sm_facts_t *f, sm_doc_t *doc)
{
	fx_sent_t *s = &f->s;
	int n = s->n;
	memset(s->done, 0, (size_t)n);
	memset(s->merged, 0, (size_t)n);
	/* control verbs fold into their xcomp when they have no object */
	for (int i = 0; i < n; i++) {
		int g = s->H[i];
		if (s->R[i] != R_XCOMP || g < 0 || !fx_is_verb(s->P[i]) ||
		    !fx_is_verb(s->P[g]) || fx_child(s, g, R_COP) >= 0)
			continue;
		if (fx_child(s, g, R_OBJ) >= 0 || fx_child(s, g, R_IOBJ) >= 0 ||
		    fx_child(s, g, R_CCOMP) >= 0)
			continue;
		s->merged[g] = 1;
	}
	size_t first = f->n_facts;
	for (int i = 0; i < n; i++) {
		int rc = SM_OK;
		if (fx_is_clause(s, i))
			rc = fx_emit_clause(f, doc, i);
		if (rc == SM_OK && (s->P[i] == P_NNP || s->R[i] == R_APPOS ||
				    s->R[i] == R_NMOD_POSS || s->R[i] == R_AMOD))
			rc = fx_emit_nominal(f, doc, i);
		if (rc == SM_OK && f->openie && s->R[i] == R_NMOD && s->P[i] == P_NNP)
			rc = fx_emit_of(f, doc, i);
		if (rc != SM_OK)
			return rc;
	}
	for (size_t i = first; i < f->n_facts; i++)
		fx_calibrate(s, &f->facts[i]);
	return SM_OK;
}

int sm_facts_run(sm_facts_t *f, sm_doc_t *doc, size_t max_key)
{
	if (!f || !doc || (doc->n_toks && !doc->toks))
		return SM_EINVAL;
	f->n_facts = 0;
	doc->facts = NULL;
	doc->n_facts = 0;
	doc->n_key_facts = 0;
	int rc = fn_collect_names(f, doc);
	if (rc == SM_OK)
		rc = fn_find_main_org(f, doc);
	if (rc != SM_OK)
		return rc;
	for (size_t si = 0; si < doc->n_sents; si++) {
		const sm_sentence_t *st = &doc->sents[si];
		/* Sentences the pipeline chose not to parse yield no facts. */
		if (st->kind != SM_BLOCK_BODY || st->ntok == 0 ||
		    doc->toks[st->tok].head == SM_HEAD_NONE)
			continue;
		fx_sent_load(f, doc, si);
		size_t first = f->n_facts;
		rc = fx_sentence(f, doc);
		if (rc == SM_OK)
			rc = fn_implied(f, doc, first);
		if (rc == SM_OK)
			rc = fx_agree(f, doc, first);
		if (rc == SM_OK)
			fx_drop_inner_args(f, first);
		if (rc != SM_OK)
			return rc;
	}
	rc = fn_rank(f, doc, max_key);
	if (rc == SM_OK)
		doc->stages_done |= SM_STAGE_FACTS;
	return rc;
}
