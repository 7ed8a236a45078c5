/* GET requests to the API server: libcurl's multi interface, so requests
 * that do not depend on each other go out together, over one HTTP/2
 * connection where the server offers it, and connections are kept for the
 * next batch. */
#include "kube.h"
#include "execcred.h"
#include "kubeconfig.h"
#include "strbuf.h"
#include "term.h"
#include "version.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_CAP	(64u << 20)	/* JSON answers: a namespace's pods */
#define DEFAULT_TIMEOUT	30000		/* ms, when --request-timeout is not given */
#define CONNECT_TIMEOUT	10000
#define MAX_CONNS	6

struct kube_client {
	struct kube_conf conf;
	struct kube_cred cred;
	int have_cred, refreshed, quiet, interactive;
	long verbosity, exec_timeout_ms, timeout_ms;
	CURLM *multi;
	CURLSH *share;
	struct curl_slist *headers, *connect_to;
	char *base;		/* the URL requests are made against */
	char *hostport;		/* the server as errors name it */
	struct strlist warned;
};

struct xfer {
	struct kube_client *c;
	struct kube_req *r;
	CURL *h;
	struct strbuf body;
	size_t cap;
	int over;
	char errbuf[CURL_ERROR_SIZE];
};

static int global_ready;

static void global_init(void)
{
	if (!global_ready) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		global_ready = 1;
	}
}

const char *kube_client_namespace(const struct kube_client *c)
{
	return c->conf.namespace;
}

const char *kube_client_server(const struct kube_client *c)
{
	return c->conf.server;
}

static int is_https(const struct kube_client *c)
{
	return !strncmp(c->conf.server, "https://", 8);
}

static const char *token(const struct kube_client *c)
{
	return c->have_cred && c->cred.token ? c->cred.token : c->conf.token;
}

/* As Go's net/http: a header value with a control character (but tab) is
 * refused, or a CR LF in --as or a token would add headers of its own. */
static int header_value_ok(const char *v)
{
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			return 0;
	return 1;
}

static int build_headers(struct kube_client *c, struct err *e)
{
	struct curl_slist *h = NULL;

	curl_slist_free_all(c->headers);
	c->headers = NULL;
	if (token(c) && !header_value_ok(token(c)))
		return err_set(e, EXIT_FAIL, "invalid bearer token: it holds a control character");
	if (c->conf.as && !header_value_ok(c->conf.as))
		return err_set(e, EXIT_FAIL, "invalid user to impersonate (--as): it holds a control character");
	for (size_t i = 0; i < c->conf.as_groups.n; i++)
		if (!header_value_ok(c->conf.as_groups.v[i]))
			return err_set(e, EXIT_FAIL, "invalid group to impersonate (--as-group): it holds a control character");
	if (c->conf.as_uid && !header_value_ok(c->conf.as_uid))
		return err_set(e, EXIT_FAIL, "invalid UID to impersonate (--as-uid): it holds a control character");
	h = curl_slist_append(h, "Accept: application/json, */*");
	if (is_https(c) && token(c)) {
		char *a = xasprintf("Authorization: Bearer %s", token(c));
		h = curl_slist_append(h, a);
		explicit_bzero(a, strlen(a));
		free(a);
	}
	if (c->conf.as) {
		char *a = xasprintf("Impersonate-User: %s", c->conf.as);
		h = curl_slist_append(h, a);
		free(a);
	}
	for (size_t i = 0; i < c->conf.as_groups.n; i++) {
		char *a = xasprintf("Impersonate-Group: %s", c->conf.as_groups.v[i]);
		h = curl_slist_append(h, a);
		free(a);
	}
	if (c->conf.as_uid) {
		char *a = xasprintf("Impersonate-Uid: %s", c->conf.as_uid);
		h = curl_slist_append(h, a);
		free(a);
	}
	c->headers = h;
	return 0;
}

/* The URL parts: errors name host:port; tls-server-name goes into the URL
 * (SNI and the certificate check use it) while CONNECT_TO dials the real host. */
