/* diagnose live: fills the pool from the API, then the one assembly makes
 * the facts. For a namespace (--all, -l, -A): one pods list and one events
 * list, paged as kubectl pages them, and then only what the failing pods
 * need: the logs of containers that failed, their controllers and claims.
 * For one pod or controller: that object and its events by name, and
 * everything about it. Each object is asked for once; a request that fails
 * is noted on the pods it concerns, never dropped. */
#include "diag/live.h"
#include "diag/assemble.h"
#include "lib/contract.h"
#include "diag/pool.h"
#include "lib/strbuf.h"

#include <stdlib.h>
#include <string.h>

#define LOG_TAIL	200
#define LOG_LIMIT	(256 * 1024)
#define LOG_CAP		(LOG_LIMIT + 64 * 1024)	/* the client's own cap, if the server ignores limitBytes */

struct live {
	struct kube_client *c;
	struct diag_pool *pool;
	const struct diag_target *t;
	const char *ns;		/* NULL: every namespace */
	int events_listed;	/* the scope's events come in one list: none asked by name */
	json_t *asked;		/* path -> {"pods": ["ns/pod" ...], "failed": "why"} */
	int gets[K_NKINDS];	/* objects of each kind asked one by one */
	int listing[K_NKINDS];	/* ... or all of the scope's, in one list */
	struct err fatal;	/* the target itself could not be read */
	int warned_events;
};

/* What a request is for. */
enum job { J_TARGET, J_OBJECT, J_GUESS, J_EVENTS, J_LOG };

struct ctx {
	struct live *l;
	enum job job;
	char *ns, *pod, *container;	/* the pod it concerns (logs, and who wanted an object) */
	int previous;
	char *path;			/* its key in asked */
};

static void want_object(struct live *l, enum diag_kind_id k, const char *ns, const char *name, const char *for_ns,
			const char *for_pod, enum job job);
static void expand(struct live *l, json_t *o, int detail);

static struct ctx *new_ctx(struct live *l, enum job job, const char *ns, const char *pod)
{
	struct ctx *x = xcalloc(1, sizeof(*x));

	x->l = l;
	x->job = job;
	x->ns = ns ? xstrdup(ns) : NULL;
	x->pod = pod ? xstrdup(pod) : NULL;
	return x;
}

static void free_ctx(struct ctx *x)
{
	free(x->ns);
	free(x->pod);
	free(x->container);
	free(x->path);
	free(x);
}

static const char *str(const json_t *o, const char *path)
{
	return jpath(o, path);
}

/* "/api/v1/namespaces/NS/pods" or "/api/v1/pods" (every namespace). */
static char *collection(const struct diag_kind *k, const char *ns)
{
	if (!ns || !k->namespaced)
		return xasprintf("%s/%s", k->api, k->resource);
	char *n = kube_escape(ns), *p = xasprintf("%s/namespaces/%s/%s", k->api, n, k->resource);
	free(n);
	return p;
}

static char *object_path(const struct diag_kind *k, const char *ns, const char *name)
{
	char *c = collection(k, ns), *n = kube_escape(name), *p = xasprintf("%s/%s", c, n);

	free(c);
	free(n);
	return p;
}

/* ---- who wanted what ---- */

/* Records that ns/pod wants path; returns 1 when path was never asked for. */
static int ask(struct live *l, const char *path, const char *ns, const char *pod)
{
	json_t *rec = json_object_get(l->asked, path);
	int fresh = !rec;

	if (fresh) {
		rec = json_pack("{s:[]}", "pods");
		json_object_set_new(l->asked, path, rec);
	}
	if (pod) {
		char *key = xasprintf("%s/%s", ns, pod);
		const char *why = str(rec, "failed");
		if (why)	/* it failed already: say so on this pod too */
			pool_gap(l->pool, ns, pod, "%s", why);
		else
			json_array_append_new(json_object_get(rec, "pods"), json_string(key));
		free(key);
	}
	return fresh;
}

