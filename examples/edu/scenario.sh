#!/bin/sh
# Scenario for the edu example driver, run by busybox sh inside the guest
# after edu.ko is loaded. Computes a few factorials through /dev/edu and
# checks the results and that the driver handled one interrupt per
# computation. Exits 0 on success, 1 on the first mismatch.

dev=/dev/edu
counter=/sys/class/misc/edu/irq_count

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

irqs_after=$(cat "$counter")
rose=$((irqs_after - irqs_before))
[ "$rose" -ge "$count" ] ||
	fail "irq_count rose by $rose ($irqs_before -> $irqs_after), expected >= $count"
echo "edu: irq_count $irqs_before -> $irqs_after ok"

echo "edu: PASS"
exit 0
