/* The rule catalogue and the engine: the table is sound, every id of the
 * spec is there, and the engine matches, dedupes, orders and falls back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag/analyze.h"
#include "diag/rules.h"
#include "diag/template.h"
#include "lib/contract.h"

static const char *const spec_ids[] = {
	"ImageURLUnreachable", "ImageURLNotFound", "ImageArchiveCorrupt", "MachineIdMissing", "NoSpaceLeft",
	"SystemdCgroupMount", "CgroupV2Unsupported", "RunAsRootDenied", "SCCDenied", "PodSecurityViolation",
	"SELinuxDenied", "ImageNeverPulled", "ImagePullFailed", "InvalidImageName", "EntrypointNotFound",
	"ExecFormatError", "OOMKilled", "Unschedulable", "UnboundClaim", "VolumeMountFailed", "ConfigMissing",
	"ProbeFailing", "CrashLoop", "PodNotReady", "Healthy", NULL,
};

static void test_table_compiles(void **state)
{
	struct rule_set rs;
	struct err e = { 0 };
	size_t rows = 0;

	(void)state;
	assert_int_equal(rules_compile(&rs, diag_families, diag_nfamilies, &e), 0);
	for (size_t i = 0; i < diag_nfamilies; i++)
		rows += diag_families[i].nrules;
	assert_int_equal(rs.nrules, rows);
	rules_free(&rs);
}

static void test_bad_pattern_is_an_error(void **state)
{
	static const struct rule row[] = { { .tool = "t", .where = SRC_LOG, .how = M_REGEX, .pattern = "(unclosed" } };
	static const struct cause cz[] = { { .id = "X", .summary = "", .explanation = "" } };
	static const struct rule row2[] = { { .tool = "t", .where = SRC_LOG, .how = M_SUBSTR, .pattern = "x" } };
	static const struct cause cz2[] = { { .id = "X", .cap = "[unclosed", .summary = "", .explanation = "" } };
	const struct family bad[] = { { .name = "bad", .rules = row, .nrules = 1, .causes = cz, .ncauses = 1 } };
	const struct family bad2[] = { { .name = "bad2", .rules = row2, .nrules = 1, .causes = cz2, .ncauses = 1 } };
	struct rule_set rs;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(rules_compile(&rs, bad, 1, &e), -1);
	assert_non_null(strstr(e.msg, "bad pattern"));
	assert_non_null(strstr(e.msg, "family bad,"));
	memset(&e, 0, sizeof(e));
	assert_int_equal(rules_compile(&rs, bad2, 1, &e), -1);
	assert_non_null(strstr(e.msg, "cause (cap) 0"));
}

static int id_known(const char *id)
{
	struct strlist ids = { 0 };
	int have;

	diag_finding_ids(&ids);
	have = strlist_has(&ids, id);
	strlist_free(&ids);
	return have;
}

static void test_every_spec_id_is_catalogued(void **state)
{
	(void)state;
	for (size_t i = 0; spec_ids[i]; i++)
		if (!id_known(spec_ids[i]))
			fail_msg("finding id %s is in the spec but not in the catalogue", spec_ids[i]);
}

/* Every family has rows and causes; every row says whose words it knows and
 * where it looks; a log row has a pattern (without one it would match every
 * line); every cause with an id has its texts; the last cause of a family
 * is not shadowed by a catch-all before it. */
static void test_families_are_complete(void **state)
{
	(void)state;
	for (size_t i = 0; i < diag_nfamilies; i++) {
		const struct family *F = &diag_families[i];
		if (!F->name || !*F->name || !F->nrules || !F->ncauses)
			fail_msg("family %zu (%s) lacks a name, rows or causes", i, F->name ? F->name : "?");
		if (F->stage == STAGE_FAMILY || F->stage > STAGE_NOTE)
			fail_msg("family %s has a bad stage", F->name);
		for (size_t k = 0; k < F->nrules; k++) {
			const struct rule *r = &F->rules[k];
			if (!r->tool || !*r->tool || !r->where)
				fail_msg("family %s, row %zu: no tool or no place to look", F->name, k);
			if ((r->where & SRC_LOG) && !r->pattern)
				fail_msg("family %s, row %zu (%s): a log row without a pattern", F->name, k, r->tool);
			if (r->stage > STAGE_NOTE)
				fail_msg("family %s, row %zu: bad stage", F->name, k);
		}
		for (size_t k = 0; k < F->ncauses; k++) {
			const struct cause *c = &F->causes[k];
			if (c->id && (!c->summary || !*c->summary || !c->explanation || !*c->explanation || !c->remedy ||
				      (!*c->remedy && strcmp(c->id, "Healthy"))))
				fail_msg("family %s, cause %zu (%s) lacks a text", F->name, k, c->id);
			if (c->sev > SEV_ERROR)
				fail_msg("family %s, cause %zu has a bad severity", F->name, k);
			if (k + 1 < F->ncauses && !c->when && !c->cap && !c->cond && !c->ncond && c->id)
				fail_msg("family %s, cause %zu (%s) fits everything: the causes after it are never chosen",
					 F->name, k, c->id);
		}
	}
}

static int family_says_cap(const struct family *F)
{
	for (size_t c = 0; c < F->ncauses; c++) {
		const struct cause *z = &F->causes[c];
		if ((z->summary && strstr(z->summary, "{1")) || (z->explanation && strstr(z->explanation, "{1")))
			return 1;
	}
	return 0;
}

/* Every row that matches words carries one of them, verbatim, as its
 * example: the row matches it, its unless does not veto it, what it
 * captures is not empty where the texts name it, and one of the family's
 * causes means something by it (whatever the pod's facts), unless the row
 * only follows another. A typo in a pattern fails here, not in a cluster. */
