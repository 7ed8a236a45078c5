/* The bytes a directory tree holds, as `du -sb` counts them: regular files'
 * sizes, each hard-linked file once, symlinks never followed. */
#ifndef OC_TREESIZE_H
#define OC_TREESIZE_H
#include "err.h"

int tree_size(const char *path, unsigned long long *bytes, struct err *e);

#endif
