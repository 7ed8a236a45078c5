/* `generate macroimage|multivolume|stateful`: flags to a gen_opts, then gen/. */
#include "cmd/cmd-generate.h"
#include "gen/flagcheck.h"
#include "gen/generate.h"
#include "diag/kube/kubeconfig.h"
#include "lib/names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define O(field) offsetof(struct gen_opts, field)

static const char *const outputs[] = { "yaml", "json", NULL };
static const char *const workloads[] = { "pod", "deployment", NULL };
static const char *const modes[] = { "macroimage", "multivolume", "stateful", NULL };
static const char *const inits[] = { "auto", "systemd", "services", "sysv", NULL };

/* The modes (bits in .modes and .required): cmd_generate_entry.args' order. */
#define MI (1u << GEN_MACROIMAGE)
#define MV (1u << GEN_MULTIVOLUME)
#define ST (1u << GEN_STATEFUL)

static const char *const not_with_dest[] = { "dest", "archive", NULL };
static const char *const not_with_output[] = { "output", NULL };
static const char *const not_with_archive[] = { "output", "image-sha256", NULL };
static const char *const not_with_base_image[] = { "base-image", NULL };	/* no image of ours to name */

/* The defaults generate would use, offered by the interactive mode. */
static char *default_namespace(const char *(*value_of)(const void *, const char *), const void *ctx);

static char *default_account(const char *(*value_of)(const void *, const char *), const void *ctx)
{
	const char *machine = value_of(ctx, "container-name");
	struct gen_names nm;
	struct err e = { 0 };
	char *a;

	if (!machine || gen_names_make(machine, &nm, &e) < 0)
		return NULL;
	a = xstrdup(nm.account);
	gen_names_free(&nm);
	return a;
}

static char *default_node(const char *(*value_of)(const void *, const char *), const void *ctx)
{
	char host[256];

	(void)value_of, (void)ctx;
	return gen_host_node(host, sizeof(host)) == 0 && name_is_dns1123_subdomain(host) ? xstrdup(host) : NULL;
}

/* Short names follow kubectl's meanings (-f a file, -l a selector, -s the
 * server, -i interactive): the ones that did not keep working for one
 * release, with pflag's deprecation line (old_sname). */
