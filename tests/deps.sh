#!/bin/sh
# What the build and the tests need, in one table, for two uses:
#
#   sh tests/deps.sh          (make deps) installs what is missing: the Debian
#                             packages with apt-get (as root, or through sudo),
#                             then the npm schema validator in tests/node_modules
#   sh tests/deps.sh --check  (make check) says in one line what is missing
#                             and what to run, instead of a thousand failures;
#                             the npm validator it installs itself (no root)
#   sh tests/deps.sh --check-build  the same for make (the build alone)
#   sh tests/deps.sh --check-dist   the same for make dist
#
# Each line: how to tell it is there (pkg: a pkg-config module, cmd: a
# command, file: a path, lib: a static library the compiler finds, fuzzer:
# that clang's libFuzzer runtime), the
# Debian package that brings it, and what needs it: build (make; leapp-init
# is linked statically), test (make check), optional (the tests that need it
# are skipped, with the reason), dist (make dist's static libraries; its
# suite is skipped). The boot suite needs podman, runc and catatonit
# (podman's pause image, a Recommends that --no-install-recommends leaves
# out) and mmdebstrap; it fetches busybox-static itself with apt-get
# download (it conflicts with busybox). clang with its libFuzzer runtime
# builds the fuzz targets (make fuzz, and the fuzz suite of make check).
set -eu
cd "$(dirname "$0")"

NEEDS='
cmd:cc                      build-essential       build
cmd:make                    make                  build
cmd:pkg-config              pkg-config            build
pkg:yaml-0.1                libyaml-dev           build
pkg:jansson                 libjansson-dev        build
pkg:libcurl                 libcurl4-openssl-dev  build
pkg:libarchive              libarchive-dev        build
pkg:libcrypto               libssl-dev            build
file:/usr/include/readline/readline.h libreadline-dev build
lib:libzstd.a               libzstd-dev           build
lib:liblzma.a               liblzma-dev           build
lib:libbz2.a                libbz2-dev            build
lib:libz.a                  zlib1g-dev            build
lib:libacl.a                libacl1-dev           build
lib:libnettle.a             nettle-dev            build
pkg:cmocka                  libcmocka-dev         test
file:/etc/ssl/certs/ca-certificates.crt ca-certificates test
cmd:openssl                 openssl               test
cmd:curl                    curl                  test
cmd:tar                     tar                   test
cmd:gzip                    gzip                  test
cmd:zstd                    zstd                  test
cmd:xz                      xz-utils              test
cmd:setfacl                 acl                   test
cmd:setfattr                attr                  test
cmd:python3                 python3               test
cmd:node                    nodejs                test
cmd:npm                     npm                   test
cmd:man                     man-db                test
file:/usr/bin/time          time                  test
cmd:script                  util-linux            test
cmd:file                    file                  test
cmd:busybox                 busybox               optional
cmd:bsdtar                  libarchive-tools      optional
cmd:tmux                    tmux                  optional
file:/usr/share/bash-completion/bash_completion bash-completion optional
cmd:zsh                     zsh                   optional
cmd:fish                    fish                  optional
cmd:valgrind                valgrind              optional
cmd:pigz                    pigz                  optional
cmd:kubectl                 kubernetes-client     optional
cmd:mmdebstrap              mmdebstrap            optional
cmd:podman                  podman                optional
cmd:runc                    runc                  optional
cmd:catatonit               catatonit             optional
cmd:clang                   clang                 optional
fuzzer:clang                libclang-rt-14-dev    optional
cmd:dpkg-source             dpkg-dev              dist
cmd:objdump                 binutils              dist
lib:libnghttp2.a            libnghttp2-dev        dist
lib:liblz4.a                liblz4-dev            dist
lib:libtinfo.a              libncurses-dev        dist
lib:libyaml.a               libyaml-dev           dist
lib:libjansson.a            libjansson-dev        dist
lib:libssl.a                libssl-dev            dist
lib:libreadline.a           libreadline-dev       dist
'

