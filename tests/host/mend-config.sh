#!/bin/bash
# tools/mend-config prints what a driver build needs and refuses what it
# does not know. Usage: mend-config.sh MEND_CONFIG (MEND_BUILD_DIR set)
set -u
mc=$1
fail=0
check() { # description, command output, extended regex
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then
		echo "ok: $1: $2"
	else
		echo "FAIL: $1: got '$2', wanted /$3/"
		fail=1
	fi
}

plugin=$("$mc" --plugin)
check "--plugin" "$plugin" '/plugin/mend\.so$'
[ -f "$plugin" ] || { echo "FAIL: --plugin names a missing file"; fail=1; }
# Kernel builds: the annotations included everywhere, recovery on, the
# kernel API descriptions and bounds loaded.
check "--cflags" "$("$mc" --cflags)" \
	"^-fplugin=$plugin -I(/.*)/annotations -include \\1/annotations/mend\\.h -fplugin-arg-mend-recovery -fplugin-arg-mend-api=\1/annotations/kernel-api\.mend -fplugin-arg-mend-annotations=\1/annotations/kernel\.mend$"
check "MEND_PLUGIN_ARGS" "$(MEND_PLUGIN_ARGS="verbose disable" "$mc" --cflags)" \
	"^-fplugin=$plugin -I/.*/annotations -include /.*/annotations/mend\\.h -fplugin-arg-mend-recovery -fplugin-arg-mend-api=/.*/annotations/kernel-api\.mend -fplugin-arg-mend-annotations=/.*/annotations/kernel\.mend -fplugin-arg-mend-verbose -fplugin-arg-mend-disable$"
check "--kbuild" "$("$mc" --kbuild)" '^include /.*/tools/mend.kbuild$'
check "--symvers" "$("$mc" --symvers)" '^/.*/runtime/mend_runtime/Module.symvers$'
# Host programs: a failed check stops the program (exit 86), no report-only.
user=$("$mc" --cflags-user)
check "--cflags-user" "$user" "^-fplugin=$plugin -I(/.*)/annotations -include \\1/annotations/mend\\.h -g$"
case "$user" in *report-only*) echo "FAIL: --cflags-user has report-only: $user"; fail=1 ;; esac
check "MEND_PLUGIN_ARGS user" "$(MEND_PLUGIN_ARGS=verbose "$mc" --cflags-user)" \
	"^-fplugin=$plugin -I/.*/annotations -include /.*/annotations/mend\\.h -fplugin-arg-mend-verbose -g$"
check "--libs-user" "$("$mc" --libs-user)" '-lmend-user'
kdir=$("$mc" --kdir)
check "--kdir" "$kdir" '^/'
[ -f "$kdir/Makefile" ] || { echo "FAIL: --kdir $kdir holds no Makefile"; fail=1; }
check "--version" "$("$mc" --version)" '^[0-9]+\.[0-9]+\.[0-9]+$'
check "two options" "$("$mc" --version --kdir)" "^[0-9.]+ $kdir$"

err=$("$mc" --frobnicate 2>&1)
status=$?
check "unknown option status" "$status" '^2$'
check "unknown option message" "$err" "unknown option '--frobnicate'; allowed: --plugin, --cflags,"

# Called from a Makefile, a broken setup must break the compile, not
# silently drop the instrumentation.
out=$(MEND_BUILD_DIR=/nonexistent "$mc" --cflags 2>/dev/null)
check "--cflags without a build" "$out" '^-fplugin=mend-config-failed$'
exit "$fail"
