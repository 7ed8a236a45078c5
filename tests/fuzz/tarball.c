/* `oc-leapp archive` over a machine tree the bytes make (fz_tree's "== PATH"
 * entries): the walk by descriptors and the pax writer (gen/walk.c,
 * gen/tarball.c), uncompressed, then the archive read back by libarchive.
 * It must read back whole, with as many entries as the writer counted, and
 * no name that is absolute or climbs with "..". */
#include "fuzz.h"
#include "gen/tarball.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *root, *out;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_sandbox(*argc, *argv);
	root = fz_path("machine");
	out = fz_path("machine.tar");
	return 0;
}

static int climbs(const char *p)
{
	if (p[0] == '/')
		return 1;
	for (const char *s = p; (s = strstr(s, "..")); s += 2)
		if ((s == p || s[-1] == '/') && (s[2] == '\0' || s[2] == '/'))
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tb_opts o = { .src = root, .output = out, .comp = TB_NONE, .level = -1, .force = 1,
			     .quiet = 1, .skip_unreadable = 1, .no_sparse = size && (data[size - 1] & 1) };
	struct tb_result r;
	struct err e = { 0 };

	fz_tree(root, data, size);
	memset(&r, 0, sizeof(r));
	if (tb_write(&o, &r, &e) == 0) {
		struct archive *a = archive_read_new();
		struct archive_entry *ent;
		unsigned long long n = 0;
		int rc;
		archive_read_support_format_tar(a);
		if (archive_read_open_filename(a, out, 65536) != ARCHIVE_OK)
			FZ_FAIL();
		/* a warning (a name that is not UTF-8 in the C locale) is no failure */
		while ((rc = archive_read_next_header(a, &ent)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
			const char *name = archive_entry_pathname(ent);
			if (!name || climbs(name))
				FZ_FAIL();
			if (archive_read_data_skip(a) < ARCHIVE_WARN)
				FZ_FAIL();
			n++;
		}
		if (getenv("OC_LEAPP_FUZZ_VERBOSE"))
			fprintf(stderr, "tarball: %llu entries read back (%s), %llu written\n", n,
				rc == ARCHIVE_EOF ? "to the end" : archive_error_string(a), r.entries);
		if (rc != ARCHIVE_EOF || n != r.entries)
			FZ_FAIL();	/* the archive does not read back whole */
		archive_read_free(a);
	} else if (!e.code) {
		FZ_FAIL();
	}
	tb_result_free(&r);
	unlink(out);
	if (r.sha_path)
		unlink(r.sha_path);
	return 0;
}
