#!/usr/bin/env bash
# Proves the stand-in API server is faithful enough for the real kubectl:
# tables, -o json, label and field selectors, logs (init container, previous,
# tail, limit-bytes, timestamps), events, describe, deployments/replicasets,
# token and client-certificate users, and kubectl's exact error lines.
#
#   bash tests/standin/test_kubectl.sh          (KUBECTL=/path/to/kubectl to override)
#
# Starts its own server through run-with-server.sh.  Last line: "N passed, N failed"
# (", 1 skipped" when kubectl is missing); exit status 0 only when nothing failed.

set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KUBECTL=${KUBECTL:-kubectl}

if [ -z "${STANDIN_TEST_KUBECTL_INNER:-}" ]; then
    if ! command -v "$KUBECTL" >/dev/null 2>&1; then
        echo "skip kubectl against the stand-in: $KUBECTL not found (make deps installs it where Debian has it)"
        echo "0 passed, 0 failed, 1 skipped"
        exit 0
    fi
    export STANDIN_TEST_KUBECTL_INNER=1
    exec "$here/run-with-server.sh" \
        --fixtures "$here/fixtures/sample.json" "$here/fixtures/biglog.json" "$here/fixtures/controllers.json" \
        -- bash "$here/test_kubectl.sh" "$@"
fi

