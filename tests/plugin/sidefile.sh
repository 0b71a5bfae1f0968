#!/bin/bash
# plugin.sidefile: annotations from a side file give the same checks as the
# same annotations in the source, and a broken side file is an error at
# its file:line (or at the declaration it names).
# Usage: sidefile.sh PLUGIN CC ANNOTATIONS_DIR DIR
set -eu
plugin=$1 cc=$2 annotations=$3 dir=$4
. "$(dirname "$0")/common.sh"

# checks_of NAME FLAGS...: compile ring.c, keep its keep/drop/proven lines.
checks_of() {
	local name=$1
	shift
	mkdir "$work/$name"
	(cd "$work/$name" && "$cc" -O2 -c "$dir/ring.c" -o ring.o \
		-I"$annotations" -fplugin="$plugin" -fplugin-arg-mend-dump "$@") \
		2>"$work/$name.err" || fail "compiling ring.c ($name) failed" "$work/$name.err"
	grep -E '^(keep|drop|proven|hoist) ' "$work/$name"/*.mend-checks >"$work/$name.checks" || true
}

checks_of source -DIN_SOURCE
checks_of side -fplugin-arg-mend-annotations="$dir/ring.mend"
[ -s "$work/source.checks" ] || fail "no checks with in-source annotations" "$work/source.err"
for kind in "bounds check at ring.c:25:.*'dst' count(n)" \
	"bounds check at ring.c:25:.*'desc' count(size)" \
	"null check at ring.c:26:.*'name'" \
	"bounds check at ring.c:26:.*'slot_table' count(16)"; do
	grep -q "$kind" "$work/source.checks" ||
		fail "in-source annotations: no \"$kind\"" "$work/source.checks"
done
diff -u "$work/source.checks" "$work/side.checks" >"$work/diff" ||
	fail "side-file annotations give other checks than in-source ones" "$work/diff"

# A broken side file: every problem reported, the compile fails.
if "$cc" -O2 -c "$dir/ring.c" -o "$work/broken.o" -I"$annotations" \
	-fplugin="$plugin" -fplugin-arg-mend-annotations="$dir/broken.mend" \
	2>"$work/broken.err"; then
	fail "a broken side file compiled" "$work/broken.err"
fi
for text in \
	"broken.mend:4: unknown kind 'parm'; allowed: field, param, return, global" \
	"broken.mend:5: missing ')' after 'count('" \
	"broken.mend:6: unknown annotation 'counted'"; do
	grep -F "$text" "$work/broken.err" | grep -q "error: mend: " ||
		fail "no \"$text\" in the errors" "$work/broken.err"
done
# Broken lines stop the compile before any code is seen; the lines that
# parse but name what ring.c lacks are errors at the declaration.
grep -v "^parm\|count(size$\|counted(" "$dir/broken.mend" >"$work/names.mend"
if "$cc" -O2 -c "$dir/ring.c" -o "$work/names.o" -I"$annotations" \
	-fplugin="$plugin" -fplugin-arg-mend-annotations="$work/names.mend" \
	2>"$work/names.err"; then
	fail "a side file naming a missing field compiled" "$work/names.err"
fi
grep -q "ring.c:14:8: error: mend: .*names.mend:2: 'struct ring' has no field 'descr'" "$work/names.err" ||
	fail "no error for the missing field at struct ring" "$work/names.err"
grep -q "ring.c:22:.*error: mend: .*names.mend:3: 'fill' has no parameter 'count'" "$work/names.err" ||
	fail "no error for the missing parameter at fill" "$work/names.err"
echo "side file: $(wc -l <"$work/side.checks") checks, same as in the source"
