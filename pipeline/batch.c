/*
 * batch.c - the batch runner: one reader thread, N worker threads and the
 * calling thread as the ordered writer (see batch.h for the design).
 *
 * Ordering and memory.  Records are numbered by the reader (seq = 0, 1, ...)
 * and stored in a ring of W slots, slot seq % W.  Three counters under one
 * mutex drive everything:
 *
 *     n_written <= n_taken <= n_read <= n_written + W
 *
 * the reader fills slot n_read once n_read - n_written < W (and the input
 * bytes in flight fit SM_BATCH_WINDOW_BYTES), a worker claims slot n_taken,
 * renders the record into the record's own buffer and marks the slot done,
 * and the writer waits for slot n_written to be done, writes it and frees
 * it.  A worker that finishes early simply leaves its record in its slot
 * until the writer gets there, so output order is input order whatever the
 * number of threads, and at most W records exist at any time.
 *
 * Interruption.  The SIGINT handler (in the CLI) only sets *opts->stop.
 * While the reader thread lives, SIGINT is blocked in every other thread so
 * that it lands in the reader and interrupts a blocking read(); the writer
 * polls the flag a few times a second.  On stop the writer tells everyone to
 * finish, joins them, writes the records that are complete and contiguous,
 * and commits the output file, so --resume can continue from there.
 *
 * Output files are written to a temporary file in the same directory and
 * renamed over the target at the end (atomic on POSIX file systems), so a
 * reader of FILE sees the old content or the new one, never half of it.
 */
#define _GNU_SOURCE /* mkstemp, fsync under strict C11 */
#include "batch.h"

#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "doc.h"
#include "render.h"

#if defined(__has_include)
#if __has_include("facts.h")
#include "facts.h"
#define SM_HAVE_CARB 1
#endif
#endif

/* -------------------------------------------------------------- id set */

/*
 * A set of record keys for --resume: open addressing over malloc'd strings,
 * built before the workers start and only read afterwards (no lock needed).
 */
typedef struct {
	char **slot;
	size_t cap, n;
} keyset_t;

static void keyset_free(keyset_t *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->slot[i]);
	free(s->slot);
	memset(s, 0, sizeof *s);
}

static int keyset_has(const keyset_t *s, const char *k)
{
	if (!s->cap)
		return 0;
	size_t i = sm_hash(k, strlen(k)) & (s->cap - 1);
	while (s->slot[i]) {
		if (strcmp(s->slot[i], k) == 0)
			return 1;
		i = (i + 1) & (s->cap - 1);
	}
	return 0;
}

/* Add a copy of k (no-op when present).  SM_OK or SM_ENOMEM. */
static int keyset_add(keyset_t *s, const char *k)
{
	size_t i, len = strlen(k);
	if (keyset_has(s, k))
		return SM_OK;
	if ((s->n + 1) * 2 > s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 1024;
		char **ns = calloc(nc, sizeof *ns);
		if (!ns)
			return SM_ENOMEM;
		for (size_t j = 0; j < s->cap; j++) {
			if (!s->slot[j])
				continue;
			i = sm_hash(s->slot[j], strlen(s->slot[j])) & (nc - 1);
			while (ns[i])
				i = (i + 1) & (nc - 1);
			ns[i] = s->slot[j];
		}
		free(s->slot);
		s->slot = ns;
		s->cap = nc;
	}
	i = sm_hash(k, len) & (s->cap - 1);
	while (s->slot[i])
		i = (i + 1) & (s->cap - 1);
	s->slot[i] = malloc(len + 1);
	if (!s->slot[i])
		return SM_ENOMEM;
	memcpy(s->slot[i], k, len + 1);
	s->n++;
	return SM_OK;
}

/*
 * The key under which --resume knows a record.  It is built the same way
 * from an input record (record_key) and from a record of the existing
 * output (load_resume), so the two sides always agree:
 *
 *   "i" ID              a record with an id (given in the JSONL line, or a
 *                       text file's name)
 *   "l" N "\n" SOURCE   a JSONL line without an id (id "line:N", or an
 *                       error record with "line":N): a line number is only
 *                       unique within its own file, so the file is part of
 *                       the key (sm_record_key leaves it out)
 *   "s" SOURCE          an input that could not be read at all (no id, no
 *                       line)
 *
 * ID and SOURCE are written as the JSON output writes them
 * (sm_buf_json_chars: invalid UTF-8 as U+FFFD, control characters
 * escaped).  That form is the same for the raw bytes of an input and for
 * the string decoded from the output, so a file name that is not UTF-8
 * matches its record; and a key never holds a NUL or a raw newline, so the
 * three kinds cannot collide.  Keys have no length limit.
 */
/* key_text - in b, the key kind ("i" or "s") + (p, len).  SM_OK or SM_ENOMEM. */
static int key_text(sm_buf_t *b, const char *kind, const char *p, size_t len)
{
	int rc;
	sm_buf_clear(b);
	if ((rc = sm_buf_puts(b, kind)) != SM_OK)
		return rc;
	return sm_buf_json_chars(b, p, len);
}

/* key_line - in b, the key of line `line` of source (src, len).  SM_OK or
 * SM_ENOMEM. */
static int key_line(sm_buf_t *b, size_t line, const char *src, size_t len)
{
	int rc;
	sm_buf_clear(b);
	if ((rc = sm_buf_printf(b, "l%zu\n", line)) != SM_OK)
		return rc;
	return sm_buf_json_chars(b, src, len);
}

/*
 * line_id_number - N when the id (p, len) is exactly "line:N" as
 * sm_record_parse_jsonl makes it for a line without an id (decimal, no
 * sign, no leading zero, N > 0), else 0.
 */
static size_t line_id_number(const char *p, size_t len)
{
	size_t n = 0;
	if (len < 6 || len > 5 + 19 || memcmp(p, "line:", 5) != 0 || p[5] == '0')
		return 0;
	for (size_t i = 5; i < len; i++) {
		if (p[i] < '0' || p[i] > '9')
			return 0;
		n = n * 10 + (size_t)(p[i] - '0');
	}
	return n;
}

