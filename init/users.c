#include "init/users.h"
#include "init/rootfs.h"
#include "lib/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Splits a colon line into at most n fields (in place); returns how many. */
static size_t fields(char *line, char **f, size_t n)
{
	size_t k = 0;

	while (k < n) {
		f[k++] = line;
		char *c = strchr(line, ':');
		if (!c)
			break;
		*c = '\0';
		line = c + 1;
	}
	return k;
}

static int parse_id(const char *s, unsigned long *out)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	*out = strtoul(s, &end, 10);
	return errno || *end || *out >= 0xffffffffUL ? -1 : 0;
}

/* Calls fn on each line of the root's file split into n fields; stops when
 * fn returns non-zero and returns that. */
static int each_line(int rootfd, const char *path, size_t n, int (*fn)(char **f, size_t k, void *arg), void *arg)
{
	char *text, *save = NULL;
	int r = 0;

	if (root_read_file(rootfd, path, 16u << 20, &text, NULL) < 0)
		return 0;
	for (char *l = strtok_r(text, "\n", &save); l && !r; l = strtok_r(NULL, "\n", &save)) {
		char *f[8];
		size_t k = fields(l, f, n);
		if (k >= n && f[0][0] != '#' && f[0][0] != '+' && f[0][0] != '-')
			r = fn(f, k, arg);
	}
	free(text);
	return r;
}

struct user_q {
	const char *name;
	unsigned long num;
	int by_num;
	struct user_info *u;
};

static int user_match(char **f, size_t k, void *arg)
{
	struct user_q *q = arg;
	unsigned long uid, gid;

	(void)k;
	if (parse_id(f[2], &uid) < 0 || parse_id(f[3], &gid) < 0)
		return 0;
	if (q->by_num ? uid != q->num : strcmp(f[0], q->name))
		return 0;
	q->u->uid = (uid_t)uid;
	q->u->gid = (gid_t)gid;
	q->u->name = xstrdup(f[0]);
	q->u->home = xstrdup(f[5]);
	q->u->shell = xstrdup(f[6]);
	return 1;
}

int user_lookup(int rootfd, const char *name, struct user_info *u)
{
	struct user_q q = { name, 0, 0, u };

	memset(u, 0, sizeof(*u));
	q.by_num = parse_id(name, &q.num) == 0;
	if (each_line(rootfd, "/etc/passwd", 7, user_match, &q))
		return 0;
	if (!q.by_num)
		return -1;
	u->uid = (uid_t)q.num;
	u->gid = (gid_t)q.num;
	u->name = xstrdup(name);
	u->home = xstrdup("/");
	u->shell = xstrdup("/bin/sh");
	return 0;
}

void user_info_free(struct user_info *u)
{
	free(u->name);
	free(u->home);
	free(u->shell);
	memset(u, 0, sizeof(*u));
}

struct group_q {
	const char *name;
	gid_t *gid;
	const char *member;
	gid_t primary;
	gid_t *gids;
	size_t n, max;
};

static int group_match(char **f, size_t k, void *arg)
{
	struct group_q *q = arg;
	unsigned long gid;

	(void)k;
	if (parse_id(f[2], &gid) < 0 || strcmp(f[0], q->name))
		return 0;
	*q->gid = (gid_t)gid;
	return 1;
}

int group_lookup(int rootfd, const char *name, gid_t *gid)
{
	struct group_q q = { .name = name, .gid = gid };
	unsigned long num;

	if (each_line(rootfd, "/etc/group", 4, group_match, &q))
		return 0;
	if (parse_id(name, &num) < 0)
		return -1;
	*gid = (gid_t)num;
	return 0;
}

static int member_match(char **f, size_t k, void *arg)
{
	struct group_q *q = arg;
	unsigned long gid;
	char *save = NULL;

	if (k < 4 || parse_id(f[2], &gid) < 0 || (gid_t)gid == q->primary)
		return 0;
	for (char *m = strtok_r(f[3], ",", &save); m; m = strtok_r(NULL, ",", &save))
		if (!strcmp(m, q->member) && q->n < q->max) {
			q->gids[q->n++] = (gid_t)gid;
			break;
		}
	return 0;
}

size_t user_groups(int rootfd, const char *user, gid_t primary, gid_t *gids, size_t max)
{
	struct group_q q = { .member = user, .primary = primary, .gids = gids, .max = max };

	each_line(rootfd, "/etc/group", 4, member_match, &q);
	return q.n;
}
