# The ethtool settings a NIC driver keeps must outlive a mend restart
# (tests/net/CMakeLists.txt). Run by busybox sh in a tools/mend-qemu guest,
# with net-ethtool at /bin/net-ethtool. Parameters come from the kernel
# command line (mend-qemu --append 'ETH_DRIVER=e1000 ETH_MSGLEVEL=0x15
# ...'), which the kernel hands to init, and so to the scenario, as
# environment variables:
#
#   ETH_DRIVER    the module that must drive eth0 (e1000, rtl8139, ...)
#   ETH_MSGLEVEL  the message level to set
#   ETH_RING      RX:TX ring sizes to set; empty: the driver has none
#   ETH_PAUSE     AUTONEG:RX:TX pause settings to set, each on or off;
#                 empty: the driver has none
#   ETH_FAULTS    faults armed one after the other once the settings are
#                 made, comma-separated FUNCTION:KIND, each written as
#                 "FUNCTION KIND" to /sys/kernel/debug/mend/inject (a driver
#                 built with injection points); empty: no fault
#
# eth0 comes up with 10.0.2.15/24; each setting must differ from the
# driver's default (else a lost setting would go unseen), and after it is
# set "net-ethtool eth0 get" must show it. Then, for each fault: it is
# armed and pings to QEMU's gateway 10.0.2.2 (inside QEMU: nothing leaves
# it) run into it; the driver's mend restart count must rise, its state be
# running again, and every setting still be what was set. At the end the
# settings are checked once more ("after"), eth0 must be up with carrier
# and the same ifindex, and pings answered. The interface goes down and
# the driver unloads: "ethtool: PASS".
set -u
drv=${ETH_DRIVER:-e1000}
msglevel=${ETH_MSGLEVEL:-0x15}
ring=${ETH_RING:-}
pause=${ETH_PAUSE:-}
faults=${ETH_FAULTS:-}
dev=/sys/class/net/eth0
inject=/sys/kernel/debug/mend/inject
mend=/sys/kernel/mend/$drv

fail() {
	echo "ethtool: FAIL: $*"
	[ -d "$mend" ] &&
		echo "ethtool: | mend state $(cat $mend/state), failures $(cat $mend/failures), restarts $(cat $mend/restarts)"
	dmesg | tail -30 | sed 's/^/ethtool: | /'
	exit 1
}

wait_carrier() { # wait_carrier WHAT
	i=0
	while [ "$(cat $dev/carrier 2>/dev/null)" != 1 ]; do
		i=$((i + 1))
		[ $i -le 100 ] || fail "no carrier 10 s after $1 (operstate $(cat $dev/operstate))"
		sleep 0.1
	done
}

ping_gateway() { # ping_gateway WHEN
	out=$(ping -c 3 -W 3 10.0.2.2 2>&1)
	echo "$out" | sed 's/^/ethtool: | /'
	echo "$out" | grep -q ' 3 packets received' ||
		fail "ping 10.0.2.2 $1: not all 3 answered"
}

# The lines "net-ethtool eth0 get" must print for what was set.
msglevel_hex=$(printf '0x%x' "$msglevel") || fail "ETH_MSGLEVEL '$msglevel' is no number"
want="net-ethtool: eth0 msglevel $msglevel_hex"
if [ -n "$ring" ]; then
	want="$want
net-ethtool: eth0 ring rx ${ring%%:*} tx ${ring#*:}"
fi
if [ -n "$pause" ]; then
	set -- $(echo "$pause" | tr ':' ' ')
	[ $# = 3 ] || fail "ETH_PAUSE '$pause' is not AUTONEG:RX:TX"
	want="$want
net-ethtool: eth0 pause autoneg $1 rx $2 tx $3"
fi

# Every wanted line is one of "get"'s lines ("all"), or none is ("none").
check() { # check all|none WHEN
	got=$(net-ethtool eth0 get) || fail "net-ethtool eth0 get failed $2: $got"
	echo "$got" | sed "s/^/ethtool: $2: /"
	bad=
	while IFS= read -r line; do
		if echo "$got" | grep -qxF "$line"; then
			[ "$1" = none ] && bad="$bad '${line#net-ethtool: eth0 }'"
		else
			[ "$1" = all ] && bad="$bad '${line#net-ethtool: eth0 }'"
		fi
	done <<-EOF
	$want
	EOF
	[ -z "$bad" ] && return
	[ "$1" = all ] && fail "$2, not as set:$bad"
	fail "$2, already the default (a lost setting would go unseen):$bad"
}

[ -d "/sys/module/$drv" ] || fail "module $drv is not loaded"
[ -d $dev ] || fail "no eth0: $(ls /sys/class/net)"
bound=$(basename "$(readlink $dev/device/driver)")
[ "$bound" = "$drv" ] || fail "eth0 is driven by '$bound', not $drv"
echo "ethtool: eth0 bound to $drv (taint $(cat /sys/module/$drv/taint))"
if [ -n "$faults" ]; then
	[ -w $inject ] || fail "ETH_FAULTS given but no $inject (a driver with injection points?)"
	[ -d "$mend" ] || fail "ETH_FAULTS given but $drv is not instrumented"
fi

ip link set eth0 up || fail "ip link set eth0 up failed"
wait_carrier "up"
ip addr add 10.0.2.15/24 dev eth0 || fail "cannot add 10.0.2.15/24"
ifindex=$(cat $dev/ifindex)
check none "by default"

net-ethtool eth0 set msglevel "$msglevel" || fail "cannot set msglevel $msglevel"
if [ -n "$ring" ]; then
	net-ethtool eth0 set ring ${ring%%:*} ${ring#*:} || fail "cannot set ring $ring"
fi
if [ -n "$pause" ]; then
	net-ethtool eth0 set pause $(echo "$pause" | tr ':' ' ') || fail "cannot set pause $pause"
fi
# Ring and pause changes take e1000 down and up: the link comes back.
wait_carrier "the settings"
check all "set"
ping_gateway "with the settings"

for fault in $(echo "$faults" | tr ',' ' '); do
	restarts=$(cat $mend/restarts)
	what=$(echo "$fault" | tr ':' ' ')
	echo "$what" > $inject || fail "cannot arm '$what'"
	echo "ethtool: fault '$what' armed"
	# The pings run into the fault; the packet in flight is sent again.
	ping -c 3 -W 3 10.0.2.2 > /dev/null 2>&1
	i=0
	while [ "$(cat $mend/restarts)" -le "$restarts" ] ||
	      [ "$(cat $mend/state)" != running ]; do
		i=$((i + 1))
		[ $i -le 200 ] || fail "no restart 20 s after fault '$what'"
		sleep 0.1
	done
	restarts=$(cat $mend/restarts)
	echo "ethtool: mend: state $(cat $mend/state), failures $(cat $mend/failures), restarts $restarts"
	wait_carrier "the restart"
	check all "after restart $restarts"
done

[ "$(cat $dev/ifindex)" = "$ifindex" ] || fail "ifindex $(cat $dev/ifindex), was $ifindex"
check all "after"
echo "ethtool: every setting kept"
ping_gateway "after"

ip link set eth0 down || fail "ip link set eth0 down failed"
rmmod "$drv" || fail "rmmod $drv failed"
[ ! -d $dev ] || fail "eth0 still there after rmmod"
dmesg | grep "mend: $drv: " | sed 's/^\[[^]]*\] /ethtool: | /'
echo "ethtool: $drv unloaded"
echo "ethtool: PASS"
