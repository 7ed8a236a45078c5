/* Files written whole or not at all, and the small path helpers around it. */
#ifndef OC_FSUTIL_H
#define OC_FSUTIL_H
#include <stddef.h>
#include "err.h"

char *path_join(const char *dir, const char *name);	/* caller frees */
int mkdir_p(const char *path, struct err *e);
/* Reads a whole file (up to max bytes, else an error); NUL-terminated. */
int read_file(const char *path, size_t max, char **out, size_t *len, struct err *e);
/* The same for files inside a machine: anything but a regular file (a FIFO,
 * a device) is an error, without waiting on it. */
int read_regular_file(const char *path, size_t max, char **out, size_t *len, struct err *e);

/* A set of files that land together: each is written to a temporary file
 * beside its target, and only when every one is written are they renamed
 * into place. Nothing is left behind when any step fails. */
struct fileset_entry {
	char *path, *tmp;
	char *data;
	size_t len;
};
struct fileset {
	struct fileset_entry *v;
	size_t n, alloc;
};
void fileset_add(struct fileset *fs, const char *path, const char *data, size_t len);
/* Fails, writing nothing, when a target exists and !force. */
int fileset_commit(struct fileset *fs, int force, struct err *e);
void fileset_free(struct fileset *fs);

#endif
