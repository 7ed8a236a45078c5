#!/bin/sh
# oc-leapp archive: a tree with every kind of file goes through our archive
# and GNU tar's extraction and comes out identical (owners, modes, times,
# links, devices, FIFOs, xattrs, ACLs, sparse files).
set -eu
. "$(dirname "$0")/../lib.sh"
if [ "$(id -u)" -ne 0 ]; then
	skip "the archive round trip" "needs root: the tree a migrated machine holds has device nodes and files of other owners (mknod, chown), and only root extracts them"
	summary
	exit 0
fi

root=$T_TMP/roots
m=$root/full
mkdir -p "$m"

# The manifest of a tree, one line per entry: what a faithful copy keeps.
cat >"$T_TMP/manifest.py" <<'PY'
import hashlib, os, stat, sys
top = sys.argv[1]
skip = set(sys.argv[2:])
links = {}
out = []
for d, dirs, files in os.walk(top):
    dirs.sort()
    for name in [None] + sorted(dirs + files):
        p = d if name is None else os.path.join(d, name)
        if name is not None and name in dirs:
            continue	# listed when walked into
        rel = os.path.relpath(p, top)
        if rel in skip:
            continue
        st = os.lstat(p)
        line = [rel, oct(st.st_mode), str(st.st_uid), str(st.st_gid)]
        if not stat.S_ISDIR(st.st_mode):
            line.append(str(st.st_mtime_ns))	# directories: the walk's order sets them
        else:
            line.append(str(st.st_mtime_ns))
        if stat.S_ISLNK(st.st_mode):
            line.append("->" + os.readlink(p))
        elif stat.S_ISREG(st.st_mode):
            h = hashlib.sha256()
            with open(p, "rb") as f:
                for b in iter(lambda: f.read(1 << 20), b""):
                    h.update(b)
            line += [str(st.st_size), h.hexdigest()]
            if st.st_nlink > 1:
                key = (st.st_dev, st.st_ino)
                line.append("link-group:" + links.setdefault(key, rel))
            if st.st_blocks * 512 < st.st_size // 2:
                line.append("sparse")
        elif stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
            line.append("dev:%d,%d" % (os.major(st.st_rdev), os.minor(st.st_rdev)))
        try:
            names = sorted(os.listxattr(p, follow_symlinks=False))
        except OSError:
            names = []
        for x in names:
            line.append("%s=%s" % (x, os.getxattr(p, x, follow_symlinks=False).hex()))
        out.append(" ".join(line))
print("\n".join(out))
PY

# The tree: every kind of entry a migrated machine holds.
mkdir -p "$m/etc" "$m/usr/bin" "$m/var/lib/data" "$m/dev" "$m/proc/1" "$m/sys/kernel" "$m/tmp" "$m/home/u" "$m/lost+found"
printf 'ID=centos\nVERSION_ID=7\n' >"$m/etc/os-release"
printf 'root:x:0:0::/root:/bin/bash\n' >"$m/etc/passwd"
printf 'secret\n' >"$m/etc/shadow"; chmod 0000 "$m/etc/shadow"
head -c 300000 /dev/urandom >"$m/usr/bin/su"; chmod 4755 "$m/usr/bin/su"
printf 'sgid' >"$m/usr/bin/wall"; chown 0:5 "$m/usr/bin/wall"; chmod 2755 "$m/usr/bin/wall"
chmod 1777 "$m/tmp"
printf 'owned' >"$m/home/u/file"; chown -R 1001:1002 "$m/home/u"
printf 'nobody-ish' >"$m/home/u/big-id"; chown 4000000:4000001 "$m/home/u/big-id"
ln "$m/usr/bin/su" "$m/usr/bin/su-again"
ln "$m/usr/bin/su" "$m/var/lib/su-third"
ln -s ../usr/bin/su "$m/etc/su-link"
ln -s /nonexistent/target "$m/etc/dangling"
ln -s "$(printf 'x%.0s' $(seq 1 150))" "$m/etc/long-link"
longdir=$m/var/$(printf 'd%.0s' $(seq 1 120))/$(printf 'e%.0s' $(seq 1 120))
mkdir -p "$longdir"; printf 'deep' >"$longdir/$(printf 'f%.0s' $(seq 1 100))"
printf 'ü' >"$m/home/u/$(printf 'caf\303\251 \n newline')"
mkfifo "$m/var/lib/data/fifo"
mknod "$m/dev/null" c 1 3
mknod "$m/var/lib/data/blk" b 7 200
mknod "$m/var/lib/data/chr" c 4 64
truncate -s 64M "$m/var/lib/data/sparse"
printf 'middle' | dd of="$m/var/lib/data/sparse" bs=1 seek=33554432 conv=notrunc 2>/dev/null
printf 'proc' >"$m/proc/1/status"; printf 'sys' >"$m/sys/kernel/x"
setfattr -n user.origin -v migrated "$m/etc/passwd"
setfattr -n trusted.leapp -v 1 "$m/var/lib/data"
setfattr -n security.capability -v 0sAQAAAgAgAAAAAAAAAAAAAAAAAAA= "$m/usr/bin/wall" 2>/dev/null || true
setfacl -m u:1001:rw,g:1002:r "$m/etc/passwd"
setfacl -d -m u:1001:rwx "$m/home/u"
touch -h -d '2015-06-01 12:00:00.123456789' "$m/etc/su-link"
touch -d '2012-01-02 03:04:05.5' "$m/etc/os-release"
touch -d '1999-12-31 23:59:59' "$m/etc"
selinux=0
if setfattr -n security.selinux -v 'system_u:object_r:etc_t:s0' "$m/etc/os-release" 2>/dev/null; then selinux=1; fi
python3 -c "import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])" "$m/var/lib/data/sock"
touch -d '2020-02-02' "$m/var/lib/data" "$m/proc" "$m/sys" "$m/dev" "$m/home/u" "$m"

