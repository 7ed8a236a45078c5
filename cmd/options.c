#include "cmd/options.h"
#include "lib/strbuf.h"
#include "lib/suggest.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
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

int opt_for_mode(const struct opt *o, int mode)
{
	return !o->modes || (mode >= 0 && mode < 32 && (o->modes >> mode) & 1);
}

int opt_required_in(const struct opt *o, int mode)
{
	return mode >= 0 && mode < 32 && (o->required >> mode) & 1;
}

int opt_has_value(const struct optgroup *g, const struct opt *o)
{
	switch (o->type) {
	case OPT_BOOL:
		return *FIELD(g, o, int) != 0;
	case OPT_STRING:
		return *FIELD(g, o, const char *) != NULL;
	case OPT_LIST:
		return FIELD(g, o, struct strlist)->n > 0;
	case OPT_INT:
		return *FIELD(g, o, long) != 0;
	}
	return 0;
}

/* ---- the grammar ---- */

struct where {
	const struct opt *o;
	size_t g, i;
};

static int find_long(const struct optgroup *groups, size_t ngroups, const char *name, size_t len,
		     struct where *w)
{
	for (size_t gi = 0; gi < ngroups; gi++)
		for (size_t oi = 0; groups[gi].opts[oi].lname; oi++) {
			const char *l = groups[gi].opts[oi].lname;
			if (strlen(l) == len && !strncmp(l, name, len)) {
				*w = (struct where){ &groups[gi].opts[oi], gi, oi };
				return 1;
			}
		}
	return 0;
}

/* old: the short names given up (o->old_sname) instead of the current ones. */
static int find_short(const struct optgroup *groups, size_t ngroups, char c, int old, struct where *w)
{
	for (size_t gi = 0; gi < ngroups; gi++)
		for (size_t oi = 0; groups[gi].opts[oi].lname; oi++) {
			const struct opt *o = &groups[gi].opts[oi];
			if (old ? o->old_sname == c : o->sname == c) {
				*w = (struct where){ o, gi, oi };
				return 1;
			}
		}
	return 0;
}

struct scanner {
	const struct optgroup *groups;
	size_t ngroups;
	int argc;
	char **argv;
	int i;
	opt_visit_fn visit;
	void *ctx;
};

/* arg: the word that named the flag (the value may be the next word). */
static int emit_flag(struct scanner *s, const struct where *w, int arg_at, const char *value, char sh,
		     int absorbed)
{
	struct opt_word ow = { .ev = OPT_EV_FLAG, .o = w->o, .group = w->g, .idx = w->i, .value = value,
			       .arg = s->argv[arg_at], .arg_at = arg_at, .at = s->i, .shorthand = sh,
			       .deprecated = sh && sh == w->o->old_sname && sh != w->o->sname,
			       .absorbed = absorbed };
	return s->visit(s->ctx, &ow);
}

/* The value is the next word; a greedy list then takes the words after it
 * that look like its values. */
static int take_next(struct scanner *s, const struct where *w, char sh)
{
	int arg_at = s->i;
	int rc;

	if (s->i + 1 >= s->argc) {
		struct opt_word ow = { .ev = OPT_EV_NOVALUE, .o = w->o, .group = w->g, .idx = w->i,
				       .arg = s->argv[s->i], .arg_at = s->i, .at = s->i, .shorthand = sh };
		return s->visit(s->ctx, &ow);
	}
	s->i++;
	if ((rc = emit_flag(s, w, arg_at, s->argv[s->i], sh, 0)) < 0)
		return rc;
	while ((w->o->flags & OPTF_GREEDY) && w->o->looks_like && s->i + 1 < s->argc &&
	       s->argv[s->i + 1][0] != '-' && w->o->looks_like(s->argv[s->i + 1])) {
		s->i++;
		if ((rc = emit_flag(s, w, arg_at, s->argv[s->i], sh, 1)) < 0)
			return rc;
	}
	return 0;
}

static int scan_long(struct scanner *s)
{
	const char *arg = s->argv[s->i] + 2;
	const char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
	struct where w;

	if (!find_long(s->groups, s->ngroups, arg, len, &w)) {
		struct opt_word ow = { .ev = OPT_EV_UNKNOWN, .arg = s->argv[s->i], .arg_at = s->i, .at = s->i,
				       .name = arg, .namelen = len };
		return s->visit(s->ctx, &ow);
	}
	if (eq)
		return emit_flag(s, &w, s->i, eq + 1, 0, 0);
	if (w.o->type == OPT_BOOL)
		return emit_flag(s, &w, s->i, "true", 0, 0);
	return take_next(s, &w, 0);
}

