/* Label selectors as kubectl -l takes them (k8s.io/apimachinery labels):
 * key=value, key==value, key!=value, key in (a,b), key notin (a,b), key,
 * !key, key>N, key<N, joined by commas. The live client hands the text to
 * the server; saved files are matched here, with the same grammar. */
#ifndef OC_SELECTOR_H
#define OC_SELECTOR_H
#include <jansson.h>
#include "lib/err.h"

struct label_selector;

/* An empty text selects everything. e gets kubectl's kind of message. */
int selector_parse(const char *text, struct label_selector **out, struct err *e);
int selector_matches(const struct label_selector *s, const json_t *labels);
void selector_free(struct label_selector *s);

#endif
