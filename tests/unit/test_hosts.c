/* The machine's /etc/hosts as hostAliases: loopback lines left to the
 * runtime, names grouped per address (one spelling of each address), and
 * what the API would refuse left out with its line named once. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "gen/hosts.h"

static void test_hosts(void **state)
{
	struct hosts h;
	(void)state;
	hosts_parse("127.0.0.1 localhost\n"
		    "127.8.9.10 also-loopback\n"
		    "::1 localhost6\n"
		    "::ffff:127.0.0.1 mapped-loopback\n"
		    "\n"
		    "  # a comment\n"
		    "192.0.2.10\tDB.Example.com db # the database\n"
		    "2001:DB8::1 v6\n"
		    "192.0.2.10 db DB-2\n"
		    "2001:db8:0:0::1 v6-again\n"
		    "010.0.0.1 leading-zero\n"
		    "192.0.2.11 bad_name also..bad good\n"
		    "192.0.2.12\n"
		    "fe80::1%eth0 zoned\n"
		    "not-an-address name\n"
		    "192.0.2.13 \xff\xfe\n", &h);
	assert_int_equal(h.n, 3);
	assert_string_equal(h.v[0].ip, "192.0.2.10");
	assert_int_equal(h.v[0].names.n, 3);
	assert_string_equal(h.v[0].names.v[0], "db.example.com");
	assert_string_equal(h.v[0].names.v[1], "db");
	assert_string_equal(h.v[0].names.v[2], "db-2");
	assert_string_equal(h.v[1].ip, "2001:db8::1");	/* both spellings, one address */
	assert_int_equal(h.v[1].names.n, 2);
	assert_string_equal(h.v[2].ip, "192.0.2.11");
	assert_int_equal(h.v[2].names.n, 1);
	assert_string_equal(h.v[2].names.v[0], "good");
	/* each bad line once, by its number: 11 (leading zero), 12 (two bad
	 * names), 13 (no name), 14 (a zone), 15, 16 (no usable name) */
	assert_int_equal(h.bad.n, 6);
	assert_non_null(strstr(h.bad.v[0], "line 11: \"010.0.0.1 leading-zero\": not an IP address"));
	assert_non_null(strstr(h.bad.v[1], "line 12: "));
	assert_non_null(strstr(h.bad.v[1], "\"bad_name\" is not a host name"));
	assert_non_null(strstr(h.bad.v[2], "line 13: \"192.0.2.12\": an address without a name"));
	assert_non_null(strstr(h.bad.v[3], "line 14: "));
	assert_non_null(strstr(h.bad.v[4], "line 15: "));
	assert_non_null(strstr(h.bad.v[5], "line 16: \"192.0.2.13 ??\""));
	hosts_free(&h);
	hosts_parse("", &h);
	assert_int_equal(h.n, 0);
	assert_int_equal(h.bad.n, 0);
	hosts_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hosts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