/* May the next word be the value of a flag that takes one? Not when there is
 * none, or when it is a flag itself: then a boolean that gave up this short
 * name (archive's -f, once --force) is what was meant. */
static int old_bool_meant(struct scanner *s, char c, struct where *old)
{
	const char *next = s->i + 1 < s->argc ? s->argv[s->i + 1] : NULL;

	if (next && !(next[0] == '-' && next[1]))
		return 0;
	return find_short(s->groups, s->ngroups, c, 1, old) && old->o->type == OPT_BOOL;
}

static int scan_short(struct scanner *s)
{
	const char *arg = s->argv[s->i];
	int rc;

	for (size_t k = 1; arg[k]; k++) {
		struct where w;
		const char *rest = arg + k + 1;

		if (!find_short(s->groups, s->ngroups, arg[k], 0, &w) &&
		    !find_short(s->groups, s->ngroups, arg[k], 1, &w)) {
			struct opt_word ow = { .ev = OPT_EV_UNKNOWN, .arg = arg, .arg_at = s->i, .at = s->i,
					       .shorthand = arg[k] };
			return s->visit(s->ctx, &ow);
		}
		if (w.o->type != OPT_BOOL && !*rest && w.o->sname == arg[k]) {
			struct where old;
			if (old_bool_meant(s, arg[k], &old))
				w = old;
		}
		if (w.o->type == OPT_BOOL) {
			if (*rest == '=')
				return emit_flag(s, &w, s->i, rest + 1, arg[k], 0);
			if ((rc = emit_flag(s, &w, s->i, "true", arg[k], 0)) < 0)
				return rc;
			continue;
		}
		if (*rest)	/* -nv or -n=v */
			return emit_flag(s, &w, s->i, *rest == '=' ? rest + 1 : rest, arg[k], 0);
		return take_next(s, &w, arg[k]);
	}
	return 0;
}

int opt_scan(const struct optgroup *groups, size_t ngroups, int argc, char **argv, unsigned flags,
	     opt_visit_fn visit, void *ctx)
{
	struct scanner s = { groups, ngroups, argc, argv, 0, visit, ctx };
	int rc;

	for (; s.i < argc; s.i++) {
		const char *a = argv[s.i];

		if (!strcmp(a, "--")) {
			struct opt_word ow = { .ev = OPT_EV_DASHDASH, .arg = a, .arg_at = s.i, .at = s.i };
			if ((rc = visit(ctx, &ow)) < 0)
				return rc;
			for (s.i++; s.i < argc; s.i++) {
				struct opt_word pw = { .ev = OPT_EV_POSITIONAL, .arg = argv[s.i], .value = argv[s.i],
						       .arg_at = s.i, .at = s.i };
				if ((rc = visit(ctx, &pw)) < 0)
					return rc;
			}
			return argc;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			struct opt_word ow = { .ev = OPT_EV_HELP, .arg = a, .arg_at = s.i, .at = s.i };
			rc = visit(ctx, &ow);
		} else if (a[0] == '-' && a[1] == '-') {
			rc = scan_long(&s);
		} else if (a[0] == '-' && a[1]) {
			rc = scan_short(&s);
		} else {
			struct opt_word ow = { .ev = OPT_EV_POSITIONAL, .arg = a, .value = a, .arg_at = s.i, .at = s.i };
			if (flags & OPT_SCAN_STOP_AT_POSITIONAL)
				return s.i;
			rc = visit(ctx, &ow);
		}
		if (rc < 0)
			return rc;
	}
	return argc;
}

/* ---- the parser ---- */

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

static int parse_int(const struct opt *o, const char *v, long *out, struct err *e)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (!*v || *end || errno || n < INT_MIN || n > INT_MAX)
		return err_set(e, EXIT_USAGE, "invalid argument \"%s\" for --%s: not a number", v, o->lname);
	*out = n;
	return 0;
}

/* pflag's StringSlice: "a,b" is two values; empty items are dropped. */
static void list_split(const char *v, struct strlist *out)
{
	for (const char *p = v;;) {
		const char *c = strchr(p, ',');
		char *one = c ? xstrndup(p, (size_t)(c - p)) : xstrdup(p);
		if (*one)
			strlist_push(out, one);
		free(one);
		if (!c)
			break;
		p = c + 1;
	}
}

