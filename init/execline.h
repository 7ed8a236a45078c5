/* systemd's command lines and environments, as a service's Exec*=,
 * Environment= and EnvironmentFile= say them: quoting and C escapes as
 * systemd splits words, the "-" "@" "+" "!" "!!" ":" prefixes, several
 * commands in one line separated by a lone ";", and $VAR (a whole word,
 * split) / ${VAR} (inside a word, kept whole) expansion. Pure functions. */
#ifndef LEAPP_EXECLINE_H
#define LEAPP_EXECLINE_H
#include <stddef.h>
#include "lib/err.h"
#include "lib/xalloc.h"

struct exec_cmd {
	char *path;		/* the program (absolute) */
	struct strlist argv;	/* argv[0] included: the path, or the word after it with '@' */
	int ignore_failure;	/* '-': a failure is logged, not fatal */
	int no_expand;		/* ':': no $VAR expansion */
};

struct exec_list {
	struct exec_cmd *v;
	size_t n, alloc;
};

/* Splits s into words the way systemd does (quotes, escapes), appending to
 * out. -1 on an unterminated quote or a bad escape. */
int split_words(const char *s, struct strlist *out, struct err *e);

/* Parses one Exec*= value, appending its commands to out. */
int exec_parse(const char *value, struct exec_list *out, struct err *e);
void exec_list_free(struct exec_list *l);

/* The argv to run: $VAR and ${VAR} expanded against env ("K=V" list). */
void exec_expand(const struct exec_cmd *c, const struct strlist *env, struct strlist *argv);

/* Environments as "K=V" lists: set replaces an existing K. */
void env_set(struct strlist *env, const char *kv);
const char *env_get(const struct strlist *env, const char *name);
int env_name_valid(const char *s, size_t n);
/* Environment= value: quoted "K=V" words; bad words are reported in bad. */
void env_parse_assignments(const char *value, struct strlist *env, struct strlist *bad);
/* EnvironmentFile= content (systemd's env-file syntax) into env. */
void env_parse_file(const char *text, struct strlist *env, struct strlist *bad);

#endif
