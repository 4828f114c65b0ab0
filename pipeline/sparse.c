/*
 * sparse.c - the averaged-perceptron weight table and word-cluster table
 * shared by the POS tagger (tag.c) and the dependency parser (parse.c).
 *
 * Both models are the same kind of table (Collins 2002 perceptron weights,
 * quantized to int16): 32-bit hashed feature keys in an open-addressing
 * table (sparse.h), each pointing at a run of (class, int16 weight) pairs;
 * only the classes a feature ever voted for are stored.  This file builds
 * such a table from averaged float weights, writes and reads its two file
 * sections (slots, pairs), validates them so that scoring can never index
 * out of bounds, and turns frequent features into dense rows in memory.
 * The word-cluster table (sm_cluster_key() -> packed cluster ids) is
 * handled the same way.
 *
 * What differs between the models stays with them: feature templates,
 * class sets, the file header (magic, version, which header word holds
 * what) and the order of the sections, the tagger's lexicon and the
 * parser's transition system.  File sections are little-endian uint32
 * words; the formats are documented in the headers of tag.c and parse.c.
 */
#include "sparse.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------- file words */

/*
 * sm_sparse_put_words - store n words little-endian at p (which has room
 * for 4 * n bytes), whatever the host byte order.
 */
void sm_sparse_put_words(unsigned char *p, const uint32_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++, p += 4) {
		p[0] = (unsigned char)v[i];
		p[1] = (unsigned char)(v[i] >> 8);
		p[2] = (unsigned char)(v[i] >> 16);
		p[3] = (unsigned char)(v[i] >> 24);
	}
}

