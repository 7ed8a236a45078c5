/* The completion engine behind `__complete`: it reads the words typed so far
 * the way opt_parse would, then offers what may come next. */
#include "cmd/complete.h"
#include "cmd/command.h"
#include "lib/fsutil.h"
#include "gen/caps.h"
#include "gen/inroot.h"
#include "cmd/kubeflags.h"
#include "diag/kube/kubeconfig.h"
#include "gen/machine.h"
#include "lib/strbuf.h"
#include "lib/term.h"
#include "lib/xalloc.h"
#include "lib/yamlload.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A candidate is one line of the protocol: one with a control character
 * (a newline would forge more lines, even a ":directive") is dropped, and so
 * is one that would read as the directive line. */
static int word_fits(const char *w)
{
	if (!*w || *w == ':')
		return 0;
	for (const unsigned char *p = (const unsigned char *)w; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

/* Descriptions come from machines (etc/redhat-release) and kubeconfigs:
 * escape sequences and control characters never reach the shell, nor the
 * terminal zsh and fish show them on. */
static char *clean_desc(const char *d)
{
	struct strbuf sb = STRBUF_INIT;
	char *t;

	sb_add_sanitized(&sb, d, strlen(d));
	t = sb_detach(&sb);
	for (char *p = t; *p; p++)	/* the sanitizer may keep tabs: the protocol's separator */
		if (*p == '\t' || *p == '\n' || *p == '\r')
			*p = ' ';
	return t;
}

void compl_add(struct compl *c, const char *word, const char *desc)
{
	if (!word_fits(word))
		return;
	if (c->n == c->alloc) {
		c->alloc = c->alloc ? c->alloc * 2 : 16;
		c->v = xrealloc(c->v, c->alloc * sizeof(*c->v));
	}
	c->v[c->n].word = xstrdup(word);
	c->v[c->n].desc = desc && *desc ? clean_desc(desc) : NULL;
	c->n++;
}

void compl_free(struct compl *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].word);
		free(c->v[i].desc);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}

/* Exactly one directive line, the last: compl_add kept every candidate
 * and description to one line of its own. */
void compl_print(const struct compl *c, int desc, FILE *out)
{
	for (size_t i = 0; i < c->n; i++) {
		fputs(c->v[i].word, out);
		if (desc && c->v[i].desc) {
			fputc('\t', out);
			fputs(c->v[i].desc, out);
		}
		fputc('\n', out);
	}
	fprintf(out, ":%u\n", c->directive);
}

