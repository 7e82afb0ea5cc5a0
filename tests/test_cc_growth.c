/* SPDX-License-Identifier: ISC */
/*
 * test_cc_growth.c: how congestion control grows and what it does after
 * an idle time: byte counting (RFC 3465, RFC 5681 3.1), HyStart++ (RFC
 * 9406), slow-start restart (RFC 5681 4.1) and CUBIC's epoch over a pause
 * (RFC 9438 5.8).  Expected values are worked out here from the RFCs'
 * rules and from the AIMD model of a sawtooth.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "model/sim_internal.h"
#include "tcp/cc.h"

#define NS  1e9
#define MS  INT64_C(1000000)
#define MSS 1460

/* ---- RFC 3465 2.2, 2.3: slow start, L = 2 SMSS ---- */

/* A cc_state in slow start for `kind`, byte counting on or off. */
static void
cc_fresh(struct cc_state *cc, const struct cc_ops *ops, bool byte_counting,
	 uint32_t iw)
{
	memset(cc, 0, sizeof(*cc));
	cc->mss = MSS;
	cc->byte_counting = byte_counting;
	cc->rtt_sample_ns = -1;
	ops->init(cc, iw);
}

/* One ACK in slow start adds min(N, L): L = 2 SMSS with byte counting,
 * 1 SMSS without it and after a timeout (RFC 3465 2.3). */
static void
test_slow_start_limit(void **state)
{
	const enum cc_kind kinds[] = {CC_RENO, CC_NEWRENO, CC_CUBIC};
	/* bytes acknowledged by one ACK: a delayed ACK, a stretch ACK of
	 * three segments, and less than a segment */
	const uint64_t acked[] = {2 * MSS, 3 * MSS, 500};

	(void)state;
	for (size_t k = 0; k < 3; k++) {
		const struct cc_ops *ops = cc_ops_for(kinds[k]);

		for (size_t i = 0; i < 3; i++) {
			struct cc_state cc;
			uint64_t before, l2, l1;

			l2 = acked[i] < 2 * MSS ? acked[i] : 2 * MSS;
			l1 = acked[i] < MSS ? acked[i] : MSS;

			cc_fresh(&cc, ops, true, 10);
			before = cc.cwnd;
			ops->on_ack(&cc, acked[i]);
			assert_int_equal(cc.cwnd - before, l2);

			cc_fresh(&cc, ops, false, 10);
			before = cc.cwnd;
			ops->on_ack(&cc, acked[i]);
			assert_int_equal(cc.cwnd - before, l1);

			/* after a timeout L is 1 SMSS even with byte
			 * counting; the first ACK in avoidance ends that */
			cc_fresh(&cc, ops, true, 10);
			ops->on_timeout(&cc, 40 * MSS, true);
			before = cc.cwnd;
			ops->on_ack(&cc, acked[i]);
			assert_int_equal(cc.cwnd - before, l1);
		}
	}
}

/*
 * The whole run: one NewReno flow on a path that never queues (1 Gbit/s,
 * 100 ms), windows that never limit, IW = 10, an ACK every second segment
 * (ack_delay 1 ms, so an odd last segment is acknowledged at once and
 * every flight stays one round trip).  A flight of w segments brings
 * ceil(w/2) ACKs.  Each adds 1 SMSS without byte counting: w + ceil(w/2),
 * about 10 x 1.5^k after k round trips; with it each adds what it covers:
 * 2w, exactly 10 x 2^k (RFC 3465 2.2).
 */
static void
test_slow_start_doubles_with_delayed_acks(void **state)
{
	const int64_t rtt = 100 * MS;

	(void)state;
	for (int bc = 0; bc <= 1; bc++) {
		char text[512];
		struct sim *sim;
		uint64_t w = 10;

		snprintf(text, sizeof(text),
			 "[simulation]\nduration = 1s\n[link]\nrate = "
			 "1Gbit/s\ndelay = 50ms\nqueue = 10000 packets\n"
			 "[flow f]\nstack = textbook\nbyte_counting = %s\n"
			 "ack_delay = 1ms\n"
			 "receive_buffer = 64MiB\nsend_buffer = 64MiB\n",
			 bc ? "on" : "off");
		sim = helper_sim(text);
		for (int k = 1; k <= 5; k++) {
			struct flow_snapshot fs;

			w = bc ? 2 * w : w + (w + 1) / 2;
			/* halfway through round trip k + 1: every ACK of
			 * flight k is in, none of flight k + 1 */
			sim_run_until(sim, k * rtt + rtt / 2);
			sim_flow_snapshot(sim, 0, &fs);
			if (fs.cwnd_bytes != w * MSS)
				fail_msg(
					"byte_counting %s, after %d RTTs: cwnd "
					"%.2f segments, want %llu",
					bc ? "on" : "off",
					(double)fs.cwnd_bytes / MSS, k,
					(unsigned long long)w);
			if (bc)
				assert_int_equal(w, 10u << k);
			else
				assert_true(helper_within(
					(double)w, 10 * pow(1.5, k), 0.06));
			assert_int_equal(fs.drops, 0);
		}
		sim_destroy(sim);
	}
}

/* ---- RFC 3465 2.1: congestion avoidance ---- */

/*
 * Acknowledge exactly one window of data, `chunk` bytes per ACK, in
 * congestion avoidance; return cwnd's growth in bytes.  Checks that the
 * window did not grow before the last ACK when `exact` (byte counting).
 */
static uint64_t
avoid_one_window(const struct cc_ops *ops, bool byte_counting, uint64_t chunk,
		 bool exact)
{
	struct cc_state cc;
	uint64_t start, left;

	cc_fresh(&cc, ops, byte_counting, 20);
	cc.ssthresh = 0; /* congestion avoidance */
	start = cc.cwnd;
	for (left = start; left > 0;) {
		uint64_t n = left < chunk ? left : chunk;

		if (exact)
			assert_int_equal(cc.cwnd, start);
		ops->on_ack(&cc, n);
		left -= n;
	}
	return cc.cwnd - start;
}

