#include "gen/tarball.h"
#include "gen/diskmeta.h"
#include "lib/fsutil.h"
#include "gen/pgzip.h"
#include "gen/sha256.h"
#include "lib/strbuf.h"
#include "gen/treesize.h"
#include "gen/walk.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BUFSZ (1u << 20)
/* --no-sparse: holes up to this are stored as zeros without a word */
#define HOLES_AS_ZEROS_MAX (1LL << 30)

static const struct {
	const char *name, *suffix;
	int min, max, def;
} comps[] = {
	[TB_GZIP] = { "gzip", ".tar.gz", 1, 9, 6 },
	[TB_ZSTD] = { "zstd", ".tar.zst", 1, 19, 3 },
	[TB_XZ] = { "xz", ".tar.xz", 0, 9, 6 },
	[TB_NONE] = { "none", ".tar", 0, 0, 0 },
};

int tb_compression_parse(const char *s, enum tb_compression *c)
{
	for (size_t i = 0; i < sizeof(comps) / sizeof(comps[0]); i++)
		if (!strcmp(s, comps[i].name)) {
			*c = (enum tb_compression)i;
			return 0;
		}
	return -1;
}

const char *tb_compression_name(enum tb_compression c)
{
	return comps[c].name;
}

const char *tb_suffix(enum tb_compression c)
{
	return comps[c].suffix;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

int tb_compression_of(const char *name, enum tb_compression *c)
{
	static const struct { const char *suffix; enum tb_compression c; } by[] = {
		{ ".tar.gz", TB_GZIP }, { ".tgz", TB_GZIP }, { ".tar.zst", TB_ZSTD },
		{ ".tzst", TB_ZSTD }, { ".tar.xz", TB_XZ }, { ".txz", TB_XZ }, { ".tar", TB_NONE },
	};

	for (size_t i = 0; i < sizeof(by) / sizeof(by[0]); i++)
		if (ends_with(name, by[i].suffix)) {
			*c = by[i].c;
			return 0;
		}
	return -1;
}

int tb_compression_choose(const char *flag, const char *output, enum tb_compression *c, struct err *e)
{
	enum tb_compression named;
	int has_name = output && tb_compression_of(output, &named) == 0;

	if (!flag) {
		*c = has_name ? named : TB_GZIP;
		return 0;
	}
	if (tb_compression_parse(flag, c) < 0)
		return err_set(e, EXIT_USAGE, "invalid --compression \"%s\": use gzip, zstd, xz or none", flag);
	if (has_name && named != *c)
		return err_set(e, EXIT_USAGE, "--compression %s does not match the output name %s (%s)",
			       tb_compression_name(*c), output, tb_compression_name(named));
	return 0;
}

char *tb_default_output(const char *name, enum tb_compression c)
{
	return xasprintf("%s%s", name, tb_suffix(c));
}

int tb_check_opts(const struct tb_opts *o, struct err *e)
{
	if (o->level >= 0 && o->comp == TB_NONE)
		return err_set(e, EXIT_USAGE, "--level needs a compression: none was chosen");
	if (o->level >= 0 && (o->level < comps[o->comp].min || o->level > comps[o->comp].max))
		return err_set(e, EXIT_USAGE, "invalid --level %d for %s: use %d to %d", o->level,
			       comps[o->comp].name, comps[o->comp].min, comps[o->comp].max);
	if (o->threads < 0 || o->threads > 256)
		return err_set(e, EXIT_USAGE, "invalid --threads %d: use 1 to 256 (0 for one per CPU)", o->threads);
	return 0;
}

void tb_human_bytes(unsigned long long n, char *buf, size_t len)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
	double v = (double)n;
	size_t u = 0;

	while (v >= 1024 && u + 1 < sizeof(units) / sizeof(units[0]))
		v /= 1024, u++;
	if (u == 0)
		snprintf(buf, len, "%llu B", n);
	else
		snprintf(buf, len, "%.1f %s", v, units[u]);
}

/* Set by SIGINT/SIGTERM/SIGHUP while an archive is written; checked between
 * reads so that the run stops soon and removes its temporary file. */
static volatile sig_atomic_t tb_signal;

static void on_signal(int sig)
{
	tb_signal = sig;
}

