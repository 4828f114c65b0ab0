/*
 * tokenize.c - stage 4: tokens and sentences with original byte offsets.
 *
 * Design.  One forward pass per block turns doc->norm into tokens; a second
 * pass over the token stream of each block decides the sentence ends.  Both
 * passes are linear in the input: every scanner only moves forward, every
 * look-ahead is bounded (at most a few characters or two tokens), and the
 * decisions that need more context (abbreviation, quotation state) carry
 * it in O(1) state instead of looking back.
 *
 *   characters   a 256-entry table classifies bytes; characters beyond
 *                ASCII are decoded here and classified by utf8proc_category()
 *                (letters L*, marks M*, digits Nd, other numbers Nl/No ...);
 *                an invalid byte is a one-byte symbol, so no input can make
 *                the scanner stall or read past the block.
 *   tokens       PTB / UD English conventions (the tagger and parser are
 *                trained on UD EWT): words with their internal hyphens,
 *                apostrophes, slashes and "AT&T" ampersands; numbers with
 *                decimal points, thousands commas, times, a trailing '%'
 *                and unit letters ("10.9bn", "1990s"); clitics split off
 *                ("do n't", "ca n't", "Putin 's", "officials '"); known
 *                abbreviations and initials keep their period; URLs,
 *                e-mail addresses, @handles and #hashtags whole; runs of
 *                dots ("...", ". . ."), dashes ("--"), [!?] and of one
 *                symbol ("***") one token each; the company marks of
 *                the Reuters archives are markup, not text: "<Nippon
 *                Lace Co Ltd>" gives the name's tokens alone, a ticker
 *                after a name ("<MIMA.S>") none (markup_close).
 *   sentences    Punkt-style decisions on the token stream (Kiss & Strunk
 *                2006, with a fixed abbreviation list instead of a learned
 *                one): a stop, then closing quotes/brackets, then a token
 *                that can start a sentence (not a lower-case word).
 *                Abbreviations are classed: titles never end a sentence,
 *                "No." is one only before a number and "Jan." ends none
 *                before one, and initials, "U.S." or "Inc." end one only
 *                before a typical sentence starter ("The", "He", "But" ...).
 *                A sentence holds at least one word or number, and a
 *                citation mark after the stop ("[17]") stays with it.
 *
 * Memory: tokens and sentences are arrays in the document arena, grown in
 * place (all tokens of the document first, then all sentences, so each
 * array stays the arena's last allocation).  Between the passes a token's
 * sentence-boundary class lives in its rel field (the parser's, still
 * unused) and each block's token range in its sent/nsent fields; both are
 * overwritten with their real values by the second pass.  Nothing is
 * allocated per token; keys longer than the stack buffer go to a scratch
 * buffer in the arena that only grows.
 *
 * References: PTB tokenization guidelines; UD English EWT; T. Kiss and
 * J. Strunk, "Unsupervised Multilingual Sentence Boundary Detection",
 * Computational Linguistics 32(4), 2006.
 */
#include "tokenize.h"
#include "normalize.h"

#include <string.h>
#include <utf8proc.h>

/* ------------------------------------------------------ character classes */

enum {
	C_SP = 0x01,     /* white space (and control characters) */
	C_UP = 0x02,     /* upper- or title-case letter */
	C_LO = 0x04,     /* lower-case letter */
	C_DI = 0x08,     /* decimal digit */
	C_CONN = 0x10,   /* connector punctuation: '_' */
	C_LET = 0x20,    /* any letter */
	C_MARK = 0x40,   /* combining mark */
	C_NUMO = 0x80,   /* other number (Nl, No) */
	C_FMT = 0x100,   /* format character (soft hyphen, zero-width joiner) */
	C_OPEN = 0x200,  /* opening bracket or initial quote (non-ASCII) */
	C_CLOSE = 0x400, /* closing bracket or final quote (non-ASCII) */
	C_HI = 0x800,    /* a byte >= 0x80 (byte_class only) */
	C_JOIN = 0x1000  /* may join a word: - . , : / & @ ' % (byte_class) */
};
#define C_WORD (C_LET | C_DI | C_CONN | C_MARK | C_NUMO)

/* Bytes: ASCII controls and DEL count as white space; every byte of a
 * multi-byte character is C_HI (decode it, then use cp_class). */
static const uint16_t byte_class[256] = {
	0x0001, 0x0001, 0x0001, 0x0001, 0x0001, 0x0001, 0x0001, 0x0001,
	0x0001, 0x0001, 0x0001, 0x0001, 0x0001, 0x0001, 0x0001, 0x0001,
	0x0001, 0x0001, 0x0001, 0x0001, 0x0001, 0x0001, 0x0001, 0x0001,
	0x0001, 0x0001, 0x0001, 0x0001, 0x0001, 0x0001, 0x0001, 0x0001,
	0x0001, 0x0000, 0x0000, 0x0000, 0x0000, 0x1000, 0x1000, 0x1000,
	0x0000, 0x0000, 0x0000, 0x0000, 0x1000, 0x1000, 0x1000, 0x1000,
	0x0008, 0x0008, 0x0008, 0x0008, 0x0008, 0x0008, 0x0008, 0x0008,
	0x0008, 0x0008, 0x1000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	0x1000, 0x0022, 0x0022, 0x0022, 0x0022, 0x0022, 0x0022, 0x0022,
	0x0022, 0x0022, 0x0022, 0x0022, 0x0022, 0x0022, 0x0022, 0x0022,
	0x0022, 0x0022, 0x0022, 0x0022, 0x0022, 0x0022, 0x0022, 0x0022,
	0x0022, 0x0022, 0x0022, 0x0000, 0x0000, 0x0000, 0x0000, 0x0010,
	0x0000, 0x0024, 0x0024, 0x0024, 0x0024, 0x0024, 0x0024, 0x0024,
	0x0024, 0x0024, 0x0024, 0x0024, 0x0024, 0x0024, 0x0024, 0x0024,
	0x0024, 0x0024, 0x0024, 0x0024, 0x0024, 0x0024, 0x0024, 0x0024,
	0x0024, 0x0024, 0x0024, 0x0000, 0x0000, 0x0000, 0x0000, 0x0001,
	0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800,
	0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800,
	0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800,
	0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800,
	0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800,
	0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800,
	0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800,
	0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800,
	0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800,
	0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800,
	0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800,
	0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800,
	0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800,
	0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800,
	0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800,
	0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0800,
};

/*
 * u8_decode - decode one UTF-8 character from s[0 .. n), n >= 1.  Returns
 * its length; *cp is -1 for an invalid or truncated sequence, whose first
 * byte then counts as one character (so the caller always advances).
 */
static size_t u8_decode(const unsigned char *s, size_t n, int32_t *cp)
{
	unsigned b = s[0];
	int32_t c;
	if (b < 0x80) {
		*cp = (int32_t)b;
		return 1;
	}
	if (b >= 0xc2 && b <= 0xdf) {
		if (n >= 2 && (s[1] & 0xc0) == 0x80) {
			*cp = (int32_t)(((b & 0x1fu) << 6) | (s[1] & 0x3fu));
			return 2;
		}
	} else if (b >= 0xe0 && b <= 0xef) {
		if (n >= 3 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
			c = (int32_t)(((b & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) |
				      (s[2] & 0x3fu));
			if (c >= 0x800 && (c < 0xd800 || c > 0xdfff)) {
				*cp = c;
				return 3;
			}
		}
	} else if (b >= 0xf0 && b <= 0xf4) {
		if (n >= 4 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80 &&
		    (s[3] & 0xc0) == 0x80) {
			c = (int32_t)(((b & 0x07u) << 18) | ((s[1] & 0x3fu) << 12) |
				      ((s[2] & 0x3fu) << 6) | (s[3] & 0x3fu));
			if (c >= 0x10000 && c <= 0x10ffff) {
				*cp = c;
				return 4;
			}
		}
	}
	*cp = -1;
	return 1;
}

/* cp_class - C_* bits of a code point (-1: an invalid byte, a symbol). */
static unsigned cp_class(int32_t cp)
{
	if (cp < 0)
		return 0;
	if (cp < 0x80)
		return byte_class[cp];
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LT:
		return C_LET | C_UP;
	case UTF8PROC_CATEGORY_LL:
		return C_LET | C_LO;
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		return C_LET;
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		return C_MARK;
	case UTF8PROC_CATEGORY_ND:
		return C_DI;
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return C_NUMO;
	case UTF8PROC_CATEGORY_PC:
		return C_CONN;
	case UTF8PROC_CATEGORY_PS:
	case UTF8PROC_CATEGORY_PI:
		return C_OPEN;
	case UTF8PROC_CATEGORY_PE:
	case UTF8PROC_CATEGORY_PF:
		return C_CLOSE;
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
	case UTF8PROC_CATEGORY_CC:
		return C_SP;
	case UTF8PROC_CATEGORY_CF:
		return C_FMT;
	default:
		return 0;
	}
}

/* char_class - class of the character at s[j] (j < end); *len its size. */
static inline unsigned char_class(const char *s, size_t j, size_t end,
				  size_t *len)
{
	unsigned char b = (unsigned char)s[j];
	int32_t cp;
	if (b < 0x80) {
		*len = 1;
		return byte_class[b];
	}
	*len = u8_decode((const unsigned char *)s + j, end - j, &cp);
	return cp_class(cp);
}

