#!/bin/sh
# The base image generate writes (DEST/base-image/), PID 1 per --init, and
# the next steps: true for what was written, one program name, paths quoted,
# and with -o the objects alone on stdout.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
# The namespace comes from the kubeconfig unless -n says it: none here.
export KUBECONFIG="$T_TMP/no-kubeconfig"
m=$T_TMP/m
sh "$top/tests/machines.sh" "$m"
cd "$T_TMP"
G() { run_cmd "$T_TMP/out" "$T_TMP/err" "$OC_LEAPP" generate --root "$m" "$@"; }
yq() {	# FILE EXPR: evaluates EXPR (JavaScript over the workload, o: the Pod or Deployment) in the YAML file
	K8SCHECK_LIB=1 node --input-type=module -e '
	  const { load } = await import(process.argv[1]);
	  const o = load(process.argv[2]).find((x) => x.kind === "Pod" || x.kind === "Deployment");
	  console.log(JSON.stringify(eval(process.argv[3])));' "$top/tests/tools/k8scheck.mjs" "$1" "$2"
}

# ---- the context: the machine's top level, leapp-init, a Dockerfile ----
G multivolume -c centos7-web -t 80 -m http://x/web.tar.gz -e "d 1"
b="$T_TMP/d 1/base-image"
if [ "$RC" -eq 0 ] && [ -f "$b/Dockerfile" ] && no_sanitizer_report "$T_TMP/err"; then ok "base-image/ is written"
else fail "base-image/ is written" "exit $RC" "$(cat "$T_TMP/err")"; fi
want=$(cd "$m/centos7-web" && for f in *; do if [ -L "$f" ]; then echo "$f -> $(readlink "$f")"; elif [ -d "$f" ]; then echo "$f/"; fi; done)
got=$(cd "$b/rootfs" && for f in *; do if [ -L "$f" ]; then echo "$f -> $(readlink "$f")"; elif [ -d "$f" ]; then echo "$f/"; fi; done)
[ "$want" = "$got" ] && [ -z "$(find "$b/rootfs" -mindepth 2)" ] \
	&& ok "rootfs/: every top-level directory (empty) and link of the machine" || fail "rootfs" "want: $want" "got: $got"
[ "$(stat -c %a "$b/leapp/leapp-init")" = 755 ] && cmp -s "$b/leapp/leapp-init" "$OC_LEAPP_INIT" \
	&& ok "leapp/leapp-init: the helper's bytes, executable" || fail "leapp-init copy" "$(ls -l "$b/leapp")"
[ "$(stat -c %a "$m/centos7-web/tmp")" = "$(stat -c %a "$b/rootfs/tmp")" ] && ok "directory modes as on the machine" || fail "modes"
grep -qx 'STOPSIGNAL SIGTERM' "$b/Dockerfile" && grep -qx 'CMD \["/.leapp/leapp-init", "services"\]' "$b/Dockerfile" &&
	grep -qx 'ENV container=oci' "$b/Dockerfile" && grep -qx 'ARG BUSYBOX_IMAGE=docker.io/library/busybox:1.36-uclibc' "$b/Dockerfile" &&
	grep -qx 'COPY --from=busybox /bin/busybox /.leapp/busybox' "$b/Dockerfile" \
	&& ok "Dockerfile: container=oci, stop signal and CMD of --init services, busybox by a build argument" \
	|| fail "Dockerfile" "$(cat "$b/Dockerfile")"
tag=$(yq "$T_TMP/d 1/centos7-web-pod.yaml" 'o.spec.containers[0].image')
grep -q "base-image/ (the base image leapp-centos7-web-base:[0-9a-f]\{12\}: Dockerfile" "$T_TMP/out" && [ "$tag" = "\"$(grep -o 'leapp-centos7-web-base:[0-9a-f]*' "$T_TMP/out" | head -1)\"" ] \
	&& ok "the pod runs the base image written, named REPO:TAG" || fail "base image name" "$tag" "$(cat "$T_TMP/out")"
[ -z "$(ls -A "$T_TMP/d 1" | grep '^\.')" ] && ok "no temporary directory left" || fail "temporaries" "$(ls -A "$T_TMP/d 1")"

# ---- the tag is the content's: the same twice, another for other content ----
G multivolume -c centos7-web -t 80 -m http://x/web.tar.gz -o yaml
tag1=$(grep -m1 -o 'leapp-centos7-web-base:[0-9a-f]*' "$T_TMP/out")
G multivolume -c centos7-web -t 80 -m http://x/other.tar.gz -o yaml
[ "$tag1" = "$(grep -m1 -o 'leapp-centos7-web-base:[0-9a-f]*' "$T_TMP/out")" ] && [ "\"$tag1\"" = "$tag" ] \
	&& ok "the same context, the same tag (with -o too)" || fail "tag stable" "$tag1" "$tag"
