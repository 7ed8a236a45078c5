#include "lib/err.h"
#include "lib/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *prog = "oc-leapp";

void msg_set_prog(const char *name)
{
	prog = name ? name : "oc-leapp";
}

const char *msg_prog(void)
{
	return prog;
}

/* A message longer than the buffer keeps its start and its end, where the
 * reason is ("cannot read /a/very/deep/path: Permission denied"), with
 * " ... " between them; cuts fall on UTF-8 character boundaries. */
static void fit_message(char *dst, size_t cap, const char *src, size_t n)
{
	static const char gap[] = " ... ";

	if (n < cap) {
		memcpy(dst, src, n + 1);
		return;
	}
	size_t room = cap - 1 - (sizeof(gap) - 1);
	size_t head = room / 3, tail = room - head;
	while (head && (src[head] & 0xc0) == 0x80)
		head--;
	size_t from = n - tail;
	while (from < n && (src[from] & 0xc0) == 0x80)
		from++;
	memcpy(dst, src, head);
	memcpy(dst + head, gap, sizeof(gap) - 1);
	memcpy(dst + head + sizeof(gap) - 1, src + from, n - from + 1);
}

int err_set(struct err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (!e || e->code)
		return -1;
	e->code = code ? code : EXIT_FAIL;
	va_start(ap, fmt);
	char *full = NULL;
	int n = vasprintf(&full, fmt, ap);
	va_end(ap);
	if (n < 0) {
		snprintf(e->msg, sizeof(e->msg), "out of memory");
		return -1;
	}
	fit_message(e->msg, sizeof(e->msg), full, (size_t)n);
	free(full);
	return -1;
}

void err_clear(struct err *e)
{
	e->code = 0;
	e->msg[0] = '\0';
	e->hint[0] = '\0';
}

/* "PROG: KIND: MSG" as one line, whatever the message quotes (arguments,
 * file names, file contents, a server's Status): control characters are
 * written as C escapes, the C1 ones (U+0080-U+009F, which some terminals
 * obey as ESC sequences) as \u escapes, and bytes that are not UTF-8 as
 * \x escapes. */
/* A UTF-8 sequence at s: its length and code point, 0 when it is not one
 * (leapp-init links this file alone: no utf8.c here). */
static size_t utf8_len(const unsigned char *s, size_t n, unsigned *cp)
{
	size_t len = s[0] < 0x80 ? 1 : s[0] >= 0xc2 && s[0] <= 0xdf ? 2 : s[0] >= 0xe0 && s[0] <= 0xef ? 3
		   : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : 0;
	unsigned v = len == 1 ? s[0] : len == 2 ? s[0] & 0x1fu : len == 3 ? s[0] & 0x0fu : s[0] & 0x07u;

	if (!len || len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3fu);
	}
	if ((len == 3 && (v < 0x800 || (v >= 0xd800 && v <= 0xdfff))) || (len == 4 && (v < 0x10000 || v > 0x10ffff)))
		return 0;
	*cp = v;
	return len;
}

static void put_line(const char *kind, const char *msg)
{
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *p = (const unsigned char *)msg;
	size_t n = strlen(msg);

	sb_addf(&sb, "%s: %s: ", prog, kind);
	while (n) {
		unsigned cp;
		size_t l = utf8_len(p, n, &cp);
		if (*p == '\n')
			sb_adds(&sb, "\\n");
		else if (*p < 0x20 || *p == 0x7f || !l)
			sb_addf(&sb, "\\x%02x", *p);
		else if (l == 2 && cp < 0xa0)
			sb_addf(&sb, "\\u%04x", cp);
		else
			sb_add(&sb, p, l);
		l = l ? l : 1;
		p += l;
		n -= l;
	}
	sb_addc(&sb, '\n');
	fputs(sb.buf, stderr);
	sb_free(&sb);
}

int err_report(const struct err *e)
{
	if (!e->code)
		return EXIT_OK;
	put_line("error", e->msg);
	fputs(e->hint, stderr);
	return e->code;
}

void warnf(const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&msg, fmt, ap);
	va_end(ap);
	put_line("warning", sb_str(&msg));
	sb_free(&msg);
}
