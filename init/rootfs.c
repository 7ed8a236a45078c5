#include "init/rootfs.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The walk keeps one fd per directory level, so ".." pops to the parent we
 * came through (never the real parent of the root) and the canonical path
 * is the list of names. */
struct walk {
	int *fds;
	char **names;
	size_t depth, alloc;
};

static void walk_push(struct walk *w, int fd, const char *name)
{
	if (w->depth == w->alloc) {
		w->alloc = w->alloc ? w->alloc * 2 : 16;
		w->fds = xrealloc(w->fds, w->alloc * sizeof(*w->fds));
		w->names = xrealloc(w->names, w->alloc * sizeof(*w->names));
	}
	w->fds[w->depth] = fd;
	w->names[w->depth] = xstrdup(name);
	w->depth++;
}

static void walk_pop(struct walk *w)
{
	if (!w->depth)
		return;		/* ".." at the root stays at the root */
	w->depth--;
	close(w->fds[w->depth]);
	free(w->names[w->depth]);
}

static void walk_free(struct walk *w)
{
	while (w->depth)
		walk_pop(w);
	free(w->fds);
	free(w->names);
}

static int walk_dirfd(const struct walk *w, int rootfd)
{
	return w->depth ? w->fds[w->depth - 1] : rootfd;
}

static char *walk_path(const struct walk *w, const char *last)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < w->depth; i++) {
		sb_addc(&sb, '/');
		sb_adds(&sb, w->names[i]);
	}
	if (last) {
		sb_addc(&sb, '/');
		sb_adds(&sb, last);
	}
	if (!sb.len)
		sb_addc(&sb, '/');
	return sb_detach(&sb);
}

/* Reads the target of the symlink open as an O_PATH fd. */
static char *link_target(int fd)
{
	char buf[PATH_MAX];
	ssize_t n = readlinkat(fd, "", buf, sizeof(buf) - 1);

	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return xstrdup(buf);
}

/* The rest of the path after a symlink: its target, then what followed. */
static char *splice_rest(const char *target, const char *rest)
{
	if (!rest || !*rest)
		return xstrdup(target);
	return xasprintf("%s/%s", target, rest);
}

/* Cuts the next component out of *p (skipping slashes); NULL at the end. */
static char *next_component(const char **p)
{
	const char *s = *p;

	while (*s == '/')
		s++;
	if (!*s) {
		*p = s;
		return NULL;
	}
	const char *e = strchr(s, '/');
	size_t n = e ? (size_t)(e - s) : strlen(s);
	*p = s + n;
	return xstrndup(s, n);
}

static int last_component(const char *p)
{
	while (*p == '/')
		p++;
	return !*p;
}

/* One component: opened without following; a directory is pushed, a
 * symlink is spliced into the remaining path, the last one is returned. */
static int step(struct walk *w, int rootfd, char *name, char **rest, int last, int flags, int how,
		int *links, int *out)
{
	int dfd = walk_dirfd(w, rootfd);
	struct stat st;

	if (!strcmp(name, "."))
		return 0;
	if (!strcmp(name, "..")) {
		walk_pop(w);
		return 0;
	}
	int fd = openat(dfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0)
		goto fail;
	if (S_ISLNK(st.st_mode) && !(last && (how & ROOT_NOFOLLOW))) {
		char *t = link_target(fd);
		close(fd);
		if (!t)
			return -1;
		if (++*links > ROOT_MAX_LINKS) {
			free(t);
			errno = ELOOP;
			return -1;
		}
		if (t[0] == '/')
			while (w->depth)
				walk_pop(w);
		char *n = splice_rest(t, *rest);
		free(t);
		free(*rest);
		*rest = n;
		return 0;
	}
	if (last) {
		close(fd);
		if (how & ROOT_NOFOLLOW && S_ISLNK(st.st_mode))
			*out = openat(dfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		else
			*out = openat(dfd, name, flags | O_NOFOLLOW | O_CLOEXEC);
		return *out < 0 ? -1 : 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		close(fd);
		errno = ENOTDIR;
		return -1;
	}
	walk_push(w, fd, name);
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	return -1;
}

int root_open(int rootfd, const char *path, int flags, int how, char **canon)
{
	struct walk w = { 0 };
	char *rest = xstrdup(path);
	int links = 0, fd = -1, r = 0;

	if (canon)
		*canon = NULL;
	for (;;) {
		const char *p = rest;
		char *name = next_component(&p);
		if (!name) {	/* the root itself, or a path ending in "/" or ".." */
			fd = openat(walk_dirfd(&w, rootfd), ".", flags | O_CLOEXEC);
			r = fd < 0 ? -1 : 1;
			if (r > 0 && canon)
				*canon = walk_path(&w, NULL);
			break;
		}
		char *after = xstrdup(p);
		free(rest);
		rest = after;
		int last = last_component(rest), f = flags, h = how;
		if (last && *rest == '/')	/* "name/": a directory, a link there followed, as open(2) */
			f |= O_DIRECTORY, h &= ~ROOT_NOFOLLOW;
		r = step(&w, rootfd, name, &rest, last, f, h, &links, &fd);
		if (r > 0 && canon)
			*canon = walk_path(&w, name);
		free(name);
		if (r)
			break;
	}
	int saved = errno;
	free(rest);
	walk_free(&w);
	errno = saved;
	return r > 0 ? fd : -1;
}

char *root_realpath(int rootfd, const char *path, int how)
{
	char *canon = NULL;
	int fd = root_open(rootfd, path, O_PATH, how, &canon);

	if (fd < 0)
		return NULL;
	close(fd);
	return canon;
}

int root_stat(int rootfd, const char *path, int how, struct stat *st)
{
	int fd = root_open(rootfd, path, O_PATH, how, NULL);

	if (fd < 0)
		return -1;
	int r = fstat(fd, st);
	int saved = errno;
	close(fd);
	errno = saved;
	return r;
}

int root_read_file(int rootfd, const char *path, size_t max, char **out, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	char buf[65536];
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	int fd = root_open(rootfd, path, O_RDONLY | O_NONBLOCK, 0, NULL);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int saved = errno;
			close(fd);
			if (n < 0) {
				sb_free(&sb);
				errno = saved;
				return -1;
			}
			break;
		}
		if (sb.len + (size_t)n > max) {
			close(fd);
			sb_free(&sb);
			errno = EFBIG;
			return -1;
		}
		sb_add(&sb, buf, (size_t)n);
	}
	if (len)
		*len = sb.len;
	sb_add(&sb, "", 0);	/* a terminated buffer even for an empty file */
	*out = sb_detach(&sb);
	return 0;
}

int root_mkdirs(int rootfd, const char *path, mode_t mode)
{
	struct strbuf prefix = STRBUF_INIT;
	const char *p = path;
	char *name;
	int fd = root_open(rootfd, "/", O_RDONLY | O_DIRECTORY, 0, NULL);

	/* Each level is opened as the machine sees it (its /var/run -> ../run
	 * link is followed, inside the root); only a missing one is made. */
	while (fd >= 0 && (name = next_component(&p))) {
		sb_addc(&prefix, '/');
		sb_adds(&prefix, name);
		int next = root_open(rootfd, prefix.buf, O_RDONLY | O_DIRECTORY, 0, NULL);
		if (next < 0 && errno == ENOENT && strcmp(name, "..") && strcmp(name, ".")) {
			if (mkdirat(fd, name, mode) < 0 && errno != EEXIST)
				next = -1;
			else
				next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		}
		int saved = errno;
		free(name);
		close(fd);
		errno = saved;
		fd = next;
	}
	sb_free(&prefix);
	return fd;
}
