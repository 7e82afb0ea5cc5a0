/* SPDX-License-Identifier: ISC */
/*
 * test_tcp.c: TCP mechanisms one at a time: sequence arithmetic and
 * wraparound (property 7), the window update rule (5), the receiver never
 * shrinking its window (6), receiver SWS avoidance (11), delayed ACKs (13).
 */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "net/packet.h"
#include "model/sim_internal.h"
#include "tcp/flow.h"
#include "tcp/gso.h"
#include "tcp/seq.h"

/* RFC 9293 3.4: comparisons modulo 2^32. */
static void
test_seq_wrap_compare(void **state)
{
	(void)state;
	assert_true(seq_before(0xfffffff0u, 0x10u));
	assert_true(seq_after(0x10u, 0xfffffff0u));
	assert_true(seq_leq(5u, 5u) && seq_geq(5u, 5u));
	assert_false(seq_before(0x10u, 0xfffffff0u));
	assert_int_equal(seq_diff(0x10u, 0xfffffff0u), 0x20u);
	/* half the space apart is "before" one way only */
	assert_true(seq_before(0u, 0x7fffffffu));
	assert_false(seq_before(0x7fffffffu, 0u));
}

/* Property 7: ISN near 2^32 and more than 4 GiB through the pipe: the
 * stream arrives byte-exact (the receiver checks every segment's place
 * against its stream offset, and aborts on a mismatch) with no spurious
 * retransmission. */
static void
test_wrap_4gib_exact(void **state)
{
	const uint64_t total = (uint64_t)9 << 29; /* 4.5 GiB */
	char text[512];
	struct sim *sim;
	struct flow_snapshot fs;
	struct link_snapshot ls;

	(void)state;
	snprintf(text, sizeof(text),
		 "[simulation]\nduration = 60s\n"
		 "[link]\nrate = 10Gbit/s\ndelay = 1ms\nqueue = 20000 packets\n"
		 "[flow f]\nisn = %u\ncc = none\nreceive_buffer = 8MiB\n"
		 "send_buffer = 16MiB\nwrite_total = %lluB\n",
		 4294967295u - 5000u, (unsigned long long)total);
	sim = helper_sim(text);
	sim_run(sim);
	sim_flow_snapshot(sim, 0, &fs);
	sim_link_snapshot(sim, &ls);
	assert_true(fs.completion_ns > 0);
	assert_int_equal(fs.written_bytes, total);
	assert_int_equal(fs.read_bytes, total);
	assert_int_equal(fs.retransmits, 0);
	assert_int_equal(ls.queue_drops + ls.loss_drops, 0);
	/* the sequence space went round once: RCV.NXT = ISN + 1 + total */
	assert_int_equal(fs.rcv_nxt,
			 (uint32_t)(4294967295u - 5000u + 1u + total));
	sim_destroy(sim);
}

/*
 * The sender's ring of segments in flight follows the flight: it grows
 * past the path's BDP while a window of that size is out, and once
 * nearly everything is acknowledged it is back at its smallest (16),
 * not kept at its peak.  Its capacity is always a power of two holding
 * every record.
 */
static void
test_segment_ring_follows_flight(void **state)
{
	/* 100 Mbit/s, 2 x 20 ms: a BDP of 100e6 / 8 * 0.04 / 1460 = 342
	 * segments; no drop (the queue holds the slow start's overshoot) */
	const uint32_t bdp_segments = 100000000u / 8u * 40u / 1000u / 1460u;
	uint32_t want = 1, max_cap = 0;
	struct sim *sim = helper_sim("[simulation]\nduration = 30s\n"
				     "[link]\nrate = 100Mbit/s\n"
				     "delay = 20ms\nqueue = 3000 packets\n"
				     "[flow f]\nstack = textbook\n"
				     "write_total = 4MB\n"
				     "send_buffer = 16MiB\n"
				     "receive_buffer = 16MiB\n");
	const struct sender *s = &sim->flows[0].snd;
	struct flow_snapshot fs;

	(void)state;
	while (want < bdp_segments)
		want *= 2;
	for (int64_t t = 100000; t <= 2000000000; t += 100000) {
		sim_run_until(sim, t);
		assert_true(s->seg_cap == 0 ||
			    (s->seg_cap & (s->seg_cap - 1)) == 0);
		assert_true(s->seg_count <= s->seg_cap);
		if (s->seg_cap > max_cap)
			max_cap = s->seg_cap;
	}
	sim_flow_snapshot(sim, 0, &fs);
	assert_true(fs.completion_ns > 0);
	assert_int_equal(fs.retransmits, 0);
	assert_true(max_cap >= want);
	/* the run ends when the reader has everything: the last segment's
	 * ACK is still on its way, every other one arrived */
	assert_int_equal(s->seg_count, 1);
	assert_int_equal(s->seg_cap, 16);
	sim_destroy(sim);
}

/* Losses right at the wrap are recovered, byte-exact. */
static void
test_wrap_with_losses(void **state)
{
	struct sim *sim;
	struct flow_snapshot fs;

	(void)state;
	/* isn = 2^32 - 100 * 1460: segment 100 ends exactly at the wrap */
	sim = helper_sim("[simulation]\nduration = 60s\n"
			 "[flow f]\nisn = 4294821296\nwrite_total = 2MB\n"
			 "drop_segments = 99, 100, 101, 103\n");
	sim_run(sim);
	sim_flow_snapshot(sim, 0, &fs);
	assert_true(fs.completion_ns > 0);
	assert_int_equal(fs.read_bytes, 2000000);
	assert_true(fs.retransmits >= 4);
	assert_int_equal(fs.drops, 4);
	sim_destroy(sim);
}

static void
send_ack(struct sim *sim, uint32_t seq, uint32_t ack, uint32_t win)
{
	struct packet p;

	memset(&p, 0, sizeof(p));
	p.flags = PKT_ACK;
	p.seq = seq;
	p.ack = ack;
	p.win = win;
	sender_on_ack(sim, &sim->flows[0], &p);
}

/* Property 5 (RFC 9293 3.10.7.4): a reordered old ACK cannot shrink the
 * window; a newer one with a smaller window does. */
static void
test_window_update_rule(void **state)
{
	/* receive_buffer 60000 B: no window scaling, windows are exact */
	struct sim *sim = helper_sim(
		"[flow f]\nstack = textbook\nreceive_buffer = 60000B\n");
	struct sender *s = &sim->flows[0].snd;
	uint32_t una;

	(void)state;
	sim_run_until(sim, 1000); /* the initial window is out, no ACK yet */
	una = s->snd_una;
	assert_int_equal(sender_inflight(s), 10 * 1460);
	assert_int_equal(s->snd_wscale, 0);

	send_ack(sim, 1, una + 2920, 30000); /* newer: taken */
	assert_int_equal(s->snd_una, una + 2920);
	assert_int_equal(s->snd_wnd, 30000);

	send_ack(sim, 1, una + 1460, 0); /* reordered, older: ignored */
	assert_int_equal(s->snd_una, una + 2920);
	assert_int_equal(s->snd_wnd, 30000);

	send_ack(sim, 1, una + 4380, 20000); /* newer, smaller: taken */
	assert_int_equal(s->snd_wnd, 20000);
	assert_int_equal(s->snd_wl2, una + 4380);
	sim_destroy(sim);
}

