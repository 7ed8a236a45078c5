# diagnose --from-file: the forms of saved input (a Pod, a List of several,
# an `oc adm inspect` directory, the same as .tar.gz), the data outputs, the
# command line, and hostile input (garbage, huge logs, escape sequences,
# invalid UTF-8): one clear error line and the right exit code, never a crash.
. "${TOP:-.}/tests/lib.sh"
: "${TOP:=.}"
FX="${TOP:-.}/tests/fixtures/diagnose"
FORMS="$FX/forms"
ESC=$(printf '\033')

# expect_error NAME CODE PATTERN CMD...: exit CODE, one "error:" line matching PATTERN, empty stdout.
expect_error() {
	_n=$1 _c=$2 _p=$3; shift 3
	run_cmd "$T_TMP/o" "$T_TMP/e" "$@"
	if [ "$RC" = "$_c" ] && [ "$(grep -c 'error:' "$T_TMP/e")" = 1 ] && grep -qE "$_p" "$T_TMP/e" &&
	   [ ! -s "$T_TMP/o" ] && no_sanitizer_report "$T_TMP/e"; then
		ok "$_n: exit $_c, one error line"
	else
		fail "$_n: exit $RC, want $_c /$_p/" "$(head -n 6 "$T_TMP/e")"
	fi
}

# ---- forms ----
run_cmd "$T_TMP/o" "$T_TMP/e" "$OC_LEAPP" diagnose --from-file "$FORMS/pod.json" -o json
if [ "$RC" = 3 ] && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
f = d["findings"][0]
assert d["kind"] == "Diagnosis" and d["pod"] == "leapp-web-pod" and d["namespace"] == "demo"
assert d["status"] == "Init:CrashLoopBackOff" and d["phase"] == "Pending"
assert f["id"] == "ImageURLUnreachable" and f["container"] == "web-init", f
assert any("Connection refused" in e for e in f["evidence"])
assert set(f) == {"id", "severity", "container", "summary", "evidence", "explanation", "remedy"}
' "$T_TMP/o"; then
	ok "a lone Pod (oc get pod -o json): the init log tail from its termination message is read"
else
	fail "a lone Pod" "$(head -c 600 "$T_TMP/o")" "$(head -n 5 "$T_TMP/e")"
fi

inspect="$FORMS/inspect"
check_inspect() {	# NAME: the inspect dir's pod, bad address, timestamps gone
	if [ "$RC" = 3 ] && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
f = d["findings"][0]
assert f["id"] == "ImageURLUnreachable", [x["id"] for x in d["findings"]]
assert "wget: bad address '"'"'local.web.server'"'"'" in f["evidence"], f["evidence"]
assert not any(e.startswith("2026-") for e in f["evidence"]), f["evidence"]
assert "local.web.server" in f["summary"]
' "$T_TMP/o"; then
		ok "$1: pod, events and timestamped logs read, timestamps stripped"
	else
		fail "$1" "$(head -c 800 "$T_TMP/o")" "$(head -n 5 "$T_TMP/e")"
	fi
	no_sanitizer_report "$T_TMP/e" || fail "$1: sanitizer report" "$(head -n 20 "$T_TMP/e")"
}
run_cmd "$T_TMP/o" "$T_TMP/e" "$OC_LEAPP" diagnose leapp-web-pod -n demo --from-file "$inspect" -o json
check_inspect "an oc adm inspect directory"
tar -czf "$T_TMP/inspect.tar.gz" -C "$inspect" .
run_cmd "$T_TMP/o" "$T_TMP/e" "$OC_LEAPP" diagnose pod/leapp-web-pod --from-file "$T_TMP/inspect.tar.gz" -o json
check_inspect "the same directory as .tar.gz"
tar -cf - -C "$inspect" . | gzip -c >"$T_TMP/inspect.bin"
run_cmd "$T_TMP/o" "$T_TMP/e" "$OC_LEAPP" diagnose --from-file "$T_TMP/inspect.bin" -o json
check_inspect "a gzipped tar named otherwise (found by its magic)"
run_cmd "$T_TMP/o" "$T_TMP/e" sh -c 'cat "$2" | "$1" diagnose --from-file /dev/stdin -o json' _ "$OC_LEAPP" "$T_TMP/inspect.bin"
check_inspect "the same through a pipe, /dev/stdin (found by its magic)"
run_cmd "$T_TMP/o" "$T_TMP/e" sh -c 'cat "$2" | "$1" diagnose --from-file /dev/stdin -o json' _ "$OC_LEAPP" "$FORMS/pod.json"
if [ "$RC" = 3 ] && grep -q '"pod": "leapp-web-pod"' "$T_TMP/o" && no_sanitizer_report "$T_TMP/e"; then
	ok "a Pod through a pipe (/dev/stdin): read whole, not sniffed first"
