/* Turning flags into a checked plan: every value validated, the machine
 * read, the names derived, before anything is built. */
#include "lib/fsutil.h"
#include "gen/generate.h"
#include "gen/flagcheck.h"
#include "gen/imageref.h"
#include "lib/names.h"
#include "gen/quantity.h"
#include "gen/services.h"
#include "gen/sha256.h"
#include "lib/strbuf.h"
#include "gen/tarball.h"
#include "lib/utf8.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const mode_names[] = { "macroimage", "multivolume", "stateful" };
static const char *const init_names[] = { "systemd", "services", "sysv" };

const char *gen_init_name(enum gen_init init)
{
	return init_names[init];
}

int gen_mode_parse(const char *s, enum gen_mode *mode)
{
	for (size_t i = 0; i < sizeof(mode_names) / sizeof(mode_names[0]); i++)
		if (!strcmp(s, mode_names[i])) {
			*mode = (enum gen_mode)i;
			return 0;
		}
	return -1;
}

const char *gen_mode_name(enum gen_mode mode)
{
	return mode_names[mode];
}

int gen_names_make(const char *raw, struct gen_names *nm, struct err *e)
{
	char *n = name_sanitize(raw);

	memset(nm, 0, sizeof(*nm));
	if (!*n) {
		free(n);
		return err_set(e, EXIT_USAGE,
			       "container name \"%s\" has no letters or digits to build Kubernetes names from", raw);
	}
	/* N alone is the container's name, a DNS label: cut it once so every
	 * derived name shares the same stem. */
	nm->n = name_fit(n, NAME_LABEL_MAX);
	free(n);
	nm->container = xstrdup(nm->n);
	nm->pod = name_compose("leapp-", nm->n, "-pod", NAME_LABEL_MAX);
	nm->deployment = name_compose("leapp-", nm->n, "", NAME_LABEL_MAX);
	nm->service = name_compose("leapp-", nm->n, "-service", NAME_LABEL_MAX);
	nm->label = name_compose("leapp-", nm->n, "-label", NAME_LABEL_MAX);
	nm->account = name_compose("leapp-", nm->n, "", NAME_LABEL_MAX);
	nm->init = name_compose("", nm->n, "-init", NAME_LABEL_MAX);
	return 0;
}

void gen_names_free(struct gen_names *nm)
{
	free(nm->n);
	free(nm->pod);
	free(nm->deployment);
	free(nm->service);
	free(nm->label);
	free(nm->account);
	free(nm->container);
	free(nm->init);
	memset(nm, 0, sizeof(*nm));
}

static int add_ports(struct gen_plan *p, const struct strlist *l, const char *proto, const char *flag,
		     struct err *e)
{
	for (size_t i = 0; i < l->n; i++) {
		struct portspec ps;
		if (port_parse(l->v[i], &ps) < 0)
			return err_set(e, EXIT_USAGE,
				       "invalid port \"%s\" for %s: expected [EXPOSED:]PORT, numbers from 1 to 65535",
				       l->v[i], flag);
		ps.proto = proto;
		for (size_t k = 0; k < p->nports; k++)
			if (p->ports[k].exposed == ps.exposed && !strcmp(p->ports[k].proto, proto))
				return err_set(e, EXIT_USAGE, "port %u/%s is exposed twice (\"%s\")",
					       ps.exposed, proto, l->v[i]);
		p->ports = xrealloc(p->ports, (p->nports + 1) * sizeof(*p->ports));
		p->ports[p->nports++] = ps;
	}
	return 0;
}

/* --grace-period: whole seconds, bare or with a unit (90, 90s, 2m, 1h). */
static int parse_grace(const char *s, long *secs)
{
	long v = 0;
	const char *p = s;

	if (!isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++)
		if ((v = v * 10 + (*p - '0')) > 1000000)
			return -1;
	if (!strcmp(p, "m"))
		v *= 60;
	else if (!strcmp(p, "h"))
		v *= 3600;
	else if (*p && strcmp(p, "s"))
		return -1;
	*secs = v;
	return 0;
}

