/* Runs the catalogue over the pod view: family by family, each row looks
 * where it says; what it matches means the first of its family's causes
 * that fits this pod, and becomes a finding (one per id and container).
 * Then effects of another finding are dropped, the engine adds its
 * fallbacks and orders root cause first. What the pod has got past
 * since (a volume mounted after all, an image pulled, a probe that passes
 * now) is history, not a cause. */
#include "diag/analyze.h"
#include "diag/findings.h"
#include "diag/podstatus.h"
#include "diag/template.h"
#include "diag/view.h"

#include <stdlib.h>
#include <string.h>

struct ctx {
	const struct rule_set *rs;
	const struct diag_facts *f;
	struct diagnosis *d;
	struct diag_view v;
	struct tvars t;
};

/* A row at work: its family, its number, the row itself. */
struct at {
	size_t fam, k;
	const struct family *F;
	const struct rule *r;
};

/* ---- recording ---- */

/* A container that runs, is ready, and has run a while since its last
 * restart got past what an earlier run of it met: worth a warning, not an
 * error. Ready a few seconds after an OOM kill is the loop going round. An
 * init container that completed got past its earlier runs' trouble. */
#define RECOVERED_AFTER	600	/* seconds */

static int recovered(const struct ctx *c, const struct diag_ctr *t)
{
	if (t && t->init)
		return t->term && !t->waiting && json_integer_value(jget(t->term, "exitCode")) == 0 &&
		       json_is_integer(jget(t->term, "exitCode"));
	return t && t->running && t->ready && t->started && c->v.now - t->started >= RECOVERED_AFTER;
}

static enum diag_stage stage_of(const struct at *a)
{
	return a->r->stage ? a->r->stage : a->F->stage;
}

static void add_texts(struct ctx *c, struct diag_finding *f, const struct cause *cause, const struct tmatch *m,
		      int fresh, const char *const *ev, size_t nev)
{
	if (fresh) {
		f->summary = template_expand(&c->t, m, cause->summary, NULL);
		f->explanation = template_expand(&c->t, m, cause->explanation, NULL);
	}
	for (size_t i = 0; i < nev; i++)
		finding_evidence(f, ev[i]);
	/* each remedy line on its own: one that needs a value this pod does not
	 * have is left out rather than shown with a placeholder */
	const char *p = cause->remedy ? cause->remedy : "";
	while (*p) {
		size_t n = strcspn(p, "\n");
		char *line = xstrndup(p, n);
		int missing;
		char *text = template_expand(&c->t, m, line, &missing);
		if (!missing)
			finding_remedy(f, text);
		free(text);
		free(line);
		p += n + (p[n] == '\n');
	}
}

static const char *container_of(const struct tmatch *m)
{
	return m && m->ctr ? m->ctr->name : m ? m->container : NULL;
}

/* The engine's own findings: the fallbacks. */
static void record_own(struct ctx *c, const struct cause *cause, enum diag_stage stage, const struct tmatch *m,
		       const char *const *ev, size_t nev)
{
	int fresh;
	struct diag_finding *f = finding_get(c->d, cause->id, stage, cause->sev, c->rs->nrules, container_of(m),
					     m && m->ctr ? m->ctr->init : -1, &fresh);

	add_texts(c, f, cause, m, fresh, ev, nev);
}

static int holds(unsigned cond, unsigned ncond, unsigned k)
{
	return (cond & k) == cond && !(ncond & k);
}

static unsigned facts_of(const struct ctx *c, const struct diag_ctr *t)
{
	return c->v.conds | (t ? t->conds : 0);
}

/* Whether a cause fits what the row matched: its text, what it captured,
 * and the pod's and the container's facts. */
static int fits(const struct ctx *c, const struct at *a, size_t j, const char *text, const struct tmatch *m)
{
	const struct cause *cz = &a->F->causes[j];
	size_t n = c->rs->cause_base[a->fam] + j;

	if (!holds(cz->cond, cz->ncond, facts_of(c, m->ctr)))
		return 0;
	if (c->rs->has_when[n] && regexec(&c->rs->when[n], text ? text : "", 0, NULL, 0))
		return 0;
	return !(c->rs->has_cap[n] && regexec(&c->rs->cap[n], m->cap, 0, NULL, 0));
}

