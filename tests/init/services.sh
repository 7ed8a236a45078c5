# Sourced by tests/suites/init.sh: `leapp-init services` on a fixture
# machine whose units run host programs (paths in units are the host's;
# files the units name are read under --root).

M=$T_TMP/svc-machine
MARK=$T_TMP/marks
mkdir -p "$MARK" && chmod 1777 "$MARK" && chmod 755 "$T_TMP"	# User= must reach it
U=$M/usr/lib/systemd/system
E=$M/etc/systemd/system
mkdir -p "$U" "$E/multi-user.target.wants" "$M/etc/sysconfig" "$M/usr/lib/tmpfiles.d" "$M/run" "$M/var" "$M/srv/app"
ln -s ../run "$M/var/run"
ln -s /usr/lib/systemd/system/multi-user.target "$E/default.target"
printf 'root:x:0:0:root:/root:/bin/bash\nsvcuser:x:4242:4343:Svc:/home/svcuser:/bin/sh\n' >"$M/etc/passwd"
printf 'root:x:0:\nsvcgrp:x:4343:\nextra:x:4444:other,svcuser\nunrelated:x:4545:other\n' >"$M/etc/group"
printf 'd /run/foo 0750 svcuser svcgrp -\nd /var/run/bar 0711 - - -\nf /run/ignored 0644 - - -\nd /run/%%m 0755 - - -\n' >"$M/usr/lib/tmpfiles.d/foo.conf"

unit() {	# unit DIR NAME: the text on stdin
	cat >"$1/$2"
}
want() { for u in "$@"; do ln -s "/usr/lib/systemd/system/$u" "$E/multi-user.target.wants/$u"; done; }

unit "$U" sysinit.target <<'X'
[Unit]
Description=System Initialization
X
unit "$U" basic.target <<'X'
[Unit]
Requires=sysinit.target
After=sysinit.target
X
unit "$U" multi-user.target <<'X'
[Unit]
Requires=basic.target
After=basic.target
X
# Ordering: alpha is after zeta (the alphabet would say the opposite).
unit "$U" zeta.service <<X
[Unit]
Description=first, by Before=
Before=alpha.service
[Service]
ExecStart=/bin/sh -c 'echo zeta >> $MARK/order; exec sleep 1000'
ExecStop=/bin/sh -c 'echo stop-zeta >> $MARK/order'
X
unit "$U" alpha.service <<X
[Service]
ExecStart=/bin/sh -c 'echo replaced-by-drop-in >> $MARK/order'
X
mkdir -p "$E/alpha.service.d" "$U/alpha.service.d"
unit "$U/alpha.service.d" 10-env.conf <<X
[Service]
Environment="GREETING=hello world" OTHER=1
X
unit "$E/alpha.service.d" 20-override.conf <<X
[Service]
ExecStart=
ExecStart=/bin/sh -c 'echo "alpha \$\$GREETING" >> $MARK/order; echo "\$1|\$2|\$3|\$4" > $MARK/args; exec sleep 1000' sh \$OPTIONS "\${GREETING}" 'single quoted'
ExecStop=/bin/sh -c 'echo stop-alpha >> $MARK/order'
EnvironmentFile=-/etc/sysconfig/missing
EnvironmentFile=/etc/sysconfig/alpha
X
printf '# options\nOPTIONS="-a -b"\n' >"$M/etc/sysconfig/alpha"
# forking + PIDFile under RuntimeDirectory=, as tomcat-style units do.
unit "$U" forker.service <<X
[Service]
Type=forking
RuntimeDirectory=forker
PIDFile=/run/forker/forker.pid
ExecStart=/bin/sh -c 'sleep 1000 & echo \$! > $M/run/forker/forker.pid'
ExecStop=/bin/sh -c 'echo "stop-forker \$MAINPID" >> $MARK/order'
X
unit "$U" user.service <<X
[Service]
User=svcuser
Group=svcgrp
WorkingDirectory=/srv/app
ExecStart=/bin/sh -c 'id -u > $MARK/uid; id -g > $MARK/gid; id -G > $MARK/groups; echo "\$HOME \$USER" > $MARK/home; pwd > $MARK/cwd; exec sleep 1000'
X
unit "$U" once.service <<X
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStartPre=-/bin/false
ExecStart=/bin/sh -c 'echo once >> $MARK/once'
ExecStart=/bin/sh -c 'echo twice >> $MARK/once'
ExecStop=/bin/sh -c 'echo once-stop >> $MARK/once'
X
unit "$U" failing.service <<X
[Service]
ExecStartPre=/bin/sh -c 'exit 3'
ExecStart=/bin/sleep 1000
X
unit "$U" dependent.service <<X
[Unit]
Requires=failing.service
After=failing.service
[Service]
ExecStart=/bin/sleep 1000
X
unit "$U" flappy.service <<X
[Unit]
StartLimitIntervalSec=30
StartLimitBurst=3
[Service]
Restart=always
RestartSec=50ms
ExecStart=/bin/sh -c 'echo x >> $MARK/flappy; exit 1'
X
unit "$U" orphans.service <<X
[Service]
ExecStart=/bin/sh -c '(sleep 0.2 &); (sleep 0.3 &); exec sleep 1000'
X
unit "$U" cond.service <<X
[Unit]
ConditionPathExists=/etc/not-there
[Service]
ExecStart=/bin/sleep 1000
X
unit "$U" novirt.service <<X
[Unit]
ConditionVirtualization=!container
[Service]
ExecStart=/bin/sleep 1000
X
unit "$U" echo@.service <<X
[Service]
ExecStart=/bin/sh -c 'echo "%i %n %p" > $MARK/inst-%i; exec sleep 1000'
X
unit "$U" stubborn.service <<X
[Service]
TimeoutStopSec=1
ExecStart=/bin/sh -c 'trap "" TERM; while :; do sleep 0.1; done'
X
unit "$U" systemd-journald.service <<'X'
[Service]
ExecStart=/usr/lib/systemd/systemd-journald
X
unit "$U" sshd.socket <<'X'
[Socket]
ListenStream=22
X
ln -s /dev/null "$E/masked.service"
want zeta.service alpha.service forker.service user.service once.service failing.service dependent.service \
	flappy.service orphans.service cond.service novirt.service echo@hello.service stubborn.service \
	systemd-journald.service sshd.socket masked.service getty@tty1.service