/*
 * record_key - the key of an input record, in b.  An id of the form
 * "line:N" is keyed by N and the source whether it was made up for a line
 * without an id or given as such: the output cannot tell them apart, and
 * within one file the two cannot meet unless ids repeat.
 */
static int record_key(sm_buf_t *b, const sm_record_t *r)
{
	const char *src = r->source ? r->source : "";
	size_t idlen = r->id ? strlen(r->id) : 0, num = 0;
	if (r->id && (num = line_id_number(r->id, idlen)) != 0)
		return key_line(b, num, src, strlen(src));
	if (r->id)
		return key_text(b, "i", r->id, idlen);
	if (r->line)
		return key_line(b, r->line, src, strlen(src));
	return key_text(b, "s", src, strlen(src));
}

/* ---------------------------------------------------------------- runner */

/* Why a record is skipped (sm_record_t.skipped): no output for it. */
enum {
	SKIP_DONE = 1,  /* --resume: already in the output */
	SKIP_OUTPUT = 2 /* the output file itself, met in a directory walk */
};

/* A file by identity: the same file whatever path spells it. */
typedef struct {
	int set;
	dev_t dev;
	ino_t ino;
} file_id_t;

typedef struct runner runner_t;

typedef struct {
	runner_t *run;
	sm_pipeline_t *pipe;
	sm_doc_t *doc;
	sm_buf_t key;   /* --resume key of the current record */
	pthread_t tid;
	int started;
} worker_t;

struct runner {
	const sm_batch_opts_t *opts;
	sm_input_t *in;
	keyset_t done_ids;
	file_id_t output_ids[2]; /* output target and temporary file */
	char *last_source;       /* reader: the source last checked ... */
	int last_is_output;      /* ... and whether it is the output */

	pthread_mutex_t mu;
	pthread_cond_t cv_work;  /* reader -> workers: a record is ready */
	pthread_cond_t cv_done;  /* workers -> writer: a record is rendered */
	pthread_cond_t cv_space; /* writer -> reader: a slot is free */
	sm_record_t **slots;
	unsigned char *done;
	size_t window;
	uint64_t n_read, n_taken, n_written;
	size_t bytes_in_flight;
	int reader_waiting;      /* the reader sleeps on cv_space ... */
	size_t reader_wants;     /* ... to add a record of this many bytes */
	int eof;                 /* the reader has finished */
	int abort;               /* stop everything (interrupt or write error) */
	int reader_rc;
	uint64_t raw_done, raw_total;

	worker_t *workers;
	unsigned nworkers;
	pthread_t reader_tid;
	int reader_started;
	int block_sigint;
};

/* Monotonic seconds. */
static double now_sec(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

unsigned sm_batch_default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1u;
}

/* sm_batch_opts_init - see batch.h.  NULL is a no-op. */
void sm_batch_opts_init(sm_batch_opts_t *o)
{
	if (!o)
		return;
	memset(o, 0, sizeof *o);
	sm_input_opts_init(&o->input);
	sm_config_init(&o->config);
	o->format = SM_OUT_TEXT;
	o->threads = 0;
	o->out_fp = NULL;
	o->err = stderr;
	o->progress = -1;
	o->summary = -1;
}

/* ------------------------------------------------------------ rendering */

/*
 * splice_reference - add "reference":[highlight, ...] to the JSON object
 * that ends the buffer (from offset start), before its closing brace.
 * The .story highlights are the reference summary; we carry them so that
 * an evaluation can read system and reference from one file.  They are
 * raw bytes from the file: sm_buf_json_string replaces invalid UTF-8 by
 * U+FFFD, as for every other string, so the record stays valid UTF-8.
 */
static int splice_reference(sm_buf_t *b, size_t start, const char *ref)
{
	sm_buf_t tail = {0};
	size_t end = b->len, i;
	int rc = SM_OK;
	while (end > start && (b->p[end - 1] == '\n' || b->p[end - 1] == ' '))
		end--;
	if (end == start || b->p[end - 1] != '}')
		return SM_OK;
	if ((rc = sm_buf_append(&tail, b->p + end - 1, b->len - (end - 1))) != SM_OK)
		goto done;
	b->len = end - 1;
	rc = sm_buf_puts(b, ",\"reference\":[");
	for (i = 0; rc == SM_OK && ref[i];) {
		const char *nl = strchr(ref + i, '\n');
		size_t n = nl ? (size_t)(nl - (ref + i)) : strlen(ref + i);
		if (i > 0)
			rc = sm_buf_append(b, ",", 1);
		if (rc == SM_OK)
			rc = sm_buf_json_string(b, ref + i, n);
		i += n + (nl ? 1 : 0);
	}
	if (rc == SM_OK)
		rc = sm_buf_append(b, "]", 1);
	if (rc == SM_OK)
		rc = sm_buf_append(b, tail.p, tail.len);
done:
	sm_buf_free(&tail);
	return rc;
}

/*
 * Names in one-line places.  A file name or an id may hold a newline or
 * any other control character; written as is, it would split a
 * "summarize: FILE: reason" line, a "==> NAME <==" header or a CoNLL-U
 * "# newdoc id" comment in two.  So wherever a name goes into such a line,
 * control characters (below 0x20, and DEL) are written as C escapes: \n,
 * \r, \t, else \xHH.  Other bytes are kept as they are, as head(1) does.
 */

/* name_escape - the escape for byte c in e (NUL-terminated), or 0 when c
 * needs none. */
static int name_escape(unsigned char c, char e[5])
{
	static const char hex[] = "0123456789abcdef";
	if (c >= 0x20 && c != 0x7f)
		return 0;
	e[0] = '\\';
	if (c == '\n' || c == '\r' || c == '\t') {
		e[1] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
		e[2] = '\0';
	} else {
		e[1] = 'x';
		e[2] = hex[c >> 4];
		e[3] = hex[c & 15];
		e[4] = '\0';
	}
	return 1;
}

