/* Turning flags into a checked plan: every value validated, the machine
 * read, the names derived, before anything is built. */
#include "generate.h"
#include "names.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const mode_names[] = { "macroimage", "multivolume", "stateful" };

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
	char *n = name_sanitize(raw), *full;

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
#define DERIVE(field, fmt, max) \
	full = xasprintf(fmt, nm->n); nm->field = name_fit(full, max); free(full)
	DERIVE(pod, "leapp-%s-pod", NAME_LABEL_MAX);
	DERIVE(deployment, "leapp-%s", NAME_LABEL_MAX);
	DERIVE(service, "leapp-%s-service", NAME_LABEL_MAX);
	DERIVE(label, "leapp-%s-label", NAME_LABEL_MAX);
	DERIVE(init, "%s-init", NAME_LABEL_MAX);
#undef DERIVE
	return 0;
}

void gen_names_free(struct gen_names *nm)
{
	free(nm->n);
	free(nm->pod);
	free(nm->deployment);
	free(nm->service);
	free(nm->label);
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

static int check_flags(enum gen_mode mode, const struct gen_opts *o, struct err *e)
{
	if (!o->container_name)
		return err_set(e, EXIT_USAGE, "required flag \"container-name\" (-c) not set");
	if (mode == GEN_MULTIVOLUME && (!o->image_url || !*o->image_url))
		return err_set(e, EXIT_USAGE, "multivolume needs --image-url: where the init container downloads the machine's archive");
	if (mode != GEN_MULTIVOLUME && o->image_url)
		return err_set(e, EXIT_USAGE, "--image-url is for multivolume only");
	if (mode == GEN_STATEFUL && (!o->service_account || !*o->service_account))
		return err_set(e, EXIT_USAGE, "stateful needs --service-account: the account allowed to run the machine as root (see oc adm policy add-scc-to-user)");
	if (mode != GEN_MACROIMAGE && (o->local_image || o->image))
		return err_set(e, EXIT_USAGE, "%s is for macroimage only", o->image ? "--image" : "--local-image");
	if (mode != GEN_MULTIVOLUME && (o->legacy_init_annotation || o->init_image))
		return err_set(e, EXIT_USAGE, "%s is for multivolume only",
			       o->init_image ? "--init-image" : "--legacy-init-annotation");
	if (o->output && o->dest)
		return err_set(e, EXIT_USAGE, "--output prints the objects; it cannot be used with --dest");
	if (o->legacy_init_annotation && o->workload && !strcmp(o->workload, "deployment"))
		return err_set(e, EXIT_USAGE, "--legacy-init-annotation writes a bare Pod; it cannot be used with --workload deployment");
	for (size_t i = 0; i < o->ips.n; i++)
		if (!ip_valid(o->ips.v[i]))
			return err_set(e, EXIT_USAGE, "invalid IP address \"%s\" for --ip", o->ips.v[i]);
	if (o->service_account && !name_is_dns1123_subdomain(o->service_account))
		return err_set(e, EXIT_USAGE,
			       "invalid service account \"%s\": a lowercase RFC 1123 subdomain is required", o->service_account);
	return 0;
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
	p->deployment = o->workload ? !strcmp(o->workload, "deployment") : mode == GEN_STATEFUL;
	if (machine_open(o->root ? o->root : MACHINE_DEFAULT_ROOT, o->container_name, &p->m, e) < 0)
		return -1;
	if (o->base_image) {
		p->base_image = xstrdup(o->base_image);
	} else if (!(p->base_image = machine_default_base_image(&p->m))) {
		if (!p->m.os_file)
			return err_set(e, EXIT_FAIL,
				       "cannot tell the release of machine \"%s\": neither etc/os-release nor etc/redhat-release is readable; pass --base-image",
				       o->container_name);
		return err_set(e, EXIT_FAIL,
			       "no leapp base image for %s (from %s): pass --base-image", p->m.os_pretty ? p->m.os_pretty : "this release",
			       p->m.os_file);
	}
	if (p->m.init == INIT_UNKNOWN)
		warnf("cannot tell the init system of %s (no sbin/init); assuming it is not systemd", p->m.path);
	if (mode == GEN_MACROIMAGE)
		p->image = o->image ? xstrdup(o->image) : xasprintf("leapp/%s", p->names.n);
	else
		p->image = xstrdup(p->base_image);
	if (mode == GEN_STATEFUL && machine_measure(&p->m, e) < 0)
		return -1;
	if (o->load_balancer && o->ips.n)
		warnf("--ip is ignored with --load-balancer: the load balancer chooses the address");
	if (!p->nports && o->ips.n)
		warnf("--ip is ignored: no --tcp or --udp port, so no Service is written");
	if (machine_old_systemd(&p->m))
		warnf("%s runs systemd 219, which cannot boot on cgroup v2 nodes (OpenShift 4.14+ installs, Kubernetes 1.35+); run it on cgroup v1 nodes",
		      p->m.os_pretty ? p->m.os_pretty : p->m.name);
	return 0;
}

void gen_plan_free(struct gen_plan *p)
{
	gen_names_free(&p->names);
	machine_free(&p->m);
	free(p->ports);
	free(p->base_image);
	free(p->image);
	memset(p, 0, sizeof(*p));
}
