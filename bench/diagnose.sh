#!/bin/sh
# Benchmark, three cases:
# 1. One diagnosis of a failing pod with an init container, against the
#    stand-in API server with 40 ms added to every answer, versus what a
#    person runs by hand: `kubectl describe pod` then `kubectl logs -c INIT
#    --previous` (discovery cache warm). Goal: at most a fifth of kubectl's.
# 2. A fleet of 1000 machines' pods at 5 ms: `diagnose --all` versus
#    `kubectl get pods -o json` + `kubectl get events -o json` + reading the
#    failing containers' logs (curl, as many at once as diagnose sends).
#    Goal: at most that time, and every pod's root cause right.
# 3. --from-file with 5000 and 20000 pods: time and memory must grow
#    linearly.
# Prints the times (best of N), their ratios and the requests made.
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
kill "$SRV_PID" 2>/dev/null
wait "$SRV_PID" 2>/dev/null || :
SRV_PID=

# ---- 2. a fleet of 1000 pods, at 5 ms ----
FLEET=${BENCH_FLEET:-1000}
# cached by fleet.py's content: a changed generator makes a new fleet
CACHE=${OC_LEAPP_CACHE:-$HOME/.cache/oc-leapp}/bench/$(sha256sum tests/standin/fleet.py | cut -c1-12)
mkdir -p "$CACHE"
fleet() {	# fleet N: the fixture, its expected root causes and the List, cached
	[ -s "$CACHE/fleet$1.list.json" ] || python3 tests/standin/fleet.py "$1" "$CACHE/fleet$1.json" \
		"$CACHE/fleet$1.expect" --list "$CACHE/fleet$1.list.json"
}
fleet "$FLEET"
python3 tests/standin/apiserver.py --dir "$T/fleet" --latency-ms 5 \
	--fixtures "$CACHE/fleet$FLEET.json" >"$T/server.out" 2>&1 &
SRV_PID=$!
i=0
while [ ! -s "$T/fleet/port" ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
[ -s "$T/fleet/port" ] || { cat "$T/server.out"; exit 1; }
URL=https://127.0.0.1:$(cat "$T/fleet/port")
export KUBECONFIG="$T/fleet/kubeconfig"
N=${BENCH_FLEET_RUNS:-3}
ours_all() { ./oc-leapp diagnose --all -n fleet -o json >"$T/fleet.out" 2>"$T/fleet.err" || true; }
ours_ms=$(best ours_all)
ctl POST reset >/dev/null; ours_all; ours_req=$(requests)
right=$(python3 - "$T/fleet.out" "$CACHE/fleet$FLEET.expect" <<'PY'
import json, sys
got = {i["object"]: i["findings"][0]["id"] for i in json.load(open(sys.argv[1]))["items"]}
want = json.load(open(sys.argv[2]))
print("%d/%d" % (sum(got.get(k) == v for k, v in want.items()), len(want)))
PY
)
# the logs diagnose read, read again with curl as fast as it can (6 at a time)
ctl GET requests | python3 -c '
import json, sys
for r in json.load(sys.stdin)["items"]:
    if r["path"].endswith("/log"):
        print("url = \"%s%s?%s\"\noutput = /dev/null" % (sys.argv[1], r["path"], r["query"]))
' "$URL" >"$T/logs.curl"
nlogs=$(grep -c '^url' "$T/logs.curl")
logs() { curl -s --no-progress-meter --cacert "$T/fleet/ca.crt" -H "Authorization: Bearer $(cat "$T/fleet/token")" \
	--parallel --parallel-max 6 -K "$T/logs.curl" 2>/dev/null; }
logs_ms=$(best logs)
echo "fleet of $FLEET pods at 5 ms: oc-leapp diagnose --all -o json: ${ours_ms} ms, $ours_req requests, root causes right: $right"
if command -v kubectl >/dev/null 2>&1; then
	kpods() { kubectl --cache-dir "$T/cache" -n fleet get pods -o json >/dev/null; }
	kevents() { kubectl --cache-dir "$T/cache" -n fleet get events -o json >/dev/null; }
	kpods
	pods_ms=$(best kpods)
	events_ms=$(best kevents)
	ctl POST reset >/dev/null; kpods; kevents; kube_req=$(requests)
	echo "kubectl get pods -o json: ${pods_ms} ms; kubectl get events -o json: ${events_ms} ms ($kube_req requests); the $nlogs logs it read, by curl, 6 at a time: ${logs_ms} ms"
	awk -v a="$ours_ms" -v b="$pods_ms" -v c="$events_ms" -v d="$logs_ms" \
		'BEGIN { printf "ratio: %.2f of kubectl get pods + get events + the logs (goal: at most 1.00)\n", a / (b + c + d) }'
else
	echo "kubectl not found: no comparison (the $nlogs logs by curl: ${logs_ms} ms)"
fi
kill "$SRV_PID" 2>/dev/null
wait "$SRV_PID" 2>/dev/null || :
SRV_PID=

# ---- 3. --from-file, 5000 and 20000 pods: linear in time and memory ----
# CPU time as well as wall time: the machine may be shared
for n in 5000 20000; do
	fleet "$n"
	/usr/bin/time -o "$T/time" -f '%e %U %S %M' ./oc-leapp diagnose --from-file "$CACHE/fleet$n.list.json" \
		-o json >/dev/null 2>&1 || true
	read -r wall user sys rss <<EOF
$(tail -n 1 "$T/time")
EOF
	cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
	eval "cpu_$n=$cpu rss_$n=$rss"
	echo "--from-file, $n pods ($(($(wc -c <"$CACHE/fleet$n.list.json") >> 20)) MiB of JSON): ${wall} s, ${cpu} s of CPU, max RSS $((rss >> 10)) MiB"
done
awk -v a="$cpu_5000" -v b="$cpu_20000" -v c="$rss_5000" -v d="$rss_20000" \
	'BEGIN { printf "20000 pods against 5000: %.1fx the CPU time, %.1fx the memory (linear: 4x)\n", b / a, d / c }'
