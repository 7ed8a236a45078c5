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

#include "analyze.h"
#include "rules.h"
#include "template.h"
#include "contract.h"

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

	(void)state;
	assert_int_equal(rules_compile(&rs, diag_rules, diag_nrules, &e), 0);
	assert_int_equal(rs.n, diag_nrules);
	rules_free(&rs);
}

static void test_bad_pattern_is_an_error(void **state)
{
	static const struct rule bad[] = {
		{ .id = "X", .where = SRC_LOG, .how = M_REGEX, .pattern = "(unclosed", .summary = "", .explanation = "" },
	};
	struct rule_set rs;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(rules_compile(&rs, bad, 1, &e), -1);
	assert_non_null(strstr(e.msg, "bad pattern"));
}

static int id_known(const char *id)
{
	const struct rule *fb[] = { &diag_rule_crashloop, &diag_rule_cannot_restart, &diag_rule_exited,
				    &diag_rule_cannot_start, &diag_rule_not_ready, &diag_rule_failed, &diag_rule_healthy };

	for (size_t i = 0; i < diag_nrules; i++)
		if (!strcmp(diag_rules[i].id, id))
			return 1;
	for (size_t i = 0; i < sizeof(fb) / sizeof(fb[0]); i++)
		if (!strcmp(fb[i]->id, id))
			return 1;
	return 0;
}

static void test_every_spec_id_is_catalogued(void **state)
{
	(void)state;
	for (size_t i = 0; spec_ids[i]; i++)
		if (!id_known(spec_ids[i]))
			fail_msg("finding id %s is in the spec but not in the catalogue", spec_ids[i]);
}

static void test_rows_are_complete(void **state)
{
	(void)state;
	for (size_t i = 0; i < diag_nrules; i++) {
		const struct rule *r = &diag_rules[i];
		assert_non_null(r->id);
		if (!r->summary || !*r->summary || !r->explanation || !*r->explanation || !r->remedy || !*r->remedy)
			fail_msg("rule %zu (%s) lacks a text", i, r->id);
		/* a log row matches on text; without a pattern it would match every line */
		if (r->where == SRC_LOG && !r->pattern)
			fail_msg("log rule %zu (%s) has no pattern", i, r->id);
		if (r->sev > SEV_ERROR || r->stage > STAGE_NOTE)
			fail_msg("rule %zu (%s) has a bad severity or stage", i, r->id);
	}
}

/* The schema lists the finding ids a report may hold: the catalogue's,
 * no more, no fewer. */
static void test_schema_knows_every_id(void **state)
{
	const struct rule *fb[] = { &diag_rule_crashloop, &diag_rule_cannot_restart, &diag_rule_exited,
				    &diag_rule_cannot_start, &diag_rule_not_ready, &diag_rule_failed, &diag_rule_healthy };
	json_error_t je;
	json_t *schema = json_load_file("diag/schema/diagnosis.schema.json", 0, &je), *id;
	json_t *ids = json_object_get(json_object_get(json_object_get(schema, "definitions"), "FindingId"), "enum");
	size_t i;

	(void)state;
	if (!schema)
		fail_msg("diag/schema/diagnosis.schema.json: %s (run from the top of the tree)", je.text);
	json_array_foreach(ids, i, id)
		if (!id_known(json_string_value(id)))
			fail_msg("the schema has %s, the catalogue does not", json_string_value(id));
	for (i = 0; i < diag_nrules + sizeof(fb) / sizeof(fb[0]); i++) {
		const char *want = i < diag_nrules ? diag_rules[i].id : fb[i - diag_nrules]->id;
		size_t k;
		int have = 0;
		json_array_foreach(ids, k, id)
			have |= !strcmp(json_string_value(id), want);
		if (!have)
			fail_msg("the catalogue has %s, the schema's FindingId does not", want);
	}
	json_decref(schema);
}

/* Words in capitals that are words, not placeholders for the user to fill. */
static const char *const acronyms[] = { "API", "CPU", "CRI", "DNS", "EOF", "HTML", "HTTP", "OOM", "PID", "RHCOS",
	"SCC", "TLS", "UID", "RHEL", "IP", "SHA", NULL };

static int is_acronym(const char *s, size_t n)
{
	for (size_t i = 0; acronyms[i]; i++)
		if (strlen(acronyms[i]) == n && !strncmp(acronyms[i], s, n))
			return 1;
	return 0;
}

/* A text of a row: values it names exist, summaries and explanations name
 * only values that are always known or say what to write instead, and no
 * placeholder (NAME, URL, PROG, "...") is left for the user to fill. */
static int check_text(const struct rule *r, const char *what, const char *t, int remedy)
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

static int check_row(const struct rule *r)
{
	return check_text(r, "summary", r->summary, 0) + check_text(r, "explanation", r->explanation, 0) +
	       check_text(r, "remedy", r->remedy ? r->remedy : "", 1);
}

