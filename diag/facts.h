/* What diagnose knows about one pod, however it was gathered (live from the
 * API, or from saved files). The rules read only this. */
#ifndef OC_FACTS_H
#define OC_FACTS_H
#include <jansson.h>
#include <stddef.h>
#include "err.h"
#include "rfc3339.h"

enum diag_target_kind { TARGET_POD, TARGET_DEPLOYMENT, TARGET_SELECTOR, TARGET_ALL };

/* What the user named: POD, pod/NAME, deployment/NAME, -l SELECTOR, --all. */
struct diag_target {
	enum diag_target_kind kind;
	const char *name;	/* pod or deployment name */
	const char *selector;	/* -l; --all uses the leapp pods' label convention */
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
	char *pod_name;		/* may be NULL: a Deployment whose pods were never created */
	json_t *pod;		/* the Pod object, or NULL */
	json_t *events;		/* core/v1 Events about the pod and its owners, oldest first */
	json_t *owners;		/* ReplicaSets / Deployments that own the pod (or were the target) */
	json_t *claims;		/* PersistentVolumeClaims the pod mounts */
	json_t *volumes;	/* PersistentVolumes bound to those claims */
	struct diag_log *logs;
	size_t nlogs;
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


#endif
