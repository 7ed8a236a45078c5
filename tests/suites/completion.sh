#!/bin/sh
# Completion as people meet it: `oc-leapp __complete`, kubectl's plugin
# completion (kubectl_complete-leapp), and the bash, zsh and fish scripts,
# each asked for the same candidates. Completion must never write to stderr:
# kubectl passes the plugin's stderr straight to the terminal.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
m=$T_TMP/m
sh "$top/tests/machines.sh" "$m"
bin=$T_TMP/bin
mkdir -p "$bin" "$T_TMP/home"
for n in oc-leapp kubectl-leapp kubectl_complete-leapp oc_complete-leapp; do
	ln -s "$OC_LEAPP" "$bin/$n"
done
export HOME="$T_TMP/home" PATH="$bin:$PATH"
unset KUBECONFIG
nl='
'

# same WHAT WANT CMD...: CMD succeeds, prints exactly WANT, nothing on stderr.
same() {
	what=$1 want=$2; shift 2
	run_cmd "$T_TMP/out" "$T_TMP/err" "$@"
	got=$(cat "$T_TMP/out")
	if [ "$RC" -ne 0 ]; then
		fail "$what" "exit $RC" "$(cat "$T_TMP/err")"
	elif [ "$got" != "$want" ]; then
		fail "$what" "got:" "$got" "want:" "$want"
	elif [ -s "$T_TMP/err" ]; then
		fail "$what" "stderr is not empty" "$(cat "$T_TMP/err")"
	else
		ok "$what"
	fi
}

# has WHAT LINE CMD...: CMD succeeds and prints LINE (a whole line), stderr free of sanitizer reports.
has() {
	what=$1 line=$2; shift 2
	run_cmd "$T_TMP/out" "$T_TMP/err" "$@"
	if [ "$RC" -ne 0 ]; then
		fail "$what" "exit $RC" "$(cat "$T_TMP/err")"
	elif ! grep -qxF -- "$line" "$T_TMP/out"; then
		fail "$what" "no line: $line" "$(cat "$T_TMP/out")"
	elif ! no_sanitizer_report "$T_TMP/err"; then
		fail "$what" "sanitizer report" "$(cat "$T_TMP/err")"
	else
		ok "$what"
	fi
}

tab=$(printf '\t')
c6="centos6-app${tab}CentOS release 6.9 (Final)"
c7="centos7-web${tab}CentOS Linux release 7.4.1708 (Core)"

# ---- the protocol ----
has "__complete lists the commands with descriptions" "generate${tab}Write the objects that run a migrated machine" \
	"$OC_LEAPP" __complete ""
run_cmd "$T_TMP/out" "$T_TMP/err" "$OC_LEAPP" __complete ""
if grep -q '^__' "$T_TMP/out"; then fail "hidden commands are not offered" "$(cat "$T_TMP/out")"; else ok "hidden commands are not offered"; fi
if [ "$(tail -n 1 "$T_TMP/out")" = ":4" ]; then ok "the last line is the directive"; else fail "the last line is the directive" "$(cat "$T_TMP/out")"; fi
same "modes" "macroimage${nl}multivolume${nl}stateful${nl}:4" "$OC_LEAPP" __complete generate ""
same "-o values without descriptions" "yaml${nl}json${nl}:4" "$OC_LEAPP" __completeNoDesc generate -o ""
same "--output=partial" "json${nl}:4" "$OC_LEAPP" __completeNoDesc generate --output=j
same "machines under the --root on the line" "$c6${nl}$c7${nl}:4" \
	"$OC_LEAPP" __complete generate stateful --root "$m" -c cen
same "--root=DIR --container-name=partial" "$c6${nl}$c7${nl}:4" \
	"$OC_LEAPP" __complete generate --root="$m" --container-name=cen
if [ -w /dev/full ]; then
	run_cmd "$T_TMP/out" "$T_TMP/err" sh -c '"$1" completion bash >/dev/full' _ "$OC_LEAPP"
	if [ "$RC" -eq 1 ] && [ "$(cat "$T_TMP/err")" = "oc-leapp: error: cannot write to standard output" ]; then
		ok "completion bash onto a full disk: exit 1, one error line"
	else
		fail "completion bash > /dev/full" "exit $RC" "$(cat "$T_TMP/err")"
	fi
