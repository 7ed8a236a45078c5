/* The unit-file reader of leapp-init (init/unit.c and friends) on real
 * unit files as RHEL 7 packages ship them, in a temporary machine tree:
 * search path, aliases, masks, templates, drop-ins, specifiers, the
 * dependency closure and its order, command lines, bad input, the units
 * systemd's sysv generator makes of init scripts, and the same output
 * whatever order the directories list their entries in. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init/execline.h"
#include "init/graph.h"
#include "init/rootfs.h"
#include "lib/strbuf.h"
#include "init/sysvgen.h"
#include "init/unit.h"

static char root[64];
static int rootfd = -1;

static void put(const char *path, const char *text)
{
	char full[512], *slash;

	snprintf(full, sizeof(full), "%s/%s", root, path);
	for (slash = strchr(full + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(full, 0755);
		*slash = '/';
	}
	FILE *f = fopen(full, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void link_(const char *target, const char *path)
{
	char full[512];

	snprintf(full, sizeof(full), "%s/%s", root, path);
	put(path, "");
	unlink(full);
	assert_int_equal(symlink(target, full), 0);
}

static void script(const char *path, const char *text)
{
	char full[512];

	put(path, text);
	snprintf(full, sizeof(full), "%s/%s", root, path);
	assert_int_equal(chmod(full, 0755), 0);
}

#define SYS "usr/lib/systemd/system/"
#define ETC "etc/systemd/system/"

static const char httpd[] =
	"[Unit]\nDescription=The Apache HTTP Server\nAfter=network.target remote-fs.target nss-lookup.target\n"
	"Documentation=man:httpd(8)\nDocumentation=man:apachectl(8)\n\n"
	"[Service]\nType=notify\nEnvironmentFile=/etc/sysconfig/httpd\n"
	"ExecStart=/usr/sbin/httpd $OPTIONS -DFOREGROUND\n"
	"ExecReload=/usr/sbin/httpd $OPTIONS -k graceful\n"
	"ExecStop=/bin/kill -WINCH ${MAINPID}\n"
	"# We want systemd to give httpd some time to finish gracefully, but still want\n"
	"# it to kill httpd after TimeoutStopSec if something went wrong during the\n"
	"# graceful stop. Normally, Systemd sends SIGTERM signal right after the\n"
	"# ExecStop, which would kill httpd. We are sending useless SIGCONT here to give\n"
	"# httpd time to finish.\nKillSignal=SIGCONT\nPrivateTmp=true\n\n"
	"[Install]\nWantedBy=multi-user.target\n";

static const char mariadb[] =
	"[Unit]\nDescription=MariaDB database server\nAfter=syslog.target\nAfter=network.target\n\n"
	"[Service]\nType=simple\nUser=mysql\nGroup=mysql\n\n"
	"ExecStartPre=/usr/libexec/mariadb-prepare-db-dir %n\n"
	"# Note: we set --basedir to prevent probes that might trigger SELinux alarms,\n"
	"# per bug #547485\nExecStart=/usr/bin/mysqld_safe --basedir=/usr\n"
	"ExecStartPost=/usr/libexec/mariadb-wait-ready $MAINPID\n\n"
	"# Give a reasonable amount of time for the server to start up/shut down\nTimeoutSec=300\n\n"
	"# Place temp files in a secure directory, not /tmp\nPrivateTmp=true\n\n"
	"[Install]\nWantedBy=multi-user.target\n";

static const char sshd[] =
	"[Unit]\nDescription=OpenSSH server daemon\nDocumentation=man:sshd(8) man:sshd_config(5)\n"
	"After=network.target sshd-keygen.service\nWants=sshd-keygen.service\n\n"
	"[Service]\nType=notify\nEnvironmentFile=/etc/sysconfig/sshd\n"
	"ExecStart=/usr/sbin/sshd -D $OPTIONS\nExecReload=/bin/kill -HUP $MAINPID\n"
	"KillMode=process\nRestart=on-failure\nRestartSec=42s\n\n[Install]\nWantedBy=multi-user.target\n";

static const char sshd_keygen[] =
	"[Unit]\nDescription=OpenSSH Server Key Generation\n"
	"ConditionFileNotEmpty=|!/etc/ssh/ssh_host_rsa_key\nConditionFileNotEmpty=|!/etc/ssh/ssh_host_ecdsa_key\n"
	"PartOf=sshd.service sshd.socket\n\n[Service]\nExecStart=/usr/sbin/sshd-keygen\nType=oneshot\nRemainAfterExit=yes\n";

static const char postfix[] =
	"[Unit]\nDescription=Postfix Mail Transport Agent\n"
	"After=syslog.target network.target\nConflicts=sendmail.service exim.service\n\n"
	"[Service]\nType=forking\nPIDFile=/var/spool/postfix/pid/master.pid\nEnvironmentFile=-/etc/sysconfig/network\n"
	"ExecStartPre=-/usr/libexec/postfix/aliasesdb\nExecStartPre=-/usr/libexec/postfix/chroot-update\n"
	"ExecStart=/usr/sbin/postfix start\nExecReload=/usr/sbin/postfix reload\nExecStop=/usr/sbin/postfix stop\n\n"
	"[Install]\nWantedBy=multi-user.target\n";

static const char crond[] =
	"[Unit]\nDescription=Command Scheduler\nAfter=auditd.service systemd-user-sessions.service time-sync.target\n\n"
	"[Service]\nEnvironmentFile=/etc/sysconfig/crond\nExecStart=/usr/sbin/crond -n $CRONDARGS\n"
	"ExecReload=/bin/kill -HUP $MAINPID\nKillMode=process\n\n[Install]\nWantedBy=multi-user.target\n";

static const char tomcat[] =
	"[Unit]\nDescription=Apache Tomcat Web Application Container\nAfter=syslog.target network.target\n\n"
	"[Service]\nType=forking\nPIDFile=/var/run/tomcat.pid\n"
	"Environment=\"CATALINA_OPTS=-Xms512M -Xmx1024M -server\" 'JAVA_OPTS=-Djava.awt.headless=true'\n"
	"ExecStart=/opt/tomcat/bin/startup.sh\nExecStop=/opt/tomcat/bin/shutdown.sh\nUser=tomcat\n"
	"WorkingDirectory=-~\n\n[Install]\nWantedBy=multi-user.target\n";

static const char getty[] =
	"[Unit]\nDescription=Getty on %I\nAfter=systemd-user-sessions.service plymouth-quit-wait.service\n"
	"Before=getty.target\nConditionPathExists=/dev/tty0\n\n"
	"[Service]\nExecStart=-/sbin/agetty --noclear %I $TERM\nType=idle\nRestart=always\nRestartSec=0\n"
	"UtmpIdentifier=%I\nTTYPath=/dev/%I\n\n[Install]\nWantedBy=getty.target\nDefaultInstance=tty1\n";

static int setup_tree(void **state)
{
	(void)state;
	strcpy(root, "/tmp/leapp-unit-XXXXXX");
	assert_non_null(mkdtemp(root));
	put(SYS "httpd.service", httpd);
	put(SYS "mariadb.service", mariadb);
	put(SYS "sshd.service", sshd);
	put(SYS "sshd-keygen.service", sshd_keygen);
	put(SYS "postfix.service", postfix);
	put(SYS "crond.service", crond);
	put("etc/systemd/system/tomcat.service", tomcat);
	put(SYS "getty@.service", getty);
	put(SYS "multi-user.target", "[Unit]\nRequires=basic.target\nAfter=basic.target\nAllowIsolate=yes\n");
	put(SYS "basic.target", "[Unit]\nRequires=sysinit.target\nAfter=sysinit.target\n");
	put(SYS "sysinit.target", "[Unit]\nDescription=System Initialization\n");
	put(SYS "network.target", "[Unit]\nDescription=Network\n");
	/* /etc hides /usr/lib; a link to /dev/null masks. */
	put(SYS "crond.service.d/10-vendor.conf", "[Service]\nNice=5\n");
	put(ETC "httpd.service.d/override.conf",
	    "[Service]\nExecStart=\nExecStart=/usr/sbin/httpd $OPTIONS -DFOREGROUND -DLEAPP\nEnvironment=A=1\n");
	put(SYS "httpd.service.d/override.conf", "[Service]\nEnvironment=HIDDEN=1\n");
	put(SYS "httpd.service.d/50-more.conf", "[Service]\nEnvironment=B=2\n");
	link_("/dev/null", ETC "postfix.service");
	link_("/usr/lib/systemd/system/mariadb.service", ETC "mysql.service");
	link_(SYS "httpd.service", ETC "multi-user.target.wants/httpd.service");
	link_("/" SYS "sshd.service", ETC "multi-user.target.wants/sshd.service");
	link_("/" SYS "mysql.service", ETC "multi-user.target.wants/mysql.service");
	link_("/" SYS "crond.service", ETC "multi-user.target.wants/crond.service");
	link_("/" SYS "getty@.service", ETC "getty.target.wants/getty@tty1.service");
	/* Hostile: links out of the root, loops. */
	link_("/../../../../etc/passwd", ETC "escape.service");
	link_("../../../../../../../../etc/shadow", ETC "escape2.service");
	link_("loop2.service", ETC "loop1.service");
	link_("loop1.service", ETC "loop2.service");
	put("etc/passwd", "root:x:0:0::/root:/bin/sh\n");
	rootfd = open(root, O_RDONLY | O_DIRECTORY);
	assert_true(rootfd >= 0);
	return 0;
}

