#include "diag/kinds.h"

#include <strings.h>
#include <string.h>

static const char *const w_pod[] = { "pod", "pods", "po", NULL };
static const char *const w_event[] = { "event", "events", "ev", NULL };
static const char *const w_rs[] = { "replicaset", "replicasets", "rs", "replicaset.apps", "replicasets.apps", NULL };
static const char *const w_deploy[] = { "deployment", "deployments", "deploy", "deployment.apps", "deployments.apps", NULL };
static const char *const w_sts[] = { "statefulset", "statefulsets", "sts", "statefulset.apps", "statefulsets.apps", NULL };
static const char *const w_ds[] = { "daemonset", "daemonsets", "ds", "daemonset.apps", "daemonsets.apps", NULL };
static const char *const w_job[] = { "job", "jobs", "job.batch", "jobs.batch", NULL };
static const char *const w_cj[] = { "cronjob", "cronjobs", "cj", "cronjob.batch", "cronjobs.batch", NULL };
static const char *const w_rc[] = { "replicationcontroller", "replicationcontrollers", "rc", NULL };
static const char *const w_pvc[] = { "persistentvolumeclaim", "persistentvolumeclaims", "pvc", NULL };
static const char *const w_pv[] = { "persistentvolume", "persistentvolumes", "pv", NULL };

const struct diag_kind diag_kinds[K_NKINDS] = {
	{ K_POD, "Pod", "/api/v1", "pods", w_pod, 1, 0 },
	{ K_EVENT, "Event", "/api/v1", "events", w_event, 1, 0 },
	{ K_REPLICASET, "ReplicaSet", "/apis/apps/v1", "replicasets", w_rs, 1, 1 },
	{ K_DEPLOYMENT, "Deployment", "/apis/apps/v1", "deployments", w_deploy, 1, 1 },
	{ K_STATEFULSET, "StatefulSet", "/apis/apps/v1", "statefulsets", w_sts, 1, 1 },
	{ K_DAEMONSET, "DaemonSet", "/apis/apps/v1", "daemonsets", w_ds, 1, 1 },
	{ K_JOB, "Job", "/apis/batch/v1", "jobs", w_job, 1, 1 },
	{ K_CRONJOB, "CronJob", "/apis/batch/v1", "cronjobs", w_cj, 1, 1 },
	{ K_REPLICATIONCONTROLLER, "ReplicationController", "/api/v1", "replicationcontrollers", w_rc, 1, 1 },
	{ K_PVC, "PersistentVolumeClaim", "/api/v1", "persistentvolumeclaims", w_pvc, 1, 0 },
	{ K_PV, "PersistentVolume", "/api/v1", "persistentvolumes", w_pv, 0, 0 },
};

const struct diag_kind *diag_kind_named(const char *kind)
{
	for (int i = 0; kind && i < K_NKINDS; i++)
		if (!strcmp(diag_kinds[i].kind, kind))
			return &diag_kinds[i];
	return NULL;
}

/* kubectl matches resource words without regard to case (Deployment/x works). */
const struct diag_kind *diag_kind_word(const char *word, unsigned long n)
{
	for (int i = 0; i < K_NKINDS; i++)
		for (const char *const *w = diag_kinds[i].words; *w; w++)
			if (strlen(*w) == n && !strncasecmp(*w, word, n))
				return &diag_kinds[i];
	return NULL;
}
