/* Saved files to facts: every object found goes into a pool (deduplicated,
 * since inspect writes a pod both alone and in core/pods.yaml), logs are
 * kept as bounded tails, then the pool is cut into one set of facts per pod. */
#include "offline.h"
#include "fsutil.h"
#include "strbuf.h"
#include "xalloc.h"
#include "yamlload.h"

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

struct plog {
	char *ns, *pod, *container;
	int previous, truncated;
	char *text;
	size_t len;
};

struct pool {
	json_t *pods, *events, *rsets, *deploys, *pvcs, *pvs;
	json_t *seen;			/* "Kind/ns/name" of what is in already */
	struct plog *logs;
	size_t nlogs;
	struct strlist other;		/* kinds we do not read, for the error message */
	const char *path;
	long long now;			/* the newest time in the input: newest() */
};

static const char *str(const json_t *o, const char *key1, const char *key2)
{
	const json_t *v = json_object_get(o, key1);

	if (key2)
		v = json_object_get(v, key2);
	return json_string_value(v);
}

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

/* ---- the pool ---- */

static void pool_init(struct pool *p, const char *path)
{
	memset(p, 0, sizeof(*p));
	p->pods = json_array();
	p->events = json_array();
	p->rsets = json_array();
	p->deploys = json_array();
	p->pvcs = json_array();
	p->pvs = json_array();
	p->seen = json_object();
	p->path = path;
}

static void pool_free(struct pool *p)
{
	json_decref(p->pods);
	json_decref(p->events);
	json_decref(p->rsets);
	json_decref(p->deploys);
	json_decref(p->pvcs);
	json_decref(p->pvs);
	json_decref(p->seen);
	for (size_t i = 0; i < p->nlogs; i++) {
		free(p->logs[i].ns);
		free(p->logs[i].pod);
		free(p->logs[i].container);
		free(p->logs[i].text);
	}
	free(p->logs);
	strlist_free(&p->other);
}

static void pool_add(struct pool *p, json_t *o, const char *list_kind)
{
	const char *kind = str(o, "kind", NULL);
	char inferred[64];
	json_t *dest = NULL;

	if (!json_is_object(o))
		return;
	/* Items of a typed list (PodList) from the API carry no kind of their own. */
	if (!kind && list_kind && strlen(list_kind) > 4 && strlen(list_kind) < sizeof(inferred)) {
		snprintf(inferred, sizeof(inferred), "%.*s", (int)(strlen(list_kind) - 4), list_kind);
		kind = inferred;
		json_object_set_new(o, "kind", json_string(kind));
		kind = str(o, "kind", NULL);
	}
	if (!kind)
		return;
	if (!strcmp(kind, "List") || (strlen(kind) > 4 && !strcmp(kind + strlen(kind) - 4, "List"))) {
		size_t i;
		json_t *item;
		json_array_foreach(json_object_get(o, "items"), i, item)
			pool_add(p, item, kind);
		return;
	}
	if (!strcmp(kind, "Pod"))
		dest = p->pods;
	else if (!strcmp(kind, "Event"))
		dest = p->events;
	else if (!strcmp(kind, "ReplicaSet"))
		dest = p->rsets;
	else if (!strcmp(kind, "Deployment"))
		dest = p->deploys;
	else if (!strcmp(kind, "PersistentVolumeClaim"))
		dest = p->pvcs;
	else if (!strcmp(kind, "PersistentVolume"))
		dest = p->pvs;
	if (!dest) {
		if (!strlist_has(&p->other, kind) && p->other.n < 8)
			strlist_push(&p->other, kind);
		return;
	}
	const char *ns = str(o, "metadata", "namespace"), *name = str(o, "metadata", "name");
	const char *uid = str(o, "metadata", "uid");
	if (!name && !uid) {	/* nothing to know it again by */
		json_array_append(dest, o);
		return;
	}
	char *key = xasprintf("%s/%s/%s/%s", kind, ns ? ns : "", name ? name : "", uid ? uid : "");
	if (!json_object_get(p->seen, key)) {
		json_object_set_new(p->seen, key, json_true());
		json_array_append(dest, o);
	}
	free(key);
}

