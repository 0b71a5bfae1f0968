#!/bin/bash
# A module whose Kbuild file opts in with the documented line
# (mend-config --kbuild) is compiled with the plugin: verbose notes name its
# guarded entries and the kernel calls it tracks, and its checks, guards and
# wrappers link against mend.ko (modpost finds the __mend_* symbols).
# Usage: kbuild-line.sh MEND_CONFIG SRCDIR WORKDIR
set -eu
mend_config=$1 src=$2 work=$3

rm -rf "$work" && mkdir -p "$work"
cp "$src/kbuild_demo.c" "$work/"
line=$("$mend_config" --kbuild)
echo "documented line: $line"
{
	echo "obj-m += kbuild_demo.o"
	echo "$line"
	echo "ccflags-y += -fplugin-arg-mend-verbose -fplugin-arg-mend-dump"
} >"$work/Kbuild"

kdir=$("$mend_config" --kdir)
make -C "$kdir" M="$work" modules >"$work/build.log" 2>&1 || {
	cat "$work/build.log"
	echo "FAIL: the module did not build"
	exit 1
}
cat "$work/build.log"

fail=0
expect() {
	grep -Eq -- "$1" "$work/build.log" || { echo "FAIL: build log lacks: $1"; fail=1; }
}
expect "kbuild_demo\.c:[0-9]+:[0-9]+: note: mend: function 'kbuild_demo_init': guarded entry \(module_init, safe -5\)"
expect "note: mend: function 'kbuild_demo_exit': guarded entry \(module_exit, void\)"
expect "note: mend: function 'kbuild_demo_init': 3 API calls tracked \(kzalloc, spin_lock, spin_unlock\)"
expect "note: mend: function 'kbuild_demo_exit': 1 API calls tracked \(kfree\)"
expect "note: mend: function 'kbuild_demo_init': checks inserted [1-9]"
# annotations/kernel.mend bounds the kernel API's buffers: copy_from_user's
# length is checked against demo_name, strscpy's same length then elided.
line_of() { grep -n -- "$1" "$work/kbuild_demo.c" | cut -d: -f1; }
dump=$(ls "$work"/kbuild_demo.c.*t.mend-checks 2>/dev/null | head -n1)
if [ -z "$dump" ]; then
	echo "FAIL: no mend-checks dump next to kbuild_demo.o"
	fail=1
else
	cfu=$(line_of "range: copy_from_user") scp=$(line_of "range: strscpy")
	grep -Eq "^keep range check at kbuild_demo\.c:$cfu:[0-9]+: write of a call into 'demo_name' \(char\[16\]\)" "$dump" ||
		{ echo "FAIL: no range check kept at copy_from_user (line $cfu)"; fail=1; }
	grep -Eq "^drop range check at kbuild_demo\.c:$scp:[0-9]+: .*dominated by the check at kbuild_demo\.c:$cfu:" "$dump" ||
		{ echo "FAIL: strscpy's check (line $scp) not elided by copy_from_user's"; fail=1; }
fi
[ -f "$work/kbuild_demo.ko" ] || { echo "FAIL: no kbuild_demo.ko"; fail=1; }
[ "$fail" = 0 ] && echo "ok: the plugin ran in a Kbuild build through the documented line"
exit "$fail"
