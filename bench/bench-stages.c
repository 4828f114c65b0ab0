/*
 * bench-stages.c - throughput of the pipeline on a large corpus, stage by
 * stage, by thread count and by document length.
 *
 * Role: the measuring half of issue #7 (bench/run is the driver that adds
 * the report header, the peers and the plots).  It loads every article of
 * the corpus into memory first (through the batch runner's own reader,
 * input.h, so JSONL, .jsonl.gz, directories and text files are read exactly
 * as `summarize` reads them), then times, each time as the median, minimum
 * and maximum of --reps repetitions after --warmup untimed passes:
 *
 *   baseline    a memchr pass counting newlines over the same bytes: the
 *               cost of merely reading the text, so every stage can be
 *               stated as "x times slower than reading the bytes";
 *   stages      every stage on its own (copy-in, ingest ... facts, render),
 *               by adding one SM_STAGE_* bit at a time to the same document
 *               with sm_pipeline_run_stages(): MB/s of article text,
 *               articles/s, tokens/s, share of the total and the arena bytes
 *               each stage adds per input byte;
 *   end to end  sm_pipeline_run + sm_render_json per article, summary only
 *               (--facts=none) and summary + key facts;
 *   threads     the same article set at 1, 2, ... threads, each thread with
 *               its own sm_pipeline_t and sm_doc_t, taking articles from a
 *               shared atomic index (the batch runner's design, without its
 *               reader and writer threads);
 *   length      single documents of 1 KB ... 5 MB cut from one pool of real
 *               articles (so every size reads the same text); seconds per MB
 *               for each size and stage, the ratio of the largest to the
 *               smallest size and of the slowest to the fastest (flat = 1.0).
 *
 * Time is the thread CPU clock (CLOCK_THREAD_CPUTIME_ID), because the
 * targets are per core and the machine may be shared; wall time is given
 * beside it where it means something (end to end, threads).  The clock read
 * costs a system call, calibrated per thread and subtracted per stage.  The
 * fact configurations (~100x slower) run on an evenly strided subset
 * (--facts-articles) with --facts-reps repetitions.
 *
 * Guards: every pass counts its output records (a rendered summary or an
 * error record) and checks the count against the input count; error records
 * are reported by status code, as are records the reader rejected.  Peak RSS
 * is measured per phase (VmHWM, reset through /proc/self/clear_refs where
 * the kernel allows it, else the process peak from getrusage).
 *
 * Output: Markdown sections on standard output, progress on standard error;
 * with --dat DIR also gnuplot data files (threads.dat, length.dat).
 * With --dump-sample DIR it only writes a sample of article texts as files
 * (for the per-file peers, e.g. OTS) and exits.
 *
 * References: the stage order and API of pipeline.h; the measurement
 * practice (warm-up, repetitions, median with range, a trivial baseline over
 * the same bytes) follows the usual micro-benchmark advice, e.g. Google
 * Benchmark's and hyperfine's reports.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "doc.h"
#include "input.h"
#include "pipeline.h"
#include "render.h"

#define MB 1e6            /* throughput is reported in decimal MB */
#define MAX_REPS 1000
#define MAX_THREADS 256
#define MAX_SIZES 16

/* ------------------------------------------------------------- the corpus */

typedef struct {
	char *text;
	size_t len;
	char *id;
	char *title;
	char *date;
} article_t;

typedef struct {
	article_t *a;
	size_t n, cap;
	size_t bytes;          /* sum of text lengths */
	size_t n_records;      /* records the reader produced */
	size_t n_reader_err;   /* records the reader or the JSON parse rejected */
	size_t reader_err_by_code[32];
	char first_err[256];
} corpus_t;

static void corpus_free(corpus_t *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->a[i].text);
		free(c->a[i].id);
		free(c->a[i].title);
		free(c->a[i].date);
	}
	free(c->a);
	memset(c, 0, sizeof(*c));
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/*
 * CPU seconds of the calling thread.  The machine the bench runs on may be
 * shared, so wall time alone would measure the neighbours: stages and
 * passes are timed with this clock.  It costs a system call (~0.2-0.5 us),
 * which worker_init calibrates and process_one subtracts per stage.
 */
