#include "init/sysv.h"
#include "init/log.h"
#include "init/rootfs.h"
#include "init/supervise.h"
#include "init/sysvgen.h"
#include "init/execline.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define SCRIPT_TIMEOUT 120000	/* an rc script that hangs must not hold the boot forever */

/* rc scripts that cannot work in a container, each with why (decided
 * one by one from RHEL 6's rc3.d). */
static const struct {
	const char *pattern, *reason;
} sysv_skips[] = {
	{ "udev-post", "devices are the container runtime's" },
	{ "kdump", "crash kernels are the node's" },
	{ "netfs", "network filesystems are mounted as the pod's volumes" },
	{ "network", "the pod's network is set up by the cluster" },
	{ "NetworkManager", "the pod's network is set up by the cluster" },
	{ "iptables", "packet filtering is the cluster's (NetworkPolicy)" },
	{ "ip6tables", "packet filtering is the cluster's (NetworkPolicy)" },
	{ "auditd", "the kernel audit subsystem is the node's" },
	{ "irqbalance", "interrupts are the node's" },
	{ "cpuspeed", "CPU frequency is the node's" },
	{ "microcode_ctl", "CPU microcode is the node's" },
	{ "mdmonitor", "block devices are the node's" },
	{ "lvm2-monitor", "block devices are the node's" },
	{ "multipathd", "block devices are the node's" },
	{ "blk-availability", "block devices are the node's" },
	{ "smartd", "disks are the node's" },
	{ "haldaemon", "hardware is the node's" },
	{ "acpid", "power events are the node's" },
	{ "rngd", "the hardware random source is the node's" },
	{ "ntpd", "the clock is the node's: a container cannot set it" },
	{ "ntpdate", "the clock is the node's: a container cannot set it" },
	{ "hwclock", "the clock is the node's: a container cannot set it" },
	{ "*getty", "no terminal in a container" },
	{ "killall", "leapp-init itself ends what remains" },
	{ "halt", "leapp-init itself ends what remains" },
	{ "single", "single-user mode needs a console" },
};

/* upstart's own jobs in RHEL 6's /etc/init: what rc does for them is done
 * here; any other job is named as not run. */
static const char *const upstart_system_jobs[] = {
	"rc.conf", "rcS.conf", "rcS-emergency.conf", "rcS-sulogin.conf", "control-alt-delete.conf",
	"tty.conf", "serial.conf", "start-ttys.conf", "prefdm.conf", "plymouth-shutdown.conf",
	"quit-plymouth.conf", "splash-manager.conf", "init-system-dbus.conf", "kexec-disable.conf", NULL
};

const char *sysv_service_name(const char *entry)
{
	const char *p = entry + 1;

	while (isdigit((unsigned char)*p))
		p++;
	return p;
}

const char *sysv_skip_reason(const char *service)
{
	for (size_t i = 0; i < sizeof(sysv_skips) / sizeof(sysv_skips[0]); i++)
		if (!fnmatch(sysv_skips[i].pattern, service, 0))
			return sysv_skips[i].reason;
	return NULL;
}

struct rc {
	int rootfd;
	const char *root;
	struct sup sup;
	struct strlist env;
	struct strlist started;		/* rc entries started, in order ("S55sshd") */
	char *dir;			/* "/etc/rc.d/rc3.d" */
	int nstart, nfail, nskip;
};


/* RHEL's /etc/rc.d/rcN.d, else Debian's and others' /etc/rcN.d. */
static char *rc_dir(int rootfd, int level)
{
	char *d = xasprintf("/etc/rc.d/rc%d.d", level);
	struct stat st;

	if (root_stat(rootfd, d, 0, &st) == 0 && S_ISDIR(st.st_mode))
		return d;
	free(d);
	return xasprintf("/etc/rc%d.d", level);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of dir starting with kind ('S' or 'K'), sorted as rc does. */
static void rc_entries(int rootfd, const char *dir, char kind, struct strlist *out)
{
	int fd = root_open(rootfd, dir, O_RDONLY | O_DIRECTORY, 0, NULL);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	struct dirent *de;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((de = readdir(d)))
		if (de->d_name[0] == kind && isdigit((unsigned char)de->d_name[1]) &&
		    isdigit((unsigned char)de->d_name[2]) && !strchr(de->d_name, '~') &&
		    !strstr(de->d_name, ".rpm"))
			strlist_push(out, de->d_name);
	closedir(d);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_str);
}

/* ---- the part of rc.sysinit a container needs ---- */

/* Removes every non-directory under dirfd (stale pid and lock files of the
 * machine as it was archived), never following a link. */
static int clean_tree(int dirfd)
{
	DIR *d = fdopendir(dirfd);
	struct dirent *de;
	int n = 0;

	if (!d) {
		close(dirfd);
		return 0;
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		struct stat st;
		if (fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			int sub = openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub >= 0)
				n += clean_tree(sub);
		} else if (unlinkat(dirfd, de->d_name, 0) == 0)
			n++;
	}
	closedir(d);
	return n;
}

