#!/bin/bash
# The real e1000 driver compiles with the plugin (MEND_PLUGIN_ARGS=verbose):
# the build succeeds, the plugin adds no warning or error that the plain
# build of the same sources does not have, it reports on every function of
# each e1000 source file (mend: function 'NAME': N external calls, ...), and
# it closes each file with its summary line
#   note: mend: <file>: checks inserted I, elided E, proven safe P in F functions
# with I > 0 for e1000_main.c. The totals are printed.
# Usage: e1000-verbose.sh MEND_ROOT CC SRCDIR KBUILD WORKDIR [SYMVERS]
#   SRCDIR   the extracted driver (build/linux-drivers/src/drivers/net/ethernet/intel/e1000)
#   KBUILD   the Kbuild file that builds it out of tree (linux-drivers/e1000/Kbuild)
#   SYMVERS  mend.ko's Module.symvers, for the symbols instrumented code calls
set -u
root=$1 cc=$2 src=$3 kbuild=$4 work=$5 symvers=${6:-}
sources="e1000_main.c e1000_hw.c e1000_ethtool.c e1000_param.c"
kdir=$("$root/tools/mend-config" --kdir) || exit 1

rm -rf "$work" && mkdir -p "$work" || exit 1
for v in plain verbose; do
	mkdir -p "$work/$v"
	cp "$src"/*.[ch] "$work/$v/" && cp "$kbuild" "$work/$v/Kbuild" || {
		echo "FAIL: cannot copy the e1000 sources from $src (built by 'cmake --build')"
		exit 1
	}
done

# Both builds at once, one job each: a few seconds apiece on 2 cores.
start=$(date +%s)
env -u MAKEFLAGS make -C "$kdir" M="$work/plain" CC="$cc" modules \
	>"$work/plain.log" 2>&1 &
plain_pid=$!
env -u MAKEFLAGS MEND_PLUGIN_ARGS=verbose make -C "$kdir" M="$work/verbose" \
	CC="$cc" MEND="$root" ${symvers:+KBUILD_EXTRA_SYMBOLS="$symvers"} modules \
	>"$work/verbose.log" 2>&1
verbose_rc=$?
wait "$plain_pid"
plain_rc=$?
echo "e1000 built plain and instrumented (verbose) in $(($(date +%s) - start)) s"

fail=0
if [ "$plain_rc" != 0 ] || [ ! -f "$work/plain/e1000.ko" ]; then
	cat "$work/plain.log"
	echo "FAIL: the plain build failed (status $plain_rc)"
	exit 1
fi
if [ "$verbose_rc" != 0 ] || [ ! -f "$work/verbose/e1000.ko" ]; then
	grep -v ': note: mend: function ' "$work/verbose.log"
	echo "FAIL: the instrumented build failed (status $verbose_rc)"
	exit 1
fi
echo "ok: both builds produced e1000.ko"

# Diagnostics other than notes, with the build directory taken out, so that
# the two builds compare.
diagnostics() { # log dir
	grep -E '(: (warning|error|fatal error):|^WARNING:|^ERROR:)' "$1" |
		sed "s|$2/||g" | sort -u
}
diagnostics "$work/plain.log" "$work/plain" >"$work/plain.diag"
diagnostics "$work/verbose.log" "$work/verbose" >"$work/verbose.diag"
new=$(comm -13 "$work/plain.diag" "$work/verbose.diag")
if [ -n "$new" ]; then
	echo "FAIL: the instrumented build has diagnostics the plain one has not:"
	printf '%s\n' "$new" | sed 's/^/    /'
	fail=1
else
	echo "ok: no warning or error beyond the plain build's ($(wc -l <"$work/plain.diag") there)"
fi

# The per-function census notes (tracked and untracked API calls, as
# recovery builds print them): at least one per source file.
for f in $sources; do
	n=$(grep -cE "(^|/)$f:[0-9]+:[0-9]+: note: mend: function '[^']+': [0-9]+ API calls tracked" "$work/verbose.log")
	if [ "$n" -gt 0 ]; then
		echo "ok: $f: $n function notes"
	else
		echo "FAIL: $f: no 'mend: function ...' note"
		fail=1
	fi
done

# The per-file summaries and their totals.
total_i=0 total_e=0 total_p=0 total_f=0
for f in $sources; do
	line=$(grep -E "note: mend: (\S*/)?$f: checks inserted [0-9]+, elided [0-9]+, proven safe [0-9]+ in [0-9]+ functions" \
		"$work/verbose.log" | tail -n1)
	if [ -z "$line" ]; then
		echo "FAIL: $f: no summary 'note: mend: $f: checks inserted I, elided E, proven safe P in F functions'"
		fail=1
		continue
	fi
	set -- $(printf '%s\n' "$line" |
		sed -E 's/.*checks inserted ([0-9]+), elided ([0-9]+), proven safe ([0-9]+) in ([0-9]+) functions.*/\1 \2 \3 \4/')
	echo "ok: $f: checks inserted $1, elided $2, proven safe $3 in $4 functions"
	total_i=$((total_i + $1)) total_e=$((total_e + $2))
	total_p=$((total_p + $3)) total_f=$((total_f + $4))
	if [ "$f" = e1000_main.c ] && [ "$1" -eq 0 ]; then
		echo "FAIL: e1000_main.c: no check inserted"
		fail=1
	fi
done
echo "e1000 total: checks inserted $total_i, elided $total_e, proven safe $total_p in $total_f functions"
[ "$fail" = 0 ] && echo "ok: e1000 builds with the plugin"
exit "$fail"