/* RFC 3465 2.1: one SMSS per cwnd bytes acknowledged, whatever the ACKs:
 * one per segment, delayed (2), stretch (3) or tiny (500 B).  Without
 * byte counting (RFC 5681 eq. 3, SMSS*SMSS/cwnd per ACK) the growth over
 * one window is SMSS x (ACKs in the window) / (segments in it): half a
 * segment with delayed ACKs, three with 500-byte ACKs. */
static void
test_avoidance_one_smss_per_window(void **state)
{
	const enum cc_kind kinds[] = {CC_RENO, CC_NEWRENO};
	const uint64_t chunks[] = {MSS, 2 * MSS, 3 * MSS, 500};

	(void)state;
	for (size_t k = 0; k < 2; k++) {
		const struct cc_ops *ops = cc_ops_for(kinds[k]);

		for (size_t i = 0; i < 4; i++) {
			double acks = ceil(20.0 * MSS / (double)chunks[i]);
			double want = MSS * acks / 20.0;
			uint64_t got;

			assert_int_equal(
				avoid_one_window(ops, true, chunks[i], true),
				MSS);
			got = avoid_one_window(ops, false, chunks[i], false);
			/* eq. 3 uses the growing cwnd: within 10% */
			if (!helper_within((double)got, want, 0.10))
				fail_msg("%s, %llu-byte ACKs: +%llu bytes, "
					 "want about %.0f",
					 ops->name,
					 (unsigned long long)chunks[i],
					 (unsigned long long)got, want);
		}
	}
}

/*
 * CUBIC counts the segments each ACK acknowledges (RFC 9438 4.3 and 4.4:
 * segments_acked), so the same data acknowledged by one ACK per segment
 * or by one per two segments gives the same window, in the Reno-friendly
 * region (RTT 2 ms) and on the cubic curve (RTT 100 ms), with byte
 * counting on or off.
 */
static double
cubic_after(bool byte_counting, uint32_t per_ack, int64_t rtt, double secs)
{
	const struct cc_ops *ops = cc_ops_for(CC_CUBIC);
	struct cc_state cc;
	int64_t now = 0;

	cc_fresh(&cc, ops, byte_counting, 100);
	cc.ssthresh = 0;
	ops->on_loss(&cc, 100 * MSS);
	ops->on_recovery_exit(&cc, 70 * MSS); /* cwnd = 70 segments */
	cc.srtt_ns = rtt;
	while ((double)now / NS < secs) {
		uint64_t acks = cc.cwnd / MSS / per_ack;

		for (uint64_t i = 0; i < acks; i++) {
			cc.now_ns = now + (int64_t)((uint64_t)rtt * i / acks);
			ops->on_ack(&cc, (uint64_t)per_ack * MSS);
		}
		now += rtt;
	}
	return (double)cc.cwnd / MSS;
}

static void
test_cubic_counts_segments(void **state)
{
	const int64_t rtts[] = {2 * MS, 100 * MS};

	(void)state;
	for (int bc = 0; bc <= 1; bc++)
		for (int i = 0; i < 2; i++) {
			double one = cubic_after(bc, 1, rtts[i], 3.0);
			double two = cubic_after(bc, 2, rtts[i], 3.0);

			if (fabs(one - two) > 0.01 * one)
				fail_msg("RTT %lld ms: %.2f segments with an "
					 "ACK per segment, %.2f with one per "
					 "two",
					 (long long)(rtts[i] / MS), one, two);
			assert_true(one > 71); /* it did grow */
		}
}

/*
 * The Reno sawtooth (the AIMD model): on one flow over 10 Mbit/s, 2 x 20
 * ms, 100 packets of queue, the window reaches W = BDP + queue packets,
 * halves, and grows again.  While the window w exceeds the BDP the queue
 * holds the rest, so a round trip lasts w packet times tau and dw/dt =
 * g / (w tau), g segments per round trip: the period is
 *     tau (W^2 - (W/2)^2) / (2 g).
 * With byte counting g = 1 (RFC 3465 2.1), without it g = 1/2 (one ACK
 * per two segments): twice as long.  The mean time between loss
 * episodes, after the first 20 s, is within 15% of it.
 */
static double
sawtooth_period(bool byte_counting)
{
	char text[512];
	struct recorder rec;
	struct sim *sim;
	int64_t first = -1, last = -1, prev = -1;
	int episodes = 0;

	snprintf(text, sizeof(text),
		 "[simulation]\nduration = 200s\n[link]\nrate = 10Mbit/s\n"
		 "delay = 20ms\nqueue = 100 packets\n[flow f]\ncc = reno\n"
		 "receive_buffer = 4MiB\nbyte_counting = %s\n",
		 byte_counting ? "on" : "off");
	sim = helper_sim(text);
	recorder_attach(sim, &rec);
	sim_run(sim);
	for (size_t i = 0; i < rec.n; i++) {
		const struct trace_event *ev = &rec.ev[i];

		if (ev->kind != TRACE_FAST_RETRANSMIT &&
		    ev->kind != TRACE_TIMEOUT)
			continue;
		/* one episode: losses closer than a second go together */
		if (prev >= 0 && ev->time_ns - prev < 1000 * MS) {
			prev = ev->time_ns;
			continue;
		}
		prev = ev->time_ns;
		if (ev->time_ns < 20 * (int64_t)NS)
			continue;
		if (first < 0)
			first = ev->time_ns;
		last = ev->time_ns;
		episodes++;
	}
	recorder_free(&rec);
	sim_destroy(sim);
	assert_true(episodes >= 3);
	return (double)(last - first) / NS / (episodes - 1);
}

