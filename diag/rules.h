/* The catalogue of what goes wrong for a migrated machine on a cluster, as
 * data: failure families (name resolution, connection refused, TLS, HTTP
 * status, archive format, disk, permissions, cgroups, pull, admission ...).
 * A family holds
 *   - its rows: every wording of the failure that is known, one per tool
 *     (busybox wget, GNU wget, curl, python, Go, Java, the kubelet, CRI-O
 *     ...) and per place it shows (a log line, an event, a status message),
 *     so a new tool's words for a known failure are one more row;
 *   - its causes: what the words mean for this pod (which finding, with
 *     which explanation and fix), chosen by what the row captured and by
 *     facts of the pod, the first that fits. A cause without an id says
 *     that here the words explain nothing.
 * diag/engine.c runs it. */
#ifndef OC_RULES_H
#define OC_RULES_H
#include <regex.h>
#include <stddef.h>
#include "lib/err.h"
#include "diag/view.h"

enum diag_severity { SEV_INFO, SEV_WARNING, SEV_ERROR };

/* The order in which the cluster gates a pod: findings sort by it, so the
 * root cause comes first. A row's stage 0 means its family's. */
enum diag_stage {
	STAGE_FAMILY,		/* (a row: the family's stage) */
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

/* Where a row looks, any of (bits). "reason" and "text" below mean, per place: */
#define SRC_WAITING		0x01	/* container state.waiting: reason, message */
#define SRC_TERMINATED		0x02	/* state/lastState.terminated: reason (+exit code), message */
#define SRC_POD_STATUS		0x04	/* pod status.reason, status.message */
#define SRC_POD_CONDITION	0x08	/* pod conditions not True: reason, message */
#define SRC_EVENT		0x10	/* events on the pod and its claims: reason, message */
#define SRC_OWNER		0x20	/* controllers' events and ReplicaFailure conditions */
#define SRC_LOG			0x40	/* container logs (and termination messages), a line at a time */
#define SRC_CLAIM		0x80	/* PersistentVolumeClaims: reason = status.phase */

enum rule_match { M_SUBSTR, M_EXACT, M_REGEX, M_IREGEX /* regex, case ignored */ };

/* Which containers a row applies to (0 = the family's; a family's 0 = all). */
#define ON_INIT		0x1	/* init containers */
#define ON_MAIN		0x2	/* main containers */
#define ON_FAILED	0x4	/* main containers that failed: exited in error, restarting, or a
				 * previous run's log (a running machine's services may log a failed
				 * connection without anything being wrong) */

/* How much evidence a log row quotes. */
enum rule_quote { Q_LINE, Q_PREV };	/* the matching line; also the line before it */

/* One wording of a family's failure. */
struct rule {
	const char *tool;	/* whose words: "curl", "GNU wget", "kubelet", "CRI-O" ... */
	const char *example;	/* a wording it knows, verbatim (a log line, or the message of an
				 * event or a status): the catalogue's tests match it */
	unsigned where;		/* SRC_* */
	unsigned on;		/* ON_*; 0 = the family's */
	enum diag_stage stage;	/* 0 = the family's */
	const char *reason;	/* must equal the reason/phase; NULL = any */
	const char *exit_code;	/* SRC_TERMINATED: must equal the exit code; NULL = any */
	enum rule_match how;
	const char *pattern;	/* matched against the text; NULL = any */
	const char *unless;	/* an extended regex on the same text that vetoes the match */
	const char *not_after;	/* logs: vetoed when an earlier line of the log matches this
				 * (an archive error after the writing side failed is its effect) */
	unsigned cond, ncond;	/* facts the pod (and the container) must have, must not (C_*) */
	enum rule_quote quote;
	unsigned flags;		/* R_* */
};

/* A row whose words are the end of a failure another row of its family
 * names (systemd's "[!!!!!!] ..., freezing." after what it could not do):
 * it adds its line to that finding when there is one, and only alone
 * chooses a cause of its own. */
#define R_FOLLOWS	0x1

/* What a family's words mean here: the finding they yield. */
#define CAUSE_SETTLES	0x1	/* explains the container's exit: no generic crash-loop finding */
#define CAUSE_AND	0x2	/* the next causes that fit apply too (a scheduler's message lists a
				 * reason per group of nodes); a cause with no condition at all, the
				 * family's last word, applies only when none before it did */

struct cause {
	const char *id;		/* the finding; NULL: the words are no cause here, nothing is said */
	enum diag_severity sev;
	const char *when;	/* an extended regex on the matched text; NULL = any */
	/* an extended regex on what the row captured ({1}; "" when nothing):
	 * the rows of a family capture the same thing (the host, the HTTP
	 * status ...); NULL = any */
	const char *cap;
	unsigned cond, ncond;	/* facts of the pod and the container (C_*) */
	unsigned flags;		/* CAUSE_* */
	/* Ids of findings this one is an effect of: dropped when one of them
	 * is found for the same container (a tar error after a failed
	 * download). Space-separated. */
	const char *effect_of;
	/* Texts with values in braces (template.h): {container} {pod} {ns}
	 * {sa} {new_sa} {scc_fix} {image} {url} ... and {1}, what the row
	 * captured. Remedy lines are separated by newlines; a line that
	 * needs a value the pod does not have is left out, and a summary or
	 * explanation says what to write instead: {url|its image server}. */
	const char *summary;
	const char *explanation;
	const char *remedy;
};

struct family {
	const char *name;	/* "name resolution", "HTTP status" ... */
	enum diag_stage stage;
	unsigned on;		/* ON_* for its rows; 0 = every container */
	const struct rule *rules;
	size_t nrules;
	const struct cause *causes;
	size_t ncauses;
};

extern const struct family diag_families[];
extern const size_t diag_nfamilies;

/* What the engine says when no row explains the pod: a container that
 * keeps exiting (or cannot start again), one that exited once or cannot
 * start (STAGE_CRASHLOOP), a pod on its way, a pod that failed, a healthy
 * pod (STAGE_STATUS). */
extern const struct cause diag_rule_crashloop, diag_rule_cannot_restart, diag_rule_exited,
	diag_rule_cannot_start, diag_rule_not_ready, diag_rule_failed, diag_rule_healthy;

/* The catalogue with its regexes compiled, once per run. Rows and causes
 * are numbered across families in table order (a row's number is its
 * rank: ties within a stage go table order). */
struct rule_rx {
	regex_t pat, unless, not_after;
	unsigned char has_pat, has_unless, has_not_after;
};
struct rule_set {
	const struct family *fam;
	size_t nfam;
	size_t nrules, ncauses;
	size_t *rule_base, *cause_base;	/* per family: its first row's and first cause's number */
	struct rule_rx *rx;		/* per row */
	regex_t *when, *cap;		/* per cause */
	unsigned char *has_when, *has_cap;
};
int rules_compile(struct rule_set *rs, const struct family *f, size_t n, struct err *e);
void rules_free(struct rule_set *rs);

const char *severity_name(enum diag_severity s);

/* Every finding id the catalogue and its fallbacks may yield, each once,
 * sorted (for the man page and the tests); the caller frees it. */
void diag_finding_ids(struct strlist *out);

#endif
