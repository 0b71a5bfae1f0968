# A NIC's receive mode must be in its hardware filter again after a mend
# restart: the multicast list and promiscuous mode the user set
# (tests/net/CMakeLists.txt). The kernel keeps the interface's flags and
# address lists across the restart, so reading them proves nothing: this
# scenario counts the frames the chip lets through.
#
# Run by busybox sh in a tools/mend-qemu guest with two NICs on one
# QEMU-internal hub (no way out of QEMU) and net-frames at /bin/net-frames.
# Parameters come from the kernel command line (mend-qemu --append
# 'RX_DRIVER=e1000 ...'), which the kernel hands to init, and so to the
# scenario, as environment variables:
#
#   RX_DRIVER   the module that drives the NIC under test (e1000, rtl8139)
#   RX_PEER     the module that drives the other NIC, the sender
#               (default virtio_net)
#   RX_FAULTS   FIRST,SECOND: two faults FUNCTION:KIND, each written as
#               "FUNCTION KIND" to /sys/kernel/debug/mend/inject (a driver
#               built with injection points): the first while the NIC
#               filters, the second while it is promiscuous. Empty: no
#               fault (a plain driver: the scenario and the tool are right)
#   RX_COUNT    frames sent for each check (default 50)
#   RX_WAIT_MS  how long a check waits for the end marker that follows its
#               frames (default 5000: a link that carries nothing fails)
#
# Each check sends RX_COUNT frames from the peer to one destination and
# counts how many the NIC under test receives (net-frames count: ethertype
# 0x88b5, the peer's source MAC, this run's tag in the payload; counted
# until an end marker sent after them to the NIC's own MAC is in), for four
# destinations: the NIC's own MAC, the group it joined (net-frames join,
# kept in the background for the whole run), another group, and a foreign
# unicast MAC. The other group's hash differs from every group the NIC is
# in (rtl8139's 64-bin hash), so a filter that passes it is not filtering.
#
#   filtering                    own all, joined all, other none, foreign none
#   fault 1, then the same       (the multicast list is in the chip again)
#   promiscuous (ip link ... promisc on): all four all
#   fault 2, then the same       (promiscuous mode is in the chip again)
#   promisc off: filtering again (the fresh instance can still leave it)
#
# Each fault must end in one more mend restart, state running and carrier.
# Then the group is left, the interface goes down and the driver unloads:
# "rxmode: PASS".
set -u
drv=${RX_DRIVER:-e1000}
peer_drv=${RX_PEER:-virtio_net}
faults=${RX_FAULTS:-}
count=${RX_COUNT:-50}
wait_ms=${RX_WAIT_MS:-5000}
inject=/sys/kernel/debug/mend/inject
mend=/sys/kernel/mend/$drv
# Locally administered addresses, no IP multicast: nobody else's.
joined=03:6d:65:6e:64:01
other=03:6d:65:6e:64:02
foreign=02:6d:65:6e:64:01
nic=
peer=
join_pid=

fail() {
	echo "rxmode: FAIL: $*"
	[ -d "$mend" ] &&
		echo "rxmode: | mend state $(cat $mend/state), failures $(cat $mend/failures), restarts $(cat $mend/restarts)"
	[ -n "$nic" ] && echo "rxmode: | $nic flags $(cat /sys/class/net/$nic/flags 2>/dev/null)"
	sed 's/^/rxmode: | dev_mcast /' /proc/net/dev_mcast
	dmesg | tail -30 | sed 's/^/rxmode: | /'
	[ -n "$join_pid" ] && kill $join_pid 2>/dev/null
	exit 1
}

wait_carrier() { # wait_carrier IFACE WHAT
	i=0
	while [ "$(cat /sys/class/net/$1/carrier 2>/dev/null)" != 1 ]; do
		i=$((i + 1))
		[ $i -le 100 ] || fail "$1: no carrier 10 s after $2"
		sleep 0.1
	done
}