/* Parses a saved object file (JSON or YAML, one or many documents). */
static int pool_parse(struct pool *p, const char *buf, size_t len, const char *what, struct err *e)
{
	size_t i = 0;
	json_t *docs, *d;

	while (i < len && isspace((unsigned char)buf[i]))
		i++;
	if (i == len)
		return err_set(e, EXIT_FAIL, "%s is empty", what);
	if (buf[i] == '{' || buf[i] == '[') {
		json_error_t je;
		d = json_loadb(buf, len, 0, &je);
		if (!d)
			return err_set(e, EXIT_FAIL, "cannot parse %s as JSON: line %d: %s", what, je.line, je.text);
		if (json_is_array(d)) {
			json_t *item;
			json_array_foreach(d, i, item)
				pool_add(p, item, NULL);
		} else {
			pool_add(p, d, NULL);
		}
		json_decref(d);
		return 0;
	}
	if (yaml_load_all(buf, len, what, &docs, e) < 0)
		return -1;
	json_array_foreach(docs, i, d)
		pool_add(p, d, NULL);
	json_decref(docs);
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

static void pool_log(struct pool *p, const char *rel, char *text, size_t len, int truncated)
{
	char *ns, *pod, *ctr;
	int previous;

	if (!log_path(rel, &ns, &pod, &ctr, &previous)) {
		free(text);
		return;
	}
	p->logs = xrealloc(p->logs, (p->nlogs + 1) * sizeof(*p->logs));
	struct plog *g = &p->logs[p->nlogs++];
	g->ns = ns;
	g->pod = pod;
	g->container = ctr;
	g->previous = previous;
	g->len = diag_strip_timestamps(text, len);
	g->text = text;
	g->truncated = truncated;
}

/* ---- a directory ---- */

static int walk(struct pool *p, const char *dir, const char *rel, int depth, struct err *e)
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
					pool_log(p, r, buf, len, cut);
				else if (k == F_OBJECTS && st.st_size > DIAG_FILE_MAX)	/* as a file alone is */
					rc = err_set(e, EXIT_FAIL, "%s is larger than %d bytes", full, DIAG_FILE_MAX);
				else if (k == F_OBJECTS && st.st_size > 0 && st.st_size <= DIAG_FILE_MAX &&
					 read_file(full, DIAG_FILE_MAX, &buf, &len, e) == 0) {
					rc = pool_parse(p, buf, len, full, e);
					free(buf);
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
static int load_archive(struct pool *p, const char *path, const char *mem, size_t memlen, struct err *e)
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
				pool_log(p, rel, text, len, cut);
			}
		} else if (k == F_OBJECTS && archive_entry_size(ent) > DIAG_FILE_MAX) {
			rc = err_set(e, EXIT_FAIL, "%s: %s is larger than %d bytes", path, rel, DIAG_FILE_MAX);
		} else if (k == F_OBJECTS) {
			if ((rc = read_entry(a, DIAG_FILE_MAX, &t, e, path)) == 0 && !t.cut && t.sb.len) {
				char *what = xasprintf("%s:%s", path, rel);
				rc = pool_parse(p, t.sb.buf, t.sb.len, what, e);
				free(what);
			}
			sb_free(&t.sb);
		}
	}
	if (rc == 0 && !entries)
		rc = err_set(e, EXIT_FAIL, "%s is an empty archive", path);
out:
	archive_read_free(a);
	return rc;
}

/* ---- the pool to facts ---- */

static int in_ns(const json_t *o, const char *ns)
{
	const char *s = str(o, "metadata", "namespace");
	return !ns || !strcmp(s ? s : "default", ns);
}

static int same_ns(const json_t *a, const json_t *b)
{
	const char *x = str(a, "metadata", "namespace"), *y = str(b, "metadata", "namespace");
	return !strcmp(x ? x : "default", y ? y : "default");
}

static json_t *owned_by(const json_t *o, const char *kind)
{
	size_t i;
	json_t *ref;

	json_array_foreach(json_object_get(json_object_get(o, "metadata"), "ownerReferences"), i, ref)
		if (str(ref, "kind", NULL) && !strcmp(str(ref, "kind", NULL), kind))
			return ref;
	return NULL;
}

