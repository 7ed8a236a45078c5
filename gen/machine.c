#include "gen/machine.h"
#include "lib/fsutil.h"
#include "gen/inroot.h"
#include "lib/names.h"
#include "lib/strbuf.h"
#include "gen/treesize.h"
#include "lib/xalloc.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *init_system_name(enum init_system i)
{
	switch (i) {
	case INIT_SYSTEMD:
		return "systemd";
	case INIT_UPSTART:
		return "upstart";
	case INIT_SYSV:
		return "sysvinit";
	default:
		return "unknown";
	}
}

int machine_check_name(const char *name, struct err *e)
{
	if (!*name)
		return err_set(e, EXIT_USAGE, "the container name is empty");
	if (strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, ".."))
		return err_set(e, EXIT_USAGE,
			       "invalid container name \"%s\": give the name of a macrocontainer, not a path (use --root for its directory)",
			       name);
	return 0;
}

char *machine_resolve(const char *mroot, const char *rel)
{
	char *in = inroot_resolve(mroot, rel);
	char *host = in ? xasprintf("%s%s", mroot, strcmp(in, "/") ? in : "") : NULL;

	free(in);
	return host;
}

/* By descriptors inside the machine (gen/inroot.h): never a host file. */
static char *read_machine_file(const struct machine *m, const char *rel)
{
	return inroot_read(m->path, rel, 1 << 16, NULL);
}

/* os-release values may be quoted: ID="centos" or ID=centos. */
static char *osrel_value(const char *text, const char *key)
{
	size_t klen = strlen(key);

	for (const char *line = text; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		if (len > klen && !strncmp(line, key, klen) && line[klen] == '=') {
			const char *v = line + klen + 1;
			size_t vlen = len - klen - 1;
			if (vlen >= 2 && (v[0] == '"' || v[0] == '\'') && v[vlen - 1] == v[0])
				v++, vlen -= 2;
			return xstrndup(v, vlen);
		}
		line = end ? end + 1 : NULL;
	}
	return NULL;
}

static int major_of(const char *version)
{
	if (!version || !isdigit((unsigned char)version[0]))
		return -1;
	return atoi(version);
}

static int read_os_release(struct machine *m)
{
	static const char *const files[] = { "etc/os-release", "usr/lib/os-release" };

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *text = read_machine_file(m, files[i]);
		if (!text)
			continue;
		m->os_id = osrel_value(text, "ID");
		m->os_version = osrel_value(text, "VERSION_ID");
		m->os_pretty = osrel_value(text, "PRETTY_NAME");
		free(text);
		if (!m->os_id && !m->os_version) {
			free(m->os_pretty);
			m->os_pretty = NULL;
			continue;
		}
		m->os_major = major_of(m->os_version);
		m->os_file = files[i];
		return 0;
	}
	return -1;
}

/* "CentOS release 6.9 (Final)", "Red Hat Enterprise Linux Server release 7.4 (Maipo)" */
static int read_redhat_release(struct machine *m)
{
	static const struct { const char *prefix, *id; } ids[] = {
		{ "Red Hat", "rhel" }, { "CentOS", "centos" }, { "Scientific", "scientific" },
		{ "Oracle", "ol" }, { "Fedora", "fedora" },
	};
	char *text = read_machine_file(m, "etc/redhat-release");

	if (!text)
		return -1;
	text[strcspn(text, "\n")] = '\0';
	const char *rel = strstr(text, " release ");
	/* os-release may have set these already, without a usable version */
	if (rel) {
		free(m->os_version);
		m->os_version = xstrndup(rel + 9, strcspn(rel + 9, " "));
		m->os_major = major_of(m->os_version);
	}
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (!strncmp(text, ids[i].prefix, strlen(ids[i].prefix))) {
			free(m->os_id);
			m->os_id = xstrdup(ids[i].id);
		}
	if (!m->os_pretty)
		m->os_pretty = xstrdup(text);
	m->os_file = "etc/redhat-release";
	free(text);
	return 0;
}

static int exists_in(const struct machine *m, const char *rel)
{
	return inroot_exists(m->path, rel);
}

