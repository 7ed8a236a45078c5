#!/bin/sh
# make bench: the machine image against what a user would otherwise run, in
# one run on one tree: GNU tar -czf (the seeds' command), tar | pigz, and for
# the sizing walk du -sb. Prints wall times, sizes and ratios; the goals are
# gzip no slower than tar -czf, zstd at most half its time and smaller, the
# walk within 1.5x of du -sb, and peak memory the same for a tree 10x larger.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
prog=${OC_LEAPP_BENCH:-$top/oc-leapp}
[ -x "$prog" ] || { echo "bench: build ./oc-leapp first (make)"; exit 1; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/oc-leapp-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM

# A machine of realistic shape: this host's headers, Python library and man
# pages (many small files: text, bytecode, already-compressed pages), one
# incompressible 16 MiB file, one sparse 128 MiB image; and a second tree of
# 100000 tiny files for the walk and the memory.
mkdir -p "$dir/roots/small/etc" "$dir/roots/small/usr/lib" "$dir/roots/small/usr/share" "$dir/roots/small/var/lib/db"
printf 'ID="centos"\nVERSION_ID="7"\n' >"$dir/roots/small/etc/os-release"
for d in /usr/include /usr/lib/python3.11 /usr/share/man; do
	[ -d "$d" ] && cp -a "$d" "$dir/roots/small${d%/*}/"
done
head -c 16777216 /dev/urandom >"$dir/roots/small/var/lib/db/blob.bin"
truncate -s 128M "$dir/roots/small/var/lib/db/sparse.img"
printf 'end' >>"$dir/roots/small/var/lib/db/sparse.img"
python3 - "$dir/roots/big" <<'PY'
import os, sys
top = sys.argv[1]
os.makedirs(top + "/etc")
open(top + "/etc/os-release", "w").write('ID="centos"\nVERSION_ID="7"\n')
for i in range(100000):
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
timeit() {	# NAME CMD...: runs CMD, sets T (seconds)
	t0=$(now); "$@"; t1=$(now); T=$(secs "$t0" "$t1")
}
src=$dir/roots/small
du -sb "$src" >/dev/null; du -sb "$dir/roots/big" >/dev/null	# a warm cache for everyone
data=$(du -sb --apparent-size "$src" | cut -f1)
nf=$(find "$src" | wc -l)
echo "bench archive: $(mb "$data") apparent in $nf entries ($(nproc) CPUs), one run each"

cd "$dir"
timeit tar -czf tar.tgz -C "$src" .
t_tar=$T
timeit "$prog" archive --root "$dir/roots" -c small -f ours.tgz -q >/dev/null
t_gz=$T
printf '  %-34s %7ss  %12s\n' "tar -czf (gzip -6)" "$t_tar" "$(mb "$(size tar.tgz)")"
printf '  %-34s %7ss  %12s  time %sx of tar -czf\n' "oc-leapp archive (gzip 6)" "$t_gz" "$(mb "$(size ours.tgz)")" "$(ratio "$t_gz" "$t_tar")"
if command -v pigz >/dev/null 2>&1; then
	timeit sh -c "tar -cf - -C '$src' . | pigz -6 > pigz.tgz"
	printf '  %-34s %7ss  %12s  time %sx of tar -czf\n' "tar -cf - | pigz -6" "$T" "$(mb "$(size pigz.tgz)")" "$(ratio "$T" "$t_tar")"
fi
timeit "$prog" archive --root "$dir/roots" -c small -f ours.tar.zst -q >/dev/null
printf '  %-34s %7ss  %12s  time %sx of tar -czf, size %sx\n' "oc-leapp archive --compression zstd" "$T" \
	"$(mb "$(size ours.tar.zst)")" "$(ratio "$T" "$t_tar")" "$(ratio "$(size ours.tar.zst)" "$(size tar.tgz)")"
rm -f ./*.tgz ./*.zst ./*.sha256

# The sizing walk (generate stateful measures every carried directory).
big=$dir/roots/big
nb=$(find "$big" | wc -l)
timeit du -sb "$big" >/dev/null
t_du=$T
timeit "$prog" generate stateful --root "$dir/roots" -c big -s sa -o yaml >/dev/null 2>&1
printf '  %-34s %7ss  (%s entries)\n' "du -sb" "$t_du" "$nb"
printf '  %-34s %7ss  %sx of du -sb\n' "oc-leapp sizing walk (stateful)" "$T" "$(ratio "$T" "$t_du")"

# Peak memory for two tree sizes: it must not grow with the tree.
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f %M -o rss1 "$prog" archive --root "$dir/roots" -c small -f - -q -z none 2>/dev/null >/dev/null
	/usr/bin/time -f %M -o rss2 "$prog" archive --root "$dir/roots" -c big -f - -q -z none 2>/dev/null >/dev/null
	printf '  %-34s %s KiB for %s entries, %s KiB for %s entries\n' "peak RSS (archive)" "$(tail -1 rss1)" "$nf" "$(tail -1 rss2)" "$nb"
else
	echo "  peak RSS: /usr/bin/time is not installed (Debian package time)"
fi
