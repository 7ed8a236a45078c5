/* The pool of objects diagnose has read, from either source: the API
 * (live.c) or saved files (offline.c). Objects go in as they come, each once;
 * the indexes (by uid, by kind/namespace/name, events by the object they are
 * about, objects by their owner) are built once, when the pool is read, so
 * joining N pods with M events costs N + M, not N × M. */
#ifndef OC_POOL_H
#define OC_POOL_H
#include <jansson.h>
#include <stddef.h>
#include "diag/kinds.h"
#include "lib/xalloc.h"

struct pool_log {
	char *ns, *pod, *container;
	int previous, truncated;
	char *text;		/* NULL: not read (error says why) */
	size_t len;
	char *error;
};

struct diag_pool {
	json_t *objs[K_NKINDS];	/* arrays, in the order read */
	json_t *seen;		/* "Kind/ns/name/uid": inspect writes a pod twice */
	struct pool_log *logs;
	size_t nlogs, alloc;
	struct strlist other;	/* kinds not read, for the error message */
	json_t *gaps;		/* "ns/pod" or "" (everything) -> what could not be read */
	/* built by pool_index */
	json_t *by_uid, *by_key, *ev_uid, *ev_key, *ev_key_nouid, *children, *logs_of;
	int indexed;
};

void pool_init(struct diag_pool *p);
void pool_free(struct diag_pool *p);

/* Adds o (and the items of a List); list_kind names the kind of a typed
 * list's items (PodList), which carry none of their own. o is borrowed; what
 * is kept may be trimmed of what diagnose never reads (managedFields,
 * environment values). */
void pool_add(struct diag_pool *p, json_t *o, const char *list_kind);
/* A container's log; text (may be NULL) is taken over. */
void pool_add_log(struct diag_pool *p, const char *ns, const char *pod, const char *container, int previous,
		  char *text, size_t len, int truncated, const char *error);
/* Something that could not be read, about a pod (ns/pod), a namespace (pod
 * NULL) or everything (ns NULL too): it lands on the diagnoses it concerns. */
void pool_gap(struct diag_pool *p, const char *ns, const char *pod, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Builds the indexes (again, after more objects came). */
void pool_index(struct diag_pool *p);

size_t pool_count(const struct diag_pool *p, enum diag_kind_id k);
json_t *pool_find(struct diag_pool *p, enum diag_kind_id k, const char *ns, const char *name);
/* The controller above o (its controller owner reference), or NULL. */
json_t *pool_owner_of(struct diag_pool *p, const json_t *o);
/* Appends to out the objects of kind k that o owns. */
void pool_children(struct diag_pool *p, const json_t *o, enum diag_kind_id k, json_t *out);
/* Appends to out the events about o. */
void pool_events_about(struct diag_pool *p, const json_t *o, json_t *out);
/* The logs of a pod: *n of them, indexes into p->logs. */
const json_t *pool_logs_of(struct diag_pool *p, const char *ns, const char *pod);
/* What could not be read, for the pod: appended to out (no duplicates). */
void pool_gaps_of(struct diag_pool *p, const char *ns, const char *pod, struct strlist *out);
/* The newest time in the input: saved files are read as of then. */
long long pool_newest(struct diag_pool *p);

/* The namespace of o ("default" when unset, as the API does). */
const char *pool_ns(const json_t *o);

#endif
