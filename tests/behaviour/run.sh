#!/bin/bash
# behaviour.*: build PROGRAM with mend for user space and run it twice.
#   "ok"          must exit 0 and print no mend report
#   "off-by-one"  must exit 86 (or 0 with EXPECT-NO-REPORT in the source)
#                 after exactly one report, whose lines the source's
#                 REPORT: directives give (filecheck.py --prefix REPORT)
# Usage: run.sh MEND_CONFIG CC PROGRAM.c
set -eu
mend_config=$1 cc=$2 source=$3
. "$(dirname "$0")/../plugin/common.sh"

# shellcheck disable=SC2046
"$cc" -O2 -o "$work/prog" "$source" $("$mend_config" --cflags-user) \
	-I"$(dirname "$source")" $("$mend_config" --libs-user) 2>"$work/build" ||
	fail "building $source with mend failed" "$work/build"

status=0
"$work/prog" ok >"$work/ok.out" 2>"$work/ok.err" || status=$?
[ "$status" = 0 ] || fail "'ok' run exited $status" "$work/ok.err"
grep -q "BUG: mend:" "$work/ok.err" && fail "'ok' run reported a violation" "$work/ok.err"

status=0
"$work/prog" off-by-one >"$work/off.out" 2>"$work/off.err" || status=$?
if grep -q "EXPECT-NO-REPORT" "$source"; then
	[ "$status" = 0 ] || fail "'off-by-one' run exited $status, expected 0" "$work/off.err"
	grep -q "BUG: mend:" "$work/off.err" &&
		fail "'off-by-one' run reported, expected nothing" "$work/off.err"
	exit 0
fi
[ "$status" = 86 ] || fail "'off-by-one' run exited $status, expected 86" "$work/off.err"
reports=$(grep -c "^BUG: mend:" "$work/off.err" || true)
[ "$reports" = 1 ] || fail "expected exactly one report, got $reports" "$work/off.err"
python3 "$(dirname "$0")/../plugin/filecheck.py" --prefix REPORT "$source" "$work/off.err"
