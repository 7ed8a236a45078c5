#include "options.h"
#include "strbuf.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define FIELD(g, o, type) ((type *)((char *)(g)->base + (o)->off))

int opt_parse_bool(const char *s)
{
	static const char *const t[] = { "1", "t", "T", "true", "TRUE", "True", NULL };
	static const char *const f[] = { "0", "f", "F", "false", "FALSE", "False", NULL };

	for (size_t i = 0; t[i]; i++) {
		if (!strcmp(s, t[i]))
			return 1;
		if (!strcmp(s, f[i]))
			return 0;
	}
	return -1;
}

const struct opt *opt_find(const struct optgroup *groups, size_t ngroups, const char *lname,
			   size_t *group, size_t *idx)
{
	for (size_t g = 0; g < ngroups; g++)
		for (size_t i = 0; groups[g].opts[i].lname; i++)
			if (!strcmp(groups[g].opts[i].lname, lname)) {
				if (group)
					*group = g;
				if (idx)
					*idx = i;
				return &groups[g].opts[i];
			}
	return NULL;
}

static const struct opt *find_long(const struct optgroup *groups, size_t ngroups, const char *name,
				   size_t len, size_t *g, size_t *i)
{
	for (size_t gi = 0; gi < ngroups; gi++)
		for (size_t oi = 0; groups[gi].opts[oi].lname; oi++) {
			const char *l = groups[gi].opts[oi].lname;
			if (strlen(l) == len && !strncmp(l, name, len)) {
				*g = gi;
				*i = oi;
				return &groups[gi].opts[oi];
			}
		}
	return NULL;
}

static const struct opt *find_short(const struct optgroup *groups, size_t ngroups, char c,
				    size_t *g, size_t *i)
{
	for (size_t gi = 0; gi < ngroups; gi++)
		for (size_t oi = 0; groups[gi].opts[oi].lname; oi++)
			if (groups[gi].opts[oi].sname == c) {
				*g = gi;
				*i = oi;
				return &groups[gi].opts[oi];
			}
	return NULL;
}

static void mark(struct optseen *seen, size_t g, size_t i)
{
	size_t bit = g * 64 + i;

	if (seen && bit < sizeof(seen->bits) * 8)
		seen->bits[bit / 64] |= (uint64_t)1 << (bit % 64);
}

int opt_was_seen(const struct optseen *seen, size_t g, size_t i)
{
	size_t bit = g * 64 + i;

	return bit < sizeof(seen->bits) * 8 && (seen->bits[bit / 64] >> (bit % 64)) & 1;
}

static int check_choice(const struct opt *o, const char *v, struct err *e)
{
	if (!o->choices)
		return 0;
	for (size_t i = 0; o->choices[i]; i++)
		if (!strcmp(o->choices[i], v))
			return 0;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; o->choices[i]; i++)
		sb_addf(&sb, "%s%s", i ? ", " : "", o->choices[i]);
	err_set(e, EXIT_USAGE, "invalid value \"%s\" for --%s: must be one of %s", v, o->lname,
		sb_str(&sb));
	sb_free(&sb);
	return -1;
}

static void list_add(struct strlist *l, const char *v)
{
	/* pflag's StringSlice: "a,b" is two values. */
	const char *p = v;
	for (;;) {
		const char *c = strchr(p, ',');
		char *one = c ? xstrndup(p, (size_t)(c - p)) : xstrdup(p);
		if (*one)
			strlist_push(l, one);
		free(one);
		if (!c)
			break;
		p = c + 1;
	}
}

static int set_value(const struct optgroup *g, const struct opt *o, const char *v, struct err *e)
{
	switch (o->type) {
	case OPT_BOOL: {
		int b = opt_parse_bool(v);
		if (b < 0)
			return err_set(e, EXIT_USAGE, "invalid argument \"%s\" for --%s: not a boolean",
				       v, o->lname);
		*FIELD(g, o, int) = b;
		return 0;
	}
	case OPT_STRING:
		if (check_choice(o, v, e) < 0)
			return -1;
		*FIELD(g, o, const char *) = v;
		return 0;
	case OPT_LIST:
		list_add(FIELD(g, o, struct strlist), v);
		return 0;
	case OPT_INT: {
		char *end;
		errno = 0;
		long n = strtol(v, &end, 10);
		if (!*v || *end || errno || n < INT_MIN || n > INT_MAX)
			return err_set(e, EXIT_USAGE, "invalid argument \"%s\" for --%s: not a number",
				       v, o->lname);
		*FIELD(g, o, long) = n;
		return 0;
	}
	}
	return 0;
}