static double cpu_now(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
		return now();
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static size_t code_slot(int status)
{
	int k = -status;
	return (k >= 0 && k < 32) ? (size_t)k : 31;
}

/*
 * corpus_add - append one article, taking ownership of the strings.
 * SM_OK or SM_ENOMEM (then the strings are still the caller's).
 */
static int corpus_add(corpus_t *c, article_t *art)
{
	if (c->n == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 1024;
		if (nc > SIZE_MAX / sizeof(article_t))
			return SM_ENOMEM;
		article_t *na = realloc(c->a, nc * sizeof(article_t));
		if (!na)
			return SM_ENOMEM;
		c->a = na;
		c->cap = nc;
	}
	c->a[c->n++] = *art;
	c->bytes += art->len;
	return SM_OK;
}

/*
 * corpus_load - read every record of the n paths into memory with the batch
 * runner's reader (input.h); stops after max articles (0: no limit).  Error
 * records are counted, not fatal.  Returns SM_OK or SM_ENOMEM / SM_EINVAL.
 */
static int corpus_load(corpus_t *c, const char *const *paths, size_t n, size_t max)
{
	int rc;
	sm_input_opts_t io;
	sm_input_t *in = NULL;
	sm_record_t *r = NULL;

	sm_input_opts_init(&io);
	if ((rc = sm_input_new(&io, paths, n, &in)) != SM_OK)
		goto done;
	for (;;) {
		if ((rc = sm_input_next(in, &r)) != SM_OK)
			goto done;
		if (!r)
			break;
		c->n_records++;
		if (r->kind == SM_REC_JSONL && (rc = sm_record_parse_jsonl(r, &io)) != SM_OK)
			goto done;
		if (r->kind != SM_REC_DOC) {
			c->n_reader_err++;
			c->reader_err_by_code[code_slot(r->status)]++;
			if (!c->first_err[0])
				snprintf(c->first_err, sizeof c->first_err, "%s:%zu: %s",
					 r->source ? r->source : "?", r->line,
					 r->message ? r->message : sm_strerror(r->status));
		} else {
			article_t art = { r->data, r->len, r->id, r->title, r->date };
			if ((rc = corpus_add(c, &art)) != SM_OK)
				goto done;
			r->data = r->id = r->title = r->date = NULL; /* now ours */
		}
		sm_record_free(r);
		r = NULL;
		if (max && c->n >= max)
			break;
	}
	rc = SM_OK;
done:
	sm_record_free(r);
	sm_input_free(in);
	return rc;
}

/* ------------------------------------------------------------ statistics */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

typedef struct {
	double med, min, max;
} range_t;

/* range_of - median, min and max of the n values v (n >= 1; v is sorted). */
static range_t range_of(double *v, size_t n)
{
	range_t r = { 0, 0, 0 };
	if (n == 0)
		return r;
	qsort(v, n, sizeof(double), cmp_double);
	r.min = v[0];
	r.max = v[n - 1];
	r.med = (n % 2) ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	return r;
}

/*
 * Peak resident memory of a phase: VmHWM after writing "5" to
 * /proc/self/clear_refs (Linux >= 4.0 resets the high-water mark), so each
 * phase reports its own peak.  When the reset is refused the value is the
 * process peak so far, and rss_reset returns 0 so the report can say so.
 */
static int rss_reset(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");
	if (!f)
		return 0;
	int ok = fputs("5", f) >= 0;
	if (fclose(f) != 0)
		ok = 0;
	return ok;
}

static long proc_status_kb(const char *key)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;
	size_t kl = strlen(key);
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, key, kl) == 0 && line[kl] == ':') {
			v = strtol(line + kl + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

static double peak_rss_mb(void)
{
	long kb = proc_status_kb("VmHWM");
	if (kb < 0) {
		struct rusage ru;
		if (getrusage(RUSAGE_SELF, &ru) == 0)
			kb = ru.ru_maxrss;
	}
	return kb < 0 ? -1 : (double)kb / 1024.0;
}

static double cur_rss_mb(void)
{
	long kb = proc_status_kb("VmRSS");
	return kb < 0 ? -1 : (double)kb / 1024.0;
}

/* -------------------------------------------------------------- stages */

/* Timing slots: copy-in, the pipeline stages in order, render. */
static const struct {
	const char *name;
	unsigned bit; /* 0: not a pipeline stage */
	int syntax;   /* needs the syntax/fact models */
} slots[] = {
	{ "copy-in", 0, 0 },
	{ "ingest", SM_STAGE_INGEST, 0 },
	{ "normalize", SM_STAGE_NORMALIZE, 0 },
	{ "segment", SM_STAGE_SEGMENT, 0 },
	{ "tokenize", SM_STAGE_TOKENIZE, 0 },
	{ "stem", SM_STAGE_STEM, 0 },
	{ "score", SM_STAGE_SCORE, 0 },
	{ "select", SM_STAGE_SELECT, 0 },
	{ "tag", SM_STAGE_TAG, 1 },
	{ "parse", SM_STAGE_PARSE, 1 },
	{ "ner", SM_STAGE_NER, 1 },
	{ "facts", SM_STAGE_FACTS, 1 },
	{ "render", 0, 0 },
};
#define NSLOTS (sizeof slots / sizeof slots[0])
#define SLOT_RENDER (NSLOTS - 1)

/* What one pass over a set of articles measured. */
typedef struct {
	double wall;              /* seconds for the whole pass */
	double cpu;               /* CPU seconds of all its threads */
	double t[NSLOTS];         /* per-stage CPU seconds (stage passes only) */
	size_t arena[NSLOTS];     /* arena bytes each stage added */
	size_t bytes;             /* article bytes processed */
	size_t tokens;
	size_t in, out, errors;   /* records in, records out, error records */
	size_t err_by_code[32];
	int err_stage[32];        /* slot where each code was first seen */
	double max_doc;           /* slowest single document (seconds) */
} pass_t;

static void pass_merge(pass_t *dst, const pass_t *src)
{
	dst->cpu += src->cpu;
	dst->bytes += src->bytes;
	dst->tokens += src->tokens;
	dst->in += src->in;
	dst->out += src->out;
	dst->errors += src->errors;
	for (size_t k = 0; k < 32; k++) {
		if (src->err_by_code[k] && !dst->err_by_code[k])
			dst->err_stage[k] = src->err_stage[k];
		dst->err_by_code[k] += src->err_by_code[k];
	}
	for (size_t k = 0; k < NSLOTS; k++) {
		dst->t[k] += src->t[k];
		dst->arena[k] += src->arena[k];
	}
	if (src->max_doc > dst->max_doc)
		dst->max_doc = src->max_doc;
}

/* One thread's state: its own pipeline, document and output buffer. */
typedef struct {
	sm_pipeline_t *p;
	sm_doc_t *d;
	sm_buf_t buf;
	sm_render_opts_t ro;
	double clock_cost;  /* seconds one cpu_now() call adds to an interval */
} worker_t;

static void worker_fini(worker_t *w)
{
	sm_pipeline_free(w->p);
	sm_doc_free(w->d);
	sm_buf_free(&w->buf);
	memset(w, 0, sizeof(*w));
}

static int worker_init(worker_t *w, const sm_models_t *m, const sm_config_t *cfg)
{
	int rc;
	memset(w, 0, sizeof(*w));
	if ((rc = sm_pipeline_new(m, cfg, &w->p)) != SM_OK ||
	    (rc = sm_doc_new(&w->d)) != SM_OK) {
		worker_fini(w);
		return rc;
	}
	sm_render_opts_init(&w->ro);
	w->ro.facts = cfg->facts;
	w->ro.lang = cfg->lang;
	/* calibrate: the mean interval between back-to-back clock reads */
	double c0 = cpu_now(), c1 = c0;
	for (int i = 0; i < 2000; i++)
		c1 = cpu_now();
	w->clock_cost = (c1 - c0) / 2000;
	return SM_OK;
}

/* An interval of the CPU clock less the cost of one clock read, >= 0. */
static double lap(const worker_t *w, double c0, double c1)
{
	double d = c1 - c0 - w->clock_cost;
	return d > 0 ? d : 0;
}

static void note_error(pass_t *ps, int rc, size_t slot)
{
	size_t k = code_slot(rc);
	if (!ps->err_by_code[k])
		ps->err_stage[k] = (int)slot;
	ps->err_by_code[k]++;
	ps->errors++;
}

/*
 * process_one - one article through the pipeline and the JSON renderer, as
 * the batch runner does it.  staged: time each stage on its own (mask bits
 * added one at a time) into ps->t; else one sm_pipeline_run call.  A failed
 * document is rendered as an error record.  Returns SM_OK, or SM_ENOMEM
 * when not even the error record could be made.
 */
static int process_one(worker_t *w, const article_t *a, unsigned mask, int staged, pass_t *ps)
{
	int rc;
	size_t fail_slot = 0;
	double t0 = now(), t1, c0 = 0, c1;
	size_t used0 = 0;

	ps->in++;
	ps->bytes += a->len;
	w->buf.len = 0;
	if (staged)
		c0 = cpu_now();
	rc = sm_doc_set_input(w->d, a->text, a->len, a->id, a->title, a->date);
	if (staged) {
		c1 = cpu_now();
		ps->t[0] += lap(w, c0, c1);
		used0 = sm_arena_used(w->d->arena);
		ps->arena[0] += used0;
	}
	if (rc == SM_OK && staged) {
		for (size_t k = 1; k < SLOT_RENDER; k++) {
			if (!(slots[k].bit & mask))
				continue;
			double s0 = cpu_now();
			rc = sm_pipeline_run_stages(w->p, w->d, slots[k].bit);
			ps->t[k] += lap(w, s0, cpu_now());
			size_t used = sm_arena_used(w->d->arena);
			ps->arena[k] += used - used0;
			used0 = used;
			if (rc != SM_OK) {
				fail_slot = k;
				break;
			}
		}
	} else if (rc == SM_OK) {
		rc = sm_pipeline_run(w->p, w->d);
		if (rc != SM_OK)
			fail_slot = 1;
	}
	double r0 = staged ? cpu_now() : 0;
	if (rc == SM_OK) {
		ps->tokens += w->d->n_toks;
		rc = sm_render_json(w->d, &w->ro, &w->buf);
		if (rc != SM_OK)
			fail_slot = SLOT_RENDER;
	}
	if (rc != SM_OK) {
		note_error(ps, rc, fail_slot);
		w->buf.len = 0;
		rc = sm_render_error_json(a->id, 0, NULL, rc, sm_strerror(rc), &w->buf);
	}
	if (staged)
		ps->t[SLOT_RENDER] += lap(w, r0, cpu_now());
	t1 = now();
	if (t1 - t0 > ps->max_doc)
		ps->max_doc = t1 - t0;
	if (rc == SM_OK && w->buf.len > 0)
		ps->out++;
	return rc;
}

/* A pass over articles [0, n) by several threads. */
typedef struct {
	worker_t *w;
	const article_t *a;
	size_t n;
	unsigned mask;
	int staged;
	atomic_size_t *next;
	pass_t ps;
	int rc;
} job_t;

static void *job_main(void *arg)
{
	job_t *j = arg;
	double c0 = cpu_now();
	for (;;) {
		size_t i = atomic_fetch_add(j->next, 1);
		if (i >= j->n)
			break;
		if ((j->rc = process_one(j->w, &j->a[i], j->mask, j->staged, &j->ps)) != SM_OK)
			break;
	}
	j->ps.cpu = cpu_now() - c0;
	return NULL;
}

/*
 * run_pass - articles [0, n) through nw workers (threads when nw > 1);
 * *out gets the merged counts and the wall time.
 */
static int run_pass(worker_t *ws, size_t nw, const article_t *a, size_t n, unsigned mask,
		    int staged, pass_t *out)
{
	int rc = SM_OK;
	atomic_size_t next;
	job_t jobs[MAX_THREADS];
	pthread_t tid[MAX_THREADS];
	size_t started = 0;

	memset(out, 0, sizeof(*out));
	atomic_init(&next, 0);
	for (size_t i = 0; i < nw; i++) {
		memset(&jobs[i], 0, sizeof(jobs[i]));
		jobs[i].w = &ws[i];
		jobs[i].a = a;
		jobs[i].n = n;
		jobs[i].mask = mask;
		jobs[i].staged = staged;
		jobs[i].next = &next;
	}
	double t0 = now();
	if (nw == 1) {
		job_main(&jobs[0]);
		started = 1;
	} else {
		for (; started < nw; started++)
			if (pthread_create(&tid[started], NULL, job_main, &jobs[started]) != 0)
				break;
		if (started == 0)
			rc = SM_ENOMEM;
		for (size_t i = 0; i < started; i++)
			pthread_join(tid[i], NULL);
	}
	out->wall = now() - t0;
	for (size_t i = 0; i < started; i++) {
		pass_merge(out, &jobs[i].ps);
		if (jobs[i].rc != SM_OK)
			rc = jobs[i].rc;
	}
	return rc;
}

/* ------------------------------------------------------------- reporting */

static void fmt_range(char *dst, size_t cap, range_t r, int prec)
{
	snprintf(dst, cap, "%.*f [%.*f–%.*f]", prec, r.med, prec, r.min, prec, r.max);
}

/* MB/s from seconds: median/min/max swap ends (max time is min speed). */
static range_t rate(range_t secs, double amount)
{
	range_t r;
	r.med = secs.med > 0 ? amount / secs.med : 0;
	r.min = secs.max > 0 ? amount / secs.max : 0;
	r.max = secs.min > 0 ? amount / secs.min : 0;
	return r;
}

static void print_guard(FILE *f, const char *what, const pass_t *ps, size_t expect)
{
	fprintf(f, "- guard (%s): records in %zu, out %zu%s, error records %zu",
	       what, ps->in, ps->out,
	       (ps->out == expect && ps->in == expect) ? " (= input)" : " (MISMATCH)",
	       ps->errors);
	if (ps->errors) {
		fprintf(f, " (");
		int first = 1;
		for (size_t k = 0; k < 32; k++)
			if (ps->err_by_code[k]) {
				fprintf(f, "%s%s x%zu at %s", first ? "" : ", ",
				       sm_strerror(-(int)k), ps->err_by_code[k],
				       slots[ps->err_stage[k]].name);
				first = 0;
			}
		fprintf(f, ")");
	}
	fprintf(f, "\n");
}

/* ------------------------------------------------------------- options */

typedef struct {
	const char *corpus[64];
	size_t ncorpus;
	const char *models;
	size_t reps, warmup;
	size_t max_articles;
	size_t threads[MAX_THREADS];
	size_t nthreads;
	size_t sizes[MAX_SIZES];
	size_t nsizes;
	size_t length_total;      /* bytes per length pass for small sizes */
	int facts;                /* -1 auto, 0 none */
	size_t facts_articles;    /* fact configurations: strided subset size */
	size_t facts_reps;
	size_t facts_length_total;
	int do_stages, do_e2e, do_threads, do_length;
	const char *dat_dir;
	const char *dump_dir;
	size_t sample_n, sample_min;
	const char *sample_match;
} opts_t;

static const char usage_text[] =
	"Usage: bench-stages [OPTIONS] --corpus PATH [--corpus PATH...]\n"
	"  --corpus PATH       JSONL(.gz) archive, text file or directory\n"
	"  --models DIR        model directory (default: the library's default)\n"
	"  --reps N            timed repetitions (default 5)\n"
	"  --warmup N          untimed passes first (default 1)\n"
	"  --max-articles N    use only the first N articles (default all)\n"
	"  --threads LIST      thread counts, e.g. 1,2,4 (default 1..cores)\n"
	"  --sizes LIST        document lengths, e.g. 1K,10K,100K,1M,5M (default)\n"
	"  --length-total SIZE bytes per length pass for small sizes (default 5M)\n"
	"  --facts=none        summary-only even when the fact models are present\n"
	"  --facts-articles N  fact configurations run on N articles taken at an even\n"
	"                      stride over the corpus (default 2000; 0 = all)\n"
	"  --facts-reps N      their repetitions (default 2)\n"
	"  --facts-length-total SIZE  bytes per length pass with facts (default 1M)\n"
	"  --only LIST         phases: stages,e2e,threads,length (default all)\n"
	"  --dat DIR           write gnuplot data threads.dat and length.dat\n"
	"  --dump-sample DIR   write a sample of article texts (NNNN.txt), taken at an\n"
	"                      even stride, and exit\n"
	"  --sample N          articles in the sample (default 200)\n"
	"  --sample-min BYTES  skip shorter articles (default 200)\n"
	"  --sample-match STR  only articles whose id contains STR\n";

static int parse_size_list(const char *s, size_t *v, size_t cap, size_t *n)
{
	char tmp[64];
	*n = 0;
	while (*s) {
		size_t l = strcspn(s, ",");
		if (l == 0 || l >= sizeof tmp || *n == cap)
			return SM_EINVAL;
		memcpy(tmp, s, l);
		tmp[l] = '\0';
		if (sm_input_parse_size(tmp, &v[*n]) != SM_OK)
			return SM_EINVAL;
		(*n)++;
		s += l;
		if (*s == ',')
			s++;
	}
	return *n ? SM_OK : SM_EINVAL;
}

/* Sizes given as 1K mean 1000 bytes here (decimal, like the MB/s). */
static void decimal_sizes(size_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t x = v[i];
		if (x >= 1024 * 1024 && x % (1024 * 1024) == 0)
			v[i] = x / (1024 * 1024) * 1000000;
		else if (x >= 1024 && x % 1024 == 0)
			v[i] = x / 1024 * 1000;
	}
}

static int parse_opts(int argc, char **argv, opts_t *o)
{
	memset(o, 0, sizeof(*o));
	o->reps = 5;
	o->warmup = 1;
	o->facts = -1;
	o->do_stages = o->do_e2e = o->do_threads = o->do_length = 1;
	o->sample_n = 200;
	o->sample_min = 200;
	o->length_total = 5000000;
	o->facts_articles = 2000;
	o->facts_reps = 2;
	o->facts_length_total = 1000000;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		size_t z;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(usage_text, stdout);
			exit(0);
		} else if (strcmp(a, "--facts=none") == 0) {
			o->facts = 0;
		} else if (!v) {
			fprintf(stderr, "bench-stages: %s: unknown option or missing value\n%s", a, usage_text);
			return SM_EINVAL;
		} else if (strcmp(a, "--corpus") == 0) {
			if (o->ncorpus == sizeof o->corpus / sizeof o->corpus[0])
				return SM_EINVAL;
			o->corpus[o->ncorpus++] = v;
			i++;
		} else if (strcmp(a, "--models") == 0) {
			o->models = v;
			i++;
		} else if (strcmp(a, "--dat") == 0) {
			o->dat_dir = v;
			i++;
		} else if (strcmp(a, "--dump-sample") == 0) {
			o->dump_dir = v;
			i++;
		} else if (strcmp(a, "--sample-match") == 0) {
			o->sample_match = v;
			i++;
		} else if (strcmp(a, "--threads") == 0) {
			if (parse_size_list(v, o->threads, MAX_THREADS, &o->nthreads) != SM_OK)
				goto bad;
			i++;
		} else if (strcmp(a, "--sizes") == 0) {
			if (parse_size_list(v, o->sizes, MAX_SIZES, &o->nsizes) != SM_OK)
				goto bad;
			decimal_sizes(o->sizes, o->nsizes);
			i++;
		} else if (strcmp(a, "--only") == 0) {
			o->do_stages = strstr(v, "stages") != NULL;
			o->do_e2e = strstr(v, "e2e") != NULL;
			o->do_threads = strstr(v, "threads") != NULL;
			o->do_length = strstr(v, "length") != NULL;
			i++;
		} else {
			/* numeric options */
			char *end;
			errno = 0;
			unsigned long long x = strtoull(v, &end, 10);
			if (strcmp(a, "--length-total") == 0 ||
			    strcmp(a, "--facts-length-total") == 0) {
				if (sm_input_parse_size(v, &z) != SM_OK)
					goto bad;
				decimal_sizes(&z, 1);
				if (a[2] == 'l')
					o->length_total = z;
				else
					o->facts_length_total = z;
				i++;
				continue;
			}
			if (errno || *end || end == v || x > SIZE_MAX)
				goto bad;
			z = (size_t)x;
			if (strcmp(a, "--reps") == 0 && z >= 1 && z <= MAX_REPS)
				o->reps = z;
			else if (strcmp(a, "--warmup") == 0)
				o->warmup = z;
			else if (strcmp(a, "--max-articles") == 0)
				o->max_articles = z;
			else if (strcmp(a, "--facts-articles") == 0)
				o->facts_articles = z;
			else if (strcmp(a, "--facts-reps") == 0 && z >= 1 && z <= MAX_REPS)
				o->facts_reps = z;
			else if (strcmp(a, "--sample") == 0 && z >= 1)
				o->sample_n = z;
			else if (strcmp(a, "--sample-min") == 0)
				o->sample_min = z;
			else
				goto bad;
			i++;
		}
		continue;
bad:
		fprintf(stderr, "bench-stages: bad value for %s: %s\n", a, v);
		return SM_EINVAL;
	}
	if (o->ncorpus == 0) {
		fprintf(stderr, "bench-stages: no --corpus given\n%s", usage_text);
		return SM_EINVAL;
	}
	for (size_t i = 0; i < o->nthreads; i++)
		if (o->threads[i] < 1 || o->threads[i] > MAX_THREADS) {
			fprintf(stderr, "bench-stages: thread counts must be 1..%d\n", MAX_THREADS);
			return SM_EINVAL;
		}
	if (o->nthreads == 0) {
		long nc = 1;
#ifdef _SC_NPROCESSORS_ONLN
		nc = sysconf(_SC_NPROCESSORS_ONLN);
#endif
		if (nc < 1)
			nc = 1;
		if (nc > 16)
			nc = 16;
		for (long t = 1; t <= nc; t++)
			o->threads[o->nthreads++] = (size_t)t;
	}
	if (o->nsizes == 0) {
		static const size_t def[] = { 1000, 10000, 100000, 1000000, 5000000 };
		for (size_t i = 0; i < sizeof def / sizeof def[0]; i++)
			o->sizes[o->nsizes++] = def[i];
	}
	return SM_OK;
}