/* buf_put_name - append s to b with control characters escaped. */
static int buf_put_name(sm_buf_t *b, const char *s)
{
	int rc = SM_OK;
	size_t i = 0, j;
	char e[5];
	while (rc == SM_OK && s[i]) {
		for (j = i; s[j] && !name_escape((unsigned char)s[j], e); j++)
			;
		rc = sm_buf_append(b, s + i, j - i);
		if (rc == SM_OK && s[j])
			rc = sm_buf_puts(b, e);
		i = s[j] ? j + 1 : j;
	}
	return rc;
}

/* put_name - write s to fp with control characters escaped (no allocation,
 * so an error line can always be written). */
static void put_name(FILE *fp, const char *s)
{
	char e[5];
	for (; *s; s++) {
		if (name_escape((unsigned char)*s, e))
			fputs(e, fp);
		else
			putc(*s, fp);
	}
}

/* The name of a record in headers: its JSONL id, else its file name. */
static const char *record_name(const sm_record_t *r)
{
	if (r->line && r->id)
		return r->id;
	return r->source;
}

/*
 * render_error - turn r into a rendered error record: JSON output gets the
 * one-schema error object; other formats get nothing (the writer reports
 * the error on stderr).  A record with an id is reported by id only, not
 * by line number, so its error record is the same in every shard.
 */
static int render_error(runner_t *run, sm_record_t *r)
{
	r->failed = 1;
	sm_buf_clear(&r->out);
	if (run->opts->format != SM_OUT_JSON)
		return SM_OK;
	return sm_render_error_json(r->id, r->id ? 0 : r->line, r->source,
				    r->status, r->message ? r->message : "",
				    &r->out);
}

/*
 * process - everything a worker does for one record: parse a JSONL line,
 * skip an id that --resume already has, run the pipeline and render.
 * Failures of the record become error records; only a failure to record
 * the failure (no memory for the message) is returned.
 */
static int process(worker_t *w, sm_record_t *r)
{
	runner_t *run = w->run;
	const sm_batch_opts_t *o = run->opts;
	sm_render_opts_t ro;
	int rc = SM_OK;

	if (r->skipped)
		return SM_OK; /* the output file: nothing to do */
	if (r->kind == SM_REC_JSONL) {
		rc = sm_record_parse_jsonl(r, &o->input);
		if (rc != SM_OK)
			rc = sm_record_error(r, rc, "%s", sm_strerror(rc));
		if (rc != SM_OK)
			return rc;
	}
	if (o->resume) {
		if ((rc = record_key(&w->key, r)) != SM_OK)
			return rc;
		if (keyset_has(&run->done_ids, w->key.p)) {
			r->skipped = SKIP_DONE;
			goto done;
		}
	}
	if (r->kind == SM_REC_ERROR)
		return render_error(run, r);

	rc = sm_doc_set_input(w->doc, r->data, r->len, r->id, r->title, r->date);
	if (rc == SM_OK)
		rc = sm_pipeline_run(w->pipe, w->doc);
	if (rc != SM_OK)
		goto fail;

	sm_render_opts_init(&ro);
	ro.facts = o->config.facts;
	ro.lang = o->config.lang;
	ro.source = r->source;
	sm_buf_clear(&r->out);
	switch (o->format) {
	case SM_OUT_JSON:
		rc = sm_render_json(w->doc, &ro, &r->out);
		if (rc == SM_OK && r->reference)
			rc = splice_reference(&r->out, 0, r->reference);
		break;
	case SM_OUT_CONLLU:
		/* CoNLL-U marks document boundaries with a newdoc comment */
		if (r->multi && (rc = sm_buf_puts(&r->out, "# newdoc id = ")) == SM_OK &&
		    (rc = buf_put_name(&r->out, record_name(r))) == SM_OK)
			rc = sm_buf_puts(&r->out, "\n");
		if (rc == SM_OK)
			rc = sm_render_conllu(w->doc, &r->out);
		break;
	case SM_OUT_CARB:
#ifdef SM_HAVE_CARB
		rc = sm_facts_render_carb(w->doc, &r->out);
#else
		rc = SM_EFORMAT;
#endif
		break;
	default:
		if (r->multi && (rc = sm_buf_puts(&r->out, "==> ")) == SM_OK &&
		    (rc = buf_put_name(&r->out, record_name(r))) == SM_OK)
			rc = sm_buf_puts(&r->out, " <==\n");
		if (rc == SM_OK)
			rc = sm_render_text(w->doc, &ro, &r->out);
		break;
	}
	if (rc != SM_OK)
		goto fail;
done:
	free(r->data);
	r->data = NULL;
	sm_doc_reset(w->doc);
	return SM_OK;
fail:
	sm_doc_reset(w->doc);
	if (sm_record_error(r, rc, "%s", sm_strerror(rc)) != SM_OK)
		return SM_ENOMEM;
	return render_error(run, r);
}

/* ---------------------------------------------------------------- threads */

/*
 * Wake-ups are batched.  Each one is a context switch, often to the other
 * core; one per record for the writer and one for the reader cost about
 * as much as summarizing a short article (15% of a -j1 run in perf).  So
 * a worker wakes the writer once a quarter of the window is done and
 * contiguous, or when it is about to run out of work (so the pipeline
 * never stalls and one interactive article is written at once), and the
 * writer wakes the reader once half the window is free.  Nothing waits
 * on a batch that cannot fill: every wake-up condition below also holds
 * when the window drains completely.
 */

/* writer_should_wake - call with mu held, after marking a record done. */
static int writer_should_wake(const runner_t *run)
{
	size_t k = 0;
	while (run->n_written + k < run->n_read &&
	       run->done[(run->n_written + k) % run->window])
		k++;
	if (k == 0)
		return 0;
	return k >= run->window / 4 || run->n_taken == run->n_read || run->eof ||
	       run->abort;
}

/* over_bytes - would a record of len bytes push the input in flight past
 * SM_BATCH_WINDOW_BYTES?  (Never with nothing in flight, so one record
 * larger than the window still goes through.)  Call with mu held. */
static int over_bytes(const runner_t *run, size_t len)
{
	return run->bytes_in_flight > 0 &&
	       run->bytes_in_flight + len > SM_BATCH_WINDOW_BYTES;
}

