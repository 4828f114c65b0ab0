/*
 * tag.c - Penn Treebank part-of-speech tagger.
 *
 * Design: a greedy left-to-right averaged perceptron in the style of
 * Honnibal's "A good part-of-speech tagger in about 200 lines of Python"
 * (2013), trained as in Collins (2002) with crfsuite's once-per-epoch
 * averaging (second accumulator).  Each token gets ~56 sparse features: the
 * word, its lowercase form, prefixes and suffixes of 1-4 characters, a
 * word-shape string, orthographic flags, the two previous tags and the
 * words (and suffixes) two to either side.  A lexicon gives each known
 * word its ambiguity class (the set of tags it had in training), which
 * stands in for right-context tags a greedy tagger cannot see yet
 * (the "ambiguity class" features of Daelemans et al. 1996 / Giménez &
 * Márquez's SVMTool).  Frequent words that were (almost) always given the
 * same tag are tagged from the lexicon and skip the classifier.
 * Distributional word clusters learnt from unlabelled news (three levels
 * of k-means over neighbour counts, models/train/train-syntax.c) stand in
 * for the Brown clusters of Koo, Carreras & Collins (2008) and Ratinov &
 * Roth (2009): they give words unseen in training a class.  Words the
 * lexicon does not know get no word-identity features, so that training
 * (whose lexicons are held out) teaches rare words to be tagged by their
 * affixes, shape and cluster, as new words must be.
 *
 * Features are hashed to 32-bit keys (template id mixed with precomputed
 * per-token string hashes), so extraction never builds strings or
 * allocates.  The model is an open-addressing table key -> run of
 * (class, int16 weight) pairs; only the classes a feature ever voted for
 * are stored, which keeps the file small and scoring cheap.  That table,
 * and the word-cluster table, are shared with the parser (sparse.c); the
 * lexicon and the file header are the tagger's own.
 *
 * File format (all integers little-endian uint32):
 *   "SMPOSTAG" version nclasses cap nfeat npairs lcap nlex scale checksum
 *   ccap
 *   slots[2*cap]  (key, offset<<8 | count; key 0 = empty)
 *   pairs[npairs] (int16 weight << 16 | class)
 *   lex[4*lcap]   (key, tag or 255, tag-set bits 0-31, bits 32-63;
 *                  key 0 = empty)
 *   clus[2*ccap]  (sm_cluster_key(), three 10-bit cluster ids; key 0 =
 *                  empty; ccap 0 = no clusters)
 * Version 1 files are version 2 files with ccap 0.
 * The checksum is FNV-1a over everything after the header.  In memory,
 * features that vote for many tags become dense int16 rows (sparse.c).
 */
#include "tag.h"
#include "sparse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --------------------------------------------------------------- tag set */

/* PTB tags as used in UD English (EWT, GUM, PUD); the order fixes the ids. */
static const char *const tag_names[] = {
	"NN", "NNS", "NNP", "NNPS", "JJ", "JJR", "JJS", "RB", "RBR", "RBS",
	"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD", "DT", "PDT", "WDT",
	"IN", "TO", "CC", "CD", "PRP", "PRP$", "WP", "WP$", "WRB", "EX",
	"RP", "POS", "UH", "FW", "LS", "SYM", "$", ".", ",", ":",
	"``", "''", "-LRB-", "-RRB-", "HYPH", "NFP", "ADD", "GW", "AFX", "XX",
};
#define NTAGS (sizeof(tag_names) / sizeof(tag_names[0]))
/* tag ids the run-time rules use (test_tag pins them to tag_names) */
#define TAG_NNP 2u
#define TAG_NNPS 3u
#define TAG_JJ 4u
#define TAG_PRP 24u
#define TAG_VB 10u
#define TAG_VBD 11u
#define TAG_VBN 13u
#define TAG_MD 16u
#define TAG_NN 0u
#define TAG_NNS 1u
#define TAG_CD 23
#define TAG_DOLLAR 36

const char *sm_tag_name(uint8_t tag)
{
	return tag < NTAGS ? tag_names[tag] : NULL;
}

int sm_tag_from_name(const char *name, size_t len)
{
	if (!name)
		return -1;
	for (size_t i = 0; i < NTAGS; i++)
		if (strlen(tag_names[i]) == len && memcmp(tag_names[i], name, len) == 0)
			return (int)i;
	return -1;
}

size_t sm_tag_count(void)
{
	return NTAGS;
}

/* ----------------------------------------------------------------- model */

#define RSTRIDE SM_SPARSE_STRIDE(NTAGS) /* dense row length in memory */

#define TAG_MAGIC "SMPOSTAG"
#define TAG_VERSION 2u
#define TAG_HDR_WORDS 10u /* after the 8-byte magic */
#define TAG_HDR_BYTES (8u + 4u * TAG_HDR_WORDS)
#define TAG_MAX_CAP SM_SPARSE_MAX_CAP

