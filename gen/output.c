/* Where generated objects go: files in --dest (all or nothing), or one
 * stream on stdout with -o; and the next steps that are true for them. */
#include "lib/emit.h"
#include "lib/fsutil.h"
#include "gen/generate.h"
#include "lib/shquote.h"
#include "lib/strbuf.h"
#include "lib/term.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int render_file(const struct gen_file *f, struct strbuf *out, struct err *e)
{
	if (f->text) {
		sb_adds(out, f->text);
		return 0;
	}
	size_t n = json_array_size(f->docs);
	json_t **docs = xcalloc(n, sizeof(*docs));
	for (size_t i = 0; i < n; i++)
		docs[i] = json_array_get(f->docs, i);
	int rc = emit_yaml(out, docs, n, e);
	free(docs);
	return rc;
}

static int print_objects(const struct gen_result *r, const char *format, struct err *e)
{
	struct strbuf out = STRBUF_INIT;
	int rc;

	if (!strcmp(format, "json")) {
		json_t *list = json_pack("{s:s, s:s, s:O}", "apiVersion", "v1", "kind", "List", "items", r->objects);
		rc = emit_json(&out, list, e);
		json_decref(list);
	} else {
		size_t n = json_array_size(r->objects);
		json_t **docs = xcalloc(n, sizeof(*docs));
		for (size_t i = 0; i < n; i++)
			docs[i] = json_array_get(r->objects, i);
		rc = emit_yaml(&out, docs, n, e);
		free(docs);
	}
	if (rc == 0 && (fwrite(out.buf, 1, out.len, stdout) != out.len || fflush(stdout) != 0))
		rc = err_set(e, EXIT_FAIL, "cannot write to standard output");
	sb_free(&out);
	return rc;
}

static void step(struct strbuf *sb, int *n, const char *what)
{
	sb_addf(sb, "  %d. %s\n", ++*n, what);
}

/* A command to copy: every word quoted where the shell would split or
 * expand it. prog (our own name, "oc leapp") is one or two words. */
static void cmd_line(struct strbuf *sb, const char *const *argv)
{
	sb_adds(sb, "       ");
	for (size_t i = 0; argv[i]; i++) {
		sb_addc(sb, ' ');
		sb_add_shquoted(sb, argv[i]);
	}
	sb_addc(sb, '\n');
}

/* Our own command: prog is how we were started, one or two words ("oc
 * leapp", "kubectl leapp", "oc-leapp"), each a word of the line. */
static void prog_cmd_line(struct strbuf *sb, const char *prog, const char *const *argv)
{
	struct strlist words = { 0 };
	char *copy = xstrdup(prog), *save = NULL;
	size_t n = 0;

	for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
		strlist_push(&words, w);
	while (argv[n])
		n++;
	const char **all = xcalloc(words.n + n + 1, sizeof(*all));
	for (size_t i = 0; i < words.n; i++)
		all[i] = words.v[i];
	for (size_t i = 0; i < n; i++)
		all[words.n + i] = argv[i];
	cmd_line(sb, all);
	free(all);
	free(copy);
	strlist_free(&words);
}

static const char *prog_of(const struct gen_plan *p)
{
	return p->o->prog && *p->o->prog ? p->o->prog : "oc-leapp";
}

/* kubectl's own commands read as kubectl when we run as its plugin. */
static const char *kube_cli(const struct gen_plan *p)
{
	return !strncmp(prog_of(p), "kubectl", 7) ? "kubectl" : "oc";
}

static void step_archive(struct strbuf *sb, int *n, const struct gen_plan *p, const char *dest)
{
	char *archive = path_join(dest, p->archive_file);
	const char *busybox = p->mode == GEN_MULTIVOLUME && !p->fetch ? "--no-sparse" : NULL;

	step(sb, n, "Archive the machine (owners, modes, links, SELinux labels and ACLs kept):");
	prog_cmd_line(sb, prog_of(p), (const char *const[]){ "archive", "-c", p->m.name, "--root",
		p->o->root ? p->o->root : MACHINE_DEFAULT_ROOT, "--output", archive, busybox, NULL });
	if (busybox)
		sb_adds(sb, "     busybox's tar (the init container) restores no sparse files (hence --no-sparse), no\n"
			"     xattrs, ACLs, SELinux labels or file capabilities, and no hard links across volumes;\n"
			"     leapp-init fetch, the default init container, restores them all.\n");
	free(archive);
}