printf 'other bytes\n' > other-init
OC_LEAPP_INIT=$T_TMP/other-init G multivolume -c centos7-web -t 80 -m http://x/web.tar.gz -o yaml
tag2=$(grep -m1 -o 'leapp-centos7-web-base:[0-9a-f]*' "$T_TMP/out")
G multivolume -c centos7-web -t 80 -m http://x/web.tar.gz --init systemd -o yaml
tag3=$(grep -m1 -o 'leapp-centos7-web-base:[0-9a-f]*' "$T_TMP/out")
ln -s usr/lib "$m/centos7-web/libx"
G multivolume -c centos7-web -t 80 -m http://x/web.tar.gz -o yaml
tag4=$(grep -m1 -o 'leapp-centos7-web-base:[0-9a-f]*' "$T_TMP/out")
rm "$m/centos7-web/libx"
[ "$tag2" != "$tag1" ] && [ "$tag3" != "$tag1" ] && [ "$tag4" != "$tag1" ] && [ "$tag3" != "$tag2" ] \
	&& ok "another leapp-init, another --init, another top-level link: another tag" || fail "tags" "$tag1 $tag2 $tag3 $tag4"

# ---- all or nothing, with base-image/ as with the files ----
mkdir -p keep/base-image && echo mine > keep/base-image/Dockerfile
G macroimage -c centos6-app -t 80 -e keep
[ "$RC" -eq 1 ] && grep -q "keep/base-image already exists (use --force" "$T_TMP/err" && [ "$(ls -A keep)" = base-image ] &&
	[ "$(cat keep/base-image/Dockerfile)" = mine ] && ok "an existing base-image/ is kept, nothing else written" \
	|| fail "existing base-image" "exit $RC" "$(cat "$T_TMP/err")" "$(ls -A keep)"
G macroimage -c centos6-app -t 80 -e keep --force
[ "$RC" -eq 0 ] && grep -q 'leapp-init", "sysv"' keep/base-image/Dockerfile && [ -d keep/base-image/rootfs/etc ] &&
	[ "$(ls -A keep | grep -c '^\.')" -eq 0 ] && ok "--force replaces base-image/, no temporary left" || fail "--force base-image" "exit $RC" "$(ls -A keep)"
mkdir -p clash && echo x > clash/base-image
G macroimage -c centos6-app -t 80 -e clash --force
[ "$RC" -eq 1 ] && grep -q "cannot replace clash/base-image: it is not a directory" "$T_TMP/err" && [ "$(ls -A clash)" = base-image ] \
	&& ok "--force over a file named base-image: one line, nothing written" || fail "base-image file" "exit $RC" "$(cat "$T_TMP/err")"
mkdir -p taken && echo x > taken/centos6-app-pod.yaml
G macroimage -c centos6-app -t 80 -e taken
[ "$RC" -eq 1 ] && [ "$(ls -A taken)" = centos6-app-pod.yaml ] \
	&& ok "an existing file: base-image/ is not left behind either" || fail "base-image left" "$(ls -A taken)"
G multivolume -c centos7-web -t 80 -m http://x/w.tar.gz --base-image registry.example.com/mine:1 -e given
[ "$RC" -eq 0 ] && [ ! -e given/base-image ] && grep -q "warning: --base-image registry.example.com/mine:1 must hold /.leapp/leapp-init" "$T_TMP/err" \
	&& ok "--base-image: no context written; what the image must hold is said" || fail "--base-image" "exit $RC" "$(cat "$T_TMP/err")"

