/* The test helper (built by make check, never installed): drives the
 * cluster client from shell tests. `client __get PATH...` prints each
 * answer, `client __collect TARGET` prints what diag_collect_live gathered,
 * as JSON. It links the program's own objects, so it tests the real code;
 * the product binary carries none of this. */
#include "cmd/command.h"
#include "lib/emit.h"
#include "diag/live.h"
#include "diag/kube/kubeconfig.h"
#include "cmd/kubeflags.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct get_opts {
	long max_bytes;
	int sequential, no_body, show_config;
	const char *list_names;
	const char *selector;
	int all;
};

static const struct opt get_opts[] = {
	{ "max-bytes", 0, OPT_INT, offsetof(struct get_opts, max_bytes), "N",
	  "Cut each answer after N bytes (default: the client's cap).", 0, COMPL_NONE, NULL, NULL },
	{ "sequential", 0, OPT_BOOL, offsetof(struct get_opts, sequential), NULL,
	  "One request after the other (each its own batch).", 0, COMPL_NONE, NULL, NULL },
	{ "no-body", 0, OPT_BOOL, offsetof(struct get_opts, no_body), NULL,
	  "Print only the status lines.", 0, COMPL_NONE, NULL, NULL },
	{ "show-config", 0, OPT_BOOL, offsetof(struct get_opts, show_config), NULL,
	  "Print the connection settings kubeconfig and flags give (no secrets), and stop.", 0, COMPL_NONE, NULL, NULL },
	{ "list-names", 0, OPT_STRING, offsetof(struct get_opts, list_names), "RESOURCE",
	  "Print the names kube_list_names finds (pods or deployments) within 1 s, as completion does.",
	  0, COMPL_NONE, NULL, NULL },
	{ "selector", 'l', OPT_STRING, offsetof(struct get_opts, selector), "SELECTOR",
	  "__collect: the pods matching a label selector.", 0, COMPL_NONE, NULL, NULL },
	{ "all", 0, OPT_BOOL, offsetof(struct get_opts, all), NULL,
	  "__collect: every pod in the namespace.", 0, COMPL_NONE, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL, 0, 0, NULL, NULL },
};

static const struct optgroup get_groups[] = {
	{ "Options", get_opts, NULL },
	{ KUBE_OPTS_TITLE, kube_opts_table, NULL },
};

static void print_req(const struct kube_req *r, int no_body)
{
	printf("== GET %s\nstatus: %ld\nbytes: %zu\ntruncated: %d\n", r->path, r->status, r->len, r->truncated);
	if (r->err.code)
		err_report(&r->err);
	else if (!no_body && r->body)
		fwrite(r->body, 1, r->len, stdout);
	if (!no_body && r->len && r->body[r->len - 1] != '\n')
		putchar('\n');
}

static int do_get(struct kube_client *c, const struct get_opts *g, struct strlist *pos, struct err *e)
{
	struct kube_req *rs = xcalloc(pos->n, sizeof(*rs));
	int failed = 0;

	for (size_t i = 0; i < pos->n; i++) {
		rs[i].path = xstrdup(pos->v[i]);
		rs[i].max_bytes = g->max_bytes > 0 ? (size_t)g->max_bytes : 0;
		rs[i].want_json = !strstr(pos->v[i], "/log");
	}
	for (size_t i = 0; i < pos->n; i += g->sequential ? 1 : pos->n)
		if (kube_get_many(c, rs + i, g->sequential ? 1 : pos->n, e) < 0)
			failed = -1;
	for (size_t i = 0; i < pos->n && failed == 0; i++) {
		print_req(&rs[i], g->no_body);
		if (rs[i].err.code)
			failed = 1;
	}
	for (size_t i = 0; i < pos->n; i++)
		kube_req_free(&rs[i]);
	free(rs);
	return failed < 0 ? -1 : failed ? EXIT_FAIL : EXIT_OK;
}

/* Log text as a JSON string when it is UTF-8, else as base64 beside it. */
static json_t *facts_json(const struct diag_facts *f)
{
	json_t *logs = json_array();

	for (size_t i = 0; i < f->nlogs; i++) {
		const struct diag_log *l = &f->logs[i];
		json_t *o = json_pack("{s:s, s:b, s:b, s:b}", "container", l->container, "init", l->init,
				      "previous", l->previous, "truncated", l->truncated);
		if (l->text) {
			json_t *t = json_stringn(l->text, l->len);
			json_object_set_new(o, t ? "text" : "text_invalid_utf8", t ? t : json_integer((json_int_t)l->len));
		}
		if (l->error)
			json_object_set_new(o, "error", json_string(l->error));
		json_array_append_new(logs, o);
	}
	return json_pack("{s:s?, s:s?, s:O?, s:O, s:O, s:O, s:O, s:o, s:s?}", "namespace", f->namespace,
			 "pod_name", f->pod_name, "pod", f->pod, "events", f->events, "owners", f->owners,
			 "claims", f->claims, "volumes", f->volumes, "logs", logs, "source", f->source);
}