/* The label set as `-l` takes it: what oc new-build puts on the build
 * config and image stream it makes, so that deleting by label takes them. */
static char *label_arg(const struct gen_plan *p)
{
	json_t *l = gen_labels(p);
	struct strbuf sb = STRBUF_INIT;
	const char *k;
	json_t *v;

	json_object_foreach(l, k, v)
		sb_addf(&sb, "%s%s=%s", sb.len ? "," : "", k, json_string_value(v));
	json_decref(l);
	return sb_detach(&sb);
}

/* The base image and, for macroimage, the machine's image. With
 * --registry: podman builds and pushes. Without: OpenShift binary builds
 * into image streams of the current project, which the pod names bare
 * (oc set image-lookup). */
static void step_images(struct strbuf *sb, int *n, const struct gen_plan *p, const char *dest)
{
	const struct base_ctx *b = p->base_ctx;
	const char *ns = p->namespace;
	char *labels = label_arg(p);
	char *ctx = path_join(dest, GEN_BASE_DIR);
	int macro = p->mode == GEN_MACROIMAGE;
	int podman = p->o->registry || (macro && (p->o->image || p->o->local_image));
	char *base_is = b ? xasprintf("leapp-%s-base", p->names.n) : NULL;
	char *base_tag = b ? xasprintf("%s:%s", base_is, b->tag) : NULL;

	if (b && podman) {
		step(sb, n, macro ? "Build the base image the machine's image starts from:"
				  : "Build the base image and push it where the cluster pulls from:");
		cmd_line(sb, (const char *const[]){ "podman", "build", "-t", p->base_image, ctx, NULL });
		if (!macro)
			cmd_line(sb, (const char *const[]){ "podman", "push", p->base_image, NULL });
	} else if (b) {
		step(sb, n, "Build the base image in the cluster, into an image stream of the namespace (or give --registry to build and push it with podman):");
		cmd_line(sb, (const char *const[]){ "oc", "new-build", "--binary", "--strategy=docker",
			"--name", base_is, "--to", base_tag, "-l", labels, "-n", ns, NULL });
		cmd_line(sb, (const char *const[]){ "oc", "start-build", base_is, "--from-dir", ctx, "--follow", "-n", ns, NULL });
		if (!macro)
			cmd_line(sb, (const char *const[]){ "oc", "set", "image-lookup", base_is, "-n", ns, NULL });
	}
	if (macro && podman) {
		step(sb, n, p->o->local_image ? "Build the machine's image on the node that runs the pod (--local-image: it is never pulled):"
					      : "Build the machine's image from the Dockerfile and the archive, and push it:");
		cmd_line(sb, (const char *const[]){ "podman", "build", "-t", p->image, dest, NULL });
		if (!p->o->local_image)
			cmd_line(sb, (const char *const[]){ "podman", "push", p->image, NULL });
	} else if (macro) {
		char *is = xasprintf("leapp-%s", p->names.n);
		char *to = xasprintf("%s:latest", is);
		step(sb, n, "Build the machine's image in the cluster from the Dockerfile and the archive:");
		if (b)
			cmd_line(sb, (const char *const[]){ "oc", "new-build", "--binary", "--strategy=docker", "--name", is,
				"--image-stream", base_tag, "--to", to, "-l", labels, "-n", ns, NULL });
		else
			cmd_line(sb, (const char *const[]){ "oc", "new-build", "--binary", "--strategy=docker", "--name", is,
				"--to", to, "-l", labels, "-n", ns, NULL });
		cmd_line(sb, (const char *const[]){ "oc", "start-build", is, "--from-dir", dest, "--follow", "-n", ns, NULL });
		cmd_line(sb, (const char *const[]){ "oc", "set", "image-lookup", is, "-n", ns, NULL });
		free(is);
		free(to);
	}
	free(ctx);
	free(labels);
	free(base_is);
	free(base_tag);
}