static int catch_all(const struct cause *cz)
{
	return !cz->when && !cz->cap && !cz->cond && !cz->ncond;
}

/* The family's first cause that fits (NULL: none). */
static const struct cause *choose(const struct ctx *c, const struct at *a, const char *text, const struct tmatch *m)
{
	for (size_t j = 0; j < a->F->ncauses; j++)
		if (fits(c, a, j, text, m))
			return &a->F->causes[j];
	return NULL;
}

/* A finding this family already made for the container, if any. */
static struct diag_finding *family_finding(struct ctx *c, const struct at *a, const char *container)
{
	for (size_t i = 0; i < c->d->n; i++) {
		struct diag_finding *f = &c->d->v[i];
		if (f->family == a->fam + 1 &&
		    ((!container && !f->container) || (container && f->container && !strcmp(container, f->container))))
			return f;
	}
	return NULL;
}

/* One cause's finding, with the row's evidence. */
static void apply(struct ctx *c, const struct at *a, const struct cause *cause, const struct tmatch *m,
		  const char *const *ev, size_t nev, int past)
{
	enum diag_severity sev = cause->sev;
	int fresh;

	if (past && recovered(c, m ? m->ctr : NULL) && sev > SEV_WARNING)
		sev = SEV_WARNING;
	struct diag_finding *f = finding_get(c->d, cause->id, stage_of(a), sev, a->k, container_of(m),
					     m && m->ctr ? m->ctr->init : -1, &fresh);
	if (fresh) {
		f->family = a->fam + 1;
		f->effect_of = cause->effect_of;
	}
	if (cause->flags & CAUSE_SETTLES)
		f->settles = 1;
	add_texts(c, f, cause, m, fresh, ev, nev);
}

/* What a row matched: evidence for the findings of the causes it means
 * here (the first that fits, and those after it while they say "and"). */
static void record(struct ctx *c, const struct at *a, const char *text, const struct tmatch *m,
		   const char *const *ev, size_t nev, int past)
{
	struct diag_finding *f;
	int applied = 0;

	if ((a->r->flags & R_FOLLOWS) && (f = family_finding(c, a, container_of(m)))) {
		for (size_t i = 0; i < nev; i++)
			finding_evidence(f, ev[i]);
		return;
	}
	for (size_t j = 0; j < a->F->ncauses; j++) {
		const struct cause *cz = &a->F->causes[j];
		if (!fits(c, a, j, text, m))
			continue;
		if (!cz->id || (applied && catch_all(cz)))
			break;	/* no cause here, or the last word when another was said */
		apply(c, a, cz, m, ev, nev, past);
		applied = 1;
		if (!(cz->flags & CAUSE_AND))
			break;
	}
}

/* ---- matching ---- */

static int match_text(const struct ctx *c, const struct at *a, const char *reason, const char *text, struct tmatch *m)
{
	const struct rule *r = a->r;
	const struct rule_rx *rx = &c->rs->rx[a->k];

	if (!text)
		text = "";
	if (r->reason && (!reason || strcmp(r->reason, reason)))
		return 0;
	m->cap[0] = '\0';
	if (r->pattern) {
		if (r->how == M_EXACT && strcmp(text, r->pattern))
			return 0;
		if (r->how == M_SUBSTR && !strstr(text, r->pattern))
			return 0;
		if (r->how == M_REGEX || r->how == M_IREGEX) {
			regmatch_t g[4];
			if (regexec(&rx->pat, text, 4, g, 0))
				return 0;
			for (int k = 1; k < 4; k++) {
				if (g[k].rm_so < 0)
					continue;
				size_t n = (size_t)(g[k].rm_eo - g[k].rm_so);
				if (n >= sizeof(m->cap))
					n = sizeof(m->cap) - 1;
				memcpy(m->cap, text + g[k].rm_so, n);
				m->cap[n] = '\0';
				break;
			}
		}
	}
	if (rx->has_unless && !regexec(&rx->unless, text, 0, NULL, 0))
		return 0;
	return 1;
}

/* Whether a row looks at this container (and this run of it): init
 * containers, main ones, or main ones only when they failed. */
