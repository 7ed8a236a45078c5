#include "lib/rfc3339.h"

#include <string.h>

static int num(const char *s, size_t n, size_t at, size_t digits, int *out)
{
	int v = 0;

	if (at + digits > n)
		return -1;
	for (size_t i = at; i < at + digits; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (H. Hinnant's days_from_civil): no timegm, no time zone. */
static long long days_from_civil(long long y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

size_t rfc3339_scan(const char *s, size_t n, long long *sec, long *nsec)
{
	static const unsigned char mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, mo, d, h, mi, se, oh = 0, om = 0, sign = 0;
	long frac = 0;
	size_t i = 19;

	if (!s || n < 20 || num(s, n, 0, 4, &y) || s[4] != '-' || num(s, n, 5, 2, &mo) || s[7] != '-' ||
	    num(s, n, 8, 2, &d) || (s[10] != 'T' && s[10] != 't') || num(s, n, 11, 2, &h) || s[13] != ':' ||
	    num(s, n, 14, 2, &mi) || s[16] != ':' || num(s, n, 17, 2, &se))
		return 0;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] + (mo == 2 && leap(y)) || h > 23 || mi > 59 || se > 60)
		return 0;
	if (i < n && s[i] == '.') {
		size_t k = 0;
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, k++)
			if (k < 9)
				frac = frac * 10 + (s[i] - '0');
		if (!k)
			return 0;
		for (; k < 9; k++)
			frac *= 10;
	}
	if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
		i++;
	} else if (i < n && (s[i] == '+' || s[i] == '-')) {
		sign = s[i] == '-' ? -1 : 1;
		if (num(s, n, i + 1, 2, &oh) || i + 3 >= n || s[i + 3] != ':' || num(s, n, i + 4, 2, &om) ||
		    oh > 23 || om > 59)
			return 0;
		i += 6;
	} else {
		return 0;
	}
	if (sec)
		*sec = days_from_civil(y, mo, d) * 86400 + h * 3600LL + mi * 60LL + se -
		       sign * (oh * 3600LL + om * 60LL);
	if (nsec)
		*nsec = frac;
	return i;
}

int rfc3339_parse(const char *s, long long *sec, long *nsec)
{
	size_t n = s ? strlen(s) : 0;

	return n && rfc3339_scan(s, n, sec, nsec) == n ? 0 : -1;
}

long long rfc3339_seconds(const char *s)
{
	long long t;

	return rfc3339_parse(s, &t, NULL) == 0 ? t : 0;
}
