/* Which services a migrated machine starts when it boots, read with the
 * readers leapp-init boots it with (init/unit.h, init/graph.h), so that
 * generate asks the runtime for what those services need. */
#ifndef OC_SERVICES_H
#define OC_SERVICES_H
#include "machine.h"
#include "xalloc.h"

/* The names of the enabled services, sorted, each once: "sshd", "crond".
 * systemd: every service of the default target's closure (its unit name
 * without ".service" and the instance, and its alias' too: Debian's
 * ssh.service is also "sshd"); and, as systemd's generator would, the S
 * links of the matching runlevel's rc directory. upstart and sysvinit: the
 * S links of the default runlevel's (inittab's initdefault, else 3), "S55sshd"
 * as "sshd". A machine that cannot be read gives what could be. */
void machine_services(const struct machine *m, struct strlist *out);

/* "S55sshd" -> "sshd"; NULL for a name that is not an S link. */
char *rc_link_service(const char *entry);

#endif
