#!/bin/bash
# plugin.guard-abi: the plugin's copy of the recovery contract matches
# runtime/mend_guard.h: the same MEND_ABI_VERSION and MEND_ENTRY_* values
# and MEND_INJECT_* values in plugin/mend-plugin.h, and the records the
# plugin emits for INPUT have the sizes the runtime's structs have
# (__mend_unit, <fn>.mend_entry, <fn>.mend_inject and __mend_globals'
# elements, read from the object's symbol table).
# Usage: guard-abi.sh PLUGIN CC MEND_ROOT INPUT
set -eu
plugin=$1 cc=$2 root=$3 input=$4
. "$(dirname "$0")/common.sh"

for name in MEND_ABI_VERSION MEND_ENTRY_VOID MEND_ENTRY_INIT MEND_ENTRY_EXIT \
	MEND_INJECT_NONE MEND_INJECT_NULL_DEREF MEND_INJECT_BOUNDS \
	MEND_INJECT_HANG MEND_INJECT_TRAP; do
	runtime=$(awk -v n="$name" '$1 == "#define" && $2 == n { print $3 }' "$root/runtime/mend_guard.h")
	ours=$(awk -v n="$name" '$1 == "#define" && $2 == n { print $3 }' "$root/plugin/mend-plugin.h")
	[ -n "$runtime" ] && [ "$runtime" = "$ours" ] ||
		fail "$name is '$runtime' in runtime/mend_guard.h but '$ours' in plugin/mend-plugin.h"
done

cat >"$work/sizes.c" <<'C'
#include <stdio.h>
#include "mend_guard.h"
int main(void)
{
	printf("unit %zu entry %zu global %zu inject %zu\n",
	       sizeof(struct mend_unit), sizeof(struct mend_entry),
	       sizeof(struct mend_global), sizeof(struct mend_inject_point));
	return 0;
}
C
"$cc" -I"$root/runtime" "$work/sizes.c" -o "$work/sizes"
read -r _ unit _ entry _ global _ inject < <("$work/sizes")

"$cc" -O2 -c "$input" -o "$work/unit.o" -fplugin="$plugin" \
	-fplugin-arg-mend-recovery -fplugin-arg-mend-inject \
	-fplugin-arg-mend-checks=none
size_of() { readelf -sW "$work/unit.o" | awk -v n="$1" '$8 == n { print $3 }'; }
[ "$(size_of __mend_unit)" = "$unit" ] ||
	fail "__mend_unit has $(size_of __mend_unit) bytes, struct mend_unit $unit"
[ "$(size_of demo_read.mend_entry)" = "$entry" ] ||
	fail "demo_read.mend_entry has $(size_of demo_read.mend_entry) bytes, struct mend_entry $entry"
[ "$(size_of demo_read.mend_inject)" = "$inject" ] ||
	fail "demo_read.mend_inject has $(size_of demo_read.mend_inject) bytes, struct mend_inject_point $inject"
# guards.c has four writable globals.
[ "$(size_of __mend_globals)" = "$((4 * global))" ] ||
	fail "__mend_globals has $(size_of __mend_globals) bytes, not 4 struct mend_global ($global each)"
echo "ok: plugin records match runtime/mend_guard.h"
