#!/bin/sh
# The plain build (no sanitizers) under valgrind: no invalid access, no leak.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
if ! command -v valgrind >/dev/null 2>&1; then
	ok "valgrind not installed: skipped"
	summary
	exit 0
fi
m=$T_TMP/m
sh "$top/tests/machines.sh" "$m"
vg() {
	name=$1; shift
	run_cmd "$T_TMP/out" "$T_TMP/vg" valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect "$OC_LEAPP_PLAIN" "$@"
	if [ "$RC" -eq 99 ] || grep -q '==[0-9]*== ' "$T_TMP/vg"; then
		fail "valgrind: $name" "$(grep '==' "$T_TMP/vg" | head -8)"
	else
		ok "valgrind: $name (exit $RC)"
	fi
}
vg "generate macroimage" generate macroimage -c centos7-web --root "$m" -t 80 -e "$T_TMP/a"
vg "generate multivolume -o json" generate multivolume -c Web_Server.01 --root "$m" -t 80 --udp 53 -m http://x/y -o json
vg "generate stateful" generate stateful -c centos6-app --root "$m" -t 80 -s sa -e "$T_TMP/b"
vg "generate legacy" generate multivolume -c leapp-migrated-container --root "$m" -m http://x/y --legacy-init-annotation -o yaml
vg "bad port" generate macroimage -c centos7-web --root "$m" -t 99999
vg "missing machine" generate macroimage -c nope --root "$m"
vg "existing files" generate macroimage -c centos7-web --root "$m" -t 80 -e "$T_TMP/a"
summary
