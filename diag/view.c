#include "diag/view.h"
#include "lib/contract.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const specs[] = { "spec.initContainers", "spec.containers" };
static const char *const stats[] = { "status.initContainerStatuses", "status.containerStatuses" };

static long long newest_start(const json_t *status)
{
	long long t = 0, v;
	static const char *const where[] = { "state.running.startedAt", "state.terminated.startedAt",
		"lastState.terminated.startedAt" };

	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++)
		if ((v = rfc3339_seconds(jpath(status, where[i]))) > t)
			t = v;
	return t;
}

/* A reference's registry host: its first component, when it has a dot or
 * a port or is localhost (the Docker rule). */
static int has_registry(const char *ref)
{
	const char *slash = strchr(ref, '/');
	size_t n = slash ? (size_t)(slash - ref) : 0;

	if (!slash)
		return 0;
	return memchr(ref, '.', n) || memchr(ref, ':', n) || (n == 9 && !memcmp(ref, "localhost", 9));
}

/* The repository's last component is leapp-<N>-base. */
static int base_image(const char *ref)
{
	const char *name = strrchr(ref, '/') ? strrchr(ref, '/') + 1 : ref;
	size_t n = strcspn(name, ":@"), pre = strlen(LEAPP_BASE_IMAGE_PREFIX), suf = strlen(LEAPP_BASE_IMAGE_SUFFIX);

	return n > pre + suf && !strncmp(name, LEAPP_BASE_IMAGE_PREFIX, pre) &&
	       !strncmp(name + n - suf, LEAPP_BASE_IMAGE_SUFFIX, suf);
}

static void ctr_facts(struct diag_ctr *c)
{
	const char *img = jstr(c->spec, "image");
	json_t *code = json_object_get(c->term, "exitCode"), *last = json_object_get(c->last, "exitCode");

	if (img && *img) {
		if (!has_registry(img))
			c->conds |= C_BARE_IMAGE;
		if (base_image(img))
			c->conds |= C_BASE_IMAGE;
	}
	c->failed = (json_is_integer(code) && json_integer_value(code) != 0) ||
		    (c->waiting_reason && !strcmp(c->waiting_reason, "CrashLoopBackOff")) ||
		    (!c->running && json_is_integer(last) && json_integer_value(last) != 0);
}

static void build_ctrs(struct diag_view *v)
{
	size_t total = json_array_size(jget(v->pod, specs[0])) + json_array_size(jget(v->pod, specs[1]));
	json_t *statuses = json_object();

	v->ctr = xcalloc(total ? total : 1, sizeof(*v->ctr));
	/* statuses by name: a pod may have many containers */
	for (int k = 0; k < 2; k++) {
		json_t *s;
		size_t i;
		json_array_foreach(jget(v->pod, stats[k]), i, s)
			if (jstr(s, "name"))
				json_object_set(statuses, jstr(s, "name"), s);
	}
	for (int k = 0; k < 2; k++) {
		json_t *s;
		size_t i;
		json_array_foreach(jget(v->pod, specs[k]), i, s) {
			const char *name = jstr(s, "name");
			if (!name)
				continue;
			struct diag_ctr *c = &v->ctr[v->nctr++];
			c->name = name;
			c->init = k == 0;
			c->spec = s;
			c->status = json_object_get(statuses, name);
			c->waiting = jget(c->status, "state.waiting");
			c->running = jget(c->status, "state.running");
			c->term = jget(c->status, "state.terminated");
			c->last = jget(c->status, "lastState.terminated");
			c->waiting_reason = jstr(c->waiting, "reason");
			c->restarts = json_integer_value(json_object_get(c->status, "restartCount"));
			if (c->restarts < 0)
				c->restarts = 0;
			c->ready = json_is_true(json_object_get(c->status, "ready"));
			c->started = newest_start(c->status);
			c->readiness_probe = json_object_get(s, "readinessProbe") != NULL;
			ctr_facts(c);
		}
	}
	json_decref(statuses);
}

const struct diag_ctr *view_ctr(const struct diag_view *v, const char *name)
{
	for (size_t k = 0; name && k < v->nctr; k++)
		if (!strcmp(v->ctr[k].name, name))
			return &v->ctr[k];
	return NULL;
}

const struct diag_ctr *view_main(const struct diag_view *v)
{
	for (size_t k = 0; k < v->nctr; k++)
		if (!v->ctr[k].init)
			return &v->ctr[k];
	return NULL;
}

