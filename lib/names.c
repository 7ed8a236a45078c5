#include "lib/names.h"
#include "lib/xalloc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *name_sanitize(const char *raw)
{
	char *out = xmalloc(strlen(raw) + 1);
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)raw; *p; p++) {
		int c = tolower(*p);
		int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (ok)
			out[n++] = (char)c;
		else if (n && out[n - 1] != '-')
			out[n++] = '-';
	}
	while (n && out[n - 1] == '-')
		n--;
	out[n] = '\0';
	return out;
}

/* FNV-1a: tiny, fixed across platforms and releases, good enough to tell names apart. */
uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

char *name_fit(const char *name, size_t max)
{
	size_t len = strlen(name);

	if (len <= max)
		return xstrdup(name);
	size_t keep = max > 9 ? max - 9 : 0;
	while (keep && name[keep - 1] == '-')
		keep--;
	return xasprintf("%.*s-%08x", (int)keep, name, (unsigned)name_hash(name));
}

static int is_lower_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static int label_span(const char *s, size_t n)
{
	if (n == 0 || n > NAME_LABEL_MAX || !is_lower_alnum(s[0]) || !is_lower_alnum(s[n - 1]))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_lower_alnum(s[i]) && s[i] != '-')
			return 0;
	return 1;
}

int name_is_dns1123_label(const char *s)
{
	return label_span(s, strlen(s));
}

int name_is_dns1035_label(const char *s)
{
	return name_is_dns1123_label(s) && s[0] >= 'a' && s[0] <= 'z';
}

int name_is_dns1123_subdomain(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len > NAME_SUBDOMAIN_MAX)
		return 0;
	for (const char *p = s;;) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		/* Subdomain parts may be long as a whole, only the character rule holds per part. */
		if (n == 0 || !is_lower_alnum(p[0]) || !is_lower_alnum(p[n - 1]))
			return 0;
		for (size_t i = 0; i < n; i++)
			if (!is_lower_alnum(p[i]) && p[i] != '-')
				return 0;
		if (!dot)
			return 1;
		p = dot + 1;
	}
}

int name_is_label_value(const char *s)
{
	size_t n = strlen(s);

	if (n == 0)
		return 1;
	if (n > NAME_LABEL_MAX || !isalnum((unsigned char)s[0]) || !isalnum((unsigned char)s[n - 1]))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("-_.", s[i]))
			return 0;
	return 1;
}

char *name_qualified(const char *name, const char *ns, size_t max)
{
	char *suffix = xasprintf(".%s", ns);
	char *r = name_compose("", name, suffix, max);

	free(suffix);
	return r;
}

char *name_compose(const char *prefix, const char *stem, const char *suffix, size_t max)
{
	char *full = xasprintf("%s%s%s", prefix, stem, suffix);
	size_t fixed = strlen(prefix) + strlen(suffix) + 9;

	if (strlen(full) <= max)
		return full;
	if (fixed + 1 > max) {	/* the suffix alone is too long: cut the whole */
		char *cut = name_fit(full, max);
		free(full);
		return cut;
	}
	size_t keep = max - fixed;
	while (keep && stem[keep - 1] == '-')
		keep--;
	char *r = xasprintf("%s%.*s-%08x%s", prefix, (int)keep, stem, (unsigned)name_hash(full), suffix);
	free(full);
	return r;
}
