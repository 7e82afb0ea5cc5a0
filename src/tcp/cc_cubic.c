/* SPDX-License-Identifier: ISC */
/*
 * cc_cubic.c: CUBIC (RFC 9438).
 *
 * After a congestion event the window follows
 *     W_cubic(t) = C (t - K)^3 + W_max,   K = cbrt((W_max - cwnd_epoch) / C)
 * in segments, t in seconds since the current congestion avoidance stage
 * began (4.2).  Each ACK moves cwnd towards target = W_cubic(t + RTT),
 * kept within [cwnd, 1.5 cwnd] (4.4, 4.5); but never below W_est, what
 * Reno would have reached with alpha = 3(1 - beta)/(1 + beta) (4.3, the
 * Reno-friendly region).  On loss W_max = cwnd, reduced further by fast
 * convergence when the window did not regain the previous W_max (4.7);
 * ssthresh = beta cwnd with beta = 0.7 (4.6).  Fast recovery itself is
 * NewReno's (RFC 6582).  K needs a cube root once per congestion event;
 * per ACK there are only multiplications.
 *
 * Both regions count the segments an ACK acknowledges (acked / SMSS), so
 * a delayed ACK of two segments counts two whatever byte_counting says;
 * slow start is cc_slow_start()'s, where byte_counting matters.  hystart
 * = on runs HyStart++ (RFC 9406, cc.c) in the first slow start; hystart =
 * linux runs the HyStart of Linux's tcp_cubic.c (below), which ends slow
 * start (ssthresh = cwnd) when ACKs of one round keep arriving close
 * together for longer than half the minimum RTT, or when the RTT has risen
 * clearly above its minimum.  With
 * restart_after_idle the epoch leaves out the time the sender was idle
 * (RFC 9438 5.8), as Linux's cubictcp_cwnd_event() does: W_cubic(t)
 * takes no leap over a pause.
 *
 * cubic_variant = linux computes what tcp_cubic.c's bictcp_update() does
 * where it departs from RFC 9438: the target is W_cubic(t + min RTT)
 * rather than t + SRTT, and until the first congestion event (and again
 * after a timeout, when bictcp_reset() clears last_max_cwnd) cwnd grows by
 * at least one segment per 20 acknowledged, 5% per round trip, however
 * flat the curve.
 */
#include "tcp/cc.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>

#include "sim/time.h"

#define CUBIC_C	    0.4 /* RFC 9438 4.1 */
#define CUBIC_BETA  0.7 /* RFC 9438 4.6 */
#define CUBIC_ALPHA (3.0 * (1.0 - CUBIC_BETA) / (1.0 + CUBIC_BETA))

/* Linux's HyStart: tcp_cubic.c's module parameters and constants
 * (hystart_low_window, hystart_ack_delta_us, HYSTART_MIN_SAMPLES,
 * HYSTART_DELAY_MIN and _MAX). */
#define LH_LOW_WINDOW	  16 /* segments: below it HyStart sleeps */
#define LH_ACK_DELTA_NS	  (2 * NS_PER_MS) /* ACKs closer are a train */
#define LH_MIN_SAMPLES	  8		  /* RTT samples a round needs */
#define LH_DELAY_MIN_NS	  (4 * NS_PER_MS)
#define LH_DELAY_MAX_NS	  (16 * NS_PER_MS)
#define LH_AFTER_EPOCH_NS NS_PER_S /* samples ignored after recovery */

/* The state of Linux's HyStart (struct bictcp's HyStart fields). */
struct cubic_linux_hystart {
	int64_t delay_min;   /* ns: the smallest RTT sample, -1: none */
	int64_t round_start; /* ns: when this round began */
	int64_t last_ack;    /* ns: the last ACK of the train */
	int64_t curr_rtt;    /* ns: smallest sample this round, INT64_MAX */
	uint64_t end_off;    /* stream offset: the round ends past it */
	uint32_t samples;    /* RTT samples this round, up to MIN_SAMPLES */
	bool found;	     /* slow start's end was found */
};

