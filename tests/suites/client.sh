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
	"$TOP/tests/standin/fixtures/controllers.json" \
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
# tls-server-name changes what TLS checks, not the Host header: client-go
# sends the server's own host:port, whatever name the certificate is checked for
ctl POST reset >/dev/null
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get --tls-server-name localhost "$POD"
ctl GET requests >"$T_TMP/reqs"
if [ "$RC" -eq 0 ] && python3 - "$T_TMP/reqs" "127.0.0.1:$PORT" <<'EOF'
import json, sys
(r,) = json.load(open(sys.argv[1]))["items"]
assert r["sni"] == "localhost", r
assert r["host"] == sys.argv[2], r
EOF
then
	ok "--tls-server-name: SNI and the certificate check use it, the Host header stays 127.0.0.1:$PORT"
else
	fail "--tls-server-name keeps the Host header" "$(cat "$T_TMP/reqs")" "$(cat "$E")"
fi

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

# ---- what is never printed ----
# a server URL with a user and password: -v shows neither, nor any error line
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get -v=6 --server "https://admin:pa55w0rd@127.0.0.1:$PORT" \
	--certificate-authority "$SRV/ca.crt" --token "$TOKEN" "$POD"
if grep -q "^GET https://127.0.0.1:$PORT$POD 200 OK" "$E" && ! grep -q 'pa55w0rd' "$E" "$O" && \
	! grep -q 'admin:' "$E"; then
	ok "-v=6 with a password in the server's URL: neither user nor password printed"
else
	fail "-v=6 with a password in the server's URL" "$(cat "$E")"
fi
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get --server "https://admin:pa55w0rd@127.0.0.1:$FREE" "$POD"
if [ "$RC" -eq 1 ] && ! grep -q 'pa55w0rd' "$E"; then
	ok "an error about a server URL with a password does not quote the password"
else
	fail "an error about a server URL with a password" "$(cat "$E")"
fi
# C1 controls (U+0080-U+009F: CSI is U+009B) in a Status reason are escaped,
# as C0 ones are; so are bytes that are not UTF-8
ctl POST faults '[{"path":"pods/leapp-web-pod$","kind":"body","arg":{"code":403,"body":"{\"kind\":\"Status\",\"reason\":\"Forbid\\u009b2J\\u0007den\",\"message\":\"no \\u009b1m way\",\"code\":403}"}}]' >/dev/null
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get "$POD"
ctl DELETE faults >/dev/null
if [ "$RC" -eq 1 ] && grep -qF 'Error from server (Forbid\u009b2J\x07den)' "$E" && \
	! LC_ALL=C grep -q "$(printf '\302\233')" "$E" && ! grep -q "$(printf '\007')" "$E"; then
	ok "C0 and C1 controls in a Status reason are escaped in the error line"
else
	fail "C1 controls in a Status reason" "$(od -c "$E" | head -n 5)"
fi

# ---- proxy-url wins over NO_PROXY, as in kubectl ----
cat >"$T_TMP/proxy.py" <<'EOF'
import socket, sys, threading
ls = socket.socket(); ls.bind(("127.0.0.1", 0)); ls.listen(8)
open(sys.argv[1], "w").write(str(ls.getsockname()[1]))
log = open(sys.argv[2], "a")
def pipe(a, b):
    try:
        while True:
            d = a.recv(65536)
            if not d:
                break
            b.sendall(d)
    except OSError:
        pass
    for s in (a, b):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
def serve(c):
    head = b""
    while b"\r\n\r\n" not in head:
        d = c.recv(1)
        if not d:
            return
        head += d
    line = head.split(b"\r\n")[0].decode()
    log.write(line + "\n"); log.flush()
    host, port = line.split()[1].rsplit(":", 1)
    u = socket.create_connection((host, int(port)))
    c.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
    threading.Thread(target=pipe, args=(c, u), daemon=True).start()
    pipe(u, c)
while True:
    c, _ = ls.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
