#include "err.h"
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
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

int err_set(struct err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (!e || e->code)
		return -1;
	e->code = code ? code : EXIT_FAIL;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

void err_clear(struct err *e)
{
	e->code = 0;
	e->msg[0] = '\0';
	e->hint[0] = '\0';
}

/* "PROG: KIND: MSG" as one line, whatever the message quotes (arguments,
 * file names, file contents): control characters are written as C escapes. */
static void put_line(const char *kind, const char *msg)
{
	struct strbuf sb = STRBUF_INIT;

	sb_addf(&sb, "%s: %s: ", prog, kind);
	for (const unsigned char *p = (const unsigned char *)msg; *p; p++) {
		if (*p == '\n')
			sb_adds(&sb, "\\n");
		else if (*p < 0x20 || *p == 0x7f)
			sb_addf(&sb, "\\x%02x", *p);
		else
			sb_addc(&sb, (char)*p);
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
