/* Runs the rule table over the facts: each rule looks at its source, the
 * matches become findings (one per id and container), then the engine adds
 * the fallbacks and sorts root cause first. */
#include "analyze.h"
#include "contract.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_EVIDENCE 6
#define MAX_LINE 2000

struct ctr {
	const char *name;
	int init;
	json_t *spec, *status;
};

/* What a rule's texts are filled with: the pod-wide part, and per match. */
struct ctx {
	const struct rule_set *rs;
	const struct diag_facts *f;
	struct diagnosis *d;
	struct ctr *c;
	size_t nc;
	unsigned conds;
	const char *sa, *scc, *node;
	char *url, *host, *owner;
	long long now;
};

struct match {
	const struct ctr *ctr;
	const char *container;	/* from an event's fieldPath when no ctr */
	const char *claim;
	long long exit_code;
	int has_exit;
	char cap[256];
};

static json_t *obj(const json_t *o, const char *path)
{
	/* path is dot-separated object keys */
	char key[64];
	json_t *v = (json_t *)o;

	while (v && *path) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		v = json_is_object(v) ? json_object_get(v, key) : NULL;
		path += n + (dot ? 1 : 0);
	}
	return v;
}

static const char *str(const json_t *o, const char *path)
{
	return json_string_value(obj(o, path));	/* NULL when not a string */
}

/* ---- texts ---- */

static void add_var(struct strbuf *sb, const struct ctx *c, const struct match *m, const char *name, size_t n)
{
	const char *v = NULL;
	char num[32];

#define IS(s) (n == strlen(s) && !strncmp(name, s, n))
	if (IS("container"))
		v = m && m->ctr ? m->ctr->name : m && m->container ? m->container : "the container";
	else if (IS("pod"))
		v = c->d->pod ? c->d->pod : "POD";
	else if (IS("ns"))
		v = c->d->namespace;
	else if (IS("sa"))
		v = c->sa;
	else if (IS("scc"))
		v = c->scc ? c->scc : "restricted-v2";
	else if (IS("node"))
		v = c->node ? c->node : "NODE";
	else if (IS("url"))
		v = c->url ? c->url : "URL";
	else if (IS("host"))
		v = c->host ? c->host : "HOST";
	else if (IS("owner"))
		v = c->owner;
	else if (IS("workload"))
		v = c->d->object;
	else if (IS("init"))
		v = c->nc && c->c[0].init ? c->c[0].name : "INIT";
	else if (IS("claim"))
		v = m && m->claim ? m->claim : "CLAIM";
	else if (IS("1"))
		v = m ? m->cap : "";
	else if (IS("exit")) {
		if (m && m->has_exit)
			snprintf(num, sizeof(num), "%lld", m->exit_code);
		else
			snprintf(num, sizeof(num), "unknown");
		v = num;
	} else if (IS("image")) {
		const struct ctr *t = m && m->ctr ? m->ctr : NULL;
		for (size_t i = 0; !t && i < c->nc; i++)
			if (!c->c[i].init)
				t = &c->c[i];
		v = t ? str(t->spec, "image") : NULL;
		if (!v)
			v = "IMAGE";
	} else if (IS("main")) {
		for (size_t i = 0; !v && i < c->nc; i++)
			if (!c->c[i].init)
				v = c->c[i].name;
		if (!v)
			v = "CONTAINER";
	}
#undef IS
	if (v) {
		sb_adds(sb, v);
	} else {
		sb_addc(sb, '{');
		sb_add(sb, name, n);
		sb_addc(sb, '}');
	}
}

static int known_var(const char *s, size_t n)
{
	static const char *const vars[] = { "container", "pod", "ns", "sa", "scc", "node", "url", "host",
		"owner", "workload", "init", "claim", "1", "exit", "image", "main", "waiting", NULL };

	for (size_t i = 0; vars[i]; i++)
		if (strlen(vars[i]) == n && !strncmp(vars[i], s, n))
			return 1;
	return 0;
}

/* Fills {placeholders}; any other {...} (a jsonpath in a command) stays. */
static char *expand(const struct ctx *c, const struct match *m, const char *t, const char *waiting)
{
	struct strbuf sb = STRBUF_INIT;

	for (const char *p = t; *p;) {
		const char *close;
		if (*p == '{' && (close = strchr(p + 1, '}')) && known_var(p + 1, (size_t)(close - p - 1))) {
			if (!strncmp(p + 1, "waiting", 7) && close - p - 1 == 7)
				sb_adds(&sb, waiting ? waiting : "");
			else
				add_var(&sb, c, m, p + 1, (size_t)(close - p - 1));
			p = close + 1;
			continue;
		}
		sb_addc(&sb, *p++);
	}
	return sb_detach(&sb);
}

/* ---- findings ---- */

static struct diag_finding *find(struct diagnosis *d, const char *id, const char *container)
{
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->v[i].id, id) &&
		    ((!container && !d->v[i].container) ||
		     (container && d->v[i].container && !strcmp(container, d->v[i].container))))
			return &d->v[i];
	return NULL;
}

