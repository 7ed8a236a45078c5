/* diag_collect_live: what diagnose reads from the cluster, in as few round
 * trips as the dependencies allow: the pod (or Deployment, or pod list)
 * first, then everything that needs only it at once (events, owners, logs,
 * claims), then what needs those (the Deployment above a ReplicaSet when the
 * guess from pod-template-hash was wrong, the volumes bound to claims). */
#include "live.h"
#include "strbuf.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#define LOG_TAIL	200
#define LOG_LIMIT	(256 * 1024)
#define LOG_CAP		(LOG_LIMIT + 64 * 1024)	/* the client's own cap, if the server ignores limitBytes */

enum jkind { J_EVENTS, J_OWNER, J_GUESS, J_GUESS_EVENTS, J_LOG, J_CLAIM, J_VOLUME };

struct job {
	enum jkind kind;
	size_t fi;		/* which facts entry */
	char *container;
	int init, previous;
};

struct batch {
	struct kube_req *r;
	struct job *j;
	size_t n, alloc;
};

/* per facts entry: the Deployment fetched on a guess, until its ReplicaSet confirms it */
struct podctx {
	json_t *guess, *guess_events;
	int owners_done;	/* a deployment/NAME target: its owners are read already */
};

struct ctx {
	struct kube_client *c;
	const char *ns;
	struct diag_facts_list *out;
	struct podctx *pc;
	size_t npc;
	int warned_events;
};

static char *esc(const char *s)
{
	char *t = curl_easy_escape(NULL, s, 0);
	char *r = xstrdup(t ? t : "");

	curl_free(t);
	return r;
}

/* Items of a List carry no kind; the rules and reports want it. */
static void set_kinds(json_t *list, const char *api_version, const char *kind)
{
	json_t *it;
	size_t i;

	json_array_foreach(json_object_get(list, "items"), i, it) {
		if (!json_object_get(it, "kind"))
			json_object_set_new(it, "kind", json_string(kind));
		if (!json_object_get(it, "apiVersion"))
			json_object_set_new(it, "apiVersion", json_string(api_version));
	}
}

static const json_t *meta(const json_t *o)
{
	return jmeta(o);
}

static struct job *batch_add(struct batch *b, enum jkind k, size_t fi, int json, size_t max, char *path)
{
	if (b->n == b->alloc) {
		b->alloc = b->alloc ? 2 * b->alloc : 16;
		b->r = xrealloc(b->r, b->alloc * sizeof(*b->r));
		b->j = xrealloc(b->j, b->alloc * sizeof(*b->j));
	}
	memset(&b->r[b->n], 0, sizeof(b->r[b->n]));
	memset(&b->j[b->n], 0, sizeof(b->j[b->n]));
	b->r[b->n].path = path;
	b->r[b->n].want_json = json;
	b->r[b->n].max_bytes = max;
	b->j[b->n].kind = k;
	b->j[b->n].fi = fi;
	return &b->j[b->n++];
}

static void batch_free(struct batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		kube_req_free(&b->r[i]);
		free(b->j[i].container);
	}
	free(b->r);
	free(b->j);
	memset(b, 0, sizeof(*b));
}

static void add_events(struct batch *b, size_t fi, const char *ns, const char *kind, const char *name,
		       const char *uid, enum jkind k)
{
	struct strbuf sel = STRBUF_INIT;

	sb_addf(&sel, "involvedObject.name=%s,involvedObject.namespace=%s,involvedObject.kind=%s", name, ns, kind);
	if (uid)
		sb_addf(&sel, ",involvedObject.uid=%s", uid);
	char *e = esc(sel.buf), *n = esc(ns);
	batch_add(b, k, fi, 1, 0, xasprintf("/api/v1/namespaces/%s/events?fieldSelector=%s", n, e));
	free(e);
	free(n);
	sb_free(&sel);
}

