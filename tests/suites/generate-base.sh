#!/bin/sh
# The base image generate writes (DEST/base-image/), PID 1 per --init, and
# the next steps: true for what was written, one program name, paths quoted,
# and with -o the objects alone on stdout.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
m=$T_TMP/m
sh "$top/tests/machines.sh" "$m"
cd "$T_TMP"
G() { run_cmd "$T_TMP/out" "$T_TMP/err" "$OC_LEAPP" generate --root "$m" "$@"; }
yq() {	# FILE EXPR: evaluates EXPR (JavaScript over the first object, o) in the YAML file
	K8SCHECK_LIB=1 node --input-type=module -e '
	  const { load } = await import(process.argv[1]);
	  const o = load(process.argv[2])[0];
	  console.log(JSON.stringify(eval(process.argv[3])));' "$top/tests/tools/k8scheck.mjs" "$1" "$2"
}

# ---- the context: the machine's top level, leapp-init, a Containerfile ----
G multivolume -c centos7-web -t 80 -m http://x/web.tar.gz -e "d 1"
b="$T_TMP/d 1/base-image"
if [ "$RC" -eq 0 ] && [ -f "$b/Containerfile" ] && no_sanitizer_report "$T_TMP/err"; then ok "base-image/ is written"
else fail "base-image/ is written" "exit $RC" "$(cat "$T_TMP/err")"; fi
want=$(cd "$m/centos7-web" && for f in *; do if [ -L "$f" ]; then echo "$f -> $(readlink "$f")"; elif [ -d "$f" ]; then echo "$f/"; fi; done)
got=$(cd "$b/rootfs" && for f in *; do if [ -L "$f" ]; then echo "$f -> $(readlink "$f")"; elif [ -d "$f" ]; then echo "$f/"; fi; done)
[ "$want" = "$got" ] && [ -z "$(find "$b/rootfs" -mindepth 2)" ] \
	&& ok "rootfs/: every top-level directory (empty) and link of the machine" || fail "rootfs" "want: $want" "got: $got"
[ "$(stat -c %a "$b/leapp/leapp-init")" = 755 ] && cmp -s "$b/leapp/leapp-init" "$OC_LEAPP_INIT" \
	&& ok "leapp/leapp-init: the helper's bytes, executable" || fail "leapp-init copy" "$(ls -l "$b/leapp")"
[ "$(stat -c %a "$m/centos7-web/tmp")" = "$(stat -c %a "$b/rootfs/tmp")" ] && ok "directory modes as on the machine" || fail "modes"
grep -qx 'STOPSIGNAL SIGTERM' "$b/Containerfile" && grep -qx 'CMD \["/.leapp/leapp-init", "services"\]' "$b/Containerfile" &&
	grep -qx 'ENV container=oci' "$b/Containerfile" && grep -qx 'ARG BUSYBOX_IMAGE=docker.io/library/busybox:1.36-uclibc' "$b/Containerfile" &&
	grep -qx 'COPY --from=busybox /bin/busybox /.leapp/busybox' "$b/Containerfile" \
	&& ok "Containerfile: container=oci, stop signal and CMD of --init services, busybox by a build argument" \
	|| fail "Containerfile" "$(cat "$b/Containerfile")"
tag=$(yq "$T_TMP/d 1/centos7-web-pod.yaml" 'o.spec.containers[0].image')
grep -q "base-image/ (the base image leapp-centos7-web-base:[0-9a-f]\{12\}: Containerfile" "$T_TMP/out" && [ "$tag" = "\"$(grep -o 'leapp-centos7-web-base:[0-9a-f]*' "$T_TMP/out" | head -1)\"" ] \
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
mkdir -p keep/base-image && echo mine > keep/base-image/Containerfile
G macroimage -c centos6-app -t 80 -e keep
[ "$RC" -eq 1 ] && grep -q "keep/base-image already exists (use --force" "$T_TMP/err" && [ "$(ls -A keep)" = base-image ] &&
	[ "$(cat keep/base-image/Containerfile)" = mine ] && ok "an existing base-image/ is kept, nothing else written" \
	|| fail "existing base-image" "exit $RC" "$(cat "$T_TMP/err")" "$(ls -A keep)"
G macroimage -c centos6-app -t 80 -e keep --force
[ "$RC" -eq 0 ] && grep -q 'leapp-init", "sysv"' keep/base-image/Containerfile && [ -d keep/base-image/rootfs/etc ] &&
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
	echo "$c|$(sed -n 's/^STOPSIGNAL //p' "p1/$1$#/base-image/Containerfile")|$(sed -n 's/^CMD //p' "p1/$1$#/base-image/Containerfile")"
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
G stateful -c centos7-web -s sa --init systemd --host-cgroup -o yaml
if [ "$RC" -eq 0 ] && grep -q 'path: /sys/fs/cgroup' "$T_TMP/out" && grep -q 'warning: --host-cgroup mounts the node' "$T_TMP/err" &&
   grep -q 'container_manage_cgroup' "$T_TMP/err" && grep -q 'hostmount-anyuid -z sa' "$T_TMP/err"; then
	ok "--host-cgroup: the hostPath, a warning naming what it exposes, hostmount-anyuid"
else
	fail "--host-cgroup" "exit $RC" "$(cat "$T_TMP/err")"
fi
G stateful -c centos7-web -s sa --init systemd -o yaml
! grep -q 'cgroup' "$T_TMP/out" && grep -q 'add-scc-to-user anyuid -z sa' "$T_TMP/err" \
	&& ok "no hostPath /sys/fs/cgroup by default; anyuid is enough" || fail "no cgroup by default" "$(grep cgroup "$T_TMP/out")"

# ---- the pod around it ----
G multivolume -c debian12 -m http://x/d.tar.gz --memory 1536Mi --cpu 0.5 --grace-period 3m -o json
node -e '
  const l = JSON.parse(require("fs").readFileSync(process.argv[1])); const s = l.items[0].spec, c = s.containers[0];
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
	run_cmd "$T_TMP/out" "$T_TMP/err" "bin/$1" generate --root "$m" multivolume -c centos7-web -t 80 -m http://x/web.tar.gz -e "a dir"
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
echo "$s" | grep -q "oc leapp archive" && ! echo "$s" | grep -q ' oc-leapp \| kubectl ' && ok "as oc leapp: one name" || fail "oc leapp steps" "$s"
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
   grep -q "oc set image-lookup leapp-centos7-web$" "$T_TMP/out" && grep -q "dockerfilePath" "$T_TMP/out"; then
	ok "no --registry: OpenShift binary builds into image streams, looked up by the pod"
else
	fail "image stream steps" "$(cat "$T_TMP/out")"
fi
summary
