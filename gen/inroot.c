#include "gen/inroot.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#if defined(SYS_openat2) && __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#define HAVE_OPENAT2 1
#endif

#define MAX_LINKS 40

/* The components still to walk, first at the end (a symlink's target is
 * pushed in front of what follows it). */
struct todo {
	char **v;
	size_t n, cap;
};

static void todo_push_path(struct todo *t, const char *path)
{
	char *copy = xstrdup(path), *save = NULL;
	struct strlist parts = { 0 };

	for (char *c = strtok_r(copy, "/", &save); c; c = strtok_r(NULL, "/", &save))
		strlist_push(&parts, c);
	for (size_t i = parts.n; i-- > 0;) {
		if (t->n == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 16;
			t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
		}
		t->v[t->n++] = xstrdup(parts.v[i]);
	}
	strlist_free(&parts);
	free(copy);
}

static void todo_free(struct todo *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i]);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

/* The directories walked through: their descriptors (0 is the root's, not
 * ours to close) and names, for ".." and for the resolved path. */
struct trail {
	int *fd;
	char **name;
	size_t n, cap;
};

static void trail_push(struct trail *p, int fd, const char *name)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->fd = xrealloc(p->fd, p->cap * sizeof(*p->fd));
		p->name = xrealloc(p->name, p->cap * sizeof(*p->name));
	}
	p->fd[p->n] = fd;
	p->name[p->n++] = name ? xstrdup(name) : NULL;
}

static void trail_pop(struct trail *p)
{
	if (p->n <= 1)
		return;	/* ".." of the root is the root */
	p->n--;
	if (p->fd[p->n] >= 0)
		close(p->fd[p->n]);
	free(p->name[p->n]);
}

static void trail_free(struct trail *p)
{
	while (p->n > 1)
		trail_pop(p);
	if (p->n)
		free(p->name[0]);
	free(p->fd);
	free(p->name);
	memset(p, 0, sizeof(*p));
}

static char *read_link(int dirfd, const char *name, size_t hint)
{
	size_t cap = hint > 0 && hint < (1u << 20) ? hint + 1 : 256;

	for (;;) {
		char *buf = xmalloc(cap);
		ssize_t n = readlinkat(dirfd, name, buf, cap);
		if (n < 0) {
			free(buf);
			return NULL;
		}
		if ((size_t)n < cap) {
			buf[n] = '\0';
			return buf;
		}
		free(buf);
		cap *= 2;
	}
}

/* The walk by hand. With out (resolve only), nothing is opened at the end
 * and a missing component turns the rest into plain names; else the final
 * component is opened with flags. Returns the fd (or 0 when resolving), -1
 * with errno, or CHANGED when something changed under us (retry). */
