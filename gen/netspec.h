/* The values of --tcp/--udp ([EXPOSED:]PORT) and --ip. */
#ifndef OC_NETSPEC_H
#define OC_NETSPEC_H

struct portspec {
	unsigned exposed;	/* Service port */
	unsigned target;	/* containerPort / targetPort */
	const char *proto;	/* "TCP" or "UDP" */
};

/* "a", "a:" and "a:b", numbers 1-65535; 0 on success. */
int port_parse(const char *s, struct portspec *p);
/* For greedy flags: could this word be meant as a port? (starts with a digit) */
int port_looks_like(const char *w);

/* A literal IPv4 (dotted quad, no leading zeros) or IPv6 address. */
int ip_valid(const char *s);
int ip_looks_like(const char *w);

#endif
