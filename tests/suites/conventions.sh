#!/bin/sh
# kubectl's and cobra's conventions, as a kubectl user expects them: bare
# help, "Did you mean this?", short flags with kubectl's meanings (the old
# ones still read for one release, with pflag's deprecation line), -o an
# output format everywhere, and colour that follows NO_COLOR, TERM=dumb and
# --color.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
m=$T_TMP/m
sh "$top/tests/machines.sh" "$m"
cd "$T_TMP"
nl='
'
tab=$(printf '\t')

# is WHAT WANT-RC WANT-STDERR CMD...: exit status and the whole of stderr.
is() {
	what=$1 want=$2 werr=$3; shift 3
	run_cmd out err "$@"
	if [ "$RC" -eq "$want" ] && [ "$(cat err)" = "$werr" ]; then ok "$what"
	else fail "$what" "exit $RC (want $want)" "got stderr:" "$(cat err)" "want:" "$werr"; fi
}

# ---- bare: the help, exit 0, as cobra's root command ----
run_cmd out err "$OC_LEAPP"
[ "$RC" -eq 0 ] && [ ! -s err ] && grep -q '^Commands:$' out && grep -q '^  interactive ' out && grep -q -- '-i, --interactive' out \
	&& ok "bare: the commands on stdout (interactive among them), exit 0" || fail "bare" "exit $RC" "$(cat out err)"

# ---- did you mean ----
is "a mistyped command: cobra's suggestion" 2 "oc-leapp: error: unknown command \"genrate\" for \"oc leapp\"

Did you mean this?
${tab}generate" "$OC_LEAPP" genrate -c x
is "a prefix is a suggestion too" 2 "oc-leapp: error: unknown command \"diag\" for \"oc leapp\"

Did you mean this?
${tab}diagnose" "$OC_LEAPP" diag pod
is "nothing near: one line" 2 "oc-leapp: error: unknown command \"zzzzzz\" for \"oc leapp\" (see 'oc leapp --help')" "$OC_LEAPP" zzzzzz
is "help with a mistyped command" 2 "oc-leapp: error: unknown command \"achive\" for \"oc leapp\"

Did you mean this?
${tab}archive" "$OC_LEAPP" help achive
is "a mistyped flag" 2 "oc-leapp: error: unknown flag: --contaner-name

Did you mean this?
${tab}--container-name" "$OC_LEAPP" generate macroimage --contaner-name web
is "a mistyped kubeconfig flag" 2 "oc-leapp: error: unknown flag: --namspace

Did you mean this?
${tab}--namespace" "$OC_LEAPP" diagnose --namspace=x pod
is "a mistyped flag before the command" 2 "oc-leapp: error: unknown flag: --verison

Did you mean this?
${tab}--version" "$OC_LEAPP" --verison
is "an unknown flag with nothing near: one line" 2 "oc-leapp: error: unknown flag: --qqqqqqq (see 'oc leapp generate --help')" \
	"$OC_LEAPP" generate --qqqqqqq

