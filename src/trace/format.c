/* SPDX-License-Identifier: ISC */
/* format.c: numbers as people and spreadsheets read them (see format.h). */
#include "trace/format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/time.h"

/*
 * Print `v` (>= 0) with three significant digits, then `unit`.  Values of
 * 1000 and more (reached only in the largest unit) keep all their digits.
 */
static char *
format_sig3(char *buf, size_t size, double v, const char *unit)
{
	if (v < 9.995)
		snprintf(buf, size, "%.2f %s", v, unit);
	else if (v < 99.95)
		snprintf(buf, size, "%.1f %s", v, unit);
	else
		snprintf(buf, size, "%.0f %s", v, unit);
	return buf;
}

/*
 * Scale `v` down by `step` until it reads below 1000 (999.5 rounds up to
 * "1000", so the switch happens there) or the units run out; print it.
 */
static char *
format_scaled(char *buf, size_t size, double v, double step,
	      const char *const *units, size_t n_units)
{
	size_t u = 0;

	while (v >= step - 0.5 && u + 1 < n_units) {
		v /= step;
		u++;
	}
	return format_sig3(buf, size, v, units[u]);
}

char *
format_rate(char *buf, size_t size, double bps)
{
	static const char *const units[] = {
		"bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s",
	};

	if (isnan(bps) || bps < 0) {
		snprintf(buf, size, "n/a");
		return buf;
	}
	/* UINT64_MAX converts to 2^64, the scenario's "unlimited". */
	if (bps >= 18446744073709551615.0) {
		snprintf(buf, size, "unlimited");
		return buf;
	}
	/* Below 1 bit/s nobody needs three digits: it is a stalled flow. */
	if (bps < 1.0) {
		snprintf(buf, size, "%.0f bit/s", bps);
		return buf;
	}
	return format_scaled(buf, size, bps, 1000.0, units,
			     sizeof units / sizeof units[0]);
}

char *
format_size(char *buf, size_t size, uint64_t bytes)
{
	static const char *const units[] = {
		"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB",
	};

	if (bytes == UINT64_MAX) {
		snprintf(buf, size, "unlimited");
		return buf;
	}
	/* Whole bytes are exact; "512 B" is clearer than "512.00 B". */
	if (bytes < 1024) {
		snprintf(buf, size, "%u B", (unsigned)bytes);
		return buf;
	}
	return format_scaled(buf, size, (double)bytes, 1024.0, units,
			     sizeof units / sizeof units[0]);
}

char *
format_time(char *buf, size_t size, int64_t ns)
{
	static const char *const units[] = {"ns", "us", "ms", "s"};
	double v;
	size_t u = 0;

	if (ns == TIME_NEVER) {
		snprintf(buf, size, "never");
		return buf;
	}
	if (ns == 0) {
		snprintf(buf, size, "0 s");
		return buf;
	}
	if (ns < 0) {
		char inner[FORMAT_BUF];

		/* -INT64_MIN overflows; a time that small is never shown. */
		format_time(inner, sizeof inner,
			    ns == INT64_MIN ? INT64_MAX - 1 : -ns);
		snprintf(buf, size, "-%s", inner);
		return buf;
	}
	if (ns < 1000) {
		snprintf(buf, size, "%d ns", (int)ns);
		return buf;
	}
	v = (double)ns;
	while (v >= 999.5 && u + 1 < sizeof units / sizeof units[0]) {
		v /= 1000.0;
		u++;
	}
	return format_sig3(buf, size, v, units[u]);
}

char *
format_percent(char *buf, size_t size, double fraction)
{
	if (!isfinite(fraction))
		snprintf(buf, size, "n/a");
	else
		snprintf(buf, size, "%.1f%%", fraction * 100.0);
	return buf;
}

/* "00" to "99": two digits per division (format.h). */
const char format_digit_pairs[200] = {
#define FORMAT_PAIRS_OF(t)                                                     \
	t, '0', t, '1', t, '2', t, '3', t, '4', t, '5', t, '6', t, '7', t,     \
		'8', t, '9'
	FORMAT_PAIRS_OF('0'), FORMAT_PAIRS_OF('1'), FORMAT_PAIRS_OF('2'),
	FORMAT_PAIRS_OF('3'), FORMAT_PAIRS_OF('4'), FORMAT_PAIRS_OF('5'),
	FORMAT_PAIRS_OF('6'), FORMAT_PAIRS_OF('7'), FORMAT_PAIRS_OF('8'),
	FORMAT_PAIRS_OF('9'),
#undef FORMAT_PAIRS_OF
};

