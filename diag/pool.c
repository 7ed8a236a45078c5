#include "diag/pool.h"
#include "lib/contract.h"
#include "diag/facts.h"
#include "lib/strbuf.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void pool_init(struct diag_pool *p)
{
	memset(p, 0, sizeof(*p));
	for (int k = 0; k < K_NKINDS; k++)
		p->objs[k] = json_array();
	p->seen = json_object();
	p->gaps = json_object();
}

static void drop_index(struct diag_pool *p)
{
	json_decref(p->by_uid);
	json_decref(p->by_key);
	json_decref(p->ev_uid);
	json_decref(p->ev_key);
	json_decref(p->ev_key_nouid);
	json_decref(p->children);
	json_decref(p->logs_of);
	p->by_uid = p->by_key = p->ev_uid = p->ev_key = p->ev_key_nouid = p->children = p->logs_of = NULL;
	p->indexed = 0;
}

void pool_free(struct diag_pool *p)
{
	drop_index(p);
	for (int k = 0; k < K_NKINDS; k++)
		json_decref(p->objs[k]);
	json_decref(p->seen);
	json_decref(p->gaps);
	for (size_t i = 0; i < p->nlogs; i++) {
		free(p->logs[i].ns);
		free(p->logs[i].pod);
		free(p->logs[i].container);
		free(p->logs[i].text);
		free(p->logs[i].error);
	}
	free(p->logs);
	strlist_free(&p->other);
	memset(p, 0, sizeof(*p));
}

const char *pool_ns(const json_t *o)
{
	const char *ns = jpath(o, "metadata.namespace");

	return ns && *ns ? ns : "default";
}

/* ---- what is kept of an object ---- */

/* What the rules and the assembly read, and nothing else: a pool of 20000
 * pods holds what diagnose needs of them, not managedFields, network
 * annotations, volume mounts or environment values (which may be secrets). */
static const char *const meta_keys[] = { "name", "namespace", "uid", "labels", "annotations", "ownerReferences",
	"creationTimestamp", "deletionTimestamp", "generateName", NULL };
static const char *const annotation_keys[] = { "openshift.io/scc", "deployment.kubernetes.io/revision", NULL };
static const char *const podspec_keys[] = { "initContainers", "containers", "volumes", "serviceAccountName",
	"serviceAccount", "nodeName", "nodeSelector", "restartPolicy", "shareProcessNamespace", "hostAliases",
	"securityContext", "hostNetwork", "hostPID", "tolerations", "terminationGracePeriodSeconds", NULL };
static const char *const container_keys[] = { "name", "image", "imagePullPolicy", "command", "args", "env",
	"readinessProbe", "livenessProbe", "startupProbe", "securityContext", "terminationMessagePolicy", "resources",
	"restartPolicy", NULL };
static const char *const volume_keys[] = { "name", "hostPath", "persistentVolumeClaim", "emptyDir", "ephemeral", NULL };

static int listed(const char *const *keys, const char *k)
{
	for (; *keys; keys++)
		if (!strcmp(*keys, k))
			return 1;
	return 0;
}

static void keep_keys(json_t *o, const char *const *keys)
{
	const char *k;
	json_t *v;
	void *tmp;

	if (json_is_object(o))
		json_object_foreach_safe(o, tmp, k, v)
			if (!listed(keys, k))
				json_object_del(o, k);
}

/* Only the contract's variables: the others may hold passwords, and the
 * rules never read them. */
static void trim_env(json_t *c)
{
	json_t *env = json_object_get(c, "env"), *keep, *v;
	size_t j;

	if (!json_is_array(env))
		return;
	keep = json_array();
	json_array_foreach(env, j, v) {
		const char *name = jstr(v, "name");
		if (name && !strncmp(name, LEAPP_ENV_PREFIX, strlen(LEAPP_ENV_PREFIX)))
			json_array_append(keep, v);
	}
	json_object_set_new(c, "env", keep);
}

