#!/bin/sh
# Scores `oc-leapp diagnose` against the corpus of real failure reports in
# tests/fixtures/diagnose/corpus/NNN-name/ (see the README there). Each case
# holds the saved objects (list.json or list.yaml), saved logs (logs/C.log,
# logs/C.previous.log) and `expected`, written from the report's resolution
# before the program was run on it:
#   id=FINDING        the root cause: the first finding of severity error
#                     (the first finding at all when none is an error)
#   container=NAME    optional: the container that finding must name
#   not=ID[,ID...]    optional, repeatable: ids that must not appear at all
#   args=WORDS        optional: extra words before --from-file (a target)
#
# The held-back cases in tests/fixtures/diagnose/heldout/ have the same form
# (CORPUS=.../heldout, or give their directories).
#
# usage: sh tests/corpus.sh [--suite] [--self-test] [CASE_DIR...]
#   default   one line per case (ok / MISS and what it said), then
#             "corpus: N/M right"; exit 0 only when every case is right
#   --suite   tests/lib.sh conventions: ok/fail lines and the summary
#             "N passed, N failed, N skipped", for tests/run.sh
#   --self-test  only check that the scorer itself can fail: a case given a
#             deliberately wrong label must be reported as a miss
# OC_LEAPP is the program (default ./oc-leapp), TOP the source tree.
set -eu
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
OC_LEAPP=${OC_LEAPP:-$TOP/oc-leapp}
CORPUS=${CORPUS:-$TOP/tests/fixtures/diagnose/corpus}

mode=report
case ${1:-} in
--suite) mode=suite; shift ;;
--self-test) mode=selftest; shift ;;
esac