static int check_new_flags(enum gen_mode mode, const struct gen_opts *o, struct err *e)
{
	char *why;
	long secs;

	if (o->grace_period && (parse_grace(o->grace_period, &secs) < 0 || secs < 1 || secs > 86400))
		return err_set(e, EXIT_USAGE,
			       "invalid --grace-period \"%s\": give the seconds the machine may take to stop, from 1 to 86400 (120, 90s, 5m)",
			       o->grace_period);
	const struct { const char *flag, *v; char *(*check)(const char *); } q[] = {
		{ "--memory", o->memory, quantity_check_memory }, { "--cpu", o->cpu, quantity_check_cpu },
	};
	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++)
		if (q[i].v && (why = q[i].check(q[i].v))) {
			err_set(e, EXIT_USAGE, "invalid %s: %s", q[i].flag, why);
			free(why);
			return -1;
		}
	if (o->registry && (why = registry_check(o->registry))) {
		err_set(e, EXIT_USAGE, "invalid --registry \"%s\": %s", o->registry, why);
		free(why);
		return -1;
	}
	if (o->registry && o->base_image && (mode != GEN_MACROIMAGE || o->image))
		return err_set(e, EXIT_USAGE, "--registry names the images generate writes, and with %s there are none",
			       mode == GEN_MACROIMAGE ? "--base-image and --image" : "--base-image");
	return 0;
}

