#include "diag/selector.h"
#include "lib/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum sel_op { OP_EQ, OP_NE, OP_IN, OP_NOTIN, OP_EXISTS, OP_NOT_EXISTS, OP_GT, OP_LT };

struct requirement {
	char *key;
	enum sel_op op;
	struct strlist values;
	long long num;
};

struct label_selector {
	struct requirement *r;
	size_t n;
};

static int name_char(int c)
{
	return isalnum(c) || c == '-' || c == '_' || c == '.';
}

/* [prefix/]name: a DNS subdomain prefix, a name of at most 63 characters. */
static int key_ok(const char *k)
{
	const char *slash = strchr(k, '/'), *name = slash ? slash + 1 : k;
	size_t n = strlen(name);

	if (slash && (slash == k || slash - k > 253))
		return 0;
	for (const char *p = k; slash && p < slash; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-' || *p == '.'))
			return 0;
	if (!n || n > 63 || !isalnum((unsigned char)name[0]) || !isalnum((unsigned char)name[n - 1]))
		return 0;
	for (const char *p = name; *p; p++)
		if (!name_char((unsigned char)*p))
			return 0;
	return 1;
}

static int value_ok(const char *v)
{
	size_t n = strlen(v);

	if (!n)
		return 1;
	if (n > 63 || !isalnum((unsigned char)v[0]) || !isalnum((unsigned char)v[n - 1]))
		return 0;
	for (const char *p = v; *p; p++)
		if (!name_char((unsigned char)*p))
			return 0;
	return 1;
}

static const char *skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* A word: key or value characters (and '/' for keys). */
static char *word(const char **pp)
{
	const char *p = skip_space(*pp), *s = p;

	while (*p && (name_char((unsigned char)*p) || *p == '/'))
		p++;
	*pp = p;
	return xstrndup(s, (size_t)(p - s));
}

static int bad(struct err *e, const char *text, const char *why)
{
	return err_set(e, EXIT_USAGE, "invalid label selector \"%s\": %s", text, why);
}

static int parse_set(const char **pp, struct requirement *r, const char *text, struct err *e)
{
	const char *p = skip_space(*pp);

	if (*p++ != '(')
		return bad(e, text, "expected '(' after in/notin");
	for (;;) {
		char *v = word(&p);
		if (!value_ok(v)) {
			free(v);
			return bad(e, text, "a value is not a valid label value");
		}
		strlist_push(&r->values, v);
		free(v);
		p = skip_space(p);
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p++ != ')')
			return bad(e, text, "expected ')' to close the set");
		break;
	}
	*pp = p;
	return 0;
}

static int parse_one(const char **pp, struct requirement *r, const char *text, struct err *e)
{
	const char *p = skip_space(*pp);

	if (*p == '!') {
		p++;
		r->op = OP_NOT_EXISTS;
	} else {
		r->op = OP_EXISTS;
	}
	r->key = word(&p);
	if (!key_ok(r->key))
		return bad(e, text, "a key is not a valid label key");
	p = skip_space(p);
	if (r->op == OP_NOT_EXISTS || !*p || *p == ',') {
		*pp = p;
		return 0;
	}
	if (!strncmp(p, "notin", 5) && !name_char((unsigned char)p[5])) {
		r->op = OP_NOTIN;
		p += 5;
		if (parse_set(&p, r, text, e) < 0)
			return -1;
	} else if (!strncmp(p, "in", 2) && !name_char((unsigned char)p[2])) {
		r->op = OP_IN;
		p += 2;
		if (parse_set(&p, r, text, e) < 0)
			return -1;
	} else if (*p == '>' || *p == '<') {
		char *end;
		r->op = *p == '>' ? OP_GT : OP_LT;
		p = skip_space(p + 1);
		r->num = strtoll(p, &end, 10);
		if (end == p)
			return bad(e, text, "> and < want a whole number");
		p = end;
	} else if (*p == '=' || (*p == '!' && p[1] == '=')) {
		r->op = *p == '!' ? OP_NE : OP_EQ;
		p += (*p == '!' || p[1] == '=') ? 2 : 1;
		char *v = word(&p);
		if (!value_ok(v)) {
			free(v);
			return bad(e, text, "a value is not a valid label value");
		}
		strlist_push(&r->values, v);
		free(v);
	} else {
		return bad(e, text, "expected =, ==, !=, in, notin, > or < after a key");
	}
	*pp = skip_space(p);
	return 0;
}

int selector_parse(const char *text, struct label_selector **out, struct err *e)
{
	struct label_selector *s = xcalloc(1, sizeof(*s));
	const char *p = skip_space(text);

	*out = NULL;
	while (*p) {
		s->r = xrealloc(s->r, (s->n + 1) * sizeof(*s->r));
		memset(&s->r[s->n], 0, sizeof(*s->r));
		if (parse_one(&p, &s->r[s->n++], text, e) < 0) {
			selector_free(s);
			return -1;
		}
		if (*p == ',') {
			p = skip_space(p + 1);
			if (!*p) {
				selector_free(s);
				return bad(e, text, "nothing after the last comma");
			}
		} else if (*p) {
			selector_free(s);
			return bad(e, text, "requirements are separated by commas");
		}
	}
	*out = s;
	return 0;
}

static int req_matches(const struct requirement *r, const json_t *labels)
{
	const char *v = json_string_value(json_object_get(labels, r->key));
	char *end;
	long long n;

	switch (r->op) {
	case OP_EXISTS: return v != NULL;
	case OP_NOT_EXISTS: return v == NULL;
	case OP_EQ: return v && !strcmp(v, r->values.v[0]);
	case OP_NE: return !v || strcmp(v, r->values.v[0]);
	case OP_IN: return v && strlist_has(&r->values, v);
	case OP_NOTIN: return !v || !strlist_has(&r->values, v);
	case OP_GT:
	case OP_LT:
		if (!v)
			return 0;
		n = strtoll(v, &end, 10);
		if (end == v || *end)
			return 0;
		return r->op == OP_GT ? n > r->num : n < r->num;
	}
	return 0;
}

int selector_matches(const struct label_selector *s, const json_t *labels)
{
	for (size_t i = 0; s && i < s->n; i++)
		if (!req_matches(&s->r[i], labels))
			return 0;
	return 1;
}

void selector_free(struct label_selector *s)
{
	for (size_t i = 0; s && i < s->n; i++) {
		free(s->r[i].key);
		strlist_free(&s->r[i].values);
	}
	if (s)
		free(s->r);
	free(s);
}