struct sm_tag_model {
	sm_sparse_t w;            /* feature weights (sparse.c) */
	uint32_t lmask;           /* lcap - 1 */
	uint32_t nlex;
	uint32_t *lex;            /* 4 * lcap */
	sm_sparse_clusters_t cl;  /* word clusters (sparse.c) */
};

struct sm_tagger {
	const sm_tag_model_t *m;
	size_t cap;        /* tokens the scratch holds, excluding padding */
	size_t n;          /* tokens of the prepared sentence */
	struct tag_tok *tok;
	int no_rules;      /* sm_tagger_set_rules(t, 0): the model alone */
};

/* Per-token hashes, computed once per sentence. */
typedef struct tag_tok {
	uint32_t w, lo, shape, flags;
	uint32_t pre[4], suf[4];
	uint32_t amb, lamb;   /* ambiguity class of the word / lowercase form */
	uint32_t dtag;        /* lexicon tag, or SM_TAG_NONE */
	uint32_t fold;        /* hash of the folded form (cluster key) */
	uint32_t cl[3];       /* cluster ids fine .. coarse, + 1; 0 = none */
} tag_tok_t;

#define TAG_PAD 2

/* Feature keys of this model live in their own key space. */
static inline uint32_t feat_key(uint32_t tmpl, uint32_t a, uint32_t b)
{
	return sm_feat_key(0x2545f491u, tmpl, a, b);
}

/* sm_tag_model_free - see tag.h; NULL-safe. */
void sm_tag_model_free(sm_tag_model_t *m)
{
	if (!m)
		return;
	sm_sparse_release(&m->w);
	free(m->lex);
	sm_sparse_clusters_release(&m->cl);
	free(m);
}

/*
 * sm_tag_model_build - see tag.h.  The lexicon is the tagger's own: tags
 * must be below NTAGS or SM_TAG_NONE, tag sets inside NTAGS bits.  The
 * weight and cluster tables are built by sparse.c (quantization, dense
 * rows).
 */
int sm_tag_model_build(const sm_tag_weights_t *wt, sm_tag_model_t **out)
{
	sm_tag_model_t *m = NULL;
	int rc;

	if (!wt || !out ||
	    (wt->nlex && (!wt->lex_keys || !wt->lex_tags || !wt->lex_masks)) ||
	    wt->nlex > TAG_MAX_CAP / 2)
		return SM_EINVAL;
	rc = SM_ENOMEM;
	m = calloc(1, sizeof(*m));
	if (!m)
		goto cleanup;
	uint32_t lcap = sm_table_cap(wt->nlex);
	m->lmask = lcap - 1;
	m->lex = calloc((size_t)lcap * 4, sizeof(uint32_t));
	if (!m->lex)
		goto cleanup;
	rc = SM_EINVAL;
	for (size_t d = 0; d < wt->nlex; d++) {
		uint32_t key = wt->lex_keys[d], i = key & m->lmask;
		if (key == 0 || (wt->lex_tags[d] >= NTAGS && wt->lex_tags[d] != SM_TAG_NONE) ||
		    (wt->lex_masks[d] >> NTAGS) != 0)
			goto cleanup;
		while (m->lex[4 * i] != 0 && m->lex[4 * i] != key)
			i = (i + 1) & m->lmask;
		m->nlex += m->lex[4 * i] == 0;
		m->lex[4 * i] = key;
		m->lex[4 * i + 1] = wt->lex_tags[d];
		m->lex[4 * i + 2] = (uint32_t)wt->lex_masks[d];
		m->lex[4 * i + 3] = (uint32_t)(wt->lex_masks[d] >> 32);
	}
	/* the tables shared with the parser */
	rc = sm_sparse_build(&m->w, (uint32_t)NTAGS, wt->nfeat, wt->keys,
			     wt->start, wt->cls, wt->w);
	if (rc == SM_OK)
		rc = sm_sparse_clusters_build(&m->cl, wt->nclus, wt->clus_keys,
					      wt->clus_vals);
	if (rc != SM_OK)
		goto cleanup;
	*out = m;
	m = NULL;
cleanup:
	sm_tag_model_free(m);
	return rc;
}

/*
 * sm_tag_model_save - serialize to a buffer (header, then the sections
 * slots, pairs, lexicon, clusters), checksum it, write it out in one go.
 * A failed write may leave a partial file, which the loader then rejects
 * as truncated.
 */
