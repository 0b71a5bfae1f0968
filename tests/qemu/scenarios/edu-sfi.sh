# Software-fault injection on the edu example: edu.ko built with every
# fault type's sites (MEND_SFI=all), plain (no checks, guards nor
# tracking: /edu_plain.ko) and with recovery (/edu_sfi.ko), loaded one
# after the other after mend.ko. Sites are found by type and function in
# /sys/kernel/debug/mend/sfi/edu/sites and armed one at a time through its
# arm file; each must show up in the site's injected counter, and in the
# recovery build end in mend's recovery line with the device working
# again:
#
#   off-by-one   the length of the ioctl's copy_from_user, one too many:
#                a failed range check
#   unlock       the ioctl's spin_unlock_irq skipped: the call returns
#                with the spinlock held, which its guard fails
#
# First the plain build: a wrong return value armed in its open makes one
# open fail. Then the recovery build has the same sites. Then "count"
# (hits counted, nothing armed), and a wrong return value in the probe
# path armed before the module loads (/sys/kernel/debug/mend/sfi/arm).
set -u
fail() { echo "edu-sfi: FAIL: $*"; dmesg | tail -30; exit 1; }
sys=/sys/kernel/mend/edu
dir=/sys/kernel/debug/mend/sfi/edu

mount -t debugfs none /sys/kernel/debug 2>/dev/null
insmod /edu_plain.ko || fail "insmod the plain build"
[ -r $dir/sites ] || fail "no $dir/sites"
nsites=$(wc -l < $dir/sites)
echo "edu-sfi: $nsites sites"
[ "$nsites" -gt 50 ] || fail "only $nsites sites"
site() { # site TYPE FUNCTION [N]: the id of the Nth such site
	awk -v t="$1" -v f="$2" -v n="${3:-1}" \
		'$2 == t && $4 == f && ++k == n { print $1; exit }' $dir/sites
}
field() { # field ID NAME: a counter of the site
	awk -v id="$1" -v k="$2" '$1 == id {
		for (i = 5; i <= NF; i++) if (index($i, k "=") == 1) print substr($i, length(k) + 2) }' $dir/sites
}
works() {
	got=$(edu-ctl fact 12) || fail "edu-ctl fact 12 failed"
	[ "$got" = 479001600 ] || fail "12! = '$got'"
}
wait_running() { # wait_running RESTARTS
	i=0
	while [ "$(cat $sys/state)" != running ] || [ "$(cat $sys/restarts)" != "$1" ]; do
		i=$((i + 1))
		[ $i -lt 150 ] || fail "not running after restart $1: $(cat $sys/state)"
		sleep 0.1
	done
}

