/* leapp-init: the small static PID 1 helper of oc-leapp, installed in the
 * machine's base image as /.leapp/leapp-init. One program, three jobs:
 *   services  run a systemd machine's enabled units without systemd
 *   sysv      run a SysV/upstart machine's rc scripts (RHEL/CentOS 6)
 *   fetch     the multivolume init container: download, check, unpack */
#include "lib/contract.h"
#include "init/fetch.h"
#include "init/log.h"
#include "init/services.h"
#include "init/sysv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: leapp-init services [--root DIR] [--stop-timeout SEC] [--target UNIT]\n"
	"       leapp-init sysv [--root DIR] [--stop-timeout SEC] [--runlevel N]\n"
	"       leapp-init fetch -C DIR [--wget PATH] [--stall-timeout SEC]\n"
	"services: PID 1 running the machine's enabled systemd units (default.target)\n"
	"sysv:     PID 1 running the runlevel's /etc/rc.d/rcN.d scripts\n"
	"fetch:    download $" LEAPP_ENV_IMAGE_URL ", check $" LEAPP_ENV_IMAGE_SHA256 ", unpack into DIR's volumes\n";

__attribute__((format(printf, 1, 2)))
static int bad_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("leapp-init: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n", stderr);
	fputs(usage, stderr);
	return 2;
}

/* A whole number of seconds, 1 to a day. */
static int parse_seconds(const char *s, long long *ms)
{
	char *end;

	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > 86400)
		return -1;
	*ms = (long long)v * 1000;
	return 0;
}

/* The value of option argv[*i] (--name VALUE or --name=VALUE), or NULL. */
static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n))
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] || *i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

static int run_boot(int argc, char **argv, int sysv)
{
	struct boot_opts o = { .root = "/", .stop_timeout_ms = 110000 };
	const char *v;

	for (int i = 2; i < argc; i++) {
		if ((v = opt_value(argc, argv, &i, "--root")))
			o.root = v;
		else if ((v = opt_value(argc, argv, &i, "--stop-timeout"))) {
			if (parse_seconds(v, &o.stop_timeout_ms) < 0)
				return bad_usage("--stop-timeout %s: not a number of seconds (1-86400)", v);
		} else if (!sysv && (v = opt_value(argc, argv, &i, "--target")))
			o.target = v;
		else if (sysv && (v = opt_value(argc, argv, &i, "--runlevel"))) {
			if (strlen(v) != 1 || !strchr("12345", v[0]))
				return bad_usage("--runlevel %s: not a runlevel (1-5)", v);
			o.runlevel = v[0] - '0';
		} else
			return bad_usage("%s: unknown option", argv[i]);
	}
	return sysv ? sysv_main(&o) : services_main(&o);
}

static int run_fetch(int argc, char **argv)
{
	struct fetch_opts o = { .dir = NULL, .wget = LEAPP_BUSYBOX_PATH, .stall_timeout_ms = 300000 };
	const char *v;

	for (int i = 2; i < argc; i++) {
		if ((v = opt_value(argc, argv, &i, "-C")))
			o.dir = v;
		else if ((v = opt_value(argc, argv, &i, "--wget")))
			o.wget = v;
		else if ((v = opt_value(argc, argv, &i, "--stall-timeout"))) {
			if (parse_seconds(v, &o.stall_timeout_ms) < 0)
				return bad_usage("--stall-timeout %s: not a number of seconds (1-86400)", v);
		} else
			return bad_usage("%s: unknown option", argv[i]);
	}
	if (!o.dir)
		return bad_usage("%s", "fetch needs -C DIR (the directory the volumes are mounted under)");
	o.url = getenv(LEAPP_ENV_IMAGE_URL);
	o.sha256 = getenv(LEAPP_ENV_IMAGE_SHA256);
	if (!o.url || !*o.url)
		return bad_usage("%s", "$" LEAPP_ENV_IMAGE_URL " is not set");
	return fetch_main(&o);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return bad_usage("%s", "a subcommand is needed");
	if (!strcmp(argv[1], "services"))
		return run_boot(argc, argv, 0);
	if (!strcmp(argv[1], "sysv"))
		return run_boot(argc, argv, 1);
	if (!strcmp(argv[1], "fetch"))
		return run_fetch(argc, argv);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage, stdout);
		return 0;
	}
	return bad_usage("%s: unknown subcommand", argv[1]);
}
