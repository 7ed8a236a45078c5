#include "init/supervise.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int sup_init(struct sup *s, struct err *e)
{
	sigemptyset(&s->mask);
	sigaddset(&s->mask, SIGCHLD);
	sigaddset(&s->mask, SIGTERM);
	sigaddset(&s->mask, SIGINT);
	sigaddset(&s->mask, SIGRTMIN + 3);
	sigaddset(&s->mask, SIGHUP);	/* a console hangup must not end PID 1 */
	if (sigprocmask(SIG_BLOCK, &s->mask, &s->saved) < 0)
		return err_set(e, EXIT_FAIL, "sigprocmask: %s", strerror(errno));
	s->pid1 = getpid() == 1;
	/* Outside a PID namespace orphans would go to the real init: keep them. */
	if (!s->pid1 && prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		return err_set(e, EXIT_FAIL, "cannot become a subreaper: %s", strerror(errno));
	return 0;
}

void sup_restore(struct sup *s)
{
	sigprocmask(SIG_SETMASK, &s->saved, NULL);
}

/* In the child: everything a service gets before exec. Returns the errno
 * of what failed, with *what naming the step. */
static int child_setup(const struct spawn *sp, const char **what)
{
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	setsid();
	int null = open("/dev/null", O_RDONLY);
	if (null >= 0 && null != 0) {
		dup2(null, 0);
		close(null);
	}
	if (sp->set_ids) {
		*what = "setgroups";
		if (setgroups(sp->ngroups, sp->groups) < 0)
			return errno;
		*what = "setgid";
		if (setgid(sp->gid) < 0)
			return errno;
		*what = "setuid";
		if (setuid(sp->uid) < 0)
			return errno;
	}
	*what = "chdir";
	if (chdir(sp->cwd ? sp->cwd : "/") < 0) {
		if (!sp->cwd_optional)
			return errno;
		if (chdir("/") < 0)
			return errno;
	}
	*what = "exec";
	execve(sp->path, sp->argv, sp->envp);
	return errno;
}

pid_t sup_spawn(struct sup *s, const struct spawn *sp, struct err *e)
{
	int p[2];

	(void)s;
	if (pipe2(p, O_CLOEXEC) < 0)
		return err_set(e, EXIT_FAIL, "pipe: %s", strerror(errno));
	pid_t pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return err_set(e, EXIT_FAIL, "fork: %s", strerror(errno));
	}
	if (!pid) {
		const char *what = "setup";
		int err = child_setup(sp, &what);
		char msg[128];
		int n = snprintf(msg, sizeof(msg), "%s:%d", what, err);
		if (write(p[1], msg, (size_t)n) < 0)
			_exit(127);
		_exit(127);
	}
	close(p[1]);
	char buf[128];
	ssize_t n;
	do
		n = read(p[0], buf, sizeof(buf) - 1);
	while (n < 0 && errno == EINTR);
	close(p[0]);
	if (n <= 0)
		return pid;	/* the pipe closed on exec: running */
	buf[n] = '\0';
	char *colon = strchr(buf, ':');
	int err = colon ? atoi(colon + 1) : 0;
	if (colon)
		*colon = '\0';
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return err_set(e, EXIT_FAIL, "%s %s: %s", buf, !strcmp(buf, "exec") ? sp->path :
		       !strcmp(buf, "chdir") ? (sp->cwd ? sp->cwd : "/") : "", strerror(err));
}

/* Reaps every exited child; returns 1 when pid was among them. */
static int reap(struct sup *s, pid_t pid, int *status)
{
	int found = 0, st;
	pid_t r;

	while ((r = waitpid(-1, &st, WNOHANG)) > 0) {
		if (r == pid) {
			found = 1;
			*status = st;
		} else if (s->on_exit)
			s->on_exit(s->arg, r, st);
	}
	return found;
}

/* Waits for one signal until deadline; handles it. */
static void wait_signal(struct sup *s, long long deadline)
{
	struct timespec ts, *tp = NULL;
	siginfo_t si;

	if (deadline >= 0) {
		long long left = deadline - now_ms();
		if (left < 0)
			left = 0;
		ts.tv_sec = left / 1000;
		ts.tv_nsec = (left % 1000) * 1000000;
		tp = &ts;
	}
	int sig = sigtimedwait(&s->mask, &si, tp);
	if (sig == SIGTERM || sig == SIGINT || sig == SIGRTMIN + 3) {
		if (!s->stop_signal)
			s->stop_signal = sig;
	}
}

