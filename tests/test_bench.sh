#!/bin/sh
# test_bench.sh - smoke test of the benchmark driver: `bench/run --quick` on
# the small corpus/ must run end to end and write a report whose
# correctness guards hold (records out = records in, no error records).
# No timing is asserted: the numbers depend on the machine.
#
# Environment (set by make check; defaults for a run from the top of the
# build tree): SUMMARIZE (the binary; its directory is the build tree),
# SM_SRCDIR (source tree), SM_MODELS_DIR (models).
# Exit 0 when every check passed, 1 otherwise; 77 (skipped) when the bench
# programs are not built (`make bench` builds them; make check does not).
set -u

SUMMARIZE=${SUMMARIZE:-./summarize}
SRCDIR=${SM_SRCDIR:-.}
abspath() { case $1 in /*) echo "$1" ;; *) echo "$(pwd)/$1" ;; esac; }
SUMMARIZE=$(abspath "$SUMMARIZE")
SRCDIR=$(abspath "$SRCDIR")
BUILD=$(dirname "$SUMMARIZE")
if [ -n "${SM_MODELS_DIR:-}" ]; then
	SUMMARIZE_MODELS=$(abspath "$SM_MODELS_DIR")
	export SUMMARIZE_MODELS
fi
LC_ALL=C
export LC_ALL

if [ ! -x "$BUILD/bench/bench-stages" ] || [ ! -x "$SUMMARIZE" ]; then
	echo "test_bench: $BUILD/bench/bench-stages not built (make bench): skipped"
	exit 77
fi
if [ ! -d "$SRCDIR/corpus" ]; then
	echo "test_bench: $SRCDIR/corpus missing: skipped"
	exit 77
fi

pass=0
fail=0
T=$(mktemp -d "${TMPDIR:-/tmp}/summarize-bench.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

# 1. the driver runs and names its report on standard output
"$SRCDIR/bench/run" --quick --build "$BUILD" --out "$T/out" \
	--corpus "$SRCDIR/corpus" --threads 1,2 >"$T/stdout" 2>"$T/stderr"
rc=$?
if [ "$rc" = 0 ]; then ok; else bad "bench/run --quick exited $rc: $(tail -n 5 "$T/stderr")"; fi
report=$(tail -n 1 "$T/stdout")
if [ -s "$report" ]; then ok; else bad "no report at [$report]"; fi

# 2. the report has every section and a header naming the CPU and flags
for s in '^| CPU |' '^| flags |' '^| commit |' '^## Baseline' '^## Stages: summary only' \
	'^## End to end' '^## Thread scaling' '^## Document length' \
	'^## The summarize CLI' '^## Side by side: Open Text Summarizer'; do
	if grep -q "$s" "$report" 2>/dev/null; then ok; else bad "report lacks [$s]"; fi
done

# 3. every stage of the summary path has a row
for st in copy-in ingest normalize segment tokenize stem score select render; do
	if grep -q "^| $st |" "$report" 2>/dev/null; then ok; else bad "no row for stage $st"; fi
done

# 4. guards: in-memory passes and the CLI kept one record per input, no errors
if grep -q '^- guard (summary only.*(= input), error records 0' "$report"; then ok; else bad "summary guard"; fi
if grep -q 'MISMATCH' "$report"; then bad "a guard reports MISMATCH"; else ok; fi
if grep -q "| out 1 = in 1 | 0 | 0 |" "$report"; then ok; else bad "CLI guard row"; fi

# 5. the thread and length tables have a row per setting
if grep -q '^| 2 | ' "$report"; then ok; else bad "no 2-thread row"; fi
n=$(grep -c '^| [0-9]* | [0-9]* | [0-9.]* \[' "$report")
if [ "$n" -ge 3 ]; then ok; else bad "length rows: expected >= 3, got $n"; fi

# 6. OTS is either measured or skipped with a note
if grep -q '^| `ots -r 20 FILE`' "$report" || grep -q '^Skipped: `ots` is not installed' "$report"; then
	ok
else
	bad "OTS neither measured nor skipped"
fi

# 7. plots: PNG files when gnuplot is present
if command -v gnuplot >/dev/null 2>&1; then
	for p in scaling-threads.png scaling-length.png; do
		if [ -s "$T/out/$p" ]; then ok; else bad "$p not drawn"; fi
	done
fi

# 8. bad options are refused with a message
if "$SRCDIR/bench/run" --bogus >/dev/null 2>"$T/err"; then
	bad "--bogus accepted"
elif grep -q 'unknown option' "$T/err"; then
	ok
else
	bad "--bogus: no message"
fi
if "$BUILD/bench/bench-stages" --reps x --corpus "$SRCDIR/corpus" >/dev/null 2>&1; then
	bad "bench-stages --reps x accepted"
else
	ok
fi

# 9. bench-ner --eval scores what the pipeline runs against a gold column:
# six entities of tests/data/ner/gold.conll, all found (the legal-form
# rule makes "Polly Peck International Plc" one organization)
if [ -x "$BUILD/bench/bench-ner" ] && [ -n "${SUMMARIZE_MODELS:-}" ]; then
	"$BUILD/bench/bench-ner" --models "$SUMMARIZE_MODELS" --eval \
		"$SRCDIR/tests/data/ner/gold.conll" >"$T/ner" 2>&1
	if grep -q '^| all | 6 | 6 | 6 | 100.00 | 100.00 | 100.00 |$' "$T/ner" &&
	   grep -q '^| ORG | 1 | 1 | 1 |' "$T/ner"; then
		ok
	else
		bad "bench-ner --eval: $(cat "$T/ner")"
	fi
else
	echo "test_bench: bench-ner or SM_MODELS_DIR missing: its --eval check skipped"
fi

echo "test_bench: $pass passed, $fail failed"
[ "$fail" = 0 ]