static int ctr_applies(const struct at *a, const struct diag_ctr *t, int previous)
{
	unsigned on = a->r->on ? a->r->on : a->F->on;

	if (!on || !t)
		return 1;
	if (t->init)
		return (on & ON_INIT) != 0;
	return (on & ON_MAIN) || ((on & ON_FAILED) && (t->failed || previous));
}

/* The row's facts hold for the pod and the container. */
static int row_holds(const struct ctx *c, const struct at *a, const struct diag_ctr *t)
{
	return holds(a->r->cond, a->r->ncond, facts_of(c, t));
}

static void state_line(struct strbuf *sb, const char *what, const char *state, const json_t *s)
{
	const char *reason = jstr(s, "reason"), *msg = jstr(s, "message");
	json_t *code = json_object_get(s, "exitCode");

	sb_addf(sb, "%s: %s", what, state);
	if (reason)
		sb_addf(sb, " (%s)", reason);
	if (json_is_integer(code))
		sb_addf(sb, ", exit code %lld", (long long)json_integer_value(code));
	if (msg && *msg) {
		/* A FallbackToLogsOnError message is the log tail: its last line is enough here. */
		size_t n = strlen(msg);
		while (n && msg[n - 1] == '\n')
			n--;
		const char *last = msg;
		for (size_t i = 0; i < n; i++)
			if (msg[i] == '\n')
				last = msg + i + 1;
		sb_adds(sb, ": ");
		sb_add(sb, last, (size_t)(msg + n - last));
	}
}

static void run_waiting(struct ctx *c, const struct at *a)
{
	for (size_t k = 0; k < c->v.nctr; k++) {
		const struct diag_ctr *t = &c->v.ctr[k];
		struct tmatch m = { .ctr = t };
		const char *msg = jstr(t->waiting, "message");
		if (!t->waiting || !ctr_applies(a, t, 0) || !row_holds(c, a, t) ||
		    !match_text(c, a, t->waiting_reason, msg, &m))
			continue;
		struct strbuf sb = STRBUF_INIT;
		state_line(&sb, "state", "waiting", t->waiting);
		const char *ev = sb.buf;
		record(c, a, msg, &m, &ev, 1, 0);
		sb_free(&sb);
	}
}

static void run_terminated(struct ctx *c, const struct at *a)
{
	for (size_t k = 0; k < c->v.nctr; k++) {
		const struct diag_ctr *t = &c->v.ctr[k];
		const json_t *where[] = { t->term, t->last };
		for (int w = 0; w < 2; w++) {
			struct tmatch m = { .ctr = t };
			json_t *code = json_object_get(where[w], "exitCode");
			const char *msg = jstr(where[w], "message");
			if (!where[w] || !ctr_applies(a, t, w) || !row_holds(c, a, t))
				continue;
			if (json_is_integer(code)) {
				m.exit_code = json_integer_value(code);
				m.has_exit = 1;
			}
			if (a->r->exit_code && (!m.has_exit || m.exit_code != atoll(a->r->exit_code)))
				continue;
			if (!match_text(c, a, jstr(where[w], "reason"), msg, &m))
				continue;
			struct strbuf sb = STRBUF_INIT;
			state_line(&sb, w ? "last state" : "state", "terminated", where[w]);
			const char *ev = sb.buf;
			record(c, a, msg, &m, &ev, 1, w);
			sb_free(&sb);
		}
	}
}

static void run_pod_status(struct ctx *c, const struct at *a)
{
	struct tmatch m = { 0 };

	if (!c->v.pod || !c->v.reason || !row_holds(c, a, NULL) || !match_text(c, a, c->v.reason, c->v.message, &m))
		return;
	char *ev = xasprintf("status: %s: %s", c->v.reason, c->v.message ? c->v.message : "");
	const char *e = ev;
	record(c, a, c->v.message, &m, &e, 1, 0);
	free(ev);
}

