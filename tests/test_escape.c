/* SPDX-License-Identifier: ISC */
/* test_escape.c: text from the input never reaches a terminal raw. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
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

/*
 * The fast path for runs of printable ASCII against the rule applied one
 * character at a time: strings of single characters (plain letters,
 * controls, UTF-8 of two and three bytes, an invalid byte, a C1
 * control), in every buffer size from 1 to 40.  The reference escapes
 * each character alone (in room to spare) and cuts as the contract
 * says: at a whole escape, with "..." when that fits.
 */
static void
test_fast_path_as_one_character_at_a_time(void **state)
{
	static const char *const chars[] = {
		"a", "b", "f", "7", ".", " ", "=", "/", "\"", "~", "\t", "\n",
		"\x1b", "\x7f", "\xc3\xa9", "\xe2\x86\x92", "\xff", "\xc2\x85",
	};
	enum { N_CHARS = sizeof chars / sizeof chars[0] };
	uint32_t x = 12345;

	(void)state;
	for (int round = 0; round < 3000; round++) {
		const char *pick[24];
		char s[128] = "", got[64], want[64];
		int n = 1 + (int)(x % 24);

		for (int k = 0; k < n; k++) {
			x = x * 1103515245u + 12345u;
			/* mostly plain letters, as names and values are */
			pick[k] = chars[(x >> 16) % 4 == 0 ? (x >> 20) % N_CHARS
							   : (x >> 20) % 10];
			strcat(s, pick[k]);
		}
		for (size_t size = 1; size <= 40; size++) {
			size_t at = 0, cut = 0;

			for (int k = 0; k < n; k++) {
				char one[64];
				size_t len;

				escape_text(one, sizeof one, pick[k]);
				len = strlen(one);
				if (at + 3 < size)
					cut = at;
				if (at + len >= size) {
					at = cut;
					if (at + 3 < size) {
						memcpy(want + at, "...", 3);
						at += 3;
					}
					break;
				}
				memcpy(want + at, one, len);
				at += len;
			}
			want[at] = '\0';
			escape_text(got, size, s);
			assert_string_equal(got, want);
		}
		x = x * 1103515245u + 12345u;
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text_unchanged),
		cmocka_unit_test(test_controls_escaped),
		cmocka_unit_test(test_invalid_utf8_escaped),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_fast_path_as_one_character_at_a_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