/* The API path of an owner kind, or NULL for kinds diagnose does not read. */
static char *owner_path(const char *ns, const char *kind, const char *name)
{
	static const struct { const char *kind, *group, *res; } m[] = {
		{ "ReplicaSet", "/apis/apps/v1", "replicasets" },
		{ "Deployment", "/apis/apps/v1", "deployments" },
		{ "StatefulSet", "/apis/apps/v1", "statefulsets" },
		{ "DaemonSet", "/apis/apps/v1", "daemonsets" },
		{ "Job", "/apis/batch/v1", "jobs" },
		{ "ReplicationController", "/api/v1", "replicationcontrollers" },
	};
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (!strcmp(kind, m[i].kind)) {
			char *n = esc(ns), *o = esc(name);
			char *p = xasprintf("%s/namespaces/%s/%s/%s", m[i].group, n, m[i].res, o);
			free(n);
			free(o);
			return p;
		}
	return NULL;
}

static void add_log(struct batch *b, size_t fi, const char *ns, const char *pod, const char *cont,
		    int init, int previous)
{
	char *n = esc(ns), *p = esc(pod), *c = esc(cont);
	struct job *j = batch_add(b, J_LOG, fi, 0, LOG_CAP,
				  xasprintf("/api/v1/namespaces/%s/pods/%s/log?container=%s%s&tailLines=%d&limitBytes=%d",
					    n, p, c, previous ? "&previous=true" : "", LOG_TAIL, LOG_LIMIT));
	j->container = xstrdup(cont);
	j->init = init;
	j->previous = previous;
	free(n), free(p), free(c);
}

static void plan_logs(struct batch *b, size_t fi, const char *ns, const char *pod, const json_t *statuses, int init)
{
	const json_t *s;
	size_t i;

	json_array_foreach(statuses, i, s) {
		const char *name = jstr(s, "name");
		const json_t *w = json_object_get(json_object_get(s, "state"), "waiting");
		json_int_t restarts = json_integer_value(json_object_get(s, "restartCount"));
		const char *why = jstr(w, "reason");

		if (!name)
			continue;
		if (restarts > 0 || json_object_get(json_object_get(s, "lastState"), "terminated"))
			add_log(b, fi, ns, pod, name, init, 1);
		/* a container still waiting its turn behind an init container has no logs */
		if (w && why && !strcmp(why, "PodInitializing") && restarts == 0)
			continue;
		add_log(b, fi, ns, pod, name, init, 0);
	}
}

/* Everything that needs only the pod. */
static void plan_pod(struct ctx *x, struct batch *b, size_t fi, int with_owners)
{
	struct diag_facts *f = &x->out->v[fi];
	const json_t *pod = f->pod, *ref, *vol;
	const char *name = f->pod_name, *ns = f->namespace;
	const json_t *labels = json_object_get(meta(pod), "labels");
	size_t i;

	add_events(b, fi, ns, "Pod", name, jstr(meta(pod), "uid"), J_EVENTS);
	json_array_foreach(with_owners ? json_object_get(meta(pod), "ownerReferences") : NULL, i, ref) {
		const char *kind = jstr(ref, "kind"), *oname = jstr(ref, "name");
		char *p = kind && oname ? owner_path(ns, kind, oname) : NULL;
		if (!p)
			continue;
		batch_add(b, J_OWNER, fi, 1, 0, p);
		add_events(b, fi, ns, kind, oname, jstr(ref, "uid"), J_EVENTS);
		/* Deployment "web" names its ReplicaSets "web-<pod-template-hash>":
		 * fetch it now rather than one round trip later; checked afterwards */
		const char *hash = jstr(labels, "pod-template-hash");
		size_t nl = strlen(oname), hl = hash ? strlen(hash) : 0;
		if (!strcmp(kind, "ReplicaSet") && hl && nl > hl + 1 && oname[nl - hl - 1] == '-' &&
		    !strcmp(oname + nl - hl, hash)) {
			char *dep = xstrndup(oname, nl - hl - 1);
			batch_add(b, J_GUESS, fi, 1, 0, owner_path(ns, "Deployment", dep));
			add_events(b, fi, ns, "Deployment", dep, NULL, J_GUESS_EVENTS);
			free(dep);
		}
	}
	plan_logs(b, fi, ns, name, json_object_get(json_object_get(pod, "status"), "initContainerStatuses"), 1);
	plan_logs(b, fi, ns, name, json_object_get(json_object_get(pod, "status"), "containerStatuses"), 0);
	json_array_foreach(json_object_get(json_object_get(pod, "spec"), "volumes"), i, vol) {
		const char *claim = jstr(json_object_get(vol, "persistentVolumeClaim"), "claimName");
		if (claim) {
			char *n = esc(ns), *cl = esc(claim);
			batch_add(b, J_CLAIM, fi, 1, 0, xasprintf("/api/v1/namespaces/%s/persistentvolumeclaims/%s", n, cl));
			free(n), free(cl);
		}
	}
}

