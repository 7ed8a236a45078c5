#!/bin/sh
# make fuzz: each target for FUZZ_SECONDS (60), one after the other (the
# machine's cores are shared), from its committed seeds plus what earlier
# runs added (build/fuzz/corpus/TARGET, outside git). Prints, per target,
# executions, their rate, coverage (cov: edges, ft: features) and what it
# found. A crash, leak, timeout or out-of-memory input is kept in
# build/fuzz/crashes/TARGET/: copy it to tests/fuzz/regress/TARGET/ (the
# fuzz suite of make check replays it ever after) and fix the code.
# FUZZ_JOBS=2 runs two targets at a time.
set -u
cd "$(dirname "$0")/../.."
TOP=$PWD
. tests/fuzz/flags.sh
secs=${FUZZ_SECONDS:-60}
found=0
mkdir -p build/fuzz/log

one() {	# TARGET
	t=$1
	# absolute: a harness may change directory (extract)
	work=$TOP/build/fuzz/corpus/$t crashes=$TOP/build/fuzz/crashes/$t log=build/fuzz/log/$t.log
	mkdir -p "$work" "$crashes"
	# shellcheck disable=SC2046
	build/fuzz/"$t" $(fuzz_flags "$t") -max_total_time="$secs" -artifact_prefix="$crashes/" \
		"$work" "$TOP/tests/fuzz/corpus/$t" >"$log" 2>&1
}

report() {	# TARGET
	t=$1 log=build/fuzz/log/$1.log
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	cov=$(grep -E '^#[0-9]+' "$log" | tail -n 1 | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
	ft=$(grep -E '^#[0-9]+' "$log" | tail -n 1 | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
	new=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log")
	printf '%-11s %10s %8s %6s %7s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" \
		"${new:-none}"
	if [ -n "$new" ]; then
		found=$((found + 1))
		grep -m 3 -E 'ERROR:|runtime error:|SUMMARY:|deadly signal|timeout' "$log" | sed 's/^/            /'
	fi
}

printf 'fuzz: %s s per target; log in build/fuzz/log/TARGET.log\n' "$secs"
printf '%-11s %10s %8s %6s %7s  %s\n' target execs exec/s cov ft found
jobs=${FUZZ_JOBS:-1} batch=""
for t in "$@"; do
	one "$t" &
	batch="$batch $t"
	if [ "$(echo $batch | wc -w)" -ge "$jobs" ]; then
		wait
		for b in $batch; do report "$b"; done
		batch=""
	fi
done
wait
for b in $batch; do report "$b"; done
if [ "$found" -gt 0 ]; then
	echo "fuzz: $found target(s) found a crash, leak or timeout: copy the input into tests/fuzz/regress/TARGET/, fix, make check"
	exit 1
fi