int sm_tag_model_save(const sm_tag_model_t *m, const char *path)
{
	unsigned char *buf = NULL;
	int rc = SM_EINVAL;
	uint32_t scale_bits;

	if (!m || !path)
		return SM_EINVAL;
	size_t lcap = (size_t)m->lmask + 1;
	size_t wwords = sm_sparse_words(&m->w);
	size_t words = wwords + 4 * lcap + sm_sparse_clusters_words(&m->cl);
	size_t size = TAG_HDR_BYTES + 4 * words;
	rc = SM_ENOMEM;
	buf = malloc(size);
	if (!buf)
		goto cleanup;
	unsigned char *body = buf + TAG_HDR_BYTES;
	sm_sparse_put(&m->w, body);
	sm_sparse_put_words(body + 4 * wwords, m->lex, 4 * lcap);
	sm_sparse_clusters_put(&m->cl, body + 4 * wwords + 16 * lcap);
	memcpy(buf, TAG_MAGIC, 8);
	memcpy(&scale_bits, &m->w.scale, 4);
	uint32_t hdr[TAG_HDR_WORDS] = {
		TAG_VERSION, m->w.nclasses, m->w.mask + 1, m->w.nfeat,
		m->w.npairs, (uint32_t)lcap, m->nlex, scale_bits,
		sm_hash((const char *)body, 4 * words),
		(uint32_t)(sm_sparse_clusters_words(&m->cl) / 2),
	};
	sm_sparse_put_words(buf + 8, hdr, TAG_HDR_WORDS);
	rc = sm_file_write(path, buf, size);
cleanup:
	free(buf);
	return rc;
}

static int is_pow2(uint32_t x)
{
	return x && (x & (x - 1)) == 0;
}

/*
 * sm_tag_model_load - validate the header, the exact file size, the
 * checksum, then every slot and pair (sm_sparse_get()), every lexicon
 * entry (tag in range, tag set inside NTAGS bits) and the cluster table,
 * so lookups can never index out of bounds.
 */
int sm_tag_model_load(const char *path, sm_tag_model_t **out)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	sm_tag_model_t *m = NULL;
	uint32_t hdr[TAG_HDR_WORDS];
	float scale;
	int rc;

	if (!path || !out)
		return SM_EINVAL;
	rc = sm_sparse_file_read(path, TAG_MAGIC, TAG_HDR_WORDS, hdr, &buf, &len);
	if (rc != SM_OK)
		goto cleanup;
	rc = SM_EMODEL;
	uint32_t cap = hdr[2], nfeat = hdr[3], npairs = hdr[4], lcap = hdr[5];
	uint32_t ccap = hdr[9];
	/* version 1 is version 2 without clusters */
	if ((hdr[0] != TAG_VERSION && !(hdr[0] == 1 && ccap == 0)) ||
	    hdr[1] != NTAGS || !sm_sparse_header_ok(cap, nfeat, npairs) ||
	    !is_pow2(lcap) || lcap > TAG_MAX_CAP || hdr[6] >= lcap ||
	    !sm_sparse_clusters_header_ok(ccap))
		goto cleanup;
	size_t wwords = 2 * (size_t)cap + npairs;
	size_t words = wwords + 4 * (size_t)lcap + 2 * (size_t)ccap;
	if (!sm_sparse_body_ok(buf, len, TAG_HDR_WORDS, words, hdr[8]))
		goto cleanup;
	const unsigned char *body = buf + TAG_HDR_BYTES;
	rc = SM_ENOMEM;
	m = calloc(1, sizeof(*m));
	if (!m)
		goto cleanup;
	memcpy(&scale, &hdr[7], 4);
	rc = sm_sparse_get(&m->w, hdr[1], body, cap, nfeat, npairs, scale);
	if (rc != SM_OK)
		goto cleanup;
	rc = SM_ENOMEM;
	m->lex = malloc(16 * (size_t)lcap);
	if (!m->lex)
		goto cleanup;
	sm_sparse_get_words(m->lex, body + 4 * wwords, 4 * (size_t)lcap);
	m->lmask = lcap - 1;
	rc = SM_EMODEL;
	uint32_t used = 0;
	for (uint32_t i = 0; i < lcap; i++) {
		const uint32_t *e = m->lex + 4 * i;
		if (e[0] == 0)
			continue;
		used++;
		if ((e[1] >= NTAGS && e[1] != SM_TAG_NONE) ||
		    (NTAGS >= 32 ? (e[3] >> (NTAGS - 32)) != 0 : e[3] != 0))
			goto cleanup;
	}
	if (used != hdr[6])
		goto cleanup;
	m->nlex = used;
	rc = sm_sparse_clusters_get(&m->cl, body + 4 * wwords + 16 * (size_t)lcap, ccap);
	if (rc != SM_OK)
		goto cleanup;
	*out = m;
	m = NULL;
	rc = SM_OK;
cleanup:
	sm_tag_model_free(m);
	free(buf);
	return rc;
}

/* ---------------------------------------------------------------- tagger */

int sm_tagger_new(const sm_tag_model_t *m, sm_tagger_t **out)
{
	sm_tagger_t *t;
	if (!out)
		return SM_EINVAL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return SM_ENOMEM;
	t->m = m;
	*out = t;
	return SM_OK;
}

