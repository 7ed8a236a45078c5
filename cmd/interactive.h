/* Asking a person at a terminal for what `generate` still needs, with
 * readline (line editing, history, Tab completing the same words as the
 * shell does), then showing the command line that does it without asking. */
#ifndef OC_INTERACTIVE_H
#define OC_INTERACTIVE_H
#include "command.h"
#include "generate.h"

/* Both stdin and stdout are terminals: someone can answer. */
int interactive_possible(void);

/* The mode or a value the mode requires is missing (and nothing else is wrong
 * with what was given, such as an unknown mode). */
int interactive_needed(const struct gen_opts *o, const struct strlist *pos);

/* Asks for the missing values and puts the complete words after "generate"
 * (argv with the answers added as flags) into words; prints them as a
 * command line. Returns 0, or -1 with e set when the person gives up (Ctrl-D). */
int interactive_generate(const struct command *cmd, const struct gen_opts *o, const struct strlist *pos,
			 int argc, char **argv, struct strlist *words, struct err *e);

/* Checks an answer to "which ports": NULL when good, else why not (the
 * caller frees it). Exposed for the unit tests. */
char *interactive_check_ports(const char *answer);

#endif
