#!/bin/sh
# Scenario for the edu example driver, run by busybox sh inside the guest
# after edu.ko is loaded, with edu-ctl at /bin/edu-ctl. Computes factorials
# through write/read and through ioctl, sends buffers through the device and
# back by DMA (checked byte for byte by edu-ctl), and checks the driver's
# counters: one interrupt per computation and transfer, heartbeats from its
# timer, none missed. Exits 0 on success, 1 on the first mismatch.

dev=/dev/edu
counter=/sys/class/misc/edu/irq_count
stats=/sys/class/misc/edu/stats

fail() {
	echo "edu: FAIL: $*"
	exit 1
}

[ -c "$dev" ] || fail "$dev does not exist or is not a character device"
[ -r "$counter" ] || fail "$counter does not exist"

irqs_before=$(cat "$counter")
count=0
for pair in 0:1 1:1 5:120 10:3628800 12:479001600; do
	n=${pair%%:*}
	want=${pair#*:}
	echo "$n" > "$dev" || fail "writing $n to $dev failed"
	got=$(cat "$dev") || fail "reading $dev after $n failed"
	[ "$got" = "$want" ] || fail "$n! = '$got', expected $want"
	echo "edu: $n! = $got ok"
	count=$((count + 1))
done

# 13! does not fit the device's 32-bit register: the driver must refuse it
# and keep the last result.
if echo 13 > "$dev" 2>/dev/null; then
	fail "writing 13 was accepted, expected ERANGE"
fi
got=$(cat "$dev")
[ "$got" = 479001600 ] || fail "after refused 13, read '$got', expected 479001600"
echo "edu: 13 refused ok"

# The same through ioctl.
for pair in 3:6 12:479001600; do
	n=${pair%%:*}
	want=${pair#*:}
	got=$(edu-ctl fact "$n") || fail "edu-ctl fact $n failed"
	[ "$got" = "$want" ] || fail "ioctl: $n! = '$got', expected $want"
	echo "edu: ioctl $n! = $got ok"
	count=$((count + 1))
done
edu-ctl fact 13 2>/dev/null && fail "ioctl 13 was accepted, expected ERANGE"
echo "edu: ioctl 13 refused ok"

# DMA: each round trip is two transfers, two interrupts. The checksums are
# those of the pattern edu-ctl sends, so they also pin down its data.
for t in "4095 0 1" "100 3995 2" "1 17 3"; do
	# shellcheck disable=SC2086
	edu-ctl dma $t || fail "dma $t failed"
	count=$((count + 2))
done
# Past the device buffer: refused before any transfer.
edu-ctl dma 4095 1 4 2>/dev/null && fail "dma past the buffer was accepted"
echo "edu: dma past the buffer refused ok"

# The heartbeat timer runs every 100 ms: after a second at least 5 beats.
beats_before=$(cut -d' ' -f4 "$stats")
sleep 1
set -- $(cat "$stats")
[ "$4" -ge $((beats_before + 5)) ] ||
	fail "heartbeats $beats_before -> $4 in one second, expected >= 5 more"
[ "$5" = 0 ] || fail "$5 missed heartbeats"
[ "$3" = 6 ] || fail "stats count $3 DMA transfers, expected 6"
echo "edu: stats '$*' ok"
[ "$(edu-ctl stats)" != "" ] || fail "edu-ctl stats printed nothing"

irqs_after=$(cat "$counter")
rose=$((irqs_after - irqs_before))
[ "$rose" -ge "$count" ] ||
	fail "irq_count rose by $rose ($irqs_before -> $irqs_after), expected >= $count"
echo "edu: irq_count $irqs_before -> $irqs_after ok"

# The user program of the recovery test (qemu.edu-recover), for two
# seconds without faults: every round right, no error.
rm -f /tmp/stop
(sleep 2; touch /tmp/stop) &
out=$(edu-ctl run /tmp/stop) || fail "edu-ctl run: $out"
case "$out" in
"run: "[1-9]*" rounds ok, 0 errors, 0 reopens, 0 wrong") echo "edu: $out" ;;
*) fail "edu-ctl run: '$out'" ;;
esac

echo "edu: PASS"
exit 0