static int teardown_tree(void **state)
{
	(void)state;
	char cmd[128];
	close(rootfd);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static struct unit *load(const char *name)
{
	struct err e = { 0 };
	struct unit *u = NULL;

	if (unit_load(rootfd, name, &u, &e) < 0)
		print_message("load %s: %s\n", name, e.msg);
	return u;
}

static void test_names(void **state)
{
	(void)state;
	assert_true(unit_name_valid("sshd.service"));
	assert_true(unit_name_valid("getty@tty1.service"));
	assert_true(unit_name_valid("getty@.service"));
	assert_true(unit_name_valid("dev-disk-by\\x2duuid.device"));
	assert_false(unit_name_valid("sshd"));
	assert_false(unit_name_valid("a@b@c.service"));
	assert_false(unit_name_valid("@x.service"));
	assert_false(unit_name_valid("../x.service"));
	assert_false(unit_name_valid("x.bogus"));
	assert_true(unit_name_is_template("getty@.service"));
	assert_true(unit_name_is_instance("getty@tty1.service"));
	char *t = unit_name_template("getty@tty1.service"), *i = unit_name_instance("getty@tty1.service");
	char *p = unit_name_prefix("getty@tty1.service"), *x = unit_name_unescape("dev-sda\\x2d1");
	assert_string_equal(t, "getty@.service");
	assert_string_equal(i, "tty1");
	assert_string_equal(p, "getty");
	assert_string_equal(x, "dev/sda-1");
	free(t), free(i), free(p), free(x);
	assert_int_equal(unit_name_type("a.socket"), UNIT_SOCKET);
	assert_int_equal(parse_timespan_ms("1min 30s"), 90000);
	assert_int_equal(parse_timespan_ms("300"), 300000);
	assert_int_equal(parse_timespan_ms("500ms"), 500);
	assert_int_equal(parse_timespan_ms("2 h"), 7200000);
	assert_int_equal(parse_timespan_ms("infinity"), INT64_MAX);
	assert_int_equal(parse_timespan_ms("ten"), -1);
	assert_int_equal(parse_timespan_ms(""), -1);
}

static void test_rhel7_units(void **state)
{
	(void)state;
	struct unit *u = load("mariadb.service");
	assert_non_null(u);
	assert_string_equal(u->path, "/" SYS "mariadb.service");
	assert_string_equal(unit_get(u, "Service", "User"), "mysql");
	assert_string_equal(unit_get(u, "Service", "TimeoutSec"), "300");
	struct strlist after = { 0 };
	unit_get_words(u, "Unit", "After", &after);	/* two After= lines add up */
	assert_int_equal(after.n, 2);
	assert_string_equal(after.v[1], "network.target");
	strlist_free(&after);
	struct err e = { 0 };
	char *x = unit_expand(u, NULL, unit_get(u, "Service", "ExecStartPre"), &e);
	assert_string_equal(x, "/usr/libexec/mariadb-prepare-db-dir mariadb.service");
	free(x);
	unit_free(u);

	u = load("sshd.service");
	assert_string_equal(unit_get(u, "Service", "KillMode"), "process");
	assert_int_equal(parse_timespan_ms(unit_get(u, "Service", "RestartSec")), 42000);
	unit_free(u);

	u = load("tomcat.service");	/* only in /etc */
	assert_string_equal(u->path, "/etc/systemd/system/tomcat.service");
	struct strlist env = { 0 }, bad = { 0 }, envv = { 0 };
	unit_get_list(u, "Service", "Environment", &envv);
	env_parse_assignments(envv.v[0], &env, &bad);
	assert_int_equal(bad.n, 0);
	assert_string_equal(env_get(&env, "CATALINA_OPTS"), "-Xms512M -Xmx1024M -server");
	assert_string_equal(env_get(&env, "JAVA_OPTS"), "-Djava.awt.headless=true");
	strlist_free(&env), strlist_free(&bad), strlist_free(&envv);
	unit_free(u);
}

static void test_dropins_and_masks(void **state)
{
	(void)state;
	struct unit *u = load("httpd.service");
	struct strlist l = { 0 };
	/* 50-more.conf, then the /etc override.conf that hides /usr/lib's. */
	assert_int_equal(u->dropins.n, 2);
	unit_get_list(u, "Service", "ExecStart", &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0], "/usr/sbin/httpd $OPTIONS -DFOREGROUND -DLEAPP");
	strlist_free(&l);
	unit_get_list(u, "Service", "Environment", &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0], "B=2");
	assert_string_equal(l.v[1], "A=1");
	strlist_free(&l);
	unit_free(u);

	u = load("postfix.service");
	assert_true(u->masked);
	assert_int_equal(u->nkv, 0);
	unit_free(u);

	u = load("mysql.service");	/* an alias takes the real unit's name */
	assert_string_equal(u->id, "mariadb.service");
	unit_free(u);

	u = load("nothere.service");
	assert_non_null(u);
	assert_null(u->path);
	unit_free(u);
}

