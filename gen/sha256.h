/* SHA-256 of a stream, through OpenSSL's libcrypto (linked already by
 * libcurl's OpenSSL flavour), for the archive's checksum. */
#ifndef OC_SHA256_H
#define OC_SHA256_H
#include <stddef.h>

struct sha256 {
	void *ctx;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
/* Writes 64 lowercase hex digits and a NUL into hex; frees the context. */
void sha256_final_hex(struct sha256 *s, char hex[65]);
void sha256_free(struct sha256 *s);	/* for a stream given up */

/* Is s 64 hex digits? Lowercases it into out (65 bytes) when it is. */
int sha256_hex_valid(const char *s, char out[65]);

#endif
