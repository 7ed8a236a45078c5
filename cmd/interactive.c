/* The questions: one prompt per value, each checked on the spot and asked
 * again when wrong, so nothing runs on a half-right answer. */
#include "cmd/interactive.h"
#include "cmd/complete.h"
#include "lib/fsutil.h"
#include "gen/machine.h"
#include "lib/shquote.h"
#include "lib/strbuf.h"
#include "lib/term.h"

#include <ctype.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What readline's Tab callback completes; set before each prompt. */
static struct {
	enum opt_complete kind;
	const char *const *choices;
	const char *root;
	struct compl matches;
	size_t next;
} tab;

/* One option's answer, or what the command line already gave it. */
struct answer {
	const struct opt *o;
	char *value;	/* NULL: unset; bools: "true" */
	int asked;
};

struct wizard {
	const struct command *cmd;
	const struct optgroup *groups;
	size_t ngroups;
	int mode;		/* index into cmd->args, or -1 */
	char *mode_word;	/* the mode when it was asked */
	struct answer *a;
	size_t n;
};

int interactive_possible(void)
{
	return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
}

static int mode_index(const struct command *cmd, const char *word)
{
	for (int i = 0; cmd->args && cmd->args[i]; i++)
		if (!strcmp(cmd->args[i], word))
			return i;
	return -1;
}

int interactive_needed(const struct command *cmd, const struct optgroup *groups, size_t ngroups,
		       const struct strlist *pos)
{
	int mode;

	if (cmd->args && pos->n == 0)
		return 1;
	if (pos->n > 1 || (mode = cmd->args ? mode_index(cmd, pos->v[0]) : 0) < 0)
		return 0;	/* the usual error says it better */
	for (size_t g = 0; g < ngroups; g++)
		for (const struct opt *o = groups[g].opts; o->lname; o++)
			if (opt_for_mode(o, mode) && opt_required_in(o, mode) && !opt_has_value(&groups[g], o))
				return 1;
	return 0;
}

/* ---- readline ---- */

static char *next_match(const char *text, int state)
{
	if (!state) {
		compl_free(&tab.matches);
		tab.next = 0;
		complete_value(tab.kind, tab.choices, &(struct compl_ctx){ tab.root, NULL }, text, &tab.matches);
	}
	if (tab.next < tab.matches.n)
		return xstrdup(tab.matches.v[tab.next++].word);
	return NULL;
}

/* readline's own file name completion, keeping directories only. */
static char *next_dir(const char *text, int state)
{
	char *f;

	while ((f = rl_filename_completion_function(text, state))) {
		char *full = tilde_expand(f);
		struct stat st;
		int dir = stat(full, &st) == 0 && S_ISDIR(st.st_mode);

		free(full);
		if (dir)
			return f;
		free(f);
		state = 1;
	}
	return NULL;
}

static char **on_tab(const char *text, int start, int end)
{
	(void)start, (void)end;
	if (tab.kind == COMPL_FILE) {	/* readline's own file names */
		rl_attempted_completion_over = 0;
		return NULL;
	}
	rl_attempted_completion_over = 1;
	if (tab.kind == COMPL_DIR)
		return rl_completion_matches(text, next_dir);
	return rl_completion_matches(text, next_match);
}

/* Ctrl-C: readline has put the terminal back before this runs; nothing has
 * been written yet, so leaving at once is clean. */
static void on_sigint(int sig)
{
	static const char msg[] = "\naborted: nothing was written\n";

	(void)sig;
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(130);
	_exit(130);
}

static void say(const char *color, const char *text)
{
	int c = term_use_color(stdout);

	printf("  %s%s%s\n", c ? color : "", text, c ? "\033[0m" : "");
}

static char *trim(char *s)
{
	char *end;

	s += strspn(s, " \t");
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	return s;
}

/* ---- the questions ---- */