static void trim_podspec(json_t *spec)
{
	static const char *const lists[] = { "containers", "initContainers" };
	json_t *c;
	size_t i;

	keep_keys(spec, podspec_keys);
	for (int l = 0; l < 2; l++)
		json_array_foreach(json_object_get(spec, lists[l]), i, c) {
			keep_keys(c, container_keys);
			trim_env(c);
		}
	json_array_foreach(json_object_get(spec, "volumes"), i, c)
		keep_keys(c, volume_keys);
}

static void trim_template(json_t *t)
{
	if (!json_is_object(t))
		return;
	keep_keys(json_object_get(t, "metadata"), (const char *const[]){ "labels", NULL });
	trim_podspec(json_object_get(t, "spec"));
}

static const char *const event_keys[] = { "apiVersion", "kind", "metadata", "involvedObject", "reason", "message",
	"type", "count", "firstTimestamp", "lastTimestamp", "eventTime", "series", "source", "reportingController",
	"reportingComponent", NULL };
static const char *const event_meta_keys[] = { "name", "namespace", "creationTimestamp", NULL };
static const char *const involved_keys[] = { "kind", "name", "namespace", "uid", "fieldPath", NULL };
static const char *const status_keys[] = { "name", "state", "lastState", "ready", "restartCount", "started",
	"image", NULL };
static const char *const state_keys[] = { "waiting", "running", "terminated", NULL };
static const char *const term_keys[] = { "exitCode", "signal", "reason", "message", "startedAt", "finishedAt", NULL };

static void trim_state(json_t *st)
{
	keep_keys(st, state_keys);
	keep_keys(json_object_get(st, "terminated"), term_keys);
}

static void trim_status(json_t *status)
{
	static const char *const lists[] = { "containerStatuses", "initContainerStatuses",
		"ephemeralContainerStatuses" };
	json_t *c;
	size_t i;

	json_object_del(status, "podIPs");
	json_object_del(status, "hostIPs");
	for (int l = 0; l < 3; l++)
		json_array_foreach(json_object_get(status, lists[l]), i, c) {
			keep_keys(c, status_keys);
			trim_state(json_object_get(c, "state"));
			trim_state(json_object_get(c, "lastState"));
		}
	json_array_foreach(json_object_get(status, "conditions"), i, c)
		json_object_del(c, "lastProbeTime");
}

static void trim(json_t *o, enum diag_kind_id k)
{
	json_t *meta = json_object_get(o, "metadata"), *spec = json_object_get(o, "spec");

	if (k == K_EVENT) {
		keep_keys(o, event_keys);
		keep_keys(meta, event_meta_keys);
		keep_keys(json_object_get(o, "involvedObject"), involved_keys);
		keep_keys(json_object_get(o, "source"), (const char *const[]){ "component", NULL });
		return;
	}
	keep_keys(meta, meta_keys);
	keep_keys(json_object_get(meta, "annotations"), annotation_keys);
	if (k == K_POD) {
		trim_podspec(spec);
		trim_status(json_object_get(o, "status"));
	} else if (k == K_CRONJOB) {
		trim_template(jget(spec, "jobTemplate.spec.template"));
	} else if (diag_kinds[k].controller) {
		trim_template(json_object_get(spec, "template"));
	}
}

/* events.k8s.io/v1 events in core/v1's words, so every reader sees one shape. */
static void normalize_event(json_t *ev)
{
	static const char *const ren[][2] = {
		{ "regarding", "involvedObject" }, { "note", "message" }, { "deprecatedCount", "count" },
		{ "deprecatedFirstTimestamp", "firstTimestamp" }, { "deprecatedLastTimestamp", "lastTimestamp" },
	};
	const char *api = jstr(ev, "apiVersion");

	if (!api || strncmp(api, "events.k8s.io/", 14))
		return;
	for (size_t i = 0; i < sizeof(ren) / sizeof(ren[0]); i++) {
		json_t *v = json_object_get(ev, ren[i][0]);
		if (v && !json_object_get(ev, ren[i][1]))
			json_object_set(ev, ren[i][1], v);
	}
	if (jstr(ev, "reportingController") && !json_object_get(ev, "source"))
		json_object_set_new(ev, "source", json_pack("{s:s}", "component", jstr(ev, "reportingController")));
	json_object_set_new(ev, "apiVersion", json_string("v1"));
}