static void sysinit(struct rc *r)
{
	static const char *const dirs[] = { "/var/run", "/var/lock", NULL };
	int n = 0;

	for (int i = 0; dirs[i]; i++) {
		int fd = root_open(r->rootfd, dirs[i], O_RDONLY | O_DIRECTORY, 0, NULL);
		if (fd >= 0)
			n += clean_tree(fd);
	}
	int fd = root_mkdirs(r->rootfd, "/var/lock/subsys", 0755);
	if (fd >= 0)
		close(fd);
	/* utmp as rc.sysinit leaves it: empty; wtmp present. */
	int dfd = root_open(r->rootfd, "/var/run", O_RDONLY | O_DIRECTORY, 0, NULL);
	if (dfd >= 0) {
		int u = openat(dfd, "utmp", O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0664);
		if (u >= 0)
			close(u);
		close(dfd);
	}
	log_out(LEAPP_INIT_LOG_WARNING, "rc.sysinit is not run (udev, hwclock, fsck, mount -a, swap and the console are the container runtime's); "
		"done instead: %d stale files removed from /var/run and /var/lock, /var/lock/subsys and /var/run/utmp made, the hostname left as the pod's", n);
}

/* upstart jobs besides the system's own are not run: name each. */
static void upstart_jobs(struct rc *r)
{
	struct strlist jobs = { 0 };
	int fd = root_open(r->rootfd, "/etc/init", O_RDONLY | O_DIRECTORY, 0, NULL);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	struct dirent *de;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		int sys = 0;
		for (int i = 0; upstart_system_jobs[i]; i++)
			sys |= !strcmp(de->d_name, upstart_system_jobs[i]);
		if (!sys && n > 5 && !strcmp(de->d_name + n - 5, ".conf"))
			strlist_push(&jobs, de->d_name);
	}
	closedir(d);
	if (jobs.n > 1)
		qsort(jobs.v, jobs.n, sizeof(*jobs.v), cmp_str);
	for (size_t i = 0; i < jobs.n; i++)
		log_out(LEAPP_INIT_LOG_SKIPPED, "upstart job /etc/init/%s: upstart jobs are not run, only rc scripts", jobs.v[i]);
	strlist_free(&jobs);
}

/* ---- running scripts ---- */

/* Runs DIR/ENTRY ACTION to its end (or the deadline); the wait status, or
 * -1 when it could not start (message logged). */
static int run_script(struct rc *r, const char *dir, const char *entry, const char *action, long long deadline,
		      int interruptible)
{
	char *in_root = xasprintf("%s/%s", dir, entry);
	char *canon = root_realpath(r->rootfd, in_root, 0);
	struct err e = { 0 };
	int st = -1;

	if (!canon) {
		log_out(LEAPP_INIT_LOG_FAILED, "%s: %s: %s", entry, in_root, strerror(errno));
		free(in_root);
		return -1;
	}
	char *path = strcmp(r->root, "/") ? xasprintf("%s%s", r->root, canon) : xstrdup(canon);
	char *argv[] = { path, (char *)action, NULL };
	char **envp = xcalloc(r->env.n + 1, sizeof(*envp));
	for (size_t i = 0; i < r->env.n; i++)
		envp[i] = r->env.v[i];
	struct spawn sp = { .path = path, .argv = argv, .envp = envp };
	pid_t pid = sup_spawn(&r->sup, &sp, &e);
	if (pid < 0)
		log_out(LEAPP_INIT_LOG_FAILED, "%s: %s", entry, e.msg);
	else {
		int w = sup_wait_pid(&r->sup, pid, deadline, interruptible, &st);
		if (w <= 0) {
			kill_unit(pid, pid, w < 0 ? SIGTERM : SIGKILL, 1);
			sup_wait_pid(&r->sup, pid, now_ms() + 2000, 0, &st);
			if (w == 0)
				log_out(LEAPP_INIT_LOG_FAILED, "%s: \"%s\" did not finish in time, killed", entry, action);
			st = -1;
		}
	}
	free(envp);
	free(path);
	free(canon);
	free(in_root);
	return st;
}

static void start_all(struct rc *r)
{
	struct strlist s = { 0 };
	char d[64];

	rc_entries(r->rootfd, r->dir, 'S', &s);
	for (size_t i = 0; i < s.n && !r->sup.stop_signal; i++) {
		const char *why = sysv_skip_reason(sysv_service_name(s.v[i]));
		if (why) {
			log_out(LEAPP_INIT_LOG_SKIPPED, "%s: %s", s.v[i], why);
			r->nskip++;
			continue;
		}
		int st = run_script(r, r->dir, s.v[i], "start", now_ms() + SCRIPT_TIMEOUT, 1);
		if (st < 0) {
			if (!r->sup.stop_signal)
				r->nfail++;
			continue;
		}
		describe_status(st, d, sizeof(d));
		if (WIFEXITED(st) && !WEXITSTATUS(st)) {
			log_out(LEAPP_INIT_LOG_STARTED, "%s", s.v[i]);
			r->nstart++;
			strlist_push(&r->started, s.v[i]);
		} else {
			/* Stopped at shutdown only if it took its subsys lock, as rc 0 does. */
			log_out(LEAPP_INIT_LOG_FAILED, "%s: \"start\" ended with %s", s.v[i], d);
			r->nfail++;
		}
	}
	strlist_free(&s);
}

