/* The diagnosis for people (a report, coloured only on a terminal) and for
 * programs (-o json|yaml: a Diagnosis, or a DiagnosisList for several pods),
 * whose shape diag/schema/diagnosis.schema.json defines; the tests check
 * every report against it. */
#ifndef OC_REPORT_H
#define OC_REPORT_H
#include <jansson.h>
#include <stddef.h>
#include "diag/analyze.h"
#include "lib/err.h"
#include "lib/strbuf.h"

/* The version of what -o json|yaml prints; a change that breaks a reader
 * gets a new one. */
#define DIAGNOSIS_API_VERSION "oc-leapp.io/v1alpha1"

void report_text(struct strbuf *out, const struct diagnosis *d, size_t n, int color);
json_t *diagnosis_json(const struct diagnosis *d);
int report_data(struct strbuf *out, const struct diagnosis *d, size_t n, int yaml, struct err *e);

#endif
