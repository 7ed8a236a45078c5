#!/bin/sh
# make demo, as a newcomer runs it: every step succeeds and writes what it says.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
out=$T_TMP/demo
run_cmd "$T_TMP/out" "$T_TMP/err" env DEMO_OUT="$out" DEMO_PROG="$OC_LEAPP" sh "$top/examples/demo.sh"
[ "$RC" -eq 0 ] && ok "the demo runs" || fail "the demo runs" "exit $RC" "$(tail -5 "$T_TMP/err")"
for f in macroimage/Dockerfile macroimage/web-centos7-pod.yaml multivolume/web-centos7-pod.yaml \
	stateful/web-centos7-deployment.yaml stateful/web-centos7-storage.yaml web-centos7.tar.gz.sha256; do
	[ -s "$out/$f" ] && ok "demo wrote $f" || fail "demo wrote $f"
done
(cd "$out" && sha256sum -c --quiet web-centos7.tar.gz.sha256) && ok "the demo's archive matches its .sha256" || fail "demo sha256"
grep -q "$(cut -c1-64 "$out/web-centos7.tar.gz.sha256")" "$out/multivolume/web-centos7-pod.yaml" \
	&& ok "the multivolume pod checks the archive's SHA-256" || fail "demo: sha256 in the pod"
grep -q 'ImageURLUnreachable' "$T_TMP/out" && ok "the demo's diagnosis names ImageURLUnreachable" || fail "demo diagnosis" "$(tail -20 "$T_TMP/out")"
summary
