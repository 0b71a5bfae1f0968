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
echo "done:    plugin loads into the kernel's GCC and lists each function's kernel API calls;"
echo "         runtime loads, serves /sys/kernel/mend ($(ls /sys/kernel/mend | tr '\n' ' ')), unloads cleanly"
echo "not yet: bounds/NULL checks, entry guards, API tracking, rollback and restart"
exit $status