static json_t *find_named(json_t *arr, const char *name, const json_t *near, const char *ns)
{
	size_t i;
	json_t *o;

	json_array_foreach(arr, i, o) {
		const char *n = str(o, "metadata", "name");
		if (n && !strcmp(n, name) && (near ? same_ns(o, near) : in_ns(o, ns)))
			return o;
	}
	return NULL;
}

static int about(const json_t *ev, const json_t *o)
{
	const json_t *io = json_object_get(ev, "involvedObject");

	if (!io)
		io = json_object_get(ev, "regarding");	/* events.k8s.io/v1 */
	const char *uid = str(io, "uid", NULL), *ouid = str(o, "metadata", "uid");
	const char *k = str(io, "kind", NULL), *n = str(io, "name", NULL), *ns = str(io, "namespace", NULL);
	const char *ons = str(o, "metadata", "namespace");

	if (uid && ouid)
		return !strcmp(uid, ouid);
	return k && n && str(o, "kind", NULL) && !strcmp(k, str(o, "kind", NULL)) &&
	       !strcmp(n, str(o, "metadata", "name") ? str(o, "metadata", "name") : "") &&
	       !strcmp(ns ? ns : "default", ons ? ons : "default");
}

static long long ev_when(const json_t *ev)
{
	long long t = rfc3339_seconds(str(ev, "lastTimestamp", NULL));

	if (!t)
		t = rfc3339_seconds(str(ev, "eventTime", NULL));
	if (!t)
		t = rfc3339_seconds(str(ev, "firstTimestamp", NULL));
	if (!t)
		t = rfc3339_seconds(str(ev, "metadata", "creationTimestamp"));
	return t;
}

static int by_time(const void *a, const void *b)
{
	long long x = ev_when(*(json_t *const *)a), y = ev_when(*(json_t *const *)b);
	return x < y ? -1 : x > y;
}

static void add_events_about(struct diag_facts *f, const struct pool *p, const json_t *o)
{
	size_t i;
	json_t *ev;

	json_array_foreach(p->events, i, ev)
		if (about(ev, o))
			json_array_append(f->events, ev);
}

static void sort_events(struct diag_facts *f)
{
	size_t n = json_array_size(f->events);
	json_t **v = xcalloc(n ? n : 1, sizeof(*v));

	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(f->events, i));
	qsort(v, n, sizeof(*v), by_time);
	json_array_clear(f->events);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(f->events, v[i]);
	free(v);
}

static long long newest(const struct pool *p)
{
	long long t = 0, v;
	size_t i;
	json_t *o;

	json_array_foreach(p->events, i, o)
		if ((v = ev_when(o)) > t)
			t = v;
	json_array_foreach(p->pods, i, o) {
		size_t j;
		json_t *c;
		json_array_foreach(json_object_get(json_object_get(o, "status"), "conditions"), j, c)
			if ((v = rfc3339_seconds(str(c, "lastTransitionTime", NULL))) > t)
				t = v;
	}
	return t;
}

static int is_init(const json_t *pod, const char *ctr)
{
	size_t i;
	json_t *c;

	json_array_foreach(json_object_get(json_object_get(pod, "spec"), "initContainers"), i, c)
		if (str(c, "name", NULL) && !strcmp(str(c, "name", NULL), ctr))
			return 1;
	return 0;
}

static void add_owner(struct diag_facts *f, const struct pool *p, json_t *o)
{
	size_t i;
	json_t *x;

	json_array_foreach(f->owners, i, x)
		if (x == o)
			return;
	json_array_append(f->owners, o);
	add_events_about(f, p, o);
}

