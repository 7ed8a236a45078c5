/* Allocation that cannot fail silently: out of memory ends the run with
 * one clear line instead of a crash later on a NULL. */
#ifndef OC_XALLOC_H
#define OC_XALLOC_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable array of borrowed or owned strings. */
struct strlist {
	char **v;
	size_t n, alloc;
};
void strlist_push(struct strlist *l, const char *s);	/* copies s */
void strlist_free(struct strlist *l);
int strlist_has(const struct strlist *l, const char *s);

#endif
