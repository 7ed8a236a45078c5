/* The machine's /etc/hosts as the pod's hostAliases: the runtime always
 * writes the pod's own /etc/hosts, so the machine's entries (its database
 * server, its peers by name) are lost unless the kubelet adds them. */
#ifndef OC_HOSTS_H
#define OC_HOSTS_H
#include <stddef.h>
#include "lib/xalloc.h"

struct host_alias {
	char *ip;		/* as inet_ntop writes it: one spelling per address */
	struct strlist names;	/* lowercased, each once, in the file's order */
};

struct hosts {
	struct host_alias *v;	/* in the order the addresses first appear */
	size_t n;
	struct strlist bad;	/* "line 7: \"...\": why", one per line skipped in whole or part */
};

/* Every line but comments, blank ones and the loopback ones (127.0.0.0/8,
 * ::1: the runtime writes its own), names grouped per address. An address
 * the API would refuse, or a name that is not a DNS-1123 subdomain (after
 * lowercasing, as hostname lookups ignore case), is left out and its line
 * named once in bad. */
void hosts_parse(const char *text, struct hosts *h);
void hosts_free(struct hosts *h);

#endif
