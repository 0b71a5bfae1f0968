# Files open on a cdev in memory the driver allocated, across a restart
# (tests/qemu/modules/shim_tour: its minor 0 is a cdev inside a structure
# its init kzallocs; the guest boots with slub_debug, which poisons freed
# memory and reports writes to it).
#
#   1. Minor 0 is open through node st0; a NULL dereference restarts the
#      driver. The undo frees the structure, except that the cdev in it
#      is still held by the file: the block stays until the file goes.
#   2. The stale file's read gets EIO (its calls are refused, not run in
#      the fresh instance). A node of minor 0 never opened before, st0b,
#      reaches the fresh instance's cdev; st0 itself still names the dead
#      one (the kernel forgets it when that cdev goes) and gets EIO.
#   3. The stale file is closed: no use-after-free, st0 reaches the fresh
#      instance. The same again with a file opened on the fresh instance
#      through st0b and a second restart (both nodes name that instance's
#      cdev then; st0c, new, reaches the next one).
#   4. rmmod leaves nothing behind.
set -u
fail() { echo "shim-cdev-revoke: FAIL: $*"; dmesg | tail -40; exit 1; }
sys=/sys/kernel/mend/shim_tour
dev=/dev/shim_tour
ctl=/sys/kernel/debug/mend/inject

mount -t debugfs none /sys/kernel/debug 2>/dev/null
[ -w $ctl ] || fail "no $ctl"
[ -c $dev ] || fail "no $dev"
major=$(awk '$2 == "shim_tour" { print $1 }' /proc/devices)
[ -n "$major" ] || fail "no shim_tour in /proc/devices"
mknod /tmp/st0 c "$major" 0 || fail "mknod st0"
mknod /tmp/st0b c "$major" 0 || fail "mknod st0b"
mknod /tmp/st0c c "$major" 0 || fail "mknod st0c"

reads() { # reads NODE WHEN: the node reaches a live instance
	got=$(cat $1 2> /tmp/err) || fail "$2: $1: $(cat /tmp/err)"
	[ "$got" = tour0 ] || fail "$2: $1 reads '$got'"
}
eio() { # eio WHAT WHEN
	grep -q "Input/output error" /tmp/err || fail "$1 ($2): '$(cat /tmp/err)', expected EIO"
}
restart() { # restart N
	echo "tour_step null" > $ctl || fail "cannot arm tour_step null"
	echo -ne "krealloc\0" > $dev 2> /dev/null && fail "the armed write succeeded"
	i=0
	while [ "$(cat $sys/state)" != running ] || [ "$(cat $sys/restarts)" != "$1" ]; do
		i=$((i + 1))
		[ $i -lt 150 ] || fail "no restart $1: state $(cat $sys/state)"
		sleep 0.1
	done
}

tracked_before=$(sort $sys/tracked)
reads /tmp/st0 "before"
exec 5< /tmp/st0
restart 1
refused=$(cat $sys/refused)
cat <&5 > /dev/null 2> /tmp/err && fail "the stale file read after restart 1"
eio "the stale file's read" "restart 1"
[ "$(cat $sys/refused)" -gt "$refused" ] || fail "the stale read was not refused"
echo "shim-cdev-revoke: restart 1: read on the stale file: EIO"
reads /tmp/st0b "restart 1, stale file open"
cat /tmp/st0 > /dev/null 2> /tmp/err && fail "st0 opened while it names the dead cdev"
eio "open of st0" "restart 1"
exec 5<&-
reads /tmp/st0 "restart 1, stale file closed"
reads /tmp/st0b "restart 1, stale file closed"
echo "shim-cdev-revoke: restart 1: stale file closed, both nodes reach the fresh instance"

exec 6< /tmp/st0b
restart 2
cat <&6 > /dev/null 2> /tmp/err && fail "the stale file read after restart 2"
eio "the stale file's read" "restart 2"
reads /tmp/st0c "restart 2, stale file open"
cat /tmp/st0 > /dev/null 2> /tmp/err && fail "st0 opened while it names the dead cdev"
eio "open of st0" "restart 2"
exec 6<&-
reads /tmp/st0 "restart 2, stale file closed"
reads /tmp/st0b "restart 2, stale file closed"
echo "shim-cdev-revoke: restart 2: stale file refused, closed, both nodes reach the fresh instance"

[ "$(sort $sys/tracked)" = "$tracked_before" ] ||
	fail "holds '$(sort $sys/tracked)', before '$tracked_before'"
dmesg | grep -E "refcount_t|WARNING|Poison|Object already free|use-after-free" &&
	fail "kernel warning"
rmmod shim_tour || fail "rmmod shim_tour"
dmesg | grep "left behind" && fail "something left behind"
rmmod mend || fail "rmmod mend"
echo "shim-cdev-revoke: all checks passed"
