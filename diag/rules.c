/* The rule catalogue. Rows are tried in table order; several rows may yield
 * the same finding (one per signature), and the first that matches gives its
 * summary and explanation while later ones add evidence and fixes. So put the
 * specific rows of an id before its general ones. Strings matched are the
 * stable parts of real messages (sources in research/diagnose-anchors.md). */
#include "rules.h"
#include "contract.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#define SCC_SUBJECT "unable to validate against any security context constraint"

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
	"oc debug node/{node} -- chroot /host setsebool -P container_manage_cgroup 1"

const struct rule diag_rules[] = {
	/* ---- admission: the ReplicaSet could not create the pod ---- */
	{ .id = "SCCDenied", .sev = SEV_ERROR, .stage = STAGE_ADMISSION, .where = SRC_OWNER,
	  .how = M_REGEX, .pattern = SCC_SUBJECT ".*hostPath",
	  .summary = "No security context constraint lets {owner} mount host directories",
	  .explanation = "OpenShift refused to create the pod: its service account {sa} may not use an SCC that "
		"allows hostPath volumes. On OpenShift 4 the anyuid SCC does not allow hostPath; hostmount-anyuid "
		"(root and hostPath) does, and a pod that mounts no host directory needs only anyuid.",
	  .remedy = GRANT_SCC },
	{ .id = "SCCDenied", .sev = SEV_ERROR, .stage = STAGE_ADMISSION, .where = SRC_OWNER,
	  .how = M_REGEX, .pattern = SCC_SUBJECT ".*[Pp]rivileged containers are not allowed",
	  .summary = "No security context constraint lets {owner} run privileged containers",
	  .explanation = "OpenShift refused to create the pod: it asks for a privileged container and its "
		"service account {sa} may not use the privileged SCC. A migrated machine does not need a "
		"privileged container: root and its own files are enough.",
	  .remedy = "remove securityContext.privileged from the containers of {owner}\n" GRANT_SCC },
	{ .id = "SCCDenied", .sev = SEV_ERROR, .stage = STAGE_ADMISSION, .where = SRC_OWNER,
	  .how = M_SUBSTR, .pattern = SCC_SUBJECT,
	  .unless = "hostPath|[Pp]rivileged containers are not allowed",
	  .summary = "No security context constraint admits the pods of {owner}",
	  .explanation = "OpenShift refused to create the pod: none of the SCCs its service account {sa} may use "
		"allows what the pod asks for. A migrated machine's init system runs as root, which the "
		"default restricted SCC forbids; the {scc_fix} SCC allows it.",
	  .remedy = GRANT_SCC },
	{ .id = "PodSecurityViolation", .sev = SEV_ERROR, .stage = STAGE_ADMISSION, .where = SRC_OWNER,
	  .how = M_SUBSTR, .pattern = "violates PodSecurity",
	  .summary = "Pod Security admission rejects the pods of {owner}",
	  .explanation = "The namespace {ns} enforces a Pod Security level that forbids what the pod asks for. "
		"A migrated machine runs as root, which the baseline level allows and restricted does not; "
		"only the privileged level allows host directories.",
	  .remedy = DROP_HOST_CGROUP "\n"
		"kubectl label namespace {ns} pod-security.kubernetes.io/enforce={psa_level} --overwrite" },
	{ .id = "PodSecurityViolation", .sev = SEV_WARNING, .stage = STAGE_ADMISSION, .where = SRC_EVENT,
	  .how = M_SUBSTR, .pattern = "would violate PodSecurity",
	  .summary = "The pod would violate the namespace's Pod Security level",
	  .explanation = "The namespace {ns} warns (or audits) against what this pod does; if the level is "
		"ever enforced, the pod will not be created.",
	  .remedy = "kubectl label namespace {ns} pod-security.kubernetes.io/enforce={psa_level} --overwrite" },
	{ .id = "ConfigMissing", .sev = SEV_ERROR, .stage = STAGE_ADMISSION, .where = SRC_OWNER,
	  .how = M_REGEX, .pattern = "error looking up service account [^:]*: serviceaccount \"([^\"]*)\" not found",
	  .summary = "The service account {1|it names} does not exist",
	  .explanation = "The pod template runs as the service account {1|it names}, which does not exist in {ns}, so "
		"no pod can be created.",
	  .remedy = "oc create serviceaccount {1} -n {ns}\n"
		"then grant it the SCC the machine needs: oc adm policy add-scc-to-user {scc_fix} -z {1} -n {ns}" },

	/* ---- scheduling ---- */
	{ .id = "UnboundClaim", .sev = SEV_ERROR, .stage = STAGE_SCHEDULING, .where = SRC_EVENT,
	  .reason = "FailedScheduling", .how = M_REGEX,
	  .pattern = "unbound immediate PersistentVolumeClaims|didn't find available persistent volumes|"
		"persistentvolumeclaim \"[^\"]*\" not found|volume node affinity conflict",
	  .summary = "The pod waits for its persistent volume claims",
	  .explanation = "The scheduler cannot place the pod until every claim it mounts is bound to a "
		"volume. The stateful PersistentVolumes point at the machine's directories on one host and bind "
		"by name; a claim that got the cluster's default storage class never binds to them.",
	  .remedy = "oc get pvc -n {ns} and oc describe pvc -n {ns} to see which claim is Pending and why\n"
		"set storageClassName: \"\" on both the PersistentVolume and the claim (oc leapp generate stateful writes it)\n"
		"oc get pv: the volume must exist, be Available, and be at least as large as the claim" },
	{ .id = "UnboundClaim", .sev = SEV_ERROR, .stage = STAGE_SCHEDULING, .where = SRC_POD_CONDITION,
	  .reason = "Unschedulable", .how = M_REGEX,
	  .pattern = "unbound immediate PersistentVolumeClaims|didn't find available persistent volumes|"
		"persistentvolumeclaim \"[^\"]*\" not found",
	  .summary = "The pod waits for its persistent volume claims",
	  .explanation = "The scheduler cannot place the pod until every claim it mounts is bound to a volume.",
	  .remedy = "oc get pvc -n {ns} and oc describe pvc -n {ns} to see which claim is Pending and why" },
	{ .id = "UnboundClaim", .sev = SEV_ERROR, .stage = STAGE_SCHEDULING, .where = SRC_EVENT,
	  .reason = "FailedBinding", .how = M_SUBSTR, .pattern = NULL,
	  .summary = "A persistent volume claim cannot bind",
	  .explanation = "The claim {claim|the pod mounts} found no PersistentVolume it may bind to. With no storage class "
		"set on either side, the claim binds only to the volume it names, of the same access mode and "
		"at least its size.",
	  .remedy = "oc get pv,pvc -n {ns}\n"
		"create the PersistentVolumes first: oc create -f {machine}-storage.yaml (written by oc leapp generate stateful)\n"
		"{!machine}create the machine's PersistentVolumes first, from the storage file oc leapp generate stateful wrote" },
	{ .id = "UnboundClaim", .sev = SEV_ERROR, .stage = STAGE_SCHEDULING, .where = SRC_EVENT,
	  .reason = "ProvisioningFailed", .how = M_SUBSTR, .pattern = NULL,
	  .summary = "A persistent volume claim cannot be provisioned",
	  .explanation = "The claim {claim|the pod mounts} asked a storage class for a new volume, and provisioning failed. "
		"The stateful machine's data lives in PersistentVolumes on the host; its claims must not ask a "
		"storage class at all.",
	  .remedy = "set storageClassName: \"\" on the claim and its PersistentVolume, then recreate the claim" },
	{ .id = "UnboundClaim", .sev = SEV_ERROR, .stage = STAGE_SCHEDULING, .where = SRC_CLAIM,
	  .reason = "Pending",
	  .summary = "The persistent volume claim {claim|the pod mounts} is Pending",
	  .explanation = "The claim {claim|the pod mounts} is not bound to a volume, so the pod that mounts it cannot start.",
	  .remedy = "oc describe pvc {claim} -n {ns}\n"
		"set storageClassName: \"\" on the claim and its PersistentVolume so they bind by name" },
	{ .id = "UnboundClaim", .sev = SEV_ERROR, .stage = STAGE_SCHEDULING, .where = SRC_CLAIM,
	  .reason = "Lost",
	  .summary = "The persistent volume claim {claim|the pod mounts} lost its volume",
	  .explanation = "The PersistentVolume that the claim {claim|the pod mounts} was bound to no longer exists.",
	  .remedy = "recreate the PersistentVolume, then the claim: oc create -f {machine}-storage.yaml\n"
		"{!machine}recreate the PersistentVolume, then the claim, from the storage file oc leapp generate stateful wrote\n"
		"oc get pv: the volume the claim was bound to is gone" },
	{ .id = "Unschedulable", .sev = SEV_ERROR, .stage = STAGE_SCHEDULING, .where = SRC_EVENT,
	  .reason = "FailedScheduling", .how = M_REGEX,
	  .pattern = "Insufficient (memory|cpu|ephemeral-storage)",
	  .summary = "No node has enough {1|memory or CPU} for the pod",
	  .explanation = "The scheduler found no node with enough free {1|memory or CPU} for what the pod requests.",
	  .remedy = "lower the pod's resources.requests, or free or add capacity: oc describe nodes | grep -A5 Allocated" },
	{ .id = "Unschedulable", .sev = SEV_ERROR, .stage = STAGE_SCHEDULING, .where = SRC_EVENT,
	  .reason = "FailedScheduling", .how = M_REGEX,
	  .pattern = "didn't match (Pod's )?node (affinity/)?selector",
	  .summary = "No node matches the pod's node selector",
	  .explanation = "The pod may only run on nodes with certain labels, and no node has them. A macro pod "
		"pinned to the host the machine was migrated to cannot run elsewhere.",
	  .remedy = "see which labels the nodes have: oc get nodes --show-labels\n"
		"make the node selector of {owner} ({node_selector|spec.nodeSelector}) match a node's labels, or "
		"give the node that should run the machine those labels with oc label node" },
	{ .id = "Unschedulable", .sev = SEV_ERROR, .stage = STAGE_SCHEDULING, .where = SRC_EVENT,
	  .reason = "FailedScheduling", .how = M_REGEX,
	  .pattern = "had (untolerated )?taint",
	  .summary = "Every fitting node has a taint the pod does not tolerate",
	  .explanation = "The nodes that could run the pod are tainted, and the pod has no toleration for the taint.",
	  .remedy = "oc describe nodes | grep Taints, then add a matching spec.tolerations entry or use another node" },
	{ .id = "Unschedulable", .sev = SEV_ERROR, .stage = STAGE_SCHEDULING, .where = SRC_EVENT,
	  .reason = "FailedScheduling", .how = M_SUBSTR, .pattern = "were unschedulable",
	  .summary = "The nodes are cordoned",
	  .explanation = "The nodes that could run the pod are marked unschedulable (cordoned, e.g. for maintenance).",
	  .remedy = "oc get nodes: the cordoned ones say SchedulingDisabled; once a node's maintenance is done, "
		"oc adm uncordon it" },
	{ .id = "Unschedulable", .sev = SEV_ERROR, .stage = STAGE_SCHEDULING, .where = SRC_EVENT,
	  .reason = "FailedScheduling", .how = M_SUBSTR, .pattern = NULL,
	  .unless = "unbound immediate PersistentVolumeClaims|didn't find available persistent volumes|"
		"persistentvolumeclaim \"[^\"]*\" not found|volume node affinity conflict",
	  .summary = "The scheduler cannot place the pod",
	  .explanation = "No node fits the pod; the scheduler's message says why, node by node.",
	  .remedy = "oc describe pod {pod} -n {ns} and oc get nodes" },
	{ .id = "Unschedulable", .sev = SEV_ERROR, .stage = STAGE_SCHEDULING, .where = SRC_POD_CONDITION,
	  .reason = "Unschedulable", .how = M_SUBSTR, .pattern = NULL,
	  .unless = "unbound immediate PersistentVolumeClaims|didn't find available persistent volumes|"
		"persistentvolumeclaim \"[^\"]*\" not found",
	  .summary = "The scheduler cannot place the pod",
	  .explanation = "No node fits the pod; the scheduler's message says why, node by node.",
	  .remedy = "oc describe pod {pod} -n {ns} and oc get nodes" },

	/* ---- volumes and the sandbox ---- */
	{ .id = "SystemdCgroupMount", .sev = SEV_ERROR, .stage = STAGE_VOLUMES, .where = SRC_EVENT,
	  .reason = "FailedMount", .how = M_REGEX,
	  .pattern = "hostPath type check failed: /sys/fs/cgroup[^ ]* is not a directory",
	  .summary = "The node has no systemd cgroup hierarchy to mount",
	  .explanation = "The pod mounts the host's systemd cgroup directory, and this node does not have it: "
		"it runs the unified cgroup v2 hierarchy (every current OpenShift and Kubernetes node does), where "
		"/sys/fs/cgroup/systemd does not exist. The pod does not need the host's cgroups: the runtime "
		"gives systemd its own.",
	  .remedy = DROP_HOST_CGROUP "\n" INIT_SERVICES " (for systemd older than 230, as on CentOS/RHEL 7)" },
	{ .id = "ConfigMissing", .sev = SEV_ERROR, .stage = STAGE_VOLUMES, .where = SRC_EVENT,
	  .reason = "FailedMount", .how = M_REGEX, .pattern = "(secret|configmap) \"([^\"]*)\" not found",
	  .summary = "A volume refers to an object that does not exist",
	  .explanation = "The pod mounts a secret or config map that is not in {ns}, so its volumes cannot be set up.",
	  .remedy = "oc get secrets,configmaps -n {ns}\ncreate the missing object, or remove the volume from the pod" },
	{ .id = "VolumeMountFailed", .sev = SEV_ERROR, .stage = STAGE_VOLUMES, .where = SRC_EVENT,
	  .reason = "FailedAttachVolume", .how = M_SUBSTR, .pattern = "Multi-Attach error",
	  .summary = "A volume is still attached to another node",
	  .explanation = "A ReadWriteOnce volume can be attached to one node at a time, and another pod (often "
		"the previous replica) still holds it.",
	  .remedy = "delete the old pod or wait for it to end: oc get pods -n {ns} -o wide\n"
		"for a Deployment of a stateful machine, use strategy: Recreate" },
	{ .id = "VolumeMountFailed", .sev = SEV_ERROR, .stage = STAGE_VOLUMES, .where = SRC_EVENT,
	  .reason = "FailedAttachVolume", .how = M_SUBSTR, .pattern = NULL,
	  .summary = "A volume cannot be attached to the node",
	  .explanation = "The storage system could not attach a volume the pod needs to its node.",
	  .remedy = "oc describe pod {pod} -n {ns}; oc get pv,pvc -n {ns}" },
	{ .id = "VolumeMountFailed", .sev = SEV_ERROR, .stage = STAGE_VOLUMES, .where = SRC_EVENT,
	  .reason = "FailedMount", .how = M_SUBSTR, .pattern = NULL,
	  .unless = "(secret|configmap) \"[^\"]*\" not found|hostPath type check failed: /sys/fs/cgroup|"
		"^Unable to attach or mount volumes",
	  .summary = "A volume cannot be mounted",
	  .explanation = "The kubelet could not set up one of the pod's volumes, so no container can start.",
	  .remedy = "oc describe pod {pod} -n {ns}\n"
		"for a hostPath volume, the directory must exist on the node the pod runs on ({node})" },
	{ .id = "VolumeMountFailed", .sev = SEV_ERROR, .stage = STAGE_VOLUMES, .where = SRC_EVENT,
	  .reason = "FailedMount", .how = M_SUBSTR, .pattern = "Unable to attach or mount volumes",
	  .summary = "The pod's volumes are not mounted",
	  .explanation = "The kubelet timed out waiting for the pod's volumes; an earlier message names the volume.",
	  .remedy = "oc describe pod {pod} -n {ns}" },

	/* ---- the image ---- */
	{ .id = "ImageNeverPulled", .sev = SEV_ERROR, .stage = STAGE_IMAGE, .where = SRC_WAITING,
	  .reason = "ErrImageNeverPull",
	  .summary = "The image {image|of the container} is not on the node, and the pod may not pull it",
	  .explanation = "The container has imagePullPolicy: Never (oc leapp generate macroimage --local-image), "
		"so the node must already have the image; the node {node|it runs on} does not. An image built with docker "
		"or podman on another machine, or in another runtime's store, is not visible to the node's CRI-O "
		"or containerd.",
	  .remedy = "build or load the image on the node that runs the pod (CRI-O: podman build -t {image} . there; "
		"containerd: ctr -n k8s.io images import), and pin the pod to it with a nodeSelector\n"
		"or push it to a registry the nodes can reach, and regenerate without --local-image, with --image "
		"naming it in full, registry host included" },
	{ .id = "ImageNeverPulled", .sev = SEV_ERROR, .stage = STAGE_IMAGE, .where = SRC_EVENT,
	  .reason = "ErrImageNeverPull",
	  .summary = "The image {image|of the container} is not on the node, and the pod may not pull it",
	  .explanation = "The container has imagePullPolicy: Never (--local-image), so the node must already "
		"have the image; it does not.",
	  .remedy = "load the image on that node, or push it to a registry and regenerate without --local-image" },
	{ .id = "InvalidImageName", .sev = SEV_ERROR, .stage = STAGE_IMAGE, .where = SRC_WAITING,
	  .reason = "InvalidImageName",
	  .summary = "The image name {image|of the container} is not valid",
	  .explanation = "The container's image reference cannot be parsed: repository names must be lowercase, "
		"and tags may hold only letters, digits, '_', '.' and '-'.",
	  .remedy = "regenerate with a valid --image (a lowercase repository; a tag of letters, digits, _ . and -): "
		"oc leapp generate checks it" },
	{ .id = "InvalidImageName", .sev = SEV_ERROR, .stage = STAGE_IMAGE, .where = SRC_EVENT,
	  .how = M_SUBSTR, .pattern = "invalid reference format",
	  .summary = "The image name {image|of the container} is not valid",
	  .explanation = "The container's image reference cannot be parsed: repository names must be lowercase.",
	  .remedy = "regenerate with a valid --image: oc leapp generate checks it" },
	{ .id = "ImagePullFailed", .sev = SEV_ERROR, .stage = STAGE_IMAGE, .where = SRC_EVENT,
	  .reason = "Failed", .how = M_REGEX,
	  .pattern = "Failed to pull image.*(pull access denied|unauthorized|authentication required|"
		"authorization failed|denied: requested access|403 Forbidden)",
	  .summary = "The registry refuses to give the image {image|of the container}",
	  .explanation = "The registry answered that the image does not exist or needs credentials. A short name "
		"like {image|leapp/web} is looked up on docker.io, where it does not exist, unless it was pushed "
		"to a registry under a full name.",
	  .remedy = "push the machine's image to a registry the nodes can reach, and regenerate with --image "
		"naming it in full, registry host included\n"
		"for a private registry, make a pull secret with its credentials (oc create secret docker-registry) "
		"and link it to the pod's account: oc secrets link {sa} with the secret's name and --for=pull -n {ns}\n"
		"or, for an image built on the node itself, use --local-image" },
	{ .id = "ImagePullFailed", .sev = SEV_ERROR, .stage = STAGE_IMAGE, .where = SRC_EVENT,
	  .reason = "Failed", .how = M_REGEX,
	  .pattern = "Failed to pull image.*(not found|manifest unknown|no match for platform)",
	  .summary = "The image {image|of the container} is not in the registry",
	  .explanation = "The registry has no image by that name and tag (or none for this node's architecture).",
	  .remedy = "check the name and tag: skopeo inspect docker://{image}\n"
		"push the image: podman push {image}" },
	{ .id = "ImagePullFailed", .sev = SEV_ERROR, .stage = STAGE_IMAGE, .where = SRC_EVENT,
	  .reason = "Failed", .how = M_REGEX,
	  .pattern = "Failed to pull image.*(no such host|i/o timeout|connection refused|pinging container registry|"
		"x509|certificate|network is unreachable|did not resolve to an alias)",
	  .summary = "The node cannot reach the registry for {image|of the container}",
	  .explanation = "The node could not talk to the registry: its name does not resolve, it is not "
		"reachable, or its TLS certificate is not trusted. A short image name with no unqualified-search "
		"registry configured fails the same way.",
	  .remedy = "name the image in full, registry host included: a short name needs an unqualified-search "
		"registry on the node\n"
		"check from the node: oc debug node/{node} -- chroot /host podman pull {image}" },
	{ .id = "ImagePullFailed", .sev = SEV_ERROR, .stage = STAGE_IMAGE, .where = SRC_WAITING,
	  .reason = "ErrImagePull",
	  .summary = "The image {image|of the container} cannot be pulled",
	  .explanation = "The node could not pull the container's image; the message says what the registry answered.",
	  .remedy = "oc describe pod {pod} -n {ns} (events Failed)\n"
		"for an image built on the node itself, use oc leapp generate macroimage --local-image" },
	{ .id = "ImagePullFailed", .sev = SEV_ERROR, .stage = STAGE_IMAGE, .where = SRC_WAITING,
	  .reason = "ImagePullBackOff",
	  .summary = "The image {image|of the container} cannot be pulled",
	  .explanation = "The node failed to pull the container's image and is now waiting before it retries.",
	  .remedy = "oc describe pod {pod} -n {ns} (events Failed)\n"
		"for an image built on the node itself, use oc leapp generate macroimage --local-image" },

	/* ---- the init container: downloading and unpacking the machine ---- */
	{ .id = "ImageURLUnreachable", .sev = SEV_ERROR, .stage = STAGE_INIT, .where = SRC_LOG, .on = ON_INIT,
	  .how = M_REGEX, .quote = Q_PREV,
	  .pattern = "wget: can't connect to remote host \\(([^)]*)\\): Connection refused|"
		"curl: \\(7\\) Failed to connect to ([^ ]*) port [0-9]+.*(refused|Couldn't connect)",
	  .summary = "Nothing answers at the image server {1|it downloads from}",
	  .explanation = "The init container {container} downloads the machine's files from {url|its image server}, "
		"and the connection was refused: the host is up but no web server listens on that port.",
	  .remedy = "start the web server that serves the archive, or fix the port in {url|the image address}\n"
		"test from inside the cluster: oc run urltest -n {ns} --rm -it --restart=Never --image=busybox -- wget -S --spider {url}\n"
		"if the address is wrong, regenerate the machine's objects with the right --image-url\n"
		"oc logs {pod} -c {container} -n {ns} --previous" },
	{ .id = "ImageURLUnreachable", .sev = SEV_ERROR, .stage = STAGE_INIT, .where = SRC_LOG, .on = ON_INIT,
	  .how = M_REGEX, .quote = Q_PREV,
	  .pattern = "wget: bad address '([^']*)'|curl: \\(6\\) Could not resolve host: ([^ ]*)",
	  .summary = "The image server's name {1|in its address} does not resolve inside the cluster",
	  .explanation = "The init container {container} cannot look up the host name in {url|the image address}. Names that "
		"exist only in some machine's /etc/hosts (like the seed's local.web.server) are unknown to the "
		"cluster's DNS.",
	  .remedy = "regenerate with an --image-url whose host is an IP address or a name the cluster DNS resolves\n"
		"or add the name to the pod: spec.hostAliases, with the server's address for {1}" },
	{ .id = "ImageURLUnreachable", .sev = SEV_ERROR, .stage = STAGE_INIT, .where = SRC_LOG, .on = ON_INIT,
	  .how = M_REGEX, .quote = Q_PREV,
	  .pattern = "wget: can't connect to remote host \\(([^)]*)\\)|wget: download timed out|"
		"wget: error getting response|wget: connection closed prematurely|curl: \\((7|28|35|56)\\)",
	  .unless = "Connection refused|Couldn't connect to server",
	  .summary = "The init container cannot download the machine image",
	  .explanation = "The init container {container} could not reach {url|its image server}: the connection timed out, "
		"was cut, or there is no route. A firewall, an egress NetworkPolicy, or a proxy between the "
		"nodes and the server is the usual cause.",
	  .remedy = "test from inside the cluster: oc run urltest -n {ns} --rm -it --restart=Never --image=busybox -- wget -S --spider {url}\n"
		"open the server's port to the nodes' network, or serve the archive from inside the cluster\n"
		"oc logs {pod} -c {container} -n {ns} --previous" },
	{ .id = "ImageURLUnreachable", .sev = SEV_ERROR, .stage = STAGE_INIT, .where = SRC_LOG, .on = ON_INIT,
	  .how = M_REGEX, .pattern = "wget: TLS error from peer|wget: not an http or ftp url",
	  .summary = "The init container's wget cannot fetch an https address",
	  .explanation = "busybox's wget has little or no TLS support, so it cannot download {url|the archive over https}.",
	  .remedy = "serve the archive over plain http inside your network, and regenerate with that --image-url\n"
		"or regenerate with an --init-image whose wget or curl speaks TLS" },
	{ .id = "ImageURLNotFound", .sev = SEV_ERROR, .stage = STAGE_INIT, .where = SRC_LOG, .on = ON_INIT,
	  .how = M_REGEX, .quote = Q_PREV,
	  .pattern = "wget: server returned error: HTTP/1\\.[01] (40[13]|407)|curl: \\(22\\).* (40[13])",
	  .summary = "The image server refuses the download ({1|an HTTP error})",
	  .explanation = "The web server at {url|the image address} answered {1|with an error}: the archive is there, but the server does not "
		"let it be read (file permissions, SELinux label on the web root, or authentication).",
	  .remedy = "make the file readable by the web server (chmod a+r, restorecon -R on the web root)\n"
		"test: curl -I {url}" },
	{ .id = "ImageURLNotFound", .sev = SEV_ERROR, .stage = STAGE_INIT, .where = SRC_LOG, .on = ON_INIT,
	  .how = M_REGEX, .quote = Q_PREV,
	  .pattern = "wget: server returned error: HTTP/1\\.[01] ([0-9]+)|curl: \\(22\\).* ([0-9]{3})",
	  .unless = "HTTP/1\\.[01] 40[137]|curl: \\(22\\).* 40[137]",
	  .summary = "The image server has no archive at that address ({1|an HTTP error})",
	  .explanation = "The web server answered, but not with the archive: {url|the image address} is not where the "
		"machine's archive was copied.",
	  .remedy = "copy the archive to the web server so that it is served at {url}\n"
		"or, if the address is wrong, regenerate the machine's objects with the right --image-url\n"
		"test: curl -I {url}" },
	{ .id = "NoSpaceLeft", .sev = SEV_ERROR, .stage = STAGE_INIT, .where = SRC_LOG,
	  .how = M_SUBSTR, .pattern = "No space left on device",
	  .summary = "The disk filled up in {container}",
	  .explanation = "A write failed because the file system is full. The machine's files land in "
		"emptyDir volumes on the node's disk (the 2017 init container also kept a second copy of the "
		"whole archive in its own layer).",
	  .remedy = "free space on the node ({node}) or run the pod on a node with a larger disk\n"
		"regenerate the pod with oc leapp generate multivolume: its init container streams the archive, with no second copy\n"
		"give the pod an ephemeral-storage request large enough for the machine" },
	{ .id = "ImageArchiveCorrupt", .sev = SEV_ERROR, .stage = STAGE_INIT, .where = SRC_LOG, .on = ON_INIT,
	  .how = M_REGEX,
	  .pattern = "tar: invalid tar magic|tar: invalid magic|tar: short read|tar: no gzip/bzip2/xz magic|"
		"not in gzip format|This does not look like a tar archive|Unexpected EOF in archive|"
		"unexpected end of file|corrupted data|crc error|invalid compressed data|incorrect length",
	  .summary = "The downloaded file is not a valid machine archive",
	  .explanation = "The init container {container} downloaded {url|the archive}, but tar cannot unpack it: the file "
		"is cut short, corrupt, not gzip (busybox cannot read zstd), or not the archive at all (an HTML "
		"page served with status 200).",
	  .remedy = "re-create the archive: oc leapp archive -c {machine} -o {machine}.tar.gz, and copy it to the web server\n"
		"{!machine}re-create the archive with oc leapp archive, and copy it to the web server\n"
		"compare the sha256sum of the server's copy with the one oc leapp archive wrote beside it\n"
		"regenerate with --image-sha256, so that the init container refuses a damaged download\n"
		"check that the address serves the file itself: curl -sI {url}" },
	{ .id = "MachineIdMissing", .sev = SEV_WARNING, .stage = STAGE_INIT, .where = SRC_LOG, .on = ON_INIT,
	  .how = M_SUBSTR, .pattern = "can't open '/work-dir/etc/machine-id'",
	  .summary = "The machine has no /etc/machine-id",
	  .explanation = "The init container could not read /etc/machine-id from the unpacked machine, so the "
		"journal directory was not created. This is expected for CentOS/RHEL 6 (no systemd); on a systemd "
		"machine, systemd invents a new id at each boot and the journal is not kept.",
	  .remedy = "on the source machine, before archiving: systemd-machine-id-setup\n"
		"regenerate the pod with oc leapp generate multivolume, whose init script checks for the file" },
	{ .id = "MachineIdMissing", .sev = SEV_WARNING, .stage = STAGE_INIT, .where = SRC_LOG, .on = ON_INIT,
	  .how = M_SUBSTR, .pattern = LEAPP_LOG_NO_MACHINE_ID,
	  .summary = "The machine has no /etc/machine-id",
	  .explanation = "The init container found no /etc/machine-id in the unpacked machine, so the journal "
		"directory was not created. This is expected for CentOS/RHEL 6 (no systemd); on a systemd "
		"machine, systemd invents a new id at each boot and the journal is not kept.",
	  .remedy = "on the source machine, before archiving: systemd-machine-id-setup" },
	{ .id = "MachineIdMissing", .sev = SEV_WARNING, .stage = STAGE_INIT, .where = SRC_LOG, .on = ON_INIT,
	  .how = M_SUBSTR, .pattern = LEAPP_LOG_BAD_MACHINE_ID,
	  .summary = "The machine's /etc/machine-id is not a machine id",
	  .explanation = "The init container found /etc/machine-id, but not the 32 hexadecimal digits systemd "
		"writes there, so the journal directory was not created.",
	  .remedy = "on the source machine, before archiving: rm /etc/machine-id && systemd-machine-id-setup" },
	{ .id = "ImageArchiveCorrupt", .sev = SEV_ERROR, .stage = STAGE_INIT, .where = SRC_LOG, .on = ON_INIT,
	  .how = M_SUBSTR, .pattern = LEAPP_LOG_SHA_MISMATCH,
	  .summary = "The downloaded machine image is not the one these objects were made for",
	  .explanation = "The init container hashed what it downloaded from {url|the image server}, and the "
		"SHA-256 is not the one generate recorded (--image-sha256): the file is damaged, cut short, or "
		"another archive. Nothing was kept.",
	  .remedy = "copy the archive oc leapp archive wrote to the web server again, and compare its sha256sum with "
		"the .sha256 file beside it\n"
		"if the machine was archived again since, regenerate with the new --image-sha256" },

	/* ---- the main container: create and start ---- */
	{ .id = "SystemdCgroupMount", .sev = SEV_ERROR, .stage = STAGE_START, .where = SRC_WAITING,
	  .how = M_REGEX, .pattern = "mounting \\\\?\"?/sys/fs/cgroup|mount `?cgroup`? to `?/sys/fs/cgroup",
	  .summary = "The runtime cannot mount the cgroup file system into {container}",
	  .explanation = "The container runtime failed to mount /sys/fs/cgroup for systemd: the node has no "
		"systemd cgroup hierarchy (cgroup v2), or the mount is read-only or not permitted.",
	  .remedy = DROP_HOST_CGROUP "\n" INIT_SERVICES " (for systemd older than 230)\n" SELINUX_CGROUP },
	{ .id = "SystemdCgroupMount", .sev = SEV_ERROR, .stage = STAGE_START, .where = SRC_TERMINATED,
	  .how = M_REGEX, .pattern = "mounting \\\\?\"?/sys/fs/cgroup|mount `?cgroup`? to `?/sys/fs/cgroup",
	  .summary = "The runtime cannot mount the cgroup file system into {container}",
	  .explanation = "The container runtime failed to mount /sys/fs/cgroup for systemd: the node has no "
		"systemd cgroup hierarchy (cgroup v2), or the mount is read-only or not permitted.",
	  .remedy = DROP_HOST_CGROUP "\n" INIT_SERVICES " (for systemd older than 230)\n" SELINUX_CGROUP },
	{ .id = "RunAsRootDenied", .sev = SEV_ERROR, .stage = STAGE_START, .where = SRC_WAITING,
	  .reason = "CreateContainerConfigError", .how = M_SUBSTR, .pattern = "runAsNonRoot and image will run as root",
	  .summary = "{container} must run as root, and the pod forbids it",
	  .explanation = "The pod (or its SCC) sets runAsNonRoot, but a whole machine's init system runs as root.",
	  .remedy = GRANT_SCC },
	{ .id = "ConfigMissing", .sev = SEV_ERROR, .stage = STAGE_START, .where = SRC_WAITING,
	  .reason = "CreateContainerConfigError",
	  .unless = "runAsNonRoot",
	  .summary = "{container} refers to configuration that does not exist",
	  .explanation = "The container's environment or volumes name a secret, config map or key that is not in {ns}.",
	  .remedy = "oc get secrets,configmaps -n {ns}\ncreate the missing object, or remove the reference" },
	{ .id = "ExecFormatError", .sev = SEV_ERROR, .stage = STAGE_START, .where = SRC_WAITING,
	  .how = M_SUBSTR, .pattern = "exec format error",
	  .summary = "{container}'s programs are built for another architecture",
	  .explanation = "The node cannot execute the machine's init program: it was built for a different CPU "
		"architecture than the node's (or the file is corrupt).",
	  .remedy = "compare: oc get node {node} -o jsonpath='{.status.nodeInfo.architecture}' with uname -m on the source machine\n"
		"pin the pod to matching nodes: nodeSelector: {kubernetes.io/arch: amd64}" },
	{ .id = "ExecFormatError", .sev = SEV_ERROR, .stage = STAGE_START, .where = SRC_TERMINATED,
	  .how = M_SUBSTR, .pattern = "exec format error",
	  .summary = "{container}'s programs are built for another architecture",
	  .explanation = "The node cannot execute the machine's init program: it was built for a different CPU "
		"architecture than the node's.",
	  .remedy = "pin the pod to matching nodes: nodeSelector: {kubernetes.io/arch: amd64}" },
	{ .id = "ExecFormatError", .sev = SEV_ERROR, .stage = STAGE_START, .where = SRC_EVENT,
	  .reason = "Failed", .how = M_SUBSTR, .pattern = "exec format error",
	  .summary = "{container}'s programs are built for another architecture",
	  .explanation = "The node cannot execute the machine's init program: it was built for a different CPU "
		"architecture than the node's.",
	  .remedy = "pin the pod to matching nodes: nodeSelector: {kubernetes.io/arch: amd64}" },
	{ .id = "EntrypointNotFound", .sev = SEV_ERROR, .stage = STAGE_START, .where = SRC_WAITING,
	  .how = M_REGEX, .pattern = "exec: \\\\?\"([^\"\\\\]*)\\\\?\": (stat [^:]*: no such file or directory|executable file not found)",
	  .summary = "{1|The program it starts with} is missing from {container}",
	  .explanation = "The runtime cannot find the program the container starts with. For a macro pod this "
		"means the machine's files are not where the base image expects them: the volumes are empty (the "
		"init container never ran: the pod.beta.kubernetes.io/init-containers annotation is ignored since "
		"Kubernetes 1.8), a directory such as usr was not carried, or the base image does not match the machine.",
	  .remedy = "check what the container sees: oc debug pod/{pod} -n {ns} --as-root -- ls -l /sbin/init /usr/bin/sh\n"
		"regenerate without --legacy-init-annotation, so the init container is in spec.initContainers\n"
		"regenerate with the machine's own base image (generate writes one for its release) rather than a "
		"--base-image made for another" },
	{ .id = "EntrypointNotFound", .sev = SEV_ERROR, .stage = STAGE_START, .where = SRC_TERMINATED,
	  .how = M_REGEX, .pattern = "exec: \\\\?\"([^\"\\\\]*)\\\\?\": (stat [^:]*: no such file or directory|executable file not found)",
	  .summary = "{1|The program it starts with} is missing from {container}",
	  .explanation = "The runtime cannot find the program the container starts with: the machine's files "
		"are not where the base image expects them.",
	  .remedy = "oc debug pod/{pod} -n {ns} --as-root -- ls -l /sbin/init /usr/bin/sh\n"
		"regenerate with the machine's own base image (generate writes one for its release) rather than a "
		"--base-image made for another" },
	{ .id = "EntrypointNotFound", .sev = SEV_ERROR, .stage = STAGE_START, .where = SRC_EVENT,
	  .reason = "Failed", .how = M_REGEX, .pattern = "exec: \\\\?\"([^\"\\\\]*)\\\\?\": (stat [^:]*: no such file or directory|executable file not found)",
	  .summary = "{1|The program it starts with} is missing from {container}",
	  .explanation = "The runtime cannot find the program the container starts with: the machine's files "
		"are not where the base image expects them.",
	  .remedy = "oc debug pod/{pod} -n {ns} --as-root -- ls -l /sbin/init /usr/bin/sh\n"
		"regenerate with the machine's own base image (generate writes one for its release) rather than a "
		"--base-image made for another" },
	{ .id = "RunAsRootDenied", .sev = SEV_ERROR, .stage = STAGE_START, .where = SRC_WAITING,
	  .how = M_REGEX, .pattern = "chdir to cwd .* permission denied", .cond = C_RESTRICTED,
	  .summary = "{container} runs as a random user and cannot start",
	  .explanation = "OpenShift admitted the pod under the {scc|restricted} SCC, which runs it as an arbitrary "
		"non-root user. A migrated machine's files and its init system expect root.",
	  .remedy = GRANT_SCC },

	/* ---- the main container's logs: the machine's init system ---- */
	{ .id = "CgroupV2Unsupported", .sev = SEV_ERROR, .stage = STAGE_MAIN_LOGS, .where = SRC_LOG, .on = ON_MAIN,
	  .how = M_REGEX,
	  .pattern = "Cannot determine cgroup we are running in|Failed to create root cgroup hierarchy|"
		"Failed to install release agent, ignoring: Permission denied",
	  .summary = "The machine's systemd is too old for the node's cgroup v2",
	  .explanation = "The node uses the unified cgroup v2 hierarchy (OpenShift 4.14 and later installs, "
		"Kubernetes 1.35 and later), and systemd older than 230 (CentOS/RHEL 7 ship 219) cannot boot on "
		"it. systemd 219 then freezes rather than exits, so the pod may even show Running and Ready "
		"while nothing inside it runs.",
	  .remedy = INIT_SERVICES "\n"
		"or upgrade the machine to a release with systemd 230 or later before migrating it\n"
		"or run it as a virtual machine (OpenShift Virtualization) instead of a container" },
	{ .id = "CgroupV2Unsupported", .sev = SEV_WARNING, .stage = STAGE_MAIN_LOGS, .where = SRC_LOG, .on = ON_MAIN,
	  .how = M_REGEX, .cond = C_OLD_SYSTEMD,
	  .pattern = "Failed to mount cgroup at /sys/fs/cgroup/systemd|Failed to allocate manager object",
	  .summary = "The machine's old systemd may not support the node's cgroups",
	  .explanation = "The machine runs systemd older than 230, which cannot boot on a cgroup v2 node. Nodes "
		"run cgroup v2 now (OpenShift 4.14 and later installs; v1 is gone after 4.19), so that is most "
		"likely the cause.",
	  .remedy = "check the node: oc debug node/{node} -- stat -fc %T /sys/fs/cgroup (cgroup2fs means v2)\n"
		INIT_SERVICES },
	{ .id = "SystemdCgroupMount", .sev = SEV_ERROR, .stage = STAGE_MAIN_LOGS, .where = SRC_LOG, .on = ON_MAIN,
	  .how = M_REGEX, .quote = Q_PREV,
	  .pattern = "Failed to mount cgroup at /sys/fs/cgroup/systemd|Failed to mount API filesystems|"
		"Failed to mount tmpfs at /run|Failed to create /[^ ]*init\\.scope control group|"
		"Failed to allocate manager object",
	  .summary = "systemd in {container} cannot set up its cgroups and stopped booting",
	  .explanation = "systemd needs a cgroup it may write and writable /run and /tmp. It could not mount or "
		"write them, so the machine never boots; systemd 219 freezes instead of exiting, so the pod can "
		"still look Running, even Ready. The runtime sets all of that up itself when the container's "
		"command is /sbin/init and the host's cgroups are not mounted over it.",
	  .remedy = DROP_HOST_CGROUP "\n"
		"let the runtime start systemd in its systemd mode: regenerate with --init systemd (the command is "
		"then /sbin/init)\n"
		INIT_SERVICES " (for systemd older than 230)\n"
		SELINUX_CGROUP },
	{ .id = "RunAsRootDenied", .sev = SEV_ERROR, .stage = STAGE_MAIN_LOGS, .where = SRC_LOG, .on = ON_MAIN,
	  .how = M_REGEX, .pattern = "Assertion 'getuid\\(\\) == 0' failed|Cannot write /run/machine-id: Permission denied",
	  .summary = "systemd in {container} is not running as root",
	  .explanation = "The pod runs as a non-root user (OpenShift's restricted SCC assigns a random UID), and "
		"systemd as PID 1 must be root.",
	  .remedy = GRANT_SCC },
	{ .id = "RunAsRootDenied", .sev = SEV_ERROR, .stage = STAGE_MAIN_LOGS, .where = SRC_LOG,
	  .how = M_REGEX, .pattern = "[Pp]ermission denied", .cond = C_RESTRICTED,
	  .summary = "{container} runs as a random user and is denied its own files",
	  .explanation = "OpenShift admitted the pod under the {scc|restricted} SCC, which runs it as an arbitrary "
		"non-root user. A migrated machine's files belong to root and its init system must be root: its "
		"service account needs an SCC that allows root, {scc_fix} for this pod.",
	  .remedy = GRANT_SCC },
	{ .id = "SELinuxDenied", .sev = SEV_ERROR, .stage = STAGE_MAIN_LOGS, .where = SRC_LOG,
	  .how = M_REGEX, .pattern = "[Pp]ermission denied", .cond = C_HOSTDATA, .ncond = C_RESTRICTED,
	  .summary = "{container} is denied access to the machine's files on the host",
	  .explanation = "The pod mounts the machine's directories from the host, and access was denied although "
		"it runs as root: most likely SELinux, because the files lack the container_file_t label "
		"(svirt_sandbox_file_t on hosts from before 2016). Only the node's audit log can confirm it.",
	  .remedy = "on the node: chcon -R -t container_file_t -l s0 {machine_dir} (svirt_sandbox_file_t on old hosts)\n"
		"to keep the label: semanage fcontext -a -t container_file_t {machine_dir}'(/.*)?' && restorecon -R {machine_dir}\n"
		"{!machine_dir}on the node, label the machine's directories container_file_t (chcon -R -t "
		"container_file_t -l s0, and semanage fcontext so that restorecon keeps it)\n"
		"confirm on the node: ausearch -m avc -ts recent" },
	{ .id = "EntrypointNotFound", .sev = SEV_ERROR, .stage = STAGE_MAIN_LOGS, .where = SRC_LOG, .on = ON_MAIN,
	  .how = M_REGEX,
	  .pattern = "exec user process caused:? \"?no such file or directory|^exec (/[^ ]*): no such file or directory",
	  .summary = "{container}'s start program or its interpreter is missing",
	  .explanation = "The program the container starts with exists, but what it needs to run does not: "
		"for a macro pod, the base image's /.leapp/leapp-init is a shell script, and /bin/sh comes from the "
		"machine's usr directory. The volumes are empty (the init container did not run) or usr was not "
		"carried.",
	  .remedy = "oc debug pod/{pod} -n {ns} --as-root -- ls -l /usr/bin/sh /sbin/init\n"
		"regenerate without --legacy-init-annotation, so the init container is in spec.initContainers" },
	{ .id = "ExecFormatError", .sev = SEV_ERROR, .stage = STAGE_MAIN_LOGS, .where = SRC_LOG, .on = ON_MAIN,
	  .how = M_SUBSTR, .pattern = "exec format error",
	  .summary = "{container}'s programs are built for another architecture",
	  .explanation = "The node cannot execute the machine's init program: it was built for a different CPU "
		"architecture than the node's (or the file is corrupt).",
	  .remedy = "compare: oc get node {node} -o jsonpath='{.status.nodeInfo.architecture}' with uname -m on the source machine\n"
		"pin the pod to matching nodes: nodeSelector: {kubernetes.io/arch: amd64}" },
	{ .id = "InitNotPID1", .sev = SEV_ERROR, .stage = STAGE_MAIN_LOGS, .where = SRC_LOG, .on = ON_MAIN,
	  .how = M_REGEX,
	  .pattern = "Couldn't find an alternative telinit implementation to spawn|init: missing runlevel",
	  .summary = "The machine's init is not process 1 in {container}",
	  .explanation = "systemd and upstart boot a machine only as PID 1. Something else holds PID 1: the pod "
		"shares its process namespace (shareProcessNamespace: true), or an init wrapper (tini) runs first.",
	  .remedy = "remove shareProcessNamespace from the pod, and any wrapper from the container's command" },
	{ .id = "NoSpaceLeft", .sev = SEV_ERROR, .stage = STAGE_START, .where = SRC_POD_STATUS,
	  .reason = "Evicted", .how = M_REGEX, .pattern = "ephemeral-storage|ephemeral local storage|EmptyDir volume .* exceeds",
	  .summary = "The pod was evicted for using too much disk",
	  .explanation = "The kubelet evicted the pod because the node ran low on disk, or the pod's files "
		"exceeded its ephemeral-storage limit or an emptyDir's sizeLimit. A multivolume machine keeps "
		"all of its files in emptyDirs on the node's disk.",
	  .remedy = "raise the ephemeral-storage request and limit to the machine's size, or drop the limit\n"
		"or run the machine statefully, on persistent volumes: oc leapp generate stateful" },
	{ .id = "OOMKilled", .sev = SEV_ERROR, .stage = STAGE_MAIN_LOGS, .where = SRC_TERMINATED,
	  .reason = "OOMKilled",
	  .summary = "{container} ran out of memory and was killed",
	  .explanation = "The container used more memory than its limit and the kernel killed it (exit code "
		"{exit|unknown}). A whole machine runs all its services in one container, and files written to /run and "
		"/tmp (memory-backed emptyDirs) count against the same limit.",
	  .remedy = "raise resources.limits.memory of {container} to what the machine used to have\n"
		"set a sizeLimit on the memory emptyDirs for /run and /tmp" },

	/* ---- probes ---- */
	{ .id = "ProbeFailing", .sev = SEV_WARNING, .stage = STAGE_PROBES, .where = SRC_EVENT,
	  .reason = "Unhealthy", .how = M_REGEX, .pattern = "(Liveness|Readiness|Startup) probe",
	  .summary = "{container}'s {1|health} probe fails",
	  .explanation = "The probe checks a service inside the machine, and it did not answer in time. A whole "
		"machine boots slowly; a liveness probe that starts too early kills it over and over.",
	  .remedy = "give the machine time to boot: a startupProbe, or a larger initialDelaySeconds and failureThreshold\n"
		"check the service by hand: oc exec {pod} -c {container} -n {ns} -- systemctl --failed" },

	/* ---- notes ---- */
	{ .id = "HostsFileManaged", .sev = SEV_INFO, .stage = STAGE_NOTE, .where = SRC_LOG, .on = ON_MAIN,
	  .how = M_SUBSTR, .pattern = "/etc/hosts",
	  .summary = "/etc/hosts in the container is written by the cluster",
	  .explanation = "The kubelet (or the container runtime) replaces /etc/hosts in every container, so the "
		"machine's own entries are gone; the leapp base image appends the saved copy, /etc/hosts.source, "
		"at boot, and that needs write access.",
	  .remedy = "for names the machine needs, prefer spec.hostAliases in the pod" },
};

