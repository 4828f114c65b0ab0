/*
 * cli.c - the summarize program: option parsing, exit codes, nothing else.
 *
 * All input handling, threading and output lives in the batch runner
 * (batch.h): "summarize article.txt" is a batch of one file rendered as
 * text, and "summarize --json -j 8 archive.jsonl.gz -o out.jsonl" is the
 * same call with other options.  This file maps options onto
 * sm_batch_opts_t / sm_config_t, loads the models, installs the SIGINT
 * handler and turns the outcome into an exit code:
 *
 *   0   every record was summarized
 *   1   some records or files failed (the rest were processed and output)
 *   2   usage error (bad option or value, unknown language)
 *   3   models missing or corrupt
 *   4   output could not be written
 *   130 interrupted by SIGINT (what was written is complete)
 *
 * Error lines are "summarize: WHAT: reason", one line each, on stderr.
 */
#define _GNU_SOURCE /* sigaction under strict C11 */
#ifdef HAVE_CONFIG_H
#include "config.h" /* PACKAGE_VERSION */
#endif
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "pipeline.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0.1.0"
#endif

enum {
	EXIT_OK = 0,
	EXIT_SOME_FAILED = 1,
	EXIT_USAGE = 2,
	EXIT_MODELS = 3,
	EXIT_OUTPUT = 4,
	EXIT_INTERRUPTED = 130
};

/*
 * The one mutable global of the program: a signal handler can only reach
 * static storage.  It is written by the handler and read by the batch
 * runner through opts.stop.
 */
static volatile sig_atomic_t g_stop;

static void on_sigint(int sig)
{
	(void)sig;
	g_stop = 1;
}

static const char usage_text[] =
	"Usage: summarize [OPTIONS] [FILE...]\n"
	"Extractive summary and key facts of news articles.\n"
	"\n"
	"Reads each FILE (a text article, a CNN/DailyMail .story file, or a JSON\n"
	"Lines archive, optionally .gz; a directory is walked recursively), or\n"
	"standard input when there is no FILE or FILE is '-'.\n"
	"\n"
	"Summary length (one of):\n"
	"  -n, --sentences N    N sentences (default 3)\n"
	"  -r, --ratio RATIO    this fraction (0-1] of the body sentences\n"
	"  -w, --words WORDS    at most about WORDS words (sentences are never cut)\n"
	"\n"
	"Analysis:\n"
	"      --lang LANG      Snowball language of the text (default english)\n"
	"      --facts=WHICH    key (default), all or none\n"
	"      --pretokenized   input is one tokenized sentence per line\n"
	"      --models DIR     model directory (default: $SUMMARIZE_MODELS or the\n"
	"                       installed models)\n"
	"\n"
	"Output:\n"
	"      --json           one JSON object per document (JSON Lines)\n"
	"      --format=FMT     text (default), json, conllu or carb\n"
	"  -o, --output FILE    write to FILE atomically (temporary file + rename)\n"
	"      --resume         with -o and --json: keep the records already in\n"
	"                       FILE, skip their ids, append the rest\n"
	"  -q, --quiet          no progress line and no final summary\n"
	"\n"
	"Input:\n"
	"  -j, --jobs N         worker threads (default: number of cores)\n"
	"      --max-bytes N    largest document or JSONL line (default 64M;\n"
	"                       suffixes K, M, G)\n"
	"      --glob PATTERN   in directories, only files matching PATTERN\n"
	"      --input-format=F auto (default), text, jsonl or story\n"
	"      --id-field NAME  JSONL field names (defaults id, text, title, date)\n"
	"      --text-field NAME\n"
	"      --title-field NAME\n"
	"      --date-field NAME\n"
	"\n"
	"  -h, --help           show this help and exit\n"
	"  -V, --version        show the version and exit\n"
	"\n"
	"Exit status:\n"
	"  0    all records OK\n"
	"  1    some records or files failed (the others were still output)\n"
	"  2    usage error\n"
	"  3    models missing or corrupt\n"
	"  4    output could not be written\n"
	"  130  interrupted by SIGINT (the output written so far is complete)\n";

enum {
	OPT_LANG = 256,
	OPT_FACTS,
	OPT_JSON,
	OPT_FORMAT,
	OPT_PRETOK,
	OPT_MODELS,
	OPT_MAXBYTES,
	OPT_GLOB,
	OPT_INFMT,
	OPT_IDF,
	OPT_TEXTF,
	OPT_TITLEF,
	OPT_DATEF,
	OPT_RESUME
};

