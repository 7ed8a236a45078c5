# sysv: a small machine with RHEL 6's layout and no systemd: etc/redhat-release,
# sbin/init and sbin/initctl (upstart's names; generate calls it upstart), an
# rc script init.d/leapp-web linked as rc3.d/S85leapp-web and
# rc0.d, rc6.d/K15leapp-web, busybox as its shell and tools. The script
# serves /srv/www on 127.0.0.1:$LEAPP_WEB_PORT (/etc/sysconfig/leapp-web)
# and, stopped, writes the time to /var/lib/leapp-test/stopped (sourced by
# machines.sh).
r=$tmp/root
busybox_static "$tmp/bb"
mkdir -p "$r/bin" "$r/sbin" "$r/usr/bin" "$r/usr/sbin" "$r/etc/rc.d/init.d" "$r/etc/sysconfig" \
	"$r/var/run" "$r/var/log" "$r/var/lock/subsys" "$r/srv/www" "$r/var/lib/leapp-test" \
	"$r/root" "$r/tmp" "$r/dev" "$r/proc" "$r/sys" "$r/boot" "$r/mnt" "$r/selinux"
chmod 1777 "$r/tmp"
cp "$tmp/bb/bin/busybox" "$r/bin/busybox"
for a in sh ash ls cat echo date rm mkdir sleep kill ps grep sed cut head tail true false \
	 mount umount hostname touch chmod ln start-stop-daemon; do
	ln -s busybox "$r/bin/$a"
done
ln -s ../../bin/busybox "$r/usr/bin/env"
printf '#!/bin/sh\necho "upstart stand-in: the boot test does not run it" >&2\nexit 1\n' > "$r/sbin/init"
printf '#!/bin/sh\nexit 0\n' > "$r/sbin/initctl"
chmod 755 "$r/sbin/init" "$r/sbin/initctl"
echo "CentOS release 6.10 (Final)" > "$r/etc/redhat-release"
echo "a3f9c2d4e5b6a7980112233445566778" > "$r/etc/machine-id"
printf 'id:3:initdefault:\nsi::sysinit:/etc/rc.d/rc.sysinit\nl3:3:wait:/etc/rc.d/rc 3\n' > "$r/etc/inittab"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$r/etc/passwd"
printf 'root:x:0:\n' > "$r/etc/group"
echo "leapp boot test: sysv answers" > "$r/srv/www/index.html"
echo "LEAPP_WEB_PORT=18932" > "$r/etc/sysconfig/leapp-web"
cat > "$r/etc/rc.d/init.d/leapp-web" <<SCRIPT
#!/bin/sh
# chkconfig: 345 85 15
# description: the migrated machine's own web server (boot test)
pidfile=/var/run/leapp-web.pid
. /etc/sysconfig/leapp-web
case "\$1" in
start)
	rm -f /var/lib/leapp-test/stopped
	start-stop-daemon -S -b -m -p \$pidfile -x /bin/busybox -- httpd -f -p 127.0.0.1:\$LEAPP_WEB_PORT -h /srv/www
	touch /var/lock/subsys/leapp-web
	echo "leapp-web: started"
	;;
stop)
	start-stop-daemon -K -p \$pidfile
	rm -f \$pidfile /var/lock/subsys/leapp-web
	date +%s > /var/lib/leapp-test/stopped
	echo "leapp-web: stopped"
	;;
*)
	echo "usage: \$0 start|stop" >&2
	exit 2
	;;
esac
SCRIPT
chmod 755 "$r/etc/rc.d/init.d/leapp-web"
for d in 0 1 2 3 4 5 6; do mkdir -p "$r/etc/rc.d/rc$d.d"; done
ln -s ../init.d/leapp-web "$r/etc/rc.d/rc3.d/S85leapp-web"
ln -s ../init.d/leapp-web "$r/etc/rc.d/rc0.d/K15leapp-web"
ln -s ../init.d/leapp-web "$r/etc/rc.d/rc6.d/K15leapp-web"
ln -s rc.d/init.d "$r/etc/init.d"
for d in 0 1 2 3 4 5 6; do ln -s rc.d/rc$d.d "$r/etc/rc$d.d"; done