else
	skip "completion bash onto a full disk" "/dev/full is not writable here"
fi
awk 'BEGIN { print "apiVersion: v1\nkind: Config\ncontexts:"
	for (i = 0; i < 20000; i++) printf "- name: c%d\n  context: {cluster: k, user: u, namespace: n%d}\n", i, i }' >"$T_TMP/big-kubeconfig"
has "a kubeconfig of 20000 contexts completes in time" "c19999${tab}cluster k, namespace n19999" \
	timeout 10 "$OC_LEAPP" __complete diagnose --kubeconfig "$T_TMP/big-kubeconfig" --context c19999
mkdir -p "$T_TMP/fiforoot/fifo/etc" && mkfifo "$T_TMP/fiforoot/fifo/etc/redhat-release"
same "a machine whose release file is a FIFO: listed, not waited on" "fifo${nl}:4" \
	timeout 10 "$OC_LEAPP" __complete generate --root "$T_TMP/fiforoot" -c ""
same "-c matching no machine completes nothing, quietly" ":4" "$OC_LEAPP" __complete generate --root "$m" -c 'zz*'
same "-c=partial" "centos7-web${nl}:4" "$OC_LEAPP" __completeNoDesc generate --root "$m" -c=centos7
same "--dest completes directories" ":16" "$OC_LEAPP" __complete generate --dest ""
same "--capabilities: +CAP, the sign typed kept" "+SYS_CHROOT${nl}:4" "$OC_LEAPP" __completeNoDesc generate stateful --capabilities +SYS_CH
same "--capabilities -CAP" "-NET_ADMIN${nl}-NET_BIND_SERVICE${nl}-NET_BROADCAST${nl}-NET_RAW${nl}:4" "$OC_LEAPP" __completeNoDesc generate --capabilities -NET
has "generate's new flags are offered" "--capabilities" "$OC_LEAPP" __completeNoDesc generate stateful --ca
has "generate's new flags are offered: --node" "--node" "$OC_LEAPP" __completeNoDesc generate stateful --no
has "generate's new flags are offered: --namespace" "--namespace" "$OC_LEAPP" __completeNoDesc generate stateful --na
same "completion's shells" "bash${nl}zsh${nl}fish${nl}kubectl${nl}:4" "$OC_LEAPP" __completeNoDesc completion ""
same "an unknown command completes nothing, quietly" ":4" "$OC_LEAPP" __complete nosuch --x ""
same "started as kubectl_complete-leapp" "macroimage${nl}multivolume${nl}stateful${nl}:4" \
	kubectl_complete-leapp generate ""
same "started as oc_complete-leapp" "stateful${nl}:4" oc_complete-leapp generate s

# ---- what the machines say cannot drive the shell or the terminal ----
hostile=$T_TMP/hostile
mkdir -p "$hostile/esc/etc" "$hostile/ok/etc" "$hostile/$(printf 'evil\n:16\nforged')/etc" \
	"$hostile/$(printf 'tab\there')/etc" "$hostile/:4"
printf 'CentOS \033]0;owned\007release \033[31m7\033[0m\r\001(Core)\n' >"$hostile/esc/etc/redhat-release"
printf 'Red Hat\tEnterprise Linux release 6.10\n' >"$hostile/ok/etc/redhat-release"
for how in __complete __completeNoDesc; do
	run_cmd "$T_TMP/out" "$T_TMP/err" "$OC_LEAPP" $how generate --root "$hostile" -c ""
	if [ "$RC" -ne 0 ] || [ -s "$T_TMP/err" ]; then
		fail "$how: hostile machines complete quietly" "exit $RC" "$(cat "$T_TMP/err")"
	elif [ "$(grep -c '^:[0-9]*$' "$T_TMP/out")" -ne 1 ] || [ "$(tail -n 1 "$T_TMP/out")" != ":4" ]; then
		fail "$how: exactly one directive line, the last" "$(cat -A "$T_TMP/out")"
	elif LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$T_TMP/out"; then
		fail "$how: no control character reaches the shell" "$(cat -A "$T_TMP/out")"
	elif grep -qE '^(evil|forged|tab)' "$T_TMP/out"; then
		fail "$how: a name with a newline or a tab is not offered" "$(cat -A "$T_TMP/out")"
	else
		ok "$how: hostile machine names and releases: one directive line, no control character"
	fi
