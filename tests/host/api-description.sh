#!/bin/sh
# Every api line of annotations/kernel-api.mend has its wrapper in
# kernel-shim/ (a __mend_wrap_NAME exported from mend.ko), and every
# exported wrapper has its api line: adding an API is one line plus one
# wrapper, and neither can be forgotten.
#   api-description.sh KERNEL-API.MEND KERNEL-SHIM-DIR
set -eu
desc=$1
shim=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

sed -n 's/^api[ 	]\{1,\}\([A-Za-z0-9_]\{1,\}\).*/\1/p' "$desc" | sort > "$tmp/described"
cat "$shim"/*.c |
	sed -n 's/^EXPORT_SYMBOL_GPL(__mend_wrap_\([A-Za-z0-9_]\{1,\}\));$/\1/p' |
	sort > "$tmp/wrapped"

[ -s "$tmp/described" ] || { echo "api-description: no api line in $desc"; exit 1; }
status=0
for name in $(comm -23 "$tmp/described" "$tmp/wrapped"); do
	echo "api-description: $desc describes $name, kernel-shim has no exported __mend_wrap_$name"
	status=1
done
for name in $(comm -13 "$tmp/described" "$tmp/wrapped"); do
	echo "api-description: kernel-shim exports __mend_wrap_$name, $desc has no api line for it"
	status=1
done
dups=$(uniq -d "$tmp/described")
if [ -n "$dups" ]; then
	echo "api-description: described twice: $dups"
	status=1
fi
[ $status = 0 ] && echo "api-description: $(wc -l < "$tmp/described") APIs, each with its wrapper"
exit $status
