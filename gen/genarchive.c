/* generate --archive: the machine image written beside the manifests, under
 * the name the Dockerfile ADDs or the image URL ends with. */
#include "lib/fsutil.h"
#include "gen/generate.h"
#include "gen/tarball.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int gen_archive(struct gen_plan *p, struct err *e)
{
	const char *dest = p->o->dest ? p->o->dest : ".";
	struct tb_opts t = { .src = p->m.path, .level = -1, .force = p->o->force };
	struct tb_result r = { 0 };
	char *path;
	int rc;

	if (tb_compression_of(p->archive_file, &t.comp) < 0)
		t.comp = TB_GZIP;
	/* busybox's tar (--init-image, --legacy-init-annotation) would unpack a
	 * pax sparse file as a directory named GNUSparseFile.0: the holes go in
	 * as zeros, which gzip makes small. leapp-init fetch reads them. */
	t.no_sparse = p->mode == GEN_MULTIVOLUME && !p->fetch;
	/* Image layers keep times to the second (the builders truncate them
	 * when they write the layer): the sub-second parts would only make
	 * the archive of many small files larger. */
	t.whole_seconds = p->mode == GEN_MACROIMAGE;
	if (mkdir_p(dest, e) < 0)
		return -1;
	path = path_join(dest, p->archive_file);
	t.output = path;
	rc = tb_write(&t, &r, e);
	if (!rc) {
		memcpy(p->sha256, r.sha256, sizeof(p->sha256));
		p->archive_path = path;
		path = NULL;
	}
	tb_result_free(&r);
	free(path);
	return rc;
}

void gen_archive_discard(struct gen_plan *p)
{
	if (!p->archive_path || p->o->force)
		return;
	char *sha = xasprintf("%s.sha256", p->archive_path);
	unlink(p->archive_path);
	unlink(sha);
	free(sha);
}
