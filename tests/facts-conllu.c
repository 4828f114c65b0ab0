/*
 * facts-conllu.c - CoNLL-U -> sm_doc_t for the fact extractor's tests and
 * the CaRB/gold-parse bench (see facts-conllu.h).
 */
#include "facts-conllu.h"

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
