#include "diag/template.h"
#include "lib/contract.h"
#include "lib/shquote.h"
#include "lib/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum var {
	V_CONTAINER, V_POD, V_NS, V_WORKLOAD, V_OWNER, V_SA, V_SCC_FIX, V_WAITING,
	V_NEW_SA, V_SCC, V_NODE, V_URL, V_HOST, V_IMAGE, V_INIT, V_MAIN, V_CLAIM, V_EXIT, V_CAP,
	V_MACHINE, V_MACHINE_DIR, V_HOST_CGROUP, V_OWN_SA, V_PSA_LEVEL, V_NODE_SELECTOR,
	V_IMAGE_URL, V_REPO, V_GRACE, V_MEMORY,
};

static const struct { const char *name; int always; } vars[] = {
	[V_CONTAINER] = { "container", 1 }, [V_POD] = { "pod", 0 }, [V_NS] = { "ns", 1 },
	[V_WORKLOAD] = { "workload", 1 }, [V_OWNER] = { "owner", 1 }, [V_SA] = { "sa", 1 },
	[V_SCC_FIX] = { "scc_fix", 1 }, [V_WAITING] = { "waiting", 1 }, [V_NEW_SA] = { "new_sa", 0 },
	[V_SCC] = { "scc", 0 }, [V_NODE] = { "node", 0 }, [V_URL] = { "url", 0 }, [V_HOST] = { "host", 0 },
	[V_IMAGE] = { "image", 0 }, [V_INIT] = { "init", 0 }, [V_MAIN] = { "main", 0 },
	[V_CLAIM] = { "claim", 0 }, [V_EXIT] = { "exit", 0 }, [V_CAP] = { "1", 0 },
	[V_MACHINE] = { "machine", 0 }, [V_MACHINE_DIR] = { "machine_dir", 0 },
	[V_HOST_CGROUP] = { "host_cgroup", 0 }, [V_OWN_SA] = { "own_sa", 0 }, [V_PSA_LEVEL] = { "psa_level", 1 },
	[V_NODE_SELECTOR] = { "node_selector", 0 },
	[V_IMAGE_URL] = { "image_url", 0 }, [V_REPO] = { "repo", 0 }, [V_GRACE] = { "grace", 0 },
	[V_MEMORY] = { "memory", 0 },
};
#define NVARS (sizeof(vars) / sizeof(vars[0]))

int template_var(const char *name, size_t n, int *always)
{
	for (size_t i = 0; i < NVARS; i++)
		if (strlen(vars[i].name) == n && !strncmp(vars[i].name, name, n)) {
			if (always)
				*always = vars[i].always;
			return (int)i;
		}
	return -1;
}

/* ---- the pod-wide values ---- */

/* The pod's template when there is no pod (a controller that could not
 * make it): what it would run. */
static const json_t *pod_spec(const struct diag_view *v)
{
	json_t *o;
	size_t i;

	if (v->pod)
		return jget(v->pod, "spec");
	json_array_foreach(v->f->owners, i, o) {
		const json_t *s = jget(o, "spec.template.spec");
		if (!s)
			s = jget(o, "spec.jobTemplate.spec.template.spec");
		if (s)
			return s;
	}
	return NULL;
}

static const json_t *pod_labels(const struct diag_view *v)
{
	json_t *o;
	size_t i;

	if (v->pod)
		return jget(v->pod, "metadata.labels");
	json_array_foreach(v->f->owners, i, o)
		if (jget(o, "spec.template.metadata.labels"))
			return jget(o, "spec.template.metadata.labels");
	return NULL;
}

/* The machine image's address in the contract's variable: a pod generate
 * wrote, whose --image-url it was. */
static char *image_url(const struct diag_view *v)
{
	for (size_t k = 0; k < v->nctr; k++) {
		json_t *e;
		size_t i;
		json_array_foreach(json_object_get(v->ctr[k].spec, "env"), i, e)
			if (jstr(e, "name") && !strcmp(jstr(e, "name"), LEAPP_ENV_IMAGE_URL) && jstr(e, "value") &&
			    *jstr(e, "value"))
				return xstrdup(jstr(e, "value"));
	}
	return NULL;
}

