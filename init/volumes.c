#include "init/volumes.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int volumes_open(const char *dir, struct volumes *v, struct err *e)
{
	memset(v, 0, sizeof(*v));
	v->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (v->dirfd < 0)
		return err_set(e, EXIT_FAIL, "%s: %s", dir, strerror(errno));
	int fd = dup(v->dirfd);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	struct dirent *de;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return err_set(e, EXIT_FAIL, "%s: %s", dir, strerror(errno));
	}
	while ((de = readdir(d))) {
		struct stat st;
		if (de->d_name[0] == '.' && (!de->d_name[1] || (de->d_name[1] == '.' && !de->d_name[2])))
			continue;
		if (fstatat(v->dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode))
			strlist_push(&v->names, de->d_name);
	}
	closedir(d);
	if (v->names.n > 1)
		qsort(v->names.v, v->names.n, sizeof(*v->names.v), cmp_str);
	return 0;
}

void volumes_close(struct volumes *v)
{
	if (v->dirfd >= 0)
		close(v->dirfd);
	strlist_free(&v->names);
	v->dirfd = -1;
}

int volumes_has(const struct volumes *v, const char *name, size_t len)
{
	for (size_t i = 0; i < v->names.n; i++)
		if (strlen(v->names.v[i]) == len && !memcmp(v->names.v[i], name, len))
			return 1;
	return 0;
}

/* Opens a directory to empty it. Root reads any; another user (an init
 * container under a restricted SCC) owns what it extracted, and opens up
 * first a directory the machine made unreadable or read-only. */
static int open_to_empty(int at, const char *name)
{
	struct stat st;
	int fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (geteuid() == 0)
		return fd;
	if (fd < 0 && errno == EACCES && fstatat(at, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode) &&
	    fchmodat(at, name, (st.st_mode & 07777) | S_IRWXU, 0) == 0)
		fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0 && fstat(fd, &st) == 0 && st.st_uid == geteuid() && (st.st_mode & S_IRWXU) != S_IRWXU)
		(void)fchmod(fd, (st.st_mode & 07777) | S_IRWXU);
	return fd;
}

/* Empties the directory dirfd (closed here); depth-first, by fd, so a
 * link inside is removed, never followed, and depth is not bound by PATH_MAX. */
static int empty_dir(int dirfd, struct err *e)
{
	DIR *d = fdopendir(dirfd);
	struct dirent *de;
	int r = 0;

	if (!d) {
		close(dirfd);
		return err_set(e, EXIT_FAIL, "cannot read a directory: %s", strerror(errno));
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		struct stat st;
		if (fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			int sub = open_to_empty(dirfd, de->d_name);
			if (sub < 0 || empty_dir(sub, e) < 0) {
				r = -1;
				continue;
			}
			/* A directory the machine made read-only still goes. */
			if (unlinkat(dirfd, de->d_name, AT_REMOVEDIR) < 0 && errno != ENOENT)
				r = err_set(e, EXIT_FAIL, "cannot remove %s: %s", de->d_name, strerror(errno));
		} else if (unlinkat(dirfd, de->d_name, 0) < 0 && errno != ENOENT)
			r = err_set(e, EXIT_FAIL, "cannot remove %s: %s", de->d_name, strerror(errno));
	}
	closedir(d);
	return r;
}

int volumes_empty(const struct volumes *v, struct err *e)
{
	int r = 0;

	for (size_t i = 0; i < v->names.n; i++) {
		int fd = open_to_empty(v->dirfd, v->names.v[i]);
		if (fd < 0 || empty_dir(fd, e) < 0)
			r = err_set(e, EXIT_FAIL, "cannot empty the volume %s", v->names.v[i]);
	}
	return r;
}
