#!/bin/sh
# test_cli.sh - drive the built summarize program: exit codes, error lines,
# the batch runner's promises (one output record per input record, input
# order for every -j, atomic -o, --resume, shard-safe JSONL with GNU
# parallel, clean SIGINT).
#
# Environment (set by make check; defaults for a run from the top of the
# build tree): SUMMARIZE (the binary), SM_TESTDATA (tests/data),
# SM_MODELS_DIR (models), SM_SHARED_DIR (../shared, optional).
# Exit 0 when every check passed, 1 otherwise; 77 (skipped) when the
# binary or its models are missing.  Prints "N passed, N failed".
set -u

SUMMARIZE=${SUMMARIZE:-./summarize}
DATA=${SM_TESTDATA:-tests/data}/batch
MODELS=${SM_MODELS_DIR:-models}
SHARED=${SM_SHARED_DIR:-../shared}
# the tests cd into the fixture directory: make every path absolute
abspath() { case $1 in /*) echo "$1" ;; *) echo "$(pwd)/$1" ;; esac; }
SUMMARIZE=$(abspath "$SUMMARIZE")
DATA=$(abspath "$DATA")
MODELS=$(abspath "$MODELS")
SHARED=$(abspath "$SHARED")
SUMMARIZE_MODELS=$MODELS
export SUMMARIZE_MODELS
LC_ALL=C
export LC_ALL

pass=0
fail=0
T=$(mktemp -d "${TMPDIR:-/tmp}/summarize-cli.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

# check NAME EXPECTED ACTUAL
check() {
	if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2], got [$3]"; fi
}

# run CMD...: sets rc, out ($T/out) and err ($T/err)
run() {
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
}

S="$SUMMARIZE --models $MODELS -q"

if [ ! -x "$SUMMARIZE" ]; then
	echo "SKIP: $SUMMARIZE not built" >&2
	exit 77
fi
if ! $SUMMARIZE --models "$MODELS" "$DATA/article1.txt" >/dev/null 2>&1; then
	echo "SKIP: $SUMMARIZE cannot load the models in $MODELS" >&2
	exit 77
fi

# ---------------------------------------------------------------- options
run $SUMMARIZE --help
check "--help exit" 0 "$rc"
grep -q '^Usage: summarize' "$T/out" && grep -q '130  interrupted' "$T/out" && ok || bad "--help text"
run $SUMMARIZE --version
check "--version exit" 0 "$rc"
grep -q '^summarize [0-9]' "$T/out" && ok || bad "--version text"

for args in "-n 0" "-n x" "-r 1.5" "-w -3" "--facts=some" "--format=xml" \
	"-j 0" "--max-bytes 12Q" "--input-format=csv" "--no-such-option" \
	"-n 3 -r 0.5" "--resume --json"; do
	# shellcheck disable=SC2086
	run $SUMMARIZE $args "$DATA/article1.txt"
	check "usage error exit ($args)" 2 "$rc"
	case $args in
	--no-such-option) ;; # getopt's own line plus ours
	*) check "usage error is one line ($args)" 1 "$(wc -l <"$T/err" | tr -d ' ')" ;;
	esac
done
run $SUMMARIZE --models "$MODELS" --lang klingon "$DATA/article1.txt"
check "unknown language exit" 2 "$rc"

# ----------------------------------------------------------------- models
run $SUMMARIZE --models "$T/no-models" "$DATA/article1.txt"
check "missing models exit" 3 "$rc"
check "missing models one line" 1 "$(wc -l <"$T/err" | tr -d ' ')"
grep -q '^summarize: .*no-models' "$T/err" && ok || bad "missing models line names the file: $(cat "$T/err")"

# ------------------------------------------------------------ single file
run $S "$DATA/article1.txt"
check "one file exit" 0 "$rc"
test -s "$T/out" && ok || bad "one file: empty output"
check "one file: no stderr" "" "$(cat "$T/err")"
grep -q '^==>' "$T/out" && bad "one file: unexpected header" || ok
cp "$T/out" "$T/one.txt"
run $S <"$DATA/article1.txt"
check "stdin exit" 0 "$rc"
cmp -s "$T/out" "$T/one.txt" && ok || bad "stdin output differs from file output"
run $S - <"$DATA/article1.txt"
cmp -s "$T/out" "$T/one.txt" && ok || bad "'-' output differs from file output"

# ------------------------------------------------------------ error lines
cd "$DATA" || exit 1
run $S missing.txt
check "missing file exit" 1 "$rc"
check "missing file line" "summarize: missing.txt: no such file" "$(cat "$T/err")"
run $S empty.txt
check "empty file exit" 1 "$rc"
check "empty file line" "summarize: empty.txt: empty input" "$(cat "$T/err")"
run $S binary.bin
check "binary file exit" 1 "$rc"
check "binary file line" "summarize: binary.bin: binary input, not text" "$(cat "$T/err")"
run $S --max-bytes 100 article1.txt
check "too large exit" 1 "$rc"
check "too large line" "summarize: article1.txt: input too large (533 bytes > --max-bytes 100)" "$(cat "$T/err")"
run $S --max-bytes 1K article1.txt
check "--max-bytes 1K" 0 "$rc"

# one bad file among good ones: the others are still output
run $S article1.txt missing.txt article2.txt
check "mixed files exit" 1 "$rc"
check "mixed files headers" "==> article1.txt <==|==> article2.txt <==" \
	"$(grep '^==>' "$T/out" | paste -sd'|' -)"
check "mixed files error" "summarize: missing.txt: no such file" "$(cat "$T/err")"
# the sections are the single-file outputs, separated by a blank line
$S article2.txt >"$T/two.txt" 2>/dev/null
{ echo "==> article1.txt <=="; cat "$T/one.txt"; echo; echo "==> article2.txt <=="; cat "$T/two.txt"; } >"$T/expect"
cmp -s "$T/out" "$T/expect" && ok || bad "several files: output is not the head(1)-style concatenation"

# JSON: one object per file, with its source
run $S --json article1.txt missing.txt
check "json files exit" 1 "$rc"
check "json files count" 2 "$(wc -l <"$T/out" | tr -d ' ')"
grep -q '"source":"missing.txt".*"error"' "$T/out" && ok || bad "json error record for missing file"

# ------------------------------------------------------------- directories
run $S --json dir
check "directory exit" 0 "$rc"
check "directory walk order (hidden skipped)" "dir/a.txt|dir/sub/b.txt|dir/sub/notes.md" \
	"$(sed 's/.*"source":"\([^"]*\)".*/\1/' "$T/out" | paste -sd'|' -)"
run $S --json --glob '*.txt' dir
check "--glob" "dir/a.txt|dir/sub/b.txt" \
	"$(sed 's/.*"source":"\([^"]*\)".*/\1/' "$T/out" | paste -sd'|' -)"

# an unreadable entry inside a directory is reported, the rest go on
cp -R dir "$T/walk"
ln -s nowhere "$T/walk/sub/c-broken.txt"
run $S --json "$T/walk"
check "broken entry exit" 1 "$rc"
check "broken entry line" "summarize: $T/walk/sub/c-broken.txt: no such file" "$(cat "$T/err")"
check "broken entry: every entry has a record" 4 "$(wc -l <"$T/out" | tr -d ' ')"

# ------------------------------------------------------------------ story
run $S --json sample.story
check "story exit" 0 "$rc"
grep -q '"reference":\["Council votes 7 to 2 to fund a ferry line","The line will cost 48 million dollars over five years"\]' "$T/out" \
	&& ok || bad "story highlights kept as the reference"
grep -q '"summary":\[[^]]*@highlight' "$T/out" && bad "story: highlights summarized" || ok

# ------------------------------------------------------------ mixed JSONL
run $S --json --max-bytes 2K mixed.jsonl
check "mixed jsonl exit" 1 "$rc"
check "mixed jsonl: one output per input record" 11 "$(wc -l <"$T/out" | tr -d ' ')"
cp "$T/out" "$T/mixed.json"
expect_err="summarize: mixed.jsonl: line 2: malformed JSON
summarize: mixed.jsonl: line 3: missing field \"text\"
summarize: mixed.jsonl: line 4: empty input
summarize: mixed.jsonl: line 5: invalid UTF-8 in JSON record
summarize: mixed.jsonl: line 6: input too large (5027 bytes > --max-bytes 2048)
summarize: mixed.jsonl: line 7: malformed JSON: nesting deeper than 64
summarize: mixed.jsonl: line 10: malformed JSON"
check "mixed jsonl error lines" "$expect_err" \
	"$(sed -e '/line 2:/s/malformed JSON: .*/malformed JSON/' -e '/line 10:/s/malformed JSON: .*/malformed JSON/' "$T/err")"
check "mixed jsonl ids in order" "good-1|null|notext-1|empty-1|null|null|null|good-2|null|line:11|42" \
	"$(sed -n 's/^{"id":\("[^"]*"\|null\).*/\1/p' "$T/out" | tr -d '"' | paste -sd'|' -)"
grep -c '"error"' "$T/out" | grep -qx 7 && ok || bad "mixed jsonl: 7 error records"
# the good records equal single-file mode
run $S --max-bytes 2K mixed.jsonl
awk '/^==> good-2 <==$/{on=1;next} /^==> /{on=0} on' "$T/out" | sed '${/^$/d}' >"$T/good2"
cmp -s "$T/good2" "$T/two.txt" && ok || bad "JSONL record good-2 differs from single-file output"
awk '/^==> line:11 <==$/{on=1;next} /^==> /{on=0} on' "$T/out" | sed '${/^$/d}' >"$T/line11"
cmp -s "$T/line11" "$T/one.txt" && ok || bad "JSONL record line:11 differs from single-file output"
# identical for every -j
for j in 1 2 5; do
	run $S --json --max-bytes 2K -j $j mixed.jsonl
	cmp -s "$T/out" "$T/mixed.json" && ok || bad "mixed jsonl output differs with -j $j"
done
# stdin filter mode gives the same records (source "stdin")
run $S --json --max-bytes 2K <mixed.jsonl
sed 's/"source":"mixed.jsonl"/"source":"stdin"/' "$T/mixed.json" >"$T/expect"
cmp -s "$T/out" "$T/expect" && ok || bad "JSONL on stdin differs from the file run"
# other field names
run $S --json --id-field title --text-field text --input-format=jsonl mixed.jsonl
grep -q '^{"id":"Harbor City approves new ferry line"' "$T/out" && ok || bad "--id-field"

# ------------------------------------------------------------------- gzip
run $S --json archive.jsonl.gz
check "gz archive exit" 0 "$rc"
check "gz archive records" 40 "$(wc -l <"$T/out" | tr -d ' ')"
run $S --json plain.jsonl
cp "$T/out" "$T/plain.json"
run $S --json archive.jsonl.gz
sed 's/"source":"archive.jsonl.gz"/"source":"plain.jsonl"/' "$T/out" | cmp -s - "$T/plain.json" && ok || bad "gz and plain JSONL differ"
run $S --json truncated.jsonl.gz
check "truncated gz exit" 1 "$rc"
tail -n 1 "$T/out" | grep -q '"source":"truncated.jsonl.gz","error":{.*"message":"corrupt or truncated gzip data"' \
	&& ok || bad "truncated gz: last record is the gzip error"
grep -q 'summarize: truncated.jsonl.gz: line [0-9]*: corrupt or truncated gzip data' "$T/err" && ok || bad "truncated gz error line"
head -n -1 "$T/out" | grep -q '"error"' && bad "truncated gz: records before the cut failed" || ok

# ------------------------------------------------------------------ output
run $S --json -o "$T/o.jsonl" plain.jsonl
check "-o exit" 0 "$rc"
cmp -s "$T/o.jsonl" "$T/plain.json" && ok || bad "-o content differs from stdout"
check "-o leaves no temporary file" "o.jsonl" "$(ls -A "$T" | grep 'o\.jsonl')"
run $S --json -o "$T/no/such/dir/o.jsonl" plain.jsonl
check "-o unwritable exit" 4 "$rc"
check "-o unwritable one line" 1 "$(wc -l <"$T/err" | tr -d ' ')"
# a device is written in place, never replaced by a rename
run $S --json -o /dev/null plain.jsonl
check "-o /dev/null exit" 0 "$rc"
test -c /dev/null && ok || bad "-o /dev/null replaced the device"
run $S -o "$T" article1.txt
check "-o DIRECTORY exit" 4 "$rc"
if [ -w /dev/full ]; then
	$S article1.txt >/dev/full 2>"$T/err"
	check "stdout full exit" 4 "$?"
fi

# ------------------------------------------------------------------ resume
head -c 9000 "$T/plain.json" >"$T/r.jsonl" # cut inside a record
run $S --json --resume -o "$T/r.jsonl" plain.jsonl
check "--resume exit" 0 "$rc"
cmp -s "$T/r.jsonl" "$T/plain.json" && ok || bad "--resume did not complete the output exactly"
run $S --json --resume -o "$T/r.jsonl" plain.jsonl
cmp -s "$T/r.jsonl" "$T/plain.json" && ok || bad "--resume on a complete output changed it"

# ------------------------------------------------- shard safety (parallel)
if command -v parallel >/dev/null 2>&1; then
	for n in 1 7 13; do
		parallel --will-cite --pipe --keep-order -N $n -j 3 \
			$S --json --input-format=jsonl --max-bytes 2K <mixed.jsonl >"$T/par" 2>/dev/null
		sed 's/"source":"mixed.jsonl"/"source":"stdin"/' "$T/mixed.json" | grep -v '"line":\|"id":"line:' >"$T/expect"
		grep -v '"line":\|"id":"line:' "$T/par" | cmp -s - "$T/expect" && ok || bad "parallel -N $n: records with ids differ"
		# (records without an id are known by their line number in their
		# own stream, so only they may differ between shards)
		parallel --will-cite --pipe --keep-order -N $n -j 3 \
			$S --json --input-format=jsonl <plain.jsonl >"$T/par" 2>/dev/null
		sed 's/"source":"plain.jsonl"/"source":"stdin"/' "$T/plain.json" | cmp -s - "$T/par" \
			&& ok || bad "parallel -N $n: sharded output differs from one run"
	done
	ARCH="$SHARED/data/news-archive/bbc2225.jsonl.gz"
	if [ -r "$ARCH" ]; then
		gzip -dc "$ARCH" | head -n 400 >"$T/bbc.jsonl"
		$S --json <"$T/bbc.jsonl" >"$T/one-run" 2>/dev/null
		parallel --will-cite --pipe --keep-order --block 150k -j 2 \
			$S --json --input-format=jsonl <"$T/bbc.jsonl" >"$T/par" 2>/dev/null
		cmp -s "$T/one-run" "$T/par" && ok || bad "parallel --block: news shard output differs"
	fi
else
	echo "note: GNU parallel not installed; shard test skipped" >&2
fi

# Real archive records with given titles (Reuters-21578): a record's output
# must not depend on which records the same worker processed before it,
# or -j and sharding would change the output.
ARCH="$SHARED/data/news-archive/reuters21578.jsonl.gz"
if [ -r "$ARCH" ]; then
	gzip -dc "$ARCH" | head -n 300 >"$T/reut.jsonl"
	$S --json -j 1 "$T/reut.jsonl" >"$T/reut1" 2>/dev/null
	$S --json -j 3 "$T/reut.jsonl" >"$T/reut3" 2>/dev/null
	check "reuters: records out" 300 "$(wc -l <"$T/reut1" | tr -d ' ')"
	cmp -s "$T/reut1" "$T/reut3" && ok || bad "reuters: output differs between -j 1 and -j 3 (history-dependent pipeline state)"
	tail -n 1 "$T/reut.jsonl" >"$T/reut-last.jsonl"
	$S --json "$T/reut-last.jsonl" | sed "s#reut-last.jsonl#reut.jsonl#" >"$T/reut-alone" 2>/dev/null
	tail -n 1 "$T/reut1" | cmp -s - "$T/reut-alone" && ok || bad "reuters: a record alone differs from the same record after others"
fi

# ----------------------------------------------------------------- SIGINT
# Interrupt a run over a large stream: the output must hold only complete
# records, and --resume must finish it to exactly what one run gives.
i=0
: >"$T/big.jsonl"
while [ $i -lt 60 ]; do
	sed "s/\"id\": \"gz-/\"id\": \"r$i-/" plain.jsonl >>"$T/big.jsonl"
	i=$((i + 1))
done
$S --json -j 2 -o "$T/big-full.jsonl" "$T/big.jsonl" 2>/dev/null
$SUMMARIZE --models "$MODELS" --json -j 2 -o "$T/big-int.jsonl" "$T/big.jsonl" 2>"$T/err" &
pid=$!
# wait until the run has started (its temporary output file exists, so the
# SIGINT handler is installed), then interrupt it
i=0
while [ $i -lt 100 ] && ! ls -A "$T" | grep -q '^\.big-int\.jsonl\.'; do
	sleep 0.1
	i=$((i + 1))
done
sleep 0.3
kill -INT $pid 2>/dev/null
wait $pid
rc=$?
case $rc in
0 | 130) ok ;;
*) bad "SIGINT exit: $rc" ;;
esac
if [ $rc -eq 130 ]; then
	grep -q 'interrupted' "$T/err" && ok || bad "SIGINT: no final line"
fi
if [ -f "$T/big-int.jsonl" ]; then
	# every line complete and a prefix of the full run
	n=$(wc -l <"$T/big-int.jsonl" | tr -d ' ')
	head -n "$n" "$T/big-full.jsonl" | cmp -s - "$T/big-int.jsonl" && ok || bad "SIGINT: partial output is not a clean prefix"
	$S --json -j 2 --resume -o "$T/big-int.jsonl" "$T/big.jsonl" 2>/dev/null
	cmp -s "$T/big-int.jsonl" "$T/big-full.jsonl" && ok || bad "SIGINT + --resume differs from one run"
else
	bad "SIGINT: output file not committed"
fi

# ====================================================== batch/output fixes
# Regression cases for the batch runner and its output (fix-batch).  Each
# one failed before its fix.  They run in their own directory under $T.
F="$T/fix"
mkdir -p "$F"
cd "$F" || exit 1
SJ="$S -j1 --facts=none --json"
FFFD=$(printf '\357\277\275')

# E: story highlights with invalid UTF-8 become U+FFFD in "reference"
printf 'The council met on Monday.\n\n@highlight\n\nCaf\351 owners cheered\n' >e.story
run $SJ e.story
check "E: story with bad UTF-8 exit" 0 "$rc"
iconv -f UTF-8 -t UTF-8 "$T/out" >/dev/null 2>&1 && ok || bad "E: output is not valid UTF-8"
grep -qF "\"reference\":[\"Caf${FFFD} owners cheered\"]" "$T/out" && ok || bad "E: reference without U+FFFD: $(cat "$T/out")"

# A: --resume knows a record by its whole id, however long
long=$(printf '%1100s' '' | tr ' ' x)
printf '{"id":"%s","text":"The council met on Monday."}\n' "$long" >a.jsonl
$SJ -o a.out a.jsonl 2>/dev/null
run $SJ --resume -o a.out a.jsonl
check "A: --resume with a 1100-byte id exit" 0 "$rc"
check "A: --resume with a 1100-byte id keeps one record" 1 "$(wc -l <a.out | tr -d ' ')"

# B: records without ids are known by file and line, not by line alone
printf '{"text":"File A is about ships."}\n' >b1.jsonl
printf '{"text":"File B is about trains."}\n' >b2.jsonl
$SJ -o b.out b1.jsonl b2.jsonl 2>/dev/null
head -n 1 b.out >b.cut
run $SJ --resume -o b.cut b1.jsonl b2.jsonl
check "B: --resume over two id-less files exit" 0 "$rc"
cmp -s b.cut b.out && ok || bad "B: --resume dropped or duplicated an id-less record: $(cut -c1-60 b.cut)"
# an unparsable line (error record with "line") counts per file too
printf 'not json\n' >b3.jsonl
printf '{"text":"Line one of four."}\n{"text":"Line two of four."}\n' >b4.jsonl
$SJ -o b34.out b3.jsonl b4.jsonl 2>/dev/null
head -n 1 b34.out >b34.cut
run $SJ --resume -o b34.cut b3.jsonl b4.jsonl
cmp -s b34.cut b34.out && ok || bad "B: --resume after an error record with a line number"

# C: a file name that is not UTF-8 is the same record on both sides
mkdir c
printf 'The council met on Monday.\n' >"$(printf 'c/caf\351.txt')"
$SJ -o c.out c 2>/dev/null
run $SJ --resume -o c.out c
check "C: --resume over a non-UTF-8 name exit" 0 "$rc"
check "C: --resume over a non-UTF-8 name keeps one record" 1 "$(wc -l <c.out | tr -d ' ')"

# D: --resume refuses an output that holds lines it did not write
printf '{"id":"r1","text":"The council met on Monday."}\n' >d.jsonl
printf '{"id":"r0","source":"x","error":{}}\nthis is not JSON\n' >d.out
cp d.out d.before
run $SJ --resume -o d.out d.jsonl
check "D: --resume over a non-JSON line exit" 4 "$rc"
check "D: --resume over a non-JSON line message" \
	"summarize: d.out: line 2: not a JSON record of summarize, cannot resume" "$(cat "$T/err")"
cmp -s d.out d.before && ok || bad "D: refused --resume changed the output"
printf '[1,2]\n' >d.out
run $SJ --resume -o d.out d.jsonl
check "D: --resume over a JSON non-record exit" 4 "$rc"

# F: a newline in an id or a file name stays on its line, as \n
printf '{"id":"x\\ny","text":"The council met on Monday."}\n' >f.jsonl
run $S -j1 --format=conllu f.jsonl
check "F: conllu exit" 0 "$rc"
check "F: conllu newdoc line" '# newdoc id = x\ny' "$(head -n 1 "$T/out")"
grep -qx 'y' "$T/out" && bad "F: conllu id split over two lines" || ok
run $S -j1 --facts=none f.jsonl
check "F: text header" '==> x\ny <==' "$(head -n 1 "$T/out")"
mkdir fdir
: >"$(printf 'fdir/e\nmpty.txt')"
run $S fdir
check "F: error line for a name with a newline" 'summarize: fdir/e\nmpty.txt: empty input' "$(cat "$T/err")"
run $S -o "$(printf 'no\tsuch/o.txt')" f.jsonl
check "F: output error exit" 4 "$rc"
check "F: output error line" 'summarize: no\tsuch/o.txt: cannot create: No such file or directory' "$(cat "$T/err")"

# G: -o through a symbolic link writes the link's target; a mode is kept
printf 'The council met on Monday.\n' >g.txt
$SJ g.txt >g.expect 2>/dev/null
mkdir g-real g-sub
ln -s g-real/g.out g.link             # target does not exist yet
ln -s ../g-real/g2.out g-sub/g2.link  # relative to the link's directory
run $SJ -o g.link g.txt
check "G: -o LINK exit" 0 "$rc"
test -L g.link && ok || bad "G: -o LINK replaced the link by a file"
cmp -s g-real/g.out g.expect && ok || bad "G: -o LINK did not write the target"
run $SJ --resume -o g.link g.txt
test -L g.link && cmp -s g-real/g.out g.expect && ok || bad "G: --resume -o LINK"
run $SJ -o g-sub/g2.link g.txt
test -L g-sub/g2.link && cmp -s g-real/g2.out g.expect && ok || bad "G: -o relative LINK in a subdirectory"
check "G: no temporary file left beside the target" "g.out g2.out" "$(ls -A g-real | paste -sd' ' -)"
: >g.private
chmod 600 g.private
run $SJ -o g.private g.txt
check "G: -o keeps the mode of the file it replaces" 600 "$(stat -c %a g.private)"
chmod 640 g-real/g.out
run $SJ -o g.link g.txt
check "G: -o LINK keeps the target's mode" 640 "$(stat -c %a g-real/g.out)"

# H: an output file inside a walked directory is not read back as input
mkdir h
printf 'The council met on Monday.\n' >h/a.txt
printf 'The ferry line opens in May.\n' >h/b.txt
$SJ -o h/out.jsonl h 2>/dev/null
cp h/out.jsonl h.first
run $SJ -o h/out.jsonl h
check "H: second run over the directory exit" 0 "$rc"
check "H: notice" "summarize: h/out.jsonl: skipped: it is the output file" "$(cat "$T/err")"
cmp -s h/out.jsonl h.first && ok || bad "H: the output was read back as input: $(cut -c1-80 h/out.jsonl)"
run $SJ -o ./h/../h/out.jsonl h
check "H: another spelling of the output exit" 0 "$rc"
cmp -s h/out.jsonl h.first && ok || bad "H: another spelling of the output was read back"
run $SJ --resume -o h/out.jsonl h
check "H: --resume over the directory exit" 0 "$rc"
cmp -s h/out.jsonl h.first && ok || bad "H: --resume over the directory changed the output"
# a file named as an argument is still read, even when it is the output
printf 'The council met on Monday.\n' >h2.txt
run $SJ -o h2.txt h2.txt
check "H: explicit input that is the output exit" 0 "$rc"
check "H: explicit input that is the output is summarized" 1 "$(grep -c '"source":"h2.txt"' h2.txt)"

cd "$DATA" || exit 1
# ================================================== end of batch/output fixes

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