static void test_rows_match_their_examples(void **state)
{
	struct rule_set rs;
	struct err e = { 0 };
	int bad = 0;

	(void)state;
	assert_int_equal(rules_compile(&rs, diag_families, diag_nfamilies, &e), 0);
	for (size_t f = 0; f < diag_nfamilies; f++) {
		const struct family *F = &diag_families[f];
		for (size_t k = 0; k < F->nrules; k++) {
			const struct rule *r = &F->rules[k];
			const struct rule_rx *x = &rs.rx[rs.rule_base[f] + k];
			const char *t = r->example;
			char cap[256] = "";
			if (!r->pattern)
				continue;
			if (!t) {
				bad += printf("%s, row %zu (%s): no example\n", F->name, k, r->tool) > 0;
				continue;
			}
			int hit = r->how == M_SUBSTR ? strstr(t, r->pattern) != NULL :
				  r->how == M_EXACT ? !strcmp(t, r->pattern) : 0;
			if (r->how == M_REGEX || r->how == M_IREGEX) {
				regmatch_t g[4];
				hit = !regexec(&x->pat, t, 4, g, 0);
				for (int i = 1; hit && i < 4; i++)
					if (g[i].rm_so >= 0) {
						snprintf(cap, sizeof(cap), "%.*s", (int)(g[i].rm_eo - g[i].rm_so), t + g[i].rm_so);
						break;
					}
				if (hit && x->pat.re_nsub > 0 && !cap[0] && family_says_cap(F))
					bad += printf("%s, row %zu (%s): captures nothing of its example\n", F->name, k, r->tool) > 0;
			}
			if (!hit)
				bad += printf("%s, row %zu (%s): does not match its example: %s\n", F->name, k, r->tool, t) > 0;
			if (x->has_unless && !regexec(&x->unless, t, 0, NULL, 0))
				bad += printf("%s, row %zu (%s): its unless vetoes its example\n", F->name, k, r->tool) > 0;
			int meant = 0;
			for (size_t c = 0; c < F->ncauses && !meant; c++) {
				size_t n = rs.cause_base[f] + c;
				if ((rs.has_when[n] && regexec(&rs.when[n], t, 0, NULL, 0)) ||
				    (rs.has_cap[n] && regexec(&rs.cap[n], cap, 0, NULL, 0)))
					continue;
				meant = F->causes[c].id ? 1 : -1;
			}
			if (meant <= 0 && !(r->flags & R_FOLLOWS))
				bad += printf("%s, row %zu (%s): no cause of its family means its example\n", F->name, k, r->tool) > 0;
		}
	}
	rules_free(&rs);
	assert_int_equal(bad, 0);
}

/* The schema lists the finding ids a report may hold: the catalogue's,
 * no more, no fewer. */
static void test_schema_knows_every_id(void **state)
{
	json_error_t je;
	json_t *schema = json_load_file("diag/schema/diagnosis.schema.json", 0, &je), *id;
	json_t *ids = json_object_get(json_object_get(json_object_get(schema, "definitions"), "FindingId"), "enum");
	struct strlist all = { 0 };
	size_t i;

	(void)state;
	if (!schema)
		fail_msg("diag/schema/diagnosis.schema.json: %s (run from the top of the tree)", je.text);
	diag_finding_ids(&all);
	json_array_foreach(ids, i, id)
		if (!strlist_has(&all, json_string_value(id)))
			fail_msg("the schema has %s, the catalogue does not", json_string_value(id));
	for (i = 0; i < all.n; i++) {
		size_t k;
		int have = 0;
		json_array_foreach(ids, k, id)
			have |= !strcmp(json_string_value(id), all.v[i]);
		if (!have)
			fail_msg("the catalogue has %s, the schema's FindingId does not", all.v[i]);
	}
	strlist_free(&all);
	json_decref(schema);
}

/* Words in capitals that are words, not placeholders for the user to fill. */
static const char *const acronyms[] = { "API", "CPU", "CRI", "DNS", "EOF", "HTML", "HTTP", "OOM", "PID", "RHCOS",
	"SCC", "TLS", "UID", "RHEL", "IP", "SHA", "SYS_CHROOT", "AUDIT_WRITE", "NET_RAW", "ICMP", "PAM", "SELinux",
	"CA", NULL };

static int is_acronym(const char *s, size_t n)
{
	for (size_t i = 0; acronyms[i]; i++)
		if (strlen(acronyms[i]) == n && !strncmp(acronyms[i], s, n))
			return 1;
	return 0;
}

/* A text of a cause: values it names exist, summaries and explanations
 * name only values that are always known or say what to write instead, and
 * no placeholder (NAME, URL, PROG, "...") is left for the user to fill. */
static int check_text(const struct cause *r, const char *what, const char *t, int remedy)
{
	int bad = 0;

	for (const char *p = t; *p; p++) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			int neg = p[1] == '!', always = 0;
			size_t n = close ? strcspn(p + 1 + neg, "|}") : 0;
			int ident = n > 0;
			for (size_t i = 0; i < n; i++)
				ident &= (p[1 + neg + i] >= 'a' && p[1 + neg + i] <= 'z') || p[1 + neg + i] == '_' ||
					 (p[1 + neg + i] >= '0' && p[1 + neg + i] <= '9');
			if (!ident)
				continue;	/* a jsonpath or JSON, kept as is */
			if (template_var(p + 1 + neg, n, &always) < 0)
				bad += printf("%s %s: unknown value {%.*s}\n", r->id, what, (int)n, p + 1 + neg) > 0;
			else if (!remedy && (neg || (!always && p[1 + neg + n] != '|')))
				bad += printf("%s %s: {%.*s} may be unknown and has no words to say instead\n", r->id, what,
					      (int)n, p + 1 + neg) > 0;
			p = close;
			continue;
		}
		if (!strncmp(p, "...", 3))
			bad += printf("%s %s: an ellipsis for the user to fill in: %s\n", r->id, what, t) > 0;
		if (*p >= 'A' && *p <= 'Z' && (p == t || !(p[-1] >= 'a' && p[-1] <= 'z') ) && p[-1 + (p == t)] != '-') {
			size_t n = 0;
			while ((p[n] >= 'A' && p[n] <= 'Z') || (p[n] >= '0' && p[n] <= '9') || p[n] == '_')
				n++;
			int word = !((p[n] >= 'a' && p[n] <= 'z'));
			if (n >= 2 && word && !is_acronym(p, n))
				bad += printf("%s %s: a placeholder %.*s in: %s\n", r->id, what, (int)n, p, t) > 0;
			p += n ? n - 1 : 0;
		}
	}
	return bad;
}

