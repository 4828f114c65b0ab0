/*
 * test_tokenize.c - tokens and sentence boundaries (pipeline/tokenize.c).
 *
 * The documents are built by hand, without the other stages: orig = text =
 * norm, an identity offset map and one body block per paragraph (blank
 * line), so every case states exactly the norm text the tokenizer sees.
 * Tokens and sentences are compared as strings: tokens joined by ' ',
 * sentences by '\n'.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest.h"
#include "lexicon.h"
#include "normalize.h"
#include "tokenize.h"
#include "suites.h"

/* ------------------------------------------------------------- helpers */

/*
 * make_doc - a document whose norm is text, with one block per paragraph
 * (paragraphs separated by "\n\n"; an empty text gives one empty block),
 * all of kind `kind`, as if ingest, normalize and segment had run.
 */
static sm_doc_t *make_doc(const char *text, int kind)
{
	sm_doc_t *d = NULL;
	size_t len = strlen(text), nb = 0, i = 0;
	ck_assert_int_eq(sm_doc_new(&d), SM_OK);
	ck_assert_int_eq(sm_doc_set_input(d, text, len, NULL, NULL, NULL), SM_OK);
	d->text = d->norm = d->orig;
	d->text_len = d->norm_len = len;
	uint32_t *map = sm_arena_alloc(d->arena, (len + 1) * sizeof(uint32_t));
	ck_assert_ptr_nonnull(map);
	for (size_t k = 0; k <= len; k++)
		map[k] = (uint32_t)k;
	d->norm_map = map;
	sm_block_t *b = sm_arena_calloc(d->arena, len / 2 + 2, sizeof(*b));
	ck_assert_ptr_nonnull(b);
	do {
		size_t s = i;
		const char *e = strstr(d->norm + i, "\n\n");
		i = e ? (size_t)(e - d->norm) : len;
		b[nb].norm_start = (uint32_t)s;
		b[nb].norm_end = (uint32_t)i;
		b[nb].para = (uint32_t)nb;
		b[nb].kind = (uint8_t)kind;
		nb++;
		if (e)
			i += 2;
	} while (i < len);
	d->blocks = b;
	d->n_blocks = nb;
	d->n_paras = nb;
	d->stages_done = SM_STAGE_INGEST | SM_STAGE_NORMALIZE | SM_STAGE_SEGMENT;
	return d;
}

/* sents_str - all sentences: tokens joined by ' ', sentences by '\n'. */
static const char *sents_str(const sm_doc_t *d, char *buf, size_t cap)
{
	size_t n = 0;
	buf[0] = '\0';
	for (size_t s = 0; s < d->n_sents; s++) {
		const sm_sentence_t *se = &d->sents[s];
		for (size_t k = se->tok; k < se->tok + se->ntok; k++) {
			sm_str_t t = sm_doc_tok_text(d, k);
			n += (size_t)snprintf(buf + n, cap - n, "%s%.*s",
					      k == se->tok ? "" : " ", (int)t.len, t.p);
			ck_assert_uint_lt(n, cap);
		}
		if (s + 1 < d->n_sents)
			n += (size_t)snprintf(buf + n, cap - n, "\n");
	}
	return buf;
}

/* tokenize text as body paragraphs and compare the sentences with want. */
static void check_sents(const char *text, const char *want)
{
	static char buf[1 << 16];
	sm_lexicon_t *lex = NULL;
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);
	sm_doc_t *d = make_doc(text, SM_BLOCK_BODY);
	ck_assert_int_eq(sm_tokenize_run(d, lex), SM_OK);
	ck_assert_str_eq(sents_str(d, buf, sizeof buf), want);
	sm_doc_free(d);
	sm_lexicon_free(lex);
}

/* index of the first token whose text is w, or -1 */
static long find_tok(const sm_doc_t *d, const char *w)
{
	for (size_t k = 0; k < d->n_toks; k++) {
		sm_str_t t = sm_doc_tok_text(d, k);
		if (t.len == strlen(w) && memcmp(t.p, w, t.len) == 0)
			return (long)k;
	}
	return -1;
}

static unsigned tok_flags(const sm_doc_t *d, const char *w)
{
	long k = find_tok(d, w);
	ck_assert_msg(k >= 0, "token %s missing", w);
	return d->toks[k].flags;
}

/* ------------------------------------------------------ sm_tokenize_run */

START_TEST(test_tokenize_run_abbrev_titles)
{
	check_sents("Mr. Smith met Gov. Brown and Dr. Jones on Jan. 5. The deal "
		    "closed. Sen. Warren said so.",
		    "Mr. Smith met Gov. Brown and Dr. Jones on Jan. 5 .\n"
		    "The deal closed .\n"
		    "Sen. Warren said so .");
	/* A title never ends a sentence, even before a sentence starter. */
	check_sents("He met Mr. The Rock today.", "He met Mr. The Rock today .");
	/* "No." before a number; lower-case "no." is a word and a stop. */
	check_sents("He was ranked No. 5 in the world. He said no. Then he left.",
		    "He was ranked No. 5 in the world .\n"
		    "He said no .\n"
		    "Then he left .");
}
END_TEST

