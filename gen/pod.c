/* The pod around the machine: its container (what runs as PID 1, its
 * resources), the volumes its directories live in, and how long it may take
 * to stop. Shared by the bare Pod and the Deployment's template. */
#include "gen/generate.h"
#include "lib/contract.h"
#include "lib/names.h"

#include <stdlib.h>
#include <string.h>

char *gen_volume_name(const struct gen_plan *p, const char *key)
{
	char *suffix = xasprintf("-%s" LEAPP_VOLUME_SUFFIX, key);
	char *name = name_compose("", p->names.n, suffix, NAME_LABEL_MAX);

	free(suffix);
	return name;
}

/* PersistentVolumes are cluster-scoped: the volume's name and the namespace. */
char *gen_pv_name(const struct gen_plan *p, const char *key)
{
	char *vol = gen_volume_name(p, key);
	char *pv = name_qualified(vol, p->namespace, NAME_SUBDOMAIN_MAX);

	free(vol);
	return pv;
}

char *gen_claim_name(const struct gen_plan *p, const char *key)
{
	char *suffix = xasprintf("-%s-claim", key);
	char *name = name_compose("", p->names.n, suffix, NAME_SUBDOMAIN_MAX);

	free(suffix);
	return name;
}

static void add_mount(json_t *mounts, const char *name, const char *path, int ro)
{
	json_t *m = json_pack("{s:s, s:s}", "name", name, "mountPath", path);

	if (ro)
		json_object_set_new(m, "readOnly", json_true());
	json_array_append_new(mounts, m);
}

/* --host-cgroup: the node's cgroup tree, read-only, as 2017's docker needed
 * for systemd. Off by default: it turns CRI-O's own systemd support off. */
static void add_host_cgroup(const struct gen_plan *p, json_t *mounts, json_t *vols)
{
	char *v;

	if (!p->o->host_cgroup)
		return;
	v = gen_volume_name(p, "cgroup");
	add_mount(mounts, v, "/sys/fs/cgroup", 1);
	json_array_append_new(vols, json_pack("{s:s, s:{s:s, s:s}}", "name", v, "hostPath", "path", "/sys/fs/cgroup",
					      "type", "Directory"));
	free(v);
}

/* A systemd machine's /run and /tmp start empty, in memory, as on the
 * machine itself; bounded, since they count as the pod's memory (no
 * sizeLimit before Kubernetes 1.8, so none in the legacy form). */
static void add_memory_volumes(const struct gen_plan *p, int legacy, json_t *mounts, json_t *vols)
{
	static const struct { const char *key, *path, *size; } what[] = {
		{ "run", "/run", GEN_RUN_SIZE }, { "tmp", "/tmp", GEN_TMP_SIZE },
	};

	if (p->m.init != INIT_SYSTEMD)
		return;
	for (size_t i = 0; i < sizeof(what) / sizeof(what[0]); i++) {
		char *v = gen_volume_name(p, what[i].key);
		json_t *ed = json_pack("{s:s}", "medium", "Memory");
		if (!legacy)
			json_object_set_new(ed, "sizeLimit", json_string(what[i].size));
		add_mount(mounts, v, what[i].path, 0);
		json_array_append_new(vols, json_pack("{s:s, s:o}", "name", v, "emptyDir", ed));
		free(v);
	}
}

static void add_machine_volumes(const struct gen_plan *p, json_t *mounts, json_t *vols)
{
	if (p->mode == GEN_MACROIMAGE)
		return;
	for (size_t i = 0; i < p->m.ndirs; i++) {
		char *v = gen_volume_name(p, p->m.dirs[i].key);
		char *mp = xasprintf("/%s", p->m.dirs[i].name);
		add_mount(mounts, v, mp, 0);
		if (p->mode == GEN_MULTIVOLUME) {
			json_array_append_new(vols, json_pack("{s:s, s:{}}", "name", v, "emptyDir"));
		} else {
			char *claim = gen_claim_name(p, p->m.dirs[i].key);
			json_array_append_new(vols, json_pack("{s:s, s:{s:s}}", "name", v,
				"persistentVolumeClaim", "claimName", claim));
			free(claim);
		}
		free(v);
		free(mp);
	}
}

