#include "init/cond.h"
#include "init/rootfs.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum judged { J_FALSE, J_TRUE, J_UNKNOWN };

static enum judged dir_not_empty(int rootfd, const char *p)
{
	int fd = root_open(rootfd, p, O_RDONLY | O_DIRECTORY, 0, NULL);
	if (fd < 0)
		return J_FALSE;
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return J_FALSE;
	}
	struct dirent *de;
	int any = 0;
	while (!any && (de = readdir(d)))
		any = strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	return any ? J_TRUE : J_FALSE;
}

static enum judged virtualization(const char *v, const char *virt)
{
	int b = parse_bool(v);

	if (b >= 0)
		return b ? J_TRUE : J_FALSE;
	if (!strcmp(v, "container"))
		return J_TRUE;
	if (!strcmp(v, "vm"))
		return J_FALSE;
	return virt && !strcmp(v, virt) ? J_TRUE : J_FALSE;
}

/* One check, without its ! and | prefixes. */
static enum judged judge(int rootfd, const char *kind, const char *v, const char *virt)
{
	struct stat st, lst;
	int found = root_stat(rootfd, v, 0, &st) == 0;

	if (!strcmp(kind, "PathExists"))
		return found ? J_TRUE : J_FALSE;
	if (!strcmp(kind, "PathIsDirectory"))
		return found && S_ISDIR(st.st_mode) ? J_TRUE : J_FALSE;
	if (!strcmp(kind, "PathIsSymbolicLink"))
		return root_stat(rootfd, v, ROOT_NOFOLLOW, &lst) == 0 && S_ISLNK(lst.st_mode) ? J_TRUE : J_FALSE;
	if (!strcmp(kind, "FileNotEmpty"))
		return found && S_ISREG(st.st_mode) && st.st_size > 0 ? J_TRUE : J_FALSE;
	if (!strcmp(kind, "FileIsExecutable"))
		return found && S_ISREG(st.st_mode) && (st.st_mode & 0111) ? J_TRUE : J_FALSE;
	if (!strcmp(kind, "DirectoryNotEmpty"))
		return dir_not_empty(rootfd, v);
	if (!strcmp(kind, "PathIsReadWrite"))
		return found ? J_TRUE : J_FALSE;	/* the volumes are writable */
	if (!strcmp(kind, "Virtualization"))
		return virtualization(v, virt);
	if (!strcmp(kind, "FirstBoot"))	/* a migrated machine has booted before */
		return parse_bool(v) == 1 ? J_FALSE : J_TRUE;
	if (!strcmp(kind, "Architecture"))
		return !strcmp(v, "x86-64") || !strcmp(v, "native") ? J_TRUE : J_FALSE;
	return J_UNKNOWN;
}

static const char *const kinds[] = {
	"PathExists", "PathExistsGlob", "PathIsDirectory", "PathIsSymbolicLink", "PathIsMountPoint",
	"PathIsReadWrite", "DirectoryNotEmpty", "FileNotEmpty", "FileIsExecutable", "Virtualization",
	"Host", "KernelCommandLine", "Security", "Capability", "ACPower", "NeedsUpdate", "FirstBoot",
	"Architecture", "User", "Group", "ControlGroupController", "KernelVersion", "Environment",
	"CPUs", "Memory", NULL
};

struct tally {
	int plain_false, any_trigger, trigger_true;
	char *why;
};

static void check_one(int rootfd, const char *key, const char *kind, const char *raw, const char *virt,
		      struct tally *t, struct strlist *unchecked)
{
	const char *v = raw;
	int trig = 0, neg = 0;

	if (*v == '|') {
		trig = 1;
		v++;
	}
	if (*v == '!') {
		neg = 1;
		v++;
	}
	enum judged j = judge(rootfd, kind, v, virt);
	if (j == J_UNKNOWN) {
		char *m = xasprintf("%s=%s", key, raw);
		strlist_push(unchecked, m);
		free(m);
		j = neg ? J_FALSE : J_TRUE;	/* assumed to hold */
	}
	int ok = (j == J_TRUE) != neg;
	if (trig) {
		t->any_trigger = 1;
		t->trigger_true |= ok;
	} else if (!ok) {
		t->plain_false = 1;
	}
	if (!ok && !t->why)
		t->why = xasprintf("%s=%s", key, raw);
}

/* One family (Condition or Assert): 1 when it holds. */
static int family(int rootfd, const struct unit *u, const char *prefix, const char *virt, char **why,
		  struct strlist *unchecked)
{
	struct tally t = { 0 };

	for (int k = 0; kinds[k]; k++) {
		struct strlist vals = { 0 };
		char *key = xasprintf("%s%s", prefix, kinds[k]);
		unit_get_list(u, "Unit", key, &vals);
		for (size_t i = 0; i < vals.n; i++)
			check_one(rootfd, key, kinds[k], vals.v[i], virt, &t, unchecked);
		strlist_free(&vals);
		free(key);
	}
	int holds = !t.plain_false && (!t.any_trigger || t.trigger_true);
	if (!holds && why && !*why)
		*why = t.why ? t.why : xstrdup("no triggering condition holds");
	else
		free(t.why);
	return holds;
}

int cond_check(int rootfd, const struct unit *u, const char *virt, char **why, struct strlist *unchecked)
{
	*why = NULL;
	if (!family(rootfd, u, "Assert", virt, why, unchecked))
		return COND_ASSERT_FAILED;
	if (!family(rootfd, u, "Condition", virt, why, unchecked))
		return COND_FALSE;
	return COND_TRUE;
}
