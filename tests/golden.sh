#!/bin/sh
# Golden tests of generate: every case in tests/golden/cases/NAME.args is run
# against the example machines, and what it writes is compared, as data, with
# the reviewed files in tests/golden/expected/NAME/, then checked by the
# independent validator (upstream schemas + the API server's name rules).
#   golden.sh [--update] PROGRAM
# --update rewrites the expected files (review the diff before committing).
set -eu
update=0
[ "${1:-}" = "--update" ] && { update=1; shift; }
prog=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/lib.sh"
check="node $top/tests/tools/k8scheck.mjs"
m=$T_TMP/machines
sh "$top/tests/machines.sh" "$m"
# Expected files hold the machines' path as leapp-tool's default root.
norm() { find "$1" -type f -exec sed -i "s|$m|/var/lib/leapp/macrocontainers|g" {} +; }
# The base image's context (base-image/: empty directories and links, which
# git cannot hold) is compared as its description, base-image.txt: the
# Containerfile, every rootfs/ entry with its mode or link, leapp/'s files
# with their mode and SHA-256.
describe_base() {
	b=$1/base-image
	[ -d "$b" ] || return 0
	{
		echo "== Containerfile"
		cat "$b/Containerfile"
		echo "== rootfs/"
		(cd "$b/rootfs" && find . -mindepth 1 | LC_ALL=C sort | while read -r f; do
			if [ -L "$f" ]; then echo "link $f -> $(readlink "$f")"; else echo "dir  $(stat -c %a "$f") $f"; fi
		done)
		echo "== leapp/"
		(cd "$b" && find leapp -type f | LC_ALL=C sort | while read -r f; do
			echo "file $(stat -c %a "$f") $(sha256sum < "$f" | cut -c1-64) $f"
		done)
	} > "$1/base-image.txt"
	rm -rf "$b"
}

for args in "$top"/tests/golden/cases/*.args; do
	name=$(basename "$args" .args)
	out=$T_TMP/out/$name
	mkdir -p "$out"
	# The .args file holds one shell-quoted argument list.
	eval "set -- $(cat "$args")"
	case " $* " in
	*" -o json"*) run_cmd "$out/objects.json" "$out.err" "$prog" generate "$@" --root "$m" ;;
	*" -o "*) run_cmd "$out/objects.yaml" "$out.err" "$prog" generate "$@" --root "$m" ;;
	*) run_cmd "$out.stdout" "$out.err" "$prog" generate "$@" --root "$m" -e "$out" ;;
	esac
	if [ "$RC" -ne 0 ]; then
		fail "golden $name: exit $RC" "$(cat "$out.err")"
		continue
	fi
	no_sanitizer_report "$out.err" || { fail "golden $name: sanitizer" "$(head -5 "$out.err")"; continue; }
	describe_base "$out"
	norm "$out"
	if [ "$update" -eq 1 ]; then
		rm -rf "$top/tests/golden/expected/$name"
		cp -r "$out" "$top/tests/golden/expected/$name"
		ok "golden $name: updated"
		continue
	fi
	if res=$($check compare "$out" "$top/tests/golden/expected/$name" 2>&1); then
		ok "golden $name: as expected"
	else
		fail "golden $name: differs" "$res"
	fi
	if res=$($check validate "$out" 2>&1); then
		ok "golden $name: valid objects"
	else
		fail "golden $name: invalid" "$res"
	fi
done

# The validator can fail: objects the API server would refuse are caught.
bad=$T_TMP/bad.yaml
cat > "$bad" <<'YAML'
apiVersion: v1
kind: Pod
metadata: {name: Bad_Name}
spec: {containers: [{name: x, image: y, ports: [{containerPort: 70000}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: 1svc}
spec: {selector: {name: x}, ports: []}
---
apiVersion: v1
kind: Pod
metadata: {name: nocontainers}
spec: {}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: c}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 0}}}
YAML
res=$($check validate "$bad" 2>&1 || true)
for want in 'Bad_Name' '70000' 'Service names must start with a letter' 'needs at least one port' 'nocontainers: schema' 'bad request 0'; do
	case "$res" in
	*"$want"*) ok "validator refuses: $want" ;;
	*) fail "validator missed: $want" "$res" ;;
	esac
done
summary