# ---- PID 1 per --init, in the pod and in the image ----
pid1() {	# MACHINE INIT-FLAG... : prints command|stop signal|CMD
	G macroimage -c "$@" -e "p1/$1$#"
	c=$(yq "p1/$1$#/$(ls "p1/$1$#" | grep -- '-pod.yaml$')" 'o.spec.containers[0].command.join(" ")')
	echo "$c|$(sed -n 's/^STOPSIGNAL //p' "p1/$1$#/base-image/Dockerfile")|$(sed -n 's/^CMD //p' "p1/$1$#/base-image/Dockerfile")"
}
[ "$(pid1 debian12)" = '"/sbin/init"|SIGRTMIN+3|["/sbin/init"]' ] && ok "auto, systemd 252: /sbin/init, SIGRTMIN+3" || fail "debian12 pid1" "$(pid1 debian12)"
[ "$(pid1 centos7-web)" = '"/.leapp/leapp-init services --stop-timeout 110"|SIGTERM|["/.leapp/leapp-init", "services"]' ] && grep -q 'Note: CentOS Linux 7 (Core) runs systemd 219 (read from sbin/init)' "$T_TMP/out" \
	&& ok "auto, systemd 219: leapp-init services, with a note" || fail "c7 pid1" "$(pid1 centos7-web)" "$(cat "$T_TMP/out")"
[ "$(pid1 centos6-app)" = '"/.leapp/leapp-init sysv --stop-timeout 110"|SIGTERM|["/.leapp/leapp-init", "sysv"]' ] && ok "auto, upstart: leapp-init sysv" || fail "c6 pid1" "$(pid1 centos6-app)"
[ "$(pid1 centos7-web --init systemd)" = '"/sbin/init"|SIGRTMIN+3|["/sbin/init"]' ] && ok "--init systemd" || fail "c7 systemd"
if grep -q 'warning: CentOS Linux 7 (Core) runs systemd 219, which cannot boot as PID 1 on cgroup v2 nodes' "$T_TMP/err" &&
   grep -q -- '--init services' "$T_TMP/err" && grep -q 'OpenShift Virtualization' "$T_TMP/err" &&
   grep -q 'run.oci.systemd.force_cgroup_v1' "$T_TMP/err" && grep -q 'cluster administrator must first allow' "$T_TMP/err" &&
   ! grep -qi 'use cgroup v1 nodes\|run it on cgroup v1' "$T_TMP/err"; then
	ok "--init systemd on 219: the warning names today's ways, not cgroup v1 nodes"
else
	fail "219 warning" "$(cat "$T_TMP/err")"
fi
[ "$(pid1 debian12 --init services)" = '"/.leapp/leapp-init services --stop-timeout 110"|SIGTERM|["/.leapp/leapp-init", "services"]' ] && ok "--init services on systemd 252" || fail "deb services"
# (without its services' capabilities: the built-in SCCs are enough then)
nocaps="--capabilities -SYS_CHROOT,-AUDIT_WRITE"
# shellcheck disable=SC2086
G stateful -c centos7-web -s sa --init systemd --host-cgroup $nocaps -o yaml
if [ "$RC" -eq 0 ] && grep -q 'path: /sys/fs/cgroup' "$T_TMP/out" && grep -q 'warning: --host-cgroup mounts the node' "$T_TMP/err" &&
   grep -q 'container_manage_cgroup' "$T_TMP/err" && grep -q 'hostmount-anyuid -z sa -n default' "$T_TMP/err" &&
   grep -q 'enforce=privileged' "$T_TMP/err"; then
	ok "--host-cgroup: the hostPath, a warning naming what it exposes, hostmount-anyuid, Pod Security privileged"
else
	fail "--host-cgroup" "exit $RC" "$(cat "$T_TMP/err")"
fi
# shellcheck disable=SC2086
G stateful -c centos7-web -s sa --init systemd $nocaps -o yaml
! grep -q 'cgroup' "$T_TMP/out" && grep -q 'add-scc-to-user anyuid -z sa -n default' "$T_TMP/err" && grep -q 'enforce=baseline' "$T_TMP/err" \
	&& ok "no hostPath /sys/fs/cgroup by default; anyuid is enough, and Pod Security baseline" || fail "no cgroup by default" "$(grep cgroup "$T_TMP/out")" "$(cat "$T_TMP/err")"

# ---- the pod around it ----
G multivolume -c debian12 -m http://x/d.tar.gz --memory 1536Mi --cpu 0.5 --grace-period 3m -o json
node -e '
  const l = JSON.parse(require("fs").readFileSync(process.argv[1])); const s = l.items.find((o) => o.kind === "Pod").spec, c = s.containers[0];
  const vols = Object.fromEntries(s.volumes.map((v) => [v.name, v]));
  const ok = s.terminationGracePeriodSeconds === 180 && c.resources.requests.memory === "1536Mi" &&
    c.resources.limits.memory === "1536Mi" && c.resources.requests.cpu === "0.5" && !c.resources.limits.cpu &&
    vols["debian12-run-vol"].emptyDir.medium === "Memory" && vols["debian12-run-vol"].emptyDir.sizeLimit === "64Mi" &&
    vols["debian12-tmp-vol"].emptyDir.sizeLimit === "256Mi" &&
    s.initContainers[0].command.join(" ") === "/.leapp/leapp-init fetch -C /work-dir" &&
    s.initContainers[0].image === c.image;
  process.exit(ok ? 0 : 1);' "$T_TMP/out" \
	&& ok "grace period, memory request and limit, CPU request only, bounded memory /run and /tmp, fetch from the base image" \
	|| fail "the pod" "$(cat "$T_TMP/out")"
G multivolume -c debian12 -m http://x/d.tar.gz --grace-period 90 --init services -o json
grep -q '"terminationGracePeriodSeconds": 90' "$T_TMP/out" && grep -A4 '"services"' "$T_TMP/out" | grep -q '"80"' \
	&& ok "--grace-period 90: leapp-init gets 80 s to stop the services, before the kubelet kills at 90" || fail "grace 90" "$(cat "$T_TMP/out")"
G multivolume -c debian12 -m http://x/d.tar.gz -o json
grep -q '"terminationGracePeriodSeconds": 120' "$T_TMP/out" && ok "120 s by default" || fail "grace default"

# ---- next steps: stderr with -o, one program name, quoted paths ----
G multivolume -c centos7-web -t 80 -m http://x/web.tar.gz -o yaml
if [ "$RC" -eq 0 ] && node "$top/tests/tools/k8scheck.mjs" validate "$T_TMP/out" >/dev/null && ! grep -q 'Next steps\|^Note' "$T_TMP/out" &&
   grep -q '^Next steps:' "$T_TMP/err" && grep -q 'run the same command with --dest DIR' "$T_TMP/err" && ! grep -q 'kind: Pod' "$T_TMP/err"; then
	ok "-o yaml: the objects alone on stdout; notes and next steps on stderr"
else
	fail "-o yaml split" "$(head -3 "$T_TMP/out")" "$(cat "$T_TMP/err")"
fi
mkdir -p bin && ln -sf "$OC_LEAPP" bin/kubectl-leapp && ln -sf "$OC_LEAPP" bin/oc-leapp
steps() {	# NAME: next steps of a run started as bin/NAME, into "a dir"
	rm -rf "a dir"
	run_cmd "$T_TMP/out" "$T_TMP/err" "bin/$1" generate --root "$m" multivolume -c centos7-web -t 80 -m http://x/web.tar.gz $nocaps -e "a dir"
	sed -n '/^Next steps/,$p' "$T_TMP/out"
}
s=$(steps kubectl-leapp)
if echo "$s" | grep -q "kubectl leapp archive -c centos7-web --root $m --output 'a dir/web.tar.gz'" &&
   echo "$s" | grep -q "kubectl leapp diagnose leapp-centos7-web-pod" && echo "$s" | grep -q "kubectl create -f 'a dir'" &&
   echo "$s" | grep -q "oc start-build leapp-centos7-web-base --from-dir 'a dir/base-image' --follow" &&
   ! echo "$s" | grep -q ' oc-leapp \| oc leapp '; then
	ok "as kubectl leapp: one program name throughout, every path quoted"
else
	fail "kubectl leapp steps" "$s"
fi
s=$(steps oc-leapp)
echo "$s" | grep -q "oc leapp archive" && ! echo "$s" | grep -q ' oc-leapp \| kubectl leapp ' && ok "as oc leapp: one name" || fail "oc leapp steps" "$s"
if echo "$s" | grep -q -- "--no-sparse"; then fail "leapp-init fetch keeps sparse files" "$s"; else ok "no --no-sparse for leapp-init fetch"; fi
rm -rf "a dir"
run_cmd "$T_TMP/out" "$T_TMP/err" bin/oc-leapp generate --root "$m" macroimage -c centos7-web -t 80 --registry quay.io/acme -e "a dir"
if grep -q "podman build -t quay.io/acme/leapp-centos7-web-base:[0-9a-f]* 'a dir/base-image'" "$T_TMP/out" &&
   grep -q "podman build -t quay.io/acme/leapp-centos7-web:latest 'a dir'" "$T_TMP/out" &&
   grep -q "podman push quay.io/acme/leapp-centos7-web:latest" "$T_TMP/out" && ! grep -q 'docker' "$T_TMP/out" &&
   grep -q "^FROM quay.io/acme/leapp-centos7-web-base:" "a dir/Dockerfile"; then
	ok "--registry: podman builds the base, then the machine's image FROM it, and pushes"
else
	fail "--registry steps" "$(cat "$T_TMP/out")"
fi
rm -rf "a dir"
run_cmd "$T_TMP/out" "$T_TMP/err" bin/oc-leapp generate --root "$m" macroimage -c centos7-web -t 80 -e "a dir"
if grep -q "oc new-build --binary --strategy=docker --name leapp-centos7-web --image-stream leapp-centos7-web-base:[0-9a-f]* --to leapp-centos7-web:latest" "$T_TMP/out" &&
   grep -q "oc set image-lookup leapp-centos7-web -n default$" "$T_TMP/out" && ! grep -q "oc patch bc\|dockerfilePath" "$T_TMP/out" &&
   [ -f "a dir/base-image/Dockerfile" ] && [ ! -e "a dir/base-image/Containerfile" ]; then
	ok "no --registry: OpenShift binary builds into image streams (base-image/Dockerfile: no BuildConfig patch), looked up by the pod"
else
	fail "image stream steps" "$(cat "$T_TMP/out")"
fi

# ---- the namespace: -n, else the kubeconfig context's, else default ----
allns() {	# FILE: the namespaces of the namespaced objects, one line
	K8SCHECK_LIB=1 node --input-type=module -e '
	  const { load } = await import(process.argv[1]);
	  const cluster = new Set(["PersistentVolume", "SecurityContextConstraints"]);
	  console.log(load(process.argv[2]).filter((o) => !cluster.has(o.kind)).map((o) => o.metadata.namespace).join(" "));' \
	  "$top/tests/tools/k8scheck.mjs" "$1"
}
# every command of the next steps that talks to the cluster says -n NS
# (oc leapp archive and podman do not)
every_cmd_ns() {	# FILE NS
	n=$(grep -E '^ +(oc|kubectl) ' "$1" | grep -v '^ *\(oc\|kubectl\) leapp archive ' |
		grep -v "^ *kubectl label --overwrite namespace $2 " | grep -vc -- " -n $2\( \|\$\)") || :
	[ "$n" -eq 0 ] && grep -qE '^ +(oc|kubectl) ' "$1"
}
G stateful -c centos7-web -t 80 -s sa -n demo -o yaml
ns=$(allns "$T_TMP/out")
if [ "$RC" -eq 0 ] && [ -n "$ns" ] && [ -z "$(echo "$ns" | tr ' ' '\n' | grep -vx demo)" ] && every_cmd_ns "$T_TMP/err" demo &&
   ! grep -q 'Note: the objects go to namespace' "$T_TMP/err"; then
	ok "-n demo: every namespaced object in demo, every printed command with -n demo"
else
	fail "-n demo" "exit $RC" "$ns" "$(cat "$T_TMP/err")"
fi
cat > kc.yaml <<'EOF2'
apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: u, user: {token: secret-token-never-printed}}]
contexts: [{name: ctx-a, context: {cluster: c, user: u, namespace: team-a}}]
current-context: ctx-a
EOF2
KUBECONFIG=$T_TMP/kc.yaml G macroimage -c centos7-web -t 80 -o yaml
ns=$(allns "$T_TMP/out")
if [ "$RC" -eq 0 ] && [ -z "$(echo "$ns" | tr ' ' '\n' | grep -vx team-a)" ] &&
   grep -q 'Note: the objects go to namespace team-a, the kubeconfig context "ctx-a"' "$T_TMP/err" && every_cmd_ns "$T_TMP/err" team-a &&
   ! grep -q secret-token "$T_TMP/err" "$T_TMP/out"; then
	ok "no -n: the current kubeconfig context's namespace, said in a note"
