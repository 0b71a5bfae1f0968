# Load a module whose init dereferences NULL. insmod dies with the Oops; the
# scenario itself exits 0, so only the harness's log check can fail the run.
insmod /lib/null_init.ko
echo "null-init: insmod exited with $?"
exit 0
