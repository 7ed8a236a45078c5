/* Command-line flags in kubectl's (pflag's) style, described by tables.
 *
 * Accepted forms: --flag=v, --flag v, -f v, -fv, -f=v, --bool, --bool=false,
 * -abc for short booleans, flags mixed with arguments, and "--" ending flags.
 * List flags take repeated uses and comma-separated values; a list flag marked
 * OPTF_GREEDY also takes the words that follow it while they look like its
 * values (the original cli.py's `--tcp 9022:22 80:80`).
 *
 * One grammar: opt_scan reads the words and says what each one is; the
 * parser (opt_parse) and the shell completion both read the words through
 * it, so they cannot disagree about what was typed. */
#ifndef OC_OPTIONS_H
#define OC_OPTIONS_H
#include <stddef.h>
#include <stdint.h>
#include "lib/err.h"
#include "lib/xalloc.h"

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
#define OPTF_ASK	0x8	/* the interactive mode asks for it even without "more options" */
#define OPTF_NOASK	0x10	/* the interactive mode never asks for it */

/* Checks one value alone (a list: each item) of the flag --name, as the
 * parser reads it and as the interactive mode takes an answer: 0, or -1
 * with e set (EXIT_USAGE). */
typedef int (*opt_check_fn)(const char *name, const char *value, struct err *e);

/* value_of(ctx, "container-name"): another option's value so far, or NULL. */
typedef char *(*opt_default_fn)(const char *(*value_of)(const void *ctx, const char *lname), const void *ctx);

struct opt {
	const char *lname;
	char sname;
	enum opt_type type;
	size_t off;		/* offsetof() into the group's struct */
	const char *argname;	/* shown in help: --dest DIR */
	const char *help;	/* "PROG" stands for the program's name */
	unsigned flags;
	enum opt_complete complete;
	const char *const *choices;	/* NULL-terminated; checked when set */
	int (*looks_like)(const char *word);	/* OPTF_GREEDY: may this word be a value? */
	opt_check_fn check;	/* NULL, or the rule every value must pass */
	char old_sname;		/* a short name given up, still read for one release with pflag's line */
	const char *old_why;	/* that line's end: "use --force (-f is a file in kubectl)" */
	unsigned modes;		/* the command's positional choices (bit i: args[i]) it is for; 0 = all */
	unsigned required;	/* ... and those it is required with */
	const char *def;	/* the value when not given, as the interactive mode offers it */
	opt_default_fn def_fn;	/* or that value computed from the others' (allocated; NULL: none) */
	const char *const *conflicts;	/* long names it cannot be given with (NULL-terminated) */
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

/* ---- the grammar ---- */

enum opt_event {
	OPT_EV_FLAG,		/* a known flag and one value ("true" for a bare boolean) */
	OPT_EV_POSITIONAL,	/* a word that is not a flag */
	OPT_EV_DASHDASH,	/* "--": the words after it are positional */
	OPT_EV_HELP,		/* -h or --help */
	OPT_EV_UNKNOWN,		/* a flag no table knows: name (long, without "--") or shorthand */
	OPT_EV_NOVALUE,		/* a known flag that takes a value, and no word is left for it */
};

struct opt_word {
	enum opt_event ev;
	const struct opt *o;	/* FLAG, NOVALUE */
	size_t group, idx;	/* where o is */
	const char *value;	/* FLAG: the value; POSITIONAL: the word */
	const char *arg;	/* the argument as typed: "-fb", "--tcp=80" */
	const char *name;	/* UNKNOWN long: the name typed (not NUL-terminated at "=") */
	size_t namelen;
	char shorthand;		/* the short name used, or 0 */
	int deprecated;		/* given by a short name that was given up (o->old_sname) */
	int absorbed;		/* FLAG: a greedy list's extra word */
	int arg_at;		/* the index of arg in argv */
	int at;			/* the index of the word the value (or the word itself) is in */
};

/* Called for each word in order; a negative return stops the scan. */
typedef int (*opt_visit_fn)(void *ctx, const struct opt_word *w);

#define OPT_SCAN_STOP_AT_POSITIONAL 0x1	/* stop before the first positional word */

/* Reads argv[0..argc). Returns the index where it stopped (argc, or the first
 * positional with OPT_SCAN_STOP_AT_POSITIONAL), or the visitor's negative value. */
int opt_scan(const struct optgroup *groups, size_t ngroups, int argc, char **argv, unsigned flags,
	     opt_visit_fn visit, void *ctx);

/* ---- the parser ---- */

/* Parses argv[0..argc) (argv[0] is the first word after the command's name).
 * Positional words are appended to pos. Returns OPT_PARSED, OPT_HELP for
 * -h/--help, or -1 with e set (EXIT_USAGE; e->hint says "Did you mean"). A
 * short name given up prints pflag's deprecation line on stderr. */
int opt_parse(const struct optgroup *groups, size_t ngroups, int argc, char **argv,
	      struct strlist *pos, struct optseen *seen, struct err *e);

/* The checks one value passes when parsed (choices, number, o->check),
 * without storing it: the interactive mode asks them of each answer. */
int opt_check_value(const struct opt *o, const char *value, struct err *e);

int opt_was_seen(const struct optseen *seen, size_t group, size_t idx);
const struct opt *opt_find(const struct optgroup *groups, size_t ngroups, const char *lname,
			   size_t *group, size_t *idx);
/* Does o apply with the positional choice `mode` (an index into the command's args)? */
int opt_for_mode(const struct opt *o, int mode);
int opt_required_in(const struct opt *o, int mode);
/* Has the option a value in its bound group (set by the parser or a default)? */
int opt_has_value(const struct optgroup *g, const struct opt *o);
/* Frees list values the parser allocated. */
void opt_free(const struct optgroup *groups, size_t ngroups);

/* Parses Go's strconv.ParseBool words; -1 if none. */
int opt_parse_bool(const char *s);

#endif
