/* SPDX-License-Identifier: ISC */
/*
 * cc.c: the algorithm table, the pieces the algorithms share, and
 * `cc = none`: no congestion window at all, the sender is held back by the
 * advertised window only (loss recovery still resends what is lost).
 */
#include "tcp/cc.h"

#include <stdio.h>

#include <stddef.h>

#include "sim/time.h"

/* RFC 9406 4.3's constants. */
#define HYSTART_MIN_RTT_THRESH_NS  (4 * NS_PER_MS)
#define HYSTART_MAX_RTT_THRESH_NS  (16 * NS_PER_MS)
#define HYSTART_MIN_RTT_DIVISOR	   8
#define HYSTART_N_RTT_SAMPLE	   8
#define HYSTART_CSS_GROWTH_DIVISOR 4
#define HYSTART_CSS_ROUNDS	   5
/* "No sample yet": RFC 9406's infinity. */
#define HYSTART_NO_RTT INT64_MAX

const struct cc_ops *
cc_ops_for(enum cc_kind kind)
{
	switch (kind) {
	case CC_NONE:
		return &cc_none_ops;
	case CC_RENO:
		return &cc_reno_ops;
	case CC_NEWRENO:
		return &cc_newreno_ops;
	case CC_CUBIC:
		return &cc_cubic_ops;
	}
	return NULL;
}

uint64_t
cc_half_flight(const struct cc_state *cc, uint64_t flight)
{
	uint64_t half = flight / 2;
	uint64_t floor = 2 * (uint64_t)cc->mss;

	return half > floor ? half : floor;
}

uint64_t
cc_slow_start_increment(const struct cc_state *cc, uint64_t acked)
{
	/* RFC 3465 2.3: L = 2 SMSS makes up for delayed ACKs; after a
	 * timeout an ACK often covers segments that had arrived before it,
	 * and L MUST stay 1 SMSS. */
	uint64_t limit = cc->byte_counting && !cc->after_timeout
				 ? 2 * (uint64_t)cc->mss
				 : cc->mss;

	return acked < limit ? acked : limit;
}

void
cc_slow_start(struct cc_state *cc, uint64_t acked)
{
	cc->cwnd += cc_slow_start_increment(cc, acked);
}

void
cc_reno_increase(struct cc_state *cc)
{
	uint64_t inc = (uint64_t)cc->mss * cc->mss / cc->cwnd;

	cc->cwnd += inc ? inc : 1;
}

void
cc_reno_avoid(struct cc_state *cc, uint64_t acked)
{
	cc->after_timeout = false; /* that slow start is over */
	if (!cc->byte_counting) {
		cc_reno_increase(cc);
		return;
	}
	/* RFC 3465 2.1: one SMSS per cwnd bytes acknowledged, however the
	 * receiver spreads its ACKs over them. */
	cc->bytes_acked += acked;
	if (cc->bytes_acked >= cc->cwnd) {
		cc->bytes_acked -= cc->cwnd;
		cc->cwnd += cc->mss;
	}
}

void
cc_count_reset(struct cc_state *cc, bool timeout)
{
	cc->bytes_acked = 0;
	cc->after_timeout = timeout;
}

bool
cc_after_idle(const struct cc_ops *ops, struct cc_state *cc, int64_t idle_ns,
	      int64_t rto_ns, uint32_t initial_window)
{
	uint64_t iw = (uint64_t)initial_window * cc->mss;
	uint64_t rw = iw < cc->cwnd ? iw : cc->cwnd; /* RW = min(IW, cwnd) */
	uint64_t memory = cc->cwnd / 2 + cc->cwnd / 4;
	bool cut =
		idle_ns > rto_ns && cc->cwnd != CC_UNLIMITED && cc->cwnd > rw;

	if (cut) {
		if (cc->ssthresh < memory)
			cc->ssthresh = memory;
		cc->cwnd = rw;
	}
	if (ops->on_idle != NULL)
		ops->on_idle(cc, idle_ns, cut);
	return cut;
}

/* ---- HyStart++ (RFC 9406 4.2) ---- */

void
cc_hystart_init(struct cc_hystart *hs)
{
	hs->phase = CC_HYSTART_SLOW_START;
	hs->last_round_min_rtt = HYSTART_NO_RTT;
	hs->cur_round_min_rtt = HYSTART_NO_RTT;
	hs->css_baseline_min_rtt = HYSTART_NO_RTT;
	hs->rtt_samples = 0;
	hs->css_rounds = 0;
	hs->round_end = 0;
	hs->round_started = false;
}

void
cc_hystart_stop(struct cc_hystart *hs)
{
	hs->phase = CC_HYSTART_DONE;
}

/* RttThresh = max(MIN_RTT_THRESH, min(lastRoundMinRTT / MIN_RTT_DIVISOR,
 * MAX_RTT_THRESH)). */
static int64_t
hystart_rtt_thresh(int64_t last_round_min_rtt)
{
	int64_t t = last_round_min_rtt / HYSTART_MIN_RTT_DIVISOR;

	if (t > HYSTART_MAX_RTT_THRESH_NS)
		t = HYSTART_MAX_RTT_THRESH_NS;
	return t > HYSTART_MIN_RTT_THRESH_NS ? t : HYSTART_MIN_RTT_THRESH_NS;
}

/* A round begins: its end is the highest byte sent so far.  Returns
 * false when CSS has had its CSS_ROUNDS rounds. */
