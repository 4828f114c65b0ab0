/*
 * facts-conllu.h - test and bench helper: load CoNLL-U sentences (gold tags
 * and trees) into an sm_doc_t, so the fact extractor can be run and tested
 * on hand-checked parses without the tagger and parser.
 */
#ifndef SM_FACTS_CONLLU_H
#define SM_FACTS_CONLLU_H

#include "doc.h"

/*
 * sm_conllu_doc_load - reset doc and fill it from CoNLL-U text (p, len):
 * orig = norm = the sentences' words joined by single spaces, one sentence
 * per line; norm_map the identity; one body block and sentence per CoNLL-U
 * sentence; tokens with pos (XPOS via sm_tag_from_name), head and rel
 * (DEPREL via sm_deprel_from_name); entity codes from MISC "Ent=B-PER"
 * when present.  "# date = 2025-09-05" sets doc->date.  Multiword-token
 * and empty-node lines are skipped.  Errors: SM_EINVAL, SM_ENOMEM,
 * SM_EFORMAT (bad line).
 */
int sm_conllu_doc_load(sm_doc_t *doc, const char *p, size_t len);

#endif