/* A request failed: every pod that wanted it hears why. */
static void failed(struct live *l, const char *path, const char *what, const struct err *e)
{
	json_t *rec = json_object_get(l->asked, path), *v;
	char *why = xasprintf("%s could not be read: %s", what, e->msg);
	size_t i;

	json_array_foreach(json_object_get(rec, "pods"), i, v) {
		const char *key = json_string_value(v), *slash = strchr(key, '/');
		char *ns = xstrndup(key, (size_t)(slash - key));
		pool_gap(l->pool, ns, slash + 1, "%s", why);
		free(ns);
	}
	if (rec)
		json_object_set_new(rec, "failed", json_string(why));
	free(why);
}

/* ---- events ---- */

static void events_done(struct kube_client *c, struct kube_req *r, void *arg)
{
	struct ctx *x = arg;

	(void)c;
	if (r->err.code)
		failed(x->l, r->path, "the events", &r->err);
	else
		pool_add(x->l->pool, r->obj, "EventList");
	free_ctx(x);
}

/* The events about one object, by name (as kubectl describe asks; the
 * assembly then keeps those of this object's uid). */
static void want_events(struct live *l, const char *kind, const char *ns, const char *name, const char *for_ns,
			const char *for_pod)
{
	struct strbuf sel = STRBUF_INIT;

	if (l->events_listed)
		return;
	sb_addf(&sel, "involvedObject.name=%s,involvedObject.namespace=%s,involvedObject.kind=%s", name, ns, kind);
	char *e = kube_escape(sel.buf), *n = kube_escape(ns);
	char *path = xasprintf("/api/v1/namespaces/%s/events?fieldSelector=%s", n, e);
	free(e);
	free(n);
	sb_free(&sel);
	if (ask(l, path, for_ns, for_pod)) {
		struct ctx *x = new_ctx(l, J_EVENTS, for_ns, for_pod);
		kube_submit_new(l->c, path, 1, 0, events_done, x);
	} else {
		free(path);
	}
}

static void event_page(struct kube_client *c, json_t *page, void *arg)
{
	struct live *l = arg;

	(void)c;
	pool_add(l->pool, page, "EventList");
}

/* The scope's events are in: the controllers that warned (FailedCreate: a
 * pod never made shows its cause only there) are read too. */
static void events_listed(struct kube_client *c, const struct err *e, void *arg)
{
	struct live *l = arg;
	json_t *ev;
	size_t i;

	(void)c;
	if (e) {
		pool_gap(l->pool, l->ns, NULL, "the events could not be read: %s", e->msg);
		if (!l->warned_events++)
			warnf("the events could not be read, the diagnosis may miss causes: %s", e->msg);
		return;
	}
	json_array_foreach(l->pool->objs[K_EVENT], i, ev) {
		const struct diag_kind *k = diag_kind_named(str(ev, "involvedObject.kind"));
		const char *type = str(ev, "type"), *name = str(ev, "involvedObject.name");
		if (k && k->controller && type && !strcmp(type, "Warning") && name)
			want_object(l, k->id, pool_ns(ev), name, NULL, NULL, J_OBJECT);
	}
}

/* ---- logs ---- */

static void log_done(struct kube_client *c, struct kube_req *r, void *arg)
{
	struct ctx *x = arg;
	struct live *l = x->l;

	(void)c;
	if (!r->err.code) {
		size_t lines = 0;
		for (size_t i = 0; i < r->len; i++)
			lines += r->body[i] == '\n';
		int cut = r->truncated || r->len >= LOG_LIMIT || lines >= LOG_TAIL;
		char *text = r->body;
		r->body = NULL;		/* the pool takes it */
		pool_add_log(l->pool, x->ns, x->pod, x->container, x->previous, text, r->len, cut, NULL);
	} else {
		pool_add_log(l->pool, x->ns, x->pod, x->container, x->previous, NULL, 0, 0, r->err.msg);
		/* 400: no log to have (waiting to start, no previous run); else a gap */
		if (r->status != 400)
			pool_gap(l->pool, x->ns, x->pod, "the %slog of %s could not be read: %s",
				 x->previous ? "previous " : "", x->container, r->err.msg);
	}
	free_ctx(x);
}