else
	fail "a Pod through a pipe: exit $RC" "$(head -n 3 "$T_TMP/e")"
fi

run_cmd "$T_TMP/o" "$T_TMP/e" "$OC_LEAPP" diagnose --from-file "$FORMS/several.yaml" -o json
if [ "$RC" = 3 ] && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["kind"] == "DiagnosisList" and len(d["items"]) == 3
by = {i["pod"]: i for i in d["items"]}
assert by["leapp-ok-pod"]["findings"][0]["id"] == "Healthy"
assert by["leapp-bad-pod"]["findings"][0]["id"] == "OOMKilled"
' "$T_TMP/o"; then
	ok "a List of several pods: a DiagnosisList, one Diagnosis each"
else
	fail "a List of several pods" "$(head -c 600 "$T_TMP/o")"
fi
run_cmd "$T_TMP/o" "$T_TMP/e" "$OC_LEAPP" diagnose --from-file "$FORMS/several.yaml"
if [ "$RC" = 3 ] && head -n 1 "$T_TMP/o" | grep -q '^NAME  *STATUS  *DIAGNOSIS' &&
   grep -q '^pod/leapp-ok-pod  *Running  *ok: Healthy' "$T_TMP/o" &&
   grep -q '^pod/leapp-bad-pod  *CrashLoopBackOff  *error: OOMKilled' "$T_TMP/o" &&
   grep -q '^pod/leapp-bad-pod in namespace demo' "$T_TMP/o" && ! grep -q '^pod/leapp-ok-pod in namespace' "$T_TMP/o"; then
	ok "several pods: a summary line each, then details of the failing ones only"
else
	fail "several pods, text" "$(head -n 12 "$T_TMP/o")"
fi
run_cmd "$T_TMP/o" "$T_TMP/e" "$OC_LEAPP" diagnose --all --from-file "$FORMS/several.yaml" -o json
if [ "$RC" = 3 ] && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert sorted(i["pod"] for i in d["items"]) == ["leapp-bad-pod", "leapp-ok-pod", "other-pod"], d
' "$T_TMP/o"; then
	ok "--all: every pod, as kubectl means it (not only the leapp-labelled ones)"
else
	fail "--all" "$(head -c 400 "$T_TMP/o")"
fi
run_cmd "$T_TMP/o" "$T_TMP/e" "$OC_LEAPP" diagnose -l 'name in (leapp-web-label)' --from-file "$FORMS/several.yaml" -o json
if [ "$RC" = 3 ] && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert sorted(i["pod"] for i in d["items"]) == ["leapp-bad-pod", "leapp-ok-pod"], d
' "$T_TMP/o"; then
	ok "leapp's pods are a selector: -l '\''name in (...)'\'' (set-based, as kubectl)"
else
	fail "-l with a set" "$(head -c 400 "$T_TMP/o")"
fi
run_cmd "$T_TMP/o" "$T_TMP/e" "$OC_LEAPP" diagnose -l app=other --from-file "$FORMS/several.yaml" -o json
if [ "$RC" = 0 ] && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["kind"] == "Diagnosis" and d["pod"] == "other-pod" and d["findings"][0]["id"] == "Healthy"
' "$T_TMP/o"; then
	ok "-l SELECTOR picks by label; a healthy pod exits 0"