static int check_row(const struct cause *r)
{
	if (!r->id)
		return 0;
	return check_text(r, "summary", r->summary, 0) + check_text(r, "explanation", r->explanation, 0) +
	       check_text(r, "remedy", r->remedy ? r->remedy : "", 1);
}

static void test_texts_have_no_placeholders(void **state)
{
	const struct cause *fb[] = { &diag_rule_crashloop, &diag_rule_cannot_restart, &diag_rule_exited,
				     &diag_rule_cannot_start, &diag_rule_not_ready, &diag_rule_failed, &diag_rule_healthy };

	int bad = 0;

	(void)state;
	for (size_t i = 0; i < diag_nfamilies; i++)
		for (size_t k = 0; k < diag_families[i].ncauses; k++)
			bad += check_row(&diag_families[i].causes[k]);
	for (size_t i = 0; i < sizeof(fb) / sizeof(fb[0]); i++)
		bad += check_row(fb[i]);
	assert_int_equal(bad, 0);
}

/* The checker itself can fail. */
static void test_placeholder_check_fails(void **state)
{
	static const struct cause bad[] = {
		{ .id = "X", .summary = "copy it to NAME", .explanation = "e", .remedy = "r" },
		{ .id = "X", .summary = "s", .explanation = "on {node}", .remedy = "r" },
		{ .id = "X", .summary = "s", .explanation = "e", .remedy = "oc leapp generate ... --image-url x" },
		{ .id = "X", .summary = "s", .explanation = "e", .remedy = "oc get {nodes}" },
		{ .id = "X", .summary = "s", .explanation = "e", .remedy = "label it KEY=VALUE" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_true(check_row(&bad[i]) > 0);
	/* and what is fine */
	static const struct cause good = { .id = "X", .summary = "{image|the image} on {container}",
		.explanation = "the SCC {scc|restricted}, TLS, {.status.x}", .remedy = "on {node}\n{!node}when unknown" };
	assert_int_equal(check_row(&good), 0);
}

/* ---- the engine, over facts built here ---- */

static json_t *load(const char *text)
{
	json_error_t je;
	json_t *v = json_loads(text, 0, &je);

	if (!v)
		fail_msg("bad test JSON: %s at %d", je.text, je.column);
	return v;
}

#define SEED_POD \
	"{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"namespace\":\"demo\",\"annotations\":{\"openshift.io/scc\":\"anyuid\"}}," \
	"\"spec\":{\"initContainers\":[{\"name\":\"web-init\",\"image\":\"busybox\",\"env\":[{\"name\":\"LEAPP_IMAGE_URL\",\"value\":\"http://h:8080/m.tar.gz\"}]}]," \
	"\"containers\":[{\"name\":\"web\",\"image\":\"leapp/leapp-scratch:7\"}]}," \
	"\"status\":{\"phase\":\"Pending\",\"initContainerStatuses\":[{\"name\":\"web-init\",\"restartCount\":3," \
	"\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\"}},\"lastState\":{\"terminated\":{\"reason\":\"Error\",\"exitCode\":1}}}]," \
	"\"containerStatuses\":[{\"name\":\"web\",\"ready\":false,\"restartCount\":0,\"state\":{\"waiting\":{\"reason\":\"PodInitializing\"}}}]}}"

static const char refused[] = "Connecting to h:8080 (10.0.0.1:8080)\nwget: can't connect to remote host (10.0.0.1): Connection refused\n";

struct fx {
	struct diag_facts_list l;
	struct rule_set rs;
	struct diagnosis d;
};

static struct diag_facts *fx_pod(struct fx *x, const char *pod)
{
	struct err e = { 0 };
	struct diag_facts *f;

	memset(x, 0, sizeof(*x));
	assert_int_equal(rules_compile(&x->rs, diag_families, diag_nfamilies, &e), 0);
	f = diag_facts_add(&x->l);
	f->namespace = strdup("demo");
	f->pod_name = strdup("p");
	f->pod = pod ? load(pod) : NULL;
	f->now = 1000000;
	return f;
}

static void fx_run(struct fx *x)
{
	diag_analyze(&x->rs, &x->l.v[0], &x->d);
}

static void fx_free(struct fx *x)
{
	diagnosis_free(&x->d);
	rules_free(&x->rs);
	diag_facts_list_free(&x->l);
}

static const struct diag_finding *finding(const struct diagnosis *d, const char *id)
{
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->v[i].id, id))
			return &d->v[i];
	return NULL;
}

static void test_seed_failure(void **state)
{
	struct fx x;
	struct diag_facts *f = fx_pod(&x, SEED_POD);

	(void)state;
	diag_facts_add_log(f, "web-init", 1, 1, refused, strlen(refused), 0, NULL);
	diag_facts_add_log(f, "web-init", 1, 0, refused, strlen(refused), 0, NULL);	/* same text twice */
	fx_run(&x);
	assert_true(x.d.n >= 1);
	assert_string_equal(x.d.v[0].id, "ImageURLUnreachable");
	assert_string_equal(x.d.v[0].container, "web-init");
	assert_int_equal(x.d.v[0].sev, SEV_ERROR);
	assert_int_equal(x.d.v[0].stage, STAGE_INIT);
	/* the line before (Connecting to) and the line itself, each once */
	assert_int_equal(x.d.v[0].evidence.n, 2);
	assert_non_null(strstr(x.d.v[0].evidence.v[1], "Connection refused"));
	assert_non_null(strstr(x.d.v[0].explanation, "http://h:8080/m.tar.gz"));
	assert_non_null(strstr(x.d.v[0].summary, "10.0.0.1"));
	/* explained, so no generic crash loop for that container */
	assert_null(finding(&x.d, "CrashLoop"));
	assert_string_equal(x.d.status, "Init:CrashLoopBackOff");
	assert_int_equal(diagnosis_worst(&x.d), SEV_ERROR);
	fx_free(&x);
}

