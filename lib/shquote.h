/* Quoting for commands we print for the user to copy; we never run them. */
#ifndef OC_SHQUOTE_H
#define OC_SHQUOTE_H
#include "lib/strbuf.h"

/* Appends s, single-quoted when the shell would otherwise split or expand it. */
void sb_add_shquoted(struct strbuf *sb, const char *s);
char *shquote(const char *s);	/* caller frees */

#endif
