#!/bin/bash
# plugin.unknown-key: a misspelt key, or a value given to a key that takes
# none, stops the compile with an error that says what is wrong, instead of
# silently building without mend.
# Usage: unknown-key.sh PLUGIN CC INPUT
set -eu
plugin=$1 cc=$2 input=$3
. "$(dirname "$0")/common.sh"

# expect_error ARGUMENT TEXT...: compiling with ARGUMENT fails, stderr has
# every TEXT.
expect_error() {
	local argument=$1 text
	shift
	if "$cc" -c "$input" -o "$work/out.o" -fplugin="$plugin" "$argument" \
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
