/* Building the objects as data: the Pod or Deployment (its spec from
 * gen/pod.c), the Service, the storage, and the files beside them. Every
 * object is a jansson tree whose keys are inserted in the order kubectl
 * prints them; gen/emit.c writes them. */
#include "lib/contract.h"
#include "gen/generate.h"
#include "lib/names.h"
#include "lib/strbuf.h"

#include <stdlib.h>
#include <string.h>

#define MI (1024ull * 1024ull)

json_t *gen_selector(const struct gen_plan *p)
{
	return json_pack("{s:s}", LEAPP_LABEL_KEY, p->names.label);
}

/* The selector label and the recommended ones: every object gets them all. */
json_t *gen_labels(const struct gen_plan *p)
{
	json_t *l = gen_selector(p);

	json_object_set_new(l, LEAPP_LABEL_APP_NAME, json_string(p->names.n));
	json_object_set_new(l, LEAPP_LABEL_APP_INSTANCE, json_string(p->instance));
	json_object_set_new(l, LEAPP_LABEL_MANAGED_BY, json_string(LEAPP_MANAGED_BY));
	return l;
}


/* ns: the namespace of a namespaced object, NULL for a cluster-scoped one. */
static json_t *object(const char *api, const char *kind, const char *name, const char *ns, json_t *meta_labels)
{
	json_t *meta = json_pack("{s:s}", "name", name);

	if (ns)
		json_object_set_new(meta, "namespace", json_string(ns));
	if (meta_labels)
		json_object_set_new(meta, "labels", meta_labels);
	return json_pack("{s:s, s:s, s:o}", "apiVersion", api, "kind", kind, "metadata", meta);
}

static json_t *build_pod(const struct gen_plan *p)
{
	int legacy = p->o->legacy_init_annotation;
	json_t *pod = object("v1", "Pod", p->names.pod, p->namespace, gen_labels(p));

	if (legacy) {
		/* Kubernetes stopped reading this annotation in 1.8: only for old clusters. */
		json_t *ic = json_pack("[o]", gen_init_container(p, 1));
		char *text = json_dumps(ic, JSON_SORT_KEYS);
		json_object_set_new(json_object_get(pod, "metadata"), "annotations",
				    json_pack("{s:s}", "pod.beta.kubernetes.io/init-containers", text));
		free(text);
		json_decref(ic);
	}
	json_object_set_new(pod, "spec", gen_pod_spec(p, legacy));
	return pod;
}

static json_t *build_deployment(const struct gen_plan *p)
{
	json_t *d = object("apps/v1", "Deployment", p->names.deployment, p->namespace, gen_labels(p));

	/* Recreate: the old pod must let go of its volumes before the new one starts. */
	json_object_set_new(d, "spec", json_pack("{s:i, s:{s:s}, s:{s:o}, s:{s:{s:o}, s:o}}",
		"replicas", 1, "strategy", "type", "Recreate", "selector", "matchLabels", gen_selector(p),
		"template", "metadata", "labels", gen_labels(p), "spec", gen_pod_spec(p, 0)));
	return d;
}

static json_t *build_service(const struct gen_plan *p)
{
	json_t *svc = object("v1", "Service", p->names.service, p->namespace, gen_labels(p));
	json_t *spec = json_object(), *ports = json_array();

	/* -b with --ip: MetalLB keeps the old server's address (from one of
	 * its address pools); other load balancers ignore the annotation. */
	if (p->o->load_balancer && p->o->ips.n) {
		struct strbuf ips = STRBUF_INIT;
		for (size_t i = 0; i < p->o->ips.n; i++)
			sb_addf(&ips, "%s%s", i ? "," : "", p->o->ips.v[i]);
		json_object_set_new(json_object_get(svc, "metadata"), "annotations",
				    json_pack("{s:s}", "metallb.universe.tf/loadBalancerIPs", sb_str(&ips)));
		sb_free(&ips);
	}
	if (p->o->load_balancer)
		json_object_set_new(spec, "type", json_string("LoadBalancer"));
	json_object_set_new(spec, "selector", gen_selector(p));
	for (size_t i = 0; i < p->nports; i++) {
		const struct portspec *ps = &p->ports[i];
		char *suffix = xasprintf("-%u-%u-%sport", ps->exposed, ps->target, strcmp(ps->proto, "TCP") ? "udp-" : "");
		char *name = name_compose("leapp-", p->names.n, suffix, NAME_LABEL_MAX);
		json_array_append_new(ports, json_pack("{s:s, s:I, s:s, s:I}", "name", name,
			"port", (json_int_t)ps->exposed, "protocol", ps->proto,
			"targetPort", (json_int_t)ps->target));
		free(suffix);
		free(name);
	}
	json_object_set_new(spec, "ports", ports);
	if (p->o->ips.n && !p->o->load_balancer) {
		json_t *ips = json_array();
		for (size_t i = 0; i < p->o->ips.n; i++)
			json_array_append_new(ips, json_string(p->o->ips.v[i]));
		json_object_set_new(spec, "externalIPs", ips);
	}
	json_object_set_new(svc, "spec", spec);
	return svc;
}

/* Capacity: measured bytes plus a fifth, rounded up to a whole Mi, at least 1Mi. */
static char *capacity(unsigned long long bytes)
{
	unsigned long long want = bytes + (bytes + 4) / 5;
	unsigned long long mi = (want + MI - 1) / MI;

	return xasprintf("%lluMi", mi ? mi : 1);
}