else
	fail "-l SELECTOR" "$(head -c 400 "$T_TMP/o")"
fi

# -o yaml parses back to the same data as -o json
run_cmd "$T_TMP/o.yaml" "$T_TMP/e" "$OC_LEAPP" diagnose --from-file "$FORMS/several.yaml" -o yaml
"$OC_LEAPP" diagnose --from-file "$FORMS/several.yaml" -o json >"$T_TMP/o.json" 2>/dev/null || :
if [ "$RC" = 3 ] && (cd "$TOP/tests" && node -e '
const fs = require("fs"), YAML = require("yaml");
const y = YAML.parse(fs.readFileSync(process.argv[1], "utf8"));
const j = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
if (JSON.stringify(y) !== JSON.stringify(j)) { console.error("differ"); process.exit(1); }
' "$T_TMP/o.yaml" "$T_TMP/o.json"); then
	ok "-o yaml parses back to what -o json says"
else
	fail "-o yaml" "$(head -n 10 "$T_TMP/o.yaml")"
fi

# ---- the command line ----
expect_error "two pods named" 2 "one pod" "$OC_LEAPP" diagnose a b --from-file "$FORMS/pod.json"
expect_error "an unknown resource" 2 "name a pod" "$OC_LEAPP" diagnose service/web --from-file "$FORMS/pod.json"
expect_error "a statefulset not in the file" 1 'statefulset "db" not found' "$OC_LEAPP" diagnose sts/db --from-file "$FORMS/pod.json"
expect_error "an invalid name" 2 "not a valid pod name" "$OC_LEAPP" diagnose 'Bad_Name' --from-file "$FORMS/pod.json"
expect_error "a pod and --all" 2 "only one" "$OC_LEAPP" diagnose web --all --from-file "$FORMS/pod.json"
expect_error "-o xml" 2 "xml" "$OC_LEAPP" diagnose web -o xml
expect_error "nothing named, live" 2 "name a pod" "$OC_LEAPP" diagnose
expect_error "--log without --from-file" 2 "from-file" "$OC_LEAPP" diagnose web --log web=/dev/null
expect_error "--log without =" 2 "CONTAINER=FILE" "$OC_LEAPP" diagnose --from-file "$FORMS/pod.json" --log web
expect_error "--log of a missing file" 1 "cannot read" "$OC_LEAPP" diagnose --from-file "$FORMS/pod.json" --log web=/nonexistent/log
expect_error "--log with several pods" 2 "one pod" "$OC_LEAPP" diagnose --from-file "$FORMS/several.yaml" --log web=/dev/null
# A CR LF in a header value would add headers of its own: refused, as kubectl does.
expect_error "--as with a line break" 1 'invalid user to impersonate \(--as\)' \
	"$OC_LEAPP" diagnose web -s https://127.0.0.1:1 --as "$(printf 'me\r\nX-Evil: 1')"
expect_error "a token with a line break, not echoed" 1 '^oc-leapp: error: invalid bearer token: it holds a control character$' \
	"$OC_LEAPP" diagnose web -s https://127.0.0.1:1 --token "$(printf 'secret\r\nX-Evil: 1')"
KUBECONFIG=/nonexistent/kubeconfig expect_error "live, with no usable cluster" 1 "." "$OC_LEAPP" diagnose web --request-timeout 2s
run_cmd "$T_TMP/o" "$T_TMP/e" "$OC_LEAPP" diagnose --help
if [ "$RC" = 0 ] && grep -q 'Kubeconfig options:' "$T_TMP/o" && grep -q -- '--from-file PATH' "$T_TMP/o"; then
	ok "--help lists the options and the kubeconfig options"
else
	fail "--help" "$(head -n 5 "$T_TMP/o")"
fi

# ---- what is not there ----
expect_error "a missing path" 1 "cannot read" "$OC_LEAPP" diagnose --from-file /nonexistent/pod.json
expect_error "a pod not in the file" 1 'pod "nosuch" not found' "$OC_LEAPP" diagnose nosuch --from-file "$FORMS/pod.json"
expect_error "a deployment not in the file" 1 'deployment "nosuch" not found' "$OC_LEAPP" diagnose deployment/nosuch --from-file "$FORMS/pod.json"
expect_error "another namespace" 1 "namespace other" "$OC_LEAPP" diagnose --from-file "$FORMS/pod.json" -n other
expect_error "a selector matching nothing" 1 "matches the selector" "$OC_LEAPP" diagnose -l app=none --from-file "$FORMS/several.yaml"
expect_error "a selector kubectl would refuse" 2 "invalid label selector" "$OC_LEAPP" diagnose -l 'app in a,b' --from-file "$FORMS/several.yaml"
expect_error "a name across all namespaces" 2 "across all namespaces" "$OC_LEAPP" diagnose web -A --from-file "$FORMS/pod.json"

# ---- hostile input ----
printf '{"kind": "List", "items": [{"kind": "Pod", "metadata": {"name": "x"' >"$T_TMP/trunc.json"
expect_error "truncated JSON" 1 "cannot parse .*trunc.json" "$OC_LEAPP" diagnose --from-file "$T_TMP/trunc.json"
head -c 4000 /bin/sh >"$T_TMP/garbage.yaml"
expect_error "binary garbage" 1 "garbage.yaml" "$OC_LEAPP" diagnose --from-file "$T_TMP/garbage.yaml"
printf 'kind: List\nitems:\n  - kind: Pod\n    metadata: {name: [unclosed\n' >"$T_TMP/bad.yaml"
expect_error "broken YAML" 1 "bad.yaml" "$OC_LEAPP" diagnose --from-file "$T_TMP/bad.yaml"
: >"$T_TMP/empty.json"
expect_error "an empty file" 1 "is empty" "$OC_LEAPP" diagnose --from-file "$T_TMP/empty.json"
printf '\n\n  \n' >"$T_TMP/blank.yaml"
expect_error "a blank file" 1 "is empty" "$OC_LEAPP" diagnose --from-file "$T_TMP/blank.yaml"
printf '{"apiVersion": "v1", "kind": "List", "items": []}\n' >"$T_TMP/nopod.json"
expect_error "a List with no pod" 1 "holds no Pod" "$OC_LEAPP" diagnose --from-file "$T_TMP/nopod.json"
printf 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\n---\nkind: Frobnicator\n' >"$T_TMP/kinds.yaml"
expect_error "unknown kinds only" 1 "holds no Pod.*Service, Frobnicator" "$OC_LEAPP" diagnose --from-file "$T_TMP/kinds.yaml"
printf '[1, "two", null, {"kind": 5}]\n' >"$T_TMP/odd.json"
expect_error "JSON of the wrong shape" 1 "holds no Pod" "$OC_LEAPP" diagnose --from-file "$T_TMP/odd.json"
{ printf 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n'
  for i in 1 2 3 4 5 6 7 8 9; do printf 'a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n' $i $i $((i-1)) $((i-1)) $((i-1)) $((i-1)) $((i-1)) $((i-1)) $((i-1)) $((i-1)) $((i-1)) $((i-1)); done
  printf 'kind: Pod\n'; } >"$T_TMP/laughs.yaml"
expect_error "YAML aliases that expand to 10^10 values" 1 "laughs.yaml: YAML aliases expand to more than" \
	timeout 20 "$OC_LEAPP" diagnose --from-file "$T_TMP/laughs.yaml"
awk 'BEGIN { printf "{\"kind\": \"List\", \"items\": ["
	for (i = 0; i < 10000; i++)
		printf "%s{\"kind\": \"Pod\", \"metadata\": {\"name\": \"p%d\"}, \"status\": {\"phase\": \"Pending\", \"conditions\": [{\"type\": \"PodScheduled\", \"status\": \"False\", \"lastTransitionTime\": \"2024-05-01T10:00:00Z\"}]}}", i ? ", " : "", i
	print "]}" }' >"$T_TMP/many.json"
