/*
 * doc.c - the document model: creation, reset, input, offset mapping and
 * date parsing.  See doc.h for the layers a document carries.
 */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

int sm_doc_new(sm_doc_t **out)
{
	sm_doc_t *d = NULL;
	int rc = SM_EINVAL;
	if (!out)
		goto done;
	rc = SM_ENOMEM;
	d = calloc(1, sizeof(*d));
	if (!d)
		goto done;
	rc = sm_arena_new(&d->arena);
	if (rc != SM_OK)
		goto done;
	d->title_block = -1;
	*out = d;
	d = NULL;
	rc = SM_OK;
done:
	sm_doc_free(d);
	return rc;
}

void sm_doc_free(sm_doc_t *doc)
{
	if (!doc)
		return;
	sm_arena_free(doc->arena);
	free(doc);
}

void sm_doc_reset(sm_doc_t *doc)
{
	if (!doc)
		return;
	sm_arena_t *a = doc->arena;
	sm_arena_reset(a);
	memset(doc, 0, sizeof(*doc));
	doc->arena = a;
	doc->title_block = -1;
}

/* Copy an optional NUL-terminated string into the arena. */
static int dup_opt(sm_doc_t *doc, const char *s, const char **dst)
{
	*dst = NULL;
	if (!s)
		return SM_OK;
	*dst = sm_arena_strndup(doc->arena, s, strlen(s));
	return *dst ? SM_OK : SM_ENOMEM;
}

int sm_doc_set_input(sm_doc_t *doc, const char *p, size_t len, const char *id,
		     const char *title, const char *date)
{
	int rc;
	if (!doc || (!p && len))
		return SM_EINVAL;
	sm_doc_reset(doc);
	if (len > SM_DOC_MAX_BYTES)
		return SM_ETOOBIG;
	/* One spare NUL byte so stages may read orig[len] safely. */
	char *copy = sm_arena_alloc(doc->arena, len + 1);
	if (!copy)
		return SM_ENOMEM;
	if (len)
		memcpy(copy, p, len);
	copy[len] = '\0';
	doc->orig = copy;
	doc->orig_len = len;
	if ((rc = dup_opt(doc, id, &doc->id)) != SM_OK ||
	    (rc = dup_opt(doc, title, &doc->given_title)) != SM_OK ||
	    (rc = dup_opt(doc, date, &doc->given_date)) != SM_OK)
		return rc;
	if (date)
		sm_date_parse(date, strlen(date), &doc->date);
	return SM_OK;
}

/* ------------------------------------------------------------ dates */

static const char *const month_names[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

/*
 * Month 1-12 from the word (p, len), or 0.  The word is a month name or a
 * prefix of one at least three letters long ("Sep", "Sept", "September"),
 * in any case.
 */
static int month_from(const char *p, size_t len)
{
	if (len < 3 || len > 9)
		return 0;
	for (int m = 0; m < 12; m++) {
		const char *name = month_names[m];
		size_t i;
		for (i = 0; i < len && name[i]; i++) {
			char c = p[i];
			if (c >= 'A' && c <= 'Z')
				c = (char)(c + 32);
			if (c != name[i])
				break;
		}
		if (i == len)
			return m + 1;
	}
	return 0;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Read an unsigned number of at most maxd digits at *i. */
static int read_num(const char *p, size_t len, size_t *i, int maxd, int *val)
{
	int v = 0, n = 0;
	while (*i < len && is_digit(p[*i]) && n < maxd) {
		v = v * 10 + (p[*i] - '0');
		(*i)++;
		n++;
	}
	if (n == 0 || (*i < len && is_digit(p[*i])))
		return 0;
	*val = v;
	return n;
}

static int valid_date(int y, int m, int d)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	/* 29 February only in leap years (Gregorian) */
	return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

/*
 * Try each pattern at each word start; first match wins.  Patterns:
 * YYYY-MM-DD, DD-MON-YYYY, D Month YYYY, Month D(,) YYYY.
 */
int sm_date_parse(const char *p, size_t len, sm_date_t *out)
{
	if (!p || !out)
		return 0;
	for (size_t s = 0; s < len; s++) {
		if (s > 0 && (is_digit(p[s - 1]) || is_alpha(p[s - 1])))
			continue;
		size_t i = s;
		int y, m, d, n;
		if (is_digit(p[s])) {
			n = read_num(p, len, &i, 4, &y);
			if (n == 4 && i < len && (p[i] == '-' || p[i] == '/')) {
				char sep = p[i++];
				if (read_num(p, len, &i, 2, &m) && i < len && p[i] == sep) {
					i++;
					if (read_num(p, len, &i, 2, &d) && valid_date(y, m, d)) {
						out->year = (int16_t)y;
						out->month = (int8_t)m;
						out->day = (int8_t)d;
						return 1;
					}
				}
				continue;
			}
			i = s;
			if (!read_num(p, len, &i, 2, &d))
				continue;
			/* DD-MON-YYYY or D Month YYYY */
			if (i < len && (p[i] == '-' || p[i] == ' ')) {
				i++;
				size_t ws = i;
				while (i < len && is_alpha(p[i]))
					i++;
				m = month_from(p + ws, i - ws);
				if (!m)
					continue;
				if (i < len && (p[i] == '-' || p[i] == ' ' || p[i] == ','))
					i++;
				while (i < len && p[i] == ' ')
					i++;
				if (read_num(p, len, &i, 4, &y) == 4 && valid_date(y, m, d)) {
					out->year = (int16_t)y;
					out->month = (int8_t)m;
					out->day = (int8_t)d;
					return 1;
				}
			}
			continue;
		}
		if (is_alpha(p[s])) {
			while (i < len && is_alpha(p[i]))
				i++;
			m = month_from(p + s, i - s);
			if (!m)
				continue;
			if (i < len && p[i] == '.')
				i++;
			while (i < len && p[i] == ' ')
				i++;
			if (!read_num(p, len, &i, 2, &d))
				continue;
			if (i < len && p[i] == ',')
				i++;
			while (i < len && p[i] == ' ')
				i++;
			if (read_num(p, len, &i, 4, &y) == 4 && valid_date(y, m, d)) {
				out->year = (int16_t)y;
				out->month = (int8_t)m;
				out->day = (int8_t)d;
				return 1;
			}
		}
	}
	return 0;
}