static size_t count_lines(const char *s, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += s[i] == '\n';
	return k;
}

static void absorb(struct ctx *x, struct batch *b, size_t from)
{
	for (size_t i = from; i < b->n; i++) {
		struct kube_req *r = &b->r[i];
		struct job *j = &b->j[i];
		struct diag_facts *f = &x->out->v[j->fi];
		struct podctx *pc = &x->pc[j->fi];
		int ok = !r->err.code;

		switch (j->kind) {
		case J_EVENTS:
			set_kinds(r->obj, "v1", "Event");
			if (ok)
				json_array_extend(f->events, json_object_get(r->obj, "items"));
			else if (!x->warned_events++)
				warnf("events cannot be read, the diagnosis may miss causes: %s", r->err.msg);
			break;
		case J_OWNER:
			if (ok)
				json_array_append(f->owners, r->obj);
			break;
		case J_GUESS:
			if (ok)
				pc->guess = json_incref(r->obj);
			break;
		case J_GUESS_EVENTS:
			set_kinds(r->obj, "v1", "Event");
			if (ok)
				pc->guess_events = json_incref(json_object_get(r->obj, "items"));
			break;
		case J_CLAIM:
			if (ok)
				json_array_append(f->claims, r->obj);
			break;
		case J_VOLUME:
			if (ok)
				json_array_append(f->volumes, r->obj);
			break;
		case J_LOG: {
			int cut = r->truncated || r->len >= LOG_LIMIT || count_lines(r->body, r->len) >= LOG_TAIL;
			diag_facts_add_log(f, j->container, j->init, j->previous, ok ? r->body : NULL,
					   ok ? r->len : 0, ok && cut, ok ? NULL : r->err.msg);
			break;
		}
		}
	}
}

/* What needs the first round's answers: the Deployment above each
 * ReplicaSet (unless the guess was right), and the volumes of bound claims. */
static void plan_second(struct ctx *x, struct batch *b, size_t fi)
{
	struct diag_facts *f = &x->out->v[fi];
	struct podctx *pc = &x->pc[fi];
	const json_t *o, *ref, *cl;
	size_t i, k, n = json_array_size(f->owners);

	for (i = 0; i < n && !pc->owners_done; i++) {
		o = json_array_get(f->owners, i);
		if (!jstr(o, "kind") || strcmp(jstr(o, "kind"), "ReplicaSet"))
			continue;
		json_array_foreach(json_object_get(meta(o), "ownerReferences"), k, ref) {
			const char *kind = jstr(ref, "kind"), *name = jstr(ref, "name"), *uid = jstr(ref, "uid");
			if (!kind || !name || strcmp(kind, "Deployment"))
				continue;
			const char *gname = jstr(meta(pc->guess), "name"), *guid = jstr(meta(pc->guess), "uid");
			if (gname && !strcmp(gname, name) && (!uid || (guid && !strcmp(uid, guid)))) {
				json_array_append(f->owners, pc->guess);
				if (pc->guess_events)
					json_array_extend(f->events, pc->guess_events);
			} else {
				batch_add(b, J_OWNER, fi, 1, 0, owner_path(f->namespace, "Deployment", name));
				add_events(b, fi, f->namespace, "Deployment", name, uid, J_EVENTS);
			}
		}
	}
	json_array_foreach(f->claims, i, cl) {
		const char *pv = jstr(json_object_get(cl, "spec"), "volumeName");
		if (pv && *pv) {
			char *p = esc(pv);
			batch_add(b, J_VOLUME, fi, 1, 0, xasprintf("/api/v1/persistentvolumes/%s", p));
			free(p);
		}
	}
}

