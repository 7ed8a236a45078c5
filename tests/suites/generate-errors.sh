#!/bin/sh
# generate with bad input: one line "oc-leapp: error: ..." naming the bad
# value, exit 2 for usage and 1 otherwise, nothing written, no sanitizer report.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
# The namespace comes from the kubeconfig unless -n says it: none here.
export KUBECONFIG="$T_TMP/no-kubeconfig"
m=$T_TMP/m
sh "$top/tests/machines.sh" "$m"
mkdir -p "$m/___"

# expect CODE 'STDERR SUBSTRING' ARGS...: runs generate with --root and a fresh --dest.
n=0
expect() {
	code=$1 want=$2; shift 2
	n=$((n + 1))
	dest=$T_TMP/dest$n
	run_cmd "$T_TMP/out" "$T_TMP/err" "$OC_LEAPP" generate --root "$m" "$@"
	what="generate $* -> $code"
	lines=$(wc -l < "$T_TMP/err")
	if [ "$RC" -ne "$code" ]; then
		fail "$what" "exit $RC" "$(cat "$T_TMP/err")"
	elif ! grep -qF -- "$want" "$T_TMP/err"; then
		fail "$what" "stderr lacks: $want" "$(cat "$T_TMP/err")"
	elif ! tail -n 1 "$T_TMP/err" | grep -q '^oc-leapp: error: '; then
		fail "$what" "the last line is not an error line" "$(cat "$T_TMP/err")"
	elif [ "$(grep -c 'error:' "$T_TMP/err")" -ne 1 ]; then
		fail "$what" "not exactly one error line" "$(cat "$T_TMP/err")"
	elif ! no_sanitizer_report "$T_TMP/err"; then
		fail "$what" "sanitizer report"
	elif [ -s "$T_TMP/out" ]; then
		fail "$what" "wrote to stdout" "$(head -3 "$T_TMP/out")"
	else
		ok "$what ($(tail -n 1 "$T_TMP/err" | cut -c1-90))"
	fi
	: "$lines"
}
D() { echo "$T_TMP/dest$((n + 1))"; }

