/* generate's questions: one prompt per missing value, each checked on the
 * spot and asked again when wrong, so nothing runs on a half-right answer. */
#include "interactive.h"
#include "complete.h"
#include "fsutil.h"
#include "names.h"
#include "imageref.h"
#include "netspec.h"
#include "shquote.h"
#include "strbuf.h"
#include "term.h"

#include <ctype.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct question {
	const char *label;
	const char *hint;		/* shown after the label, or NULL */
	const char *def;		/* taken on an empty answer; NULL = required */
	enum opt_complete kind;		/* what Tab completes */
	const char *const *choices;
	char *(*check)(const char *answer, const char *root);	/* NULL or why not */
};

/* What readline's Tab callback completes; set before each prompt. */
static struct {
	enum opt_complete kind;
	const char *const *choices;
	const char *root;
	struct compl matches;
	size_t next;
} tab;

static const char *const port_hints[] = { "22", "80", "443", "8080:80", "9022:22", NULL };
static const char *const init_choices[] = { "auto", "systemd", "services", "sysv", NULL };

int interactive_possible(void)
{
	return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
}

int interactive_needed(const struct gen_opts *o, const struct strlist *pos)
{
	enum gen_mode m;

	if (pos->n == 0)
		return 1;
	if (pos->n > 1 || gen_mode_parse(pos->v[0], &m) < 0)
		return 0;	/* the usual error says it better */
	return !o->container_name || (m == GEN_MULTIVOLUME && !o->image_url);
}

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

static void say_wrong(const char *why)
{
	int color = term_use_color(stdout);

	printf("  %s%s%s\n", color ? "\033[31m" : "", why, color ? "\033[0m" : "");
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

static int ask(const struct question *q, const char *root, char **answer, struct err *e)
{
	char *prompt = xasprintf("%s%s%s%s%s%s: ", q->label, q->hint ? " " : "", q->hint ? q->hint : "",
				 q->def ? " [" : "", q->def ? q->def : "", q->def ? "]" : "");

	for (;;) {
		char *line, *a, *why;

		tab.kind = q->kind;
		tab.choices = q->choices;
		tab.root = root;
		line = readline(prompt);
		if (!line) {	/* Ctrl-D */
			putchar('\n');
			free(prompt);
			return err_set(e, EXIT_FAIL, "aborted: nothing was written");
		}
		a = trim(line);
		if (!*a && q->def)
			a = (char *)q->def;
		if (!*a) {
			char *why_req = xasprintf("%s is required.", q->label);
			say_wrong(why_req);
			free(why_req);
			free(line);
			continue;
		}
		why = q->check ? q->check(a, root) : NULL;
		if (why) {
			say_wrong(why);
			free(why);
			free(line);
			continue;
		}
		if (a != q->def)
			add_history(a);
		*answer = xstrdup(a);
		free(line);
		free(prompt);
		return 0;
	}
}

static char *check_mode(const char *a, const char *root)
{
	enum gen_mode m;

	(void)root;
	if (gen_mode_parse(a, &m) == 0)
		return NULL;
	return xasprintf("\"%s\" is not a mode: answer macroimage, multivolume or stateful", a);
}

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static char *check_machine(const char *a, const char *root)
{
	char *path;
	int ok;

	if (strchr(a, '/') || !strcmp(a, ".") || !strcmp(a, ".."))
		return xasprintf("give the macrocontainer's name (a directory in %s), not a path", root);
	path = path_join(root, a);
	ok = is_dir(path);
	free(path);
	return ok ? NULL : xasprintf("there is no macrocontainer \"%s\" in %s (Tab lists them)", a, root);
}

static char *check_url(const char *a, const char *root)
{
	(void)root;
	if (!strncmp(a, "http://", 7) || !strncmp(a, "https://", 8) || !strncmp(a, "ftp://", 6))
		return NULL;
	return xasprintf("\"%s\" is not a URL the init container can download (http://, https:// or ftp://)", a);
}

static char *check_account(const char *a, const char *root)
{
	(void)root;
	if (!strcmp(a, "default"))
		return xstrdup("\"default\" is every pod's account in the namespace: give the machine its own");
	if (name_is_dns1123_subdomain(a))
		return NULL;
	return xasprintf("\"%s\" cannot be a service account: lowercase letters, digits, '-' and '.'", a);
}

static char *check_namespace(const char *a, const char *root)
{
	(void)root;
	if (name_is_dns1123_label(a))
		return NULL;
	return xasprintf("\"%s\" cannot be a namespace: lowercase letters, digits and '-', at most 63", a);
}

/* The account generate derives from the machine's name (leapp-N). */
static char *default_account(const char *machine)
{
	struct gen_names nm;
	struct err e = { 0 };
	char *a;

	if (gen_names_make(machine, &nm, &e) < 0)
		return NULL;
	a = xstrdup(nm.account);
	gen_names_free(&nm);
	return a;
}

char *interactive_check_ports(const char *answer)
{
	char *copy = xstrdup(answer), *save = NULL, *why = NULL;

	if (!strcmp(answer, "none")) {
		free(copy);
		return NULL;
	}
	for (char *w = strtok_r(copy, " ,", &save); w && !why; w = strtok_r(NULL, " ,", &save)) {
		struct portspec ps;
		if (port_parse(w, &ps) != 0)
			why = xasprintf("\"%s\" is not a port: give PORT or EXPOSED:PORT, numbers 1 to 65535 (80, 9022:22)", w);
	}
	free(copy);
	return why;
}

static char *check_ports(const char *a, const char *root)
{
	(void)root;
	return interactive_check_ports(a);
}

static char *check_init(const char *a, const char *root)
{
	(void)root;
	for (size_t i = 0; init_choices[i]; i++)
		if (!strcmp(a, init_choices[i]))
			return NULL;
	return xasprintf("\"%s\" is not a choice: answer auto, systemd, services or sysv", a);
}

/* the same check generate makes */
static char *check_registry(const char *a, const char *root)
{
	char *why;

	(void)root;
	if (!strcmp(a, "none") || !(why = registry_check(a)))
		return NULL;
	char *msg = xasprintf("\"%s\" is not a registry: %s", a, why);
	free(why);
	return msg;
}

static char *check_dest(const char *a, const char *root)
{
	struct stat st;

	(void)root;
	if (stat(a, &st) == 0 && !S_ISDIR(st.st_mode))
		return xasprintf("%s exists and is not a directory", a);
	return NULL;
}

/* The macrocontainers there are; the only one is the default. */
static size_t count_machines(const char *root, char **only)
{
	struct compl c = { 0 };
	size_t n;

	complete_value(COMPL_MACHINE, NULL, &(struct compl_ctx){ root, NULL }, "", &c);
	n = c.n;
	*only = n == 1 ? xstrdup(c.v[0].word) : NULL;
	compl_free(&c);
	return n;
}

/* "80 9022:22" -> "80,9022:22", as --tcp takes it. */
static char *ports_word(const char *answer)
{
	struct strbuf sb = STRBUF_INIT;
	char *copy = xstrdup(answer), *save = NULL;

	for (char *w = strtok_r(copy, " ,", &save); w; w = strtok_r(NULL, " ,", &save))
		sb_addf(&sb, "%s%s", sb.len ? "," : "", w);
	free(copy);
	return sb_detach(&sb);
}

static void print_command(const struct strlist *words)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < words->n; i++) {
		sb_addc(&sb, ' ');
		sb_add_shquoted(&sb, words->v[i]);
	}
	printf("\nThe same without questions:\n  %s generate%s\n\n", prog_display(), sb_str(&sb));
	fflush(stdout);
	sb_free(&sb);
}

