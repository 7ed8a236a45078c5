#include "diag/findings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct diag_finding *finding_find(struct diagnosis *d, const char *id, const char *container)
{
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->v[i].id, id) &&
		    ((!container && !d->v[i].container) ||
		     (container && d->v[i].container && !strcmp(container, d->v[i].container))))
			return &d->v[i];
	return NULL;
}

struct diag_finding *finding_get(struct diagnosis *d, const char *id, enum diag_stage stage, enum diag_severity sev,
				 size_t rank, const char *container, int init, int *fresh)
{
	struct diag_finding *f = finding_find(d, id, container);

	*fresh = !f;
	if (f) {
		if (sev > f->sev)
			f->sev = sev;
		return f;
	}
	d->v = xrealloc(d->v, (d->n + 1) * sizeof(*d->v));
	f = &d->v[d->n++];
	memset(f, 0, sizeof(*f));
	f->id = id;
	f->sev = sev;
	f->stage = stage;
	f->rank = rank;
	f->seq = d->n;
	f->container = container ? xstrdup(container) : NULL;
	if (init == 1 && f->stage > STAGE_INIT && f->stage < STAGE_STATUS)
		f->stage = STAGE_INIT;
	if (init == 0 && f->stage == STAGE_INIT)
		f->stage = STAGE_MAIN_LOGS;
	return f;
}

static void push_unique(struct strlist *l, const char *s, size_t max)
{
	if (!s || !*s || strlist_has(l, s) || l->n >= max)
		return;
	strlist_push(l, s);
}

void finding_evidence(struct diag_finding *f, const char *line)
{
	size_t n = strlen(line);
	char *cut = xstrndup(line, n < MAX_LINE ? n : MAX_LINE);

	push_unique(&f->evidence, cut, MAX_EVIDENCE);
	free(cut);
}

void finding_remedy(struct diag_finding *f, const char *line)
{
	push_unique(&f->remedy, line, MAX_REMEDY);
}

int finding_quotes(const struct diag_finding *f, const char *msg)
{
	char head[201];

	if (!f || !msg || !*msg)
		return 0;
	snprintf(head, sizeof(head), "%s", msg);
	for (size_t i = 0; i < f->evidence.n; i++)
		if (strstr(f->evidence.v[i], head))
			return 1;
	return 0;
}

/* Whether list (space-separated words) holds word. */
static int listed(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; p && *p;) {
		size_t k = strcspn(p, " ");
		if (k == n && !strncmp(p, word, n))
			return 1;
		p += k + (p[k] == ' ');
	}
	return 0;
}

static int same_container(const struct diag_finding *a, const struct diag_finding *b)
{
	return (!a->container && !b->container) ||
	       (a->container && b->container && !strcmp(a->container, b->container));
}

static void finding_clear(struct diag_finding *f)
{
	free(f->container);
	free(f->summary);
	free(f->explanation);
	strlist_free(&f->evidence);
	strlist_free(&f->remedy);
}

void findings_drop_effects(struct diagnosis *d)
{
	size_t w = 0;

	for (size_t i = 0; i < d->n; i++) {
		int effect = 0;
		for (size_t k = 0; k < d->n && !effect; k++)
			effect = k != i && d->v[i].effect_of && listed(d->v[i].effect_of, d->v[k].id) &&
				 same_container(&d->v[i], &d->v[k]);
		if (effect)
			finding_clear(&d->v[i]);
		else
			d->v[w++] = d->v[i];
	}
	d->n = w;
}

static int by_stage(const void *a, const void *b)
{
	const struct diag_finding *x = a, *y = b;

	if (x->stage != y->stage)
		return x->stage < y->stage ? -1 : 1;
	if (x->sev != y->sev)
		return x->sev > y->sev ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void findings_order(struct diagnosis *d)
{
	struct strlist given = { 0 };

	qsort(d->v, d->n, sizeof(*d->v), by_stage);
	for (size_t i = 0; i < d->n; i++) {
		struct strlist keep = { 0 };
		for (size_t k = 0; k < d->v[i].remedy.n; k++) {
			const char *r = d->v[i].remedy.v[k];
			if (strlist_has(&given, r))
				continue;
			strlist_push(&keep, r);
			strlist_push(&given, r);
		}
		strlist_free(&d->v[i].remedy);
		d->v[i].remedy = keep;
	}
	strlist_free(&given);
}
