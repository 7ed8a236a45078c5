/* Kubernetes quantities, checked as the API server would, plus the slips
 * it would accept and regret: "--memory 512" is 512 bytes, "--memory 500m"
 * half a byte, "--cpu 2Gi" two billion cores. */
#include "gen/quantity.h"
#include "lib/xalloc.h"

#include <ctype.h>
#include <string.h>

#define MI (1024.0L * 1024.0L)

static const struct { const char *s; long double mul; int binary, milli; } suffixes[] = {
	{ "Ki", 1024.0L, 1, 0 }, { "Mi", MI, 1, 0 }, { "Gi", MI * 1024, 1, 0 },
	{ "Ti", MI * MI, 1, 0 }, { "Pi", MI * MI * 1024, 1, 0 }, { "Ei", MI * MI * MI, 1, 0 },
	{ "n", 1e-9L, 0, 0 }, { "u", 1e-6L, 0, 0 }, { "m", 1e-3L, 0, 1 }, { "", 1, 0, 0 },
	{ "k", 1e3L, 0, 0 }, { "M", 1e6L, 0, 0 }, { "G", 1e9L, 0, 0 }, { "T", 1e12L, 0, 0 },
	{ "P", 1e15L, 0, 0 }, { "E", 1e18L, 0, 0 },
};

/* <digits> | <digits>.<digits> | <digits>. | .<digits>, with an optional sign. */
static const char *number(const char *p, long double *v)
{
	long double x = 0, scale = 1;
	int neg = 0, digits = 0;

	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	for (; isdigit((unsigned char)*p); p++, digits++)
		x = x * 10 + (*p - '0');
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p); p++, digits++)
			x += (*p - '0') * (scale /= 10);
	}
	if (!digits)
		return NULL;
	*v = neg ? -x : x;
	return p;
}

int quantity_parse(const char *s, long double *value, int *binary, int *milli)
{
	long double v;
	const char *p = number(s, &v);

	*binary = *milli = 0;
	if (!p || strlen(s) > 64)
		return -1;
	if ((*p == 'e' || *p == 'E') && p[1]) {
		const char *q = p + 1;
		int neg = 0, exp = 0, digits = 0;
		if (*q == '+' || *q == '-')
			neg = *q++ == '-';
		for (; isdigit((unsigned char)*q) && digits < 4; q++, digits++)
			exp = exp * 10 + (*q - '0');
		if (digits && !*q) {
			for (int i = 0; i < exp && v < 1e30L && v > -1e30L; i++)
				v = neg ? v / 10 : v * 10;
			*value = v;
			return 0;
		}
	}
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
		if (!strcmp(p, suffixes[i].s)) {
			*value = v * suffixes[i].mul;
			*binary = suffixes[i].binary;
			*milli = suffixes[i].milli;
			return 0;
		}
	return -1;
}

char *quantity_check_memory(const char *s)
{
	long double v;
	int binary, milli;

	if (quantity_parse(s, &v, &binary, &milli) < 0)
		return xasprintf("\"%s\" is not a quantity: give bytes with a unit, as 512Mi or 2Gi", s);
	if (v <= 0)
		return xasprintf("\"%s\" is not more than zero", s);
	if (milli)
		return xasprintf("\"%s\" is thousandths of a byte (m is milli): did you mean %.*sMi?", s,
				 (int)(strlen(s) - 1), s);
	if (v < MI)
		return xasprintf("\"%s\" is less than a mebibyte (a bare number is bytes): did you mean %sMi?", s, s);
	if (v > 9.2e18L)
		return xasprintf("\"%s\" is more memory than a quantity can hold", s);
	return NULL;
}

char *quantity_check_cpu(const char *s)
{
	long double v;
	int binary, milli;

	if (quantity_parse(s, &v, &binary, &milli) < 0)
		return xasprintf("\"%s\" is not a quantity: give cores, as 2 or 0.5 or 500m", s);
	if (v <= 0)
		return xasprintf("\"%s\" is not more than zero", s);
	if (binary)
		return xasprintf("\"%s\" is a size, not a number of cores: give 2 or 500m", s);
	if (v < 1e-3L)
		return xasprintf("\"%s\" is less than a thousandth of a core, the smallest CPU request", s);
	if (v > 1e6L)
		return xasprintf("\"%s\" is more cores than any node has", s);
	return NULL;
}