START_TEST(test_tokenize_run_abbrev_us)
{
	check_sents("The U.S. Federal Reserve raised rates. Growth slowed in the "
		    "U.S. The company said sales rose in the U.K. and the U.S.",
		    "The U.S. Federal Reserve raised rates .\n"
		    "Growth slowed in the U.S.\n"
		    "The company said sales rose in the U.K. and the U.S.");
	check_sents("Apple Inc. said profits rose. He works for Acme Inc. But he "
		    "left Acme Corp. last year. It was Smith & Co. He quit.",
		    "Apple Inc. said profits rose .\n"
		    "He works for Acme Inc.\n"
		    "But he left Acme Corp. last year .\n"
		    "It was Smith & Co.\n"
		    "He quit .");
	/* All capitals: "SEC" is a word, "ST." and "INC." abbreviations. */
	check_sents("He joined the SEC. The deal closed in ST. LOUIS for ACME INC. "
		    "and LA.",
		    "He joined the SEC .\nThe deal closed in ST. LOUIS for ACME INC. "
		    "and LA .");
	/* "U.S.-led" stays one word. */
	check_sents("The U.S.-led coalition, e.g. Britain, agreed at 10 a.m. on "
		    "Sept. 11, etc. Then it ended.",
		    "The U.S.-led coalition , e.g. Britain , agreed at 10 a.m. on "
		    "Sept. 11 , etc.\nThen it ended .");
}
END_TEST

START_TEST(test_tokenize_run_initials)
{
	check_sents("J. R. R. Tolkien wrote it. George W. Bush agreed. It was "
		    "Plan B. and nothing else.",
		    "J. R. R. Tolkien wrote it .\n"
		    "George W. Bush agreed .\n"
		    "It was Plan B. and nothing else .");
}
END_TEST

START_TEST(test_tokenize_run_numbers)
{
	sm_lexicon_t *lex = NULL;
	char buf[1024];
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);
	sm_doc_t *d = make_doc("Sales rose 3.5% to $10.9bn (£600m), or 1,000.50 "
			       "per share, in the 1990s on 2025-09-05 at 10:30.",
			       SM_BLOCK_BODY);
	ck_assert_int_eq(sm_tokenize_run(d, lex), SM_OK);
	ck_assert_str_eq(sents_str(d, buf, sizeof buf),
			 "Sales rose 3.5% to $ 10.9bn ( £ 600m ) , or 1,000.50 per "
			 "share , in the 1990s on 2025-09-05 at 10:30 .");
	ck_assert_uint_eq(tok_flags(d, "3.5%"), SM_TF_NUM | SM_TF_SPACE);
	ck_assert_uint_eq(tok_flags(d, "10.9bn"), SM_TF_NUM | SM_TF_WORD);
	ck_assert_uint_eq(tok_flags(d, "$"), SM_TF_PUNCT | SM_TF_SPACE);
	ck_assert_uint_eq(tok_flags(d, "£"), SM_TF_PUNCT);
	ck_assert_uint_eq(tok_flags(d, "Sales"), SM_TF_WORD | SM_TF_CAP);
	ck_assert_uint_eq(tok_flags(d, ","), SM_TF_PUNCT);
	ck_assert_uint_eq(d->n_sents, 1);
	sm_doc_free(d);
	/* Decimals and money never split a sentence. */
	check_sents("Profit was $1.5 million. Revenue rose 2.5 per cent.",
		    "Profit was $ 1.5 million .\nRevenue rose 2.5 per cent .");
	sm_lexicon_free(lex);
}
END_TEST

START_TEST(test_tokenize_run_ellipsis)
{
	check_sents("He paused... Then he left.", "He paused ...\nThen he left .");
	check_sents("It was the... thing.", "It was the ... thing .");
	check_sents("Wait -- no -- stop.", "Wait -- no -- stop .");
	/* No sentence of punctuation alone; a list number starts one. */
	check_sents("...Nope. 1. The first point. 2. The second.",
		    "... Nope .\n1 . The first point .\n2 . The second .");
}
END_TEST

START_TEST(test_tokenize_run_quotes)
{
	check_sents("He said \"no.\" Then he left.",
		    "He said \" no . \"\nThen he left .");
	check_sents("(See above.) It works.", "( See above . )\nIt works .");
	check_sents("\"Why?\" he asked. \"Because!\" She laughed.",
		    "\" Why ? \" he asked .\n\" Because ! \"\nShe laughed .");
	check_sents("It ended. \"We won,\" he said. 'Yes.' Fine.",
		    "It ended .\n\" We won , \" he said .\n' Yes . '\nFine .");
	/* Stop, then a lower-case word: no new sentence. */
	check_sents("Yahoo! shares rose. Why? no idea.",
		    "Yahoo ! shares rose .\nWhy ? no idea .");
}
END_TEST