static void
test_reno_sawtooth_period(void **state)
{
	const double tau = (MSS + 40) * 8 / 10e6; /* one packet, seconds */
	const double base_rtt = 0.040 + tau;
	const double w = 10e6 * base_rtt / 8 / (MSS + 40) + 100;
	const double model = tau * (w * w - w * w / 4) / 2;
	double on = sawtooth_period(true), off = sawtooth_period(false);

	(void)state;
	if (!helper_within(on, model, 0.15))
		fail_msg("byte counting: period %.2f s, model %.2f s", on,
			 model);
	if (!helper_within(off, 2 * model, 0.15))
		fail_msg("without: period %.2f s, model %.2f s", off,
			 2 * model);
}

/* ---- RFC 9406: HyStart++ ---- */

/*
 * A sender driven by hand: ACKs of one segment each, the window refilled
 * after each, an RTT sample with every ACK.  Rounds follow RFC 9406 4.2:
 * a round ends with the ACK that covers the highest byte sent when it
 * began, and the next ACK begins a new one; the driver counts them by the
 * same rule to know which RTT to give.
 */
struct hs_driver {
	const struct cc_ops *ops;
	struct cc_state cc;
	uint64_t una, nxt;  /* stream offsets */
	uint64_t round_end; /* the driver's copy of windowEnd */
	int round;	    /* rounds begun */
};

static void
hs_start(struct hs_driver *d)
{
	memset(d, 0, sizeof(*d));
	d->ops = cc_ops_for(CC_CUBIC);
	d->cc.mss = MSS;
	d->cc.hystart = true;
	d->ops->init(&d->cc, 10);
	d->nxt = d->cc.cwnd; /* the initial window is sent */
}

/* One ACK of one segment with an RTT sample; returns cwnd's growth. */
static uint64_t
hs_ack(struct hs_driver *d, int64_t rtt)
{
	uint64_t before = d->cc.cwnd;

	d->una += MSS;
	if (d->round == 0 || d->una > d->round_end) {
		d->round++;
		d->round_end = d->nxt;
	}
	d->cc.una_off = d->una;
	d->cc.nxt_off = d->nxt;
	d->cc.rtt_sample_ns = rtt;
	d->cc.now_ns += MS; /* not read in slow start */
	d->ops->on_ack(&d->cc, MSS);
	/* refill the window with whole segments, as the sender does */
	if (d->una + d->cc.cwnd / MSS * MSS > d->nxt)
		d->nxt = d->una + d->cc.cwnd / MSS * MSS;
	return d->cc.cwnd > before ? d->cc.cwnd - before : 0;
}

/* ACKs until the round in progress has had its last. */
static void
hs_finish_round(struct hs_driver *d, int64_t rtt)
{
	while (d->una < d->round_end)
		hs_ack(d, rtt);
}

/* `n` whole rounds, every sample `rtt`. */
static void
hs_rounds(struct hs_driver *d, int n, int64_t rtt)
{
	for (int i = 0; i < n; i++) {
		hs_ack(d, rtt); /* begins the round */
		hs_finish_round(d, rtt);
	}
}

/*
 * RFC 9406 4.2: with lastRoundMinRTT = 100 ms, RttThresh = max(4 ms,
 * min(100/8, 16 ms)) = 12.5 ms.  A round at 112 ms stays in slow start
 * (+1 SMSS per segment acknowledged); in the next, whose last round had
 * 112 ms, RttThresh = 14 ms: at 126 ms the 8th sample (N_RTT_SAMPLE)
 * moves to CSS, the 7th does not; CSS grows SMSS / CSS_GROWTH_DIVISOR =
 * SMSS/4 per segment.  A round whose minimum falls below the baseline
 * (126 ms) goes back to slow start after its 8th sample.
 */
static void
test_hystart_exit_and_back(void **state)
{
	struct hs_driver d;
	int r;

	(void)state;
	hs_start(&d);
	hs_rounds(&d, 3, 100 * MS);
	/* a rise below RttThresh: a whole round of slow start */
	r = d.round;
	while (d.round == r || d.una < d.round_end)
		assert_int_equal(hs_ack(&d, 112 * MS), MSS);
	/* 126 ms: samples 1 to 8 grow as slow start, the 8th moves to CSS */
	for (int i = 1; i <= 8; i++)
		assert_int_equal(hs_ack(&d, 126 * MS), MSS);
	for (int i = 0; i < 5; i++)
		assert_int_equal(hs_ack(&d, 126 * MS), MSS / 4);
	assert_true(d.cc.ssthresh == CC_UNLIMITED); /* not yet avoidance */
	hs_finish_round(&d, 126 * MS);
	/* back at 110 ms < the baseline: CSS until the 8th sample */
	for (int i = 1; i <= 8; i++)
		assert_int_equal(hs_ack(&d, 110 * MS), MSS / 4);
	assert_int_equal(hs_ack(&d, 110 * MS), MSS);
	assert_true(d.cc.ssthresh == CC_UNLIMITED);
}

/* The clamp of RttThresh: 4 ms at a 20 ms RTT (20/8 = 2.5 ms), 16 ms at
 * 200 ms (200/8 = 25 ms).  A round 1 ns short of it stays in slow start;
 * one at the threshold leaves at its 8th sample. */
static void
test_hystart_threshold_clamp(void **state)
{
	const int64_t base[] = {20 * MS, 200 * MS};
	const int64_t thresh[] = {4 * MS, 16 * MS};

	(void)state;
	for (int i = 0; i < 2; i++) {
		struct hs_driver d;

		hs_start(&d);
		hs_rounds(&d, 3, base[i]);
		hs_rounds(&d, 1, base[i] + thresh[i] - 1);
		hs_ack(&d, base[i]); /* a round at the base again */
		hs_finish_round(&d, base[i]);
		assert_int_equal(hs_ack(&d, base[i] + thresh[i] - 1), MSS);
		hs_finish_round(&d, base[i] + thresh[i] - 1);
		assert_int_equal(hs_ack(&d, base[i]), MSS); /* still */

		hs_start(&d);
		hs_rounds(&d, 3, base[i]);
		for (int k = 1; k <= 8; k++)
			assert_int_equal(hs_ack(&d, base[i] + thresh[i]), MSS);
		assert_int_equal(hs_ack(&d, base[i] + thresh[i]), MSS / 4);
	}
}

