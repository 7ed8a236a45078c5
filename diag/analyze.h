/* The engine: runs the rule catalogue over one pod's facts and returns its
 * findings, deduplicated and ordered root cause first. It is split by
 * concern: view.c reads the pod once, template.c fills the texts,
 * findings.c keeps and orders the findings, podstatus.c says what kubectl
 * would, engine.c runs the rules. */
#ifndef OC_ANALYZE_H
#define OC_ANALYZE_H
#include <jansson.h>
#include "diag/facts.h"
#include "diag/rules.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"

struct diag_finding {
	const char *id;
	enum diag_severity sev;
	enum diag_stage stage;
	size_t rank;		/* the first row that matched: ties within a stage go table order */
	size_t seq;		/* then the order they were found in */
	size_t family;		/* 1 + the family of that row; 0 for the engine's own findings */
	const char *effect_of;	/* the cause's: ids this finding is an effect of */
	int settles;		/* it explains its container's exit */
	char *container;	/* NULL for the pod as a whole */
	char *summary, *explanation;
	struct strlist evidence, remedy;
};

struct diagnosis {
	char *object;		/* "pod/NAME", "deployment/NAME" ... */
	char *pod;		/* NULL when no pod exists */
	char *namespace;
	char *phase;		/* status.phase ("" with no pod) */
	char *status;		/* as kubectl's STATUS column: Init:CrashLoopBackOff ... */
	int ready, total, restarts;
	struct diag_finding *v;
	size_t n;
	struct strlist incomplete;	/* what could not be read */
};

/* Fills d (which the caller frees with diagnosis_free, also on error). */
void diag_analyze(const struct rule_set *rs, const struct diag_facts *f, struct diagnosis *d);
void diagnosis_free(struct diagnosis *d);
/* The worst severity among the findings (SEV_INFO for none). */
enum diag_severity diagnosis_worst(const struct diagnosis *d);

/* kubectl's STATUS column for a pod (caller frees). */
char *diag_pod_status(const json_t *pod);

/* A kubectl-style age for a span of seconds: 45s, 3m20s, 5h, 2d3h ... */
void diag_age(struct strbuf *sb, long long secs);

#endif
