/* kubeconfig loading as kubectl does it, and exec credential plugins. Runs
 * from the top of the tree (tests/run.sh), fixtures in tests/fixtures/kubeconfig. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag/kube/execcred.h"
#include "lib/fsutil.h"
#include "diag/kube/kubeconfig.h"
#include "lib/rfc3339.h"

#define FIX "tests/fixtures/kubeconfig/"

static char top[PATH_MAX];

static void env_clean(void)
{
	unsetenv("KUBECONFIG");
	unsetenv("KUBERNETES_SERVICE_HOST");
	unsetenv("KUBERNETES_SERVICE_PORT");
	unsetenv("POD_NAMESPACE");
	unsetenv("OC_LEAPP_SERVICEACCOUNT_DIR");
	setenv("HOME", "/nonexistent-home", 1);
}

static int setup(void **state)
{
	(void)state;
	env_clean();
	return 0;
}

/* Loads with opts; returns rc, conf filled on success, message in e. */
static int load(struct kube_opts *o, struct kube_conf *c, struct err *e)
{
	memset(e, 0, sizeof(*e));
	return kube_conf_load(o, c, 1, e);
}

static char *fix(const char *name)
{
	return xasprintf("%s/" FIX "%s", top, name);
}

static void test_base64(void **state)
{
	char *out;
	size_t len;

	(void)state;
	assert_int_equal(kube_base64_decode("aGVs\nbG8=", &out, &len), 0);
	assert_int_equal(len, 5);
	assert_string_equal(out, "hello");
	free(out);
	assert_int_equal(kube_base64_decode("a*b=", &out, &len), -1);
	assert_int_equal(kube_base64_decode("aGVsbG8=x", &out, &len), -1);
	char *enc = kube_base64_encode("hello!?", 7);
	assert_string_equal(enc, "aGVsbG8hPw==");
	assert_int_equal(kube_base64_decode(enc, &out, &len), 0);
	assert_memory_equal(out, "hello!?", 7);
	free(out);
	free(enc);
}

static void test_timeout(void **state)
{
	static const struct { const char *in; long ms; } good[] = {
		{ "0", 0 }, { "5", 5000 }, { "1s", 1000 }, { "2m", 120000 }, { "3h", 10800000 },
		{ "1h30m", 5400000 }, { "500ms", 500 }, { "1.5s", 1500 },
	};
	static const char *const bad[] = { "", "abc", "-1", "5x", "1s2", "s",
		"9223372036854775807", "99999999999999999999" };	/* once overflowed *1000 */
	struct err e = { 0 };
	long ms;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(kube_parse_timeout(good[i].in, &ms, &e), 0);
		assert_int_equal(ms, good[i].ms);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&e, 0, sizeof(e));
		assert_int_equal(kube_parse_timeout(bad[i], &ms, &e), -1);
		assert_int_equal(e.code, EXIT_USAGE);
		assert_non_null(strstr(e.msg, "Timeout must be a single integer in seconds"));
	}
}

static void test_merge_first_wins(void **state)
{
	struct kube_opts o;
	struct kube_conf c;
	struct err e;
	char *a = fix("a.yaml"), *b = fix("b.yaml");
	char *list = xasprintf("/nonexistent/x:%s::%s:%s", a, b, a);

	(void)state;
	kube_opts_init(&o);
	setenv("KUBECONFIG", list, 1);
	assert_int_equal(load(&o, &c, &e), 0);
	assert_string_equal(c.context, "a-ctx");
	assert_string_equal(c.server, "https://a.example:6443");
	assert_string_equal(c.token, "tok-a");
	assert_null(c.as);		/* b.yaml's shared-user is dropped whole */
	assert_null(c.proxy_url);	/* and so is its shared cluster */
	assert_string_equal(c.namespace, "ns-a");
	assert_string_equal(c.tls_server_name, "api.a.example");
	assert_non_null(c.ca);		/* relative to a.yaml's directory */
	assert_non_null(strstr(c.ca, "BEGIN CERTIFICATE"));
	kube_conf_free(&c);

	/* b first: its current-context and its "shared" win */
	free(list);
	list = xasprintf("%s:%s", b, a);
	setenv("KUBECONFIG", list, 1);
	assert_int_equal(load(&o, &c, &e), 0);
	assert_string_equal(c.context, "b-ctx");
	assert_string_equal(c.server, "https://b-only.example:6443");
	assert_true(c.insecure);
	assert_string_equal(c.namespace, "default");
	kube_conf_free(&c);
	o.context = "a-ctx";
	assert_int_equal(load(&o, &c, &e), 0);
	assert_string_equal(c.server, "https://b.example:6443");
	assert_string_equal(c.proxy_url, "http://proxy.b.example:3128");
	assert_string_equal(c.token, "tok-b");
	assert_string_equal(c.as, "someone");
	assert_null(c.ca);
	kube_conf_free(&c);
	free(list), free(a), free(b);
}

