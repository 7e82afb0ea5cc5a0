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

/*
 * time_for_bytes(bytes, rate_bps, carry) with a remembered quotient: a
 * serializer sends packets of one size at one rate, and the 128-bit
 * division then becomes an addition.  bytes * 8e9 = ns * rate + rem, so
 * with the carry c (below the rate) the time is ns, or ns + 1 when
 * rem + c reaches the rate; the carry left is the same as
 * time_for_bytes() leaves.  Anything else (another size or rate, a carry
 * left by a faster rate, an unlimited rate) asks time_for_bytes().
 */
struct time_memo {
	uint64_t bytes; /* the size worked out */
	uint64_t rate;	/* its rate, bps; 0: nothing worked out */
	int64_t ns;	/* time_for_bytes(bytes, rate) with no carry */
	uint64_t rem;	/* its remainder, in 1/rate ns */
};

static inline void
time_memo_init(struct time_memo *m)
{
	m->bytes = m->rate = 0;
	m->ns = 0;
	m->rem = 0;
}

static inline int64_t
time_for_bytes_memo(struct time_memo *m, uint64_t bytes, uint64_t rate_bps,
		    uint64_t *carry)
{
	uint64_t rem;

	if (bytes != m->bytes || rate_bps != m->rate || *carry >= rate_bps) {
		uint64_t c = 0;

		/* unlimited, a carry from another rate, or too long */
		if (rate_bps == 0 || rate_bps > (uint64_t)INT64_MAX ||
		    *carry >= rate_bps)
			return time_for_bytes(bytes, rate_bps, carry);
		m->ns = time_for_bytes(bytes, rate_bps, &c);
		m->rem = c;
		m->bytes = bytes;
		m->rate = m->ns < INT64_MAX ? rate_bps : 0;
		if (m->rate == 0)
			return time_for_bytes(bytes, rate_bps, carry);
	}
	rem = m->rem + *carry; /* below 2 * rate <= 2^64 */
	if (rem >= rate_bps) {
		*carry = rem - rate_bps;
		return m->ns + 1;
	}
	*carry = rem;
	return m->ns;
}

/* Seconds as a double, for reports only. */
static inline double
time_to_seconds(int64_t ns)
{
	return (double)ns / 1e9;
}

#endif
