/*
 * render.c - the last stage: text, JSON Lines and CoNLL-U output.
 *
 * Output is appended to a caller-owned sm_buf_t.  JSON is written by hand
 * (sm_buf_json_string) rather than through a DOM: one pass, no allocation
 * per field, and byte-identical output for identical input, which the
 * shard-safe batch mode relies on.  Floats are printed with a fixed number
 * of digits for the same reason.
 *
 * The JSON schema is documented in README.md, "JSON output".
 */
#include "render.h"
#include "normalize.h"

#include <math.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "facts.h"
#include "ner.h"
#include "parse.h"
#include "pipeline.h"
#include "tag.h"

static const char *const kind_names[SM_BLOCK_KINDS] = {
	"body", "title", "heading", "meta", "boilerplate"
};

void sm_render_opts_init(sm_render_opts_t *o)
{
	if (!o)
		return;
	memset(o, 0, sizeof(*o));
	o->facts = SM_FACTS_KEY;
	o->sentences = 1;
	o->lang = "english";
}

/* First text offset whose original offset is >= off (text_map ascends). */
static size_t text_at(const sm_doc_t *doc, size_t off)
{
	size_t lo = 0, hi = doc->text_len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (doc->text_map[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Room for one sentence object's fields before "score" (the previous
 * object's '}', five numbers of at most 10 digits, the longest kind name
 * and the keys). */
#define SENT_HEAD_MAX 160

/* LIT - copy the string literal s to o and advance o; LITLEN - a string
 * literal and its length, as sm_buf_append takes them. */
#define LIT(o, s) do { memcpy((o), (s), sizeof(s) - 1); (o) += sizeof(s) - 1; } while (0)
#define LITLEN(s) (s), sizeof(s) - 1

/* put_u32 - v in decimal at o (at most 10 bytes, no NUL); the end.  The
 * digits are counted first and written in place from the end, two at a
 * time from a table: no copy from a scratch buffer. */
static inline char *put_u32(char *o, uint32_t v)
{
	static const char pairs[] =
		"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
		"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
		"8081828384858687888990919293949596979899";
	size_t nd = 1;
	for (uint32_t t = v; t >= 10; t /= 10)
		nd++;
	char *e = o + nd, *w = e;
	while (v >= 100) {
		w -= 2;
		memcpy(w, pairs + 2 * (v % 100), 2);
		v /= 100;
	}
	if (v >= 10) {
		w -= 2;
		memcpy(w, pairs + 2 * v, 2);
	} else
		*--w = (char)('0' + v);
	return e;
}

/*
 * End of the run of words joined by single spaces from src[j] (not white
 * space) before b: the first white space byte (sm_doc_ascii_space) that is
 * not a single ' ' before a non-space.  With SSE2, 16 bytes a step (the
 * byte after each, from a second load, all before b): the first such byte
 * is where the byte loop would stop too, as the byte before it cannot be
 * a space (it would be a single space).  Then, or without SSE2, byte by
 * byte.
 */
static size_t words_end(const char *src, size_t j, size_t b)
{
#if defined(__SSE2__)
	const __m128i sp = _mm_set1_epi8(' '), c8 = _mm_set1_epi8(8), c14 = _mm_set1_epi8(14);
	while (j + 17 <= b) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(src + j));
		__m128i nx = _mm_loadu_si128((const __m128i *)(const void *)(src + j + 1));
		__m128i isp = _mm_cmpeq_epi8(v, sp);
		__m128i ws = _mm_or_si128(isp, _mm_and_si128(_mm_cmpgt_epi8(v, c8), _mm_cmplt_epi8(v, c14)));
		__m128i wsn = _mm_or_si128(_mm_cmpeq_epi8(nx, sp),
					   _mm_and_si128(_mm_cmpgt_epi8(nx, c8), _mm_cmplt_epi8(nx, c14)));
		/* stop: white space, but not a space before a non-space */
		unsigned stop = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(_mm_andnot_si128(wsn, isp), ws));
		if (stop)
			return j + (size_t)__builtin_ctz(stop);
		j += 16;
	}
#endif
	while (j < b) {
		if (!sm_doc_ascii_space((unsigned char)src[j]))
			j++;
		else if (src[j] == ' ' && j + 1 < b && !sm_doc_ascii_space((unsigned char)src[j + 1]))
			j += 2;
		else
			break;
	}
	return j;
}

/*
 * put_decoded - append (p, n), JSON-escaped when json is set, with the
 * HTML character references that normalization decodes decoded too
 * ("H&amp;R" reads "H&R"), so a summary says what the analysis read.
 */
