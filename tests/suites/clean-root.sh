#!/bin/sh
# The README's two commands, as a newcomer meets them: a clean Debian 12 with
# only git and make (mmdebstrap, cached outside the clone), a git clone of
# this work tree in it, then
#   - as a normal user, before anything is installed: `make check` and
#     `make demo` each say in one line to run `make deps` as root;
#   - as root: `make demo`, then `make check`, pass the first time;
#   - as a normal user, with root's work tree handed over (built, make deps
#     done): `make check` passes, the tests that need root skipped with their
#     reason. That run is limited to the suites where who runs them matters
#     (those that ask `id -u`, or change user or namespaces, and the fuzz
#     suite, whose sandbox is then a user namespace): the rest behave alike
#     for root, just checked. A second build as the user would test the
#     compiler again, not the user: it is left out too, to keep make check
#     near twenty minutes.
# A failing run keeps its logs in $OC_LEAPP_CACHE/clean-root-logs.
# Inside, the boot suite is off (OC_LEAPP_BOOT=0, a counted skip): podman
# cannot run in a chroot (it cannot remount /), and the suite would first
# build its test machines for minutes to find that out.
# Slow (a package install and two builds): OC_LEAPP_CLEANROOT=0 turns it off.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
. "$top/tests/roots.sh"
trap 'root_cleanup_all; rm -rf --one-file-system "$T_TMP"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

