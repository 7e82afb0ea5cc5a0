/* SPDX-License-Identifier: ISC */
/*
 * test_views.c: the packet views of `tcpsim play` without a terminal:
 * the packet log's ring and its matching of a packet's two ends
 * (pktlog.h), the time-sequence graph's zoom and axes (view_tsg.h), the
 * ladder's choice of packets, slopes and labels (view_ladder.h), the
 * view switch and its room (views.h), and both panes drawn from a real
 * run with a loss and its fast retransmission.
 *
 * Expected values follow from the rules in the headers (the formula of
 * an axis, the form of a label), computed here, not copied from output.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "scenario/scenario.h"
#include "sim/observer.h"
#include "model/sim.h"
#include "ui/canvas.h"
#include "ui/glyphs.h"
#include "ui/grid.h"
#include "ui/layout.h"
#include "ui/pktlog.h"
#include "ui/player.h"
#include "ui/screen.h"
#include "ui/view_format.h"
#include "ui/view_ladder.h"
#include "ui/view_status.h"
#include "ui/view_tsg.h"
#include "ui/views.h"
#include "util/xmalloc.h"

#define NS_PER_MS INT64_C(1000000)
#define NS_PER_S  INT64_C(1000000000)

/* ------------------------------------------------------------------ */
/* Feeding a log by hand                                               */
/* ------------------------------------------------------------------ */

/* A data segment leaves the sender (the capture point). */
static void
feed_send(struct pktlog *log, uint32_t flow, int64_t t, uint32_t seq,
	  uint32_t len, bool retransmit)
{
	struct trace_packet p;

	memset(&p, 0, sizeof p);
	p.time_ns = t;
	p.flow = flow;
	p.from_sender = true;
	p.seq = seq;
	p.len = len;
	p.retransmit = retransmit;
	pktlog_on_packet(log, &p);
}

/* An event of `kind` at `where` with seq/ack/len/win. */
static void
feed_event(struct pktlog *log, uint32_t flow, int64_t t, enum trace_kind kind,
	   enum trace_where where, uint32_t seq, uint32_t ack, uint32_t len,
	   uint64_t win)
{
	struct trace_event ev;

	memset(&ev, 0, sizeof ev);
	ev.time_ns = t;
	ev.flow = flow;
	ev.kind = kind;
	ev.where = where;
	ev.seq = seq;
	ev.ack = ack;
	ev.len = len;
	ev.win = win;
	pktlog_on_event(log, &ev);
}

/* An ACK reaches the sender, with n_sack blocks. */
static void
feed_ack_arrival(struct pktlog *log, uint32_t flow, int64_t t, uint32_t ack,
		 unsigned n_sack, const uint32_t *left, const uint32_t *right)
{
	struct trace_packet p;
	unsigned i;

	memset(&p, 0, sizeof p);
	p.time_ns = t;
	p.flow = flow;
	p.from_sender = false;
	p.ack = ack;
	p.n_sack = n_sack;
	for (i = 0; i < n_sack; i++) {
		p.sack_left[i] = left[i];
		p.sack_right[i] = right[i];
	}
	pktlog_on_packet(log, &p);
}

/* ------------------------------------------------------------------ */
/* The packet log                                                      */
/* ------------------------------------------------------------------ */

static void
test_unwrap(void **state)
{
	(void)state;
	assert_int_equal(pktlog_unwrap(5, 0), 5);
	assert_int_equal(pktlog_unwrap(1000, 900), 1000);
	assert_int_equal(pktlog_unwrap(900, 1000), 900);
	/* across 2^32, either way: the nearest to the reference */
	assert_true(pktlog_unwrap(0x10, UINT64_C(0xfffffff0)) ==
		    UINT64_C(0x100000010));
	assert_true(pktlog_unwrap(0xfffffff0, UINT64_C(0x100000010)) ==
		    UINT64_C(0xfffffff0));
	assert_true(pktlog_unwrap(0x20, UINT64_C(0x300000010)) ==
		    UINT64_C(0x300000020));
}

/* The ring keeps the last `capacity` records, oldest first. */
static void
test_ring(void **state)
{
	struct pktlog *log = pktlog_create(2, 4);
	const uint32_t isn = 1000;
	int i;

	(void)state;
	pktlog_set_isn(log, 0, isn);
	assert_int_equal(pktlog_flows(log), 2);
	assert_int_equal(pktlog_capacity(log), 4);
	for (i = 0; i < 6; i++)
		feed_send(log, 0, i * NS_PER_MS, isn + 1 + (uint32_t)i * 100,
			  100, false);
	assert_int_equal(pktlog_count(log, 0), 4);
	assert_int_equal(pktlog_total(log, 0), 6);
	/* the two oldest are gone: the first kept is the third sent */
	for (i = 0; i < 4; i++) {
		const struct pktlog_rec *r = pktlog_get(log, 0, (size_t)i);

		assert_int_equal(r->kind, PKTLOG_DATA);
		assert_int_equal(r->fate, PKTLOG_FLYING);
		assert_int_equal(r->sent_ns, (i + 2) * NS_PER_MS);
		/* relative to the ISN: the first data byte is 1 */
		assert_int_equal(r->seq, 1 + (uint64_t)(i + 2) * 100);
		assert_int_equal(r->len, 100);
	}
	/* the other flow is untouched; a flow not recorded is ignored */
	assert_int_equal(pktlog_count(log, 1), 0);
	feed_send(log, 7, 0, 1, 1, false);
	assert_int_equal(pktlog_count(log, 7), 0);
	assert_int_equal(pktlog_total(log, 7), 0);
	assert_int_equal(pktlog_transit(log, 7, PKTLOG_DATA), -1);
	/* a reset forgets the records, not the ISN */
	pktlog_reset(log);
	assert_int_equal(pktlog_count(log, 0), 0);
	feed_send(log, 0, 0, isn + 1, 10, false);
	assert_int_equal(pktlog_get(log, 0, 0)->seq, 1);
	pktlog_free(log);
}

