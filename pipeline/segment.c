/*
 * segment.c - stage 3: paragraphs, headings, metadata and boilerplate
 * (see segment.h for the rules and their reasons).
 *
 * Works on line and paragraph boundaries only; everything inside a body
 * paragraph is left to the tokenizer.  Patterns are matched only against
 * short paragraphs (boilerplate is short), so the cost per document stays
 * proportional to its length.
 */
#include "segment.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PAT_BOILERPLATE, PAT_META, PAT_PREFIX, PAT_LABEL };

typedef struct {
	int kind;
	char *glob;
	char first;     /* lower-case literal the text must start with, or 0 */
	size_t minlen;  /* shortest text the glob can match */
} pattern_t;

/* Buckets of whole-paragraph patterns: per kind (PAT_BOILERPLATE,
 * PAT_META), one for patterns that start with a wildcard and one per
 * lower-cased first byte. */
#define SEG_KIND_BUCKETS 257
#define SEG_NBUCKETS (2 * SEG_KIND_BUCKETS)

struct sm_segment_model {
	pattern_t *pats;
	size_t n;
	/* For match_kind: the boilerplate and meta patterns in buckets, each
	 * in file order (see pat_bucket); bucket b is cand[off[b] ..
	 * off[b + 1]). */
	uint16_t *cand;
	size_t off[SEG_NBUCKETS + 1];
	uint8_t label_first[32]; /* lower-cased first bytes of PAT_LABEL
				    patterns (bit set); all when one starts
				    with a wildcard; none without labels */
};

/* Longest paragraph tested against whole-paragraph patterns. */
#define SEG_PATTERN_MAX 300
/* Bytes of a body paragraph's start tested against label patterns. */
#define SEG_LABEL_MAX 40
/* Headings: at most this many words and bytes. */
#define SEG_HEADING_WORDS 15
#define SEG_HEADING_BYTES 120

/* ------------------------------------------------------------------ glob */

static inline char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

/* One pattern character against one text character. */
static inline int glob_char(const char **g, char t)
{
	char c = **g;
	if (c == '\\' && (*g)[1]) {
		(*g)++;
		c = **g;
		return lower(c) == lower(t);
	}
	if (c == '?')
		return 1;
	if (c == '#')
		return t >= '0' && t <= '9';
	if (c == '@')
		return (t >= 'a' && t <= 'z') || (t >= 'A' && t <= 'Z') || (unsigned char)t >= 0x80;
	return lower(c) == lower(t);
}

/* Whole match of glob against text[0, len). */
static int glob_match(const char *g, const char *t, size_t len)
{
	const char *star_g = NULL;
	size_t star_t = 0, i = 0;
	while (i < len) {
		if (*g == '*') {
			star_g = ++g;
			star_t = i;
			continue;
		}
		const char *gg = g;
		if (*g && glob_char(&gg, t[i])) {
			g = gg + 1;
			i++;
			continue;
		}
		if (!star_g)
			return 0;
		g = star_g;
		i = ++star_t;
	}
	while (*g == '*')
		g++;
	return *g == '\0';
}

/* Does glob have a '*' (not escaped)?  *minlen = the text bytes any
 * match needs: one per pattern character, an escaped one included. */
static int glob_shape(const char *g, size_t *minlen)
{
	int star = 0;
	*minlen = 0;
	for (; *g; g++) {
		if (*g == '*') {
			star = 1;
			continue;
		}
		if (*g == '\\' && g[1])
			g++;
		(*minlen)++;
	}
	return star;
}

/* sm_segment_glob - see segment.h.  A prefix match tries only the lengths
 * a match can have: from the glob's minimum length, and only that one
 * when the glob has no '*'. */
size_t sm_segment_glob(const char *glob, const char *text, size_t len, int prefix)
{
	if (!glob || (!text && len))
		return 0;
	if (!prefix)
		return glob_match(glob, text, len) ? 1 : 0;
	size_t lim = len < SEG_PATTERN_MAX ? len : SEG_PATTERN_MAX, minlen;
	if (!glob_shape(glob, &minlen) && minlen < lim)
		lim = minlen;
	for (size_t e = minlen ? minlen : 1; e <= lim; e++)
		if (glob_match(glob, text, e))
			return e + 1;
	return 0;
}

