/* What kubectl would say about the pod: its STATUS column, its READY and
 * RESTARTS, an event's AGE; the head of a diagnosis. */
#ifndef OC_PODSTATUS_H
#define OC_PODSTATUS_H
#include "diag/analyze.h"

/* The diagnosis's head: object, namespace, phase, status, ready/total, restarts. */
void podstatus_header(struct diagnosis *d, const struct diag_facts *f);

#endif