/* The receiver's right edge (ACK + window) as a sequence of ACK events. */
struct edge_watch {
	uint32_t shift;
	int64_t last_right;   /* -1 before the first ACK */
	uint64_t max_retreat; /* largest step to the left */
	uint64_t last_win;
	uint64_t reopen_min; /* smallest window after a zero one */
	uint64_t acks;
	uint64_t base; /* ACK numbers unwrapped from here */
};

static void
edge_on_event(void *ctx, const struct sim *sim, const struct trace_event *ev)
{
	struct edge_watch *w = ctx;
	int64_t right;

	(void)sim;
	if (ev->where != WHERE_RECEIVER ||
	    (ev->kind != TRACE_ACK && ev->kind != TRACE_ZERO_WINDOW &&
	     ev->kind != TRACE_WINDOW_UPDATE))
		return;
	right = (int64_t)(uint32_t)(ev->ack - (uint32_t)w->base) +
		(int64_t)ev->win;
	if (w->last_right >= 0 && right < w->last_right &&
	    (uint64_t)(w->last_right - right) > w->max_retreat)
		w->max_retreat = (uint64_t)(w->last_right - right);
	if (w->acks > 0 && w->last_win == 0 && ev->win > 0 &&
	    ev->win < w->reopen_min)
		w->reopen_min = ev->win;
	w->last_right = right;
	w->last_win = ev->win;
	w->acks++;
}

static void
edge_run(const char *text, struct edge_watch *w)
{
	struct sim *sim = helper_sim(text);
	struct sim_observer obs = {.on_event = edge_on_event, .ctx = w};

	memset(w, 0, sizeof(*w));
	w->last_right = -1;
	w->reopen_min = UINT64_MAX;
	w->base = sim->flows[0].rcv.rcv_nxt;
	w->shift = sim->flows[0].rcv.wscale;
	sim_add_observer(sim, &obs);
	sim_run(sim);
	sim_destroy(sim);
}

/* Property 6: RCV.NXT + RCV.WND never decreases.  Without scaling the
 * wire shows it exactly; with a shift of s the field's rounding may hide
 * up to 2^s - 1 bytes (RFC 7323 appendix F), never more. */
static void
test_receiver_never_shrinks(void **state)
{
	struct edge_watch w;

	(void)state;
	edge_run(
		"[simulation]\nduration = 30s\n[link]\nloss = 1%\n"
		"[flow f]\nreceive_buffer = 60000B\nread_rate = "
		"2Mbit/s\nread_size = 3000B\n"
		"[timeline]\n5s: f.read_rate = 0\n12s: f.read_rate = 5Mbit/s\n",
		&w);
	assert_true(w.acks > 1000);
	assert_int_equal(w.shift, 0);
	assert_int_equal(w.max_retreat, 0);

	edge_run("[simulation]\nduration = 20s\n[link]\nloss = 1%\nrate = "
		 "50Mbit/s\n"
		 "[flow f]\nreceive_buffer = 1MiB\nread_rate = "
		 "20Mbit/s\nread_size = 7777B\n",
		 &w);
	assert_int_equal(w.shift,
			 5); /* 1 MiB >> 5 = 32768 <= 65535 < 1 MiB >> 4 */
	assert_true(w.acks > 1000);
	assert_true(w.max_retreat < (1u << w.shift));
}

/*
 * A sim that reads its caller's timeline where it is (play, run) runs as
 * one with a copy of its own, event for event, and leaves that timeline as
 * it was: destroying the sim does not free it (AddressSanitizer would see
 * the scenario's free as a second one).
 */
static void
test_sim_sharing_timeline(void **state)
{
	static const char text[] = "[simulation]\nduration = 6s\n"
				   "[link]\nrate = 20Mbit/s\n"
				   "[flow f]\nreceive_buffer = 100000B\n"
				   "read_rate = 5Mbit/s\n"
				   "[timeline]\n1s: f.read_rate = 0\n"
				   "2500ms: link.rate = 5Mbit/s\n"
				   "4s: f.read_rate = unlimited\n";
	struct scenario sc;
	struct timeline_entry saved[3];
	struct recorder ra, rb;
	struct sim *a, *b;

	(void)state;
	helper_scenario_text(&sc, text);
	assert_int_equal(sc.n_timeline, 3);
	memcpy(saved, sc.timeline, sizeof saved);
	a = sim_create(&sc);
	b = sim_create_sharing(&sc);
	assert_ptr_not_equal(sim_scenario(a)->timeline, sc.timeline);
	assert_ptr_equal(sim_scenario(b)->timeline, sc.timeline);
	recorder_attach(a, &ra);
	recorder_attach(b, &rb);
	sim_run(a);
	sim_run(b);
	assert_int_equal(recorder_count(&ra, TRACE_TIMELINE), 3);
	assert_true(ra.n > 1000);
	assert_int_equal(ra.n, rb.n);
	for (size_t i = 0; i < ra.n; i++) {
		const struct trace_event *x = &ra.ev[i], *y = &rb.ev[i];

		assert_int_equal(x->time_ns, y->time_ns);
		assert_int_equal(x->flow, y->flow);
		assert_int_equal(x->kind, y->kind);
		assert_int_equal(x->seq, y->seq);
		assert_int_equal(x->ack, y->ack);
		assert_int_equal(x->len, y->len);
		assert_int_equal(x->win, y->win);
		assert_string_equal(x->detail, y->detail);
	}
	sim_destroy(a);
	sim_destroy(b);
	assert_memory_equal(sc.timeline, saved, sizeof saved);
	recorder_free(&ra);
	recorder_free(&rb);
	scenario_free(&sc);
}

#define SWS_SCENARIO                                                           \
	"[simulation]\nduration = 20s\n"                                       \
	"[flow f]\nreceive_buffer = 60000B\nread_rate = 0\n"                   \
	"read_size = 100B\nsws_avoidance = %s\n"                               \
	"[timeline]\n8s: f.read_rate = 80kbit/s\n"

/* Property 11: a closed window reopens only by min(buffer/2, MSS) or
 * more with SWS avoidance; without it, tiny windows are offered. */
