#include "lib/term.h"
#include "lib/utf8.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static enum term_color color_choice = TERM_COLOR_AUTO;

int term_color_parse(const char *s, enum term_color *c)
{
	static const char *const words[] = { "auto", "always", "never" };

	for (int i = 0; i < 3; i++)
		if (!strcmp(s, words[i])) {
			*c = (enum term_color)i;
			return 0;
		}
	return -1;
}

void term_set_color(enum term_color c)
{
	color_choice = c;
}

/* NO_COLOR (https://no-color.org) gives way to an explicit --color=always. */
int term_use_color(FILE *f)
{
	const char *nc = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	if (color_choice != TERM_COLOR_AUTO)
		return color_choice == TERM_COLOR_ALWAYS;
	if ((nc && *nc) || (term && !strcmp(term, "dumb")))
		return 0;
	return isatty(fileno(f));
}

/* A valid UTF-8 sequence that is not a C1 control (U+0080..U+009F act like
 * escapes on some terminals): its length, else 0. */
static size_t printable_len(const unsigned char *s, size_t n)
{
	unsigned cp;
	size_t len = utf8_valid_len(s, n, &cp);

	return len == 2 && cp < 0xa0 ? 0 : len;
}

/* Skips an ANSI escape sequence starting at s[0] == ESC; returns its length. */
static size_t escape_len(const unsigned char *s, size_t n)
{
	size_t i = 1;

	if (n < 2)
		return 1;
	if (s[1] == '[') {	/* CSI: parameters then a final byte 0x40-0x7e */
		for (i = 2; i < n && !(s[i] >= 0x40 && s[i] <= 0x7e); i++)
			;
		return i < n ? i + 1 : n;
	}
	if (s[1] == ']' || s[1] == 'P' || s[1] == '_' || s[1] == '^') {	/* OSC/DCS: to BEL or ST */
		for (i = 2; i < n; i++) {
			if (s[i] == 0x07)
				return i + 1;
			if (s[i] == 0x1b && i + 1 < n && s[i + 1] == '\\')
				return i + 2;
		}
		return n;
	}
	return 2;
}

void sb_add_sanitized(struct strbuf *sb, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		if (s[i] == 0x1b) {
			i += escape_len(s + i, n - i);
			continue;
		}
		if (s[i] == '\t' || s[i] == '\n') {
			sb_addc(sb, (char)s[i++]);
			continue;
		}
		if (s[i] < 0x20 || s[i] == 0x7f) {
			i++;	/* \r, BEL, backspace ...: dropped */
			continue;
		}
		size_t l = printable_len(s + i, n - i);
		if (!l) {
			sb_adds(sb, "\xef\xbf\xbd");	/* U+FFFD */
			i++;
			continue;
		}
		sb_add(sb, s + i, l);
		i += l;
	}
}
