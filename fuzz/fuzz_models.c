/*
 * fuzz_models.c - libFuzzer harness for every model loader: a corrupt,
 * truncated or hostile model file must give SM_EMODEL (or another
 * documented error), never a crash, a hang or an out-of-bounds read, and a
 * file that loads must then be usable.
 *
 * Input: byte 0 picks the file (below), byte 1 picks among several files of
 * one loader, the rest is the file's content.  Loaders that take a models
 * directory (NER, facts, score) get a scratch directory under /dev/shm (or
 * $TMPDIR) mirroring $SM_MODELS_DIR (text tables cut short, see mirror()),
 * in which only the chosen file is replaced by the input and restored
 * afterwards.
 *
 *   0  en-pos.bin             sm_tag_model_load, then tag a sentence
 *   1  en-dep.bin             sm_parse_model_load, then parse a sentence
 *   2  en-ner.bin             sm_ner_model_load, then tag a sentence
 *   3  segment patterns       sm_segment_model_load, then segment a document
 *   4  stopword list          sm_stopwords_load, then look words up
 *   5  facts/ and gazetteer/  sm_facts_model_load (byte 1: which table)
 *   6  en-idf / en-score.tsv  sm_score_model_load (byte 1 bit 0: which)
 *
 * Seeds: fuzz/run writes, for each loader, the real model files (at most
 * their first 64 KiB) prefixed with the selector bytes, plus tiny valid
 * tagger and parser models made by running this harness with
 * SM_FUZZ_WRITE_SEEDS=DIR (the shipped ones may not exist yet).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "doc.h"
#include "facts.h"
#include "ingest.h"
#include "ner.h"
#include "normalize.h"
#include "parse.h"
#include "score.h"
#include "segment.h"
#include "stem.h"
#include "tag.h"

/* Files of the scratch directory a selector can replace. */
static const char *const FACT_FILES[] = {
	"facts/verb-lemmas.tsv", "facts/converse.tsv", "facts/attribution.tsv",
	"facts/modality.tsv", "facts/numbers.tsv", "gazetteer/canonical.tsv",
	"facts/aliases-extra.tsv",
};
static const char *const SCORE_FILES[] = { "en-idf.tsv", "en-score.tsv" };
static const char *const MIRROR[] = {
	"en-pos.bin", "en-dep.bin", "en-ner.bin", "en-idf.tsv", "en-score.tsv",
	"segment/english.patterns", "stopwords/english.txt",
	"facts/verb-lemmas.tsv", "facts/converse.tsv", "facts/attribution.tsv",
	"facts/modality.tsv", "facts/numbers.tsv", "facts/aliases-extra.tsv",
	"gazetteer/canonical.tsv",
};

/*
 * The scratch directory, made once by LLVMFuzzerInitialize, and beside it
 * the directory its links point to: the model files, with the text tables
 * cut to their first MIRROR_LINES lines.  A loader of one table reads the
 * others too; whole, the IDF and verb tables (25,000 and 3,000 lines) cost
 * 80% of every execution without reaching any code a short table does not.
 */
static char scratch[256];
static char mirror_src[300];
#define MIRROR_LINES 200

/* The sentence every loaded model is tried on. */
static const char *const WORDS[] = {
	"Prime", "Minister", "John", "Smith", "said", "on", "Tuesday", "that",
	"Acme", "Corp.", "will", "sell", "5%", "of", "its", "shares", "."
};
static const char *const TAGS[] = {
	"NNP", "NNP", "NNP", "NNP", "VBD", "IN", "NNP", "IN",
	"NNP", "NNP", "MD", "VB", "CD", "IN", "PRP$", "NNS", "."
};
#define NWORDS (sizeof WORDS / sizeof WORDS[0])

/*
 * Copy the model file rel into mirror_src: binary models as links, text
 * tables as their first MIRROR_LINES lines (comments and header included,
 * so the copy is still a valid table).  Absent files stay absent.
 */
