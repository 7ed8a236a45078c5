/* The base image, one per machine, written by generate as a build context:
 * every mode runs it (multivolume, stateful) or builds on it (macroimage),
 * so it must exist before the pod does; the project used to name an image
 * (leapp/leapp-scratch) that nobody built. */
#include "lib/fsutil.h"
#include "gen/generate.h"
#include "gen/imageref.h"
#include "gen/sha256.h"
#include "lib/strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int is_regular(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *leapp_init_find(void)
{
	const char *env = getenv("OC_LEAPP_INIT");
	char exe[PATH_MAX];
	ssize_t n;

	if (env && *env)
		return xstrdup(env);
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0)
		return NULL;
	exe[n] = '\0';
	*strrchr(exe, '/') = '\0';
	/* installed (PREFIX/bin -> PREFIX/lib/oc-leapp), built (./oc-leapp ->
	 * build/init), and the sanitizer build (build/san -> build/init) */
	const char *const rel[] = { "../lib/oc-leapp/leapp-init", "build/init/leapp-init", "../init/leapp-init" };
	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		char *p = path_join(exe, rel[i]);
		if (is_regular(p))
			return p;
		free(p);
	}
	return NULL;
}

/* A Dockerfile comment holds nothing but printable ASCII: a newline
 * from a machine's release file would start an instruction. */
static void add_comment_text(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++)
		sb_addc(sb, *s >= 0x20 && *s < 0x7f ? *s : '?');
}

static const char *stop_signal(enum gen_init init)
{
	/* systemd re-executes itself on SIGTERM; SIGRTMIN+3 is its halt */
	return init == GEN_INIT_SYSTEMD ? "SIGRTMIN+3" : "SIGTERM";
}

static void add_cmd(struct strbuf *sb, enum gen_init init)
{
	switch (init) {
	case GEN_INIT_SYSTEMD:
		sb_adds(sb, "CMD [\"/sbin/init\"]\n");
		break;
	case GEN_INIT_SERVICES:
		sb_adds(sb, "CMD [\"" GEN_LEAPP_INIT "\", \"services\"]\n");
		break;
	case GEN_INIT_SYSV:
		sb_adds(sb, "CMD [\"" GEN_LEAPP_INIT "\", \"sysv\"]\n");
		break;
	}
}

static char *containerfile(const struct gen_plan *p, int with_init)
{
	struct strbuf sb = STRBUF_INIT;

	sb_adds(&sb, "# The base image of the migrated machine ");
	add_comment_text(&sb, p->names.n);
	sb_adds(&sb, " (");
	add_comment_text(&sb, p->m.os_pretty ? p->m.os_pretty : "release unknown");
	sb_adds(&sb, "), written by oc-leapp generate:\n"
		"# its top-level directories, empty (mount points, or filled by the machine's\n"
		"# archive), and its own top-level links (rootfs/); ");
	sb_adds(&sb, with_init ? "leapp-init, the PID 1 helper and\n# the init container's downloader; "
			       : "");
	sb_adds(&sb, "a static busybox for leapp-init's download.\n"
		"# The busybox comes from a static busybox image: --build-arg " GEN_BUSYBOX_ARG "=IMAGE\n"
		"# chooses another (a mirror, or a local image where there is no registry).\n");
	sb_adds(&sb, "ARG " GEN_BUSYBOX_ARG "=" GEN_BUSYBOX_IMAGE "\n"
		"FROM ${" GEN_BUSYBOX_ARG "} AS busybox\n\n"
		"FROM scratch\n"
		"COPY rootfs/ /\n");
	if (with_init)
		sb_adds(&sb, "COPY leapp/leapp-init " GEN_LEAPP_INIT "\n");
	sb_adds(&sb, "COPY --from=busybox /bin/busybox " GEN_LEAPP_DIR "/busybox\n"
		"# systemd and the machine's units read it from PID 1's environment\n"
		"ENV container=oci\n");
	sb_addf(&sb, "STOPSIGNAL %s\n", stop_signal(p->init));
	add_cmd(&sb, p->init);
	return sb_detach(&sb);
}