/* ----------------------------------------------------------------- model */

/* seg_bucket - the bucket of kind (PAT_BOILERPLATE 0 or PAT_META 1) for a
 * first byte c (lower-cased), or for a wildcard first (c < 0). */
static size_t seg_bucket(int kind, int c)
{
	return (size_t)kind * SEG_KIND_BUCKETS + (c < 0 ? 0 : 1 + (size_t)c);
}

/* pat_bucket - pattern pt's bucket. */
static size_t pat_bucket(const pattern_t *pt)
{
	return seg_bucket(pt->kind, pt->first ? (unsigned char)pt->first : -1);
}

void sm_segment_model_free(sm_segment_model_t *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++)
		free(m->pats[i].glob);
	free(m->pats);
	free(m->cand);
	free(m);
}

/*
 * index_patterns - fill m->cand and m->off (a counting sort of the
 * whole-paragraph patterns by kind and first character), so a paragraph
 * meets the wildcard patterns and those of its first letter instead of
 * the whole list (match_kind runs up to three times per short
 * paragraph).  Linear in the patterns.  SM_ENOMEM; SM_EMODEL past 65,535
 * patterns.
 */
static int index_patterns(sm_segment_model_t *m)
{
	size_t pos[SEG_NBUCKETS], k = 0;
	if (m->n > UINT16_MAX)
		return SM_EMODEL;
	m->cand = malloc((m->n ? m->n : 1) * sizeof(*m->cand));
	if (!m->cand)
		return SM_ENOMEM;
	memset(pos, 0, sizeof(pos));
	for (size_t i = 0; i < m->n; i++)
		if (m->pats[i].kind == PAT_BOILERPLATE || m->pats[i].kind == PAT_META)
			pos[pat_bucket(&m->pats[i])]++;
	for (size_t b = 0; b < SEG_NBUCKETS; b++) {
		size_t count = pos[b];
		m->off[b] = pos[b] = k;
		k += count;
	}
	m->off[SEG_NBUCKETS] = k;
	for (size_t i = 0; i < m->n; i++)
		if (m->pats[i].kind == PAT_BOILERPLATE || m->pats[i].kind == PAT_META)
			m->cand[pos[pat_bucket(&m->pats[i])]++] = (uint16_t)i;
	return SM_OK;
}

int sm_segment_model_load(const char *path, sm_segment_model_t **out)
{
	int rc = SM_EINVAL;
	FILE *f = NULL;
	sm_segment_model_t *m = NULL;
	char line[1024];
	size_t cap = 0;
	if (!path || !out)
		goto done;
	f = fopen(path, "r");
	if (!f) {
		rc = errno == ENOENT ? SM_EMODEL : SM_EIO;
		goto done;
	}
	rc = SM_ENOMEM;
	m = calloc(1, sizeof(*m));
	if (!m)
		goto done;
	while (fgets(line, sizeof line, f)) {
		size_t len = strlen(line);
		if (len == sizeof line - 1 && line[len - 1] != '\n') {
			rc = SM_EMODEL; /* absurdly long line */
			goto done;
		}
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		char *tab = strchr(line, '\t');
		if (!tab || !tab[1]) {
			rc = SM_EMODEL;
			goto done;
		}
		*tab = '\0';
		int kind;
		if (strcmp(line, "boilerplate") == 0)
			kind = PAT_BOILERPLATE;
		else if (strcmp(line, "meta") == 0)
			kind = PAT_META;
		else if (strcmp(line, "prefix") == 0)
			kind = PAT_PREFIX;
		else if (strcmp(line, "label") == 0)
			kind = PAT_LABEL;
		else {
			rc = SM_EMODEL;
			goto done;
		}
		if (m->n == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			pattern_t *p = realloc(m->pats, ncap * sizeof(*p));
			if (!p) {
				rc = SM_ENOMEM;
				goto done;
			}
			m->pats = p;
			cap = ncap;
		}
		char *g = strdup(tab + 1);
		if (!g) {
			rc = SM_ENOMEM;
			goto done;
		}
		/* Precompute a cheap filter: most paragraphs fail on the first
		 * character or on length, without running the matcher. */
		pattern_t *pt = &m->pats[m->n++];
		pt->kind = kind;
		if (kind == PAT_LABEL) {
			char f0 = lower(g[0]);
			if (!g[0] || strchr("*?#@\\", g[0]))
				memset(m->label_first, 0xff, sizeof m->label_first);
			else
				m->label_first[(unsigned char)f0 >> 3] |=
					(uint8_t)(1u << ((unsigned char)f0 & 7));
		}
		pt->glob = g;
		pt->first = (g[0] && !strchr("*?#@\\", g[0])) ? lower(g[0]) : 0;
		(void)glob_shape(g, &pt->minlen);
	}
	if (ferror(f)) {
		rc = SM_EIO;
		goto done;
	}
	if ((rc = index_patterns(m)) != SM_OK)
		goto done;
	*out = m;
	m = NULL;
	rc = SM_OK;
done:
	if (f)
		fclose(f);
	sm_segment_model_free(m);
	return rc;
}

