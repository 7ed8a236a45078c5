#include "command.h"
#include "strbuf.h"

#include <stdio.h>
#include <string.h>

extern const struct command cmd_archive_entry;
extern const struct command cmd_diagnose_entry;
extern const struct command cmd_generate_entry;
extern const struct command cmd_version_entry;
extern const struct command cmd_get_entry;
extern const struct command cmd_collect_entry;
extern const struct command cmd_completion_entry;
extern const struct command cmd_complete_entry;
extern const struct command cmd_complete_nodesc_entry;
extern const struct command cmd_man_entry;

const struct command *const commands[] = {
	&cmd_generate_entry,
	&cmd_archive_entry,
	&cmd_diagnose_entry,
	&cmd_version_entry,
	&cmd_get_entry,
	&cmd_collect_entry,
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

int command_parse(const struct command *cmd, void *const *bases, int argc, char **argv,
		  struct strlist *pos, struct optseen *seen, struct err *e)
{
	struct optgroup groups[8];
	int rc;

	for (size_t i = 0; i < cmd->ngroups && i < 8; i++) {
		groups[i] = cmd->groups[i];
		groups[i].base = bases[i];
	}
	rc = opt_parse(groups, cmd->ngroups, argc, argv, pos, seen, e);
	if (rc == OPT_HELP)
		command_help(cmd, stdout);
	if (rc < 0 && e->code == EXIT_USAGE && strlen(e->msg) + 64 < sizeof(e->msg)) {
		size_t n = strlen(e->msg);
		snprintf(e->msg + n, sizeof(e->msg) - n, " (see '%s %s --help')", display, cmd->name);
	}
	return rc;
}

/* Writes text with every "PROG" replaced by the display name. */
static void put_prog(FILE *out, const char *text)
{
	for (const char *p = text; *p;) {
		const char *hit = strstr(p, "PROG");
		if (!hit) {
			fputs(p, out);
			break;
		}
		fwrite(p, 1, (size_t)(hit - p), out);
		fputs(display, out);
		p = hit + 4;
	}
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
		fputs("\nOptions:", out);
	fprintf(out, "\n    -h, --help\n\tShow this help.\n\nUsage:\n  %s %s\n", display, cmd->usage);
}

void commands_overview(FILE *out)
{
	fprintf(out,
		"Carry machines migrated by LeApp onto OpenShift and Kubernetes, and explain why\n"
		"they do not run there.\n\nCommands:\n");
	for (size_t i = 0; commands[i]; i++)
		if (!(commands[i]->flags & CMDF_HIDDEN))
			fprintf(out, "  %-12s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(out, "\nUsage:\n  %s COMMAND [options]\n\nUse \"%s COMMAND --help\" for more about a command.\n",
		display, display);
}
