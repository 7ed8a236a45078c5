#include "gen/pgzip.h"
#include "lib/xalloc.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define BLOCK (128u * 1024u)
#define DICT 32768u
#define MAX_THREADS 64

enum { JOB_FREE, JOB_QUEUED, JOB_RUNNING, JOB_DONE };

/* One block: its dictionary (the previous block's tail) and its data side
 * by side in buf, and what they deflate to. */
struct job {
	unsigned char *buf;	/* DICT + BLOCK */
	size_t dict_len, len;
	unsigned char *out;
	size_t out_len, out_cap;
	uLong crc;
	int last;
	int state;
	int failed;		/* zlib refused (out of memory) */
};

struct pgz {
	int level, nthreads, started;
	pthread_t threads[MAX_THREADS];
	pthread_mutex_t mu;
	pthread_cond_t work, done;
	struct job *jobs;
	size_t njobs;
	size_t fill;		/* the block being filled by the caller */
	size_t run;		/* the next block a worker takes */
	size_t emit;		/* the oldest block not yet written */
	int stop;		/* workers leave */
	int failed;		/* the output (or zlib) failed: everything else is refused */
	int finished;
	uLong crc;
	unsigned long long total;
	pgz_out_fn out;
	void *ctx;
	z_stream own;		/* the caller's thread compresses too while it waits */
	int own_ok;
};

static int deflate_job(z_stream *s, struct job *j)
{
	size_t need = deflateBound(s, (uLong)j->len) + 64;
	int rc;

	if (j->out_cap < need) {
		free(j->out);
		j->out = xmalloc(need);
		j->out_cap = need;
	}
	if (deflateReset(s) != Z_OK)
		return -1;
	if (j->dict_len && deflateSetDictionary(s, j->buf, (uInt)j->dict_len) != Z_OK)
		return -1;
	s->next_in = j->buf + j->dict_len;
	s->avail_in = (uInt)j->len;
	s->next_out = j->out;
	s->avail_out = (uInt)j->out_cap;
	/* A sync flush ends the block on a byte boundary, so that the next
	 * block's bytes follow it; only the last one finishes the stream. */
	rc = deflate(s, j->last ? Z_FINISH : Z_SYNC_FLUSH);
	if (j->last ? rc != Z_STREAM_END : (rc != Z_OK || s->avail_in || !s->avail_out))
		return -1;
	j->out_len = j->out_cap - s->avail_out;
	j->crc = crc32(crc32(0L, Z_NULL, 0), j->buf + j->dict_len, (uInt)j->len);
	return 0;
}

