/* SPDX-License-Identifier: ISC */
/*
 * test_properties.c: the properties of ../shared/design/properties.md
 * that whole runs must show, with expected values derived here from the
 * formulas.  Where a shipped scenario teaches the point, the test loads
 * that file and takes its numbers from it.
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
#include "tcp/flow.h"

#define NS 1e9

/* A shipped scenario from $SCENARIOS (the source tree's scenarios/). */
static struct sim *
sim_from_file(const char *name)
{
	const char *dir = getenv("SCENARIOS");
	char path[1024];
	struct scenario sc;
	struct sim *sim;

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "scenarios", name);
	assert_int_equal(scenario_load_file(&sc, path, stderr), 0);
	assert_int_equal(scenario_validate(&sc, stderr), 0);
	sim = sim_create(&sc);
	scenario_free(&sc);
	return sim;
}

/* A shipped scenario with every flow at stack = textbook, as --set would
 * put it: for the properties stated for the base algorithms (MSS 1460 B,
 * min_rto 1 s, RFC 9293's probes), whatever stack the file's flows take. */
static struct sim *
sim_from_file_textbook(const char *name)
{
	const char *dir = getenv("SCENARIOS");
	char path[1024], assignment[128];
	struct scenario sc;
	struct sim *sim;

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "scenarios", name);
	assert_int_equal(scenario_load_file(&sc, path, stderr), 0);
	for (size_t i = 0; i < sc.n_flows; i++) {
		snprintf(assignment, sizeof assignment, "%s.stack=textbook",
			 sc.flows[i].name);
		assert_int_equal(scenario_set(&sc, assignment, stderr), 0);
	}
	assert_int_equal(scenario_validate(&sc, stderr), 0);
	sim = sim_create(&sc);
	scenario_free(&sc);
	return sim;
}

/* RTT_min = 2(d + extra) + (MSS + H) 8 / C + H 8 / C_reverse. */
static double
base_rtt_s(const struct scenario *sc, size_t flow)
{
	const struct link_config *l = &sc->link;
	const struct flow_config *f = &sc->flows[flow];
	double c = (double)l->rate_bps;
	double rtt = 2.0 * (double)(l->delay_ns + f->extra_delay_ns) / NS +
		     (double)(f->mss + l->header_bytes) * 8.0 / c;

	if (l->reverse_rate_bps != SCENARIO_UNLIMITED)
		rtt += (double)l->header_bytes * 8.0 /
		       (double)l->reverse_rate_bps;
	return rtt;
}

/* ---- property 1: the window is never exceeded ---- */

struct window_watch {
	uint64_t checks;
};

static void
window_on_event(void *ctx, const struct sim *sim, const struct trace_event *ev)
{
	struct window_watch *w = ctx;
	struct flow_snapshot fs;
	uint64_t wnd;

	if (ev->where != WHERE_SENDER || ev->kind != TRACE_SEND)
		return;
	sim_flow_snapshot(sim, ev->flow, &fs);
	wnd = fs.cwnd_bytes < fs.rwnd_bytes ? fs.cwnd_bytes : fs.rwnd_bytes;
	assert_true(fs.inflight_bytes <= wnd);
	w->checks++;
}

/* Property 1 is stated for the base algorithms, so the flows say
 * stack = textbook: limited transmit (RFC 3042) sends beyond cwnd by
 * design, and with SACK the window bounds the pipe (RFC 6675), not
 * SND.NXT - SND.UNA. */
