#include "init/service.h"
#include "init/log.h"
#include "init/rootfs.h"
#include "lib/strbuf.h"
#include "init/tmpfiles.h"
#include "init/users.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define DEFAULT_START_TIMEOUT 90000
#define DEFAULT_STOP_TIMEOUT 10000	/* shorter than systemd's 90 s: a pod has a grace period */

static long long timespan(const struct unit *u, const char *key, long long dflt)
{
	const char *v = unit_get(u, "Service", key);
	long long ms = v ? parse_timespan_ms(v) : -2;

	if (ms == -2 || ms == -1)
		return dflt;
	return ms == 0 || ms == INT64_MAX ? -1 : ms;	/* 0 and infinity: no timeout */
}

static int parse_type(struct svc *s, void (*warn)(const char *, const char *), struct err *e)
{
	const char *t = unit_get(s->u, "Service", "Type");

	if (!t)
		t = unit_get(s->u, "Service", "BusName") ? "dbus" : "simple";
	if (!strcmp(t, "simple") || !strcmp(t, "exec") || !strcmp(t, "idle") || !strcmp(t, "notify"))
		s->type = SVC_SIMPLE;
	else if (!strcmp(t, "forking"))
		s->type = SVC_FORKING;
	else if (!strcmp(t, "oneshot"))
		s->type = SVC_ONESHOT;
	else if (!strcmp(t, "dbus")) {
		s->type = SVC_SIMPLE;
		warn(s->name, "Type=dbus is started as Type=simple: its bus name is not awaited");
	} else
		return err_set(e, EXIT_FAIL, "Type=%s is not a service type", t);
	return 0;
}

static enum svc_restart parse_restart(const char *v)
{
	static const char *const names[] = {
		[R_NO] = "no", [R_ALWAYS] = "always", [R_ON_SUCCESS] = "on-success",
		[R_ON_FAILURE] = "on-failure", [R_ON_ABNORMAL] = "on-abnormal",
		[R_ON_ABORT] = "on-abort", [R_ON_WATCHDOG] = "on-watchdog",
	};
	for (int i = 0; v && i <= R_ON_WATCHDOG; i++)
		if (!strcmp(v, names[i]))
			return (enum svc_restart)i;
	return R_NO;
}

static enum svc_kill parse_kill(const char *v)
{
	if (!v || !strcmp(v, "control-group"))
		return K_CGROUP;
	if (!strcmp(v, "mixed"))
		return K_MIXED;
	if (!strcmp(v, "process"))
		return K_PROCESS;
	return !strcmp(v, "none") ? K_NONE : K_CGROUP;
}

/* One Exec*= key into list, specifiers expanded first (as systemd does at
 * load time); the dbus socket rewrite for dbus-daemon. */
static int parse_execs(struct svc_ctx *c, struct svc *s, const char *key, struct exec_list *l, struct err *e)
{
	struct strlist vals = { 0 };
	int r = 0;

	unit_get_list(s->u, "Service", key, &vals);
	for (size_t i = 0; i < vals.n && !r; i++) {
		char *x = unit_expand(s->u, &c->uctx, vals.v[i], e);
		if (!x) {
			r = -1;
			break;
		}
		struct err pe = { 0 };
		if (exec_parse(x, l, &pe) < 0)
			r = err_set(e, EXIT_FAIL, "%s=%s: %s", key, x, pe.msg);
		free(x);
	}
	strlist_free(&vals);
	return r;
}

/* dbus-daemon --address=systemd: takes its socket from dbus.socket, which
 * only systemd can hand over: give it the socket's path to listen on. */
static void dbus_socket(struct svc *s, void (*warn)(const char *, const char *))
{
	for (size_t i = 0; i < s->start.n; i++) {
		struct strlist *a = &s->start.v[i].argv;
		for (size_t k = 1; k < a->n; k++) {
			if (!strcmp(a->v[k], "--address=systemd:")) {
				free(a->v[k]);
				a->v[k] = xstrdup("--address=unix:path=/run/dbus/system_bus_socket");
				warn(s->name, "--address=systemd: replaced by unix:path=/run/dbus/system_bus_socket (no socket activation without systemd)");
			} else if (!strcmp(a->v[k], "--systemd-activation")) {
				/* dbus then starts bus services itself, not through systemd */
				memmove(&a->v[k], &a->v[k + 1], (a->n - k - 1) * sizeof(*a->v));
				a->n--;
				k--;
			}
		}
	}
}