struct sigsave {
	struct sigaction old[5];
};
static const int caught[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGXFSZ };

static void signals_catch(struct sigsave *s)
{
	struct sigaction sa = { 0 };

	tb_signal = 0;
	for (size_t i = 0; i < 5; i++) {
		/* A full disk under `ulimit -f` and a reader that went away come
		 * back as write errors (EFBIG, EPIPE) with a message, not a kill. */
		sa.sa_handler = caught[i] == SIGPIPE || caught[i] == SIGXFSZ ? SIG_IGN : on_signal;
		sigemptyset(&sa.sa_mask);
		sigaction(caught[i], &sa, &s->old[i]);
	}
}

static void signals_restore(struct sigsave *s)
{
	for (size_t i = 0; i < 5; i++)
		sigaction(caught[i], &s->old[i], NULL);
}

/* A progress line on a terminal, at most five times a second. */
struct progress {
	int on;
	struct tree_count total;
	unsigned long long entries, bytes;
	double start, last;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress_show(struct progress *p, int final)
{
	double t = now();
	char done[32], total[32], rate[32], left[64] = "";

	if (!p->on || (!final && t - p->last < 0.2))
		return;
	p->last = t;
	double secs = t - p->start > 0.001 ? t - p->start : 0.001;
	double bps = (double)p->bytes / secs;
	tb_human_bytes(p->bytes, done, sizeof(done));
	tb_human_bytes(p->total.bytes, total, sizeof(total));
	tb_human_bytes((unsigned long long)bps, rate, sizeof(rate));
	if (bps > 0 && p->total.bytes > p->bytes) {
		unsigned long long s = (unsigned long long)((double)(p->total.bytes - p->bytes) / bps);
		snprintf(left, sizeof(left), ", about %llu:%02llu left", s / 60, s % 60);
	}
	fprintf(stderr, "\r\033[Karchiving: %s of %s, %llu of %llu entries, %s/s%s", done, total,
		p->entries, p->total.entries, rate, left);
	if (final)
		fputs("\r\033[K", stderr);
	fflush(stderr);
}

/* Where the archive's bytes go: the file (or standard output), hashed and
 * counted on the way; with gzip, through the parallel compressor first. */
struct sink {
	int fd;
	int werr;		/* errno of a failed write */
	int dead;		/* failed: what is still flushed is dropped */
	struct sha256 sha;
	unsigned long long bytes;
	struct pgz *gz;
};

static int sink_put(void *ctx, const void *buf, size_t n)
{
	struct sink *k = ctx;
	const char *p = buf;
	size_t left = n;

	while (left) {
		ssize_t w = write(k->fd, p, left);
		if (w < 0 && errno == EINTR && !tb_signal)
			continue;
		if (w < 0) {
			k->werr = errno;
			return -1;
		}
		p += w;
		left -= (size_t)w;
	}
	sha256_update(&k->sha, buf, n);
	k->bytes += n;
	return 0;
}

struct tb_state {
	const struct tb_opts *o;
	struct tb_result *r;
	struct archive *a;
	struct archive_entry_linkresolver *links;
	struct sink out;
	struct progress pr;
	dev_t skip_dev;		/* our own temporary file, when written inside the tree */
	ino_t skip_ino;
	char *buf;
	struct strbuf name;
	struct extents ext;
};

static la_ssize_t out_write(struct archive *a, void *ctx, const void *buf, size_t n)
{
	struct tb_state *s = ctx;
	int rc;

	if (s->out.dead)
		return (la_ssize_t)n;	/* given up: closing only frees */
	rc = s->out.gz ? pgz_write(s->out.gz, buf, n) : sink_put(&s->out, buf, n);
	if (rc < 0) {
		archive_set_error(a, s->out.werr ? s->out.werr : EIO, "%s", strerror(s->out.werr ? s->out.werr : EIO));
		return -1;
	}
	return (la_ssize_t)n;
}

static int stopped(struct err *e)
{
	if (!tb_signal)
		return 0;
	return err_set(e, EXIT_FAIL, "interrupted by %s: no archive was written", strsignal(tb_signal));
}

/* A path for a one-line error (struct err holds 1 KiB): a very long one
 * keeps its start and its end, so that the reason after it still shows. */
static char *msg_path(const char *root, const char *rel)
{
	char *p = walk_path(root, rel);
	size_t n = strlen(p);

	if (n > 600) {
		char *cut = xasprintf("%.200s...%s", p, p + n - 360);
		free(p);
		p = cut;
	}
	return p;
}

static int write_failed(struct tb_state *s, struct err *e)
{
	const char *where = strcmp(s->o->output, "-") ? s->o->output : "standard output";

	if (tb_signal)
		return stopped(e);
	if (s->out.werr)
		return err_set(e, EXIT_FAIL, "cannot write %s: %s; no archive was written", where, strerror(s->out.werr));
	return err_set(e, EXIT_FAIL, "cannot write %s: %s; no archive was written", where,
		       archive_error_string(s->a) ? archive_error_string(s->a) : "unknown error");
}

static int feed(struct tb_state *s, const void *data, size_t n, struct err *e)
{
	if (n && archive_write_data(s->a, data, n) < 0)
		return write_failed(s, e);
	return 0;
}

/* Holes are handed to the writer as zeros: with a sparse map it skips them
 * without storing (or even reading) them; without one, they are stored. */
static int feed_zeros(struct tb_state *s, long long n, struct err *e)
{
	static char zeros[1 << 20];

	while (n > 0) {
		if (tb_signal)
			return stopped(e);
		size_t k = n > (long long)sizeof(zeros) ? sizeof(zeros) : (size_t)n;
		if (feed(s, zeros, k, e) < 0)
			return -1;
		n -= (long long)k;
	}
	return 0;
}

static int copy_range(struct tb_state *s, int fd, const char *rel, long long len, struct err *e)
{
	while (len > 0) {
		if (tb_signal)
			return stopped(e);
		size_t want = len > BUFSZ ? BUFSZ : (size_t)len;
		ssize_t got = read(fd, s->buf, want);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			char *p = msg_path(s->o->src, rel);
			err_set(e, EXIT_FAIL, "cannot read %s: %s; no archive was written", p, strerror(errno));
			free(p);
			return -1;
		}
		if (got == 0) {
			/* The file shrank while we read it: the header already
			 * promised len more bytes. */
			char *p = walk_path(s->o->src, rel);
			warnf("%s changed while it was archived: its end is stored as zeros", p);
			free(p);
			return feed_zeros(s, len, e);
		}
		if (feed(s, s->buf, (size_t)got, e) < 0)
			return -1;
		len -= got;
		s->r->bytes_in += (unsigned long long)got;
		s->pr.bytes += (unsigned long long)got;
		progress_show(&s->pr, 0);
	}
	return 0;
}

