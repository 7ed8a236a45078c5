/* What systemd-sysv-generator makes of a machine's SysV init scripts, as
 * RHEL 7's systemd 219 does it, so that `leapp-init services` starts the
 * vendor scripts (old Tomcat, Oracle, in-house daemons) systemd would.
 *
 * Every executable script of /etc/rc.d/init.d (else /etc/init.d) that has
 * no native unit of its name becomes NAME.service (".sh" dropped):
 * Type=forking, ExecStart=SCRIPT start, ExecStop=SCRIPT stop,
 * RemainAfterExit=yes (no, with PIDFile=, when a chkconfig "# pidfile:"
 * names its daemon), TimeoutSec=5min, KillMode=process, GuessMainPID=no,
 * Restart=no. An S link in rcN.d makes it wanted by runlevelN.target (an
 * alias of multi-user.target for 2-4, graphical.target for 5). Its LSB
 * header orders it: Provides (other names; targets it comes before),
 * Required-Start, Should-Start and X-Start-After (after), X-Start-Before
 * (before), with $network as network-online.target (also wanted),
 * $remote_fs, $named, $portmap, $time as their targets and $syslog,
 * $local_fs as nothing. Without an LSB header on both sides, S numbers
 * order two scripts; above S10, RHEL's generator also orders a script after
 * network-online.target. K links, reload and Conflicts= are left out: no
 * runlevel changes here, and everything stops at the end.
 *
 * Pure, over a root fd (rootfs.h); every list in name order, whatever
 * order the directories are read in. */
#ifndef LEAPP_SYSVGEN_H
#define LEAPP_SYSVGEN_H
#include <stddef.h>
#include "lib/err.h"
#include "init/unit.h"
#include "lib/xalloc.h"

struct sysv_script {
	char *name;		/* "tomcat.service" */
	char *path;		/* the script in the machine: "/etc/rc.d/init.d/tomcat" */
	char *exec;		/* what runs it: path, or under the root given to the scan */
	char *description;	/* "LSB: ..." or "SYSV: ...", NULL when it has none */
	char *pidfile;		/* chkconfig's "# pidfile:", NULL when none */
	int priority;		/* the highest S number in rc1.d-rc5.d; -1 without any */
	int has_lsb;		/* a "### BEGIN INIT INFO" block */
	struct strlist aliases;	/* service names from Provides: */
	struct strlist after, before, wants;
	struct strlist wanted_by;	/* targets, aliases resolved: "multi-user.target" */
};

struct sysvgen {
	struct sysv_script *v;	/* sorted by name */
	size_t n;
	struct strlist warnings;	/* header lines ignored, scripts not made units */
};

/* Reads the machine's init scripts and rcN.d links. root is the directory
 * rootfd is ("/" in the container): the scripts run from under it. */
void sysvgen_scan(int rootfd, const char *root, struct sysvgen *g);
/* The script whose unit is NAME, or whose Provides: alias it is; else NULL. */
const struct sysv_script *sysvgen_find(const struct sysvgen *g, const char *name);
/* The unit the generator writes for NAME, with the machine's drop-ins for
 * it; *out NULL (and 0) when no script makes NAME. -1: a bad drop-in. */
int sysvgen_load(const struct sysvgen *g, int rootfd, const char *name, struct unit **out, struct err *e);
/* The scripts' units wanted by TARGET, appended to out (once each). */
void sysvgen_wanted_by(const struct sysvgen *g, const char *target, struct strlist *out);
void sysvgen_free(struct sysvgen *g);

/* The runlevel of /etc/inittab's initdefault ("id:3:initdefault:"), else 3:
 * leapp-init sysv runs it, generate reads its services. */
int sysvgen_initdefault(int rootfd);

#endif