# ---- short flags mean what they mean in kubectl; old ones read, deprecated ----
G="$OC_LEAPP generate --root $m -c centos7-web"
for old in "-f:--force:use --force (-f is a file, as in kubectl)" \
	   "-l:--local-image:use --local-image (-l is a label selector, as in kubectl)"; do
	s=${old%%:*} rest=${old#*:}; long=${rest%%:*} why=${rest#*:}
	run_cmd out err $G macroimage -t 80 $s -e "d$s"
	run_cmd out2 err2 $G macroimage -t 80 $long -e "d$long"
	if [ "$RC" -eq 0 ] && [ "$(head -n 1 err)" = "Flag shorthand $s has been deprecated, $why" ] && diff -r --no-dereference "d$s" "d$long" >/dev/null; then
		ok "generate $s still means $long for one release, with pflag's line"
	else fail "generate $s (deprecated)" "exit $RC" "$(cat err)"; fi
done
run_cmd out err $G stateful -s useroot -o yaml
run_cmd out2 err2 $G stateful --service-account useroot -o yaml
[ "$RC" -eq 0 ] && [ "$(head -n 1 err)" = "Flag shorthand -s has been deprecated, use --service-account (-s is --server, as in kubectl)" ] \
	&& cmp -s out out2 && ok "generate -s still means --service-account, deprecated" || fail "generate -s" "$(cat err)"
run_cmd out err $G macroimage -t 80 -i 10.0.0.1 -o json
run_cmd out2 err2 $G macroimage -t 80 --ip 10.0.0.1 -o json
[ "$RC" -eq 0 ] && [ "$(head -n 1 err)" = "Flag shorthand -i has been deprecated, use --ip (-i is --interactive)" ] \
	&& cmp -s out out2 && ok "generate -i still means --ip, deprecated" || fail "generate -i" "$(cat err)"
run_cmd out err "$OC_LEAPP" generate --help
if grep -qE '^    -(f|l|s|i), ' out; then fail "--help shows no deprecated short name" "$(grep -E '^    -(f|l|s|i), ' out)"
else ok "generate --help shows no deprecated short name"; fi

A="$OC_LEAPP archive --root $m -c centos6-app -q"
run_cmd out err $A -f web.tar.gz
[ "$RC" -eq 0 ] && [ ! -s err ] && tar -tzf web.tar.gz >/dev/null && ok "archive -f FILE writes FILE (tar's -f)" || fail "archive -f" "$(cat err)"
run_cmd out err $A --output web2.tar.gz
[ "$RC" -eq 0 ] && [ -s web2.tar.gz ] && ok "archive --output FILE" || fail "archive --output" "$(cat err)"
run_cmd out err $A -o web3.tar.gz
[ "$RC" -eq 0 ] && [ -s web3.tar.gz ] && [ "$(cat err)" = "Flag shorthand -o has been deprecated, use -f or --output (as tar's -f; -o is an output format, as in kubectl)" ] \
	&& ok "archive -o FILE still works for one release, deprecated" || fail "archive -o" "$(cat err)"
run_cmd out err $A -f -f web.tar.gz
[ "$RC" -eq 0 ] && [ "$(cat err)" = "Flag shorthand -f has been deprecated, use --force (-f is the output file, as tar's)" ] \
	&& ok "archive's old -f (--force) before another flag still forces, deprecated" || fail "archive -f -f" "exit $RC" "$(cat err)"
run_cmd out err $A -f -
[ "$RC" -eq 0 ] && grep -q '^Wrote the archive to standard output' err && ! grep -q deprecated err && gzip -t <out \
	&& ok "archive -f - is standard output" || fail "archive -f -" "$(cat err)"
for c in "generate --root $m -c centos7-web macroimage" "diagnose --from-file $top/tests/fixtures/diagnose/Healthy/list.yaml" "version"; do
	run_cmd out err $OC_LEAPP $c -o json
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' out 2>/dev/null && ok "${c%% *} -o json: an output format" \
		|| fail "${c%% *} -o json" "$(head -c 300 out err)"
done

# ---- colour: a terminal, NO_COLOR, TERM=dumb, --color ----
fx=$top/tests/fixtures/diagnose/ImageURLUnreachable
D="$OC_LEAPP diagnose --from-file $fx/list.yaml"
esc=$(printf '\033\\[')
# on_tty ENV... -- CMD: runs CMD with a terminal as its stdout (script gives it one).
on_tty() {
	if ! command -v script >/dev/null 2>&1; then return 2; fi
	env "$@" script -qec "$D" /dev/null >tty.out 2>&1 </dev/null || true
}
if command -v script >/dev/null 2>&1; then
	on_tty TERM=xterm; grep -q "$esc" tty.out && ok "a terminal gets colour" || fail "colour on a terminal" "$(cat -v tty.out | head -3)"
	on_tty TERM=xterm NO_COLOR=1; ! grep -q "$esc" tty.out && ok "NO_COLOR: none" || fail "NO_COLOR" "$(cat -v tty.out | head -3)"
	on_tty TERM=dumb; ! grep -q "$esc" tty.out && ok "TERM=dumb: none" || fail "TERM=dumb" "$(cat -v tty.out | head -3)"
	D="$OC_LEAPP --color=never diagnose --from-file $fx/list.yaml"
	on_tty TERM=xterm; ! grep -q "$esc" tty.out && ok "--color=never (before the command): none on a terminal" || fail "--color=never" "$(cat -v tty.out | head -3)"
else
	skip "colour on a terminal" "script (util-linux) is not installed to give the program a terminal"
fi
run_cmd out err env NO_COLOR=1 $OC_LEAPP diagnose --from-file "$fx/list.yaml" --color=always
grep -q "$esc" out && ok "--color=always: colour even through a pipe, and over NO_COLOR" || fail "--color=always" "$(head -3 out)"
run_cmd out err $OC_LEAPP diagnose --from-file "$fx/list.yaml"
! grep -q "$esc" out && ok "a pipe gets no colour" || fail "colour in a pipe" "$(cat -v out | head -3)"
is "--color takes auto, always or never" 2 "oc-leapp: error: invalid value \"sometimes\" for --color: must be one of auto, always, never (see 'oc leapp version --help')" \
	$OC_LEAPP version --color=sometimes
summary
