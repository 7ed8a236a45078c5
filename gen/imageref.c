/* --registry: checked against the reference grammar here, so that a typo
 * is one clear line now rather than InvalidImageName on the cluster later. */
#include "gen/imageref.h"
#include "lib/xalloc.h"

#include <ctype.h>
#include <string.h>

/* [a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])? joined by '.', then an optional :PORT */
static int domain_ok(const char *s, size_t n)
{
	const char *colon = memchr(s, ':', n);
	size_t host = colon ? (size_t)(colon - s) : n;

	if (!host)
		return 0;
	for (size_t i = 0; i < host; i++) {
		unsigned char c = (unsigned char)s[i];
		int edge = i == 0 || i + 1 == host || s[i - 1] == '.' || s[i + 1] == '.';
		if (c == '.' && !edge)
			continue;
		if (!isalnum(c) && !(c == '-' && !edge))
			return 0;
	}
	if (colon) {
		size_t digits = n - host - 1;
		unsigned long port = 0;
		if (!digits || digits > 5)
			return 0;
		for (size_t i = host + 1; i < n; i++) {
			if (!isdigit((unsigned char)s[i]))
				return 0;
			port = port * 10 + (unsigned long)(s[i] - '0');
		}
		if (!port || port > 65535)
			return 0;
	}
	return 1;
}

/* [a-z0-9]+ separated by '.', '_', "__" or runs of '-' */
static int path_ok(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t run = 0;
		while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || isdigit((unsigned char)s[i])))
			i++, run++;
		if (!run)
			return 0;
		if (i == n)
			return 1;
		if (s[i] == '.' || (s[i] == '_' && (i + 1 >= n || s[i + 1] != '_')))
			i++;
		else if (s[i] == '_')
			i += 2;
		else if (s[i] == '-')
			while (i < n && s[i] == '-')
				i++;
		else
			return 0;
		if (i == n)
			return 0;
	}
	return n > 0;
}

char *registry_check(const char *reg)
{
	size_t len = strlen(reg);

	if (!len)
		return xasprintf("it is empty");
	if (strstr(reg, "://"))
		return xasprintf("give it without a scheme, as registry.example.com/team");
	if (strchr(reg, '@'))
		return xasprintf("a registry has no digest: generate names the images itself");
	while (len && reg[len - 1] == '/')
		len--;
	if (len > 200)
		return xasprintf("it is longer than 200 characters, leaving no room for the image's name");
	for (size_t start = 0, first = 1; start < len; first = 0) {
		const char *slash = memchr(reg + start, '/', len - start);
		size_t end = slash ? (size_t)(slash - reg) : len;
		const char *c = reg + start;
		size_t n = end - start;
		/* the first component is a host when it looks like one (docker's rule) */
		int host = first && (memchr(c, '.', n) || memchr(c, ':', n) || (n == 9 && !memcmp(c, "localhost", 9)));
		if (host ? !domain_ok(c, n) : !path_ok(c, n))
			return xasprintf(host ? "\"%.*s\" is not a host name with an optional :PORT"
					      : "\"%.*s\" is not a repository path component (lowercase letters, digits, '.', '_', '-'; no tag)",
					 (int)n, c);
		start = end + 1;
	}
	return NULL;
}

char *image_repo_join(const char *reg, const char *repo)
{
	size_t len;

	if (!reg || !*reg)
		return xstrdup(repo);
	len = strlen(reg);
	while (len && reg[len - 1] == '/')
		len--;
	return xasprintf("%.*s/%s", (int)len, reg, repo);
}
