/* Entry point: names the program after how it was started (oc-leapp,
 * kubectl-leapp as a plugin) and hands the words to one command. */
#include "command.h"
#include "err.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static void set_names(const char *argv0)
{
	const char *b = base_name(argv0 ? argv0 : "oc-leapp");

	if (!strcmp(b, "kubectl-leapp")) {
		prog_set_display("kubectl leapp");
		msg_set_prog("kubectl-leapp");
	} else if (!strcmp(b, "oc-leapp")) {
		prog_set_display("oc leapp");
		msg_set_prog("oc-leapp");
	} else {
		prog_set_display("oc-leapp");
		msg_set_prog("oc-leapp");
	}
}

/* A full disk or a closed stdout must not pass for success: `completion
 * bash > FILE` would leave a cut script behind with exit status 0. */
static int flushed(int rc)
{
	struct err e = { 0 };

	if ((fflush(stdout) != 0 || ferror(stdout)) && rc == EXIT_OK) {
		err_set(&e, EXIT_FAIL, "cannot write to standard output");
		return err_report(&e);
	}
	return rc;
}

int main(int argc, char **argv)
{
	const struct command *cmd;
	struct err e = { 0 };

	set_names(argv[0]);
	/* kubectl_complete-leapp, oc_complete-leapp: the plugin completion hooks */
	if (argv[0] && strstr(base_name(argv[0]), "_complete-")) {
		cmd = command_find("__complete");
		return flushed(cmd->run(cmd, argc - 1, argv + 1));
	}
	if (argc < 2) {
		/* a person at a terminal is asked for what generate needs */
		if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
			cmd = command_find("generate");
			return flushed(cmd->run(cmd, 0, argv + 1));
		}
		commands_overview(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		if (argc > 2 && strcmp(argv[1], "help") == 0 && (cmd = command_find(argv[2]))) {
			command_help(cmd, stdout);
			return flushed(EXIT_OK);
		}
		commands_overview(stdout);
		return flushed(EXIT_OK);
	}
	if (!strcmp(argv[1], "--version"))
		argv[1] = "version";
	cmd = command_find(argv[1]);
	if (!cmd) {
		err_set(&e, EXIT_USAGE, "unknown command \"%s\" (see '%s --help')", argv[1], prog_display());
		return err_report(&e);
	}
	return flushed(cmd->run(cmd, argc - 2, argv + 2));
}
