#include "err.h"

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
}

int err_report(const struct err *e)
{
	if (!e->code)
		return EXIT_OK;
	/* One line, whatever the message quotes (arguments, file names, file
	 * contents): control characters are written as C escapes. */
	char line[sizeof(e->msg) * 4 + 1];
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)e->msg; *p; p++) {
		if (*p == '\n')
			n += (size_t)sprintf(line + n, "\\n");
		else if (*p < 0x20 || *p == 0x7f)
			n += (size_t)sprintf(line + n, "\\x%02x", *p);
		else
			line[n++] = (char)*p;
	}
	line[n] = '\0';
	fprintf(stderr, "%s: error: %s\n", prog, line);
	return e->code;
}

void warnf(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: warning: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