static void
test_p1_window_never_exceeded(void **state)
{
	const char *scenarios[] = {
		"[simulation]\nduration = 20s\n[link]\nloss = 2%\n[flow "
		"f]\nstack = textbook\nreceive_buffer = 256KiB\n",
		"[simulation]\nduration = 20s\n[link]\nqueue = 10 "
		"packets\n[flow f]\nstack = textbook\nreceive_buffer = 1MiB\n",
		"[simulation]\nduration = 20s\n[flow f]\nstack = textbook\n"
		"read_rate = 1Mbit/s\nread_size = 3000B\n"
		"[timeline]\n5s: f.read_rate = 0\n12s: f.read_rate = 3Mbit/s\n",
		"[simulation]\nduration = 20s\n[flow a]\nstack = textbook\n"
		"cc = none\nreceive_buffer = 40000B\n"
		"[flow b]\nstack = textbook\nreceive_buffer = 512KiB\n"
		"extra_delay = 30ms\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
		struct window_watch w = {0};
		struct sim_observer obs = {.on_event = window_on_event,
					   .ctx = &w};
		struct sim *sim = helper_sim(scenarios[i]);

		sim_add_observer(sim, &obs);
		sim_run(sim);
		assert_true(w.checks > 500);
		sim_destroy(sim);
	}
}

/* ---- property 2: window-limited goodput ---- */

/* floor(rwnd/MSS) MSS / RTT_min within 2%, measured in steady state.
 * The scenario turns delayed ACKs off and serializes ACKs at the link
 * rate, so its round trip is the formula's.  The property holds for
 * any MSS: the lesson's flow runs as a Linux host does (mss 1448), its
 * buffer 16 segments. */
static void
test_p2_window_limited_goodput(void **state)
{
	struct sim *sim = sim_from_file("window-limited.ini");
	const struct scenario *sc = sim_scenario(sim);
	const struct flow_config *f = &sc->flows[0];
	double rtt = base_rtt_s(sc, 0);
	double want = (double)(f->receive_buffer / f->mss * f->mss) * 8.0 / rtt;
	uint64_t bytes = helper_delivered_between(sim, 2 * (int64_t)NS,
						  12 * (int64_t)NS);
	double got = (double)bytes * 8.0 / 10.0;

	(void)state;
	/* the property's own case: 10 Mbit/s, d = 20 ms, 16 segments (of
	 * 1460 B there: 4.53 Mbit/s; of 1448 B here: 16 x 1448 x 8 bit over
	 * 40 ms + (1448 + 40) x 8 / 10^7 + 40 x 8 / 10^7 = 41.2224 ms) */
	assert_int_equal(f->receive_buffer / f->mss, 16);
	assert_true(helper_within(want, 16.0 * 1448 * 8 / 0.0412224, 0.002));
	assert_true(helper_within(got, want, 0.02));
	sim_destroy(sim);
}

/* ---- property 4: reader-limited goodput ---- */

struct buffer_watch {
	uint64_t samples;
	uint64_t max_recv_buffer;
	int limited_rwnd_or_zero;
};

static void
buffer_on_sample(void *ctx, const struct sim *sim, int64_t now)
{
	struct buffer_watch *w = ctx;
	struct flow_snapshot fs;

	(void)now;
	sim_flow_snapshot(sim, 0, &fs);
	assert_true(fs.recv_buffer_bytes <= fs.recv_buffer_limit);
	if (fs.recv_buffer_bytes > w->max_recv_buffer)
		w->max_recv_buffer = fs.recv_buffer_bytes;
	if (fs.limited_by == LIMITED_RWND ||
	    fs.limited_by == LIMITED_ZERO_WINDOW)
		w->limited_rwnd_or_zero++;
	w->samples++;
}

/* Goodput = min(read rate, C MSS/(MSS+40), rwnd/RTT) in the long run;
 * the buffer never holds more than its size; the slow reader makes the
 * receiver advertise zero windows. */
