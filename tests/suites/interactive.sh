#!/bin/sh
# The interactive generate, driven as a person would: in a terminal (tmux),
# typing answers, pressing Tab and Enter, Ctrl-C and Ctrl-D, and reading the
# screen. Each step waits for the screen to show what it needs (with a
# deadline) rather than sleeping.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
if ! command -v tmux >/dev/null 2>&1; then
	skip "interactive mode" "tmux is not installed"
	summary
	exit
fi
m=$T_TMP/m
sh "$top/tests/machines.sh" "$m"
# the namespace question's default: this kubeconfig's context (tmux passes the environment on)
cat > "$T_TMP/kubeconfig" <<'EOF2'
apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
contexts: [{name: ctx, context: {cluster: c, namespace: team-a}}]
current-context: ctx
EOF2
export KUBECONFIG="$T_TMP/kubeconfig"
n=0
sock=$T_TMP/tmux.0
export TERM="${TERM:-xterm}"
[ "$TERM" != dumb ] || TERM=xterm
unset NO_COLOR
tm() { tmux -f /dev/null -S "$sock" "$@"; }
trap 'for s in "$T_TMP"/tmux.*; do tmux -S "$s" kill-server 2>/dev/null || :; done; rm -rf "$T_TMP"' EXIT

# start DIR ARGS...: runs the program in a fresh 120x40 terminal in DIR; the
# shell then prints EXIT=status and waits.
start() {
	dir=$1; shift
	mkdir -p "$dir"
	# each run its own tmux server: a server being stopped cannot race a new one
	tm kill-server 2>/dev/null || true
	n=$((n + 1))
	sock=$T_TMP/tmux.$n
	printf '%s\n' "cd '$dir' || exit" "'$OC_LEAPP' \"\$@\"" 'echo "EXIT=$?"' 'exec sleep 300' > "$T_TMP/run.sh"
	# bash, as a login shell would be: it outlives a child that handles Ctrl-C
	tm new-session -d -x 120 -y 40 bash "$T_TMP/run.sh" "$@"
}
screen() { tm capture-pane -p -J -t 0 -S -200 > "$T_TMP/screen" 2>/dev/null || :; }
# wait_for TEXT: until the screen shows TEXT (or asks a question), 15 s at most.
wait_for() {
	end=$(($(date +%s) + 15))
	while :; do
		screen
		grep -qF -- "$1" "$T_TMP/screen" && return 0
		[ "$(date +%s)" -lt "$end" ] || return 1
		sleep 0.05
	done
}
keys() { tm send-keys -t 0 "$@"; }
# step WHAT TEXT: a test that the screen comes to show TEXT.
step() {
	if wait_for "$2"; then ok "$1"; else fail "$1" "the screen never showed: $2" "$(cat "$T_TMP/screen")"; fi
}
clean_screen() {
	if no_sanitizer_report "$T_TMP/screen"; then ok "$1: no sanitizer report"
	else fail "$1: no sanitizer report" "$(cat "$T_TMP/screen")"; fi
}

# ---- a whole run: defaults, Tab, a bad port asked again, files written ----
w=$T_TMP/run1
start "$w" generate --root "$m"
step "asks for the mode, default in brackets" "Mode (macroimage, multivolume, stateful) [macroimage]: "
keys Enter
step "asks for the machine" "The macrocontainer to carry (--container-name NAME): "
keys centos7 Tab
step "Tab completes the machine's name" "The macrocontainer to carry (--container-name NAME): centos7-web"
keys Enter
step "asks for the namespace, the kubeconfig context's by default" "The namespace of the objects (--namespace NAMESPACE) [team-a]: "
keys "Team A" Enter
step "a bad namespace is refused with generate's own words" 'invalid namespace "Team A": a lowercase RFC 1123 label is required'
keys C-u "mig" Enter
step "asks for the service account, the machine's own by default" "The machine's own service account (--service-account NAME) [leapp-centos7-web]: "
keys Enter
step "asks for ports, naming the flag" "TCP ports to expose (--tcp [EXPOSED:]PORT, optional): "
keys "9022:22 99999" Enter
step "a bad port is refused with generate's own words" 'invalid port "99999" for --tcp: expected [EXPOSED:]PORT, numbers from 1 to 65535'
keys "9022:22 80" Enter
step "asks where to write, default in brackets" "Write the files here, creating it if needed (--dest DIR) [.]: "
keys "ou" Tab
keys "t" Enter
step "asks what runs as PID 1, auto by default" "What runs as PID 1 (--init: auto, systemd, services, sysv) [auto]: "
keys "upstart" Enter
step "a PID 1 that is not a choice is refused as the flag would be" 'invalid value "upstart" for --init: must be one of auto, systemd, services, sysv'
keys "serv" Tab Enter
step "asks for the registry, optional" "Where the images go (--registry REGISTRY, optional): "
keys "https://quay.io/acme" Enter
step "a registry with a scheme is refused with generate's own words" 'invalid --registry "https://quay.io/acme": give it without a scheme'
keys C-u "quay.io/acme" Enter
step "prints the command line that does the same" \
	"  oc leapp generate macroimage --root $m --container-name centos7-web --namespace mig --tcp 9022:22,80 --dest out --init services --registry quay.io/acme"