/* The container an event's fieldPath names: spec.initContainers{web-init}. */
static int event_ctr(const struct diag_view *v, const json_t *ev)
{
	const char *fp = jpath(ev, "involvedObject.fieldPath");
	const char *open = fp ? strchr(fp, '{') : NULL;

	if (!open)
		return -1;
	for (size_t k = 0; k < v->nctr; k++) {
		size_t n = strlen(v->ctr[k].name);
		if (!strncmp(open + 1, v->ctr[k].name, n) && open[1 + n] == '}')
			return (int)k;
	}
	return -1;
}

static long long ev_first(const json_t *ev)
{
	static const char *const order[] = { "eventTime", "firstTimestamp", "metadata.creationTimestamp" };
	long long t;

	/* kubectl describe: eventTime, or firstTimestamp when eventTime is zero */
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if ((t = rfc3339_seconds(jpath(ev, order[i]))))
			return t;
	return 0;
}

static void build_events(struct diag_view *v)
{
	size_t n = json_array_size(v->f->events), i;
	json_t *ev;

	v->ev = xcalloc(n ? n : 1, sizeof(*v->ev));
	json_array_foreach(v->f->events, i, ev) {
		struct diag_ev *e = &v->ev[v->nev++];
		const struct diag_kind *k;
		long ns;
		json_t *cnt = json_object_get(ev, "count");
		e->obj = ev;
		e->type = jstr(ev, "type");
		e->reason = jstr(ev, "reason");
		e->message = jstr(ev, "message");
		e->kind = jpath(ev, "involvedObject.kind");
		e->name = jpath(ev, "involvedObject.name");
		e->from = jpath(ev, "source.component");
		if (!e->from)
			e->from = jstr(ev, "reportingController");
		if (!e->from)
			e->from = jstr(ev, "reportingComponent");
		diag_event_time(ev, &e->last, &ns);
		e->first = ev_first(ev);
		if (!e->first || e->first > e->last)
			e->first = e->last;
		e->count = json_is_integer(cnt) ? json_integer_value(cnt) : 1;
		if (json_is_integer(jget(ev, "series.count")))
			e->count = json_integer_value(jget(ev, "series.count"));
		k = diag_kind_named(e->kind);
		e->owner = k && k->controller;
		e->claim = k && k->id == K_PVC;
		e->ctr = e->owner || e->claim ? -1 : event_ctr(v, ev);
	}
}

/* An escape sequence at p (ESC already seen at p[0]): its length. CSI
 * (ESC [ ... final byte), OSC (ESC ] ... BEL or ESC \), else ESC and one
 * byte. */
static size_t escape_len(const char *p, const char *end)
{
	const char *q = p + 1;

	if (q < end && *q == '[') {
		for (q++; q < end && !((unsigned char)*q >= 0x40 && (unsigned char)*q <= 0x7e); q++)
			;
		return (size_t)(q < end ? q + 1 - p : end - p);
	}
	if (q < end && *q == ']') {
		for (q++; q < end && *q != '\a'; q++)
			if (*q == '\033' && q + 1 < end && q[1] == '\\')
				return (size_t)(q + 2 - p);
		return (size_t)(q < end ? q + 1 - p : end - p);
	}
	return (size_t)(q < end ? 2 : 1);
}

/* One line as a terminal shows it, in place: escape sequences dropped, and
 * what a \r redrew over (a progress meter) gone. Returns its new length. */
static size_t tty_clean(char *s, size_t n)
{
	size_t w = 0, start = 0;
	const char *end = s + n;

	for (size_t i = 0; i < n;) {
		if (s[i] == '\033') {
			i += escape_len(s + i, end);
			continue;
		}
		if (s[i] == '\r') {
			/* a \r with more after it starts the line again */
			size_t j = i + 1;
			while (j < n && s[j] == '\r')
				j++;
			if (j < n)
				start = w;
			i = j;
			continue;
		}
		s[w++] = s[i++];
	}
	if (start) {
		memmove(s, s + start, w - start);
		w -= start;
	}
	return w;
}

/* Lines of text, split once into one NUL-terminated copy: empty lines
 * skipped, as the rules want to match them. */
