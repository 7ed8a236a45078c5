/* The unit-file reader of leapp-init (init/unit.c and friends) on real
 * unit files as RHEL 7 packages ship them, in a temporary machine tree:
 * search path, aliases, masks, templates, drop-ins, specifiers, the
 * dependency closure and its order, command lines, and bad input. */
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

#include "execline.h"
#include "graph.h"
#include "rootfs.h"
#include "unit.h"

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
	};
	return cmocka_run_group_tests(tests, setup_tree, teardown_tree);
}