/* ------------------------------------------------------------ paragraphs */

typedef struct {
	uint32_t start, end; /* norm range, no line end */
} range_t;

static int is_blank_range(const char *t, uint32_t s, uint32_t e)
{
	for (uint32_t i = s; i < e; i++)
		if (t[i] != ' ')
			return 0;
	return 1;
}

/*
 * Is the text hard wrapped?  Most non-final lines of multi-line paragraphs
 * are 40-90 bytes long and end without sentence punctuation.
 */
static int is_hard_wrapped(const char *t, size_t len)
{
	size_t lines = 0, wrapped = 0, s = 0;
	for (size_t i = 0; i <= len; i++) {
		/* jump to the line end (memchr is vectorized) */
		const char *nl = i < len ? memchr(t + i, '\n', len - i) : NULL;
		i = nl ? (size_t)(nl - t) : len;
		size_t l = i - s;
		/* Only lines followed by a non-blank line can be wrapped. */
		if (l > 0 && i < len && i + 1 < len && t[i + 1] != '\n') {
			lines++;
			char last = t[i - 1];
			if (l >= 40 && l <= 90 && last != '.' && last != '!' && last != '?' &&
			    last != '"' && last != ':')
				wrapped++;
		}
		s = i + 1;
		if (lines >= 200)
			break;
	}
	return lines >= 3 && wrapped * 2 >= lines;
}

/* Split norm into paragraphs (growing *out in the arena). */
static int split_paragraphs(sm_doc_t *doc, range_t **out, size_t *n)
{
	const char *t = doc->norm;
	size_t len = doc->norm_len, cap = 0;
	range_t *v = NULL;
	int wrapped = is_hard_wrapped(t, len);
	uint32_t ps = 0;
	int have = 0;
	*n = 0;
	size_t next_ls = 0;
	for (size_t i = 0; i <= len; i++) {
		const char *nl = i < len ? memchr(t + i, '\n', len - i) : NULL;
		i = nl ? (size_t)(nl - t) : len;
		/* line [ls, i) ends here */
		size_t ls = next_ls;
		next_ls = i + 1;
		int blank = is_blank_range(t, (uint32_t)ls, (uint32_t)i);
		int indented = ls < i && t[ls] == ' ';
		/* Does this line start a new paragraph?  In unwrapped text every
		 * line does, unless it visibly continues the previous one: that
		 * line ended without punctuation and this one starts lower case. */
		char first = ls < i ? t[ls] : '\0';
		int continues = have && !blank && first >= 'a' && first <= 'z' && ls >= 2 &&
				!strchr(".!?:;\"')", t[ls - 2]);
		int brk = (!wrapped && !continues) || blank || indented;
		if (have && brk) {
			if (*n == cap) {
				size_t ncap = cap ? cap * 2 : 64;
				range_t *nv = sm_arena_grow(doc->arena, v, cap * sizeof(*v), ncap * sizeof(*v));
				if (!nv)
					return SM_ENOMEM;
				v = nv;
				cap = ncap;
			}
			v[*n].start = ps;
			v[*n].end = (uint32_t)(ls > 0 ? ls - 1 : 0);
			(*n)++;
			have = 0;
		}
		if (!blank && !have) {
			ps = (uint32_t)ls;
			have = 1;
		}
		if (i == len && have) {
			if (*n == cap) {
				size_t ncap = cap ? cap * 2 : 64;
				range_t *nv = sm_arena_grow(doc->arena, v, cap * sizeof(*v), ncap * sizeof(*v));
				if (!nv)
					return SM_ENOMEM;
				v = nv;
				cap = ncap;
			}
			v[*n].start = ps;
			v[*n].end = (uint32_t)i;
			(*n)++;
		}
	}
	*out = v;
	return SM_OK;
}

