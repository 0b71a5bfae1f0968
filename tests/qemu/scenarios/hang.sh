# A scenario that never ends: the harness must stop it at its timeout.
echo "hang: looping forever"
while :; do sleep 1; done
