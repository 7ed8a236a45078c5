#include "init/extract.h"
#include "init/rootfs.h"
#include "lib/strbuf.h"

#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *extract_clean_path(const char *p)
{
	struct strbuf sb = STRBUF_INIT;

	if (!p || p[0] == '/')
		return NULL;
	while (*p) {
		size_t n = strcspn(p, "/");
		if (n == 2 && !strncmp(p, "..", 2)) {
			sb_free(&sb);
			return NULL;
		}
		if (n && !(n == 1 && p[0] == '.')) {
			if (sb.len)
				sb_addc(&sb, '/');
			sb_add(&sb, p, n);
		}
		p += n;
		while (*p == '/')
			p++;
	}
	sb_add(&sb, "", 0);	/* a terminated buffer even when empty */
	return sb_detach(&sb);
}

static size_t top_len(const char *p)
{
	return strcspn(p, "/");
}

static int write_data(struct archive *a, struct archive *w, struct err *e)
{
	const void *buf;
	size_t size;
	la_int64_t off;
	int r;

	while ((r = archive_read_data_block(a, &buf, &size, &off)) == ARCHIVE_OK) {
		if (archive_write_data_block(w, buf, size, off) < ARCHIVE_WARN)
			return err_set(e, EXIT_FAIL, "%s", archive_error_string(w));
	}
	if (r != ARCHIVE_EOF)
		return err_set(e, EXIT_FAIL, "%s", archive_error_string(a));
	return 0;
}

/* Copies the regular file fd into the entry being written, data regions
 * only (SEEK_DATA/SEEK_HOLE), so a sparse file stays sparse. */
static int copy_regions(int fd, off_t size, struct archive *w, struct err *e)
{
	static char buf[1 << 16];
	off_t pos = 0;

	while (pos < size) {
		off_t data = lseek(fd, pos, SEEK_DATA);
		if (data < 0)
			break;	/* ENXIO: only a hole is left */
		off_t hole = lseek(fd, data, SEEK_HOLE);
		if (hole < 0)
			hole = size;
		for (off_t o = data; o < hole;) {
			ssize_t n = pread(fd, buf, (size_t)(hole - o < (off_t)sizeof(buf) ? hole - o : (off_t)sizeof(buf)), o);
			if (n <= 0)
				return err_set(e, EXIT_FAIL, "reading a hard link's target: %s", n < 0 ? strerror(errno) : "short");
			if (archive_write_data_block(w, buf, (size_t)n, o) < ARCHIVE_WARN)
				return err_set(e, EXIT_FAIL, "%s", archive_error_string(w));
			o += n;
		}
		pos = hole;
	}
	return 0;
}

static void note_meta(struct extract_stats *st, const char *path, const char *why)
{
	st->meta_lost++;
	if (!st->first_meta)
		st->first_meta = xasprintf("%s: %s", path, why ? why : "metadata not restored");
}

static int finish(struct archive *w, struct extract_stats *st, const char *path, struct err *e)
{
	int r = archive_write_finish_entry(w);

	if (r == ARCHIVE_WARN)
		note_meta(st, path, archive_error_string(w));
	else if (r < ARCHIVE_WARN)
		return err_set(e, EXIT_FAIL, "%s: %s", path, archive_error_string(w));
	return 0;
}

static int header(struct archive *w, struct archive_entry *ent, struct extract_stats *st, const char *path,
		  struct err *e)
{
	int r = archive_write_header(w, ent);

	if (r == ARCHIVE_WARN)
		note_meta(st, path, archive_error_string(w));
	else if (r < ARCHIVE_WARN)
		return err_set(e, EXIT_FAIL, "%s: %s", path, archive_error_string(w));
	return 0;
}

/* A hard link whose target is in another volume: another mount, where
 * link(2) fails with EXDEV. The target (already unpacked) is copied. */