/* ---------------------------------------------------------------- blocks */

typedef struct {
	sm_doc_t *doc;
	size_t cap;
} blocks_t;

static int push_block(blocks_t *b, uint32_t s, uint32_t e, uint32_t para, int kind)
{
	sm_doc_t *doc = b->doc;
	const char *t = doc->norm;
	while (s < e && (t[s] == ' ' || t[s] == '\n'))
		s++;
	while (e > s && (t[e - 1] == ' ' || t[e - 1] == '\n'))
		e--;
	if (s == e)
		return SM_OK;
	if (doc->n_blocks == b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 64;
		sm_block_t *nv = sm_arena_grow(doc->arena, doc->blocks, b->cap * sizeof(sm_block_t),
					       ncap * sizeof(sm_block_t));
		if (!nv)
			return SM_ENOMEM;
		doc->blocks = nv;
		b->cap = ncap;
	}
	sm_block_t *blk = &doc->blocks[doc->n_blocks++];
	memset(blk, 0, sizeof(*blk));
	blk->norm_start = s;
	blk->norm_end = e;
	blk->para = para;
	blk->kind = (uint8_t)kind;
	return SM_OK;
}

/* Copy [s, e) with line ends as spaces, at most cap - 1 bytes; length.
 * One memcpy, then memchr finds the line ends to blank, unless the
 * caller knows there are none (single_line). */
