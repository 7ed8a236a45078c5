#include "treesize.h"
#include "xalloc.h"

#include <errno.h>
#include <fts.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

/* Open-addressing set of (dev, ino) for files with more than one link. */
struct inoset {
	struct { dev_t dev; ino_t ino; int used; } *v;
	size_t n, cap;
};

static int inoset_add(struct inoset *s, dev_t dev, ino_t ino)
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

int tree_size(const char *path, unsigned long long *bytes, struct err *e)
{
	char *const paths[] = { (char *)path, NULL };
	struct inoset seen = { 0 };
	FTS *fts = fts_open(paths, FTS_PHYSICAL | FTS_NOCHDIR, NULL);
	FTSENT *ent;
	int rc = 0;

	*bytes = 0;
	if (!fts)
		return err_set(e, EXIT_FAIL, "cannot read %s: %s", path, strerror(errno));
	while ((errno = 0, ent = fts_read(fts))) {
		switch (ent->fts_info) {
		case FTS_DNR:
		case FTS_ERR:
		case FTS_NS:
			rc = err_set(e, EXIT_FAIL, "cannot read %s: %s", ent->fts_path, strerror(ent->fts_errno));
			goto out;
		case FTS_F:
			if (ent->fts_statp->st_nlink > 1 &&
			    !inoset_add(&seen, ent->fts_statp->st_dev, ent->fts_statp->st_ino))
				break;
			*bytes += (unsigned long long)ent->fts_statp->st_size;
			break;
		default:
			break;
		}
	}
	if (errno)
		rc = err_set(e, EXIT_FAIL, "cannot read %s: %s", path, strerror(errno));
out:
	fts_close(fts);
	free(seen.v);
	return rc;
}
