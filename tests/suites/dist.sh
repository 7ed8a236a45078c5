#!/bin/sh
# `make dist`: krew's archive and manifest, and a kubectl-leapp that starts
# on any x86-64 Linux with glibc 2.28 or later and nothing else installed.
# Proved three ways: the file itself (its libraries are glibc's, no symbol
# version above 2.28: release/check-binary.sh); runs in minimal roots made
# with mmdebstrap that hold only glibc (Debian 11, glibc 2.31, the oldest
# release the Debian mirror still serves, and Debian 13, glibc 2.41);
# and there it archives, generates, and diagnoses a pod over TLS against the
# stand-in API server, finding the system's CAs where RHEL keeps them.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
. "$top/tests/roots.sh"
trap 'root_cleanup_all; rm -rf --one-file-system "$T_TMP"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
MIRROR=${OC_LEAPP_MIRROR:-http://deb.debian.org/debian}
# make from inside make check: not told what the outer make was told
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$top" "$@"; }
check() {
	what=$1; shift
	if "$@"; then ok "$what"; else fail "$what" "$(cat "$T_TMP/err" 2>/dev/null || true)"; fi
}

if ! why=$(sh "$top/tests/deps.sh" --check-dist 2>&1); then
	skip "make dist" "$why"
	summary; exit 0
fi

# ---- the archive and the manifest ----
run_cmd "$T_TMP/out" "$T_TMP/err" mk dist DISTDIR="$T_TMP/dist"
check "make dist" [ "$RC" -eq 0 ]
if [ "$RC" -ne 0 ]; then summary; exit 1; fi
tgz=$(ls "$T_TMP"/dist/*.tar.gz 2>/dev/null | head -n 1)
check "the archive holds bin/kubectl-leapp, lib/oc-leapp/leapp-init and LICENSE" \
	[ "$(tar tzf "$tgz" | sort | tr '\n' ' ')" = "LICENSE bin/kubectl-leapp lib/oc-leapp/leapp-init " ]
mkdir -p "$T_TMP/x"
tar xzf "$tgz" -C "$T_TMP/x"
bin=$T_TMP/x/bin/kubectl-leapp
run_cmd "$T_TMP/out" "$T_TMP/err" "$bin" version
check "the archived kubectl-leapp runs here" grep -q '^oc-leapp ' "$T_TMP/out"
case $(file -b "$T_TMP/x/lib/oc-leapp/leapp-init") in
*"statically linked"*) ok "the archived leapp-init is static (it runs inside the machine)" ;;
*) fail "the archived leapp-init is static" "$(file -b "$T_TMP/x/lib/oc-leapp/leapp-init")" ;;
esac
check "LICENSE exists" grep -q "MIT License" "$top/LICENSE"

# krew's required fields, in the template and in the filled-in manifest
cat > "$T_TMP/krew.cjs" <<'EOF'
const fs = require('fs'), path = require('path'), crypto = require('crypto');
const YAML = require(path.join(process.env.TOP, 'tests/node_modules/yaml'));
const [file, archive] = process.argv.slice(2);
const m = YAML.parse(fs.readFileSync(file, 'utf8'));
const need = (ok, what) => { if (!ok) { console.error(file + ': ' + what); process.exit(1); } };
need(m.apiVersion === 'krew.googlecontainertools.github.com/v1alpha2', 'apiVersion');
need(m.kind === 'Plugin', 'kind');
need(m.metadata && m.metadata.name === 'leapp', 'metadata.name');
const s = m.spec || {};
for (const k of ['version', 'homepage', 'shortDescription', 'description'])
	need(typeof s[k] === 'string' && s[k].length > 0, 'spec.' + k);
need(Array.isArray(s.platforms) && s.platforms.length > 0, 'spec.platforms');
for (const p of s.platforms) {
	need(p.selector && (p.selector.matchLabels || p.selector.matchExpressions), 'platform selector');
	need(typeof p.uri === 'string' && p.uri.startsWith('https://'), 'platform uri');
	need(typeof p.bin === 'string' && p.bin === 'bin/kubectl-leapp', 'platform bin');
	for (const f of ['LICENSE', 'bin/kubectl-leapp', 'lib/oc-leapp/leapp-init'])
		need(Array.isArray(p.files) && p.files.some(x => x.from === f), f + ' among files');
	if (archive) {
		need(/^v\d+\.\d+\.\d+$/.test(s.version), 'spec.version is vX.Y.Z');
		need(p.uri.endsWith('/' + path.basename(archive)), 'uri names the archive');
		need(p.uri.includes('/' + s.version + '/'), 'uri has the version');
		const sum = crypto.createHash('sha256').update(fs.readFileSync(archive)).digest('hex');
		need(p.sha256 === sum, 'sha256 is the archive\'s');
		need(p.selector.matchLabels.os === 'linux', 'os label');
	} else {
		need(s.version === '@VERSION@' && p.sha256 === '@SHA256@', 'the template\'s placeholders');
	}
}
EOF
run_cmd "$T_TMP/out" "$T_TMP/err" env TOP="$top" node "$T_TMP/krew.cjs" "$top/leapp.yaml"
check "leapp.yaml: a krew manifest template" [ "$RC" -eq 0 ]
run_cmd "$T_TMP/out" "$T_TMP/err" env TOP="$top" node "$T_TMP/krew.cjs" "$T_TMP/dist/leapp.yaml" "$tgz"
check "dist/leapp.yaml: points at the archive, with its sha256" [ "$RC" -eq 0 ]
grep '^ *#' "$top/leapp.yaml" >"$T_TMP/comments.want"
grep '^ *#' "$T_TMP/dist/leapp.yaml" >"$T_TMP/comments.got"
if cmp -s "$T_TMP/comments.want" "$T_TMP/comments.got" && grep -q '@VERSION@' "$T_TMP/comments.got"; then
	ok "dist/leapp.yaml keeps the template's comments as written (their @VERSION@ too)"
else
	fail "dist/leapp.yaml keeps the template's comments" "$(diff "$T_TMP/comments.want" "$T_TMP/comments.got")"
fi

# ---- what it needs of a system, from the file ----
run_cmd "$T_TMP/out" "$T_TMP/err" sh "$top/release/check-binary.sh" "$bin" 2.28
if [ "$RC" -eq 0 ]; then ok "needs only glibc's libraries, no symbol newer than glibc 2.28 ($(tr '\n' ';' <"$T_TMP/out"))"
else fail "needs only glibc, at most 2.28" "$(cat "$T_TMP/out" "$T_TMP/err")"; fi
# ...and the check itself fails on the normal build, which needs ~50 libraries and glibc 2.34
run_cmd "$T_TMP/out" "$T_TMP/err" sh "$top/release/check-binary.sh" "$OC_LEAPP_PLAIN" 2.28
[ "$RC" -eq 1 ] && grep -q 'libcurl' "$T_TMP/err" && grep -q '__libc_start_main@GLIBC_2.34' "$T_TMP/err" \
	&& ok "check-binary.sh refuses the normal build (shared libraries, glibc 2.34)" || fail "check-binary.sh on the normal build" "$(cat "$T_TMP/err")"

# ---- in roots that hold nothing but glibc ----
if [ -n "${OC_LEAPP_IN_CLEANROOT:-}" ]; then
	skip "kubectl-leapp in older roots" "this is the clean root already: the older roots are made outside it"
	summary; exit 0
fi
if ! why=$(roots_usable); then
	skip "kubectl-leapp in older roots" "$why"
	summary; exit 0
fi
# The stand-in API server, its state where the roots see it at the same path.
sd=$(mktemp -d /tmp/oc-leapp-dist-standin.XXXXXX)
ROOTS_MADE="$ROOTS_MADE $sd"
python3 "$top/tests/standin/apiserver.py" --dir "$sd" --fixtures "$top/tests/standin/fixtures/sample.json" >"$T_TMP/server.log" 2>&1 &
srv=$!
trap 'kill $srv 2>/dev/null; root_cleanup_all; rm -rf --one-file-system "$T_TMP"' EXIT
i=0
while [ ! -s "$sd/port" ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
url=https://127.0.0.1:$(cat "$sd/port")
cat >"$sd/system-ca.kubeconfig" <<EOF
apiVersion: v1
kind: Config
current-context: system-ca
clusters: [{name: c, cluster: {server: "$url"}}]
users: [{name: u, user: {token: "$(cat "$sd/token")"}}]
contexts: [{name: system-ca, context: {cluster: c, user: u, namespace: demo}}]
EOF
for rel in bullseye:2.31 trixie:2.41; do
	suite=${rel%%:*} glibc=${rel#*:}
	if ! mirror_reachable "$MIRROR" "$suite"; then
		skip "kubectl-leapp on Debian $suite (glibc $glibc)" "the Debian mirror $MIRROR has no $suite here"
		continue
	fi
	# merged /usr (/lib64 -> usr/lib64, where the loader is) as every installed Debian 12+ has it
	if ! tar=$(root_tarball "$suite-glibc-only" --variant=extract --include=libc6 \
		--hook-dir=/usr/share/mmdebstrap/hooks/merged-usr "$suite" TARGET "$MIRROR"); then
		fail "a root of $suite with only glibc (mmdebstrap)" "see above"
		continue
	fi
	r=$T_TMP/$suite
	root_unpack "$tar" "$r"
	mkdir -p "$r/proc" "$r/sys" "$r/dev" "$r/etc"
	root_mount "$r"	# /proc as every system has it (the program finds leapp-init through /proc/self/exe)
	mkdir -p "$r/opt/leapp" && cp -a "$T_TMP/x/." "$r/opt/leapp/" && ln -s /opt/leapp/bin/kubectl-leapp "$r/kubectl-leapp"	# krew's link
	cp -r "$top/examples/macrocontainers" "$r/m"
	mkdir -p "$r$sd" "$r/tmp" && cp -a "$sd/." "$r$sd/"
	# inroot [VAR=value...] CMD...: in the root, with nothing of our environment (it has no env of its own)
	inroot() { _e=""; while [ "${1#*=}" != "$1" ]; do _e="$_e $1"; shift; done
		# shellcheck disable=SC2086
		env -i PATH=/ HOME=/ $_e "$(command -v chroot)" "$r" "$@"; }
	debs=$(ls "$r/var/cache/apt/archives" 2>/dev/null | grep '\.deb$' | sed 's/_.*//' | sort -u | tr '\n' ' ')
	run_cmd "$T_TMP/out" "$T_TMP/err" inroot /kubectl-leapp version
	if [ "$RC" -eq 0 ] && grep -q '^oc-leapp ' "$T_TMP/out"; then
		ok "Debian $suite, glibc $glibc, nothing else (packages: ${debs:-libc6 and what it needs}): kubectl-leapp starts"
	else
		fail "Debian $suite (glibc $glibc): kubectl-leapp starts" "exit $RC" "$(cat "$T_TMP/err")"
		continue
	fi
	run_cmd "$T_TMP/out" "$T_TMP/err" inroot /kubectl-leapp archive --root /m -c web-centos7 -q -f /tmp/web.tar.gz
	[ "$RC" -eq 0 ] && tar -tzf "$r/tmp/web.tar.gz" >/dev/null && (cd "$r/tmp" && sha256sum -c --quiet web.tar.gz.sha256) \
		&& ok "$suite: archive (libarchive, zlib, OpenSSL's SHA-256)" || fail "$suite: archive" "exit $RC" "$(cat "$T_TMP/err")"
	run_cmd "$T_TMP/out" "$T_TMP/err" inroot /kubectl-leapp generate multivolume --root /m -c web-centos7 -t 80 \
		-m http://files.example.com/web.tar.gz -o yaml
	[ "$RC" -eq 0 ] && grep -q '^kind: Pod' "$T_TMP/out" && ok "$suite: generate (jansson, libyaml), finding leapp-init through krew's link" || fail "$suite: generate" "exit $RC" "$(cat "$T_TMP/err")"
	run_cmd "$T_TMP/out" "$T_TMP/err" inroot KUBECONFIG="$sd/kubeconfig" /kubectl-leapp diagnose leapp-web-pod -n demo
	[ "$RC" -eq 3 ] && grep -q 'ImageURLUnreachable' "$T_TMP/out" \
		&& ok "$suite: diagnose over TLS (libcurl, nghttp2, threads, the kubeconfig's CA)" || fail "$suite: diagnose" "exit $RC" "$(cat "$T_TMP/err")"
	# No CA in the kubeconfig: the system's, where RHEL keeps them (Debian's OpenSSL looks in /usr/lib/ssl)
	run_cmd "$T_TMP/out" "$T_TMP/err" inroot KUBECONFIG="$sd/system-ca.kubeconfig" /kubectl-leapp diagnose leapp-web-pod
	[ "$RC" -eq 1 ] && grep -qi 'certificate' "$T_TMP/err" \
		&& ok "$suite: without the CA anywhere, the server is refused" || fail "$suite: no CA" "exit $RC" "$(cat "$T_TMP/err")"
	mkdir -p "$r/etc/pki/tls/certs" && cp "$sd/ca.crt" "$r/etc/pki/tls/certs/ca-bundle.crt"
	run_cmd "$T_TMP/out" "$T_TMP/err" inroot KUBECONFIG="$sd/system-ca.kubeconfig" /kubectl-leapp diagnose leapp-web-pod
	[ "$RC" -eq 3 ] && grep -q 'ImageURLUnreachable' "$T_TMP/out" \
		&& ok "$suite: the system's CAs found in /etc/pki/tls/certs/ca-bundle.crt (RHEL's place)" || fail "$suite: system CA" "exit $RC" "$(cat "$T_TMP/err")"
	root_remove "$r"
done
summary
