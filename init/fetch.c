#include "init/fetch.h"
#include "init/extract.h"
#include "init/log.h"
#include "init/rootfs.h"
#include "init/supervise.h"

#include <archive.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

/* A bounded log: one progress line per this much of the download, so a
 * machine of 100 GiB logs 800 lines at most, whatever the link's speed. */
#define PROGRESS_STEP (128ull << 20)

struct src {
	int fd;
	long long stall_ms;		/* no byte for this long: the download is given up */
	int stalled;
	int stopped;			/* SIGTERM or SIGINT came: the pod is being deleted */
	struct sha256_ctx h;
	unsigned long long total;
	char buf[1 << 17];
};

/* As PID 1 of the init container, fetch gets no default action for SIGTERM:
 * without a handler a deleted pod would wait out its grace period while the
 * download goes on. The handler only notes it; fill() gives up. */
static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

static void catch_stop(void)
{
	struct sigaction sa = { .sa_handler = on_stop };	/* no SA_RESTART: poll returns */

	stop_signal = 0;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

/* Reads what wget delivers, waiting at most stall_ms for it: busybox's wget
 * has no timeout of its own unless built with one (Debian's is not), and
 * a server that stops sending would hold the init container forever. */
static ssize_t fill(struct src *s)
{
	struct pollfd p = { .fd = s->fd, .events = POLLIN };
	long long end = now_ms() + s->stall_ms;

	for (;;) {
		long long left = end - now_ms();
		if (stop_signal) {
			s->stopped = 1;
			errno = ECANCELED;
			return -1;
		}
		int r = poll(&p, 1, left > 0 ? (int)(left < 60000 ? left : 60000) : 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r > 0)
			break;
		if (now_ms() >= end) {
			s->stalled = 1;
			errno = ETIMEDOUT;
			return -1;
		}
	}
	ssize_t n;
	do
		n = read(s->fd, s->buf, sizeof(s->buf));
	while (n < 0 && errno == EINTR);
	return n;
}

static void progress(struct src *s, size_t n)
{
	unsigned long long before = s->total;

	s->total += n;
	if (s->total / PROGRESS_STEP != before / PROGRESS_STEP)
		log_out(LEAPP_LOG_PROGRESS, "%llu MiB", s->total / PROGRESS_STEP * (PROGRESS_STEP >> 20));
}

static ssize_t src_read(struct archive *a, void *arg, const void **out)
{
	struct src *s = arg;
	ssize_t n = fill(s);

	if (n < 0) {
		archive_set_error(a, errno, "reading the download: %s", strerror(errno));
		return -1;
	}
	sha256_update(&s->h, (size_t)n, (const uint8_t *)s->buf);
	progress(s, (size_t)n);
	*out = s->buf;
	return n;
}

/* What follows the archive's end blocks is hashed too: the checksum is
 * of the whole file the URL serves. */
static int drain(struct src *s)
{
	ssize_t n;

	while ((n = fill(s)) != 0) {
		if (n < 0)
			return -1;
		sha256_update(&s->h, (size_t)n, (const uint8_t *)s->buf);
		progress(s, (size_t)n);
	}
	return 0;
}

/* argv "busybox wget -q -O - URL" (busybox picks the applet from argv[1]),
 * or "wget -q -O - URL" when the program is a wget itself. -q: without it
 * wget writes its progress meter to the log once a second for as long as
 * the download lasts; its error lines (what diagnose reads) stay. */
static pid_t spawn_wget(const char *prog, const char *url, int *fd)
{
	const char *base = strrchr(prog, '/') ? strrchr(prog, '/') + 1 : prog;
	int p[2];

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (!pid) {
		dup2(p[1], 1);
		if (!strcmp(base, "wget"))
			execl(prog, prog, "-q", "-O", "-", url, (char *)NULL);
		else
			execl(prog, prog, "wget", "-q", "-O", "-", url, (char *)NULL);
		fprintf(stderr, LEAPP_LOG_CANNOT_RUN "%s: %s\n", prog, strerror(errno));
		_exit(127);
	}
	close(p[1]);
	*fd = p[0];
	return pid;
}

static int wait_child(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return st;
}

static void hex(const uint8_t *d, char out[65])
{
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static int sha_valid(const char *s)
{
	size_t n = 0;

	for (; s[n]; n++)
		if (!isxdigit((unsigned char)s[n]))
			return 0;
	return n == 64;
}

static struct archive *reader(struct src *s, struct err *e)
{
	struct archive *a = archive_read_new();

	/* Only tar and the filters oc-leapp archive writes: nothing pulls in
	 * the formats that need libxml2 and friends into the static binary. */
	archive_read_support_format_tar(a);
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_filter_bzip2(a);
	if (archive_read_open(a, s, NULL, src_read, NULL) != ARCHIVE_OK) {
		/* libarchive's reason: truncated, damaged, not a known format */
		const char *why = archive_error_string(a);
		err_set(e, EXIT_FAIL, LEAPP_LOG_NOT_ARCHIVE "%s", why ? why : "no reason given");
		archive_read_free(a);
		return NULL;
	}
	return a;
}

/* Why the download failed, when wget is to blame: its exit (its own error
 * line is above, as it wrote it), or a stall that we ended. NULL when wget
 * did its part and the archive is what failed. */
static char *wget_failure(const struct fetch_opts *o, const struct src *s, int ws, int we_killed)
{
	char d[64];

	if (s->stopped)
		return xasprintf(LEAPP_LOG_STOPPED "%s before the download finished", strsignal(stop_signal));
	if (s->stalled)
		/* busybox's words for it, which diagnose knows */
		return xasprintf(LEAPP_LOG_STALLED "%lld s, the download was stopped: wget: download timed out",
				 s->stall_ms / 1000);
	if (ws >= 0 && ((WIFEXITED(ws) && !WEXITSTATUS(ws)) || (we_killed && WIFSIGNALED(ws))))
		return NULL;
	describe_status(ws, d, sizeof(d));
	return xasprintf(LEAPP_LOG_WGET_FAILED "%s wget ended with %s", o->wget, d);
}

/* Downloads and unpacks; 0, or -1 with why. */
static int download(const struct fetch_opts *o, const struct volumes *v, struct src *s, struct extract_stats *st,
		    struct err *e)
{
	pid_t pid = spawn_wget(o->wget, o->url, &s->fd);

	if (pid < 0)
		return err_set(e, EXIT_FAIL, "cannot start %s: %s", o->wget, strerror(errno));
	struct archive *a = reader(s, e);
	int r = -1;
	if (a) {
		r = extract_all(a, v, st, e);
		if (!r && drain(s) < 0)
			r = err_set(e, EXIT_FAIL, "reading the download: %s", strerror(errno));
		archive_read_free(a);
	}
	if (r)
		kill(pid, SIGTERM);	/* it may be blocked writing what we no longer read */
	close(s->fd);
	char *why = wget_failure(o, s, wait_child(pid), r != 0);
	if (why) {
		/* wget's failure is the cause; what the unpacker saw is its effect */
		err_clear(e);
		r = err_set(e, EXIT_FAIL, "%s", why);
		free(why);
	}
	return r;
}

/* var/log/journal/<machine-id>, only for 32 hex digits: never a path that
 * comes from the machine's text. */
static void journal_dir(const struct volumes *v)
{
	char *text;
	size_t len;

	if (!volumes_has(v, "var", 3))
		return;
	if (!volumes_has(v, "etc", 3) ||
	    root_read_file(v->dirfd, "etc/machine-id", 4096, &text, &len) < 0) {
		log_err(LEAPP_LOG_NO_MACHINE_ID, ": the journal directory was not created");
		return;
	}
	while (len && isspace((unsigned char)text[len - 1]))
		text[--len] = '\0';
	int ok = len == 32;
	for (size_t i = 0; ok && i < len; i++)
		ok = isxdigit((unsigned char)text[i]) != 0;
	if (!ok) {
		log_err(LEAPP_LOG_BAD_MACHINE_ID, "%s", "");
		free(text);
		return;
	}
	char *p = xasprintf("var/log/journal/%s", text);
	int fd = root_mkdirs(v->dirfd, p, 0755);
	if (fd < 0)
		log_err("leapp: warning: ", "cannot create %s: %s", p, strerror(errno));
	else
		close(fd);
	free(p);
	free(text);
}

static int failed(const struct fetch_opts *o, const struct volumes *v, const char *why)
{
	struct err e = { 0 };

	/* the contract's lines carry their own "leapp: "; other reasons get it */
	if (why)
		log_err(strncmp(why, "leapp: ", 7) ? "leapp: " : "", "%s", why);
	if (volumes_empty(v, &e) < 0)
		log_err("leapp: ", "%s", e.msg);
	log_err(LEAPP_LOG_FETCH_FAILED, "%s; nothing was kept", o->url);
	return 1;
}

static void report(const struct extract_stats *st)
{
	if (st->skipped)
		log_out(LEAPP_LOG_SKIPPED_ENTRIES, "%llu (first: %s)", (unsigned long long)st->skipped, st->first_skipped);
	if (st->copied)
		log_out(LEAPP_LOG_LINK_COPIED, "%llu", (unsigned long long)st->copied);
	if (st->meta_lost)
		log_err(LEAPP_LOG_METADATA_LOST, "%llu entries (first: %s)", (unsigned long long)st->meta_lost, st->first_meta);
}

int fetch_main(const struct fetch_opts *o)
{
	struct volumes v;
	struct err e = { 0 };
	struct extract_stats st = { 0 };
	struct src *s = xcalloc(1, sizeof(*s));
	int rc = 0;

	signal(SIGPIPE, SIG_IGN);
	catch_stop();
	if (o->sha256 && *o->sha256 && !sha_valid(o->sha256)) {
		log_err(LEAPP_INIT_LOG_ERROR, "$" LEAPP_ENV_IMAGE_SHA256 "=%s: not 64 hex digits", o->sha256);
		free(s);
		return 1;
	}
	if (volumes_open(o->dir, &v, &e) < 0 || fchdir(v.dirfd) < 0) {
		log_err(LEAPP_INIT_LOG_ERROR, "%s", e.code ? e.msg : strerror(errno));
		free(s);
		return 1;
	}
	/* A restarted init container may find a partial copy. */
	if (volumes_empty(&v, &e) < 0) {
		rc = failed(o, &v, e.msg);
		goto out;
	}
	log_out(LEAPP_LOG_DOWNLOADING, "%s", o->url);
	sha256_init(&s->h);
	s->stall_ms = o->stall_timeout_ms;
	if (download(o, &v, s, &st, &e) < 0) {
		rc = failed(o, &v, e.msg);
		goto out;
	}
	uint8_t d[SHA256_DIGEST_SIZE];
	char got[65];
	sha256_digest(&s->h, sizeof(d), d);
	hex(d, got);
	if (o->sha256 && *o->sha256) {
		if (strcasecmp(got, o->sha256)) {
			log_err(LEAPP_LOG_SHA_MISMATCH, "the machine image from %s hashes to %s, not %s: it is damaged or not the archive these objects were made for; nothing was kept",
				o->url, got, o->sha256);
			volumes_empty(&v, &e);
			rc = 1;
			goto out;
		}
		log_out(LEAPP_LOG_SHA_OK, "%s", got);
	}
	report(&st);
	journal_dir(&v);
	log_out(LEAPP_LOG_UNPACKED, "%s", "");
out:
	extract_stats_free(&st);
	volumes_close(&v);
	free(s);
	return rc;
}
