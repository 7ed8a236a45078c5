/* What a boot starts and in which order: the closure of a target over
 * Wants=/Requires=/Requisite=/BindsTo= and the .wants/.requires directories
 * (and the SysV init scripts enabled for it, as systemd's generator makes them),
 * then an order that honours After=/Before= (and Requires= where it does not
 * contradict them) with systemd's default dependencies. A cycle is reported
 * and broken at one edge, never looped on. Pure, over a root fd (unit.h). */
#ifndef LEAPP_GRAPH_H
#define LEAPP_GRAPH_H
#include <stddef.h>
#include "init/sysvgen.h"
#include "init/unit.h"

struct gnode {
	char *name;		/* first name it was wanted by */
	struct unit *u;		/* NULL when it could not be read (see warnings) */
	struct strlist pulls;	/* every unit it pulls in, by node name */
	struct strlist requires;	/* the hard ones among them */
	struct strlist aliases;	/* other names of it that units use (Provides:, alias links) */
	size_t *preds;		/* nodes that must be started before this one */
	size_t npreds, apreds;
	int expanded;
};

struct graph {
	struct gnode *v;
	size_t n, alloc;
	size_t *order;		/* start order: indices into v; after graph_order */
	struct strlist warnings;	/* one line each: unreadable units, cycles */
	/* The units systemd-sysv-generator would add (set before graph_build;
	 * NULL: none): a name with no unit file may be an init script's, and
	 * a target pulls in the scripts its runlevel's rcN.d enables. */
	const struct sysvgen *sysv;
};

/* The closure of root_name. Returns 0; unreadable units become warnings. */
int graph_build(int rootfd, const char *root_name, struct graph *g);
/* Fills g->order; each cycle broken is one warning line naming it. */
void graph_order(struct graph *g);
/* The index of the node named (or aliased) name, or -1. An alias that no
 * unit pulls in is known only after graph_build, which resolves the names
 * After= and Before= use. */
long graph_find(const struct graph *g, const char *name);
void graph_free(struct graph *g);

#endif