# The plain build: same sites, no recovery.
[ -d $sys ] && fail "the plain build has a mend domain"
works
id=$(site retval edu_open)
[ -n "$id" ] || fail "no retval site in edu_open"
echo "$id after=1" > $dir/arm || fail "cannot arm $id"
cat /dev/edu > /dev/null || fail "the first open failed (after=1)"
cat /dev/edu > /dev/null 2>&1 && fail "the second open succeeded"
cat /dev/edu > /dev/null || fail "the third open failed"
[ "$(field "$id" injected)" = 1 ] || fail "plain: site $id: $(grep "^$id " $dir/sites)"
[ "$(field "$id" hits)" -ge 2 ] || fail "plain: site $id: $(grep "^$id " $dir/sites)"
echo "edu-sfi: plain retval (site $id in edu_open) injected: $(grep "^$id " $dir/sites)"
works
rmmod edu || fail "rmmod the plain build"
[ -e $dir ] && fail "$dir left after rmmod"
insmod /edu_sfi.ko || fail "insmod the recovery build"
[ "$(wc -l < $dir/sites)" = "$nsites" ] || fail "the recovery build has $(wc -l < $dir/sites) sites, not $nsites"
works
echo "restarts=10 hang=300 backoff=10" > $sys/policy || fail "policy"
restarts=0
inject() { # inject NAME TYPE FUNCTION MODE KIND COMMAND... (from site $first)
	# The first site of TYPE in FUNCTION whose fault mend detects while
	# COMMAND runs (a pointer loaded but not used on COMMAND's path, or
	# one the kernel API only returns an error for, is not).
	n=$((${first:-1} - 1))
	while :; do
		n=$((n + 1))
		id=$(site "$2" "$3" $n)
		[ -n "$id" ] || fail "$1: no $2 site in $3 made '$*' fail"
		echo "$id $4" > $dir/arm || fail "cannot arm site $id"
		grep -q "^$id once after=0" $dir/arm || fail "site $id not armed: $(cat $dir/arm)"
		name=$1 kind=$5 a=$1 b=$2 c=$3 d=$4 e=$5
		shift 5
		failures=$(cat $sys/failures)
		"$@" > /dev/null 2>&1
		[ "$(cat $sys/failures)" = "$failures" ] || break
		echo "edu-sfi: $name: site $id not detected in '$*': $(grep "^$id " $dir/sites)"
		echo off > $dir/arm
		set -- "$a" "$b" "$c" "$d" "$e" "$@"
	done
	restarts=$((restarts + 1))
	wait_running $restarts
	[ "$(field "$id" injected)" = 1 ] || fail "$name: site $id: $(grep "^$id " $dir/sites)"
	[ "$(cat $dir/arm)" = off ] || fail "$name: still armed: $(cat $dir/arm)"
	works
	last=$(cat $sys/last_failure)
	dmesg | grep -q "mend: edu: recovered from $kind in " ||
		fail "$name: no recovery from $kind (last failure: $last)"
	echo "edu-sfi: $name (site $id, $(grep "^$id " $dir/sites | cut -d' ' -f2-4)) recovered: $last"
}
inject off-by-one off-by-one edu_ioctl once out-of-bounds edu-ctl fact 12
inject unlock unlock edu_ioctl once lock-held edu-ctl stats
# Not here yet: a NULL DMA buffer pointer in edu_dma_round_trip reaches
# the kernel undetected (copy_from_user's destination: a usercopy BUG;
# memset's: an Oops in memset_erms), and the pointers of edu_factorial
# only reach iowrite32 (a "Bad IO access" warning).

# "count": no site armed, every site counts its hits (a workload's
# coverage); the ioctl's sites are reached by edu-ctl.
echo count > $dir/arm || fail "cannot arm count"
[ "$(cat $dir/arm)" = count ] || fail "arm reads '$(cat $dir/arm)', not count"
hits=$(field "$(site off-by-one edu_ioctl)" hits)
works
[ "$(field "$(site off-by-one edu_ioctl)" hits)" -gt "$hits" ] ||
	fail "count: the ioctl's site did not count"
echo off > $dir/arm
[ "$(cat $dir/arm)" = off ] || fail "still counting: $(cat $dir/arm)"

# A site of the probe path, armed before the module loads through the
# global arm file: edu_check_device returns an error, so the probe fails
# (no /dev/edu); the arm is used up, and the next load works. (No fault
# of edu's probe that mend detects: its pointers go to the kernel, see
# the README's campaign; e1000's are recovered there.)
cp $dir/sites /tmp/sites
rmmod edu || fail "rmmod the recovery build"
pending=/sys/kernel/debug/mend/sfi/arm
id=$(awk '$2 == "retval" && $4 == "edu_check_device" { print $1; exit }' /tmp/sites)
[ -n "$id" ] || fail "probe: no retval site in edu_check_device"
echo "edu $id once" > $pending || fail "cannot arm edu $id before the load"
[ "$(cat $pending)" = "edu $id once" ] || fail "not pending: $(cat $pending)"
insmod /edu_sfi.ko || fail "insmod with site $id armed"
[ "$(cat $pending)" = off ] || fail "still pending after the load: $(cat $pending)"
dmesg | grep -q "mend: sfi: edu: armed at load: $id once" || fail "no 'armed at load' line"
[ "$(field "$id" injected)" = 1 ] || fail "probe: site $id: $(grep "^$id " $dir/sites)"
[ -e /dev/edu ] && fail "the probe succeeded with site $id armed"
rmmod edu || fail "rmmod after the failed probe"
insmod /edu_sfi.ko || fail "insmod after the failed probe"
i=0
while [ ! -e /dev/edu ]; do
	i=$((i + 1)); [ $i -lt 50 ] || fail "no /dev/edu after the next load"; sleep 0.1
done
works
echo "edu-sfi: probe (site $id, $(grep "^$id " /tmp/sites | cut -d' ' -f2-4)) armed before the load: the probe failed, the next load works"

dmesg | grep "mend: sfi: edu: injecting" | sed 's/^\[[^]]*\] //'
echo "edu-sfi: all checks passed"
