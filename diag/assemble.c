#include "diag/assemble.h"
#include "diag/selector.h"
#include "lib/strbuf.h"

#include <stdlib.h>
#include <string.h>

struct evref {
	json_t *ev;
	long long sec;
	long nsec;
	size_t idx;
};

static int ev_older(const void *pa, const void *pb)
{
	const struct evref *a = pa, *b = pb;

	if (a->sec != b->sec)
		return a->sec < b->sec ? -1 : 1;
	if (a->nsec != b->nsec)
		return a->nsec < b->nsec ? -1 : 1;
	return (a->idx > b->idx) - (a->idx < b->idx);
}

/* Oldest first, by the time kubectl describe sorts by. */
static void sort_events(json_t *events)
{
	size_t n = json_array_size(events);
	struct evref *v = xcalloc(n ? n : 1, sizeof(*v));

	for (size_t i = 0; i < n; i++) {
		v[i].ev = json_incref(json_array_get(events, i));
		v[i].idx = i;
		diag_event_time(v[i].ev, &v[i].sec, &v[i].nsec);
	}
	qsort(v, n, sizeof(*v), ev_older);
	json_array_clear(events);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(events, v[i].ev);
	free(v);
}

static int has(const json_t *arr, const json_t *o)
{
	size_t i;
	json_t *x;

	json_array_foreach(arr, i, x)
		if (x == o)
			return 1;
	return 0;
}

static void add_owner(struct diag_pool *p, struct diag_facts *f, json_t *o)
{
	if (!o || has(f->owners, o))
		return;
	json_array_append(f->owners, o);
	pool_events_about(p, o, f->events);
}

static int is_init(const json_t *pod, const char *ctr)
{
	size_t i;
	json_t *c;

	json_array_foreach(jget(pod, "spec.initContainers"), i, c)
		if (jstr(c, "name") && !strcmp(jstr(c, "name"), ctr))
			return 1;
	return 0;
}

static const char *kind_word(const json_t *o)
{
	const struct diag_kind *k = diag_kind_named(jstr(o, "kind"));

	return k ? k->words[0] : "object";
}

static struct diag_facts *new_facts(struct diag_facts_list *out, const struct diag_scope *s, const char *ns)
{
	struct diag_facts *f = diag_facts_add(out);

	f->namespace = xstrdup(ns);
	f->source = xstrdup(s->source);
	f->now = s->now;
	return f;
}

static void add_pod(struct diag_pool *p, const struct diag_scope *s, struct diag_facts_list *out, json_t *pod)
{
	const char *ns = pool_ns(pod), *name = jpath(pod, "metadata.name");
	struct diag_facts *f = new_facts(out, s, ns);
	json_t *o, *v, *ix;
	size_t i;

	f->pod_name = xstrdup(name ? name : "?");
	f->object = xasprintf("pod/%s", f->pod_name);
	f->pod = json_incref(pod);
	pool_events_about(p, pod, f->events);
	/* the controllers above: ReplicaSet then Deployment, Job then CronJob */
	o = pod;
	for (int depth = 0; depth < 4 && (o = pool_owner_of(p, o)) && !has(f->owners, o); depth++)
		add_owner(p, f, o);
	json_array_foreach(jget(pod, "spec.volumes"), i, v) {
		const char *claim = jpath(v, "persistentVolumeClaim.claimName");
		json_t *pvc = claim ? pool_find(p, K_PVC, ns, claim) : NULL;
		if (!pvc || has(f->claims, pvc))
			continue;
		json_array_append(f->claims, pvc);
		pool_events_about(p, pvc, f->events);
		const char *vn = jpath(pvc, "spec.volumeName");
		json_t *pv = vn && *vn ? pool_find(p, K_PV, NULL, vn) : NULL;
		if (pv)
			json_array_append(f->volumes, pv);
	}
	sort_events(f->events);
	json_array_foreach(pool_logs_of(p, ns, f->pod_name), i, ix) {
		struct pool_log *g = &p->logs[json_integer_value(ix)];
		diag_facts_add_log(f, g->container, is_init(pod, g->container), g->previous, g->text, g->len,
				   g->truncated, g->error);
		free(g->text);	/* the facts have their copy; a pod is assembled once */
		g->text = NULL;
		g->len = 0;
	}
	pool_gaps_of(p, ns, f->pod_name, &f->incomplete);
}