/* However long the run, the memory is the ring's. */
static void
test_ring_bounded(void **state)
{
	struct pktlog *log = pktlog_create(1, PKTLOG_CAPACITY);
	uint32_t seq = 1;
	int64_t t = 0;
	int i;

	(void)state;
	for (i = 0; i < 5 * PKTLOG_CAPACITY; i++) {
		feed_send(log, 0, t, seq, 1000, false);
		feed_event(log, 0, t + 10, TRACE_DELIVER, WHERE_RECEIVER, seq,
			   0, 1000, 0);
		feed_event(log, 0, t + 10, TRACE_ACK, WHERE_RECEIVER, 0,
			   seq + 1000, 0, 65535);
		feed_ack_arrival(log, 0, t + 20, seq + 1000, 0, NULL, NULL);
		seq += 1000; /* wraps past 2^32 after 4.3 million */
		t += 100;
	}
	assert_int_equal(pktlog_count(log, 0), PKTLOG_CAPACITY);
	assert_int_equal(pktlog_total(log, 0), 10 * PKTLOG_CAPACITY);
	/* the newest is an ACK that arrived, numbered past 2^32 unwrapped */
	{
		const struct pktlog_rec *r =
			pktlog_get(log, 0, PKTLOG_CAPACITY - 1);

		assert_int_equal(r->kind, PKTLOG_ACK);
		assert_int_equal(r->fate, PKTLOG_ARRIVED);
		assert_true(r->seq == 1 + (uint64_t)5 * PKTLOG_CAPACITY * 1000);
	}
	pktlog_free(log);
}

/*
 * More packets in flight than the ring holds (a window larger than it):
 * the ends of the packets that left the ring find no record and leave the
 * others' alone, in the order ends really come.  Twenty segments, a ring
 * of 8: segments 0-11 leave it flying.  Segment 4 is lost on the wire (not
 * in the ring); segment 14 is lost on the wire too, before 10-13 arrive
 * (they were still crossing the path).  Then ten ACKs, of which the first
 * two leave the ring before they arrive.
 */
static void
test_ring_overflow(void **state)
{
	struct pktlog *log = pktlog_create(1, 8);
	const struct pktlog_rec *r;
	uint32_t i;

	(void)state;
	for (i = 0; i < 20; i++)
		feed_send(log, 0, i * NS_PER_MS, 1 + i * 100, 100, false);
	for (i = 0; i < 10; i++)
		feed_event(log, 0, (100 + i) * NS_PER_MS,
			   i == 4 ? TRACE_DROP : TRACE_DELIVER,
			   i == 4 ? WHERE_LINK : WHERE_RECEIVER, 1 + i * 100, 0,
			   100, 0);
	feed_event(log, 0, 109 * NS_PER_MS + 1, TRACE_DROP, WHERE_LINK,
		   1 + 14 * 100, 0, 100, 0);
	for (i = 10; i < 20; i++)
		if (i != 14)
			feed_event(log, 0, (100 + i) * NS_PER_MS, TRACE_DELIVER,
				   WHERE_RECEIVER, 1 + i * 100, 0, 100, 0);
	/* the ring holds segments 12-19 */
	for (i = 12; i < 20; i++) {
		r = pktlog_get(log, 0, i - 12);
		assert_int_equal(r->seq, 1 + i * 100);
		assert_int_equal(r->fate,
				 i == 14 ? PKTLOG_DROPPED : PKTLOG_ARRIVED);
		assert_int_equal(r->end_ns, i == 14
						    ? 109 * NS_PER_MS + 1
						    : (100 + i) * NS_PER_MS);
	}
	assert_int_equal(pktlog_transit(log, 0, PKTLOG_DATA), 100 * NS_PER_MS);

	/* ACKs 0-9: the ring then holds ACK records 2-9 */
	for (i = 0; i < 10; i++)
		feed_event(log, 0, (200 + i) * NS_PER_MS, TRACE_ACK,
			   WHERE_RECEIVER, 0, 1 + i * 100, 0, 65535);
	for (i = 0; i < 10; i++)
		feed_ack_arrival(log, 0, (250 + i) * NS_PER_MS, 1 + i * 100, 0,
				 NULL, NULL);
	for (i = 2; i < 10; i++) {
		r = pktlog_get(log, 0, i - 2);
		assert_int_equal(r->kind, PKTLOG_ACK);
		assert_int_equal(r->seq, 1 + i * 100);
		assert_int_equal(r->fate, PKTLOG_ARRIVED);
		assert_int_equal(r->end_ns, (250 + i) * NS_PER_MS);
	}
	pktlog_free(log);
}

/*
 * The rule of pktlog.h, searched the plain way: arrivals take the oldest
 * flying record with their numbers unless records that left the ring are
 * still to come; drops the newest, else one that left.  The log's table
 * of flying numbers must change none of its answers.
 */
#define REF_CAP 16

struct ref_log {
	struct pktlog_rec recs[REF_CAP];
	uint64_t total, gone[2];
	int64_t transit[2];
};

static struct pktlog_rec *
ref_add(struct ref_log *l, enum pktlog_kind kind, int64_t t)
{
	struct pktlog_rec *r = &l->recs[l->total % REF_CAP];

	if (l->total++ >= REF_CAP && r->fate == PKTLOG_FLYING)
		l->gone[r->kind]++;
	memset(r, 0, sizeof *r);
	r->kind = (uint8_t)kind;
	r->sent_ns = t;
	return r;
}

static void
ref_end(struct ref_log *l, enum pktlog_kind kind, uint64_t seq, uint32_t len,
	int64_t t, bool arrived)
{
	uint64_t oldest = l->total > REF_CAP ? l->total - REF_CAP : 0, i;
	struct pktlog_rec *r;

	if (arrived && l->gone[kind] > 0) {
		l->gone[kind]--;
		return;
	}
	for (i = 0; i < l->total - oldest; i++) {
		/* arrivals from the oldest, drops from the newest */
		uint64_t at = arrived ? oldest + i : l->total - 1 - i;

		r = &l->recs[at % REF_CAP];
		if (r->kind == kind && r->fate == PKTLOG_FLYING &&
		    r->seq == seq && (kind == PKTLOG_ACK || r->len == len)) {
			r->fate = arrived ? PKTLOG_ARRIVED : PKTLOG_DROPPED;
			r->end_ns = t;
			if (arrived)
				l->transit[kind] = t - r->sent_ns;
			return;
		}
	}
	if (!arrived && l->gone[kind] > 0)
		l->gone[kind]--;
}

/* The world the test feeds the log from, and the plain search's answers:
 * all of it copied whole for a snapshot. */
struct ref_world {
	struct ref_log ref;
	uint64_t flying[64]; /* packets on their way: seq << 16 | len,
				oldest first */
	size_t n_flying;
	uint32_t acks[64]; /* ACKs on their way, oldest first */
	size_t n_acks;
};

