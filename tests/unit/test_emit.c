/* The emitter: YAML that reads back as the same data, with every string that
 * a YAML reader could take for a number, a bool or null quoted; and the
 * YAML loader that reads it back. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "lib/emit.h"
#include "lib/yamlload.h"

static void test_ambiguous(void **state)
{
	static const char *const quote[] = {
		"", "yes", "No", "ON", "off", "y", "true", "False", "null", "~", "80", "-1", "+5",
		"0x1F", "0o17", "017", "1.5", ".5", "1e3", "1_000", "190:20:30", ".inf", ".NaN",
		"2001-12-14", NULL
	};
	static const char *const plain[] = {
		"leapp-x", "192.168.100.1", "busybox", "/sys/fs/cgroup", "12Mi", "v1", "TCP",
		"nope", "yesterday", "1.2.3", "x80", NULL
	};
	(void)state;
	for (size_t i = 0; quote[i]; i++)
		assert_true(yaml_plain_is_ambiguous(quote[i]));
	for (size_t i = 0; plain[i]; i++)
		assert_false(yaml_plain_is_ambiguous(plain[i]));
}

static void test_round_trip(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct err e = { 0 };
	json_t *docs[2], *back;
	(void)state;

	docs[0] = json_pack("{s:s, s:s, s:{s:s}, s:[s,s,s,s,s,s], s:I, s:b, s:n, s:s, s:{}, s:[]}",
			    "apiVersion", "v1", "kind", "Pod", "metadata", "name", "x",
			    "strings", "80", "yes", "", "a: b", "- dash", "#hash",
			    "number", (json_int_t)65535, "flag", 1, "nothing",
			    "script", "set -eu\necho \"$X\"\n", "empty", "list");
	docs[1] = json_pack("{s:s}", "kind", "Service");
	assert_int_equal(emit_yaml(&sb, docs, 2, &e), 0);
	/* Conventional key order is kept: apiVersion, kind, metadata. */
	assert_true(strstr(sb.buf, "apiVersion: v1\nkind: Pod\nmetadata:") == sb.buf);
	assert_non_null(strstr(sb.buf, "\n---\n"));
	assert_non_null(strstr(sb.buf, "script: |"));
	assert_int_equal(yaml_load_all(sb.buf, sb.len, "test", &back, &e), 0);
	assert_int_equal(json_array_size(back), 2);
	assert_true(json_equal(json_array_get(back, 0), docs[0]));
	assert_true(json_equal(json_array_get(back, 1), docs[1]));
	json_decref(back);
	json_decref(docs[0]);
	json_decref(docs[1]);
	sb_free(&sb);
}

static void test_json(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct err e = { 0 };
	json_t *v = json_pack("{s:s, s:s}", "kind", "List", "apiVersion", "v1");
	(void)state;
	assert_int_equal(emit_json(&sb, v, &e), 0);
	/* Insertion order, not sorted; 4 spaces as kubectl. */
	assert_string_equal(sb.buf, "{\n    \"kind\": \"List\",\n    \"apiVersion\": \"v1\"\n}\n");
	json_decref(v);
	sb_free(&sb);
}

static void test_loader(void **state)
{
	const char *y = "a: 1\nb: \"2\"\nc: [x, 0x1f, 1.5, true, ~]\n---\nd: &x {e: f}\ng: *x\n";
	struct err e = { 0 };
	json_t *docs;
	(void)state;
	assert_int_equal(yaml_load_all(y, strlen(y), "t", &docs, &e), 0);
	assert_int_equal(json_array_size(docs), 2);
	json_t *d0 = json_array_get(docs, 0);
	assert_int_equal(json_integer_value(json_object_get(d0, "a")), 1);
	assert_string_equal(json_string_value(json_object_get(d0, "b")), "2");
	json_t *c = json_object_get(d0, "c");
	assert_string_equal(json_string_value(json_array_get(c, 0)), "x");
	assert_int_equal(json_integer_value(json_array_get(c, 1)), 31);
	assert_true(json_is_real(json_array_get(c, 2)));
	assert_true(json_is_true(json_array_get(c, 3)));
	assert_true(json_is_null(json_array_get(c, 4)));
	json_t *d1 = json_array_get(docs, 1);
	assert_true(json_equal(json_object_get(d1, "d"), json_object_get(d1, "g")));
	json_decref(docs);
}

static void test_loader_errors(void **state)
{
	static const char *const bad[] = {
		"a: [1, 2", "a: *nope", "{a: 1", "a:\n  - b\n c: d", "\"unterminated", NULL
	};
	(void)state;
	for (size_t i = 0; bad[i]; i++) {
		struct err e = { 0 };
		json_t *docs = NULL;
		assert_int_equal(yaml_load_all(bad[i], strlen(bad[i]), "bad.yaml", &docs, &e), -1);
		assert_null(docs);
		assert_non_null(strstr(e.msg, "bad.yaml"));
	}
	/* Deep nesting is refused, not a stack overflow. */
	size_t n = 100000;
	char *deep = malloc(n + 1);
	memset(deep, '[', n);
	deep[n] = '\0';
	struct err e = { 0 };
	json_t *docs = NULL;
	assert_int_equal(yaml_load_all(deep, n, "deep", &docs, &e), -1);
	free(deep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ambiguous),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_loader),
		cmocka_unit_test(test_loader_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
