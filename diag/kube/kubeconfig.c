#include "diag/kube/kubeconfig.h"
#include "lib/fsutil.h"
#include "lib/strbuf.h"
#include "lib/yamlload.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CONFIG_MAX	(16u << 20)
#define PEM_MAX		(4u << 20)

void kube_opts_init(struct kube_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->insecure_skip_tls_verify = -1;
}

const char *kube_sa_dir(void)
{
	const char *d = getenv("OC_LEAPP_SERVICEACCOUNT_DIR");

	return d && *d ? d : "/var/run/secrets/kubernetes.io/serviceaccount";
}

/* ---- small helpers ---- */

static const char *jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s && *s ? s : NULL;
}

static int jtrue(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (json_is_string(v))
		return !strcmp(json_string_value(v), "true");
	return json_is_true(v);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void replace(char **dst, const char *s)
{
	free(*dst);
	*dst = dup_or_null(s);
}

static const signed char b64[256] = {
	['A'] = 1, ['B'] = 2, ['C'] = 3, ['D'] = 4, ['E'] = 5, ['F'] = 6, ['G'] = 7, ['H'] = 8,
	['I'] = 9, ['J'] = 10, ['K'] = 11, ['L'] = 12, ['M'] = 13, ['N'] = 14, ['O'] = 15,
	['P'] = 16, ['Q'] = 17, ['R'] = 18, ['S'] = 19, ['T'] = 20, ['U'] = 21, ['V'] = 22,
	['W'] = 23, ['X'] = 24, ['Y'] = 25, ['Z'] = 26, ['a'] = 27, ['b'] = 28, ['c'] = 29,
	['d'] = 30, ['e'] = 31, ['f'] = 32, ['g'] = 33, ['h'] = 34, ['i'] = 35, ['j'] = 36,
	['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40, ['o'] = 41, ['p'] = 42, ['q'] = 43,
	['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47, ['v'] = 48, ['w'] = 49, ['x'] = 50,
	['y'] = 51, ['z'] = 52, ['0'] = 53, ['1'] = 54, ['2'] = 55, ['3'] = 56, ['4'] = 57,
	['5'] = 58, ['6'] = 59, ['7'] = 60, ['8'] = 61, ['9'] = 62, ['+'] = 63, ['/'] = 64,
};	/* value + 1, so 0 means "not a base64 digit" */

int kube_base64_decode(const char *in, char **out, size_t *len)
{
	size_t n = strlen(in), o = 0;
	char *buf = xmalloc(n / 4 * 3 + 4);
	unsigned acc = 0;
	int bits = 0, pad = 0;

	for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
			continue;
		if (*p == '=') {
			pad++;
			continue;
		}
		if (!b64[*p] || pad)
			goto bad;
		acc = (acc << 6) | (unsigned)(b64[*p] - 1);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf[o++] = (char)((acc >> bits) & 0xff);
		}
	}
	if (pad > 2 || bits >= 6)
		goto bad;
	buf[o] = '\0';
	*out = buf;
	*len = o;
	return 0;
bad:
	free(buf);
	return -1;
}

char *kube_base64_encode(const char *in, size_t len)
{
	static const char dig[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *out = xmalloc((len + 2) / 3 * 4 + 1), *p = out;
	const unsigned char *s = (const unsigned char *)in;

	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)s[i] << 16 | (i + 1 < len ? (unsigned)s[i + 1] << 8 : 0) |
			     (i + 2 < len ? s[i + 2] : 0);
		*p++ = dig[v >> 18 & 63];
		*p++ = dig[v >> 12 & 63];
		*p++ = i + 1 < len ? dig[v >> 6 & 63] : '=';
		*p++ = i + 2 < len ? dig[v & 63] : '=';
	}
	*p = '\0';
	return out;
}

