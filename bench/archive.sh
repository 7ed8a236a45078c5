#!/bin/sh
# make bench: the machine image against what a user would otherwise run, on
# the same trees, side by side: GNU tar -czf (the seeds' command), tar | pigz,
# bsdtar, tar -I zstd, and ours with gzip and zstd; then a tree of 200000
# tiny files (headers), the sizing walk against du -sb, and peak memory.
# Wall times are the best of BENCH_RUNS rounds (default 3), with the CPU
# time of that run: the machine may be shared. The goals: gzip in at most 0.6x tar -czf's time on two cores, its
# size within 2%; tiny files within 1.1x bsdtar's size (--whole-seconds:
# bsdtar and tar -czf store whole seconds too); the walk within 1.5x du -sb.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
prog=${OC_LEAPP_BENCH:-$top/oc-leapp}
runs=${BENCH_RUNS:-3}
[ -x "$prog" ] || { echo "bench: build ./oc-leapp first (make)"; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is needed (Debian package time: make deps)"; exit 1; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/oc-leapp-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM

# A machine of realistic shape: this host's headers, Python library and man
# pages (many small files: text, bytecode, already-compressed pages), one
# incompressible 16 MiB file, one sparse 128 MiB image.
mkdir -p "$dir/roots/small/etc" "$dir/roots/small/usr/lib" "$dir/roots/small/usr/share" "$dir/roots/small/var/lib/db"
printf 'ID="centos"\nVERSION_ID="7"\n' >"$dir/roots/small/etc/os-release"
for d in /usr/include /usr/lib/python3.11 /usr/share/man; do
	[ -d "$d" ] && cp -a "$d" "$dir/roots/small${d%/*}/"
done
head -c 16777216 /dev/urandom >"$dir/roots/small/var/lib/db/blob.bin"
truncate -s 128M "$dir/roots/small/var/lib/db/sparse.img"
printf 'end' >>"$dir/roots/small/var/lib/db/sparse.img"
# 200000 tiny files, written just now: their times have sub-second parts.
python3 - "$dir/roots/tiny" <<'PY'
import os, sys
top = sys.argv[1]
os.makedirs(top + "/etc")
open(top + "/etc/os-release", "w").write('ID="centos"\nVERSION_ID="7"\n')
for i in range(200000):
    d = "%s/usr/share/pkg%03d/sub%02d" % (top, i % 400, (i // 400) % 10)
    if i < 4000:
        os.makedirs(d)
    with open("%s/f%06d" % (d, i), "wb") as f:
        f.write(b"x" * (i % 64))
PY

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
size() { stat -c %s "$1"; }
mb() { awk -v n="$1" 'BEGIN { printf "%.1f MiB", n / 1048576 }'; }
have() { command -v "$1" >/dev/null 2>&1; }
# Each tool runs once per round, the rounds one after another, so that a
# load from elsewhere weighs on all of them alike; kept: the shortest wall
# time and the CPU time (user + system, of every process) of that run.
# measure KEY CMD...: one run; W_KEY and C_KEY keep the best.
measure() {
	key=$1; shift
	/usr/bin/time -f '%e %U %S' -o "$dir/time.out" "$@"
	set -- $(tail -1 "$dir/time.out")
	eval "w=\${W_$key:-}"
	if [ -z "$w" ] || awk -v a="$1" -v b="$w" 'BEGIN { exit !(a < b) }'; then
		eval "W_$key=$1 C_$key=$(awk -v u="$2" -v s="$3" 'BEGIN { printf "%.2f", u + s }')"
	fi
}
# row NAME KEY FILE [BASE_KEY BASE_FILE]: one line of the table
row() {
	eval "w=\$W_$2 c=\$C_$2"
	printf '  %-32s %7ss %7ss  %11s' "$1" "$w" "$c" "$(mb "$(size "$3")")"
	if [ $# -ge 5 ]; then
		eval "bw=\$W_$4"
		printf '   time %5sx  size %5sx' "$(ratio "$w" "$bw")" "$(ratio "$(size "$3")" "$(size "$5")")"
	fi
	printf '\n'
}
header() { printf '  %-32s %8s %8s  %11s\n' "" "wall" "cpu" "size"; }
verdict() { awk -v v="$2" -v lim="$3" -v op="$4" 'BEGIN { ok = (op == "le" ? v <= lim : v >= lim); exit !ok }' && r=met || r="NOT met"; printf '  goal: %s: %s\n' "$1" "$r"; }

src=$dir/roots/small
du -sb "$src" >/dev/null; du -sb "$dir/roots/tiny" >/dev/null	# a warm cache for everyone
data=$(du -sb --apparent-size "$src" | cut -f1)
echo "bench archive: $(mb "$data") apparent in $(find "$src" | wc -l) entries ($(nproc) CPUs, best of $runs runs)"
cd "$dir"

round=0
while [ $round -lt "$runs" ]; do
	round=$((round + 1))
	measure tar tar -czf tar.tgz -C "$src" .
	! have pigz || measure pigz sh -c "tar -cf - -C '$src' . | pigz -6 > pigz.tgz"
	! have bsdtar || measure bsd bsdtar -czf bsd.tgz -C "$src" .
	! have zstd || measure tzst tar -I 'zstd -3 -T0' -cf tar.tzst -C "$src" .
	measure gz "$prog" archive --root "$dir/roots" -c small -f ours.tgz -q --force
	measure zst "$prog" archive --root "$dir/roots" -c small -f ours.tar.zst -q --force
done >/dev/null 2>&1
header
row "tar -czf (gzip -6)" tar tar.tgz
! have pigz || row "tar -cf - | pigz -6" pigz pigz.tgz tar tar.tgz
! have bsdtar || row "bsdtar -czf" bsd bsd.tgz tar tar.tgz
! have zstd || row "tar -I 'zstd -3 -T0'" tzst tar.tzst tar tar.tgz
row "oc-leapp archive (gzip 6)" gz ours.tgz tar tar.tgz
row "oc-leapp archive -z zstd (3)" zst ours.tar.zst tar tar.tgz
! have pigz || printf '  oc-leapp gzip against tar | pigz: time %sx, size %sx\n' "$(ratio "$W_gz" "$W_pigz")" \
	"$(ratio "$(size ours.tgz)" "$(size pigz.tgz)")"
! have bsdtar || printf '  oc-leapp gzip against bsdtar -czf: time %sx, size %sx\n' "$(ratio "$W_gz" "$W_bsd")" \
	"$(ratio "$(size ours.tgz)" "$(size bsd.tgz)")"
verdict "gzip time <= 0.6x tar -czf ($(ratio "$W_gz" "$W_tar")x)" "$(ratio "$W_gz" "$W_tar")" 0.6 le
verdict "gzip size within 2% of tar -czf ($(ratio "$(size ours.tgz)" "$(size tar.tgz)")x)" \
	"$(awk -v a="$(size ours.tgz)" -v b="$(size tar.tgz)" 'BEGIN { d = a / b - 1; print (d < 0 ? -d : d) }')" 0.02 le
rm -f ./*.tgz ./*.tzst ./*.zst ./*.sha256

# Headers: 200000 tiny files.
tiny=$dir/roots/tiny
echo "tiny files: $(find "$tiny" | wc -l) entries"
round=0
while [ $round -lt "$runs" ]; do
	round=$((round + 1))
	! have bsdtar || measure tbsd bsdtar -czf bsd.tgz -C "$tiny" .
	measure ttar tar -czf tar.tgz -C "$tiny" .
	measure tours "$prog" archive --root "$dir/roots" -c tiny -f ours.tgz -q --force
	measure twhole "$prog" archive --root "$dir/roots" -c tiny -f whole.tgz -q --force --whole-seconds
	measure du du -sb "$tiny"
	measure walk "$prog" generate stateful --root "$dir/roots" -c tiny -s sa --base-image registry.example/base:7 -o yaml
done >/dev/null 2>&1
header
if have bsdtar; then
	row "bsdtar -czf" tbsd bsd.tgz
	row "tar -czf" ttar tar.tgz tbsd bsd.tgz
	row "oc-leapp archive (exact times)" tours ours.tgz tbsd bsd.tgz
	row "oc-leapp archive --whole-seconds" twhole whole.tgz tbsd bsd.tgz
	verdict "tiny files within 1.1x bsdtar's size, whole seconds as it stores ($(ratio "$(size whole.tgz)" "$(size bsd.tgz)")x)" \
		"$(ratio "$(size whole.tgz)" "$(size bsd.tgz)")" 1.1 le
else
	echo "  bsdtar is not installed (Debian package libarchive-tools): no comparison"
	row "tar -czf" ttar tar.tgz
	row "oc-leapp archive (exact times)" tours ours.tgz ttar tar.tgz
	row "oc-leapp archive --whole-seconds" twhole whole.tgz ttar tar.tgz
fi
echo "  (exact times keep each file's sub-second part: a pax record per file, which bsdtar and tar -czf drop)"
rm -f ./*.tgz ./*.sha256

# The sizing walk (generate stateful measures every carried directory).
printf '  %-32s %7ss %7ss\n' "du -sb" "$W_du" "$C_du"
printf '  %-32s %7ss %7ss   %sx of du -sb\n' "oc-leapp sizing walk (stateful)" "$W_walk" "$C_walk" "$(ratio "$W_walk" "$W_du")"

# Peak memory for two tree sizes: it must not grow with the tree.
/usr/bin/time -f %M -o rss1 "$prog" archive --root "$dir/roots" -c small -f - -q -z none 2>/dev/null >/dev/null
/usr/bin/time -f %M -o rss2 "$prog" archive --root "$dir/roots" -c tiny -f - -q -z none 2>/dev/null >/dev/null
/usr/bin/time -f %M -o rss3 "$prog" archive --root "$dir/roots" -c tiny -f - -q 2>/dev/null >/dev/null
printf '  %-32s %s KiB (small), %s KiB (tiny), %s KiB (tiny, gzip threads)\n' "peak RSS (archive)" \
	"$(tail -1 rss1)" "$(tail -1 rss2)" "$(tail -1 rss3)"
