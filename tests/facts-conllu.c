/*
 * facts-conllu.c - CoNLL-U -> sm_doc_t for the fact extractor's tests and
 * the CaRB/gold-parse bench (see facts-conllu.h).
 */
#include "facts-conllu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ner.h"
#include "parse.h"
#include "tag.h"

typedef struct {
	const char *form, *xpos, *rel, *misc;
	size_t form_len, xpos_len, rel_len, misc_len;
	long head;
} row_t;

/* next_field - the field of a tab-separated line starting at *p. */
static const char *next_field(const char **p, const char *end, size_t *len)
{
	const char *s = *p;
	const char *t = memchr(s, '\t', (size_t)(end - s));
	if (!t)
		t = end;
	*len = (size_t)(t - s);
	*p = t < end ? t + 1 : end;
	return s;
}

static int ent_code(const char *misc, size_t len)
{
	const char *e = NULL;
	for (size_t i = 0; i + 4 <= len; i++)
		if (memcmp(misc + i, "Ent=", 4) == 0) {
			e = misc + i + 4;
			break;
		}
	if (!e || e + 2 > misc + len)
		return 0;
	int inside = e[0] == 'I';
	size_t tl = strcspn(e + 2, "|\t\n");
	for (int t = 1; t < SM_ENT_NTYPES; t++) {
		const char *nm = sm_ent_type_name(t);
		if (strlen(nm) == tl && strncmp(nm, e + 2, tl) == 0)
			return (t << 1) | inside;
	}
	return 0;
}

