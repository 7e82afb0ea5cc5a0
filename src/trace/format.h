/* SPDX-License-Identifier: ISC */
/*
 * format.h: numbers as people and spreadsheets read them.
 *
 * Human forms ("4.53 Mbit/s", "64.0 KiB", "41.2 ms") keep three significant
 * digits, which is what a summary table or a lesson needs; the unit is
 * chosen after rounding, so 999.7 kbit/s reads "1.00 Mbit/s", never
 * "1000 kbit/s".  Rates are SI (1000), sizes binary (1024), as in the
 * scenario defaults (10Mbit/s, 64KiB).
 *
 * Every function writes a NUL-terminated string into `buf` (truncated to
 * `size`) and returns `buf`, so calls can sit inside a printf argument
 * list.  FORMAT_BUF is large enough for any of them.
 *
 * The machine forms at the end (format_u64, format_seconds) exist because
 * the event CSV writes millions of rows: they avoid printf's parsing and
 * are exact (integer arithmetic, no rounding of the clock).
 */
#ifndef TCPSIM_FORMAT_H
#define TCPSIM_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define FORMAT_BUF 32

/* "4.53 Mbit/s"; "unlimited" for UINT64_MAX (as a double); "n/a" if not finite
 * or negative. */
char *format_rate(char *buf, size_t size, double bits_per_second);

/* "64.0 KiB", "512 B"; "unlimited" for UINT64_MAX. */
char *format_size(char *buf, size_t size, uint64_t bytes);

/* "41.2 ms", "1.50 s", "850 us", "0 s"; "never" for TIME_NEVER. */
char *format_time(char *buf, size_t size, int64_t ns);

/* A fraction as a percentage with one decimal: 0.081 -> "8.1%". */
char *format_percent(char *buf, size_t size, double fraction);

/*
 * Machine forms.  format_u64() writes the decimal digits of `v` (at most
 * 20, no NUL) to `out` and returns how many.  format_seconds() writes
 * `ns` as seconds with exactly 9 decimals ("12.000000001", "-0.500000000";
 * at most 21 bytes, no NUL) and returns how many.
 */
size_t format_u64(char *out, uint64_t v);
size_t format_seconds(char *out, int64_t ns);

/* "00" to "99", two bytes each: format_u32()'s digits by pairs. */
extern const char format_digit_pairs[200];

/*
 * format_u64() for a 32-bit value, inline: the event log writes several
 * numbers on each of its millions of rows, and a call, a 64-bit division
 * and a search for the length cost more than the digits.  The length is
 * found first by comparisons (at most 10 digits), then the digits are
 * written from the last, two per division by 100 in 32 bits.
 */
static inline size_t
format_u32(char *out, uint32_t v)
{
	size_t n, i;

	if (v < 100000u)
		n = v < 100u	 ? (v < 10u ? 1 : 2)
		    : v < 1000u	 ? 3
		    : v < 10000u ? 4
				 : 5;
	else
		n = v < 10000000u     ? (v < 1000000u ? 6 : 7)
		    : v < 100000000u  ? 8
		    : v < 1000000000u ? 9
				      : 10;
	i = n;
	while (v >= 100u) {
		uint32_t pair = v % 100u;

		v /= 100u;
		i -= 2;
		memcpy(out + i, &format_digit_pairs[2 * pair], 2);
	}
	if (v >= 10u)
		memcpy(out, &format_digit_pairs[2 * v], 2);
	else {
		out[0] = (char)('0' + v);
	}
	return n;
}

/*
 * What printf("%.3f", ns / 1e6) writes (a time in milliseconds; at most
 * 32 bytes, no NUL), and what printf("%.0f", v) writes, without printf's
 * cost in the common case: integer digits, with printf itself for the
 * cases where the double's rounding decides (a tie in decimal, a huge or
 * negative value).  format_round0() returns 0, having written nothing,
 * for a value it leaves to printf (negative, -0, 9.2e18 or more, not a
 * number).  The time-series CSV writes a row per flow every
 * sample_interval with these.
 */
size_t format_ms3(char *out, int64_t ns);
size_t format_round0(char *out, double v);

#endif