else
	fail "kubeconfig namespace" "exit $RC" "$ns" "$(cat "$T_TMP/err")"
fi
KUBECONFIG=$T_TMP/kc.yaml G macroimage -c centos7-web -t 80 -n other -o yaml
[ "$RC" -eq 0 ] && [ -z "$(allns "$T_TMP/out" | tr ' ' '\n' | grep -vx other)" ] && ok "-n beats the kubeconfig" || fail "-n over kubeconfig" "$(cat "$T_TMP/err")"
printf 'apiVersion: v1\nkind: Config\ncontexts: [\n' > broken.yaml
KUBECONFIG=$T_TMP/broken.yaml G macroimage -c centos7-web -t 80 -o yaml
if [ "$RC" -eq 0 ] && [ "$(grep -c 'warning: cannot read the kubeconfig' "$T_TMP/err")" -eq 1 ] &&
   [ -z "$(allns "$T_TMP/out" | tr ' ' '\n' | grep -vx default)" ] && grep -q 'namespace default' "$T_TMP/err"; then
	ok "a broken kubeconfig: said once, namespace default, generate goes on"
else
	fail "broken kubeconfig" "exit $RC" "$(cat "$T_TMP/err")"
fi
printf 'apiVersion: v1\nkind: Config\ncontexts: [{name: x, context: {namespace: Not_A_Name}}]\ncurrent-context: x\nclusters: []\n' > oddns.yaml
KUBECONFIG=$T_TMP/oddns.yaml G macroimage -c centos7-web -t 80 -o yaml
[ "$RC" -eq 0 ] && [ -z "$(allns "$T_TMP/out" | tr ' ' '\n' | grep -vx default)" ] && grep -q 'warning' "$T_TMP/err" \
	&& ok "a kubeconfig without a server or with a bad namespace: default, with a warning" || fail "odd kubeconfig" "$(cat "$T_TMP/err")"

