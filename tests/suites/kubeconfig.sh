#!/bin/sh
# kubeconfig as the program sees it from the command line: which file,
# context, cluster, user and namespace win, exit statuses and wording of the
# errors, and no secret in what is printed. No server needed
# (`__get --show-config` prints the chosen settings; tests/suites/client.sh
# uses them against the stand-in API server).
set -eu
: "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$TOP/tests/lib.sh"

F=$TOP/tests/fixtures/kubeconfig
O=$T_TMP/out E=$T_TMP/err
export HOME="$T_TMP/home"
mkdir -p "$HOME"
unset KUBECONFIG KUBERNETES_SERVICE_HOST KUBERNETES_SERVICE_PORT POD_NAMESPACE 2>/dev/null || true

show() { run_cmd "$O" "$E" "$OC_LEAPP_CLIENT" __get --show-config "$@"; }
has() {	# has NAME LINE...: exit 0 and every line in the output
	name=$1
	shift
	good=1
	[ "$RC" -eq 0 ] || good=0
	for l in "$@"; do grep -qxF -- "$l" "$O" || good=0; done
	no_sanitizer_report "$E" || good=0
	if [ $good -eq 1 ]; then ok "$name"; else fail "$name" "rc=$RC" "$(cat "$O" "$E")"; fi
}
fails() {	# fails NAME RC TEXT: that exit status and TEXT in one error line
	if [ "$RC" -eq "$2" ] && grep -qF -- "$3" "$E" && [ "$(grep -c 'error:' "$E")" -eq 1 ] &&
		no_sanitizer_report "$E"; then
		ok "$1"
	else
		fail "$1" "rc=$RC (want $2)" "$(cat "$E")"
	fi
}

# ~/.kube/config as `oc login` writes it: a token user, the project as namespace
mkdir -p "$HOME/.kube"
cat >"$HOME/.kube/config" <<'EOF'
apiVersion: v1
clusters:
- cluster:
    insecure-skip-tls-verify: true
    server: https://api.ocp.example.com:6443
  name: api-ocp-example-com:6443
contexts:
- context:
    cluster: api-ocp-example-com:6443
    namespace: migrated
    user: admin/api-ocp-example-com:6443
  name: migrated/api-ocp-example-com:6443/admin
current-context: migrated/api-ocp-example-com:6443/admin
kind: Config
preferences: {}
users:
- name: admin/api-ocp-example-com:6443
  user:
    token: sha256~SECRETsecretSECRET
EOF
show
has "~/.kube/config from oc login: token user, the project as namespace" \
	"server: https://api.ocp.example.com:6443" "namespace: migrated" "auth: token " "insecure: 1"
if grep -q 'SECRETsecret' "$O" "$E"; then fail "the token is never printed"; else ok "the token is never printed"; fi
show -n other --namespace=last
has "-n/--namespace beat the context's namespace (the last one given wins)" "namespace: last"
show --server https://other.example:6443 --token flagtok --request-timeout 90
has "--server, --token and --request-timeout apply on top" \
	"server: https://other.example:6443" "timeout-ms: 90000"

cat >"$T_TMP/pw.yaml" <<'EOF'
apiVersion: v1
kind: Config
current-context: c
clusters: [{name: c, cluster: {server: "https://admin:hunter22@api.example:6443", proxy-url: "http://me:hunter23@proxy.example:3128"}}]
contexts: [{name: c, context: {cluster: c, user: u}}]
users: [{name: u, user: {token: t}}]
EOF
show --kubeconfig "$T_TMP/pw.yaml"
has "a user and password in the server's and the proxy's URLs are not printed" \
	"server: https://api.example:6443" "proxy-url: http://proxy.example:3128"
if grep -q 'hunter2' "$O" "$E"; then fail "passwords in URLs are never printed"; else ok "passwords in URLs are never printed"; fi