static void
test_p4_reader_limited_goodput(void **state)
{
	struct sim *sim = sim_from_file("slow-reader.ini");
	const struct scenario *sc = sim_scenario(sim);
	const struct flow_config *f = &sc->flows[0];
	struct buffer_watch w = {0};
	struct sim_observer obs = {.on_sample = buffer_on_sample, .ctx = &w};
	double link = (double)sc->link.rate_bps * f->mss /
		      (f->mss + sc->link.header_bytes);
	double window = (double)f->receive_buffer * 8.0 / base_rtt_s(sc, 0);
	double want = (double)f->read_rate_bps * f->readers;
	struct flow_snapshot fs;
	uint64_t bytes;

	(void)state;
	if (link < want)
		want = link;
	if (window < want)
		want = window;
	sim_add_observer(sim, &obs);
	bytes = helper_delivered_between(sim, 5 * (int64_t)NS,
					 25 * (int64_t)NS);
	assert_true(helper_within((double)bytes * 8.0 / 20.0, want, 0.03));
	sim_run(sim);
	sim_flow_snapshot(sim, 0, &fs);
	assert_true(fs.zero_window_adverts > 0);
	assert_true(w.samples > 1000);
	assert_true(w.max_recv_buffer > f->receive_buffer / 2);
	assert_true((uint64_t)w.limited_rwnd_or_zero > w.samples / 2);
	sim_destroy(sim);
}

/* ---- property 9: persist timer ---- */

/* The consumer of reader-stall.ini stalls longer than the RTO: the window
 * closes, the first probe goes one RTO after the sender learns of the
 * zero window, then the interval doubles: +1, +3, +7, +15 RTO.  Every
 * probe is answered (a zero-window ACK), and the flow recovers. */
static void
test_p9_persist_probes_back_off(void **state)
{
	struct sim *sim = sim_from_file_textbook("reader-stall.ini");
	const struct scenario *sc = sim_scenario(sim);
	const struct timeline_entry *stall = &sc->timeline[0];
	const struct timeline_entry *resume = &sc->timeline[1];
	int64_t rto =
		sc->flows[0].min_rto_ns; /* srtt + 4 rttvar is far below */
	struct recorder rec;
	int64_t t0 = -1, probes[16];
	size_t n_probes = 0, answers = 0;
	struct flow_snapshot at_resume, end;
	int64_t stall_len = resume->at_ns - stall->at_ns;

	(void)state;
	assert_int_equal(stall->value.u, 0); /* the file stalls, then resumes */
	recorder_attach(sim, &rec);
	sim_run_until(sim, resume->at_ns);
	sim_flow_snapshot(sim, 0, &at_resume);
	sim_run(sim);
	sim_flow_snapshot(sim, 0, &end);
	for (size_t i = 0; i < rec.n; i++) {
		const struct trace_event *ev = &rec.ev[i];

		if (ev->kind == TRACE_PROBE && n_probes < 16)
			probes[n_probes++] = ev->time_ns;
		if (ev->where == WHERE_RECEIVER &&
		    ev->kind == TRACE_ZERO_WINDOW && n_probes == 0)
			t0 = ev->time_ns +
			     sc->link.delay_ns; /* reaches the sender */
		if (ev->kind == TRACE_ZERO_WINDOW && n_probes > 0 &&
		    ev->time_ns >= probes[n_probes - 1])
			answers++;
	}
	assert_true(t0 > stall->at_ns);
	/* probes at t0 + (2^k - 1) RTO while the stall lasts */
	{
		size_t want = 0;

		for (int k = 1;
		     t0 + ((INT64_C(1) << k) - 1) * rto < resume->at_ns; k++) {
			assert_true(want < n_probes);
			assert_int_equal(probes[want],
					 t0 + ((INT64_C(1) << k) - 1) * rto);
			want++;
		}
		assert_int_equal(want, n_probes); /* none after the resume */
		assert_true(n_probes >= 4);	  /* +1, 3, 7, 15 s in 20 s */
	}
	assert_true(answers >= n_probes);
	assert_true(end.window_probes == n_probes);
	/* full recovery: the consumer reads at its rate again */
	{
		double after = (double)(end.read_bytes - at_resume.read_bytes) *
			       8.0 /
			       ((double)(sim_now(sim) - resume->at_ns) / NS);

		assert_true(
			helper_within(after, (double)resume->value.u, 0.05));
	}
	assert_true(stall_len > 10 * rto);
	recorder_free(&rec);
	sim_destroy(sim);
}