void sm_tagger_free(sm_tagger_t *t)
{
	if (!t)
		return;
	free(t->tok);
	free(t);
}

/* grow_scratch - make room for n tokens plus padding on both sides. */
static int grow_scratch(sm_tagger_t *t, size_t n)
{
	if (n <= t->cap && t->tok)
		return SM_OK;
	size_t cap = t->cap ? t->cap : 64;
	while (cap < n) {
		if (cap > SIZE_MAX / 2 / sizeof(tag_tok_t))
			return SM_ENOMEM;
		cap *= 2;
	}
	tag_tok_t *nt = realloc(t->tok, (cap + 2 * TAG_PAD) * sizeof(*nt));
	if (!nt)
		return SM_ENOMEM;
	t->tok = nt;
	t->cap = cap;
	return SM_OK;
}

#define FNV_INIT 2166136261u
#define FNV_PRIME 16777619u

enum {
	FL_DIGIT = 1, FL_HYPHEN = 2, FL_UPPER = 4, FL_ALLUPPER = 8,
	FL_INITUPPER = 16, FL_ALLDIGIT = 32, FL_NONASCII = 64, FL_FIRST = 128,
	FL_LONG = 256, FL_PERIOD = 512
};

/*
 * tok_hash - fill the hashes of one word.  Prefix hashes fall out of the
 * left-to-right FNV of the lowercase form; suffix hashes are an FNV run
 * right-to-left.  Affixes count UTF-8 characters, not bytes.  The shape
 * maps A-Z to X, a-z to x, 0-9 to d, other characters to themselves
 * (non-ASCII to 'u'), with runs longer than two cut.
 */
static void tok_hash(tag_tok_t *tk, const char *p, size_t len)
{
	const unsigned char *s = (const unsigned char *)p;
	uint32_t lo = FNV_INIT, fold = FNV_INIT, shape = FNV_INIT, flags = 0;
	unsigned nch = 0, run = 0, last = 0, nup = 0, nalpha = 0, ndig = 0;

	tk->w = sm_hash(p, len);
	for (int k = 0; k < 4; k++)
		tk->pre[k] = tk->suf[k] = 0x51ed270bu + (uint32_t)k;
	for (size_t i = 0; i < len; i++) {
		unsigned c = s[i], cls;
		if (c >= 'A' && c <= 'Z') {
			c += 32;
			cls = 'X';
			nup++;
			nalpha++;
			if (nch == 0)
				flags |= FL_INITUPPER;
		} else if (c >= 'a' && c <= 'z') {
			cls = 'x';
			nalpha++;
		} else if (c >= '0' && c <= '9') {
			cls = 'd';
			ndig++;
		} else if (c >= 0x80) {
			cls = 'u';
			flags |= FL_NONASCII;
		} else {
			cls = c;
			if (c == '-')
				flags |= FL_HYPHEN;
			if (c == '.')
				flags |= FL_PERIOD;
		}
		lo = (lo ^ c) * FNV_PRIME;
		fold = (fold ^ (cls == 'd' ? '0' : c)) * FNV_PRIME;
		if ((c & 0xc0) != 0x80) { /* a character starts here */
			if (nch < 4)
				tk->pre[nch] = lo; /* provisional: completed below */
			nch++;
			if (cls == last) {
				run++;
			} else {
				run = 1;
				last = cls;
			}
			if (run <= 2 && nch <= 24)
				shape = (shape ^ cls) * FNV_PRIME;
		} else if (nch >= 1 && nch <= 4) {
			tk->pre[nch - 1] = lo; /* continuation byte of a prefix char */
		}
	}
	/* pre[k] must be the hash after the (k+1)-th character in full. */
	for (unsigned k = nch; k < 4; k++)
		tk->pre[k] = lo ^ 0x7f4a7c15u; /* shorter word: whole word, marked */
	/* Suffixes: walk back over characters. */
	uint32_t h = FNV_INIT ^ 0x2aU;
	unsigned k = 0;
	for (size_t i = len; i > 0 && k < 4;) {
		i--;
		unsigned c = s[i];
		if (c >= 'A' && c <= 'Z')
			c += 32;
		h = (h ^ c) * FNV_PRIME;
		if ((c & 0xc0) != 0x80)
			tk->suf[k++] = h;
	}
	for (; k < 4; k++)
		tk->suf[k] = h ^ 0x7f4a7c15u;
	if (ndig)
		flags |= FL_DIGIT;
	if (nup)
		flags |= FL_UPPER;
	if (nup && nup == nalpha && nalpha > 1)
		flags |= FL_ALLUPPER;
	if (ndig && 2 * ndig > nch)
		flags |= FL_ALLDIGIT; /* mostly digits: 1,000 3.5 1990s */
	if (nch > 12)
		flags |= FL_LONG;
	tk->lo = lo;
	tk->fold = fold;
	tk->shape = shape;
	tk->flags = flags;
}

