# Clean Debian roots for the tests (sourced after tests/lib.sh): made once
# with mmdebstrap and cached outside the clone, unpacked per run, entered
# with chroot, and always taken down again, mounts first.
#
#   roots_usable             0 when roots can be made here, else prints why not
#   root_tarball NAME ARGS   the cached tarball of `mmdebstrap ARGS` (the word
#                            TARGET among them stands for the tarball), made
#                            if missing; the cache key is ARGS itself, so a
#                            root is rebuilt whenever what builds it changes
#   root_unpack TAR DIR      a fresh copy of the root in DIR
#   root_mount DIR           /proc, /sys, /dev (with /dev/pts), resolv.conf, hosts
#   root_umount DIR          undoes root_mount; root_remove DIR removes it
#                            only when nothing is mounted below it any more
#
# root_cleanup_all (set as the EXIT/INT/TERM trap by root_mount's callers)
# takes down every root this shell unpacked.

: "${OC_LEAPP_CACHE:=${HOME:-/root}/.cache/oc-leapp}"
ROOTS_CACHE=$OC_LEAPP_CACHE/roots
ROOTS_MADE=""

roots_usable() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "needs root (mmdebstrap, chroot and mounts)"; return 1
	fi
	if ! command -v mmdebstrap >/dev/null 2>&1; then
		echo "mmdebstrap is not installed (apt-get install mmdebstrap)"; return 1
	fi
	if ! command -v chroot >/dev/null 2>&1 || ! command -v mount >/dev/null 2>&1; then
		echo "chroot or mount is missing"; return 1
	fi
	if ! mkdir -p "$ROOTS_CACHE" 2>/dev/null; then
		echo "the cache $ROOTS_CACHE cannot be made"; return 1
	fi
	return 0
}

# mirror_reachable URL: the Debian mirror answers (roots and make deps need it).
mirror_reachable() {
	curl -fsS -m 15 -o /dev/null "$1/dists/$2/Release" 2>/dev/null ||
		python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=15)' "$1/dists/$2/Release" 2>/dev/null
}

root_tarball() {
	name=$1; shift
	key=$(printf '%s\n' "$@" | sha256sum | cut -c1-16)
	tar=$ROOTS_CACHE/$name-$key.tar
	if [ ! -s "$tar" ]; then
		printf 'roots: making %s with mmdebstrap %s (cached in %s)\n' "$name" "$*" "$ROOTS_CACHE" >&2
		rm -f "$tar.tmp"
		for a in "$@"; do
			[ "$a" = TARGET ] && a=$tar.tmp
			set -- "$@" "$a"
			shift
		done
		if ! mmdebstrap --quiet --format=tar "$@" >&2; then
			rm -f "$tar.tmp"
			return 1
		fi
		mv "$tar.tmp" "$tar"
	fi
	printf '%s\n' "$tar"
}

root_unpack() {
	mkdir -p "$2"
	ROOTS_MADE="$ROOTS_MADE $2"
	tar -C "$2" --numeric-owner -xpf "$1"
}

root_mount() {
	d=$1
	mount -t proc proc "$d/proc"
	mount -t sysfs -o ro sysfs "$d/sys"
	mount --rbind /dev "$d/dev"
	mount --make-rslave "$d/dev"
	rm -f "$d/etc/resolv.conf" && cp -L /etc/resolv.conf "$d/etc/resolv.conf" 2>/dev/null || :
	# mmdebstrap writes no /etc/hosts; an installed Debian has one, and
	# without it "localhost" goes to DNS
	[ -e "$d/etc/hosts" ] || printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$d/etc/hosts"
}

# The mount points below DIR, deepest first.
mounts_below() {
	awk -v d="$1" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/self/mounts | sort -r
}

root_umount() {
	for mp in $(mounts_below "$1"); do
		umount -R "$mp" 2>/dev/null || umount -l "$mp" 2>/dev/null || :
	done
}

root_remove() {
	root_umount "$1"
	if [ -n "$(mounts_below "$1")" ]; then
		printf 'roots: %s still has mounts; not removed\n' "$1" >&2
		return 1
	fi
	rm -rf --one-file-system "$1"
}

root_cleanup_all() {
	for r in $ROOTS_MADE; do root_remove "$r" || :; done
	ROOTS_MADE=""
}