static int check_flags(enum gen_mode mode, const struct gen_opts *o, struct err *e)
{
	if (!o->container_name)
		return err_set(e, EXIT_USAGE, "required flag \"container-name\" (-c) not set");
	if (mode == GEN_MULTIVOLUME && (!o->image_url || !*o->image_url))
		return err_set(e, EXIT_USAGE, "multivolume needs --image-url: where the init container downloads the machine's archive");
	if (o->image_url && strncmp(o->image_url, "http://", 7) && strncmp(o->image_url, "https://", 8))
		return err_set(e, EXIT_USAGE, "invalid --image-url \"%s\": the init container downloads it with wget: use an http:// or https:// URL",
			       o->image_url);
	if (o->image_url && strpbrk(o->image_url, " \t\r\n"))
		return err_set(e, EXIT_USAGE, "invalid --image-url: white space must be written as %%20");
	if (mode != GEN_MULTIVOLUME && o->image_url)
		return err_set(e, EXIT_USAGE, "--image-url is for multivolume only");
	if (mode != GEN_MACROIMAGE && (o->local_image || o->image))
		return err_set(e, EXIT_USAGE, "%s is for macroimage only", o->image ? "--image" : "--local-image");
	if (mode != GEN_MULTIVOLUME && (o->legacy_init_annotation || o->init_image))
		return err_set(e, EXIT_USAGE, "%s is for multivolume only",
			       o->init_image ? "--init-image" : "--legacy-init-annotation");
	/* --flag= would write `image: ''` or create the directory "" */
	const struct { const char *flag, *v; } nonempty[] = {
		{ "--dest", o->dest }, { "--image", o->image },
		{ "--base-image", o->base_image }, { "--init-image", o->init_image },
	};
	for (size_t i = 0; i < sizeof(nonempty) / sizeof(nonempty[0]); i++)
		if (nonempty[i].v && !*nonempty[i].v)
			return err_set(e, EXIT_USAGE, "%s is empty", nonempty[i].flag);
	/* The objects are JSON/YAML, UTF-8 only: other bytes made jansson drop
	 * whole fields (a Pod without its init container). */
	const struct { const char *flag, *v; } text[] = {
		{ "--image-url", o->image_url }, { "--image", o->image },
		{ "--base-image", o->base_image }, { "--init-image", o->init_image },
	};
	for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++)
		if (text[i].v && !utf8_valid(text[i].v))
			return err_set(e, EXIT_USAGE, "invalid %s \"%s\": not UTF-8 text", text[i].flag, text[i].v);
	if (o->output && o->dest)
		return err_set(e, EXIT_USAGE, "--output prints the objects; it cannot be used with --dest");
	if (o->legacy_init_annotation && o->workload && !strcmp(o->workload, "deployment"))
		return err_set(e, EXIT_USAGE, "--legacy-init-annotation writes a bare Pod; it cannot be used with --workload deployment");
	if (o->archive && mode == GEN_STATEFUL)
		return err_set(e, EXIT_USAGE, "--archive is for macroimage and multivolume: stateful runs on the machine's own files");
	if (o->archive && o->output)
		return err_set(e, EXIT_USAGE, "--archive writes the archive beside the manifests; it cannot be used with --output");
	if (mode != GEN_MULTIVOLUME && (o->image_sha256 || o->check_url))
		return err_set(e, EXIT_USAGE, "%s is for multivolume only", o->image_sha256 ? "--image-sha256" : "--check-url");
	if (o->image_sha256 && o->archive)
		return err_set(e, EXIT_USAGE, "--image-sha256 is taken from the archive --archive writes: give one of them");
	/* --capabilities words checked before the machine is read: a usage
	 * error is said first */
	struct cap_set none = { 0 };
	struct strlist ignored = { 0 };
	int bad = caps_apply(&none, &o->capabilities, &ignored, e);
	cap_set_free(&none);
	strlist_free(&ignored);
	if (bad < 0)
		return -1;
	int v4 = 0, v6 = 0;
	for (size_t i = 0; i < o->ips.n; i++) {
		if (!ip_valid(o->ips.v[i]))
			return err_set(e, EXIT_USAGE, "invalid IP address \"%s\" for --ip", o->ips.v[i]);
		*(strchr(o->ips.v[i], ':') ? &v6 : &v4) += 1;
	}
	/* MetalLB's loadBalancerIPs: one address per family */
	if (o->load_balancer && (v4 > 1 || v6 > 1))
		return err_set(e, EXIT_USAGE,
			       "--load-balancer with --ip asks MetalLB for those addresses, one IPv4 and one IPv6 at most: give at most one of each");
	if (o->node && mode != GEN_STATEFUL)
		return err_set(e, EXIT_USAGE, "--node is for stateful: it pins the machine's PersistentVolumes to the node that holds its files");
	if ((o->node && gen_check_node("node", o->node, e) < 0) ||
	    (o->namespace && gen_check_namespace("namespace", o->namespace, e) < 0) ||
	    (o->service_account && gen_check_account("service-account", o->service_account, e) < 0))
		return -1;
	return check_new_flags(mode, o, e);
}

/* The archive is named as the URL names it (the original added a second
 * .tar.gz here); the Dockerfile ADDs N.tar.gz. */
static char *archive_file(enum gen_mode mode, const struct gen_opts *o, const struct gen_names *nm)
{
	if (mode == GEN_MULTIVOLUME) {
		const char *u = o->image_url;
		size_t end = strcspn(u, "?#");
		size_t start = end;
		while (start && u[start - 1] != '/')
			start--;
		if (end > start && !memchr(u + start, ':', end - start))
			return xstrndup(u + start, end - start);
	}
	return xasprintf("%s.tar.gz", nm->n);
}

static int check_archive(struct gen_plan *p, const struct gen_opts *o, struct err *e)
{
	enum tb_compression c = TB_GZIP;

	p->archive_file = archive_file(p->mode, o, &p->names);
	if (o->image_sha256 && !sha256_hex_valid(o->image_sha256, p->sha256))
		return err_set(e, EXIT_USAGE, "invalid --image-sha256 \"%s\": 64 hexadecimal digits expected (as sha256sum prints)",
			       o->image_sha256);
	if (p->mode != GEN_MULTIVOLUME)
		return 0;
	tb_compression_of(p->archive_file, &c);
	if (c == TB_ZSTD && o->legacy_init_annotation && !o->init_image)
		return err_set(e, EXIT_USAGE,
			       "%s is zstd, which busybox's tar (the legacy init container) cannot read: use gzip, or give --init-image with zstd and tar in it",
			       p->archive_file);
	if (o->archive && tb_compression_of(p->archive_file, &c) < 0)
		return err_set(e, EXIT_USAGE,
			       "--archive writes %s, named after --image-url, but that name does not end in .tar.gz, .tar.zst, .tar.xz or .tar",
			       p->archive_file);
	return 0;
}

