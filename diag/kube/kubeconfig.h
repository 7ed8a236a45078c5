/* kubeconfig as kubectl reads it: --kubeconfig, else the KUBECONFIG list
 * merged first-wins, else ~/.kube/config, else the in-cluster service
 * account; then --context/--cluster/--user and the other flags on top. The
 * result is everything a connection needs, with every file already read. */
#ifndef OC_KUBECONFIG_H
#define OC_KUBECONFIG_H
#include <jansson.h>
#include <stddef.h>
#include "lib/err.h"
#include "diag/kube/kube.h"
#include "lib/xalloc.h"

/* An exec credential plugin (client.authentication.k8s.io). */
struct kube_exec {
	char *api_version, *command, *install_hint, *interactive_mode;
	struct strlist args;
	struct strlist env;		/* "NAME=value" */
	int provide_cluster_info;
	json_t *cluster_config;		/* the cluster's client.authentication.k8s.io/exec extension */
};

struct kube_conf {
	char *context, *cluster_name, *user_name;	/* as chosen; may be "" */
	char *server;
	char *tls_server_name, *proxy_url;
	char *namespace;
	char *ca;			/* PEM; when set, only this CA is trusted */
	size_t ca_len;
	int insecure;
	char *token;			/* secret: never printed */
	char *cert, *key;		/* PEM client pair; key is secret */
	size_t cert_len, key_len;
	struct kube_exec *exec;		/* when the user runs a credential plugin */
	char *as, *as_uid;
	struct strlist as_groups;
	long timeout_ms;		/* --request-timeout; 0 = none given or "0" */
	int timeout_given;
	int in_cluster;
};

/* quiet: no warnings (shell completion). */
/* The files kubectl reads, in its order: --kubeconfig alone, else each of
 * KUBECONFIG's (once), else ~/.kube/config. */
void kube_conf_files(const struct kube_opts *o, struct strlist *files);
int kube_conf_load(const struct kube_opts *o, struct kube_conf *c, int quiet, struct err *e);
void kube_conf_free(struct kube_conf *c);

/* client-go's ParseTimeout: "5" (seconds), "1s", "2m", "1h30m", "500ms". */
int kube_parse_timeout(const char *s, long *ms, struct err *e);
/* Standard base64 (whitespace ignored); out is NUL-terminated. -1 if invalid. */
int kube_base64_decode(const char *in, char **out, size_t *len);
char *kube_base64_encode(const char *in, size_t len);

/* The in-cluster service-account directory; OC_LEAPP_SERVICEACCOUNT_DIR
 * replaces it in tests. */
const char *kube_sa_dir(void);

#endif