static void mirror(const char *rel)
{
	char dst[512], src[4096], line[8192];
	FILE *in, *out;
	size_t len = strlen(rel);
	snprintf(dst, sizeof dst, "%s/%s", mirror_src, rel);
	snprintf(src, sizeof src, "%s/%s", fuzz_models_dir(), rel);
	if (access(src, R_OK) != 0)
		return;
	if (len > 4 && strcmp(rel + len - 4, ".bin") == 0) {
		if (symlink(src, dst) != 0)
			fprintf(stderr, "fuzz_models: %s: %s\n", dst, strerror(errno));
		return;
	}
	if (!(in = fopen(src, "r")))
		return;
	if ((out = fopen(dst, "w")) != NULL) {
		for (int n = 0; n < MIRROR_LINES && fgets(line, sizeof line, in); n++)
			fputs(line, out);
		fclose(out);
	}
	fclose(in);
}

/* Point scratch/rel at its mirror_src copy (or remove it if absent). */
static void restore(const char *rel)
{
	char dst[512], src[4096];
	snprintf(dst, sizeof dst, "%s/%s", scratch, rel);
	snprintf(src, sizeof src, "%s/%s", mirror_src, rel);
	unlink(dst);
	if (access(src, R_OK) == 0 && symlink(src, dst) != 0)
		fprintf(stderr, "fuzz_models: %s: %s\n", dst, strerror(errno));
}

/* Replace scratch/rel by (p, n); 0 on success. */
static int put(const char *rel, const uint8_t *p, size_t n)
{
	char dst[512];
	int fd;
	snprintf(dst, sizeof dst, "%s/%s", scratch, rel);
	unlink(dst);
	fd = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return -1;
	if (n && write(fd, p, n) != (ssize_t)n) {
		close(fd);
		return -1;
	}
	return close(fd);
}

/*
 * Write tiny valid tagger and parser models into dir as seeds (selector
 * bytes included), so the fuzzer starts from files that pass validation.
 */
static int write_seeds(const char *dir)
{
	static const uint32_t keys[3] = { 11, 22, 33 };
	static const uint32_t start[4] = { 0, 2, 3, 5 };
	static const uint8_t cls[5] = { 1, 2, 3, 0, 4 };
	static const float w[5] = { 0.5f, -1.0f, 2.0f, 0.25f, -0.75f };
	static const uint8_t lext[1] = { 3 };
	static const uint64_t lexm[1] = { 8 };
	uint32_t lk[1];
	sm_tag_weights_t tw = { .nfeat = 3, .keys = keys, .start = start, .cls = cls,
				.w = w, .nlex = 1, .lex_keys = lk, .lex_tags = lext,
				.lex_masks = lexm };
	sm_parse_weights_t pw = { .nfeat = 3, .keys = keys, .start = start, .cls = cls,
				  .w = w };
	sm_tag_model_t *tm = NULL;
	sm_parse_model_t *pm = NULL;
	char tmp[4096], out[4096];
	int rc = 1;
	lk[0] = sm_tag_word_key("the", 3);
	snprintf(tmp, sizeof tmp, "%s/.tmp-model", dir);
	if (sm_tag_model_build(&tw, &tm) != SM_OK || sm_tag_model_save(tm, tmp) != SM_OK)
		goto done;
	for (int which = 0; which < 2; which++) {
		if (which == 1 && (sm_parse_model_build(&pw, &pm) != SM_OK ||
				   sm_parse_model_save(pm, tmp) != SM_OK))
			goto done;
		FILE *in = fopen(tmp, "rb"), *o;
		snprintf(out, sizeof out, "%s/tiny-%s-model", dir, which ? "parse" : "tag");
		o = fopen(out, "wb");
		if (!in || !o) {
			if (in)
				fclose(in);
			if (o)
				fclose(o);
			goto done;
		}
		fputc(which, o);
		fputc(0, o);
		int c;
		while ((c = fgetc(in)) != EOF)
			fputc(c, o);
		fclose(in);
		if (fclose(o) != 0)
			goto done;
	}
	rc = 0;
done:
	unlink(tmp);
	sm_tag_model_free(tm);
	sm_parse_model_free(pm);
	return rc;
}

