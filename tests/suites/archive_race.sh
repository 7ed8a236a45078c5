#!/bin/sh
# oc-leapp archive against a tree that changes under it: a process inside the
# machine swaps a directory, and a file, with symlinks to outside the machine
# (renameat2(RENAME_EXCHANGE) in a tight loop) while archive runs, 200 times.
# The archive must never hold the outside files' content; what was swapped
# is stored as what it was when seen (a directory or a link) or left out
# with a warning.
set -eu
. "$(dirname "$0")/../lib.sh"

runs=${OC_LEAPP_RACE_RUNS:-200}
if ! command -v cc >/dev/null 2>&1; then
	skip "the swap race" "no C compiler to build the swapper"
	summary; exit $?
fi
cc -O2 -o "$T_TMP/swap" "$TOP/tests/race/swap.c"

root=$T_TMP/roots
m=$root/racy
out=$T_TMP/outside
mkdir -p "$m/etc" "$m/var/lib/app" "$m/usr/share/doc" "$out/sub"
printf 'ID=centos\nVERSION_ID=7\n' >"$m/etc/os-release"
for i in $(seq 0 39); do
	printf 'machine data %s\n' "$i" >"$m/var/lib/app/f$i"
	printf 'machine data doc %s\n' "$i" >"$m/usr/share/doc/g$i"
	printf 'HOST-SECRET-%s\n' "$i" >"$out/f$i"
	printf 'HOST-SECRET-doc-%s\n' "$i" >"$out/sub/g$i"
done
printf 'root:x:0:0::/root:/bin/bash\n' >"$m/etc/passwd"
printf 'HOST-SECRET-passwd\n' >"$out/passwd"
# the other half of each pair: a symlink out of the machine
ln -s "$out" "$m/var/lib/app.swap"
ln -s ../../../../outside/sub "$m/usr/share/doc.swap"	# relative, too
ln -s "$out/passwd" "$m/etc/passwd.swap"

"$T_TMP/swap" "$m/var/lib/app" "$m/var/lib/app.swap" "$m/usr/share/doc" "$m/usr/share/doc.swap" \
	"$m/etc/passwd" "$m/etc/passwd.swap" >"$T_TMP/swap.out" 2>&1 &
swapper=$!
trap 'kill $swapper 2>/dev/null || true; wait $swapper 2>/dev/null || true; rm -rf "$T_TMP"' EXIT
i=0; while ! grep -q ready "$T_TMP/swap.out" && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
grep -q ready "$T_TMP/swap.out" && ok "the swapper runs" || fail "swapper" "$(cat "$T_TMP/swap.out")"

leaks=0 broken=0 changed=0 links=0 bad_rc=0
n=0
while [ $n -lt "$runs" ]; do
	n=$((n + 1))
	set +e
	"$OC_LEAPP" archive --root "$root" -c racy -f - -z none -q >"$T_TMP/a.tar" 2>"$T_TMP/a.err"
	rc=$?
	set -e
	[ $rc -eq 0 ] || bad_rc=$((bad_rc + 1))
	if grep -qa 'HOST-SECRET' "$T_TMP/a.tar"; then
		leaks=$((leaks + 1))
		cp "$T_TMP/a.tar" "$T_TMP/leak.tar"
	fi
	tar -tvf "$T_TMP/a.tar" >"$T_TMP/a.list" 2>/dev/null || broken=$((broken + 1))
	grep -q 'replaced or moved while it was archived' "$T_TMP/a.err" && changed=$((changed + 1))
	grep -q ' -> /' "$T_TMP/a.list" && links=$((links + 1))
	no_sanitizer_report "$T_TMP/a.err" || { fail "sanitizer report in run $n" "$(head -20 "$T_TMP/a.err")"; break; }
done
kill $swapper 2>/dev/null; wait $swapper 2>/dev/null || true

printf 'note %d runs: %d saw a swap and left it out, %d stored a swapped-in link as a link\n' "$n" "$changed" "$links"
[ "$leaks" -eq 0 ] && ok "no outside file's content in $n archives" \
	|| fail "outside content leaked" "$leaks of $n archives hold it" "$(tar -tvf "$T_TMP/leak.tar" 2>&1 | head)"
[ "$broken" -eq 0 ] && ok "every archive is whole (GNU tar lists it)" || fail "broken archives" "$broken of $n"
[ "$bad_rc" -eq 0 ] && ok "every run succeeds (what changed is a warning)" || fail "failed runs" "$bad_rc of $n" "$(cat "$T_TMP/a.err")"
[ $((changed + links)) -gt 0 ] && ok "the race was met (the test can see a leak)" || fail "the swaps were never seen: the test proves nothing"
summary