static int is_list_kind(const char *kind)
{
	size_t n = strlen(kind);

	return !strcmp(kind, "List") || (n > 4 && !strcmp(kind + n - 4, "List"));
}

void pool_add(struct diag_pool *p, json_t *o, const char *list_kind)
{
	const char *kind = jstr(o, "kind");
	const struct diag_kind *k;

	if (!json_is_object(o))
		return;
	/* Items of a typed list (PodList) from the API carry no kind of their own. */
	if (!kind && list_kind && is_list_kind(list_kind) && strcmp(list_kind, "List")) {
		char *inferred = xstrndup(list_kind, strlen(list_kind) - 4);
		json_object_set_new(o, "kind", json_string(inferred));
		free(inferred);
		kind = jstr(o, "kind");
	}
	if (!kind)
		return;
	if (is_list_kind(kind)) {
		size_t i;
		json_t *item;
		json_array_foreach(json_object_get(o, "items"), i, item)
			pool_add(p, item, kind);
		return;
	}
	if (!(k = diag_kind_named(kind))) {
		if (!strlist_has(&p->other, kind) && p->other.n < 8)
			strlist_push(&p->other, kind);
		return;
	}
	if (k->id == K_EVENT)
		normalize_event(o);
	const char *name = jpath(o, "metadata.name"), *uid = jpath(o, "metadata.uid");
	if (name || uid) {	/* without either, nothing to know it again by: always in */
		char *key = xasprintf("%s/%s/%s/%s", kind, k->namespaced ? pool_ns(o) : "", name ? name : "",
				      uid ? uid : "");
		int dup = json_object_get(p->seen, key) != NULL;
		if (!dup)
			json_object_set_new(p->seen, key, json_true());
		free(key);
		if (dup)
			return;
	}
	trim(o, k->id);
	json_array_append(p->objs[k->id], o);
	p->indexed = 0;
}

void pool_add_log(struct diag_pool *p, const char *ns, const char *pod, const char *container, int previous,
		  char *text, size_t len, int truncated, const char *error)
{
	if (p->nlogs == p->alloc) {
		p->alloc = p->alloc ? 2 * p->alloc : 16;
		p->logs = xrealloc(p->logs, p->alloc * sizeof(*p->logs));
	}
	struct pool_log *g = &p->logs[p->nlogs++];
	g->ns = xstrdup(ns);
	g->pod = xstrdup(pod);
	g->container = xstrdup(container);
	g->previous = previous;
	g->truncated = truncated;
	g->text = text;
	g->len = text ? len : 0;
	g->error = error ? xstrdup(error) : NULL;
	p->indexed = 0;
}

static char *gap_key(const char *ns, const char *pod)
{
	return !ns ? xstrdup("") : !pod ? xasprintf("%s/", ns) : xasprintf("%s/%s", ns, pod);
}

void pool_gap(struct diag_pool *p, const char *ns, const char *pod, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	char *key = gap_key(ns, pod);
	json_t *arr = json_object_get(p->gaps, key), *v;
	size_t i;

	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (!arr) {
		arr = json_array();
		json_object_set_new(p->gaps, key, arr);
	}
	int have = 0;
	json_array_foreach(arr, i, v)
		have |= !strcmp(json_string_value(v), sb_str(&sb));
	if (!have && json_array_size(arr) < 16)
		json_array_append_new(arr, json_string(sb_str(&sb)));
	sb_free(&sb);
	free(key);
}

void pool_gaps_of(struct diag_pool *p, const char *ns, const char *pod, struct strlist *out)
{
	const char *keys[3];
	char *k1 = gap_key(ns, NULL), *k2 = gap_key(ns, pod);

	keys[0] = "";
	keys[1] = k1;
	keys[2] = k2;
	for (int i = 0; i < 3; i++) {
		json_t *v;
		size_t j;
		json_array_foreach(json_object_get(p->gaps, keys[i]), j, v)
			if (!strlist_has(out, json_string_value(v)))
				strlist_push(out, json_string_value(v));
	}
	free(k1);
	free(k2);
}

