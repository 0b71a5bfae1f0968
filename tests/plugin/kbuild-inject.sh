#!/bin/bash
# plugin.kbuild-inject: a kernel module object built by Kbuild with
# -fplugin-arg-mend-recovery -fplugin-arg-mend-inject (kbuild/inject_demo.c)
# has the back-edge polls and injection points runtime/mend_guard.h
# describes, checked in the object with readelf and objdump:
#   - demo_wait (a loop with interrupts off) calls __mend_poll with
#     &__mend_unit in %rdi; demo_clear's loop (8 iterations) does not
#     (each function's injected hang loop polls too);
#   - __mend_backedges is a local object, not in the unit's globals;
#   - demo_init, demo_exit, demo_wait and demo_clear each load
#     __mend_inject_armed in their first instructions and call
#     __mend_inject_point with their own <fn>.mend_inject record (32 bytes,
#     local) in %rdi;
#   - the injected faults are in the function's own code: a call to
#     __mend_check_fail, a ud2 and the hang loop's __mend_poll.
# Only the object is built, as in kbuild-recovery.sh.
# Usage: kbuild-inject.sh MEND_CONFIG SRCDIR WORKDIR
set -eu
mend_config=$1 src=$2 work=$3

rm -rf "$work" && mkdir -p "$work"
cp "$src/inject_demo.c" "$work/"
{
	echo "obj-m += inject_demo.o"
	echo "ccflags-y += \$(shell $mend_config --cflags) -fplugin-arg-mend-recovery"
	echo "ccflags-y += -fplugin-arg-mend-inject -fplugin-arg-mend-verbose"
} >"$work/Kbuild"

make -C "$("$mend_config" --kdir)" M="$work" inject_demo.o >"$work/build.log" 2>&1 || {
	cat "$work/build.log"
	echo "FAIL: inject_demo.o did not build"
	exit 1
}
cat "$work/build.log"

object=$work/inject_demo.o
readelf -SW "$object" >"$work/sections"
readelf -sW "$object" >"$work/symbols"
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

symbols = {}  # name -> (size, type, bind, value, section name)
for line in open(f"{work}/symbols"):
    f = line.split()
    if len(f) == 8 and f[0].endswith(":") and f[0][:-1].isdigit():
        section = sections.get(int(f[6])) if f[6].isdigit() else f[6]
        symbols[f[7]] = (int(f[2]), f[3], f[4], int(f[1], 16), section)


def refers_to(reloc, name):
    """Whether relocation target RELOC (rip-relative) is symbol NAME."""
    m = re.match(r"([^+-]+)([+-]0x[0-9a-f]+)?$", reloc)
    s = symbols.get(name)
    if not m or not s:
        return False
    addend = int(m.group(2), 16) if m.group(2) else 0
    if m.group(1) == name:
        return addend in (0, -4)
    return m.group(1) == s[4] and addend in (s[3], s[3] - 4)


# Symbols of the disassembly: name -> list of [instruction, relocation
# target]; functions: FN and FN.cold together (__init code is cold as a
# whole and not split).
raw, lines = {}, None
for line in open(f"{work}/disasm"):
    m = re.match(r"[0-9a-f]+ <(\S+)>:", line)
    if m:
        lines = raw.setdefault(m.group(1), [])
    elif re.match(r"\s+[0-9a-f]+:\s+R_X86_64", line) and lines:
        lines[-1][1] = line.split()[-1]
    elif re.match(r"\s+[0-9a-f]+:\t", line) and lines is not None:
        lines.append([line.split("\t")[-1].strip(), ""])
functions = {n: l + raw.get(n + ".cold", []) for n, l in raw.items()
             if not n.endswith(".cold")}


def calls(fn, callee, rdi):
    """Whether FN calls CALLEE (with the address of symbol RDI in %rdi)."""
    arg = ""
    for insn, reloc in functions.get(fn, []):
        if re.search(r",%rdi$", insn):
            arg = reloc
        if insn.startswith("call") and reloc.startswith(callee):
            if rdi is None or refers_to(arg, rdi):
                return True
    return False


def rdi_symbols(fn):
    """Relocation targets loaded into %rdi anywhere in FN."""
    return [r for i, r in functions.get(fn, []) if re.search(r",%rdi$", i)]


check(calls("demo_wait", "__mend_poll", "__mend_unit"),
      "demo_wait calls __mend_poll with &__mend_unit (rdi loads: %s)" % rdi_symbols("demo_wait"))
def poll_calls(fn):
    return sum(1 for i, r in functions.get(fn, [])
               if i.startswith("call") and r.startswith("__mend_poll"))


# Every function also polls in its injected hang loop.
check(poll_calls("demo_wait") >= 2,
      f"demo_wait polls in its loop and its injected hang ({poll_calls('demo_wait')} calls)")
check(poll_calls("demo_clear") == 1,
      f"demo_clear's loop (8 iterations) does not poll, only its injected "
      f"hang does ({poll_calls('demo_clear')} calls)")
counter = symbols.get("__mend_backedges")
check(bool(counter and counter[1] == "OBJECT" and counter[2] == "LOCAL"),
      f"__mend_backedges is a local object ({counter})")

for fn in ("demo_init", "demo_exit", "demo_wait", "demo_clear"):
    body = functions.get(fn, [])
    first = [r for _, r in body[:6]]
    check(any(r.startswith("__mend_inject_armed") for r in first),
          f"{fn} loads __mend_inject_armed in its first instructions ({first})")
    record = symbols.get(fn + ".mend_inject")
    check(bool(record and record[0] == 32 and record[1] == "OBJECT" and
               record[2] == "LOCAL"),
          f"{fn}.mend_inject is a local 32-byte object ({record})")
    targets = rdi_symbols(fn)
    check(calls(fn, "__mend_inject_point", fn + ".mend_inject"),
          f"{fn} calls __mend_inject_point with &{fn}.mend_inject "
          f"(rdi loads: {targets})")

init = functions.get("demo_init", [])
check(calls("demo_init", "__mend_check_fail", None),
      "demo_init's injection point can fail a bounds check")
check(any(i.startswith("ud2") for i, _ in init),
      "demo_init's injection point can trap (ud2)")
check(calls("demo_init", "__mend_poll", None),
      "demo_init's injected hang polls")
sys.exit(1 if failures else 0)
PYTHON
