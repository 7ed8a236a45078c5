#include "gen/treesize.h"
#include "gen/walk.h"
#include "lib/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct sizer {
	struct tree_count c;
	struct inoset seen;
	const char *root;
	int strict;		/* unreadable or changing entries are errors */
};

static int size_one(void *ctx, const struct walk_ent *w, struct err *e)
{
	struct sizer *s = ctx;

	/* What changed while it was measured is left out (never followed):
	 * the size is an estimate for the claims, not a promise. */
	if (w->what != WALK_ENTRY) {
		if (!s->strict || w->what == WALK_CHANGED)
			return 0;
		char *path = walk_path(s->root, w->rel);
		err_set(e, EXIT_FAIL, "cannot read %s: %s", path, strerror(w->err));
		free(path);
		return -1;
	}
	s->c.entries++;
	if (!S_ISREG(w->st->st_mode))
		return 0;
	if (w->st->st_nlink > 1 && !inoset_add(&s->seen, w->st->st_dev, w->st->st_ino))
		return 0;
	s->c.bytes += (unsigned long long)w->st->st_size;
	return 0;
}

int tree_count(const char *path, unsigned flags, struct tree_count *c, struct err *e)
{
	struct sizer s = { .root = path };
	int rc = walk_tree(path, flags, size_one, &s, e);

	*c = s.c;
	inoset_free(&s.seen);
	return rc;
}

int tree_size(const char *path, unsigned long long *bytes, struct err *e)
{
	struct sizer s = { .strict = 1, .root = path };
	int rc = walk_tree(path, 0, size_one, &s, e);

	*bytes = s.c.bytes;
	inoset_free(&s.seen);
	return rc;
}
