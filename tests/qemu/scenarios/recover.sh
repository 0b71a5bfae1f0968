# mend.ko recovering tests/qemu/modules/recover (loaded with --module after
# mend.ko). Each bad command must fail its write() with EIO, and the driver
# come back: state running, counters up, counter reset to 7, the device
# answering. Then a policy of no restarts disables it, and both modules
# unload.
set -u
fail() { echo "recover-test: FAIL: $*"; dmesg | tail -40; exit 1; }
sys=/sys/kernel/mend/recover
dev=/dev/mend_recover

# Wait until the driver runs again after restart number $1.
wait_restart() {
	i=0
	while [ "$(cat $sys/restarts)" != "$1" ] || [ "$(cat $sys/state)" != running ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "no restart $1: state $(cat $sys/state), restarts $(cat $sys/restarts)"
		sleep 0.1
	done
}
expect() { # expect FILE VALUE
	v=$(cat "$1") || fail "cannot read $1"
	[ "$v" = "$2" ] || fail "$1 is '$v', expected '$2'"
}
bad() { # bad COMMAND RESTART KIND
	if echo "$1" > $dev 2>/tmp/err; then fail "'$1' did not fail"; fi
	grep -q "Input/output error" /tmp/err || fail "'$1': $(cat /tmp/err), expected EIO"
	wait_restart "$2"
	expect $sys/failures "$2"
	grep -q "^$3 in " $sys/last_failure || fail "last_failure: $(cat $sys/last_failure)"
	expect $dev counter=7
	echo inc > $dev || fail "the device does not work after '$1'"
	expect $dev counter=8
	echo "recover-test: '$1' recovered: $(cat $sys/last_failure)"
}

[ -c $dev ] || fail "no $dev"
expect $sys/state running
expect $sys/failures 0
expect $sys/policy "restarts=5 window=60 backoff=100 hang=2000 block=10000"
echo inc > $dev && echo inc > $dev || fail "inc failed"
expect $dev counter=9
echo leak > $dev || fail "leak failed"

bad null 1 null-ptr-deref
expect $sys/undone 3
bad lock 2 null-ptr-deref
bad oob 3 out-of-bounds
# One report per failure: the faults' and the failed check's.
expect /sys/kernel/mend/reports 3
# The timer's write succeeds; its callback fails later, in softirq.
echo timer > $dev || fail "timer failed"
wait_restart 4
# CR2 may have changed by the time the die notifier reads it in softirq
# context (the Oops is printed first): either name is right here.
grep -Eq "^(null-ptr-deref|page-fault) in recover_timer" $sys/last_failure ||
	fail "last_failure: $(cat $sys/last_failure)"
expect $dev counter=7
bad double 5 misuse
expect $sys/misuses 1
expect /sys/kernel/mend/reports 5

echo "restarts=0" > $sys/policy || fail "cannot write the policy"
expect $sys/policy "restarts=0 window=60 backoff=100 hang=2000 block=10000"
echo null > $dev 2>/dev/null && fail "null did not fail"
i=0
while [ "$(cat $sys/state)" != disabled ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "not disabled: $(cat $sys/state)"
	sleep 0.1
done
[ -c $dev ] && fail "$dev still there after disabling"

# The recovery lines, for the test's log checks.
dmesg | grep -E "mend: recover: (recovered|disabled)" | sed 's/^\[[^]]*\] //'

rmmod recover || fail "rmmod recover failed"
[ -d $sys ] && fail "$sys still there"
rmmod mend || fail "rmmod mend failed"
echo "recover-test: all checks passed"