/* The file's data regions in order, the holes between them as zeros. */
static int copy_data(struct tb_state *s, int fd, const char *rel, long long size, struct err *e)
{
	long long pos = 0;

	for (size_t i = 0; i < s->ext.n; i++) {
		long long off = s->ext.v[i][0], len = s->ext.v[i][1];
		if (off >= size)
			break;
		if (len > size - off)
			len = size - off;
		if (feed_zeros(s, off - pos, e) < 0)
			return -1;
		if (off != pos && lseek(fd, off, SEEK_SET) < 0) {
			char *p = msg_path(s->o->src, rel);
			err_set(e, EXIT_FAIL, "cannot read %s: %s; no archive was written", p, strerror(errno));
			free(p);
			return -1;
		}
		if (copy_range(s, fd, rel, len, e) < 0)
			return -1;
		pos = off + len;
	}
	return feed_zeros(s, size - pos, e);
}

static int unreadable(struct tb_state *s, const char *rel, int err, int listing, struct err *e)
{
	char *path;

	if (!s->o->skip_unreadable) {
		path = msg_path(s->o->src, rel);
		err_set(e, EXIT_FAIL, "cannot %s %s: %s (use --skip-unreadable to leave it out); no archive was written",
			listing ? "list the contents of" : "read", path, strerror(err));
		free(path);
		return -1;
	}
	path = walk_path(s->o->src, rel);
	strlist_push(listing ? &s->r->unlisted : &s->r->skipped, path);
	free(path);
	return 0;
}

