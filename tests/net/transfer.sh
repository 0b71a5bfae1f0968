# A host-to-guest TCP transfer through a NIC driver the harness loaded
# (tests/net/CMakeLists.txt; the host side is tests/lib/net-transfer).
# Run by busybox sh in a tools/mend-qemu guest, with net-recv at
# /bin/net-recv. Parameters come from the kernel command line (mend-qemu
# --append 'NET_DRIVER=rtl8139 NET_PORT=18120'): the kernel hands unknown
# NAME=VALUE words to init as environment variables, and the scenario
# inherits them.
#
#   NET_DRIVER   the module that must drive eth0 (rtl8139, e1000, ...)
#   NET_PORT     the guest port to listen on (hostfwd's GUEST side)
#   NET_MTU      the MTU set before the transfer (default 1400)
#   NET_MAC      the MAC address set before (default 52:54:00:6d:65:6e)
#   NET_IDLE     seconds the receiver waits for data before failing (60)
#   NET_FAULTS   faults to arm during the transfer, comma-separated
#                BYTES:FUNCTION:KIND[:always], BYTES with an optional K or
#                M suffix: once eth0's rx_bytes has risen by BYTES since the
#                receiver started listening, "FUNCTION KIND [always]" is
#                written to /sys/kernel/debug/mend/inject (a driver built
#                with injection points, e.g. rtl8139_inject). In order.
#   NET_PING_FAULT  FUNCTION:KIND armed during the ping flood, before its
#                request 500 of 2000 (net-ping -F)
#   NET_POLICY   the driver's mend policy, keys joined by ':' (e.g.
#                restarts=10:backoff=5), written before the transfer
#
# The driver must be ours (an out-of-tree module, taint O, and no module
# tree in the initramfs that the kernel could have taken its own from) and
# bound to eth0. Its ethtool settings are read (net-ethtool). The
# interface gets the MAC, comes up with carrier, gets 10.0.2.15/24, the
# MTU and a second address 10.0.2.99/24; then "net: listening on PORT",
# the transfer, "net: received BYTES bytes sha256 HEX" (net-recv). After
# it the MTU, the MAC, both addresses and the ifindex must be what they
# were (a recovery must keep the interface's identity and configuration),
# the interface still up with carrier. Then a flood of 2000 pings to
# QEMU's gateway 10.0.2.2 (inside QEMU: nothing leaves it) loses nothing,
# or with NET_PING_FAULT only requests in flight at the fault (net-ping);
# the identity is checked again, and pings small and of the full MTU are
# answered. Then the interface goes down and the driver unloads: "net:
# PASS".
#
# What the user sees is also a transcript of "diff: " lines, the last one
# "diff: end of transcript", that tests/differential/driver-diff.sh
# compares between the plain and the instrumented build: the driver and
# the card's MAC, the ethtool settings, the interface's configuration, the
# transfer's size and digest, the flood's counts, the pings' summaries,
# error counters, the unload. Only what repeats from boot to boot: not
# the packet counts of a TCP transfer, its speed or the missed-frame
# counters (they depend on timing), nothing about mend. A failure stops
# the scenario before the end line.
set -u
drv=${NET_DRIVER:-rtl8139}
port=${NET_PORT:-5001}
mtu=${NET_MTU:-1400}
mac=${NET_MAC:-52:54:00:6d:65:6e}
idle=${NET_IDLE:-60}
faults=${NET_FAULTS:-}
ping_fault=${NET_PING_FAULT:-}
dev=/sys/class/net/eth0
inject=/sys/kernel/debug/mend/inject

# keep FILE COMMAND...: run COMMAND with its output shown as it comes and
# kept in FILE; COMMAND's exit status.
keep() {
	f=$1
	shift
	{
		"$@"
		echo $? >"$f.status"
	} 2>&1 | tee "$f"
	return "$(cat "$f.status")"
}

fail() {
	echo "net: FAIL: $*"
	grep -E "CPU|eth0" /proc/interrupts | sed 's/^/net: | /'
	for f in rx_packets rx_bytes rx_errors rx_missed_errors rx_dropped tx_packets tx_errors tx_dropped; do
		printf '%s %s ' $f "$(cat $dev/statistics/$f 2>/dev/null)"
	done | sed 's/^/net: | /; s/$/\n/'
	[ -d "/sys/kernel/mend/$drv" ] &&
		echo "net: | mend state $(cat /sys/kernel/mend/$drv/state), failures $(cat /sys/kernel/mend/$drv/failures), restarts $(cat /sys/kernel/mend/$drv/restarts)"
	dmesg | tail -30 | sed 's/^/net: | /'
	exit 1
}

