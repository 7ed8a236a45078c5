/* Saved files to facts: every object found goes into a pool (deduplicated,
 * since inspect writes a pod both alone and in core/pods.yaml), logs are
 * kept as bounded tails, then the pool is cut into one set of facts per pod. */
#include "diag/offline.h"
#include "diag/assemble.h"
#include "lib/jsonmem.h"
#include "lib/fsutil.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "lib/yamlload.h"

#include <archive.h>
#include <archive_entry.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What a reading needs: the pool it fills, and the input's name for errors. */
struct reading {
	struct diag_pool *p;
	const char *path;
	int over;		/* the logs went over the budget */
	size_t base;		/* what the meter said before: not this input's */
};

/* ---- reading bounded tails ---- */

/* Keeps the last max bytes of a stream: appends into a buffer of twice
 * that and slides the tail down when full, so memory stays bounded. */
struct tail {
	struct strbuf sb;
	size_t max;
	int cut;
};

static void tail_add(struct tail *t, const char *data, size_t n)
{
	if (n > t->max) {
		data += n - t->max;
		n = t->max;
		t->cut = 1;
		sb_reset(&t->sb);
	}
	if (t->sb.len + n > 2 * t->max) {
		size_t keep = t->max > n ? t->max - n : 0;
		if (keep > t->sb.len)
			keep = t->sb.len;
		memmove(t->sb.buf, t->sb.buf + t->sb.len - keep, keep);
		t->sb.len = keep;
		t->sb.buf[keep] = '\0';
		t->cut = 1;
	}
	sb_add(&t->sb, data, n);
}

/* Ends the tail: at most max bytes, starting at a line when it was cut. */
static char *tail_end(struct tail *t, size_t *len, int *truncated)
{
	char *s = t->sb.buf ? t->sb.buf : NULL;
	size_t n = t->sb.len, off = 0;

	if (n > t->max) {
		off = n - t->max;
		t->cut = 1;
	}
	if (t->cut && s) {
		char *nl = memchr(s + off, '\n', n - off);
		off = nl ? (size_t)(nl - s) + 1 : off;
	}
	*len = n - off;
	*truncated = t->cut;
	char *out = xstrndup(s ? s + off : "", *len);
	sb_free(&t->sb);
	return out;
}

int diag_read_tail(const char *path, size_t max, char **out, size_t *len, int *truncated,
		   struct err *e)
{
	struct tail t = { STRBUF_INIT, max, 0 };
	struct stat st;
	char buf[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return err_set(e, EXIT_FAIL, "cannot read %s: %s", path, strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return err_set(e, EXIT_FAIL, "cannot read %s: it is a directory", path);
	}
	/* A big regular file: jump to its tail instead of reading it all. */
	if (S_ISREG(st.st_mode) && (size_t)st.st_size > max && lseek(fd, st.st_size - (off_t)max, SEEK_SET) >= 0)
		t.cut = 1;
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err_set(e, EXIT_FAIL, "cannot read %s: %s", path, strerror(errno));
			close(fd);
			sb_free(&t.sb);
			return -1;
		}
		tail_add(&t, buf, (size_t)n);
	}
	close(fd);
	*out = tail_end(&t, len, truncated);
	return 0;
}

/* The timestamp `kubectl logs --timestamps` puts before a line, and the
 * space after it. */
static size_t stamp_len(const char *s, size_t n)
{
	size_t i = rfc3339_scan(s, n, NULL, NULL);

	if (!i)
		return 0;
	if (i < n && s[i] == ' ')
		return i + 1;
	return i == n || s[i] == '\n' ? i : 0;
}

size_t diag_strip_timestamps(char *text, size_t len)
{
	size_t r = 0, w = 0;

	while (r < len) {
		char *nl = memchr(text + r, '\n', len - r);
		size_t end = nl ? (size_t)(nl - text) + 1 : len;
		r += stamp_len(text + r, end - r);
		memmove(text + w, text + r, end - r);
		w += end - r;
		r = end;
	}
	text[w] = '\0';
	return w;
}

/* ---- objects, one item at a time ---- */

/* The end of the JSON value at p (a string, object, array, number or
 * literal), or NULL when it is not well formed; no allocation, so a List of
 * 20000 pods is cut into items before any of them is parsed. */