static int copy_link(const struct volumes *v, struct archive *w, struct archive_entry *ent, const char *path,
		     const char *target, struct extract_stats *st, struct err *e)
{
	struct stat sb;
	int fd = root_open(v->dirfd, target, O_RDONLY | O_NONBLOCK, ROOT_NOFOLLOW, NULL);

	if (fd < 0 || fstat(fd, &sb) < 0) {
		if (fd >= 0)
			close(fd);
		return err_set(e, EXIT_FAIL, "%s: its hard link target %s is missing", path, target);
	}
	archive_entry_set_hardlink(ent, NULL);
	archive_entry_set_mode(ent, sb.st_mode);
	archive_entry_set_size(ent, S_ISREG(sb.st_mode) ? sb.st_size : 0);
	archive_entry_set_rdev(ent, sb.st_rdev);
	if (S_ISLNK(sb.st_mode)) {
		char lt[4096];
		ssize_t n = readlinkat(fd, "", lt, sizeof(lt) - 1);
		lt[n < 0 ? 0 : n] = '\0';
		archive_entry_set_symlink(ent, lt);
	}
	int r = header(w, ent, st, path, e);
	if (!r && S_ISREG(sb.st_mode))
		r = copy_regions(fd, sb.st_size, w, e);
	close(fd);
	if (!r)
		r = finish(w, st, path, e);
	st->copied++;
	return r;
}

static void skip_entry(struct extract_stats *st, const char *path)
{
	st->skipped++;
	if (!st->first_skipped)
		st->first_skipped = xstrdup(path);
}

/* One entry: checked, then written (or skipped, or copied). */
static int one_entry(struct archive *a, struct archive *w, struct archive_entry *ent, const struct volumes *v,
		     struct extract_stats *st, struct err *e)
{
	const char *raw = archive_entry_pathname(ent);
	char *path = extract_clean_path(raw), *link = NULL;
	int r = 0;

	if (!path)
		return err_set(e, EXIT_FAIL, "%s: an absolute path or one with \"..\"", raw ? raw : "(no name)");
	if (!*path)
		goto out;	/* "./": the top of the image, not a volume */
	size_t tl = top_len(path);
	if (!volumes_has(v, path, tl)) {
		skip_entry(st, path);
		goto out;
	}
	if (!path[tl] && archive_entry_filetype(ent) != AE_IFDIR) {
		skip_entry(st, path);	/* a volume's mount point stays a directory */
		goto out;
	}
	const char *hl = archive_entry_hardlink(ent);
	if (hl) {
		link = extract_clean_path(hl);
		if (!link || !*link || !volumes_has(v, link, top_len(link))) {
			r = err_set(e, EXIT_FAIL, "%s: a hard link to %s, outside the volumes", path, hl);
			goto out;
		}
	}
	archive_entry_set_pathname(ent, path);
	st->entries++;
	if (link && (top_len(link) != tl || strncmp(link, path, tl))) {
		r = copy_link(v, w, ent, path, link, st, e);
		goto out;
	}
	if (link)
		archive_entry_set_hardlink(ent, link);
	r = header(w, ent, st, path, e);
	if (!r && archive_entry_size(ent) > 0 && (!link || archive_entry_size_is_set(ent)))
		r = write_data(a, w, e);
	if (!r)
		r = finish(w, st, path, e);
out:
	free(path);
	free(link);
	return r;
}

int extract_all(struct archive *a, const struct volumes *v, struct extract_stats *st, struct err *e)
{
	struct archive *w = archive_write_disk_new();
	struct archive_entry *ent;
	int r = 0, h;

	/* No user/group lookup: owners are the numbers the archive holds. */
	archive_write_disk_set_options(w, ARCHIVE_EXTRACT_OWNER | ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_TIME |
				       ARCHIVE_EXTRACT_ACL | ARCHIVE_EXTRACT_XATTR |
				       ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_SECURE_NODOTDOT |
				       ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS);
	while (!r && (h = archive_read_next_header(a, &ent)) != ARCHIVE_EOF) {
		if (h < ARCHIVE_WARN) {
			r = err_set(e, EXIT_FAIL, "%s", archive_error_string(a) ? archive_error_string(a) : "a damaged archive");
			break;
		}
		r = one_entry(a, w, ent, v, st, e);
	}
	if (!r && archive_write_close(w) < ARCHIVE_WARN)
		r = err_set(e, EXIT_FAIL, "%s", archive_error_string(w));
	archive_write_free(w);
	return r;
}

void extract_stats_free(struct extract_stats *st)
{
	free(st->first_skipped);
	free(st->first_meta);
	st->first_skipped = st->first_meta = NULL;
}
