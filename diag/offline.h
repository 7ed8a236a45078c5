/* diagnose --from-file: the facts from saved files instead of a cluster —
 * `oc get -o json|yaml` output (a Pod or a List), a directory written by
 * `oc adm inspect` or must-gather, or such a directory packed as .tar.gz
 * (read in memory with libarchive). */
#ifndef OC_OFFLINE_H
#define OC_OFFLINE_H
#include <stddef.h>
#include "lib/err.h"
#include "diag/facts.h"
#include "diag/pool.h"

#define DIAG_LOG_MAX	(256 * 1024)		/* the tail of a log that is kept */
/* What saved input may take, all of it together: the text of the object
 * files while each is parsed, the objects kept, the logs' tails. A small
 * .tar.gz can hold gigabytes: this is where reading it stops. */
#define DIAG_INPUT_BUDGET	(768u << 20)
#define DIAG_ITEM_MAX		(8u << 20)	/* one object's text */

/* Fills the pool with what path holds. */
int diag_read_offline(const char *path, struct diag_pool *p, struct err *e);

/* The same, then the facts for a target (t NULL: every pod in the input, and
 * the controllers that could not make theirs). ns NULL: any namespace. */
int diag_load_offline(const char *path, const struct diag_target *t, const char *ns,
		      struct diag_facts_list *out, struct err *e);

/* --log CONTAINER=FILE: adds the tail of FILE as that container's log. */
int diag_add_log_file(struct diag_facts *f, const char *spec, int previous, struct err *e);

/* The last max bytes of a file, from the start of a line; *truncated when cut. */
int diag_read_tail(const char *path, size_t max, char **out, size_t *len, int *truncated,
		   struct err *e);

/* Removes the RFC 3339 timestamp `oc adm inspect` puts before every log
 * line (kubectl logs --timestamps); returns the new length. */
size_t diag_strip_timestamps(char *text, size_t len);

#endif
