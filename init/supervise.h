/* Processes for a PID 1: spawning a command as a service would run
 * (user, groups, directory, environment, its own session so the unit's
 * processes can be signalled together), and waiting with every signal
 * handled synchronously (sigtimedwait): children are reaped as they exit,
 * orphans included, and SIGTERM/SIGINT/SIGRTMIN+3 ask for a stop. */
#ifndef LEAPP_SUPERVISE_H
#define LEAPP_SUPERVISE_H
#include <signal.h>
#include <stddef.h>
#include <sys/types.h>
#include "lib/err.h"

struct sup {
	sigset_t mask, saved;	/* the signals taken synchronously; the mask before */
	int stop_signal;	/* set when a stop was asked for */
	int pid1;		/* we are PID 1 (else a subreaper, as in tests) */
	/* Called for every child reaped that nobody waits for. */
	void (*on_exit)(void *arg, pid_t pid, int status);
	void *arg;
};

struct spawn {
	const char *path;
	char *const *argv, *const *envp;
	int set_ids;		/* switch to uid/gid/groups */
	uid_t uid;
	gid_t gid;
	const gid_t *groups;
	size_t ngroups;
	const char *cwd;	/* NULL: "/" */
	int cwd_optional;	/* WorkingDirectory=-: a missing one is fine */
};

long long now_ms(void);
/* Takes the signals; makes us a subreaper when not PID 1. -1 on failure. */
int sup_init(struct sup *s, struct err *e);
void sup_restore(struct sup *s);
/* Forks and execs; the child's setup errors (exec, setuid, chdir) come
 * back as an error here, as systemd reports 203/EXEC and friends. */
pid_t sup_spawn(struct sup *s, const struct spawn *sp, struct err *e);
/* Waits for pid until deadline (now_ms() scale; <0: forever). 1: it exited
 * (*status), 0: timeout, -1: a stop was asked for and interruptible. */
int sup_wait_pid(struct sup *s, pid_t pid, long long deadline, int interruptible, int *status);
/* Handles what arrives until deadline or the first batch of events. */
void sup_poll(struct sup *s, long long deadline);
/* Is anything left in process group pg, or is pid alive? */
int pid_alive(pid_t pid);
int group_alive(pid_t pg);
/* Signals pid, and its process group unless that is ours. */
void kill_unit(pid_t pid, pid_t pg, int sig, int group);
/* Ends every process left (SIGTERM, then SIGKILL at deadline), reaping. */
void end_everything(struct sup *s, long long deadline);
const char *signal_name(int sig);
/* "status N" or "killed by signal SIGX" for a wait status. */
void describe_status(int status, char *buf, size_t n);

#endif
