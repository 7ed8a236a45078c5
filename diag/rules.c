/* The catalogue: failure families, each with the wordings of its failure
 * (rows, one per tool and place) and what they mean (causes). Families run
 * in table order, and a family's rows in theirs; the first row that makes a
 * finding gives its summary and explanation, later ones add evidence and
 * fixes. Strings matched are the stable parts of real messages (sources in
 * research/diagnose-anchors.md, tests/fixtures/diagnose/corpus/ and the
 * tools' own documentation). */
#include "diag/rules.h"
#include "lib/contract.h"
#include "lib/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* A family's rows and causes, counted. */
#define ROWS(...) .rules = (const struct rule[]){ __VA_ARGS__ }, \
	.nrules = sizeof((const struct rule[]){ __VA_ARGS__ }) / sizeof(struct rule)
#define CAUSES(...) .causes = (const struct cause[]){ __VA_ARGS__ }, \
	.ncauses = sizeof((const struct cause[]){ __VA_ARGS__ }) / sizeof(struct cause)

/* ---- texts shared by several causes ---- */

/* The host's cgroup tree mounted into the pod (the 2017 pods did; generate
 * --host-cgroup still can, for cgroup v1 nodes) turns off the runtime's own
 * systemd support, and needs hostPath. Shown only when the pod mounts it. */
#define DROP_HOST_CGROUP \
	"regenerate without --host-cgroup: the runtime then gives systemd a cgroup of its own, and the pod " \
	"needs no hostPath for {host_cgroup} (nor the SCC that allows one)"

/* The one SCC the pod needs, {scc_fix} (anyuid for root, hostmount-anyuid
 * with host directories; never privileged: a machine does not need it),
 * granted to the account the pod runs as; never to "default", which every
 * pod of the namespace uses (research/runtime-contract.md): a machine whose
 * pod runs as default gets an account of its own, {new_sa}. */
#define GRANT_SCC \
	DROP_HOST_CGROUP "\n" \
	"oc adm policy add-scc-to-user {scc_fix} -z {own_sa} -n {ns}\n" \
	"oc create serviceaccount {new_sa} -n {ns}\n" \
	"oc adm policy add-scc-to-user {scc_fix} -z {new_sa} -n {ns}\n" \
	"run the machine as {new_sa}: regenerate its objects with --service-account {new_sa} " \
	"(granted to default, {scc_fix} would apply to every pod in {ns})"

/* systemd older than 230 (CentOS/RHEL 7) cannot boot on cgroup v2, which is
 * what nodes run now (cgroup v1 is gone after OpenShift 4.19). */
#define INIT_SERVICES \
	"regenerate with --init services: leapp-init then starts the machine's enabled services itself, " \
	"without systemd as PID 1, and needs no cgroup of its own"

#define SELINUX_CGROUP \
	"on SELinux nodes (RHCOS), systemd may write its cgroup only with the boolean on: " \
	"oc debug node/{node} -- chroot /host setsebool -P container_manage_cgroup 1\n" \
	"{!node}on SELinux nodes (RHCOS), systemd may write its cgroup only with the boolean on: on the node " \
	"that runs the pod (oc get pod -o wide names it), as root, setsebool -P container_manage_cgroup 1"

#define OTHER_WAYS_V2 \
	"or run the machine as a virtual machine (OpenShift Virtualization) instead of a container\n" \
	"or, where the runtime is crun and a cluster administrator allows the annotation (allowed_annotations of " \
	"CRI-O's crun runtime handler), give the pod run.oci.systemd.force_cgroup_v1=/sys/fs/cgroup"

/* How to test a download from inside the cluster. */
#define TEST_URL \
	"test from inside the cluster: oc run urltest -n {ns} --rm -it --restart=Never --image=busybox -- wget -S --spider {url}"
#define PREVIOUS_LOG "oc logs {pod} -c {container} -n {ns} --previous"
#define NEW_IMAGE_URL "if the address is wrong, regenerate the machine's objects with the right --image-url (now {image_url})"

/* Every download family looks at init containers, and at main containers
 * that failed: a running machine's services may log a failed connection
 * without anything being wrong with the pod. */
#define DOWNLOADS (ON_INIT | ON_FAILED)

/* The kubelet's pull failure event, and the waiting message that repeats it. */
#define PULL_WHERE (SRC_EVENT | SRC_WAITING)

/* ================================================================ */