step "runs it" "EXIT=0"
clean_screen "a whole run"
if grep -q "^More options" "$T_TMP/screen"; then fail "generate asks only what is missing" "$(cat "$T_TMP/screen")"
else ok "generate asks only what is missing (no \"More options\")"; fi
if [ -f "$w/out/Dockerfile" ] && [ -f "$w/out/centos7-web-pod.yaml" ] && [ -f "$w/out/centos7-web-svc.yaml" ]; then
	ok "the files are written"
else
	fail "the files are written" "$(ls -R "$w")"
fi
# the printed command, run as is, writes the same files
run_cmd "$T_TMP/out" "$T_TMP/err" sh -c 'cd "$1" && "$2" generate macroimage --root "$3" --container-name centos7-web --namespace mig --tcp 9022:22,80 --dest out2 --init services --registry quay.io/acme </dev/null' \
	_ "$w" "$OC_LEAPP" "$m"
if [ "$RC" -eq 0 ] && diff -r --no-dereference "$w/out" "$w/out2" >/dev/null; then ok "the printed command does the same"
else fail "the printed command does the same" "exit $RC" "$(diff -r --no-dereference "$w/out" "$w/out2" 2>&1 | head -n 20)"; fi

# ---- the mode's own questions, checked on the spot ----
w=$T_TMP/run2
start "$w" generate stateful --root "$m" -n db -o yaml
step "stateful asks for the machine" "The macrocontainer to carry (--container-name NAME): "
keys centos6-app Enter
step "with -n, no namespace question: the service account" "The machine's own service account (--service-account NAME) [leapp-centos6-app]: "
keys "Root!" Enter
step "a bad account is refused with generate's own words" 'invalid service account "Root!": a lowercase RFC 1123 subdomain is required'
keys C-u "default" Enter
step "the namespace's default account is refused" "--service-account default is every pod's account in the namespace"
keys C-u useroot Enter
step "stateful asks for the node, this host's name by default" "The node that holds the machine's files (--node NODE) [$(hostname | tr 'A-Z' 'a-z')]: "
keys "Node 1" Enter
step "a bad node name is refused with generate's own words" 'invalid --node "Node 1": a node'"'"'s name'
keys C-u "worker-1" Enter
step "then the ports" "TCP ports to expose"
keys Enter
step "then PID 1" "What runs as PID 1"
keys Enter
step "then the registry" "Where the images go"
keys Enter
step "no --dest question with -o, straight to the objects" "kind: Deployment"
step "the account answered is the pod's" "serviceAccountName: useroot"
step "the node answered pins the volumes" "- worker-1"
step "stateful run ends well" "EXIT=0"
if grep -q "^Write the files here" "$T_TMP/screen"; then fail "no --dest question with -o" "$(cat "$T_TMP/screen")"; else ok "no --dest question with -o"; fi

# ---- interactive: every option generate takes, each checked as generate checks it ----
run_cmd "$T_TMP/out" "$T_TMP/gen-err" "$OC_LEAPP" generate multivolume --root "$m" -c centos7-web -m ftp://files/web.tar.gz --no-interactive
ftp_error=$(sed -e 's/^oc-leapp: error: //' -e "s/ (see '.*')\$//" "$T_TMP/gen-err")
w=$T_TMP/run7
start "$w" interactive --root "$m"
step "interactive asks for the mode" "Mode (macroimage, multivolume, stateful) [macroimage]: "
keys multivolume Enter
keys centos7-web Enter
step "multivolume asks for the archive URL" "Where the init container downloads the machine's archive (--image-url URL): "
keys ftp://files/web.tar.gz Enter
step "an ftp:// URL is refused at the prompt" "$ftp_error"
keys C-u http://files/web.tar.gz Enter
keys Enter Enter Enter Enter Enter Enter
step "then more options, all for multivolume" "More options: --udp --ip --load-balancer --output --force --host-cgroup --grace-period --memory --cpu --base-image --init-image --legacy-init-annotation --archive --image-sha256 --check-url --capabilities --workload"
if grep "^More options" "$T_TMP/screen" | grep -qE -- '--(local-image|image|node|no-interactive|color) '; then
	fail "options for other modes are not offered" "$(grep '^More options' "$T_TMP/screen")"
