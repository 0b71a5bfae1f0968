#!/bin/bash
# plugin.version-mismatch: mend.so loaded into a GCC other than the one it
# was built for refuses with an error naming both versions and the way out,
# and the compile fails.
# Usage: version-mismatch.sh PLUGIN CC OTHER_CC
#   CC        the GCC mend.so was built for (gcc-12)
#   OTHER_CC  another GCC release (gcc-11)
set -eu
plugin=$1 cc=$2 other_cc=$3
. "$(dirname "$0")/common.sh"

command -v "$other_cc" >/dev/null ||
	fail "$other_cc is missing; install it (Debian: apt-get install $other_cc)"

built_for=$("$cc" -dumpfullversion)
running=$("$other_cc" -dumpfullversion)
[ "$built_for" != "$running" ] ||
	fail "$cc and $other_cc are both GCC $built_for; OTHER_CC must differ"

echo 'int f(int x) { return x; }' >"$work/input.c"
if "$other_cc" -c "$work/input.c" -o "$work/out.o" -fplugin="$plugin" \
	2>"$work/stderr"; then
	fail "$other_cc accepted mend.so built for GCC $built_for" "$work/stderr"
fi
for text in \
	"error: mend: $plugin was built for GCC $built_for (" \
	"and cannot run in GCC $running (" \
	"rebuild mend with this compiler or compile with 'gcc-${built_for%%.*}'"
do
	grep -qF -- "$text" "$work/stderr" ||
		fail "no \"$text\" in the error" "$work/stderr"
done