/* sm_tag_word_key - see tag.h.  NULL is the empty word (the three key
 * functions never crash on it). */
uint32_t sm_tag_word_key(const char *p, size_t len)
{
	if (!p)
		len = 0;
	uint32_t h = sm_fmix32(sm_hash(p, len) ^ 0x6a09e667u);
	return h ? h : 1u;
}

/* word_key - sm_tag_word_key() from an already computed sm_hash(). */
static inline uint32_t word_key(uint32_t w)
{
	uint32_t h = sm_fmix32(w ^ 0x6a09e667u);
	return h ? h : 1u;
}

/* lower_key - the lexicon key of a lowercase form from its hash. */
static inline uint32_t lower_key(uint32_t lo)
{
	uint32_t h = sm_fmix32(lo ^ 0xbb67ae85u);
	return h ? h : 1u;
}

uint32_t sm_tag_lower_key(const char *p, size_t len)
{
	tag_tok_t tk;
	if (!p) {
		p = "";
		len = 0;
	}
	tok_hash(&tk, p, len);
	return lower_key(tk.lo);
}

uint32_t sm_tag_cluster_key(const char *p, size_t len)
{
	if (!p) {
		p = "";
		len = 0;
	}
	return sm_cluster_key(sm_cluster_fold_hash(p, len));
}

/* lex_find - the lexicon entry of key, or NULL. */
static const uint32_t *lex_find(const sm_tag_model_t *m, uint32_t key)
{
	uint32_t i = key & m->lmask;
	for (;;) {
		const uint32_t *e = m->lex + 4 * i;
		if (e[0] == key)
			return e;
		if (e[0] == 0)
			return NULL;
		i = (i + 1) & m->lmask;
	}
}

/* Ambiguity class feature value: a hash of the tag set (0 = unknown). */
static inline uint32_t amb_value(const uint32_t *e)
{
	return e ? sm_fmix32(e[2] ^ sm_fmix32(e[3] + 0x3c6ef372u)) : 0u;
}

/*
 * sm_tagger_prepare - hash every token and, when the tagger has a model,
 * look up its lexicon entries (ambiguity classes, dictionary tag).
 */
int sm_tagger_prepare(sm_tagger_t *t, const sm_str_t *words, size_t n)
{
	if (!t || (n && !words))
		return SM_EINVAL;
	int rc = grow_scratch(t, n);
	if (rc != SM_OK)
		return rc;
	tag_tok_t *tok = t->tok + TAG_PAD;
	const sm_tag_model_t *m = t->m;
	for (size_t i = 0; i < n; i++) {
		tag_tok_t *tk = &tok[i];
		tok_hash(tk, words[i].p ? words[i].p : "", words[i].p ? words[i].len : 0);
		tk->amb = tk->lamb = 0;
		tk->dtag = SM_TAG_NONE;
		if (m) {
			const uint32_t *e = lex_find(m, word_key(tk->w));
			tk->amb = amb_value(e);
			if (e)
				tk->dtag = e[1];
			tk->lamb = amb_value(lex_find(m, lower_key(tk->lo)));
		}
		tk->cl[0] = tk->cl[1] = tk->cl[2] = 0;
		uint32_t v;
		if (m && sm_sparse_clusters_find(&m->cl, sm_cluster_key(tk->fold), &v)) {
			tk->cl[0] = (v & 0x3ff) + 1;
			tk->cl[1] = ((v >> 10) & 0x3ff) + 1;
			tk->cl[2] = ((v >> 20) & 0x3ff) + 1;
		}
	}
	if (n)
		tok[0].flags |= FL_FIRST;
	for (int k = 1; k <= TAG_PAD; k++) {
		tag_tok_t *b = &tok[-k], *e = &tok[n + (size_t)k - 1];
		memset(b, 0, sizeof(*b));
		memset(e, 0, sizeof(*e));
		b->w = b->lo = b->shape = b->suf[2] = b->suf[1] = 0xb0b0b0b0u + (uint32_t)k;
		e->w = e->lo = e->shape = e->suf[2] = e->suf[1] = 0xe0e0e0e0u + (uint32_t)k;
		b->amb = b->lamb = 0xb0b0b0b0u + (uint32_t)k;
		e->amb = e->lamb = 0xe0e0e0e0u + (uint32_t)k;
		b->cl[0] = b->cl[1] = b->cl[2] = 0xb0b0b0b0u + (uint32_t)k;
		e->cl[0] = e->cl[1] = e->cl[2] = 0xe0e0e0e0u + (uint32_t)k;
	}
	t->n = n;
	return SM_OK;
}

/* sm_tagger_dict_tag - see tag.h.  A NULL tagger or a token i outside
 * the prepared sentence is -1: the scratch beyond it is stale or unset. */
