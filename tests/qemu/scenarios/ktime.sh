# Print the guest time the ktime_kmalloc module measured at load.
line=$(dmesg | grep 'kmalloc/kfree pairs in') || { echo "ktime: no measurement in dmesg"; exit 1; }
echo "$line"
