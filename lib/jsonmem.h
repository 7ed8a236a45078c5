/* A meter on jansson's memory, so that input read from files can be held
 * to a budget: what the parsed objects take is counted exactly (jansson's
 * allocations go through here), and text held while it is parsed can be
 * counted with them. It never refuses an allocation (jansson does not
 * survive all of them failing): readers check between objects. */
#ifndef OC_JSONMEM_H
#define OC_JSONMEM_H
#include <stddef.h>

void jsonmem_install(void);		/* idempotent; objects made before are fine */
size_t jsonmem_used(void);		/* jansson's bytes now, plus what is reserved */
void jsonmem_limit(size_t max);		/* 0: no limit; resets jsonmem_exceeded() */
int jsonmem_exceeded(void);		/* over the limit now, or was since it was set */
/* Other memory (a file's text) counted against the same limit: 0 when it
 * fits, -1 (and exceeded) when it does not. */
int jsonmem_reserve(size_t n);
void jsonmem_release(size_t n);

#endif
