#!/bin/sh
# The machine boots: what generate writes, played by a real container runtime
# (podman kube play, the containers/common code CRI-O shares, systemd mode
# included), on test machines built once and cached outside the clone
# (tests/boot/machines.sh). For each case: generate, build the base image
# from DEST/base-image with podman, play the objects, then check PID 1, the
# machine's own service answering on its port, the boot in the container
# log, and a stop well inside the grace period that ran the service's stop
# (a mark it leaves in the machine's files).
#
# How podman runs here (podman-e2e.md): runc with the cgroupfs manager
# through tests/boot/runc-no-rlimits.sh, host networking (everything on
# 127.0.0.1), images made offline (podman import of Debian's busybox-static),
# and a copy of the objects changed only as tests/boot/play-copy.mjs says.
# Where podman cannot run, each case is a skip with the reason.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
boot=$top/tests/boot
GRACE=60		# --grace-period: a stop must end well inside it
STOP_WITHIN=20		# what "well inside" means here, in seconds
cases="multivolume-systemd multivolume-sha-mismatch multivolume-services multivolume-sysv macroimage stateful"

skip_all() {	# WHY: every case skipped, with the reason
	for c in $cases; do skip "boot $c" "$1"; done
	summary
	exit 0
}

[ "${OC_LEAPP_BOOT:-1}" != 0 ] || skip_all "OC_LEAPP_BOOT=0 was given"
[ "$(id -u)" -eq 0 ] || skip_all "podman kube play with volumes and host networking needs root here"
for c in podman runc catatonit mmdebstrap flock curl python3 node; do
	command -v "$c" >/dev/null 2>&1 || [ -x "/usr/libexec/podman/$c" ] ||
		skip_all "$c is not installed (make deps installs podman, runc, catatonit, mmdebstrap)"
done
[ -d "$top/tests/node_modules/yaml" ] || skip_all "the npm package yaml is missing (make deps)"

# The real leapp-init (the suites' stand-in runs nothing): built by make
# beside the program, or named by LEAPP_INIT_BIN.
real_init=${LEAPP_INIT_BIN:-$top/build/init/leapp-init}
[ -x "$real_init" ] || real_init=

cache=${OC_LEAPP_CACHE:-$HOME/.cache/oc-leapp}/boot
mkdir -p "$cache"
# One boot suite at a time on this host: the pods use fixed names and ports.
exec 9>"$cache/lock"
flock -w 900 9 || skip_all "another boot suite held $cache/lock for 15 minutes"

# Beside the cache, not in this run's temporary directory: containers an
# interrupted run left name their runtime, and podman removes them only
# through it.
wrapper=$cache/runc-no-rlimits
cp "$boot/runc-no-rlimits.sh" "$wrapper.$$" && chmod 755 "$wrapper.$$" && mv "$wrapper.$$" "$wrapper"
P() { podman --runtime "$wrapper" --cgroup-manager cgroupfs "$@"; }
PODS="leapp-bootdeb-pod leapp-bootsysv-pod leapp-bootdeb-pod-0"
IMAGES="localhost/leapp-test-busybox:1"
VOLUMES=""
server=
cleanup() {
	[ -z "$server" ] || { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || :; }
	for p in $PODS; do P pod rm -f "$p" >/dev/null 2>&1 || :; done
	for v in $VOLUMES; do P volume rm -f "$v" >/dev/null 2>&1 || :; done
	for i in $IMAGES; do P rmi -f "$i" >/dev/null 2>&1 || :; done
}
trap 'cleanup; [ -n "${OC_LEAPP_BOOT_KEEP:-}" ] || rm -rf "$T_TMP"' EXIT
cleanup	# what an interrupted run left

log() { printf '     %s\n' "$*"; }
t_start=$(date +%s)

