#!/bin/bash
# differential.csmith - random C programs from csmith, built plain and with
# mend, must behave the same.
#
# Usage: tests/differential/csmith.sh [--first S] [--count N] [--jobs J]
#            [--timeout T] [--mend-timeout T] [--save DIR] [--cc CC]
#            [--plugin MEND_SO]
#
#   --first S         first seed (default 1; env MEND_CSMITH_FIRST)
#   --count N         programs to compare (default 50, what CI runs; env
#                     MEND_CSMITH_COUNT). The target to run by hand before a
#                     release: --first 1 --count 1000
#   --jobs J          seeds in parallel (default 2; env MEND_CSMITH_JOBS)
#   --timeout T       seconds the plain program may run (default 5)
#   --mend-timeout T  seconds the instrumented program may run (default 30)
#   --save DIR        where the evidence of each failing seed goes (default
#                     /tmp/mend-csmith-failures; env MEND_CSMITH_SAVE)
#   --cc CC           the compiler mend.so was built for (default: the one
#                     in $MEND_BUILD_DIR/mend.env, gcc-12 on Debian 12)
#   --plugin MEND_SO  the mend.so the build made (CTest passes it); the test
#                     fails if tools/mend-config names another one
#
# For each seed S, `csmith --seed S` writes a program that is free of
# undefined behaviour and prints one line, "checksum = X", a hash of its
# final global state. It is built twice with CC:
#   plain:        -O2 -w -I/usr/include/csmith
#   instrumented: the same, plus `mend-config --cflags-user`,
#                 -fplugin-arg-mend-checks=all and `mend-config --libs-user`
# and both binaries run. A seed FAILS when
#   - the instrumented build fails (a compile error or an internal compiler
#     error) while the plain build compiled;
#   - the instrumented program's stdout or exit status differs from the
#     plain one's;
#   - the instrumented program prints "BUG: mend:" on stderr or exits 86:
#     the program has no undefined behaviour, so any report is false;
#   - the instrumented program runs past --mend-timeout while the plain one
#     finished within --timeout.
# A failing seed's program, both binaries' outputs and the compiler's
# errors are kept in DIR/seed-S/ and shown here.
#
# Programs that never end: csmith does not promise termination. With the
# options below 26 of seeds 1..1026 ran past 5 s, and every one of those 26
# still ran at 30 s; every other program ended within 0.01 s. A seed
# whose PLAIN program runs past --timeout is skipped: it is not counted as
# compared, and the next seed beyond the range takes its place, until N
# programs have been compared. The run therefore covers seeds
# S..S+N-1+skipped, the same ones on every run (the times are far from the
# limit on both sides; the summary prints the slowest program that ended),
# and the summary names the last seed and the skipped ones. At most N (at
# least 10) extra seeds are tried; if N programs still were not compared,
# the test fails with "compared K of N". The compiles of a skipped seed are
# checked all the same.
#
# Exit status: 0 when N programs were compared with no failure, 1 on any
# failure, 2 for a bad command line or a missing tool.
set -u
export LC_ALL=C

root=$(cd "$(dirname "$0")/../.." && pwd)
first=${MEND_CSMITH_FIRST:-1}
count=${MEND_CSMITH_COUNT:-50}
jobs=${MEND_CSMITH_JOBS:-2}
plain_timeout=5
mend_timeout=30
save=${MEND_CSMITH_SAVE:-/tmp/mend-csmith-failures}
cc=""
plugin=""

usage() {
	sed -n '2,/^set -u/{/^set -u/d;s/^# \{0,1\}//;p}' "$0"
}
die() {
	echo "csmith.sh: $*" >&2
	exit 2
}
number() { # name value
	case "$2" in
	'' | *[!0-9]*) die "$1 wants a whole number, got '$2'" ;;
	esac
}

while [ $# -gt 0 ]; do
	case "$1" in
	--first | --count | --jobs | --timeout | --mend-timeout | --save | --cc | --plugin)
		[ $# -ge 2 ] || die "$1 needs a value"
		case "$1" in
		--first) first=$2 ;;
		--count) count=$2 ;;
		--jobs) jobs=$2 ;;
		--timeout) plain_timeout=$2 ;;
		--mend-timeout) mend_timeout=$2 ;;
		--save) save=$2 ;;
		--cc) cc=$2 ;;
		--plugin) plugin=$2 ;;
		esac
		shift 2
		;;
	-h | --help) usage; exit 0 ;;
	*) die "unknown argument '$1'; allowed: --first, --count, --jobs, --timeout, --mend-timeout, --save, --cc, --plugin (--help)" ;;
	esac
done
number --first "$first"
number --count "$count"
number --jobs "$jobs"
number --timeout "$plain_timeout"
number --mend-timeout "$mend_timeout"
[ "$count" -ge 1 ] || die "--count must be at least 1"
[ "$jobs" -ge 1 ] || die "--jobs must be at least 1"