/* A consumer that keeps draining reopens the window by window updates
 * before a probe is due: zero windows, no probes. */
static void
test_p9_draining_reader_needs_no_probe(void **state)
{
	struct sim *sim = sim_from_file("slow-reader.ini");
	struct flow_snapshot fs;

	(void)state;
	sim_run(sim);
	sim_flow_snapshot(sim, 0, &fs);
	assert_true(fs.zero_window_adverts > 10);
	assert_int_equal(fs.window_probes, 0);
	sim_destroy(sim);
}

/* ---- properties 15 and 17: timeouts ---- */

struct timeout_watch {
	int64_t times[32];
	size_t n;
	uint64_t flight_at_first;
	int checked_response;
	int pending_check;
	uint32_t mss;
};

static void
timeout_on_event(void *ctx, const struct sim *sim, const struct trace_event *ev)
{
	struct timeout_watch *w = ctx;
	struct flow_snapshot fs;

	if (ev->kind == TRACE_TIMEOUT) {
		sim_flow_snapshot(sim, 0, &fs);
		if (w->n == 0) {
			w->flight_at_first = fs.inflight_bytes;
			w->pending_check = 1;
		}
		if (w->n < 32)
			w->times[w->n++] = ev->time_ns;
	} else if (ev->kind == TRACE_RETRANSMIT && w->pending_check) {
		/* Property 17 (RFC 5681 eq. 4), right after the first timeout
		 */
		uint64_t half = w->flight_at_first / 2;
		uint64_t want = half > 2ull * w->mss ? half : 2ull * w->mss;

		sim_flow_snapshot(sim, 0, &fs);
		assert_int_equal(fs.ssthresh_bytes, want);
		assert_int_equal(fs.cwnd_bytes, w->mss);
		w->pending_check = 0;
		w->checked_response = 1;
	}
}

/* A black hole from 2 s to 10 s: the RTO doubles at each expiry
 * (1, 2, 4, 8 s: timeouts near 3, 5, 9 and 17 s); the flow recovers at
 * the expiry after the hole and, by Karn's
 * rule, no retransmitted segment pollutes the RTT estimate. */
static void
test_p15_p17_timeouts(void **state)
{
	struct sim *sim = helper_sim(
		"[simulation]\nduration = 40s\n[link]\nqueue = 1000 packets\n"
		"[flow f]\nstack = textbook\nmin_rto = 1s\n"
		"receive_buffer = 256KiB\n"
		"[timeline]\n2s: link.loss = 1\n10s: link.loss = 0\n");
	struct timeout_watch w = {.mss = 1460};
	struct sim_observer obs = {.on_event = timeout_on_event, .ctx = &w};
	struct flow_snapshot fs;
	uint64_t read_at_20;

	(void)state;
	sim_add_observer(sim, &obs);
	sim_run_until(sim, 20 * (int64_t)NS);
	sim_flow_snapshot(sim, 0, &fs);
	read_at_20 = fs.read_bytes;
	sim_run(sim);
	sim_flow_snapshot(sim, 0, &fs);

	assert_true(w.checked_response);
	assert_true(w.n >= 4);
	for (size_t k = 1; k < 4; k++) {
		int64_t gap = w.times[k] - w.times[k - 1];
		int64_t prev = k >= 2 ? w.times[k - 1] - w.times[k - 2] : 0;

		if (k >= 2)
			assert_int_equal(gap, 2 * prev); /* RFC 6298 5.5 */
		else
			assert_true(gap >= (int64_t)NS); /* at least min_rto */
	}
	assert_true(fs.read_bytes > read_at_20 + 10 * 1000 * 1000);
	/* Karn: no sample from a retransmitted segment, which would count
	 * seconds of backoff: the estimate stays below the largest RTT the
	 * path allows, base RTT + a full receive window queued + ACK delay. */
	{
		double bound = 0.0412 + 256.0 * 1024 * 8 / 10e6 + 0.040;

		assert_true((double)fs.srtt_ns / NS < bound);
		assert_true(fs.min_rtt_ns >= 41200000); /* 2 d + 1500 * 8 / C */
	}
	sim_destroy(sim);
}

