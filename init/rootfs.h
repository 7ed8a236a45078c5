/* Opening files of a machine tree as the machine itself would see them:
 * every path is resolved under a root directory, component by component,
 * and a symlink (absolute or relative, with any number of "..") is followed
 * inside the root, never out of it. Works for any root, "/" included, and on
 * kernels without openat2(): oc-leapp reads machine trees on old hosts too. */
#ifndef LEAPP_ROOTFS_H
#define LEAPP_ROOTFS_H
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

/* At most this many symlinks on one path, as the kernel's ELOOP limit. */
#define ROOT_MAX_LINKS 40

enum {
	ROOT_NOFOLLOW = 1,	/* a symlink as last component is opened, not followed (O_PATH) */
};

/* Opens PATH (absolute or relative to the root) under rootfd with the open(2)
 * FLAGS (O_CREAT is not supported). Returns an fd or -1 with errno set
 * (ELOOP for too many links). When canon is not NULL, it receives the path the
 * name resolved to, absolute inside the root ("/usr/lib/..."; caller frees). */
int root_open(int rootfd, const char *path, int flags, int how, char **canon);

/* The same, giving the canonical path only (the file must exist). */
char *root_realpath(int rootfd, const char *path, int how);

/* Reads a regular file under the root, up to max bytes (else EFBIG); the
 * buffer is NUL-terminated and may hold NULs (len tells). Never waits on a
 * FIFO or device: those are EINVAL. */
int root_read_file(int rootfd, const char *path, size_t max, char **out, size_t *len);

/* stat() of a path under the root (following links inside it unless
 * ROOT_NOFOLLOW). Returns 0 or -1 with errno. */
int root_stat(int rootfd, const char *path, int how, struct stat *st);

/* Creates every missing directory of PATH under the root (mode for new
 * ones), never through a symlink; returns an O_DIRECTORY fd of the last one
 * or -1 with errno. */
int root_mkdirs(int rootfd, const char *path, mode_t mode);

#endif
