#!/bin/bash
# differential.driver-diff: driver-diff.sh's verdicts, without QEMU. A stub
# stands in for mend-qemu: each "module" it is given is a file whose lines
# the stub prints as the scenario's output (into the .out beside --log, as
# mend-qemu does), except a line "status N", its exit status. Checked:
# the same transcripts pass; a changed line, a different exit status, a
# transcript cut short or empty, and a failing reference each fail, with
# the reason and, for a difference, the unified diff; a bad command line
# exits 2.
# Usage: driver-diff-check.sh DRIVER-DIFF
set -u
driver_diff=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

cat >"$work/stub" <<'STUB'
#!/bin/bash
# The last --module's lines are the output, "status N" the exit status.
while [ $# -gt 0 ]; do
	case "$1" in
	--module) module=$2; shift 2 ;;
	--log) log=$2; shift 2 ;;
	*) shift ;;
	esac
done
status=0
: >"${log%.log}.out"
while IFS= read -r line; do
	case "$line" in
	"status "*) status=${line#status } ;;
	*) printf '%s\r\n' "$line" >>"${log%.log}.out" ;;
	esac
done <"$module"
exit "$status"
STUB
chmod +x "$work/stub"

# build NAME LINE...: a stub module whose run prints the LINEs.
build() {
	local name=$1
	shift
	printf '%s\n' "$@" >"$work/$name.ko"
}
good=("diff: 5! = 120" "diff: dma ok 7650a4af" "edu: PASS" "diff: end of transcript")
build plain "${good[@]}"
build same "edu: other output is not compared" "${good[@]}"
build changed "diff: 5! = 120" "diff: dma ok 00000000" "diff: end of transcript" "status 1"
build status "${good[@]}" "status 3"
build short "diff: 5! = 120" "status 1"
build empty "edu: nothing" "status 0"
build bare "diff: end of transcript"
build bare2 "diff: end of transcript"
build failing "${good[@]}" "status 1"

# expect STATUS A B TEXT...: driver-diff on builds A and B exits STATUS and
# prints every TEXT (a fixed string, one line).
expect() {
	local want=$1 a=$2 b=$3 status=0 text
	shift 3
	"$driver_diff" --name check --log-dir "$work/logs" \
		--build "$a=$work/$a.ko" --build "$b=$work/$b.ko" -- "$work/stub" \
		>"$work/out" 2>&1 || status=$?
	if [ "$status" != "$want" ]; then
		echo "FAIL: $a against $b exited $status, expected $want"
		sed 's/^/    /' "$work/out"
		failed=1
		return
	fi
	for text in "$@"; do
		grep -qxF -- "$text" "$work/out" && continue
		echo "FAIL: $a against $b: no line '$text'"
		sed 's/^/    /' "$work/out"
		failed=1
	done
}

expect 0 plain same "driver-diff: PASS: plain and same gave the same transcript, 4 lines"
expect 1 plain changed "driver-diff: FAIL: the transcripts of plain and changed differ:" \
	"--- plain" "+++ changed" "-diff: dma ok 7650a4af" "+diff: dma ok 00000000" \
	" diff: end of transcript" "-diff: exit status 0" "+diff: exit status 1"
expect 1 plain status "driver-diff: FAIL: the transcripts of plain and status differ:" \
	"+diff: exit status 3"
expect 1 plain short \
	"driver-diff: FAIL: short: the transcript ends without 'diff: end of transcript' after 1 line(s) (the run was cut short)"
expect 1 plain empty "driver-diff: FAIL: empty: the scenario printed no transcript"
expect 1 empty plain "driver-diff: FAIL: empty: the scenario printed no transcript" \
	"driver-diff: FAIL: the transcripts of empty and plain differ:"
expect 1 bare bare2 "driver-diff: FAIL: bare: the transcript is only its end line" \
	"driver-diff: FAIL: bare2: the transcript is only its end line"
expect 1 failing plain "driver-diff: FAIL: failing: the reference run exited 1, not 0"
expect 2 plain plain
expect 2 plain missing

[ "$failed" = 0 ] && echo "driver-diff-check: all verdicts as expected"
exit "$failed"
