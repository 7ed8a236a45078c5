#include "gen/caps.h"
#include "lib/fsutil.h"
#include "lib/strbuf.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>

/* Every Linux capability (linux/capability.h, 5.x), without CAP_. */
static const char *const all_caps[] = {
	"AUDIT_CONTROL", "AUDIT_READ", "AUDIT_WRITE", "BLOCK_SUSPEND", "BPF", "CHECKPOINT_RESTORE", "CHOWN",
	"DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "IPC_LOCK", "IPC_OWNER", "KILL", "LEASE",
	"LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE", "MKNOD", "NET_ADMIN", "NET_BIND_SERVICE",
	"NET_BROADCAST", "NET_RAW", "PERFMON", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_ADMIN",
	"SYS_BOOT", "SYS_CHROOT", "SYS_MODULE", "SYS_NICE", "SYS_PACCT", "SYS_PTRACE", "SYS_RAWIO",
	"SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "SYSLOG", "WAKE_ALARM", NULL,
};
/* CRI-O's default_capabilities, as OpenShift 4 ships them. */
static const char *const runtime_default[] = {
	"CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "SETGID", "SETUID", "SETPCAP", "NET_BIND_SERVICE", "KILL", NULL,
};
/* The Pod Security Standards' baseline: capabilities.add may hold these only. */
static const char *const baseline[] = {
	"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
	"SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT", NULL,
};

#define CAP_NET_RAW_BIT 13

static int in_list(const char *const *l, const char *s)
{
	for (; *l; l++)
		if (!strcmp(*l, s))
			return 1;
	return 0;
}

const char *const *cap_all(void)
{
	return all_caps;
}

int cap_in_baseline(const char *cap)
{
	return in_list(baseline, cap);
}

int cap_in_runtime_default(const char *cap)
{
	return in_list(runtime_default, cap);
}