int sup_wait_pid(struct sup *s, pid_t pid, long long deadline, int interruptible, int *status)
{
	for (;;) {
		if (reap(s, pid, status))
			return 1;
		if (interruptible && s->stop_signal)
			return -1;
		if (deadline >= 0 && now_ms() >= deadline)
			return 0;
		wait_signal(s, deadline);
	}
}

void sup_poll(struct sup *s, long long deadline)
{
	int dummy;

	reap(s, 0, &dummy);
	if (s->stop_signal || (deadline >= 0 && now_ms() >= deadline))
		return;
	wait_signal(s, deadline);
	reap(s, 0, &dummy);
}

int pid_alive(pid_t pid)
{
	return pid > 0 && (kill(pid, 0) == 0 || errno == EPERM);
}

int group_alive(pid_t pg)
{
	return pg > 1 && pg != getpgrp() && (kill(-pg, 0) == 0 || errno == EPERM);
}

void kill_unit(pid_t pid, pid_t pg, int sig, int group)
{
	if (pid > 1) {
		kill(pid, sig);
		if (sig == SIGTERM)
			kill(pid, SIGCONT);	/* a stopped process must see it */
	}
	if (group && pg > 1 && pg != getpgrp()) {
		kill(-pg, sig);
		if (sig == SIGTERM)
			kill(-pg, SIGCONT);
	}
}

const char *signal_name(int sig)
{
	static const struct { int sig; const char *name; } names[] = {
		{ SIGHUP, "SIGHUP" }, { SIGINT, "SIGINT" }, { SIGQUIT, "SIGQUIT" }, { SIGILL, "SIGILL" },
		{ SIGABRT, "SIGABRT" }, { SIGBUS, "SIGBUS" }, { SIGFPE, "SIGFPE" }, { SIGKILL, "SIGKILL" },
		{ SIGUSR1, "SIGUSR1" }, { SIGSEGV, "SIGSEGV" }, { SIGUSR2, "SIGUSR2" }, { SIGPIPE, "SIGPIPE" },
		{ SIGALRM, "SIGALRM" }, { SIGTERM, "SIGTERM" },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].sig == sig)
			return names[i].name;
	if (sig == SIGRTMIN + 3)
		return "SIGRTMIN+3";
	return "a signal";
}

void describe_status(int status, char *buf, size_t n)
{
	if (WIFEXITED(status))
		snprintf(buf, n, "status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, n, "killed by signal %s", signal_name(WTERMSIG(status)));
	else
		snprintf(buf, n, "status 0x%x", (unsigned)status);
}

/* Our children, from /proc (a subreaper's orphans included): signals each
 * with sig; returns how many there were. */
static int signal_children(int sig)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	pid_t self = getpid();
	int n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		char path[300], buf[512];
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", de->d_name);
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		ssize_t len = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (len <= 0)
			continue;
		buf[len] = '\0';
		/* "pid (comm) state ppid ...": comm may hold spaces and parens. */
		char *rp = strrchr(buf, ')');
		int ppid = 0;
		char state = 0;
		if (rp && sscanf(rp + 1, " %c %d", &state, &ppid) == 2 && ppid == self && state != 'Z') {
			kill(atoi(de->d_name), sig);
			n++;
		}
	}
	closedir(d);
	return n;
}

static int children_left(struct sup *s)
{
	int dummy;

	reap(s, 0, &dummy);
	if (s->pid1)
		return waitpid(-1, &dummy, WNOHANG) == 0;
	return signal_children(0) > 0;
}

void end_everything(struct sup *s, long long deadline)
{
	/* As PID 1 of the container, kill(-1) reaches every process in it but
	 * us; otherwise (a subreaper in tests) only what descends from us. */
	if (s->pid1) {
		kill(-1, SIGTERM);
		kill(-1, SIGCONT);
	} else
		signal_children(SIGTERM);
	while (children_left(s) && now_ms() < deadline) {
		if (!s->pid1)
			signal_children(SIGTERM);	/* orphans reparented since */
		sup_poll(s, now_ms() + 50);
	}
	for (int round = 0; round < 50 && children_left(s); round++) {
		if (s->pid1)
			kill(-1, SIGKILL);
		else
			signal_children(SIGKILL);
		sup_poll(s, now_ms() + 20);
	}
}