/*
 * CSS_ROUNDS = 5: CSS lasts the round it began in (partial as it was)
 * and four more; the ACK that begins the sixth sets ssthresh = cwnd, and
 * congestion avoidance follows.
 */
static void
test_hystart_css_rounds(void **state)
{
	struct hs_driver d;
	uint64_t cwnd;
	int entered;

	(void)state;
	hs_start(&d);
	hs_rounds(&d, 2, 50 * MS);
	/* RttThresh = 50/8 = 6.25 ms: 57 ms is a rise */
	for (int k = 1; k <= 8; k++)
		hs_ack(&d, 57 * MS);
	entered = d.round;
	assert_int_equal(hs_ack(&d, 57 * MS), MSS / 4); /* CSS */
	hs_finish_round(&d, 57 * MS);
	hs_rounds(&d, 4, 57 * MS); /* entered + 1 .. entered + 4 */
	assert_int_equal(d.round, entered + 4);
	assert_true(d.cc.ssthresh == CC_UNLIMITED);
	cwnd = d.cc.cwnd;
	assert_int_equal(hs_ack(&d, 57 * MS), 0); /* begins entered + 5 */
	assert_int_equal(d.round, entered + 5);
	assert_int_equal(d.cc.ssthresh, cwnd);
}

/* A loss ends HyStart++ for good (RFC 9406 4.3: the first slow start
 * only): the slow start after a timeout ignores the RTT. */
static void
test_hystart_first_slow_start_only(void **state)
{
	struct hs_driver d;

	(void)state;
	hs_start(&d);
	hs_rounds(&d, 2, 50 * MS);
	d.ops->on_timeout(&d.cc, 40 * MSS, true);
	d.cc.ssthresh = CC_UNLIMITED; /* even with room to grow */
	hs_rounds(&d, 3, 50 * MS);
	for (int k = 1; k <= 20; k++)
		assert_int_equal(hs_ack(&d, 100 * MS), MSS);
}

/*
 * A whole run: CUBIC over 10 Mbit/s, 2 x 20 ms, a 300-packet queue (BDP
 * + queue = 334 packets).  Without HyStart++ slow start runs until the
 * queue overflows: the first drop finds ssthresh still unset.  With it,
 * the RTT rises by RttThresh = 41.2 ms / 8 with a few packets queued;
 * CSS then grows at most 1.25x per round for 5 rounds and hands over to
 * congestion avoidance: ssthresh is set, and no packet is dropped in the
 * first 5 s.  The same holds with sack = on, whose ACKs take another path
 * through the sender.
 */
struct drop_watch {
	bool seen;
	uint64_t ssthresh;  /* at the first drop */
	int hystart_events; /* TRACE_HYSTART events seen */
};

static void
drop_on_event(void *ctx, const struct sim *sim, const struct trace_event *ev)
{
	struct drop_watch *w = ctx;
	struct flow_snapshot fs;

	if (ev->kind == TRACE_HYSTART)
		w->hystart_events++;
	if (ev->kind != TRACE_DROP || w->seen)
		return;
	sim_flow_snapshot(sim, 0, &fs);
	w->seen = true;
	w->ssthresh = fs.ssthresh_bytes;
}

static void
test_hystart_run(void **state)
{
	(void)state;
	for (int i = 0; i < 4; i++) {
		/* RFC 9406 watches every ACK's RTT sample whichever loss
		 * recovery the sender runs: SACK's ACK path must hand the
		 * sample on as the cumulative one does. */
		int hs = i % 2, sack = i / 2;
		char text[512];
		struct drop_watch w = {0};
		struct sim_observer obs = {.on_event = drop_on_event,
					   .ctx = &w};
		struct sim *sim;
		struct flow_snapshot fs;

		snprintf(text, sizeof(text),
			 "[simulation]\nduration = 5s\n[link]\nqueue = 300 "
			 "packets\n[flow f]\nstack = textbook\ncc = cubic\n"
			 "receive_buffer = 4MiB\nsend_buffer = 4MiB\n"
			 "hystart = %s\nsack = %s\n",
			 hs ? "on" : "off", sack ? "on" : "off");
		sim = helper_sim(text);
		sim_add_observer(sim, &obs);
		sim_run(sim);
		sim_flow_snapshot(sim, 0, &fs);
		if (hs) {
			assert_true(fs.ssthresh_bytes != UINT64_MAX);
			assert_false(w.seen);
			assert_int_equal(fs.drops, 0);
			/* ssthresh was set without a loss: HyStart++ left
			 * slow start, into CSS and then out of it, and the
			 * event log says so each time */
			assert_true(w.hystart_events >= 2);
		} else {
			assert_true(w.seen && w.ssthresh == UINT64_MAX);
			assert_int_equal(w.hystart_events, 0);
		}
		sim_destroy(sim);
	}
}

/* ---- RFC 5681 4.1 and RFC 9438 5.8: after an idle time ---- */

/*
 * A flow sends for 3 s, its writer stops (its 256 KiB buffer drains in
 * a fraction of a second), and writes again at 8 s: about 5 s idle, more
 * than the RTO (at least min_rto = 1 s).  The first flight after the
 * pause, the segments sent before any of them can be acknowledged (one
 * base RTT), is at most IW = 10 segments with restart_after_idle = on;
 * without it the old cwnd goes out at once.
 */
