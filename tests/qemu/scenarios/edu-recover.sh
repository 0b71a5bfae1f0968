# The edu example built with the plugin (recovery and injection points),
# loaded after mend.ko, with a user program (edu-ctl run) using the device
# throughout. Each fault is armed through /sys/kernel/debug/mend/inject:
#
#   bounds       a failed bounds check in the ioctl (process context)
#   null         a NULL dereference in the ioctl
#   irq-null     a NULL dereference in the interrupt handler (hardirq)
#   irq-hang     an endless loop in the interrupt handler (interrupts off)
#   lock-hang    an endless loop holding the statistics spinlock
#   double-free  a double free, caught by the kernel-shim
#   block        an uninterruptible wait in the ioctl that never ends,
#                ended by the watchdog's block budget
#   abort        a read blocked in an interruptible wait (no budget)
#                while another call faults: the recovery ends the read
#                (counted as aborted), instead of restarting under it
#
# After each: the driver is running again, restarted once more, holding
# exactly what it held before the fault (mend's tracked list, its line in
# /proc/interrupts, its region in /proc/iomem), and the device computes
# and copies correctly. The user program never sees a wrong result. Then
# the driver unloads cleanly, is loaded again, and a fault on every call
# ends in the policy's disabled state with the device released; both
# modules unload.
set -u
fail() { echo "edu-recover: FAIL: $*"; dmesg | tail -40; exit 1; }
sys=/sys/kernel/mend/edu
ctl=/sys/kernel/debug/mend/inject
pci=/sys/bus/pci/drivers/edu

mount -t debugfs none /sys/kernel/debug 2>/dev/null
[ -w $ctl ] || fail "no $ctl"
[ -c /dev/edu ] || fail "no /dev/edu"

expect() { # expect FILE VALUE
	v=$(cat "$1") || fail "cannot read $1"
	[ "$v" = "$2" ] || fail "$1 is '$v', expected '$2'"
}
# What the driver holds outside mend's own bookkeeping.
irq_lines() { grep -c ' edu$' /proc/interrupts; }
io_regions() { grep -c ': edu$' /proc/iomem; }
wait_state() { # wait_state STATE RESTARTS
	i=0
	while [ "$(cat $sys/state)" != "$1" ] || [ "$(cat $sys/restarts)" != "$2" ]; do
		i=$((i + 1))
		[ $i -lt 150 ] || fail "no $1 after restart $2: state $(cat $sys/state), restarts $(cat $sys/restarts)"
		sleep 0.1
	done
}
device_works() { # device_works SEED
	got=$(edu-ctl fact 12) || fail "edu-ctl fact 12 failed"
	[ "$got" = 479001600 ] || fail "12! = '$got'"
	edu-ctl dma 4095 0 "$1" > /dev/null || fail "dma after the fault"
	# The result a read shows is shared with the user program: only the
	# write's success is checked here.
	echo 7 > /dev/edu || fail "write after the fault"
}

expect $sys/state running
device_works 1
tracked() { sort $sys/tracked; }
tracked_before=$(tracked)
echo "edu-recover: tracked before: $(echo $tracked_before)"
for kind in kzalloc pci_disable_device pci_release_regions pci_iounmap \
	pci_clear_master dma_free_coherent pci_free_irq_vectors free_irq \
	misc_deregister del_timer_sync pci_unregister_driver; do
	echo "$tracked_before" | grep -q "^\(kfree\|$kind\) " ||
		fail "$kind not tracked: $tracked_before"
done
[ "$(irq_lines)" = 1 ] || fail "edu in /proc/interrupts $(irq_lines) times"
[ "$(io_regions)" = 1 ] || fail "edu in /proc/iomem $(io_regions) times"
echo "restarts=10 hang=300 block=500 backoff=10" > $sys/policy || fail "cannot set the policy"

rm -f /tmp/stop
edu-ctl run /tmp/stop > /tmp/run.out 2> /tmp/run.err &
runner=$!

