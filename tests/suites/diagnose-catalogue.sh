# diagnose: one fixture per finding id (tests/fixtures/diagnose/ID/), read
# with --from-file so no cluster is needed. Each fixture's `expect` file says
# what the diagnosis must hold: the exit code, which finding comes first,
# the evidence it quotes (see check_expect below for the words).
. "${TOP:-.}/tests/lib.sh"
: "${TOP:=.}"
FX="${TOP:-.}/tests/fixtures/diagnose"

# check_expects DIR...: for each fixture DIR, whether $T_TMP/ID.json holds
# every line of DIR/expect; prints "ok ID" or "FAIL ID: why" (one python
# for all: its start-up is the slow part on a loaded machine).
check_expects() {
	python3 - "$T_TMP" "$@" <<'PY'
import json, os, re, sys
tmp = sys.argv[1]
ACRONYMS = {"API", "CPU", "CRI", "DNS", "EOF", "HTML", "HTTP", "OOM", "PID", "RHCOS", "SCC", "TLS", "UID", "RHEL", "IP", "SHA",
            "SYS_CHROOT", "AUDIT_WRITE", "NET_RAW", "ICMP", "PAM", "CA", "SCCs"}
def advice_problems(d):
    """What no diagnosis may say, whatever the pod: placeholders left for the
    user, a fix given twice, two SCCs for one pod, cgroup v1 nodes."""
    bad, seen = [], set()
    sccs = set()
    for f in d["findings"]:
        for k in ("summary", "explanation"):
            texts = [f[k]]
        for t in [f["summary"], f["explanation"]] + f["remedy"]:
            for w in re.findall(r"(?<![A-Za-z0-9_./-])[A-Z][A-Z0-9_]+(?![A-Za-z0-9_])", t):
                if w not in ACRONYMS and len(w) >= 2:
                    bad.append("placeholder %s in %r" % (w, t[:80]))
            if "..." in t or re.search(r"\{!?[a-z_0-9]+(\|[^}]*)?\}", t):
                bad.append("unfilled text %r" % t[:80])
        for r in f["remedy"]:
            if r in seen:
                bad.append("fix given twice: %r" % r[:80])
            seen.add(r)
            for scc in re.findall(r"add-scc-to-user (\S+)", r):
                sccs.add(scc)
            if re.search(r"cgroup v1 node|cgroupMode|unified_cgroup_hierarchy|failCgroupV1", r):
                bad.append("cgroup v1 advice: %r" % r[:80])
    if len(sccs) > 1:
        bad.append("more than one SCC for one pod: %s" % sorted(sccs))
    return bad
for dir in sys.argv[2:]:
    id = os.path.basename(dir.rstrip("/"))
    bad = []
    try:
        d = json.load(open(os.path.join(tmp, id + ".json")))
        ids = [f["id"] for f in d["findings"]]
    except Exception as e:
        print("FAIL %s: no valid JSON: %s" % (id, e)); continue
    def f(i):
        for x in d["findings"]:
            if x["id"] == i:
                return x
        raise AssertionError("no finding %s in %s" % (i, ids))
    for line in open(os.path.join(dir, "expect")):
        w = line.rstrip("\n").split(" ", 2)
        k = w[0]
        try:
            if k in ("args", "exit"):
                continue
            elif k == "status": assert d["status"] == w[1], d["status"]
            elif k == "first": assert ids and ids[0] == w[1], ids
            elif k == "has": f(w[1])
            elif k == "not": assert w[1] not in ids, ids
            elif k == "order": assert ids.index(w[1]) < ids.index(w[2]), ids
            elif k == "count": assert len(ids) == int(w[1]), ids
            elif k == "pod": assert d["pod"] is None, d["pod"]
            elif k == "severity": assert f(w[1])["severity"] == w[2], f(w[1])["severity"]
            elif k == "container": assert f(w[1])["container"] == w[2], f(w[1])["container"]
            elif k in ("summary", "explanation"): assert w[2] in f(w[1])[k], f(w[1])[k]
            elif k == "once":   # quoted in exactly one evidence line, not again from a condition
                n = sum(w[2] in e for e in f(w[1])["evidence"])
                assert n == 1, "%d lines: %s" % (n, f(w[1])["evidence"])
            elif k in ("evidence", "remedy"):
                assert any(w[2] in e for e in f(w[1])[k]), f(w[1])[k]
            elif k == "noremedy":
                assert not any(w[2] in e for e in f(w[1])["remedy"]), f(w[1])["remedy"]
            else: raise AssertionError("unknown check")
        except (AssertionError, ValueError, KeyError) as e:
            bad.append("%s: %s" % (line.strip(), str(e)[:300]))
    bad += advice_problems(d)
    print(("FAIL %s: " % id + " | ".join(bad)) if bad else "ok %s" % id)
PY
}