static void test_admission_comes_first(void **state)
{
	struct fx x;
	struct diag_facts *f = fx_pod(&x, SEED_POD);

	(void)state;
	diag_facts_add_log(f, "web-init", 1, 1, refused, strlen(refused), 0, NULL);
	json_array_append_new(f->events, load(
		"{\"kind\":\"Event\",\"involvedObject\":{\"kind\":\"ReplicaSet\",\"name\":\"rs\"},\"reason\":\"FailedCreate\","
		"\"type\":\"Warning\",\"count\":3,\"firstTimestamp\":\"1970-01-12T13:36:40Z\",\"lastTimestamp\":\"1970-01-12T13:46:40Z\","
		"\"message\":\"Error creating: pods \\\"x-\\\" is forbidden: unable to validate against any security context constraint: []\"}"));
	fx_run(&x);
	assert_string_equal(x.d.v[0].id, "SCCDenied");
	assert_null(x.d.v[0].container);
	assert_string_equal(x.d.v[1].id, "ImageURLUnreachable");
	/* kubectl's age: now is 1000000 s, the event last seen 1000000 s after the epoch */
	assert_non_null(strstr(x.d.v[0].evidence.v[0], "Warning FailedCreate 0s (x3 over 10m)"));
	/* the generic SCC row, not the hostPath one: anyuid is the fix, for an
	 * account of the pod's own (it runs as default) */
	assert_int_equal(x.d.v[0].remedy.n, 3);
	assert_string_equal(x.d.v[0].remedy.v[0], "oc create serviceaccount p -n demo");
	assert_string_equal(x.d.v[0].remedy.v[1], "oc adm policy add-scc-to-user anyuid -z p -n demo");
	fx_free(&x);
}

static void test_crashloop_fallback(void **state)
{
	struct fx x;
	struct diag_facts *f = fx_pod(&x, SEED_POD);
	const char *log = "one\ntwo\nthree\nfour\n";

	(void)state;
	diag_facts_add_log(f, "web-init", 1, 1, log, strlen(log), 0, NULL);
	fx_run(&x);
	assert_string_equal(x.d.v[0].id, "CrashLoop");
	assert_int_equal(x.d.v[0].stage, STAGE_INIT);
	/* waiting state, last state, and the last three lines */
	assert_int_equal(x.d.v[0].evidence.n, 5);
	assert_string_equal(x.d.v[0].evidence.v[4], "four");
	assert_string_equal(x.d.v[0].evidence.v[2], "two");
	assert_non_null(strstr(x.d.v[0].summary, "exit code 1"));
	assert_non_null(strstr(x.d.v[0].remedy.v[0], "oc logs p -c web-init -n demo --previous"));
	fx_free(&x);
}

static void test_healthy_and_notes(void **state)
{
	struct fx x;
	struct diag_facts *f = fx_pod(&x,
		"{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"i\"}]},"
		"\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}],"
		"\"containerStatuses\":[{\"name\":\"web\",\"ready\":true,\"restartCount\":0,\"state\":{\"running\":{}}}]}}");
	const char *log = "Welcome to CentOS Linux 7 (Core)!\n/.leapp/leapp-init: appending /etc/hosts.source to /etc/hosts\n";

	(void)state;
	diag_facts_add_log(f, "web", 0, 0, log, strlen(log), 0, NULL);
	fx_run(&x);
	assert_int_equal(x.d.n, 2);
	assert_string_equal(x.d.v[0].id, "Healthy");
	assert_string_equal(x.d.v[1].id, "HostsFileManaged");
	assert_int_equal(diagnosis_worst(&x.d), SEV_INFO);
	assert_string_equal(x.d.status, "Running");
	fx_free(&x);
}

static void test_frozen_systemd_on_a_ready_pod(void **state)
{
	struct fx x;
	struct diag_facts *f = fx_pod(&x,
		"{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"i\",\"tty\":true}]},"
		"\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}],"
		"\"containerStatuses\":[{\"name\":\"web\",\"ready\":true,\"restartCount\":0,\"state\":{\"running\":{}}}]}}");
	/* a tty's log: \r\n, colours */
	const char *log = "systemd 219 running in system mode. (+PAM)\r\n"
			  "Failed to mount cgroup at /sys/fs/cgroup/systemd: Operation not permitted\r\n"
			  "\033[0;1;31m[!!!!!!]\033[0m Failed to mount API filesystems, freezing.\r\n";

	(void)state;
	diag_facts_add_log(f, "web", 0, 0, log, strlen(log), 0, NULL);
	fx_run(&x);
	/* systemd 219: the node's cgroup v2 is the cause, whatever it could not mount */
	assert_string_equal(x.d.v[0].id, "CgroupV2Unsupported");
	assert_int_equal(x.d.v[0].sev, SEV_ERROR);
	/* \r and escape sequences stripped from the quoted lines */
	assert_string_equal(x.d.v[0].evidence.v[x.d.v[0].evidence.n - 1], "[!!!!!!] Failed to mount API filesystems, freezing.");
	assert_null(finding(&x.d, "SystemdCgroupMount"));
	assert_null(finding(&x.d, "Healthy"));
	fx_free(&x);

	/* systemd 239 frozen by SELinux: the boolean, not cgroup v2 */
	f = fx_pod(&x,
		"{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"i\"}]},"
		"\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}],"
		"\"containerStatuses\":[{\"name\":\"web\",\"ready\":true,\"restartCount\":0,\"state\":{\"running\":{}}}]}}");
	log = "systemd 239 running in system mode. (+PAM)\n"
	      "Failed to install release agent, ignoring: Permission denied\n"
	      "Failed to create /kubepods.slice/init.scope control group: Permission denied\n"
	      "Failed to allocate manager object: Permission denied\n"
	      "[!!!!!!] Failed to allocate manager object, freezing.\n"
	      "Freezing execution.\n";
	diag_facts_add_log(f, "web", 0, 0, log, strlen(log), 0, NULL);
	fx_run(&x);
	assert_string_equal(x.d.v[0].id, "SystemdCgroupMount");
	assert_null(finding(&x.d, "CgroupV2Unsupported"));
	assert_non_null(strstr(x.d.v[0].remedy.v[0], "container_manage_cgroup"));
	/* the lines that follow are its evidence */
	assert_string_equal(x.d.v[0].evidence.v[x.d.v[0].evidence.n - 1], "Freezing execution.");
	fx_free(&x);
}

