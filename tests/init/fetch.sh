# Sourced by tests/suites/init.sh: `leapp-init fetch` against a local HTTP
# server, with the host's busybox wget as the downloader.

BB=$(command -v busybox || true)
if [ -z "$BB" ] || ! command -v python3 >/dev/null; then
	skip "fetch" "busybox or python3 missing (make deps)"
	return 0
fi
WWW=$T_TMP/www
mkdir -p "$WWW"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -u -m http.server "$port" --bind 127.0.0.1 --directory "$WWW" >"$T_TMP/http.log" 2>&1 &
HTTP_PID=$!
# The misbehaving one (tests/init/www.py): slow, stalled, cut short, silent.
port2=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 "$(dirname "$0")/../init/www.py" "$port2" >"$T_TMP/www.log" 2>&1 &
WWW_PID=$!
# The servers are waited for before the cleanup: they may still be writing their logs.
stop_http() {
	kill "$HTTP_PID" "$WWW_PID" 2>/dev/null || true
	wait "$HTTP_PID" 2>/dev/null || true
	wait "$WWW_PID" 2>/dev/null || true
}
trap 'stop_http; rm -rf "$T_TMP"' EXIT
for p in $port $port2; do
	for _i in $(seq 50); do
		python3 -c "import socket; socket.create_connection(('127.0.0.1', $p))" 2>/dev/null && break
		sleep 0.1
	done
done
URL=http://127.0.0.1:$port
URL2=http://127.0.0.1:$port2

# A work dir with the pod's volumes (etc, var, srv) and nothing else.
vols() {
	rm -rf "$T_TMP/w"
	mkdir -p "$T_TMP/w/etc" "$T_TMP/w/var" "$T_TMP/w/srv"
}
# fetch NAME [SHA]: runs the fetch of $URL/NAME into $T_TMP/w.
fetch() {
	run_cmd "$T_TMP/fo" "$T_TMP/fe" env LEAPP_IMAGE_URL="$URL/$1" LEAPP_IMAGE_SHA256="${2:-}" \
		"$INIT" fetch -C "$T_TMP/w" --wget "$BB"
}
empty_vols() {
	[ -z "$(find "$T_TMP/w" -mindepth 2 | head -n 1)" ]
}

# A machine tree with what a real one holds.
src=$T_TMP/src
mkdir -p "$src/etc/ssh" "$src/var/log" "$src/srv/data" "$src/home/u" "$src/var/lib/x"
echo 0123456789abcdef0123456789abcdef >"$src/etc/machine-id"
echo 'root:x:0:0::/root:/bin/sh' >"$src/etc/passwd"
# Another owner needs root (chown); as anyone else the owner is the user's own.
key_owner="$(id -u) $(id -g)"
echo secret >"$src/etc/ssh/key" && chmod 600 "$src/etc/ssh/key"
if [ "$(id -u)" -eq 0 ]; then chown 1234:5678 "$src/etc/ssh/key"; key_owner="1234 5678"; fi
ln -s ../../etc/passwd "$src/var/lib/x/passwd-link"
echo shared >"$src/etc/shared" && ln "$src/etc/shared" "$src/srv/data/shared" && ln "$src/etc/shared" "$src/etc/shared2"
touch -d '2001-02-03 04:05:06' "$src/etc/passwd"
echo 'not a volume' >"$src/home/u/file"
tar -C "$src" --numeric-owner -czf "$WWW/good.tar.gz" .
good_sha=$(sha256sum "$WWW/good.tar.gz" | cut -d' ' -f1)

vols
echo stale >"$T_TMP/w/etc/left-from-last-time"
fetch good.tar.gz "$good_sha"
if [ "$RC" -eq 0 ] && grep -q "^leapp: the machine image matches its SHA-256 $good_sha\$" "$T_TMP/fo" &&
	grep -q '^leapp: the machine image is unpacked$' "$T_TMP/fo"; then
	ok "fetch: a good archive, SHA-256 checked"
else
	fail "fetch: a good archive" "rc=$RC" "$(cat "$T_TMP/fo" "$T_TMP/fe")"
