#!/bin/sh
# test_badinput.sh - the bad-input matrix (issue #8): every kind of broken
# input a scraper produces, fed to the built summarize program.  Each case
# must give a clear error (exit 1 and one line "summarize: FILE: reason"
# on stderr) or a correct result (exit 0), finish in bounded time (every
# run is under `timeout 60`) and, in --json mode, produce exactly one
# output record per input document or non-blank JSONL line.
#
# Inputs are generated on the fly in a temporary directory: empty file,
# whitespace only, punctuation only, one 5 MB line without a sentence end,
# 100,000 one-word lines, random bytes, invalid and overlong UTF-8, lone
# surrogates, NUL bytes, UTF-16 LE/BE with BOM, UTF-32 (refused), deeply
# nested and huge JSON lines, a truncated .gz, a directory with unreadable
# entries, symbolic link loops, --max-bytes, and --models pointing to a
# missing or corrupt model.
#
# Environment (set by make check): SUMMARIZE (the binary, default
# ./summarize), SM_MODELS_DIR (models).  Exit 0 when every check passed,
# 1 otherwise, 77 (skipped) when the binary or its models are missing.
# Prints "N passed, N failed".
set -u

SUMMARIZE=${SUMMARIZE:-./summarize}
MODELS=${SM_MODELS_DIR:-models}
abspath() { case $1 in /*) echo "$1" ;; *) echo "$(pwd)/$1" ;; esac; }
SUMMARIZE=$(abspath "$SUMMARIZE")
MODELS=$(abspath "$MODELS")
LC_ALL=C
export LC_ALL
# Bound every run: seconds, and resident memory in KiB (when GNU time is
# there to measure it; sanitizer builds need more).
LIMIT_S=60
LIMIT_KB=${SM_BADINPUT_MAX_RSS_KB:-1500000}

pass=0
fail=0
T=$(mktemp -d "${TMPDIR:-/tmp}/summarize-bad.XXXXXX") || exit 1
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
check() {
	if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2], got [$3]"; fi
}

if [ ! -x "$SUMMARIZE" ]; then
	echo "SKIP: $SUMMARIZE not built" >&2
	exit 77
fi

# The default run extracts facts; without the syntax models fall back to
# summaries only, so the matrix still runs while models are being trained.
FACTS=
printf 'A test sentence is here.\n' >"$T/probe.txt"
if ! "$SUMMARIZE" --models "$MODELS" -q "$T/probe.txt" >/dev/null 2>&1; then
	FACTS=--facts=none
	if ! "$SUMMARIZE" --models "$MODELS" -q $FACTS "$T/probe.txt" >/dev/null 2>&1; then
		echo "SKIP: $SUMMARIZE cannot load the models in $MODELS" >&2
		exit 77
	fi
fi
S="$SUMMARIZE --models $MODELS -q $FACTS"

TIME=
if [ -x /usr/bin/time ] && /usr/bin/time -f %M true >/dev/null 2>&1; then
	TIME=/usr/bin/time
fi

# run NAME CMD...: run with the time limit; sets rc, out ($T/out), err
# ($T/err); checks the time and memory bounds.
run() {
	name=$1
	shift
	if [ -n "$TIME" ]; then
		timeout $LIMIT_S $TIME -o "$T/rss" -f %M "$@" >"$T/out" 2>"$T/err"
	else
		timeout $LIMIT_S "$@" >"$T/out" 2>"$T/err"
	fi
	rc=$?
	if [ $rc -eq 124 ]; then
		bad "$name: no result within ${LIMIT_S}s"
	elif [ $rc -ge 128 ]; then
		bad "$name: killed by signal $((rc - 128))"
		head -5 "$T/err" >&2
	else
		ok
	fi
	if [ -n "$TIME" ] && [ -s "$T/rss" ]; then
		kb=$(tail -1 "$T/rss")
		case $kb in
		*[!0-9]*|'') ;;
		*) if [ "$kb" -gt "$LIMIT_KB" ]; then bad "$name: $kb KiB resident"; else ok; fi ;;
		esac
	fi
}

# records FILE: number of lines (JSON Lines records) in FILE.
records() { wc -l <"$1" | tr -d ' '; }

# errline NAME FILE: stderr is exactly one line "summarize: FILE: reason".
errline() {
	n=$(grep -c . "$T/err")
	check "$1: error lines" 1 "$n"
	if grep -q "^summarize: $2: ..*" "$T/err"; then ok; else
		bad "$1: error line shape: $(head -1 "$T/err")"
	fi
}

# valid_json NAME: every stdout line is a JSON object in valid UTF-8.
valid_json() {
	if iconv -f UTF-8 -t UTF-8 "$T/out" >/dev/null 2>&1; then ok; else
		bad "$1: output is not valid UTF-8"
	fi
	if command -v jq >/dev/null 2>&1; then
		if jq -e 'type == "object"' "$T/out" >/dev/null 2>&1; then ok; else
			bad "$1: output is not one JSON object per line"
		fi
	fi
}

# jfield EXPR: jq EXPR on the first stdout record ("" without jq).
jfield() {
	command -v jq >/dev/null 2>&1 || return 0
	head -1 "$T/out" | jq -r "$1" 2>/dev/null
}

# bad_doc NAME FILE: an input that must be refused with a clear error:
# exit 1, one error line, and in --json mode one error record.
bad_doc() {
	run "$1" $S "$2"
	check "$1: exit" 1 "$rc"
	errline "$1" "$2"
	check "$1: no text output" 0 "$(records "$T/out")"
	run "$1 --json" $S --json "$2"
	check "$1 --json: exit" 1 "$rc"
	errline "$1 --json" "$2"
	check "$1 --json: records" 1 "$(records "$T/out")"
	valid_json "$1 --json"
	if command -v jq >/dev/null 2>&1; then
		check "$1 --json: error record" true "$(jfield 'has("error")')"
	fi
}

# good_doc NAME FILE: an input that must be summarized: exit 0, no error
# line, one JSON record without an error.
good_doc() {
	run "$1" $S "$2"
	check "$1: exit" 0 "$rc"
	check "$1: stderr" "" "$(cat "$T/err")"
	run "$1 --json" $S --json "$2"
	check "$1 --json: exit" 0 "$rc"
	check "$1 --json: records" 1 "$(records "$T/out")"
	valid_json "$1 --json"
	if command -v jq >/dev/null 2>&1; then
		check "$1 --json: no error" false "$(jfield 'has("error")')"
	fi
}

cd "$T" || exit 1

# ------------------------------------------------------------ empty-ish
: >empty.txt
bad_doc "empty file" empty.txt
printf '   \n\t\n\r\n  \n\n' >space.txt
bad_doc "whitespace only" space.txt
printf '!!! ... ??? ,,, ;;; --- *** ((( ))) """ \n\n...\n' >punct.txt
run "punctuation only" $S --json punct.txt
case $rc in
0|1) ok ;;
*) bad "punctuation only: exit $rc" ;;
esac
check "punctuation only: records" 1 "$(records out)"
valid_json "punctuation only"

# ------------------------------------------------------------ big shapes
# one 5 MB line of words and no sentence end: sentences are cut at
# SM_SENT_MAX_TOKENS tokens, so the summary is bounded
yes 'word' | head -n 1000000 | tr '\n' ' ' | head -c 5000000 >longline.txt
good_doc "5 MB line" longline.txt
if command -v jq >/dev/null 2>&1; then
	# the cut sentences are all alike: redundancy removal keeps one or more
	n=$(jfield '.summary | length')
	if [ "${n:-0}" -ge 1 ] && [ "${n:-0}" -le 3 ]; then ok; else
		bad "5 MB line: summary of $n sentences"
	fi
	len=$(jfield '[.summary[] | length] | max')
	if [ "${len:-0}" -gt 0 ] && [ "${len:-0}" -le 20000 ]; then ok; else
		bad "5 MB line: summary sentences of $len bytes"
	fi
fi
# 5 MB of one letter: a single 5 MB "word"
head -c 5000000 /dev/zero | tr '\0' 'a' >oneword.txt
run "5 MB word" $S --json oneword.txt
case $rc in 0|1) ok ;; *) bad "5 MB word: exit $rc" ;; esac
check "5 MB word: records" 1 "$(records out)"
valid_json "5 MB word"

# 100,000 one-word lines
yes 'word' | head -n 100000 >lines.txt
good_doc "100k one-word lines" lines.txt
yes 'Sentence.' | head -n 100000 >sentences.txt
good_doc "100k one-word sentences" sentences.txt

# ------------------------------------------------------------ bytes
head -c 1000000 /dev/urandom >random.bin
bad_doc "random bytes" random.bin
if command -v jq >/dev/null 2>&1; then
	check "random bytes: status" -8 "$(jfield '.error.status')"
fi
# random bytes with a text name and text around them
{ printf 'A sentence comes first.\n'; head -c 300 /dev/urandom; printf '\nA sentence comes last.\n'; } >mixed.txt
run "text with random bytes" $S --json mixed.txt
case $rc in 0|1) ok ;; *) bad "text with random bytes: exit $rc" ;; esac
check "text with random bytes: records" 1 "$(records out)"
valid_json "text with random bytes"

# invalid UTF-8: bad lead bytes, truncated sequences, overlong forms, code
# points above U+10FFFF, lone surrogates (CESU-style) encoded in UTF-8
printf 'Overlong \300\257 slash and \340\200\257 here is one sentence.\n' >utf8.txt
printf 'Truncated \342\202 euro and \360\237\230 face make the second.\n' >>utf8.txt
printf 'Lone \355\240\200 high and \355\277\277 low surrogates close it.\n' >>utf8.txt
printf 'Bad \377\376 lead and \364\220\200\200 too big end here.\n' >>utf8.txt
good_doc "invalid UTF-8" utf8.txt
if command -v jq >/dev/null 2>&1; then
	n=$(jfield '.stats.replaced')
	if [ "${n:-0}" -ge 8 ]; then ok; else bad "invalid UTF-8: replaced = $n"; fi
fi
# a sentence cut in the middle of a 4-byte sequence at the end of the file
printf 'The file ends in the middle of a character \360\237' >cut.txt
good_doc "truncated last character" cut.txt

# NUL bytes: never truncate, never reach the output
printf 'The first\000 sentence has a NUL byte.\000\nThe second one\000 as well.\n' >nul.txt
good_doc "NUL bytes" nul.txt
if command -v jq >/dev/null 2>&1; then
	check "NUL bytes: counted" 3 "$(jfield '.stats.nul')"
	check "NUL bytes: no NUL in summary" 0 "$(jfield '.summary' | grep -c 'u0000')"
fi
run "NUL bytes text" $S nul.txt
if tr -d '\000' <out | cmp -s - out; then ok; else bad "NUL bytes: NUL in text output"; fi
# NUL bytes only
head -c 10000 /dev/zero >nulls.bin
bad_doc "only NUL bytes" nulls.bin

# ------------------------------------------------------------ encodings
printf 'The council approved the budget on Monday. It takes effect in May.\n' >u8.txt
run "UTF-8 reference" $S u8.txt
cp out u8.out
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE u8.txt; } >u16le.txt
good_doc "UTF-16LE with BOM" u16le.txt
run "UTF-16LE text" $S u16le.txt
if cmp -s out u8.out; then ok; else bad "UTF-16LE: summary differs from UTF-8"; fi
{ printf '\376\377'; iconv -f UTF-8 -t UTF-16BE u8.txt; } >u16be.txt
run "UTF-16BE text" $S u16be.txt
check "UTF-16BE: exit" 0 "$rc"
if cmp -s out u8.out; then ok; else bad "UTF-16BE: summary differs from UTF-8"; fi
# UTF-16 with a lone surrogate and an odd byte count
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE u8.txt; printf '\000\330A\000\000'; } >u16bad.txt
run "UTF-16LE broken" $S --json u16bad.txt
check "UTF-16LE broken: exit" 0 "$rc"
check "UTF-16LE broken: records" 1 "$(records out)"
valid_json "UTF-16LE broken"
# UTF-32 is refused with a clear error
{ printf '\377\376\000\000'; printf 'T\000\000\000e\000\000\000'; } >u32.txt
bad_doc "UTF-32 with BOM" u32.txt
# a UTF-8 BOM is stripped
{ printf '\357\273\277'; cat u8.txt; } >bom8.txt
run "UTF-8 BOM" $S bom8.txt
if cmp -s out u8.out; then ok; else bad "UTF-8 BOM: summary differs"; fi

# ------------------------------------------------------------ JSON Lines
# every non-blank line gives exactly one record, in input order
{
	printf '{"id":"a","text":"A good record has a sentence."}\n'
	printf '{"id":"b","text":"Broken JSON\n'
	printf '\n'
	printf '{"id":"c"}\n'
	printf '{"id":"d","text":42}\n'
	printf '{"id":"e","text":""}\n'
	printf '[1,2,3]\n'
	printf '{"id":"f","text":"Raw invalid \377 byte in JSON."}\n'
	printf '{"id":"g","text":"Escaped NUL \\u0000 and lone \\ud800 surrogate."}\n'
	printf '{"id":"h","text":"%s"}\n' "$(head -c 2000000 /dev/zero | tr '\0' 'x')"
	printf '{"id":"i","text":"Deep.","x":'
	head -c 100000 /dev/zero | tr '\0' '['
	printf '\n'
	printf '{"id":"j","x":'
	head -c 200 /dev/zero | tr '\0' '['
	head -c 200 /dev/zero | tr '\0' ']'
	printf ',"text":"Nesting deeper than the limit."}\n'
	printf '   \t \n'
	printf '{"id":"k","text":"The last record is fine too."}'
} >mixed.jsonl
run "JSONL mixed" $S --json mixed.jsonl
check "JSONL mixed: exit" 1 "$rc"
# 12 non-blank lines; lines that are not valid JSON (raw invalid UTF-8,
# escapes jansson refuses, unterminated nesting) have no id: "line:N"
check "JSONL mixed: records" 12 "$(records out)"
valid_json "JSONL mixed"
if command -v jq >/dev/null 2>&1; then
	check "JSONL mixed: order" "a line:2 c d e line:7 line:8 line:9 h line:11 line:12 k" \
		"$(jq -r '.id // ("line:" + (.line | tostring))' out | tr '\n' ' ' | sed 's/ $//')"
	check "JSONL mixed: good records" "a h k" \
		"$(jq -r 'select(has("error") | not) | .id' out | tr '\n' ' ' | sed 's/ $//')"
fi
check "JSONL mixed: error lines" 9 "$(grep -c '^summarize: mixed.jsonl' err)"
# a huge JSON line (6 MB text) within --max-bytes is processed
printf '{"id":"big","text":"' >huge.jsonl
yes 'The word is repeated.' | head -n 300000 | tr '\n' ' ' >>huge.jsonl
printf '"}\n' >>huge.jsonl
run "JSONL 6 MB line" $S --json huge.jsonl
check "JSONL 6 MB line: exit" 0 "$rc"
check "JSONL 6 MB line: records" 1 "$(records out)"
# ... and over it, one error record
run "JSONL over --max-bytes" $S --json --max-bytes 1M huge.jsonl
check "JSONL over --max-bytes: exit" 1 "$rc"
check "JSONL over --max-bytes: records" 1 "$(records out)"
errline "JSONL over --max-bytes" huge.jsonl
# 20,000 lines of JSONL
yes '{"text":"Short record."}' | head -n 20000 >many.jsonl
run "JSONL 20k lines" $S --json -j 2 many.jsonl
check "JSONL 20k lines: exit" 0 "$rc"
check "JSONL 20k lines: records" 20000 "$(records out)"

# a truncated .gz: the complete records, then one error record
yes '{"text":"A record in a compressed archive."}' | head -n 2000 | gzip -c >full.jsonl.gz
size=$(wc -c <full.jsonl.gz)
head -c $((size / 2)) full.jsonl.gz >trunc.jsonl.gz
run "truncated .gz" $S --json trunc.jsonl.gz
check "truncated .gz: exit" 1 "$rc"
n=$(records out)
if [ "$n" -ge 1 ] && [ "$n" -le 2000 ]; then ok; else bad "truncated .gz: $n records"; fi
check "truncated .gz: one error record" 1 "$(grep -c '"error"' out)"
errline "truncated .gz" trunc.jsonl.gz
# a text .gz cut short, and garbage after a gzip magic
gzip -c u8.txt | head -c 20 >cut.txt.gz
run "truncated text .gz" $S --json cut.txt.gz
check "truncated text .gz: exit" 1 "$rc"
check "truncated text .gz: records" 1 "$(records out)"
{ printf '\037\213'; head -c 1000 /dev/urandom; } >garbage.gz
run "garbage .gz" $S --json garbage.gz
check "garbage .gz: exit" 1 "$rc"
check "garbage .gz: records" 1 "$(records out)"

# ------------------------------------------------------------ directories
mkdir -p dir/sub
cp u8.txt dir/a.txt
cp u8.txt dir/sub/c.txt
: >dir/b-empty.txt
ln -s "$T/nowhere" dir/broken.txt
mkdir dir/d.txt
cp u8.txt dir/locked.txt
chmod 000 dir/locked.txt
expect_locked=0
[ -r dir/locked.txt ] || expect_locked=1 # root reads it anyway
run "directory" $S --json dir
check "directory: exit" 1 "$rc"
# a.txt, b-empty.txt (error), broken.txt (error), locked.txt, sub/c.txt;
# d.txt is a directory and is walked (empty)
check "directory: records" 5 "$(records out)"
check "directory: error lines" $((2 + expect_locked)) "$(grep -c '^summarize: ' err)"
valid_json "directory"
# Root reads a mode-000 file, so as root the unreadable case runs again
# as nobody (setpriv), when nobody can run the binary at all.
if [ "$expect_locked" = 0 ] && [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
	chmod 755 "$T"
	chmod -R a+rX dir probe.txt 2>/dev/null
	chmod 000 dir/locked.txt
	if $nobody $S --facts=none probe.txt >/dev/null 2>&1; then
		run "directory as nobody" $nobody $S --json dir
		check "directory as nobody: exit" 1 "$rc"
		check "directory as nobody: records" 5 "$(records out)"
		check "directory as nobody: error lines" 3 "$(grep -c '^summarize: ' err)"
		check "directory as nobody: locked.txt" 1 \
			"$(grep -c '^summarize: dir/locked.txt: .*[Pp]ermission denied' err)"
		check "directory as nobody: its error record" 1 \
			"$(grep -c '"error".*[Pp]ermission denied' out)"
		valid_json "directory as nobody"
	else
		echo "note: nobody cannot run $SUMMARIZE here; unreadable-file case skipped" >&2
	fi
	chmod 700 "$T"
fi
chmod 644 dir/locked.txt
# symbolic links that loop back to a directory being walked: each is one
# error record, the walk stays bounded (two self-links once made 2^40 paths)
mkdir loop
cp u8.txt loop/a.txt
ln -s . loop/l1
ln -s ../loop loop/l2
run "symlink loop" $S --json loop
check "symlink loop: exit" 1 "$rc"
check "symlink loop: records" 3 "$(records out)"
check "symlink loop: error lines" 2 "$(grep -c '^summarize: loop/l[12]: ' err)"
# a missing file among good ones
run "missing file" $S --json u8.txt "$T/missing.txt" u8.txt
check "missing file: exit" 1 "$rc"
check "missing file: records" 3 "$(records out)"
check "missing file: error line" 1 "$(grep -c "^summarize: $T/missing.txt: " err)"

# ------------------------------------------------------------ limits
head -c 3000 /dev/zero | tr '\0' 'a' >over.txt
run "--max-bytes" $S --json --max-bytes 1K over.txt
check "--max-bytes: exit" 1 "$rc"
check "--max-bytes: records" 1 "$(records out)"
errline "--max-bytes" over.txt
run "--max-bytes bad value" $S --max-bytes 0 u8.txt
check "--max-bytes 0: usage error" 2 "$rc"
run "--max-bytes overflow" $S --max-bytes 99999999999999999999G u8.txt
check "--max-bytes overflow: usage error" 2 "$rc"

# ------------------------------------------------------------ models
run "missing models" "$SUMMARIZE" --models "$T/no-such-dir" -q u8.txt
check "missing models: exit" 3 "$rc"
errline "missing models" "$T/no-such-dir"
mkdir m1
cp -R "$MODELS"/. m1/
printf 'this is not\tan idf\nfile\n\377\376' >m1/en-idf.tsv
run "corrupt IDF" "$SUMMARIZE" --models "$T/m1" -q $FACTS u8.txt
check "corrupt IDF: exit" 3 "$rc"
errline "corrupt IDF" "$T/m1/en-idf.tsv"
mkdir m2
cp -R "$MODELS"/. m2/
rm m2/stopwords/english.txt
run "missing stopwords" "$SUMMARIZE" --models "$T/m2" -q $FACTS u8.txt
check "missing stopwords: exit" 3 "$rc"
errline "missing stopwords" "$T/m2/stopwords/english.txt"
# (only when the full models load: else the missing syntax model is named)
for f in en-ner.bin en-pos.bin en-dep.bin; do
	[ -z "$FACTS" ] && [ -f "$MODELS/$f" ] || continue
	rm -rf m3
	mkdir m3
	cp -R "$MODELS"/. m3/
	size=$(wc -c <"m3/$f")
	head -c $((size / 2)) "$MODELS/$f" >"m3/$f"
	run "truncated $f" "$SUMMARIZE" --models "$T/m3" -q --facts=key u8.txt
	check "truncated $f: exit" 3 "$rc"
	errline "truncated $f" "$T/m3/$f"
	cp "$MODELS/$f" "m3/$f"
	# one flipped byte in the middle: the checksum catches it
	printf 'X' | dd of="m3/$f" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
	run "corrupt $f" "$SUMMARIZE" --models "$T/m3" -q --facts=key u8.txt
	check "corrupt $f: exit" 3 "$rc"
	errline "corrupt $f" "$T/m3/$f"
done

# ============================================ input-layer fixes (fix-input)
# A damaged second gzip member: the first member's record is kept, every
# record decoded before the damage too, then one error record.
printf '{"id":"m1","text":"The first member is intact."}\n' | gzip -c >dmg.jsonl.gz
printf '{"id":"m2","text":"The second member is damaged."}\n' | gzip -c >m2.gz
size=$(wc -c <m2.gz)
printf '\377' | dd of=m2.gz bs=1 seek=$((size - 8)) conv=notrunc 2>/dev/null
cat m2.gz >>dmg.jsonl.gz
run "damaged gzip member" $S --json -j1 dmg.jsonl.gz
check "damaged gzip member: exit" 1 "$rc"
check "damaged gzip member: m1 first" 1 "$(head -1 out | grep -c '"id":"m1"')"
check "damaged gzip member: one error record, last" 1 "$(tail -1 out | grep -c '"status":-15')"
check "damaged gzip member: error records" 1 "$(grep -c '"error"' out)"
errline "damaged gzip member" dmg.jsonl.gz
# a second member whose header is damaged: not lost silently
printf '{"id":"h1","text":"The first member is intact."}\n' | gzip -c >hdr.jsonl.gz
printf '{"id":"h2","text":"The second member is lost."}\n' | gzip -c | { printf 'X'; tail -c +2; } >>hdr.jsonl.gz
run "garbage after gzip member" $S --json hdr.jsonl.gz
check "garbage after gzip member: exit" 1 "$rc"
check "garbage after gzip member: records" 2 "$(records out)"
check "garbage after gzip member: reason" 1 "$(grep -c 'after member 1 is not gzip' err)"
# zero padding after the last member is fine
{ gzip -c <u8.txt; head -c 4096 /dev/zero; } >padded.txt.gz
good_doc "zero-padded .gz" padded.txt.gz
# a FIFO and a link to /dev/zero inside a directory: error records, no hang
mkdir special
cp u8.txt special/a.txt
mkfifo special/b.txt
ln -s /dev/zero special/c.txt
run "special files in a directory" $S --json special
check "special files in a directory: exit" 1 "$rc"
check "special files in a directory: records" 3 "$(records out)"
check "special files in a directory: errors" 2 "$(grep -c '^summarize: special/[bc].txt: not a regular file$' err)"
# ... while a FIFO named on the command line is read as before
mkfifo named.fifo
timeout $LIMIT_S sh -c "cat u8.txt >named.fifo" &
run "FIFO argument" $S --json named.fifo
check "FIFO argument: exit" 0 "$rc"
check "FIFO argument: records" 1 "$(records out)"
wait
# an endless stream over --max-bytes is cut short, not drained
run "--max-bytes /dev/zero" $S --json --max-bytes 1K /dev/zero
check "--max-bytes /dev/zero: exit" 1 "$rc"
check "--max-bytes /dev/zero: records" 1 "$(records out)"
errline "--max-bytes /dev/zero" /dev/zero
# the CR of a CRLF ending does not count toward --max-bytes
printf '{"id":"k","text":"The council met."}\r\n' >crlf.jsonl
run "CRLF and --max-bytes" $S --json --max-bytes 36 crlf.jsonl
check "CRLF and --max-bytes: exit" 0 "$rc"
check "CRLF and --max-bytes: stderr" "" "$(cat err)"
# ids that differ after U+0000 must not collide: refused
printf '{"id":"a\\u0000b","text":"First."}\n{"id":"a\\u0000c","text":"Second."}\n' >nulid.jsonl
run "id with U+0000" $S --json nulid.jsonl
check "id with U+0000: exit" 1 "$rc"
check "id with U+0000: error records" 2 "$(grep -c '"id":null.*contains U+0000' out)"
# UTF-16 JSON Lines: one clear error for the file
printf '{"id":"a","text":"The council met."}\n{"id":"b","text":"The mayor spoke."}\n' |
	iconv -f UTF-8 -t UTF-16 >u16.jsonl
run "UTF-16 JSONL" $S --json u16.jsonl
check "UTF-16 JSONL: exit" 1 "$rc"
check "UTF-16 JSONL: records" 1 "$(records out)"
errline "UTF-16 JSONL" u16.jsonl
check "UTF-16 JSONL: reason" 1 "$(grep -c 'UTF-16 JSON Lines are not supported; convert to UTF-8' err)"
# numbers jansson cannot hold, in fields we do not use
printf '{"id":"t1","views":123456789012345678901234,"text":"The council met."}\n{"id":"t2","x":{"v":1e400},"text":"The mayor spoke."}\n' >bignum.jsonl
run "huge numbers" $S --json bignum.jsonl
check "huge numbers: exit" 0 "$rc"
check "huge numbers: records" 2 "$(records out)"
check "huge numbers: ids" 2 "$(grep -c '^{"id":"t[12]",' out)"
# ======================================== end of input-layer fixes block

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