static const struct opt gen_opts_table[] = {
	{ "root", 0, OPT_STRING, O(root), "DIR",
	  "Where leapp-tool keeps macrocontainers (default " MACHINE_DEFAULT_ROOT ").", OPTF_ASK, COMPL_DIR, NULL, NULL,
	  .check = gen_check_nonempty, .def = MACHINE_DEFAULT_ROOT },
	{ "container-name", 'c', OPT_STRING, O(container_name), "NAME",
	  "The macrocontainer to carry: a directory under --root (required).", 0, COMPL_MACHINE, NULL, NULL,
	  .check = gen_check_machine, .required = MI | MV | ST },
	{ "namespace", 'n', OPT_STRING, O(namespace), "NAMESPACE",
	  "The namespace of the objects (default: the current kubeconfig context's, else \"default\"); every printed command says it.",
	  OPTF_ASK, COMPL_NAMESPACE, NULL, NULL, .check = gen_check_namespace, .def_fn = default_namespace },
	{ "service-account", 0, OPT_STRING, O(service_account), "NAME",
	  "The machine's own service account (default leapp-NAME; never the namespace's default), written as a "
	  "ServiceAccount object, to which alone the next steps grant what the machine needs.", OPTF_ASK, COMPL_NONE, NULL, NULL,
	  .check = gen_check_account, .old_sname = 's', .old_why = "use --service-account (-s is --server, as in kubectl)",
	  .def_fn = default_account },
	{ "node", 0, OPT_STRING, O(node), "NODE",
	  "stateful: the node that holds the machine's files (default: this host's name, where leapp-tool ran): "
	  "its PersistentVolumes are pinned to it.", OPTF_ASK, COMPL_NONE, NULL, NULL,
	  .check = gen_check_node, .modes = ST, .def_fn = default_node },
	{ "tcp", 't', OPT_LIST, O(tcp), "[EXPOSED:]PORT",
	  "TCP ports to expose; repeat the flag or separate with commas (--tcp 9022:22,80).",
	  OPTF_GREEDY | OPTF_ASK, COMPL_NONE, NULL, port_looks_like, .check = gen_check_port },
	{ "udp", 0, OPT_LIST, O(udp), "[EXPOSED:]PORT",
	  "UDP ports to expose, as --tcp.", OPTF_GREEDY, COMPL_NONE, NULL, port_looks_like, .check = gen_check_port },
	{ "ip", 0, OPT_LIST, O(ips), "IP",
	  "Addresses the Service accepts traffic on: spec.externalIPs (OpenShift allows none until an administrator's "
	  "externalIP policy does: the next steps say how), or with -b the addresses MetalLB gives the LoadBalancer.",
	  OPTF_GREEDY, COMPL_NONE, NULL, ip_looks_like,
	  .check = gen_check_ip, .old_sname = 'i', .old_why = "use --ip (-i is --interactive)" },
	{ "load-balancer", 'b', OPT_BOOL, O(load_balancer), NULL,
	  "Make the Service a LoadBalancer (on bare metal, MetalLB's; with --ip, its metallb.universe.tf/loadBalancerIPs "
	  "annotation keeps the old server's address).", 0, COMPL_NONE, NULL, NULL },
	{ "dest", 'e', OPT_STRING, O(dest), "DIR",
	  "Write the files here, creating it if needed (default: the current directory).", OPTF_ASK, COMPL_DIR, NULL, NULL,
	  .check = gen_check_nonempty, .def = ".", .conflicts = not_with_output },
	{ "output", 'o', OPT_STRING, O(output), "FORMAT",
	  "Print the objects instead of writing files, for `oc apply -f -`.",
	  0, COMPL_CHOICES, outputs, NULL, .conflicts = not_with_dest },
	{ "force", 0, OPT_BOOL, O(force), NULL,
	  "Replace files that already exist in --dest.", 0, COMPL_NONE, NULL, NULL,
	  .old_sname = 'f', .old_why = "use --force (-f is a file, as in kubectl)" },
	{ "init", 0, OPT_STRING, O(init), "INIT",
	  "What runs as PID 1: systemd (the machine's /sbin/init, the runtime's systemd mode), services "
	  "(leapp-init starts the machine's enabled systemd units; for systemd older than 230, as CentOS 7's, "
	  "on cgroup v2 nodes), sysv (leapp-init runs the rc3.d scripts of upstart and sysvinit machines), "
	  "or auto (default): systemd from 230, services before, sysv without systemd.", OPTF_ASK, COMPL_CHOICES, inits, NULL,
	  .def = "auto" },
	{ "host-cgroup", 0, OPT_BOOL, O(host_cgroup), NULL,
	  "With --init systemd on cgroup v1 nodes only: mount the node's /sys/fs/cgroup, as 2017's docker needed "
	  "(it turns off CRI-O's systemd support and exposes the node's cgroup tree; needs hostmount-anyuid).",
	  0, COMPL_NONE, NULL, NULL },
	{ "grace-period", 0, OPT_STRING, O(grace_period), "SECONDS",
	  "How long the machine may take to stop before it is killed: terminationGracePeriodSeconds (default 120; 90s, 5m).",
	  0, COMPL_NONE, NULL, NULL },
	{ "memory", 0, OPT_STRING, O(memory), "QUANTITY",
	  "Memory the machine requests, and its limit (512Mi, 4Gi).", 0, COMPL_NONE, NULL, NULL,
	  .check = gen_check_memory },
	{ "cpu", 0, OPT_STRING, O(cpu), "QUANTITY",
	  "CPU the machine requests, in cores (2, 0.5, 500m); no limit.", 0, COMPL_NONE, NULL, NULL,
	  .check = gen_check_cpu },
	{ "registry", 0, OPT_STRING, O(registry), "REGISTRY",
	  "Where the images go: REGISTRY/leapp-NAME-base:TAG (TAG from its content) and, for macroimage, "
	  "REGISTRY/leapp-NAME:latest, built and pushed with podman. Default: OpenShift image streams of the "
	  "current project, built in the cluster (oc new-build --binary).", OPTF_ASK, COMPL_NONE, NULL, NULL,
	  .check = gen_check_registry, .conflicts = not_with_base_image },
	{ "base-image", 0, OPT_STRING, O(base_image), "IMAGE",
	  "Run (or build on) this base image instead of the one generate writes into DEST/base-image.",
	  0, COMPL_NONE, NULL, NULL, .check = gen_check_text },
	{ "image", 0, OPT_STRING, O(image), "IMAGE",
	  "macroimage: the image to build and run (default leapp-NAME:latest in --registry).", 0, COMPL_NONE, NULL, NULL,
	  .check = gen_check_text, .modes = MI },
	{ "local-image", 0, OPT_BOOL, O(local_image), NULL,
	  "macroimage: never pull; the image is already on the node (imagePullPolicy: Never).", 0, COMPL_NONE, NULL, NULL,
	  .old_sname = 'l', .old_why = "use --local-image (-l is a label selector, as in kubectl)", .modes = MI },
	{ "image-url", 'm', OPT_STRING, O(image_url), "URL",
	  "multivolume: where the init container downloads the machine's archive (required).", 0, COMPL_NONE, NULL, NULL,
	  .check = gen_check_image_url, .modes = MV, .required = MV },
	{ "init-image", 0, OPT_STRING, O(init_image), "IMAGE",
	  "multivolume: fill the volumes with a shell script for this image's wget and tar (busybox's) instead of "
	  "leapp-init fetch from the base image.", 0, COMPL_NONE, NULL, NULL,
	  .check = gen_check_text, .modes = MV },
	{ "legacy-init-annotation", 0, OPT_BOOL, O(legacy_init_annotation), NULL,
	  "multivolume: write the init container as the pod.beta.kubernetes.io/init-containers annotation, as the 2017 tool did (Kubernetes before 1.8 only).",
	  0, COMPL_NONE, NULL, NULL, .modes = MV },
	{ "archive", 0, OPT_BOOL, O(archive), NULL,
	  "macroimage, multivolume: also write the machine image (as `PROG archive` does) into --dest, named as the Dockerfile or --image-url expects.",
	  0, COMPL_NONE, NULL, NULL, .modes = MI | MV, .conflicts = not_with_archive },
	{ "image-sha256", 0, OPT_STRING, O(image_sha256), "HEX",
	  "multivolume: the archive's SHA-256 (printed by `PROG archive`); the init container refuses a download that does not match.",
	  0, COMPL_NONE, NULL, NULL, .check = gen_check_sha256, .modes = MV },
	{ "check-url", 0, OPT_BOOL, O(check_url), NULL,
	  "multivolume: ask the web server whether --image-url serves the archive (a warning if not: the pods' network may differ).",
	  0, COMPL_NONE, NULL, NULL, .modes = MV },
	{ "capabilities", 0, OPT_LIST, O(capabilities), "+CAP,-CAP",
	  "Capabilities to ask for (+CAP) or not (-CAP), beyond those the machine's enabled services are known to need "
	  "(sshd: SYS_CHROOT and AUDIT_WRITE; crond: AUDIT_WRITE; a setuid ping: NET_RAW ...). They go into the container's "
	  "securityContext and an SCC of the machine's own.", 0, COMPL_CAPABILITY, NULL, NULL,
	  .check = gen_check_capability },
	{ "workload", 0, OPT_STRING, O(workload), "KIND",
	  "Run the machine as a bare Pod or a Deployment (default: deployment for stateful, pod otherwise).",
	  0, COMPL_CHOICES, workloads, NULL },
	{ "no-interactive", 0, OPT_BOOL, O(no_interactive), NULL,
	  "Never ask for missing values, even on a terminal.", OPTF_NOASK, COMPL_NONE, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL, 0, 0, NULL, NULL },
};