static long long created(const json_t *o)
{
	return rfc3339_seconds(jpath(o, "metadata.creationTimestamp"));
}

static long revision(const json_t *o)
{
	const char *r = jstr(jget(o, "metadata.annotations"), "deployment.kubernetes.io/revision");

	return r ? atol(r) : 0;
}

static int newest_first(const void *pa, const void *pb)
{
	const json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
	long ra = revision(a), rb = revision(b);
	long long ta = created(a), tb = created(b);

	if (ra != rb)
		return ra < rb ? 1 : -1;
	if (ta != tb)
		return ta < tb ? 1 : -1;
	const char *na = jpath(a, "metadata.name"), *nb = jpath(b, "metadata.name");
	return strcmp(na ? na : "", nb ? nb : "");
}

/* arr sorted newest first, in place */
static void sort_newest(json_t *arr)
{
	size_t n = json_array_size(arr);
	json_t **v = xcalloc(n ? n : 1, sizeof(*v));

	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(arr, i));
	qsort(v, n, sizeof(*v), newest_first);
	json_array_clear(arr);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, v[i]);
	free(v);
}

/* The controller between a top controller and its pods now: a Deployment's
 * newest ReplicaSet, a CronJob's newest Job; NULL for the others. */
static json_t *current_child(struct diag_pool *p, const json_t *o)
{
	enum diag_kind_id k = diag_kind_named(jstr(o, "kind"))->id;
	json_t *kids = json_array(), *pick;

	if (k == K_DEPLOYMENT)
		pool_children(p, o, K_REPLICASET, kids);
	else if (k == K_CRONJOB)
		pool_children(p, o, K_JOB, kids);
	sort_newest(kids);
	pick = json_array_get(kids, 0);
	json_decref(kids);	/* the pool keeps the object */
	return pick;
}

/* The pods a controller runs now (its current generation), newest first. */
static json_t *current_pods(struct diag_pool *p, const json_t *o)
{
	json_t *pods = json_array(), *child = current_child(p, o);

	pool_children(p, child ? child : o, K_POD, pods);
	sort_newest(pods);
	return pods;
}

static void add_controller(struct diag_pool *p, const struct diag_scope *s, struct diag_facts_list *out, json_t *o)
{
	struct diag_facts *f = new_facts(out, s, pool_ns(o));
	const char *name = jpath(o, "metadata.name");

	f->object = xasprintf("%s/%s", kind_word(o), name ? name : "?");
	add_owner(p, f, o);
	add_owner(p, f, current_child(p, o));
	sort_events(f->events);
	pool_gaps_of(p, f->namespace, NULL, &f->incomplete);
}

static void add_owner_target(struct diag_pool *p, const struct diag_scope *s, struct diag_facts_list *out, json_t *o)
{
	json_t *pods = current_pods(p, o), *pod;
	size_t i;

	json_array_foreach(pods, i, pod)
		add_pod(p, s, out, pod);
	if (!json_array_size(pods))
		add_controller(p, s, out, o);
	json_decref(pods);
}

static int in_scope(const json_t *o, const char *ns)
{
	return !ns || !strcmp(pool_ns(o), ns);
}

/* A controller at the top (nothing above it), with no pod now and a sign of
 * trouble: it could not create them, or it wants some and has none. */