static void facts_for_pod(struct diag_facts_list *out, const struct pool *p, json_t *pod, json_t *deploy,
			  json_t *rs)
{
	struct diag_facts *f = diag_facts_add(out);
	const char *ns = str(pod, "metadata", "namespace"), *name = str(pod, "metadata", "name");
	json_t *ref, *v;
	size_t i;

	f->namespace = xstrdup(ns ? ns : "default");
	f->pod_name = xstrdup(name ? name : "?");
	f->pod = json_incref(pod);
	f->source = xstrdup(p->path);
	add_events_about(f, p, pod);
	if (!rs && (ref = owned_by(pod, "ReplicaSet")) && str(ref, "name", NULL))
		rs = find_named(p->rsets, str(ref, "name", NULL), pod, NULL);
	if (rs) {
		add_owner(f, p, rs);
		if (!deploy && (ref = owned_by(rs, "Deployment")) && str(ref, "name", NULL))
			deploy = find_named(p->deploys, str(ref, "name", NULL), rs, NULL);
	}
	if (deploy)
		add_owner(f, p, deploy);
	json_array_foreach(json_object_get(json_object_get(pod, "spec"), "volumes"), i, v) {
		const char *claim = str(json_object_get(v, "persistentVolumeClaim"), "claimName", NULL);
		json_t *pvc = claim ? find_named(p->pvcs, claim, pod, NULL) : NULL;
		if (!pvc)
			continue;
		json_array_append(f->claims, pvc);
		add_events_about(f, p, pvc);
		const char *vn = str(json_object_get(pvc, "spec"), "volumeName", NULL);
		json_t *pv = vn ? find_named(p->pvs, vn, NULL, NULL) : NULL;
		if (pv)
			json_array_append(f->volumes, pv);
	}
	sort_events(f);
	for (i = 0; i < p->nlogs; i++) {
		const struct plog *g = &p->logs[i];
		if (strcmp(g->pod, f->pod_name) || strcmp(g->ns, f->namespace))
			continue;
		diag_facts_add_log(f, g->container, is_init(pod, g->container), g->previous, g->text, g->len,
				   g->truncated, NULL);
	}
	f->now = p->now;
}

static long long created(const json_t *o)
{
	return rfc3339_seconds(str(o, "metadata", "creationTimestamp"));
}

static int facts_for_deploy(struct diag_facts_list *out, const struct pool *p, json_t *dep)
{
	json_t *rs = NULL, *pod = NULL, *o;
	size_t i;
	const char *name = str(dep, "metadata", "name");

	json_array_foreach(p->rsets, i, o) {
		json_t *ref = owned_by(o, "Deployment");
		if (ref && same_ns(o, dep) && !strcmp(str(ref, "name", NULL) ? str(ref, "name", NULL) : "", name) &&
		    (!rs || created(o) > created(rs)))
			rs = o;
	}
	json_array_foreach(p->pods, i, o) {
		json_t *ref = owned_by(o, "ReplicaSet");
		if (rs && ref && same_ns(o, rs) &&
		    !strcmp(str(ref, "name", NULL) ? str(ref, "name", NULL) : "", str(rs, "metadata", "name")) &&
		    (!pod || created(o) > created(pod)))
			pod = o;
	}
	if (pod) {
		facts_for_pod(out, p, pod, dep, rs);
		return 0;
	}
	struct diag_facts *f = diag_facts_add(out);
	const char *ns = str(dep, "metadata", "namespace");
	f->namespace = xstrdup(ns ? ns : "default");
	f->source = xstrdup(p->path);
	add_owner(f, p, dep);
	if (rs)
		add_owner(f, p, rs);
	sort_events(f);
	f->now = p->now;
	return 0;
}

/* -l: equality-based selectors (a=b, a==b, a!=b, a, !a), comma-separated. */
static int selector_matches(const char *sel, const json_t *o)
{
	json_t *labels = json_object_get(json_object_get(o, "metadata"), "labels");
	char *copy = xstrdup(sel), *save = NULL;
	int ok = 1;

	for (char *term = strtok_r(copy, ",", &save); ok && term; term = strtok_r(NULL, ",", &save)) {
		while (*term == ' ')
			term++;
		char *op = strpbrk(term, "!=");
		int neg = 0;
		const char *val = NULL;
		if (term[0] == '!') {
			ok = !json_object_get(labels, term + 1);
			continue;
		}
		if (op) {
			neg = op[0] == '!';
			val = op + (neg || op[1] == '=' ? 2 : 1);
			*op = '\0';
		}
		const char *have = json_string_value(json_object_get(labels, term));
		if (!val)
			ok = have != NULL;
		else if (neg)
			ok = !have || strcmp(have, val);
		else
			ok = have && !strcmp(have, val);
	}
	free(copy);
	return ok;
}

