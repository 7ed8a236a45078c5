#!/bin/sh
# The stand-in API server stays faithful: real kubectl (get, describe, logs,
# events, errors) and curl (TLS, auth, faults, keep-alive) against it.
set -u
dir=$(cd "$(dirname "$0")/../standin" && pwd)
pass=0 failed=0 skipped=0
for t in test_kubectl.sh test_curl.sh; do
	out=$(bash "$dir/$t" 2>&1); rc=$?
	printf '%s\n' "$out" | grep -E '^(FAIL|not ok)' || true
	line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1)
	p=${line%% passed*}; f=${line#*, }; f=${f%% failed*}
	case $line in *skipped*) k=${line##*failed, }; k=${k%% skipped*} ;; *) k=0 ;; esac
	[ -n "$line" ] || { p=0; f=1; k=0; }
	printf '%s\n' "$out" | grep -E '^skip ' || true
	[ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || f=1
	printf '%s: %s\n' "$t" "${line:-no summary (exit $rc)}"
	pass=$((pass + p)) failed=$((failed + f)) skipped=$((skipped + k))
done
printf '%d passed, %d failed, %d skipped\n' "$pass" "$failed" "$skipped"
[ "$failed" -eq 0 ]