static int changed(struct tb_state *s, const char *rel)
{
	char *path = walk_path(s->o->src, rel);

	strlist_push(&s->r->changed, path);
	free(path);
	return 0;
}

/* Opens what the walk saw, checked to be the same file: a regular file for
 * its data, anything else but a directory as O_PATH for its attributes.
 * 0, 1 when it changed, -1 with errno. */
static int open_entry(const struct walk_ent *w, int *fd)
{
	int reg = S_ISREG(w->st->st_mode);
	/* O_NONBLOCK: a FIFO put in a file's place must not stop the run */
	int flags = reg ? O_RDONLY | O_NOCTTY | O_NONBLOCK : O_PATH;
	int rc = walk_openat(w->dirfd, w->name, flags | (reg ? O_NOATIME : 0), w->st, fd);

	/* O_NOATIME keeps the machine's access times, but only the file's
	 * owner (or root) may ask for it. */
	if (rc < 0 && reg && errno == EPERM)
		rc = walk_openat(w->dirfd, w->name, flags, w->st, fd);
	return rc;
}

/* The data regions of a regular file, and the sparse map the entry gets. */
static int plan_data(struct tb_state *s, struct archive_entry *ent, int fd, const struct walk_ent *w, struct err *e)
{
	long long size = (long long)w->st->st_size;

	if (extents_find(fd, size, w->st, &s->ext) < 0) {
		char *p = msg_path(s->o->src, w->rel);
		err_set(e, EXIT_FAIL, "cannot read %s: %s; no archive was written", p, strerror(errno));
		free(p);
		return -1;
	}
	long long data = extents_data(&s->ext);
	if (data == size)
		return 0;
	if (!s->o->no_sparse) {
		for (size_t i = 0; i < s->ext.n; i++)
			archive_entry_sparse_add_entry(ent, s->ext.v[i][0], s->ext.v[i][1]);
		/* all holes: a map of one empty region at the end says so (and
		 * the writer needs a map to skip them) */
		if (!s->ext.n)
			archive_entry_sparse_add_entry(ent, size, 0);
		return 0;
	}
	/* Without a sparse map the holes are stored as zeros, which the reader
	 * writes out: cheap when small; beyond a GiB of them, said. */
	if (size - data <= HOLES_AS_ZEROS_MAX)
		return 0;
	char *p = walk_path(s->o->src, w->rel);
	char human[32];
	if (!data) {
		/* lastlog, faillog: 1 TB of nothing, which the node would write */
		tb_human_bytes((unsigned long long)size, human, sizeof(human));
		warnf("%s is all holes (%s of nothing): stored empty, as --no-sparse cannot keep holes", p, human);
		archive_entry_set_size(ent, 0);
		s->ext.n = 0;
	} else {
		tb_human_bytes((unsigned long long)(size - data), human, sizeof(human));
		warnf("%s has %s of holes: stored as zeros (--no-sparse), which its reader writes out", p, human);
	}
	free(p);
	return 0;
}

