/* One walk over a machine's tree, shared by the archive and the sizing so
 * that both see the same files: symlinks never followed, each entry stat'ed
 * once, and (with WALK_SKIP_VIRTUAL) the contents of the top-level dev, proc
 * and sys left out while the directories themselves are kept.
 *
 * The walk works by file descriptors from the top down: each directory is
 * opened relative to its parent's descriptor with O_NOFOLLOW, and what was
 * opened is checked (device and inode) against what lstat saw. A directory
 * swapped for a symlink while the walk runs is reported and skipped, never
 * followed out of the tree; no whole path is ever handed to the kernel, so
 * trees deeper than PATH_MAX are walked too. */
#ifndef OC_WALK_H
#define OC_WALK_H
#include <stddef.h>
#include <sys/stat.h>
#include "lib/err.h"

#define WALK_SKIP_VIRTUAL 0x1
#define WALK_SORTED 0x2	/* by name in each directory: the same tree, the same archive */

enum walk_what {
	WALK_ENTRY,	/* an entry, with what lstat saw */
	WALK_NOSTAT,	/* an entry that cannot be looked at (err) */
	WALK_NOLIST,	/* a directory, reported just before as an entry, whose
			 * contents cannot be listed (err) */
	WALK_CHANGED,	/* replaced, moved or removed between being listed and
			 * opened (err: ENOENT when gone): skipped, not followed */
};

struct walk_ent {
	enum walk_what what;
	const char *rel;	/* the path inside the tree: "" for the top, "etc/passwd" */
	const char *name;	/* the last component, for openat(dirfd, name);
				 * the top's path for the top */
	int dirfd;		/* the directory it is in (AT_FDCWD for the top) */
	int fd;			/* a directory's own descriptor, checked, else -1 */
	int fd_is_path;		/* fd is O_PATH (a directory we may not read) */
	const struct stat *st;	/* WALK_ENTRY only */
	int err;
	int level;		/* 0 for the top */
};

/* Called for every entry, parents before children. Returning -1 stops the
 * walk (with e set). */
typedef int (*walk_fn)(void *ctx, const struct walk_ent *w, struct err *e);

/* The top is opened with O_NOFOLLOW: a path whose last component is a
 * symlink is refused, not followed. */
int walk_tree(const char *root, unsigned flags, walk_fn fn, void *ctx, struct err *e);

/* Opens dirfd/name (O_NOFOLLOW and O_CLOEXEC added) and checks it is the
 * entry st describes: 0 with *fd set; 1 when it is another file by now
 * (nothing is left open); -1 with errno. */
int walk_openat(int dirfd, const char *name, int flags, const struct stat *st, int *fd);

/* "ROOT/REL" (or ROOT for the top), for messages: caller frees. */
char *walk_path(const char *root, const char *rel);

/* Remembers (dev, ino) pairs: to count or store each hard-linked file once. */
struct inoset {
	struct inoset_slot *v;
	size_t n, cap;
};
int inoset_add(struct inoset *s, dev_t dev, ino_t ino);	/* 1 when new */
void inoset_free(struct inoset *s);

#endif
