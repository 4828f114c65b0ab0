/*
 * facts-int.h - private declarations shared by facts.c (model, sentence
 * layer, clause extraction) and factnorm.c (normalization, implied facts,
 * ranking, rendering).  Not part of the library's interface.
 */
#ifndef SM_FACTS_INT_H
#define SM_FACTS_INT_H

#include "facts.h"

/* Relation classes. */
enum {
	R_OTHER = 0, R_ROOT, R_NSUBJ, R_NSUBJ_PASS, R_CSUBJ, R_OBJ, R_IOBJ,
	R_OBL, R_OBL_TMOD, R_OBL_NPMOD, R_OBL_AGENT, R_NMOD, R_NMOD_POSS,
	R_NMOD_DESC, R_APPOS, R_AMOD, R_NUMMOD, R_DET, R_CASE, R_MARK, R_CC,
	R_CONJ, R_AUX, R_AUX_PASS, R_COP, R_ADVMOD, R_ADVCL, R_ACL, R_RELCL,
	R_XCOMP, R_CCOMP, R_PARATAXIS, R_COMPOUND, R_PRT, R_FLAT, R_FIXED,
	R_PUNCT, R_EXPL
};

/* Part-of-speech classes. */
enum {
	P_OTHER = 0, P_NN, P_NNP, P_JJ, P_RB, P_VB, P_VBD, P_VBG, P_VBN, P_VBP,
	P_VBZ, P_MD, P_DT, P_WH, P_IN, P_TO, P_CC, P_CD, P_PRP, P_PRPS, P_WRB,
	P_EX, P_POS, P_RP, P_PUNCT_OR_SYM
};

enum { FM_MOD_MODAL = 0, FM_MOD_CONTROL = 1, FM_MOD_NEG = 2 };
enum { FM_SENSE_NAME = 0, FM_SENSE_GOV, FM_SENSE_DEMONYM };
#define FM_QTY_MULT 9

#define FM_MAX_CONV 256
#define FM_MAX_NUM 512
#define FM_MAX_ALIAS 65536

typedef struct {
	uint32_t hash, off, len, val;
	uint8_t used;
} fm_slot_t;

typedef struct {
	fm_slot_t *slots;
	size_t cap, n;
} fm_map_t;

typedef struct {
	uint32_t converse, preps; /* pool offsets */
} fm_conv_t;

typedef struct {
	double value;
	uint8_t kind;
} fm_num_t;

typedef struct {
	uint32_t canon; /* pool offset */
	uint8_t type, sense;
} fm_alias_t;

struct sm_facts_model {
	char *pool;
	size_t pool_len, pool_cap;
	fm_map_t lemma;     /* form -> pool offset of lemma */
	fm_map_t verbs;     /* lemma -> 1: the verbs the lemma table knows */
	fm_map_t converse;  /* verb -> index in conv */
	fm_map_t attr;      /* lemma -> 1 */
	fm_map_t modal;     /* word -> (label offset << 2) | kind */
	fm_map_t number;    /* word -> index in num */
	fm_map_t mult;      /* word -> index in num */
	fm_map_t aliases;   /* alias -> index in alias */
	fm_conv_t conv[FM_MAX_CONV];
	size_t n_conv;
	fm_num_t num[FM_MAX_NUM];
	size_t n_num;
	fm_alias_t alias[FM_MAX_ALIAS];
	size_t n_alias;
	uint8_t rel_cls[256];
	uint8_t pos_cls[256];
};

/* A set of sentence tokens (SM_SENT_MAX_TOKENS = 256). */
typedef struct {
	uint64_t w[4];
} fx_set_t;

/* One sentence mapped into the scratch. */
typedef struct {
	const sm_doc_t *doc;
	size_t si, base;
	int n;
	int16_t H[SM_SENT_MAX_TOKENS];
	uint8_t R[SM_SENT_MAX_TOKENS];
	uint8_t P[SM_SENT_MAX_TOKENS];
	int16_t kstart[SM_SENT_MAX_TOKENS + 1];
	int16_t kids[SM_SENT_MAX_TOKENS];
	/* per-clause results, indexed by clause head */
	int16_t subj[SM_SENT_MAX_TOKENS];     /* subject head or -1 */
	int16_t subj_skip[SM_SENT_MAX_TOKENS];/* token excluded from subject */
	uint8_t tense[SM_SENT_MAX_TOKENS];
	uint8_t done[SM_SENT_MAX_TOKENS];     /* subject resolved */
	uint8_t merged[SM_SENT_MAX_TOKENS];   /* control verb folded into xcomp */
} fx_sent_t;

/* A person's name known in the document: last word -> full name. */
typedef struct {
	const char *last;
	size_t last_len;
	const char *full;
	int body;           /* found in a body sentence (not a headline) */
} fx_name_t;

struct sm_facts {
	const sm_facts_model_t *m;
	int openie;        /* sm_facts_set_openie: add low-confidence extras */
	fx_sent_t s;
	sm_fact_t *facts;
	size_t n_facts, cap_facts;
	fx_name_t *names;
	size_t n_names, cap_names;
	const char *main_org; /* the first body sentence's organization, or NULL */
	sm_buf_t buf, buf2, buf3;
};

/* facts.c */
int fm_map_find(const sm_facts_model_t *m, const fm_map_t *map,
		const char *p, size_t len, uint32_t *val);
int fx_is(const fx_sent_t *s, int i, const char *w);
size_t fx_lower(const fx_sent_t *s, int i, char *dst, size_t cap);
int fx_child(const fx_sent_t *s, int h, int cls);
int fx_is_verb(int p);
int fx_is_neg(const fx_sent_t *s, int i);
int bs_has(const fx_set_t *b, int i);
int bs_empty(const fx_set_t *b);
void fx_phrase(const fx_sent_t *s, int x, int skip, unsigned flags,
	       fx_set_t *b, fx_set_t *detached);
void fx_phrase_trim(const fx_sent_t *s, int x, fx_set_t *b);

/* factnorm.c */
const char *fn_lemma(const sm_facts_model_t *m, const char *w, size_t len,
		     int pos, char *dst, size_t cap);
size_t fn_third_person(const char *lemma, char *dst, size_t cap);
int fn_norm_arg(sm_facts_t *f, sm_doc_t *doc, const fx_sent_t *s,
		const fx_set_t *set, int head, sm_fact_arg_t *a);
int fn_collect_names(sm_facts_t *f, sm_doc_t *doc);
int fn_find_main_org(sm_facts_t *f, sm_doc_t *doc);
int fn_implied(sm_facts_t *f, sm_doc_t *doc, size_t first);
int fn_rank(sm_facts_t *f, sm_doc_t *doc, size_t max_key);
void fn_resolve_date(const sm_doc_t *doc, const fx_sent_t *s,
		     const fx_set_t *set, int tense, sm_fact_arg_t *a);
const char *fn_modal_label(const sm_facts_model_t *m, const char *w,
			   size_t len, int *kind);
int fn_is_attr_verb(const sm_facts_model_t *m, const char *lemma);
int fn_person_noun(const sm_doc_t *doc, size_t i);
char *fn_strdup(sm_doc_t *doc, const char *p, size_t len);
int fn_join(sm_buf_t *b, const sm_doc_t *doc, const fx_sent_t *s,
	    const fx_set_t *set, int drop_articles, int only_from);

#endif /* SM_FACTS_INT_H */
