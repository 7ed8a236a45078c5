/* What every harness shares: see fuzz.h. */
#include "fuzz.h"

#include <errno.h>
#include <sanitizer/common_interface_defs.h>
#include <fcntl.h>
#include <ftw.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

static char dir[4096];
static int sandboxed;

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(p);
	else
		unlink(p);
	return 0;
}

void fz_rmtree(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void remove_dir(void)
{
	if (!dir[0])
		return;
	if (sandboxed)
		umount2(dir, MNT_DETACH);
	fz_rmtree(dir);
}

static void make_dir(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/oc-leapp-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("fuzz: mkdtemp");
		abort();
	}
	atexit(remove_dir);
}

const char *fz_dir(void)
{
	if (!dir[0])
		make_dir();
	return dir;
}

char *fz_path(const char *name)
{
	size_t n = strlen(fz_dir()) + strlen(name) + 2;
	char *p = malloc(n);

	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

char *fz_write(const char *name, const void *data, size_t size)
{
	char *p = fz_path(name);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size)) {
		perror(p);
		abort();
	}
	close(fd);
	return p;
}

char *fz_str(const uint8_t *data, size_t size)
{
	size_t n = strnlen((const char *)data, size);
	char *s = malloc(n + 1);

	memcpy(s, data, n);
	s[n] = '\0';
	return s;
}

char *fz_field(const uint8_t *data, size_t size, size_t *pos)
{
	if (*pos >= size)
		return strdup("");
	char *s = fz_str(data + *pos, size - *pos);
	*pos += strlen(s) + 1;
	return s;
}

void fz_fail(const char *file, int line)
{
	char msg[512];

	snprintf(msg, sizeof(msg), "fuzz: the code under test broke the promise checked at %s:%d", file, line);
	__sanitizer_report_error_summary(msg);
	abort();
}

/* ---- the sandbox ---- */

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	int ok = fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text);

	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

/* Not root: a user namespace first, where this user is root. */
static int enter_namespaces(void)
{
	uid_t uid = getuid();
	gid_t gid = getgid();
	char map[64];

	if (uid == 0)
		return unshare(CLONE_NEWNS | CLONE_NEWNET);
	if (unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET) < 0)
		return -1;
	write_text("/proc/self/setgroups", "deny");
	snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)uid, (unsigned)uid);
	if (write_text("/proc/self/uid_map", map) < 0)
		return -1;
	snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)gid, (unsigned)gid);
	return write_text("/proc/self/gid_map", map);
}

#define KEEP_MAX 64
static char *keep[KEEP_MAX];
static size_t nkeep;

static void keep_writable(const char *path)
{
	char *real = realpath(path, NULL);

	if (!real || nkeep == KEEP_MAX) {
		free(real);
		return;
	}
	keep[nkeep++] = real;
}

static int is_kept(const char *mnt)
{
	for (size_t i = 0; i < nkeep; i++) {
		size_t n = strlen(keep[i]);
		if (!strncmp(mnt, keep[i], n) && (mnt[n] == '\0' || mnt[n] == '/' || !strcmp(keep[i], "/")))
			return 1;
	}
	return 0;
}

/* Where libFuzzer writes: artifacts, the corpus directories it adds to. */
static void libfuzzer_paths(int argc, char **argv)
{
	char cwd[4096];

	if (getcwd(cwd, sizeof(cwd)))
		keep_writable(cwd);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		struct stat st;
		if (!strncmp(a, "-artifact_prefix=", 17) || !strncmp(a, "-exact_artifact_path=", 21)) {
			char *v = strdup(strchr(a, '=') + 1), *slash = strrchr(v, '/');
			if (slash && !strncmp(a, "-artifact_prefix=", 17) && slash[1])
				*slash = '\0';	/* a prefix: its directory */
			else if (slash && strncmp(a, "-artifact_prefix=", 17))
				*slash = '\0';
			keep_writable(slash == v ? "/" : v);
			free(v);
		} else if (a[0] != '-' && stat(a, &st) == 0 && S_ISDIR(st.st_mode)) {
			keep_writable(a);
		}
	}
}

static unsigned long mount_flags(const char *mnt)
{
	struct statvfs sv;
	unsigned long f = MS_REMOUNT | MS_BIND | MS_RDONLY;

	if (statvfs(mnt, &sv) < 0)
		return f;
	/* a remount must keep the flags a user namespace may not clear */
	if (sv.f_flag & ST_NOSUID)
		f |= MS_NOSUID;
	if (sv.f_flag & ST_NODEV)
		f |= MS_NODEV;
	if (sv.f_flag & ST_NOEXEC)
		f |= MS_NOEXEC;
	if (sv.f_flag & ST_NOATIME)
		f |= MS_NOATIME;
	if (sv.f_flag & ST_NODIRATIME)
		f |= MS_NODIRATIME;
	if (sv.f_flag & ST_RELATIME)
		f |= MS_RELATIME;
	return f;
}

/* mountinfo escapes ' ', '\t', '\n' and '\\' as \ooo. */
static void unescape(char *s)
{
	char *w = s;

	for (char *r = s; *r; r++) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] && r[3]) {
			*w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
			r += 3;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

static void everything_read_only(void)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[8192];

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char mnt[4096];
		if (sscanf(line, "%*s %*s %*s %*s %4095s", mnt) != 1)
			continue;
		unescape(mnt);
		if (!is_kept(mnt))
			mount(NULL, mnt, NULL, mount_flags(mnt), NULL);
	}
	fclose(f);
}