run_cmd "$T_TMP/o" "$T_TMP/e" timeout 20 "$OC_LEAPP" diagnose --from-file "$T_TMP/many.json"
if [ "$RC" = 0 ] && [ "$(grep -c '^pod/p[0-9]* *Pending  *warning' "$T_TMP/o")" = 10000 ] && no_sanitizer_report "$T_TMP/e"; then
	ok "a List of 10000 pods: one line each, in seconds"
else
	fail "a List of 10000 pods: exit $RC" "$(head -n 3 "$T_TMP/e")"
fi
printf '%s\n' 'kind: Pod' 'metadata: {name: many}' 'status:' '  containerStatuses:' \
	'  - {name: a, restartCount: 2147483647}' '  - {name: b, restartCount: 2147483647}' \
	'  initContainerStatuses: [{name: i, restartCount: -9223372036854775808}]' >"$T_TMP/restarts.yaml"
run_cmd "$T_TMP/o" "$T_TMP/e" "$OC_LEAPP" diagnose --from-file "$T_TMP/restarts.yaml"
if grep -q ', 2147483647 restarts$' "$T_TMP/o" && no_sanitizer_report "$T_TMP/e"; then
	ok "restart counts that overflow an int: summed without overflow"
else
	fail "huge restart counts: exit $RC" "$(head -n 3 "$T_TMP/e")"
