#include "lib/cacerts.h"

#include <openssl/x509.h>
#include <stdlib.h>
#include <unistd.h>

/* Go's list (crypto/x509/root_linux.go): Debian, Fedora/RHEL 6, openSUSE,
 * OpenELEC, CentOS/RHEL 7, Alpine. */
static const char *const bundles[] = {
	"/etc/ssl/certs/ca-certificates.crt",
	"/etc/pki/tls/certs/ca-bundle.crt",
	"/etc/ssl/ca-bundle.pem",
	"/etc/pki/tls/cacert.pem",
	"/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
	"/etc/ssl/cert.pem",
	NULL,
};

const char *cacerts_default(void)
{
	const char *file = X509_get_default_cert_file();
	const char *dir = X509_get_default_cert_dir();

	if (getenv(X509_get_default_cert_file_env()) || getenv(X509_get_default_cert_dir_env()))
		return NULL;
	if ((file && access(file, R_OK) == 0) || (dir && access(dir, R_OK | X_OK) == 0))
		return NULL;
	for (size_t i = 0; bundles[i]; i++)
		if (access(bundles[i], R_OK) == 0) {
			setenv(X509_get_default_cert_file_env(), bundles[i], 0);
			return bundles[i];
		}
	return NULL;
}