static int add_entry(void *ctx, const struct walk_ent *w, struct err *e)
{
	struct tb_state *s = ctx;
	struct archive_entry *ent, *spare = NULL;
	int fd = -1, fd_is_path = 0, own = 0, rc = 0;

	if (stopped(e))
		return -1;
	switch (w->what) {
	case WALK_NOSTAT:
		return unreadable(s, w->rel, w->err, 0, e);
	case WALK_NOLIST:
		return unreadable(s, w->rel, w->err, 1, e);
	case WALK_CHANGED:
		return changed(s, w->rel);
	case WALK_ENTRY:
		break;
	}
	if (w->st->st_dev == s->skip_dev && w->st->st_ino == s->skip_ino)
		return 0;
	s->pr.entries++;
	if (S_ISSOCK(w->st->st_mode)) {
		char *p = walk_path(s->o->src, w->rel);
		warnf("%s is a socket: not archived (the program that listens on it creates it again)", p);
		free(p);
		return 0;
	}
	if (S_ISDIR(w->st->st_mode)) {
		fd = w->fd;
		fd_is_path = w->fd_is_path;
	} else {
		rc = open_entry(w, &fd);
		if (rc > 0)
			return changed(s, w->rel);
		if (rc < 0)
			return unreadable(s, w->rel, errno, 0, e);
		own = 1;
		fd_is_path = !S_ISREG(w->st->st_mode);
	}

	sb_reset(&s->name);
	sb_adds(&s->name, ".");
	if (*w->rel)
		sb_addf(&s->name, "/%s", w->rel);
	ent = archive_entry_new();
	archive_entry_copy_pathname(ent, s->name.buf);
	if ((rc = diskmeta_fill(ent, fd, fd_is_path, w->st)) < 0) {
		/* Labels, ACLs or attributes that cannot be read would be lost
		 * silently otherwise. */
		char *p = msg_path(s->o->src, w->rel);
		rc = err_set(e, EXIT_FAIL, "cannot read the attributes of %s: %s; no archive was written", p,
			     rc == DISKMETA_NO_PROC ? "/proc is not mounted (a link's are read through /proc/self/fd)" : strerror(errno));
		free(p);
		goto out;
	}
	if (s->o->whole_seconds)
		archive_entry_set_mtime(ent, w->st->st_mtime, 0);
	archive_entry_linkify(s->links, &ent, &spare);
	s->ext.n = 0;
	if (archive_entry_hardlink(ent))
		archive_entry_set_size(ent, 0);	/* stored once, with its first name */
	else if (S_ISREG(w->st->st_mode) && (rc = plan_data(s, ent, fd, w, e)) < 0)
		goto out;
	if (archive_write_header(s->a, ent) < ARCHIVE_WARN) {
		rc = write_failed(s, e);
		goto out;
	}
	s->r->entries++;
	if (S_ISREG(w->st->st_mode) && !archive_entry_hardlink(ent) && archive_entry_size(ent) > 0)
		rc = copy_data(s, fd, w->rel, (long long)archive_entry_size(ent), e);
	progress_show(&s->pr, 0);
out:
	archive_entry_free(ent);
	archive_entry_free(spare);
	if (own && fd >= 0)
		close(fd);
	return rc;
}

static int set_filter(struct tb_state *s, struct err *e)
{
	const struct tb_opts *o = s->o;
	const char *name = comps[o->comp].name;
	int level = o->level >= 0 ? o->level : comps[o->comp].def;
	char v[32];
	int rc;

	switch (o->comp) {
	case TB_GZIP:
		/* libarchive writes the tar; we compress it, on every core */
		s->out.gz = pgz_new(level, o->threads, sink_put, &s->out);
		if (!s->out.gz)
			return err_set(e, EXIT_FAIL, "cannot start the gzip threads: %s", strerror(errno));
		/* fall through */
	case TB_NONE:
		return archive_write_add_filter_none(s->a) == ARCHIVE_OK ? 0 :
			err_set(e, EXIT_FAIL, "cannot set up the archive: %s", archive_error_string(s->a));
	case TB_ZSTD:
		rc = archive_write_add_filter_zstd(s->a);
		break;
	default:
		rc = archive_write_add_filter_xz(s->a);
		break;
	}
	if (rc != ARCHIVE_OK)
		return err_set(e, EXIT_FAIL, "this libarchive cannot write %s: %s", name, archive_error_string(s->a));
	snprintf(v, sizeof(v), "%d", level);
	if (archive_write_set_filter_option(s->a, name, "compression-level", v) != ARCHIVE_OK)
		return err_set(e, EXIT_FAIL, "cannot set the %s level %s: %s", name, v, archive_error_string(s->a));
	long n = o->threads ? o->threads : sysconf(_SC_NPROCESSORS_ONLN);
	snprintf(v, sizeof(v), "%ld", n > 0 ? n : 1);
	if (archive_write_set_filter_option(s->a, name, "threads", v) != ARCHIVE_OK)
		warnf("this libarchive cannot compress %s with threads; using one", name);
	return 0;
}

