# diagnose reads back what leapp-init fetch really prints (the contract of
# lib/contract.h, both sides): each failure of the init container's
# download and unpack is run with the real build/init/leapp-init against a
# local HTTP server, and its log is diagnosed with the pod generate writes
# (the ImageArchiveCorrupt-fetch fixture's). The network failures (wget's
# own lines) are checked the same way by tests/init/fetch.sh.
top=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$top/tests/lib.sh"
INIT=${LEAPP_INIT:-$top/build/init/leapp-init}
BB=$(command -v busybox || true)
FXD=$top/tests/fixtures/diagnose/ImageArchiveCorrupt-fetch
CTR=web-centos7-init

if [ ! -x "$INIT" ] || [ -z "$BB" ] || ! command -v python3 >/dev/null; then
	skip "fetch's lines as diagnose reads them" "build/init/leapp-init, busybox or python3 missing (make; make deps)"
	summary
	exit 0
fi
WWW=$T_TMP/www
mkdir -p "$WWW" "$T_TMP/src/etc" "$T_TMP/src/var"
echo uninitialized >"$T_TMP/src/etc/machine-id"
echo x >"$T_TMP/src/var/x"
tar -C "$T_TMP/src" -czf "$WWW/good.tar.gz" etc var
head -c 60 "$WWW/good.tar.gz" >"$WWW/cut.tar.gz"
printf '<html><body>Index of /</body></html>\n' >"$WWW/page.tar.gz"
python3 - "$WWW/unsafe.tar.gz" <<'PY'
import io, sys, tarfile
with tarfile.open(sys.argv[1], "w:gz") as t:
    data = b"* * * * * root sh\n"
    i = tarfile.TarInfo("../../etc/cron.d/x")
    i.size = len(data)
    t.addfile(i, io.BytesIO(data))
PY
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -u -m http.server "$port" --bind 127.0.0.1 --directory "$WWW" >"$T_TMP/http.log" 2>&1 &
HTTP_PID=$!
trap 'kill "$HTTP_PID" 2>/dev/null || true; wait "$HTTP_PID" 2>/dev/null || true; rm -rf "$T_TMP"' EXIT
set -e	# run_cmd leaves it on: say so here, where a step that may fail is written with || true
for _i in $(seq 50); do
	python3 -c "import socket; socket.create_connection(('127.0.0.1', $port))" 2>/dev/null && break
	sleep 0.1
done

# fetch_log NAME [FLAGS...]: runs fetch of the file into fresh volumes; its
# whole output, as the container's log holds it, in $T_TMP/flog.
fetch_log() {
	_f=$1; shift
	rm -rf "$T_TMP/w" && mkdir -p "$T_TMP/w/etc" "$T_TMP/w/var"
	set +e
	env LEAPP_IMAGE_URL="http://127.0.0.1:$port/$_f" LEAPP_IMAGE_SHA256="${SHA:-}" \
		"$INIT" fetch -C "$T_TMP/w" "$@" >"$T_TMP/flog" 2>&1
	RC=$?
	set -e
}
# diagnosed ID SEVERITY WORDS: the first finding of $T_TMP/flog, read as the
# init container's log (of its last run, which failed; with DONE set, of its
# one run, which completed), is ID with SEVERITY and names WORDS in its
# summary.
diagnosed() {
	if [ -n "${DONE:-}" ]; then
		set -- "$@" "$top/tests/fixtures/diagnose/MachineIdMissing-fetch/list.json" --log
	else
		set -- "$@" "$FXD/list.json" --previous-log
	fi
	run_cmd "$T_TMP/d.json" "$T_TMP/d.err" "$OC_LEAPP" diagnose --from-file "$4" "$5" "$CTR=$T_TMP/flog" -o json
	no_sanitizer_report "$T_TMP/d.err" &&
	python3 - "$T_TMP/d.json" "$1" "$2" "$3" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = d["findings"][0]
ok = f["id"] == sys.argv[2] and f["severity"] == sys.argv[3] and sys.argv[4] in f["summary"]
sys.exit(0 if ok else 1)
PY
}
check() {	# NAME WANT-RC ID SEVERITY WORDS
	rc=$RC
	if [ "$rc" = "$2" ] && diagnosed "$3" "$4" "$5"; then
		ok "fetch $1: diagnose says $3"
	else
		fail "fetch $1" "fetch's exit status $rc" "$(cat "$T_TMP/flog")" "$(head -c 600 "$T_TMP/d.json" 2>/dev/null)"
	fi
}

fetch_log cut.tar.gz --wget "$BB"
check "of an archive cut short" 1 ImageArchiveCorrupt error "not a valid machine archive"
fetch_log page.tar.gz --wget "$BB"
check "of a page, not an archive" 1 ImageArchiveCorrupt error "not a valid machine archive"
fetch_log unsafe.tar.gz --wget "$BB"
check "of an archive with ../ entries" 1 ImageArchiveCorrupt error "outside the pod's volumes"
SHA=0000000000000000000000000000000000000000000000000000000000000000 fetch_log good.tar.gz --wget "$BB"
check "of another archive than --image-sha256's" 1 ImageArchiveCorrupt error "not the one these objects were made for"
fetch_log good.tar.gz --wget "$T_TMP/bin/busybox"
check "without the base image's busybox" 1 EntrypointNotFound error "/.leapp/busybox"
fetch_log good.tar.gz --wget "$BB"
DONE=1 check "of a machine whose machine-id is not one" 0 MachineIdMissing warning "not a machine id"

# stopped as the pod is deleted: not a fault of the image
rm -rf "$T_TMP/w" && mkdir -p "$T_TMP/w/etc" "$T_TMP/w/var"
python3 - "$T_TMP/slow.port" <<'PY' &
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
c, _ = s.accept(); c.recv(4096); time.sleep(20)
PY
SLOW_PID=$!
for _i in $(seq 50); do [ -s "$T_TMP/slow.port" ] && break; sleep 0.1; done
env LEAPP_IMAGE_URL="http://127.0.0.1:$(cat "$T_TMP/slow.port")/m.tar.gz" "$INIT" fetch -C "$T_TMP/w" --wget "$BB" >"$T_TMP/flog" 2>&1 &
FETCH_PID=$!
for _i in $(seq 50); do grep -q '^leapp: downloading' "$T_TMP/flog" && break; sleep 0.1; done
sleep 0.3
kill -TERM "$FETCH_PID" 2>/dev/null || true
set +e; wait "$FETCH_PID"; RC=$?; set -e
kill "$SLOW_PID" 2>/dev/null || true
wait "$SLOW_PID" 2>/dev/null || true
check "stopped by SIGTERM" 1 PodNotReady warning "stopped before the download finished"
summary
