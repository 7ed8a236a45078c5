/* gzip on every core, in pigz's way: the stream is cut into blocks of
 * 128 KiB, each deflated by a worker thread with the previous block's last
 * 32 KiB as its dictionary and ended with a sync flush, so that the pieces
 * join into one deflate stream: one gzip member, which gunzip, busybox and
 * zlib read as any other. The CRC-32s of the blocks are joined with
 * crc32_combine(). The output depends only on the input and the level (not
 * on the number of threads, nor on how the input is handed in): the same
 * tar stream gives the same bytes. */
#ifndef OC_PGZIP_H
#define OC_PGZIP_H
#include <stddef.h>

/* Receives the compressed bytes in order; returns 0, or -1 to stop. */
typedef int (*pgz_out_fn)(void *ctx, const void *buf, size_t n);

struct pgz;

/* level 1-9; threads 0 for one per CPU. NULL when threads cannot start. */
struct pgz *pgz_new(int level, int threads, pgz_out_fn out, void *ctx);
/* 0, or -1 once the output callback has failed. */
int pgz_write(struct pgz *z, const void *buf, size_t n);
/* Compresses what is left and writes the gzip trailer: 0 or -1. */
int pgz_finish(struct pgz *z);
/* Stops the threads (finished or not) and frees everything. */
void pgz_free(struct pgz *z);

#endif