/* A progress meter redrawn with \r shows only what was drawn last. */
static void test_tty_lines(void **state)
{
	struct fx x;
	struct diag_facts *f = fx_pod(&x, SEED_POD);
	const char *log = "  0     0    0     0\r  0     0    0     0\rcurl: (6) Could not resolve host: files.example.com\r\n";

	(void)state;
	diag_facts_add_log(f, "web-init", 1, 1, log, strlen(log), 0, NULL);
	fx_run(&x);
	assert_string_equal(x.d.v[0].id, "ImageURLUnreachable");
	assert_string_equal(x.d.v[0].evidence.v[0], "curl: (6) Could not resolve host: files.example.com");
	assert_non_null(strstr(x.d.v[0].summary, "files.example.com"));
	fx_free(&x);
}

/* A running machine's services may log a failed connection: not a cause.
 * The same words in the log of a main container that failed are. */
static void test_downloads_in_main_containers(void **state)
{
	static const char running[] =
		"{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"i\"}]},"
		"\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}],"
		"\"containerStatuses\":[{\"name\":\"web\",\"ready\":true,\"restartCount\":0,\"state\":{\"running\":{}}}]}}";
	static const char failed[] =
		"{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"i\"}]},"
		"\"status\":{\"phase\":\"Failed\",\"containerStatuses\":[{\"name\":\"web\",\"ready\":false,\"restartCount\":0,"
		"\"state\":{\"terminated\":{\"exitCode\":7,\"reason\":\"Error\"}}}]}}";
	const char *log = "curl: (7) Failed to connect to db.example.com port 5432 after 3 ms: Connection refused\n";
	struct fx x;
	struct diag_facts *f;

	(void)state;
	f = fx_pod(&x, running);
	diag_facts_add_log(f, "web", 0, 0, log, strlen(log), 0, NULL);
	fx_run(&x);
	assert_null(finding(&x.d, "ImageURLUnreachable"));
	assert_non_null(finding(&x.d, "Healthy"));
	fx_free(&x);

	f = fx_pod(&x, failed);
	diag_facts_add_log(f, "web", 0, 0, log, strlen(log), 0, NULL);
	fx_run(&x);
	assert_string_equal(x.d.v[0].id, "ImageURLUnreachable");
	assert_int_equal(x.d.v[0].stage, STAGE_MAIN_LOGS);
	assert_non_null(strstr(x.d.v[0].summary, "db.example.com"));
	assert_null(finding(&x.d, "ContainerFailed"));
	fx_free(&x);
}

/* ---- time: what the pod got past is history ---- */

#define READY_POD(extra) \
	"{\"metadata\":{\"name\":\"p\",\"creationTimestamp\":\"1970-01-12T13:00:00Z\"}," \
	"\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"i\"}]}," \
	"\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"PodScheduled\",\"status\":\"True\"}," \
	"{\"type\":\"Ready\",\"status\":\"True\",\"lastTransitionTime\":\"1970-01-12T13:40:00Z\"}]," \
	"\"containerStatuses\":[{\"name\":\"web\",\"ready\":true,\"restartCount\":0," \
	"\"state\":{\"running\":{\"startedAt\":\"1970-01-12T13:30:00Z\"}}" extra "}]}}"

static json_t *event(const char *type, const char *reason, const char *last, const char *msg)
{
	char *t = xasprintf("{\"kind\":\"Event\",\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"p\","
			    "\"fieldPath\":\"spec.containers{web}\"},\"type\":\"%s\",\"reason\":\"%s\","
			    "\"lastTimestamp\":\"%s\",\"message\":\"%s\"}", type, reason, last, msg);
	json_t *v = load(t);
	free(t);
	return v;
}

static void test_old_warnings_of_a_ready_pod(void **state)
{
	struct fx x;
	struct diag_facts *f = fx_pod(&x, READY_POD(""));

	(void)state;
	/* a mount that failed before the container started, probe failures
	 * before the pod became ready: both over */
	json_array_append_new(f->events, event("Warning", "FailedMount", "1970-01-12T13:10:00Z",
					       "MountVolume.SetUp failed for volume \\\"data\\\": timed out"));
	json_array_append_new(f->events, event("Warning", "Unhealthy", "1970-01-12T13:35:00Z",
					       "Readiness probe failed: connection refused"));
	fx_run(&x);
	assert_int_equal(x.d.n, 1);
	assert_string_equal(x.d.v[0].id, "Healthy");
	fx_free(&x);

	/* the same mount failure after the container started: not over */
	f = fx_pod(&x, READY_POD(""));
	json_array_append_new(f->events, event("Warning", "FailedMount", "1970-01-12T13:45:00Z",
					       "MountVolume.SetUp failed for volume \\\"data\\\": timed out"));
	fx_run(&x);
	assert_non_null(finding(&x.d, "VolumeMountFailed"));
	assert_null(finding(&x.d, "Healthy"));
	fx_free(&x);
}

static void test_old_warning_under_newer_normal_events(void **state)
{
	struct fx x;
	struct diag_facts *f = fx_pod(&x,
		"{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"reg/x:1\"}]},"
		"\"status\":{\"phase\":\"Pending\",\"conditions\":[{\"type\":\"PodScheduled\",\"status\":\"True\"}],"
		"\"containerStatuses\":[{\"name\":\"web\",\"ready\":false,\"restartCount\":0,"
		"\"state\":{\"waiting\":{\"reason\":\"ImagePullBackOff\"}}}]}}");

	(void)state;
	json_array_append_new(f->events, event("Warning", "Failed", "1970-01-12T13:00:00Z",
		"Failed to pull image \\\"reg/x:1\\\": rpc error: code = Unknown desc = unauthorized: authentication required"));
	json_array_append_new(f->events, event("Normal", "Pulling", "1970-01-12T13:40:00Z", "Pulling image \\\"reg/x:1\\\""));
	json_array_append_new(f->events, event("Normal", "BackOff", "1970-01-12T13:41:00Z", "Back-off pulling image"));
	fx_run(&x);
	assert_string_equal(x.d.v[0].id, "ImagePullFailed");
	assert_non_null(strstr(x.d.v[0].summary, "refuses"));	/* the old warning's words, not the generic row */
	fx_free(&x);
}

