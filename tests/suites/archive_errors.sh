#!/bin/sh
# oc-leapp archive on bad input: one clear line, a non-zero exit, and never a
# partial archive or a temporary file left behind.
set -eu
. "$(dirname "$0")/../lib.sh"

root=$T_TMP/roots
m=$root/web
mkdir -p "$m/etc" "$m/var/data" "$T_TMP/out"
printf 'ID=centos\n' >"$m/etc/os-release"
head -c 2000000 /dev/urandom >"$m/var/data/blob"
cd "$T_TMP"

# nothing_left DIR: no archive, no checksum, no temporary file in DIR.
nothing_left() { [ -z "$(ls -A "$1")" ]; }
# one_error FILE: stderr is one "oc-leapp: error:" line (and no sanitizer report).
one_error() { [ "$(grep -c . "$1")" -eq 1 ] && grep -q '^oc-leapp: error: ' "$1" && no_sanitizer_report "$1"; }

expect() {	# NAME RC PATTERN CMD...: the command fails with RC and says PATTERN
	name=$1 want=$2 pat=$3; shift 3
	run_cmd o e "$@"
	if [ "$RC" -eq "$want" ] && one_error e && grep -q -- "$pat" e && nothing_left "$T_TMP/out"; then ok "$name"
	else fail "$name" "rc=$RC (want $want)" "$(cat e)"; fi
}

A="$OC_LEAPP archive --root $root"
expect "no -c: usage error" 2 'required flag "container-name"' $A -f out/x.tar.gz
expect "missing machine" 1 'machine "nope" not found' $A -c nope -f out/x.tar.gz
expect "a path is not a name" 2 'not a path' $A -c ../roots/web -f out/x.tar.gz
expect "an absolute path is not a name" 2 'not a path' $A -c /etc -f out/x.tar.gz
expect "unknown compression" 2 'invalid value "lz4" for --compression' $A -c web -z lz4 -f out/x.tar.gz
expect "gzip level 10" 2 'invalid --level 10 for gzip: use 1 to 9' $A -c web --level 10 -f out/x.tar.gz
expect "zstd level 0" 2 'invalid --level 0 for zstd' $A -c web -z zstd --level 0 -f out/x.tar.zst
expect "a level without compression" 2 '--level needs a compression' $A -c web -z none --level 3 -f out/x.tar
expect "a compression the output name contradicts" 2 "--compression gzip does not match the output name out/x.tar.xz (xz)" $A -c web -z gzip -f out/x.tar.xz
expect "a level that is not a number" 2 'not a number' $A -c web --level fast -f out/x.tar.gz
expect "negative threads" 2 'invalid --threads -1' $A -c web -z zstd --threads -1 -f out/x.tar.zst
expect "an argument too many" 2 'unexpected argument "extra"' $A -c web extra -f out/x.tar.gz
expect "output directory missing" 1 'cannot write out/missing/x.tar.gz: directory out/missing' $A -c web -f out/missing/x.tar.gz
expect "output is a directory" 2 'give a file name' $A -c web -f out/

# An existing archive is kept unless --force.
printf 'old' >out/web.tar.gz
run_cmd o e $A -c web -f out/web.tar.gz
[ "$RC" -eq 1 ] && one_error e && grep -q 'already exists (use --force' e && [ "$(cat out/web.tar.gz)" = old ] \
	&& [ "$(ls -A out)" = web.tar.gz ] && ok "an existing output is kept without --force" || fail "existing output" "$RC" "$(cat e)"
run_cmd o e $A -c web -f out/web.tar.gz --force
[ "$RC" -eq 0 ] && tar -tzf out/web.tar.gz >/dev/null && (cd out && sha256sum -c web.tar.gz.sha256 >/dev/null 2>&1) \
	&& [ "$(ls -A out | wc -l)" -eq 2 ] && ok "--force replaces it (and its .sha256)" || fail "--force" "$(cat e)"
