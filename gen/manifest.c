/* Building the objects as data. Every object is a jansson tree whose keys
 * are inserted in the order kubectl prints them; gen/emit.c writes them. */
#include "contract.h"
#include "generate.h"
#include "names.h"
#include "shquote.h"
#include "strbuf.h"
#include "tarball.h"

#include <stdlib.h>
#include <string.h>

#define MI (1024ull * 1024ull)

static json_t *labels(const struct gen_plan *p)
{
	return json_pack("{s:s}", "name", p->names.label);
}

static json_t *object(const char *api, const char *kind, const char *name, json_t *meta_labels)
{
	json_t *meta = json_pack("{s:s}", "name", name);

	if (meta_labels)
		json_object_set_new(meta, "labels", meta_labels);
	return json_pack("{s:s, s:s, s:o}", "apiVersion", api, "kind", kind, "metadata", meta);
}

static char *volume_name(const struct gen_plan *p, const char *key)
{
	char *suffix = xasprintf("-%s-vol", key);
	char *name = name_compose("", p->names.n, suffix, NAME_LABEL_MAX);

	free(suffix);
	return name;
}

static char *claim_name(const struct gen_plan *p, const char *key)
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

/* The systemd machine's needs (the seeds' "Requirements"): the host's cgroup
 * tree read-only, and memory-backed /run and /tmp. */
