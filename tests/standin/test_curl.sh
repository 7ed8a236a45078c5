#!/usr/bin/env bash
# Tests the stand-in API server's own features with curl: TLS and client
# certificates, keep-alive, Status bodies, selectors, the log endpoint's
# parameters, generated logs, warnings, gzip, the control API and every fault
# kind.  Starts its own server (with --latency-ms 0) through run-with-server.sh.
#
#   bash tests/standin/test_curl.sh
#
# Last line: "N passed, N failed"; exit status 0 only when everything passed.

set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [ -z "${STANDIN_TEST_CURL_INNER:-}" ]; then
    export STANDIN_TEST_CURL_INNER=1
    exec "$here/run-with-server.sh" \
        --fixtures "$here/fixtures/sample.json" "$here/fixtures/biglog.json" \
        --fault '/api/v1/namespaces/demo/pods/cli-fault$=status:503' \
        -- bash "$here/test_curl.sh" "$@"
fi

# the real interpreter, once (a pyenv shim costs a lot per call)
PY=$(python3 -c 'import sys; print(sys.executable)')
tmp=$(mktemp -d "${TMPDIR:-/tmp}/standin-curl.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
D=$STANDIN_DIR
U=$STANDIN_URL
TOKEN=$(cat "$D/token")
POD=/api/v1/namespaces/demo/pods
LOG=$POD/leapp-web-pod/log
WGET_LOG="Connecting to 10.10.10.89:8080 (10.10.10.89:8080)
wget: can't connect to remote host (10.10.10.89): Connection refused"

# curl as an admin (token), with the stand-in CA; -A keeps bodies compact (no curl pretty-printing)
api() { curl -sS -A standin-test --cacert "$D/ca.crt" -H "Authorization: Bearer $TOKEN" "$@"; }
control() { curl -sS -A standin-test --cacert "$D/ca.crt" -X "$1" ${3:+--data-binary "$3"} "$U$2"; }

ok() { pass=$((pass + 1)); echo "ok   - $1"; }
bad() {
    fail=$((fail + 1))
    echo "FAIL - $1"
    shift
    printf '       %s\n' "$@"
}

# expect DESC ACTUAL WANTED
expect() {
    if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "got:    $(printf '%q' "$2")" "wanted: $(printf '%q' "$3")"; fi
}
# expect_has DESC HAYSTACK NEEDLE
expect_has() {
    if grep -qF -- "$3" <<<"$2"; then ok "$1"; else bad "$1" "lacks: $3" "in:    $(head -c 600 <<<"$2")"; fi
}
# json DESC JSON PYTHON-EXPR   (d is the parsed JSON)
json() {
    printf '%s' "$2" >"$tmp/json"
    if "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ('"$3"') else 1)' "$tmp/json" 2>"$tmp/pyerr"; then
        ok "$1"
    else
        bad "$1" "not true: $3" "json:     $(head -c 600 <<<"$2")" "$(cat "$tmp/pyerr")"
    fi
}
stats() { control GET /_control/stats; }

# --- TLS, authentication ------------------------------------------------------
expect "version over TLS with the stand-in CA" \
    "$(api "$U/version" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["gitVersion"])')" "v1.32.4-standin"
expect "client certificate CN=admin authenticates" \
    "$(curl -sS --cacert "$D/ca.crt" --cert "$D/client.crt" --key "$D/client.key" -o /dev/null -w '%{http_code}' "$U$POD/leapp-web-pod")" 200
curl -sS --cacert "$D/other-ca.crt" "$U/version" >/dev/null 2>&1
expect "a client trusting another CA fails verification" "$?" 60
curl -sS --cacert "$D/ca.crt" --cert "$D/other-client.crt" --key "$D/other-client.key" "$U/version" >/dev/null 2>&1
rc=$?
if [ "$rc" -ne 0 ]; then ok "a client certificate from another CA is refused (curl exit $rc)"; else bad "client cert from another CA accepted"; fi
body=$(curl -sS -A standin-test --cacert "$D/ca.crt" "$U$POD/leapp-web-pod")
expect "no credentials: 401 Status" "$body" '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}'
expect "bad token: 401" "$(curl -sS --cacert "$D/ca.crt" -H 'Authorization: Bearer nope' -o /dev/null -w '%{http_code}' "$U/api")" 401
body=$(curl -sS -A standin-test --cacert "$D/ca.crt" -H 'Authorization: Bearer forbidden' "$U$POD/leapp-web-pod")
expect "forbidden: 403 Status" "$body" '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \"leapp-web-pod\" is forbidden: User \"forbidden\" cannot get resource \"pods\" in API group \"\" in the namespace \"demo\"","reason":"Forbidden","details":{"name":"leapp-web-pod","kind":"pods"},"code":403}'
expect "forbidden user may still do discovery" \
    "$(curl -sS --cacert "$D/ca.crt" -H 'Authorization: Bearer forbidden' -o /dev/null -w '%{http_code}' "$U/apis")" 200
body=$(curl -sS -A standin-test --cacert "$D/ca.crt" -H 'Authorization: Bearer viewer-nolog' "$U$LOG?container=web-init")
json "viewer-nolog: pods/log is 403" "$body" 'd["code"] == 403 and "cannot get resource \"pods/log\"" in d["message"]'
expect "viewer-nolog: pods are readable" \
    "$(curl -sS --cacert "$D/ca.crt" -H 'Authorization: Bearer viewer-nolog' -o /dev/null -w '%{http_code}' "$U$POD")" 200

# --- keep-alive -------------------------------------------------------------------
control POST /_control/reset >/dev/null
out=$(api -o /dev/null -w '%{num_connects} ' "$U$POD/leapp-web-pod" -o /dev/null "$U$LOG?container=web-init" -o /dev/null "$U/api/v1/namespaces/demo/events")
expect "three URLs in one curl: one TCP connect" "$out" "1 0 0 "
json "stats count one connection, three requests" "$(stats)" \
    'd["requests"] == 3 and d["connections"] == 1 and d["by_path"]["'"$LOG"'"] == 1'

# --- objects, lists, selectors ------------------------------------------------------------
body=$(api "$U$POD/x")
expect "404 Status" "$body" '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \"x\" not found","reason":"NotFound","details":{"name":"x","kind":"pods"},"code":404}'
body=$(api "$U/apis/apps/v1/namespaces/demo/deployments/x")
json "404 for a group resource names the group" "$body" \
    'd["message"] == "deployments.apps \"x\" not found" and d["details"] == {"name": "x", "group": "apps", "kind": "deployments"}'
json "unknown path: 404 Status" "$(api "$U/api/v1/bogus")" 'd["code"] == 404 and d["reason"] == "NotFound"'
body=$(api "$U$POD")
json "PodList" "$body" 'd["kind"] == "PodList" and d["apiVersion"] == "v1" and d["metadata"]["resourceVersion"] and len(d["items"]) == 3 and "kind" not in d["items"][0]'
json "all-namespaces list" "$(api "$U/api/v1/pods")" 'd["kind"] == "PodList" and len(d["items"]) == 3'
json "cluster-scoped list: PersistentVolumeList" "$(api "$U/api/v1/persistentvolumes")" 'd["kind"] == "PersistentVolumeList" and d["items"][0]["metadata"]["name"] == "files-var-vol"'
json "labelSelector k=v,k2" "$(api -G "$U$POD" --data-urlencode 'labelSelector=name=leapp-web-label,name')" '[i["metadata"]["name"] for i in d["items"]] == ["leapp-web-pod"]'
json "labelSelector k in (a,b)" "$(api -G "$U$POD" --data-urlencode 'labelSelector=name in (leapp-web-label,leapp-mail-label)')" '[i["metadata"]["name"] for i in d["items"]] == ["leapp-mail-pod", "leapp-web-pod"]'
json "labelSelector k!=v" "$(api -G "$U$POD" --data-urlencode 'labelSelector=name!=leapp-web-label')" '[i["metadata"]["name"] for i in d["items"]] == ["leapp-big-pod", "leapp-mail-pod"]'
json "labelSelector !k" "$(api -G "$U/apis/apps/v1/namespaces/demo/replicasets" --data-urlencode 'labelSelector=!pod-template-hash')" 'd["items"] == []'
json "bad labelSelector: 400" "$(api -G "$U$POD" --data-urlencode 'labelSelector=a in b')" 'd["code"] == 400'
json "fieldSelector with the four describe terms" \
    "$(api -G "$U/api/v1/namespaces/demo/events" --data-urlencode 'fieldSelector=involvedObject.name=leapp-web-pod,involvedObject.namespace=demo,involvedObject.kind=Pod,involvedObject.uid=6f1c2a7e-3b5d-4c1e-9a8f-0d2b4e6c8a10')" \
    'd["kind"] == "EventList" and len(d["items"]) == 7'
json "fieldSelector == and !=" "$(api -G "$U/api/v1/namespaces/demo/events" --data-urlencode 'fieldSelector=involvedObject.name==leapp-web-pod,type!=Normal')" \
    '[i["reason"] for i in d["items"]] == ["BackOff"]'
json "fieldSelector metadata.name" "$(api -G "$U$POD" --data-urlencode 'fieldSelector=metadata.name=leapp-mail-pod')" 'len(d["items"]) == 1'
json "fieldSelector on an unsupported field: 400" "$(api -G "$U$POD" --data-urlencode 'fieldSelector=spec.bogus=x')" \
    'd["code"] == 400 and d["message"] == "field label not supported: spec.bogus"'
body=$(api -H 'Accept: application/json;as=Table;v=v1;g=meta.k8s.io,application/json' "$U$POD/leapp-web-pod")
json "Table for one pod" "$body" 'd["kind"] == "Table" and d["apiVersion"] == "meta.k8s.io/v1" and d["rows"][0]["cells"][2] == "Init:CrashLoopBackOff" and d["rows"][0]["object"]["kind"] == "PartialObjectMetadata"'
body=$(api -H 'Accept: application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io' "$U$POD")
json "PartialObjectMetadataList" "$body" 'd["kind"] == "PartialObjectMetadataList" and len(d["items"]) == 3'
json "protobuf-only Accept: 406" "$(api -H 'Accept: application/vnd.kubernetes.protobuf' "$U$POD")" 'd["code"] == 406'
json "protobuf,json Accept: JSON" "$(api -H 'Accept: application/vnd.kubernetes.protobuf,application/json' "$U$POD/leapp-web-pod")" 'd["kind"] == "Pod"'
hdr=$(api -D - -o /dev/null -H 'Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' "$U/api")
expect_has "aggregated discovery content type" "$hdr" "Content-Type: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
json "legacy discovery /api/v1 lists pods/log" "$(api "$U/api/v1")" '"pods/log" in [r["name"] for r in d["resources"]]'
json "write verbs: 405" "$(api -X DELETE "$U$POD/leapp-web-pod")" 'd["code"] == 405'
expect_has "Go-style HTML escaping in JSON" "$(api "$U$POD/leapp-web-pod")" '\u0026\u0026cd /work-dir'
hdr=$(api -D - -o /dev/null "$U/api/v1/persistentvolumes")
expect_has "Warning header from the fixture" "$hdr" 'Warning: 299 - "stand-in warning: persistentvolumes are served from a test fixture"'
expect_has "curl gets pretty JSON like from a real apiserver" "$(curl -sS --cacert "$D/ca.crt" -H "Authorization: Bearer $TOKEN" "$U/version")" '  "major": "1",'

# --- logs ----------------------------------------------------------------------------------
expect "log of an init container" "$(api "$U$LOG?container=web-init")" "$WGET_LOG"
expect "previous=true" "$(api "$U$LOG?container=web-init&previous=true")" "$WGET_LOG"
expect "tailLines=1" "$(api "$U$LOG?container=web-init&tailLines=1")" "wget: can't connect to remote host (10.10.10.89): Connection refused"
expect "limitBytes=10" "$(api "$U$LOG?container=web-init&limitBytes=10")" "Connecting"
expect "Content-Type text/plain" "$(api -o /dev/null -w '%{content_type}' "$U$LOG?container=web-init")" "text/plain"
out=$(api "$U$LOG?container=web-init&timestamps=true")
if grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{9}Z Connecting to 10\.10\.10\.89:8080' <<<"$out" &&
   [ "$(wc -l <<<"$out")" -eq 2 ]; then ok "timestamps=true"; else bad "timestamps=true" "$out"; fi
json "a main container waiting behind init" "$(api "$U$LOG")" \
    'd["code"] == 400 and d["reason"] == "BadRequest" and d["message"] == "container \"web\" in pod \"leapp-web-pod\" is waiting to start: PodInitializing"'
json "container required with 2 containers" "$(api "$U$POD/leapp-mail-pod/log")" \
    'd["message"] == "a container name must be specified for pod leapp-mail-pod, choose one of: [mail mail-journal] or one of the init containers: [mail-prep]"'
json "unknown container" "$(api "$U$POD/leapp-mail-pod/log?container=nope")" 'd["message"] == "container nope is not valid for pod leapp-mail-pod"'
json "previous of a container that never restarted" "$(api "$U$POD/leapp-mail-pod/log?container=mail&previous=true")" \
    'd["message"] == "previous terminated container \"mail\" in pod \"leapp-mail-pod\" not found"'
json "log of a missing pod" "$(api "$U$POD/x/log")" 'd["code"] == 404 and d["message"] == "pods \"x\" not found"'
json "limitBytes=0 is invalid (422)" "$(api "$U$LOG?container=web-init&limitBytes=0")" 'd["code"] == 422 and d["reason"] == "Invalid"'
expect "generated log: 100 MiB streamed" "$(api "$U$POD/leapp-big-pod/log" | wc -c)" 104857600
expect "generated log: Content-Length" "$(api -o /dev/null -w '%{size_download}' "$U$POD/leapp-big-pod/log?limitBytes=12345")" 12345
expect "generated log: tailLines=2 + timestamps" "$(api "$U$POD/leapp-big-pod/log?tailLines=2&timestamps=true" | wc -l)" 2
api "$U$POD/leapp-big-pod/log" 2>/dev/null | head -c 100000 >/dev/null
expect "client disconnecting mid-log does not hurt the server" "$(api -o /dev/null -w '%{http_code}' "$U/version")" 200

# --- control API --------------------------------------------------------------------------------
fixture='{"items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"added","namespace":"demo","labels":{"name":"x"}},
  "spec":{"containers":[{"name":"c"}]},"status":{"phase":"Pending"}}],
  "logs":{"demo/added/c":"hello\n"},"warnings":{"/api/v1/namespaces/demo/pods/added":["299 - \"added warning\""]}}'