/* Remove the scratch directory at exit (best effort). */
static void cleanup(void)
{
	static const char *const dirs[] = { "facts", "gazetteer", "segment", "stopwords", "" };
	const char *const roots[] = { scratch, mirror_src };
	char p[512];
	for (size_t r = 0; r < 2; r++) {
		for (size_t i = 0; i < sizeof MIRROR / sizeof MIRROR[0]; i++) {
			snprintf(p, sizeof p, "%s/%s", roots[r], MIRROR[i]);
			unlink(p);
		}
		for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
			snprintf(p, sizeof p, "%s/%s", roots[r], dirs[i]);
			rmdir(p);
		}
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *seeds = getenv("SM_FUZZ_WRITE_SEEDS");
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
	char sub[512];
	(void)argc;
	(void)argv;
	if (seeds && *seeds)
		exit(write_seeds(seeds));
	snprintf(scratch, sizeof scratch, "%s/fuzz-models-XXXXXX", base ? base : "/tmp");
	if (!mkdtemp(scratch)) {
		perror("fuzz_models: mkdtemp");
		exit(1);
	}
	snprintf(mirror_src, sizeof mirror_src, "%s-src", scratch);
	if (mkdir(mirror_src, 0700) != 0) {
		perror("fuzz_models: mkdir");
		exit(1);
	}
	static const char *const dirs[] = { "facts", "gazetteer", "segment", "stopwords" };
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		snprintf(sub, sizeof sub, "%s/%s", scratch, dirs[i]);
		mkdir(sub, 0700);
		snprintf(sub, sizeof sub, "%s/%s", mirror_src, dirs[i]);
		mkdir(sub, 0700);
	}
	for (size_t i = 0; i < sizeof MIRROR / sizeof MIRROR[0]; i++) {
		mirror(MIRROR[i]);
		restore(MIRROR[i]);
	}
	atexit(cleanup);
	return 0;
}

/* Is rc a status a loader may return for a bad file? */
static int load_status_ok(int rc)
{
	return rc == SM_OK || rc == SM_EMODEL || rc == SM_ENOMEM || rc == SM_EIO ||
	       rc == SM_ENOENT || rc == SM_ETOOBIG;
}

/* The test sentence as sm_str_t words. */
static void sentence(sm_str_t *w)
{
	for (size_t i = 0; i < NWORDS; i++) {
		w[i].p = WORDS[i];
		w[i].len = strlen(WORDS[i]);
	}
}

static void try_tag(const char *path)
{
	sm_tag_model_t *m = NULL;
	sm_tagger_t *t = NULL;
	sm_str_t w[NWORDS];
	uint8_t tags[NWORDS];
	int rc = sm_tag_model_load(path, &m);
	FUZZ_CHECK(load_status_ok(rc));
	if (rc != SM_OK || sm_tagger_new(m, &t) != SM_OK)
		goto done;
	sentence(w);
	if (sm_tagger_tag(t, w, NWORDS, tags) == SM_OK)
		for (size_t i = 0; i < NWORDS; i++)
			FUZZ_CHECK(tags[i] < sm_tag_count());
done:
	sm_tagger_free(t);
	sm_tag_model_free(m);
}

static void try_parse(const char *path)
{
	sm_parse_model_t *m = NULL;
	sm_parser_t *p = NULL;
	sm_str_t w[NWORDS];
	uint8_t tags[NWORDS], rels[NWORDS];
	int16_t heads[NWORDS];
	int rc = sm_parse_model_load(path, &m), roots = 0;
	FUZZ_CHECK(load_status_ok(rc));
	if (rc != SM_OK || sm_parser_new(m, &p) != SM_OK)
		goto done;
	sentence(w);
	for (size_t i = 0; i < NWORDS; i++) {
		int t = sm_tag_from_name(TAGS[i], strlen(TAGS[i]));
		tags[i] = (uint8_t)(t < 0 ? 0 : t);
	}
	if (sm_parser_parse(p, w, tags, NWORDS, heads, rels) == SM_OK) {
		for (size_t i = 0; i < NWORDS; i++) {
			FUZZ_CHECK(heads[i] >= -1 && heads[i] < (int)NWORDS);
			roots += heads[i] == -1;
		}
		FUZZ_CHECK(roots == 1);
	}
done:
	sm_parser_free(p);
	sm_parse_model_free(m);
}

static void try_ner(void)
{
	sm_ner_model_t *m = NULL;
	sm_ner_t *r = NULL;
	sm_str_t w[NWORDS];
	uint8_t ents[NWORDS];
	int rc = sm_ner_model_load(scratch, &m);
	FUZZ_CHECK(load_status_ok(rc));
	if (rc != SM_OK || sm_ner_new(m, &r) != SM_OK)
		goto done;
	sentence(w);
	sm_ner_begin_doc(r);
	if (sm_ner_tag(r, w, TAGS, NWORDS, ents) == SM_OK)
		for (size_t i = 0; i < NWORDS; i++)
			FUZZ_CHECK(SM_ENT_TYPE(ents[i]) < SM_ENT_NTYPES);
done:
	sm_ner_free(r);
	sm_ner_model_free(m);
}

