#include "init/log.h"
#include "lib/strbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <unistd.h>

static void put(int fd, const char *prefix, const char *fmt, va_list ap)
{
	struct strbuf msg = STRBUF_INIT, line = STRBUF_INIT;

	sb_vaddf(&msg, fmt, ap);
	sb_adds(&line, prefix);
	/* Names and reasons come from the machine's files: one line, always. */
	for (size_t i = 0; i < msg.len; i++) {
		unsigned char c = (unsigned char)msg.buf[i];
		if (c < 0x20 || c == 0x7f)
			sb_addf(&line, "\\x%02x", c);
		else
			sb_addc(&line, (char)c);
	}
	sb_addc(&line, '\n');
	for (size_t off = 0; off < line.len;) {
		ssize_t n = write(fd, line.buf + off, line.len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;	/* nowhere to log: keep running the machine */
		off += (size_t)n;
	}
	sb_free(&msg);
	sb_free(&line);
}

void log_out(const char *prefix, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	put(1, prefix, fmt, ap);
	va_end(ap);
}

void log_err(const char *prefix, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	put(2, prefix, fmt, ap);
	va_end(ap);
}
