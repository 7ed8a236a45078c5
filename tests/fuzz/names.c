/* Kubernetes names (gen/names.c): sanitizing, cutting with a hash, and the
 * API server's rules, with the promises checked: a sanitized name has only
 * [0-9a-z-] and no '-' at either end or twice in a row, a cut name fits. */
#include "fuzz.h"
#include "lib/names.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_sandbox(*argc, *argv);
	return 0;
}

static void check_sanitized(const char *s)
{
	size_t n = strlen(s);

	if (n && (s[0] == '-' || s[n - 1] == '-'))
		FZ_FAIL();
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || (s[i] == '-' && s[i + 1] != '-')))
			FZ_FAIL();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t pos = 1, max = size ? 10 + data[0] % 244 : 63;	/* 10 .. 253: what callers ask */
	char *a = fz_field(data, size, &pos), *b = fz_field(data, size, &pos), *c = fz_field(data, size, &pos);
	char *s = name_sanitize(a), *f = name_fit(a, max), *k = name_compose(a, b, c, max);

	check_sanitized(s);
	if (strlen(f) > max || (strlen(a) <= max && strcmp(f, a)))
		FZ_FAIL();
	if (strlen(k) > max)
		FZ_FAIL();
	if (*s && strlen(s) <= NAME_LABEL_MAX && !name_is_label_value(s))
		FZ_FAIL();
	name_hash(a);
	if (name_is_dns1123_label(a) && !name_is_dns1123_subdomain(a))
		FZ_FAIL();
	if (name_is_dns1035_label(a) && !name_is_dns1123_label(a))
		FZ_FAIL();
	name_is_label_value(a);
	free(a), free(b), free(c), free(s), free(f), free(k);
	return 0;
}
