/*
 * rouge-main.c - the `bench/rouge` command: score a candidate summary file
 * against a reference file with ROUGE-1/2/L/Lsum (bench/rouge.c).
 *
 *   rouge [--stem | --no-stem | --both] CANDIDATE REFERENCE
 *
 * Both files are UTF-8 text with one sentence per line (the line structure
 * matters only for ROUGE-Lsum).  "-" reads standard input (for one of the
 * two files).  Prints one line per variant: name, precision, recall, F1.
 * Exit status: 0 on success, 1 on I/O or memory errors, 2 on bad usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "rouge.h"

/*
 * read_all - the whole of path ("-" = stdin) into a malloc'd buffer.
 * Returns SM_OK, SM_EIO or SM_ENOMEM; *out is owned by the caller.
 */
static int read_all(const char *path, char **out, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;
	int rc = SM_OK;
	if (!f)
		return SM_EIO;
	for (;;) {
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 65536;
			char *nb = realloc(buf, ncap);
			if (!nb) {
				rc = SM_ENOMEM;
				goto done;
			}
			buf = nb;
			cap = ncap;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0) {
			if (ferror(f))
				rc = SM_EIO;
			break;
		}
	}
done:
	if (f != stdin)
		fclose(f);
	if (rc != SM_OK) {
		free(buf);
		return rc;
	}
	*out = buf;
	*len = n;
	return SM_OK;
}

/* print_scores - one line per variant, with the stemming label. */
static void print_scores(const char *label, const sm_rouge_scores_t *s)
{
	const struct {
		const char *name;
		const sm_rouge_prf_t *v;
	} rows[] = {
		{ "rouge1", &s->r1 }, { "rouge2", &s->r2 },
		{ "rougeL", &s->rl }, { "rougeLsum", &s->rlsum },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		printf("%-9s %-7s P=%.5f R=%.5f F1=%.5f\n", rows[i].name, label,
		       rows[i].v->p, rows[i].v->r, rows[i].v->f);
}

int main(int argc, char **argv)
{
	int want_stem = 0, want_plain = 1;
	int argi = 1;
	char *cand = NULL, *ref = NULL;
	size_t clen = 0, rlen = 0;
	sm_rouge_t *r = NULL;
	int status = 1, rc;
	for (; argi < argc && argv[argi][0] == '-' && argv[argi][1]; argi++) {
		if (strcmp(argv[argi], "--stem") == 0) {
			want_stem = 1;
			want_plain = 0;
		} else if (strcmp(argv[argi], "--no-stem") == 0) {
			want_stem = 0;
			want_plain = 1;
		} else if (strcmp(argv[argi], "--both") == 0) {
			want_stem = want_plain = 1;
		} else if (strcmp(argv[argi], "--help") == 0 ||
			   strcmp(argv[argi], "-h") == 0) {
			printf("usage: rouge [--stem|--no-stem|--both] CANDIDATE REFERENCE\n");
			return 0;
		} else {
			fprintf(stderr, "rouge: unknown option %s\n", argv[argi]);
			return 2;
		}
	}
	if (argc - argi != 2) {
		fprintf(stderr, "usage: rouge [--stem|--no-stem|--both] CANDIDATE REFERENCE\n");
		return 2;
	}
	if ((rc = read_all(argv[argi], &cand, &clen)) != SM_OK) {
		fprintf(stderr, "rouge: %s: %s\n", argv[argi], sm_strerror(rc));
		goto done;
	}
	if ((rc = read_all(argv[argi + 1], &ref, &rlen)) != SM_OK) {
		fprintf(stderr, "rouge: %s: %s\n", argv[argi + 1], sm_strerror(rc));
		goto done;
	}
	for (int stem = 0; stem <= 1; stem++) {
		if ((stem && !want_stem) || (!stem && !want_plain))
			continue;
		sm_rouge_scores_t s;
		if ((rc = sm_rouge_new(stem, &r)) != SM_OK ||
		    (rc = sm_rouge_score(r, cand, clen, ref, rlen, &s)) != SM_OK) {
			fprintf(stderr, "rouge: %s\n", sm_strerror(rc));
			goto done;
		}
		print_scores(stem ? "stem" : "nostem", &s);
		sm_rouge_free(r);
		r = NULL;
	}
	status = 0;
done:
	sm_rouge_free(r);
	free(cand);
	free(ref);
	return status;
}