/* ---------------------------------------------------------- the sample */

/*
 * dump_sample - write o->sample_n article texts of at least o->sample_min
 * bytes (and whose id contains o->sample_match), taken at an even stride
 * over the eligible articles, to DIR/0000.txt ...; prints the count and the
 * bytes written.
 */
static int sample_ok(const article_t *a, const opts_t *o)
{
	return a->len >= o->sample_min &&
	       (!o->sample_match || (a->id && strstr(a->id, o->sample_match)));
}

static int dump_sample(const corpus_t *c, const opts_t *o)
{
	size_t n = 0, bytes = 0, eligible = 0, seen = 0, next = 0;
	char path[4096];
	if (mkdir(o->dump_dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "bench-stages: %s: %s\n", o->dump_dir, strerror(errno));
		return SM_EIO;
	}
	for (size_t i = 0; i < c->n; i++)
		eligible += sample_ok(&c->a[i], o);
	size_t want = o->sample_n < eligible ? o->sample_n : eligible;
	for (size_t i = 0; i < c->n && n < want; i++) {
		const article_t *a = &c->a[i];
		if (!sample_ok(a, o))
			continue;
		/* the n-th pick is eligible article number n * eligible / want */
		if (seen++ != next)
			continue;
		snprintf(path, sizeof path, "%s/%04zu.txt", o->dump_dir, n);
		FILE *f = fopen(path, "wb");
		if (!f || fwrite(a->text, 1, a->len, f) != a->len || fputc('\n', f) == EOF) {
			fprintf(stderr, "bench-stages: %s: cannot write\n", path);
			if (f)
				fclose(f);
			return SM_EIO;
		}
		if (fclose(f) != 0)
			return SM_EIO;
		n++;
		bytes += a->len;
		next = n * eligible / want;
	}
	printf("%zu %zu\n", n, bytes);
	return SM_OK;
}