static void
test_receiver_sws(void **state)
{
	/* The consumer stalls until the window is shut, then takes 100-byte
	 * sips: 100 B every 10 ms. */
	char text[256];
	struct edge_watch w;

	(void)state;
	snprintf(text, sizeof(text), SWS_SCENARIO, "on");
	edge_run(text, &w);
	assert_true(w.reopen_min !=
		    UINT64_MAX);	   /* the window did close and reopen */
	assert_true(w.reopen_min >= 1460); /* min(60000 / 2, 1460) */

	snprintf(text, sizeof(text), SWS_SCENARIO, "off");
	edge_run(text, &w);
	assert_true(w.reopen_min < 1460);

	/* Linux's __tcp_select_window(): in the lower half of the buffer a
	 * free space under max(MSS, buffer/16) offers nothing, and without
	 * scaling (60000 B needs none) the window is whole segments (of
	 * 1448 B, stack = linux's MSS), rounded down: the first window
	 * after a zero one is at least 60000 / 16 = 3750 rounded down to a
	 * multiple of 1448, 2 x 1448. */
	snprintf(text, sizeof(text), SWS_SCENARIO, "linux");
	edge_run(text, &w);
	assert_int_equal(w.shift, 0);
	assert_true(w.reopen_min != UINT64_MAX);
	assert_true(w.reopen_min >= 60000 / 16 / 1448 * 1448);
	assert_int_equal(w.reopen_min % 1448, 0);
}

/* What a slow reader's receiver advertises (win > 0 below one MSS,
 * zero windows, reads). */
struct advert_watch {
	uint64_t sub_mss; /* ACKs offering 0 < win < MSS */
	uint64_t zero;	  /* zero-window ACKs */
	uint64_t reads;	  /* the consumer's reads of a whole read_size */
};

static void
advert_on_event(void *ctx, const struct sim *sim, const struct trace_event *ev)
{
	struct advert_watch *w = ctx;

	(void)sim;
	if (ev->kind == TRACE_APP_READ && ev->len == 32000)
		w->reads++;
	if (ev->where != WHERE_RECEIVER ||
	    (ev->kind != TRACE_ACK && ev->kind != TRACE_ZERO_WINDOW &&
	     ev->kind != TRACE_WINDOW_UPDATE))
		return;
	if (ev->win == 0)
		w->zero++;
	else if (ev->win < 1448)
		w->sub_mss++;
}

#define SLOW_READER_SCENARIO                                                   \
	"[simulation]\nduration = 10s\n"                                       \
	"[flow f]\nmss = 1448B\nreceive_buffer = 33304B\n"                     \
	"read_rate = 200000B/s\nread_size = 32000B\nsws_avoidance = %s\n"

/*
 * A reader that takes 32000 B every 160 ms from a 33304-byte buffer (23
 * segments of 1448 B; no scaling).  Linux offers whole segments: at
 * first floor(33304 / 1448) = 23 of them; after each read the sender
 * fills what is offered and the free space left is under one MSS, so
 * Linux offers nothing: every cycle of a whole 32000-byte read (the
 * first reads, before the buffer fills, take less) ends in a zero
 * window, the last one perhaps after the run's end, and no
 * window under one MSS is ever offered.  RFC 9293's receiver offers the
 * few bytes left instead, and the window is rarely zero.
 */
static void
test_linux_window_choice(void **state)
{
	char text[256];
	struct advert_watch w;
	struct sim_observer obs = {.on_event = advert_on_event, .ctx = &w};
	struct flow_snapshot fs;
	struct sim *sim;

	(void)state;
	snprintf(text, sizeof(text), SLOW_READER_SCENARIO, "linux");
	sim = helper_sim(text);
	memset(&w, 0, sizeof(w));
	sim_add_observer(sim, &obs);
	sim_flow_snapshot(sim, 0, &fs);
	assert_int_equal(fs.rwnd_bytes, 33304 / 1448 * 1448);
	sim_run(sim);
	sim_destroy(sim);
	assert_true(w.reads > 50); /* 10 s / 160 ms = 62, less the start */
	assert_int_equal(w.sub_mss, 0);
	assert_true(w.zero + 1 >= w.reads);

	snprintf(text, sizeof(text), SLOW_READER_SCENARIO, "on");
	sim = helper_sim(text);
	memset(&w, 0, sizeof(w));
	sim_add_observer(sim, &obs);
	sim_run(sim);
	sim_destroy(sim);
	assert_true(w.sub_mss > 0);
	assert_true(w.zero < w.reads / 2);
}

/* Property 13a: at least every second full-sized segment is ACKed. */
static void
test_delayed_ack_every_second_segment(void **state)
{
	struct sim *sim = helper_sim(
		"[simulation]\nduration = 5s\n[flow f]\nstack = textbook\n");
	struct recorder rec;
	int since_ack = 0, max_since = 0;
	size_t delivered = 0, acks = 0;

	(void)state;
	recorder_attach(sim, &rec);
	sim_run(sim);
	for (size_t i = 0; i < rec.n; i++) {
		const struct trace_event *ev = &rec.ev[i];

		if (ev->where != WHERE_RECEIVER)
			continue;
		if (ev->kind == TRACE_DELIVER) {
			assert_int_equal(ev->len, 1460);
			since_ack++;
			delivered++;
			if (since_ack > max_since)
				max_since = since_ack;
		} else if (ev->kind == TRACE_ACK ||
			   ev->kind == TRACE_WINDOW_UPDATE ||
			   ev->kind == TRACE_ZERO_WINDOW) {
			since_ack = 0;
			acks++;
		}
	}
	assert_true(delivered > 1000);
	assert_int_equal(max_since, 2);
	/* and not more often than that: one ACK per two segments */
	assert_true(acks <= delivered / 2 + 2);
	recorder_free(&rec);
	sim_destroy(sim);
}

/* Property 13b: a lone segment is ACKed when the timer fires, ack_delay
 * after it arrived. */
static void
test_delayed_ack_lone_segment(void **state)
{
	/* Two 500-byte writes 100 ms apart: the first travels alone (the run
	 * ends when the last byte is read, so the second must exist). */
	struct sim *sim =
		helper_sim("[flow f]\nstack = textbook\nwrite_total = 1000B\n"
			   "write_size = 500B\n"
			   "write_rate = 40kbit/s\nack_delay = 40ms\n");
	struct recorder rec;
	int64_t delivered_at = -1, acked_at = -1;

	(void)state;
	recorder_attach(sim, &rec);
	sim_run(sim);
	for (size_t i = 0; i < rec.n; i++) {
		if (rec.ev[i].kind == TRACE_DELIVER && delivered_at < 0)
			delivered_at = rec.ev[i].time_ns;
		if (rec.ev[i].where == WHERE_RECEIVER &&
		    rec.ev[i].kind == TRACE_ACK && acked_at < 0)
			acked_at = rec.ev[i].time_ns;
	}
	assert_true(delivered_at > 0);
	assert_int_equal(acked_at - delivered_at, 40000000);
	recorder_free(&rec);
	sim_destroy(sim);
}

