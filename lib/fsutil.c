#include "fsutil.h"
#include "strbuf.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

void fileset_add(struct fileset *fs, const char *path, const char *data, size_t len)
{
	if (fs->n == fs->alloc) {
		fs->alloc = fs->alloc ? fs->alloc * 2 : 4;
		fs->v = xrealloc(fs->v, fs->alloc * sizeof(*fs->v));
	}
	struct fileset_entry *f = &fs->v[fs->n++];
	f->path = xstrdup(path);
	f->tmp = NULL;
	f->data = xmalloc(len + 1);
	memcpy(f->data, data, len);
	f->data[len] = '\0';
	f->len = len;
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

/* The temporary name is beside the target, so rename() cannot cross filesystems. */
static int write_temp(struct fileset_entry *f, struct err *e)
{
	char *slash = strrchr(f->path, '/');
	char *dir = slash ? xstrndup(f->path, (size_t)(slash - f->path) + 1) : xstrdup("");
	const char *base = slash ? slash + 1 : f->path;
	int fd;

	f->tmp = xasprintf("%s.%s.tmpXXXXXX", dir, base);
	free(dir);
	fd = mkostemp(f->tmp, O_CLOEXEC);
	if (fd < 0) {
		err_set(e, EXIT_FAIL, "cannot write %s: %s", f->path, strerror(errno));
		free(f->tmp);
		f->tmp = NULL;
		return -1;
	}
	/* mkstemp makes 0600; manifests are not secret, give them the umask's mode. */
	mode_t um = umask(0);
	umask(um);
	if (fchmod(fd, 0666 & ~um) < 0 || write_all(fd, f->data, f->len) < 0 || fsync(fd) < 0) {
		err_set(e, EXIT_FAIL, "cannot write %s: %s", f->path, strerror(errno));
		close(fd);
		return -1;
	}
	if (close(fd) < 0)
		return err_set(e, EXIT_FAIL, "cannot write %s: %s", f->path, strerror(errno));
	return 0;
}

static void unlink_temps(struct fileset *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		if (fs->v[i].tmp) {
			unlink(fs->v[i].tmp);
			free(fs->v[i].tmp);
			fs->v[i].tmp = NULL;
		}
	}
}

int fileset_commit(struct fileset *fs, int force, struct err *e)
{
	struct stat st;

	for (size_t i = 0; i < fs->n; i++) {
		if (lstat(fs->v[i].path, &st) < 0)
			continue;
		if (!force)
			return err_set(e, EXIT_FAIL, "%s already exists (use --force to replace it)",
				       fs->v[i].path);
		/* rename() cannot replace a directory; finding out there would
		 * leave the files renamed before it in place. */
		if (S_ISDIR(st.st_mode))
			return err_set(e, EXIT_FAIL, "cannot replace %s: it is a directory", fs->v[i].path);
	}
	for (size_t i = 0; i < fs->n; i++) {
		if (write_temp(&fs->v[i], e) < 0) {
			unlink_temps(fs);
			return -1;
		}
	}
	for (size_t i = 0; i < fs->n; i++) {
		if (rename(fs->v[i].tmp, fs->v[i].path) < 0) {
			err_set(e, EXIT_FAIL, "cannot write %s: %s", fs->v[i].path, strerror(errno));
			/* Undo the ones already in place only when they are ours alone. */
			for (size_t j = 0; j < i && !force; j++)
				unlink(fs->v[j].path);
			unlink_temps(fs);
			return -1;
		}
		free(fs->v[i].tmp);
		fs->v[i].tmp = NULL;
	}
	return 0;
}

void fileset_free(struct fileset *fs)
{
	unlink_temps(fs);
	for (size_t i = 0; i < fs->n; i++) {
		free(fs->v[i].path);
		free(fs->v[i].data);
	}
	free(fs->v);
	fs->v = NULL;
	fs->n = fs->alloc = 0;
}
