#include "cmd/command.h"
#include "lib/strbuf.h"
#include "lib/suggest.h"
#include "lib/term.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const struct command cmd_archive_entry;
extern const struct command cmd_diagnose_entry;
extern const struct command cmd_generate_entry;
extern const struct command cmd_version_entry;
extern const struct command cmd_interactive_entry;
extern const struct command cmd_completion_entry;
extern const struct command cmd_complete_entry;
extern const struct command cmd_complete_nodesc_entry;
extern const struct command cmd_man_entry;

const struct command *const commands[] = {
	&cmd_generate_entry,
	&cmd_interactive_entry,
	&cmd_archive_entry,
	&cmd_diagnose_entry,
	&cmd_version_entry,
	&cmd_completion_entry,
	&cmd_complete_entry,
	&cmd_complete_nodesc_entry,
	&cmd_man_entry,
	NULL,
};

static const char *display = "oc-leapp";

void prog_set_display(const char *name)
{
	display = name ? name : "oc-leapp";
}

const char *prog_display(void)
{
	return display;
}

const struct command *command_find(const char *name)
{
	for (size_t i = 0; commands[i]; i++)
		if (!strcmp(commands[i]->name, name))
			return commands[i];
	return NULL;
}

/* ---- the global flags ---- */

struct global_opts {
	const char *color;
};

static const char *const color_words[] = { "auto", "always", "never", NULL };

const struct opt global_opts_table[] = {
	{ "color", 0, OPT_STRING, offsetof(struct global_opts, color), "WHEN",
	  "When to colour the output; auto: on a terminal, unless NO_COLOR is set or TERM is dumb.",
	  OPTF_NOASK, COMPL_CHOICES, color_words, NULL },
	{ NULL, 0, 0, 0, NULL, NULL, 0, 0, NULL, NULL },
};

static struct global_opts globals;

/* What may come instead of a command (main acts on them; help, completion
 * and the man page list them). */
const struct opt top_opts_table[] = {
	{ "interactive", 'i', OPT_BOOL, 0, NULL,
	  "Ask for everything generate takes, one question at a time (the interactive command).", 0, COMPL_NONE, NULL, NULL },
	{ "help", 'h', OPT_BOOL, 0, NULL, "Show this help.", 0, COMPL_NONE, NULL, NULL },
	{ "version", 0, OPT_BOOL, 0, NULL, "Print the version.", 0, COMPL_NONE, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL, 0, 0, NULL, NULL },
};

static void apply_globals(void)
{
	enum term_color c;

	if (globals.color && term_color_parse(globals.color, &c) == 0)
		term_set_color(c);
}

size_t command_groups(const struct command *cmd, void *const *bases, struct optgroup *out)
{
	size_t n = 0;

	for (size_t i = 0; cmd && i < cmd->ngroups && n + 1 < COMMAND_MAX_GROUPS; i++) {
		out[n] = cmd->groups[i];
		out[n++].base = bases ? bases[i] : NULL;
	}
	out[n++] = (struct optgroup){ GLOBAL_OPTS_TITLE, global_opts_table, bases ? &globals : NULL };
	return n;
}

int command_parse(const struct command *cmd, void *const *bases, int argc, char **argv,
		  struct strlist *pos, struct optseen *seen, struct err *e)
{
	struct optgroup groups[COMMAND_MAX_GROUPS];
	size_t n = command_groups(cmd, bases, groups);
	int rc;

	globals = (struct global_opts){ 0 };
	rc = opt_parse(groups, n, argc, argv, pos, seen, e);
	apply_globals();
	if (rc == OPT_HELP)
		command_help(cmd, stdout);
	if (rc < 0 && e->code == EXIT_USAGE && !e->hint[0] && strlen(e->msg) + 64 < sizeof(e->msg)) {
		size_t len = strlen(e->msg);
		snprintf(e->msg + len, sizeof(e->msg) - len, " (see '%s %s --help')", display, cmd->name);
	}
	return rc;
}

struct globals_scan {
	int stop;		/* the index of the word the global flags end at */
	struct err *e;
};

static int global_word(void *ctx, const struct opt_word *w)
{
	struct globals_scan *g = ctx;

	if (w->ev == OPT_EV_FLAG) {
		if (opt_check_value(w->o, w->value, g->e) < 0)
			return -1;
		*(const char **)(void *)((char *)&globals + w->o->off) = w->value;
		return 0;
	}
	if (w->ev == OPT_EV_NOVALUE)
		return err_set(g->e, EXIT_USAGE, "flag needs an argument: --%s", w->o->lname);
	g->stop = w->arg_at;	/* -h, --version, -i ...: main's */
	return -2;
}

