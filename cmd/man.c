/* `__man`: the manual page (man(7) markup), written from the same tables
 * as --help, so every command and flag is in it. The build installs it. */
#include "cmd/command.h"
#include "gen/machine.h"
#include "diag/rules.h"

#include <stdio.h>
#include <string.h>

/* Text for roff: backslashes and dashes escaped, no line read as a request,
 * and "PROG" as the program's name. */
static void roff_str(FILE *out, const char *s, size_t n)
{
	if (n && (s[0] == '.' || s[0] == '\''))
		fputs("\\&", out);
	for (size_t i = 0; i < n; i++) {
		if (!strncmp(s + i, "PROG", 4) && i + 4 <= n) {
			fputs("oc\\-leapp", out);
			i += 3;
		} else if (s[i] == '\\') {
			fputs("\\e", out);
		} else if (s[i] == '-') {
			fputs("\\-", out);
		} else {
			fputc(s[i], out);
		}
	}
}

static void roff_line(FILE *out, const char *s, size_t n)
{
	roff_str(out, s, n);
	fputc('\n', out);
}

/* Paragraphs are filled; indented lines (tables, examples) kept as typed. */
static void roff_text(FILE *out, const char *text)
{
	int nofill = 0;

	while (text && *text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);
		int indented = n >= 2 && text[0] == ' ' && text[1] == ' ';

		if (n == 0) {
			fputs(nofill ? "\n" : ".PP\n", out);
		} else {
			if (indented != nofill) {
				fputs(indented ? ".nf\n" : ".fi\n", out);
				nofill = indented;
			}
			roff_line(out, text, n);
		}
		text = nl ? nl + 1 : text + n;
	}
	if (nofill)
		fputs(".fi\n", out);
}

static void roff_option(FILE *out, const struct opt *o)
{
	fputs(".TP\n", out);
	if (o->sname)
		fprintf(out, "\\fB\\-%c\\fR, ", o->sname);
	fputs("\\fB\\-\\-", out);
	roff_str(out, o->lname, strlen(o->lname));
	fputs("\\fR", out);
	if (o->type != OPT_BOOL)
		fprintf(out, " \\fI%s\\fR", o->argname ? o->argname : "VALUE");
	fputc('\n', out);
	roff_line(out, o->help, strlen(o->help));
	if (o->choices) {
		fputs("One of:", out);
		for (size_t i = 0; o->choices[i]; i++)
			fprintf(out, "%s %s", i ? "," : "", o->choices[i]);
		fputs(".\n", out);
	}
}

static void roff_command(FILE *out, const struct command *c)
{
	fputs(".SS \"oc\\-leapp ", out);
	roff_str(out, c->name, strlen(c->name));
	fputs("\"\n.B oc\\-leapp\n", out);
	roff_line(out, c->usage, strlen(c->usage));
	fputs(".PP\n", out);
	roff_text(out, c->description);
	for (size_t g = 0; g < c->ngroups; g++) {
		fprintf(out, ".PP\n%s:\n", c->groups[g].title);
		for (const struct opt *o = c->groups[g].opts; o->lname; o++)
			if (!(o->flags & OPTF_HIDDEN))
				roff_option(out, o);
	}
	if (c->examples) {
		fputs(".PP\nExamples:\n.PP\n", out);
		roff_text(out, c->examples);
	}
}

/* diagnose's catalogue, from its table: each failure family, the findings
 * it yields and whose words it knows; then every finding id. */
static void roff_findings(FILE *out)
{
	struct strlist ids = { 0 };

	fputs(".SH DIAGNOSE FINDINGS\n"
	      "Each problem diagnose finds has a stable id. The catalogue groups what it knows by failure family: a\n"
	      "family holds the wordings of one failure as each tool prints it, and the findings they mean for the\n"
	      "pod, with the fix.\n", out);
	for (size_t f = 0; f < diag_nfamilies; f++) {
		const struct family *F = &diag_families[f];
		struct strlist seen = { 0 };
		fputs(".TP\n.B ", out);
		roff_line(out, F->name, strlen(F->name));
		for (size_t c = 0; c < F->ncauses; c++)
			if (F->causes[c].id && !strlist_has(&seen, F->causes[c].id))
				strlist_push(&seen, F->causes[c].id);
		for (size_t i = 0; i < seen.n; i++)
			fprintf(out, "%s\\fB%s\\fR", i ? ", " : "", seen.v[i]);
		strlist_free(&seen);
		fputs(". Words of: ", out);
		for (size_t r = 0; r < F->nrules; r++)
			if (!strlist_has(&seen, F->rules[r].tool))
				strlist_push(&seen, F->rules[r].tool);
		for (size_t i = 0; i < seen.n; i++) {
			if (i)
				fputs(", ", out);
			roff_str(out, seen.v[i], strlen(seen.v[i]));
		}
		fprintf(out, " (%zu %s).\n", F->nrules, F->nrules == 1 ? "row" : "rows");
		strlist_free(&seen);
	}
	diag_finding_ids(&ids);
	fputs(".PP\nEvery id:", out);
	for (size_t i = 0; i < ids.n; i++)
		fprintf(out, "%s %s", i ? "," : "", ids.v[i]);
	fputs(".\n", out);
	strlist_free(&ids);
}

