#!/bin/sh
# Interrupted runs: a SIGKILL leaves temporary names (.oc-leapp-tmp-PID-*)
# that the next run in that directory recognises and removes; a set of
# manifests killed at each step of its commit is, once a later run has
# looked, either the old set or the new one, never a mixture, with nothing
# temporary left. The steps are reached with OC_LEAPP_TEST_CRASH=STEP (the
# program kills itself there with SIGKILL).
set -eu
. "$(dirname "$0")/../lib.sh"

root=$T_TMP/roots
sh "$TOP/tests/machines.sh" "$root" >/dev/null
cd "$T_TMP"
G="$OC_LEAPP generate --root $root -c centos7-web multivolume -m http://h.example/web.tar.gz --base-image registry.example/base:7"
tmp_left() { ls -A "$1" | grep -q '^\.oc-leapp-tmp-'; }
# the files of a directory and their contents, as one line each
set_of() { (cd "$1" && for f in $(ls -A | grep -v '^\.oc-leapp-tmp-' | sort); do printf '%s %s\n' "$f" "$(sha256sum <"$f" | cut -c1-16)"; done); }

# --- the archive: killed while writing, and just before its rename --------
m=$root/centos7-web
head -c 12000000 /dev/urandom >"$m/var/slow.bin"
mkdir out
"$OC_LEAPP_PLAIN" archive --root "$root" -c centos7-web -z xz --level 9 --threads 1 -f out/web.tar.xz -q >/dev/null 2>&1 &
pid=$!
i=0; while ! tmp_left out && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
sleep 0.3
kill -KILL $pid; wait $pid 2>/dev/null || true
rm -f "$m/var/slow.bin"
left=$(ls -A out)
case $left in .oc-leapp-tmp-$pid-??????) ok "a killed archive leaves its temporary file, named with its PID ($left)" ;;
*) fail "temporary name" "$left" ;; esac
run_cmd o e "$OC_LEAPP" archive --root "$root" -c centos7-web -f out/web.tar.gz -q
[ "$RC" -eq 0 ] && grep -q "warning: removed out/$left, left by an interrupted run (PID $pid)" e && ! tmp_left out \
	&& [ "$(ls -A out | sort | tr '\n' ' ')" = "web.tar.gz web.tar.gz.sha256 " ] \
	&& ok "the next run in that directory removes it, and says so" || fail "sweep" "rc=$RC" "$(cat e)" "$(ls -A out)"

rm -f out/*
set +e
OC_LEAPP_TEST_CRASH=archive-written "$OC_LEAPP" archive --root "$root" -c centos7-web -f out/web.tar.gz -q >/dev/null 2>&1
rc=$?
set -e
[ "$rc" -eq 137 ] && tmp_left out && [ ! -e out/web.tar.gz ] && ok "killed before its rename: no archive under its name" || fail "crash before rename" "rc=$rc" "$(ls -A out)"
# a run that is alive keeps its file: the lock says so, whatever the PID
tmpname=$(ls -A out | grep '^\.oc-leapp-tmp-')
flock -x "out/$tmpname" sleep 3 &
holder=$!
sleep 0.2
run_cmd o e "$OC_LEAPP" archive --root "$root" -c centos7-web -f out/other.tar.gz -q
[ -e "out/$tmpname" ] && ok "a temporary file still locked is left alone" || fail "locked temp removed"
wait $holder
run_cmd o e "$OC_LEAPP" archive --root "$root" -c centos7-web -f out/third.tar.gz -q
[ ! -e "out/$tmpname" ] && ok "once its lock is free, it goes" || fail "unlocked temp kept" "$(ls -A out)"

# --- the .sha256 set: killed once its commit is decided -------------------
rm -f out/*
set +e
OC_LEAPP_TEST_CRASH=committed "$OC_LEAPP" archive --root "$root" -c centos7-web -f out/web.tar.gz -q >/dev/null 2>&1
rc=$?
set -e
[ "$rc" -eq 137 ] && [ -e out/web.tar.gz ] && [ ! -e out/web.tar.gz.sha256 ] && ok "killed after the checksum's commit record" || fail "crash committed" "rc=$rc" "$(ls -A out)"
run_cmd o e "$OC_LEAPP" archive --root "$root" -c centos7-web -f out/x.tar.gz -q
(cd out && sha256sum -c web.tar.gz.sha256 >/dev/null 2>&1) && ! tmp_left out \
	&& ok "the next run puts the committed .sha256 in place" || fail "roll forward sha" "$(cat e)" "$(ls -A out)"

# --- the manifests, killed at each step of their commit --------------------
run_cmd o e $G -e new --tcp 8080
[ "$RC" -eq 0 ] || fail "generate" "$(cat e)"
new=$(set_of new)
[ "$(printf '%s\n' "$new" | wc -l)" -ge 2 ] && ok "generate writes a set of $(printf '%s\n' "$new" | wc -l) files" || fail "set size" "$new"
for step in staging staged committed renamed-1 renamed-2; do
	rm -rf dest
	$G -e dest --tcp 80 >/dev/null 2>&1
	old=$(set_of dest)
	set +e
	OC_LEAPP_TEST_CRASH=$step $G -e dest --tcp 8080 --force >/dev/null 2>&1
	rc=$?
	set -e
	[ "$rc" -eq 137 ] || { fail "killed at $step" "rc=$rc"; continue; }
	# the next run in dest looks first (then refuses to overwrite)
	run_cmd o e $G -e dest --tcp 9090
	got=$(set_of dest)
	case $step in staging|staged) want=$old what=old ;; *) want=$new what=new ;; esac
	if [ "$got" = "$want" ] && ! tmp_left dest && grep -q 'interrupted run' e; then
		ok "killed at $step: the next run leaves the $what set, whole"
	else fail "killed at $step" "want the $what set" "$got" "$(ls -A dest)" "$(cat e)"; fi
done
summary