static const struct option long_opts[] = {
	{ "sentences", required_argument, NULL, 'n' },
	{ "ratio", required_argument, NULL, 'r' },
	{ "words", required_argument, NULL, 'w' },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "facts", required_argument, NULL, OPT_FACTS },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "pretokenized", no_argument, NULL, OPT_PRETOK },
	{ "models", required_argument, NULL, OPT_MODELS },
	{ "output", required_argument, NULL, 'o' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "max-bytes", required_argument, NULL, OPT_MAXBYTES },
	{ "glob", required_argument, NULL, OPT_GLOB },
	{ "input-format", required_argument, NULL, OPT_INFMT },
	{ "id-field", required_argument, NULL, OPT_IDF },
	{ "text-field", required_argument, NULL, OPT_TEXTF },
	{ "title-field", required_argument, NULL, OPT_TITLEF },
	{ "date-field", required_argument, NULL, OPT_DATEF },
	{ "resume", no_argument, NULL, OPT_RESUME },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* Print a usage error (one line) and return the usage exit code. */
static int usage_error(const char *fmt, const char *a, const char *b)
{
	fputs("summarize: ", stderr);
	fprintf(stderr, fmt, a, b);
	fputs(" (see summarize --help)\n", stderr);
	return EXIT_USAGE;
}

/* Parse a positive integer no larger than max; 0 on error. */
static long parse_count(const char *s, long max)
{
	char *end;
	long v;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > max)
		return 0;
	return v;
}

/* Index of s in the NULL-terminated list, or -1. */
static int pick(const char *s, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return i;
	return -1;
}