static const char *machine_label(const struct gen_plan *p)
{
	return p->m.os_pretty ? p->m.os_pretty : p->m.name;
}

/* systemd before 230 cannot be PID 1 on the unified cgroup hierarchy, and
 * cgroup v1 nodes are going away: the ways that exist today. */
static void warn_old_systemd(const struct gen_plan *p)
{
	warnf("%s runs systemd %d, which cannot boot as PID 1 on cgroup v2 nodes (OpenShift 4.14+ installs, Kubernetes 1.35+, "
	      "and every node after OpenShift 4.19): use --init services (leapp-init starts the machine's enabled units), "
	      "run the machine as a VM (OpenShift Virtualization), or, on crun, give the pod the annotation "
	      "run.oci.systemd.force_cgroup_v1=/sys/fs/cgroup, which a cluster administrator must first allow "
	      "(allowed_annotations of CRI-O's crun runtime handler)", machine_label(p), p->m.systemd_version);
}

static int pick_init(struct gen_plan *p, const struct gen_opts *o, struct err *e)
{
	int systemd = p->m.init == INIT_SYSTEMD, known = p->m.init != INIT_UNKNOWN;
	int v = p->m.systemd_version;

	if (!o->init || !strcmp(o->init, "auto")) {
		if (!systemd) {
			p->init = GEN_INIT_SYSV;
		} else if (!v) {
			p->init = GEN_INIT_SYSTEMD;
			strlist_push(&p->notes, "the machine's systemd version could not be read: assuming 230 or later, "
				     "which boots as PID 1 on cgroup v2 nodes (--init systemd). If it does not, use --init services");
		} else if (v >= 230) {
			p->init = GEN_INIT_SYSTEMD;
		} else {
			p->init = GEN_INIT_SERVICES;
			char *n = xasprintf("%s runs systemd %d (%s), which cannot be PID 1 on cgroup v2 nodes: its enabled units "
					    "are started by leapp-init instead (--init services). --init systemd works only on a cgroup v1 node",
					    machine_label(p), v, p->m.systemd_version_from);
			strlist_push(&p->notes, n);
			free(n);
		}
		return 0;
	}
	for (size_t i = 0; i < sizeof(init_names) / sizeof(init_names[0]); i++)
		if (!strcmp(o->init, init_names[i]))
			p->init = (enum gen_init)i;
	if (known && !systemd && p->init != GEN_INIT_SYSV)
		return err_set(e, EXIT_FAIL, "--init %s needs a machine that boots with systemd; %s boots with %s: use --init sysv",
			       o->init, machine_label(p), init_system_name(p->m.init));
	if (systemd && p->init == GEN_INIT_SYSV)
		return err_set(e, EXIT_FAIL, "--init sysv runs the rc scripts of upstart and sysvinit machines; %s boots with systemd: use --init systemd or services",
			       machine_label(p));
	if (p->init == GEN_INIT_SYSTEMD && v && v < 230)
		warn_old_systemd(p);
	return 0;
}

static int choose_init(struct gen_plan *p, const struct gen_opts *o, struct err *e)
{
	if (pick_init(p, o, e) < 0)
		return -1;
	if (o->host_cgroup && p->init != GEN_INIT_SYSTEMD)
		return err_set(e, EXIT_USAGE, "--host-cgroup is for systemd as PID 1 (--init systemd); with --init %s nothing uses it",
			       init_names[p->init]);
	return 0;
}

/* The capabilities the container asks for: the known needs of the
 * machine's enabled services, then --capabilities; each said in a note
 * with its reason. The 2017 pod (--legacy-init-annotation) ran on docker,
 * whose default set had them all. */
