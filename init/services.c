#include "init/services.h"
#include "init/cond.h"
#include "init/graph.h"
#include "init/log.h"
#include "init/rootfs.h"
#include "init/service.h"
#include "init/skiplist.h"
#include "init/sysv.h"
#include "init/sysvgen.h"
#include "init/tmpfiles.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct boot {
	struct svc_ctx c;
	struct sup sup;
	struct graph g;
	struct sysvgen sysv;		/* the machine's init scripts, as systemd's generator sees them */
	struct svc *svcs;		/* one per graph node; u NULL when not a service run */
	int *failed;			/* per node: its start failed */
	size_t *started;		/* services in the order they became active */
	size_t nstarted;
	int stopping;
	int nstart, nfail, nskip;
	char *hostname, *machine_id;
};

static void warn_unit(const char *unit, const char *msg)
{
	log_out(LEAPP_INIT_LOG_WARNING, "%s: %s", unit, msg);
}

/* A main process ended: log it, and restart it when Restart= says so. */
static void main_exited(void *arg, pid_t pid, int status)
{
	struct boot *b = arg;
	char d[64];

	for (size_t i = 0; i < b->g.n; i++) {
		struct svc *s = &b->svcs[i];
		if (!s->u || s->main_pid != pid)
			continue;
		s->main_pid = 0;
		describe_status(status, d, sizeof(d));
		log_out(LEAPP_INIT_LOG_EXITED, "%s: %s", s->name, d);
		if (b->stopping || s->state != ST_RUNNING)
			return;
		int clean = WIFEXITED(status) && !WEXITSTATUS(status);
		s->state = s->remain && clean ? ST_EXITED : clean ? ST_DEAD : ST_FAILED;
		if (!svc_wants_restart(s, status))
			return;
		if (!svc_count_start(s, now_ms())) {
			log_out(LEAPP_INIT_LOG_GAVE_UP, "%s: %zu starts within %lld s", s->name, s->nstarts,
				s->limit_interval / 1000);
			s->state = ST_FAILED;
			return;
		}
		s->restart_at = now_ms() + s->restart_ms;
		log_out(LEAPP_INIT_LOG_RESTARTING, "%s in %lld ms", s->name, s->restart_ms);
		return;
	}
	/* Not a main process: an orphan reaped, or a helper. Nothing to say. */
}

static const char *type_reason(enum unit_type t)
{
	switch (t) {
	case UNIT_SOCKET: return "socket units are not honoured: socket activation needs systemd as PID 1; the service is started only when something else wants it";
	case UNIT_TIMER: return "timer units are not honoured: run the job from the machine's cron instead";
	case UNIT_PATH: return "path units are not honoured";
	case UNIT_MOUNT: case UNIT_AUTOMOUNT: case UNIT_SWAP: return "mounts belong to the pod's volumes";
	case UNIT_DEVICE: return "devices belong to the container runtime";
	case UNIT_SLICE: case UNIT_SCOPE: return "cgroups belong to the container runtime";
	default: return "not a unit type leapp-init runs";
	}
}

/* Why node i is not run as a service, or NULL to run it. */
static const char *not_run(struct boot *b, size_t i)
{
	struct gnode *n = &b->g.v[i];
	enum unit_type t = unit_name_type(n->name);

	if (!n->u)
		return "its unit file cannot be read";
	if (n->u->masked)
		return "masked (linked to /dev/null)";
	if (t != UNIT_SERVICE && t != UNIT_TARGET)
		return type_reason(t);
	if (unit_name_is_template(n->name))
		return "a template without an instance cannot be started";
	const char *why = t == UNIT_SERVICE ? skip_reason(n->u->id) : NULL;
	if (why)
		return why;
	/* An init script also by its own name (RHEL 6's list: netfs, killall...). */
	if (n->u->generated && (why = sysv_skip_reason(strrchr(n->u->path, '/') + 1)))
		return why;
	if (!n->u->path)
		return t == UNIT_TARGET ? NULL : "no unit file for it in the machine";
	return NULL;
}

static void skipped(struct boot *b, const char *name, const char *why)
{
	log_out(LEAPP_INIT_LOG_SKIPPED, "%s: %s", name, why);
	b->nskip++;
}

/* A required unit that failed keeps this one from starting. */
static const char *failed_requirement(struct boot *b, size_t i)
{
	for (size_t k = 0; k < b->g.v[i].requires.n; k++) {
		long j = graph_find(&b->g, b->g.v[i].requires.v[k]);
		if (j >= 0 && b->failed[j])
			return b->g.v[j].name;
	}
	return NULL;
}

static int conditions_hold(struct boot *b, size_t i)
{
	struct strlist unchecked = { 0 };
	char *why = NULL;
	const char *virt = getenv("container");
	int r = cond_check(b->c.rootfd, b->g.v[i].u, virt ? virt : "oci", &why, &unchecked);

	for (size_t k = 0; k < unchecked.n; k++)
		log_out(LEAPP_INIT_LOG_WARNING, "%s: %s not evaluated, assumed true", b->g.v[i].name, unchecked.v[k]);
	if (r == COND_FALSE)
		log_out(LEAPP_INIT_LOG_CONDITION, "%s: %s", b->g.v[i].name, why);
	else if (r == COND_ASSERT_FAILED) {
		log_out(LEAPP_INIT_LOG_FAILED, "%s: assertion failed: %s", b->g.v[i].name, why);
		b->failed[i] = 1;
		b->nfail++;
	}
	free(why);
	strlist_free(&unchecked);
	return r == COND_TRUE;
}

