/* The Linux capabilities a migrated machine needs beyond what the container
 * runtime gives every container. CRI-O (OpenShift 4) gives CHOWN,
 * DAC_OVERRIDE, FSETID, FOWNER, SETGID, SETUID, SETPCAP, NET_BIND_SERVICE
 * and KILL: no SYS_CHROOT, AUDIT_WRITE or NET_RAW, which docker's default
 * had and an old server's sshd, cron and ping rely on. What is needed comes
 * from a table of known needs of the machine's enabled services, each with
 * its reason; --capabilities adds and removes by hand. */
#ifndef OC_CAPS_H
#define OC_CAPS_H
#include <stddef.h>
#include "lib/err.h"
#include "gen/machine.h"
#include "lib/xalloc.h"

struct cap_need {
	char *cap;		/* "SYS_CHROOT", without CAP_ */
	char *why;		/* "sshd's privilege separation ...; crond ..." */
	char *who;		/* "sshd, crond", "ping", "--capabilities" */
};

struct cap_set {
	struct cap_need *v;	/* sorted by cap */
	size_t n;
};

/* The needs of the enabled services (services.h) and of the machine's
 * files (a setuid ping); notes gets what is known and not asked for. */
void caps_derive(const struct machine *m, const struct strlist *services, struct cap_set *out, struct strlist *notes);

/* --capabilities words, each "+CAP", "-CAP" or "CAP" (adds), CAP_ and case
 * optional; what they change is said in notes. -1 with e on a bad word. */
int caps_apply(struct cap_set *s, const struct strlist *words, struct strlist *notes, struct err *e);

/* Every Linux capability's name, without CAP_, NULL-terminated. */
const char *const *cap_all(void);
/* "cap_sys_chroot", "SYS_CHROOT" -> "SYS_CHROOT"; NULL when not a Linux capability. */
char *cap_normalize(const char *word);
/* In the Pod Security Standards' baseline list (what a baseline namespace admits). */
int cap_in_baseline(const char *cap);
/* In CRI-O's default set: asking for it changes nothing. */
int cap_in_runtime_default(const char *cap);
/* Does a security.capability xattr (struct vfs_cap_data, any revision)
 * hold capability number bit in its permitted set? */
int cap_xattr_has(const unsigned char *data, size_t len, unsigned bit);

void cap_set_free(struct cap_set *s);

#endif