int kube_parse_timeout(const char *s, long *ms, struct err *e)
{
	static const struct { const char *u; double ms; } units[] = {
		{ "ns", 1e-6 }, { "us", 1e-3 }, { "\xc2\xb5s", 1e-3 }, { "ms", 1 },
		{ "s", 1e3 }, { "m", 60e3 }, { "h", 3600e3 },
	};
	const char *p = s;
	double total = 0;
	char *end;

	if (!*p)
		goto bad;
	errno = 0;
	long secs = strtol(p, &end, 10);
	if (!*end && end != p) {	/* a bare integer is seconds */
		if (secs < 0 || errno || secs > 1000000000)	/* the cap below, without overflow */
			goto bad;
		*ms = secs * 1000;
		return 0;
	}
	while (*p) {
		double v = strtod(p, &end);
		size_t best = 0, k = 0;

		if (end == p || !(v >= 0) || *p == '+' || *p == '-')	/* NaN too: "nanms" */
			goto bad;
		p = end;
		for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
			size_t l = strlen(units[i].u);
			if (!strncmp(p, units[i].u, l) && l > best)
				best = l, k = i;
		}
		if (!best)
			goto bad;
		total += v * units[k].ms;
		p += best;
	}
	if (total > 1e12)
		goto bad;
	*ms = (long)total;
	if (!*ms && total > 0)
		*ms = 1;
	return 0;
bad:
	return err_set(e, EXIT_USAGE,
		       "invalid --request-timeout \"%s\": Timeout must be a single integer in seconds, or "
		       "an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)", s);
}

/* ---- loading and merging ---- */

struct merged {
	json_t *clusters, *contexts, *users;	/* name -> entry body */
	char *current;
	size_t files;				/* files actually read */
};

/* A relative path in a kubeconfig is relative to that file's directory. */
static void resolve_path(json_t *obj, const char *key, const char *dir, int only_with_slash)
{
	const char *v = jstr(obj, key);

	if (!v || v[0] == '/' || (only_with_slash && !strchr(v, '/')))
		return;
	char *abs = path_join(dir, v);
	json_object_set_new(obj, key, json_string(abs));
	free(abs);
}

static int merge_list(json_t *doc, const char *list, const char *body, json_t *into,
		      const char *dir, const char *file, struct err *e)
{
	json_t *arr = json_object_get(doc, list), *it;
	size_t i;

	if (!arr || json_is_null(arr))
		return 0;
	if (!json_is_array(arr))
		return err_set(e, EXIT_FAIL, "error loading config file \"%s\": %s must be a list", file, list);
	json_array_foreach(arr, i, it) {
		const char *name = jstr(it, "name");
		json_t *b = json_object_get(it, body);

		if (!json_is_object(it) || !name)
			return err_set(e, EXIT_FAIL, "error loading config file \"%s\": an entry of %s has no name",
				       file, list);
		if (json_object_get(into, name))
			continue;	/* the first file to set a key wins, whole */
		b = json_is_object(b) ? json_deep_copy(b) : json_object();
		if (!strcmp(list, "clusters")) {
			resolve_path(b, "certificate-authority", dir, 0);
		} else if (!strcmp(list, "users")) {
			resolve_path(b, "client-certificate", dir, 0);
			resolve_path(b, "client-key", dir, 0);
			resolve_path(b, "tokenFile", dir, 0);
			json_t *ex = json_object_get(b, "exec");
			if (json_is_object(ex))
				resolve_path(ex, "command", dir, 1);
		}
		json_object_set_new(into, name, b);
	}
	return 0;
}

