#!/bin/bash
# plugin.flip-check: flip-check=FILE:LINE changes what a program does. A
# correct user-space program (inputs/flip.c) built with mend runs clean;
# built with its check line flipped, the same run fails that check (the
# report names the line, exit status 86); a flip-check naming another file
# is ignored by this unit (the option can go to every file of a module).
# This is what the differential tests rely on to prove they catch a
# behaviour change.
# Usage: flip-check.sh MEND_CONFIG CC INPUT
set -eu
mend_config=$1 cc=$2 input=$3
. "$(dirname "$0")/common.sh"

name=$(basename "$input")
line=$(grep -n "flip-check: this line" "$input" | cut -d: -f1)
[ -n "$line" ] || fail "no line of $input is marked 'flip-check: this line'"

# build OUTPUT [FLAG...]: $input with mend for user space, diagnostics in
# OUTPUT.err.
build() {
	local out=$1
	shift
	# shellcheck disable=SC2046
	"$cc" -O2 -o "$out" "$input" $("$mend_config" --cflags-user) "$@" \
		$("$mend_config" --libs-user) 2>"$out.err" ||
		fail "building $input $* failed" "$out.err"
}

# run PROGRAM STATUS: run it, expecting exit STATUS; output in PROGRAM.out.
run() {
	local status=0
	"$1" >"$1.out" 2>&1 || status=$?
	[ "$status" = "$2" ] || fail "$1 exited $status, expected $2" "$1.out"
}

build "$work/checked"
run "$work/checked" 0
grep -qx "sum 10" "$work/checked.out" || fail "unexpected output" "$work/checked.out"

build "$work/flipped" "-fplugin-arg-mend-flip-check=$name:$line"
grep -q "$name:$line:[0-9]*: note: mend: bounds check flipped on purpose ('flip-check=$name:$line')" \
	"$work/flipped.err" || fail "no note of the flip" "$work/flipped.err"
run "$work/flipped" 86
grep -q "^BUG: mend: out-of-bounds in sum ($name:$line:" "$work/flipped.out" ||
	fail "the flipped check did not fail at $name:$line" "$work/flipped.out"

build "$work/elsewhere" "-fplugin-arg-mend-flip-check=other.c:$line"
grep -q "flipped on purpose" "$work/elsewhere.err" &&
	fail "a flip-check for other.c flipped a check of $name" "$work/elsewhere.err"
run "$work/elsewhere" 0
echo "flip-check: $name:$line runs clean, fails flipped, is left alone by other.c:$line"