static int has_lock(struct rc *r, const char *service)
{
	char *p = xasprintf("/var/lock/subsys/%s", service);
	struct stat st;
	int r0 = root_stat(r->rootfd, p, ROOT_NOFOLLOW, &st) == 0;

	free(p);
	return r0;
}

static int was_started(struct rc *r, const char *service)
{
	for (size_t i = 0; i < r->started.n; i++)
		if (!strcmp(sysv_service_name(r->started.v[i]), service))
			return 1;
	return 0;
}

/* One stop: its own share of what is left, at least a second. */
static long long share(long long end, size_t left)
{
	long long t = (end - now_ms()) / (long long)(left ? left : 1);

	return now_ms() + (t < 1000 ? 1000 : t);
}

/* telinit 0: rc0.d's K* for what runs (started here, or holding its
 * /var/lock/subsys lock), then "stop" for started ones with no K link. */
static void stop_all(struct rc *r, long long end)
{
	struct strlist k = { 0 }, done = { 0 };
	char *rc0 = rc_dir(r->rootfd, 0);

	rc_entries(r->rootfd, rc0, 'K', &k);
	for (size_t i = 0; i < k.n && now_ms() < end; i++) {
		const char *svc = sysv_service_name(k.v[i]);
		if (!(was_started(r, svc) || has_lock(r, svc)) || sysv_skip_reason(svc))
			continue;
		log_out(LEAPP_INIT_LOG_STOPPING, "%s", k.v[i]);
		run_script(r, rc0, k.v[i], "stop", share(end, k.n - i), 0);
		log_out(LEAPP_INIT_LOG_STOPPED, "%s", k.v[i]);
		strlist_push(&done, svc);
	}
	for (size_t i = r->started.n; i-- > 0 && now_ms() < end;) {
		const char *svc = sysv_service_name(r->started.v[i]);
		if (strlist_has(&done, svc))
			continue;
		log_out(LEAPP_INIT_LOG_STOPPING, "%s", r->started.v[i]);
		run_script(r, r->dir, r->started.v[i], "stop", share(end, i + 1), 0);
		log_out(LEAPP_INIT_LOG_STOPPED, "%s", r->started.v[i]);
	}
	free(rc0);
	strlist_free(&k);
	strlist_free(&done);
}

static void script_env(struct rc *r)
{
	char *text;
	struct strlist bad = { 0 };
	const char *c = getenv("container");

	env_set(&r->env, "PATH=/sbin:/usr/sbin:/bin:/usr/bin");
	env_set(&r->env, "TERM=dumb");
	env_set(&r->env, "CONSOLETYPE=serial");
	env_set(&r->env, "PREVLEVEL=N");
	if (c) {
		char *kv = xasprintf("container=%s", c);
		env_set(&r->env, kv);
		free(kv);
	}
	if (root_read_file(r->rootfd, "/etc/sysconfig/i18n", 65536, &text, NULL) == 0) {
		env_parse_file(text, &r->env, &bad);
		free(text);
	}
	strlist_free(&bad);
}

int sysv_main(const struct boot_opts *o)
{
	struct rc r = { .root = o->root };
	struct err e = { 0 };

	r.rootfd = open(o->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (r.rootfd < 0 || sup_init(&r.sup, &e) < 0) {
		log_err(LEAPP_INIT_LOG_ERROR, "%s", r.rootfd < 0 ? strerror(errno) : e.msg);
		if (r.rootfd >= 0)
			close(r.rootfd);
		return 1;
	}
	int level = o->runlevel ? o->runlevel : sysvgen_initdefault(r.rootfd);
	char *lv = xasprintf("RUNLEVEL=%d", level);
	script_env(&r);
	env_set(&r.env, lv);
	free(lv);
	r.dir = rc_dir(r.rootfd, level);
	log_out(LEAPP_INIT_LOG_BOOTING, "sysv: runlevel %d (%s)", level, r.dir);
	sysinit(&r);
	upstart_jobs(&r);
	start_all(&r);
	if (!r.sup.stop_signal)
		log_out(LEAPP_INIT_LOG_BOOTED, "%d started, %d failed, %d skipped", r.nstart, r.nfail, r.nskip);
	while (!r.sup.stop_signal)
		sup_poll(&r.sup, -1);
	long long t0 = now_ms();
	log_out(LEAPP_INIT_LOG_SHUTDOWN, "%s: %lld s to stop", signal_name(r.sup.stop_signal), o->stop_timeout_ms / 1000);
	long long rest = o->stop_timeout_ms > 4000 ? 2000 : o->stop_timeout_ms / 2;
	env_set(&r.env, "RUNLEVEL=0");
	stop_all(&r, t0 + o->stop_timeout_ms - rest);
	end_everything(&r.sup, t0 + o->stop_timeout_ms);
	log_out(LEAPP_INIT_LOG_HALTED, "%s", "");
	sup_restore(&r.sup);
	strlist_free(&r.env);
	strlist_free(&r.started);
	free(r.dir);
	close(r.rootfd);
	return 0;
}