done
same "escape sequences dropped from the release, tabs made spaces" \
	"esc${tab}CentOS release 7(Core)${nl}ok${tab}Red Hat Enterprise Linux release 6.10${nl}:4" \
	"$OC_LEAPP" __complete generate --root "$hostile" -c ""
run_cmd "$T_TMP/out" "$T_TMP/err" sh -c 'for c in generate interactive archive diagnose version completion; do
	"$1" __complete "$c" --; "$1" __complete "$c" -; done; "$1" __complete ""; "$1" __complete -' _ "$OC_LEAPP"
if grep -q PROG "$T_TMP/out"; then fail "no description shows a literal PROG" "$(grep PROG "$T_TMP/out")"
elif ! grep -q "^--archive${tab}macroimage, multivolume: also write the machine image (as \`oc leapp archive\` does)" "$T_TMP/out"; then
	fail "descriptions name the program" "$(grep -- --archive "$T_TMP/out")"
else ok "no description shows a literal PROG: the program is named"; fi

# ---- one grammar: what completion reads is what the parser reads ----
same "a deprecated short name is read as its flag (-l, generate): not offered again" ":4" \
	"$OC_LEAPP" __completeNoDesc generate -l --local
same "archive -f before a flag is the old --force: not offered again" ":4" \
	"$OC_LEAPP" __completeNoDesc archive -f --forc
same "-i before the command is interactive" "--root${nl}:4" "$OC_LEAPP" __completeNoDesc -i --ro
same "global flags before the command" "generate${nl}:4" "$OC_LEAPP" __completeNoDesc --color=never gen
same "--color values" "auto${nl}always${nl}never${nl}:4" "$OC_LEAPP" __completeNoDesc diagnose --color ""
same "archive -f completes files" ":0" "$OC_LEAPP" __completeNoDesc archive -f ""
same "a greedy list's values are not the mode" "macroimage${nl}multivolume${nl}stateful${nl}:4" \
	"$OC_LEAPP" __completeNoDesc generate --tcp 80 9022:22 ""

# ---- kubectl's own completion of `kubectl leapp ...` (kubectl >= 1.26) ----
# kubectl_minor: the client's minor version (Debian 12's kubernetes-client is 1.20).
kubectl_minor() {
	kubectl version --client -o json 2>/dev/null | python3 -c 'import json,sys,re; print(re.sub(r"\D.*", "", json.load(sys.stdin)["clientVersion"]["minor"]))' 2>/dev/null || echo 0
}
kubectl_plugin_completion=""
if command -v kubectl >/dev/null 2>&1; then
	[ "$(kubectl_minor)" -ge 26 ] || kubectl_plugin_completion="kubectl $(kubectl version --client -o json 2>/dev/null |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["clientVersion"]["gitVersion"])' 2>/dev/null) is older than 1.26, the first to run kubectl_complete-leapp"
else
	kubectl_plugin_completion="kubectl is not installed"
fi
if [ -z "$kubectl_plugin_completion" ]; then
	has "kubectl __complete offers the plugin" "leapp${tab}The command leapp is a plugin installed by the user" \
		kubectl __complete lea
	has "kubectl __complete leapp: commands" "generate${tab}Write the objects that run a migrated machine" \
		kubectl __complete leapp ""
	has "kubectl __complete leapp: machine names" "$c7" kubectl __complete leapp generate --root "$m" -c ""
	has "kubectl __complete leapp: --flag=partial" "yaml" kubectl __complete leapp generate --output=y
else
	skip "kubectl plugin completion" "$kubectl_plugin_completion"
fi

# ---- the scripts the program prints are the ones in completions/ ----
for sh in bash zsh fish; do
	run_cmd "$T_TMP/out" "$T_TMP/err" "$OC_LEAPP" completion "$sh"
	if [ "$RC" -eq 0 ] && cmp -s "$T_TMP/out" "$top/completions/oc-leapp.$sh"; then
		ok "completion $sh prints completions/oc-leapp.$sh"
	else
		fail "completion $sh prints completions/oc-leapp.$sh" "exit $RC"
	fi