/* Property 13c: out-of-order segments are ACKed at once, with the ACK
 * number of the hole. */
static void
test_out_of_order_acked_at_once(void **state)
{
	struct sim *sim =
		helper_sim("[flow f]\nstack = textbook\ndrop_segments = 3\n"
			   "write_total = 20KB\n");
	struct recorder rec;
	uint32_t hole = sim->flows[0].snd.iss + 1 + 2 * 1460;
	int checked = 0;

	(void)state;
	recorder_attach(sim, &rec);
	sim_run(sim);
	for (size_t i = 0; i + 1 < rec.n; i++) {
		const struct trace_event *ev = &rec.ev[i];

		if (ev->kind != TRACE_DELIVER || !seq_after(ev->seq, hole) ||
		    checked)
			continue;
		/* the next receiver event is its ACK, same instant */
		assert_int_equal(rec.ev[i + 1].where, WHERE_RECEIVER);
		assert_int_equal(rec.ev[i + 1].kind, TRACE_ACK);
		assert_int_equal(rec.ev[i + 1].time_ns, ev->time_ns);
		assert_int_equal(rec.ev[i + 1].ack, hole);
		checked = 1;
	}
	assert_true(checked);
	recorder_free(&rec);
	sim_destroy(sim);
}

/* ACKs sent by the receiver that have not reached the sender. */
static size_t
n_in_flight_acks(const struct sim *sim)
{
	struct packet_view views[8192];
	size_t n = sim_packets_in_flight(sim, views, 8192), acks = 0;

	assert_true(n <= 8192);
	for (size_t i = 0; i < n; i++)
		acks += views[i].is_ack;
	return acks;
}

/* The capture point sees every data segment the sender sends and every
 * ACK that reaches it; the packets view agrees with the link's counts. */
struct capture_count {
	uint64_t data, acks, probes;
};

static void
capture_on_packet(void *ctx, const struct sim *sim,
		  const struct trace_packet *pkt)
{
	struct capture_count *c = ctx;

	(void)sim;
	if (pkt->from_sender) {
		c->data++;
		c->probes += pkt->probe;
	} else {
		c->acks++;
	}
}

static void
test_capture_and_packet_view(void **state)
{
	struct sim *sim =
		helper_sim("[simulation]\nduration = 20s\n[link]\nloss = 1%\n"
			   "[flow f]\nreceive_buffer = 256KiB\nread_rate = 0\n"
			   "[timeline]\n4s: f.read_rate = unlimited\n");
	struct capture_count c = {0};
	struct sim_observer obs = {.on_packet = capture_on_packet, .ctx = &c};
	struct packet_view views[4096];
	struct flow_snapshot fs;
	struct link_snapshot ls;
	size_t n, queued = 0;

	(void)state;
	sim_add_observer(sim, &obs);
	sim_run_until(sim, 10 * INT64_C(1000000000) + 123456);
	sim_link_snapshot(sim, &ls);
	n = sim_packets_in_flight(sim, views, 4096);
	assert_true(n < 4096);
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		if (views[i].place == PLACE_QUEUE) {
			assert_int_equal(views[i].queue_index, queued);
			queued++;
		} else {
			assert_true(views[i].progress >= 0.0 &&
				    views[i].progress <= 1.0);
			assert_int_equal(views[i].is_ack,
					 views[i].place == PLACE_REVERSE);
		}
	}
	assert_int_equal(queued, ls.queue_packets);
	sim_run(sim);
	sim_flow_snapshot(sim, 0, &fs);
	assert_int_equal(c.data, fs.segments_sent);
	assert_int_equal(c.probes, fs.window_probes);
	assert_true(c.probes > 0);
	assert_int_equal(c.acks, sim->flows[0].rcv.acks_sent -
					 (uint64_t)n_in_flight_acks(sim));
	sim_destroy(sim);
}

/* A live change applies at once, like a timeline entry. */
static void
test_apply_now(void **state)
{
	struct sim *sim =
		helper_sim("[simulation]\nduration = 10s\n[flow f]\n");
	struct timeline_entry e = {
		.target = TARGET_FLOW,
		.flow = 0,
		.key = KEY_READ_RATE,
		.value = {.u = 0},
		.text = "f.read_rate = 0",
	};
	struct flow_snapshot fs;

	(void)state;
	sim_run_until(sim, 1000000000);
	sim_apply_now(sim, &e);
	sim_run(sim);
	sim_flow_snapshot(sim, 0, &fs);
	assert_true(fs.zero_window_adverts > 0);
	assert_true(fs.window_probes > 0);
	assert_int_equal(sim_scenario(sim)->flows[0].read_rate_bps, 0);
	sim_destroy(sim);
}

/* ---- ack_policy = linux, nagle = minshall, window_probe = linux ---- */

/* Is the event at i a delivery that the receiver ACKs at the same instant
 * (its next own segment-level event is an ACK at the same time)? */
static bool
acked_at_once(const struct recorder *rec, size_t i)
{
	for (size_t j = i + 1; j < rec->n; j++) {
		const struct trace_event *ev = &rec->ev[j];

		if (ev->where != WHERE_RECEIVER || ev->kind == TRACE_APP_READ)
			continue;
		return (ev->kind == TRACE_ACK ||
			ev->kind == TRACE_WINDOW_UPDATE ||
			ev->kind == TRACE_ZERO_WINDOW) &&
		       ev->time_ns == rec->ev[i].time_ns;
	}
	return false;
}

/* Deliveries ACKed one by one from the start of the run. */
/* Whether full-sized segment k (1, 2, ...) of a bulk flow whose window
 * is `window` bytes carries PSH: forced_push, end - last push > window/2. */
static bool
next_is_pushed(uint64_t window, uint64_t k)
{
	uint64_t pushed = 0, i;

	for (i = 1; i <= k; i++)
		if (i * 1460 - pushed > window / 2) {
			if (i == k)
				return true;
			pushed = i * 1460;
		}
	return false;
}

static size_t
leading_quick_acks(const char *receive_buffer)
{
	char text[256];
	struct sim *sim;
	struct recorder rec;
	size_t n = 0;

	snprintf(text, sizeof text,
		 "[simulation]\nduration = 3s\n[flow f]\nstack = textbook\n"
		 "ack_policy = linux\nreceive_buffer = %s\n",
		 receive_buffer);
	sim = helper_sim(text);
	recorder_attach(sim, &rec);
	sim_run(sim);
	for (size_t i = 0; i < rec.n; i++) {
		if (rec.ev[i].kind != TRACE_DELIVER)
			continue;
		assert_int_equal(rec.ev[i].len, 1460);
		if (!acked_at_once(&rec, i))
			break;
		n++;
	}
	recorder_free(&rec);
	sim_destroy(sim);
	return n;
}