static void test_exited_once_is_not_a_crash_loop(void **state)
{
	struct fx x;

	(void)state;
	fx_pod(&x, "{\"metadata\":{\"name\":\"p\"},\"spec\":{\"restartPolicy\":\"Never\",\"containers\":[{\"name\":\"web\",\"image\":\"i\"}]},"
		   "\"status\":{\"phase\":\"Failed\",\"containerStatuses\":[{\"name\":\"web\",\"restartCount\":0,"
		   "\"state\":{\"terminated\":{\"reason\":\"Error\",\"exitCode\":2}}}]}}");
	fx_run(&x);
	assert_null(finding(&x.d, "CrashLoop"));
	assert_non_null(finding(&x.d, "ContainerFailed"));
	assert_non_null(strstr(finding(&x.d, "ContainerFailed")->summary, "exited with code 2"));
	fx_free(&x);

	/* restarted once and ready again: an old OOM kill is a warning, the pod is healthy */
	fx_pod(&x, READY_POD(",\"restartCount\":1,\"lastState\":{\"terminated\":{\"reason\":\"OOMKilled\",\"exitCode\":137}}"));
	fx_run(&x);
	assert_null(finding(&x.d, "CrashLoop"));
	assert_int_equal(finding(&x.d, "OOMKilled")->sev, SEV_WARNING);
	assert_non_null(finding(&x.d, "Healthy"));
	fx_free(&x);

	/* ready again seconds after the kill: the loop going round, not over */
	struct diag_facts *f = fx_pod(&x, READY_POD(",\"restartCount\":1,\"lastState\":{\"terminated\":{\"reason\":\"OOMKilled\",\"exitCode\":137}}"));
	f->now = rfc3339_seconds("1970-01-12T13:30:05Z");
	fx_run(&x);
	assert_int_equal(finding(&x.d, "OOMKilled")->sev, SEV_ERROR);
	assert_null(finding(&x.d, "Healthy"));
	fx_free(&x);
}

static void test_real_service_account(void **state)
{
	struct fx x;
	struct diag_facts *f = fx_pod(&x,
		"{\"metadata\":{\"name\":\"p\",\"annotations\":{\"openshift.io/scc\":\"restricted-v2\"}},"
		"\"spec\":{\"serviceAccountName\":\"machine\",\"containers\":[{\"name\":\"web\",\"image\":\"i\"}],"
		"\"volumes\":[{\"name\":\"d\",\"hostPath\":{\"path\":\"/srv/machine\"}}]},"
		"\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"web\",\"ready\":false,\"restartCount\":2,"
		"\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\"}},\"lastState\":{\"terminated\":{\"exitCode\":1}}}]}}");
	const char *log = "/bin/sh: /etc/rc.d/rc.local: Permission denied\n";

	(void)state;
	diag_facts_add_log(f, "web", 0, 1, log, strlen(log), 0, NULL);
	fx_run(&x);
	const struct diag_finding *r = finding(&x.d, "RunAsRootDenied");
	assert_non_null(r);
	assert_non_null(strstr(r->explanation, "restricted-v2"));
	/* its own account, the one SCC host directories need, nothing else */
	assert_int_equal(r->remedy.n, 1);
	assert_string_equal(r->remedy.v[0], "oc adm policy add-scc-to-user hostmount-anyuid -z machine -n demo");
	fx_free(&x);
}

/* What leapp's own init container logs (lib/contract.h) is read back: a
 * change to a line on one side cannot silently blind the other. */
static void test_contract_lines(void **state)
{
	static const struct { const char *line, *id; } cases[] = {
		{ LEAPP_LOG_SHA_MISMATCH "the machine image from http://h/m.tar.gz hashes to 00, not 11", "ImageArchiveCorrupt" },
		{ LEAPP_LOG_NO_MACHINE_ID ": the journal directory was not created", "MachineIdMissing" },
		{ LEAPP_LOG_BAD_MACHINE_ID, "MachineIdMissing" },
		{ LEAPP_LOG_NOT_ARCHIVE "truncated gzip input", "ImageArchiveCorrupt" },
		{ LEAPP_LOG_WGET_FAILED "/.leapp/busybox wget ended with status 1", "ImageURLUnreachable" },
		{ LEAPP_LOG_STALLED "300 s, the download was stopped: wget: download timed out", "ImageURLUnreachable" },
		{ LEAPP_LOG_CANNOT_RUN LEAPP_BUSYBOX_PATH ": No such file or directory", "EntrypointNotFound" },
		{ LEAPP_LOG_UNSAFE_ENTRY "etc/../../x: a path out of the volumes", "ImageArchiveCorrupt" },
		{ LEAPP_LOG_METADATA_LOST "3 entries (first: usr/bin/ping: security.capability)", "MetadataLost" },
		{ LEAPP_LOG_STOPPED "Terminated before the download finished", "PodNotReady" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fx x;
		struct diag_facts *f = fx_pod(&x, SEED_POD);
		char *log = xasprintf(LEAPP_LOG_DOWNLOADING "http://h/m.tar.gz\n%s\n", cases[i].line);
		diag_facts_add_log(f, "web-init", 1, 1, log, strlen(log), 0, NULL);
		fx_run(&x);
		if (!finding(&x.d, cases[i].id))
			fail_msg("%s: no %s", cases[i].line, cases[i].id);
		free(log);
		fx_free(&x);
	}
}

/* What leapp-init services and sysv print (lib/contract.h) is read back
 * from a running machine's log. */
static void test_contract_init_lines(void **state)
{
	static const struct { const char *line, *id; } cases[] = {
		{ LEAPP_INIT_LOG_FAILED "httpd.service: ExecStart /usr/sbin/httpd: status 1", "ServiceFailed" },
		{ LEAPP_INIT_LOG_FAILED "S55sshd: \"start\" ended with status 1", "ServiceFailed" },
		{ LEAPP_INIT_LOG_GAVE_UP "mariadb.service: 5 starts within 10 s", "ServiceFailed" },
		{ LEAPP_INIT_LOG_EXITED "mariadb.service: killed by signal SIGSEGV", "ServiceFailed" },
		{ LEAPP_INIT_LOG_BOOTED "12 started, 2 failed, 3 skipped", "ServiceFailed" },
		{ LEAPP_INIT_LOG_KILLED "mariadb.service: still running after 110 s", "StopKilled" },
	};
	static const char *const quiet[] = {
		LEAPP_INIT_LOG_BOOTED "12 started, 0 failed, 3 skipped",
		LEAPP_INIT_LOG_EXITED "httpd.service: status 0",
		LEAPP_INIT_LOG_SHUTDOWN "SIGTERM: 110 s to stop\n" LEAPP_INIT_LOG_EXITED "httpd.service: killed by signal SIGTERM",
		LEAPP_INIT_LOG_SHUTDOWN "SIGTERM: 110 s to stop\n" LEAPP_INIT_LOG_EXITED "db.service: status 1",
	};
	static const char running[] =
		"{\"metadata\":{\"name\":\"p\"},\"spec\":{\"terminationGracePeriodSeconds\":120,"
		"\"containers\":[{\"name\":\"web\",\"image\":\"i\"}]},"
		"\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}],"
		"\"containerStatuses\":[{\"name\":\"web\",\"ready\":true,\"restartCount\":0,\"state\":{\"running\":{}}}]}}";

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fx x;
		struct diag_facts *f = fx_pod(&x, running);
		char *log = xasprintf(LEAPP_INIT_LOG_BOOTING "services: default.target is multi-user.target\n%s\n", cases[i].line);
		diag_facts_add_log(f, "web", 0, 0, log, strlen(log), 0, NULL);
		fx_run(&x);
		if (!finding(&x.d, cases[i].id))
			fail_msg("%s: no %s", cases[i].line, cases[i].id);
		if (!strcmp(cases[i].id, "StopKilled"))
			assert_non_null(strstr(finding(&x.d, "StopKilled")->remedy.v[0], "--grace-period (now 120 s)"));
		free(log);
		fx_free(&x);
	}
	for (size_t i = 0; i < sizeof(quiet) / sizeof(quiet[0]); i++) {
		struct fx x;
		struct diag_facts *f = fx_pod(&x, running);
		diag_facts_add_log(f, "web", 0, 0, quiet[i], strlen(quiet[i]), 0, NULL);
		fx_run(&x);
		if (x.d.n != 1 || strcmp(x.d.v[0].id, "Healthy"))
			fail_msg("%s: not only Healthy but %s", quiet[i], x.d.v[0].id);
		fx_free(&x);
	}
}

