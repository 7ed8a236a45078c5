/* The kinds of object diagnose reads: their API paths, and the words kubectl
 * accepts for them on the command line (pod/X, deploy/X, sts/X ...). */
#ifndef OC_KINDS_H
#define OC_KINDS_H

enum diag_kind_id {
	K_POD, K_EVENT, K_REPLICASET, K_DEPLOYMENT, K_STATEFULSET, K_DAEMONSET, K_JOB, K_CRONJOB,
	K_REPLICATIONCONTROLLER, K_PVC, K_PV, K_NKINDS
};

struct diag_kind {
	enum diag_kind_id id;
	const char *kind;		/* "Deployment" */
	const char *api;		/* "/apis/apps/v1" */
	const char *resource;		/* "deployments" */
	const char *const *words;	/* what kubectl accepts before the slash */
	int namespaced;
	int controller;			/* makes pods (directly or through another controller) */
};

extern const struct diag_kind diag_kinds[K_NKINDS];

/* By kind ("ReplicaSet"), or NULL. */
const struct diag_kind *diag_kind_named(const char *kind);
/* By a word before the slash of a target ("sts", "deployment.apps"), or NULL. */
const struct diag_kind *diag_kind_word(const char *word, unsigned long n);

#endif