char *cap_normalize(const char *word)
{
	char *c = xstrdup(word);

	for (char *p = c; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	if (!strncmp(c, "CAP_", 4))
		memmove(c, c + 4, strlen(c + 4) + 1);
	if (in_list(all_caps, c))
		return c;
	free(c);
	return NULL;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int cap_xattr_has(const unsigned char *data, size_t len, unsigned bit)
{
	/* magic_etc, then {permitted, inheritable} per 32 bits: one pair in
	 * revision 1, two in 2 and 3 (3 adds the namespace's root uid) */
	if (len < 12 || bit >= 64)
		return 0;
	uint32_t rev = le32(data) & 0xff000000u;
	size_t words = rev == 0x01000000u ? 1 : 2;
	if ((rev != 0x01000000u && rev != 0x02000000u && rev != 0x03000000u) || len < 4 + 8 * words || bit / 32 >= words)
		return 0;
	return (le32(data + 4 + 8 * (bit / 32)) >> (bit % 32)) & 1;
}

/* ---- the machine's files ---- */

/* ping of iputils before 2015 opens raw ICMP sockets: installed setuid root
 * (RHEL 6) or with the file capability cap_net_raw (RHEL 7). Newer ones use
 * ICMP datagram sockets and need nothing. */
static int ping_raw(const struct machine *m, char **detail)
{
	static const char *const where[] = { "bin/ping", "usr/bin/ping", "sbin/ping", "usr/sbin/ping", NULL };

	for (size_t i = 0; where[i]; i++) {
		char *host = machine_resolve(m->path, where[i]);
		struct stat st;
		unsigned char buf[32];
		ssize_t n;
		int hit = 0;
		if (host && stat(host, &st) == 0 && S_ISREG(st.st_mode)) {
			if (st.st_mode & S_ISUID) {
				*detail = xasprintf("%s is setuid", where[i]);
				hit = 1;
			} else if ((n = getxattr(host, "security.capability", buf, sizeof(buf))) > 0 &&
				   cap_xattr_has(buf, (size_t)n, CAP_NET_RAW_BIT)) {
				*detail = xasprintf("%s has the file capability cap_net_raw", where[i]);
				hit = 1;
			}
		}
		free(host);
		if (hit)
			return 1;
	}
	return 0;
}

/* Does master.cf run a service chrooted? Its fifth column: y, n, or "-"
 * for the default, which is y before Postfix 3.0 (whose main.cf carries a
 * compatibility_level) and n from 3.0 on. */
static int postfix_chroots(const struct machine *m, char **detail)
{
	char *mc = machine_resolve(m->path, "etc/postfix/master.cf");
	char *mainc = machine_resolve(m->path, "etc/postfix/main.cf");
	char *text = NULL, *main_text = NULL, *save = NULL;
	struct err e = { 0 };
	struct strbuf names = STRBUF_INIT;
	int count = 0;

	if (mc && read_regular_file(mc, 1u << 20, &text, NULL, &e) == 0) {
		int dash_is_yes = !(mainc && read_regular_file(mainc, 1u << 20, &main_text, NULL, &e) == 0 &&
				    strstr(main_text, "compatibility_level"));
		for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
			char *f[5], *s2 = NULL;
			int k = 0;
			if (l[0] == '#' || isspace((unsigned char)l[0]))
				continue;	/* comments, and continuations of the line before */
			for (char *w = strtok_r(l, " \t", &s2); w && k < 5; w = strtok_r(NULL, " \t", &s2))
				f[k++] = w;
			if (k == 5 && (!strcmp(f[4], "y") || (!strcmp(f[4], "-") && dash_is_yes))) {
				if (count++ < 3)
					sb_addf(&names, "%s%s", count > 1 ? ", " : "", f[0]);
			}
		}
	}
	if (count)
		*detail = xasprintf("%s%s", sb_str(&names), count > 3 ? ", ..." : "");
	sb_free(&names);
	free(text);
	free(main_text);
	free(mc);
	free(mainc);
	return count > 0;
}

/* ---- the table ---- */

/* A known need: the service (any of the names, as services.h gives them;
 * NULL: any machine), the capability, a test of the machine's files when
 * the service alone does not tell (detail fills why's %s), why, and who
 * needs it when no service says (for the SCC's description). */
static const struct need {
	const char *services, *cap;
	int (*applies)(const struct machine *m, char **detail);
	const char *why, *who;
} needs[] = {
	{ "sshd ssh", "SYS_CHROOT", NULL,
	  "sshd's privilege separation chroots into an empty directory for every connection "
	  "(chroot(\"/var/empty/sshd\"): Operation not permitted, and no login, without it)" },
	{ "sshd ssh", "AUDIT_WRITE", NULL,
	  "sshd sends each login to the audit system and refuses the login when it cannot "
	  "(linux_audit_write_entry failed: Operation not permitted)" },
	{ "crond cron", "AUDIT_WRITE", NULL,
	  "crond opens a PAM session as root for every job, and libpam 1.1 (RHEL/CentOS 6 and 7) fails it "
	  "when its audit record cannot be sent: no job runs" },
	{ "atd", "AUDIT_WRITE", NULL,
	  "atd opens a PAM session as root for every job, which libpam 1.1 fails without the audit record" },
	{ "vsftpd", "SYS_CHROOT", NULL,
	  "vsftpd runs each session's unprivileged side chrooted in its secure_chroot_dir" },
	{ "vsftpd", "AUDIT_WRITE", NULL,
	  "vsftpd logs users in through PAM as root, which libpam 1.1 fails without the audit record" },
	{ "dovecot", "SYS_CHROOT", NULL,
	  "dovecot's login processes chroot into their login directory" },
	{ "postfix", "SYS_CHROOT", postfix_chroots,
	  "postfix's master.cf runs services chrooted in /var/spool/postfix (%s)" },
	{ NULL, "NET_RAW", ping_raw,
	  "ping opens raw ICMP sockets (%s), for root and for the users it lets ping", "ping" },
};

/* Known needs not asked for, said in a note: what they would grant the pod
 * belongs to the node. */
static const struct unasked {
	const char *services, *cap, *why;
} unasked[] = {
	{ "chronyd ntpd", "SYS_TIME",
	  "the clock is the node's (kept by its own chronyd); the service cannot set it and leapp-init does not start it" },
	{ "auditd", "AUDIT_CONTROL",
	  "the audit system is the node's; leapp-init does not start auditd" },
};

/* The first of the space-separated names that is an enabled service, into
 * word; NULL when none is. */
static const char *enabled_one(const char *names, const struct strlist *services, char word[64])
{
	for (const char *p = names; *p;) {
		size_t n = strcspn(p, " ");
		if (n < 64) {
			memcpy(word, p, n);
			word[n] = '\0';
			if (strlist_has(services, word))
				return word;
		}
		p += n + (p[n] == ' ');
	}
	return NULL;
}

/* why with its "%s" (if any) replaced by detail: the table's texts are
 * data, never formats. */
static char *fill(const char *why, const char *detail)
{
	const char *at = strstr(why, "%s");

	if (!at)
		return xstrdup(why);
	return xasprintf("%.*s%s%s", (int)(at - why), why, detail ? detail : "", at + 2);
}

static void add_need(struct cap_set *s, const char *cap, const char *who, const char *why)
{
	size_t i = 0;

	while (i < s->n && strcmp(s->v[i].cap, cap) < 0)
		i++;
	if (i < s->n && !strcmp(s->v[i].cap, cap)) {
		char *w = xasprintf("%s; %s", s->v[i].why, why), *o = xasprintf("%s, %s", s->v[i].who, who);
		free(s->v[i].why);
		free(s->v[i].who);
		s->v[i].why = w;
		s->v[i].who = o;
		return;
	}
	s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	memmove(&s->v[i + 1], &s->v[i], (s->n - i) * sizeof(*s->v));
	s->v[i].cap = xstrdup(cap);
	s->v[i].why = xstrdup(why);
	s->v[i].who = xstrdup(who);
	s->n++;
}

static void remove_need(struct cap_set *s, size_t i)
{
	free(s->v[i].cap);
	free(s->v[i].why);
	free(s->v[i].who);
	memmove(&s->v[i], &s->v[i + 1], (s->n - i - 1) * sizeof(*s->v));
	s->n--;
}

static long find_need(const struct cap_set *s, const char *cap)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].cap, cap))
			return (long)i;
	return -1;
}

