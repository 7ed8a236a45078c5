/* What went wrong with a request, in kubectl's words: "The connection to
 * the server HOST:PORT was refused ...", "Error from server (NotFound):
 * ...". Text from the server is made harmless for a terminal. */
#ifndef OC_KUBE_WORDING_H
#define OC_KUBE_WORDING_H
#include <curl/curl.h>
#include "diag/kube/kube.h"

struct kube_failure {
	CURLcode rc;
	const char *why;	/* libcurl's error buffer, or its strerror */
	long oserr;
	const char *hostport;	/* the server as errors name it */
	const char *path;
	long timeout_ms;
};

void kube_word_transfer(struct err *e, const struct kube_failure *f);
/* r->status >= 300: a Status object, or whatever a proxy sent instead. */
void kube_word_http(struct kube_req *r);
const char *kube_status_text(long status);

#endif
