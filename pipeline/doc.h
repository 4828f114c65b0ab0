/*
 * doc.h - the document model that flows through every stage.
 *
 * One sm_doc_t holds one article and everything the stages derive from it,
 * all allocated from the document's arena:
 *
 *   orig          the input bytes, exactly as given (kept for provenance)
 *   text + map    ingest: valid UTF-8, LF line ends, no BOM, no NUL
 *   norm + map    normalize: NFKC, typographic punctuation folded,
 *                 horizontal whitespace collapsed; map[i] is the offset in
 *                 orig of the byte that norm[i] came from
 *   blocks        segment: paragraphs split into body, heading, metadata,
 *                 boilerplate ...; the title and date of the document
 *   tokens, sents tokenize: tokens with original byte offsets, sentences
 *   stems         stem: per-token stem ids and stopword flags
 *   pos/head/ent  tag, parse, ner: per-token syntax and entities
 *   scores        score: one float per sentence
 *   summary       select: which sentences form the summary
 *   facts         facts: structured key facts with provenance
 *
 * Stages read what earlier stages filled and add their own layer; none
 * re-parses text.  Every span is a byte range of orig, so any sentence,
 * token or fact can be traced back to the exact input bytes.
 *
 * Offsets are 32 bit: documents are limited to SM_DOC_MAX_BYTES (checked by
 * sm_doc_set_input), which keeps a token at 32 bytes.
 */
#ifndef SM_DOC_H
#define SM_DOC_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SM_DOC_MAX_BYTES ((size_t)0x7fffffff)

/* A sentence never has more tokens than this: longer runs without a
 * sentence end are cut (the parser and fact extractor rely on it). */
#define SM_SENT_MAX_TOKENS 256

/* ---------------------------------------------------------------- tokens */

enum {
	SM_TF_WORD = 1 << 0,   /* contains a letter */
	SM_TF_NUM = 1 << 1,    /* starts with a digit (12, 3.5%, 10.9bn, 1990s) */
	SM_TF_PUNCT = 1 << 2,  /* punctuation or symbol only */
	SM_TF_CAP = 1 << 3,    /* first character is an upper-case letter */
	SM_TF_UPPER = 1 << 4,  /* all letters upper case, at least two */
	SM_TF_STOP = 1 << 5,   /* stopword of the document language (stem) */
	SM_TF_SPACE = 1 << 6,  /* whitespace precedes it in the text */
	SM_TF_CLITIC = 1 << 7  /* split-off clitic: 's, n't, 're, 'll ... */
};

#define SM_POS_NONE 0xff
#define SM_HEAD_NONE (-2)

typedef struct {
	uint32_t start, end; /* original input bytes [start, end) */
	uint32_t norm;       /* offset of the token's text in doc->norm */
	uint32_t norm_len;
	uint32_t key;        /* lexicon id of the case-folded form */
	uint32_t stem;       /* lexicon id of the stem; 0 = none */
	uint16_t flags;      /* SM_TF_* */
	uint8_t pos;         /* PTB tag id (tag.h); SM_POS_NONE before tagging */
	uint8_t ent;         /* entity code (ner.h); 0 = outside */
	int16_t head;        /* head token index within the sentence, -1 root */
	uint8_t rel;         /* UD relation id (parse.h) */
	uint8_t pad_;
} sm_token_t;

/* ---------------------------------------------------------------- blocks */

enum {
	SM_BLOCK_BODY = 0,     /* running text: the only kind summaries use */
	SM_BLOCK_TITLE,        /* the document title (first heading or given) */
	SM_BLOCK_HEADING,      /* section heading, incl. stand-alone questions */
	SM_BLOCK_META,         /* metadata prefix, dateline, byline */
	SM_BLOCK_BOILERPLATE,  /* publisher boilerplate ("Advertisement") */
	SM_BLOCK_KINDS
};

typedef struct {
	uint32_t norm_start, norm_end; /* byte range in doc->norm */
	uint32_t para;                 /* paragraph index */
	uint8_t kind;                  /* SM_BLOCK_* */
	uint32_t sent, nsent;          /* its sentences (tokenize) */
} sm_block_t;