/* ------------------------------------------------------------- phases */

typedef struct {
	const opts_t *o;
	const corpus_t *c;
	const sm_models_t *m;
	int have_facts;
	sm_config_t cfg_sum, cfg_facts;
	double memchr_med;          /* baseline seconds over the corpus */
	FILE *dat_threads, *dat_length;
} bench_t;

static size_t count_newlines(const article_t *a, size_t n)
{
	size_t nl = 0;
	for (size_t i = 0; i < n; i++) {
		const char *p = a[i].text, *end = p + a[i].len;
		while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
			nl++;
			p++;
		}
	}
	return nl;
}

static void phase_baseline(bench_t *b)
{
	double t[MAX_REPS];
	volatile size_t sink = 0;
	for (size_t w = 0; w < b->o->warmup; w++)
		sink += count_newlines(b->c->a, b->c->n);
	for (size_t r = 0; r < b->o->reps; r++) {
		double t0 = cpu_now();
		sink += count_newlines(b->c->a, b->c->n);
		t[r] = cpu_now() - t0;
	}
	range_t s = range_of(t, b->o->reps);
	b->memchr_med = s.med;
	char buf[96];
	fmt_range(buf, sizeof buf, rate(s, (double)b->c->bytes / MB), 0);
	printf("## Baseline: reading the bytes\n\n");
	printf("memchr pass counting newlines over all %zu article bytes: %s MB/s "
	       "(CPU time, median [min–max] of %zu); %zu newlines.\n\n",
	       b->c->bytes, buf, b->o->reps, (size_t)sink / (b->o->warmup + b->o->reps));
}

