# busybox: Debian's static busybox with its applet links in bin/ (sh, tar,
# wget ...): the busybox image the base image copies /bin/busybox from, and
# the init image of --init-image (sourced by machines.sh).
busybox_static "$tmp/root"
for a in $("$tmp/root/bin/busybox" --list); do
	[ -e "$tmp/root/bin/$a" ] || ln -s busybox "$tmp/root/bin/$a"
done