expect 2 'needs a mode' -c centos7-web
expect 2 'unknown mode "bogus"' bogus -c centos7-web
expect 2 'unexpected argument "extra"' macroimage extra -c centos7-web
expect 2 'required flag "container-name"' macroimage
expect 2 'multivolume needs --image-url' multivolume -c centos7-web
expect 2 'invalid --image-url "ftp://x/y.tar.gz"' multivolume -c centos7-web -m ftp://x/y.tar.gz
expect 2 'white space must be written as %20' multivolume -c centos7-web -m 'http://x/a b.tar.gz'
expect 2 '--service-account default is every pod' stateful -c centos7-web --service-account default
expect 2 '--service-account default is every pod' macroimage -c centos7-web -s default
expect 2 'invalid service account "-a"' multivolume -c centos7-web -m http://x/y.tar.gz --service-account=-a
expect 2 'invalid port "99999" for --tcp' macroimage -c centos7-web --tcp 99999
expect 2 'invalid port "0" for --tcp' macroimage -c centos7-web -t 0
expect 2 'invalid port "abc" for --tcp' macroimage -c centos7-web --tcp abc
expect 2 'invalid port ":80" for --tcp' macroimage -c centos7-web --tcp=:80
expect 2 'invalid port "1:2:3" for --udp' macroimage -c centos7-web --udp 1:2:3
expect 2 'port 80/TCP is exposed twice' macroimage -c centos7-web -t 80 -t 80:8080
expect 2 'invalid IP address "300.1.1.1"' macroimage -c centos7-web -t 80 --ip 300.1.1.1
expect 2 'invalid IP address "example.com"' macroimage -c centos7-web -t 80 --ip=example.com
expect 2 'not a path' macroimage -c ../etc
expect 2 'not a path' macroimage -c /etc
expect 2 'not a path' macroimage -c ..
expect 2 'has no letters or digits' macroimage -c ___
expect 2 'unknown flag: --bogus' macroimage -c centos7-web --bogus
expect 2 'unknown shorthand flag' macroimage -c centos7-web -Z
expect 2 'invalid value "xml" for --output' macroimage -c centos7-web -o xml
expect 2 'cannot be used with --dest' macroimage -c centos7-web -o yaml -e "$(D)"
expect 2 '--local-image is for macroimage only' multivolume -c centos7-web -m http://x/y --local-image
expect 2 '--image-url is for multivolume only' macroimage -c centos7-web -m http://x/y
expect 2 '--legacy-init-annotation is for multivolume only' stateful -c centos7-web -s sa --legacy-init-annotation
expect 2 '--init-image is for multivolume only' macroimage -c centos7-web --init-image busybox
expect 2 'invalid value "job" for --workload' stateful -c centos7-web -s sa --workload job
expect 2 'invalid service account "Use Root"' stateful -c centos7-web -s 'Use Root'
expect 2 'invalid --capabilities "ALL"' macroimage -c centos7-web --capabilities ALL
expect 2 'invalid --capabilities "+SYS_CHROOTX"' macroimage -c centos7-web --capabilities +SYS_CHROOTX
expect 2 'invalid --capabilities "+"' macroimage -c centos7-web --capabilities=+
expect 2 'invalid --capabilities "-"' macroimage -c centos7-web --capabilities -NET_RAW --capabilities=-
expect 2 'invalid --capabilities "bogus"' macroimage -c nope --capabilities bogus
expect 2 '--node is for stateful' macroimage -c centos7-web --node n1
expect 2 '--node is for stateful' multivolume -c centos7-web -m http://x/y.tar.gz --node n1
expect 2 'invalid --node "Node_1"' stateful -c centos7-web --node Node_1
expect 2 'invalid --node ""' stateful -c centos7-web --node=
expect 2 'one IPv4 and one IPv6 at most' macroimage -c centos7-web -t 80 -b --ip 10.0.0.1,10.0.0.2
expect 2 'one IPv4 and one IPv6 at most' macroimage -c centos7-web -t 80 -b --ip 2001:db8::1 --ip 2001:db8::2
expect 2 'invalid namespace "Demo"' macroimage -c centos7-web -n Demo
expect 2 'invalid namespace "a.b"' macroimage -c centos7-web --namespace a.b
expect 2 'invalid namespace "-x"' macroimage -c centos7-web --namespace=-x
expect 2 "invalid namespace \"$(printf 'x%.0s' $(seq 64))\"" macroimage -c centos7-web -n "$(printf 'x%.0s' $(seq 64))"
expect 2 'flag needs an argument' macroimage -c centos7-web -n
expect 2 'not a boolean' macroimage -c centos7-web --force=maybe
expect 2 'flag needs an argument: --dest' macroimage -c centos7-web --dest
expect 2 '--dest is empty' macroimage -c centos7-web --dest=
expect 2 '--dest is empty' macroimage -c centos7-web --archive -e ''
expect 2 '--image is empty' macroimage -c centos7-web --image=
expect 2 '--base-image is empty' stateful -c centos7-web -s sa --base-image ''
expect 2 '--init-image is empty' multivolume -c centos7-web -m http://x/y.tar.gz --init-image=
expect 1 'machine "nope" not found' macroimage -c nope
expect 2 'invalid --image-url' multivolume -c centos7-web -m "$(printf 'http://x/\377.tar.gz')"
expect 2 'invalid --base-image' stateful -c centos7-web -s sa --base-image "$(printf 'img\377')"
bad=$(printf 'bad\377')
mkdir -p "$m/centos6-app/$bad" && : >"$m/centos6-app/$bad/f"
expect 1 "the directory's name is not UTF-8" stateful -c centos6-app -s sa -e "$(D)"
rm -rf "$m/centos6-app/$bad"
expect 1 'no directories to carry' macroimage -c empty
# A FIFO where the release file should be: read past without waiting on it.
mkdir -p "$m/fifo/etc" "$m/fifo/usr/bin" && : >"$m/fifo/usr/bin/x" && mkfifo "$m/fifo/etc/os-release"
run_cmd "$T_TMP/out" "$T_TMP/err" timeout 20 "$OC_LEAPP" generate stateful --root "$m" -c fifo -s sa -o yaml
if [ "$RC" -eq 0 ] && grep -q '^oc-leapp: warning: cannot tell the release of machine "fifo"' "$T_TMP/err"; then
	ok "a FIFO as etc/os-release: a warning, no wait"