/* The first http(s) address in a line, up to a space or a quote. */
static char *url_in(const char *s, size_t n)
{
	for (const char *p = s; p && p < s + n; p++) {
		p = memmem(p, (size_t)(s + n - p), "http", 4);
		if (!p)
			break;
		if (!strncmp(p, "http://", 7) || !strncmp(p, "https://", 8)) {
			size_t k = strcspn(p, " \t\n;&|'\")$<>");
			return xstrndup(p, k);
		}
	}
	return NULL;
}

/* Where the init container downloads from: its environment (the contract's
 * variable), its command, or what it logged (leapp's line, busybox wget's
 * "Connecting to", GNU wget's "--DATE--  URL", any address in a failed
 * container's log). */
static char *find_url(const struct diag_view *v)
{
	for (size_t k = 0; k < v->nctr; k++) {
		const struct diag_ctr *c = &v->ctr[k];
		json_t *e;
		size_t i;
		if (!c->init)
			continue;
		json_array_foreach(json_object_get(c->spec, "env"), i, e)
			if (jstr(e, "name") && !strcmp(jstr(e, "name"), LEAPP_ENV_IMAGE_URL) && jstr(e, "value") &&
			    *jstr(e, "value"))
				return xstrdup(jstr(e, "value"));
		static const char *const fields[] = { "command", "args" };
		for (int fi = 0; fi < 2; fi++)
			json_array_foreach(json_object_get(c->spec, fields[fi]), i, e) {
				const char *s = json_string_value(e), *u = s ? strstr(s, "http") : NULL;
				if (u && (!strncmp(u, "http://", 7) || !strncmp(u, "https://", 8)))
					return xstrndup(u, strcspn(u, " \t\n;&|'\")$"));
			}
	}
	for (size_t i = 0; i < v->nlog; i++)
		for (size_t k = 0; k < v->log[i].n; k++) {
			const struct diag_line *l = &v->log[i].line[k];
			static const char dl[] = LEAPP_LOG_DOWNLOADING;
			const char *p = memmem(l->s, l->n, dl, sizeof(dl) - 1);
			if (p) {
				p += sizeof(dl) - 1;
				size_t n = (size_t)(l->s + l->n - p);
				char *u = xstrndup(p, n);
				u[strcspn(u, " \r\n")] = '\0';
				if (*u)
					return u;
				free(u);
			}
			if (v->log[i].init && l->n > 14 && !memcmp(l->s, "Connecting to ", 14)) {
				char *host = xstrndup(l->s + 14, l->n - 14);
				host[strcspn(host, " ")] = '\0';
				char *u = xasprintf("http://%s/", host);
				free(host);
				return u;
			}
		}
	for (size_t i = 0; i < v->nlog; i++) {
		const struct diag_ctr *c = view_ctr(v, v->log[i].container);
		if (!v->log[i].init && !v->log[i].previous && c && !c->failed)
			continue;	/* a running machine's log names addresses of all sorts */
		for (size_t k = 0; k < v->log[i].n; k++) {
			char *u = url_in(v->log[i].line[k].s, v->log[i].line[k].n);
			if (u)
				return u;
		}
	}
	return NULL;
}

static char *url_host(const char *url)
{
	const char *p = url ? strstr(url, "://") : NULL;

	if (!p)
		return NULL;
	p += 3;
	size_t auth = strcspn(p, "/?#");
	for (size_t i = 0; i < auth; i++)	/* user:password@ is not the host */
		if (p[i] == '@') {
			p += i + 1;
			auth -= i + 1;
			i = (size_t)-1;
		}
	size_t n = p[0] == '[' ? strcspn(p, "]") + 1 : strcspn(p, ":/?#");
	if (n > auth)
		n = auth;
	return n ? xstrndup(p, n) : NULL;
}

/* name=leapp-<machine>-label, the label generate puts on the machine's pods. */
static char *machine_of(const struct diag_view *v)
{
	const char *l = jstr(pod_labels(v), LEAPP_LABEL_KEY);
	size_t n = l ? strlen(l) : 0, pre = strlen(LEAPP_LABEL_PREFIX), suf = strlen(LEAPP_LABEL_SUFFIX);

	if (n <= pre + suf || strncmp(l, LEAPP_LABEL_PREFIX, pre) || strcmp(l + n - suf, LEAPP_LABEL_SUFFIX))
		return NULL;
	return xstrndup(l + pre, n - pre - suf);
}

/* The machine's directory on the host: a stateful volume's parent, else
 * where leapp keeps the machine. */
