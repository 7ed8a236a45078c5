#include "init/graph.h"
#include "lib/strbuf.h"

#include <stdlib.h>
#include <string.h>

long graph_find(const struct graph *g, const char *name)
{
	for (size_t i = 0; i < g->n; i++)
		if (!strcmp(g->v[i].name, name) || (g->v[i].u && !strcmp(g->v[i].u->id, name)) ||
		    strlist_has(&g->v[i].aliases, name))
			return (long)i;
	return -1;
}

static void warn(struct graph *g, char *msg)
{
	strlist_push(&g->warnings, msg);
	free(msg);
}

static size_t add_node(struct graph *g, const char *name)
{
	if (g->n == g->alloc) {
		g->alloc = g->alloc ? g->alloc * 2 : 32;
		g->v = xrealloc(g->v, g->alloc * sizeof(*g->v));
	}
	memset(&g->v[g->n], 0, sizeof(g->v[0]));
	g->v[g->n].name = xstrdup(name);
	return g->n++;
}

/* Loads a node's unit; an alias of a node already there is merged into it
 * (returns that one's index). */
static long load_node(int rootfd, struct graph *g, const char *name)
{
	struct err e = { 0 };
	struct unit *u;

	if (unit_load(rootfd, name, &u, &e) < 0) {
		warn(g, xasprintf("%s: cannot read: %s", name, e.msg));
		return (long)add_node(g, name);
	}
	if (g->sysv && !u->path && !u->masked) {	/* no unit file: an init script's? */
		struct unit *gen;
		if (sysvgen_load(g->sysv, rootfd, name, &gen, &e) < 0) {
			warn(g, xasprintf("%s: cannot read: %s", name, e.msg));
			unit_free(u);
			return (long)add_node(g, name);
		}
		if (gen) {
			unit_free(u);
			u = gen;
		}
	}
	long old = graph_find(g, u->id);
	if (old >= 0) {
		if (strcmp(g->v[old].name, name) && !strlist_has(&g->v[old].aliases, name))
			strlist_push(&g->v[old].aliases, name);
		unit_free(u);
		return old;
	}
	size_t i = add_node(g, name);
	g->v[i].u = u;
	return (long)i;
}

static int expands(const struct unit *u)
{
	enum unit_type t = unit_name_type(u->name);

	return !u->masked && (t == UNIT_SERVICE || t == UNIT_TARGET);
}

/* The names a unit pulls in, specifiers expanded; requires gets the hard ones. */
static void deps_of(int rootfd, struct graph *g, const struct unit *u, struct strlist *all, struct strlist *req)
{
	static const char *const hard[] = { "Requires", "Requisite", "BindsTo", NULL };
	struct strlist soft = { 0 }, raw = { 0 };

	unit_get_words(u, "Unit", "Wants", &soft);
	for (int i = 0; hard[i]; i++)
		unit_get_words(u, "Unit", hard[i], &raw);
	unit_wants_dirs(rootfd, u->name, &soft, &raw);
	if (g->sysv) {
		sysvgen_wanted_by(g->sysv, u->id, &soft);
		sysvgen_wanted_by(g->sysv, u->name, &soft);
	}
	for (int pass = 0; pass < 2; pass++) {
		struct strlist *l = pass ? &soft : &raw;
		for (size_t i = 0; i < l->n; i++) {
			struct err e = { 0 };
			char *n = unit_expand(u, NULL, l->v[i], &e);
			if (!n) {
				warn(g, xasprintf("%s: dependency %s: %s", u->name, l->v[i], e.msg));
				continue;
			}
			if (!strlist_has(all, n))
				strlist_push(all, n);
			if (!pass && !strlist_has(req, n))
				strlist_push(req, n);
			free(n);
		}
	}
	strlist_free(&soft);
	strlist_free(&raw);
}

/* The unit NAME is another name of, as systemd would load it: an alias
 * link's target, or the init script that Provides: it. NULL: none. */
static char *real_name(int rootfd, const struct graph *g, const char *name)
{
	struct unit *u;
	struct err e = { 0 };
	char *id = NULL;

	if (!unit_name_valid(name) || unit_load(rootfd, name, &u, &e) < 0)
		return NULL;
	if (u->path && strcmp(u->id, name))
		id = xstrdup(u->id);
	else if (!u->path && !u->masked && g->sysv && sysvgen_find(g->sysv, name))
		id = xstrdup(sysvgen_find(g->sysv, name)->name);
	unit_free(u);
	return id;
}