# Csmith options, chosen to keep each program small, fast and terminating
# without taking away what mend instruments (arrays, pointers up to depth
# 2, structs, unions, bit-fields, packed structs all stay on). Measured on
# seeds 1..100 (plain -O2 build, 5 s limit):
#   csmith defaults                      1562 lines on average, 7 never end
#   --no-jumps                           1676 lines, 2 never end
#   --max-block-depth 3 --no-jumps       1092 lines, 2 never end
#   --max-block-depth 3 --max-funcs 5    623 lines, 13 never end
#   all three (what runs here)           624 lines, 0 never end
# --no-jumps: csmith's gotos also jump backwards, forming loops with no
# bound; most of the programs that never end come from them.
# --max-block-depth 3 (default 5) and --max-funcs 5 (default 10): programs
# of a third of the size, generated and compiled that much faster, so more
# seeds fit in the same time (each seed is a fresh mix of constructs).
# csmith's own safe-math wrappers stay on: they keep the programs free of
# signed overflow, division by zero and oversized shifts, so the plain
# build is the reference.
csmith_opts="--max-block-depth 3 --max-funcs 5 --no-jumps"
csmith_include=/usr/include/csmith

command -v csmith >/dev/null ||
	die "csmith is not installed: run tools/mend-deps (as root)"
[ -r "$csmith_include/csmith.h" ] ||
	die "$csmith_include/csmith.h is missing: run tools/mend-deps (as root; package libcsmith-dev)"

build=${MEND_BUILD_DIR:-$root/build}
if [ -z "$cc" ]; then
	[ -r "$build/mend.env" ] || die "no mend build at $build (set MEND_BUILD_DIR, or pass --cc)"
	cc=$(sed -n 's/^MEND_KERNEL_GCC=//p' "$build/mend.env")
fi
command -v "$cc" >/dev/null || die "compiler '$cc' not found"

mend_config=$root/tools/mend-config
mend_cflags=$("$mend_config" --cflags-user) || die "tools/mend-config --cflags-user failed: $mend_cflags"
mend_libs=$("$mend_config" --libs-user) || die "tools/mend-config --libs-user failed: $mend_libs"
if [ -n "$plugin" ]; then
	named=$("$mend_config" --plugin)
	[ "$named" -ef "$plugin" ] ||
		die "tools/mend-config names $named, not the plugin under test $plugin (MEND_BUILD_DIR?)"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/mend-csmith.XXXXXX")
trap 'rm -rf "$work"' EXIT

export cc csmith_opts csmith_include mend_cflags mend_libs plain_timeout \
	mend_timeout work save