const struct optgroup cmd_generate_groups[1] = {
	{ "Options", gen_opts_table, NULL },
};

/* The current kubeconfig context's namespace, read by the cluster client's
 * own loader (kubectl's rules: KUBECONFIG, ~/.kube/config, in-cluster). No
 * kubeconfig at all is normal on the machine leapp-tool ran on; a broken one
 * must not stop generate: it is said once, and "default" is used. */
static void kube_namespace(char **ns, char **context, int quiet)
{
	struct kube_opts ko;
	struct kube_conf c;
	struct err e = { 0 };

	*ns = *context = NULL;
	kube_opts_init(&ko);
	if (kube_conf_load(&ko, &c, 1, &e) < 0) {
		/* kubectl's words for "there is no kubeconfig" */
		if (!quiet && !strstr(e.msg, "no configuration has been provided"))
			warnf("cannot read the kubeconfig for its namespace (%s): using \"default\"; -n chooses one", e.msg);
		return;
	}
	*ns = c.namespace ? xstrdup(c.namespace) : NULL;
	*context = c.context && *c.context ? xstrdup(c.context) : NULL;
	kube_conf_free(&c);
}

static char *default_namespace(const char *(*value_of)(const void *, const char *), const void *ctx)
{
	char *ns, *context;

	(void)value_of, (void)ctx;
	kube_namespace(&ns, &context, 1);	/* generate said it already */
	free(context);
	if (ns && name_is_dns1123_label(ns))
		return ns;
	free(ns);
	return xstrdup("default");
}

