/* leapp-init's output: one line per event, written whole with one write(2)
 * so it never interleaves with the output of the services it runs (they
 * share the container's stdout). Formats: lib/contract.h. */
#ifndef LEAPP_LOG_H
#define LEAPP_LOG_H
#include "lib/contract.h"

/* "PREFIX" then the formatted text, control characters escaped, newline. */
void log_out(const char *prefix, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void log_err(const char *prefix, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
