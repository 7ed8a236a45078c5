#!/bin/sh
# diagnose --all on a generated fleet (tests/standin/fleet.py: healthy
# machines, frozen systemd, downloads refused or missing, pulls, OOM,
# scheduling, crash loops, config and mount failures, bare pods and
# Deployments' pods), from the stand-in API server and from saved files:
# every pod's root cause as the generator says. make bench runs the same at
# 1000 pods for speed; this holds its answers.
set -eu
: "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$TOP/tests/lib.sh"

SRV=$T_TMP/srv
SRV_PID=
stop_server() { [ -z "$SRV_PID" ] || kill "$SRV_PID" 2>/dev/null || true; }
trap 'stop_server; rm -rf "$T_TMP"' EXIT
python3 "$TOP/tests/standin/fleet.py" 150 "$T_TMP/fleet.json" "$T_TMP/fleet.expect" --list "$T_TMP/fleet.list.json" >/dev/null
python3 "$TOP/tests/standin/apiserver.py" --dir "$SRV" --fixtures "$T_TMP/fleet.json" >"$T_TMP/server.out" 2>&1 &
SRV_PID=$!
i=0
while [ ! -s "$SRV/port" ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
if [ ! -s "$SRV/port" ]; then
	fail "the stand-in API server starts" "$(cat "$T_TMP/server.out")"
	summary
	exit 1
fi
export KUBECONFIG="$SRV/kubeconfig"

# right OUT: "N/M", then each wrong one (what the generator says, what we said)
right() {
	python3 - "$1" "$T_TMP/fleet.expect" <<'PY'
import collections, json, sys
got = {i["object"]: i["findings"][0]["id"] for i in json.load(open(sys.argv[1]))["items"]}
want = json.load(open(sys.argv[2]))
print("%d/%d" % (sum(got.get(k) == v for k, v in want.items()), len(want)))
for (w, g), n in collections.Counter((v, got.get(k)) for k, v in want.items() if got.get(k) != v).most_common():
    print("%d want %s, got %s" % (n, w, g))
PY
}

run_cmd "$T_TMP/out" "$T_TMP/err" "$OC_LEAPP" diagnose --all -n fleet -o json
r=$(right "$T_TMP/out")
n=$(printf '%s\n' "$r" | head -n 1)
if [ "$RC" -eq 3 ] && [ "${n%/*}" = "${n#*/}" ] && [ "${n%/*}" -ge 150 ] && no_sanitizer_report "$T_TMP/err"; then ok "live --all: every root cause right ($n)"
else fail "live --all: root causes" "$r" "$(head -c 600 "$T_TMP/err")"; fi

# Saved files hold no logs (exit 3: some finding is an error).
run_cmd "$T_TMP/out" "$T_TMP/err" "$OC_LEAPP" diagnose --all --from-file "$T_TMP/fleet.list.json" -o json
if [ "$RC" -eq 3 ] && no_sanitizer_report "$T_TMP/err" &&
	python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if len(d["items"]) >= 150 else 1)' "$T_TMP/out"; then
	ok "--from-file --all: a report for every pod of the saved list"
else
	fail "--from-file --all" "exit $RC" "$(head -c 600 "$T_TMP/err")"
fi
summary
