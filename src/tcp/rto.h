/* SPDX-License-Identifier: ISC */
/*
 * rto.h: the retransmission timeout (RFC 6298).
 *
 * Before any sample RTO = 1 s (2.1).  The first sample R sets SRTT = R,
 * RTTVAR = R/2 (2.2); later samples update RTTVAR = 3/4 RTTVAR + 1/4
 * |SRTT - R| with the old SRTT, then SRTT = 7/8 SRTT + 1/8 R (2.3).
 * RTO = SRTT + max(G, 4 RTTVAR), at least min_rto (2.4) and at most
 * RTO_MAX_NS (2.5).  Each expiry doubles it (5.5); a new sample clears the
 * backoff.  All in integer nanoseconds: the RFC's examples come out exact.
 * Karn's rule (no sample from a retransmitted segment) is the caller's.
 *
 * With the Linux clamp (rto_clamp = linux) min_rto bounds the variance
 * term instead of the sum, as Linux's tcp_rtt_estimator() and
 * __tcp_set_rto() do: RTO = SRTT + max(4 RTTVAR, min_rto), so the timeout
 * always leaves min_rto beyond the smoothed RTT; and the ceiling,
 * backoff included, is RTO_LINUX_MAX_NS (TCP_RTO_MAX).  G still floors
 * the variance term when min_rto is below it (Linux's jiffy does the same).
 */
#ifndef TCPSIM_RTO_H
#define TCPSIM_RTO_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/time.h"

#define RTO_INITIAL_NS	   NS_PER_S  /* RFC 6298 2.1 */
#define RTO_GRANULARITY_NS NS_PER_MS /* G: the clock granularity modelled */
#define RTO_MAX_NS	   (60 * NS_PER_S)  /* RFC 6298 2.5 */
#define RTO_LINUX_MAX_NS   (120 * NS_PER_S) /* Linux's TCP_RTO_MAX */

struct rto {
	int64_t srtt_ns;    /* smoothed RTT, 0 before the first sample */
	int64_t rttvar_ns;  /* RTT variation */
	int64_t min_rtt_ns; /* smallest sample seen, 0 before the first */
	int64_t rtt_now_ns; /* the latest sample, 0 before the first */
	int64_t rto_ns;	    /* timeout without backoff */
	int64_t min_rto_ns; /* lower bound (min_rto), 0 for none */
	unsigned backoff;   /* expiries since the last sample */
	bool has_sample;    /* a sample has been taken */
	bool linux_clamp;   /* SRTT + max(4 RTTVAR, min_rto), Linux's ceiling */
};

void rto_init(struct rto *r, int64_t min_rto_ns);

/* Take one RTT sample (RFC 6298 2.2, 2.3). */
void rto_sample(struct rto *r, int64_t rtt_ns);

/* The timer expired: double the timeout (RFC 6298 5.5). */
void rto_backoff(struct rto *r);

/* Change min_rto (timeline); recomputes the RTO. */
void rto_set_min(struct rto *r, int64_t min_rto_ns);

/* Use the Linux clamp (true) or RFC 6298's (false, the default);
 * recomputes the RTO. */
void rto_set_linux_clamp(struct rto *r, bool linux_clamp);

/* The ceiling in force: RTO_MAX_NS, or RTO_LINUX_MAX_NS with the Linux
 * clamp. */
static inline int64_t
rto_max(const struct rto *r)
{
	return r->linux_clamp ? RTO_LINUX_MAX_NS : RTO_MAX_NS;
}

/* The timeout with backoff, the rare case of rto_current(). */
int64_t rto_backed_off(const struct rto *r);

/* The timeout to arm now, backoff included, capped at rto_max().  Inline:
 * every ACK arms the timer with it and every data segment of a Linux
 * receiver reads it; without backoff it is rto_ns, already within the
 * ceiling. */
static inline int64_t
rto_current(const struct rto *r)
{
	return r->backoff == 0 ? r->rto_ns : rto_backed_off(r);
}

#endif