static void caps_list(struct strbuf *sb, const struct gen_plan *p)
{
	for (size_t i = 0; i < p->caps.n; i++)
		sb_addf(sb, "%s%s", i ? (i + 1 == p->caps.n ? " and " : ", ") : "", p->caps.v[i].cap);
}

/* OpenShift: the SCC written for the pod, or the built-in one granted to
 * its account; Kubernetes: the Pod Security level its namespace needs. */
static void step_access(struct strbuf *sb, int *n, const struct gen_plan *p)
{
	const char *level = gen_pod_security_level(p);
	struct strbuf msg = STRBUF_INIT;

	if (gen_writes_scc(p)) {
		char *file = xasprintf("%s" GEN_SCC_FILE, p->names.n);
		sb_addf(&msg, "OpenShift: the SecurityContextConstraints %s (%s) admits the pod as root with ", p->scc_name,
			p->o->output ? "among the objects printed" : file);
		free(file);
		caps_list(&msg, p);
		sb_addf(&msg, ", for its account %s alone (named in its users: the grant is created and deleted with it); "
			"creating it needs a cluster administrator. anyuid allows no added capabilities.", p->account);
		step(sb, n, sb_str(&msg));
	} else {
		sb_addf(&msg, "OpenShift: let the machine's init run as root%s, for its own account only:",
			p->o->host_cgroup ? ", with the node's cgroup mounted" : "");
		step(sb, n, sb_str(&msg));
		cmd_line(sb, (const char *const[]){ "oc", "adm", "policy", "add-scc-to-user", gen_builtin_scc(p), "-z",
			p->account, "-n", p->namespace, NULL });
	}
	sb_reset(&msg);
	sb_addf(&msg, "Kubernetes: where the namespace enforces Pod Security, it must admit the level %s (", level);
	if (p->o->host_cgroup)
		sb_adds(&msg, "the pod mounts the node's /sys/fs/cgroup");
	else if (!strcmp(level, "privileged")) {
		int k = 0;
		for (size_t i = 0; i < p->caps.n; i++)
			if (!cap_in_baseline(p->caps.v[i].cap))
				sb_addf(&msg, "%s%s", k++ ? ", " : "", p->caps.v[i].cap);
		sb_adds(&msg, k > 1 ? " are beyond baseline's capabilities" : " is beyond baseline's capabilities");
	}
	else if (p->caps.n) {
		sb_adds(&msg, "root, and ");
		caps_list(&msg, p);
		sb_adds(&msg, ", which baseline allows");
	} else
		sb_adds(&msg, "root, which restricted refuses");
	sb_adds(&msg, "):");
	step(sb, n, sb_str(&msg));
	char *label = xasprintf("pod-security.kubernetes.io/enforce=%s", level);
	cmd_line(sb, (const char *const[]){ "kubectl", "label", "--overwrite", "namespace", p->namespace, label, NULL });
	free(label);
	sb_free(&msg);
}

/* What the Service needs from the cluster: --ip's externalIPs allowed by
 * OpenShift's policy (none by default), -b's address from a load balancer
 * (MetalLB on bare metal). */
