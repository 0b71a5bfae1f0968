#!/bin/bash
# A hanging scenario ends at --timeout with status 124, the console tail,
# and no QEMU left running. Usage: timeout.sh EXPECT_RUN MEND_QEMU HANG_SH LOG
set -u
er=$1 mq=$2 scenario=$3 log=$4
fail=0
start=$(date +%s)
"$er" --status 124 --grep "mend-qemu: timed out after 40 s" --grep "hang: looping forever" -- \
	"$mq" --scenario "$scenario" --timeout 40 --log "$log" || fail=1
elapsed=$(( $(date +%s) - start ))
echo "elapsed: $elapsed s"
[ "$elapsed" -lt 60 ] || { echo "FAIL: the timeout took $elapsed s"; fail=1; }
if pgrep -f -- "-serial file:$log" >/dev/null; then
	echo "FAIL: QEMU is still running"
	fail=1
fi
exit "$fail"