static void want_log(struct live *l, const char *ns, const char *pod, const char *ctr, int previous)
{
	char *n = kube_escape(ns), *p = kube_escape(pod), *c = kube_escape(ctr);
	char *path = xasprintf("/api/v1/namespaces/%s/pods/%s/log?container=%s%s&tailLines=%d&limitBytes=%d", n, p, c,
			       previous ? "&previous=true" : "", LOG_TAIL, LOG_LIMIT);
	struct ctx *x = new_ctx(l, J_LOG, ns, pod);

	x->container = xstrdup(ctr);
	x->previous = previous;
	kube_submit_new(l->c, path, 0, LOG_CAP, log_done, x);
	free(n), free(p), free(c);
}

/* A migrated machine's pod, which may look Running and Ready with its init
 * system frozen: the label generate writes, or /sbin/init and leapp-init. */
static int machine_pod(const json_t *pod)
{
	const char *v = jstr(jget(pod, "metadata.labels"), LEAPP_LABEL_KEY);
	size_t n = v ? strlen(v) : 0, pre = strlen(LEAPP_LABEL_PREFIX), suf = strlen(LEAPP_LABEL_SUFFIX);
	json_t *c, *w;
	size_t i, j;

	if (n > pre + suf && !strncmp(v, LEAPP_LABEL_PREFIX, pre) && !strcmp(v + n - suf, LEAPP_LABEL_SUFFIX))
		return 1;
	json_array_foreach(jget(pod, "spec.containers"), i, c)
		json_array_foreach(json_object_get(c, "command"), j, w) {
			const char *s = json_string_value(w);
			if (s && (strstr(s, "/sbin/init") || strstr(s, "leapp-init")))
				return 1;
		}
	return 0;
}

static const json_t *ctr_spec(const json_t *pod, const char *name)
{
	static const char *const lists[] = { "spec.containers", "spec.initContainers" };
	json_t *c;
	size_t i;

	for (int k = 0; k < 2; k++)
		json_array_foreach(jget(pod, lists[k]), i, c)
			if (str(c, "name") && !strcmp(str(c, "name"), name))
				return c;
	return NULL;
}

/* Which logs a container's state calls for: a failed run's (previous, or
 * the one it is in), and the tail of a running container only when it
 * alone can show the cause (detail: one named target; or a machine whose
 * Ready vouches for nothing, having no readiness probe). */
static void plan_logs(struct live *l, const json_t *pod, const json_t *statuses, int init, int detail)
{
	const char *ns = pool_ns(pod), *name = str(pod, "metadata.name");
	const json_t *s;
	size_t i;

	json_array_foreach(statuses, i, s) {
		const char *c = str(s, "name"), *why = str(s, "state.waiting.reason");
		const json_t *last = jget(s, "lastState.terminated"), *term = jget(s, "state.terminated");
		const json_t *running = jget(s, "state.running");
		json_int_t restarts = json_integer_value(json_object_get(s, "restartCount"));
		int ready = json_is_true(json_object_get(s, "ready"));
		if (!c)
			continue;
		if (last && (restarts > 0 || !term))
			want_log(l, ns, name, c, 1);	/* the run that failed */
		if (term && (detail || json_integer_value(json_object_get(term, "exitCode")) != 0))
			want_log(l, ns, name, c, 0);
		else if (running && (detail || !ready ||
				     (!init && machine_pod(pod) && !json_object_get(ctr_spec(pod, c), "readinessProbe"))))
			want_log(l, ns, name, c, 0);
		else if (detail && !running && !term && !last && why && !strcmp(why, "CrashLoopBackOff"))
			want_log(l, ns, name, c, 0);
	}
}

/* Running and ready, or done: nothing to dig for (its frozen-init check
 * aside, which plan_logs does). */