char *interactive_label(const struct opt *o, const char *const *modes)
{
	char *help = prog_expand(o->help);
	const char *s = help;
	size_t n;
	char *label;

	/* "macroimage, multivolume: ..." names the modes it is for: the mode is chosen already */
	for (int again = 1; again && modes;) {
		again = 0;
		for (size_t i = 0; modes[i]; i++) {
			size_t l = strlen(modes[i]);
			if (!strncmp(s, modes[i], l) && (s[l] == ':' || s[l] == ',')) {
				s += l + 1;
				s += strspn(s, " ");
				again = 1;
			}
		}
	}
	n = strcspn(s, ";:(");
	for (const char *dot = strstr(s, ". "); dot; dot = NULL)
		if ((size_t)(dot - s) < n)
			n = (size_t)(dot - s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '.' || s[n - 1] == ','))
		n--;
	label = xstrndup(s, n);
	label[0] = (char)toupper((unsigned char)label[0]);
	free(help);
	return label;
}

static int yes_no(const char *a)
{
	if (!strcmp(a, "y") || !strcmp(a, "Y") || !strcmp(a, "yes") || !strcmp(a, "Yes"))
		return 1;
	if (!strcmp(a, "n") || !strcmp(a, "N") || !strcmp(a, "no") || !strcmp(a, "No"))
		return 0;
	return opt_parse_bool(a);
}

char *interactive_check(const struct opt *o, const char *answer)
{
	struct err e = { 0 };
	char *copy, *save = NULL;
	int rc = 0;

	if (o->type == OPT_BOOL)
		return yes_no(answer) < 0 ? xasprintf("answer y or n") : NULL;
	if (o->type != OPT_LIST)
		return opt_check_value(o, answer, &e) < 0 ? xstrdup(e.msg) : NULL;
	copy = xstrdup(answer);
	for (char *w = strtok_r(copy, " ,", &save); w && !rc; w = strtok_r(NULL, " ,", &save))
		rc = opt_check_value(o, w, &e);
	free(copy);
	return rc < 0 ? xstrdup(e.msg) : NULL;
}

static const char *root_of(const struct wizard *w)
{
	for (size_t i = 0; i < w->n; i++)
		if (!strcmp(w->a[i].o->lname, "root") && w->a[i].value)
			return w->a[i].value;
	return MACHINE_DEFAULT_ROOT;
}

/* The macrocontainers there are. */
static size_t count_machines(const char *root, char **only)
{
	struct compl c = { 0 };
	size_t n;

	complete_value(COMPL_MACHINE, NULL, &(struct compl_ctx){ root, NULL }, "", &c);
	n = c.n;
	if (only)
		*only = n == 1 ? xstrdup(c.v[0].word) : NULL;
	compl_free(&c);
	return n;
}

/* What an answer must also be beyond the flag's own rule: a machine that is
 * there (machine_locate, as generate finds it), a root that holds some. */
static char *check_more(const struct wizard *w, const struct opt *o, const char *v)
{
	struct err e = { 0 };
	char *path;

	if (o->complete == COMPL_MACHINE) {
		if (!(path = machine_locate(root_of(w), v, &e)))
			return xasprintf("%s (Tab lists them)", e.msg);
		free(path);
	}
	if (!strcmp(o->lname, "root") && count_machines(v, NULL) == 0)
		return xasprintf("there are no macrocontainers in %s", v);
	return NULL;
}

static char *prompt_for(const struct wizard *w, const struct opt *o, const char *def)
{
	char *label = interactive_label(o, w->cmd->args);
	struct strbuf sb = STRBUF_INIT;

	sb_addf(&sb, "%s (--%s", label, o->lname);
	if (o->choices) {
		sb_adds(&sb, ": ");
		for (size_t i = 0; o->choices[i]; i++)
			sb_addf(&sb, "%s%s", i ? ", " : "", o->choices[i]);
	} else if (o->type != OPT_BOOL && o->argname) {
		sb_addf(&sb, " %s", o->argname);
	}
	if (o->type != OPT_BOOL && !def && !opt_required_in(o, w->mode))
		sb_adds(&sb, ", optional");
	sb_adds(&sb, ")");
	if (o->type == OPT_BOOL)
		sb_adds(&sb, "? [y/N]");
	else if (def)
		sb_addf(&sb, " [%s]", def);
	sb_adds(&sb, ": ");
	free(label);
	return sb_detach(&sb);
}

