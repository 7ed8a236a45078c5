#!/bin/sh
# oc-leapp as an oc/kubectl plugin: `make install` into a temporary prefix,
# found by the real `kubectl plugin list` and run as `kubectl leapp`, named
# after how it was started, --help in kubectl's layout on every command, the
# man page covering every command and flag, and `make uninstall` leaving
# nothing. (`make dist`, krew's archive: tests/suites/dist.sh.)
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
P=$OC_LEAPP_PLAIN
dest=$T_TMP/dest
bin=$dest/usr/local/bin
# make from inside make check: quiet, and not told what the outer make was told
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$top" "$@"; }

# check WHAT CONDITION...: ok when the command succeeds.
check() {
	what=$1; shift
	if "$@"; then ok "$what"; else fail "$what" "$(cat "$T_TMP/err" 2>/dev/null || true)"; fi
}

# ---- make install ----
run_cmd "$T_TMP/out" "$T_TMP/err" mk install PREFIX=/usr/local DESTDIR="$dest"
check "make install" [ "$RC" -eq 0 ]
(cd "$dest" && find . ! -type d | sort) > "$T_TMP/installed"
cat > "$T_TMP/want" <<'EOF'
./usr/local/bin/kubectl-leapp
./usr/local/bin/kubectl_complete-leapp
./usr/local/bin/oc-leapp
./usr/local/bin/oc_complete-leapp
./usr/local/lib/oc-leapp/leapp-init
./usr/local/share/bash-completion/completions/kubectl-leapp
./usr/local/share/bash-completion/completions/oc-leapp
./usr/local/share/fish/vendor_completions.d/kubectl-leapp.fish
./usr/local/share/fish/vendor_completions.d/oc-leapp.fish
./usr/local/share/man/man1/kubectl-leapp.1
./usr/local/share/man/man1/oc-leapp.1
./usr/local/share/zsh/site-functions/_oc-leapp
EOF
if cmp -s "$T_TMP/want" "$T_TMP/installed"; then ok "make install puts exactly the expected files"
else fail "make install puts exactly the expected files" "$(diff "$T_TMP/want" "$T_TMP/installed")"; fi
check "kubectl-leapp is a link to oc-leapp" [ "$(readlink "$bin/kubectl-leapp")" = oc-leapp ]
check "the completion hooks run" sh -c '"$1/kubectl_complete-leapp" generate "" | grep -qx macroimage &&
	"$1/oc_complete-leapp" "" | grep -q "^generate"' _ "$bin"

# ---- found and run by kubectl ----
PATH_INST="$bin:/usr/bin:/bin"
if command -v kubectl >/dev/null 2>&1; then
	kc=$(command -v kubectl)
	run_cmd "$T_TMP/out" "$T_TMP/err" env PATH="$PATH_INST" "$kc" plugin list
	if [ "$RC" -eq 0 ] && grep -qxF "$bin/kubectl-leapp" "$T_TMP/out" && [ ! -s "$T_TMP/err" ]; then
		ok "kubectl plugin list finds kubectl-leapp, without warnings"
	else
		fail "kubectl plugin list finds kubectl-leapp, without warnings" "exit $RC" "$(cat "$T_TMP/out" "$T_TMP/err")"
	fi
	run_cmd "$T_TMP/out" "$T_TMP/err" env PATH="$PATH_INST" "$kc" leapp version
	check "kubectl leapp version" grep -qE '^oc-leapp [0-9]+\.[0-9]+\.[0-9]+' "$T_TMP/out"
	run_cmd "$T_TMP/out" "$T_TMP/err" env PATH="$PATH_INST" "$kc" leapp generate --help
	check "kubectl leapp generate --help says kubectl leapp" grep -qx '  kubectl leapp generate macroimage|multivolume|stateful -c NAME \[options\]' "$T_TMP/out"
	run_cmd "$T_TMP/out" "$T_TMP/err" env PATH="$PATH_INST" "$kc" leapp nosuch
	if [ "$RC" -eq 2 ] && [ "$(wc -l < "$T_TMP/err")" -eq 1 ] &&
	   grep -qxF "kubectl-leapp: error: unknown command \"nosuch\" for \"kubectl leapp\" (see 'kubectl leapp --help')" "$T_TMP/err"; then
		ok "kubectl leapp nosuch: one error line under the plugin's name"
	else
		fail "kubectl leapp nosuch: one error line under the plugin's name" "exit $RC" "$(cat "$T_TMP/err")"
	fi
else
	skip "kubectl plugin list" "kubectl is not installed"
fi