struct answers {
	char *mode, *machine, *url, *ns, *account, *account_default, *node, *node_default, *ports, *init, *registry, *dest;
};

static char *check_node(const char *a, const char *root)
{
	(void)root;
	if (name_is_dns1123_subdomain(a))
		return NULL;
	return xasprintf("\"%s\" cannot be a node's name: lowercase letters, digits, '-' and '.' (oc get nodes lists them)", a);
}

/* This host's name as its kubelet would name the node; NULL when it cannot be one. */
static char *host_node(void)
{
	char host[256];

	if (gethostname(host, sizeof(host)) < 0)
		return NULL;
	host[sizeof(host) - 1] = '\0';
	for (char *c = host; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return name_is_dns1123_subdomain(host) ? xstrdup(host) : NULL;
}

static int ask_all(const struct command *cmd, const struct gen_opts *o, const struct strlist *pos,
		   const char *root, struct answers *a, struct err *e)
{
	char *only = NULL;
	enum gen_mode m;
	int rc = 0;

	if (!o->container_name && count_machines(root, &only) == 0)
		return err_set(e, EXIT_FAIL, "there are no macrocontainers in %s to generate for (see --root)", root);
	printf("%s generate needs a few answers. Tab completes, Enter takes the [default], "
	       "Ctrl-C stops.\n", prog_display());
	if (pos->n == 0)
		rc = ask(&(struct question){ "Mode", "(macroimage, multivolume, stateful)", "macroimage",
					     COMPL_CHOICES, cmd->args, check_mode }, root, &a->mode, e);
	if (rc)
		goto out;
	gen_mode_parse(a->mode ? a->mode : pos->v[0], &m);
	if (!o->container_name)
		rc = ask(&(struct question){ "Machine", "(a macrocontainer)", only, COMPL_MACHINE, NULL,
					     check_machine }, root, &a->machine, e);
	if (!rc && m == GEN_MULTIVOLUME && !o->image_url)
		rc = ask(&(struct question){ "URL of the machine's archive", "(the init container downloads it)",
					     NULL, COMPL_NONE, NULL, check_url }, root, &a->url, e);
	if (!rc && !o->namespace) {
		const char *def = o->kube_namespace && name_is_dns1123_label(o->kube_namespace) ? o->kube_namespace : "default";
		rc = ask(&(struct question){ "Namespace", "(where the objects go)", def, COMPL_NAMESPACE, NULL,
					     check_namespace }, root, &a->ns, e);
	}
	if (!rc && !o->service_account) {
		a->account_default = default_account(o->container_name ? o->container_name : a->machine);
		rc = ask(&(struct question){ "Service account", "(the machine's own, granted what it needs to run as root)",
					     a->account_default, COMPL_NONE, NULL, check_account }, root, &a->account, e);
	}
	if (!rc && m == GEN_STATEFUL && !o->node) {
		a->node_default = host_node();
		rc = ask(&(struct question){ "Node that holds the machine's files", "(its PersistentVolumes are pinned there)",
					     a->node_default, COMPL_NONE, NULL, check_node }, root, &a->node, e);
	}
	if (!rc && !o->tcp.n && !o->udp.n)
		rc = ask(&(struct question){ "TCP ports to expose", "([EXPOSED:]PORT ..., e.g. 9022:22 80)", "none",
					     COMPL_CHOICES, port_hints, check_ports }, root, &a->ports, e);
	if (!rc && !o->init)
		rc = ask(&(struct question){ "What runs as PID 1", "(auto, systemd, services, sysv; auto: systemd from 230, "
					     "services before, sysv without systemd)", "auto", COMPL_CHOICES, init_choices,
					     check_init }, root, &a->init, e);
	if (!rc && !o->registry && (!o->base_image || m == GEN_MACROIMAGE))
		rc = ask(&(struct question){ "Registry for the images", "(none: OpenShift image streams of the current project)",
					     "none", COMPL_NONE, NULL, check_registry }, root, &a->registry, e);
	if (!rc && !o->dest && !o->output)
		rc = ask(&(struct question){ "Directory to write the files in", NULL, ".", COMPL_DIR, NULL,
					     check_dest }, root, &a->dest, e);
out:
	free(only);
	return rc;
}

int interactive_generate(const struct command *cmd, const struct gen_opts *o, const struct strlist *pos,
			 int argc, char **argv, struct strlist *words, struct err *e)
{
	struct answers a = { 0 };
	struct sigaction sa = { 0 }, old;
	const char *root = o->root ? o->root : MACHINE_DEFAULT_ROOT;
	int rc, i;

	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);
	rl_readline_name = "oc-leapp";
	rl_attempted_completion_function = on_tab;
	using_history();
	rc = ask_all(cmd, o, pos, root, &a, e);
	clear_history();
	compl_free(&tab.matches);
	sigaction(SIGINT, &old, NULL);
	if (rc == 0) {
		/* the answers go in as flags, before a "--" that would make them arguments */
		if (a.mode)
			strlist_push(words, a.mode);
		for (i = 0; i < argc && strcmp(argv[i], "--"); i++)
			strlist_push(words, argv[i]);
		if (a.machine) {
			strlist_push(words, "-c");
			strlist_push(words, a.machine);
		}
		if (a.url) {
			strlist_push(words, "--image-url");
			strlist_push(words, a.url);
		}
		if (a.ns) {	/* always: the run below need not read the kubeconfig again */
			strlist_push(words, "-n");
			strlist_push(words, a.ns);
		}
		if (a.account && (!a.account_default || strcmp(a.account, a.account_default))) {
			strlist_push(words, "--service-account");
			strlist_push(words, a.account);
		}
		if (a.node && (!a.node_default || strcmp(a.node, a.node_default))) {
			strlist_push(words, "--node");
			strlist_push(words, a.node);
		}
		if (a.ports && strcmp(a.ports, "none")) {
			char *w = ports_word(a.ports);
			strlist_push(words, "--tcp");
			strlist_push(words, w);
			free(w);
		}
		if (a.init && strcmp(a.init, "auto")) {
			strlist_push(words, "--init");
			strlist_push(words, a.init);
		}
		if (a.registry && strcmp(a.registry, "none")) {
			strlist_push(words, "--registry");
			strlist_push(words, a.registry);
		}
		if (a.dest && strcmp(a.dest, ".")) {
			strlist_push(words, "-e");
			strlist_push(words, a.dest);
		}
		for (; i < argc; i++)
			strlist_push(words, argv[i]);
		print_command(words);
	}
	free(a.mode), free(a.machine), free(a.url), free(a.account), free(a.ports), free(a.dest);
	free(a.ns), free(a.account_default), free(a.node), free(a.node_default);
	free(a.init), free(a.registry);
	return rc;
}