int fz_sandboxed(void)
{
	return sandboxed;
}

int fz_sandbox(int argc, char **argv)
{
	static int done;

	if (done)
		return sandboxed;
	done = 1;
	libfuzzer_paths(argc, argv);
	fz_dir();
	if (getenv("OC_LEAPP_FUZZ_NO_SANDBOX") || enter_namespaces() < 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("oc-leapp-fuzz", dir, "tmpfs", MS_NOSUID | MS_NODEV, "size=256m,mode=0700") < 0) {
		fprintf(stderr, "fuzz: no sandbox here (%s): the steps that write are left out\n",
			getenv("OC_LEAPP_FUZZ_NO_SANDBOX") ? "OC_LEAPP_FUZZ_NO_SANDBOX" : strerror(errno));
		return 0;
	}
	sandboxed = 1;
	keep_writable(dir);
	for (size_t i = 0; i < nkeep; i++)
		if (strcmp(keep[i], dir))
			mount(keep[i], keep[i], NULL, MS_BIND | MS_REC, NULL);
	everything_read_only();
	/* the working directory is still the one under the bind mount, now
	 * read-only: enter it again, through the writable one on top */
	char cwd[4096];
	if (getcwd(cwd, sizeof(cwd)) && chdir(cwd) < 0)
		perror("fuzz: chdir");
	/* it holds only if "/" itself refuses a new file */
	int fd = open("/.oc-leapp-fuzz-probe", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0 || errno != EROFS) {
		if (fd >= 0) {
			close(fd);
			unlink("/.oc-leapp-fuzz-probe");
		}
		fprintf(stderr, "fuzz: the sandbox did not make / read-only: the steps that write are left out\n");
		sandboxed = 0;
	}
	return sandboxed;
}

/* ---- a machine tree from the bytes ---- */

/* Opens (making what is missing) the directories of rel under dirfd, never
 * through a link; the last component is left in *last. -1 when refused. */
static int walk_parent(int dirfd, char *rel, char **last)
{
	int fd = dup(dirfd), depth = 0;
	char *save = NULL, *c = strtok_r(rel, "/", &save), *next;

	for (; c; c = next) {
		next = strtok_r(NULL, "/", &save);
		if (!strcmp(c, ".") || !strcmp(c, "..") || ++depth > 16) {
			close(fd);
			return -1;
		}
		if (!next) {
			*last = c;
			return fd;
		}
		mkdirat(fd, c, 0755);
		int sub = openat(fd, c, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		close(fd);
		if (sub < 0)
			return -1;
		fd = sub;
	}
	close(fd);
	return -1;
}

static int points_out(const char *target)
{
	if (target[0] == '/')
		return 1;
	for (const char *p = target; (p = strstr(p, "..")); p += 2)
		if ((p == target || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
			return 1;
	return 0;
}

/* One entry: its header line (after "== ") and its content. */
static void make_entry(int rootfd, char *head, const char *content, size_t clen)
{
	char *arrow = strstr(head, " -> "), *last = NULL;
	size_t hl = strlen(head);
	int exec = 0, isdir = 0;

	if (arrow)
		*arrow = '\0';
	else if (hl >= 2 && !strcmp(head + hl - 2, " *"))
		head[hl - 2] = '\0', exec = 1;
	else if (hl && head[hl - 1] == '/')
		isdir = 1;
	if (!*head || head[0] == '/' || strlen(head) > 240)
		return;
	if (isdir) {
		int fd = walk_parent(rootfd, head, &last);
		if (fd >= 0) {
			mkdirat(fd, last, 0755);
			close(fd);
		}
		return;
	}
	int fd = walk_parent(rootfd, head, &last);
	if (fd < 0)
		return;
	if (arrow) {
		const char *target = arrow + 4;
		if (*target && (fz_sandboxed() || !points_out(target)))
			symlinkat(target, fd, last);
	} else {
		int f = openat(fd, last, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, exec ? 0755 : 0644);
		if (f >= 0) {
			if (clen && write(f, content, clen) < 0)
				perror("fuzz: write");
			close(f);
		}
	}
	close(fd);
}

void fz_tree(const char *root, const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	int rootfd, entries = 0;

	fz_rmtree(root);
	if (mkdir(root, 0755) < 0 || (rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return;
	/* to the first entry */
	while (p < end && !(end - p >= 3 && !memcmp(p, "== ", 3) && (p == (const char *)data || p[-1] == '\n'))) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	while (p < end && entries++ < 96) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *hend = nl ? nl : end;
		char *head = strndup(p + 3, (size_t)(hend - p - 3));
		const char *content = nl ? nl + 1 : end, *c = content;
		while (c < end && !(end - c >= 3 && !memcmp(c, "== ", 3) && c[-1] == '\n')) {
			const char *n2 = memchr(c, '\n', (size_t)(end - c));
			c = n2 ? n2 + 1 : end;
		}
		if (strlen(head) == (size_t)(hend - p - 3))	/* no NUL in a name */
			make_entry(rootfd, head, content, (size_t)(c - content));
		free(head);
		p = c;
	}
	close(rootfd);
}
