#!/bin/sh
# make bench: the machine image against what a user would otherwise run, on
# the same trees, side by side: GNU tar -czf (the seeds' command), tar | pigz,
# bsdtar, tar -I zstd, and ours with gzip and zstd; then a tree of 200000
# tiny files (headers), the sizing walk against du -sb, and peak memory.
# Wall times are the best of BENCH_RUNS runs (default 3): the machine may be
# shared. The goals: gzip in at most 0.6x tar -czf's time on two cores, its
# size within 2%; tiny files within 1.1x bsdtar's size (--whole-seconds:
# bsdtar and tar -czf store whole seconds too); the walk within 1.5x du -sb.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
prog=${OC_LEAPP_BENCH:-$top/oc-leapp}
runs=${BENCH_RUNS:-3}
[ -x "$prog" ] || { echo "bench: build ./oc-leapp first (make)"; exit 1; }
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
# best CMD...: runs CMD $runs times, T the shortest wall time
best() {
	T=""
	i=0
	while [ $i -lt "$runs" ]; do
		t0=$(now); "$@"; t1=$(now)
		t=$(secs "$t0" "$t1")
		T=$(awk -v a="${T:-$t}" -v b="$t" 'BEGIN { print (b < a ? b : a) }')
		i=$((i + 1))
	done
}
# row NAME FILE [BASE_T BASE_SIZE]: one line of the table
row() {
	printf '  %-32s %7ss  %11s' "$1" "$T" "$(mb "$(size "$2")")"
	[ $# -lt 4 ] || printf '   time %5sx  size %5sx' "$(ratio "$T" "$3")" "$(ratio "$(size "$2")" "$4")"
	printf '\n'
}
verdict() { awk -v v="$2" -v lim="$3" -v op="$4" 'BEGIN { ok = (op == "le" ? v <= lim : v >= lim); exit !ok }' && r=met || r="NOT met"; printf '  goal: %s: %s\n' "$1" "$r"; }

src=$dir/roots/small
du -sb "$src" >/dev/null; du -sb "$dir/roots/tiny" >/dev/null	# a warm cache for everyone
data=$(du -sb --apparent-size "$src" | cut -f1)
echo "bench archive: $(mb "$data") apparent in $(find "$src" | wc -l) entries ($(nproc) CPUs, best of $runs runs)"
cd "$dir"

best tar -czf tar.tgz -C "$src" .
t_tar=$T s_tar=$(size tar.tgz)
row "tar -czf (gzip -6)" tar.tgz
if have pigz; then
	best sh -c "tar -cf - -C '$src' . | pigz -6 > pigz.tgz"
	t_pigz=$T
	row "tar -cf - | pigz -6" pigz.tgz "$t_tar" "$s_tar"
fi
if have bsdtar; then
	best bsdtar -czf bsd.tgz -C "$src" .
	row "bsdtar -czf" bsd.tgz "$t_tar" "$s_tar"
fi
if have zstd; then
	best tar -I 'zstd -3 -T0' -cf tar.tzst -C "$src" .
	row "tar -I 'zstd -3 -T0'" tar.tzst "$t_tar" "$s_tar"
fi
best "$prog" archive --root "$dir/roots" -c small -o ours.tgz -q --force >/dev/null
t_gz=$T s_gz=$(size ours.tgz)
row "oc-leapp archive (gzip 6)" ours.tgz "$t_tar" "$s_tar"
best "$prog" archive --root "$dir/roots" -c small -o ours.tar.zst -q --force >/dev/null
row "oc-leapp archive -z zstd (3)" ours.tar.zst "$t_tar" "$s_tar"
[ -z "${t_pigz:-}" ] || printf '  oc-leapp gzip against tar | pigz: time %sx\n' "$(ratio "$t_gz" "$t_pigz")"
verdict "gzip time <= 0.6x tar -czf ($(ratio "$t_gz" "$t_tar")x)" "$(ratio "$t_gz" "$t_tar")" 0.6 le
verdict "gzip size within 2% of tar -czf ($(ratio "$s_gz" "$s_tar")x)" \
	"$(awk -v a="$s_gz" -v b="$s_tar" 'BEGIN { d = a / b - 1; print (d < 0 ? -d : d) }')" 0.02 le
rm -f ./*.tgz ./*.tzst ./*.zst ./*.sha256

# Headers: 200000 tiny files.
tiny=$dir/roots/tiny
echo "tiny files: $(find "$tiny" | wc -l) entries"
if have bsdtar; then
	best bsdtar -czf bsd.tgz -C "$tiny" .
	t_bsd=$T s_bsd=$(size bsd.tgz)
	row "bsdtar -czf" bsd.tgz
else
	echo "  bsdtar is not installed (Debian package libarchive-tools): no comparison"
	t_bsd=0 s_bsd=0
fi
best tar -czf tar.tgz -C "$tiny" .
row "tar -czf" tar.tgz "$t_bsd" "$s_bsd"
best "$prog" archive --root "$dir/roots" -c tiny -o ours.tgz -q --force >/dev/null
row "oc-leapp archive (exact times)" ours.tgz "$t_bsd" "$s_bsd"
best "$prog" archive --root "$dir/roots" -c tiny -o whole.tgz -q --force --whole-seconds >/dev/null
s_whole=$(size whole.tgz)
row "oc-leapp archive --whole-seconds" whole.tgz "$t_bsd" "$s_bsd"
[ "$s_bsd" = 0 ] || verdict "tiny files within 1.1x bsdtar's size, whole seconds as it stores ($(ratio "$s_whole" "$s_bsd")x)" \
	"$(ratio "$s_whole" "$s_bsd")" 1.1 le
echo "  (exact times keep each file's sub-second part: a pax record per file, which bsdtar and tar -czf drop)"
rm -f ./*.tgz ./*.sha256

# The sizing walk (generate stateful measures every carried directory).
best du -sb "$tiny" >/dev/null
t_du=$T
printf '  %-32s %7ss\n' "du -sb" "$t_du"
best sh -c "'$prog' generate stateful --root '$dir/roots' -c tiny -s sa --base-image registry.example/base:7 -o yaml >/dev/null 2>&1"
printf '  %-32s %7ss   %sx of du -sb\n' "oc-leapp sizing walk (stateful)" "$T" "$(ratio "$T" "$t_du")"

# Peak memory for two tree sizes: it must not grow with the tree.
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f %M -o rss1 "$prog" archive --root "$dir/roots" -c small -o - -q -z none 2>/dev/null >/dev/null
	/usr/bin/time -f %M -o rss2 "$prog" archive --root "$dir/roots" -c tiny -o - -q -z none 2>/dev/null >/dev/null
	/usr/bin/time -f %M -o rss3 "$prog" archive --root "$dir/roots" -c tiny -o - -q 2>/dev/null >/dev/null
	printf '  %-32s %s KiB (small), %s KiB (tiny), %s KiB (tiny, gzip threads)\n' "peak RSS (archive)" \
		"$(tail -1 rss1)" "$(tail -1 rss2)" "$(tail -1 rss3)"
else
	echo "  peak RSS: /usr/bin/time is not installed (Debian package time)"
fi
