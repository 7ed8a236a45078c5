#!/bin/sh
# The two libraries `make dist` cannot take from Debian as they are, built
# static from Debian's own source packages (the versions installed here, with
# Debian's patches), with only what oc-leapp uses:
#
#   libcurl     Debian's libcurl.a needs GSSAPI (krb5) and LDAP, which Debian
#               ships as shared libraries only, and libpsl, librtmp, libssh2;
#               oc-leapp speaks HTTP(S) only: OpenSSL, nghttp2, zlib.
#   libarchive  Debian's libarchive.a pulls libxml2 (for xar), and libxml2.a
#               pulls 30 MB of ICU data; oc-leapp writes and reads tar only.
#
# glibc 2.36's arc4random: curl is told it is not there; libarchive cannot
# be (it would declare its own over glibc's), so release/glibc-compat.c
# gives the link one made of getrandom (glibc 2.25).
# curl keeps no CA path of its own (--with-ca-fallback): OpenSSL's default,
# which the program points at the system's bundle where Debian's path is
# missing (lib/cacerts.c).
#
#   sh release/static-libs.sh OUT   installs into OUT/{curl,libarchive}
#
# OUT is a cache: a library already built there for the same version and
# options is kept (it may even be read-only). Sources come with apt-get
# source from deb-src lines made for the occasion (apt's signature checks
# hold); the system's apt configuration is not touched.
set -eu
out=${1:?usage: static-libs.sh OUT}
mirror=${OC_LEAPP_MIRROR:-http://deb.debian.org/debian}
security=${OC_LEAPP_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
jobs=${OC_LEAPP_JOBS:-2}
unset MAKEFLAGS MFLAGS MAKELEVEL	# its own make, not a part of ours

CURL_CONF="--disable-maintainer-mode --disable-shared --enable-static --with-openssl --with-nghttp2 --with-zlib
--without-brotli --without-zstd --without-libpsl --without-libidn2 --without-librtmp
--without-libssh2 --without-libssh --without-gssapi --without-libgsasl
--disable-ldap --disable-ldaps --disable-rtsp --disable-dict --disable-telnet --disable-tftp
--disable-pop3 --disable-imap --disable-smb --disable-smtp --disable-gopher --disable-mqtt
--disable-ftp --disable-file --disable-manual --without-ca-bundle --without-ca-path --with-ca-fallback
ac_cv_func_arc4random=no"
ARCHIVE_CONF="--disable-maintainer-mode --disable-shared --enable-static --disable-bsdtar --disable-bsdcpio --disable-bsdcat
--without-xml2 --without-expat --without-nettle --with-openssl --without-libb2 --without-lzo2
--without-mbedtls --with-zlib --with-bz2lib --with-lzma --with-zstd --with-lz4"

# build NAME SOURCE-PACKAGE DEV-PACKAGE CONF: OUT/NAME, unless it is there for this version and CONF.
build() {
	name=$1 src=$2 dev=$3 conf=$4
	version=$(dpkg-query -W -f='${Version}' "$dev" 2>/dev/null) ||
		{ echo "oc-leapp: make dist needs $dev (make deps installs it)" >&2; exit 1; }
	stamp="3 $src $version $(printf '%s' "$conf" | tr '\n' ' ')"	# 2: this script's own changes
	if [ -f "$out/$name/.built" ] && [ "$(cat "$out/$name/.built")" = "$stamp" ]; then
		echo "dist: static $name $version (cached in $out/$name)"
		return 0
	fi
	echo "dist: building static $name from Debian's source $src $version (once; cached in $out/$name)"
	work=$(mktemp -d "${TMPDIR:-/tmp}/oc-leapp-static.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	apt_get() {
		apt-get -q -o Dir::Etc::SourceList="$work/sources.list" -o Dir::Etc::SourceParts=/dev/null \
			-o Dir::State::Lists="$work/lists" -o Dir::Cache="$work/cache" -o Debug::NoLocking=1 \
			-o APT::Sandbox::User="$(id -un)" "$@"
	}
	mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
	printf 'deb-src %s %s main\ndeb-src %s %s-updates main\ndeb-src %s %s-security main\n' \
		"$mirror" "$codename" "$mirror" "$codename" "$security" "$codename" >"$work/sources.list"
	apt_get update >"$work/apt.log" 2>&1 || { cat "$work/apt.log" >&2; exit 1; }
	(cd "$work" && apt_get source "$src=$version" >"$work/apt.log" 2>&1) || { cat "$work/apt.log" >&2; exit 1; }
	dir=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name "$src-*" | head -n 1)
	rm -rf "$out/$name.tmp"
	mkdir -p "$out/$name.tmp"
	# shellcheck disable=SC2086
	(cd "$dir" && ./configure --prefix="$out/$name" --disable-dependency-tracking $conf >"$work/configure.log" 2>&1) ||
		{ tail -n 30 "$work/configure.log" >&2; echo "oc-leapp: configuring $src failed (log above)" >&2; exit 1; }
	case $name in
	curl)	(cd "$dir" && make -s -j"$jobs" -C lib && make -s -C lib install prefix="$out/$name.tmp" &&
		 make -s -C include install prefix="$out/$name.tmp" && make -s install-pkgconfigDATA prefix="$out/$name.tmp") ;;
	*)	(cd "$dir" && make -s -j"$jobs" libarchive.la && make -s install-libLTLIBRARIES install-includeHEADERS \
			install-pkgconfigDATA prefix="$out/$name.tmp") ;;
	esac >"$work/make.log" 2>&1 || { tail -n 30 "$work/make.log" >&2; echo "oc-leapp: building $src failed (log above)" >&2; exit 1; }
	# libarchive.pc asks for an iconv.pc that glibc systems have no need of;
	# the prefix follows the files (the cache is shared with clean roots)
	sed -i -e 's/^\(Requires.private:.*\)\<iconv\> */\1/' -e 's|^prefix=.*|prefix=${pcfiledir}/../..|' \
		"$out/$name.tmp/lib/pkgconfig/"*.pc
	printf '%s\n' "$stamp" >"$out/$name.tmp/.built"
	rm -rf "$out/$name"
	mv "$out/$name.tmp" "$out/$name"
	rm -rf "$work"
	trap - EXIT
}

mkdir -p "$out"
build curl curl libcurl4-openssl-dev "$CURL_CONF"
build libarchive libarchive libarchive-dev "$ARCHIVE_CONF"