/* Each carried directory is a PersistentVolume on the machine's own live
 * files, and the claim that reserves it:
 *  - pinned by nodeAffinity to the node that holds them (elsewhere the
 *    pod would get empty directories), and hostPath.type Directory, so a
 *    missing one is refused, never created;
 *  - claimRef (namespace, name): no other claim, in any namespace, may
 *    bind it (volumeName on the claim alone does not reserve it);
 *  - named with the namespace: the volumes are cluster-scoped, and the
 *    same machine generated for two namespaces must not collide;
 *  - Retain and storageClassName "" on both sides: never deleted, and a
 *    default class cannot take the claim. */
static void build_storage(const struct gen_plan *p, json_t *docs)
{
	for (size_t i = 0; i < p->m.ndirs; i++) {
		const struct machine_dir *d = &p->m.dirs[i];
		char *vol = gen_pv_name(p, d->key), *claim = gen_claim_name(p, d->key);
		char *size = capacity(d->bytes), *path = xasprintf("%s/%s", p->m.path, d->name);
		json_t *pvl = gen_labels(p);
		json_object_set_new(pvl, "type", json_string("local"));	/* the seed's */
		json_t *pv = object("v1", "PersistentVolume", vol, NULL, pvl);
		json_t *pvc = object("v1", "PersistentVolumeClaim", claim, p->namespace, gen_labels(p));

		json_object_set_new(pv, "spec", json_pack("{s:s, s:{s:s}, s:[s], s:s, s:{s:s, s:s}, s:{s:s, s:s}, s:{s:{s:[{s:[{s:s, s:s, s:[s]}]}]}}}",
			"storageClassName", "", "capacity", "storage", size, "accessModes", "ReadWriteOnce",
			"persistentVolumeReclaimPolicy", "Retain", "hostPath", "path", path, "type", "Directory",
			"claimRef", "namespace", p->namespace, "name", claim,
			"nodeAffinity", "required", "nodeSelectorTerms", "matchExpressions",
			"key", "kubernetes.io/hostname", "operator", "In", "values", p->node));
		json_object_set_new(pvc, "spec", json_pack("{s:s, s:[s], s:{s:{s:s}}, s:s}",
			"storageClassName", "", "accessModes", "ReadWriteOnce",
			"resources", "requests", "storage", size, "volumeName", vol));
		json_array_append_new(docs, pv);
		json_array_append_new(docs, pvc);
		free(vol);
		free(claim);
		free(size);
		free(path);
	}
}

static json_t *build_account(const struct gen_plan *p)
{
	json_t *sa = object("v1", "ServiceAccount", p->account, p->namespace, gen_labels(p));

	json_object_set_new(sa, "automountServiceAccountToken", json_false());
	return sa;
}

static struct gen_file *add_file(struct gen_result *r, const char *name)
{
	r->files = xrealloc(r->files, (r->nfiles + 1) * sizeof(*r->files));
	struct gen_file *f = &r->files[r->nfiles++];
	memset(f, 0, sizeof(*f));
	f->name = xstrdup(name);
	return f;
}

static void add_objects_file(struct gen_result *r, const char *name, json_t *docs)
{
	size_t i;
	json_t *v;

	add_file(r, name)->docs = docs;
	json_array_foreach(docs, i, v)
		json_array_append(r->objects, v);
}

int gen_build(const struct gen_plan *p, struct gen_result *r, struct err *e)
{
	const char *n = p->names.n;
	json_t *workload = p->deployment ? build_deployment(p) : build_pod(p);
	char *fname;

	(void)e;
	memset(r, 0, sizeof(*r));
	r->objects = json_array();
	for (size_t i = 0; i < p->notes.n; i++)
		strlist_push(&r->notes, p->notes.v[i]);
	/* N-account*.yaml: before N-deployment, N-pod and N-storage in the order
	 * `oc create -f DIR` reads files, so the SCC and the account exist when
	 * the pod is admitted (a bare Pod is refused for good otherwise). The
	 * SCC has a file of its own: only OpenShift knows the kind. */
	if (gen_writes_scc(p)) {
		const json_t *spec = json_object_get(workload, "spec");
		if (p->deployment)
			spec = json_object_get(json_object_get(spec, "template"), "spec");
		fname = xasprintf("%s" GEN_SCC_FILE, n);
		add_objects_file(r, fname, json_pack("[o]", gen_scc(p, spec)));
		free(fname);
	}
	fname = xasprintf("%s-account.yaml", n);
	add_objects_file(r, fname, json_pack("[o]", build_account(p)));
	free(fname);
	if (p->mode == GEN_STATEFUL) {
		json_t *docs = json_array();
		build_storage(p, docs);
		fname = xasprintf("%s-storage.yaml", n);
		add_objects_file(r, fname, docs);
		free(fname);
	}
	if (p->nports) {
		fname = xasprintf("%s-svc.yaml", n);
		add_objects_file(r, fname, json_pack("[o]", build_service(p)));
		free(fname);
	} else {
		strlist_push(&r->notes, "no Service written: no --tcp or --udp port given");
	}
	fname = xasprintf(p->deployment ? "%s-deployment.yaml" : "%s-pod.yaml", n);
	add_objects_file(r, fname, json_pack("[o]", workload));
	free(fname);
	/* The seed's Dockerfile, word for word, on the base image; "Dockerfile"
	 * is also the name an OpenShift docker build looks for. */
	if (p->mode == GEN_MACROIMAGE)
		add_file(r, "Dockerfile")->text = xasprintf("FROM %s\nADD %s.tar.gz /\n", p->base_image, n);
	r->base = p->base_ctx;
	return 0;
}

void gen_result_free(struct gen_result *r)
{
	for (size_t i = 0; i < r->nfiles; i++) {
		free(r->files[i].name);
		json_decref(r->files[i].docs);
		free(r->files[i].text);
	}
	free(r->files);
	json_decref(r->objects);
	strlist_free(&r->notes);
	memset(r, 0, sizeof(*r));
}
