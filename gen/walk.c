#include "gen/walk.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct inoset_slot {
	dev_t dev;
	ino_t ino;
	int used;
};

/* Open addressing, kept at most half full. */
int inoset_add(struct inoset *s, dev_t dev, ino_t ino)
{
	if (2 * (s->n + 1) > s->cap) {
		struct inoset big = { 0 };
		big.cap = s->cap ? s->cap * 2 : 64;
		big.v = xcalloc(big.cap, sizeof(*big.v));
		for (size_t i = 0; i < s->cap; i++)
			if (s->v[i].used)
				inoset_add(&big, s->v[i].dev, s->v[i].ino);
		free(s->v);
		*s = big;
	}
	size_t h = (size_t)((uint64_t)ino * 0x9E3779B97F4A7C15ull ^ (uint64_t)dev) & (s->cap - 1);
	while (s->v[h].used) {
		if (s->v[h].dev == dev && s->v[h].ino == ino)
			return 0;
		h = (h + 1) & (s->cap - 1);
	}
	s->v[h].used = 1;
	s->v[h].dev = dev;
	s->v[h].ino = ino;
	s->n++;
	return 1;
}

void inoset_free(struct inoset *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

char *walk_path(const char *root, const char *rel)
{
	return *rel ? xasprintf("%s/%s", root, rel) : xstrdup(root);
}

static int same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && (a->st_mode & S_IFMT) == (b->st_mode & S_IFMT);
}

int walk_openat(int dirfd, const char *name, int flags, const struct stat *st, int *fd)
{
	struct stat now;
	int f = openat(dirfd, name, flags | O_NOFOLLOW | O_CLOEXEC);

	*fd = -1;
	if (f < 0) {
		/* ELOOP: a symlink now; ENOTDIR: not a directory any more; ENOENT:
		 * gone. All three mean the entry seen was replaced. */
		if (errno == ELOOP || errno == ENOTDIR || errno == ENOENT || errno == ENXIO)
			return 1;
		return -1;
	}
	if (fstat(f, &now) < 0) {
		int saved = errno;
		close(f);
		errno = saved;
		return -1;
	}
	if (!same_file(&now, st)) {
		close(f);
		return 1;
	}
	*fd = f;
	return 0;
}

/* Directories keep their descriptor open while their children are walked;
 * below this depth the older ones are closed and opened again on the way
 * back up ("..", checked), so that a deep tree needs few descriptors. */
#define OPEN_DEPTH 48

struct frame {
	int fd;
	int fd_is_path;
	dev_t dev;
	ino_t ino;
	char **names;
	size_t n, next;
	size_t rel_len;		/* strlen of this directory's rel */
};

struct walker {
	unsigned flags;
	walk_fn fn;
	void *ctx;
	struct err *e;
	const char *root;
	struct frame *stack;
	size_t depth, cap;
	struct strbuf rel;
};

