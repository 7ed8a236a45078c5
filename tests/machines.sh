#!/bin/sh
# Builds the example machines the golden and CLI tests read, under $1.
# Built at test time (not stored in git) because git cannot keep empty
# directories, sparse files or the exact symlinks a migrated root has.
set -eu
umask 022	# the base image copies the machines' directory modes: the same on every run
root=${1:?usage: machines.sh DIR}
mkdir -p "$root"

file() { mkdir -p "$(dirname "$1")"; printf '%s' "$2" > "$1"; }

# CentOS 6: upstart, no os-release, tmp carried (only systemd mounts it in memory).
m=$root/centos6-app
mkdir -p "$m/boot" "$m/dev" "$m/proc" "$m/sys" "$m/lost+found" "$m/selinux" "$m/mnt"
file "$m/etc/redhat-release" 'CentOS release 6.9 (Final)
'
file "$m/etc/machine-id" '0123456789abcdef0123456789abcdef
'
file "$m/sbin/init" 'upstart'
file "$m/sbin/initctl" 'initctl'
file "$m/bin/bash" 'bash'
file "$m/usr/bin/python" 'python'
file "$m/var/log/messages" 'log'
file "$m/root/.bashrc" 'alias ll="ls -l"'
file "$m/home/admin/notes.txt" 'notes'
file "$m/tmp/session" 'x'

# CentOS 7: systemd reached through the sbin -> usr/sbin link, run and tmp not
# carried, /bin and friends links (never carried).
m=$root/centos7-web
mkdir -p "$m/boot" "$m/dev" "$m/proc" "$m/sys" "$m/usr/bin" "$m/usr/sbin" "$m/usr/lib64" "$m/media"
file "$m/etc/os-release" 'NAME="CentOS Linux"
VERSION="7 (Core)"
ID="centos"
ID_LIKE="rhel fedora"
VERSION_ID="7"
PRETTY_NAME="CentOS Linux 7 (Core)"
'
file "$m/etc/redhat-release" 'CentOS Linux release 7.4.1708 (Core)
'
file "$m/etc/machine-id" 'fedcba9876543210fedcba9876543210
'
# systemd's banner, as its binary holds it: generate reads the version there
file "$m/usr/lib/systemd/systemd" 'ELF...systemd 219 running in %ssystem mode. (+PAM +AUDIT)'
ln -sfn ../lib/systemd/systemd "$m/usr/sbin/init"
ln -sfn usr/bin "$m/bin"
ln -sfn usr/sbin "$m/sbin"
ln -sfn usr/lib "$m/lib"
ln -sfn usr/lib64 "$m/lib64"
file "$m/var/www/html/index.html" '<h1>migrated</h1>
'
file "$m/run/httpd/httpd.pid" '42'
file "$m/tmp/systemd-private" 'x'
file "$m/opt/app/app.conf" 'port=8080'
file "$m/srv/data.bin" '0123456789'

# Odd names: uppercase and dotted machine and directory names, a directory
# pair that sanitizes to the same name, a non-empty dev (warned, not carried).
m=$root/Web_Server.01
mkdir -p "$m/usr/bin"
file "$m/etc/os-release" 'ID=rhel
VERSION_ID="7.9"
PRETTY_NAME="Red Hat Enterprise Linux Server 7.9 (Maipo)"
'
file "$m/usr/lib/systemd/systemd" 'systemd'
ln -sfn ../lib/systemd/systemd "$m/usr/bin/init"
ln -sfn usr/bin "$m/sbin"
file "$m/Data/report.csv" 'a,b'
file "$m/data/other.csv" 'c,d'
file "$m/My.Dir/file" 'x'
file "$m/dev/console.txt" 'not a device'
file "$m/etc/hostname" 'web01'
file "$m/var/lib/big.img" ''
truncate -s 10M "$m/var/lib/big.img"
file "$m/var/lib/hard1" '0123456789'
ln -f "$m/var/lib/hard1" "$m/var/lib/hard2"

# The seed's multivolume example: RHEL 6 with only etc.
m=$root/leapp-migrated-container
file "$m/etc/redhat-release" 'Red Hat Enterprise Linux Server release 6.9 (Santiago)
'
file "$m/etc/machine-id" '00112233445566778899aabbccddeeff
'

# A release nobody built a base image for.
m=$root/debian12
file "$m/etc/os-release" 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
ID=debian
VERSION_ID="12"
'
file "$m/usr/lib/systemd/systemd" 'systemd'
# systemd 231 and later: the version in its private library's name
file "$m/usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-252.so" ''
ln -sfn usr/bin "$m/bin"
mkdir -p "$m/usr/bin" "$m/srv/www" "$m/home" "$m/tmp" "$m/run"
chmod 1777 "$m/tmp"
file "$m/srv/www/index.html" 'debian'

# Nothing to carry.
mkdir -p "$root/empty/dev" "$root/empty/proc"

# A name too long for Kubernetes: every derived name is cut, with a hash.
m=$root/Accounting-Department-Primary-Database-Server-Migrated-From-Building-7.corp.example.com
file "$m/etc/redhat-release" 'CentOS release 6.10 (Final)
'
file "$m/sbin/init" 'init'
file "$m/var/lib/pgsql/data/PG_VERSION" '8.4'