WORK=$(mktemp -d "${TMPDIR:-/tmp}/oc-leapp-corpus.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# run_case DIR OUT: runs diagnose -o json on one case; writes OUT.json,
# OUT.err and OUT.rc.
run_case() {
	dir=$1 out=$2
	input=
	for f in "$dir"/list.json "$dir"/list.yaml "$dir"/list.yml; do
		[ -f "$f" ] && { input=$f; break; }
	done
	set -- diagnose
	args=$(sed -n 's/^args=//p' "$dir/expected")
	# shellcheck disable=SC2086
	[ -z "$args" ] || set -- "$@" $args
	set -- "$@" --from-file "${input:-$dir/list.json}"
	for log in "$dir"/logs/*.log; do
		[ -f "$log" ] || continue
		name=$(basename "$log" .log)
		case $name in
		*.previous) set -- "$@" --previous-log "${name%.previous}=$log" ;;
		*) set -- "$@" --log "$name=$log" ;;
		esac
	done
	set +e
	"$OC_LEAPP" "$@" -o json >"$out.json" 2>"$out.err"
	echo $? >"$out.rc"
	set -e
}

# score CASE_DIR...: runs every case, then one python for all of them (its
# start-up is the slow part) prints "ok NAME: ..." or "MISS NAME: ...".
score() {
	n=0
	for dir in "$@"; do
		n=$((n + 1))
		run_case "$dir" "$WORK/$n"
		printf '%s\t%s\n' "$dir" "$WORK/$n"
	done >"$WORK/manifest"
	python3 - "$WORK/manifest" <<'PY'
import json, os, sys

def expected(path):
    e = {"id": None, "container": None, "not": [], "args": None}
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        k, _, v = line.partition("=")
        if k == "not":
            e["not"] += [x.strip() for x in v.split(",") if x.strip()]
        elif k in e:
            e[k] = v.strip()
        else:
            raise ValueError("unknown key %r" % k)
    if not e["id"]:
        raise ValueError("no id=")
    return e

def findings(doc):
    if doc.get("kind") == "DiagnosisList":
        out = []
        for d in doc.get("items", []):
            out += d.get("findings", [])
        return out
    return doc.get("findings", [])

def said(f):
    return "%s (%s)" % (f["id"], f.get("container") or "-") if f else "nothing"

for line in open(sys.argv[1], encoding="utf-8"):
    dir, out = line.rstrip("\n").split("\t")
    d = dir.rstrip("/")
    name = "%s/%s" % (os.path.basename(os.path.dirname(d)), os.path.basename(d))
    try:
        e = expected(os.path.join(dir, "expected"))
    except (OSError, ValueError) as x:
        print("MISS %s: bad expected file: %s" % (name, x)); continue
    want = "%s (%s)" % (e["id"], e["container"] or "any")
    rc = open(out + ".rc").read().strip()
    err = open(out + ".err", encoding="utf-8", errors="replace").read().strip().splitlines()
    if "AddressSanitizer" in "\n".join(err) or "runtime error:" in "\n".join(err):
        print("MISS %s: want %s, sanitizer report: %s" % (name, want, err[0][:200])); continue
    try:
        doc = json.load(open(out + ".json", encoding="utf-8"))
        fs = findings(doc)
    except (OSError, ValueError) as x:
        print("MISS %s: want %s, exit %s: %s" % (name, want, rc, (err[0] if err else str(x))[:200])); continue
    errors = [f for f in fs if f.get("severity") == "error"]
    root = errors[0] if errors else (fs[0] if fs else None)
    why = []
    if root is None or root["id"] != e["id"]:
        why.append("said %s" % said(root))
    elif e["container"] and root.get("container") != e["container"]:
        why.append("said %s" % said(root))
    bad = sorted({f["id"] for f in fs if f["id"] in e["not"]})
    if bad:
        why.append("also said %s, which the report rules out" % ", ".join(bad))
    if why:
        print("MISS %s: want %s, %s" % (name, want, "; ".join(why)))
    else:
        print("ok %s: %s" % (name, said(root)))
PY
}

# self_test: the scorer must tell a right label from a wrong one. Take the
# first case, label it with an id no finding has: that must be a MISS; then
# label it with what the program said: that must be ok.
self_test() {
	first=
	for d in "$CORPUS"/[0-9]*/; do [ -d "$d" ] && { first=$d; break; }; done
	[ -n "$first" ] || { echo "FAIL no corpus cases in $CORPUS"; return 1; }
	fake="$WORK/selftest/$(basename "$first")"
	mkdir -p "$fake"
	cp -R "$first"/. "$fake"/
	printf 'id=NoSuchFindingId\n' >"$fake/expected"
	wrong=$(score "$fake" | head -n 1)
	case $wrong in
	"MISS "*"said "*) ;;
	*) echo "FAIL the scorer accepted a wrong label: $wrong"; return 1 ;;
	esac
	said=$(printf '%s\n' "$wrong" | sed -n 's/.*said \([A-Za-z0-9]*\) (.*/\1/p')
	printf 'id=%s\n' "$said" >"$fake/expected"
	right=$(score "$fake" | head -n 1)
	case $right in
	"ok "*) echo "ok the scorer fails a wrong label and passes the program's own answer ($said)"; return 0 ;;
	*) echo "FAIL the scorer rejected the program's own answer: $right"; return 1 ;;
	esac
}

if [ ! -x "$OC_LEAPP" ]; then
	echo "oc-leapp: $OC_LEAPP is not built (make -j2)" >&2
	exit 2
fi

if [ "$mode" = selftest ]; then
	self_test
	exit $?
fi

[ $# -gt 0 ] || set -- "$CORPUS"/[0-9]*/
score "$@" >"$WORK/results"

if [ "$mode" = suite ]; then
	# shellcheck source=tests/lib.sh
	. "$TOP/tests/lib.sh"
	# lib.sh sets its own EXIT trap; remove both scratch directories.
	trap 'rm -rf "$WORK" "$T_TMP"' EXIT
	if self_test >"$WORK/self" 2>&1; then
		ok "corpus: $(sed 's/^ok //' "$WORK/self")"
	else
		fail "corpus: the scorer cannot fail" "$(cat "$WORK/self")"
	fi
	while IFS= read -r line; do
		case $line in
		"ok "*) ok "${line#ok }" ;;
		*) fail "${line#MISS }" ;;
		esac
	done <"$WORK/results"
	summary
	exit $?
fi

cat "$WORK/results"
total=$(wc -l <"$WORK/results")
right=$(grep -c '^ok ' "$WORK/results" || true)
echo "corpus: $right/$total right"
[ "$right" -eq "$total" ]