static void
test_ring_table_changes_nothing(void **state)
{
	struct pktlog *log = pktlog_create(1, REF_CAP);
	struct pktlog *kept = pktlog_create(1, REF_CAP);
	struct ref_world w, kept_w;
	struct ref_log *ref = &w.ref;
	uint32_t next = 1, x = 12345;
	int64_t t = 0;
	size_t k;
	int step;

	(void)state;
	memset(&w, 0, sizeof w);
	ref->transit[0] = ref->transit[1] = -1;
	kept_w = w;
	for (step = 0; step < 200000; step++) {
		uint32_t op, seq, len;

		x = x * 1103515245u + 12345u;
		op = (x >> 16) % 100;
		t += 1000;
		if (op < 40 && w.n_flying < 64) { /* send: new, or a resend */
			bool resend = op < 12 && next > 1;

			seq = resend ? 1 + ((x >> 8) % next) / 100 * 100 : next;
			len = resend && (x & 1) ? 50 : 100;
			if (!resend)
				next += 100;
			feed_send(log, 0, t, seq, len, resend);
			ref_add(ref, PKTLOG_DATA, t)->seq = seq;
			ref->recs[(ref->total - 1) % REF_CAP].len = len;
			ref->recs[(ref->total - 1) % REF_CAP].retransmit =
				resend;
			w.flying[w.n_flying++] = (uint64_t)seq << 16 | len;
		} else if (op < 70 && w.n_flying > 0) { /* an end */
			bool arrived = op < 58;
			/* arrivals the oldest; drops the newest (a full
			 * queue) or any (a link's loss), both in vain too */
			k = arrived   ? 0
			    : op < 62 ? w.n_flying - 1
				      : (x >> 4) % w.n_flying;
			seq = (uint32_t)(w.flying[k] >> 16);
			len = (uint32_t)(w.flying[k] & 0xffff);
			memmove(&w.flying[k], &w.flying[k + 1],
				(w.n_flying - k - 1) * sizeof w.flying[0]);
			w.n_flying--;
			feed_event(log, 0, t,
				   arrived ? TRACE_DELIVER : TRACE_DROP,
				   arrived   ? WHERE_RECEIVER
				   : op < 62 ? WHERE_QUEUE
					     : WHERE_LINK,
				   seq, 0, len, 0);
			ref_end(ref, PKTLOG_DATA, seq, len, t, arrived);
		} else if (op < 85 && w.n_acks < 64) { /* the receiver ACKs */
			seq = next > 1 ? 1 + (x >> 8) % next : 1;
			feed_event(log, 0, t, TRACE_ACK, WHERE_RECEIVER, 0, seq,
				   0, 1000);
			ref_add(ref, PKTLOG_ACK, t)->seq = seq;
			ref->recs[(ref->total - 1) % REF_CAP].win = 1000;
			w.acks[w.n_acks++] = seq;
		} else if (w.n_acks > 0) { /* the oldest ACK arrives */
			seq = w.acks[0];
			memmove(&w.acks[0], &w.acks[1],
				(w.n_acks - 1) * sizeof w.acks[0]);
			w.n_acks--;
			feed_ack_arrival(log, 0, t, seq, 0, NULL, NULL);
			ref_end(ref, PKTLOG_ACK, seq, 0, t, true);
		}
		if (step % 5000 == 1000) { /* a snapshot, as play takes */
			pktlog_copy(kept, log);
			kept_w = w;
		} else if (step % 5000 == 3000) { /* and a step back to it:
						     the log fed since */
			pktlog_copy(log, kept);
			w = kept_w;
		}
		assert_int_equal(pktlog_total(log, 0), ref->total);
		assert_int_equal(pktlog_transit(log, 0, PKTLOG_DATA),
				 ref->transit[PKTLOG_DATA]);
		assert_int_equal(pktlog_transit(log, 0, PKTLOG_ACK),
				 ref->transit[PKTLOG_ACK]);
		for (k = 0; k < pktlog_count(log, 0); k++) {
			uint64_t at =
				(ref->total > REF_CAP ? ref->total - REF_CAP
						      : 0) +
				k;
			const struct pktlog_rec *a = pktlog_get(log, 0, k);
			const struct pktlog_rec *b = &ref->recs[at % REF_CAP];

			assert_int_equal(a->seq, b->seq);
			assert_int_equal(a->len, b->len);
			assert_int_equal(a->kind, b->kind);
			assert_int_equal(a->fate, b->fate);
			assert_int_equal(a->end_ns, b->end_ns);
			assert_int_equal(a->sent_ns, b->sent_ns);
		}
	}
	pktlog_free(kept);
	pktlog_free(log);
}