# the real interpreter, once (a pyenv shim costs a lot per call)
PY=$(python3 -c 'import sys; print(sys.executable)')
tmp=$(mktemp -d "${TMPDIR:-/tmp}/standin-kubectl.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cache="$tmp/cache"
pass=0
fail=0
out=
err=
rc=0
WEB_UID=6f1c2a7e-3b5d-4c1e-9a8f-0d2b4e6c8a10
WGET_LOG="Connecting to 10.10.10.89:8080 (10.10.10.89:8080)
wget: can't connect to remote host (10.10.10.89): Connection refused"

k() { "$KUBECTL" --cache-dir "$cache" "$@"; }
# The client's minor version: older kubectl words some client-side messages
# differently (Debian 12's kubernetes-client is 1.20); the server's part of
# each answer is checked the same.
KMINOR=$("$KUBECTL" version --client -o json 2>/dev/null | "$PY" -c 'import json, re, sys
print(re.sub(r"\D.*", "", json.load(sys.stdin)["clientVersion"]["minor"]) or 0)' 2>/dev/null || echo 0)

control() {   # control METHOD PATH [JSON]
    curl -sS --cacert "$STANDIN_DIR/ca.crt" -X "$1" ${3:+-d "$3"} "$STANDIN_URL$2"
}

any_line() {   # any_line ERE TEXT: does some line of TEXT match?
    local re=$1 line
    while IFS= read -r line; do
        [[ $line =~ $re ]] && return 0
    done <<<"$2"
    return 1
}

count_lines() {
    local n=0 line
    while IFS= read -r line; do n=$((n + 1)); done <<<"$1"
    echo "$n"
}

# check DESCRIPTION EXPECTATION... -- COMMAND [ARGS...]
# expectations:  rc=N  rc!=0  out:TEXT  !out:TEXT  out~ERE  err:TEXT  !err:TEXT  err~ERE
#                out=TEXT / err=TEXT (the whole stream equals TEXT)  lines=N (stdout line count)
check() {
    local desc=$1
    shift
    local exps=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do
        exps+=("$1")
        shift
    done
    shift
    local errfile="$tmp/stderr.$BASHPID"     # one per parallel group
    out=$("$@" 2>"$errfile")
    rc=$?
    err=$(<"$errfile")
    local problems=() e
    local want_rc=0
    for e in "${exps[@]}"; do
        case $e in
            rc=*) want_rc=${e#rc=} ;;
            rc!=0) want_rc=nonzero ;;
        esac
    done
    if [ "$want_rc" = nonzero ]; then
        [ "$rc" -ne 0 ] || problems+=("exit status 0, wanted non-zero")
    else
        [ "$rc" -eq "$want_rc" ] || problems+=("exit status $rc, wanted $want_rc")
    fi
    # in-shell matching (no grep processes: kubectl's start-up is slow enough)
    for e in "${exps[@]}"; do
        case $e in
            rc=* | rc!=0) ;;
            out:*) [[ $out == *"${e#out:}"* ]] || problems+=("stdout lacks: ${e#out:}") ;;
            '!out:'*) [[ $out != *"${e#!out:}"* ]] || problems+=("stdout has: ${e#!out:}") ;;
            out~*) any_line "${e#out~}" "$out" || problems+=("stdout does not match: ${e#out~}") ;;
            out=*) [ "$out" = "${e#out=}" ] || problems+=("stdout is not exactly: ${e#out=}") ;;
            lines=*) [ "$(count_lines "$out")" -eq "${e#lines=}" ] ||
                problems+=("stdout has $(count_lines "$out") lines, wanted ${e#lines=}") ;;
            err=*) [ "$err" = "${e#err=}" ] || problems+=("stderr is not exactly: ${e#err=}") ;;
            err:*) [[ $err == *"${e#err:}"* ]] || problems+=("stderr lacks: ${e#err:}") ;;
            '!err:'*) [[ $err != *"${e#!err:}"* ]] || problems+=("stderr has: ${e#!err:}") ;;
            err~*) any_line "${e#err~}" "$err" || problems+=("stderr does not match: ${e#err~}") ;;
            *) problems+=("bad expectation in test: $e") ;;
        esac
    done
    if [ ${#problems[@]} -eq 0 ]; then
        pass=$((pass + 1))
        echo "ok   - $desc"
    else
        fail=$((fail + 1))
        echo "FAIL - $desc"
        echo "       command: $*"
        printf '       %s\n' "${problems[@]}"
        printf '%s\n' "$out" | head -40 | sed 's/^/       | /'
        printf '%s\n' "$err" | head -20 | sed 's/^/       ! /'
    fi
}

pod_json_ok() {   # the -o json output parses and carries the fixture's data
    k get pod leapp-web-pod -o json | "$PY" -c '
import json, sys
d = json.load(sys.stdin)
ok = (d["status"]["initContainerStatuses"][0]["lastState"]["terminated"]["exitCode"] == 1
      and d["spec"]["initContainers"][0]["name"] == "web-init"
      and d["metadata"]["labels"]["name"] == "leapp-web-label")
sys.exit(0 if ok else 1)'
}

big_log_bytes() { k logs leapp-big-pod --limit-bytes=1000 | wc -c; }

# ---------------------------------------------------------------------------
basic_checks() {   # basic_checks CONTEXT: what the brief asks, for one user
    local ctx=$1
    local c="--context=$ctx"
    check "[$ctx] get pod (server-side table)" \
        'out~^NAME +READY +STATUS +RESTARTS +AGE$' \
        'out~^leapp-web-pod +0/1 +Init:CrashLoopBackOff +3 \([0-9a-z]+ ago\) +[0-9a-z]+$' lines=2 \
        -- k "$c" get pod leapp-web-pod
    check "[$ctx] get pod -o json" \
        'out:"kind": "Pod"' "out:\"uid\": \"$WEB_UID\"" 'out:"restartCount": 3' 'out:"reason": "CrashLoopBackOff"' \
        -- k "$c" get pod leapp-web-pod -o json
    check "[$ctx] get pods -l name=leapp-web-label" \
        'out~^leapp-web-pod ' '!out:leapp-mail-pod' '!out:leapp-big-pod' lines=2 \
        -- k "$c" get pods -l name=leapp-web-label
    check "[$ctx] logs -c web-init" "out=$WGET_LOG" \
        -- k "$c" logs leapp-web-pod -c web-init
    check "[$ctx] logs -c web-init --previous" "out=$WGET_LOG" \
        -- k "$c" logs leapp-web-pod -c web-init --previous
    check "[$ctx] logs --tail=2" \
        $'out=[  OK  ] Started Postfix Mail Transport Agent.\n[  OK  ] Reached target Multi-User System.' \
        -- k "$c" logs leapp-mail-pod -c mail --tail=2
    check "[$ctx] get events --field-selector involvedObject.name=leapp-web-pod" \
        'out~^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE$' \
        'out~Warning +BackOff +pod/leapp-web-pod +Back-off restarting failed container web-init in pod leapp-web-pod_demo' \
        'out~Normal +Scheduled +pod/leapp-web-pod +Successfully assigned demo/leapp-web-pod' \
        '!out:leapp-mail-pod' lines=8 \
        -- k "$c" get events --field-selector involvedObject.name=leapp-web-pod
    check "[$ctx] describe pod (Init Containers, Events)" \
        'out:Init Containers:' 'out~^  web-init:$' 'out~Reason: +CrashLoopBackOff' 'out~Last State: +Terminated' \
        'out~Exit Code: +1' 'out~Restart Count: +3' 'out~^Events:$' \
        'out~Warning +BackOff +[0-9a-z]+ \(x9 over [0-9a-z]+\) +kubelet +Back-off restarting failed container web-init' \
        'out~Normal +Pulling +[0-9a-z]+ \(x4 over [0-9a-z]+\) +kubelet +Pulling image "busybox"' \
        -- k "$c" describe pod leapp-web-pod
    check "[$ctx] get deployment leapp-db" \
        'out~^NAME +READY +UP-TO-DATE +AVAILABLE +AGE$' 'out~^leapp-db +0/1 +0 +0 +[0-9a-z]+$' \
        -- k "$c" get deployment leapp-db
    check "[$ctx] get rs -l app=leapp-db" \
        'out~^NAME +DESIRED +CURRENT +READY +AGE$' 'out~^leapp-db-5d4f8b7c9 +1 +0 +0 +[0-9a-z]+$' lines=2 \
        -- k "$c" get rs -l app=leapp-db
    check "[$ctx] missing pod" rc=1 'err=Error from server (NotFound): pods "x" not found' \
        -- k "$c" get pod x
}

more_reading() {
    check "get pod -o json is valid JSON with the fixture's data" -- pod_json_ok
    check "get pods -o wide" 'out~^NAME +READY +STATUS +RESTARTS +AGE +IP +NODE +NOMINATED NODE +READINESS GATES$' \
        'out~^leapp-mail-pod +2/2 +Running +0 +[0-9a-z]+ +10\.128\.2\.17 +worker-1\.demo\.example\.com ' \
        -- k get pods -o wide
    check "get pods -A" 'out~^NAMESPACE +NAME ' 'out~^demo +leapp-web-pod ' -- k get pods -A
    check "label selector: in/notin/exists" 'out:leapp-mail-pod' '!out:leapp-web-pod' '!out:leapp-big-pod' \
        -- k get pods -l 'name,name notin (leapp-web-label,leapp-big-label)'
    check "label selector: !=" 'out:leapp-mail-pod' 'out:leapp-big-pod' '!out:leapp-web-pod' \
        -- k get pods -l 'name!=leapp-web-label'
    check "field selector on spec.nodeName and status.phase" 'out:leapp-web-pod' '!out:leapp-mail-pod' \
        -- k get pods --field-selector 'spec.nodeName=worker-1.demo.example.com,status.phase!=Running'
    check "field selector: unsupported label" rc=1 'err:field label not supported: spec.bogus' \
        -- k get pods --field-selector spec.bogus=1
    local defaulted='err:Defaulted container "web" out of: web, web-init (init)'
    [ "$KMINOR" -ge 21 ] || defaulted='err:'   # kubectl 1.21 says which container it chose
    check "logs without -c: kubectl defaults to web, which is waiting" rc=1 \
        "$defaulted" \
        'err:Error from server (BadRequest): container "web" in pod "leapp-web-pod" is waiting to start: PodInitializing' \
        -- k logs leapp-web-pod
    check "logs --previous of a container that never restarted" rc=1 \
        'err:Error from server (BadRequest): previous terminated container "mail" in pod "leapp-mail-pod" not found' \
        -- k logs leapp-mail-pod -c mail --previous
    check "logs --tail=1" 'out=wget: can'"'"'t connect to remote host (10.10.10.89): Connection refused' \
        -- k logs leapp-web-pod -c web-init --tail=1
    check "logs --timestamps" \
        'out~^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{9}Z \[  OK  \] Reached target Multi-User System\.$' lines=1 \
        -- k logs leapp-mail-pod -c mail --timestamps --tail=1
    check "logs --limit-bytes of a 100 MB generated log" out=1000 -- big_log_bytes
    check "get --raw log with limitBytes" 'out=Connecting to' \
        -- k get --raw '/api/v1/namespaces/demo/pods/leapp-web-pod/log?container=web-init&limitBytes=13'
    check "raw log API without container on a 2-container pod" rc=1 \
        'err:a container name must be specified for pod leapp-mail-pod, choose one of: [mail mail-journal] or one of the init containers: [mail-prep]' \
        -- k get --raw '/api/v1/namespaces/demo/pods/leapp-mail-pod/log'
    check "ReplicaSet FailedCreate event (SCC)" \
        'out~Warning +FailedCreate +replicaset/leapp-db-5d4f8b7c9 +Error creating: pods "leapp-db-5d4f8b7c9-" is forbidden: unable to validate against any security context constraint: \[' \
        -- k get events --field-selector involvedObject.kind=ReplicaSet,involvedObject.name=leapp-db-5d4f8b7c9
    check "ReplicaSet ownerReferences and ReplicaFailure condition" 'out=leapp-db FailedCreate' \
        -- k get rs leapp-db-5d4f8b7c9 -o 'jsonpath={.metadata.ownerReferences[0].name} {.status.conditions[?(@.type=="ReplicaFailure")].reason}'
    check "get pvc (Pending)" 'out~^files-etc-claim +Pending +' -- k get pvc
    check "get pv, with a Warning header" 'out~^files-var-vol +6000 +RWO +Retain +Available +' \
        'err:Warning: stand-in warning: persistentvolumes are served from a test fixture' \
        -- k get pv
    check "get ns,svc,nodes" 'out~^namespace/demo +Active ' 'out~^service/leapp-web-service +ClusterIP +172\.30\.118\.42 ' \
        'out~^node/worker-1\.demo\.example\.com +Ready +worker ' \
        -- k get ns,svc,nodes
    check "describe deployment (ReplicaFailure, events)" 'out~ReplicaFailure +True +FailedCreate' \
        'out~Normal +ScalingReplicaSet +[0-9a-z]+ +deployment-controller +Scaled up replica set leapp-db-5d4f8b7c9 from 0 to 1' \
        -- k describe deployment leapp-db
    # paging: kubectl asks 500 at a time; with --chunk-size=1 every item is a page
    check "get pods --chunk-size=1 reads every page (limit and continue)" \
        'out=pod/leapp-big-pod
pod/leapp-mail-pod
pod/leapp-web-pod' 'err~GET https://[^ ]*/api/v1/namespaces/demo/pods\?continue=[A-Za-z0-9_-]+&limit=1 200 OK' \
        -- k get pods --chunk-size=1 -o name -v=6
    check "get events -A --chunk-size=5 -o json: every event once" 'out=14' \
        -- sh -c "$KUBECTL --cache-dir $cache get events -A --chunk-size=5 -o json | $PY -c 'import json,sys; print(len(json.load(sys.stdin)[\"items\"]))'"
    check "get sts,ds,jobs,cronjobs (tables of the other controllers)" \
        'out~^statefulset\.apps/db +0/1 +' 'out~^daemonset\.apps/agent +2 +0 +0 +0 +0 +<none> +' \
        'out~^job\.batch/backup-29000000 +Failed +0/1 +' 'out~^cronjob\.batch/backup +0 \* \* \* \* +<none> +False +0 +' \
        -- k -n ops get sts,ds,jobs,cronjobs
    check "DaemonSet FailedCreate event" \
        'out~Warning +FailedCreate +daemonset/agent +Error creating: pods "agent-" is forbidden' \
        -- k -n ops get events --field-selector involvedObject.kind=DaemonSet
    check "describe statefulset" 'out~^Name: +db$' 'out~Replicas: +1 desired' -- k -n ops describe sts db

}

credentials() {   # needs a warm discovery cache: run after basic_checks
    check "bad token (discovery cached): Unauthorized" rc=1 \
        'err=error: You must be logged in to the server (Unauthorized)' \
        -- k get pod leapp-web-pod --token=not-a-valid-token
    local cold='err~^error: You must be logged in to the server \(the server has asked for the client to provide credentials\)$'
    [ "$KMINOR" -ge 21 ] || cold='err=error: You must be logged in to the server (Unauthorized)'   # older wording, same 401
    check "bad token (cold cache, fails in discovery as against a real server)" rc=1 \
        "$cold" \
        -- "$KUBECTL" --cache-dir "$tmp/cold1" get pod leapp-web-pod --context=standin-badtoken
    check "forbidden token" rc=1 \
        'err=Error from server (Forbidden): pods "leapp-web-pod" is forbidden: User "forbidden" cannot get resource "pods" in API group "" in the namespace "demo"' \
        -- k get pod leapp-web-pod --token=forbidden
    check "forbidden token, cold cache (discovery stays allowed)" rc=1 \
        'err=Error from server (Forbidden): deployments.apps "leapp-db" is forbidden: User "forbidden" cannot get resource "deployments" in API group "apps" in the namespace "demo"' \
        -- "$KUBECTL" --cache-dir "$tmp/cold2" get deployment leapp-db --context=standin-forbidden
    check "forbidden token, list at cluster scope" rc=1 \
        'err=Error from server (Forbidden): pods is forbidden: User "forbidden" cannot list resource "pods" in API group "" at the cluster scope' \
        -- k get pods -A --token=forbidden
    check "viewer-nolog can read pods" 'out~^leapp-web-pod ' -- k get pod leapp-web-pod --context=standin-viewer
    check "viewer-nolog cannot read logs" rc=1 \
        'err=Error from server (Forbidden): pods "leapp-web-pod" is forbidden: User "viewer-nolog" cannot get resource "pods/log" in API group "" in the namespace "demo"' \
        -- k logs leapp-web-pod -c web-init --context=standin-viewer
    for ctx in standin-certdata standin-tokenfile standin-localhost standin-insecure; do
        check "context $ctx works" 'out~^leapp-web-pod ' -- k get pod leapp-web-pod --context=$ctx
    done
    check "server certificate from an unknown CA" rc=1 'err:x509: certificate signed by unknown authority' \
        -- k get pod leapp-web-pod --context=standin-wrongca
    check "client certificate from an unknown CA is refused in the handshake" rc=1 \
        'err:tls: unknown certificate authority' \
        -- k get pod leapp-web-pod --context=standin-wrongcert
}

# Two groups in parallel (kubectl's start-up dominates the run time), each with
# its own discovery cache; then the checks that change server settings.
run_group() {   # run_group NAME FUNCTION... : output and counts go to files
    local name=$1
    shift
    (
        cache="$tmp/cache-$name"
        pass=0
        fail=0
        for f in "$@"; do $f; done    # word-splits "basic_checks standin"
        echo "$pass $fail" >"$tmp/$name.count"
    ) >"$tmp/$name.out" 2>&1
}
run_group token "basic_checks standin" more_reading &
pid_a=$!
run_group cert "basic_checks standin-cert" credentials &
pid_b=$!
wait "$pid_a" "$pid_b"
for name in token cert; do
    cat "$tmp/$name.out"
    if read -r p f <"$tmp/$name.count"; then
        pass=$((pass + p))
        fail=$((fail + f))
    else
        echo "FAIL - check group $name did not finish"
        fail=$((fail + 1))
    fi
done

cache="$tmp/cache-token"     # warm by now

# --- discovery fallback and connection reuse ------------------------------------
control POST /_control/config '{"aggregated_discovery": false}' >/dev/null
control POST /_control/reset >/dev/null
check "legacy discovery (no aggregated discovery): kubectl falls back" \
    'out~^deployment\.apps/leapp-db +0/1 ' 'out~^replicaset\.apps/leapp-db-5d4f8b7c9 ' 'out~^pod/leapp-web-pod ' \
    -- "$KUBECTL" --cache-dir "$tmp/cold3" get deploy,rs,pods
check "legacy discovery fetched /api/v1 and /apis/apps/v1" 'out:"/api/v1":' 'out:"/apis/apps/v1":' \
    -- control GET /_control/stats
control POST /_control/config '{"aggregated_discovery": true}' >/dev/null
control POST /_control/reset >/dev/null
k describe pod leapp-web-pod >/dev/null 2>&1
check "kubectl describe reuses one keep-alive connection" 'out:"connections":1,' \
    -- control GET /_control/stats

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