# The interfaces by the driver bound to their device.
for d in /sys/class/net/*; do
	[ -e "$d/device/driver" ] || continue
	case "$(basename "$(readlink "$d/device/driver")")" in
	"$drv") nic=$(basename "$d") ;;
	"$peer_drv") peer=$(basename "$d") ;;
	esac
done
[ -n "$nic" ] || fail "no interface driven by $drv: $(ls /sys/class/net)"
[ -n "$peer" ] || fail "no interface driven by $peer_drv: $(ls /sys/class/net)"
nic_mac=$(cat /sys/class/net/$nic/address)
peer_mac=$(cat /sys/class/net/$peer/address)
echo "rxmode: $nic ($nic_mac) bound to $drv (taint $(cat /sys/module/$drv/taint)), $peer ($peer_mac) to $peer_drv"

first=
second=
if [ -n "$faults" ]; then
	first=$(echo "${faults%%,*}" | tr ':' ' ')
	second=$(echo "${faults#*,}" | tr ':' ' ')
	[ "${faults#*,}" != "$faults" ] && [ -n "$first" ] && [ -n "$second" ] ||
		fail "RX_FAULTS '$faults' is not FIRST,SECOND"
	[ -w $inject ] || fail "RX_FAULTS given but no $inject (a driver with injection points?)"
	[ -d "$mend" ] || fail "RX_FAULTS given but $drv is not instrumented"
fi

ip link set $peer up || fail "ip link set $peer up failed"
ip link set $nic up || fail "ip link set $nic up failed"
wait_carrier $peer "up"
wait_carrier $nic "up"

net-frames join $nic $joined > /tmp/join.out &
join_pid=$!
i=0
while ! grep -q "^ *[0-9]* *$nic .* $(echo $joined | tr -d :)\$" /proc/net/dev_mcast; do
	i=$((i + 1))
	[ $i -le 50 ] || fail "$joined not in $nic's multicast list 5 s after net-frames join: $(cat /tmp/join.out)"
	sleep 0.1
done
cat /tmp/join.out | sed 's/^/rxmode: /'

# What the kernel holds: the promiscuous flag (IFF_PROMISC 0x100) and the
# joined group. Not the point of the test, but it must be so.
kernel_state() { # kernel_state PHASE on|off
	flags=$(cat /sys/class/net/$nic/flags)
	if [ $((flags & 0x100)) != 0 ]; then promisc=on; else promisc=off; fi
	[ $promisc = $2 ] || fail "$1: $nic flags $flags: promiscuous $promisc, wanted $2"
	grep -q " $nic .* $(echo $joined | tr -d :)\$" /proc/net/dev_mcast ||
		fail "$1: $joined no longer in $nic's multicast list"
}

# check PHASE WHAT DSTMAC all|none: RX_COUNT frames from the peer to
# DSTMAC; all or none of them must reach the NIC under test.
check() {
	out=$(net-frames count $peer $nic $3 $count $wait_ms) ||
		fail "$1: net-frames count $peer $nic $3: $out"
	got=$(echo "$out" | sed -n "s/^net-frames: $nic received \([0-9]*\) of $count frames to $3, 0 duplicates\$/\1/p")
	[ -n "$got" ] || fail "$1: $2: $out"
	echo "rxmode: $1: $2 $got of $count"
	if [ $4 = all ]; then want=$count; else want=0; fi
	[ "$got" = $want ] || fail "$1: $2: $got of $count frames to $3 received, wanted $want"
}

filtering() { # filtering PHASE
	kernel_state "$1" off
	check "$1" "to its own MAC" $nic_mac all
	check "$1" "to the joined group" $joined all
	check "$1" "to another group" $other none
	check "$1" "to a foreign MAC" $foreign none
}

promiscuous() { # promiscuous PHASE
	kernel_state "$1" on
	check "$1" "to its own MAC" $nic_mac all
	check "$1" "to the joined group" $joined all
	check "$1" "to another group" $other all
	check "$1" "to a foreign MAC" $foreign all
}

# fault 'FUNCTION KIND': arm it, make the NIC transmit and receive until
# mend has restarted the driver, then wait for the link.
fault() {
	restarts=$(cat $mend/restarts)
	echo "$1" > $inject || fail "cannot arm '$1'"
	echo "rxmode: fault '$1' armed"
	i=0
	while [ "$(cat $mend/restarts)" -le "$restarts" ] ||
	      [ "$(cat $mend/state)" != running ]; do
		# Frames out of the NIC (its transmit function) and into it
		# (interrupt, NAPI poll, receive routine), while nothing failed.
		if [ $((i % 10)) = 0 ] && [ "$(cat $mend/restarts)" -le "$restarts" ] &&
		   [ "$(cat $mend/state)" = running ]; then
			net-frames send $nic $peer_mac 5 > /dev/null
			net-frames send $peer $nic_mac 5 > /dev/null
		fi
		i=$((i + 1))
		[ $i -le 200 ] || fail "no restart 20 s after fault '$1'"
		sleep 0.1
	done
	echo "rxmode: mend: state $(cat $mend/state), failures $(cat $mend/failures), restarts $(cat $mend/restarts)"
	wait_carrier $nic "restart $(cat $mend/restarts)"
}

filtering "filtering"
if [ -n "$first" ]; then
	fault "$first"
	filtering "filtering after restart 1"
fi

ip link set $nic promisc on || fail "ip link set $nic promisc on failed"
promiscuous "promiscuous"
if [ -n "$second" ]; then
	fault "$second"
	promiscuous "promiscuous after restart 2"
fi

ip link set $nic promisc off || fail "ip link set $nic promisc off failed"
filtering "filtering again"
echo "rxmode: the chip filtered as configured throughout"

kill $join_pid
wait $join_pid 2>/dev/null
join_pid=
grep -q " $nic .* $(echo $joined | tr -d :)\$" /proc/net/dev_mcast &&
	fail "$joined still in $nic's multicast list after net-frames ended"
ip link set $nic down || fail "ip link set $nic down failed"
rmmod "$drv" || fail "rmmod $drv failed"
[ ! -d /sys/class/net/$nic ] || fail "$nic still there after rmmod"
dmesg | grep "mend: $drv: " | sed 's/^\[[^]]*\] /rxmode: | /'
echo "rxmode: $drv unloaded"
echo "rxmode: PASS"
