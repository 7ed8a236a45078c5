/* kubeconfig loading (diag/kube/kubeconfig.c) from a file the bytes make,
 * with kubectl's flags on top: the bytes up to the first NUL are the file,
 * then NUL-separated --context, --cluster, --user, --server, --namespace,
 * --request-timeout, --token, --as, --tls-server-name, --as-group and one
 * byte for --insecure-skip-tls-verify.
 *
 * Nothing is run and nothing outside the harness's directory is read: the
 * files a kubeconfig names (certificate-authority, client-certificate,
 * client-key, tokenFile) must be plain relative names, which resolve next
 * to the file, where the harness put ca.pem, cert.pem, key.pem and token;
 * an exec plugin's command is replaced by a path that does not exist before
 * kube_exec_run sees it, so only its checks run. */
#include "diag/kube/execcred.h"
#include "fuzz.h"
#include "diag/kube/kubeconfig.h"
#include "lib/yamlload.h"

#include <stdlib.h>
#include <string.h>

static const char pem[] =
	"-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2Y=\n-----END CERTIFICATE-----\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_sandbox(*argc, *argv);
	free(fz_write("ca.pem", pem, sizeof(pem) - 1));
	free(fz_write("cert.pem", pem, sizeof(pem) - 1));
	free(fz_write("key.pem", "-----BEGIN EC PRIVATE KEY-----\nMHcCAQ==\n-----END EC PRIVATE KEY-----\n", 68));
	free(fz_write("token", "fuzz-token\n", 11));
	return 0;
}

static int safe_path(const char *p)
{
	if (!*p || p[0] == '/')
		return 0;
	for (const char *s = p; (s = strstr(s, "..")); s += 2)
		if ((s == p || s[-1] == '/') && (s[2] == '\0' || s[2] == '/'))
			return 0;
	return 1;
}

/* Every file-naming value anywhere in the document is safe to open. */
static int safe(const json_t *v)
{
	static const char *const keys[] = { "certificate-authority", "client-certificate", "client-key",
					     "tokenFile", NULL };
	const char *k;
	json_t *c;
	size_t i;

	if (json_is_array(v)) {
		json_array_foreach(v, i, c)
			if (!safe(c))
				return 0;
	} else if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, c) {
			for (i = 0; keys[i]; i++)
				if (!strcmp(k, keys[i]) && json_is_string(c) && json_string_length(c) &&
				    !safe_path(json_string_value(c)))
					return 0;
			if (!safe(c))
				return 0;
		}
	}
	return 1;
}

static const char *opt(const char *s)
{
	return *s ? s : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t yl = strnlen((const char *)data, size), pos = yl + 1;
	struct err e = { 0 };
	json_t *doc = NULL;

	/* the loader's own reading of the file decides what it names */
	if (yaml_load_all((const char *)data, yl, "fuzz", &doc, &e) == 0 && !safe(doc)) {
		json_decref(doc);
		return 0;
	}
	json_decref(doc);
	err_clear(&e);

	char *f[10];
	for (int i = 0; i < 10; i++)
		f[i] = fz_field(data, size, &pos);
	struct kube_opts o;
	kube_opts_init(&o);
	o.kubeconfig = fz_write("config", data, yl);
	o.context = opt(f[0]), o.cluster = opt(f[1]), o.user = opt(f[2]), o.server = opt(f[3]);
	o.namespace = opt(f[4]), o.request_timeout = opt(f[5]), o.token = opt(f[6]), o.as = opt(f[7]);
	o.tls_server_name = pos <= size ? f[8] : NULL;	/* "" is given, and means none */
	if (*f[9])
		strlist_push(&o.as_groups, f[9]);
	if (pos < size)
		o.insecure_skip_tls_verify = data[pos] & 1;

	struct kube_conf c;
	if (kube_conf_load(&o, &c, 1, &e) == 0) {
		if (!c.server || !c.namespace)
			FZ_FAIL();
		if (c.exec) {
			struct kube_cred cr;
			struct err xe = { 0 };
			free(c.exec->command);
			c.exec->command = strdup("/nonexistent/oc-leapp-fuzz/plugin");
			if (kube_exec_run(&c, 0, 1000, &cr, &xe) == 0)
				FZ_FAIL();
			kube_cred_free(&cr);
		}
		kube_conf_free(&c);
	}
	free((char *)o.kubeconfig);
	strlist_free(&o.as_groups);
	for (int i = 0; i < 10; i++)
		free(f[i]);
	return 0;
}
