/* What diagnose knows about one pod (or about a workload that has no pod),
 * however it was gathered: live from the API, or from saved files. One
 * assembly (assemble.c) makes them from a pool of objects; the rules read
 * only these, through the pod view (view.h). */
#ifndef OC_FACTS_H
#define OC_FACTS_H
#include <jansson.h>
#include <stddef.h>
#include "lib/err.h"
#include "diag/kinds.h"
#include "lib/rfc3339.h"
#include "lib/xalloc.h"

enum diag_target_kind { TARGET_POD, TARGET_OWNER, TARGET_SELECTOR, TARGET_ALL };

/* What the user named: POD, pod/NAME, deployment/NAME (and the other
 * controllers, by kubectl's words), -l SELECTOR, --all. */
struct diag_target {
	enum diag_target_kind kind;
	const struct diag_kind *owner;	/* TARGET_OWNER: which controller */
	const char *name;		/* pod or controller name */
	const char *selector;		/* -l (TARGET_SELECTOR) */
};

struct diag_log {
	char *container;
	int init;		/* an init container */
	int previous;		/* the last terminated instance (previous=true) */
	char *text;		/* bounded (tail and byte limit); NULL when not available */
	size_t len;
	int truncated;		/* the limit cut it */
	char *error;		/* why it could not be read, e.g. the Status message of a 403 */
};

struct diag_facts {
	char *namespace;
	char *pod_name;		/* may be NULL: a controller whose pods were never created */
	char *object;		/* what the diagnosis is about: "pod/NAME", "deployment/NAME" */
	json_t *pod;		/* the Pod object, or NULL */
	json_t *events;		/* core/v1 Events about the pod, its owners and claims */
	json_t *owners;		/* the controllers above the pod (or the target and its children) */
	json_t *claims;		/* PersistentVolumeClaims the pod mounts */
	json_t *volumes;	/* PersistentVolumes bound to those claims */
	struct diag_log *logs;
	size_t nlogs;
	struct strlist incomplete;	/* what could not be read: the diagnosis may miss a cause */
	char *source;		/* "live" or the file it came from */
	long long now;		/* reference time for event ages (epoch seconds); 0 = the clock */
};

struct diag_facts_list {
	struct diag_facts *v;
	size_t n, alloc;
};

int diag_target_parse(const char *word, struct diag_target *t, struct err *e);

struct diag_facts *diag_facts_add(struct diag_facts_list *l);	/* zeroed, arrays empty */
void diag_facts_add_log(struct diag_facts *f, const char *container, int init, int previous,
			const char *text, size_t len, int truncated, const char *error);
void diag_facts_free(struct diag_facts *f);
void diag_facts_list_free(struct diag_facts_list *l);

/* When an event last happened, as kubectl describe sorts them:
 * series.lastObservedTime, else lastTimestamp, eventTime, firstTimestamp,
 * metadata.creationTimestamp; 0 when none is a time. */
void diag_event_time(const json_t *ev, long long *sec, long *nsec);

/* Small readers of untrusted JSON: NULL (or 0) when absent or of another type. */
const char *jstr(const json_t *o, const char *key);
const char *jpath(const json_t *o, const char *dotted);	/* "status.phase" */
json_t *jget(const json_t *o, const char *dotted);
const json_t *jmeta(const json_t *o);

#endif