static int load_file(const char *path, int must_exist, struct merged *m, struct err *e)
{
	struct err fe = { 0 };
	char *buf = NULL, *dir, *slash;
	size_t len;
	json_t *doc = NULL;
	int rc = -1;

	if (read_file(path, CONFIG_MAX, &buf, &len, &fe) < 0) {
		if (!must_exist && errno == ENOENT)
			return 0;
		return err_set(e, EXIT_FAIL, "cannot read kubeconfig \"%s\": %s", path,
			       errno ? strerror(errno) : fe.msg);
	}
	if (yaml_load_one(buf, len, path, &doc, &fe) < 0) {
		err_set(e, EXIT_FAIL, "error loading config file \"%s\": %s", path, fe.msg);
		goto out;
	}
	m->files++;
	if (json_is_null(doc)) {
		rc = 0;
		goto out;
	}
	if (!json_is_object(doc)) {
		err_set(e, EXIT_FAIL, "error loading config file \"%s\": not a kubeconfig (a mapping)", path);
		goto out;
	}
	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash)
		slash[slash == dir] = '\0';
	else
		strcpy(dir, ".");
	rc = merge_list(doc, "clusters", "cluster", m->clusters, dir, path, e);
	if (!rc)
		rc = merge_list(doc, "contexts", "context", m->contexts, dir, path, e);
	if (!rc)
		rc = merge_list(doc, "users", "user", m->users, dir, path, e);
	free(dir);
	if (!rc && !m->current && jstr(doc, "current-context"))
		m->current = xstrdup(jstr(doc, "current-context"));
out:
	json_decref(doc);
	free(buf);
	return rc;
}

void kube_conf_files(const struct kube_opts *o, struct strlist *files)
{
	const char *env = getenv("KUBECONFIG");
	const char *home = getenv("HOME");

	if (o && o->kubeconfig && *o->kubeconfig) {
		strlist_push(files, o->kubeconfig);
	} else if (env && *env) {
		char *list = xstrdup(env), *save = NULL;
		for (char *p = strtok_r(list, ":", &save); p; p = strtok_r(NULL, ":", &save))
			if (!strlist_has(files, p))
				strlist_push(files, p);
		free(list);
	} else if (home && *home) {
		char *p = path_join(home, ".kube/config");
		strlist_push(files, p);
		free(p);
	}
}

static int load_all(const struct kube_opts *o, struct merged *m, int quiet, struct err *e)
{
	const char *env = getenv("KUBECONFIG");
	struct strlist files = { 0 };
	int rc = 0;

	kube_conf_files(o, &files);
	/* --kubeconfig names one file that must be there; KUBECONFIG's and the
	 * default may be missing */
	int must = o->kubeconfig && *o->kubeconfig;
	for (size_t i = 0; i < files.n && !rc; i++)
		rc = load_file(files.v[i], must, m, e);
	if (!rc && !must && env && *env && !m->files && !quiet)
		warnf("Config not found: %s", env);
	strlist_free(&files);
	return rc;
}

/* ---- choosing the context, cluster and user ---- */

static int read_pem(const char *path, const char *what, char **out, size_t *len, struct err *e)
{
	struct err fe = { 0 };

	if (read_file(path, PEM_MAX, out, len, &fe) < 0)
		return err_set(e, EXIT_FAIL, "unable to read %s \"%s\": %s", what, path,
			       errno ? strerror(errno) : fe.msg);
	return 0;
}

static int decode_data(const char *b64s, const char *what, const char *owner, char **out,
		       size_t *len, struct err *e)
{
	free(*out);
	*out = NULL;
	if (kube_base64_decode(b64s, out, len) < 0)
		return err_set(e, EXIT_FAIL, "%s of \"%s\" is not valid base64", what, owner);
	return 0;
}

static int apply_cluster(struct kube_conf *c, const json_t *cl, struct err *e)
{
	const char *name = c->cluster_name;

	replace(&c->server, jstr(cl, "server"));
	replace(&c->tls_server_name, jstr(cl, "tls-server-name"));
	replace(&c->proxy_url, jstr(cl, "proxy-url"));
	c->insecure = jtrue(cl, "insecure-skip-tls-verify");
	if (jstr(cl, "certificate-authority-data")) {
		if (decode_data(jstr(cl, "certificate-authority-data"), "certificate-authority-data",
				name, &c->ca, &c->ca_len, e) < 0)
			return -1;
	} else if (jstr(cl, "certificate-authority")) {
		if (read_pem(jstr(cl, "certificate-authority"), "certificate-authority", &c->ca,
			     &c->ca_len, e) < 0)
			return -1;
	}
	return 0;
}

