#!/bin/sh
# The cluster client against the stand-in API server (real HTTPS, its own
# CA): authentication forms, TLS checks, kubectl's error wording, faults,
# bounded bodies, connection reuse, and what diag_collect_live gathers.
set -eu
: "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$TOP/tests/lib.sh"

SRV=$T_TMP/srv
SRV_PID=
stop_server() { [ -z "$SRV_PID" ] || kill "$SRV_PID" 2>/dev/null || true; }
trap 'stop_server; rm -rf "$T_TMP"' EXIT
python3 "$TOP/tests/standin/apiserver.py" --dir "$SRV" \
	--fixtures "$TOP/tests/standin/fixtures/sample.json" "$TOP/tests/standin/fixtures/biglog.json" \
	>"$T_TMP/server.out" 2>&1 &
SRV_PID=$!
i=0
while [ ! -s "$SRV/port" ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
if [ ! -s "$SRV/port" ]; then
	fail "the stand-in API server starts" "$(cat "$T_TMP/server.out")"
	summary
	exit 1
fi
PORT=$(cat "$SRV/port")
URL=https://127.0.0.1:$PORT
TOKEN=$(cat "$SRV/token")
export KUBECONFIG="$SRV/kubeconfig"
export HOME="$T_TMP/home"
mkdir -p "$HOME"
O=$T_TMP/out E=$T_TMP/err
POD=/api/v1/namespaces/demo/pods/leapp-web-pod

ctl() {	# ctl METHOD PATH [JSON]: the stand-in's control API
	curl -skf -X "$1" ${3:+-d "$3"} "$URL/_control/$2"
}
stat_of() {	# stat_of KEY: a number from /_control/stats
	ctl GET stats | python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"
}
expect() {	# expect NAME RC PATTERN FILE: exit status and a line in FILE
	if [ "$RC" -eq "$2" ] && grep -q -- "$3" "$4" && no_sanitizer_report "$E"; then
		ok "$1"
	else
		fail "$1" "rc=$RC (want $2)" "$(head -c 600 "$O")" "$(head -c 1200 "$E")"
	fi
}

# ---- authentication ----
for ctx in standin standin-cert standin-certdata standin-tokenfile standin-insecure; do
	run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get --context "$ctx" "$POD"
	expect "context $ctx reads the pod" 0 '"name": *"leapp-web-pod"' "$O"
done
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get --kubeconfig /dev/null --server "$URL" --token "$TOKEN" \
	--certificate-authority "$SRV/ca.crt" "$POD"
expect "--server --token --certificate-authority without a kubeconfig" 0 'status: 200' "$O"
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get --kubeconfig /dev/null --server "$URL" --insecure-skip-tls-verify \
	--client-certificate "$SRV/client.crt" --client-key "$SRV/client.key" "$POD"
expect "--client-certificate/--client-key with --insecure-skip-tls-verify" 0 'status: 200' "$O"
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get --context standin-wrongcert "$POD"
# TLS 1.3: the refusal arrives after the handshake, as a TLS alert or a reset
expect "a client certificate from another CA is refused, naming the server" 1 \
	"oc-leapp: error: .*127.0.0.1:$PORT" "$E"

# ---- TLS ----
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get --context standin-wrongca "$POD"
expect "wrong CA: a TLS error naming the server" 1 "Unable to connect to the server 127.0.0.1:$PORT: TLS" "$E"
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get --context standin-wrongca --insecure-skip-tls-verify "$POD"
expect "--insecure-skip-tls-verify overrides the kubeconfig's CA" 0 'status: 200' "$O"
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get --kubeconfig /dev/null --server "$URL" --token "$TOKEN" "$POD"
expect "no CA given: the system roots do not know the stand-in" 1 "TLS" "$E"
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get --server "https://localhost.invalid:$PORT" "$POD"
expect "an unknown host name" 1 "Unable to connect to the server localhost.invalid:$PORT" "$E"
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get --context standin-localhost "$POD"
expect "a server named by DNS name (certificate SAN localhost)" 0 'status: 200' "$O"
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get --tls-server-name localhost "$POD"
expect "--tls-server-name localhost is accepted by the certificate" 0 'status: 200' "$O"
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get --tls-server-name wrong.example "$POD"
expect "--tls-server-name that the certificate does not name fails" 1 "TLS" "$E"
# a port nobody listens on
python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' >"$T_TMP/freeport"
FREE=$(cat "$T_TMP/freeport")
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get --server "https://127.0.0.1:$FREE" "$POD"
expect "connection refused names the server" 1 \
	"The connection to the server 127.0.0.1:$FREE was refused - did you specify the right host or port?" "$E"

# ---- API errors in kubectl's words ----
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get /api/v1/namespaces/demo/pods/nope
expect "404" 1 'oc-leapp: error: Error from server (NotFound): pods "nope" not found' "$E"
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get --context standin-forbidden "$POD"
expect "403 shows the Status message" 1 'Error from server (Forbidden): pods "leapp-web-pod" is forbidden: User "forbidden" cannot get resource "pods"' "$E"
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get --context standin-badtoken "$POD"
expect "401 says to log in" 1 "You must be logged in to the server (Unauthorized).*oc login" "$E"
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get /api/v1/persistentvolumes
expect "Warning headers reach stderr as kubectl shows them" 0 \
	'^Warning: stand-in warning: persistentvolumes are served from a test fixture$' "$E"

# ---- faults ----
# fault KIND NAME PATTERN [FLAGS...]: the pod's GET answered with fault KIND fails (exit 1) and says PATTERN
fault() {
	ctl POST faults "[{\"path\":\"pods/leapp-web-pod\$\",\"kind\":\"$1\"}]" >/dev/null
	name=$2 pat=$3; shift 3
	run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get "$@" "$POD"
	expect "$name" 1 "$pat" "$E"
}
fault garbage "garbage instead of JSON" "sent invalid JSON for GET $POD"
fault truncated "a truncated answer" "oc-leapp: error: .*GET $POD"
fault html "an HTML error page: the HTTP code and its first bytes" 'HTTP 502 Bad Gateway for GET .*: "<html>'
fault 500 "a 500 Status" 'Error from server (InternalError)'
fault drop "a dropped connection" "oc-leapp: error: .*127.0.0.1:$PORT"
fault hang "a server that never answers: the time limit is named" "no answer to GET $POD within 1s" --request-timeout=1s
ctl DELETE faults >/dev/null

# ---- -v=6: the requests, never the token ----
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get -v=6 --context standin "$POD"
if grep -q "^GET $URL$POD 200 OK in [0-9]* milliseconds$" "$E" && ! grep -q "$TOKEN" "$E" "$O"; then
	ok "-v=6 prints method, URL, status, time and no token"
else
	fail "-v=6 prints method, URL, status, time and no token" "$(cat "$E")"
fi

# ---- connection reuse ----
ctl POST reset >/dev/null
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get --sequential --no-body "$POD" "$POD/log?container=web-init" \
	/api/v1/namespaces/demo/events "$POD"
if [ "$RC" -eq 0 ] && [ "$(stat_of requests)" -eq 4 ] && [ "$(stat_of connections)" -eq 1 ]; then
	ok "four requests in a row use one connection"
else
	fail "four requests in a row use one connection" "$(ctl GET stats)"
fi

# ---- bounded bodies: a 100 MB log ----
BIG="/api/v1/namespaces/demo/pods/leapp-big-pod/log?container=big"
start=$(date +%s)
run_cmd "$O" "$E" /usr/bin/time -f 'maxrss %M' "$OC_LEAPP_CLIENT_PLAIN" __get --no-body --max-bytes 1048576 "$BIG"
rss=$(sed -n 's/^maxrss //p' "$E")
if [ "$RC" -eq 0 ] && grep -q '^truncated: 1$' "$O" && grep -q '^bytes: 1048576$' "$O" &&
	[ "${rss:-999999}" -lt 60000 ] && [ $(($(date +%s) - start)) -lt 10 ]; then
	ok "a 100 MB log is cut at the client's cap (max RSS ${rss} KiB)"
else
	fail "a 100 MB log is cut at the client's cap" "$(cat "$O" "$E")"
fi
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __collect leapp-big-pod
python3 - "$O" >"$T_TMP/py" 2>&1 <<'EOF' && RC=0 || RC=1
import json, sys
f = json.load(open(sys.argv[1]))[0]
(l,) = f["logs"]
assert l["container"] == "big" and l["truncated"], l.keys()
assert 0 < len(l["text"].encode()) <= 262144, len(l["text"])
EOF
expect "collect asks for a bounded tail of a 100 MB log" 0 . "$O"

# ---- what diag_collect_live gathers ----
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __collect leapp-web-pod
python3 - "$O" >"$T_TMP/py" 2>&1 <<'EOF' && RC=0 || RC=1
import json, sys
(f,) = json.load(open(sys.argv[1]))
assert f["pod_name"] == "leapp-web-pod" and f["namespace"] == "demo" and f["source"] == "live"
ev = f["events"]
assert len(ev) == 7 and all(e["kind"] == "Event" for e in ev)
t = [e.get("lastTimestamp") or e.get("eventTime") for e in ev]
assert t == sorted(t), t
logs = {(l["container"], l["previous"]): l for l in f["logs"]}
assert set(logs) == {("web-init", True), ("web-init", False)}, logs.keys()
assert "wget: can't connect to remote host" in logs[("web-init", False)]["text"]
assert all(l["init"] for l in f["logs"])
EOF
expect "a failing init container: pod, events oldest first, current and previous init logs" 0 . "$O"
[ "$RC" -eq 0 ] || cat "$T_TMP/py"

run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __collect deployment/leapp-db
python3 - "$O" >"$T_TMP/py" 2>&1 <<'EOF' && RC=0 || RC=1
import json, sys
(f,) = json.load(open(sys.argv[1]))
assert f["pod"] is None and f["pod_name"] is None
assert [o["kind"] for o in f["owners"]] == ["Deployment", "ReplicaSet"]
assert "FailedCreate" in [e["reason"] for e in f["events"]]
EOF
expect "deployment/NAME with no pod: the Deployment, its ReplicaSet and FailedCreate" 0 . "$O"
[ "$RC" -eq 0 ] || cat "$T_TMP/py"

run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __collect --all
python3 - "$O" >"$T_TMP/py" 2>&1 <<'EOF' && RC=0 || RC=1
import json, sys
d = json.load(open(sys.argv[1]))
names = sorted(f["pod_name"] for f in d)
assert names == ["leapp-big-pod", "leapp-mail-pod", "leapp-web-pod"], names
EOF
expect "--all: one entry per pod labelled name=leapp-*-label" 0 . "$O"

run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __collect -l name=leapp-mail-label
python3 - "$O" >"$T_TMP/py" 2>&1 <<'EOF' && RC=0 || RC=1
import json, sys
(f,) = json.load(open(sys.argv[1]))
assert f["pod_name"] == "leapp-mail-pod"
assert {l["container"] for l in f["logs"]} == {"mail-prep", "mail", "mail-journal"}, f["logs"]
EOF
expect "-l SELECTOR, and the logs of running containers too" 0 . "$O"

run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __collect nope
expect "a missing pod fails the run in kubectl's words" 1 'Error from server (NotFound): pods "nope" not found' "$E"
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __collect --context standin-forbidden leapp-web-pod
expect "403 on the pod fails the run" 1 'Error from server (Forbidden)' "$E"

# logs that cannot be read go into the facts, not a failure of the run
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __collect --context standin-viewer leapp-web-pod
python3 - "$O" >"$T_TMP/py" 2>&1 <<'EOF' && RC=0 || RC=1
import json, sys
(f,) = json.load(open(sys.argv[1]))
assert f["logs"] and all("Forbidden" in l["error"] and "text" not in l for l in f["logs"]), f["logs"]
EOF
expect "403 on pods/log lands in diag_log.error" 0 . "$O"

# escape sequences reach the facts untouched: sanitizing is the report's job
ctl POST fixtures '{"items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"esc-pod","namespace":"demo","uid":"e5c"},"spec":{"nodeName":"worker-1.demo.example.com","containers":[{"name":"app","image":"x"}]},"status":{"phase":"Running","containerStatuses":[{"name":"app","ready":true,"restartCount":0,"state":{"running":{"startedAt":"2025-11-23T09:00:00Z"}}}]}}],"logs":{"demo/esc-pod/app":"\u001b[31mred\u001b[0m \u001b]0;title\u0007 done\n"}}' >/dev/null
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __collect esc-pod
python3 - "$O" >"$T_TMP/py" 2>&1 <<'EOF' && RC=0 || RC=1
import json, sys
(f,) = json.load(open(sys.argv[1]))
assert f["logs"][0]["text"] == "\x1b[31mred\x1b[0m \x1b]0;title\x07 done\n", f["logs"]
EOF
expect "escape sequences in logs reach the facts byte for byte" 0 . "$O"

# ---- owners: the Deployment is guessed from pod-template-hash, and checked ----
ctl POST fixtures '{"items":[
 {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web2","namespace":"demo","uid":"d-1"},"spec":{"selector":{"matchLabels":{"app":"web2"}}}},
 {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"web2-abc","namespace":"demo","uid":"rs-1","labels":{"app":"web2"},"annotations":{"deployment.kubernetes.io/revision":"2"},"ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"web2","uid":"d-1","controller":true}]},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"web2"}}}},
 {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"web2-old","namespace":"demo","uid":"rs-0","labels":{"app":"web2"},"annotations":{"deployment.kubernetes.io/revision":"1"},"ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"web2","uid":"d-1","controller":true}]},"spec":{"replicas":0,"selector":{"matchLabels":{"app":"web2"}}}},
 {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web2-abc-x1","namespace":"demo","uid":"p-1","creationTimestamp":"2025-11-23T09:00:00Z","labels":{"app":"web2","pod-template-hash":"abc"},"ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web2-abc","uid":"rs-1","controller":true}]},"spec":{"containers":[{"name":"app","image":"x"}],"volumes":[{"name":"data","persistentVolumeClaim":{"claimName":"web2-data"}}]},"status":{"phase":"Pending"}},
 {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web2-old-x0","namespace":"demo","uid":"p-0","creationTimestamp":"2025-11-23T09:30:00Z","labels":{"app":"web2","pod-template-hash":"old"},"ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web2-old","uid":"rs-0","controller":true}]},"spec":{"containers":[{"name":"app","image":"x"}]},"status":{"phase":"Running"}},
 {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"web2-data","namespace":"demo"},"spec":{"volumeName":"web2-pv"},"status":{"phase":"Bound"}},
 {"apiVersion":"v1","kind":"PersistentVolume","metadata":{"name":"web2-pv"},"spec":{"capacity":{"storage":"1Gi"}}}
]}' >/dev/null
ctl POST reset >/dev/null
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __collect web2-abc-x1
python3 - "$O" >"$T_TMP/py" 2>&1 <<'EOF' && RC=0 || RC=1
import json, sys
(f,) = json.load(open(sys.argv[1]))
assert [(o["kind"], o["metadata"]["name"]) for o in f["owners"]] == [("ReplicaSet", "web2-abc"), ("Deployment", "web2")], f["owners"]
assert [c["metadata"]["name"] for c in f["claims"]] == ["web2-data"]
assert [v["metadata"]["name"] for v in f["volumes"]] == ["web2-pv"]
EOF
n=$(ctl GET stats | python3 -c 'import json,sys; print(json.load(sys.stdin)["by_path"].get("/apis/apps/v1/namespaces/demo/deployments/web2", 0))')
[ "$n" -eq 1 ] || RC=1
expect "a pod's ReplicaSet and Deployment (fetched once, on the hash), its claim and bound volume" 0 . "$O"
[ "$RC" -eq 0 ] || cat "$T_TMP/py"
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __collect deployment/web2
python3 - "$O" >"$T_TMP/py" 2>&1 <<'EOF' && RC=0 || RC=1
import json, sys
(f,) = json.load(open(sys.argv[1]))
assert f["pod_name"] == "web2-abc-x1", f["pod_name"]   # the newest ReplicaSet's pod, not the newest pod
assert [o["metadata"]["name"] for o in f["owners"]] == ["web2", "web2-abc", "web2-old"], f["owners"]
assert [c["metadata"]["name"] for c in f["claims"]] == ["web2-data"]
EOF
expect "deployment/NAME: its ReplicaSets newest first, and the newest one's pod" 0 . "$O"
[ "$RC" -eq 0 ] || cat "$T_TMP/py"

# ---- names for shell completion: quick and quiet ----
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get --list-names pods
expect "kube_list_names lists the namespace's pods" 0 '^leapp-web-pod$' "$O"
ctl POST faults '[{"path":"/namespaces/demo/pods[?]","kind":"hang"}]' >/dev/null
start=$(date +%s)
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get --list-names pods
if [ "$RC" -eq 0 ] && [ ! -s "$O" ] && [ ! -s "$E" ] && [ $(($(date +%s) - start)) -le 3 ]; then
	ok "kube_list_names gives up silently after its time limit"
else
	fail "kube_list_names gives up silently after its time limit" "$(cat "$O" "$E")"
fi
ctl DELETE faults >/dev/null

# ---- in-cluster: the service account's files ----
SA=$T_TMP/sa
mkdir -p "$SA"
cp "$SRV/ca.crt" "$SA/ca.crt"
printf '%s\n' "$TOKEN" >"$SA/token"
printf 'demo\n' >"$SA/namespace"
run_cmd "$O" "$E" env -u KUBECONFIG OC_LEAPP_SERVICEACCOUNT_DIR="$SA" KUBERNETES_SERVICE_HOST=127.0.0.1 \
	KUBERNETES_SERVICE_PORT="$PORT" "$OC_LEAPP_CLIENT" __collect leapp-web-pod
expect "in-cluster: token, CA and namespace from the service-account directory" 0 '"pod_name": "leapp-web-pod"' "$O"

# ---- exec credential plugins against the server ----
X=$T_TMP/exec
mkdir -p "$X/bin"
cat >"$X/bin/plugin" <<EOF
#!/bin/sh
# first run: a token the server refuses; later runs: the good one
n=\$(cat "$X/count" 2>/dev/null || echo 0); n=\$((n + 1)); echo \$n >"$X/count"
printf '%s\n' "\$KUBERNETES_EXEC_INFO" >"$X/info"
tok=$TOKEN; [ "\$n" -gt 1 ] || tok=stale
printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"%s"}}\n' "\$API" "\$tok"
EOF
chmod +x "$X/bin/plugin"
for v in v1 v1beta1; do
	rm -f "$X/count"
	cat >"$X/kubeconfig" <<EOF
apiVersion: v1
kind: Config
current-context: x
clusters: [{name: c, cluster: {server: "$URL", certificate-authority: "$SRV/ca.crt"}}]
contexts: [{name: x, context: {cluster: c, user: u, namespace: demo}}]
users:
- name: u
  user:
    exec:
      apiVersion: client.authentication.k8s.io/$v
      command: ./bin/plugin
      env: [{name: API, value: client.authentication.k8s.io/$v}]
      interactiveMode: Never
      provideClusterInfo: true
EOF
	ctl POST reset >/dev/null
	run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get --kubeconfig "$X/kubeconfig" "$POD" /api/v1/namespaces/demo/events
	if [ "$RC" -eq 0 ] && [ "$(cat "$X/count")" -eq 2 ] && [ "$(stat_of requests)" -eq 4 ] &&
		grep -q "\"apiVersion\":\"client.authentication.k8s.io/$v\"" "$X/info" &&
		grep -q "\"server\":\"$URL\"" "$X/info" && no_sanitizer_report "$E"; then
		ok "exec $v: relative command, env, KUBERNETES_EXEC_INFO; a 401 runs it again and retries once"
	else
		fail "exec $v: relative command, env, KUBERNETES_EXEC_INFO; 401 retry" "rc=$RC" \
			"$(cat "$E" "$X/count")" "$(ctl GET stats)"
	fi
done
# a plugin whose token stays bad: one re-run, one retry, then the 401 wording
cat >"$X/bin/plugin" <<EOF
#!/bin/sh
n=\$(cat "$X/count" 2>/dev/null || echo 0); echo \$((n + 1)) >"$X/count"
printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"stale"}}\n' "\$API"
EOF
rm -f "$X/count"
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get --kubeconfig "$X/kubeconfig" "$POD"
if [ "$RC" -eq 1 ] && [ "$(cat "$X/count")" -eq 2 ] && grep -q "You must be logged in" "$E"; then
	ok "exec: a token that stays refused is retried once, not forever"
else
	fail "exec: a token that stays refused is retried once" "$(cat "$E")"
fi

# expirationTimestamp: an expired credential is fetched again before the next batch
for exp in 2000-01-01T00:00:00Z 2999-01-01T00:00:00Z; do
	cat >"$X/bin/plugin" <<EOF
#!/bin/sh
n=\$(cat "$X/count" 2>/dev/null || echo 0); echo \$((n + 1)) >"$X/count"
printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"$TOKEN","expirationTimestamp":"$exp"}}\n' "\$API"
EOF
	rm -f "$X/count"
	run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get --sequential --no-body --kubeconfig "$X/kubeconfig" "$POD" "$POD" "$POD"
	want=1
	[ "$exp" = 2999-01-01T00:00:00Z ] || want=3
	if [ "$RC" -eq 0 ] && [ "$(cat "$X/count")" -eq $want ]; then
		ok "exec: expirationTimestamp $exp: the plugin ran $want time(s) for 3 batches"
	else
		fail "exec: expirationTimestamp $exp" "ran $(cat "$X/count") times" "$(cat "$E")"
	fi
done

summary