int command_parse_globals(int argc, char **argv, struct err *e)
{
	struct optgroup g = { GLOBAL_OPTS_TITLE, global_opts_table, NULL };
	struct globals_scan gs = { argc, e };
	int rc;

	globals = (struct global_opts){ 0 };
	rc = opt_scan(&g, 1, argc, argv, OPT_SCAN_STOP_AT_POSITIONAL, global_word, &gs);
	if (rc == -1)
		return -1;
	apply_globals();
	return rc >= 0 ? rc : gs.stop;
}

int command_unknown(const char *word, struct err *e)
{
	struct strlist near = { 0 };

	for (size_t i = 0; commands[i]; i++)
		if (!(commands[i]->flags & CMDF_HIDDEN))
			suggest_consider(&near, word, commands[i]->name);
	suggest_consider(&near, word, "help");
	if (near.n)
		err_set(e, EXIT_USAGE, "unknown command \"%s\" for \"%s\"", word, display);
	else
		err_set(e, EXIT_USAGE, "unknown command \"%s\" for \"%s\" (see '%s --help')", word, display, display);
	suggest_hint(e, &near, "");
	strlist_free(&near);
	return -1;
}

char *prog_expand(const char *text)
{
	struct strbuf sb = STRBUF_INIT;

	for (const char *p = text; *p;) {
		const char *hit = strstr(p, "PROG");
		if (!hit) {
			sb_adds(&sb, p);
			break;
		}
		sb_add(&sb, p, (size_t)(hit - p));
		sb_adds(&sb, display);
		p = hit + 4;
	}
	return sb_detach(&sb);
}

/* Writes text with every "PROG" replaced by the display name. */
static void put_prog(FILE *out, const char *text)
{
	char *t = prog_expand(text);

	fputs(t, out);
	free(t);
}

static void help_option(FILE *out, const struct opt *o)
{
	struct strbuf sb = STRBUF_INIT;

	if (o->sname)
		sb_addf(&sb, "    -%c, --%s", o->sname, o->lname);
	else
		sb_addf(&sb, "        --%s", o->lname);
	if (o->type != OPT_BOOL)
		sb_addf(&sb, " %s", o->argname ? o->argname : "VALUE");
	fprintf(out, "%s\n", sb.buf);
	/* kubectl's layout: the flag on its own line, the help indented below. */
	fputs("\t", out);
	put_prog(out, o->help);
	if (o->choices) {
		fputs(" One of:", out);
		for (size_t i = 0; o->choices[i]; i++)
			fprintf(out, "%s %s", i ? "," : "", o->choices[i]);
		fputc('.', out);
	}
	fputc('\n', out);
	sb_free(&sb);
}

void command_help(const struct command *cmd, FILE *out)
{
	put_prog(out, cmd->description);
	if (cmd->examples) {
		fputs("\nExamples:\n", out);
		put_prog(out, cmd->examples);
	}
	for (size_t g = 0; g < cmd->ngroups; g++) {
		fprintf(out, "\n%s:\n", cmd->groups[g].title);
		for (const struct opt *o = cmd->groups[g].opts; o->lname; o++)
			if (!(o->flags & OPTF_HIDDEN))
				help_option(out, o);
	}
	if (cmd->ngroups == 0)
		fputs("\nOptions:\n", out);
	fputs("    -h, --help\n\tShow this help.\n", out);
	fprintf(out, "\n%s:\n", GLOBAL_OPTS_TITLE);
	for (const struct opt *o = global_opts_table; o->lname; o++)
		help_option(out, o);
	fprintf(out, "\nUsage:\n  %s %s\n", display, cmd->usage);
}

void commands_overview(FILE *out)
{
	fprintf(out,
		"Carry machines migrated by LeApp onto OpenShift and Kubernetes, and explain why\n"
		"they do not run there.\n\nCommands:\n");
	for (size_t i = 0; commands[i]; i++)
		if (!(commands[i]->flags & CMDF_HIDDEN))
			fprintf(out, "  %-12s %s\n", commands[i]->name, commands[i]->summary);
	fputs("\nOptions:\n", out);
	for (const struct opt *o = top_opts_table; o->lname; o++)
		help_option(out, o);
	fprintf(out, "\n%s:\n", GLOBAL_OPTS_TITLE);
	for (const struct opt *o = global_opts_table; o->lname; o++)
		help_option(out, o);
	fprintf(out, "\nUsage:\n  %s COMMAND [options]\n  %s -i\n\nUse \"%s COMMAND --help\" for more about a command.\n",
		display, display, display);
}
