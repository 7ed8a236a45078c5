#include "init/sysvgen.h"
#include "init/rootfs.h"
#include "lib/strbuf.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define HEADER_MAX (1u << 20)	/* the headers are at the top; scripts may be huge */

/* Where the scripts and the rcN.d directories are: RHEL's build of systemd,
 * else upstream's (Debian, Ubuntu). */
static const char *const layouts[][2] = {
	{ "/etc/rc.d/init.d", "/etc/rc.d" },
	{ "/etc/init.d", "/etc" },
};

/* rcN.d and the target its S links make a script wanted by; an alias of
 * the machine's (runlevel3.target -> multi-user.target) is followed. */
static const struct {
	const char *dir, *target, *dflt;
} runlevels[] = {
	{ "rc1.d", "rescue.target", "rescue.target" },
	{ "rc2.d", "runlevel2.target", "multi-user.target" },
	{ "rc3.d", "runlevel3.target", "multi-user.target" },
	{ "rc4.d", "runlevel4.target", "multi-user.target" },
	{ "rc5.d", "runlevel5.target", "graphical.target" },
};

/* LSB facilities, as the generator translates them ($ or not); NULL: none. */
static const struct {
	const char *name, *unit;
} facilities[] = {
	{ "local_fs", NULL }, { "network", "network-online.target" }, { "named", "nss-lookup.target" },
	{ "portmap", "rpcbind.target" }, { "remote_fs", "remote-fs.target" }, { "syslog", NULL },
	{ "time", "time-sync.target" },
};

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

/* systemd's hidden_file(): dot files and package managers' leftovers. */
static int hidden(const char *name)
{
	static const char *const suffixes[] = {
		"~", ".rpmnew", ".rpmsave", ".rpmorig", ".dpkg-old", ".dpkg-new", ".dpkg-tmp",
		".dpkg-dist", ".dpkg-bak", ".dpkg-backup", ".swp", NULL
	};

	if (name[0] == '.')
		return 1;
	for (int i = 0; suffixes[i]; i++)
		if (ends_with(name, suffixes[i]))
			return 1;
	return 0;
}

/* "foo" and "foo.sh" -> "foo.service" */
static char *service_name(const char *script)
{
	size_t n = strlen(script);

	if (ends_with(script, ".sh"))
		n -= 3;
	return xasprintf("%.*s.service", (int)n, script);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_script(const void *a, const void *b)
{
	return strcmp(((const struct sysv_script *)a)->name, ((const struct sysv_script *)b)->name);
}

/* The names in DIR under the root, sorted (readdir's order is the file
 * system's, not the machine's). */
static void list_sorted(int rootfd, const char *dir, struct strlist *out)
{
	int fd = root_open(rootfd, dir, O_RDONLY | O_DIRECTORY, 0, NULL);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	struct dirent *de;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((de = readdir(d)))
		if (!hidden(de->d_name))
			strlist_push(out, de->d_name);
	closedir(d);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_str);
}

static void push_once(struct strlist *l, const char *s)
{
	if (!strlist_has(l, s))
		strlist_push(l, s);
}

static void warn(struct sysvgen *g, char *msg)
{
	strlist_push(&g->warnings, msg);
	free(msg);
}

/* systemd's unit_file_lookup_state() >= 0: a file (or mask) of that name
 * in the unit search path; one it cannot read counts too. */
static int native_unit(int rootfd, const char *name)
{
	struct unit *u;
	struct err e = { 0 };

	if (unit_load(rootfd, name, &u, &e) < 0)
		return 1;
	int r = u->path || u->masked;
	unit_free(u);
	return r;
}

/* An init script the generator makes a unit of: executable, regular, a
 * valid unit name, no native unit (which always wins), not seen already
 * ("foo" is read before "foo.sh"). */
static int wanted_script(struct sysvgen *g, int rootfd, const char *path, const char *name)
{
	struct stat st;

	if (root_stat(rootfd, path, 0, &st) < 0 || !S_ISREG(st.st_mode) || !(st.st_mode & S_IXUSR))
		return 0;
	if (!unit_name_valid(name)) {
		warn(g, xasprintf("%s: \"%s\" is not a valid unit name: the script is not run", path, name));
		return 0;
	}
	return !sysvgen_find(g, name) && !native_unit(rootfd, name);
}

