/* The swapper of the race tests: exchanges each pair of paths with
 * renameat2(RENAME_EXCHANGE) in a tight loop until it is killed, as a
 * hostile process inside a machine could while it is archived. Usage:
 * swap A1 B1 [A2 B2 ...]; it prints "ready" once the first swaps worked. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	unsigned long n = 0;

	if (argc < 3 || argc % 2 == 0) {
		fprintf(stderr, "usage: swap A B [A B ...]\n");
		return 2;
	}
	for (;;) {
		for (int i = 1; i + 1 < argc; i += 2)
			if (renameat2(AT_FDCWD, argv[i], AT_FDCWD, argv[i + 1], RENAME_EXCHANGE) < 0 && n < 1000) {
				perror("renameat2");
				return 1;
			}
		if (++n == 1000) {
			puts("ready");
			fflush(stdout);
		}
	}
}