static const char *skip_value(const char *p, const char *end, int depth)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	if (p >= end || depth > 512)
		return NULL;
	if (*p == '"') {
		for (p++; p < end; p++) {
			if (*p == '\\')
				p++;
			else if (*p == '"')
				return p + 1;
		}
		return NULL;
	}
	if (*p == '{' || *p == '[') {
		char close = *p == '{' ? '}' : ']';
		p++;
		for (;;) {
			while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ',' || *p == ':'))
				p++;
			if (p >= end)
				return NULL;
			if (*p == close)
				return p + 1;
			if (*p == '}' || *p == ']')
				return NULL;
			if (!(p = skip_value(p, end, depth + 1)))
				return NULL;
		}
	}
	const char *s = p;
	while (p < end && !strchr(" \t\r\n,:]}", *p))
		p++;
	return p > s ? p : NULL;
}

static const char *skip_space(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

static int over_budget(struct err *e, const char *what)
{
	err_clear(e);
	return err_set(e, EXIT_FAIL, "%s: the input holds more than %d MiB of objects and logs, the most "
		       "--from-file reads; give it less (one namespace, or the pod's own files)", what,
		       DIAG_INPUT_BUDGET >> 20);
}

static int json_failed(struct err *e, const char *what, const json_error_t *je)
{
	return err_set(e, EXIT_FAIL, "cannot parse %s as JSON: line %d: %s", what, je->line, je->text);
}

/* etcd keeps objects up to 1.5 MiB: anything far larger is not one, and a
 * parse of it could take ten times its size. */
static int too_big(struct err *e, const char *what)
{
	return err_set(e, EXIT_FAIL, "%s holds an object of more than %u MiB: no Kubernetes object is that large",
		       what, DIAG_ITEM_MAX >> 20);
}

/* A List (or a bare array): its items parsed and pooled one at a time, so
 * that only what is kept of each (pool.c trims) stays in memory. Returns 1
 * when buf was not of that shape, for the caller to parse it whole. */
static int json_items(struct reading *r, const char *buf, size_t len, const char *what, struct err *e)
{
	const char *p = skip_space(buf, buf + len), *end = buf + len, *items = NULL, *items_end = NULL;
	char *kind = NULL;

	if (*p == '{') {
		/* the keys: "kind" (kubectl writes it after "items") and where "items" is */
		for (p = skip_space(p + 1, end); p < end && *p == '"';) {
			const char *k = p, *v, *ve;
			if (!(p = skip_value(p, end, 0)))
				break;
			size_t kl = (size_t)(p - k);
			p = skip_space(p, end);
			if (p >= end || *p != ':')
				break;
			v = skip_space(p + 1, end);
			if (!(ve = skip_value(v, end, 0))) {
				items = NULL;
				break;
			}
			if (kl == 7 && !memcmp(k, "\"items\"", 7) && *v == '[') {
				items = v + 1;
				items_end = ve - 1;
			} else if (kl == 6 && !memcmp(k, "\"kind\"", 6) && *v == '"') {
				json_t *ks = json_loadb(v, (size_t)(ve - v), JSON_DECODE_ANY, NULL);
				free(kind);
				kind = json_string_value(ks) ? xstrdup(json_string_value(ks)) : NULL;
				json_decref(ks);
			}
			p = skip_space(ve, end);
			if (p < end && *p == ',')
				p = skip_space(p + 1, end);
		}
		if (!items) {
			free(kind);
			return 1;
		}
	} else if (*p == '[') {
		if (!skip_value(p, end, 0))
			return 1;
		items = p + 1;
		items_end = skip_value(p, end, 0) - 1;
	} else {
		return 1;
	}
	for (p = items; (p = skip_space(p, items_end)) < items_end;) {
		const char *ve = skip_value(p, items_end, 0);
		json_error_t je;
		if (!ve) {
			free(kind);
			return 1;	/* let jansson say where */
		}
		if ((size_t)(ve - p) > DIAG_ITEM_MAX) {
			free(kind);
			return too_big(e, what);
		}
		json_t *item = json_loadb(p, (size_t)(ve - p), JSON_DECODE_ANY, &je);
		if (!item) {
			free(kind);
			return json_failed(e, what, &je);
		}
		pool_add(r->p, item, kind);
		json_decref(item);
		if (jsonmem_exceeded()) {
			free(kind);
			return over_budget(e, what);
		}
		p = skip_space(ve, items_end);
		if (p < items_end && *p == ',')
			p++;
	}
	free(kind);
	return 0;
}

static int pool_each(json_t *doc, const char *list_kind, void *arg)
{
	struct reading *r = arg;

	pool_add(r->p, doc, list_kind);
	return jsonmem_exceeded() ? -1 : 0;	/* stop reading: over the budget */
}

/* Parses a saved object file (JSON or YAML, one or many documents). */
static int parse_objects(struct reading *r, const char *buf, size_t len, const char *what, struct err *e)
{
	size_t i = 0;

	while (i < len && isspace((unsigned char)buf[i]))
		i++;
	if (i == len)
		return err_set(e, EXIT_FAIL, "%s is empty", what);
	if (buf[i] == '{' || buf[i] == '[') {
		int rc = json_items(r, buf, len, what, e);
		if (rc <= 0)
			return rc;
		if (len > DIAG_ITEM_MAX)
			return too_big(e, what);
		json_error_t je;
		json_t *d = json_loadb(buf, len, 0, &je);
		if (!d)
			return json_failed(e, what, &je);
		pool_add(r->p, d, NULL);
		json_decref(d);
		return jsonmem_exceeded() ? over_budget(e, what) : 0;
	}
	if (yaml_load_each(buf, len, what, pool_each, r, e) < 0)
		return jsonmem_exceeded() ? over_budget(e, what) : -1;
	return 0;
}

/* namespaces/NS/pods/POD/CTR/CTR/logs/{current,previous}[.insecure].log */
static int log_path(const char *rel, char **ns, char **pod, char **ctr, int *previous)
{
	const char *c[12];
	size_t len[12], n = 0;
	const char *s = rel;

	while (*s && n < 12) {
		size_t l = strcspn(s, "/");
		c[n] = s;
		len[n++] = l;
		s += l;
		while (*s == '/')
			s++;
	}
	if (*s || n < 8)
		return 0;
	size_t i = n - 8;
#define EQ(k, lit) (len[k] == strlen(lit) && !strncmp(c[k], lit, len[k]))
	if (!EQ(i, "namespaces") || !EQ(i + 2, "pods") || !EQ(i + 6, "logs"))
		return 0;
	if (EQ(i + 7, "current.log") || EQ(i + 7, "current.insecure.log"))
		*previous = 0;
	else if (EQ(i + 7, "previous.log") || EQ(i + 7, "previous.insecure.log"))
		*previous = 1;
	else
		return 0;
#undef EQ
	*ns = xstrndup(c[i + 1], len[i + 1]);
	*pod = xstrndup(c[i + 3], len[i + 3]);
	*ctr = xstrndup(c[i + 5], len[i + 5]);
	return 1;
}

static int has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && !strcmp(s + n - m, suf);
}