static void report_started(struct svc *s)
{
	const char *sysv = s->u->generated ? "sysv script, " : "";

	if (s->main_pid)
		log_out(LEAPP_INIT_LOG_STARTED, "%s (%spid %d)", s->name, sysv, (int)s->main_pid);
	else if (s->u->generated && s->state == ST_EXITED)
		log_out(LEAPP_INIT_LOG_STARTED, "%s (sysv script)", s->name);
	else
		log_out(LEAPP_INIT_LOG_STARTED, "%s (%s)", s->name, s->state == ST_EXITED ? "active" : "exited");
}

static void start_service(struct boot *b, size_t i)
{
	struct svc *s = &b->svcs[i];
	struct err e = { 0 };

	if (svc_load(&b->c, s, b->g.v[i].u, warn_unit, &e) < 0) {
		log_out(LEAPP_INIT_LOG_FAILED, "%s: %s", b->g.v[i].name, e.msg);
		svc_free(s);
		b->failed[i] = 1;
		b->nfail++;
		return;
	}
	svc_count_start(s, now_ms());
	int r = svc_start(&b->c, s, &e);
	if (r == START_FAILED) {
		log_out(LEAPP_INIT_LOG_FAILED, "%s: %s", s->name, e.msg);
		b->failed[i] = 1;
		b->nfail++;
		return;
	}
	if (r == START_INTERRUPTED)
		return;
	b->started[b->nstarted++] = i;
	b->nstart++;
	report_started(s);
}

static void boot_node(struct boot *b, size_t i)
{
	const char *why = not_run(b, i), *req;
	struct gnode *n = &b->g.v[i];

	if (why) {
		skipped(b, n->name, why);
		return;
	}
	for (size_t k = 0; k < n->u->warnings.n; k++)
		log_out(LEAPP_INIT_LOG_WARNING, "%s", n->u->warnings.v[k]);
	if ((req = failed_requirement(b, i))) {
		log_out(LEAPP_INIT_LOG_FAILED, "%s: it requires %s, which failed", n->name, req);
		b->failed[i] = 1;
		b->nfail++;
		return;
	}
	if (!conditions_hold(b, i))
		return;
	if (unit_name_type(n->name) == UNIT_TARGET) {
		log_out(LEAPP_INIT_LOG_STARTED, "%s", n->name);
		return;
	}
	start_service(b, i);
}

/* Restarts whose time has come; returns the next one due (or -1). */
static long long due_restarts(struct boot *b)
{
	long long next = -1, now = now_ms();

	for (size_t i = 0; i < b->g.n && !b->sup.stop_signal; i++) {
		struct svc *s = &b->svcs[i];
		if (!s->u || !s->restart_at)
			continue;
		if (s->restart_at <= now) {
			struct err e = { 0 };
			s->restart_at = 0;
			if (svc_start(&b->c, s, &e) == START_FAILED) {
				log_out(LEAPP_INIT_LOG_FAILED, "%s: %s", s->name, e.msg);
				if (s->restart != R_NO && svc_count_start(s, now_ms()))
					s->restart_at = now_ms() + s->restart_ms;
				else if (s->restart != R_NO)
					log_out(LEAPP_INIT_LOG_GAVE_UP, "%s: %zu starts within %lld s", s->name,
						s->nstarts, s->limit_interval / 1000);
			} else
				report_started(s);
			now = now_ms();
		}
		if (s->restart_at && (next < 0 || s->restart_at < next))
			next = s->restart_at;
	}
	return next;
}

/* Reverse start order, each unit within what is left of the grace period. */
static void shutdown_all(struct boot *b, long long budget)
{
	long long end = now_ms() + budget;

	b->stopping = 1;
	for (size_t k = b->nstarted; k-- > 0;) {
		struct svc *s = &b->svcs[b->started[k]];
		if (s->state != ST_RUNNING && s->state != ST_EXITED && !s->main_pid)
			continue;
		long long left = end - now_ms();
		/* Leave a second for each unit still to stop after this one. */
		long long share = left - (long long)k * 1000;
		long long t = s->stop_timeout < 0 ? share : s->stop_timeout;
		if (t > share)
			t = share;
		if (t < 1000)
			t = left < 1000 ? left : 1000;
		log_out(LEAPP_INIT_LOG_STOPPING, "%s", s->name);
		svc_stop(&b->c, s, now_ms() + t);
		s->state = ST_DEAD;
		log_out(LEAPP_INIT_LOG_STOPPED, "%s", s->name);
	}
}

