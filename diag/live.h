/* diagnose live: the facts for a target, read from the cluster with the
 * client library (kube/). */
#ifndef OC_LIVE_H
#define OC_LIVE_H
#include "diag/facts.h"
#include "diag/kube/kube.h"

/* Gathers the facts for a target from the cluster. */
int diag_collect_live(struct kube_client *c, const struct diag_target *t, const char *ns,
		      struct diag_facts_list *out, struct err *e);

#endif