# "8M" -> 8388608
bytes() {
	case "$1" in
	*[Kk]) echo $((${1%?} * 1024)) ;;
	*[Mm]) echo $((${1%?} * 1024 * 1024)) ;;
	*) echo $(($1)) ;;
	esac
}

[ -d "/sys/module/$drv" ] || fail "module $drv is not loaded"
taint=$(cat "/sys/module/$drv/taint")
case "$taint" in *O*) ;; *) fail "$drv taint '$taint' lacks O: not our out-of-tree build" ;; esac
[ ! -e /lib/modules ] || fail "a kernel module tree is in the initramfs"
[ -d $dev ] || fail "no eth0: $(ls /sys/class/net)"
bound=$(basename "$(readlink $dev/device/driver)")
[ "$bound" = "$drv" ] || fail "eth0 is driven by '$bound', not $drv"
if [ -d /sys/module/mend ]; then
	if [ -d "/sys/kernel/mend/$drv" ]; then
		echo "net: $drv is instrumented, mend state $(cat "/sys/kernel/mend/$drv/state")"
	else
		echo "net: mend.ko loaded, $drv not instrumented"
	fi
fi
echo "diff: eth0 bound to $drv (taint $taint), MAC $(cat $dev/address)"
keep /tmp/ethtool.out net-ethtool eth0 get || fail "net-ethtool eth0 get failed"
sed 's/^/diff: /' /tmp/ethtool.out

wait_carrier() { # wait_carrier WHAT
	i=0
	while [ "$(cat $dev/carrier 2>/dev/null)" != 1 ]; do
		i=$((i + 1))
		[ $i -le 100 ] || fail "no carrier 10 s after $1 (operstate $(cat $dev/operstate))"
		sleep 0.1
	done
}

# The interface must be as it was configured: its identity and settings.
check_identity() { # check_identity WHEN
	[ -d $dev ] || fail "eth0 gone $1"
	[ "$(cat $dev/ifindex)" = "$ifindex" ] || fail "ifindex $(cat $dev/ifindex) $1, was $ifindex"
	[ "$(cat $dev/mtu)" = "$mtu" ] || fail "MTU $(cat $dev/mtu) $1, was $mtu"
	[ "$(cat $dev/address)" = "$mac" ] || fail "MAC $(cat $dev/address) $1, was $mac"
	addrs=$(ip -4 addr show dev eth0)
	for a in 10.0.2.15/24 10.0.2.99/24; do
		echo "$addrs" | grep -q "inet $a " || fail "address $a gone $1: $addrs"
	done
	[ "$(cat $dev/carrier 2>/dev/null)" = 1 ] || fail "no carrier $1"
	echo "diff: $1: ifindex $ifindex, MTU $mtu, MAC $mac, both addresses, carrier"
}

# A MAC address of the user's, not the card's: a fresh instance reads the
# card's again, and mend must give it this one back.
ip link set eth0 address "$mac" || fail "cannot set MAC $mac"
ip link set eth0 up || fail "ip link set eth0 up failed"
wait_carrier "up"
ip addr add 10.0.2.15/24 dev eth0 || fail "cannot add 10.0.2.15/24"
ip link set eth0 mtu "$mtu" || fail "cannot set MTU $mtu"
ip addr add 10.0.2.99/24 dev eth0 || fail "cannot add 10.0.2.99/24"
# Some drivers reset the chip for a new MTU (e1000): the link comes back
# a moment later.
wait_carrier "setting the MTU"
ifindex=$(cat $dev/ifindex)
[ "$(cat $dev/mtu)" = "$mtu" ] || fail "MTU is $(cat $dev/mtu) after setting $mtu"
echo "diff: eth0 up: carrier, ifindex $ifindex, MTU $mtu, MAC $mac, 10.0.2.15/24 and 10.0.2.99/24"

if [ -n "${NET_POLICY:-}" ]; then
	echo "$NET_POLICY" | tr ':' ' ' > "/sys/kernel/mend/$drv/policy" ||
		fail "cannot set policy '$NET_POLICY'"
	echo "net: mend policy $(cat "/sys/kernel/mend/$drv/policy")"
