#!/bin/bash
# driver-diff.sh - run one workload on two builds of a driver in QEMU and
# compare what its user observes: the differential test of a plain build
# against an instrumented one. Whatever mend adds must not change what the
# driver does.
#
# Usage: driver-diff.sh --name NAME --build LABEL=KO[,KO...]
#                       --build LABEL=KO[,KO...] [--log-dir DIR]
#                       -- COMMAND [ARG...]
#
# COMMAND is tools/mend-qemu with the arguments both boots share (devices,
# files, the scenario, the timeout), or a program that runs it and passes
# its output on (tests/lib/net-transfer -- mend-qemu ...). It runs once per
# build, the first build first, one QEMU at a time, with "--module KO" for
# each KO of that build (in order: mend.ko before an instrumented driver)
# and "--log DIR/diff-NAME-LABEL.log" (DIR: build/qemu) appended.
#
# The scenario prints a transcript: lines that start with "diff: ", the
# last one "diff: end of transcript", holding only what a user sees and
# what repeats from one boot to the next (examples/edu/scenario.sh,
# tests/net/transfer.sh). The transcript is taken from the scenario's
# output (mend-qemu's .out beside the log, DIR/diff-NAME-LABEL.transcript
# after the run), the run's exit status is added as "diff: exit status N",
# and the two transcripts are compared.
#
# Exit 0 when the first build's run (the reference) exited 0 and the
# second build's transcript is the same, line for line. Exit 1, saying why
# on "driver-diff: FAIL:" lines, when the transcripts differ (a unified
# diff follows, "-" lines the reference's), when a transcript is empty or
# does not end with its end line (a run cut short: comparing it would
# prove nothing), or when the reference did not exit 0. Exit 2: a bad
# command line.
#
# The same build given twice (two labels) checks that a scenario's
# transcript repeats from one boot to the next, as it must before it can
# tell two builds apart.
set -u
me=driver-diff
end="diff: end of transcript"

usage() {
	sed -n '2,/^$/s/^# \{0,1\}//p' "$0"
	exit "$1"
}

bad_usage() {
	echo "$me: $*; see --help" >&2
	exit 2
}

name=
log_dir=${MEND_BUILD_DIR:-build}/qemu
labels=()
builds=()
while [ $# -gt 0 ]; do
	case "$1" in
	--name)
		[ $# -ge 2 ] || bad_usage "--name needs a value"
		name=$2
		shift 2
		;;
	--build)
		[ $# -ge 2 ] || bad_usage "--build needs LABEL=KO[,KO...]"
		[[ $2 =~ ^[A-Za-z0-9_-]+=[^,]+(,[^,]+)*$ ]] ||
			bad_usage "--build wants LABEL=KO[,KO...], got '$2'"
		labels+=("${2%%=*}")
		builds+=("${2#*=}")
		shift 2
		;;
	--log-dir)
		[ $# -ge 2 ] || bad_usage "--log-dir needs a value"
		log_dir=$2
		shift 2
		;;
	-h | --help) usage 0 ;;
	--)
		shift
		break
		;;
	*) bad_usage "unknown option '$1'" ;;
	esac
done
[[ $name =~ ^[A-Za-z0-9_-]+$ ]] || bad_usage "--name wants a word, got '$name'"
[ ${#labels[@]} = 2 ] || bad_usage "--build must be given twice, was given ${#labels[@]} times"
[ "${labels[0]}" != "${labels[1]}" ] || bad_usage "the two builds have the same label '${labels[0]}'"
[ $# -gt 0 ] || bad_usage "no command after --"
for build in "${builds[@]}"; do
	IFS=, read -ra kos <<<"$build"
	for ko in "${kos[@]}"; do
		[ -f "$ko" ] || bad_usage "no module $ko"
	done
done
mkdir -p "$log_dir" || exit 2

failures=()
transcripts=()
for i in 0 1; do
	label=${labels[i]}
	log=$log_dir/diff-$name-$label.log
	transcript=$log_dir/diff-$name-$label.transcript
	transcripts+=("$transcript")
	modules=()
	IFS=, read -ra kos <<<"${builds[i]}"
	for ko in "${kos[@]}"; do
		modules+=(--module "$ko")
	done
	echo "$me: boot $((i + 1)) of 2: $label (${builds[i]//,/ then })"
	"$@" "${modules[@]}" --log "$log"
	status=$?
	{
		tr -d '\r' <"${log%.log}.out" | grep '^diff: '
		echo "diff: exit status $status"
	} >"$transcript"
	lines=$(($(wc -l <"$transcript") - 1))
	if [ "$lines" = 0 ]; then
		failures+=("$label: the scenario printed no transcript")
	elif [ "$(sed -n "${lines}p" "$transcript")" != "$end" ]; then
		failures+=("$label: the transcript ends without '$end' after $lines line(s) (the run was cut short)")
	elif [ "$lines" = 1 ]; then
		failures+=("$label: the transcript is only its end line")
	fi
	if [ "$i" = 0 ] && [ "$status" != 0 ]; then
		failures+=("$label: the reference run exited $status, not 0")
	fi
done

if ! cmp -s "${transcripts[@]}"; then
	failures+=("the transcripts of ${labels[0]} and ${labels[1]} differ:")
fi
if [ ${#failures[@]} = 0 ]; then
	echo "$me: PASS: ${labels[0]} and ${labels[1]} gave the same transcript, $(wc -l <"${transcripts[0]}") lines"
	exit 0
fi
for f in "${failures[@]}"; do
	echo "$me: FAIL: $f"
done
diff -u --label "${labels[0]}" --label "${labels[1]}" "${transcripts[@]}"
exit 1
