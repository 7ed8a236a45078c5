/* The cluster client, a small library of its own: kubeconfig as kubectl
 * reads it, and GET requests to the API server with libcurl. Requests go
 * out concurrently, a bounded number at a time (each request's time limit
 * starts when it is sent, not while it waits its turn), over one HTTP/2
 * connection where the server offers it; a request may queue more as it
 * finishes (the next page of a list, what its answer names). It knows
 * nothing of what the answers are for. */
#ifndef OC_KUBE_H
#define OC_KUBE_H
#include <jansson.h>
#include <stddef.h>
#include "lib/err.h"
#include "lib/xalloc.h"

/* kubectl's connection flags (genericclioptions), as given; NULL/-1 = not given. */
struct kube_opts {
	const char *kubeconfig, *context, *cluster, *user, *namespace;
	const char *server, *token, *certificate_authority, *client_certificate, *client_key;
	const char *tls_server_name, *request_timeout, *as, *as_uid;
	struct strlist as_groups;
	int insecure_skip_tls_verify;	/* -1 when the flag was not given */
	long verbosity;			/* -v/--v: 6 prints each request */
};
void kube_opts_init(struct kube_opts *o);

struct kube_client;
int kube_client_open(const struct kube_opts *o, struct kube_client **c, struct err *e);
const char *kube_client_namespace(const struct kube_client *c);
/* The server's address as it may be shown: without a user or password. */
const char *kube_client_server(const struct kube_client *c);
void kube_client_free(struct kube_client *c);

/* One GET. path is below the server ("/api/v1/namespaces/demo/pods/x?..."). */
struct kube_req {
	char *path;		/* owned by the request */
	int want_json;		/* parse the body into obj */
	size_t max_bytes;	/* a bigger body is cut (logs); 0 = the default cap */
	/* Called once the request has its result (any result); may submit
	 * more requests. NULL: the caller reads the result after kube_run. */
	void (*done)(struct kube_client *c, struct kube_req *r, void *arg);
	void *arg;
	int owned;		/* the client frees it after done (kube_submit_new) */
	int urgent;		/* goes before what is queued (the next page of a list) */
	/* results */
	long status;
	json_t *obj;
	char *body;
	size_t len;
	int truncated;
	struct err err;		/* kubectl's wording: Error from server (NotFound): ... */
	/* the client's */
	unsigned cred_gen;	/* the credential it was sent with */
	struct kube_req *next;
};

/* Queues r (the caller keeps it: r->owned 0) or a new request the client
 * frees after its done callback. Nothing is sent before kube_run. */
void kube_submit(struct kube_client *c, struct kube_req *r);
struct kube_req *kube_submit_new(struct kube_client *c, char *path, int want_json, size_t max_bytes,
				 void (*done)(struct kube_client *, struct kube_req *, void *), void *arg);
/* Sends what is queued, and what the callbacks queue, until nothing is left;
 * every request gets its result. Returns -1 only when no credential could
 * be had (e set); requests that could not be sent then carry that error. A
 * 401 with an exec credential plugin runs the plugin again once and sends
 * the refused requests again. */
int kube_run(struct kube_client *c, struct err *e);
/* The requests at once (kube_submit each, then kube_run). */
int kube_get_many(struct kube_client *c, struct kube_req *reqs, size_t n, struct err *e);
/* Frees path, obj and body (not r itself). */
void kube_req_free(struct kube_req *r);

/* A list, paged as kubectl does (limit, then continue): page is called
 * with each page's object (items inside) as it comes, done once at the end
 * with the error that stopped it, if any. path has no limit/continue. */
struct kube_list_cb {
	void (*page)(struct kube_client *c, json_t *page, void *arg);
	void (*done)(struct kube_client *c, const struct err *failed, void *arg);
	void *arg;
};
#define KUBE_PAGE 500
void kube_list(struct kube_client *c, const char *path, const struct kube_list_cb *cb);

/* url without its user and password, as it may be shown (caller frees). */
char *kube_url_shown(const char *url);

/* Escapes s for a path segment or a query value (caller frees). */
char *kube_escape(const char *s);

/* What was sent: requests, and the greatest number in flight at once. */
struct kube_stats {
	size_t requests, max_in_flight;
};
void kube_client_stats(const struct kube_client *c, struct kube_stats *s);

/* For shell completion: the names of pods or deployments in the namespace, or of
 * namespaces, within timeout_ms; quiet on errors. */
int kube_list_names(const struct kube_opts *o, const char *resource, long timeout_ms,
		    struct strlist *names);

#endif
