/* Where generated objects go: files in --dest (all or nothing), or one
 * stream on stdout with -o; and the next steps that are true for them. */
#include "emit.h"
#include "fsutil.h"
#include "generate.h"
#include "shquote.h"
#include "strbuf.h"

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

static void cmd_line(struct strbuf *sb, const char *const *argv)
{
	sb_adds(sb, "       ");
	for (size_t i = 0; argv[i]; i++) {
		sb_addc(sb, ' ');
		sb_add_shquoted(sb, argv[i]);
	}
	sb_addc(sb, '\n');
}

static const char *scc_for(const struct gen_plan *p)
{
	/* anyuid lets the machine's init run as root, but on OpenShift 4 it does
	 * not allow hostPath: the systemd cgroup mount needs hostmount-anyuid. */
	return p->m.init == INIT_SYSTEMD ? "hostmount-anyuid" : "anyuid";
}

char *gen_next_steps(const struct gen_plan *p, const struct gen_result *r, const char *dest)
{
	struct strbuf sb = STRBUF_INIT;
	const char *sa = p->mode == GEN_STATEFUL ? p->o->service_account : "default";
	int n = 0;

	sb_adds(&sb, "Next steps:\n");
	if (p->mode != GEN_STATEFUL && !p->archive_path) {
		char *archive = path_join(dest, p->archive_file);
		step(&sb, &n, "Archive the machine (owners, modes, links, SELinux labels and ACLs kept):");
		/* busybox's tar (the init container) does not read pax sparse files. */
		cmd_line(&sb, (const char *const[]){ "oc-leapp", "archive", "-c", p->m.name, "--root",
			p->o->root ? p->o->root : MACHINE_DEFAULT_ROOT, "-o", archive,
			p->mode == GEN_MULTIVOLUME ? "--no-sparse" : NULL, NULL });
		free(archive);
	}
	if (p->mode == GEN_MACROIMAGE) {
		step(&sb, &n, "Build the image from the Dockerfile and the archive:");
		cmd_line(&sb, (const char *const[]){ "docker", "build", "-t", p->image, dest, NULL });
		if (p->o->local_image) {
			step(&sb, &n, "The pod never pulls (--local-image): build or load the image on the node that runs it.");
		} else {
			step(&sb, &n, "Push it where the cluster pulls from:");
			cmd_line(&sb, (const char *const[]){ "docker", "push", p->image, NULL });
		}
	} else if (p->mode == GEN_MULTIVOLUME) {
		char *msg = xasprintf("Put %s on the web server so that the nodes can download it from %s%s",
				      p->archive_path ? p->archive_path : p->archive_file, p->o->image_url,
				      p->sha256[0] ? " (the init container checks its SHA-256)" : "");
		step(&sb, &n, msg);
		free(msg);
		if (!p->sha256[0])
			step(&sb, &n, "The init container cannot check the download: give --image-sha256 (printed by oc-leapp archive) or --archive.");
	} else {
		step(&sb, &n, "Label the machine's files so that containers may use them (SELinux):");
		cmd_line(&sb, (const char *const[]){ "chcon", "-R", "-t", "container_file_t", "-l", "s0", p->m.path, NULL });
		step(&sb, &n, "Create the service account:");
		cmd_line(&sb, (const char *const[]){ "oc", "create", "serviceaccount", sa, NULL });
	}
	char *msg = xasprintf("OpenShift: let the machine's init run as root%s:",
			      p->m.init == INIT_SYSTEMD ? " with the host's cgroup mounted" : "");
	step(&sb, &n, msg);
	free(msg);
	cmd_line(&sb, (const char *const[]){ "oc", "adm", "policy", "add-scc-to-user", scc_for(p), "-z", sa, NULL });
	if (p->mode == GEN_STATEFUL)
		step(&sb, &n, "PersistentVolumes need a cluster administrator; the pod must run on this machine (hostPath).");
	step(&sb, &n, "Create the objects:");
	cmd_line(&sb, (const char *const[]){ "oc", "create", "-f", dest, NULL });
	(void)r;
	sb_addf(&sb, "\nIf it does not run: oc leapp diagnose %s%s\n",
		p->deployment ? "deployment/" : "", p->deployment ? p->names.deployment : p->names.pod);
	return sb_detach(&sb);
}

int gen_output(const struct gen_plan *p, const struct gen_result *r, struct err *e)
{
	const char *dest = p->o->dest ? p->o->dest : ".";
	struct fileset fs = { 0 };
	int rc = 0;

	if (p->o->output) {
		for (size_t i = 0; i < r->nfiles; i++)
			if (r->files[i].text)
				warnf("%s is not an object and is not printed with -o; use --dest to write it", r->files[i].name);
		return print_objects(r, p->o->output, e);
	}
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
	if (!rc)
		rc = fileset_commit(&fs, p->o->force, e);
	if (!rc) {
		printf("Wrote %zu file%s to %s:\n", fs.n, fs.n == 1 ? "" : "s", dest);
		for (size_t i = 0; i < fs.n; i++)
			printf("  %s\n", fs.v[i].path);
		if (p->archive_path)
			printf("Wrote the machine image %s\n  SHA-256 %s\n", p->archive_path, p->sha256);
		for (size_t i = 0; i < r->notes.n; i++)
			printf("Note: %s\n", r->notes.v[i]);
		char *steps = gen_next_steps(p, r, dest);
		printf("\n%s", steps);
		free(steps);
	}
	fileset_free(&fs);
	return rc;
}
