/* --registry against the image reference grammar (gen/imageref.c), and the
 * join generate makes of it: an accepted registry joined with a name has
 * no doubled '/'. */
#include "fuzz.h"
#include "gen/imageref.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_sandbox(*argc, *argv);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fz_str(data, size), *why = registry_check(s);
	char *j = image_repo_join(s, "leapp-web");

	if (!why && strstr(j, "//"))
		FZ_FAIL();
	free(why);
	free(j);
	free(s);
	return 0;
}