rm -f out/*
printf 'old' >out/web.tar.gz.sha256
run_cmd o e $A -c web -f out/web.tar.gz
[ "$RC" -eq 1 ] && one_error e && grep -q 'web.tar.gz.sha256 already exists' e && [ "$(cat out/web.tar.gz.sha256)" = old ] \
	&& [ "$(ls -A out)" = web.tar.gz.sha256 ] && ok "an existing .sha256 is kept without --force" || fail "sha kept" "$(cat e)"
rm -f out/*

# --force cannot replace a directory (the archive or its .sha256): said before
# any work, and no archive is left without its checksum.
mkdir out/web.tar.gz.sha256
run_cmd o e $A -c web -f out/web.tar.gz --force
[ "$RC" -eq 1 ] && one_error e && grep -q 'cannot replace out/web.tar.gz.sha256: it is a directory' e \
	&& [ "$(ls -A out)" = web.tar.gz.sha256 ] && ok "--force over a directory named .sha256 leaves nothing" \
	|| fail "--force over a .sha256 directory" "rc=$RC" "$(cat e)" "$(ls -A out)"
rmdir out/web.tar.gz.sha256
mkdir out/web.tar.gz
run_cmd o e $A -c web -f out/web.tar.gz --force
[ "$RC" -eq 1 ] && one_error e && grep -q 'cannot replace out/web.tar.gz: it is a directory' e \
	&& [ "$(ls -A out)" = web.tar.gz ] && ok "--force over a directory: refused before the work" \
	|| fail "--force over a directory" "rc=$RC" "$(cat e)" "$(ls -A out)"
rmdir out/web.tar.gz

# A full disk: ulimit -f makes writes fail with EFBIG (SIGXFSZ is ignored).
run_cmd o e sh -c "ulimit -f 200; exec $A -c web -z none -f out/x.tar"
[ "$RC" -eq 1 ] && one_error e && grep -q 'cannot write out/x.tar: File too large; no archive was written' e && nothing_left out \
	&& ok "a write that fails (file size limit) leaves nothing" || fail "ulimit -f" "rc=$RC" "$(cat e)" "$(ls -A out)"
if mkdir -p "$T_TMP/small" && mount -t tmpfs -o size=512k tmpfs "$T_TMP/small" 2>/dev/null; then
	run_cmd o e $A -c web -z none -f "$T_TMP/small/x.tar"
	[ "$RC" -eq 1 ] && one_error e && grep -q 'No space left on device' e && nothing_left "$T_TMP/small" \
		&& ok "a full disk (512 KiB tmpfs) leaves nothing" || fail "full tmpfs" "rc=$RC" "$(cat e)" "$(ls -A "$T_TMP/small")"
	umount "$T_TMP/small"
else
	skip "a full disk (512 KiB tmpfs)" "mounting a tmpfs needs root (or a kernel that allows it); ulimit -f covers a failed write"
fi

# A reader that goes away: EPIPE, not a silent kill.
set +e
$A -c web -z none -f - 2>e | head -c 10 >/dev/null
set -e
grep -q 'cannot write standard output: Broken pipe' e && one_error e && ok "a closed pipe on -f - is a clear error" || fail "EPIPE" "$(cat e)"

# Interrupted: SIGINT and SIGTERM mid-run (xz -9 on incompressible data is slow).
head -c 12000000 /dev/urandom >"$m/var/data/slow"
for sig in INT TERM; do
	set +e
	$OC_LEAPP_PLAIN archive --root "$root" -c web -z xz --level 9 --threads 1 -f out/x.tar.xz 2>e &
	pid=$!
	sleep 1
	kill -s "$sig" "$pid"
	wait "$pid"; RC=$?
	set -e
	if [ "$RC" -eq 1 ] && one_error e && grep -q 'interrupted by .*: no archive was written' e && nothing_left out; then
		ok "SIG$sig mid-run: one line, exit 1, nothing left"
	else fail "SIG$sig mid-run" "rc=$RC" "$(cat e)" "$(ls -A out)"; fi
done
rm -f "$m/var/data/slow"

# Without /proc a link's attributes cannot be read safely: said, not guessed
# (the plain build: the sanitizers need /proc themselves).
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1 && unshare -m true 2>/dev/null; then
	ln -sf os-release "$m/etc/link"
	run_cmd o e unshare -m sh -c "umount -l /proc && exec $OC_LEAPP_PLAIN archive --root $root -c web -f out/x.tar.gz"
	[ "$RC" -eq 1 ] && one_error e && grep -q 'cannot read the attributes of .*/etc/link: /proc is not mounted' e && nothing_left out \
		&& ok "no /proc: one clear line, nothing left" || fail "no /proc" "rc=$RC" "$(cat e)"
	rm -f "$m/etc/link"
