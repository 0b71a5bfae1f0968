#!/bin/bash
# plugin.golden.*: compile INPUT with mend (dump and verbose on) and check
# what INPUT says about itself:
#   CHECK: / CHECK-DAG: / CHECK-NOT:   against the compiler's diagnostics
#   DUMP: / DUMP-DAG: / DUMP-NOT:      against the mend-checks dump
#   DUMP-FILE: <pass>                  the dump DUMP: reads instead, e.g.
#                                      mend-guards or mend-redirect
#   ARGS: <flags>                      extra compiler flags; %S stands for
#                                      INPUT's directory
#   EXPECT-FAIL                        the compile must fail (errors)
# Usage: golden.sh PLUGIN CC ANNOTATIONS_DIR INPUT
set -eu
plugin=$1 cc=$2 annotations=$3 input=$4
. "$(dirname "$0")/common.sh"

args=$(sed -n 's|.*ARGS: *\(.*[^ */]\).*|\1|p' "$input")
args=${args//%S/$(cd "$(dirname "$input")" && pwd)}
dump_pass=$(sed -n 's|.*DUMP-FILE: *\([a-z-]*\).*|\1|p' "$input")
expect_fail=$(grep -c "EXPECT-FAIL" "$input" || true)

status=0
# shellcheck disable=SC2086
(cd "$work" && "$cc" -O2 -c "$input" -o out.o -I"$annotations" \
	-fplugin="$plugin" -fplugin-arg-mend-dump -fplugin-arg-mend-verbose \
	$args) 2>"$work/stderr" || status=$?
if [ "$expect_fail" -gt 0 ]; then
	[ "$status" -ne 0 ] || fail "compiling $input succeeded; expected errors" "$work/stderr"
	grep -q "internal compiler error" "$work/stderr" &&
		fail "GCC crashed on $input" "$work/stderr"
else
	[ "$status" -eq 0 ] || fail "compiling $input failed" "$work/stderr"
fi
if grep -q "CHECK\(-DAG\|-NOT\)\?:" "$input"; then
	python3 "$tests_dir/filecheck.py" "$input" "$work/stderr"
fi
if grep -q "DUMP\(-DAG\|-NOT\)\?:" "$input"; then
	dump_pass=${dump_pass:-mend-checks}
	dump=$(find "$work" -name "*.$dump_pass")
	[ -n "$dump" ] || fail "no $dump_pass dump for $input" "$work/stderr"
	python3 "$tests_dir/filecheck.py" --prefix DUMP "$input" "$dump"
fi
