#include "lib/utf8.h"

#include <string.h>

size_t utf8_valid_len(const unsigned char *s, size_t n, unsigned *cpp)
{
	unsigned cp;
	size_t len;

	if (!n)
		return 0;
	if (s[0] < 0x80)
		len = 1, cp = s[0];
	else if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	if (cpp)
		*cpp = cp;
	return len;
}

int utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), l;

	for (size_t i = 0; i < n; i += l)
		if (!(l = utf8_valid_len(p + i, n - i, NULL)))
			return 0;
	return 1;
}

void sb_add_utf8(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	while (n) {
		size_t l = utf8_valid_len(p, n, NULL);
		if (!l) {
			sb_adds(sb, "\xef\xbf\xbd");	/* U+FFFD */
			l = 1;
		} else {
			sb_add(sb, p, l);
		}
		p += l;
		n -= l;
	}
}