# run_seed S: one seed, in $work/S/ (removed unless it failed). Writes
# $work/S.result: "pass LINE", "skip REASON" or "fail REASON"; on a failure
# also $work/S.report (the evidence) and a copy of everything in
# $save/seed-S/.
run_seed() {
	local s=$1 d=$work/$1 prc mrc
	mkdir -p "$d"
	cd "$d" || return
	result() { echo "$*" >"$work/$s.result"; }
	failed() {
		result "fail $1"
		{
			echo "--- csmith --seed $s $csmith_opts -o prog.c"
			echo "--- $cc -O2 -w -I$csmith_include $mend_cflags -fplugin-arg-mend-checks=all prog.c $mend_libs"
			# Both stdouts always (an empty one says something too), the
			# rest when there is something in it.
			for f in mend.cc plain.out mend.out plain.err mend.err; do
				[ -e "$f" ] || continue
				case "$f" in *.out) ;; *) [ -s "$f" ] || continue ;; esac
				echo "--- $f (status $(cat "$f.status" 2>/dev/null || echo -)):"
				if [ -s "$f" ]; then head -n 40 "$f"; else echo "(empty)"; fi
			done
		} >"$work/$s.report"
		rm -rf "$save/seed-$s"
		mkdir -p "$save/seed-$s" && cp -p prog.c ./*.cc ./*.out ./*.err ./*.status \
			"$save/seed-$s/" 2>/dev/null
		return 0
	}

	# 60 s: csmith writes a program in well under 10 s.
	# shellcheck disable=SC2086 # csmith_opts is a list of words
	timeout -k 5 60 csmith --seed "$s" $csmith_opts -o prog.c >csmith.log 2>&1 ||
		{ failed "csmith failed: $(head -c 300 csmith.log)"; return 0; }
	timeout -k 5 300 "$cc" -O2 -w -I"$csmith_include" prog.c -o plain \
		>plain.cc 2>&1 ||
		{ failed "the plain build failed (broken setup, not a mend bug)"; return 0; }
	# shellcheck disable=SC2086
	timeout -k 5 300 "$cc" -O2 -w -I"$csmith_include" $mend_cflags \
		-fplugin-arg-mend-checks=all prog.c -o mend $mend_libs >mend.cc 2>&1
	echo $? >mend.cc.status
	if [ "$(cat mend.cc.status)" != 0 ]; then
		if grep -q "internal compiler error" mend.cc; then
			failed "the instrumented build crashed the compiler (ICE); the plain build compiled"
		else
			failed "the instrumented build failed; the plain build compiled"
		fi
		return 0
	fi

	t0=$EPOCHREALTIME
	timeout -k 2 "$plain_timeout" ./plain >plain.out 2>plain.err
	prc=$?
	plain_us=$((${EPOCHREALTIME/./} - ${t0/./}))
	echo $prc >plain.out.status
	if [ $prc = 124 ] || [ $prc = 137 ]; then
		result "skip the plain program ran past ${plain_timeout}s"
		cd "$work" && rm -rf "$d"
		return 0
	fi
	timeout -k 2 "$mend_timeout" ./mend >mend.out 2>mend.err
	mrc=$?
	echo $mrc >mend.out.status
	cp plain.out.status plain.err.status
	cp mend.out.status mend.err.status

	if [ $mrc = 124 ] || [ $mrc = 137 ]; then
		failed "the instrumented program ran past ${mend_timeout}s; the plain one ended (status $prc)"
	elif grep -q "BUG: mend:" mend.err; then
		failed "false report: the instrumented program printed 'BUG: mend:' (status $mrc)"
	elif [ $mrc = 86 ]; then
		failed "the instrumented program exited 86 (mend's status for a failed check)"
	elif [ $mrc != $prc ]; then
		failed "exit status differs: plain $prc, instrumented $mrc"
	elif ! cmp -s plain.out mend.out; then
		failed "stdout differs"
	else
		result "pass $plain_us $(head -n1 plain.out), status $prc"
		cd "$work" && rm -rf "$d"
	fi
	return 0
}
export -f run_seed

# run_seeds FROM TO: the seeds FROM..TO, $jobs at a time.
run_seeds() {
	seq "$1" "$2" | xargs -P "$jobs" -I{} bash -c 'run_seed "$@"' _ {}
}

compared=0
slowest_us=0 slowest_seed=-
failures=()
skipped=()
next=$first
want=$count
max_seed=$((first + count - 1 + (count > 10 ? count : 10)))
start=$(date +%s)
echo "csmith: $count programs from seed $first, $jobs jobs; csmith $csmith_opts; $cc $mend_cflags -fplugin-arg-mend-checks=all; timeouts ${plain_timeout}s plain, ${mend_timeout}s instrumented"
while [ "$want" -gt 0 ] && [ "$next" -le "$max_seed" ]; do
	to=$((next + want - 1))
	[ "$to" -le "$max_seed" ] || to=$max_seed
	run_seeds "$next" "$to"
	for s in $(seq "$next" "$to"); do
		r=$(cat "$work/$s.result" 2>/dev/null || echo "fail the worker for this seed left no result")
		case "$r" in
		pass*)
			r=${r#pass }
			us=${r%% *}
			printf 'seed %s: same: %s (plain run %d.%03d s)\n' "$s" "${r#* }" \
				$((us / 1000000)) $((us / 1000 % 1000))
			if [ "$us" -gt "$slowest_us" ]; then
				slowest_us=$us slowest_seed=$s
			fi
			compared=$((compared + 1))
			;;
		skip*)
			echo "seed $s: skipped, not counted: ${r#skip }"
			skipped+=("$s")
			;;
		*)
			echo "seed $s: FAIL: ${r#fail }"
			if [ -r "$work/$s.report" ]; then
				cat "$work/$s.report"
				echo "--- kept in $save/seed-$s/"
			fi
			failures+=("$s")
			# A failing seed counts towards N (a compile failure too):
			# the range does not grow past failures, only past skips.
			compared=$((compared + 1))
			;;
		esac
	done
	want=$((count - compared))
	next=$((to + 1))
done
last=$((next - 1))
elapsed=$(($(date +%s) - start))

[ "$slowest_seed" = - ] ||
	printf 'csmith: slowest plain program that ended: seed %s, %d.%03d s (limit %s s)\n' \
		"$slowest_seed" $((slowest_us / 1000000)) $((slowest_us / 1000 % 1000)) \
		"$plain_timeout"
echo "csmith: $elapsed s in all"
[ ${#skipped[@]} = 0 ] ||
	echo "csmith: ${#skipped[@]} seeds skipped (plain program ran past ${plain_timeout}s): ${skipped[*]}"
if [ ${#failures[@]} != 0 ]; then
	echo "csmith: FAIL: ${#failures[@]} of $compared programs differ or failed (seeds $first..$last): ${failures[*]}; evidence in $save/"
	exit 1
fi
if [ "$compared" -lt "$count" ]; then
	echo "csmith: FAIL: compared $compared of $count (seeds $first..$last; too many programs never ended)"
	exit 1
fi
echo "csmith: $compared programs compared, 0 differences (seeds $first..$last)"