static int apply_exec(struct kube_conf *c, const json_t *ex, const json_t *cluster, struct err *e)
{
	struct kube_exec *x = xcalloc(1, sizeof(*x));
	json_t *v;
	size_t i;

	c->exec = x;
	x->api_version = dup_or_null(jstr(ex, "apiVersion"));
	x->command = dup_or_null(jstr(ex, "command"));
	x->install_hint = dup_or_null(jstr(ex, "installHint"));
	x->interactive_mode = dup_or_null(jstr(ex, "interactiveMode"));
	x->provide_cluster_info = jtrue(ex, "provideClusterInfo");
	if (!x->command)
		return err_set(e, EXIT_FAIL, "user \"%s\": exec has no command", c->user_name);
	if (!x->api_version)
		return err_set(e, EXIT_FAIL, "user \"%s\": exec has no apiVersion", c->user_name);
	if (strcmp(x->api_version, "client.authentication.k8s.io/v1") &&
	    strcmp(x->api_version, "client.authentication.k8s.io/v1beta1"))
		return err_set(e, EXIT_FAIL, "exec plugin: invalid apiVersion \"%s\" (supported: "
			       "client.authentication.k8s.io/v1, client.authentication.k8s.io/v1beta1)",
			       x->api_version);
	if (!x->interactive_mode) {
		if (!strcmp(x->api_version, "client.authentication.k8s.io/v1"))
			return err_set(e, EXIT_FAIL, "interactiveMode must be specified for %s to use exec "
				       "authentication plugin", c->user_name);
		x->interactive_mode = xstrdup("IfAvailable");
	}
	if (strcmp(x->interactive_mode, "Never") && strcmp(x->interactive_mode, "IfAvailable") &&
	    strcmp(x->interactive_mode, "Always"))
		return err_set(e, EXIT_FAIL, "exec plugin: invalid interactiveMode \"%s\"", x->interactive_mode);
	json_array_foreach(json_object_get(ex, "args"), i, v)
		if (json_is_string(v))
			strlist_push(&x->args, json_string_value(v));
	json_array_foreach(json_object_get(ex, "env"), i, v) {
		const char *n = jstr(v, "name"), *val = json_string_value(json_object_get(v, "value"));
		if (n) {
			char *kv = xasprintf("%s=%s", n, val ? val : "");
			strlist_push(&x->env, kv);
			free(kv);
		}
	}
	json_array_foreach(json_object_get(cluster, "extensions"), i, v)
		if (jstr(v, "name") && !strcmp(jstr(v, "name"), "client.authentication.k8s.io/exec"))
			x->cluster_config = json_incref(json_object_get(v, "extension"));
	return 0;
}