#define CHANGED (-2)
static int walk(int rootfd, const char *rel, int flags, struct strbuf *out)
{
	struct todo t = { 0 };
	struct trail p = { 0 };
	int links = 0, rc = -1, lexical = 0;

	trail_push(&p, rootfd, NULL);
	todo_push_path(&t, rel);
	/* "name/" is a directory, a link there followed: as open(2) and openat2 */
	if (*rel && rel[strlen(rel) - 1] == '/')
		flags = (flags & ~O_NOFOLLOW) | O_DIRECTORY;
	while (t.n) {
		char *c = t.v[--t.n];
		int last = t.n == 0;
		struct stat st;

		if (!strcmp(c, ".")) {
			free(c);
			continue;
		}
		if (!strcmp(c, "..")) {
			trail_pop(&p);
			free(c);
			continue;
		}
		int cur = p.fd[p.n - 1];
		if (lexical || (cur >= 0 && fstatat(cur, c, &st, AT_SYMLINK_NOFOLLOW) < 0)) {
			if (!out || (!lexical && errno != ENOENT)) {
				free(c);
				goto out;
			}
			lexical = 1;	/* resolving: the rest as written */
			trail_push(&p, -1, c);
			free(c);
			continue;
		}
		if (S_ISLNK(st.st_mode) && (!last || out || !(flags & O_NOFOLLOW))) {
			char *target = ++links > MAX_LINKS ? NULL : read_link(cur, c, (size_t)st.st_size);
			free(c);
			if (!target) {
				if (links > MAX_LINKS)
					errno = ELOOP;
				else if (errno == EINVAL)	/* not a link any more */
					rc = CHANGED;
				goto out;
			}
			if (target[0] == '/')
				while (p.n > 1)
					trail_pop(&p);
			todo_push_path(&t, target);
			free(target);
			continue;
		}
		if (last && !out && S_ISLNK(st.st_mode) && !(flags & O_PATH)) {
			free(c);
			errno = ELOOP;	/* O_NOFOLLOW on a link, as open(2) says */
			goto out;
		}
		if (last && !out) {
			int fd = openat(cur, c, flags | O_NOFOLLOW | O_CLOEXEC);
			struct stat now;
			free(c);
			if (fd < 0) {
				rc = errno == ELOOP ? CHANGED : -1;
				goto out;
			}
			if (fstat(fd, &now) < 0 || now.st_dev != st.st_dev || now.st_ino != st.st_ino) {
				close(fd);
				rc = CHANGED;
				goto out;
			}
			rc = fd;
			goto out;
		}
		if (!S_ISDIR(st.st_mode) && !last) {
			free(c);
			errno = ENOTDIR;
			goto out;
		}
		int fd = -1;
		if (S_ISDIR(st.st_mode)) {
			struct stat now;
			fd = openat(cur, c, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (fd < 0 || fstat(fd, &now) < 0 || now.st_dev != st.st_dev || now.st_ino != st.st_ino) {
				if (fd >= 0)
					close(fd);
				free(c);
				rc = CHANGED;
				goto out;
			}
		}
		trail_push(&p, fd, c);
		free(c);
	}
	if (out) {
		for (size_t i = 1; i < p.n; i++)
			sb_addf(out, "/%s", p.name[i]);
		if (!out->len)
			sb_adds(out, "/");
		rc = 0;
	} else {
		/* rel ended in "." or "..": the directory the walk is in ("a/b/.." is
		 * a, not the root) */
		rc = openat(p.fd[p.n - 1], ".", flags | O_CLOEXEC);
	}
out:
	{
		int saved = errno;
		todo_free(&t);
		trail_free(&p);
		errno = saved;
	}
	return rc;
}

static int walk_retried(int rootfd, const char *rel, int flags, struct strbuf *out)
{
	int rc = CHANGED;

	for (int tries = 0; tries < 8 && rc == CHANGED; tries++) {
		if (out)
			sb_reset(out);
		rc = walk(rootfd, rel, flags, out);
	}
	if (rc == CHANGED) {
		errno = EAGAIN;	/* it keeps changing: give up */
		rc = -1;
	}
	return rc;
}

int inroot_open(int rootfd, const char *rel, int flags)
{
#ifdef HAVE_OPENAT2
	/* What the kernel lacks, it lacks for the life of the process: asked
	 * once (valgrind, which does not know the call, says so each time). */
	static int missing;
	if (!missing) {
		struct open_how how = { .flags = (unsigned long long)(flags | O_CLOEXEC),
					.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
		int fd = (int)syscall(SYS_openat2, rootfd, *rel ? rel : ".", &how, sizeof(how));
		/* ENOSYS: an older kernel; EPERM: a seccomp filter that does not
		 * know it; E2BIG: a kernel whose open_how is smaller. EAGAIN: a
		 * rename raced the lookup: the walk by hand retries too. */
		if (fd >= 0 || (errno != ENOSYS && errno != EPERM && errno != E2BIG && errno != EAGAIN))
			return fd;
		missing = errno != EAGAIN;
	}
#endif
	return walk_retried(rootfd, rel, flags, NULL);
}

int inroot_open_byhand(int rootfd, const char *rel, int flags)
{
	return walk_retried(rootfd, rel, flags, NULL);
}

static int open_root(const char *mroot)
{
	return open(mroot, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

char *inroot_read(const char *mroot, const char *rel, size_t max, size_t *len)
{
	int root = open_root(mroot), fd;
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	char buf[65536];

	if (root < 0)
		return NULL;
	/* O_NONBLOCK: a FIFO in a file's place must not stop us */
	fd = inroot_open(root, rel, O_RDONLY | O_NONBLOCK | O_NOCTTY);
	close(root);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return NULL;
	}
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || sb.len + (size_t)n > max) {
			if (n != 0) {
				close(fd);
				sb_free(&sb);
				return NULL;
			}
			break;
		}
		sb_add(&sb, buf, (size_t)n);
	}
	close(fd);
	if (len)
		*len = sb.len;
	sb_adds(&sb, "");	/* an empty file is "", not NULL */
	return sb_detach(&sb);
}

int inroot_exists(const char *mroot, const char *rel)
{
	int root = open_root(mroot), fd;

	if (root < 0)
		return 0;
	fd = inroot_open(root, rel, O_PATH);
	close(root);
	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

DIR *inroot_opendir(const char *mroot, const char *rel)
{
	int root = open_root(mroot), fd;
	DIR *d;

	if (root < 0)
		return NULL;
	fd = inroot_open(root, rel, O_RDONLY | O_DIRECTORY);
	close(root);
	if (fd < 0)
		return NULL;
	if (!(d = fdopendir(fd)))
		close(fd);
	return d;
}

char *inroot_resolve(const char *mroot, const char *rel)
{
	int root = open_root(mroot);
	struct strbuf sb = STRBUF_INIT;

	if (root < 0)
		return NULL;
	int rc = walk_retried(root, rel, 0, &sb);
	close(root);
	if (rc < 0) {
		sb_free(&sb);
		return NULL;
	}
	return sb_detach(&sb);
}
