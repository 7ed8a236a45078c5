#!/bin/sh
# The machines the boot suite starts, built once and cached outside the
# clone, keyed by the text that builds them (this file and the machine's
# recipe, machine-NAME.sh): change a recipe and that machine is built anew.
#   machines.sh debian12|sysv|busybox   prints the cached directory, building it if needed
# Built into a temporary directory and renamed into place: an interrupted
# build leaves nothing that looks finished.
set -eu
what=${1:?usage: machines.sh debian12|sysv|busybox}
here=$(cd "$(dirname "$0")" && pwd)
recipe=$here/machine-$what.sh
[ -f "$recipe" ] || { echo "machines.sh: unknown machine \"$what\"" >&2; exit 2; }
cache=${OC_LEAPP_CACHE:-$HOME/.cache/oc-leapp}/boot
key=$(cat "$here/machines.sh" "$recipe" | sha256sum | cut -c1-12)
out=$cache/$what-$key
[ -d "$out" ] && { echo "$out"; exit 0; }
mkdir -p "$cache"
tmp=$(mktemp -d "$cache/.$what.XXXXXX")
# mmdebstrap, interrupted, leaves its bind mounts: never rm -rf through them.
cleanup() {
	for m in proc sys dev/pts dev; do
		if mountpoint -q "$tmp/root/$m" 2>/dev/null; then umount -l "$tmp/root/$m"; fi
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# busybox_static DIR: Debian's busybox-static unpacked (not installed: it
# conflicts with the busybox package), DIR/bin/busybox.
busybox_static() {
	(cd "$tmp" && apt-get download -q busybox-static >/dev/null 2>&1) ||
		{ echo "machines.sh: cannot download busybox-static with apt-get" >&2; exit 1; }
	dpkg -x "$tmp"/busybox-static_*.deb "$1"
	rm -f "$tmp"/busybox-static_*.deb
	"$1/bin/busybox" true
}

# Both machines serve a page from an init script or unit of their own, on
# the port their configuration file names (the boot suite writes it into
# its copy of the machine), and leave the time they stopped in
# var/lib/leapp-test/stopped.
. "$recipe"
mv "$tmp/root" "$out.new.$$"
mv -T "$out.new.$$" "$out" 2>/dev/null || rm -rf "$out.new.$$"	# a concurrent build won
echo "$out"