/* Each end finds its record: arrival, drop, ACK with SACK blocks. */
static void
test_ring_matching(void **state)
{
	struct pktlog *log = pktlog_create(1, 64);
	const uint32_t isn = 0xffffff00; /* wraps within the run */
	const struct pktlog_rec *r;
	uint32_t left[2], right[2];

	(void)state;
	pktlog_set_isn(log, 0, isn);
	/* three segments of 0x80 bytes: the second crosses the wrap */
	feed_send(log, 0, 0, isn + 1, 0x80, false);
	feed_send(log, 0, 1 * NS_PER_MS, isn + 0x81, 0x80, false);
	feed_send(log, 0, 2 * NS_PER_MS, isn + 0x101, 0x80, false);
	assert_int_equal(pktlog_get(log, 0, 2)->seq, 0x101);
	/* the first arrives 20 ms later, the second dies in the queue */
	feed_event(log, 0, 20 * NS_PER_MS, TRACE_DELIVER, WHERE_RECEIVER,
		   isn + 1, 0, 0x80, 0);
	feed_event(log, 0, 21 * NS_PER_MS, TRACE_DROP, WHERE_QUEUE, isn + 0x81,
		   0, 0x80, 0);
	r = pktlog_get(log, 0, 0);
	assert_int_equal(r->fate, PKTLOG_ARRIVED);
	assert_int_equal(r->end_ns, 20 * NS_PER_MS);
	assert_int_equal(pktlog_transit(log, 0, PKTLOG_DATA), 20 * NS_PER_MS);
	r = pktlog_get(log, 0, 1);
	assert_int_equal(r->fate, PKTLOG_DROPPED);
	assert_int_equal(r->end_ns, 21 * NS_PER_MS);
	assert_int_equal(pktlog_get(log, 0, 2)->fate, PKTLOG_FLYING);

	/* the receiver ACKs the first, then the third with a SACK block */
	feed_event(log, 0, 20 * NS_PER_MS, TRACE_ACK, WHERE_RECEIVER, 0,
		   isn + 0x81, 0, 65536);
	feed_event(log, 0, 22 * NS_PER_MS, TRACE_DELIVER, WHERE_RECEIVER,
		   isn + 0x101, 0, 0x80, 0);
	feed_event(log, 0, 22 * NS_PER_MS, TRACE_ACK, WHERE_RECEIVER, 0,
		   isn + 0x81, 0, 65536 - 0x80);
	r = pktlog_get(log, 0, 3);
	assert_int_equal(r->kind, PKTLOG_ACK);
	assert_int_equal(r->fate, PKTLOG_FLYING);
	assert_int_equal(r->seq, 0x81);
	assert_int_equal(r->win, 65536);
	assert_int_equal(pktlog_transit(log, 0, PKTLOG_ACK), -1);
	/* both ACKs carry the same number: the first arrival is the first */
	feed_ack_arrival(log, 0, 40 * NS_PER_MS, isn + 0x81, 0, NULL, NULL);
	left[0] = isn + 0x101;
	right[0] = isn + 0x181;
	left[1] = isn + 0x200;
	right[1] = isn + 0x300;
	feed_ack_arrival(log, 0, 43 * NS_PER_MS, isn + 0x81, 2, left, right);
	r = pktlog_get(log, 0, 3);
	assert_int_equal(r->fate, PKTLOG_ARRIVED);
	assert_int_equal(r->end_ns, 40 * NS_PER_MS);
	assert_int_equal(r->n_sack, 0);
	r = pktlog_get(log, 0, 4);
	assert_int_equal(r->kind, PKTLOG_ACK);
	assert_int_equal(r->fate, PKTLOG_ARRIVED);
	assert_int_equal(r->end_ns, 43 * NS_PER_MS);
	assert_int_equal(pktlog_transit(log, 0, PKTLOG_ACK),
			 (43 - 22) * NS_PER_MS);
	assert_int_equal(r->n_sack, 2);
	assert_int_equal(r->seq + r->sack_left[0], 0x101);
	assert_int_equal(r->seq + r->sack_right[0], 0x181);
	assert_int_equal(r->seq + r->sack_right[1], 0x300);

	/*
	 * A retransmission while the original is still on its way: the
	 * first arrival is the original's, the second the copy's; a drop
	 * with the same numbers would be the newest (the tail of a queue).
	 */
	feed_send(log, 0, 50 * NS_PER_MS, isn + 0x181, 0x10, false);
	feed_send(log, 0, 51 * NS_PER_MS, isn + 0x181, 0x10, true);
	feed_event(log, 0, 70 * NS_PER_MS, TRACE_DELIVER, WHERE_RECEIVER,
		   isn + 0x181, 0, 0x10, 0);
	assert_int_equal(pktlog_get(log, 0, 5)->fate, PKTLOG_ARRIVED);
	assert_int_equal(pktlog_get(log, 0, 6)->fate, PKTLOG_FLYING);
	assert_true(pktlog_get(log, 0, 6)->retransmit);
	feed_send(log, 0, 52 * NS_PER_MS, isn + 0x181, 0x10, true);
	feed_event(log, 0, 52 * NS_PER_MS, TRACE_DROP, WHERE_QUEUE, isn + 0x181,
		   0, 0x10, 0);
	assert_int_equal(pktlog_get(log, 0, 6)->fate, PKTLOG_FLYING);
	assert_int_equal(pktlog_get(log, 0, 7)->fate, PKTLOG_DROPPED);
	/* an end with no record in flight changes nothing */
	feed_event(log, 0, 80 * NS_PER_MS, TRACE_DELIVER, WHERE_RECEIVER,
		   isn + 0x5000, 0, 0x10, 0);
	feed_ack_arrival(log, 0, 80 * NS_PER_MS, isn + 0x5000, 0, NULL, NULL);
	assert_int_equal(pktlog_count(log, 0), 8);
	pktlog_free(log);
}

/* ------------------------------------------------------------------ */
/* The time-sequence graph                                             */
/* ------------------------------------------------------------------ */

static void
test_tsg_zoom(void **state)
{
	const int64_t now = NS_PER_S, srtt = 50 * NS_PER_MS;

	(void)state;
	/* the last TSG_ZOOM_RTTS smoothed RTTs */
	assert_int_equal(tsg_zoom_start(now, srtt, false, 0),
			 now - TSG_ZOOM_RTTS * srtt);
	/* the whole run; before an RTT sample; a young run */
	assert_int_equal(tsg_zoom_start(now, srtt, true, 0), 0);
	assert_int_equal(tsg_zoom_start(now, 0, false, 0), 0);
	assert_int_equal(
		tsg_zoom_start(TSG_ZOOM_RTTS * srtt - 1, srtt, false, 0), 0);
	/* never before the oldest packet kept */
	assert_int_equal(tsg_zoom_start(now, srtt, true, 700 * NS_PER_MS),
			 700 * NS_PER_MS);
	assert_int_equal(tsg_zoom_start(now, srtt, false, 700 * NS_PER_MS),
			 700 * NS_PER_MS);
	assert_int_equal(tsg_zoom_start(now, srtt, false, 100 * NS_PER_MS),
			 now - TSG_ZOOM_RTTS * srtt);
}

/* The axes: linear, rounded to the nearest dot, ends exact. */
static void
test_tsg_axes(void **state)
{
	struct tsg_frame f;
	int64_t t;
	uint64_t s;

	(void)state;
	memset(&f, 0, sizeof f);
	f.t0 = 100;
	f.t1 = 1100;
	f.width = 11;
	f.lo = 1000;
	f.hi = 2000;
	f.height = 21;
	assert_int_equal(tsg_x(&f, 100), 0);
	assert_int_equal(tsg_x(&f, 1100), 10);
	assert_int_equal(tsg_x(&f, 99), -1);
	assert_int_equal(tsg_x(&f, 1101), -1);
	for (t = 100; t <= 1100; t += 7)
		assert_int_equal(tsg_x(&f, t),
				 (int)(((t - 100) * 10 + 500) / 1000));
	/* the top row is hi, the bottom one lo */
	assert_int_equal(tsg_y(&f, 2000), 0);
	assert_int_equal(tsg_y(&f, 1000), 20);
	assert_int_equal(tsg_y(&f, 999), -1);
	assert_int_equal(tsg_y(&f, 2001), -1);
	for (s = 1000; s <= 2000; s += 13)
		assert_int_equal(tsg_y(&f, s),
				 20 - (int)(((s - 1000) * 20 + 500) / 1000));
	/* huge numbers do not overflow */
	f.lo = 0;
	f.hi = UINT64_MAX;
	assert_int_equal(tsg_y(&f, UINT64_MAX), 0);
	assert_int_equal(tsg_y(&f, 0), 20);
	assert_int_equal(tsg_y(&f, UINT64_MAX / 2), 10);
}

/* The sequence axis fits the sends and ACKs; the window edge adds at
 * most as much height again. */