static int is_virtual(const char *name)
{
	return !strcmp(name, "dev") || !strcmp(name, "proc") || !strcmp(name, "sys");
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void frame_free(struct frame *f)
{
	if (f->fd >= 0)
		close(f->fd);
	for (size_t i = 0; i < f->n; i++)
		free(f->names[i]);
	free(f->names);
	memset(f, 0, sizeof(*f));
	f->fd = -1;
}

/* Reads a directory's names (through its own descriptor, so that nothing is
 * resolved again); returns 0 or an errno. */
static int list_dir(int fd, int sorted, struct frame *f)
{
	int dfd = dup(fd);
	DIR *d;
	struct dirent *de;
	size_t cap = 0;
	int rc = 0;

	if (dfd < 0)
		return errno;
	if (!(d = fdopendir(dfd))) {
		rc = errno;
		close(dfd);
		return rc;
	}
	for (;;) {
		errno = 0;
		if (!(de = readdir(d))) {
			rc = errno;
			break;
		}
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (f->n == cap) {
			cap = cap ? cap * 2 : 16;
			f->names = xrealloc(f->names, cap * sizeof(*f->names));
		}
		f->names[f->n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (sorted && f->n > 1)
		qsort(f->names, f->n, sizeof(*f->names), by_name);
	return rc;
}

static int call(struct walker *w, enum walk_what what, const char *name, int dirfd, int fd, int fd_is_path,
		const struct stat *st, int err)
{
	struct walk_ent ent = {
		.what = what, .rel = sb_str(&w->rel), .name = name, .dirfd = dirfd, .fd = fd,
		.fd_is_path = fd_is_path, .st = what == WALK_ENTRY ? st : NULL, .err = err,
		.level = (int)w->depth,
	};
	return w->fn(w->ctx, &ent, w->e);
}

static struct frame *push(struct walker *w, int fd, int fd_is_path, const struct stat *st)
{
	if (w->depth == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 32;
		w->stack = xrealloc(w->stack, w->cap * sizeof(*w->stack));
	}
	struct frame *f = &w->stack[w->depth++];
	memset(f, 0, sizeof(*f));
	f->fd = fd;
	f->fd_is_path = fd_is_path;
	f->dev = st->st_dev;
	f->ino = st->st_ino;
	f->rel_len = w->rel.len;
	/* the top stays open: it is where a reopening starts from */
	if (w->depth > OPEN_DEPTH + 1) {
		struct frame *old = &w->stack[w->depth - 1 - OPEN_DEPTH];
		if (old->fd >= 0) {
			close(old->fd);
			old->fd = -1;
		}
	}
	return f;
}

/* A bind mount can put a directory inside itself: never enter one of the
 * directories we are in. */
static int is_ancestor(const struct walker *w, const struct stat *st)
{
	for (size_t i = 0; i < w->depth; i++)
		if (w->stack[i].dev == st->st_dev && w->stack[i].ino == st->st_ino)
			return 1;
	return 0;
}

/* Opens frame k again from the nearest ancestor still open, by name, each
 * step checked. 0, or 1 when a directory on the way was moved. */
static int reopen_by_names(struct walker *w, size_t k)
{
	size_t j = k;

	while (w->stack[j].fd < 0)
		j--;
	for (size_t i = j + 1; i <= k; i++) {
		struct frame *f = &w->stack[i], *parent = &w->stack[i - 1];
		size_t start = parent->rel_len + (parent->rel_len ? 1 : 0);
		char *name = xstrndup(w->rel.buf + start, f->rel_len - start);
		struct stat st = { .st_dev = f->dev, .st_ino = f->ino, .st_mode = S_IFDIR };
		int rc = walk_openat(parent->fd, name, O_RDONLY | O_DIRECTORY, &st, &f->fd);
		free(name);
		if (rc != 0)
			return 1;
		f->fd_is_path = 0;
	}
	return 0;
}

/* Leaves the top frame; its parent gets its descriptor back if it was
 * closed. Returns -1 when the callback stopped the walk. */
static int pop(struct walker *w)
{
	struct frame *top = &w->stack[w->depth - 1];
	int rc = 0;

	if (w->depth >= 2 && w->stack[w->depth - 2].fd < 0) {
		struct frame *parent = &w->stack[w->depth - 2];
		struct stat st = { .st_dev = parent->dev, .st_ino = parent->ino, .st_mode = S_IFDIR };
		int moved = top->fd < 0 || walk_openat(top->fd, "..", O_RDONLY | O_DIRECTORY, &st, &parent->fd) != 0;
		if (moved)
			moved = reopen_by_names(w, w->depth - 2);
		if (moved) {
			/* The rest of the parent cannot be reached safely: say so
			 * once and go on with what is above it. */
			size_t depth = w->depth;
			w->rel.len = parent->rel_len;
			w->rel.buf[w->rel.len] = '\0';
			w->depth = depth - 2;	/* the parent's own level */
			rc = call(w, WALK_CHANGED, "", -1, -1, 0, NULL, ESTALE);
			w->depth = depth;
			parent->next = parent->n;
		}
	}
	frame_free(top);
	w->depth--;
	return rc;
}

/* Opens a directory seen as st; 0 with *fd (O_PATH when it cannot be read,
 * *list_err then says why), 1 when it changed. */
static int open_dir(int dirfd, const char *name, const struct stat *st, int *fd, int *fd_is_path, int *list_err)
{
	int rc = walk_openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NONBLOCK, st, fd);

	*fd_is_path = 0;
	*list_err = 0;
	if (rc < 0 && (errno == EACCES || errno == EPERM)) {
		/* Its entry (owner, mode, labels) is still archived. */
		*list_err = errno;
		rc = walk_openat(dirfd, name, O_PATH | O_DIRECTORY, st, fd);
		*fd_is_path = 1;
	}
	return rc;
}

/* An entry of the top frame: stat'ed, reported, and entered when it is a
 * directory. */
static int visit(struct walker *w, struct frame *f, const char *name)
{
	struct stat st;
	int fd, fd_is_path, list_err, rc;
	int dirfd = f->fd;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return call(w, errno == ENOENT ? WALK_CHANGED : WALK_NOSTAT, name, dirfd, -1, 0, NULL, errno);
	if (!S_ISDIR(st.st_mode))
		return call(w, WALK_ENTRY, name, dirfd, -1, 0, &st, 0);
	rc = open_dir(dirfd, name, &st, &fd, &fd_is_path, &list_err);
	if (rc < 0)
		return call(w, WALK_NOSTAT, name, dirfd, -1, 0, NULL, errno);
	if (rc > 0)
		return call(w, WALK_CHANGED, name, dirfd, -1, 0, NULL, 0);
	/* the children report level depth + 1; the entry itself depth */
	int skip = ((w->flags & WALK_SKIP_VIRTUAL) && w->depth == 1 && is_virtual(name)) || is_ancestor(w, &st);
	if (call(w, WALK_ENTRY, name, dirfd, fd, fd_is_path, &st, 0) < 0) {
		close(fd);
		return -1;
	}
	if (skip) {
		close(fd);
		return 0;
	}
	struct frame *child = push(w, fd, fd_is_path, &st);
	if (!list_err)
		list_err = list_dir(fd, w->flags & WALK_SORTED, child);
	if (list_err) {
		w->depth--;	/* reported as the directory's own entry */
		rc = call(w, WALK_NOLIST, name, dirfd, fd, fd_is_path, NULL, list_err);
		w->depth++;
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int walk_frames(struct walker *w)
{
	while (w->depth > 0) {
		struct frame *f = &w->stack[w->depth - 1];
		if (f->next == f->n) {
			if (pop(w) < 0)
				return -1;
			continue;
		}
		const char *name = f->names[f->next++];
		w->rel.len = f->rel_len;
		if (w->rel.len)
			sb_addc(&w->rel, '/');
		else
			w->rel.buf[0] = '\0';
		sb_adds(&w->rel, name);
		/* visit may grow the stack: f is not used after it */
		if (visit(w, f, name) < 0)
			return -1;
	}
	return 0;
}

int walk_tree(const char *root, unsigned flags, walk_fn fn, void *ctx, struct err *e)
{
	struct walker w = { .flags = flags, .fn = fn, .ctx = ctx, .e = e, .root = root, .rel = STRBUF_INIT };
	struct stat st;
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	int rc;

	if (fd < 0 || fstat(fd, &st) < 0) {
		rc = err_set(e, EXIT_FAIL, "cannot read %s: %s", root, strerror(errno));
		if (fd >= 0)
			close(fd);
		return rc;
	}
	sb_adds(&w.rel, "");
	/* The top is frame 0 (level 0); its children are level 1. */
	struct frame *top = push(&w, fd, 0, &st);
	w.depth = 0;
	rc = call(&w, WALK_ENTRY, root, AT_FDCWD, fd, 0, &st, 0);
	w.depth = 1;
	if (!rc) {
		int lerr = list_dir(fd, flags & WALK_SORTED, top);
		if (lerr)
			rc = err_set(e, EXIT_FAIL, "cannot read %s: %s", root, strerror(lerr));
	}
	if (!rc)
		rc = walk_frames(&w);
	while (w.depth)
		frame_free(&w.stack[--w.depth]);
	free(w.stack);
	sb_free(&w.rel);
	return rc;
}
