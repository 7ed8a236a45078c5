#include "tarball.h"
#include "fsutil.h"
#include "sha256.h"
#include "strbuf.h"
#include "treesize.h"
#include "walk.h"

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

struct tb_state {
	const struct tb_opts *o;
	struct tb_result *r;
	struct archive *a, *disk;
	struct archive_entry_linkresolver *links;
	struct sha256 sha;
	struct progress pr;
	int fd;
	int werr;		/* errno of a failed write */
	int dead;		/* failed: what libarchive still flushes is dropped */
	dev_t skip_dev;		/* our own temporary file, when written inside the tree */
	ino_t skip_ino;
	char *buf;
	struct strbuf name;
};

static la_ssize_t out_write(struct archive *a, void *ctx, const void *buf, size_t n)
{
	struct tb_state *s = ctx;
	const char *p = buf;
	size_t left = n;

	if (s->dead)
		return (la_ssize_t)n;	/* given up: closing only frees */
	while (left) {
		ssize_t w = write(s->fd, p, left);
		if (w < 0 && errno == EINTR && !tb_signal)
			continue;
		if (w < 0) {
			s->werr = errno;
			archive_set_error(a, errno, "%s", strerror(errno));
			return -1;
		}
		p += w;
		left -= (size_t)w;
	}
	sha256_update(&s->sha, buf, n);
	s->r->bytes_out += n;
	return (la_ssize_t)n;
}

static int stopped(struct err *e)
{
	if (!tb_signal)
		return 0;
	return err_set(e, EXIT_FAIL, "interrupted by %s: no archive was written", strsignal(tb_signal));
}

static int write_failed(struct tb_state *s, struct err *e)
{
	const char *where = strcmp(s->o->output, "-") ? s->o->output : "standard output";

	if (tb_signal)
		return stopped(e);
	if (s->werr)
		return err_set(e, EXIT_FAIL, "cannot write %s: %s; no archive was written", where, strerror(s->werr));
	return err_set(e, EXIT_FAIL, "cannot write %s: %s; no archive was written", where,
		       archive_error_string(s->a) ? archive_error_string(s->a) : "unknown error");
}

static int feed(struct tb_state *s, const void *data, size_t n, struct err *e)
{
	if (n && archive_write_data(s->a, data, n) < 0)
		return write_failed(s, e);
	return 0;
}

/* Holes are handed to the writer as zeros it does not store (the entry's
 * sparse map says where they are); nothing is read for them. */
static int feed_zeros(struct tb_state *s, long long n, struct err *e)
{
	static const char zeros[1 << 16];

	while (n > 0) {
		size_t k = n > (long long)sizeof(zeros) ? sizeof(zeros) : (size_t)n;
		if (feed(s, zeros, k, e) < 0)
			return -1;
		n -= (long long)k;
	}
	return 0;
}

