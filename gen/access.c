/* What the cluster must allow the machine's pod: on OpenShift, an SCC that
 * admits exactly it (the built-in anyuid or hostmount-anyuid when it asks
 * for no capability, else one written for it), and on Kubernetes the Pod
 * Security level its namespace must admit. */
#include "gen/caps.h"
#include "gen/generate.h"
#include "lib/names.h"
#include "lib/strbuf.h"

#include <stdlib.h>
#include <string.h>

int gen_writes_scc(const struct gen_plan *p)
{
	return p->caps.n > 0;
}

const char *gen_builtin_scc(const struct gen_plan *p)
{
	/* anyuid admits root; the pod's own hostPath (--host-cgroup) needs
	 * hostmount-anyuid. Stateful's hostPaths are PersistentVolumes, which
	 * SCCs do not see: the pod only names claims. */
	return p->o->host_cgroup ? "hostmount-anyuid" : "anyuid";
}

/* Pod Security Standards: baseline admits root, emptyDir and claims, and
 * adds of its capability list; a hostPath volume or any other capability
 * needs privileged. */
const char *gen_pod_security_level(const struct gen_plan *p)
{
	if (p->o->host_cgroup)
		return "privileged";
	for (size_t i = 0; i < p->caps.n; i++)
		if (!cap_in_baseline(p->caps.v[i].cap))
			return "privileged";
	return "baseline";
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The volume types the pod uses, by their VolumeSource field name (an SCC's
 * volumes list names them so); ["none"] for a pod without volumes. */
static json_t *volume_types(const json_t *pod_spec)
{
	struct strlist types = { 0 };
	json_t *v, *out = json_array();
	size_t i;

	json_array_foreach(json_object_get(pod_spec, "volumes"), i, v) {
		const char *k;
		json_t *val;
		json_object_foreach(v, k, val)
			if (strcmp(k, "name") && !strlist_has(&types, k))
				strlist_push(&types, k);
	}
	if (types.n)
		qsort(types.v, types.n, sizeof(*types.v), cmp_str);
	for (i = 0; i < types.n; i++)
		json_array_append_new(out, json_string(types.v[i]));
	if (!types.n)
		json_array_append_new(out, json_string("none"));
	strlist_free(&types);
	return out;
}

static char *description(const struct gen_plan *p)
{
	struct strbuf sb = STRBUF_INIT;

	sb_addf(&sb, "The migrated machine %s of namespace %s, run by its account %s: as root, as anyuid, and with ",
		p->names.n, p->namespace, p->account);
	for (size_t i = 0; i < p->caps.n; i++)
		sb_addf(&sb, "%s%s (%s)", i ? ", " : "", p->caps.v[i].cap, p->caps.v[i].who);
	return sb_detach(&sb);
}

/* Exactly what the pod asks: root (RunAsAny, as anyuid), the pod's SELinux
 * context chosen by the cluster (MustRunAs), its capabilities, its volume
 * types (hostPath only with --host-cgroup), privilege escalation for the
 * machine's setuid programs (su, sudo, ping), nothing of the host's
 * network, PIDs or IPC. Granted in users to the machine's account in its
 * namespace alone: the grant is created, and deleted, with the object. */
json_t *gen_scc(const struct gen_plan *p, const json_t *pod_spec)
{
	json_t *caps = json_array(), *drop = json_array();
	json_t *labels = gen_labels(p);
	char *user = xasprintf("system:serviceaccount:%s:%s", p->namespace, p->account);
	char *desc = description(p);
	int mknod = 0;
	json_t *scc;

	for (size_t i = 0; i < p->caps.n; i++) {
		json_array_append_new(caps, json_string(p->caps.v[i].cap));
		mknod |= !strcmp(p->caps.v[i].cap, "MKNOD");
	}
	if (!mknod)	/* as anyuid; a capability may not be both allowed and dropped */
		json_array_append_new(drop, json_string("MKNOD"));
	scc = json_pack("{s:s, s:s, s:{s:s, s:o, s:{s:s}}}", "apiVersion", "security.openshift.io/v1",
			"kind", "SecurityContextConstraints", "metadata", "name", p->scc_name, "labels", labels,
			"annotations", "kubernetes.io/description", desc);
	/* priority 10, as anyuid: tried before restricted-v2, which would admit
	 * a pod that does not name its user by giving it a random one */
	json_object_set_new(scc, "priority", json_integer(10));
	json_object_set_new(scc, "allowPrivilegedContainer", json_false());
	json_object_set_new(scc, "allowPrivilegeEscalation", json_true());
	json_object_set_new(scc, "allowedCapabilities", caps);
	json_object_set_new(scc, "defaultAddCapabilities", json_array());
	json_object_set_new(scc, "requiredDropCapabilities", drop);
	json_object_set_new(scc, "allowHostDirVolumePlugin", json_boolean(p->o->host_cgroup));
	json_object_set_new(scc, "volumes", volume_types(pod_spec));
	json_object_set_new(scc, "allowHostNetwork", json_false());
	json_object_set_new(scc, "allowHostPorts", json_false());
	json_object_set_new(scc, "allowHostPID", json_false());
	json_object_set_new(scc, "allowHostIPC", json_false());
	json_object_set_new(scc, "readOnlyRootFilesystem", json_false());
	json_object_set_new(scc, "runAsUser", json_pack("{s:s}", "type", "RunAsAny"));
	json_object_set_new(scc, "seLinuxContext", json_pack("{s:s}", "type", "MustRunAs"));
	json_object_set_new(scc, "fsGroup", json_pack("{s:s}", "type", "RunAsAny"));
	json_object_set_new(scc, "supplementalGroups", json_pack("{s:s}", "type", "RunAsAny"));
	json_object_set_new(scc, "users", json_pack("[s]", user));
	json_object_set_new(scc, "groups", json_array());
	free(user);
	free(desc);
	return scc;
}