static int setup(struct tb_state *s, struct err *e)
{
	s->a = archive_write_new();
	if (!s->a)
		return err_set(e, EXIT_FAIL, "cannot set up the archive: out of memory");
	/* pax: plain ustar headers for the entries that need nothing more, an
	 * extended header only for what ustar cannot hold (sub-second times,
	 * long names, labels, ACLs, sparse maps). */
	if (archive_write_set_format_pax(s->a) != ARCHIVE_OK)
		return err_set(e, EXIT_FAIL, "cannot set up the archive: %s", archive_error_string(s->a));
	/* GNU tar reads SCHILY.xattr.*; the LIBARCHIVE.xattr.* copies would only
	 * make it warn. */
	archive_write_set_format_option(s->a, "pax", "xattrheader", "SCHILY");
	if (set_filter(s, e) < 0)
		return -1;
	/* No padding after the compressed stream: zstd and busybox's gunzip
	 * would read trailing zeros as a damaged second stream. */
	archive_write_set_bytes_in_last_block(s->a, 1);
	archive_write_set_bytes_per_block(s->a, 64 * 1024);
	s->links = archive_entry_linkresolver_new();
	archive_entry_linkresolver_set_strategy(s->links, archive_format(s->a));
	if (archive_write_open2(s->a, s, NULL, out_write, NULL, NULL) != ARCHIVE_OK)
		return write_failed(s, e);
	return 0;
}

/* The output's directory must exist and be writable; an existing output is
 * replaced only with --force. Returns a temporary file's fd beside it. */
static int open_output(struct tb_state *s, char **tmp, struct err *e)
{
	const char *out = s->o->output;
	const char *slash = strrchr(out, '/');
	char *dir = slash ? xstrndup(out, (size_t)(slash - out) + (slash == out)) : xstrdup(".");
	const char *base = slash ? slash + 1 : out;
	char *shafile = xasprintf("%s.sha256", out);
	struct stat st;
	int fd = -1;

	*tmp = NULL;
	if (!*base || !strcmp(base, ".") || !strcmp(base, ".."))
		err_set(e, EXIT_USAGE, "invalid --output \"%s\": give a file name", out);
	else if (stat(dir, &st) < 0)
		err_set(e, EXIT_FAIL, "cannot write %s: directory %s: %s", out, dir, strerror(errno));
	else if (!S_ISDIR(st.st_mode))
		err_set(e, EXIT_FAIL, "cannot write %s: %s is not a directory", out, dir);
	else if (!s->o->force && lstat(out, &st) == 0)
		err_set(e, EXIT_FAIL, "%s already exists (use --force to replace it)", out);
	else if (!s->o->force && (lstat(shafile, &st) == 0 || errno != ENOENT))
		err_set(e, EXIT_FAIL, "%s already exists (use --force to replace it)", shafile);
	/* --force cannot rename over a directory: say so before the work */
	else if (lstat(out, &st) == 0 && S_ISDIR(st.st_mode))
		err_set(e, EXIT_FAIL, "cannot replace %s: it is a directory", out);
	else if (lstat(shafile, &st) == 0 && S_ISDIR(st.st_mode))
		err_set(e, EXIT_FAIL, "cannot replace %s: it is a directory", shafile);
	else {
		/* what an interrupted run left here goes first */
		tmp_sweep(dir);
		fd = tmp_file_in(dir, tmp, e);
		if (fd < 0) {
			int saved = errno;
			err_clear(e);
			err_set(e, EXIT_FAIL, "cannot write %s: %s", out, strerror(saved));
		}
		else if (fstat(fd, &st) == 0) {
			s->skip_dev = st.st_dev;
			s->skip_ino = st.st_ino;
		}
	}
	free(dir);
	free(shafile);
	return fd;
}

static int write_sha_file(struct tb_state *s, struct err *e)
{
	const char *base = strrchr(s->o->output, '/');
	struct fileset fs = { 0 };
	char *line = xasprintf("%s  %s\n", s->r->sha256, base ? base + 1 : s->o->output);
	int rc;

	free(s->r->sha_path);
	s->r->sha_path = xasprintf("%s.sha256", s->o->output);
	fileset_add(&fs, s->r->sha_path, line, strlen(line));
	rc = fileset_commit(&fs, 1, e);
	fileset_free(&fs);
	free(line);
	return rc;
}

/* As tar creates files: what the umask allows, unless --private. */
static unsigned archive_mode(const struct tb_opts *o)
{
	mode_t um = umask(0);

	umask(um);
	return o->private_mode ? 0600 : 0666 & ~(unsigned)um;
}