static int setup_url(struct kube_client *c, struct err *e)
{
	CURLU *u = curl_url();
	char *host = NULL, *port = NULL, *scheme = NULL;
	int rc = -1;

	if (curl_url_set(u, CURLUPART_URL, c->conf.server, 0) ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0)) {
		err_set(e, EXIT_FAIL, "invalid server address \"%s\"", c->conf.server);
		goto out;
	}
	c->hostport = xasprintf("%s:%s", host, port);
	if (c->conf.tls_server_name && !strcmp(scheme, "https")) {
		char *hp = xasprintf("%s:%s:%s:%s", c->conf.tls_server_name, port, host, port);
		c->connect_to = curl_slist_append(NULL, hp);
		free(hp);
		curl_url_set(u, CURLUPART_HOST, c->conf.tls_server_name, 0);
	}
	char *url = NULL;
	curl_url_get(u, CURLUPART_URL, &url, 0);
	c->base = xstrdup(url);
	curl_free(url);
	size_t n = strlen(c->base);
	if (n && c->base[n - 1] == '/')
		c->base[n - 1] = '\0';
	rc = 0;
out:
	curl_free(host);
	curl_free(port);
	curl_free(scheme);
	curl_url_cleanup(u);
	return rc;
}

static int refresh_cred(struct kube_client *c, struct err *e)
{
	struct kube_cred cr;

	if (kube_exec_run(&c->conf, c->interactive, c->exec_timeout_ms, &cr, e) < 0)
		return -1;
	kube_cred_free(&c->cred);
	c->cred = cr;
	c->have_cred = 1;
	return build_headers(c, e);
}

static int kube_client_open_ex(const struct kube_opts *o, int quiet, long timeout_ms,
			       struct kube_client **out, struct err *e)
{
	struct kube_client *c = xcalloc(1, sizeof(*c));

