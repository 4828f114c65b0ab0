/*
 * segment.h - stage 3: paragraphs and what kind of text each block is.
 *
 * Reads doc->norm and fills doc->blocks, doc->n_paras, doc->title_block,
 * doc->title and doc->date.  A block is a run of one paragraph with one
 * kind (doc.h SM_BLOCK_*): body text, the title, a section heading
 * (including stand-alone question headings), metadata (a "date 2025-09-05"
 * prefix, a "MOSCOW (Reuters) -" dateline, a byline, the "NOTE:" label
 * that starts a paragraph of wire copy) or publisher
 * boilerplate ("Advertisement", "Read more: ...").  Only body blocks feed
 * summaries; the others stay visible to later stages.
 *
 * Paragraphs: blank lines separate paragraphs.  When the text is hard
 * wrapped (most lines 40-90 characters, ending mid-sentence, as in wire
 * copy), single line breaks are joined and an indented line starts a new
 * paragraph; otherwise every line is a paragraph of its own.
 *
 * Boilerplate, metadata, prefix and label patterns are data: models/segment/
 * <lang>.patterns, loaded once into a read-only sm_segment_model_t.
 */
#ifndef SM_SEGMENT_H
#define SM_SEGMENT_H

#include "doc.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sm_segment_model sm_segment_model_t;

/*
 * sm_segment_model_load - read patterns from path (see the file's header
 * for the format).  Errors: SM_ENOENT/SM_EIO (unreadable), SM_EMODEL (a
 * malformed line), SM_ENOMEM.  Free with sm_segment_model_free().
 */
SM_EXPORT int sm_segment_model_load(const char *path, sm_segment_model_t **out);

/* sm_segment_model_free - NULL is a no-op. */
SM_EXPORT void sm_segment_model_free(sm_segment_model_t *m);

/*
 * sm_segment_run - fill the segment layer of doc.  m may be NULL (no
 * pattern-based boilerplate; structure rules still apply).  Requires
 * normalize.  Errors: SM_EINVAL, SM_ENOMEM.
 */
SM_EXPORT int sm_segment_run(const sm_segment_model_t *m, sm_doc_t *doc);

/*
 * sm_segment_glob - does text (len bytes) match glob (NUL-terminated, the
 * pattern syntax above), case-insensitively?  With prefix set, the glob
 * need only match a prefix of text; the return value is then the length
 * of the shortest matching prefix plus one (0 = no match).  Linear in
 * practice: a '*' is matched by the classic backtrack-to-last-star method,
 * O(len * stars) worst case.
 */
SM_EXPORT size_t sm_segment_glob(const char *glob, const char *text, size_t len,
				 int prefix);

#ifdef __cplusplus
}
#endif
#endif /* SM_SEGMENT_H */
