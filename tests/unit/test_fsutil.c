/* What a later run does with what an interrupted one left: only our own
 * temporary names, of dead runs whose lock is free, are touched; a set whose
 * commit was decided is completed, without clobbering a file made since. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <sys/file.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/fsutil.h"
#include "lib/xalloc.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/oc-leapp-fsutil.XXXXXX");
	assert_non_null(mkdtemp(dir));
	return 0;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	(void)state;
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

static char *at(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static void put(const char *name, const char *text)
{
	char *p = at(name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(p);
}

static int exists(const char *name)
{
	char *p = at(name);
	struct stat st;
	int r = lstat(p, &st) == 0;
	free(p);
	return r;
}

static char *slurp(const char *name)
{
	char *p = at(name), *data = NULL;
	struct err e = { 0 };
	if (read_file(p, 1 << 20, &data, NULL, &e) < 0)
		data = NULL;
	free(p);
	return data;
}

/* A PID no process has: above the kernel's pid_max. */
#define DEAD "4194304"

static void test_sweep_only_ours(void **state)
{
	(void)state;
	put(".oc-leapp-tmp-" DEAD "-abcdef", "dead run");
	put(".oc-leapp-tmp-1-abcdef", "PID 1 is alive");
	put(".oc-leapp-tmp-" DEAD "-abc", "not our pattern");
	put(".oc-leapp-tmp-" DEAD "-zzzzzz", "not ours: another owner");
	char *other = at(".oc-leapp-tmp-" DEAD "-zzzzzz");
	if (geteuid() == 0)
		assert_int_equal(chown(other, 4321, 4321), 0);
	free(other);
	char *ln = at(".oc-leapp-tmp-" DEAD "-linkln");
	assert_int_equal(symlink("/etc/passwd", ln), 0);
	free(ln);
	/* dead, but its lock is held (a run in another PID namespace) */
	put(".oc-leapp-tmp-" DEAD "-locked", "held");
	char *lp = at(".oc-leapp-tmp-" DEAD "-locked");
	int lfd = open(lp, O_RDONLY);
	free(lp);
	assert_true(lfd >= 0);
	assert_int_equal(flock(lfd, LOCK_EX), 0);

	tmp_sweep(dir);
	assert_false(exists(".oc-leapp-tmp-" DEAD "-abcdef"));
	assert_true(exists(".oc-leapp-tmp-1-abcdef"));
	assert_true(exists(".oc-leapp-tmp-" DEAD "-abc"));
	assert_int_equal(exists(".oc-leapp-tmp-" DEAD "-zzzzzz"), geteuid() == 0);
	assert_true(exists(".oc-leapp-tmp-" DEAD "-linkln"));
	assert_true(exists(".oc-leapp-tmp-" DEAD "-locked"));
	close(lfd);
	tmp_sweep(dir);
	assert_false(exists(".oc-leapp-tmp-" DEAD "-locked"));
}

static void stage(const char *name, const char *record, const char *const files[][2])
{
	char *p = at(name);
	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
	for (size_t i = 0; files[i][0]; i++) {
		char *f = xasprintf("%s/%s", name, files[i][0]);
		put(f, files[i][1]);
		free(f);
	}
	if (record) {
		char *r = xasprintf("%s/commit", name);
		put(r, record);
		free(r);
	}
}

static void test_sweep_sets(void **state)
{
	static const char *const files[][2] = { { "0", "new a" }, { "1", "new b" }, { NULL, NULL } };

	(void)state;
	/* undecided: removed, the old files stay */
	put("a.yaml", "old a");
	stage(".oc-leapp-tmp-" DEAD "-undeci", NULL, files);
	tmp_sweep(dir);
	assert_false(exists(".oc-leapp-tmp-" DEAD "-undeci"));
	char *s = slurp("a.yaml");
	assert_string_equal(s, "old a");
	free(s);

	/* decided with --force: completed over the old ones */
	stage(".oc-leapp-tmp-" DEAD "-forced", "oc-leapp fileset 1\nforce 1\n0 a.yaml\n1 b.yaml\n", files);
	tmp_sweep(dir);
	assert_false(exists(".oc-leapp-tmp-" DEAD "-forced"));
	s = slurp("a.yaml");
	assert_string_equal(s, "new a");
	free(s);
	s = slurp("b.yaml");
	assert_string_equal(s, "new b");
	free(s);

	/* decided without --force, and c.yaml made since: kept */
	static const char *const more[][2] = { { "0", "set c" }, { "1", "set d" }, { NULL, NULL } };
	put("c.yaml", "made since");
	stage(".oc-leapp-tmp-" DEAD "-nforce", "oc-leapp fileset 1\nforce 0\n0 c.yaml\n1 d.yaml\n", more);
	tmp_sweep(dir);
	s = slurp("c.yaml");
	assert_string_equal(s, "made since");
	free(s);
	s = slurp("d.yaml");
	assert_string_equal(s, "set d");
	free(s);
	assert_false(exists(".oc-leapp-tmp-" DEAD "-nforce"));

	/* a record naming a path outside the directory is not followed */
	static const char *const evil[][2] = { { "0", "evil" }, { NULL, NULL } };
	stage(".oc-leapp-tmp-" DEAD "-evil00", "oc-leapp fileset 1\nforce 1\n0 ../escaped\n", evil);
	tmp_sweep(dir);
	char *esc = xasprintf("%s/../escaped", dir);
	struct stat st;
	assert_int_equal(lstat(esc, &st), -1);
	free(esc);
}

static void test_commit(void **state)
{
	struct fileset fs = { 0 };
	struct err e = { 0 };
	char *a = at("x.yaml"), *b = at("y.yaml"), *c = xasprintf("%s/sub/z.yaml", dir);

	(void)state;
	fileset_add(&fs, a, "x", 1);
	fileset_add(&fs, b, "y", 1);
	assert_int_equal(fileset_commit(&fs, 0, &e), 0);
	fileset_free(&fs);
	{
		char *s = slurp("y.yaml");
		assert_string_equal(s, "y");
		free(s);
	}
	/* exists, no --force: nothing written */
	fileset_add(&fs, b, "y2", 2);
	assert_int_equal(fileset_commit(&fs, 0, &e), -1);
	assert_non_null(strstr(e.msg, "already exists"));
	fileset_free(&fs);
	err_clear(&e);
	/* a set across two directories is refused before anything is written */
	fileset_add(&fs, a, "x3", 2);
	fileset_add(&fs, c, "z", 1);
	assert_int_equal(fileset_commit(&fs, 1, &e), -1);
	assert_non_null(strstr(e.msg, "one directory"));
	fileset_free(&fs);
	char *s = slurp("x.yaml");
	assert_string_equal(s, "x");
	free(s);
	free(a);
	free(b);
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sweep_only_ours, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sweep_sets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commit, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
