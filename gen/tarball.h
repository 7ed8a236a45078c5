/* The machine image: a macrocontainer's tree as one pax archive, faithful
 * to every byte, owner, mode, link, label and ACL, written whole or not at
 * all, with its SHA-256 computed on the way out. */
#ifndef OC_TARBALL_H
#define OC_TARBALL_H
#include "err.h"
#include "xalloc.h"

enum tb_compression { TB_GZIP, TB_ZSTD, TB_XZ, TB_NONE };

struct tb_opts {
	const char *src;	/* the machine's root directory */
	const char *output;	/* a file, or "-" for standard output */
	enum tb_compression comp;
	int level;		/* -1: the compressor's default */
	int threads;		/* 0: one per CPU for zstd and xz */
	int force;		/* replace an existing output */
	int quiet;		/* no progress line, even on a terminal */
	int skip_unreadable;	/* leave unreadable entries out instead of failing */
	int no_sparse;		/* holes stored as zeros, for readers without pax
				 * sparse support (busybox tar) */
};

struct tb_result {
	char sha256[65];
	unsigned long long entries;	/* stored (hard links and directories count) */
	unsigned long long bytes_in;	/* file data read */
	unsigned long long bytes_out;	/* archive bytes written */
	struct strlist skipped;		/* unreadable paths left out */
	char *sha_path;			/* FILE.sha256, NULL for "-" */
};

int tb_compression_parse(const char *s, enum tb_compression *c);
const char *tb_compression_name(enum tb_compression c);
const char *tb_suffix(enum tb_compression c);	/* ".tar.gz" ... ".tar" */
/* The compression a file name's suffix says; -1 when it says none we know. */
int tb_compression_of(const char *name, enum tb_compression *c);
/* Level and threads within what the compressor takes (EXIT_USAGE). */
int tb_check_opts(const struct tb_opts *o, struct err *e);

/* Writes the archive of o->src to o->output (a temporary file beside it,
 * renamed at the end; FILE.sha256 beside it). On failure or SIGINT/SIGTERM
 * nothing is left behind and e says why. */
int tb_write(const struct tb_opts *o, struct tb_result *r, struct err *e);
void tb_result_free(struct tb_result *r);

/* "1.5 GiB" */
void tb_human_bytes(unsigned long long n, char *buf, size_t len);

#endif