EOF
python3 "$T_TMP/proxy.py" "$T_TMP/proxy.port" "$T_TMP/proxy.log" &
PROXY_PID=$!
i=0
while [ ! -s "$T_TMP/proxy.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
cat >"$T_TMP/proxied.yaml" <<EOF
apiVersion: v1
kind: Config
current-context: p
clusters: [{name: c, cluster: {server: "$URL", certificate-authority: "$SRV/ca.crt", proxy-url: "http://127.0.0.1:$(cat "$T_TMP/proxy.port")"}}]
contexts: [{name: p, context: {cluster: c, user: u, namespace: demo}}]
users: [{name: u, user: {token: "$TOKEN"}}]
EOF
run_cmd "$O" "$E" env NO_PROXY=127.0.0.1 no_proxy=127.0.0.1 "$OC_LEAPP_CLIENT" __get --kubeconfig "$T_TMP/proxied.yaml" "$POD"
if [ "$RC" -eq 0 ] && grep -q "^CONNECT 127.0.0.1:$PORT HTTP/1.1" "$T_TMP/proxy.log"; then
	ok "the cluster's proxy-url is used even when NO_PROXY names the server (kubectl's rule)"
else
	fail "proxy-url and NO_PROXY" "rc=$RC" "$(cat "$E" "$T_TMP/proxy.log" 2>/dev/null)"
fi
kill "$PROXY_PID" 2>/dev/null || :

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
# waiting in CrashLoopBackOff, its current log is its last run's: one request, previous=true
assert set(logs) == {("web-init", True)}, logs.keys()
assert "wget: can't connect to remote host" in logs[("web-init", True)]["text"]
assert all(l["init"] for l in f["logs"])
EOF
expect "a failing init container: pod, events oldest first, its failed run's log once" 0 . "$O"
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

ctl POST reset >/dev/null
run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __collect --all
python3 - "$O" "$(ctl GET stats)" >"$T_TMP/py" 2>&1 <<'EOF' && RC=0 || RC=1
import json, sys
d = json.load(open(sys.argv[1]))
names = sorted(f["pod_name"] for f in d if f["pod_name"])
assert names == ["leapp-big-pod", "leapp-mail-pod", "leapp-web-pod"], names
# the Deployment that cannot make its pod, found through its ReplicaSet's warning
(dep,) = [f for f in d if not f["pod_name"]]
assert [o["kind"] for o in dep["owners"]] == ["Deployment", "ReplicaSet"], dep["owners"]
assert "FailedCreate" in [e["reason"] for e in dep["events"]]
by = json.loads(sys.argv[2])["by_path"]
# one pods list and one events list, no event query per pod
assert by["/api/v1/namespaces/demo/pods"] == 1 and by["/api/v1/namespaces/demo/events"] == 1, by
EOF
expect "--all: every pod, and the controller that could not make its own; one pods list, one events list" 0 . "$O"
[ "$RC" -eq 0 ] || cat "$T_TMP/py"

run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __collect -l name=leapp-mail-label
python3 - "$O" >"$T_TMP/py" 2>&1 <<'EOF' && RC=0 || RC=1
import json, sys
(f,) = json.load(open(sys.argv[1]))
assert f["pod_name"] == "leapp-mail-pod"
# Running and Ready, but a machine with no readiness probe: only its tails can
# show a frozen init; the init container that completed is not read
assert {l["container"] for l in f["logs"]} == {"mail", "mail-journal"}, f["logs"]
EOF
expect "-l SELECTOR: a ready machine without a readiness probe still gets its running tails read" 0 . "$O"

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
assert [o["metadata"]["name"] for o in f["owners"]] == ["web2-abc", "web2"], f["owners"]
assert [c["metadata"]["name"] for c in f["claims"]] == ["web2-data"]
EOF
expect "deployment/NAME: the pods of its newest ReplicaSet, with the controllers above them" 0 . "$O"
[ "$RC" -eq 0 ] || cat "$T_TMP/py"

# ---- diagnose, live: every controller kind, --all, -A, -l ----
mkdir -p "$T_TMP/live"
live() {	# live NAME ARGS...: diagnose -o json into $T_TMP/live/NAME.json
	_n=$1
	shift
	run_cmd "$T_TMP/live/$_n.json" "$E" "$OC_LEAPP" diagnose "$@" -o json
}
first_is() {	# first_is NAME OBJECT ID: that object's first finding
	python3 - "$T_TMP/live/$1.json" "$2" "$3" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
items = d["items"] if d["kind"] == "DiagnosisList" else [d]
(it,) = [i for i in items if i["object"] == sys.argv[2]]
assert it["findings"][0]["id"] == sys.argv[3], [f["id"] for f in it["findings"]]
EOF
}
live sts sts/db -n ops
if [ "$RC" -eq 3 ] && first_is sts pod/db-0 OOMKilled; then ok "statefulset/NAME (sts): its pod, OOMKilled"; else fail "sts/db" "$(head -c 300 "$T_TMP/live/sts.json")" "$(cat "$E")"; fi
live ds daemonset/agent -n ops
if [ "$RC" -eq 3 ] && first_is ds daemonset/agent SCCDenied && grep -q 'add-scc-to-user hostmount-anyuid -z agent -n ops' "$T_TMP/live/ds.json"; then
	ok "daemonset/NAME with no pod: SCCDenied from its FailedCreate, one SCC, for an account of its own"
else
	fail "daemonset/agent" "$(head -c 600 "$T_TMP/live/ds.json")" "$(cat "$E")"
fi
live cj cj/backup -n ops
if [ "$RC" -eq 3 ] && first_is cj pod/backup-29000000-x7k2p ContainerFailed && ! grep -q CrashLoop "$T_TMP/live/cj.json"; then
	ok "cronjob/NAME (cj): the pod of its newest Job, exited once: ContainerFailed, not CrashLoop"
else
	fail "cj/backup" "$(head -c 600 "$T_TMP/live/cj.json")" "$(cat "$E")"
fi
ctl POST reset >/dev/null
live all --all -n ops
if [ "$RC" -eq 3 ] && first_is all pod/db-0 OOMKilled && first_is all daemonset/agent SCCDenied &&
	first_is all pod/backup-29000000-x7k2p ContainerFailed; then
	ok "--all -n ops: every pod, and the DaemonSet that could not make one"
else
	fail "--all -n ops" "$(head -c 600 "$T_TMP/live/all.json")" "$(cat "$E")"
fi
live allns -A -o json
if [ "$RC" -eq 3 ] && python3 - "$T_TMP/live/allns.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
ns = {i["namespace"] for i in d["items"]}
assert {"demo", "ops"} <= ns, ns
EOF
then ok "-A: the pods of every namespace"; else fail "-A" "$(head -c 400 "$T_TMP/live/allns.json")" "$(cat "$E")"; fi
run_cmd "$O" "$E" "$OC_LEAPP" diagnose -A
if [ "$RC" -eq 3 ] && head -n 1 "$O" | grep -q '^NAMESPACE  *NAME  *STATUS  *DIAGNOSIS' && grep -q '^ops  *daemonset/agent ' "$O"; then
	ok "-A, for people: a NAMESPACE column as kubectl's"
else
	fail "-A text" "$(head -n 5 "$O")"
fi
live sel -l 'app in (db,backup)' -n ops
if [ "$RC" -eq 3 ] && python3 - "$T_TMP/live/sel.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert sorted(i["object"] for i in d["items"]) == ["pod/backup-29000000-x7k2p", "pod/db-0"], d
EOF
then ok "-l with a set selector, live"; else fail "-l live" "$(head -c 400 "$T_TMP/live/sel.json")" "$(cat "$E")"; fi
# a log that cannot be read is said on its pod, and the rest is still diagnosed
live viewer --context standin-viewer leapp-web-pod
if [ "$RC" -eq 3 ] && python3 - "$T_TMP/live/viewer.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert any("log of web-init could not be read" in s and "Forbidden" in s for s in d["incomplete"]), d.get("incomplete")
EOF
then ok "a log the user may not read: noted on the pod (incomplete), the diagnosis still made"; else fail "incomplete logs" "$(head -c 600 "$T_TMP/live/viewer.json")"; fi
# no request silently lost: the events list fails, every pod says so
ctl POST faults '[{"path":"/namespaces/ops/events","kind":"500"}]' >/dev/null
live noevents --all -n ops
ctl DELETE faults >/dev/null
if [ "$RC" -eq 3 ] && grep -q 'warning: the events could not be read' "$E" && python3 - "$T_TMP/live/noevents.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert all(any("events could not be read" in s for s in i.get("incomplete", [])) for i in d["items"]), d
EOF
then ok "the events list fails: one warning line, and every pod's diagnosis says what it lacks"; else fail "events fault" "$(cat "$E")"; fi
# time limits start when a request is sent: 40 slow logs (0.4 s each) behind
# six connections take over 2 s in all, yet none reaches its 1 s limit
"$(command -v python3)" - >"$T_TMP/slow.json" <<'EOF'
import json
items, logs = [], {}
for i in range(40):
    n = "slow-%02d" % i
    items.append({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": n, "namespace": "slow"},
        "spec": {"nodeName": "worker-1", "containers": [{"name": "m", "image": "x"}]},
        "status": {"phase": "Running", "containerStatuses": [{"name": "m", "ready": False, "restartCount": 3,
            "state": {"waiting": {"reason": "CrashLoopBackOff"}},
            "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled"}}}]}})
    logs["slow/%s/m/previous" % n] = ["Killed"]
print(json.dumps({"items": items, "logs": logs}))
EOF
ctl POST fixtures "@$T_TMP/slow.json" >/dev/null
ctl POST faults '[{"path":"/namespaces/slow/pods/.*/log","kind":"slow","arg":0.4}]' >/dev/null
start=$(date +%s%N)
live slow --all -n slow --request-timeout 1s
ms=$(( ($(date +%s%N) - start) / 1000000 ))
ctl DELETE faults >/dev/null
if [ "$RC" -eq 3 ] && [ "$ms" -ge 2000 ] && python3 - "$T_TMP/live/slow.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["items"]) == 40 and not any(i.get("incomplete") for i in d["items"]), [i.get("incomplete") for i in d["items"]][:3]
EOF
then ok "40 slow log reads over 6 connections (${ms} ms): none timed out while it waited its turn"; else fail "slow logs (${ms} ms)" "$(cat "$E" | head -n 3)"; fi
schema_check "every live report conforms to the schema" "$T_TMP"/live/*.json

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
