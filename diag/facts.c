/* The facts about a pod: what the user named, and the containers for what
 * was gathered (owned here, freed here). */
#include "diag/facts.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* A DNS-1123 subdomain, as the API requires of pod and controller names. */
static int name_ok(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 253 || !isalnum((unsigned char)s[0]) || !isalnum((unsigned char)s[n - 1]))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '-' || s[i] == '.'))
			return 0;
	return 1;
}

int diag_target_parse(const char *word, struct diag_target *t, struct err *e)
{
	const char *slash = strchr(word, '/');

	memset(t, 0, sizeof(*t));
	t->kind = TARGET_POD;
	t->name = word;
	if (slash) {
		size_t n = (size_t)(slash - word);
		const struct diag_kind *k = diag_kind_word(word, n);
		if (!k || (k->id != K_POD && !k->controller))
			return err_set(e, EXIT_USAGE, "cannot diagnose \"%.*s\": name a pod (POD, pod/NAME) or what "
				       "makes pods: deployment/, replicaset/, statefulset/, daemonset/, job/, cronjob/NAME",
				       (int)n, word);
		if (k->id != K_POD) {
			t->kind = TARGET_OWNER;
			t->owner = k;
		}
		t->name = slash + 1;
	}
	if (!name_ok(t->name))
		return err_set(e, EXIT_USAGE, "\"%s\" is not a valid %s name", t->name,
			       t->owner ? t->owner->resource : "pod");
	return 0;
}

struct diag_facts *diag_facts_add(struct diag_facts_list *l)
{
	struct diag_facts *f;

	/* doubling: a List of thousands of pods would copy the array per pod */
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 8;
		l->v = xrealloc(l->v, l->alloc * sizeof(*l->v));
	}
	f = &l->v[l->n++];
	memset(f, 0, sizeof(*f));
	f->events = json_array();
	f->owners = json_array();
	f->claims = json_array();
	f->volumes = json_array();
	return f;
}

void diag_facts_add_log(struct diag_facts *f, const char *container, int init, int previous,
			const char *text, size_t len, int truncated, const char *error)
{
	struct diag_log *g;

	f->logs = xrealloc(f->logs, (f->nlogs + 1) * sizeof(*f->logs));
	g = &f->logs[f->nlogs++];
	memset(g, 0, sizeof(*g));
	g->container = xstrdup(container);
	g->init = init;
	g->previous = previous;
	if (text) {
		g->text = xstrndup(text, len);
		g->len = len;
	}
	g->truncated = truncated;
	g->error = error ? xstrdup(error) : NULL;
}

void diag_facts_free(struct diag_facts *f)
{
	free(f->namespace);
	free(f->pod_name);
	free(f->object);
	json_decref(f->pod);
	json_decref(f->events);
	json_decref(f->owners);
	json_decref(f->claims);
	json_decref(f->volumes);
	for (size_t i = 0; i < f->nlogs; i++) {
		free(f->logs[i].container);
		free(f->logs[i].text);
		free(f->logs[i].error);
	}
	free(f->logs);
	strlist_free(&f->incomplete);
	free(f->source);
	memset(f, 0, sizeof(*f));
}

void diag_facts_list_free(struct diag_facts_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		diag_facts_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->alloc = 0;
}

const char *jstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* path is dot-separated object keys */
json_t *jget(const json_t *o, const char *path)
{
	char key[64];
	json_t *v = (json_t *)o;

	while (v && *path) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		v = json_is_object(v) ? json_object_get(v, key) : NULL;
		path += n + (dot ? 1 : 0);
	}
	return v;
}

const char *jpath(const json_t *o, const char *path)
{
	return json_string_value(jget(o, path));
}

const json_t *jmeta(const json_t *o)
{
	return json_object_get(o, "metadata");
}

void diag_event_time(const json_t *ev, long long *sec, long *nsec)
{
	static const char *const order[] = { "series.lastObservedTime", "lastTimestamp", "eventTime",
		"firstTimestamp", "metadata.creationTimestamp" };

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (rfc3339_parse(jpath(ev, order[i]), sec, nsec) == 0)
			return;
	*sec = 0;
	*nsec = 0;
}
