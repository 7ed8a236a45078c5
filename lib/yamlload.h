/* YAML in (kubeconfig, saved `oc get -o yaml`): libyaml's parser to jansson
 * trees, so YAML and JSON input are one data model. */
#ifndef OC_YAMLLOAD_H
#define OC_YAMLLOAD_H
#include <jansson.h>
#include <stddef.h>
#include "lib/err.h"

/* Parses every document of a YAML stream (JSON is YAML too) into an array.
 * Plain scalars resolve as YAML 1.2's core schema (ints, floats, true/false,
 * null); quoted ones stay strings. `what` names the input in errors. */
int yaml_load_all(const char *buf, size_t len, const char *what, json_t **docs, struct err *e);
/* The same, one document at a time, and a List's items one at a time as
 * they are read (with the List's kind for those that have none): cb gets
 * each (borrowed), and nothing is kept; cb returning non-zero stops the
 * reading (-1, e left for the caller to set). One object may hold at most
 * 200000 values. */
int yaml_load_each(const char *buf, size_t len, const char *what,
		   int (*cb)(json_t *doc, const char *list_kind, void *arg), void *arg, struct err *e);
/* The first document, or an empty object for an empty stream. */
int yaml_load_one(const char *buf, size_t len, const char *what, json_t **doc, struct err *e);

#endif