fi
mkdir -p "$T_TMP/bigdir/namespaces/demo/core"
truncate -s 800M "$T_TMP/bigdir/namespaces/demo/core/pods.yaml"
expect_error "an objects file larger than the whole budget, in a directory" 1 \
	"pods.yaml: the input holds more than 768 MiB" "$OC_LEAPP" diagnose --from-file "$T_TMP/bigdir"
rm -f "$T_TMP/bigdir/namespaces/demo/core/pods.yaml"
# A small .tar.gz of large objects: 24 files, each a List of 48 pods of a
# MiB each, a megabyte compressed; read whole, they took gigabytes. The
# budget counts the text and what is parsed, all files together: a clear
# error, in bounded memory (the plain build's RSS is measured).
"$(command -v python3)" - "$T_TMP/bigdir" <<'PY'
import os, sys
d = os.path.join(sys.argv[1], "namespaces", "demo", "core")
big = "x" * (1 << 20)
for i in range(24):
    with open(os.path.join(d, "pods-%02d.json" % i), "w") as f:
        f.write('{"kind": "List", "items": [%s]}' % ", ".join(
            '{"kind": "Pod", "metadata": {"name": "p%d-%d"}, "status": {"message": "%s"}}' % (i, j, big)
            for j in range(48)))
PY
tar -czf "$T_TMP/big.tar.gz" -C "$T_TMP/bigdir" namespaces
size=$(wc -c <"$T_TMP/big.tar.gz")
run_cmd "$T_TMP/o" "$T_TMP/e" /usr/bin/time -f 'maxrss %M' "${OC_LEAPP_PLAIN:-$OC_LEAPP}" diagnose --from-file "$T_TMP/big.tar.gz"
rss=$(sed -n 's/^maxrss //p' "$T_TMP/e")
if [ "$RC" = 1 ] && grep -q "the input holds more than 768 MiB of objects and logs" "$T_TMP/e" && \
	[ "$size" -lt 4000000 ] && [ "${rss:-9999999}" -lt 1000000 ]; then
	ok "a ${size}-byte .tar.gz of 1.1 GiB of objects: stopped at the budget, max RSS ${rss} KiB"
else
	fail "a small .tar.gz of large objects (exit $RC, $size bytes, max RSS ${rss:-?} KiB)" "$(head -n 3 "$T_TMP/e")"
fi
expect_error "the same under the sanitizers: one line, no crash" 1 "big.tar.gz:namespaces/demo/core/pods-[0-9]*.json: the input holds more than 768 MiB" \
	"$OC_LEAPP" diagnose --from-file "$T_TMP/big.tar.gz"
