/* What an exec credential plugin prints (diag/kube/execcred.c): the
 * ExecCredential parsed as kube_exec_run does, without running anything.
 * The first byte picks the apiVersion the kubeconfig asked for. */
#include "diag/kube/execcred.h"
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_sandbox(*argc, *argv);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const versions[] = { "client.authentication.k8s.io/v1",
						 "client.authentication.k8s.io/v1beta1" };
	struct kube_cred cr;
	struct err e = { 0 };
	char *out;

	if (!size)
		return 0;
	out = malloc(size - 1 ? size - 1 : 1);	/* exactly the bytes: ASan sees a read past them */
	memcpy(out, data + 1, size - 1);
	memset(&cr, 0, sizeof(cr));
	if (kube_cred_parse("fuzz-plugin", versions[data[0] & 1], out, size - 1, &cr, &e) == 0) {
		if (!cr.token && !cr.cert)
			FZ_FAIL();	/* success is a token or a pair */
		if ((cr.cert == NULL) != (cr.key == NULL))
			FZ_FAIL();
	} else if (cr.token || cr.cert || cr.key || !e.code) {
		FZ_FAIL();	/* a failure says why and keeps nothing */
	}
	kube_cred_free(&cr);
	free(out);
	return 0;
}
