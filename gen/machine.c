#include "machine.h"
#include "fsutil.h"
#include "inroot.h"
#include "names.h"
#include "strbuf.h"
#include "treesize.h"
#include "xalloc.h"

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
	if (rel) {
		m->os_version = xstrndup(rel + 9, strcspn(rel + 9, " "));
		m->os_major = major_of(m->os_version);
	}
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (!strncmp(text, ids[i].prefix, strlen(ids[i].prefix)))
			m->os_id = xstrdup(ids[i].id);
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
	for (size_t i = 0; i < names.n && !rc; i++) {
		const char *n = names.v[i];
		char *p = path_join(m->path, n);
		struct stat st;
		int empty = 1;

		if (lstat(p, &st) < 0) {
			rc = err_set(e, EXIT_FAIL, "cannot read %s: %s", p, strerror(errno));
		} else if (S_ISDIR(st.st_mode) && dir_is_empty(p, &empty, e) < 0) {
			rc = -1;
		} else if (S_ISDIR(st.st_mode) && !empty) {
			if (is_never_carried(n))
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
	free(m->name);
	free(m->path);
	free(m->os_id);
	free(m->os_version);
	free(m->os_pretty);
	memset(m, 0, sizeof(*m));
}

static int is_el(const struct machine *m)
{
	static const char *const el[] = { "rhel", "centos", "scientific", "ol", "almalinux", "rocky" };

	for (size_t i = 0; m->os_id && i < sizeof(el) / sizeof(el[0]); i++)
		if (!strcmp(m->os_id, el[i]))
			return 1;
	return 0;
}

int machine_old_systemd(const struct machine *m)
{
	return m->init == INIT_SYSTEMD && is_el(m) && m->os_major == 7;
}

char *machine_default_base_image(const struct machine *m)
{
	if (is_el(m) && (m->os_major == 6 || m->os_major == 7))
		return xasprintf("leapp/leapp-scratch:%d", m->os_major);
	return NULL;
}
