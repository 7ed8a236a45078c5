/* diagnose --from-file on an archive of an `oc adm inspect` directory: the
 * bytes as a file named .tar, read by libarchive (any compression it finds,
 * gzip included) through the same reading, assembly, rules and reports as
 * the offline target. */
#define INPUT_NAME "inspect.tar"
#include "offline.c"