else skip "archive without /proc" "needs root and unshare -m"; fi

# Unreadable files: root reads everything, so as root this runs as nobody;
# anyone else cannot read a file of mode 000 anyway.
if [ "$(id -u)" -ne 0 ] || { id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null 2>&1; }; then
	u=$T_TMP/user; mkdir -p "$u/roots/web/etc" "$u/roots/web/srv/locked" "$u/out"
	printf 'ID=centos\n' >"$u/roots/web/etc/os-release"
	printf 'secret' >"$u/roots/web/etc/shadow"; chmod 000 "$u/roots/web/etc/shadow"
	printf 'x' >"$u/roots/web/srv/locked/inside"
	# listable but not searchable: its names are known, each one is reported
	mkdir -p "$u/roots/web/srv/nox"; printf a >"$u/roots/web/srv/nox/a"; printf b >"$u/roots/web/srv/nox/b"
	if [ "$(id -u)" -eq 0 ]; then
		chown -R nobody:nogroup "$u"; chown root:root "$u/roots/web/etc/shadow"
		asuser() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
	else
		asuser() { "$@"; }
	fi
	chmod 000 "$u/roots/web/srv/locked"; chmod 644 "$u/roots/web/srv/nox"
	chmod 755 "$T_TMP" "$u"
	run_cmd o e asuser $OC_LEAPP archive --root "$u/roots" -c web -f "$u/out/web.tar.gz"
	[ "$RC" -eq 1 ] && one_error e && grep -q "cannot read $u/roots/web/etc/shadow: Permission denied (use --skip-unreadable" e \
		&& nothing_left "$u/out" && ok "an unreadable file fails the run, named, nothing left" || fail "unreadable file" "rc=$RC" "$(cat e)"
	run_cmd o e asuser $OC_LEAPP archive --root "$u/roots" -c web -f "$u/out/web.tar.gz" --skip-unreadable
	if [ "$RC" -eq 0 ] && grep -q "left out (cannot read): $u/roots/web/etc/shadow" e \
		&& grep -q "left out (cannot list its contents): $u/roots/web/srv/locked/ (the directory itself is archived, empty)" e \
		&& grep -q "left out (cannot read): $u/roots/web/srv/nox/a" e && grep -q "left out (cannot read): $u/roots/web/srv/nox/b" e \
		&& grep -q '4 unreadable entries left out' e && no_sanitizer_report e; then ok "--skip-unreadable leaves them out and lists each at the end"
	else fail "--skip-unreadable" "rc=$RC" "$(cat e)"; fi
	tar -tzf "$u/out/web.tar.gz" >list
	! grep -q shadow list && grep -q '^./srv/locked/$' list && grep -q '^./etc/os-release$' list \
		&& ok "... and the rest is archived (the locked directory itself too)" || fail "skip contents" "$(cat list)"
	rm -f "$u/out/"*
	chmod 555 "$u/out"
	run_cmd o e asuser $OC_LEAPP archive --root "$u/roots" -c web -f "$u/out/web.tar.gz" --skip-unreadable
	[ "$RC" -eq 1 ] && one_error e && grep -q "cannot write $u/out/web.tar.gz: Permission denied" e && nothing_left "$u/out" \
		&& ok "an unwritable output directory is a clear error" || fail "unwritable dir" "rc=$RC" "$(cat e)"
	chmod 755 "$u/out" "$u/roots/web/srv/locked" "$u/roots/web/srv/nox"	# for the clean-up
else
	skip "unreadable files" "as root they need the nobody user and setpriv to act as someone else"
fi
summary
