/* One walk over a machine's tree, shared by the archive and the sizing so
 * that both see the same files: symlinks never followed, each entry stat'ed
 * once, and (with WALK_SKIP_VIRTUAL) the contents of the top-level dev, proc
 * and sys left out while the directories themselves are kept. */
#ifndef OC_WALK_H
#define OC_WALK_H
#include <stddef.h>
#include <sys/stat.h>
#include "err.h"

#define WALK_SKIP_VIRTUAL 0x1
#define WALK_SORTED 0x2	/* by name in each directory: the same tree, the same archive */

struct walk_ent {
	const char *path;	/* the host path, for open() and friends */
	const char *rel;	/* the path inside the tree: "" for the top, "etc/passwd" */
	const struct stat *st;	/* NULL when err is set */
	int err;		/* errno when the entry (or, for a directory, its
				 * contents) could not be read */
	int level;		/* 0 for the top */
};

/* Called for every entry, parents before children; a directory that cannot
 * be read is reported twice: once as a directory, once with err. Returning
 * -1 stops the walk (with e set). */
typedef int (*walk_fn)(void *ctx, const struct walk_ent *w, struct err *e);

int walk_tree(const char *root, unsigned flags, walk_fn fn, void *ctx, struct err *e);

/* Remembers (dev, ino) pairs: to count or store each hard-linked file once. */
struct inoset {
	struct inoset_slot *v;
	size_t n, cap;
};
int inoset_add(struct inoset *s, dev_t dev, ino_t ino);	/* 1 when new */
void inoset_free(struct inoset *s);

#endif