static int has_prefix(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* The first sentence of a help text, enough for a menu, with PROG named. */
static char *short_help(const char *help)
{
	char *full = prog_expand(help);
	const char *end = strstr(full, ". ");
	size_t n = end ? (size_t)(end - full) : strlen(full);
	char *s;

	if (n && full[n - 1] == '.')
		n--;
	s = xstrndup(full, n);
	free(full);
	return s;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Macrocontainers: the directories under root, described by the release
 * file each carries (resolved inside the machine, never on the host). */
static void complete_machines(const char *root, const char *prefix, struct compl *out)
{
	struct strlist names = { 0 };
	struct dirent *d;
	DIR *dir = opendir(root ? root : MACHINE_DEFAULT_ROOT);

	if (!dir)
		return;
	while ((d = readdir(dir))) {
		struct stat st;
		if (d->d_name[0] == '.' || !has_prefix(d->d_name, prefix))
			continue;
		if (fstatat(dirfd(dir), d->d_name, &st, 0) == 0 && S_ISDIR(st.st_mode))
			strlist_push(&names, d->d_name);
	}
	closedir(dir);
	if (names.n)	/* qsort(NULL, 0, ...) is undefined */
		qsort(names.v, names.n, sizeof(*names.v), cmp_str);
	for (size_t i = 0; i < names.n; i++) {
		char *mroot = path_join(root ? root : MACHINE_DEFAULT_ROOT, names.v[i]);
		size_t len;
		/* opened inside the machine, as generate reads it: a link there
		 * never reaches the host's files */
		char *text = inroot_read(mroot, "etc/redhat-release", 4096, &len);

		if (text)
			text[strcspn(text, "\n")] = '\0';
		compl_add(out, names.v[i], text);
		free(text);
		free(mroot);
	}
	strlist_free(&names);
}

static void complete_kubeconfig(const struct compl_ctx *ctx, const char *key, const char *prefix,
				struct compl *out)
{
	struct strlist files = { 0 }, seen = { 0 };

	kube_conf_files(ctx ? ctx->kube : NULL, &files);	/* the client's own search */
	for (size_t f = 0; f < files.n; f++) {
		char *buf = NULL;
		size_t len, i;
		json_t *doc = NULL, *item;
		struct err e = { 0 };

		if (read_file(files.v[f], 4 << 20, &buf, &len, &e) < 0 ||
		    yaml_load_one(buf, len, files.v[f], &doc, &e) < 0) {
			free(buf);
			continue;
		}
		json_array_foreach(json_object_get(doc, key), i, item) {
			const char *name = json_string_value(json_object_get(item, "name"));
			json_t *body = json_object_get(item, "context");
			const char *ns = json_string_value(json_object_get(body, "namespace"));
			char *desc = NULL;

			if (!name || !has_prefix(name, prefix) || strlist_has(&seen, name))
				continue;
			strlist_push(&seen, name);
			const char *cluster = json_string_value(json_object_get(body, "cluster"));
			if (cluster)
				desc = xasprintf("cluster %s%s%s", cluster, ns ? ", namespace " : "", ns ? ns : "");
			compl_add(out, name, desc);
			free(desc);
		}
		json_decref(doc);
		free(buf);
	}
	strlist_free(&seen);
	strlist_free(&files);
}

/* Names the cluster gives, within the time limit; nothing when it cannot. */
static void complete_live(const struct compl_ctx *ctx, const char *resource, const char *word_prefix,
			  const char *prefix, struct compl *out)
{
	struct kube_opts none;
	struct strlist names = { 0 };

	if (!ctx || !ctx->kube) {
		kube_opts_init(&none);
	}
	if (kube_list_names(ctx && ctx->kube ? ctx->kube : &none, resource, COMPLETE_LIVE_TIMEOUT_MS,
			    &names) == 0) {
		for (size_t i = 0; i < names.n; i++) {
			char *w = xasprintf("%s%s", word_prefix, names.v[i]);
			if (has_prefix(w, prefix))
				compl_add(out, w, NULL);
			free(w);
		}
	}
	strlist_free(&names);
}

/* diagnose's targets: POD or deployment/NAME, as kubectl logs takes them. */
static void complete_target(const struct compl_ctx *ctx, const char *prefix, struct compl *out)
{
	if (strchr(prefix, '/')) {
		complete_live(ctx, "deployments", "deployment/", prefix, out);
		return;
	}
	complete_live(ctx, "pods", "", prefix, out);
	if (has_prefix("deployment/", prefix)) {
		compl_add(out, "deployment/", "the newest pod of a Deployment");
		if (out->n == 1)
			out->directive |= COMPDIR_NOSPACE;
	}
}

/* +CAP (the sign typed, else +) for every Linux capability. */
static void complete_capabilities(const char *prefix, struct compl *out)
{
	char sign = prefix[0] == '-' ? '-' : '+';

	for (const char *const *c = cap_all(); *c; c++) {
		char *w = xasprintf("%c%s", sign, *c);
		if (has_prefix(w, prefix) || has_prefix(*c, prefix))
			compl_add(out, w, NULL);
		free(w);
	}
}

void complete_value(enum opt_complete kind, const char *const *choices, const struct compl_ctx *ctx,
		    const char *prefix, struct compl *out)
{
	out->directive = COMPDIR_NOFILE;
	switch (kind) {
	case COMPL_NONE:
		break;
	case COMPL_FILE:
		out->directive = COMPDIR_DEFAULT;
		break;
	case COMPL_DIR:
		out->directive = COMPDIR_FILTERDIRS;
		break;
	case COMPL_CHOICES:
		for (size_t i = 0; choices && choices[i]; i++)
			if (has_prefix(choices[i], prefix))
				compl_add(out, choices[i], NULL);
		break;
	case COMPL_MACHINE:
		complete_machines(ctx ? ctx->root : NULL, prefix, out);
		break;
	case COMPL_NAMESPACE:
		complete_live(ctx, "namespaces", "", prefix, out);
		break;
	case COMPL_POD:
		complete_target(ctx, prefix, out);
		break;
	case COMPL_CONTEXT:
		complete_kubeconfig(ctx, "contexts", prefix, out);
		break;
	case COMPL_CLUSTER:
		complete_kubeconfig(ctx, "clusters", prefix, out);
		break;
	case COMPL_USER:
		complete_kubeconfig(ctx, "users", prefix, out);
		break;
	case COMPL_CAPABILITY:
		complete_capabilities(prefix, out);
		break;
	}
}

/* ---- reading the words already typed, with the parser's own grammar ---- */

struct typed {
	const struct opt *o;
	const struct optgroup *g;
	const char *v;
};

struct scan {
	const struct command *cmd;
	const struct optgroup *groups;
	size_t ngroups;
	size_t npos;
	int dashdash;
	const struct opt *pending;	/* the word being completed is this flag's value */
	struct typed *vals;
	size_t nvals;
	int stop_unknown;		/* before the command: -i is the interactive command */
	int stopped;
	int tc_at;			/* the index of the word being completed, read with the others; -1 */
};

static int scan_word(void *ctx, const struct opt_word *w)
{
	struct scan *s = ctx;

	/* The word being completed is read too, so that the grammar decides
	 * whether it is a flag's value (the archive -f that was --force is
	 * one when a word follows); what it says as itself is not counted. */
	if (s->tc_at >= 0 && w->arg_at == s->tc_at)
		return 0;
	if (s->tc_at >= 0 && w->ev == OPT_EV_FLAG && w->at == s->tc_at) {
		s->pending = w->o;
		return 0;
	}
	switch (w->ev) {
	case OPT_EV_FLAG:
		s->vals = xrealloc(s->vals, (s->nvals + 1) * sizeof(*s->vals));
		s->vals[s->nvals++] = (struct typed){ w->o, &s->groups[w->group], w->value };
		break;
	case OPT_EV_POSITIONAL:
		s->npos++;
		break;
	case OPT_EV_DASHDASH:
		s->dashdash = 1;
		break;
	case OPT_EV_NOVALUE:
		s->pending = w->o;
		break;
	case OPT_EV_HELP:
	case OPT_EV_UNKNOWN:	/* a mistyped flag: read on, as far as possible */
		if (s->stop_unknown) {
			s->stopped = w->arg_at;
			return -2;
		}
		break;
	}
	return 0;
}

static int typed_already(const struct scan *s, const struct opt *o)
{
	for (size_t i = 0; i < s->nvals; i++)
		if (s->vals[i].o == o)
			return 1;
	return 0;
}

/* The connection flags typed so far, for the live look-ups. */
static void scan_kube(const struct scan *s, struct kube_opts *k)
{
	kube_opts_init(k);
	for (size_t i = 0; i < s->nvals; i++) {
		const struct opt *o = s->vals[i].o;
		char *field = (char *)k + o->off;

		if (s->vals[i].g->opts != kube_opts_table)
			continue;
		switch (o->type) {
		case OPT_STRING:
			*(const char **)(void *)field = s->vals[i].v;
			break;
		case OPT_BOOL:
			*(int *)(void *)field = opt_parse_bool(s->vals[i].v) > 0;
			break;
		case OPT_INT:
			*(long *)(void *)field = strtol(s->vals[i].v, NULL, 10);
			break;
		case OPT_LIST:
			strlist_push((struct strlist *)(void *)field, s->vals[i].v);
			break;
		}
	}
}

static const char *typed_root(const struct scan *s)
{
	const char *root = NULL;

	for (size_t i = 0; i < s->nvals; i++)
		if (!strcmp(s->vals[i].o->lname, "root"))
			root = s->vals[i].v;
	return root;
}

/* --NAME when it starts with what is typed; -X only for a bare "-". */
static void add_flag(const struct opt *o, const char *tc, struct compl *out)
{
	char word[64];
	char *desc = short_help(o->help);

	snprintf(word, sizeof(word), "--%s", o->lname);
	if (has_prefix(word, tc))
		compl_add(out, word, desc);
	snprintf(word, sizeof(word), "-%c", o->sname);
	if (o->sname && !strcmp(tc, "-"))
		compl_add(out, word, desc);
	free(desc);
}

static void complete_flags(const struct scan *s, const char *tc, struct compl *out)
{
	for (size_t g = 0; g < s->ngroups; g++)
		for (const struct opt *o = s->groups[g].opts; o->lname; o++) {
			if (o->flags & OPTF_HIDDEN)
				continue;
			/* a flag given once is not offered again, unless it takes many values */
			if (typed_already(s, o) && o->type != OPT_LIST)
				continue;
			add_flag(o, tc, out);
		}
	if (has_prefix("--help", tc))
		compl_add(out, "--help", "Show the help of this command");
	out->directive = COMPDIR_NOFILE;
}

static void complete_commands(const char *tc, struct compl *out)
{
	for (size_t i = 0; commands[i]; i++)
		if (!(commands[i]->flags & CMDF_HIDDEN) && has_prefix(commands[i]->name, tc))
			compl_add(out, commands[i]->name, commands[i]->summary);
	if (has_prefix("help", tc))
		compl_add(out, "help", "Help about any command");
	out->directive = COMPDIR_NOFILE;
}

/* Before the command: its name, or the program's own flags. */
static void complete_top(const char *tc, struct compl *out)
{
	const struct opt *const tables[] = { top_opts_table, global_opts_table };

	if (tc[0] != '-') {
		complete_commands(tc, out);
		return;
	}
	for (size_t t = 0; t < 2; t++)
		for (const struct opt *o = tables[t]; o->lname; o++)
			add_flag(o, tc, out);
	out->directive = COMPDIR_NOFILE;
}

static void complete_positional(const struct scan *s, const struct compl_ctx *ctx, const char *tc,
				struct compl *out)
{
	if (s->cmd->args) {
		if (s->npos == 0)
			complete_value(COMPL_CHOICES, s->cmd->args, ctx, tc, out);
		out->directive = COMPDIR_NOFILE;
		return;
	}
	complete_value(s->cmd->arg_complete, NULL, ctx, tc, out);
}

/* --flag=partial: the shell keeps "--flag=" and wants the values. */
static void complete_inline(const struct scan *s, const struct compl_ctx *ctx, const char *tc, struct compl *out)
{
	const char *eq = strchr(tc, '=');
	struct scan one = { .groups = s->groups, .ngroups = s->ngroups, .tc_at = -1 };
	char *word = xstrndup(tc, (size_t)(eq - tc));
	char *argv[] = { word };

	/* the flag part alone, read as the parser reads it: "-o", "--output", "-c" */
	opt_scan(s->groups, s->ngroups, 1, argv, 0, scan_word, &one);
	if (one.pending && one.pending->type != OPT_BOOL && (tc[1] == '-' || eq == tc + 2))
		complete_value(one.pending->complete, one.pending->choices, ctx, eq + 1, out);
	free(one.vals);
	free(word);
}

void complete_args(int argc, char **argv, struct compl *out)
{
	struct optgroup groups[COMMAND_MAX_GROUPS];
	struct scan s = { 0 };
	struct kube_opts kube;
	struct compl_ctx ctx;
	const char *tc = argc > 0 ? argv[argc - 1] : "";
	int k;

	out->directive = COMPDIR_NOFILE;
	/* global flags before the command, as main reads them */
	s.groups = groups;
	s.ngroups = command_groups(NULL, NULL, groups);
	s.stop_unknown = 1;
	s.tc_at = -1;
	k = opt_scan(groups, s.ngroups, argc - 1, argv, OPT_SCAN_STOP_AT_POSITIONAL, scan_word, &s);
	if (k == -2)
		k = s.stopped;
	if (s.pending) {
		complete_value(s.pending->complete, s.pending->choices, NULL, tc, out);
		free(s.vals);
		return;
	}
	free(s.vals);
	if (k < 0 || k >= argc - 1) {
		if (k == argc - 1 && tc[0] == '-' && strchr(tc, '='))
			complete_inline(&s, NULL, tc, out);
		else if (k == argc - 1)
			complete_top(tc, out);
		return;
	}
	argv += k, argc -= k;
	if (!strcmp(argv[0], "help")) {
		if (argc == 2)
			complete_commands(tc, out);
		return;
	}
	memset(&s, 0, sizeof(s));
	/* -i is the interactive command */
	s.cmd = command_find(!strcmp(argv[0], "-i") || !strcmp(argv[0], "--interactive") ? "interactive" : argv[0]);
	if (!s.cmd || (s.cmd->flags & CMDF_HIDDEN))
		return;
	s.groups = groups;
	s.ngroups = command_groups(s.cmd, NULL, groups);
	s.tc_at = argc - 2;	/* in argv + 1 */
	opt_scan(groups, s.ngroups, argc - 1, argv + 1, 0, scan_word, &s);
	scan_kube(&s, &kube);
	ctx = (struct compl_ctx){ typed_root(&s), &kube };

	if (s.pending) {
		complete_value(s.pending->complete, s.pending->choices, &ctx, tc, out);
	} else if (!s.dashdash && tc[0] == '-' && strchr(tc, '=')) {
		complete_inline(&s, &ctx, tc, out);
	} else if (!s.dashdash && tc[0] == '-') {
		complete_flags(&s, tc, out);
	} else {
		complete_positional(&s, &ctx, tc, out);
	}
	strlist_free(&kube.as_groups);
	free(s.vals);
}

/* ---- the hidden commands the shells call ---- */

static int run_complete(const struct command *self, int argc, char **argv)
{
	struct compl c = { 0 };
	char *none[] = { "" };

	/* The shells always pass the word being completed; be lenient when they do not. */
	if (argc == 0)
		complete_args(1, none, &c);
	else
		complete_args(argc, argv, &c);
	compl_print(&c, strcmp(self->name, "__completeNoDesc") != 0, stdout);
	compl_free(&c);
	return EXIT_OK;
}

const struct command cmd_complete_entry = {
	.name = "__complete",
	.usage = "__complete [WORDS...] WORD",
	.summary = "Shell completion (cobra's protocol)",
	.description = "Print the candidates for the last word, one a line, then :DIRECTIVE.\n",
	.run = run_complete,
	.flags = CMDF_HIDDEN,
};

const struct command cmd_complete_nodesc_entry = {
	.name = "__completeNoDesc",
	.usage = "__completeNoDesc [WORDS...] WORD",
	.summary = "Shell completion without descriptions",
	.description = "As __complete, without descriptions.\n",
	.run = run_complete,
	.flags = CMDF_HIDDEN,
};