static json_t *container_ports(const struct gen_plan *p)
{
	json_t *ports = json_array();

	for (size_t i = 0; i < p->nports; i++) {
		int dup = 0;
		for (size_t k = 0; k < i; k++)
			dup |= p->ports[k].target == p->ports[i].target && !strcmp(p->ports[k].proto, p->ports[i].proto);
		if (dup)
			continue;
		json_t *cp = json_pack("{s:I}", "containerPort", (json_int_t)p->ports[i].target);
		if (strcmp(p->ports[i].proto, "TCP"))	/* TCP is the API's default */
			json_object_set_new(cp, "protocol", json_string(p->ports[i].proto));
		json_array_append_new(ports, cp);
	}
	return ports;
}

/* The process the runtime starts. /sbin/init by that name is what makes
 * CRI-O and podman enter their systemd mode (tmpfs, a writable cgroup,
 * SIGRTMIN+3 to stop); anything else turns it off. */
static json_t *command(const struct gen_plan *p)
{
	/* leapp-init stops the machine's services within --stop-timeout, which
	 * must end before the kubelet's SIGKILL at the grace period: 10 s of
	 * margin (a quarter of short ones) for the last kills and the exit. */
	long margin = p->grace >= 40 ? 10 : p->grace / 4;
	char *stop = xasprintf("%ld", p->grace - margin);
	json_t *c;

	switch (p->init) {
	case GEN_INIT_SERVICES:
		c = json_pack("[s,s,s,s]", GEN_LEAPP_INIT, "services", "--stop-timeout", stop);
		break;
	case GEN_INIT_SYSV:
		c = json_pack("[s,s,s,s]", GEN_LEAPP_INIT, "sysv", "--stop-timeout", stop);
		break;
	default:
		c = json_pack("[s]", "/sbin/init");
		break;
	}
	free(stop);
	return c;
}

/* --memory is requested and is the limit (a machine over it is killed, not
 * its neighbours); --cpu is requested only, since a CPU limit throttles
 * every service of the machine at once. */
static json_t *resources(const struct gen_plan *p)
{
	json_t *req = json_object(), *r = json_object();

	if (p->o->cpu)
		json_object_set_new(req, "cpu", json_string(p->o->cpu));
	if (p->o->memory)
		json_object_set_new(req, "memory", json_string(p->o->memory));
	if (!json_object_size(req)) {
		json_decref(req);
		json_decref(r);
		return NULL;
	}
	if (p->o->memory)
		json_object_set_new(r, "limits", json_pack("{s:s}", "memory", p->o->memory));
	json_object_set_new(r, "requests", req);
	return r;
}

/* One writer on the machine's live files: no two of its pods on one node,
 * and the volumes are pinned to one node, so a second replica (oc scale
 * --replicas=2, or a replacement while the old pod still stops, which the
 * scheduler counts until it is gone) stays Pending instead of booting a
 * second copy of the machine on the same files. */
static json_t *one_writer(const struct gen_plan *p)
{
	return json_pack("{s:{s:[{s:{s:o}, s:s}]}}", "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution",
			 "labelSelector", "matchLabels", gen_selector(p), "topologyKey", "kubernetes.io/hostname");
}

static json_t *host_aliases(const struct gen_plan *p)
{
	json_t *a = json_array();

	for (size_t i = 0; i < p->hosts.n; i++) {
		json_t *names = json_array();
		for (size_t k = 0; k < p->hosts.v[i].names.n; k++)
			json_array_append_new(names, json_string(p->hosts.v[i].names.v[k]));
		json_array_append_new(a, json_pack("{s:s, s:o}", "ip", p->hosts.v[i].ip, "hostnames", names));
	}
	return a;
}

/* Ready when the machine's first TCP port answers: until then (a boot may
 * take minutes) the Service sends it nothing. Readiness only: a probe that
 * failed would then restart the container, and rebooting a whole machine
 * because one service is slow or stopped for maintenance does more harm
 * than leaving it out of the Service (no liveness or startup probe). The
 * first check after 30 s, when most boots are under way, every 10 s after,
 * 5 s to connect, and 3 misses in a row (30 s) before a Ready machine
 * leaves the Service: a restart of its service does not take it out. */