json "POST /_control/fixtures" "$(control POST /_control/fixtures "$fixture")" 'd == {"loaded": 1}'
json "added pod has uid, resourceVersion, creationTimestamp" "$(api "$U$POD/added")" \
    'all(d["metadata"].get(k) for k in ("uid", "resourceVersion", "creationTimestamp"))'
expect "unscheduled pod: empty log, 200" "$(api -w '%{http_code}' "$U$POD/added/log")" 200
expect_has "added warning" "$(api -D - -o /dev/null "$U$POD/added")" 'Warning: 299 - "added warning"'
json "bad fixture: 400" "$(control POST /_control/fixtures '{"items":[{"kind":"Bogus","apiVersion":"v1","metadata":{"name":"b"}}]}')" 'd["code"] == 400'
json "chunked POST body" "$(printf '%s' '{"items":[]}' | curl -sS --cacert "$D/ca.crt" -H 'Transfer-Encoding: chunked' --data-binary @- "$U/_control/fixtures")" 'd == {"loaded": 0}'
json "config" "$(control POST /_control/config '{"latency_ms": 0}')" 'd["latency_ms"] == 0 and d["aggregated_discovery"] is True'
control POST /_control/reset >/dev/null
api -o /dev/null "$U/version" -o /dev/null "$U/api"
json "/_control/requests records requests, never the token" "$(control GET /_control/requests)" \
    '[r["path"] for r in d["items"]] == ["/version", "/api"] and "'"$TOKEN"'" not in json.dumps(d)'
