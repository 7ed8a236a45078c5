/* `generate`, also run by `interactive` with every question asked. */
#ifndef OC_CMD_GENERATE_H
#define OC_CMD_GENERATE_H
#include "cmd/command.h"
#include "cmd/interactive.h"

extern const struct command cmd_generate_entry;
extern const struct optgroup cmd_generate_groups[1];

/* generate's words (after "generate"); with ask, a person at a terminal is
 * asked first: ASK_MISSING only when something is missing, ASK_ALL always. */
int generate_command(int argc, char **argv, int ask, enum ask_scope scope);

#endif
