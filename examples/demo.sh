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
echo "         restart (edu, and the unmodified e1000 through a TCP transfer); a per-entry"
echo "         watchdog; /sys/kernel/mend/edu: $(ls /sys/kernel/mend/edu | tr '\n' ' ')"
echo "not yet: ethtool settings replayed after a restart, the rtl8139 example recovering,"
echo "         ten faults in one transfer and the ping flood, the benchmarks"
exit $status
