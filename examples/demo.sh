#!/bin/sh
# make demo: the bundled example machine, generated in all three modes.
set -eu
cd "$(dirname "$0")/.."
out=demo-out
root=examples/macrocontainers
rm -rf "$out"
run() {
	printf '\n$ oc-leapp %s\n' "$*"
	./oc-leapp "$@"
}
run generate macroimage -c web-centos7 --root "$root" --tcp 9022:22 --tcp 80 --local-image -e "$out/macroimage"
run generate multivolume -c web-centos7 --root "$root" --tcp 80 --image-url http://files.example.com/web-centos7.tar.gz -e "$out/multivolume"
run generate stateful -c web-centos7 --root "$root" --tcp 80 --service-account useroot -e "$out/stateful"
printf '\nWritten:\n'
find "$out" -type f | sort | sed 's/^/  /'
printf '\n--- %s/multivolume/web-centos7-pod.yaml ---\n' "$out"
cat "$out/multivolume/web-centos7-pod.yaml"
