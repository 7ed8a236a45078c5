/* What a service finds made for it under systemd, in a fresh container
 * whose /run is an empty memory volume: the machine's tmpfiles.d "d"/"D"
 * lines for /run and /var/run, and a unit's RuntimeDirectory=. */
#ifndef LEAPP_TMPFILES_H
#define LEAPP_TMPFILES_H
#include <sys/types.h>
#include "init/unit.h"

/* Creates the directories; a line it cannot honour (specifiers, unknown
 * owner, a failed mkdir) is one entry in warnings. Returns how many it made. */
int tmpfiles_create(int rootfd, struct strlist *warnings);

/* RuntimeDirectory= of u, owned by uid/gid: 0 or -1 (message in e). */
int runtime_dirs_create(int rootfd, const struct unit *u, uid_t uid, gid_t gid, struct err *e);

#endif
