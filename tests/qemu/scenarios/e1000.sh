# The real e1000 driver, built out of tree from Debian's linux-source
# (build/linux-drivers/), drives QEMU's e1000 NIC: it binds the device, the
# link comes up, and a few pings to QEMU's user-net gateway (10.0.2.2,
# inside QEMU: no traffic leaves it) are answered. Then the driver unloads.
# The harness loaded our e1000.ko with insmod; the initramfs has no module
# tree, so the kernel's own e1000 cannot have been loaded instead.
set -u
fail() { echo "e1000: FAIL: $*"; exit 1; }

[ -d /sys/module/e1000 ] || fail "e1000 is not loaded"
# An out-of-tree module taints the kernel with O; the kernel's own e1000
# would not.
taint=$(cat /sys/module/e1000/taint)
case "$taint" in *O*) ;; *) fail "e1000 taint '$taint' lacks O: not our out-of-tree build" ;; esac
[ ! -e /lib/modules ] || fail "a kernel module tree is in the initramfs"
if [ -d /sys/module/mend ]; then
	# An instrumented build with checks in it calls into mend.ko.
	if [ -e /sys/module/mend/holders/e1000 ]; then
		echo "e1000: uses mend.ko"
	else
		echo "e1000: does not use mend.ko (no check calls into it)"
	fi
fi
echo "e1000: our e1000.ko is loaded (taint $taint)"

dev=/sys/class/net/eth0
[ -d "$dev" ] || fail "no eth0: $(ls /sys/class/net)"
driver=$(basename "$(readlink "$dev/device/driver")")
[ "$driver" = e1000 ] || fail "eth0 is driven by '$driver', not e1000"
echo "e1000: eth0 bound to e1000, MAC $(cat $dev/address)"

ip link set eth0 up || fail "ip link set eth0 up failed"
i=0
while [ "$(cat $dev/carrier 2>/dev/null)" != 1 ]; do
	i=$((i + 1))
	[ $i -le 100 ] || fail "no carrier 10 s after up (operstate $(cat $dev/operstate))"
	sleep 0.1
done
echo "e1000: link up (operstate $(cat $dev/operstate), speed $(cat $dev/speed 2>/dev/null))"

# QEMU's user networking: the guest is 10.0.2.15, the gateway 10.0.2.2.
ip addr add 10.0.2.15/24 dev eth0 || fail "cannot add 10.0.2.15/24"
tx0=$(cat $dev/statistics/tx_packets) rx0=$(cat $dev/statistics/rx_packets)
out=$(ping -c 5 -W 3 10.0.2.2 2>&1)
echo "$out" | sed 's/^/e1000: | /'
echo "$out" | grep -q ' 5 packets received' || fail "ping 10.0.2.2: not all 5 answered"
tx=$(($(cat $dev/statistics/tx_packets) - tx0)) rx=$(($(cat $dev/statistics/rx_packets) - rx0))
[ $tx -ge 5 ] && [ $rx -ge 5 ] || fail "counters rose by tx $tx, rx $rx; wanted >= 5 each"
echo "e1000: 5 pings answered, tx +$tx rx +$rx"

ip link set eth0 down || fail "ip link set eth0 down failed"
rmmod e1000 || fail "rmmod e1000 failed"
[ ! -d "$dev" ] || fail "eth0 still there after rmmod"
echo "e1000: unloaded"
echo "e1000: PASS"
