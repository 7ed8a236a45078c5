#include "lib/fsutil.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);

	if (n && dir[n - 1] == '/')
		return xasprintf("%s%s", dir, name);
	return xasprintf("%s/%s", dir, name);
}

int mkdir_p(const char *path, struct err *e)
{
	char *p;
	struct stat st;
	int rc = 0;

	if (!*path)	/* the loop below starts after the first byte */
		return err_set(e, EXIT_FAIL, "cannot create a directory with an empty name");
	p = xstrdup(path);
	for (char *s = p + 1;; s++) {
		if (*s && *s != '/')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			rc = err_set(e, EXIT_FAIL, "cannot create directory %s: %s", p, strerror(errno));
			break;
		}
		*s = c;
		if (!c)
			break;
	}
	if (!rc && (stat(path, &st) < 0 || !S_ISDIR(st.st_mode)))
		rc = err_set(e, EXIT_FAIL, "%s is not a directory", path);
	free(p);
	return rc;
}

static int read_fd(int fd, const char *path, size_t max, char **out, size_t *len, struct err *e)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err_set(e, EXIT_FAIL, "cannot read %s: %s", path, strerror(errno));
			goto fail;
		}
		if (sb.len + (size_t)n > max) {
			err_set(e, EXIT_FAIL, "%s is larger than %zu bytes", path, max);
			goto fail;
		}
		sb_add(&sb, buf, (size_t)n);
	}
	close(fd);
	if (len)
		*len = sb.len;
	*out = sb_detach(&sb);
	return 0;
fail:
	close(fd);
	sb_free(&sb);
	return -1;
}

int read_file(const char *path, size_t max, char **out, size_t *len, struct err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return err_set(e, EXIT_FAIL, "cannot read %s: %s", path, strerror(errno));
	return read_fd(fd, path, max, out, len, e);
}

int read_regular_file(const char *path, size_t max, char **out, size_t *len, struct err *e)
{
	/* O_NONBLOCK: opening a FIFO with no writer would wait forever */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat st;

	if (fd < 0)
		return err_set(e, EXIT_FAIL, "cannot read %s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(e, EXIT_FAIL, "cannot read %s: not a regular file", path);
	}
	return read_fd(fd, path, max, out, len, e);
}

