/* Command-line flags in kubectl's (pflag's) style, described by tables.
 *
 * Accepted forms: --flag=v, --flag v, -f v, -fv, -f=v, --bool, --bool=false,
 * -abc for short booleans, flags mixed with arguments, and "--" ending flags.
 * List flags take repeated uses and comma-separated values; a list flag marked
 * OPTF_GREEDY also takes the words that follow it while they look like its
 * values (the original cli.py's `--tcp 9022:22 80:80`). */
#ifndef OC_OPTIONS_H
#define OC_OPTIONS_H
#include <stddef.h>
#include <stdint.h>
#include "err.h"
#include "xalloc.h"

enum opt_type {
	OPT_BOOL,	/* int */
	OPT_STRING,	/* const char * (points into argv) */
	OPT_LIST,	/* struct strlist */
	OPT_INT,	/* long */
};

/* What a flag's value completes to (shell completion, interactive prompts). */
enum opt_complete {
	COMPL_NONE,
	COMPL_FILE,
	COMPL_DIR,
	COMPL_MACHINE,		/* macrocontainer names under --root */
	COMPL_CHOICES,		/* the words in opt.choices */
	COMPL_NAMESPACE,
	COMPL_CONTEXT,
	COMPL_CLUSTER,
	COMPL_USER,
	COMPL_POD,
	COMPL_CAPABILITY,	/* +CAP / -CAP, Linux capabilities */
};

#define OPTF_GREEDY	0x1	/* list: absorb following words that look like values */
#define OPTF_HIDDEN	0x2	/* not in help or completion */
#define OPTF_SECRET	0x4	/* never echoed (tokens) */

struct opt {
	const char *lname;
	char sname;
	enum opt_type type;
	size_t off;		/* offsetof() into the group's struct */
	const char *argname;	/* shown in help: --dest DIR */
	const char *help;
	unsigned flags;
	enum opt_complete complete;
	const char *const *choices;	/* NULL-terminated; checked when set */
	int (*looks_like)(const char *word);	/* OPTF_GREEDY: may this word be a value? */
};

struct optgroup {
	const char *title;	/* "Options", "Kubeconfig options" ... */
	const struct opt *opts;	/* terminated by an entry with lname == NULL */
	void *base;
};

/* Which options were given, by group and index (for "required" checks and
 * for echoing an equivalent command line). */
struct optseen {
	uint64_t bits[4];
};

enum { OPT_PARSED = 0, OPT_HELP = 1 };

/* Parses argv[0..argc) (argv[0] is the first word after the command's name).
 * Positional words are appended to pos. Returns OPT_PARSED, OPT_HELP for
 * -h/--help, or -1 with e set (EXIT_USAGE). */
int opt_parse(const struct optgroup *groups, size_t ngroups, int argc, char **argv,
	      struct strlist *pos, struct optseen *seen, struct err *e);

int opt_was_seen(const struct optseen *seen, size_t group, size_t idx);
const struct opt *opt_find(const struct optgroup *groups, size_t ngroups, const char *lname,
			   size_t *group, size_t *idx);
/* Frees list values the parser allocated. */
void opt_free(const struct optgroup *groups, size_t ngroups);

/* Parses Go's strconv.ParseBool words; -1 if none. */
int opt_parse_bool(const char *s);

#endif
