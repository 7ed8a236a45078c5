/* What reaches a person's terminal: colour only when it is a terminal that
 * can show it (TERM is not "dumb") and NO_COLOR is unset, unless --color
 * says otherwise; and untrusted text stripped of control sequences. */
#ifndef OC_TERM_H
#define OC_TERM_H
#include <stdio.h>
#include "lib/strbuf.h"

enum term_color { TERM_COLOR_AUTO, TERM_COLOR_ALWAYS, TERM_COLOR_NEVER };

/* --color=auto|always|never; -1 for another word. */
int term_color_parse(const char *s, enum term_color *c);
/* The choice for this run (TERM_COLOR_AUTO until set). */
void term_set_color(enum term_color c);

/* always; never; auto: f is a terminal, TERM is not "dumb", NO_COLOR unset or empty. */
int term_use_color(FILE *f);

/* Appends untrusted text (logs, events) with escape sequences, control
 * characters and invalid UTF-8 replaced, so it cannot drive the terminal. */
void sb_add_sanitized(struct strbuf *sb, const char *s, size_t n);

#endif