int generate_command(int argc, char **argv, int ask, enum ask_scope scope)
{
	const struct command *self = &cmd_generate_entry;
	struct gen_opts o = { 0 };
	struct strlist pos = { 0 }, answered = { 0 };
	struct gen_plan plan = { 0 };
	struct gen_result res = { 0 };
	struct err e = { 0 };
	void *bases[] = { &o };
	struct optgroup bound[] = { { "Options", gen_opts_table, &o } };
	enum gen_mode mode;
	char *kube_ns = NULL, *kube_ctx = NULL;
	int rc = command_parse(self, bases, argc, argv, &pos, NULL, &e);

	if (rc != OPT_PARSED)
		goto out;
	if (!o.namespace) {
		kube_namespace(&kube_ns, &kube_ctx, 0);
		o.kube_namespace = kube_ns;
		o.kube_context = kube_ctx;
	}
	if (ask && !o.no_interactive && interactive_possible() &&
	    (scope == ASK_ALL || interactive_needed(self, bound, 1, &pos))) {
		rc = interactive_ask(self, bound, 1, &pos, argc, argv, scope, &answered, &e);
		goto out;
	}
	if (pos.n == 0) {
		rc = err_set(&e, EXIT_USAGE, "generate needs a mode: macroimage, multivolume or stateful");
		goto out;
	}
	if (gen_mode_parse(pos.v[0], &mode) < 0) {
		rc = err_set(&e, EXIT_USAGE, "unknown mode \"%s\": use macroimage, multivolume or stateful", pos.v[0]);
		goto out;
	}
	if (pos.n > 1) {
		rc = err_set(&e, EXIT_USAGE, "unexpected argument \"%s\"", pos.v[1]);
		goto out;
	}
	o.prog = prog_display();
	rc = gen_plan_make(mode, &o, &plan, &e);
	if (!rc && o.archive)
		rc = gen_archive(&plan, &e);
	if (!rc && o.check_url)
		gen_check_url(&plan);
	if (!rc)
		rc = gen_build(&plan, &res, &e);
	if (!rc)
		rc = gen_output(&plan, &res, &e);
	if (rc)
		gen_archive_discard(&plan);
out:
	gen_result_free(&res);
	gen_plan_free(&plan);
	free(kube_ns);
	free(kube_ctx);
	strlist_free(&pos);
	opt_free(bound, 1);
	if (rc == 0 && answered.n) {
		rc = generate_command((int)answered.n, answered.v, 0, scope);
		strlist_free(&answered);
		return rc;
	}
	return rc < 0 ? err_report(&e) : EXIT_OK;
}

static int run(const struct command *self, int argc, char **argv)
{
	(void)self;
	return generate_command(argc, argv, 1, ASK_MISSING);
}

const struct command cmd_generate_entry = {
	.name = "generate",
	.usage = "generate macroimage|multivolume|stateful -c NAME [options]",
	.summary = "Write the objects that run a migrated machine",
	.description =
		"Read a macrocontainer (the root filesystem leapp-tool migrated into\n"
		"/var/lib/leapp/macrocontainers/NAME) and write the Kubernetes/OpenShift objects\n"
		"that run it, in one of three ways:\n\n"
		"  macroimage   the whole machine in one image: a Dockerfile and a Pod\n"
		"  multivolume  the base image plus one volume per top-level directory, filled by an\n"
		"               init container that downloads the machine's archive (--image-url)\n"
		"  stateful     one PersistentVolume per directory, on the machine's live files,\n"
		"               run by a Deployment\n\n"
		"Every mode runs on the machine's base image, which generate writes too, as\n"
		"DEST/base-image/ (a Dockerfile and its context: the machine's top-level\n"
		"directories and links, and leapp-init), for any release. --init chooses PID 1:\n"
		"the machine's systemd, or leapp-init starting its services where systemd cannot\n"
		"run (older than 230 on cgroup v2 nodes; upstart and sysvinit machines).\n\n"
		"The objects go to -n's namespace (default: the kubeconfig context's) and run as a\n"
		"ServiceAccount of the machine's own; when its enabled services need capabilities\n"
		"the runtime does not give (sshd's SYS_CHROOT and AUDIT_WRITE, a setuid ping's\n"
		"NET_RAW), the pod asks for them and an OpenShift SCC of its own allows exactly\n"
		"them. stateful's volumes are pinned to --node and reserved for their claims. Every\n"
		"object carries app.kubernetes.io/instance=NAME.NAMESPACE, by which the next steps\n"
		"remove them all. The machine's /etc/hosts becomes the pod's hostAliases.\n\n"
		"A Service is written when ports are given. Files are written whole or not at all;\n"
		"existing ones are kept unless --force. With -o the objects go to standard output\n"
		"and what to do next to standard error.\n\n"
		"On a terminal, a mode or a value it requires left out is asked for; `PROG interactive`\n"
		"(or `PROG -i`) asks for every option, one question at a time.\n",
	.examples =
		"  # The whole machine as one image, built and pushed with podman\n"
		"  PROG generate macroimage -c web --tcp 9022:22 --tcp 80 --registry quay.io/acme -e ~/templates\n\n"
		"  # Volumes filled from a web server; services started without systemd as PID 1\n"
		"  PROG generate multivolume -c web -t 80 --init services --memory 2Gi \\\n"
		"      --image-url http://files.example.com/web.tar.gz -e ~/templates\n\n"
		"  # The machine's own files as persistent volumes\n"
		"  PROG generate stateful -c db -t 5432 -n databases -e ~/templates\n",
	.groups = cmd_generate_groups,
	.ngroups = 1,
	.args = modes,
	.run = run,
};