/* Linux's quick-ACK start: the first rcv_wnd / (2 MSS) segments, at
 * least 2 and at most 16, are each ACKed at once; the next one waits
 * (one full-sized segment is not "more than one"), unless it carries PSH:
 * a bulk sender pushes the segment that takes it past half the window
 * since the last push (Linux's forced_push), and a pushed segment is
 * ACKed as soon as the reader empties the buffer (since Linux 6.6). */
static void
test_linux_quick_ack_start(void **state)
{
	static const struct {
		const char *buffer;
		uint64_t bytes;
	} cases[] = {{"64KiB", 65536},
		     {"7300B", 7300},
		     {"17520B", 17520},
		     {"4380B", 4380}};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		uint64_t quick = cases[i].bytes / (2 * 1460);

		if (quick == 0)
			quick = 2;
		if (quick > 16)
			quick = 16;
		/* segment quick + 1 is pushed when its end passes half the
		 * window, counted from the last push before it */
		if (next_is_pushed(cases[i].bytes, quick + 1))
			assert_true(leading_quick_acks(cases[i].buffer) >
				    quick);
		else
			assert_int_equal(leading_quick_acks(cases[i].buffer),
					 quick);
	}
}

/* RFC 5681 4.2 as Linux does it: with segments 3 and 4 lost, the
 * out-of-order segments are ACKed at once (both policies), and so is the
 * retransmitted 3, which fills only part of the gap: with linux at once,
 * while textbook counts it as one in-order segment and waits. */
static void
partial_gap_fill(const char *policy, bool *ooo_at_once, bool *fill_at_once)
{
	char text[256];
	struct sim *sim;
	struct recorder rec;
	const uint32_t seg3 = 1 + 2 * 1460, seg5 = 1 + 4 * 1460;

	snprintf(text, sizeof text,
		 "[flow f]\nstack = textbook\nack_policy = %s\ndrop_segments = "
		 "3, 4\n"
		 "write_total = 60KB\n",
		 policy);
	sim = helper_sim(text);
	recorder_attach(sim, &rec);
	sim_run(sim);
	*ooo_at_once = *fill_at_once = false;
	for (size_t i = 0; i < rec.n; i++) {
		if (rec.ev[i].kind != TRACE_DELIVER)
			continue;
		if (rec.ev[i].seq == seg5)
			*ooo_at_once = acked_at_once(&rec, i);
		if (rec.ev[i].seq == seg3) {
			*fill_at_once = acked_at_once(&rec, i);
			break;
		}
	}
	recorder_free(&rec);
	sim_destroy(sim);
}

static void
test_linux_partial_gap_fill(void **state)
{
	bool ooo, fill;

	(void)state;
	partial_gap_fill("linux", &ooo, &fill);
	assert_true(ooo);
	assert_true(fill);
	partial_gap_fill("textbook", &ooo, &fill);
	assert_true(ooo);
	assert_false(fill);
}

/* tcp_cleanup_rbuf(): a short segment that the reader takes at once
 * (the buffer is empty after the read) is ACKed at once: small writes do
 * not wait for the delayed-ACK timer, which textbook makes them do
 * (test_delayed_ack_lone_segment). */
static void
test_linux_short_segment_read(void **state)
{
	struct sim *sim = helper_sim("[simulation]\nduration = 3s\n"
				     "[flow f]\nack_policy = linux\n"
				     "write_size = 100B\n"
				     "write_rate = 80kbit/s\n");
	struct recorder rec;
	size_t delivered = 0;

	(void)state;
	recorder_attach(sim, &rec);
	sim_run(sim);
	for (size_t i = 0; i < rec.n; i++) {
		if (rec.ev[i].kind != TRACE_DELIVER)
			continue;
		assert_true(rec.ev[i].len < 1460);
		assert_true(acked_at_once(&rec, i));
		delivered++;
	}
	assert_true(delivered > 20);
	recorder_free(&rec);
	sim_destroy(sim);
}

/*
 * tcp_measure_rcv_mss() since Linux 6.6: a full-sized segment with PSH
 * (the end of a write, which the sender may be waiting on) is ACKed as
 * soon as the reader empties the buffer, like a short one
 * (tcp_cleanup_rbuf()); one without PSH that arrives alone waits.  Writes
 * of one segment every 50 ms, gso = off: each segment is a write's end,
 * pushed, and ACKed at once.  Writes of two segments: the first is not
 * pushed and arrives alone (its partner one transmission time later), so
 * it waits; the second is pushed (and the second of two).  The first 20
 * deliveries are left out: they fall in the quick-ACK start (at most 16
 * ACKs), where every segment is ACKed at once.
 */
struct pushed_count {
	size_t pushed, pushed_at_once; /* segments ending a write */
	size_t plain, plain_at_once;   /* the others */
};

static void
pushed_full_segments(uint64_t write_size, struct pushed_count *c)
{
	char text[256];
	struct sim *sim;
	struct recorder rec;
	size_t seen = 0;

	/* a write every 50 ms: write_size * 20 bytes a second */
	snprintf(text, sizeof text,
		 "[simulation]\nduration = 4s\n[flow f]\n"
		 "write_size = %lluB\nwrite_rate = %lluB/s\ngso = off\n",
		 (unsigned long long)write_size,
		 (unsigned long long)(write_size * 20));
	sim = helper_sim(text);
	recorder_attach(sim, &rec);
	sim_run(sim);
	memset(c, 0, sizeof *c);
	for (size_t i = 0; i < rec.n; i++) {
		uint64_t end;

		if (rec.ev[i].kind != TRACE_DELIVER || seen++ < 20)
			continue;
		assert_int_equal(rec.ev[i].len, 1448);
		end = rec.ev[i].seq - 1 + 1448; /* ISN 0: offset + len */
		if (end % write_size == 0) {
			c->pushed++;
			c->pushed_at_once += acked_at_once(&rec, i);
		} else {
			c->plain++;
			c->plain_at_once += acked_at_once(&rec, i);
		}
	}
	recorder_free(&rec);
	sim_destroy(sim);
}

static void
test_linux_pushed_full_segment(void **state)
{
	struct pushed_count c;

	(void)state;
	/* every segment a write's end: all ACKed at once */
	pushed_full_segments(1448, &c);
	assert_true(c.pushed > 40);
	assert_int_equal(c.pushed_at_once, c.pushed);
	assert_int_equal(c.plain, 0);
	/* two segments a write: the pushed second ones at once, the first
	 * ones, alone and not pushed, never */
	pushed_full_segments(2896, &c);
	assert_true(c.pushed > 40);
	assert_int_equal(c.pushed_at_once, c.pushed);
	assert_int_equal(c.plain, c.pushed);
	assert_int_equal(c.plain_at_once, 0);
}