const size_t diag_nrules = sizeof(diag_rules) / sizeof(diag_rules[0]);

const struct rule diag_rule_crashloop = {
	.id = "CrashLoop", .sev = SEV_ERROR, .stage = STAGE_CRASHLOOP,
	.summary = "{container} keeps exiting (exit code {exit|unknown})",
	.explanation = "The container starts and exits again, and the kubelet restarts it with growing delays. "
		"Nothing in its status, events or logs matches a known cause; its last log lines are quoted. "
		"A whole machine's init process should never exit.",
	.remedy = "oc logs {pod} -c {container} -n {ns} --previous\n"
		"look inside with a shell instead of the init: oc debug pod/{pod} -n {ns} --as-root",
};

const struct rule diag_rule_cannot_restart = {
	.id = "CrashLoop", .sev = SEV_ERROR, .stage = STAGE_CRASHLOOP,
	.summary = "{container} ran before and now cannot start again ({1|an error})",
	.explanation = "The kubelet cannot create or start the container again; the runtime's message is quoted.",
	.remedy = "oc describe pod {pod} -n {ns}\n"
		"oc get events -n {ns} --field-selector involvedObject.name={pod}",
};

const struct rule diag_rule_exited = {
	.id = "ContainerFailed", .sev = SEV_ERROR, .stage = STAGE_CRASHLOOP,
	.summary = "{container} exited with code {exit|unknown}",
	.explanation = "The container ran and ended in an error, and nothing in its status, events or logs "
		"matches a known cause; its last log lines are quoted. A whole machine's init process should "
		"never exit.",
	.remedy = "oc logs {pod} -c {container} -n {ns}\n"
		"look inside with a shell instead of the init: oc debug pod/{pod} -n {ns} --as-root",
};

