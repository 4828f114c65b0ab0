#!/bin/sh
# test_headers.sh - the installed headers, as a program that links the
# library sees them.  Each header named by summarize.h (and summarize.h
# itself) is copied alone into a temporary directory, so one that includes
# a header `make install` does not install fails here, and compiled on its
# own in C11 and, when a C++ compiler is found, in C++11 (its extern "C"
# guards), with -Wall -Wextra -pedantic -Wconversion -Werror: the inline
# functions of an installed header must not warn in a user's strict build.
# Compiling only, no linking: about a second.
#
# Environment (set by make check): SM_SRCDIR (source tree), CC.  Exit 0
# when every header compiled, 1 otherwise, 77 when there is no compiler.
set -u

SRC=${SM_SRCDIR:-.}/pipeline
CC=${CC:-cc}
CXX=${CXX:-}
if [ -z "$CXX" ]; then
	for c in c++ g++ clang++; do
		if command -v "$c" >/dev/null 2>&1; then CXX=$c; break; fi
	done
fi
command -v "${CC%% *}" >/dev/null 2>&1 || { echo "no C compiler: skipped"; exit 77; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/sm-headers.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
mkdir "$TMP/include"
HEADERS="summarize.h $(sed -n 's/^#include "\(.*\)"$/\1/p' "$SRC/summarize.h")"
for h in $HEADERS; do
	cp "$SRC/$h" "$TMP/include/" || exit 1
done

FLAGS="-Wall -Wextra -pedantic -Wconversion -Werror"
pass=0 fail=0
for h in $HEADERS; do
	# included twice: the include guard must hold
	printf '#include <%s>\n#include <%s>\nint main(void) { return 0; }\n' "$h" "$h" > "$TMP/t.c"
	if $CC -std=c11 $FLAGS -I"$TMP/include" -c "$TMP/t.c" -o "$TMP/t.o" 2> "$TMP/err"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); echo "FAIL: $h in C11:"; head -20 "$TMP/err"
	fi
	[ -n "$CXX" ] || continue
	cp "$TMP/t.c" "$TMP/t.cc"
	if $CXX -std=c++11 $FLAGS -I"$TMP/include" -c "$TMP/t.cc" -o "$TMP/t.o" 2> "$TMP/err"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); echo "FAIL: $h in C++11:"; head -20 "$TMP/err"
	fi
done
[ -n "$CXX" ] || echo "no C++ compiler: C++ checks skipped"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
