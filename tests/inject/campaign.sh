#!/bin/sh
# A tiny fault-injection campaign on the edu example for the suite
# (inject.edu-campaign): three sites of two types, found by type and
# function in the site list (ids move when edu.c changes), both variants,
# one guest at a time; then the same command again, which must resume
# (every site already in results.csv) and print the same summary.
#
#   off-by-one in edu_ioctl        the copy_from_user length, one too many
#   retval in edu_open             open fails
#   off-by-one in edu_dma_round_trip  (first such site)
#
# (A removed unlock in edu_ioctl crashes both builds, and costs the
# no-progress timeout: it is in the README's campaign, not here.)
#
# Usage: campaign.sh BUILD OUT
set -eu
build=$1 out=$2
tool=$(dirname "$0")/../../tools/mend-inject
site() { # site TYPE FUNCTION: the first such site's id
	"$tool" --build "$build" --list --types "$1" |
		awk -v f="$2" '$4 == f { print $1; exit }'
}
ids=$(site off-by-one edu_ioctl),$(site retval edu_open),$(site off-by-one edu_dma_round_trip)
echo "campaign: sites $ids"
rm -rf "$out"
"$tool" --build "$build" --sites "$ids" --jobs 1 --site-timeout 15 --out "$out"
echo "campaign: again"
"$tool" --build "$build" --sites "$ids" --jobs 1 --site-timeout 15 --out "$out" > "$out/again.txt"
grep '^mend-inject: edu' "$out/again.txt"
echo "campaign: results.csv has $(($(wc -l < "$out/results.csv") - 1)) rows"