if [ "$selinux" = 1 ]; then ok "security.selinux can be set here: it is part of the round trip"
else printf 'note security.selinux cannot be set on this kernel: not part of the round trip\n'; fi

# --- the round trip --------------------------------------------------------
cd "$T_TMP"
run_cmd out err "$OC_LEAPP" archive -c full --root "$root"
if [ "$RC" -eq 0 ] && [ -s full.tar.gz ] && no_sanitizer_report err; then ok "archive writes NAME.tar.gz"
else fail "archive writes NAME.tar.gz" "rc=$RC" "$(cat err)"; fi
grep -q 'var/lib/data/sock is a socket: not archived' err && ok "a socket is left out with a warning" || fail "socket warning" "$(cat err)"
[ "$(grep -c 'warning' err)" -eq 1 ] && ok "no other warning" || fail "no other warning" "$(cat err)"

sum=$(sha256sum full.tar.gz | cut -d' ' -f1)
grep -q "^SHA-256 $sum\$" out && ok "the SHA-256 printed is the archive's" || fail "printed SHA-256" "$sum" "$(cat out)"
sha256sum -c full.tar.gz.sha256 >/dev/null 2>&1 && ok "FILE.sha256 checks with sha256sum -c" || fail "sha256sum -c" "$(cat full.tar.gz.sha256)"
# The mode follows the umask, as tar's does; --private keeps it to its owner.
um=$(umask)
[ "$(stat -c %a full.tar.gz)" = "$(printf '%o' $((0666 & ~0$um)))" ] && [ "$(stat -c %a full.tar.gz.sha256)" = "$(printf '%o' $((0666 & ~0$um)))" ] \
	&& ok "the archive's mode follows the umask ($um), as tar's" || fail "archive mode" "$(stat -c %a full.tar.gz) with umask $um"
grep -q "^Next: .*mode 0$(printf '%o' $((0666 & ~0$um))): readable by every user here, the web server's included, and it holds the machine's secrets" out \
	&& ok "the next step says who can read it" || fail "next step (mode)" "$(cat out)"
(umask 077; "$OC_LEAPP" archive -c full --root "$root" -f um077.tar.gz -q >out077 2>&1)
[ "$(stat -c %a um077.tar.gz)" = 600 ] && grep -q "mode 0600 (the umask's): the web server's user (or whoever runs podman build) must be able to read it, e.g. chmod o+r um077.tar.gz" out077 \
	&& ok "umask 077: 0600, and the next step says the web server must be able to read it" || fail "umask 077" "$(stat -c %a um077.tar.gz)" "$(cat out077)"
