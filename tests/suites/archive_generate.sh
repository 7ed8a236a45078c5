#!/bin/sh
# generate --archive / --image-sha256 / --check-url, and the multivolume init
# container's script run for real by busybox against a local web server:
# a good download is unpacked, a damaged or wrong one leaves nothing.
set -eu
. "$(dirname "$0")/../lib.sh"

root=$T_TMP/roots
sh "$TOP/tests/machines.sh" "$root" >/dev/null
m=$root/centos7-web
mkdir -p "$m/var/lib/app"
# Another owner needs root (chown); as anyone else, the owner is the user's own.
owner=$(id -u):$(id -g)
printf 'data' >"$m/var/lib/app/db"; chmod 640 "$m/var/lib/app/db"
if [ "$(id -u)" -eq 0 ]; then chown 27:27 "$m/var/lib/app/db"; owner=27:27; fi
truncate -s 8M "$m/var/lib/app/sparse"
cd "$T_TMP"
G="$OC_LEAPP generate --root $root -c centos7-web"
www=$T_TMP/www; mkdir -p "$www"

# --- flags ---------------------------------------------------------------
bad() {	# NAME PATTERN ARGS...: a usage error naming PATTERN, nothing written
	name=$1 pat=$2; shift 2
	run_cmd o e "$@"
	if [ "$RC" -eq 2 ] && grep -q -- "$pat" e && no_sanitizer_report e && [ ! -e bad ]; then ok "$name"
	else fail "$name" "rc=$RC" "$(cat e)"; fi
}
bad "--archive is not for stateful" '--archive is for macroimage and multivolume' $G stateful -s sa --archive -e bad
bad "--archive with -o" 'cannot be used with --output' $G macroimage --archive -o yaml
bad "--image-sha256 is for multivolume" '--image-sha256 is for multivolume only' $G macroimage --image-sha256 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa -e bad
bad "--check-url is for multivolume" '--check-url is for multivolume only' $G macroimage --check-url -e bad
bad "a short --image-sha256" 'invalid --image-sha256 "abc": 64 hexadecimal' $G multivolume -m http://h/w.tar.gz --image-sha256 abc -e bad
bad "--image-sha256 and --archive together" 'give one of them' $G multivolume -m http://h/w.tar.gz --image-sha256 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa --archive -e bad
bad "a zstd archive for busybox" "w.tar.zst is zstd, which busybox's tar" $G multivolume -m http://h/w.tar.zst --legacy-init-annotation -e bad
run_cmd o e $G multivolume -m http://h/w.tar.zst -o yaml
[ "$RC" -eq 0 ] && grep -q 'leapp-init$' o && ok "zstd is accepted for leapp-init fetch (libarchive)" || fail "zstd for leapp-init" "$(cat e)"
bad "--archive needs a tar name in the URL" 'does not end in .tar.gz' $G multivolume -m http://h/download?id=3 --archive -e bad
run_cmd o e $G multivolume -m http://h/w.tar.zst --init-image registry/zstd-tools -o yaml
[ "$RC" -eq 0 ] && grep -q 'zstd -dc | tar -xf -' o && ok "zstd is accepted with --init-image, unpacked with zstd" || fail "zstd with init image" "$(cat e)"

# --- macroimage --archive --------------------------------------------------
run_cmd o e $G macroimage --archive -e mi
if [ "$RC" -eq 0 ] && [ -s mi/centos7-web.tar.gz ] && grep -q 'ADD centos7-web.tar.gz' mi/Dockerfile && no_sanitizer_report e; then
	ok "macroimage --archive writes the archive the Dockerfile ADDs"
else fail "macroimage --archive" "rc=$RC" "$(cat e)" "$(ls mi)"; fi
sum=$(sha256sum mi/centos7-web.tar.gz | cut -d' ' -f1)
grep -q "SHA-256 $sum" o && ok "its SHA-256 is printed" || fail "macroimage sha" "$(cat o)"
! grep -q ' archive -c' o && ok "the next steps do not ask for the archive again" || fail "next steps" "$(cat o)"
run_cmd o e $G macroimage -e mi2
grep -q "oc leapp archive -c centos7-web --root $root --output mi2/centos7-web.tar.gz\$" o && ok "without --archive, the next step is oc leapp archive" \
	|| fail "archive step" "$(cat o)"
