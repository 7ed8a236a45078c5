/* The rules one value of a generate flag must pass on its own. The flag
 * parser runs them as it reads each value, and the interactive mode as each
 * answer is typed, so an answer is refused exactly when the flag would be.
 * (Rules between flags, and those needing the machine, stay in plan.c.)
 * Each takes the flag's long name for its message; 0, or -1 with e set. */
#ifndef OC_FLAGCHECK_H
#define OC_FLAGCHECK_H
#include "lib/err.h"

int gen_check_port(const char *flag, const char *v, struct err *e);	/* [EXPOSED:]PORT */
int gen_check_ip(const char *flag, const char *v, struct err *e);
int gen_check_image_url(const char *flag, const char *v, struct err *e);	/* what wget in the init container can fetch */
int gen_check_sha256(const char *flag, const char *v, struct err *e);
int gen_check_account(const char *flag, const char *v, struct err *e);	/* a service account name */
int gen_check_namespace(const char *flag, const char *v, struct err *e);
int gen_check_node(const char *flag, const char *v, struct err *e);	/* a node's name */
int gen_check_capability(const char *flag, const char *v, struct err *e);	/* +CAP or -CAP */
int gen_check_text(const char *flag, const char *v, struct err *e);	/* not empty, UTF-8 (image names) */
int gen_check_nonempty(const char *flag, const char *v, struct err *e);	/* --dest= would create "" */
int gen_check_machine(const char *flag, const char *v, struct err *e);	/* a name, not a path; names derive from it */
int gen_check_registry(const char *flag, const char *v, struct err *e);	/* imageref.h's registry_check */
int gen_check_memory(const char *flag, const char *v, struct err *e);	/* quantity.h's */
int gen_check_cpu(const char *flag, const char *v, struct err *e);

#endif