int opt_check_value(const struct opt *o, const char *v, struct err *e)
{
	long n;

	switch (o->type) {
	case OPT_BOOL:
		if (opt_parse_bool(v) < 0)
			return err_set(e, EXIT_USAGE, "invalid argument \"%s\" for --%s: not a boolean", v, o->lname);
		return 0;
	case OPT_INT:
		if (parse_int(o, v, &n, e) < 0)
			return -1;
		break;
	case OPT_STRING:
		if (check_choice(o, v, e) < 0)
			return -1;
		break;
	case OPT_LIST: {
		struct strlist items = { 0 };
		int rc = 0;
		list_split(v, &items);
		for (size_t i = 0; i < items.n && !rc; i++)
			rc = (check_choice(o, items.v[i], e) < 0 || (o->check && o->check(o->lname, items.v[i], e) < 0)) ? -1 : 0;
		strlist_free(&items);
		return rc;
	}
	}
	return o->check ? o->check(o->lname, v, e) : 0;
}

static int set_value(const struct optgroup *g, const struct opt *o, const char *v, struct err *e)
{
	if (opt_check_value(o, v, e) < 0)
		return -1;
	switch (o->type) {
	case OPT_BOOL:
		*FIELD(g, o, int) = opt_parse_bool(v);
		break;
	case OPT_STRING:
		*FIELD(g, o, const char *) = v;
		break;
	case OPT_LIST:
		list_split(v, FIELD(g, o, struct strlist));
		break;
	case OPT_INT:
		parse_int(o, v, FIELD(g, o, long), e);
		break;
	}
	return 0;
}

struct parse_ctx {
	const struct optgroup *groups;
	size_t ngroups;
	struct strlist *pos;
	struct optseen *seen;
	struct err *e;
	int help;
};

static void unknown_long(const struct parse_ctx *p, const struct opt_word *w)
{
	struct strlist near = { 0 };
	char *typed = xstrndup(w->name, w->namelen);

	err_set(p->e, EXIT_USAGE, "unknown flag: --%s", typed);
	for (size_t g = 0; g < p->ngroups; g++)
		for (const struct opt *o = p->groups[g].opts; o->lname; o++)
			if (!(o->flags & OPTF_HIDDEN))
				suggest_consider(&near, typed, o->lname);
	suggest_consider(&near, typed, "help");
	suggest_hint(p->e, &near, "--");
	strlist_free(&near);
	free(typed);
}

static int parse_word(void *ctx, const struct opt_word *w)
{
	struct parse_ctx *p = ctx;

	switch (w->ev) {
	case OPT_EV_FLAG:
		mark(p->seen, w->group, w->idx);
		if (w->deprecated && !w->absorbed)
			fprintf(stderr, "Flag shorthand -%c has been deprecated, %s\n", w->shorthand,
				w->o->old_why ? w->o->old_why : "use the long name");
		return set_value(&p->groups[w->group], w->o, w->value, p->e);
	case OPT_EV_POSITIONAL:
		strlist_push(p->pos, w->value);
		return 0;
	case OPT_EV_DASHDASH:
		return 0;
	case OPT_EV_HELP:
		p->help = 1;
		return 0;
	case OPT_EV_UNKNOWN:
		if (!w->shorthand) {
			unknown_long(p, w);
			return -1;
		}
		return err_set(p->e, EXIT_USAGE, "unknown shorthand flag: '%c' in %s", w->shorthand, w->arg);
	case OPT_EV_NOVALUE:
		if (w->shorthand)
			return err_set(p->e, EXIT_USAGE, "flag needs an argument: '%c' in %s", w->shorthand, w->arg);
		return err_set(p->e, EXIT_USAGE, "flag needs an argument: --%s", w->o->lname);
	}
	return 0;
}

int opt_parse(const struct optgroup *groups, size_t ngroups, int argc, char **argv,
	      struct strlist *pos, struct optseen *seen, struct err *e)
{
	struct parse_ctx p = { groups, ngroups, pos, seen, e, 0 };

	if (opt_scan(groups, ngroups, argc, argv, 0, parse_word, &p) < 0)
		return -1;
	return p.help ? OPT_HELP : OPT_PARSED;
}

void opt_free(const struct optgroup *groups, size_t ngroups)
{
	for (size_t g = 0; g < ngroups; g++)
		for (size_t i = 0; groups[g].opts[i].lname; i++)
			if (groups[g].opts[i].type == OPT_LIST)
				strlist_free(FIELD(&groups[g], &groups[g].opts[i], struct strlist));
}