const struct family diag_families[] = {

/* ---- admission: the controller could not create the pod ---- */
{ .name = "admission", .stage = STAGE_ADMISSION,
  ROWS(
	{ .tool = "OpenShift SCC admission",
	  .example = "Error creating: pods \"leapp-web-5d8f7c9b4-\" is forbidden: unable to validate against any security context constraint: [spec.volumes[0]: Invalid value: \"hostPath\": hostPath volumes are not allowed to be used]",
	  .where = SRC_OWNER, .how = M_SUBSTR,
	  .pattern = "unable to validate against any security context constraint" },
	{ .tool = "Pod Security admission",
	  .example = "pods \"leapp-web-0\" is forbidden: violates PodSecurity \"restricted:latest\": runAsNonRoot != true (pod or container \"web\" must set securityContext.runAsNonRoot=true)",
	  .where = SRC_OWNER, .how = M_SUBSTR, .pattern = "violates PodSecurity" },
	{ .tool = "Pod Security admission (warn, audit)",
	  .example = "would violate PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false (container \"web\" must set securityContext.allowPrivilegeEscalation=false)",
	  .where = SRC_EVENT | SRC_OWNER, .how = M_SUBSTR,
	  .pattern = "would violate PodSecurity" },
	{ .tool = "ServiceAccount admission",
	  .example = "create Pod leapp-db-0 in StatefulSet leapp-db failed error: pods \"leapp-db-0\" is forbidden: error looking up service account demo/leapp-db: serviceaccount \"leapp-db\" not found",
	  .where = SRC_OWNER, .how = M_REGEX,
	  .pattern = "error looking up service account [^:]*: serviceaccount \"([^\"]*)\" not found" },
	{ .tool = "ResourceQuota admission",
	  .example = "Error creating: pods \"timescaledb-patroni-0u-kf7t9\" is forbidden: failed quota: anais-quota: must specify limits.cpu,limits.memory",
	  .where = SRC_OWNER, .how = M_REGEX,
	  .pattern = "(exceeded quota|failed quota): " },
	{ .tool = "LimitRanger admission",
	  .example = "Error creating: pods \"leapp-web-5d8f7c9b4-x2x7m\" is forbidden: maximum memory usage per Container is 1Gi, but limit is 2Gi",
	  .where = SRC_OWNER, .how = M_REGEX,
	  .pattern = "(maximum|minimum) (cpu|memory|ephemeral-storage) usage per (Container|Pod) is" },
  ),
  CAUSES(
	{ .id = "SCCDenied", .sev = SEV_ERROR, .when = "security context constraint.*hostPath",
	  .summary = "No security context constraint lets {owner} mount host directories",
	  .explanation = "OpenShift refused to create the pod: its service account {sa} may not use an SCC that "
		"allows hostPath volumes. On OpenShift 4 the anyuid SCC does not allow hostPath; hostmount-anyuid "
		"(root and hostPath) does, and a pod that mounts no host directory needs only anyuid.",
	  .remedy = GRANT_SCC },
	{ .id = "SCCDenied", .sev = SEV_ERROR, .when = "security context constraint.*[Pp]rivileged containers are not allowed",
	  .summary = "No security context constraint lets {owner} run privileged containers",
	  .explanation = "OpenShift refused to create the pod: it asks for a privileged container and its "
		"service account {sa} may not use the privileged SCC. A migrated machine does not need a "
		"privileged container: root and its own files are enough.",
	  .remedy = "remove securityContext.privileged from the containers of {owner}\n" GRANT_SCC },
	{ .id = "SCCDenied", .sev = SEV_ERROR, .when = "security context constraint.*capability may not be added",
	  .summary = "No security context constraint lets {owner} add the capabilities it asks for",
	  .explanation = "OpenShift refused to create the pod: it adds Linux capabilities (sshd's SYS_CHROOT, "
		"AUDIT_WRITE, ping's NET_RAW) and no SCC its service account {sa} may use allows them. anyuid and "
		"hostmount-anyuid allow no added capability: the pod needs an SCC written for it, which oc leapp "
		"generate writes when it asks for capabilities (--capabilities), and which a cluster administrator "
		"creates.",
	  .remedy = "a cluster administrator creates the SecurityContextConstraints oc leapp generate wrote beside the "
		"pod (oc create -f with that file), which names the pod's account {sa}\n"
		"or drop the capabilities the machine can do without: regenerate with --capabilities and, for each, its name after a minus" },
	{ .id = "SCCDenied", .sev = SEV_ERROR, .when = "security context constraint",
	  .summary = "No security context constraint admits the pods of {owner}",
	  .explanation = "OpenShift refused to create the pod: none of the SCCs its service account {sa} may use "
		"allows what the pod asks for. A migrated machine's init system runs as root, which the "
		"default restricted SCC forbids; the {scc_fix} SCC allows it.",
	  .remedy = GRANT_SCC },
	{ .id = "PodSecurityViolation", .sev = SEV_WARNING, .when = "would violate PodSecurity",
	  .summary = "The pod would violate the namespace's Pod Security level",
	  .explanation = "The namespace {ns} warns (or audits) against what this pod does; if the level is "
		"ever enforced, the pod will not be created.",
	  .remedy = "kubectl label namespace {ns} pod-security.kubernetes.io/enforce={psa_level} --overwrite" },
	{ .id = "PodSecurityViolation", .sev = SEV_ERROR, .when = "violates PodSecurity",
	  .summary = "Pod Security admission rejects the pods of {owner}",
	  .explanation = "The namespace {ns} enforces a Pod Security level that forbids what the pod asks for. "
		"A migrated machine runs as root, which the baseline level allows and restricted does not; "
		"only the privileged level allows host directories.",
	  .remedy = DROP_HOST_CGROUP "\n"
		"kubectl label namespace {ns} pod-security.kubernetes.io/enforce={psa_level} --overwrite" },
	{ .id = "ConfigMissing", .sev = SEV_ERROR, .when = "service account",
	  .summary = "The service account {1|it names} does not exist",
	  .explanation = "The pod template runs as the service account {1|it names}, which does not exist in {ns}, so "
		"no pod can be created.",
	  .remedy = "oc create serviceaccount {1} -n {ns}\n"
		"then grant it the SCC the machine needs: oc adm policy add-scc-to-user {scc_fix} -z {1} -n {ns}" },
	{ .id = "QuotaExceeded", .sev = SEV_ERROR, .when = "usage per",
	  .summary = "A LimitRange of {ns} refuses the resources {owner} asks for",
	  .explanation = "The namespace {ns} bounds what one container or pod may ask for (a LimitRange), and the pod's "
		"requests or limits are outside the bounds; no pod is created until they fit.",
	  .remedy = "oc describe limitrange -n {ns}\n"
		"regenerate with a --memory (the machine's request and limit) and --cpu within the bounds" },
	{ .id = "QuotaExceeded", .sev = SEV_ERROR,
	  .summary = "A resource quota of {ns} refuses the pods of {owner}",
	  .explanation = "The namespace {ns} has a ResourceQuota: either what the pod asks for would exceed what is left "
		"of it, or the quota counts a resource (limits.cpu or limits.memory) the pod does not declare, and "
		"such a quota refuses every pod that leaves it out. No pod is created until it fits.",
	  .remedy = "oc describe resourcequota -n {ns}\n"
		"give the machine its memory request and limit: regenerate with --memory, and --cpu for its CPU request\n"
		"a quota on limits.cpu also needs a CPU limit, which generate does not set: a LimitRange with a default "
		"(oc create -f with a LimitRange of default.cpu) gives every container one\n"
		"or free what the namespace uses, or ask its administrator for a larger quota" },
  ) },

/* ---- claims: binding a PersistentVolumeClaim ---- */
{ .name = "claims", .stage = STAGE_SCHEDULING,
  ROWS(
	{ .tool = "persistentvolume-controller",
	  .example = "volume \"web-etc-vol\" already bound to a different claim.",
	  .where = SRC_EVENT, .reason = "FailedBinding" },
	{ .tool = "persistentvolume-controller",
	  .example = "storageclass.storage.k8s.io \"fast\" not found",
	  .where = SRC_EVENT, .reason = "ProvisioningFailed" },
	{ .tool = "claim phase", .where = SRC_CLAIM, .reason = "Pending" },
	{ .tool = "claim phase", .where = SRC_CLAIM, .reason = "Lost" },
  ),
  CAUSES(
	{ .id = "UnboundClaim", .sev = SEV_ERROR, .when = "already bound to a different claim",
	  .summary = "The volume the claim {claim|of the pod} names is bound to another claim",
	  .explanation = "The claim asks for one PersistentVolume by name (volumeName), and that volume is bound "
		"to a different claim, maybe one of another namespace: a claim's volumeName does not reserve the "
		"volume, and any claim without a storage class may take a machine's volume first. The volume's "
		"claimRef (namespace and name) reserves it; a volume Released by a deleted claim keeps its old "
		"claimRef until it is cleared.",
	  .remedy = "oc get pv -o custom-columns=name:.metadata.name,namespace:.spec.claimRef.namespace,claim:.spec.claimRef.name,status:.status.phase\n"
		"if the other claim is not the machine's, delete it; if the volume is Released, clear its old "
		"claim: oc patch pv with '{\"spec\":{\"claimRef\":null}}'\n"
		"regenerate the machine's objects with oc leapp generate stateful, whose volumes are reserved for "
		"their claims (claimRef) and carry the namespace in their names" },
	{ .id = "UnboundClaim", .sev = SEV_ERROR, .when = "^Lost$",
	  .summary = "The persistent volume claim {claim|the pod mounts} lost its volume",
	  .explanation = "The PersistentVolume that the claim {claim|the pod mounts} was bound to no longer exists.",
	  .remedy = "recreate the PersistentVolume, then the claim: oc create -f {machine}-storage.yaml\n"
		"{!machine}recreate the PersistentVolume, then the claim, from the storage file oc leapp generate stateful wrote\n"
		"oc get pv: the volume the claim was bound to is gone" },
	{ .id = "UnboundClaim", .sev = SEV_ERROR, .when = "storageclass|provision",
	  .summary = "A persistent volume claim cannot be provisioned",
	  .explanation = "The claim {claim|the pod mounts} asked a storage class for a new volume, and provisioning failed. "
		"The stateful machine's data lives in PersistentVolumes on the host; its claims must not ask a "
		"storage class at all.",
	  .remedy = "set storageClassName: \"\" on the claim and its PersistentVolume, then recreate the claim" },
	{ .id = "UnboundClaim", .sev = SEV_ERROR, .when = "no persistent volumes available|no volume plugin matched|^Pending$",
	  .summary = "The persistent volume claim {claim|the pod mounts} is not bound",
	  .explanation = "The claim {claim|the pod mounts} found no PersistentVolume it may bind to. With no storage class "
		"set on either side, the claim binds only to the volume it names, of the same access mode and "
		"at least its size.",
	  .remedy = "oc get pv,pvc -n {ns}; oc describe pvc {claim} -n {ns}\n"
		"create the PersistentVolumes first: oc create -f {machine}-storage.yaml (written by oc leapp generate stateful)\n"
		"{!machine}create the machine's PersistentVolumes first, from the storage file oc leapp generate stateful wrote\n"
		"set storageClassName: \"\" on the claim and its PersistentVolume so they bind by name" },
	{ .id = "UnboundClaim", .sev = SEV_ERROR,
	  .summary = "A persistent volume claim cannot bind",
	  .explanation = "The claim {claim|the pod mounts} is not bound to a volume, so the pod that mounts it cannot start.",
	  .remedy = "oc describe pvc {claim} -n {ns}" },
  ) },

/* ---- scheduling ---- */
{ .name = "scheduling", .stage = STAGE_SCHEDULING,
  ROWS(
	{ .tool = "kube-scheduler",
	  .example = "0/5 nodes are available: 1 node(s) had volume node affinity conflict, 4 node(s) didn't match node selector",
	  .where = SRC_EVENT, .reason = "FailedScheduling" },
	{ .tool = "kube-scheduler (pod condition)",
	  .example = "0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
	  .where = SRC_POD_CONDITION, .reason = "Unschedulable" },
  ),
  CAUSES(
	{ .id = "UnboundClaim", .sev = SEV_ERROR,
	  .when = "unbound immediate PersistentVolumeClaims|has unbound PersistentVolumeClaims|"
		"didn't find available persistent volumes|persistentvolumeclaim \"[^\"]*\" not found",
	  .summary = "The pod waits for its persistent volume claims",
	  .explanation = "The scheduler cannot place the pod until every claim it mounts is bound to a "
		"volume. The stateful PersistentVolumes point at the machine's directories on one host and bind "
		"by name; a claim that got the cluster's default storage class never binds to them.",
	  .remedy = "oc get pvc -n {ns} and oc describe pvc -n {ns} to see which claim is Pending and why\n"
		"set storageClassName: \"\" on both the PersistentVolume and the claim (oc leapp generate stateful writes it)\n"
		"oc get pv: the volume must exist, be Available, and be at least as large as the claim" },
	{ .id = "Unschedulable", .sev = SEV_ERROR, .flags = CAUSE_AND, .when = "volume node affinity conflict",
	  .summary = "The pod's volumes are on a node where it may not run",
	  .explanation = "A volume the pod mounts may be used only on certain nodes (its nodeAffinity: a stateful "
		"machine's volumes are its directories on the host it was migrated to), and the pod's own node "
		"selector, affinity or taints keep it off those nodes.",
	  .remedy = "oc get pv -o custom-columns=name:.metadata.name,nodes:.spec.nodeAffinity.required.nodeSelectorTerms\n"
		"let the pod run on the node that holds its volumes: make its node selector ({node_selector|spec.nodeSelector}) "
		"match that node, or remove it" },
	{ .id = "Unschedulable", .sev = SEV_ERROR, .flags = CAUSE_AND, .when = "Insufficient (memory|cpu|ephemeral-storage)|NodeUnderMemoryPressure|NodeUnderDiskPressure",
	  .summary = "No node has room for the pod",
	  .explanation = "The scheduler found no node with enough free memory, CPU or disk for what the pod requests "
		"(or the nodes are under memory or disk pressure).",
	  .remedy = "lower what the machine requests (the pod's resources.requests): regenerate with a smaller --memory or --cpu\n"
		"or free or add capacity: oc describe nodes | grep -A5 Allocated" },
	{ .id = "Unschedulable", .sev = SEV_ERROR, .flags = CAUSE_AND, .when = "didn't match (Pod's )?node (affinity/)?selector",
	  .summary = "No node matches the pod's node selector",
	  .explanation = "The pod may only run on nodes with certain labels, and no node has them. A macro pod "
		"pinned to the host the machine was migrated to cannot run elsewhere.",
	  .remedy = "see which labels the nodes have: oc get nodes --show-labels\n"
		"make the node selector of {owner} ({node_selector|spec.nodeSelector}) match a node's labels, or "
		"give the node that should run the machine those labels with oc label node" },
	{ .id = "Unschedulable", .sev = SEV_ERROR, .flags = CAUSE_AND, .when = "had (untolerated )?taint",
	  .summary = "Every fitting node has a taint the pod does not tolerate",
	  .explanation = "The nodes that could run the pod are tainted, and the pod has no toleration for the taint.",
	  .remedy = "oc describe nodes | grep Taints, then add a matching spec.tolerations entry or use another node" },
	{ .id = "Unschedulable", .sev = SEV_ERROR, .flags = CAUSE_AND, .when = "were unschedulable",
	  .summary = "The nodes are cordoned",
	  .explanation = "The nodes that could run the pod are marked unschedulable (cordoned, e.g. for maintenance).",
	  .remedy = "oc get nodes: the cordoned ones say SchedulingDisabled; once a node's maintenance is done, "
		"oc adm uncordon it" },
	{ .id = "Unschedulable", .sev = SEV_ERROR,
	  .summary = "The scheduler cannot place the pod",
	  .explanation = "No node fits the pod; the scheduler's message says why, node by node.",
	  .remedy = "oc describe pod {pod} -n {ns} and oc get nodes" },
  ) },

/* ---- volumes and the sandbox ---- */
{ .name = "volumes", .stage = STAGE_VOLUMES,
  ROWS(
	{ .tool = "kubelet (attach)",
	  .example = "Multi-Attach error for volume \"pvc-0a1b2c3d\" Volume is already exclusively attached to one node and can't be attached to another",
	  .where = SRC_EVENT, .reason = "FailedAttachVolume" },
	{ .tool = "kubelet",
	  .example = "MapVolume.SetUpDevice failed for volume \"pvc-0a1b2c3d\" : rpc error: code = Internal desc = device not found",
	  .where = SRC_EVENT, .reason = "FailedMapVolume" },
	{ .tool = "kubelet",
	  .example = "MountVolume.SetUp failed for volume \"kubecgroup\" : hostPath type check failed: /sys/fs/cgroup/cpuset/kubepods.slice/ is not a directory",
	  .where = SRC_EVENT, .reason = "FailedMount", .how = M_REGEX, .pattern = ".",
	  .unless = "^Unable to (attach or )?mount volumes" },
	/* the kubelet's time-out, after the message that names the volume */
	{ .tool = "kubelet",
	  .example = "Unable to attach or mount volumes: unmounted volumes=[db-var-vol], unattached volumes=[db-var-vol kube-api-access-8x2lq]: timed out waiting for the condition",
	  .where = SRC_EVENT, .reason = "FailedMount", .how = M_REGEX, .flags = R_FOLLOWS,
	  .pattern = "^Unable to (attach or )?mount volumes" },
  ),
  CAUSES(
	{ .id = "SystemdCgroupMount", .sev = SEV_ERROR, .when = "hostPath type check failed: /sys/fs/cgroup/systemd/? is not",
	  .summary = "The node has no systemd cgroup hierarchy to mount",
	  .explanation = "The pod mounts the host's systemd cgroup directory, and this node does not have it: "
		"it runs the unified cgroup v2 hierarchy (every current OpenShift and Kubernetes node does), where "
		"/sys/fs/cgroup/systemd does not exist. The pod does not need the host's cgroups: the runtime "
		"gives systemd its own.",
	  .remedy = DROP_HOST_CGROUP "\n" INIT_SERVICES " (for systemd older than 230, as on CentOS/RHEL 7)" },
	{ .id = "ConfigMissing", .sev = SEV_ERROR, .when = "(secret|configmap) \"[^\"]*\" not found",
	  .summary = "A volume refers to an object that does not exist",
	  .explanation = "The pod mounts a secret or config map that is not in {ns}, so its volumes cannot be set up.",
	  .remedy = "oc get secrets,configmaps -n {ns}\ncreate the missing object, or remove the volume from the pod" },
	{ .id = "VolumeMountFailed", .sev = SEV_ERROR, .when = "Multi-Attach error",
	  .summary = "A volume is still attached to another node",
	  .explanation = "A ReadWriteOnce volume can be attached to one node at a time, and another pod (often "
		"the previous replica) still holds it.",
	  .remedy = "delete the old pod or wait for it to end: oc get pods -n {ns} -o wide\n"
		"for a Deployment of a stateful machine, use strategy: Recreate" },
	{ .id = "VolumeMountFailed", .sev = SEV_ERROR, .cond = C_LEAPP | C_HOSTDATA, .when = "hostPath type check failed",
	  .summary = "The pod runs on a node that does not hold the machine's directories",
	  .explanation = "The machine's volumes are directories on the host it was migrated to, and the pod was "
		"placed on {node|another node}, where they do not exist. A volume that is not pinned to its host "
		"(the PersistentVolume's nodeAffinity) lets the scheduler put the pod anywhere.",
	  .remedy = "oc get pv -o wide; oc get pod {pod} -n {ns} -o wide: the volumes' host and the pod's node differ\n"
		"regenerate with oc leapp generate stateful, whose PersistentVolumes are pinned to the machine's host (nodeAffinity)\n"
		"until then, run the pod on that host: a nodeSelector with kubernetes.io/hostname of the host" },
	{ .id = "VolumeMountFailed", .sev = SEV_ERROR, .when = "^Unable to (attach or )?mount volumes",
	  .summary = "The pod's volumes are not mounted",
	  .explanation = "The kubelet timed out waiting for the pod's volumes; an earlier message names the volume.",
	  .remedy = "oc describe pod {pod} -n {ns}" },
	{ .id = "VolumeMountFailed", .sev = SEV_ERROR,
	  .summary = "A volume cannot be mounted",
	  .explanation = "The kubelet could not set up one of the pod's volumes, so no container can start.",
	  .remedy = "oc describe pod {pod} -n {ns}\n"
		"for a hostPath volume, the directory must exist on the node the pod runs on ({node})" },
  ) },

/* ---- the image: pull policy Never ---- */
{ .name = "pull policy", .stage = STAGE_IMAGE,
  ROWS(
	{ .tool = "kubelet",
	  .example = "Container image \"leapp-web:latest\" is not present with pull policy of Never",
	  .where = SRC_WAITING | SRC_EVENT, .reason = "ErrImageNeverPull" },
  ),
  CAUSES(
	{ .id = "ImageNeverPulled", .sev = SEV_ERROR,
	  .summary = "The image {image|of the container} is not on the node, and the pod may not pull it",
	  .explanation = "The container has imagePullPolicy: Never (oc leapp generate macroimage --local-image), "
		"so the node must already have the image; the node {node|it runs on} does not. An image built with docker "
		"or podman on another machine, or in another runtime's store, is not visible to the node's CRI-O "
		"or containerd.",
	  .remedy = "build or load the image on the node that runs the pod (CRI-O: podman build -t {image} . there; "
		"containerd: ctr -n k8s.io images import), and pin the pod to it with a nodeSelector\n"
		"or push it to a registry the nodes can reach: regenerate without --local-image, with --registry" },
  ) },

/* ---- the image: its name ---- */
{ .name = "image name", .stage = STAGE_IMAGE,
  ROWS(
	{ .tool = "kubelet",
	  .example = "couldn't parse image reference \"Leapp-Web:latest\": invalid reference format: repository name must be lowercase",
	  .where = SRC_WAITING, .reason = "InvalidImageName" },
	{ .tool = "kubelet",
	  .example = "Failed to apply default image tag \"Leapp-Web:latest\": couldn't parse image name \"Leapp-Web:latest\": invalid reference format: repository name (library/Leapp-Web) must be lowercase",
	  .where = SRC_EVENT, .how = M_SUBSTR, .pattern = "invalid reference format" },
  ),
  CAUSES(
	{ .id = "InvalidImageName", .sev = SEV_ERROR,
	  .summary = "The image name {image|of the container} is not valid",
	  .explanation = "The container's image reference cannot be parsed: repository names must be lowercase, "
		"and tags may hold only letters, digits, '_', '.' and '-'.",
	  .remedy = "regenerate with a valid --image or --registry (a lowercase repository; a tag of letters, digits, _ . and -): "
		"oc leapp generate checks them" },
  ) },

/* ---- the image: pulling it. The pull error's words, from the kubelet's
 * event and the waiting message; the base image's own causes first. ---- */
{ .name = "pull", .stage = STAGE_IMAGE,
  ROWS(
	{ .tool = "kubelet (any runtime)",
	  .example = "Failed to pull image \"leapp-web-base:3f2a9c0d1e2b\": rpc error: code = Unknown desc = reading manifest 3f2a9c0d1e2b in docker.io/library/leapp-web-base: requested access to the resource is denied",
	  .where = PULL_WHERE, .how = M_REGEX,
	  .pattern = "Failed to pull image|[Ee]rror reading manifest|reading manifest|pull access denied|"
		"manifest unknown|name unknown|failed to resolve reference|not found: manifest|"
		"requested access to the resource is denied|unauthorized|pinging container registry|"
		"short-name \"[^\"]*\" did not resolve|initializing source docker://",
	  .unless = "ErrImageNeverPull|is not present with pull policy of Never" },
	{ .tool = "kubelet",
	  .example = "rpc error: code = Unknown desc = Error reading manifest latest in docker.io/library/my-image: errors: denied: requested access to the resource is denied unauthorized: authentication required",
	  .where = SRC_WAITING, .reason = "ErrImagePull" },
	{ .tool = "kubelet",
	  .example = "Back-off pulling image \"quay.io/acme/leapp-web-base:3f2a9c0d1e2b\"",
	  .where = SRC_WAITING, .reason = "ImagePullBackOff" },
  ),
  CAUSES(
	/* the machine's base image, named bare on OpenShift: an image stream
	 * the pod could not be resolved against */
	{ .id = "ImagePullFailed", .sev = SEV_ERROR, .cond = C_BASE_IMAGE | C_BARE_IMAGE | C_OPENSHIFT,
	  .summary = "The machine's base image {image|of the container} is not in an image stream the pod can use",
	  .explanation = "The pod names the base image bare, as an image stream tag of {ns}; OpenShift puts the "
		"internal registry's address in its place only when the image stream exists with that tag and its "
		"local lookup is on (oc set image-lookup). One of the two was missing, so the node pulled the bare name "
		"from docker.io, which does not have it.",
	  .remedy = "oc get istag {image} -n {ns}: it must exist; if not, build the base image as oc leapp generate's "
		"next steps say (oc new-build --binary, then oc start-build {repo} --from-dir with its base-image directory)\n"
		"oc set image-lookup {repo} -n {ns}\n"
		"then delete the pod, so that it is created again with the image resolved: oc delete pod {pod} -n {ns}\n"
		"or give the base image a registry instead: regenerate with --registry, then podman build and podman push" },
	{ .id = "ImagePullFailed", .sev = SEV_ERROR, .cond = C_BASE_IMAGE | C_BARE_IMAGE,
	  .summary = "The machine's base image {image|of the container} was looked for on docker.io",
	  .explanation = "The pod names the base image without a registry, which only an OpenShift image stream "
		"resolves; this cluster looked the bare name up on docker.io, which does not have it.",
	  .remedy = "regenerate with --registry naming a registry the nodes can pull from, then build and push the "
		"base image as generate's next steps say (podman build, podman push)\n"
		"for a private registry, link a pull secret to the pod's account: oc secrets link {sa} with the "
		"secret's name and --for=pull -n {ns}" },
	{ .id = "ImagePullFailed", .sev = SEV_ERROR, .cond = C_BASE_IMAGE,
	  .when = "manifest unknown|name unknown|not found|does not exist|[Rr]epo not found",
	  .summary = "The machine's base image {image|of the container} is not in its registry",
	  .explanation = "The registry has no base image by that name and tag: it was not built and pushed, or "
		"pushed under another tag (generate tags it from its content, so a regenerated machine has a new tag).",
	  .remedy = "build and push it as generate's next steps say: podman build -t {image} with its base-image "
		"directory, then podman push {image}\n"
		"check: skopeo inspect docker://{image}" },
	{ .id = "ImagePullFailed", .sev = SEV_ERROR, .cond = C_BASE_IMAGE,
	  .when = "denied|unauthorized|authentication required|403 Forbidden|authorization failed",
	  .summary = "The registry refuses to give the machine's base image {image|of the container}",
	  .explanation = "The registry answered that the base image needs credentials, or does not exist (many "
		"registries say \"denied\" for a repository nobody pushed).",
	  .remedy = "push it, if it was not: podman push {image}\n"
		"for a private registry, make a pull secret with its credentials (oc create secret docker-registry) "
		"and link it to the pod's account: oc secrets link {sa} with the secret's name and --for=pull -n {ns}" },
	/* any image */
	{ .id = "ImagePullFailed", .sev = SEV_ERROR,
	  .when = "pull access denied|unauthorized|authentication required|authorization failed|"
		"requested access to the resource is denied|403 Forbidden",
	  .summary = "The registry refuses to give the image {image|of the container}",
	  .explanation = "The registry answered that the image does not exist or needs credentials. A short name "
		"like {image|leapp/web} is looked up on docker.io, where it does not exist, unless it was pushed "
		"to a registry under a full name.",
	  .remedy = "push the machine's image to a registry the nodes can reach, and regenerate with --image naming it "
		"in full, registry host included (or --registry, where generate names the images)\n"
		"for a private registry, make a pull secret with its credentials (oc create secret docker-registry) "
		"and link it to the pod's account: oc secrets link {sa} with the secret's name and --for=pull -n {ns}\n"
		"or, for an image built on the node itself, use --local-image" },
	{ .id = "ImagePullFailed", .sev = SEV_ERROR,
	  .when = "not found|manifest unknown|name unknown|no match for platform|[Rr]epo not found",
	  .summary = "The image {image|of the container} is not in the registry",
	  .explanation = "The registry has no image by that name and tag (or none for this node's architecture).",
	  .remedy = "check the name and tag: skopeo inspect docker://{image}\n"
		"push the image: podman push {image}" },
	{ .id = "ImagePullFailed", .sev = SEV_ERROR,
	  .when = "no such host|i/o timeout|connection refused|pinging container registry|x509|certificate|"
		"network is unreachable|did not resolve to an alias|no route to host",
	  .summary = "The node cannot reach the registry for {image|of the container}",
	  .explanation = "The node could not talk to the registry: its name does not resolve, it is not "
		"reachable, or its TLS certificate is not trusted. A short image name with no unqualified-search "
		"registry configured fails the same way.",
	  .remedy = "name the image in full, registry host included (generate's --registry): a short name needs an "
		"unqualified-search registry on the node\n"
		"check from the node: oc debug node/{node} -- chroot /host podman pull {image}" },
	{ .id = "ImagePullFailed", .sev = SEV_ERROR,
	  .summary = "The image {image|of the container} cannot be pulled",
	  .explanation = "The node could not pull the container's image; the message says what the registry answered.",
	  .remedy = "oc describe pod {pod} -n {ns} (events Failed)\n"
		"for an image built on the node itself, use oc leapp generate macroimage --local-image" },
  ) },

/* ---- downloads: the name does not resolve ({1}: the host) ---- */
{ .name = "name resolution", .stage = STAGE_INIT, .on = DOWNLOADS,
  ROWS(
	{ .tool = "busybox wget",
	  .example = "wget: bad address 'files.example.com'",
	  .where = SRC_LOG, .how = M_REGEX, .quote = Q_PREV, .pattern = "wget: bad address '([^']*)'" },
	{ .tool = "GNU wget",
	  .example = "wget: unable to resolve host address ‘storage.kernelci.org’",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "unable to resolve host address [^[:alnum:]]*([^'’ ]*)" },
	{ .tool = "GNU wget",
	  .example = "Resolving files.leapp.invalid (files.leapp.invalid)... failed: Name or service not known.",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "Resolving ([^ ]*) .*\\.\\.\\. failed: (Temporary failure in name resolution|Name or service not known|No address associated)" },
	{ .tool = "curl, git, yum",
	  .example = "curl: (6) Could not resolve host: huggingface.co",
	  .where = SRC_LOG, .how = M_REGEX, .quote = Q_PREV,
	  .pattern = "Could not resolve [a-z]+: ([^ ;'\"]*)" },
	{ .tool = "curl",
	  .example = "curl: (5) Could not resolve proxy: proxy.example.com",
	  .where = SRC_LOG, .how = M_REGEX, .pattern = "curl: \\([56]\\)" },
	{ .tool = "python urllib3",
	  .example = "(Caused by NameResolutionError(\"<urllib3.connection.HTTPSConnection object at 0x7f3403ce4>: Failed to resolve 'files-staging.kernelci.org' ([Errno -2] Name or service not known)\"))",
	  .where = SRC_LOG, .how = M_REGEX, .pattern = "Failed to resolve '([^']*)'" },
	{ .tool = "python",
	  .example = "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='files.example.com', port=443): Max retries exceeded with url: /web.tar.gz (Caused by NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution'))",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "host='([^']*)'.*(NameResolutionError|Errno -[235]\\]|Name or service not known|Temporary failure in name resolution)" },
	{ .tool = "python",
	  .example = "urllib.error.URLError: <urlopen error [Errno -2] Name or service not known>",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "NameResolutionError|socket\\.gaierror|\\[Errno -[235]\\]" },
	{ .tool = "Go net",
	  .example = "Get \"https://files.example.com/web.tar.gz\": dial tcp: lookup files.example.com on 10.96.0.10:53: no such host",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "lookup ([^ :]*)( on [^ ]*)?: (no such host|server misbehaving|Temporary failure in name resolution|i/o timeout)" },
	{ .tool = "Java",
	  .example = "Exception in thread \"main\" java.net.UnknownHostException: files.leapp.invalid",
	  .where = SRC_LOG, .how = M_REGEX, .pattern = "java\\.net\\.UnknownHostException: ([^ :]*)" },
	{ .tool = "Node.js",
	  .example = "Error: getaddrinfo ENOTFOUND files.leapp.invalid",
	  .where = SRC_LOG, .how = M_REGEX, .pattern = "getaddrinfo E[A-Z_]+ ([^ ]*)" },
	{ .tool = "apt",
	  .example = "Err:1 http://deb.debian.org/debian bookworm InRelease Temporary failure resolving 'deb.debian.org'",
	  .where = SRC_LOG, .how = M_REGEX, .pattern = "Temporary failure resolving '([^']*)'" },
	{ .tool = "glibc (any program)",
	  .example = "php_network_getaddresses: getaddrinfo failed: Name or service not known",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "Temporary failure in name resolution|Name or service not known|No address associated with hostname|"
		"nodename nor servname provided|getaddrinfo failed" },
  ),
  CAUSES(
	{ .id = "ImageURLUnreachable", .sev = SEV_ERROR,
	  .summary = "The server's name {1|in its address} does not resolve inside the cluster",
	  .explanation = "{container} cannot look up the host name of {url|the server it downloads from}. Names that "
		"exist only in some machine's /etc/hosts (like the seed's local.web.server) are unknown to the "
		"cluster's DNS, and a pod whose egress is blocked cannot reach a DNS server outside it.",
	  .remedy = "regenerate with an --image-url whose host is an IP address or a name the cluster DNS resolves (now {image_url})\n"
		"or add the name to the pod: spec.hostAliases, with the server's address for {1}\n"
		"check the name from inside the cluster: oc run dnstest -n {ns} --rm -it --restart=Never --image=busybox -- nslookup {1}" },
  ) },

/* ---- downloads: nothing listens ({1}: the host) ---- */
{ .name = "connection refused", .stage = STAGE_INIT, .on = DOWNLOADS,
  ROWS(
	{ .tool = "busybox wget",
	  .example = "wget: can't connect to remote host (10.10.10.89): Connection refused",
	  .where = SRC_LOG, .how = M_REGEX, .quote = Q_PREV,
	  .pattern = "can't connect to remote host \\(([^)]*)\\): Connection refused" },
	{ .tool = "GNU wget",
	  .example = "Connecting to 127.0.0.1:1... failed: Connection refused.",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "Connecting to ([^ |]*).*\\.\\.\\. failed: Connection refused" },
	{ .tool = "curl",
	  .example = "curl: (7) Failed to connect to localhost port 8080 after 0 ms: Couldn't connect to server",
	  .where = SRC_LOG, .how = M_REGEX, .quote = Q_PREV,
	  .pattern = "curl: \\(7\\) Failed to connect to ([^ ]*) port [0-9]+.*(Connection refused|Couldn't connect to server)" },
	{ .tool = "curl (old)",
	  .example = "curl: (7) couldn't connect to host",
	  .where = SRC_LOG, .how = M_REGEX, .pattern = "curl: \\(7\\) couldn't connect to host" },
	{ .tool = "python",
	  .example = "requests.exceptions.ConnectionError: HTTPConnectionPool(host='127.0.0.1', port=1): Max retries exceeded with url: /web.tar.gz (Caused by NewConnectionError(\"HTTPConnection(host='127.0.0.1', port=1): Failed to establish a new connection: [Errno 111] Connection refused\"))",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "host='([^']*)'.*(Errno 111\\]|Connection refused)" },
	{ .tool = "python",
	  .example = "ConnectionRefusedError: [Errno 111] Connection refused",
	  .where = SRC_LOG, .how = M_REGEX, .pattern = "ConnectionRefusedError|\\[Errno 111\\]" },
	{ .tool = "Go net",
	  .example = "Get \"http://10.0.0.5:8080/web.tar.gz\": dial tcp 10.0.0.5:8080: connect: connection refused",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "dial tcp ([^ ]*): (connect|getsockopt): connection refused" },
	{ .tool = "Java",
	  .example = "Exception in thread \"main\" java.net.ConnectException: Connection refused",
	  .where = SRC_LOG, .how = M_REGEX, .pattern = "java\\.net\\.ConnectException: Connection refused" },
	{ .tool = "Node.js",
	  .example = "Error: connect ECONNREFUSED 127.0.0.1:1",
	  .where = SRC_LOG, .how = M_REGEX, .pattern = "ECONNREFUSED ([^ ]*)" },
	{ .tool = "any program",
	  .example = "ssh: connect to host files.example.com port 22: Connection refused",
	  .where = SRC_LOG, .how = M_IREGEX, .pattern = "connection refused" },
  ),
  CAUSES(
	{ .id = "ImageURLUnreachable", .sev = SEV_ERROR,
	  .summary = "Nothing answers at {1|the server}",
	  .explanation = "{container} downloads from {url|its server}, and the connection was refused: the host "
		"is up but no server listens on that port.",
	  .remedy = "start the web server that serves the archive, or fix the port in {url|the address}\n"
		TEST_URL "\n" NEW_IMAGE_URL "\n" PREVIOUS_LOG },
  ) },

/* ---- downloads: timed out, cut, or no route ({1}: the host) ---- */
{ .name = "timeout", .stage = STAGE_INIT, .on = DOWNLOADS,
  ROWS(
	{ .tool = "busybox wget",
	  .example = "wget: can't connect to remote host (10.0.0.5): Connection timed out",
	  .where = SRC_LOG, .how = M_REGEX, .quote = Q_PREV,
	  .pattern = "can't connect to remote host \\(([^)]*)\\): (Connection timed out|No route to host|"
		"Network is unreachable|Host is unreachable|Connection reset)" },
	{ .tool = "busybox wget",
	  .example = "wget: download timed out",
	  .where = SRC_LOG, .how = M_REGEX, .quote = Q_PREV,
	  .pattern = "wget: download timed out|wget: error getting response|wget: connection closed prematurely|"
		"wget: short read" },
	{ .tool = "leapp-init fetch",
	  .example = "leapp: no data for 300 s, the download was stopped: wget: download timed out",
	  .where = SRC_LOG, .how = M_SUBSTR, .pattern = LEAPP_LOG_STALLED },
	{ .tool = "GNU wget",
	  .example = "Connecting to files.example.com (files.example.com)|10.0.0.5|:80... failed: Connection timed out.",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "Connecting to ([^ |]*).*\\.\\.\\. failed: (Connection timed out|No route to host|Network is unreachable)" },
	{ .tool = "GNU wget",
	  .example = "HTTP request sent, awaiting response... Read error (Connection timed out) in headers.",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "Read error .*in headers|Read error .*at byte|Connection closed at byte|No data received" },
	{ .tool = "curl",
	  .example = "curl: (28) Failed to connect to yahoo.com port 80 after 298667 ms: Operation timed out",
	  .where = SRC_LOG, .how = M_REGEX, .quote = Q_PREV,
	  .pattern = "curl: \\(28\\) Failed to connect to ([^ ]*)" },
	{ .tool = "curl",
	  .example = "curl: (28) Operation timed out after 2003 milliseconds with 0 bytes received",
	  .where = SRC_LOG, .how = M_REGEX, .quote = Q_PREV, .pattern = "curl: \\(28\\)" },
	{ .tool = "curl",
	  .example = "curl: (7) Failed to connect to files.example.com port 80: Connection timed out",
	  .where = SRC_LOG, .how = M_REGEX, .quote = Q_PREV,
	  .pattern = "curl: \\(7\\) Failed to connect to ([^ ]*) port .*(timed out|No route to host|Network is unreachable|Host is unreachable)" },
	{ .tool = "curl",
	  .example = "curl: (56) Recv failure: Connection reset by peer",
	  .where = SRC_LOG, .how = M_REGEX, .pattern = "curl: \\(18\\)|curl: \\(5[256]\\)" },
	{ .tool = "python",
	  .example = "requests.exceptions.ReadTimeout: HTTPConnectionPool(host='files.example.com', port=80): Read timed out. (read timeout=2)",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "host='([^']*)'.*(timed out|Errno 11[03]\\]|Errno 101\\]|Connection reset)" },
	{ .tool = "python",
	  .example = "urllib3.exceptions.ConnectTimeoutError: (<urllib3.connection.HTTPConnection object at 0x7f>, 'Connection to files.example.com timed out. (connect timeout=10)')",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "ConnectTimeoutError|ReadTimeoutError|ConnectTimeout|ReadTimeout|RemoteDisconnected|"
		"ChunkedEncodingError|IncompleteRead|ConnectionResetError|\\[Errno 11[03]\\]|\\[Errno 101\\]" },
	{ .tool = "Go net/http",
	  .example = "Get \"http://files.example.com/web.tar.gz\": dial tcp 10.0.0.5:80: i/o timeout",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "dial tcp ([^ ]*): (i/o timeout|connect: no route to host|connect: network is unreachable|"
		"connect: connection timed out)|Client\\.Timeout exceeded|TLS handshake timeout|unexpected EOF|"
		"read: connection reset by peer" },
	{ .tool = "Java",
	  .example = "Exception in thread \"main\" java.net.SocketTimeoutException: Read timed out",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "java\\.net\\.SocketTimeoutException|java\\.net\\.NoRouteToHostException|"
		"java\\.net\\.SocketException: Connection reset|java\\.net\\.ConnectException: [Cc]onnect timed out|"
		"java\\.net\\.ConnectException: [Cc]onnection timed out" },
	{ .tool = "Node.js",
	  .example = "Error: connect ETIMEDOUT 10.0.0.5:80",
	  .where = SRC_LOG, .how = M_REGEX, .pattern = "ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH" },
	{ .tool = "any program",
	  .example = "ssh: connect to host files.example.com port 22: No route to host",
	  .where = SRC_LOG, .how = M_IREGEX,
	  .pattern = "connection timed out|no route to host|network is unreachable|connection reset by peer|operation timed out" },
  ),
  CAUSES(
	{ .id = "ImageURLUnreachable", .sev = SEV_ERROR,
	  .summary = "{container} cannot reach {1|the server it downloads from}",
	  .explanation = "{container} could not reach {url|its server}: the connection timed out, was cut, or there "
		"is no route. A firewall, an egress NetworkPolicy, or a proxy between the nodes and the server is the "
		"usual cause.",
	  .remedy = TEST_URL "\n"
		"open the server's port to the nodes' network, or serve the archive from inside the cluster\n"
		NEW_IMAGE_URL "\n" PREVIOUS_LOG },
  ) },

/* ---- downloads: TLS ({1}: the host when the words name it) ---- */
{ .name = "TLS", .stage = STAGE_INIT, .on = DOWNLOADS,
  ROWS(
	{ .tool = "busybox wget",
	  .example = "wget: TLS error from peer (alert code 40): handshake failure",
	  .where = SRC_LOG, .how = M_REGEX, .pattern = "wget: TLS error from peer|wget: not an http or ftp url" },
	{ .tool = "GNU wget",
	  .example = "ERROR: The certificate of ‘files.example.com’ is not trusted.",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "cannot verify ([^ ]*)'s certificate|The certificate of [^[:alnum:]]*([^'’ ]*).* is not trusted|"
		"Unable to establish SSL connection|GnuTLS: .*handshake" },
	{ .tool = "curl",
	  .example = "curl: (60) SSL certificate problem: self-signed certificate",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "curl: \\(35\\)|curl: \\(5[1389]\\)|curl: \\(54\\)|curl: \\(60\\)|curl: \\(77\\)|curl: \\(8[03]\\)|"
		"curl: \\(9[01]\\)|SSL certificate problem|Peer's [Cc]ertificate issuer is not recognized" },
	{ .tool = "python",
	  .example = "requests.exceptions.SSLError: HTTPSConnectionPool(host='127.0.0.1', port=18443): Max retries exceeded with url: /web.tar.gz (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate (_ssl.c:1006)')))",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "SSLCertVerificationError|CERTIFICATE_VERIFY_FAILED|SSLError\\(|ssl\\.SSLError|\\[SSL: [A-Z_]*\\]" },
	{ .tool = "Go crypto/tls",
	  .example = "Get \"https://files.example.com/\": tls: failed to verify certificate: x509: certificate signed by unknown authority",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "x509: certificate|x509: cannot validate|tls: failed to verify certificate|remote error: tls: |tls: handshake failure" },
	{ .tool = "Java",
	  .example = "Caused by: javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "PKIX path building failed|unable to find valid certification path|javax\\.net\\.ssl\\.SSLHandshakeException|"
		"javax\\.net\\.ssl\\.SSLException" },
	{ .tool = "Node.js",
	  .example = "Error: unable to verify the first certificate",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|"
		"CERT_HAS_EXPIRED|UNABLE_TO_GET_ISSUER_CERT|unable to verify the first certificate" },
	/* OpenSSL's verify reasons, which curl, Node.js and others print as they are */
	{ .tool = "OpenSSL",
	  .example = "Error: self-signed certificate",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "certificate verify failed|verify error:num=|self[- ]signed certificate|"
		"unable to get local issuer certificate|unable to verify the first certificate|certificate has expired|"
		"certificate is not yet valid|Hostname/IP does not match certificate's altnames" },
  ),
  CAUSES(
	{ .id = "ImageURLUnreachable", .sev = SEV_ERROR, .when = "not an http or ftp url",
	  .summary = "{container}'s wget cannot fetch an https address",
	  .explanation = "This busybox wget was built without TLS, so it cannot download {url|the archive over https}.",
	  .remedy = "serve the archive over plain http inside your network, and regenerate with that --image-url\n"
		"or run the init container from the machine's base image (oc leapp generate multivolume without "
		"--init-image): its busybox speaks TLS" },
	{ .id = "ImageURLUnreachable", .sev = SEV_ERROR,
	  .summary = "The TLS connection to {1|the server} fails in {container}",
	  .explanation = "{container} connects to {url|its server} over https, and the TLS handshake failed: the "
		"server's certificate is signed by an authority the container does not trust (a company CA, a "
		"self-signed certificate), names another host, has expired, or the two sides share no protocol version.",
	  .remedy = "check the certificate from inside the cluster: oc run tlstest -n {ns} --rm -it --restart=Never "
		"--image=curlimages/curl -- curl -v {url}\n"
		"serve the archive over plain http inside your network, and regenerate with that --image-url\n"
		"or give the server a certificate from an authority the image trusts" },
  ) },

/* ---- downloads: the server answers with an error ({1}: the status) ---- */
{ .name = "HTTP status", .stage = STAGE_INIT, .on = DOWNLOADS,
  ROWS(
	{ .tool = "busybox wget",
	  .example = "wget: server returned error: HTTP/1.0 403 Forbidden",
	  .where = SRC_LOG, .how = M_REGEX, .quote = Q_PREV,
	  .pattern = "wget: server returned error: HTTP/[0-9.]+ ([0-9]+)" },
	{ .tool = "GNU wget",
	  .example = "HTTP request sent, awaiting response... 404 Not Found",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "request sent, awaiting response\\.\\.\\. ([45][0-9][0-9])" },
	{ .tool = "GNU wget",
	  .example = "2026-12-01 02:06:32 ERROR 404: Not Found.",
	  .where = SRC_LOG, .how = M_REGEX, .pattern = "ERROR ([45][0-9][0-9]): " },
	{ .tool = "curl -f",
	  .example = "curl: (22) The requested URL returned error: 403 Forbidden",
	  .where = SRC_LOG, .how = M_REGEX, .quote = Q_PREV,
	  .pattern = "curl: \\(22\\) The requested URL returned error: ([0-9]+)" },
	{ .tool = "python requests",
	  .example = "requests.exceptions.HTTPError: 404 Client Error: Not Found for url: http://127.0.0.1:18081/web.tar.gz",
	  .where = SRC_LOG, .how = M_REGEX, .pattern = "HTTPError: ([45][0-9][0-9]) (Client|Server) Error" },
	{ .tool = "python urllib",
	  .example = "urllib.error.HTTPError: HTTP Error 403: Forbidden",
	  .where = SRC_LOG, .how = M_REGEX, .pattern = "HTTP Error ([45][0-9][0-9]): " },
	{ .tool = "Java",
	  .example = "Exception in thread \"main\" java.io.IOException: Server returned HTTP response code: 403 for URL: http://files.example.com/web.tar.gz",
	  .where = SRC_LOG, .how = M_REGEX, .pattern = "Server returned HTTP response code: ([0-9]+)" },
	{ .tool = "Java",
	  .example = "Exception in thread \"main\" java.io.FileNotFoundException: http://files.example.com/web.tar.gz",
	  .where = SRC_LOG, .how = M_REGEX, .pattern = "java\\.io\\.FileNotFoundException: https?://" },
	{ .tool = "a program's own words",
	  .example = "Failed to fetch /plugins/gravitee-am.zip. statusCode=403",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "[Ss]tatus[ _-]?[Cc]ode[\"']?[=:]? *\"?([45][0-9][0-9])|[Uu]nexpected status:? \"?([45][0-9][0-9])|"
		"[Bb]ad status:? \"?([45][0-9][0-9])|HTTP status:? \"?([45][0-9][0-9])|status ([45][0-9][0-9]) (Not Found|Forbidden|Unauthorized)" },
  ),
  CAUSES(
	{ .id = "ImageURLNotFound", .sev = SEV_ERROR, .cap = "^40[137]$",
	  .summary = "The server refuses the download (HTTP {1|error})",
	  .explanation = "The web server at {url|the address} answered {1|with an error}: the file is there, but the server does "
		"not let it be read (file permissions, the SELinux label of the web root, a proxy, or authentication).",
	  .remedy = "make the file readable by the web server (chmod a+r, restorecon -R on the web root)\n"
		"test: curl -I {url}" },
	{ .id = "ImageURLNotFound", .sev = SEV_ERROR, .cap = "^5[0-9][0-9]$",
	  .summary = "The server fails to serve the download (HTTP {1|error})",
	  .explanation = "The web server at {url|the address} answered {1|with an error}, an error of its own: it is overloaded, "
		"misconfigured, or a proxy in front of it cannot reach it.",
	  .remedy = "look at the web server's error log\ntest: curl -I {url}" },
	{ .id = "ImageURLNotFound", .sev = SEV_ERROR,
	  .summary = "The server has nothing at that address (HTTP {1|error})",
	  .explanation = "The web server answered, but not with the file: {url|the address} is not where the "
		"machine's archive was copied.",
	  .remedy = "copy the archive to the web server so that it is served at {url}\n"
		NEW_IMAGE_URL "\n"
		"test: curl -I {url}" },
  ) },

/* ---- downloads: wget failed and said nothing more specific ---- */
{ .name = "download", .stage = STAGE_INIT, .on = DOWNLOADS,
  ROWS(
	{ .tool = "leapp-init fetch",
	  .example = "leapp: the download failed: /.leapp/busybox wget ended with status 1",
	  .where = SRC_LOG, .how = M_SUBSTR, .pattern = LEAPP_LOG_WGET_FAILED },
  ),
  CAUSES(
	{ .id = "ImageURLUnreachable", .sev = SEV_ERROR, .effect_of = "EntrypointNotFound",
	  .summary = "The init container cannot download the machine image",
	  .explanation = "The init container {container} could not download {url|the archive}; wget's own line "
		"above says why.",
	  .remedy = TEST_URL "\n" PREVIOUS_LOG },
  ) },

/* ---- the pod is going away while it downloads ---- */
{ .name = "stopped", .stage = STAGE_INIT, .on = ON_INIT,
  ROWS(
	{ .tool = "leapp-init fetch",
	  .example = "leapp: stopped by Terminated before the download finished",
	  .where = SRC_LOG, .how = M_SUBSTR, .pattern = LEAPP_LOG_STOPPED },
  ),
  CAUSES(
	{ .id = "PodNotReady", .sev = SEV_WARNING, .flags = CAUSE_SETTLES,
	  .summary = "{container} was stopped before the download finished",
	  .explanation = "The init container was told to stop (the pod is being deleted, evicted, or its node "
		"drained) while it downloaded the machine image. That is not a fault of the image; nothing was kept, "
		"and the next pod starts the download again.",
	  .remedy = "oc get pod {pod} -n {ns} -o wide: if the pod is gone, look at its replacement" },
  ) },

/* ---- archive format: what was downloaded is not the archive ---- */
{ .name = "archive format", .stage = STAGE_INIT, .on = DOWNLOADS,
  ROWS(
	{ .tool = "leapp-init fetch (libarchive)",
	  .example = "leapp: the download cannot be read as a tar archive: Unrecognized archive format",
	  .where = SRC_LOG, .how = M_SUBSTR, .pattern = LEAPP_LOG_NOT_ARCHIVE },
	{ .tool = "leapp-init fetch",
	  .example = "leapp: SHA-256 mismatch: the machine image from http://files.example.com/web.tar.gz hashes to 6773a5337b6ff24739f319786e8858d7d1004faaf5bfe438e5ad08c2a0eb36d4, not 0000000000000000000000000000000000000000000000000000000000000000: it is damaged or not the archive these objects were made for; nothing was kept",
	  .where = SRC_LOG, .how = M_SUBSTR, .pattern = LEAPP_LOG_SHA_MISMATCH },
	{ .tool = "leapp-init fetch",
	  .example = "leapp: ../../etc/cron.d/x: an absolute path or one with \"..\"",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "^leapp: (refusing an unsafe entry in the machine image: .*|.*: an absolute path or one with \"\\.\\.\"|"
		".*: a hard link to .*, outside the volumes)$" },
	{ .tool = "busybox tar",
	  .example = "tar: invalid tar magic",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "tar: (invalid tar magic|invalid magic|short read|no gzip/bzip2/xz magic)" },
	{ .tool = "busybox gunzip",
	  .example = "tar: corrupted data",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "(tar|gunzip|zcat): (corrupted data|unexpected end of file|crc error|incorrect length)" },
	{ .tool = "GNU tar",
	  .example = "tar: Unexpected EOF in archive",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "This does not look like a tar archive|Unexpected EOF in archive|tar: Skipping to next header|"
		"tar: Archive is compressed\\. Use .* option",
	  .not_after = "Cannot open: |Cannot stat: |Cannot add file" },
	{ .tool = "gzip",
	  .example = "gzip: stdin: not in gzip format",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "gzip: [^ ]*: (not in gzip format|unexpected end of file|invalid compressed data|crc error|"
		"decompression OK, trailing garbage)" },
	{ .tool = "zstd",
	  .example = "/*stdin*\\ : Read error (39) : premature end ",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "(zstd: )?[^ ]+ ?: (unsupported format|Read error \\([0-9]+\\) : premature end|Decoding error|"
		"Unknown frame descriptor|Frame requires too much memory)" },
	{ .tool = "xz",
	  .example = "xz: (stdin): File format not recognized",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "xz: [^ ]*: (File format not recognized|Unexpected end of input|Compressed data is corrupt)" },
	{ .tool = "bzip2",
	  .example = "bzip2: (stdin) is not a bzip2 file.",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "bzip2: [^ ]* is not a bzip2 file|bzip2: Compressed file ends unexpectedly|bzip2: Data integrity error" },
	{ .tool = "bsdtar, libarchive",
	  .example = "bsdtar: Error opening archive: truncated gzip input",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "Unrecognized archive format|[Tt]runcated (gzip input|tar archive|input file)|Damaged tar archive|"
		"Premature end of (gzip|xz|bzip2|lz4|zstd)? ?compressed data|Invalid (gzip|zstd|xz|lz4) (header|data)|"
		"Error opening archive" },
	{ .tool = "Go archive/tar, compress/gzip",
	  .example = "archive/tar: invalid tar header",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "gzip: invalid header|archive/tar: invalid tar header|tar: invalid tar header|flate: corrupt input" },
  ),
  CAUSES(
	{ .id = "ImageArchiveCorrupt", .sev = SEV_ERROR, .when = "SHA-256 mismatch",
	  .summary = "The downloaded machine image is not the one these objects were made for",
	  .explanation = "The init container hashed what it downloaded from {url|the image server}, and the "
		"SHA-256 is not the one generate recorded (--image-sha256): the file is damaged, cut short, or "
		"another archive. Nothing was kept.",
	  .remedy = "copy the archive oc leapp archive wrote to the web server again, and compare its sha256sum with "
		"the .sha256 file beside it\n"
		"if the machine was archived again since, regenerate with the new --image-sha256" },
	{ .id = "ImageArchiveCorrupt", .sev = SEV_ERROR, .when = "unsafe entry|absolute path|outside the volumes",
	  .summary = "The machine image holds entries that would land outside the pod's volumes",
	  .explanation = "The init container found an entry with an absolute path, a \"..\", or a hard link out of "
		"the machine's directories, refused it, and kept nothing: the archive was not written by oc leapp "
		"archive, or was altered.",
	  .remedy = "re-create the archive: oc leapp archive -c {machine} -o {machine}.tar.gz, and copy it to the web server\n"
		"{!machine}re-create the archive with oc leapp archive, and copy it to the web server\n"
		"regenerate with --image-sha256, so that the init container refuses any other file" },
	{ .id = "ImageArchiveCorrupt", .sev = SEV_ERROR, .effect_of = "ImageURLUnreachable ImageURLNotFound NoSpaceLeft",
	  .summary = "The downloaded file is not a valid machine archive",
	  .explanation = "{container} downloaded {url|the archive}, but it cannot be unpacked: the file is cut "
		"short, corrupt, compressed in a way the unpacker cannot read (busybox's tar has no zstd), or not the "
		"archive at all (an HTML page served with status 200).",
	  .remedy = "re-create the archive: oc leapp archive -c {machine} -o {machine}.tar.gz, and copy it to the web server\n"
		"{!machine}re-create the archive with oc leapp archive, and copy it to the web server\n"
		"compare the sha256sum of the server's copy with the one oc leapp archive wrote beside it\n"
		"regenerate with --image-sha256, so that the init container refuses a damaged download\n"
		"check that the address serves the file itself: curl -sI {url}" },
  ) },

/* ---- the machine's id ---- */
{ .name = "machine id", .stage = STAGE_INIT, .on = ON_INIT,
  ROWS(
	{ .tool = "busybox cat",
	  .example = "cat: can't open '/work-dir/etc/machine-id': No such file or directory",
	  .where = SRC_LOG, .how = M_SUBSTR, .pattern = "can't open '/work-dir/etc/machine-id'" },
	{ .tool = "leapp init container",
	  .example = "leapp: cannot open /work-dir/etc/machine-id: the journal directory was not created",
	  .where = SRC_LOG, .how = M_SUBSTR, .pattern = LEAPP_LOG_NO_MACHINE_ID },
	{ .tool = "leapp-init fetch",
	  .example = "leapp: etc/machine-id does not hold 32 hex digits: the journal directory was not created",
	  .where = SRC_LOG, .how = M_SUBSTR, .pattern = LEAPP_LOG_BAD_MACHINE_ID },
  ),
  CAUSES(
	{ .id = "MachineIdMissing", .sev = SEV_WARNING, .when = "32 hex digits",
	  .summary = "The machine's /etc/machine-id is not a machine id",
	  .explanation = "The init container found /etc/machine-id, but not the 32 hexadecimal digits systemd "
		"writes there, so the journal directory was not created.",
	  .remedy = "on the source machine, before archiving: rm /etc/machine-id && systemd-machine-id-setup" },
	{ .id = "MachineIdMissing", .sev = SEV_WARNING,
	  .summary = "The machine has no /etc/machine-id",
	  .explanation = "The init container found no /etc/machine-id in the unpacked machine, so the journal "
		"directory was not created. This is expected for CentOS/RHEL 6 (no systemd); on a systemd "
		"machine, systemd invents a new id at each boot and the journal is not kept.",
	  .remedy = "on the source machine, before archiving: systemd-machine-id-setup" },
  ) },

/* ---- what fetch could not restore ---- */
{ .name = "file metadata", .stage = STAGE_NOTE, .on = ON_INIT,
  ROWS(
	{ .tool = "leapp-init fetch",
	  .example = "leapp: warning: this container cannot set some extended attributes, ACLs or SELinux labels: 3 entries (first: usr/bin/ping: Cannot restore extended attributes: security.capability)",
	  .where = SRC_LOG, .how = M_SUBSTR, .pattern = LEAPP_LOG_METADATA_LOST },
  ),
  CAUSES(
	{ .id = "MetadataLost", .sev = SEV_INFO,
	  .summary = "Some of the machine's files were unpacked without their extended attributes, ACLs or SELinux labels",
	  .explanation = "The init container may not set every attribute: SELinux labels are the runtime's (it "
		"labels the whole volume for the container, which is what the machine needs), and file capabilities "
		"(security.capability, e.g. ping's cap_net_raw) need a capability the init container lacks. A program "
		"that relied on its file capability then fails as an ordinary user would.",
	  .remedy = "see which files: oc logs {pod} -c {container} -n {ns}\n"
		"for a program that needs its file capability as a non-root user, run it as root, or give the machine "
		"the capability itself (NET_RAW for ping): regenerate with --capabilities +NET_RAW" },
  ) },

/* ---- disk ---- */
{ .name = "disk", .stage = STAGE_INIT,
  ROWS(
	{ .tool = "kubelet eviction",
	  .example = "Usage of EmptyDir volume \"web-tmp-vol\" exceeds the limit \"256Mi\". ",
	  .where = SRC_POD_STATUS, .stage = STAGE_START, .reason = "Evicted", .how = M_REGEX,
	  .pattern = "Usage of EmptyDir volume \"([^\"]*)\" exceeds|ephemeral-storage|ephemeral local storage" },
	{ .tool = "any program",
	  .example = "dd: error writing '/dev/full': No space left on device",
	  .where = SRC_LOG, .how = M_IREGEX, .pattern = "no space left on device|disk quota exceeded" },
	{ .tool = "busybox",
	  .example = "wget: short write: No space left on device",
	  .where = SRC_LOG, .how = M_REGEX, .pattern = "short write: No space|write error: No space" },
  ),
  CAUSES(
	{ .id = "NoSpaceLeft", .sev = SEV_ERROR, .cap = "-(run|tmp)" LEAPP_VOLUME_SUFFIX "$",
	  .summary = "The pod was evicted: the machine's memory-backed {1|/run or /tmp} is full",
	  .explanation = "The machine's /run and /tmp are memory emptyDirs with a size limit (generate gives /run "
		"64Mi and /tmp 256Mi), and the machine wrote more than that into {1|one of them}, so the kubelet evicted the pod. "
		"What is written there also counts against the machine's memory.",
	  .remedy = "find what fills it: oc exec {pod} -c {main|the machine's container} -n {ns} -- du -sh /run /tmp\n"
		"raise the sizeLimit of {1} in the pod (and the machine's --memory with it, which it counts against)" },
	{ .id = "NoSpaceLeft", .sev = SEV_ERROR, .cap = ".",
	  .summary = "The pod was evicted: an emptyDir volume went over its size limit",
	  .explanation = "The emptyDir {1|of the pod} has a sizeLimit, and the files in it grew past it, so the kubelet "
		"evicted the pod.",
	  .remedy = "raise the sizeLimit of {1} in the pod, or run the machine statefully, on persistent volumes: oc leapp generate stateful" },
	{ .id = "NoSpaceLeft", .sev = SEV_ERROR, .when = "ephemeral",
	  .summary = "The pod was evicted for using too much disk",
	  .explanation = "The kubelet evicted the pod because the node ran low on disk, or the pod's files "
		"exceeded its ephemeral-storage limit. A multivolume machine keeps all of its files in emptyDirs on "
		"the node's disk.",
	  .remedy = "raise the ephemeral-storage request and limit to the machine's size, or drop the limit\n"
		"or run the machine statefully, on persistent volumes: oc leapp generate stateful" },
	{ .id = "NoSpaceLeft", .sev = SEV_ERROR,
	  .summary = "The disk filled up in {container}",
	  .explanation = "A write failed because the file system is full. The machine's files land in "
		"emptyDir volumes on the node's disk (the 2017 init container also kept a second copy of the "
		"whole archive in its own layer).",
	  .remedy = "free space on the node ({node}) or run the pod on a node with a larger disk\n"
		"regenerate the pod with oc leapp generate multivolume: its init container streams the archive, with no second copy\n"
		"give the pod an ephemeral-storage request large enough for the machine" },
  ) },

/* ---- the container cannot be created or started ---- */
{ .name = "start", .stage = STAGE_START,
  ROWS(
	{ .tool = "runc, crun (exec)",
	  .example = "failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: \"/sbin/init\": stat /sbin/init: no such file or directory: unknown",
	  .where = SRC_WAITING | SRC_TERMINATED | SRC_EVENT, .how = M_REGEX,
	  .pattern = "exec: \\\\?\"([^\"\\\\]*)\\\\?\": (stat [^:]*: no such file or directory|executable file not found)" },
	{ .tool = "CRI-O",
	  .example = "executable file `/sbin/init` not found in $PATH: No such file or directory: OCI runtime attempted to invoke a command that was not found",
	  .where = SRC_WAITING | SRC_TERMINATED | SRC_EVENT, .how = M_REGEX,
	  .pattern = "executable file `?([^` ]*)`? not found|no such file or directory: OCI runtime attempted to invoke" },
	{ .tool = "runc, crun (in the log)",
	  .example = "exec /.leapp/leapp-init: no such file or directory",
	  .where = SRC_LOG, .stage = STAGE_MAIN_LOGS, .how = M_REGEX,
	  .pattern = "^exec (/[^:]*): no such file or directory|exec user process caused:? \"?no such file or directory" },
	{ .tool = "leapp-init fetch",
	  .example = "leapp: cannot run /.leapp/busybox: No such file or directory",
	  .where = SRC_LOG, .on = ON_INIT, .stage = STAGE_INIT, .how = M_REGEX,
	  .pattern = "^leapp: cannot run ([^:]*): No such file" },
	{ .tool = "runtime",
	  .example = "standard_init_linux.go:178: exec user process caused \"exec format error\"",
	  .where = SRC_WAITING | SRC_TERMINATED | SRC_EVENT | SRC_LOG, .how = M_SUBSTR,
	  .pattern = "exec format error" },
	{ .tool = "systemd, upstart",
	  .example = "Couldn't find an alternative telinit implementation to spawn.",
	  .where = SRC_LOG, .on = ON_MAIN, .stage = STAGE_MAIN_LOGS, .how = M_REGEX,
	  .pattern = "Couldn't find an alternative telinit implementation to spawn|init: missing runlevel" },
  ),
  CAUSES(
	{ .id = "ExecFormatError", .sev = SEV_ERROR, .when = "exec format error",
	  .summary = "{container}'s programs are built for another architecture",
	  .explanation = "The node cannot execute the container's first program: it was built for a different CPU "
		"architecture than the node's (or the file is corrupt).",
	  .remedy = "compare: oc get node {node} -o jsonpath='{.status.nodeInfo.architecture}' with uname -m on the source machine\n"
		"pin the pod to matching nodes: nodeSelector: {kubernetes.io/arch: amd64}" },
	{ .id = "InitNotPID1", .sev = SEV_ERROR, .when = "telinit|missing runlevel",
	  .summary = "The machine's init is not process 1 in {container}",
	  .explanation = "systemd and upstart boot a machine only as PID 1. Something else holds PID 1: the pod "
		"shares its process namespace (shareProcessNamespace: true), or an init wrapper (tini) runs first.",
	  .remedy = "remove shareProcessNamespace from the pod, and any wrapper from the container's command" },
	{ .id = "EntrypointNotFound", .sev = SEV_ERROR, .cap = "^" LEAPP_INIT_PATH "$",
	  .summary = "The base image of {container} has no " LEAPP_INIT_PATH,
	  .explanation = "The container starts leapp-init, which the base image generate writes carries; the image "
		"it runs, {image|given with --base-image}, was built without it (another base image, or one built "
		"before generate found a leapp-init to put in it).",
	  .remedy = "regenerate without --base-image, so that the pod runs the base image generate writes, and build it "
		"from its base-image directory\n"
		"or, with --init systemd, the machine's own /sbin/init is started instead and leapp-init is not needed "
		"(systemd 230 and later)" },
	{ .id = "EntrypointNotFound", .sev = SEV_ERROR, .cap = "/busybox$",
	  .summary = "The base image of {container} has no " LEAPP_BUSYBOX_PATH " to download with",
	  .explanation = "leapp-init fetch downloads the machine image with the busybox the base image carries, "
		"and this image has none: it was not built from the Containerfile generate wrote, which copies it "
		"in from a busybox image.",
	  .remedy = "build the base image from its base-image directory (its Containerfile copies busybox in), and "
		"regenerate without --base-image" },
	{ .id = "EntrypointNotFound", .sev = SEV_ERROR, .cond = C_HOSTDATA, .cap = "^/(s?bin|usr)/",
	  .summary = "{1|The program it starts with} is not on the node {node|the pod runs on}",
	  .explanation = "The machine's files are directories on the host it was migrated to, and the pod runs on "
		"{node|another node}: there the runtime made empty directories for the missing ones, so "
		"{1|the machine's init} does not exist. Each node the pod tries is left with such empty directories.",
	  .remedy = "oc get pv -o wide; oc get pod {pod} -n {ns} -o wide: the volumes' host and the pod's node differ\n"
		"regenerate with oc leapp generate stateful, whose PersistentVolumes are pinned to the machine's host "
		"(nodeAffinity) and refuse a missing directory (hostPath type Directory)\n"
		"then remove the empty directories left on {node}" },
	{ .id = "EntrypointNotFound", .sev = SEV_ERROR,
	  .summary = "{1|The program it starts with} is missing from {container}",
	  .explanation = "The runtime cannot find the program the container starts with, or what it needs to run. "
		"For a machine's pod this means the machine's files are not where the base image expects them: the "
		"volumes are empty (the init container never ran: the pod.beta.kubernetes.io/init-containers "
		"annotation is ignored since Kubernetes 1.8), a directory such as usr was not carried, or the base "
		"image does not match the machine.",
	  .remedy = "check what the container sees: oc debug pod/{pod} -n {ns} --as-root -- ls -l /sbin/init /usr/bin/sh\n"
		"regenerate without --legacy-init-annotation, so the init container is in spec.initContainers\n"
		"regenerate with the machine's own base image (generate writes one for its release) rather than a "
		"--base-image made for another" },
  ) },

/* ---- cgroups: systemd as PID 1 ---- */
{ .name = "cgroups", .stage = STAGE_MAIN_LOGS, .on = ON_MAIN,
  ROWS(
	{ .tool = "systemd 219",
	  .example = "Cannot determine cgroup we are running in: No such file or directory",
	  .where = SRC_LOG, .how = M_SUBSTR, .pattern = "Cannot determine cgroup we are running in" },
	{ .tool = "systemd",
	  .example = "Failed to mount cgroup at /sys/fs/cgroup/systemd: Operation not permitted",
	  .where = SRC_LOG, .how = M_REGEX, .quote = Q_PREV,
	  .pattern = "Failed to mount cgroup at /sys/fs/cgroup/systemd|Failed to create root cgroup hierarchy|"
		"Failed to create /[^ ]*init\\.scope control group|Failed to mount tmpfs at /run|"
		"Failed to allocate manager object: |Failed to mount API filesystems: " },
	{ .tool = "systemd",
	  .example = "Failed to install release agent, ignoring: Permission denied",
	  .where = SRC_LOG, .how = M_SUBSTR, .flags = R_FOLLOWS,
	  .pattern = "Failed to install release agent, ignoring: Permission denied" },
	{ .tool = "systemd",
	  .example = "[!!!!!!] Failed to mount API filesystems, freezing.",
	  .where = SRC_LOG, .how = M_REGEX, .quote = Q_PREV, .flags = R_FOLLOWS,
	  .pattern = "Failed to (allocate manager object|mount API filesystems), freezing|Freezing execution" },
	{ .tool = "runc, crun",
	  .example = "Error: container create failed: time=\"2021-10-11T09:10:11Z\" level=error msg=\"container_linux.go:380: starting container process caused: process_linux.go:545: container init caused: rootfs_linux.go:76: mounting \\\"/sys/fs/cgroup/systemd\\\" to rootfs at \\\"/sys/fs/cgroup/systemd\\\" caused: mkdir /sys/fs/cgroup/systemd: no such file or directory\"",
	  .where = SRC_WAITING | SRC_TERMINATED, .stage = STAGE_START, .how = M_REGEX,
	  .pattern = "mounting \\\\?\"?/sys/fs/cgroup|mount `?cgroup`? to `?/sys/fs/cgroup" },
  ),
  CAUSES(
	{ .id = NULL, .when = "release agent, ignoring" },	/* alone it is harmless */
	{ .id = "CgroupV2Unsupported", .sev = SEV_ERROR, .when = "Cannot determine cgroup we are running in",
	  .summary = "The machine's systemd is too old for the node's cgroup v2",
	  .explanation = "The node uses the unified cgroup v2 hierarchy (OpenShift 4.14 and later installs, "
		"Kubernetes 1.35 and later), and systemd older than 230 (CentOS/RHEL 7 ship 219) cannot boot on "
		"it. systemd 219 then freezes rather than exits, so the pod may even show Running and Ready "
		"while nothing inside it runs.",
	  .remedy = INIT_SERVICES "\n" DROP_HOST_CGROUP "\n" OTHER_WAYS_V2 },
	{ .id = "SystemdCgroupMount", .sev = SEV_ERROR, .when = "[Pp]ermission denied",
	  .summary = "SELinux keeps systemd in {container} from its cgroups: it froze at boot",
	  .explanation = "systemd could not write its cgroup (Permission denied): on an SELinux node (RHCOS), a "
		"container may write cgroups only when the node's boolean container_manage_cgroup is on. systemd "
		"then freezes instead of exiting, so the pod reads Running, even Ready, while nothing inside it runs.",
	  .remedy = SELINUX_CGROUP "\n"
		INIT_SERVICES " (no systemd as PID 1: no cgroup, no boolean)\n"
		DROP_HOST_CGROUP "\n"
		"confirm on the node: oc debug node/{node} -- chroot /host ausearch -m avc -ts recent -c systemd" },
	{ .id = "CgroupV2Unsupported", .sev = SEV_ERROR, .cond = C_OLD_SYSTEMD,
	  .summary = "The machine's systemd is too old for the node's cgroup v2",
	  .explanation = "The machine runs systemd older than 230 (CentOS/RHEL 7 ship 219), and it could not set "
		"up its cgroups: nodes run the unified cgroup v2 hierarchy now (OpenShift 4.14 and later installs; "
		"cgroup v1 is gone after 4.19, and Kubernetes 1.35 refuses it), on which such a systemd cannot boot. "
		"It freezes rather than exits, so the pod may show Running and Ready while nothing inside it runs.",
	  .remedy = INIT_SERVICES "\n" DROP_HOST_CGROUP "\n" OTHER_WAYS_V2 },
	{ .id = "SystemdCgroupMount", .sev = SEV_ERROR, .cond = C_HOST_CGROUP,
	  .summary = "systemd in {container} cannot use the host's cgroups mounted over its own",
	  .explanation = "The pod mounts the node's /sys/fs/cgroup (generate --host-cgroup, as the 2017 pods did), "
		"which turns the runtime's own systemd support off; systemd could not mount or write its cgroup there "
		"and stopped booting. systemd 219 freezes instead of exiting, so the pod can still look Running.",
	  .remedy = DROP_HOST_CGROUP "\n"
		INIT_SERVICES " (for systemd older than 230)\n" SELINUX_CGROUP },
	{ .id = "SystemdCgroupMount", .sev = SEV_ERROR,
	  .summary = "systemd in {container} cannot set up its cgroups and stopped booting",
	  .explanation = "systemd needs a cgroup it may write and writable /run and /tmp. It could not mount or "
		"write them, so the machine never boots; systemd freezes instead of exiting, so the pod can "
		"still look Running, even Ready. The runtime sets all of that up itself when the container's "
		"command is /sbin/init and the host's cgroups are not mounted over it.",
	  .remedy = "let the runtime start systemd in its systemd mode: regenerate with --init systemd (the command is "
		"then /sbin/init)\n"
		INIT_SERVICES " (for systemd older than 230)\n" SELINUX_CGROUP },
  ) },

/* ---- capabilities: what CRI-O's default set lacks ---- */
{ .name = "capabilities", .stage = STAGE_MAIN_LOGS, .on = ON_MAIN,
  ROWS(
	{ .tool = "OpenSSH sshd, postfix",
	  .example = "sshd[812]: fatal: chroot(\"/var/empty/sshd\"): Operation not permitted [preauth]",
	  .where = SRC_LOG, .how = M_REGEX, .pattern = "fatal: chroot\\(.*\\): Operation not permitted" },
	{ .tool = "vsftpd",
	  .example = "500 OOPS: chroot",
	  .where = SRC_LOG, .how = M_REGEX, .pattern = "500 OOPS: (chroot|cannot change directory)" },
	{ .tool = "OpenSSH sshd, libpam",
	  .example = "sshd[52]: fatal: linux_audit_write_entry failed: Operation not permitted",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "linux_audit_write_entry failed|audit_log_acct_message\\(\\) failed: Operation not permitted|"
		"audit_log_user_message\\(\\) failed: Operation not permitted" },
	{ .tool = "iputils ping",
	  .example = "ping: socket: Operation not permitted",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "ping: socket: Operation not permitted|ping: permission denied \\(are you root\\?\\)|"
		"ping: icmp open socket: Operation not permitted|ping: socktype: SOCK_RAW" },
  ),
  CAUSES(
	{ .id = "RunAsRootDenied", .sev = SEV_ERROR, .cond = C_RESTRICTED,
	  .summary = "{container} runs as a random user, and its services cannot do what root does",
	  .explanation = "OpenShift admitted the pod under the {scc|restricted} SCC, which runs it as an arbitrary "
		"non-root user: sshd, postfix and ping need root (and a capability) for what failed. The machine's "
		"init runs as root only with an SCC that allows it.",
	  .remedy = GRANT_SCC },
	{ .id = "CapabilityMissing", .sev = SEV_ERROR, .when = "chroot|OOPS",
	  .summary = "{container} lacks the SYS_CHROOT capability its services need",
	  .explanation = "A service of the machine (sshd's privilege separation, postfix, vsftpd) chroots, which "
		"needs the SYS_CHROOT capability. CRI-O, OpenShift's runtime, leaves it out of a container's default "
		"set, and the anyuid SCC allows no capability to be added: every login fails although the pod "
		"reads Running.",
	  .remedy = "regenerate with --capabilities +SYS_CHROOT: the pod then asks for it, and generate writes an SCC "
		"that allows it for the pod's account (a cluster administrator creates it)\n"
		"on a cluster without SCCs, its namespace must admit the baseline Pod Security level, which allows SYS_CHROOT" },
	{ .id = "CapabilityMissing", .sev = SEV_ERROR, .when = "audit",
	  .summary = "{container} lacks the AUDIT_WRITE capability its logins need",
	  .explanation = "sshd and PAM (crond, atd) send each login to the audit system, which needs the "
		"AUDIT_WRITE capability, and libpam 1.1 (RHEL/CentOS 6 and 7) refuses the login when it cannot. CRI-O "
		"leaves the capability out of a container's default set, and anyuid allows no capability to be added.",
	  .remedy = "regenerate with --capabilities +AUDIT_WRITE: the pod then asks for it, and generate writes an SCC "
		"that allows it for the pod's account (a cluster administrator creates it)" },
	{ .id = "CapabilityMissing", .sev = SEV_ERROR,
	  .summary = "{container} lacks the NET_RAW capability ping needs",
	  .explanation = "ping opens a raw ICMP socket, which needs the NET_RAW capability (as root, or through "
		"ping's file capability). CRI-O leaves NET_RAW out of a container's default set, and anyuid allows no "
		"capability to be added.",
	  .remedy = "regenerate with --capabilities +NET_RAW: the pod then asks for it, and generate writes an SCC that "
		"allows it for the pod's account (a cluster administrator creates it)\n"
		"NET_RAW is not in the baseline Pod Security level: on a cluster without SCCs, its namespace must admit "
		"the privileged level" },
  ) },

/* ---- permissions: a random UID, or SELinux on host data ---- */
{ .name = "permissions", .stage = STAGE_MAIN_LOGS,
  ROWS(
	{ .tool = "kubelet",
	  .example = "container has runAsNonRoot and image will run as root (pod: \"leapp-web-pod_demo(0c0a)\", container: web)",
	  .where = SRC_WAITING, .stage = STAGE_START, .reason = "CreateContainerConfigError",
	  .how = M_SUBSTR, .pattern = "runAsNonRoot and image will run as root" },
	{ .tool = "runc, crun",
	  .example = "chdir to cwd (\"/home/jboss\") set in config.json failed: permission denied",
	  .where = SRC_WAITING | SRC_EVENT, .stage = STAGE_START, .how = M_REGEX,
	  .pattern = "chdir to cwd .* permission denied", .cond = C_RESTRICTED },
	{ .tool = "systemd",
	  .example = "Assertion 'getuid() == 0' failed at src/core/main.c:1575, function main(). Aborting.",
	  .where = SRC_LOG, .on = ON_MAIN, .how = M_REGEX,
	  .pattern = "Assertion 'getuid\\(\\) == 0' failed|Cannot write /run/machine-id: Permission denied" },
	{ .tool = "coreutils, busybox",
	  .example = "id: cannot find name for user ID 1000680000",
	  .where = SRC_LOG, .how = M_REGEX, .pattern = "id: cannot find name for user ID [0-9]+" },
	{ .tool = "any program",
	  .example = "mkdir: cannot create directory '/run/httpd': Permission denied",
	  .where = SRC_LOG, .how = M_IREGEX, .pattern = "permission denied",
	  .unless = "cgroup|release agent|manager object|API filesystems|chroot|ping: " },
	{ .tool = "any program (EPERM)",
	  .example = "chown: changing ownership of '/var/lib/postgresql': Operation not permitted",
	  .where = SRC_LOG, .how = M_REGEX, .pattern = "Operation not permitted",
	  .unless = "cgroup|chroot|audit|ping: " },
  ),
  CAUSES(
	{ .id = "RunAsRootDenied", .sev = SEV_ERROR, .when = "runAsNonRoot",
	  .summary = "{container} must run as root, and the pod forbids it",
	  .explanation = "The pod (or its SCC) sets runAsNonRoot, but a whole machine's init system runs as root.",
	  .remedy = GRANT_SCC },
	{ .id = "RunAsRootDenied", .sev = SEV_ERROR, .when = "getuid|machine-id",
	  .summary = "systemd in {container} is not running as root",
	  .explanation = "The pod runs as a non-root user (OpenShift's restricted SCC assigns a random UID), and "
		"systemd as PID 1 must be root.",
	  .remedy = GRANT_SCC },
	{ .id = "RunAsRootDenied", .sev = SEV_ERROR, .cond = C_RESTRICTED,
	  .summary = "{container} runs as a random user and is denied its own files",
	  .explanation = "OpenShift admitted the pod under the {scc|restricted} SCC, which runs it as an arbitrary "
		"non-root user. A migrated machine's files belong to root and its init system must be root: its "
		"service account needs an SCC that allows root, {scc_fix} for this pod.",
	  .remedy = GRANT_SCC },
	{ .id = "SELinuxDenied", .sev = SEV_ERROR, .cond = C_HOSTDATA, .when = "[Pp]ermission denied",
	  .summary = "{container} is denied access to the machine's files on the host",
	  .explanation = "The pod mounts the machine's directories from the host, and access was denied although "
		"it runs as root: most likely SELinux, because the files lack the container_file_t label "
		"(svirt_sandbox_file_t on hosts from before 2016). Only the node's audit log can confirm it.",
	  .remedy = "on the node: chcon -R -t container_file_t -l s0 {machine_dir} (svirt_sandbox_file_t on old hosts)\n"
		"to keep the label: semanage fcontext -a -t container_file_t {machine_dir}'(/.*)?' && restorecon -R {machine_dir}\n"
		"{!machine_dir}on the node, label the machine's directories container_file_t (chcon -R -t "
		"container_file_t -l s0, and semanage fcontext so that restorecon keeps it)\n"
		"confirm on the node: ausearch -m avc -ts recent" },
	{ .id = NULL },	/* denied as root on the pod's own volumes: no cause known here */
  ) },

/* ---- the machine's services under leapp-init, systemd, SysV ---- */
{ .name = "services", .stage = STAGE_MAIN_LOGS, .on = ON_MAIN,
  ROWS(
	{ .tool = "leapp-init",
	  .example = "leapp-init: killed mariadb.service: still running after 110 s",
	  .where = SRC_LOG, .how = M_REGEX, .pattern = "^" LEAPP_INIT_LOG_KILLED "([^:]*): still running after" },
	{ .tool = "leapp-init",
	  .example = "leapp-init: failed httpd.service: ExecStart /usr/sbin/httpd: status 1",
	  .where = SRC_LOG, .how = M_REGEX, .pattern = "^" LEAPP_INIT_LOG_FAILED "([^:]*):",
	  .unless = "\"stop\"", .not_after = "^" LEAPP_INIT_LOG_SHUTDOWN },
	/* a main process that died, not one stopped with the machine */
	{ .tool = "leapp-init",
	  .example = "leapp-init: exited mariadb.service: killed by signal SIGSEGV",
	  .where = SRC_LOG, .how = M_REGEX,
	  .pattern = "^" LEAPP_INIT_LOG_EXITED "([^:]*): (status [1-9][0-9]*|killed by signal SIG(SEGV|ABRT|BUS|ILL|FPE|KILL))",
	  .not_after = "^" LEAPP_INIT_LOG_SHUTDOWN },
	{ .tool = "leapp-init",
	  .example = "leapp-init: gave up restarting mariadb.service: 5 starts within 10 s",
	  .where = SRC_LOG, .how = M_REGEX, .pattern = "^" LEAPP_INIT_LOG_GAVE_UP "([^:]*):" },
	{ .tool = "leapp-init",
	  .example = "leapp-init: boot finished: 12 started, 2 failed, 3 skipped",
	  .where = SRC_LOG, .how = M_REGEX, .flags = R_FOLLOWS,
	  .pattern = "^" LEAPP_INIT_LOG_BOOTED "[0-9]+ started, [1-9][0-9]* failed" },
	{ .tool = "systemd",
	  .example = "[FAILED] Failed to start The Apache HTTP Server.",
	  .where = SRC_LOG, .how = M_REGEX, .pattern = "\\[FAILED\\] Failed to start (.*)\\.$" },
	{ .tool = "SysV init scripts",
	  .example = "Starting mysqld:  [FAILED]",
	  .where = SRC_LOG, .how = M_REGEX, .pattern = "^Starting ([^:]*):.*\\[ *FAILED *\\]" },
  ),
  CAUSES(
	{ .id = "StopKilled", .sev = SEV_WARNING, .when = "still running after",
	  .summary = "{container}'s services did not stop in time and were killed",
	  .explanation = "When the pod was stopped, leapp-init asked the machine's services to stop, and {1|one} was still "
		"running when the time ran out (the pod's grace period, {grace|terminationGracePeriodSeconds}, less ten "
		"seconds): it was killed, as a power cut would, and may have left its data half written.",
	  .remedy = "give the machine longer to stop: regenerate with a larger --grace-period (now {grace} s)\n"
		"{!grace}give the machine longer to stop: regenerate with a larger --grace-period" },
	{ .id = "ServiceFailed", .sev = SEV_WARNING,
	  .summary = "A service of the machine failed in {container}: {1|see the log}",
	  .explanation = "The machine boots, but one of its services ({1|named in the log}) failed to start or kept "
		"failing, and the machine does not do all it did before. The line quoted says why; the service's own "
		"log has more.",
	  .remedy = "oc logs {pod} -c {container} -n {ns}\n"
		"look inside: oc exec -it {pod} -c {container} -n {ns} -- sh" },
  ) },

/* ---- out of memory ---- */
{ .name = "OOM", .stage = STAGE_MAIN_LOGS,
  ROWS(
	{ .tool = "kubelet", .where = SRC_TERMINATED, .reason = "OOMKilled" },
	{ .tool = "kubelet eviction",
	  .example = "The node was low on resource: memory. Threshold quantity: 100Mi, available: 85Mi. Container web was using 3Gi, request is 2Gi, has larger consumption of memory. ",
	  .where = SRC_POD_STATUS, .stage = STAGE_START, .reason = "Evicted",
	  .how = M_REGEX, .pattern = "low on resource: memory" },
  ),
  CAUSES(
	{ .id = "OOMKilled", .sev = SEV_ERROR, .when = "low on resource: memory",
	  .summary = "The pod was evicted: its node ran out of memory",
	  .explanation = "The node ran low on memory and the kubelet evicted pods, those using most above their "
		"memory request first. A machine without a memory request is evicted before any other.",
	  .remedy = "give the machine a memory request and limit of what it used to have: regenerate with --memory" },
	{ .id = "OOMKilled", .sev = SEV_ERROR,
	  .summary = "{container} ran out of memory and was killed",
	  .explanation = "The container used more memory than its limit ({memory|its memory limit}) and the kernel "
		"killed it (exit code {exit|unknown}). A whole machine runs all its services in one container, and "
		"files written to /run and /tmp (memory-backed emptyDirs) count against the same limit.",
	  .remedy = "raise the machine's memory: regenerate with a larger --memory (now {memory}), which is its request and limit\n"
		"{!memory}give the machine a memory limit of what it used to have: regenerate with --memory" },
  ) },

/* ---- configuration the container names ---- */
{ .name = "configuration", .stage = STAGE_START,
  ROWS(
	{ .tool = "kubelet",
	  .example = "couldn't find key password in Secret demo/web-db",
	  .where = SRC_WAITING, .reason = "CreateContainerConfigError", .unless = "runAsNonRoot" },
  ),
  CAUSES(
	{ .id = "ConfigMissing", .sev = SEV_ERROR,
	  .summary = "{container} refers to configuration that does not exist",
	  .explanation = "The container's environment or volumes name a secret, config map or key that is not in {ns}.",
	  .remedy = "oc get secrets,configmaps -n {ns}\ncreate the missing object, or remove the reference" },
  ) },

/* ---- probes ---- */
{ .name = "probes", .stage = STAGE_PROBES,
  ROWS(
	{ .tool = "kubelet",
	  .example = "Container app failed liveness probe, will be restarted",
	  .where = SRC_EVENT, .reason = "Killing", .how = M_REGEX,
	  .pattern = "failed (liveness|startup) probe, will be restarted" },
	{ .tool = "kubelet",
	  .example = "Liveness probe failed: context deadline exceeded",
	  .where = SRC_EVENT, .reason = "Unhealthy", .how = M_REGEX, .pattern = "(Liveness|Readiness|Startup) probe" },
  ),
  CAUSES(
	{ .id = "ProbeFailing", .sev = SEV_ERROR, .cap = "^(liveness|startup)$",
	  .summary = "{container}'s {1|liveness} probe kills it before it is up",
	  .explanation = "The kubelet restarted the container because its {1|liveness} probe failed: the probe checks a "
		"service inside the machine, and the machine had not finished booting (or the service never answers). "
		"A whole machine boots slowly; a liveness probe that starts too early kills it over and over.",
	  .remedy = "give the machine time to boot: a startupProbe, or a larger initialDelaySeconds and failureThreshold\n"
		"check the service by hand: oc exec {pod} -c {container} -n {ns} -- systemctl --failed" },
	{ .id = "ProbeFailing", .sev = SEV_WARNING,
	  .summary = "{container}'s {1|health} probe fails",
	  .explanation = "The probe checks a service inside the machine, and it did not answer in time. A whole "
		"machine boots slowly; a liveness probe that starts too early kills it over and over.",
	  .remedy = "give the machine time to boot: a startupProbe, or a larger initialDelaySeconds and failureThreshold\n"
		"check the service by hand: oc exec {pod} -c {container} -n {ns} -- systemctl --failed" },
  ) },

/* ---- notes ---- */
{ .name = "hosts file", .stage = STAGE_NOTE, .on = ON_MAIN,
  ROWS(
	{ .tool = "the 2017 base image",
	  .example = "/.leapp/leapp-init: appending /etc/hosts.source to /etc/hosts",
	  .where = SRC_LOG, .how = M_SUBSTR, .pattern = "/etc/hosts" },
  ),
  CAUSES(
	{ .id = "HostsFileManaged", .sev = SEV_INFO,
	  .summary = "/etc/hosts in the container is written by the cluster",
	  .explanation = "The kubelet (or the container runtime) replaces /etc/hosts in every container, so the "
		"machine's own entries are gone; the leapp base image appends the saved copy, /etc/hosts.source, "
		"at boot, and that needs write access.",
	  .remedy = "for names the machine needs, prefer spec.hostAliases in the pod" },
  ) },
};

