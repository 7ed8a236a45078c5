/* Reading a macrocontainer (gen/machine.c) over a small tree the bytes make
 * (fz_tree: "== PATH" entries, the machine's root at their top): its OS
 * from etc/os-release, usr/lib/os-release or etc/redhat-release, its init
 * system and systemd's version (the binary's banner, the shared library's
 * name, dpkg's status), its top-level directories and links, their sizes. */
#include "fuzz.h"
#include "gen/machine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *root;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_sandbox(*argc, *argv);
	root = fz_path("root");
	fz_rmtree(root);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct machine m;
	struct err e = { 0 };
	char *tree = malloc(strlen(root) + 8);

	sprintf(tree, "%s/m", root);
	fz_tree(root, (const uint8_t *)"", 0);	/* root made empty */
	fz_tree(tree, data, size);
	if (machine_open(root, "m", &m, &e) == 0) {
		if (!m.ndirs)
			FZ_FAIL();	/* success has something to carry */
		machine_measure(&m, &e);
	} else if (!e.code) {
		FZ_FAIL();
	}
	machine_free(&m);	/* after a failure too, as generate does */
	systemd_banner_version((const char *)data, size);
	free(tree);
	return 0;
}
