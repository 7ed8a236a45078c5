/* Offline input: timestamps stripped from inspect logs, bounded tails,
 * RFC 3339 times, target words, and a List cut into facts per pod. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag/facts.h"
#include "diag/offline.h"

static void test_strip_timestamps(void **state)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "2026-11-20T10:03:01.123456789Z wget: bad address 'x'\n", "wget: bad address 'x'\n" },
		{ "2026-11-20T10:03:01Z a\n2026-11-20T10:03:02+02:00 b\nno stamp\n", "a\nb\nno stamp\n" },
		{ "2026-11-20T10:03:01.5Z\n", "\n" },	/* an empty line */
		{ "2026-11-20 10:03:01 not RFC 3339\n", "2026-11-20 10:03:01 not RFC 3339\n" },
		{ "2026-11-20T10:03:01Zglued\n", "2026-11-20T10:03:01Zglued\n" },
		{ "tail without newline 2026-11-20T10:03:01Z x", "tail without newline 2026-11-20T10:03:01Z x" },
		{ "", "" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = strdup(cases[i].in);
		size_t n = diag_strip_timestamps(s, strlen(s));
		assert_int_equal(n, strlen(cases[i].want));
		assert_string_equal(s, cases[i].want);
		free(s);
	}
}

static char *temp_file(const char *content, size_t len, size_t repeat)
{
	char *path = strdup("/tmp/oc-leapp-unit.XXXXXX");
	int fd = mkstemp(path);
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	for (size_t i = 0; i < repeat; i++)
		assert_int_equal(fwrite(content, 1, len, f), len);
	fclose(f);
	return path;
}

static void test_read_tail(void **state)
{
	const char line[] = "0123456789 abcdefghi\n";	/* 21 bytes */
	char *path = temp_file(line, sizeof(line) - 1, 50000), *text;
	size_t len;
	int cut;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(diag_read_tail(path, 1000, &text, &len, &cut, &e), 0);
	assert_true(cut);
	assert_true(len <= 1000 && len > 900);
	assert_int_equal(len % 21, 0);		/* whole lines only */
	assert_memory_equal(text, line, 21);
	assert_int_equal(strlen(text), len);
	free(text);
	/* a small file whole */
	assert_int_equal(diag_read_tail(path, 10 * 1000 * 1000, &text, &len, &cut, &e), 0);
	assert_false(cut);
	assert_int_equal(len, 21 * 50000);
	free(text);
	unlink(path);
	free(path);
	assert_int_equal(diag_read_tail("/nonexistent/x", 10, &text, &len, &cut, &e), -1);
	assert_int_equal(e.code, EXIT_FAIL);
}

static void test_targets(void **state)
{
	struct diag_target t;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(diag_target_parse("web", &t, &e), 0);
	assert_int_equal(t.kind, TARGET_POD);
	assert_string_equal(t.name, "web");
	assert_int_equal(diag_target_parse("po/web-1", &t, &e), 0);
	assert_int_equal(t.kind, TARGET_POD);
	assert_string_equal(t.name, "web-1");
	assert_int_equal(diag_target_parse("deploy/db", &t, &e), 0);
	assert_int_equal(t.kind, TARGET_OWNER);
	assert_int_equal(t.owner->id, K_DEPLOYMENT);
	assert_int_equal(diag_target_parse("deployment.apps/db", &t, &e), 0);
	assert_int_equal(t.owner->id, K_DEPLOYMENT);
	/* kubectl's short names for the other controllers, any case */
	static const struct { const char *w; enum diag_kind_id k; } words[] = {
		{ "ds/x", K_DAEMONSET }, { "sts/x", K_STATEFULSET }, { "rs/x", K_REPLICASET }, { "job/x", K_JOB },
		{ "jobs.batch/x", K_JOB }, { "cj/x", K_CRONJOB }, { "CronJob/x", K_CRONJOB }, { "rc/x", K_REPLICATIONCONTROLLER },
		{ "statefulsets.apps/x", K_STATEFULSET }, { "DaemonSet/x", K_DAEMONSET },
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		assert_int_equal(diag_target_parse(words[i].w, &t, &e), 0);
		assert_int_equal(t.kind, TARGET_OWNER);
		assert_int_equal(t.owner->id, words[i].k);
	}
	assert_int_equal(diag_target_parse("pvc/x", &t, &e), -1);	/* a kind, but it makes no pods */
	assert_int_equal(e.code, EXIT_USAGE);
	err_clear(&e);
	assert_int_equal(diag_target_parse("svc/db", &t, &e), -1);
	assert_int_equal(e.code, EXIT_USAGE);
	err_clear(&e);
	assert_int_equal(diag_target_parse("pod/", &t, &e), -1);
	err_clear(&e);
	assert_int_equal(diag_target_parse("Web_1", &t, &e), -1);
	assert_int_equal(e.code, EXIT_USAGE);
}