/* reader_should_wake - call with mu held, after freeing a slot. */
static int reader_should_wake(const runner_t *run)
{
	if (!run->reader_waiting)
		return 0;
	if (run->bytes_in_flight == 0)
		return 1;
	return run->n_read - run->n_written <= run->window / 2 &&
	       !over_bytes(run, run->reader_wants);
}

static void *worker_main(void *arg)
{
	worker_t *w = arg;
	runner_t *run = w->run;
	pthread_mutex_lock(&run->mu);
	for (;;) {
		while (!run->abort && run->n_taken == run->n_read && !run->eof)
			pthread_cond_wait(&run->cv_work, &run->mu);
		if (run->abort || run->n_taken == run->n_read)
			break;
		uint64_t seq = run->n_taken++;
		sm_record_t *r = run->slots[seq % run->window];
		pthread_mutex_unlock(&run->mu);

		if (process(w, r) != SM_OK) {
			/* no memory even for the error message: keep the count
			 * right with a static reason */
			r->kind = SM_REC_ERROR;
			r->status = SM_ENOMEM;
			r->failed = 1;
			sm_buf_clear(&r->out);
			if (run->opts->format == SM_OUT_JSON)
				sm_render_error_json(r->id, r->id ? 0 : r->line, r->source,
						     SM_ENOMEM, "out of memory", &r->out);
		}

		pthread_mutex_lock(&run->mu);
		run->done[seq % run->window] = 1;
		if (writer_should_wake(run))
			pthread_cond_signal(&run->cv_done);
	}
	pthread_mutex_unlock(&run->mu);
	return NULL;
}

/*
 * skip_output_file - mark r SKIP_OUTPUT (and drop its data) when it comes
 * from the output file: its target or its temporary file, compared by
 * device and inode so that any spelling of the path, or a hard link,
 * matches.  Without this, "-o d/out.jsonl d" reads the previous run's
 * output back as input.  Only files met while walking a directory count
 * (r->in_dir): a file named on the command line is the user's choice (-o f f replaces
 * f by its summary, as sort -o does).  Reader thread only; the answer is
 * kept per source, and run->last_is_output counts the records of the
 * current output source, so the writer gives one notice per file.
 * SM_OK or SM_ENOMEM.
 */
static int skip_output_file(runner_t *run, sm_record_t *r)
{
	const char *src = r->source ? r->source : "";
	struct stat st;
	int is_out = 0;
	if (!run->output_ids[0].set && !run->output_ids[1].set)
		return SM_OK;
	if (!r->in_dir)
		return SM_OK;
	if (run->last_source && strcmp(run->last_source, src) == 0) {
		is_out = run->last_is_output > 0;
	} else {
		char *copy = strdup(src);
		if (!copy)
			return SM_ENOMEM;
		free(run->last_source);
		run->last_source = copy;
		if (stat(src, &st) == 0)
			for (int k = 0; k < 2; k++)
				if (run->output_ids[k].set && run->output_ids[k].dev == st.st_dev &&
				    run->output_ids[k].ino == st.st_ino)
					is_out = 1;
		run->last_is_output = 0;
	}
	if (is_out) {
		run->last_is_output++;
		r->skipped = SKIP_OUTPUT;
		free(r->data);
		r->data = NULL;
		r->len = 0;
	}
	return SM_OK;
}

static void *reader_main(void *arg)
{
	runner_t *run = arg;
	int rc = SM_OK;
	if (run->block_sigint) {
		/* SIGINT should interrupt this thread's blocking reads */
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, SIGINT);
		pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	}
	for (;;) {
		sm_record_t *r = NULL;
		uint64_t rd, rt;
		rc = sm_input_next(run->in, &r);
		if (rc != SM_OK || !r)
			break;
		sm_input_progress(run->in, &rd, &rt);
		if ((rc = skip_output_file(run, r)) != SM_OK)
			break;
		if (r->skipped && run->last_is_output > 1) {
			/* the notice went with the file's first record */
			sm_record_free(r);
			continue;
		}
		pthread_mutex_lock(&run->mu);
		while (!run->abort &&
		       (run->n_read - run->n_written >= run->window || over_bytes(run, r->len))) {
			run->reader_waiting = 1;
			run->reader_wants = r->len;
			pthread_cond_wait(&run->cv_space, &run->mu);
		}
		run->reader_waiting = 0;
		if (run->abort) {
			pthread_mutex_unlock(&run->mu);
			sm_record_free(r);
			break;
		}
		r->seq = run->n_read;
		run->slots[r->seq % run->window] = r;
		run->done[r->seq % run->window] = 0;
		run->bytes_in_flight += r->len;
		run->n_read++;
		run->raw_done = rd;
		run->raw_total = rt;
		pthread_cond_signal(&run->cv_work);
		pthread_mutex_unlock(&run->mu);
	}
	pthread_mutex_lock(&run->mu);
	run->eof = 1;
	run->reader_rc = rc;
	pthread_cond_broadcast(&run->cv_work);
	pthread_cond_broadcast(&run->cv_done);
	pthread_mutex_unlock(&run->mu);
	return NULL;
}

/* ----------------------------------------------------------------- output */

typedef struct {
	FILE *fp;
	char *path;     /* target, or NULL for out_fp */
	char *name;     /* the target as given, escaped for messages */
	char *tmp;      /* temporary file, removed unless committed */
	file_id_t ids[2]; /* the target (when it exists) and tmp */
	int owned;
} output_t;

/*
 * output_key - the --resume key of one line of an existing output (see
 * record_key for the forms), in b.  Returns SM_OK, SM_ENOMEM, or
 * SM_EFORMAT when the line is not a record this program writes: not JSON,
 * not an object, or with neither a string id nor a line nor a source.
 */