static int finish(struct tb_state *s, const char *tmp, struct err *e)
{
	if (archive_write_close(s->a) != ARCHIVE_OK)
		return write_failed(s, e);
	if (s->out.gz && pgz_finish(s->out.gz) < 0)
		return write_failed(s, e);
	if (stopped(e))
		return -1;
	s->r->bytes_out = s->out.bytes;
	sha256_final_hex(&s->out.sha, s->r->sha256);
	if (!tmp)
		return 0;
	/* On disk before it takes the name: a crash leaves the old file or
	 * the whole new one, never a short one under the final name. */
	if (fchmod(s->out.fd, s->r->mode) < 0 || fdatasync(s->out.fd) < 0 || close(s->out.fd) < 0) {
		s->out.fd = -1;
		return err_set(e, EXIT_FAIL, "cannot write %s: %s; no archive was written", s->o->output, strerror(errno));
	}
	s->out.fd = -1;
	test_crash_point("archive-written");
	if (rename(tmp, s->o->output) < 0)
		return err_set(e, EXIT_FAIL, "cannot write %s: %s; no archive was written", s->o->output, strerror(errno));
	if (write_sha_file(s, e) < 0) {
		unlink(s->o->output);	/* the archive and its checksum, or neither */
		return -1;
	}
	return 0;
}

int tb_write(const struct tb_opts *o, struct tb_result *r, struct err *e)
{
	struct tb_state s = { .o = o, .r = r, .out = { .fd = -1 }, .skip_dev = (dev_t)-1, .skip_ino = (ino_t)-1 };
	int to_stdout = !strcmp(o->output, "-");
	struct sigsave saved;
	char *tmp = NULL;
	int rc;

	memset(r, 0, sizeof(*r));
	if (tb_check_opts(o, e) < 0)
		return -1;
	if (to_stdout && isatty(STDOUT_FILENO))
		return err_set(e, EXIT_USAGE, "will not write an archive to a terminal: redirect it or give --output FILE");
	r->mode = archive_mode(o);
	s.pr.on = !o->quiet && isatty(STDERR_FILENO);
	if (s.pr.on)
		tree_count(o->src, WALK_SKIP_VIRTUAL, &s.pr.total, e);	/* a fast walk, for the total */
	err_clear(e);
	s.out.fd = to_stdout ? STDOUT_FILENO : open_output(&s, &tmp, e);
	if (s.out.fd < 0)
		return -1;
	signals_catch(&saved);
	/* Names are stored as UTF-8 (pax's rule), converted from the locale:
	 * under "C" every non-ASCII name would be marked binary, which GNU tar
	 * warns about. Names that are not UTF-8 are still stored as bytes. */
	locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	locale_t oldloc = utf8 ? uselocale(utf8) : (locale_t)0;
	s.buf = xmalloc(BUFSZ);
	s.pr.start = now();
	sha256_init(&s.out.sha);
	rc = setup(&s, e);
	if (!rc)
		rc = walk_tree(o->src, WALK_SKIP_VIRTUAL | WALK_SORTED, add_entry, &s, e);
	if (!rc)
		rc = finish(&s, tmp, e);
	progress_show(&s.pr, 1);
	/* archive_write_fail() would leak the compressor's state: close it
	 * normally instead, with its output dropped. */
	s.out.dead = rc < 0;
	if (s.a)
		archive_write_free(s.a);
	pgz_free(s.out.gz);
	if (s.links)
		archive_entry_linkresolver_free(s.links);
	if (s.out.sha.ctx)
		sha256_free(&s.out.sha);
	if (tmp && s.out.fd >= 0)
		close(s.out.fd);
	if (tmp && rc < 0)
		unlink(tmp);
	signals_restore(&saved);
	if (utf8) {
		uselocale(oldloc);
		freelocale(utf8);
	}
	free(tmp);
	free(s.buf);
	sb_free(&s.name);
	extents_free(&s.ext);
	return rc;
}

void tb_result_free(struct tb_result *r)
{
	strlist_free(&r->skipped);
	strlist_free(&r->unlisted);
	strlist_free(&r->changed);
	free(r->sha_path);
	memset(r, 0, sizeof(*r));
}
