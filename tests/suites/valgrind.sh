#!/bin/sh
# The plain build (no sanitizers) under valgrind: no invalid access, no leak.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
if ! command -v valgrind >/dev/null 2>&1; then
	skip "valgrind" "valgrind is not installed (make deps installs it)"
	summary
	exit 0
fi
m=$T_TMP/m
sh "$top/tests/machines.sh" "$m"
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
# [want=STATUS] check NAME CMD...: CMD runs the program under $VG somewhere
# inside it; with want set, it must also exit with that status.
check() {
	name=$1; shift
	run_cmd "$T_TMP/out" "$T_TMP/vg" "$@"
	if [ "$RC" -eq 99 ] || grep -q '==[0-9]*== ' "$T_TMP/vg"; then
		fail "valgrind: $name" "$(grep '==' "$T_TMP/vg" | head -8)"
	elif [ -n "${want:-}" ] && [ "$RC" -ne "$want" ]; then
		fail "valgrind: $name: exit $RC, not $want" "$(head -5 "$T_TMP/vg")"
	else
		ok "valgrind: $name (exit $RC)"
	fi
}
# shellcheck disable=SC2086
vg() { name=$1; shift; check "$name" $VG "$OC_LEAPP_PLAIN" "$@"; }
vg "generate macroimage" generate macroimage -c centos7-web --root "$m" -t 80 -e "$T_TMP/a"
vg "generate multivolume -o json" generate multivolume -c Web_Server.01 --root "$m" -t 80 --udp 53 -m http://x/y -o json
vg "generate stateful" generate stateful -c centos6-app --root "$m" -t 80 -s sa -e "$T_TMP/b"
vg "generate legacy" generate multivolume -c leapp-migrated-container --root "$m" -m http://x/y --legacy-init-annotation -o yaml
vg "bad port" generate macroimage -c centos7-web --root "$m" -t 99999
vg "missing machine" generate macroimage -c nope --root "$m"
vg "existing files" generate macroimage -c centos7-web --root "$m" -t 80 -e "$T_TMP/a"
vg "archive" archive -c centos7-web --root "$m" -q -f "$T_TMP/web.tar.gz"
vg "archive zstd to stdout" archive -c centos6-app --root "$m" -q -z zstd --threads 2 -f -
vg "archive: existing output" archive -c centos7-web --root "$m" -q -f "$T_TMP/web.tar.gz"
# holes, gzip on 3 threads, and what a killed run left behind
truncate -s 2G "$m/centos7-web/var/holes"
printf x | dd of="$m/centos7-web/var/holes" bs=1 seek=1000000 conv=notrunc 2>/dev/null
mkdir -p "$T_TMP/k"
OC_LEAPP_TEST_CRASH=committed "$OC_LEAPP_PLAIN" archive -c centos6-app --root "$m" -q -f "$T_TMP/k/a.tar.gz" >/dev/null 2>&1 || true
vg "archive: sparse, gzip threads, a killed run's files" archive -c centos7-web --root "$m" -q --threads 3 -f "$T_TMP/k/b.tar.gz"
rm -f "$m/centos7-web/var/holes"
truncate -s 2G "$m/centos7-web/var/holes"	# only holes: stored empty
vg "archive --no-sparse --whole-seconds" archive -c centos7-web --root "$m" -q --no-sparse --whole-seconds -z none -f "$T_TMP/k/c.tar"
rm -f "$m/centos7-web/var/holes"
fx=$top/tests/fixtures/diagnose
vg "diagnose --from-file" diagnose --from-file "$fx/ImageURLUnreachable/list.yaml" \
	--previous-log "web-init=$fx/ImageURLUnreachable/logs/web-init.previous.log"
vg "diagnose --from-file -o yaml" diagnose --from-file "$fx/SCCDenied/list.json" deployment/leapp-db -o yaml
vg "diagnose: garbage input" diagnose --from-file "$top/tests/suites/valgrind.sh"
vg "__complete" __complete generate --root "$m" -c ""
vg "generate --help" generate --help
# The cluster client (TLS, curl multi, kubeconfig) against the stand-in server;
# valgrind runs inside run-with-server.sh, which exports the KUBECONFIG.
standin=$top/tests/standin/run-with-server.sh
sample=$top/tests/standin/fixtures/sample.json
if command -v python3 >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1; then
	export STANDIN_DIR="$T_TMP/standin"	# certificates made once for both runs
	# shellcheck disable=SC2086
	want=3 check "diagnose live" bash "$standin" --fixtures "$sample" -- $VG "$OC_LEAPP_PLAIN" diagnose leapp-web-pod -n demo
	# shellcheck disable=SC2086
	want=3 check "diagnose --all live -o json" bash "$standin" --fixtures "$sample" -- $VG "$OC_LEAPP_PLAIN" diagnose --all -n demo -o json
	# shellcheck disable=SC2086
	want=0 check "live completion" bash "$standin" --fixtures "$sample" -- $VG "$OC_LEAPP_PLAIN" __complete diagnose -n demo ""
else
	skip "valgrind: the cluster client" "the stand-in API server needs python3 and openssl (make deps installs them)"
fi
summary