static int apply_user(struct kube_conf *c, const json_t *u, const json_t *cluster, struct err *e)
{
	const json_t *ap = json_object_get(u, "auth-provider");
	const char *name = c->user_name;

	if (jstr(u, "token")) {
		replace(&c->token, jstr(u, "token"));
	} else if (jstr(u, "tokenFile")) {
		size_t len;
		if (read_pem(jstr(u, "tokenFile"), "tokenFile", &c->token, &len, e) < 0)
			return -1;
		while (len && strchr(" \t\r\n", c->token[len - 1]))
			c->token[--len] = '\0';
	}
	if (jstr(u, "client-certificate-data")) {
		if (decode_data(jstr(u, "client-certificate-data"), "client-certificate-data", name,
				&c->cert, &c->cert_len, e) < 0)
			return -1;
	} else if (jstr(u, "client-certificate") &&
		   read_pem(jstr(u, "client-certificate"), "client-certificate", &c->cert, &c->cert_len, e) < 0) {
		return -1;
	}
	if (jstr(u, "client-key-data")) {
		if (decode_data(jstr(u, "client-key-data"), "client-key-data", name, &c->key, &c->key_len, e) < 0)
			return -1;
	} else if (jstr(u, "client-key") &&
		   read_pem(jstr(u, "client-key"), "client-key", &c->key, &c->key_len, e) < 0) {
		return -1;
	}
	replace(&c->as, jstr(u, "as"));
	replace(&c->as_uid, jstr(u, "as-uid"));
	size_t i;
	json_t *g;
	json_array_foreach(json_object_get(u, "as-groups"), i, g)
		if (json_is_string(g))
			strlist_push(&c->as_groups, json_string_value(g));
	if (json_is_object(ap)) {
		const char *pname = jstr(ap, "name");
		const char *idt = jstr(json_object_get(ap, "config"), "id-token");
		if (!pname || strcmp(pname, "oidc"))
			return err_set(e, EXIT_FAIL, "user \"%s\": the auth-provider \"%s\" is not supported "
				       "(it was removed from kubectl too): use an exec credential plugin "
				       "or a token", name, pname ? pname : "");
		if (!idt)
			return err_set(e, EXIT_FAIL, "user \"%s\": the oidc auth-provider has no id-token: "
				       "log in with kubectl first, or switch to an exec credential plugin "
				       "(e.g. kubectl oidc-login)", name);
		if (!c->token)
			c->token = xstrdup(idt);
	}
	if (json_is_object(json_object_get(u, "exec")) && !c->token)
		return apply_exec(c, json_object_get(u, "exec"), cluster, e);
	return 0;
}

static void exec_free(struct kube_exec *x)
{
	if (!x)
		return;
	free(x->api_version);
	free(x->command);
	free(x->install_hint);
	free(x->interactive_mode);
	strlist_free(&x->args);
	strlist_free(&x->env);
	json_decref(x->cluster_config);
	free(x);
}

/* Flags given on the command line beat the file, with client-go's side effects. */
static int apply_flags(const struct kube_opts *o, struct kube_conf *c, struct err *e)
{
	if (o->server && *o->server) {
		replace(&c->server, o->server);
		if (!o->tls_server_name)
			replace(&c->tls_server_name, NULL);
	}
	if (o->tls_server_name)
		replace(&c->tls_server_name, *o->tls_server_name ? o->tls_server_name : NULL);
	if (o->certificate_authority && *o->certificate_authority) {
		free(c->ca);
		c->ca = NULL;
		if (read_pem(o->certificate_authority, "certificate-authority", &c->ca, &c->ca_len, e) < 0)
			return -1;
		c->insecure = 0;
	}
	if (o->insecure_skip_tls_verify >= 0) {
		c->insecure = o->insecure_skip_tls_verify;
		if (c->insecure && !o->certificate_authority) {
			free(c->ca);
			c->ca = NULL;
			c->ca_len = 0;
		}
	}
	if (o->token && *o->token) {
		replace(&c->token, o->token);
		exec_free(c->exec);	/* a given token beats the plugin, as in client-go */
		c->exec = NULL;
	}
	if (o->client_certificate && *o->client_certificate) {
		free(c->cert);
		c->cert = NULL;
		if (read_pem(o->client_certificate, "client-certificate", &c->cert, &c->cert_len, e) < 0)
			return -1;
	}
	if (o->client_key && *o->client_key) {
		free(c->key);
		c->key = NULL;
		if (read_pem(o->client_key, "client-key", &c->key, &c->key_len, e) < 0)
			return -1;
	}
	if (o->as && *o->as)
		replace(&c->as, o->as);
	if (o->as_uid && *o->as_uid)
		replace(&c->as_uid, o->as_uid);
	if (o->as_groups.n) {
		strlist_free(&c->as_groups);
		for (size_t i = 0; i < o->as_groups.n; i++)
			strlist_push(&c->as_groups, o->as_groups.v[i]);
	}
	if (o->namespace && *o->namespace)
		replace(&c->namespace, o->namespace);
	if (o->request_timeout) {
		if (kube_parse_timeout(o->request_timeout, &c->timeout_ms, e) < 0)
			return -1;
		c->timeout_given = 1;
	}
	return 0;
}