static uint64_t
first_flight_after_pause(const char *cc, bool restart, uint64_t *cwnd_before)
{
	char text[640];
	struct recorder rec;
	struct sim *sim;
	struct flow_snapshot fs;
	uint64_t sent = 0;
	const int64_t resume = 8 * (int64_t)NS;
	const int64_t rtt = 40 * MS; /* base RTT: 40 ms + a packet */

	snprintf(text, sizeof(text),
		 "[simulation]\nduration = 10s\n[flow f]\nstack = textbook\n"
		 "cc = %s\nreceive_buffer = 1MiB\nrestart_after_idle = %s\n"
		 "[timeline]\n3s: f.write_rate = 0\n"
		 "8s: f.write_rate = unlimited\n",
		 cc, restart ? "on" : "off");
	sim = helper_sim(text);
	sim_run_until(sim, resume - 1);
	sim_flow_snapshot(sim, 0, &fs);
	*cwnd_before = fs.cwnd_bytes;
	assert_int_equal(fs.inflight_bytes, 0); /* idle */
	recorder_attach(sim, &rec);
	sim_run_until(sim, resume + rtt);
	for (size_t i = 0; i < rec.n; i++)
		if (rec.ev[i].kind == TRACE_SEND ||
		    rec.ev[i].kind == TRACE_RETRANSMIT)
			sent++;
	recorder_free(&rec);
	sim_destroy(sim);
	return sent;
}

static void
test_restart_after_idle_first_flight(void **state)
{
	const char *ccs[] = {"reno", "newreno", "cubic"};

	(void)state;
	for (int i = 0; i < 3; i++) {
		uint64_t before, on, off;

		on = first_flight_after_pause(ccs[i], true, &before);
		assert_true(before > 10 * MSS); /* there is a window to cut */
		assert_true(on >= 1 && on <= 10);
		off = first_flight_after_pause(ccs[i], false, &before);
		assert_true(off > 10);
		assert_int_equal(off, before / MSS); /* the old cwnd */
	}
}

/*
 * CUBIC alone (RFC 9438 5.8): after a loss at W_max = 100 segments, RTT
 * 100 ms, the window follows W_cubic(t); the sender pauses 5 s at t = 1 s
 * (less than its RTO, so RFC 5681 4.1 leaves cwnd alone).  With the epoch
 * moved by the idle time, one round trip after the pause cwnd is where
 * W_cubic(1 s + RTT) puts it, as if there had been no pause; counting the
 * pause, it would aim at W_cubic(6 s + RTT) and close most of the gap
 * in that round trip.
 */
static void
test_cubic_epoch_skips_idle_unit(void **state)
{
	const struct cc_ops *ops = cc_ops_for(CC_CUBIC);
	const int64_t rtt = 100 * MS;
	const double k = cbrt(100 * (1 - 0.7) / 0.4);

	(void)state;
	for (int restart = 0; restart <= 1; restart++) {
		struct cc_state cc;
		int64_t now = 0;
		double before, after, w_then;

		cc_fresh(&cc, ops, false, 100);
		cc.ssthresh = 0;
		ops->on_loss(&cc, 100 * MSS);
		ops->on_recovery_exit(&cc, 70 * MSS);
		cc.srtt_ns = rtt;
		/* 1 s of ACKs, one per segment, spread over each RTT */
		for (; now < 1000 * MS; now += rtt) {
			uint64_t segs = cc.cwnd / MSS;

			for (uint64_t i = 0; i < segs; i++) {
				cc.now_ns = now +
					    (int64_t)((uint64_t)rtt * i / segs);
				ops->on_ack(&cc, MSS);
			}
		}
		before = (double)cc.cwnd / MSS;
		/* the last ACK came at about 1 s; 5 s idle */
		now += 5000 * MS;
		cc.now_ns = now;
		if (restart)
			assert_false(cc_after_idle(ops, &cc, 5000 * MS,
						   10000 * MS, 10));
		{
			uint64_t segs = cc.cwnd / MSS;

			for (uint64_t i = 0; i < segs; i++) {
				cc.now_ns = now +
					    (int64_t)((uint64_t)rtt * i / segs);
				ops->on_ack(&cc, MSS);
			}
		}
		after = (double)cc.cwnd / MSS;
		w_then = 0.4 * pow(1.1 - k, 3) + 100; /* W_cubic(1 s + RTT) */
		if (restart) {
			if (fabs(after - w_then) > 2.0)
				fail_msg("after the pause %.2f segments, "
					 "W_cubic(1.1 s) = %.2f",
					 after, w_then);
			assert_true(after - before < 2.0);
		} else {
			/* the pause counted: t = 6 s, the target
			 * W_cubic(6.1 s) is far above, and one RTT of ACKs
			 * covers most of the way (each closes (target -
			 * cwnd) / cwnd of the gap per segment) */
			double target = 0.4 * pow(6.1 - k, 3) + 100;

			if (after - before < (target - before) / 2)
				fail_msg("without: %.2f -> %.2f segments, "
					 "W_cubic(6.1 s) = %.2f",
					 before, after, target);
		}
	}
}

/*
 * The same in a whole run: CUBIC after one loss, on a path that never
 * queues (100 Mbit/s, 100 ms), pauses 5 s with min_rto = 10 s, so only
 * the epoch matters.  One round trip after the writer resumes, cwnd has
 * grown no more than it did in the round trip before the pause (plus one
 * segment of rounding); with restart_after_idle = off it jumps by at
 * least a quarter (W_cubic(t + 5 s) is far above, so the 1.5 cwnd cap of
 * RFC 9438 4.4 rules).
 */