	*out = NULL;
	global_init();
	c->quiet = quiet;
	c->interactive = !quiet;
	c->verbosity = o->verbosity;
	c->exec_timeout_ms = timeout_ms;
	if (kube_conf_load(o, &c->conf, quiet, e) < 0) {
		free(c);
		return -1;
	}
	c->timeout_ms = c->conf.timeout_given ? c->conf.timeout_ms : DEFAULT_TIMEOUT;
	if (timeout_ms > 0)
		c->timeout_ms = timeout_ms;
	if (setup_url(c, e) < 0) {
		kube_client_free(c);
		return -1;
	}
	c->multi = curl_multi_init();
	curl_multi_setopt(c->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	curl_multi_setopt(c->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)MAX_CONNS);
	c->share = curl_share_init();
	curl_share_setopt(c->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
	curl_share_setopt(c->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
	if (build_headers(c, e) < 0) {
		kube_client_free(c);
		return -1;
	}
	*out = c;
	return 0;
}

int kube_client_open(const struct kube_opts *o, struct kube_client **c, struct err *e)
{
	return kube_client_open_ex(o, 0, 0, c, e);
}

void kube_client_free(struct kube_client *c)
{
	if (!c)
		return;
	if (c->multi)
		curl_multi_cleanup(c->multi);
	if (c->share)
		curl_share_cleanup(c->share);
	curl_slist_free_all(c->headers);
	curl_slist_free_all(c->connect_to);
	kube_cred_free(&c->cred);
	kube_conf_free(&c->conf);
	strlist_free(&c->warned);
	free(c->base);
	free(c->hostport);
	free(c);
}

void kube_req_free(struct kube_req *r)
{
	free(r->path);
	json_decref(r->obj);
	free(r->body);
	memset(r, 0, sizeof(*r));
}

/* ---- one transfer ---- */

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * n;

	if (x->body.len + len > x->cap) {
		sb_add(&x->body, p, x->cap - x->body.len);
		x->over = 1;
		return 0;	/* stop reading: the rest never reaches memory */
	}
	sb_add(&x->body, p, len);
	return len;
}

/* "Warning: 299 - "text"" headers (RFC 7234), shown once each as kubectl does. */
static void on_warning(struct kube_client *c, const char *v, size_t n)
{
	struct strbuf text = STRBUF_INIT, out = STRBUF_INIT;
	const char *end = v + n, *q = memchr(v, '"', n);

	if (!q)
		return;
	for (q++; q < end && *q != '"'; q++) {
		if (*q == '\\' && q + 1 < end)
			q++;
		sb_addc(&text, *q);
	}
	if (text.len && !strlist_has(&c->warned, text.buf)) {
		strlist_push(&c->warned, text.buf);
		if (!c->quiet) {
			sb_add_sanitized(&out, text.buf, text.len);
			fprintf(stderr, "Warning: %s\n", out.buf);
		}
	}
	sb_free(&text);
	sb_free(&out);
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * n;

	if (len > 8 && !strncasecmp(p, "Warning:", 8))
		on_warning(x->c, p + 8, len - 8);
	return len;
}

static CURL *make_handle(struct kube_client *c, struct xfer *x)
{
	CURL *h = curl_easy_init();
	char *url = xasprintf("%s%s", c->base, x->r->path);

	curl_easy_setopt(h, CURLOPT_URL, url);
	free(url);
	curl_easy_setopt(h, CURLOPT_PRIVATE, x);
	curl_easy_setopt(h, CURLOPT_SHARE, c->share);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(h, CURLOPT_PIPEWAIT, 1L);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h, CURLOPT_USERAGENT, "oc-leapp/" OC_LEAPP_VERSION " (linux)");
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, c->headers);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	if (c->connect_to)
		curl_easy_setopt(h, CURLOPT_CONNECT_TO, c->connect_to);
	if (c->timeout_ms > 0) {
		curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, c->timeout_ms);
		curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
				 c->timeout_ms < CONNECT_TIMEOUT ? c->timeout_ms : (long)CONNECT_TIMEOUT);
	}
	if (c->conf.proxy_url) {
		if (!strncmp(c->conf.proxy_url, "socks5://", 9)) {
			char *p = xasprintf("socks5h://%s", c->conf.proxy_url + 9);
			curl_easy_setopt(h, CURLOPT_PROXY, p);	/* libcurl copies it */
			free(p);
		} else {
			curl_easy_setopt(h, CURLOPT_PROXY, c->conf.proxy_url);
		}
	}
	if (c->conf.insecure) {
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
	} else if (c->conf.ca) {
		struct curl_blob ca = { c->conf.ca, c->conf.ca_len, CURL_BLOB_COPY };
		curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &ca);
		curl_easy_setopt(h, CURLOPT_CAPATH, NULL);	/* trust only this CA */
	}
	const char *cert = c->have_cred && c->cred.cert ? c->cred.cert : c->conf.cert;
	const char *key = c->have_cred && c->cred.cert ? c->cred.key : c->conf.key;
	size_t cl = c->have_cred && c->cred.cert ? c->cred.cert_len : c->conf.cert_len;
	size_t kl = c->have_cred && c->cred.cert ? c->cred.key_len : c->conf.key_len;
	if (cert && key && is_https(c)) {
		struct curl_blob cb = { (void *)cert, cl, CURL_BLOB_COPY };
		struct curl_blob kb = { (void *)key, kl, CURL_BLOB_COPY };
		curl_easy_setopt(h, CURLOPT_SSLCERT_BLOB, &cb);
		curl_easy_setopt(h, CURLOPT_SSLCERTTYPE, "PEM");
		curl_easy_setopt(h, CURLOPT_SSLKEY_BLOB, &kb);
		curl_easy_setopt(h, CURLOPT_SSLKEYTYPE, "PEM");
	}
	return h;
}

/* ---- errors in kubectl's words ---- */

static char *limit_text(long ms)
{
	if (ms % 3600000 == 0)
		return xasprintf("%ldh", ms / 3600000);
	if (ms % 60000 == 0)
		return xasprintf("%ldm", ms / 60000);
	if (ms % 1000 == 0)
		return xasprintf("%lds", ms / 1000);
	return xasprintf("%ldms", ms);
}