# ---- named after how it was started ----
run_cmd "$T_TMP/out" "$T_TMP/err" "$bin/oc-leapp" generate --bogus
check "as oc-leapp: errors say oc leapp" grep -qx "oc-leapp: error: unknown flag: --bogus (see 'oc leapp generate --help')" "$T_TMP/err"
run_cmd "$T_TMP/out" "$T_TMP/err" "$bin/kubectl-leapp" generate -c x --tcp 99999 macroimage
check "as kubectl-leapp: errors say kubectl-leapp" grep -q "^kubectl-leapp: error: " "$T_TMP/err"
run_cmd "$T_TMP/out" "$T_TMP/err" "$bin/kubectl-leapp" --help
check "as kubectl-leapp: the overview says kubectl leapp" grep -qx '  kubectl leapp COMMAND \[options\]' "$T_TMP/out"

# ---- --help on every command, in kubectl's layout ----
cmds=$("$P" __completeNoDesc "" | grep -v '^:' | grep -vx help)
for c in $cmds; do
	run_cmd "$T_TMP/out" "$T_TMP/err" "$OC_LEAPP" "$c" --help
	layout=$(grep -xE 'Examples:|Options:|Usage:' "$T_TMP/out" | tr '\n' ' ')
	if [ "$RC" -eq 0 ] && [ "$layout" = "Examples: Options: Usage: " ] && [ ! -s "$T_TMP/err" ]; then
		ok "$c --help: Examples, Options, Usage"
	else
		fail "$c --help: Examples, Options, Usage" "exit $RC, sections: $layout"
	fi
done

# ---- version ----
run_cmd "$T_TMP/out" "$T_TMP/err" "$OC_LEAPP" version -o json
check "version -o json" python3 -c '
import json, re, sys
v = json.load(open(sys.argv[1]))
assert v["name"] == "oc-leapp", v
assert re.match(r"^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$", v["version"]), v
' "$T_TMP/out"

# ---- no terminal: never a prompt ----
run_cmd "$T_TMP/out" "$T_TMP/err" "$OC_LEAPP" generate </dev/null
if [ "$RC" -eq 2 ] && [ ! -s "$T_TMP/out" ] && [ "$(wc -l < "$T_TMP/err")" -eq 1 ]; then
	ok "generate without a terminal: the usage error, no prompt"
else
	fail "generate without a terminal: the usage error, no prompt" "exit $RC" "$(cat "$T_TMP/out" "$T_TMP/err")"
fi
run_cmd "$T_TMP/out" "$T_TMP/err" "$OC_LEAPP" </dev/null
check "no arguments: the overview on stdout, exit 0 (as cobra's)" [ "$RC" -eq 0 -a ! -s "$T_TMP/err" -a -s "$T_TMP/out" ]
run_cmd "$T_TMP/out" "$T_TMP/err" "$OC_LEAPP" interactive --root "$T_TMP" </dev/null
if [ "$RC" -eq 2 ] && [ ! -s "$T_TMP/out" ] && grep -qx "oc-leapp: error: interactive needs a terminal to ask on: in scripts, give generate its flags (see 'oc leapp generate --help')" "$T_TMP/err"; then
	ok "interactive without a terminal: one usage error, no prompt"
else
	fail "interactive without a terminal: one usage error, no prompt" "exit $RC" "$(cat "$T_TMP/out" "$T_TMP/err")"
fi

# ---- the man page: renders cleanly, names every command and flag ----
man1=$dest/usr/local/share/man/man1/oc-leapp.1
run_cmd "$T_TMP/man" "$T_TMP/err" env MANWIDTH=100 man --warnings -l "$man1"
if [ "$RC" -eq 0 ] && [ ! -s "$T_TMP/err" ]; then ok "the man page renders without warnings"
else fail "the man page renders without warnings" "$(cat "$T_TMP/err")"; fi
missing=""
for c in $cmds; do
	grep -q "^   oc-leapp $c\$" "$T_TMP/man" || missing="$missing $c"
	for f in $("$P" __completeNoDesc "$c" -- | grep '^--' | grep -vx -- --help); do
		grep -q -- "$f" "$T_TMP/man" || missing="$missing $c:$f"
	done
done
if [ -z "$missing" ]; then ok "the man page has every command and flag"; else fail "the man page has every command and flag" "missing:$missing"; fi

# ---- make uninstall removes exactly what install put ----
run_cmd "$T_TMP/out" "$T_TMP/err" mk uninstall PREFIX=/usr/local DESTDIR="$dest"
left=$(cd "$dest" && find . ! -type d)
check "make uninstall leaves nothing" [ "$RC" -eq 0 -a -z "$left" ]

# krew's archive and manifest (make dist): tests/suites/dist.sh

summary
