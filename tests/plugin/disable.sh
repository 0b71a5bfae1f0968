#!/bin/bash
# plugin.disable: with -fplugin-arg-mend-disable mend does nothing at all:
# no notes even with verbose, and the object file is byte for byte the one
# a compile without mend gives.
# Usage: disable.sh PLUGIN CC INPUT
set -eu
plugin=$1 cc=$2 input=$3
. "$(dirname "$0")/common.sh"

"$cc" -O2 -c "$input" -o "$work/plain.o" 2>"$work/plain.stderr" ||
	fail "$cc failed on $input" "$work/plain.stderr"
"$cc" -O2 -c "$input" -o "$work/disabled.o" -fplugin="$plugin" \
	-fplugin-arg-mend-disable -fplugin-arg-mend-verbose \
	2>"$work/stderr" ||
	fail "$cc with mend.so disabled failed on $input" "$work/stderr"

if grep -q "mend:" "$work/stderr"; then
	fail "mend printed something although disabled" "$work/stderr"
fi
if ! cmp -s "$work/plain.o" "$work/disabled.o"; then
	objdump -dr "$work/plain.o" >"$work/plain.dis"
	objdump -dr "$work/disabled.o" >"$work/disabled.dis"
	diff -u "$work/plain.dis" "$work/disabled.dis" >"$work/diff" || true
	fail "the object differs from a build without mend" "$work/diff"
fi
