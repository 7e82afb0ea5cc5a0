/* SPDX-License-Identifier: ISC */
/* format.c: numbers as people and spreadsheets read them (see format.h). */
#include "trace/format.h"

#include <math.h>
#include <stdio.h>

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

size_t
format_u64(char *out, uint64_t v)
{
	char tmp[20];
	size_t n = 0;
	size_t i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
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
	for (i = 8; i >= 0; i--) {
		out[n + (size_t)i] = (char)('0' + frac % 10);
		frac /= 10;
	}
	return n + 9;
}