static size_t flat_copy(const char *t, uint32_t s, uint32_t e, int single_line, char *buf, size_t cap)
{
	while (s < e && t[s] == ' ')
		s++;
	size_t n = e - s < cap - 1 ? e - s : cap - 1;
	memcpy(buf, t + s, n);
	for (char *nl = single_line ? NULL : memchr(buf, '\n', n); nl;
	     nl = memchr(nl + 1, '\n', n - (size_t)(nl + 1 - buf)))
		*nl = ' ';
	while (n && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
	return n;
}

/*
 * Is the flat paragraph (p, n) shaped like a heading?  Trailing U+FFFD
 * (what ingest makes of NUL bytes and invalid UTF-8) are not looked at:
 * "... Merkel.\0\0" from a scraper ends with its period, and a body
 * paragraph must not turn into a heading, out of the summary, because of
 * the junk after it.
 */
static int heading_like(const char *p, size_t n, int allow_question)
{
	for (;;) {
		if (n >= 3 && memcmp(p + n - 3, "\xef\xbf\xbd", 3) == 0)
			n -= 3;
		else if (n && p[n - 1] == ' ')
			n--;
		else
			break;
	}
	if (n == 0 || n > SEG_HEADING_BYTES)
		return 0;
	unsigned char first = (unsigned char)p[0];
	if (first >= 'a' && first <= 'z')
		return 0;
	size_t words = 1, letters = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == ' ')
			words++;
		if ((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z'))
			letters++;
	}
	if (words > SEG_HEADING_WORDS || letters < 2)
		return 0;
	char last = p[n - 1];
	if (last == '?')
		return allow_question && words <= 14;
	return !(last == '.' || last == '!' || last == ',' || last == ';' || last == ':' ||
		 last == '"' || last == '\'' || last == ')');
}

/* Pattern of kind matching the whole flat paragraph?  The wildcard
 * bucket, then the bucket of the first letter (see index_patterns). */
static int match_kind(const sm_segment_model_t *m, int kind, const char *p, size_t n)
{
	if (!m || n == 0 || (kind != PAT_BOILERPLATE && kind != PAT_META))
		return 0;
	for (int pass = 0; pass < 2; pass++) {
		size_t b = seg_bucket(kind, pass ? (unsigned char)lower(p[0]) : -1);
		for (size_t j = m->off[b]; j < m->off[b + 1]; j++) {
			const pattern_t *pt = &m->pats[m->cand[j]];
			if (n >= pt->minlen && sm_segment_glob(pt->glob, p, n, 0))
				return 1;
		}
	}
	return 0;
}

/* Length of a matching prefix of (p, n) of kind (PAT_PREFIX, PAT_LABEL),
 * or 0. */
static size_t match_prefix(const sm_segment_model_t *m, int kind, const char *p,
			   size_t n)
{
	if (!m || n == 0)
		return 0;
	char c0 = lower(p[0]);
	for (size_t i = 0; i < m->n; i++) {
		const pattern_t *pt = &m->pats[i];
		/* the same cheap filters as match_kind: a prefix match tries
		 * every length up to SEG_PATTERN_MAX, so skipping is worth it */
		if (pt->kind != kind || n < pt->minlen || (pt->first && pt->first != c0))
			continue;
		size_t r = sm_segment_glob(pt->glob, p, n, 1);
		if (r)
			return r - 1;
	}
	return 0;
}

static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static int is_alpha(char c) { return is_upper(c) || (c >= 'a' && c <= 'z'); }

/* Are the letters p[b, e) a month or its abbreviation, in any case? */
static int is_month(const char *p, size_t b, size_t e)
{
	static const char *const mon[] = {
		"jan", "january", "feb", "february", "mar", "march", "apr", "april",
		"may", "jun", "june", "jul", "july", "aug", "august", "sep", "sept",
		"september", "oct", "october", "nov", "november", "dec", "december",
	};
	for (size_t k = 0; k < sizeof mon / sizeof mon[0]; k++) {
		size_t ml = strlen(mon[k]), q = 0;
		while (q < ml && b + q < e && lower(p[b + q]) == mon[k][q])
			q++;
		if (q == ml && b + q == e)
			return 1;
	}
	return 0;
}

/* Does (p, n) end in a month and a day ("Feb 26", "March 3", "Sept. 4"),
 * trailing spaces aside? */
static int ends_month_day(const char *p, size_t n)
{
	while (n && p[n - 1] == ' ')
		n--;
	size_t d = 0;
	while (d < n && d < 3 && p[n - 1 - d] >= '0' && p[n - 1 - d] <= '9')
		d++;
	if (d == 0 || d > 2 || n < d + 4 || p[n - 1 - d] != ' ')
		return 0;
	size_t e = n - 1 - d; /* just past the month word */
	if (p[e - 1] == '.')
		e--;
	size_t b = e;
	while (b > 0 && is_alpha(p[b - 1]))
		b--;
	if (e - b < 3 || e - b > 9 || (b > 0 && p[b - 1] != ' ' && p[b - 1] != ','))
		return 0;
	return is_month(p, b, e);
}

/*
 * Length of a wire-service dateline at the start of (p, n), or 0: a
 * place in capitals, optionally a state and date, optionally the agency,
 * then a dash: "MOSCOW (Reuters) - ", "NEW YORK, March 3 (Reuters) - ",
 * "SALVADOR, Feb 26 - ", "ROCHESTER, N.Y., Feb 26 - ", "WASHINGTON (AP)
 * -- ".  A place in capitalized words ("Toronto", "Winnipeg, Manitoba")
 * needs the date, as plain sentences start that way too.
 */
static size_t dateline_len(const char *p, size_t n)
{
	size_t i = 0, upper = 0, words = 0;
	int caps = 1; /* every letter of the place upper case */
	if (n > 80)
		n = 80;
	/* Place: words that start with a capital. */
	while (i < n && (is_alpha(p[i]) || p[i] == ' ' || p[i] == '.' || p[i] == '-' ||
			 p[i] == '\'' || p[i] == '/')) {
		if (p[i] == ' ' && i + 1 < n && p[i + 1] == '-')
			break;
		if (is_alpha(p[i]) && (i == 0 || p[i - 1] == ' ')) {
			if (!is_upper(p[i]))
				return 0;
			words++;
		}
		if (is_upper(p[i]))
			upper++;
		else if (is_alpha(p[i]))
			caps = 0;
		i++;
	}
	if (i < 3 || words == 0)
		return 0;
	if (caps) {
		/* The first word must be all caps (not "A" or "I" starting a
		 * sentence). */
		size_t w = 0;
		while (w < i && is_upper(p[w]))
			w++;
		if (upper < 3 || w < 2)
			return 0;
	} else if (words > 4 || i >= n || p[i] != ',') {
		return 0;
	}
	/* Optional ", State, Month Day": words that start with a capital or
	 * a digit, with periods, commas and spaces, up to the agency or the
	 * dash ("SPRINGFIELD, N.J., March 11 - ", "DEARBORN, MICH., March 2
	 * - "; not "NATO, which met on Friday, said - ") */
	if (i < n && p[i] == ',') {
		size_t j = i + 1;
		while (j < n && j - i < 40 && p[j] != '(' && !(p[j] == '-' && p[j - 1] == ' ')) {
			char c = p[j];
			if (!(is_alpha(c) || (c >= '0' && c <= '9') || c == ' ' || c == '.' ||
			      c == ','))
				return 0;
			if (is_alpha(c) && !is_upper(c) && (p[j - 1] == ' ' || p[j - 1] == ',')) {
				/* a word in lower case: a sentence, unless a
				 * month ("Caracas, feb 26 - " in lower-cased
				 * copy) */
				size_t we = j;
				while (we < n && is_alpha(p[we]))
					we++;
				if (!is_month(p, j, we))
					return 0;
			}
			j++;
		}
		if (!caps && !ends_month_day(p + i + 1, j - i - 1))
			return 0;
		i = j;
	}
	while (i < n && p[i] == ' ')
		i++;
	/* Optional "(Agency)" */
	if (i < n && p[i] == '(') {
		size_t j = i + 1;
		while (j < n && p[j] != ')' && j - i < 24)
			j++;
		if (j >= n || p[j] != ')')
			return 0;
		i = j + 1;
	}
	while (i < n && p[i] == ' ')
		i++;
	if (i < n && p[i] == '-') {
		i++;
		if (i < n && p[i] == '-')
			i++;
		if (i < n && p[i] == ' ')
			return i + 1;
	}
	return 0;
}

/* Case- and space-insensitive equality of two flat strings. */
static int same_text(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i = 0, j = 0;
	while (i < na || j < nb) {
		while (i < na && a[i] == ' ')
			i++;
		while (j < nb && b[j] == ' ')
			j++;
		if (i == na || j == nb)
			return i == na && j == nb;
		if (lower(a[i]) != lower(b[j]))
			return 0;
		i++;
		j++;
	}
	return 1;
}

/* Map a flat-copy offset back to a norm offset within [s, e). */
static uint32_t flat_to_norm(const char *t, uint32_t s, size_t off)
{
	while (t[s] == ' ')
		s++;
	return s + (uint32_t)off;
}

int sm_segment_run(const sm_segment_model_t *m, sm_doc_t *doc)
{
	int rc = SM_EINVAL;
	range_t *paras = NULL;
	size_t np = 0;
	char flat[SEG_PATTERN_MAX + 2];
	blocks_t b;
	if (!doc || !(doc->stages_done & SM_STAGE_NORMALIZE))
		goto done;
	doc->blocks = NULL;
	doc->n_blocks = 0;
	doc->title_block = -1;
	b.doc = doc;
	b.cap = 0;
	rc = split_paragraphs(doc, &paras, &np);
	if (rc != SM_OK)
		goto done;
	doc->n_paras = np;
	const char *t = doc->norm;
	const char *given = doc->given_title;
	size_t given_len = given ? strlen(given) : 0;
	int seen_body = 0;

	for (size_t pi = 0; pi < np; pi++) {
		uint32_t s = paras[pi].start, e = paras[pi].end;
		int single_line = memchr(t + s, '\n', e - s) == NULL;
		int short_para = (e - s) <= SEG_PATTERN_MAX;
		/* Only short paragraphs and the first body one are matched
		 * (below): a long one later in the body needs no flat copy. */
		size_t flen = 0;
		if (short_para || !seen_body)
			flen = flat_copy(t, s, e, single_line, flat, sizeof flat);
		int kind = -1;

		/* Title: the given title, or a heading-like first paragraph. */
		if (doc->title_block < 0 && pi < 2 && short_para) {
			if (given_len ? same_text(flat, flen, given, given_len)
				      : (pi == 0 && np > 1 && heading_like(flat, flen, 0) &&
					 !match_kind(m, PAT_BOILERPLATE, flat, flen) &&
					 !match_kind(m, PAT_META, flat, flen)))
				kind = SM_BLOCK_TITLE;
		}
		if (kind < 0 && short_para) {
			if (match_kind(m, PAT_BOILERPLATE, flat, flen))
				kind = SM_BLOCK_BOILERPLATE;
			else if (match_kind(m, PAT_META, flat, flen))
				kind = SM_BLOCK_META;
			else if (single_line && heading_like(flat, flen, 1))
				kind = SM_BLOCK_HEADING;
		}
		if (kind == SM_BLOCK_TITLE) {
			doc->title_block = (int)doc->n_blocks;
			if (!given_len)
				doc->title = sm_arena_strndup(doc->arena, flat, flen);
		}
		if (kind >= 0) {
			if ((rc = push_block(&b, s, e, (uint32_t)pi, kind)) != SM_OK)
				goto done;
			if (kind == SM_BLOCK_META && !doc->date.year)
				sm_date_parse(flat, flen, &doc->date);
			continue;
		}
		/* Body, possibly after a metadata prefix or a dateline. */
		if (!seen_body) {
			size_t pre = match_prefix(m, PAT_PREFIX, flat, flen);
			if (!pre)
				pre = dateline_len(flat, flen);
			if (pre) {
				uint32_t cut = flat_to_norm(t, s, pre);
				if ((rc = push_block(&b, s, cut, (uint32_t)pi, SM_BLOCK_META)) != SM_OK)
					goto done;
				if (!doc->date.year)
					sm_date_parse(flat, pre, &doc->date);
				s = cut;
			}
		}
		seen_body = 1;
		/* An editorial label ("NOTE:") starting any body paragraph is
		 * metadata; the text after it is body. */
		uint32_t f0 = s;
		while (f0 < e && t[f0] == ' ')
			f0++;
		unsigned char c0 = f0 < e ? (unsigned char)lower(t[f0]) : 0;
		if (m && (m->label_first[c0 >> 3] >> (c0 & 7) & 1)) {
			char lf[SEG_LABEL_MAX + 1];
			size_t ll = flat_copy(t, s, e, single_line, lf, sizeof lf);
			size_t lab = match_prefix(m, PAT_LABEL, lf, ll);
			uint32_t cut = lab ? flat_to_norm(t, s, lab) : e;
			if (cut < e) {
				if ((rc = push_block(&b, s, cut, (uint32_t)pi, SM_BLOCK_META)) != SM_OK)
					goto done;
				s = cut;
			}
		}
		if ((rc = push_block(&b, s, e, (uint32_t)pi, SM_BLOCK_BODY)) != SM_OK)
			goto done;
	}
	if (given_len)
		doc->title = doc->given_title;
	doc->stages_done |= SM_STAGE_SEGMENT;
	rc = SM_OK;
done:
	return rc;
}