ln -s /usr/lib/systemd/system/missing.service "$E/multi-user.target.wants/missing.service"

# SysV init scripts on the systemd machine, as RHEL 7's vendor software
# leaves them: systemd's generator makes units of those enabled in rc3.d
# (runlevel3.target, an alias of multi-user.target) that no native unit
# hides. Each start leaves a daemon and a mark; each stop ends it.
INITD=$M/etc/rc.d/init.d
SVM=$T_TMP/initd-marks
mkdir -p "$INITD" "$M/etc/rc.d/rc3.d" "$M/etc/rc.d/rc5.d" "$SVM"
ln -s multi-user.target "$U/runlevel3.target"
initscript() {	# NAME HEADER...: the script, its header lines first
	_n=$1; shift
	{
		echo '#!/bin/sh'
		for _l in "$@"; do echo "$_l"; done
		cat <<X
case "\$1" in
start)
	echo "start $_n \$DROPIN" >>"$SVM/log"
	setsid sleep 1000 </dev/null >/dev/null 2>&1 &
	echo \$! >"$M/run/$_n.pid"
	;;
stop)
	echo "stop $_n" >>"$SVM/log"
	kill \$(cat "$M/run/$_n.pid")
	;;
esac
X
	} >"$INITD/$_n"
	chmod 755 "$INITD/$_n"
}
enable() { for _s in "$@"; do ln -s "../init.d/${_s#S??}" "$M/etc/rc.d/rc3.d/$_s"; done; }
# No LSB header: ordered by S numbers among the others without one.
initscript legacy-db '# chkconfig: 345 20 80' '# description: an in-house database' '# pidfile: /var/run/legacy-db.pid'
initscript legacy-web '# chkconfig: 345 85 15' '# description: an old web front'
# LSB headers: ordered by them; app-two comes after network-app, its S number
# notwithstanding (S numbers order only scripts one of which has no header).
initscript network-app '### BEGIN INIT INFO' '# Provides: network-app napp' \
	'# Required-Start: $network $remote_fs $syslog' '# Short-Description: a vendor daemon' '### END INIT INFO'
