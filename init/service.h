/* One service as leapp-init runs it: what its unit file says (type,
 * commands, environment, user, restart policy, timeouts), and the start
 * and stop sequences systemd would run for it. */
#ifndef LEAPP_SERVICE_H
#define LEAPP_SERVICE_H
#include <sys/types.h>
#include "init/execline.h"
#include "init/supervise.h"
#include "init/unit.h"

enum svc_type { SVC_SIMPLE, SVC_FORKING, SVC_ONESHOT };
enum svc_state { ST_DEAD, ST_RUNNING, ST_EXITED, ST_FAILED };
enum svc_restart { R_NO, R_ALWAYS, R_ON_SUCCESS, R_ON_FAILURE, R_ON_ABNORMAL, R_ON_ABORT, R_ON_WATCHDOG };
enum svc_kill { K_CGROUP, K_MIXED, K_PROCESS, K_NONE };

#define SVC_MAX_GROUPS 64

struct svc {
	const struct unit *u;
	const char *name;
	enum svc_type type;
	int remain;			/* RemainAfterExit= */
	enum svc_restart restart;
	enum svc_kill kill;
	long long restart_ms, start_timeout, stop_timeout, limit_interval;	/* ms; <0: none */
	int limit_burst;
	struct exec_list pre, start, post, stop;
	char *pidfile, *cwd, *user;
	int cwd_optional;
	int set_ids;
	uid_t uid;
	gid_t gid, groups[SVC_MAX_GROUPS];
	size_t ngroups;
	char *home, *shell;
	/* state */
	enum svc_state state;
	pid_t main_pid, pg;
	long long restart_at;		/* when a restart is due; 0: none */
	long long *starts;		/* the last start times, for the start limit */
	size_t nstarts;
	int active_once;		/* ever started: stopped at shutdown */
};

struct svc_ctx {
	int rootfd;
	const char *root;		/* "/" in the container; a fixture tree in tests */
	struct sup *sup;
	struct unit_ctx uctx;
	struct strlist base_env;	/* PATH, LANG...: what systemd gives every service */
};

/* Reads u into s. -1 (e) when it cannot run: no ExecStart, a bad command
 * line, an unknown User=. warn() gets one line per setting not honoured. */
int svc_load(struct svc_ctx *c, struct svc *s, const struct unit *u,
	     void (*warn)(const char *unit, const char *msg), struct err *e);
void svc_free(struct svc *s);

enum { START_OK = 0, START_FAILED = -1, START_INTERRUPTED = 1 };
/* ExecStartPre, ExecStart (as the type says), ExecStartPost. */
int svc_start(struct svc_ctx *c, struct svc *s, struct err *e);
/* ExecStop, then SIGTERM, then SIGKILL at the deadline (now_ms scale). */
void svc_stop(struct svc_ctx *c, struct svc *s, long long deadline);
/* Restart= against a main process's wait status. */
int svc_wants_restart(const struct svc *s, int status);
/* Records a start; 0 when the start limit is hit (too many, too fast). */
int svc_count_start(struct svc *s, long long now);

#endif