/* class_at - class of the character at j; the block end reads as space. */
static inline unsigned class_at(const char *s, size_t j, size_t end)
{
	size_t len;
	return j < end ? char_class(s, j, end, &len) : C_SP;
}

static inline int is_ascii_space(unsigned char b)
{
	return b < 0x80 && (byte_class[b] & C_SP);
}

static inline unsigned char lower_ascii(unsigned char b)
{
	return (b >= 'A' && b <= 'Z') ? (unsigned char)(b + 32) : b;
}

/* --------------------------------------------- sentence-boundary classes */

/* What a token means to the sentence splitter (kept in sm_token_t.rel
 * between the two passes). */
enum {
	TC_NONE = 0,
	TC_PERIOD,    /* "." */
	TC_QUEST,     /* a run of ? and !, with a '?' */
	TC_EXCL,      /* a run of '!' */
	TC_ELLIPSIS,  /* ".." or longer */
	TC_TITLE,     /* Mr. Dr. Gov.: never ends a sentence */
	TC_NUMABBR,   /* No. Art. p. (only before a number): never */
	TC_MONTH,     /* Jan. Sept.: not before a number */
	TC_ABBR,      /* U.S. Inc. a.m.: only before a sentence starter */
	TC_ETC,       /* etc.: before any capitalized word */
	TC_NEVER,     /* e.g. i.e. vs.: never */
	TC_INITIAL,   /* J.: only before a sentence starter */
	TC_OPEN,      /* ( [ { */
	TC_CLOSE,     /* ) ] } */
	TC_DQUOTE,    /* " */
	TC_SQUOTE,    /* ' as a quotation mark, ` */
	TC_OQUOTE,    /* `` */
	TC_CQUOTE,    /* '' */
	TC_MID        /* , ; : */
};

/* An abbreviation: the lower-cased form without its final period. */
typedef struct {
	const char *s;
	uint8_t len;
	uint8_t cls;     /* TC_* */
	uint8_t capreq;  /* 0: lower or capitalized ("etc.", "Etc."); 1: only
			  * capitalized ("No." but not "no."); 2: capitalized
			  * or all capitals ("INC.").  Other entries never
			  * match all capitals: "LA." and "SEC." are words. */
} abbr_t;

#define AB(str, cls, cap) { str, sizeof(str) - 1, cls, cap }

/*
 * Titles (Mr Dr Gov Sen Gen Lt Rev ...) are TC_TITLE; months TC_MONTH;
 * No Art p pp vol fig TC_NUMABBR; e.g. i.e. vs. cf. c. approx. TC_NEVER; etc.
 * TC_ETC; companies (Inc Corp Co Ltd plc Bros LLC), Jr Sr St Ave Mt ft,
 * a.m. p.m. and the AP-style U.S. state names (Calif Fla Mass ...) TC_ABBR.
 * Sorted by s (bytewise) for binary search.
 */
static const abbr_t abbrevs[] = {
	AB("a.m", TC_ABBR, 0), AB("adm", TC_TITLE, 1), AB("al", TC_ABBR, 0),
	AB("ala", TC_ABBR, 2), AB("amb", TC_TITLE, 1), AB("approx", TC_NEVER, 0),
	AB("apr", TC_MONTH, 2), AB("ariz", TC_ABBR, 2), AB("ark", TC_ABBR, 2),
	AB("art", TC_NUMABBR, 1), AB("assn", TC_ABBR, 1), AB("atty", TC_TITLE, 1),
	AB("aug", TC_MONTH, 2), AB("ave", TC_ABBR, 2), AB("bhd", TC_ABBR, 1),
	AB("blvd", TC_ABBR, 2), AB("brig", TC_TITLE, 1), AB("bros", TC_ABBR, 2),
	AB("c", TC_NEVER, 0), AB("ca", TC_NEVER, 0), AB("cal", TC_ABBR, 1),
	AB("calif", TC_ABBR, 2), AB("capt", TC_TITLE, 2), AB("cdr", TC_TITLE, 1),
	AB("cf", TC_NEVER, 0), AB("ch", TC_NUMABBR, 0), AB("cmdr", TC_TITLE, 1),
	AB("co", TC_ABBR, 2), AB("col", TC_TITLE, 2), AB("colo", TC_ABBR, 2),
	AB("conn", TC_ABBR, 2), AB("corp", TC_ABBR, 2), AB("cos", TC_ABBR, 2),
	AB("cpl", TC_TITLE, 1), AB("dec", TC_MONTH, 1), AB("del", TC_ABBR, 1),
	AB("dept", TC_ABBR, 1), AB("det", TC_TITLE, 1), AB("dr", TC_TITLE, 2),
	AB("e.g", TC_NEVER, 0), AB("est", TC_ABBR, 0), AB("etc", TC_ETC, 0),
	AB("feb", TC_MONTH, 2), AB("fig", TC_NUMABBR, 0), AB("figs", TC_NUMABBR, 0),
	AB("fla", TC_ABBR, 2), AB("fr", TC_TITLE, 1), AB("ft", TC_ABBR, 0),
	AB("ga", TC_ABBR, 1), AB("gen", TC_TITLE, 2), AB("gens", TC_TITLE, 1),
	AB("gov", TC_TITLE, 2), AB("govs", TC_TITLE, 1), AB("govt", TC_ABBR, 2),
	AB("hon", TC_TITLE, 1), AB("i.e", TC_NEVER, 0), AB("ill", TC_ABBR, 1),
	AB("inc", TC_ABBR, 2), AB("ind", TC_ABBR, 1), AB("insp", TC_TITLE, 1),
	AB("intl", TC_ABBR, 2), AB("jan", TC_MONTH, 2), AB("jr", TC_ABBR, 2),
	AB("jul", TC_MONTH, 2), AB("jun", TC_MONTH, 2), AB("kan", TC_ABBR, 2),
	AB("ky", TC_ABBR, 2), AB("la", TC_ABBR, 1), AB("llc", TC_ABBR, 2),
	AB("lt", TC_TITLE, 2), AB("ltd", TC_ABBR, 2), AB("maj", TC_TITLE, 1),
	AB("mar", TC_MONTH, 1), AB("mass", TC_ABBR, 1), AB("md", TC_ABBR, 1),
	AB("messrs", TC_TITLE, 2), AB("mfg", TC_ABBR, 1), AB("mich", TC_ABBR, 2),
	AB("minn", TC_ABBR, 2), AB("miss", TC_ABBR, 1), AB("mlle", TC_TITLE, 1),
	AB("mme", TC_TITLE, 1), AB("mo", TC_ABBR, 1), AB("mont", TC_ABBR, 1),
	AB("mr", TC_TITLE, 2), AB("mrs", TC_TITLE, 2), AB("ms", TC_TITLE, 1),
	AB("mt", TC_ABBR, 2), AB("neb", TC_ABBR, 2), AB("nev", TC_ABBR, 2),
	AB("no", TC_NUMABBR, 2), AB("nos", TC_NUMABBR, 2), AB("nov", TC_MONTH, 2),
	AB("nr", TC_NUMABBR, 1), AB("oct", TC_MONTH, 2), AB("okla", TC_ABBR, 2),
	AB("ore", TC_ABBR, 1), AB("p", TC_NUMABBR, 0), AB("p.m", TC_ABBR, 0),
	AB("pa", TC_ABBR, 1), AB("para", TC_NUMABBR, 0), AB("ph.d", TC_ABBR, 0),
	AB("plc", TC_ABBR, 0), AB("pp", TC_NUMABBR, 0), AB("pres", TC_TITLE, 1),
	AB("prof", TC_TITLE, 2), AB("pty", TC_ABBR, 2), AB("pvt", TC_TITLE, 1),
	AB("rd", TC_ABBR, 2), AB("rep", TC_TITLE, 2), AB("reps", TC_TITLE, 1),
	AB("rev", TC_TITLE, 1), AB("rt", TC_TITLE, 1), AB("sec", TC_TITLE, 1),
	AB("sen", TC_TITLE, 2), AB("sens", TC_TITLE, 1), AB("sep", TC_MONTH, 2),
	AB("sept", TC_MONTH, 2), AB("sgt", TC_TITLE, 2), AB("sr", TC_ABBR, 2),
	AB("st", TC_ABBR, 2), AB("supt", TC_TITLE, 1), AB("tenn", TC_ABBR, 2),
	AB("tex", TC_ABBR, 2), AB("u.s", TC_ABBR, 0), AB("univ", TC_ABBR, 1),
	AB("v", TC_NEVER, 0), AB("va", TC_ABBR, 1), AB("viz", TC_NEVER, 0),
	AB("vol", TC_NUMABBR, 0), AB("vols", TC_NUMABBR, 0), AB("vs", TC_NEVER, 0),
	AB("vt", TC_ABBR, 1), AB("wash", TC_ABBR, 1), AB("wis", TC_ABBR, 2),
	AB("wyo", TC_ABBR, 2),
};

#define ABBR_MAXLEN 8

/*
 * Words that typically open a sentence.  After "U.S." or "Inc." a
 * capitalized word from this list means a new sentence ("... in the U.S.
 * The company said"), any other capitalized word a name that continues it
 * ("the U.S. Federal Reserve").  Lower-case, compared case-insensitively;
 * sorted for binary search.
 */
