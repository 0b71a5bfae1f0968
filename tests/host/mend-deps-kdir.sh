#!/bin/bash
# KDIR= selects a kernel tree of one's own: mend-deps --print reports its
# release, compiler and image, and refuses trees it cannot use.
# Usage: mend-deps-kdir.sh MEND_DEPS
set -u
deps=$1
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
check() { # description, output, extended regex
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then
		echo "ok: $1"
	else
		echo "FAIL: $1: got '$2', wanted /$3/"
		fail=1
	fi
}

mkdir -p "$t/linux/include/generated"
echo '#define UTS_RELEASE "6.9.0-mytree"' >"$t/linux/include/generated/utsrelease.h"
echo 'CONFIG_CC_VERSION_TEXT="gcc (Debian 12.2.0-14+deb12u1) 12.2.0"' >"$t/linux/.config"

out=$(KDIR="$t/linux" "$deps" --print 2>&1)
check "release from utsrelease.h" "$out" "^MEND_KERNEL_RELEASE=6\.9\.0-mytree$"
check "compiler from the kernel's config" "$out" "^MEND_KERNEL_GCC=gcc-12$"
check "default image is the tree's bzImage" "$out" "^MEND_KERNEL_IMAGE=$t/linux/arch/x86/boot/bzImage$"
out=$(KDIR="$t/linux" MEND_KERNEL_IMAGE=/boot/my-bzImage "$deps" --print 2>&1)
check "MEND_KERNEL_IMAGE wins" "$out" "^MEND_KERNEL_IMAGE=/boot/my-bzImage$"

out=$(KDIR="$t/linux" "$deps" 2>&1)
check "no image: an error that says what to set" "$out" "no kernel image at .*; set MEND_KERNEL_IMAGE"

echo 'CONFIG_CC_VERSION_TEXT="Debian clang version 14.0.6"' >"$t/linux/.config"
out=$(KDIR="$t/linux" "$deps" --print 2>&1)
check "a clang-built kernel is refused" "$out" "was not built by GCC"

out=$(KDIR="$t/none" "$deps" --print 2>&1)
check "a missing KDIR is refused" "$out" "KDIR=$t/none does not exist"
mkdir -p "$t/empty"
out=$(KDIR="$t/empty" "$deps" --print 2>&1)
check "an unconfigured tree is refused" "$out" "not a configured kernel tree"
exit "$fail"