fi
w=$T_TMP/w
[ "$(id -u)" -eq 0 ] || skip "fetch: other owners kept" "needs root: the archive's owners are given with chown, and only root extracts them"
[ "$(stat -c '%a %u %g' "$w/etc/ssh/key" 2>&1)" = "600 $key_owner" ] && [ "$(stat -c %Y "$w/etc/passwd")" = "$(stat -c %Y "$src/etc/passwd")" ] &&
	[ "$(readlink "$w/var/lib/x/passwd-link")" = ../../etc/passwd ] && [ ! -e "$w/etc/left-from-last-time" ] &&
	ok "fetch: numeric owners, modes, times, symlinks; the volume emptied first" ||
	fail "fetch: metadata" "$(stat -c '%a %u %g %Y' "$w/etc/ssh/key" "$w/etc/passwd" 2>&1)"
[ "$(cat "$w/srv/data/shared" 2>&1)" = shared ] && [ "$(stat -c %h "$w/srv/data/shared")" = 1 ] &&
	[ "$(stat -c %i "$w/etc/shared")" = "$(stat -c %i "$w/etc/shared2")" ] && grep -q '^leapp: hard links across volumes were copied: 1$' "$T_TMP/fo" &&
	ok "fetch: a hard link across volumes copied, within one kept" || fail "fetch: hard links" "$(ls -li "$w/etc" "$w/srv/data" 2>&1)"
[ ! -e "$w/home" ] && grep -q '^leapp: entries outside the pod.s volumes were skipped: 3 (first: home)$' "$T_TMP/fo" &&
	ok "fetch: entries outside the volumes skipped and counted" || fail "fetch: outside entries" "$(cat "$T_TMP/fo")"
[ -d "$w/var/log/journal/0123456789abcdef0123456789abcdef" ] && ok "fetch: the journal directory for a 32-hex machine-id" ||
	fail "fetch: journal directory" "$(ls -R "$w/var/log")"

vols
fetch good.tar.gz "$(echo "$good_sha" | tr 0-9a-f 1-9a-f0)"
[ "$RC" -eq 1 ] && grep -q '^leapp: SHA-256 mismatch: the machine image from .* hashes to '"$good_sha"', not ' "$T_TMP/fe" && empty_vols &&
	ok "fetch: SHA-256 mismatch: exit 1, nothing kept" || fail "fetch: SHA-256 mismatch" "rc=$RC" "$(cat "$T_TMP/fe")" "$(ls -R "$T_TMP/w" | head)"

vols
fetch nothing-here.tar.gz
[ "$RC" -eq 1 ] && grep -q '404' "$T_TMP/fe" && grep -q "^leapp: cannot download or unpack the machine image from $URL/nothing-here.tar.gz; nothing was kept\$" "$T_TMP/fe" &&
	ok "fetch: 404: wget's message, then the contract's line, exit 1" || fail "fetch: 404" "rc=$RC" "$(cat "$T_TMP/fe")"

