/* SPDX-License-Identifier: ISC */
/*
 * time.h: simulated time.
 *
 * The clock is an int64_t count of nanoseconds from the start of the run:
 * 2^63 ns is 292 years, far beyond any scenario.  No floating point is ever
 * used for the clock or for ordering events; doubles appear only in
 * reports.
 */
#ifndef TCPSIM_TIME_H
#define TCPSIM_TIME_H

#include <stddef.h>
#include <stdint.h>

#define NS_PER_US INT64_C(1000)
#define NS_PER_MS INT64_C(1000000)
#define NS_PER_S  INT64_C(1000000000)

/* A time that never comes: timers that are off, "no completion". */
#define TIME_NEVER INT64_MAX

/*
 * The time `bytes` take at `rate_bps` bits per second, in nanoseconds,
 * rounded down; *carry (if not NULL) keeps the remainder, in units of
 * 1/rate_bps ns, so that a long run of transmissions keeps the exact rate.
 * A rate of 0 or UINT64_MAX (unlimited) takes no time.
 */
static inline int64_t
time_for_bytes(uint64_t bytes, uint64_t rate_bps, uint64_t *carry)
{
	unsigned __int128 num;
	unsigned __int128 q;

	if (rate_bps == 0 || rate_bps == UINT64_MAX)
		return 0;
	num = (unsigned __int128)bytes * 8u * (uint64_t)NS_PER_S;
	if (carry != NULL)
		num += *carry;
	q = num / rate_bps;
	if (carry != NULL)
		*carry = (uint64_t)(num % rate_bps);
	if (q > (unsigned __int128)INT64_MAX)
		return INT64_MAX;
	return (int64_t)q;
}

/* Seconds as a double, for reports only. */
static inline double
time_to_seconds(int64_t ns)
{
	return (double)ns / 1e9;
}

#endif
