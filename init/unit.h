/* Reading systemd unit files from a machine tree, as systemd 219 does:
 * the search path (/etc over /run over /usr/local/lib over /usr/lib over
 * /lib), aliases and masks, templates and their instances, drop-ins merged
 * in order (an empty assignment resets a list), specifiers, and the
 * .wants/.requires directories that say what is enabled.
 *
 * Pure functions over a root directory fd: every file is opened through
 * rootfs.h, so no link leads out of the machine. No globals, no exit(); the
 * caller prints what the reader had to ignore (unit->warnings). Used by
 * leapp-init and by oc-leapp itself (which services a machine enables). */
#ifndef LEAPP_UNIT_H
#define LEAPP_UNIT_H
#include <stddef.h>
#include "lib/err.h"
#include "lib/xalloc.h"

/* systemd's own limits: a line of 1 MiB, and we read unit files of 4 MiB. */
#define UNIT_LINE_MAX (1u << 20)
#define UNIT_FILE_MAX (4u << 20)

enum unit_type {
	UNIT_SERVICE, UNIT_TARGET, UNIT_SOCKET, UNIT_TIMER, UNIT_PATH, UNIT_MOUNT,
	UNIT_AUTOMOUNT, UNIT_SWAP, UNIT_DEVICE, UNIT_SLICE, UNIT_SCOPE, UNIT_INVALID
};

struct unit_kv {
	char *section, *key, *value;
};

struct unit {
	char *name;		/* as asked: "getty@tty1.service" */
	char *id;		/* after aliases: the file's own name, or name */
	char *path;		/* the fragment, inside the root; NULL when none was found */
	int masked;		/* linked to /dev/null */
	int generated;		/* made from the SysV init script at path (sysvgen.h) */
	struct unit_kv *kv;	/* every assignment, file then drop-ins, in order */
	size_t nkv, akv;
	struct strlist dropins;	/* the drop-in files applied, in order */
	struct strlist warnings;	/* lines the reader ignored, one message each */
};

/* The search path, highest priority first (a constant, never changed). */
extern const char *const unit_search_path[];

enum unit_type unit_name_type(const char *name);
const char *unit_type_name(enum unit_type t);	/* "service", ... */
int unit_name_valid(const char *name);		/* systemd's character and form rules */
int unit_name_is_template(const char *name);	/* "foo@.service" */
int unit_name_is_instance(const char *name);	/* "foo@bar.service" */
char *unit_name_template(const char *name);	/* "foo@bar.service" -> "foo@.service" */
char *unit_name_instance(const char *name);	/* "bar", NULL when none */
char *unit_name_prefix(const char *name);	/* "foo" for foo@bar.service and foo.service */
char *unit_name_unescape(const char *s);	/* "\x2d" -> "-", "-" -> "/" */

/* Parses unit file text (len bytes, may hold NULs: an error) into u,
 * appending to what is there; file names the source in messages. */
int unit_parse(struct unit *u, const char *text, size_t len, const char *file, struct err *e);

/* Finds and reads NAME under the root: fragment, aliases, template, drop-ins.
 * A unit without any file is returned with path NULL (the caller decides:
 * a target may exist only as a name). -1 only for unreadable or bad files. */
int unit_load(int rootfd, const char *name, struct unit **out, struct err *e);
void unit_free(struct unit *u);
/* Appends the assignment section/key=value, as a line of the fragment would. */
void unit_add(struct unit *u, const char *section, const char *key, const char *value);
/* Applies the drop-ins of u (its name, its id, its template) found under the
 * root, as unit_load does after the fragment: for a unit made otherwise. */
int unit_load_dropins(int rootfd, struct unit *u, struct err *e);

/* The last value of section/key, NULL when none (or reset to empty). */
const char *unit_get(const struct unit *u, const char *section, const char *key);
/* Every value since the last empty assignment, one entry per assignment. */
void unit_get_list(const struct unit *u, const char *section, const char *key, struct strlist *out);
/* The same, each value split on whitespace (Wants=, After=, ...). */
void unit_get_words(const struct unit *u, const char *section, const char *key, struct strlist *out);
/* systemd's booleans; dflt when unset, -1 when not a boolean. */
int unit_get_bool(const struct unit *u, const char *section, const char *key, int dflt);
int parse_bool(const char *s);

/* systemd's time spans ("90", "1min 30s", "500ms", "infinity") in
 * milliseconds; -1 when invalid, INT64_MAX for infinity. */
long long parse_timespan_ms(const char *s);

/* What specifiers expand to that the unit itself does not say. */
struct unit_ctx {
	const char *hostname;		/* %H, NULL: left as an error */
	const char *machine_id;		/* %m */
};
/* Expands %n %N %p %P %i %I %f %t %T %V %H %m %u %U %h %% in s; an unknown or
 * unresolvable specifier is an error naming it. Caller frees. */
char *unit_expand(const struct unit *u, const struct unit_ctx *ctx, const char *s, struct err *e);

/* The names in NAME.wants/ and NAME.requires/ of every search directory
 * (and the template's, for an instance), deduplicated, sorted. */
void unit_wants_dirs(int rootfd, const char *name, struct strlist *wants, struct strlist *requires);

#endif
