/* `completion bash|zsh|fish|kubectl`: prints the shell scripts from
 * completions/, built into the program so they match it. */
#include "cmd/command.h"
#include "build/completions.h"	/* generated from completions/ by the Makefile */

#include <stdio.h>
#include <string.h>

static const char *const shells[] = { "bash", "zsh", "fish", "kubectl", NULL };

/* kubectl (>= 1.26) runs kubectl_complete-leapp for `kubectl leapp <TAB>`;
 * krew cannot install it, so users write this one themselves. */
static const char kubectl_shim[] =
	"#!/bin/sh\n"
	"# kubectl_complete-leapp: lets `kubectl leapp <TAB>` complete (kubectl >= 1.26).\n"
	"exec kubectl-leapp __complete \"$@\"\n";

static int run(const struct command *self, int argc, char **argv)
{
	struct strlist pos = { 0 };
	struct err e = { 0 };
	int rc = command_parse(self, NULL, argc, argv, &pos, NULL, &e);
	const char *s;

	if (rc != OPT_PARSED)
		goto out;
	if (pos.n != 1) {
		rc = err_set(&e, EXIT_USAGE, "completion needs one shell: bash, zsh, fish or kubectl");
		goto out;
	}
	s = pos.v[0];
	if (!strcmp(s, "bash"))
		fputs(completion_bash, stdout);
	else if (!strcmp(s, "zsh"))
		fputs(completion_zsh, stdout);
	else if (!strcmp(s, "fish"))
		fputs(completion_fish, stdout);
	else if (!strcmp(s, "kubectl"))
		fputs(kubectl_shim, stdout);
	else
		rc = err_set(&e, EXIT_USAGE, "unknown shell \"%s\": use bash, zsh, fish or kubectl", s);
out:
	strlist_free(&pos);
	return rc < 0 ? err_report(&e) : EXIT_OK;
}

const struct command cmd_completion_entry = {
	.name = "completion",
	.usage = "completion bash|zsh|fish|kubectl",
	.summary = "Print the shell completion script",
	.description =
		"Print a script that makes the shell complete PROG's commands, flags and values\n"
		"(machine names, contexts, namespaces, pod names). The script asks the program\n"
		"itself for the candidates, so it never goes stale.\n\n"
		"`kubectl leapp <TAB>` (kubectl 1.26 and later) and `oc leapp <TAB>` need no script:\n"
		"they run kubectl_complete-leapp (oc_complete-leapp), which `make install` puts\n"
		"beside the program. After a krew install, write it with `completion kubectl`.\n",
	.examples =
		"  # bash, this shell only\n"
		"  source <(PROG completion bash)\n\n"
		"  # bash, every shell (bash-completion loads it on demand)\n"
		"  PROG completion bash > ~/.local/share/bash-completion/completions/oc-leapp\n\n"
		"  # zsh: a directory in $fpath\n"
		"  PROG completion zsh > \"${fpath[1]}/_oc-leapp\"\n\n"
		"  # fish\n"
		"  PROG completion fish > ~/.config/fish/completions/oc-leapp.fish\n\n"
		"  # kubectl leapp <TAB> after `kubectl krew install leapp`\n"
		"  PROG completion kubectl > ~/.krew/bin/kubectl_complete-leapp\n"
		"  chmod +x ~/.krew/bin/kubectl_complete-leapp\n",
	.args = shells,
	.run = run,
};