static enum init_system detect_init(const struct machine *m)
{
	char *init = inroot_resolve(m->path, "sbin/init");
	enum init_system r = INIT_UNKNOWN;

	if (init && exists_in(m, "sbin/init")) {
		const char *base = strrchr(init, '/');
		base = base ? base + 1 : init;
		if (!strcmp(base, "systemd"))
			r = INIT_SYSTEMD;
		else if (exists_in(m, "sbin/initctl"))
			r = INIT_UPSTART;
		else
			r = INIT_SYSV;
	} else if (exists_in(m, "usr/lib/systemd/systemd") || exists_in(m, "lib/systemd/systemd")) {
		r = INIT_SYSTEMD;
	} else if (m->os_major >= 7) {
		r = INIT_SYSTEMD;
	} else if (m->os_major == 6) {
		r = INIT_UPSTART;
	}
	free(init);
	return r;
}

/* systemd's banner: "systemd 219 running in %ssystem mode. (" (219) or
 * "systemd 252.17-1~deb12u1 running in %ssystem mode (%s)" (252), a string
 * constant of its main program in every version. */
int systemd_banner_version(const char *data, size_t len)
{
	static const char tail[] = " running in %s";
	const char *p = data, *end = data + len;

	while (p < end) {
		const char *hit = memmem(p, (size_t)(end - p), tail, sizeof(tail) - 1);
		if (!hit)
			break;
		/* back over the version ("219", "252.17-1~deb12u1") to "systemd " */
		const char *v = hit;
		while (v > data && hit - v < 64 && (isalnum((unsigned char)v[-1]) || strchr(".~+_-", v[-1])))
			v--;
		if (v < hit && isdigit((unsigned char)*v) && v - data >= 8 && !memcmp(v - 8, "systemd ", 8))
			return atoi(v);
		p = hit + 1;
	}
	return 0;
}

/* "libsystemd-shared-252.so", "libsystemd-shared-255.4-1.fc40.so": systemd
 * 231 and later ship their private library named with their version. */
static int shared_lib_version(const struct machine *m, const char *dir, char **from)
{
	DIR *d = inroot_opendir(m->path, dir);
	struct dirent *de;
	int v = 0;

	if (!d)
		return 0;
	while (!v && (de = readdir(d)))
		if (!strncmp(de->d_name, "libsystemd-shared-", 18) && isdigit((unsigned char)de->d_name[18]) &&
		    strstr(de->d_name, ".so")) {
			v = atoi(de->d_name + 18);
			*from = xasprintf("read from %s", de->d_name);
		}
	closedir(d);
	return v;
}

static int version_from_libs(const struct machine *m, char **from)
{
	static const char *const dirs[] = { "usr/lib/systemd", "usr/lib64/systemd", "lib/systemd", "lib64/systemd" };
	int v = 0;

	for (size_t i = 0; !v && i < sizeof(dirs) / sizeof(dirs[0]); i++)
		v = shared_lib_version(m, dirs[i], from);
	/* Debian and Ubuntu: usr/lib/<multiarch triplet>/systemd */
	DIR *d = inroot_opendir(m->path, "usr/lib");
	struct dirent *de;
	while (!v && d && (de = readdir(d)))
		if (strchr(de->d_name, '-') && strcmp(de->d_name, "..") && strcmp(de->d_name, ".")) {
			char *sub = xasprintf("usr/lib/%s/systemd", de->d_name);
			v = shared_lib_version(m, sub, from);
			free(sub);
		}
	if (d)
		closedir(d);
	return v;
}

static int version_from_binary(const struct machine *m, char **from)
{
	static const char *const bins[] = { "sbin/init", "usr/lib/systemd/systemd", "lib/systemd/systemd" };
	int v = 0;

	for (size_t i = 0; !v && i < sizeof(bins) / sizeof(bins[0]); i++) {
		size_t len = 0;
		char *data = inroot_read(m->path, bins[i], 64u << 20, &len);
		if (data && (v = systemd_banner_version(data, len)))
			*from = xasprintf("read from %s", bins[i]);
		free(data);
	}
	return v;
}

