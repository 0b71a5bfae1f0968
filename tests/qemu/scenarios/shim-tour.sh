# The kernel-shim tour (tests/qemu/modules/shim_tour, built with the
# plugin's recovery and injection points, loaded after mend.ko; the guest
# boots with slab_nomerge).
#
# First every command runs cleanly, and what the driver holds stays what
# it held after its init: mend's tracked list, the active objects of its
# slab cache (after a shrink, so the count is exact) and no second cache,
# its vmalloc areas (by the wrapper that made them), one region in
# /proc/devices. "dup" takes memory from every other allocator and gives
# it back through kfree(), kvfree() and vfree(): no misuse. Then faults:
# armed in tour_step while a command holds memory (dup's too), slab
# objects, a second cache, locks or a cdev; in the work item
# (kworker), the delayed work and the tasklet (softirq); in the innermost
# of two nested driver callbacks, where only that guard may unwind (the
# write succeeds, the middle callback finds its own lock still held and the
# inner ones free); and rwlock unlocks of a lock nobody holds. After each
# recovery the driver holds exactly what it held before the fault and its
# devices work. The global cdevs stay across the restarts, files held open
# on them read through a restart; the fresh instances add the first on the
# same minor (2) again, the second alternately on minors 4 and 3 (it
# moves). Then rmmod leaves nothing behind: the nodes of every minor fail
# to open with ENXIO (a cdev left mapped would Oops).
set -u
fail() { echo "shim-tour: FAIL: $*"; dmesg | tail -40; exit 1; }
sys=/sys/kernel/mend/shim_tour
dev=/dev/shim_tour
ctl=/sys/kernel/debug/mend/inject

mount -t debugfs none /sys/kernel/debug 2>/dev/null
[ -w $ctl ] || fail "no $ctl"
[ -c $dev ] || fail "no $dev"

