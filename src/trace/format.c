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

/* "00" to "99": two digits per division in format_u64(). */
static const char format_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233"
	"34353637383940414243444546474849505152535455565758596061626364656667"
	"6869707172737475767778798081828384858687888990919293949596979899";

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
	size_t n = 1, i;

	/* The length first, then the digits from the last, in place: no
	 * copy (a copy of a few bytes becomes a slow `rep movs`). */
	while (n < 20 && v >= tens[n - 1])
		n++;
	i = n;
	while (v >= 100) {
		unsigned pair = (unsigned)(v % 100);

		v /= 100;
		out[--i] = format_pairs[2 * pair + 1];
		out[--i] = format_pairs[2 * pair];
	}
	if (v >= 10) {
		out[--i] = format_pairs[2 * v + 1];
		out[--i] = format_pairs[2 * v];
	} else {
		out[--i] = (char)('0' + v);
	}
	return n;
}

size_t
format_seconds(char *out, int64_t ns)
{
	uint64_t mag;
	uint64_t frac;
	size_t n = 0;
	int i;

	/* Work on the magnitude as unsigned so INT64_MIN cannot overflow. */
	if (ns < 0) {
		out[n++] = '-';
		mag = (uint64_t)0 - (uint64_t)ns;
	} else {
		mag = (uint64_t)ns;
	}
	n += format_u64(out + n, mag / (uint64_t)NS_PER_S);
	out[n++] = '.';
	frac = mag % (uint64_t)NS_PER_S;
	/* nine digits: four pairs from the last, then the first */
	for (i = 7; i >= 1; i -= 2) {
		unsigned pair = (unsigned)(frac % 100);

		frac /= 100;
		out[n + (size_t)i + 1] = format_pairs[2 * pair + 1];
		out[n + (size_t)i] = format_pairs[2 * pair];
	}
	out[n] = (char)('0' + frac);
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
