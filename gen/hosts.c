#include "gen/hosts.h"
#include "lib/names.h"
#include "gen/netspec.h"
#include "lib/strbuf.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The address in inet_ntop's spelling, and whether it is a loopback one;
 * NULL when the API would refuse it (netspec's rules: no leading zeros,
 * no zone). */
static char *canonical(const char *s, int *loopback)
{
	unsigned char b[16];
	char out[INET6_ADDRSTRLEN];

	if (!ip_valid(s))
		return NULL;
	if (inet_pton(AF_INET, s, b) == 1) {
		*loopback = b[0] == 127;
		return xstrdup(inet_ntop(AF_INET, b, out, sizeof(out)));
	}
	inet_pton(AF_INET6, s, b);
	static const unsigned char one[16] = { [15] = 1 };
	static const unsigned char mapped[12] = { [10] = 0xff, [11] = 0xff };
	*loopback = !memcmp(b, one, 16) || (!memcmp(b, mapped, 12) && b[12] == 127);
	return xstrdup(inet_ntop(AF_INET6, b, out, sizeof(out)));
}

static struct host_alias *alias_for(struct hosts *h, const char *ip)
{
	for (size_t i = 0; i < h->n; i++)
		if (!strcmp(h->v[i].ip, ip))
			return &h->v[i];
	h->v = xrealloc(h->v, (h->n + 1) * sizeof(*h->v));
	memset(&h->v[h->n], 0, sizeof(h->v[0]));
	h->v[h->n].ip = xstrdup(ip);
	return &h->v[h->n++];
}

/* One line named once, whatever is wrong with it: what it says (cut,
 * printable) and why. */
static void bad_line(struct hosts *h, size_t no, const char *line, const char *why)
{
	struct strbuf sb = STRBUF_INIT;

	sb_addf(&sb, "line %zu: \"", no);
	for (size_t i = 0; line[i] && i < 80; i++)
		sb_addc(&sb, line[i] >= 0x20 && line[i] < 0x7f ? line[i] : '?');
	sb_addf(&sb, "%s\": %s", strlen(line) > 80 ? "..." : "", why);
	strlist_push(&h->bad, sb_str(&sb));
	sb_free(&sb);
}

static void parse_line(struct hosts *h, size_t no, char *line)
{
	char *copy = xstrdup(line), *save = NULL, *ip, *why = NULL;
	char *hash = strchr(line, '#');
	int loop = 0;


	if (hash)
		*hash = '\0';
	char *addr = strtok_r(line, " \t\r", &save);
	if (!addr)
		goto out;
	if (!(ip = canonical(addr, &loop))) {
		bad_line(h, no, copy, "not an IP address the API accepts");
		goto out;
	}
	if (loop) {	/* the runtime's own file has them */
		free(ip);
		goto out;
	}
	struct strlist names = { 0 };
	for (char *w = strtok_r(NULL, " \t\r", &save); w; w = strtok_r(NULL, " \t\r", &save)) {
		for (char *c = w; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		if (!name_is_dns1123_subdomain(w)) {
			if (!why)
				why = xasprintf("\"%.64s\" is not a host name the API accepts (a DNS-1123 subdomain): left out", w);
		} else if (!strlist_has(&names, w)) {
			strlist_push(&names, w);
		}
	}
	if (names.n) {
		struct host_alias *a = alias_for(h, ip);
		for (size_t i = 0; i < names.n; i++)
			if (!strlist_has(&a->names, names.v[i]))
				strlist_push(&a->names, names.v[i]);
	}
	if (why)
		bad_line(h, no, copy, why);
	else if (!names.n)
		bad_line(h, no, copy, "an address without a name");
	free(why);
	free(ip);
	strlist_free(&names);
out:
	free(copy);
}

void hosts_parse(const char *text, struct hosts *h)
{
	char *copy = xstrdup(text);
	size_t no = 0;

	memset(h, 0, sizeof(*h));
	/* strtok_r would skip empty lines and miscount: split by hand */
	for (char *line = copy, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		no++;
		parse_line(h, no, line);
	}
	free(copy);
}

void hosts_free(struct hosts *h)
{
	for (size_t i = 0; i < h->n; i++) {
		free(h->v[i].ip);
		strlist_free(&h->v[i].names);
	}
	free(h->v);
	strlist_free(&h->bad);
	memset(h, 0, sizeof(*h));
}