# KUBECONFIG: a list, missing files skipped, the first to set a key wins
KUBECONFIG="$T_TMP/missing.yaml:$F/a.yaml:$F/b.yaml" show
has "KUBECONFIG list: first file's current-context, cluster and user win" \
	"context: a-ctx" "server: https://a.example:6443" "namespace: ns-a" "tls-server-name: api.a.example"
KUBECONFIG="$F/b.yaml:$F/a.yaml" show --context a-ctx
has "KUBECONFIG reversed: b's entry for the shared cluster wins whole" \
	"server: https://b.example:6443" "proxy-url: http://proxy.b.example:3128" "ca: system" "namespace: ns-a"
KUBECONFIG="$F/a.yaml:$F/b.yaml" show --context a-ctx --cluster b-only --user b-user
has "--cluster and --user replace the context's" "server: https://b-only.example:6443" "user: b-user" \
	"namespace: ns-a"
KUBECONFIG="$F/a.yaml" show --kubeconfig "$F/b.yaml"
has "--kubeconfig beats KUBECONFIG and does not merge" "context: b-ctx" "namespace: default"
show --kubeconfig "$F/exec/kubeconfig.yaml"
has "a relative exec command is resolved against its kubeconfig's directory" \
	"exec-command: $F/exec/./plugin-cert.sh" "auth: exec"
show --kubeconfig "$F/exec/kubeconfig.yaml" --context onpath
has "a bare exec command is left to PATH" "exec-command: plugin-cert.sh"

# errors: one line each, in client-go's words, exit 1 (2 for a bad flag value)
show --kubeconfig "$T_TMP/nope.yaml"
fails "--kubeconfig naming a missing file" 1 "cannot read kubeconfig \"$T_TMP/nope.yaml\""
show --kubeconfig "$F/garbage.yaml"
fails "a kubeconfig that is not YAML" 1 "error loading config file \"$F/garbage.yaml\""
show --context nope
fails "--context naming no context" 1 "context was not found for specified context: nope"
show --request-timeout soon
fails "a bad --request-timeout is a usage error" 2 "Timeout must be a single integer in seconds"
show --kubeconfig "$F/data.yaml" --context both
fails "a CA with insecure-skip-tls-verify" 1 \
	"specifying a root certificates file with the insecure flag is not allowed"
show --certificate-authority "$F/ca.pem" --insecure-skip-tls-verify
fails "--certificate-authority with --insecure-skip-tls-verify" 1 "with the insecure flag is not allowed"
rm "$HOME/.kube/config"
KUBECONFIG="$T_TMP/a.yaml:$T_TMP/b.yaml" show
if [ "$RC" -eq 1 ] && grep -qF "warning: Config not found: $T_TMP/a.yaml:$T_TMP/b.yaml" "$E" &&
	grep -qF "invalid configuration: no configuration has been provided" "$E"; then
	ok "nothing configured: kubectl's warning and error"
else
	fail "nothing configured: kubectl's warning and error" "$(cat "$E")"
fi
show
fails "no ~/.kube/config and no KUBECONFIG" 1 "invalid configuration: no configuration has been provided"

# in-cluster: used only when there is no kubeconfig at all
SA=$T_TMP/sa
mkdir -p "$SA"
printf 'sa-token\n' >"$SA/token"
printf 'sa-ns\n' >"$SA/namespace"
OC_LEAPP_SERVICEACCOUNT_DIR=$SA KUBERNETES_SERVICE_HOST=172.30.0.1 KUBERNETES_SERVICE_PORT=443 show
has "in-cluster: service host and port, the account's namespace" \
	"server: https://172.30.0.1:443" "namespace: sa-ns" "in-cluster: 1" "ca: system"
OC_LEAPP_SERVICEACCOUNT_DIR=$SA KUBERNETES_SERVICE_HOST=172.30.0.1 KUBERNETES_SERVICE_PORT=443 \
	KUBECONFIG=$F/a.yaml show
has "a kubeconfig wins over the service account" "in-cluster: 0" "context: a-ctx"

summary