static const char list[] =
	"apiVersion: v1\nkind: List\nitems:\n"
	"- kind: Pod\n  metadata: {name: a, namespace: demo, uid: ua}\n  spec: {containers: [{name: c, image: i}]}\n"
	"- kind: Pod\n  metadata: {name: b, namespace: demo, uid: ub}\n"
	"  spec:\n    initContainers: [{name: i, image: busybox}]\n    containers: [{name: c, image: i}]\n"
	"    volumes: [{name: v, persistentVolumeClaim: {claimName: cl}}]\n"
	"- kind: PersistentVolumeClaim\n  metadata: {name: cl, namespace: demo}\n  spec: {volumeName: pv1}\n  status: {phase: Pending}\n"
	"- kind: PersistentVolume\n  metadata: {name: pv1}\n"
	"- kind: Event\n  involvedObject: {kind: Pod, name: b, namespace: demo, uid: ub}\n  reason: Late\n  lastTimestamp: '2026-11-20T10:05:00Z'\n"
	"- kind: Event\n  involvedObject: {kind: Pod, name: b, namespace: demo, uid: ub}\n  reason: Early\n  lastTimestamp: '2026-11-20T10:01:00Z'\n"
	"- kind: Event\n  involvedObject: {kind: Pod, name: a, namespace: demo, uid: ua}\n  reason: ForA\n"
	"- kind: Event\n  involvedObject: {kind: PersistentVolumeClaim, name: cl, namespace: demo}\n  reason: FailedBinding\n"
	"  lastTimestamp: '2026-11-20T10:03:00Z'\n";

static void test_list_to_facts(void **state)
{
	char *path = temp_file(list, sizeof(list) - 1, 1);
	struct diag_facts_list l = { 0 };
	struct diag_target t;
	struct err e = { 0 };
	const char *log = "2026-11-20T10:00:00Z hello\n";
	char *logpath = temp_file(log, strlen(log), 1);

	(void)state;
	assert_int_equal(diag_load_offline(path, NULL, NULL, &l, &e), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].pod_name, "a");
	assert_int_equal(json_array_size(l.v[0].events), 1);
	/* b: its own events and its claim's, oldest first; its claim and volume */
	assert_int_equal(json_array_size(l.v[1].events), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(l.v[1].events, 0), "reason")), "Early");
	assert_string_equal(json_string_value(json_object_get(json_array_get(l.v[1].events, 1), "reason")), "FailedBinding");
	assert_string_equal(json_string_value(json_object_get(json_array_get(l.v[1].events, 2), "reason")), "Late");
	assert_int_equal(json_array_size(l.v[1].claims), 1);
	assert_int_equal(json_array_size(l.v[1].volumes), 1);
	assert_int_equal(l.v[1].now, rfc3339_seconds("2026-11-20T10:05:00Z"));
	/* --log: the init flag from the spec, the timestamp gone */
	assert_int_equal(diag_add_log_file(&l.v[1], "i=x", 0, &e), -1);
	err_clear(&e);
	char *spec = malloc(strlen(logpath) + 3);
	sprintf(spec, "i=%s", logpath);
	assert_int_equal(diag_add_log_file(&l.v[1], spec, 1, &e), 0);
	assert_int_equal(l.v[1].nlogs, 1);
	assert_true(l.v[1].logs[0].init);
	assert_true(l.v[1].logs[0].previous);
	assert_string_equal(l.v[1].logs[0].text, "hello\n");
	free(spec);
	diag_facts_list_free(&l);

	assert_int_equal(diag_target_parse("b", &t, &e), 0);
	assert_int_equal(diag_load_offline(path, &t, "demo", &l, &e), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].pod_name, "b");
	diag_facts_list_free(&l);
	assert_int_equal(diag_load_offline(path, &t, "elsewhere", &l, &e), -1);
	assert_non_null(strstr(e.msg, "pod \"b\" not found"));
	diag_facts_list_free(&l);
	unlink(path);
	unlink(logpath);
	free(path);
	free(logpath);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strip_timestamps),
		cmocka_unit_test(test_read_tail),
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_list_to_facts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