enum kind_of_file { F_SKIP, F_OBJECTS, F_LOG };

/* Which files of an inspect tree matter: objects, and container logs. */
static enum kind_of_file classify(const char *rel)
{
	if (strstr(rel, "/logs/") || !strncmp(rel, "logs/", 5))
		return has_suffix(rel, ".log") ? F_LOG : F_SKIP;
	if (!has_suffix(rel, ".yaml") && !has_suffix(rel, ".yml") && !has_suffix(rel, ".json"))
		return F_SKIP;
	/* cluster-scoped: only the persistent volumes */
	if (strstr(rel, "cluster-scoped-resources/"))
		return strstr(rel, "/persistentvolumes") ? F_OBJECTS : F_SKIP;
	return F_OBJECTS;
}

static void add_log(struct reading *r, const char *rel, char *text, size_t len, int truncated)
{
	char *ns, *pod, *ctr;
	int previous;

	if (!log_path(rel, &ns, &pod, &ctr, &previous)) {
		free(text);
		return;
	}
	len = diag_strip_timestamps(text, len);
	if (jsonmem_reserve(len) < 0)	/* logs are tails, but there may be many */
		r->over = 1;
	pool_add_log(r->p, ns, pod, ctr, previous, text, len, truncated, NULL);
	free(ns);
	free(pod);
	free(ctr);
}

/* ---- a directory ---- */

