/* Reading a macrocontainer: OS and init detection, carried directories,
 * sizes, and symlinks resolved inside the machine, never outside it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/fsutil.h"
#include "gen/machine.h"
#include "gen/treesize.h"
#include "lib/xalloc.h"

static char root[64];

static void put(const char *rel, const char *text)
{
	char *p = xasprintf("%s/%s", root, rel);
	char *dir = xstrdup(p);
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

static void dir(const char *rel)
{
	char *p = xasprintf("%s/%s", root, rel);
	struct err e = { 0 };
	assert_int_equal(mkdir_p(p, &e), 0);
	free(p);
}

static void link_(const char *target, const char *rel)
{
	char *p = xasprintf("%s/%s", root, rel);
	assert_int_equal(symlink(target, p), 0);
	free(p);
}

static int setup(void **state)
{
	(void)state;
	strcpy(root, "/tmp/oc-leapp-unit.XXXXXX");
	assert_non_null(mkdtemp(root));
	return 0;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", root);
	(void)state;
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

static void test_centos7(void **state)
{
	struct machine m;
	struct err e = { 0 };
	(void)state;
	/* os-release as a link, absolute, as on real systems. */
	put("c7/usr/lib/os-release", "NAME=\"CentOS Linux\"\nID=\"centos\"\nVERSION_ID=\"7\"\nPRETTY_NAME=\"CentOS Linux 7 (Core)\"\n");
	dir("c7/etc");
	link_("/usr/lib/os-release", "c7/etc/os-release");
	put("c7/etc/hostname", "x");
	put("c7/usr/lib/systemd/systemd", "");
	dir("c7/usr/sbin");
	link_("../lib/systemd/systemd", "c7/usr/sbin/init");
	link_("usr/sbin", "c7/sbin");
	put("c7/run/x", "");
	put("c7/tmp/x", "");
	put("c7/var/x", "");
	put("c7/dev/null.txt", "");
	dir("c7/boot");
	dir("c7/proc");
	assert_int_equal(machine_open(root, "c7", &m, &e), 0);
	assert_string_equal(m.os_id, "centos");
	assert_int_equal(m.os_major, 7);
	assert_string_equal(m.os_file, "etc/os-release");
	assert_int_equal(m.init, INIT_SYSTEMD);
	/* an empty binary says nothing: the release says 219 */
	assert_int_equal(m.systemd_version, 219);
	assert_string_equal(m.systemd_version_from, "what centos 7 ships");
	/* Sorted; no links, no empties, no dev, no run/tmp on systemd. */
	assert_int_equal(m.ndirs, 3);
	assert_string_equal(m.dirs[0].name, "etc");
	assert_string_equal(m.dirs[1].name, "usr");
	assert_string_equal(m.dirs[2].name, "var");
	/* The base image gets every top-level directory and link, empty or not. */
	static const char *const top[] = { "boot", "dev", "etc", "proc", "run", "sbin", "tmp", "usr", "var" };
	assert_int_equal(m.ntop, 9);
	for (size_t i = 0; i < m.ntop; i++)
		assert_string_equal(m.top[i].name, top[i]);
	assert_string_equal(m.top[5].target, "usr/sbin");
	assert_null(m.top[0].target);
	machine_free(&m);
}

static void test_centos6(void **state)
{
	struct machine m;
	struct err e = { 0 };
	(void)state;
	put("c6/etc/redhat-release", "CentOS release 6.9 (Final)\n");
	put("c6/sbin/init", "");
	put("c6/sbin/initctl", "");
	put("c6/tmp/x", "");
	put("c6/lost+found/x", "");
	assert_int_equal(machine_open(root, "c6", &m, &e), 0);
	assert_string_equal(m.os_id, "centos");
	assert_string_equal(m.os_version, "6.9");
	assert_int_equal(m.os_major, 6);
	assert_int_equal(m.init, INIT_UPSTART);
	assert_int_equal(m.systemd_version, 0);
	/* tmp is carried when the machine does not run systemd. */
	assert_int_equal(m.ndirs, 3);
	assert_string_equal(m.dirs[2].name, "tmp");
	machine_free(&m);
}

