# Clean smoke scenario: mend.ko (loaded by the harness) created
# /sys/kernel/mend, reports its version, unloads, and the kernel log stays
# free of errors throughout.
set -u
fail() { echo "smoke: FAIL: $*"; exit 1; }

[ -d /sys/kernel/mend ] || fail "/sys/kernel/mend is missing"
version=$(cat /sys/kernel/mend/version) || fail "cannot read /sys/kernel/mend/version"
echo "$version" | grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+$' || fail "bad version '$version'"
echo "smoke: /sys/kernel/mend/version = $version"
dmesg | grep -q "mend: runtime $version loaded" || fail "no load line in dmesg"
reports=$(cat /sys/kernel/mend/reports) || fail "cannot read /sys/kernel/mend/reports"
[ "$reports" = 0 ] || fail "/sys/kernel/mend/reports is '$reports', expected 0"

rmmod mend || fail "rmmod mend failed"
[ ! -e /sys/kernel/mend ] || fail "/sys/kernel/mend still there after rmmod"
dmesg | grep -q "mend: runtime unloaded" || fail "no unload line in dmesg"
grep -q '^mend ' /proc/modules && fail "mend still in /proc/modules"

# Nothing at error level or worse (emerg..err = 0..3) since boot, except
# the kernel's one notice that an unsigned module tainted it.
errors=$(dmesg -r | grep -E '^<[0-3]>' | grep -v 'module verification failed')
[ -z "$errors" ] || fail "kernel log has errors: $errors"
echo "smoke: loaded, read, unloaded, dmesg clean"
