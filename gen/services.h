/* Which services a migrated machine starts when it boots, read with the
 * readers leapp-init boots it with (init/unit.h, init/graph.h), so that
 * generate asks the runtime for what those services need. */
#ifndef OC_SERVICES_H
#define OC_SERVICES_H
#include "gen/machine.h"
#include "lib/xalloc.h"

/* The names of the enabled services, sorted, each once: "sshd", "crond".
 * systemd: every service of the default target's closure (its unit name
 * without ".service" and the instance, and its alias' too), the init
 * scripts systemd's generator makes units of included, as leapp-init
 * services boots it. upstart and sysvinit: the init scripts the default
 * runlevel's rc directory starts (inittab's initdefault, else 3), as the
 * generator reads the S links: "S55sshd" is "sshd". A machine that cannot
 * be read gives what could be. */
void machine_services(const struct machine *m, struct strlist *out);

#endif