static int in_cluster_possible(const struct kube_opts *o)
{
	const char *h = getenv("KUBERNETES_SERVICE_HOST"), *p = getenv("KUBERNETES_SERVICE_PORT");
	struct stat st;
	char *tok;
	int ok;

	if ((o->kubeconfig && *o->kubeconfig) || (o->context && *o->context) || !h || !*h || !p || !*p)
		return 0;
	tok = path_join(kube_sa_dir(), "token");
	ok = stat(tok, &st) == 0;
	free(tok);
	return ok;
}

/* The pod's own service account, as client-go's InClusterConfig. */
static int load_in_cluster(struct kube_conf *c, struct err *e)
{
	const char *h = getenv("KUBERNETES_SERVICE_HOST"), *p = getenv("KUBERNETES_SERVICE_PORT");
	const char *dir = kube_sa_dir(), *podns = getenv("POD_NAMESPACE");
	char *path, *ns = NULL;
	size_t len;
	struct err ign = { 0 };

	c->in_cluster = 1;
	c->server = strchr(h, ':') ? xasprintf("https://[%s]:%s", h, p) : xasprintf("https://%s:%s", h, p);
	path = path_join(dir, "token");
	int rc = read_pem(path, "service account token", &c->token, &len, e);
	free(path);
	if (rc < 0)
		return -1;
	while (len && strchr(" \t\r\n", c->token[len - 1]))
		c->token[--len] = '\0';
	path = path_join(dir, "ca.crt");
	if (read_file(path, PEM_MAX, &c->ca, &c->ca_len, &ign) < 0)
		c->ca = NULL;	/* then the system roots, as client-go does when it is missing */
	free(path);
	if (podns && *podns) {
		c->namespace = xstrdup(podns);
		return 0;
	}
	path = path_join(dir, "namespace");
	if (read_file(path, 4096, &ns, &len, &ign) == 0) {
		while (len && strchr(" \t\r\n", ns[len - 1]))
			ns[--len] = '\0';
		if (len)
			c->namespace = ns, ns = NULL;
	}
	free(ns);
	free(path);
	return 0;
}

static int choose(const struct kube_opts *o, struct merged *m, struct kube_conf *c, struct err *e)
{
	const char *ctxname = o->context && *o->context ? o->context : m->current;
	json_t *ctx = NULL, *cl = NULL, *u = NULL;

	if (ctxname) {
		ctx = json_object_get(m->contexts, ctxname);
		if (!ctx)
			return err_set(e, EXIT_FAIL, "context was not found for specified context: %s", ctxname);
	}
	c->context = xstrdup(ctxname ? ctxname : "");
	c->cluster_name = xstrdup(o->cluster && *o->cluster ? o->cluster
				  : jstr(ctx, "cluster") ? jstr(ctx, "cluster") : "");
	c->user_name = xstrdup(o->user && *o->user ? o->user : jstr(ctx, "user") ? jstr(ctx, "user") : "");
	if (*c->cluster_name && !(cl = json_object_get(m->clusters, c->cluster_name)))
		return err_set(e, EXIT_FAIL, "cluster \"%s\" does not exist", c->cluster_name);
	if (*c->user_name && !(u = json_object_get(m->users, c->user_name)))
		return err_set(e, EXIT_FAIL, "auth info \"%s\" does not exist", c->user_name);
	c->namespace = dup_or_null(jstr(ctx, "namespace"));
	if (cl && apply_cluster(c, cl, e) < 0)
		return -1;
	if (u && apply_user(c, u, cl, e) < 0)
		return -1;
	return 0;
}

