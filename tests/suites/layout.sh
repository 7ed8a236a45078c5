#!/bin/sh
# The source tree's own rules, so that they hold after the next change:
# every include names its folder (two headers of one name in two folders
# cannot be confused); lib/ is generic, used by generate and diagnose alike,
# and depends on no other folder; cmd/ only parses, calls and prints (no
# kubeconfig search of its own); the test helpers are not in the product.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
cd "$top"

srcs=$(git ls-files '*.c' '*.h' 2>/dev/null || find lib gen diag cmd init tests -name '*.[ch]')

# Every #include "X" is a path from the top (or a file beside a fuzz harness).
bad=""
for f in $srcs; do
	d=$(dirname "$f")
	for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
		case $inc in build/*) continue ;; esac
		if [ -f "$inc" ]; then continue; fi
		case $d in tests/fuzz) [ -f "$d/$inc" ] && continue ;; esac
		bad="$bad $f:$inc"
	done
done
[ -z "$bad" ] && ok "every include names its folder ($(echo $srcs | wc -w) files)" || fail "includes without their folder" "$bad"

# lib/ depends on lib/ alone.
bad=$(grep -ln '#include "\(gen\|diag\|cmd\|init\)/' lib/*.c lib/*.h 2>/dev/null || true)
[ -z "$bad" ] && ok "lib/ includes nothing of gen/, diag/, cmd/ or init/" || fail "lib/ depends on other folders" "$bad"

# The emitter and the name rules are shared: both generate and diagnose use them from lib/.
[ -f lib/emit.c ] && [ -f lib/names.c ] && grep -q '#include "lib/emit.h"' diag/report.c \
	&& ok "the YAML/JSON emitter and the Kubernetes name rules are in lib/, diagnose's report uses the emitter" \
	|| fail "lib/emit.c, lib/names.c" "$(ls lib)"

# One kubeconfig search: the cluster client's.
bad=$(grep -ln -e 'getenv("KUBECONFIG")' -e '"\.kube/config"' cmd/*.c 2>/dev/null || true)
[ -z "$bad" ] && ok "cmd/ has no kubeconfig search of its own" || fail "a kubeconfig search in cmd/" "$bad"

# The test-only commands live in the test helper, not the product.
if [ -x "${OC_LEAPP_PLAIN:-./oc-leapp}" ]; then
	if grep -qa -e '__get' -e '__collect' "${OC_LEAPP_PLAIN:-./oc-leapp}"; then
		fail "the product holds no test-only command" "__get or __collect in ${OC_LEAPP_PLAIN:-./oc-leapp}"
	else
		ok "the product holds no test-only command (__get, __collect are in tests/tools/client.c)"
	fi
else
	skip "the product holds no test-only command" "the program is not built"
fi
summary
