/* --memory, --cpu and --registry: the grammars the API server and the
 * registries use, and the slips they would accept and regret. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "gen/imageref.h"
#include "gen/quantity.h"

static void test_parse(void **state)
{
	static const struct { const char *s; long double v; int ok; } cases[] = {
		{ "512Mi", 512.0L * 1024 * 1024, 1 }, { "1.5Gi", 1.5L * 1024 * 1024 * 1024, 1 },
		{ "500m", 0.5L, 1 }, { "2", 2, 1 }, { ".5", 0.5L, 1 }, { "5.", 5, 1 }, { "+3", 3, 1 },
		{ "1e3", 1000, 1 }, { "1E3", 1000, 1 }, { "2k", 2000, 1 }, { "1E", 1e18L, 1 },
		{ "1e-3", 0.001L, 1 }, { "-1Gi", -1024.0L * 1024 * 1024, 1 },
		{ "", 0, 0 }, { ".", 0, 0 }, { "Mi", 0, 0 }, { "1Gb", 0, 0 }, { "1 Gi", 0, 0 },
		{ "1.2.3", 0, 0 }, { "1e", 0, 0 }, { "1mi", 0, 0 }, { "0x10", 0, 0 }, { "1KiB", 0, 0 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long double v = 0;
		int binary, milli;
		int rc = quantity_parse(cases[i].s, &v, &binary, &milli);
		if (cases[i].ok) {
			assert_int_equal(rc, 0);
			long double d = v - cases[i].v;
			assert_true(d < 1e-9L && d > -1e-9L);
		} else {
			assert_int_equal(rc, -1);
		}
	}
}

static void test_memory_cpu(void **state)
{
	static const char *const mem_ok[] = { "512Mi", "4Gi", "1G", "1048576", "1.5Gi", "128M", NULL };
	static const char *const mem_bad[] = { "512", "500m", "0", "-1Gi", "1Gb", "1Ki", "99999999Ei", NULL };
	static const char *const cpu_ok[] = { "2", "0.5", "500m", "1m", "64", NULL };
	static const char *const cpu_bad[] = { "0", "2Gi", "0.0001", "100u", "two", "-1", "2000000", NULL };
	(void)state;
	for (size_t i = 0; mem_ok[i]; i++)
		assert_null(quantity_check_memory(mem_ok[i]));
	for (size_t i = 0; mem_bad[i]; i++) {
		char *why = quantity_check_memory(mem_bad[i]);
		assert_non_null(why);
		free(why);
	}
	for (size_t i = 0; cpu_ok[i]; i++)
		assert_null(quantity_check_cpu(cpu_ok[i]));
	for (size_t i = 0; cpu_bad[i]; i++) {
		char *why = quantity_check_cpu(cpu_bad[i]);
		assert_non_null(why);
		free(why);
	}
	char *why = quantity_check_memory("500m");
	assert_non_null(strstr(why, "did you mean 500Mi?"));
	free(why);
}

static void test_registry(void **state)
{
	static const char *const ok[] = {
		"quay.io/acme", "registry.example.com:5000/team/web", "localhost:5000", "localhost",
		"acme", "quay.io/acme/", "docker.io/library", "reg-1.example.com/a.b/c_d/e__f/g--h", "10.0.0.1:5000/x",
		NULL,
	};
	static const char *const bad[] = {
		"", "https://quay.io/acme", "quay.io/Acme", "quay.io/acme:v1", "quay.io/acme@sha256:00",
		"bad host/x", "-reg.example.com/x", "reg.example.com:0/x", "reg.example.com:65536/x",
		"reg.example.com:/x", "quay.io//acme", "quay.io/a_", "quay.io/_a", "quay.io/a___b", "quay.io/a..b",
		"reg..example.com/x", NULL,
	};
	(void)state;
	for (size_t i = 0; ok[i]; i++) {
		char *why = registry_check(ok[i]);
		if (why)
			fail_msg("%s: %s", ok[i], why);
	}
	for (size_t i = 0; bad[i]; i++) {
		char *why = registry_check(bad[i]);
		if (!why)
			fail_msg("%s was accepted", bad[i]);
		free(why);
	}
	char *j = image_repo_join("quay.io/acme//", "leapp-web");
	assert_string_equal(j, "quay.io/acme/leapp-web");
	free(j);
	j = image_repo_join(NULL, "leapp-web");
	assert_string_equal(j, "leapp-web");
	free(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_memory_cpu),
		cmocka_unit_test(test_registry),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
