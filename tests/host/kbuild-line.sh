#!/bin/bash
# A module whose Kbuild file opts in with the documented line
# (mend-config --kbuild) is compiled with the plugin: verbose notes name its
# functions and the kernel calls they make, and its checks link against
# mend.ko (modpost finds __mend_check_report).
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
	echo "ccflags-y += -fplugin-arg-mend-verbose"
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
expect "kbuild_demo\.c:[0-9]+:[0-9]+: note: mend: function 'kbuild_demo_init': [0-9]+ external calls, untracked: .*kzalloc"
expect "note: mend: function 'kbuild_demo_init':.*spin_lock"
expect "note: mend: function 'kbuild_demo_exit': 1 external calls, untracked: kfree"
expect "note: mend: function 'kbuild_demo_init': checks inserted [1-9]"
[ -f "$work/kbuild_demo.ko" ] || { echo "FAIL: no kbuild_demo.ko"; fail=1; }
[ "$fail" = 0 ] && echo "ok: the plugin ran in a Kbuild build through the documented line"
exit "$fail"