static json_t *readiness(const struct gen_plan *p)
{
	for (size_t i = 0; i < p->nports; i++)
		if (!strcmp(p->ports[i].proto, "TCP"))
			return json_pack("{s:{s:I}, s:i, s:i, s:i, s:i}", "tcpSocket", "port", (json_int_t)p->ports[i].target,
					 "initialDelaySeconds", GEN_PROBE_DELAY, "periodSeconds", GEN_PROBE_PERIOD,
					 "timeoutSeconds", GEN_PROBE_TIMEOUT, "failureThreshold", GEN_PROBE_FAILURES);
	return NULL;
}

/* legacy: the seed's 2017 shape (the image's CMD and STOPSIGNAL do the
 * work), with nothing newer than the user asked for by flag. */
json_t *gen_pod_spec(const struct gen_plan *p, int legacy)
{
	json_t *spec = json_object(), *mounts = json_array(), *vols = json_array();
	json_t *c = json_pack("{s:s, s:s}", "name", p->names.container, "image", p->image);
	json_t *ports = container_ports(p), *res = resources(p);

	add_host_cgroup(p, mounts, vols);
	add_memory_volumes(p, legacy, mounts, vols);
	add_machine_volumes(p, mounts, vols);
	if (p->mode == GEN_MACROIMAGE && p->o->local_image)
		json_object_set_new(c, "imagePullPolicy", json_string("Never"));
	if (!legacy)
		json_object_set_new(c, "command", command(p));
	/* systemd as PID 1 points its stdio at /dev/null and writes its boot to
	 * /dev/console, which the runtime makes only for a terminal: without
	 * one, oc logs shows nothing of the machine coming up. */
	if (!legacy && p->init == GEN_INIT_SYSTEMD)
		json_object_set_new(c, "tty", json_true());
	if (json_array_size(ports) || legacy)
		json_object_set_new(c, "ports", ports);
	else
		json_decref(ports);
	if (res)
		json_object_set_new(c, "resources", res);
	json_t *probe = legacy ? NULL : readiness(p);
	if (probe)
		json_object_set_new(c, "readinessProbe", probe);
	if (!legacy && p->caps.n) {
		json_t *add = json_array();
		for (size_t i = 0; i < p->caps.n; i++)
			json_array_append_new(add, json_string(p->caps.v[i].cap));
		json_object_set_new(c, "securityContext", json_pack("{s:{s:o}}", "capabilities", "add", add));
	}
	if (json_array_size(mounts) || legacy)
		json_object_set(c, "volumeMounts", mounts);
	if (!legacy)
		json_object_set_new(c, "terminationMessagePolicy", json_string("FallbackToLogsOnError"));

	/* The machine's own account, which alone is granted what it needs; it
	 * has no business with the API, so no token is mounted (nor needs
	 * allowing: the SCC's volumes are exactly the pod's). */
	json_object_set_new(spec, "serviceAccountName", json_string(p->account));
	if (!legacy) {
		json_object_set_new(spec, "automountServiceAccountToken", json_false());
		/* The machine's init runs as root, and says so: a namespace or
		 * SCC that does not allow it refuses the pod with that reason,
		 * rather than OpenShift's restricted SCC starting it under a
		 * random UID where nothing of the machine works. */
		json_object_set_new(spec, "securityContext", json_pack("{s:i}", "runAsUser", 0));
	}
	if (!legacy || p->o->grace_period)
		json_object_set_new(spec, "terminationGracePeriodSeconds", json_integer(p->grace));
	if (p->mode == GEN_STATEFUL)
		json_object_set_new(spec, "affinity", one_writer(p));
	if (p->hosts.n)
		json_object_set_new(spec, "hostAliases", host_aliases(p));
	if (p->mode == GEN_MULTIVOLUME && !legacy)
		json_object_set_new(spec, "initContainers", json_pack("[o]", gen_init_container(p, 0)));
	json_object_set_new(spec, "containers", json_pack("[o]", c));
	if (json_array_size(vols) || legacy)
		json_object_set(spec, "volumes", vols);
	json_decref(mounts);
	json_decref(vols);
	return spec;
}