static void split(struct diag_vlog *g)
{
	size_t cap = 16;
	char *p, *end;

	g->buf = xmalloc(g->len + 1);
	memcpy(g->buf, g->text, g->len);
	g->buf[g->len] = '\0';
	p = g->buf;
	end = g->buf + g->len;
	g->line = xcalloc(cap, sizeof(*g->line));
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		n = tty_clean(p, n);
		p[n] = '\0';
		n = strlen(p);	/* a NUL inside ends the line for matching */
		if (n) {
			if (g->n == cap) {
				cap *= 2;
				g->line = xrealloc(g->line, cap * sizeof(*g->line));
			}
			g->line[g->n].s = p;
			g->line[g->n++].n = n;
		}
		p = nl ? nl + 1 : end;
	}
}

/* The logs, and the termination messages of containers with no log read:
 * generate sets terminationMessagePolicy FallbackToLogsOnError, so the
 * kubelet leaves the log's tail there when the container fails. */
static void build_logs(struct diag_view *v)
{
	const struct diag_facts *f = v->f;

	v->log = xcalloc(f->nlogs + 2 * v->nctr + 1, sizeof(*v->log));
	for (size_t i = 0; i < f->nlogs; i++) {
		if (!f->logs[i].text)
			continue;
		struct diag_vlog *g = &v->log[v->nlog++];
		g->container = f->logs[i].container;
		g->init = f->logs[i].init;
		g->previous = f->logs[i].previous;
		g->text = f->logs[i].text;
		g->len = f->logs[i].len;
		split(g);
	}
	for (size_t k = 0; k < v->nctr; k++) {
		int have = 0;
		for (size_t i = 0; i < f->nlogs; i++)
			have |= f->logs[i].text && !strcmp(f->logs[i].container, v->ctr[k].name);
		for (int w = 0; w < 2 && !have; w++) {
			const char *msg = jstr(w ? v->ctr[k].last : v->ctr[k].term, "message");
			if (!msg || !*msg)
				continue;
			struct diag_vlog *g = &v->log[v->nlog++];
			g->container = v->ctr[k].name;
			g->init = v->ctr[k].init;
			g->previous = w;
			g->text = msg;
			g->len = strlen(msg);
			split(g);
		}
	}
}

int view_cond(const json_t *pod, const char *type, long long *since)
{
	json_t *c;
	size_t i;

	json_array_foreach(jget(pod, "status.conditions"), i, c)
		if (jstr(c, "type") && !strcmp(jstr(c, "type"), type)) {
			if (since)
				*since = rfc3339_seconds(jstr(c, "lastTransitionTime"));
			return jstr(c, "status") && !strcmp(jstr(c, "status"), "True");
		}
	if (since)
		*since = 0;
	return 0;
}

/* systemd's banner, "systemd 219 running in system mode": its version, or 0. */
static long banner_version(const struct diag_line *l)
{
	const char *p = memmem(l->s, l->n, "systemd ", 8), *end = l->s + l->n;
	long ver = 0;

	if (!p)
		return 0;
	const char *q = p + 8;
	while (q < end && *q >= '0' && *q <= '9' && ver < 100000)
		ver = ver * 10 + (*q++ - '0');
	if (q > p + 8 && (size_t)(end - q) >= 23 && !memcmp(q, " running in system mode", 23))
		return ver;
	return 0;
}

/* Releases whose systemd is older than 230, as systemd's welcome line names
 * them: every release 7 of the RHEL family ships 219. */
static int old_release(const struct diag_line *l)
{
	static const char *const names[] = { "CentOS Linux 7", "CentOS 7", "Red Hat Enterprise Linux Server 7",
		"Red Hat Enterprise Linux Workstation 7", "Red Hat Enterprise Linux 7", "Scientific Linux 7",
		"Oracle Linux Server 7", NULL };
	const char *w = memmem(l->s, l->n, "Welcome to ", 11);

	for (size_t i = 0; w && names[i]; i++) {
		size_t k = strlen(names[i]);
		const char *at = w + 11, *end = l->s + l->n;
		if ((size_t)(end - at) > k && !memcmp(at, names[i], k) && (at[k] == ' ' || at[k] == '.' || at[k] == '!'))
			return 1;
	}
	return 0;
}

/* The guest's systemd is older than 230: its banner says so (and a banner
 * of 230 or later says it is not), else its release, else the 2017 base
 * image of release 7 (leapp-scratch:7). */