static int load_user(struct svc_ctx *c, struct svc *s, struct err *e)
{
	const char *user = unit_get(s->u, "Service", "User");
	const char *group = unit_get(s->u, "Service", "Group");
	struct user_info ui;

	if (!user && !group)
		return 0;
	s->set_ids = 1;
	if (user) {
		if (user_lookup(c->rootfd, user, &ui) < 0)
			return err_set(e, EXIT_FAIL, "User=%s: no such user in the machine's /etc/passwd", user);
		s->uid = ui.uid;
		s->gid = ui.gid;
		s->user = xstrdup(ui.name);
		s->home = xstrdup(ui.home);
		s->shell = xstrdup(ui.shell);
		user_info_free(&ui);
	}
	if (group && group_lookup(c->rootfd, group, &s->gid) < 0)
		return err_set(e, EXIT_FAIL, "Group=%s: no such group in the machine's /etc/group", group);
	if (s->user)
		s->ngroups = user_groups(c->rootfd, s->user, s->gid, s->groups, SVC_MAX_GROUPS);
	return 0;
}

static void load_cwd(struct svc *s)
{
	const char *w = unit_get(s->u, "Service", "WorkingDirectory");

	if (!w)
		return;
	if (*w == '-') {
		s->cwd_optional = 1;
		w++;
	}
	s->cwd = xstrdup(!strcmp(w, "~") ? (s->home ? s->home : "/root") : w);
}

/* Settings leapp-init reads but cannot honour: named, never silent. */
static void unhonoured(struct svc *s, void (*warn)(const char *, const char *))
{
	static const char *const keys[] = {
		"ExecReload", "ExecStopPost", "WatchdogSec", "PrivateTmp", "PrivateNetwork", "PrivateDevices",
		"ProtectSystem", "ProtectHome", "CapabilityBoundingSet", "AmbientCapabilities", "LimitNOFILE",
		"LimitNPROC", "LimitCORE", "LimitMEMLOCK", "Nice", "OOMScoreAdjust", "Sockets", "RootDirectory",
		"SuccessExitStatus", "RestartPreventExitStatus", "UMask", "StandardOutput", "StandardError",
		"SyslogIdentifier", NULL
	};
	for (int i = 0; keys[i]; i++)
		if (unit_get(s->u, "Service", keys[i])) {
			char *m = xasprintf("%s= is not honoured", keys[i]);
			warn(s->name, m);
			free(m);
		}
}

int svc_load(struct svc_ctx *c, struct svc *s, const struct unit *u,
	     void (*warn)(const char *unit, const char *msg), struct err *e)
{
	memset(s, 0, sizeof(*s));
	s->u = u;
	s->name = u->name;
	if (parse_type(s, warn, e) < 0 || parse_execs(c, s, "ExecStartPre", &s->pre, e) < 0 ||
	    parse_execs(c, s, "ExecStart", &s->start, e) < 0 || parse_execs(c, s, "ExecStartPost", &s->post, e) < 0 ||
	    parse_execs(c, s, "ExecStop", &s->stop, e) < 0 || load_user(c, s, e) < 0)
		return -1;
	if (!s->start.n && s->type != SVC_ONESHOT)
		return err_set(e, EXIT_FAIL, "the service has no ExecStart=");
	if (s->start.n > 1 && s->type != SVC_ONESHOT)
		return err_set(e, EXIT_FAIL, "more than one ExecStart= is only for Type=oneshot");
	if (!s->start.n && !unit_get_bool(u, "Service", "RemainAfterExit", 0))
		return err_set(e, EXIT_FAIL, "the service has no ExecStart=");
	if (!strcmp(s->name, "dbus.service"))
		dbus_socket(s, warn);
	s->remain = unit_get_bool(u, "Service", "RemainAfterExit", 0) == 1;
	s->restart = parse_restart(unit_get(u, "Service", "Restart"));
	s->kill = parse_kill(unit_get(u, "Service", "KillMode"));
	long long both = timespan(u, "TimeoutSec", -3);
	s->start_timeout = timespan(u, "TimeoutStartSec", both != -3 ? both : s->type == SVC_ONESHOT ? -1 : DEFAULT_START_TIMEOUT);
	s->stop_timeout = timespan(u, "TimeoutStopSec", both != -3 ? both : DEFAULT_STOP_TIMEOUT);
	s->restart_ms = timespan(u, "RestartSec", 100);
	if (s->restart_ms < 0)
		s->restart_ms = 0;
	const char *li = unit_get(u, "Unit", "StartLimitIntervalSec");
	if (!li)
		li = unit_get(u, "Service", "StartLimitInterval");
	s->limit_interval = li ? parse_timespan_ms(li) : 10000;
	const char *lb = unit_get(u, "Unit", "StartLimitBurst");
	if (!lb)
		lb = unit_get(u, "Service", "StartLimitBurst");
	s->limit_burst = lb ? atoi(lb) : 5;
	const char *pf = unit_get(u, "Service", "PIDFile");
	if (pf)
		s->pidfile = unit_expand(u, &c->uctx, pf, e);
	if (pf && !s->pidfile)
		return -1;
	load_cwd(s);
	unhonoured(s, warn);
	return 0;
}

