#!/bin/sh
# Sparse files on every path: a machine with a 1 TiB var/log/lastlog that
# holds a few records archives in seconds, its holes never read nor stored,
# and GNU tar, libarchive (bsdtar; leapp-init fetch links the same library)
# and leapp-init fetch itself restore it with its data, without writing the
# holes. --no-sparse (busybox's tar) stores holes as zeros, and a file that
# is only holes, beyond a GiB, empty with a warning naming it.
set -eu
. "$(dirname "$0")/../lib.sh"

root=$T_TMP/roots
m=$root/sparse
mkdir -p "$m/etc" "$m/var/log" "$m/var/lib"
printf 'ID=centos\nVERSION_ID=7\nmachine-id\n' >"$m/etc/os-release"
printf '0123456789abcdef0123456789abcdef\n' >"$m/etc/machine-id"
# lastlog: root's record at 0, nfsnobody's (uid 4294967294) at the end
truncate -s 1T "$m/var/log/lastlog"
printf 'root-record' | dd of="$m/var/log/lastlog" bs=1 conv=notrunc 2>/dev/null
printf 'nfsnobody-record' | dd of="$m/var/log/lastlog" bs=1 seek=$((1099511627776 - 16)) conv=notrunc 2>/dev/null
truncate -s 100G "$m/var/log/faillog"	# nothing but holes
truncate -s 10M "$m/var/lib/mixed"
printf 'middle' | dd of="$m/var/lib/mixed" bs=1 seek=5000000 conv=notrunc 2>/dev/null
head -c 100000 /dev/urandom >"$m/var/lib/dense"
if [ "$(stat -c %b "$m/var/log/lastlog")" -gt 1000 ]; then
	skip "sparse files" "this file system does not keep holes"
	summary; exit $?
fi
cd "$T_TMP"

start=$(date +%s)
run_cmd out err timeout 120 "$OC_LEAPP" archive -c sparse --root "$root" -f s.tar.gz
secs=$(($(date +%s) - start))
if [ "$RC" -eq 0 ] && no_sanitizer_report err && [ ! -s err ]; then ok "a 1 TiB lastlog and a 100 GiB faillog archive (${secs}s), without a warning"
else fail "sparse archive" "rc=$RC after ${secs}s" "$(cat err)"; fi
[ "$(stat -c %s s.tar.gz)" -lt 200000 ] && ok "the holes are not stored ($(stat -c %s s.tar.gz) bytes)" || fail "holes stored" "$(stat -c %s s.tar.gz)"
tar -tvzf s.tar.gz >list 2>terr
grep -q ' 1099511627776 .* ./var/log/lastlog$' list && grep -q ' 107374182400 .* ./var/log/faillog$' list && [ ! -s terr ] \
	&& ok "GNU tar lists them under their names and sizes" || fail "GNU tar listing" "$(cat list terr)"

# check DIR: the restored files have their data and no written holes
check() {
	d=$1 who=$2
	[ "$(stat -c %s "$d/var/log/lastlog")" = 1099511627776 ] && [ "$(stat -c %b "$d/var/log/lastlog")" -lt 1000 ] \
		&& [ "$(head -c 11 "$d/var/log/lastlog")" = root-record ] \
		&& [ "$(tail -c 16 "$d/var/log/lastlog")" = nfsnobody-record ] \
		&& ok "$who: lastlog restored with both records, its holes not written" \
		|| fail "$who: lastlog" "$(stat -c '%s %b' "$d/var/log/lastlog" 2>&1)"
	[ "$(stat -c %s "$d/var/log/faillog")" = 107374182400 ] && [ "$(stat -c %b "$d/var/log/faillog")" -lt 100 ] \
		&& ok "$who: faillog (only holes) restored at its size, nothing written" \
		|| fail "$who: faillog" "$(stat -c '%s %b' "$d/var/log/faillog" 2>&1)"
	cmp -s "$d/var/lib/mixed" "$m/var/lib/mixed" && cmp -s "$d/var/lib/dense" "$m/var/lib/dense" \
		&& ok "$who: the other files are identical" || fail "$who: other files"
}
mkdir gnu && tar -xzf s.tar.gz -C gnu --sparse && check gnu "GNU tar"
if command -v bsdtar >/dev/null 2>&1; then
	mkdir bsd && bsdtar -xzf s.tar.gz -C bsd && check bsd "libarchive (bsdtar)"
else skip "libarchive's extraction" "bsdtar is not installed (Debian package libarchive-tools)"; fi

# leapp-init fetch, the multivolume init container: from a local web server
init=${LEAPP_INIT:-$TOP/build/init/leapp-init}	# the real one (OC_LEAPP_INIT is a stand-in)
if [ -x "$init" ] && command -v busybox >/dev/null 2>&1; then
	mkdir www && cp s.tar.gz www/
	python3 -u -m http.server 0 --bind 127.0.0.1 --directory www >srv.log 2>&1 &
	srv=$!
	i=0; while ! grep -q 'port' srv.log && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' srv.log | head -1)
	mkdir -p work/etc work/var
	set +e
	LEAPP_IMAGE_URL="http://127.0.0.1:$port/s.tar.gz" LEAPP_IMAGE_SHA256="$(sha256sum s.tar.gz | cut -d' ' -f1)" \
		"$init" fetch -C "$T_TMP/work" --wget "$(command -v busybox)" >fetch.out 2>&1
	frc=$?
	set -e
	kill $srv 2>/dev/null; wait $srv 2>/dev/null || true
	if [ $frc -eq 0 ]; then check work "leapp-init fetch"; else fail "leapp-init fetch" "rc=$frc" "$(tail -5 fetch.out)"; fi
else
	skip "leapp-init fetch's extraction" "no $init (build it: make in init/) or no busybox"
fi

# --no-sparse, for busybox's tar: holes as zeros; only-holes files of more
# than a GiB empty, named in a warning (1 TiB of zeros would take hours).
mkdir -p "$root/flat/etc" "$root/flat/var/log"
cp "$m/etc/os-release" "$root/flat/etc/"
truncate -s 100G "$root/flat/var/log/faillog"
truncate -s 8M "$root/flat/var/log/small-holes"
cp --sparse=always "$m/var/lib/mixed" "$root/flat/var/log/mixed"
run_cmd out err timeout 120 "$OC_LEAPP" archive -c flat --root "$root" -f f.tar.gz --no-sparse
[ "$RC" -eq 0 ] && grep -q "warning: $root/flat/var/log/faillog is all holes (100.0 GiB of nothing): stored empty" err \
	&& [ "$(grep -c warning err)" -eq 1 ] && ok "--no-sparse: a 100 GiB file of holes is stored empty, with a warning naming it" \
	|| fail "--no-sparse all holes" "rc=$RC" "$(cat err)"
tar -tvzf f.tar.gz >flist
! grep -q GNUSparse flist && grep -q ' 0 .* ./var/log/faillog$' flist && grep -q ' 8388608 .* ./var/log/small-holes$' flist \
	&& ok "--no-sparse: no pax sparse entries; small holes stored as zeros" || fail "--no-sparse listing" "$(cat flist)"
if command -v busybox >/dev/null 2>&1; then
	mkdir bb && busybox tar -xzf f.tar.gz -C bb
	cmp -s bb/var/log/mixed "$m/var/lib/mixed" && [ "$(stat -c %s bb/var/log/small-holes)" = 8388608 ] \
		&& ok "busybox tar reads the --no-sparse archive" || fail "busybox --no-sparse"
fi
summary