void caps_derive(const struct machine *m, const struct strlist *services, struct cap_set *out, struct strlist *notes)
{
	for (size_t i = 0; i < sizeof(needs) / sizeof(needs[0]); i++) {
		const struct need *n = &needs[i];
		char word[64];
		const char *svc = n->services ? enabled_one(n->services, services, word) : NULL;
		char *detail = NULL;
		if ((n->services && !svc) || (n->applies && !n->applies(m, &detail)))
			continue;
		char *why = fill(n->why, detail);
		char *line = svc && strncmp(why, svc, strlen(svc)) ? xasprintf("%s: %s", svc, why) : xstrdup(why);
		add_need(out, n->cap, svc ? svc : n->who, line);
		free(line);
		free(why);
		free(detail);
	}
	for (size_t i = 0; i < sizeof(unasked) / sizeof(unasked[0]); i++) {
		char word[64];
		const char *svc = enabled_one(unasked[i].services, services, word);
		if (svc) {
			char *note = xasprintf("%s would need %s, not asked for: %s", svc, unasked[i].cap, unasked[i].why);
			strlist_push(notes, note);
			free(note);
		}
	}
}

int caps_apply(struct cap_set *s, const struct strlist *words, struct strlist *notes, struct err *e)
{
	for (size_t i = 0; i < words->n; i++) {
		const char *w = words->v[i];
		int remove = w[0] == '-';
		char *cap = cap_normalize(w + (w[0] == '-' || w[0] == '+'));
		char *note = NULL;
		long at;

		if (!cap)
			return err_set(e, EXIT_USAGE,
				       "invalid --capabilities \"%s\": give +CAP or -CAP, CAP a Linux capability such as SYS_CHROOT, AUDIT_WRITE or NET_RAW "
				       "(not ALL: a machine that needs every capability needs the privileged SCC, which generate does not grant)",
				       w);
		at = find_need(s, cap);
		if (remove && at >= 0) {
			note = xasprintf("%s is not asked for (--capabilities -%s), though %s", cap, cap, s->v[at].why);
			remove_need(s, (size_t)at);
		} else if (remove) {
			note = xasprintf("--capabilities -%s: the machine was not asking for it", cap);
		} else if (cap_in_runtime_default(cap)) {
			note = xasprintf("--capabilities +%s: every container has it already (the runtime's default set)", cap);
		} else if (at < 0) {
			add_need(s, cap, "--capabilities", "asked for by --capabilities");
		}
		if (note)
			strlist_push(notes, note);
		free(note);
		free(cap);
	}
	return 0;
}

void cap_set_free(struct cap_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].cap);
		free(s->v[i].why);
		free(s->v[i].who);
	}
	free(s->v);
	s->v = NULL;
	s->n = 0;
}
