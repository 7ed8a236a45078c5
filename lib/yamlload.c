#include "lib/yamlload.h"
#include "lib/xalloc.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

struct loader {
	yaml_parser_t p;
	json_t *anchors;	/* anchor name -> value, for aliases */
	const char *what;
	int depth;
	size_t aliased;		/* values made by expanding aliases so far */
	size_t values;		/* values of the object being read (yaml_load_each) */
	size_t values_max;	/* 0: no cap */
};

/* Aliases are copied out; nested ones grow exponentially ("billion laughs"),
 * so the values they make are counted and capped. */
#define YAML_ALIAS_MAX 1000000
/* yaml_load_each: values in one object (a List's item, or a document);
 * a pod has hundreds, a large one thousands. */
#define YAML_OBJECT_VALUES_MAX 200000

/* Values in v, counting no further than limit + 1. */
static size_t count_values(json_t *v, size_t limit)
{
	size_t n = 1;
	const char *k;
	json_t *c;
	size_t i;

	if (json_is_array(v)) {
		json_array_foreach(v, i, c) {
			if (n > limit)
				break;
			n += count_values(c, limit - n);
		}
	} else if (json_is_object(v)) {
		json_object_foreach(v, k, c) {
			if (n > limit)
				break;
			n += count_values(c, limit - n);
		}
	}
	return n;
}

/* The YAML 1.2 core schema's number forms, matched by hand: a regcomp per
 * scalar made a kubeconfig of 20000 contexts take seconds. */
static const char *digits(const char *s, int (*is)(int))
{
	while (*s && is((unsigned char)*s))
		s++;
	return s;
}

static int is_oct(int c)
{
	return c >= '0' && c <= '7';
}

/* ^[-+]?[0-9]+$ */
static int is_int(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	const char *e = digits(s, isdigit);
	return e > s && !*e;
}

/* ^PREFIX[digits]+$ */
static int is_prefixed(const char *s, const char *prefix, int (*is)(int))
{
	size_t n = strlen(prefix);

	if (strncmp(s, prefix, n))
		return 0;
	const char *e = digits(s + n, is);
	return e > s + n && !*e;
}

/* ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ */
static int is_float(const char *s)
{
	const char *e;

	if (*s == '-' || *s == '+')
		s++;
	if (*s == '.') {
		e = digits(s + 1, isdigit);
		if (e == s + 1)
			return 0;
	} else {
		e = digits(s, isdigit);
		if (e == s)
			return 0;
		if (*e == '.')
			e = digits(e + 1, isdigit);
	}
	if (*e == 'e' || *e == 'E') {
		s = e + 1;
		if (*s == '-' || *s == '+')
			s++;
		e = digits(s, isdigit);
		if (e == s)
			return 0;
	}
	return !*e;
}

