/* Where generated objects go: files in --dest (all or nothing), or one
 * stream on stdout with -o; and the next steps that are true for them. */
#include "emit.h"
#include "fsutil.h"
#include "generate.h"
#include "shquote.h"
#include "strbuf.h"
#include "term.h"

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

/* The base image and, for macroimage, the machine's image. With
 * --registry: podman builds and pushes. Without: OpenShift binary builds
 * into image streams of the current project, which the pod names bare
 * (oc set image-lookup). */
static void step_images(struct strbuf *sb, int *n, const struct gen_plan *p, const char *dest)
{
	const struct base_ctx *b = p->base_ctx;
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
		step(sb, n, "Build the base image in the cluster, into an image stream of the current project (or give --registry to build and push it with podman):");
		cmd_line(sb, (const char *const[]){ "oc", "new-build", "--binary", "--strategy=docker",
			"--name", base_is, "--to", base_tag, NULL });
		cmd_line(sb, (const char *const[]){ "oc", "patch", "bc", base_is, "--type=merge", "-p",
			"{\"spec\":{\"strategy\":{\"dockerStrategy\":{\"dockerfilePath\":\"Containerfile\"}}}}", NULL });
		cmd_line(sb, (const char *const[]){ "oc", "start-build", base_is, "--from-dir", ctx, "--follow", NULL });
		if (!macro)
			cmd_line(sb, (const char *const[]){ "oc", "set", "image-lookup", base_is, NULL });
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
		cmd_line(sb, (const char *const[]){ "oc", "new-build", "--binary", "--strategy=docker", "--name", is,
			b ? "--image-stream" : "--to", b ? base_tag : to, b ? "--to" : NULL, to, NULL });
		cmd_line(sb, (const char *const[]){ "oc", "start-build", is, "--from-dir", dest, "--follow", NULL });
		cmd_line(sb, (const char *const[]){ "oc", "set", "image-lookup", is, NULL });
		free(is);
		free(to);
	}
	free(ctx);
	free(base_is);
	free(base_tag);
}

static int needs_hostmount(const struct gen_plan *p)
{
	/* anyuid lets the machine's init run as root but refuses hostPath
	 * volumes in the pod; only --host-cgroup puts one there (stateful's
	 * hostPaths are in its PersistentVolumes, which SCCs do not see). */
	return p->o->host_cgroup;
}

char *gen_next_steps(const struct gen_plan *p, const struct gen_result *r, const char *dest)
{
	struct strbuf sb = STRBUF_INIT;
	const char *sa = p->mode == GEN_STATEFUL ? p->o->service_account : "default";
	const char *kube = kube_cli(p);
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
		step(&sb, &n, "Create the service account:");
		cmd_line(&sb, (const char *const[]){ kube, "create", "serviceaccount", sa, NULL });
	}
	step(&sb, &n, needs_hostmount(p) ? "OpenShift: let the machine's init run as root, with the node's cgroup mounted:"
					  : "OpenShift: let the machine's init run as root:");
	cmd_line(&sb, (const char *const[]){ "oc", "adm", "policy", "add-scc-to-user",
		needs_hostmount(p) ? "hostmount-anyuid" : "anyuid", "-z", sa, NULL });
	if (p->mode == GEN_STATEFUL)
		step(&sb, &n, "PersistentVolumes need a cluster administrator; the pod must run on this machine (hostPath).");
	if (p->o->output) {
		step(&sb, &n, "Create the objects this command printed, e.g.:");
		sb_addf(&sb, "        ... | %s apply -f -\n", kube);
	} else {
		step(&sb, &n, "Create the objects:");
		cmd_line(&sb, (const char *const[]){ kube, "create", "-f", dest, NULL });
	}
	(void)r;
	struct strbuf target = STRBUF_INIT;
	sb_addf(&target, "%s%s", p->deployment ? "deployment/" : "", p->deployment ? p->names.deployment : p->names.pod);
	sb_adds(&sb, "\nIf it does not run:\n");
	prog_cmd_line(&sb, prog_of(p), (const char *const[]){ "diagnose", sb_str(&target), NULL });
	sb_free(&target);
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
			sb_addf(&sb, "  %s/ (the base image %s: Containerfile, rootfs/%s)\n", ctx, p->base_image,
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
