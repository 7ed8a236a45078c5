#!/bin/sh
# make check: the cmocka unit tests (built with the sanitizers), then every
# suite in tests/suites/ against the sanitizer build of the program; prints
# the totals as "check: N passed, N failed".
set -u
cd "$(dirname "$0")/.."
export OC_LEAPP="$PWD/build/san/oc-leapp" OC_LEAPP_PLAIN="$PWD/oc-leapp" TOP="$PWD"
pass=0 failed=0 broken=""
log=$(mktemp)

count() {	# name, exit status, log: adds the counts its last summary line gives
	line=$(grep -E '^(\[  PASSED  \]|\[  FAILED  \]|[0-9]+ passed, [0-9]+ failed)' "$3" | tail -n 5)
	p=$(printf '%s\n' "$line" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p; s/^\([0-9]*\) passed, [0-9]* failed.*/\1/p' | tail -n 1)
	f=$(printf '%s\n' "$line" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p; s/^[0-9]* passed, \([0-9]*\) failed.*/\1/p' | tail -n 1)
	p=${p:-0} f=${f:-0}
	if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi	# a crash counts
	pass=$((pass + p)) failed=$((failed + f))
	[ "$f" -eq 0 ] || broken="$broken $1"
}

for t in "$@"; do
	printf '== %s\n' "$t"
	"$t" >"$log" 2>&1; rc=$?
	cat "$log"
	count "$t" "$rc" "$log"
done
for s in tests/suites/*.sh; do
	printf '== %s\n' "$s"
	sh "$s" >"$log" 2>&1; rc=$?
	cat "$log"
	count "$s" "$rc" "$log"
done
rm -f "$log"
[ -z "$broken" ] || printf 'failing:%s\n' "$broken"
printf 'check: %d passed, %d failed\n' "$pass" "$failed"
[ "$failed" -eq 0 ]