/* The engine runs any table: exact/substring/regex matching, unless,
 * conditions; causes chosen by text, capture and facts; "and" causes; a
 * row that follows; effects dropped; a line vetoed by what came before. */
static const struct rule t_rows_a[] = {
	{ .tool = "t", .where = SRC_LOG, .how = M_EXACT, .pattern = "exactly this" },
	{ .tool = "t", .where = SRC_LOG, .how = M_SUBSTR, .pattern = "boom", .unless = "harmless" },
	{ .tool = "t", .where = SRC_LOG, .how = M_SUBSTR, .pattern = "boom", .cond = C_RESTRICTED },
};
static const struct cause t_causes_a[] = {
	{ .id = "A", .sev = SEV_WARNING, .when = "exactly", .summary = "a in {container}", .explanation = "e", .remedy = "r {.keep}" },
	{ .id = "B", .sev = SEV_ERROR, .summary = "b", .explanation = "e", .remedy = "r" },
};
static const struct rule t_rows_b[] = {
	{ .tool = "t", .where = SRC_LOG, .how = M_REGEX, .pattern = "code ([0-9]+)" },
	{ .tool = "t", .where = SRC_LOG, .how = M_IREGEX, .pattern = "LOUD", .flags = R_FOLLOWS },
};
static const struct cause t_causes_b[] = {
	{ .id = "C4", .sev = SEV_ERROR, .cap = "^4", .flags = CAUSE_AND, .summary = "c4 {1}", .explanation = "e", .remedy = "r4" },
	{ .id = "C5", .sev = SEV_ERROR, .cap = "^45", .flags = CAUSE_AND, .summary = "c5 {1}", .explanation = "e", .remedy = "r5" },
	{ .id = "Cx", .sev = SEV_ERROR, .summary = "cx", .explanation = "e", .remedy = "rx" },
};
static const struct rule t_rows_c[] = {
	{ .tool = "t", .where = SRC_LOG, .how = M_SUBSTR, .pattern = "bad archive", .not_after = "writer failed" },
	{ .tool = "t", .where = SRC_LOG, .how = M_SUBSTR, .pattern = "broken archive" },
};
static const struct cause t_causes_c[] = {
	{ .id = "D", .sev = SEV_ERROR, .effect_of = "C4 Q", .summary = "d", .explanation = "e", .remedy = "rd" },
};