void test_crash_point(const char *point)
{
	const char *want = getenv("OC_LEAPP_TEST_CRASH");

	if (want && !strcmp(want, point))
		raise(SIGKILL);
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static char *tmp_template(const char *dir)
{
	return xasprintf("%s/" TMP_PREFIX "%ld-XXXXXX", *dir ? dir : ".", (long)getpid());
}

int tmp_file_in(const char *dir, char **tmp, struct err *e)
{
	int fd;

	*tmp = tmp_template(dir);
	fd = mkostemp(*tmp, O_CLOEXEC);
	if (fd < 0) {
		int saved = errno;
		err_set(e, EXIT_FAIL, "cannot create a file in %s: %s", *dir ? dir : ".", strerror(saved));
		free(*tmp);
		*tmp = NULL;
		errno = saved;
		return -1;
	}
	/* held until the fd is closed, by the kernel even after a SIGKILL:
	 * a free lock means the writer is gone */
	flock(fd, LOCK_EX | LOCK_NB);
	return fd;
}

/* ".oc-leapp-tmp-PID-XXXXXX" -> PID, else 0 */
static long tmp_pid(const char *name)
{
	size_t k = strlen(TMP_PREFIX);
	char *end;
	long pid;

	if (strncmp(name, TMP_PREFIX, k) || !isdigit((unsigned char)name[k]))
		return 0;
	pid = strtol(name + k, &end, 10);
	if (*end != '-' || strlen(end + 1) != 6 || pid <= 0)
		return 0;
	return pid;
}

static int pid_alive(long pid)
{
	return pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

/* The commit record of a set: "oc-leapp fileset 1", "force 0|1", then one
 * "INDEX NAME" line per file (NAME relative to the set's directory). */
#define COMMIT_NAME "commit"
#define COMMIT_MAGIC "oc-leapp fileset 1\n"

/* Renames into place what the record of the set in stage lists and is
 * still there; with !force, never over a file that has appeared since.
 * Returns the number of files that could not be put in place. */
static int roll_forward(int dirfd, int stagefd, const char *record, struct strlist *done, struct strlist *refused,
			int *first_err)
{
	const char *p = record + strlen(COMMIT_MAGIC);
	int force = !strncmp(p, "force 1\n", 8), bad = 0;

	p = strchr(p, '\n');
	for (p = p ? p + 1 : ""; *p;) {
		const char *nl = strchr(p, '\n');
		char *line = nl ? xstrndup(p, (size_t)(nl - p)) : xstrdup(p);
		char *sp = strchr(line, ' ');
		p = nl ? nl + 1 : p + strlen(p);
		if (!sp || !sp[1] || strchr(sp + 1, '/')) {
			free(line);
			continue;
		}
		*sp = '\0';
		struct stat st;
		if (fstatat(stagefd, line, &st, AT_SYMLINK_NOFOLLOW) == 0) {
			/* RENAME_NOREPLACE: a file made since the check stays */
			int rc = renameat2(stagefd, line, dirfd, sp + 1, force ? 0 : RENAME_NOREPLACE);
			if (rc < 0 && !force && errno == EINVAL) {	/* the file system cannot: link and unlink */
				rc = linkat(stagefd, line, dirfd, sp + 1, 0);
				if (rc == 0)
					unlinkat(stagefd, line, 0);
			}
			if (rc < 0) {
				if (!bad++ && first_err)
					*first_err = errno;
				if (refused)
					strlist_push(refused, sp + 1);
			} else if (done) {
				strlist_push(done, sp + 1);
			}
			if (rc == 0) {
				char point[32];
				snprintf(point, sizeof(point), "renamed-%zu", done ? done->n : 0);
				test_crash_point(point);
			}
		}
		free(line);
	}
	return bad;
}

/* Empties and removes a temporary directory (only files are ever in it). */
static void remove_stage(int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *de;

	if (fd >= 0 && !d)
		close(fd);
	while (d && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			unlinkat(fd, de->d_name, 0);
	if (d)
		closedir(d);
	unlinkat(dirfd, name, AT_REMOVEDIR);
}

/* Ours, whole, and naming files of the directory only: anything else is
 * not completed (a hand-made record must not move files elsewhere). */
static int record_valid(const char *text)
{
	const char *p = text + strlen(COMMIT_MAGIC);

	if (strncmp(text, COMMIT_MAGIC, strlen(COMMIT_MAGIC)) || (strncmp(p, "force 0\n", 8) && strncmp(p, "force 1\n", 8)))
		return 0;
	for (p += 8; *p;) {
		const char *nl = strchr(p, '\n'), *sp = strchr(p, ' ');
		if (!nl || !sp || sp > nl || sp == p || sp + 1 == nl || strspn(p, "0123456789") != (size_t)(sp - p))
			return 0;
		size_t n = (size_t)(nl - sp - 1);
		if (memchr(sp + 1, '/', n) || (n == 1 && sp[1] == '.') || (n == 2 && !strncmp(sp + 1, "..", 2)))
			return 0;
		p = nl + 1;
	}
	return 1;
}

static char *read_record(int stagefd)
{
	int fd = openat(stagefd, COMMIT_NAME, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	char *text = NULL;
	struct err e = { 0 };

	if (fd < 0)
		return NULL;
	if (read_fd(fd, COMMIT_NAME, 1 << 20, &text, NULL, &e) < 0)
		return NULL;
	if (!record_valid(text)) {
		free(text);
		return NULL;
	}
	return text;
}

static void sweep_one(int dirfd, const char *dir, const char *name, long pid)
{
	struct stat st, now;
	int fd;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0 || st.st_uid != geteuid() ||
	    !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)))
		return;
	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | (S_ISDIR(st.st_mode) ? O_DIRECTORY : 0));
	if (fd < 0)
		return;
	if (fstat(fd, &now) < 0 || now.st_ino != st.st_ino || now.st_dev != st.st_dev ||
	    flock(fd, LOCK_EX | LOCK_NB) < 0) {
		close(fd);	/* someone holds it: alive in another PID namespace */
		return;
	}
	if (S_ISREG(st.st_mode)) {
		unlinkat(dirfd, name, 0);
		warnf("removed %s/%s, left by an interrupted run (PID %ld)", dir, name, pid);
	} else {
		char *record = read_record(fd);
		struct strlist done = { 0 }, refused = { 0 };
		if (record) {
			roll_forward(dirfd, fd, record, &done, &refused, NULL);
			for (size_t i = 0; i < done.n; i++)
				warnf("put %s/%s in place: an interrupted run (PID %ld) had committed it with its set", dir, done.v[i], pid);
			for (size_t i = 0; i < refused.n; i++)
				warnf("kept %s/%s: an interrupted run (PID %ld) had committed another, but this one appeared since", dir, refused.v[i], pid);
		}
		remove_stage(dirfd, name);
		if (!record)
			warnf("removed %s/%s, left by an interrupted run (PID %ld): nothing of it had been put in place", dir, name, pid);
		else if (!done.n && !refused.n)
			warnf("removed %s/%s, left by an interrupted run (PID %ld): its files were in place", dir, name, pid);
		free(record);
		strlist_free(&done);
		strlist_free(&refused);
	}
	close(fd);
}