static void run_pod_condition(struct ctx *c, const struct at *a)
{
	size_t k;
	json_t *cond;

	if (!row_holds(c, a, NULL))
		return;
	json_array_foreach(jget(c->v.pod, "status.conditions"), k, cond) {
		struct tmatch m = { 0 };
		const char *st = jstr(cond, "status"), *type = jstr(cond, "type"), *reason = jstr(cond, "reason");
		const char *msg = jstr(cond, "message");
		if (st && !strcmp(st, "True"))
			continue;
		if (!match_text(c, a, reason, msg, &m))
			continue;
		char *ev = xasprintf("condition %s=%s (%s): %s", type ? type : "?", st ? st : "?", reason ? reason : "",
				     msg ? msg : "");
		const char *e = ev;
		record(c, a, msg, &m, &e, 1, 0);
		free(ev);
	}
}

/* An event as kubectl describe shows it: type, reason, age (xN over AGE), from, message. */
static char *event_line(const struct ctx *c, const struct diag_ev *e)
{
	struct strbuf sb = STRBUF_INIT;

	sb_addf(&sb, "%s %s ", e->type ? e->type : "Normal", e->reason ? e->reason : "");
	if (e->last) {
		diag_age(&sb, c->v.now - e->last);
		if (e->count > 1 && e->first) {
			sb_addf(&sb, " (x%lld over ", e->count);
			diag_age(&sb, c->v.now - e->first);
			sb_addc(&sb, ')');
		}
	} else {
		sb_adds(&sb, "<unknown>");
	}
	if (e->from)
		sb_addf(&sb, " %s", e->from);
	sb_addf(&sb, ": %s", e->message ? e->message : "");
	/* messages may span lines (the seed's FailedSync): keep one line */
	for (size_t i = 0; i < sb.len; i++)
		if (sb.buf[i] == '\n' || sb.buf[i] == '\r')
			sb.buf[i] = ' ';
	return sb_detach(&sb);
}

/* Whether the pod got past what an event reported, at the stage the rule
 * puts it: scheduled since, its containers started after the volume or
 * image trouble, ready after the probe failures, created after the
 * controller last failed to create it. Newer Normal events prove nothing:
 * the status does. */
static int resolved(const struct ctx *c, const struct diag_ev *e, enum diag_stage stage, const struct diag_ctr *t)
{
	const struct diag_view *v = &c->v;
	long long when = e->last;

	if (!v->pod || !when)
		return 0;
	switch (stage) {
	case STAGE_ADMISSION:
		return e->owner && v->created > when;
	case STAGE_SCHEDULING:
		return v->scheduled;
	case STAGE_VOLUMES:
		for (size_t k = 0; k < v->nctr; k++)
			if (v->ctr[k].started >= when)
				return 1;
		return 0;
	case STAGE_IMAGE:
		if (t)
			return t->started >= when && !t->waiting;
		for (size_t k = 0; k < v->nctr; k++)
			if (!v->ctr[k].init && (v->ctr[k].started < when || v->ctr[k].waiting))
				return 0;
		return v->nctr > 0;
	case STAGE_INIT:
	case STAGE_START:
		return t && t->started >= when && (t->running || (t->term && !json_integer_value(jget(t->term, "exitCode"))));
	case STAGE_PROBES:
		return v->ready && v->ready_at >= when && (!t || t->ready);
	default:
		return 0;
	}
}

static void run_events(struct ctx *c, const struct at *a, int owners)
{
	for (size_t k = 0; k < c->v.nev; k++) {
		const struct diag_ev *e = &c->v.ev[k];
		struct tmatch m = { 0 };
		if (owners != e->owner)
			continue;
		if (!match_text(c, a, e->reason, e->message, &m))
			continue;
		m.ctr = e->ctr >= 0 ? &c->v.ctr[e->ctr] : NULL;
		if (m.ctr && !ctr_applies(a, m.ctr, 0))
			continue;
		if (!row_holds(c, a, m.ctr) || resolved(c, e, stage_of(a), m.ctr))
			continue;
		if (e->claim)
			m.claim = e->name;
		char *line = event_line(c, e);
		const char *ev = line;
		record(c, a, e->message, &m, &ev, 1, 0);
		free(line);
	}
}

/* Events expire (1 h, 3 h on OpenShift); a controller's ReplicaFailure
 * condition keeps the same message. */