static int put_decoded(sm_buf_t *out, const char *p, size_t n, int json)
{
	while (n) {
		const char *amp = memchr(p, '&', n);
		size_t k = amp ? (size_t)(amp - p) : n, rl = 0, el = 0;
		char enc[4];
		if (amp)
			rl = sm_normalize_charref(amp, n - k, enc, &el);
		if (amp && !rl)
			k++; /* a plain '&' */
		int rc = json ? sm_buf_json_chars(out, p, k) : sm_buf_append(out, p, k);
		if (rc == SM_OK && rl)
			rc = json ? sm_buf_json_chars(out, enc, el) : sm_buf_append(out, enc, el);
		if (rc != SM_OK)
			return rc;
		k += rl;
		p += k;
		n -= k;
	}
	return SM_OK;
}

/*
 * Append the original text of bytes [s, e) with every run of ASCII white
 * space (sm_doc_ascii_space) collapsed to one space (hard-wrapped lines
 * join up), JSON-escaped when json is set.  The characters are the input's own (typographic quotes
 * stay); when ingest had to repair or decode the input (invalid UTF-8,
 * UTF-16, CRLF) they come from the ingested text, which is valid UTF-8.
 */
static int put_collapsed(sm_buf_t *out, const sm_doc_t *doc, size_t s, size_t e, int json)
{
	const char *src = doc->text;
	size_t a = s, b = e;
	int rc, first = 1;
	if (doc->text_map) {
		a = text_at(doc, s);
		b = text_at(doc, e);
	}
	size_t i = a;
	while (i < b) {
		while (i < b && sm_doc_ascii_space((unsigned char)src[i]))
			i++;
		/* A run of words joined by single spaces is already collapsed:
		 * one append for all of it, not one per word. */
		size_t j = words_end(src, i, b);
		if (j == i)
			break;
		if (!first && (rc = sm_buf_append(out, " ", 1)) != SM_OK)
			return rc;
		first = 0;
		rc = put_decoded(out, src + i, j - i, json);
		if (rc != SM_OK)
			return rc;
		i = j;
	}
	return SM_OK;
}

int sm_render_span(const sm_doc_t *doc, size_t start, size_t end, int json,
		   sm_buf_t *out)
{
	if (!doc || !out || start > end || end > doc->orig_len)
		return SM_EINVAL;
	/* The characters come from the ingested text: before ingest there is
	 * none (put_collapsed would read through NULL). */
	if (!doc->text)
		return SM_EINVAL;
	return put_collapsed(out, doc, start, end, json);
}

int sm_render_text(const sm_doc_t *doc, const sm_render_opts_t *o, sm_buf_t *out)
{
	int rc = SM_EINVAL;
	if (!doc || !out)
		goto done;
	for (size_t k = 0; k < doc->n_summary; k++) {
		size_t i = doc->summary[k];
		if ((rc = put_collapsed(out, doc, doc->sents[i].start, doc->sents[i].end, 0)) != SM_OK ||
		    (rc = sm_buf_append(out, "\n", 1)) != SM_OK)
			goto done;
	}
	int which = o ? o->facts : SM_FACTS_KEY;
	size_t nf = which == SM_FACTS_ALL ? doc->n_facts
		  : which == SM_FACTS_KEY ? doc->n_key_facts : 0;
	if (nf) {
		if ((rc = sm_buf_puts(out, "\nKey facts:\n")) != SM_OK)
			goto done;
		for (size_t i = 0; i < nf; i++) {
			if ((rc = sm_buf_append(out, "- ", 2)) != SM_OK ||
			    (rc = sm_fact_render_text(doc, &doc->facts[i], out)) != SM_OK ||
			    (rc = sm_buf_append(out, "\n", 1)) != SM_OK)
				goto done;
		}
	}
	rc = SM_OK;
done:
	return rc;
}

/* put_2digits - v (0-99) as two decimal digits at w; the end. */
static char *put_2digits(char *w, int v)
{
	w[0] = (char)('0' + v / 10);
	w[1] = (char)('0' + v % 10);
	return w + 2;
}

/* "YYYY-MM-DD", "YYYY-MM" or "YYYY"; null when unknown.  The usual
 * date (year 1-9999, month and day 0-99) is written digit by digit:
 * vsnprintf cost more than the rest of a record's header. */
