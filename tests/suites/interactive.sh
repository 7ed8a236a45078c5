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
		[ "$1" = "EXIT=" ] && grep -q "Mode (" "$T_TMP/screen" && return 0
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
step "asks for the machine" "Machine (a macrocontainer): "
keys centos7 Tab
step "Tab completes the machine's name" "Machine (a macrocontainer): centos7-web"
keys Enter
step "asks for the namespace, the kubeconfig context's by default" "Namespace (where the objects go) [team-a]: "
keys "Team A" Enter
step "a bad namespace is explained" '"Team A" cannot be a namespace'
keys "mig" Enter
step "asks for the service account, the machine's own by default" "Service account (the machine's own, granted what it needs to run as root) [leapp-centos7-web]: "
keys Enter
step "asks for ports, with the syntax" "TCP ports to expose ([EXPOSED:]PORT ..., e.g. 9022:22 80) [none]: "
keys "9022:22 99999" Enter
step "a bad port is explained" '"99999" is not a port: give PORT or EXPOSED:PORT, numbers 1 to 65535'
keys "9022:22 80" Enter
step "asks what runs as PID 1, auto by default" "What runs as PID 1 (auto, systemd, services, sysv;"
keys "upstart" Enter
step "a PID 1 that is not a choice is explained" '"upstart" is not a choice: answer auto, systemd, services or sysv'
keys "serv" Tab Enter
step "asks for the registry, none by default" "Registry for the images (none: OpenShift image streams of the current project) [none]: "
keys "https://quay.io/acme" Enter
step "a registry with a scheme is explained" '"https://quay.io/acme" is not a registry: give it without a scheme'
keys "quay.io/acme" Enter
step "asks where to write, default in brackets" "Directory to write the files in [.]: "
keys "ou" Tab
keys "t" Enter
step "prints the command line that does the same" \
	"  oc leapp generate macroimage --root $m -c centos7-web -n mig --tcp 9022:22,80 --init services --registry quay.io/acme -e out"
step "runs it" "EXIT=0"
clean_screen "a whole run"
if [ -f "$w/out/Dockerfile" ] && [ -f "$w/out/centos7-web-pod.yaml" ] && [ -f "$w/out/centos7-web-svc.yaml" ]; then
	ok "the files are written"
else
	fail "the files are written" "$(ls -R "$w")"
fi
# the printed command, run as is, writes the same files
run_cmd "$T_TMP/out" "$T_TMP/err" sh -c 'cd "$1" && "$2" generate macroimage --root "$3" -c centos7-web -n mig --tcp 9022:22,80 --init services --registry quay.io/acme -e out2 </dev/null' \
	_ "$w" "$OC_LEAPP" "$m"
if [ "$RC" -eq 0 ] && diff -r --no-dereference "$w/out" "$w/out2" >/dev/null; then ok "the printed command does the same"
else fail "the printed command does the same" "exit $RC" "$(diff -r --no-dereference "$w/out" "$w/out2" 2>&1 | head -n 20)"; fi

# ---- the mode's own questions, checked on the spot ----
w=$T_TMP/run2
start "$w" generate stateful --root "$m" -n db -o yaml
step "stateful asks for the machine" "Machine (a macrocontainer): "
keys centos6-app Enter
step "with -n, no namespace question: the service account" "Service account (the machine's own, granted what it needs to run as root) [leapp-centos6-app]: "
keys "Root!" Enter
step "a bad account is explained" '"Root!" cannot be a service account'
keys "default" Enter
step "the namespace's default account is refused" '"default" is every pod'"'"'s account in the namespace'
keys useroot Enter
step "stateful asks for the node, this host's name by default" "Node that holds the machine's files (its PersistentVolumes are pinned there) [$(hostname | tr 'A-Z' 'a-z')]: "
keys "Node 1" Enter
step "a bad node name is explained" '"Node 1" cannot be a node'"'"'s name'
keys "worker-1" Enter
step "then the ports, none by default" "TCP ports to expose"
keys Enter
step "then PID 1" "What runs as PID 1"
keys Enter
step "then the registry" "Registry for the images"
keys Enter
step "no --dest question with -o, straight to the objects" "kind: Deployment"
step "the account answered is the pod's" "serviceAccountName: useroot"
step "the node answered pins the volumes" "- worker-1"
step "stateful run ends well" "EXIT=0"
if grep -q "^Directory to write" "$T_TMP/screen"; then fail "no --dest question with -o" "$(cat "$T_TMP/screen")"; else ok "no --dest question with -o"; fi

# ---- Ctrl-C and Ctrl-D leave, writing nothing ----
w=$T_TMP/run3
start "$w" generate multivolume --root "$m" -c centos7-web -e out
step "multivolume asks for the archive URL" "URL of the machine's archive"
keys C-c
step "Ctrl-C aborts" "aborted: nothing was written"
step "Ctrl-C: exit 130" "EXIT=130"
if [ -z "$(ls -A "$w")" ]; then ok "Ctrl-C: nothing written"; else fail "Ctrl-C: nothing written" "$(ls -R "$w")"; fi

w=$T_TMP/run4
start "$w" generate --root "$m"
step "Ctrl-D run: the mode" "Mode ("
keys stateful Enter
step "Ctrl-D run: the machine" "Machine ("
keys C-d
step "Ctrl-D aborts with one error line" "oc-leapp: error: aborted: nothing was written"
step "Ctrl-D: exit 1" "EXIT=1"
clean_screen "Ctrl-D"
if [ -z "$(ls -A "$w")" ]; then ok "Ctrl-D: nothing written"; else fail "Ctrl-D: nothing written" "$(ls -R "$w")"; fi

# ---- no questions when told so, even on a terminal; the program alone asks ----
w=$T_TMP/run5
start "$w" generate --root "$m" --no-interactive
step "--no-interactive: the usage error" "oc-leapp: error: generate needs a mode"
step "--no-interactive: exit 2" "EXIT=2"
if grep -q "Mode (" "$T_TMP/screen"; then fail "--no-interactive: no prompt" "$(cat "$T_TMP/screen")"; else ok "--no-interactive: no prompt"; fi

# (without --root it reads the default root, which may hold no machine here)
w=$T_TMP/run6
start "$w"
if wait_for "EXIT=" && grep -q "^oc-leapp: error: there are no macrocontainers in " "$T_TMP/screen"; then
	ok "the program alone on a terminal starts generate (no machines here: said so)"
elif grep -q "Mode (macroimage, multivolume, stateful) \[macroimage\]: " "$T_TMP/screen"; then
	keys C-c
	step "the program alone on a terminal asks, and stops on Ctrl-C" "EXIT=130"
else
	fail "the program alone on a terminal starts generate" "$(cat "$T_TMP/screen")"
fi

tm kill-server 2>/dev/null || true
summary
