/* Rendering a diagnosis. Everything that reaches a terminal goes through
 * sb_add_sanitized: findings quote logs and events, and even summaries
 * carry names captured from them. */
#include "diag/report.h"
#include "lib/emit.h"
#include "lib/term.h"
#include "lib/utf8.h"
#include "lib/xalloc.h"

#include <string.h>

#define WIDTH 80

struct style {
	const char *err, *warn, *info, *bold, *dim, *off;
};

static const struct style plain = { "", "", "", "", "", "" };
static const struct style ansi = { "\033[1;31m", "\033[1;33m", "\033[1;36m", "\033[1m", "\033[2m", "\033[0m" };

static const char *sev_color(const struct style *st, enum diag_severity s)
{
	return s == SEV_ERROR ? st->err : s == SEV_WARNING ? st->warn : st->info;
}

static void san(struct strbuf *out, const char *s)
{
	sb_add_sanitized(out, s ? s : "", s ? strlen(s) : 0);
}

/* Words of s, wrapped to WIDTH; continuation lines start with indent, the
 * first with first (a label such as "Why:") when given. */
static void wrapped(struct strbuf *out, const char *s, const char *indent, const char *first)
{
	struct strbuf clean = STRBUF_INIT;
	const char *lead = first ? first : indent;
	size_t col = strlen(lead);
	int fresh = !first;	/* nothing on this line yet but the indent */

	san(&clean, s);
	sb_adds(out, lead);
	for (const char *p = sb_str(&clean); *p;) {
		while (*p == ' ' || *p == '\n' || *p == '\t')
			p++;
		size_t n = strcspn(p, " \n\t");
		if (!n)
			break;
		if (!fresh && col + 1 + n > WIDTH) {
			sb_addc(out, '\n');
			sb_adds(out, indent);
			col = strlen(indent);
			fresh = 1;
		}
		if (!fresh) {
			sb_addc(out, ' ');
			col++;
		}
		sb_add(out, p, n);
		col += n;
		p += n;
		fresh = 0;
	}
	sb_addc(out, '\n');
	sb_free(&clean);
}

static void header(struct strbuf *out, const struct diagnosis *d, const struct style *st)
{
	enum diag_severity w = diagnosis_worst(d);

	sb_adds(out, st->bold);
	san(out, d->object);
	sb_adds(out, st->off);
	sb_adds(out, " in namespace ");
	san(out, d->namespace);
	sb_adds(out, ": ");
	sb_adds(out, sev_color(st, w));
	san(out, d->status);
	sb_adds(out, st->off);
	sb_addc(out, '\n');
	if (d->pod) {
		sb_adds(out, "  phase ");
		san(out, d->phase);
		sb_addf(out, ", %d/%d ready, %d restart%s\n", d->ready, d->total, d->restarts,
			d->restarts == 1 ? "" : "s");
	}
	/* what could not be read: the diagnosis may miss a cause there */
	for (size_t i = 0; i < d->incomplete.n; i++) {
		sb_addf(out, "  %snot read:%s ", st->warn, st->off);
		san(out, d->incomplete.v[i]);
		sb_addc(out, '\n');
	}
}

static void finding(struct strbuf *out, const struct diag_finding *f, size_t idx, const struct style *st)
{
	sb_addf(out, "\n%zu. %s%-7s%s %s%s%s", idx, sev_color(st, f->sev), severity_name(f->sev), st->off,
		st->bold, f->id, st->off);
	if (f->container) {
		sb_adds(out, "  (container ");
		san(out, f->container);
		sb_adds(out, ")");
	}
	sb_addc(out, '\n');
	wrapped(out, f->summary, "   ", NULL);
	if (f->evidence.n) {
		sb_addf(out, "   %sEvidence:%s\n", st->dim, st->off);
		for (size_t i = 0; i < f->evidence.n; i++) {
			sb_adds(out, "     | ");
			san(out, f->evidence.v[i]);
			sb_addc(out, '\n');
		}
	}
	wrapped(out, f->explanation, "   ", "   Why:");
	if (f->remedy.n) {
		sb_adds(out, "   Fix:\n");
		/* not wrapped: they are commands to copy */
		for (size_t i = 0; i < f->remedy.n; i++) {
			sb_adds(out, "     - ");
			san(out, f->remedy.v[i]);
			sb_addc(out, '\n');
		}
	}
}

static void one(struct strbuf *out, const struct diagnosis *d, const struct style *st)
{
	header(out, d, st);
	for (size_t i = 0; i < d->n; i++)
		finding(out, &d->v[i], i + 1, st);
}

/* kubectl get's layout: columns padded to the widest cell, and a
 * NAMESPACE column first when the pods come from several (-A). */
