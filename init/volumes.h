/* The pod's volumes as the init container sees them: the top-level
 * directories that exist under -C (each a mount point). Only they receive
 * the machine; they are emptied before and after a failed unpack. */
#ifndef LEAPP_VOLUMES_H
#define LEAPP_VOLUMES_H
#include "lib/err.h"
#include "lib/xalloc.h"

struct volumes {
	int dirfd;		/* -C */
	struct strlist names;	/* sorted */
};

int volumes_open(const char *dir, struct volumes *v, struct err *e);
void volumes_close(struct volumes *v);
int volumes_has(const struct volumes *v, const char *name, size_t len);
/* Removes everything inside each volume (not the mount points), never
 * following a link. -1 (e) when something could not be removed. */
int volumes_empty(const struct volumes *v, struct err *e);

#endif