const size_t diag_nfamilies = sizeof(diag_families) / sizeof(diag_families[0]);

/* ---- the engine's own findings ---- */

const struct cause diag_rule_crashloop = {
	.id = "CrashLoop", .sev = SEV_ERROR,
	.summary = "{container} keeps exiting (exit code {exit|unknown})",
	.explanation = "The container starts and exits again, and the kubelet restarts it with growing delays. "
		"Nothing in its status, events or logs matches a known cause; its last log lines are quoted. "
		"A whole machine's init process should never exit.",
	.remedy = "oc logs {pod} -c {container} -n {ns} --previous\n"
		"look inside with a shell instead of the init: oc debug pod/{pod} -n {ns} --as-root",
};

const struct cause diag_rule_cannot_restart = {
	.id = "CrashLoop", .sev = SEV_ERROR,
	.summary = "{container} ran before and now cannot start again ({1|an error})",
	.explanation = "The kubelet cannot create or start the container again; the runtime's message is quoted.",
	.remedy = "oc describe pod {pod} -n {ns}\n"
		"oc get events -n {ns} --field-selector involvedObject.name={pod}",
};

const struct cause diag_rule_exited = {
	.id = "ContainerFailed", .sev = SEV_ERROR,
	.summary = "{container} exited with code {exit|unknown}",
	.explanation = "The container ran and ended in an error, and nothing in its status, events or logs "
		"matches a known cause; its last log lines are quoted. A whole machine's init process should "
		"never exit.",
	.remedy = "oc logs {pod} -c {container} -n {ns}\n"
		"look inside with a shell instead of the init: oc debug pod/{pod} -n {ns} --as-root",
};