fi
if [ -n "$faults" ]; then
	[ -w $inject ] || fail "NET_FAULTS given but no $inject (mend.ko with injection points?)"
fi

rx0=$(cat $dev/statistics/rx_bytes)
keep /tmp/recv.out net-recv -i "$idle" "$port" &
recv=$!

# Arm each fault once rx_bytes has risen by its threshold.
for spec in $(echo "$faults" | tr ',' ' '); do
	at=$(bytes "${spec%%:*}") || fail "NET_FAULTS: bad byte count in '$spec'"
	what=$(echo "${spec#*:}" | tr ':' ' ')
	while :; do
		# eth0 may be away for a moment, or back with counters from 0.
		rx=$(($(cat $dev/statistics/rx_bytes 2>/dev/null || echo 0) - rx0))
		[ $rx -lt 0 ] && rx0=0 && continue
		[ $rx -ge "$at" ] && break
		kill -0 $recv 2>/dev/null || break
		sleep 0.05
	done
	kill -0 $recv 2>/dev/null || fail "the transfer ended before fault '$spec' (rx_bytes +$rx)"
	echo "$what" > $inject || fail "cannot arm '$what'"
	echo "net: fault '$what' armed at rx_bytes +$rx"
done

wait $recv
status=$?
[ $status = 0 ] || fail "net-recv exited $status"
sed -n 's/^net: received/diff: received/p' /tmp/recv.out

check_identity "after the transfer"

m=/sys/kernel/mend/$drv
flood_tx0=$(cat $dev/statistics/tx_packets) flood_rx0=$(cat $dev/statistics/rx_packets)
if [ -n "$ping_fault" ]; then
	keep /tmp/ping.out net-ping -c 2000 -F "$(echo "$ping_fault" | tr ':' ' ')" \
		-a 500 -m "$m" 10.0.2.2 || fail "net-ping across '$ping_fault' failed"
else
	keep /tmp/ping.out net-ping -c 2000 10.0.2.2 || fail "net-ping failed"
fi
sed -n 's/^\(net-ping: [0-9]* sent, [^[]*\) \[.*$/diff: \1/p' /tmp/ping.out
tx=$(($(cat $dev/statistics/tx_packets) - flood_tx0)) rx=$(($(cat $dev/statistics/rx_packets) - flood_rx0))
[ $tx -ge 2000 ] && [ $rx -ge 2000 ] && rose=yes || rose="no (tx +$tx, rx +$rx)"
echo "diff: in the flood tx_packets and rx_packets rose by 2000 or more: $rose"
check_identity "after the flood"
if [ -n "$faults$ping_fault" ] && [ -d "$m" ]; then
	echo "net: mend: state $(cat "$m/state"), failures $(cat "$m/failures"), restarts $(cat "$m/restarts")"
fi

# Small frames, then frames of the full MTU both ways.
for size in 56 $((mtu - 28)); do
	out=$(ping -c 3 -W 3 -s $size 10.0.2.2 2>&1)
	echo "$out" | sed 's/^/net: | /'
	echo "$out" | grep -q ' 3 packets received' ||
		fail "ping -s $size 10.0.2.2: not all 3 answered"
	echo "diff: ping -s $size: $(echo "$out" | grep ' packets received')"
done
echo "net: rx $(cat $dev/statistics/rx_packets) packets $(cat $dev/statistics/rx_bytes) bytes, tx $(cat $dev/statistics/tx_packets) packets, errors rx $(cat $dev/statistics/rx_errors) tx $(cat $dev/statistics/tx_errors), rx missed $(cat $dev/statistics/rx_missed_errors)"
errors=
for f in rx_errors tx_errors rx_crc_errors rx_frame_errors rx_length_errors \
	tx_aborted_errors tx_carrier_errors tx_fifo_errors collisions; do
	errors="$errors $f $(cat $dev/statistics/$f)"
done
echo "diff: error counters:$errors"

ip link set eth0 down || fail "ip link set eth0 down failed"
rmmod "$drv" || fail "rmmod $drv failed"
[ ! -d $dev ] || fail "eth0 still there after rmmod"
dmesg | grep "mend: $drv: " | sed 's/^\[[^]]*\] /net: | /'
echo "diff: $drv unloaded, eth0 gone"
echo "diff: end of transcript"
echo "net: PASS"