int main(int argc, char **argv)
{
	static const char *const facts_names[] = { "none", "key", "all", NULL };
	static const char *const format_names[] = { "text", "json", "conllu", "carb", NULL };
	static const char *const infmt_names[] = { "auto", "text", "jsonl", "story", NULL };
	sm_batch_opts_t o;
	sm_batch_stats_t st;
	sm_models_t *models = NULL;
	const char *models_dir = NULL, *len_opt = NULL;
	char err[1024];
	int c, rc, quiet = 0, facts_given = 0;
	unsigned what;
	struct sigaction sa;

	sm_batch_opts_init(&o);
	while ((c = getopt_long(argc, argv, "n:r:w:o:j:qhV", long_opts, NULL)) != -1) {
		long v;
		int k;
		switch (c) {
		case 'n':
		case 'w':
			if (len_opt && len_opt[1] != c)
				return usage_error("%s and -%s cannot be combined", len_opt,
						   c == 'n' ? "n" : "w");
			len_opt = c == 'n' ? "-n" : "-w";
			if (!(v = parse_count(optarg, 1000000)))
				return usage_error("%s: expected a positive integer, got '%s'",
						   len_opt, optarg);
			o.config.length_mode = c == 'n' ? SM_LEN_SENTENCES : SM_LEN_WORDS;
			o.config.length = (double)v;
			break;
		case 'r': {
			char *end;
			double d;
			if (len_opt && len_opt[1] != 'r')
				return usage_error("%s and -%s cannot be combined", len_opt, "r");
			len_opt = "-r";
			errno = 0;
			d = strtod(optarg, &end);
			if (errno || end == optarg || *end || !(d > 0.0 && d <= 1.0))
				return usage_error("%s: expected a ratio in (0, 1], got '%s'",
						   "-r", optarg);
			o.config.length_mode = SM_LEN_RATIO;
			o.config.length = d;
			break;
		}
		case OPT_LANG:
			o.config.lang = optarg;
			break;
		case OPT_FACTS:
			if ((k = pick(optarg, facts_names)) < 0)
				return usage_error("--facts: expected key, all or none, got '%s'%s",
						   optarg, "");
			o.config.facts = k == 0 ? SM_FACTS_NONE : k == 1 ? SM_FACTS_KEY
									 : SM_FACTS_ALL;
			facts_given = 1;
			break;
		case OPT_JSON:
			o.format = SM_OUT_JSON;
			break;
		case OPT_FORMAT:
			if ((k = pick(optarg, format_names)) < 0)
				return usage_error("--format: expected text, json, conllu or carb, got '%s'%s",
						   optarg, "");
			o.format = k == 0 ? SM_OUT_TEXT : k == 1 ? SM_OUT_JSON
						  : k == 2 ? SM_OUT_CONLLU : SM_OUT_CARB;
			break;
		case OPT_PRETOK:
			o.config.pretokenized = 1;
			break;
		case OPT_MODELS:
			models_dir = optarg;
			break;
		case 'o':
			if (!*optarg)
				return usage_error("-o: empty file name%s%s", "", "");
			o.output = strcmp(optarg, "-") == 0 ? NULL : optarg;
			break;
		case 'j':
			if (!(v = parse_count(optarg, 1024)))
				return usage_error("-j: expected 1 to 1024 threads, got '%s'%s",
						   optarg, "");
			o.threads = (unsigned)v;
			break;
		case OPT_MAXBYTES:
			if (sm_input_parse_size(optarg, &o.input.max_bytes) != SM_OK)
				return usage_error("--max-bytes: expected a size such as 64M, got '%s'%s",
						   optarg, "");
			break;
		case OPT_GLOB:
			o.input.glob = optarg;
			break;
		case OPT_INFMT:
			if ((k = pick(optarg, infmt_names)) < 0)
				return usage_error("--input-format: expected auto, text, jsonl or story, got '%s'%s",
						   optarg, "");
			o.input.format = k == 0 ? SM_INPUT_AUTO : k == 1 ? SM_INPUT_TEXT
						  : k == 2 ? SM_INPUT_JSONL : SM_INPUT_STORY;
			break;
		case OPT_IDF:
		case OPT_TEXTF:
		case OPT_TITLEF:
		case OPT_DATEF:
			if (!*optarg)
				return usage_error("empty field name%s%s", "", "");
			if (c == OPT_IDF)
				o.input.id_field = optarg;
			else if (c == OPT_TEXTF)
				o.input.text_field = optarg;
			else if (c == OPT_TITLEF)
				o.input.title_field = optarg;
			else
				o.input.date_field = optarg;
			break;
		case OPT_RESUME:
			o.resume = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return fflush(stdout) == 0 ? EXIT_OK : EXIT_OUTPUT;
		case 'V':
			printf("summarize %s\n", PACKAGE_VERSION);
			return fflush(stdout) == 0 ? EXIT_OK : EXIT_OUTPUT;
		default:
			/* getopt_long has printed the reason */
			fputs("summarize: see summarize --help\n", stderr);
			return EXIT_USAGE;
		}
	}
	if (o.resume && (!o.output || o.format != SM_OUT_JSON))
		return usage_error("--resume needs --json (or --format=json) and -o FILE%s%s",
				   "", "");

	/* conllu and carb need the syntax layers; carb needs facts */
	if (o.format == SM_OUT_CONLLU || o.format == SM_OUT_CARB)
		o.config.analyze = 1;
	if (o.format == SM_OUT_CARB && (!facts_given || o.config.facts == SM_FACTS_NONE))
		o.config.facts = SM_FACTS_ALL;
	what = SM_LOAD_BASE;
	if (o.config.analyze || o.config.facts != SM_FACTS_NONE)
		what = SM_LOAD_ALL;

	err[0] = '\0';
	rc = sm_models_load(models_dir, o.config.lang, what, &models, err, sizeof err);
	if (rc != SM_OK) {
		fprintf(stderr, "summarize: %s\n", err[0] ? err : sm_strerror(rc));
		return rc == SM_ELANG ? EXIT_USAGE : EXIT_MODELS;
	}

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = (int)SA_RESETHAND; /* a second Ctrl-C kills at once */
	sigaction(SIGINT, &sa, NULL);

	o.stop = &g_stop;
	o.err = stderr;
	if (quiet) {
		o.progress = 0;
		o.summary = 0;
	}
	rc = sm_batch_run(models, &o, (const char *const *)(argv + optind),
			  (size_t)(argc - optind), &st, err, sizeof err);
	sm_models_free(models);
	if (rc == SM_OK && fflush(stdout) != 0) {
		fprintf(stderr, "summarize: stdout: write error: %s\n", strerror(errno));
		return EXIT_OUTPUT;
	}
	switch (rc) {
	case SM_OK:
		return st.failed ? EXIT_SOME_FAILED : EXIT_OK;
	case SM_EINTR:
		return EXIT_INTERRUPTED;
	case SM_EIO:
		fprintf(stderr, "summarize: %s\n", err[0] ? err : "write error");
		return EXIT_OUTPUT;
	case SM_EINVAL:
		fprintf(stderr, "summarize: %s\n", err[0] ? err : sm_strerror(rc));
		return EXIT_USAGE;
	case SM_ELANG:
		fprintf(stderr, "summarize: %s\n", err[0] ? err : sm_strerror(rc));
		return EXIT_USAGE;
	case SM_EMODEL:
		fprintf(stderr, "summarize: %s\n", err[0] ? err : sm_strerror(rc));
		return EXIT_MODELS;
	default:
		fprintf(stderr, "summarize: %s\n", err[0] ? err : sm_strerror(rc));
		return EXIT_SOME_FAILED;
	}
}
