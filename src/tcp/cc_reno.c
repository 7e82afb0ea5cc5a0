/* SPDX-License-Identifier: ISC */
/*
 * cc_reno.c: Reno (RFC 5681 3.2 without RFC 6582).
 *
 * The same window arithmetic as NewReno, but the first ACK of new data
 * ends fast recovery and deflates cwnd to ssthresh (step 6).  With several
 * losses in one window the next hole needs three more duplicate ACKs and
 * halves the window again, or waits for the retransmission timer: the
 * weakness NewReno fixes.
 */
#include "tcp/cc.h"

static void
reno_init(struct cc_state *cc, uint32_t initial_window)
{
	cc->cwnd = (uint64_t)initial_window * cc->mss;
	cc->ssthresh = CC_UNLIMITED;
}

static void
reno_on_ack(struct cc_state *cc, uint64_t acked)
{
	if (cc->cwnd < cc->ssthresh)
		cc_slow_start(cc, acked);
	else
		cc_reno_avoid(cc, acked);
}

static void
reno_on_loss(struct cc_state *cc, uint64_t flight)
{
	cc->ssthresh = cc_half_flight(cc, flight); /* RFC 5681 3.2 step 2 */
	cc->cwnd = cc->ssthresh + 3 * (uint64_t)cc->mss;
	cc_count_reset(cc, false);
}

static void
reno_partial_ack(struct cc_state *cc, uint64_t acked)
{
	/* Reno has no partial ACKs: the sender ends recovery instead. */
	(void)cc;
	(void)acked;
}

static void
reno_recovery_exit(struct cc_state *cc, uint64_t flight)
{
	(void)flight;
	cc->cwnd = cc->ssthresh; /* RFC 5681 3.2 step 6: deflate */
}

static void
reno_timeout(struct cc_state *cc, uint64_t flight, bool first)
{
	if (first)
		cc->ssthresh = cc_half_flight(cc, flight); /* eq. 4 */
	cc->cwnd = cc->mss;
	cc_count_reset(cc, true);
}

const struct cc_ops cc_reno_ops = {
	.name = "reno",
	.newreno_recovery = false,
	.init = reno_init,
	.on_ack = reno_on_ack,
	.on_loss = reno_on_loss,
	.on_dupack = cc_recovery_inflate,
	.on_partial_ack = reno_partial_ack,
	.on_recovery_exit = reno_recovery_exit,
	.on_timeout = reno_timeout,
	.on_idle = NULL,
};
