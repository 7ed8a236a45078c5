/* What reaches a person's terminal: colour only when it is a terminal and
 * NO_COLOR is unset, and untrusted text stripped of control sequences. */
#ifndef OC_TERM_H
#define OC_TERM_H
#include <stdio.h>
#include "strbuf.h"

int term_use_color(FILE *f);	/* isatty && NO_COLOR unset or empty */

/* Appends untrusted text (logs, events) with escape sequences, control
 * characters and invalid UTF-8 replaced, so it cannot drive the terminal. */
void sb_add_sanitized(struct strbuf *sb, const char *s, size_t n);

#endif