void svc_free(struct svc *s)
{
	exec_list_free(&s->pre);
	exec_list_free(&s->start);
	exec_list_free(&s->post);
	exec_list_free(&s->stop);
	free(s->pidfile);
	free(s->cwd);
	free(s->user);
	free(s->home);
	free(s->shell);
	free(s->starts);
	memset(s, 0, sizeof(*s));
}

/* ---- the environment ---- */

static void build_env(struct svc_ctx *c, struct svc *s, struct strlist *env)
{
	struct strlist vals = { 0 }, bad = { 0 };

	for (size_t i = 0; i < c->base_env.n; i++)
		env_set(env, c->base_env.v[i]);
	if (s->user) {
		char *kv[] = { xasprintf("HOME=%s", s->home), xasprintf("USER=%s", s->user),
			       xasprintf("LOGNAME=%s", s->user), xasprintf("SHELL=%s", s->shell) };
		for (int i = 0; i < 4; i++) {
			env_set(env, kv[i]);
			free(kv[i]);
		}
	}
	unit_get_list(s->u, "Service", "Environment", &vals);
	for (size_t i = 0; i < vals.n; i++) {
		struct err e = { 0 };
		char *x = unit_expand(s->u, &c->uctx, vals.v[i], &e);
		env_parse_assignments(x ? x : vals.v[i], env, &bad);
		free(x);
	}
	strlist_free(&vals);
	/* Files are read at each start, and win over Environment=. */
	unit_get_list(s->u, "Service", "EnvironmentFile", &vals);
	for (size_t i = 0; i < vals.n; i++) {
		const char *p = vals.v[i];
		int optional = *p == '-';
		char *text;
		if (root_read_file(c->rootfd, p + optional, 4u << 20, &text, NULL) < 0) {
			if (!optional) {
				char *m = xasprintf("EnvironmentFile=%s: %s", p, strerror(errno));
				log_out(LEAPP_INIT_LOG_WARNING, "%s: %s", s->name, m);
				free(m);
			}
			continue;
		}
		env_parse_file(text, env, &bad);
		free(text);
	}
	for (size_t i = 0; i < bad.n; i++)
		log_out(LEAPP_INIT_LOG_WARNING, "%s: ignoring environment assignment \"%s\"", s->name, bad.v[i]);
	strlist_free(&vals);
	strlist_free(&bad);
}

/* The real path of a directory named inside the machine. */
static char *real_dir(struct svc_ctx *c, const char *dir)
{
	char *canon = root_realpath(c->rootfd, dir, 0);

	if (!canon)
		return NULL;
	if (!strcmp(c->root, "/"))
		return canon;
	char *p = xasprintf("%s%s", c->root, canon);
	free(canon);
	return p;
}

/* ---- running commands ---- */

static char **to_vec(const struct strlist *l)
{
	char **v = xcalloc(l->n + 1, sizeof(*v));

	for (size_t i = 0; i < l->n; i++)
		v[i] = l->v[i];
	return v;
}

static pid_t spawn_cmd(struct svc_ctx *c, struct svc *s, const struct exec_cmd *cmd, const struct strlist *env,
		       struct err *e)
{
	struct strlist argv = { 0 };
	char *cwd = NULL;

	exec_expand(cmd, env, &argv);
	if (s->cwd) {
		cwd = real_dir(c, s->cwd);
		if (!cwd && !s->cwd_optional) {
			strlist_free(&argv);
			return err_set(e, EXIT_FAIL, "WorkingDirectory=%s: %s", s->cwd, strerror(errno));
		}
	}
	char **av = to_vec(&argv), **ev = to_vec(env);
	struct spawn sp = {
		.path = cmd->path, .argv = av, .envp = ev, .set_ids = s->set_ids, .uid = s->uid, .gid = s->gid,
		.groups = s->groups, .ngroups = s->ngroups, .cwd = cwd, .cwd_optional = s->cwd_optional,
	};
	pid_t pid = sup_spawn(c->sup, &sp, e);
	free(av);
	free(ev);
	free(cwd);
	strlist_free(&argv);
	return pid;
}

