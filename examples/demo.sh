# The main job's guest side (tools/mend-demo): mend.ko and the instrumented
# edu driver are loaded; show what the runtime exposes and that the driver
# built with the plugin works on the emulated device.
set -u
echo "== mend runtime"
echo "/sys/kernel/mend/version: $(cat /sys/kernel/mend/version)"
dmesg | grep 'mend: ' | sed 's/^\[[^]]*\] /kernel: /'
echo
echo "== the instrumented edu driver on QEMU's edu device"
grep -q '^edu ' /proc/modules && echo "edu.ko loaded; /dev/edu: $(ls -l /dev/edu | cut -c1-10)"
sh /lib/edu-scenario.sh
status=$?
echo
echo "== where mend stands"
echo "done:    bounds/NULL checks from annotations; entry guards, API tracking, rollback and"
echo "         restart; a per-entry watchdog; NIC drivers (the unmodified e1000, the rtl8139"
echo "         example) keep a TCP transfer and a ping flood going through faults, with their"
echo "         configuration and ethtool settings; /sys/kernel/mend/edu: $(ls /sys/kernel/mend/edu | tr '\n' ' ')"
echo "         benchmarks: tools/mend-bench (edu, TCP and pktgen into the NICs, under -icount);"
echo "         fault injection: -fplugin-arg-mend-inject=TYPES, sites armed at run time (also"
echo "         before a driver loads), tools/mend-inject campaigns on edu, rtl8139 and e1000"
echo "not yet: instrumentation within 5% of plain everywhere; kernel API arguments checked"
echo "         against what the driver owns"
exit $status