static double
cubic_growth_over_pause(bool restart, double *before_rtt_growth, double *before)
{
	char text[640];
	struct sim *sim;
	struct flow_snapshot fs;
	const int64_t rtt = 100 * MS;
	double a, b, c;

	snprintf(text, sizeof(text),
		 "[simulation]\nduration = 10s\n[link]\nrate = 100Mbit/s\n"
		 "delay = 50ms\nqueue = 10000 packets\n[flow f]\n"
		 "stack = textbook\ncc = cubic\nmin_rto = 10s\nreceive_buffer "
		 "= 64MiB\nsend_buffer = 128KiB\n"
		 "drop_segments = 40\nrestart_after_idle = %s\n"
		 "[timeline]\n2s: f.write_rate = 0\n"
		 "7s: f.write_rate = unlimited\n",
		 restart ? "on" : "off");
	sim = helper_sim(text);
	/* the last round trip before the writer stops */
	sim_run_until(sim, 2 * (int64_t)NS - rtt);
	sim_flow_snapshot(sim, 0, &fs);
	a = (double)fs.cwnd_bytes / MSS;
	sim_run_until(sim, 2 * (int64_t)NS);
	sim_flow_snapshot(sim, 0, &fs);
	b = (double)fs.cwnd_bytes / MSS;
	assert_int_equal(fs.limited_by, LIMITED_CWND);
	/* the 128 KiB buffer drains in a few round trips; idle until 7 s,
	 * cwnd stays; then one RTT of ACKs */
	sim_run_until(sim, 7 * (int64_t)NS - 1);
	sim_flow_snapshot(sim, 0, &fs);
	assert_int_equal(fs.inflight_bytes, 0);
	*before = (double)fs.cwnd_bytes / MSS;
	sim_run_until(sim, 7 * (int64_t)NS + rtt + 20 * MS);
	sim_flow_snapshot(sim, 0, &fs);
	c = (double)fs.cwnd_bytes / MSS;
	assert_int_equal(fs.fast_retransmits, 1);
	assert_int_equal(fs.timeouts, 0);
	sim_destroy(sim);
	*before_rtt_growth = b - a;
	return c - *before;
}

static void
test_cubic_no_jump_after_pause_run(void **state)
{
	double grew_before, before, on, off;

	(void)state;
	on = cubic_growth_over_pause(true, &grew_before, &before);
	if (on > grew_before + 1.0)
		fail_msg("cwnd %.2f segments grew %.2f in the RTT after the "
			 "pause, %.2f in the RTT before it",
			 before, on, grew_before);
	off = cubic_growth_over_pause(false, &grew_before, &before);
	if (off < before / 4)
		fail_msg("without restart_after_idle: cwnd %.2f grew only "
			 "%.2f after the pause",
			 before, off);
}

/* The restart window (RFC 5681 4.1): cwnd = min(cwnd, RW), RW = min(IW,
 * cwnd), only after more than one RTO; ssthresh keeps 3/4 of the old
 * window (RFC 2861 3, Linux); a smaller cwnd is left alone. */
static void
test_restart_window_unit(void **state)
{
	const struct cc_ops *ops = cc_ops_for(CC_NEWRENO);
	struct cc_state cc;

	(void)state;
	cc_fresh(&cc, ops, false, 10);
	cc.cwnd = 40 * MSS;
	cc.ssthresh = 20 * MSS;
	assert_false(cc_after_idle(ops, &cc, 1000 * MS, 1000 * MS, 10));
	assert_int_equal(cc.cwnd, 40 * MSS); /* not more than one RTO */
	assert_true(cc_after_idle(ops, &cc, 1000 * MS + 1, 1000 * MS, 10));
	assert_int_equal(cc.cwnd, 10 * MSS);
	assert_int_equal(cc.ssthresh, 30 * MSS);
	cc.cwnd = 4 * MSS; /* below IW: RW = cwnd */
	assert_false(cc_after_idle(ops, &cc, 5000 * MS, 1000 * MS, 10));
	assert_int_equal(cc.cwnd, 4 * MSS);
}

/* ---- the keys ---- */

/* Load `text` as "t.ini" and validate it; *errs gets every message. */
static int
load_and_validate(struct scenario *sc, const char *text, char **errs)
{
	size_t len;
	FILE *f = open_memstream(errs, &len);
	int rc;

	assert_non_null(f);
	rc = scenario_load_string(sc, "t.ini", text, strlen(text), f);
	if (rc == 0)
		rc = scenario_validate(sc, f);
	fclose(f);
	return rc;
}

/* On by default, as stack = linux (the default stack) sets them: Linux
 * counts bytes (tcp_slow_start()), runs HyStart with CUBIC and
 * tcp_slow_start_after_idle = 1; off with stack = textbook; on|off per
 * flow; not on the timeline; a bad word names file, line and key. */
static void
test_keys(void **state)
{
	struct scenario sc;
	char *errs;

	(void)state;
	assert_int_equal(load_and_validate(&sc, "", &errs), 0);
	assert_string_equal(errs, "");
	assert_true(sc.flows[0].byte_counting);
	assert_int_equal(sc.flows[0].hystart, HYSTART_LINUX);
	assert_int_equal(sc.flows[0].cubic_variant, CUBIC_LINUX);
	assert_true(sc.flows[0].timestamps);
	assert_true(sc.flows[0].restart_after_idle);
	free(errs);
	scenario_free(&sc);
	assert_int_equal(
		load_and_validate(&sc, "[flow f]\nstack = textbook\n", &errs),
		0);
	assert_string_equal(errs, "");
	assert_false(sc.flows[0].byte_counting);
	assert_int_equal(sc.flows[0].hystart, HYSTART_OFF);
	assert_int_equal(sc.flows[0].cubic_variant, CUBIC_RFC9438);
	assert_false(sc.flows[0].timestamps);
	assert_false(sc.flows[0].restart_after_idle);
	free(errs);
	scenario_free(&sc);

	assert_int_equal(
		load_and_validate(&sc,
				  "[flow a]\ncc = cubic\nbyte_counting = on\n"
				  "hystart = on\nrestart_after_idle = on\n"
				  "[flow b]\nbyte_counting = off\n",
				  &errs),
		0);
	assert_string_equal(errs, "");
	assert_true(sc.flows[0].byte_counting &&
		    sc.flows[0].hystart == HYSTART_ON &&
		    sc.flows[0].restart_after_idle);
	assert_false(sc.flows[1].byte_counting);
	free(errs);
	scenario_free(&sc);

	assert_int_equal(load_and_validate(&sc,
					   "[flow f]\nbyte_counting = maybe\n"
					   "[timeline]\n1s: f.hystart = on\n",
					   &errs),
			 -1);
	assert_non_null(strstr(errs, "t.ini:2: byte_counting = maybe"));
	assert_non_null(strstr(
		errs, "t.ini:4: 'f.hystart' cannot change during a run"));
	free(errs);
	scenario_free(&sc);
}

