/* The parallel gzip: one gzip member that zlib reads back byte for byte,
 * the same bytes whatever the thread count and however the input is cut,
 * and a failing output that stops it cleanly. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "gen/pgzip.h"
#include "lib/strbuf.h"

struct out {
	struct strbuf sb;
	int calls, fail_after;	/* fail from this call on (0: never) */
};

static int collect(void *ctx, const void *buf, size_t n)
{
	struct out *o = ctx;

	if (o->fail_after && ++o->calls >= o->fail_after)
		return -1;
	sb_add(&o->sb, buf, n);
	return 0;
}

/* Text-like and random parts: both matches across blocks and stored data. */
static unsigned char *sample(size_t n)
{
	unsigned char *p = malloc(n ? n : 1);
	unsigned x = 12345;

	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		p[i] = (i / 50000) % 3 == 2 ? (unsigned char)(x >> 16) : (unsigned char)("the machine image "[i % 18]);
	}
	return p;
}

static void compress_with(const unsigned char *in, size_t n, int threads, size_t chunk, struct out *o)
{
	struct pgz *z = pgz_new(6, threads, collect, o);

	assert_non_null(z);
	for (size_t off = 0; off < n; off += chunk)
		assert_int_equal(pgz_write(z, in + off, n - off < chunk ? n - off : chunk), 0);
	assert_int_equal(pgz_finish(z), 0);
	pgz_free(z);
}

static void inflate_check(const struct strbuf *gz, const unsigned char *want, size_t n)
{
	z_stream s;
	unsigned char *got = malloc(n + 1);

	memset(&s, 0, sizeof(s));
	assert_int_equal(inflateInit2(&s, 15 + 16), Z_OK);	/* gzip only */
	s.next_in = (unsigned char *)gz->buf;
	s.avail_in = (uInt)gz->len;
	s.next_out = got;
	s.avail_out = (uInt)n + 1;
	assert_int_equal(inflate(&s, Z_FINISH), Z_STREAM_END);	/* CRC and size checked */
	assert_int_equal(s.total_out, n);
	assert_int_equal(s.avail_in, 0);	/* one member, nothing after it */
	assert_memory_equal(got, want, n);
	inflateEnd(&s);
	free(got);
}

static void test_round_trip(void **state)
{
	static const size_t sizes[] = { 0, 1, 131071, 131072, 131073, 3500000 };

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned char *in = sample(sizes[i]);
		struct out ref = { STRBUF_INIT, 0, 0 };
		compress_with(in, sizes[i], 1, 65536, &ref);
		inflate_check(&ref.sb, in, sizes[i]);
		/* the header: no name, no time, OS Unix */
		assert_int_equal((unsigned char)ref.sb.buf[3], 0);
		assert_memory_equal(ref.sb.buf + 4, "\0\0\0\0", 4);
		assert_int_equal((unsigned char)ref.sb.buf[9], 3);
		static const int threads[] = { 2, 4 };
		static const size_t chunks[] = { 1000, 10240, 1 << 20 };
		for (size_t t = 0; t < 2; t++)
			for (size_t c = 0; c < 3; c++) {
				struct out o = { STRBUF_INIT, 0, 0 };
				compress_with(in, sizes[i], threads[t], chunks[c], &o);
				assert_int_equal(o.sb.len, ref.sb.len);
				assert_memory_equal(o.sb.buf, ref.sb.buf, ref.sb.len);
				sb_free(&o.sb);
			}
		sb_free(&ref.sb);
		free(in);
	}
}

static void test_output_fails(void **state)
{
	size_t n = 2000000;
	unsigned char *in = sample(n);
	struct out o = { STRBUF_INIT, 0, 3 };
	struct pgz *z = pgz_new(6, 2, collect, &o);
	int rc = 0;

	(void)state;
	for (size_t off = 0; off < n && !rc; off += 100000)
		rc = pgz_write(z, in + off, 100000);
	if (!rc)
		rc = pgz_finish(z);
	assert_int_equal(rc, -1);
	assert_int_equal(pgz_write(z, in, 10), -1);	/* refused from then on */
	pgz_free(z);	/* the threads stop, nothing leaks */
	sb_free(&o.sb);
	free(in);

	/* freed without finishing: the run was interrupted */
	struct out o2 = { STRBUF_INIT, 0, 0 };
	z = pgz_new(1, 3, collect, &o2);
	assert_int_equal(pgz_write(z, "abc", 3), 0);
	pgz_free(z);
	sb_free(&o2.sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_output_fails),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