START_TEST(test_tokenize_run_flags)
{
	sm_lexicon_t *lex = NULL;
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);
	sm_doc_t *d = make_doc("Is it NATO? Yes! \"We are all here,\" he said.\n\n"
			       "New paragraph here.", SM_BLOCK_BODY);
	ck_assert_int_eq(sm_tokenize_run(d, lex), SM_OK);
	ck_assert_uint_eq(d->n_sents, 4);
	ck_assert_uint_eq(d->sents[0].flags, SM_SF_PARA_FIRST | SM_SF_QUESTION);
	ck_assert_uint_eq(d->sents[1].flags, 0);
	ck_assert_uint_eq(d->sents[2].flags, SM_SF_QUOTE);
	ck_assert_uint_eq(d->sents[3].flags, SM_SF_PARA_FIRST);
	ck_assert_uint_eq(d->sents[3].para, 1);
	ck_assert_uint_eq(d->sents[3].block, 1);
	ck_assert_uint_eq(d->blocks[0].sent, 0);
	ck_assert_uint_eq(d->blocks[0].nsent, 3);
	ck_assert_uint_eq(d->blocks[1].sent, 3);
	ck_assert_uint_eq(d->blocks[1].nsent, 1);
	ck_assert_uint_eq(tok_flags(d, "NATO"), SM_TF_WORD | SM_TF_CAP | SM_TF_UPPER | SM_TF_SPACE);
	ck_assert_uint_eq(tok_flags(d, "Is"), SM_TF_WORD | SM_TF_CAP);
	ck_assert_uint_eq(tok_flags(d, "?"), SM_TF_PUNCT);
	ck_assert_uint_eq(tok_flags(d, "New"), SM_TF_WORD | SM_TF_CAP | SM_TF_SPACE);
	/* Keys are case-folded and shared; the other layers are empty. */
	ck_assert_uint_eq(d->toks[find_tok(d, "here")].key,
			  sm_lexicon_find(lex, "here", 4));
	ck_assert_uint_eq(d->toks[find_tok(d, "Is")].key, sm_lexicon_find(lex, "is", 2));
	for (size_t k = 0; k < d->n_toks; k++) {
		ck_assert_uint_eq(d->toks[k].pos, SM_POS_NONE);
		ck_assert_int_eq(d->toks[k].head, SM_HEAD_NONE);
		ck_assert_uint_eq(d->toks[k].ent, 0);
		ck_assert_uint_eq(d->toks[k].rel, 0);
		ck_assert_uint_eq(d->toks[k].stem, 0);
	}
	ck_assert_uint_ne(d->stages_done & SM_STAGE_TOKENIZE, 0);
	sm_doc_free(d);
	sm_lexicon_free(lex);
}
END_TEST

START_TEST(test_tokenize_run_clitics)
{
	sm_lexicon_t *lex = NULL;
	char buf[1024];
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);
	sm_doc_t *d = make_doc("I don't think they're sure, but Putin's and the "
			       "officials' views can't change. I'm sure we've seen "
			       "he'll go and she'd stay with O'Brien's rock'n'roll.",
			       SM_BLOCK_BODY);
	ck_assert_int_eq(sm_tokenize_run(d, lex), SM_OK);
	ck_assert_str_eq(sents_str(d, buf, sizeof buf),
			 "I do n't think they 're sure , but Putin 's and the "
			 "officials ' views ca n't change .\n"
			 "I 'm sure we 've seen he 'll go and she 'd stay with "
			 "O'Brien 's rock'n'roll .");
	ck_assert_uint_eq(tok_flags(d, "n't"), SM_TF_CLITIC | SM_TF_WORD);
	ck_assert_uint_eq(tok_flags(d, "'re"), SM_TF_CLITIC | SM_TF_WORD);
	ck_assert_uint_eq(tok_flags(d, "'s"), SM_TF_CLITIC | SM_TF_WORD);
	ck_assert_uint_eq(tok_flags(d, "'"), SM_TF_CLITIC | SM_TF_PUNCT);
	ck_assert_uint_eq(tok_flags(d, "do"), SM_TF_WORD | SM_TF_SPACE);
	sm_doc_free(d);
	/* A quotation closed after an "s" is a quote, not a possessive. */
	d = make_doc("He called them 'the boys' today.", SM_BLOCK_BODY);
	ck_assert_int_eq(sm_tokenize_run(d, lex), SM_OK);
	ck_assert_str_eq(sents_str(d, buf, sizeof buf), "He called them ' the boys ' today .");
	ck_assert_uint_eq(d->toks[6].flags, SM_TF_PUNCT);
	sm_doc_free(d);
	sm_lexicon_free(lex);
}
END_TEST

