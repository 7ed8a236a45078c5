# Shared by the shell test suites (sourced). Each suite counts its own
# results and ends with the line "N passed, N failed, N skipped"; tests/run.sh
# adds them up. A skip always says why, and is never counted as a pass.
# OC_LEAPP is the program under test (the sanitizer build under make check).
: "${OC_LEAPP:=./oc-leapp}"
# The test helper that drives the cluster client (tests/tools/client.c).
: "${OC_LEAPP_CLIENT:=${TOP:-.}/build/san/tests/client}"
: "${OC_LEAPP_CLIENT_PLAIN:=${TOP:-.}/build/tests/client}"
T_PASS=0
T_FAIL=0
T_SKIP=0
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/oc-leapp-test.XXXXXX")
trap 'rm -rf "$T_TMP"' EXIT
# generate copies leapp-init into the base image it writes: the suites get a
# stand-in with fixed bytes, so that the goldens' content tags do not change
# with every build of init/ (the boot suite finds the real one itself).
export OC_LEAPP_INIT="${top:-${TOP:-.}}/tests/fixtures/leapp-init.stand-in"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

ok() { T_PASS=$((T_PASS + 1)); printf 'ok   %s\n' "$1"; }
fail() { T_FAIL=$((T_FAIL + 1)); printf 'FAIL %s\n' "$1"; shift; for l in "$@"; do printf '     %s\n' "$l"; done; }
# skip WHAT WHY: a test that could not run here, and the reason.
skip() { T_SKIP=$((T_SKIP + 1)); printf 'skip %s: %s\n' "$1" "$2"; }

# run_cmd OUT ERR CMD...: runs CMD with stdout/stderr to files; sets RC.
run_cmd() {
	_o=$1 _e=$2; shift 2
	set +e; "$@" >"$_o" 2>"$_e"; RC=$?; set -e
}

# A sanitizer report in stderr is always a failure, whatever the exit code.
no_sanitizer_report() {
	! grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$1"
}

summary() {
	printf '%d passed, %d failed, %d skipped\n' "$T_PASS" "$T_FAIL" "$T_SKIP"
	[ "$T_FAIL" -eq 0 ]
}

# schema_check NAME FILE...: every diagnose report (-o json or -o yaml)
# conforms to diag/schema/diagnosis.schema.json, checked by ajv.
schema_check() {
	_n=$1
	shift
	if ! command -v node >/dev/null 2>&1 || [ ! -d "${TOP:-.}/tests/node_modules/ajv" ]; then
		skip "$_n" "node or its JSON Schema validator (ajv) is missing: make deps"
		return
	fi
	if (cd "${TOP:-.}/tests" && node tools/schemacheck.mjs "../diag/schema/diagnosis.schema.json" "$@") \
		>"$T_TMP/schema.out" 2>&1; then
		ok "$_n"
	else
		fail "$_n" "$(head -n 8 "$T_TMP/schema.out")"
	fi
}
