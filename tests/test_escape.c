/* SPDX-License-Identifier: ISC */
/* test_escape.c: text from the input never reaches a terminal raw. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/escape.h"

static void
test_plain_text_unchanged(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(escape_text(buf, sizeof buf, "10Mbit/s"),
			    "10Mbit/s");
	/* Valid UTF-8 (é, →, an emoji of 4 bytes) passes as it is. */
	assert_string_equal(escape_text(buf, sizeof buf,
					"d\xc3\xa9j\xc3\xa0 \xe2\x86\x92 "
					"\xf0\x9f\x99\x82"),
			    "d\xc3\xa9j\xc3\xa0 \xe2\x86\x92 \xf0\x9f\x99\x82");
	assert_true(escape_is_clean("bulk.read_rate = 1MB/s"));
}

/* The example: ESC [ 2 J clears a screen when echoed raw. */
static void
test_controls_escaped(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(escape_text(buf, sizeof buf, "1\x1b[2JMbit/s"),
			    "1\\x1b[2JMbit/s");
	assert_string_equal(escape_text(buf, sizeof buf, "a\tb\nc\rd\x7f"),
			    "a\\tb\\nc\\rd\\x7f");
	assert_false(escape_is_clean("1\x1b[2J"));
	/* U+009B, the 8-bit CSI, in UTF-8. */
	assert_string_equal(escape_text(buf, sizeof buf,
					"x\xc2\x9b"
					"2J"),
			    "x\\u009b2J");
}

/* Bytes that are not UTF-8: stray continuation, overlong, surrogate,
 * truncated sequence; each byte is shown on its own. */
static void
test_invalid_utf8_escaped(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(escape_text(buf, sizeof buf, "\x80"), "\\x80");
	assert_string_equal(escape_text(buf, sizeof buf, "\xc0\xaf"),
			    "\\xc0\\xaf");
	assert_string_equal(escape_text(buf, sizeof buf, "\xed\xa0\x80"),
			    "\\xed\\xa0\\x80");
	assert_string_equal(escape_text(buf, sizeof buf, "\xe2\x86"),
			    "\\xe2\\x86");
	assert_false(escape_is_clean("\xff"));
}

/* A buffer too small cuts at a whole escape and says so with "...". */
static void
test_truncation(void **state)
{
	char buf[10];
	char *dup;

	(void)state;
	escape_text(buf, sizeof buf, "abcdefghijklmnop");
	assert_string_equal(buf, "abcdef...");
	escape_text(buf, sizeof buf, "ab\x1b\x1b\x1b\x1b");
	/* "ab\x1b" is 6 bytes, the next escape would leave no room for
	 * "...": cut there. */
	assert_string_equal(buf, "ab\\x1b...");
	escape_text(buf, sizeof buf, "123456789");
	assert_string_equal(buf, "123456789");
	dup = escape_dup("\x01\x02\x03");
	assert_string_equal(dup, "\\x01\\x02\\x03");
	free(dup);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text_unchanged),
		cmocka_unit_test(test_controls_escaped),
		cmocka_unit_test(test_invalid_utf8_escaped),
		cmocka_unit_test(test_truncation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