/*
 * RFC 7323 4.1 with RFC 6298 5.7: the same black hole with min_rto = 1 s;
 * after the 4th expiry (RTO 1, 2, 4, 8 s, so backed off to 16 s) the
 * retransmission gets through.  Its ACK arrives within base RTT + ACK
 * delay (41.2 + 40 ms).  Without timestamps Karn's rule gives no sample
 * from it, and the RTO stays at 16 s; with them the ACK's TSecr measures
 * the round trip, the sample ends the backoff (5.7) and the RTO is back
 * at min_rto (the estimate before the hole was far below 1 s).
 */
static void
test_p15_timestamps_sample_after_timeout(void **state)
{
	(void)state;
	for (int ts = 0; ts < 2; ts++) {
		char text[512];
		struct sim *sim;
		struct timeout_watch w = {.mss = 1460};
		struct sim_observer obs = {.on_event = timeout_on_event,
					   .ctx = &w};
		struct flow_snapshot fs;

		snprintf(text, sizeof text,
			 "[simulation]\nduration = 40s\n"
			 "[link]\nqueue = 1000 packets\n"
			 "[flow f]\nstack = textbook\nmin_rto = 1s\n"
			 "receive_buffer = 256KiB\ntimestamps = %s\n"
			 "[timeline]\n2s: link.loss = 1\n10s: link.loss = 0\n",
			 ts ? "on" : "off");
		sim = helper_sim(text);
		sim_add_observer(sim, &obs);
		while (w.n < 4 && sim_step(sim))
			;
		assert_int_equal(w.n, 4);
		sim_flow_snapshot(sim, 0, &fs);
		assert_int_equal(fs.rto_ns, 16 * (int64_t)NS);
		sim_run_until(sim, w.times[3] + 100 * 1000000);
		sim_flow_snapshot(sim, 0, &fs);
		assert_int_equal(fs.timeouts, 4);
		assert_int_equal(fs.rto_ns,
				 ts ? (int64_t)NS : 16 * (int64_t)NS);
		sim_destroy(sim);
	}
}

/* ---- property 16: slow start and congestion avoidance ---- */

#define SLOW_START_SCENARIO                                                    \
	"[flow f]\nstack = textbook\ninitial_window = 10\n"                    \
	"receive_buffer = 4MiB\n"                                              \
	"send_buffer = 4MiB\ndelayed_ack = %s\n"

/* Slow start grows cwnd by min(acked, MSS) per ACK (RFC 5681): after the
 * ACKs of the first initial window cwnd is 2 IW without delayed ACKs,
 * 1.5 IW with them (one ACK per two segments); after the second, 4 IW. */
static void
test_p16_slow_start(void **state)
{
	const int64_t ms = 1000000;
	char text[256];
	struct sim *sim;
	struct flow_snapshot fs;
	const uint64_t mss = 1460, iw = 10 * mss;

	(void)state;
	/* RTT_min = 41.232 ms; the first window's ACKs are all in by
	 * 41.232 + 9 * 1.2 = 52.03 ms and the next round's start at
	 * 2 * 41.232 = 82.5 ms, its last by 82.5 + 19 * 1.2 + 1.2 = 106.5 ms,
	 * and the third round's first no earlier than 123.7 ms. */
	snprintf(text, sizeof(text), SLOW_START_SCENARIO, "off");
	sim = helper_sim(text);
	sim_run_until(sim, 60 * ms);
	sim_flow_snapshot(sim, 0, &fs);
	assert_int_equal(fs.cwnd_bytes, 2 * iw);
	sim_run_until(sim, 115 * ms);
	sim_flow_snapshot(sim, 0, &fs);
	assert_int_equal(fs.cwnd_bytes, 4 * iw);
	sim_destroy(sim);

	snprintf(text, sizeof(text), SLOW_START_SCENARIO, "on");
	sim = helper_sim(text);
	sim_run_until(sim, 60 * ms);
	sim_flow_snapshot(sim, 0, &fs);
	assert_int_equal(fs.cwnd_bytes, iw + iw / 2);
	sim_destroy(sim);
}