static void curl_failure(struct kube_client *c, struct xfer *x, CURLcode rc)
{
	const char *why = x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc);
	struct err *e = &x->r->err;
	long oserr = 0;
	char *lim;

	/* the server refusing our client certificate shows up while reading */
	if ((rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR) && (strstr(why, "SSL") || strstr(why, "alert")))
		rc = CURLE_SSL_CONNECT_ERROR;

	switch (rc) {
	case CURLE_COULDNT_CONNECT:
		curl_easy_getinfo(x->h, CURLINFO_OS_ERRNO, &oserr);
		if (oserr == ECONNREFUSED || strstr(why, "refused"))
			err_set(e, EXIT_FAIL, "The connection to the server %s was refused - did you specify "
				"the right host or port?", c->hostport);
		else
			err_set(e, EXIT_FAIL, "Unable to connect to the server %s: %s", c->hostport, why);
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
		err_set(e, EXIT_FAIL, "Unable to connect to the server %s: no such host (%s)", c->hostport, why);
		break;
	case CURLE_COULDNT_RESOLVE_PROXY:
		err_set(e, EXIT_FAIL, "Unable to connect to the server %s: cannot resolve the proxy (%s)",
			c->hostport, why);
		break;
	case CURLE_OPERATION_TIMEDOUT:
		lim = limit_text(c->timeout_ms);
		err_set(e, EXIT_FAIL, "Unable to connect to the server %s: no answer to GET %s within %s "
			"(the time limit; change it with --request-timeout)", c->hostport, x->r->path, lim);
		free(lim);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_CRL_BADFILE:
		err_set(e, EXIT_FAIL, "Unable to connect to the server %s: TLS: %s (check the cluster's "
			"certificate-authority and tls-server-name)", c->hostport, why);
		break;
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
		err_set(e, EXIT_FAIL, "the server %s broke off the answer to GET %s: %s", c->hostport,
			x->r->path, why);
		break;
	default:
		err_set(e, EXIT_FAIL, "Unable to connect to the server %s: %s", c->hostport, why);
	}
}

static const char *status_text(long s)
{
	switch (s) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	default: return "";
	}
}

static void http_failure(struct kube_req *r)
{
	json_t *st = json_loadb(r->body ? r->body : "", r->len, 0, NULL);
	const char *msg = json_string_value(json_object_get(st, "message"));
	const char *reason = json_string_value(json_object_get(st, "reason"));
	struct strbuf sb = STRBUF_INIT;

	if (r->status == 401) {
		err_set(&r->err, EXIT_FAIL, "You must be logged in to the server (%s): the credentials were "
			"refused or have expired; run 'oc login' (or renew the kubeconfig's credentials) and try again",
			msg && *msg ? msg : "Unauthorized");
	} else if (msg && *msg) {
		sb_add_sanitized(&sb, msg, strlen(msg));
		if (reason && *reason)
			err_set(&r->err, EXIT_FAIL, "Error from server (%s): %s", reason, sb.buf);
		else
			err_set(&r->err, EXIT_FAIL, "Error from server: %s", sb.buf);
	} else {
		/* not a Status: a proxy or an HTML page; show what came, made harmless */
		size_t n = r->len < 160 ? r->len : 160;
		char *flat = xstrndup(r->body ? r->body : "", n);
		for (char *p = flat; *p; p++)
			if (*p == '\n' || *p == '\r' || *p == '\t')
				*p = ' ';
		sb_add_sanitized(&sb, flat, strlen(flat));
		free(flat);
		err_set(&r->err, EXIT_FAIL, "Error from server: HTTP %ld %s for GET %s: \"%s%s\"", r->status,
			status_text(r->status), r->path, sb_str(&sb), r->len > n ? "..." : "");
	}
	sb_free(&sb);
	json_decref(st);
}

static void finish(struct kube_client *c, struct xfer *x, CURLcode rc)
{
	struct kube_req *r = x->r;
	curl_off_t us = 0;

	curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_getinfo(x->h, CURLINFO_TOTAL_TIME_T, &us);
	r->len = x->body.len;
	r->body = x->body.buf ? sb_detach(&x->body) : xstrdup("");
	r->truncated = x->over;
	if (c->verbosity >= 6)
		fprintf(stderr, "GET %s%s %ld %s in %ld milliseconds\n", c->conf.server, r->path, r->status,
			r->status ? status_text(r->status) : "(no answer)", (long)(us / 1000));
	if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && x->over)) {
		curl_failure(c, x, rc);
		return;
	}
	if (r->status >= 300) {
		http_failure(r);
		return;
	}
	if (!r->want_json)
		return;
	if (x->over) {
		err_set(&r->err, EXIT_FAIL, "the answer to GET %s is larger than %zu bytes", r->path, x->cap);
		return;
	}
	json_error_t je;
	r->obj = json_loadb(r->body, r->len, 0, &je);
	if (!r->obj)
		err_set(&r->err, EXIT_FAIL, "the server %s sent invalid JSON for GET %s: %s (at byte %d)",
			c->hostport, r->path, je.text, je.position);
}