static void test_overrides(void **state)
{
	struct kube_opts o;
	struct kube_conf c;
	struct err e;
	char *a = fix("a.yaml"), *b = fix("b.yaml"), *ca = fix("ca.pem");
	char *list = xasprintf("%s:%s", a, b);

	(void)state;
	setenv("KUBECONFIG", list, 1);
	kube_opts_init(&o);
	o.context = "a-ctx", o.cluster = "b-only", o.user = "b-user", o.namespace = "flag-ns";
	assert_int_equal(load(&o, &c, &e), 0);
	assert_string_equal(c.server, "https://b-only.example:6443");
	assert_string_equal(c.token, "tok-b-user");
	assert_string_equal(c.namespace, "flag-ns");
	kube_conf_free(&c);

	/* --server drops the file's tls-server-name; --token, --as and -timeout apply */
	kube_opts_init(&o);
	o.server = "https://other.example:6443/";
	o.token = "flag-token";
	o.request_timeout = "2m";
	strlist_push(&o.as_groups, "g1");
	strlist_push(&o.as_groups, "g2");
	assert_int_equal(load(&o, &c, &e), 0);
	assert_string_equal(c.server, "https://other.example:6443");
	assert_null(c.tls_server_name);
	assert_string_equal(c.token, "flag-token");
	assert_int_equal(c.timeout_ms, 120000);
	assert_int_equal(c.as_groups.n, 2);
	kube_conf_free(&c);
	strlist_free(&o.as_groups);

	/* --insecure-skip-tls-verify clears the file's CA; --certificate-authority clears insecure */
	kube_opts_init(&o);
	o.insecure_skip_tls_verify = 1;
	assert_int_equal(load(&o, &c, &e), 0);
	assert_null(c.ca);
	assert_true(c.insecure);
	kube_conf_free(&c);
	kube_opts_init(&o);
	o.context = "b-ctx", o.certificate_authority = ca;
	assert_int_equal(load(&o, &c, &e), 0);
	assert_false(c.insecure);
	assert_non_null(c.ca);
	kube_conf_free(&c);

	/* a tokenFile, relative to its kubeconfig */
	kube_opts_init(&o);
	o.context = "file-ctx";
	assert_int_equal(load(&o, &c, &e), 0);
	assert_string_equal(c.token, "file-token");
	kube_conf_free(&c);

	free(list), free(a), free(b), free(ca);
}

static void expect_error(struct kube_opts *o, const char *part)
{
	struct kube_conf c;
	struct err e;

	assert_int_equal(load(o, &c, &e), -1);
	if (!strstr(e.msg, part))
		fail_msg("error \"%s\" lacks \"%s\"", e.msg, part);
	assert_int_not_equal(e.code, 0);
}

static void test_errors(void **state)
{
	struct kube_opts o;
	char *a = fix("a.yaml"), *g = fix("garbage.yaml"), *nl = fix("notalist.yaml"), *d = fix("data.yaml");

	(void)state;
	kube_opts_init(&o);
	setenv("KUBECONFIG", a, 1);
	o.context = "nope";
	expect_error(&o, "context was not found for specified context: nope");
	kube_opts_init(&o);
	o.cluster = "nope";
	expect_error(&o, "cluster \"nope\" does not exist");
	kube_opts_init(&o);
	o.user = "nope";
	expect_error(&o, "auth info \"nope\" does not exist");
	kube_opts_init(&o);
	o.request_timeout = "soon";
	expect_error(&o, "Timeout must be");

	kube_opts_init(&o);
	o.kubeconfig = "/nonexistent/kubeconfig";	/* --kubeconfig must exist */
	expect_error(&o, "cannot read kubeconfig \"/nonexistent/kubeconfig\"");
	o.kubeconfig = g;
	expect_error(&o, "error loading config file");
	o.kubeconfig = nl;
	expect_error(&o, "clusters must be a list");
	setenv("KUBECONFIG", g, 1);	/* a broken file in the list is an error too */
	kube_opts_init(&o);
	expect_error(&o, "error loading config file");

	setenv("KUBECONFIG", "/nonexistent/a:/nonexistent/b", 1);
	expect_error(&o, "invalid configuration: no configuration has been provided");
	unsetenv("KUBECONFIG");		/* and no ~/.kube/config either */
	expect_error(&o, "invalid configuration: no configuration has been provided");

	o.kubeconfig = d;
	o.context = "both";
	expect_error(&o, "specifying a root certificates file with the insecure flag is not allowed");
	o.context = "badb64";
	expect_error(&o, "certificate-authority-data of \"badb64\" is not valid base64");
	o.context = "gcp";
	expect_error(&o, "auth-provider \"gcp\" is not supported");
	o.context = "oidc-empty";
	expect_error(&o, "oidc auth-provider has no id-token");
	o.context = "d";
	o.client_key = "/nonexistent/key.pem";
	expect_error(&o, "unable to read client-key \"/nonexistent/key.pem\"");
	free(a), free(g), free(nl), free(d);
}

