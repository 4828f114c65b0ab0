/*
 * stem.c - stage 5: Snowball stemming and stopwords (see stem.h).
 */
#include "stem.h"

#include "normalize.h"

#include <libstemmer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Stopwords: one sorted array of strings, searched by bsearch.  Only a
 * word's first occurrence per thread reaches it (the lexicon caches the
 * answer), so a hash table would buy nothing. */
struct sm_stopwords {
	char **words;
	size_t n;
};

struct sm_stemmer {
	struct sb_stemmer *sb;
	const sm_stopwords_t *sw;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void sm_stopwords_free(sm_stopwords_t *sw)
{
	if (!sw)
		return;
	for (size_t i = 0; i < sw->n; i++)
		free(sw->words[i]);
	free(sw->words);
	free(sw);
}

int sm_stopwords_load(const char *path, sm_stopwords_t **out)
{
	int rc = SM_EINVAL;
	FILE *f = NULL;
	sm_stopwords_t *sw = NULL;
	size_t cap = 0;
	char line[256];
	if (!path || !out)
		goto done;
	rc = SM_EMODEL;
	f = fopen(path, "r");
	if (!f)
		goto done;
	rc = SM_ENOMEM;
	sw = calloc(1, sizeof(*sw));
	if (!sw)
		goto done;
	while (fgets(line, sizeof line, f)) {
		size_t len = strlen(line);
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r' || line[len - 1] == ' '))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		if (sw->n == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			char **w = realloc(sw->words, ncap * sizeof(char *));
			if (!w)
				goto done;
			sw->words = w;
			cap = ncap;
		}
		/* Fold entries the way token keys are folded ("daß" -> "dass"). */
		char key[256];
		size_t klen = sm_normalize_key(key, sizeof key - 1, line, len);
		if (klen >= sizeof key)
			continue;
		if (!(sw->words[sw->n] = malloc(klen + 1)))
			goto done;
		memcpy(sw->words[sw->n], key, klen);
		sw->words[sw->n++][klen] = '\0';
	}
	if (ferror(f)) {
		rc = SM_EMODEL;
		goto done;
	}
	if (sw->n)
		qsort(sw->words, sw->n, sizeof(char *), cmp_str);
	*out = sw;
	sw = NULL;
	rc = SM_OK;
done:
	if (f)
		fclose(f);
	sm_stopwords_free(sw);
	return rc;
}

int sm_stopwords_has(const sm_stopwords_t *sw, const char *p, size_t len)
{
	char key[64];
	if (!sw || !sw->n || !p || len == 0 || len >= sizeof key)
		return 0;
	memcpy(key, p, len);
	key[len] = '\0';
	const char *k = key;
	return bsearch(&k, sw->words, sw->n, sizeof(char *), cmp_str) != NULL;
}

int sm_stemmer_new(const char *lang, const sm_stopwords_t *sw, sm_stemmer_t **out)
{
	int rc = SM_EINVAL;
	sm_stemmer_t *st = NULL;
	if (!out)
		goto done;
	rc = SM_ENOMEM;
	st = calloc(1, sizeof(*st));
	if (!st)
		goto done;
	/* libstemmer returns NULL both for an unknown language and for no
	 * memory; tell them apart by the language list. */
	const char *name = lang ? lang : "english";
	int known = 0;
	for (const char **l = sb_stemmer_list(); *l; l++)
		if (strcmp(*l, name) == 0)
			known = 1;
	if (!known) {
		rc = SM_ELANG;
		goto done;
	}
	st->sb = sb_stemmer_new(name, "UTF_8");
	if (!st->sb)
		goto done;
	st->sw = sw;
	*out = st;
	st = NULL;
	rc = SM_OK;
done:
	sm_stemmer_free(st);
	return rc;
}

void sm_stemmer_free(sm_stemmer_t *st)
{
	if (!st)
		return;
	if (st->sb)
		sb_stemmer_delete(st->sb);
	free(st);
}

