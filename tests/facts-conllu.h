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

/*
 * sm_conllu_fuzz_doc - the document fuzz/fuzz_facts.c (and the regression
 * suite, for its crash files) builds from input bytes.  Byte 0: bit 0
 * Open IE (*openie), bits 1-2 max_key_facts 5, 0, 1 or 40 (*max_key),
 * bit 3 sentence scores taken from the input bytes (SM_STAGE_SCORE), bit 4
 * the NER stage bit, bit 5 a document date.  Then tokens of 5 bytes (word
 * from a fixed list, tag, head, relation, entity; any value is valid, so
 * trees may have cycles, several roots and heads out of range); a byte
 * 0xff in the word position ends the sentence instead (1 byte).  At most
 * 16 sentences of 96 tokens.  Errors: SM_EINVAL (empty input), SM_ENOMEM,
 * and those of sm_conllu_doc_load.
 */
int sm_conllu_fuzz_doc(sm_doc_t *doc, const unsigned char *data, size_t size,
		       size_t *max_key, int *openie);

#endif