/* Debian's package database: the stanza "Package: systemd" and its Version. */
static int version_from_dpkg(const struct machine *m, char **from)
{
	char *data = inroot_read(m->path, "var/lib/dpkg/status", 64u << 20, NULL);
	int v = 0;

	if (data) {
		const char *p = strstr(data, "Package: systemd\n");
		if (p == data || (p && p[-1] == '\n')) {
			const char *stanza_end = strstr(p, "\n\n");
			const char *ver = strstr(p, "\nVersion: ");
			if (ver && (!stanza_end || ver < stanza_end)) {
				ver += 10;
				size_t digits = strspn(ver, "0123456789");
				if (digits && ver[digits] == ':')	/* an epoch: "1:252.17" */
					ver += digits + 1;
				v = atoi(ver);
				if (v)
					*from = xstrdup("read from var/lib/dpkg/status");
			}
		}
	}
	free(data);
	return v;
}

/* What a release ships, when the machine's files do not say: only the
 * releases whose systemd is older than 230 matter to the choice of init. */
static int version_from_release(const struct machine *m, char **from)
{
	static const struct { const char *id; int major, version; } known[] = {
		{ "rhel", 7, 219 }, { "centos", 7, 219 }, { "scientific", 7, 219 }, { "ol", 7, 219 },
		{ "debian", 8, 215 }, { "ubuntu", 15, 225 }, { "ubuntu", 16, 229 }, { "sles", 12, 228 },
	};

	for (size_t i = 0; m->os_id && i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(m->os_id, known[i].id) && m->os_major == known[i].major) {
			*from = xasprintf("what %s %d ships", m->os_id, m->os_major);
			return known[i].version;
		}
	return 0;
}

static void read_systemd_version(struct machine *m)
{
	if (m->init != INIT_SYSTEMD)
		return;
	if (!(m->systemd_version = version_from_libs(m, &m->systemd_version_from)) &&
	    !(m->systemd_version = version_from_binary(m, &m->systemd_version_from)) &&
	    !(m->systemd_version = version_from_dpkg(m, &m->systemd_version_from)))
		m->systemd_version = version_from_release(m, &m->systemd_version_from);
}

