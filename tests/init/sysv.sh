# Sourced by tests/suites/init.sh: `leapp-init sysv` on a RHEL 6 style tree
# (inittab's initdefault, /etc/rc.d/rcN.d links to ../init.d, subsys locks).

R=$T_TMP/rhel6
SM=$T_TMP/sysv-marks
mkdir -p "$R/etc/rc.d/init.d" "$R/etc/rc.d/rc3.d" "$R/etc/rc.d/rc5.d" "$R/etc/rc.d/rc0.d" "$R/etc/init" \
	"$R/var/lock/subsys" "$R/var/run/old" "$SM"
printf '# Default runlevel.\nid:5:initdefault:\n' >"$R/etc/inittab"
echo stale >"$R/var/run/sshd.pid"
echo stale >"$R/var/run/old/x.pid"
touch "$R/var/lock/subsys/crond"	# left by the machine as it was archived
printf 'start on stopped rc RUNLEVEL=[2345]\nexec /bin/true\n' >"$R/etc/init/myjob.conf"
printf 'start on stopped rc\n' >"$R/etc/init/tty.conf"

# A RHEL-style init script: start daemonizes and takes its subsys lock.
script() {	# NAME
	cat >"$R/etc/rc.d/init.d/$1" <<X
#!/bin/sh
case "\$1" in
start)
	echo "start $1 \$RUNLEVEL" >>"$SM/log"
	setsid sleep 1000 </dev/null >/dev/null 2>&1 &
	echo \$! >"$R/var/run/$1.pid"
	touch "$R/var/lock/subsys/$1"
	;;
stop)
	echo "stop $1 \$RUNLEVEL" >>"$SM/log"
	kill \$(cat "$R/var/run/$1.pid")
	rm -f "$R/var/lock/subsys/$1"
	;;
esac
X
	chmod 755 "$R/etc/rc.d/init.d/$1"
}
script sshd
script httpd
script crond
printf '#!/bin/sh\necho "$1 broken" >>"%s/log"\nexit 1\n' "$SM" >"$R/etc/rc.d/init.d/broken"
chmod 755 "$R/etc/rc.d/init.d/broken"
ln -s ../init.d/sshd "$R/etc/rc.d/rc5.d/S55sshd"
ln -s ../init.d/httpd "$R/etc/rc.d/rc5.d/S85httpd"
ln -s ../init.d/broken "$R/etc/rc.d/rc5.d/S60broken"
ln -s ../init.d/udev-post "$R/etc/rc.d/rc5.d/S26udev-post"
ln -s ../init.d/network "$R/etc/rc.d/rc5.d/S10network"
ln -s ../init.d/crond "$R/etc/rc.d/rc3.d/S90crond"	# another runlevel: not started
ln -s ../init.d/sshd "$R/etc/rc.d/rc0.d/K25sshd"
ln -s ../init.d/httpd "$R/etc/rc.d/rc0.d/K15httpd"
ln -s ../init.d/crond "$R/etc/rc.d/rc0.d/K60crond"

LOG=$T_TMP/sysv.log
boot_start "$LOG" sysv --root "$R" --stop-timeout 20
if wait_for "$LOG" '^leapp-init: boot finished' 30; then
	ok "sysv: the machine boots ($(sed -n 's/^leapp-init: boot finished: //p' "$LOG"))"
else
	fail "sysv: the machine boots" "$(cat "$LOG")"
fi
grep -q '^leapp-init: booting sysv: runlevel 5 (/etc/rc.d/rc5.d)$' "$LOG" &&
	[ "$(grep '^start [a-z]* 5$' "$SM/log" | tr '\n' ' ')" = "start sshd 5 start httpd 5 " ] && grep -q '^start broken$' "$SM/log" &&
	ok "sysv: inittab's runlevel, its S* scripts in order with start" || fail "sysv: start order" "$(cat "$SM/log" "$LOG")"
grep -q '^leapp-init: skipped S10network: the pod.s network' "$LOG" && grep -q '^leapp-init: skipped S26udev-post: ' "$LOG" &&
	grep -q '^leapp-init: skipped upstart job /etc/init/myjob.conf: ' "$LOG" && ! grep -q 'tty.conf' "$LOG" &&
	ok "sysv: what cannot run in a container is named" || fail "sysv: skips" "$(grep skipped "$LOG")"
grep -q '^leapp-init: failed S60broken: "start" ended with status 1$' "$LOG" && ok "sysv: a failing script reported" ||
	fail "sysv: failing script" "$(grep broken "$LOG")"
[ ! -e "$R/var/run/old/x.pid" ] && [ -d "$R/var/run/old" ] && [ -e "$R/var/run/utmp" ] && grep -q 'rc.sysinit is not run' "$LOG" &&
	ok "sysv: stale pid files and locks removed, utmp made (rc.sysinit's part)" || fail "sysv: sysinit" "$(ls -R "$R/var")"
boot_stop TERM
[ "$BOOT_RC" -eq 0 ] && [ "$(grep '^stop' "$SM/log" | tr '\n' ' ')" = "stop httpd 0 stop sshd 0 " ] &&
	grep -q '^leapp-init: stopping K15httpd$' "$LOG" && tail -n 1 "$LOG" | grep -q 'all stopped, exiting' &&
	ok "sysv: SIGTERM runs rc0.d's K* for what was started, exits 0 in ${STOP_SECS}s" ||
	fail "sysv: stop" "rc=$BOOT_RC" "$(cat "$SM/log")" "$(tail -n 8 "$LOG")"
left=$(pgrep -f "sleep 1000" -P 1 2>/dev/null | while read -r p; do grep -l "$R" /proc/$p/cmdline 2>/dev/null; done || true)
[ -z "$(pgrep -f "$R" || true)" ] && ok "sysv: nothing left running" || fail "sysv: nothing left running" "$(pgrep -af "$R")"
