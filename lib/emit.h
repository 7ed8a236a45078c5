/* The one writer of manifests: trees of jansson values out as YAML (through
 * libyaml's emitter) or JSON (through jansson). Keys keep the order they were
 * built in, so apiVersion, kind, metadata, spec come first. */
#ifndef OC_EMIT_H
#define OC_EMIT_H
#include <jansson.h>
#include <stddef.h>
#include "lib/err.h"
#include "lib/strbuf.h"

/* One YAML document per value, separated by "---". */
int emit_yaml(struct strbuf *out, json_t *const *docs, size_t n, struct err *e);
/* Pretty JSON (4 spaces, as kubectl prints), with a final newline. */
int emit_json(struct strbuf *out, const json_t *doc, struct err *e);

/* Would a YAML 1.1/1.2 reader take this plain scalar for something other
 * than a string (number, bool, null, date)? Then it must be quoted. */
int yaml_plain_is_ambiguous(const char *s);

#endif
