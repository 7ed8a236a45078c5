/* leapp-init sysv: PID 1 for RHEL/CentOS 6 (upstart + SysV rc scripts) and
 * sysvinit machines. Does the part of rc.sysinit a container needs, runs
 * the runlevel's S* scripts with "start", supervises, and on SIGTERM runs
 * runlevel 0's K* scripts for what was started (telinit 0), then ends what
 * remains within the grace period. */
#ifndef LEAPP_SYSV_H
#define LEAPP_SYSV_H
#include "init/services.h"

int sysv_main(const struct boot_opts *o);
/* The script name without its S/K and number: "S55sshd" -> "sshd". */
const char *sysv_service_name(const char *entry);
/* The reason an rc script is not run in a container, or NULL. */
const char *sysv_skip_reason(const char *service);

#endif