static void step_service(struct strbuf *sb, int *n, const struct gen_plan *p)
{
	const struct strlist *ips = &p->o->ips;

	if (!p->nports)
		return;
	if (ips->n && !p->o->load_balancer) {
		json_t *cidrs = json_array();
		for (size_t i = 0; i < ips->n; i++) {
			char *c = xasprintf("%s/%s", ips->v[i], strchr(ips->v[i], ':') ? "128" : "32");
			json_array_append_new(cidrs, json_string(c));
			free(c);
		}
		json_t *patch = json_pack("{s:{s:{s:{s:o}}}}", "spec", "externalIP", "policy", "allowedCIDRs", cidrs);
		char *text = json_dumps(patch, JSON_COMPACT);
		step(sb, n, "OpenShift refuses the Service's externalIPs until a cluster administrator allows the addresses "
			    "(which must also be routed to the nodes):");
		cmd_line(sb, (const char *const[]){ "oc", "patch", "network.config.openshift.io", "cluster", "--type=merge", "-p", text, NULL });
		sb_adds(sb, "     The patch replaces the allowed list: add what it holds first, as\n");
		cmd_line(sb, (const char *const[]){ "oc", "get", "network.config.openshift.io", "cluster", "-o",
			"jsonpath={.spec.externalIP.policy}", NULL });
		free(text);
		json_decref(patch);
	} else if (p->o->load_balancer) {
		struct strbuf msg = STRBUF_INIT;
		sb_adds(&msg, "A LoadBalancer Service gets its address from the cluster's load balancer: on bare metal that is MetalLB "
			      "(on OpenShift, the MetalLB Operator) with an IPAddressPool, without which the Service stays <pending>. ");
		if (ips->n) {
			sb_adds(&msg, "Its annotation metallb.universe.tf/loadBalancerIPs asks MetalLB for ");
			for (size_t i = 0; i < ips->n; i++)
				sb_addf(&msg, "%s%s", i ? " and " : "", ips->v[i]);
			sb_adds(&msg, ", the old server's address, which must be in one of its pools.");
		} else {
			sb_adds(&msg, "To keep the old server's address there, generate with --ip ADDRESS too "
				      "(the annotation metallb.universe.tf/loadBalancerIPs).");
		}
		step(sb, n, sb_str(&msg));
		sb_free(&msg);
	}
}

/* kubectl create -f of every file but the SCC's, which Kubernetes refuses. */
static void create_without_scc(struct strbuf *sb, const struct gen_plan *p, const struct gen_result *r, const char *dest)
{
	struct strlist words = { 0 };

	strlist_push(&words, "kubectl");
	strlist_push(&words, "create");
	for (size_t i = 0; i < r->nfiles; i++) {
		size_t len = strlen(r->files[i].name);
		if (r->files[i].text || (len > strlen(GEN_SCC_FILE) && !strcmp(r->files[i].name + len - strlen(GEN_SCC_FILE), GEN_SCC_FILE)))
			continue;
		char *path = path_join(dest, r->files[i].name);
		strlist_push(&words, "-f");
		strlist_push(&words, path);
		free(path);
	}
	strlist_push(&words, "-n");
	strlist_push(&words, p->namespace);
	const char **argv = xcalloc(words.n + 1, sizeof(*argv));
	for (size_t i = 0; i < words.n; i++)
		argv[i] = words.v[i];
	cmd_line(sb, argv);
	free(argv);
	strlist_free(&words);
}

static void step_create(struct strbuf *sb, int *n, const struct gen_plan *p, const struct gen_result *r, const char *dest)
{
	const char *kube = kube_cli(p);

	if (p->o->output) {
		step(sb, n, "Create the objects this command printed, e.g.:");
		sb_addf(sb, "        ... | %s apply -f -\n", gen_writes_scc(p) ? "oc" : kube);	/* the objects name their namespace */
		if (gen_writes_scc(p))
			sb_adds(sb, "     Kubernetes refuses the SecurityContextConstraints, an OpenShift kind: there, write the files\n"
				"     with --dest instead of -o and create all of them but the SCC's.\n");
		return;
	}
	if (!gen_writes_scc(p)) {
		step(sb, n, "Create the objects:");
		cmd_line(sb, (const char *const[]){ kube, "create", "-f", dest, "-n", p->namespace, NULL });
		return;
	}
	step(sb, n, "Create the objects, on OpenShift (the SecurityContextConstraints needs a cluster administrator):");
	cmd_line(sb, (const char *const[]){ "oc", "create", "-f", dest, "-n", p->namespace, NULL });
	sb_adds(sb, "     On Kubernetes, which has no SecurityContextConstraints, every file but the SCC's:\n");
	create_without_scc(sb, p, r, dest);
}

/* Deleting by the instance label: `all` holds the pod, its Deployment and
 * ReplicaSet, the Service (and on OpenShift the build configs and image
 * streams oc new-build made); accounts, claims, volumes and SCCs are not
 * in `all` and are named. */