static void
test_tsg_frame(void **state)
{
	struct pktlog *log = pktlog_create(1, 64);
	struct tsg_frame f;

	(void)state;
	assert_false(tsg_frame_make(&f, log, 0, 0, 100, 10, 10));
	feed_send(log, 0, 0, 1, 100, false);
	feed_send(log, 0, 10, 101, 100, false);
	feed_event(log, 0, 15, TRACE_ACK, WHERE_RECEIVER, 0, 101, 0, 150);
	feed_ack_arrival(log, 0, 20, 101, 0, NULL, NULL);
	assert_true(tsg_frame_make(&f, log, 0, 0, 100, 10, 10));
	assert_int_equal(f.lo, 1);
	/* sends up to 201; the edge 101 + 150 = 251 is within 2 x 200 */
	assert_int_equal(f.hi, 101 + 150);
	assert_int_equal(f.edge_hi, 101 + 150);
	/* a large window: clipped at hi + (hi - lo) */
	feed_event(log, 0, 25, TRACE_ACK, WHERE_RECEIVER, 0, 201, 0, 100000);
	feed_ack_arrival(log, 0, 30, 201, 0, NULL, NULL);
	assert_true(tsg_frame_make(&f, log, 0, 0, 100, 10, 10));
	assert_int_equal(f.hi, 201 + (201 - 1));
	assert_int_equal(f.edge_hi, 201 + 100000);
	/* a later window: the sends before it are left out, the ACK in
	 * force at its start is in */
	assert_true(tsg_frame_make(&f, log, 0, 22, 100, 10, 10));
	assert_int_equal(f.lo, 101);
	assert_int_equal(f.hi, 201 + (201 - 101));
	pktlog_free(log);
}

/* A grid's rows as text; the row holding `what`, or -1. */
struct screen_text {
	int rows;
	char line[64][1024];
};

static void
grid_text(struct screen_text *s, const struct grid *g)
{
	int y;

	s->rows = g->rows < 64 ? g->rows : 64;
	for (y = 0; y < s->rows; y++)
		grid_row_text(g, y, s->line[y], sizeof s->line[y]);
}

static int
find_row(const struct screen_text *s, const char *what)
{
	int y;

	for (y = 0; y < s->rows; y++)
		if (strstr(s->line[y], what) != NULL)
			return y;
	return -1;
}

/*
 * Does `what` occur in rows from..to right of the axis labels (the
 * plot, not the title nor the numbers of the axis)?  ASCII rows only
 * (bytes are columns), or any row when `whole` (UTF-8).
 */
static bool
in_rows(const struct screen_text *s, int from, int to, const char *what)
{
	int y;

	for (y = from; y <= to && y < s->rows; y++) {
		size_t len = strlen(s->line[y]);
		size_t skip = len > 6 ? 6 : len; /* CHART_AXIS_COLS */

		if (strstr(s->line[y] + skip, what) != NULL)
			return true;
	}
	return false;
}

/* A send, a drop, a retransmission, ACKs: each drawn as its mark. */
static void
test_tsg_draw(void **state)
{
	static struct screen_text s;
	struct pktlog *log = pktlog_create(1, 64);
	const struct glyphs *gl = glyphs_get(false);
	struct rect r = {0, 0, 10, 60};
	struct tsg_view v;
	struct grid g;
	uint32_t seq;
	int y;

	(void)state;
	for (seq = 1; seq < 10 * 1000; seq += 1000)
		feed_send(log, 0, seq * 1000, seq, 1000, false);
	feed_event(log, 0, 2001000, TRACE_DROP, WHERE_LINK, 2001, 0, 1000, 0);
	feed_event(log, 0, 11000000, TRACE_ACK, WHERE_RECEIVER, 0, 2001, 0,
		   20000);
	feed_ack_arrival(log, 0, 12000000, 2001, 0, NULL, NULL);
	feed_send(log, 0, 13000000, 2001, 1000, true);
	memset(&v, 0, sizeof v);
	v.log = log;
	v.now_ns = 14000000;
	v.srtt_ns = 0; /* no sample yet: the whole run */
	grid_init(&g, 10, 60);
	view_tsg(&g, &r, &v, gl);
	grid_text(&s, &g);
	assert_non_null(strstr(s.line[0], "TIME-SEQUENCE whole run"));
	/* the legend, in ASCII */
	assert_non_null(strstr(s.line[0], "+send"));
	assert_non_null(strstr(s.line[0], "R resend"));
	/* the plot: sends, the drop, the retransmission, the ACK line */
	assert_true(in_rows(&s, 1, 8, "+"));
	assert_true(in_rows(&s, 1, 8, gl->drop));
	assert_true(in_rows(&s, 1, 8, "R"));
	assert_true(in_rows(&s, 1, 8, "-"));
	/* the window edge: 2001 + 20000 is past 2 x the sends: clipped */
	assert_false(in_rows(&s, 1, 8, "."));
	/* the time axis ends at now */
	assert_non_null(strstr(s.line[9], "14.0ms"));
	for (y = 0; y < 10; y++) {
		const char *c;

		for (c = s.line[y]; *c != '\0'; c++)
			assert_true((unsigned char)*c < 0x80);
	}

	/* a flow the log does not keep */
	v.flow = 3;
	grid_clear(&g);
	view_tsg(&g, &r, &v, gl);
	grid_text(&s, &g);
	assert_true(find_row(&s, "not recorded") >= 0);
	grid_free(&g);
	pktlog_free(log);
}

/* ------------------------------------------------------------------ */
/* The ladder                                                          */
/* ------------------------------------------------------------------ */

static void
test_ladder_labels(void **state)
{
	struct pktlog_rec r;
	char buf[128], want[128], w[VIEW_NUM_BUF];

	(void)state;
	memset(&r, 0, sizeof r);
	r.kind = PKTLOG_DATA;
	r.seq = 1449;
	r.len = 1448;
	assert_string_equal(ladder_label(buf, sizeof buf, &r, 0, 20),
			    "1449+1448");
	r.retransmit = true;
	assert_string_equal(ladder_label(buf, sizeof buf, &r, 0, 20),
			    "R 1449+1448");
	/* narrower: the blank goes, then the length, then the tag */
	assert_string_equal(ladder_label(buf, sizeof buf, &r, 0, 10),
			    "R1449+1448");
	assert_string_equal(ladder_label(buf, sizeof buf, &r, 0, 6), "R1449");
	assert_string_equal(ladder_label(buf, sizeof buf, &r, 0, 4), "1449");
	assert_string_equal(ladder_label(buf, sizeof buf, &r, 0, 3), "");
	r.retransmit = false;
	r.probe = true;
	r.len = 1;
	assert_string_equal(ladder_label(buf, sizeof buf, &r, 0, 20),
			    "P 1449+1");
	/* the wire's numbers: the ISN added, modulo 2^32 */
	r.probe = false;
	assert_string_equal(ladder_label(buf, sizeof buf, &r, 4294967000u, 20),
			    "1153+1");

	memset(&r, 0, sizeof r);
	r.kind = PKTLOG_ACK;
	r.seq = 2897;
	r.win = 65536;
	view_size_short(w, sizeof w, 65536);
	snprintf(want, sizeof want, "ack 2897 win %s", w);
	assert_string_equal(ladder_label(buf, sizeof buf, &r, 0, 40), want);
	snprintf(want, sizeof want, "ack 2897 w%s", w);
	assert_string_equal(
		ladder_label(buf, sizeof buf, &r, 0, (int)strlen(want)), want);
	/* SACK: the first block, and how many more */
	r.n_sack = 2;
	r.sack_left[0] = 1448;
	r.sack_right[0] = 2896;
	snprintf(want, sizeof want, "ack 2897 win %s sack 4345-5793 +1", w);
	assert_string_equal(ladder_label(buf, sizeof buf, &r, 0, 60), want);
	snprintf(want, sizeof want, "2897 w%s S4345-5793", w);
	assert_string_equal(
		ladder_label(buf, sizeof buf, &r, 0, (int)strlen(want)), want);
	assert_string_equal(ladder_label(buf, sizeof buf, &r, 0, 15),
			    "2897 S4345-5793");
	snprintf(want, sizeof want, "2897 w%s", w);
	assert_string_equal(ladder_label(buf, sizeof buf, &r, 0, 14), want);
}