/* Ends a command that overran or that a stop interrupted. */
static void end_cmd(struct svc_ctx *c, pid_t pid)
{
	int st;

	kill_unit(pid, pid, SIGTERM, 1);
	if (sup_wait_pid(c->sup, pid, now_ms() + 2000, 0, &st) == 0) {
		kill_unit(pid, pid, SIGKILL, 1);
		sup_wait_pid(c->sup, pid, now_ms() + 1000, 0, &st);
	}
}

/* Runs one command to its end. START_OK, START_FAILED (e), START_INTERRUPTED. */
static int run_wait(struct svc_ctx *c, struct svc *s, const struct exec_cmd *cmd, const struct strlist *env,
		    long long deadline, int interruptible, const char *what, struct err *e)
{
	int st;
	struct err se = { 0 };
	pid_t pid = spawn_cmd(c, s, cmd, env, &se);

	if (pid < 0) {
		if (cmd->ignore_failure)
			return START_OK;
		return err_set(e, EXIT_FAIL, "%s: %s", what, se.msg), START_FAILED;
	}
	int r = sup_wait_pid(c->sup, pid, deadline, interruptible, &st);
	if (r <= 0) {
		end_cmd(c, pid);
		if (r < 0)
			return START_INTERRUPTED;
		return err_set(e, EXIT_FAIL, "%s %s timed out", what, cmd->path), START_FAILED;
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st)) {
		char d[64];
		describe_status(st, d, sizeof(d));
		if (cmd->ignore_failure)
			return START_OK;
		return err_set(e, EXIT_FAIL, "%s %s: %s", what, cmd->path, d), START_FAILED;
	}
	return START_OK;
}

static int run_all(struct svc_ctx *c, struct svc *s, const struct exec_list *l, const struct strlist *env,
		   long long deadline, const char *what, struct err *e)
{
	for (size_t i = 0; i < l->n; i++) {
		int r = run_wait(c, s, &l->v[i], env, deadline, 1, what, e);
		if (r != START_OK)
			return r;
	}
	return START_OK;
}

/* The main PID a forking daemon wrote; 0 when none (yet). */
static pid_t read_pidfile(struct svc_ctx *c, const struct svc *s)
{
	char *text, *end;

	if (!s->pidfile || root_read_file(c->rootfd, s->pidfile, 4096, &text, NULL) < 0)
		return 0;
	long v = strtol(text, &end, 10);
	int ok = end != text && v > 1 && v < (1L << 22);
	free(text);
	return ok ? (pid_t)v : 0;
}

static int start_forking(struct svc_ctx *c, struct svc *s, const struct strlist *env, long long deadline, struct err *e)
{
	int r = run_wait(c, s, &s->start.v[0], env, deadline, 1, "ExecStart", e);

	if (r != START_OK)
		return r;
	if (!s->pidfile) {
		/* GuessMainPID=no (init scripts'): the unit asks for no tracking. */
		if (unit_get_bool(s->u, "Service", "GuessMainPID", 1))
			log_out(LEAPP_INIT_LOG_WARNING, "%s: Type=forking without PIDFile=: its daemon is not tracked, only stopped by ExecStop=", s->name);
		return START_OK;
	}
	/* Some daemons write the file just after the parent exits. */
	long long until = now_ms() + 2000;
	while (!(s->main_pid = read_pidfile(c, s)) && now_ms() < until && !c->sup->stop_signal)
		sup_poll(c->sup, now_ms() + 50);
	if (!s->main_pid)
		return err_set(e, EXIT_FAIL, "PIDFile=%s: no PID in it after ExecStart= returned", s->pidfile), START_FAILED;
	s->pg = getpgid(s->main_pid);
	return START_OK;
}

