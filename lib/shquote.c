#include "shquote.h"

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

void sb_add_shquoted(struct strbuf *sb, const char *s)
{
	if (is_safe(s)) {
		sb_adds(sb, s);
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
