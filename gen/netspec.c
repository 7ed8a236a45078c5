#include "gen/netspec.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <string.h>

static int parse_num(const char *s, size_t n, unsigned *out)
{
	unsigned long v = 0;

	if (n == 0 || n > 5)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v < 1 || v > 65535)
		return -1;
	*out = (unsigned)v;
	return 0;
}

int port_parse(const char *s, struct portspec *p)
{
	const char *colon = strchr(s, ':');

	if (!colon) {
		if (parse_num(s, strlen(s), &p->exposed) < 0)
			return -1;
		p->target = p->exposed;
		return 0;
	}
	if (parse_num(s, (size_t)(colon - s), &p->exposed) < 0)
		return -1;
	if (!colon[1]) {	/* "a:" means a:a, as the original read it */
		p->target = p->exposed;
		return 0;
	}
	return parse_num(colon + 1, strlen(colon + 1), &p->target);
}

int port_looks_like(const char *w)
{
	return isdigit((unsigned char)w[0]);
}

static int ipv4_strict(const char *s)
{
	/* inet_pton accepts "010.1.1.1"; the API server does not. */
	for (const char *p = s; *p; p++) {
		if (*p == '0' && (p == s || p[-1] == '.') && isdigit((unsigned char)p[1]))
			return 0;
	}
	return 1;
}

int ip_valid(const char *s)
{
	unsigned char buf[16];

	if (inet_pton(AF_INET, s, buf) == 1)
		return ipv4_strict(s);
	return inet_pton(AF_INET6, s, buf) == 1;
}

int ip_looks_like(const char *w)
{
	return (isxdigit((unsigned char)w[0]) || w[0] == ':') && strpbrk(w, ".:") != NULL;
}