# ---- fixtures: the machines (cached), the busybox image, a web server ----
for mch in busybox sysv debian12; do
	t=$(date +%s)
	if ! dir=$(sh "$boot/machines.sh" "$mch" 2>"$T_TMP/machine.err"); then
		skip_all "the $mch test machine cannot be built: $(tail -n 1 "$T_TMP/machine.err")"
	fi
	[ $(($(date +%s) - t)) -lt 5 ] || log "built the $mch test machine in $(($(date +%s) - t)) s (cached in $cache)"
	eval "m_$mch=\$dir"
done
# Copies (cp -a, reflinks where the filesystem has them): each run gives the
# machines' services free ports of its own in their configuration, and the
# stateful case boots on the files themselves.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
WEB_PORT=$(free_port)
SYSV_PORT=$(free_port)
mc=$T_TMP/mc
mkdir -p "$mc"
cp -a "$m_debian12" "$mc/bootdeb"
cp -a "$m_sysv" "$mc/bootsysv"
echo "LEAPP_WEB_PORT=$WEB_PORT" > "$mc/bootdeb/etc/default/leapp-web"
echo "LEAPP_WEB_PORT=$SYSV_PORT" > "$mc/bootsysv/etc/sysconfig/leapp-web"
# the base image's busybox stage, offline: Debian's static busybox, imported
if ! tar -C "$m_busybox" -c . | P import --change 'CMD ["/bin/busybox", "sh"]' --change 'ENV PATH=/bin' - \
	localhost/leapp-test-busybox:1 >/dev/null 2>"$T_TMP/import.err"; then
	skip_all "podman cannot import an image here: $(tail -n 1 "$T_TMP/import.err")"
fi
# Can podman run a container at all here?
if ! P run --rm --network host localhost/leapp-test-busybox:1 /bin/busybox true >/dev/null 2>"$T_TMP/run.err"; then
	skip_all "podman cannot run a container here: $(grep -m1 -i error "$T_TMP/run.err" || tail -n 1 "$T_TMP/run.err")"