restarts=0
fault() { # fault NAME FUNCTION KIND EXPECTED-KIND
	echo "$2 $3" > $ctl || fail "cannot arm $2 $3"
	restarts=$((restarts + 1))
	wait_state running $restarts
	expect $sys/failures $restarts
	grep -q "^$4 in " $sys/last_failure ||
		fail "$1: last_failure '$(cat $sys/last_failure)', expected $4"
	[ "$(tracked)" = "$tracked_before" ] ||
		fail "$1: holds '$(tracked)', before the fault '$tracked_before'"
	[ "$(irq_lines)" = 1 ] || fail "$1: edu in /proc/interrupts $(irq_lines) times"
	[ "$(io_regions)" = 1 ] || fail "$1: edu in /proc/iomem $(io_regions) times"
	device_works $restarts
	kill -0 $runner 2>/dev/null || fail "$1: the user program stopped: $(cat /tmp/run.out /tmp/run.err)"
	echo "edu-recover: $1 recovered: $(cat $sys/last_failure)"
}
fault bounds edu_ioctl bounds out-of-bounds
fault null edu_ioctl null null-ptr-deref
fault irq-null edu_irq null null-ptr-deref
fault irq-hang edu_irq hang hang
fault lock-hang edu_count hang hang
fault double-free edu_ioctl double-free misuse
expect $sys/misuses 1
fault block edu_ioctl block hang

# A read sleeps in the driver, with no budget to end it; then the ioctl
# faults. The restart must not wait for (or run under) the sleeping read.
fired() { sed 's/.*(fired \([0-9]*\))$/\1/' $ctl; }
before=$(fired)
echo "edu_read sleep" > $ctl || fail "cannot arm edu_read sleep"
dd if=/dev/edu of=/dev/null bs=16 count=1 2> /tmp/sleeper.err &
sleeper=$!
i=0
while [ "$(fired)" = "$before" ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "the read never reached its sleep"
	sleep 0.1
done
kill -0 $sleeper 2>/dev/null || fail "the read did not sleep: $(cat /tmp/sleeper.err)"
# The user program's calls waiting for an interrupt may have been aborted
# by earlier recoveries too.
aborted=$(cat $sys/aborted)
fault abort edu_ioctl null null-ptr-deref
wait $sleeper && fail "the aborted read succeeded"
grep -q "Input/output error" /tmp/sleeper.err ||
	fail "the aborted read: '$(cat /tmp/sleeper.err)', expected EIO"
[ "$(cat $sys/aborted)" -gt "$aborted" ] ||
	fail "aborted still $(cat $sys/aborted) after the sleeping read ended"
dmesg | grep -q "still in the driver" && fail "$(dmesg | grep 'still in the driver')"
echo "edu-recover: the sleeping read was aborted: $(head -1 /tmp/sleeper.err)"

touch /tmp/stop
wait $runner || fail "the user program failed: $(cat /tmp/run.out /tmp/run.err)"
cat /tmp/run.out
grep -q "^run: [1-9][0-9]* rounds ok, [1-9][0-9]* errors, [0-9]* reopens, 0 wrong$" /tmp/run.out ||
	fail "user program: $(cat /tmp/run.out)"
dmesg | grep "mend: edu: recovered" | sed 's/^\[[^]]*\] //'

# Unload after recoveries: nothing left behind, the device released.
rmmod edu || fail "rmmod edu after recoveries"
dmesg | grep -q "left behind" && fail "$(dmesg | grep 'left behind')"
[ "$(irq_lines)" = 0 ] || fail "edu still in /proc/interrupts after rmmod"
[ "$(io_regions)" = 0 ] || fail "edu still in /proc/iomem after rmmod"
echo "edu-recover: unloaded after $restarts recoveries"

# A fault on every call: the policy gives up.
insmod /lib/mend/*-edu.ko || fail "insmod edu again"
[ -c /dev/edu ] || fail "no /dev/edu after reloading"
echo "restarts=2 window=60 backoff=50" > $sys/policy || fail "policy"
echo "edu_ioctl null always" > $ctl || fail "cannot arm always"
i=0
while [ "$(cat $sys/state)" != disabled ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "not disabled: state $(cat $sys/state)"
	edu-ctl fact 3 > /dev/null 2>&1
	sleep 0.1
done
echo off > $ctl
expect $sys/restarts 2
[ -e /dev/edu ] && fail "/dev/edu still there when disabled"
[ "$(irq_lines)" = 0 ] || fail "disabled: edu still in /proc/interrupts"
[ "$(io_regions)" = 0 ] || fail "disabled: edu still in /proc/iomem"
ls $pci | grep -q ':' && fail "disabled: a device still bound to edu"
expect $sys/tracked ""
dmesg | grep "mend: edu: disabled" | sed 's/^\[[^]]*\] //'
rmmod edu || fail "rmmod edu when disabled"
rmmod mend || fail "rmmod mend"
echo "edu-recover: all checks passed"