/* ---- event order: newest last, by kubectl describe's time ---- */

static const char *event_time(const json_t *ev)
{
	const char *t = jstr(json_object_get(ev, "series"), "lastObservedTime");

	if (!t || !*t)
		t = jstr(ev, "lastTimestamp");
	if (!t || !*t)
		t = jstr(ev, "eventTime");
	if (!t || !*t)
		t = jstr(ev, "firstTimestamp");
	if (!t || !*t)
		t = jstr(meta(ev), "creationTimestamp");
	return t ? t : "";
}

/* RFC 3339 in UTC with or without a fraction: seconds first, then the fraction. */
static int time_cmp(const char *a, const char *b)
{
	int c = strncmp(a, b, 19);

	if (c)
		return c;
	const char *fa = strlen(a) > 19 && a[19] == '.' ? a + 20 : "";
	const char *fb = strlen(b) > 19 && b[19] == '.' ? b + 20 : "";
	size_t la = strspn(fa, "0123456789"), lb = strspn(fb, "0123456789");
	for (size_t i = 0; i < (la > lb ? la : lb); i++) {
		char ca = i < la ? fa[i] : '0', cb = i < lb ? fb[i] : '0';
		if (ca != cb)
			return ca - cb;
	}
	return 0;
}

struct evref {
	json_t *ev;
	size_t idx;
};

static int ev_cmp(const void *pa, const void *pb)
{
	const struct evref *a = pa, *b = pb;
	int c = time_cmp(event_time(a->ev), event_time(b->ev));

	return c ? c : (a->idx > b->idx) - (a->idx < b->idx);
}

static void sort_events(struct diag_facts *f)
{
	size_t n = json_array_size(f->events);
	struct evref *v = xcalloc(n ? n : 1, sizeof(*v));
	json_t *sorted = json_array();

	for (size_t i = 0; i < n; i++)
		v[i].ev = json_array_get(f->events, i), v[i].idx = i;
	qsort(v, n, sizeof(*v), ev_cmp);
	for (size_t i = 0; i < n; i++)
		json_array_append(sorted, v[i].ev);
	json_decref(f->events);
	f->events = sorted;
	free(v);
}

/* ---- the targets ---- */

static int fetch_one(struct kube_client *c, char *path, json_t **obj, struct err *e)
{
	struct kube_req r = { .path = path, .want_json = 1 };

	*obj = NULL;
	if (kube_get_many(c, &r, 1, e) < 0) {
		kube_req_free(&r);
		return -1;
	}
	if (r.err.code) {
		err_set(e, r.err.code, "%s", r.err.msg);
		kube_req_free(&r);
		return -1;
	}
	*obj = json_incref(r.obj);
	kube_req_free(&r);
	return 0;
}

static size_t new_facts(struct ctx *x, const char *ns, json_t *pod)
{
	struct diag_facts *f = diag_facts_add(x->out);

	f->namespace = xstrdup(ns);
	f->source = xstrdup("live");
	if (pod) {
		f->pod = json_incref(pod);
		f->pod_name = xstrdup(jstr(meta(pod), "name") ? jstr(meta(pod), "name") : "");
	}
	x->pc = xrealloc(x->pc, x->out->n * sizeof(*x->pc));
	memset(&x->pc[x->out->n - 1], 0, sizeof(*x->pc));
	return x->out->n - 1;
}

static int run(struct ctx *x, struct batch *b, struct err *e)
{
	int rc = b->n ? kube_get_many(x->c, b->r, b->n, e) : 0;

	if (rc == 0)
		absorb(x, b, 0);
	batch_free(b);
	return rc;
}

/* Two rounds for the pods of facts entries [from, n). */
static int collect_pods(struct ctx *x, size_t from, int with_owners, struct batch *first, struct err *e)
{
	struct batch b2 = { 0 };

	for (size_t i = from; i < x->out->n; i++)
		if (x->out->v[i].pod)
			plan_pod(x, first, i, with_owners);
	if (run(x, first, e) < 0)
		return -1;
	for (size_t i = from; i < x->out->n; i++)
		plan_second(x, &b2, i);
	if (run(x, &b2, e) < 0)
		return -1;
	for (size_t i = from; i < x->out->n; i++)
		sort_events(&x->out->v[i]);
	return 0;
}

