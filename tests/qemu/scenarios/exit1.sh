# A scenario that fails: the harness must pass its status on.
echo "exit1: failing on purpose"
exit 1
