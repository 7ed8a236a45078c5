/* `diagnose`: what the user named, the facts (live or from saved files), the
 * rule catalogue over them, and a report. Exit 0 with no error finding, 3
 * with one, 1 when the diagnosis could not be made, 2 for usage. */
#include "diag/analyze.h"
#include "cmd/command.h"
#include "diag/live.h"
#include "cmd/kubeflags.h"
#include "diag/offline.h"
#include "diag/report.h"
#include "diag/selector.h"
#include "lib/term.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct diag_opts {
	const char *selector, *output, *from_file;
	int all, all_namespaces;
	struct strlist logs, previous_logs;
};

#define O(field) offsetof(struct diag_opts, field)

static const char *const formats[] = { "json", "yaml", NULL };

static const struct opt diag_opts_table[] = {
	{ "selector", 'l', OPT_STRING, O(selector), "SELECTOR",
	  "Diagnose the pods with these labels, as kubectl -l takes them (key=value, key!=value, key in (a,b), "
	  "!key).", 0, COMPL_NONE, NULL, NULL },
	{ "all", 0, OPT_BOOL, O(all), NULL,
	  "Diagnose every pod in the namespace (and every controller there that cannot make its pods).",
	  0, COMPL_NONE, NULL, NULL },
	{ "all-namespaces", 'A', OPT_BOOL, O(all_namespaces), NULL,
	  "Diagnose across every namespace (with -l, or alone for every pod).", 0, COMPL_NONE, NULL, NULL },
	{ "output", 'o', OPT_STRING, O(output), "FORMAT",
	  "Print the diagnosis as data.", 0, COMPL_CHOICES, formats, NULL },
	{ "from-file", 'f', OPT_STRING, O(from_file), "PATH",
	  "Read saved files instead of the cluster: `oc get -o json|yaml` output (a Pod or a List), "
	  "a directory from `oc adm inspect` or must-gather, or one packed as .tar.gz.",
	  0, COMPL_FILE, NULL, NULL },
	{ "log", 0, OPT_LIST, O(logs), "CONTAINER=FILE",
	  "With --from-file: a saved log of that container (`oc logs POD -c CONTAINER`).", 0, COMPL_FILE, NULL, NULL },
	{ "previous-log", 0, OPT_LIST, O(previous_logs), "CONTAINER=FILE",
	  "With --from-file: a saved log of that container's previous run (`oc logs --previous`).",
	  0, COMPL_FILE, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL, 0, 0, NULL, NULL },
};

static const struct optgroup diag_groups[] = {
	{ "Options", diag_opts_table, NULL },
	{ KUBE_OPTS_TITLE, kube_opts_table, NULL },
};

static int pick_target(const struct diag_opts *o, const struct strlist *pos, struct diag_target *t,
		       int *have, struct err *e)
{
	int ways = (pos->n > 0) + (o->selector != NULL) + (o->all != 0);
	struct label_selector *sel;

	*have = 1;
	memset(t, 0, sizeof(*t));
	if (pos->n > 1)
		return err_set(e, EXIT_USAGE, "diagnose takes one pod or controller, not %zu", pos->n);
	if (ways > 1)
		return err_set(e, EXIT_USAGE, "name a pod, or give -l SELECTOR, or --all: only one of them");
	if (pos->n && o->all_namespaces)	/* kubectl's own refusal */
		return err_set(e, EXIT_USAGE, "a resource cannot be retrieved by name across all namespaces");
	if (pos->n)
		return diag_target_parse(pos->v[0], t, e);
	if (o->selector) {
		if (!*o->selector)
			return err_set(e, EXIT_USAGE, "-l needs a selector, e.g. -l name=leapp-web-label");
		if (selector_parse(o->selector, &sel, e) < 0)
			return -1;
		selector_free(sel);
		t->kind = TARGET_SELECTOR;
		t->selector = o->selector;
		return 0;
	}
	if (o->all || o->all_namespaces) {
		t->kind = TARGET_ALL;
		return 0;
	}
	if (!o->from_file)
		return err_set(e, EXIT_USAGE, "name a pod (POD, pod/NAME, deployment/NAME ...), or give -l SELECTOR, --all or -A");
	*have = 0;	/* offline: every pod in the input */
	return 0;
}

static int gather(const struct diag_opts *o, const struct kube_opts *ko, const struct diag_target *t,
		  int have, struct diag_facts_list *facts, struct err *e)
{
	struct kube_client *c = NULL;
	int rc;

	if (o->from_file) {
		if (diag_load_offline(o->from_file, have ? t : NULL, o->all_namespaces ? NULL : ko->namespace, facts, e) < 0)
			return -1;
		if ((o->logs.n || o->previous_logs.n) && facts->n != 1)
			return err_set(e, EXIT_USAGE, "--log needs the input to hold one pod, not %zu; name it", facts->n);
		for (size_t i = 0; i < o->logs.n; i++)
			if (diag_add_log_file(&facts->v[0], o->logs.v[i], 0, e) < 0)
				return -1;
		for (size_t i = 0; i < o->previous_logs.n; i++)
			if (diag_add_log_file(&facts->v[0], o->previous_logs.v[i], 1, e) < 0)
				return -1;
		return 0;
	}
	if (o->logs.n || o->previous_logs.n)
		return err_set(e, EXIT_USAGE, "--log and --previous-log go with --from-file");
	if (kube_client_open(ko, &c, e) < 0) {
		kube_client_free(c);
		return -1;
	}
	const char *ns = o->all_namespaces ? NULL : ko->namespace ? ko->namespace : kube_client_namespace(c);
	rc = diag_collect_live(c, t, ns, facts, e);
	kube_client_free(c);
	if (rc == 0 && !facts->n)
		rc = ns ? err_set(e, EXIT_FAIL, "no pod found to diagnose in namespace %s", ns)
			: err_set(e, EXIT_FAIL, "no pod found to diagnose in any namespace");
	return rc;
}