static const char *const starters[] = {
	"a", "about", "according", "after", "against", "all", "also", "although",
	"among", "an", "and", "another", "any", "as", "at", "because",
	"before", "both", "but", "by", "despite", "during", "each", "earlier",
	"even", "few", "for", "from", "he", "her", "here", "his", "however", "i",
	"if", "in", "instead", "it", "its", "last", "later", "many", "meanwhile",
	"more", "most", "much", "my", "neither", "no", "nor", "not", "now",
	"on", "one", "only", "or", "other", "others", "our", "over",
	"separately", "she", "since", "so", "some", "still", "such", "that", "the",
	"their", "then", "there", "these", "they", "this", "those", "though",
	"thus", "to", "under", "unlike", "until", "we", "what", "when", "where",
	"whether", "which", "while", "who", "why", "with", "yet", "you", "your",
};

/* digit_follows - is there a digit at j after at most two spaces? */
static int digit_follows(const char *s, size_t j, size_t end)
{
	for (size_t k = 0; k < 3 && j + k < end; k++) {
		unsigned char b = (unsigned char)s[j + k];
		if (b >= '0' && b <= '9')
			return 1;
		if (b != ' ' && b != '\n')
			return 0;
	}
	return 0;
}

/* cmp_key - order of the key (p, len) against the NUL-terminated w. */
static int cmp_key(const char *p, size_t len, const char *w, size_t wlen)
{
	int c = memcmp(p, w, len < wlen ? len : wlen);
	if (c)
		return c;
	return len < wlen ? -1 : len > wlen;
}

/*
 * abbr_class - the sentence class of the word s[i .. j) when a period
 * follows it, or TC_NONE when the period is not part of it.  letterseq
 * says the word is letters separated by single periods, each one letter
 * long ("U.S", "J", "e.g"); ndots counts its inner periods.
 */
static unsigned abbr_class(const char *s, size_t i, size_t j, size_t end,
			   int letterseq, size_t ndots)
{
	size_t len = j - i, k;
	/* One upper-case letter: an initial ("J. R. R. Tolkien"). */
	if (letterseq && ndots == 0 && (class_at(s, i, end) & C_UP))
		return TC_INITIAL;
	if (len <= ABBR_MAXLEN) {
		char buf[ABBR_MAXLEN];
		int ascii = 1;
		for (k = 0; k < len; k++) {
			unsigned char b = (unsigned char)s[i + k];
			if (b >= 0x80) {
				ascii = 0;
				break;
			}
			buf[k] = (char)lower_ascii(b);
		}
		int allcap = len > 1;
		for (k = 0; k < len && allcap; k++)
			allcap = s[i + k] >= 'A' && s[i + k] <= 'Z';
		if (ascii) {
			int cap = s[i] >= 'A' && s[i] <= 'Z';
			size_t lo = 0, hi = sizeof(abbrevs) / sizeof(abbrevs[0]);
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				const abbr_t *a = &abbrevs[mid];
				int c = cmp_key(buf, len, a->s, a->len);
				if (c == 0) {
					if ((a->capreq && !cap) || (allcap && a->capreq != 2))
						return TC_NONE;
					/* "No. 5", but "No. Definitely" ends with a stop. */
					if (a->cls == TC_NUMABBR && !digit_follows(s, j + 1, end))
						return TC_NONE;
					return a->cls;
				}
				if (c < 0)
					hi = mid;
				else
					lo = mid + 1;
			}
		}
	}
	if (!letterseq)
		return TC_NONE;
	return ndots > 0 ? TC_ABBR : TC_NONE;
}