static void test_texts_have_no_placeholders(void **state)
{
	const struct rule *fb[] = { &diag_rule_crashloop, &diag_rule_cannot_restart, &diag_rule_exited,
				    &diag_rule_cannot_start, &diag_rule_not_ready, &diag_rule_failed, &diag_rule_healthy };

	int bad = 0;

	(void)state;
	for (size_t i = 0; i < diag_nrules; i++)
		bad += check_row(&diag_rules[i]);
	for (size_t i = 0; i < sizeof(fb) / sizeof(fb[0]); i++)
		bad += check_row(fb[i]);
	assert_int_equal(bad, 0);
}

/* The checker itself can fail. */
static void test_placeholder_check_fails(void **state)
{
	static const struct rule bad[] = {
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
	static const struct rule good = { .id = "X", .summary = "{image|the image} on {container}",
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
	assert_int_equal(rules_compile(&x->rs, diag_rules, diag_nrules, &e), 0);
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
		"{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"i\"}]},"
		"\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}],"
		"\"containerStatuses\":[{\"name\":\"web\",\"ready\":true,\"restartCount\":0,\"state\":{\"running\":{}}}]}}");
	const char *log = "systemd 219 running in system mode. (+PAM)\r\n"
			  "Failed to mount cgroup at /sys/fs/cgroup/systemd: Operation not permitted\r\n"
			  "[!!!!!!] Failed to mount API filesystems, freezing.\r\n";

	(void)state;
	diag_facts_add_log(f, "web", 0, 0, log, strlen(log), 0, NULL);
	fx_run(&x);
	assert_string_equal(x.d.v[0].id, "SystemdCgroupMount");
	/* \r stripped from the quoted lines */
	assert_string_equal(x.d.v[0].evidence.v[x.d.v[0].evidence.n - 1], "[!!!!!!] Failed to mount API filesystems, freezing.");
	/* systemd 219: the cgroup v2 suspicion, as a warning */
	assert_non_null(finding(&x.d, "CgroupV2Unsupported"));
	assert_int_equal(finding(&x.d, "CgroupV2Unsupported")->sev, SEV_WARNING);
	assert_null(finding(&x.d, "Healthy"));
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

/* The engine runs any table: exact/substring matching, unless, conditions. */
static void test_engine_is_table_driven(void **state)
{
	static const struct rule t[] = {
		{ .id = "A", .sev = SEV_WARNING, .stage = STAGE_PROBES, .where = SRC_LOG, .how = M_EXACT,
		  .pattern = "exactly this", .summary = "a in {container}", .explanation = "e", .remedy = "r {.keep}" },
		{ .id = "B", .sev = SEV_ERROR, .stage = STAGE_SCHEDULING, .where = SRC_LOG, .how = M_SUBSTR,
		  .pattern = "boom", .unless = "harmless", .summary = "b", .explanation = "e", .remedy = "r" },
		{ .id = "C", .sev = SEV_ERROR, .stage = STAGE_ADMISSION, .where = SRC_LOG, .how = M_SUBSTR,
		  .pattern = "boom", .cond = C_RESTRICTED, .summary = "c", .explanation = "e", .remedy = "r" },
	};
	struct fx x;
	struct err e = { 0 };
	struct diag_facts *f = fx_pod(&x,
		"{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"i\"}]},"
		"\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"web\",\"ready\":true,\"state\":{\"running\":{}}}]}}");
	const char *log = "exactly this\nnot exactly this\na harmless boom\n";

	(void)state;
	rules_free(&x.rs);
	assert_int_equal(rules_compile(&x.rs, t, 3, &e), 0);
	diag_facts_add_log(f, "web", 0, 0, log, strlen(log), 0, NULL);
	fx_run(&x);
	assert_non_null(finding(&x.d, "A"));
	assert_string_equal(finding(&x.d, "A")->summary, "a in web");
	assert_string_equal(finding(&x.d, "A")->remedy.v[0], "r {.keep}");
	assert_int_equal(finding(&x.d, "A")->evidence.n, 1);
	assert_null(finding(&x.d, "B"));	/* vetoed by unless */
	assert_null(finding(&x.d, "C"));	/* not a restricted SCC */
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
		cmocka_unit_test(test_rows_are_complete),
		cmocka_unit_test(test_texts_have_no_placeholders),
		cmocka_unit_test(test_schema_knows_every_id),
		cmocka_unit_test(test_placeholder_check_fails),
		cmocka_unit_test(test_seed_failure),
		cmocka_unit_test(test_admission_comes_first),
		cmocka_unit_test(test_crashloop_fallback),
		cmocka_unit_test(test_healthy_and_notes),
		cmocka_unit_test(test_frozen_systemd_on_a_ready_pod),
		cmocka_unit_test(test_engine_is_table_driven),
		cmocka_unit_test(test_old_warnings_of_a_ready_pod),
		cmocka_unit_test(test_old_warning_under_newer_normal_events),
		cmocka_unit_test(test_exited_once_is_not_a_crash_loop),
		cmocka_unit_test(test_real_service_account),
		cmocka_unit_test(test_contract_lines),
		cmocka_unit_test(test_pod_status_column),
		cmocka_unit_test(test_ages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