static void test_engine_is_table_driven(void **state)
{
	const struct family t[] = {
		{ .name = "a", .stage = STAGE_PROBES, .rules = t_rows_a, .nrules = 3, .causes = t_causes_a, .ncauses = 2 },
		{ .name = "b", .stage = STAGE_SCHEDULING, .rules = t_rows_b, .nrules = 2, .causes = t_causes_b, .ncauses = 3 },
		{ .name = "c", .stage = STAGE_INIT, .rules = t_rows_c, .nrules = 2, .causes = t_causes_c, .ncauses = 1 },
	};
	struct fx x;
	struct err e = { 0 };
	struct diag_facts *f = fx_pod(&x,
		"{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"i\"},{\"name\":\"db\",\"image\":\"i\"}]},"
		"\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"web\",\"ready\":true,\"state\":{\"running\":{}}},"
		"{\"name\":\"db\",\"ready\":true,\"state\":{\"running\":{}}}]}}");
	const char *log = "exactly this\nnot exactly this\na harmless boom\ncode 451\nso loud\n"
			  "writer failed\nbad archive\n";
	const char *log2 = "code 7\nloud\nbroken archive\nbad archive\n";

	(void)state;
	rules_free(&x.rs);
	assert_int_equal(rules_compile(&x.rs, t, 3, &e), 0);
	diag_facts_add_log(f, "web", 0, 0, log, strlen(log), 0, NULL);
	diag_facts_add_log(f, "db", 0, 0, log2, strlen(log2), 0, NULL);
	fx_run(&x);
	assert_non_null(finding(&x.d, "A"));
	assert_string_equal(finding(&x.d, "A")->summary, "a in web");
	assert_string_equal(finding(&x.d, "A")->remedy.v[0], "r {.keep}");
	assert_int_equal(finding(&x.d, "A")->evidence.n, 1);
	assert_null(finding(&x.d, "B"));	/* vetoed by unless; the other row's facts do not hold */
	/* 451: C4 and C5 both fit and say "and"; the catch-all is left out */
	assert_string_equal(finding(&x.d, "C4")->summary, "c4 451");
	assert_string_equal(finding(&x.d, "C5")->summary, "c5 451");
	/* the row that follows adds its line to the family's finding */
	assert_int_equal(finding(&x.d, "C4")->evidence.n, 2);
	assert_string_equal(finding(&x.d, "C4")->evidence.v[1], "so loud");
	/* db: 7 fits only the catch-all; "loud" follows it */
	struct diag_finding *cx = NULL;
	for (size_t i = 0; i < x.d.n; i++)
		if (!strcmp(x.d.v[i].id, "Cx"))
			cx = &x.d.v[i];
	assert_non_null(cx);
	assert_string_equal(cx->container, "db");
	assert_int_equal(cx->evidence.n, 2);
	/* web's bad archive follows what failed before it: no D for web; db's
	 * D stands (its C4 is another container's) */
	int dweb = 0, ddb = 0;
	for (size_t i = 0; i < x.d.n; i++)
		if (!strcmp(x.d.v[i].id, "D")) {
			dweb |= !strcmp(x.d.v[i].container, "web");
			ddb |= !strcmp(x.d.v[i].container, "db");
		}
	assert_false(dweb);
	assert_true(ddb);
	fx_free(&x);
}

/* An effect is dropped when its cause is found for the same container. */
static void test_effects_dropped(void **state)
{
	struct fx x;
	struct diag_facts *f = fx_pod(&x, SEED_POD);
	const char *log = "Connecting to h:8080 (10.0.0.1:8080)\nwget: can't connect to remote host (10.0.0.1): Connection refused\n"
			  "gzip: stdin: unexpected end of file\ntar: Child returned status 1\n";

	(void)state;
	diag_facts_add_log(f, "web-init", 1, 1, log, strlen(log), 0, NULL);
	fx_run(&x);
	assert_string_equal(x.d.v[0].id, "ImageURLUnreachable");
	assert_null(finding(&x.d, "ImageArchiveCorrupt"));
	fx_free(&x);
}

static void test_pod_status_column(void **state)
{
	static const struct { const char *pod, *want; } cases[] = {
		{ "{\"spec\":{\"initContainers\":[{\"name\":\"i\"}]},\"status\":{\"phase\":\"Pending\",\"initContainerStatuses\":"
		  "[{\"name\":\"i\",\"state\":{\"terminated\":{\"reason\":\"Error\",\"exitCode\":1}}}]}}", "Init:Error" },
		{ "{\"spec\":{\"initContainers\":[{\"name\":\"i\"}]},\"status\":{\"phase\":\"Pending\",\"initContainerStatuses\":"
		  "[{\"name\":\"i\",\"state\":{\"terminated\":{\"exitCode\":2}}}]}}", "Init:ExitCode:2" },
		{ "{\"spec\":{\"initContainers\":[{\"name\":\"i\"}]},\"status\":{\"phase\":\"Pending\",\"initContainerStatuses\":"
		  "[{\"name\":\"i\",\"state\":{\"running\":{}}}]}}", "Init:0/1" },
		{ "{\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"c\",\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\"}}}]}}",
		  "CrashLoopBackOff" },
		{ "{\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"c\",\"ready\":true,\"state\":{\"running\":{}}}]}}", "Running" },
		{ "{\"metadata\":{\"deletionTimestamp\":\"2026-01-01T00:00:00Z\"},\"status\":{\"phase\":\"Running\"}}", "Terminating" },
		{ "{\"status\":{\"phase\":\"Failed\",\"reason\":\"Evicted\"}}", "Evicted" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *p = load(cases[i].pod);
		char *s = diag_pod_status(p);
		assert_string_equal(s, cases[i].want);
		free(s);
		json_decref(p);
	}
}

static void test_ages(void **state)
{
	static const struct { long long s; const char *want; } cases[] = {
		{ 0, "0s" }, { 119, "119s" }, { 125, "2m5s" }, { 540, "9m" }, { 3599, "59m" },
		{ 3 * 3600 + 60, "3h1m" }, { 10 * 3600, "10h" }, { 3 * 86400 + 7200, "3d2h" }, { 30 * 86400, "30d" },
		{ 3 * 365 * 86400LL, "3y" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		diag_age(&sb, cases[i].s);
		assert_string_equal(sb_str(&sb), cases[i].want);
		sb_free(&sb);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_compiles),
		cmocka_unit_test(test_bad_pattern_is_an_error),
		cmocka_unit_test(test_every_spec_id_is_catalogued),
		cmocka_unit_test(test_families_are_complete),
		cmocka_unit_test(test_rows_match_their_examples),
		cmocka_unit_test(test_texts_have_no_placeholders),
		cmocka_unit_test(test_schema_knows_every_id),
		cmocka_unit_test(test_placeholder_check_fails),
		cmocka_unit_test(test_seed_failure),
		cmocka_unit_test(test_admission_comes_first),
		cmocka_unit_test(test_crashloop_fallback),
		cmocka_unit_test(test_healthy_and_notes),
		cmocka_unit_test(test_frozen_systemd_on_a_ready_pod),
		cmocka_unit_test(test_tty_lines),
		cmocka_unit_test(test_downloads_in_main_containers),
		cmocka_unit_test(test_engine_is_table_driven),
		cmocka_unit_test(test_effects_dropped),
		cmocka_unit_test(test_old_warnings_of_a_ready_pod),
		cmocka_unit_test(test_old_warning_under_newer_normal_events),
		cmocka_unit_test(test_exited_once_is_not_a_crash_loop),
		cmocka_unit_test(test_real_service_account),
		cmocka_unit_test(test_contract_lines),
		cmocka_unit_test(test_contract_init_lines),
		cmocka_unit_test(test_pod_status_column),
		cmocka_unit_test(test_ages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