/* The label oc-leapp generate puts on its pods: name=leapp-N-label. */
static int leapp_labelled(const json_t *o)
{
	const char *v = json_string_value(json_object_get(json_object_get(json_object_get(o, "metadata"), "labels"), "name"));
	return v && !strncmp(v, "leapp-", 6) && has_suffix(v, "-label");
}

static int select_facts(const struct pool *p, const struct diag_target *t, const char *ns,
			struct diag_facts_list *out, struct err *e)
{
	size_t i;
	json_t *o;
	const char *where = ns ? ns : NULL;

	if (!json_array_size(p->pods) && !json_array_size(p->deploys) && !json_array_size(p->rsets)) {
		struct strbuf sb = STRBUF_INIT;
		for (i = 0; i < p->other.n; i++)
			sb_addf(&sb, "%s%s", i ? ", " : " (it has: ", p->other.v[i]);
		if (p->other.n)
			sb_adds(&sb, ")");
		err_set(e, EXIT_FAIL, "%s holds no Pod, Deployment or ReplicaSet%s", p->path, sb_str(&sb));
		sb_free(&sb);
		return -1;
	}
	if (t && t->kind == TARGET_DEPLOYMENT) {
		json_t *dep = find_named(p->deploys, t->name, NULL, ns);
		if (!dep)
			return err_set(e, EXIT_FAIL, "deployment \"%s\" not found in %s%s%s", t->name, p->path,
				       where ? " in namespace " : "", where ? where : "");
		return facts_for_deploy(out, p, dep);
	}
	if (t && t->kind == TARGET_POD) {
		json_t *pod = find_named(p->pods, t->name, NULL, ns);
		if (!pod)
			return err_set(e, EXIT_FAIL, "pod \"%s\" not found in %s%s%s", t->name, p->path,
				       where ? " in namespace " : "", where ? where : "");
		facts_for_pod(out, p, pod, NULL, NULL);
		return 0;
	}
	json_array_foreach(p->pods, i, o) {
		if (!in_ns(o, ns))
			continue;
		if (t && t->kind == TARGET_SELECTOR && !selector_matches(t->selector, o))
			continue;
		if (t && t->kind == TARGET_ALL && !leapp_labelled(o))
			continue;
		facts_for_pod(out, p, o, NULL, NULL);
	}
	if (!t && !out->n)	/* no pod at all: the Deployments that should have made them */
		json_array_foreach(p->deploys, i, o)
			if (in_ns(o, ns))
				facts_for_deploy(out, p, o);
	if (!out->n) {
		if (t && t->kind == TARGET_SELECTOR)
			return err_set(e, EXIT_FAIL, "no pod in %s matches the selector %s", p->path, t->selector);
		if (t && t->kind == TARGET_ALL)
			return err_set(e, EXIT_FAIL, "no leapp pod (label name=leapp-NAME-label) in %s", p->path);
		return err_set(e, EXIT_FAIL, "no pod in %s%s%s", p->path, where ? " in namespace " : "", where ? where : "");
	}
	return 0;
}

int diag_load_offline(const char *path, const struct diag_target *t, const char *ns,
		      struct diag_facts_list *out, struct err *e)
{
	struct pool p;
	struct stat st;
	int rc;

	if (stat(path, &st) < 0)
		return err_set(e, EXIT_FAIL, "cannot read %s: %s", path, strerror(errno));
	pool_init(&p, path);
	if (S_ISDIR(st.st_mode)) {
		rc = walk(&p, path, "", 0, e);
	} else if (is_archive(path, &st)) {
		rc = load_archive(&p, path, NULL, 0, e);
	} else {
		char *buf;
		size_t len;
		rc = read_file(path, DIAG_FILE_MAX, &buf, &len, e);
		if (rc == 0) {
			rc = is_gzip(buf, len) ? load_archive(&p, path, buf, len, e) : pool_parse(&p, buf, len, path, e);
			free(buf);
		}
	}
	if (rc == 0) {
		p.now = newest(&p);	/* once: it reads every pod, and each pod needs it */
		rc = select_facts(&p, t, ns, out, e);
	}
	pool_free(&p);
	return rc;
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