run_cmd o e $G macroimage --archive -e mi
[ "$RC" -eq 1 ] && grep -q 'already exists (use --force' e && ok "an existing archive is kept without --force" || fail "archive exists" "$(cat e)"

# --- multivolume for leapp-init fetch: the archive keeps sparse files -------
run_cmd o e $G multivolume -m http://h/sparse.tar.gz --archive -e mvs
gzip -dc mvs/sparse.tar.gz | tar -tvf - | grep -q 'var/lib/app/sparse' && [ "$RC" -eq 0 ] &&
	[ "$(gzip -dc mvs/sparse.tar.gz | wc -c)" -lt 4000000 ] \
	&& ok "multivolume --archive for leapp-init fetch keeps sparse files" || fail "sparse for fetch" "rc=$RC" "$(cat e)"

# --- multivolume with --init-image: the shell script, run by busybox ----------
# (--init-image busybox: the script earlier versions wrote, for busybox's tar)
if ! command -v busybox >/dev/null 2>&1; then
	skip "the multivolume init script run by busybox" "busybox is not installed (make deps installs it)"
	summary; exit $?
fi
mkdir -p bin; busybox --install -s "$T_TMP/bin"
port_file=$T_TMP/port
cat >server.py <<'PY'
import http.server, os, socketserver, sys
root, mode, portfile = sys.argv[1], sys.argv[2], sys.argv[3]
os.chdir(root)
class H(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_HEAD(self):
        if mode == "nohead":
            self.send_error(405)
        else:
            super().do_HEAD()
    def do_GET(self):
        rng = self.headers.get("Range")
        if mode == "nohead" and rng:
            data = open(self.path.lstrip("/"), "rb").read()
            self.send_response(206)
            self.send_header("Content-Range", "bytes 0-0/%d" % len(data))
            self.send_header("Content-Length", "1")
            self.end_headers()
            self.wfile.write(data[:1])
        else:
            super().do_GET()
s = socketserver.TCPServer(("127.0.0.1", 0), H)
open(portfile, "w").write(str(s.server_address[1]))
s.serve_forever()
PY
serve() {	# MODE: starts the server, sets URL_BASE and SERVER
	rm -f "$port_file"
	python3 server.py "$www" "$1" "$port_file" & SERVER=$!
	i=0; while [ ! -s "$port_file" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	URL_BASE=http://127.0.0.1:$(cat "$port_file")
}
stop() { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; }
serve plain
trap 'stop; rm -rf "$T_TMP"' EXIT

# The default init container (leapp-init fetch) unpacks with libarchive: the
# archive keeps its holes, and libarchive (bsdtar here) restores them
# without writing them.
run_cmd o e $G multivolume -m "$URL_BASE/default.tar.gz" --archive -e mvdef
if [ "$RC" -eq 0 ] && gzip -dc mvdef/default.tar.gz | tar -tvf - | grep -q ' ./var/lib/app/sparse$' \
	&& gzip -dc mvdef/default.tar.gz | grep -qa 'GNU.sparse.realsize=8388608'; then
	ok "default multivolume --archive: sparse files stay sparse (pax sparse)"
else fail "default multivolume sparse" "rc=$RC" "$(cat e)"; fi
if command -v bsdtar >/dev/null 2>&1; then
	mkdir bsdx; bsdtar -xzf mvdef/default.tar.gz -C bsdx
	[ "$(stat -c %s bsdx/var/lib/app/sparse)" = 8388608 ] && [ "$(stat -c %b bsdx/var/lib/app/sparse)" -lt 64 ] \
		&& ok "libarchive (bsdtar) restores it without writing the holes" || fail "bsdtar sparse" "$(stat -c '%s %b' bsdx/var/lib/app/sparse)"
else skip "libarchive's extraction of the sparse file" "bsdtar is not installed (Debian package libarchive-tools)"; fi

# The shell-script init container (--init-image) unpacks with busybox's tar,
# which does not read pax sparse files: the holes go in as zeros.
run_cmd o e $G multivolume -m "$URL_BASE/web.tar.gz" --init-image busybox --archive -e mv --check-url
cp mv/web.tar.gz "$www/"
sum=$(sha256sum mv/web.tar.gz | cut -d' ' -f1)
[ "$RC" -eq 0 ] && grep -q "SHA-256 $sum" o && ok "multivolume --archive writes the archive named by the URL" || fail "mv archive" "$(cat e)"
grep -q "check-url: $URL_BASE/web.tar.gz is unreachable\|warning: --check-url: .*answers HTTP 404" e \
	&& ok "--check-url before the upload: HTTP 404 is a warning" || fail "check-url 404" "$(cat e)"
run_cmd o e $G multivolume -m "$URL_BASE/web.tar.gz" --init-image busybox --image-sha256 "$sum" --check-url -o json
grep -q "check-url: $URL_BASE/web.tar.gz answers HTTP 200, $(stat -c %s mv/web.tar.gz) bytes" e \
	&& ok "--check-url after the upload: HTTP 200 and the size" || fail "check-url 200" "$(cat e)"
grep -q "\"LEAPP_IMAGE_SHA256\"" o && grep -q "\"$sum\"" o && ok "the SHA-256 reaches the init container as an env value" || fail "sha env" "$(cat o)"
! grep -q 'GNUSparseFile' mv/web.tar.gz 2>/dev/null && ! gzip -dc mv/web.tar.gz | tar -tvf - | grep -q GNUSparse \
	&& ok "with --init-image (busybox's tar): no pax sparse files" || fail "sparse in multivolume archive"

python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); p=[i for i in d["items"] if i["kind"]=="Pod"][0]; print(p["spec"]["initContainers"][0]["command"][2])' o >init.sh
grep -q 'sha256sum' init.sh && ok "the init script verifies the download" || fail "init script" "$(cat init.sh)"
w=$T_TMP/work
# run_init SHA: runs the script with busybox's applets only, /work-dir and
# /tmp rooted in the test directory; the volumes are the machine's carried dirs.
run_init() {
	sed -e "s|/work-dir|$w|g" -e "s|/tmp/leapp-image|$T_TMP/leapp-image|g" init.sh >init.local.sh
	mkdir -p "$w"
	for d in data etc opt srv usr var; do mkdir -p "$w/$d"; done
	set +e
	env -i PATH="$T_TMP/bin" LEAPP_IMAGE_URL="$URL" LEAPP_IMAGE_SHA256="$1" "$(command -v busybox)" sh init.local.sh >io 2>ie
	RC=$?
	set -e
}
volumes_empty() { [ -z "$(find "$w/data" "$w/etc" "$w/opt" "$w/srv" "$w/usr" "$w/var" -mindepth 1)" ]; }

URL=$URL_BASE/web.tar.gz
mkdir -p "$w/etc"; printf 'old' >"$w/etc/stale"
run_init "$sum"
if [ "$RC" -eq 0 ] && grep -q 'matches its SHA-256' io && [ "$(cat "$w/var/www/html/index.html")" = '<h1>migrated</h1>' ]; then
	ok "busybox: a good download is verified and unpacked"
else fail "busybox good download" "rc=$RC" "$(cat ie)" "$(cat io)"; fi
if [ "$(id -u)" -eq 0 ]; then
	[ "$(stat -c '%u:%g %a' "$w/var/lib/app/db")" = "$owner 640" ] && ok "busybox: owners and modes as on the machine" \
		|| fail "busybox owners" "$(stat -c '%u:%g %a' "$w/var/lib/app/db")"
else
	[ "$(stat -c '%a' "$w/var/lib/app/db")" = 640 ] && ok "busybox: modes as on the machine" || fail "busybox modes" "$(stat -c '%a' "$w/var/lib/app/db")"
	skip "busybox: owners as on the machine" "needs root: another owner is given with chown, and only root extracts it"
fi
[ ! -e "$w/etc/stale" ] && ok "busybox: what a failed attempt left is removed first" || fail "stale file kept"
[ -d "$w/var/log/journal/fedcba9876543210fedcba9876543210" ] && ok "busybox: the journal directory is made" || fail "journal dir"
[ "$(stat -c %s "$w/var/lib/app/sparse")" = 8388608 ] && ok "busybox: the sparse file is a file of its size" || fail "sparse via busybox"

run_init 0000000000000000000000000000000000000000000000000000000000000000
if [ "$RC" -ne 0 ] && grep -q "SHA-256 mismatch: the machine image from $URL hashes to $sum, not 0000" ie && volumes_empty; then
	ok "busybox: a SHA-256 mismatch fails, says so, and leaves the volumes empty"
else fail "busybox mismatch" "rc=$RC" "$(cat ie)" "$(ls -A "$w/etc")"; fi

head -c $(($(stat -c %s mv/web.tar.gz) / 2)) mv/web.tar.gz >"$www/cut.tar.gz"
URL=$URL_BASE/cut.tar.gz
run_init "$sum"
[ "$RC" -ne 0 ] && grep -q 'cannot download or unpack the machine image' ie && volumes_empty \
	&& ok "busybox: a truncated download fails and leaves nothing" || fail "busybox truncated" "rc=$RC" "$(cat ie)"
URL=$URL_BASE/missing.tar.gz
run_init "$sum"
[ "$RC" -ne 0 ] && grep -q 'cannot download or unpack' ie && volumes_empty \
	&& ok "busybox: a missing file (404) fails and leaves nothing" || fail "busybox 404" "rc=$RC" "$(cat ie)"

# A machine-id that is not 32 hex digits makes no directory: "../" in it
# once made one outside the volumes.
cp -a "$m" "$root/badid"
printf '../../../../escaped\n' >"$root/badid/etc/machine-id"
GB="$OC_LEAPP generate --root $root -c badid"
run_cmd o e $GB multivolume -m "$URL_BASE/badid.tar.gz" --init-image busybox --archive -e badmv
cp badmv/badid.tar.gz "$www/"
bsum=$(sha256sum badmv/badid.tar.gz | cut -d' ' -f1)
run_cmd o e $GB multivolume -m "$URL_BASE/badid.tar.gz" --init-image busybox --image-sha256 "$bsum" -o json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); p=[i for i in d["items"] if i["kind"]=="Pod"][0]; print(p["spec"]["initContainers"][0]["command"][2])' o >init.sh
URL=$URL_BASE/badid.tar.gz
rm -rf "$w"
run_init "$bsum"
if [ "$RC" -eq 0 ] && [ ! -e "$T_TMP/escaped" ] && [ ! -e "$w/escaped" ] && [ -z "$(ls -A "$w/var/log/journal" 2>/dev/null)" ] \
	&& grep -q 'not 32 hexadecimal digits' ie; then
	ok "busybox: a machine-id with ../ makes no directory, and says so"
