#!/bin/sh
# Installs what the build and the tests need, only when missing: Debian
# packages (as root, or through sudo) and the npm schema validator. The boot
# suite needs podman, runc and catatonit (podman's pause image, a
# Recommends that --no-install-recommends leaves out) and mmdebstrap; it
# fetches busybox-static itself with apt-get download (it conflicts with
# busybox).
set -eu
pkgs="build-essential pkg-config libyaml-dev libjansson-dev libcurl4-openssl-dev libarchive-dev
libreadline-dev libcmocka-dev libzstd-dev liblzma-dev libbz2-dev zlib1g-dev libacl1-dev nettle-dev ca-certificates openssl libssl-dev curl tar gzip zstd xz-utils acl attr
python3 nodejs npm tmux bash-completion zsh fish valgrind util-linux busybox time pigz man-db libarchive-tools
podman runc catatonit mmdebstrap"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
# python3 may come from elsewhere than Debian (pyenv); node too.
for c in python3:python3 node:nodejs npm:npm; do
	cmd=${c%%:*} pkg=${c#*:}
	if command -v "$cmd" >/dev/null 2>&1; then missing=$(echo "$missing" | sed "s/ $pkg\b//"); fi
done
if [ -n "$(echo "$missing" | tr -d ' ')" ]; then
	echo "deps: installing:$missing"
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
cd "$(dirname "$0")"
if [ ! -d node_modules/kubernetes-models ] || [ ! -d node_modules/yaml ] || [ ! -d node_modules/ajv ]; then
	echo "deps: installing the schema validators (npm: kubernetes-models, yaml, ajv)"
	npm ci --silent --no-audit --no-fund 2>/dev/null || npm install --silent --no-audit --no-fund
fi
