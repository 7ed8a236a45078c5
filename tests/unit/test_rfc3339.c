/* The one RFC 3339 parser: event times, log timestamps, credential expiry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "lib/rfc3339.h"

static void test_parse(void **state)
{
	long long s;
	long ns;

	(void)state;
	assert_int_equal(rfc3339_parse("1970-01-01T00:01:00Z", &s, &ns), 0);
	assert_int_equal(s, 60);
	assert_int_equal(ns, 0);
	assert_int_equal(rfc3339_parse("1970-01-01T01:00:00.123456+01:00", &s, &ns), 0);
	assert_int_equal(s, 0);
	assert_int_equal(ns, 123456000);
	assert_int_equal(rfc3339_parse("2025-11-23T09:58:30.000000007Z", &s, &ns), 0);
	assert_int_equal(ns, 7);
	assert_int_equal(s, 1763891910);
	/* the leap day, and a date that does not exist */
	assert_int_equal(rfc3339_parse("2024-02-29T00:00:00Z", &s, NULL), 0);
	assert_int_equal(s, 1709164800);
	assert_int_equal(rfc3339_parse("2023-02-29T00:00:00Z", &s, NULL), -1);
	assert_int_equal(rfc3339_parse("2026-13-01T00:00:00Z", &s, NULL), -1);
	assert_int_equal(rfc3339_parse("1969-12-31T23:59:59Z", &s, NULL), 0);
	assert_int_equal(s, -1);
	assert_int_equal(rfc3339_parse("1970-01-01 00:00:00Z", &s, NULL), -1);
	assert_int_equal(rfc3339_parse("1970-01-01T00:00:00Zjunk", &s, NULL), -1);
	assert_int_equal(rfc3339_parse("1970-01-01T00:00:00", &s, NULL), -1);
	assert_int_equal(rfc3339_parse("1970-01-01T00:00:00.Z", &s, NULL), -1);
	assert_int_equal(rfc3339_parse("", &s, NULL), -1);
	assert_int_equal(rfc3339_parse(NULL, &s, NULL), -1);
	assert_int_equal(rfc3339_seconds("2026-11-20T12:00:00+02:00"), rfc3339_seconds("2026-11-20T10:00:00Z"));
	assert_int_equal(rfc3339_seconds("yesterday"), 0);
	assert_int_equal(rfc3339_seconds(NULL), 0);
}

static void test_scan(void **state)
{
	const char *line = "2026-11-20T10:03:01.123456789Z wget: bad address";
	long long s;

	(void)state;
	assert_int_equal(rfc3339_scan(line, strlen(line), &s, NULL), 30);
	assert_int_equal(rfc3339_scan(line, 25, &s, NULL), 0);	/* cut short: not a time */
	assert_int_equal(rfc3339_scan("2026-11-20T10:03:01+02:0", 24, &s, NULL), 0);
	assert_int_equal(rfc3339_scan("x", 1, &s, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_scan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