static int put_date(sm_buf_t *out, sm_date_t d)
{
	if (!d.year)
		return sm_buf_puts(out, "null");
	if (d.year > 0 && d.year <= 9999 && d.month >= 0 && d.month <= 99 &&
	    d.day >= 0 && d.day <= 99) {
		char tmp[12], *w = tmp;
		*w++ = '"';
		w = put_2digits(w, d.year / 100);
		w = put_2digits(w, d.year % 100);
		if (d.month) {
			*w++ = '-';
			w = put_2digits(w, d.month);
			if (d.day) {
				*w++ = '-';
				w = put_2digits(w, d.day);
			}
		}
		*w++ = '"';
		return sm_buf_append(out, tmp, (size_t)(w - tmp));
	}
	if (!d.month)
		return sm_buf_printf(out, "\"%04d\"", d.year);
	if (!d.day)
		return sm_buf_printf(out, "\"%04d-%02d\"", d.year, d.month);
	return sm_buf_printf(out, "\"%04d-%02d-%02d\"", d.year, d.month, d.day);
}

static const char *encoding_name(int enc)
{
	return enc == SM_ENC_UTF16LE ? "utf-16le" : enc == SM_ENC_UTF16BE ? "utf-16be" : "utf-8";
}

int sm_render_json(const sm_doc_t *doc, const sm_render_opts_t *o, sm_buf_t *out)
{
	int rc = SM_EINVAL;
	sm_render_opts_t def;
	if (!doc || !out)
		goto done;
	if (!o) {
		sm_render_opts_init(&def);
		o = &def;
	}
	const char *nl = o->pretty ? "\n  " : "";
	const char *sep = o->pretty ? ": " : ":";
	size_t nl_len = strlen(nl), sep_len = strlen(sep);
	/* KEY - the byte pre ('{' or ','), then "key": (pretty: on a new
	 * line, with a space).  Appends, not printf: vsnprintf per key cost
	 * as much as a sentence's text; one append when not pretty. */
#define KEY(pre, k) \
	do { \
		if (!o->pretty) { \
			if ((rc = sm_buf_append(out, LITLEN(pre "\"" k "\":"))) != SM_OK) \
				goto done; \
		} else if ((rc = sm_buf_append(out, LITLEN(pre))) != SM_OK || \
			   (rc = sm_buf_append(out, nl, nl_len)) != SM_OK || \
			   (rc = sm_buf_append(out, LITLEN("\"" k "\""))) != SM_OK || \
			   (rc = sm_buf_append(out, sep, sep_len)) != SM_OK) \
			goto done; \
	} while (0)
#define PUT(expr) \
	do { if ((rc = (expr)) != SM_OK) goto done; } while (0)

	KEY("{", "id");
	PUT(sm_buf_json_string(out, doc->id, doc->id ? strlen(doc->id) : 0));
	if (o->source) {
		KEY(",", "source");
		PUT(sm_buf_json_string(out, o->source, strlen(o->source)));
	}
	KEY(",", "title");
	PUT(sm_buf_json_string(out, doc->title, doc->title ? strlen(doc->title) : 0));
	KEY(",", "date");
	PUT(put_date(out, doc->date));
	KEY(",", "language");
	PUT(sm_buf_json_string(out, o->lang ? o->lang : "english", strlen(o->lang ? o->lang : "english")));

	/* summary: the sentence texts, in document order */
	KEY(",", "summary");
	PUT(sm_buf_append(out, "[", 1));
	for (size_t k = 0; k < doc->n_summary; k++) {
		size_t i = doc->summary[k];
		PUT(sm_buf_append(out, k ? ",\"" : "\"", k ? 2 : 1));
		PUT(put_collapsed(out, doc, doc->sents[i].start, doc->sents[i].end, 1));
		PUT(sm_buf_append(out, "\"", 1));
	}
	PUT(sm_buf_append(out, "]", 1));
	KEY(",", "summary_sentences");
	PUT(sm_buf_append(out, "[", 1));
	for (size_t k = 0; k < doc->n_summary; k++) {
		if (k)
			PUT(sm_buf_append(out, ",", 1));
		PUT(sm_buf_uint(out, doc->summary[k]));
	}
	PUT(sm_buf_append(out, "]", 1));

	if (o->sentences) {
		KEY(",", "sentences");
		PUT(sm_buf_append(out, "[", 1));
		for (size_t i = 0; i < doc->n_sents; i++) {
			const sm_sentence_t *s = &doc->sents[i];
			/* The fields before the text, written straight into
			 * one reservation: this runs for every sentence of
			 * every record, and a call per field was a third of
			 * the renderer's time. */
			PUT(sm_buf_reserve(out, SENT_HEAD_MAX));
			char *w = out->p + out->len;
			if (i)
				LIT(w, "},"); /* the previous object's end */
			LIT(w, "{\"index\":");
			w = put_u32(w, (uint32_t)i);
			LIT(w, ",\"start\":");
			w = put_u32(w, s->start);
			LIT(w, ",\"end\":");
			w = put_u32(w, s->end);
			LIT(w, ",\"kind\":\"");
			const char *kn = s->kind < SM_BLOCK_KINDS ? kind_names[s->kind] : "body";
			size_t kl = strlen(kn);
			memcpy(w, kn, kl);
			w += kl;
			LIT(w, "\",\"paragraph\":");
			w = put_u32(w, s->para);
			LIT(w, ",\"score\":");
			out->len = (size_t)(w - out->p);
			/* Sentences that can never be chosen carry no finite score;
			 * JSON has no infinity, so they get null. */
			if (isfinite(s->score))
				PUT(sm_buf_fixed4(out, (double)s->score));
			else
				PUT(sm_buf_append(out, "null", 4));
			PUT(s->in_summary ? sm_buf_append(out, LITLEN(",\"in_summary\":true,\"text\":"))
					  : sm_buf_append(out, LITLEN(",\"in_summary\":false,\"text\":")));
			/* The exact input bytes; a UTF-16 input has no UTF-8 bytes to
			 * give, so its decoded text stands in. */
			if (doc->encoding == SM_ENC_UTF8) {
				PUT(sm_buf_json_string(out, doc->orig + s->start, s->end - s->start));
			} else {
				size_t ta = text_at(doc, s->start), tb = text_at(doc, s->end);
				PUT(sm_buf_json_string(out, doc->text + ta, tb - ta));
			}
		}
		PUT(doc->n_sents ? sm_buf_append(out, LITLEN("}]")) : sm_buf_append(out, LITLEN("]")));
	}

	KEY(",", "facts");
	{
		size_t nf = o->facts == SM_FACTS_ALL ? doc->n_facts
			  : o->facts == SM_FACTS_KEY ? doc->n_key_facts : 0;
		if (nf)
			PUT(sm_facts_render_json(doc, 0, nf, out));
		else
			PUT(sm_buf_append(out, "[]", 2));
	}

	size_t words = 0;
	/* no branch, four tokens a step */
	const sm_token_t *tk = doc->toks;
	size_t i = 0;
	for (; i + 4 <= doc->n_toks; i += 4)
		words += (size_t)((tk[i].flags & (SM_TF_WORD | SM_TF_NUM)) != 0) +
			 (size_t)((tk[i + 1].flags & (SM_TF_WORD | SM_TF_NUM)) != 0) +
			 (size_t)((tk[i + 2].flags & (SM_TF_WORD | SM_TF_NUM)) != 0) +
			 (size_t)((tk[i + 3].flags & (SM_TF_WORD | SM_TF_NUM)) != 0);
	for (; i < doc->n_toks; i++)
		words += (tk[i].flags & (SM_TF_WORD | SM_TF_NUM)) != 0;
	KEY(",", "stats");
	/* sm_buf_uint rather than one printf: this runs once per record of
	 * a batch, and vsnprintf cost as much as the rest of the line */
	PUT(sm_buf_puts(out, "{\"bytes\":"));
	PUT(sm_buf_uint(out, doc->orig_len));
	PUT(sm_buf_puts(out, ",\"encoding\":\""));
	PUT(sm_buf_puts(out, encoding_name(doc->encoding)));
	PUT(sm_buf_puts(out, doc->had_bom ? "\",\"bom\":true,\"replaced\":"
					 : "\",\"bom\":false,\"replaced\":"));
	PUT(sm_buf_uint(out, doc->n_replaced));
	PUT(sm_buf_puts(out, ",\"nul\":"));
	PUT(sm_buf_uint(out, doc->n_nul));
	PUT(sm_buf_puts(out, ",\"cr\":"));
	PUT(sm_buf_uint(out, doc->n_cr));
	PUT(sm_buf_puts(out, ",\"paragraphs\":"));
	PUT(sm_buf_uint(out, doc->n_paras));
	PUT(sm_buf_puts(out, ",\"sentences\":"));
	PUT(sm_buf_uint(out, doc->n_sents));
	PUT(sm_buf_puts(out, ",\"tokens\":"));
	PUT(sm_buf_uint(out, doc->n_toks));
	PUT(sm_buf_puts(out, ",\"words\":"));
	PUT(sm_buf_uint(out, words));
	PUT(sm_buf_append(out, "}", 1));
	PUT(sm_buf_append(out, o->pretty ? "\n}\n" : "}\n", o->pretty ? 3 : 2));
#undef KEY
#undef PUT
	rc = SM_OK;
done:
	return rc;
}

