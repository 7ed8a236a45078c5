/* The subcommands, one declarative table (as tmux's cmd_entry): each file
 * cmd-NAME.c defines one entry; help, completion, the man page and the
 * interactive mode read the same table. */
#ifndef OC_COMMAND_H
#define OC_COMMAND_H
#include <stddef.h>
#include <stdio.h>
#include "cmd/options.h"

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
/* text with every "PROG" replaced by the display name (caller frees). */
char *prog_expand(const char *text);

/* The program's own flags, instead of a command: -i, -h, --version. */
extern const struct opt top_opts_table[];

/* The flags every command takes (--color), after the command's own. */
extern const struct opt global_opts_table[];
#define GLOBAL_OPTS_TITLE "Global options"
#define COMMAND_MAX_GROUPS 8

/* cmd's groups and the global one into out (at most COMMAND_MAX_GROUPS),
 * bound to bases[] when given (one per command group); returns how many. */
size_t command_groups(const struct command *cmd, void *const *bases, struct optgroup *out);

/* Parses argv for cmd with its groups bound to bases[] (one per group), and
 * the global flags; prints help and returns OPT_HELP for --help. */
int command_parse(const struct command *cmd, void *const *bases, int argc, char **argv,
		  struct strlist *pos, struct optseen *seen, struct err *e);
/* Takes the global flags that come before the command's name ("--color=never
 * diagnose ..."); returns how many words they were, or -1 with e set. */
int command_parse_globals(int argc, char **argv, struct err *e);
void command_help(const struct command *cmd, FILE *out);
void commands_overview(FILE *out);
/* e for an unknown command word, with cobra's "Did you mean this?". */
int command_unknown(const char *word, struct err *e);

#endif