struct cubic_state {
	double w_max;	   /* segments: the window before the last reduction */
	double cwnd_prior; /* segments: cwnd at the last congestion event */
	double k;	   /* seconds to climb back to w_max */
	double cwnd_epoch; /* segments: cwnd when the epoch began */
	double w_est;	   /* segments: the Reno-friendly estimate */
	int64_t epoch_start;  /* ns; -1: the next ACK in avoidance starts one */
	bool after_timeout;   /* the epoch follows a timeout: K = 0 (4.8) */
	struct cc_hystart hs; /* HyStart++ (RFC 9406), hystart = on */
	struct cubic_linux_hystart lh; /* hystart = linux; its delay_min
					  also serves cubic_variant = linux */
	bool no_event; /* no congestion event yet (Linux's last_max_cwnd 0) */
};

static_assert(sizeof(struct cubic_state) <= CC_PRIV_SIZE,
	      "struct cubic_state must fit in cc_state.priv");

static struct cubic_state *
cubic(struct cc_state *cc)
{
	return (struct cubic_state *)(void *)cc->priv;
}

static void
cubic_init(struct cc_state *cc, uint32_t initial_window)
{
	struct cubic_state *cs = cubic(cc);

	cc->cwnd = (uint64_t)initial_window * cc->mss;
	cc->ssthresh = CC_UNLIMITED;
	cs->w_max = 0.0;
	cs->cwnd_prior = 0.0;
	cs->k = 0.0;
	cs->cwnd_epoch = 0.0;
	cs->w_est = 0.0;
	cs->epoch_start = -1;
	cs->after_timeout = false;
	cc_hystart_init(&cs->hs);
	cs->no_event = true;
	cs->lh.delay_min = -1;
	cs->lh.found = false;
	cs->lh.round_start = 0;
	cs->lh.last_ack = 0;
	cs->lh.curr_rtt = INT64_MAX;
	cs->lh.end_off = 0; /* the first look begins a round */
	cs->lh.samples = 0;
}

/* bictcp_hystart_reset(): a round begins now and ends with the highest
 * byte sent so far. */
static void
linux_hystart_reset(const struct cc_state *cc, struct cubic_linux_hystart *lh)
{
	lh->round_start = cc->now_ns;
	lh->last_ack = cc->now_ns;
	lh->end_off = cc->nxt_off;
	lh->curr_rtt = INT64_MAX;
	lh->samples = 0;
}

static void
linux_hystart_found(struct cc_state *cc, struct cubic_linux_hystart *lh,
		    const char *why)
{
	lh->found = true;
	cc->ssthresh = cc->cwnd;
	snprintf(cc->note, sizeof cc->note,
		 "HyStart (Linux): %s; slow start ends, ssthresh = cwnd = "
		 "%llu bytes",
		 why, (unsigned long long)cc->cwnd);
}

/* hystart_update(): one RTT sample `delay` in slow start. */
static void
linux_hystart_update(struct cc_state *cc, struct cubic_linux_hystart *lh,
		     int64_t delay)
{
	int64_t thresh;

	if (cc->una_off > lh->end_off)
		linux_hystart_reset(cc, lh); /* after(snd_una, end_seq) */
	/* The ACK train: ACKs no more than 2 ms apart for longer than half
	 * the minimum RTT mean the window already fills the path. */
	if (cc->now_ns - lh->last_ack <= LH_ACK_DELTA_NS) {
		lh->last_ack = cc->now_ns;
		if (cc->now_ns - lh->round_start > lh->delay_min / 2) {
			char why[96];

			snprintf(why, sizeof why,
				 "an ACK train of %.1f ms, over half the "
				 "minimum RTT",
				 (double)(cc->now_ns - lh->round_start) / 1e6);
			linux_hystart_found(cc, lh, why);
		}
	}
	/* The delay increase: the round's smallest RTT, from 8 samples,
	 * above the minimum by an eighth of it (4 to 16 ms). */
	if (lh->curr_rtt > delay)
		lh->curr_rtt = delay;
	if (lh->samples < LH_MIN_SAMPLES) {
		lh->samples++;
		return;
	}
	thresh = lh->delay_min / 8;
	if (thresh < LH_DELAY_MIN_NS)
		thresh = LH_DELAY_MIN_NS;
	if (thresh > LH_DELAY_MAX_NS)
		thresh = LH_DELAY_MAX_NS;
	if (!lh->found && lh->curr_rtt > lh->delay_min + thresh) {
		char why[96];

		snprintf(why, sizeof why,
			 "this round's RTT %.1f ms is over the minimum %.1f "
			 "ms by more than %.1f ms",
			 (double)lh->curr_rtt / 1e6,
			 (double)lh->delay_min / 1e6, (double)thresh / 1e6);
		linux_hystart_found(cc, lh, why);
	}
}