/* The packets of the moment: the last something happened to. */
static void
test_ladder_pick(void **state)
{
	struct pktlog *log = pktlog_create(1, 64);
	size_t picked[8], n;

	(void)state;
	assert_int_equal(ladder_pick(log, 0, 4, picked), 0);
	/* five sends 1 ms apart; the first is dropped at 50 ms, the
	 * second arrives at 20 ms */
	feed_send(log, 0, 1 * NS_PER_MS, 1, 10, false);
	feed_send(log, 0, 2 * NS_PER_MS, 11, 10, false);
	feed_send(log, 0, 3 * NS_PER_MS, 21, 10, false);
	feed_send(log, 0, 4 * NS_PER_MS, 31, 10, false);
	feed_send(log, 0, 5 * NS_PER_MS, 41, 10, false);
	feed_event(log, 0, 20 * NS_PER_MS, TRACE_DELIVER, WHERE_RECEIVER, 11, 0,
		   10, 0);
	feed_event(log, 0, 50 * NS_PER_MS, TRACE_DROP, WHERE_QUEUE, 1, 0, 10,
		   0);
	/* latest: the drop (50), the arrival (20), then sends 5, 4 */
	n = ladder_pick(log, 0, 4, picked);
	assert_int_equal(n, 4);
	assert_int_equal(picked[0], 0);
	assert_int_equal(picked[1], 1);
	assert_int_equal(picked[2], 3);
	assert_int_equal(picked[3], 4);
	n = ladder_pick(log, 0, 8, picked);
	assert_int_equal(n, 5);
	assert_int_equal(picked[4], 4);
	pktlog_free(log);
}

/* ladder_pick() as it was, a scan of the kept for each record: the
 * reference of the one below. */
static int64_t
ref_last(const struct pktlog_rec *r)
{
	return r->fate == PKTLOG_FLYING ? r->sent_ns : r->end_ns;
}

static size_t
ref_ladder_pick(const struct pktlog *log, size_t n, size_t *out)
{
	size_t count = pktlog_count(log, 0), k = 0, i, j;

	for (i = count; i-- > 0 && n > 0;) {
		int64_t t = ref_last(pktlog_get(log, 0, i));
		size_t worst = 0;

		if (k < n) {
			out[k++] = i;
			continue;
		}
		for (j = 1; j < k; j++)
			if (ref_last(pktlog_get(log, 0, out[j])) <
			    ref_last(pktlog_get(log, 0, out[worst])))
				worst = j;
		if (t > ref_last(pktlog_get(log, 0, out[worst])))
			out[worst] = i;
	}
	for (i = 1; i < k; i++)
		for (j = i; j > 0 && out[j - 1] > out[j]; j--) {
			size_t tmp = out[j];

			out[j] = out[j - 1];
			out[j - 1] = tmp;
		}
	return k;
}

/*
 * A tall ladder: the pick of many rows from a full ring, by a heap of the
 * kept (a scan of the kept for each record took 60 us a row a frame:
 * 6 ms at 96 rows; bench/RESULTS.md), is the pick of the scan above,
 * ties of ends and all.
 */
static void
test_ladder_pick_tall(void **state)
{
	enum { CAP = 4096 };
	static const size_t ns[] = {1, 2, 3, 16, 100, 1024, CAP + 10};
	struct pktlog *log = pktlog_create(1, CAP);
	size_t *a = xcalloc(CAP + 10, sizeof *a),
	       *b = xcalloc(CAP + 10, sizeof *b);
	uint32_t i;

	(void)state;
	/* bursts of four sent at once; most arrive 20 ms later, every 37th
	 * 200 ms later, every 101st is still on its way */
	for (i = 0; i < CAP; i++)
		feed_send(log, 0, (int64_t)(i / 4) * NS_PER_MS, 1 + 100 * i,
			  100, false);
	for (i = 0; i < CAP; i++)
		if (i % 101 != 0)
			feed_event(log, 0,
				   (int64_t)(i / 4) * NS_PER_MS +
					   (i % 37 == 0 ? 200 : 20) * NS_PER_MS,
				   TRACE_DELIVER, WHERE_RECEIVER, 1 + 100 * i,
				   0, 100, 0);
	assert_int_equal(pktlog_count(log, 0), CAP);
	for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
		size_t n = ladder_pick(log, 0, ns[k], a);

		assert_int_equal(n, ref_ladder_pick(log, ns[k], b));
		assert_memory_equal(a, b, n * sizeof *a);
	}
	free(a);
	free(b);
	pktlog_free(log);
}

