/*
 * render.h - the last stage: a processed document as text, JSON or CoNLL-U.
 *
 * All output goes to a caller-owned grow-only sm_buf_t, appended, so the
 * batch runner renders straight into its output queue.  The JSON schema is
 * documented in README.md ("JSON output"); one object per document, on one
 * line, so JSON Lines output is a plain concatenation.
 */
#ifndef SM_RENDER_H
#define SM_RENDER_H

#include "doc.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	int facts;          /* SM_FACTS_* (pipeline.h): which facts to print */
	int sentences;      /* JSON: include every sentence, not only the summary */
	int pretty;         /* JSON: indented (still one object) */
	const char *lang;   /* language name to report */
	const char *source; /* file name or record origin to report, or NULL */
} sm_render_opts_t;

/* sm_render_opts_init - facts KEY, sentences on, compact JSON. */
SM_EXPORT void sm_render_opts_init(sm_render_opts_t *o);

/*
 * sm_render_text - the summary, one sentence per line in document order as
 * it appears in the input (whitespace collapsed), then the key facts as
 * "subject | predicate | object | args" lines when there are any.
 */
SM_EXPORT int sm_render_text(const sm_doc_t *doc, const sm_render_opts_t *o,
			     sm_buf_t *out);

/* sm_render_json - one JSON object and a newline (see README for schema). */
SM_EXPORT int sm_render_json(const sm_doc_t *doc, const sm_render_opts_t *o,
			     sm_buf_t *out);

/* sm_render_conllu - the analysis in CoNLL-U: ID FORM LEMMA UPOS XPOS FEATS
 * HEAD DEPREL DEPS MISC, entities and offsets in MISC. */
SM_EXPORT int sm_render_conllu(const sm_doc_t *doc, sm_buf_t *out);

/*
 * sm_render_span - append the text of the original bytes [start, end) of
 * doc as every output shows sentences: valid UTF-8 (from the ingested text
 * when the input was repaired or decoded, e.g. UTF-16), each run of ASCII
 * white space collapsed to one space, leading and trailing ones dropped;
 * JSON-escaped without quotes when json is set.  So a sentence wrapped
 * over lines stays on one line.  Requires the ingest stage.  Errors:
 * SM_EINVAL (no doc or out, a range outside the input, or a document not
 * ingested yet), SM_ENOMEM.
 */
SM_EXPORT int sm_render_span(const sm_doc_t *doc, size_t start, size_t end,
			     int json, sm_buf_t *out);

/*
 * sm_render_error_json - the JSON Lines record for an input that failed:
 * {"id":..., "line":..., "error":{"code":..., "status":..., "message":...}}.
 * id may be NULL; line 0 means unknown; message is the specific reason.
 */
SM_EXPORT int sm_render_error_json(const char *id, size_t line,
				   const char *source, int status,
				   const char *message, sm_buf_t *out);

#ifdef __cplusplus
}
#endif
#endif /* SM_RENDER_H */