const struct cause diag_rule_cannot_start = {
	.id = "ContainerFailed", .sev = SEV_ERROR,
	.summary = "{container} cannot start ({1|an error})",
	.explanation = "The kubelet cannot create or start the container; the runtime's message is quoted.",
	.remedy = "oc describe pod {pod} -n {ns}\n"
		"oc get events -n {ns} --field-selector involvedObject.name={pod}",
};

const struct cause diag_rule_not_ready = {
	.id = "PodNotReady", .sev = SEV_WARNING,
	.summary = "{workload} is not ready yet: {waiting}",
	.explanation = "Nothing has failed so far; the pod is still on its way: {waiting}. A machine image "
		"takes a while to download and a whole machine a while to boot.",
	.remedy = "watch it: oc get pod {pod} -n {ns} -w\n"
		"oc describe {workload} -n {ns}",
};

const struct cause diag_rule_failed = {
	.id = "PodNotReady", .sev = SEV_ERROR,
	.summary = "{workload} is not running: {waiting}",
	.explanation = "The pod ended or could not be created, and no known cause matches; the cluster's own "
		"words are quoted.",
	.remedy = "oc describe {workload} -n {ns}\n"
		"oc get events -n {ns} --sort-by=.lastTimestamp",
};

const struct cause diag_rule_healthy = {
	.id = "Healthy", .sev = SEV_INFO,
	.summary = "{workload} is running and ready",
	.explanation = "Every container runs and passes its readiness checks, and nothing in the events or "
		"logs points to a problem.",
	.remedy = "",
};