static void test_templates(void **state)
{
	(void)state;
	struct unit *u = load("getty@ttyS0.service");
	struct unit_ctx ctx = { "host1", "0123456789abcdef0123456789abcdef" };
	struct err e = { 0 };
	assert_non_null(u->path);
	assert_string_equal(u->path, "/" SYS "getty@.service");
	char *x = unit_expand(u, &ctx, unit_get(u, "Service", "ExecStart"), &e);
	assert_string_equal(x, "-/sbin/agetty --noclear ttyS0 $TERM");
	free(x);
	x = unit_expand(u, &ctx, "%n %N %p %i %I %f %t %H %m %u %h %%", &e);
	assert_string_equal(x, "getty@ttyS0.service getty@ttyS0 getty ttyS0 ttyS0 /ttyS0 /run host1 "
			    "0123456789abcdef0123456789abcdef root /root %");
	free(x);
	assert_null(unit_expand(u, NULL, "%H", &e));	/* unresolvable: an error, never a guess */
	assert_non_null(strstr(e.msg, "%H"));
	assert_null(unit_expand(u, NULL, "%z", &e));
	unit_free(u);
}

static void test_closure_and_order(void **state)
{
	(void)state;
	struct graph g = { 0 };
	graph_build(rootfd, "multi-user.target", &g);
	graph_order(&g);
	assert_true(graph_find(&g, "sshd-keygen.service") >= 0);	/* Wants= */
	assert_true(graph_find(&g, "mariadb.service") >= 0);	/* through the mysql alias */
	assert_true(graph_find(&g, "sysinit.target") >= 0);
	assert_int_equal(g.warnings.n, 0);
	long pos[6] = { 0 };
	const char *names[] = { "sysinit.target", "basic.target", "network.target", "sshd-keygen.service",
				"sshd.service", "multi-user.target" };
	for (size_t k = 0; k < g.n; k++)
		for (int i = 0; i < 6; i++)
			if (!strcmp(g.v[g.order[k]].name, names[i]))
				pos[i] = (long)k;
	for (int i = 0; i < 5; i++)
		if (i != 2)	/* network.target has no order with keygen */
			assert_true(pos[i] < pos[i + 1] || (i == 1 && pos[1] < pos[3]));
	assert_true(pos[2] < pos[4]);
	assert_true(pos[4] < pos[5]);
	graph_free(&g);
}

