#!/bin/sh
# The gzip stream (compressed on every core in pigz's way) and the headers:
# one gzip member that gzip, busybox, zlib, GNU tar and bsdtar read; the same
# bytes for the same tree whatever the thread count; the size of gzip -6's
# within 2%. Headers: plain ustar for entries that need nothing more;
# sub-second times kept (a pax record) unless --whole-seconds, and then an
# archive of many small files is no larger than bsdtar's by more than 10%.
set -eu
. "$(dirname "$0")/../lib.sh"

root=$T_TMP/roots
m=$root/gz
mkdir -p "$m/etc" "$m/usr/share/doc" "$m/var/lib"
printf 'ID=centos\nVERSION_ID=7\n' >"$m/etc/os-release"
# text that compresses, and random data that does not: 12 MB in all
python3 - "$m" <<'PY'
import os, random, sys
r = random.Random(7)
words = [("w%d" % i) * (1 + i % 5) for i in range(3000)]
for i in range(40):
    with open("%s/usr/share/doc/f%02d.txt" % (sys.argv[1], i), "w") as f:
        f.write(" ".join(r.choice(words) for _ in range(30000)))
with open(sys.argv[1] + "/var/lib/blob", "wb") as f:
    f.write(r.randbytes(4 << 20))
PY
cd "$T_TMP"

run_cmd out err "$OC_LEAPP" archive -c gz --root "$root" -f a.tar.gz -q
[ "$RC" -eq 0 ] && no_sanitizer_report err && ok "archive (gzip) writes it" || fail "gzip archive" "rc=$RC" "$(cat err)"
gzip -t a.tar.gz && ok "gzip -t: valid" || fail "gzip -t"
python3 -c '
import sys, zlib
data = open(sys.argv[1], "rb").read()
d = zlib.decompressobj(31)
raw = d.decompress(data)
sys.exit(0 if d.eof and not d.unused_data and len(raw) > 10000000 else 1)' a.tar.gz \
	&& ok "one gzip member, nothing after it (zlib)" || fail "one gzip member"
if command -v busybox >/dev/null 2>&1; then
	busybox gunzip -c a.tar.gz | cmp -s - "$(gzip -dc a.tar.gz >raw.tar && echo raw.tar)" \
		&& ok "busybox gunzip reads it" || fail "busybox gunzip"
	mkdir bb && busybox tar -xzf a.tar.gz -C bb && cmp -s bb/var/lib/blob "$m/var/lib/blob" \
		&& ok "busybox tar extracts it" || fail "busybox tar"
fi
mkdir g && tar -xzf a.tar.gz -C g && cmp -s g/var/lib/blob "$m/var/lib/blob" && cmp -s g/usr/share/doc/f07.txt "$m/usr/share/doc/f07.txt" \
	&& ok "GNU tar extracts it" || fail "GNU tar"
if command -v bsdtar >/dev/null 2>&1; then
	bsdtar -tzf a.tar.gz >/dev/null && ok "bsdtar reads it" || fail "bsdtar"
fi

# the same bytes: again, with 1 and 4 threads, and through standard output
for t in 1 4; do "$OC_LEAPP" archive -c gz --root "$root" -f "t$t.tar.gz" -q --threads "$t" >/dev/null; done
"$OC_LEAPP" archive -c gz --root "$root" -f - -q 2>/dev/null >stdout.tar.gz
s=$(sha256sum <a.tar.gz)
[ "$(sha256sum <t1.tar.gz)" = "$s" ] && [ "$(sha256sum <t4.tar.gz)" = "$s" ] && [ "$(sha256sum <stdout.tar.gz)" = "$s" ] \
	&& ok "the same tree gives the same gzip bytes, with 1, 4 or all threads" || fail "deterministic gzip"

# the size: gzip -6 of the very same tar stream
"$OC_LEAPP" archive -c gz --root "$root" -f plain.tar -z none -q >/dev/null
gzip -dc a.tar.gz | cmp -s - plain.tar \
	&& ok "the tar stream inside is the uncompressed archive's" || fail "tar stream differs"
ours=$(stat -c %s a.tar.gz) theirs=$(gzip -6 -c plain.tar | wc -c)
awk -v a="$ours" -v b="$theirs" 'BEGIN { exit !(a <= b * 1.02 && a >= b * 0.98) }' \
	&& ok "size within 2% of gzip -6 ($ours against $theirs bytes)" || fail "gzip size" "$ours against $theirs"
for l in 1 9; do
	"$OC_LEAPP" archive -c gz --root "$root" -f "l$l.tar.gz" -q --level "$l" >/dev/null
	gzip -t "l$l.tar.gz" || fail "level $l"
done
[ "$(stat -c %s l9.tar.gz)" -lt "$(stat -c %s l1.tar.gz)" ] && ok "--level 1 and 9 work (9 is smaller)" || fail "levels"

# --- headers -------------------------------------------------------------
t=$root/tiny
python3 - "$t" <<'PY'
import os, sys
top = sys.argv[1]
os.makedirs(top + "/etc")
open(top + "/etc/os-release", "w").write("ID=centos\n")
for i in range(3000):
    d = "%s/usr/share/p%02d" % (top, i % 30)
    os.makedirs(d, exist_ok=True)
    with open("%s/f%05d" % (d, i), "wb") as f:
        f.write(b"x" * (i % 64))
PY
# every file here has a sub-second time (when it was written)
run_cmd out err "$OC_LEAPP" archive -c tiny --root "$root" -f exact.tar -z none -q
mkdir ex && tar -xf exact.tar -C ex
[ "$(stat -c %y "$t/usr/share/p07/f00007")" = "$(stat -c %y ex/usr/share/p07/f00007)" ] \
	&& ok "by default, sub-second times are kept (GNU tar restores them)" || fail "ns kept" "$(stat -c %y ex/usr/share/p07/f00007)"
run_cmd out err "$OC_LEAPP" archive -c tiny --root "$root" -f whole.tar -z none -q --whole-seconds
! grep -qa PaxHeader whole.tar && ok "--whole-seconds: plain ustar headers only" || fail "pax headers with --whole-seconds"
mkdir wh && tar -xf whole.tar -C wh
[ "$(stat -c %Y "$t/usr/share/p07/f00007")" = "$(stat -c %Y wh/usr/share/p07/f00007)" ] \
	&& ok "--whole-seconds keeps the second" || fail "whole seconds"
if command -v bsdtar >/dev/null 2>&1; then
	"$OC_LEAPP" archive -c tiny --root "$root" -f whole.tar.gz -q --whole-seconds >/dev/null
	bsdtar -czf bsd.tar.gz -C "$t" .
	a=$(stat -c %s whole.tar.gz) b=$(stat -c %s bsd.tar.gz)
	awk -v a="$a" -v b="$b" 'BEGIN { exit !(a <= b * 1.1) }' \
		&& ok "--whole-seconds: $a bytes for 3000 small files, bsdtar $b" || fail "header size" "$a against bsdtar's $b"
else skip "the size against bsdtar" "bsdtar is not installed (Debian package libarchive-tools)"; fi
find "$t" -exec touch -h -d @1700000000 {} +
"$OC_LEAPP" archive -c tiny --root "$root" -f sec.tar -z none -q >/dev/null
! grep -qa PaxHeader sec.tar && ok "times without a sub-second part: plain ustar headers by default" || fail "pax headers for whole seconds"
summary
