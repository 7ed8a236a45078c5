/* "Did you mean this?": the names close to a mistyped one, by cobra's rule
 * (Levenshtein distance of at most 2, case folded, or the typed word is the
 * start of the name). */
#ifndef OC_SUGGEST_H
#define OC_SUGGEST_H
#include <stddef.h>
#include "lib/err.h"
#include "lib/xalloc.h"

/* The edit distance between a and b, ASCII case folded. */
size_t suggest_distance(const char *a, const char *b);

/* Adds name to out when it is close to typed (and not there already). */
void suggest_consider(struct strlist *out, const char *typed, const char *name);

/* Puts cobra's "Did you mean this?" lines for the names in e's hint;
 * prefix goes before each name ("--" for flags). Nothing when names is empty. */
void suggest_hint(struct err *e, const struct strlist *names, const char *prefix);

#endif