static void test_cycles(void **state)
{
	(void)state;
	put(SYS "c.target", "[Unit]\nWants=c1.service c2.service c3.service\n");
	put(SYS "c1.service", "[Unit]\nAfter=c3.service\n[Service]\nExecStart=/bin/true\n");
	put(SYS "c2.service", "[Unit]\nAfter=c1.service\n[Service]\nExecStart=/bin/true\n");
	put(SYS "c3.service", "[Unit]\nAfter=c2.service\nRequires=c1.service\n[Service]\nExecStart=/bin/true\n");
	struct graph g = { 0 };
	graph_build(rootfd, "c.target", &g);
	graph_order(&g);
	assert_int_equal(g.warnings.n, 1);
	assert_non_null(strstr(g.warnings.v[0], "ordering cycle: "));
	assert_int_equal(g.n, 4);
	for (size_t i = 0; i < g.n; i++)
		assert_true(g.order[i] < g.n);
	graph_free(&g);
}

static void test_hostile(void **state)
{
	(void)state;
	struct err e = { 0 };
	struct unit *u = NULL;
	/* A link out of the root resolves inside it: the machine's own
	 * /etc/passwd (read as a unit, with warnings), never the host's. */
	assert_int_equal(unit_load(rootfd, "escape.service", &u, &e), 0);
	assert_string_equal(u->path, "/etc/passwd");
	assert_int_equal(u->warnings.n, 1);
	unit_free(u);
	/* ../ past the root stops at it: the machine has no /etc/shadow. */
	assert_int_equal(unit_load(rootfd, "escape2.service", &u, &e), -1);
	assert_non_null(strstr(e.msg, "a link to nothing"));
	err_clear(&e);
	char *c = root_realpath(rootfd, "/" ETC "escape.service", 0);
	assert_string_equal(c, "/etc/passwd");
	free(c);
	c = root_realpath(rootfd, "/../../etc/passwd", 0);	/* the root's own, not the host's */
	assert_string_equal(c, "/etc/passwd");
	free(c);
	assert_int_equal(unit_load(rootfd, "loop1.service", &u, &e), -1);
	assert_non_null(strstr(e.msg, "Too many levels of symbolic links"));
	err_clear(&e);
	assert_int_equal(unit_load(rootfd, "../x.service", &u, &e), -1);
	err_clear(&e);

	struct unit v = { .name = "x.service" };
	static const char nul[] = "[Service]\nExecStart=/bin/true\0evil\n";
	assert_int_equal(unit_parse(&v, nul, sizeof(nul) - 1, "x", &e), -1);
	assert_non_null(strstr(e.msg, "NUL"));
	err_clear(&e);
	size_t big = UNIT_LINE_MAX + 10;
	char *huge = malloc(big + 20);
	memcpy(huge, "[Service]\nA=", 12);
	memset(huge + 12, 'x', big);
	huge[12 + big] = '\0';
	assert_int_equal(unit_parse(&v, huge, strlen(huge), "x", &e), -1);
	assert_non_null(strstr(e.msg, "longer than"));
	free(huge);
	err_clear(&e);
	static const char junk[] = "A=outside\n[Unit\n[Service]\nno equals\n=novalue\nExecStart=/bin/a \\\n  # comment\n  --flag\n";
	assert_int_equal(unit_parse(&v, junk, sizeof(junk) - 1, "junk", &e), 0);
	assert_int_equal(v.warnings.n, 4);
	assert_string_equal(unit_get(&v, "Service", "ExecStart"), "/bin/a    --flag");
	for (size_t i = 0; i < v.nkv; i++)
		free(v.kv[i].section), free(v.kv[i].key), free(v.kv[i].value);
	free(v.kv);
	strlist_free(&v.warnings);

	put(SYS "big.service", "");
	char full[512];
	snprintf(full, sizeof(full), "%s/" SYS "big.service", root);
	assert_int_equal(truncate(full, UNIT_FILE_MAX + 1), 0);
	assert_int_equal(unit_load(rootfd, "big.service", &u, &e), -1);
	assert_non_null(strstr(e.msg, "larger than"));
}

static void argv_is(const char *line, const char *env_kv, const char *want)
{
	struct exec_list l = { 0 };
	struct strlist env = { 0 }, argv = { 0 };
	struct err e = { 0 };
	char got[512] = "";

	if (env_kv)
		env_parse_assignments(env_kv, &env, &argv);
	assert_int_equal(argv.n, 0);
	assert_int_equal(exec_parse(line, &l, &e), 0);
	for (size_t c = 0; c < l.n; c++) {
		exec_expand(&l.v[c], &env, &argv);
		if (c)
			strcat(got, " ; ");
		strcat(got, l.v[c].ignore_failure ? "-" : "");
		strcat(got, l.v[c].path);
		for (size_t i = 0; i < argv.n; i++)
			strcat(got, "|"), strcat(got, argv.v[i]);
		strlist_free(&argv);
	}
	assert_string_equal(got, want);
	exec_list_free(&l);
	strlist_free(&env);
}