/* Reads one answer: the trimmed line (allocated), or NULL on Ctrl-D. "?"
 * shows the option's help. */
static char *read_answer(const char *prompt, const struct opt *o, const char *root)
{
	for (;;) {
		char *line, *a;

		tab.kind = o ? o->complete : COMPL_CHOICES;
		if (o)
			tab.choices = o->choices;
		tab.root = root;
		if (!(line = readline(prompt))) {
			putchar('\n');
			return NULL;
		}
		a = xstrdup(trim(line));
		free(line);
		if (o && !strcmp(a, "?")) {
			char *help = prog_expand(o->help);
			say("\033[2m", help);
			free(help);
			free(a);
			continue;
		}
		return a;
	}
}

/* Asks for one option until the answer is good or empty (optional);
 * returns 0 with the value set (or left NULL), -1 on Ctrl-D. */
static int ask_one(struct wizard *w, struct answer *ans, const char *def, struct err *e)
{
	const struct opt *o = ans->o;
	int required = opt_required_in(o, w->mode);
	char *prompt = prompt_for(w, o, def);

	for (;;) {
		char *a = read_answer(prompt, o, root_of(w)), *why;

		if (!a) {
			free(prompt);
			return err_set(e, EXIT_FAIL, "aborted: nothing was written");
		}
		if (!*a && def && o->type != OPT_BOOL) {
			free(a);
			a = xstrdup(def);
		}
		if (!*a) {
			free(a);
			if (!required)
				break;
			char *msg = xasprintf("an answer is required: --%s has no default", o->lname);
			say("\033[31m", msg);
			free(msg);
			continue;
		}
		why = interactive_check(o, a);
		if (!why)
			why = o->type == OPT_BOOL ? NULL : check_more(w, o, a);
		if (why) {
			say("\033[31m", why);
			free(why);
			free(a);
			continue;
		}
		add_history(a);
		if (o->type == OPT_BOOL) {
			if (yes_no(a) == 1)
				ans->value = xstrdup("true");
			free(a);
		} else if (def && !strcmp(a, def) && !required) {
			free(a);	/* the default is what generate does anyway */
		} else {
			ans->value = a;
		}
		break;
	}
	ans->asked = 1;
	free(prompt);
	return 0;
}

static int conflicts_with_set(const struct wizard *w, const struct opt *o)
{
	for (size_t i = 0; i < w->n; i++) {
		const struct opt *other = w->a[i].o;
		if (!w->a[i].value)
			continue;
		for (size_t k = 0; o->conflicts && o->conflicts[k]; k++)
			if (!strcmp(o->conflicts[k], other->lname))
				return 1;
		for (size_t k = 0; other->conflicts && other->conflicts[k]; k++)
			if (!strcmp(other->conflicts[k], o->lname))
				return 1;
	}
	return 0;
}

/* May this option be asked now? */
static int askable(const struct wizard *w, const struct answer *ans)
{
	const struct opt *o = ans->o;

	return !ans->asked && !ans->value && !(o->flags & (OPTF_HIDDEN | OPTF_NOASK)) &&
	       opt_for_mode(o, w->mode) && !conflicts_with_set(w, o);
}

static int ask_mode(struct wizard *w, struct err *e)
{
	struct strbuf list = STRBUF_INIT;
	char *prompt;
	int rc = 0;

	for (size_t i = 0; w->cmd->args[i]; i++)
		sb_addf(&list, "%s%s", i ? ", " : "", w->cmd->args[i]);
	prompt = xasprintf("Mode (%s) [%s]: ", list.buf, w->cmd->args[0]);
	for (;;) {
		tab.choices = w->cmd->args;
		char *a = read_answer(prompt, NULL, NULL);
		if (!a) {
			rc = err_set(e, EXIT_FAIL, "aborted: nothing was written");
			break;
		}
		if (!*a) {
			free(a);
			a = xstrdup(w->cmd->args[0]);
		}
		if ((w->mode = mode_index(w->cmd, a)) >= 0) {
			add_history(a);
			w->mode_word = a;
			break;
		}
		char *why = xasprintf("\"%s\" is not a mode: answer %s", a, list.buf);
		say("\033[31m", why);
		free(why);
		free(a);
	}
	sb_free(&list);
	free(prompt);
	return rc;
}