static void run_owner_conditions(struct ctx *c, const struct at *a)
{
	json_t *o, *cond;
	size_t k, j;

	if (!row_holds(c, a, NULL))
		return;
	json_array_foreach(c->f->owners, k, o) {
		json_array_foreach(jget(o, "status.conditions"), j, cond) {
			struct tmatch m = { 0 };
			const char *type = jstr(cond, "type"), *reason = jstr(cond, "reason"), *msg = jstr(cond, "message");
			if (!type || strcmp(type, "ReplicaFailure") || !match_text(c, a, "FailedCreate", msg, &m))
				continue;
			if (a->r->reason && strcmp(a->r->reason, "FailedCreate") && strcmp(a->r->reason, reason ? reason : ""))
				continue;
			const struct cause *cause = choose(c, a, msg, &m);
			if (cause && cause->id && finding_quotes(finding_find(c->d, cause->id, NULL), msg))
				continue;	/* an event or another owner already says it */
			char *line = xasprintf("%s/%s condition ReplicaFailure (%s): %s", jstr(o, "kind") ? jstr(o, "kind") : "ReplicaSet",
					       jpath(o, "metadata.name") ? jpath(o, "metadata.name") : "?", reason ? reason : "",
					       msg ? msg : "");
			const char *ev = line;
			record(c, a, msg, &m, &ev, 1, 0);
			free(line);
		}
	}
}

static void run_claims(struct ctx *c, const struct at *a)
{
	size_t k;
	json_t *pvc;

	if (!row_holds(c, a, NULL))
		return;
	json_array_foreach(c->f->claims, k, pvc) {
		struct tmatch m = { .claim = jpath(pvc, "metadata.name") };
		const char *phase = jpath(pvc, "status.phase");
		if (!match_text(c, a, phase ? phase : "Pending", NULL, &m))
			continue;
		const char *sc = jpath(pvc, "spec.storageClassName");
		char *line = xasprintf("persistentvolumeclaim/%s: %s%s%s%s", m.claim ? m.claim : "?",
				       phase ? phase : "Pending", sc ? ", storageClassName " : "",
				       sc ? (*sc ? sc : "\"\"") : "", jpath(pvc, "spec.volumeName") ? "" : ", no volumeName");
		const char *ev = line;
		record(c, a, phase ? phase : "Pending", &m, &ev, 1, 0);
		free(line);
	}
}

/* Whether a line before line k of the log matches the row's not_after. */
static int after_veto(const struct ctx *c, const struct at *a, const struct diag_vlog *g, size_t k)
{
	const struct rule_rx *rx = &c->rs->rx[a->k];

	for (size_t i = 0; rx->has_not_after && i < k; i++)
		if (!regexec(&rx->not_after, g->line[i].s, 0, NULL, 0))
			return 1;
	return 0;
}

/* The last line of a log matching the row, with the line before when asked. */
static void run_log(struct ctx *c, const struct at *a, const struct diag_vlog *g)
{
	const struct diag_ctr *t = view_ctr(&c->v, g->container);
	struct diag_ctr fake = { .name = g->container, .init = g->init, .failed = 1 };
	struct tmatch m = { 0 }, last = { 0 };
	size_t hit = 0;
	int found = 0;

	if (!ctr_applies(a, t ? t : &fake, g->previous) || !row_holds(c, a, t))
		return;
	for (size_t k = 0; k < g->n; k++)
		if (match_text(c, a, NULL, g->line[k].s, &m) && !after_veto(c, a, g, k)) {
			hit = k;
			last = m;
			found = 1;
		}
	if (!found)
		return;
	const char *ev[2];
	size_t n = 0;
	if (a->r->quote == Q_PREV && hit > 0)
		ev[n++] = g->line[hit - 1].s;
	ev[n++] = g->line[hit].s;
	last.ctr = t;
	last.container = g->container;
	record(c, a, g->line[hit].s, &last, ev, n, g->previous);
}

/* ---- fallbacks ---- */

static int has_error(const struct diagnosis *d, const char *container)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].sev == SEV_ERROR &&
		    (!container || (d->v[i].container && !strcmp(d->v[i].container, container))))
			return 1;
	return 0;
}

/* A finding already says why the container ended (it was stopped). */
static int settled(const struct diagnosis *d, const char *container)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].settles && d->v[i].container && !strcmp(d->v[i].container, container))
			return 1;
	return 0;
}