static int settled(const json_t *pod)
{
	const char *phase = str(pod, "status.phase");
	json_t *s, *cond;
	size_t i;
	int ready = 0;

	if (phase && !strcmp(phase, "Succeeded"))
		return 1;
	if (!phase || strcmp(phase, "Running"))
		return 0;
	json_array_foreach(jget(pod, "status.conditions"), i, cond)
		if (str(cond, "type") && !strcmp(str(cond, "type"), "Ready"))
			ready = str(cond, "status") && !strcmp(str(cond, "status"), "True");
	json_array_foreach(jget(pod, "status.containerStatuses"), i, s)
		if (!json_is_true(json_object_get(s, "ready")))
			return 0;
	return ready;
}

/* ---- objects ---- */

static void object_done(struct kube_client *c, struct kube_req *r, void *arg)
{
	struct ctx *x = arg;
	struct live *l = x->l;

	(void)c;
	if (r->err.code) {
		if (x->job == J_TARGET)
			err_set(&l->fatal, r->err.code, "%s", r->err.msg);
		else if (x->job != J_GUESS && r->status != 404)	/* a controller gone is gone */
			failed(l, r->path, "an object the pod depends on", &r->err);
		free_ctx(x);
		return;
	}
	json_t *o = r->obj;
	const char *kind = str(o, "kind");
	pool_add(l->pool, o, NULL);
	if (kind && !strcmp(kind, "Pod"))
		expand(l, o, 1);
	else
		expand(l, o, x->job == J_TARGET);
	free_ctx(x);
}

static void list_controllers(struct live *l, enum diag_kind_id k);

/* Past this many objects of one kind asked one by one, a namespace's worth
 * of them comes in one list instead (a fleet of failing Deployments). */
#define GETS_BEFORE_LIST	8

static void want_object(struct live *l, enum diag_kind_id k, const char *ns, const char *name, const char *for_ns,
			const char *for_pod, enum job job)
{
	if (l->events_listed && diag_kinds[k].controller) {
		if (l->listing[k])
			return;		/* it comes with the list */
		if (++l->gets[k] > GETS_BEFORE_LIST) {
			list_controllers(l, k);
			return;
		}
	}
	char *path = object_path(&diag_kinds[k], ns, name);

	if (ask(l, path, for_ns, for_pod)) {
		struct ctx *x = new_ctx(l, job, for_ns, for_pod);
		x->path = xstrdup(path);
		kube_submit_new(l->c, path, 1, 0, object_done, x);
		if (job == J_TARGET || diag_kinds[k].controller || k == K_PVC)
			want_events(l, diag_kinds[k].kind, ns, name, for_ns, for_pod);
	} else {
		free(path);
	}
}

static void pod_page(struct kube_client *c, json_t *page, void *arg)
{
	struct live *l = arg;
	json_t *pod;
	size_t i;

	(void)c;
	pool_add(l->pool, page, "PodList");
	json_array_foreach(json_object_get(page, "items"), i, pod)
		expand(l, pod, l->t->kind == TARGET_OWNER);
}

static void pods_listed(struct kube_client *c, const struct err *e, void *arg)
{
	struct live *l = arg;

	(void)c;
	if (e)
		err_set(&l->fatal, e->code, "%s", e->msg);
}

static void list_of(struct live *l, enum diag_kind_id k, const char *ns, const char *selector,
		    void (*page)(struct kube_client *, json_t *, void *),
		    void (*done)(struct kube_client *, const struct err *, void *))
{
	char *path = collection(&diag_kinds[k], ns);

	if (selector && *selector) {
		char *s = kube_escape(selector), *p = xasprintf("%s?labelSelector=%s", path, s);
		free(s);
		free(path);
		path = p;
	}
	struct kube_list_cb cb = { page, done, l };
	kube_list(l->c, path, &cb);
	free(path);
}

/* A Deployment's ReplicaSets: the events of those that run or want pods
 * (FailedCreate lands on the ReplicaSet, not the Deployment). */
static void rs_page(struct kube_client *c, json_t *page, void *arg)
{
	struct live *l = arg;
	json_t *o;
	size_t i;

	(void)c;
	pool_add(l->pool, page, "ReplicaSetList");
	json_array_foreach(json_object_get(page, "items"), i, o)
		if (json_integer_value(jget(o, "spec.replicas")) > 0 || json_integer_value(jget(o, "status.replicas")) > 0)
			want_events(l, "ReplicaSet", pool_ns(o), str(o, "metadata.name"), NULL, NULL);
}

