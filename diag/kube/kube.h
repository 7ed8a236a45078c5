/* The cluster client: kubeconfig as kubectl reads it, and GET requests to
 * the API server with libcurl, several at once over one connection. */
#ifndef OC_KUBE_H
#define OC_KUBE_H
#include <jansson.h>
#include <stddef.h>
#include "err.h"
#include "xalloc.h"

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
const char *kube_client_server(const struct kube_client *c);
void kube_client_free(struct kube_client *c);

/* One GET. path is below the server ("/api/v1/namespaces/demo/pods/x?..."). */
struct kube_req {
	char *path;
	int want_json;		/* parse the body into obj */
	size_t max_bytes;	/* a bigger body is cut (logs); 0 = the default cap */
	/* results */
	long status;
	json_t *obj;
	char *body;
	size_t len;
	int truncated;
	struct err err;		/* kubectl's wording: Error from server (NotFound): ... */
};
/* Runs the requests concurrently; each gets its own result. Returns -1 only
 * when none could be sent (e set), else 0. A 401 with an exec credential
 * plugin runs the plugin again once and retries the refused requests. */
int kube_get_many(struct kube_client *c, struct kube_req *reqs, size_t n, struct err *e);
/* Frees path (allocated by the caller, owned by the request), obj and body. */
void kube_req_free(struct kube_req *r);

/* For shell completion: the names of pods or deployments in the namespace, or of
 * namespaces, within timeout_ms; quiet on errors. */
int kube_list_names(const struct kube_opts *o, const char *resource, long timeout_ms,
		    struct strlist *names);

#endif