static int choose_caps(struct gen_plan *p, const struct gen_opts *o, struct err *e)
{
	machine_services(&p->m, &p->services);
	caps_derive(&p->m, &p->services, &p->caps, &p->notes);
	if (caps_apply(&p->caps, &o->capabilities, &p->notes, e) < 0)
		return -1;
	if (o->legacy_init_annotation && p->caps.n) {
		strlist_push(&p->notes, "--legacy-init-annotation writes the 2017 pod, which asks for no capabilities "
			     "(docker's default set had SYS_CHROOT, AUDIT_WRITE and NET_RAW): on CRI-O, generate without it");
		cap_set_free(&p->caps);
		return 0;
	}
	for (size_t i = 0; i < p->caps.n; i++) {
		char *n = xasprintf("the machine asks for %s: %s", p->caps.v[i].cap, p->caps.v[i].why);
		strlist_push(&p->notes, n);
		free(n);
	}
	if (p->caps.n)
		p->scc_name = name_qualified(p->names.deployment, p->namespace, NAME_SUBDOMAIN_MAX);
	return 0;
}

/* The machine's etc/hosts, which the runtime replaces: its entries as
 * hostAliases, what had to be left out said line by line. */
static void read_hosts(struct gen_plan *p)
{
	char *path = machine_resolve(p->m.path, "etc/hosts"), *text = NULL;
	struct err e = { 0 };
	char *n;

	if (p->o->legacy_init_annotation || !path || read_regular_file(path, 1u << 20, &text, NULL, &e) < 0) {
		free(path);
		return;
	}
	hosts_parse(text, &p->hosts);
	for (size_t i = 0; i < p->hosts.bad.n; i++) {
		n = xasprintf("etc/hosts %s", p->hosts.bad.v[i]);
		strlist_push(&p->notes, n);
		free(n);
	}
	if (p->hosts.n) {
		n = xasprintf("the runtime writes the pod's own /etc/hosts: the machine's %zu address%s (loopback aside) become hostAliases",
			      p->hosts.n, p->hosts.n == 1 ? "" : "es");
		strlist_push(&p->notes, n);
		free(n);
	}
	free(text);
	free(path);
}

/* The base image keeps leapp-init in /.leapp: a volume there would hide it. */
static int check_leapp_dir(const struct gen_plan *p, struct err *e)
{
	for (size_t i = 0; p->mode != GEN_MACROIMAGE && i < p->m.ndirs; i++)
		if (!strcmp(p->m.dirs[i].name, GEN_LEAPP_DIR + 1))
			return err_set(e, EXIT_FAIL, "%s/%s would be mounted over the base image's %s, where leapp-init lives; rename it",
				       p->m.path, p->m.dirs[i].name, GEN_LEAPP_DIR);
	return 0;
}

/* Does the pod run anything the base image keeps in /.leapp? */
static int uses_leapp_init(const struct gen_plan *p)
{
	return p->init != GEN_INIT_SYSTEMD || p->fetch;
}

/* The base image: ours, named REPO:TAG after its content, or --base-image.
 * The macroimage: --image, else REGISTRY/leapp-N:latest (its content is the
 * archive built after generate, so a tag cannot say it; latest is pulled
 * again on every start). Without --registry the names are bare, as
 * OpenShift image streams in the pod's own namespace are (oc set image-lookup). */