static int podless_failing(struct diag_pool *p, json_t *o)
{
	enum diag_kind_id k = diag_kind_named(jstr(o, "kind"))->id;
	json_t *pods, *cond, *ev;
	size_t i;
	int fail = 0;

	if (pool_owner_of(p, o))
		return 0;
	pods = current_pods(p, o);
	i = json_array_size(pods);
	json_decref(pods);
	if (i)
		return 0;
	json_array_foreach(jget(o, "status.conditions"), i, cond)
		if (jstr(cond, "type") && !strcmp(jstr(cond, "type"), "ReplicaFailure") &&
		    jstr(cond, "status") && !strcmp(jstr(cond, "status"), "True"))
			fail = 1;
	json_t *evs = json_array();
	pool_events_about(p, o, evs);
	json_t *child = current_child(p, o);
	if (child)
		pool_events_about(p, child, evs);
	json_array_foreach(evs, i, ev)
		if (jstr(ev, "type") && !strcmp(jstr(ev, "type"), "Warning"))
			fail = 1;
	json_decref(evs);
	if (fail)
		return 1;
	json_t *want = jget(o, "spec.replicas");
	switch (k) {
	case K_DEPLOYMENT:
	case K_REPLICASET:
	case K_STATEFULSET:
	case K_REPLICATIONCONTROLLER:
		return !json_is_integer(want) || json_integer_value(want) > 0;	/* the API's default is 1 */
	case K_DAEMONSET:
		return json_integer_value(jget(o, "status.desiredNumberScheduled")) > 0;
	default:	/* a Job that ended, a CronJob between runs: nothing is missing */
		return 0;
	}
}

static int template_matches(const struct label_selector *sel, const json_t *o)
{
	const char *kind = jstr(o, "kind");
	json_t *labels = kind && !strcmp(kind, "CronJob") ? jget(o, "spec.jobTemplate.spec.template.metadata.labels")
							    : jget(o, "spec.template.metadata.labels");
	return selector_matches(sel, labels);
}

static int select_all(struct diag_pool *p, const struct diag_scope *s, struct diag_facts_list *out, struct err *e)
{
	const struct diag_target *t = s->target;
	struct label_selector *sel = NULL;
	json_t *o;
	size_t i;
	size_t from = out->n;

	if (t && t->kind == TARGET_SELECTOR && selector_parse(t->selector, &sel, e) < 0)
		return -1;
	json_array_foreach(p->objs[K_POD], i, o)
		if (in_scope(o, s->ns) && (!sel || selector_matches(sel, jget(o, "metadata.labels"))))
			add_pod(p, s, out, o);
	/* a controller that never made its pods shows why only on itself */
	for (int k = 0; k < K_NKINDS; k++) {
		if (!diag_kinds[k].controller)
			continue;
		json_array_foreach(p->objs[k], i, o)	/* a controller without a name cannot be named, nor followed */
			if (jpath(o, "metadata.name") && in_scope(o, s->ns) && (!sel || template_matches(sel, o)) &&
			    podless_failing(p, o))
				add_controller(p, s, out, o);
	}
	selector_free(sel);
	if (out->n > from)
		return 0;
	const char *where = s->ns;
	if (t && t->kind == TARGET_SELECTOR)
		return err_set(e, EXIT_FAIL, "no pod in %s matches the selector %s%s%s", s->source, t->selector,
			       where ? " in namespace " : "", where ? where : "");
	return err_set(e, EXIT_FAIL, "no pod in %s%s%s", s->source, where ? " in namespace " : "", where ? where : "");
}

int diag_assemble(struct diag_pool *p, const struct diag_scope *s, struct diag_facts_list *out, struct err *e)
{
	const struct diag_target *t = s->target;
	const char *where = s->ns;

	pool_index(p);
	if (t && t->kind == TARGET_POD) {
		json_t *pod = pool_find(p, K_POD, s->ns, t->name);
		if (!pod)
			return err_set(e, EXIT_FAIL, "pod \"%s\" not found in %s%s%s", t->name, s->source,
				       where ? " in namespace " : "", where ? where : "");
		add_pod(p, s, out, pod);
		return 0;
	}
	if (t && t->kind == TARGET_OWNER) {
		json_t *o = pool_find(p, t->owner->id, s->ns, t->name);
		if (!o)
			return err_set(e, EXIT_FAIL, "%s \"%s\" not found in %s%s%s", t->owner->words[0], t->name,
				       s->source, where ? " in namespace " : "", where ? where : "");
		add_owner_target(p, s, out, o);
		return 0;
	}
	return select_all(p, s, out, e);
}