static int output_key(sm_buf_t *b, const char *line, size_t n)
{
	json_t *root = json_loadb(line, n, JSON_ALLOW_NUL, NULL);
	json_t *id, *ln, *src;
	const char *s = "";
	size_t slen = 0, num;
	int rc = SM_EFORMAT;
	if (!root || !json_is_object(root))
		goto done;
	id = json_object_get(root, "id");
	ln = json_object_get(root, "line");
	src = json_object_get(root, "source");
	if (src && json_is_string(src)) {
		s = json_string_value(src);
		slen = json_string_length(src);
	}
	if (id && json_is_string(id)) {
		num = line_id_number(json_string_value(id), json_string_length(id));
		if (num)
			rc = key_line(b, num, s, slen);
		else
			rc = key_text(b, "i", json_string_value(id), json_string_length(id));
	} else if (ln && json_is_integer(ln) && json_integer_value(ln) > 0) {
		rc = key_line(b, (size_t)json_integer_value(ln), s, slen);
	} else if (src && json_is_string(src)) {
		rc = key_text(b, "s", s, slen);
	}
done:
	json_decref(root);
	return rc;
}

/*
 * load_resume - read the existing output at path (shown as name): every
 * complete line is kept (copied to out) and its key added to ids; a last
 * line without a newline, which an interrupted writer may have left, is
 * dropped so its record is done again.  A missing file is an empty one.
 *
 * A line that is not one of our records (a stray log line, a file that is
 * not our output at all) stops the run with SM_EFORMAT and a message
 * naming the line: keeping it would make the output invalid JSON Lines,
 * and dropping it silently could lose someone's data.  Other errors:
 * SM_EIO, SM_ENOMEM.  err receives a one-line message.
 */
static int load_resume(const char *path, const char *name, FILE *out, keyset_t *ids,
		       char *err, size_t errlen)
{
	FILE *fp = fopen(path, "rb");
	char *line = NULL;
	sm_buf_t key = {0};
	size_t cap = 0, lineno = 0;
	ssize_t n;
	int rc = SM_OK;
	if (!fp) {
		if (errno == ENOENT)
			return SM_OK;
		snprintf(err, errlen, "%s: cannot resume: %s", name, strerror(errno));
		return SM_EIO;
	}
	while ((n = getline(&line, &cap, fp)) > 0) {
		lineno++;
		if (line[n - 1] != '\n')
			break; /* truncated last line: redo it */
		rc = output_key(&key, line, (size_t)n);
		if (rc == SM_EFORMAT) {
			snprintf(err, errlen, "%s: line %zu: not a JSON record of summarize, "
				 "cannot resume", name, lineno);
			goto done;
		}
		if (rc == SM_OK)
			rc = keyset_add(ids, key.p);
		if (rc != SM_OK) {
			snprintf(err, errlen, "%s: cannot resume: out of memory", name);
			goto done;
		}
		if (fwrite(line, 1, (size_t)n, out) != (size_t)n) {
			snprintf(err, errlen, "%s: cannot resume: write error: %s", name,
				 strerror(errno));
			rc = SM_EIO;
			goto done;
		}
	}
	if (ferror(fp)) {
		snprintf(err, errlen, "%s: cannot resume: read error", name);
		rc = SM_EIO;
	}
done:
	sm_buf_free(&key);
	free(line);
	fclose(fp);
	return rc;
}

/*
 * resolve_link - in *out (malloc'd), the file that path names once the
 * symbolic links in its last component are followed, whether or not that
 * file exists yet; path itself when it is not a link.  The temporary file
 * goes beside this target and is renamed over it, so -o LINK updates the
 * file LINK points to and LINK stays a link (rename over the link would
 * replace it by a regular file).  Errors: SM_ENOMEM; SM_EIO with errno
 * set (ELOOP after 40 links, or what readlink said).
 */
static int resolve_link(const char *path, char **out)
{
	char *cur = strdup(path), *buf = NULL, *next;
	size_t cap, dl;
	ssize_t n;
	int rc = SM_ENOMEM;
	struct stat st;
	*out = NULL;
	for (int hops = 0; cur && lstat(cur, &st) == 0 && S_ISLNK(st.st_mode); hops++) {
		if (hops == 40) {
			errno = ELOOP;
			rc = SM_EIO;
			goto done;
		}
		/* st_size is the link's length on most file systems, 0 on some */
		for (cap = (size_t)st.st_size + 2;; cap *= 2) {
			free(buf);
			if (!(buf = malloc(cap)))
				goto done;
			if ((n = readlink(cur, buf, cap)) < 0) {
				rc = SM_EIO;
				goto done;
			}
			if ((size_t)n < cap - 1)
				break;
		}
		buf[n] = '\0';
		/* a relative link is relative to the link's own directory */
		dl = buf[0] == '/' || !strrchr(cur, '/') ? 0
			: (size_t)(strrchr(cur, '/') - cur) + 1;
		if (!(next = malloc(dl + (size_t)n + 1)))
			goto done;
		memcpy(next, cur, dl);
		memcpy(next + dl, buf, (size_t)n + 1);
		free(cur);
		cur = next;
	}
	if (cur) {
		*out = cur;
		cur = NULL;
		rc = SM_OK;
	}
done:
	free(buf);
	free(cur);
	return rc;
}

/*
 * output_open - stdout (or opts->out_fp), or a temporary file next to the
 * file opts->output names (through symbolic links, see resolve_link).  The
 * temporary file gets the permission bits of the file it will replace, or
 * those a new file would get (0666 less the umask), so a private output
 * stays private.
 */
