# common.sh - sourced by the plugin tests: a scratch directory removed on
# exit, a fixed locale (GCC quotes with ' in the C locale, with curly
# quotes in UTF-8 ones) and a way to fail with the evidence.

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LC_ALL=C
tests_dir=$(cd "$(dirname "$0")" && pwd)

# fail MESSAGE [FILE]: print MESSAGE and the contents of FILE, exit 1.
fail() {
	echo "FAIL: $1" >&2
	if [ $# -gt 1 ]; then
		echo "--- $2 ---" >&2
		cat "$2" >&2
	fi
	exit 1
}