# ---- a dedicated service account in every mode, never default ----
account() {	# FILE: "SA-object-name|workload's account|automount on both"
	K8SCHECK_LIB=1 node --input-type=module -e '
	  const { load } = await import(process.argv[1]);
	  const objs = load(process.argv[2]);
	  const sa = objs.find((o) => o.kind === "ServiceAccount");
	  const w = objs.find((o) => o.kind === "Pod" || o.kind === "Deployment");
	  const spec = w.kind === "Pod" ? w.spec : w.spec.template.spec;
	  console.log([sa && sa.metadata.name, spec.serviceAccountName, sa && sa.automountServiceAccountToken, spec.automountServiceAccountToken].join("|"));' \
	  "$top/tests/tools/k8scheck.mjs" "$1"
}
for mode in macroimage "multivolume -m http://x/w.tar.gz" stateful; do
	# shellcheck disable=SC2086
	G $mode -c centos7-web -t 80 -o yaml
	a1=$(account "$T_TMP/out"); grep -q -- '-z default\b' "$T_TMP/err" && d1=1 || d1=0
	# its SCC names it alone in users (centos7-web's sshd asks for capabilities)
	grep -qx -- "- system:serviceaccount:default:leapp-centos7-web" "$T_TMP/out" && g1=1 || g1=0
	# shellcheck disable=SC2086
	G $mode -c centos7-web -t 80 --service-account web-admin -o yaml
	a2=$(account "$T_TMP/out"); grep -q -- '-z default\b' "$T_TMP/err" && d2=1 || d2=0
	if [ "$a1" = "leapp-centos7-web|leapp-centos7-web|false|false" ] && [ "$a2" = "web-admin|web-admin|false|false" ] &&
	   [ "$d1$d2" = 00 ] && [ "$g1" = 1 ]; then
		ok "${mode%% *}: its own ServiceAccount (leapp-NAME, or --service-account), no token mounted, granted its SCC and never default"
	else
		fail "${mode%% *}: service account" "$a1 / $a2 / default granted: $d1$d2 / grant to leapp-centos7-web: $g1" "$(cat "$T_TMP/err")"
	fi
