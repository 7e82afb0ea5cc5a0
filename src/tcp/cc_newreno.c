/* SPDX-License-Identifier: ISC */
/*
 * cc_newreno.c: NewReno (RFC 5681 with RFC 6582 recovery).
 *
 * Slow start: cwnd += min(acked, SMSS) per ACK, so with delayed ACKs the
 * window grows 1.5x per round trip.  Congestion avoidance: cwnd +=
 * SMSS*SMSS/cwnd per ACK, about one SMSS per round trip (half that with
 * delayed ACKs).  With byte_counting both count bytes instead (RFC 3465):
 * 2x per round trip, and one SMSS per round trip, whatever the ACKs.  On loss
 * ssthresh = max(FlightSize/2, 2 SMSS); partial ACKs keep recovery going until
 * everything sent before the loss arrived.
 */
#include "tcp/cc.h"

static void
newreno_init(struct cc_state *cc, uint32_t initial_window)
{
	cc->cwnd = (uint64_t)initial_window * cc->mss;
	cc->ssthresh = CC_UNLIMITED; /* RFC 5681 3.1: arbitrarily high */
}

static void
newreno_on_ack(struct cc_state *cc, uint64_t acked)
{
	if (cc->cwnd < cc->ssthresh)
		cc_slow_start(cc, acked);
	else
		cc_reno_avoid(cc, acked);
}

static void
newreno_on_loss(struct cc_state *cc, uint64_t flight)
{
	cc->ssthresh = cc_half_flight(cc, flight); /* RFC 6582 3.2 step 2 */
	cc->cwnd = cc->ssthresh + 3 * (uint64_t)cc->mss;
	cc_count_reset(cc, false);
}

static void
newreno_timeout(struct cc_state *cc, uint64_t flight, bool first)
{
	/* RFC 5681 eq. 4, once per loss: later backoffs keep ssthresh. */
	if (first)
		cc->ssthresh = cc_half_flight(cc, flight);
	cc->cwnd = cc->mss; /* the loss window, 1 SMSS */
	cc_count_reset(cc, true);
}

const struct cc_ops cc_newreno_ops = {
	.name = "newreno",
	.newreno_recovery = true,
	.init = newreno_init,
	.on_ack = newreno_on_ack,
	.on_loss = newreno_on_loss,
	.on_dupack = cc_recovery_inflate,
	.on_partial_ack = cc_partial_deflate,
	.on_recovery_exit = cc_newreno_exit,
	.on_timeout = newreno_timeout,
	.on_idle = NULL,
};
