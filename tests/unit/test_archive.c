/* The pieces of the machine image that do not need a whole run: names and
 * suffixes, option checks, the SHA-256 wrapper, the shared walk and sizing,
 * and the multivolume init script's verification. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/fsutil.h"
#include "gen/generate.h"
#include "gen/sha256.h"
#include "lib/strbuf.h"
#include "gen/tarball.h"
#include "gen/treesize.h"
#include "gen/walk.h"

static void test_compression_names(void **state)
{
	enum tb_compression c;

	(void)state;
	assert_int_equal(tb_compression_parse("zstd", &c), 0);
	assert_int_equal(c, TB_ZSTD);
	assert_int_equal(tb_compression_parse("bzip2", &c), -1);
	assert_int_equal(tb_compression_parse("", &c), -1);
	assert_string_equal(tb_suffix(TB_GZIP), ".tar.gz");
	assert_string_equal(tb_suffix(TB_NONE), ".tar");
	assert_int_equal(tb_compression_of("http://h/web.tar.zst", &c), 0);
	assert_int_equal(c, TB_ZSTD);
	assert_int_equal(tb_compression_of("web.tgz", &c), 0);
	assert_int_equal(c, TB_GZIP);
	assert_int_equal(tb_compression_of("web.tar", &c), 0);
	assert_int_equal(c, TB_NONE);
	assert_int_equal(tb_compression_of("web.tar.xz", &c), 0);
	assert_int_equal(c, TB_XZ);
	assert_int_equal(tb_compression_of("web.zip", &c), -1);
	assert_int_equal(tb_compression_of("gz", &c), -1);
}

static void test_check_opts(void **state)
{
	struct tb_opts o = { .comp = TB_GZIP, .level = -1 };
	struct err e = { 0 };

	(void)state;
	assert_int_equal(tb_check_opts(&o, &e), 0);
	o.level = 9;
	assert_int_equal(tb_check_opts(&o, &e), 0);
	o.level = 10;
	assert_int_equal(tb_check_opts(&o, &e), -1);
	assert_int_equal(e.code, EXIT_USAGE);
	assert_non_null(strstr(e.msg, "use 1 to 9"));
	err_clear(&e);
	o.comp = TB_ZSTD;
	o.level = 19;
	assert_int_equal(tb_check_opts(&o, &e), 0);
	o.comp = TB_XZ;
	o.level = 0;
	assert_int_equal(tb_check_opts(&o, &e), 0);
	o.comp = TB_NONE;
	assert_int_equal(tb_check_opts(&o, &e), -1);
	err_clear(&e);
	o.level = -1;
	o.threads = 257;
	assert_int_equal(tb_check_opts(&o, &e), -1);
	assert_non_null(strstr(e.msg, "--threads 257"));
}

static void test_sha256(void **state)
{
	struct sha256 s;
	char hex[65], norm[65];

	(void)state;
	sha256_init(&s);
	sha256_final_hex(&s, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256_init(&s);
	sha256_update(&s, "a", 1);
	sha256_update(&s, "bc", 2);	/* pieces hash as the whole */
	sha256_final_hex(&s, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_true(sha256_hex_valid("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", norm));
	assert_string_equal(norm, hex);
	assert_false(sha256_hex_valid("ba7816bf", norm));
	assert_false(sha256_hex_valid("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0", norm));
	assert_false(sha256_hex_valid("zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", norm));
}

static void test_human_bytes(void **state)
{
	char b[32];

	(void)state;
	tb_human_bytes(512, b, sizeof(b));
	assert_string_equal(b, "512 B");
	tb_human_bytes(1536, b, sizeof(b));
	assert_string_equal(b, "1.5 KiB");
	tb_human_bytes(3ull << 30, b, sizeof(b));
	assert_string_equal(b, "3.0 GiB");
}

static void put(const char *dir, const char *rel, const char *data)
{
	char *p = path_join(dir, rel);
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	fputs(data, f);
	fclose(f);
	free(p);
}

struct seen {
	struct strlist rel;
};

static int record(void *ctx, const struct walk_ent *w, struct err *e)
{
	struct seen *s = ctx;

	(void)e;
	strlist_push(&s->rel, w->rel);
	return 0;
}

/* A tree with a hard link, a symlink to a big file, and a full proc. */
static char *make_tree(void)
{
	char tmpl[] = "/tmp/test_archive.XXXXXX";
	char *top = xstrdup(mkdtemp(tmpl));
	char *p;

	assert_non_null(top);
	p = path_join(top, "etc"); mkdir(p, 0755); free(p);
	p = path_join(top, "proc"); mkdir(p, 0755); free(p);
	p = path_join(top, "proc/1"); mkdir(p, 0755); free(p);
	put(top, "etc/a", "12345");
	put(top, "etc/b", "xyz");
	put(top, "proc/1/status", "0123456789");
	char *a = path_join(top, "etc/a"), *l = path_join(top, "etc/a-link");
	assert_int_equal(link(a, l), 0);
	free(l);
	l = path_join(top, "etc/sym");
	assert_int_equal(symlink("/usr/share/dict/words-big", l), 0);
	free(l);
	free(a);
	return top;
}