/* Per-stage timing of one configuration over the corpus. */
static int phase_stages(bench_t *b, const sm_config_t *cfg, const char *label)
{
	const opts_t *o = b->o;
	const corpus_t *c = b->c;
	worker_t w;
	int rc;
	double t[NSLOTS][MAX_REPS], tot[MAX_REPS], busy[MAX_REPS];
	pass_t ps, first;
	unsigned mask = 0;

	for (size_t k = 1; k < SLOT_RENDER; k++)
		if (!slots[k].syntax || cfg->facts != SM_FACTS_NONE)
			mask |= slots[k].bit;
	if ((rc = worker_init(&w, b->m, cfg)) != SM_OK)
		return rc;
	int reset = rss_reset();
	fprintf(stderr, "bench-stages: stages (%s): warm-up\n", label);
	for (size_t r = 0; r < o->warmup; r++)
		if ((rc = run_pass(&w, 1, c->a, c->n, mask, 1, &ps)) != SM_OK)
			goto done;
	for (size_t r = 0; r < o->reps; r++) {
		fprintf(stderr, "bench-stages: stages (%s): rep %zu/%zu\n", label, r + 1, o->reps);
		if ((rc = run_pass(&w, 1, c->a, c->n, mask, 1, &ps)) != SM_OK)
			goto done;
		tot[r] = 0;
		busy[r] = ps.wall > 0 ? ps.cpu / ps.wall : 0;
		for (size_t k = 0; k < NSLOTS; k++) {
			t[k][r] = ps.t[k];
			tot[r] += ps.t[k];
		}
		if (r == 0)
			first = ps;
	}
	double mb = (double)c->bytes / MB;
	range_t total = range_of(tot, o->reps);
	printf("## Stages: %s (one thread)\n\n", label);
	range_t bz = range_of(busy, o->reps);
	printf("Each stage timed on its own (one SM_STAGE_* bit at a time on the same "
	       "document), %zu articles, %.2f MB, %zu tokens; median [min–max] of %zu "
	       "repetitions after %zu warm-up pass(es).  Times are CPU seconds of the "
	       "thread (the per-stage clock read cost, %.2f us, subtracted); the pass's "
	       "CPU/wall ratio was %.0f%% median [%.0f%%–%.0f%%] (below 100%%: the machine "
	       "was shared).  \"x memchr\" = how "
	       "many times slower than reading the bytes.  Arena B/B = arena bytes the "
	       "stage adds per input byte.\n\n",
	       c->n, mb, first.tokens, o->reps, o->warmup, w.clock_cost * 1e6, 100 * bz.med,
	       100 * bz.min,
	       100 * bz.max);
	printf("| stage | CPU s | MB/s median [min–max] | articles/s | tokens/s | x memchr | share | arena B/B |\n");
	printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
	for (size_t k = 0; k < NSLOTS; k++) {
		if (k > 0 && k < SLOT_RENDER && !(slots[k].bit & mask))
			continue;
		range_t s = range_of(t[k], o->reps);
		char buf[96];
		fmt_range(buf, sizeof buf, rate(s, mb), 1);
		printf("| %s | %.3f | %s | %.0f | %.3g | %.1f | %.1f%% | %.2f |\n", slots[k].name,
		       s.med, buf, s.med > 0 ? (double)c->n / s.med : 0,
		       s.med > 0 ? (double)first.tokens / s.med : 0,
		       b->memchr_med > 0 ? s.med / b->memchr_med : 0,
		       total.med > 0 ? 100.0 * s.med / total.med : 0,
		       c->bytes ? (double)first.arena[k] / (double)c->bytes : 0);
	}
	char buf[96];
	fmt_range(buf, sizeof buf, rate(total, mb), 2);
	printf("| **sum** | %.3f | %s | %.0f | %.3g | %.1f | 100%% | |\n\n", total.med, buf,
	       total.med > 0 ? (double)c->n / total.med : 0,
	       total.med > 0 ? (double)first.tokens / total.med : 0,
	       b->memchr_med > 0 ? total.med / b->memchr_med : 0);
	print_guard(stdout, label, &first, c->n);
	printf("- slowest single article: %.1f ms\n", first.max_doc * 1e3);
	printf("- peak RSS during this phase: %.1f MB%s (corpus in memory: %.1f MB of text)\n\n",
	       peak_rss_mb(), reset ? "" : " (process peak: clear_refs refused)", mb);
	rc = SM_OK;
done:
	worker_fini(&w);
	return rc;
}

/* End to end: sm_pipeline_run + render, one thread. */
static int phase_e2e(bench_t *b, const sm_config_t *cfg, const char *label, double target,
		     pass_t *guard)
{
	const opts_t *o = b->o;
	const corpus_t *c = b->c;
	worker_t w;
	int rc;
	double t[MAX_REPS], tw[MAX_REPS];
	pass_t ps, first;

	if ((rc = worker_init(&w, b->m, cfg)) != SM_OK)
		return rc;
	int reset = rss_reset();
	fprintf(stderr, "bench-stages: end to end (%s)\n", label);
	for (size_t r = 0; r < o->warmup; r++)
		if ((rc = run_pass(&w, 1, c->a, c->n, 0, 0, &ps)) != SM_OK)
			goto done;
	for (size_t r = 0; r < o->reps; r++) {
		if ((rc = run_pass(&w, 1, c->a, c->n, 0, 0, &ps)) != SM_OK)
			goto done;
		t[r] = ps.cpu;
		tw[r] = ps.wall;
		if (r == 0)
			first = ps;
	}
	double mb = (double)c->bytes / MB;
	range_t s = range_of(t, o->reps);
	range_t mbs = rate(s, mb);
	range_t sw = range_of(tw, o->reps);
	char buf[96];
	fmt_range(buf, sizeof buf, mbs, 2);
	printf("| %s | %s | %.2f | %.0f | %.3g | %.1f | %.1f | %s |\n", label, buf,
	       sw.med > 0 ? mb / sw.med : 0,
	       s.med > 0 ? (double)c->n / s.med : 0,
	       s.med > 0 ? (double)first.tokens / s.med : 0,
	       b->memchr_med > 0 ? s.med / b->memchr_med : 0, peak_rss_mb(),
	       mbs.med >= target ? "met" : "**missed**");
	fprintf(stderr, "bench-stages: %s: %.2f MB/s per core\n", label, mbs.med);
	(void)reset;
	*guard = first;
	rc = SM_OK;
done:
	worker_fini(&w);
	return rc;
}