else
	fail "a FIFO as etc/os-release" "exit $RC" "$(cat "$T_TMP/err")"
fi
rm -rf "$m/fifo"

# --init, --host-cgroup, --grace-period, --memory, --cpu, --registry
expect 2 'invalid value "bogus" for --init' macroimage -c centos7-web --init bogus
expect 2 'flag needs an argument: --init' macroimage -c centos7-web --init
expect 1 '--init systemd needs a machine that boots with systemd; CentOS release 6.9 (Final) boots with upstart' macroimage -c centos6-app --init systemd
expect 1 '--init services needs a machine that boots with systemd' stateful -c centos6-app -s sa --init services
expect 1 '--init sysv runs the rc scripts of upstart and sysvinit machines; CentOS Linux 7 (Core) boots with systemd' macroimage -c centos7-web --init sysv
expect 2 '--host-cgroup is for systemd as PID 1 (--init systemd); with --init services' macroimage -c centos7-web --host-cgroup
expect 2 '--host-cgroup is for systemd as PID 1 (--init systemd); with --init sysv' macroimage -c centos6-app --host-cgroup
expect 2 'not a boolean' macroimage -c centos7-web --host-cgroup=sometimes
for g in 0 -5 abc 1.5 90x 86401 2d 99999999999999999999 ''; do
	expect 2 "invalid --grace-period \"$g\"" macroimage -c centos7-web --grace-period="$g"
