/* The subcommands, one declarative table (as tmux's cmd_entry): each file
 * cmd-NAME.c defines one entry; help and completion read the same table. */
#ifndef OC_COMMAND_H
#define OC_COMMAND_H
#include <stddef.h>
#include <stdio.h>
#include "options.h"

struct command {
	const char *name;
	const char *usage;		/* after the program name: "generate MODE -c NAME [options]" */
	const char *summary;		/* one line for the command list */
	const char *description;	/* paragraphs for --help */
	const char *examples;		/* lines for --help; "PROG" becomes the program's name */
	const struct optgroup *groups;	/* bases NULL here: the run function sets them */
	size_t ngroups;
	const char *const *args;	/* positional words it completes ("macroimage" ...) or NULL */
	enum opt_complete arg_complete;	/* or what its positional words complete to (COMPL_POD) */
	int (*run)(const struct command *self, int argc, char **argv);
	unsigned flags;
};
#define CMDF_HIDDEN 0x1

extern const struct command *const commands[];	/* NULL-terminated */
const struct command *command_find(const char *name);

/* "oc leapp" or "kubectl leapp", from how we were started. */
void prog_set_display(const char *name);
const char *prog_display(void);

/* Parses argv for cmd with its groups bound to bases[] (one per group);
 * prints help and returns OPT_HELP for --help. */
int command_parse(const struct command *cmd, void *const *bases, int argc, char **argv,
		  struct strlist *pos, struct optseen *seen, struct err *e);
void command_help(const struct command *cmd, FILE *out);
void commands_overview(FILE *out);

#endif