static int is_leapp_pod(const json_t *pod)
{
	const char *v = jstr(json_object_get(meta(pod), "labels"), "name");
	size_t n = v ? strlen(v) : 0;

	return n > 12 && !strncmp(v, "leapp-", 6) && !strcmp(v + n - 6, "-label");
}

static int collect_list(struct ctx *x, const struct diag_target *t, struct err *e)
{
	/* --all: the label generate writes, name=leapp-<machine>-label; the
	 * server narrows to pods that have a name label, we check its value */
	const char *sel = t->kind == TARGET_ALL ? "name" : t->selector;
	char *n = esc(x->ns), *s = esc(sel ? sel : "");
	json_t *list, *pod;
	size_t i;
	struct batch b = { 0 };
	size_t from = x->out->n;

	int rc = fetch_one(x->c, xasprintf("/api/v1/namespaces/%s/pods?labelSelector=%s", n, s), &list, e);
	free(n), free(s);
	if (rc < 0)
		return -1;
	set_kinds(list, "v1", "Pod");
	json_array_foreach(json_object_get(list, "items"), i, pod)
		if (t->kind != TARGET_ALL || is_leapp_pod(pod))
			new_facts(x, x->ns, pod);
	json_decref(list);
	return collect_pods(x, from, 1, &b, e);
}

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

static int owned_by(const json_t *o, const char *uid)
{
	const json_t *ref;
	size_t i;

	json_array_foreach(json_object_get(meta(o), "ownerReferences"), i, ref)
		if (uid && jstr(ref, "uid") && !strcmp(jstr(ref, "uid"), uid))
			return 1;
	return 0;
}

static long revision(const json_t *rs)
{
	const char *r = jstr(json_object_get(meta(rs), "annotations"), "deployment.kubernetes.io/revision");

	return r ? atol(r) : 0;
}

static int rs_newest_first(const void *pa, const void *pb)
{
	const json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
	long ra = revision(a), rb = revision(b);

	if (ra != rb)
		return ra < rb ? 1 : -1;
	const char *ta = jstr(meta(a), "creationTimestamp"), *tb = jstr(meta(b), "creationTimestamp");
	return -time_cmp(ta ? ta : "", tb ? tb : "");
}

static json_t *newest_pod(const json_t *pods, json_t *const *rs, size_t nrs)
{
	for (size_t r = 0; r < nrs; r++) {
		json_t *best = NULL, *p;
		size_t i;
		json_array_foreach(json_object_get(pods, "items"), i, p) {
			if (!owned_by(p, jstr(meta(rs[r]), "uid")))
				continue;
			const char *t = jstr(meta(p), "creationTimestamp");
			const char *bt = best ? jstr(meta(best), "creationTimestamp") : NULL;
			if (!best || time_cmp(t ? t : "", bt ? bt : "") > 0)
				best = p;
		}
		if (best)
			return best;
	}
	return NULL;
}