START_TEST(test_tokenize_run_words)
{
	check_sents("The fifth-largest US-Ukraine high-tech deal and/or AT&T's "
		    "pre- and post-war co-operation.",
		    "The fifth-largest US-Ukraine high-tech deal and/or AT&T 's "
		    "pre - and post-war co-operation .");
	check_sents("Visit https://www.bbc.co.uk/news/world-123. Mail a.b@x.com or "
		    "@bbc_news about #Brexit now (see www.example.org/a?b=1).",
		    "Visit https://www.bbc.co.uk/news/world-123 .\n"
		    "Mail a.b@x.com or @bbc_news about #Brexit now ( see "
		    "www.example.org/a?b=1 ) .");
	/* A missing space after a stop still splits. */
	check_sents("Sales hit $10.9bn.For the year, they rose.",
		    "Sales hit $ 10.9bn .\nFor the year , they rose .");
	/* Non-ASCII letters, symbols and U+FFFD. */
	check_sents("Zoë Ünal's café costs €5 \xEF\xBF\xBD ok. Straße!",
		    "Zoë Ünal 's café costs € 5 \xEF\xBF\xBD ok .\nStraße !");
}
END_TEST

START_TEST(test_tokenize_run_markup)
{
	/* Company marks of the Reuters archives: a name loses its brackets,
	 * a ticker after a name goes whole; other '<' and '>' stay. */
	check_sents("Lifetime Corp agreed to buy 16 pct of <Nippon Lace Co Ltd> "
		    "for 3.28 dlrs.",
		    "Lifetime Corp agreed to buy 16 pct of Nippon Lace Co Ltd "
		    "for 3.28 dlrs .");
	check_sents("MIM Holdings Ltd <MIMA.S> said Royal Dutch/Shell Group <RD> "
		    "<SC>, Alfa-Laval AB <ALFS ST> and Jaguar plc\n<JAGRY> rose.",
		    "MIM Holdings Ltd said Royal Dutch/Shell Group , Alfa-Laval AB "
		    "and Jaguar plc rose .");
	/* At the start of a block a bare upper-case mark is the name. */
	check_sents("<IBM> said it rose.", "IBM said it rose .");
	/* The archives are hard-wrapped: a name may hold a line break. */
	check_sents("to <Metropolitan Life\nInsurance Co.> and <BP\n>.",
		    "to Metropolitan Life Insurance Co. and < BP > .");
	check_sents("So a < b, <<x>> is <br> and <a href=x> or <Some co >.",
		    "So a < b , << x >> is < br > and < a href = x > or < Some co > .");
	/* after "of" or "and" a bare mark is the name, not a ticker; a
	 * '>' that opens the text is kept */
	check_sents("It is a venture of <SNECMA> of France and <DAF>.",
		    "It is a venture of SNECMA of France and DAF .");
	check_sents("> quoted line one.", "> quoted line one .");
	/* after a comma a mark is a name; an exchange suffix is a ticker
	 * anywhere */
	check_sents("In Tokyo, <NTT> said shares <URUT.T> rose.",
		    "In Tokyo , NTT said shares rose .");

	/* The sentence's span still holds the marks; "of <Nippon" keeps its
	 * space before the name. */
	const char *text = "<Kobe Steel Ltd> bought <Kawasaki Co Ltd>.\n\n"
			   "LIFETIME <LFT>";
	sm_lexicon_t *lex = NULL;
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);
	sm_doc_t *d = make_doc(text, SM_BLOCK_BODY);
	ck_assert_int_eq(sm_tokenize_run(d, lex), SM_OK);
	ck_assert_uint_eq(d->n_sents, 2);
	ck_assert_uint_eq(d->sents[0].start, 0);
	ck_assert_uint_eq(d->sents[0].end, strlen("<Kobe Steel Ltd> bought <Kawasaki Co Ltd>."));
	ck_assert_uint_eq(d->sents[1].end, strlen(text));
	ck_assert_uint_eq(d->toks[find_tok(d, "Kobe")].start, 1);
	ck_assert(tok_flags(d, "Kawasaki") & SM_TF_SPACE);
	ck_assert(!(tok_flags(d, "Kobe") & SM_TF_SPACE));
	sm_doc_free(d);
	d = make_doc("of <Kawasaki Co>.", SM_BLOCK_BODY);
	ck_assert_int_eq(sm_tokenize_run(d, lex), SM_OK);
	ck_assert_uint_eq(d->sents[0].end, strlen("of <Kawasaki Co>."));
	ck_assert_uint_eq(d->n_toks, 4);
	sm_doc_free(d);
	/* every ticker is inside a sentence: after a name's '>', two in a
	 * row, and one after a sentence's stop */
	static const char *const tails[] = {
		"Shares rose in <Shell Canada Ltd> <SHC.TO>",
		"ROYAL DUTCH <RD> <SC>",
		"CONTINENTAL ILL. <CIL>",
	};
	for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
		d = make_doc(tails[i], SM_BLOCK_BODY);
		ck_assert_int_eq(sm_tokenize_run(d, lex), SM_OK);
		ck_assert_uint_eq(d->sents[d->n_sents - 1].end, strlen(tails[i]));
		sm_doc_free(d);
	}
	sm_lexicon_free(lex);
}
END_TEST