/* An option's value so far, given or answered: for defaults computed from it. */
static const char *value_of(const void *ctx, const char *lname)
{
	const struct wizard *w = ctx;

	for (size_t i = 0; i < w->n; i++)
		if (!strcmp(w->a[i].o->lname, lname))
			return w->a[i].o->type == OPT_STRING ? w->a[i].value : NULL;
	return NULL;
}

static int ask_pass(struct wizard *w, int (*which)(const struct wizard *, const struct answer *), struct err *e)
{
	for (size_t i = 0; i < w->n; i++) {
		char *only = NULL;
		const char *def;
		int rc;

		if (!askable(w, &w->a[i]) || !which(w, &w->a[i]))
			continue;
		def = w->a[i].o->def;
		/* the root was given (an asked one holds some): nothing to choose from is said at once */
		if (w->a[i].o->complete == COMPL_MACHINE && count_machines(root_of(w), &only) == 0)
			return err_set(e, EXIT_FAIL, "there are no macrocontainers in %s to generate for (see --root)",
				       root_of(w));
		if (!def && !only && w->a[i].o->def_fn)
			only = w->a[i].o->def_fn(value_of, w);
		if (!def)
			def = only;
		rc = ask_one(w, &w->a[i], def, e);
		free(only);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* The order of the questions: the options marked OPTF_ASK that come before
 * the first required one in the table (the root, which says where the
 * machines are), then the required ones, then the other OPTF_ASK ones. */
static size_t first_required(const struct wizard *w)
{
	for (size_t i = 0; i < w->n; i++)
		if (opt_for_mode(w->a[i].o, w->mode) && opt_required_in(w->a[i].o, w->mode))
			return i;
	return w->n;
}

static int early_pass(const struct wizard *w, const struct answer *a)
{
	return (a->o->flags & OPTF_ASK) && (size_t)(a - w->a) < first_required(w);
}

static int required_pass(const struct wizard *w, const struct answer *a)
{
	return opt_required_in(a->o, w->mode);
}

static int ask_pass_flag(const struct wizard *w, const struct answer *a)
{
	(void)w;
	return (a->o->flags & OPTF_ASK) != 0;
}

static int any_option(const struct wizard *w, const struct answer *a)
{
	(void)w, (void)a;
	return 1;
}

/* "More options?" lists what it would ask. */
static int ask_more(struct wizard *w, struct err *e)
{
	struct strbuf sb = STRBUF_INIT;
	size_t count = 0;
	int rc = 0;

	for (size_t i = 0; i < w->n; i++)
		if (askable(w, &w->a[i])) {
			sb_addf(&sb, "%s--%s", count ? " " : "", w->a[i].o->lname);
			count++;
		}
	if (count) {
		printf("More options: %s\n", sb.buf);
		tab.choices = NULL;
		char *a = read_answer("Set any of them? [y/N]: ", NULL, NULL);
		if (!a)
			rc = err_set(e, EXIT_FAIL, "aborted: nothing was written");
		else if (yes_no(a) == 1)
			rc = ask_pass(w, any_option, e);
		free(a);
	}
	sb_free(&sb);
	return rc;
}

static void print_command(const struct command *cmd, const struct strlist *words)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < words->n; i++) {
		sb_addc(&sb, ' ');
		sb_add_shquoted(&sb, words->v[i]);
	}
	printf("\nThe same without questions:\n  %s %s%s\n\n", prog_display(), cmd->name, sb_str(&sb));
	fflush(stdout);
	sb_free(&sb);
}

/* The words after the command's name: the mode asked, what was typed (the
 * answers go in as flags, before a "--" that would make them arguments),
 * the answers. */
