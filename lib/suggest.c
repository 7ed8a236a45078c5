#include "lib/suggest.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t suggest_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row = xcalloc(lb + 1, sizeof(*row));
	size_t d;

	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			size_t best = diag + cost;
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	d = row[lb];
	free(row);
	return d;
}

static int starts_with_folded(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (tolower((unsigned char)*s) != tolower((unsigned char)*prefix))
			return 0;
	return 1;
}

void suggest_consider(struct strlist *out, const char *typed, const char *name)
{
	if (!*typed || strlist_has(out, name))
		return;
	if (suggest_distance(typed, name) <= 2 || starts_with_folded(name, typed))
		strlist_push(out, name);
}

void suggest_hint(struct err *e, const struct strlist *names, const char *prefix)
{
	size_t n;

	if (!names->n)
		return;
	n = (size_t)snprintf(e->hint, sizeof(e->hint), "\nDid you mean this?\n");
	for (size_t i = 0; i < names->n && n < sizeof(e->hint); i++)
		n += (size_t)snprintf(e->hint + n, sizeof(e->hint) - n, "\t%s%s\n", prefix, names->v[i]);
}
