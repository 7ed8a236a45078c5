#include "services.h"
#include "graph.h"
#include "rootfs.h"
#include "unit.h"

#include <ctype.h>
#include <dirent.h>
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

static void systemd_services(int rootfd, const char *target, struct strlist *out)
{
	struct graph g = { 0 };

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

char *rc_link_service(const char *entry)
{
	const char *p = entry + 1;

	if (entry[0] != 'S' || !isdigit((unsigned char)*p))
		return NULL;
	while (isdigit((unsigned char)*p))
		p++;
	return *p ? xstrdup(p) : NULL;
}

/* initdefault of /etc/inittab ("id:3:initdefault:"), else 3. */
static int initdefault(int rootfd)
{
	char *text, *save = NULL;
	int level = 3;

	if (root_read_file(rootfd, "/etc/inittab", 1u << 20, &text, NULL) < 0)
		return level;
	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char *a = strchr(l, ':'), *b = a ? strchr(a + 1, ':') : NULL;
		if (l[0] != '#' && b && b - a == 2 && !strncmp(b + 1, "initdefault", 11) && a[1] >= '1' && a[1] <= '5')
			level = a[1] - '0';
	}
	free(text);
	return level;
}

/* The S links of rcN.d: RHEL's /etc/rc.d/rcN.d, else /etc/rcN.d. Only the
 * names, through rootfs.h as leapp-init sysv reads them (its reader is part
 * of the static program, not of the pure library oc-leapp links). */
static void rc_services(int rootfd, int level, struct strlist *out)
{
	char *dirs[] = { xasprintf("/etc/rc.d/rc%d.d", level), xasprintf("/etc/rc%d.d", level) };
	int fd = -1;

	for (size_t i = 0; i < 2 && fd < 0; i++)
		fd = root_open(rootfd, dirs[i], O_RDONLY | O_DIRECTORY, 0, NULL);
	free(dirs[0]);
	free(dirs[1]);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *de;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((de = readdir(d))) {
		char *s = rc_link_service(de->d_name);
		if (s && !strlist_has(out, s))
			strlist_push(out, s);
		free(s);
	}
	closedir(d);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void machine_services(const struct machine *m, struct strlist *out)
{
	int rootfd = open(m->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (rootfd < 0)
		return;
	if (m->init == INIT_SYSTEMD) {
		char *target = default_target(rootfd);
		systemd_services(rootfd, target, out);
		/* systemd-sysv-generator: runlevels 2-4 are multi-user, 5 graphical */
		rc_services(rootfd, !strcmp(target, "graphical.target") ? 5 : 3, out);
		free(target);
	} else {
		rc_services(rootfd, initdefault(rootfd), out);
	}
	close(rootfd);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_str);
}