static char *machine_dir(const struct diag_view *v, const char *machine)
{
	json_t *pv;
	size_t i;

	json_array_foreach(v->f->volumes, i, pv) {
		const char *p = jpath(pv, "spec.hostPath.path");
		const char *slash = p ? strrchr(p, '/') : NULL;
		if (slash && slash > p)
			return xstrndup(p, (size_t)(slash - p));
	}
	return machine ? xasprintf("%s/%s", LEAPP_MACHINES_DIR, machine) : NULL;
}

/* The one SCC that lets a machine run as it must, and nothing more:
 * hostmount-anyuid for host directories (the host's cgroup tree excepted:
 * the fix for that is not to mount it), else anyuid for root. Never
 * privileged: a machine does not need a privileged container. */
static const char *least_scc(const json_t *spec)
{
	json_t *vol;
	size_t i;

	json_array_foreach(json_object_get(spec, "volumes"), i, vol) {
		const char *hp = jpath(vol, "hostPath.path");
		if (hp && strncmp(hp, "/sys/fs/cgroup", 14))
			return "hostmount-anyuid";
	}
	return "anyuid";
}

static int has_host_cgroup(const json_t *spec)
{
	json_t *vol;
	size_t i;

	json_array_foreach(json_object_get(spec, "volumes"), i, vol) {
		const char *hp = jpath(vol, "hostPath.path");
		if (hp && !strncmp(hp, "/sys/fs/cgroup", 14))
			return 1;
	}
	return 0;
}

/* The top controller, "deployment/web", else the workload itself. */
static char *top_owner(const struct diag_view *v, const char *workload)
{
	size_t n = json_array_size(v->f->owners);

	if (!v->pod || !n)
		return xstrdup(workload);
	const json_t *o = json_array_get(v->f->owners, n - 1);
	const struct diag_kind *k = diag_kind_named(jstr(o, "kind"));
	const char *name = jpath(o, "metadata.name");
	return k && name ? xasprintf("%s/%s", k->words[0], name) : xstrdup(workload);
}

void tvars_build(struct tvars *t, const struct diag_view *v, const char *workload)
{
	const json_t *spec = pod_spec(v);
	const struct diag_ctr *main = view_main(v);

	memset(t, 0, sizeof(*t));
	t->v = v;
	t->ns = v->f->namespace ? v->f->namespace : "default";
	t->workload = workload;
	t->pod = v->f->pod_name ? v->f->pod_name : workload;
	t->owner = t->owner_buf = top_owner(v, workload);
	t->node = v->node;
	t->scc = v->scc;
	t->sa = jstr(spec, "serviceAccountName");
	if (!t->sa || !*t->sa)
		t->sa = jstr(spec, "serviceAccount");	/* the deprecated field */
	if (!t->sa || !*t->sa)
		t->sa = "default";
	t->main = main ? main->name : NULL;
	t->init = v->nctr && v->ctr[0].init ? v->ctr[0].name : NULL;
	t->url = find_url(v);
	t->image_url = image_url(v);
	json_t *grace = json_object_get(spec, "terminationGracePeriodSeconds");
	if (json_is_integer(grace))
		t->grace = xasprintf("%lld", (long long)json_integer_value(grace));
	t->host = url_host(t->url);
	t->machine = machine_of(v);
	t->machine_dir = machine_dir(v, t->machine);
	t->scc_fix = xstrdup(least_scc(spec));
	const char *k;
	json_t *val;
	struct strbuf ns = STRBUF_INIT;
	json_object_foreach((json_t *)json_object_get(spec, "nodeSelector"), k, val)
		sb_addf(&ns, "%s%s=%s", ns.len ? "," : "", k, json_string_value(val) ? json_string_value(val) : "");
	t->node_selector = ns.len ? sb_detach(&ns) : NULL;
	sb_free(&ns);
	/* granting an SCC to "default" relaxes every pod of the namespace: a
	 * machine gets an account of its own */
	if (!strcmp(t->sa, "default")) {
		const char *slash = strchr(t->owner, '/');
		t->new_sa = t->machine ? xasprintf("%s%s", LEAPP_LABEL_PREFIX, t->machine)
				       : xstrdup(slash ? slash + 1 : t->owner);
	}
}