initscript app-two '### BEGIN INIT INFO' '# Provides: app-two' '# Required-Start: network-app $time' '### END INIT INFO'
initscript zeta '# a script hidden by the native zeta.service'
initscript network '# RHEL 7 still ships this one, enabled'
initscript netfs '# RHEL 6 left-over'
initscript broken-app
printf '#!/bin/sh\necho "$1 broken-app" >>"%s/log"\nexit 1\n' "$SVM" >"$INITD/broken-app"
initscript gui-app	# enabled only in runlevel 5
initscript disabled-app	# K links only
printf '# sourced by the scripts, not one itself\n' >"$INITD/functions"
enable S20legacy-db S85legacy-web S80network-app S30app-two S50zeta S10network S25netfs S90broken-app
ln -s ../init.d/gui-app "$M/etc/rc.d/rc5.d/S95gui-app"
ln -s ../init.d/disabled-app "$M/etc/rc.d/rc3.d/K10disabled-app"
cp "$INITD/legacy-web" "$INITD/legacy-web.rpmsave"
mkdir -p "$E/network-app.service.d"
printf '[Service]\nEnvironment=DROPIN=from-drop-in\n' >"$E/network-app.service.d/env.conf"

LOG=$T_TMP/services.log
boot_start "$LOG" services --root "$M" --stop-timeout 20
if wait_for "$LOG" '^leapp-init: boot finished' 30; then
	ok "services: the machine boots ($(sed -n 's/^leapp-init: boot finished: //p' "$LOG"))"
else
	fail "services: the machine boots" "$(cat "$LOG")"
fi
sleep 1.5	# the restarts and the orphans
grep -q '^leapp-init: booting services: default.target is multi-user.target$' "$LOG" &&
	ok "services: default.target read from the machine's link" || fail "services: default.target read" "$(head -n 3 "$LOG")"
[ "$(sed -n 's/^leapp-init: started \(alpha\|zeta\)\.service .*/\1/p' "$LOG" | tr '\n' ' ')" = "zeta alpha " ] &&
	grep -q '^alpha hello world$' "$MARK/order" && ! grep -q replaced-by-drop-in "$MARK/order" &&
	ok "services: After=/Before= order, drop-in reset of ExecStart=" || fail "services: order and drop-in" "$(cat "$MARK/order" 2>&1)"
[ "$(cat "$MARK/args" 2>/dev/null)" = "-a|-b|hello world|single quoted" ] &&
	ok "services: \$VAR split, \${VAR} whole, quotes, EnvironmentFile (with -)" || fail "services: expansion" "$(cat "$MARK/args" 2>&1)"
grep -q '^leapp-init: started forker.service (pid [0-9]*)$' "$LOG" && [ -d "$M/run/forker" ] &&
	ok "services: forking with PIDFile in a RuntimeDirectory" || fail "services: forking" "$(grep forker "$LOG")"
[ "$(cat "$MARK/uid" "$MARK/gid" 2>/dev/null | tr '\n' ' ')" = "4242 4343 " ] &&
	[ "$(cat "$MARK/groups")" = "4343 4444" ] && [ "$(cat "$MARK/home")" = "/home/svcuser svcuser" ] &&
	[ "$(cat "$MARK/cwd")" = "$M/srv/app" ] &&
	ok "services: User=/Group= from the machine's passwd and group, WorkingDirectory" ||
	fail "services: User=/Group=" "$(cat "$MARK/uid" "$MARK/gid" "$MARK/groups" "$MARK/home" "$MARK/cwd" 2>&1)"
[ "$(cat "$MARK/once" 2>/dev/null | tr '\n' ' ')" = "once twice " ] && grep -q '^leapp-init: started once.service (active)$' "$LOG" &&
	ok "services: oneshot with two ExecStart= and RemainAfterExit" || fail "services: oneshot" "$(grep once "$LOG")"
grep -q '^leapp-init: failed failing.service: ExecStartPre /bin/sh: status 3$' "$LOG" &&
	grep -q '^leapp-init: failed dependent.service: it requires failing.service, which failed$' "$LOG" &&
	ok "services: a failing unit, and what Requires= it, reported" || fail "services: failing unit" "$(grep -E 'failing|dependent' "$LOG")"