MIRROR=${OC_LEAPP_MIRROR:-http://deb.debian.org/debian}
SECURITY=${OC_LEAPP_SECURITY_MIRROR:-http://deb.debian.org/debian-security}

if [ -n "${OC_LEAPP_IN_CLEANROOT:-}" ]; then
	skip "the README in a clean root" "this is the clean root already"
	summary; exit 0
fi
if [ "${OC_LEAPP_CLEANROOT:-1}" = 0 ]; then
	skip "the README in a clean root" "turned off (OC_LEAPP_CLEANROOT=0)"
	summary; exit 0
fi
if ! why=$(roots_usable); then
	skip "the README in a clean root" "$why"
	summary; exit 0
fi
if ! mirror_reachable "$MIRROR" bookworm; then
	skip "the README in a clean root" "the Debian mirror $MIRROR is not reachable (make deps needs it)"
	summary; exit 0
fi
if ! git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
	skip "the README in a clean root" "$top is not a git work tree to clone"
	summary; exit 0
fi

t0=$(date +%s)
if ! tar=$(root_tarball debian12-git-make --variant=minbase --include=git,make \
	--aptopt='Acquire::Retries "3"' bookworm TARGET \
	"deb $MIRROR bookworm main" "deb $MIRROR bookworm-updates main" "deb $SECURITY bookworm-security main"); then
	fail "a clean Debian 12 root (mmdebstrap)" "see the lines above"
	summary; exit 1
fi
r=$T_TMP/root
root_unpack "$tar" "$r"
root_mount "$r"
ok "a clean Debian 12 root with only git and make ($(($(date +%s) - t0)) s)"
if chroot "$r" sh -c 'command -v gcc || command -v pkg-config || command -v sudo || command -v node' >/dev/null 2>&1; then
	fail "the root has no compiler, pkg-config, sudo or node" "$(chroot "$r" sh -c 'command -v gcc pkg-config sudo node')"
else
	ok "the root has no compiler, pkg-config, sudo or node"
fi

# This network's own settings, as a newcomer's machine here would have them:
# the local CAs (a TLS-inspecting proxy signs npm's registry with one), Node's
# use of the system's CAs, and the proxy variables. Nothing else of the host.
if [ -d /usr/local/share/ca-certificates ]; then
	mkdir -p "$r/usr/local/share/ca-certificates"
	cp -a /usr/local/share/ca-certificates/. "$r/usr/local/share/ca-certificates/"
fi
site_env=""
for v in NODE_EXTRA_CA_CERTS http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
	eval "val=\${$v:-}"
	[ -z "$val" ] || site_env="$site_env $v=$val"
done

# Downloaded packages are kept between runs (not installed ones: make deps
# still installs everything, the first time, as a newcomer's would).
mkdir -p "$OC_LEAPP_CACHE/apt-archives/partial"
mount --bind "$OC_LEAPP_CACHE/apt-archives" "$r/var/cache/apt/archives"
# The static libraries `make dist` builds from Debian's sources, shared with
# the host's cache (read-only for the normal user, who then reuses them).
mkdir -p "$OC_LEAPP_CACHE/static" "$r/cache/static"
mount --bind "$OC_LEAPP_CACHE/static" "$r/cache/static"

# The work tree as it would be committed: a clone of HEAD, the changes to
# tracked files, and the new files git does not ignore.
clone_into() {	# DIR
	git clone -q --no-hardlinks "$top" "$1"
	git -C "$top" diff --binary HEAD >"$T_TMP/wt.diff"
	[ ! -s "$T_TMP/wt.diff" ] || git -C "$1" apply --whitespace=nowarn "$T_TMP/wt.diff"
	git -C "$top" ls-files -z --others --exclude-standard | (cd "$top" && xargs -0r cp --parents -t "$1")
}
chroot "$r" useradd -m -s /bin/sh newcomer
nc_id=$(chroot "$r" id -u newcomer):$(chroot "$r" id -g newcomer)
clone_into "$r/root/oc-leapp"
clone_into "$r/home/newcomer/oc-leapp"
chroot "$r" chown -R newcomer:newcomer /home/newcomer/oc-leapp

# in_root USER DIR CMD...: CMD in DIR inside the root, with a login's clean
# environment (nothing of the outer make check leaks in); output to $T_TMP/log.
in_root() {
	user=$1 dir=$2; shift 2
	home=/root ids=0:0
	[ "$user" = root ] || { home=/home/$user; ids=$nc_id; }
	set +e
	chroot --userspec="$ids" --groups="${ids#*:}" "$r" /usr/bin/env -i HOME="$home" USER="$user" LOGNAME="$user" \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 TERM=dumb \
		MAKEFLAGS=-j2 OC_LEAPP_IN_CLEANROOT=1 OC_LEAPP_CACHE="$home/.cache/oc-leapp" OC_LEAPP_STATIC_CACHE=/cache/static \
		OC_LEAPP_BOOT=0 \
		$site_env sh -c 'cd "$1" && shift && exec "$@"' _ "$dir" "$@" >"$T_TMP/log" 2>&1
	RC=$?
	set -e
}
# says LINE: the output has it, whole
says() { grep -qxF -- "$1" "$T_TMP/log"; }
tail_log() { tail -n "${1:-25}" "$T_TMP/log"; }

# ---- a normal user, nothing installed ----
in_root newcomer /home/newcomer/oc-leapp make check
if [ "$RC" -ne 0 ] && grep -q '^oc-leapp: make check needs these Debian packages: .*build-essential.*; run "make deps" as root' "$T_TMP/log" &&
   [ "$(grep -vc '^make: \*\*\*' "$T_TMP/log")" -eq 1 ]; then
	ok "make check without the packages: one line, naming them and make deps as root"
else
	fail "make check without the packages: one line" "exit $RC" "$(tail_log)"
fi
in_root newcomer /home/newcomer/oc-leapp make demo
if [ "$RC" -ne 0 ] && grep -q '^oc-leapp: make deps must install Debian packages (.*) and this is not root and there is no sudo: run "make deps" as root once' "$T_TMP/log" &&
   [ "$(grep -vc '^make: \*\*\*' "$T_TMP/log")" -eq 1 ]; then
	ok "make demo as a normal user without sudo: one line, run make deps as root"
else
	fail "make demo as a normal user without sudo: one line" "exit $RC" "$(tail_log)"
fi

# ---- root: the README's two commands ----
t=$(date +%s)
in_root root /root/oc-leapp make demo
cp "$T_TMP/log" "$T_TMP/demo.log"
if [ "$RC" -eq 0 ] && grep -q 'ImageURLUnreachable' "$T_TMP/log" && grep -q '^deps: \[2/3\] installing ' "$T_TMP/log" &&
   grep -q '^Setting up libcurl4-openssl-dev' "$T_TMP/log"; then
	ok "make demo, the first time, as root: packages installed (progress shown), built, demo run ($(($(date +%s) - t)) s)"
else
	fail "make demo as root, the first time" "exit $RC" "$(tail_log 40)"
fi
n=$(grep -c 'EBADENGINE\|Unsupported engine' "$T_TMP/log" || :)
[ "$n" -eq 0 ] && ok "npm does not warn about engines on Debian 12's Node" || fail "npm engine warnings" "$n" "$(grep -m3 EBADENGINE "$T_TMP/log")"
t=$(date +%s)
in_root root /root/oc-leapp make check
cp "$T_TMP/log" "$T_TMP/check-root.log"
line=$(grep '^check: ' "$T_TMP/log" | tail -n 1)
if [ "$RC" -eq 0 ] && printf '%s\n' "$line" | grep -qE '^check: [0-9]+ passed, 0 failed, [0-9]+ skipped$'; then
	ok "make check as root, after make demo: $line ($(($(date +%s) - t)) s)"
else
	fail "make check as root" "exit $RC" "$(grep -E '^(FAIL|failing)' -A3 "$T_TMP/log" | head -40)" "$(tail_log 5)"
fi

# ---- a normal user, make deps already run (by root) ----
rm -rf "$r/home/newcomer/oc-leapp"
cp -a "$r/root/oc-leapp" "$r/home/newcomer/oc-leapp"
chroot "$r" chown -R newcomer:newcomer /home/newcomer/oc-leapp
user_suites=$(cd "$top" && for f in $(grep -l -e 'id -u' -e setpriv -e unshare tests/suites/*.sh) tests/suites/fuzz.sh; do
	n=${f##*/}; n=${n%.sh}
	case $n in boot|clean-root) ;; *) echo "$n" ;; esac
done | sort -u | tr '\n' ' ')
t=$(date +%s)
in_root newcomer /home/newcomer/oc-leapp make check SUITES="$user_suites"
cp "$T_TMP/log" "$T_TMP/check-user.log"
line=$(grep '^check: ' "$T_TMP/log" | tail -n 1)
if [ "$RC" -eq 0 ] && printf '%s\n' "$line" | grep -qE '^check: [0-9]+ passed, 0 failed, [0-9]+ skipped$' &&
   grep -q '^  tests/suites/archive.sh: skip the archive round trip: needs root' "$T_TMP/log"; then
	ok "make check as a normal user ($user_suites): $line, what needs root skipped with its reason ($(($(date +%s) - t)) s)"
else
	fail "make check as a normal user" "exit $RC" "$(grep -E '^(FAIL|failing)' -A3 "$T_TMP/log" | head -40)" "$(tail_log 5)"
fi
# Where the logs are, for a person reading a failure.
if [ "$T_FAIL" -gt 0 ]; then
	logs=$OC_LEAPP_CACHE/clean-root-logs
	rm -rf "$logs" && mkdir -p "$logs" && cp "$T_TMP"/*.log "$logs"/ 2>/dev/null &&
		printf 'note the logs of this run: %s\n' "$logs"
fi
summary