static int hash_file(struct sha256 *s, const char *path, struct err *e)
{
	char buf[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return err_set(e, EXIT_FAIL, "cannot read %s: %s", path, strerror(errno));
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_set(e, EXIT_FAIL, "cannot read %s: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		sha256_update(s, buf, (size_t)n);
	}
	close(fd);
	return 0;
}

/* lost+found belongs to the old disk, /.leapp to the base image itself. */
static int in_rootfs(const char *name)
{
	return strcmp(name, "lost+found") && strcmp(name, GEN_LEAPP_DIR + 1);
}

/* The tag is the context's own hash: a regenerated context that differs
 * gets a new name, so no node keeps running a stale base image that
 * IfNotPresent would never pull again; the same context, the same name. */
static int context_tag(const struct base_ctx *c, const struct machine *m, char tag[13], struct err *e)
{
	struct sha256 s;
	char hex[65];

	sha256_init(&s);
	sha256_update(&s, c->containerfile, strlen(c->containerfile) + 1);
	for (size_t i = 0; i < m->ntop; i++) {
		const struct machine_top *t = &m->top[i];
		if (!in_rootfs(t->name))
			continue;
		char *line = t->target ? xasprintf("l %s %s", t->name, t->target) : xasprintf("d %s %o", t->name, t->mode);
		sha256_update(&s, line, strlen(line) + 1);
		free(line);
	}
	if (c->init_path && hash_file(&s, c->init_path, e) < 0) {
		sha256_free(&s);
		return -1;
	}
	sha256_final_hex(&s, hex);
	memcpy(tag, hex, 12);
	tag[12] = '\0';
	return 0;
}

int base_ctx_make(const struct gen_plan *p, int need_init, struct base_ctx *c, struct err *e)
{
	memset(c, 0, sizeof(*c));
	c->init_path = leapp_init_find();
	if (c->init_path && !is_regular(c->init_path)) {
		err_set(e, EXIT_FAIL, "OC_LEAPP_INIT names %s, which is not a file", c->init_path);
		goto fail;
	}
	if (!c->init_path && need_init) {
		err_set(e, EXIT_FAIL,
			"cannot find leapp-init, the base image's PID 1 helper and downloader: build it (make), "
			"install it (make install), or name it with OC_LEAPP_INIT");
		goto fail;
	}
	if (!c->init_path)
		warnf("leapp-init was not found (build it with make, or set OC_LEAPP_INIT): the base image is written without it, which --init systemd does not need");
	c->containerfile = containerfile(p, c->init_path != NULL);
	char *repo = xasprintf("leapp-%s-base", p->names.n);
	c->repo = image_repo_join(p->o->registry, repo);
	free(repo);
	if (context_tag(c, &p->m, c->tag, e) < 0)
		goto fail;
	return 0;
fail:
	base_ctx_free(c);
	return -1;
}

void base_ctx_free(struct base_ctx *c)
{
	free(c->containerfile);
	free(c->init_path);
	free(c->repo);
	memset(c, 0, sizeof(*c));
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static void rm_tree(const char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int write_text(const char *path, const char *text, size_t len, mode_t mode, struct err *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	size_t off = 0;

	if (fd < 0)
		return err_set(e, EXIT_FAIL, "cannot write %s: %s", path, strerror(errno));
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			err_set(e, EXIT_FAIL, "cannot write %s: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		off += (size_t)w;
	}
	/* the mode exactly, whatever the umask: leapp-init must be executable */
	if (fchmod(fd, mode) < 0 || fsync(fd) < 0 || close(fd) < 0)
		return err_set(e, EXIT_FAIL, "cannot write %s: %s", path, strerror(errno));
	return 0;
}

static int make_dir(const char *path, mode_t mode, struct err *e)
{
	if (mkdir(path, 0700) < 0 || chmod(path, mode) < 0)
		return err_set(e, EXIT_FAIL, "cannot create directory %s: %s", path, strerror(errno));
	return 0;
}

static int write_rootfs(const struct machine *m, const char *rootfs, struct err *e)
{
	for (size_t i = 0; i < m->ntop; i++) {
		const struct machine_top *t = &m->top[i];
		char *path = path_join(rootfs, t->name);
		int rc = 0;
		if (!in_rootfs(t->name) && !strcmp(t->name, GEN_LEAPP_DIR + 1))
			warnf("%s/%s is left out of the base image: /.leapp is where it keeps leapp-init", m->path, t->name);
		else if (!in_rootfs(t->name))
			;
		else if (t->target && symlink(t->target, path) < 0)
			rc = err_set(e, EXIT_FAIL, "cannot create the link %s: %s", path, strerror(errno));
		else if (!t->target)
			rc = make_dir(path, t->mode, e);
		free(path);
		if (rc)
			return -1;
	}
	return 0;
}

static int copy_init(const char *from, const char *to, struct err *e)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	if (read_file(from, 256u << 20, &data, &len, e) < 0)
		return -1;
	rc = write_text(to, data, len, 0755, e);
	free(data);
	return rc;
}

/* Into dir, which exists and is empty. */
static int write_context(const struct base_ctx *c, const struct machine *m, const char *dir, struct err *e)
{
	char *cf = path_join(dir, GEN_BASE_BUILD_FILE), *rootfs = path_join(dir, "rootfs");
	char *leapp = path_join(dir, "leapp"), *init = path_join(leapp, "leapp-init");
	int rc = 0;

	if (chmod(dir, 0755) < 0)
		rc = err_set(e, EXIT_FAIL, "cannot write %s: %s", dir, strerror(errno));
	else if (write_text(cf, c->containerfile, strlen(c->containerfile), 0644, e) < 0 ||
		 make_dir(rootfs, 0755, e) < 0 || write_rootfs(m, rootfs, e) < 0 ||
		 (c->init_path && (make_dir(leapp, 0755, e) < 0 || copy_init(c->init_path, init, e) < 0)))
		rc = -1;
	free(cf);
	free(rootfs);
	free(leapp);
	free(init);
	return rc;
}

char *base_ctx_stage(const struct base_ctx *c, const struct machine *m, const char *dest, int force, struct err *e)
{
	char *final = path_join(dest, GEN_BASE_DIR), *staged;
	struct stat st;

	if (lstat(final, &st) == 0 && (!force || !S_ISDIR(st.st_mode))) {
		err_set(e, EXIT_FAIL, !force ? "%s already exists (use --force to replace it)"
					     : "cannot replace %s: it is not a directory", final);
		free(final);
		return NULL;
	}
	free(final);
	staged = path_join(dest, "." GEN_BASE_DIR ".tmpXXXXXX");
	if (!mkdtemp(staged)) {
		err_set(e, EXIT_FAIL, "cannot write in %s: %s", dest, strerror(errno));
		free(staged);
		return NULL;
	}
	if (write_context(c, m, staged, e) < 0) {
		base_ctx_unstage(staged);
		return NULL;
	}
	return staged;
}

int base_ctx_land(char *staged, const char *dest, struct err *e)
{
	char *final = path_join(dest, GEN_BASE_DIR), *old = NULL;
	struct stat st;
	int rc = 0;

	if (lstat(final, &st) == 0) {	/* --force: the old one goes only once the new one is in */
		old = path_join(dest, "." GEN_BASE_DIR ".oldXXXXXX");
		if (!mkdtemp(old) || rename(final, old) < 0) {
			rc = err_set(e, EXIT_FAIL, "cannot replace %s: %s", final, strerror(errno));
			goto out;
		}
	}
	if (rename(staged, final) < 0) {
		rc = err_set(e, EXIT_FAIL, "cannot write %s: %s", final, strerror(errno));
		if (old && rename(old, final) == 0) {
			free(old);
			old = NULL;
		}
	}
out:
	if (old)
		rm_tree(old);
	free(old);
	if (rc)
		base_ctx_unstage(staged);
	else
		free(staged);
	free(final);
	return rc;
}

void base_ctx_unstage(char *staged)
{
	if (staged)
		rm_tree(staged);
	free(staged);
}