(umask 002; "$OC_LEAPP" archive -c full --root "$root" -f priv.tar.gz -q --private >outpriv 2>&1)
[ "$(stat -c %a priv.tar.gz)" = 600 ] && [ "$(stat -c %a priv.tar.gz.sha256)" = 664 ] && grep -q "mode 0600 (--private)" outpriv \
	&& ok "--private: 0600 whatever the umask (the .sha256 is no secret)" || fail "--private" "$(stat -c %a priv.tar.gz)" "$(cat outpriv)"
rm -f um077.tar.gz* priv.tar.gz*

gzip -t full.tar.gz && ok "the archive is valid gzip" || fail "gzip -t"
tar -tvzf full.tar.gz >list 2>terr
[ ! -s terr ] && ok "GNU tar lists it without a warning" || fail "GNU tar warnings" "$(cat terr)"
grep -q ' ./var/lib/data/sparse$' list && ok "sparse file listed under its own name" || fail "sparse name" "$(grep sparse list)"
[ "$(grep -cE '^-rwsr-xr-x .* 300000 .* ./usr/bin/su$' list)" -eq 1 ] && [ "$(grep -c 'link to ./usr/bin/su$' list)" -eq 2 ] \
	&& ok "hard links stored once (sorted: usr/bin/su first), then as links" || fail "hard links" "$(grep su list)"
[ "$(grep -c ' 300000 ' list)" -eq 1 ] && ok "no second copy of hard-linked data" || fail "hard link data" "$(grep su list)"
run_cmd out err "$OC_LEAPP" archive -c full --root "$root" -f again.tar.gz
[ "$(gzip -dc again.tar.gz | sha256sum)" = "$(gzip -dc full.tar.gz | sha256sum)" ] && ok "the same tree gives the same tar stream" \
	|| fail "reproducible tar stream"
grep -qE ' ./proc/$' list && grep -qE ' ./sys/$' list && grep -qE ' ./dev/$' list \
	&& ok "dev, proc and sys are kept as directories" || fail "virtual dirs kept" "$(cat list)"
! grep -qE ' ./(proc/1|sys/kernel|dev/null)' list && ok "their contents are left out" || fail "virtual contents" "$(grep -E 'proc|sys|dev' list)"
grep -q ' 4000000/4000001 ' list && ok "owners stored as numbers, large ones too" || fail "numeric owners" "$(grep big-id list)"
! grep -qE ' root/| root ' list && ok "no user or group names stored" || fail "names stored" "$(head -3 list)"
gzip -dc full.tar.gz | grep -qa 'LIBARCHIVE.xattr' && fail "only SCHILY xattr headers" || ok "only SCHILY xattr headers (GNU tar reads them)"

mkdir x
tar --xattrs --xattrs-include='*' --acls --numeric-owner -xpzf full.tar.gz -C x 2>terr
[ ! -s terr ] && ok "GNU tar extracts it without a warning" || fail "GNU tar extract warnings" "$(cat terr)"
python3 manifest.py "$m" var/lib/data/sock proc/1 proc/1/status sys/kernel sys/kernel/x dev/null >want
python3 manifest.py x >got
if cmp -s want got; then ok "the extracted tree is identical ($(wc -l <want) entries)"
else fail "the extracted tree is identical" "$(diff want got | head -20)"; fi
# The manifest must see what we claim it checks, or the comparison proves nothing.
for k in 'usr/bin/su 0o104755' 'usr/bin/wall 0o102755 0 5' 'tmp 0o41777' 'system.posix_acl_access=' \
	'system.posix_acl_default=' 'user.origin=' 'trusted.leapp=' 'sparse' 'dev:7,200' 'dev:4,64' \
	'link-group:usr/bin/su' '->/nonexistent/target' '1580601600000000000' '1433160000123456789' 'etc/shadow 0o100000'; do
	grep -qF -- "$k" got && ok "round trip kept: $k" || fail "round trip kept: $k" "$(head -5 got)"
done
[ "$selinux" = 1 ] && { grep -q 'security.selinux=' got && ok "round trip kept: security.selinux" || fail "selinux label"; }
[ "$(stat -c %b x/var/lib/data/sparse)" -lt 1000 ] && ok "the sparse file is still sparse after extraction" \
	|| fail "sparse after extraction" "$(stat -c '%b blocks' x/var/lib/data/sparse)"
