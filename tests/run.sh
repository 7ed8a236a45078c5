#!/bin/sh
# make check: the cmocka unit tests (built with the sanitizers), then every
# suite in tests/suites/ against the sanitizer build of the program; prints
# the totals as "check: N passed, N failed, N skipped".
#
# Every suite ends with "N passed, N failed, N skipped" (tests/lib.sh), every
# cmocka program with its [  PASSED  ] / [  FAILED  ] / [  SKIPPED  ] lines.
# A program that exits non-zero with no failure counted has crashed: one
# failure. A skip is never a pass; the skipped tests and why are listed.
set -u
cd "$(dirname "$0")/.."
export OC_LEAPP="$PWD/build/san/oc-leapp" OC_LEAPP_PLAIN="$PWD/oc-leapp" TOP="$PWD"
export OC_LEAPP_CLIENT="$PWD/build/san/tests/client" OC_LEAPP_CLIENT_PLAIN="$PWD/build/tests/client"
pass=0 failed=0 skipped=0 broken="" skips=""
log=$(mktemp)

# last_count LOG SED-EXPR: the number the last matching line gives, else 0.
last_count() {
	n=$(sed -n "$2" "$1" | tail -n 1)
	echo "${n:-0}"
}

count() {	# name, exit status, log
	p=$(last_count "$3" 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p; s/^\([0-9]*\) passed, [0-9]* failed.*/\1/p')
	f=$(last_count "$3" 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p; s/^[0-9]* passed, \([0-9]*\) failed.*/\1/p')
	s=$(last_count "$3" 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p; s/^[0-9]* passed, [0-9]* failed, \([0-9]*\) skipped.*/\1/p')
	if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi	# a crash counts
	pass=$((pass + p)) failed=$((failed + f)) skipped=$((skipped + s))
	[ "$f" -eq 0 ] || broken="$broken $1"
	[ "$s" -eq 0 ] || skips="$skips$(grep -E '^skip |^\[  SKIPPED \] [a-z_]' "$3" | sed "s|^|  $1: |")
"
}

for t in "$@"; do
	printf '== %s\n' "$t"
	"$t" >"$log" 2>&1; rc=$?
	cat "$log"
	count "$t" "$rc" "$log"
done
# SUITES="archive init": only those suites (the clean root's normal-user run);
# said, so that nobody takes it for the whole check.
suites=tests/suites/*.sh
if [ -n "${SUITES:-}" ]; then
	suites=$(for n in $SUITES; do echo "tests/suites/${n%.sh}.sh"; done)
	printf 'check: only the suites %s (SUITES)\n' "$SUITES"
fi
# The suites run OC_LEAPP_JOBS at a time (default: the cores, at most 4):
# most use one core at a time. Those that load every core themselves, or
# race or time against the clock, run alone after them: boot, clean-root,
# fuzz, archive_race, archive_kill, archive_gzip. The logs are shown in
# the usual order at the end.
jobs=${OC_LEAPP_JOBS:-$(nproc 2>/dev/null || echo 1)}
[ "$jobs" -le 4 ] || jobs=4
out=$(mktemp -d)
alone=""
shared=""
for suite in $suites; do
	case ${suite##*/} in
	boot.sh|clean-root.sh|fuzz.sh|archive_race.sh|archive_kill.sh|archive_gzip.sh) alone="$alone $suite" ;;
	*) shared="$shared $suite" ;;
	esac
done
# one SUITE: its log, and "STATUS SECONDS" beside it
one='t0=$(date +%s); sh "$1" >"$2/${1##*/}.log" 2>&1; echo "$? $(($(date +%s) - t0))" >"$2/${1##*/}.rc"'
printf 'check: %s suites, %s at a time, then %s alone\n' "$(echo $shared | wc -w)" "$jobs" "$(echo $alone | wc -w)"
# shellcheck disable=SC2086
[ -z "$shared" ] || printf '%s\n' $shared | xargs -P "$jobs" -I{} sh -c "$one" _ {} "$out"
for suite in $alone; do
	sh -c "$one" _ "$suite" "$out"
done
times=""
for suite in $suites; do
	printf '== %s\n' "$suite"
	cat "$out/${suite##*/}.log" 2>/dev/null
	read -r rc secs <"$out/${suite##*/}.rc" 2>/dev/null || { rc=1 secs=0; echo "(the suite left no exit status)"; }
	count "$suite" "$rc" "$out/${suite##*/}.log"
	times="$times$secs ${suite#tests/suites/}
"
done
rm -rf "$out"
rm -f "$log"
# Where the time went, slowest first: what to make faster, or cache.
printf 'slowest suites (s): %s\n' "$(printf '%s' "$times" | sort -rn | head -n 6 | tr '\n' ' ')"
[ -z "$skips" ] || printf 'skipped:\n%s' "$skips"
[ -z "$broken" ] || printf 'failing:%s\n' "$broken"
printf 'check: %d passed, %d failed, %d skipped\n' "$pass" "$failed" "$skipped"
[ "$failed" -eq 0 ]
