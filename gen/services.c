#include "gen/services.h"
#include "init/graph.h"
#include "init/rootfs.h"
#include "init/sysvgen.h"
#include "init/unit.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void add_name(struct strlist *out, const char *unit)
{
	char *p = unit_name_prefix(unit);

	if (*p && !strlist_has(out, p))
		strlist_push(out, p);
	free(p);
}

/* The default target as leapp-init services resolves it: default.target's
 * link, else multi-user.target. */
static char *default_target(int rootfd)
{
	struct unit *u;
	struct err e = { 0 };
	char *id = NULL;

	if (unit_load(rootfd, "default.target", &u, &e) == 0) {
		if (u->path && strcmp(u->id, "default.target"))
			id = xstrdup(u->id);
		unit_free(u);
	}
	return id ? id : xstrdup("multi-user.target");
}

/* The closure leapp-init services boots: units, and the init scripts
 * systemd's generator makes units of (sysvgen.h). */
static void systemd_services(int rootfd, const struct sysvgen *sv, const char *target, struct strlist *out)
{
	struct graph g = { 0 };

	g.sysv = sv;
	graph_build(rootfd, target, &g);
	for (size_t i = 0; i < g.n; i++) {
		const struct unit *u = g.v[i].u;
		if (!u || u->masked || unit_name_type(g.v[i].name) != UNIT_SERVICE)
			continue;
		add_name(out, g.v[i].name);
		add_name(out, u->id);
	}
	graph_free(&g);
}


static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void machine_services(const struct machine *m, struct strlist *out)
{
	int rootfd = open(m->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct sysvgen sv = { 0 };

	if (rootfd < 0)
		return;
	sysvgen_scan(rootfd, m->path, &sv);
	if (m->init == INIT_SYSTEMD) {
		char *target = default_target(rootfd);
		systemd_services(rootfd, &sv, target, out);
		free(target);
	} else {
		/* rc's runlevels as the generator names them: 2-4 multi-user, 5 graphical */
		struct strlist units = { 0 };
		sysvgen_wanted_by(&sv, sysvgen_initdefault(rootfd) == 5 ? "graphical.target" : "multi-user.target", &units);
		for (size_t i = 0; i < units.n; i++)
			add_name(out, units.v[i]);
		strlist_free(&units);
	}
	sysvgen_free(&sv);
	close(rootfd);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_str);
}
