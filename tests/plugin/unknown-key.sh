#!/bin/bash
# plugin.unknown-key: a misspelt key, a value given to a key that takes
# none, a value a key cannot use or a key given twice that takes one value
# stops the compile with an error that says what is wrong, instead of
# silently building without mend (or, for flip-check, without the flip).
# Usage: unknown-key.sh PLUGIN CC INPUT
set -eu
plugin=$1 cc=$2 input=$3
. "$(dirname "$0")/common.sh"

# expect_error ARGUMENTS TEXT...: compiling with ARGUMENTS (one word, or
# several separated by spaces) fails, stderr has every TEXT.
expect_error() {
	local argument=$1 text
	shift
	# shellcheck disable=SC2086
	if "$cc" -c "$input" -o "$work/out.o" -fplugin="$plugin" $argument \
		2>"$work/stderr"; then
		fail "compiling with $argument succeeded" "$work/stderr"
	fi
	for text in "$@"; do
		grep -qF -- "$text" "$work/stderr" ||
			fail "no \"$text\" in the error for $argument" "$work/stderr"
	done
}

expect_error -fplugin-arg-mend-bogus \
	"error: mend: unknown option '-fplugin-arg-mend-bogus'; known options: disable, verbose, dump, checks=, null=, report-only, annotations="
expect_error -fplugin-arg-mend-verbose=3 \
	"error: mend: option '-fplugin-arg-mend-verbose' takes no value, but was given '3'"
expect_error -fplugin-arg-mend-disable=yes \
	"error: mend: option '-fplugin-arg-mend-disable' takes no value, but was given 'yes'"
expect_error -fplugin-arg-mend-checks=most \
	"error: mend: option '-fplugin-arg-mend-checks' does not know 'most'; allowed: all, none, bounds, null"
expect_error -fplugin-arg-mend-checks \
	"error: mend: option '-fplugin-arg-mend-checks' needs a value"
expect_error -fplugin-arg-mend-flip-check \
	"error: mend: option '-fplugin-arg-mend-flip-check' needs a value"
for value in census.c census.c:0 census.c:-3 census.c:12x :12 lib/census.c:12 census.c:; do
	expect_error "-fplugin-arg-mend-flip-check=$value" \
		"error: mend: option '-fplugin-arg-mend-flip-check' wants FILE:LINE, the base name of a source file and a line number (e.g. 'drv.c:120'), but was given '$value'"
done
expect_error "-fplugin-arg-mend-flip-check=census.c:12 -fplugin-arg-mend-flip-check=census.c:14" \
	"error: mend: option '-fplugin-arg-mend-flip-check' given twice ('census.c:12' and 'census.c:14')"