/* cubictcp_acked(): every ACK's RTT sample keeps the minimum; with
 * hystart = linux, in slow start from 16 segments on, HyStart looks at
 * it. */
static void
linux_hystart_acked(struct cc_state *cc, struct cubic_state *cs)
{
	struct cubic_linux_hystart *lh = &cs->lh;
	int64_t delay = cc->rtt_sample_ns;

	if (delay < 0)
		return; /* no sample (Karn) */
	/* Samples right after fast recovery are discarded. */
	if (cs->epoch_start >= 0 &&
	    cc->now_ns - cs->epoch_start < LH_AFTER_EPOCH_NS)
		return;
	if (delay == 0)
		delay = 1;
	if (lh->delay_min < 0 || lh->delay_min > delay)
		lh->delay_min = delay;
	if (cc->hystart == HYSTART_LINUX && !lh->found &&
	    cc->cwnd < cc->ssthresh &&
	    cc->cwnd >= (uint64_t)LH_LOW_WINDOW * cc->mss)
		linux_hystart_update(cc, lh, delay);
}

static double
cubic_w(const struct cubic_state *cs, double t)
{
	double d = t - cs->k;

	return CUBIC_C * d * d * d + cs->w_max;
}

/* The first ACK of a congestion avoidance stage starts the epoch. */
static void
cubic_start_epoch(struct cc_state *cc, struct cubic_state *cs)
{
	double w = (double)cc->cwnd / cc->mss;

	cs->epoch_start = cc->now_ns;
	cs->cwnd_epoch = w;
	cs->w_est = w;
	if (cs->after_timeout || cs->w_max <= w) {
		/* 4.8 after a timeout, or a window already past W_max:
		 * grow from here in the convex region. */
		cs->w_max = w;
		cs->k = 0.0;
	} else {
		cs->k = cbrt((cs->w_max - w) / CUBIC_C);
	}
	cs->after_timeout = false;
}

static void
cubic_on_ack(struct cc_state *cc, uint64_t acked)
{
	struct cubic_state *cs = cubic(cc);
	double segs_acked = (double)acked / cc->mss;
	double w, t, rtt, target, alpha, grow, floor;

	if (cc->hystart == HYSTART_LINUX || cc->cubic_variant == CUBIC_LINUX)
		linux_hystart_acked(cc, cs);
	if (cc->cwnd < cc->ssthresh) {
		if (cc->hystart == HYSTART_ON &&
		    cs->hs.phase != CC_HYSTART_DONE)
			cc_hystart_on_ack(cc, &cs->hs, acked);
		else
			cc_slow_start(cc, acked); /* 4.10: as Reno */
		return;
	}
	cc->after_timeout = false; /* that slow start is over */
	if (cs->epoch_start < 0)
		cubic_start_epoch(cc, cs);
	w = (double)cc->cwnd / cc->mss;
	t = (double)(cc->now_ns - cs->epoch_start) / 1e9;
	rtt = (double)cc->srtt_ns / 1e9;
	if (cc->cubic_variant == CUBIC_LINUX && cs->lh.delay_min >= 0)
		rtt = (double)cs->lh.delay_min / 1e9; /* t += delay_min */

	/* 4.3: the Reno-friendly estimate, alpha 1 once past cwnd_prior */
	alpha = cs->w_est >= cs->cwnd_prior ? 1.0 : CUBIC_ALPHA;
	cs->w_est += alpha * segs_acked / w;
	/* Linux: ca->cnt at most 20 while last_max_cwnd is 0, in either
	 * region (tcp_friendliness() only ever lowers cnt further). */
	floor = cc->cubic_variant == CUBIC_LINUX && cs->no_event
			? segs_acked / 20.0 * cc->mss
			: 0.0;
	if (cubic_w(cs, t) < cs->w_est) {
		uint64_t est = cs->w_est > w ? (uint64_t)(cs->w_est * cc->mss)
					     : cc->cwnd;

		if ((double)(est - cc->cwnd) < floor)
			est = cc->cwnd + (uint64_t)floor;
		cc->cwnd = est;
		return;
	}
	/* 4.4, 4.5: concave and convex regions */
	target = cubic_w(cs, t + rtt);
	if (target < w)
		target = w;
	if (target > 1.5 * w)
		target = 1.5 * w;
	grow = (target - w) / w * segs_acked * cc->mss;
	if (grow < floor)
		grow = floor;
	cc->cwnd += (uint64_t)grow;
}

