# Files of a dead edu instance (examples/edu, built with injection points)
# must never reach a later one. The edu device structure, with its misc
# device inside, is allocated by probe; after a restart the slab usually
# gives the fresh instance's structure the dead one's address, so a
# revocation keyed by that address would be lifted by the fresh
# misc_register, and a file opened before the restart and closed after
# it would run the fresh instance's release (a kref_put on the fresh
# device: "refcount_t: addition on 0" at the next open).
#
#   1. /dev/edu open on fds 3 and 4; a NULL dereference in the ioctl of
#      another file restarts the driver.
#   2. fds 3 and 4 get EIO (their calls are refused, not run in the
#      fresh instance); fd 3 is closed after the restart, fd 4 stays.
#   3. Fresh opens work; fd 5 is opened on the fresh instance and works.
#   4. A second restart: fd 5 is now stale too, fd 4 still is. Both are
#      closed, and fresh opens work again.
#   5. fd 6 is opened, and a third restart makes it stale: its fresh
#      instance reuses mend's file_operations copy of a dead instance
#      whose files are all closed (kernel-shim/fops.c), and must not
#      revive fd 6 with it.
#   6. No kernel warning, and rmmod leaves nothing behind.
set -u
fail() { echo "edu-revoke: FAIL: $*"; dmesg | tail -40; exit 1; }
sys=/sys/kernel/mend/edu
ctl=/sys/kernel/debug/mend/inject

mount -t debugfs none /sys/kernel/debug 2>/dev/null
[ -w $ctl ] || fail "no $ctl"
[ -c /dev/edu ] || fail "no /dev/edu"

expect() { # expect FILE VALUE
	v=$(cat "$1") || fail "cannot read $1"
	[ "$v" = "$2" ] || fail "$1 is '$v', expected '$2'"
}
wait_state() { # wait_state STATE RESTARTS
	i=0
	while [ "$(cat $sys/state)" != "$1" ] || [ "$(cat $sys/restarts)" != "$2" ]; do
		i=$((i + 1))
		[ $i -lt 150 ] || fail "no $1 after restart $2: state $(cat $sys/state), restarts $(cat $sys/restarts)"
		sleep 0.1
	done
}
fresh_works() { # fresh_WHEN: new opens reach a working instance
	for n in 5 6 7; do
		got=$(edu-ctl fact $n) || fail "$1: edu-ctl fact $n failed"
		case $n in
		5) want=120 ;; 6) want=720 ;; 7) want=5040 ;;
		esac
		[ "$got" = $want ] || fail "$1: $n! = '$got'"
	done
	echo 8 > /dev/edu || fail "$1: write to a fresh open"
	got=$(cat /dev/edu) || fail "$1: read of a fresh open"
	[ "$got" = 40320 ] || fail "$1: read '$got' after writing 8"
	edu-ctl stats > /dev/null || fail "$1: edu-ctl stats"
	echo "edu-revoke: $1: fresh opens work"
}
refused() { # refused WHAT FD: a read or write on FD fails with EIO
	before=$(cat $sys/refused)
	if [ "$1" = read ]; then
		cat <&$2 > /dev/null 2> /tmp/err && fail "read on stale fd $2 succeeded"
	else
		(echo 9 >&$2) 2> /tmp/err && fail "write on stale fd $2 succeeded"
	fi
	grep -q "Input/output error" /tmp/err ||
		fail "$1 on stale fd $2: '$(cat /tmp/err)', expected EIO"
	[ "$(cat $sys/refused)" -gt "$before" ] ||
		fail "$1 on stale fd $2 not counted as refused"
	echo "edu-revoke: $1 on stale fd $2: EIO"
}
restart() { # restart N: a fault in the ioctl of another file
	echo "edu_ioctl null" > $ctl || fail "cannot arm edu_ioctl null"
	edu-ctl stats > /dev/null 2>&1 && fail "the armed ioctl succeeded"
	wait_state running $1
	grep -q "^null-ptr-deref in " $sys/last_failure ||
		fail "last_failure '$(cat $sys/last_failure)'"
	echo "edu-revoke: restart $1 done"
}

expect $sys/state running
fresh_works "before"
exec 3< /dev/edu 4> /dev/edu
echo 3 >&4 || fail "write on fd 4 before the restart"

restart 1
refused read 3
refused write 4
exec 3<&-
sleep 0.5
fresh_works "restart 1, stale fd 3 closed"

exec 5> /dev/edu
echo 4 >&5 || fail "write on fd 5, opened on the fresh instance"
got=$(cat /dev/edu)
[ "$got" = 24 ] || fail "read '$got' after writing 4 on fd 5"
echo "edu-revoke: fd 5 opened after restart 1 works"

restart 2
refused write 5
refused write 4
exec 4>&- 5>&-
sleep 0.5
fresh_works "restart 2, stale fds 4 and 5 closed"

exec 6> /dev/edu
echo 5 >&6 || fail "write on fd 6, opened after restart 2"
restart 3
refused write 6
fresh_works "restart 3, stale fd 6 open"
exec 6>&-
sleep 0.5
fresh_works "restart 3, stale fd 6 closed"

dmesg | grep -E "refcount_t|WARNING|use-after-free" && fail "kernel warning"
rmmod edu || fail "rmmod edu"
dmesg | grep "left behind" && fail "something left behind"
rmmod mend || fail "rmmod mend"
echo "edu-revoke: all checks passed"