int sm_conllu_doc_load(sm_doc_t *doc, const char *p, size_t len)
{
	if (!doc || (!p && len))
		return SM_EINVAL;
	/* pass 1: count tokens and sentences, measure text */
	size_t ntok = 0, nsent = 0, tlen = 0, cur = 0;
	const char *end = p + len, *q = p;
	while (q < end) {
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		const char *le = nl ? nl : end;
		if (le > q && q[0] != '#') {
			const char *f = q;
			size_t l0;
			const char *id = next_field(&f, le, &l0);
			if (memchr(id, '-', l0) == NULL && memchr(id, '.', l0) == NULL) {
				size_t fl;
				next_field(&f, le, &fl);
				ntok++;
				tlen += fl + 1;
				cur++;
			}
		} else if (le == q && cur) {
			nsent++;
			cur = 0;
		}
		q = nl ? nl + 1 : end;
	}
	if (cur)
		nsent++;
	sm_doc_reset(doc);
	char *text = sm_arena_alloc(doc->arena, tlen + 1);
	uint32_t *map = sm_arena_alloc(doc->arena, (tlen + 1) * sizeof(uint32_t));
	sm_token_t *toks = sm_arena_calloc(doc->arena, ntok ? ntok : 1, sizeof(*toks));
	sm_sentence_t *sents = sm_arena_calloc(doc->arena, nsent ? nsent : 1, sizeof(*sents));
	sm_block_t *blocks = sm_arena_calloc(doc->arena, nsent ? nsent : 1, sizeof(*blocks));
	if (!text || !map || !toks || !sents || !blocks)
		return SM_ENOMEM;
	size_t ti = 0, si = 0, pos = 0, sent_first = 0;
	int space_next = 0;
	q = p;
	while (q <= end) {
		const char *nl = q < end ? memchr(q, '\n', (size_t)(end - q)) : NULL;
		const char *le = nl ? nl : end;
		if (le > q && q[0] == '#') {
			const char *d = "# date = ";
			size_t dl = strlen(d);
			if ((size_t)(le - q) > dl && memcmp(q, d, dl) == 0)
				sm_date_parse(q + dl, (size_t)(le - q) - dl, &doc->date);
		} else if (le > q) {
			row_t r;
			const char *f = q;
			size_t l;
			const char *id = next_field(&f, le, &l);
			if (memchr(id, '-', l) || memchr(id, '.', l))
				goto next;
			r.form = next_field(&f, le, &r.form_len);
			next_field(&f, le, &l); /* lemma */
			next_field(&f, le, &l); /* upos */
			r.xpos = next_field(&f, le, &r.xpos_len);
			next_field(&f, le, &l); /* feats */
			const char *hs = next_field(&f, le, &l);
			r.head = strtol(hs, NULL, 10);
			r.rel = next_field(&f, le, &r.rel_len);
			next_field(&f, le, &l); /* deps */
			r.misc = next_field(&f, le, &r.misc_len);
			if (ti >= ntok)
				return SM_EFORMAT;
			sm_token_t *t = &toks[ti];
			if (ti > sent_first && pos < tlen)
				text[pos++] = ' ';
			t->start = t->norm = (uint32_t)pos;
			memcpy(text + pos, r.form, r.form_len);
			pos += r.form_len;
			t->end = (uint32_t)pos;
			t->norm_len = (uint32_t)r.form_len;
			int tag = sm_tag_from_name(r.xpos, r.xpos_len);
			t->pos = tag < 0 ? SM_POS_NONE : (uint8_t)tag;
			t->head = (int16_t)(r.head - 1);
			int rel = sm_deprel_from_name(r.rel, r.rel_len);
			if (rel < 0) {
				size_t bl = strcspn(r.rel, ":\t");
				rel = sm_deprel_from_name(r.rel, bl < r.rel_len ? bl : r.rel_len);
			}
			t->rel = rel < 0 ? 0 : (uint8_t)rel;
			t->ent = (uint8_t)ent_code(r.misc, r.misc_len);
			unsigned char c0 = (unsigned char)r.form[0];
			if ((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z') || c0 >= 0x80)
				t->flags |= SM_TF_WORD;
			else if (c0 >= '0' && c0 <= '9')
				t->flags |= SM_TF_NUM;
			else
				t->flags |= SM_TF_PUNCT;
			if (c0 >= 'A' && c0 <= 'Z')
				t->flags |= SM_TF_CAP;
			if (space_next)
				t->flags |= SM_TF_SPACE;
			space_next = 1;
			for (size_t k = 0; k + 13 <= r.misc_len; k++)
				if (memcmp(r.misc + k, "SpaceAfter=No", 13) == 0)
					space_next = 0;
			ti++;
		} else if (ti > sent_first) {
			sm_sentence_t *s = &sents[si];
			s->tok = (uint32_t)sent_first;
			s->ntok = (uint32_t)(ti - sent_first);
			s->start = toks[sent_first].start;
			s->end = toks[ti - 1].end;
			s->block = (uint32_t)si;
			s->para = (uint32_t)si;
			s->kind = SM_BLOCK_BODY;
			blocks[si].norm_start = s->start;
			blocks[si].norm_end = s->end;
			blocks[si].para = (uint32_t)si;
			blocks[si].kind = SM_BLOCK_BODY;
			blocks[si].sent = (uint32_t)si;
			blocks[si].nsent = 1;
			si++;
			if (pos < tlen)
				text[pos++] = '\n';
			sent_first = ti;
			space_next = 0;
		}
	next:
		if (q == end)
			break;
		q = nl ? nl + 1 : end;
	}
	text[pos] = '\0';
	for (size_t i = 0; i <= pos; i++)
		map[i] = (uint32_t)i;
	doc->orig = doc->text = doc->norm = text;
	doc->orig_len = doc->text_len = doc->norm_len = pos;
	doc->norm_map = map;
	doc->toks = toks;
	doc->n_toks = ti;
	doc->sents = sents;
	doc->n_sents = si;
	doc->blocks = blocks;
	doc->n_blocks = si;
	doc->n_paras = si;
	doc->stages_done = SM_STAGE_INGEST | SM_STAGE_NORMALIZE | SM_STAGE_SEGMENT |
			   SM_STAGE_TOKENIZE | SM_STAGE_TAG | SM_STAGE_PARSE;
	return SM_OK;
}

/* ------------------------------------------------- fuzz_facts documents */

#define FZ_MAX_SENTS 16
#define FZ_MAX_TOKS 96

/* Words the extractor has rules for: verbs of saying and transfer,
 * modals, negation, names, numbers, dates, pronouns, function words. */
static const char *const FZ_WORDS[] = {
	"said", "says", "told", "according", "will", "would", "could", "may",
	"not", "n't", "never", "is", "was", "are", "been", "has", "have", "had",
	"be", "signed", "agreed", "buy", "bought", "sell", "sold", "hand",
	"over", "receives", "received", "get", "give", "gave", "hold", "holds",
	"raised", "cut", "rose", "fell", "plans", "to", "of", "in", "on", "at",
	"by", "for", "from", "with", "as", "than", "about", "into", "the", "a",
	"an", "its", "their", "his", "her", "this", "that", "which", "who",
	"whom", "whose", "it", "he", "she", "they", "we", "I", "and", "or",
	"but", "both", "US", "Ukraine", "Russia", "Vladimir", "Putin", "Apple",
	"Inc", "Bank", "England", "Kyiv", "Washington", "Reuters", "President",
	"minister", "deal", "royalties", "half", "shares", "company", "rates",
	"reserves", "minerals", "$", "5", "3.5", "million", "billion", "%",
	"25%", "first", "fifth-largest", "Monday", "September", "2025", "1990s",
	",", ".", "\"", "'s", "-", "(", ")", ":", "also", "only", "there",
	"what", "how", "if", "because", "while", "after", "before", "last",
	"year", "week",
};
#define FZ_NWORDS (sizeof FZ_WORDS / sizeof FZ_WORDS[0])

/* The CoNLL-U of the tokens in (data, size) into b (cap bytes); its length. */
static size_t fz_conllu(const unsigned char *data, size_t size, int date, char *b,
			size_t cap)
{
	size_t o = 0, ntags = sm_tag_count(), nrels = sm_deprel_count();
	int id = 0, nsent = 0;
	if (date)
		o += (size_t)snprintf(b, cap, "# date = 2025-09-05\n");
	for (size_t i = 0; i < size && nsent < FZ_MAX_SENTS && o + 256 < cap;) {
		if (data[i] == 0xff || id == FZ_MAX_TOKS) {
			if (id) {
				b[o++] = '\n';
				nsent++;
			}
			id = 0;
			i += data[i] == 0xff;
			continue;
		}
		if (size - i < 5)
			break;
		const unsigned char *t = data + i;
		i += 5;
		size_t ti = t[1] % (ntags + 1);
		const char *tag = ti == ntags ? "_" : sm_tag_name((uint8_t)ti);
		const char *rel = sm_deprel_name((uint8_t)(t[3] % nrels));
		char ent[32] = "_";
		int et = (t[4] >> 1) % SM_ENT_NTYPES;
		if (et)
			snprintf(ent, sizeof ent, "Ent=%c-%s", (t[4] & 1) ? 'I' : 'B',
				 sm_ent_type_name(et));
		o += (size_t)snprintf(b + o, cap - o, "%d\t%s\t_\t_\t%s\t_\t%d\t%s\t_\t%s\n",
				      id + 1, FZ_WORDS[t[0] % FZ_NWORDS], tag,
				      t[2] % (FZ_MAX_TOKS + 2), rel, ent);
		id++;
	}
	if (id && o < cap)
		b[o++] = '\n';
	return o < cap ? o : cap;
}

int sm_conllu_fuzz_doc(sm_doc_t *doc, const unsigned char *data, size_t size,
		       size_t *max_key, int *openie)
{
	static const size_t keys[4] = { 5, 0, 1, 40 };
	size_t cap = (size_t)FZ_MAX_SENTS * (FZ_MAX_TOKS + 1) * 96;
	int rc = SM_EINVAL;
	char *text = NULL;
	if (!doc || !data || size < 1)
		goto done;
	unsigned flags = data[0];
	*max_key = keys[(flags >> 1) & 3];
	*openie = flags & 1;
	rc = SM_ENOMEM;
	if (!(text = malloc(cap)))
		goto done;
	size_t len = fz_conllu(data + 1, size - 1, (flags >> 5) & 1, text, cap);
	if ((rc = sm_conllu_doc_load(doc, text, len)) != SM_OK)
		goto done;
	if (flags & 8) {
		/* scores from the input's bytes, in [-1, 3) */
		for (size_t i = 0; i < doc->n_sents; i++)
			doc->sents[i].score = (float)data[(i * 7) % size] / 64 - 1;
		doc->stages_done |= SM_STAGE_SCORE;
	}
	if (flags & 16)
		doc->stages_done |= SM_STAGE_NER;
done:
	free(text);
	return rc;
}