if grep -qF "$TOKEN" "$D/requests.log"; then bad "requests.log holds the token"; else ok "requests.log never holds the token"; fi

# --- latency -------------------------------------------------------------------------------------
control POST /_control/config '{"latency_ms": 300}' >/dev/null
t=$(api -o /dev/null -w '%{time_total}' "$U/version")
control POST /_control/config '{"latency_ms": 0}' >/dev/null
"$PY" -c "import sys; sys.exit(0 if float('$t') >= 0.3 else 1)" && ok "latency_ms=300 delays ($t s)" || bad "latency_ms=300" "took $t s"
t=$(curl -sS --cacert "$D/ca.crt" -o /dev/null -w '%{time_total}' "$U/_control/stats")
"$PY" -c "import sys; sys.exit(0 if float('$t') < 0.3 else 1)" && ok "control API is not delayed" || bad "control delayed" "$t"

# --- faults ----------------------------------------------------------------------------------------
json "fault from the command line (status:503)" "$(api "$U$POD/cli-fault")" 'd["code"] == 503 and d["reason"] == "ServiceUnavailable"'
control POST /_control/faults '[
 {"path": "/pods/leapp-web-pod$", "kind": "slow", "arg": 0.4, "times": 1},
 {"path": "/f/garbage", "kind": "garbage"},
 {"path": "/f/truncated", "kind": "truncated"},
 {"path": "/f/500", "kind": "500"},
 {"path": "/f/html", "kind": "html"},
 {"path": "/f/429", "kind": "status:429"},
 {"path": "/f/drop", "kind": "drop"},
 {"path": "/f/hang", "kind": "hang"},
 {"path": "previous=true", "kind": "status", "arg": 500, "times": 2},
 {"path": "/f/body", "kind": "body", "arg": {"code": 403, "body": "{\"kind\":\"Status\",\"reason\":\"Forbid\\u009b2J\",\"code\":403}"}},
 {"path": "^/api/v1/namespaces/demo/pods/leapp-mail-pod$", "kind": "truncated"}]' >/dev/null
