/* What the archive stores about one entry besides its data, read through a
 * descriptor of the entry itself, never through a path the kernel would
 * resolve again: libarchive's archive_read_disk_entry_from_file() reads a
 * directory's default ACL, a symlink's target and a device's attributes by
 * path, which a tree changing under us could point outside the machine. */
#ifndef OC_DISKMETA_H
#define OC_DISKMETA_H
#include <stddef.h>
#include <sys/stat.h>

struct archive_entry;

/* Fills ent from st and fd, the entry opened and checked by the walk (O_PATH
 * when fd_is_path): type, owners, mode, modification time (access and change
 * times are left unset: they say when we looked), a symlink's target,
 * extended attributes (SELinux labels, capabilities), POSIX ACLs and file
 * flags. 0, or -1 with errno when something could not be read. */
int diskmeta_fill(struct archive_entry *ent, int fd, int fd_is_path, const struct stat *st);
/* diskmeta_fill's answer when /proc is not mounted: the attributes of a
 * link or a device are read through /proc/self/fd (no *at call for them). */
#define DISKMETA_NO_PROC (-2)

/* A regular file's data: [off, off + len) regions in file order; what lies
 * between them are holes. */
struct extents {
	long long (*v)[2];
	size_t n, cap;
};
/* Finds the data of fd, of the given size, with SEEK_DATA/SEEK_HOLE; a file
 * with no holes is one region, a file that is all holes none. Files whose
 * blocks cover their size are not asked (they cannot have holes). 0, or -1
 * with errno. */
int extents_find(int fd, long long size, const struct stat *st, struct extents *x);
long long extents_data(const struct extents *x);	/* bytes in the regions */
void extents_free(struct extents *x);

#endif
