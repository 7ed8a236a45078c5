/* diagnose live: the facts for a target, read from the cluster with the
 * client library (kube/). */
#ifndef OC_LIVE_H
#define OC_LIVE_H
#include "facts.h"
#include "kube.h"

/* Gathers the facts for a target from the cluster. */
int diag_collect_live(struct kube_client *c, const struct diag_target *t, const char *ns,
		      struct diag_facts_list *out, struct err *e);

#endif
