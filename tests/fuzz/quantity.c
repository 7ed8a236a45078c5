/* Resource quantities (gen/quantity.c): the parser and the checks of
 * --memory and --cpu, whose messages quote the value. */
#include "fuzz.h"
#include "gen/quantity.h"

#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_sandbox(*argc, *argv);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fz_str(data, size);
	long double v;
	int binary, milli;

	if (quantity_parse(s, &v, &binary, &milli) == 0 && binary && milli)
		FZ_FAIL();
	free(quantity_check_memory(s));
	free(quantity_check_cpu(s));
	free(s);
	return 0;
}