static void summary_table(struct strbuf *out, const struct diagnosis *d, size_t n, const struct style *st)
{
	size_t w0 = 9, w1 = 4, w2 = 6;
	int several = 0;

	for (size_t i = 0; i < n; i++) {
		if (strlen(d[i].namespace) > w0)
			w0 = strlen(d[i].namespace);
		if (strlen(d[i].object) > w1)
			w1 = strlen(d[i].object);
		if (strlen(d[i].status) > w2)
			w2 = strlen(d[i].status);
		several |= strcmp(d[i].namespace, d[0].namespace) != 0;
	}
	if (several)
		sb_addf(out, "%-*s   ", (int)w0, "NAMESPACE");
	sb_addf(out, "%-*s   %-*s   %s\n", (int)w1, "NAME", (int)w2, "STATUS", "DIAGNOSIS");
	for (size_t i = 0; i < n; i++) {
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, c = STRBUF_INIT;
		enum diag_severity w = diagnosis_worst(&d[i]);
		san(&a, d[i].object);
		san(&b, d[i].status);
		if (several) {
			san(&c, d[i].namespace);
			sb_addf(out, "%-*s   ", (int)w0, sb_str(&c));
		}
		sb_addf(out, "%-*s   %-*s   %s%s%s", (int)w1, sb_str(&a), (int)w2, sb_str(&b), sev_color(st, w),
			w == SEV_INFO ? "ok" : severity_name(w), st->off);
		for (size_t k = 0; k < d[i].n && k < 3; k++)
			sb_addf(out, "%s%s", k ? ", " : ": ", d[i].v[k].id);
		if (d[i].n > 3)
			sb_addf(out, " (+%zu)", d[i].n - 3);
		if (d[i].incomplete.n)
			sb_adds(out, " (incomplete)");
		sb_addc(out, '\n');
		sb_free(&a);
		sb_free(&b);
		sb_free(&c);
	}
}

void report_text(struct strbuf *out, const struct diagnosis *d, size_t n, int color)
{
	const struct style *st = color ? &ansi : &plain;

	if (n == 1) {
		one(out, &d[0], st);
		return;
	}
	summary_table(out, d, n, st);
	for (size_t i = 0; i < n; i++) {
		if (diagnosis_worst(&d[i]) == SEV_INFO)
			continue;
		sb_addc(out, '\n');
		one(out, &d[i], st);
	}
}

/* ---- data ---- */

/* JSON keeps the text as it was (control characters escaped by jansson),
 * but it must be UTF-8: invalid bytes become U+FFFD. */
static json_t *jtext(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *v;

	if (!s)
		return json_null();
	sb_add_utf8(&sb, s);
	v = json_string(sb_str(&sb));
	sb_free(&sb);
	return v ? v : json_string("");
}

static json_t *jlist(const struct strlist *l)
{
	json_t *a = json_array();

	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, jtext(l->v[i]));
	return a;
}

json_t *diagnosis_json(const struct diagnosis *d)
{
	json_t *o = json_object(), *fs = json_array();

	json_object_set_new(o, "apiVersion", json_string(DIAGNOSIS_API_VERSION));
	json_object_set_new(o, "kind", json_string("Diagnosis"));
	json_object_set_new(o, "object", jtext(d->object));
	json_object_set_new(o, "pod", jtext(d->pod));
	json_object_set_new(o, "namespace", jtext(d->namespace));
	json_object_set_new(o, "phase", jtext(d->phase));
	json_object_set_new(o, "status", jtext(d->status));
	for (size_t i = 0; i < d->n; i++) {
		const struct diag_finding *f = &d->v[i];
		json_t *x = json_object();
		json_object_set_new(x, "id", json_string(f->id));
		json_object_set_new(x, "severity", json_string(severity_name(f->sev)));
		json_object_set_new(x, "container", jtext(f->container));
		json_object_set_new(x, "summary", jtext(f->summary));
		json_object_set_new(x, "evidence", jlist(&f->evidence));
		json_object_set_new(x, "explanation", jtext(f->explanation));
		json_object_set_new(x, "remedy", jlist(&f->remedy));
		json_array_append_new(fs, x);
	}
	json_object_set_new(o, "findings", fs);
	if (d->incomplete.n)
		json_object_set_new(o, "incomplete", jlist(&d->incomplete));
	return o;
}

int report_data(struct strbuf *out, const struct diagnosis *d, size_t n, int yaml, struct err *e)
{
	json_t *doc;
	int rc;

	if (n == 1) {
		doc = diagnosis_json(&d[0]);
	} else {
		json_t *items = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(items, diagnosis_json(&d[i]));
		doc = json_pack("{s:s, s:s, s:o}", "apiVersion", DIAGNOSIS_API_VERSION, "kind", "DiagnosisList",
				"items", items);
	}
	rc = yaml ? emit_yaml(out, &doc, 1, e) : emit_json(out, doc, e);
	json_decref(doc);
	return rc;
}