static int copy_range(struct tb_state *s, int fd, const char *path, long long len, struct err *e)
{
	while (len > 0) {
		if (tb_signal)
			return stopped(e);
		size_t want = len > BUFSZ ? BUFSZ : (size_t)len;
		ssize_t got = read(fd, s->buf, want);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return err_set(e, EXIT_FAIL, "cannot read %s: %s; no archive was written", path, strerror(errno));
		if (got == 0) {
			/* The file shrank while we read it: the header already
			 * promised len more bytes. */
			warnf("%s changed while it was archived: its end is stored as zeros", path);
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

static int copy_data(struct tb_state *s, struct archive_entry *ent, int fd, const char *path, struct err *e)
{
	long long size = (long long)archive_entry_size(ent), pos = 0;
	la_int64_t off, len;

	if (archive_entry_sparse_reset(ent) > 0) {
		while (archive_entry_sparse_next(ent, &off, &len) == ARCHIVE_OK) {
			if (off > size)
				break;
			if (len > size - off)
				len = size - off;
			if (feed_zeros(s, off - pos, e) < 0)
				return -1;
			if (lseek(fd, off, SEEK_SET) < 0)
				return err_set(e, EXIT_FAIL, "cannot read %s: %s", path, strerror(errno));
			if (copy_range(s, fd, path, len, e) < 0)
				return -1;
			pos = off + len;
		}
		return feed_zeros(s, size - pos, e);
	}
	return copy_range(s, fd, path, size, e);
}

static int unreadable(struct tb_state *s, const char *path, int err, struct err *e)
{
	if (!s->o->skip_unreadable)
		return err_set(e, EXIT_FAIL, "cannot read %s: %s (use --skip-unreadable to leave it out); no archive was written",
			       path, strerror(err));
	strlist_push(&s->r->skipped, path);
	return 0;
}

static int open_data(const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC | O_NOATIME);

	/* O_NOATIME keeps the machine's access times, but only the file's
	 * owner (or root) may ask for it. */
	if (fd < 0 && errno == EPERM)
		fd = open(path, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
	return fd;
}

static int add_entry(void *ctx, const struct walk_ent *w, struct err *e)
{
	struct tb_state *s = ctx;
	struct archive_entry *ent, *spare = NULL;
	int fd = -1, rc = 0;

	if (stopped(e))
		return -1;
	if (w->err)
		return unreadable(s, w->path, w->err, e);
	if (w->st->st_dev == s->skip_dev && w->st->st_ino == s->skip_ino)
		return 0;
	s->pr.entries++;
	if (S_ISSOCK(w->st->st_mode)) {
		warnf("%s is a socket: not archived (the program that listens on it creates it again)", w->path);
		return 0;
	}
	if (S_ISREG(w->st->st_mode) && (fd = open_data(w->path)) < 0)
		return unreadable(s, w->path, errno, e);

	sb_reset(&s->name);
	sb_adds(&s->name, ".");
	if (*w->rel)
		sb_addf(&s->name, "/%s", w->rel);
	ent = archive_entry_new();
	archive_entry_copy_sourcepath(ent, w->path);
	archive_entry_copy_pathname(ent, s->name.buf);
	if (archive_read_disk_entry_from_file(s->disk, ent, fd, w->st) < ARCHIVE_OK) {
		/* Labels, ACLs or attributes that cannot be read would be lost
		 * silently otherwise. */
		rc = err_set(e, EXIT_FAIL, "cannot read the attributes of %s: %s; no archive was written", w->path,
			     archive_error_string(s->disk) ? archive_error_string(s->disk) : "unknown error");
		goto out;
	}
	/* Access and change times say when we looked, not what the machine is. */
	archive_entry_unset_atime(ent);
	archive_entry_unset_ctime(ent);
	archive_entry_unset_birthtime(ent);
	if (s->o->no_sparse)
		archive_entry_sparse_clear(ent);
	archive_entry_linkify(s->links, &ent, &spare);
	if (archive_entry_hardlink(ent))
		archive_entry_set_size(ent, 0);	/* stored once, with its first name */
	if (archive_write_header(s->a, ent) < ARCHIVE_WARN) {
		rc = write_failed(s, e);
		goto out;
	}
	s->r->entries++;
	if (fd >= 0 && archive_entry_size(ent) > 0)
		rc = copy_data(s, ent, fd, w->path, e);
	progress_show(&s->pr, 0);
out:
	archive_entry_free(ent);
	archive_entry_free(spare);
	if (fd >= 0)
		close(fd);
	return rc;
}

static int set_filter(struct tb_state *s, struct err *e)
{
	const struct tb_opts *o = s->o;
	const char *name = comps[o->comp].name;
	char v[32];
	int rc;

	switch (o->comp) {
	case TB_GZIP:
		rc = archive_write_add_filter_gzip(s->a);
		break;
	case TB_ZSTD:
		rc = archive_write_add_filter_zstd(s->a);
		break;
	case TB_XZ:
		rc = archive_write_add_filter_xz(s->a);
		break;
	default:
		return archive_write_add_filter_none(s->a) == ARCHIVE_OK ? 0 :
			err_set(e, EXIT_FAIL, "cannot set up the archive: %s", archive_error_string(s->a));
	}
	if (rc != ARCHIVE_OK)
		return err_set(e, EXIT_FAIL, "this libarchive cannot write %s: %s", name, archive_error_string(s->a));
	snprintf(v, sizeof(v), "%d", o->level >= 0 ? o->level : comps[o->comp].def);
	if (archive_write_set_filter_option(s->a, name, "compression-level", v) != ARCHIVE_OK)
		return err_set(e, EXIT_FAIL, "cannot set the %s level %s: %s", name, v, archive_error_string(s->a));
	if (o->comp != TB_GZIP) {
		long n = o->threads ? o->threads : sysconf(_SC_NPROCESSORS_ONLN);
		snprintf(v, sizeof(v), "%ld", n > 0 ? n : 1);
		if (archive_write_set_filter_option(s->a, name, "threads", v) != ARCHIVE_OK)
			warnf("this libarchive cannot compress %s with threads; using one", name);
	} else if (o->threads > 1) {
		warnf("--threads is ignored for gzip: zlib compresses on one thread (zstd uses them)");
	}
	return 0;
}

static int setup(struct tb_state *s, struct err *e)
{
	s->a = archive_write_new();
	s->disk = archive_read_disk_new();
	if (!s->a || !s->disk)
		return err_set(e, EXIT_FAIL, "cannot set up the archive: out of memory");
	/* No user or group name lookups: owners are stored as numbers, which
	 * is what they are on the migrated machine, whatever this host says. */
	archive_read_disk_set_symlink_physical(s->disk);
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
		*tmp = xasprintf("%s/.%s.XXXXXX", dir, base);
		/* 0600 from mkstemp, and kept: the archive holds the machine's
		 * secrets (etc/shadow, keys) readable by its owner alone. */
		fd = mkstemp(*tmp);
		if (fd < 0) {
			err_set(e, EXIT_FAIL, "cannot write %s: %s", out, strerror(errno));
			free(*tmp);
			*tmp = NULL;
		} else if (fstat(fd, &st) == 0) {
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

static int finish(struct tb_state *s, const char *tmp, struct err *e)
{
	if (archive_write_close(s->a) != ARCHIVE_OK)
		return write_failed(s, e);
	if (stopped(e))
		return -1;
	sha256_final_hex(&s->sha, s->r->sha256);
	if (!tmp)
		return 0;
	/* On disk before it takes the name: a crash leaves the old file or
	 * the whole new one, never a short one under the final name. */
	if (fdatasync(s->fd) < 0 || close(s->fd) < 0) {
		s->fd = -1;
		return err_set(e, EXIT_FAIL, "cannot write %s: %s; no archive was written", s->o->output, strerror(errno));
	}
	s->fd = -1;
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
	struct tb_state s = { .o = o, .r = r, .fd = -1, .skip_dev = (dev_t)-1, .skip_ino = (ino_t)-1 };
	int to_stdout = !strcmp(o->output, "-");
	struct sigsave saved;
	char *tmp = NULL;
	int rc;

	memset(r, 0, sizeof(*r));
	if (tb_check_opts(o, e) < 0)
		return -1;
	if (to_stdout && isatty(STDOUT_FILENO))
		return err_set(e, EXIT_USAGE, "will not write an archive to a terminal: redirect it or give --output FILE");
	s.pr.on = !o->quiet && isatty(STDERR_FILENO);
	if (s.pr.on)
		tree_count(o->src, WALK_SKIP_VIRTUAL, &s.pr.total, e);	/* a fast walk, for the total */
	err_clear(e);
	s.fd = to_stdout ? STDOUT_FILENO : open_output(&s, &tmp, e);
	if (s.fd < 0)
		return -1;
	signals_catch(&saved);
	/* Names are stored as UTF-8 (pax's rule), converted from the locale:
	 * under "C" every non-ASCII name would be marked binary, which GNU tar
	 * warns about. Names that are not UTF-8 are still stored as bytes. */
	locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	locale_t oldloc = utf8 ? uselocale(utf8) : (locale_t)0;
	s.buf = xmalloc(BUFSZ);
	s.pr.start = now();
	sha256_init(&s.sha);
	rc = setup(&s, e);
	if (!rc)
		rc = walk_tree(o->src, WALK_SKIP_VIRTUAL | WALK_SORTED, add_entry, &s, e);
	if (!rc)
		rc = finish(&s, tmp, e);
	progress_show(&s.pr, 1);
	/* archive_write_fail() would leak the compressor's state: close it
	 * normally instead, with its output dropped. */
	s.dead = rc < 0;
	if (s.a)
		archive_write_free(s.a);
	if (s.disk)
		archive_read_free(s.disk);
	if (s.links)
		archive_entry_linkresolver_free(s.links);
	if (s.sha.ctx)
		sha256_free(&s.sha);
	if (tmp && s.fd >= 0)
		close(s.fd);
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
	return rc;
}

void tb_result_free(struct tb_result *r)
{
	strlist_free(&r->skipped);
	free(r->sha_path);
	memset(r, 0, sizeof(*r));
}