/* After=/Before= may name a unit in the closure by an alias nothing pulled
 * it in by: record those, so that the order sees them. */
static void resolve_aliases(int rootfd, struct graph *g)
{
	static const char *const keys[] = { "After", "Before", NULL };
	struct strlist unknown = { 0 };

	for (size_t i = 0; i < g->n; i++) {
		if (!g->v[i].u)
			continue;
		struct strlist names = { 0 };
		for (int k = 0; keys[k]; k++)
			unit_get_words(g->v[i].u, "Unit", keys[k], &names);
		for (size_t k = 0; k < names.n; k++) {
			if (graph_find(g, names.v[k]) >= 0 || strlist_has(&unknown, names.v[k]))
				continue;
			char *id = real_name(rootfd, g, names.v[k]);
			long j = id ? graph_find(g, id) : -1;
			if (j >= 0)
				strlist_push(&g->v[j].aliases, names.v[k]);
			else
				strlist_push(&unknown, names.v[k]);
			free(id);
		}
		strlist_free(&names);
	}
	strlist_free(&unknown);
}

int graph_build(int rootfd, const char *root_name, struct graph *g)
{
	load_node(rootfd, g, root_name);
	for (size_t i = 0; i < g->n; i++) {	/* g->n grows as we go: breadth first */
		struct strlist all = { 0 }, req = { 0 };
		if (!g->v[i].u || !expands(g->v[i].u))
			continue;
		deps_of(rootfd, g, g->v[i].u, &all, &req);
		for (size_t k = 0; k < all.n; k++) {
			long j = graph_find(g, all.v[k]);
			if (j < 0)
				j = load_node(rootfd, g, all.v[k]);
			if (!strlist_has(&g->v[i].pulls, g->v[j].name))
				strlist_push(&g->v[i].pulls, g->v[j].name);
			if (strlist_has(&req, all.v[k]) && !strlist_has(&g->v[i].requires, g->v[j].name))
				strlist_push(&g->v[i].requires, g->v[j].name);
		}
		g->v[i].expanded = 1;
		strlist_free(&all);
		strlist_free(&req);
	}
	resolve_aliases(rootfd, g);
	return 0;
}

/* ---- ordering ---- */

static int has_pred(const struct gnode *n, size_t p)
{
	for (size_t i = 0; i < n->npreds; i++)
		if (n->preds[i] == p)
			return 1;
	return 0;
}

/* "a starts after b" */
static void add_edge(struct graph *g, size_t a, size_t b)
{
	struct gnode *n = &g->v[a];

	if (a == b || has_pred(n, b))
		return;
	if (n->npreds == n->apreds) {
		n->apreds = n->apreds ? n->apreds * 2 : 8;
		n->preds = xrealloc(n->preds, n->apreds * sizeof(*n->preds));
	}
	n->preds[n->npreds++] = b;
}

static void del_edge(struct graph *g, size_t a, size_t b)
{
	struct gnode *n = &g->v[a];

	for (size_t i = 0; i < n->npreds; i++)
		if (n->preds[i] == b) {
			n->preds[i] = n->preds[--n->npreds];
			return;
		}
}

static int default_deps(const struct unit *u)
{
	return unit_get_bool(u, "Unit", "DefaultDependencies", 1) != 0;
}

/* After= and Before= as edges, both directions. */
static void explicit_edges(struct graph *g, size_t i)
{
	struct strlist after = { 0 }, before = { 0 };

	unit_get_words(g->v[i].u, "Unit", "After", &after);
	unit_get_words(g->v[i].u, "Unit", "Before", &before);
	for (size_t k = 0; k < after.n; k++) {
		long j = graph_find(g, after.v[k]);
		if (j >= 0)
			add_edge(g, i, (size_t)j);
	}
	for (size_t k = 0; k < before.n; k++) {
		long j = graph_find(g, before.v[k]);
		if (j >= 0)
			add_edge(g, (size_t)j, i);
	}
	strlist_free(&after);
	strlist_free(&before);
}

/* A service with default dependencies starts after basic.target (which
 * is after sysinit.target). */
