/* The pool and the one assembly of facts: events joined by uid (or by name
 * when the input has none), the controllers above a pod for every kind,
 * controller targets, controllers that could not make their pods, label
 * selectors as kubectl parses them, and what is trimmed on the way in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag/assemble.h"
#include "diag/pool.h"
#include "diag/selector.h"

static json_t *load(const char *text)
{
	json_error_t je;
	json_t *v = json_loads(text, 0, &je);

	if (!v)
		fail_msg("bad test JSON: %s at %d", je.text, je.column);
	return v;
}

static void add(struct diag_pool *p, const char *text)
{
	json_t *o = load(text);

	pool_add(p, o, NULL);
	json_decref(o);
}

#define POD(name, owner_kind, owner) \
	"{\"kind\":\"Pod\",\"metadata\":{\"name\":\"" name "\",\"namespace\":\"demo\",\"uid\":\"u-" name "\"," \
	"\"creationTimestamp\":\"2026-01-01T00:00:00Z\",\"labels\":{\"app\":\"db\"},\"ownerReferences\":[{\"kind\":\"" \
	owner_kind "\",\"name\":\"" owner "\",\"uid\":\"u-" owner "\",\"controller\":true}]}," \
	"\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\",\"env\":[{\"name\":\"PASSWORD\",\"value\":\"s3cret\"}," \
	"{\"name\":\"LEAPP_IMAGE_URL\",\"value\":\"http://x/\"}]}]}}"

static void test_events_by_uid_then_name(void **state)
{
	struct diag_pool p;
	json_t *out = json_array();

	(void)state;
	pool_init(&p);
	add(&p, POD("a", "StatefulSet", "db"));
	/* an event about an older pod of the same name (another uid), one with
	 * no uid, and one of events.k8s.io/v1 (regarding, note) */
	add(&p, "{\"kind\":\"Event\",\"metadata\":{\"name\":\"e1\",\"namespace\":\"demo\"},\"reason\":\"Old\","
		"\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"a\",\"namespace\":\"demo\",\"uid\":\"u-older\"}}");
	add(&p, "{\"kind\":\"Event\",\"metadata\":{\"name\":\"e2\",\"namespace\":\"demo\"},\"reason\":\"NoUid\","
		"\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"a\",\"namespace\":\"demo\"}}");
	add(&p, "{\"apiVersion\":\"events.k8s.io/v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"e3\",\"namespace\":\"demo\"},"
		"\"reason\":\"New\",\"note\":\"hello\",\"regarding\":{\"kind\":\"Pod\",\"name\":\"a\",\"namespace\":\"demo\",\"uid\":\"u-a\"}}");
	pool_events_about(&p, pool_find(&p, K_POD, "demo", "a"), out);
	assert_int_equal(json_array_size(out), 2);
	assert_string_equal(jstr(json_array_get(out, 0), "reason"), "New");
	assert_string_equal(jstr(json_array_get(out, 0), "message"), "hello");
	assert_string_equal(jstr(json_array_get(out, 1), "reason"), "NoUid");
	/* the environment keeps the contract's variables only */
	json_t *env = jget(json_array_get(jget(pool_find(&p, K_POD, "demo", "a"), "spec.containers"), 0), "env");
	assert_int_equal(json_array_size(env), 1);
	assert_string_equal(jstr(json_array_get(env, 0), "name"), "LEAPP_IMAGE_URL");
	json_decref(out);
	pool_free(&p);
}

static void test_owner_chains(void **state)
{
	struct diag_pool p;
	struct diag_facts_list l = { 0 };
	struct diag_target t;
	struct err e = { 0 };

	(void)state;
	pool_init(&p);
	add(&p, POD("j-1-x", "Job", "j-1"));
	add(&p, "{\"kind\":\"Job\",\"metadata\":{\"name\":\"j-1\",\"namespace\":\"demo\",\"uid\":\"u-j-1\","
		"\"ownerReferences\":[{\"kind\":\"CronJob\",\"name\":\"cj\",\"uid\":\"u-cj\",\"controller\":true}]}}");
	add(&p, "{\"kind\":\"CronJob\",\"metadata\":{\"name\":\"cj\",\"namespace\":\"demo\",\"uid\":\"u-cj\"}}");
	add(&p, "{\"kind\":\"Event\",\"metadata\":{\"name\":\"e\",\"namespace\":\"demo\"},\"reason\":\"FailedCreate\",\"type\":\"Warning\","
		"\"involvedObject\":{\"kind\":\"CronJob\",\"name\":\"cj\",\"namespace\":\"demo\",\"uid\":\"u-cj\"}}");
	struct diag_scope s = { NULL, "demo", "test", 0 };
	assert_int_equal(diag_assemble(&p, &s, &l, &e), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].object, "pod/j-1-x");
	assert_int_equal(json_array_size(l.v[0].owners), 2);
	assert_string_equal(jstr(json_array_get(l.v[0].owners, 1), "kind"), "CronJob");
	assert_int_equal(json_array_size(l.v[0].events), 1);	/* the CronJob's */
	diag_facts_list_free(&l);

	/* cronjob/cj: the pods of its newest Job */
	assert_int_equal(diag_target_parse("cronjob/cj", &t, &e), 0);
	s.target = &t;
	assert_int_equal(diag_assemble(&p, &s, &l, &e), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].pod_name, "j-1-x");
	diag_facts_list_free(&l);
	pool_free(&p);
}