static int run(const struct command *self, int argc, char **argv)
{
	FILE *out = stdout;

	(void)self, (void)argc, (void)argv;
	fputs(".TH OC\\-LEAPP 1 \"\" \"oc-leapp\" \"User Commands\"\n"
	      ".SH NAME\noc\\-leapp, kubectl\\-leapp \\- carry machines migrated by LeApp onto OpenShift and Kubernetes\n"
	      ".SH SYNOPSIS\n.B oc leapp\n\\fICOMMAND\\fR [\\fIoptions\\fR]\n.br\n"
	      ".B kubectl leapp\n\\fICOMMAND\\fR [\\fIoptions\\fR]\n.br\n"
	      ".B oc\\-leapp\n\\fICOMMAND\\fR [\\fIoptions\\fR]\n"
	      ".SH DESCRIPTION\n"
	      "LeApp migrates a machine into a macrocontainer: its root filesystem, kept in\n"
	      ".IR " MACHINE_DEFAULT_ROOT "/NAME .\n"
	      ".B oc\\-leapp\nwrites the objects that run such a machine on a cluster, and explains why\n"
	      "its pod does not run there. Installed on the PATH as\n.B kubectl\\-leapp\nand\n"
	      ".BR oc\\-leapp ,\nit is the plugin behind\n.B kubectl leapp\nand\n.BR \"oc leapp\" .\n"
	      ".PP\nRun without arguments, it shows the commands.\n"
	      ".B oc leapp interactive\n(or\n.BR \"oc leapp \\-i\" )\n"
	      "asks, at a terminal, for everything\n.B generate\ntakes, one question at a time, each\n"
	      "answer checked as the flag would be, then prints the command line that does the same\n"
	      "and runs it. On a terminal,\n.B generate\nitself asks for a mode or a required value\n"
	      "left out.\n"
	      ".PP\nFlags follow kubectl's conventions:\n.B \\-f\nis a file,\n.B \\-l\na label selector,\n"
	      ".B \\-o\nan output format,\n.B \\-n\na namespace,\n.B \\-s\nthe API server. Short names that\n"
	      "meant something else before (generate's\n.BR \\-f ,\n.BR \\-l ,\n.BR \\-s ,\n.BR \\-i ;\n"
	      "archive's\n.B \\-o\nfor the output file and\n.B \\-f\nfor\n.BR \\-\\-force )\n"
	      "still work for one release and print a deprecation line. A mistyped command or flag\n"
	      "gets \"Did you mean this?\" with the nearest names.\n"
	      ".SH COMMANDS\n", out);
	for (size_t i = 0; commands[i]; i++)
		if (!(commands[i]->flags & CMDF_HIDDEN))
			roff_command(out, commands[i]);
	fputs(".SH OPTIONS\nInstead of a command:\n", out);
	for (const struct opt *o = top_opts_table; o->lname; o++)
		roff_option(out, o);
	fputs(".SH GLOBAL OPTIONS\nEvery command takes them, and they may come before the command's name.\n", out);
	for (const struct opt *o = global_opts_table; o->lname; o++)
		roff_option(out, o);
	roff_findings(out);
	fputs(".SH ENVIRONMENT\n"
	      ".TP\n.B KUBECONFIG\nThe kubeconfig files to read, separated by colons (default ~/.kube/config).\n"
	      ".TP\n.B NO_COLOR\nWhen set and not empty, never colour the output (unless \\-\\-color=always).\n"
	      ".TP\n.B TERM\nWhen \"dumb\", never colour the output (unless \\-\\-color=always).\n"
	      ".SH EXIT STATUS\n0 success; 1 the work could not be done; 2 the command line is wrong;\n"
	      "3 diagnose found an error.\n"
	      ".SH SEE ALSO\n.BR oc (1),\n.BR kubectl (1)\n", out);
	return EXIT_OK;
}

const struct command cmd_man_entry = {
	.name = "__man",
	.usage = "__man",
	.summary = "Write the manual page",
	.description = "Write the manual page (man(7) markup) on standard output.\n",
	.run = run,
	.flags = CMDF_HIDDEN,
};
