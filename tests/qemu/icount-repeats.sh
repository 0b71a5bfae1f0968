#!/bin/bash
# Under --icount, a boot repeats instruction for instruction (the same
# initramfs, byte for byte, and a fixed start date): two boots timing the
# same kmalloc/kfree loop must measure the same guest time exactly.
# Usage: icount-repeats.sh MEND_QEMU KTIME_KO SCENARIO LOGDIR
set -u
mq=$1 ko=$2 scenario=$3 logs=$4
ns=()
for run in 1 2; do
	out=$("$mq" --icount --module "$ko" --scenario "$scenario" --timeout 180 \
		--log "$logs/icount-$run.log" 2>&1)
	status=$?
	echo "$out"
	[ "$status" = 0 ] || { echo "FAIL: run $run exited $status"; exit 1; }
	n=$(echo "$out" | sed -n 's/.*kmalloc\/kfree pairs in \([0-9]\{1,\}\) ns.*/\1/p' | head -n1)
	[ -n "$n" ] || { echo "FAIL: run $run printed no measurement"; exit 1; }
	ns+=("$n")
done
echo "guest time: ${ns[0]} ns and ${ns[1]} ns"
awk -v a="${ns[0]}" -v b="${ns[1]}" 'BEGIN {
	d = a > b ? a - b : b - a
	printf "difference: %d ns (%.5f%%)\n", d, 100 * d / a
	exit !(d == 0)
}' || { echo "FAIL: the runs differ"; exit 1; }
