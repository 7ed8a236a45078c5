/* Files inside a machine, opened as if its root were "/": symlinks (absolute
 * or relative) and ".." resolve within the machine, by file descriptors, so
 * that nothing leads out of it, not even a directory swapped for a symlink
 * while we look. The kernel does this with openat2(RESOLVE_IN_ROOT) (Linux
 * 5.6); where it cannot, the same walk is done by hand, one component at a
 * time with O_NOFOLLOW, each step checked against what was seen. */
#ifndef OC_INROOT_H
#define OC_INROOT_H
#include <dirent.h>
#include <stddef.h>

/* Opens rel inside the machine whose root directory is rootfd, with flags
 * (O_CLOEXEC added; a final symlink is followed unless O_NOFOLLOW): the fd,
 * or -1 with errno (ELOOP after 40 links). */
int inroot_open(int rootfd, const char *rel, int flags);
/* The walk by hand, whatever the kernel has (for the tests). */
int inroot_open_byhand(int rootfd, const char *rel, int flags);

/* The same from the machine's path, for callers that read one file:
 * the whole regular file rel (at most max bytes, NUL-terminated, *len set
 * when len is given), or NULL when it is missing, not a regular file (a
 * FIFO is never waited on), larger, or unreadable. */
char *inroot_read(const char *mroot, const char *rel, size_t max, size_t *len);
/* Whether rel exists inside the machine (as stat(2) says, links followed). */
int inroot_exists(const char *mroot, const char *rel);
/* A directory of the machine, for readdir: NULL with errno. */
DIR *inroot_opendir(const char *mroot, const char *rel);
/* Where rel leads inside the machine: "/usr/lib/systemd/systemd" for
 * "sbin/init"; components that do not exist are kept as written. NULL on a
 * symlink loop. */
char *inroot_resolve(const char *mroot, const char *rel);

#endif
