#include "diag/kube/execcred.h"
#include "lib/rfc3339.h"
#include "lib/strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CRED_MAX (1u << 20)

extern char **environ;

void kube_cred_free(struct kube_cred *cr)
{
	if (cr->token)
		explicit_bzero(cr->token, strlen(cr->token));
	free(cr->token);
	free(cr->cert);
	if (cr->key)
		explicit_bzero(cr->key, cr->key_len);
	free(cr->key);
	memset(cr, 0, sizeof(*cr));
}

/* exec.LookPath: a name without '/' is searched on PATH. */
static char *look_path(const char *cmd)
{
	const char *path = getenv("PATH");

	if (strchr(cmd, '/'))
		return access(cmd, X_OK) == 0 ? xstrdup(cmd) : NULL;
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path;; p++) {
		const char *end = strchrnul(p, ':');
		char *cand = end == p ? xasprintf("./%s", cmd) : xasprintf("%.*s/%s", (int)(end - p), p, cmd);
		if (access(cand, X_OK) == 0)
			return cand;
		free(cand);
		if (!*end)
			return NULL;
		p = end;
	}
}

static char *exec_info(const struct kube_conf *c, int interactive)
{
	const struct kube_exec *x = c->exec;
	json_t *spec = json_pack("{s:b}", "interactive", interactive);
	json_t *info = json_pack("{s:s, s:s, s:o}", "kind", "ExecCredential", "apiVersion",
				 x->api_version, "spec", spec);

	if (x->provide_cluster_info) {
		json_t *cl = json_pack("{s:s}", "server", c->server);
		if (c->tls_server_name)
			json_object_set_new(cl, "tls-server-name", json_string(c->tls_server_name));
		if (c->insecure)
			json_object_set_new(cl, "insecure-skip-tls-verify", json_true());
		if (c->ca) {
			char *b = kube_base64_encode(c->ca, c->ca_len);
			json_object_set_new(cl, "certificate-authority-data", json_string(b));
			free(b);
		}
		if (c->proxy_url)
			json_object_set_new(cl, "proxy-url", json_string(c->proxy_url));
		if (x->cluster_config)
			json_object_set(cl, "config", x->cluster_config);
		json_object_set_new(spec, "cluster", cl);
	}
	char *s = json_dumps(info, JSON_COMPACT);
	json_decref(info);
	return s;
}

/* The caller's environment, with the kubeconfig's env entries replacing
 * variables of the same name, and KUBERNETES_EXEC_INFO. */
static char **build_env(const struct kube_exec *x, const char *info)
{
	size_t n = 0, o = 0;

	for (char **p = environ; *p; p++)
		n++;
	char **env = xcalloc(n + x->env.n + 2, sizeof(*env));
	for (char **p = environ; *p; p++) {
		size_t k = strcspn(*p, "=");
		int over = !strncmp(*p, "KUBERNETES_EXEC_INFO=", 21);
		for (size_t i = 0; i < x->env.n && !over; i++)
			over = !strncmp(x->env.v[i], *p, k + 1);
		if (!over)
			env[o++] = *p;
	}
	for (size_t i = 0; i < x->env.n; i++)
		env[o++] = x->env.v[i];
	env[o++] = (char *)info;
	env[o] = NULL;
	return env;
}

static int run_child(const char *path, const struct kube_exec *x, char **env, int interactive,
		     long timeout_ms, struct strbuf *out, int *status, struct err *e)
{
	int fds[2];
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return err_set(e, EXIT_FAIL, "exec plugin: pipe: %s", strerror(errno));
	char **argv = xcalloc(x->args.n + 2, sizeof(*argv));
	argv[0] = x->command;
	for (size_t i = 0; i < x->args.n; i++)
		argv[i + 1] = x->args.v[i];
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);
		dup2(fds[1], 1);
		if (!interactive && devnull >= 0)
			dup2(devnull, 0);
		execve(path, argv, env);
		_exit(127);
	}
	free(argv);
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		return err_set(e, EXIT_FAIL, "exec plugin: fork: %s", strerror(errno));
	}
	struct timespec t0, now;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = 0;
	for (;;) {
		long left = -1;
		if (timeout_ms > 0) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			left = timeout_ms - ((now.tv_sec - t0.tv_sec) * 1000 + (now.tv_nsec - t0.tv_nsec) / 1000000);
			if (left <= 0) {
				rc = err_set(e, EXIT_FAIL, "exec plugin \"%s\" gave no credential within %ld ms",
					     x->command, timeout_ms);
				kill(pid, SIGKILL);
				break;
			}
		}
		struct pollfd pfd = { fds[0], POLLIN, 0 };
		int pr = poll(&pfd, 1, (int)(left > 0 ? left : -1));
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr <= 0)
			continue;
		char buf[8192];
		ssize_t r = read(fds[0], buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (out->len + (size_t)r > CRED_MAX) {
			rc = err_set(e, EXIT_FAIL, "exec plugin \"%s\" wrote more than %u bytes", x->command, CRED_MAX);
			kill(pid, SIGKILL);
			break;
		}
		sb_add(out, buf, (size_t)r);
	}
	close(fds[0]);
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
	return rc;
}

