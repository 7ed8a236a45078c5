#include "init/execline.h"
#include "lib/strbuf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static void add_utf8(struct strbuf *sb, unsigned long c)
{
	if (c < 0x80)
		sb_addc(sb, (char)c);
	else if (c < 0x800) {
		sb_addc(sb, (char)(0xc0 | (c >> 6)));
		sb_addc(sb, (char)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		sb_addc(sb, (char)(0xe0 | (c >> 12)));
		sb_addc(sb, (char)(0x80 | ((c >> 6) & 0x3f)));
		sb_addc(sb, (char)(0x80 | (c & 0x3f)));
	} else {
		sb_addc(sb, (char)(0xf0 | (c >> 18)));
		sb_addc(sb, (char)(0x80 | ((c >> 12) & 0x3f)));
		sb_addc(sb, (char)(0x80 | ((c >> 6) & 0x3f)));
		sb_addc(sb, (char)(0x80 | (c & 0x3f)));
	}
}

/* One C escape after a backslash (systemd's cunescape_one); returns how
 * many characters after the backslash it used, 0 when invalid. */
static size_t unescape_one(const char *p, struct strbuf *sb)
{
	static const char simple[] = "a\ab\bf\fn\nr\rt\tv\v\\\\\"\"''s ";
	const char *s = strchr(simple, *p);

	if (*p && s && (s - simple) % 2 == 0) {
		sb_addc(sb, s[1]);
		return 1;
	}
	if (*p == 'x' && hex(p[1]) >= 0 && hex(p[2]) >= 0) {
		int c = hex(p[1]) << 4 | hex(p[2]);
		if (!c)
			return 0;	/* no NULs inside a word */
		sb_addc(sb, (char)c);
		return 3;
	}
	if (*p >= '0' && *p <= '3' && p[1] >= '0' && p[1] <= '7' && p[2] >= '0' && p[2] <= '7') {
		int c = (*p - '0') << 6 | (p[1] - '0') << 3 | (p[2] - '0');
		if (!c)
			return 0;
		sb_addc(sb, (char)c);
		return 3;
	}
	if (*p == 'u' || *p == 'U') {
		size_t n = *p == 'u' ? 4 : 8;
		unsigned long c = 0;
		for (size_t i = 1; i <= n; i++) {
			if (hex(p[i]) < 0)
				return 0;
			c = c << 4 | (unsigned long)hex(p[i]);
		}
		if (!c || c > 0x10ffff)
			return 0;
		add_utf8(sb, c);
		return n + 1;
	}
	return 0;
}

int split_words(const char *s, struct strlist *out, struct err *e)
{
	struct strbuf w = STRBUF_INIT;

	for (;;) {
		while (*s && isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		int any = 0;
		while (*s && !isspace((unsigned char)*s)) {
			if (*s == '"' || *s == '\'') {
				char q = *s++;
				while (*s && *s != q) {
					if (*s == '\\') {
						size_t n = unescape_one(s + 1, &w);
						if (!n)
							goto bad_escape;
						s += n + 1;
					} else
						sb_addc(&w, *s++);
				}
				if (!*s) {
					sb_free(&w);
					return err_set(e, EXIT_FAIL, "unterminated quote");
				}
				s++;
			} else if (*s == '\\') {
				size_t n = unescape_one(s + 1, &w);
				if (!n)
					goto bad_escape;
				s += n + 1;
			} else
				sb_addc(&w, *s++);
			any = 1;
		}
		if (any) {
			sb_add(&w, "", 0);	/* a terminated buffer even when empty */
			strlist_push(out, w.buf);
			sb_reset(&w);
		}
	}
	sb_free(&w);
	return 0;
bad_escape:
	sb_free(&w);
	return err_set(e, EXIT_FAIL, "bad escape \"\\%.1s\"", s + 1);
}

static void cmd_push(struct exec_list *l, struct exec_cmd *c)
{
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 4;
		l->v = xrealloc(l->v, l->alloc * sizeof(*l->v));
	}
	l->v[l->n++] = *c;
	memset(c, 0, sizeof(*c));
}

static void cmd_free(struct exec_cmd *c)
{
	free(c->path);
	strlist_free(&c->argv);
	memset(c, 0, sizeof(*c));
}

/* Reads the prefixes of the first word; returns where the path starts. */
static const char *prefixes(const char *w, struct exec_cmd *c, int *at)
{
	for (;; w++) {
		if (*w == '-')
			c->ignore_failure = 1;
		else if (*w == '@')
			*at = 1;
		else if (*w == ':')
			c->no_expand = 1;
		else if (*w != '+' && *w != '!')	/* privileges: we run as systemd would for root */
			return w;
	}
}

/* One command from words[*i..], up to a lone ";". */
static int one_command(struct strlist *words, size_t *i, struct exec_list *out, struct err *e)
{
	struct exec_cmd c = { 0 };
	int at = 0;
	const char *path = prefixes(words->v[*i], &c, &at);

	if (path[0] != '/') {
		cmd_free(&c);
		return err_set(e, EXIT_FAIL, "%s: not an absolute path", path[0] ? path : words->v[*i]);
	}
	c.path = xstrdup(path);
	(*i)++;
	if (at) {
		if (*i >= words->n || !strcmp(words->v[*i], ";")) {
			cmd_free(&c);
			return err_set(e, EXIT_FAIL, "%s: '@' without the argv[0] that follows", path);
		}
		strlist_push(&c.argv, words->v[(*i)++]);
	} else
		strlist_push(&c.argv, path);
	for (; *i < words->n && strcmp(words->v[*i], ";"); (*i)++)
		strlist_push(&c.argv, !strcmp(words->v[*i], "\\;") ? ";" : words->v[*i]);
	cmd_push(out, &c);
	return 0;
}

int exec_parse(const char *value, struct exec_list *out, struct err *e)
{
	struct strlist words = { 0 };
	int r = 0;

	if (split_words(value, &words, e) < 0) {
		strlist_free(&words);
		return -1;
	}
	for (size_t i = 0; i < words.n && !r;) {
		if (!strcmp(words.v[i], ";")) {
			i++;
			continue;
		}
		r = one_command(&words, &i, out, e);
	}
	strlist_free(&words);
	return r;
}

void exec_list_free(struct exec_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		cmd_free(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* ---- environment ---- */

int env_name_valid(const char *s, size_t n)
{
	if (!n || isdigit((unsigned char)s[0]))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return 0;
	return 1;
}

static long env_index(const struct strlist *env, const char *name, size_t n)
{
	for (size_t i = 0; i < env->n; i++)
		if (!strncmp(env->v[i], name, n) && env->v[i][n] == '=')
			return (long)i;
	return -1;
}

const char *env_get(const struct strlist *env, const char *name)
{
	long i = env_index(env, name, strlen(name));

	return i < 0 ? NULL : strchr(env->v[i], '=') + 1;
}

void env_set(struct strlist *env, const char *kv)
{
	const char *eq = strchr(kv, '=');
	long i = eq ? env_index(env, kv, (size_t)(eq - kv)) : -1;

	if (!eq)
		return;
	if (i >= 0) {
		free(env->v[i]);
		env->v[i] = xstrdup(kv);
	} else
		strlist_push(env, kv);
}

void env_parse_assignments(const char *value, struct strlist *env, struct strlist *bad)
{
	struct strlist words = { 0 };
	struct err e = { 0 };

	if (split_words(value, &words, &e) < 0) {
		strlist_free(&words);
		strlist_push(bad, value);
		return;
	}
	for (size_t i = 0; i < words.n; i++) {
		const char *eq = strchr(words.v[i], '=');
		if (eq && env_name_valid(words.v[i], (size_t)(eq - words.v[i])))
			env_set(env, words.v[i]);
		else
			strlist_push(bad, words.v[i]);
	}
	strlist_free(&words);
}

/* A value in an env file: quotes, backslashes, trailing spaces. */
static const char *file_value(const char *p, struct strbuf *v)
{
	char q = 0;
	size_t keep = 0;	/* length without trailing unquoted blanks */

	while (*p == ' ' || *p == '\t')
		p++;
	for (; *p; p++) {
		if (q) {
			if (*p == q)
				q = 0;
			else if (q == '"' && *p == '\\' && p[1] && strchr("\"\\`$\n", p[1])) {
				if (p[1] != '\n')
					sb_addc(v, p[1]);
				p++;
			} else
				sb_addc(v, *p);
			keep = v->len;
			continue;
		}
		if (*p == '\n')
			break;
		if (*p == '"' || *p == '\'') {
			q = *p;
			continue;
		}
		if (*p == '\\' && p[1]) {
			if (p[1] != '\n')	/* a backslash-newline joins lines */
				sb_addc(v, p[1]);
			p++;
			keep = v->len;
			continue;
		}
		sb_addc(v, *p);
		if (*p != ' ' && *p != '\t')
			keep = v->len;
	}
	v->len = keep;
	sb_grow(v, 0);
	v->buf[v->len] = '\0';
	return p;
}

void env_parse_file(const char *text, struct strlist *env, struct strlist *bad)
{
	const char *p = text;

	while (*p) {
		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		if (*p == '#' || *p == ';') {
			p += strcspn(p, "\n");
			continue;
		}
		const char *k = p;
		while (*p && *p != '=' && *p != '\n')
			p++;
		const char *ke = p;
		while (ke > k && (ke[-1] == ' ' || ke[-1] == '\t'))
			ke--;
		if (*p != '=' || !env_name_valid(k, (size_t)(ke - k))) {
			char *l = xstrndup(k, strcspn(k, "\n"));
			strlist_push(bad, l);
			free(l);
			p += strcspn(p, "\n");
			continue;
		}
		struct strbuf v = STRBUF_INIT;
		sb_add(&v, k, (size_t)(ke - k));
		sb_addc(&v, '=');
		size_t klen = v.len;
		struct strbuf val = STRBUF_INIT;
		p = file_value(p + 1, &val);
		sb_add(&v, val.buf ? val.buf : "", val.len);
		(void)klen;
		env_set(env, v.buf);
		sb_free(&v);
		sb_free(&val);
	}
}

/* ---- expansion ---- */

static void expand_curly(const char *w, const struct strlist *env, struct strbuf *out)
{
	for (const char *p = w; *p; p++) {
		if (p[0] == '$' && p[1] == '$') {
			sb_addc(out, '$');
			p++;
			continue;
		}
		const char *end;
		if (p[0] == '$' && p[1] == '{' && (end = strchr(p + 2, '}')) &&
		    env_name_valid(p + 2, (size_t)(end - p - 2))) {
			char *name = xstrndup(p + 2, (size_t)(end - p - 2));
			const char *v = env_get(env, name);
			free(name);
			if (v)
				sb_adds(out, v);
			p = end;
			continue;
		}
		sb_addc(out, *p);
	}
}

void exec_expand(const struct exec_cmd *c, const struct strlist *env, struct strlist *argv)
{
	for (size_t i = 0; i < c->argv.n; i++) {
		const char *w = c->argv.v[i];
		if (c->no_expand || i == 0) {
			strlist_push(argv, w);
			continue;
		}
		/* $NAME as a whole word: the value split into words. */
		if (w[0] == '$' && env_name_valid(w + 1, strlen(w + 1))) {
			const char *v = env_get(env, w + 1);
			struct err e = { 0 };
			struct strlist words = { 0 };
			if (v && split_words(v, &words, &e) < 0) {
				strlist_free(&words);
				strlist_push(argv, v);	/* unsplittable: kept whole */
			}
			for (size_t k = 0; k < words.n; k++)
				strlist_push(argv, words.v[k]);
			strlist_free(&words);
			continue;
		}
		struct strbuf sb = STRBUF_INIT;
		expand_curly(w, env, &sb);
		sb_add(&sb, "", 0);	/* a terminated buffer even when empty */
		strlist_push(argv, sb.buf);
		sb_free(&sb);
	}
}
