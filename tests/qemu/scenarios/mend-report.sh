# One mend report, and the kernel running on. Run after mend.ko and one test
# module whose init made mend report once (--module mend.ko --module X.ko:
# tests/qemu/modules/oob_write through a check, report_direct by hand).
# Checks that the kernel log holds exactly one report, that
# /sys/kernel/mend/reports counted it, that the module's own messages came
# after it (the report returned), and that both modules unload. The
# report's lines are checked on the console log by the harness (--expect).
set -u
fail() { echo "mend-report: FAIL: $*"; exit 1; }
klog() { dmesg | sed 's/^\[[^]]*\] //'; }
rule=$(printf '%066d' 0 | tr 0 =)

mod=$(awk '$1 != "mend" { print $1; exit }' /proc/modules)
[ -n "$mod" ] || fail "no test module loaded"
grep -q '^mend ' /proc/modules || fail "mend.ko is not loaded"

reports=$(klog | grep -c '^BUG: mend: ')
[ "$reports" = 1 ] || fail "$reports reports in the kernel log, expected 1"
rules=$(klog | grep -cx "$rule")
[ "$rules" = 2 ] || fail "$rules report rules in the kernel log, expected 2"
count=$(cat /sys/kernel/mend/reports) || fail "cannot read /sys/kernel/mend/reports"
[ "$count" = 1 ] || fail "/sys/kernel/mend/reports is '$count', expected 1"
echo "mend-report: $mod: 1 report in the kernel log, /sys/kernel/mend/reports = $count"

# What the module said after the report's closing rule: it went on.
after=$(klog | awk -v rule="$rule" '$0 == rule { n++; next } n >= 2')
echo "$after" | grep "^$mod: " || fail "no message from $mod after the report"

rmmod "$mod" || fail "rmmod $mod failed"
rmmod mend || fail "rmmod mend failed"
klog | grep -q '^mend: runtime unloaded' || fail "no unload line from mend"
echo "mend-report: the kernel runs on: $mod and mend unloaded"