/* is_starter - is the token text (p, len) a typical sentence opener? */
static int is_starter(const char *p, size_t len)
{
	char buf[16];
	size_t k;
	if (len == 0 || len > sizeof(buf))
		return 0;
	for (k = 0; k < len; k++) {
		unsigned char b = (unsigned char)p[k];
		if (b >= 0x80)
			return 0;
		buf[k] = (char)lower_ascii(b);
	}
	size_t lo = 0, hi = sizeof(starters) / sizeof(starters[0]);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = cmp_key(buf, len, starters[mid], strlen(starters[mid]));
		if (c == 0)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

/* --------------------------------------------------------------- context */

#define KEY_BUF 1024     /* stack key buffer */

/* For the per-token steps, which the compiler would otherwise keep out of
 * line for their size. */
#if defined(__GNUC__)
#define TK_INLINE inline __attribute__((always_inline))
#else
#define TK_INLINE inline
#endif

/* Eight bytes at a time in one 64-bit word (SWAR), where the first byte of
 * an 8-byte load is its lowest and __builtin_ctzll exists. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && \
	defined(__GNUC__)
#define TK_SWAR 1
#else
#define TK_SWAR 0
#endif
#define SWAR_L 0x0101010101010101ull   /* 1 in every byte */
#define SWAR_H (0x80 * SWAR_L)          /* bit 7 of every byte */

#if TK_SWAR
/* swar_in - bit 7 set in each byte of x that lies in [lo, hi], for x whose
 * bytes are all below 0x80: adding 0x80 - k to a byte sets its bit 7 iff
 * it is >= k, and no sum carries into the next byte. */
static inline uint64_t swar_in(uint64_t x, unsigned lo, unsigned hi)
{
	return (x + (0x80 - lo) * SWAR_L) & ~(x + (0x80 - hi - 1) * SWAR_L) & SWAR_H;
}
#endif
#define RING 8           /* tokens between a slot prefetch and the intern */
#define RING_KEY 32      /* key bytes a ring entry holds */

/* A token whose id is still to be interned (see tk_push). */
typedef struct {
	const char *p;        /* the key: into the text, or buf */
	size_t len;
	sm_lexkey_t k;
	char buf[RING_KEY];
} tk_pending_t;

typedef struct {
	sm_doc_t *doc;
	sm_lexicon_t *lex;
	const char *s;        /* doc->norm */
	const uint32_t *map;  /* doc->norm_map, NULL when tok_span needs doc */
	const unsigned char *orig;
	sm_token_t *toks;
	size_t n, cap;
	size_t done;          /* tokens [done, n) await their ids */
	sm_sentence_t *sents;
	size_t ns, scap;
	char *big;            /* arena scratch for long keys */
	size_t big_cap;
	uint32_t last_para;   /* para of the previous sentence */
	int have_para;
	int inq;              /* inside a double quotation (per block) */
	char kbuf[KEY_BUF];
	tk_pending_t ring[RING];   /* token k's entry is ring[k % RING] */
} tk_t;

/* tk_intern_oldest - intern the oldest pending token into its key. */
static int tk_intern_oldest(tk_t *t)
{
	tk_pending_t *e = &t->ring[t->done % RING];
	uint32_t id;
	int rc = sm_lexicon_intern_key(t->lex, e->p, e->len, &e->k, &id);
	if (rc != SM_OK)
		return rc;
	t->toks[t->done++].key = id;
	return SM_OK;
}

/* tk_flush - intern every pending token, oldest first (ids are handed out
 * in token order, as without the ring). */
static int tk_flush(tk_t *t)
{
	int rc = SM_OK;
	while (t->done < t->n && (rc = tk_intern_oldest(t)) == SM_OK)
		;
	return rc;
}

/* tk_reserve_toks - room for at least want tokens (grown x1.5, in place
 * while the token array is the arena's last allocation). */
static int tk_reserve_toks(tk_t *t, size_t want)
{
	int ok = 1;
	size_t ncap = t->cap + t->cap / 2 + 64;
	if (want <= t->cap)
		return SM_OK;
	if (ncap < want)
		ncap = want;
	size_t old = sm_mul(t->cap, sizeof(sm_token_t), &ok);
	size_t nsz = sm_mul(ncap, sizeof(sm_token_t), &ok);
	if (!ok)
		return SM_ENOMEM;
	sm_token_t *p = sm_arena_grow(t->doc->arena, t->toks, old, nsz);
	if (!p)
		return SM_ENOMEM;
	t->toks = p;
	t->cap = ncap;
	return SM_OK;
}

/* tk_key - case-folded key of a non-ASCII or long token, into *key. */
static int tk_key(tk_t *t, const char *p, size_t len, const char **key,
		  size_t *klen)
{
	size_t n = sm_normalize_key(t->kbuf, sizeof(t->kbuf), p, len);
	if (n <= sizeof(t->kbuf)) {
		*key = t->kbuf;
		*klen = n;
		return SM_OK;
	}
	if (n > t->big_cap) {
		size_t cap = t->big_cap * 2 > n ? t->big_cap * 2 : n;
		char *b = sm_arena_alloc(t->doc->arena, cap);
		if (!b)
			return SM_ENOMEM;
		t->big = b;
		t->big_cap = cap;
	}
	*klen = sm_normalize_key(t->big, t->big_cap, p, len);
	if (*klen > t->big_cap)
		*klen = t->big_cap;   /* cannot happen: the key is deterministic */
	*key = t->big;
	return SM_OK;
}

/*
 * tok_span - the original bytes of the token norm[a, b), a < b: what
 * sm_doc_orig_span gives, with its tests for a missing map and UTF-16
 * input done once per document (t->map is NULL then) and the bounds
 * already checked by sm_tokenize_run.
 */
static TK_INLINE void tok_span(const tk_t *t, size_t a, size_t b, sm_token_t *tk)
{
	if (!t->map) {
		sm_span_t sp = sm_doc_orig_span(t->doc, a, b);
		tk->start = (uint32_t)sp.start;
		tk->end = (uint32_t)sp.end;
		return;
	}
	uint32_t s = t->map[a], e = t->map[b];
	while (e > s && sm_doc_ascii_space(t->orig[e - 1]))
		e--;
	tk->start = s;
	tk->end = e;
}

/*
 * tk_fill - append the token norm[a, b) with its id (0 while pending), its
 * class cls and flags from the OR of its characters' classes acc, the
 * class of its first character and its number of capitals nup.
 */
static TK_INLINE void tk_fill(tk_t *t, size_t a, size_t b, unsigned cls, unsigned flags,
			   unsigned acc, unsigned first, unsigned nup, uint32_t id)
{
	if (acc & C_LET)
		flags |= SM_TF_WORD;
	if (first & C_DI)
		flags |= SM_TF_NUM;
	if (!(acc & (C_LET | C_DI | C_NUMO)))
		flags |= SM_TF_PUNCT;
	if (first & C_UP)
		flags |= SM_TF_CAP;
	if (nup >= 2 && !(acc & C_LO))
		flags |= SM_TF_UPPER;
	if (a > 0 && is_ascii_space((unsigned char)t->s[a - 1]))
		flags |= SM_TF_SPACE;

	sm_token_t *tk = &t->toks[t->n++];
	tok_span(t, a, b, tk);
	tk->norm = (uint32_t)a;
	tk->norm_len = (uint32_t)(b - a);
	tk->key = id;
	tk->stem = 0;
	tk->flags = (uint16_t)flags;
	tk->pos = SM_POS_NONE;
	tk->ent = 0;
	tk->head = SM_HEAD_NONE;
	tk->rel = (uint8_t)cls;
	tk->pad_ = 0;
}

/*
 * tk_push_slow - tk_push for the tokens its fast path leaves: non-ASCII
 * ones (classified by code point, keyed by sm_normalize_key, which is
 * what the key is defined by) and ASCII ones with capitals too long for a
 * ring entry.  A key the ring cannot hold is interned now, after the
 * pending ones.  t->n < t->cap and the ring has room.
 */
static int tk_push_slow(tk_t *t, size_t a, size_t b, unsigned cls, unsigned extra,
			unsigned acc)
{
	const char *p = t->s + a, *key;
	size_t len = b - a, x, klen, cl;
	unsigned first, nup = 0;
	uint32_t id = 0;
	int rc;

	if (acc & C_HI) {
		first = char_class(p, 0, len, &cl);
		for (x = 0, acc = 0; x < len; x += cl) {
			unsigned k = char_class(p, x, len, &cl);
			acc |= k;
			nup += (k & C_UP) != 0;
		}
	} else {
		first = byte_class[(unsigned char)p[0]];
		for (x = 0; x < len; x++)
			nup += (byte_class[(unsigned char)p[x]] & C_UP) != 0;
	}
	if ((rc = tk_key(t, p, len, &key, &klen)) != SM_OK)
		return rc;
	if (klen <= RING_KEY) {
		tk_pending_t *e = &t->ring[t->n % RING];
		memcpy(e->buf, key, klen);
		e->p = e->buf;
		e->len = klen;
		sm_lexicon_prefetch(t->lex, e->p, klen, &e->k);
	} else {
		if ((rc = tk_flush(t)) != SM_OK ||
		    (rc = sm_lexicon_intern(t->lex, key, klen, &id)) != SM_OK)
			return rc;
		t->done++;   /* this token, about to be appended */
	}
	tk_fill(t, a, b, cls, extra, acc, first, nup, id);
	return SM_OK;
}

/* tk_push's acc when the caller did not classify the token's bytes. */
#define ACC_UNKNOWN 0xffffu

/*
 * tk_push - append the token norm[a, b), a < b, with boundary class cls
 * and the extra flags (SM_TF_CLITIC).  acc is the OR of byte_class over
 * the token's bytes when the scanner computed it (C_HI: some byte is not
 * ASCII), else ACC_UNKNOWN.  An ASCII token without capitals is its own
 * key, so most tokens are interned straight from the text; capitals are
 * lower-cased into the token's ring entry.  The id is interned RING tokens
 * later, so that the lexicon slot is in the cache by then: the slots of
 * rare words are cold on a large lexicon.
 */
static TK_INLINE int tk_push(tk_t *t, size_t a, size_t b, unsigned cls, unsigned extra,
			  unsigned acc)
{
	const char *p = t->s + a;
	size_t len = b - a, x;
	unsigned nup = 0;
	int rc;

	if (t->n == t->cap && (rc = tk_reserve_toks(t, t->n + 1)) != SM_OK)
		return rc;
	if (t->n - t->done == RING && (rc = tk_intern_oldest(t)) != SM_OK)
		return rc;
	if (acc == ACC_UNKNOWN)
		for (x = 0, acc = 0; x < len; x++)
			acc |= byte_class[(unsigned char)p[x]];
	if ((acc & C_HI) || ((acc & C_UP) && len > RING_KEY))
		return tk_push_slow(t, a, b, cls, extra, acc);

	tk_pending_t *e = &t->ring[t->n % RING];
	e->p = p;   /* the text itself: stays put */
	e->len = len;
	if (acc & C_UP) {
		char *kb = e->buf;
		e->p = kb;
#if TK_SWAR
		/* In whole 8-byte words when the text goes on that far (the
		 * last one masked to the token): the lexicon then reads the
		 * key from whole stores, where byte stores would defeat store
		 * forwarding and stall its loads. */
		size_t nw = (len + 7) / 8;
		if (t->doc->norm_len - a >= 8 * nw) {
			for (x = 0; x < nw; x++) {
				uint64_t w, up;
				memcpy(&w, p + 8 * x, 8);
				if (8 * x + 8 > len)
					w &= ((uint64_t)1 << (8 * (len - 8 * x))) - 1;
				/* ASCII: bit 7 of a byte for 'A' .. 'Z' */
				up = swar_in(w, 'A', 'Z');
				w |= up >> 2;
				memcpy(kb + 8 * x, &w, 8);
				nup += (unsigned)(((up >> 7) * SWAR_L) >> 56);
			}
			goto keyed;
		}
#endif
		for (x = 0; x < len; x++) {
			unsigned char c = (unsigned char)p[x];
			unsigned k = byte_class[c] & C_UP;
			kb[x] = (char)(c | (k << 4));   /* C_UP << 4 == 0x20 */
			nup += k;
		}
		nup /= C_UP;
	}
#if TK_SWAR
keyed:
#endif
	sm_lexicon_prefetch(t->lex, e->p, len, &e->k);
	tk_fill(t, a, b, cls, extra, acc, byte_class[(unsigned char)p[0]], nup, 0);
	return SM_OK;
}

/* ---------------------------------------------------------------- words */

/*
 * clitic_len - length of the clitic "'s", "'m", "'d", "'re", "'ve" or
 * "'ll" (any case) starting at the apostrophe s[j] and ending a word, or 0.
 */
static size_t clitic_len(const char *s, size_t j, size_t end)
{
	unsigned char c1, c2;
	if (j + 1 >= end)
		return 0;
	c1 = lower_ascii((unsigned char)s[j + 1]);
	if ((c1 == 's' || c1 == 'm' || c1 == 'd') && !(class_at(s, j + 2, end) & C_WORD))
		return 2;
	if (j + 2 >= end)
		return 0;
	c2 = lower_ascii((unsigned char)s[j + 2]);
	if (((c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e') ||
	     (c1 == 'l' && c2 == 'l')) && !(class_at(s, j + 3, end) & C_WORD))
		return 3;
	return 0;
}

/* Three ASCII digits at s[j..j+3) not followed by a fourth: "1,000". */
static int thousands_group(const char *s, size_t j, size_t end)
{
	return j + 3 <= end && s[j] >= '0' && s[j] <= '9' && s[j + 1] >= '0' &&
	       s[j + 1] <= '9' && s[j + 2] >= '0' && s[j + 2] <= '9' &&
	       !(class_at(s, j + 3, end) & C_DI);
}

#if TK_SWAR
/*
 * ascii_run - how many of the 8 bytes of x (an 8-byte load: the first
 * byte lowest) from the first on are ASCII letters or digits, adding the
 * OR of their byte_class to *acc: the byte loop of word_end over them,
 * without a branch per byte (swar_in on the low seven bits; ascii keeps
 * the bytes whose bit 7 was clear).  Bit 5 (0x20) tells lower from upper
 * case.
 */
static TK_INLINE size_t ascii_run(uint64_t x, unsigned *acc)
{
	const uint64_t H = SWAR_H;
	uint64_t lo7 = x & ~H, fold = lo7 | 0x20 * SWAR_L, ascii = ~x & H;
	uint64_t let = swar_in(fold, 'a', 'z') & ascii;
	uint64_t dig = swar_in(lo7, '0', '9') & ascii;
	uint64_t stop = ~(let | dig) & H;
	/* The bytes before the first stop: all of them when there is none. */
	uint64_t run = ((stop & (0 - stop)) >> 7) - 1;
	uint64_t up = let & ~(x << 2) & run, low = let & (x << 2) & run;
	*acc |= (up ? C_LET | C_UP : 0) | (low ? C_LET | C_LO : 0) |
		((dig & run) ? C_DI : 0);
	/* The index of the first stop byte, 8 for none: stop bits moved to
	 * bits 8k, a guard at bit 63 (ctz is undefined on 0), (ctz + 1) / 8. */
	return ((size_t)__builtin_ctzll(stop >> 7 | (uint64_t)1 << 63) + 1) / 8;
}
#endif

/*
 * word_end - the end of the word starting at the word character s[i].
 * Inner connectors are kept when a word character follows them: '-'
 * ("fifth-largest", "2025-09-05"), '.' ("U.S", "3.5", "bbc.co.uk"), ','
 * between digit groups ("1,000"), ':' between digits ("10:30"), '/'
 * ("and/or", "9/11"), '&' between capitals ("AT&T"), '@' (e-mail) and
 * '\'' unless a clitic follows ("O'Brien" but "Putin" 's, "do" n't).  A
 * '%' after a digit ends the word inside it ("3.5%").  A following period
 * joins the word when it is a known abbreviation or initial; *cls then
 * receives its sentence class.  Linear: j only moves forward and every
 * test looks at most four bytes ahead.
 */
static size_t word_end(const char *s, size_t i, size_t end, unsigned *cls,
		       unsigned *acc_out)
{
	size_t j = i, cl, seg0 = i, seg0_len = 0, ndots = 0;
	unsigned c, acc = 0, prev, uprev = 0, nxt;
	int plain = 1, seg1 = 1;

	*cls = TC_NONE;
	for (;;) {
		while (j < end) {
#if TK_SWAR
			if (end - j >= 8) {
				/* Eight bytes at a time while they are ASCII letters
				 * and digits: no branch per byte to mispredict at the
				 * word's end. */
				uint64_t x;
				memcpy(&x, s + j, 8);
				size_t n = ascii_run(x, &acc);
				j += n;
				if (n == 8)
					continue;
				/* A space ends the word (with no period after it). */
				if (((x >> (8 * n)) & 0xff) == ' ')
					goto done;
			}
#endif
			unsigned char b = (unsigned char)s[j];
			c = byte_class[b];
			if (c & C_WORD) {
				acc |= c;
				j++;
				continue;
			}
			if (c & C_HI) {
				c = char_class(s, j, end, &cl);
				if (j == seg0)
					seg0_len = cl;
				if ((c & C_WORD) ||
				    /* a soft hyphen or joiner inside a word */
				    ((c & C_FMT) && (class_at(s, j + cl, end) & C_WORD))) {
					acc |= c | C_HI;
					uprev = c;
					j += cl;
					continue;
				}
				break;
			}
			if (!(c & C_JOIN))
				break;
			/* An ASCII connector after a word character. */
			unsigned char pb = (unsigned char)s[j - 1];
			prev = pb < 0x80 ? byte_class[pb] : uprev;
			nxt = class_at(s, j + 1, end);
			if (b == '-' && (nxt & C_WORD)) {
				plain = 0;
			} else if (b == '.' && (nxt & C_WORD)) {
				/* "10.9bn.For": a lower-case end, then a capitalized
				 * word is a missing space after a stop, not a URL. */
				if ((prev & C_LO) && (nxt & C_UP) &&
				    (class_at(s, j + 2, end) & C_LO))
					break;
				if (j - seg0 != 1 && j - seg0 != seg0_len)
					seg1 = 0;
				seg0 = j + 1;
				seg0_len = 0;
				ndots++;
			} else if (b == ',' && (prev & C_DI) &&
				   thousands_group(s, j + 1, end)) {
				plain = 0;
			} else if (b == ':' && (prev & C_DI) && (nxt & C_DI)) {
				plain = 0;
			} else if (b == '/' && (nxt & C_WORD)) {
				plain = 0;
			} else if (b == '&' && (prev & C_UP) && (nxt & C_UP)) {
				plain = 0;
			} else if (b == '@' && (nxt & (C_LET | C_DI))) {
				plain = 0;
			} else if (b == '\'' && (nxt & C_LET)) {
				if (clitic_len(s, j, end))
					break;
				/* "don't": the word ends before the 'n'. */
				if (lower_ascii((unsigned char)s[j + 1]) == 't' &&
				    !(class_at(s, j + 2, end) & C_WORD) && j - 1 > i &&
				    lower_ascii(pb) == 'n') {
					j--;
					goto done;
				}
				plain = 0;
			} else if (b == '%' && (prev & C_DI)) {
				j++;
				goto done;
			} else {
				break;
			}
			j++;
		}
		/* A period after the word: part of it for abbreviations. */
		if (j >= end || s[j] != '.' || !plain ||
		    (j + 1 < end && s[j + 1] == '.'))
			goto done;
		int letterseq = !(acc & (C_DI | C_CONN | C_NUMO)) && seg1 &&
				(j - seg0 == 1 || j - seg0 == seg0_len);
		unsigned ac = abbr_class(s, i, j, end, letterseq, ndots);
		if (ac == TC_NONE)
			goto done;
		j++;
		/* "U.S.-led": the word goes on, as a plain compound. */
		if (j + 1 < end && s[j] == '-' && (class_at(s, j + 1, end) & C_WORD)) {
			plain = 0;
			j++;
			continue;
		}
		*cls = ac;
		break;
	}
done:
	*acc_out = acc;
	return j;
}

/* url_prefix - does a URL start at s[i]: http://, https://, ftp://, www. */
static int url_prefix(const char *s, size_t i, size_t end)
{
	static const char *const pre[] = { "http://", "https://", "ftp://", "www." };
	size_t k, m, n;
	unsigned char c1;
	if (end - i < 5)
		return 0;
	c1 = lower_ascii((unsigned char)s[i + 1]);
	if (c1 != 't' && c1 != 'w')
		return 0;
	for (k = 0; k < sizeof(pre) / sizeof(pre[0]); k++) {
		n = strlen(pre[k]);
		if (end - i <= n)
			continue;
		for (m = 0; m < n; m++)
			if (lower_ascii((unsigned char)s[i + m]) != (unsigned char)pre[k][m])
				break;
		if (m == n && (class_at(s, i + n, end) & C_WORD))
			return 1;
	}
	return 0;
}

/* url_end - a URL runs to white space or <>"; trailing punctuation is
 * not part of it (nor a ')' that closes a bracket opened before it). */
static size_t url_end(const char *s, size_t i, size_t end)
{
	size_t j = i;
	int paren = 0;
	while (j < end) {
		unsigned char b = (unsigned char)s[j];
		if (is_ascii_space(b) || b == '"' || b == '<' || b == '>')
			break;
		if (b == '(')
			paren = 1;
		j++;
	}
	while (j > i + 1) {
		unsigned char b = (unsigned char)s[j - 1];
		if (b == '.' || b == ',' || b == ';' || b == ':' || b == '!' ||
		    b == '?' || b == '\'' || b == ']' || (b == ')' && !paren))
			j--;
		else
			break;
	}
	return j;
}

/*
 * markup_close - is s[i] ('<') the start of a company mark of the Reuters
 * archives: "<Nippon Lace Co Ltd>" (a name, bracketed because it has no
 * ticker) or "<MIMA.S>", "<ALFS ST>" (a ticker after the name)?  Returns
 * the index of the closing '>', or 0 when it is not one.  *ticker is set
 * when the content is a ticker: upper-case letters, digits and . & / -,
 * at most one space, at most 12 bytes, on one line, after a capitalized
 * word (not its comma), "plc", a bracket or another ticker, or anywhere
 * with an exchange suffix (".T", ".PA"); at the start of a block, after
 * "March 2 -", "of" or "In Tokyo,", "<IBM>" is the name itself.
 *
 * A name starts with an upper-case letter, digit or non-ASCII character,
 * holds letters, digits, spaces, line breaks (the archives are
 * hard-wrapped) and . , & ' - / ( ) + only, and ends with no space: so
 * "a < b", "<br>", "<a href=...>" and "<<" stay as they were.
 *
 * Markup is not text: the tokenizer gives a ticker no tokens and a name's
 * brackets none (the tagger, parser and entity recognizer, trained on
 * text without them, read "of <Nippon Lace Co Ltd> for" as a broken
 * phrase), while spans in the original still cover them.
 */
static size_t markup_close(const char *s, size_t bs, size_t i, size_t be, int *ticker)
{
	size_t j, lim = i + 82 < be ? i + 82 : be, spaces = 0;
	int lower = 0, letter = 0, tick_chars = 1;
	unsigned char b0;
	if (i + 2 >= be || s[i] != '<')
		return 0;
	b0 = (unsigned char)s[i + 1];
	if (!((b0 >= 'A' && b0 <= 'Z') || (b0 >= '0' && b0 <= '9') || b0 >= 0x80))
		return 0;
	for (j = i + 1; j < lim && s[j] != '>'; j++) {
		unsigned char b = (unsigned char)s[j];
		if (b >= 'a' && b <= 'z')
			lower = letter = 1;
		else if (b >= 'A' && b <= 'Z')
			letter = 1;
		else if (b == ' ')
			spaces++;
		else if (b == '\n')
			spaces += 2, tick_chars = 0; /* a wrapped name */
		else if (b >= 0x80)
			letter = 1, tick_chars = 0;
		else if (!(b >= '0' && b <= '9') && !(b && strchr(".&/-", b))) {
			if (!(b && strchr(",'()+", b)))
				return 0;
			tick_chars = 0;
		}
	}
	if (j == lim || s[j - 1] == ' ' || s[j - 1] == '\n')
		return 0;
	*ticker = 0;
	if (!lower && tick_chars && spaces <= 1 && j - i - 1 <= 12) {
		/* after ")", ">", "plc" or a capitalized word ("Corp",
		 * "Inc.", "Gloeilampenfabrieken"), not after "of", "and",
		 * "to" ("a venture of <SNECMA> of France") */
		size_t k = i, w;
		while (k > bs && (s[k - 1] == ' ' || s[k - 1] == '\n'))
			k--;
		for (w = k; w > bs && s[w - 1] != ' ' && s[w - 1] != '\n'; w--)
			;
		if (k > bs) {
			unsigned char p = (unsigned char)s[k - 1], c0 = (unsigned char)s[w];
			*ticker = p == ')' || p == '>' ||
				  (c0 >= 'A' && c0 <= 'Z' && p != ',') ||
				  (k - w == 3 && (s[w] | 0x20) == 'p' &&
				   (s[w + 1] | 0x20) == 'l' && (s[w + 2] | 0x20) == 'c');
		}
		/* an exchange suffix makes a ticker anywhere ("shares
		 * <URUT.T>", "group <MATR.PA>") */
		size_t d = j;
		while (d > i + 1 && s[d - 1] >= 'A' && s[d - 1] <= 'Z')
			d--;
		if (j - d >= 1 && j - d <= 3 && d > i + 2 && s[d - 1] == '.')
			*ticker = 1;
	}
	if (!*ticker && !letter)
		return 0;
	return j;
}

/* -------------------------------------------------------------- pass 1 */

/* prev_is_word - does the last token of this block end right at i and
 * carry a letter or digit (so a clitic there attaches to it)? */
static int prev_is_word(const tk_t *t, size_t first, size_t i)
{
	const sm_token_t *p;
	if (t->n == first)
		return 0;
	p = &t->toks[t->n - 1];
	return (size_t)p->norm + p->norm_len == i &&
	       (p->flags & (SM_TF_WORD | SM_TF_NUM));
}

/*
 * tok_block - pass 1 over norm[bs, be): append its tokens.  sq_open
 * remembers an opening single quote, so a later "boys'" is read as a
 * closing quote rather than a plural possessive.
 */
static int tok_block(tk_t *t, size_t bs, size_t be)
{
	const char *s = t->s;
	size_t i = bs, j, cl, first = t->n, mk_close = SIZE_MAX, mk_open = SIZE_MAX;
	int sq_open = 0, rc = SM_OK, ticker;

	while (i < be) {
		unsigned char b = (unsigned char)s[i];
		unsigned c = byte_class[b], cls = TC_NONE, extra = 0, acc = 0;

		cl = 1;
		if (c & C_HI)
			c = char_class(s, i, be, &cl);
		if (c & C_SP) {
			i += cl;
			continue;
		}
		if (c & C_WORD) {
			/* The rare apostrophe first: the initial is no test to
			 * branch on. */
			if (i + 2 < be && s[i + 1] == '\'' && (b == 'n' || b == 'N') &&
			    lower_ascii((unsigned char)s[i + 2]) == 't' &&
			    !(class_at(s, i + 3, be) & C_WORD) && prev_is_word(t, first, i)) {
				j = i + 3;
				extra = SM_TF_CLITIC;
				acc = ACC_UNKNOWN;
			} else if ((b == 'h' || b == 'H' || b == 'w' || b == 'W' ||
				    b == 'f' || b == 'F') && url_prefix(s, i, be)) {
				j = url_end(s, i, be);
				acc = ACC_UNKNOWN;
			} else {
				j = word_end(s, i, be, &cls, &acc);
			}
		} else if (c & C_FMT) {
			i += cl;   /* stray format character between tokens */
			continue;
		} else if (b >= 0x80) {
			/* A symbol (£, €, ©, U+FFFD) with its combining marks. */
			j = i + cl;
			while (j < be && (char_class(s, j, be, &cl) & C_MARK))
				j += cl;
			acc = ACC_UNKNOWN;
			cls = (c & C_OPEN) ? TC_OPEN : (c & C_CLOSE) ? TC_CLOSE : TC_NONE;
		} else {
			j = i + 1;
			switch (b) {
			case '.':
				while (j < be && s[j] == '.')
					j++;
				/* ". . ." as one ellipsis */
				if (j == i + 1 && j + 3 < be && s[j] == ' ' &&
				    s[j + 1] == '.' && s[j + 2] == ' ' && s[j + 3] == '.')
					j += 4;
				cls = j - i > 1 ? TC_ELLIPSIS : TC_PERIOD;
				break;
			case '!':
			case '?':
				cls = TC_EXCL;
				for (j = i; j < be && (s[j] == '!' || s[j] == '?'); j++)
					if (s[j] == '?')
						cls = TC_QUEST;
				break;
			case '-':
				while (j < be && s[j] == '-')
					j++;
				break;
			case '`':
				if (j < be && s[j] == '`') {
					j++;
					cls = TC_OQUOTE;
				} else {
					cls = TC_SQUOTE;
				}
				break;
			case '"':
				cls = TC_DQUOTE;
				break;
			case '<':
				/* company marks (markup_close): no tokens */
				if ((j = markup_close(s, bs, i, be, &ticker)) != 0) {
					if (ticker) {
						i = j + 1;
					} else {
						mk_close = j;
						mk_open = ++i;
					}
					continue;
				}
				j = i + 1;
				while (j < be && s[j] == '<')
					j++;
				break;
			case '>':
				if (i == mk_close) {
					i++;
					continue;
				}
				while (j < be && s[j] == '>')
					j++;
				break;
			case '(': case '[': case '{':
				cls = TC_OPEN;
				break;
			case ')': case ']': case '}':
				cls = TC_CLOSE;
				break;
			case ',': case ';': case ':':
				cls = TC_MID;
				break;
			case '@':
			case '#':
				/* @handle, #hashtag */
				if (class_at(s, j, be) & (b == '@' ? C_WORD : C_LET)) {
					while (j < be && (char_class(s, j, be, &cl) & C_WORD))
						j += cl;
					acc = ACC_UNKNOWN;
				}
				break;
			case '\'':
				if (j < be && s[j] == '\'') {
					j++;
					cls = TC_CQUOTE;
					sq_open = 0;
				} else if (prev_is_word(t, first, i)) {
					size_t k = clitic_len(s, i, be);
					if (k) {
						j = i + k;
						extra = SM_TF_CLITIC;
						acc = ACC_UNKNOWN;
					} else if (!(class_at(s, j, be) & C_WORD)) {
						/* "officials'": a possessive, unless it
						 * closes a quotation opened before. */
						const sm_token_t *p = &t->toks[t->n - 1];
						unsigned char last = (unsigned char)
							s[p->norm + p->norm_len - 1];
						if ((last == 's' || last == 'S') && !sq_open) {
							extra = SM_TF_CLITIC;
						} else {
							cls = TC_SQUOTE;
							sq_open = 0;
						}
					} else {
						cls = TC_SQUOTE;
					}
				} else {
					cls = TC_SQUOTE;
					if (class_at(s, j, be) & C_WORD)
						sq_open = 1;
				}
				break;
			default:
				/* "***", "====", "<<": a run of one symbol */
				while (j < be && s[j] == (char)b)
					j++;
				break;
			}
		}
		if ((rc = tk_push(t, i, j, cls, extra, acc)) != SM_OK)
			return rc;
		/* "of <Nippon": the space before the mark is before the name */
		if (i == mk_open && i >= bs + 2 && is_ascii_space((unsigned char)s[i - 2]))
			t->toks[t->n - 1].flags |= SM_TF_SPACE;
		i = j;
	}
	return rc;
}

/* -------------------------------------------------------------- pass 2 */

/*
 * markup_span - widen the span of sentence se (tokens [a, c) of block bl)
 * over company marks at its edges that have no tokens (markup_close): the
 * '<' of a name it starts with, the '>' of a name it ends with, and the
 * tickers after it ("LIFETIME <LFT>", "Association.<ICGS.L>").  So the
 * sentence's original text holds the marks whole, and every mark is in
 * a sentence.
 */
static void markup_span(const tk_t *t, const sm_block_t *bl, size_t a, size_t c,
			sm_sentence_t *se)
{
	const char *s = t->s;
	size_t bs = bl->norm_start, be = bl->norm_end;
	size_t na = t->toks[a].norm, ne = t->toks[c - 1].norm + t->toks[c - 1].norm_len;
	size_t wa = na, we = ne, k, j;
	int tick;
	if (na > bs && s[na - 1] == '<' && markup_close(s, bs, na - 1, be, &tick) && !tick)
		wa = na - 1;
	if (ne < be && s[ne] == '>' && (c == t->n || t->toks[c].norm != ne))
		we = ne + 1;
	/* the tickers right after it ("ROYAL DUTCH <RD> <SC>"): they have
	 * no tokens, so no other sentence covers them */
	for (;;) {
		for (k = we; k < be && is_ascii_space((unsigned char)s[k]); k++)
			;
		if (k == be || (j = markup_close(s, bs, k, be, &tick)) == 0 || !tick)
			break;
		we = j + 1;
	}
	if (wa != na || we != ne) {
		sm_token_t w;
		tok_span(t, wa, we, &w);
		se->start = w.start;
		se->end = w.end;
	}
}

/* tk_push_sent - append the sentence of tokens [a, c) of block bi; clears
 * the tokens' scratch classes and counts how much of it is quoted. */
static int tk_push_sent(tk_t *t, size_t bi, size_t a, size_t c, unsigned flags)
{
	const sm_block_t *bl = &t->doc->blocks[bi];
	size_t k, inside = 0;
	unsigned c0 = t->toks[a].rel;

	if (t->ns == t->scap) {
		int ok = 1;
		size_t ncap = t->scap + t->scap / 2 + 16;
		size_t old = sm_mul(t->scap, sizeof(sm_sentence_t), &ok);
		size_t nsz = sm_mul(ncap, sizeof(sm_sentence_t), &ok);
		if (!ok)
			return SM_ENOMEM;
		sm_sentence_t *p = sm_arena_grow(t->doc->arena, t->sents, old, nsz);
		if (!p)
			return SM_ENOMEM;
		t->sents = p;
		t->scap = ncap;
	}
	for (k = a; k < c; k++) {
		sm_token_t *tk = &t->toks[k];
		switch (tk->rel) {
		case TC_DQUOTE:
			inside++;
			t->inq = !t->inq;
			break;
		case TC_OQUOTE:
			inside++;
			t->inq = 1;
			break;
		case TC_CQUOTE:
			inside++;
			t->inq = 0;
			break;
		default:
			inside += (size_t)t->inq;
			break;
		}
		tk->rel = 0;
	}
	if (c0 == TC_DQUOTE || c0 == TC_OQUOTE || c0 == TC_SQUOTE ||
	    inside * 2 > c - a)
		flags |= SM_SF_QUOTE;
	if (!t->have_para || t->last_para != bl->para)
		flags |= SM_SF_PARA_FIRST;
	t->have_para = 1;
	t->last_para = bl->para;

	sm_sentence_t *se = &t->sents[t->ns++];
	memset(se, 0, sizeof(*se));
	se->start = t->toks[a].start;
	se->end = t->toks[c - 1].end;
	markup_span(t, bl, a, c, se);
	se->tok = (uint32_t)a;
	se->ntok = (uint32_t)(c - a);
	se->block = (uint32_t)bi;
	se->para = bl->para;
	se->kind = bl->kind;
	se->flags = (uint8_t)flags;
	return SM_OK;
}

/* tk_emit - the sentence [a, c), cut into SM_SENT_MAX_TOKENS pieces; all
 * but the last are flagged SM_SF_CUT, the last gets end_flags. */
static int tk_emit(tk_t *t, size_t bi, size_t a, size_t c, unsigned end_flags)
{
	int rc;
	while (c - a > SM_SENT_MAX_TOKENS) {
		if ((rc = tk_push_sent(t, bi, a, a + SM_SENT_MAX_TOKENS, SM_SF_CUT)) != SM_OK)
			return rc;
		a += SM_SENT_MAX_TOKENS;
	}
	return tk_push_sent(t, bi, a, c, end_flags);
}

/* is_stop - can a token of class cls end a sentence (ends_sentence decides)? */
static int is_stop(unsigned cls)
{
	return cls == TC_PERIOD || cls == TC_QUEST || cls == TC_EXCL ||
	       cls == TC_ELLIPSIS || cls == TC_NUMABBR || cls == TC_MONTH ||
	       cls == TC_ABBR || cls == TC_ETC || cls == TC_INITIAL;
}

/* is_closer - does tk close what the stop before it is in?  Quotes count
 * only when attached (no space before them). */
static int is_closer(const sm_token_t *tk)
{
	switch (tk->rel) {
	case TC_CLOSE:
	case TC_CQUOTE:
		return 1;
	case TC_DQUOTE:
	case TC_SQUOTE:
		return !(tk->flags & SM_TF_SPACE);
	default:
		return 0;
	}
}

/*
 * ends_sentence - does the stop token of class cls, followed by closers up
 * to token m, end a sentence in a block whose tokens end at b1?  Looks at
 * token m, and past an opening quote or bracket at the token after it.
 */
static int ends_sentence(const tk_t *t, unsigned cls, size_t m, size_t b1)
{
	const sm_token_t *tk = t->toks;
	unsigned ncls;
	size_t w = m, cl;
	int opener, cap, lower;

	if (m >= b1)
		return 1;
	ncls = tk[m].rel;
	if (ncls == TC_MID)
		return 0;
	opener = ncls == TC_OPEN || ncls == TC_OQUOTE || ncls == TC_DQUOTE ||
		 ncls == TC_SQUOTE;
	if (opener) {
		if (m + 1 >= b1)
			return cls == TC_PERIOD || cls == TC_QUEST || cls == TC_EXCL;
		w = m + 1;
	}
	cap = (tk[w].flags & SM_TF_CAP) != 0;
	lower = (char_class(t->s, tk[w].norm, (size_t)tk[w].norm + tk[w].norm_len,
			    &cl) & C_LO) != 0;
	switch (cls) {
	case TC_PERIOD:
	case TC_QUEST:
	case TC_EXCL:
		return !lower;
	case TC_ELLIPSIS:
	case TC_ETC:
		return cap;
	case TC_INITIAL:
		/* "J. R. R. Tolkien", but "World War I. The ..." */
		if (opener)
			return ncls != TC_OPEN && cap;
		return cap && tk[w].rel != TC_INITIAL &&
		       is_starter(t->s + tk[w].norm, tk[w].norm_len);
	case TC_NUMABBR:
		return 0;
	case TC_MONTH:
		if (tk[m].flags & SM_TF_NUM)
			return 0;
		/* fall through */
	case TC_ABBR:
		if (!cap)
			return 0;
		if (opener)
			return ncls != TC_OPEN;
		return is_starter(t->s + tk[w].norm, tk[w].norm_len);
	default:
		return 0;
	}
}

/* ends_question - does the token range [a, c) end with '?' before at most
 * a few closing quotes or brackets? */
static int ends_question(const tk_t *t, size_t a, size_t c)
{
	size_t e = c;
	while (e > a + 1 && c - e < 4 &&
	       (t->toks[e - 1].rel == TC_CQUOTE || t->toks[e - 1].rel == TC_DQUOTE ||
		t->toks[e - 1].rel == TC_SQUOTE || t->toks[e - 1].rel == TC_CLOSE))
		e--;
	return t->toks[e - 1].rel == TC_QUEST;
}

/*
 * after_stop - the first token from m on (m after a stop) that is not part
 * of the ending: closing quotes and brackets, stray stops as in "?." or
 * "!!!", and a citation mark "[17]".
 */
static size_t after_stop(const tk_t *t, size_t m, size_t b1)
{
	const sm_token_t *tk = t->toks;
	while (m < b1) {
		unsigned c = tk[m].rel;
		if (is_closer(&tk[m]) || c == TC_PERIOD || c == TC_QUEST ||
		    c == TC_EXCL || c == TC_ELLIPSIS) {
			m++;
		} else if (c == TC_OPEN && m + 2 < b1 && t->s[tk[m].norm] == '[' &&
			   (tk[m + 1].flags & SM_TF_NUM) && tk[m + 2].rel == TC_CLOSE) {
			m += 3;
		} else {
			break;
		}
	}
	return m;
}

/*
 * split_block - pass 2 for block bi, whose tokens pass 1 left in
 * [sent, sent + nsent): body blocks are split at sentence ends, any other
 * block is one sentence.  Then sent/nsent get their real meaning.
 */
static int split_block(tk_t *t, size_t bi)
{
	sm_block_t *bl = &t->doc->blocks[bi];
	size_t b0 = bl->sent, b1 = b0 + bl->nsent, first = t->ns, s0 = b0, k, m;
	int rc = SM_OK;

	t->inq = 0;
	if (bl->kind == SM_BLOCK_BODY) {
		int words = 0;   /* a word or number since s0 */
		for (k = b0; k < b1; k++) {
			unsigned cls = t->toks[k].rel;
			words |= (t->toks[k].flags & (SM_TF_WORD | SM_TF_NUM)) != 0;
			if (!is_stop(cls) || !words)
				continue;
			/* "1. The first point": a list number, not a sentence */
			if (cls == TC_PERIOD && k == s0 + 1 &&
			    (t->toks[s0].flags & SM_TF_NUM) && t->toks[s0].norm_len <= 3)
				continue;
			m = after_stop(t, k + 1, b1);
			if (!ends_sentence(t, cls, m, b1)) {
				/* The stops absorbed up to m lead to the same m: decide
				 * once more with the last of them, then skip them all
				 * (linear even for a million stops in a row). */
				size_t q = m;
				while (q > k + 1 && !is_stop(t->toks[q - 1].rel))
					q--;
				if (q == k + 1 ||
				    !ends_sentence(t, t->toks[q - 1].rel, m, b1)) {
					k = m - 1;
					continue;
				}
				cls = t->toks[q - 1].rel;
			}
			words = 0;
			rc = tk_emit(t, bi, s0, m, cls == TC_QUEST ? SM_SF_QUESTION : 0);
			if (rc != SM_OK)
				return rc;
			s0 = m;
			k = m - 1;
		}
	}
	if (s0 < b1 && (rc = tk_emit(t, bi, s0, b1,
				     ends_question(t, s0, b1) ? SM_SF_QUESTION : 0)) != SM_OK)
		return rc;
	bl->sent = (uint32_t)first;
	bl->nsent = (uint32_t)(t->ns - first);
	return SM_OK;
}

/* ------------------------------------------------------------ public API */

/* tk_init - common checks and the context for doc. */
static int tk_init(tk_t *t, sm_doc_t *doc, sm_lexicon_t *lex)
{
	memset(t, 0, sizeof(*t));
	if (!doc || !lex || !doc->arena || (!doc->norm && doc->norm_len))
		return SM_EINVAL;
	if (doc->norm_len > UINT32_MAX - 1)
		return SM_ETOOBIG;
	t->doc = doc;
	t->lex = lex;
	t->s = doc->norm;
	if (doc->norm_map && doc->encoding != SM_ENC_UTF16LE &&
	    doc->encoding != SM_ENC_UTF16BE) {
		t->map = doc->norm_map;
		t->orig = (const unsigned char *)doc->orig;
	}
	return SM_OK;
}

/* tk_commit - publish the arrays in doc, or clear them after an error. */
static void tk_commit(tk_t *t, int rc)
{
	sm_doc_t *doc = t->doc;
	if (rc == SM_OK) {
		doc->toks = t->toks;
		doc->n_toks = t->n;
		doc->sents = t->sents;
		doc->n_sents = t->ns;
		doc->stages_done |= SM_STAGE_TOKENIZE;
		return;
	}
	doc->toks = NULL;
	doc->n_toks = 0;
	doc->sents = NULL;
	doc->n_sents = 0;
	for (size_t i = 0; i < doc->n_blocks; i++)
		doc->blocks[i].sent = doc->blocks[i].nsent = 0;
}

/*
 * sm_tokenize_run - see tokenize.h.  Pass 1 tokenizes every block (token
 * ranges parked in the blocks' sent/nsent), pass 2 splits sentences.  On
 * error doc has no tokens or sentences and the blocks none either.
 */
int sm_tokenize_run(sm_doc_t *doc, sm_lexicon_t *lex)
{
	tk_t t;
	size_t i;
	int rc = tk_init(&t, doc, lex);
	if (rc != SM_OK)
		return rc;
	if (!(doc->stages_done & SM_STAGE_SEGMENT) || (!doc->blocks && doc->n_blocks))
		return SM_EINVAL;
	for (i = 0; i < doc->n_blocks; i++) {
		const sm_block_t *bl = &doc->blocks[i];
		if (bl->norm_start > bl->norm_end || bl->norm_end > doc->norm_len)
			return SM_EINVAL;
	}

	/* About one token per six bytes of news text. */
	rc = tk_reserve_toks(&t, doc->norm_len / 6 + 16);
	for (i = 0; rc == SM_OK && i < doc->n_blocks; i++) {
		sm_block_t *bl = &doc->blocks[i];
		size_t first = t.n;
		rc = tok_block(&t, bl->norm_start, bl->norm_end);
		bl->sent = (uint32_t)first;
		bl->nsent = (uint32_t)(t.n - first);
	}
	if (rc == SM_OK)
		rc = tk_flush(&t);
	/* About one sentence per 22 tokens; the array grows when needed. */
	if (rc == SM_OK && t.n) {
		t.sents = sm_arena_alloc(doc->arena, (t.n / 16 + 16) * sizeof(sm_sentence_t));
		t.scap = t.sents ? t.n / 16 + 16 : 0;
	}
	for (i = 0; rc == SM_OK && i < doc->n_blocks; i++)
		rc = split_block(&t, i);
	tk_commit(&t, rc);
	return rc;
}

/* pretok_class - the boundary class of a pre-tokenized token (quotes and
 * final punctuation only: the line is the sentence). */
static unsigned pretok_class(const char *p, size_t len)
{
	if (len == 1) {
		switch (p[0]) {
		case '"': return TC_DQUOTE;
		case '?': return TC_QUEST;
		case '(': case '[': case '{': return TC_OPEN;
		case ')': case ']': case '}': return TC_CLOSE;
		default: return TC_NONE;
		}
	}
	if (len == 2 && p[0] == '`' && p[1] == '`')
		return TC_OQUOTE;
	if (len == 2 && p[0] == '\'' && p[1] == '\'')
		return TC_CQUOTE;
	if (len == 5 && p[0] == '-' && p[4] == '-' && p[2] == 'R' && p[3] == 'B')
		return p[1] == 'L' ? TC_OPEN : TC_CLOSE;   /* -LRB- -RRB- */
	return TC_NONE;
}

/* pretok_clitic - is (p, len) a PTB clitic: 's n't 're 've 'll 'm 'd? */
static int pretok_clitic(const char *p, size_t len)
{
	char b[3];
	size_t k;
	if (len < 2 || len > 3)
		return 0;
	for (k = 0; k < len; k++)
		b[k] = (char)lower_ascii((unsigned char)p[k]);
	if (len == 2)
		return b[0] == '\'' && (b[1] == 's' || b[1] == 'm' || b[1] == 'd');
	return (b[0] == 'n' && b[1] == '\'' && b[2] == 't') ||
	       (b[0] == '\'' && ((b[1] == 'r' && b[2] == 'e') ||
				 (b[1] == 'v' && b[2] == 'e') ||
				 (b[1] == 'l' && b[2] == 'l')));
}

/* pretok_bracket - is (p, len) a PTB bracket escape (-LRB-, -RCB- ...)? */
static int pretok_bracket(const char *p, size_t len)
{
	return len == 5 && p[0] == '-' && p[4] == '-' &&
	       (p[1] == 'L' || p[1] == 'R') &&
	       (p[2] == 'R' || p[2] == 'C' || p[2] == 'S') && p[3] == 'B';
}

/*
 * sm_tokenize_pretokenized - see tokenize.h.  Lines that hold only white
 * space make no block.  Tokens are the fields between runs of spaces or
 * tabs, taken exactly; bracket escapes (-LRB-) are flagged punctuation.
 */
int sm_tokenize_pretokenized(sm_doc_t *doc, sm_lexicon_t *lex)
{
	tk_t t;
	const char *s;
	size_t i, nb = 0, nlines = 0;
	sm_block_t *blocks = NULL;
	int rc = tk_init(&t, doc, lex);
	if (rc != SM_OK)
		return rc;
	if (!(doc->stages_done & SM_STAGE_NORMALIZE))
		return SM_EINVAL;
	s = doc->norm;

	/* Count the lines with a token, for an exact block array. */
	for (i = 0; i < doc->norm_len;) {
		int any = 0;
		for (; i < doc->norm_len && s[i] != '\n'; i++)
			any |= !is_ascii_space((unsigned char)s[i]);
		nlines += (size_t)any;
		i++;
	}
	doc->blocks = NULL;
	doc->n_blocks = 0;
	if (nlines) {
		blocks = sm_arena_calloc(doc->arena, nlines, sizeof(sm_block_t));
		if (!blocks)
			return SM_ENOMEM;
	}
	for (i = 0; rc == SM_OK && i < doc->norm_len;) {
		size_t ls = i, le, first = t.n;
		while (i < doc->norm_len && s[i] != '\n')
			i++;
		le = i++;
		for (size_t a = ls; rc == SM_OK && a < le;) {
			size_t b;
			if (is_ascii_space((unsigned char)s[a])) {
				a++;
				continue;
			}
			for (b = a; b < le && !is_ascii_space((unsigned char)s[b]); b++)
				;
			unsigned extra = pretok_clitic(s + a, b - a) ? SM_TF_CLITIC : 0;
			rc = tk_push(&t, a, b, pretok_class(s + a, b - a), extra,
				     ACC_UNKNOWN);
			if (rc == SM_OK && pretok_bracket(s + a, b - a)) {
				sm_token_t *tk = &t.toks[t.n - 1];
				tk->flags = (uint16_t)((tk->flags & SM_TF_SPACE) | SM_TF_PUNCT);
			}
			a = b;
		}
		if (rc != SM_OK || t.n == first || nb >= nlines)
			continue;
		sm_block_t *bl = &blocks[nb++];
		bl->norm_start = (uint32_t)ls;
		bl->norm_end = (uint32_t)le;
		bl->para = (uint32_t)(nb - 1);
		bl->kind = SM_BLOCK_BODY;
		bl->sent = (uint32_t)first;
		bl->nsent = (uint32_t)(t.n - first);
	}
	if (rc == SM_OK)
		rc = tk_flush(&t);
	if (rc == SM_OK) {
		doc->blocks = blocks;
		doc->n_blocks = nb;
		doc->n_paras = nb;
		doc->title_block = -1;
		doc->title = NULL;
	}
	for (i = 0; rc == SM_OK && i < nb; i++) {
		sm_block_t *bl = &blocks[i];
		size_t b0 = bl->sent, b1 = b0 + bl->nsent, first = t.ns;
		t.inq = 0;
		rc = tk_emit(&t, i, b0, b1,
			     ends_question(&t, b0, b1) ? SM_SF_QUESTION : 0);
		bl->sent = (uint32_t)first;
		bl->nsent = (uint32_t)(t.ns - first);
	}
	if (rc == SM_OK)
		doc->stages_done |= SM_STAGE_SEGMENT;
	tk_commit(&t, rc);
	return rc;
}