static void rm_tree(const char *top)
{
	char *cmd = xasprintf("rm -rf '%s'", top);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static void test_walk_and_size(void **state)
{
	char *top = make_tree();
	struct seen s = { 0 };
	struct tree_count c;
	unsigned long long bytes;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(walk_tree(top, WALK_SKIP_VIRTUAL | WALK_SORTED, record, &s, &e), 0);
	/* Sorted, parents first, proc kept but not entered, the top as "". */
	const char *want[] = { "", "etc", "etc/a", "etc/a-link", "etc/b", "etc/sym", "proc" };
	assert_int_equal(s.rel.n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < s.rel.n; i++)
		assert_string_equal(s.rel.v[i], want[i]);
	strlist_free(&s.rel);

	/* du -sb's count: the hard link once, the symlink not followed. */
	assert_int_equal(tree_size(top, &bytes, &e), 0);
	assert_int_equal(bytes, 5 + 3 + 10);
	assert_int_equal(tree_count(top, WALK_SKIP_VIRTUAL, &c, &e), 0);
	assert_int_equal(c.bytes, 5 + 3);
	assert_int_equal(c.entries, 7);
	rm_tree(top);
	free(top);
}

/* A chain of levels, each with "a", the next level "d" and "z": deeper
 * than the walk keeps descriptors for, so that going back up reopens them. */
#define LEVELS 120

static char *make_chain(void)
{
	char tmpl[] = "/tmp/test_archive.XXXXXX";
	char *top = xstrdup(mkdtemp(tmpl));
	struct strbuf p = STRBUF_INIT;

	sb_adds(&p, top);
	for (int i = 1; i <= LEVELS; i++) {
		sb_addf(&p, "/d%03d", i);
		assert_int_equal(mkdir(p.buf, 0755), 0);
		put(p.buf, "a", "a");
		put(p.buf, "z", "z");
	}
	sb_free(&p);
	return top;
}

struct chain {
	struct strlist rel;
	const char *top;
	int moves;		/* 1: move level 72 away; 2: and rename level 30 */
	int changed;
};

static char *level_path(const char *top, int n)
{
	struct strbuf p = STRBUF_INIT;

	sb_adds(&p, top);
	for (int i = 1; i <= n; i++)
		sb_addf(&p, "/d%03d", i);
	return sb_detach(&p);
}

static int chain_record(void *ctx, const struct walk_ent *w, struct err *e)
{
	struct chain *c = ctx;

	(void)e;
	if (w->what == WALK_CHANGED) {
		c->changed++;
		return 0;
	}
	assert_int_equal(w->what, WALK_ENTRY);
	strlist_push(&c->rel, w->rel);
	/* at the bottom: move level 72 into the top, where ".." of it no
	 * longer leads to level 71 */
	if (c->moves && w->level == LEVELS + 1 && !strcmp(w->name, "a")) {
		char *from = level_path(c->top, 72), *to = xasprintf("%s/moved", c->top);
		assert_int_equal(rename(from, to), 0);
		free(from);
		free(to);
		if (c->moves == 2) {
			from = level_path(c->top, 30);
			to = xasprintf("%sx", from);
			assert_int_equal(rename(from, to), 0);
			free(from);
			free(to);
		}
	}
	return 0;
}

static int count_z(const struct strlist *l)
{
	int n = 0;

	for (size_t i = 0; i < l->n; i++) {
		size_t k = strlen(l->v[i]);
		n += k >= 2 && !strcmp(l->v[i] + k - 2, "/z");
	}
	return n;
}

static void test_walk_deep(void **state)
{
	char *top = make_chain();
	struct chain c = { .top = top };
	struct err e = { 0 };

	(void)state;
	assert_int_equal(walk_tree(top, WALK_SORTED, chain_record, &c, &e), 0);
	/* the top, every level, its a and z: in order, nothing missed */
	assert_int_equal(c.rel.n, 1 + 3 * LEVELS);
	assert_int_equal(count_z(&c.rel), LEVELS);
	assert_string_equal(c.rel.v[c.rel.n - 1], "d001/z");
	assert_int_equal(c.changed, 0);
	strlist_free(&c.rel);

	/* Level 72 moved while the walk is below it: level 71 is found again
	 * by its names, and the walk goes on as if nothing happened. */
	c.moves = 1;
	assert_int_equal(walk_tree(top, WALK_SORTED, chain_record, &c, &e), 0);
	assert_int_equal(c.rel.n, 1 + 3 * LEVELS);
	assert_int_equal(c.changed, 0);
	strlist_free(&c.rel);
	rm_tree(top);
	free(top);

	/* ... and level 30 renamed too: what lies below it cannot be reached
	 * any more; it is reported (once per level) and left, the rest walked. */
	top = make_chain();
	c.top = top;
	c.moves = 2;
	assert_int_equal(walk_tree(top, WALK_SORTED, chain_record, &c, &e), 0);
	assert_int_equal(c.changed, 71 - 30 + 1);
	assert_int_equal(count_z(&c.rel), LEVELS - (71 - 30 + 1));
	assert_string_equal(c.rel.v[c.rel.n - 1], "d001/z");
	strlist_free(&c.rel);
	rm_tree(top);
	free(top);
}

static int swap_record(void *ctx, const struct walk_ent *w, struct err *e)
{
	struct chain *c = ctx;

	(void)e;
	if (w->what == WALK_CHANGED) {
		c->changed++;
		return 0;
	}
	strlist_push(&c->rel, w->rel);
	/* after etc was seen as a directory, and before it is opened */
	if (!strcmp(w->rel, "a")) {
		char *d = xasprintf("%s/etc", c->top), *aside = xasprintf("%s/etc.real", c->top);
		assert_int_equal(rename(d, aside), 0);
		assert_int_equal(symlink("/usr", d), 0);
		free(d);
		free(aside);
	}
	return 0;
}

static void test_walk_swapped(void **state)
{
	char *top = make_tree();
	struct chain c = { .top = top };
	struct err e = { 0 };

	(void)state;
	put(top, "a", "first");
	/* walk_tree reads a directory whole before it looks at its entries:
	 * "etc" is listed as a directory, then is a symlink when stat'ed */
	assert_int_equal(walk_tree(top, WALK_SORTED, swap_record, &c, &e), 0);
	assert_true(strlist_has(&c.rel, "etc"));	/* as what it is now: a link */
	for (size_t i = 0; i < c.rel.n; i++)
		assert_null(strstr(c.rel.v[i], "etc/"));	/* never followed */
	strlist_free(&c.rel);
	rm_tree(top);
	free(top);
}

static void test_walk_missing(void **state)
{
	struct seen s = { 0 };
	struct err e = { 0 };
	unsigned long long bytes;

	(void)state;
	assert_int_equal(tree_size("/nonexistent/tree", &bytes, &e), -1);
	assert_non_null(strstr(e.msg, "cannot read /nonexistent/tree"));
	err_clear(&e);
	assert_int_equal(walk_tree("/nonexistent/tree", 0, record, &s, &e), -1);
	assert_int_equal(s.rel.n, 0);
	strlist_free(&s.rel);
}

static void test_inoset(void **state)
{
	struct inoset s = { 0 };

	(void)state;
	for (ino_t i = 0; i < 5000; i++)
		assert_int_equal(inoset_add(&s, 1, i), 1);
	for (ino_t i = 0; i < 5000; i++)
		assert_int_equal(inoset_add(&s, 1, i), 0);
	assert_int_equal(inoset_add(&s, 2, 7), 1);	/* another device */
	assert_int_equal(s.n, 5001);
	inoset_free(&s);
}

static void test_init_script(void **state)
{
	struct machine_dir dirs[] = { { "etc", "etc", 0 }, { "it's", "its", 0 }, { "var", "var", 0 } };
	struct gen_opts o = { .image_url = "http://h/w.tar.gz" };
	struct gen_plan p = { .mode = GEN_MULTIVOLUME, .o = &o, .archive_file = "w.tar.gz" };
	char *s;

	(void)state;
	p.m.dirs = dirs;
	p.m.ndirs = 3;
	s = gen_init_script(&p, "$U", "$S");
	assert_null(strstr(s, "sha256sum"));	/* nothing to check against */
	assert_non_null(strstr(s, "wget -O - \"$U\" | tar -xzf -\n"));
	free(s);

	memset(p.sha256, 'a', 64);
	s = gen_init_script(&p, "$U", "$S");
	assert_non_null(strstr(s, "tee /work-dir/.leapp-image.fifo | { tar -xzf - && cat >/dev/null; }"));
	assert_non_null(strstr(s, "if [ \"$got\" != \"$S\" ]; then\n  leapp_clean\n"));
	/* Directory names are quoted; the hash itself is never shell text. */
	assert_non_null(strstr(s, "for d in etc 'it'\\''s' var; do"));
	assert_null(strstr(s, "aaaa"));
	assert_null(strstr(s, "http://"));
	free(s);

	p.archive_file = "w.tar.zst";
	s = gen_init_script(&p, "$U", "$S");
	assert_non_null(strstr(s, "{ zstd -dc | tar -xf - && cat >/dev/null; }"));
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compression_names),
		cmocka_unit_test(test_check_opts),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_human_bytes),
		cmocka_unit_test(test_walk_and_size),
		cmocka_unit_test(test_walk_missing),
		cmocka_unit_test(test_walk_deep),
		cmocka_unit_test(test_walk_swapped),
		cmocka_unit_test(test_inoset),
		cmocka_unit_test(test_init_script),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