static int choose_images(struct gen_plan *p, const struct gen_opts *o, struct err *e)
{
	if (o->base_image) {
		p->base_image = xstrdup(o->base_image);
		if (uses_leapp_init(p))
			warnf("--base-image %s must hold %s and %s/busybox, as the base image generate writes does: the pod runs %s",
			      o->base_image, GEN_LEAPP_INIT, GEN_LEAPP_DIR,
			      p->fetch ? GEN_LEAPP_INIT " fetch in its init container" : p->init == GEN_INIT_SYSV ? GEN_LEAPP_INIT " sysv" : GEN_LEAPP_INIT " services");
	} else {
		p->base_ctx = xcalloc(1, sizeof(*p->base_ctx));
		if (base_ctx_make(p, uses_leapp_init(p), p->base_ctx, e) < 0) {
			free(p->base_ctx);
			p->base_ctx = NULL;
			return -1;
		}
		p->base_image = xasprintf("%s:%s", p->base_ctx->repo, p->base_ctx->tag);
	}
	if (p->mode == GEN_MACROIMAGE && o->image) {
		p->image = xstrdup(o->image);
	} else if (p->mode == GEN_MACROIMAGE) {
		char *repo = xasprintf("leapp-%s", p->names.n);
		char *full = image_repo_join(o->registry, repo);
		p->image = xasprintf("%s:latest", full);
		free(repo);
		free(full);
	} else {
		p->image = xstrdup(p->base_image);
	}
	return 0;
}

/* Stateful: the PersistentVolumes are directories of the host leapp-tool
 * ran on, which must be the node: --node, else this host's name as the
 * kubelet names its node (lowercased). */
