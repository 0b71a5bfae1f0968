#!/bin/bash
# plugin.verbose: with -fplugin-arg-mend-verbose, the notes the compiler
# prints for INPUT are those its CHECK directives describe.
# Usage: verbose.sh PLUGIN CC INPUT
set -eu
plugin=$1 cc=$2 input=$3
. "$(dirname "$0")/common.sh"

"$cc" -O2 -c "$input" -o "$work/out.o" \
	-fplugin="$plugin" -fplugin-arg-mend-verbose 2>"$work/stderr" ||
	fail "$cc with mend.so failed on $input" "$work/stderr"
python3 "$tests_dir/filecheck.py" "$input" "$work/stderr"
