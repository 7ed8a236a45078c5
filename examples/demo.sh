#!/bin/sh
# make demo: the bundled example machine archived and generated in all three
# modes, then the diagnosis of a saved failing pod (the seeds' Debugging case).
set -eu
cd "$(dirname "$0")/.."
out=${DEMO_OUT:-demo-out}
prog=${DEMO_PROG:-./oc-leapp}	# the tests run the sanitizer build
root=examples/macrocontainers
rm -rf "$out"
run() {
	printf '\n$ oc-leapp %s\n' "$*"
	"$prog" "$@"
}
run generate macroimage -c web-centos7 --root "$root" --tcp 9022:22 --tcp 80 --local-image -e "$out/macroimage"
run archive -c web-centos7 --root "$root" -q -f "$out/web-centos7.tar.gz"
run generate multivolume -c web-centos7 --root "$root" --tcp 80 --image-url http://files.example.com/web-centos7.tar.gz \
	--image-sha256 "$(cut -d' ' -f1 "$out/web-centos7.tar.gz.sha256")" -e "$out/multivolume"
run generate stateful -c web-centos7 --root "$root" --tcp 80 -e "$out/stateful"
printf '\nWritten:\n'
find "$out" -type f | sort | sed 's/^/  /'
printf '\n--- %s/multivolume/web-centos7-pod.yaml ---\n' "$out"
cat "$out/multivolume/web-centos7-pod.yaml"

# A multivolume pod whose image server refused the download, saved with
# `oc get pod,events -o yaml` and `oc logs --previous`: what diagnose makes of it.
fp=examples/failing-pod
printf '\n$ oc-leapp diagnose --from-file %s/pod-and-events.yaml --previous-log web-init=%s/web-init.previous.log\n' "$fp" "$fp"
"$prog" diagnose --from-file "$fp/pod-and-events.yaml" --previous-log "web-init=$fp/web-init.previous.log" || [ $? -eq 3 ]