static int output_open(output_t *o, const sm_batch_opts_t *opts, keyset_t *ids,
		       char *err, size_t errlen)
{
	const char *path = opts->output, *base;
	size_t dl, tlen;
	int fd, rc;
	mode_t mode, um;
	struct stat st;
	memset(o, 0, sizeof *o);
	if (!path) {
		o->fp = opts->out_fp ? opts->out_fp : stdout;
		return SM_OK;
	}
	{
		sm_buf_t nb = {0};
		if (buf_put_name(&nb, path) != SM_OK) {
			sm_buf_free(&nb);
			return SM_ENOMEM;
		}
		o->name = nb.p ? nb.p : strdup(""); /* owned by o now */
		if (!o->name)
			return SM_ENOMEM;
	}
	/* a device or pipe (-o /dev/stdout, a FIFO) cannot be replaced by
	 * rename: write to it directly */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (opts->resume || S_ISDIR(st.st_mode)) {
			snprintf(err, errlen, "%s: %s", o->name,
				 S_ISDIR(st.st_mode) ? "is a directory"
						     : "cannot resume a non-regular file");
			return S_ISDIR(st.st_mode) ? SM_EIO : SM_EINVAL;
		}
		o->path = strdup(path);
		if (!o->path)
			return SM_ENOMEM;
		o->fp = fopen(path, "wb");
		if (!o->fp) {
			snprintf(err, errlen, "%s: cannot open: %s", o->name, strerror(errno));
			return SM_EIO;
		}
		o->owned = 1;
		return SM_OK;
	}
	if ((rc = resolve_link(path, &o->path)) != SM_OK) {
		if (rc == SM_EIO)
			snprintf(err, errlen, "%s: cannot create: %s", o->name, strerror(errno));
		return rc;
	}
	base = strrchr(o->path, '/');
	dl = base ? (size_t)(base - o->path) + 1 : 0;
	tlen = strlen(o->path) + 16;
	o->tmp = malloc(tlen);
	if (!o->tmp)
		return SM_ENOMEM;
	/* DIR/.BASE.XXXXXX: same directory, so rename() is atomic */
	memcpy(o->tmp, o->path, dl);
	snprintf(o->tmp + dl, tlen - dl, ".%s.XXXXXX", o->path + dl);
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot create: %s", o->name, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return SM_EIO;
	}
	if (fstat(fd, &st) == 0)
		o->ids[1] = (file_id_t){ 1, st.st_dev, st.st_ino };
	if (stat(o->path, &st) == 0 && S_ISREG(st.st_mode)) {
		mode = st.st_mode & 0777;
		o->ids[0] = (file_id_t){ 1, st.st_dev, st.st_ino };
	} else {
		um = umask(022);
		umask(um);
		mode = 0666 & ~um;
	}
	fchmod(fd, mode);
	o->fp = fdopen(fd, "wb");
	if (!o->fp) {
		close(fd);
		return SM_ENOMEM;
	}
	o->owned = 1;
	if (opts->resume) {
		rc = load_resume(o->path, o->name, o->fp, ids, err, errlen);
		if (rc != SM_OK)
			return rc == SM_EFORMAT ? SM_EIO : rc;
	}
	return SM_OK;
}

/*
 * output_close - flush; commit (fsync + rename) when commit is set, else
 * remove the temporary file.  Returns SM_EIO when anything failed.
 */
static int output_close(output_t *o, int commit, char *err, size_t errlen)
{
	int rc = SM_OK;
	if (o->fp && fflush(o->fp) != 0) {
		rc = SM_EIO;
		snprintf(err, errlen, "%s: write error: %s",
			 o->name ? o->name : "stdout", strerror(errno));
	}
	if (o->owned && o->fp) {
		if (rc == SM_OK && commit && fsync(fileno(o->fp)) != 0 && errno != EINVAL) {
			rc = SM_EIO;
			snprintf(err, errlen, "%s: write error: %s", o->name, strerror(errno));
		}
		if (fclose(o->fp) != 0 && rc == SM_OK) {
			rc = SM_EIO;
			snprintf(err, errlen, "%s: write error: %s", o->name, strerror(errno));
		}
	}
	o->fp = NULL;
	if (o->tmp) {
		if (commit && rc == SM_OK) {
			if (rename(o->tmp, o->path) != 0) {
				rc = SM_EIO;
				snprintf(err, errlen, "%s: cannot rename: %s", o->name,
					 strerror(errno));
				unlink(o->tmp);
			}
		} else {
			unlink(o->tmp);
		}
	}
	free(o->tmp);
	free(o->path);
	free(o->name);
	memset(o, 0, sizeof *o);
	return rc;
}

/* --------------------------------------------------------------- progress */

typedef struct {
	int on;
	double start, last;
	int shown;
} progress_t;

/* Draw the progress line (records, MB, rates, errors, ETA when known). */
static void progress_draw(progress_t *p, FILE *err, const sm_batch_stats_t *st,
			  uint64_t raw_done, uint64_t raw_total, double t)
{
	double el = t - p->start, mb = (double)st->bytes / 1e6;
	if (el <= 0)
		el = 1e-9;
	fprintf(err, "\r%llu records  %.1f MB  %.0f rec/s  %.2f MB/s  %llu errors",
		(unsigned long long)st->records, mb, (double)st->records / el,
		mb / el, (unsigned long long)st->failed);
	if (raw_total > 0 && raw_done > 0 && raw_done <= raw_total) {
		double eta = el * (double)(raw_total - raw_done) / (double)raw_done;
		fprintf(err, "  ETA %d:%02d", (int)eta / 60, (int)eta % 60);
	}
	fputs("\033[K", err);
	fflush(err);
	p->shown = 1;
	p->last = t;
}

/* ----------------------------------------------------------------- writer */

/*
 * report_line - "summarize: SOURCE[: line N]: reason" on the error stream,
 * one line even when the file name or the reason (which may quote the
 * input) holds a newline; it first clears a progress line.
 */
static void report_line(FILE *err, progress_t *pg, const char *source, size_t line,
			const char *reason)
{
	if (!err)
		return;
	if (pg->shown)
		fputs("\r\033[K", err);
	fputs("summarize: ", err);
	put_name(err, source ? source : "");
	if (line)
		fprintf(err, ": line %zu", line);
	fputs(": ", err);
	put_name(err, reason);
	fputc('\n', err);
	pg->shown = 0;
}

/* Report a failed record on the error stream. */
static void report_error(FILE *err, const sm_record_t *r, progress_t *pg)
{
	report_line(err, pg, r->source, r->line,
		    r->message ? r->message : sm_strerror(r->status));
}

/* Say on the error stream that an input was skipped as the output file. */
static void report_output_skipped(FILE *err, const sm_record_t *r, progress_t *pg)
{
	report_line(err, pg, r->source, 0, "skipped: it is the output file");
}