rm -f "$T_TMP"/bigdir/namespaces/demo/core/pods-*.json "$T_TMP/big.tar.gz"
head -c 9000000 /dev/zero | tr '\0' x | sed 's/^/{"kind": "Pod", "metadata": {"name": "p"}, "status": {"message": "/; s/$/"}}/' \
	>"$T_TMP/bigdir/namespaces/demo/core/huge.json"
tar -czf "$T_TMP/big.tar.gz" -C "$T_TMP/bigdir" namespaces
expect_error "one object of 9 MiB (etcd keeps 1.5 MiB at most): refused before it is parsed" 1 \
	"huge.json holds an object of more than 8 MiB: no Kubernetes object is that large" \
	"$OC_LEAPP" diagnose --from-file "$T_TMP/big.tar.gz"
{ printf 'kind: List\nitems:\n- kind: Pod\n  metadata: {name: p}\n  spec:\n    x:\n'
  i=0; while [ $i -lt 250 ]; do printf '    - [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]\n'; i=$((i + 1)); done; } >"$T_TMP/values.yaml"
expect_error "a YAML item of a quarter million values (no pod has that many)" 1 "values.yaml: an object of more than 200000 values" \
	"$OC_LEAPP" diagnose --from-file "$T_TMP/values.yaml"
rm -rf "$T_TMP/bigdir" "$T_TMP/big.tar.gz"
mkdir -p "$T_TMP/emptydir"
expect_error "a directory with nothing in it" 1 "holds no Pod" "$OC_LEAPP" diagnose --from-file "$T_TMP/emptydir"
head -c 300 "$T_TMP/inspect.tar.gz" >"$T_TMP/cut.tar.gz"
expect_error "a truncated .tar.gz" 1 "cut.tar.gz" "$OC_LEAPP" diagnose --from-file "$T_TMP/cut.tar.gz"
printf 'not an archive at all\n' >"$T_TMP/fake.tar.gz"
expect_error "a .tar.gz that is not one" 1 "fake.tar.gz" "$OC_LEAPP" diagnose --from-file "$T_TMP/fake.tar.gz"

# Controllers without a name (metadata.name is what everything joins on):
# facts_for_deploy crashed on them. They are skipped, never followed.
cat >"$T_TMP/nameless.yaml" <<'EOF'
kind: List
items:
- {apiVersion: apps/v1, kind: Deployment, metadata: {namespace: demo}, spec: {replicas: 1}}
- {apiVersion: apps/v1, kind: ReplicaSet, metadata: {namespace: demo, ownerReferences: [{kind: Deployment, uid: d1}]}, spec: {replicas: 1}}
- {apiVersion: apps/v1, kind: ReplicaSet, metadata: {namespace: demo, name: named, ownerReferences: [{kind: Deployment}]}}
- {apiVersion: apps/v1, kind: StatefulSet, metadata: {namespace: demo, uid: s1}}
- {apiVersion: batch/v1, kind: CronJob, metadata: {name: cj, namespace: demo}}
- kind: Pod
  metadata: {name: p, namespace: demo, ownerReferences: [{kind: ReplicaSet, name: "", uid: ""}, {kind: ReplicaSet}, {kind: StatefulSet, uid: s1}]}
  status: {phase: Pending}
