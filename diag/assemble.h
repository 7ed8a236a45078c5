/* The one assembly of facts: whatever filled the pool (the API or saved
 * files), the target picks the pods, and each pod gets its events, the
 * controllers above it and theirs, its claims and volumes, its logs and
 * what could not be read about it. */
#ifndef OC_ASSEMBLE_H
#define OC_ASSEMBLE_H
#include "diag/facts.h"
#include "diag/pool.h"

struct diag_scope {
	const struct diag_target *target;	/* NULL: every pod (saved files with no target) */
	const char *ns;				/* NULL: every namespace (-A) */
	const char *source;			/* "live", or the input's path (named in errors) */
	long long now;				/* 0: the clock */
};

int diag_assemble(struct diag_pool *p, const struct diag_scope *s, struct diag_facts_list *out, struct err *e);

#endif
