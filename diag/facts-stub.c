/* TEMPORARY (diag-client branch): minimal facts functions so the cluster
 * client builds and its tests run before diag/facts.c (diag-rules branch)
 * lands. The lead deletes this file at merge. */
#include "facts.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

int diag_target_parse(const char *word, struct diag_target *t, struct err *e)
{
	static const char *const dep[] = { "deployment/", "deployments/", "deploy/",
					   "deployment.apps/", "deployments.apps/", NULL };
	static const char *const pod[] = { "pod/", "pods/", "po/", NULL };

	memset(t, 0, sizeof(*t));
	for (size_t i = 0; dep[i]; i++)
		if (!strncmp(word, dep[i], strlen(dep[i]))) {
			t->kind = TARGET_DEPLOYMENT;
			t->name = word + strlen(dep[i]);
			goto check;
		}
	t->kind = TARGET_POD;
	t->name = word;
	for (size_t i = 0; pod[i]; i++)
		if (!strncmp(word, pod[i], strlen(pod[i])))
			t->name = word + strlen(pod[i]);
check:
	if (!*t->name || strchr(t->name, '/'))
		return err_set(e, EXIT_USAGE, "\"%s\" is not a pod or deployment/NAME", word);
	return 0;
}

struct diag_facts *diag_facts_add(struct diag_facts_list *l)
{
	struct diag_facts *f;

	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
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
		g->text = xmalloc(len + 1);
		memcpy(g->text, text, len);
		g->text[len] = '\0';
		g->len = len;
	}
	g->truncated = truncated;
	g->error = error ? xstrdup(error) : NULL;
}

void diag_facts_free(struct diag_facts *f)
{
	free(f->namespace);
	free(f->pod_name);
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
	free(f->source);
	memset(f, 0, sizeof(*f));
}

void diag_facts_list_free(struct diag_facts_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		diag_facts_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
