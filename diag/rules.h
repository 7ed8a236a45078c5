/* The catalogue of what goes wrong for a migrated machine on a cluster: one
 * table of rules, each saying where it looks, what it matches, and the
 * finding it yields with its explanation and fix. diag/analyze.c runs it. */
#ifndef OC_RULES_H
#define OC_RULES_H
#include <regex.h>
#include <stddef.h>
#include "err.h"
#include "view.h"

enum diag_severity { SEV_INFO, SEV_WARNING, SEV_ERROR };

/* The order in which the cluster gates a pod: findings sort by it, so the
 * root cause comes first. */
enum diag_stage {
	STAGE_ADMISSION,	/* FailedCreate on the ReplicaSet/Deployment */
	STAGE_SCHEDULING,
	STAGE_VOLUMES,		/* volumes and the pod sandbox */
	STAGE_IMAGE,
	STAGE_INIT,		/* init containers: exit code and logs */
	STAGE_START,		/* main container create/start */
	STAGE_MAIN_LOGS,	/* the machine's init system */
	STAGE_PROBES,
	STAGE_CRASHLOOP,
	STAGE_STATUS,		/* PodNotReady, Healthy */
	STAGE_NOTE,		/* info-level notes */
};

/* Where a rule looks. "reason" and "text" below mean, per source: */
enum rule_source {
	SRC_WAITING,		/* container state.waiting: reason, message */
	SRC_TERMINATED,		/* state/lastState.terminated: reason (+exit code), message */
	SRC_POD_STATUS,		/* pod status.reason, status.message */
	SRC_POD_CONDITION,	/* pod conditions: reason, message */
	SRC_EVENT,		/* events on the pod and its claims: reason, message */
	SRC_OWNER,		/* ReplicaSet/Deployment events and ReplicaFailure conditions */
	SRC_LOG,		/* container logs, one line at a time: text only */
	SRC_CLAIM,		/* PersistentVolumeClaims: reason = status.phase */
};

enum rule_match { M_SUBSTR, M_EXACT, M_REGEX };

/* Which containers a container-level rule applies to (0 = both). */
#define ON_INIT		0x1
#define ON_MAIN		0x2

/* Facts about the pod a rule may require (cond) or exclude (ncond): C_*
 * in view.h. */

/* How much evidence a log rule quotes. */
enum rule_quote { Q_LINE, Q_PREV };	/* the matching line; also the line before it */

struct rule {
	const char *id;
	enum diag_severity sev;
	enum diag_stage stage;
	enum rule_source where;
	unsigned on;
	const char *reason;	/* must equal the reason/phase; NULL = any */
	const char *exit_code;	/* SRC_TERMINATED: must equal the exit code; NULL = any */
	enum rule_match how;
	const char *pattern;	/* matched against the text; NULL = any */
	const char *unless;	/* an extended regex that vetoes the match */
	unsigned cond, ncond;
	enum rule_quote quote;
	/* Texts with values in braces (template.h): {container} {pod} {ns}
	 * {sa} {new_sa} {scc_fix} {image} {url} ... and {1}, the pattern's
	 * first group. Remedy lines are separated by newlines; a line that
	 * needs a value the pod does not have is left out, and a summary or
	 * explanation says what to write instead: {url|its image server}. */
	const char *summary;
	const char *explanation;
	const char *remedy;
};

extern const struct rule diag_rules[];
extern const size_t diag_nrules;

/* What the engine says when no row explains the pod (their where/pattern
 * fields are unused): a container that keeps exiting (or cannot start
 * again), one that exited once or cannot start, a pod on its way, a pod
 * that failed, a healthy pod. */
extern const struct rule diag_rule_crashloop, diag_rule_cannot_restart, diag_rule_exited,
	diag_rule_cannot_start, diag_rule_not_ready, diag_rule_failed, diag_rule_healthy;

/* The table with its regexes compiled, once per run. */
struct rule_set {
	const struct rule *r;
	size_t n;
	regex_t *pat;		/* for M_REGEX rules */
	regex_t *unless;	/* for rules with unless */
	int *has_pat, *has_unless;
};
int rules_compile(struct rule_set *rs, const struct rule *r, size_t n, struct err *e);
void rules_free(struct rule_set *rs);

const char *severity_name(enum diag_severity s);

#endif