# What the log holds when the download fails, as `diagnose` reads it: the
# init container's log (stdout and stderr, in order) given to the real
# diagnose with the pod of its ImageURLUnreachable fixture. Each of busybox's
# error lines must still be there, verbatim, for the rule that knows it.
FXD=$TOP/tests/fixtures/diagnose/ImageURLUnreachable
# fetch_log URL [ARGS...]: runs fetch of URL into $T_TMP/w, both streams to $T_TMP/flog.
fetch_log() {
	_u=$1; shift
	vols
	set +e
	env LEAPP_IMAGE_URL="$_u" "$INIT" fetch -C "$T_TMP/w" --wget "$BB" "$@" >"$T_TMP/flog" 2>&1
	RC=$?
	set -e
}
# diagnosed ID: the finding diagnose makes of $T_TMP/flog as web-init's log.
diagnosed() {
	"$OC_LEAPP" diagnose --from-file "$FXD/list.yaml" --previous-log "web-init=$T_TMP/flog" -o json >"$T_TMP/diag.json" 2>"$T_TMP/diag.err" || true
	python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if any(f.get("id") == sys.argv[2] for f in d.get("findings", [])) else 1)' \
		"$T_TMP/diag.json" "$1"
}
if [ -x "$OC_LEAPP" ] && [ -f "$FXD/list.yaml" ]; then
	for case in "refused|http://127.0.0.1:1/x.tar.gz|wget: can't connect to remote host (127.0.0.1): Connection refused|ImageURLUnreachable" \
		"bad address|http://no-such-host.invalid/x.tar.gz|wget: bad address 'no-such-host.invalid'|ImageURLUnreachable" \
		"404|$URL/nothing-here.tar.gz|wget: server returned error: HTTP/1.0 404 File not found|ImageURLNotFound" \
		"403|$URL2/403|wget: server returned error: HTTP/1.0 403 Forbidden|ImageURLNotFound" \
		"no answer|$URL2/close|wget: error getting response|ImageURLUnreachable" \
		"cut short|$URL2/cut|wget: connection closed prematurely|ImageURLUnreachable"; do
		name=${case%%|*}; rest=${case#*|}; u=${rest%%|*}; rest=${rest#*|}; line=${rest%|*}; id=${rest##*|}
		fetch_log "$u"
		if [ "$RC" -eq 1 ] && grep -qxF "$line" "$T_TMP/flog" && grep -q 'nothing was kept$' "$T_TMP/flog" &&
			! grep -q '^Connecting to' "$T_TMP/flog" && diagnosed "$id"; then
			ok "fetch: $name: wget's line kept verbatim, diagnose finds $id"
		else
			fail "fetch: $name" "rc=$RC" "$(cat "$T_TMP/flog")" "$(head -c 600 "$T_TMP/diag.json" 2>/dev/null)"
		fi
	done
	# busybox's wget has no timeout unless built with one (Debian's is not):
	# fetch ends a download that stalls, in the words diagnose knows.
	t0=$(date +%s)
	fetch_log "$URL2/stall" --stall-timeout 2
	secs=$(( $(date +%s) - t0 ))
	if [ "$RC" -eq 1 ] && [ "$secs" -le 10 ] && grep -q '^leapp: no data for 2 s, the download was stopped: wget: download timed out$' "$T_TMP/flog" &&
		empty_vols && diagnosed ImageURLUnreachable; then
		ok "fetch: a stalled download ends after --stall-timeout (${secs}s), diagnose finds ImageURLUnreachable"
	else
		fail "fetch: stalled download" "rc=$RC ${secs}s" "$(cat "$T_TMP/flog")"
	fi
else
	skip "fetch: error lines as diagnose reads them" "$OC_LEAPP or $FXD/list.yaml missing"
fi
# A pod deleted mid-download: fetch is PID 1 of its init container, where
# SIGTERM has no default action; it must stop, clean up and exit at once
# rather than wait out the stall timeout (or the kubelet's SIGKILL).
if [ "${NS:-}" ]; then
	vols
	set +e
	env LEAPP_IMAGE_URL="$URL2/stall" $NS "$INIT" fetch -C "$T_TMP/w" --wget "$BB" --stall-timeout 50 >"$T_TMP/flog" 2>&1 &
	ns_pid=$!
	set -e
	pid1=""
	for _i in $(seq 50); do
		pid1=$(pgrep -P "$ns_pid" || true)
		[ -n "$pid1" ] && grep -q '^leapp: downloading' "$T_TMP/flog" && break
		sleep 0.1
	done
	t0=$(date +%s)
	kill -TERM "$pid1" 2>/dev/null || true
	set +e; wait "$ns_pid"; RC=$?; set -e
	secs=$(( $(date +%s) - t0 ))
	if [ "$RC" -eq 1 ] && [ "$secs" -le 5 ] && grep -q '^leapp: stopped by Terminated before the download finished$' "$T_TMP/flog" &&
		grep -q 'nothing was kept$' "$T_TMP/flog" && empty_vols; then
		ok "fetch as PID 1: SIGTERM stops the download in ${secs}s and nothing is kept"
	else
		fail "fetch as PID 1: SIGTERM" "rc=$RC ${secs}s" "$(cat "$T_TMP/flog")"
	fi
else
	skip "fetch as PID 1: SIGTERM" "no PID namespace here"
fi
run_cmd "$T_TMP/fo" "$T_TMP/fe" env LEAPP_IMAGE_URL=x "$INIT" fetch -C "$T_TMP/w" --stall-timeout 0
[ "$RC" -eq 2 ] && grep -q 'stall-timeout 0' "$T_TMP/fe" && ok "fetch: bad --stall-timeout refused" || fail "fetch: bad --stall-timeout" "rc=$RC"

# A bounded log: 300 MiB sent over 3 s, where wget without -q would print its
# meter every second; fetch prints one line per 128 MiB, and nothing else.
fetch_log "$URL2/stream/300"
prog=$(sed -n 's/^leapp: unpacked \([0-9]*\) MiB$/\1/p' "$T_TMP/flog" | tr '\n' ' ')
if [ "$RC" -eq 0 ] && [ "$prog" = "128 256 " ] && ! grep -v '^leapp: ' "$T_TMP/flog" | grep -q .; then
	ok "fetch: progress is one line per 128 MiB, wget's meter stays out of the log"
else
	fail "fetch: bounded progress" "rc=$RC progress: $prog" "$(head -c 2000 "$T_TMP/flog")"
fi

size=$(stat -c %s "$WWW/good.tar.gz")
head -c $((size / 2)) "$WWW/good.tar.gz" >"$WWW/short.tar.gz"
vols
fetch short.tar.gz
[ "$RC" -eq 1 ] && empty_vols && grep -q "nothing was kept" "$T_TMP/fe" && grep -qi "^leapp: .*truncated" "$T_TMP/fe" &&
	ok "fetch: a truncated archive: libarchive's reason given, exit 1, nothing kept" || fail "fetch: truncated" "rc=$RC" "$(cat "$T_TMP/fe")"

# Under a restricted SCC the init container runs as an arbitrary user, to
# whom root's override of file modes does not apply: a failed fetch must
# still empty what it unpacked, even a volume the machine's archive made
# unreadable (etc/ mode 0300) and a read-only directory in it. Root runs
# this as nobody.
python3 - "$WWW/locked.tar" <<'PY'
import io, sys, tarfile
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as t:
    for name, mode in (("etc", 0o300), ("etc/ro", 0o500)):
        i = tarfile.TarInfo(name); i.type = tarfile.DIRTYPE; i.mode = mode; t.addfile(i)
    data = b"x" * 8192
    i = tarfile.TarInfo("etc/pad"); i.size = len(data); t.addfile(i, io.BytesIO(data))
open(sys.argv[1], "wb").write(buf.getvalue()[:512 * 6])  # cut inside etc/pad
PY
as_user=""
if [ "$(id -u)" -eq 0 ]; then
	if id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null 2>&1; then
		mkdir -p "$T_TMP/nb" && cp "$INIT" "$T_TMP/nb/leapp-init" && chmod 711 "$T_TMP" && chmod 755 "$T_TMP/nb"
		as_user="setpriv --reuid=nobody --regid=nogroup --clear-groups"
	else
		as_user=none
	fi
fi
if [ "$as_user" = none ]; then
	skip "fetch as another user: a failed fetch empties unreadable volumes" "no nobody user or setpriv"
else
	mkdir -p "$T_TMP/nb/w/etc" "$T_TMP/nb/w/var"
	[ -z "$as_user" ] || chown -R nobody "$T_TMP/nb/w"
	set +e
	prog=$INIT
	[ -z "$as_user" ] || prog=$T_TMP/nb/leapp-init
	env LEAPP_IMAGE_URL="$URL/locked.tar" $as_user "$prog" fetch -C "$T_TMP/nb/w" --wget "$BB" >"$T_TMP/fo" 2>"$T_TMP/fe"
	RC=$?
	set -e
	left=$(find "$T_TMP/nb/w" -mindepth 2 2>&1 | head -n 3)
	if [ "$RC" -eq 1 ] && grep -q "nothing was kept" "$T_TMP/fe" && [ -z "$left" ]; then
		ok "fetch as another user: a failed fetch empties even a volume the archive made unreadable"
	else
		fail "fetch as another user: cut short with etc/ mode 0300" "rc=$RC left: $left" "$(cat "$T_TMP/fe")"
	fi
	chmod -R u+rwx "$T_TMP/nb" 2>/dev/null || true
fi

# Hostile archives, written by python's tarfile (GNU tar refuses to).
python3 - "$WWW" <<'PY'
import io, sys, tarfile
d = sys.argv[1]
def mk(name, entries):
    with tarfile.open(f"{d}/{name}", "w:gz") as t:
        for kind, path, arg in entries:
            ti = tarfile.TarInfo(path)
            if kind == "file":
                ti.size = len(arg); t.addfile(ti, io.BytesIO(arg))
            elif kind == "dir":
                ti.type = tarfile.DIRTYPE; ti.mode = 0o755; t.addfile(ti)
            elif kind == "sym":
                ti.type = tarfile.SYMTYPE; ti.linkname = arg; t.addfile(ti)
            elif kind == "hard":
                ti.type = tarfile.LNKTYPE; ti.linkname = arg; t.addfile(ti)
mk("dotdot.tar.gz", [("file", "etc/ok", b"ok"), ("file", "etc/../../escaped-dotdot", b"x")])
mk("absolute.tar.gz", [("file", "etc/ok", b"ok"), ("file", "/tmp/escaped-absolute", b"x")])
mk("through.tar.gz", [("dir", "etc", None), ("sym", "etc/evil", sys.argv[1] + "/.."), ("file", "etc/evil/escaped-through", b"x")])
mk("hardout.tar.gz", [("file", "etc/ok", b"ok"), ("hard", "etc/pw", "../../../../../etc/hostname")])
mk("badid.tar.gz", [("dir", "etc", None), ("file", "etc/machine-id", b"../../../../tmp/escaped-id\n"), ("dir", "var", None)])
PY
for h in dotdot absolute through hardout; do
	vols
	fetch $h.tar.gz
	esc=$(ls "$T_TMP"/escaped-* /tmp/escaped-* "$WWW"/escaped-* 2>/dev/null || true)
	if [ "$RC" -eq 1 ] && [ -z "$esc" ] && empty_vols; then
		ok "fetch: hostile archive ($h): refused, nothing written outside, nothing kept"
	else
		fail "fetch: hostile archive ($h)" "rc=$RC $esc" "$(cat "$T_TMP/fe")"
	fi
done
vols
fetch badid.tar.gz
[ "$RC" -eq 0 ] && grep -q '^leapp: etc/machine-id does not hold 32 hex digits' "$T_TMP/fe" && [ ! -e "$T_TMP/w/var/log" ] &&
	[ -z "$(ls /tmp/escaped-id 2>/dev/null)" ] &&
	ok "fetch: a machine-id with ../ makes no directory" || fail "fetch: machine-id with ../" "rc=$RC" "$(cat "$T_TMP/fe")"

# The 1 TiB sparse lastlog: archived sparse by GNU tar (pax 1.0), restored
# by seeking over the holes. Cached: the archive is small but deterministic.
sp=$T_TMP/sparse
mkdir -p "$sp/var/log"
truncate -s 1T "$sp/var/log/lastlog"
printf 'user-a' | dd of="$sp/var/log/lastlog" bs=1 seek=$((4096 * 1000)) conv=notrunc 2>/dev/null
printf 'user-b' | dd of="$sp/var/log/lastlog" bs=1 seek=$((1024 * 1024 * 1024 * 1024 - 4096)) conv=notrunc 2>/dev/null
if tar -C "$sp" --sparse --format=pax --numeric-owner -czf "$WWW/sparse.tar.gz" var 2>"$T_TMP/tar.err"; then
	vols
	t0=$(date +%s%N)
	fetch sparse.tar.gz "$(sha256sum "$WWW/sparse.tar.gz" | cut -d' ' -f1)"
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	f=$T_TMP/w/var/log/lastlog
	blocks=$(stat -c %b "$f" 2>/dev/null || echo 0)
	if [ "$RC" -eq 0 ] && [ "$(stat -c %s "$f")" = 1099511627776 ] && [ "$blocks" -lt 1024 ] &&
		[ "$(dd if="$f" bs=1 skip=$((4096 * 1000)) count=6 2>/dev/null)" = user-a ] &&
		[ "$(tail -c 4096 "$f" | head -c 6)" = user-b ] && [ "$ms" -lt 20000 ]; then
		ok "fetch: 1 TiB sparse lastlog restored in ${ms} ms, $blocks blocks on disk"
	else
		fail "fetch: 1 TiB sparse lastlog" "rc=$RC ${ms} ms, $blocks blocks" "$(cat "$T_TMP/fe")"
	fi
	rm -f "$f"
else
	skip "fetch: sparse lastlog" "GNU tar could not archive it: $(cat "$T_TMP/tar.err")"
fi

# Two volumes on two real mounts (the pod's case: link(2) fails with EXDEV).
if [ "$(id -u)" = 0 ] && unshare --mount true 2>/dev/null; then
	vols
	unshare --mount sh -c 'mount -t tmpfs t "$1/etc" && mount -t tmpfs t "$1/srv" &&
		env LEAPP_IMAGE_URL="$2" "$3" fetch -C "$1" --wget "$4" >"$1/../mnt.out" 2>&1 &&
		cat "$1/srv/data/shared" >"$1/../mnt.shared" && [ "$(stat -c %d "$1/etc")" != "$(stat -c %d "$1/srv")" ]' \
		sh "$T_TMP/w" "$URL/good.tar.gz" "$INIT" "$BB" && RC=0 || RC=$?
	[ "$RC" -eq 0 ] && [ "$(cat "$T_TMP/mnt.shared")" = shared ] &&
		ok "fetch: hard link across two tmpfs mounts copied" || fail "fetch: two mounts" "rc=$RC" "$(cat "$T_TMP/mnt.out")"
else
	skip "fetch: two mounts" "needs root and mount namespaces"
fi
# valgrind on the same objects linked dynamically (memcheck cannot follow
# a static glibc's malloc): a good fetch and a hostile one.
DYN=$TOP/build/init/leapp-init-dyn
if command -v valgrind >/dev/null 2>&1 && [ -x "$DYN" ]; then
	vols
	run_cmd "$T_TMP/fo" "$T_TMP/vg" env LEAPP_IMAGE_URL="$URL/good.tar.gz" LEAPP_IMAGE_SHA256="$good_sha" \
		valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect "$DYN" fetch -C "$T_TMP/w" --wget "$BB"
	rc1=$RC
	vols
	run_cmd "$T_TMP/fo" "$T_TMP/vg2" env LEAPP_IMAGE_URL="$URL/through.tar.gz" \
		valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect "$DYN" fetch -C "$T_TMP/w" --wget "$BB"
	rc2=$RC
	vols
	run_cmd "$T_TMP/fo" "$T_TMP/vg3" env LEAPP_IMAGE_URL="$URL2/stall" \
		valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect "$DYN" fetch -C "$T_TMP/w" --wget "$BB" --stall-timeout 1
	[ "$rc1" -eq 0 ] && [ "$rc2" -eq 1 ] && [ "$RC" -eq 1 ] && ! grep -q '^==[0-9]*== ' "$T_TMP/vg" "$T_TMP/vg2" "$T_TMP/vg3" &&
		ok "fetch: valgrind clean (good, hostile and stalled download)" ||
		fail "fetch: valgrind" "rc=$rc1/$rc2/$RC" "$(grep -h '==' "$T_TMP/vg" "$T_TMP/vg2" "$T_TMP/vg3" | head -8)"
else
	skip "fetch: valgrind" "valgrind or build/init/leapp-init-dyn missing (make deps; make check builds it)"
fi
stop_http
