/* The machine's users and groups, read from its own /etc/passwd and
 * /etc/group under the root: never NSS (the static binary must not load the
 * host's or the machine's libraries, and glibc warns that it would). */
#ifndef LEAPP_USERS_H
#define LEAPP_USERS_H
#include <stddef.h>
#include <sys/types.h>

struct user_info {
	uid_t uid;
	gid_t gid;
	char *name, *home, *shell;
};

/* Looks NAME (or a number) up in the root's /etc/passwd. 0, or -1 when
 * unknown. A number not in the file is accepted as itself (gid = uid's). */
int user_lookup(int rootfd, const char *name, struct user_info *u);
void user_info_free(struct user_info *u);
/* A group by name or number from the root's /etc/group. */
int group_lookup(int rootfd, const char *name, gid_t *gid);
/* The supplementary groups naming user in /etc/group, besides primary;
 * returns how many were written into gids (at most max). */
size_t user_groups(int rootfd, const char *user, gid_t primary, gid_t *gids, size_t max);

#endif
