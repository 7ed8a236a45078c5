#include "gen/diskmeta.h"
#include "lib/xalloc.h"

#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/xattr.h>
#include <unistd.h>

/* The kernel's POSIX ACL xattr format (linux/posix_acl_xattr.h): a
 * little-endian version 2 header, then (tag, perm, id) entries. */
#define ACL_XATTR_VERSION 2
#define ACL_TAG_USER_OBJ 0x01
#define ACL_TAG_USER 0x02
#define ACL_TAG_GROUP_OBJ 0x04
#define ACL_TAG_GROUP 0x08
#define ACL_TAG_MASK 0x10
#define ACL_TAG_OTHER 0x20

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int add_acl(struct archive_entry *ent, int type, const unsigned char *v, size_t n)
{
	static const struct { unsigned tag; int ae; } tags[] = {
		{ ACL_TAG_USER_OBJ, ARCHIVE_ENTRY_ACL_USER_OBJ }, { ACL_TAG_USER, ARCHIVE_ENTRY_ACL_USER },
		{ ACL_TAG_GROUP_OBJ, ARCHIVE_ENTRY_ACL_GROUP_OBJ }, { ACL_TAG_GROUP, ARCHIVE_ENTRY_ACL_GROUP },
		{ ACL_TAG_MASK, ARCHIVE_ENTRY_ACL_MASK }, { ACL_TAG_OTHER, ARCHIVE_ENTRY_ACL_OTHER },
	};

	if (n < 4 || (n - 4) % 8 || le32(v) != ACL_XATTR_VERSION) {
		errno = EINVAL;
		return -1;
	}
	for (const unsigned char *p = v + 4; p < v + n; p += 8) {
		unsigned tag = (unsigned)p[0] | (unsigned)p[1] << 8, perm = (unsigned)p[2] | (unsigned)p[3] << 8;
		int ae = 0, id = -1, perms = 0;
		for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
			if (tags[i].tag == tag)
				ae = tags[i].ae;
		if (!ae)
			continue;	/* as libarchive: what it cannot store is skipped */
		if (tag == ACL_TAG_USER || tag == ACL_TAG_GROUP)
			id = (int)le32(p + 4);
		perms |= (perm & 4) ? ARCHIVE_ENTRY_ACL_READ : 0;
		perms |= (perm & 2) ? ARCHIVE_ENTRY_ACL_WRITE : 0;
		perms |= (perm & 1) ? ARCHIVE_ENTRY_ACL_EXECUTE : 0;
		archive_entry_acl_add_entry(ent, type, perms, ae, id, NULL);
	}
	return 0;
}

/* An O_PATH descriptor takes no f*xattr calls; its /proc/self/fd link
 * reaches the very same inode (a symlink's own, not its target's). */
struct xfd {
	int fd;
	char proc[40];		/* "" for a normal descriptor */
};

static ssize_t x_list(const struct xfd *x, char *buf, size_t n)
{
	return x->proc[0] ? listxattr(x->proc, buf, n) : flistxattr(x->fd, buf, n);
}

static ssize_t x_get(const struct xfd *x, const char *name, void *buf, size_t n)
{
	return x->proc[0] ? getxattr(x->proc, name, buf, n) : fgetxattr(x->fd, name, buf, n);
}

/* Reads a whole attribute list or value, whose size may change between
 * the two calls. */
static ssize_t read_sized(const struct xfd *x, const char *name, char **out)
{
	/* Most lists and values are short: one call into a small buffer, and
	 * only when it is too small the size asked for (a call per file is
	 * what 200000 small files cost most of). */
	char small[1024];
	ssize_t n = name ? x_get(x, name, small, sizeof(small)) : x_list(x, small, sizeof(small));

	if (n >= 0) {
		*out = xmalloc((size_t)n + 1);
		memcpy(*out, small, (size_t)n);
		(*out)[n] = '\0';
		return n;
	}
	if (errno != ERANGE)
		return -1;
	for (int tries = 0; tries < 8; tries++) {
		ssize_t want = name ? x_get(x, name, NULL, 0) : x_list(x, NULL, 0);
		if (want < 0)
			return -1;
		char *buf = xmalloc((size_t)want + 1);
		ssize_t got = name ? x_get(x, name, buf, (size_t)want) : x_list(x, buf, (size_t)want);
		if (got >= 0) {
			buf[got] = '\0';
			*out = buf;
			return got;
		}
		free(buf);
		if (errno != ERANGE)
			return -1;
	}
	errno = ERANGE;
	return -1;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* libarchive's rule: the ACL attributes become ACL entries (GNU tar's
 * SCHILY.acl.*), XFS's internal ones are not stored. */
static int skipped_xattr(const char *name)
{
	return !strncmp(name, "xfsroot.", 8) || !strcmp(name, "trusted.SGI_ACL_FILE") ||
	       !strcmp(name, "trusted.SGI_ACL_DEFAULT");
}

