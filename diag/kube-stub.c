/* TEMPORARY: stands in for the cluster client until diag/client.c lands on
 * main (the diag-client branch deletes this file). */
#include "kube.h"

#include <string.h>

void kube_opts_init(struct kube_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->insecure_skip_tls_verify = -1;
}

int kube_client_open(const struct kube_opts *o, struct kube_client **c, struct err *e)
{
	(void)o;
	*c = NULL;
	return err_set(e, EXIT_FAIL, "the cluster client is not built yet");
}

const char *kube_client_namespace(const struct kube_client *c)
{
	(void)c;
	return "default";
}

const char *kube_client_server(const struct kube_client *c)
{
	(void)c;
	return "";
}

void kube_client_free(struct kube_client *c)
{
	(void)c;
}

int kube_get_many(struct kube_client *c, struct kube_req *reqs, size_t n, struct err *e)
{
	(void)c, (void)reqs, (void)n;
	return err_set(e, EXIT_FAIL, "the cluster client is not built yet");
}

void kube_req_free(struct kube_req *r)
{
	(void)r;
}

int diag_collect_live(struct kube_client *c, const struct diag_target *t, const char *ns,
		      struct diag_facts_list *out, struct err *e)
{
	(void)c, (void)t, (void)ns, (void)out;
	return err_set(e, EXIT_FAIL, "the cluster client is not built yet");
}

int kube_list_names(const struct kube_opts *o, const char *resource, long timeout_ms,
		    struct strlist *names)
{
	(void)o, (void)resource, (void)timeout_ms, (void)names;
	return -1;
}
