/* leapp-init services' reading of a machine, over a small tree the bytes
 * make (fz_tree: "== PATH" entries): the default target, the closure of
 * units (search path, aliases, masks, templates, drop-ins, .wants), the
 * init scripts systemd's sysv generator would turn into units
 * (init/sysvgen.c), the start order, each unit's conditions (init/cond.c),
 * command lines, users and groups from the machine's /etc/passwd and
 * /etc/group, and, inside the sandbox only, the directories tmpfiles.d and
 * RuntimeDirectory= create (init/tmpfiles.c). */
#include "init/cond.h"
#include "init/execline.h"
#include "fuzz.h"
#include "init/graph.h"
#include "init/rootfs.h"
#include "init/sysvgen.h"
#include "init/tmpfiles.h"
#include "init/unit.h"
#include "init/users.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *root;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_sandbox(*argc, *argv);
	root = fz_path("machine");
	return 0;
}

static char *target(int rootfd)
{
	struct unit *u;
	struct err e = { 0 };
	char *id = NULL;

	if (unit_load(rootfd, "default.target", &u, &e) == 0) {
		if (u->path && strcmp(u->id, "default.target"))
			id = strdup(u->id);
		unit_free(u);
	}
	return id ? id : strdup("multi-user.target");
}

static void service(int rootfd, const struct unit *u)
{
	static const struct unit_ctx ctx = { "leapp-host", "0123456789abcdef0123456789abcdef" };
	static const char *const keys[] = { "ExecStartPre", "ExecStart", "ExecStartPost", "ExecStop", NULL };
	struct strlist vals = { 0 }, env = { 0 }, bad = { 0 };
	struct user_info ui;
	gid_t gids[16], gid = 0;
	const char *user = unit_get(u, "Service", "User"), *group = unit_get(u, "Service", "Group");

	for (int k = 0; keys[k]; k++) {
		unit_get_list(u, "Service", keys[k], &vals);
		for (size_t i = 0; i < vals.n; i++) {
			struct err e = { 0 };
			struct exec_list l = { 0 };
			char *x = unit_expand(u, &ctx, vals.v[i], &e);
			if (x)
				exec_parse(x, &l, &e);
			exec_list_free(&l);
			free(x);
		}
		strlist_free(&vals);
	}
	unit_get_list(u, "Service", "EnvironmentFile", &vals);
	for (size_t i = 0; i < vals.n; i++) {
		char *text;
		const char *p = vals.v[i] + (vals.v[i][0] == '-');
		if (root_read_file(rootfd, p, 1u << 20, &text, NULL) == 0) {
			env_parse_file(text, &env, &bad);
			free(text);
		}
	}
	strlist_free(&vals);
	if (user && user_lookup(rootfd, user, &ui) == 0) {
		user_groups(rootfd, ui.name, ui.gid, gids, 16);
		gid = ui.gid;
		user_info_free(&ui);
	}
	if (group)
		group_lookup(rootfd, group, &gid);
	if (fz_sandboxed()) {
		struct err e = { 0 };
		runtime_dirs_create(rootfd, u, getuid(), getgid(), &e);
	}
	strlist_free(&env);
	strlist_free(&bad);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct graph g = { 0 };
	struct sysvgen sv = { 0 };
	struct strlist w = { 0 };
	int rootfd;

	fz_tree(root, data, size);
	if ((rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return 0;
	if (fz_sandboxed())
		tmpfiles_create(rootfd, &w);
	sysvgen_scan(rootfd, root, &sv);
	char *t = target(rootfd);
	g.sysv = &sv;
	graph_build(rootfd, t, &g);
	graph_order(&g);
	for (size_t k = 0; k < g.n; k++) {
		struct gnode *n = &g.v[g.order[k]];
		struct strlist unchecked = { 0 };
		char *why = NULL;
		if (!n->u)
			continue;
		cond_check(rootfd, n->u, "oci", &why, &unchecked);
		free(why);
		strlist_free(&unchecked);
		if (unit_name_type(n->name) == UNIT_SERVICE)
			service(rootfd, n->u);
	}
	for (size_t i = 0; i < sv.n; i++) {
		struct unit *u = NULL;
		struct err e = { 0 };
		sysvgen_find(&sv, sv.v[i].name);
		if (sysvgen_load(&sv, rootfd, sv.v[i].name, &u, &e) == 0 && u)
			unit_free(u);
	}
	graph_free(&g);
	sysvgen_free(&sv);
	strlist_free(&w);
	free(t);
	close(rootfd);
	return 0;
}
