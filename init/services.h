/* leapp-init services: PID 1 for a systemd machine whose systemd cannot be
 * PID 1 (219 on cgroup v2). Boots the default target's closure in order,
 * supervises, and stops everything in reverse order on SIGTERM. */
#ifndef LEAPP_SERVICES_H
#define LEAPP_SERVICES_H

struct boot_opts {
	const char *root;	/* the machine's tree: "/" in the container */
	long long stop_timeout_ms;	/* the whole stop must fit in this */
	const char *target;	/* services: NULL for default.target */
	int runlevel;		/* sysv: 0 for inittab's initdefault */
};

/* Returns the exit status (0 after a clean stop). */
int services_main(const struct boot_opts *o);

#endif