static const struct diag_vlog *log_for(const struct diag_view *v, const char *container, int previous)
{
	for (size_t i = 0; i < v->nlog; i++)
		if (!strcmp(v->log[i].container, container) && v->log[i].previous == previous && v->log[i].n)
			return &v->log[i];
	return NULL;
}

static int error_waiting(const char *r)
{
	return r && strcmp(r, "ContainerCreating") && strcmp(r, "PodInitializing") && strcmp(r, "CrashLoopBackOff");
}

static void fallback_containers(struct ctx *c)
{
	for (size_t k = 0; k < c->v.nctr; k++) {
		const struct diag_ctr *t = &c->v.ctr[k];
		const json_t *term = t->last ? t->last : t->term;
		struct tmatch m = { .ctr = t };
		const char *ev[8];
		char *own[8];
		size_t n = 0, nown = 0;

		if (!t->status || has_error(c->d, t->name) || settled(c->d, t->name))
			continue;
		if (t->init && recovered(c, t))
			continue;	/* it completed: earlier runs' trouble is over */
		json_t *code = json_object_get(term, "exitCode");
		if (json_is_integer(code)) {
			m.exit_code = json_integer_value(code);
			m.has_exit = 1;
		}
		int failed = m.has_exit && m.exit_code != 0;
		/* a crash loop restarts; one that runs and is ready again is over */
		int looping = (t->waiting_reason && !strcmp(t->waiting_reason, "CrashLoopBackOff")) ||
			      (t->restarts > 0 && failed && !recovered(c, t));
		int exited = !looping && t->term && failed;
		const struct cause *row = NULL;
		if (looping || exited) {
			struct strbuf sb = STRBUF_INIT;
			if (t->waiting) {
				state_line(&sb, "state", "waiting", t->waiting);
				ev[n++] = own[nown++] = sb_detach(&sb);
			}
			if (term) {
				state_line(&sb, term == t->term ? "state" : "last state", "terminated", term);
				ev[n++] = own[nown++] = sb_detach(&sb);
			}
			const struct diag_vlog *g = log_for(&c->v, t->name, 1);
			if (!g)
				g = log_for(&c->v, t->name, 0);
			for (size_t i = g && g->n > 3 ? g->n - 3 : 0; g && i < g->n; i++)
				ev[n++] = g->line[i].s;
			row = looping ? &diag_rule_crashloop : &diag_rule_exited;
		} else if (error_waiting(t->waiting_reason)) {
			struct strbuf sb = STRBUF_INIT;
			snprintf(m.cap, sizeof(m.cap), "%s", t->waiting_reason);
			state_line(&sb, "state", "waiting", t->waiting);
			ev[n++] = own[nown++] = sb_detach(&sb);
			row = t->restarts > 0 ? &diag_rule_cannot_restart : &diag_rule_cannot_start;
		}
		if (row)
			record_own(c, row, STAGE_CRASHLOOP, &m, ev, n);
		for (size_t i = 0; i < nown; i++)
			free(own[i]);
	}
}

/* What a pod that has not failed is waiting for, in a few words. */
static char *waiting_for(const struct ctx *c)
{
	const struct diag_view *v = &c->v;
	size_t i;
	json_t *o;

	if (!v->pod) {
		json_array_foreach(c->f->owners, i, o) {
			size_t j;
			json_t *cond;
			json_array_foreach(jget(o, "status.conditions"), j, cond)
				if (jstr(cond, "type") && !strcmp(jstr(cond, "type"), "ReplicaFailure"))
					return xasprintf("no pod could be created (%s)", jstr(cond, "message") ? jstr(cond, "message") : "ReplicaFailure");
		}
		return xstrdup("no pod has been created for it yet");
	}
	if (v->phase && (!strcmp(v->phase, "Failed") || !strcmp(v->phase, "Succeeded")))
		return xasprintf("the pod has ended (%s%s%s)", v->reason ? v->reason : v->phase, v->message ? ": " : "",
				 v->message ? v->message : "");
	if (!v->scheduled)
		return xstrdup("the scheduler has not placed it on a node yet");
	for (size_t k = 0; k < v->nctr; k++) {
		const struct diag_ctr *t = &v->ctr[k];
		const char *wr = t->waiting_reason;
		if (t->init && t->running)
			return xasprintf("the init container %s is still running (it downloads and unpacks the machine)", t->name);
		if (wr && !strcmp(wr, "ContainerCreating"))
			return xasprintf("%s is being created (image pull, volumes)", t->name);
		if (wr && !strcmp(wr, "PodInitializing"))
			return xasprintf("%s waits for the init containers to finish", t->name);
		if (!t->init && t->running && !t->ready)
			return xasprintf("%s runs, but its readiness probe has not passed yet", t->name);
	}
	if (!json_array_size(jget(v->pod, "status.containerStatuses")))
		return xstrdup("its containers have not been created yet");
	return xstrdup("its containers are not all ready");
}