/*
 * nagle = minshall in nagle-delayed-ack.ini's setting, with writes of
 * 2000 B every 100 ms (a full segment and a short one each): a short
 * segment may go while full-sized ones are unacknowledged, never while a
 * short one is.
 * The sender's SND.UNA at time t is rebuilt from the receiver's ACKs,
 * which reach the sender one link delay (20 ms) after they leave.
 */
static void
nagle_small_sends(const char *mode, size_t *small, size_t *behind_full)
{
	char text[320];
	struct sim *sim;
	struct recorder rec;
	uint32_t sends_end[4096];
	bool sends_small[4096];
	size_t n_sends = 0;

	snprintf(text, sizeof text,
		 "[simulation]\nduration = 5s\n[link]\nrate = 10Mbit/s\n"
		 "delay = 20ms\nqueue = 100 packets\n[flow chat]\n"
		 "stack = textbook\nwrite_size = 2000B\nwrite_rate = "
		 "160kbit/s\nnagle = %s\n"
		 "delayed_ack = on\nack_delay = 40ms\n",
		 mode);
	sim = helper_sim(text);
	recorder_attach(sim, &rec);
	sim_run(sim);
	*small = *behind_full = 0;
	for (size_t i = 0; i < rec.n; i++) {
		const struct trace_event *ev = &rec.ev[i];
		uint32_t una = 1;
		bool full_out = false;

		if (ev->kind != TRACE_SEND)
			continue;
		for (size_t j = 0; j < rec.n; j++) /* ACKs arrived by now */
			if (rec.ev[j].where == WHERE_RECEIVER &&
			    (rec.ev[j].kind == TRACE_ACK ||
			     rec.ev[j].kind == TRACE_ZERO_WINDOW ||
			     rec.ev[j].kind == TRACE_WINDOW_UPDATE) &&
			    rec.ev[j].time_ns + 20000000 <= ev->time_ns &&
			    seq_after(rec.ev[j].ack, una))
				una = rec.ev[j].ack;
		for (size_t k = 0; k < n_sends; k++) {
			if (!seq_after(sends_end[k], una))
				continue;
			if (ev->len < 1460)
				assert_false(sends_small[k]); /* Minshall */
			full_out |= !sends_small[k];
		}
		if (ev->len < 1460) {
			++*small;
			*behind_full += full_out;
		}
		assert_true(n_sends < 4096);
		sends_end[n_sends] = ev->seq + ev->len;
		sends_small[n_sends++] = ev->len < 1460;
	}
	recorder_free(&rec);
	sim_destroy(sim);
}

static void
test_nagle_minshall(void **state)
{
	size_t small, behind_full;

	(void)state;
	nagle_small_sends("minshall", &small, &behind_full);
	assert_true(small > 10);
	assert_true(behind_full > 0);
	nagle_small_sends("on", &small, &behind_full);
	assert_true(small > 10);
	assert_int_equal(behind_full, 0); /* Nagle: nothing may be out */
}

/*
 * window_probe = linux in reader-stall.ini's setting: each probe carries
 * no data and the sequence number SND.UNA - 1 (the last ACK number the
 * receiver sent, less one); the receiver answers it at once; the waits
 * double from the ACK that answered the previous one; and the flow
 * resumes after the stall (the receiver checks every byte's place).
 */
static void
test_linux_window_probe(void **state)
{
	struct sim *sim = helper_sim(
		"[simulation]\nduration = 40s\n[link]\nrate = 10Mbit/s\n"
		"delay = 20ms\nqueue = 100 packets\n[flow bulk]\n"
		"receive_buffer = 64KiB\nsend_buffer = 128KiB\n"
		"read_rate = 4Mbit/s\nread_size = 16KiB\nwindow_probe = linux\n"
		"[timeline]\n10s: bulk.read_rate = 0\n"
		"30s: bulk.read_rate = 4Mbit/s\n");
	struct recorder rec;
	uint32_t last_ack = 0;
	int64_t probe_at[16], answered_at[16];
	size_t probes = 0;
	uint64_t after_stall = 0;

	(void)state;
	recorder_attach(sim, &rec);
	sim_run(sim);
	for (size_t i = 0; i < rec.n; i++) {
		const struct trace_event *ev = &rec.ev[i];

		if (ev->where == WHERE_RECEIVER &&
		    (ev->kind == TRACE_ACK || ev->kind == TRACE_ZERO_WINDOW ||
		     ev->kind == TRACE_WINDOW_UPDATE))
			last_ack = ev->ack;
		if (ev->kind == TRACE_PROBE) {
			assert_int_equal(ev->len, 0);
			assert_int_equal(ev->seq, last_ack - 1);
			assert_true(probes < 16);
			probe_at[probes] = ev->time_ns;
			answered_at[probes] = -1;
			probes++;
		}
		if (ev->kind == TRACE_DELIVER && ev->len == 0) {
			assert_true(probes > 0);
			assert_int_equal(ev->seq, last_ack - 1);
			assert_true(acked_at_once(&rec, i));
			answered_at[probes - 1] = ev->time_ns;
		}
		if (ev->kind == TRACE_DELIVER && ev->time_ns > 30 * NS_PER_S)
			after_stall += ev->len;
	}
	assert_true(probes >= 3);
	for (size_t k = 0; k + 1 < probes; k++) {
		/* the answer's ACK reaches the sender 20 ms later and
		 * restarts the wait (tcp_ack_probe), 2^(k+1) times the
		 * base; the first waits 2^1 x base after the first probe */
		assert_true(answered_at[k] > probe_at[k]);
		if (k > 0)
			assert_int_equal(probe_at[k + 1] -
						 (answered_at[k] + 20000000),
					 2 * (probe_at[k] -
					      (answered_at[k - 1] + 20000000)));
	}
	assert_true(after_stall > 1000000);
	recorder_free(&rec);
	sim_destroy(sim);
}

/* PSH as Linux's sender sets it: every write of the producer ends with
 * a push (tcp_push() at the end of tcp_sendmsg()), so the segment that
 * holds a write's last byte carries PSH and the others of the write do
 * not (the forced push, half of the 64 KiB window since the last push,
 * is never reached by writes of 4000 B).  Writes of 4000 B every 100 ms
 * leave as 1448 + 1448 + 1104 B.  gso = off: segments leave one by one,
 * so nothing else pushes them (test_push_linux_packets has the packets
 * of gso = linux). */
struct push_watch {
	unsigned data, pushed, wrong;
};

static void
push_on_packet(void *ctx, const struct sim *sim, const struct trace_packet *p)
{
	struct push_watch *w = ctx;
	bool write_end;

	(void)sim;
	if (!p->from_sender || p->len == 0 || p->retransmit || p->probe)
		return;
	write_end = (p->stream_off + p->len) % 4000 == 0;
	w->data++;
	w->pushed += p->push;
	w->wrong += p->push != write_end;
}