size_t
format_u64(char *out, uint64_t v)
{
	static const uint64_t tens[19] = {
		10u,
		100u,
		1000u,
		10000u,
		100000u,
		1000000u,
		10000000u,
		100000000u,
		1000000000u,
		10000000000u,
		100000000000u,
		1000000000000u,
		10000000000000u,
		100000000000000u,
		1000000000000000u,
		10000000000000000u,
		100000000000000000u,
		1000000000000000000u,
		10000000000000000000u,
	};
	size_t n = 10, i;

	/* Most numbers of a run fit 32 bits: their digits in 32 bits. */
	if (v <= UINT32_MAX)
		return format_u32(out, (uint32_t)v);
	/* The length first (above 2^32: 10 digits at least), then the
	 * digits from the last, in place: no copy (a copy of a few bytes
	 * becomes a slow `rep movs`). */
	while (n < 20 && v >= tens[n - 1])
		n++;
	i = n;
	while (v >= 100) {
		unsigned pair = (unsigned)(v % 100);

		v /= 100;
		out[--i] = format_digit_pairs[2 * pair + 1];
		out[--i] = format_digit_pairs[2 * pair];
	}
	if (v >= 10) {
		out[--i] = format_digit_pairs[2 * v + 1];
		out[--i] = format_digit_pairs[2 * v];
	} else {
		out[--i] = (char)('0' + v);
	}
	return n;
}

/* Two digits of `v` (< 100) at `out`. */
static inline void
format_pair(char *out, uint32_t v)
{
	memcpy(out, &format_digit_pairs[2 * v], 2);
}

size_t
format_seconds(char *out, int64_t ns)
{
	uint64_t mag;
	uint32_t frac, hi, lo;
	size_t n = 0;

	/* Work on the magnitude as unsigned so INT64_MIN cannot overflow. */
	if (ns < 0) {
		out[n++] = '-';
		mag = (uint64_t)0 - (uint64_t)ns;
	} else {
		mag = (uint64_t)ns;
	}
	n += format_u64(out + n, mag / (uint64_t)NS_PER_S);
	out[n++] = '.';
	/* Nine digits in 32 bits, as two independent halves: the first
	 * five (one digit and two pairs), the last four (two pairs). */
	frac = (uint32_t)(mag % (uint64_t)NS_PER_S);
	hi = frac / 10000u;
	lo = frac % 10000u;
	out[n] = (char)('0' + hi / 10000u);
	format_pair(out + n + 1, hi / 100u % 100u);
	format_pair(out + n + 3, hi % 100u);
	format_pair(out + n + 5, lo / 100u);
	format_pair(out + n + 7, lo % 100u);
	return n + 9;
}

size_t
format_ms3(char *out, int64_t ns)
{
	uint64_t us, rest;
	size_t n;

	/*
	 * ns / 1e6 is the double nearest the exact quotient; printf rounds
	 * that double to 3 decimals.  Unless the exact value is a tie
	 * (ns % 1000 == 500), it is at least 1e-6 from one, far more than
	 * the double's error below 2^50 ns (about 13 days), so rounding the
	 * integer gives printf's digits.  A tie depends on the direction of
	 * the double's error: printf decides.
	 */
	if (ns < 0 || ns >= ((int64_t)1 << 50) || ns % 1000 == 500) {
		char tmp[FORMAT_BUF];
		int len = snprintf(tmp, sizeof tmp, "%.3f", (double)ns / 1e6);

		if (len < 0)
			len = 0;
		if ((size_t)len >= sizeof tmp)
			len = (int)sizeof tmp - 1;
		memcpy(out, tmp, (size_t)len);
		return (size_t)len;
	}
	us = ((uint64_t)ns + 500) / 1000;
	n = format_u64(out, us / 1000);
	out[n++] = '.';
	rest = us % 1000;
	out[n++] = (char)('0' + rest / 100);
	out[n++] = (char)('0' + rest / 10 % 10);
	out[n++] = (char)('0' + rest % 10);
	return n;
}

size_t
format_round0(char *out, double v)
{
	double r;

	if (!(v >= 0.0 && v < 9.2e18) || (v == 0.0 && signbit(v)))
		return 0; /* the caller asks printf */
	/* nearbyint() rounds the exact double to an integer as printf
	 * does (to nearest, ties to even, in the current rounding mode). */
	r = nearbyint(v);
	return format_u64(out, (uint64_t)r);
}