done

# ---- capabilities from the enabled services, an SCC that allows exactly them ----
capsof() {	# FILE: "pod's capabilities.add|SCC's allowedCapabilities|SCC name" (the SCC's when there is one)
	K8SCHECK_LIB=1 node --input-type=module -e '
	  const { load } = await import(process.argv[1]);
	  const objs = load(process.argv[2]);
	  const w = objs.find((o) => o.kind === "Pod" || o.kind === "Deployment");
	  const spec = w.kind === "Pod" ? w.spec : w.spec.template.spec;
	  const scc = objs.find((o) => o.kind === "SecurityContextConstraints");
	  console.log([(spec.containers[0].securityContext?.capabilities?.add || []).join(","),
	    scc ? scc.allowedCapabilities.join(",") : "-", scc ? scc.metadata.name : "-"].join("|"));' \
	  "$top/tests/tools/k8scheck.mjs" "$1"
}
G macroimage -c centos7-web -t 22 -n shop -o yaml
c=$(capsof "$T_TMP/out")
if [ "$c" = "AUDIT_WRITE,SYS_CHROOT|AUDIT_WRITE,SYS_CHROOT|leapp-centos7-web.shop" ] &&
   grep -q 'Note: the machine asks for SYS_CHROOT: sshd' "$T_TMP/err" && grep -q 'crond opens a PAM session' "$T_TMP/err" &&
   grep -q 'SecurityContextConstraints leapp-centos7-web.shop (among the objects printed)' "$T_TMP/err" &&
   ! grep -q 'add-scc-to-user' "$T_TMP/err" && grep -q 'enforce=baseline' "$T_TMP/err" &&
   grep -q 'oc delete all,sa,scc -l app.kubernetes.io/instance=centos7-web.shop -n shop' "$T_TMP/err"; then
	ok "systemd units sshd and crond enabled: SYS_CHROOT, AUDIT_WRITE with their reasons, in the pod and in its own SCC; baseline"
else
	fail "caps of centos7-web" "$c" "$(cat "$T_TMP/err")"
fi
G macroimage -c centos6-app -t 22 -o yaml
c=$(capsof "$T_TMP/out")
if [ "$c" = "AUDIT_WRITE,NET_RAW,SYS_CHROOT|AUDIT_WRITE,NET_RAW,SYS_CHROOT|leapp-centos6-app.default" ] &&
   grep -q 'NET_RAW: ping opens raw ICMP sockets (bin/ping is setuid)' "$T_TMP/err" &&
   grep -q 'ntpd would need SYS_TIME, not asked for' "$T_TMP/err" &&
   grep -q 'level privileged (NET_RAW is beyond baseline' "$T_TMP/err" && grep -q 'enforce=privileged' "$T_TMP/err"; then
	ok "rc3.d links S55sshd, S90crond and a setuid ping: NET_RAW too, so Pod Security privileged; ntpd's SYS_TIME said, not asked"
else
	fail "caps of centos6-app" "$c" "$(cat "$T_TMP/err")"
fi
G macroimage -c centos6-app -t 22 --capabilities -NET_RAW,+cap_sys_ptrace --capabilities=-kill -o yaml
c=$(capsof "$T_TMP/out")
if [ "$c" = "AUDIT_WRITE,SYS_CHROOT,SYS_PTRACE|AUDIT_WRITE,SYS_CHROOT,SYS_PTRACE|leapp-centos6-app.default" ] &&
   grep -q 'NET_RAW is not asked for (--capabilities -NET_RAW), though ping opens' "$T_TMP/err" &&
   grep -q -- '--capabilities -KILL: the machine was not asking for it' "$T_TMP/err" && grep -q 'level privileged (SYS_PTRACE' "$T_TMP/err"; then
	ok "--capabilities: -NET_RAW removes a need (and says what fails), +cap_sys_ptrace adds one, CAP_ and case optional"
else
	fail "--capabilities" "$c" "$(cat "$T_TMP/err")"
fi
G macroimage -c Web_Server.01 -t 80 -o yaml
c=$(capsof "$T_TMP/out")
[ "$c" = "|-|-" ] && grep -q 'add-scc-to-user anyuid -z leapp-web-server-01 -n default' "$T_TMP/err" &&
	grep -q 'oc adm policy remove-scc-from-user anyuid -z leapp-web-server-01 -n default' "$T_TMP/err" \
	&& ok "no service with a known need: no SCC of its own, anyuid for its account (and how to take it back)" || fail "no caps" "$c" "$(cat "$T_TMP/err")"
