/* The pod view: the facts about one pod read once, the way the rules need
 * them: its containers (spec and status side by side), its events with
 * their times parsed and the container each one names, its logs split into
 * lines, and what the pod's status says about where it got to. The engine
 * reads only this. */
#ifndef OC_VIEW_H
#define OC_VIEW_H
#include <jansson.h>
#include <stddef.h>
#include "diag/facts.h"

struct diag_line {
	const char *s;		/* NUL-terminated */
	size_t n;
};

struct diag_ctr {
	const char *name;
	int init;			/* an init container */
	const json_t *spec, *status;
	const json_t *waiting, *running, *term, *last;	/* state.*, lastState.terminated */
	const char *waiting_reason;
	long long restarts;
	int ready;
	long long started;		/* its newest start (running or terminated), 0 unknown */
	int readiness_probe;		/* a readiness probe vouches for Ready */
	int failed;			/* exited in error, or restarts after failing (its current log is
					 * of the run that failed) */
	unsigned conds;			/* C_* facts of this container (its image) */
};

struct diag_ev {
	const json_t *obj;
	const char *type, *reason, *message, *kind, *name, *from;
	long long first, last, count;	/* times in epoch seconds, 0 unknown */
	int ctr;			/* the container its fieldPath names, or -1 */
	int owner;			/* about a controller, not the pod */
	int claim;			/* about a claim (name is the claim's) */
};

/* A log, or the log tail a container left in its termination message.
 * Lines are as a terminal would show them: systemd pods run with a tty, so
 * lines end in \r\n and carry colours; escape sequences are dropped, and a
 * line redrawn with \r (a progress meter) is what was drawn last. */
struct diag_vlog {
	const char *container;
	int init, previous;
	const char *text;
	size_t len;
	struct diag_line *line;		/* non-empty lines, \r dropped */
	size_t n;
	char *buf;			/* the lines' copy */
};

/* Facts about the pod that rows and causes may require or exclude (cond). */
#define C_RESTRICTED	0x1	/* admitted under a restricted/nonroot SCC: a random UID */
#define C_HOSTDATA	0x2	/* mounts host directories: hostPath (other than cgroup), claims
				 * bound to hostPath or local volumes, a leapp machine's claims */
#define C_OLD_SYSTEMD	0x4	/* the guest's systemd is older than 230: its banner, its release
				 * (Welcome to CentOS Linux 7), or the 2017 base image leapp-scratch:7 */
#define C_HOSTPATH	0x8	/* any hostPath volume */
#define C_HOST_CGROUP	0x10	/* the host's /sys/fs/cgroup is mounted (--host-cgroup) */
#define C_OPENSHIFT	0x20	/* admitted by an SCC (openshift.io/scc): an OpenShift cluster */
#define C_LEAPP		0x40	/* a machine's pod, as generate writes it (its name= label) */
/* ... and about the container a match concerns: */
#define C_BASE_IMAGE	0x100	/* its image is a machine's base image, leapp-N-base */
#define C_BARE_IMAGE	0x200	/* its image names no registry host (an image stream's name on
				 * OpenShift, else docker.io) */

struct diag_view {
	const struct diag_facts *f;
	const json_t *pod;
	struct diag_ctr *ctr;
	size_t nctr;
	struct diag_ev *ev;		/* oldest first */
	size_t nev;
	struct diag_vlog *log;
	size_t nlog;
	const char *phase, *reason, *message, *node, *scc;
	long long created;		/* the pod's creationTimestamp */
	int scheduled, initialized, ready;	/* pod conditions True */
	long long ready_at;		/* Ready's lastTransitionTime */
	unsigned conds;
	long long now;
};

void diag_view_build(struct diag_view *v, const struct diag_facts *f);
void diag_view_free(struct diag_view *v);

const struct diag_ctr *view_ctr(const struct diag_view *v, const char *name);
/* The first main (not init) container, or NULL. */
const struct diag_ctr *view_main(const struct diag_view *v);
/* A kubectl-like time of a container's start: its newest, 0 unknown. */
int view_cond(const json_t *pod, const char *type, long long *since);

#endif
