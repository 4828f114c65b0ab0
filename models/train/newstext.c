/*
 * newstext.c - news-archive text and word clusters for the trainers (see
 * newstext.h).  The tokenizer is deliberately simpler than the runtime's
 * (pipeline/tokenize.c): it only has to find words and their neighbours
 * in a few million sentences, consistently across trainers.
 *
 * Reference: spherical k-means, Dhillon & Modha (2001), "Concept
 * decompositions for large sparse text data using clustering".
 */
#include "newstext.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

/* nt_json_text - see newstext.h. */
size_t nt_json_text(char *dst, size_t cap, const char *p)
{
	size_t n = 0;
	while (*p && *p != '"' && n + 4 < cap) {
		if (*p == '\\' && p[1]) {
			char c = p[1];
			p += 2;
			if (c == 'n' || c == 'r' || c == 't')
				dst[n++] = c == 'n' ? '\n' : ' ';
			else if (c == 'u') {
				unsigned v = 0;
				for (int k = 0; k < 4 && *p; k++, p++) {
					char h = *p;
					v = v * 16 + (unsigned)(h >= 'a' ? h - 'a' + 10
							       : h >= 'A' ? h - 'A' + 10
									  : h - '0');
				}
				/* the runtime normalization, for the common ones */
				if (v == 0x2018 || v == 0x2019)
					dst[n++] = '\'';
				else if (v == 0x201C || v == 0x201D)
					dst[n++] = '"';
				else if (v == 0x2013)
					dst[n++] = '-';
				else if (v < 0x80)
					dst[n++] = (char)v;
				else
					dst[n++] = ' ';
			} else
				dst[n++] = c;
			continue;
		}
		dst[n++] = *p++;
	}
	dst[n] = '\0';
	return n;
}

/* nt_is_abbrev - see newstext.h. */
int nt_is_abbrev(const char *p, size_t len)
{
	static const char *const ab[] = {
		"Mr", "Mrs", "Ms", "Dr", "Inc", "Corp", "Ltd", "Co", "Jr",
		"Sr", "St", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Capt",
		"Jan", "Feb", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec", "No",
		"vs", "Prof", "Mt", "Ft", "Bros", NULL};
	if (len == 1 && p[0] >= 'A' && p[0] <= 'Z')
		return 1;
	if (memchr(p, '.', len))
		return 1;
	for (int i = 0; ab[i]; i++)
		if (strlen(ab[i]) == len && memcmp(ab[i], p, len) == 0)
			return 1;
	return 0;
}

/* nt_news_split - see newstext.h. */
void nt_news_split(const char *text, size_t max_tokens, int split_nt,
		   nt_sentence_fn fn, void *ctx)
{
	static const char lead[] = "\"'([{`";
	static const char trail[] = ",;:!?\")]}'.";
	sm_str_t w[NT_MAX_TOKENS];
	size_t n = 0;
	if (max_tokens == 0 || max_tokens > NT_MAX_TOKENS)
		max_tokens = NT_MAX_TOKENS;
	const char *p = text;
	while (*p) {
		if (*p == '\n') {
			if (n)
				fn(ctx, w, n);
			n = 0;
			p++;
			continue;
		}
		if (*p == ' ' || *p == '\t') {
			p++;
			continue;
		}
		const char *a = p, *b;
		while (*p && *p != ' ' && *p != '\n' && *p != '\t')
			p++;
		b = p;
		int end = 0;
		while (a < b && strchr(lead, *a) && n < max_tokens) {
			w[n].p = a++;
			w[n++].len = 1;
		}
		const char *e = b;
		while (e > a && strchr(trail, e[-1])) {
			if (e[-1] == '.' && nt_is_abbrev(a, (size_t)(e - 1 - a)) &&
			    e == b)
				break;
			e--;
		}
		size_t cut = 0; /* clitic split off the end */
		if (e > a + 2 && (e[-1] == 's' || e[-1] == 'S') && e[-2] == '\'')
			cut = 2;
		else if (split_nt && e > a + 3 && e[-1] == 't' && e[-2] == '\'' && e[-3] == 'n')
			cut = 3;
		if (cut) {
			if (n < max_tokens) {
				w[n].p = a;
				w[n++].len = (size_t)(e - cut - a);
			}
			if (n < max_tokens) {
				w[n].p = e - cut;
				w[n++].len = cut;
			}
		} else if (e > a && n < max_tokens) {
			w[n].p = a;
			w[n++].len = (size_t)(e - a);
		}
		for (const char *q = e; q < b && n < max_tokens; q++) {
			w[n].p = q;
			w[n++].len = 1;
			if (*q == '.' || *q == '!' || *q == '?')
				end = 1;
		}
		if (end || n >= max_tokens) {
			if (n)
				fn(ctx, w, n);
			n = 0;
		}
	}
	if (n)
		fn(ctx, w, n);
}

