#!/bin/bash
# plugin.dump: the mend-census dump file holds the lines INPUT's DUMP
# directives describe.
# GCC 12 rejects -fdump-tree-mend-census: it reads -fdump- options before
# plugins register their passes. -fdump-tree-all does reach plugin passes,
# so this test uses it.
# Usage: dump.sh PLUGIN CC INPUT
set -eu
plugin=$1 cc=$2 input=$3
. "$(dirname "$0")/common.sh"

(cd "$work" && "$cc" -O2 -c "$input" -o out.o -fplugin="$plugin" \
	-fdump-tree-all) 2>"$work/stderr" ||
	fail "$cc with mend.so and -fdump-tree-all failed on $input" \
		"$work/stderr"
dumps=$(find "$work" -name '*.mend-census')
[ "$(echo "$dumps" | grep -c .)" = 1 ] ||
	fail "expected one *.mend-census dump file, found: ${dumps:-none}"
python3 "$tests_dir/filecheck.py" --prefix DUMP "$input" "$dumps"