done
has "completion kubectl prints the plugin hook" 'exec kubectl-leapp __complete "$@"' "$OC_LEAPP" completion kubectl
run_cmd "$T_TMP/out" "$T_TMP/err" "$OC_LEAPP" completion tcsh
if [ "$RC" -eq 2 ] && [ "$(wc -l < "$T_TMP/err")" -eq 1 ] && grep -q 'unknown shell "tcsh"' "$T_TMP/err"; then
	ok "completion tcsh: one usage error"
else
	fail "completion tcsh: one usage error" "exit $RC" "$(cat "$T_TMP/err")"
fi

# ---- bash: the completion function, as bash calls it ----
# bashc LINE WORDS...: COMP_WORDS as bash splits LINE (at = and :); prints COMPREPLY.
# With BC=1, bash-completion is loaded first (its _get_comp_words_by_ref is used).
cat > "$T_TMP/bashc" <<'EOF'
[ -n "${BC:-}" ] && . /usr/share/bash-completion/bash_completion
. "$SCRIPT"
COMP_LINE=$1; COMP_POINT=${#COMP_LINE}; shift
COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
_oc_leapp
printf '%s\n' "${COMPREPLY[@]}"
EOF
"$OC_LEAPP" completion bash > "$T_TMP/script.bash"
for bc in "" 1; do
	if [ -n "$bc" ] && [ ! -f /usr/share/bash-completion/bash_completion ]; then
		skip "bash completion" "bash-completion is not installed"
		continue
	fi
	with=${bc:+ (bash-completion loaded)}
	b() { BC=$bc SCRIPT="$T_TMP/script.bash" bash "$T_TMP/bashc" "$@"; }
	bsorted() { b "$@" | sort; }
	same "bash: command$with" "generate" b "oc-leapp gen" oc-leapp gen
	same "bash: modes$with" "macroimage${nl}multivolume" b "oc-leapp generate m" oc-leapp generate m
	same "bash: machine names$with" "centos6-app${nl}centos7-web" \
		b "oc-leapp generate --root $m -c cen" oc-leapp generate --root "$m" -c cen
	same "bash: --root=DIR -c$with" "centos7-web" \
		b "oc-leapp generate --root=$m -c centos7" oc-leapp generate --root = "$m" -c centos7
	same "bash: -o=partial$with" "json" b "oc-leapp generate -o=j" oc-leapp generate -o = j
	same "bash: kubectl-leapp too$with" "--local-image" \
		b "kubectl-leapp generate --local" kubectl-leapp generate --local
	mkdir -p "$T_TMP/dirs/sub1" "$T_TMP/dirs/sub2"
	: > "$T_TMP/dirs/file"
	same "bash: --dest completes directories only$with" "$T_TMP/dirs/sub1${nl}$T_TMP/dirs/sub2" \
		bsorted "oc-leapp generate --dest $T_TMP/dirs/" oc-leapp generate --dest "$T_TMP/dirs/"
done
same "bash: registered for both names" "complete -o default -F _oc_leapp oc-leapp${nl}complete -o default -F _oc_leapp kubectl-leapp" \
	bash -c '. "$1"; complete -p oc-leapp kubectl-leapp' _ "$T_TMP/script.bash"

# ---- zsh: it loads (sourced, and from $fpath), and its function reads the answers right ----
if command -v zsh >/dev/null 2>&1; then
	"$OC_LEAPP" completion zsh > "$T_TMP/script.zsh"
	same "zsh: sourced after compinit" "_oc-leapp _oc-leapp" \
		zsh -f -c 'autoload -U compinit; compinit -u -D; source "$1"; print -r -- ${_comps[oc-leapp]} ${_comps[kubectl-leapp]}' _ "$T_TMP/script.zsh"
	mkdir -p "$T_TMP/fpath"
	cp "$T_TMP/script.zsh" "$T_TMP/fpath/_oc-leapp"
	same "zsh: found in \$fpath by compinit" "_oc-leapp" \
		zsh -f -c 'fpath=("$1" $fpath); autoload -U compinit; compinit -u -D; print -r -- ${_comps[kubectl-leapp]}' _ "$T_TMP/fpath"
	# _describe and _files stand in for the completion system, to see what is offered.
	zc() {
		zsh -f -c '
			_describe() { print -rl -- "${(@P)4}" "${@[5,-1]}"; }
			_files() { print -r -- "_files $*"; }
			compset() { print -r -- "compset $*"; }
			compdef() { :; }
			source "$1"; shift
			words=("$@"); CURRENT=$#
			_oc-leapp' _ "$T_TMP/script.zsh" "$@"
	}
	same "zsh: modes with descriptions as _describe wants them" "macroimage${nl}multivolume" zc oc-leapp generate m
	same "zsh: machine descriptions" "centos7-web:CentOS Linux release 7.4.1708 (Core)" \
		zc oc-leapp generate --root "$m" -c centos7
	same "zsh: --flag=partial" "compset -P *=${nl}json" zc oc-leapp generate --output=j
	same "zsh: --dest" "_files -/" zc oc-leapp generate --dest ""
else
	skip "zsh completion" "zsh is not installed"
fi

# ---- fish: it loads, and fish's own `complete -C` shows what a person gets ----
if command -v fish >/dev/null 2>&1; then
	"$OC_LEAPP" completion fish > "$T_TMP/script.fish"
	fc() { fish --no-config -c 'source $argv[1]; complete -C $argv[2]' "$T_TMP/script.fish" "$1"; }
	same "fish: modes" "macroimage${nl}multivolume${nl}stateful" fc "oc-leapp generate "
	same "fish: machine names with descriptions" "$c6${nl}$c7" fc "oc-leapp generate --root $m -c cen"
	same "fish: --flag=partial keeps the flag" "--container-name=centos7-web${tab}CentOS Linux release 7.4.1708 (Core)" \
		fc "kubectl-leapp generate --root=$m --container-name=centos7"
else
	skip "fish completion" "fish is not installed"
fi

# ---- live names from the cluster (diagnose POD, -n) ----
# They need the real cluster client (diag/kube-stub.c gone) and the stand-in
# API server; until both are there, these are skipped, not passed.
standin=$top/tests/standin/run-with-server.sh
fixtures=$top/tests/standin/fixtures/sample.json
if [ -f "$top/diag/kube-stub.c" ] || [ ! -f "$standin" ] || [ ! -f "$fixtures" ] ||
   ! "$OC_LEAPP" __completeNoDesc "" | grep -qx diagnose; then
	skip "live pod names" "needs the cluster client, the stand-in server and diagnose"
else
	live() { bash "$standin" --fixtures "$fixtures" -- "$OC_LEAPP" "$@"; }
	has "diagnose: live pod names" "leapp-web-pod" live __completeNoDesc diagnose -n demo leapp-w
	has "diagnose: deployment/ names" "deployment/leapp-db" live __completeNoDesc diagnose -n demo deployment/
	has "-n: live namespaces" "demo" live __completeNoDesc diagnose -n ""
	# kubectl runs kubectl_complete-leapp with the words after "leapp"; the
	# stand-in's KUBECONFIG reaches it through the environment, as a user's would.
	if [ -z "$kubectl_plugin_completion" ]; then
		has "kubectl __complete leapp diagnose: live pod names" "leapp-web-pod" \
			bash "$standin" --fixtures "$fixtures" -- kubectl __complete leapp diagnose -n demo leapp-w
	else
		skip "kubectl __complete leapp diagnose: live pod names" "$kubectl_plugin_completion"
	fi
	# a slow server: given up within the time limit, with nothing on stderr
	run_cmd "$T_TMP/out" "$T_TMP/err" bash "$standin" --fixtures "$fixtures" --latency-ms 4000 -- sh -c '
		s=$(date +%s%N); "$0" __completeNoDesc diagnose -n demo ""; rc=$?
		echo $(( ($(date +%s%N) - s) / 1000000 )) > "$1"; exit $rc' "$OC_LEAPP" "$T_TMP/ms"
	if [ "$RC" -ne 0 ] || grep -q leapp-web-pod "$T_TMP/out" || [ -s "$T_TMP/err" ]; then
		fail "a slow cluster: nothing offered, nothing said" "exit $RC" "$(cat "$T_TMP/out" "$T_TMP/err")"
	elif [ "$(cat "$T_TMP/ms")" -gt 2500 ]; then
		fail "a slow cluster: given up in time" "took $(cat "$T_TMP/ms") ms"
	else
		ok "a slow cluster: given up quietly in time"
	fi
fi

summary
