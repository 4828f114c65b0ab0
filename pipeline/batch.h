/*
 * batch.h - the batch runner: inputs -> records -> N workers -> ordered output.
 *
 * Every use of the summarize program goes through sm_batch_run, from one
 * article on the command line to a 10 GB JSON Lines archive:
 *
 *   reader thread   sm_input_next (input.h): files, directories, JSONL,
 *                   .jsonl.gz, .story, stdin  ->  records, numbered in order
 *   N workers       each with its own sm_pipeline_t and sm_doc_t: parse the
 *                   JSONL line, run the pipeline, render the record into its
 *                   own output buffer (text, JSON, CoNLL-U or CaRB), or an
 *                   error record via sm_render_error_json
 *   writer (caller) writes records strictly in input order, refreshes the
 *                   progress line, commits the output file
 *
 * All three stages overlap.  A window of W records (W = 4 x threads + 16,
 * and at most SM_BATCH_WINDOW_BYTES of input in flight) bounds the memory:
 * the reader blocks until the writer has written record n - W, so a
 * 10 GB archive runs in the memory of a 10 MB one.  Output order and content
 * do not depend on the number of threads.
 *
 * JSON output is shard-safe: a record depends only on its own input line
 * (no timestamps, counters or run-dependent data), so any split of an
 * archive at line boundaries, processed separately and concatenated, gives
 * the same bytes as one run.  The exception is a line that cannot be parsed
 * or has no id: it is identified by its line number, which is counted per
 * input stream (see doc/batch.md).
 */
#ifndef SM_BATCH_H
#define SM_BATCH_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include "input.h"
#include "pipeline.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Output formats (--format). */
enum {
	SM_OUT_TEXT = 0,
	SM_OUT_JSON,
	SM_OUT_CONLLU,
	SM_OUT_CARB
};

/* Input bytes in flight between reader and writer, beyond one record. */
#define SM_BATCH_WINDOW_BYTES ((size_t)32 * 1024 * 1024)

typedef struct {
	sm_input_opts_t input;  /* readers: format, max bytes, glob, fields */
	sm_config_t config;     /* pipeline configuration for every worker */
	int format;             /* SM_OUT_* */
	unsigned threads;       /* workers; 0 = number of online cores */
	const char *output;     /* file written atomically, or NULL = out_fp */
	FILE *out_fp;           /* when output is NULL; default stdout */
	int resume;             /* with output: keep its records, skip their ids */
	FILE *err;              /* per-record error lines, progress, summary;
				 * NULL = silent */
	int progress;           /* 1 on, 0 off, -1 auto (err is a terminal) */
	int summary;            /* final one-line summary on err: 1, 0, -1 auto
				 * (only for multi-record runs) */
	const volatile sig_atomic_t *stop; /* set by a SIGINT handler */
} sm_batch_opts_t;

/* What a run did. */
typedef struct {
	uint64_t records;       /* records written (good + failed) */
	uint64_t failed;        /* error records */
	uint64_t skipped;       /* --resume: already in the output */
	uint64_t bytes;         /* input bytes of the records */
	double seconds;         /* wall time */
	int interrupted;        /* stopped by *stop */
	int output_error;       /* the output could not be written (errno) */
} sm_batch_stats_t;

/* sm_batch_opts_init - text output, auto threads and progress, stdout.
 * NULL is a no-op. */
SM_EXPORT void sm_batch_opts_init(sm_batch_opts_t *o);

/*
 * sm_batch_run - process the n inputs args (n == 0: standard input) with
 * the loaded models m, writing the output as opts says.  stats (may be NULL)
 * receives the counts.
 *
 * Returns SM_OK when every record went through and the output was written,
 * even if some records failed (stats->failed says how many; each failure
 * is an error record in JSON output and one "summarize: SOURCE: reason" line
 * on opts->err).  Errors: SM_EINVAL (bad options, e.g. resume without an
 * output file or with non-JSON output), SM_ENOMEM, SM_EIO (the output could
 * not be created or written: nothing is left half-written, the temporary
 * file is removed), SM_EINTR (stopped by opts->stop: the records written so
 * far are complete, and an output file is committed so --resume can go on).
 * Any error from sm_pipeline_new is returned as is.  err (may be NULL)
 * receives a one-line message for returned errors.
 */
SM_EXPORT int sm_batch_run(const sm_models_t *m, const sm_batch_opts_t *opts,
			   const char *const *args, size_t n,
			   sm_batch_stats_t *stats, char *err, size_t errlen);

/* sm_batch_default_threads - the number of online cores (at least 1). */
SM_EXPORT unsigned sm_batch_default_threads(void);

#ifdef __cplusplus
}
#endif
#endif /* SM_BATCH_H */
