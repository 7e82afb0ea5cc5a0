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