/* A version worth naming in an error: one of the API's, nothing else. */
static int known_version(const char *v)
{
	static const char *const known[] = { "client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1",
		"client.authentication.k8s.io/v1alpha1", NULL };

	for (size_t i = 0; known[i]; i++)
		if (!strcmp(v, known[i]))
			return 1;
	return 0;
}

int kube_cred_parse(const char *cmd, const char *apiver, const char *out, size_t len,
		    struct kube_cred *cr, struct err *e)
{
	json_error_t je;
	json_t *doc = json_loadb(out ? out : "", len, 0, &je), *st;
	const char *tok, *cert, *key, *ver, *exp;
	int rc = -1;

	/* The output may hold a token even when it is malformed: it is never
	 * quoted back, only where it went wrong. */
	if (!json_is_object(doc)) {
		if (doc)
			err_set(e, EXIT_FAIL, "exec plugin \"%s\": its output is not an ExecCredential (not a JSON object)",
				cmd);
		else
			err_set(e, EXIT_FAIL, "exec plugin \"%s\": its output is not an ExecCredential (not JSON: line %d, "
				"column %d)", cmd, je.line, je.column);
		goto out;
	}
	ver = json_string_value(json_object_get(doc, "apiVersion"));
	if (!ver || strcmp(ver, apiver)) {
		err_set(e, EXIT_FAIL, "exec plugin \"%s\" is configured to use API version %s, plugin returned %s%s",
			cmd, apiver, ver && known_version(ver) ? "version " : "", !ver ? "no version" :
			known_version(ver) ? ver : "another version");
		goto out;
	}
	st = json_object_get(doc, "status");
	if (!json_is_object(st)) {
		err_set(e, EXIT_FAIL, "exec plugin \"%s\" didn't return a status field", cmd);
		goto out;
	}
	tok = json_string_value(json_object_get(st, "token"));
	cert = json_string_value(json_object_get(st, "clientCertificateData"));
	key = json_string_value(json_object_get(st, "clientKeyData"));
	exp = json_string_value(json_object_get(st, "expirationTimestamp"));
	if ((cert && *cert) != (key && *key)) {
		err_set(e, EXIT_FAIL, "exec plugin \"%s\" returned only certificate or key, not both", cmd);
		goto out;
	}
	if (!(tok && *tok) && !(cert && *cert)) {
		err_set(e, EXIT_FAIL, "exec plugin \"%s\" didn't return a token or cert/key pair", cmd);
		goto out;
	}
	long long when;
	if (exp && *exp && rfc3339_parse(exp, &when, NULL) < 0) {
		err_set(e, EXIT_FAIL, "exec plugin \"%s\": its expirationTimestamp is not an RFC 3339 time", cmd);
		goto out;
	}
	if (exp && *exp)
		cr->expiry = (time_t)when;
	if (tok && *tok)
		cr->token = xstrdup(tok);
	if (cert && *cert) {
		cr->cert = xstrdup(cert), cr->cert_len = strlen(cert);
		cr->key = xstrdup(key), cr->key_len = strlen(key);
	}
	rc = 0;
out:
	json_decref(doc);
	return rc;
}

int kube_exec_run(const struct kube_conf *c, int allow_interactive, long timeout_ms,
		  struct kube_cred *out, struct err *e)
{
	const struct kube_exec *x = c->exec;
	int tty = allow_interactive && isatty(0), status = 0, rc = -1;
	int interactive = strcmp(x->interactive_mode, "Never") && tty;
	struct strbuf sb = STRBUF_INIT;
	char *path, *info, **env;

	memset(out, 0, sizeof(*out));
	if (!strcmp(x->interactive_mode, "Always") && !tty)
		return err_set(e, EXIT_FAIL, "exec plugin \"%s\" needs a terminal (interactiveMode: Always), "
			       "but standard input is not a terminal", x->command);
	path = look_path(x->command);
	if (!path) {
		struct strbuf h = STRBUF_INIT;
		for (const char *p = x->install_hint; p && *p; p++)
			sb_addc(&h, *p == '\n' ? ' ' : *p);
		err_set(e, EXIT_FAIL, "exec plugin: executable %s not found%s%s", x->command,
			h.len ? ": " : "", sb_str(&h));
		sb_free(&h);
		return -1;
	}
	char *json = exec_info(c, interactive);
	info = xasprintf("KUBERNETES_EXEC_INFO=%s", json);
	free(json);
	env = build_env(x, info);
	if (run_child(path, x, env, interactive, timeout_ms, &sb, &status, e) < 0)
		goto out;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		if (WIFEXITED(status))
			err_set(e, EXIT_FAIL, "exec plugin \"%s\" failed: exit status %d", x->command,
				WEXITSTATUS(status));
		else
			err_set(e, EXIT_FAIL, "exec plugin \"%s\" was killed by signal %d", x->command,
				WTERMSIG(status));
		goto out;
	}
	rc = kube_cred_parse(x->command, x->api_version, sb.buf, sb.len, out, e);
out:
	if (sb.buf)
		explicit_bzero(sb.buf, sb.len);
	sb_free(&sb);
	free(env);
	free(info);
	free(path);
	return rc;
}
