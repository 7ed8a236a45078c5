/* The machine image: a macrocontainer's tree as one pax archive, faithful
 * to every byte, owner, mode, link, label and ACL, written whole or not at
 * all, with its SHA-256 computed on the way out. The tree is read by file
 * descriptors (gen/walk.h): what changes while it is read is left out with
 * a warning, never followed outside it. Sparse files keep their holes (pax
 * sparse, which GNU tar and libarchive restore without writing them); gzip
 * is compressed on every core (gen/pgzip.h). */
#ifndef OC_TARBALL_H
#define OC_TARBALL_H
#include "lib/err.h"
#include "lib/xalloc.h"

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
				 * sparse support (busybox tar); a file of more
				 * than 1 GiB of holes only is then stored empty,
				 * with a warning */
	int private_mode;	/* 0600 instead of what the umask allows */
	int whole_seconds;	/* modification times to the second, as tar -czf,
				 * bsdtar and image layers keep them: no pax header
				 * for the sub-second part */
};

struct tb_result {
	char sha256[65];
	unsigned long long entries;	/* stored (hard links and directories count) */
	unsigned long long bytes_in;	/* file data read */
	unsigned long long bytes_out;	/* archive bytes written */
	struct strlist skipped;		/* unreadable entries left out, one each */
	struct strlist unlisted;	/* directories archived without their
					 * contents, which could not be listed */
	struct strlist changed;		/* replaced or moved while read: left out */
	char *sha_path;			/* FILE.sha256, NULL for "-" */
	unsigned mode;			/* the archive's permission bits */
};

int tb_compression_parse(const char *s, enum tb_compression *c);
const char *tb_compression_name(enum tb_compression c);
const char *tb_suffix(enum tb_compression c);	/* ".tar.gz" ... ".tar" */
/* The compression a file name's suffix says; -1 when it says none we know. */
int tb_compression_of(const char *name, enum tb_compression *c);
/* The compression policy of `archive`: --compression (flag, NULL when not
 * given) when given, and then the output's name must not say another one (a
 * .tar.xz holding gzip would fool every reader that trusts the name); else
 * what the name says; else gzip. EXIT_USAGE errors. */
int tb_compression_choose(const char *flag, const char *output, enum tb_compression *c, struct err *e);
/* NAME.tar.gz, NAME.tar.zst ...: the output when none is given. */
char *tb_default_output(const char *name, enum tb_compression c);
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