G macroimage -c Web_Server.01 -t 80 --capabilities +CHOWN -o yaml
[ "$(capsof "$T_TMP/out")" = "|-|-" ] && grep -q 'capabilities +CHOWN: every container has it already' "$T_TMP/err" \
	&& ok "--capabilities +CHOWN: in the runtime's default set already, said and not added" || fail "+CHOWN" "$(cat "$T_TMP/err")"
G macroimage -c debian12 -t 80 -o yaml
c=$(capsof "$T_TMP/out")
[ "$c" = "AUDIT_WRITE,SYS_CHROOT|AUDIT_WRITE,SYS_CHROOT|leapp-debian12.default" ] && grep -q "postfix's master.cf runs services chrooted in /var/spool/postfix (smtp)" "$T_TMP/err" \
	&& ok "Debian's ssh.service (alias sshd) and a postfix 3 whose master.cf chroots smtp" || fail "debian12 caps" "$c" "$(cat "$T_TMP/err")"
G multivolume -c centos6-app -m http://x/a.tar.gz --legacy-init-annotation -o yaml
[ "$(capsof "$T_TMP/out")" = "|-|-" ] && grep -q 'legacy-init-annotation writes the 2017 pod, which asks for no capabilities' "$T_TMP/err" \
	&& ok "--legacy-init-annotation: the 2017 pod asks for none, and says so" || fail "legacy caps" "$(capsof "$T_TMP/out")" "$(cat "$T_TMP/err")"
mkdir -p scc && run_cmd "$T_TMP/out" "$T_TMP/err" "$OC_LEAPP" generate --root "$m" macroimage -c centos7-web -t 80 -n shop -e scc
if [ "$RC" -eq 0 ] && [ "$(ls scc | head -2 | tr '\n' ' ')" = "Dockerfile base-image " ] &&
   [ "$(ls scc/*.yaml | sed 's|scc/||' | tr '\n' ' ')" = "centos7-web-account-scc.yaml centos7-web-account.yaml centos7-web-pod.yaml centos7-web-svc.yaml " ] &&
   grep -q "oc create -f scc -n shop" "$T_TMP/out" &&
   grep -q "kubectl create -f scc/centos7-web-account.yaml -f scc/centos7-web-svc.yaml -f scc/centos7-web-pod.yaml -n shop" "$T_TMP/out"; then
	ok "the SCC in its own file, read before the pod's by oc create -f DIR; on Kubernetes every file but it"
else
	fail "SCC file" "exit $RC" "$(ls scc)" "$(cat "$T_TMP/out")"
fi

# ---- stateful: pinned, reserved, unique per namespace, one writer ----
pvs() {	# FILE: "PV name>claim namespace/name>node" per PV, space-separated
	K8SCHECK_LIB=1 node --input-type=module -e '
	  const { load } = await import(process.argv[1]);
	  console.log(load(process.argv[2]).filter((o) => o.kind === "PersistentVolume").map((o) =>
	    `${o.metadata.name}>${o.spec.claimRef.namespace}/${o.spec.claimRef.name}>${o.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values[0]}`).join(" "));' \
	  "$top/tests/tools/k8scheck.mjs" "$1"
}
host=$(hostname | tr 'A-Z' 'a-z')
G stateful -c centos6-app -n a -o yaml
a=$(pvs "$T_TMP/out")
if [ "$RC" -eq 0 ] && echo "$a" | tr ' ' '\n' | grep -qx "centos6-app-etc-vol.a>a/centos6-app-etc-claim>$host" &&
   [ -z "$(echo "$a" | tr ' ' '\n' | grep -v ">$host\$")" ] &&
   grep -q "pinned to the node $host (this host's name: if its node is named otherwise, as oc get nodes shows, generate again with --node NAME)" "$T_TMP/err" &&
   grep -q "warning: stateful runs the machine on its macrocontainer's own directories" "$T_TMP/err" &&
   grep -q "leapp-tool destroy-container" "$T_TMP/err" && grep -q 'a second replica stays Pending' "$T_TMP/err" &&
   node "$top/tests/tools/k8scheck.mjs" validate "$T_TMP/out" >/dev/null; then
	ok "stateful: every PV pinned to this host's name (said), reserved by claimRef, named with the namespace; destroy-container warned of"
else
	fail "stateful PVs" "exit $RC" "$a" "$(cat "$T_TMP/err")"
fi
G stateful -c centos6-app -n b --node worker-2.example.com -o yaml
b=$(pvs "$T_TMP/out")
if echo "$b" | tr ' ' '\n' | grep -qx "centos6-app-etc-vol.b>b/centos6-app-etc-claim>worker-2.example.com" &&
   [ -z "$(printf '%s\n%s\n' "$a" "$b" | tr ' ' '\n' | cut -d'>' -f1 | sort | uniq -d)" ] && ! grep -q "this host's name" "$T_TMP/err"; then
	ok "--node pins to the node given; the same machine in two namespaces shares no PersistentVolume name"