START_TEST(test_tokenize_run_offsets)
{
	const char *text = "The U.S. economy, it's said, grew 3.5% (\"strongly\")...\n"
			   "Mr. O'Neill didn't agree.\n\nA new  paragraph here.";
	sm_lexicon_t *lex = NULL;
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);
	sm_doc_t *d = make_doc(text, SM_BLOCK_BODY);
	ck_assert_int_eq(sm_tokenize_run(d, lex), SM_OK);
	ck_assert_uint_gt(d->n_toks, 20);
	for (size_t k = 0; k < d->n_toks; k++) {
		const sm_token_t *t = &d->toks[k];
		sm_str_t s = sm_doc_tok_text(d, k);
		ck_assert_uint_eq(t->start, t->norm);
		ck_assert_uint_eq(t->end - t->start, s.len);
		ck_assert(memcmp(text + t->start, s.p, s.len) == 0);
		if (k > 0)
			ck_assert_uint_ge(t->start, d->toks[k - 1].end);
	}
	for (size_t s = 0; s < d->n_sents; s++) {
		const sm_sentence_t *se = &d->sents[s];
		ck_assert_uint_eq(se->start, d->toks[se->tok].start);
		ck_assert_uint_eq(se->end, d->toks[se->tok + se->ntok - 1].end);
	}
	ck_assert_uint_eq(d->n_sents, 3);
	ck_assert_uint_eq(d->sents[1].start, (uint32_t)(strstr(text, "Mr.") - text));
	sm_doc_free(d);
	sm_lexicon_free(lex);
}
END_TEST

START_TEST(test_tokenize_run_span)
{
	/* Real ingest + normalize: CRLF, a curly quote pair, an NBSP run, a
	 * ligature and an ellipsis character make the offset map non-trivial. */
	const char *text = "Caf\xC3\xA9 \xC2\xA0 said \xE2\x80\x9C\xEF\xAC\x81ne"
			   "\xE2\x80\x9D\xE2\x80\xA6\r\nNow  it's \xE2\x80\x94 done.\r\n";
	sm_lexicon_t *lex = NULL;
	sm_doc_t *d = NULL;
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);
	ck_assert_int_eq(sm_doc_new(&d), SM_OK);
	ck_assert_int_eq(sm_doc_set_input(d, text, strlen(text), NULL, NULL, NULL), SM_OK);
	ck_assert_int_eq(sm_ingest_run(d), SM_OK);
	ck_assert_int_eq(sm_normalize_run(d), SM_OK);
	sm_block_t *b = sm_arena_calloc(d->arena, 1, sizeof(*b));
	ck_assert_ptr_nonnull(b);
	b->norm_end = (uint32_t)d->norm_len;
	d->blocks = b;
	d->n_blocks = 1;
	d->stages_done |= SM_STAGE_SEGMENT;
	ck_assert_int_eq(sm_tokenize_run(d, lex), SM_OK);
	for (size_t k = 0; k < d->n_toks; k++) {
		const sm_token_t *t = &d->toks[k];
		sm_span_t sp = sm_doc_orig_span(d, t->norm, (size_t)t->norm + t->norm_len);
		ck_assert_uint_eq(t->start, sp.start);
		ck_assert_uint_eq(t->end, sp.end);
	}
	long k = find_tok(d, "said");
	ck_assert_int_ge(k, 0);
	ck_assert_uint_eq(d->toks[k].start, (uint32_t)(strstr(text, "said") - text));
	ck_assert_uint_eq(d->toks[k].end, d->toks[k].start + 4);
	k = find_tok(d, "Caf\xC3\xA9");
	ck_assert_int_eq(k, 0);
	ck_assert_uint_eq(d->toks[0].start, 0);
	ck_assert_uint_eq(d->toks[0].end, 5);
	k = find_tok(d, "fine");   /* from the ligature: orig bytes "\xEF\xAC\x81ne" */
	ck_assert_int_ge(k, 0);
	ck_assert_uint_eq(d->toks[k].end - d->toks[k].start, 5);
	ck_assert_uint_eq(d->n_sents, 2);
	ck_assert_uint_eq(d->sents[1].end, (uint32_t)(strstr(text, "done.") - text) + 5);
	sm_doc_free(d);
	sm_lexicon_free(lex);
}
END_TEST

START_TEST(test_tokenize_run_wrapped)
{
	sm_lexicon_t *lex = NULL;
	char buf[1024];
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);
	sm_doc_t *d = make_doc("The company said on\nFriday that it would cut\n"
			       "2,000 jobs by Dec.\n31. Shares fell\n5 pct.",
			       SM_BLOCK_BODY);
	ck_assert_int_eq(sm_tokenize_run(d, lex), SM_OK);
	ck_assert_str_eq(sents_str(d, buf, sizeof buf),
			 "The company said on Friday that it would cut 2,000 jobs "
			 "by Dec. 31 .\nShares fell 5 pct .");
	ck_assert_uint_eq(d->n_blocks, 1);
	ck_assert_uint_eq(tok_flags(d, "Friday"), SM_TF_WORD | SM_TF_CAP | SM_TF_SPACE);
	ck_assert_uint_eq(d->sents[1].flags, 0);
	sm_doc_free(d);
	sm_lexicon_free(lex);
}
END_TEST