t=$(api -o /dev/null -w '%{time_total}' "$U$POD/leapp-web-pod")
"$PY" -c "import sys; sys.exit(0 if float('$t') >= 0.4 else 1)" && ok "slow ($t s)" || bad "slow" "took $t s"
t=$(api -o /dev/null -w '%{time_total}' "$U$POD/leapp-web-pod")
"$PY" -c "import sys; sys.exit(0 if float('$t') < 0.4 else 1)" && ok "times=1: only once" || bad "times=1" "took $t s"
out=$(api -w ' %{http_code} %{content_type}' "$U/f/garbage" | tr -d '\0')
case $out in *"not json 200 application/json") ok "garbage";; *) bad "garbage" "$out";; esac
got=$(api "$U$POD/leapp-mail-pod" | wc -c)
whole=$(api -H 'Accept: application/json' "$U$POD/leapp-mail-pod?x" | wc -c)
[ "$got" -lt "$whole" ] && [ "$got" -gt 0 ] && ok "truncated ($got of $whole bytes, Content-Length honest)" || bad "truncated" "$got vs $whole"
json "500" "$(api "$U/f/500")" 'd["code"] == 500 and d["reason"] == "InternalError"'
out=$(api -w '%{http_code} %{content_type}' -o "$tmp/html" "$U/f/html")
expect "html: 502 text/html" "$out" "502 text/html"
hdr=$(api -D - -o /dev/null "$U/f/429")
expect_has "status:429 has Retry-After" "$hdr" "Retry-After: 1"
api "$U/f/drop" >/dev/null 2>&1
expect "drop: empty reply" "$?" 52
curl -sS -m 0.5 --cacert "$D/ca.crt" "$U/f/hang" >/dev/null 2>&1
expect "hang: client times out" "$?" 28
out=$(api -w ' %{http_code}' "$U/f/body")
case $out in *'"reason":"Forbid\u009b2J"'*' 403') ok "body: the Status text as given";; *) bad "body" "$out";; esac
expect "previous=true fault, 1st" "$(api -o /dev/null -w '%{http_code}' "$U$LOG?container=web-init&previous=true")" 500
expect "previous=true fault, 2nd" "$(api -o /dev/null -w '%{http_code}' "$U$LOG?container=web-init&previous=true")" 500
expect "previous=true fault used up" "$(api -o /dev/null -w '%{http_code}' "$U$LOG?container=web-init&previous=true")" 200
json "faults list shows hits" "$(control GET /_control/faults)" \
    '[f["hits"] for f in d if f["path"] == "/f/hang"] == [1] and not any(f["path"] == "previous=true" for f in d)'
