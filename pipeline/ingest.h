/*
 * ingest.h - stage 1: raw bytes to clean UTF-8 text with an offset map.
 *
 * Reads doc->orig and fills doc->text, doc->text_len and doc->text_map:
 *   - UTF-8 is validated; every maximal invalid subsequence (bad lead byte,
 *     truncated sequence, overlong form, UTF-16 surrogate, code point above
 *     U+10FFFF) becomes one U+FFFD and is counted in doc->n_replaced, as the
 *     Unicode Standard recommends (ch. 3, "U+FFFD substitution of maximal
 *     subparts");
 *   - NUL bytes become U+FFFD (counted in doc->n_nul): they never truncate;
 *   - a UTF-8 BOM is stripped (doc->had_bom);
 *   - a UTF-16 BOM (LE or BE) makes the input decoded as UTF-16, unpaired
 *     surrogates replaced (doc->encoding records which);
 *   - CR and CRLF line ends become LF (doc->n_cr).
 * text_map[i] is the orig offset of the input unit that produced text[i]
 * (text_len + 1 entries, the last = orig_len); when text is a byte-exact
 * copy of orig the map is NULL (identity) and text points into orig.
 */
#ifndef SM_INGEST_H
#define SM_INGEST_H

#include "doc.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * sm_ingest_run - fill the ingest layer of doc from doc->orig.
 * Errors: SM_EINVAL (no input set), SM_ENOMEM, SM_EBINARY (the input looks
 * like binary data: most of its first 64 KiB are control bytes, NULs or
 * invalid UTF-8), SM_ENCODING (UTF-32 BOM), SM_EEMPTY (nothing but
 * whitespace).  The layer is filled even for SM_EEMPTY.
 */
SM_EXPORT int sm_ingest_run(sm_doc_t *doc);

#ifdef __cplusplus
}
#endif
#endif /* SM_INGEST_H */
