/* UTF-8 checks shared by what reaches a terminal and what reaches JSON. */
#ifndef OC_UTF8_H
#define OC_UTF8_H
#include <stddef.h>
#include "lib/strbuf.h"

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0 (RFC 3629:
 * no overlongs, no surrogates, nothing above U+10FFFF). *cp gets its code
 * point when cp is not NULL. */
size_t utf8_valid_len(const unsigned char *s, size_t n, unsigned *cp);

/* Is all of the NUL-terminated s valid UTF-8? (JSON strings must be.) */
int utf8_valid(const char *s);

/* Appends the NUL-terminated s with each invalid byte replaced by U+FFFD. */
void sb_add_utf8(struct strbuf *sb, const char *s);

#endif
