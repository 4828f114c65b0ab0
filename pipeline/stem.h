/*
 * stem.h - stage 5: Snowball stems and stopword flags for every word token.
 *
 * Reads doc->toks (tokenize) and sets each token's stem id and the
 * SM_TF_STOP flag.  Stemming goes through the lexicon: a word's key is
 * stemmed the first time the thread meets it and the result cached in its
 * sm_lexinfo_t, so the Snowball stemmer runs once per distinct word, not
 * once per token.  Number and punctuation tokens keep their key as stem
 * (numbers) or get no stem (punctuation).
 *
 * Any Snowball language libstemmer knows can be used; stopword lists live
 * in models/stopwords/<language>.txt (a missing list means no stopwords,
 * which degrades scoring but is not an error).
 *
 * Reference: M. F. Porter, "Snowball: A language for stemming algorithms"
 * (2001); libstemmer_c's API (sb_stemmer_new/stem/length/delete).
 */
#ifndef SM_STEM_H
#define SM_STEM_H

#include "doc.h"
#include "lexicon.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sm_stopwords sm_stopwords_t;  /* read-only, shared */
typedef struct sm_stemmer sm_stemmer_t;      /* per thread */

/*
 * sm_stopwords_load - the stopword list at path (one word per line, '#'
 * comments).  Errors: SM_EMODEL (missing or unreadable), SM_ENOMEM.
 */
SM_EXPORT int sm_stopwords_load(const char *path, sm_stopwords_t **out);

/* sm_stopwords_free - NULL is a no-op. */
SM_EXPORT void sm_stopwords_free(sm_stopwords_t *sw);

/* sm_stopwords_has - is the case-folded word (p, len) a stopword?  A NULL
 * list has no words. */
SM_EXPORT int sm_stopwords_has(const sm_stopwords_t *sw, const char *p, size_t len);

/*
 * sm_stemmer_new - a stemmer for the Snowball language lang ("english",
 * "french", "porter", ... as sb_stemmer_list() names them; NULL means
 * "english"), using the stopword list sw (may be NULL; borrowed, must
 * outlive the stemmer).  Errors: SM_ELANG (unknown language), SM_ENOMEM.
 */
SM_EXPORT int sm_stemmer_new(const char *lang, const sm_stopwords_t *sw,
			     sm_stemmer_t **out);

/* sm_stemmer_free - NULL is a no-op. */
SM_EXPORT void sm_stemmer_free(sm_stemmer_t *st);

/*
 * sm_stemmer_stem - stem the case-folded word (p, len).  The result is
 * borrowed from the stemmer and valid until its next call; *out_len gets
 * its length.  Returns NULL on no memory, and for NULL st or out_len, or
 * NULL p with len > 0.  A NULL p is no word (sm_stopwords_has gives 0).
 */
SM_EXPORT const char *sm_stemmer_stem(sm_stemmer_t *st, const char *p, size_t len,
				      size_t *out_len);

/*
 * sm_stem_run - fill stem ids and SM_TF_STOP for every token of doc.
 * Requires tokenize, with keys interned in lex.  Errors: SM_EINVAL,
 * SM_ENOMEM.
 */
SM_EXPORT int sm_stem_run(sm_stemmer_t *st, sm_doc_t *doc, sm_lexicon_t *lex);

/*
 * sm_stem_title - intern and stem every word of a given title that is not
 * part of the text (doc->title with doc->title_block < 0), so the scorer
 * can match it against body stems.  Words are split as score.c's title
 * matching splits them (runs of ASCII letters and digits and non-ASCII
 * bytes).  Doing it here makes the result independent of which documents
 * the thread processed before.  Errors: SM_ENOMEM.
 */
SM_EXPORT int sm_stem_title(sm_stemmer_t *st, const sm_doc_t *doc, sm_lexicon_t *lex);

/*
 * sm_stem_languages - the NULL-terminated list of Snowball language names
 * the linked libstemmer supports (static; never free).
 */
SM_EXPORT const char **sm_stem_languages(void);

#ifdef __cplusplus
}
#endif
#endif /* SM_STEM_H */