static void build_words(const struct wizard *w, int argc, char **argv, struct strlist *words)
{
	int i;

	if (w->mode_word)
		strlist_push(words, w->mode_word);
	for (i = 0; i < argc && strcmp(argv[i], "--"); i++)
		strlist_push(words, argv[i]);
	for (size_t k = 0; k < w->n; k++) {
		const struct answer *a = &w->a[k];
		if (!a->asked || !a->value)
			continue;
		char *flag = xasprintf("--%s", a->o->lname);
		strlist_push(words, flag);
		free(flag);
		if (a->o->type == OPT_BOOL)
			continue;
		if (a->o->type == OPT_LIST) {	/* "80 9022:22" -> "80,9022:22", as the flag takes it */
			struct strbuf sb = STRBUF_INIT;
			char *copy = xstrdup(a->value), *save = NULL;
			for (char *t = strtok_r(copy, " ,", &save); t; t = strtok_r(NULL, " ,", &save))
				sb_addf(&sb, "%s%s", sb.len ? "," : "", t);
			strlist_push(words, sb_str(&sb));
			sb_free(&sb);
			free(copy);
		} else {
			strlist_push(words, a->value);
		}
	}
	for (; i < argc; i++)
		strlist_push(words, argv[i]);
}

/* What the command line gave already: asked no more. */
static void load_given(struct wizard *w)
{
	for (size_t g = 0; g < w->ngroups; g++)
		for (const struct opt *o = w->groups[g].opts; o->lname; o++) {
			w->a = xrealloc(w->a, (w->n + 1) * sizeof(*w->a));
			w->a[w->n] = (struct answer){ o, NULL, 0 };
			if (opt_has_value(&w->groups[g], o))
				w->a[w->n].value = xstrdup(o->type == OPT_STRING
					? *(const char **)(void *)((char *)w->groups[g].base + o->off) : "given");
			w->n++;
		}
}

static int ask_all(struct wizard *w, const struct strlist *pos, enum ask_scope scope, struct err *e)
{
	printf("%s %s asks for what it needs: Tab completes, Enter takes the [default] or leaves out\n"
	       "what is optional, ? explains a question, Ctrl-C stops.\n", prog_display(), w->cmd->name);
	if (w->cmd->args && pos->n == 0) {
		if (ask_mode(w, e) < 0)
			return -1;
	} else {
		w->mode = w->cmd->args ? mode_index(w->cmd, pos->v[0]) : 0;
	}
	if (ask_pass(w, early_pass, e) < 0 || ask_pass(w, required_pass, e) < 0 || ask_pass(w, ask_pass_flag, e) < 0)
		return -1;
	return scope == ASK_ALL ? ask_more(w, e) : 0;
}

int interactive_ask(const struct command *cmd, const struct optgroup *groups, size_t ngroups,
		    const struct strlist *pos, int argc, char **argv, enum ask_scope scope,
		    struct strlist *words, struct err *e)
{
	struct wizard w = { cmd, groups, ngroups, -1, NULL, NULL, 0 };
	struct sigaction sa = { 0 }, old;
	int rc;

	load_given(&w);
	/* a --root given with no machine in it: said at once, not after the mode */
	for (size_t i = 0; i < w.n; i++)
		if (w.a[i].o->complete == COMPL_DIR && !strcmp(w.a[i].o->lname, "root") && w.a[i].value &&
		    count_machines(w.a[i].value, NULL) == 0) {
			rc = err_set(e, EXIT_FAIL, "there are no macrocontainers in %s to generate for (see --root)",
				     w.a[i].value);
			goto out;
		}
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);
	rl_readline_name = "oc-leapp";
	rl_attempted_completion_function = on_tab;
	using_history();
	rc = ask_all(&w, pos, scope, e);
	clear_history();
	compl_free(&tab.matches);
	sigaction(SIGINT, &old, NULL);
	if (rc == 0) {
		build_words(&w, argc, argv, words);
		print_command(cmd, words);
	}
out:
	for (size_t i = 0; i < w.n; i++)
		free(w.a[i].value);
	free(w.a);
	free(w.mode_word);
	return rc;
}