static int do_collect(struct kube_client *c, const struct get_opts *g, struct strlist *pos, struct err *e)
{
	struct diag_target t = { 0 };
	struct diag_facts_list l = { 0 };
	struct strbuf sb = STRBUF_INIT;

	if (g->all) {
		t.kind = TARGET_ALL;	/* every pod of the namespace */
	} else if (g->selector) {
		t.kind = TARGET_SELECTOR;
		t.selector = g->selector;
	} else if (pos->n != 1) {
		return err_set(e, EXIT_USAGE, "__collect takes one TARGET, -l SELECTOR or --all");
	} else if (diag_target_parse(pos->v[0], &t, e) < 0) {
		return -1;
	}
	if (diag_collect_live(c, &t, kube_client_namespace(c), &l, e) < 0)
		return -1;
	json_t *arr = json_array();
	for (size_t i = 0; i < l.n; i++)
		json_array_append_new(arr, facts_json(&l.v[i]));
	int rc = emit_json(&sb, arr, e);
	fputs(sb_str(&sb), stdout);
	sb_free(&sb);
	json_decref(arr);
	diag_facts_list_free(&l);
	return rc < 0 ? -1 : EXIT_OK;
}

/* What was chosen, without a secret in it: tokens and keys are only named. */
static int show_config(const struct kube_opts *ko, struct err *e)
{
	struct kube_conf c;

	if (kube_conf_load(ko, &c, 0, e) < 0)
		return -1;
	char *server = kube_url_shown(c.server);
	printf("context: %s\ncluster: %s\nuser: %s\nserver: %s\nnamespace: %s\n", c.context ? c.context : "",
	       c.cluster_name ? c.cluster_name : "", c.user_name ? c.user_name : "", server, c.namespace);
	free(server);
	printf("auth: %s%s%s\n", c.token ? "token " : "", c.cert ? "client-certificate " : "",
	       c.exec ? "exec" : "");
	char *proxy = c.proxy_url ? kube_url_shown(c.proxy_url) : xstrdup("");
	printf("ca: %s\ninsecure: %d\ntls-server-name: %s\nproxy-url: %s\nin-cluster: %d\ntimeout-ms: %ld\n",
	       c.ca ? "given" : "system", c.insecure, c.tls_server_name ? c.tls_server_name : "", proxy, c.in_cluster,
	       c.timeout_ms);
	free(proxy);
	if (c.exec)
		printf("exec-command: %s\n", c.exec->command);
	kube_conf_free(&c);
	return EXIT_OK;
}

static int run(const struct command *self, int argc, char **argv)
{
	struct get_opts g = { 0 };
	struct kube_opts ko;
	struct strlist pos = { 0 };
	struct err e = { 0 };
	struct kube_client *c = NULL;
	int rc;

	kube_opts_init(&ko);
	void *bases[] = { &g, &ko };
	rc = command_parse(self, bases, argc, argv, &pos, NULL, &e);
	if (rc == OPT_HELP) {
		rc = EXIT_OK;
		goto out;
	}
	if (rc < 0)
		goto out;
	if (g.list_names) {
		struct strlist names = { 0 };
		kube_list_names(&ko, g.list_names, 1000, &names);	/* quiet: completion shows nothing on errors */
		for (size_t i = 0; i < names.n; i++)
			puts(names.v[i]);
		strlist_free(&names);
		rc = EXIT_OK;
		goto out;
	}
	if (g.show_config) {
		rc = show_config(&ko, &e);
		goto out;
	}
	if (!strcmp(self->name, "__get") && !pos.n) {
		rc = err_set(&e, EXIT_USAGE, "__get needs at least one PATH");
		goto out;
	}
	if (kube_client_open(&ko, &c, &e) < 0) {
		rc = -1;
		goto out;
	}
	rc = !strcmp(self->name, "__get") ? do_get(c, &g, &pos, &e) : do_collect(c, &g, &pos, &e);
out:
	kube_client_free(c);
	strlist_free(&pos);
	opt_free((struct optgroup[]){ { "", get_opts, &g }, { "", kube_opts_table, &ko } }, 2);
	if (rc < 0)
		return err_report(&e);
	return rc;
}

static const struct command cmd_get_entry = {
	.name = "__get",
	.usage = "__get [options] PATH...",
	.summary = "(test) GET API paths with the cluster client",
	.description = "GET each PATH from the API server, all at once, and print the answers.\n",
	.groups = get_groups,
	.ngroups = 2,
	.run = run,
	.flags = CMDF_HIDDEN,
};

static const struct command cmd_collect_entry = {
	.name = "__collect",
	.usage = "__collect [options] TARGET|-l SELECTOR|--all",
	.summary = "(test) print what diagnose would gather from the cluster",
	.description = "Gather the facts about a pod, deployment/NAME, -l SELECTOR or --all and print them as JSON.\n",
	.groups = get_groups,
	.ngroups = 2,
	.run = run,
	.flags = CMDF_HIDDEN,
};

int main(int argc, char **argv)
{
	struct err e = { 0 };

	msg_set_prog("oc-leapp");
	if (argc >= 2 && !strcmp(argv[1], "__get"))
		return cmd_get_entry.run(&cmd_get_entry, argc - 2, argv + 2);
	if (argc >= 2 && !strcmp(argv[1], "__collect"))
		return cmd_collect_entry.run(&cmd_collect_entry, argc - 2, argv + 2);
	err_set(&e, EXIT_USAGE, "usage: %s __get [options] PATH... | __collect [options] TARGET", argv[0]);
	return err_report(&e);
}