/* ------------------------------------------------------------- sentences */

enum {
	SM_SF_PARA_FIRST = 1 << 0, /* first sentence of its paragraph */
	SM_SF_CUT = 1 << 1,        /* cut at SM_SENT_MAX_TOKENS, not a real end */
	SM_SF_QUESTION = 1 << 2,   /* ends with '?' */
	SM_SF_QUOTE = 1 << 3       /* mostly a direct quotation */
};

typedef struct {
	uint32_t start, end;   /* original input bytes [start, end) */
	uint32_t tok, ntok;    /* token range in doc->toks */
	uint32_t block;        /* index in doc->blocks */
	uint32_t para;         /* paragraph index */
	uint8_t kind;          /* kind of its block (SM_BLOCK_*) */
	uint8_t flags;         /* SM_SF_* */
	uint8_t in_summary;    /* set by select */
	uint8_t pad_;
	float score;           /* set by score; higher is more summary-worthy */
} sm_sentence_t;

/* A calendar date; 0 in a field means unknown. */
typedef struct {
	int16_t year;
	int8_t month;
	int8_t day;
} sm_date_t;

struct sm_fact;            /* facts.h */

typedef struct sm_doc {
	sm_arena_t *arena;

	/* Caller-provided metadata (may be NULL). */
	const char *id;
	const char *given_title;
	const char *given_date;

	/* The input, exactly as given. */
	const char *orig;
	size_t orig_len;

	/* ingest */
	const char *text;
	size_t text_len;
	const uint32_t *text_map; /* text byte -> orig byte; NULL = identity */
	size_t n_replaced;        /* invalid sequences replaced by U+FFFD */
	size_t n_nul;             /* NUL bytes replaced by U+FFFD */
	size_t n_cr;              /* CR or CRLF line ends made LF */
	int had_bom;
	int encoding;             /* SM_ENC_* detected at ingest */

	/* normalize */
	const char *norm;
	size_t norm_len;
	const uint32_t *norm_map; /* norm_len + 1 entries: norm byte -> orig */

	/* segment */
	sm_block_t *blocks;
	size_t n_blocks;
	size_t n_paras;
	int title_block;          /* index in blocks, or -1 */
	const char *title;        /* title text (arena, NUL-terminated) or NULL */
	sm_date_t date;           /* document date: given, or found in the text */

	/* tokenize */
	sm_token_t *toks;
	size_t n_toks;
	sm_sentence_t *sents;
	size_t n_sents;

	/* select */
	uint32_t *summary;        /* sentence indices in document order */
	size_t n_summary;

	/* facts */
	struct sm_fact *facts;
	size_t n_facts;
	size_t n_key_facts;       /* facts[0 .. n_key_facts) are the key facts */

	/* stage bookkeeping: SM_STAGE_* bits of the stages that have run */
	unsigned stages_done;
} sm_doc_t;

enum {
	SM_ENC_UTF8 = 0,
	SM_ENC_UTF16LE,
	SM_ENC_UTF16BE
};

enum {
	SM_STAGE_INGEST = 1 << 0,
	SM_STAGE_NORMALIZE = 1 << 1,
	SM_STAGE_SEGMENT = 1 << 2,
	SM_STAGE_TOKENIZE = 1 << 3,
	SM_STAGE_STEM = 1 << 4,
	SM_STAGE_SCORE = 1 << 5,
	SM_STAGE_SELECT = 1 << 6,
	SM_STAGE_TAG = 1 << 7,
	SM_STAGE_PARSE = 1 << 8,
	SM_STAGE_NER = 1 << 9,
	SM_STAGE_FACTS = 1 << 10
};

/*
 * sm_doc_new - an empty document with its own arena.
 * Errors: SM_EINVAL, SM_ENOMEM.  Free with sm_doc_free().
 */
SM_EXPORT int sm_doc_new(sm_doc_t **out);

/* sm_doc_free - release the document and its arena.  NULL is a no-op. */
SM_EXPORT void sm_doc_free(sm_doc_t *doc);

