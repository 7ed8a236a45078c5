# debian12: Debian 12 with systemd as init (mmdebstrap, 2-3 minutes, about
# 200 MB), a machine-id, and an enabled unit of its own, leapp-web.service:
# busybox httpd on 127.0.0.1:$LEAPP_WEB_PORT (/etc/default/leapp-web)
# serving /srv/www, whose ExecStop writes the time to
# /var/lib/leapp-test/stopped (sourced by machines.sh).
command -v mmdebstrap >/dev/null || { echo "machines.sh: mmdebstrap is not installed" >&2; exit 1; }
mmdebstrap --quiet --variant=minbase --include=systemd,systemd-sysv,busybox,dbus \
	bookworm "$tmp/root" >"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; exit 1; }
r=$tmp/root
# mmdebstrap empties it last; a migrated machine has its own
echo 5b1c0e7a9d3f4c2e8a6b0d1f3e5c7a90 > "$r/etc/machine-id"
mkdir -p "$r/srv/www" "$r/var/lib/leapp-test"
echo "leapp boot test: debian12 answers" > "$r/srv/www/index.html"
echo "LEAPP_WEB_PORT=18931" > "$r/etc/default/leapp-web"
cat > "$r/etc/systemd/system/leapp-web.service" <<UNIT
[Unit]
Description=The migrated machine's own web server (boot test)
After=network.target

[Service]
Type=simple
EnvironmentFile=/etc/default/leapp-web
ExecStartPre=/bin/rm -f /var/lib/leapp-test/stopped
ExecStart=/bin/busybox httpd -f -p 127.0.0.1:\${LEAPP_WEB_PORT} -h /srv/www
ExecStop=/bin/sh -c 'date +%%s > /var/lib/leapp-test/stopped'

[Install]
WantedBy=multi-user.target
UNIT
ln -s /etc/systemd/system/leapp-web.service "$r/etc/systemd/system/multi-user.target.wants/leapp-web.service"
