# Sourced by tests/fuzz/run.sh (make fuzz) and tests/suites/fuzz.sh: the
# libFuzzer options of a target (its dictionary, the largest input worth
# making) and the ones every run shares. ASan finds leaks at exit of each
# input (LeakSanitizer); UBSan stops at the first report.
fuzz_flags() {	# TARGET
	_d="${TOP:-.}/tests/fuzz/$1.dict"
	case $1 in
	offline|archive) _m=65536 ;;
	kubeconfig|yaml|unitfile|unittree|machine) _m=16384 ;;
	*) _m=1024 ;;
	esac
	printf -- '-max_len=%s -timeout=20 -rss_limit_mb=3072 -close_fd_mask=3 -print_final_stats=1' "$_m"
	[ ! -f "$_d" ] || printf -- ' -dict=%s' "$_d"
}
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:${FUZZ_ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
