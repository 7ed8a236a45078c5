/* What a machine's enabled services need from the runtime: the services
 * read with the unit-file reader and systemd's generator's reading of the
 * init scripts and their rc links, the table of known needs,
 * --capabilities, and the file capability of a ping. */
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

#include "gen/caps.h"
#include "lib/fsutil.h"
#include "gen/machine.h"
#include "gen/services.h"
#include "lib/xalloc.h"

static char root[64];

static void put(const char *rel, const char *text)
{
	char *p = xasprintf("%s/m/%s", root, rel);
	char *d = xstrdup(p);
	struct err e = { 0 };
	*strrchr(d, '/') = '\0';
	assert_int_equal(mkdir_p(d, &e), 0);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(d);
	free(p);
}

/* An init script: executable, as the generator wants them. */
static void script(const char *rel)
{
	char *p = xasprintf("%s/m/%s", root, rel);
	put(rel, "#!/bin/sh\n");
	assert_int_equal(chmod(p, 0755), 0);
	free(p);
}

static void link_(const char *target, const char *rel)
{
	char *p = xasprintf("%s/m/%s", root, rel);
	char *d = xstrdup(p);
	struct err e = { 0 };
	*strrchr(d, '/') = '\0';
	assert_int_equal(mkdir_p(d, &e), 0);
	assert_int_equal(symlink(target, p), 0);
	free(d);
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

static void open_machine(struct machine *m)
{
	struct err e = { 0 };
	char *r = xasprintf("%s", root);
	int rc = machine_open(r, "m", m, &e);
	if (rc)
		fail_msg("%s", e.msg);
	free(r);
}

static const char *why_of(const struct cap_set *s, const char *cap)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].cap, cap))
			return s->v[i].why;
	return NULL;
}

static void test_normalize(void **state)
{
	(void)state;
	char *a = cap_normalize("cap_sys_chroot"), *b = cap_normalize("Net_Raw");
	assert_string_equal(a, "SYS_CHROOT");
	assert_string_equal(b, "NET_RAW");
	free(a);
	free(b);
	assert_null(cap_normalize("ALL"));
	assert_null(cap_normalize("SYS_CHROOTX"));
	assert_null(cap_normalize(""));
	assert_true(cap_in_baseline("SYS_CHROOT") && cap_in_baseline("AUDIT_WRITE"));
	assert_false(cap_in_baseline("NET_RAW"));
	assert_true(cap_in_runtime_default("CHOWN"));
	assert_false(cap_in_runtime_default("SYS_CHROOT"));
}

/* struct vfs_cap_data, little-endian: revision 2 with cap_net_raw (bit 13)
 * permitted, as setcap cap_net_raw+p writes it; revision 1; a short one. */
static void test_xattr(void **state)
{
	unsigned char v2[20] = { 0x01, 0x00, 0x00, 0x02, 0x00, 0x20, 0x00, 0x00 };
	unsigned char v1[12] = { 0x00, 0x00, 0x00, 0x01, 0x00, 0x20, 0x00, 0x00 };
	unsigned char inh[20] = { 0x00, 0x00, 0x00, 0x02, 0, 0, 0, 0, 0x00, 0x20, 0x00, 0x00 };
	unsigned char bad[20] = { 0x00, 0x00, 0x00, 0x09, 0x00, 0x20, 0x00, 0x00 };
	(void)state;
	assert_true(cap_xattr_has(v2, sizeof(v2), 13));
	assert_false(cap_xattr_has(v2, sizeof(v2), 12));
	assert_true(cap_xattr_has(v1, sizeof(v1), 13));
	assert_false(cap_xattr_has(v1, sizeof(v1), 40));	/* revision 1 holds 32 bits */
	assert_false(cap_xattr_has(inh, sizeof(inh), 13));	/* inheritable only */
	assert_false(cap_xattr_has(bad, sizeof(bad), 13));	/* unknown revision */
	assert_false(cap_xattr_has(v2, 8, 13));			/* cut short */
}

/* A systemd machine: default.target -> multi-user.target, whose wants hold
 * sshd (by Debian's alias), crond and a masked vsftpd; an rc3.d link too. */
