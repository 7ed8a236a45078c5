#include "init/tmpfiles.h"
#include "init/rootfs.h"
#include "init/users.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const tmpfiles_dirs[] = {
	"/etc/tmpfiles.d", "/run/tmpfiles.d", "/usr/local/lib/tmpfiles.d", "/usr/lib/tmpfiles.d",
	"/lib/tmpfiles.d", NULL
};

static int cmp_base(const void *a, const void *b)
{
	const char *x = strrchr(*(char *const *)a, '/'), *y = strrchr(*(char *const *)b, '/');
	return strcmp(x, y);
}

/* The .conf files, a name in a higher directory hiding the same below. */
static void conf_files(int rootfd, struct strlist *paths)
{
	struct strlist names = { 0 };

	for (int i = 0; tmpfiles_dirs[i]; i++) {
		int fd = root_open(rootfd, tmpfiles_dirs[i], O_RDONLY | O_DIRECTORY, 0, NULL);
		DIR *d = fd < 0 ? NULL : fdopendir(fd);
		if (!d) {
			if (fd >= 0)
				close(fd);
			continue;
		}
		struct dirent *de;
		while ((de = readdir(d))) {
			size_t n = strlen(de->d_name);
			if (n < 6 || strcmp(de->d_name + n - 5, ".conf") || strlist_has(&names, de->d_name))
				continue;
			strlist_push(&names, de->d_name);
			char *p = xasprintf("%s/%s", tmpfiles_dirs[i], de->d_name);
			strlist_push(paths, p);
			free(p);
		}
		closedir(d);
	}
	if (paths->n > 1)
		qsort(paths->v, paths->n, sizeof(*paths->v), cmp_base);
	strlist_free(&names);
}

static int under_run(const char *p)
{
	return !strncmp(p, "/run/", 5) || !strncmp(p, "/var/run/", 9);
}

/* Makes one directory with mode and owner; 0 or -1 with errno. */
static int make_dir(int rootfd, const char *path, mode_t mode, uid_t uid, gid_t gid)
{
	int fd = root_mkdirs(rootfd, path, 0755);

	if (fd < 0)
		return -1;
	int r = fchown(fd, uid, gid) < 0 || fchmod(fd, mode) < 0 ? -1 : 0;
	int saved = errno;
	close(fd);
	errno = saved;
	return r;
}

static void warn_line(struct strlist *w, const char *file, const char *why, const char *line)
{
	char *m = xasprintf("%s: %s: %s", file, why, line);
	strlist_push(w, m);
	free(m);
}

/* One "d"/"D" line: Type Path Mode User Group Age. */
static int one_line(int rootfd, const char *file, char *line, struct strlist *w)
{
	char *f[6] = { 0 }, *save = NULL, *copy = xstrdup(line);
	size_t k = 0;
	int made = 0;

	for (char *t = strtok_r(copy, " \t", &save); t && k < 6; t = strtok_r(NULL, " \t", &save))
		f[k++] = t;
	if (k < 2 || (strcmp(f[0], "d") && strcmp(f[0], "D")) || !under_run(f[1]))
		goto out;
	if (strchr(line, '%')) {
		warn_line(w, file, "specifiers are not expanded, line skipped", line);
		goto out;
	}
	mode_t mode = 0755;
	uid_t uid = 0;
	gid_t gid = 0;
	if (k > 2 && strcmp(f[2], "-"))
		mode = (mode_t)strtoul(f[2][0] == '~' ? f[2] + 1 : f[2], NULL, 8) & 07777;
	struct user_info u;
	if (k > 3 && strcmp(f[3], "-")) {
		if (user_lookup(rootfd, f[3], &u) < 0) {
			warn_line(w, file, "unknown user, line skipped", line);
			goto out;
		}
		uid = u.uid;
		user_info_free(&u);
	}
	if (k > 4 && strcmp(f[4], "-") && group_lookup(rootfd, f[4], &gid) < 0) {
		warn_line(w, file, "unknown group, line skipped", line);
		goto out;
	}
	if (make_dir(rootfd, f[1], mode, uid, gid) < 0) {
		char *why = xasprintf("cannot create: %s", strerror(errno));
		warn_line(w, file, why, line);
		free(why);
		goto out;
	}
	made = 1;
out:
	free(copy);
	return made;
}

int tmpfiles_create(int rootfd, struct strlist *warnings)
{
	struct strlist paths = { 0 };
	int made = 0;

	conf_files(rootfd, &paths);
	for (size_t i = 0; i < paths.n; i++) {
		char *text, *save = NULL;
		if (root_read_file(rootfd, paths.v[i], 1u << 20, &text, NULL) < 0)
			continue;
		for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
			if (l[0] != '#')
				made += one_line(rootfd, paths.v[i], l, warnings);
		free(text);
	}
	strlist_free(&paths);
	return made;
}

int runtime_dirs_create(int rootfd, const struct unit *u, uid_t uid, gid_t gid, struct err *e)
{
	struct strlist dirs = { 0 };
	const char *m = unit_get(u, "Service", "RuntimeDirectoryMode");
	mode_t mode = m ? (mode_t)strtoul(m, NULL, 8) & 07777 : 0755;
	int r = 0;

	unit_get_words(u, "Service", "RuntimeDirectory", &dirs);
	for (size_t i = 0; i < dirs.n && !r; i++) {
		if (strstr(dirs.v[i], "..") || dirs.v[i][0] == '/') {
			r = err_set(e, EXIT_FAIL, "RuntimeDirectory=%s: not a plain name under /run", dirs.v[i]);
			break;
		}
		char *p = xasprintf("/run/%s", dirs.v[i]);
		if (make_dir(rootfd, p, mode, uid, gid) < 0)
			r = err_set(e, EXIT_FAIL, "RuntimeDirectory=%s: %s", dirs.v[i], strerror(errno));
		free(p);
	}
	strlist_free(&dirs);
	return r;
}