static int old_systemd(const struct diag_view *v)
{
	int release = 0;

	for (size_t i = 0; i < v->nlog; i++)
		for (size_t k = 0; k < v->log[i].n; k++) {
			long ver = banner_version(&v->log[i].line[k]);
			if (ver)
				return ver < 230;
			release |= old_release(&v->log[i].line[k]);
		}
	for (size_t k = 0; !release && k < v->nctr; k++) {
		const char *img = jstr(v->ctr[k].spec, "image");
		const char *at = img ? strstr(img, LEAPP_SCRATCH_IMAGE) : NULL;
		release = at && !v->ctr[k].init && !strncmp(at + strlen(LEAPP_SCRATCH_IMAGE), "7", 1);
	}
	return release;
}

/* A claim's volume holds host directories: hostPath or local. A claim
 * whose volume is not known holds them when the pod is a machine's (the
 * stateful mode's volumes are its directories on the host). */
static int host_claims(const struct diag_view *v, int leapp)
{
	json_t *pv;
	size_t i;
	int claims = 0;

	json_array_foreach(jget(v->pod, "spec.volumes"), i, pv)
		claims |= json_object_get(pv, "persistentVolumeClaim") != NULL;
	if (!claims)
		return 0;
	if (!json_array_size(v->f->volumes))
		return leapp;
	json_array_foreach(v->f->volumes, i, pv)
		if (jget(pv, "spec.hostPath") || jget(pv, "spec.local"))
			return 1;
	return 0;
}

static int leapp_pod(const struct diag_view *v)
{
	const char *l = jstr(jget(v->pod, "metadata.labels"), LEAPP_LABEL_KEY);
	size_t n = l ? strlen(l) : 0, pre = strlen(LEAPP_LABEL_PREFIX), suf = strlen(LEAPP_LABEL_SUFFIX);

	return n > pre + suf && !strncmp(l, LEAPP_LABEL_PREFIX, pre) && !strcmp(l + n - suf, LEAPP_LABEL_SUFFIX);
}

static unsigned pod_conds(const struct diag_view *v)
{
	unsigned k = 0;
	json_t *vol;
	size_t i;

	if (v->scc)
		k |= C_OPENSHIFT;
	if (v->scc && (!strncmp(v->scc, "restricted", 10) || !strncmp(v->scc, "nonroot", 7)))
		k |= C_RESTRICTED;
	if (leapp_pod(v))
		k |= C_LEAPP;
	json_array_foreach(jget(v->pod, "spec.volumes"), i, vol) {
		const char *hp = jpath(vol, "hostPath.path");
		if (hp)
			k |= C_HOSTPATH;
		if (hp && !strncmp(hp, "/sys/fs/cgroup", 14))
			k |= C_HOST_CGROUP;
		if (hp && strncmp(hp, "/sys/fs/cgroup", 14))
			k |= C_HOSTDATA;
	}
	if (host_claims(v, (k & C_LEAPP) != 0))
		k |= C_HOSTDATA;
	if (old_systemd(v))
		k |= C_OLD_SYSTEMD;
	return k;
}

void diag_view_build(struct diag_view *v, const struct diag_facts *f)
{
	memset(v, 0, sizeof(*v));
	v->f = f;
	v->pod = f->pod;
	build_ctrs(v);
	build_events(v);
	build_logs(v);
	v->phase = jpath(f->pod, "status.phase");
	v->reason = jpath(f->pod, "status.reason");
	v->message = jpath(f->pod, "status.message");
	v->node = jpath(f->pod, "spec.nodeName");
	v->scc = jstr(jget(f->pod, "metadata.annotations"), "openshift.io/scc");
	v->created = rfc3339_seconds(jpath(f->pod, "metadata.creationTimestamp"));
	v->scheduled = view_cond(f->pod, "PodScheduled", NULL);
	v->initialized = view_cond(f->pod, "Initialized", NULL);
	v->ready = view_cond(f->pod, "Ready", &v->ready_at);
	v->conds = pod_conds(v);
	/* saved files are read as of their newest time; a live pod as of now,
	 * or of its newest event when the clocks disagree */
	v->now = f->now ? f->now : (long long)time(NULL);
	for (size_t i = 0; !f->now && i < v->nev; i++)
		if (v->ev[i].last > v->now)
			v->now = v->ev[i].last;
}

void diag_view_free(struct diag_view *v)
{
	for (size_t i = 0; i < v->nlog; i++) {
		free(v->log[i].line);
		free(v->log[i].buf);
	}
	free(v->log);
	free(v->ev);
	free(v->ctr);
	memset(v, 0, sizeof(*v));
}
