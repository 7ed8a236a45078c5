/* Entry point: names the program after how it was started (oc-leapp,
 * kubectl-leapp as a plugin) and hands the words to one command. */
#include "lib/cacerts.h"
#include "cmd/command.h"
#include "lib/err.h"
#include "lib/suggest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

struct top_word {
	const struct opt *o;	/* -i or --version */
	int help;
	const struct opt_word *unknown;
	struct opt_word unknown_copy;
};

static int top_word(void *ctx, const struct opt_word *w)
{
	struct top_word *t = ctx;

	if (w->ev == OPT_EV_FLAG)
		t->o = w->o;
	else if (w->ev == OPT_EV_HELP)
		t->help = 1;
	else if (w->ev == OPT_EV_UNKNOWN)
		t->unknown_copy = *w, t->unknown = &t->unknown_copy;
	return -2;	/* the first word decides */
}

/* A flag instead of a command (top_opts_table): -h, --version, -i; the
 * words after it are the command's. */
static int top_flag(int argc, char **argv)
{
	const struct optgroup g = { "Options", top_opts_table, NULL };
	struct top_word t = { 0 };
	const struct command *cmd;
	struct err e = { 0 };
	struct strlist near = { 0 };

	opt_scan(&g, 1, 1, argv, 0, top_word, &t);
	if (t.help) {
		commands_overview(stdout);
		return flushed(EXIT_OK);
	}
	if (t.o) {
		cmd = command_find(!strcmp(t.o->lname, "interactive") ? "interactive" : t.o->lname);
		return flushed(cmd->run(cmd, argc - 1, argv + 1));
	}
	if (t.unknown && !t.unknown->shorthand) {
		char *typed = xstrndup(t.unknown->name, t.unknown->namelen);
		err_set(&e, EXIT_USAGE, "unknown flag: --%s", typed);
		for (const struct opt *o = top_opts_table; o->lname; o++)
			suggest_consider(&near, typed, o->lname);
		for (const struct opt *o = global_opts_table; o->lname; o++)
			suggest_consider(&near, typed, o->lname);
		suggest_hint(&e, &near, "--");
		strlist_free(&near);
		free(typed);
	} else {
		err_set(&e, EXIT_USAGE, "unknown shorthand flag: '%c' in %s", t.unknown ? t.unknown->shorthand : argv[0][1], argv[0]);
	}
	if (!e.hint[0])
		snprintf(e.msg + strlen(e.msg), sizeof(e.msg) - strlen(e.msg), " (see '%s --help')", prog_display());
	return err_report(&e);
}

int main(int argc, char **argv)
{
	const struct command *cmd;
	struct err e = { 0 };
	int k;

	set_names(argv[0]);
	cacerts_default();
	/* kubectl_complete-leapp, oc_complete-leapp: the plugin completion hooks */
	if (argv[0] && strstr(base_name(argv[0]), "_complete-")) {
		cmd = command_find("__complete");
		return flushed(cmd->run(cmd, argc - 1, argv + 1));
	}
	/* --color=never diagnose ...: global flags may come first, as kubectl's do */
	if ((k = command_parse_globals(argc - 1, argv + 1, &e)) < 0)
		return err_report(&e);
	k++;
	/* Bare, it shows the help, on a terminal too (cobra's way): asking
	 * questions is `interactive`'s job, and a missing default root must not
	 * greet a newcomer with an error. */
	if (k >= argc) {
		commands_overview(stdout);
		return flushed(EXIT_OK);
	}
	if (argv[k][0] == '-' && argv[k][1])
		return top_flag(argc - k, argv + k);
	if (!strcmp(argv[k], "help")) {
		if (k + 1 < argc && (cmd = command_find(argv[k + 1]))) {
			command_help(cmd, stdout);
			return flushed(EXIT_OK);
		}
		if (k + 1 < argc) {
			command_unknown(argv[k + 1], &e);
			return err_report(&e);
		}
		commands_overview(stdout);
		return flushed(EXIT_OK);
	}
	cmd = command_find(argv[k]);
	if (!cmd) {
		command_unknown(argv[k], &e);
		return err_report(&e);
	}
	return flushed(cmd->run(cmd, argc - k - 1, argv + k + 1));
}