/*
 * sm_doc_reset - empty the document for reuse, keeping the arena's memory.
 * Every pointer previously taken from the document becomes invalid.
 */
SM_EXPORT void sm_doc_reset(sm_doc_t *doc);

/*
 * sm_doc_set_input - reset the document and copy len bytes of input into it.
 * id, title and date are optional metadata (NUL-terminated, copied; NULL for
 * none); a given date such as "2025-09-05" or "26-FEB-1987 15:01:01.79" sets
 * doc->date.  Errors: SM_EINVAL, SM_ETOOBIG (len > SM_DOC_MAX_BYTES),
 * SM_ENOMEM.
 */
SM_EXPORT int sm_doc_set_input(sm_doc_t *doc, const char *p, size_t len,
			       const char *id, const char *title,
			       const char *date);

/*
 * sm_doc_orig_span - the original bytes [start, end) covered by norm bytes
 * [ns, ne).  ne is exclusive; ns == ne gives an empty span at ns.
 * norm_map[ne] is where the next kept character came from; when the
 * normalizer dropped input between the two (collapsed whitespace, a CR),
 * that whitespace is trimmed off the end: ASCII white space bytes, or in
 * UTF-16 input its 2-byte code units.  Inline: the tokenizer calls it
 * once per token.
 */
/* sm_doc_ascii_space - is c ASCII white space (what the normalizer drops
 * or collapses)? */
static inline int sm_doc_ascii_space(unsigned c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static inline sm_span_t sm_doc_orig_span(const sm_doc_t *doc, size_t ns, size_t ne)
{
	sm_span_t s = { ns, ne };
	if (!doc || !doc->norm_map)
		return s;
	if (ns > doc->norm_len)
		ns = doc->norm_len;
	if (ne > doc->norm_len)
		ne = doc->norm_len;
	if (ne < ns)
		ne = ns;
	s.start = doc->norm_map[ns];
	s.end = ns == ne ? s.start : doc->norm_map[ne];
	const unsigned char *o = (const unsigned char *)doc->orig;
	if (doc->encoding == SM_ENC_UTF16LE || doc->encoding == SM_ENC_UTF16BE) {
		/* size_t, not int: a user's -Wsign-conversion build includes
		 * this inline function */
		size_t be = doc->encoding == SM_ENC_UTF16BE;
		while (s.end >= s.start + 2) {
			unsigned lo = o[s.end - 2 + be], hi = o[s.end - 1 - be];
			if (hi != 0 || !sm_doc_ascii_space(lo))
				break;
			s.end -= 2;
		}
		return s;
	}
	while (s.end > s.start && sm_doc_ascii_space(o[s.end - 1]))
		s.end--;
	return s;
}

/* sm_doc_tok_text - the normalized text of token i (not NUL-terminated). */
static inline sm_str_t sm_doc_tok_text(const sm_doc_t *doc, size_t i)
{
	sm_str_t s = { doc->norm + doc->toks[i].norm, doc->toks[i].norm_len };
	return s;
}

/*
 * sm_doc_tok_surface - the token as it appears in the input: its original
 * bytes for UTF-8 input, its decoded normalized text when the input was
 * UTF-16 (whose bytes are not text).  Not NUL-terminated; may hold invalid
 * UTF-8 exactly where the input did.
 */
static inline sm_str_t sm_doc_tok_surface(const sm_doc_t *doc, size_t i)
{
	if (doc->encoding != SM_ENC_UTF8)
		return sm_doc_tok_text(doc, i);
	sm_str_t s = { doc->orig + doc->toks[i].start, doc->toks[i].end - doc->toks[i].start };
	return s;
}

/*
 * sm_date_parse - parse a date string: ISO "2025-09-05" (optionally with a
 * time), "26-FEB-1987 ...", "5 September 2025", "September 5, 2025".
 * Returns 1 and fills *out when a date was found, else 0.
 */
SM_EXPORT int sm_date_parse(const char *p, size_t len, sm_date_t *out);

#ifdef __cplusplus
}
#endif
#endif /* SM_DOC_H */