static void
test_push_at_write_ends(void **state)
{
	struct push_watch w = {0, 0, 0};
	struct sim_observer obs = {.on_packet = push_on_packet, .ctx = &w};
	struct sim *sim = helper_sim("[simulation]\nduration = 2s\n"
				     "[flow f]\nwrite_size = 4000B\n"
				     "write_rate = 40000B/s\ngso = off\n");

	(void)state;
	sim_add_observer(sim, &obs);
	sim_run(sim);
	/* writes at 0, 100 ms, ..., 2 s (the run's last instant runs too):
	 * 2000 / 100 + 1 of them, 3 segments each */
	assert_int_equal(w.wrong, 0);
	assert_int_equal(w.pushed, 2000 / 100 + 1);
	assert_int_equal(w.data, 3 * (2000 / 100 + 1));
	sim_destroy(sim);
}

/*
 * write_wakeup: when a bulk writer blocked on a full send buffer writes
 * again.  room: as soon as ACKs free any room, so some writes find less
 * room than half of what the buffer holds; linux (sk_stream_write_space):
 * only once the room is at least half of it, so every write after the
 * first does.  The buffer's use before a write is its use after it, less
 * the write.
 */
struct wakeup_watch {
	unsigned writes, early; /* writes; those with 2 room < held */
};

static void
wakeup_on_event(void *ctx, const struct sim *sim, const struct trace_event *ev)
{
	struct wakeup_watch *w = ctx;
	struct flow_snapshot fs;
	uint64_t held;

	if (ev->kind != TRACE_APP_WRITE || ev->len == 0)
		return;
	sim_flow_snapshot(sim, 0, &fs);
	held = fs.send_buffer_bytes - ev->len;
	if (w->writes++ > 0 && 2 * (fs.send_buffer_limit - held) < held)
		w->early++;
}

static void
writer_wakeups(const char *mode, struct wakeup_watch *w)
{
	char text[256];
	struct sim *sim;
	struct sim_observer obs = {.on_event = wakeup_on_event, .ctx = w};

	snprintf(text, sizeof text,
		 "[simulation]\nduration = 3s\n[flow f]\n"
		 "send_buffer = 30000B\nwrite_wakeup = %s\n",
		 mode);
	sim = helper_sim(text);
	sim_add_observer(sim, &obs);
	w->writes = w->early = 0;
	sim_run(sim);
	sim_destroy(sim);
}

static void
test_write_wakeup(void **state)
{
	struct wakeup_watch w;

	(void)state;
	writer_wakeups("linux", &w);
	assert_true(w.writes > 20);
	assert_int_equal(w.early, 0);
	writer_wakeups("room", &w);
	assert_true(w.writes > 20);
	assert_true(w.early > 0);
}

/* ---- gso = linux: packets of several segments, PSH on each ---- */

/*
 * tcp_tso_autosize() and tcp_update_pacing_rate() (gso.h), worked by
 * hand: the rate is the window per SRTT times 2 in slow start below half
 * of ssthresh, else 1.2; a packet is rate / 1024 bytes, plus 64 KiB less
 * 321 B shifted right by the min RTT in units of 512 us when that shift
 * is below 32, at most that 64 KiB less 321 B, at least 2 segments.
 */
static void
test_gso_linux_segs(void **state)
{
	const uint64_t mss = 1448, max = 65536 - 321;
	/* 26 segments per 42 ms, in slow start (cwnd < ssthresh / 2) */
	uint64_t ss = gso_linux_pacing_rate(26 * mss, UINT64_MAX, 13 * mss,
					    (uint32_t)mss, 42000000);
	/* the same beyond half of ssthresh; more in flight than cwnd */
	uint64_t ca = gso_linux_pacing_rate(26 * mss, 40 * mss, 30 * mss,
					    (uint32_t)mss, 42000000);

	(void)state;
	assert_int_equal(ss, 26 * mss * 2 * 1000 / 42);
	assert_int_equal(ca, 30 * mss * 12 * 1000 / 420);
	assert_int_equal(
		gso_linux_pacing_rate(26 * mss, 40 * mss, 0, (uint32_t)mss, 0),
		0);
	/* 1.79 MB/s: 1753 B a packet, one segment, so the floor of 2 */
	assert_int_equal(gso_linux_segs(ss, 40000000, (uint32_t)mss), 2);
	/* 100 MB/s on a 40 ms path: 97656 B, capped */
	assert_int_equal(gso_linux_segs(100000000, 40000000, (uint32_t)mss),
			 max / mss);
	/* 1 MB/s on a 1 ms path (shift 1000 / 512 = 1): 976 B + max / 2 */
	assert_int_equal(gso_linux_segs(1000000, 1000000, (uint32_t)mss),
			 (1000000 / 1024 + max / 2) / mss);
	/* a 16.384 ms path shifts by 32: no allowance; 16.383 ms by 31 */
	assert_int_equal(gso_linux_segs(0, 16384000, (uint32_t)mss), 2);
	assert_int_equal(
		gso_linux_segs(1024 * 4 * mss, 16383000, (uint32_t)mss),
		(4 * mss + (max >> 31)) / mss);
	/* no RTT sample yet: only the rate counts */
	assert_int_equal(gso_linux_segs(1024 * 5 * mss, 0, (uint32_t)mss), 5);
	/* tcp_xmit_size_goal(): half the largest window, or the GSO
	 * maximum, in whole MSS, at least one; no halving at 536 B or less */
	assert_int_equal(gso_linux_size_goal(18824, (uint32_t)mss),
			 18824 / 2 / mss * mss);
	assert_int_equal(gso_linux_size_goal(4 << 20, (uint32_t)mss),
			 max / mss * mss);
	assert_int_equal(gso_linux_size_goal(536, (uint32_t)mss),
			 max / mss * mss);
	assert_int_equal(gso_linux_size_goal(2000, (uint32_t)mss), mss);
}

/*
 * gso_linux_pacing_at_least() answers "rate >= y" for the rate that
 * gso_linux_pacing_rate() computes, without its division: never wrong
 * when it answers, and an answer whenever y is not within a hair of the
 * rate (half or double it, say).  Swept over windows, SRTTs and y on
 * both sides of the rate and at it.
 */
