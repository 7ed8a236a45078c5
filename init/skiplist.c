#include "init/skiplist.h"

#include <fnmatch.h>
#include <stddef.h>

/* Deliberate choices, in one table (first match wins). dbus is NOT here:
 * dbus-daemon runs fine as a plain process (services.c gives it the socket
 * that dbus.socket would have). */
static const struct {
	const char *pattern, *reason;
} skips[] = {
	{ "systemd-tmpfiles-setup.service", "leapp-init creates the tmpfiles.d directories of /run itself" },
	{ "systemd-*", "part of systemd itself, which is not PID 1 here" },
	{ "getty@*", "no terminal in a container" },
	{ "serial-getty@*", "no terminal in a container" },
	{ "console-getty.service", "no terminal in a container" },
	{ "container-getty@*", "no terminal in a container" },
	{ "autovt@*", "no terminal in a container" },
	{ "console-shell.service", "no terminal in a container" },
	{ "emergency.service", "a console shell for systemd's emergency mode" },
	{ "rescue.service", "a console shell for systemd's rescue mode" },
	{ "plymouth-*", "boot splash: no console in a container" },
	{ "dracut-*", "initramfs step: the container has no initramfs" },
	{ "kmod-static-nodes.service", "device nodes are the container runtime's" },
	{ "kdump.service", "crash kernels are the node's" },
	{ "auditd.service", "the kernel audit subsystem is the node's" },
	{ "lvm2-*", "block devices are the node's" },
	{ "dm-event.service", "block devices are the node's" },
	{ "mdmonitor.service", "block devices are the node's" },
	{ "multipathd.service", "block devices are the node's" },
	{ "smartd.service", "disks are the node's" },
	{ "irqbalance.service", "interrupts are the node's" },
	{ "tuned.service", "kernel tuning is the node's" },
	{ "microcode.service", "CPU microcode is the node's" },
	{ "cpupower.service", "CPU frequency is the node's" },
	{ "rngd.service", "the hardware random source is the node's" },
	{ "chronyd.service", "the clock is the node's: a container cannot set it" },
	{ "ntpd.service", "the clock is the node's: a container cannot set it" },
	{ "ntpdate.service", "the clock is the node's: a container cannot set it" },
	{ "NetworkManager*", "the pod's network is set up by the cluster" },
	{ "network.service", "the pod's network is set up by the cluster" },
	{ "wpa_supplicant.service", "the pod's network is set up by the cluster" },
	{ "firewalld.service", "packet filtering is the cluster's (NetworkPolicy)" },
	{ "iptables.service", "packet filtering is the cluster's (NetworkPolicy)" },
	{ "ip6tables.service", "packet filtering is the cluster's (NetworkPolicy)" },
	{ "ebtables.service", "packet filtering is the cluster's (NetworkPolicy)" },
	{ "bluetooth.service", "no such hardware in a container" },
	{ "ModemManager.service", "no such hardware in a container" },
};

const char *skip_reason(const char *name)
{
	for (size_t i = 0; i < sizeof(skips) / sizeof(skips[0]); i++)
		if (!fnmatch(skips[i].pattern, name, 0))
			return skips[i].reason;
	return NULL;
}