const struct rule diag_rule_cannot_start = {
	.id = "ContainerFailed", .sev = SEV_ERROR, .stage = STAGE_CRASHLOOP,
	.summary = "{container} cannot start ({1|an error})",
	.explanation = "The kubelet cannot create or start the container; the runtime's message is quoted.",
	.remedy = "oc describe pod {pod} -n {ns}\n"
		"oc get events -n {ns} --field-selector involvedObject.name={pod}",
};

const struct rule diag_rule_not_ready = {
	.id = "PodNotReady", .sev = SEV_WARNING, .stage = STAGE_STATUS,
	.summary = "{workload} is not ready yet: {waiting}",
	.explanation = "Nothing has failed so far; the pod is still on its way: {waiting}. A machine image "
		"takes a while to download and a whole machine a while to boot.",
	.remedy = "watch it: oc get pod {pod} -n {ns} -w\n"
		"oc describe {workload} -n {ns}",
};

const struct rule diag_rule_failed = {
	.id = "PodNotReady", .sev = SEV_ERROR, .stage = STAGE_STATUS,
	.summary = "{workload} is not running: {waiting}",
	.explanation = "The pod ended or could not be created, and no known cause matches; the cluster's own "
		"words are quoted.",
	.remedy = "oc describe {workload} -n {ns}\n"
		"oc get events -n {ns} --sort-by=.lastTimestamp",
};