else
	ok "options for other modes, and --no-interactive, are not offered"
fi
keys y Enter
step "each option is asked in turn" "UDP ports to expose, as --tcp (--udp [EXPOSED:]PORT, optional): "
keys 53 Enter Enter Enter
step "choices are listed" "Print the objects instead of writing files, for \`oc apply -f -\` (--output: yaml, json, optional): "
keys xml Enter
step "a bad choice is refused as the flag would be" 'invalid value "xml" for --output: must be one of yaml, json'
keys yaml Enter
keys Enter Enter Enter
step "a flag added later is asked too" "Memory the machine requests, and its limit (--memory QUANTITY, optional): "
keys lots Enter
step "... and checked as the flag is" 'invalid --memory: '
keys C-u Enter Enter Enter Enter Enter
step "--archive is not asked with --output" "The archive's SHA-256 (--image-sha256 HEX, optional): "
keys abc Enter
step "a short SHA-256 is refused" 'invalid --image-sha256 "abc": 64 hexadecimal digits expected'
keys C-u Enter Enter Enter Enter
step "the full command line" "  oc leapp generate multivolume --root $m --container-name centos7-web --udp 53 --output yaml --image-url http://files/web.tar.gz"
step "interactive runs it" "EXIT=0"
clean_screen "interactive"
if grep -q "^Also write the machine image" "$T_TMP/screen"; then fail "--archive is not asked with --output" "$(cat "$T_TMP/screen")"
else ok "--archive (which --output excludes) is not asked"; fi

w=$T_TMP/run8
start "$w" -i --root "$m" --tcp 80
step "-i is interactive" "Mode (macroimage, multivolume, stateful) [macroimage]: "
keys stateful Enter
step "-i: asks for the machine" "The macrocontainer to carry"
if grep -q "TCP ports to expose" "$T_TMP/screen"; then fail "a flag given is not asked" "$(cat "$T_TMP/screen")"
else ok "a flag given on the command line is not asked"; fi
keys C-c
step "-i: Ctrl-C" "EXIT=130"

mkdir -p "$T_TMP/noroot"
w=$T_TMP/run9
start "$w" interactive --root "$T_TMP/noroot"
step "no machines under the --root given: said, not asked" "there are no macrocontainers in $T_TMP/noroot to generate for (see --root)"
step "no machines: exit 1" "EXIT=1"

# ---- Ctrl-C and Ctrl-D leave, writing nothing ----
w=$T_TMP/run3
start "$w" generate multivolume --root "$m" -c centos7-web -e out
step "multivolume asks for the archive URL" "Where the init container downloads the machine's archive"
keys C-c
step "Ctrl-C aborts" "aborted: nothing was written"
step "Ctrl-C: exit 130" "EXIT=130"
if [ -z "$(ls -A "$w")" ]; then ok "Ctrl-C: nothing written"; else fail "Ctrl-C: nothing written" "$(ls -R "$w")"; fi

w=$T_TMP/run4
start "$w" generate --root "$m"
step "Ctrl-D run: the mode" "Mode ("
keys stateful Enter
step "Ctrl-D run: the machine" "The macrocontainer to carry ("
keys C-d
step "Ctrl-D aborts with one error line" "oc-leapp: error: aborted: nothing was written"
step "Ctrl-D: exit 1" "EXIT=1"
clean_screen "Ctrl-D"
if [ -z "$(ls -A "$w")" ]; then ok "Ctrl-D: nothing written"; else fail "Ctrl-D: nothing written" "$(ls -R "$w")"; fi

# ---- no questions when told so, even on a terminal; the program alone shows its help ----
w=$T_TMP/run5
start "$w" generate --root "$m" --no-interactive
step "--no-interactive: the usage error" "oc-leapp: error: generate needs a mode"
step "--no-interactive: exit 2" "EXIT=2"
if grep -q "Mode (" "$T_TMP/screen"; then fail "--no-interactive: no prompt" "$(cat "$T_TMP/screen")"; else ok "--no-interactive: no prompt"; fi

w=$T_TMP/run6
start "$w"
step "the program alone on a terminal shows the commands" "  interactive  Ask for everything generate takes, one question at a time, then run it"
step "... and exits 0" "EXIT=0"
if grep -q "Mode (" "$T_TMP/screen"; then fail "the program alone asks nothing" "$(cat "$T_TMP/screen")"; else ok "the program alone asks nothing"; fi

tm kill-server 2>/dev/null || true
summary