/*
 * write_record - one record to the output.  Text output gets a blank line
 * between documents, as head(1) does between files.
 */
static int write_record(FILE *fp, const sm_record_t *r, int fmt, uint64_t nout)
{
	if (r->skipped || r->out.len == 0)
		return SM_OK;
	if (fmt == SM_OUT_TEXT && r->multi && nout > 0 && fputc('\n', fp) == EOF)
		return SM_EIO;
	if (fwrite(r->out.p, 1, r->out.len, fp) != r->out.len)
		return SM_EIO;
	return SM_OK;
}

/* Timed wait until abs + dt seconds. */
static void wait_for(pthread_cond_t *cv, pthread_mutex_t *mu, double dt)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	long ns = ts.tv_nsec + (long)(dt * 1e9);
	ts.tv_sec += ns / 1000000000L;
	ts.tv_nsec = ns % 1000000000L;
	pthread_cond_timedwait(cv, mu, &ts);
}

/* Stop every thread (write error or interrupt) and wait for them. */
static void runner_stop(runner_t *run)
{
	pthread_mutex_lock(&run->mu);
	run->abort = 1;
	pthread_cond_broadcast(&run->cv_work);
	pthread_cond_broadcast(&run->cv_space);
	pthread_cond_broadcast(&run->cv_done);
	pthread_mutex_unlock(&run->mu);
}

static void runner_join(runner_t *run)
{
	for (unsigned i = 0; i < run->nworkers; i++)
		if (run->workers[i].started) {
			pthread_join(run->workers[i].tid, NULL);
			run->workers[i].started = 0;
		}
	if (run->reader_started) {
		pthread_join(run->reader_tid, NULL);
		run->reader_started = 0;
	}
}

/*
 * write_loop - the writer: write records in order as they are done until
 * the reader's end, an interrupt or a write error.  On interrupt the
 * records already done and contiguous are still written.
 */
static int write_loop(runner_t *run, FILE *fp, sm_batch_stats_t *st, progress_t *pg,
		      sigset_t *oldmask, int *sig_restored)
{
	const sm_batch_opts_t *o = run->opts;
	uint64_t nout = 0;
	int rc = SM_OK, stopping = 0;

	pthread_mutex_lock(&run->mu);
	for (;;) {
		size_t s = run->n_written % run->window;
		if (run->n_written < run->n_read && run->done[s]) {
			sm_record_t *r = run->slots[s];
			run->slots[s] = NULL;
			run->done[s] = 0;
			pthread_mutex_unlock(&run->mu);

			if (!r->skipped) {
				if (write_record(fp, r, o->format, nout) != SM_OK) {
					st->output_error = errno ? errno : EIO;
					rc = SM_EIO;
				}
				if (r->out.len)
					nout++;
				st->records++;
				st->bytes += r->data_bytes;
				if (r->failed) {
					st->failed++;
					report_error(o->err, r, pg);
				}
			} else if (r->skipped == SKIP_OUTPUT) {
				report_output_skipped(o->err, r, pg);
			} else {
				st->skipped++;
			}
			size_t len = r->len;
			sm_record_free(r);

			pthread_mutex_lock(&run->mu);
			run->bytes_in_flight -= len;
			run->n_written++;
			if (reader_should_wake(run))
				pthread_cond_signal(&run->cv_space);
			if (rc != SM_OK)
				break;
			if (pg->on && now_sec() - pg->last >= 0.25) {
				uint64_t rd = run->raw_done, rt = run->raw_total;
				pthread_mutex_unlock(&run->mu);
				progress_draw(pg, o->err, st, rd, rt, now_sec());
				pthread_mutex_lock(&run->mu);
			}
			continue;
		}
		if (stopping || (run->eof && run->n_written == run->n_read))
			break;
		if (run->eof && !*sig_restored && run->block_sigint) {
			/* no reader left to take SIGINT: let this thread have it */
			pthread_sigmask(SIG_SETMASK, oldmask, NULL);
			*sig_restored = 1;
		}
		if (o->stop && *o->stop) {
			/* finish the records in progress, then write what is done */
			run->abort = 1;
			pthread_cond_broadcast(&run->cv_work);
			pthread_cond_broadcast(&run->cv_space);
			pthread_mutex_unlock(&run->mu);
			runner_join(run);
			pthread_mutex_lock(&run->mu);
			stopping = 1;
			st->interrupted = 1;
			continue;
		}
		wait_for(&run->cv_done, &run->mu, 0.25);
		if (pg->on && now_sec() - pg->last >= 0.25) {
			uint64_t rd = run->raw_done, rt = run->raw_total;
			pthread_mutex_unlock(&run->mu);
			progress_draw(pg, o->err, st, rd, rt, now_sec());
			pthread_mutex_lock(&run->mu);
		}
	}
	pthread_mutex_unlock(&run->mu);
	if (rc == SM_OK && ferror(fp)) {
		st->output_error = EIO;
		rc = SM_EIO;
	}
	return rc;
}

/* ------------------------------------------------------------------- run */

static void runner_free(runner_t *run)
{
	if (run->slots)
		for (size_t i = 0; i < run->window; i++)
			sm_record_free(run->slots[i]);
	free(run->slots);
	free(run->done);
	for (unsigned i = 0; run->workers && i < run->nworkers; i++) {
		sm_pipeline_free(run->workers[i].pipe);
		sm_doc_free(run->workers[i].doc);
		sm_buf_free(&run->workers[i].key);
	}
	free(run->workers);
	sm_input_free(run->in);
	keyset_free(&run->done_ids);
	free(run->last_source);
	pthread_mutex_destroy(&run->mu);
	pthread_cond_destroy(&run->cv_work);
	pthread_cond_destroy(&run->cv_done);
	pthread_cond_destroy(&run->cv_space);
}

/*
 * sm_batch_run - see batch.h.  Set up (pipelines, output, threads), run the
 * writer loop in this thread, tear down, commit or remove the output.
 */