START_TEST(test_tokenize_run_cut)
{
	/* 600 words and no stop: cut at SM_SENT_MAX_TOKENS. */
	size_t n = 600;
	char *text = malloc(n * 2 + 2);
	ck_assert_ptr_nonnull(text);
	for (size_t i = 0; i < n; i++) {
		text[2 * i] = 'w';
		text[2 * i + 1] = ' ';
	}
	memcpy(text + 2 * n - 1, ".", 2);
	sm_lexicon_t *lex = NULL;
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);
	sm_doc_t *d = make_doc(text, SM_BLOCK_BODY);
	ck_assert_int_eq(sm_tokenize_run(d, lex), SM_OK);
	ck_assert_uint_eq(d->n_toks, 601);
	ck_assert_uint_eq(d->n_sents, 3);
	ck_assert_uint_eq(d->sents[0].ntok, SM_SENT_MAX_TOKENS);
	ck_assert_uint_eq(d->sents[1].ntok, SM_SENT_MAX_TOKENS);
	ck_assert_uint_eq(d->sents[2].ntok, 601 - 2 * SM_SENT_MAX_TOKENS);
	ck_assert_uint_eq(d->sents[0].flags, SM_SF_PARA_FIRST | SM_SF_CUT);
	ck_assert_uint_eq(d->sents[1].flags, SM_SF_CUT);
	ck_assert_uint_eq(d->sents[2].flags, 0);
	ck_assert_uint_eq(d->sents[1].tok, SM_SENT_MAX_TOKENS);
	ck_assert_uint_eq(sm_lexicon_size(lex), 2);
	sm_doc_free(d);
	free(text);
	sm_lexicon_free(lex);
}
END_TEST

START_TEST(test_tokenize_run_huge_line)
{
	/* A 5 MB line without a sentence end, and degenerate runs: all must
	 * finish in linear time and stay within bounds. */
	static const char *const pat[] = { "word ", "a.", "U.S.-", "'", ".", "-",
					   "?!", "1,000", "http://x", "\xEF\xBF\xBD" };
	size_t total = 5u << 20;
	char *text = malloc(total + 8);
	ck_assert_ptr_nonnull(text);
	sm_lexicon_t *lex = NULL;
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);
	for (size_t p = 0; p < sizeof pat / sizeof pat[0]; p++) {
		size_t pl = strlen(pat[p]), n = 0;
		size_t lim = p == 0 ? total : total / 8;
		while (n + pl <= lim) {
			memcpy(text + n, pat[p], pl);
			n += pl;
		}
		text[n] = '\0';
		sm_doc_t *d = make_doc(text, SM_BLOCK_BODY);
		ck_assert_int_eq(sm_tokenize_run(d, lex), SM_OK);
		ck_assert_uint_gt(d->n_toks, 0);
		size_t ntok = 0;
		for (size_t s = 0; s < d->n_sents; s++) {
			ck_assert_uint_le(d->sents[s].ntok, SM_SENT_MAX_TOKENS);
			ck_assert_uint_eq(d->sents[s].tok, ntok);
			ntok += d->sents[s].ntok;
		}
		ck_assert_uint_eq(ntok, d->n_toks);
		if (p == 0) {
			ck_assert_uint_eq(d->n_toks, total / 5);
			ck_assert_uint_eq(d->n_sents, (total / 5 + 255) / 256);
			ck_assert_uint_eq(d->sents[0].flags & SM_SF_CUT, SM_SF_CUT);
		}
		sm_doc_free(d);
	}
	/* A word, a million stops that never end a sentence, a lower-case
	 * word: the stops are skipped as one run, not rescanned. */
	size_t n = 0, nstops = 1000000;
	memcpy(text, "a", 1);
	n = 1;
	for (size_t k = 0; k < nstops; k++) {
		memcpy(text + n, k % 2 ? " !" : " )", 2);
		n += 2;
	}
	memcpy(text + n, " b", 3);
	sm_doc_t *d = make_doc(text, SM_BLOCK_BODY);
	ck_assert_int_eq(sm_tokenize_run(d, lex), SM_OK);
	ck_assert_uint_eq(d->n_toks, nstops + 2);
	ck_assert_uint_eq(d->n_sents, (nstops + 2 + 255) / 256);
	sm_doc_free(d);
	free(text);
	sm_lexicon_free(lex);
}
END_TEST