void tmp_sweep(const char *dir)
{
	const char *d = *dir ? dir : ".";
	DIR *dh = opendir(d);
	struct dirent *de;
	struct strlist names = { 0 };

	if (!dh)
		return;
	while ((de = readdir(dh)))
		if (tmp_pid(de->d_name) && !pid_alive(tmp_pid(de->d_name)))
			strlist_push(&names, de->d_name);
	for (size_t i = 0; i < names.n; i++)
		sweep_one(dirfd(dh), d, names.v[i], tmp_pid(names.v[i]));
	closedir(dh);
	strlist_free(&names);
}

void fileset_add(struct fileset *fs, const char *path, const char *data, size_t len)
{
	if (fs->n == fs->alloc) {
		fs->alloc = fs->alloc ? fs->alloc * 2 : 4;
		fs->v = xrealloc(fs->v, fs->alloc * sizeof(*fs->v));
	}
	struct fileset_entry *f = &fs->v[fs->n++];
	f->path = xstrdup(path);
	f->data = xmalloc(len + 1);
	memcpy(f->data, data, len);
	f->data[len] = '\0';
	f->len = len;
}

/* The directory part of a path ("" for none) and where its name starts. */
static char *dir_of(const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');

	*base = slash ? slash + 1 : path;
	if (!slash)
		return xstrdup("");
	return xstrndup(path, (size_t)(slash - path) + (slash == path));
}

static int check_targets(struct fileset *fs, int force, const char *dir, struct err *e)
{
	struct stat st;

	for (size_t i = 0; i < fs->n; i++) {
		const char *base;
		char *d = dir_of(fs->v[i].path, &base);
		int same = !strcmp(d, dir);
		free(d);
		/* a name the record could not hold, or another directory: a
		 * caller's mistake, refused before anything is written */
		if (!same || !*base || strchr(base, '\n'))
			return err_set(e, EXIT_FAIL, "cannot write %s: the files of one set go into one directory", fs->v[i].path);
		if (lstat(fs->v[i].path, &st) < 0)
			continue;
		if (!force)
			return err_set(e, EXIT_FAIL, "%s already exists (use --force to replace it)", fs->v[i].path);
		/* rename() cannot replace a directory; finding out there would
		 * leave the files renamed before it in place. */
		if (S_ISDIR(st.st_mode))
			return err_set(e, EXIT_FAIL, "cannot replace %s: it is a directory", fs->v[i].path);
	}
	return 0;
}