/* Congestion avoidance: cwnd += MSS*MSS/cwnd per ACK, about one MSS per
 * window of ACKs (RFC 5681 eq. 3). */
static void
test_p16_congestion_avoidance(void **state)
{
	struct cc_state cc = {.mss = 1460};
	const struct cc_ops *ops = cc_ops_for(CC_NEWRENO);
	uint64_t w0;

	(void)state;
	ops->init(&cc, 10);
	assert_int_equal(cc.cwnd, 10 * 1460);
	cc.ssthresh = cc.cwnd;
	w0 = cc.cwnd;
	for (int i = 0; i < 10; i++)
		ops->on_ack(&cc, 1460);
	/* ten ACKs, each adding about MSS/10: within 10% of one MSS */
	assert_true(cc.cwnd > w0 + 1460 * 9 / 10 && cc.cwnd <= w0 + 1460);
}

/* ---- property 18: fast retransmit and recovery ---- */

struct fr_watch {
	uint64_t flight_at_dup3;
	uint64_t cwnd_at_fr, ssthresh_at_fr;
	uint64_t cwnd_at_dup5;
	int64_t dup3_time, fr_time;
	int exits;
	uint64_t cwnd_at_exit;
};

static void
fr_on_event(void *ctx, const struct sim *sim, const struct trace_event *ev)
{
	struct fr_watch *w = ctx;
	struct flow_snapshot fs;

	if (ev->where != WHERE_SENDER)
		return;
	sim_flow_snapshot(sim, 0, &fs);
	if (ev->kind == TRACE_DUPACK && strstr(ev->detail, "#3 ") &&
	    w->fr_time == 0) {
		w->flight_at_dup3 = fs.inflight_bytes;
		w->dup3_time = ev->time_ns;
	} else if (ev->kind == TRACE_FAST_RETRANSMIT) {
		w->cwnd_at_fr = fs.cwnd_bytes;
		w->ssthresh_at_fr = fs.ssthresh_bytes;
		w->fr_time = ev->time_ns;
	} else if (ev->kind == TRACE_DUPACK && strstr(ev->detail, "#5 ") &&
		   w->cwnd_at_dup5 == 0) {
		/* the event comes before the sender reacts: this shows the
		 * inflation by the 4th duplicate */
		w->cwnd_at_dup5 = fs.cwnd_bytes;
	} else if (ev->kind == TRACE_RECOVERY_EXIT) {
		w->exits++;
		w->cwnd_at_exit = fs.cwnd_bytes;
	}
}

/* One loss: on the third duplicate ACK, ssthresh = max(FlightSize/2,
 * 2 MSS), retransmit, cwnd = ssthresh + 3 MSS; each further duplicate
 * inflates by one MSS; the full ACK deflates to at most ssthresh
 * (RFC 5681 3.2, RFC 6582 3.2).  No timeout. */