static void add_script(struct sysvgen *g, int rootfd, const char *root, const char *dir, const char *file)
{
	char *path = xasprintf("%s/%s", dir, file), *name = service_name(file);
	/* systemd runs the script by its name in init.d; a test root is a
	 * directory of the host, where only the resolved path is right. */
	char *canon = NULL;

	if (!wanted_script(g, rootfd, path, name) || (strcmp(root, "/") && !(canon = root_realpath(rootfd, path, 0)))) {
		free(path);
		free(name);
		return;
	}
	g->v = xrealloc(g->v, (g->n + 1) * sizeof(*g->v));
	struct sysv_script *s = &g->v[g->n++];
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->path = path;
	s->exec = canon ? xasprintf("%s%s", root, canon) : xstrdup(path);
	s->priority = -1;
	free(canon);
}

/* ---- the script's header ---- */

static char *read_head(int rootfd, const char *path)
{
	int fd = root_open(rootfd, path, O_RDONLY, 0, NULL);
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	ssize_t n;

	if (fd < 0)
		return NULL;
	while (sb.len < HEADER_MAX && (n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		sb_add(&sb, buf, (size_t)n);
	}
	close(fd);
	sb_add(&sb, "", 0);	/* a terminated buffer even when empty */
	return sb_detach(&sb);
}

static char *strip(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* The word after "key:" when line starts with it (any case), else NULL. */
static char *after_key(char *t, const char *key)
{
	size_t n = strlen(key);

	return strncasecmp(t, key, n) ? NULL : t + n;
}

/* One word of an LSB line as a unit name: 1 and *out set, 0 for nothing
 * (a facility that means nothing here, or the script's own name), -1 bad. */
static int facility(const char *word, const char *script, char **out)
{
	const char *n = word[0] == '$' ? word + 1 : word;

	*out = NULL;
	for (size_t i = 0; i < sizeof(facilities) / sizeof(facilities[0]); i++)
		if (!strcmp(n, facilities[i].name)) {
			if (!facilities[i].unit)
				return 0;
			*out = xstrdup(facilities[i].unit);
			return 1;
		}
	char *own = service_name(script), *u;
	if (word[0] == '$')
		u = xasprintf("%s.target", n);	/* an unknown facility: most likely a target */
	else
		u = service_name(n);
	int same = word[0] != '$' && !strcmp(u, own);
	free(own);
	if (same || !unit_name_valid(u) || strchr(u, '@')) {
		free(u);
		return same ? 0 : -1;
	}
	*out = u;
	return 1;
}

enum hstate { H_NORMAL, H_DESCRIPTION, H_LSB, H_LSB_DESCRIPTION };

struct header {
	struct sysvgen *g;
	struct sysv_script *s;
	const char *script;	/* the file's name */
	unsigned line;
	enum hstate state;
	char *short_desc, *long_desc, *chk_desc;
};

static void append(char **d, const char *t)
{
	char *n = *d ? xasprintf("%s %s", *d, t) : xstrdup(t);

	free(*d);
	*d = n;
}

/* Provides: other names are aliases; a target provided is ordered after
 * this script and pulled in by it (one-way: the target does not pull it). */
static void provides(struct header *h, char *words)
{
	char *save = NULL;

	for (char *w = strtok_r(words, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		char *u;
		int r = facility(w, h->script, &u);
		if (r < 0)
			warn(h->g, xasprintf("%s:%u: Provides: %s is not a unit name, ignored", h->s->path, h->line, w));
		if (r <= 0)
			continue;
		if (unit_name_type(u) == UNIT_SERVICE)
			push_once(&h->s->aliases, u);
		else {
			push_once(&h->s->before, u);
			push_once(&h->s->wants, u);
			if (!strcmp(u, "network-online.target"))
				push_once(&h->s->before, "network.target");
		}
		free(u);
	}
}

static void ordering(struct header *h, const char *key, char *words)
{
	int before = !strcasecmp(key, "X-Start-Before");
	char *save = NULL;

	for (char *w = strtok_r(words, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		char *u;
		int r = facility(w, h->script, &u);
		if (r < 0)
			warn(h->g, xasprintf("%s:%u: %s: %s is not a unit name, ignored", h->s->path, h->line, key, w));
		if (r <= 0)
			continue;
		if (!before && !strcmp(u, "network-online.target"))
			push_once(&h->s->wants, u);	/* it must be pulled in to mean anything */
		push_once(before ? &h->s->before : &h->s->after, u);
		free(u);
	}
}

static void lsb_line(struct header *h, char *t, const char *raw)
{
	static const char *const order_keys[] = { "Required-Start", "Should-Start", "X-Start-Before", "X-Start-After", NULL };
	char *v;

	if ((v = after_key(t, "Provides:"))) {
		h->state = H_LSB;
		provides(h, v);
		return;
	}
	for (int i = 0; order_keys[i]; i++) {
		size_t n = strlen(order_keys[i]);
		if (!strncasecmp(t, order_keys[i], n) && t[n] == ':') {
			h->state = H_LSB;
			ordering(h, order_keys[i], t + n + 1);
			return;
		}
	}
	if ((v = after_key(t, "Description:"))) {
		h->state = H_LSB_DESCRIPTION;
		free(h->long_desc);
		v = strip(v);
		h->long_desc = *v ? xstrdup(v) : NULL;
	} else if ((v = after_key(t, "Short-Description:"))) {
		h->state = H_LSB;
		free(h->short_desc);
		v = strip(v);
		h->short_desc = *v ? xstrdup(v) : NULL;
	} else if (h->state == H_LSB_DESCRIPTION) {
		if (!strncmp(raw, "#\t", 2) || !strncmp(raw, "#  ", 3)) {
			if (*t)
				append(&h->long_desc, t);
		} else
			h->state = H_LSB;
	}
}

/* Red Hat's chkconfig header, outside the LSB block. */
static void chkconfig_line(struct header *h, char *t)
{
	char *v;

	if (h->state == H_DESCRIPTION) {
		size_t k = strlen(t);
		if (k && t[k - 1] == '\\')
			t[k - 1] = '\0';
		else
			h->state = H_NORMAL;
		t = strip(t);
		if (*t)
			append(&h->chk_desc, t);
	} else if ((v = after_key(t, "description:"))) {
		size_t k = strlen(v);
		if (k && v[k - 1] == '\\') {
			h->state = H_DESCRIPTION;
			v[k - 1] = '\0';
		}
		v = strip(v);
		free(h->chk_desc);
		h->chk_desc = *v ? xstrdup(v) : NULL;
	} else if ((v = after_key(t, "pidfile:"))) {
		v = strip(v);
		if (v[0] != '/')
			warn(h->g, xasprintf("%s:%u: pidfile: %s is not an absolute path, ignored", h->s->path, h->line, v));
		else {
			free(h->s->pidfile);
			h->s->pidfile = xstrdup(v);
		}
	}
}

static void header_line(struct header *h, char *raw)
{
	char *t = strip(raw);

	if (*t != '#')
		return;
	if (h->state == H_NORMAL && !strcmp(t, "### BEGIN INIT INFO")) {
		h->state = H_LSB;
		h->s->has_lsb = 1;
		return;
	}
	if ((h->state == H_LSB || h->state == H_LSB_DESCRIPTION) && !strcmp(t, "### END INIT INFO")) {
		h->state = H_NORMAL;
		return;
	}
	t++;
	t += strspn(t, " \t");
	if (h->state == H_LSB || h->state == H_LSB_DESCRIPTION)
		lsb_line(h, t, raw);
	else
		chkconfig_line(h, t);
}

static void read_header(struct sysvgen *g, int rootfd, struct sysv_script *s)
{
	char *text = read_head(rootfd, s->path), *save = NULL;
	struct header h = { .g = g, .s = s, .script = strrchr(s->path, '/') + 1 };

	if (!text)
		return;
	for (char *l = text; l; l = save) {
		save = strchr(l, '\n');
		if (save)
			*save++ = '\0';
		h.line++;
		header_line(&h, l);
	}
	const char *d = h.short_desc ? h.short_desc : h.chk_desc ? h.chk_desc : h.long_desc;
	if (d)
		s->description = xasprintf("%s%s", s->has_lsb ? "LSB: " : "SYSV: ", d);
	free(h.short_desc);
	free(h.long_desc);
	free(h.chk_desc);
	free(text);
}

/* ---- the rcN.d links ---- */

/* runlevelN.target as the machine aliases it, else as systemd ships it. */
static char *runlevel_target(int rootfd, size_t i)
{
	struct unit *u;
	struct err e = { 0 };
	char *t = NULL;

	if (unit_load(rootfd, runlevels[i].target, &u, &e) == 0) {
		if (u->path && !u->masked)
			t = xstrdup(u->id);
		unit_free(u);
	}
	return t ? t : xstrdup(runlevels[i].dflt);
}

static void rc_links(struct sysvgen *g, int rootfd, const char *base)
{
	for (size_t i = 0; i < sizeof(runlevels) / sizeof(runlevels[0]); i++) {
		struct strlist names = { 0 };
		char *dir = xasprintf("%s/%s", base, runlevels[i].dir), *target = runlevel_target(rootfd, i);
		list_sorted(rootfd, dir, &names);
		for (size_t k = 0; k < names.n; k++) {
			const char *n = names.v[k];
			if (n[0] != 'S' || strlen(n) < 4 || !isdigit((unsigned char)n[1]) || !isdigit((unsigned char)n[2]))
				continue;
			char *name = service_name(n + 3);
			struct sysv_script *s = (struct sysv_script *)sysvgen_find(g, name);
			if (s && !strcmp(s->name, name)) {
				int prio = (n[1] - '0') * 10 + (n[2] - '0');
				if (prio > s->priority)
					s->priority = prio;
				push_once(&s->wanted_by, target);
				push_once(&s->before, target);
			}
			free(name);
		}
		strlist_free(&names);
		free(dir);
		free(target);
	}
}

/* S numbers order two scripts unless both have LSB headers. */
static void fix_order(struct sysvgen *g, struct sysv_script *s)
{
	if (s->priority < 0)
		return;
	if (s->priority > 10)	/* RHEL's generator: past S10 means after the network */
		push_once(&s->after, "network-online.target");
	for (size_t i = 0; i < g->n; i++) {
		struct sysv_script *o = &g->v[i];
		if (o == s || o->priority < 0 || (s->has_lsb && o->has_lsb))
			continue;
		if (o->priority < s->priority)
			push_once(&s->after, o->name);
		else if (o->priority > s->priority)
			push_once(&s->before, o->name);
	}
}

void sysvgen_scan(int rootfd, const char *root, struct sysvgen *g)
{
	size_t l = 0;
	struct stat st;

	while (l < sizeof(layouts) / sizeof(layouts[0]) &&
	       !(root_stat(rootfd, layouts[l][0], 0, &st) == 0 && S_ISDIR(st.st_mode)))
		l++;
	if (l == sizeof(layouts) / sizeof(layouts[0]))
		return;
	struct strlist files = { 0 };
	list_sorted(rootfd, layouts[l][0], &files);
	for (size_t i = 0; i < files.n; i++)
		add_script(g, rootfd, root, layouts[l][0], files.v[i]);
	strlist_free(&files);
	if (g->n > 1)
		qsort(g->v, g->n, sizeof(*g->v), cmp_script);
	rc_links(g, rootfd, layouts[l][1]);
	for (size_t i = 0; i < g->n; i++)
		read_header(g, rootfd, &g->v[i]);
	for (size_t i = 0; i < g->n; i++)
		fix_order(g, &g->v[i]);
}

const struct sysv_script *sysvgen_find(const struct sysvgen *g, const char *name)
{
	for (size_t i = 0; i < g->n; i++)
		if (!strcmp(g->v[i].name, name))
			return &g->v[i];
	/* A real script's name wins over another's Provides: alias. */
	for (size_t i = 0; i < g->n; i++)
		if (strlist_has(&g->v[i].aliases, name))
			return &g->v[i];
	return NULL;
}

static void add_words(struct unit *u, const char *key, const struct strlist *l)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < l->n; i++) {
		if (i)
			sb_addc(&sb, ' ');
		sb_adds(&sb, l->v[i]);
	}
	if (l->n)
		unit_add(u, "Unit", key, sb.buf);
	sb_free(&sb);
}

/* The script's path as one word of a command line: quoted for the word
 * splitter, '%' doubled for the specifiers. */
static char *command(const char *exec, const char *action)
{
	struct strbuf sb = STRBUF_INIT;

	sb_addc(&sb, '"');
	for (const char *p = exec; *p; p++) {
		if (*p == '\\' || *p == '"')
			sb_addc(&sb, '\\');
		else if (*p == '%')
			sb_addc(&sb, '%');
		sb_addc(&sb, *p);
	}
	sb_addf(&sb, "\" %s", action);
	return sb_detach(&sb);
}

int sysvgen_load(const struct sysvgen *g, int rootfd, const char *name, struct unit **out, struct err *e)
{
	const struct sysv_script *s = sysvgen_find(g, name);
	struct unit *u;

	*out = NULL;
	if (!s)
		return 0;
	u = xcalloc(1, sizeof(*u));
	u->name = xstrdup(name);
	u->id = xstrdup(s->name);
	u->path = xstrdup(s->path);
	u->generated = 1;
	unit_add(u, "Unit", "Documentation", "man:systemd-sysv-generator(8)");
	unit_add(u, "Unit", "SourcePath", s->path);
	if (s->description)
		unit_add(u, "Unit", "Description", s->description);
	add_words(u, "Before", &s->before);
	add_words(u, "After", &s->after);
	add_words(u, "Wants", &s->wants);
	static const char *const fixed[][2] = {
		{ "Type", "forking" }, { "Restart", "no" }, { "TimeoutSec", "5min" }, { "IgnoreSIGPIPE", "no" },
		{ "KillMode", "process" }, { "GuessMainPID", "no" },
	};
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		unit_add(u, "Service", fixed[i][0], fixed[i][1]);
	unit_add(u, "Service", "RemainAfterExit", s->pidfile ? "no" : "yes");
	if (s->pidfile)
		unit_add(u, "Service", "PIDFile", s->pidfile);
	char *start = command(s->exec, "start"), *stop = command(s->exec, "stop");
	unit_add(u, "Service", "ExecStart", start);
	unit_add(u, "Service", "ExecStop", stop);
	free(start);
	free(stop);
	if (unit_load_dropins(rootfd, u, e) < 0) {
		unit_free(u);
		return -1;
	}
	*out = u;
	return 0;
}

void sysvgen_wanted_by(const struct sysvgen *g, const char *target, struct strlist *out)
{
	for (size_t i = 0; i < g->n; i++)
		if (strlist_has(&g->v[i].wanted_by, target))
			push_once(out, g->v[i].name);
}

void sysvgen_free(struct sysvgen *g)
{
	for (size_t i = 0; i < g->n; i++) {
		struct sysv_script *s = &g->v[i];
		free(s->name);
		free(s->path);
		free(s->exec);
		free(s->description);
		free(s->pidfile);
		strlist_free(&s->aliases);
		strlist_free(&s->after);
		strlist_free(&s->before);
		strlist_free(&s->wants);
		strlist_free(&s->wanted_by);
	}
	free(g->v);
	strlist_free(&g->warnings);
	memset(g, 0, sizeof(*g));
}

int sysvgen_initdefault(int rootfd)
{
	char *text, *save = NULL;
	int level = 3;

	if (root_read_file(rootfd, "/etc/inittab", 1u << 20, &text, NULL) < 0)
		return level;
	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char *a = strchr(l, ':'), *b = a ? strchr(a + 1, ':') : NULL;
		if (l[0] != '#' && b && b - a == 2 && !strncmp(b + 1, "initdefault", 11) && a[1] >= '1' && a[1] <= '5')
			level = a[1] - '0';
	}
	free(text);
	return level;
}