/* Writes one file of the set into the temporary directory, as INDEX. */
static int stage_file(int stagefd, size_t i, const struct fileset_entry *f, mode_t mode)
{
	char name[32];
	int fd;

	snprintf(name, sizeof(name), "%zu", i);
	fd = openat(stagefd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	/* manifests are not secret: they get the umask's mode */
	if (fchmod(fd, mode) < 0 || write_all(fd, f->data, f->len) < 0 || fsync(fd) < 0) {
		int saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return close(fd);
}

static int write_record(int stagefd, const struct fileset *fs, int force)
{
	struct strbuf sb = STRBUF_INIT;
	int fd, rc;

	sb_adds(&sb, COMMIT_MAGIC);
	sb_addf(&sb, "force %d\n", force ? 1 : 0);
	for (size_t i = 0; i < fs->n; i++) {
		const char *base = strrchr(fs->v[i].path, '/');
		sb_addf(&sb, "%zu %s\n", i, base ? base + 1 : fs->v[i].path);
	}
	fd = openat(stagefd, COMMIT_NAME ".new", O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	rc = fd < 0 || write_all(fd, sb.buf, sb.len) < 0 || fsync(fd) < 0 ? -1 : 0;
	if (fd >= 0 && close(fd) < 0)
		rc = -1;
	/* the record exists whole or not at all; the directory is synced so
	 * that the files it names are there when it is */
	if (!rc)
		rc = renameat(stagefd, COMMIT_NAME ".new", stagefd, COMMIT_NAME);
	if (!rc)
		rc = fsync(stagefd);
	sb_free(&sb);
	return rc;
}

int fileset_commit(struct fileset *fs, int force, struct err *e)
{
	const char *base;
	char *dir, *stage = NULL;
	int dirfd = -1, stagefd = -1, rc = -1;
	mode_t um;

	if (!fs->n)
		return 0;
	dir = dir_of(fs->v[0].path, &base);
	/* first what an interrupted run decided, then our own checks */
	tmp_sweep(dir);
	if (check_targets(fs, force, dir, e) < 0)
		goto out;
	dirfd = open(*dir ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	stage = tmp_template(dir);
	if (dirfd < 0 || !mkdtemp(stage)) {
		err_set(e, EXIT_FAIL, "cannot write %s: %s", fs->v[0].path, strerror(errno));
		free(stage);
		stage = NULL;
		goto out;
	}
	const char *stage_name = strrchr(stage, '/') + 1;
	stagefd = openat(dirfd, stage_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (stagefd < 0 || flock(stagefd, LOCK_EX | LOCK_NB) < 0) {
		err_set(e, EXIT_FAIL, "cannot write %s: %s", fs->v[0].path, strerror(errno));
		goto out;
	}
	test_crash_point("staging");
	um = umask(0);
	umask(um);
	for (size_t i = 0; i < fs->n; i++) {
		if (stage_file(stagefd, i, &fs->v[i], 0666 & ~um) < 0) {
			err_set(e, EXIT_FAIL, "cannot write %s: %s", fs->v[i].path, strerror(errno));
			goto out;
		}
	}
	test_crash_point("staged");
	if (write_record(stagefd, fs, force) < 0) {
		err_set(e, EXIT_FAIL, "cannot write %s: %s", fs->v[0].path, strerror(errno));
		goto out;
	}
	test_crash_point("committed");
	char *record = read_record(stagefd);
	struct strlist done = { 0 }, refused = { 0 };
	int why = EIO;
	int bad = record ? roll_forward(dirfd, stagefd, record, &done, &refused, &why) : (int)fs->n;
	if (bad) {
		err_set(e, EXIT_FAIL, "cannot write %s/%s: %s", *dir ? dir : ".", refused.n ? refused.v[0] : "?",
			why == EEXIST ? "it appeared meanwhile" : strerror(why));
		/* Undo the ones already in place only when they are ours alone. */
		for (size_t j = 0; j < done.n && !force; j++)
			unlinkat(dirfd, done.v[j], 0);
	} else {
		fsync(dirfd);
		rc = 0;
	}
	free(record);
	strlist_free(&done);
	strlist_free(&refused);
out:
	if (stage && dirfd >= 0)
		remove_stage(dirfd, strrchr(stage, '/') + 1);
	if (stagefd >= 0)
		close(stagefd);
	if (dirfd >= 0)
		close(dirfd);
	free(stage);
	free(dir);
	return rc;
}

void fileset_free(struct fileset *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		free(fs->v[i].path);
		free(fs->v[i].data);
	}
	free(fs->v);
	fs->v = NULL;
	fs->n = fs->alloc = 0;
}