static void test_controller_targets(void **state)
{
	struct diag_pool p;
	struct diag_facts_list l = { 0 };
	struct diag_target t;
	struct err e = { 0 };
	struct diag_scope s = { &t, "demo", "test", 0 };

	(void)state;
	pool_init(&p);
	add(&p, "{\"kind\":\"StatefulSet\",\"metadata\":{\"name\":\"db\",\"namespace\":\"demo\",\"uid\":\"u-db\"},"
		"\"spec\":{\"replicas\":2,\"template\":{\"metadata\":{\"labels\":{\"app\":\"db\"}}}}}");
	add(&p, POD("db-0", "StatefulSet", "db"));
	add(&p, POD("db-1", "StatefulSet", "db"));
	add(&p, "{\"kind\":\"DaemonSet\",\"metadata\":{\"name\":\"agent\",\"namespace\":\"demo\",\"uid\":\"u-agent\"},"
		"\"spec\":{\"template\":{\"metadata\":{\"labels\":{\"app\":\"agent\"}}}},\"status\":{\"desiredNumberScheduled\":3}}");
	add(&p, "{\"kind\":\"Event\",\"metadata\":{\"name\":\"e\",\"namespace\":\"demo\"},\"reason\":\"FailedCreate\",\"type\":\"Warning\","
		"\"involvedObject\":{\"kind\":\"DaemonSet\",\"name\":\"agent\",\"namespace\":\"demo\",\"uid\":\"u-agent\"},"
		"\"message\":\"Error creating: pods \\\"agent-\\\" is forbidden\"}");
	add(&p, "{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"idle\",\"namespace\":\"demo\",\"uid\":\"u-idle\"},\"spec\":{\"replicas\":0}}");

	assert_int_equal(diag_target_parse("sts/db", &t, &e), 0);
	assert_int_equal(diag_assemble(&p, &s, &l, &e), 0);
	assert_int_equal(l.n, 2);	/* every pod it runs */
	diag_facts_list_free(&l);

	assert_int_equal(diag_target_parse("daemonset/agent", &t, &e), 0);
	assert_int_equal(diag_assemble(&p, &s, &l, &e), 0);
	assert_int_equal(l.n, 1);
	assert_null(l.v[0].pod);
	assert_string_equal(l.v[0].object, "daemonset/agent");
	assert_int_equal(json_array_size(l.v[0].events), 1);
	diag_facts_list_free(&l);

	/* --all: every pod, and the DaemonSet that could not make its pods;
	 * not the Deployment scaled to zero */
	t.kind = TARGET_ALL;
	assert_int_equal(diag_assemble(&p, &s, &l, &e), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[2].object, "daemonset/agent");
	diag_facts_list_free(&l);

	/* -l: pods by their labels, a pod-less controller by its template's */
	t.kind = TARGET_SELECTOR;
	t.selector = "app in (agent)";
	assert_int_equal(diag_assemble(&p, &s, &l, &e), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].object, "daemonset/agent");
	diag_facts_list_free(&l);

	t.kind = TARGET_OWNER;
	assert_int_equal(diag_target_parse("job/nope", &t, &e), 0);
	assert_int_equal(diag_assemble(&p, &s, &l, &e), -1);
	assert_non_null(strstr(e.msg, "job \"nope\" not found in test in namespace demo"));
	pool_free(&p);
}

static void test_selectors(void **state)
{
	static const struct { const char *sel; int want; } cases[] = {
		{ "", 1 }, { "app=db", 1 }, { "app==db", 1 }, { "app!=db", 0 }, { "app = db , tier", 1 },
		{ "app in (web, db)", 1 }, { "app notin (db)", 0 }, { "missing notin (x)", 1 }, { "!missing", 1 },
		{ "!app", 0 }, { "n>2", 1 }, { "n<2", 0 }, { "example.com/team=a", 1 }, { "missing!=x", 1 },
	};
	static const char *const invalid[] = { "app in a", "app=db,", "=db", "app=(x)", "app in (a", "a b",
		"Bad_Key!/x=1", "n>x" };
	json_t *labels = load("{\"app\":\"db\",\"tier\":\"\",\"n\":\"3\",\"example.com/team\":\"a\"}");
	struct label_selector *s;
	struct err e = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (selector_parse(cases[i].sel, &s, &e) < 0)
			fail_msg("%s: %s", cases[i].sel, e.msg);
		if (selector_matches(s, labels) != cases[i].want)
			fail_msg("%s should %smatch", cases[i].sel, cases[i].want ? "" : "not ");
		selector_free(s);
	}
	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		err_clear(&e);
		if (selector_parse(invalid[i], &s, &e) == 0)
			fail_msg("%s should be refused", invalid[i]);
		assert_int_equal(e.code, EXIT_USAGE);
	}
	json_decref(labels);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_events_by_uid_then_name),
		cmocka_unit_test(test_owner_chains),
		cmocka_unit_test(test_controller_targets),
		cmocka_unit_test(test_selectors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