static void add_systemd_volumes(const struct gen_plan *p, json_t *mounts, json_t *vols)
{
	static const char *const what[] = { "cgroup", "run", "tmp" };

	if (p->m.init != INIT_SYSTEMD)
		return;
	for (size_t i = 0; i < 3; i++) {
		char *v = volume_name(p, what[i]);
		add_mount(mounts, v, i == 0 ? "/sys/fs/cgroup" : i == 1 ? "/run" : "/tmp", i == 0);
		if (i == 0)
			json_array_append_new(vols, json_pack("{s:s, s:{s:s}}", "name", v, "hostPath", "path", "/sys/fs/cgroup"));
		else
			json_array_append_new(vols, json_pack("{s:s, s:{s:s}}", "name", v, "emptyDir", "medium", "Memory"));
		free(v);
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

/* How the stream is unpacked: busybox's tar reads gzip and xz itself; zstd
 * needs an init image that has it (checked in plan.c). */
static const char *untar_cmd(const struct gen_plan *p)
{
	enum tb_compression c = TB_GZIP;

	tb_compression_of(p->archive_file, &c);
	switch (c) {
	case TB_ZSTD:
		return "zstd -dc | tar -xf -";
	case TB_XZ:
		return "tar -xJf -";
	case TB_NONE:
		return "tar -xf -";
	default:
		return "tar -xzf -";
	}
}

/* With a known SHA-256 the download is hashed on its way to tar (tee into a
 * fifo that sha256sum reads: still no second copy on disk); on a mismatch, or
 * any failure, what was unpacked is removed and the container fails, so the
 * machine never starts on a damaged copy. */
static void verified_unpack(struct strbuf *sb, const struct gen_plan *p, const char *url_ref, const char *sha_ref)
{
	sb_adds(sb, "leapp_clean() {\n  for d in");
	for (size_t i = 0; i < p->m.ndirs; i++) {
		sb_addc(sb, ' ');
		sb_add_shquoted(sb, p->m.dirs[i].name);
	}
	sb_adds(sb, "; do\n"
		"    rm -rf \"/work-dir/$d/\"* \"/work-dir/$d/\".[!.]* \"/work-dir/$d/\"..?* 2>/dev/null || true\n"
		"  done\n}\n");
	sb_adds(sb, "leapp_clean\n");	/* a restarted init container may find a partial copy */
	sb_addf(sb, "echo \"" LEAPP_LOG_DOWNLOADING "%s\"\n", url_ref);
	sb_adds(sb, "rm -f /tmp/leapp-image.fifo /tmp/leapp-image.sum\n"
		"mkfifo /tmp/leapp-image.fifo\n"
		"sha256sum </tmp/leapp-image.fifo >/tmp/leapp-image.sum &\n"
		"sum_pid=$!\n");
	/* cat drains what tar leaves after its end-of-archive blocks, so that
	 * tee hashes the whole download. */
	sb_addf(sb, "if ! wget -O - \"%s\" | tee /tmp/leapp-image.fifo | { %s && cat >/dev/null; }; then\n", url_ref,
		untar_cmd(p));
	sb_addf(sb, "  kill \"$sum_pid\" 2>/dev/null || true\n"
		"  leapp_clean\n"
		"  echo \"" LEAPP_LOG_FETCH_FAILED "%s; nothing was kept\" >&2\n"
		"  exit 1\nfi\n", url_ref);
	sb_adds(sb, "wait \"$sum_pid\"\n"
		"got=$(cut -d ' ' -f 1 /tmp/leapp-image.sum)\n");
	sb_addf(sb, "if [ \"$got\" != \"%s\" ]; then\n"
		"  leapp_clean\n"
		"  echo \"" LEAPP_LOG_SHA_MISMATCH "the machine image from %s hashes to $got, not %s: it is damaged or not the archive these objects were made for; nothing was kept\" >&2\n"
		"  exit 1\nfi\n", sha_ref, url_ref, sha_ref);
	sb_addf(sb, "echo \"" LEAPP_LOG_SHA_OK "%s\"\n", sha_ref);
}

char *gen_init_script(const struct gen_plan *p, const char *url_ref, const char *sha_ref)
{
	struct strbuf sb = STRBUF_INIT;
	int has_var = 0;

	for (size_t i = 0; i < p->m.ndirs; i++)
		has_var |= !strcmp(p->m.dirs[i].name, "var");
	/* Streamed: no second copy of the archive on the node's disk. */
	sb_adds(&sb, "set -eu\n");
	sb_adds(&sb, "set -o pipefail\n");
	sb_adds(&sb, "cd /work-dir\n");
	if (p->sha256[0] && sha_ref) {
		verified_unpack(&sb, p, url_ref, sha_ref);
	} else {
		sb_addf(&sb, "echo \"" LEAPP_LOG_DOWNLOADING "%s\"\n", url_ref);
		sb_addf(&sb, "wget -O - \"%s\" | %s\n", url_ref, untar_cmd(p));
	}
	if (has_var) {
		/* The id names a directory: only 32 hex digits do (a "../" in
		 * it, or a link, would make one elsewhere). Read at most 64
		 * bytes of a regular file: never a FIFO, never /dev/zero. */
		sb_adds(&sb, "id=\n");
		sb_adds(&sb, "if [ -f etc/machine-id ] && [ ! -L etc/machine-id ]; then\n"
			"  id=$(head -c 64 etc/machine-id | tr -d '\\n')\n"
			"fi\n");
		sb_adds(&sb, "case \"$id\" in *[!0-9a-f]*) id= ;; esac\n");
		sb_adds(&sb, "if [ ${#id} -eq 32 ] && [ ! -L var/log ] && [ ! -L var/log/journal ]; then\n");
		sb_adds(&sb, "  mkdir -p \"var/log/journal/$id\"\n");
		sb_adds(&sb, "else\n");
		sb_adds(&sb, "  echo \"" LEAPP_LOG_NO_MACHINE_ID " (or it is not 32 hexadecimal digits): the journal directory was not created\" >&2\n");
		sb_adds(&sb, "fi\n");
	}
	sb_adds(&sb, "echo \"" LEAPP_LOG_UNPACKED "\"\n");
	return sb_detach(&sb);
}

static json_t *init_container(const struct gen_plan *p, int legacy)
{
	json_t *mounts = json_array();
	json_t *c;

	for (size_t i = 0; i < p->m.ndirs; i++) {
		char *v = volume_name(p, p->m.dirs[i].key);
		char *mp = xasprintf("/work-dir/%s", p->m.dirs[i].name);
		add_mount(mounts, v, mp, 0);
		free(v);
		free(mp);
	}
	const char *image = p->o->init_image ? p->o->init_image : "busybox";
	if (legacy) {
		/* The 2017 shape: the URL is the script's $1, still never shell text. */
		char *script = gen_init_script(p, "$1", "$2");
		c = json_pack("{s:[s,s,s,s,s], s:s, s:s, s:o}", "command", "sh", "-c", script, "sh",
			      p->o->image_url, "image", image, "name", p->names.init, "volumeMounts", mounts);
		if (p->sha256[0])
			json_array_append_new(json_object_get(c, "command"), json_string(p->sha256));
		free(script);
		return c;
	}
	char *script = gen_init_script(p, "$LEAPP_IMAGE_URL", "$LEAPP_IMAGE_SHA256");
	c = json_pack("{s:s, s:s, s:[s,s,s], s:[{s:s, s:s}], s:o, s:s}",
		      "name", p->names.init, "image", image, "command", "sh", "-c", script,
		      "env", "name", LEAPP_ENV_IMAGE_URL, "value", p->o->image_url,
		      "volumeMounts", mounts, "terminationMessagePolicy", "FallbackToLogsOnError");
	if (p->sha256[0])
		json_array_append_new(json_object_get(c, "env"),
				      json_pack("{s:s, s:s}", "name", LEAPP_ENV_IMAGE_SHA256, "value", p->sha256));
	free(script);
	return c;
}

static json_t *pod_spec(const struct gen_plan *p, int legacy)
{
	json_t *spec = json_object(), *mounts = json_array(), *vols = json_array();
	json_t *c = json_pack("{s:s, s:s}", "name", p->names.container, "image", p->image);
	json_t *ports = container_ports(p);

	add_systemd_volumes(p, mounts, vols);
	if (p->mode != GEN_MACROIMAGE) {
		for (size_t i = 0; i < p->m.ndirs; i++) {
			char *v = volume_name(p, p->m.dirs[i].key);
			char *mp = xasprintf("/%s", p->m.dirs[i].name);
			add_mount(mounts, v, mp, 0);
			if (p->mode == GEN_MULTIVOLUME) {
				json_array_append_new(vols, json_pack("{s:s, s:{}}", "name", v, "emptyDir"));
			} else {
				char *claim = claim_name(p, p->m.dirs[i].key);
				json_array_append_new(vols, json_pack("{s:s, s:{s:s}}", "name", v,
					"persistentVolumeClaim", "claimName", claim));
				free(claim);
			}
			free(v);
			free(mp);
		}
	}
	if (p->mode == GEN_MACROIMAGE && p->o->local_image)
		json_object_set_new(c, "imagePullPolicy", json_string("Never"));
	if (json_array_size(ports) || legacy)
		json_object_set_new(c, "ports", ports);
	else
		json_decref(ports);
	if (json_array_size(mounts) || legacy)
		json_object_set(c, "volumeMounts", mounts);
	if (!legacy)
		json_object_set_new(c, "terminationMessagePolicy", json_string("FallbackToLogsOnError"));

	if (p->mode == GEN_STATEFUL)
		json_object_set_new(spec, "serviceAccountName", json_string(p->o->service_account));
	if (p->mode == GEN_MULTIVOLUME && !legacy)
		json_object_set_new(spec, "initContainers", json_pack("[o]", init_container(p, 0)));
	json_object_set_new(spec, "containers", json_pack("[o]", c));
	if (json_array_size(vols) || legacy)
		json_object_set(spec, "volumes", vols);
	json_decref(mounts);
	json_decref(vols);
	return spec;
}

static json_t *build_pod(const struct gen_plan *p)
{
	int legacy = p->o->legacy_init_annotation;
	json_t *pod = object("v1", "Pod", p->names.pod, labels(p));

	if (legacy) {
		/* Kubernetes stopped reading this annotation in 1.8: only for old clusters. */
		json_t *ic = json_pack("[o]", init_container(p, 1));
		char *text = json_dumps(ic, JSON_SORT_KEYS);
		json_object_set_new(json_object_get(pod, "metadata"), "annotations",
				    json_pack("{s:s}", "pod.beta.kubernetes.io/init-containers", text));
		free(text);
		json_decref(ic);
	}
	json_object_set_new(pod, "spec", pod_spec(p, legacy));
	return pod;
}

static json_t *build_deployment(const struct gen_plan *p)
{
	json_t *d = object("apps/v1", "Deployment", p->names.deployment, labels(p));

	/* Recreate: the old pod must let go of its volumes before the new one starts. */
	json_object_set_new(d, "spec", json_pack("{s:i, s:{s:s}, s:{s:o}, s:{s:{s:o}, s:o}}",
		"replicas", 1, "strategy", "type", "Recreate", "selector", "matchLabels", labels(p),
		"template", "metadata", "labels", labels(p), "spec", pod_spec(p, 0)));
	return d;
}

static json_t *build_service(const struct gen_plan *p)
{
	json_t *svc = object("v1", "Service", p->names.service, labels(p));
	json_t *spec = json_object(), *ports = json_array();

	if (p->o->load_balancer)
		json_object_set_new(spec, "type", json_string("LoadBalancer"));
	json_object_set_new(spec, "selector", labels(p));
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

static void build_storage(const struct gen_plan *p, json_t *docs)
{
	for (size_t i = 0; i < p->m.ndirs; i++) {
		const struct machine_dir *d = &p->m.dirs[i];
		char *vol = volume_name(p, d->key), *claim = claim_name(p, d->key);
		char *size = capacity(d->bytes), *path = xasprintf("%s/%s", p->m.path, d->name);
		json_t *pv = object("v1", "PersistentVolume", vol, json_pack("{s:s}", "type", "local"));
		json_t *pvc = object("v1", "PersistentVolumeClaim", claim, labels(p));

		/* storageClassName "" on both: a default class would otherwise take the claim. */
		json_object_set_new(pv, "spec", json_pack("{s:s, s:{s:s}, s:[s], s:s, s:{s:s}}",
			"storageClassName", "", "capacity", "storage", size, "accessModes", "ReadWriteOnce",
			"persistentVolumeReclaimPolicy", "Retain", "hostPath", "path", path));
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
	char *fname;

	(void)e;
	memset(r, 0, sizeof(*r));
	r->objects = json_array();
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
	add_objects_file(r, fname, json_pack("[o]", p->deployment ? build_deployment(p) : build_pod(p)));
	free(fname);
	if (p->mode == GEN_MACROIMAGE)
		add_file(r, "Dockerfile")->text = xasprintf("FROM %s\nADD %s.tar.gz /\n", p->base_image, n);
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