static int walk(struct reading *p, const char *dir, const char *rel, int depth, struct err *e)
{
	DIR *d;
	struct dirent *de;
	int rc = 0;

	if (depth > 16)
		return 0;
	if (!(d = opendir(dir)))
		return err_set(e, EXIT_FAIL, "cannot read %s: %s", dir, strerror(errno));
	while (rc == 0 && (de = readdir(d))) {
		struct stat st;
		if (de->d_name[0] == '.')
			continue;
		char *full = path_join(dir, de->d_name);
		char *r = *rel ? xasprintf("%s/%s", rel, de->d_name) : xstrdup(de->d_name);
		if (lstat(full, &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				rc = walk(p, full, r, depth + 1, e);
			} else if (S_ISREG(st.st_mode)) {
				enum kind_of_file k = classify(r);
				char *buf = NULL;
				size_t len;
				int cut;
				if (k == F_LOG && diag_read_tail(full, DIAG_LOG_MAX, &buf, &len, &cut, e) == 0)
					add_log(p, r, buf, len, cut);
				else if (k == F_OBJECTS && st.st_size > 0 && jsonmem_reserve((size_t)st.st_size) < 0)
					rc = over_budget(e, full);
				else if (k == F_OBJECTS && st.st_size > 0) {
					if ((rc = read_file(full, DIAG_INPUT_BUDGET, &buf, &len, e)) == 0) {
						rc = parse_objects(p, buf, len, full, e);
						free(buf);
					}
					jsonmem_release((size_t)st.st_size);
				} else if (k != F_SKIP && e->code) {
					rc = -1;
				}
			}
		}
		free(full);
		free(r);
	}
	closedir(d);
	return rc;
}

/* ---- a .tar.gz ---- */

static int is_gzip(const char *buf, size_t len)
{
	return len >= 2 && (unsigned char)buf[0] == 0x1f && (unsigned char)buf[1] == 0x8b;
}

static int is_archive(const char *path, const struct stat *st)
{
	static const char *const suf[] = { ".tar.gz", ".tgz", ".tar", ".tar.xz", ".tar.zst", ".tar.bz2", NULL };
	unsigned char head[2];
	int fd;
	ssize_t n;

	for (size_t i = 0; suf[i]; i++)
		if (has_suffix(path, suf[i]))
			return 1;
	/* A pipe (/dev/stdin, <(oc get ...)) cannot be peeked at: the bytes
	 * read here would be gone for the parser. It is looked at once read. */
	if (!S_ISREG(st->st_mode))
		return 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	n = read(fd, head, 2);
	close(fd);
	return n == 2 && head[0] == 0x1f && head[1] == 0x8b;
}

static int read_entry(struct archive *a, size_t max, struct tail *t, struct err *e, const char *path)
{
	char buf[65536];
	la_ssize_t n;

	t->max = max;
	while ((n = archive_read_data(a, buf, sizeof(buf))) > 0)
		tail_add(t, buf, (size_t)n);
	if (n < 0) {
		sb_free(&t->sb);
		return err_set(e, EXIT_FAIL, "cannot read %s: %s", path, archive_error_string(a));
	}
	return 0;
}