static int read_xattrs(struct archive_entry *ent, const struct xfd *x)
{
	char *list = NULL, **names = NULL;
	size_t n = 0;
	ssize_t len = read_sized(x, NULL, &list);
	int rc = 0;

	if (len < 0)
		return errno == ENOTSUP || errno == ENOSYS ? 0 : -1;
	for (char *p = list; p < list + len; p += strlen(p) + 1)
		n++;
	names = xcalloc(n ? n : 1, sizeof(*names));
	n = 0;
	for (char *p = list; p < list + len; p += strlen(p) + 1)
		if (*p)
			names[n++] = p;
	/* the file system's order is its own: sorted, the same tree gives the
	 * same archive wherever it lives */
	if (n > 1)
		qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; i < n && !rc; i++) {
		char *val = NULL;
		ssize_t vlen = read_sized(x, names[i], &val);
		if (vlen < 0) {
			/* removed since it was listed: nothing to store */
			rc = errno == ENODATA ? 0 : -1;
			continue;
		}
		if (!strcmp(names[i], "system.posix_acl_access"))
			rc = add_acl(ent, ARCHIVE_ENTRY_ACL_TYPE_ACCESS, (unsigned char *)val, (size_t)vlen);
		else if (!strcmp(names[i], "system.posix_acl_default"))
			rc = add_acl(ent, ARCHIVE_ENTRY_ACL_TYPE_DEFAULT, (unsigned char *)val, (size_t)vlen);
		else if (!skipped_xattr(names[i]))
			archive_entry_xattr_add_entry(ent, names[i], val, (size_t)vlen);
		free(val);
	}
	free(names);
	free(list);
	return rc;
}

static int read_symlink(struct archive_entry *ent, int fd, const struct stat *st)
{
	size_t cap = st->st_size > 0 ? (size_t)st->st_size + 1 : 256;

	for (;;) {
		char *buf = xmalloc(cap);
		ssize_t n = readlinkat(fd, "", buf, cap);	/* the O_PATH link itself */
		if (n < 0) {
			free(buf);
			return -1;
		}
		if ((size_t)n < cap) {
			buf[n] = '\0';
			archive_entry_copy_symlink(ent, buf);
			free(buf);
			return 0;
		}
		free(buf);	/* it grew since lstat */
		cap *= 2;
	}
}

int diskmeta_fill(struct archive_entry *ent, int fd, int fd_is_path, const struct stat *st)
{
	struct xfd x = { .fd = fd };

	archive_entry_copy_stat(ent, st);
	/* Access and change times say when we looked, not what the machine is. */
	archive_entry_unset_atime(ent);
	archive_entry_unset_ctime(ent);
	archive_entry_unset_birthtime(ent);
	if (S_ISLNK(st->st_mode) && read_symlink(ent, fd, st) < 0)
		return -1;
	if (fd_is_path)
		snprintf(x.proc, sizeof(x.proc), "/proc/self/fd/%d", fd);
	if (read_xattrs(ent, &x) < 0) {
		if (fd_is_path && errno == ENOENT && access("/proc/self/fd", F_OK) < 0)
			return DISKMETA_NO_PROC;
		return -1;
	}
	/* chattr's flags (immutable, append-only, nodump), as libarchive reads
	 * them: only a real descriptor of a file or directory takes the ioctl. */
	if (!fd_is_path && (S_ISREG(st->st_mode) || S_ISDIR(st->st_mode))) {
		int flags = 0;
		if (ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0 && flags)
			archive_entry_set_fflags(ent, (unsigned long)(unsigned)flags, 0);
	}
	return 0;
}

static void extents_add(struct extents *x, long long off, long long len)
{
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 8;
		x->v = xrealloc(x->v, x->cap * sizeof(*x->v));
	}
	x->v[x->n][0] = off;
	x->v[x->n][1] = len;
	x->n++;
}

int extents_find(int fd, long long size, const struct stat *st, struct extents *x)
{
	long long pos = 0;

	x->n = 0;
	if (size <= 0)
		return 0;
	/* GNU tar's test: fewer blocks than the size needs, or no holes. */
	if ((long long)st->st_blocks * 512 >= size) {
		extents_add(x, 0, size);
		return 0;
	}
	while (pos < size) {
		off_t data = lseek(fd, (off_t)pos, SEEK_DATA);
		if (data < 0 && errno == ENXIO)
			break;	/* holes to the end */
		if (data < 0 && errno == EINVAL) {
			extents_add(x, pos, size - pos);	/* no SEEK_DATA here */
			break;
		}
		if (data < 0)
			return -1;
		if (data >= size)
			break;
		off_t hole = lseek(fd, data, SEEK_HOLE);
		if (hole < 0)
			return -1;
		if (hole > size)
			hole = (off_t)size;
		extents_add(x, data, hole - data);
		pos = hole;
	}
	if (lseek(fd, 0, SEEK_SET) < 0)
		return -1;
	return 0;
}

long long extents_data(const struct extents *x)
{
	long long n = 0;

	for (size_t i = 0; i < x->n; i++)
		n += x->v[i][1];
	return n;
}

void extents_free(struct extents *x)
{
	free(x->v);
	memset(x, 0, sizeof(*x));
}
