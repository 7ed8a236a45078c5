#!/bin/sh
# The seed's own examples, reproduced: what the 2017 wiki shows must still
# come out (multivolume with --legacy-init-annotation; macroimage's
# Dockerfile and Service), compared as data.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
check="node $top/tests/tools/k8scheck.mjs"
m=$T_TMP/m
sh "$top/tests/machines.sh" "$m"
seed=$top/tests/golden/seed
n=leapp-migrated-container

run_cmd "$T_TMP/mv.out" "$T_TMP/mv.err" "$OC_LEAPP" generate multivolume --tcp 9022:22 80:80 \
	--image-url http://local.web.server/leapp-migrated.tar.gz -c $n --ip 192.168.100.1 \
	--root "$m" --base-image gazdown/leapp-scratch:6 --legacy-init-annotation -e "$T_TMP/mv"
[ "$RC" -eq 0 ] && ok "seed multivolume: generated" || fail "seed multivolume: exit $RC" "$(cat "$T_TMP/mv.err")"
for f in $n-pod.yaml $n-svc.yaml; do
	if res=$($check compare-seed "$T_TMP/mv/$f" "$seed/multivolume/$f" 2>&1); then
		ok "seed multivolume: $f equals the seed's"
	else
		fail "seed multivolume: $f" "$res"
	fi
done

# The seed's image name (leapp/NAME, a Docker Hub namespace no user owns) is
# no longer the default (leapp-NAME:latest in --registry): given here by --image.
run_cmd "$T_TMP/mi.out" "$T_TMP/mi.err" "$OC_LEAPP" generate macroimage --tcp 9022:22 80:80 \
	--local-image -c $n --ip 192.168.100.1 --root "$m" --base-image gazdown/leapp-scratch:6 -e "$T_TMP/mi" \
	--image leapp/$n
[ "$RC" -eq 0 ] && ok "seed macroimage: generated" || fail "seed macroimage: exit $RC" "$(cat "$T_TMP/mi.err")"
for f in Dockerfile $n-svc.yaml; do
	if res=$($check compare-seed "$T_TMP/mi/$f" "$seed/macroimage/$f" 2>&1); then
		ok "seed macroimage: $f equals the seed's"
	else
		fail "seed macroimage: $f" "$res"
	fi
done
# The seed's pod with our deliberate differences: same image, pull policy, ports.
if K8SCHECK_LIB=1 node -e '
  const { load } = await import(process.argv[1]);
  const [ours] = load(process.argv[2]), [seed] = load(process.argv[3]);
  const a = ours.spec.containers[0], b = seed.spec.containers[0];
  const same = a.image === b.image && a.imagePullPolicy === b.imagePullPolicy &&
    JSON.stringify(a.ports) === JSON.stringify(b.ports) && ours.metadata.name === seed.metadata.name &&
    JSON.stringify(ours.metadata.labels) === JSON.stringify(seed.metadata.labels);
  process.exit(same ? 0 : 1);' --input-type=module "$top/tests/tools/k8scheck.mjs" "$T_TMP/mi/$n-pod.yaml" "$seed/macroimage/$n-pod.yaml"; then
	ok "seed macroimage: pod has the seed's name, labels, image, pull policy and ports"
else
	fail "seed macroimage: pod differs from the seed's in name, labels, image, pull policy or ports"
fi

# The comparison itself can fail: a changed port must be caught.
sed 's/targetPort: 22/targetPort: 23/' "$seed/multivolume/$n-svc.yaml" > "$T_TMP/bad-svc.yaml"
if $check compare-seed "$T_TMP/mv/$n-svc.yaml" "$T_TMP/bad-svc.yaml" >/dev/null 2>&1; then
	fail "seed: the comparison did not notice a changed port"
else
	ok "seed: the comparison notices a changed port"
fi
summary