else
	fail "--node / two namespaces" "$a" "$b"
fi

# ---- the machine's /etc/hosts as hostAliases ----
G multivolume -c centos7-web -m http://x/w.tar.gz -o json
al=$(node -e '
  const l = JSON.parse(require("fs").readFileSync(process.argv[1]));
  const s = l.items.find((o) => o.kind === "Pod").spec;
  console.log((s.hostAliases || []).map((a) => a.ip + "=" + a.hostnames.join(",")).join(" "));' "$T_TMP/out")
if [ "$al" = "192.168.10.5=db01.corp.example.com,db01,db01-backup 10.0.0.7=web01.corp.example.com,web01 2001:db8::7=web01-v6 10.0.0.8=fine-name" ] &&
   [ "$(grep -c '^Note: etc/hosts line' "$T_TMP/err")" -eq 4 ] && grep -q 'etc/hosts line 9: "300.1.2.3 broken": not an IP address' "$T_TMP/err" &&
   ! grep -q 'localhost\|127\.0\.' "$T_TMP/out"; then
	ok "etc/hosts: every line but the loopback ones, names grouped per address, lowercased; each bad line named once"
else
	fail "hostAliases" "$al" "$(grep 'etc/hosts' "$T_TMP/err")"
fi

# ---- services that tell the truth: externalIPs, MetalLB, readiness ----
G macroimage -c Web_Server.01 -t 80 --ip 192.168.100.1,2001:db8::5 -o yaml
if grep -q "warning: OpenShift refuses a Service with externalIPs unless a cluster administrator allows those addresses" "$T_TMP/err" &&
   grep -qF -- "oc patch network.config.openshift.io cluster --type=merge -p '{\"spec\":{\"externalIP\":{\"policy\":{\"allowedCIDRs\":[\"192.168.100.1/32\",\"2001:db8::5/128\"]}}}}'" "$T_TMP/err" &&
   grep -q "The patch replaces the allowed list" "$T_TMP/err" && grep -q -- '- 192.168.100.1' "$T_TMP/out"; then
	ok "--ip: externalIPs, the warning that OpenShift refuses them by default, and the exact oc patch that allows them"
else
	fail "--ip warning" "$(cat "$T_TMP/err")"
fi
G macroimage -c Web_Server.01 -t 80 --ip 192.168.100.1 -b -o yaml
if grep -q 'metallb.universe.tf/loadBalancerIPs: 192.168.100.1' "$T_TMP/out" && ! grep -q 'externalIPs' "$T_TMP/out" &&
   grep -q 'type: LoadBalancer' "$T_TMP/out" && grep -q 'MetalLB' "$T_TMP/err" && ! grep -q 'oc patch network' "$T_TMP/err" &&
   ! grep -q 'ignored' "$T_TMP/err"; then
	ok "-b with --ip: MetalLB's loadBalancerIPs annotation keeps the old server's address, said in the next steps"
else
	fail "-b --ip" "$(cat "$T_TMP/out")" "$(cat "$T_TMP/err")"
fi
G macroimage -c Web_Server.01 -t 80 -b -o yaml
grep -q 'stays <pending>' "$T_TMP/err" && grep -q 'generate with --ip ADDRESS too' "$T_TMP/err" && ! grep -q metallb.universe "$T_TMP/out" \
	&& ok "-b alone: the note that a bare-metal LoadBalancer needs MetalLB" || fail "-b note" "$(cat "$T_TMP/err")"
probe() {	# FILE: the readiness probe, one line
	K8SCHECK_LIB=1 node --input-type=module -e '
	  const { load } = await import(process.argv[1]);
	  const w = load(process.argv[2]).find((o) => o.kind === "Pod" || o.kind === "Deployment");
	  const c = (w.kind === "Pod" ? w.spec : w.spec.template.spec).containers[0];
	  console.log(JSON.stringify(c.readinessProbe || null) + (c.livenessProbe || c.startupProbe ? " +restarting probe" : ""));' \
	  "$top/tests/tools/k8scheck.mjs" "$1"
}
G stateful -c centos6-app --udp 53 -t 2222:22 -t 80 -o yaml
[ "$(probe "$T_TMP/out")" = '{"tcpSocket":{"port":22},"initialDelaySeconds":30,"periodSeconds":10,"timeoutSeconds":5,"failureThreshold":3}' ] \
	&& ok "a readiness probe (tcpSocket) on the first TCP port the machine listens on; no probe that restarts it" || fail "probe" "$(probe "$T_TMP/out")"
G macroimage -c centos6-app --udp 53 -o yaml
[ "$(probe "$T_TMP/out")" = null ] && grep -q 'no readiness probe: the machine listens on UDP only' "$T_TMP/err" \
	&& ok "UDP only: no probe, and said why" || fail "udp probe" "$(probe "$T_TMP/out")"
G macroimage -c centos6-app -o yaml
[ "$(probe "$T_TMP/out")" = null ] && ok "no port: no probe" || fail "no port probe"
summary