dirs=""
for dir in "$FX"/*/; do
	id=$(basename "$dir")
	[ -f "$dir/expect" ] || continue
	dirs="$dirs $dir"
	input=$(ls "$dir"/list.* 2>/dev/null | head -n 1)
	set -- diagnose
	args=$(sed -n 's/^args //p' "$dir/expect")
	[ -z "$args" ] || set -- "$@" $args
	set -- "$@" --from-file "$input"
	for log in "$dir"/logs/*.log; do
		[ -f "$log" ] || continue
		name=$(basename "$log" .log)
		case $name in
		*.previous) set -- "$@" --previous-log "${name%.previous}=$log" ;;
		*) set -- "$@" --log "$name=$log" ;;
		esac
	done
	want=$(sed -n 's/^exit //p' "$dir/expect")

	run_cmd "$T_TMP/$id.yaml" "$T_TMP/err" "$OC_LEAPP" "$@" -o yaml
	run_cmd "$T_TMP/$id.json" "$T_TMP/err" "$OC_LEAPP" "$@" -o json
	[ "$RC" = "$want" ] && ok "$id: -o json exits $want" || fail "$id: -o json exits $RC, not $want" "$(head -n 5 "$T_TMP/err")"
	no_sanitizer_report "$T_TMP/err" || fail "$id: sanitizer report" "$(head -n 20 "$T_TMP/err")"

	# The human report: same exit code, the first finding's id shown first.
	first=$(sed -n 's/^first //p' "$dir/expect")
	run_cmd "$T_TMP/out.txt" "$T_TMP/err" "$OC_LEAPP" "$@"
	got=$(grep -m 1 -oE '^1\. [a-z]+ +[A-Za-z0-9]+' "$T_TMP/out.txt" | awk '{print $3}')
	if [ "$RC" = "$want" ] && [ "$got" = "$first" ] && ! grep -q "$(printf '\033')" "$T_TMP/out.txt"; then
		ok "$id: report leads with $first, no colour off a terminal"
	else
		fail "$id: report (exit $RC, first '$got')" "$(head -n 12 "$T_TMP/out.txt")"
	fi
	no_sanitizer_report "$T_TMP/err" || fail "$id: sanitizer report (text)" "$(head -n 20 "$T_TMP/err")"
done

# every report, JSON and YAML, has the shape the schema gives; and the
# check can fail: a report with a field too many, a finding id unknown
# shellcheck disable=SC2086
schema_check "every fixture's report (-o json and -o yaml) conforms to the schema" "$T_TMP"/*.json "$T_TMP"/*.yaml
python3 - "$T_TMP/ImageURLUnreachable.json" "$T_TMP/bad1.json" "$T_TMP/bad2.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["extra"] = 1
json.dump(d, open(sys.argv[2], "w"))
d = json.load(open(sys.argv[1]))
d["findings"][0]["id"] = "NoSuchFinding"
json.dump(d, open(sys.argv[3], "w"))
PY
for bad in bad1 bad2; do
	if ! command -v node >/dev/null 2>&1 || [ ! -d "$TOP/tests/node_modules/ajv" ]; then
		skip "the schema check refuses a report that is off ($bad)" "node or ajv is missing: make deps"
		continue
	fi
	(cd "$TOP/tests" && node tools/schemacheck.mjs ../diag/schema/diagnosis.schema.json "$T_TMP/$bad.json") \
		>"$T_TMP/schema.out" 2>&1 && rc=0 || rc=$?
	if [ "$rc" = 1 ] && grep -q '^0 of 1 reports conform' "$T_TMP/schema.out"; then
		ok "the schema check refuses a report that is off ($bad)"
	else
		fail "the schema check refuses a report that is off ($bad)" "exit $rc" "$(cat "$T_TMP/schema.out")"
	fi
	rm -f "$T_TMP/$bad.json"
done

# Every generate flag a fix names exists: the remedies of diag/rules.c (its
# string literals joined), each line that regenerates, against generate --help.
# A flag another branch brings (--capabilities, the openshift work) is a
# skip with its reason until it lands, never a pass.
"$OC_LEAPP" generate --help >"$T_TMP/genhelp" 2>&1
python3 - "$TOP/diag/rules.c" "$T_TMP/genhelp" >"$T_TMP/flags" <<'PY'
import re, sys
src = open(sys.argv[1], encoding="utf-8").read()
have = set(re.findall(r"^ +(?:-[a-z], )?(--[a-z0-9-]+)", open(sys.argv[2]).read(), re.M))
pending = {"--capabilities": "generate --capabilities comes with the openshift work (SCCs, capabilities), not on this branch yet"}
# the catalogue's texts: runs of adjacent string literals, joined
texts = [re.sub(r'"\s*"', "", m.group(0))[1:-1] for m in re.finditer(r'"(?:[^"\\\n]|\\.)*"(?:\s*"(?:[^"\\\n]|\\.)*")*', src)]
named = set()
for t in texts:
    for line in t.split("\\n"):
        if "generate" in line:
            # leave out the flags of the oc, kubectl and podman commands it quotes
            line = re.sub(r"\b(oc|kubectl|podman) [a-z-]+( [^ ,;()]+)*", "", line)
            named |= set(re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", line))
for f in sorted(named):
    if f in have:
        print("ok %s" % f)
    elif f in pending:
        print("skip %s: %s" % (f, pending[f]))
    else:
        print("FAIL %s" % f)
PY
[ -s "$T_TMP/flags" ] || fail "the fixes' generate flags: nothing was checked"
while IFS= read -r line; do
	case $line in
	"ok "*) ok "a fix names generate ${line#ok }, which generate has" ;;
	"skip "*) f=${line#skip }; skip "a fix names generate ${f%%:*}" "${f#*: }" ;;
	*) fail "a fix names generate ${line#FAIL }, which generate --help does not list" ;;
	esac
done <"$T_TMP/flags"

# shellcheck disable=SC2086
check_expects $dirs >"$T_TMP/checks" 2>&1
[ -s "$T_TMP/checks" ] || fail "the expect checker printed nothing"
while IFS= read -r line; do
	case $line in
	"ok "*) ok "${line#ok }: -o json holds what its expect file says" ;;
	*) fail "$line" ;;
	esac
done <"$T_TMP/checks"

summary