int sm_tagger_dict_tag(const sm_tagger_t *t, size_t i)
{
	if (!t || i >= t->n)
		return -1;
	uint32_t d = t->tok[TAG_PAD + i].dtag;
	return d < NTAGS ? (int)d : -1;
}

/* tagger_features - sm_tagger_features without the argument checks: the
 * tagging loop calls it once per token with arguments it controls. */
static inline size_t tagger_features(const sm_tagger_t *t, size_t i, unsigned p1,
				     unsigned p2, uint32_t *f)
{
	const tag_tok_t *c = t->tok + TAG_PAD + i;
	const tag_tok_t *m1 = c - 1, *m2 = c - 2, *n1 = c + 1, *n2 = c + 2;
	size_t k = 0;
	/*
	 * A word the lexicon does not know gets no identity features.  New
	 * words have no weights for them anyway; in training (held-out
	 * lexicons) this makes a word that is rare enough to be unknown
	 * rely on its affixes, shape and cluster, as new words must.
	 */
	uint32_t cw = c->w, clo = c->lo;
	if (t->m && c->amb == 0 && c->lamb == 0)
		cw = clo = 0x0badf00du;

	f[k++] = feat_key(0, 0, 0);
	f[k++] = feat_key(1, cw, 0);
	f[k++] = feat_key(2, clo, 0);
	for (uint32_t j = 0; j < 4; j++) {
		f[k++] = feat_key(3 + j, c->suf[j], 0);
		f[k++] = feat_key(7 + j, c->pre[j], 0);
	}
	f[k++] = feat_key(11, c->shape, 0);
	f[k++] = feat_key(12, c->flags, 0);
	f[k++] = feat_key(13, p1, 0);
	f[k++] = feat_key(14, p2, 0);
	f[k++] = feat_key(15, p1, p2);
	f[k++] = feat_key(16, p1, clo);
	f[k++] = feat_key(17, m1->lo, 0);
	f[k++] = feat_key(18, m1->suf[2], 0);
	f[k++] = feat_key(19, m2->lo, 0);
	f[k++] = feat_key(20, n1->lo, 0);
	f[k++] = feat_key(21, n1->suf[2], 0);
	f[k++] = feat_key(22, n2->lo, 0);
	f[k++] = feat_key(23, m1->lo, clo);
	f[k++] = feat_key(24, clo, n1->lo);
	f[k++] = feat_key(25, m1->shape, c->shape);
	f[k++] = feat_key(26, c->shape, n1->shape);
	f[k++] = feat_key(27, p1, n1->lo);
	f[k++] = feat_key(28, p1, c->suf[2]);
	f[k++] = feat_key(29, m1->lo, n1->lo);
	f[k++] = feat_key(30, n1->suf[1], 0);
	f[k++] = feat_key(31, m2->suf[2], 0);
	f[k++] = feat_key(32, n2->suf[2], 0);
	f[k++] = feat_key(33, n1->shape, 0);
	f[k++] = feat_key(34, p1, c->flags);
	/* ambiguity classes: the lexicon's view of the right context */
	f[k++] = feat_key(35, c->amb, 0);
	f[k++] = feat_key(36, c->lamb, c->flags & (FL_INITUPPER | FL_FIRST));
	f[k++] = feat_key(37, n1->amb, 0);
	f[k++] = feat_key(38, n2->amb, 0);
	f[k++] = feat_key(39, c->amb, n1->amb);
	f[k++] = feat_key(40, p1, n1->amb);
	f[k++] = feat_key(41, clo, n1->amb);
	f[k++] = feat_key(42, p1, c->amb);
	f[k++] = feat_key(43, m1->amb, c->amb);
	f[k++] = feat_key(44, n1->amb, n2->amb);
	/* distributional clusters (Koo et al. 2008; Ratinov & Roth 2009) */
	f[k++] = feat_key(45, c->cl[0], 0);
	f[k++] = feat_key(46, c->cl[1], 0);
	f[k++] = feat_key(47, c->cl[2], 0);
	f[k++] = feat_key(48, m1->cl[1], 0);
	f[k++] = feat_key(49, n1->cl[1], 0);
	f[k++] = feat_key(50, n1->cl[0], 0);
	f[k++] = feat_key(51, n2->cl[1], 0);
	f[k++] = feat_key(52, m2->cl[2], 0);
	f[k++] = feat_key(53, p1, c->cl[1]);
	f[k++] = feat_key(54, c->cl[1], n1->cl[1]);
	f[k++] = feat_key(55, c->cl[0], c->suf[1]);
	return k;
}

/* sm_tagger_features - see tag.h.  NULL arguments or a token i outside
 * the prepared sentence give no features (0), not a read past the
 * scratch. */
size_t sm_tagger_features(const sm_tagger_t *t, size_t i, unsigned p1,
			  unsigned p2, uint32_t *f)
{
	if (!t || !f || i >= t->n)
		return 0;
	return tagger_features(t, i, p1, p2, f);
}

