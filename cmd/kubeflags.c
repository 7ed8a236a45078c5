#include "cmd/kubeflags.h"

#include <stddef.h>

#define K(field) offsetof(struct kube_opts, field)

const struct opt kube_opts_table[] = {
	{ "kubeconfig", 0, OPT_STRING, K(kubeconfig), "FILE",
	  "Path to the kubeconfig file to use (no merging with KUBECONFIG).", 0, COMPL_FILE, NULL, NULL },
	{ "context", 0, OPT_STRING, K(context), "NAME",
	  "The kubeconfig context to use.", 0, COMPL_CONTEXT, NULL, NULL },
	{ "cluster", 0, OPT_STRING, K(cluster), "NAME",
	  "The kubeconfig cluster to use.", 0, COMPL_CLUSTER, NULL, NULL },
	{ "user", 0, OPT_STRING, K(user), "NAME",
	  "The kubeconfig user to use.", 0, COMPL_USER, NULL, NULL },
	{ "namespace", 'n', OPT_STRING, K(namespace), "NAMESPACE",
	  "The namespace (default: the context's, else \"default\").", 0, COMPL_NAMESPACE, NULL, NULL },
	{ "server", 's', OPT_STRING, K(server), "URL",
	  "The address of the Kubernetes API server.", 0, COMPL_NONE, NULL, NULL },
	{ "token", 0, OPT_STRING, K(token), "TOKEN",
	  "Bearer token for authentication to the API server.", OPTF_SECRET, COMPL_NONE, NULL, NULL },
	{ "certificate-authority", 0, OPT_STRING, K(certificate_authority), "FILE",
	  "Path to a CA certificate file for the server.", 0, COMPL_FILE, NULL, NULL },
	{ "client-certificate", 0, OPT_STRING, K(client_certificate), "FILE",
	  "Path to a client certificate file for TLS.", 0, COMPL_FILE, NULL, NULL },
	{ "client-key", 0, OPT_STRING, K(client_key), "FILE",
	  "Path to a client key file for TLS.", 0, COMPL_FILE, NULL, NULL },
	{ "insecure-skip-tls-verify", 0, OPT_BOOL, K(insecure_skip_tls_verify), NULL,
	  "Do not check the server's certificate (insecure).", 0, COMPL_NONE, NULL, NULL },
	{ "tls-server-name", 0, OPT_STRING, K(tls_server_name), "NAME",
	  "Server name to use for the server certificate check and SNI.", 0, COMPL_NONE, NULL, NULL },
	{ "request-timeout", 0, OPT_STRING, K(request_timeout), "DURATION",
	  "Time limit for a request: seconds, or 1s, 2m, 3h; 0 waits forever.", 0, COMPL_NONE, NULL, NULL },
	{ "as", 0, OPT_STRING, K(as), "USER",
	  "Username to impersonate.", 0, COMPL_NONE, NULL, NULL },
	{ "as-group", 0, OPT_LIST, K(as_groups), "GROUP",
	  "Group to impersonate (repeatable).", 0, COMPL_NONE, NULL, NULL },
	{ "as-uid", 0, OPT_STRING, K(as_uid), "UID",
	  "UID to impersonate.", 0, COMPL_NONE, NULL, NULL },
	{ "v", 'v', OPT_INT, K(verbosity), "LEVEL",
	  "Log level: 6 prints each request (method, URL, status, time); tokens are never printed.",
	  0, COMPL_NONE, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL, 0, 0, NULL, NULL },
};