static void test_command_lines(void **state)
{
	(void)state;
	argv_is("/usr/sbin/sshd -D $OPTIONS", "OPTIONS=\"-u0 -4\"", "/usr/sbin/sshd|/usr/sbin/sshd|-D|-u0|-4");
	argv_is("/usr/sbin/crond -n $CRONDARGS", NULL, "/usr/sbin/crond|/usr/sbin/crond|-n");
	argv_is("/bin/kill -WINCH ${MAINPID}", "MAINPID=42", "/bin/kill|/bin/kill|-WINCH|42");
	argv_is("-/bin/sh -c 'echo \"a b\" $X' x${Y}z $$HOME", "X=1 Y=\"2 3\"",
		"-/bin/sh|/bin/sh|-c|echo \"a b\" $X|x2 3z|$HOME");
	argv_is("@/usr/bin/daemon mydaemon --x \"q\\tq\" \\x41", NULL, "/usr/bin/daemon|mydaemon|--x|q\tq|A");
	argv_is("/bin/a 1 ; /bin/b 2", NULL, "/bin/a|/bin/a|1 ; /bin/b|/bin/b|2");
	argv_is("+/bin/priv", NULL, "/bin/priv|/bin/priv");
	struct exec_list l = { 0 };
	struct err e = { 0 };
	assert_int_equal(exec_parse("relative/path x", &l, &e), -1);
	err_clear(&e);
	assert_int_equal(exec_parse("/bin/a \"unterminated", &l, &e), -1);
	err_clear(&e);
	assert_int_equal(exec_parse("/bin/a \\q", &l, &e), -1);
	exec_list_free(&l);

	struct strlist env = { 0 }, bad = { 0 };
	env_parse_file("# comment\n; other\nA=1\nB = two words  \nC=\"quoted \\\"x\\\" $y\"\nD='single $x'\n"
		       "E=line\\\ncont\nexport F=bad\n9G=bad\nH=\n", &env, &bad);
	assert_string_equal(env_get(&env, "A"), "1");
	assert_string_equal(env_get(&env, "B"), "two words");
	assert_string_equal(env_get(&env, "C"), "quoted \"x\" $y");
	assert_string_equal(env_get(&env, "D"), "single $x");
	assert_string_equal(env_get(&env, "E"), "linecont");
	assert_string_equal(env_get(&env, "H"), "");
	assert_int_equal(bad.n, 2);
	strlist_free(&env);
	strlist_free(&bad);
}


/* ---- SysV init scripts, as systemd-sysv-generator makes units of them ---- */

#define INITD "etc/rc.d/init.d/"

static const char oracle[] =
	"#!/bin/sh\n# chkconfig: 2345 80 05\n"
	"### BEGIN INIT INFO\n# Provides: oracle dbora\n"
	"# Required-Start: $network $remote_fs $syslog $local_fs\n"
	"# Should-Start: $named $time $portmap listener.sh\n"
	"# X-Start-Before: tomcat\n"
	"# Required-Stop: $network\n"
	"# Short-Description: Oracle database\n"
	"# Description: the database\n#  and its listener\n"
	"### END INIT INFO\n"
	"case \"$1\" in start) su - oracle -c dbstart ;; esac\n";

static const char listener[] =
	"#!/bin/bash\n#\n# listener  Oracle's TNS listener\n#\n# chkconfig: 345 70 10\n"
	"# description: the listener \\\n#              for the database\n"
	"# pidfile: /var/run/listener.pid\n# processname: tnslsnr\n";

static void sysv_tree(void)
{
	script(INITD "oracle", oracle);
	script(INITD "listener.sh", listener);
	script(INITD "old", "#!/bin/sh\n# pidfile: relative.pid\necho old\n");
	script(INITD "tomcat", "#!/bin/sh\n# hidden by the native tomcat.service\n");
	script(INITD "gui", "#!/bin/sh\n");
	script(INITD "bad name", "#!/bin/sh\n");
	script(INITD "oracle.rpmsave", "#!/bin/sh\n");
	script(INITD ".hidden", "#!/bin/sh\n");
	put(INITD "functions", "# sourced, not run\n");
	link_("../init.d/oracle", "etc/rc.d/rc3.d/S80oracle");
	link_("../init.d/oracle", "etc/rc.d/rc2.d/S80oracle");
	link_("../init.d/listener.sh", "etc/rc.d/rc3.d/S70listener");
	link_("../init.d/old", "etc/rc.d/rc3.d/S05old");
	link_("../init.d/tomcat", "etc/rc.d/rc3.d/S90tomcat");
	link_("../init.d/gui", "etc/rc.d/rc5.d/S99gui");
	link_("../init.d/bad name", "etc/rc.d/rc3.d/S99bad name");
	link_("../init.d/old", "etc/rc.d/rc0.d/K95old");
	put(ETC "oracle.service.d/limits.conf", "[Service]\nLimitNOFILE=65536\n");
	put(ETC "uses-db.service", "[Unit]\nWants=oracle.service\nAfter=dbora.service\n[Service]\nExecStart=/bin/true\n");
	link_("/" ETC "uses-db.service", ETC "multi-user.target.wants/uses-db.service");
}