static void *worker(void *arg)
{
	struct pgz *z = arg;
	z_stream s;
	int ok;

	memset(&s, 0, sizeof(s));
	/* raw deflate (-15): the gzip header and trailer are ours */
	ok = deflateInit2(&s, z->level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK;
	pthread_mutex_lock(&z->mu);
	for (;;) {
		while (!z->stop && z->jobs[z->run].state != JOB_QUEUED)
			pthread_cond_wait(&z->work, &z->mu);
		if (z->stop)
			break;
		struct job *j = &z->jobs[z->run];
		z->run = (z->run + 1) % z->njobs;
		j->state = JOB_RUNNING;
		pthread_mutex_unlock(&z->mu);
		j->failed = !ok || deflate_job(&s, j) < 0;
		pthread_mutex_lock(&z->mu);
		j->state = JOB_DONE;
		pthread_cond_broadcast(&z->done);
	}
	pthread_mutex_unlock(&z->mu);
	if (ok)
		deflateEnd(&s);
	return NULL;
}

static int put(struct pgz *z, const void *buf, size_t n)
{
	if (z->failed || z->out(z->ctx, buf, n) < 0) {
		z->failed = 1;
		return -1;
	}
	return 0;
}

/* Compresses the next queued block in the caller's thread, rather than
 * wait idle for the workers: on a busy machine its share of the CPU counts.
 * Called with the lock held; 1 when it did. */
static int help(struct pgz *z)
{
	struct job *j = &z->jobs[z->run];

	if (!z->own_ok || j->state != JOB_QUEUED)
		return 0;
	z->run = (z->run + 1) % z->njobs;
	j->state = JOB_RUNNING;
	pthread_mutex_unlock(&z->mu);
	j->failed = deflate_job(&z->own, j) < 0;
	pthread_mutex_lock(&z->mu);
	j->state = JOB_DONE;
	return 1;
}

/* Writes the finished blocks in order, waiting for the oldest when wait is
 * set; called with the lock held, drops it while writing. */
static int emit_done(struct pgz *z, int wait)
{
	for (;;) {
		struct job *j = &z->jobs[z->emit];
		if (j->state == JOB_QUEUED || j->state == JOB_RUNNING) {
			if (!wait)
				return 0;
			if (!help(z))
				pthread_cond_wait(&z->done, &z->mu);
			continue;
		}
		if (j->state != JOB_DONE)
			return 0;
		pthread_mutex_unlock(&z->mu);
		if (j->failed)
			z->failed = 1;
		int rc = put(z, j->out, j->out_len);
		pthread_mutex_lock(&z->mu);
		z->crc = crc32_combine(z->crc, j->crc, (z_off_t)j->len);
		z->total += j->len;
		j->state = JOB_FREE;
		z->emit = (z->emit + 1) % z->njobs;
		if (rc < 0)
			return -1;
		if (wait)
			return 0;	/* one slot is free now */
	}
}

/* Queues the block being filled and readies the next one, its dictionary
 * the tail of this one. */
static int submit(struct pgz *z, int last)
{
	struct job *j = &z->jobs[z->fill];
	int rc = 0;

	pthread_mutex_lock(&z->mu);
	j->last = last;
	j->state = JOB_QUEUED;
	pthread_cond_signal(&z->work);
	if (!last) {
		size_t next = (z->fill + 1) % z->njobs;
		while (!rc && z->jobs[next].state != JOB_FREE)
			rc = emit_done(z, 1);
		if (!rc)
			rc = emit_done(z, 0);	/* what is ready goes out early */
		if (!rc) {
			struct job *n = &z->jobs[next];
			/* the worker only reads j->buf: reading it here too is safe */
			size_t d = j->len < DICT ? j->len : DICT;
			memcpy(n->buf, j->buf + j->dict_len + j->len - d, d);
			n->dict_len = d;
			n->len = 0;
			z->fill = next;
		}
	}
	pthread_mutex_unlock(&z->mu);
	return rc;
}

struct pgz *pgz_new(int level, int threads, pgz_out_fn out, void *ctx)
{
	struct pgz *z = xcalloc(1, sizeof(*z));
	sigset_t all, old;

	if (threads <= 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n > 0 ? (int)n : 1;
	}
	z->nthreads = threads > MAX_THREADS ? MAX_THREADS : threads;
	z->level = level;
	z->out = out;
	z->ctx = ctx;
	z->crc = crc32(0L, Z_NULL, 0);
	z->njobs = 2 * (size_t)z->nthreads + 2;
	z->jobs = xcalloc(z->njobs, sizeof(*z->jobs));
	/* with one thread asked for, one compresses */
	z->own_ok = z->nthreads > 1 && deflateInit2(&z->own, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK;
	for (size_t i = 0; i < z->njobs; i++)
		z->jobs[i].buf = xmalloc(DICT + BLOCK);
	pthread_mutex_init(&z->mu, NULL);
	pthread_cond_init(&z->work, NULL);
	pthread_cond_init(&z->done, NULL);
	/* Signals are for the caller's thread: the workers block them all. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (int i = 0; i < z->nthreads; i++) {
		if (pthread_create(&z->threads[i], NULL, worker, z) != 0)
			break;
		z->started++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!z->started) {
		pgz_free(z);
		return NULL;
	}
	/* The gzip header: no name, no time (the same input, the same bytes),
	 * XFL as gzip sets it, OS Unix. */
	unsigned char head[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, level == 9 ? 2 : level == 1 ? 4 : 0, 3 };
	put(z, head, sizeof(head));
	return z;
}

int pgz_write(struct pgz *z, const void *buf, size_t n)
{
	const unsigned char *p = buf;

	while (n && !z->failed) {
		struct job *j = &z->jobs[z->fill];
		size_t k = BLOCK - j->len < n ? BLOCK - j->len : n;
		memcpy(j->buf + j->dict_len + j->len, p, k);
		j->len += k;
		p += k;
		n -= k;
		if (j->len == BLOCK && submit(z, 0) < 0)
			break;
	}
	return z->failed ? -1 : 0;
}

int pgz_finish(struct pgz *z)
{
	unsigned char tail[8];
	int rc = 0;

	if (z->failed || z->finished)
		return z->failed ? -1 : 0;
	z->finished = 1;
	submit(z, 1);
	pthread_mutex_lock(&z->mu);
	/* until the last block (the one just queued) is out */
	while (!rc && !(z->emit == (z->fill + 1) % z->njobs && z->jobs[z->fill].state == JOB_FREE))
		rc = emit_done(z, 1);
	pthread_mutex_unlock(&z->mu);
	if (rc < 0 || z->failed)
		return -1;
	for (int i = 0; i < 4; i++) {
		tail[i] = (unsigned char)(z->crc >> (8 * i));
		tail[4 + i] = (unsigned char)(z->total >> (8 * i));	/* ISIZE: the size mod 2^32 */
	}
	return put(z, tail, sizeof(tail));
}

void pgz_free(struct pgz *z)
{
	if (!z)
		return;
	pthread_mutex_lock(&z->mu);
	z->stop = 1;
	pthread_cond_broadcast(&z->work);
	pthread_mutex_unlock(&z->mu);
	for (int i = 0; i < z->started; i++)
		pthread_join(z->threads[i], NULL);
	for (size_t i = 0; i < z->njobs; i++) {
		free(z->jobs[i].buf);
		free(z->jobs[i].out);
	}
	free(z->jobs);
	if (z->own_ok)
		deflateEnd(&z->own);
	pthread_mutex_destroy(&z->mu);
	pthread_cond_destroy(&z->work);
	pthread_cond_destroy(&z->done);
	free(z);
}
