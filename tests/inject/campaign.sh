#!/bin/sh
# A tiny fault-injection campaign on the edu example for the suite
# (inject.edu-campaign): three sites of two types, found by type and
# function in the site list (ids move when edu.c changes), both variants,
# one guest at a time; then the same command again, which must resume
# (every site already in results.csv) and print the same summary.
#
#   off-by-one in edu_ioctl  the copy_from_user length, one too many
#   retval in edu_open       open fails
#   unlock in edu_ioctl      the statistics' spin_unlock_irq skipped: the
#                            plain build returns to user space holding a
#                            spinlock (a kernel crash), mend fails the call
#                            (lock-held) and recovers
#
# Usage: campaign.sh BUILD OUT
set -eu
build=$1 out=$2
tool=$(dirname "$0")/../../tools/mend-inject
site() { # site TYPE FUNCTION: the first such site's id
	"$tool" --build "$build" --list --types "$1" |
		awk -v f="$2" '$4 == f { print $1; exit }'
}
ids=$(site off-by-one edu_ioctl),$(site retval edu_open),$(site unlock edu_ioctl)
echo "campaign: sites $ids"
rm -rf "$out"
"$tool" --build "$build" --sites "$ids" --jobs 1 --site-timeout 15 --out "$out"
echo "campaign: again"
"$tool" --build "$build" --sites "$ids" --jobs 1 --site-timeout 15 --out "$out" > "$out/again.txt"
grep '^mend-inject: edu' "$out/again.txt"
echo "campaign: results.csv has $(($(wc -l < "$out/results.csv") - 1)) rows"
sed 's/^/campaign: /' "$out/outcomes.csv"
[ -s "$out/outcomes.png" ] && echo "campaign: outcomes.png drawn"
