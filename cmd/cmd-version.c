/* `version`: the build's version, as text or -o json|yaml. */
#include "cmd/command.h"
#include "lib/emit.h"
#include "build/version.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

struct version_opts {
	const char *output;
};

static const char *const formats[] = { "json", "yaml", NULL };

static const struct opt version_opts[] = {
	{ "output", 'o', OPT_STRING, offsetof(struct version_opts, output), "FORMAT",
	  "Print the version as data.", 0, COMPL_CHOICES, formats, NULL },
	{ NULL, 0, 0, 0, NULL, NULL, 0, 0, NULL, NULL },
};

static const struct optgroup version_groups[] = {
	{ "Options", version_opts, NULL },
};

static int run(const struct command *self, int argc, char **argv)
{
	struct version_opts o = { 0 };
	struct strlist pos = { 0 };
	struct err e = { 0 };
	void *bases[] = { &o };
	int rc = command_parse(self, bases, argc, argv, &pos, NULL, &e);

	if (rc == OPT_HELP)
		goto out;
	if (rc < 0)
		goto out;
	if (pos.n) {
		rc = err_set(&e, EXIT_USAGE, "version takes no arguments");
		goto out;
	}
	if (!o.output) {
		printf("oc-leapp %s\n", OC_LEAPP_VERSION);
		goto out;
	}
	json_t *v = json_pack("{s:s, s:s}", "name", "oc-leapp", "version", OC_LEAPP_VERSION);
	struct strbuf sb = STRBUF_INIT;
	rc = !strcmp(o.output, "json") ? emit_json(&sb, v, &e) : emit_yaml(&sb, &v, 1, &e);
	fputs(sb_str(&sb), stdout);
	sb_free(&sb);
	json_decref(v);
out:
	strlist_free(&pos);
	return rc < 0 ? err_report(&e) : EXIT_OK;
}

const struct command cmd_version_entry = {
	.name = "version",
	.usage = "version [-o json|yaml]",
	.summary = "Print the version",
	.description = "Print the version of PROG.\n",
	.examples = "  PROG version -o json\n",
	.groups = version_groups,
	.ngroups = 1,
	.run = run,
};