/* ---- indexes ---- */

static char *obj_key(const char *kind, const char *ns, const char *name)
{
	return xasprintf("%s/%s/%s", kind, ns ? ns : "", name ? name : "");
}

static void multi_add(json_t *idx, const char *key, json_t *v)
{
	json_t *arr = json_object_get(idx, key);

	if (!arr) {
		arr = json_array();
		json_object_set_new(idx, key, arr);
	}
	json_array_append(arr, v);
}

static void index_event(struct diag_pool *p, json_t *ev)
{
	const json_t *io = json_object_get(ev, "involvedObject");
	const char *uid = jstr(io, "uid"), *kind = jstr(io, "kind"), *name = jstr(io, "name");
	const struct diag_kind *k = diag_kind_named(kind);
	const char *ns = jstr(io, "namespace");

	if (!kind || !name)
		return;
	if (!ns || !*ns)
		ns = pool_ns(ev);
	char *key = obj_key(kind, k && !k->namespaced ? "" : ns, name);
	if (uid && *uid)
		multi_add(p->ev_uid, uid, ev);
	else
		multi_add(p->ev_key_nouid, key, ev);
	multi_add(p->ev_key, key, ev);
	free(key);
}

void pool_index(struct diag_pool *p)
{
	if (p->indexed)
		return;
	drop_index(p);
	p->by_uid = json_object();
	p->by_key = json_object();
	p->ev_uid = json_object();
	p->ev_key = json_object();
	p->ev_key_nouid = json_object();
	p->children = json_object();
	p->logs_of = json_object();
	for (int k = 0; k < K_NKINDS; k++) {
		json_t *o, *ref;
		size_t i, j;
		json_array_foreach(p->objs[k], i, o) {
			if (k == K_EVENT) {
				index_event(p, o);
				continue;
			}
			const char *uid = jpath(o, "metadata.uid"), *name = jpath(o, "metadata.name");
			const char *ns = diag_kinds[k].namespaced ? pool_ns(o) : "";
			if (uid && *uid && !json_object_get(p->by_uid, uid))
				json_object_set(p->by_uid, uid, o);
			if (name) {
				char *key = obj_key(diag_kinds[k].kind, ns, name);
				if (!json_object_get(p->by_key, key))
					json_object_set(p->by_key, key, o);
				free(key);
			}
			/* children by their owner's kind/ns/name: references made by hand may lack the uid */
			json_array_foreach(jget(o, "metadata.ownerReferences"), j, ref) {
				if (!jstr(ref, "kind") || !jstr(ref, "name"))
					continue;
				char *key = obj_key(jstr(ref, "kind"), ns, jstr(ref, "name"));
				multi_add(p->children, key, o);
				free(key);
			}
		}
	}
	for (size_t i = 0; i < p->nlogs; i++) {
		char *key = xasprintf("%s/%s", p->logs[i].ns, p->logs[i].pod);
		json_t *arr = json_object_get(p->logs_of, key);
		if (!arr) {
			arr = json_array();
			json_object_set_new(p->logs_of, key, arr);
		}
		json_array_append_new(arr, json_integer((json_int_t)i));
		free(key);
	}
	p->indexed = 1;
}

size_t pool_count(const struct diag_pool *p, enum diag_kind_id k)
{
	return json_array_size(p->objs[k]);
}

json_t *pool_find(struct diag_pool *p, enum diag_kind_id k, const char *ns, const char *name)
{
	pool_index(p);
	if (ns || !diag_kinds[k].namespaced) {
		char *key = obj_key(diag_kinds[k].kind, diag_kinds[k].namespaced ? ns : "", name);
		json_t *o = json_object_get(p->by_key, key);
		free(key);
		return o;
	}
	json_t *o;
	size_t i;
	json_array_foreach(p->objs[k], i, o)	/* any namespace: the first by that name */
		if (jpath(o, "metadata.name") && !strcmp(jpath(o, "metadata.name"), name))
			return o;
	return NULL;
}

