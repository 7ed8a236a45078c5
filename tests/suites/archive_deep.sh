#!/bin/sh
# Paths longer than PATH_MAX: nothing needs a whole path to open a file, so
# a tree 5 KB deep archives (pax path records); GNU tar lists it and
# libarchive extracts it. An error about such a path still shows its reason.
set -eu
. "$(dirname "$0")/../lib.sh"

root=$T_TMP/roots
m=$root/deep
mkdir -p "$m/etc"
printf 'ID=centos\nVERSION_ID=7\n' >"$m/etc/os-release"
# 25 levels of 204-byte names (no mkdir -p can make it: PATH_MAX is 4096)
python3 - "$m" >"$T_TMP/deep.path" <<'PY'
import os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
os.mkdir("var", dir_fd=fd)
cur = os.open("var", os.O_RDONLY, dir_fd=fd)
parts = ["var"]
for i in range(25):
    name = ("d%02d" % i) + "x" * 200
    os.mkdir(name, dir_fd=cur)
    nxt = os.open(name, os.O_RDONLY, dir_fd=cur)
    os.close(cur)
    cur = nxt
    parts.append(name)
f = os.open("deepfile", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=cur)
os.write(f, b"deep content\n")
os.close(f)
os.symlink("t" * 3000, "longlink", dir_fd=cur)
print("/".join(parts))
PY
deep=$(cat "$T_TMP/deep.path")
cd "$T_TMP"
[ "${#deep}" -gt 4096 ] && ok "the tree is deeper than PATH_MAX (${#deep} bytes)" || fail "tree depth" "${#deep}"

run_cmd out err "$OC_LEAPP" archive -c deep --root "$root" -f deep.tar.gz
[ "$RC" -eq 0 ] && [ ! -s err ] && ok "archive writes it" || fail "deep archive" "rc=$RC" "$(head -c 2000 err)"
tar -tvzf deep.tar.gz >list 2>terr
grep -qF " ./$deep/deepfile" list && grep -qF "./$deep/longlink -> ttttt" list && [ ! -s terr ] \
	&& ok "GNU tar lists the whole names, and the 3000-byte link target" || fail "GNU tar listing" "$(head -c 300 terr)"
# libarchive makes deep directories by changing into them; its complaints
# about their owners (it fixes them up later by path) are not ours.
if command -v bsdtar >/dev/null 2>&1; then
	mkdir x
	bsdtar -xzf deep.tar.gz -C x 2>/dev/null || true
	got=$(python3 - "x/$deep" <<'PY'
import os, sys
fd = os.open(".", os.O_RDONLY)
for part in sys.argv[1].split("/"):
    nxt = os.open(part, os.O_RDONLY, dir_fd=fd)
    os.close(fd)
    fd = nxt
f = os.open("deepfile", os.O_RDONLY, dir_fd=fd)
print(os.read(f, 100).decode().strip(), len(os.readlink("longlink", dir_fd=fd)))
PY
)
	[ "$got" = "deep content 3000" ] && ok "libarchive (bsdtar) extracts the deep file and link" || fail "bsdtar deep" "$got"
else skip "libarchive's extraction" "bsdtar is not installed (Debian package libarchive-tools)"; fi

# The sizing walk (generate stateful) goes down too.
run_cmd out err "$OC_LEAPP" generate --root "$root" -c deep stateful -s sa --base-image registry.example/base:1 -o yaml
[ "$RC" -eq 0 ] && no_sanitizer_report err && ok "the sizing walk measures it" || fail "deep sizing" "rc=$RC" "$(head -c 2000 err)"

# An error about a 5 KB path: the one line keeps the reason (and the name
# of the file at its end); --skip-unreadable names it whole.
# Root reads any file: the error is met as nobody. A normal user meets it as
# itself (mode 0 keeps the owner out too).
as_user=""
[ "$(id -u)" -ne 0 ] || as_user="setpriv --reuid=nobody --regid=nogroup --clear-groups"
if [ -z "$as_user" ] || { id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null 2>&1; }; then
	chmod 755 "$T_TMP"
	python3 -c 'import os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
for part in sys.argv[2].split("/"):
    fd = os.open(part, os.O_RDONLY, dir_fd=fd)
os.chmod("deepfile", 0, dir_fd=fd)' "$m" "$deep"	# chmod(1) cannot reach it
	mkdir outdir && { [ -z "$as_user" ] || chown nobody outdir; }
	run_cmd out err $as_user "$OC_LEAPP" archive -c deep --root "$root" -f outdir/d.tar.gz
	line=$(cat err)
	if [ "$RC" -eq 1 ] && [ "$(grep -c . err)" -eq 1 ] && [ "${#line}" -lt 1100 ] \
		&& printf '%s' "$line" | grep -q 'deepfile: Permission denied (use --skip-unreadable to leave it out); no archive was written$'; then
		ok "the error about a 5 KB path keeps its reason (${#line} bytes)"
	else fail "long error" "rc=$RC" "$(tail -c 300 err)"; fi
	run_cmd out err $as_user "$OC_LEAPP" archive -c deep --root "$root" -f outdir/d.tar.gz --skip-unreadable
	[ "$RC" -eq 0 ] && grep -qF "left out (cannot read): $m/$deep/deepfile" err \
		&& ok "--skip-unreadable names the file whole" || fail "skip deep" "rc=$RC" "$(tail -c 300 err)"
else skip "errors about long paths" "no nobody user or setpriv"; fi
summary