[ "$(wc -l <"$MARK/flappy")" -eq 3 ] && grep -q '^leapp-init: gave up restarting flappy.service: 4 starts within 30 s$' "$LOG" &&
	ok "services: Restart=always stops at StartLimitBurst" || fail "services: restart limit" "$(wc -l <"$MARK/flappy") starts" "$(grep flappy "$LOG")"
[ "$(cat "$MARK/inst-hello" 2>/dev/null)" = "hello echo@hello.service echo" ] &&
	ok "services: template instance with %i %n %p" || fail "services: template" "$(cat "$MARK/inst-hello" 2>&1)"
grep -q '^leapp-init: condition not met, not starting cond.service: ConditionPathExists=/etc/not-there$' "$LOG" &&
	grep -q '^leapp-init: condition not met, not starting novirt.service: ConditionVirtualization=!container$' "$LOG" &&
	ok "services: conditions evaluated and named" || fail "services: conditions" "$(grep condition "$LOG")"
for s in 'systemd-journald.service: part of systemd' 'sshd.socket: socket units are not honoured' 'masked.service: masked' \
	'getty@tty1.service: no terminal' 'missing.service: '; do
	grep -q "^leapp-init: skipped $s" "$LOG" || { fail "services: skipped units named" "no line: skipped $s" "$(grep skipped "$LOG")"; s=x; break; }
done
[ "$s" != x ] && ok "services: what cannot be honoured is named, one line each"
st=$(stat -c '%a %u %g' "$M/run/foo" 2>&1); st2=$(stat -c '%a' "$M/run/bar" 2>&1)
[ "$st" = "750 4242 4343" ] && [ "$st2" = 711 ] && [ ! -e "$M/run/ignored" ] && grep -q 'specifiers are not expanded' "$LOG" &&
	ok "services: tmpfiles.d d lines for /run and /var/run, with the machine's owners" || fail "services: tmpfiles.d" "$st / $st2"
zombies=$(for p in /proc/[0-9]*; do awk -v init="$INIT_PID" '{ if ($0 ~ /\) Z /) { sub(/.*\) /, ""); split($0, f, " "); if (f[2] == init) print "zombie" } }' "$p/stat" 2>/dev/null; done | wc -l)
[ "$zombies" -eq 0 ] && ok "services: orphans are reaped" || fail "services: orphans are reaped" "$zombies zombies"
[ -z "$NS" ] || { [ "$(head -c 2 /proc/$INIT_PID/status >/dev/null; awk '/^NSpid/ {print $3}' /proc/$INIT_PID/status)" = 1 ] &&
	ok "services: runs as PID 1 of its namespace" || fail "services: PID 1" "$(grep NSpid /proc/$INIT_PID/status)"; }

# The init scripts, as systemd's generator would have made them units.
[ "$(sed -n 's/^start //p' "$SVM/log" | tr '\n' '|')" = "legacy-db |network-app from-drop-in|app-two |legacy-web |broken-app|" ] &&
	ok "services: init scripts enabled in rc3.d started in the generator's order (LSB headers, S numbers), with the unit's drop-in" ||
	fail "services: init scripts started" "$(cat "$SVM/log" 2>&1)"
grep -q '^leapp-init: started network-app.service (sysv script)$' "$LOG" &&
	grep -q '^leapp-init: started legacy-db.service (sysv script, pid [0-9]*)$' "$LOG" &&
	grep -q '^leapp-init: failed broken-app.service: ExecStart .*/init.d/broken-app: status 1$' "$LOG" &&
	! grep -q 'ordering cycle\|without PIDFile' "$LOG" &&
	ok "services: init scripts logged as units (sysv script), pidfile: tracked, a failing one named" ||
	fail "services: init scripts logged" "$(grep -E 'sysv|app|legacy|cycle|PIDFile' "$LOG")"
grep -q '^leapp-init: skipped network.service: the pod.s network is set up by the cluster$' "$LOG" &&
	grep -q '^leapp-init: skipped netfs.service: network filesystems are mounted as the pod.s volumes$' "$LOG" &&
	! grep -qE 'zeta [^$]|gui-app|disabled-app|functions' "$SVM/log" "$LOG" &&
	ok "services: init scripts skipped as units are; a native unit hides its script; rc5.d-only, K-only and plain files not run" ||
	fail "services: init scripts not run" "$(cat "$SVM/log")" "$(grep -E 'network|netfs|zeta|gui|disabled' "$LOG")"

