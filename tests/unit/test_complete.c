/* The completion engine: what __complete offers for the words typed so far. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/complete.h"
#include "cmd/cmd-generate.h"
#include "cmd/interactive.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"

static char root[64];

static void put(const char *rel, const char *text)
{
	char *p = xasprintf("%s/%s", root, rel);
	char *slash = strrchr(p, '/');
	FILE *f;

	*slash = '\0';
	char *cmd = xasprintf("mkdir -p '%s'", p);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	*slash = '/';
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(p);
}

static int setup(void **state)
{
	(void)state;
	strcpy(root, "/tmp/oc-leapp-compl.XXXXXX");
	assert_non_null(mkdtemp(root));
	put("m/web/etc/redhat-release", "CentOS Linux release 7.4.1708 (Core)\n");
	put("m/db/etc/hostname", "db\n");
	put("m/.hidden/x", "");
	put("m/notadir", "");
	put("kube/config", "apiVersion: v1\nkind: Config\ncurrent-context: prod\n"
			   "contexts:\n- name: prod\n  context: {cluster: c1, user: u1, namespace: shop}\n"
			   "- name: staging\n  context: {cluster: c2, user: u1}\n"
			   "clusters:\n- name: c1\n  cluster: {server: 'https://a'}\n"
			   "users:\n- name: u1\n  user: {token: x}\n");
	put("kube/other", "contexts:\n- name: lab\n  context: {cluster: c9}\n- name: prod\n  context: {cluster: zz}\n");
	return 0;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", root);
	(void)state;
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

/* Runs the engine on a space-separated line; "|" stands for the empty word. */
static void run(const char *line, struct compl *c)
{
	char *copy = xstrdup(line), *save = NULL;
	char *argv[32];
	int argc = 0;

	memset(c, 0, sizeof(*c));
	for (char *w = strtok_r(copy, " ", &save); w && argc < 32; w = strtok_r(NULL, " ", &save))
		argv[argc++] = strcmp(w, "|") ? w : "";
	complete_args(argc, argv, c);
	free(copy);
}

/* The candidates as "a,b,c". */
static char *words(const struct compl *c)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < c->n; i++)
		sb_addf(&sb, "%s%s", i ? "," : "", c->v[i].word);
	return sb_detach(&sb);
}

static void expect(const char *line, const char *want, unsigned directive)
{
	struct compl c;
	char *got;

	run(line, &c);
	got = words(&c);
	if (strcmp(got, want) || c.directive != directive)
		fail_msg("%s: got [%s] :%u, want [%s] :%u", line, got, c.directive, want, directive);
	free(got);
	compl_free(&c);
}

static const char *desc_of(const struct compl *c, const char *word)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->v[i].word, word))
			return c->v[i].desc ? c->v[i].desc : "";
	return NULL;
}

static void test_commands_and_modes(void **state)
{
	(void)state;
	expect("g", "generate", COMPDIR_NOFILE);
	expect("help g", "generate", COMPDIR_NOFILE);
	expect("--v", "--version", COMPDIR_NOFILE);
	expect("generate |", "macroimage,multivolume,stateful", COMPDIR_NOFILE);
	expect("generate m", "macroimage,multivolume", COMPDIR_NOFILE);
	/* one mode only: after it, nothing but flags */
	expect("generate stateful |", "", COMPDIR_NOFILE);
	expect("completion |", "bash,zsh,fish,kubectl", COMPDIR_NOFILE);
	/* hidden commands are never offered, nor completed */
	expect("__", "", COMPDIR_NOFILE);
	expect("__complete |", "", COMPDIR_NOFILE);
	expect("nosuch |", "", COMPDIR_NOFILE);
}

static void test_flags(void **state)
{
	struct compl c;

	(void)state;
	expect("generate --ro", "--root", COMPDIR_NOFILE);
	expect("generate --root /x --ro", "", COMPDIR_NOFILE);	/* given once already */
	expect("generate --tcp 80 --tc", "--tcp", COMPDIR_NOFILE);	/* lists take more */
	expect("generate --hel", "--help", COMPDIR_NOFILE);
	expect("generate --no-i", "--no-interactive", COMPDIR_NOFILE);
	run("generate -", &c);
	assert_non_null(desc_of(&c, "-c"));
	assert_non_null(desc_of(&c, "--container-name"));
	assert_string_equal(desc_of(&c, "--force"), "Replace files that already exist in --dest");
	compl_free(&c);
	/* after "--" everything is an argument */
	expect("generate -- --ro", "", COMPDIR_NOFILE);
}

static void test_values(void **state)
{
	char *line;
	struct compl c;

	(void)state;
	expect("generate -o |", "yaml,json", COMPDIR_NOFILE);
	expect("generate --output j", "json", COMPDIR_NOFILE);
	expect("generate --output=y", "yaml", COMPDIR_NOFILE);
	expect("generate -o=y", "yaml", COMPDIR_NOFILE);
	expect("version -o |", "json,yaml", COMPDIR_NOFILE);
	expect("generate --dest |", "", COMPDIR_FILTERDIRS);
	expect("generate -e=|", "", COMPDIR_FILTERDIRS);
	expect("generate --tcp |", "", COMPDIR_NOFILE);
	/* a bool takes no value: the next word is the mode */
	expect("generate -f |", "macroimage,multivolume,stateful", COMPDIR_NOFILE);
	/* greedy --tcp took "80", so the mode is still to come */
	expect("generate --tcp 80 m", "macroimage,multivolume", COMPDIR_NOFILE);

	/* machines: under the --root typed on the line, in any form */
	line = xasprintf("generate macroimage --root %s/m -c |", root);
	expect(line, "db,web", COMPDIR_NOFILE);
	free(line);
	line = xasprintf("generate --root=%s/m --container-name=w", root);
	expect(line, "web", COMPDIR_NOFILE);
	free(line);
	line = xasprintf("generate --root %s/m -fc |", root);
	run(line, &c);
	assert_string_equal(desc_of(&c, "web"), "CentOS Linux release 7.4.1708 (Core)");
	assert_string_equal(desc_of(&c, "db"), "");
	compl_free(&c);
	free(line);
	line = xasprintf("generate --root %s/nonexistent -c |", root);
	expect(line, "", COMPDIR_NOFILE);
	free(line);
}