static void
test_p18_fast_retransmit(void **state)
{
	struct sim *sim =
		helper_sim("[simulation]\nduration = 10s\n"
			   "[flow f]\nstack = textbook\nreceive_buffer = 1MiB\n"
			   "drop_segments = 60\n");
	struct fr_watch w = {0};
	struct sim_observer obs = {.on_event = fr_on_event, .ctx = &w};
	struct flow_snapshot fs;
	const uint64_t mss = 1460;
	uint64_t half;

	(void)state;
	sim_add_observer(sim, &obs);
	sim_run(sim);
	sim_flow_snapshot(sim, 0, &fs);
	half = w.flight_at_dup3 / 2;
	assert_true(w.flight_at_dup3 > 10 * mss);
	assert_int_equal(w.fr_time, w.dup3_time);
	assert_int_equal(w.ssthresh_at_fr, half > 2 * mss ? half : 2 * mss);
	assert_int_equal(w.cwnd_at_fr, w.ssthresh_at_fr + 3 * mss);
	assert_int_equal(w.cwnd_at_dup5, w.cwnd_at_fr + mss);
	assert_int_equal(w.exits, 1);
	assert_true(w.cwnd_at_exit <= w.ssthresh_at_fr);
	assert_int_equal(fs.fast_retransmits, 1);
	assert_int_equal(fs.retransmits, 1);
	assert_int_equal(fs.timeouts, 0);
	sim_destroy(sim);
}

/* ---- property 19: NewReno, several losses in one window ---- */

/* Segments 1, 8 and 15 of a 20-segment window dropped: one fast
 * retransmit, partial ACKs resend the other two holes, one reduction of
 * ssthresh, no timeout, every byte delivered.  The producer has 100
 * segments, so the run goes on after the first window and the full ACK
 * that ends recovery reaches the sender (the run ends when the last byte
 * is read). */
static void
test_p19_newreno_three_losses(void **state)
{
	struct sim *sim =
		helper_sim("[simulation]\nduration = 10s\n"
			   "[flow f]\nstack = textbook\ninitial_window = 20\n"
			   "write_total = 146000B\n"
			   "drop_segments = 1, 8, 15\n");
	struct flow_snapshot fs;
	struct recorder rec;

	(void)state;
	recorder_attach(sim, &rec);
	sim_run(sim);
	sim_flow_snapshot(sim, 0, &fs);
	assert_int_equal(fs.retransmits, 3);
	assert_int_equal(fs.fast_retransmits, 1);
	assert_int_equal(fs.timeouts, 0);
	assert_int_equal(recorder_count(&rec, TRACE_RECOVERY_EXIT), 1);
	/* one reduction: FlightSize was the whole window of 20 segments */
	assert_int_equal(fs.ssthresh_bytes, 20 * 1460 / 2);
	assert_int_equal(fs.read_bytes, 146000);
	assert_true(fs.completion_ns > 0);
	recorder_free(&rec);
	sim_destroy(sim);
}

/* ---- property 23 and the bottleneck: Little's law, utilization ---- */

/* The link stays at least 93% busy under one NewReno flow with a
 * 100-packet queue, and mean queue = arrival rate x mean sojourn. */
static void
test_p23_littles_law_and_utilization(void **state)
{
	struct sim *sim = sim_from_file("bottleneck.ini");
	const struct scenario *sc = sim_scenario(sim);
	struct link_snapshot ls;
	double t, mean_queue, lambda, sojourn;

	(void)state;
	assert_int_equal(sc->link.rate_bps, 10000000);
	assert_int_equal(sc->link.queue_limit, 100);
	sim_run(sim);
	sim_link_snapshot(sim, &ls);
	t = (double)sim_now(sim);
	mean_queue = ls.queue_packet_ns / t;
	lambda = (double)ls.departed / t;
	sojourn = ls.sojourn_ns_total / (double)ls.departed;
	assert_true(mean_queue > 5.0); /* a standing queue formed */
	assert_true(helper_within(lambda * sojourn, mean_queue, 0.01));
	assert_true((double)ls.busy_ns / t >= 0.93);
	sim_destroy(sim);
}

/* ---- the timeline ---- */

/* Lowering write_total below what is already written stops the producer
 * at once; the flow completes when the bytes written so far are read. */