static int past_not_participle(const char *p, size_t len);

/*
 * after_subject - for a past tense that is never a participle (w), tagged
 * best after a word tagged prev: is it the verb of a subject just before
 * it?  In news the model reads "unemployment rose", "lending rose" as a
 * noun compound and "sales rose by 0.3%" as VBP or IN (33 of 455 such
 * past tenses in 500 BBC articles were not VBD, 9 are with this rule);
 * after a noun or a personal pronoun these words are the past tense,
 * whatever the model says, except an adjective ("went broke") and "saw"
 * as a noun ("chain saw").
 */
static int after_subject(unsigned prev, unsigned best, sm_str_t w)
{
	if (!(prev <= TAG_NNPS || prev == TAG_PRP) || best == TAG_JJ)
		return 0;
	return !(best <= TAG_NNPS && w.len == 3 && memcmp(w.p, "saw", 3) == 0);
}

/*
 * after_modal - is a noun reading (best) of a word right after a modal
 * (prev) that follows a subject (prev2: a noun or personal pronoun)
 * wrong?  "it will issue bonds", "sales would amount to": 231 modals of
 * Reuters-21578 were followed by NN or NNS, 101 of them "issue" (46 NN
 * and one VB in EWT), and the parser then found no verb.  A noun after a
 * modal is a question ("Can someone", "Will businesses"), where no
 * subject goes before the modal, or ends the sentence ("How many days
 * will speed post take?": tag_greedy leaves questions alone).
 */
static int after_modal(unsigned prev2, unsigned prev, unsigned best)
{
	return prev == TAG_MD && (best == TAG_NN || best == TAG_NNS) &&
	       (prev2 <= TAG_NNPS || prev2 == TAG_PRP);
}

/*
 * tag_greedy - greedy decoding of the n prepared tokens: dictionary hit or
 * argmax of the summed int16 weights of the token's features.  With words
 * (the news rules on), a VBN that past_not_participle() rules out becomes
 * VBD as it goes, and so does any other tag of such a word right after a
 * subject (after_subject), and a noun after a modal that can be a verb
 * becomes VB (after_modal), so later tags see the fix.  Built twice
 * (SM_VECTOR_CLONES): the row sums are most of it.
 */
static SM_VECTOR_CLONES void tag_greedy(const sm_tagger_t *t, size_t n,
					const sm_str_t *words, uint8_t *tags)
{
	uint32_t feats[SM_TAG_MAX_FEATS], hits[SM_TAG_MAX_FEATS];
	int32_t score[RSTRIDE];
	unsigned p1 = SM_TAG_START, p2 = SM_TAG_START;
	const sm_tag_model_t *m = t->m;
	const tag_tok_t *tok = t->tok + TAG_PAD;
	/* "How many days will speed post take ...?" */
	int question = words && n && words[n - 1].len == 1 && words[n - 1].p &&
		       words[n - 1].p[0] == '?';

	for (size_t i = 0; i < n; i++) {
		unsigned best = 0;
		if (tok[i].dtag < NTAGS) {
			best = tok[i].dtag;
		} else {
			size_t nf = tagger_features(t, i, p1, p2, feats);
			sm_sparse_score(&m->w, feats, nf, hits, score, RSTRIDE);
			for (unsigned c = 1; c < NTAGS; c++)
				if (score[c] > score[best])
					best = c;
		}
		if (words && words[i].p && best != TAG_VBD &&
		    (best == TAG_VBN || after_subject(p1, best, words[i])) &&
		    past_not_participle(words[i].p, words[i].len))
			best = TAG_VBD;
		else if (words && !question && after_modal(p2, p1, best))
			best = TAG_VB;
		tags[i] = (uint8_t)best;
		p2 = p1;
		p1 = best;
	}
}

/*
 * news_tag - the tag of a news form the treebank hardly has, or -1: a
 * currency sign other than "$" ("£", "€", "¥") is $; an amount with a
 * magnitude suffix ("51.6m", "1.13bn", "20k") is CD when the lexicon does
 * not know the word (known says whether it does).  Applied at run time
 * only: training is unchanged.
 */
static int news_tag(const char *p, size_t len, int known)
{
	static const char *const signs[] = { "\xc2\xa3", "\xe2\x82\xac", "\xc2\xa5" };
	static const char *const suffixes[] = { "m", "bn", "mn", "tn", "k", "mln", "bln" };
	unsigned char c0 = len ? (unsigned char)p[0] : 0;
	if (!(c0 >= '0' && c0 <= '9') && c0 != 0xc2 && c0 != 0xe2)
		return -1; /* most words: one test */
	for (size_t i = 0; i < sizeof signs / sizeof signs[0]; i++)
		if (len == strlen(signs[i]) && memcmp(p, signs[i], len) == 0)
			return TAG_DOLLAR;
	size_t d = 0;
	if (known)
		return -1;
	while (d < len && ((p[d] >= '0' && p[d] <= '9') || (d > 0 && (p[d] == '.' || p[d] == ','))))
		d++;
	if (d == 0 || !(p[d - 1] >= '0' && p[d - 1] <= '9'))
		return -1;
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
		if (len - d == strlen(suffixes[i]) && memcmp(p + d, suffixes[i], len - d) == 0)
			return TAG_CD;
	return -1;
}