/* Rows of time, slopes by the one-way time, drops mid-way. */
static void
test_ladder_geometry(void **state)
{
	struct pktlog *log = pktlog_create(1, 64);
	struct ladder_frame f;
	struct pktlog_rec r;
	size_t picked[4], n;
	const int64_t now = 100 * NS_PER_MS;

	(void)state;
	/* one segment arrived after 20 ms; one ACK still on its way */
	feed_send(log, 0, 10 * NS_PER_MS, 1, 100, false);
	feed_event(log, 0, 30 * NS_PER_MS, TRACE_DELIVER, WHERE_RECEIVER, 1, 0,
		   100, 0);
	feed_event(log, 0, 90 * NS_PER_MS, TRACE_ACK, WHERE_RECEIVER, 0, 101, 0,
		   1000);
	n = ladder_pick(log, 0, 4, picked);
	assert_int_equal(n, 2);
	assert_true(ladder_frame_make(&f, log, 0, picked, n, now, 41, 11));
	/* from the first sent (10 ms) to now: longer than 5/4 x 20 ms */
	assert_int_equal(f.top_ns, 10 * NS_PER_MS);
	assert_int_equal(f.bottom_ns, now);
	/* no ACK arrived yet: it is drawn against the data's time */
	assert_int_equal(f.transit[PKTLOG_DATA], 20 * NS_PER_MS);
	assert_int_equal(f.transit[PKTLOG_ACK], 20 * NS_PER_MS);
	assert_int_equal(ladder_y(&f, 10 * NS_PER_MS), 0);
	assert_int_equal(ladder_y(&f, now), 10);
	assert_int_equal(ladder_y(&f, 55 * NS_PER_MS), 5);
	assert_int_equal(ladder_y(&f, 9 * NS_PER_MS), -1);
	/* the ACK left 10 ms ago of 20: half-way, from the right */
	r = *pktlog_get(log, 0, 1);
	assert_true(ladder_along(&f, &r) > 0.49 && ladder_along(&f, &r) < 0.51);
	assert_int_equal(ladder_x(&f, PKTLOG_ACK, 0.5), 40 - 20);
	assert_int_equal(ladder_x(&f, PKTLOG_DATA, 0.5), 20);
	assert_int_equal(ladder_x(&f, PKTLOG_DATA, 1.0), 40);
	assert_int_equal(ladder_x(&f, PKTLOG_ACK, 1.0), 0);
	assert_true(ladder_along(&f, pktlog_get(log, 0, 0)) == 1.0);
	/* a drop at once stays off the sender's line; a late one off the
	 * receiver's */
	memset(&r, 0, sizeof r);
	r.kind = PKTLOG_DATA;
	r.fate = PKTLOG_DROPPED;
	r.sent_ns = r.end_ns = 50 * NS_PER_MS;
	assert_true(ladder_along(&f, &r) == 0.2);
	r.end_ns = 50 * NS_PER_MS + 19 * NS_PER_MS;
	assert_true(ladder_along(&f, &r) == 0.8);
	r.end_ns = 50 * NS_PER_MS + 10 * NS_PER_MS;
	assert_true(ladder_along(&f, &r) == 0.5);
	/* a packet on its way longer than the last one-way time: short of
	 * the other side */
	r.fate = PKTLOG_FLYING;
	r.sent_ns = 10 * NS_PER_MS;
	assert_true(ladder_along(&f, &r) < 1.0);

	/* a short burst: the rows cover 5/4 of the one-way time */
	assert_true(ladder_frame_make(&f, log, 0, picked, 1, 31 * NS_PER_MS, 41,
				      11));
	assert_int_equal(f.bottom_ns - f.top_ns, 20 * NS_PER_MS * 5 / 4);
	pktlog_free(log);
}

/* A drop ends in the drop glyph mid-way; labels beside the lines. */
static void
test_ladder_draw(void **state)
{
	static struct screen_text s;
	struct pktlog *log = pktlog_create(1, 64);
	const struct glyphs *gl = glyphs_get(false);
	struct rect r = {0, 0, 9, 78};
	struct ladder_view v;
	struct grid g;
	int y, x_sender = LADDER_LEFT_COLS, x_receiver, x;
	bool drop = false;

	(void)state;
	feed_send(log, 0, 0, 1, 1448, false);
	feed_send(log, 0, 1 * NS_PER_MS, 1449, 1448, false);
	feed_event(log, 0, 20 * NS_PER_MS, TRACE_DELIVER, WHERE_RECEIVER, 1, 0,
		   1448, 0);
	feed_event(log, 0, 20 * NS_PER_MS, TRACE_ACK, WHERE_RECEIVER, 0, 1449,
		   0, 65536);
	feed_event(log, 0, 12 * NS_PER_MS, TRACE_DROP, WHERE_LINK, 1449, 0,
		   1448, 0);
	memset(&v, 0, sizeof v);
	v.log = log;
	v.now_ns = 30 * NS_PER_MS;
	grid_init(&g, 9, 78);
	view_ladder(&g, &r, &v, gl);
	grid_text(&s, &g);
	assert_non_null(strstr(s.line[0], "LADDER"));
	assert_non_null(strstr(s.line[0], "sender"));
	assert_non_null(strstr(s.line[0], "receiver"));
	assert_non_null(strstr(s.line[0], "/row"));
	/* the two lines, on every row below the title */
	x_receiver = 78 -
		     (78 * 3 / 10 > LADDER_RIGHT_MIN ? 78 * 3 / 10
						     : LADDER_RIGHT_MIN) -
		     1;
	for (y = 1; y < 9; y++) {
		assert_int_equal(s.line[y][x_sender], '|');
		assert_int_equal(s.line[y][x_receiver], '|');
	}
	/* the drop's mark strictly between them */
	for (y = 1; y < 9; y++)
		for (x = x_sender + 1; x < x_receiver; x++)
			if (strncmp(s.line[y] + x, gl->drop,
				    strlen(gl->drop)) == 0)
				drop = true;
	assert_true(drop);
	/* the labels: data on the left, the ACK on the right */
	assert_true(find_row(&s, "1+1448 |") > 0);
	assert_true(find_row(&s, "1449+1448 |") > 0);
	assert_true(find_row(&s, "| ack 1449 win") > 0);
	grid_free(&g);
	pktlog_free(log);
}

/* ------------------------------------------------------------------ */
/* The switch, the room, the help                                      */
/* ------------------------------------------------------------------ */

static void
test_views_keys(void **state)
{
	struct views_state st;
	char msg[128];
	int i;

	(void)state;
	memset(&st, 0, sizeof st);
	assert_int_equal(st.view, VIEWS_CHARTS);
	assert_true(views_key(&st, 'v', msg, sizeof msg));
	assert_int_equal(st.view, VIEWS_TSG);
	assert_non_null(strstr(msg, "time-sequence"));
	assert_true(views_key(&st, 'v', msg, sizeof msg));
	assert_int_equal(st.view, VIEWS_LADDER);
	assert_non_null(strstr(msg, "ladder"));
	assert_true(views_key(&st, 'v', msg, sizeof msg));
	assert_int_equal(st.view, VIEWS_CHARTS);
	assert_true(views_key(&st, 'V', msg, sizeof msg));
	assert_int_equal(st.view, VIEWS_LADDER);
	assert_false(st.whole);
	assert_true(views_key(&st, 'w', msg, sizeof msg));
	assert_true(st.whole);
	assert_true(views_key(&st, 'w', msg, sizeof msg));
	assert_false(st.whole);
	/* other keys are not the views' */
	for (i = 0; i < 128; i++)
		if (i != 'v' && i != 'V' && i != 'w' && i != 'W')
			assert_false(views_key(&st, i, msg, sizeof msg));
	assert_string_equal(views_name(VIEWS_CHARTS), "charts");
}