static void service_defaults(struct graph *g, size_t i)
{
	static const char *const early[] = { "sysinit.target", "basic.target", NULL };

	if (unit_name_type(g->v[i].name) != UNIT_SERVICE || !default_deps(g->v[i].u))
		return;
	for (int k = 0; early[k]; k++) {
		long j = graph_find(g, early[k]);
		if (j >= 0 && !has_pred(&g->v[j], i))
			add_edge(g, i, (size_t)j);
	}
}

/* Requires= orders too, unless the units say the opposite; a target with
 * default dependencies is after what it pulls in (as systemd's
 * unit_add_default_target_dependency, without making loops). */
static void implicit_edges(struct graph *g, size_t i)
{
	int target = unit_name_type(g->v[i].name) == UNIT_TARGET && default_deps(g->v[i].u);

	for (size_t k = 0; k < g->v[i].requires.n; k++) {
		long j = graph_find(g, g->v[i].requires.v[k]);
		if (j >= 0 && !has_pred(&g->v[j], i))
			add_edge(g, i, (size_t)j);
	}
	for (size_t k = 0; target && k < g->v[i].pulls.n; k++) {
		long j = graph_find(g, g->v[i].pulls.v[k]);
		if (j >= 0 && g->v[j].u && !has_pred(&g->v[j], i) && default_deps(g->v[j].u))
			add_edge(g, i, (size_t)j);
	}
}

/* Finds a cycle among the unplaced nodes and breaks it at one edge. */
static void break_cycle(struct graph *g, const char *placed)
{
	size_t start = 0;
	while (placed[start])
		start++;
	/* Walk predecessors until a node repeats: that node is on a cycle. */
	size_t *seen = xcalloc(g->n, sizeof(*seen)), cur = start, step = 1;
	while (!seen[cur]) {
		seen[cur] = step++;
		for (size_t k = 0; k < g->v[cur].npreds; k++)
			if (!placed[g->v[cur].preds[k]]) {
				cur = g->v[cur].preds[k];
				break;
			}
	}
	struct strbuf sb = STRBUF_INIT;
	size_t first = cur, prev = cur;
	sb_adds(&sb, g->v[first].name);
	do {
		size_t next = 0;
		for (size_t k = 0; k < g->v[prev].npreds; k++)
			if (!placed[g->v[prev].preds[k]]) {
				next = g->v[prev].preds[k];
				break;
			}
		sb_addf(&sb, " after %s", g->v[next].name);
		if (next == first) {
			del_edge(g, prev, next);
			sb_addf(&sb, "; %s is started without waiting for %s", g->v[prev].name, g->v[next].name);
			break;
		}
		prev = next;
	} while (1);
	warn(g, xasprintf("ordering cycle: %s", sb.buf));
	sb_free(&sb);
	free(seen);
}

void graph_order(struct graph *g)
{
	char *placed = xcalloc(g->n ? g->n : 1, 1);
	size_t done = 0;

	for (size_t i = 0; i < g->n; i++)
		if (g->v[i].u)
			explicit_edges(g, i);
	for (size_t i = 0; i < g->n; i++)
		if (g->v[i].u)
			service_defaults(g, i);
	for (size_t i = 0; i < g->n; i++)
		if (g->v[i].u)
			implicit_edges(g, i);
	free(g->order);
	g->order = xcalloc(g->n ? g->n : 1, sizeof(*g->order));
	while (done < g->n) {
		int progress = 0;
		/* Lowest index first: the breadth-first discovery order. */
		for (size_t i = 0; i < g->n; i++) {
			if (placed[i])
				continue;
			size_t k = 0;
			while (k < g->v[i].npreds && placed[g->v[i].preds[k]])
				k++;
			if (k < g->v[i].npreds)
				continue;
			placed[i] = 1;
			g->order[done++] = i;
			progress = 1;
			break;
		}
		if (!progress)
			break_cycle(g, placed);
	}
	free(placed);
}

void graph_free(struct graph *g)
{
	for (size_t i = 0; i < g->n; i++) {
		free(g->v[i].name);
		unit_free(g->v[i].u);
		strlist_free(&g->v[i].requires);
		strlist_free(&g->v[i].pulls);
		strlist_free(&g->v[i].aliases);
		free(g->v[i].preds);
	}
	free(g->v);
	free(g->order);
	strlist_free(&g->warnings);
	memset(g, 0, sizeof(*g));
}
