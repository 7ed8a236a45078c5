/* --tcp/--udp ([EXPOSED:]PORT) and --ip (gen/netspec.c), with what the
 * header promises checked: a parsed port is 1-65535, a valid address is
 * one inet_pton reads. */
#include "fuzz.h"
#include "gen/netspec.h"

#include <arpa/inet.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_sandbox(*argc, *argv);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fz_str(data, size);
	struct portspec p = { 0 };
	unsigned char buf[16];

	if (port_parse(s, &p) == 0 &&
	    (p.exposed < 1 || p.exposed > 65535 || p.target < 1 || p.target > 65535))
		FZ_FAIL();
	port_looks_like(s);
	if (ip_valid(s) && inet_pton(AF_INET, s, buf) != 1 && inet_pton(AF_INET6, s, buf) != 1)
		FZ_FAIL();
	ip_looks_like(s);
	free(s);
	return 0;
}
