#include "lib/shquote.h"
#include "lib/utf8.h"

#include <string.h>

static int is_safe(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_", *s))
			return 0;
	return 1;
}

/* Bytes that must not reach a terminal raw: control characters, C1
 * controls and invalid UTF-8. Returns the length of the printable
 * character at s, or 0 for such a byte. */
static size_t printable(const char *s)
{
	unsigned cp;
	size_t len = utf8_valid_len((const unsigned char *)s, strlen(s), &cp);

	if (!len || cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
		return 0;
	return len;
}

static int needs_escapes(const char *s)
{
	for (size_t n; *s; s += n)
		if (!(n = printable(s)))
			return 1;
	return 0;
}

/* $'...' with \xHH for those bytes: a newline, an escape sequence or a
 * stray byte in a name neither breaks the command a user copies nor drives
 * the terminal (bash, zsh, ksh and POSIX.1-2024 sh read it). */
static void add_ansi_c(struct strbuf *sb, const char *s)
{
	sb_adds(sb, "$'");
	while (*s) {
		size_t n = printable(s);
		if (!n)
			sb_addf(sb, "\\x%02x", (unsigned char)*s++);
		else if (*s == '\'' || *s == '\\')
			sb_addf(sb, "\\%c", *s++);
		else
			sb_add(sb, s, n), s += n;
	}
	sb_addc(sb, '\'');
}

void sb_add_shquoted(struct strbuf *sb, const char *s)
{
	if (is_safe(s)) {
		sb_adds(sb, s);
		return;
	}
	if (needs_escapes(s)) {
		add_ansi_c(sb, s);
		return;
	}
	sb_addc(sb, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			sb_adds(sb, "'\\''");
		else
			sb_addc(sb, *s);
	}
	sb_addc(sb, '\'');
}

char *shquote(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	sb_add_shquoted(&sb, s);
	return sb_detach(&sb);
}
