/*
 * normalize.h - stage 2: Unicode normalization with an offset map.
 *
 * Reads doc->text (ingest) and fills doc->norm and doc->norm_map:
 *   - NFKC (utf8proc), so "ﬁ" is "fi" and full-width digits are ASCII;
 *   - typographic punctuation folded to ASCII: ‘ ’ ‛ ′ -> ', “ ” „ ″ -> ",
 *     ‐ ‑ ‒ – -> -, — ― -> --, … -> ..., no-break and other spaces -> ' ';
 *   - horizontal whitespace runs collapsed to one space, trailing spaces of
 *     a line dropped; line ends are kept (segmentation needs them);
 *   - case is kept: case folding is applied per token to the matching key
 *     (sm_normalize_key), which is the form the Snowball stemmers expect.
 * norm_map[i] is the offset in doc->orig of the input byte that produced
 * norm[i]; norm_map[norm_len] is orig_len, so a norm range [a, b) maps to
 * the orig range [map[a], map[b]) after trimming (sm_doc_orig_span).
 *
 * Reference: Unicode Standard Annex #15 (normalization forms); utf8proc.
 */
#ifndef SM_NORMALIZE_H
#define SM_NORMALIZE_H

#include "doc.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * sm_normalize_run - fill doc->norm and doc->norm_map from doc->text.
 * Requires the ingest stage.  Errors: SM_EINVAL, SM_ENOMEM.
 */
SM_EXPORT int sm_normalize_run(sm_doc_t *doc);

/*
 * sm_normalize_charref - the HTML character reference at p[0] ('&', up to
 * its ';') that normalization decodes ("&amp;", "&#233;", "&eacute;"):
 * returns its length in bytes and writes the character as UTF-8 to out
 * (*outlen bytes, 1-4; a control character or line break as one space),
 * or returns 0 when (p, len) does not start with one.  Library-internal:
 * render decodes the summary's original text with it.
 */
size_t sm_normalize_charref(const char *p, size_t len, char out[4], size_t *outlen);

/*
 * sm_normalize_key - case-fold (p, len), already NFKC, into dst (cap bytes).
 * Returns the length of the key; when it is larger than cap, dst holds a
 * truncated prefix and the caller may retry with a larger buffer.  ASCII is
 * lower-cased directly; other text goes through utf8proc's NFKC_Casefold.
 * Invalid UTF-8 is copied unchanged.  The key is never NUL-terminated.
 * NULL dst only measures (as cap 0); NULL p is the empty key (0).
 */
SM_EXPORT size_t sm_normalize_key(char *dst, size_t cap, const char *p,
				  size_t len);

#ifdef __cplusplus
}
#endif
#endif /* SM_NORMALIZE_H */