/* sm_sparse_get_words - read n little-endian words at p into v. */
void sm_sparse_get_words(uint32_t *v, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++, p += 4)
		v[i] = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
		       (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/*
 * sm_sparse_file_read - read the model file at path into a malloc'd
 * buffer (*out, *len; the caller frees it, also on SM_EMODEL) and decode
 * the nhdr header words after its 8-byte magic into hdr.  SM_EMODEL when
 * the file is shorter than the header or the magic differs; the read
 * errors of sm_file_read() (then *out is NULL).  The header's meaning is
 * the caller's.
 */
int sm_sparse_file_read(const char *path, const char *magic, size_t nhdr,
			uint32_t *hdr, unsigned char **out, size_t *len)
{
	char *raw = NULL;
	int rc = sm_file_read(path, &raw, len);

	*out = NULL;
	if (rc != SM_OK)
		return rc;
	*out = (unsigned char *)raw;
	if (*len < 8 + 4 * nhdr || memcmp(raw, magic, 8) != 0)
		return SM_EMODEL;
	sm_sparse_get_words(hdr, *out + 8, nhdr);
	return SM_OK;
}

/*
 * sm_sparse_body_ok - 1 if the file is exactly the header plus words body
 * words and the body's FNV-1a (sm_hash) is checksum.  The exact size
 * check catches truncated and padded files before anything is read.
 */
int sm_sparse_body_ok(const unsigned char *buf, size_t len, size_t nhdr,
		      size_t words, uint32_t checksum)
{
	size_t hdr_bytes = 8 + 4 * nhdr;
	return len == hdr_bytes + 4 * words &&
	       sm_hash((const char *)buf + hdr_bytes, 4 * words) == checksum;
}

/* --------------------------------------------------------- weight table */

/*
 * densify - turn features with nclasses / 8 or more pairs into dense rows
 * (runtime only: the file stays sparse, so its size does not depend on
 * this speed trade-off): adding a row of int16 vectorizes, scattering a
 * hundred pairs does not.  The replaced slot values are kept in dense_src
 * for sm_sparse_put().  Expects validated slots (no class twice per run).
 */
static int densify(sm_sparse_t *t)
{
	size_t cap = (size_t)t->mask + 1, n = 0;
	size_t stride = SM_SPARSE_STRIDE(t->nclasses);
	uint32_t dense_min = t->nclasses / 8;

	for (size_t i = 0; i < cap; i++)
		n += t->slots[2 * i] != 0 && (t->slots[2 * i + 1] & 0xff) >= dense_min;
	t->dense = calloc((n ? n : 1) * stride, sizeof(int16_t));
	t->dense_src = malloc((n ? n : 1) * sizeof(uint32_t));
	if (!t->dense || !t->dense_src)
		return SM_ENOMEM;
	for (size_t i = 0; i < cap; i++) {
		uint32_t v = t->slots[2 * i + 1], cnt = v & 0xff;
		if (t->slots[2 * i] == 0 || cnt < dense_min)
			continue;
		int16_t *row = t->dense + (size_t)t->ndense * stride;
		const uint32_t *pp = t->pairs + (v >> 8);
		for (uint32_t j = 0; j < cnt; j++)
			row[pp[j] & 0xff] = (int16_t)(pp[j] >> 16);
		t->dense_src[t->ndense] = v;
		t->slots[2 * i + 1] = (t->ndense++ << 8) | SM_SPARSE_DENSE_MARK;
	}
	return SM_OK;
}

/* quantize - w * scale rounded half away from zero, clamped to +-32767. */
static inline int quantize(float w, float scale)
{
	float x = w * scale;
	int q = (int)(x + (x >= 0 ? 0.5f : -0.5f));
	return q > 32767 ? 32767 : q < -32767 ? -32767 : q;
}

/*
 * sm_sparse_build - fill the zeroed table t from averaged weights: nfeat
 * distinct non-zero keys, feature f owning pairs start[f] ..
 * start[f + 1] - 1 of (cls, w).  A class may appear once per feature (the
 * dense rows rely on it).  Scale: the largest |weight| maps to 32000, so
 * a score (a sum of ~100 weights) fits an int32 with lots of room;
 * weights that quantize to 0 are dropped, and so are features left
 * without pairs.  SM_EINVAL on bad input, SM_ENOMEM; on failure t may
 * hold partial allocations for sm_sparse_release().
 */
int sm_sparse_build(sm_sparse_t *t, uint32_t nclasses, size_t nfeat,
		    const uint32_t *keys, const uint32_t *start,
		    const uint8_t *cls, const float *w)
{
	float maxw = 0.0f;

	if (nclasses == 0 || nclasses > 255 || (nfeat && (!keys || !start)) ||
	    nfeat > SM_SPARSE_MAX_CAP / 2)
		return SM_EINVAL;
	size_t total = nfeat ? start[nfeat] : 0;
	if (total > 0xffffffu)
		return SM_EINVAL;
	for (size_t f = 0; f < nfeat; f++) {
		uint8_t seen[256] = { 0 };
		if (start[f + 1] < start[f] || start[f + 1] > total)
			return SM_EINVAL;
		for (uint32_t j = start[f]; j < start[f + 1]; j++) {
			float a = w[j] < 0 ? -w[j] : w[j];
			if (cls[j] >= nclasses || seen[cls[j]]++)
				return SM_EINVAL;
			if (a > maxw)
				maxw = a;
		}
	}
	t->nclasses = nclasses;
	t->scale = maxw > 0 ? 32000.0f / maxw : 1.0f;
	uint32_t cap = sm_table_cap(nfeat);
	t->mask = cap - 1;
	t->slots = calloc((size_t)cap * 2, sizeof(uint32_t));
	t->pairs = malloc((total ? total : 1) * sizeof(uint32_t));
	if (!t->slots || !t->pairs)
		return SM_ENOMEM;
	for (size_t f = 0; f < nfeat; f++) {
		uint32_t key = keys[f], first = t->npairs;
		if (key == 0 || sm_slot_find(t->slots, t->mask, key) >= 0)
			return SM_EINVAL;
		for (uint32_t j = start[f]; j < start[f + 1]; j++) {
			int q = quantize(w[j], t->scale);
			if (q != 0)
				t->pairs[t->npairs++] =
					((uint32_t)(uint16_t)(int16_t)q << 16) | cls[j];
		}
		if (t->npairs > first) {
			sm_slot_put(t->slots, t->mask, key, (first << 8) | (t->npairs - first));
			t->nfeat++;
		}
	}
	return densify(t);
}

/*
 * sm_sparse_header_ok - 1 if a file header's table sizes are sane: cap a
 * power of two no larger than SM_SPARSE_MAX_CAP, fewer features than
 * slots (a probe must end), pair offsets that fit the 24 bits of a slot.
 */
int sm_sparse_header_ok(uint32_t cap, uint32_t nfeat, uint32_t npairs)
{
	return cap != 0 && (cap & (cap - 1)) == 0 && cap <= SM_SPARSE_MAX_CAP &&
	       nfeat < cap && npairs <= 0xffffffu;
}

/* sm_sparse_words - file words of the table: slots, then pairs. */
size_t sm_sparse_words(const sm_sparse_t *t)
{
	return 2 * ((size_t)t->mask + 1) + t->npairs;
}

/*
 * sm_sparse_put - write the table's sm_sparse_words() words at p: the
 * slots, dense rows turned back into their sparse slot values, then the
 * pairs.  The file therefore does not depend on densify().
 */
void sm_sparse_put(const sm_sparse_t *t, unsigned char *p)
{
	size_t cap = (size_t)t->mask + 1;
	for (size_t i = 0; i < cap; i++) {
		uint32_t kv[2] = { t->slots[2 * i], t->slots[2 * i + 1] };
		if (kv[0] && (kv[1] & 0xff) == SM_SPARSE_DENSE_MARK)
			kv[1] = t->dense_src[kv[1] >> 8];
		sm_sparse_put_words(p + 8 * i, kv, 2);
	}
	sm_sparse_put_words(p + 8 * cap, t->pairs, t->npairs);
}

/*
 * sm_sparse_get - read a table of cap slots and npairs pairs from the
 * file words at p (2 * cap + npairs of them, already size- and checksum-
 * checked) into the zeroed t, then check every slot (offset and count
 * inside the pair array, exactly nfeat used) and every pair (class below
 * nclasses, no class twice in a run), so scoring can never index out of
 * bounds, and densify.  The header values must have passed
 * sm_sparse_header_ok().  SM_EMODEL, SM_ENOMEM; on failure t may hold
 * allocations for sm_sparse_release().
 */
int sm_sparse_get(sm_sparse_t *t, uint32_t nclasses, const unsigned char *p,
		  uint32_t cap, uint32_t nfeat, uint32_t npairs, float scale)
{
	/* stamp[c] == slot + 1: class c already seen in this slot's run */
	uint32_t stamp[256] = { 0 };

	if (nclasses == 0 || nclasses > 255)
		return SM_EMODEL;
	t->slots = malloc(8 * (size_t)cap);
	t->pairs = malloc(4 * (size_t)(npairs ? npairs : 1));
	if (!t->slots || !t->pairs)
		return SM_ENOMEM;
	sm_sparse_get_words(t->slots, p, 2 * (size_t)cap);
	sm_sparse_get_words(t->pairs, p + 8 * (size_t)cap, npairs);
	t->nclasses = nclasses;
	t->mask = cap - 1;
	t->npairs = npairs;
	t->scale = scale;
	uint32_t used = 0;
	for (uint32_t i = 0; i < cap; i++) {
		uint32_t val = t->slots[2 * i + 1], off = val >> 8, cnt = val & 0xff;
		if (t->slots[2 * i] == 0)
			continue;
		used++;
		if (cnt == 0 || cnt > nclasses || off > npairs || cnt > npairs - off)
			return SM_EMODEL;
		for (uint32_t j = off; j < off + cnt; j++) {
			uint32_t c = t->pairs[j] & 0xffff;
			if (c >= nclasses || stamp[c] == i + 1)
				return SM_EMODEL;
			stamp[c] = i + 1;
		}
	}
	if (used != nfeat)
		return SM_EMODEL;
	t->nfeat = used;
	return densify(t);
}

/* sm_sparse_release - free what t holds (not t itself); NULL-safe. */
void sm_sparse_release(sm_sparse_t *t)
{
	if (!t)
		return;
	free(t->slots);
	free(t->pairs);
	free(t->dense);
	free(t->dense_src);
	memset(t, 0, sizeof(*t));
}

/* -------------------------------------------------------- cluster table */

/*
 * sm_sparse_clusters_build - fill the zeroed c with n (key, packed ids)
 * entries; a later duplicate key overwrites an earlier one.  n 0 gives
 * "no clusters" (cmask 0, a two-word empty array so lookups stay
 * harmless).  SM_EINVAL on a key 0, a NULL array or too many entries,
 * SM_ENOMEM; on failure c may hold an allocation for
 * sm_sparse_clusters_release().
 */
int sm_sparse_clusters_build(sm_sparse_clusters_t *c, size_t n,
			     const uint32_t *keys, const uint32_t *vals)
{
	if (n > SM_SPARSE_MAX_CAP / 2 || (n && (!keys || !vals)))
		return SM_EINVAL;
	uint32_t ccap = n ? sm_table_cap(n) : 0;
	c->cmask = ccap ? ccap - 1 : 0;
	c->clus = calloc(ccap ? 2 * (size_t)ccap : 2, sizeof(uint32_t));
	if (!c->clus)
		return SM_ENOMEM;
	for (size_t d = 0; d < n; d++) {
		if (keys[d] == 0)
			return SM_EINVAL;
		c->ncl += sm_slot_find(c->clus, c->cmask, keys[d]) < 0;
		sm_slot_put(c->clus, c->cmask, keys[d], vals[d]);
	}
	return SM_OK;
}

/*
 * sm_sparse_clusters_header_ok - 1 if a file's cluster table size is 0
 * (none) or a power of two from 2 to SM_SPARSE_MAX_CAP.
 */
int sm_sparse_clusters_header_ok(uint32_t ccap)
{
	return ccap == 0 || ((ccap & (ccap - 1)) == 0 && ccap >= 2 &&
			     ccap <= SM_SPARSE_MAX_CAP);
}

/* sm_sparse_clusters_words - file words of the table: 2 * ccap, 0 if none. */
size_t sm_sparse_clusters_words(const sm_sparse_clusters_t *c)
{
	return c->cmask ? 2 * ((size_t)c->cmask + 1) : 0;
}

/* sm_sparse_clusters_put - write sm_sparse_clusters_words() words at p. */
void sm_sparse_clusters_put(const sm_sparse_clusters_t *c, unsigned char *p)
{
	sm_sparse_put_words(p, c->clus, sm_sparse_clusters_words(c));
}

/*
 * sm_sparse_clusters_get - read a table of ccap slots (0: none; passed
 * sm_sparse_clusters_header_ok()) from the file words at p into the
 * zeroed c.  SM_EMODEL when no slot is empty, since a probe for a missing
 * key would then never end; SM_ENOMEM.
 */
int sm_sparse_clusters_get(sm_sparse_clusters_t *c, const unsigned char *p,
			   uint32_t ccap)
{
	c->clus = calloc(ccap ? 2 * (size_t)ccap : 2, sizeof(uint32_t));
	if (!c->clus)
		return SM_ENOMEM;
	sm_sparse_get_words(c->clus, p, 2 * (size_t)ccap);
	c->cmask = ccap ? ccap - 1 : 0;
	uint32_t used = 0;
	for (uint32_t i = 0; i < ccap; i++)
		used += c->clus[2 * i] != 0;
	if (ccap && used >= ccap)
		return SM_EMODEL;
	c->ncl = used;
	return SM_OK;
}

/* sm_sparse_clusters_release - free what c holds (not c); NULL-safe. */
void sm_sparse_clusters_release(sm_sparse_clusters_t *c)
{
	if (!c)
		return;
	free(c->clus);
	memset(c, 0, sizeof(*c));
}
