#include "init/unit.h"
#include "init/rootfs.h"
#include "lib/strbuf.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *const unit_search_path[] = {
	"/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system",
	"/usr/lib/systemd/system", "/lib/systemd/system", NULL
};

static const char *const type_names[] = {
	[UNIT_SERVICE] = "service", [UNIT_TARGET] = "target", [UNIT_SOCKET] = "socket",
	[UNIT_TIMER] = "timer", [UNIT_PATH] = "path", [UNIT_MOUNT] = "mount",
	[UNIT_AUTOMOUNT] = "automount", [UNIT_SWAP] = "swap", [UNIT_DEVICE] = "device",
	[UNIT_SLICE] = "slice", [UNIT_SCOPE] = "scope", [UNIT_INVALID] = NULL,
};

const char *unit_type_name(enum unit_type t)
{
	return t < UNIT_INVALID ? type_names[t] : "invalid";
}

enum unit_type unit_name_type(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (!dot)
		return UNIT_INVALID;
	for (int t = 0; t < UNIT_INVALID; t++)
		if (!strcmp(dot + 1, type_names[t]))
			return (enum unit_type)t;
	return UNIT_INVALID;
}

/* systemd's VALID_CHARS plus '@' once; at most 256 bytes (UNIT_NAME_MAX). */
int unit_name_valid(const char *name)
{
	const char *dot = strrchr(name, '.');
	size_t n = strlen(name);
	int ats = 0;

	if (!n || n > 256 || !dot || dot == name || unit_name_type(name) == UNIT_INVALID)
		return 0;
	for (const char *p = name; p < dot; p++) {
		if (*p == '@')
			ats++;
		else if (!isalnum((unsigned char)*p) && !strchr(":-_.\\", *p))
			return 0;
	}
	return ats <= 1 && name[0] != '@';
}

static const char *at_sign(const char *name)
{
	const char *at = strchr(name, '@');
	const char *dot = strrchr(name, '.');

	return at && dot && at < dot ? at : NULL;
}

int unit_name_is_template(const char *name)
{
	const char *at = at_sign(name);

	return at && at[1] == '.' && at + 1 == strrchr(name, '.');
}

int unit_name_is_instance(const char *name)
{
	const char *at = at_sign(name);

	return at && at + 1 != strrchr(name, '.');
}

char *unit_name_template(const char *name)
{
	const char *at = at_sign(name);

	if (!at)
		return NULL;
	return xasprintf("%.*s@%s", (int)(at - name), name, strrchr(name, '.'));
}

char *unit_name_instance(const char *name)
{
	const char *at = at_sign(name);
	const char *dot = strrchr(name, '.');

	if (!at || at + 1 == dot)
		return NULL;
	return xstrndup(at + 1, (size_t)(dot - at - 1));
}

