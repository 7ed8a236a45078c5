/* The findings of one diagnosis as the engine records them: one per id and
 * container, evidence and fixes gathered from every row that matched, then
 * ordered root cause first with no fix given twice. */
#ifndef OC_FINDINGS_H
#define OC_FINDINGS_H
#include "diag/analyze.h"

#define MAX_EVIDENCE	6
#define MAX_REMEDY	16
#define MAX_LINE	2000	/* an evidence line is cut there */

struct diag_finding *finding_find(struct diagnosis *d, const char *id, const char *container);
/* The finding for (id, container), made on first use: *fresh tells. An
 * init container's trouble is the init stage whatever the row says (init
 * 1), a main container's log trouble never is (init 0); -1: unknown. */
struct diag_finding *finding_get(struct diagnosis *d, const char *id, enum diag_stage stage, enum diag_severity sev,
				 size_t rank, const char *container, int init, int *fresh);
void finding_evidence(struct diag_finding *f, const char *line);
void finding_remedy(struct diag_finding *f, const char *line);
/* Whether f's evidence already quotes msg (its first 200 bytes). */
int finding_quotes(const struct diag_finding *f, const char *msg);
/* Drops each finding that is the effect of another one found for the same
 * container (its cause's effect_of). */
void findings_drop_effects(struct diagnosis *d);
/* Root cause first (stage, then severity, then table order); a fix given by
 * an earlier finding is not repeated by a later one. */
void findings_order(struct diagnosis *d);

#endif