present() {
	case $1 in
	pkg:*) pkg-config --exists "${1#pkg:}" 2>/dev/null ;;
	cmd:*) command -v "${1#cmd:}" >/dev/null 2>&1 ;;
	file:*) [ -e "${1#file:}" ] ;;
	# libFuzzer's runtime, where this clang looks for it
	fuzzer:*) command -v "${1#fuzzer:}" >/dev/null 2>&1 &&
		[ -e "$("${1#fuzzer:}" -print-runtime-dir)/libclang_rt.fuzzer-$(uname -m).a" ] ;;
	lib:*) command -v cc >/dev/null 2>&1 && [ "$(cc -print-file-name="${1#lib:}")" != "${1#lib:}" ] ;;
	esac
}

# missing KIND: the Debian packages of the missing entries of that kind.
missing() {
	printf '%s\n' "$NEEDS" | while read -r how pkg kind; do
		[ -n "$how" ] && [ "$kind" = "$1" ] && ! present "$how" && printf '%s\n' "$pkg"
	done | sort -u | tr '\n' ' ' | sed 's/ $//'
}

validator_ok() { [ -d node_modules/kubernetes-models ] && [ -d node_modules/yaml ] && [ -d node_modules/ajv ]; }

# The npm schema validators, pinned by package-lock.json to versions whose
# engines accept Debian 12's Node 18 (kubernetes-models 4.5: node >= 14).
install_validator() {
	echo "deps: the schema validators (npm ci in tests/: kubernetes-models, yaml, ajv)"
	npm ci --no-audit --no-fund --loglevel=warn
}

# require WHO TAIL KIND...: one line on stderr and exit 1 when a package of
# those kinds is missing.
require() {
	who=$1 tail=$2
	shift 2
	need=$(for k in "$@"; do printf '%s ' "$(missing "$k")"; done)
	need=$(echo $need)
	[ -z "$need" ] && return 0
	echo "oc-leapp: $who needs these Debian packages: $need; run \"make deps\" as root (or \"sudo make deps\")$tail" >&2
	exit 1
}

case ${1:-} in
--check-build) require "the build" "" build; exit 0 ;;
--check-dist) require "make dist" "" build dist; exit 0 ;;
esac
if [ "${1:-}" = "--check" ]; then
	require "make check" ": it installs them with apt-get, the one step that needs root" build test
	opt=$(missing optional)
	[ -z "$opt" ] || echo "deps: not installed: $opt (the tests that need them are skipped; make deps installs them)"
	if ! validator_ok; then
		install_validator || { echo "oc-leapp: cannot install the npm schema validator in tests/node_modules (is npm's registry reachable?); run \"make deps\" when it is" >&2; exit 1; }
	fi
	exit 0
fi

pkgs="$(missing build) $(missing test) $(missing optional) $(missing dist)"
pkgs=$(echo $pkgs)
if [ -n "$pkgs" ]; then
	if [ "$(id -u)" -eq 0 ]; then
		as_root=""
	elif command -v sudo >/dev/null 2>&1; then
		as_root="sudo"
	else
		echo "oc-leapp: make deps must install Debian packages ($pkgs) and this is not root and there is no sudo: run \"make deps\" as root once; everything else runs as you" >&2
		exit 1
	fi
	echo "deps: [1/3] apt-get update"
	$as_root env DEBIAN_FRONTEND=noninteractive apt-get -q update
	# kubectl: Debian packages it as kubernetes-client (bookworm: 1.20); where
	# the archive has none, the tests that need it are skipped.
	case " $pkgs " in *" kubernetes-client "*)
		if ! apt-cache show kubernetes-client >/dev/null 2>&1; then
			echo "deps: this Debian has no kubernetes-client (kubectl): its tests will be skipped"
			pkgs=$(echo " $pkgs " | sed 's/ kubernetes-client / /')
			pkgs=$(echo $pkgs)
		fi ;;
	esac
	echo "deps: [2/3] installing $(echo "$pkgs" | wc -w) Debian packages: $pkgs"
	# shellcheck disable=SC2086
	$as_root env DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends $pkgs
else
	echo "deps: [1/3] [2/3] the Debian packages are installed"
fi
if validator_ok; then
	echo "deps: [3/3] the schema validator is installed (tests/node_modules)"
else
	printf 'deps: [3/3] '
	install_validator
fi
