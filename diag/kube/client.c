/* GET requests to the API server: libcurl's multi interface, a bounded
 * number in flight (as many as there are connections, or HTTP/2 streams
 * once the server speaks HTTP/2), the rest queued here rather than in
 * libcurl, so that a request's time limit starts when it is sent. A
 * finished request may queue more; kube_run ends when nothing is left. */
#include "diag/kube/kube.h"
#include "diag/kube/execcred.h"
#include "diag/kube/kubeconfig.h"
#include "lib/strbuf.h"
#include "lib/term.h"
#include "build/version.h"
#include "diag/kube/wording.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_CAP	(64u << 20)	/* JSON answers: a page of a namespace's pods */
#define DEFAULT_TIMEOUT	30000		/* ms, when --request-timeout is not given */
#define CONNECT_TIMEOUT	10000
#define MAX_CONNS	6		/* HTTP/1.1: one request per connection at a time */
#define MAX_STREAMS	32		/* HTTP/2: streams on one connection; servers allow 100+ */

struct kube_client {
	struct kube_conf conf;
	struct kube_cred cred;
	int have_cred, refreshed, quiet, interactive;
	unsigned cred_gen;	/* bumped by each new credential */
	long verbosity, exec_timeout_ms, timeout_ms;
	CURLM *multi;
	CURLSH *share;
	struct curl_slist *headers, *connect_to;
	struct curl_slist **retired;	/* header lists transfers in flight may still use */
	size_t nretired;
	char *base;		/* the URL requests are made against */
	char *hostport;		/* the server as errors name it */
	char *shown;		/* the server as -v shows it: no user, no password */
	char *host_header;	/* with tls-server-name: the Host the server expects */
	struct strlist warned;
	struct kube_req *head, *tail;	/* queued, not sent yet */
	size_t in_flight, max_flight;
	struct kube_stats stats;
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
	return c->shown;
}

void kube_client_stats(const struct kube_client *c, struct kube_stats *s)
{
	*s = c->stats;
}

static int is_https(const struct kube_client *c)
{
	return !strncmp(c->conf.server, "https://", 8);
}

static const char *token(const struct kube_client *c)
{
	return c->have_cred && c->cred.token ? c->cred.token : c->conf.token;
}

char *kube_url_shown(const char *url)
{
	CURLU *u = curl_url();
	char *shown = NULL, *out;

	if (curl_url_set(u, CURLUPART_URL, url, 0)) {
		curl_url_cleanup(u);
		return xstrdup("(an address that does not parse)");	/* it may hold a password */
	}
	curl_url_set(u, CURLUPART_USER, NULL, 0);
	curl_url_set(u, CURLUPART_PASSWORD, NULL, 0);
	curl_url_get(u, CURLUPART_URL, &shown, 0);
	out = xstrdup(shown ? shown : "");
	curl_free(shown);
	curl_url_cleanup(u);
	size_t n = strlen(out);
	if (n && out[n - 1] == '/')
		out[n - 1] = '\0';
	return out;
}