done
expect 2 'invalid --memory: "512" is less than a mebibyte (a bare number is bytes): did you mean 512Mi?' macroimage -c centos7-web --memory 512
expect 2 'invalid --memory: "500m" is thousandths of a byte (m is milli): did you mean 500Mi?' macroimage -c centos7-web --memory 500m
expect 2 'invalid --memory: "0" is not more than zero' macroimage -c centos7-web --memory 0
expect 2 'invalid --memory: "-1Gi" is not more than zero' macroimage -c centos7-web --memory=-1Gi
expect 2 'invalid --memory: "1Gb" is not a quantity' macroimage -c centos7-web --memory 1Gb
expect 2 'invalid --memory: "" is not a quantity' macroimage -c centos7-web --memory ''
expect 2 'invalid --memory: "99999999Ei" is more memory than a quantity can hold' macroimage -c centos7-web --memory 99999999Ei
expect 2 'invalid --cpu: "2Gi" is a size, not a number of cores' macroimage -c centos7-web --cpu 2Gi
expect 2 'invalid --cpu: "0" is not more than zero' macroimage -c centos7-web --cpu 0
expect 2 'invalid --cpu: "0.0001" is less than a thousandth of a core' macroimage -c centos7-web --cpu 0.0001
expect 2 'invalid --cpu: "two" is not a quantity' macroimage -c centos7-web --cpu two
expect 2 'invalid --cpu: "1.5.2" is not a quantity' macroimage -c centos7-web --cpu 1.5.2
expect 2 'invalid --registry "https://quay.io/acme": give it without a scheme' macroimage -c centos7-web --registry https://quay.io/acme
expect 2 'invalid --registry "quay.io/Acme": "Acme" is not a repository path component' macroimage -c centos7-web --registry quay.io/Acme
expect 2 'invalid --registry "quay.io/acme:v1"' macroimage -c centos7-web --registry quay.io/acme:v1
expect 2 'invalid --registry "quay.io/acme@sha256:00": a registry has no digest' macroimage -c centos7-web --registry quay.io/acme@sha256:00
expect 2 'invalid --registry "bad host:5000/x"' macroimage -c centos7-web --registry 'bad host:5000/x'
expect 2 'invalid --registry "reg.example.com:99999/x"' macroimage -c centos7-web --registry reg.example.com:99999/x
expect 2 'invalid --registry "quay.io//acme"' macroimage -c centos7-web --registry quay.io//acme
expect 2 'invalid --registry "": it is empty' macroimage -c centos7-web --registry ''
expect 2 '--registry names the images generate writes, and with --base-image there are none' stateful -c centos7-web -s sa --base-image x --registry quay.io/acme
expect 2 'with --base-image and --image there are none' macroimage -c centos7-web --base-image x --image y --registry quay.io/acme
# leapp-init, which the base image needs for --init services/sysv and multivolume's init container
OC_LEAPP_INIT=$T_TMP/nowhere expect 1 "OC_LEAPP_INIT names $T_TMP/nowhere, which is not a file" macroimage -c centos7-web -e "$(D)"
mkdir -p "$T_TMP/lonely"
cp "$OC_LEAPP" "$T_TMP/lonely/oc-leapp"
saved=$OC_LEAPP
OC_LEAPP=$T_TMP/lonely/oc-leapp OC_LEAPP_INIT='' expect 1 'cannot find leapp-init, the base image' multivolume -c centos6-app -m http://x/y.tar.gz -e "$(D)"
OC_LEAPP=$saved
mkdir -p "$m/centos6-app/.leapp" && : > "$m/centos6-app/.leapp/x"
expect 1 "centos6-app/.leapp would be mounted over the base image's /.leapp, where leapp-init lives" multivolume -c centos6-app -m http://x/y.tar.gz -e "$(D)"
rm -rf "$m/centos6-app/.leapp"
expect 1 'cannot create directory /etc/passwd/x: Not a directory' macroimage -c centos7-web -e /etc/passwd/x

# A message quoting control characters is still one line.
run_cmd "$T_TMP/out" "$T_TMP/err" "$OC_LEAPP" generate macroimage --root "$m" -c "$(printf 'a\nb\033[2J')"
if [ "$RC" -eq 1 ] && [ "$(wc -l < "$T_TMP/err")" -eq 1 ] &&
   grep -qF 'oc-leapp: error: machine "a\nb\x1b[2J" not found' "$T_TMP/err"; then
	ok "a newline and an escape in -c: one error line, escaped"
else
	fail "control characters in -c" "exit $RC" "$(cat -v "$T_TMP/err")"
fi
# Warnings quote the machine's path: one line each, escaped, too.
odd=$(printf 'odd\nname\033[2J')
mkdir -p "$m/$odd/etc" "$m/$odd/usr"
printf 'ID=centos\nVERSION_ID=7\n' >"$m/$odd/etc/os-release"
run_cmd "$T_TMP/out" "$T_TMP/err" "$OC_LEAPP" generate macroimage --root "$m" -c "$odd" -o yaml
if [ "$RC" -eq 0 ] && grep -qF 'Note: odd\nname\x1b[2J runs systemd 219' "$T_TMP/err" &&
   ! grep -q "$(printf '\033')" "$T_TMP/err" && grep -qF -- "-c \$'odd\\x0aname\\x1b[2J'" "$T_TMP/err"; then
	ok "control characters in the machine's name: notes escaped, commands quoted as \$'...'"
else
	fail "control characters in a warning" "exit $RC" "$(cat -v "$T_TMP/err")"
fi
rm -rf "$m/$odd"