void tvars_free(struct tvars *t)
{
	free(t->url);
	free(t->image_url);
	free(t->grace);
	free(t->host);
	free(t->machine);
	free(t->machine_dir);
	free(t->new_sa);
	free(t->scc_fix);
	free(t->owner_buf);
	free(t->node_selector);
	memset(t, 0, sizeof(*t));
}

/* ---- expansion ---- */

/* An image's repository name, without registry, tag or digest: what `oc set
 * image-lookup` and `oc start-build` name (into buf). */
static const char *repo_of(const char *ref, char *buf, size_t n)
{
	if (!ref || !*ref)
		return NULL;
	const char *name = strrchr(ref, '/') ? strrchr(ref, '/') + 1 : ref;
	size_t k = strcspn(name, ":@");
	if (!k || k >= n)
		return NULL;
	memcpy(buf, name, k);
	buf[k] = '\0';
	return buf;
}

static const char *value(const struct tvars *t, const struct tmatch *m, enum var id, char *num, size_t numsz)
{
	const struct diag_view *v = t->v;
	const struct diag_ctr *c = m && m->ctr ? m->ctr : NULL;

	switch (id) {
	case V_CONTAINER: return c ? c->name : m && m->container ? m->container : "the container";
	case V_POD: return v->f->pod_name;
	case V_NS: return t->ns;
	case V_WORKLOAD: return t->workload;
	case V_OWNER: return t->owner;
	case V_SA: return t->sa;
	case V_SCC_FIX: return t->scc_fix;
	case V_WAITING: return m ? m->waiting : NULL;
	case V_NEW_SA: return t->new_sa;
	case V_SCC: return t->scc;
	case V_NODE: return t->node;
	case V_URL: return t->url;
	case V_HOST: return t->host;
	case V_IMAGE:
		if (!c)
			c = view_main(v);
		return c ? jstr(c->spec, "image") : NULL;
	case V_INIT: return t->init;
	case V_MAIN: return t->main;
	case V_CLAIM: return m ? m->claim : NULL;
	case V_EXIT:
		if (!m || !m->has_exit)
			return NULL;
		snprintf(num, numsz, "%lld", m->exit_code);
		return num;
	case V_CAP: return m && m->cap[0] ? m->cap : NULL;
	case V_MACHINE: return t->machine;
	case V_MACHINE_DIR: return t->machine_dir;
	case V_HOST_CGROUP: return has_host_cgroup(pod_spec(v)) ? "/sys/fs/cgroup" : NULL;
	case V_OWN_SA: return t->new_sa ? NULL : t->sa;
	case V_PSA_LEVEL: return strcmp(t->scc_fix, "anyuid") ? "privileged" : "baseline";
	case V_NODE_SELECTOR: return t->node_selector;
	case V_IMAGE_URL: return t->image_url;
	case V_GRACE: return t->grace;
	case V_REPO:
	case V_MEMORY:
		if (!c)
			c = view_main(v);
		if (!c)
			return NULL;
		if (id == V_MEMORY)
			return jpath(c->spec, "resources.limits.memory");
		return repo_of(jstr(c->spec, "image"), num, numsz);
	}
	return NULL;
}

char *template_expand(const struct tvars *t, const struct tmatch *m, const char *text, int *missing)
{
	struct strbuf sb = STRBUF_INIT;

	if (missing)
		*missing = 0;
	for (const char *p = text; *p;) {
		const char *close = *p == '{' ? strchr(p + 1, '}') : NULL;
		int neg = close && p[1] == '!';	/* {!var}: only when var is unknown */
		size_t n = close ? strcspn(p + 1 + neg, "|}") : 0;
		int id = close ? template_var(p + 1 + neg, n, NULL) : -1;
		if (id < 0) {
			sb_addc(&sb, *p++);
			continue;
		}
		char num[256];
		const char *v = value(t, m, (enum var)id, num, sizeof(num));
		if (neg) {
			if (v && *v && missing)
				*missing = 1;
			p = close + 1;
			continue;
		}
		if (v && *v) {
			if (id == V_WAITING)
				sb_adds(&sb, v);	/* our own words */
			else
				sb_add_shquoted(&sb, v);	/* values from the cluster land in commands to copy */
		} else if (p[1 + n] == '|') {
			sb_add(&sb, p + 2 + n, (size_t)(close - p - 2 - n));
		} else if (missing) {
			*missing = 1;
		}
		p = close + 1;
	}
	return sb_detach(&sb);
}