static int phase_threads(bench_t *b, const sm_config_t *cfg, const char *label,
			 double *mbs_out)
{
	const opts_t *o = b->o;
	const corpus_t *c = b->c;
	worker_t ws[MAX_THREADS];
	size_t maxn = 0, made = 0;
	int rc = SM_OK;
	double t[MAX_REPS], tc[MAX_REPS];
	double base = 0;
	pass_t ps;

	for (size_t i = 0; i < o->nthreads; i++)
		if (o->threads[i] > maxn)
			maxn = o->threads[i];
	for (; made < maxn; made++)
		if ((rc = worker_init(&ws[made], b->m, cfg)) != SM_OK)
			goto done;
	fprintf(stderr, "bench-stages: threads (%s): warm-up\n", label);
	for (size_t r = 0; r < o->warmup; r++)
		if ((rc = run_pass(ws, maxn, c->a, c->n, 0, 0, &ps)) != SM_OK)
			goto done;
	printf("### Threads: %s\n\n", label);
	printf("| threads | wall s median [min–max] | MB/s wall | articles/s wall | speedup | efficiency | CPU s | MB per CPU s | peak RSS MB | guard |\n");
	printf("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
	for (size_t i = 0; i < o->nthreads; i++) {
		size_t nt = o->threads[i];
		int ok = 1;
		rss_reset();
		for (size_t r = 0; r < o->reps; r++) {
			fprintf(stderr, "bench-stages: threads (%s): %zu threads, rep %zu/%zu\n",
				label, nt, r + 1, o->reps);
			if ((rc = run_pass(ws, nt, c->a, c->n, 0, 0, &ps)) != SM_OK)
				goto done;
			t[r] = ps.wall;
			tc[r] = ps.cpu;
			if (ps.out != c->n || ps.in != c->n)
				ok = 0;
		}
		range_t s = range_of(t, o->reps);
		range_t sc = range_of(tc, o->reps);
		double mbs = s.med > 0 ? (double)c->bytes / MB / s.med : 0;
		if (i == 0)
			base = s.med * (double)nt; /* normalized to one thread */
		double speed = s.med > 0 ? base / s.med : 0;
		char buf[96];
		fmt_range(buf, sizeof buf, s, 3);
		printf("| %zu | %s | %.2f | %.0f | %.2f | %.0f%% | %.2f | %.2f | %.1f | %s |\n", nt,
		       buf, mbs, s.med > 0 ? (double)c->n / s.med : 0, speed,
		       100.0 * speed / (double)nt, sc.med,
		       sc.med > 0 ? (double)c->bytes / MB / sc.med : 0, peak_rss_mb(),
		       ok ? "out = in" : "**MISMATCH**");
		mbs_out[i] = mbs;
	}
	printf("\n");
done:
	for (size_t i = 0; i < made; i++)
		worker_fini(&ws[i]);
	return rc;
}

/* Back up to a UTF-8 character start. */
static size_t utf8_floor(const char *p, size_t n)
{
	while (n > 0 && ((unsigned char)p[n] & 0xc0) == 0x80)
		n--;
	return n;
}

/*
 * make_pool - the text every document-length run is cut from: real articles
 * of at least 200 bytes joined with paragraph breaks, taken at an even
 * stride over the whole corpus (so every shard is represented) until the
 * pool holds want bytes (the corpus is wrapped around when it is smaller).
 * Every size is then cut from the same bytes, so the sizes differ only in
 * where the documents end, not in what they say.  *out is malloc'ed.
 */
static int make_pool(const corpus_t *c, size_t want, char **out, size_t *out_len)
{
	size_t usable = 0, len = 0;
	for (size_t i = 0; i < c->n; i++)
		if (c->a[i].len >= 200)
			usable += c->a[i].len + 2;
	if (usable == 0)
		return SM_EINVAL;
	char *p = malloc(want + 1);
	if (!p)
		return SM_ENOMEM;
	/* stride: take about want/usable of the articles, spread out */
	size_t stride = usable > want ? usable / want : 1;
	size_t idx = 0, round = 0;
	while (len < want) {
		const article_t *a = &c->a[idx];
		idx += stride;
		if (idx >= c->n) /* wrapped: the next round starts one further */
			idx = ++round % stride;
		if (a->len < 200)
			continue;
		if (len > 0) {
			size_t sep = want - len < 2 ? want - len : 2;
			memcpy(p + len, "\n\n", sep);
			len += sep;
		}
		size_t take = a->len < want - len ? a->len : want - len;
		memcpy(p + len, a->text, take);
		len += take;
	}
	p[len] = '\0';
	*out = p;
	*out_len = len;
	return SM_OK;
}

/*
 * make_docs - cut the pool into count documents of about size bytes: each
 * starts where the previous ended (after skipping line ends) and ends at
 * the last line or sentence end before size when that keeps more than
 * half, else at size (on a character boundary).  Texts are malloc'ed.
 */
static int make_docs(const char *pool, size_t pool_len, size_t size, size_t count,
		     article_t *out)
{
	size_t at = 0;
	for (size_t d = 0; d < count; d++) {
		while (at < pool_len && (pool[at] == '\n' || pool[at] == ' '))
			at++;
		if (at >= pool_len)
			at = 0;
		size_t len = pool_len - at < size ? pool_len - at : size;
		const char *q = pool + at;
		size_t cut = len;
		if (len == size)
			for (size_t k = len; k > len / 2; k--)
				if (q[k - 1] == '\n' || (q[k - 1] == ' ' && k >= 2 && q[k - 2] == '.')) {
					cut = k;
					break;
				}
		if (at + cut < pool_len)
			cut = utf8_floor(q, cut);
		char *p = malloc(cut + 1);
		if (!p)
			return SM_ENOMEM;
		memcpy(p, q, cut);
		p[cut] = '\0';
		char id[64];
		snprintf(id, sizeof id, "len-%zu-%zu", size, d);
		out[d].text = p;
		out[d].len = cut;
		out[d].id = strdup(id);
		out[d].title = NULL;
		out[d].date = NULL;
		if (!out[d].id)
			return SM_ENOMEM;
		at += cut;
	}
	return SM_OK;
}

static int phase_length(bench_t *b, const sm_config_t *cfg, const char *label,
			double *spm_out, double largest_doc_s[2])
{
	const opts_t *o = b->o;
	worker_t w;
	int rc;
	unsigned mask = 0;
	double spm[MAX_SIZES] = { 0 };
	double stage_spm[MAX_SIZES][NSLOTS];
	double t[MAX_REPS], ts[NSLOTS][MAX_REPS], tdw[MAX_REPS], tdc[MAX_REPS];
	char *pool = NULL;
	size_t pool_len = 0, want = o->length_total;
	pass_t ps;
	article_t *docs = NULL;
	size_t ndocs = 0;
	int ok_all = 1;

	if (b->c->n == 0)
		return SM_OK;
	for (size_t k = 1; k < SLOT_RENDER; k++)
		if (!slots[k].syntax || cfg->facts != SM_FACTS_NONE)
			mask |= slots[k].bit;
	for (size_t i = 0; i < o->nsizes; i++)
		if (o->sizes[i] > want)
			want = o->sizes[i];
	if ((rc = make_pool(b->c, want, &pool, &pool_len)) != SM_OK)
		return rc;
	if ((rc = worker_init(&w, b->m, cfg)) != SM_OK) {
		free(pool);
		return rc;
	}
	printf("### Length: %s\n\n", label);
	printf("Documents of each size cut from the same %.1f MB of real articles "
	       "(joined with paragraph breaks, taken at an even stride over the corpus; "
	       "sizes below %.1f MB repeated to about that much per pass), so every size "
	       "processes the same text; CPU seconds per MB "
	       "(median [min–max] of %zu sm_pipeline_run passes); doc ms = CPU (wall) "
	       "milliseconds per document; per-stage columns are medians in CPU s/MB from "
	       "separate staged passes.\n\n", (double)pool_len / MB,
	       (double)o->length_total / MB, o->reps);
	printf("| size B | docs | s/MB | vs smallest | doc ms | peak RSS MB |");
	for (size_t k = 0; k < NSLOTS; k++)
		if (k == 0 || k == SLOT_RENDER || (slots[k].bit & mask))
			printf(" %s |", slots[k].name);
	printf("\n|---:|---:|---:|---:|---:|---:|");
	for (size_t k = 0; k < NSLOTS; k++)
		if (k == 0 || k == SLOT_RENDER || (slots[k].bit & mask))
			printf("---:|");
	printf("\n");
	for (size_t i = 0; i < o->nsizes; i++) {
		size_t size = o->sizes[i];
		size_t span = pool_len < o->length_total ? pool_len : o->length_total;
		size_t count = size >= span ? 1 : span / size;
		double bytes = 0;
		ndocs = count;
		docs = calloc(count, sizeof(article_t));
		if (!docs) {
			rc = SM_ENOMEM;
			goto done;
		}
		if ((rc = make_docs(pool, pool_len, size, count, docs)) != SM_OK)
			goto done;
		for (size_t d = 0; d < count; d++)
			bytes += (double)docs[d].len;
		fprintf(stderr, "bench-stages: length (%s): %zu docs of %zu bytes\n", label, count, size);
		for (size_t r = 0; r < o->warmup; r++)
			if ((rc = run_pass(&w, 1, docs, count, mask, 0, &ps)) != SM_OK)
				goto done;
		rss_reset();
		int ok = 1;
		/* totals from plain sm_pipeline_run passes (no per-stage clock
		 * reads, which would weigh on the small documents), then the
		 * per-stage breakdown from staged passes */
		for (size_t r = 0; r < o->reps; r++) {
			if ((rc = run_pass(&w, 1, docs, count, mask, 0, &ps)) != SM_OK)
				goto done;
			t[r] = ps.cpu / (bytes / MB);
			tdc[r] = ps.cpu / (double)count * 1e3;
			tdw[r] = ps.wall / (double)count * 1e3;
			if (ps.out != count || ps.errors)
				ok = 0;
		}
		for (size_t r = 0; r < o->reps; r++) {
			if ((rc = run_pass(&w, 1, docs, count, mask, 1, &ps)) != SM_OK)
				goto done;
			for (size_t k = 0; k < NSLOTS; k++)
				ts[k][r] = ps.t[k] / (bytes / MB);
		}
		double doc_ms = range_of(tdc, o->reps).med;
		double doc_wall_ms = range_of(tdw, o->reps).med;
		range_t s = range_of(t, o->reps);
		spm[i] = s.med;
		spm_out[i] = s.med;
		if (i == o->nsizes - 1) {
			largest_doc_s[0] = doc_ms / 1e3;
			largest_doc_s[1] = doc_wall_ms / 1e3;
		}
		char buf[96];
		fmt_range(buf, sizeof buf, s, 4);
		printf("| %zu | %zu | %s | %.2f | %.2f (%.2f) | %.1f |", (size_t)(bytes / (double)count),
		       count, buf, spm[0] > 0 ? s.med / spm[0] : 0, doc_ms, doc_wall_ms,
		       peak_rss_mb());
		for (size_t k = 0; k < NSLOTS; k++) {
			if (!(k == 0 || k == SLOT_RENDER || (slots[k].bit & mask)))
				continue;
			range_t sk = range_of(ts[k], o->reps);
			stage_spm[i][k] = sk.med;
			printf(" %.4f |", sk.med);
		}
		printf("%s\n", ok ? "" : " **errors**");
		if (!ok)
			ok_all = 0;
		for (size_t d = 0; d < count; d++) {
			free(docs[d].text);
			free(docs[d].id);
		}
		free(docs);
		docs = NULL;
	}
	double lo = spm[0], hi = spm[0];
	size_t ilo = 0, ihi = 0;
	for (size_t i = 1; i < o->nsizes; i++) {
		if (spm[i] < lo) {
			lo = spm[i];
			ilo = i;
		}
		if (spm[i] > hi) {
			hi = spm[i];
			ihi = i;
		}
	}
	printf("\n- s/MB ratio largest/smallest size: **%.2f**; slowest/fastest size: **%.2f** "
	       "(%zu B vs %zu B; target within 1.5: %s)%s\n",
	       spm[0] > 0 ? spm[o->nsizes - 1] / spm[0] : 0, lo > 0 ? hi / lo : 0,
	       o->sizes[ihi], o->sizes[ilo], (lo > 0 && hi / lo <= 1.5) ? "met" : "**missed**",
	       ok_all ? "" : "; some documents failed");
	/* the stage whose s/MB grows most from the smallest to the largest size */
	size_t worst = 0;
	double worst_ratio = 0;
	for (size_t k = 0; k < NSLOTS; k++) {
		if (!(k == 0 || k == SLOT_RENDER || (slots[k].bit & mask)))
			continue;
		double a0 = stage_spm[0][k], a1 = stage_spm[o->nsizes - 1][k];
		if (a0 > 0 && a1 / a0 > worst_ratio) {
			worst_ratio = a1 / a0;
			worst = k;
		}
	}
	if (worst_ratio > 1.05)
		printf("- stage growing most with length: %s (s/MB x%.2f from smallest to largest)\n\n",
		       slots[worst].name, worst_ratio);
	else
		printf("- no stage grows with length (largest s/MB ratio, largest/smallest size: "
		       "%s x%.2f)\n\n", slots[worst].name, worst_ratio);
	rc = SM_OK;
done:
	if (docs) {
		for (size_t d = 0; d < ndocs; d++) {
			free(docs[d].text);
			free(docs[d].id);
		}
		free(docs);
	}
	free(pool);
	worker_fini(&w);
	return rc;
}

/* ---------------------------------------------------------------- main */

static FILE *open_dat(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		fprintf(stderr, "bench-stages: %s: %s\n", path, strerror(errno));
	return f;
}

/* Switch the phases to the fact configuration's subset and repetitions. */
#define FACTS_ON() do { b.o = &fo; b.c = &fc; } while (0)
#define FACTS_OFF() do { b.o = &o; b.c = &c; } while (0)

int main(int argc, char **argv)
{
	opts_t o, fo;
	corpus_t c, fc;
	bench_t b;
	char flabel[128] = "summary + key facts";
	sm_models_t *m = NULL;
	char err[512];
	int rc, ret = 1;

	memset(&c, 0, sizeof c);
	memset(&fc, 0, sizeof fc);
	memset(&b, 0, sizeof b);
	if (parse_opts(argc, argv, &o) != SM_OK)
		return 2;

	fprintf(stderr, "bench-stages: loading the corpus\n");
	double t0 = now();
	if ((rc = corpus_load(&c, o.corpus, o.ncorpus, o.max_articles)) != SM_OK) {
		fprintf(stderr, "bench-stages: reading the corpus: %s\n", sm_strerror(rc));
		goto done;
	}
	double load_s = now() - t0;
	if (o.dump_dir) {
		ret = dump_sample(&c, &o) == SM_OK ? 0 : 1;
		goto done;
	}
	if (c.n == 0) {
		fprintf(stderr, "bench-stages: no articles in the corpus\n");
		goto done;
	}

	/* Models: everything when present, else the summary models only. */
	if (o.facts != 0 &&
	    sm_models_load(o.models, NULL, SM_LOAD_ALL, &m, err, sizeof err) == SM_OK) {
		b.have_facts = 1;
	} else {
		char err2[512];
		if (o.facts != 0)
			snprintf(err2, sizeof err2, "%s", err);
		else
			snprintf(err2, sizeof err2, "--facts=none given");
		if ((rc = sm_models_load(o.models, NULL, SM_LOAD_BASE, &m, err, sizeof err)) != SM_OK) {
			fprintf(stderr, "bench-stages: models: %s\n", err);
			goto done;
		}
		snprintf(err, sizeof err, "%s", err2);
	}
	b.o = &o;
	b.c = &c;
	b.m = m;

	/* The fact configurations are ~100x slower: they run on an evenly
	 * strided subset with fewer repetitions (fc borrows c's texts). */
	fo = o;
	fo.reps = o.facts_reps;
	fo.length_total = o.facts_length_total;
	fc = c;
	fc.a = c.a;
	if (o.facts_articles && o.facts_articles < c.n) {
		fc.a = malloc(o.facts_articles * sizeof(article_t));
		if (!fc.a) {
			rc = SM_ENOMEM;
			goto fail;
		}
		fc.n = o.facts_articles;
		fc.bytes = 0;
		for (size_t i = 0; i < fc.n; i++) {
			fc.a[i] = c.a[i * c.n / fc.n];
			fc.bytes += fc.a[i].len;
		}
		snprintf(flabel, sizeof flabel, "summary + key facts (%zu-article subset)", fc.n);
	}
	sm_config_init(&b.cfg_sum);
	b.cfg_sum.facts = SM_FACTS_NONE;
	sm_config_init(&b.cfg_facts);
	b.cfg_facts.facts = SM_FACTS_KEY;

	printf("## Corpus\n\n");
	printf("- inputs:");
	for (size_t i = 0; i < o.ncorpus; i++)
		printf(" `%s`", o.corpus[i]);
	printf("\n- %zu articles, %zu bytes of article text (%.2f MB), mean %.0f B/article\n",
	       c.n, c.bytes, (double)c.bytes / MB, (double)c.bytes / (double)c.n);
	printf("- reader: %zu records, %zu rejected", c.n_records, c.n_reader_err);
	if (c.n_reader_err)
		printf(" (first: %s)", c.first_err);
	printf("; load (read + gunzip + JSON parse, one pass, not a stage): %.2f s, %.1f MB/s\n",
	       load_s, load_s > 0 ? (double)c.bytes / MB / load_s : 0);
	printf("- RSS with the corpus loaded: %.1f MB\n", cur_rss_mb());
	printf("- fact stages (tag, parse, ner, facts): %s\n",
	       b.have_facts ? "measured" : "SKIPPED");
	if (b.have_facts)
		printf("  on %zu articles (%.2f MB, every %.1fth article), %zu repetitions, "
		       "length passes of %.1f MB\n", fc.n, (double)fc.bytes / MB,
		       (double)c.n / (double)fc.n, fo.reps, (double)fo.length_total / MB);
	if (!b.have_facts)
		printf("  (models: %s)\n", err);
	printf("- repetitions: %zu after %zu warm-up pass(es); compiler: %s\n\n", o.reps, o.warmup,
#ifdef __VERSION__
	       __VERSION__
#else
	       "unknown"
#endif
	);
	fflush(stdout);

	phase_baseline(&b);
	fflush(stdout);

	if (o.do_stages) {
		if ((rc = phase_stages(&b, &b.cfg_sum, "summary only (--facts=none)")) != SM_OK)
			goto fail;
		FACTS_ON();
		if (b.have_facts && (rc = phase_stages(&b, &b.cfg_facts, flabel)) != SM_OK)
			goto fail;
		FACTS_OFF();
		fflush(stdout);
	}
	if (o.do_e2e) {
		printf("## End to end (one thread, sm_pipeline_run + sm_render_json)\n\n");
		printf("MB/s per core = article bytes per CPU second of the one thread (the "
		       "targets' measure); MB/s wall = per elapsed second (lower when the "
		       "machine is shared).  articles/s and tokens/s per CPU second.\n\n");
		printf("| configuration | MB/s per core median [min–max] | MB/s wall | articles/s | tokens/s | x memchr | peak RSS MB | target |\n");
		printf("|---|---:|---:|---:|---:|---:|---:|---|\n");
		pass_t g_sum, g_facts;
		if ((rc = phase_e2e(&b, &b.cfg_sum, "summary only (--facts=none)", 50.0, &g_sum)) != SM_OK)
			goto fail;
		FACTS_ON();
		if (b.have_facts)
			rc = phase_e2e(&b, &b.cfg_facts, flabel, 5.0, &g_facts);
		else
			printf("| summary + key facts | skipped: fact models missing | | | | | | |\n");
		FACTS_OFF();
		if (rc != SM_OK)
			goto fail;
		printf("\nTargets: summary only >= 50 MB/s per core; summary + key facts >= 5 MB/s "
		       "per core.\n\n");
		print_guard(stdout, "summary only", &g_sum, c.n);
		if (b.have_facts)
			print_guard(stdout, flabel, &g_facts, fc.n);
		printf("\n");
		fflush(stdout);
	}
	if (o.do_threads) {
		double mbs_s[MAX_THREADS] = { 0 }, mbs_f[MAX_THREADS] = { 0 };
		printf("## Thread scaling\n\n");
		printf("The whole article set at each thread count, one pipeline and document per "
		       "thread, articles taken from a shared atomic index; speedup against one "
		       "thread.\n\n");
		if ((rc = phase_threads(&b, &b.cfg_sum, "summary only", mbs_s)) != SM_OK)
			goto fail;
		FACTS_ON();
		if (b.have_facts && (rc = phase_threads(&b, &b.cfg_facts, flabel, mbs_f)) != SM_OK)
			goto fail;
		FACTS_OFF();
		if (o.dat_dir && (b.dat_threads = open_dat(o.dat_dir, "threads.dat")) != NULL) {
			fprintf(b.dat_threads, "# threads  MB/s(summary)  MB/s(summary+facts, 0 = not run)\n");
			for (size_t i = 0; i < o.nthreads; i++)
				fprintf(b.dat_threads, "%zu %.4f %.4f\n", o.threads[i], mbs_s[i], mbs_f[i]);
			fclose(b.dat_threads);
		}
		fflush(stdout);
	}
	if (o.do_length) {
		double spm_s[MAX_SIZES] = { 0 }, spm_f[MAX_SIZES] = { 0 };
		double big_s[2] = { 0, 0 }, big_f[2] = { 0, 0 };
		printf("## Document length\n\n");
		if ((rc = phase_length(&b, &b.cfg_sum, "summary only", spm_s, big_s)) != SM_OK)
			goto fail;
		FACTS_ON();
		if (b.have_facts && (rc = phase_length(&b, &b.cfg_facts, flabel, spm_f, big_f)) != SM_OK)
			goto fail;
		FACTS_OFF();
		printf("Largest document (%zu B): summarized in %.3f s CPU (%.3f s wall)",
		       o.sizes[o.nsizes - 1], big_s[0], big_s[1]);
		if (b.have_facts)
			printf("; with key facts %.3f s CPU (%.3f s wall)", big_f[0], big_f[1]);
		if (o.sizes[o.nsizes - 1] >= 5000000)
			printf(".  Target, a 5 MB article summarized in < 1 s: %s",
			       big_s[0] < 1.0 ? "met" : "**missed**");
		printf(".\n\n");
		if (o.dat_dir && (b.dat_length = open_dat(o.dat_dir, "length.dat")) != NULL) {
			fprintf(b.dat_length, "# bytes  s/MB(summary)  s/MB(summary+facts, 0 = not run)\n");
			for (size_t i = 0; i < o.nsizes; i++)
				fprintf(b.dat_length, "%zu %.6f %.6f\n", o.sizes[i], spm_s[i], spm_f[i]);
			fclose(b.dat_length);
		}
	}
	ret = 0;
	goto done;
fail:
	fprintf(stderr, "bench-stages: %s\n", sm_strerror(rc));
done:
	sm_models_free(m);
	if (fc.a != c.a)
		free(fc.a);
	corpus_free(&c);
	return ret;
}