else fail "bad machine-id" "rc=$RC" "$(cat ie)" "$(ls -A "$T_TMP" "$w/var/log/journal" 2>&1)"; fi
URL=$URL_BASE/web.tar.gz

# The legacy annotation form takes the SHA-256 as $2.
run_cmd o e $G multivolume -m "$URL_BASE/web.tar.gz" --image-sha256 "$sum" --legacy-init-annotation -o json
grep -q '\$2' o && grep -q "$sum" o && ok "legacy form: URL and SHA-256 as arguments, never shell text" || fail "legacy" "$(cat o)"

# Without a SHA-256 the script is the plain stream, and the user is told.
run_cmd o e $G multivolume -m "$URL_BASE/web.tar.gz" -e plain --init-image busybox
grep -q 'cannot check the download: give --image-sha256' o && grep -q 'oc leapp archive .* --no-sparse$' o \
	&& grep -q "busybox's tar (the init container) restores no sparse files" o \
	&& ok "without a SHA-256: the next steps say how to get one; busybox's limits are named" || fail "no sha steps" "$(cat o)"
run_cmd o e $G multivolume -m "$URL_BASE/web.tar.gz" -e plain2
grep -q 'oc leapp archive -c centos7-web --root [^ ]* --output plain2/web.tar.gz$' o \
	&& ok "leapp-init fetch: the archive step keeps sparse files (no --no-sparse)" || fail "fetch archive step" "$(cat o)"

# --check-url: a server without HEAD gets a ranged GET; an unreachable one a warning.
stop; serve nohead
run_cmd o e $G multivolume -m "$URL_BASE/web.tar.gz" --image-sha256 "$sum" --check-url -o yaml
grep -q "answers HTTP 206, $(stat -c %s mv/web.tar.gz) bytes" e && ok "--check-url falls back to a ranged GET" || fail "ranged GET" "$(cat e)"
stop
run_cmd o e $G multivolume -m "$URL_BASE/web.tar.gz" --image-sha256 "$sum" --check-url -o yaml
[ "$RC" -eq 0 ] && grep -q "is unreachable from here (.*); the pods' network may differ" e && no_sanitizer_report e \
	&& ok "--check-url on an unreachable server: a warning, not a failure" || fail "unreachable" "rc=$RC" "$(cat e)"
trap 'rm -rf "$T_TMP"' EXIT
summary