char *kube_escape(const char *s)
{
	char *t = curl_easy_escape(NULL, s, 0);
	char *r = xstrdup(t ? t : "");

	curl_free(t);
	return r;
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

	/* a new credential comes while requests are in flight: their handles
	 * point at the old list, so it lives until the client goes */
	if (c->headers) {
		c->retired = xrealloc(c->retired, (c->nretired + 1) * sizeof(*c->retired));
		c->retired[c->nretired++] = c->headers;
	}
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
	if (c->host_header) {
		char *a = xasprintf("Host: %s", c->host_header);
		h = curl_slist_append(h, a);
		free(a);
	}
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

/* The URL parts. Errors name host:port; -v shows the server without its
 * user and password. tls-server-name changes only what TLS checks (SNI and
 * the certificate's name), as in client-go: the URL carries that name,
 * CONNECT_TO dials the real host, and the Host header stays the server's. */
static int setup_url(struct kube_client *c, struct err *e)
{
	CURLU *u = curl_url();
	char *host = NULL, *port = NULL, *scheme = NULL, *given_port = NULL, *url = NULL;
	int rc = -1;

	if (curl_url_set(u, CURLUPART_URL, c->conf.server, 0) ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0)) {
		err_set(e, EXIT_FAIL, "invalid server address");	/* it may hold a password: not quoted */
		goto out;
	}
	c->hostport = xasprintf("%s:%s", host, port);
	curl_url_get(u, CURLUPART_PORT, &given_port, 0);
	c->shown = kube_url_shown(c->conf.server);	/* -v's copy: no user, no password */
	if (c->conf.tls_server_name && !strcmp(scheme, "https")) {
		char *hp = xasprintf("%s:%s:%s:%s", c->conf.tls_server_name, port, host, port);
		c->connect_to = curl_slist_append(NULL, hp);
		free(hp);
		c->host_header = given_port ? xasprintf("%s:%s", host, given_port) : xstrdup(host);
		curl_url_set(u, CURLUPART_HOST, c->conf.tls_server_name, 0);
	}
	curl_url_get(u, CURLUPART_URL, &url, 0);
	c->base = xstrdup(url ? url : "");
	size_t n = strlen(c->base);
	if (n && c->base[n - 1] == '/')
		c->base[n - 1] = '\0';
	rc = 0;
out:
	curl_free(url);
	curl_free(host);
	curl_free(port);
	curl_free(given_port);
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
	c->cred_gen++;
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
	c->max_flight = MAX_CONNS;
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

static void drop_queue(struct kube_client *c);

void kube_client_free(struct kube_client *c)
{
	if (!c)
		return;
	drop_queue(c);
	if (c->multi)
		curl_multi_cleanup(c->multi);
	if (c->share)
		curl_share_cleanup(c->share);
	curl_slist_free_all(c->headers);
	for (size_t i = 0; i < c->nretired; i++)
		curl_slist_free_all(c->retired[i]);
	free(c->retired);
	curl_slist_free_all(c->connect_to);
	kube_cred_free(&c->cred);
	kube_conf_free(&c->conf);
	strlist_free(&c->warned);
	free(c->base);
	free(c->hostport);
	free(c->shown);
	free(c->host_header);
	free(c);
}

void kube_req_free(struct kube_req *r)
{
	free(r->path);
	json_decref(r->obj);
	free(r->body);
	r->path = NULL;
	r->obj = NULL;
	r->body = NULL;
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

/* ---- the queue ---- */

void kube_submit(struct kube_client *c, struct kube_req *r)
{
	reset_result(r);
	r->next = NULL;
	if (r->urgent) {	/* a list's next page must not wait behind what its last one asked for */
		r->next = c->head;
		c->head = r;
		if (!c->tail)
			c->tail = r;
		return;
	}
	if (c->tail)
		c->tail->next = r;
	else
		c->head = r;
	c->tail = r;
}

struct kube_req *kube_submit_new(struct kube_client *c, char *path, int want_json, size_t max_bytes,
				 void (*done)(struct kube_client *, struct kube_req *, void *), void *arg)
{
	struct kube_req *r = xcalloc(1, sizeof(*r));

	r->path = path;
	r->want_json = want_json;
	r->max_bytes = max_bytes;
	r->done = done;
	r->arg = arg;
	r->owned = 1;
	kube_submit(c, r);
	return r;
}

static struct kube_req *pop(struct kube_client *c)
{
	struct kube_req *r = c->head;

	if (r) {
		c->head = r->next;
		if (!c->head)
			c->tail = NULL;
		r->next = NULL;
	}
	return r;
}

/* A request has its result: the caller's callback, then it is freed if ours. */
static void deliver(struct kube_client *c, struct kube_req *r)
{
	if (r->done)
		r->done(c, r, r->arg);
	if (r->owned) {
		kube_req_free(r);
		free(r);
	}
}

static void drop_queue(struct kube_client *c)
{
	struct kube_req *r;

	while ((r = pop(c)))
		if (r->owned) {
			kube_req_free(r);
			free(r);
		}
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
		/* kubectl: a cluster's proxy-url is used for it whatever NO_PROXY
		 * says; an empty list overrides the variable */
		curl_easy_setopt(h, CURLOPT_NOPROXY, "");
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

static void start(struct kube_client *c, struct kube_req *r)
{
	struct xfer *x = xcalloc(1, sizeof(*x));

	x->c = c;
	x->r = r;
	x->cap = r->max_bytes ? r->max_bytes : DEFAULT_CAP;
	x->h = make_handle(c, x);
	r->cred_gen = c->cred_gen;
	curl_multi_add_handle(c->multi, x->h);
	c->in_flight++;
	c->stats.requests++;
	if (c->in_flight > c->stats.max_in_flight)
		c->stats.max_in_flight = c->in_flight;
}

/* The transfer's outcome into its request. */
static void take_result(struct kube_client *c, struct xfer *x, CURLcode rc)
{
	struct kube_req *r = x->r;
	curl_off_t us = 0;
	long version = 0;

	curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_getinfo(x->h, CURLINFO_TOTAL_TIME_T, &us);
	curl_easy_getinfo(x->h, CURLINFO_HTTP_VERSION, &version);
	if (version == CURL_HTTP_VERSION_2_0 && c->max_flight < MAX_STREAMS)
		c->max_flight = MAX_STREAMS;	/* one connection carries many at once */
	r->len = x->body.len;
	r->body = x->body.buf ? sb_detach(&x->body) : xstrdup("");
	r->truncated = x->over;
	if (c->verbosity >= 6)
		fprintf(stderr, "GET %s%s %ld %s in %ld milliseconds\n", c->shown, r->path, r->status,
			r->status ? kube_status_text(r->status) : "(no answer)", (long)(us / 1000));
	if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && x->over)) {
		struct kube_failure f = { rc, x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc), 0, c->hostport,
					  r->path, c->timeout_ms };
		curl_easy_getinfo(x->h, CURLINFO_OS_ERRNO, &f.oserr);
		kube_word_transfer(&r->err, &f);
		return;
	}
	if (r->status >= 300) {
		kube_word_http(r);
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

/* A credential plugin's token may be revoked before it expires: a 401 gets
 * the plugin run again, once, and what was refused with the old credential
 * is sent again. Whether r goes out again. */
static int retry_refused(struct kube_client *c, struct kube_req *r)
{
	if (r->status != 401 || !c->conf.exec || !is_https(c))
		return 0;
	if (r->cred_gen < c->cred_gen)
		return 1;	/* sent before the new credential came */
	if (c->refreshed)
		return 0;
	struct err re = { 0 };
	c->refreshed = 1;
	return refresh_cred(c, &re) == 0;
}

static void finish(struct kube_client *c, struct xfer *x, CURLcode rc)
{
	struct kube_req *r = x->r;

	take_result(c, x, rc);
	curl_multi_remove_handle(c->multi, x->h);
	curl_easy_cleanup(x->h);
	sb_free(&x->body);
	free(x);
	c->in_flight--;
	if (retry_refused(c, r))
		kube_submit(c, r);
	else
		deliver(c, r);
}

/* No credential to send with: every queued request fails with why. */
static void fail_queue(struct kube_client *c, const struct err *why)
{
	struct kube_req *r;

	while ((r = pop(c))) {
		reset_result(r);
		r->err = *why;
		deliver(c, r);
	}
}

int kube_run(struct kube_client *c, struct err *e)
{
	int rc = 0;

	if (c->conf.exec && is_https(c) && c->head &&
	    (!c->have_cred || (c->cred.expiry && c->cred.expiry <= time(NULL)))) {
		struct err why = { 0 };
		if (refresh_cred(c, &why) < 0) {
			err_set(e, why.code, "%s", why.msg);
			fail_queue(c, &why);
			return -1;
		}
	}
	while (c->head || c->in_flight) {
		CURLMsg *m;
		int running, left;
		while (c->head && c->in_flight < c->max_flight)
			start(c, pop(c));
		curl_multi_perform(c->multi, &running);
		while ((m = curl_multi_info_read(c->multi, &left))) {
			struct xfer *x = NULL;
			if (m->msg != CURLMSG_DONE)
				continue;
			CURLcode res = m->data.result;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
			finish(c, x, res);	/* m is not valid after this */
		}
		if (c->in_flight && !(c->head && c->in_flight < c->max_flight))
			curl_multi_poll(c->multi, NULL, 0, 1000, NULL);
	}
	return rc;
}

int kube_get_many(struct kube_client *c, struct kube_req *reqs, size_t n, struct err *e)
{
	for (size_t i = 0; i < n; i++) {
		reqs[i].owned = 0;
		reqs[i].done = NULL;
		kube_submit(c, &reqs[i]);
	}
	return kube_run(c, e);
}

/* ---- lists, page by page ---- */

struct lister {
	char *path;
	struct kube_list_cb cb;
};

static void list_page(struct kube_client *c, struct kube_req *r, void *arg);

static void list_next(struct kube_client *c, struct lister *l, const char *cont)
{
	char *tok = cont ? kube_escape(cont) : NULL;
	char *path = xasprintf("%s%climit=%d%s%s", l->path, strchr(l->path, '?') ? '&' : '?', KUBE_PAGE,
			       tok ? "&continue=" : "", tok ? tok : "");

	free(tok);
	struct kube_req *r = xcalloc(1, sizeof(*r));
	r->path = path;
	r->want_json = 1;
	r->done = list_page;
	r->arg = l;
	r->owned = 1;
	r->urgent = cont != NULL;
	kube_submit(c, r);
}

static void list_page(struct kube_client *c, struct kube_req *r, void *arg)
{
	struct lister *l = arg;

	if (r->err.code) {
		if (l->cb.done)
			l->cb.done(c, &r->err, l->cb.arg);
		free(l->path);
		free(l);
		return;
	}
	if (l->cb.page)
		l->cb.page(c, r->obj, l->cb.arg);
	const char *cont = json_string_value(json_object_get(json_object_get(r->obj, "metadata"), "continue"));
	if (cont && *cont) {
		list_next(c, l, cont);
		return;
	}
	if (l->cb.done)
		l->cb.done(c, NULL, l->cb.arg);
	free(l->path);
	free(l);
}

void kube_list(struct kube_client *c, const char *path, const struct kube_list_cb *cb)
{
	struct lister *l = xcalloc(1, sizeof(*l));

	l->path = xstrdup(path);
	l->cb = *cb;
	list_next(c, l, NULL);
}

/* ---- names for shell completion ---- */

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