- {kind: Event, involvedObject: {kind: Deployment, namespace: demo}, reason: FailedCreate, type: Warning, message: x}
EOF
for args in "" "--all" "deployment/nosuch" "pod/p" "-l x!=y" "cronjob/cj" "sts/s1"; do
	# shellcheck disable=SC2086
	run_cmd "$T_TMP/o" "$T_TMP/e" "$OC_LEAPP" diagnose $args --from-file "$T_TMP/nameless.yaml" -o json
	if [ "$RC" -le 3 ] && ! grep -q "^oc-leapp: error: .*out of memory" "$T_TMP/e" && no_sanitizer_report "$T_TMP/e" &&
	   { [ "$RC" -eq 1 ] || python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T_TMP/o"; }; then
		ok "controllers without a name, diagnose ${args:-(no target)}: exit $RC, no crash"
	else
		fail "controllers without a name, diagnose ${args:-(no target)} (exit $RC)" "$(head -n 8 "$T_TMP/e")"
	fi
done
# no pod at all, only a Deployment and a ReplicaSet without names: this crashed
printf '%s\n' 'kind: List' 'items:' '- {apiVersion: apps/v1, kind: Deployment, metadata: {namespace: demo}, spec: {replicas: 1}}' \
	'- {apiVersion: apps/v1, kind: ReplicaSet, metadata: {namespace: demo, ownerReferences: [{kind: Deployment, name: x}]}}' \
	>"$T_TMP/nameless2.yaml"
expect_error "only controllers without names, no pod: nothing to diagnose, no crash" 1 "no pod in .*nameless2.yaml" \
	"$OC_LEAPP" diagnose --from-file "$T_TMP/nameless2.yaml"
expect_error "deployment/NAME among controllers without names" 1 'deployment "x" not found' \
	"$OC_LEAPP" diagnose deployment/x --from-file "$T_TMP/nameless2.yaml"

# C1 controls in an error line (a file name here) are escaped, as C0 ones are
run_cmd "$T_TMP/o" "$T_TMP/e" "$OC_LEAPP" diagnose --from-file "$(printf '/nonexistent/a\302\233b\033c\377')"
if [ "$RC" = 1 ] && grep -qF '/nonexistent/a\u009bb\x1bc\xff' "$T_TMP/e" && ! LC_ALL=C grep -q "$(printf '\302\233')" "$T_TMP/e"; then
	ok "an error line escapes C1 controls (\\u009b), C0 ones (\\x1b) and bytes that are not UTF-8 (\\xff)"
else
	fail "C1 controls in an error line" "$(od -c "$T_TMP/e" | head -n 4)"
fi

# A 100 MB log: only its tail is read, so memory stays small (plain build, 150 MB of address space).
big="$T_TMP/big.log"
truncate -s 100M "$big"
printf '\nConnecting to 10.10.10.89:8080 (10.10.10.89:8080)\nwget: can'"'"'t connect to remote host (10.10.10.89): Connection refused\n' >>"$big"
set +e
(ulimit -v 150000; "${OC_LEAPP_PLAIN:-$OC_LEAPP}" diagnose --from-file "$FX/ImageURLUnreachable/list.yaml" \
	--previous-log "web-init=$big" -o json >"$T_TMP/o" 2>"$T_TMP/e")
RC=$?
set -e
if [ "$RC" = 3 ] && grep -q '"ImageURLUnreachable"' "$T_TMP/o"; then
	ok "a 100 MB log: its tail is read within 150 MB of address space"
else
	fail "a 100 MB log (exit $RC)" "$(head -n 5 "$T_TMP/e")"
fi
run_cmd "$T_TMP/o" "$T_TMP/e" "$OC_LEAPP" diagnose --from-file "$FX/ImageURLUnreachable/list.yaml" --previous-log "web-init=$big"
if [ "$RC" = 3 ] && no_sanitizer_report "$T_TMP/e" && grep -q 'Connection refused' "$T_TMP/o"; then
	ok "a 100 MB log under the sanitizers"
else
	fail "a 100 MB log under the sanitizers (exit $RC)" "$(head -n 10 "$T_TMP/e")"
fi
rm -f "$big"

# Escape sequences and invalid UTF-8 in logs and events never reach the terminal.
printf 'Connecting to 10.10.10.89:8080 (10.10.10.89:8080)\n\033]0;owned\007\033[2J\033[31mwget: can'"'"'t connect to remote host (10.10.10.89): Connection refused\033[0m \377\376 bad\r\n' >"$T_TMP/evil.log"
sed 's/Back-off restarting failed container/\\u001b[5mBack-off restarting \\u009b6n\\u0007failed container/' \
	"$FX/ImageURLUnreachable/list.yaml" >"$T_TMP/evil.yaml"
grep -q 'u001b' "$T_TMP/evil.yaml" || fail "evil.yaml: the escape was not planted"
run_cmd "$T_TMP/o" "$T_TMP/e" "$OC_LEAPP" diagnose --from-file "$T_TMP/evil.yaml" --previous-log "web-init=$T_TMP/evil.log"
if [ "$RC" = 3 ] && ! grep -q "$ESC" "$T_TMP/o" && ! cat -v "$T_TMP/o" | grep -qE '\^\[|\^G|\^M|M-\^' &&
   python3 -c 'import sys; open(sys.argv[1], encoding="utf-8", errors="strict").read()' "$T_TMP/o" &&
   grep -q "wget: can't connect to remote host (10.10.10.89): Connection refused" "$T_TMP/o"; then
	ok "escape sequences, control characters and invalid UTF-8: none reach the report"
else
	fail "hostile text in the report" "$(cat -v "$T_TMP/o" | grep -n 'wget\|\^' | head -n 5)"
fi
run_cmd "$T_TMP/o" "$T_TMP/e" "$OC_LEAPP" diagnose --from-file "$T_TMP/evil.yaml" --previous-log "web-init=$T_TMP/evil.log" -o json
if [ "$RC" = 3 ] && python3 -c '
import json, sys
raw = open(sys.argv[1], "rb").read()
assert b"\x1b" not in raw and b"\xff" not in raw
d = json.loads(raw.decode("utf-8"))
ev = d["findings"][0]["evidence"]
# a log is read as a terminal shows it (systemd pods run with a tty):
# escape sequences gone, the words kept, invalid UTF-8 replaced
assert any(e.startswith("wget: can") and "Connection refused \ufffd\ufffd bad" in e for e in ev), ev
assert not any("\x1b" in e or "\x9b" in e for e in ev), ev
assert any("\ufffd" in e for e in ev), ev
' "$T_TMP/o"; then
	ok "-o json quotes the log as a terminal shows it, and stays valid UTF-8 JSON"
else
	fail "hostile text in -o json" "$(head -c 600 "$T_TMP/o")"
fi
run_cmd "$T_TMP/o" "$T_TMP/e" "$OC_LEAPP" diagnose --from-file "$T_TMP/evil.yaml" --previous-log "web-init=$T_TMP/evil.log" -o yaml
if [ "$RC" = 3 ] && ! grep -q "$ESC" "$T_TMP/o" && (cd "$TOP/tests" && node -e '
const YAML = require("yaml"), fs = require("fs");
const d = YAML.parse(fs.readFileSync(process.argv[1], "utf8"));
if (d.kind !== "Diagnosis" || d.findings[0].id !== "ImageURLUnreachable") process.exit(1);
' "$T_TMP/o"); then
	ok "-o yaml with hostile text: escaped and parses back"
else
	fail "hostile text in -o yaml" "$(head -n 20 "$T_TMP/o" | cat -v)"
fi

# ---- every report these inputs give has the schema's shape ----
mkdir -p "$T_TMP/r"
i=0
for args in "--from-file $FORMS/pod.json" "--from-file $inspect" "--from-file $FORMS/several.yaml" \
	"--all --from-file $FORMS/several.yaml" "-l app=other --from-file $FORMS/several.yaml" \
	"--from-file $T_TMP/evil.yaml --previous-log web-init=$T_TMP/evil.log" "--from-file $T_TMP/restarts.yaml"; do
	i=$((i + 1))
	# shellcheck disable=SC2086
	"$OC_LEAPP" diagnose $args -o json >"$T_TMP/r/$i.json" 2>/dev/null || :
	# shellcheck disable=SC2086
	"$OC_LEAPP" diagnose $args -o yaml >"$T_TMP/r/$i.yaml" 2>/dev/null || :
done
schema_check "the reports of every input form, JSON and YAML, conform to the schema" "$T_TMP"/r/*.json "$T_TMP"/r/*.yaml

summary