[ "$(stat -c %s full.tar.gz)" -lt 1000000 ] && ok "the 64 MiB hole is not stored" || fail "hole stored" "$(stat -c %s full.tar.gz)"

# --- compressions, stdout, levels ------------------------------------------
for c in zstd xz none; do
	run_cmd out err "$OC_LEAPP" archive -c full --root "$root" --compression "$c" -q
	case $c in zstd) f=full.tar.zst d="zstd -dc" ;; xz) f=full.tar.xz d="xz -dc" ;; *) f=full.tar d=cat ;; esac
	if [ "$RC" -eq 0 ] && [ -s "$f" ] && $d "$f" | tar -tf - >/dev/null 2>&1 && no_sanitizer_report err; then
		ok "--compression $c writes $f, readable by $d | tar"
	else fail "--compression $c" "rc=$RC" "$(cat err)"; fi
done
mkdir y
tar --xattrs --xattrs-include='*' --acls --numeric-owner -xpf full.tar -C y 2>/dev/null
python3 manifest.py y >got2
cmp -s want got2 && ok "uncompressed: identical tree too" || fail "uncompressed round trip" "$(diff want got2 | head)"
run_cmd out err "$OC_LEAPP" archive -c full --root "$root" --compression zstd --threads 2 --level 19 -f z19.tar.zst
[ "$RC" -eq 0 ] && zstd -t -q z19.tar.zst && ok "zstd with --threads 2 --level 19" || fail "zstd threads/level" "$(cat err)"

run_cmd stream.tgz err "$OC_LEAPP" archive -c full --root "$root" -f -
if [ "$RC" -eq 0 ] && tar -tzf stream.tgz >/dev/null 2>&1 && grep -q '^SHA-256 ' err && [ ! -e ./-.sha256 ] && [ ! -e ./- ]; then
	ok "-f - streams the archive; the summary goes to stderr"
else fail "-f - streams" "rc=$RC" "$(cat err)"; fi
grep -q "SHA-256 $(sha256sum stream.tgz | cut -d' ' -f1)" err && ok "the streamed archive's SHA-256 is printed" || fail "stream sha" "$(cat err)"

run_cmd out err "$OC_LEAPP" archive -c full --root "$root" --no-sparse -f nosparse.tar
[ "$(stat -c %s nosparse.tar)" -gt 60000000 ] && ! tar -tvf nosparse.tar | grep -q GNUSparse \
	&& ok "--no-sparse stores the holes as zeros" || fail "--no-sparse" "$(stat -c %s nosparse.tar)"

# The progress line: on a terminal only (script gives the run a pty), never with -q.
if ! command -v script >/dev/null 2>&1; then
	skip "the progress line on a terminal" "script (util-linux) is not installed to give the program a terminal"
else
	script -qec "$OC_LEAPP archive -c full --root $root -f tty.tar.gz" /dev/null >tty.out 2>&1 || true
	grep -q 'archiving: .* of .*, [0-9]* of [0-9]* entries, .*/s' tty.out && ok "a progress line on a terminal" || fail "progress on a tty" "$(cat -v tty.out | head -5)"
	script -qec "$OC_LEAPP archive -c full --root $root -f tty2.tar.gz -q" /dev/null >tty.out 2>&1 || true
	! grep -q 'archiving:' tty.out && grep -q '^Wrote tty2.tar.gz' tty.out && ok "no progress line with --quiet" || fail "--quiet on a tty" "$(cat -v tty.out | head -5)"
fi
! grep -q 'archiving:' err && ok "no progress line when stderr is not a terminal" || fail "progress off a tty"

# Hard links, owners and modes survive a busybox extraction too (the init container's tar).
if ! command -v busybox >/dev/null 2>&1; then
	skip "busybox extraction" "busybox is not installed (make deps installs it)"
else
	mkdir bb
	busybox tar -xzf full.tar.gz -C bb 2>bberr
	[ "$(stat -c %i bb/usr/bin/su)" = "$(stat -c %i bb/usr/bin/su-again)" ] && [ "$(stat -c %a bb/usr/bin/su)" = 4755 ] \
		&& [ "$(stat -c %u:%g bb/home/u/big-id)" = 4000000:4000001 ] && [ -p bb/var/lib/data/fifo ] \
		&& ok "busybox tar extracts links, modes, owners, FIFOs" || fail "busybox extraction" "$(cat bberr)"
fi
summary
