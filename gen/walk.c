#include "walk.h"
#include "xalloc.h"

#include <errno.h>
#include <fts.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

static int is_virtual(const char *name)
{
	return !strcmp(name, "dev") || !strcmp(name, "proc") || !strcmp(name, "sys");
}

static int by_name(const FTSENT **a, const FTSENT **b)
{
	return strcmp((*a)->fts_name, (*b)->fts_name);
}

int walk_tree(const char *root, unsigned flags, walk_fn fn, void *ctx, struct err *e)
{
	char *const paths[] = { (char *)root, NULL };
	/* FTS_NOSTAT is not used: every entry's type and size are needed, and
	 * fts gets them with one lstat each, as du does. */
	FTS *fts = fts_open(paths, FTS_PHYSICAL | FTS_NOCHDIR, (flags & WALK_SORTED) ? by_name : NULL);
	size_t rootlen = strlen(root);
	FTSENT *ent;
	int rc = 0;

	if (!fts)
		return err_set(e, EXIT_FAIL, "cannot read %s: %s", root, strerror(errno));
	while (!rc && (errno = 0, ent = fts_read(fts))) {
		struct walk_ent w = { .path = ent->fts_path, .level = (int)ent->fts_level };

		w.rel = ent->fts_pathlen > rootlen ? ent->fts_path + rootlen + 1 : "";
		switch (ent->fts_info) {
		case FTS_DP:
			continue;
		case FTS_DNR:
		case FTS_ERR:
		case FTS_NS:
			w.err = ent->fts_errno ? ent->fts_errno : EIO;
			if (ent->fts_level == 0 && ent->fts_info != FTS_DNR) {
				rc = err_set(e, EXIT_FAIL, "cannot read %s: %s", root, strerror(w.err));
				continue;
			}
			break;
		case FTS_DC:
			/* A directory cycle cannot happen without following links;
			 * a bind mount could make one: do not descend twice. */
			w.st = ent->fts_statp;
			fts_set(fts, ent, FTS_SKIP);
			break;
		case FTS_D:
			w.st = ent->fts_statp;
			if ((flags & WALK_SKIP_VIRTUAL) && ent->fts_level == 1 && is_virtual(ent->fts_name))
				fts_set(fts, ent, FTS_SKIP);
			break;
		default:
			w.st = ent->fts_statp;
			break;
		}
		rc = fn(ctx, &w, e);
	}
	if (!rc && errno)
		rc = err_set(e, EXIT_FAIL, "cannot read %s: %s", root, strerror(errno));
	fts_close(fts);
	return rc;
}