fi
www=$T_TMP/www
mkdir -p "$www"
python3 - "$www" "$T_TMP/port" <<'PY' &
import http.server, os, socketserver, sys
os.chdir(sys.argv[1])
class H(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a): pass
socketserver.TCPServer.allow_reuse_address = True
s = socketserver.ThreadingTCPServer(("127.0.0.1", 0), H)
open(sys.argv[2], "w").write(str(s.server_address[1]))
s.serve_forever()
PY
server=$!
i=0; while [ ! -s "$T_TMP/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
url=http://127.0.0.1:$(cat "$T_TMP/port")

# ---- helpers ----
# with_init CMD...: runs CMD with the real leapp-init for generate to copy
# (without one, generate finds none and writes the base image without it)
with_init() {
	if [ -n "$real_init" ]; then env OC_LEAPP_INIT="$real_init" "$@"; else env -u OC_LEAPP_INIT "$@"; fi
}
# gen NAME MODE OUT ARGS...: generate, as the user would, for the machine under $mc
gen() {
	name=$1 mode=$2 out=$3; shift 3
	run_cmd "$T_TMP/gen.out" "$T_TMP/gen.err" with_init \
		"$OC_LEAPP" generate "$mode" --root "$mc" -c "$name" --grace-period $GRACE -e "$out" "$@"
	[ "$RC" -eq 0 ] && no_sanitizer_report "$T_TMP/gen.err"
}
# image_of FILE: the main container's image in a generated file
image_of() { sed -n 's/^ *image: //p' "$1" | tail -n 1; }
# build_base OUT: podman builds DEST/base-image under the name the objects use
build_base() {
	b=$(sed -n 's|^  \(.*\)/ (the base image \([^:]*:[0-9a-f]*\): .*|\2|p' "$T_TMP/gen.out")
	[ -n "$b" ] || { echo "generate named no base image" >"$T_TMP/build.err"; return 1; }
	IMAGES="$IMAGES $b"
	P build -q -t "$b" --build-arg BUSYBOX_IMAGE=localhost/leapp-test-busybox:1 "$1/base-image" \
		>/dev/null 2>"$T_TMP/build.err"
}
# volumes_of FILE: the volume (or claim) names podman makes for it
volumes_of() { sed -n 's/^ *- name: \(.*-vol\)$/\1/p; s/^ *claimName: //p' "$1"; }
# play FILE LOG [Never]: plays the test's copy of FILE; every container's log goes
# to LOG. LOG is in a directory of its own: podman removes the log's
# directory with a container it removes (an init container that failed).
play() {
	node "$boot/play-copy.mjs" "$1" "$T_TMP/play.yaml" ${3:-} || return 1
	VOLUMES="$VOLUMES $(volumes_of "$1" | tr '\n' ' ')"
	for v in $(volumes_of "$1"); do case $v in *-vol) P volume rm -f "$v" >/dev/null 2>&1 || :;; esac; done
	mkdir -p "$(dirname "$2")"
	rm -f "$2"
	P kube play --network host --log-driver k8s-file --log-opt "path=$2" "$T_TMP/play.yaml" >"$T_TMP/play.out" 2>&1
}
# answers PORT WANT: the machine's own service answers, within 90 s
answers() {
	end=$(($(date +%s) + 90))
	while [ "$(date +%s)" -lt "$end" ]; do
		[ "$(curl -s --max-time 2 "http://127.0.0.1:$1/" 2>/dev/null)" = "$2" ] && return 0
		sleep 0.3
	done
	return 1
}
# comms PID: the names of every process in PID's PID namespace
comms() {
	ns=$(readlink "/proc/$1/ns/pid")
	for d in /proc/[0-9]*; do
		[ "$(readlink "$d/ns/pid" 2>/dev/null)" = "$ns" ] && cat "$d/comm" 2>/dev/null
	done
	return 0
}
# pid1 CONTAINER: "comm|cmdline" of the container's PID 1, read through
# /proc (podman exec needs what the sandbox forbids: podman-e2e.md)
pid1() {
	pid=$(P inspect --format '{{.State.Pid}}' "$1" 2>/dev/null) || return 1
	[ "$pid" -gt 0 ] 2>/dev/null || return 1
	printf '%s|%s' "$(cat "/proc/$pid/comm")" "$(tr '\0' ' ' < "/proc/$pid/cmdline" | sed 's/ $//')"
}
# stop_pod POD MARK: stops it with the grace period; sets STOP_S (seconds)
# and checks MARK (a file the service's stop writes the time into) was
# written during the stop
stop_pod() {
	before=$(date +%s)
	P pod stop -t $GRACE "$1" >/dev/null 2>"$T_TMP/stop.err" || return 1
	after=$(date +%s)
	STOP_S=$((after - before))
	[ -f "$2" ] || { echo "no mark $2" >"$T_TMP/stop.err"; return 1; }
	mark=$(cat "$2")
	[ "$mark" -ge "$before" ] && [ "$mark" -le "$after" ] || { echo "mark $mark not in [$before, $after]" >"$T_TMP/stop.err"; return 1; }
	[ "$STOP_S" -lt "$STOP_WITHIN" ]
}
volume_dir() { P volume inspect --format '{{.Mountpoint}}' "$1"; }
shows() {	# LOG TEXT...: the container log holds every TEXT
	f=$1; shift
	for t in "$@"; do grep -qF -- "$t" "$f" || { echo "the log lacks: $t" >"$T_TMP/log.err"; return 1; }; done
}
check() {	# NAME CMD...: ok when CMD succeeds, else fail with what it said
	name=$1; shift
	if "$@"; then ok "$name"; else fail "$name" "$(cat "$T_TMP"/*.err 2>/dev/null | tail -n 5)"; fi
	rm -f "$T_TMP"/*.err
}
end_case() {	# POD: removes it; the case's time
	P pod rm -f "$1" >/dev/null 2>&1 || :
	log "($(($(date +%s) - case_t)) s)"
}

# ---- the archives, served on 127.0.0.1 ----
# zstd for leapp-init fetch (libarchive); busybox's tar reads gzip only
if [ -n "$real_init" ]; then deb_arch=bootdeb.tar.zst; else deb_arch=bootdeb.tar.gz; fi
run_cmd "$T_TMP/a.out" "$T_TMP/a.err" "$OC_LEAPP" archive -c bootdeb --root "$mc" --output "$www/$deb_arch" -q
deb_sha=$(cut -d' ' -f1 "$www/$deb_arch.sha256" 2>/dev/null || :)
run_cmd "$T_TMP/a.out" "$T_TMP/a.err" "$OC_LEAPP" archive -c bootsysv --root "$mc" --output "$www/bootsysv.tar.zst" -q
sysv_sha=$(cut -d' ' -f1 "$www/bootsysv.tar.zst.sha256" 2>/dev/null || :)
chmod 644 "$www"/*

# ---- multivolume, systemd as PID 1 ----
case_t=$(date +%s)
c="multivolume, systemd as PID 1 (Debian 12, systemd 252)"
if [ -z "$deb_sha" ]; then
	fail "boot $c: oc-leapp archive" "$(cat "$T_TMP/a.err")"
else
	extra=""
	[ -n "$real_init" ] || { extra="--init-image localhost/leapp-test-busybox:1"; log "leapp-init is not built yet: the init container is busybox's script"; }
	# shellcheck disable=SC2086
	if ! gen bootdeb multivolume "$T_TMP/mv" -t $WEB_PORT --image-url "$url/$deb_arch" --image-sha256 "$deb_sha" $extra; then
		fail "boot $c: generate" "$(cat "$T_TMP/gen.err")"
	elif ! build_base "$T_TMP/mv"; then
		fail "boot $c: podman build of base-image/" "$(tail -n 5 "$T_TMP/build.err")"
	elif ! play "$T_TMP/mv/bootdeb-pod.yaml" "$T_TMP/logs/mv/ctr.log"; then
		fail "boot $c: podman kube play" "$(tail -n 5 "$T_TMP/play.out")"
	else
		ctr=leapp-bootdeb-pod-bootdeb
		check "boot $c: the init container checked the archive's SHA-256" \
			shows "$T_TMP/logs/mv/ctr.log" "leapp: the machine image matches its SHA-256 $deb_sha" "leapp: the machine image is unpacked"
		check "boot $c: the machine's own unit answers on its port" answers $WEB_PORT "leapp boot test: debian12 answers"
		p1=$(pid1 $ctr || :)
		check "boot $c: PID 1 is the machine's systemd, started as /sbin/init ($p1)" test "$p1" = "systemd|/sbin/init"
		check "boot $c: the runtime's systemd mode (stop signal SIGRTMIN+3, container=oci)" \
			sh -c '[ "$1" = 37 ] && tr "\0" "\n" < /proc/$2/environ | grep -qx container=oci' _ \
			"$(P inspect --format '{{.Config.StopSignal}}' $ctr)" "$(P inspect --format '{{.State.Pid}}' $ctr)"
		check "boot $c: the container log shows the boot" \
			shows "$T_TMP/logs/mv/ctr.log" "Welcome to Debian GNU/Linux 12 (bookworm)!" "leapp-web.service"
		check "boot $c: the machine keeps its own machine-id" \
			test "$(cat "$(volume_dir bootdeb-etc-vol)/machine-id")" = 5b1c0e7a9d3f4c2e8a6b0d1f3e5c7a90
		var=$(volume_dir bootdeb-var-vol)
		if stop_pod leapp-bootdeb-pod "$var/lib/leapp-test/stopped"; then
			ok "boot $c: stopped in $STOP_S s of $GRACE, the unit's ExecStop ran"
		else
			fail "boot $c: stop" "$(cat "$T_TMP/stop.err")" "$(tail -n 5 "$T_TMP/logs/mv/ctr.log")"
		fi
		check "boot $c: systemd halted, as the log says" shows "$T_TMP/logs/mv/ctr.log" "Halting system."
	fi
fi
end_case leapp-bootdeb-pod

# ---- multivolume, a damaged download: the machine never starts ----
case_t=$(date +%s)
c="multivolume, a wrong SHA-256"
if [ -z "$deb_sha" ] || [ ! -f "$T_TMP/mv/bootdeb-pod.yaml" ]; then
	skip "boot $c" "the systemd case did not get as far as playing"
else
	# another archive's hash (letters, so that YAML keeps it a string)
	sed "s/$deb_sha/$(printf 'f%.0s' $(seq 64))/" "$T_TMP/mv/bootdeb-pod.yaml" > "$T_TMP/bad-pod.yaml"
	if play "$T_TMP/bad-pod.yaml" "$T_TMP/logs/bad/ctr.log" Never; then
		fail "boot $c: podman kube play should fail" "$(tail -n 5 "$T_TMP/play.out")"
	fi
	check "boot $c: the init container refuses it and says so" \
		shows "$T_TMP/logs/bad/ctr.log" "leapp: SHA-256 mismatch: the machine image from $url/$deb_arch hashes to $deb_sha"
	check "boot $c: the machine never starts" \
		test "$(P inspect --format '{{.State.Status}}' leapp-bootdeb-pod-bootdeb 2>&1)" = created
	check "boot $c: nothing of it is left in the volumes" test -z "$(ls -A "$(volume_dir bootdeb-usr-vol)")"
fi
end_case leapp-bootdeb-pod

# ---- multivolume, --init services: systemd is not PID 1 ----
case_t=$(date +%s)
c="multivolume, --init services (Debian 12 without systemd as PID 1)"
if [ -z "$real_init" ]; then
	skip "boot $c" "leapp-init not built yet"
elif ! gen bootdeb multivolume "$T_TMP/sv" -t $WEB_PORT --image-url "$url/$deb_arch" --image-sha256 "$deb_sha" --init services; then
	fail "boot $c: generate" "$(cat "$T_TMP/gen.err")"
elif ! build_base "$T_TMP/sv"; then
	fail "boot $c: podman build of base-image/" "$(tail -n 5 "$T_TMP/build.err")"
elif ! play "$T_TMP/sv/bootdeb-pod.yaml" "$T_TMP/logs/sv/ctr.log"; then
	fail "boot $c: podman kube play" "$(tail -n 5 "$T_TMP/play.out")"
else
	check "boot $c: the init container checked the archive's SHA-256" \
		shows "$T_TMP/logs/sv/ctr.log" "leapp: the machine image matches its SHA-256 $deb_sha"
	check "boot $c: the machine's own unit answers on its port" answers $WEB_PORT "leapp boot test: debian12 answers"
	p1=$(pid1 leapp-bootdeb-pod-bootdeb || :)
	check "boot $c: PID 1 is leapp-init services ($p1)" test "$p1" = "leapp-init|/.leapp/leapp-init services --stop-timeout 50"
	pid=$(P inspect --format '{{.State.Pid}}' leapp-bootdeb-pod-bootdeb)
	comms "$pid" > "$T_TMP/comms"
	check "boot $c: no systemd in the container, the machine's httpd is ($(sort -u "$T_TMP/comms" | tr '\n' ' '))" \
		sh -c '! grep -q "^systemd" "$1" && grep -qx busybox "$1"' _ "$T_TMP/comms"
	check "boot $c: the container log shows the boot" \
		shows "$T_TMP/logs/sv/ctr.log" "leapp-init: booting services" "leapp-init: started leapp-web.service" "leapp-init: boot finished"
	if stop_pod leapp-bootdeb-pod "$(volume_dir bootdeb-var-vol)/lib/leapp-test/stopped"; then
		ok "boot $c: stopped in $STOP_S s of $GRACE, the unit's ExecStop ran"
	else
		fail "boot $c: stop" "$(cat "$T_TMP/stop.err")" "$(tail -n 5 "$T_TMP/logs/sv/ctr.log")"
	fi
	check "boot $c: the log shows the stop" shows "$T_TMP/logs/sv/ctr.log" "leapp-init: stopped leapp-web.service" "leapp-init: all stopped, exiting"
fi
end_case leapp-bootdeb-pod

# ---- multivolume, sysv: a RHEL 6 layout's rc scripts ----
case_t=$(date +%s)
c="multivolume, sysv (RHEL 6 layout, rc3.d)"
if [ -z "$real_init" ]; then
	skip "boot $c" "leapp-init not built yet"
elif [ -z "$sysv_sha" ]; then
	fail "boot $c: oc-leapp archive" "$(cat "$T_TMP/a.err")"
elif ! gen bootsysv multivolume "$T_TMP/sy" -t $SYSV_PORT --image-url "$url/bootsysv.tar.zst" --image-sha256 "$sysv_sha"; then
	fail "boot $c: generate" "$(cat "$T_TMP/gen.err")"
elif ! build_base "$T_TMP/sy"; then
	fail "boot $c: podman build of base-image/" "$(tail -n 5 "$T_TMP/build.err")"
elif ! play "$T_TMP/sy/bootsysv-pod.yaml" "$T_TMP/logs/sy/ctr.log"; then
	fail "boot $c: podman kube play" "$(tail -n 5 "$T_TMP/play.out")"
else
	check "boot $c: the init container checked the archive's SHA-256" \
		shows "$T_TMP/logs/sy/ctr.log" "leapp: the machine image matches its SHA-256 $sysv_sha"
	check "boot $c: the machine's rc script answers on its port" answers $SYSV_PORT "leapp boot test: sysv answers"
	p1=$(pid1 leapp-bootsysv-pod-bootsysv || :)
	check "boot $c: PID 1 is leapp-init sysv, chosen by auto for upstart ($p1)" \
		test "$p1" = "leapp-init|/.leapp/leapp-init sysv --stop-timeout 50"
	check "boot $c: the container log shows the boot" \
		shows "$T_TMP/logs/sy/ctr.log" "leapp-init: booting sysv: runlevel 3" "leapp-web: started" "leapp-init: started S85leapp-web"
	if stop_pod leapp-bootsysv-pod "$(volume_dir bootsysv-var-vol)/lib/leapp-test/stopped"; then
		ok "boot $c: stopped in $STOP_S s of $GRACE, the K script ran"
	else
		fail "boot $c: stop" "$(cat "$T_TMP/stop.err")" "$(tail -n 5 "$T_TMP/logs/sy/ctr.log")"
	fi
	check "boot $c: the log shows K15leapp-web" shows "$T_TMP/logs/sy/ctr.log" "leapp-init: stopping K15leapp-web" "leapp-web: stopped"
fi
end_case leapp-bootsysv-pod

# ---- macroimage: podman builds the written Dockerfile on the base image ----
case_t=$(date +%s)
c="macroimage, systemd as PID 1"
if ! gen bootdeb macroimage "$T_TMP/mi" -t $WEB_PORT --archive; then
	fail "boot $c: generate --archive" "$(cat "$T_TMP/gen.err")"
elif ! build_base "$T_TMP/mi"; then
	fail "boot $c: podman build of base-image/" "$(tail -n 5 "$T_TMP/build.err")"
else
	img=$(image_of "$T_TMP/mi/bootdeb-pod.yaml")
	IMAGES="$IMAGES $img"
	if ! P build -q -t "$img" "$T_TMP/mi" >/dev/null 2>"$T_TMP/build.err"; then
		fail "boot $c: podman build of the Dockerfile" "$(tail -n 5 "$T_TMP/build.err")"
	elif ! play "$T_TMP/mi/bootdeb-pod.yaml" "$T_TMP/logs/mi/ctr.log"; then
		fail "boot $c: podman kube play" "$(tail -n 5 "$T_TMP/play.out")"
	else
		ok "boot $c: podman builds the Dockerfile FROM the base image"
		check "boot $c: the machine's own unit answers on its port" answers $WEB_PORT "leapp boot test: debian12 answers"
		p1=$(pid1 leapp-bootdeb-pod-bootdeb || :)
		check "boot $c: PID 1 is the machine's systemd ($p1)" test "$p1" = "systemd|/sbin/init"
		check "boot $c: the container log shows the boot" shows "$T_TMP/logs/mi/ctr.log" "Welcome to Debian GNU/Linux 12 (bookworm)!"
		upper=$(P inspect --format '{{.GraphDriver.Data.UpperDir}}' leapp-bootdeb-pod-bootdeb)
		if stop_pod leapp-bootdeb-pod "$upper/var/lib/leapp-test/stopped"; then
			ok "boot $c: stopped in $STOP_S s of $GRACE, the unit's ExecStop ran"
		else
			fail "boot $c: stop" "$(cat "$T_TMP/stop.err")" "$(tail -n 5 "$T_TMP/logs/mi/ctr.log")"
		fi
	fi
fi
end_case leapp-bootdeb-pod

# ---- stateful: the claims are podman volumes bound to the machine's directories ----
case_t=$(date +%s)
c="stateful, systemd as PID 1 on the machine's own files"
# last: the pod writes into the files it runs on, this run's copy
run_cmd "$T_TMP/gen.out" "$T_TMP/gen.err" with_init \
	"$OC_LEAPP" generate stateful --root "$mc" -c bootdeb --grace-period $GRACE -e "$T_TMP/st" -t $WEB_PORT -s useroot
if [ "$RC" -ne 0 ]; then
	fail "boot $c: generate" "$(cat "$T_TMP/gen.err")"
elif ! build_base "$T_TMP/st"; then
	fail "boot $c: podman build of base-image/" "$(tail -n 5 "$T_TMP/build.err")"
else
	# What a cluster administrator's PVs do, from what generate wrote: each
	# claim names its volume, whose hostPath is the machine's directory;
	# podman kube play mounts a claim as the podman volume of its name.
	K8SCHECK_LIB=1 node --input-type=module -e '
	  import fs from "node:fs";
	  const { load } = await import(process.argv[1]);
	  const objs = load(process.argv[2]);
	  const pv = Object.fromEntries(objs.filter((o) => o.kind === "PersistentVolume").map((o) => [o.metadata.name, o.spec.hostPath.path]));
	  for (const c of objs.filter((o) => o.kind === "PersistentVolumeClaim")) console.log(c.metadata.name, pv[c.spec.volumeName]);' \
		"$top/tests/tools/k8scheck.mjs" "$T_TMP/st/bootdeb-storage.yaml" > "$T_TMP/claims" 2>"$T_TMP/claims.err" || :
	bound=0
	while read -r claim path; do
		VOLUMES="$VOLUMES $claim"
		P volume rm -f "$claim" >/dev/null 2>&1 || :
		P volume create --opt type=none --opt o=bind --opt "device=$path" "$claim" >/dev/null && bound=$((bound + 1))
	done < "$T_TMP/claims"
	if [ "$bound" -eq 0 ] || [ "$bound" -ne "$(grep -c claimName "$T_TMP/st/bootdeb-deployment.yaml")" ]; then
		fail "boot $c: a podman volume for every claim" "$(cat "$T_TMP/claims" "$T_TMP/claims.err")"
	elif ! play "$T_TMP/st/bootdeb-deployment.yaml" "$T_TMP/logs/st/ctr.log"; then
		fail "boot $c: podman kube play" "$(tail -n 5 "$T_TMP/play.out")"
	else
		ok "boot $c: $bound claims bound to the machine's directories"
		check "boot $c: the machine's own unit answers on its port" answers $WEB_PORT "leapp boot test: debian12 answers"
		p1=$(pid1 leapp-bootdeb-pod-0-bootdeb || :)
		check "boot $c: PID 1 is the machine's systemd ($p1)" test "$p1" = "systemd|/sbin/init"
		if stop_pod leapp-bootdeb-pod-0 "$mc/bootdeb/var/lib/leapp-test/stopped"; then
			ok "boot $c: stopped in $STOP_S s of $GRACE; the ExecStop mark is in the machine's own /var"
		else
			fail "boot $c: stop" "$(cat "$T_TMP/stop.err")" "$(tail -n 5 "$T_TMP/logs/st/ctr.log")"
		fi
	fi
fi
end_case leapp-bootdeb-pod-0
log "boot suite: $(($(date +%s) - t_start)) s"
summary
