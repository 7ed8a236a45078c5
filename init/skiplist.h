/* Units that make sense only under systemd, or only on real hardware, and
 * that leapp-init therefore does not start: each with the reason it logs. */
#ifndef LEAPP_SKIPLIST_H
#define LEAPP_SKIPLIST_H

/* The reason NAME is not started, or NULL to start it. */
const char *skip_reason(const char *name);

#endif