/* After a greedy list flag's value, take following words that look like values. */
static int absorb(const struct optgroup *g, const struct opt *o, int argc, char **argv, int *ip)
{
	while (*ip + 1 < argc && argv[*ip + 1][0] != '-' && o->looks_like &&
	       o->looks_like(argv[*ip + 1])) {
		list_add(FIELD(g, o, struct strlist), argv[++*ip]);
	}
	return 0;
}

static int parse_long(const struct optgroup *groups, size_t ngroups, int argc, char **argv, int *ip,
		      struct optseen *seen, struct err *e)
{
	const char *arg = argv[*ip] + 2;
	const char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
	size_t gi, oi;
	const struct opt *o = find_long(groups, ngroups, arg, len, &gi, &oi);

	if (!o)
		return err_set(e, EXIT_USAGE, "unknown flag: --%.*s", (int)len, arg);
	mark(seen, gi, oi);
	if (o->type == OPT_BOOL && !eq)
		return set_value(&groups[gi], o, "true", e);
	if (eq)
		return set_value(&groups[gi], o, eq + 1, e);
	if (*ip + 1 >= argc)
		return err_set(e, EXIT_USAGE, "flag needs an argument: --%s", o->lname);
	if (set_value(&groups[gi], o, argv[++*ip], e) < 0)
		return -1;
	return (o->flags & OPTF_GREEDY) ? absorb(&groups[gi], o, argc, argv, ip) : 0;
}

static int parse_short(const struct optgroup *groups, size_t ngroups, int argc, char **argv, int *ip,
		       struct optseen *seen, struct err *e)
{
	const char *arg = argv[*ip];

	for (size_t k = 1; arg[k]; k++) {
		size_t gi, oi;
		const struct opt *o = find_short(groups, ngroups, arg[k], &gi, &oi);
		if (!o)
			return err_set(e, EXIT_USAGE, "unknown shorthand flag: '%c' in %s", arg[k], arg);
		mark(seen, gi, oi);
		const char *rest = arg + k + 1;
		if (o->type == OPT_BOOL) {
			if (*rest == '=')
				return set_value(&groups[gi], o, rest + 1, e);
			if (set_value(&groups[gi], o, "true", e) < 0)
				return -1;
			continue;
		}
		if (*rest)	/* -nv or -n=v */
			return set_value(&groups[gi], o, *rest == '=' ? rest + 1 : rest, e);
		if (*ip + 1 >= argc)
			return err_set(e, EXIT_USAGE, "flag needs an argument: '%c' in %s", arg[k], arg);
		if (set_value(&groups[gi], o, argv[++*ip], e) < 0)
			return -1;
		return (o->flags & OPTF_GREEDY) ? absorb(&groups[gi], o, argc, argv, ip) : 0;
	}
	return 0;
}

int opt_parse(const struct optgroup *groups, size_t ngroups, int argc, char **argv,
	      struct strlist *pos, struct optseen *seen, struct err *e)
{
	int help = 0;

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		int rc = 0;

		if (!strcmp(a, "--")) {
			for (i++; i < argc; i++)
				strlist_push(pos, argv[i]);
			break;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			help = 1;
			continue;
		}
		if (a[0] == '-' && a[1] == '-')
			rc = parse_long(groups, ngroups, argc, argv, &i, seen, e);
		else if (a[0] == '-' && a[1])
			rc = parse_short(groups, ngroups, argc, argv, &i, seen, e);
		else
			strlist_push(pos, a);
		if (rc < 0)
			return -1;
	}
	return help ? OPT_HELP : OPT_PARSED;
}

void opt_free(const struct optgroup *groups, size_t ngroups)
{
	for (size_t g = 0; g < ngroups; g++)
		for (size_t i = 0; groups[g].opts[i].lname; i++)
			if (groups[g].opts[i].type == OPT_LIST)
				strlist_free(FIELD(&groups[g], &groups[g].opts[i], struct strlist));
}