static void test_odd_dirs(void **state)
{
	struct machine m;
	struct err e = { 0 };
	(void)state;
	put("odd/etc/redhat-release", "Red Hat Enterprise Linux Server release 7.4 (Maipo)\n");
	put("odd/Data/a", "");
	put("odd/data/b", "");
	put("odd/My.Dir/c", "");
	assert_int_equal(machine_open(root, "odd", &m, &e), 0);
	assert_string_equal(m.os_id, "rhel");
	/* No sbin/init: RHEL 7 means systemd. */
	assert_int_equal(m.init, INIT_SYSTEMD);
	assert_int_equal(m.ndirs, 4);
	assert_string_equal(m.dirs[0].name, "Data");
	assert_string_equal(m.dirs[0].key, "data");
	assert_string_equal(m.dirs[1].name, "My.Dir");
	assert_string_equal(m.dirs[1].key, "my-dir");
	assert_string_equal(m.dirs[2].name, "data");
	assert_string_not_equal(m.dirs[2].key, "data");	/* collision: hashed */
	assert_int_equal(strncmp(m.dirs[2].key, "data-", 5), 0);
	machine_free(&m);
}

/* systemd's version from what the machine holds, in order of trust. */
static void test_systemd_version(void **state)
{
	struct machine m;
	struct err e = { 0 };
	(void)state;
	/* 219's banner inside its binary, as RHEL 7 builds it */
	static const char bin219[] = "\x7f" "ELF\0\0junk\0systemd 219 running in %ssystem mode. (+PAM +AUDIT)\0more";
	char *p = xasprintf("%s/s219/usr/lib/systemd/systemd", root);
	put("s219/etc/os-release", "ID=fedora\nVERSION_ID=22\n");
	put("s219/usr/lib/systemd/systemd", "");
	FILE *f = fopen(p, "w");
	fwrite(bin219, 1, sizeof(bin219), f);
	fclose(f);
	free(p);
	dir("s219/usr/sbin");
	link_("../lib/systemd/systemd", "s219/usr/sbin/init");
	link_("usr/sbin", "s219/sbin");
	assert_int_equal(machine_open(root, "s219", &m, &e), 0);
	assert_int_equal(m.systemd_version, 219);
	assert_string_equal(m.systemd_version_from, "read from sbin/init");
	machine_free(&m);

	/* 231 and later name their private library with the version (Debian's multiarch path) */
	put("deb/etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
	put("deb/usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-252.so", "");
	put("deb/lib/systemd/systemd", "no banner here");
	assert_int_equal(machine_open(root, "deb", &m, &e), 0);
	assert_int_equal(m.init, INIT_SYSTEMD);
	assert_int_equal(m.systemd_version, 252);
	assert_string_equal(m.systemd_version_from, "read from libsystemd-shared-252.so");
	machine_free(&m);

	/* dpkg's database, with an epoch, when the files say nothing */
	put("dpkg/etc/os-release", "ID=ubuntu\nVERSION_ID=\"16.04\"\n");
	put("dpkg/lib/systemd/systemd", "");
	put("dpkg/var/lib/dpkg/status", "Package: libsystemd0\nVersion: 229-4\n\nPackage: systemd\nStatus: install ok installed\nVersion: 1:229-4ubuntu21\n\n");
	assert_int_equal(machine_open(root, "dpkg", &m, &e), 0);
	assert_int_equal(m.systemd_version, 229);
	assert_string_equal(m.systemd_version_from, "read from var/lib/dpkg/status");
	machine_free(&m);

	/* nothing at all: unknown, not guessed */
	put("none/etc/os-release", "ID=arch\n");
	put("none/usr/lib/systemd/systemd", "");
	assert_int_equal(machine_open(root, "none", &m, &e), 0);
	assert_int_equal(m.systemd_version, 0);
	assert_null(m.systemd_version_from);
	machine_free(&m);
}

static void test_banner(void **state)
{
	(void)state;
	static const char v252[] = "x\0systemd 252.17-1~deb12u1 running in %ssystem mode (%s)\0";
	static const char other[] = "foo running in %s\0systemd running in %s\0systemd 7x\0";
	assert_int_equal(systemd_banner_version(v252, sizeof(v252)), 252);
	assert_int_equal(systemd_banner_version(other, sizeof(other)), 0);
	assert_int_equal(systemd_banner_version("", 0), 0);
	assert_int_equal(systemd_banner_version(" running in %s", 14), 0);
}

static void test_errors(void **state)
{
	struct machine m;
	(void)state;
	static const char *const names[] = { "", "a/b", "..", ".", "/etc", NULL };
	for (size_t i = 0; names[i]; i++) {
		struct err e = { 0 };
		assert_int_equal(machine_open(root, names[i], &m, &e), -1);
		assert_int_equal(e.code, EXIT_USAGE);
		machine_free(&m);
	}
	struct err e = { 0 };
	assert_int_equal(machine_open(root, "missing", &m, &e), -1);
	assert_int_equal(e.code, EXIT_FAIL);
	assert_non_null(strstr(e.msg, "machine \"missing\" not found"));
	machine_free(&m);
	dir("nothing/dev");
	struct err e2 = { 0 };
	assert_int_equal(machine_open(root, "nothing", &m, &e2), -1);
	assert_non_null(strstr(e2.msg, "no directories to carry"));
	machine_free(&m);
	put("afile", "x");
	struct err e3 = { 0 };
	assert_int_equal(machine_open(root, "afile", &m, &e3), -1);
	assert_non_null(strstr(e3.msg, "not a directory"));
	machine_free(&m);
}

static void test_resolve_stays_inside(void **state)
{
	(void)state;
	put("esc/etc/x", "");
	link_("/../../../../etc", "esc/up");
	link_("loop2", "esc/loop1");
	link_("loop1", "esc/loop2");
	char *mroot = xasprintf("%s/esc", root);
	char *p = machine_resolve(mroot, "up/x");
	char *want = xasprintf("%s/etc/x", mroot);
	assert_string_equal(p, want);
	assert_null(machine_resolve(mroot, "loop1/x"));
	free(p);
	free(want);
	free(mroot);
}

static void test_tree_size(void **state)
{
	struct err e = { 0 };
	unsigned long long n;
	(void)state;
	put("sz/a", "12345");
	put("sz/sub/b", "1234567890");
	char *a = xasprintf("%s/sz/a", root), *h = xasprintf("%s/sz/sub/hard", root);
	char *l = xasprintf("%s/sz/link", root), *d = xasprintf("%s/sz", root);
	assert_int_equal(link(a, h), 0);	/* counted once */
	assert_int_equal(symlink("/etc/passwd", l), 0);	/* never followed */
	assert_int_equal(tree_size(d, &n, &e), 0);
	assert_int_equal(n, 15);
	assert_int_equal(tree_size("/nonexistent-oc-leapp", &n, &e), -1);
	free(a);
	free(h);
	free(l);
	free(d);
}

static void test_mkdir_p_empty(void **state)
{
	struct err e = { 0 };
	(void)state;
	/* once read the byte after the terminating NUL */
	assert_int_equal(mkdir_p("", &e), -1);
	assert_non_null(strstr(e.msg, "empty"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_centos7),
		cmocka_unit_test(test_centos6),
		cmocka_unit_test(test_odd_dirs),
		cmocka_unit_test(test_systemd_version),
		cmocka_unit_test(test_banner),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_resolve_stays_inside),
		cmocka_unit_test(test_tree_size),
		cmocka_unit_test(test_mkdir_p_empty),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