static void try_segment(const char *path)
{
	static const char doc_text[] =
		"Advertisement\n\nBy Jane Doe | Reuters\n\nLONDON (Reuters) - Acme Corp. "
		"will sell 5% of its shares, it said on Tuesday.\n\nRead more: "
		"https://example.com\n\nShare this article\n";
	sm_segment_model_t *m = NULL;
	sm_doc_t *d = NULL;
	int rc = sm_segment_model_load(path, &m);
	FUZZ_CHECK(load_status_ok(rc));
	if (rc != SM_OK || sm_doc_new(&d) != SM_OK)
		goto done;
	if (sm_doc_set_input(d, doc_text, sizeof doc_text - 1, NULL, NULL, NULL) != SM_OK ||
	    sm_ingest_run(d) != SM_OK || sm_normalize_run(d) != SM_OK)
		goto done;
	rc = sm_segment_run(m, d);
	FUZZ_CHECK(rc == SM_OK || rc == SM_ENOMEM);
	for (size_t b = 0; b < d->n_blocks; b++)
		FUZZ_CHECK(d->blocks[b].norm_end <= d->norm_len &&
			   d->blocks[b].kind < SM_BLOCK_KINDS);
done:
	sm_doc_free(d);
	sm_segment_model_free(m);
}

static void try_stopwords(const char *path)
{
	sm_stopwords_t *sw = NULL;
	sm_stemmer_t *st = NULL;
	size_t n;
	int rc = sm_stopwords_load(path, &sw);
	FUZZ_CHECK(load_status_ok(rc));
	if (rc != SM_OK)
		return;
	for (size_t i = 0; i < NWORDS; i++)
		(void)sm_stopwords_has(sw, WORDS[i], strlen(WORDS[i]));
	(void)sm_stopwords_has(sw, "", 0);
	if (sm_stemmer_new("english", sw, &st) == SM_OK)
		(void)sm_stemmer_stem(st, "shares", 6, &n);
	sm_stemmer_free(st);
	sm_stopwords_free(sw);
}

static void try_facts(void)
{
	sm_facts_model_t *m = NULL;
	sm_facts_t *f = NULL;
	int rc = sm_facts_model_load(scratch, &m);
	FUZZ_CHECK(load_status_ok(rc));
	if (rc == SM_OK && sm_facts_new(m, &f) == SM_OK)
		sm_facts_free(f);
	sm_facts_model_free(m);
}

static void try_score(void)
{
	sm_score_model_t *m = NULL;
	char err[256];
	int rc = sm_score_model_load(scratch, "english", &m, err, sizeof err);
	FUZZ_CHECK(load_status_ok(rc));
	if (rc == SM_OK) {
		for (size_t i = 0; i < NWORDS; i++) {
			float x = sm_score_model_idf(m, WORDS[i], strlen(WORDS[i]));
			FUZZ_CHECK(x == x); /* not NaN */
		}
		(void)sm_score_model_redundancy(m);
	}
	sm_score_model_free(m);
}

/* One input: selector, sub-selector, file content.  See the file comment. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *rel;
	char path[512];
	if (size < 2)
		return 0;
	unsigned sel = data[0] % 7, sub = data[1];
	data += 2, size -= 2;
	switch (sel) {
	case 0: rel = "en-pos.bin"; break;
	case 1: rel = "en-dep.bin"; break;
	case 2: rel = "en-ner.bin"; break;
	case 3: rel = "segment/english.patterns"; break;
	case 4: rel = "stopwords/english.txt"; break;
	case 5: rel = FACT_FILES[sub % (sizeof FACT_FILES / sizeof FACT_FILES[0])]; break;
	default: rel = SCORE_FILES[sub & 1]; break;
	}
	if (put(rel, data, size) != 0)
		goto done;
	snprintf(path, sizeof path, "%s/%s", scratch, rel);
	switch (sel) {
	case 0: try_tag(path); break;
	case 1: try_parse(path); break;
	case 2: try_ner(); break;
	case 3: try_segment(path); break;
	case 4: try_stopwords(path); break;
	case 5: try_facts(); break;
	default: try_score(); break;
	}
done:
	restore(rel);
	return 0;
}