/* Whether reference ref (made by o) names owner: by uid when both have one. */
static int ref_names(const json_t *ref, const json_t *owner)
{
	const char *ru = jstr(ref, "uid"), *ou = jpath(owner, "metadata.uid");

	return !(ru && *ru && ou && *ou) || !strcmp(ru, ou);
}

json_t *pool_owner_of(struct diag_pool *p, const json_t *o)
{
	const json_t *ref, *pick = NULL;
	size_t i;

	pool_index(p);
	json_array_foreach(jget(o, "metadata.ownerReferences"), i, ref) {
		const struct diag_kind *k = diag_kind_named(jstr(ref, "kind"));
		if (!k || !k->controller || !jstr(ref, "name"))
			continue;
		if (!pick || json_is_true(json_object_get(ref, "controller")))
			pick = ref;
	}
	if (!pick)
		return NULL;
	const char *uid = jstr(pick, "uid");
	json_t *owner = uid && *uid ? json_object_get(p->by_uid, uid) : NULL;
	if (owner)
		return owner;
	char *key = obj_key(jstr(pick, "kind"), pool_ns(o), jstr(pick, "name"));
	owner = json_object_get(p->by_key, key);
	free(key);
	return owner && ref_names(pick, owner) ? owner : NULL;
}

void pool_children(struct diag_pool *p, const json_t *o, enum diag_kind_id k, json_t *out)
{
	const char *kind = jstr(o, "kind"), *name = jpath(o, "metadata.name");
	json_t *c, *ref;
	size_t i, j;

	pool_index(p);
	if (!kind || !name)
		return;
	char *key = obj_key(kind, pool_ns(o), name);
	json_array_foreach(json_object_get(p->children, key), i, c) {
		if (jstr(c, "kind") && strcmp(jstr(c, "kind"), diag_kinds[k].kind))
			continue;
		json_array_foreach(jget(c, "metadata.ownerReferences"), j, ref)
			if (jstr(ref, "kind") && !strcmp(jstr(ref, "kind"), kind) && jstr(ref, "name") &&
			    !strcmp(jstr(ref, "name"), name) && ref_names(ref, o)) {
				json_array_append(out, c);
				break;
			}
	}
	free(key);
}

void pool_events_about(struct diag_pool *p, const json_t *o, json_t *out)
{
	const char *kind = jstr(o, "kind"), *name = jpath(o, "metadata.name"), *uid = jpath(o, "metadata.uid");
	const struct diag_kind *k = diag_kind_named(kind);

	pool_index(p);
	if (!kind || !name)
		return;
	char *key = obj_key(kind, k && !k->namespaced ? "" : pool_ns(o), name);
	/* by uid when the object has one (kubectl describe does: an older pod of
	 * the same name is another pod), and the events that name no uid */
	if (uid && *uid) {
		json_array_extend(out, json_object_get(p->ev_uid, uid));
		json_array_extend(out, json_object_get(p->ev_key_nouid, key));
	} else {
		json_array_extend(out, json_object_get(p->ev_key, key));
	}
	free(key);
}

const json_t *pool_logs_of(struct diag_pool *p, const char *ns, const char *pod)
{
	pool_index(p);
	char *key = xasprintf("%s/%s", ns, pod);
	const json_t *arr = json_object_get(p->logs_of, key);
	free(key);
	return arr;
}

long long pool_newest(struct diag_pool *p)
{
	long long t = 0, v;
	long ns;
	json_t *o, *c;
	size_t i, j;

	json_array_foreach(p->objs[K_EVENT], i, o) {
		diag_event_time(o, &v, &ns);
		if (v > t)
			t = v;
	}
	json_array_foreach(p->objs[K_POD], i, o)
		json_array_foreach(jget(o, "status.conditions"), j, c)
			if ((v = rfc3339_seconds(jstr(c, "lastTransitionTime"))) > t)
				t = v;
	return t;
}
