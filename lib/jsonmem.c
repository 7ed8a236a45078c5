#include "lib/jsonmem.h"

#include <jansson.h>
#include <malloc.h>
#include <stdlib.h>

/* Process-wide, as jansson's allocator is; jsonmem_limit(0) resets them. */
static long long used;
static size_t limit;
static int exceeded, installed;

/* Counts, never refuses: jansson does not survive every failed allocation
 * (a parse can crash on one), so the budget is checked between objects. */
static void *meter_malloc(size_t n)
{
	void *p = malloc(n);

	if (p)
		used += (long long)malloc_usable_size(p);
	return p;
}

static void meter_free(void *p)
{
	if (p)
		used -= (long long)malloc_usable_size(p);
	free(p);
}

void jsonmem_install(void)
{
	if (!installed) {
		json_set_alloc_funcs(meter_malloc, meter_free);
		installed = 1;
	}
}

size_t jsonmem_used(void)
{
	return used > 0 ? (size_t)used : 0;	/* objects from before the meter are freed uncounted */
}

void jsonmem_limit(size_t max)
{
	limit = max;
	exceeded = 0;
}

int jsonmem_exceeded(void)
{
	if (limit && used > (long long)limit)
		exceeded = 1;
	return exceeded;
}

int jsonmem_reserve(size_t n)
{
	if (limit && used + (long long)n > (long long)limit) {
		exceeded = 1;
		return -1;
	}
	used += (long long)n;
	return 0;
}

void jsonmem_release(size_t n)
{
	used -= (long long)n;
}
