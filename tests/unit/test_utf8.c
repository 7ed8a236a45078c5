/* UTF-8: what is valid (RFC 3629), and what terminals and JSON get instead. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "lib/strbuf.h"
#include "lib/term.h"
#include "lib/utf8.h"

static size_t vlen(const char *s)
{
	return utf8_valid_len((const unsigned char *)s, strlen(s), NULL);
}

static void test_valid_len(void **state)
{
	unsigned cp = 0;

	(void)state;
	assert_int_equal(vlen("a"), 1);
	assert_int_equal(utf8_valid_len((const unsigned char *)"\xc3\xa9", 2, &cp), 2);
	assert_int_equal(cp, 0xe9);
	assert_int_equal(vlen("\xe2\x82\xac"), 3);		/* euro sign */
	assert_int_equal(vlen("\xf0\x9f\x98\x80"), 4);		/* emoji */
	assert_int_equal(vlen("\xc0\xaf"), 0);			/* overlong slash */
	assert_int_equal(vlen("\xe0\x80\xaf"), 0);		/* overlong, 3 bytes */
	assert_int_equal(vlen("\xed\xa0\x80"), 0);		/* surrogate */
	assert_int_equal(vlen("\xf4\x90\x80\x80"), 0);		/* above U+10FFFF */
	assert_int_equal(vlen("\xff"), 0);
	assert_int_equal(utf8_valid_len((const unsigned char *)"\xe2\x82", 2, NULL), 0);	/* cut short */
	assert_int_equal(utf8_valid_len((const unsigned char *)"", 0, NULL), 0);
}

static void test_valid_string(void **state)
{
	(void)state;
	assert_true(utf8_valid(""));
	assert_true(utf8_valid("plain /etc \xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80"));
	assert_false(utf8_valid("a\377b"));
	assert_false(utf8_valid("cut \xe4\xb8"));	/* a sequence cut at the end */
	assert_false(utf8_valid("\xed\xa0\x80"));	/* a surrogate */
}

static void is(void (*add)(struct strbuf *, const char *), const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	add(&sb, in);
	assert_string_equal(sb_str(&sb), want);
	sb_free(&sb);
}

static void add_sanitized(struct strbuf *sb, const char *s)
{
	sb_add_sanitized(sb, s, strlen(s));
}

static void test_json_text(void **state)
{
	(void)state;
	is(sb_add_utf8, "caf\xc3\xa9", "caf\xc3\xa9");
	is(sb_add_utf8, "a\xffz", "a\xef\xbf\xbdz");
	is(sb_add_utf8, "\xe2\x82", "\xef\xbf\xbd\xef\xbf\xbd");
	is(sb_add_utf8, "tab\tand\x1b[31m", "tab\tand\x1b[31m");	/* JSON escapes these itself */
}

static void test_terminal_text(void **state)
{
	(void)state;
	is(add_sanitized, "caf\xc3\xa9", "caf\xc3\xa9");
	is(add_sanitized, "red \x1b[31mtext\x1b[0m", "red text");
	is(add_sanitized, "bell\x07 cr\r", "bell cr");
	is(add_sanitized, "c1 \xc2\x9b" "31m", "c1 \xef\xbf\xbd\xef\xbf\xbd" "31m");	/* CSI as a C1 code: each byte replaced */
	is(add_sanitized, "bad \xff", "bad \xef\xbf\xbd");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_len),
		cmocka_unit_test(test_valid_string),
		cmocka_unit_test(test_json_text),
		cmocka_unit_test(test_terminal_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