# Nothing was written by any of the above.
if ls "$T_TMP" | grep -q '^dest'; then fail "bad input wrote a --dest"; else ok "bad input wrote no --dest"; fi

# Existing files are kept without --force, and nothing else is written.
d=$T_TMP/keep
mkdir -p "$d"
echo original > "$d/centos7-web-pod.yaml"
run_cmd "$T_TMP/out" "$T_TMP/err" "$OC_LEAPP" generate macroimage --root "$m" -c centos7-web -t 80 -e "$d"
if [ "$RC" -eq 1 ] && grep -q 'already exists (use --force' "$T_TMP/err" &&
   [ "$(cat "$d/centos7-web-pod.yaml")" = original ] && [ "$(ls -A "$d" | wc -l)" -eq 1 ]; then
	ok "existing file kept, nothing else written"
else
	fail "existing file" "exit $RC" "$(cat "$T_TMP/err")" "$(ls -A "$d")"
fi
run_cmd "$T_TMP/out" "$T_TMP/err" "$OC_LEAPP" generate macroimage --root "$m" -c centos7-web -t 80 -e "$d" --force
if [ "$RC" -eq 0 ] && grep -q 'kind: Pod' "$d/centos7-web-pod.yaml" && ! ls -A "$d" | grep -q tmp; then
	ok "--force replaces, no temporary files left"
else
	fail "--force" "exit $RC" "$(cat "$T_TMP/err")" "$(ls -A "$d")"
fi

# --archive is undone when the objects cannot be written.
d=$T_TMP/archclash
mkdir -p "$d"
echo original > "$d/Dockerfile"
run_cmd "$T_TMP/out" "$T_TMP/err" "$OC_LEAPP" generate macroimage --root "$m" -c centos7-web -t 80 -e "$d" --archive
if [ "$RC" -eq 1 ] && grep -q "^oc-leapp: error: $d/Dockerfile already exists" "$T_TMP/err" &&
   [ "$(ls -A "$d")" = Dockerfile ]; then
	ok "--archive, existing file: the archive is not left behind"
else
	fail "--archive, existing file" "exit $RC" "$(cat "$T_TMP/err")" "$(ls -A "$d")"
fi

# --force cannot replace a directory: found before anything is written.
d=$T_TMP/dirclash
mkdir -p "$d/Dockerfile"
run_cmd "$T_TMP/out" "$T_TMP/err" "$OC_LEAPP" generate macroimage --root "$m" -c centos7-web -t 80 -e "$d" --force
if [ "$RC" -eq 1 ] && grep -q "^oc-leapp: error: cannot replace $d/Dockerfile: it is a directory" "$T_TMP/err" &&
   [ "$(ls -A "$d")" = Dockerfile ]; then
	ok "--force over a directory: one clear line, nothing written"
else
	fail "--force over a directory" "exit $RC" "$(cat "$T_TMP/err")" "$(ls -A "$d")"
fi

