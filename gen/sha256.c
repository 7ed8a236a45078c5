#include "gen/sha256.h"
#include "lib/xalloc.h"

#include <ctype.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sha256_init(struct sha256 *s)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();

	if (!c || EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1) {
		/* Only out of memory gets here; treat it as xmalloc does. */
		fprintf(stderr, "oc-leapp: error: cannot start a SHA-256 digest\n");
		abort();
	}
	s->ctx = c;
}

void sha256_update(struct sha256 *s, const void *data, size_t n)
{
	EVP_DigestUpdate(s->ctx, data, n);
}

void sha256_final_hex(struct sha256 *s, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	EVP_DigestFinal_ex(s->ctx, md, &n);
	for (unsigned int i = 0; i < n && i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	hex[64] = '\0';
	sha256_free(s);
}

void sha256_free(struct sha256 *s)
{
	EVP_MD_CTX_free(s->ctx);
	s->ctx = NULL;
}

int sha256_hex_valid(const char *s, char out[65])
{
	size_t i;

	for (i = 0; s[i] && i < 64; i++) {
		if (!isxdigit((unsigned char)s[i]))
			return 0;
		out[i] = (char)tolower((unsigned char)s[i]);
	}
	if (i != 64 || s[i])
		return 0;
	out[64] = '\0';
	return 1;
}