static void
test_gso_linux_pacing_at_least(void **state)
{
	const uint32_t mss = 1448;
	long sure = 0;

	(void)state;
	/* no RTT sample: the rate is 0 */
	assert_int_equal(
		gso_linux_pacing_at_least(10 * mss, UINT64_MAX, 0, mss, 0, 0),
		1);
	assert_int_equal(
		gso_linux_pacing_at_least(10 * mss, UINT64_MAX, 0, mss, 0, 1),
		0);
	for (uint64_t cwnd = 2 * mss; cwnd < 40000 * (uint64_t)mss;
	     cwnd = cwnd * 3 / 2 + 7) {
		for (int64_t srtt = 1000; srtt < 4000000000;
		     srtt = srtt * 5 / 3 + 11) {
			uint64_t inflight = cwnd / 3;
			uint64_t ssthresh = (cwnd & 1) ? UINT64_MAX : cwnd;
			uint64_t rate = gso_linux_pacing_rate(
				cwnd, ssthresh, inflight, mss, srtt);

			if (rate >= (1ull << 52))
				continue;
			for (int64_t d = -3; d <= 3; d++) {
				uint64_t y = rate + (uint64_t)d;
				int got = gso_linux_pacing_at_least(
					cwnd, ssthresh, inflight, mss, srtt, y);

				if (got != -1) {
					assert_int_equal(got, rate >= y);
					sure++;
				}
			}
			assert_int_equal(gso_linux_pacing_at_least(
						 cwnd, ssthresh, inflight, mss,
						 srtt, rate / 2),
					 1);
			assert_int_equal(gso_linux_pacing_at_least(
						 cwnd, ssthresh, inflight, mss,
						 srtt, 2 * rate + 1),
					 0);
		}
	}
	assert_true(sure > 0); /* near the rate it still answers, often */
}

/*
 * Linux's sendmsg appends a write to the unsent last buffer of the write
 * queue while it is below the size goal (half the largest window, here
 * 5792 / 2 = 2896 B = 2 MSS), and takes the PSH the previous write left
 * there; a write that finds the buffer full starts a new one and leaves
 * the mark.  Nothing sent yet: writes of one MSS each leave their mark
 * only at the end of each full buffer, every 2896 B, and the last write's.
 * gso = off keeps every write's mark.  Once the last write is sent, the
 * next one finds no unsent buffer and the mark stays.
 */
static unsigned
marks_after_writes(const char *gso, uint64_t *marks, unsigned most)
{
	char text[256];
	struct sim *sim;
	struct sender *s;
	unsigned n;

	snprintf(text, sizeof text,
		 "[flow f]\nreceive_buffer = 5792B\nwindow_scale = off\n"
		 "gso = %s\n",
		 gso);
	sim = helper_sim(text);
	s = &sim->flows[0].snd;
	assert_int_equal(s->max_snd_wnd, 5792);
	for (uint64_t w = 1; w <= 8; w++)
		sender_note_write(s, sim->flows[0].cfg, (w - 1) * 1448,
				  w * 1448);
	n = (unsigned)s->push_n;
	for (unsigned i = 0; i < n && i < most; i++)
		marks[i] = s->push_at[s->push_head + i];
	sim_destroy(sim);
	return n;
}

static void
test_push_taken_by_append(void **state)
{
	uint64_t marks[16];
	unsigned n;

	(void)state;
	assert_int_equal(gso_linux_size_goal(5792, 1448), 2896);
	n = marks_after_writes("linux", marks, 16);
	assert_int_equal(n, 4);
	for (unsigned i = 0; i < n; i++)
		assert_int_equal(marks[i], (i + 1) * 2896);
	n = marks_after_writes("off", marks, 16);
	assert_int_equal(n, 8);
	for (unsigned i = 0; i < n; i++)
		assert_int_equal(marks[i], (i + 1) * 1448);
}

/*
 * Writes of 4000 B every 100 ms on a 2 x 20 ms path, gso = linux: each
 * leaves at once as 1448 + 1448 + 1104 B.  At this rate a packet is the
 * floor of 2 segments (checked from the run's largest cwnd: the pacing
 * rate is at most twice it per 40 ms), so a write goes as a packet of
 * two, PSH on its second segment (__tcp_transmit_skb), and one of a
 * single short segment, PSH as the write's end: the first segment of
 * each write alone has none.
 */
struct push_packets {
	unsigned data, pushed, wrong;
};

static void
push_packets_on_packet(void *ctx, const struct sim *sim,
		       const struct trace_packet *p)
{
	struct push_packets *w = ctx;
	uint64_t at = p->stream_off % 4000;

	(void)sim;
	if (!p->from_sender || p->len == 0 || p->retransmit || p->probe)
		return;
	w->data++;
	w->pushed += p->push;
	w->wrong += p->push != (at != 0); /* the 2nd and 3rd: pushed */
}

static void
test_push_linux_packets(void **state)
{
	struct push_packets w = {0, 0, 0};
	struct sim_observer obs = {.on_packet = push_packets_on_packet,
				   .ctx = &w};
	struct sim *sim = helper_sim("[simulation]\nduration = 2s\n"
				     "[link]\ndelay = 20ms\n"
				     "[flow f]\nwrite_size = 4000B\n"
				     "write_rate = 40000B/s\ngso = linux\n");
	struct flow_snapshot fs;
	uint64_t rate;

	(void)state;
	sim_add_observer(sim, &obs);
	sim_run(sim);
	sim_flow_snapshot(sim, 0, &fs);
	rate = gso_linux_pacing_rate(fs.max_cwnd_bytes, UINT64_MAX, 0, 1448,
				     40000000);
	assert_int_equal(gso_linux_segs(rate, 40000000, 1448), 2);
	assert_int_equal(w.wrong, 0);
	assert_int_equal(w.pushed, 2 * (2000 / 100 + 1));
	assert_int_equal(w.data, 3 * (2000 / 100 + 1));
	sim_destroy(sim);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seq_wrap_compare),
		cmocka_unit_test(test_wrap_4gib_exact),
		cmocka_unit_test(test_wrap_with_losses),
		cmocka_unit_test(test_segment_ring_follows_flight),
		cmocka_unit_test(test_window_update_rule),
		cmocka_unit_test(test_receiver_never_shrinks),
		cmocka_unit_test(test_sim_sharing_timeline),
		cmocka_unit_test(test_receiver_sws),
		cmocka_unit_test(test_linux_window_choice),
		cmocka_unit_test(test_delayed_ack_every_second_segment),
		cmocka_unit_test(test_delayed_ack_lone_segment),
		cmocka_unit_test(test_out_of_order_acked_at_once),
		cmocka_unit_test(test_linux_quick_ack_start),
		cmocka_unit_test(test_linux_partial_gap_fill),
		cmocka_unit_test(test_linux_short_segment_read),
		cmocka_unit_test(test_linux_pushed_full_segment),
		cmocka_unit_test(test_nagle_minshall),
		cmocka_unit_test(test_push_at_write_ends),
		cmocka_unit_test(test_gso_linux_segs),
		cmocka_unit_test(test_gso_linux_pacing_at_least),
		cmocka_unit_test(test_push_linux_packets),
		cmocka_unit_test(test_push_taken_by_append),
		cmocka_unit_test(test_write_wakeup),
		cmocka_unit_test(test_linux_window_probe),
		cmocka_unit_test(test_capture_and_packet_view),
		cmocka_unit_test(test_apply_now),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
