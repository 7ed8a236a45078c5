/* A unit's Condition*= and Assert*=, evaluated as in a container: the
 * path checks under the root, Virtualization= true for "container" (and
 * the $container value), false for "vm" or "no". Conditions this program
 * cannot judge (KernelCommandLine=, Security=, ...) are assumed true and
 * named, so the log says what was not checked. */
#ifndef LEAPP_COND_H
#define LEAPP_COND_H
#include "init/unit.h"

enum { COND_FALSE = 0, COND_TRUE = 1, COND_ASSERT_FAILED = -1 };

/* virt: the container technology ("oci", "podman"...). why gets the first
 * failing check ("ConditionPathExists=!/etc/x"); caller frees. */
int cond_check(int rootfd, const struct unit *u, const char *virt, char **why, struct strlist *unchecked);

#endif