START_TEST(test_tokenize_run_blocks)
{
	sm_lexicon_t *lex = NULL;
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);
	/* Empty and blank blocks get no sentence. */
	sm_doc_t *d = make_doc("", SM_BLOCK_BODY);
	ck_assert_uint_eq(d->n_blocks, 1);
	ck_assert_int_eq(sm_tokenize_run(d, lex), SM_OK);
	ck_assert_uint_eq(d->n_toks, 0);
	ck_assert_uint_eq(d->n_sents, 0);
	ck_assert_uint_eq(d->blocks[0].nsent, 0);
	sm_doc_free(d);
	d = make_doc("First. Second.\n\n  \n\nThird.", SM_BLOCK_BODY);
	ck_assert_uint_eq(d->n_blocks, 3);
	ck_assert_int_eq(sm_tokenize_run(d, lex), SM_OK);
	ck_assert_uint_eq(d->n_sents, 3);
	ck_assert_uint_eq(d->blocks[1].sent, 2);
	ck_assert_uint_eq(d->blocks[1].nsent, 0);
	ck_assert_uint_eq(d->blocks[2].sent, 2);
	ck_assert_uint_eq(d->blocks[2].nsent, 1);
	ck_assert_uint_eq(d->sents[2].para, 2);
	ck_assert_uint_eq(d->sents[2].flags, SM_SF_PARA_FIRST);
	sm_doc_free(d);
	/* A non-body block is one sentence of its kind. */
	d = make_doc("Ad sales boost Time Warner. Really? Yes.", SM_BLOCK_TITLE);
	ck_assert_int_eq(sm_tokenize_run(d, lex), SM_OK);
	ck_assert_uint_eq(d->n_sents, 1);
	ck_assert_uint_eq(d->sents[0].kind, SM_BLOCK_TITLE);
	ck_assert_uint_eq(d->sents[0].ntok, 10);
	ck_assert_uint_eq(d->sents[0].flags, SM_SF_PARA_FIRST);
	sm_doc_free(d);
	d = make_doc("What does the deal cover?", SM_BLOCK_HEADING);
	ck_assert_int_eq(sm_tokenize_run(d, lex), SM_OK);
	ck_assert_uint_eq(d->n_sents, 1);
	ck_assert_uint_eq(d->sents[0].kind, SM_BLOCK_HEADING);
	ck_assert_uint_eq(d->sents[0].flags, SM_SF_PARA_FIRST | SM_SF_QUESTION);
	sm_doc_free(d);
	sm_lexicon_free(lex);
}
END_TEST

START_TEST(test_tokenize_run_errors)
{
	sm_lexicon_t *lex = NULL;
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);
	sm_doc_t *d = make_doc("Some text.", SM_BLOCK_BODY);
	ck_assert_int_eq(sm_tokenize_run(NULL, lex), SM_EINVAL);
	ck_assert_int_eq(sm_tokenize_run(d, NULL), SM_EINVAL);
	d->stages_done = SM_STAGE_INGEST | SM_STAGE_NORMALIZE;
	ck_assert_int_eq(sm_tokenize_run(d, lex), SM_EINVAL);
	d->stages_done |= SM_STAGE_SEGMENT;
	d->blocks[0].norm_end = (uint32_t)d->norm_len + 1;
	ck_assert_int_eq(sm_tokenize_run(d, lex), SM_EINVAL);
	d->blocks[0].norm_end = (uint32_t)d->norm_len;
	ck_assert_int_eq(sm_tokenize_run(d, lex), SM_OK);
	ck_assert_uint_eq(d->n_toks, 3);
	/* Running again gives the same result. */
	ck_assert_int_eq(sm_tokenize_run(d, lex), SM_OK);
	ck_assert_uint_eq(d->n_toks, 3);
	ck_assert_uint_eq(d->n_sents, 1);
	sm_doc_free(d);
	sm_lexicon_free(lex);
}
END_TEST

/* --------------------------------------------- sm_tokenize_pretokenized */