static void removal(struct strbuf *sb, const struct gen_plan *p)
{
	int stateful = p->mode == GEN_STATEFUL, scc = gen_writes_scc(p);
	char *sel = xasprintf("app.kubernetes.io/instance=%s", p->instance);
	const char *oc_kinds = stateful ? (scc ? "all,sa,pvc,pv,scc" : "all,sa,pvc,pv") : (scc ? "all,sa,scc" : "all,sa");
	const char *kube_kinds = stateful ? "all,sa,pvc,pv" : "all,sa";

	sb_adds(sb, "\nTo remove the machine from the cluster later (its objects, and nothing else):\n");
	if (scc || !strcmp(kube_cli(p), "oc"))
		cmd_line(sb, (const char *const[]){ "oc", "delete", oc_kinds, "-l", sel, "-n", p->namespace, NULL });
	if (scc || strcmp(kube_cli(p), "oc"))
		cmd_line(sb, (const char *const[]){ "kubectl", "delete", kube_kinds, "-l", sel, "-n", p->namespace, NULL });
	if (!scc)
		cmd_line(sb, (const char *const[]){ "oc", "adm", "policy", "remove-scc-from-user", gen_builtin_scc(p), "-z",
			p->account, "-n", p->namespace, NULL });
	if (stateful)
		sb_adds(sb, "     The machine's files stay where they are (the volumes are Retain).\n");
	free(sel);
}

char *gen_next_steps(const struct gen_plan *p, const struct gen_result *r, const char *dest)
{
	struct strbuf sb = STRBUF_INIT;
	int n = 0;

	sb_adds(&sb, "Next steps:\n");
	if (p->o->output && p->base_ctx) {
		step(&sb, &n, "The base image's build context is a directory, which -o does not print: run the same "
			      "command with --dest DIR instead of -o to write DIR/" GEN_BASE_DIR "/ (its name and tag stay the same).");
	}
	if (p->mode != GEN_STATEFUL && !p->archive_path)
		step_archive(&sb, &n, p, dest);
	if (p->mode == GEN_MULTIVOLUME) {
		char *path = p->archive_path ? xstrdup(p->archive_path) : path_join(dest, p->archive_file);
		char *file = shquote(path);
		free(path);
		char *msg = xasprintf("Put %s on the web server, readable by it, so that the nodes can download it from %s%s", file,
				      p->o->image_url, p->sha256[0] ? " (the init container checks its SHA-256)" : "");
		step(&sb, &n, msg);
		free(msg);
		free(file);
		if (!p->sha256[0])
			step(&sb, &n, "The init container cannot check the download: give --image-sha256 (printed by the archive command) or --archive.");
	}
	if (!p->o->output || !p->base_ctx)
		step_images(&sb, &n, p, dest);
	if (p->mode == GEN_STATEFUL) {
		step(&sb, &n, "Label the machine's files so that containers may use them (SELinux):");
		cmd_line(&sb, (const char *const[]){ "chcon", "-R", "-t", "container_file_t", "-l", "s0", p->m.path, NULL });
	}
	step_access(&sb, &n, p);
	step_service(&sb, &n, p);
	if (p->mode == GEN_STATEFUL) {
		char *msg = xasprintf("The PersistentVolumes need a cluster administrator. They are the macrocontainer's own directories "
				      "(leapp-tool destroy-container would destroy the running machine), reserved for its claims, and pinned "
				      "to the node %s%s. One copy runs: a second replica stays Pending (the pod shares no node with "
				      "another of its own, and the volumes hold it on that one).", p->node,
				      p->node_is_host ? " (this host's name: if its node is named otherwise, as oc get nodes shows, "
							"generate again with --node NAME)" : "");
		step(&sb, &n, msg);
		free(msg);
	}
	step_create(&sb, &n, p, r, dest);
	struct strbuf target = STRBUF_INIT;
	sb_addf(&target, "%s%s", p->deployment ? "deployment/" : "", p->deployment ? p->names.deployment : p->names.pod);
	sb_adds(&sb, "\nIf it does not run:\n");
	prog_cmd_line(&sb, prog_of(p), (const char *const[]){ "diagnose", sb_str(&target), "-n", p->namespace, NULL });
	sb_free(&target);
	removal(&sb, p);
	return sb_detach(&sb);
}

/* Text for people, which quotes the machine's files and the user's words:
 * no escape sequence reaches the terminal (commands in it are quoted with
 * $'\x1b' already). */
