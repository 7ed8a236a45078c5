/* The bytes a directory tree holds, as `du -sb` counts files: regular files'
 * sizes, each hard-linked file once, symlinks never followed. Built on the
 * archive's walk (gen/walk.h), so sizing and archiving agree. */
#ifndef OC_TREESIZE_H
#define OC_TREESIZE_H
#include "lib/err.h"

struct tree_count {
	unsigned long long bytes;	/* regular files, hard links once */
	unsigned long long entries;	/* every entry, as the archive stores them */
};

int tree_size(const char *path, unsigned long long *bytes, struct err *e);
/* flags as walk_tree(); unreadable entries are counted, not errors. */
int tree_count(const char *path, unsigned flags, struct tree_count *c, struct err *e);

#endif
