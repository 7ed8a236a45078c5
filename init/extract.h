/* Unpacking a machine image stream into the pod's volumes with libarchive:
 * numeric owners, modes, times, sparse files restored by seeking over their
 * holes (never writing them), xattrs/ACLs best effort; only into the
 * volumes; never through "..", an absolute path, or a symlink; hard links
 * between two volumes (two mounts: EXDEV) become copies. */
#ifndef LEAPP_EXTRACT_H
#define LEAPP_EXTRACT_H
#include <archive.h>
#include <stdint.h>
#include "init/volumes.h"

struct extract_stats {
	uint64_t entries, skipped, copied, meta_lost;
	char *first_skipped, *first_meta;	/* for the log lines */
};

/* Reads every entry of a (opened) into v. 0, or -1 (e) on a bad, unsafe or
 * short archive or a write that failed. The cwd must be v's directory. */
int extract_all(struct archive *a, const struct volumes *v, struct extract_stats *st, struct err *e);
void extract_stats_free(struct extract_stats *st);

/* The entry name made relative ("./a/b" -> "a/b"); NULL when it is
 * absolute or has a ".." component (unsafe). Caller frees. */
char *extract_clean_path(const char *p);

#endif
