/* Files inside a machine: every way a link or ".." could lead out of it is
 * resolved inside, by the kernel (openat2) and by the walk by hand alike. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/fsutil.h"
#include "gen/inroot.h"
#include "gen/machine.h"
#include "lib/xalloc.h"

static char top[64];	/* holds m/ (the machine) and host/ (outside it) */

static void put(const char *rel, const char *text)
{
	char *p = xasprintf("%s/%s", top, rel), *dir = xstrdup(p);
	struct err e = { 0 };
	*strrchr(dir, '/') = '\0';
	assert_int_equal(mkdir_p(dir, &e), 0);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(dir);
	free(p);
}

static void ln(const char *target, const char *rel)
{
	char *p = xasprintf("%s/%s", top, rel);
	assert_int_equal(symlink(target, p), 0);
	free(p);
}

static int setup(void **state)
{
	(void)state;
	strcpy(top, "/tmp/oc-leapp-inroot.XXXXXX");
	assert_non_null(mkdtemp(top));
	put("host/secret", "HOST");
	put("m/etc/real", "MACHINE");
	put("m/host/secret", "INSIDE");	/* what /host/secret means in the machine */
	put("m/usr/lib/os-release", "ID=centos\n");
	ln("/usr/lib/os-release", "m/etc/os-release");
	char *abs = xasprintf("%s/host/secret", top);
	ln(abs, "m/etc/abs");		/* the host's absolute path: re-rooted */
	free(abs);
	ln("../../../../../../host/secret", "m/etc/up");
	ln("/../../host", "m/hostdir");
	ln("loop2", "m/loop1");
	ln("loop1", "m/loop2");
	char *fifo = xasprintf("%s/m/etc/fifo", top);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	free(fifo);
	return 0;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", top);
	(void)state;
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

static char *read_via(int (*open_fn)(int, const char *, int), const char *rel)
{
	char *m = xasprintf("%s/m", top);
	int root = open(m, O_PATH | O_DIRECTORY), fd;
	char buf[64] = "";

	free(m);
	assert_true(root >= 0);
	fd = open_fn(root, rel, O_RDONLY | O_NONBLOCK);
	close(root);
	if (fd < 0)
		return NULL;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n >= 0 ? xstrndup(buf, (size_t)n) : NULL;
}

static void check_opener(int (*open_fn)(int, const char *, int))
{
	char *s;

	s = read_via(open_fn, "etc/os-release");
	assert_string_equal(s, "ID=centos\n");
	free(s);
	/* an absolute link to a host path, "..", "/.." : all inside */
	s = read_via(open_fn, "etc/abs");
	assert_null(s);	/* m/tmp/... does not exist: not the host's file */
	s = read_via(open_fn, "etc/up");
	assert_string_equal(s, "INSIDE");
	free(s);
	s = read_via(open_fn, "hostdir/secret");
	assert_string_equal(s, "INSIDE");
	free(s);
	s = read_via(open_fn, "../../../host/secret");
	assert_string_equal(s, "INSIDE");
	free(s);
	errno = 0;
	assert_null(read_via(open_fn, "loop1/x"));
	assert_int_equal(errno, ELOOP);
}

static void test_kernel(void **state)
{
	(void)state;
	check_opener(inroot_open);
}

static void test_by_hand(void **state)
{
	(void)state;
	check_opener(inroot_open_byhand);
	/* O_NOFOLLOW on a final link: refused, as open(2) does */
	char *m = xasprintf("%s/m", top);
	int root = open(m, O_PATH | O_DIRECTORY);
	errno = 0;
	assert_int_equal(inroot_open_byhand(root, "etc/os-release", O_RDONLY | O_NOFOLLOW), -1);
	assert_int_equal(errno, ELOOP);
	int fd = inroot_open_byhand(root, "etc/os-release", O_PATH | O_NOFOLLOW);
	struct stat st;
	assert_true(fd >= 0 && fstat(fd, &st) == 0 && S_ISLNK(st.st_mode));
	close(fd);
	fd = inroot_open_byhand(root, "", O_RDONLY | O_DIRECTORY);	/* the root itself */
	assert_true(fd >= 0);
	close(fd);
	close(root);
	free(m);
}

static void test_helpers(void **state)
{
	char *m = xasprintf("%s/m", top);
	size_t len = 0;
	char *s;

	(void)state;
	s = inroot_read(m, "etc/up", 100, &len);
	assert_string_equal(s, "INSIDE");
	assert_int_equal(len, 6);
	free(s);
	assert_null(inroot_read(m, "etc/fifo", 100, NULL));	/* not waited on */
	assert_null(inroot_read(m, "etc/real", 3, NULL));	/* larger than max */
	assert_true(inroot_exists(m, "etc/os-release"));
	assert_false(inroot_exists(m, "etc/abs"));
	assert_false(inroot_exists(m, "loop1"));
	s = inroot_resolve(m, "etc/os-release");
	assert_string_equal(s, "/usr/lib/os-release");
	free(s);
	s = inroot_resolve(m, "hostdir/../etc/./missing/x");
	assert_string_equal(s, "/etc/missing/x");
	free(s);
	assert_null(inroot_resolve(m, "loop1"));
	s = machine_resolve(m, "etc/up");
	char *want = xasprintf("%s/host/secret", m);
	assert_string_equal(s, want);
	free(want);
	free(s);
	DIR *d = inroot_opendir(m, "hostdir");
	assert_non_null(d);
	int found = 0;
	struct dirent *de;
	while ((de = readdir(d)))
		found |= !strcmp(de->d_name, "secret");
	closedir(d);
	assert_true(found);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kernel),
		cmocka_unit_test(test_by_hand),
		cmocka_unit_test(test_helpers),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