static char *first_line(int rootfd, const char *path)
{
	char *text;

	if (root_read_file(rootfd, path, 4096, &text, NULL) < 0)
		return NULL;
	text[strcspn(text, "\n")] = '\0';
	if (!*text) {
		free(text);
		return NULL;
	}
	return text;
}

/* What systemd gives every service: PATH, and the machine's locale. */
static void base_env(struct boot *b)
{
	char *text;
	struct strlist bad = { 0 };

	env_set(&b->c.base_env, "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
	if (root_read_file(b->c.rootfd, "/etc/locale.conf", 65536, &text, NULL) == 0) {
		env_parse_file(text, &b->c.base_env, &bad);
		free(text);
	}
	strlist_free(&bad);
}

static char *default_target(struct boot *b, const char *asked)
{
	struct unit *u;
	struct err e = { 0 };

	if (asked)
		return xstrdup(asked);
	if (unit_load(b->c.rootfd, "default.target", &u, &e) == 0) {
		char *id = u->path && strcmp(u->id, "default.target") ? xstrdup(u->id) : NULL;
		unit_free(u);
		if (id)
			return id;
	}
	return xstrdup("multi-user.target");
}

static int boot_init(struct boot *b, const struct boot_opts *o, struct err *e)
{
	b->c.rootfd = open(o->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (b->c.rootfd < 0)
		return err_set(e, EXIT_FAIL, "%s: %s", o->root, strerror(errno));
	b->c.root = o->root;
	b->c.sup = &b->sup;
	if (sup_init(&b->sup, e) < 0)
		return -1;
	b->sup.on_exit = main_exited;
	b->sup.arg = b;
	b->hostname = first_line(b->c.rootfd, "/etc/hostname");
	b->machine_id = first_line(b->c.rootfd, "/etc/machine-id");
	b->c.uctx.hostname = b->hostname;
	b->c.uctx.machine_id = b->machine_id;
	base_env(b);
	return 0;
}

static void boot_free(struct boot *b)
{
	for (size_t i = 0; i < b->g.n; i++)
		if (b->svcs && b->svcs[i].u)
			svc_free(&b->svcs[i]);
	free(b->svcs);
	free(b->failed);
	free(b->started);
	graph_free(&b->g);
	sysvgen_free(&b->sysv);
	strlist_free(&b->c.base_env);
	free(b->hostname);
	free(b->machine_id);
	if (b->c.rootfd >= 0)
		close(b->c.rootfd);
}

static void prepare(struct boot *b, const char *target)
{
	struct strlist tw = { 0 };

	tmpfiles_create(b->c.rootfd, &tw);
	for (size_t i = 0; i < tw.n; i++)
		log_out(LEAPP_INIT_LOG_WARNING, "tmpfiles.d %s", tw.v[i]);
	strlist_free(&tw);
	sysvgen_scan(b->c.rootfd, b->c.root, &b->sysv);
	for (size_t i = 0; i < b->sysv.warnings.n; i++)
		log_out(LEAPP_INIT_LOG_WARNING, "%s", b->sysv.warnings.v[i]);
	b->g.sysv = &b->sysv;
	graph_build(b->c.rootfd, target, &b->g);
	graph_order(&b->g);
	for (size_t i = 0; i < b->g.warnings.n; i++)
		log_out(LEAPP_INIT_LOG_WARNING, "%s", b->g.warnings.v[i]);
	b->svcs = xcalloc(b->g.n + 1, sizeof(*b->svcs));
	b->failed = xcalloc(b->g.n + 1, sizeof(*b->failed));
	b->started = xcalloc(b->g.n + 1, sizeof(*b->started));
}

int services_main(const struct boot_opts *o)
{
	struct boot b = { 0 };
	struct err e = { 0 };

	b.c.rootfd = -1;
	if (boot_init(&b, o, &e) < 0) {
		log_err(LEAPP_INIT_LOG_ERROR, "%s", e.msg);
		boot_free(&b);
		return 1;
	}
	char *target = default_target(&b, o->target);
	log_out(LEAPP_INIT_LOG_BOOTING, "services: default.target is %s", target);
	prepare(&b, target);
	free(target);
	for (size_t k = 0; k < b.g.n && !b.sup.stop_signal; k++)
		boot_node(&b, b.g.order[k]);
	if (!b.sup.stop_signal)
		log_out(LEAPP_INIT_LOG_BOOTED, "%d started, %d failed, %d skipped", b.nstart, b.nfail, b.nskip);
	while (!b.sup.stop_signal)
		sup_poll(&b.sup, due_restarts(&b));
	long long t0 = now_ms();
	log_out(LEAPP_INIT_LOG_SHUTDOWN, "%s: %lld s to stop", signal_name(b.sup.stop_signal), o->stop_timeout_ms / 1000);
	/* Keep a little of the grace period for what no unit owns. */
	long long rest = o->stop_timeout_ms > 4000 ? 2000 : o->stop_timeout_ms / 2;
	shutdown_all(&b, o->stop_timeout_ms - rest);
	end_everything(&b.sup, t0 + o->stop_timeout_ms);
	log_out(LEAPP_INIT_LOG_HALTED, "%s", "");
	sup_restore(&b.sup);
	boot_free(&b);
	return 0;
}