/* nt_news_each - see newstext.h. */
int nt_news_each(char **files, int nfiles, void (*fn)(void *, const char *),
		 void *ctx)
{
	size_t lcap = 1 << 22;
	char *line = malloc(lcap), *text = malloc(lcap);
	int rc = -1;
	if (!line || !text)
		goto done;
	for (int f = 0; f < nfiles; f++) {
		gzFile gz = gzopen(files[f], "rb");
		if (!gz) {
			fprintf(stderr, "cannot open %s\n", files[f]);
			goto done;
		}
		while (gzgets(gz, line, (int)lcap)) {
			const char *q = strstr(line, "\"text\": \"");
			if (!q)
				continue;
			nt_json_text(text, lcap, q + 9);
			size_t up = 0, low = 0;
			for (const char *c = text; *c; c++) {
				up += *c >= 'A' && *c <= 'Z';
				low += *c >= 'a' && *c <= 'z';
			}
			if (up * 2 > low)
				continue;
			fn(ctx, text);
		}
		gzclose(gz);
	}
	rc = 0;
done:
	free(line);
	free(text);
	return rc;
}

int nt_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

int nt_wordmap_init(nt_wordmap_t *m, unsigned bits)
{
	memset(m, 0, sizeof(*m));
	m->nslots = (size_t)1 << bits;
	m->slots = calloc(m->nslots, sizeof(uint32_t));
	return m->slots ? 0 : -1;
}

long nt_wordmap_id(nt_wordmap_t *m, const char *p, size_t len, int *added)
{
	size_t mask = m->nslots - 1, i = sm_hash(p, len) & mask;
	*added = 0;
	while (m->slots[i]) {
		size_t x = m->slots[i] - 1;
		if (strlen(m->word[x]) == len && memcmp(m->word[x], p, len) == 0)
			return (long)x;
		i = (i + 1) & mask;
	}
	if (m->n * 2 >= m->nslots)
		return -1;   /* full: enough statistics */
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 65536;
		char **w = realloc(m->word, cap * sizeof(char *));
		if (!w) {
			fprintf(stderr, "newstext: out of memory\n");
			exit(1);
		}
		m->word = w;
		m->cap = cap;
	}
	char *copy = malloc(len + 1);
	if (!copy) {
		fprintf(stderr, "newstext: out of memory\n");
		exit(1);
	}
	memcpy(copy, p, len);
	copy[len] = '\0';
	m->word[m->n] = copy;
	m->slots[i] = (uint32_t)++m->n;
	*added = 1;
	return (long)(m->n - 1);
}

void nt_wordmap_free(nt_wordmap_t *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->word[i]);
	free(m->word);
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

uint64_t nt_rng_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* nt_cooc_rows - see newstext.h. */
int nt_cooc_rows(const uint32_t *seq, size_t nseq, size_t nw, uint32_t minfreq,
		 size_t maxv, nt_rows_t *out)
{
	uint32_t *freq = NULL;
	uint64_t *byf = NULL, *pairs = NULL;
	int32_t *vi = NULL, *ci = NULL;
	size_t *rowp = NULL;
	uint16_t *col = NULL;
	float *val = NULL;
	size_t nv = 0, np = 0, pcap = 0, nz = 0;
	int rc = -1;
	memset(out, 0, sizeof(*out));
	freq = calloc(nw + 1, sizeof(uint32_t));
	byf = malloc((nw + 1) * sizeof(uint64_t));
	vi = malloc((nw + 1) * sizeof(int32_t));
	ci = malloc((nw + 1) * sizeof(int32_t));
	if (!freq || !byf || !vi || !ci)
		goto done;
	for (size_t i = 0; i < nseq; i++)
		if (seq[i] < nw)
			freq[seq[i]]++;
	/* by decreasing frequency, ties by id */
	for (size_t i = 0; i < nw; i++) {
		byf[i] = ((uint64_t)(UINT32_MAX - freq[i]) << 32) | (uint32_t)i;
		vi[i] = ci[i] = -1;
	}
	qsort(byf, nw, sizeof(uint64_t), nt_cmp_u64);
	for (size_t r = 0; r < nw && nv < maxv; r++) {
		uint32_t id = (uint32_t)byf[r];
		if (freq[id] < minfreq)
			break;
		vi[id] = (int32_t)nv++;
		if (r < NT_CTX)
			ci[id] = (int32_t)r;
	}
	/* (word, context dimension) pairs */
	for (size_t i = 0; i < nseq; i++) {
		uint32_t w = seq[i];
		if (w >= nw || vi[w] < 0)
			continue;
		uint32_t l = i > 0 ? seq[i - 1] : NT_SENT;
		uint32_t r = i + 1 < nseq ? seq[i + 1] : NT_SENT;
		int dl = l == NT_SENT ? 2 * NT_CTX : (l < nw && ci[l] >= 0) ? ci[l] : -1;
		int dr = r == NT_SENT ? 2 * NT_CTX + 1
			 : (r < nw && ci[r] >= 0) ? NT_CTX + ci[r] : -1;
		if (np + 2 > pcap) {
			size_t ncap = pcap ? 2 * pcap : (1 << 20);
			uint64_t *q = realloc(pairs, ncap * sizeof(uint64_t));
			if (!q)
				goto done;
			pairs = q;
			pcap = ncap;
		}
		if (dl >= 0)
			pairs[np++] = ((uint64_t)vi[w] << 32) | (uint32_t)dl;
		if (dr >= 0)
			pairs[np++] = ((uint64_t)vi[w] << 32) | (uint32_t)dr;
	}
	qsort(pairs, np, sizeof(uint64_t), nt_cmp_u64);
	rowp = calloc(nv + 1, sizeof(size_t));
	col = malloc((np + 1) * sizeof(uint16_t));
	val = malloc((np + 1) * sizeof(float));
	if (!rowp || !col || !val)
		goto done;
	for (size_t i = 0; i < np;) {
		size_t j = i;
		while (j < np && pairs[j] == pairs[i])
			j++;
		size_t v = (size_t)(pairs[i] >> 32);
		col[nz] = (uint16_t)(pairs[i] & 0xffff);
		val[nz] = (float)sqrt((double)(j - i));
		rowp[v + 1] = ++nz;
		i = j;
	}
	for (size_t v = 1; v <= nv; v++)
		if (rowp[v] < rowp[v - 1])
			rowp[v] = rowp[v - 1];
	for (size_t v = 0; v < nv; v++) {
		double nn = 0;
		for (size_t j = rowp[v]; j < rowp[v + 1]; j++)
			nn += (double)val[j] * val[j];
		for (size_t j = rowp[v]; j < rowp[v + 1]; j++)
			val[j] = (float)(val[j] / sqrt(nn));
	}
	out->nv = nv;
	out->nz = nz;
	out->vi = vi;
	out->rowp = rowp;
	out->col = col;
	out->val = val;
	vi = NULL;
	rowp = NULL;
	col = NULL;
	val = NULL;
	rc = 0;
done:
	free(freq);
	free(byf);
	free(ci);
	free(pairs);
	free(vi);
	free(rowp);
	free(col);
	free(val);
	return rc;
}