static void
test_timeline_lowers_write_total(void **state)
{
	struct sim *sim = helper_sim("[simulation]\nduration = 30s\n"
				     "[flow f]\nwrite_total = 10MB\n"
				     "[timeline]\n1s: f.write_total = 100KB\n");
	struct flow_snapshot at_change, end;

	(void)state;
	sim_run_until(sim, 1000000000);
	sim_flow_snapshot(sim, 0, &at_change);
	assert_true(at_change.written_bytes > 100000); /* already past it */
	sim_run(sim);
	sim_flow_snapshot(sim, 0, &end);
	assert_int_equal(end.written_bytes, at_change.written_bytes);
	assert_int_equal(end.read_bytes, end.written_bytes);
	assert_true(end.completion_ns > 1000000000 &&
		    end.completion_ns < 3000000000);
	sim_destroy(sim);
}

/* A consumer that speeds up mid-run: goodput follows each read rate. */
static void
test_timeline_read_rate_steps(void **state)
{
	struct sim *sim =
		helper_sim("[simulation]\nduration = 30s\n"
			   "[flow f]\nread_rate = 1Mbit/s\nread_size = 4KiB\n"
			   "[timeline]\n15s: f.read_rate = 4Mbit/s\n");
	uint64_t slow = helper_delivered_between(sim, 5 * (int64_t)NS,
						 15 * (int64_t)NS);
	uint64_t fast = helper_delivered_between(sim, 20 * (int64_t)NS,
						 30 * (int64_t)NS);

	(void)state;
	assert_true(helper_within((double)slow * 8 / 10, 1e6, 0.03));
	assert_true(helper_within((double)fast * 8 / 10, 4e6, 0.03));
	sim_destroy(sim);
}

/*
 * Paced readers add up: 300 of them at 100 kbit/s read 30 Mbit/s, well
 * within the link and the window, so that is the goodput; with 130 left
 * on the timeline, 13 Mbit/s.  (More readers than one word of the
 * consumer's bits of idle readers holds, and a count that ends inside a
 * word.)
 */
static void
test_timeline_many_readers(void **state)
{
	struct sim *sim = helper_sim("[simulation]\nduration = 30s\n"
				     "[link]\nrate = 100Mbit/s\n"
				     "[flow f]\nreaders = 300\n"
				     "read_rate = 100kbit/s\nread_size = 1KiB\n"
				     "receive_buffer = 8MiB\n"
				     "[timeline]\n15s: f.readers = 130\n");
	uint64_t many = helper_delivered_between(sim, 5 * (int64_t)NS,
						 15 * (int64_t)NS);
	uint64_t fewer = helper_delivered_between(sim, 20 * (int64_t)NS,
						  30 * (int64_t)NS);

	(void)state;
	assert_true(helper_within((double)many * 8 / 10, 300 * 100e3, 0.03));
	assert_true(helper_within((double)fewer * 8 / 10, 130 * 100e3, 0.03));
	sim_destroy(sim);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_p1_window_never_exceeded),
		cmocka_unit_test(test_p2_window_limited_goodput),
		cmocka_unit_test(test_p4_reader_limited_goodput),
		cmocka_unit_test(test_p9_persist_probes_back_off),
		cmocka_unit_test(test_p9_draining_reader_needs_no_probe),
		cmocka_unit_test(test_p15_p17_timeouts),
		cmocka_unit_test(test_p15_timestamps_sample_after_timeout),
		cmocka_unit_test(test_p16_slow_start),
		cmocka_unit_test(test_p16_congestion_avoidance),
		cmocka_unit_test(test_p18_fast_retransmit),
		cmocka_unit_test(test_p19_newreno_three_losses),
		cmocka_unit_test(test_p23_littles_law_and_utilization),
		cmocka_unit_test(test_timeline_lowers_write_total),
		cmocka_unit_test(test_timeline_read_rate_steps),
		cmocka_unit_test(test_timeline_many_readers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
