/* Asking a person at a terminal for generate's values, with readline (line
 * editing, history, Tab completing the same words as the shell does), then
 * showing the command line that does it without asking.
 *
 * The questions come from the command's option table: every option is
 * askable (a flag added to the table later is asked without touching this
 * file), only those for the chosen mode are asked, and each answer passes
 * the same checks as the flag would (opt_check_value). */
#ifndef OC_INTERACTIVE_H
#define OC_INTERACTIVE_H
#include "cmd/command.h"

/* Both stdin and stdout are terminals: someone can answer. */
int interactive_possible(void);

/* The positional choice (mode) is missing, or an option the mode requires
 * has no value; nothing is needed when what was given is wrong anyway (an
 * unknown mode: the usual error says it better). groups are bound to what
 * the parser filled. */
int interactive_needed(const struct command *cmd, const struct optgroup *groups, size_t ngroups,
		       const struct strlist *pos);

enum ask_scope {
	ASK_MISSING,	/* the mode, what it requires, and the options marked OPTF_ASK */
	ASK_ALL,	/* ... then, if the person wants, every other option for the mode */
};

/* Asks for the values still unset and puts the complete words after the
 * command's name (argv with the answers added as flags) into words; prints
 * them as a command line. Returns 0, or -1 with e set when the person gives
 * up (Ctrl-D) or nothing can be done (no macrocontainer at all). */
int interactive_ask(const struct command *cmd, const struct optgroup *groups, size_t ngroups,
		    const struct strlist *pos, int argc, char **argv, enum ask_scope scope,
		    struct strlist *words, struct err *e);

/* The question an option is asked with: its help's first clause, without the
 * modes it is for ("multivolume: where ..." -> "Where ..."). Exposed for the
 * unit tests; the caller frees it. */
char *interactive_label(const struct opt *o, const char *const *modes);

/* Checks an answer for o: NULL when good, else why not (the caller frees
 * it). A list's answer may separate its values with spaces or commas.
 * Exposed for the unit tests. */
char *interactive_check(const struct opt *o, const char *answer);

#endif