/* mem: the archive already read into memory (from a pipe), else NULL. */
static int load_archive(struct reading *p, const char *path, const char *mem, size_t memlen, struct err *e)
{
	struct archive *a = archive_read_new();
	struct archive_entry *ent;
	int r, rc = 0, entries = 0;

	archive_read_support_filter_all(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_gnutar(a);
	if ((mem ? archive_read_open_memory(a, mem, memlen) : archive_read_open_filename(a, path, 65536)) != ARCHIVE_OK) {
		rc = err_set(e, EXIT_FAIL, "cannot read %s: %s", path, archive_error_string(a));
		goto out;
	}
	while (rc == 0 && (r = archive_read_next_header(a, &ent)) != ARCHIVE_EOF) {
		if (r < ARCHIVE_WARN) {
			rc = err_set(e, EXIT_FAIL, "cannot read %s: %s", path, archive_error_string(a));
			break;
		}
		entries++;
		if (archive_entry_filetype(ent) != AE_IFREG)
			continue;
		const char *rel = archive_entry_pathname(ent);
		while (rel && (rel[0] == '.' && rel[1] == '/'))
			rel += 2;
		enum kind_of_file k = rel ? classify(rel) : F_SKIP;
		struct tail t = { STRBUF_INIT, 0, 0 };
		size_t len;
		int cut;
		if (k == F_LOG) {
			if ((rc = read_entry(a, DIAG_LOG_MAX, &t, e, path)) == 0) {
				char *text = tail_end(&t, &len, &cut);
				add_log(p, rel, text, len, cut);
			}
		} else if (k == F_OBJECTS) {
			char *what = xasprintf("%s:%s", path, rel);
			size_t in = jsonmem_used() > p->base ? jsonmem_used() - p->base : 0, room = DIAG_INPUT_BUDGET > in ? DIAG_INPUT_BUDGET - in : 0;
			/* its text counts against the budget while it is parsed; a size the
			 * header understates is caught by the tail's cut */
			if (archive_entry_size(ent) < 0 || (size_t)archive_entry_size(ent) > room / 2 ||
			    (rc = read_entry(a, room / 2, &t, e, path)) != 0 || t.cut || jsonmem_reserve(t.sb.len) < 0) {
				if (!rc)
					rc = over_budget(e, what);
			} else {
				if (t.sb.len)
					rc = parse_objects(p, t.sb.buf, t.sb.len, what, e);
				jsonmem_release(t.sb.len);
			}
			sb_free(&t.sb);
			free(what);
		}
	}
	if (rc == 0 && !entries)
		rc = err_set(e, EXIT_FAIL, "%s is an empty archive", path);
out:
	archive_read_free(a);
	return rc;
}

/* ---- the whole input ---- */

int diag_read_offline(const char *path, struct diag_pool *pool, struct err *e)
{
	struct reading r = { pool, path, 0 };
	struct stat st;
	int rc;

	if (stat(path, &st) < 0)
		return err_set(e, EXIT_FAIL, "cannot read %s: %s", path, strerror(errno));
	/* what the input may take, decompressed and parsed, all files together */
	jsonmem_install();
	r.base = jsonmem_used();
	jsonmem_limit(DIAG_INPUT_BUDGET + r.base);
	if (S_ISDIR(st.st_mode)) {
		rc = walk(&r, path, "", 0, e);
	} else if (is_archive(path, &st)) {
		rc = load_archive(&r, path, NULL, 0, e);
	} else {
		char *buf;
		size_t len;
		rc = read_file(path, DIAG_INPUT_BUDGET, &buf, &len, e);
		if (rc == 0 && jsonmem_reserve(len) < 0)
			rc = over_budget(e, path);
		else if (rc == 0) {
			rc = is_gzip(buf, len) ? load_archive(&r, path, buf, len, e) : parse_objects(&r, buf, len, path, e);
			jsonmem_release(len);
		}
		free(buf);
	}
	if (rc == 0 && r.over)
		rc = over_budget(e, path);
	jsonmem_limit(0);
	if (rc == 0 && !pool_count(pool, K_POD)) {
		int controllers = 0;
		for (int k = 0; k < K_NKINDS; k++)
			controllers += diag_kinds[k].controller && pool_count(pool, k);
		if (!controllers) {
			struct strbuf sb = STRBUF_INIT;
			for (size_t i = 0; i < pool->other.n; i++)
				sb_addf(&sb, "%s%s", i ? ", " : " (it has: ", pool->other.v[i]);
			if (pool->other.n)
				sb_adds(&sb, ")");
			rc = err_set(e, EXIT_FAIL, "%s holds no Pod, nor anything that makes pods%s", path, sb_str(&sb));
			sb_free(&sb);
		}
	}
	return rc;
}

int diag_load_offline(const char *path, const struct diag_target *t, const char *ns,
		      struct diag_facts_list *out, struct err *e)
{
	struct diag_pool pool;
	int rc;

	pool_init(&pool);
	rc = diag_read_offline(path, &pool, e);
	if (rc == 0) {
		struct diag_scope s = { t, ns, path, pool_newest(&pool) };
		rc = diag_assemble(&pool, &s, out, e);
	}
	pool_free(&pool);
	return rc;
}

static int is_init(const json_t *pod, const char *ctr)
{
	size_t i;
	json_t *c;

	json_array_foreach(jget(pod, "spec.initContainers"), i, c)
		if (jstr(c, "name") && !strcmp(jstr(c, "name"), ctr))
			return 1;
	return 0;
}

int diag_add_log_file(struct diag_facts *f, const char *spec, int previous, struct err *e)
{
	const char *eq = strchr(spec, '=');
	char *ctr, *text;
	size_t len;
	int cut;

	if (!eq || eq == spec || !eq[1])
		return err_set(e, EXIT_USAGE, "--log wants CONTAINER=FILE, not \"%s\"", spec);
	ctr = xstrndup(spec, (size_t)(eq - spec));
	if (diag_read_tail(eq + 1, DIAG_LOG_MAX, &text, &len, &cut, e) < 0) {
		free(ctr);
		return -1;
	}
	len = diag_strip_timestamps(text, len);
	diag_facts_add_log(f, ctr, is_init(f->pod, ctr), previous, text, len, cut, NULL);
	free(ctr);
	free(text);
	return 0;
}
