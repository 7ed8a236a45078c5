/* Error messages: one line, and a long one keeps its reason. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "lib/err.h"
#include "lib/strbuf.h"

static void test_short_kept_whole(void **state)
{
	struct err e = { 0 };

	(void)state;
	assert_int_equal(err_set(&e, EXIT_USAGE, "bad %s", "port"), -1);
	assert_int_equal(e.code, EXIT_USAGE);
	assert_string_equal(e.msg, "bad port");
	/* the first error stands */
	err_set(&e, EXIT_FAIL, "second");
	assert_string_equal(e.msg, "bad port");
}

/* A path deeper than the buffer: the start and the reason both show. */
static void test_long_keeps_reason(void **state)
{
	struct strbuf path = STRBUF_INIT;
	struct err e = { 0 };

	(void)state;
	for (int i = 0; i < 400; i++)
		sb_adds(&path, "/deep");
	err_set(&e, EXIT_FAIL, "cannot read %s: Permission denied", path.buf);
	assert_true(strlen(e.msg) < sizeof(e.msg));
	assert_true(strlen(e.msg) > sizeof(e.msg) - 16);
	assert_true(!strncmp(e.msg, "cannot read /deep/deep", 22));
	assert_non_null(strstr(e.msg, " ... "));
	const char *end = ": Permission denied";
	assert_string_equal(e.msg + strlen(e.msg) - strlen(end), end);
	sb_free(&path);
}

/* Cuts never split a UTF-8 character. */
static void test_cut_on_characters(void **state)
{
	struct strbuf text = STRBUF_INIT;
	struct err e = { 0 };

	(void)state;
	for (int i = 0; i < 1000; i++)
		sb_adds(&text, "\xc3\xa9");	/* é, two bytes each */
	err_set(&e, EXIT_FAIL, "x%s", text.buf);
	const char *gap = strstr(e.msg, " ... ");
	assert_non_null(gap);
	/* before the gap: "x" then whole characters; after it: whole characters */
	assert_int_equal((gap - e.msg - 1) % 2, 0);
	assert_int_equal(strlen(gap + 5) % 2, 0);
	assert_int_equal((unsigned char)gap[5], 0xc3);
	sb_free(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_short_kept_whole),
		cmocka_unit_test(test_long_keeps_reason),
		cmocka_unit_test(test_cut_on_characters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