control DELETE /_control/faults >/dev/null
expect "faults cleared" "$(control GET /_control/faults)" "[]"
expect "server still fine after the faults" "$(api -o /dev/null -w '%{http_code}' "$U$POD/leapp-web-pod")" 200

# --- paging: limit and continue, as the apiserver pages -------------------------------------------
control POST /_control/fixtures '{"items": [
 {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p1", "namespace": "paging", "labels": {"k": "a"}}},
 {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p2", "namespace": "paging", "labels": {"k": "b"}}},
 {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p3", "namespace": "paging", "labels": {"k": "a"}}},
 {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p4", "namespace": "paging", "labels": {"k": "a"}}},
 {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p5", "namespace": "paging", "labels": {"k": "b"}}}]}' >/dev/null
PG=/api/v1/namespaces/paging/pods
page=$(api "$U$PG?limit=2")
json "limit=2: two items, a continue token, the count left" "$page" \
    '[i["metadata"]["name"] for i in d["items"]] == ["p1", "p2"] and d["metadata"]["continue"] and d["metadata"]["remainingItemCount"] == 3'
cont=$("$PY" -c 'import json,sys; print(json.loads(sys.argv[1])["metadata"]["continue"])' "$page")
page=$(api "$U$PG?limit=2&continue=$cont")
json "continue: the next page" "$page" '[i["metadata"]["name"] for i in d["items"]] == ["p3", "p4"]'
cont=$("$PY" -c 'import json,sys; print(json.loads(sys.argv[1])["metadata"]["continue"])' "$page")
json "the last page has no token" "$(api "$U$PG?limit=2&continue=$cont")" \
    '[i["metadata"]["name"] for i in d["items"]] == ["p5"] and "continue" not in d["metadata"]'
json "a label selector pages what it selects" "$(api "$U$PG?limit=2&labelSelector=k%3Da")" \
    '[i["metadata"]["name"] for i in d["items"]] == ["p1", "p3"] and d["metadata"]["remainingItemCount"] == 1'
json "a continue token that is not one: 400" "$(api "$U$PG?limit=1&continue=bogus")" \
    'd["code"] == 400 and d["reason"] == "BadRequest"'
json "limit=0 means no limit" "$(api "$U$PG?limit=0")" 'len(d["items"]) == 5 and "continue" not in d["metadata"]'

# --- gzip for big JSON ------------------------------------------------------------------------------
"$PY" - "$tmp/many.json" <<'PY'
import json, sys
items = [{"apiVersion": "v1", "kind": "Event",
          "metadata": {"name": "filler.%05d" % i, "namespace": "filler"},
          "involvedObject": {"kind": "Pod", "namespace": "filler", "name": "p%d" % i},
          "reason": "Filler", "message": "x" * 200, "type": "Normal", "count": 1}
         for i in range(2000)]
json.dump({"items": items}, open(sys.argv[1], "w"))
PY
control POST /_control/fixtures "@$tmp/many.json" >/dev/null
hdr=$(api --compressed -D - -o "$tmp/ev.json" "$U/api/v1/namespaces/filler/events")
expect_has "big list is gzipped for a client that accepts it" "$hdr" "Content-Encoding: gzip"
json "gzipped list decodes" "$(cat "$tmp/ev.json")" 'len(d["items"]) == 2000'

if [ -s "$D/server.log" ]; then bad "server wrote to stderr" "$(cat "$D/server.log")"; else ok "server stderr is empty"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