static void push_unique(struct strlist *l, const char *s, size_t max)
{
	if (!s || !*s || strlist_has(l, s) || l->n >= max)
		return;
	strlist_push(l, s);
}

/* Whether a finding's evidence already quotes msg (its first 200 bytes:
 * evidence lines are cut at MAX_LINE). */
static int quoted(const struct diag_finding *f, const char *msg)
{
	char head[201];

	if (!f || !msg || !*msg)
		return 0;
	snprintf(head, sizeof(head), "%s", msg);
	for (size_t i = 0; i < f->evidence.n; i++)
		if (strstr(f->evidence.v[i], head))
			return 1;
	return 0;
}

/* Records that rule r matched: a new finding, or more evidence and fixes
 * for the one it already made. */
static void record(struct ctx *c, const struct rule *r, size_t rank, const struct match *m,
		   const char *const *ev, size_t nev, const char *waiting)
{
	const char *container = m && m->ctr ? m->ctr->name : m ? m->container : NULL;
	struct diag_finding *f = find(c->d, r->id, container);

	if (!f) {
		struct diagnosis *d = c->d;
		d->v = xrealloc(d->v, (d->n + 1) * sizeof(*d->v));
		f = &d->v[d->n++];
		memset(f, 0, sizeof(*f));
		f->id = r->id;
		f->sev = r->sev;
		f->stage = r->stage;
		f->rank = rank;
		f->seq = d->n;
		f->container = container ? xstrdup(container) : NULL;
		/* An init container's trouble is the init stage, whatever the row says;
		 * a main container's log trouble is never the init stage. */
		if (m && m->ctr && m->ctr->init && f->stage > STAGE_INIT && f->stage < STAGE_STATUS)
			f->stage = STAGE_INIT;
		if (m && m->ctr && !m->ctr->init && f->stage == STAGE_INIT)
			f->stage = STAGE_MAIN_LOGS;
		f->summary = expand(c, m, r->summary, waiting);
		f->explanation = expand(c, m, r->explanation, waiting);
	} else if (r->sev > f->sev) {
		f->sev = r->sev;
	}
	for (size_t i = 0; i < nev; i++) {
		size_t n = strlen(ev[i]);
		char *line = xstrndup(ev[i], n < MAX_LINE ? n : MAX_LINE);
		push_unique(&f->evidence, line, MAX_EVIDENCE);
		free(line);
	}
	char *rem = expand(c, m, r->remedy ? r->remedy : "", waiting);
	for (char *s = rem, *nl; s && *s; s = nl ? nl + 1 : NULL) {
		nl = strchr(s, '\n');
		if (nl)
			*nl = '\0';
		push_unique(&f->remedy, s, 16);
	}
	free(rem);
}

/* ---- matching ---- */

