/* Files written whole or not at all, and the small path helpers around it. */
#ifndef OC_FSUTIL_H
#define OC_FSUTIL_H
#include <stddef.h>
#include "lib/err.h"

char *path_join(const char *dir, const char *name);	/* caller frees */
int mkdir_p(const char *path, struct err *e);
/* Reads a whole file (up to max bytes, else an error); NUL-terminated. */
int read_file(const char *path, size_t max, char **out, size_t *len, struct err *e);
/* The same for files inside a machine: anything but a regular file (a FIFO,
 * a device) is an error, without waiting on it. */
int read_regular_file(const char *path, size_t max, char **out, size_t *len, struct err *e);

/* Temporary files and directories are named TMP_PREFIX "PID-XXXXXX" in
 * the directory of what they become, and locked (flock) while their run
 * lives. A later run that finds one whose PID is gone and whose lock is
 * free removes it, or completes it when it is a set of files whose commit
 * was decided (see fileset_commit). */
#define TMP_PREFIX ".oc-leapp-tmp-"
/* A new temporary file in dir (0600, locked): its fd, and *tmp its path. */
int tmp_file_in(const char *dir, char **tmp, struct err *e);
/* Removes (or completes) what interrupted runs left in dir, with a warning
 * for each; leaves alone what is not ours or still alive. */
void tmp_sweep(const char *dir);

/* For the tests of interrupted runs: when OC_LEAPP_TEST_CRASH names this
 * point, the process kills itself (SIGKILL) there. */
void test_crash_point(const char *point);

/* A set of files that land together, in one directory: every one is written
 * into a temporary directory beside them; a commit record decides the set;
 * then they are renamed into place. A run killed before the record leaves
 * the old files (its temporary directory is removed by the next run); after
 * it, the next run completes the renames: either the old set or the new,
 * never a mixture once a run has looked. Nothing is left behind when a step
 * fails. */
struct fileset_entry {
	char *path;
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
