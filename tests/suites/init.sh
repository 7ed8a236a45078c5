#!/bin/sh
# leapp-init, the static PID 1 helper, run for real: `services` on a
# fixture systemd machine, `sysv` on a RHEL 6 style tree, both as PID 1 of
# a new PID namespace (reaping, SIGTERM), and `fetch` against a local HTTP
# server with busybox's wget (good, damaged, hostile and sparse archives).
set -eu
. "$(dirname "$0")/../lib.sh"
: "${TOP:=$PWD}"
INIT=${LEAPP_INIT:-$TOP/build/init/leapp-init}
CACHE=${OC_LEAPP_CACHE:-$HOME/.cache/oc-leapp}

if [ ! -x "$INIT" ]; then
	skip "leapp-init" "$INIT is not built (make build/init/leapp-init)"
	summary
	exit $?
fi

case $(file -b "$INIT") in
*"statically linked"*) ok "leapp-init is statically linked" ;;
*) fail "leapp-init is statically linked" "$(file -b "$INIT")" ;;
esac

# ---- command line ----
run_cmd "$T_TMP/o" "$T_TMP/e" "$INIT"
[ "$RC" -eq 2 ] && grep -q '^leapp-init: error: ' "$T_TMP/e" && grep -q '^usage: ' "$T_TMP/e" &&
	ok "no subcommand: usage, exit 2" || fail "no subcommand: usage, exit 2" "rc=$RC"
run_cmd "$T_TMP/o" "$T_TMP/e" "$INIT" services --stop-timeout 0
[ "$RC" -eq 2 ] && grep -q 'stop-timeout 0' "$T_TMP/e" && ok "bad --stop-timeout refused" || fail "bad --stop-timeout refused" "rc=$RC"
run_cmd "$T_TMP/o" "$T_TMP/e" env -u LEAPP_IMAGE_URL "$INIT" fetch -C "$T_TMP"
[ "$RC" -eq 2 ] && grep -q 'LEAPP_IMAGE_URL is not set' "$T_TMP/e" && ok "fetch without a URL refused" || fail "fetch without a URL refused" "rc=$RC"

# A new PID namespace makes leapp-init PID 1 for real (kill(-1) then ends
# only the namespace). Without it the suite still runs, as a subreaper.
NS=""
if unshare --pid --fork --mount-proc true 2>/dev/null; then
	NS="unshare --pid --fork --mount-proc"
else
	skip "PID namespace" "unshare --pid --fork --mount-proc does not work here: leapp-init runs as a subreaper, not PID 1"
fi

# boot_start LOG ARGS...: starts leapp-init in the background; sets BOOT_PID
# (the unshare or leapp-init process) and INIT_PID (leapp-init itself).
boot_start() {
	_log=$1; shift
	# shellcheck disable=SC2086
	$NS "$INIT" "$@" >"$_log" 2>&1 &
	BOOT_PID=$!
	INIT_PID=$BOOT_PID
	if [ -n "$NS" ]; then
		for _i in $(seq 50); do
			INIT_PID=$(pgrep -P "$BOOT_PID" 2>/dev/null | head -n 1 || true)
			[ -n "$INIT_PID" ] && break
			sleep 0.1
		done
	fi
}

# wait_for FILE PATTERN SECONDS: until the file holds the pattern.
wait_for() {
	_n=$(($3 * 10))
	while [ "$_n" -gt 0 ]; do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		_n=$((_n - 1))
	done
	return 1
}

# boot_stop SIG: signals leapp-init, waits for it; sets STOP_SECS and BOOT_RC.
boot_stop() {
	_t0=$(date +%s%N)
	kill "-$1" "$INIT_PID"
	set +e
	wait "$BOOT_PID"
	BOOT_RC=$?
	set -e
	STOP_SECS=$(( ($(date +%s%N) - _t0) / 1000000000 ))
}

if [ "$(id -u)" -eq 0 ]; then
	. "$(dirname "$0")/../init/services.sh"
else
	skip "leapp-init services on a fixture machine" "needs root: its units run as other users (User=, Group=) and make runtime directories and tmpfiles of other owners"
fi
. "$(dirname "$0")/../init/sysv.sh"
. "$(dirname "$0")/../init/fetch.sh"

summary