char *unit_name_prefix(const char *name)
{
	const char *at = at_sign(name);
	const char *end = at ? at : strrchr(name, '.');

	return xstrndup(name, end ? (size_t)(end - name) : strlen(name));
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

char *unit_name_unescape(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	for (; *s; s++) {
		if (*s == '-')
			sb_addc(&sb, '/');
		else if (s[0] == '\\' && s[1] == 'x' && hexval(s[2]) >= 0 && hexval(s[3]) >= 0) {
			sb_addc(&sb, (char)(hexval(s[2]) << 4 | hexval(s[3])));
			s += 3;
		} else
			sb_addc(&sb, *s);
	}
	sb_add(&sb, "", 0);	/* a terminated buffer even when empty */
	return sb_detach(&sb);
}

/* ---- parsing ---- */

static char *trim(char *s)
{
	while (*s && isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

void unit_add(struct unit *u, const char *section, const char *key, const char *value)
{
	if (u->nkv == u->akv) {
		u->akv = u->akv ? u->akv * 2 : 32;
		u->kv = xrealloc(u->kv, u->akv * sizeof(*u->kv));
	}
	u->kv[u->nkv].section = xstrdup(section);
	u->kv[u->nkv].key = xstrdup(key);
	u->kv[u->nkv].value = xstrdup(value);
	u->nkv++;
}

static void add_warning(struct unit *u, const char *file, unsigned line, const char *what)
{
	char *m = xasprintf("%s:%u: %s", file, line, what);
	strlist_push(&u->warnings, m);
	free(m);
}

/* One logical line (continuations joined): a section header, an
 * assignment, or something systemd would also ignore with a warning. */
static void parse_line(struct unit *u, char *l, char **section, const char *file, unsigned lineno)
{
	l = trim(l);
	if (!*l || *l == '#' || *l == ';')
		return;
	if (*l == '[') {
		size_t n = strlen(l);
		free(*section);
		*section = NULL;
		if (n < 3 || l[n - 1] != ']' || memchr(l + 1, ']', n - 2)) {
			add_warning(u, file, lineno, "bad section header, its assignments are ignored");
			return;
		}
		*section = xstrndup(l + 1, n - 2);
		return;
	}
	char *eq = strchr(l, '=');
	if (!eq) {
		add_warning(u, file, lineno, "line without '=' ignored");
		return;
	}
	if (!*section) {
		add_warning(u, file, lineno, "assignment outside of a section ignored");
		return;
	}
	*eq = '\0';
	char *key = trim(l);
	if (!*key) {
		add_warning(u, file, lineno, "assignment without a key ignored");
		return;
	}
	unit_add(u, *section, key, trim(eq + 1));
}

static int is_comment(const char *l)
{
	while (isspace((unsigned char)*l))
		l++;
	return *l == '#' || *l == ';';
}

int unit_parse(struct unit *u, const char *text, size_t len, const char *file, struct err *e)
{
	struct strbuf logical = STRBUF_INIT;
	char *section = NULL;
	unsigned lineno = 0, start = 0;
	size_t i = 0;

	if (memchr(text, '\0', len))
		return err_set(e, EXIT_FAIL, "%s: holds a NUL byte, not a unit file", file);
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (text + i)) : len - i;
		char *l = xstrndup(text + i, n);
		i += n + (nl ? 1 : 0);
		lineno++;
		if (!logical.len)
			start = lineno;
		else if (is_comment(l)) {	/* systemd skips comments inside a continuation */
			free(l);
			continue;
		}
		size_t ln = strlen(l);
		int cont = ln && l[ln - 1] == '\\';
		if (cont)
			l[ln - 1] = ' ';
		sb_adds(&logical, l);
		free(l);
		if (logical.len > UNIT_LINE_MAX) {
			sb_free(&logical);
			free(section);
			return err_set(e, EXIT_FAIL, "%s:%u: line longer than %u bytes", file, start, UNIT_LINE_MAX);
		}
		if (cont && i < len)
			continue;
		parse_line(u, logical.buf, &section, file, start);
		sb_reset(&logical);
	}
	sb_free(&logical);
	free(section);
	return 0;
}

/* ---- lookup ---- */

const char *unit_get(const struct unit *u, const char *section, const char *key)
{
	for (size_t i = u->nkv; i-- > 0;)
		if (!strcmp(u->kv[i].key, key) && !strcmp(u->kv[i].section, section))
			return *u->kv[i].value ? u->kv[i].value : NULL;
	return NULL;
}

void unit_get_list(const struct unit *u, const char *section, const char *key, struct strlist *out)
{
	size_t from = 0;

	for (size_t i = 0; i < u->nkv; i++)
		if (!strcmp(u->kv[i].key, key) && !strcmp(u->kv[i].section, section) && !*u->kv[i].value)
			from = i + 1;
	for (size_t i = from; i < u->nkv; i++)
		if (!strcmp(u->kv[i].key, key) && !strcmp(u->kv[i].section, section))
			strlist_push(out, u->kv[i].value);
}

void unit_get_words(const struct unit *u, const char *section, const char *key, struct strlist *out)
{
	struct strlist vals = { 0 };

	unit_get_list(u, section, key, &vals);
	for (size_t i = 0; i < vals.n; i++) {
		char *save = NULL;
		for (char *w = strtok_r(vals.v[i], " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save))
			if (!strlist_has(out, w))
				strlist_push(out, w);
	}
	strlist_free(&vals);
}

int parse_bool(const char *s)
{
	static const char *const yes[] = { "1", "yes", "y", "true", "t", "on", NULL };
	static const char *const no[] = { "0", "no", "n", "false", "f", "off", NULL };

	for (int i = 0; yes[i]; i++)
		if (!strcasecmp(s, yes[i]))
			return 1;
	for (int i = 0; no[i]; i++)
		if (!strcasecmp(s, no[i]))
			return 0;
	return -1;
}

int unit_get_bool(const struct unit *u, const char *section, const char *key, int dflt)
{
	const char *v = unit_get(u, section, key);

	return v ? parse_bool(v) : dflt;
}

static long long unit_factor(const char *s, size_t n)
{
	static const struct { const char *name; long long ms; } units[] = {
		{ "ms", 1 }, { "msec", 1 }, { "s", 1000 }, { "sec", 1000 }, { "second", 1000 },
		{ "seconds", 1000 }, { "m", 60000 }, { "min", 60000 }, { "minute", 60000 },
		{ "minutes", 60000 }, { "h", 3600000 }, { "hr", 3600000 }, { "hour", 3600000 },
		{ "hours", 3600000 }, { "d", 86400000 }, { "day", 86400000 }, { "days", 86400000 },
		{ "us", 0 }, { "usec", 0 }, { "", 1000 },
	};
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strlen(units[i].name) == n && !strncmp(s, units[i].name, n))
			return units[i].ms;
	return -1;
}

long long parse_timespan_ms(const char *s)
{
	long long total = 0;
	int any = 0;

	if (!strcmp(s, "infinity"))
		return INT64_MAX;
	while (*s) {
		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		if (!isdigit((unsigned char)*s))
			return -1;
		char *end;
		errno = 0;
		long long v = strtoll(s, &end, 10);
		if (errno || v > 1000000000LL)
			return -1;
		s = end;
		if (*s == '.') {	/* fractions: "1.5s" */
			s++;
			while (isdigit((unsigned char)*s))
				s++;
		}
		while (*s == ' ')
			s++;
		const char *u0 = s;
		while (isalpha((unsigned char)*s))
			s++;
		long long f = unit_factor(u0, (size_t)(s - u0));
		if (f < 0)
			return -1;
		total += v * f;
		any = 1;
	}
	return any ? total : -1;
}

/* ---- specifiers ---- */

static const char *spec_user(const struct unit *u)
{
	const char *user = unit_get(u, "Service", "User");

	return user ? user : "root";
}

/* The value of one specifier, or NULL when it cannot be resolved here. */
static char *spec_value(const struct unit *u, const struct unit_ctx *ctx, char c)
{
	char *inst = unit_name_instance(u->name), *v = NULL;

	switch (c) {
	case 'n': v = xstrdup(u->name); break;
	case 'N': v = xstrndup(u->name, (size_t)(strrchr(u->name, '.') - u->name)); break;
	case 'p': v = unit_name_prefix(u->name); break;
	case 'P': { char *p = unit_name_prefix(u->name); v = unit_name_unescape(p); free(p); break; }
	case 'i': v = xstrdup(inst ? inst : ""); break;
	case 'I': v = unit_name_unescape(inst ? inst : ""); break;
	case 'f': { char *i = unit_name_unescape(inst ? inst : ""); v = xasprintf("%s%s", i[0] == '/' ? "" : "/", i); free(i); break; }
	case 't': v = xstrdup("/run"); break;
	case 'T': v = xstrdup("/tmp"); break;
	case 'V': v = xstrdup("/var/tmp"); break;
	case 'H': v = ctx && ctx->hostname ? xstrdup(ctx->hostname) : NULL; break;
	case 'm': v = ctx && ctx->machine_id ? xstrdup(ctx->machine_id) : NULL; break;
	case 'u': v = xstrdup(spec_user(u)); break;
	case 'h': v = !strcmp(spec_user(u), "root") ? xstrdup("/root") : NULL; break;
	case '%': v = xstrdup("%"); break;
	default: break;
	}
	free(inst);
	return v;
}

char *unit_expand(const struct unit *u, const struct unit_ctx *ctx, const char *s, struct err *e)
{
	struct strbuf sb = STRBUF_INIT;

	for (; *s; s++) {
		if (*s != '%') {
			sb_addc(&sb, *s);
			continue;
		}
		char *v = s[1] ? spec_value(u, ctx, s[1]) : NULL;
		if (!v) {
			sb_free(&sb);
			err_set(e, EXIT_FAIL, "%s: specifier %%%c cannot be resolved here", u->name, s[1] ? s[1] : ' ');
			return NULL;
		}
		sb_adds(&sb, v);
		free(v);
		s++;
	}
	sb_add(&sb, "", 0);	/* a terminated buffer even when empty */
	return sb_detach(&sb);
}

/* ---- loading ---- */

struct unit_found {
	char *path;	/* the name in the search directory */
	char *target;	/* where it resolves to inside the root */
	int masked;
};

static int is_dev_null(const char *canon)
{
	return !strcmp(canon, "/dev/null");
}

/* The text of a link under the root (not followed). */
static ssize_t readlink_in(int rootfd, const char *path, char *buf, size_t size)
{
	int fd = root_open(rootfd, path, O_PATH, ROOT_NOFOLLOW, NULL);
	if (fd < 0)
		return -1;
	ssize_t n = readlinkat(fd, "", buf, size);
	close(fd);
	return n;
}

/* The first search directory holding NAME (a file, a link to one, or a
 * link to /dev/null). 1 found, 0 not found, -1 error (a link loop...). */
static int find_fragment(int rootfd, const char *name, struct unit_found *f, struct err *e)
{
	for (int i = 0; unit_search_path[i]; i++) {
		char *p = xasprintf("%s/%s", unit_search_path[i], name);
		struct stat st;
		if (root_stat(rootfd, p, ROOT_NOFOLLOW, &st) < 0) {
			free(p);
			continue;
		}
		/* Masked: a link to /dev/null, whether or not the tree has one. */
		char lt[16];
		ssize_t ln = S_ISLNK(st.st_mode) ? readlink_in(rootfd, p, lt, sizeof(lt)) : -1;
		if (ln == 9 && !memcmp(lt, "/dev/null", 9)) {
			f->path = p;
			f->target = xstrdup("/dev/null");
			f->masked = 1;
			return 1;
		}
		char *canon = root_realpath(rootfd, p, 0);
		if (!canon) {
			int saved = errno;
			err_set(e, EXIT_FAIL, "%s: %s", p, saved == ENOENT ? "a link to nothing" : strerror(saved));
			free(p);
			return -1;
		}
		f->path = p;
		f->target = canon;
		f->masked = is_dev_null(canon);
		return 1;
	}
	return 0;
}

static int load_file(int rootfd, struct unit *u, const char *path, struct err *e)
{
	char *text;
	size_t len;

	if (root_read_file(rootfd, path, UNIT_FILE_MAX, &text, &len) < 0)
		return err_set(e, EXIT_FAIL, "%s: %s", path,
			       errno == EFBIG ? "larger than 4 MiB, not a unit file" :
			       errno == EINVAL ? "not a regular file" : strerror(errno));
	int r = unit_parse(u, text, len, path, e);
	free(text);
	return r;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Basenames of DIR's entries ending in suffix (NULL: any) into names, the
 * first seen of each name kept (higher priority directories come first);
 * paths gets DIR/NAME for new names. */
static void list_dir(int rootfd, const char *dir, const char *suffix, struct strlist *names, struct strlist *paths)
{
	int fd = root_open(rootfd, dir, O_RDONLY | O_DIRECTORY, 0, NULL);
	if (fd < 0)
		return;
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name), sl = suffix ? strlen(suffix) : 0;
		if (de->d_name[0] == '.' || n <= sl || (suffix && strcmp(de->d_name + n - sl, suffix)))
			continue;
		if (strlist_has(names, de->d_name))
			continue;
		strlist_push(names, de->d_name);
		if (paths) {
			char *p = xasprintf("%s/%s", dir, de->d_name);
			strlist_push(paths, p);
			free(p);
		}
	}
	closedir(d);
}

/* Drop-ins: NAME.d/FILE.conf (and the template's for an instance) from every
 * search directory; a file name in a higher directory hides the same name
 * below; applied sorted by file name. */
int unit_load_dropins(int rootfd, struct unit *u, struct err *e)
{
	struct strlist names = { 0 }, paths = { 0 };
	char *tmpl = unit_name_is_instance(u->name) ? unit_name_template(u->name) : NULL;
	const char *bases[] = { u->name, u->id, tmpl, NULL };

	for (int i = 0; unit_search_path[i]; i++)
		for (int b = 0; b < 3; b++) {
			if (!bases[b] || (b == 1 && !strcmp(u->id, u->name)))
				continue;
			char *dir = xasprintf("%s/%s.d", unit_search_path[i], bases[b]);
			list_dir(rootfd, dir, ".conf", &names, &paths);
			free(dir);
		}
	free(tmpl);
	/* Sort the paths by their file name. */
	size_t *order = xcalloc(names.n, sizeof(*order));
	char **sorted = xcalloc(names.n, sizeof(*sorted));
	for (size_t i = 0; i < names.n; i++)
		sorted[i] = names.v[i];
	qsort(sorted, names.n, sizeof(*sorted), cmp_str);
	int r = 0;
	for (size_t i = 0; i < names.n && !r; i++) {
		for (size_t j = 0; j < names.n; j++)
			if (names.v[j] == sorted[i])
				order[i] = j;
		r = load_file(rootfd, u, paths.v[order[i]], e);
		strlist_push(&u->dropins, paths.v[order[i]]);
	}
	free(order);
	free(sorted);
	strlist_free(&names);
	strlist_free(&paths);
	return r;
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

/* The fragment for NAME, else for its template. */
static int find_unit(int rootfd, struct unit *u, struct unit_found *f, struct err *e)
{
	int r = find_fragment(rootfd, u->name, f, e);

	if (r || !unit_name_is_instance(u->name))
		return r;
	char *t = unit_name_template(u->name);
	r = find_fragment(rootfd, t, f, e);
	free(t);
	return r;
}

int unit_load(int rootfd, const char *name, struct unit **out, struct err *e)
{
	struct unit_found f = { 0 };
	struct unit *u;

	*out = NULL;
	if (!unit_name_valid(name))
		return err_set(e, EXIT_FAIL, "%s: not a valid unit name", name);
	u = xcalloc(1, sizeof(*u));
	u->name = xstrdup(name);
	int r = find_unit(rootfd, u, &f, e);
	if (r > 0) {
		u->masked = f.masked;
		const char *tb = base_name(f.target);
		/* An alias takes the name of the file it links to; a link of an
		 * instance to its template keeps the instance's name. */
		if (!f.masked && unit_name_valid(tb) && unit_name_type(tb) == unit_name_type(name) &&
		    !unit_name_is_template(tb))
			u->id = xstrdup(tb);
		if (!f.masked)
			r = load_file(rootfd, u, f.target, e);
		u->path = f.target;
		f.target = NULL;
	}
	free(f.path);
	free(f.target);
	if (!u->id)
		u->id = xstrdup(name);
	if (r >= 0 && !u->masked)
		r = unit_load_dropins(rootfd, u, e);
	if (r < 0) {
		unit_free(u);
		return -1;
	}
	*out = u;
	return 0;
}

void unit_free(struct unit *u)
{
	if (!u)
		return;
	for (size_t i = 0; i < u->nkv; i++) {
		free(u->kv[i].section);
		free(u->kv[i].key);
		free(u->kv[i].value);
	}
	free(u->kv);
	free(u->name);
	free(u->id);
	free(u->path);
	strlist_free(&u->dropins);
	strlist_free(&u->warnings);
	free(u);
}

static void sort_list(struct strlist *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp_str);
}

void unit_wants_dirs(int rootfd, const char *name, struct strlist *wants, struct strlist *requires)
{
	char *tmpl = unit_name_is_instance(name) ? unit_name_template(name) : NULL;
	const char *bases[] = { name, tmpl };

	for (int i = 0; unit_search_path[i]; i++)
		for (int b = 0; b < 2; b++) {
			if (!bases[b])
				continue;
			char *w = xasprintf("%s/%s.wants", unit_search_path[i], bases[b]);
			char *r = xasprintf("%s/%s.requires", unit_search_path[i], bases[b]);
			list_dir(rootfd, w, NULL, wants, NULL);
			if (requires)
				list_dir(rootfd, r, NULL, requires, NULL);
			free(w);
			free(r);
		}
	free(tmpl);
	sort_list(wants);
	if (requires)
		sort_list(requires);
}