static int match_text(const struct rule_set *rs, size_t i, const char *reason, const char *text,
		      struct match *m)
{
	const struct rule *r = &rs->r[i];

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
		if (r->how == M_REGEX) {
			regmatch_t g[4];
			if (regexec(&rs->pat[i], text, 4, g, 0))
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
	if (rs->has_unless[i] && !regexec(&rs->unless[i], text, 0, NULL, 0))
		return 0;
	return 1;
}

static int ctr_applies(const struct rule *r, const struct ctr *t)
{
	return !r->on || (r->on & (t->init ? ON_INIT : ON_MAIN));
}

static void state_line(struct strbuf *sb, const char *what, const char *state, const json_t *s)
{
	const char *reason = str(s, "reason"), *msg = str(s, "message");
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

static void run_waiting(struct ctx *c, size_t i)
{
	const struct rule *r = &c->rs->r[i];

	for (size_t k = 0; k < c->nc; k++) {
		json_t *w = obj(c->c[k].status, "state.waiting");
		struct match m = { .ctr = &c->c[k] };
		if (!w || !ctr_applies(r, &c->c[k]) ||
		    !match_text(c->rs, i, str(w, "reason"), str(w, "message"), &m))
			continue;
		struct strbuf sb = STRBUF_INIT;
		state_line(&sb, "state", "waiting", w);
		const char *ev = sb.buf;
		record(c, r, i, &m, &ev, 1, NULL);
		sb_free(&sb);
	}
}

static void run_terminated(struct ctx *c, size_t i)
{
	const struct rule *r = &c->rs->r[i];
	static const char *const where[] = { "state.terminated", "lastState.terminated" };

	for (size_t k = 0; k < c->nc; k++) {
		for (size_t w = 0; w < 2; w++) {
			json_t *t = obj(c->c[k].status, where[w]);
			struct match m = { .ctr = &c->c[k] };
			json_t *code = json_object_get(t, "exitCode");
			if (!t || !ctr_applies(r, &c->c[k]))
				continue;
			if (json_is_integer(code)) {
				m.exit_code = json_integer_value(code);
				m.has_exit = 1;
			}
			if (r->exit_code && (!m.has_exit || m.exit_code != atoll(r->exit_code)))
				continue;
			if (!match_text(c->rs, i, str(t, "reason"), str(t, "message"), &m))
				continue;
			struct strbuf sb = STRBUF_INIT;
			state_line(&sb, w ? "last state" : "state", "terminated", t);
			const char *ev = sb.buf;
			record(c, r, i, &m, &ev, 1, NULL);
			sb_free(&sb);
		}
	}
}

static void run_pod_status(struct ctx *c, size_t i)
{
	struct match m = { 0 };
	const char *reason = str(c->f->pod, "status.reason"), *msg = str(c->f->pod, "status.message");

	if (!c->f->pod || !reason || !match_text(c->rs, i, reason, msg, &m))
		return;
	char *ev = xasprintf("status: %s: %s", reason, msg ? msg : "");
	const char *e = ev;
	record(c, &c->rs->r[i], i, &m, &e, 1, NULL);
	free(ev);
}

static void run_pod_condition(struct ctx *c, size_t i)
{
	size_t k;
	json_t *cond;

	json_array_foreach(obj(c->f->pod, "status.conditions"), k, cond) {
		struct match m = { 0 };
		if (strcmp(str(cond, "status") ? str(cond, "status") : "", "True") == 0)
			continue;
		if (!match_text(c->rs, i, str(cond, "reason"), str(cond, "message"), &m))
			continue;
		char *ev = xasprintf("condition %s=%s (%s): %s", str(cond, "type") ? str(cond, "type") : "?",
				     str(cond, "status") ? str(cond, "status") : "?",
				     str(cond, "reason") ? str(cond, "reason") : "",
				     str(cond, "message") ? str(cond, "message") : "");
		const char *e = ev;
		record(c, &c->rs->r[i], i, &m, &e, 1, NULL);
		free(ev);
	}
}

static long long ev_time(const json_t *ev, int first)
{
	long long t = rfc3339_seconds(str(ev, first ? "firstTimestamp" : "lastTimestamp"));

	if (!t && !first)
		t = rfc3339_seconds(str(ev, "series.lastObservedTime"));
	if (!t)
		t = rfc3339_seconds(str(ev, "eventTime"));
	if (!t)
		t = rfc3339_seconds(str(ev, "metadata.creationTimestamp"));
	return t;
}

void diag_age(struct strbuf *sb, long long s)
{
	if (s < 0)
		s = 0;
	if (s < 120)
		sb_addf(sb, "%llds", s);
	else if (s < 600 && s % 60)
		sb_addf(sb, "%lldm%llds", s / 60, s % 60);
	else if (s < 3 * 3600)
		sb_addf(sb, "%lldm", s / 60);
	else if (s < 8 * 3600 && (s % 3600) / 60)
		sb_addf(sb, "%lldh%lldm", s / 3600, (s % 3600) / 60);
	else if (s < 48 * 3600)
		sb_addf(sb, "%lldh", s / 3600);
	else if (s < 8 * 86400 && (s % 86400) / 3600)
		sb_addf(sb, "%lldd%lldh", s / 86400, (s % 86400) / 3600);
	else if (s < 2 * 365 * 86400LL)
		sb_addf(sb, "%lldd", s / 86400);
	else
		sb_addf(sb, "%lldy", s / (365 * 86400LL));
}

/* An event as kubectl describe shows it: type, reason, age (xN over AGE), from, message. */
static char *event_line(const struct ctx *c, const json_t *ev)
{
	struct strbuf sb = STRBUF_INIT;
	long long last = ev_time(ev, 0), first = ev_time(ev, 1);
	json_t *cnt = json_object_get(ev, "count");
	long long count = json_is_integer(cnt) ? json_integer_value(cnt) : 0;
	const char *from = str(ev, "source.component");

	if (json_is_integer(obj(ev, "series.count")))
		count = json_integer_value(obj(ev, "series.count"));
	if (!from)
		from = str(ev, "reportingController");
	sb_addf(&sb, "%s %s ", str(ev, "type") ? str(ev, "type") : "Normal",
		str(ev, "reason") ? str(ev, "reason") : "");
	if (last) {
		diag_age(&sb, c->now - last);
		if (count > 1 && first) {
			sb_addf(&sb, " (x%lld over ", count);
			diag_age(&sb, c->now - first);
			sb_addc(&sb, ')');
		}
	} else {
		sb_adds(&sb, "<unknown>");
	}
	if (from)
		sb_addf(&sb, " %s", from);
	sb_addf(&sb, ": %s", str(ev, "message") ? str(ev, "message") : "");
	/* messages may span lines (the seed's FailedSync): keep one line */
	for (size_t i = 0; i < sb.len; i++)
		if (sb.buf[i] == '\n' || sb.buf[i] == '\r')
			sb.buf[i] = ' ';
	return sb_detach(&sb);
}

/* The container an event's fieldPath names: spec.initContainers{web-init}. */
static const struct ctr *event_ctr(const struct ctx *c, const json_t *ev)
{
	const char *fp = str(ev, "involvedObject.fieldPath");
	const char *open = fp ? strchr(fp, '{') : NULL;

	if (!open)
		return NULL;
	for (size_t k = 0; k < c->nc; k++) {
		size_t n = strlen(c->c[k].name);
		if (!strncmp(open + 1, c->c[k].name, n) && open[1 + n] == '}')
			return &c->c[k];
	}
	return NULL;
}

static int is_owner_kind(const char *k)
{
	const struct diag_kind *d = diag_kind_named(k);

	return d && d->controller;
}

static void run_events(struct ctx *c, size_t i, int owners)
{
	const struct rule *r = &c->rs->r[i];
	size_t k;
	json_t *ev;

	json_array_foreach(c->f->events, k, ev) {
		const char *kind = str(ev, "involvedObject.kind");
		struct match m = { 0 };
		if (owners != is_owner_kind(kind))
			continue;
		if (!match_text(c->rs, i, str(ev, "reason"), str(ev, "message"), &m))
			continue;
		m.ctr = event_ctr(c, ev);
		if (m.ctr && !ctr_applies(r, m.ctr))
			continue;
		if (kind && !strcmp(kind, "PersistentVolumeClaim"))
			m.claim = str(ev, "involvedObject.name");
		char *line = event_line(c, ev);
		const char *e = line;
		record(c, r, i, &m, &e, 1, NULL);
		free(line);
	}
	if (!owners)
		return;
	/* Events expire; the ReplicaFailure condition keeps the same message. */
	json_array_foreach(c->f->owners, k, ev) {
		size_t j;
		json_t *cond;
		json_array_foreach(obj(ev, "status.conditions"), j, cond) {
			struct match m = { 0 };
			const char *type = str(cond, "type");
			if (!type || strcmp(type, "ReplicaFailure") || !match_text(c->rs, i, "FailedCreate", str(cond, "message"), &m))
				continue;
			if (r->reason && strcmp(r->reason, "FailedCreate") && strcmp(r->reason, str(cond, "reason") ? str(cond, "reason") : ""))
				continue;
			if (quoted(find(c->d, r->id, NULL), str(cond, "message")))
				continue;	/* an event or another owner already says it */
			char *line = xasprintf("%s/%s condition ReplicaFailure (%s): %s",
					       str(ev, "kind") ? str(ev, "kind") : "ReplicaSet",
					       str(ev, "metadata.name") ? str(ev, "metadata.name") : "?",
					       str(cond, "reason") ? str(cond, "reason") : "",
					       str(cond, "message") ? str(cond, "message") : "");
			const char *e = line;
			record(c, r, i, &m, &e, 1, NULL);
			free(line);
		}
	}
}

static void run_claims(struct ctx *c, size_t i)
{
	size_t k;
	json_t *pvc;

	json_array_foreach(c->f->claims, k, pvc) {
		struct match m = { .claim = str(pvc, "metadata.name") };
		const char *phase = str(pvc, "status.phase");
		if (!match_text(c->rs, i, phase ? phase : "Pending", NULL, &m))
			continue;
		const char *sc = str(pvc, "spec.storageClassName");
		char *line = xasprintf("persistentvolumeclaim/%s: %s%s%s%s", m.claim ? m.claim : "?",
				       phase ? phase : "Pending", sc ? ", storageClassName " : "",
				       sc ? (*sc ? sc : "\"\"") : "",
				       str(pvc, "spec.volumeName") ? "" : ", no volumeName");
		const char *e = line;
		record(c, &c->rs->r[i], i, &m, &e, 1, NULL);
		free(line);
	}
}

/* ---- logs ---- */

static const struct ctr *ctr_named(const struct ctx *c, const char *name)
{
	for (size_t k = 0; k < c->nc; k++)
		if (!strcmp(c->c[k].name, name))
			return &c->c[k];
	return NULL;
}

/* The last line of a log matching the rule, with the line before when asked. */
static void run_log(struct ctx *c, size_t i, const struct diag_log *g)
{
	const struct rule *r = &c->rs->r[i];
	const struct ctr *t = ctr_named(c, g->container);
	struct ctr fake = { .name = g->container, .init = g->init };
	char *hit = NULL, *prev_hit = NULL, *prev = NULL;
	struct match m = { 0 }, last = { 0 };

	if (!t)
		t = &fake;
	if (!g->text || !ctr_applies(r, t))
		return;
	for (const char *p = g->text, *end = g->text + g->len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		while (n && p[n - 1] == '\r')
			n--;
		char *line = xstrndup(p, n);
		p = nl ? nl + 1 : end;
		if (!*line) {
			free(line);
			continue;
		}
		if (match_text(c->rs, i, NULL, line, &m)) {
			free(hit);
			free(prev_hit);
			hit = xstrdup(line);
			prev_hit = prev ? xstrdup(prev) : NULL;
			last = m;
		}
		free(prev);
		prev = line;
	}
	free(prev);
	if (hit) {
		const char *ev[2];
		size_t n = 0;
		if (r->quote == Q_PREV && prev_hit)
			ev[n++] = prev_hit;
		ev[n++] = hit;
		last.ctr = t == &fake ? NULL : t;
		last.container = g->container;
		record(c, r, i, &last, ev, n, NULL);
	}
	free(hit);
	free(prev_hit);
}

/* ---- pod-wide facts ---- */

static void collect_ctrs(struct ctx *c)
{
	static const char *const specs[] = { "spec.initContainers", "spec.containers" };
	static const char *const stats[] = { "status.initContainerStatuses", "status.containerStatuses" };

	for (int init = 1; init >= 0; init--) {
		json_t *arr = obj(c->f->pod, specs[!init]);
		size_t k;
		json_t *s;
		json_array_foreach(arr, k, s) {
			const char *name = str(s, "name");
			if (!name)
				continue;
			c->c = xrealloc(c->c, (c->nc + 1) * sizeof(*c->c));
			struct ctr *t = &c->c[c->nc++];
			t->name = name;
			t->init = init;
			t->spec = s;
			t->status = NULL;
			size_t j;
			json_t *st;
			json_array_foreach(obj(c->f->pod, stats[!init]), j, st)
				if (str(st, "name") && !strcmp(str(st, "name"), name))
					t->status = st;
		}
	}
}

static int old_systemd(const struct diag_facts *f)
{
	for (size_t i = 0; i < f->nlogs; i++) {
		const char *p = f->logs[i].text;
		while (p && (p = strstr(p, "systemd ")) != NULL) {
			char *end;
			long v = strtol(p + 8, &end, 10);
			if (end != p + 8 && !strncmp(end, " running in system mode", 23))
				return v > 0 && v < 230;
			p += 8;
		}
	}
	return 0;
}

static unsigned pod_conds(const struct ctx *c)
{
	unsigned k = 0;
	const char *scc = c->scc;
	size_t i;
	json_t *v;

	if (scc && (!strncmp(scc, "restricted", 10) || !strncmp(scc, "nonroot", 7)))
		k |= C_RESTRICTED;
	json_array_foreach(obj(c->f->pod, "spec.volumes"), i, v) {
		const char *hp = str(v, "hostPath.path");
		if ((hp && strncmp(hp, "/sys/fs/cgroup", 14)) || obj(v, "persistentVolumeClaim"))
			k |= C_HOSTDATA;
	}
	if (old_systemd(c->f))
		k |= C_OLD_SYSTEMD;
	return k;
}

/* Where the init container downloads from: its env, its command, or its logs. */
static char *find_url(const struct ctx *c)
{
	for (size_t k = 0; k < c->nc; k++) {
		size_t i;
		json_t *v;
		if (!c->c[k].init)
			continue;
		json_array_foreach(json_object_get(c->c[k].spec, "env"), i, v)
			if (str(v, "name") && !strcmp(str(v, "name"), LEAPP_ENV_IMAGE_URL) && str(v, "value"))
				return xstrdup(str(v, "value"));
		static const char *const fields[] = { "command", "args" };
		for (int fi = 0; fi < 2; fi++)
			json_array_foreach(json_object_get(c->c[k].spec, fields[fi]), i, v) {
				const char *s = json_string_value(v);
				const char *u = s ? strstr(s, "http") : NULL;
				if (u && (!strncmp(u, "http://", 7) || !strncmp(u, "https://", 8)))
					return xstrndup(u, strcspn(u, " \t\n;&|'\")"));
			}
	}
	for (size_t i = 0; i < c->f->nlogs; i++) {
		const char *t = c->f->logs[i].text, *p;
		if (t && (p = strstr(t, "downloading the machine image from ")))
			return xstrndup(p + 35, strcspn(p + 35, " \r\n"));
		if (t && (p = strstr(t, "Connecting to ")) && c->f->logs[i].init) {
			size_t n = strcspn(p + 14, " \r\n");
			char *host = xstrndup(p + 14, n);
			char *u = xasprintf("http://%s/", host);
			free(host);
			return u;
		}
	}
	return NULL;
}

static char *url_host(const char *url)
{
	const char *p = url ? strstr(url, "://") : NULL;

	if (!p)
		return NULL;
	p += 3;
	return xstrndup(p, strcspn(p, ":/"));
}

static const char *template_sa(const struct diag_facts *f)
{
	size_t i;
	json_t *o;
	const char *sa = str(f->pod, "spec.serviceAccountName");

	if (sa)
		return sa;
	json_array_foreach(f->owners, i, o)
		if ((sa = str(o, "spec.template.spec.serviceAccountName")))
			return sa;
	return NULL;
}

static char *owner_name(const struct diag_facts *f)
{
	size_t i;
	json_t *o;
	const char *pick = NULL, *kind = NULL;

	json_array_foreach(f->owners, i, o) {
		const char *k = str(o, "kind");
		if (k && (!pick || !strcmp(k, "Deployment"))) {
			pick = str(o, "metadata.name");
			kind = k;
		}
	}
	if (pick && kind) {
		char *s = xasprintf("%s/%s", kind, pick);
		for (char *p = s; *p && *p != '/'; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		return s;
	}
	return xasprintf("pod/%s", f->pod_name ? f->pod_name : "POD");
}

/* ---- kubectl's STATUS ---- */

char *diag_pod_status(const json_t *pod)
{
	const char *reason = str(pod, "status.reason");
	char *out = xstrdup(reason ? reason : str(pod, "status.phase") ? str(pod, "status.phase") : "Unknown");
	json_t *inits = obj(pod, "status.initContainerStatuses");
	size_t n = json_array_size(obj(pod, "spec.initContainers")), i;
	json_t *s;
	int initializing = 0;

	json_array_foreach(inits, i, s) {
		json_t *t = obj(s, "state.terminated");
		const char *wr = str(s, "state.waiting.reason");
		json_t *code = json_object_get(t, "exitCode");
		if (t && json_integer_value(code) == 0)
			continue;
		free(out);
		if (t) {
			json_t *sig = json_object_get(t, "signal");
			if (str(t, "reason") && *str(t, "reason"))
				out = xasprintf("Init:%s", str(t, "reason"));
			else if (json_integer_value(sig))
				out = xasprintf("Init:Signal:%lld", (long long)json_integer_value(sig));
			else
				out = xasprintf("Init:ExitCode:%lld", (long long)json_integer_value(code));
		} else if (wr && *wr && strcmp(wr, "PodInitializing")) {
			out = xasprintf("Init:%s", wr);
		} else {
			out = xasprintf("Init:%zu/%zu", i, n);
		}
		initializing = 1;
		break;
	}
	if (!initializing) {
		json_t *cs = obj(pod, "status.containerStatuses");
		int running = 0;
		for (size_t k = json_array_size(cs); k-- > 0;) {
			s = json_array_get(cs, k);
			const char *wr = str(s, "state.waiting.reason");
			json_t *t = obj(s, "state.terminated");
			if (wr && *wr) {
				free(out);
				out = xstrdup(wr);
			} else if (t && str(t, "reason") && *str(t, "reason")) {
				free(out);
				out = xstrdup(str(t, "reason"));
			} else if (t) {
				free(out);
				if (json_integer_value(json_object_get(t, "signal")))
					out = xasprintf("Signal:%lld", (long long)json_integer_value(json_object_get(t, "signal")));
				else
					out = xasprintf("ExitCode:%lld", (long long)json_integer_value(json_object_get(t, "exitCode")));
			} else if (obj(s, "state.running") && json_is_true(json_object_get(s, "ready"))) {
				running = 1;
			}
		}
		if (!strcmp(out, "Completed") && running) {
			free(out);
			out = xstrdup("Running");
		}
	}
	if (obj(pod, "metadata.deletionTimestamp")) {
		free(out);
		out = xstrdup("Terminating");
	}
	return out;
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

static const struct diag_log *log_for(const struct diag_facts *f, const char *container, int previous)
{
	for (size_t i = 0; i < f->nlogs; i++)
		if (!strcmp(f->logs[i].container, container) && f->logs[i].previous == previous && f->logs[i].text)
			return &f->logs[i];
	return NULL;
}

/* The last n non-empty lines of a log, oldest first. */
static size_t tail_lines(const struct diag_log *g, char **out, size_t n)
{
	size_t got = 0;
	const char *end = g->text + g->len;

	while (got < n && end > g->text) {
		while (end > g->text && (end[-1] == '\n' || end[-1] == '\r'))
			end--;
		const char *start = end;
		while (start > g->text && start[-1] != '\n')
			start--;
		if (end > start)
			out[got++] = xstrndup(start, (size_t)(end - start));
		end = start;
	}
	for (size_t i = 0; i < got / 2; i++) {
		char *t = out[i];
		out[i] = out[got - 1 - i];
		out[got - 1 - i] = t;
	}
	return got;
}

static int error_waiting(const char *r)
{
	return r && strcmp(r, "ContainerCreating") && strcmp(r, "PodInitializing") && strcmp(r, "CrashLoopBackOff");
}

static void fallback_containers(struct ctx *c)
{
	for (size_t k = 0; k < c->nc; k++) {
		const struct ctr *t = &c->c[k];
		json_t *w = obj(t->status, "state.waiting");
		json_t *term = obj(t->status, "lastState.terminated");
		json_t *now_term = obj(t->status, "state.terminated");
		long long restarts = json_integer_value(json_object_get(t->status, "restartCount"));
		const char *wr = str(w, "reason");
		struct match m = { .ctr = t };
		char *ev[8];
		size_t n = 0;

		if (!t->status || has_error(c->d, t->name))
			continue;
		if (!term)
			term = now_term;
		json_t *code = json_object_get(term, "exitCode");
		if (json_is_integer(code)) {
			m.exit_code = json_integer_value(code);
			m.has_exit = 1;
		}
		int looping = (wr && !strcmp(wr, "CrashLoopBackOff")) ||
			      (restarts > 0 && term && m.has_exit && m.exit_code != 0) ||
			      (now_term && m.has_exit && m.exit_code != 0);
		if (looping) {
			struct strbuf sb = STRBUF_INIT;
			if (w) {
				state_line(&sb, "state", "waiting", w);
				ev[n++] = sb_detach(&sb);
			}
			if (term) {
				state_line(&sb, now_term == term ? "state" : "last state", "terminated", term);
				ev[n++] = sb_detach(&sb);
			}
			const struct diag_log *g = log_for(c->f, t->name, 1);
			if (!g)
				g = log_for(c->f, t->name, 0);
			if (g)
				n += tail_lines(g, ev + n, 3);
			record(c, &diag_rule_crashloop, c->rs->n, &m, (const char *const *)ev, n, NULL);
		} else if (error_waiting(wr)) {
			struct strbuf sb = STRBUF_INIT;
			snprintf(m.cap, sizeof(m.cap), "%s", wr);
			state_line(&sb, "state", "waiting", w);
			ev[n++] = sb_detach(&sb);
			record(c, &diag_rule_cannot_start, c->rs->n, &m, (const char *const *)ev, n, NULL);
		}
		for (size_t i = 0; i < n; i++)
			free(ev[i]);
	}
}

static int cond_true(const json_t *pod, const char *type)
{
	size_t i;
	json_t *cond;

	json_array_foreach(obj(pod, "status.conditions"), i, cond)
		if (str(cond, "type") && !strcmp(str(cond, "type"), type))
			return str(cond, "status") && !strcmp(str(cond, "status"), "True");
	return 0;
}

/* What a pod that has not failed is waiting for, in a few words. */
static char *waiting_for(const struct ctx *c)
{
	const json_t *pod = c->f->pod;
	size_t i;
	json_t *o;

	if (!pod) {
		json_array_foreach(c->f->owners, i, o) {
			size_t j;
			json_t *cond;
			json_array_foreach(obj(o, "status.conditions"), j, cond)
				if (str(cond, "type") && !strcmp(str(cond, "type"), "ReplicaFailure"))
					return xasprintf("no pod could be created (%s)", str(cond, "message") ? str(cond, "message") : "ReplicaFailure");
		}
		return xstrdup("no pod has been created for it yet");
	}
	const char *phase = str(pod, "status.phase");
	if (phase && (!strcmp(phase, "Failed") || !strcmp(phase, "Succeeded"))) {
		const char *reason = str(pod, "status.reason"), *msg = str(pod, "status.message");
		return xasprintf("the pod has ended (%s%s%s)", reason ? reason : phase, msg ? ": " : "", msg ? msg : "");
	}
	if (!cond_true(pod, "PodScheduled"))
		return xstrdup("the scheduler has not placed it on a node yet");
	for (size_t k = 0; k < c->nc; k++) {
		const struct ctr *t = &c->c[k];
		const char *wr = str(t->status, "state.waiting.reason");
		if (t->init && obj(t->status, "state.running"))
			return xasprintf("the init container %s is still running (it downloads and unpacks the machine)", t->name);
		if (wr && !strcmp(wr, "ContainerCreating"))
			return xasprintf("%s is being created (image pull, volumes)", t->name);
		if (wr && !strcmp(wr, "PodInitializing"))
			return xasprintf("%s waits for the init containers to finish", t->name);
		if (!t->init && obj(t->status, "state.running") && !json_is_true(json_object_get(t->status, "ready")))
			return xasprintf("%s runs, but its readiness probe has not passed yet", t->name);
	}
	if (!json_array_size(obj(pod, "status.containerStatuses")))
		return xstrdup("its containers have not been created yet");
	return xstrdup("its containers are not all ready");
}

static void fallback_pod(struct ctx *c)
{
	const json_t *pod = c->f->pod;
	const char *phase = str(pod, "status.phase");
	int ended = phase && (!strcmp(phase, "Failed") || !strcmp(phase, "Succeeded"));
	int ready = pod && cond_true(pod, "Ready") && !ended;
	char *ev[2];
	size_t n = 0;

	if (has_error(c->d, NULL))
		return;
	if (ready) {
		record(c, &diag_rule_healthy, c->rs->n, NULL, NULL, 0, NULL);
		return;
	}
	for (size_t i = 0; i < c->d->n; i++)
		if (c->d->v[i].sev == SEV_WARNING && !ended && pod)
			return;	/* a warning already says why it is not ready */
	char *w = waiting_for(c);
	if (pod && str(pod, "status.reason"))
		ev[n++] = xasprintf("status: %s: %s", str(pod, "status.reason"),
				    str(pod, "status.message") ? str(pod, "status.message") : "");
	int failed = ended || !pod;
	record(c, failed ? &diag_rule_failed : &diag_rule_not_ready, c->rs->n, NULL,
	       (const char *const *)ev, n, w);
	for (size_t i = 0; i < n; i++)
		free(ev[i]);
	free(w);
}

/* A container with terminationMessagePolicy FallbackToLogsOnError (oc-leapp
 * generate sets it) leaves its log tail in the termination message: when no
 * log was read for it, that tail is read as its log. */
static struct diag_log *termination_logs(const struct ctx *c, size_t *n)
{
	static const char *const where[] = { "state.terminated", "lastState.terminated" };
	struct diag_log *v = NULL;

	*n = 0;
	for (size_t k = 0; k < c->nc; k++) {
		int have = 0;
		for (size_t i = 0; i < c->f->nlogs; i++)
			have |= c->f->logs[i].text && !strcmp(c->f->logs[i].container, c->c[k].name);
		for (int w = 0; w < 2 && !have; w++) {
			const char *msg = str(obj(c->c[k].status, where[w]), "message");
			if (!msg || !*msg)
				continue;
			v = xrealloc(v, (*n + 1) * sizeof(*v));
			memset(&v[*n], 0, sizeof(*v));
			v[*n].container = (char *)c->c[k].name;
			v[*n].init = c->c[k].init;
			v[*n].previous = w;
			v[*n].text = (char *)msg;
			v[*n].len = strlen(msg);
			(*n)++;
		}
	}
	return v;
}

/* ---- the whole run ---- */

static int by_stage(const void *a, const void *b)
{
	const struct diag_finding *x = a, *y = b;

	if (x->stage != y->stage)
		return x->stage < y->stage ? -1 : 1;
	if (x->sev != y->sev)
		return x->sev > y->sev ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static long long newest_time(const struct diag_facts *f)
{
	long long t = 0, v;
	size_t i;
	json_t *ev;

	json_array_foreach(f->events, i, ev)
		if ((v = ev_time(ev, 0)) > t)
			t = v;
	return t;
}

/* sum + a status's restartCount, read from untrusted input: negative
 * counts are ignored and the sum stops at INT_MAX instead of overflowing. */
static int add_restarts(int sum, const json_t *status)
{
	json_int_t n = json_integer_value(json_object_get(status, "restartCount"));

	if (n <= 0)
		return sum;
	return n > INT_MAX - sum ? INT_MAX : sum + (int)n;
}

static void fill_header(struct diagnosis *d, const struct diag_facts *f)
{
	size_t i;
	json_t *s;

	d->pod = f->pod_name ? xstrdup(f->pod_name) : NULL;
	d->namespace = xstrdup(f->namespace ? f->namespace : "default");
	if (f->pod) {
		d->object = f->object ? xstrdup(f->object) : xasprintf("pod/%s", f->pod_name ? f->pod_name : "?");
		d->phase = xstrdup(str(f->pod, "status.phase") ? str(f->pod, "status.phase") : "Unknown");
		d->status = diag_pod_status(f->pod);
		d->total = (int)json_array_size(obj(f->pod, "spec.containers"));
		json_array_foreach(obj(f->pod, "status.containerStatuses"), i, s) {
			d->ready += json_is_true(json_object_get(s, "ready"));
			d->restarts = add_restarts(d->restarts, s);
		}
		json_array_foreach(obj(f->pod, "status.initContainerStatuses"), i, s)
			d->restarts = add_restarts(d->restarts, s);
	} else {
		d->object = f->object ? xstrdup(f->object) : owner_name(f);
		d->phase = xstrdup("");
		d->status = xstrdup("NoPods");
		json_t *ow;
		json_array_foreach(f->owners, i, ow) {
			json_t *cond;
			size_t j;
			json_array_foreach(obj(ow, "status.conditions"), j, cond)
				if (str(cond, "type") && !strcmp(str(cond, "type"), "ReplicaFailure")) {
					free(d->status);
					d->status = xstrdup(str(cond, "reason") ? str(cond, "reason") : "ReplicaFailure");
				}
		}
	}
}

void diag_analyze(const struct rule_set *rs, const struct diag_facts *f, struct diagnosis *d)
{
	struct ctx c = { .rs = rs, .f = f, .d = d };
	const char *sa;

	memset(d, 0, sizeof(*d));
	fill_header(d, f);
	collect_ctrs(&c);
	sa = template_sa(f);
	c.sa = sa && strcmp(sa, "default") ? sa : "useroot";	/* the seed's name for a dedicated account */
	c.scc = json_string_value(json_object_get(obj(f->pod, "metadata.annotations"), "openshift.io/scc"));
	c.node = str(f->pod, "spec.nodeName");
	c.url = find_url(&c);
	c.host = url_host(c.url);
	c.owner = owner_name(f);
	c.conds = pod_conds(&c);
	c.now = f->now ? f->now : (long long)time(NULL);
	if (!f->now && newest_time(f) > c.now)
		c.now = newest_time(f);

	size_t nmsg = 0;
	struct diag_log *msgs = termination_logs(&c, &nmsg);

	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->r[i];
		if ((r->cond & c.conds) != r->cond || (r->ncond & c.conds))
			continue;
		switch (r->where) {
		case SRC_WAITING: run_waiting(&c, i); break;
		case SRC_TERMINATED: run_terminated(&c, i); break;
		case SRC_POD_STATUS: run_pod_status(&c, i); break;
		case SRC_POD_CONDITION: run_pod_condition(&c, i); break;
		case SRC_EVENT: run_events(&c, i, 0); break;
		case SRC_OWNER: run_events(&c, i, 1); break;
		case SRC_CLAIM: run_claims(&c, i); break;
		case SRC_LOG:
			for (size_t k = 0; k < f->nlogs; k++)
				run_log(&c, i, &f->logs[k]);
			for (size_t k = 0; k < nmsg; k++)
				run_log(&c, i, &msgs[k]);
			break;
		}
	}
	fallback_containers(&c);
	fallback_pod(&c);
	qsort(d->v, d->n, sizeof(*d->v), by_stage);
	free(msgs);
	free(c.c);
	free(c.url);
	free(c.host);
	free(c.owner);
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
	memset(d, 0, sizeof(*d));
}