expect() { # expect FILE VALUE
	v=$(cat "$1") || fail "cannot read $1"
	[ "$v" = "$2" ] || fail "$1 is '$v', expected '$2'"
}
tracked() { sort $sys/tracked | tr '\n' ' ' | sed 's/ $//'; }
# Active objects of slab cache $1, one line per cache of that name. The
# shrink flushes the per-CPU slabs, whose free objects slabinfo counts as
# active.
slab_objs() {
	[ -w /sys/kernel/slab/$1/shrink ] && echo 1 > /sys/kernel/slab/$1/shrink
	awk -v n="$1" '$1 == n { printf "%s ", $2 }' /proc/slabinfo
}
# vmalloc areas by the mend wrapper that asked for them.
vmalloc_areas() {
	grep -o '__mend_wrap_[a-z_]*' /proc/vmallocinfo | sort | uniq -c |
		tr -s ' \n' '  '
}
regions() { grep -c ' shim_tour$' /proc/devices; }
held() {
	echo "tracked: $(tracked); slab: $(slab_objs shim_tour)tmp: $(slab_objs shim_tour_tmp)vmalloc: $(vmalloc_areas)regions: $(regions)"
}
# The char device's nodes. Its dynamic major is kept across restarts:
# nodes made for the first instance name every later one.
major0=
cdev_nodes() {
	major=$(awk '$2 == "shim_tour" { print $1 }' /proc/devices)
	[ -n "$major" ] || fail "no shim_tour in /proc/devices"
	[ -z "$major0" ] || [ "$major" = "$major0" ] ||
		fail "the dynamic major changed from $major0 to $major"
	major0=$major
	for m in 0 1 2 3 4; do
		rm -f /tmp/st$m
		mknod /tmp/st$m c "$major" $m || fail "mknod $major $m"
	done
}
absent() { # absent MINOR WHEN
	if cat /tmp/st$1 > /dev/null 2> /tmp/err; then fail "minor $1 reads: $2"; fi
	grep -q "No such device or address" /tmp/err || fail "minor $1 ($2): $(cat /tmp/err)"
}
minor1_absent() { absent 1 "$1"; }
# The instance's init ran its work item, delayed work and tasklet once.
wait_counters() { # wait_counters N RLEN
	i=0
	while [ "$(cat $dev)" != "works=$1 dworks=$1 tasklets=$1 rlen=$2" ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "$dev: '$(cat $dev)', expected $1 runs each, rlen $2"
		sleep 0.1
	done
}
# The second global cdev is on minor 3 after the load, then alternately on
# 4 and 3 after each restart.
restarts=0
device_works() { # device_works WHEN
	cdev_nodes
	[ "$(cat /tmp/st0)" = tour0 ] || fail "$1: minor 0 reads '$(cat /tmp/st0)'"
	minor1_absent "$1"
	[ "$(cat /tmp/st2)" = tour2 ] || fail "$1: global cdev: minor 2 reads '$(cat /tmp/st2)'"
	g=$((3 + restarts % 2))
	[ "$(cat /tmp/st$g)" = tour3 ] || fail "$1: global cdev: minor $g reads '$(cat /tmp/st$g)'"
	absent $((7 - g)) "$1, the second global cdev on $g"
}
# Commands are written with their NUL: "dup" copies them from user space.
ok() { # ok COMMAND
	echo -ne "$1\0" > $dev || fail "'$1' failed"
}

expect $sys/state running
wait_counters 1 32
baseline=$(held)
echo "shim-tour: baseline: $(tracked)"
expected="cancel_delayed_work_sync 1 cancel_work_sync 1 cdev_del 3 del_timer_sync 1 kfree 4 kmem_cache_destroy 1 kmem_cache_free 5 kvfree 3 misc_deregister 1 tasklet_kill 1 unregister_chrdev_region 1 vfree 2"
[ "$(tracked)" = "$expected" ] || fail "tracked after init: $(tracked)"
[ "$(slab_objs shim_tour)" = "5 " ] || fail "shim_tour cache: '$(slab_objs shim_tour)' active, expected 5"
# The large kvmalloc's page array is a vmalloc area too, with its caller.
[ "$(vmalloc_areas)" = " 2 __mend_wrap_kvmalloc 1 __mend_wrap_vmalloc 1 __mend_wrap_vzalloc " ] ||
	fail "vmalloc areas: '$(vmalloc_areas)'"
[ "$(regions)" = 1 ] || fail "shim_tour in /proc/devices $(regions) times"
device_works init
unchanged() { # unchanged AFTER
	now=$(held)
	[ "$now" = "$baseline" ] || fail "after $1: holds '$now', before '$baseline'"
}

# Clean runs. krealloc moves the init's buffer (32 -> 96 -> 160 -> 224
# bytes crosses slab sizes): a tracking entry left at the old address
# would make the next krealloc a misuse. The clean nest runs the same
# calls in the same task (the shell's own echo) as the faulting one later:
# an inner unlock that left its lock recorded would be released again by
# that failure, and the middle callback would find the lock broken.
for r in 96 160 224; do
	ok krealloc
	grep -q "rlen=$r\$" $dev || fail "krealloc: $(cat $dev), expected rlen=$r"
	unchanged krealloc
done
for c in dup dup vmem vmem cache cache rwlock rwlock rwlock rwlock spin spin spin spin; do
	ok $c
	unchanged $c
done
ok cdev-add
[ "$(cat /tmp/st1)" = tour1 ] || fail "minor 1 reads '$(cat /tmp/st1)'"
echo "$(tracked)" | grep -q "cdev_del 4 .*kfree 5" || fail "cdev-add: tracked $(tracked)"
ok cdev-del
minor1_absent cdev-del
unchanged cdev-del
ok work
ok dwork
ok tasklet
wait_counters 2 224
unchanged "work, dwork, tasklet"
nest_line() { dmesg | grep 'shim_tour: nest:' | tail -1 | sed 's/^\[[^]]*\] //'; }
ok nest
nest_line | grep -q "^shim_tour: nest: sorted, [0-9]* middle callbacks finished, inner locks free, irqs off$" ||
	fail "nest: $(nest_line)"
echo "shim-tour: clean $(nest_line)"
unchanged nest
expect $sys/misuses 0
expect $sys/failures 0
echo "shim-tour: clean commands: tracked, slab, vmalloc and region unchanged"

echo "restarts=20 window=600 backoff=1" > $sys/policy || fail "cannot set the policy"
injected=0
misuses=0
# recovered NAME KIND FUNCTION: the driver runs again, holding what it
# held before, its devices working.
recovered() {
	restarts=$((restarts + 1))
	i=0
	while [ "$(cat $sys/restarts)" != $restarts ] || [ "$(cat $sys/state)" != running ]; do
		i=$((i + 1))
		[ $i -lt 150 ] || fail "$1: no restart $restarts: state $(cat $sys/state), restarts $(cat $sys/restarts)"
		sleep 0.1
	done
	expect $sys/failures $restarts
	expect $sys/misuses $misuses
	# The injected fault sits in the function's cold part (FN.cold).
	grep -Eq "^($2) in $3(\.cold)?\+" $sys/last_failure ||
		fail "$1: last_failure '$(cat $sys/last_failure)', expected $2 in $3"
	grep -q " (fired $injected)$" $ctl || fail "$1: inject: $(cat $ctl)"
	wait_counters 1 32
	unchanged "$1"
	device_works "$1"
	echo "shim-tour: $1 recovered: $(cat $sys/last_failure)"
}
arm() { # arm FUNCTION KIND
	echo "$1 $2" > $ctl || fail "cannot arm $1 $2"
	injected=$((injected + 1))
}
fails() { # fails COMMAND: the write gets the entry's safe value
	if echo -ne "$1\0" > $dev 2>/tmp/err; then fail "'$1' did not fail"; fi
	grep -q "Input/output error" /tmp/err || fail "'$1': $(cat /tmp/err), expected EIO"
}

# Files open on the global cdevs across a restart: they read the fresh
# instance's objects through the kept cdevs (the second moved to minor 4).
# They stay open through the other restarts.
exec 3< /tmp/st2 4< /tmp/st3

# Faults while a command holds what it took (the write fails).
for c in krealloc vmem cache rwlock spin cdev-add dup; do
	arm tour_step null
	fails $c
	recovered $c null-ptr-deref tour_step
	if [ $c = krealloc ]; then
		held="$(cat <&3) $(cat <&4)"
		[ "$held" = "tour2 tour3" ] || fail "the files open across the restart read '$held'"
		echo "shim-tour: files open on the global cdevs read $held after the restart"
	fi
done

# Faults in deferred work: the write that queues it succeeds.
arm tour_work_step null
ok work
recovered work null-ptr-deref tour_work_step
arm tour_dwork_fn bounds
ok dwork
recovered dwork out-of-bounds tour_dwork_fn
arm tour_tasklet_fn trap
ok tasklet
recovered tasklet invalid-opcode tour_tasklet_fn
arm tour_tasklet_step null
ok tasklet
recovered tasklet "null-ptr-deref|page-fault" tour_tasklet_step

# An rwlock unlocked while nobody holds it: a misuse, the unlock skipped.
misuses=1
fails wunlock-bad
recovered wunlock-bad misuse tour_write

# Nested: write -> sort -> tour_cmp_outer -> sort -> tour_cmp_inner ->
# tour_key. Only tour_cmp_inner's guard unwinds: the write succeeds, the
# middle callback that was running finishes (and no other runs: the driver
# is recovering), its lock still held and the inner ones released.
arm tour_key null
ok nest
nest_line | grep -q "^shim_tour: nest: [a-z]*, 1 middle callbacks finished, inner locks free, irqs off$" ||
	fail "nest after the fault: $(nest_line)"
echo "shim-tour: faulted $(nest_line)"
recovered nest null-ptr-deref tour_key
dmesg | grep -q "mend: shim_tour: recovered from null-ptr-deref in tour_cmp_inner (restart $restarts," ||
	fail "nest: not recovered at tour_cmp_inner: $(dmesg | grep 'recovered from')"

misuses=2
fails runlock-bad
recovered runlock-bad misuse tour_write
expect $ctl "off (fired $injected)"

dmesg | grep "mend: shim_tour: recovered" | sed 's/^\[[^]]*\] //'

# Unload: nothing left behind. The files open on the global cdevs close
# first (they hold the module).
exec 3<&- 4<&-
rmmod shim_tour || fail "rmmod shim_tour"
[ -d $sys ] && fail "$sys still there"
[ -e $dev ] && fail "$dev still there"
dmesg | grep -q "left behind" && fail "$(dmesg | grep 'left behind')"
[ -z "$(slab_objs shim_tour)$(slab_objs shim_tour_tmp)" ] || fail "cache left: $(grep shim_tour /proc/slabinfo)"
[ -z "$(vmalloc_areas)" ] || fail "vmalloc areas left: $(vmalloc_areas)"
[ "$(regions)" = 0 ] || fail "regions left in /proc/devices"
for m in 0 1 2 3 4; do
	absent $m "after rmmod"
done
echo "shim-tour: after rmmod the nodes of minors 0 to 4 give ENXIO"
echo "shim-tour: unloaded after $restarts recoveries, nothing left"
rmmod mend || fail "rmmod mend"
echo "shim-tour: all checks passed"
