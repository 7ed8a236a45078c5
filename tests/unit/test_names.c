/* Names: sanitizing, the API server's rules, and cutting long names. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "lib/names.h"
#include "gen/netspec.h"

static void sanitize_is(const char *in, const char *want)
{
	char *got = name_sanitize(in);
	assert_string_equal(got, want);
	free(got);
}

static void test_sanitize(void **state)
{
	(void)state;
	sanitize_is("leapp-migrated-container", "leapp-migrated-container");
	/* The original turned these into "eb--erver-01" and "ent--7". */
	sanitize_is("Web_Server.01", "web-server-01");
	sanitize_is("CentOS7", "centos7");
	sanitize_is("a.b_c", "a-b-c");
	sanitize_is("__x__y__", "x-y");
	sanitize_is("123abc", "123abc");
	sanitize_is("ABC", "abc");
	sanitize_is("___", "");
	sanitize_is("", "");
	sanitize_is("caf\xc3\xa9", "caf");
}

static void test_rules(void **state)
{
	(void)state;
	assert_true(name_is_dns1123_label("a"));
	assert_true(name_is_dns1123_label("web-server-01"));
	assert_false(name_is_dns1123_label("-a"));
	assert_false(name_is_dns1123_label("a-"));
	assert_false(name_is_dns1123_label("A"));
	assert_false(name_is_dns1123_label("a.b"));
	assert_false(name_is_dns1123_label(""));
	char long64[65];
	memset(long64, 'a', 64);
	long64[64] = '\0';
	assert_false(name_is_dns1123_label(long64));
	long64[63] = '\0';
	assert_true(name_is_dns1123_label(long64));
	assert_true(name_is_dns1123_subdomain("a.b-c.d"));
	assert_false(name_is_dns1123_subdomain("a..b"));
	assert_false(name_is_dns1123_subdomain(".a"));
	assert_true(name_is_dns1035_label("leapp-x"));
	assert_false(name_is_dns1035_label("1leapp"));
	assert_true(name_is_label_value(""));
	assert_true(name_is_label_value("Leapp_X.1"));
	assert_false(name_is_label_value("_x"));
	assert_false(name_is_label_value("x y"));
}

static void test_fit(void **state)
{
	char name[201];
	(void)state;
	memset(name, 'a', 200);
	name[200] = '\0';
	char *a = name_fit(name, 63);
	assert_int_equal(strlen(a), 63);
	assert_true(name_is_dns1123_label(a));
	/* Stable: the same input gives the same cut name. */
	char *b = name_fit(name, 63);
	assert_string_equal(a, b);
	/* Two names with the same prefix do not collide after cutting. */
	name[199] = 'b';
	char *c = name_fit(name, 63);
	assert_string_not_equal(a, c);
	assert_int_equal(strlen(c), 63);
	free(a);
	free(b);
	free(c);
	/* A cut never leaves a '-' before the hash part's own '-'. */
	char *d = name_fit("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-bbbbbbbbbbbbbbbbbbbb", 63);
	assert_null(strstr(d, "--"));
	assert_true(name_is_dns1123_label(d));
	free(d);
	char *e = name_fit("short", 63);
	assert_string_equal(e, "short");
	free(e);
}

static void test_compose(void **state)
{
	char stem[64];
	(void)state;
	char *a = name_compose("leapp-", "web", "-pod", 63);
	assert_string_equal(a, "leapp-web-pod");
	free(a);
	memset(stem, 'x', 63);
	stem[63] = '\0';
	char *b = name_compose("", stem, "-etc-vol", 63);
	char *c = name_compose("", stem, "-var-vol", 63);
	assert_int_equal(strlen(b), 63);
	assert_true(name_is_dns1123_label(b));
	/* The meaningful ends survive the cut, and the two stay apart. */
	assert_string_equal(b + 63 - 8, "-etc-vol");
	assert_string_equal(c + 63 - 8, "-var-vol");
	assert_string_not_equal(b, c);
	free(b);
	free(c);
	/* A suffix too long for any stem: the whole name is cut instead. */
	char *d = name_compose("", "x", "-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-vol", 63);
	assert_int_equal(strlen(d), 63);
	assert_true(name_is_dns1123_label(d));
	free(d);
}

/* Cluster-scoped names and the instance label carry the namespace: the same
 * machine in two namespaces never shares one, and a long pair still fits. */
static void test_qualified(void **state)
{
	char stem[64], ns[64];
	(void)state;
	char *a = name_qualified("web-etc-vol", "demo", 253);
	assert_string_equal(a, "web-etc-vol.demo");
	free(a);
	char *b = name_qualified("web", "a", 63), *c = name_qualified("web", "b", 63);
	assert_string_not_equal(b, c);
	free(b);
	free(c);
	memset(stem, 'x', 63), stem[63] = '\0';
	memset(ns, 'n', 63), ns[63] = '\0';
	char *d = name_qualified(stem, ns, 63), *e = name_qualified(stem, "n", 63);
	assert_int_equal(strlen(d), 63);
	assert_true(name_is_label_value(d));
	assert_true(name_is_label_value(e));
	assert_string_not_equal(d, e);
	char *f2 = name_qualified(stem, ns, 253);
	assert_true(name_is_dns1123_subdomain(f2));
	assert_string_equal(f2 + 64, ns);
	free(d);
	free(e);
	free(f2);
}

static void port_ok(const char *s, unsigned exposed, unsigned target)
{
	struct portspec p;
	assert_int_equal(port_parse(s, &p), 0);
	assert_int_equal(p.exposed, exposed);
	assert_int_equal(p.target, target);
}

static void port_bad(const char *s)
{
	struct portspec p;
	assert_int_equal(port_parse(s, &p), -1);
}

static void test_ports(void **state)
{
	(void)state;
	port_ok("80", 80, 80);
	port_ok("9022:22", 9022, 22);
	port_ok("8080:", 8080, 8080);
	port_ok("1", 1, 1);
	port_ok("65535:65535", 65535, 65535);
	port_bad("0");
	port_bad("65536");
	port_bad("99999");
	port_bad("-5");
	port_bad("abc");
	port_bad(":80");
	port_bad("1:2:3");
	port_bad("80:0");
	port_bad("");
	port_bad("8 0");
	port_bad("0000080");
	assert_true(port_looks_like("80"));
	assert_false(port_looks_like("macroimage"));
}

static void test_ips(void **state)
{
	(void)state;
	assert_true(ip_valid("192.168.100.1"));
	assert_true(ip_valid("10.0.0.1"));
	assert_true(ip_valid("::1"));
	assert_true(ip_valid("2001:db8::10"));
	assert_false(ip_valid("192.168.100"));
	assert_false(ip_valid("192.168.100.256"));
	assert_false(ip_valid("010.0.0.1"));
	assert_false(ip_valid("host.example.com"));
	assert_false(ip_valid(""));
	assert_false(ip_valid("1.2.3.4/24"));
	assert_true(ip_looks_like("10.0.0.1"));
	assert_true(ip_looks_like("::1"));
	assert_false(ip_looks_like("stateful"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_compose),
		cmocka_unit_test(test_qualified),
		cmocka_unit_test(test_ports),
		cmocka_unit_test(test_ips),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