static int collect_deployment(struct ctx *x, const char *name, struct err *e)
{
	char *n = esc(x->ns), *dn = esc(name), *sel, *s;
	json_t *dep;
	struct batch b = { 0 };
	int rc = fetch_one(x->c, xasprintf("/apis/apps/v1/namespaces/%s/deployments/%s", n, dn), &dep, e);

	free(dn);
	if (rc < 0) {
		free(n);
		return -1;
	}
	sel = selector_of(json_object_get(json_object_get(dep, "spec"), "selector"));
	s = esc(sel);
	size_t fi = new_facts(x, x->ns, NULL);
	x->pc[fi].owners_done = 1;
	json_array_append(x->out->v[fi].owners, dep);
	batch_add(&b, J_OWNER, fi, 1, 0, xasprintf("/apis/apps/v1/namespaces/%s/replicasets?labelSelector=%s", n, s));
	batch_add(&b, J_OWNER, fi, 1, 0, xasprintf("/api/v1/namespaces/%s/pods?labelSelector=%s", n, s));
	add_events(&b, fi, x->ns, "Deployment", name, jstr(meta(dep), "uid"), J_EVENTS);
	free(n), free(s), free(sel);
	if (kube_get_many(x->c, b.r, b.n, e) < 0) {
		batch_free(&b);
		json_decref(dep);
		return -1;
	}
	json_t *rsl = b.r[0].err.code ? NULL : json_incref(b.r[0].obj);
	json_t *pods = b.r[1].err.code ? NULL : json_incref(b.r[1].obj);
	set_kinds(rsl, "apps/v1", "ReplicaSet");
	set_kinds(pods, "v1", "Pod");
	if (b.r[0].err.code)
		warnf("the ReplicaSets of deployment %s cannot be read: %s", name, b.r[0].err.msg);
	absorb(x, &b, 2);	/* the two lists are not owners: taken apart below */
	batch_free(&b);

	size_t nrs = 0, i;
	json_t **rs = xcalloc(json_array_size(json_object_get(rsl, "items")) + 1, sizeof(*rs)), *it;
	json_array_foreach(json_object_get(rsl, "items"), i, it)
		if (owned_by(it, jstr(meta(dep), "uid")))
			rs[nrs++] = it;
	qsort(rs, nrs, sizeof(*rs), rs_newest_first);
	struct diag_facts *f = &x->out->v[fi];
	for (i = 0; i < nrs; i++) {
		json_t *st = json_object_get(rs[i], "status");
		json_int_t want = json_integer_value(json_object_get(json_object_get(rs[i], "spec"), "replicas"));
		json_array_append(f->owners, rs[i]);
		/* events of the live ReplicaSets (FailedCreate lands there) */
		if (i == 0 || want > 0 || json_integer_value(json_object_get(st, "replicas")) > 0)
			add_events(&b, fi, x->ns, "ReplicaSet", jstr(meta(rs[i]), "name"), jstr(meta(rs[i]), "uid"),
				   J_EVENTS);
	}
	json_t *pod = newest_pod(pods, rs, nrs);
	if (pod) {
		f->pod = json_incref(pod);
		f->pod_name = xstrdup(jstr(meta(pod), "name") ? jstr(meta(pod), "name") : "");
	}
	free(rs);
	json_decref(rsl);
	json_decref(pods);
	json_decref(dep);
	if (!f->pod) {
		rc = run(x, &b, e);
		sort_events(&x->out->v[fi]);
		return rc;
	}
	return collect_pods(x, fi, 0, &b, e);
}

int diag_collect_live(struct kube_client *c, const struct diag_target *t, const char *ns,
		      struct diag_facts_list *out, struct err *e)
{
	struct ctx x = { c, ns && *ns ? ns : kube_client_namespace(c), out, NULL, 0, 0 };
	size_t from = out->n;
	int rc;

	switch (t->kind) {
	case TARGET_POD: {
		char *n = esc(x.ns), *p = esc(t->name);
		json_t *pod;
		struct batch b = { 0 };
		/* pc is indexed like out: entries already there get empty slots */
		x.pc = xcalloc(out->n + 1, sizeof(*x.pc));
		rc = fetch_one(c, xasprintf("/api/v1/namespaces/%s/pods/%s", n, p), &pod, e);
		free(n), free(p);
		if (rc == 0) {
			new_facts(&x, x.ns, pod);
			json_decref(pod);
			rc = collect_pods(&x, out->n - 1, 1, &b, e);
		}
		break;
	}
	case TARGET_OWNER:
		if (t->owner->id != K_DEPLOYMENT) {
			rc = err_set(e, EXIT_USAGE, "only deployment/NAME so far");
			break;
		}
		x.pc = xcalloc(out->n + 1, sizeof(*x.pc));
		rc = collect_deployment(&x, t->name, e);
		break;
	default:
		x.pc = xcalloc(out->n + 1, sizeof(*x.pc));
		rc = collect_list(&x, t, e);
		break;
	}
	for (size_t i = from; x.pc && i < out->n; i++) {
		json_decref(x.pc[i].guess);
		json_decref(x.pc[i].guess_events);
	}
	free(x.pc);
	if (rc < 0) {	/* nothing half-gathered is handed on */
		while (out->n > from)
			diag_facts_free(&out->v[--out->n]);
	}
	return rc;
}