static int run(const struct command *self, int argc, char **argv)
{
	struct diag_opts o = { 0 };
	struct kube_opts ko;
	struct strlist pos = { 0 };
	struct err e = { 0 };
	struct diag_target t;
	struct diag_facts_list facts = { 0 };
	struct rule_set rs = { 0 };
	struct diagnosis *d = NULL;
	struct strbuf out = STRBUF_INIT;
	int have, rc;
	enum diag_severity worst = SEV_INFO;

	kube_opts_init(&ko);
	void *bases[] = { &o, &ko };
	rc = command_parse(self, bases, argc, argv, &pos, NULL, &e);
	if (rc != OPT_PARSED)
		goto out;
	if ((rc = pick_target(&o, &pos, &t, &have, &e)) < 0)
		goto out;
	if ((rc = gather(&o, &ko, &t, have, &facts, &e)) < 0)
		goto out;
	if ((rc = rules_compile(&rs, diag_families, diag_nfamilies, &e)) < 0)
		goto out;
	d = xcalloc(facts.n, sizeof(*d));
	for (size_t i = 0; i < facts.n; i++) {
		diag_analyze(&rs, &facts.v[i], &d[i]);
		if (diagnosis_worst(&d[i]) > worst)
			worst = diagnosis_worst(&d[i]);
	}
	if (o.output)
		rc = report_data(&out, d, facts.n, !strcmp(o.output, "yaml"), &e);
	else
		report_text(&out, d, facts.n, term_use_color(stdout));
	if (rc == 0) {
		fwrite(out.buf ? out.buf : "", 1, out.len, stdout);
		if (fflush(stdout) != 0)
			rc = err_set(&e, EXIT_FAIL, "cannot write the report");
	}
out:
	for (size_t i = 0; d && i < facts.n; i++)
		diagnosis_free(&d[i]);
	free(d);
	sb_free(&out);
	rules_free(&rs);
	diag_facts_list_free(&facts);
	{
		struct optgroup g[2] = { diag_groups[0], diag_groups[1] };
		g[0].base = &o;
		g[1].base = &ko;
		opt_free(g, 2);
	}
	strlist_free(&pos);
	if (rc == OPT_HELP)
		return EXIT_OK;
	if (rc < 0)
		return err_report(&e);
	return worst == SEV_ERROR ? EXIT_FINDINGS : EXIT_OK;
}

const struct command cmd_diagnose_entry = {
	.name = "diagnose",
	.usage = "diagnose [POD | TYPE/NAME | -l SELECTOR | --all | -A] [-o json|yaml] [--from-file PATH]",
	.summary = "Explain why a migrated machine's pod does not run, and how to fix it",
	.description =
		"Explain why a pod made by PROG generate is not running, and what to do about it.\n\n"
		"It reads what `oc describe` and `oc logs` would show: the pod's status, the events about\n"
		"it and the controllers above it (ReplicaSet and Deployment, StatefulSet, DaemonSet, Job\n"
		"and CronJob), the logs of the containers that failed, its volume claims. It names each\n"
		"problem found, root cause first: admission, scheduling, volumes, image, init container,\n"
		"start, the machine's init system, probes. Each finding quotes its evidence and gives one\n"
		"fix: the pod's own service account, the one SCC it needs, the generate flag that avoids\n"
		"it. What the pod got past (a mount that failed before its containers started, probes\n"
		"that failed before it became ready) is history, not a cause.\n\n"
		"Name a pod, or what makes pods (deployment/, replicaset/, statefulset/, daemonset/, job/,\n"
		"cronjob/NAME, and kubectl's short words: deploy, rs, sts, ds, cj): its pods now, or the\n"
		"controller itself when it could not make them. --all diagnoses every pod of the\n"
		"namespace, -A of every namespace, -l those a label selector picks (leapp's machines:\n"
		"-l 'name in (leapp-web-label)'); they read one pods list and one events list, then only\n"
		"what the failing pods need. What could not be read is said on the pods it concerns.\n\n"
		"With --from-file it needs no cluster: give it `oc get pod NAME -o yaml` output, a List\n"
		"with the pod and its events, or what `oc adm inspect ns/NAMESPACE` wrote (a directory or\n"
		"a .tar.gz). It reads at most 768 MiB of objects and logs, all files together.\n\n"
		"-o json and -o yaml print apiVersion oc-leapp.io/v1alpha1, kind Diagnosis (or\n"
		"DiagnosisList), as the JSON Schema diag/schema/diagnosis.schema.json defines.\n\n"
		"Exit status: 0 when no finding is an error, 3 when one is, 1 when the diagnosis could not\n"
		"be made, 2 for a wrong command line.\n",
	.examples =
		"  PROG diagnose leapp-web-pod -n demo\n"
		"  PROG diagnose deployment/leapp-db -o json\n"
		"  PROG diagnose sts/leapp-db -n prod\n"
		"  PROG diagnose --all\n"
		"  PROG diagnose -A -l 'name in (leapp-web-label,leapp-db-label)'\n"
		"  oc adm inspect ns/demo --dest-dir=demo.inspect && PROG diagnose --from-file demo.inspect\n"
		"  oc get pod leapp-web-pod -o yaml > pod.yaml && PROG diagnose --from-file pod.yaml\n",
	.groups = diag_groups,
	.ngroups = 2,
	.arg_complete = COMPL_POD,
	.run = run,
};
