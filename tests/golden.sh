#!/bin/sh
# Golden tests of generate: every case in tests/golden/cases/NAME.args is run
# against the example machines, and what it writes is compared, as data, with
# the reviewed files in tests/golden/expected/NAME/, then checked by the
# independent validator (upstream schemas + the API server's name rules).
#   golden.sh [--update] PROGRAM
# --update rewrites the expected files (review the diff before committing).
set -eu
update=0
[ "${1:-}" = "--update" ] && { update=1; shift; }
prog=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/lib.sh"
# The namespace comes from the kubeconfig unless -n says it: none here.
export KUBECONFIG="$T_TMP/no-kubeconfig"
check="node $top/tests/tools/k8scheck.mjs"
m=$T_TMP/machines
sh "$top/tests/machines.sh" "$m"
# Expected files hold the machines' path as leapp-tool's default root, and
# "this-host" where stateful pins its volumes to this host's name (the
# default of --node): a whole YAML list item or JSON string, nothing else.
host=$(hostname | tr 'A-Z' 'a-z' | sed 's/[.]/\\./g')
norm() {
	find "$1" -type f -exec sed -i -e "s|$m|/var/lib/leapp/macrocontainers|g" \
		-e "s|^\\( *- \\)$host\$|\\1this-host|" -e "s|^\\( *\\)\"$host\"\\(,\\{0,1\\}\\)\$|\\1\"this-host\"\\2|" {} +
}
# The base image's context (base-image/: empty directories and links, which
# git cannot hold) is compared as its description, base-image.txt: the
# Dockerfile, every rootfs/ entry with its mode or link, leapp/'s files
# with their mode and SHA-256.
describe_base() {
	b=$1/base-image
	[ -d "$b" ] || return 0
	{
		echo "== Dockerfile"
		cat "$b/Dockerfile"
		echo "== rootfs/"
		(cd "$b/rootfs" && find . -mindepth 1 | LC_ALL=C sort | while read -r f; do
			if [ -L "$f" ]; then echo "link $f -> $(readlink "$f")"; else echo "dir  $(stat -c %a "$f") $f"; fi
		done)
		echo "== leapp/"
		(cd "$b" && find leapp -type f | LC_ALL=C sort | while read -r f; do
			echo "file $(stat -c %a "$f") $(sha256sum < "$f" | cut -c1-64) $f"
		done)
	} > "$1/base-image.txt"
	rm -rf "$b"
}