static void run_batch(struct kube_client *c, struct kube_req **rs, size_t n)
{
	struct xfer *xs = xcalloc(n, sizeof(*xs));
	int running = 0;

	for (size_t i = 0; i < n; i++) {
		xs[i].c = c;
		xs[i].r = rs[i];
		xs[i].cap = rs[i]->max_bytes ? rs[i]->max_bytes : DEFAULT_CAP;
		xs[i].h = make_handle(c, &xs[i]);
		curl_multi_add_handle(c->multi, xs[i].h);
	}
	do {
		CURLMsg *m;
		int left;

		curl_multi_perform(c->multi, &running);
		while ((m = curl_multi_info_read(c->multi, &left))) {
			struct xfer *x = NULL;
			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
			finish(c, x, m->data.result);
		}
		if (running)
			curl_multi_poll(c->multi, NULL, 0, 1000, NULL);
	} while (running);
	for (size_t i = 0; i < n; i++) {
		curl_multi_remove_handle(c->multi, xs[i].h);
		curl_easy_cleanup(xs[i].h);
		sb_free(&xs[i].body);
	}
	free(xs);
}

static void reset_result(struct kube_req *r)
{
	json_decref(r->obj);
	free(r->body);
	r->obj = NULL;
	r->body = NULL;
	r->len = 0;
	r->status = 0;
	r->truncated = 0;
	memset(&r->err, 0, sizeof(r->err));
}

int kube_get_many(struct kube_client *c, struct kube_req *reqs, size_t n, struct err *e)
{
	struct kube_req **rs = xcalloc(n ? n : 1, sizeof(*rs));
	size_t k = 0;

	if (c->conf.exec && is_https(c) &&
	    (!c->have_cred || (c->cred.expiry && c->cred.expiry <= time(NULL))) && refresh_cred(c, e) < 0) {
		free(rs);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		reset_result(&reqs[i]);
		rs[i] = &reqs[i];
	}
	run_batch(c, rs, n);
	/* a plugin's credential may be revoked before it expires: get a new one
	 * once, and retry what was refused */
	for (size_t i = 0; i < n; i++)
		if (reqs[i].status == 401)
			rs[k++] = &reqs[i];
	if (k && c->conf.exec && !c->refreshed) {
		struct err re = { 0 };
		c->refreshed = 1;
		if (refresh_cred(c, &re) == 0) {
			for (size_t i = 0; i < k; i++)
				reset_result(rs[i]);
			run_batch(c, rs, k);
		}
	}
	free(rs);
	return 0;
}

int kube_list_names(const struct kube_opts *o, const char *resource, long timeout_ms,
		    struct strlist *names)
{
	struct kube_client *c;
	struct err e = { 0 };
	struct kube_req r = { 0 };
	json_t *it;
	size_t i;

	if (kube_client_open_ex(o, 1, timeout_ms, &c, &e) < 0)
		return -1;
	if (!strcmp(resource, "deployments"))
		r.path = xasprintf("/apis/apps/v1/namespaces/%s/deployments?limit=500", c->conf.namespace);
	else if (!strcmp(resource, "namespaces"))
		r.path = xstrdup("/api/v1/namespaces?limit=500");
	else
		r.path = xasprintf("/api/v1/namespaces/%s/pods?limit=500", c->conf.namespace);
	r.want_json = 1;
	int rc = kube_get_many(c, &r, 1, &e) < 0 || r.err.code ? -1 : 0;
	json_array_foreach(json_object_get(r.obj, "items"), i, it) {
		const char *nm = json_string_value(json_object_get(json_object_get(it, "metadata"), "name"));
		if (nm)
			strlist_push(names, nm);
	}
	kube_req_free(&r);
	kube_client_free(c);
	return rc;
}