/*
 * Is (p, len) the past tense of a verb whose participle differs ("rose" /
 * "risen")?  Then it is never VBN: in news the tagger still reads "Pre-tax
 * profit rose by 2.9 percent" as a reduced relative ("profit risen by"),
 * and the parser makes "2.9 percent" its agent.  Lower case only.
 */
static int past_not_participle(const char *p, size_t len)
{
	static const char words[][10] = {
		"rose", "fell", "grew", "took", "gave", "went", "saw", "began",
		"wrote", "spoke", "broke", "chose", "drove", "rode", "ate",
		"threw", "knew", "flew", "drew", "sank", "shrank", "sprang",
		"swam", "rang", "sang", "drank", "froze", "stole", "tore",
		"wore", "swore", "forbade", "overtook", "undertook", "withdrew",
		"outgrew", "mistook", "foresaw", "overthrew", "arose", "forgave",
	};
	if (len < 3 || len > 9 || p[0] < 'a' || p[0] > 'z')
		return 0;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (memcmp(words[i], p, len) == 0 && words[i][len] == '\0')
			return 1;
	return 0;
}

/*
 * name_particles - a run of lower-case particles between two capitalized
 * words is part of a name, NNP: "Generale des Eaux", "Academie des Arts",
 * "Credit du Nord", "Ursula von der Leyen".  The model, knowing "des" from
 * no English treebank, called it VBZ, and the fact extractor read
 * "Generale | deses | Eaux".  Sets the dictionary tag of such tokens.
 */
static void name_particles(tag_tok_t *tok, const sm_str_t *words, size_t n)
{
	static const char *const parts[] = {
		"des", "du", "de", "la", "le", "del", "della", "di", "da", "dos",
		"das", "van", "von", "der", "den", "ter",
	};
	for (size_t i = 1; i + 1 < n; i++) {
		/* one test for most words: particles are 2-5 letters, d/l/v/t */
		unsigned char c0 = words[i].p && words[i].len ? (unsigned char)words[i].p[0] : 0;
		if (words[i].len < 2 || words[i].len > 5 ||
		    (c0 != 'd' && c0 != 'l' && c0 != 'v' && c0 != 't'))
			continue;
		size_t j = i;
		while (j + 1 < n && j - i < 3 && words[j].p) {
			size_t k = 0;
			while (k < sizeof parts / sizeof parts[0] &&
			       !(strlen(parts[k]) == words[j].len &&
				 memcmp(parts[k], words[j].p, words[j].len) == 0))
				k++;
			if (k == sizeof parts / sizeof parts[0])
				break;
			j++;
		}
		if (j == i || !words[i - 1].p || !words[j].p || words[i - 1].len == 0 ||
		    words[j].len == 0 || !(words[i - 1].p[0] >= 'A' && words[i - 1].p[0] <= 'Z') ||
		    !(words[j].p[0] >= 'A' && words[j].p[0] <= 'Z'))
			continue;
		for (size_t k = i; k < j; k++)
			tok[k].dtag = TAG_NNP;
		i = j;
	}
}

/* sm_tagger_set_rules - see tag.h. */
int sm_tagger_set_rules(sm_tagger_t *t, int on)
{
	if (!t)
		return SM_EINVAL;
	t->no_rules = !on;
	return SM_OK;
}

/* sm_tagger_tag - see tag.h: prepare the tokens, give the unknown news
 * forms of news_tag() and the particles inside names (name_particles)
 * their tag and decode greedily with the past-tense rule (all unless the
 * rules are off). */
int sm_tagger_tag(sm_tagger_t *t, const sm_str_t *words, size_t n, uint8_t *tags)
{
	if (!t || !t->m || (n && (!words || !tags)))
		return SM_EINVAL;
	int rc = sm_tagger_prepare(t, words, n);
	if (rc != SM_OK)
		return rc;
	for (size_t i = 0; i < n && !t->no_rules; i++) {
		tag_tok_t *tk = &t->tok[TAG_PAD + i];
		int nt;
		if (words[i].p && (nt = news_tag(words[i].p, words[i].len,
						   tk->amb != 0 || tk->lamb != 0)) >= 0)
			tk->dtag = (uint32_t)nt;
	}
	if (!t->no_rules)
		name_particles(t->tok + TAG_PAD, words, n);
	tag_greedy(t, n, t->no_rules ? NULL : words, tags);
	return SM_OK;
}