static void test_data_and_oidc(void **state)
{
	struct kube_opts o;
	struct kube_conf c;
	struct err e;
	char *d = fix("data.yaml");

	(void)state;
	kube_opts_init(&o);
	o.kubeconfig = d;
	assert_int_equal(load(&o, &c, &e), 0);
	assert_non_null(strstr(c.ca, "BEGIN CERTIFICATE"));
	assert_int_equal(c.cert_len, 9);
	assert_memory_equal(c.cert, "CERT PEM\n", 9);
	assert_memory_equal(c.key, "KEY PEM\n", 8);
	assert_null(c.token);
	kube_conf_free(&c);
	o.context = "oidc";
	assert_int_equal(load(&o, &c, &e), 0);
	assert_string_equal(c.token, "the-id-token");
	kube_conf_free(&c);
	free(d);
}

static void test_in_cluster(void **state)
{
	struct kube_opts o;
	struct kube_conf c;
	struct err e;
	char *sa = fix("sa");

	(void)state;
	kube_opts_init(&o);
	setenv("OC_LEAPP_SERVICEACCOUNT_DIR", sa, 1);
	setenv("KUBERNETES_SERVICE_HOST", "10.0.0.1", 1);
	setenv("KUBERNETES_SERVICE_PORT", "443", 1);
	assert_int_equal(load(&o, &c, &e), 0);
	assert_true(c.in_cluster);
	assert_string_equal(c.server, "https://10.0.0.1:443");
	assert_string_equal(c.token, "sa-token");
	assert_string_equal(c.namespace, "sa-ns");
	assert_non_null(c.ca);
	kube_conf_free(&c);
	setenv("KUBERNETES_SERVICE_HOST", "fd00::1", 1);
	setenv("POD_NAMESPACE", "from-env", 1);
	o.namespace = "flag-ns";
	assert_int_equal(load(&o, &c, &e), 0);
	assert_string_equal(c.server, "https://[fd00::1]:443");
	assert_string_equal(c.namespace, "flag-ns");
	kube_conf_free(&c);
	o.namespace = NULL;
	assert_int_equal(load(&o, &c, &e), 0);
	assert_string_equal(c.namespace, "from-env");
	kube_conf_free(&c);
	/* a kubeconfig, when there is one, wins over the service account */
	char *a = fix("a.yaml");
	setenv("KUBECONFIG", a, 1);
	assert_int_equal(load(&o, &c, &e), 0);
	assert_false(c.in_cluster);
	kube_conf_free(&c);
	free(a);
	free(sa);
	env_clean();
}

static char *slurp(const char *path)
{
	char *buf = NULL;
	size_t len;
	struct err e = { 0 };

	if (read_file(path, 1 << 20, &buf, &len, &e) < 0)
		fail_msg("%s", e.msg);
	return buf;
}