static char *joined(const struct unit *u, const char *key)
{
	struct strlist l = { 0 };
	struct strbuf sb = STRBUF_INIT;

	unit_get_words(u, "Unit", key, &l);
	for (size_t i = 0; i < l.n; i++)
		sb_addf(&sb, "%s%s", i ? " " : "", l.v[i]);
	sb_add(&sb, "", 0);
	strlist_free(&l);
	return sb_detach(&sb);
}

static void words_are(const struct unit *u, const char *key, const char *want)
{
	char *got = joined(u, key);
	assert_string_equal(got, want);
	free(got);
}

static struct unit *sysv_unit(const struct sysvgen *g, const char *name)
{
	struct unit *u = NULL;
	struct err e = { 0 };

	assert_int_equal(sysvgen_load(g, rootfd, name, &u, &e), 0);
	return u;
}

static void test_sysv_generator(void **state)
{
	(void)state;
	struct sysvgen g = { 0 };
	sysv_tree();
	sysvgen_scan(rootfd, "/", &g);
	/* Sorted; "listener.sh" drops its .sh; tomcat has a native unit;
	 * backups, dot files, plain files and bad names make no unit. */
	assert_int_equal(g.n, 4);
	assert_string_equal(g.v[0].name, "gui.service");
	assert_string_equal(g.v[1].name, "listener.service");
	assert_string_equal(g.v[2].name, "old.service");
	assert_string_equal(g.v[3].name, "oracle.service");
	assert_null(sysvgen_find(&g, "tomcat.service"));
	assert_ptr_equal(sysvgen_find(&g, "dbora.service"), &g.v[3]);	/* Provides: */
	assert_int_equal(g.warnings.n, 2);
	assert_non_null(strstr(g.warnings.v[0], "bad name.service\" is not a valid unit name"));
	assert_non_null(strstr(g.warnings.v[1], "/old:2: pidfile: relative.pid is not an absolute path"));

	struct unit *u = sysv_unit(&g, "oracle.service");
	assert_true(u->generated);
	assert_string_equal(u->path, "/etc/rc.d/init.d/oracle");
	assert_string_equal(unit_get(u, "Unit", "Description"), "LSB: Oracle database");
	assert_string_equal(unit_get(u, "Service", "Type"), "forking");
	assert_string_equal(unit_get(u, "Service", "TimeoutSec"), "5min");
	assert_string_equal(unit_get(u, "Service", "RemainAfterExit"), "yes");
	assert_string_equal(unit_get(u, "Service", "GuessMainPID"), "no");
	assert_string_equal(unit_get(u, "Service", "KillMode"), "process");
	assert_string_equal(unit_get(u, "Service", "Restart"), "no");
	assert_null(unit_get(u, "Service", "PIDFile"));
	assert_string_equal(unit_get(u, "Service", "ExecStart"), "\"/etc/rc.d/init.d/oracle\" start");
	assert_string_equal(unit_get(u, "Service", "ExecStop"), "\"/etc/rc.d/init.d/oracle\" stop");
	assert_string_equal(unit_get(u, "Service", "LimitNOFILE"), "65536");	/* the machine's drop-in */
	/* $network: after and wanting network-online.target; $syslog and
	 * $local_fs: nothing; Should-Start orders as Required-Start does; the
	 * S numbers order it after old and listener (neither has LSB). */
	words_are(u, "After", "network-online.target remote-fs.target nss-lookup.target time-sync.target "
		  "rpcbind.target listener.service old.service");
	words_are(u, "Wants", "network-online.target");
	/* gui is enabled in rc5.d only, but its S99 still orders it */
	words_are(u, "Before", "multi-user.target tomcat.service gui.service");
	unit_free(u);

	u = sysv_unit(&g, "listener.service");
	assert_string_equal(unit_get(u, "Unit", "Description"), "SYSV: the listener for the database");
	assert_string_equal(unit_get(u, "Service", "PIDFile"), "/var/run/listener.pid");
	assert_string_equal(unit_get(u, "Service", "RemainAfterExit"), "no");
	words_are(u, "After", "network-online.target old.service");	/* past S10: RHEL's rule */
	words_are(u, "Before", "multi-user.target gui.service oracle.service");
	unit_free(u);
	u = sysv_unit(&g, "old.service");
	words_are(u, "After", "");	/* S05: before the network, K links ignored */
	words_are(u, "Before", "multi-user.target gui.service listener.service oracle.service");
	unit_free(u);
	u = sysv_unit(&g, "gui.service");
	words_are(u, "Before", "graphical.target");	/* no runlevel5.target here: systemd's own alias */
	unit_free(u);
	u = NULL;
	struct err e = { 0 };
	assert_int_equal(sysvgen_load(&g, rootfd, "tomcat.service", &u, &e), 0);
	assert_null(u);
	sysvgen_free(&g);

	/* The machine's runlevel5.target alias is followed. */
	link_("/" SYS "multi-user.target", SYS "runlevel5.target");
	sysvgen_scan(rootfd, "/", &g);
	struct strlist w = { 0 };
	sysvgen_wanted_by(&g, "multi-user.target", &w);
	assert_int_equal(w.n, 4);
	assert_string_equal(w.v[0], "gui.service");
	strlist_free(&w);
	sysvgen_free(&g);
	char full[512];
	snprintf(full, sizeof(full), "%s/" SYS "runlevel5.target", root);
	unlink(full);
}

