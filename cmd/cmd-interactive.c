/* `interactive` (also `-i`): generate, every option asked for at a terminal. */
#include "cmd/cmd-generate.h"

#include <stdio.h>
#include <string.h>

static int run(const struct command *self, int argc, char **argv)
{
	struct err e = { 0 };

	(void)self;
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			command_help(self, stdout);
			return EXIT_OK;
		}
	if (!interactive_possible()) {
		err_set(&e, EXIT_USAGE, "interactive needs a terminal to ask on: in scripts, give generate its flags (see '%s generate --help')",
			prog_display());
		return err_report(&e);
	}
	return generate_command(argc, argv, 1, ASK_ALL);
}

const struct command cmd_interactive_entry = {
	.name = "interactive",
	.usage = "interactive [generate's flags]",
	.summary = "Ask for everything generate takes, one question at a time, then run it",
	.description =
		"Ask, at a terminal, for the mode and every value `PROG generate` can take: first what\n"
		"the mode requires, the root, the ports and the directory, then, if you want, every\n"
		"other option for that mode. Each answer is checked as the flag would be, and asked\n"
		"again when wrong; Tab completes (machines, directories, choices), `?` explains the\n"
		"question, Enter takes the [default] or leaves an optional value out, Ctrl-C or\n"
		"Ctrl-D stop before anything is written. Flags given on the command line are not\n"
		"asked. At the end it prints the same command without questions, for scripts, and\n"
		"runs it.\n",
	.examples =
		"  # Everything asked\n"
		"  PROG interactive\n\n"
		"  # The same, shorter\n"
		"  PROG -i\n\n"
		"  # Machines from elsewhere; the rest asked\n"
		"  PROG interactive --root /srv/leapp/macrocontainers\n",
	.groups = cmd_generate_groups,
	.ngroups = 1,
	.args = NULL,
	.run = run,
};