int gen_host_node(char *buf, size_t size)
{
	if (gethostname(buf, size) < 0)
		return -1;
	buf[size - 1] = '\0';
	for (char *c = buf; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return 0;
}

static int choose_node(struct gen_plan *p, const struct gen_opts *o, struct err *e)
{
	char host[256];

	if (p->mode != GEN_STATEFUL)
		return 0;
	if (o->node) {
		p->node = xstrdup(o->node);
		return 0;
	}
	if (gen_host_node(host, sizeof(host)) < 0)
		return err_set(e, EXIT_FAIL, "cannot read this host's name: give --node, the node that holds the machine's files");
	if (!name_is_dns1123_subdomain(host))
		return err_set(e, EXIT_USAGE,
			       "this host's name \"%s\" is not a node's name: give --node, the node that holds the machine's files (oc get nodes)",
			       host);
	p->node = xstrdup(host);
	p->node_is_host = 1;
	return 0;
}

/* -n, else the current kubeconfig context's namespace, else "default", as
 * kubectl chooses; said in a note unless -n gave it. */
static void choose_namespace(struct gen_plan *p, const struct gen_opts *o)
{
	char *n;

	if (o->namespace) {
		p->namespace = xstrdup(o->namespace);
		return;
	}
	if (o->kube_namespace && name_is_dns1123_label(o->kube_namespace)) {
		p->namespace = xstrdup(o->kube_namespace);
		n = xasprintf("the objects go to namespace %s, the kubeconfig context %s%s%s's (-n chooses another)",
			      p->namespace, o->kube_context ? "\"" : "", o->kube_context ? o->kube_context : "current",
			      o->kube_context ? "\"" : "");
	} else {
		if (o->kube_namespace)
			warnf("the kubeconfig context names the namespace \"%s\", which is not a namespace name: using \"default\"",
			      o->kube_namespace);
		p->namespace = xstrdup("default");
		n = xstrdup("the objects go to namespace default (-n chooses another)");
	}
	strlist_push(&p->notes, n);
	free(n);
}

int gen_plan_make(enum gen_mode mode, const struct gen_opts *o, struct gen_plan *p, struct err *e)
{
	memset(p, 0, sizeof(*p));
	p->mode = mode;
	p->o = o;
	if (check_flags(mode, o, e) < 0 || machine_check_name(o->container_name, e) < 0 ||
	    gen_names_make(o->container_name, &p->names, e) < 0)
		return -1;
	if (add_ports(p, &o->tcp, "TCP", "--tcp", e) < 0 || add_ports(p, &o->udp, "UDP", "--udp", e) < 0)
		return -1;
	if (check_archive(p, o, e) < 0)
		return -1;
	choose_namespace(p, o);
	if (choose_node(p, o, e) < 0)
		return -1;
	p->instance = name_qualified(p->names.n, p->namespace, NAME_LABEL_MAX);
	p->account = xstrdup(o->service_account ? o->service_account : p->names.account);
	p->deployment = o->workload ? !strcmp(o->workload, "deployment") : mode == GEN_STATEFUL;
	if (machine_open(o->root ? o->root : MACHINE_DEFAULT_ROOT, o->container_name, &p->m, e) < 0)
		return -1;
	if (mode == GEN_STATEFUL && !utf8_valid(p->m.path))	/* the volumes' hostPath */
		return err_set(e, EXIT_FAIL, "%s is not a UTF-8 path, which the objects cannot hold", p->m.path);
	for (size_t i = 0; mode != GEN_MACROIMAGE && i < p->m.ndirs; i++)	/* mountPath */
		if (!utf8_valid(p->m.dirs[i].name))
			return err_set(e, EXIT_FAIL, "%s/%s: the directory's name is not UTF-8, which the objects cannot hold; rename it",
				       p->m.path, p->m.dirs[i].name);
	if (!p->m.os_file)
		warnf("cannot tell the release of machine \"%s\": neither etc/os-release nor etc/redhat-release is readable",
		      o->container_name);
	if (p->m.init == INIT_UNKNOWN)
		warnf("cannot tell the init system of %s (no sbin/init); assuming it is not systemd", p->m.path);
	if (choose_init(p, o, e) < 0 || check_leapp_dir(p, e) < 0 || choose_caps(p, o, e) < 0)
		return -1;
	read_hosts(p);
	p->fetch = mode == GEN_MULTIVOLUME && !o->init_image && !o->legacy_init_annotation;
	p->grace = GEN_GRACE_DEFAULT;
	if (o->grace_period)
		parse_grace(o->grace_period, &p->grace);
	if (choose_images(p, o, e) < 0)
		return -1;
	if (mode == GEN_STATEFUL && machine_measure(&p->m, e) < 0)
		return -1;
	if (!p->nports && o->ips.n)
		warnf("--ip is ignored: no --tcp or --udp port, so no Service is written");
	if (p->nports && !o->tcp.n && !o->legacy_init_annotation)
		strlist_push(&p->notes, "no readiness probe: the machine listens on UDP only, and a tcpSocket probe checks TCP: "
			     "the Service sends traffic as soon as the container starts");
	else if (o->ips.n && !o->load_balancer)
		warnf("OpenShift refuses a Service with externalIPs unless a cluster administrator allows those addresses "
		      "(network.config.openshift.io/cluster spec.externalIP.policy, which allows none by default); "
		      "the next steps give the oc patch command. Kubernetes clusters may refuse them too (DenyServiceExternalIPs)");
	if (mode == GEN_STATEFUL)
		warnf("stateful runs the machine on its macrocontainer's own directories (%s): they are the PersistentVolumes, "
		      "so leapp-tool destroy-container (or removing them) destroys the running machine's data; keep them while it runs",
		      p->m.path);
	if (o->host_cgroup)
		warnf("--host-cgroup mounts the node's /sys/fs/cgroup into the pod: CRI-O then leaves out its own systemd support "
		      "(a writable cgroup for the machine's systemd), and where the SELinux boolean container_manage_cgroup is on "
		      "the pod can write the node's whole cgroup tree, other pods' limits included; it needs the hostmount-anyuid SCC. "
		      "Only for cgroup v1 nodes");
	return 0;
}

void gen_plan_free(struct gen_plan *p)
{
	gen_names_free(&p->names);
	free(p->namespace);
	free(p->instance);
	free(p->account);
	strlist_free(&p->services);
	cap_set_free(&p->caps);
	free(p->scc_name);
	free(p->node);
	hosts_free(&p->hosts);
	machine_free(&p->m);
	free(p->ports);
	free(p->base_image);
	free(p->image);
	free(p->archive_file);
	free(p->archive_path);
	if (p->base_ctx)
		base_ctx_free(p->base_ctx);
	free(p->base_ctx);
	strlist_free(&p->notes);
	memset(p, 0, sizeof(*p));
}
