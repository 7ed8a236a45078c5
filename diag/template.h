/* The texts of a finding, filled in for this pod. A rule's summary,
 * explanation and remedy name values in braces: {container}, {ns}, {sa} ...
 * Some are always known; the others may not be (no node yet, no image URL
 * found): a remedy line that needs an unknown value is left out, and a
 * summary or explanation gives the words to use instead, {url|its image
 * server}; a remedy line may also be only for when a value is unknown,
 * {!machine}. So no text ever reaches the user with a placeholder in it. Any
 * other braces (a jsonpath, a JSON patch) stay as they are. */
#ifndef OC_TEMPLATE_H
#define OC_TEMPLATE_H
#include <stddef.h>
#include "diag/view.h"

/* What a match adds to the pod-wide values. */
struct tmatch {
	const struct diag_ctr *ctr;
	const char *container;	/* from an event's fieldPath or a log, when no ctr */
	const char *claim;
	long long exit_code;
	int has_exit;
	const char *waiting;	/* what a pod not ready waits for */
	char cap[256];		/* the pattern's first group */
};

/* The pod-wide values, worked out once per pod. */
struct tvars {
	const struct diag_view *v;
	const char *pod, *ns, *workload, *owner, *node, *scc, *sa, *main, *init;
	char *url, *host, *machine, *machine_dir, *new_sa, *scc_fix, *owner_buf, *node_selector;
	char *image_url, *grace;
};

void tvars_build(struct tvars *t, const struct diag_view *v, const char *workload);
void tvars_free(struct tvars *t);

/* The text with its values filled in (caller frees); *missing is set when a
 * value without a fallback was unknown. */
char *template_expand(const struct tvars *t, const struct tmatch *m, const char *text, int *missing);

/* For the catalogue's tests: whether name is a value templates may use, and
 * whether it is always known. */
int template_var(const char *name, size_t n, int *always);

#endif
