# Every device the harness offers appears with its driver bound:
# two e1000 on one QEMU hub (a frame sent on one arrives on the other),
# an rtl8139 (QEMU models the C+ chip: 8139cp) on restricted user networking, edu, and a virtio disk.
set -u
fail() { echo "devices: FAIL: $*"; exit 1; }

driver_of() { basename "$(readlink "/sys/class/net/$1/device/driver")"; }
e1000s=""
rtl=""
for dev in /sys/class/net/eth*; do
	n=${dev##*/}
	case "$(driver_of "$n")" in
	e1000) e1000s="$e1000s $n" ;;
	8139cp) rtl=$n ;;
	esac
done
set -- $e1000s
[ $# = 2 ] || fail "wanted two e1000 NICs, found: $e1000s"
a=$1 b=$2
[ -n "$rtl" ] || fail "no rtl8139 NIC"
echo "devices: e1000 $a $b, rtl8139 $rtl"
[ "$(cat /sys/class/net/$a/address)" = 52:54:00:12:34:56 ] || fail "$a has MAC $(cat /sys/class/net/$a/address)"

# The hub joins the two e1000: broadcast ARP from one reaches the other.
ip link set "$a" up && ip link set "$b" up && ip addr add 10.99.0.1/24 dev "$a" ||
	fail "cannot bring the e1000 NICs up"
sleep 3
before=$(cat /sys/class/net/$b/statistics/rx_packets)
arping -c 3 -I "$a" 10.99.0.2 >/dev/null 2>&1
after=$(cat /sys/class/net/$b/statistics/rx_packets)
[ "$after" -ge $((before + 3)) ] || fail "$b received $((after - before)) frames, wanted >= 3"
echo "devices: $b received $((after - before)) frames sent on $a"

edu=$(grep -l '^0x11e8$' /sys/bus/pci/devices/*/device | head -n1)
[ -n "$edu" ] && [ "$(cat "${edu%/device}/vendor")" = 0x1234 ] || fail "no edu PCI device"
echo "devices: edu at ${edu%/device}"

[ -b /dev/vda ] || fail "no /dev/vda"
[ "$(cat /sys/block/vda/size)" = 65536 ] || fail "vda has $(cat /sys/block/vda/size) sectors, wanted 65536"
dd if=/dev/urandom of=/tmp/pattern bs=1M count=4 2>/dev/null
dd if=/tmp/pattern of=/dev/vda bs=1M conv=fsync 2>/dev/null || fail "cannot write vda"
echo 3 > /proc/sys/vm/drop_caches
want=$(sha256sum < /tmp/pattern)
got=$(dd if=/dev/vda bs=1M count=4 2>/dev/null | sha256sum)
[ "$want" = "$got" ] || fail "vda returned other data than written"
echo "devices: vda 32 MiB, 4 MiB written and read back"
echo "devices: all present"
