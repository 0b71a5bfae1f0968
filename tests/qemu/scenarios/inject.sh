# Faults armed through /sys/kernel/debug/mend/inject in a driver built with
# the plugin (tests/qemu/modules/inject_target, loaded after mend.ko). Each
# armed write() must fail with EIO, the driver restart (its write counter
# back to 0, its init buffer allocated afresh) and work again. The hang is
# a loop with interrupts on that only the plugin's loop polls can end,
# within the policy's hang budget.
set -u
fail() { echo "inject-test: FAIL: $*"; dmesg | tail -30; exit 1; }
sys=/sys/kernel/mend/inject_target
dev=/dev/inject_target
ctl=/sys/kernel/debug/mend/inject

mount -t debugfs none /sys/kernel/debug 2>/dev/null
[ -w $ctl ] || fail "no $ctl"
[ -c $dev ] || fail "no $dev"

expect() { # expect FILE VALUE
	v=$(cat "$1") || fail "cannot read $1"
	[ "$v" = "$2" ] || fail "$1 is '$v', expected '$2'"
}
wait_restart() {
	i=0
	while [ "$(cat $sys/restarts)" != "$1" ] || [ "$(cat $sys/state)" != running ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "no restart $1: state $(cat $sys/state)"
		sleep 0.1
	done
}
inject() { # inject KIND RESTART
	echo x > $dev && echo x > $dev || fail "writes fail before '$1'"
	expect $dev "writes=2 sum=2016"
	echo "inject_target_write $1" > $ctl || fail "cannot arm $1"
	if echo x > $dev 2>/tmp/err; then fail "armed '$1' write did not fail"; fi
	grep -q "Input/output error" /tmp/err || fail "'$1': $(cat /tmp/err)"
	wait_restart "$2"
	grep -q " (fired $2)$" $ctl || fail "inject: $(cat $ctl)"
	expect $dev "writes=0 sum=2016"
	echo "inject-test: $1 recovered: $(cat $sys/last_failure)"
}

# Bad arming is refused and arms nothing.
if echo "inject_target_write melt" > $ctl 2>/dev/null; then fail "unknown kind accepted"; fi
expect $ctl "off (fired 0)"

echo "hang=300" > $sys/policy || fail "cannot set the hang budget"
inject null 1
inject bounds 2
inject trap 3
inject hang 4
expect $sys/failures 4
dmesg | grep "mend: inject_target: recovered" | sed 's/^\[[^]]*\] //'
rmmod inject_target || fail "rmmod inject_target"
rmmod mend || fail "rmmod mend"
echo "inject-test: all checks passed"