START_TEST(test_tokenize_pretokenized)
{
	static char buf[4096];
	sm_lexicon_t *lex = NULL;
	ck_assert_int_eq(sm_lexicon_new(&lex), SM_OK);
	sm_doc_t *d = make_doc("He said `` no . '' Then he left .\n"
			       "\n   \n"
			       "It -LRB- Barbara 's -RRB- was n't U.S. ?\n",
			       SM_BLOCK_BODY);
	d->blocks = NULL;
	d->n_blocks = 0;
	d->stages_done = SM_STAGE_INGEST | SM_STAGE_NORMALIZE;
	ck_assert_int_eq(sm_tokenize_pretokenized(d, lex), SM_OK);
	ck_assert_str_eq(sents_str(d, buf, sizeof buf),
			 "He said `` no . '' Then he left .\n"
			 "It -LRB- Barbara 's -RRB- was n't U.S. ?");
	ck_assert_uint_eq(d->n_blocks, 2);
	ck_assert_uint_eq(d->n_paras, 2);
	ck_assert_uint_eq(d->blocks[1].kind, SM_BLOCK_BODY);
	ck_assert_uint_eq(d->blocks[1].para, 1);
	ck_assert_uint_eq(d->blocks[1].sent, 1);
	ck_assert_uint_eq(d->blocks[1].nsent, 1);
	ck_assert_uint_eq(d->blocks[1].norm_start, (uint32_t)(strstr(d->norm, "It") - d->norm));
	ck_assert_uint_eq(d->sents[0].flags, SM_SF_PARA_FIRST);
	ck_assert_uint_eq(d->sents[1].flags, SM_SF_PARA_FIRST | SM_SF_QUESTION);
	ck_assert_uint_eq(tok_flags(d, "``"), SM_TF_PUNCT | SM_TF_SPACE);
	ck_assert_uint_eq(tok_flags(d, "-LRB-"), SM_TF_PUNCT | SM_TF_SPACE);
	ck_assert_uint_eq(tok_flags(d, "'s"), SM_TF_WORD | SM_TF_CLITIC | SM_TF_SPACE);
	ck_assert_uint_eq(tok_flags(d, "n't"), SM_TF_WORD | SM_TF_CLITIC | SM_TF_SPACE);
	ck_assert_uint_eq(tok_flags(d, "It"), SM_TF_WORD | SM_TF_CAP | SM_TF_SPACE);
	ck_assert_uint_eq(tok_flags(d, "He"), SM_TF_WORD | SM_TF_CAP);
	ck_assert_uint_ne(d->stages_done & SM_STAGE_TOKENIZE, 0);
	ck_assert_uint_ne(d->stages_done & SM_STAGE_SEGMENT, 0);
	for (size_t k = 0; k < d->n_toks; k++) {
		sm_str_t s = sm_doc_tok_text(d, k);
		ck_assert(memcmp(d->orig + d->toks[k].start, s.p, s.len) == 0);
	}
	sm_doc_free(d);

	/* Long lines are cut; no input gives no blocks. */
	char *text = malloc(300 * 2 + 1);
	ck_assert_ptr_nonnull(text);
	for (size_t i = 0; i < 300; i++)
		memcpy(text + 2 * i, "x ", 2);
	text[600] = '\0';
	d = make_doc(text, SM_BLOCK_BODY);
	d->stages_done = SM_STAGE_NORMALIZE;
	ck_assert_int_eq(sm_tokenize_pretokenized(d, lex), SM_OK);
	ck_assert_uint_eq(d->n_blocks, 1);
	ck_assert_uint_eq(d->n_sents, 2);
	ck_assert_uint_eq(d->sents[0].flags, SM_SF_PARA_FIRST | SM_SF_CUT);
	ck_assert_uint_eq(d->sents[1].ntok, 300 - SM_SENT_MAX_TOKENS);
	ck_assert_uint_eq(d->blocks[0].nsent, 2);
	sm_doc_free(d);
	free(text);
	d = make_doc(" \n\n", SM_BLOCK_BODY);
	d->stages_done = SM_STAGE_NORMALIZE;
	ck_assert_int_eq(sm_tokenize_pretokenized(d, lex), SM_OK);
	ck_assert_uint_eq(d->n_blocks, 0);
	ck_assert_uint_eq(d->n_sents, 0);
	d->stages_done = 0;
	ck_assert_int_eq(sm_tokenize_pretokenized(d, lex), SM_EINVAL);
	ck_assert_int_eq(sm_tokenize_pretokenized(NULL, lex), SM_EINVAL);
	sm_doc_free(d);
	sm_lexicon_free(lex);
}
END_TEST

/* ------------------------------------------------------------ the suite */

Suite *suite_tokenize(void)
{
	Suite *s = suite_create("tokenize");
	SM_TEST_ADD(s, test_tokenize_run_abbrev_titles);
	SM_TEST_ADD(s, test_tokenize_run_abbrev_us);
	SM_TEST_ADD(s, test_tokenize_run_initials);
	SM_TEST_ADD(s, test_tokenize_run_numbers);
	SM_TEST_ADD(s, test_tokenize_run_ellipsis);
	SM_TEST_ADD(s, test_tokenize_run_quotes);
	SM_TEST_ADD(s, test_tokenize_run_flags);
	SM_TEST_ADD(s, test_tokenize_run_clitics);
	SM_TEST_ADD(s, test_tokenize_run_words);
	SM_TEST_ADD(s, test_tokenize_run_markup);
	SM_TEST_ADD(s, test_tokenize_run_offsets);
	SM_TEST_ADD(s, test_tokenize_run_span);
	SM_TEST_ADD(s, test_tokenize_run_wrapped);
	SM_TEST_ADD(s, test_tokenize_run_cut);
	/* 5 MB inputs take a few seconds under sanitizers or valgrind. */
	TCase *tc = tcase_create("test_tokenize_run_huge_line");
	tcase_add_test(tc, test_tokenize_run_huge_line);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	SM_TEST_ADD(s, test_tokenize_run_blocks);
	SM_TEST_ADD(s, test_tokenize_run_errors);
	SM_TEST_ADD(s, test_tokenize_pretokenized);
	return s;
}