void nt_rows_free(nt_rows_t *r)
{
	if (!r)
		return;
	free(r->vi);
	free(r->rowp);
	free(r->col);
	free(r->val);
	memset(r, 0, sizeof(*r));
}

/* nt_kmeans - see newstext.h. */
int nt_kmeans(const size_t *rowp, const uint16_t *col, const float *val,
	      size_t nv, int k, int iters, uint32_t *assign, FILE *log)
{
	float *cent = calloc((size_t)NT_DIM * (size_t)k, sizeof(float));
	float *sc = malloc((size_t)k * sizeof(float));
	uint64_t rng = 0x2545F4914F6CDD1Dull;
	if (!cent || !sc) {
		free(cent);
		free(sc);
		return -1;
	}
	/* Forgy start: k distinct frequent words are the first centroids. */
	for (size_t v = 0; v < nv; v++)
		assign[v] = (uint32_t)k;
	size_t pool = nv < 20000 ? nv : 20000;
	for (int c = 0; c < k && (size_t)c < pool;) {
		size_t v = (size_t)(nt_rng_next(&rng) % pool);
		if (assign[v] == (uint32_t)k)
			assign[v] = (uint32_t)c++;
	}
	for (int it = 0; it <= iters; it++) {
		memset(cent, 0, (size_t)NT_DIM * (size_t)k * sizeof(float));
		for (size_t v = 0; v < nv; v++) {
			if (assign[v] >= (uint32_t)k)
				continue;
			for (size_t j = rowp[v]; j < rowp[v + 1]; j++)
				cent[(size_t)col[j] * (size_t)k + assign[v]] += val[j];
		}
		for (int c = 0; c < k; c++) {
			double nn = 0;
			for (size_t d = 0; d < NT_DIM; d++)
				nn += (double)cent[d * (size_t)k + (size_t)c] *
				      cent[d * (size_t)k + (size_t)c];
			float inv = nn > 0 ? (float)(1.0 / sqrt(nn)) : 0;
			for (size_t d = 0; d < NT_DIM; d++)
				cent[d * (size_t)k + (size_t)c] *= inv;
		}
		if (it == iters)
			break;
		size_t moved = 0;
		for (size_t v = 0; v < nv; v++) {
			memset(sc, 0, (size_t)k * sizeof(float));
			for (size_t j = rowp[v]; j < rowp[v + 1]; j++) {
				const float *cr = cent + (size_t)col[j] * (size_t)k;
				float x = val[j];
				for (int c = 0; c < k; c++)
					sc[c] += x * cr[c];
			}
			uint32_t best = 0;
			for (int c = 1; c < k; c++)
				if (sc[c] > sc[best])
					best = (uint32_t)c;
			moved += best != assign[v];
			assign[v] = best;
		}
		if (log) {
			fprintf(log, "  k-means k=%d iteration %d: %zu moved\n",
				k, it + 1, moved);
			fflush(log);
		}
	}
	free(cent);
	free(sc);
	return 0;
}