for args in "$top"/tests/golden/cases/*.args; do
	name=$(basename "$args" .args)
	out=$T_TMP/out/$name
	mkdir -p "$out"
	# The .args file holds one shell-quoted argument list.
	eval "set -- $(cat "$args")"
	case " $* " in
	*" -o json"*) run_cmd "$out/objects.json" "$out.err" "$prog" generate "$@" --root "$m" ;;
	*" -o "*) run_cmd "$out/objects.yaml" "$out.err" "$prog" generate "$@" --root "$m" ;;
	*) run_cmd "$out.stdout" "$out.err" "$prog" generate "$@" --root "$m" -e "$out" ;;
	esac
	if [ "$RC" -ne 0 ]; then
		fail "golden $name: exit $RC" "$(cat "$out.err")"
		continue
	fi
	no_sanitizer_report "$out.err" || { fail "golden $name: sanitizer" "$(head -5 "$out.err")"; continue; }
	describe_base "$out"
	norm "$out"
	if [ "$update" -eq 1 ]; then
		rm -rf "$top/tests/golden/expected/$name"
		cp -r "$out" "$top/tests/golden/expected/$name"
		ok "golden $name: updated"
		continue
	fi
	if res=$($check compare "$out" "$top/tests/golden/expected/$name" 2>&1); then
		ok "golden $name: as expected"
	else
		fail "golden $name: differs" "$res"
	fi
	if res=$($check validate "$out" 2>&1); then
		ok "golden $name: valid objects"
	else
		fail "golden $name: invalid" "$res"
	fi
done

# The validator can fail: objects the API server would refuse are caught.
bad=$T_TMP/bad.yaml
cat > "$bad" <<'YAML'
apiVersion: v1
kind: Pod
metadata: {name: Bad_Name}
spec: {containers: [{name: x, image: y, ports: [{containerPort: 70000}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: 1svc}
spec: {selector: {name: x}, ports: []}
---
apiVersion: v1
kind: Pod
metadata: {name: nocontainers}
spec: {}
---
apiVersion: v1
kind: Pod
metadata: {name: aliases, namespace: x}
spec:
  containers: [{name: c, image: i}]
  hostAliases: [{ip: 300.1.1.1, hostnames: [a]}, {ip: 10.0.0.1, hostnames: [Bad_Name]}, {ip: 10.0.0.1, hostnames: [b]}]
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: c}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 0}}}
YAML
res=$($check validate "$bad" 2>&1 || true)
for want in 'Bad_Name' '70000' 'Service names must start with a letter' 'needs at least one port' 'nocontainers: schema' 'bad request 0' \
	'no label app.kubernetes.io/instance' 'Pod/nocontainers: no namespace' '300.1.1.1 is not an IP address' \
	'"Bad_Name" is not a DNS-1123 subdomain' '10.0.0.1 twice'; do
	case "$res" in
	*"$want"*) ok "validator refuses: $want" ;;
	*) fail "validator missed: $want" "$res" ;;
	esac
done
# ... and SCCs against OpenShift's schema, and a set whose parts disagree.
scc=$T_TMP/bad-scc.yaml
cat > "$scc" <<'YAML'
apiVersion: security.openshift.io/v1
kind: SecurityContextConstraints
metadata: {name: missing-required}
allowedCapabilities: [SYS_CHROOT]
---
apiVersion: security.openshift.io/v1
kind: SecurityContextConstraints
metadata: {name: bad-fields, namespace: demo}
priority: high
allowHostDirVolumePlugin: false
allowHostIPC: false
allowHostNetwork: false
allowHostPID: false
allowHostPorts: false
allowPrivilegedContainer: false
allowedCapabilities: [NET_RAW]
defaultAddCapabilities: []
requiredDropCapabilities: [NET_RAW]
readOnlyRootFilesystem: false
volumes: [emptyDir, hostpath]
runAsUser: {type: RunAsRoot}
allowedCapabilites: [SYS_CHROOT]
users: [system:serviceaccount:demo:default, alice]
YAML
res=$($check validate "$scc" 2>&1 || true)
for want in "missing-required: schema: / must have required property 'allowHostDirVolumePlugin'" '/priority must be integer,null' \
	'/volumes/1 must be equal to one of the allowed values' '/runAsUser/type must be equal to one of the allowed values' \
	'must NOT have additional properties (allowedCapabilites)' '/metadata/namespace must NOT be valid' \
	'NET_RAW both allowed and required dropped' 'user alice is not a service account'; do
	case "$res" in
	*"$want"*) ok "SCC schema refuses: $want" ;;
	*) fail "SCC schema missed: $want" "$res" ;;
	esac
done
set1=$T_TMP/bad-set.yaml
cat > "$set1" <<'YAML'
apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: a, labels: {name: x, app.kubernetes.io/name: w, app.kubernetes.io/instance: w.a, app.kubernetes.io/managed-by: oc-leapp}}
---
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: b, labels: {name: x, app.kubernetes.io/name: w, app.kubernetes.io/instance: w.b, app.kubernetes.io/managed-by: someone}}
spec:
  serviceAccountName: default
  containers: [{name: c, image: i, securityContext: {capabilities: {add: [SYS_CHROOT]}}}]
YAML
cat >> "$set1" <<'YAML'
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: web-etc-vol, labels: {name: x, app.kubernetes.io/name: w, app.kubernetes.io/instance: w.a, app.kubernetes.io/managed-by: oc-leapp}}
spec:
  capacity: {storage: 1Mi}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Delete
  hostPath: {path: /var/lib/leapp/macrocontainers/web/etc}
YAML
res=$($check validate "$set1" 2>&1 || true)
for want in 'more than one namespace' 'more than one app.kubernetes.io/instance' 'managed-by is not oc-leapp' \
	"runs as the namespace's default account" 'asks for SYS_CHROOT without an SCC' 'not pinned to one node' \
	'hostPath.type is not Directory' 'web-etc-vol: not Retain' 'its name does not carry the namespace' 'not reserved by a claimRef' \
	'nothing stops a second copy on the same files'; do
	case "$res" in
	*"$want"*) ok "set rules refuse: $want" ;;
	*) fail "set rules missed: $want" "$res" ;;
	esac
done
summary