const char *severity_name(enum diag_severity s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "info";
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void diag_finding_ids(struct strlist *out)
{
	static const struct cause *const own[] = { &diag_rule_crashloop, &diag_rule_cannot_restart, &diag_rule_exited,
		&diag_rule_cannot_start, &diag_rule_not_ready, &diag_rule_failed, &diag_rule_healthy };

	for (size_t f = 0; f < diag_nfamilies; f++)
		for (size_t c = 0; c < diag_families[f].ncauses; c++)
			if (diag_families[f].causes[c].id && !strlist_has(out, diag_families[f].causes[c].id))
				strlist_push(out, diag_families[f].causes[c].id);
	for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		if (!strlist_has(out, own[i]->id))
			strlist_push(out, own[i]->id);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_str);
}

/* ---- compiling ---- */

static int compile(regex_t *rx, const char *pat, int flags, unsigned char *has, const char *what, size_t i,
		   const char *fam, struct err *e)
{
	if (!pat)
		return 0;
	if (regcomp(rx, pat, REG_EXTENDED | flags))
		return err_set(e, EXIT_FAIL, "family %s, %s %zu: bad pattern", fam, what, i);
	*has = 1;
	return 0;
}

int rules_compile(struct rule_set *rs, const struct family *f, size_t n, struct err *e)
{
	memset(rs, 0, sizeof(*rs));
	rs->fam = f;
	rs->nfam = n;
	rs->rule_base = xcalloc(n ? n : 1, sizeof(size_t));
	rs->cause_base = xcalloc(n ? n : 1, sizeof(size_t));
	for (size_t i = 0; i < n; i++) {
		rs->rule_base[i] = rs->nrules;
		rs->cause_base[i] = rs->ncauses;
		rs->nrules += f[i].nrules;
		rs->ncauses += f[i].ncauses;
	}
	rs->rx = xcalloc(rs->nrules ? rs->nrules : 1, sizeof(*rs->rx));
	rs->when = xcalloc(rs->ncauses ? rs->ncauses : 1, sizeof(*rs->when));
	rs->cap = xcalloc(rs->ncauses ? rs->ncauses : 1, sizeof(*rs->cap));
	rs->has_when = xcalloc(rs->ncauses ? rs->ncauses : 1, 1);
	rs->has_cap = xcalloc(rs->ncauses ? rs->ncauses : 1, 1);
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < f[i].nrules; k++) {
			const struct rule *r = &f[i].rules[k];
			struct rule_rx *x = &rs->rx[rs->rule_base[i] + k];
			int icase = r->how == M_IREGEX ? REG_ICASE : 0;
			if (((r->how == M_REGEX || r->how == M_IREGEX) &&
			     compile(&x->pat, r->pattern, icase, &x->has_pat, "row", k, f[i].name, e)) ||
			    compile(&x->unless, r->unless, REG_NOSUB, &x->has_unless, "row (unless)", k, f[i].name, e) ||
			    compile(&x->not_after, r->not_after, REG_NOSUB, &x->has_not_after, "row (not_after)", k, f[i].name, e)) {
				rules_free(rs);
				return -1;
			}
		}
		for (size_t k = 0; k < f[i].ncauses; k++) {
			size_t at = rs->cause_base[i] + k;
			if (compile(&rs->when[at], f[i].causes[k].when, REG_NOSUB, &rs->has_when[at], "cause", k, f[i].name, e) ||
			    compile(&rs->cap[at], f[i].causes[k].cap, REG_NOSUB, &rs->has_cap[at], "cause (cap)", k, f[i].name, e)) {
				rules_free(rs);
				return -1;
			}
		}
	}
	return 0;
}

void rules_free(struct rule_set *rs)
{
	for (size_t i = 0; rs->rx && i < rs->nrules; i++) {
		if (rs->rx[i].has_pat)
			regfree(&rs->rx[i].pat);
		if (rs->rx[i].has_unless)
			regfree(&rs->rx[i].unless);
		if (rs->rx[i].has_not_after)
			regfree(&rs->rx[i].not_after);
	}
	for (size_t i = 0; rs->has_when && i < rs->ncauses; i++) {
		if (rs->has_when[i])
			regfree(&rs->when[i]);
		if (rs->has_cap[i])
			regfree(&rs->cap[i]);
	}
	free(rs->rx);
	free(rs->when);
	free(rs->cap);
	free(rs->has_when);
	free(rs->has_cap);
	free(rs->rule_base);
	free(rs->cause_base);
	memset(rs, 0, sizeof(*rs));
}