static void test_kubeconfig(void **state)
{
	char *cfg = xasprintf("%s/kube/config", root);
	char *both = xasprintf("%s/kube/config:%s/missing:%s/kube/other", root, root, root);
	char *line;
	struct compl c;

	(void)state;
	setenv("KUBECONFIG", cfg, 1);
	run("X |", &c);	/* no command: nothing, quietly */
	compl_free(&c);
	c = (struct compl){ 0 };
	complete_value(COMPL_CONTEXT, NULL, NULL, "", &c);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.v[0].word, "prod");
	assert_string_equal(c.v[0].desc, "cluster c1, namespace shop");
	assert_string_equal(c.v[1].desc, "cluster c2");
	compl_free(&c);
	/* KUBECONFIG lists: every file, missing ones skipped, first name wins */
	setenv("KUBECONFIG", both, 1);
	complete_value(COMPL_CONTEXT, NULL, NULL, "", &c);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.v[2].word, "lab");
	compl_free(&c);
	complete_value(COMPL_CLUSTER, NULL, NULL, "c", &c);
	assert_int_equal(c.n, 1);
	compl_free(&c);
	/* --kubeconfig on the line beats KUBECONFIG */
	struct kube_opts k;
	kube_opts_init(&k);
	line = xasprintf("%s/kube/other", root);
	k.kubeconfig = line;
	complete_value(COMPL_CONTEXT, NULL, &(struct compl_ctx){ NULL, &k }, "", &c);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.v[0].word, "lab");
	compl_free(&c);
	free(line);
	/* the live look-ups say nothing when there is no cluster to ask */
	setenv("KUBECONFIG", "/nonexistent", 1);
	complete_value(COMPL_NAMESPACE, NULL, NULL, "", &c);
	assert_int_equal(c.n, 0);
	assert_int_equal(c.directive, COMPDIR_NOFILE);
	compl_free(&c);
	complete_value(COMPL_POD, NULL, NULL, "", &c);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.v[0].word, "deployment/");
	assert_int_equal(c.directive, COMPDIR_NOFILE | COMPDIR_NOSPACE);
	compl_free(&c);
	unsetenv("KUBECONFIG");
	free(cfg);
	free(both);
}

static void test_print(void **state)
{
	struct compl c = { 0 };
	char buf[256] = { 0 };
	FILE *f = fmemopen(buf, sizeof(buf) - 1, "w");

	(void)state;
	compl_add(&c, "a", "first\tline\nsecond");
	compl_add(&c, "b", NULL);
	c.directive = COMPDIR_NOFILE | COMPDIR_NOSPACE;
	compl_print(&c, 1, f);
	compl_print(&c, 0, f);
	fclose(f);
	assert_string_equal(buf, "a\tfirst line second\nb\n:6\na\nb\n:6\n");
	compl_free(&c);
}

/* The interactive mode's answers pass generate's own flag checks. */
static const struct opt *gen_opt(const char *name)
{
	const struct opt *o = opt_find(cmd_generate_groups, 1, name, NULL, NULL);
	assert_non_null(o);
	return o;
}

static void refused(const char *name, const char *answer, const char *why_part)
{
	char *why = interactive_check(gen_opt(name), answer);
	assert_non_null(why);
	assert_non_null(strstr(why, why_part));
	free(why);
}

static void test_answers(void **state)
{
	(void)state;
	assert_null(interactive_check(gen_opt("tcp"), "80"));
	assert_null(interactive_check(gen_opt("tcp"), "9022:22 80,443"));
	refused("tcp", "80 99999", "invalid port \"99999\" for --tcp");
	refused("tcp", "http", "invalid port \"http\"");
	assert_null(interactive_check(gen_opt("image-url"), "http://files.example.com/web.tar.gz"));
	refused("image-url", "ftp://files.example.com/web.tar.gz", "use an http:// or https:// URL");
	refused("image-url", "http://x/a b.tar.gz", "white space");
	refused("image-sha256", "abc", "64 hexadecimal digits");
	refused("service-account", "Root!", "invalid service account");
	refused("container-name", "../etc", "not a path");
	refused("container-name", "___", "no letters or digits");
	refused("output", "xml", "must be one of yaml, json");
	refused("ip", "300.1.1.1", "invalid IP address");
	assert_null(interactive_check(gen_opt("load-balancer"), "y"));
	refused("load-balancer", "maybe", "answer y or n");
}

static void test_labels(void **state)
{
	static const char *const modes[] = { "macroimage", "multivolume", "stateful", NULL };
	struct { const char *opt, *label; } want[] = {
		{ "container-name", "The macrocontainer to carry" },
		{ "image-url", "Where the init container downloads the machine's archive" },
		{ "archive", "Also write the machine image" },
		{ "tcp", "TCP ports to expose" },
		{ "local-image", "Never pull" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		char *l = interactive_label(gen_opt(want[i].opt), modes);
		assert_string_equal(l, want[i].label);
		free(l);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commands_and_modes),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_kubeconfig),
		cmocka_unit_test(test_print),
		cmocka_unit_test(test_answers),
		cmocka_unit_test(test_labels),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
