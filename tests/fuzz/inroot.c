/* Paths resolved inside a machine tree, three ways that promise the same:
 * generate's inroot_open (openat2 RESOLVE_IN_ROOT where the kernel has it),
 * its walk by hand (gen/inroot.c), and leapp-init's root_open
 * (init/rootfs.c). The bytes are a tree (fz_tree's "== PATH" entries), then
 * after a NUL the paths to open, one a line; each must open the same file
 * all three ways, or fail all three ways. */
#include "fuzz.h"
#include "gen/inroot.h"
#include "init/rootfs.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *root;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_sandbox(*argc, *argv);
	root = fz_path("machine");
	return 0;
}

/* The file an fd is, or 0 for a failed open. */
static unsigned long long ident(int fd)
{
	struct stat st;

	if (fd < 0)
		return 0;
	unsigned long long id = fstat(fd, &st) == 0 ? ((unsigned long long)st.st_dev << 40) ^ st.st_ino : 1;
	close(fd);
	return id;
}

static void check(int rootfd, const char *path, int nofollow)
{
	int flags = O_RDONLY | (nofollow ? O_NOFOLLOW | O_PATH : 0);
	unsigned long long a = ident(inroot_open(rootfd, path, flags));
	unsigned long long b = ident(inroot_open_byhand(rootfd, path, flags));
	unsigned long long c = ident(root_open(rootfd, path, nofollow ? O_RDONLY : O_RDONLY, nofollow ? ROOT_NOFOLLOW : 0, NULL));

	if (getenv("OC_LEAPP_FUZZ_VERBOSE"))
		fprintf(stderr, "inroot: %s%s: openat2 %llx, by hand %llx, root_open %llx\n", path,
			nofollow ? " (nofollow)" : "", a, b, c);
	if (a != b)
		FZ_FAIL();	/* the kernel's way and the walk by hand differ */
	if (!nofollow && a != c)
		FZ_FAIL();	/* generate and leapp-init see another file */
	char *canon = root_realpath(rootfd, path, 0);
	free(canon);
	free(inroot_resolve(root, path));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t tree = nul ? (size_t)(nul - data) : size;
	int rootfd;

	fz_tree(root, data, tree);
	if ((rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return 0;
	if (nul) {
		char *paths = fz_str(nul + 1, size - tree - 1), *save = NULL;
		int n = 0;
		for (char *p = strtok_r(paths, "\n", &save); p && n < 16; p = strtok_r(NULL, "\n", &save), n++) {
			check(rootfd, p, 0);
			check(rootfd, p, 1);
		}
		free(paths);
	}
	close(rootfd);
	return 0;
}
