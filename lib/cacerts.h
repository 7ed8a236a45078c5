/* Where TLS finds the system's CA certificates, when the TLS library's own
 * default is not on this system: the static `make dist` binary carries
 * Debian's OpenSSL, whose default (/usr/lib/ssl) RHEL and Fedora do not
 * have. Then SSL_CERT_FILE is set, for this process only, to the first of
 * the usual bundles that exists, as Go's crypto/x509 searches them. */
#ifndef OC_CACERTS_H
#define OC_CACERTS_H

/* Sets SSL_CERT_FILE when neither it nor SSL_CERT_DIR is set and OpenSSL's
 * default file and directory are missing; returns the bundle chosen, or NULL. */
const char *cacerts_default(void);

#endif