static json_t *plain_scalar(const char *s)
{
	if (!*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL"))
		return json_null();
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
		return json_true();
	if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
		return json_false();
	if (is_int(s)) {
		errno = 0;
		long long v = strtoll(s, NULL, 10);
		if (!errno)
			return json_integer(v);
	}
	if (is_prefixed(s, "0x", isxdigit))
		return json_integer(strtoll(s, NULL, 16));
	if (is_prefixed(s, "0o", is_oct))
		return json_integer(strtoll(s + 2, NULL, 8));
	if (is_float(s))
		return json_real(strtod(s, NULL));
	return json_string(s);
}

static int fail(struct loader *l, struct err *e, const char *why)
{
	if (l->p.problem)
		return err_set(e, EXIT_FAIL, "%s: invalid YAML at line %zu: %s", l->what,
			       l->p.problem_mark.line + 1, l->p.problem);
	return err_set(e, EXIT_FAIL, "%s: %s", l->what, why);
}

static int next(struct loader *l, yaml_event_t *ev, struct err *e)
{
	if (!yaml_parser_parse(&l->p, ev))
		return fail(l, e, "invalid YAML");
	return 0;
}

static json_t *node(struct loader *l, yaml_event_t *ev, struct err *e);

/* A mapping or a list as a key: no Kubernetes object has one (kubectl
 * refuses them), and its text as a key, nested, doubles at each level: a
 * line of braces would take hours. */
static int complex_key(struct loader *l, json_t *k, struct err *e)
{
	if (!json_is_object(k) && !json_is_array(k))
		return 0;
	return err_set(e, EXIT_FAIL, "%s: a mapping key that is itself a mapping or a list (line %zu): "
		       "not a Kubernetes object", l->what, l->p.mark.line + 1);
}

static void remember(struct loader *l, const yaml_char_t *anchor, json_t *v)
{
	if (anchor && v)
		json_object_set(l->anchors, (const char *)anchor, v);
}

static json_t *collection(struct loader *l, yaml_event_t *start, struct err *e)
{
	int mapping = start->type == YAML_MAPPING_START_EVENT;
	json_t *out = mapping ? json_object() : json_array();
	yaml_event_t ev;

	remember(l, mapping ? start->data.mapping_start.anchor : start->data.sequence_start.anchor, out);
	if (++l->depth > 256) {
		fail(l, e, "YAML nested too deeply");
		goto bad;
	}
	for (;;) {
		if (next(l, &ev, e) < 0)
			goto bad;
		if (ev.type == YAML_MAPPING_END_EVENT || ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		json_t *k = node(l, &ev, e);
		yaml_event_delete(&ev);
		if (!k)
			goto bad;
		if (!mapping) {
			json_array_append_new(out, k);
			continue;
		}
		if (complex_key(l, k, e) < 0) {
			json_decref(k);
			goto bad;
		}
		if (next(l, &ev, e) < 0) {
			json_decref(k);
			goto bad;
		}
		json_t *v = node(l, &ev, e);
		yaml_event_delete(&ev);
		if (!v) {
			json_decref(k);
			goto bad;
		}
		/* Keys are strings in Kubernetes' objects; "<<" merges are not used there. */
		char *key = json_is_string(k) ? xstrdup(json_string_value(k)) : json_dumps(k, JSON_ENCODE_ANY);
		json_object_set_new(out, key ? key : "", v);
		free(key);
		json_decref(k);
	}
	l->depth--;
	return out;
bad:
	json_decref(out);
	return NULL;
}

static json_t *node(struct loader *l, yaml_event_t *ev, struct err *e)
{
	json_t *v;

	if (l->values_max && ++l->values > l->values_max) {
		err_set(e, EXIT_FAIL, "%s: an object of more than %zu values: no Kubernetes object is that large",
			l->what, l->values_max);
		return NULL;
	}

	switch (ev->type) {
	case YAML_SCALAR_EVENT: {
		const char *s = (const char *)ev->data.scalar.value;
		if (ev->data.scalar.length != strlen(s)) {
			fail(l, e, "a NUL character in a YAML value");
			return NULL;
		}
		v = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !ev->data.scalar.tag
			? plain_scalar(s) : json_stringn(s, ev->data.scalar.length);
		if (!v)
			v = json_string("");	/* invalid UTF-8 from json_stringn */
		remember(l, ev->data.scalar.anchor, v);
		return v;
	}
	case YAML_ALIAS_EVENT:
		v = json_object_get(l->anchors, (const char *)ev->data.alias.anchor);
		if (!v) {
			fail(l, e, "YAML alias to an unknown anchor");
			return NULL;
		}
		l->aliased += count_values(v, YAML_ALIAS_MAX - l->aliased);
		if (l->aliased > YAML_ALIAS_MAX) {
			err_set(e, EXIT_FAIL, "%s: YAML aliases expand to more than %d values", l->what,
				YAML_ALIAS_MAX);
			return NULL;
		}
		return json_deep_copy(v);
	case YAML_MAPPING_START_EVENT:
	case YAML_SEQUENCE_START_EVENT:
		return collection(l, ev, e);
	default:
		fail(l, e, "unexpected YAML structure");
		return NULL;
	}
}

int yaml_load_all(const char *buf, size_t len, const char *what, json_t **docs, struct err *e)
{
	struct loader l = { .what = what };
	yaml_event_t ev;
	int rc = 0, done = 0;

	*docs = json_array();
	if (!yaml_parser_initialize(&l.p))
		return err_set(e, EXIT_FAIL, "cannot start the YAML parser");
	yaml_parser_set_input_string(&l.p, (const unsigned char *)buf, len);
	l.anchors = json_object();
	while (!done && rc == 0) {
		if (next(&l, &ev, e) < 0) {
			rc = -1;
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
		case YAML_SCALAR_EVENT:
		case YAML_ALIAS_EVENT: {
			json_t *v = node(&l, &ev, e);
			if (!v)
				rc = -1;
			else if (!json_is_null(v))
				json_array_append_new(*docs, v);
			else
				json_decref(v);
			json_object_clear(l.anchors);	/* anchors are per document */
			break;
		}
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&l.p);
	json_decref(l.anchors);
	if (rc < 0) {
		json_decref(*docs);
		*docs = NULL;
	}
	return rc;
}

/* A document's top mapping read key by key, so that the items of a List
 * reach cb one at a time as they are read: a List of thousands of pods is
 * never whole in memory. Items without a kind of their own (a PodList's)
 * wait for the List's kind, which kubectl writes after them. */
struct each {
	int (*cb)(json_t *doc, const char *list_kind, void *arg);
	void *arg;
};

static int is_list(const char *kind)
{
	size_t n = kind ? strlen(kind) : 0;

	return n >= 4 && !strcmp(kind + n - 4, "List");
}

static int each_items(struct loader *l, struct each *x, json_t *pending, const char *kind, struct err *e)
{
	yaml_event_t ev;

	for (;;) {
		if (next(l, &ev, e) < 0)
			return -1;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return 0;
		}
		json_t *item = node(l, &ev, e);
		yaml_event_delete(&ev);
		if (!item)
			return -1;
		int stop = 0;
		if (json_is_string(json_object_get(item, "kind")) || is_list(kind))
			stop = x->cb(item, kind, x->arg);
		else
			json_array_append(pending, item);
		json_decref(item);
		l->values = 0;	/* the cap is per object */
		if (stop)
			return -1;
	}
}

static int each_document(struct loader *l, struct each *x, yaml_event_t *start, struct err *e)
{
	json_t *doc = json_object(), *pending = json_array();
	yaml_event_t ev;
	int rc = 0, had_items = 0;

	remember(l, start->data.mapping_start.anchor, doc);
	for (;;) {
		if ((rc = next(l, &ev, e)) < 0)
			break;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		json_t *k = node(l, &ev, e);
		yaml_event_delete(&ev);
		if (!k || complex_key(l, k, e) < 0 || (rc = next(l, &ev, e)) < 0) {
			json_decref(k);
			rc = -1;
			break;
		}
		if (json_is_string(k) && !strcmp(json_string_value(k), "items") && ev.type == YAML_SEQUENCE_START_EVENT &&
		    !ev.data.sequence_start.anchor) {
			yaml_event_delete(&ev);
			json_decref(k);
			had_items = 1;
			if ((rc = each_items(l, x, pending, json_string_value(json_object_get(doc, "kind")), e)) < 0)
				break;
			continue;
		}
		json_t *v = node(l, &ev, e);
		yaml_event_delete(&ev);
		if (!v) {
			json_decref(k);
			rc = -1;
			break;
		}
		char *key = json_is_string(k) ? xstrdup(json_string_value(k)) : json_dumps(k, JSON_ENCODE_ANY);
		json_object_set_new(doc, key ? key : "", v);
		free(key);
		json_decref(k);
	}
	if (rc == 0) {
		const char *kind = json_string_value(json_object_get(doc, "kind"));
		size_t i;
		json_t *item;
		if (is_list(kind))
			json_array_foreach(pending, i, item)
				if (rc == 0 && x->cb(item, kind, x->arg))
					rc = -1;
		if (rc == 0 && (!had_items || !is_list(kind)) && x->cb(doc, NULL, x->arg))
			rc = -1;
	}
	json_decref(pending);
	json_decref(doc);
	return rc;
}

int yaml_load_each(const char *buf, size_t len, const char *what,
		   int (*cb)(json_t *doc, const char *list_kind, void *arg), void *arg, struct err *e)
{
	struct loader l = { .what = what, .values_max = YAML_OBJECT_VALUES_MAX };
	struct each x = { cb, arg };
	yaml_event_t ev;
	int rc = 0, done = 0, top = 0;

	if (!yaml_parser_initialize(&l.p))
		return err_set(e, EXIT_FAIL, "cannot start the YAML parser");
	yaml_parser_set_input_string(&l.p, (const unsigned char *)buf, len);
	l.anchors = json_object();
	while (!done && rc == 0) {
		if (next(&l, &ev, e) < 0) {
			rc = -1;
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			top = 1;
			break;
		case YAML_MAPPING_START_EVENT:
			if (top) {	/* a document's root: read key by key */
				top = 0;
				rc = each_document(&l, &x, &ev, e);
				json_object_clear(l.anchors);	/* anchors are per document */
				l.values = 0;
				break;
			}
			/* fall through */
		case YAML_SEQUENCE_START_EVENT:
		case YAML_SCALAR_EVENT:
		case YAML_ALIAS_EVENT: {
			top = 0;
			json_t *v = node(&l, &ev, e);
			if (!v)
				rc = -1;
			else if (!json_is_null(v) && cb(v, NULL, arg))
				rc = -1;
			json_decref(v);
			json_object_clear(l.anchors);
			l.values = 0;
			break;
		}
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&l.p);
	json_decref(l.anchors);
	return rc;	/* a callback that stopped it sets no error: its caller says why */
}

int yaml_load_one(const char *buf, size_t len, const char *what, json_t **doc, struct err *e)
{
	json_t *all;

	if (yaml_load_all(buf, len, what, &all, e) < 0)
		return -1;
	*doc = json_array_size(all) ? json_incref(json_array_get(all, 0)) : json_object();
	json_decref(all);
	return 0;
}