static void test_exec_cert(void **state)
{
	struct kube_opts o;
	struct kube_conf c;
	struct kube_cred cr;
	struct err e;
	char *k = fix("exec/kubeconfig.yaml"), tmpl[] = "/tmp/oc-leapp-exec.XXXXXX";
	char *dir = mkdtemp(tmpl);

	(void)state;
	assert_non_null(dir);
	setenv("OUT_DIR", dir, 1);
	setenv("PLUGIN_ENV", "from-caller", 1);
	kube_opts_init(&o);
	o.kubeconfig = k;
	assert_int_equal(load(&o, &c, &e), 0);
	assert_non_null(c.exec);
	assert_int_equal(kube_exec_run(&c, 1, 5000, &cr, &e), 0);
	assert_non_null(strstr(cr.cert, "BEGIN CERTIFICATE"));
	assert_non_null(strstr(cr.key, "BEGIN PRIVATE KEY"));
	assert_null(cr.token);
	assert_int_equal(cr.expiry, rfc3339_seconds("2030-01-02T03:04:05Z"));
	kube_cred_free(&cr);

	char *p = xasprintf("%s/args", dir), *s = slurp(p);
	assert_string_equal(s, "--one\ntwo words\n$(not a shell)\n");	/* an argv, no shell */
	free(p), free(s);
	p = xasprintf("%s/env", dir), s = slurp(p);
	assert_string_equal(s, "from-kubeconfig\n");
	free(p), free(s);
	p = xasprintf("%s/info", dir), s = slurp(p);
	json_t *info = json_loads(s, 0, NULL);
	assert_non_null(info);
	assert_string_equal(json_string_value(json_object_get(info, "apiVersion")), "client.authentication.k8s.io/v1");
	json_t *spec = json_object_get(info, "spec");
	assert_true(json_is_false(json_object_get(spec, "interactive")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(spec, "cluster"), "server")),
			    "https://exec.example:6443");
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(spec, "cluster"),
						"config"), "audience")), "leapp");
	json_decref(info);
	free(p), free(s);
	kube_conf_free(&c);

	/* --token beats the plugin */
	o.token = "flag";
	assert_int_equal(load(&o, &c, &e), 0);
	assert_null(c.exec);
	kube_conf_free(&c);

	for (const char *f = "args\0info\0env\0"; *f; f += strlen(f) + 1) {
		p = xasprintf("%s/%s", dir, f);
		unlink(p);
		free(p);
	}
	rmdir(dir);
	unsetenv("OUT_DIR");
	unsetenv("PLUGIN_ENV");
	free(k);
}

static void exec_fails(const char *ctx, const char *mode, long timeout, const char *part)
{
	struct kube_opts o;
	struct kube_conf c;
	struct kube_cred cr;
	struct err e;
	char *k = fix("exec/kubeconfig.yaml");

	kube_opts_init(&o);
	o.kubeconfig = k;
	o.context = ctx;
	setenv("MODE", mode, 1);
	assert_int_equal(load(&o, &c, &e), 0);
	assert_int_equal(kube_exec_run(&c, 0, timeout, &cr, &e), -1);
	if (!strstr(e.msg, part))
		fail_msg("error \"%s\" lacks \"%s\"", e.msg, part);
	if (strstr(e.msg, "SeCrEt"))
		fail_msg("error \"%s\" quotes the plugin's output", e.msg);
	kube_conf_free(&c);
	free(k);
}

static void test_exec_errors(void **state)
{
	struct kube_opts o;
	char *k = fix("exec/kubeconfig.yaml");

	(void)state;
	exec_fails("bad", "fail", 0, "failed: exit status 3");
	exec_fails("bad", "garbage", 0, "is not an ExecCredential");
	exec_fails("bad", "version", 0, "plugin returned version client.authentication.k8s.io/v1beta1");
	exec_fails("bad", "nostatus", 0, "didn't return a status field");
	exec_fails("bad", "onlycert", 0, "returned only certificate or key, not both");
	exec_fails("bad", "empty", 0, "didn't return a token or cert/key pair");
	exec_fails("bad", "sleep", 300, "gave no credential within 300 ms");
	/* malformed output may hold a token: the error says where, never what */
	static const char *const leaky[] = { "truncated", "badjson", "odd-version", "odd-expiry" };
	for (size_t i = 0; i < sizeof(leaky) / sizeof(leaky[0]); i++)
		exec_fails("bad", leaky[i], 0, "exec plugin");
	exec_fails("bad", "badjson", 0, "not JSON: line 1, column");
	exec_fails("bad", "odd-version", 0, "plugin returned another version");
	exec_fails("bad", "odd-expiry", 0, "expirationTimestamp is not an RFC 3339 time");
	/* a bare name is looked up on PATH, never next to the kubeconfig */
	exec_fails("onpath", "", 0, "executable plugin-cert.sh not found: install it with: dnf install leapp-auth");
	exec_fails("always", "", 0, "standard input is not a terminal");
	kube_opts_init(&o);
	o.kubeconfig = k;
	o.context = "nomode";
	expect_error(&o, "interactiveMode must be specified");
	free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test_setup(test_merge_first_wins, setup),
		cmocka_unit_test_setup(test_overrides, setup),
		cmocka_unit_test_setup(test_errors, setup),
		cmocka_unit_test_setup(test_data_and_oidc, setup),
		cmocka_unit_test_setup(test_in_cluster, setup),
		cmocka_unit_test_setup(test_exec_cert, setup),
		cmocka_unit_test_setup(test_exec_errors, setup),
	};

	if (!getcwd(top, sizeof(top)))
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
