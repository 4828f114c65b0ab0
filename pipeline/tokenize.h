/*
 * tokenize.h - stage 4: tokens and sentences, with original byte offsets.
 *
 * Reads doc->norm and doc->blocks (segment) and fills doc->toks,
 * doc->sents and each block's sent/nsent.  Body blocks are split into
 * sentences; every other block (title, heading, metadata, boilerplate) is
 * one sentence of its own kind, so later stages can see but skip it.
 *
 * Tokens follow Penn Treebank / UD English conventions, since the tagger
 * and parser were trained on them: punctuation split off; clitics split
 * ("don't" -> do n't, "Putin's" -> Putin 's, "they're" -> they 're);
 * hyphenated words kept whole ("fifth-largest", "US-Ukraine"); numbers with
 * their decimal point, thousands commas and unit or percent kept whole
 * ("3.5%", "1,000", "10.9bn"), with a leading currency symbol split off
 * ("$" "10.9bn"); abbreviations keep their period ("U.S.", "Mr.", "Inc.").
 * The company marks of the Reuters archives get no tokens ("of <Nippon
 * Lace Co Ltd> for" is "of Nippon Lace Co Ltd for", "Ltd <MIMA.S> said"
 * is "Ltd said"); sentence spans still cover them.
 *
 * Sentence ends are decided on the token stream: a '.', '!' or '?' (or an
 * ellipsis) followed by closing quotes or brackets, then a token that can
 * start a sentence.  Periods of known abbreviations, initials ("J. R. R.
 * Tolkien"), decimals and ordinals/numbers after "No."/"Art." never end a
 * sentence unless the next token is clearly a new sentence.  Sentences
 * longer than SM_SENT_MAX_TOKENS are cut and flagged SM_SF_CUT.
 *
 * References: Kiss & Strunk (2006) Punkt for the abbreviation/initial
 * heuristics; the PTB tokenization guidelines; UD English EWT.
 */
#ifndef SM_TOKENIZE_H
#define SM_TOKENIZE_H

#include "doc.h"
#include "lexicon.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * sm_tokenize_run - tokenize every block of doc and split body blocks into
 * sentences.  Each token's key is its case-folded form (sm_normalize_key)
 * interned in lex.  Requires the segment stage.  Errors: SM_EINVAL,
 * SM_ENOMEM, or the lexicon's errors.
 */
SM_EXPORT int sm_tokenize_run(sm_doc_t *doc, sm_lexicon_t *lex);

/*
 * sm_tokenize_pretokenized - build tokens and sentences from text that is
 * already one sentence per line with tokens separated by spaces (CoNLL or
 * CaRB style evaluation input).  Each line becomes one body block and one
 * sentence, never cut or re-split (lines longer than SM_SENT_MAX_TOKENS
 * tokens are still cut, flagged SM_SF_CUT).  Requires normalize; replaces
 * segment.  Errors as sm_tokenize_run.
 */
SM_EXPORT int sm_tokenize_pretokenized(sm_doc_t *doc, sm_lexicon_t *lex);

#ifdef __cplusplus
}
#endif
#endif /* SM_TOKENIZE_H */