int kube_conf_load(const struct kube_opts *o, struct kube_conf *c, int quiet, struct err *e)
{
	struct merged m = { json_object(), json_object(), json_object(), NULL, 0 };
	int rc = -1;

	memset(c, 0, sizeof(*c));
	if (load_all(o, &m, quiet, e) < 0)
		goto out;
	int empty = !json_object_size(m.clusters) && !json_object_size(m.contexts) &&
		    !json_object_size(m.users) && !m.current;
	if (empty && in_cluster_possible(o)) {
		if (load_in_cluster(c, e) < 0)
			goto out;
		/* only --server, --token, --certificate-authority (and -n) apply on top */
		struct kube_opts few;
		kube_opts_init(&few);
		few.server = o->server, few.token = o->token, few.certificate_authority = o->certificate_authority;
		few.namespace = o->namespace, few.request_timeout = o->request_timeout;
		few.as = o->as, few.as_uid = o->as_uid, few.as_groups = o->as_groups;
		if (apply_flags(&few, c, e) < 0)
			goto out;
	} else {
		if (choose(o, &m, c, e) < 0 || apply_flags(o, c, e) < 0)
			goto out;
	}
	if (!c->server || !*c->server) {
		err_set(e, EXIT_FAIL, empty ? "invalid configuration: no configuration has been provided"
				: "invalid configuration: no server found for cluster \"%s\"", c->cluster_name);
		goto out;
	}
	if (strncmp(c->server, "https://", 8) && strncmp(c->server, "http://", 7)) {
		/* kubectl accepts a bare host:port and means https */
		char *s = xasprintf("https://%s", c->server);
		free(c->server);
		c->server = s;
	}
	while (strlen(c->server) > 8 && c->server[strlen(c->server) - 1] == '/')
		c->server[strlen(c->server) - 1] = '\0';
	if (c->ca && c->insecure) {
		err_set(e, EXIT_FAIL, "specifying a root certificates file with the insecure flag is not allowed");
		goto out;
	}
	if ((c->cert != NULL) != (c->key != NULL)) {
		err_set(e, EXIT_FAIL, "user \"%s\": a client certificate needs its key, and a key its certificate",
			c->user_name ? c->user_name : "");
		goto out;
	}
	if (c->proxy_url && strncmp(c->proxy_url, "http://", 7) && strncmp(c->proxy_url, "https://", 8) &&
	    strncmp(c->proxy_url, "socks5://", 9)) {
		const char *colon = strstr(c->proxy_url, "://");
		err_set(e, EXIT_FAIL, "proxy-url: unsupported scheme \"%.*s\", must be http, https, or socks5",
			colon ? (int)(colon - c->proxy_url) : 0, c->proxy_url);
		goto out;
	}
	if (!c->namespace)
		c->namespace = xstrdup("default");
	rc = 0;
out:
	json_decref(m.clusters);
	json_decref(m.contexts);
	json_decref(m.users);
	free(m.current);
	if (rc < 0)
		kube_conf_free(c);
	return rc;
}

static void wipe(char *s, size_t n)
{
	if (s)
		explicit_bzero(s, n);
	free(s);
}

void kube_conf_free(struct kube_conf *c)
{
	free(c->context);
	free(c->cluster_name);
	free(c->user_name);
	free(c->server);
	free(c->tls_server_name);
	free(c->proxy_url);
	free(c->namespace);
	free(c->ca);
	wipe(c->token, c->token ? strlen(c->token) : 0);
	free(c->cert);
	wipe(c->key, c->key_len);
	exec_free(c->exec);
	free(c->as);
	free(c->as_uid);
	strlist_free(&c->as_groups);
	memset(c, 0, sizeof(*c));
}
