#!/bin/bash
# tools/mend-qemu rejects bad command lines with a message naming what is
# allowed, before booting anything. Usage: mend-qemu-usage.sh MEND_QEMU EXPECT_RUN
set -u
mq=$1 er=$2
s=$(mktemp -d)
trap 'rm -rf "$s"' EXIT
echo 'exit 0' >"$s/ok.sh"
fail=0
run() { "$er" "$@" || fail=1; }

run --status 2 --grep "unrecognized arguments: --bogus" -- "$mq" --scenario "$s/ok.sh" --bogus
run --status 2 --grep "the following arguments are required: --scenario" -- "$mq"
run --status 2 --grep "--file takes SRC:DST" -- "$mq" --scenario "$s/ok.sh" --file nocolon
run --status 2 --grep "--timeout must be a positive" -- "$mq" --scenario "$s/ok.sh" --timeout 0
run --status 2 --grep "unknown option 'speed'; allowed: hostfwd=HOST:GUEST, hub=N" -- \
	"$mq" --scenario "$s/ok.sh" --device e1000,speed=10
run --status 2 --grep "hostfwd takes HOSTPORT:GUESTPORT" -- \
	"$mq" --scenario "$s/ok.sh" --device e1000,hostfwd=8080
run --status 2 --grep "no such module" -- "$mq" --scenario "$s/ok.sh" --kmod no_such_driver
run --status 2 --grep "no such file: /nonexistent.ko" -- "$mq" --scenario "$s/ok.sh" --module /nonexistent.ko
run --status 2 --grep "argument --accel: invalid choice" -- "$mq" --scenario "$s/ok.sh" --accel xen
exit "$fail"
