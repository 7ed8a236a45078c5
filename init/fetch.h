/* leapp-init fetch: the multivolume init container. Spawns wget (busybox's,
 * no shell), hashes every byte it delivers with SHA-256, unpacks the stream
 * into the volumes under -C (extract.h), and on any failure (download,
 * archive, write, checksum) leaves the volumes empty and exits 1. */
#ifndef LEAPP_FETCH_H
#define LEAPP_FETCH_H

struct fetch_opts {
	const char *dir;	/* -C: where the volumes are mounted */
	const char *wget;	/* a busybox (argv "busybox wget ...") or a wget */
	const char *url, *sha256;	/* sha256 NULL or "": not checked */
	long long stall_timeout_ms;	/* no data for this long: give up */
};

int fetch_main(const struct fetch_opts *o);

#endif