static void put_text(FILE *out, const char *text)
{
	struct strbuf sb = STRBUF_INIT;

	sb_add_sanitized(&sb, text, strlen(text));
	fputs(sb_str(&sb), out);
	sb_free(&sb);
}

/* A note is one line, whatever it quotes (a machine named with a newline):
 * control characters as C escapes, as in warnings. */
static void print_notes(FILE *out, const struct gen_result *r)
{
	for (size_t i = 0; i < r->notes.n; i++) {
		struct strbuf line = STRBUF_INIT;
		sb_adds(&line, "Note: ");
		for (const unsigned char *c = (const unsigned char *)r->notes.v[i]; *c; c++)
			if (*c == '\n')
				sb_adds(&line, "\\n");
			else if (*c < 0x20 || *c == 0x7f)
				sb_addf(&line, "\\x%02x", *c);
			else
				sb_addc(&line, (char)*c);
		sb_addc(&line, '\n');
		put_text(out, sb_str(&line));
		sb_free(&line);
	}
}

static void print_steps(FILE *out, const struct gen_plan *p, const struct gen_result *r, const char *dest)
{
	char *steps = gen_next_steps(p, r, dest);

	fputc('\n', out);
	put_text(out, steps);
	free(steps);
}

/* -o: the objects alone on stdout, for a pipe into oc apply; the rest, for
 * the person, on stderr. */
static int output_objects(const struct gen_plan *p, const struct gen_result *r, struct err *e)
{
	if (print_objects(r, p->o->output, e) < 0)
		return -1;
	for (size_t i = 0; i < r->nfiles; i++)
		if (r->files[i].text)
			warnf("%s is not an object and is not printed with -o; use --dest to write it", r->files[i].name);
	print_notes(stderr, r);
	print_steps(stderr, p, r, ".");
	return 0;
}

int gen_output(const struct gen_plan *p, const struct gen_result *r, struct err *e)
{
	const char *dest = p->o->dest ? p->o->dest : ".";
	struct fileset fs = { 0 };
	char *staged = NULL;
	int rc = 0;

	if (p->o->output)
		return output_objects(p, r, e);
	if (mkdir_p(dest, e) < 0)
		return -1;
	if (access(dest, W_OK) < 0)
		return err_set(e, EXIT_FAIL, "cannot write to %s: permission denied", dest);
	for (size_t i = 0; i < r->nfiles && !rc; i++) {
		struct strbuf text = STRBUF_INIT;
		char *path = path_join(dest, r->files[i].name);
		rc = render_file(&r->files[i], &text, e);
		if (!rc)
			fileset_add(&fs, path, text.buf, text.len);
		free(path);
		sb_free(&text);
	}
	if (!rc && r->base && !(staged = base_ctx_stage(r->base, &p->m, dest, p->o->force, e)))
		rc = -1;
	if (!rc && (rc = fileset_commit(&fs, p->o->force, e)) < 0) {
		base_ctx_unstage(staged);
		staged = NULL;
	}
	if (!rc && staged) {
		rc = base_ctx_land(staged, dest, e);
		staged = NULL;
	}
	if (!rc) {
		struct strbuf sb = STRBUF_INIT;
		sb_addf(&sb, "Wrote %zu file%s to %s:\n", fs.n, fs.n == 1 ? "" : "s", dest);
		for (size_t i = 0; i < fs.n; i++)
			sb_addf(&sb, "  %s\n", fs.v[i].path);
		if (r->base) {
			char *ctx = path_join(dest, GEN_BASE_DIR);
			sb_addf(&sb, "  %s/ (the base image %s: " GEN_BASE_BUILD_FILE ", rootfs/%s)\n", ctx, p->base_image,
				r->base->init_path ? ", leapp/leapp-init" : "");
			free(ctx);
		}
		if (p->archive_path)
			sb_addf(&sb, "Wrote the machine image %s\n  SHA-256 %s\n", p->archive_path, p->sha256);
		put_text(stdout, sb_str(&sb));
		sb_free(&sb);
		print_notes(stdout, r);
		print_steps(stdout, p, r, dest);
	}
	fileset_free(&fs);
	return rc;
}
