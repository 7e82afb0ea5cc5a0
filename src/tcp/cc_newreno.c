/*
 * cc_newreno.c: NewReno's window arithmetic (RFC 5681, RFC 6582).
 *
 * Slow start: cwnd += min(acked, SMSS) per ACK (RFC 5681 3.1, eq. 2), so
 * with delayed ACKs the window grows 1.5x per round trip.  Congestion
 * avoidance: cwnd += SMSS*SMSS/cwnd per ACK (eq. 3), about one SMSS per
 * round trip (half that with delayed ACKs).  The recovery steps are those
 * of RFC 6582 3.2; the sender decides when they happen.
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
	if (cc->cwnd < cc->ssthresh) {
		cc->cwnd += acked < cc->mss ? acked : cc->mss;
	} else {
		uint64_t inc = (uint64_t)cc->mss * cc->mss / cc->cwnd;

		cc->cwnd += inc ? inc : 1;
	}
}

static void
newreno_enter_recovery(struct cc_state *cc, uint64_t flight)
{
	cc->ssthresh = cc_half_flight(cc, flight); /* RFC 6582 3.2 step 2 */
	cc->cwnd = cc->ssthresh + 3 * (uint64_t)cc->mss;
}

static void
newreno_recovery_dupack(struct cc_state *cc)
{
	cc->cwnd += cc->mss; /* step 3: inflate for the segment that left */
}

static void
newreno_partial_ack(struct cc_state *cc, uint64_t acked)
{
	/* Step 5: deflate by what was acknowledged, then add back one SMSS
	 * if at least one SMSS was acknowledged. */
	cc->cwnd = cc->cwnd > acked ? cc->cwnd - acked : 0;
	if (acked >= cc->mss)
		cc->cwnd += cc->mss;
	if (cc->cwnd < cc->mss)
		cc->cwnd = cc->mss;
}

static void
newreno_exit_recovery(struct cc_state *cc, uint64_t flight)
{
	/* Step 6, option 1: min(ssthresh, max(FlightSize, SMSS) + SMSS). */
	uint64_t f = flight > cc->mss ? flight : cc->mss;
	uint64_t w = f + cc->mss;

	cc->cwnd = w < cc->ssthresh ? w : cc->ssthresh;
}

static void
newreno_timeout(struct cc_state *cc, uint64_t flight, bool first)
{
	/* RFC 5681 eq. 4, once per loss: later backoffs keep ssthresh. */
	if (first)
		cc->ssthresh = cc_half_flight(cc, flight);
	cc->cwnd = cc->mss; /* the loss window, 1 SMSS */
}

const struct cc_ops cc_newreno_ops = {
	.name = "newreno",
	.init = newreno_init,
	.on_ack = newreno_on_ack,
	.on_enter_recovery = newreno_enter_recovery,
	.on_recovery_dupack = newreno_recovery_dupack,
	.on_partial_ack = newreno_partial_ack,
	.on_exit_recovery = newreno_exit_recovery,
	.on_timeout = newreno_timeout,
};