const char *sm_stemmer_stem(sm_stemmer_t *st, const char *p, size_t len, size_t *out_len)
{
	if (!st || !out_len || (!p && len) || len > INT32_MAX)
		return NULL;
	if (!p)
		p = ""; /* the empty word: libstemmer is given a real pointer */
	const sb_symbol *s = sb_stemmer_stem(st->sb, (const sb_symbol *)p, (int)len);
	if (!s)
		return NULL;
	*out_len = (size_t)sb_stemmer_length(st->sb);
	return (const char *)s;
}

const char **sm_stem_languages(void)
{
	return sb_stemmer_list();
}

/* Fill the lexicon record of a word key: its stem id and stopword flag. */
static int stem_key(sm_stemmer_t *st, sm_lexicon_t *lex, uint32_t key)
{
	sm_str_t k = sm_lexicon_str(lex, key);
	size_t slen;
	int stop = sm_stopwords_has(st->sw, k.p, k.len);
	/* Very long "words" (URLs, base64) are not worth stemming. */
	const char *s = k.len <= 64 ? sm_stemmer_stem(st, k.p, k.len, &slen) : k.p;
	if (k.len > 64)
		slen = k.len;
	if (!s)
		return SM_ENOMEM;
	uint32_t sid;
	int rc = sm_lexicon_intern(lex, s, slen, &sid);
	if (rc != SM_OK)
		return rc;
	/* Interning may move the entries: look the record up again. */
	sm_lexinfo_t *info = sm_lexicon_info(lex, key);
	info->stem = sid;
	info->flags |= SM_LEX_STEMMED | (stop ? SM_LEX_STOP : 0);
	return SM_OK;
}

static int title_byte(unsigned char c)
{
	return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

int sm_stem_title(sm_stemmer_t *st, const sm_doc_t *doc, sm_lexicon_t *lex)
{
	char key[128];
	int rc;
	if (!st || !doc || !lex)
		return SM_EINVAL;
	if (!doc->title || doc->title_block >= 0)
		return SM_OK;
	const unsigned char *s = (const unsigned char *)doc->title;
	size_t i = 0;
	while (s[i]) {
		while (s[i] && !title_byte(s[i]))
			i++;
		size_t a = i;
		while (s[i] && title_byte(s[i]))
			i++;
		if (i == a)
			continue;
		size_t kl = sm_normalize_key(key, sizeof key, doc->title + a, i - a);
		if (kl > sizeof key)
			continue;
		uint32_t kid;
		if ((rc = sm_lexicon_intern(lex, key, kl, &kid)) != SM_OK)
			return rc;
		sm_lexinfo_t *info = sm_lexicon_info(lex, kid);
		if (!(info->flags & SM_LEX_STEMMED) && (rc = stem_key(st, lex, kid)) != SM_OK)
			return rc;
	}
	return SM_OK;
}

int sm_stem_run(sm_stemmer_t *st, sm_doc_t *doc, sm_lexicon_t *lex)
{
	int rc = SM_EINVAL;
	if (!st || !doc || !lex || !(doc->stages_done & SM_STAGE_TOKENIZE))
		goto done;
	for (size_t i = 0; i < doc->n_toks; i++) {
		sm_token_t *t = &doc->toks[i];
		if (t->flags & SM_TF_PUNCT) {
			t->stem = 0;
			continue;
		}
		if (!(t->flags & SM_TF_WORD)) {
			t->stem = t->key; /* numbers stay as they are */
			continue;
		}
		sm_lexinfo_t *info = sm_lexicon_info(lex, t->key);
		if (!info) {
			rc = SM_EINVAL;
			goto done;
		}
		if (!(info->flags & SM_LEX_STEMMED)) {
			if ((rc = stem_key(st, lex, t->key)) != SM_OK)
				goto done;
			info = sm_lexicon_info(lex, t->key);
		}
		t->stem = info->stem;
		if (info->flags & SM_LEX_STOP)
			t->flags |= SM_TF_STOP;
		else
			t->flags &= (uint16_t)~SM_TF_STOP;
	}
	doc->stages_done |= SM_STAGE_STEM;
	rc = SM_OK;
done:
	return rc;
}