/* A CronJob's Jobs: each with its events and pods. */
static void job_page(struct kube_client *c, json_t *page, void *arg)
{
	struct live *l = arg;
	json_t *o;
	size_t i;

	(void)c;
	pool_add(l->pool, page, "JobList");
	json_array_foreach(json_object_get(page, "items"), i, o) {
		want_events(l, "Job", pool_ns(o), str(o, "metadata.name"), NULL, NULL);
		expand(l, o, 1);
	}
}

static void quiet_done(struct kube_client *c, const struct err *e, void *arg)
{
	struct live *l = arg;

	(void)c;
	if (e)
		pool_gap(l->pool, l->ns, NULL, "a list could not be read: %s", e->msg);
}

/* A label selector's text from a controller's spec.selector. */
static char *selector_of(const json_t *sel)
{
	struct strbuf sb = STRBUF_INIT;
	const char *k;
	json_t *v, *ex;
	size_t i, j;

	json_object_foreach((json_t *)json_object_get(sel, "matchLabels"), k, v)
		sb_addf(&sb, "%s%s=%s", sb.len ? "," : "", k, json_string_value(v) ? json_string_value(v) : "");
	json_array_foreach(json_object_get(sel, "matchExpressions"), i, ex) {
		const char *key = jstr(ex, "key"), *op = jstr(ex, "operator");
		if (!key || !op)
			continue;
		sb_addf(&sb, "%s", sb.len ? "," : "");
		if (!strcmp(op, "Exists")) {
			sb_addf(&sb, "%s", key);
		} else if (!strcmp(op, "DoesNotExist")) {
			sb_addf(&sb, "!%s", key);
		} else {
			sb_addf(&sb, "%s %s (", key, !strcmp(op, "In") ? "in" : "notin");
			json_array_foreach(json_object_get(ex, "values"), j, v)
				sb_addf(&sb, "%s%s", j ? "," : "", json_string_value(v) ? json_string_value(v) : "");
			sb_addc(&sb, ')');
		}
	}
	return sb_detach(&sb);
}

/* What an object calls for. A pod: its failed containers' logs, and when
 * it is not settled (or detail), its controllers, claims and events. A
 * controller: the one above it; a named controller target: its pods (and
 * a Deployment's ReplicaSets, a CronJob's Jobs). A claim: its volume. */