static void test_sysv_closure(void **state)
{
	(void)state;
	struct sysvgen sg = { 0 };
	struct graph g = { 0 };
	sysvgen_scan(rootfd, "/", &sg);
	g.sysv = &sg;
	graph_build(rootfd, "multi-user.target", &g);
	graph_order(&g);
	assert_int_equal(g.warnings.n, 0);
	long o = graph_find(&g, "oracle.service"), l = graph_find(&g, "listener.service");
	long d = graph_find(&g, "old.service"), u = graph_find(&g, "uses-db.service");
	assert_true(o >= 0 && l >= 0 && d >= 0 && u >= 0);
	assert_int_equal(graph_find(&g, "gui.service"), -1);	/* rc5.d only */
	/* After=dbora.service (Provides: of oracle, which nothing pulls in by
	 * that name) orders after the oracle script */
	assert_true(strlist_has(&g.v[u].pulls, "oracle.service"));
	assert_int_equal(graph_find(&g, "dbora.service"), o);
	assert_true(g.v[o].u->generated);
	long pos[4] = { -1, -1, -1, -1 }, idx[4] = { d, l, o, u };
	for (size_t k = 0; k < g.n; k++)
		for (int i = 0; i < 4; i++)
			if (g.order[k] == (size_t)idx[i])
				pos[i] = (long)k;
	assert_true(pos[0] < pos[1] && pos[1] < pos[2] && pos[2] < pos[3]);
	graph_free(&g);
	sysvgen_free(&sg);

	/* Outside "/" the script runs from under the root: its path quoted
	 * for the command line, whatever it holds. */
	sysvgen_scan(rootfd, "/odd \"root\" 100%", &sg);
	struct unit *x = sysv_unit(&sg, "old.service");
	struct exec_list el = { 0 };
	struct err e = { 0 };
	char *v = unit_expand(x, NULL, unit_get(x, "Service", "ExecStart"), &e);
	assert_non_null(v);
	assert_int_equal(exec_parse(v, &el, &e), 0);
	assert_int_equal(el.n, 1);
	assert_string_equal(el.v[0].path, "/odd \"root\" 100%/etc/rc.d/init.d/old");
	assert_int_equal(el.v[0].argv.n, 2);
	assert_string_equal(el.v[0].argv.v[1], "start");
	exec_list_free(&el);
	free(v);
	unit_free(x);
	sysvgen_free(&sg);
}

/* ---- the same output whatever order directories list their entries in ---- */

static const struct {
	const char *path, *text;	/* text NULL: path is "LINK -> TARGET" */
	int exec;
} det_tree[] = {
	{ SYS "multi-user.target", "[Unit]\nRequires=basic.target\nAfter=basic.target\n", 0 },
	{ SYS "basic.target", "[Unit]\nRequires=sysinit.target\nAfter=sysinit.target\n", 0 },
	{ SYS "sysinit.target", "[Unit]\n", 0 },
	{ SYS "a.service", "[Service]\nExecStart=/bin/a\n", 0 },
	{ SYS "b.service", "[Service]\nExecStart=/bin/b\n", 0 },
	{ SYS "c.service", "[Unit]\nAfter=d.service\n[Service]\nExecStart=/bin/c\n", 0 },
	{ SYS "d.service", "[Unit]\nAfter=c.service\n[Service]\nExecStart=/bin/d\n", 0 },
	{ SYS "e.service", "[Unit]\nWants=f.service g.service\n[Service]\nExecStart=/bin/e\n", 0 },
	{ SYS "f.service", "[Service]\nExecStart=/bin/f\n", 0 },
	{ SYS "g.service", "[Service]\nExecStart=/bin/g\n", 0 },
	{ SYS "a.service.d/10-x.conf", "[Service]\nEnvironment=X=1\n", 0 },
	{ SYS "a.service.d/20-y.conf", "[Service]\nEnvironment=X=2\n", 0 },
	{ ETC "a.service.d/15-z.conf", "[Service]\nEnvironment=X=3\n", 0 },
	{ ETC "a.service.d/20-y.conf", "[Service]\nEnvironment=X=4\n", 0 },
	{ ETC "multi-user.target.wants/e.service -> /" SYS "e.service", NULL, 0 },
	{ ETC "multi-user.target.wants/c.service -> /" SYS "c.service", NULL, 0 },
	{ ETC "multi-user.target.wants/a.service -> /" SYS "a.service", NULL, 0 },
	{ ETC "multi-user.target.wants/d.service -> /" SYS "d.service", NULL, 0 },
	{ SYS "multi-user.target.wants/b.service -> ../b.service", NULL, 0 },
	{ INITD "s1", "#!/bin/sh\n", 1 },
	{ INITD "s2", "#!/bin/sh\n", 1 },
	{ INITD "s3", "#!/bin/sh\n### BEGIN INIT INFO\n# Required-Start: s1\n### END INIT INFO\n", 1 },
	{ INITD "s4", "#!/bin/sh\n### BEGIN INIT INFO\n# Provides: s4 shared\n### END INIT INFO\n", 1 },
	{ INITD "s5", "#!/bin/sh\n### BEGIN INIT INFO\n# Provides: s5 shared\n### END INIT INFO\n", 1 },
	{ INITD "s1.sh", "#!/bin/sh\n", 1 },
	{ "etc/rc.d/rc3.d/S50s1 -> ../init.d/s1", NULL, 0 },
	{ "etc/rc.d/rc3.d/S50s2 -> ../init.d/s2", NULL, 0 },
	{ "etc/rc.d/rc3.d/S20s3 -> ../init.d/s3", NULL, 0 },
	{ "etc/rc.d/rc3.d/S60s4 -> ../init.d/s4", NULL, 0 },
	{ "etc/rc.d/rc3.d/S60s5 -> ../init.d/s5", NULL, 0 },
	{ "etc/rc.d/rc2.d/S40s2 -> ../init.d/s2", NULL, 0 },
	{ ETC "e.service.d/w.conf", "[Unit]\nWants=shared.service\n", 0 },
};