/* 4.6 and 4.7: a congestion event at `basis` bytes. */
static void
cubic_reduce(struct cc_state *cc, uint64_t basis)
{
	struct cubic_state *cs = cubic(cc);
	double w = (double)cc->cwnd / cc->mss;
	uint64_t ss = (uint64_t)((double)basis * CUBIC_BETA);

	if (w < cs->w_max)
		cs->w_max = w * (1.0 + CUBIC_BETA) / 2.0; /* fast convergence */
	else
		cs->w_max = w;
	cs->cwnd_prior = w;
	cs->no_event = false;
	cs->epoch_start = -1;
	cc_hystart_stop(&cs->hs); /* RFC 9406 4.3: the first slow start only */
	cc->ssthresh = ss > 2ull * cc->mss ? ss : 2ull * cc->mss;
}

static void
cubic_on_loss(struct cc_state *cc, uint64_t flight)
{
	(void)flight;
	cubic_reduce(cc, cc->cwnd); /* RFC 9438 applies beta to cwnd */
	cc->cwnd = cc->ssthresh + 3 * (uint64_t)cc->mss; /* RFC 6582 */
	cc_count_reset(cc, false);
}

static void
cubic_timeout(struct cc_state *cc, uint64_t flight, bool first)
{
	/* 4.8: cwnd as Reno, ssthresh with beta (from FlightSize, as RFC
	 * 5681 eq. 4 does), once per loss; the next epoch starts with K = 0. */
	if (first)
		cubic_reduce(cc, flight);
	cubic(cc)->after_timeout = true;
	cubic(cc)->hs.phase = CC_HYSTART_DONE;
	/* Linux's TCP_CA_Loss: bictcp_reset() and bictcp_hystart_reset(),
	 * so HyStart watches the slow start that follows. */
	cubic(cc)->lh.found = false;
	cubic(cc)->no_event = true; /* bictcp_reset(): last_max_cwnd = 0 */
	linux_hystart_reset(cc, &cubic(cc)->lh);
	cc->cwnd = cc->mss;
	cc_count_reset(cc, true);
}

/*
 * Sending starts again after an idle time.  RFC 9438 5.8: t must not count
 * it, so the epoch moves forward by it (no later than now), as Linux does
 * on CA_EVENT_TX_START.  If the restart cut cwnd (RFC 5681 4.1), slow start
 * runs again and the congestion avoidance stage that follows is a new one
 * (4.2: t counts from the beginning of the current stage).
 */
static void
cubic_on_idle(struct cc_state *cc, int64_t idle_ns, bool cut)
{
	struct cubic_state *cs = cubic(cc);

	if (cs->epoch_start < 0)
		return;
	if (cut) {
		cs->epoch_start = -1;
		return;
	}
	cs->epoch_start += idle_ns;
	if (cs->epoch_start > cc->now_ns)
		cs->epoch_start = cc->now_ns;
}

const struct cc_ops cc_cubic_ops = {
	.name = "cubic",
	.newreno_recovery = true,
	.init = cubic_init,
	.on_ack = cubic_on_ack,
	.on_loss = cubic_on_loss,
	.on_dupack = cc_recovery_inflate,
	.on_partial_ack = cc_partial_deflate,
	.on_recovery_exit = cc_newreno_exit,
	.on_timeout = cubic_timeout,
	.on_idle = cubic_on_idle,
};
