/* leapp-init fetch's unpacking of the machine image (init/extract.c) into
 * the pod's volumes: the bytes as the downloaded stream (tar, with the
 * filters fetch reads). Besides what the sanitizers see, the promise is
 * checked: nothing lands outside the volumes. The volumes (etc, home, usr,
 * var) are in work/, beside an empty outside/ that must stay empty, and
 * work/ must hold nothing but them afterwards. */
#include "init/extract.h"
#include "fuzz.h"

#include <archive.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *base, *work, *outside;
static struct volumes vols;
static int home = -1;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const names[] = { "etc", "home", "usr", "var", NULL };
	struct err e = { 0 };

	fz_sandbox(*argc, *argv);
	base = fz_path("x");
	work = malloc(strlen(base) + 16);
	outside = malloc(strlen(base) + 16);
	sprintf(work, "%s/work", base);
	sprintf(outside, "%s/outside", base);
	mkdir(base, 0755);
	mkdir(work, 0755);
	mkdir(outside, 0755);
	for (int i = 0; names[i]; i++) {
		char *p = malloc(strlen(work) + 8);
		sprintf(p, "%s/%s", work, names[i]);
		mkdir(p, 0755);
		free(p);
	}
	home = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (home < 0 || volumes_open(work, &vols, &e) < 0)
		FZ_FAIL();
	return 0;
}

static size_t entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;

	if (!d)
		return (size_t)-1;
	while ((de = readdir(d)))
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct archive *a = archive_read_new();
	struct extract_stats st = { 0 };
	struct err e = { 0 };

	archive_read_support_format_tar(a);
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_filter_bzip2(a);
	if (fchdir(vols.dirfd) < 0)	/* extract_all works from the volumes' directory */
		FZ_FAIL();
	if (archive_read_open_memory(a, data, size) == ARCHIVE_OK && extract_all(a, &vols, &st, &e) < 0 && !e.code)
		FZ_FAIL();	/* a failure says why */
	if (getenv("OC_LEAPP_FUZZ_VERBOSE"))
		fprintf(stderr, "extract: %s (%llu entries)\n", e.code ? e.msg : "ok", (unsigned long long)st.entries);
	archive_read_free(a);
	extract_stats_free(&st);
	if (fchdir(home) < 0)
		FZ_FAIL();
	if (entries(outside) != 0 || entries(base) != 2 || entries(work) != 4)
		FZ_FAIL();	/* something landed outside the volumes */
	if (volumes_empty(&vols, &e) < 0)
		FZ_FAIL();
	return 0;
}