static void test_systemd_services(void **state)
{
	struct machine m;
	struct strlist svc = { 0 }, notes = { 0 };
	struct cap_set caps = { 0 };
	(void)state;
	put("etc/os-release", "ID=centos\nVERSION_ID=7\n");
	put("usr/lib/systemd/systemd", "systemd 219 running in %ssystem mode. (");
	link_("../lib/systemd/systemd", "usr/sbin/init");
	link_("usr/sbin", "sbin");
	put("usr/lib/systemd/system/multi-user.target", "[Unit]\n");
	put("usr/lib/systemd/system/ssh.service", "[Service]\nExecStart=/x\n[Install]\nAlias=sshd.service\n");
	put("usr/lib/systemd/system/crond.service", "[Service]\nExecStart=/x\n");
	put("usr/lib/systemd/system/vsftpd.service", "[Service]\nExecStart=/x\n");
	link_("/usr/lib/systemd/system/multi-user.target", "etc/systemd/system/default.target");
	link_("/usr/lib/systemd/system/ssh.service", "etc/systemd/system/multi-user.target.wants/ssh.service");
	link_("/usr/lib/systemd/system/ssh.service", "etc/systemd/system/sshd.service");
	link_("/usr/lib/systemd/system/crond.service", "etc/systemd/system/multi-user.target.wants/crond.service");
	link_("/usr/lib/systemd/system/vsftpd.service", "etc/systemd/system/multi-user.target.wants/vsftpd.service");
	link_("/dev/null", "etc/systemd/system/vsftpd.service");
	script("etc/rc.d/init.d/oracle");
	link_("../init.d/oracle", "etc/rc.d/rc3.d/S99oracle");
	open_machine(&m);
	machine_services(&m, &svc);
	assert_true(strlist_has(&svc, "ssh") && strlist_has(&svc, "crond") && strlist_has(&svc, "oracle"));
	assert_false(strlist_has(&svc, "vsftpd"));	/* masked */
	caps_derive(&m, &svc, &caps, &notes);
	assert_int_equal(caps.n, 2);
	assert_string_equal(caps.v[0].cap, "AUDIT_WRITE");	/* sorted */
	assert_string_equal(caps.v[0].who, "ssh, crond");	/* Debian's name for sshd */
	assert_non_null(strstr(why_of(&caps, "SYS_CHROOT"), "chroot"));
	assert_null(why_of(&caps, "NET_RAW"));
	/* by hand: -AUDIT_WRITE leaves SYS_CHROOT, +NET_RAW adds, each said */
	struct strlist words = { 0 };
	struct err e = { 0 };
	strlist_push(&words, "-audit_write");
	strlist_push(&words, "+NET_RAW");
	strlist_push(&words, "CAP_NET_RAW");
	assert_int_equal(caps_apply(&caps, &words, &notes, &e), 0);
	assert_int_equal(caps.n, 2);
	assert_string_equal(caps.v[0].cap, "NET_RAW");
	assert_string_equal(caps.v[1].cap, "SYS_CHROOT");
	assert_non_null(strstr(notes.v[notes.n - 1], "AUDIT_WRITE is not asked for"));
	strlist_push(&words, "+EVERYTHING");
	assert_int_equal(caps_apply(&caps, &words, &notes, &e), -1);
	assert_int_equal(e.code, EXIT_USAGE);
	strlist_free(&words);
	cap_set_free(&caps);
	strlist_free(&notes);
	strlist_free(&svc);
	machine_free(&m);
}

/* A sysvinit machine: inittab's runlevel 5, a setuid ping, postfix whose
 * master.cf leaves chroot to the default of Postfix 2 (yes). */
static void test_sysv_services(void **state)
{
	struct machine m;
	struct strlist svc = { 0 }, notes = { 0 };
	struct cap_set caps = { 0 };
	(void)state;
	put("etc/redhat-release", "CentOS release 6.9 (Final)\n");
	put("sbin/init", "init");
	put("etc/inittab", "# comment\nid:5:initdefault:\n");
	script("etc/rc.d/init.d/postfix");
	script("etc/rc.d/init.d/ntpd");
	put("etc/rc.d/init.d/README", "not a script\n");
	link_("../init.d/README", "etc/rc.d/rc5.d/S01README");
	link_("../init.d/postfix", "etc/rc.d/rc5.d/S80postfix");
	link_("../init.d/ntpd", "etc/rc.d/rc5.d/S58ntpd");
	link_("../init.d/sshd", "etc/rc.d/rc3.d/S55sshd");	/* another runlevel's */
	put("etc/postfix/master.cf", "smtp inet n - - - - smtpd\n  -o x=y\n#qmgr unix n - y 300 1 qmgr\n");
	put("bin/ping", "ping");
	char *ping = xasprintf("%s/m/bin/ping", root);
	assert_int_equal(chmod(ping, 04755), 0);
	free(ping);
	open_machine(&m);
	machine_services(&m, &svc);
	assert_int_equal(svc.n, 2);
	assert_string_equal(svc.v[0], "ntpd");
	assert_string_equal(svc.v[1], "postfix");
	caps_derive(&m, &svc, &caps, &notes);
	assert_int_equal(caps.n, 2);
	assert_non_null(strstr(why_of(&caps, "SYS_CHROOT"), "(smtp)"));
	assert_non_null(strstr(why_of(&caps, "NET_RAW"), "bin/ping is setuid"));
	assert_int_equal(notes.n, 1);
	assert_non_null(strstr(notes.v[0], "ntpd would need SYS_TIME, not asked for"));
	cap_set_free(&caps);
	strlist_free(&notes);
	strlist_free(&svc);
	machine_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_xattr),
		cmocka_unit_test_setup_teardown(test_systemd_services, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sysv_services, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