static void det_make(const char *base, int reverse)
{
	size_t n = sizeof(det_tree) / sizeof(det_tree[0]);

	for (size_t k = 0; k < n; k++) {
		size_t i = reverse ? n - 1 - k : k;
		char full[512], *slash, *arrow;
		snprintf(full, sizeof(full), "%s/%s", base, det_tree[i].path);
		if ((arrow = strstr(full, " -> ")))
			*arrow = '\0';
		for (slash = strchr(full + strlen(base) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
			*slash = '\0';
			mkdir(full, 0755);
			*slash = '/';
		}
		if (arrow) {
			assert_int_equal(symlink(arrow + 4, full), 0);
			continue;
		}
		FILE *f = fopen(full, "w");
		assert_non_null(f);
		fputs(det_tree[i].text, f);
		fclose(f);
		assert_int_equal(chmod(full, det_tree[i].exec ? 0755 : 0644), 0);
	}
}

static void dump_list(struct strbuf *sb, const char *what, const struct strlist *l)
{
	sb_addf(sb, " %s:", what);
	for (size_t i = 0; i < l->n; i++)
		sb_addf(sb, " %s", l->v[i]);
}

/* Everything the reader says about the tree, as text. */
static char *det_dump(const char *base)
{
	int fd = open(base, O_RDONLY | O_DIRECTORY);
	struct sysvgen sg = { 0 };
	struct graph g = { 0 };
	struct strbuf sb = STRBUF_INIT;

	assert_true(fd >= 0);
	sysvgen_scan(fd, base, &sg);
	for (size_t i = 0; i < sg.n; i++) {
		sb_addf(&sb, "script %s %s %d", sg.v[i].name, sg.v[i].exec + strlen(base), sg.v[i].priority);
		dump_list(&sb, "after", &sg.v[i].after);
		dump_list(&sb, "before", &sg.v[i].before);
		dump_list(&sb, "aliases", &sg.v[i].aliases);
		dump_list(&sb, "wanted-by", &sg.v[i].wanted_by);
		sb_addc(&sb, '\n');
	}
	dump_list(&sb, "generator warnings", &sg.warnings);
	g.sysv = &sg;
	graph_build(fd, "multi-user.target", &g);
	graph_order(&g);
	for (size_t k = 0; k < g.n; k++) {
		const struct gnode *n = &g.v[g.order[k]];
		sb_addf(&sb, "\n%zu %s %s", k, n->name, n->u ? n->u->id : "-");
		dump_list(&sb, "pulls", &n->pulls);
		dump_list(&sb, "requires", &n->requires);
		for (size_t p = 0; p < n->npreds; p++)
			sb_addf(&sb, " pred %s", g.v[n->preds[p]].name);
		for (size_t i = 0; n->u && i < n->u->nkv; i++) {
			const char *v = n->u->kv[i].value;
			if (!strncmp(v, "\"", 1))	/* a command line: the root cut out */
				v += 1 + strlen(base);
			sb_addf(&sb, " [%s]%s=%s", n->u->kv[i].section, n->u->kv[i].key, v);
		}
		if (n->u)
			dump_list(&sb, "dropins", &n->u->dropins);
	}
	dump_list(&sb, "\ngraph warnings", &g.warnings);
	graph_free(&g);
	sysvgen_free(&sg);
	close(fd);
	sb_add(&sb, "", 0);
	return sb_detach(&sb);
}

static void test_deterministic(void **state)
{
	(void)state;
	/* tmpfs lists a directory in the order its entries were made, so the
	 * two trees below list theirs in opposite orders. */
	const char *tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	char a[64], b[64], cmd[200];
	snprintf(a, sizeof(a), "%s/leapp-det-XXXXXX", tmp);
	snprintf(b, sizeof(b), "%s/leapp-det-XXXXXX", tmp);
	assert_non_null(mkdtemp(a));
	assert_non_null(mkdtemp(b));
	det_make(a, 0);
	det_make(b, 1);
	char *da = det_dump(a), *da2 = det_dump(a), *db = det_dump(b);
	assert_string_equal(da, da2);
	assert_string_equal(da, db);
	/* and the dump is about something: the scripts, the cycle, the drop-ins */
	assert_non_null(strstr(da, "script s1.service /etc/rc.d/init.d/s1 50"));
	assert_non_null(strstr(da, "ordering cycle"));
	assert_non_null(strstr(da, "X=4"));
	free(da);
	free(da2);
	free(db);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s'", a, b);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_rhel7_units),
		cmocka_unit_test(test_dropins_and_masks),
		cmocka_unit_test(test_templates),
		cmocka_unit_test(test_closure_and_order),
		cmocka_unit_test(test_cycles),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_command_lines),
		cmocka_unit_test(test_sysv_generator),
		cmocka_unit_test(test_sysv_closure),
		cmocka_unit_test(test_deterministic),
	};
	return cmocka_run_group_tests(tests, setup_tree, teardown_tree);
}