/* hystart = on with another algorithm is ignored, with a warning when it
 * was asked for (not when it is the default of every flow). */
static void
test_hystart_other_cc_warns(void **state)
{
	struct scenario sc;
	char *errs;

	(void)state;
	assert_int_equal(load_and_validate(&sc,
					   "[flow f]\ncc = reno\n"
					   "hystart = on\n",
					   &errs),
			 0);
	assert_string_equal(errs, "t.ini:3: warning: hystart = on is ignored: "
				  "flow 'f' has cc = reno, and HyStart is "
				  "CUBIC's (cc = cubic)\n");
	free(errs);
	scenario_free(&sc);

	/* and a reno flow runs exactly as without it */
	{
		struct sim *a;
		struct sim *b = helper_sim("[flow f]\ncc = reno\n"
					   "receive_buffer = 1MiB\n");
		struct flow_snapshot fa, fb;

		/* the warning again, kept out of the test's output */
		assert_int_equal(
			load_and_validate(&sc,
					  "[flow f]\ncc = reno\n"
					  "hystart = on\nreceive_buffer"
					  " = 1MiB\n",
					  &errs),
			0);
		free(errs);
		a = sim_create(&sc);
		scenario_free(&sc);
		sim_run(a);
		sim_run(b);
		sim_flow_snapshot(a, 0, &fa);
		sim_flow_snapshot(b, 0, &fb);
		assert_int_equal(fa.delivered_bytes, fb.delivered_bytes);
		assert_int_equal(fa.cwnd_bytes, fb.cwnd_bytes);
		assert_int_equal(fa.segments_sent, fb.segments_sent);
		sim_destroy(a);
		sim_destroy(b);
	}
}

/*
 * Linux's HyStart (tcp_cubic.c), driven ACK by ACK.  The driver keeps its
 * own copy of the rule that starts a round: the first ACK, in slow start
 * with cwnd >= hystart_low_window = 16 segments, whose SND.UNA passes the
 * highest byte sent when the last round began (after(snd_una, end_seq)).
 */
struct lh_driver {
	const struct cc_ops *ops;
	struct cc_state cc;
	uint64_t una, nxt; /* stream offsets */
	uint64_t end;	   /* the driver's copy of the round's end */
	bool started;	   /* a round has begun */
};

static void
lh_start(struct lh_driver *d, enum hystart_mode mode,
	 enum cubic_variant variant)
{
	memset(d, 0, sizeof(*d));
	d->ops = cc_ops_for(CC_CUBIC);
	d->cc.mss = MSS;
	d->cc.hystart = mode;
	d->cc.cubic_variant = variant;
	d->ops->init(&d->cc, 10);
	d->nxt = d->cc.cwnd;
}

/* One ACK of one segment `gap` after the last, with sample `rtt`; true
 * when it begins a round. */
static bool
lh_ack(struct lh_driver *d, int64_t rtt, int64_t gap)
{
	bool active =
		d->cc.cwnd < d->cc.ssthresh && d->cc.cwnd >= 16 * (uint64_t)MSS;
	bool begins = false;

	d->cc.now_ns += gap;
	d->una += MSS;
	if (active && (!d->started || d->una > d->end)) {
		d->end = d->nxt;
		d->started = true;
		begins = true;
	}
	d->cc.una_off = d->una;
	d->cc.nxt_off = d->nxt;
	d->cc.rtt_sample_ns = rtt;
	d->ops->on_ack(&d->cc, MSS);
	if (d->una + d->cc.cwnd / MSS * MSS > d->nxt)
		d->nxt = d->una + d->cc.cwnd / MSS * MSS;
	return begins;
}

/* ACKs at `rtt`, `gap` apart, until cwnd is at least `segs` segments
 * and the next ACK begins a round. */
static void
lh_warm(struct lh_driver *d, int64_t rtt, int64_t gap, uint64_t segs)
{
	while (d->cc.cwnd < segs * MSS || !d->started || d->una + MSS <= d->end)
		lh_ack(d, rtt, gap);
}

/*
 * The delay increase: from the minimum RTT base, the threshold is base/8
 * clamped to [4 ms, 16 ms] (HYSTART_DELAY_THRESH): 12.5 ms at 100 ms, 4 ms
 * at 20 ms (2.5 clamped), 16 ms at 200 ms (25 clamped).  A round whose
 * samples are all base + threshold stays in slow start (the test is
 * strictly greater); 1 ns more, and the 9th sample of the round ends slow
 * start (HYSTART_MIN_SAMPLES = 8 are taken first) with ssthresh = cwnd.
 * ACKs 3 ms apart keep the ACK train (2 ms) out of it.
 */