static void
test_views_layout(void **state)
{
	static const int sizes[][2] = {{24, 80}, {40, 120}, {30, 100}};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		struct layout l, before;
		struct rect pane;
		int keep;

		layout_compute(&before, sizes[i][0], sizes[i][1]);
		l = before;
		views_layout(&l, VIEWS_CHARTS, &pane);
		assert_memory_equal(&l, &before, sizeof l);
		assert_int_equal(pane.rows, before.charts[0].rows);
		views_layout(&l, VIEWS_LADDER, &pane);
		/* the whole width of the three charts */
		assert_int_equal(pane.x, before.charts[0].x);
		assert_int_equal(pane.cols, sizes[i][1] - 2);
		/* the narration keeps the larger of its minimum and half */
		keep = before.narration.rows / 2;
		if (keep < LAYOUT_NARRATION_MIN)
			keep = LAYOUT_NARRATION_MIN;
		assert_int_equal(l.narration.rows, keep);
		assert_int_equal(pane.rows, before.charts[0].rows +
						    before.narration.rows -
						    keep);
		assert_int_equal(pane.y + pane.rows, l.narration.y);
		assert_int_equal(l.narration.y + l.narration.rows,
				 before.narration.y + before.narration.rows);
	}
	/* at 80x24: eight rows of packets below the ladder's title */
	{
		struct layout l;
		struct rect pane;

		layout_compute(&l, 24, 80);
		views_layout(&l, VIEWS_LADDER, &pane);
		assert_true(pane.rows - 1 >= 8);
	}
}

/* The help names the keys and still fits 24 rows. */
static void
test_help_fits(void **state)
{
	int n;
	bool v = false;

	(void)state;
	for (n = 0; view_help_lines[n] != NULL; n++) {
		assert_true(grid_text_width(view_help_lines[n]) <= 80 - 4);
		if (strncmp(view_help_lines[n], "v  w ", 5) == 0)
			v = true;
	}
	assert_true(v);
	assert_true(n + 2 <= 24); /* and the box's two sides */
}

/* ------------------------------------------------------------------ */
/* From a real run                                                     */
/* ------------------------------------------------------------------ */

/* One segment lost on the link, repaired by a fast retransmission. */
static const char one_loss[] = "[simulation]\n"
			       "duration = 2s\n"
			       "[link]\n"
			       "rate = 10Mbit/s\n"
			       "delay = 20ms\n"
			       "queue = 100 packets\n"
			       "[flow bulk]\n"
			       "stack = textbook\n"
			       "receive_buffer = 128KiB\n"
			       "drop_segments = 20\n";

static void
test_views_from_run(void **state)
{
	static struct screen_text s;
	struct scenario sc;
	struct player *p;
	struct screen_model m;
	const struct pktlog *log;
	uint64_t lost_seq;
	size_t i, n;
	bool dropped = false, resent = false;
	struct grid g;
	int title, y;

	(void)state;
	memset(&sc, 0, sizeof sc);
	assert_int_equal(scenario_load_string(&sc, "one-loss.ini", one_loss,
					      strlen(one_loss), stderr),
			 0);
	/* segment 20, relative to the ISN: the first data byte is 1 */
	lost_seq = 1 + 19 * (uint64_t)sc.flows[0].mss;
	p = player_create(&sc, false);
	player_run_until(p, 600 * NS_PER_MS);
	memset(&m, 0, sizeof m);
	player_model(p, 0, &m);
	log = m.pktlog;
	assert_non_null(log);
	n = pktlog_count(log, 0);
	assert_true(n > 0 && n <= PKTLOG_CAPACITY);
	for (i = 0; i < n; i++) {
		const struct pktlog_rec *r = pktlog_get(log, 0, i);

		if (r->kind != PKTLOG_DATA || r->seq != lost_seq)
			continue;
		if (!r->retransmit) {
			assert_int_equal(r->fate, PKTLOG_DROPPED);
			dropped = true;
		} else {
			assert_int_equal(r->fate, PKTLOG_ARRIVED);
			resent = true;
		}
	}
	assert_true(dropped);
	assert_true(resent);
	/* every record's end is after its start, and not after now */
	for (i = 0; i < n; i++) {
		const struct pktlog_rec *r = pktlog_get(log, 0, i);

		if (r->fate != PKTLOG_FLYING) {
			assert_true(r->end_ns >= r->sent_ns);
			assert_true(r->end_ns <= m.now_ns);
		}
	}

	/* the screen at 80x24 with the time-sequence graph */
	m.scenario_name = "one-loss.ini";
	m.glyphs = glyphs_get(true);
	m.view = VIEWS_TSG;
	m.tsg_whole = true;
	grid_init(&g, 24, 80);
	screen_draw(&g, &m);
	grid_text(&s, &g);
	title = find_row(&s, "TIME-SEQUENCE whole run");
	assert_true(title > 0);
	assert_true(find_row(&s, "GOODPUT") < 0);
	assert_true(in_rows(&s, title + 1, title + 8, "R"));
	assert_true(in_rows(&s, title + 1, title + 8, "\u2717"));
	assert_true(find_row(&s, "EVENTS") > title + 8);
	for (y = 0; y < 24; y++)
		assert_true(grid_text_width(s.line[y]) <= 80);

	/* the ladder, at 120x40 too */
	m.view = VIEWS_LADDER;
	grid_resize(&g, 40, 120);
	screen_draw(&g, &m);
	grid_text(&s, &g);
	title = find_row(&s, "LADDER");
	assert_true(title > 0);
	assert_non_null(strstr(s.line[title], "receiver"));
	assert_true(find_row(&s, "+1460") > title);
	for (y = 0; y < 40; y++)
		assert_true(grid_text_width(s.line[y]) <= 120);
	grid_free(&g);
	player_destroy(p);
	scenario_free(&sc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unwrap),
		cmocka_unit_test(test_ring),
		cmocka_unit_test(test_ring_bounded),
		cmocka_unit_test(test_ring_matching),
		cmocka_unit_test(test_ring_overflow),
		cmocka_unit_test(test_ring_table_changes_nothing),
		cmocka_unit_test(test_tsg_zoom),
		cmocka_unit_test(test_tsg_axes),
		cmocka_unit_test(test_tsg_frame),
		cmocka_unit_test(test_tsg_draw),
		cmocka_unit_test(test_ladder_labels),
		cmocka_unit_test(test_ladder_pick),
		cmocka_unit_test(test_ladder_pick_tall),
		cmocka_unit_test(test_ladder_geometry),
		cmocka_unit_test(test_ladder_draw),
		cmocka_unit_test(test_views_keys),
		cmocka_unit_test(test_views_layout),
		cmocka_unit_test(test_help_fits),
		cmocka_unit_test(test_views_from_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
