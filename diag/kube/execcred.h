/* Exec credential plugins (client.authentication.k8s.io v1 and v1beta1):
 * the command runs with an argv (never through a shell), the kubeconfig's
 * env and KUBERNETES_EXEC_INFO; its ExecCredential gives a token or a
 * client certificate and key. */
#ifndef OC_EXECCRED_H
#define OC_EXECCRED_H
#include <stddef.h>
#include <time.h>
#include "lib/err.h"
#include "diag/kube/kubeconfig.h"

struct kube_cred {
	char *token;			/* secret */
	char *cert, *key;		/* PEM */
	size_t cert_len, key_len;
	time_t expiry;			/* 0: valid for the whole run */
};

/* allow_interactive: 0 for shell completion (stdin never handed over).
 * timeout_ms 0 = wait as long as the plugin takes. */
int kube_exec_run(const struct kube_conf *c, int allow_interactive, long timeout_ms,
		  struct kube_cred *out, struct err *e);
void kube_cred_free(struct kube_cred *cr);
/* What the plugin cmd printed (len bytes): the ExecCredential of api_version,
 * into cr. Apart from kube_exec_run so that it can be tested, and fuzzed,
 * without running anything. */
int kube_cred_parse(const char *cmd, const char *api_version, const char *out, size_t len,
		    struct kube_cred *cr, struct err *e);

#endif