boot_stop TERM
[ "$(sed -n 's/^stop //p' "$SVM/log" | tr '\n' ' ')" = "legacy-web app-two network-app legacy-db " ] &&
	ok "services: init scripts stopped with \"stop\" in reverse start order" ||
	fail "services: init scripts stopped" "$(cat "$SVM/log")"
[ "$BOOT_RC" -eq 0 ] && ok "services: SIGTERM: exit 0" || fail "services: SIGTERM: exit 0" "rc=$BOOT_RC" "$(tail -n 5 "$LOG")"
started=$(sed -n 's/^leapp-init: started \([^ ]*\.service\) .*/\1/p' "$LOG" | awk '!seen[$0]++' | tac | tr '\n' ' ')
stopped=$(sed -n 's/^leapp-init: stopping //p' "$LOG" | tr '\n' ' ')
# Every unit stopped comes before the ones started earlier than it.
inorder=$(printf '%s\n%s\n' "$started" "$stopped" | awk 'NR == 1 { for (i = 1; i <= NF; i++) pos[$i] = i; next }
	{ last = 0; for (i = 1; i <= NF; i++) { if (!($i in pos) || pos[$i] < last) { print "no"; exit } last = pos[$i] } print "yes" }')
[ -n "$stopped" ] && [ "$inorder" = yes ] && echo "$stopped" | grep -q forker &&
	[ "$(grep stop- "$MARK/order" | sed 's/ .*//' | tr '\n' ' ')" = "stop-alpha stop-zeta stop-forker " ] &&
	grep -q '^stop-forker [0-9][0-9]*$' "$MARK/order" && grep -q '^once-stop$' "$MARK/once" &&
	ok "services: stopped in reverse start order, ExecStop= with \$MAINPID" ||
	fail "services: stop order" "started: $started" "stopped: $stopped" "$(cat "$MARK/order")"
grep -q '^leapp-init: killed stubborn.service: still running after 1 s$' "$LOG" &&
	ok "services: SIGKILL after TimeoutStopSec" || fail "services: SIGKILL after TimeoutStopSec" "$(grep stubborn "$LOG")"
[ "$STOP_SECS" -lt 15 ] && tail -n 1 "$LOG" | grep -q '^leapp-init: all stopped, exiting$' &&
	ok "services: stopped in ${STOP_SECS}s, inside --stop-timeout" || fail "services: stop time" "${STOP_SECS}s" "$(tail -n 3 "$LOG")"
left=$(pgrep -f "$MARK" || true)
[ -z "$left" ] && ok "services: nothing left running" || fail "services: nothing left running" "$left"

# The same boot and stop under valgrind (the dynamic link of the same
# objects: memcheck cannot follow a static glibc's malloc), as a subreaper.
DYN=$TOP/build/init/leapp-init-dyn
if command -v valgrind >/dev/null 2>&1 && [ -x "$DYN" ]; then
	rm -rf "$M/run/forker" "$M/run/foo"
	VGLOG=$T_TMP/services-vg.log
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--log-file="$T_TMP/vg.%p" "$DYN" services --root "$M" --stop-timeout 10 >"$VGLOG" 2>&1 &
	VG_PID=$!
	if wait_for "$VGLOG" '^leapp-init: boot finished' 60; then
		sleep 1
		kill -TERM "$VG_PID"
		set +e; wait "$VG_PID"; RC=$?; set -e
		[ "$RC" -eq 0 ] && ! grep -qh '^==[0-9]*== [^ ]' "$T_TMP"/vg.* 2>/dev/null &&
			ok "services: valgrind clean through boot and stop" ||
			fail "services: valgrind" "rc=$RC" "$(grep -h '==' "$T_TMP"/vg.* | head -8)"
	else
		kill -KILL "$VG_PID" 2>/dev/null || true
		fail "services: valgrind" "no boot" "$(tail -n 5 "$VGLOG")"
	fi
	pkill -KILL -f "$MARK" 2>/dev/null || true
else
	skip "services: valgrind" "valgrind or build/init/leapp-init-dyn missing"
fi