int sm_render_error_json(const char *id, size_t line, const char *source, int status,
			 const char *message, sm_buf_t *out)
{
	int rc = SM_EINVAL;
	if (!out)
		goto done;
	if ((rc = sm_buf_puts(out, "{\"id\":")) != SM_OK ||
	    (rc = sm_buf_json_string(out, id, id ? strlen(id) : 0)) != SM_OK)
		goto done;
	if (line && (rc = sm_buf_printf(out, ",\"line\":%zu", line)) != SM_OK)
		goto done;
	if (source && ((rc = sm_buf_puts(out, ",\"source\":")) != SM_OK ||
		       (rc = sm_buf_json_string(out, source, strlen(source))) != SM_OK))
		goto done;
	const char *msg = message ? message : sm_strerror(status);
	if ((rc = sm_buf_printf(out, ",\"error\":{\"status\":%d,\"code\":", status)) != SM_OK ||
	    (rc = sm_buf_json_string(out, sm_strerror(status), strlen(sm_strerror(status)))) != SM_OK ||
	    (rc = sm_buf_puts(out, ",\"message\":")) != SM_OK ||
	    (rc = sm_buf_json_string(out, msg, strlen(msg))) != SM_OK ||
	    (rc = sm_buf_puts(out, "}}\n")) != SM_OK)
		goto done;
	rc = SM_OK;
done:
	return rc;
}

