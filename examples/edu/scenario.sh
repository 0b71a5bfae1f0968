#!/bin/sh
# Scenario for the edu example driver, run by busybox sh inside the guest
# after edu.ko is loaded, with edu-ctl at /bin/edu-ctl. Computes factorials
# through write/read and through ioctl, sends buffers through the device and
# back by DMA (checked byte for byte by edu-ctl), and checks the driver's
# counters: one interrupt per computation and transfer, heartbeats from its
# timer, none missed.
#
# What a user of the device sees is printed as a transcript, one "diff: "
# line per observation (a result, an error message, an exit status, a
# counter), the last one "diff: end of transcript".
# tests/differential/driver-diff.sh compares the transcripts of the plain
# and the instrumented driver, so a line holds only what repeats from one
# boot to the next: a count that depends on timing (heartbeats, interrupts
# since the start, rounds of edu-ctl run) appears as the check made on it.
# Each line is also checked against what the device must give, without
# stopping at a wrong one: every wrong line is an "edu: FAIL:" line, and
# the scenario ends with "edu: PASS" (exit 0) or exit 1.

dev=/dev/edu
counter=/sys/class/misc/edu/irq_count
stats=/sys/class/misc/edu/stats
failures=0

# expect LINE PATTERN: LINE goes into the transcript, and it is a failure
# unless the shell pattern PATTERN matches it.
expect() {
	echo "diff: $1"
	# shellcheck disable=SC2254
	case "$1" in
	$2) ;;
	*)
		echo "edu: FAIL: '$1', expected '$2'"
		failures=$((failures + 1))
		;;
	esac
}

# seen COMMAND...: what COMMAND prints (stdout and stderr on one line) and
# its exit status, as "OUTPUT, status N".
seen() {
	o=$("$@" 2>&1)
	s=$?
	echo "$(echo "$o" | tr '\n' ' ' | sed 's/ *$//'), status $s"
}

# compute N: N! through write, the result through read.
compute() {
	echo "$1" > "$dev" || return
	cat "$dev"
}

[ -c "$dev" ] && node=yes || node=no
expect "$dev is a character device: $node" "* yes"
irqs_before=$(cat "$counter")
expect "irq_count readable: $([ -n "$irqs_before" ] && echo yes || echo no)" "* yes"

# No result before the first computation.
expect "read first: $(seen cat "$dev")" "read first: cat: read error: No data available, status 1"

count=0
for pair in 0:1 1:1 5:120 10:3628800 12:479001600; do
	n=${pair%%:*}
	expect "$n! by write and read: $(seen compute "$n")" \
		"$n! by write and read: ${pair#*:}, status 0"
	count=$((count + 1))
done

# 13! does not fit the device's 32-bit register: the driver must refuse it
# and keep the last result.
expect "13! by write and read: $(seen compute 13)" \
	"13! by write and read: *Numerical result out of range, status 1"
expect "read after 13: $(seen cat "$dev")" "read after 13: 479001600, status 0"

# The same through ioctl.
for pair in 3:6 12:479001600; do
	n=${pair%%:*}
	expect "ioctl fact $n: $(seen edu-ctl fact "$n")" \
		"ioctl fact $n: ${pair#*:}, status 0"
	count=$((count + 1))
done
expect "ioctl fact 13: $(seen edu-ctl fact 13)" \
	"ioctl fact 13: edu-ctl: EDU_IOC_FACT 13: Numerical result out of range, status 1"

# DMA: each round trip is two transfers, two interrupts. The checksums are
# those of the pattern edu-ctl sends, so they also pin down its data.
for t in "4095 0 1" "100 3995 2" "1 17 3"; do
	# shellcheck disable=SC2086
	expect "dma $t: $(seen edu-ctl dma $t)" \
		"dma $t: dma ${t% *} ok [0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f], status 0"
	count=$((count + 2))
done
# Past the device buffer: refused before any transfer.
expect "dma 4095 1 4: $(seen edu-ctl dma 4095 1 4)" \
	"dma 4095 1 4: edu-ctl: EDU_IOC_DMA len 4095 offset 1: Invalid argument, status 1"

# The counters through ioctl: irqs facts dmas heartbeats missed, of which
# the timing decides irqs and heartbeats.
if out=$(edu-ctl stats 2>&1); then
	# shellcheck disable=SC2086
	set -- $out
	out="facts $2, dmas $3, missed $5"
fi
expect "ioctl stats: $out" "ioctl stats: facts 7, dmas 6, missed 0"

# The same in sysfs; the heartbeat timer runs every 100 ms: after a second
# at least 5 beats.
beats_before=$(cut -d' ' -f4 "$stats")
sleep 1
beats_after=
if out=$(cat "$stats" 2>&1); then
	# shellcheck disable=SC2086
	set -- $out
	beats_after=$4
	out="facts $2, dmas $3, missed $5"
fi
expect "sysfs stats: $out" "sysfs stats: facts 7, dmas 6, missed 0"
[ "$beats_after" -ge $((beats_before + 5)) ] 2>/dev/null && beats=yes ||
	beats="no ($beats_before -> $beats_after)"
expect "heartbeats rose by 5 or more in a second: $beats" "* yes"

# At least one interrupt per computation and per transfer.
irqs_after=$(cat "$counter")
[ $((irqs_after - irqs_before)) -ge "$count" ] 2>/dev/null && irqs=yes ||
	irqs="no ($irqs_before -> $irqs_after)"
expect "irq_count rose by $count or more: $irqs" "* yes"

# The user program of the recovery test (qemu.edu-recover), for two
# seconds without faults: every round right, no error. How many rounds
# depends on the timing.
rm -f /tmp/stop
(sleep 2; touch /tmp/stop) &
expect "edu-ctl run: $(seen edu-ctl run /tmp/stop | sed 's/^run: [1-9][0-9]* rounds ok/run: R rounds ok/')" \
	"edu-ctl run: run: R rounds ok, 0 errors, 0 reopens, 0 wrong, status 0"
wait

echo "diff: end of transcript"
if [ "$failures" != 0 ]; then
	echo "edu: FAIL: $failures wrong lines"
	exit 1
fi
echo "edu: PASS"
exit 0