static int dir_is_empty(const char *path, int *empty, struct err *e)
{
	/* O_NOFOLLOW: swapped for a symlink since it was looked at, it is
	 * not read (path's directory is the machine's, resolved) */
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *de;

	if (!d) {
		err_set(e, EXIT_FAIL, "cannot read %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*empty = 1;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
			*empty = 0;
			break;
		}
	closedir(d);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_never_carried(const char *d)
{
	return !strcmp(d, "dev") || !strcmp(d, "sys") || !strcmp(d, "proc") || !strcmp(d, "lost+found");
}

/* A directory whose name sanitizes to one already used gets a hash suffix. */
static char *unique_key(const struct machine *m, const char *name)
{
	char *key = name_sanitize(name);

	if (!*key) {
		free(key);
		key = xstrdup("dir");
	}
	for (size_t i = 0; i < m->ndirs; i++) {
		if (!strcmp(m->dirs[i].key, key)) {
			char *k2 = xasprintf("%s-%08x", key, (unsigned)name_hash(name));
			free(key);
			return k2;
		}
	}
	return key;
}

static void add_top(struct machine *m, const char *name, const char *target, unsigned mode)
{
	struct machine_top *t = &m->top[m->ntop++];

	t->name = xstrdup(name);
	t->target = target ? xstrdup(target) : NULL;
	t->mode = mode;
}

/* A top-level symlink the base image recreates as it is (bin -> usr/bin). */
static int read_top_link(struct machine *m, const char *path, const char *name, struct err *e)
{
	char target[PATH_MAX];
	ssize_t n = readlink(path, target, sizeof(target) - 1);

	if (n < 0)
		return err_set(e, EXIT_FAIL, "cannot read the link %s: %s", path, strerror(errno));
	target[n] = '\0';
	add_top(m, name, target, 0);
	return 0;
}

static int pick_dirs(struct machine *m, struct err *e)
{
	struct strlist names = { 0 };
	DIR *d = opendir(m->path);
	struct dirent *de;
	int rc = 0;

	if (!d)
		return err_set(e, EXIT_FAIL, "cannot read %s: %s", m->path, strerror(errno));
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			strlist_push(&names, de->d_name);
	closedir(d);
	if (names.n)
		qsort(names.v, names.n, sizeof(*names.v), cmp_str);

	m->dirs = xcalloc(names.n + 1, sizeof(*m->dirs));
	m->top = xcalloc(names.n + 1, sizeof(*m->top));
	for (size_t i = 0; i < names.n && !rc; i++) {
		const char *n = names.v[i];
		char *p = path_join(m->path, n);
		struct stat st;
		int empty = 1;

		if (lstat(p, &st) < 0) {
			rc = err_set(e, EXIT_FAIL, "cannot read %s: %s", p, strerror(errno));
		} else if (S_ISLNK(st.st_mode)) {
			rc = read_top_link(m, p, n, e);
		} else if (S_ISDIR(st.st_mode) && dir_is_empty(p, &empty, e) < 0) {
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			add_top(m, n, NULL, st.st_mode & 07777);
			if (empty)
				;
			else if (is_never_carried(n))
				warnf("%s is not empty; it is not carried (%s)", p, strcmp(n, "lost+found") ? "the container runtime provides it" : "it belongs to the old disk, not the machine");
			else if (m->init == INIT_SYSTEMD && (!strcmp(n, "run") || !strcmp(n, "tmp")))
				warnf("%s is not empty; it is not carried (on systemd machines /%s is a memory volume)", p, n);
			else {
				m->dirs[m->ndirs].key = unique_key(m, n);
				m->dirs[m->ndirs++].name = xstrdup(n);
			}
		}
		free(p);
	}
	strlist_free(&names);
	if (!rc && !m->ndirs)
		rc = err_set(e, EXIT_FAIL, "%s has no directories to carry: is it a macrocontainer?", m->path);
	return rc;
}

char *machine_locate(const char *root, const char *name, struct err *e)
{
	struct stat st;
	char *joined, *path;

	if (machine_check_name(name, e) < 0)
		return NULL;
	joined = path_join(root, name);
	if (stat(joined, &st) < 0) {
		err_set(e, EXIT_FAIL, "machine \"%s\" not found: %s: %s", name, joined, strerror(errno));
		free(joined);
		return NULL;
	}
	if (!S_ISDIR(st.st_mode)) {
		err_set(e, EXIT_FAIL, "machine \"%s\": %s is not a directory", name, joined);
		free(joined);
		return NULL;
	}
	path = realpath(joined, NULL);
	free(joined);
	if (!path) {
		err_set(e, EXIT_FAIL, "cannot resolve the path of machine \"%s\": %s", name, strerror(errno));
		return NULL;
	}
	if (access(path, R_OK | X_OK) < 0) {
		err_set(e, EXIT_FAIL, "cannot read %s: %s", path, strerror(errno));
		free(path);
		return NULL;
	}
	return path;
}

int machine_open(const char *root, const char *name, struct machine *m, struct err *e)
{
	memset(m, 0, sizeof(*m));
	m->os_major = -1;
	if (!(m->path = machine_locate(root, name, e)))
		return -1;
	m->name = xstrdup(name);
	if (read_os_release(m) < 0)
		read_redhat_release(m);
	else if (m->os_major < 0)
		read_redhat_release(m);
	m->init = detect_init(m);
	read_systemd_version(m);
	return pick_dirs(m, e);
}

int machine_measure(struct machine *m, struct err *e)
{
	for (size_t i = 0; i < m->ndirs; i++) {
		char *p = path_join(m->path, m->dirs[i].name);
		int rc = tree_size(p, &m->dirs[i].bytes, e);
		free(p);
		if (rc < 0)
			return -1;
	}
	return 0;
}

void machine_free(struct machine *m)
{
	for (size_t i = 0; i < m->ndirs; i++) {
		free(m->dirs[i].name);
		free(m->dirs[i].key);
	}
	free(m->dirs);
	for (size_t i = 0; i < m->ntop; i++) {
		free(m->top[i].name);
		free(m->top[i].target);
	}
	free(m->top);
	free(m->systemd_version_from);
	free(m->name);
	free(m->path);
	free(m->os_id);
	free(m->os_version);
	free(m->os_pretty);
	memset(m, 0, sizeof(*m));
}