/* CoNLL-U FORM/LEMMA fields may not contain spaces or be empty. */
static int put_field(sm_buf_t *out, const char *p, size_t len)
{
	int rc = sm_buf_reserve(out, len + 1);
	if (rc != SM_OK)
		return rc;
	if (len == 0) {
		out->p[out->len++] = '_';
	} else {
		for (size_t i = 0; i < len; i++)
			out->p[out->len++] = (p[i] == ' ' || p[i] == '\t' || p[i] == '\n') ? '_' : p[i];
	}
	out->p[out->len] = '\0';
	return SM_OK;
}

int sm_render_conllu(const sm_doc_t *doc, sm_buf_t *out)
{
	int rc = SM_EINVAL;
	if (!doc || !out)
		goto done;
	for (size_t si = 0; si < doc->n_sents; si++) {
		const sm_sentence_t *s = &doc->sents[si];
		if (s->kind != SM_BLOCK_BODY && s->kind != SM_BLOCK_TITLE && s->kind != SM_BLOCK_HEADING)
			continue;
		if ((rc = sm_buf_printf(out, "# sent_id = %zu\n# text = ", si + 1)) != SM_OK ||
		    (rc = put_collapsed(out, doc, s->start, s->end, 0)) != SM_OK ||
		    (rc = sm_buf_append(out, "\n", 1)) != SM_OK)
			goto done;
		for (uint32_t k = 0; k < s->ntok; k++) {
			const sm_token_t *t = &doc->toks[s->tok + k];
			const char *tag = t->pos != SM_POS_NONE ? sm_tag_name(t->pos) : NULL;
			const char *rel = t->head != SM_HEAD_NONE ? sm_deprel_name(t->rel) : NULL;
			if ((rc = sm_buf_printf(out, "%u\t", k + 1)) != SM_OK ||
			    (rc = put_field(out, doc->norm + t->norm, t->norm_len)) != SM_OK ||
			    (rc = sm_buf_printf(out, "\t_\t_\t%s\t_\t", tag ? tag : "_")) != SM_OK)
				goto done;
			if (t->head == SM_HEAD_NONE)
				rc = sm_buf_puts(out, "_\t_");
			else
				rc = sm_buf_printf(out, "%d\t%s", t->head + 1, rel ? rel : "dep");
			if (rc != SM_OK)
				goto done;
			if ((rc = sm_buf_printf(out, "\t_\tstart_char=%u|end_char=%u", t->start, t->end)) != SM_OK)
				goto done;
			if (t->ent) {
				const char *ty = sm_ent_type_name(t->ent >> 1);
				if ((rc = sm_buf_printf(out, "|NE=%s-%s", (t->ent & 1) ? "I" : "B", ty ? ty : "MISC")) != SM_OK)
					goto done;
			}
			if (k + 1 < s->ntok && !(doc->toks[s->tok + k + 1].flags & SM_TF_SPACE) &&
			    (rc = sm_buf_puts(out, "|SpaceAfter=No")) != SM_OK)
				goto done;
			if ((rc = sm_buf_append(out, "\n", 1)) != SM_OK)
				goto done;
		}
		if ((rc = sm_buf_append(out, "\n", 1)) != SM_OK)
			goto done;
	}
	rc = SM_OK;
done:
	return rc;
}