static void fallback_pod(struct ctx *c)
{
	const struct diag_view *v = &c->v;
	int ended = v->phase && (!strcmp(v->phase, "Failed") || !strcmp(v->phase, "Succeeded"));
	int ready = v->pod && v->ready && !ended;
	const char *ev[1];
	char *own = NULL;
	size_t n = 0;

	if (has_error(c->d, NULL))
		return;
	if (ready) {
		record_own(c, &diag_rule_healthy, STAGE_STATUS, NULL, NULL, 0);
		return;
	}
	for (size_t i = 0; i < c->d->n; i++)
		if (c->d->v[i].sev == SEV_WARNING && !ended && v->pod)
			return;	/* a warning already says why it is not ready */
	struct tmatch m = { 0 };
	char *w = waiting_for(c);
	m.waiting = w;
	if (v->pod && v->reason)
		ev[n++] = own = xasprintf("status: %s: %s", v->reason, v->message ? v->message : "");
	record_own(c, ended || !v->pod ? &diag_rule_failed : &diag_rule_not_ready, STAGE_STATUS, &m, ev, n);
	free(own);
	free(w);
}

/* ---- the whole run ---- */

void diag_analyze(const struct rule_set *rs, const struct diag_facts *f, struct diagnosis *d)
{
	struct ctx c = { .rs = rs, .f = f, .d = d };

	memset(d, 0, sizeof(*d));
	podstatus_header(d, f);
	diag_view_build(&c.v, f);
	tvars_build(&c.t, &c.v, d->object);
	for (size_t fi = 0; fi < rs->nfam; fi++) {
		const struct family *F = &rs->fam[fi];
		for (size_t ri = 0; ri < F->nrules; ri++) {
			struct at a = { .fam = fi, .k = rs->rule_base[fi] + ri, .F = F, .r = &F->rules[ri] };
			unsigned w = a.r->where;
			if (w & SRC_OWNER) {
				run_events(&c, &a, 1);
				run_owner_conditions(&c, &a);
			}
			if (w & SRC_CLAIM)
				run_claims(&c, &a);
			if (w & SRC_POD_STATUS)
				run_pod_status(&c, &a);
			if (w & SRC_POD_CONDITION)
				run_pod_condition(&c, &a);
			if (w & SRC_EVENT)
				run_events(&c, &a, 0);
			if (w & SRC_WAITING)
				run_waiting(&c, &a);
			if (w & SRC_TERMINATED)
				run_terminated(&c, &a);
			for (size_t k = 0; (w & SRC_LOG) && k < c.v.nlog; k++)
				run_log(&c, &a, &c.v.log[k]);
		}
	}
	findings_drop_effects(d);
	fallback_containers(&c);
	fallback_pod(&c);
	findings_order(d);
	tvars_free(&c.t);
	diag_view_free(&c.v);
}

enum diag_severity diagnosis_worst(const struct diagnosis *d)
{
	enum diag_severity w = SEV_INFO;

	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].sev > w)
			w = d->v[i].sev;
	return w;
}

void diagnosis_free(struct diagnosis *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].container);
		free(d->v[i].summary);
		free(d->v[i].explanation);
		strlist_free(&d->v[i].evidence);
		strlist_free(&d->v[i].remedy);
	}
	free(d->v);
	free(d->object);
	free(d->pod);
	free(d->namespace);
	free(d->phase);
	free(d->status);
	strlist_free(&d->incomplete);
	memset(d, 0, sizeof(*d));
}
