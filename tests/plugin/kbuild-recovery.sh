#!/bin/bash
# plugin.kbuild-recovery: a kernel module object built by Kbuild with the
# documented flags (mend-config --cflags: recovery, the kernel API
# description) plus a test-local addition (kbuild/guarded_demo.mend) has
# what the runtime relies on
# (runtime/mend_guard.h), checked in the object with readelf and objdump:
#   - demo_fops's .read slot is relocated to demo_read.mend_guard, the
#     thunk, and not to demo_read;
#   - init_module and cleanup_module are global functions at the thunks of
#     demo_init and demo_exit, and the thunks jump to
#     __mend_guard_trampoline;
#   - __mend_unit is a local data object;
#   - demo_init calls __mend_wrap_kmalloc with &__mend_unit in %rdi, and no
#     longer kmalloc itself.
# Only the object is built: modpost would reject the undefined __mend_*
# symbols unless the runtime that defines them is built too.
# Usage: kbuild-recovery.sh MEND_CONFIG SRCDIR WORKDIR
set -eu
mend_config=$1 src=$2 work=$3

rm -rf "$work" && mkdir -p "$work"
cp "$src/guarded_demo.c" "$work/"
{
	echo "obj-m += guarded_demo.o"
	echo "ccflags-y += \$(shell $mend_config --cflags)"
	echo "ccflags-y += -fplugin-arg-mend-api=$src/guarded_demo.mend -fplugin-arg-mend-verbose"
} >"$work/Kbuild"

make -C "$("$mend_config" --kdir)" M="$work" guarded_demo.o >"$work/build.log" 2>&1 || {
	cat "$work/build.log"
	echo "FAIL: guarded_demo.o did not build"
	exit 1
}
cat "$work/build.log"

object=$work/guarded_demo.o
readelf -SW "$object" >"$work/sections"
readelf -sW "$object" >"$work/symbols"
readelf -rW "$object" >"$work/relocs"
objdump -dr "$object" >"$work/disasm"

python3 - "$work" <<'PYTHON'
import re
import sys

work = sys.argv[1]
failures = []


def check(ok, message):
    print(("ok: " if ok else "FAIL: ") + message)
    if not ok:
        failures.append(message)


sections = {}  # index -> name
for line in open(f"{work}/sections"):
    m = re.match(r"\s*\[\s*(\d+)\]\s+(\S+)", line)
    if m:
        sections[int(m.group(1))] = m.group(2)

symbols = {}  # name -> (value, size, type, bind, section name)
for line in open(f"{work}/symbols"):
    f = line.split()
    if len(f) == 8 and f[0].endswith(":") and f[6].isdigit():
        symbols[f[7]] = (int(f[1], 16), int(f[2]), f[3], f[4],
                         sections[int(f[6])])


def symbol_at(section, offset, kinds=("FUNC", "OBJECT")):
    """The symbol starting at SECTION+OFFSET, functions and objects first."""
    names = [n for n, s in symbols.items()
             if s[4] == section and s[0] == offset and s[2] in kinds]
    return sorted(names, key=len)


# Relocations of the section holding demo_fops, inside demo_fops.
fops = symbols.get("demo_fops")
check(fops is not None, "demo_fops is in the object")
targets = []
if fops:
    current = None
    for line in open(f"{work}/relocs"):
        m = re.match(r"Relocation section '\.rela(\S+)'", line)
        if m:
            current = m.group(1)
            continue
        f = line.split()
        if current != fops[4] or len(f) < 7 or not re.match(r"[0-9a-f]{16}$", f[0]):
            continue
        offset = int(f[0], 16)
        if not fops[0] <= offset < fops[0] + fops[1]:
            continue
        base, addend = f[4], int(f[6], 16) * (-1 if f[5] == "-" else 1)
        if base in symbols:
            targets += [n for n in symbol_at(symbols[base][4], symbols[base][0] + addend)]
        else:
            targets += symbol_at(base, addend)
check("demo_read.mend_guard" in targets,
      "demo_fops refers to demo_read.mend_guard (relocations resolve to %s)" % targets)
check("demo_read" not in targets, "demo_fops does not refer to demo_read itself")

for alias, fn in (("init_module", "demo_init"), ("cleanup_module", "demo_exit")):
    s, t = symbols.get(alias), symbols.get(fn + ".mend_guard")
    check(bool(s and t and s[2] == "FUNC" and s[3] == "GLOBAL" and
               s[0] == t[0] and s[4] == t[4]),
          f"{alias} is a global function at {fn}.mend_guard ({s}, {t})")

unit = symbols.get("__mend_unit")
check(bool(unit and unit[2] == "OBJECT" and unit[3] == "LOCAL" and
           unit[4] == ".data"),
      f"__mend_unit is a local object in .data ({unit})")

# Functions of the disassembly: name -> list of (instruction, relocation).
functions, name, lines = {}, None, []
for line in open(f"{work}/disasm"):
    m = re.match(r"[0-9a-f]+ <(\S+)>:", line)
    if m:
        name = m.group(1)
        functions[name] = lines = []
    elif re.match(r"\s+[0-9a-f]+:\s+R_X86_64", line) and lines:
        lines[-1][1] = line.split()[-1]
    elif re.match(r"\s+[0-9a-f]+:\t", line):
        lines.append([line.split("\t")[-1].strip(), ""])

thunk = functions.get("init_module", [])
check(any(i.startswith("jmp") and r.startswith("__mend_guard_trampoline")
          for i, r in thunk),
      "init_module jumps to __mend_guard_trampoline")


def unit_reloc(reloc):
    m = re.match(r"([^+-]+)([+-]0x[0-9a-f]+)?$", reloc)
    if not m or not unit:
        return False
    addend = int(m.group(2), 16) if m.group(2) else 0
    if m.group(1) == "__mend_unit":
        return True
    return m.group(1) == unit[4] and addend in (unit[0], unit[0] - 4)


init = functions.get("demo_init", [])
rdi_is_unit = False
wrapped = False
for insn, reloc in init:
    if re.search(r",%rdi$", insn):
        rdi_is_unit = unit_reloc(reloc)
    if insn.startswith("call") and reloc.startswith("__mend_wrap_kmalloc"):
        wrapped = rdi_is_unit
check(wrapped, "demo_init calls __mend_wrap_kmalloc with &__mend_unit in %rdi")
check(not any(r.startswith("kmalloc") or r.startswith("__kmalloc")
              for _, r in init),
      "demo_init does not call kmalloc directly")
sys.exit(1 if failures else 0)
PYTHON