int svc_start(struct svc_ctx *c, struct svc *s, struct err *e)
{
	struct strlist env = { 0 };
	long long deadline = s->start_timeout < 0 ? -1 : now_ms() + s->start_timeout;
	int r;

	s->main_pid = s->pg = 0;
	if (runtime_dirs_create(c->rootfd, s->u, s->uid, s->gid, e) < 0)
		return START_FAILED;
	build_env(c, s, &env);
	r = run_all(c, s, &s->pre, &env, deadline, "ExecStartPre", e);
	if (r == START_OK) {
		if (s->type == SVC_SIMPLE) {
			s->main_pid = spawn_cmd(c, s, &s->start.v[0], &env, e);
			r = s->main_pid < 0 ? START_FAILED : START_OK;
			if (s->main_pid < 0)
				s->main_pid = 0;
			s->pg = s->main_pid;
		} else if (s->type == SVC_FORKING)
			r = start_forking(c, s, &env, deadline, e);
		else
			r = run_all(c, s, &s->start, &env, deadline, "ExecStart", e);
	}
	if (r == START_OK)
		r = run_all(c, s, &s->post, &env, deadline, "ExecStartPost", e);
	strlist_free(&env);
	if (r == START_FAILED) {
		if (s->main_pid)
			end_cmd(c, s->main_pid);
		s->main_pid = 0;
		s->state = ST_FAILED;
		return r;
	}
	s->active_once = 1;
	s->state = s->type == SVC_ONESHOT ? (s->remain ? ST_EXITED : ST_DEAD) : ST_RUNNING;
	if (s->type == SVC_FORKING && !s->pidfile)
		s->state = ST_EXITED;	/* not tracked: active until stopped */
	return r;
}

static int unit_alive(const struct svc *s)
{
	return pid_alive(s->main_pid) || (s->kill != K_PROCESS && group_alive(s->pg));
}

void svc_stop(struct svc_ctx *c, struct svc *s, long long deadline)
{
	struct strlist env = { 0 };
	struct err e = { 0 };

	if (s->state == ST_RUNNING || s->state == ST_EXITED) {
		build_env(c, s, &env);
		if (s->main_pid) {
			char *m = xasprintf("MAINPID=%d", (int)s->main_pid);
			env_set(&env, m);
			free(m);
		}
		for (size_t i = 0; i < s->stop.n; i++) {
			err_clear(&e);
			if (run_wait(c, s, &s->stop.v[i], &env, deadline, 0, "ExecStop", &e) == START_FAILED)
				log_out(LEAPP_INIT_LOG_WARNING, "%s: %s", s->name, e.msg);
		}
		strlist_free(&env);
	}
	if (s->kill == K_NONE || !unit_alive(s))
		return;
	kill_unit(s->main_pid, s->pg, SIGTERM, s->kill == K_CGROUP);
	while (unit_alive(s) && now_ms() < deadline)
		sup_poll(c->sup, now_ms() + 50 < deadline ? now_ms() + 50 : deadline);
	if (!unit_alive(s))
		return;
	log_out(LEAPP_INIT_LOG_KILLED, "%s: still running after %lld s", s->name,
		(s->stop_timeout < 0 ? 0 : s->stop_timeout) / 1000);
	kill_unit(s->main_pid, s->pg, SIGKILL, s->kill != K_PROCESS);
	long long until = now_ms() + 1000;
	while (unit_alive(s) && now_ms() < until)
		sup_poll(c->sup, now_ms() + 50);
}

int svc_wants_restart(const struct svc *s, int status)
{
	int clean = WIFEXITED(status) ? WEXITSTATUS(status) == 0 :
		    WTERMSIG(status) == SIGHUP || WTERMSIG(status) == SIGINT ||
		    WTERMSIG(status) == SIGTERM || WTERMSIG(status) == SIGPIPE;
	int sig = WIFSIGNALED(status);

	switch (s->restart) {
	case R_ALWAYS: return 1;
	case R_ON_SUCCESS: return clean;
	case R_ON_FAILURE: return !clean;
	case R_ON_ABNORMAL: return sig && !clean;
	case R_ON_ABORT: return sig && !clean;
	default: return 0;
	}
}

int svc_count_start(struct svc *s, long long now)
{
	size_t keep = 0;

	if (s->limit_interval <= 0 || s->limit_burst <= 0)
		return 1;
	s->starts = xrealloc(s->starts, (s->nstarts + 1) * sizeof(*s->starts));
	for (size_t i = 0; i < s->nstarts; i++)
		if (now - s->starts[i] < s->limit_interval)
			s->starts[keep++] = s->starts[i];
	s->starts[keep++] = now;
	s->nstarts = keep;
	return (int)s->nstarts <= s->limit_burst;
}