static void
test_linux_hystart_delay(void **state)
{
	const int64_t base[] = {100 * MS, 20 * MS, 200 * MS};
	const int64_t thresh[] = {12500000, 4 * MS, 16 * MS};

	(void)state;
	for (int i = 0; i < 3; i++) {
		struct lh_driver d;

		lh_start(&d, HYSTART_LINUX, CUBIC_RFC9438);
		lh_warm(&d, base[i], 3 * MS, 32);
		for (int r = 0; r < 3; r++) {
			lh_ack(&d, base[i] + thresh[i], 3 * MS);
			while (d.una + MSS <= d.end)
				lh_ack(&d, base[i] + thresh[i], 3 * MS);
		}
		assert_true(d.cc.ssthresh == CC_UNLIMITED);

		lh_start(&d, HYSTART_LINUX, CUBIC_RFC9438);
		lh_warm(&d, base[i], 3 * MS, 32);
		for (int k = 1; k <= 8; k++) {
			bool begins =
				lh_ack(&d, base[i] + thresh[i] + 1, 3 * MS);

			assert_true(begins == (k == 1));
			assert_true(d.cc.ssthresh == CC_UNLIMITED);
		}
		{
			uint64_t cwnd = d.cc.cwnd;

			lh_ack(&d, base[i] + thresh[i] + 1, 3 * MS);
			assert_int_equal(d.cc.ssthresh, cwnd);
		}
	}
}

/*
 * The ACK train: ACKs at most 2 ms apart (hystart_ack_delta_us) for longer
 * than half the minimum RTT since the round began end slow start.  With a
 * 100 ms RTT and ACKs 1 ms apart, the ACK 51 ms after the round's first
 * does (50 ms is not longer than 50 ms); one gap of 2.5 ms breaks the
 * train for the rest of the round.
 */
static void
test_linux_hystart_ack_train(void **state)
{
	struct lh_driver d;

	(void)state;
	lh_start(&d, HYSTART_LINUX, CUBIC_RFC9438);
	lh_warm(&d, 100 * MS, 3 * MS, 64);
	assert_true(lh_ack(&d, 100 * MS, 3 * MS)); /* the round begins */
	for (int k = 1; k <= 50; k++) {
		lh_ack(&d, 100 * MS, MS);
		assert_true(d.cc.ssthresh == CC_UNLIMITED);
	}
	{
		uint64_t cwnd = d.cc.cwnd;

		lh_ack(&d, 100 * MS, MS);
		assert_int_equal(d.cc.ssthresh, cwnd);
	}

	lh_start(&d, HYSTART_LINUX, CUBIC_RFC9438);
	lh_warm(&d, 100 * MS, 3 * MS, 64);
	assert_true(lh_ack(&d, 100 * MS, 3 * MS));
	for (int k = 1; k <= 60; k++)
		lh_ack(&d, 100 * MS, k == 20 ? 2500000 : MS);
	assert_true(d.cc.ssthresh == CC_UNLIMITED);

	/* below 16 segments HyStart does not look: a 3-round train at
	 * 1 ms from the initial window of 10 leaves slow start alone
	 * until cwnd reaches 16 */
	lh_start(&d, HYSTART_LINUX, CUBIC_RFC9438);
	while (d.cc.cwnd < 16 * (uint64_t)MSS) {
		lh_ack(&d, 100 * MS, MS);
		assert_true(d.cc.ssthresh == CC_UNLIMITED);
	}
}

/*
 * cubic_variant = linux: until the first congestion event, cwnd grows by
 * at least one segment per 20 acknowledged (ca->cnt <= 20 while
 * last_max_cwnd = 0).  At 100 segments, right after slow start ended
 * (ssthresh = cwnd, so W_cubic(t) starts at cwnd with K = 0), 20 ACKs of
 * one segment in the same instant grow cwnd by 20 floor(SMSS/20) bytes;
 * RFC 9438 as written grows only as the Reno-friendly W_est does, 20/100
 * of a segment (alpha = 1 before any cwnd_prior).  After a congestion
 * event the floor is gone.
 */
static void
test_cubic_linux_floor(void **state)
{
	struct lh_driver d;
	uint64_t before;

	(void)state;
	for (int v = 0; v < 2; v++) {
		lh_start(&d, HYSTART_OFF, v ? CUBIC_LINUX : CUBIC_RFC9438);
		d.cc.cwnd = 100 * (uint64_t)MSS;
		d.cc.ssthresh = d.cc.cwnd;
		d.cc.srtt_ns = 100 * MS;
		d.nxt = d.una + d.cc.cwnd;
		before = d.cc.cwnd;
		for (int k = 0; k < 20; k++)
			lh_ack(&d, 100 * MS, 0);
		if (v)
			assert_int_equal(d.cc.cwnd - before, 20 * (MSS / 20));
		else
			assert_true(d.cc.cwnd - before <= MSS * 20 / 100 + 1);
	}
	/* a loss, recovery, and avoidance again: no floor */
	d.ops->on_loss(&d.cc, d.cc.cwnd);
	d.ops->on_recovery_exit(&d.cc, d.cc.ssthresh);
	before = d.cc.cwnd;
	for (int k = 0; k < 20; k++)
		lh_ack(&d, 100 * MS, 0);
	assert_true(d.cc.cwnd - before < 20 * (MSS / 20) / 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_hystart_other_cc_warns),
		cmocka_unit_test(test_slow_start_limit),
		cmocka_unit_test(test_slow_start_doubles_with_delayed_acks),
		cmocka_unit_test(test_avoidance_one_smss_per_window),
		cmocka_unit_test(test_cubic_counts_segments),
		cmocka_unit_test(test_reno_sawtooth_period),
		cmocka_unit_test(test_hystart_exit_and_back),
		cmocka_unit_test(test_hystart_threshold_clamp),
		cmocka_unit_test(test_hystart_css_rounds),
		cmocka_unit_test(test_hystart_first_slow_start_only),
		cmocka_unit_test(test_hystart_run),
		cmocka_unit_test(test_linux_hystart_delay),
		cmocka_unit_test(test_linux_hystart_ack_train),
		cmocka_unit_test(test_cubic_linux_floor),
		cmocka_unit_test(test_restart_window_unit),
		cmocka_unit_test(test_restart_after_idle_first_flight),
		cmocka_unit_test(test_cubic_epoch_skips_idle_unit),
		cmocka_unit_test(test_cubic_no_jump_after_pause_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