const struct rule diag_rule_healthy = {
	.id = "Healthy", .sev = SEV_INFO, .stage = STAGE_STATUS,
	.summary = "{workload} is running and ready",
	.explanation = "Every container runs and passes its readiness checks, and nothing in the events or "
		"logs points to a problem.",
	.remedy = "",
};

const char *severity_name(enum diag_severity s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "info";
}

int rules_compile(struct rule_set *rs, const struct rule *r, size_t n, struct err *e)
{
	memset(rs, 0, sizeof(*rs));
	rs->r = r;
	rs->n = n;
	rs->pat = xcalloc(n ? n : 1, sizeof(*rs->pat));
	rs->unless = xcalloc(n ? n : 1, sizeof(*rs->unless));
	rs->has_pat = xcalloc(n ? n : 1, sizeof(int));
	rs->has_unless = xcalloc(n ? n : 1, sizeof(int));
	for (size_t i = 0; i < n; i++) {
		if (r[i].how == M_REGEX && r[i].pattern) {
			if (regcomp(&rs->pat[i], r[i].pattern, REG_EXTENDED)) {
				rules_free(rs);
				return err_set(e, EXIT_FAIL, "rule %zu (%s): bad pattern", i, r[i].id);
			}
			rs->has_pat[i] = 1;
		}
		if (r[i].unless) {
			if (regcomp(&rs->unless[i], r[i].unless, REG_EXTENDED | REG_NOSUB)) {
				rules_free(rs);
				return err_set(e, EXIT_FAIL, "rule %zu (%s): bad unless pattern", i, r[i].id);
			}
			rs->has_unless[i] = 1;
		}
	}
	return 0;
}

void rules_free(struct rule_set *rs)
{
	for (size_t i = 0; i < rs->n && rs->has_pat; i++) {
		if (rs->has_pat[i])
			regfree(&rs->pat[i]);
		if (rs->has_unless[i])
			regfree(&rs->unless[i]);
	}
	free(rs->pat);
	free(rs->unless);
	free(rs->has_pat);
	free(rs->has_unless);
	memset(rs, 0, sizeof(*rs));
}