# Permissions: root reads everything, so as root these run as nobody; anyone
# else is refused by the modes as it is.
if [ "$(id -u)" -ne 0 ] || command -v setpriv >/dev/null 2>&1; then
	chmod 755 "$T_TMP" "$m"
	if [ "$(id -u)" -eq 0 ]; then
		# nobody may not reach leapp-init where the clone is (root's home is 0700)
		cp "$top/build/init/leapp-init" "$T_TMP/leapp-init" 2>/dev/null && chmod 755 "$T_TMP/leapp-init"
		as_nobody() { OC_LEAPP_INIT="$T_TMP/leapp-init" setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
	else
		as_nobody() { "$@"; }
	fi
	ro=$T_TMP/readonly
	mkdir -p "$ro" && chmod 555 "$ro"
	run_cmd "$T_TMP/out" "$T_TMP/err" as_nobody "$OC_LEAPP" generate macroimage --root "$m" -c centos7-web -t 80 -e "$ro/sub"
	if [ "$RC" -eq 1 ] && grep -q "oc-leapp: error: cannot create directory $ro/sub: Permission denied" "$T_TMP/err"; then
		ok "unwritable --dest: one clear line"
	else
		fail "unwritable --dest" "exit $RC" "$(cat "$T_TMP/err")"
	fi
	run_cmd "$T_TMP/out" "$T_TMP/err" as_nobody "$OC_LEAPP" generate macroimage --root "$m" -c centos7-web -t 80 -e "$ro"
	if [ "$RC" -eq 1 ] && grep -q "oc-leapp: error: cannot write to $ro: permission denied" "$T_TMP/err" && [ -z "$(ls -A "$ro")" ]; then
		ok "read-only --dest: one clear line, nothing written"
	else
		fail "read-only --dest" "exit $RC" "$(cat "$T_TMP/err")"
	fi
	chmod 000 "$m/centos6-app"
	run_cmd "$T_TMP/out" "$T_TMP/err" as_nobody "$OC_LEAPP" generate macroimage --root "$m" -c centos6-app -o yaml
	if [ "$RC" -eq 1 ] && grep -q "oc-leapp: error: cannot read $m/centos6-app" "$T_TMP/err"; then
		ok "unreadable machine: one clear line"
	else
		fail "unreadable machine" "exit $RC" "$(cat "$T_TMP/err")"
	fi
	chmod 755 "$m/centos6-app"
	chmod 000 "$m/centos6-app/var"
	run_cmd "$T_TMP/out" "$T_TMP/err" as_nobody "$OC_LEAPP" generate stateful --root "$m" -c centos6-app -s sa -o yaml
	if [ "$RC" -eq 1 ] && grep -q "oc-leapp: error: cannot read $m/centos6-app/var" "$T_TMP/err"; then
		ok "unreadable directory in the machine: one clear line"
	else
		fail "unreadable directory in the machine" "exit $RC" "$(cat "$T_TMP/err")"
	fi
	chmod 755 "$m/centos6-app/var"
else
	skip "permission cases" "as root they need setpriv to act as another user"
fi

# Good runs: stdout with -o holds only objects; warnings go to stderr.
run_cmd "$T_TMP/out" "$T_TMP/err" "$OC_LEAPP" generate multivolume --root "$m" -c centos7-web -t 80 -m http://x/y.tar.gz -o yaml
if [ "$RC" -eq 0 ] && ! grep -q 'Next steps' "$T_TMP/out" && grep -q 'cgroup v2' "$T_TMP/err" &&
   node "$top/tests/tools/k8scheck.mjs" validate "$T_TMP/out" >/dev/null; then
	ok "-o yaml: objects only on stdout, the cgroup v2 warning on stderr"
else
	fail "-o yaml" "exit $RC" "$(head -5 "$T_TMP/out")"
fi
run_cmd "$T_TMP/out" "$T_TMP/err" "$OC_LEAPP" generate macroimage --root "$m" -c centos7-web -e "$T_TMP/ns"
if [ "$RC" -eq 0 ] && [ ! -e "$T_TMP/ns/centos7-web-svc.yaml" ] && grep -q 'no Service written' "$T_TMP/out" &&
   grep -q "oc create -f $T_TMP/ns" "$T_TMP/out" && grep -q 'SecurityContextConstraints leapp-centos7-web.default' "$T_TMP/out"; then
	ok "no ports: no Service, said so; next steps name the directory and the SCC"
else
	fail "no ports" "exit $RC" "$(cat "$T_TMP/out")"
fi
run_cmd "$T_TMP/out" "$T_TMP/err" "$OC_LEAPP" generate --help
if [ "$RC" -eq 0 ] && grep -q '^Usage:' "$T_TMP/out" && grep -q -- '--container-name NAME' "$T_TMP/out"; then
	ok "generate --help"
else
	fail "generate --help" "exit $RC"
fi
summary
