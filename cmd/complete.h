/* Shell completion in cobra's `__complete` protocol, read from the command
 * and option tables, so the shell scripts, kubectl's plugin completion and
 * the interactive prompts all offer the same words. */
#ifndef OC_COMPLETE_H
#define OC_COMPLETE_H
#include <stddef.h>
#include <stdio.h>
#include "diag/kube/kube.h"
#include "cmd/options.h"

/* cobra's ShellCompDirective bits. */
enum {
	COMPDIR_DEFAULT = 0,
	COMPDIR_ERROR = 1,
	COMPDIR_NOSPACE = 2,
	COMPDIR_NOFILE = 4,
	COMPDIR_FILTEREXT = 8,
	COMPDIR_FILTERDIRS = 16,
	COMPDIR_KEEPORDER = 32,
};

/* How long a live look-up in the cluster may take before we give up. */
#define COMPLETE_LIVE_TIMEOUT_MS 1000

struct compl_cand {
	char *word;
	char *desc;	/* NULL or one line */
};

struct compl {
	struct compl_cand *v;
	size_t n, alloc;
	unsigned directive;
};

/* What the words already on the line say about where values come from. */
struct compl_ctx {
	const char *root;		/* --root, or NULL for the default */
	const struct kube_opts *kube;	/* the connection flags typed so far, or NULL */
};

/* args[0..argc-1] are the words after the program's name; the last one is the
 * word being completed ("" after a space). Never prints, never fails: at
 * worst there are no candidates. */
void complete_args(int argc, char **argv, struct compl *out);

/* The candidates for one option's value that start with prefix. */
void complete_value(enum opt_complete kind, const char *const *choices, const struct compl_ctx *ctx,
		    const char *prefix, struct compl *out);

void compl_add(struct compl *c, const char *word, const char *desc);
/* Writes the candidates and the ":DIRECTIVE" line; desc = 0 for __completeNoDesc. */
void compl_print(const struct compl *c, int desc, FILE *out);
void compl_free(struct compl *c);

#endif