int sm_batch_run(const sm_models_t *m, const sm_batch_opts_t *opts,
		 const char *const *args, size_t n, sm_batch_stats_t *stats,
		 char *err, size_t errlen)
{
	runner_t run;
	output_t out;
	progress_t pg = {0};
	sm_batch_stats_t st = {0};
	sm_input_opts_t inopts;
	sigset_t set, oldmask;
	int rc = SM_OK, sig_restored = 1, wrc;
	char dummy[8];
	unsigned i;

	if (!err) {
		err = dummy;
		errlen = sizeof dummy;
	}
	if (errlen)
		err[0] = '\0';
	memset(&run, 0, sizeof run);
	memset(&out, 0, sizeof out);
	pthread_mutex_init(&run.mu, NULL);
	pthread_cond_init(&run.cv_work, NULL);
	pthread_cond_init(&run.cv_done, NULL);
	pthread_cond_init(&run.cv_space, NULL);
	if (!m || !opts) {
		rc = SM_EINVAL;
		goto done;
	}
	if (opts->resume && (!opts->output || opts->format != SM_OUT_JSON)) {
		snprintf(err, errlen, "--resume needs --json output to a file (-o)");
		rc = SM_EINVAL;
		goto done;
	}
	run.opts = opts;
	run.nworkers = opts->threads ? opts->threads : sm_batch_default_threads();
	run.window = 4 * (size_t)run.nworkers + 16;
	run.slots = calloc(run.window, sizeof *run.slots);
	run.done = calloc(run.window, 1);
	run.workers = calloc(run.nworkers, sizeof *run.workers);
	if (!run.slots || !run.done || !run.workers) {
		rc = SM_ENOMEM;
		goto done;
	}
	for (i = 0; i < run.nworkers; i++) {
		worker_t *w = &run.workers[i];
		w->run = &run;
		if ((rc = sm_pipeline_new(m, &opts->config, &w->pipe)) != SM_OK ||
		    (rc = sm_doc_new(&w->doc)) != SM_OK) {
			snprintf(err, errlen, "cannot start the pipeline: %s", sm_strerror(rc));
			goto done;
		}
	}
	inopts = opts->input;
	if (!inopts.stop)
		inopts.stop = opts->stop;
	if ((rc = sm_input_new(&inopts, args, n, &run.in)) != SM_OK)
		goto done;
	if ((rc = output_open(&out, opts, &run.done_ids, err, errlen)) != SM_OK)
		goto done;
	run.output_ids[0] = out.ids[0];
	run.output_ids[1] = out.ids[1];

	pg.on = opts->err && (opts->progress > 0 ||
			      (opts->progress < 0 && isatty(fileno(opts->err))));
	pg.start = pg.last = now_sec();

	/* While the reader lives, only it takes SIGINT (see the file header). */
	run.block_sigint = opts->stop != NULL;
	if (run.block_sigint) {
		sigemptyset(&set);
		sigaddset(&set, SIGINT);
		pthread_sigmask(SIG_BLOCK, &set, &oldmask);
		sig_restored = 0;
	}
	for (i = 0; i < run.nworkers; i++) {
		if (pthread_create(&run.workers[i].tid, NULL, worker_main, &run.workers[i]) != 0) {
			rc = SM_ENOMEM;
			break;
		}
		run.workers[i].started = 1;
	}
	if (rc == SM_OK) {
		if (pthread_create(&run.reader_tid, NULL, reader_main, &run) != 0)
			rc = SM_ENOMEM;
		else
			run.reader_started = 1;
	}
	if (rc != SM_OK) {
		snprintf(err, errlen, "cannot start threads");
		runner_stop(&run);
		runner_join(&run);
		goto done;
	}

	wrc = write_loop(&run, out.fp, &st, &pg, &oldmask, &sig_restored);
	if (wrc != SM_OK)
		runner_stop(&run);
	runner_join(&run);
	if (!sig_restored) {
		pthread_sigmask(SIG_SETMASK, &oldmask, NULL);
		sig_restored = 1;
	}
	if (wrc != SM_OK) {
		rc = wrc;
		snprintf(err, errlen, "%s: write error: %s",
			 out.name ? out.name : "stdout",
			 strerror(st.output_error ? st.output_error : EIO));
	} else if (run.reader_rc == SM_ENOMEM) {
		rc = SM_ENOMEM;
		snprintf(err, errlen, "out of memory while reading input");
	} else if (st.interrupted || run.reader_rc == SM_EINTR ||
		   (opts->stop && *opts->stop)) {
		st.interrupted = 1;
		rc = SM_EINTR;
	}
	/* commit on success and on interrupt (complete records only) */
	wrc = output_close(&out, rc == SM_OK || rc == SM_EINTR, err, errlen);
	if (wrc != SM_OK && (rc == SM_OK || rc == SM_EINTR)) {
		rc = wrc;
		st.output_error = EIO;
	}

	st.seconds = now_sec() - pg.start;
	if (opts->err) {
		int multi = st.records + st.skipped > 1 || n > 1;
		if (pg.shown)
			fputs("\r\033[K", opts->err);
		if (opts->summary > 0 ||
		    (opts->summary < 0 && (multi || st.interrupted))) {
			double mb = (double)st.bytes / 1e6;
			double el = st.seconds > 0 ? st.seconds : 1e-9;
			fprintf(opts->err,
				"summarize: %s%llu records, %llu failed",
				st.interrupted ? "interrupted: " : "",
				(unsigned long long)st.records,
				(unsigned long long)st.failed);
			if (opts->resume)
				fprintf(opts->err, ", %llu already done",
					(unsigned long long)st.skipped);
			fprintf(opts->err, ", %.1f MB in %.1f s (%.0f records/s, %.2f MB/s)\n",
				mb, st.seconds, (double)st.records / el, mb / el);
		}
		fflush(opts->err);
	}
done:
	if (!sig_restored)
		pthread_sigmask(SIG_SETMASK, &oldmask, NULL);
	if (out.fp || out.tmp || out.path || out.name)
		output_close(&out, 0, dummy, sizeof dummy);
	runner_free(&run);
	if (stats)
		*stats = st;
	return rc;
}