static bool
hystart_new_round(struct cc_state *cc, struct cc_hystart *hs)
{
	hs->last_round_min_rtt = hs->cur_round_min_rtt;
	hs->cur_round_min_rtt = HYSTART_NO_RTT;
	hs->rtt_samples = 0;
	hs->round_end = cc->nxt_off;
	hs->round_started = true;
	if (hs->phase != CC_HYSTART_CSS)
		return true;
	/* The round CSS began in counts, partial as it was. */
	return ++hs->css_rounds <= HYSTART_CSS_ROUNDS;
}

void
cc_hystart_on_ack(struct cc_state *cc, struct cc_hystart *hs, uint64_t acked)
{
	uint64_t inc = cc_slow_start_increment(cc, acked);

	/* The ACK that covers round_end is the round's last (Linux's
	 * after(snd_una, end_seq)); the next one begins a round. */
	if (!hs->round_started || cc->una_off > hs->round_end) {
		if (!hystart_new_round(cc, hs)) {
			/* CSS is over: congestion avoidance from here. */
			cc->ssthresh = cc->cwnd;
			hs->phase = CC_HYSTART_DONE;
			snprintf(cc->note, sizeof cc->note,
				 "HyStart++: %d rounds of conservative slow "
				 "start done; congestion avoidance from cwnd = "
				 "ssthresh = %llu bytes (RFC 9406 4.2)",
				 HYSTART_CSS_ROUNDS,
				 (unsigned long long)cc->cwnd);
			return;
		}
	}
	cc->cwnd += hs->phase == CC_HYSTART_CSS
			    ? inc / HYSTART_CSS_GROWTH_DIVISOR
			    : inc;
	if (cc->rtt_sample_ns < 0)
		return; /* no sample from this ACK (Karn) */
	if (cc->rtt_sample_ns < hs->cur_round_min_rtt)
		hs->cur_round_min_rtt = cc->rtt_sample_ns;
	hs->rtt_samples++;
	if (hs->rtt_samples < HYSTART_N_RTT_SAMPLE)
		return;
	if (hs->phase == CC_HYSTART_SLOW_START) {
		if (hs->last_round_min_rtt == HYSTART_NO_RTT)
			return;
		if (hs->cur_round_min_rtt >=
		    hs->last_round_min_rtt +
			    hystart_rtt_thresh(hs->last_round_min_rtt)) {
			/* The queue is building: slow down (CSS). */
			hs->css_baseline_min_rtt = hs->cur_round_min_rtt;
			hs->phase = CC_HYSTART_CSS;
			hs->css_rounds = 1;
			snprintf(
				cc->note, sizeof cc->note,
				"HyStart++: this round's min RTT %.1f ms is "
				"%.1f ms over the last round's: the queue "
				"builds, conservative slow start (growth / %d, "
				"RFC 9406 4.2)",
				(double)hs->cur_round_min_rtt / 1e6,
				(double)(hs->cur_round_min_rtt -
					 hs->last_round_min_rtt) /
					1e6,
				HYSTART_CSS_GROWTH_DIVISOR);
		}
	} else if (hs->cur_round_min_rtt < hs->css_baseline_min_rtt) {
		/* The rise was spurious: back to slow start. */
		hs->css_baseline_min_rtt = HYSTART_NO_RTT;
		hs->phase = CC_HYSTART_SLOW_START;
		hs->css_rounds = 0;
		snprintf(cc->note, sizeof cc->note,
			 "HyStart++: the min RTT fell back to %.1f ms, below "
			 "where conservative slow start began: slow start "
			 "again (RFC 9406 4.2)",
			 (double)hs->cur_round_min_rtt / 1e6);
	}
}

void
cc_recovery_inflate(struct cc_state *cc)
{
	cc->cwnd += cc->mss; /* RFC 5681 3.2 step 4: a segment has left */
}

void
cc_partial_deflate(struct cc_state *cc, uint64_t acked)
{
	/* Deflate by what was acknowledged, then add back one SMSS if at
	 * least one SMSS was acknowledged. */
	cc->cwnd = cc->cwnd > acked ? cc->cwnd - acked : 0;
	if (acked >= cc->mss)
		cc->cwnd += cc->mss;
	if (cc->cwnd < cc->mss)
		cc->cwnd = cc->mss;
}

void
cc_newreno_exit(struct cc_state *cc, uint64_t flight)
{
	uint64_t f = flight > cc->mss ? flight : cc->mss;
	uint64_t w = f + cc->mss;

	cc->cwnd = w < cc->ssthresh ? w : cc->ssthresh;
}

/* ---- cc = none ---- */

static void
none_init(struct cc_state *cc, uint32_t initial_window)
{
	(void)initial_window;
	cc->cwnd = CC_UNLIMITED;
	cc->ssthresh = CC_UNLIMITED;
}

static void
none_bytes(struct cc_state *cc, uint64_t bytes)
{
	(void)cc;
	(void)bytes;
}

static void
none_dupack(struct cc_state *cc)
{
	(void)cc;
}

static void
none_timeout(struct cc_state *cc, uint64_t flight, bool first)
{
	(void)cc;
	(void)flight;
	(void)first;
}

const struct cc_ops cc_none_ops = {
	.name = "none",
	.newreno_recovery = true,
	.init = none_init,
	.on_ack = none_bytes,
	.on_loss = none_bytes,
	.on_dupack = none_dupack,
	.on_partial_ack = none_bytes,
	.on_recovery_exit = none_bytes,
	.on_timeout = none_timeout,
	.on_idle = NULL,
};
