#!/bin/sh
# The fuzz targets (tests/fuzz/, one per parser of untrusted input) under
# make check, when clang has libFuzzer: the harnesses are built (make
# fuzz-build: ASan, UBSan, LeakSanitizer), every seed and every input that
# once crashed (tests/fuzz/regress/TARGET/) is replayed, then each target
# is fuzzed for FUZZ_CHECK_SECONDS (4), two at a time. Anything a sanitizer
# reports, a timeout or running out of memory fails it. Without clang's
# libFuzzer it is one counted skip. make fuzz runs the long version.
set -eu
top=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$top/tests/lib.sh"
cd "$top"
TOP=$top
. tests/fuzz/flags.sh
secs=${FUZZ_CHECK_SECONDS:-4}
cc=${FUZZ_CC:-clang}
targets=$(for f in tests/fuzz/*.c; do b=${f##*/}; b=${b%.c}; [ "$b" = common ] || echo "$b"; done)

has_libfuzzer() {
	command -v "$cc" >/dev/null 2>&1 &&
		printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' |
		"$cc" -fsanitize=fuzzer,address,undefined -x c - -o "$T_TMP/probe" >/dev/null 2>&1
}

if ! has_libfuzzer; then
	skip "fuzz" "$cc with libFuzzer is missing (Debian: clang and libclang-rt-14-dev; make deps installs them)"
	summary
	exit 0
fi

# its own make, not make check's jobserver
if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -j2 fuzz-build >"$T_TMP/build.log" 2>&1; then
	ok "fuzz: the harnesses build ($(echo $targets | wc -w) targets)"
else
	fail "fuzz: make fuzz-build" "$(grep -m 5 -E 'error|Error' "$T_TMP/build.log")"
	summary
	exit 1
fi

# What a sanitizer or libFuzzer said went wrong, briefly.
why() {
	grep -m 4 -E 'ERROR: |runtime error:|SUMMARY:|deadly signal|ALARM|out-of-memory|Test unit written' "$1" |
		sed 's/^==[0-9]*==//'
}

# Every seed and every saved crash, once each.
for t in $targets; do
	set -- tests/fuzz/corpus/"$t"/* tests/fuzz/regress/"$t"/*
	files=""
	n=0 r=0
	for f in "$@"; do
		[ -f "$f" ] || continue
		case $f in tests/fuzz/regress/*) r=$((r + 1)) ;; *) n=$((n + 1)) ;; esac
	done
	# shellcheck disable=SC2046
	if ls tests/fuzz/corpus/"$t"/* tests/fuzz/regress/"$t"/* 2>/dev/null |
		xargs build/fuzz/"$t" $(fuzz_flags "$t") >"$T_TMP/$t.replay" 2>&1 &&
		! grep -qE 'ERROR: |runtime error:' "$T_TMP/$t.replay"; then
		ok "fuzz $t: $n seeds and $r saved crashes replayed"
	else
		fail "fuzz $t: replaying its seeds and saved crashes" "$(why "$T_TMP/$t.replay")"
	fi
done

# A short run of each, two at a time, from a copy of the seeds.
short() {	# TARGET
	mkdir -p "$T_TMP/corpus/$1" "$T_TMP/found/$1"
	cp tests/fuzz/corpus/"$1"/* "$T_TMP/corpus/$1/" 2>/dev/null || true
	# shellcheck disable=SC2046
	build/fuzz/"$1" $(fuzz_flags "$1") -max_total_time="$secs" ${FUZZ_CHECK_SEED:+-seed=$FUZZ_CHECK_SEED} \
		-artifact_prefix="$T_TMP/found/$1/" "$T_TMP/corpus/$1" >"$T_TMP/$1.fuzz" 2>&1
	echo $? >"$T_TMP/$1.rc"
}
set -- $targets
while [ $# -gt 0 ]; do
	short "$1" &
	if [ $# -gt 1 ]; then short "$2" & fi
	wait
	for t in "$1" ${2:-}; do
		found=$(ls "$T_TMP/found/$t" 2>/dev/null | head -n 1)
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$T_TMP/$t.fuzz" | tail -n 1)
		if [ "$(cat "$T_TMP/$t.rc" 2>/dev/null || echo missing)" = 0 ] && [ -z "$found" ]; then
			ok "fuzz $t: ${execs:-?} inputs in ${secs} s, nothing found"
		else
			seed=$(sed -n 's/^INFO: Seed: //p' "$T_TMP/$t.fuzz" | head -n 1)
			fail "fuzz $t: a ${secs} s run (seed $seed) found ${found:-a failure}" "$(why "$T_TMP/$t.fuzz")" \
				"keep the input in tests/fuzz/regress/$t/ and fix it (the input: $T_TMP/found/$t/$found)"
			mkdir -p build/fuzz/crashes/"$t"
			[ -z "$found" ] || cp "$T_TMP/found/$t/$found" build/fuzz/crashes/"$t"/
		fi
	done
	shift
	[ $# -eq 0 ] || shift
done
summary