static void expand(struct live *l, json_t *o, int detail)
{
	const struct diag_kind *k = diag_kind_named(str(o, "kind"));
	const char *ns = pool_ns(o), *name = str(o, "metadata.name");
	json_t *v, *ref;
	size_t i;

	if (!k || !name)
		return;
	if (k->id == K_POD) {
		plan_logs(l, o, jget(o, "status.initContainerStatuses"), 1, detail);
		plan_logs(l, o, jget(o, "status.containerStatuses"), 0, detail);
		if (!detail && settled(o))
			return;
		want_events(l, "Pod", ns, name, ns, name);
		json_t *owner = NULL;
		json_array_foreach(jget(o, "metadata.ownerReferences"), i, ref) {
			const struct diag_kind *ok = diag_kind_named(str(ref, "kind"));
			if (ok && ok->controller && str(ref, "name") && (!owner || json_is_true(json_object_get(ref, "controller"))))
				owner = ref;
		}
		if (owner) {
			const struct diag_kind *ok = diag_kind_named(str(owner, "kind"));
			const char *oname = str(owner, "name"), *hash = jstr(jget(o, "metadata.labels"), "pod-template-hash");
			want_object(l, ok->id, ns, oname, ns, name, J_OBJECT);
			/* Deployment "web" names its ReplicaSets "web-<pod-template-hash>":
			 * asked now rather than a round trip later; asked once either way */
			size_t nl = strlen(oname), hl = hash ? strlen(hash) : 0;
			if (ok->id == K_REPLICASET && hl && nl > hl + 1 && oname[nl - hl - 1] == '-' &&
			    !strcmp(oname + nl - hl, hash)) {
				char *dep = xstrndup(oname, nl - hl - 1);
				want_object(l, K_DEPLOYMENT, ns, dep, ns, name, J_GUESS);
				free(dep);
			}
		}
		json_array_foreach(jget(o, "spec.volumes"), i, v) {
			const char *claim = str(v, "persistentVolumeClaim.claimName");
			if (claim)
				want_object(l, K_PVC, ns, claim, ns, name, J_OBJECT);
		}
		return;
	}
	if (k->id == K_PVC) {
		const char *pv = str(o, "spec.volumeName");
		if (pv && *pv)
			want_object(l, K_PV, NULL, pv, NULL, NULL, J_OBJECT);
		return;
	}
	if (!k->controller)
		return;
	json_array_foreach(jget(o, "metadata.ownerReferences"), i, ref) {
		const struct diag_kind *ok = diag_kind_named(str(ref, "kind"));
		if (ok && ok->controller && str(ref, "name"))
			want_object(l, ok->id, ns, str(ref, "name"), NULL, NULL, J_OBJECT);
	}
	if (!detail)
		return;
	/* a named controller: what it runs now */
	if (k->id == K_CRONJOB) {
		list_of(l, K_JOB, ns, NULL, job_page, quiet_done);
		return;
	}
	char *sel = selector_of(jget(o, "spec.selector"));
	if (k->id == K_DEPLOYMENT)
		list_of(l, K_REPLICASET, ns, sel, rs_page, quiet_done);
	if (*sel || k->id == K_JOB)
		list_of(l, K_POD, ns, sel, pod_page, quiet_done);
	free(sel);
}

static void controller_page(struct kube_client *c, json_t *page, void *arg);

static void list_controllers(struct live *l, enum diag_kind_id k)
{
	struct kube_list_cb cb = { controller_page, quiet_done, l };
	char *path = collection(&diag_kinds[k], l->ns);

	l->listing[k] = 1;
	kube_list(l->c, path, &cb);
	free(path);
}

/* Controllers by the list: each may need the one above it. */
static void controller_page(struct kube_client *c, json_t *page, void *arg)
{
	struct live *l = arg;
	json_t *o;
	size_t i;

	(void)c;
	pool_add(l->pool, page, NULL);
	json_array_foreach(json_object_get(page, "items"), i, o)
		expand(l, o, 0);
}

/* ---- the targets ---- */

int diag_collect_live(struct kube_client *c, const struct diag_target *t, const char *ns,
		      struct diag_facts_list *out, struct err *e)
{
	struct diag_pool pool;
	struct live l = { .c = c, .pool = &pool, .t = t, .ns = ns, .asked = json_object() };
	int rc = 0;

	pool_init(&pool);
	if (!ns && (t->kind == TARGET_POD || t->kind == TARGET_OWNER))
		l.ns = ns = kube_client_namespace(c);	/* a name lives in one namespace */
	switch (t->kind) {
	case TARGET_POD:
		want_object(&l, K_POD, ns, t->name, ns, t->name, J_TARGET);
		break;
	case TARGET_OWNER:
		want_object(&l, t->owner->id, ns, t->name, NULL, NULL, J_TARGET);
		break;
	default: {
		/* kubectl's two lists; then what the failing pods need */
		l.events_listed = 1;
		list_of(&l, K_POD, ns, t->kind == TARGET_SELECTOR ? t->selector : NULL, pod_page, pods_listed);
		struct kube_list_cb cb = { event_page, events_listed, &l };
		char *path = collection(&diag_kinds[K_EVENT], ns);
		kube_list(c, path, &cb);
		free(path);
		break;
	}
	}
	if (kube_run(c, e) < 0)
		rc = -1;
	else if (l.fatal.code)
		rc = err_set(e, l.fatal.code, "%s", l.fatal.msg);
	if (rc == 0) {
		struct diag_scope s = { t, ns, "live", 0 };
		rc = diag_assemble(&pool, &s, out, e);
	}
	json_decref(l.asked);
	pool_free(&pool);
	return rc;
}
