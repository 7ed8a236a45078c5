#!/bin/sh
# Benchmark: one diagnosis of a failing pod with an init container, against
# the stand-in API server with 40 ms added to every answer, versus what a
# person runs by hand: `kubectl describe pod` then `kubectl logs -c INIT
# --previous` (discovery cache warm). Prints both times (best of N), their
# ratio and the requests each made. Goal: at most a fifth of kubectl's time.
set -eu
cd "$(dirname "$0")/.."
[ -x ./oc-leapp ] || make -s oc-leapp
N=${BENCH_RUNS:-5}
T=$(mktemp -d "${TMPDIR:-/tmp}/bench-diagnose.XXXXXX")
SRV_PID=
trap '[ -z "$SRV_PID" ] || kill "$SRV_PID" 2>/dev/null; rm -rf "$T"' EXIT
python3 tests/standin/apiserver.py --dir "$T/srv" --latency-ms 40 \
	--fixtures tests/standin/fixtures/sample.json >"$T/server.out" 2>&1 &
SRV_PID=$!
i=0
while [ ! -s "$T/srv/port" ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
[ -s "$T/srv/port" ] || { cat "$T/server.out"; exit 1; }
URL=https://127.0.0.1:$(cat "$T/srv/port")
export KUBECONFIG="$T/srv/kubeconfig"
ctl() { curl -skf -X "$1" "$URL/_control/$2"; }
requests() { ctl GET stats | python3 -c 'import json,sys; print(json.load(sys.stdin)["requests"])'; }
now_ms() { date +%s%3N; }

# the diagnose command once the branches are merged; until then the client's own
ours() { ./oc-leapp diagnose leapp-web-pod >/dev/null 2>&1 || true; }
what="oc-leapp diagnose leapp-web-pod"
best() {	# best FUNCTION: the fastest of N runs, in ms
	b=999999
	for _ in $(seq "$N"); do
		s=$(now_ms); "$1"; d=$(($(now_ms) - s))
		[ "$d" -lt "$b" ] && b=$d
	done
	echo "$b"
}
ours
ours_ms=$(best ours)
ctl POST reset >/dev/null; ours; ours_req=$(requests)
echo "$what: ${ours_ms} ms, $ours_req requests"

if ! command -v kubectl >/dev/null 2>&1; then
	echo "kubectl not found: no comparison"
	exit 0
fi
kube() {
	kubectl --cache-dir "$T/cache" -n demo describe pod leapp-web-pod >/dev/null
	kubectl --cache-dir "$T/cache" -n demo logs leapp-web-pod -c web-init --previous >/dev/null
}
kube	# fills the discovery cache
kube_ms=$(best kube)
ctl POST reset >/dev/null; kube; kube_req=$(requests)
echo "kubectl describe pod + kubectl logs -c web-init --previous: ${kube_ms} ms, $kube_req requests"
awk -v a="$ours_ms" -v b="$kube_ms" 'BEGIN { printf "ratio: %.2f (goal: at most 0.20)\n", a / b }'
