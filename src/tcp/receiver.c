/* SPDX-License-Identifier: ISC */
/*
 * receiver.c: the receiving TCP (see receiver.h).
 *
 * Segment acceptance and reassembly (RFC 9293 3.10.7.4), the advertised
 * window with receiver SWS avoidance (3.8.6.2.2) and window scaling
 * (RFC 7323), delayed ACKs with the immediate-ACK cases of RFC 5681 4.2
 * (out-of-order data, data that fills a gap), window updates when the
 * consumer frees space.
 *
 * Window scaling rounds the window down to a multiple of 2^shift on the
 * wire; the receiver's own right edge never moves left, but the edge the
 * sender computes from the rounded field can sit up to 2^shift - 1 bytes
 * short of it (RFC 7323 appendix F).  Rounding down keeps the promise
 * within the buffer.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "tcp/receiver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/packet.h"
#include "model/sim_internal.h"
#include "trace/sentences.h"
#include "trace/text.h"
#include "tcp/flow.h"
#include "tcp/seq.h"
#include "util/xmalloc.h"

/* The receiver's own sequence numbers: it sends no data, so every ACK
 * carries ISS + 1 with ISS = 0. */
#define RECEIVER_SEQ 1u

/* ack_policy = linux: Linux's constants.  TCP_ATO_MIN and TCP_DELACK_MIN
 * are the flow's ack_delay (40 ms by default, as in Linux). */
#define LINUX_MAX_QUICKACKS 16u		      /* TCP_MAX_QUICKACKS */
#define LINUX_DELACK_MAX_NS (200 * NS_PER_MS) /* TCP_DELACK_MAX */
#define LINUX_ATO_MAX_NS                                                       \
	(500 * NS_PER_MS) /* HZ / 2 in tcp_send_delayed_ack                    \
			   */

static void receiver_on_delack(struct sim *sim, struct event *ev);

static inline uint64_t
min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* The largest window the 16-bit field can carry. */
static inline uint64_t
receiver_max_window(const struct receiver *r)
{
	return (uint64_t)65535 << r->wscale;
}

uint64_t
receiver_buffered(const struct receiver *r)
{
	return (r->rcv_off - r->read_off) + ranges_bytes(&r->ooo);
}

void
receiver_init(struct sim *sim, struct flow *f)
{
	struct receiver *r = &f->rcv;
	const struct flow_config *cfg = f->cfg;

	memset(r, 0, sizeof(*r));
	r->rcv_nxt = cfg->isn + 1;
	r->last_ack_sent = r->rcv_nxt; /* the SYN-ACK acknowledged the SYN */
	r->wscale = 0;
	/* RFC 7323 2.3: the smallest shift that lets the field cover the
	 * buffer, at most 14. */
	if (cfg->window_scale)
		while (r->wscale < 14 &&
		       (cfg->receive_buffer >> r->wscale) > 65535)
			r->wscale++;
	r->adv_right = min_u64(cfg->receive_buffer, receiver_max_window(r));
	/* Linux offers whole segments at first (tcp_select_initial_window) */
	if (cfg->sws_avoidance == SWS_LINUX && r->adv_right > cfg->mss)
		r->adv_right = r->adv_right / cfg->mss * cfg->mss;
	r->last_ack_wnd = (r->adv_right >> r->wscale) << r->wscale;
	r->last_ack_right = r->last_ack_wnd;
	event_init(&r->delack_timer, receiver_on_delack, f);
	(void)sim;
}

void
receiver_free(struct receiver *r)
{
	ranges_free(&r->ooo);
}

/*
 * sws_avoidance = linux: the right edge Linux's __tcp_select_window()
 * would offer, from the edge the free space allows (`target`).  The
 * window is the free space beyond RCV.NXT, except that
 *   - in the lower half of the buffer, a free space under one MSS (or
 *     under 1/16 of the buffer) offers nothing: the receiver's SWS
 *     avoidance, which is why a slow reader's buffer shows zero windows;
 *   - without window scaling, the window is a whole number of MSS
 *     (rounded down), unless the last one offered is within one MSS of
 *     the free space, which is then kept as it is.
 * tcp_select_window() never moves the edge left; the caller keeps the
 * old edge when this one is not beyond it.  (Linux rounds a scaled
 * window up to 2^wscale; the window field here rounds it down, so that
 * no byte is offered that the buffer cannot take.)
 */
static uint64_t
receiver_linux_target(const struct flow *f, const struct receiver *r,
		      uint64_t target)
{
	uint64_t mss = f->cfg->mss;
	uint64_t full = min_u64(f->cfg->receive_buffer, receiver_max_window(r));
	uint64_t free_space = target - r->rcv_off, window;

	if (free_space < full / 2 &&
	    (free_space < full / 16 || free_space < mss))
		return r->rcv_off;
	if (r->wscale > 0)
		return target;
	window = r->last_ack_wnd;
	if (window + mss <= free_space || window > free_space)
		window = free_space / mss * mss;
	else if (mss == full && free_space > window + full / 2)
		window = free_space;
	return r->rcv_off + window;
}

/*
 * Move the right edge as far as the free space allows, but, with SWS
 * avoidance, only by at least min(buffer/2, MSS) (RFC 9293 3.8.6.2.2).
 * Returns true when it moved.
 */
static inline __attribute__((always_inline)) bool
receiver_refresh_edge(const struct flow *f, struct receiver *r)
{
	const struct flow_config *cfg = f->cfg;
	uint64_t free_right = r->read_off + cfg->receive_buffer;
	uint64_t target =
		min_u64(free_right, r->rcv_off + receiver_max_window(r));
	uint64_t step = min_u64(cfg->receive_buffer / 2, cfg->mss);

	if (cfg->sws_avoidance == SWS_LINUX)
		target = receiver_linux_target(f, r, target);
	if (target <= r->adv_right)
		return false;
	if (cfg->sws_avoidance == SWS_ON && target - r->adv_right < step)
		return false;
	r->adv_right = target;
	return true;
}

/* The window field of an ACK sent now, and the bytes it stands for. */
static uint32_t
receiver_window_field(const struct receiver *r)
{
	return (uint32_t)((r->adv_right - r->rcv_off) >> r->wscale);
}

/* ---- ack_policy = linux: Linux's delayed-ACK engine (tcp_input.c) ---- */

/*
 * The connection's RTT and RTO as the Linux receiver knows them.  A Linux
 * receiver has its own estimate from the handshake; the model has no
 * handshake, so it borrows the sender's (the same path, the same RTT).
 */
static int64_t
receiver_linux_rto(const struct flow *f)
{
	return rto_current(&f->snd.rto);
}

/*
 * tcp_incr_quickack(): ACK the next segments at once, as many as half the
 * window holds full-sized segments (2 if none), at most 16; the sender's
 * slow start then grows without waiting for delayed ACKs.
 */
static void
receiver_linux_incr_quickack(const struct flow *f, struct receiver *r)
{
	uint64_t quick = r->last_ack_wnd / (2ull * f->cfg->mss);

	if (quick == 0)
		quick = 2;
	if (quick > LINUX_MAX_QUICKACKS)
		quick = LINUX_MAX_QUICKACKS;
	if (quick > r->quick_acks)
		r->quick_acks = (unsigned)quick;
}

/* tcp_enter_quickack_mode(): quick-ACKs again, and the shortest ATO. */
static void
receiver_linux_enter_quickack(const struct flow *f, struct receiver *r)
{
	receiver_linux_incr_quickack(f, r);
	r->ato_ns = f->cfg->ack_delay_ns;
}

/*
 * tcp_event_data_recv(): in-order data arrived.  The first starts the
 * quick-ACK mode; later ones move the ACK timeout towards the spacing m of
 * arrivals: halfway to ATO_MIN / 2 when they come at least that fast,
 * halfway to m when m is below the ATO (at most the RTO), and a gap
 * longer than the RTO (the sender went idle) quick-ACKs again.
 */
static void
receiver_linux_data_recv(const struct sim *sim, const struct flow *f,
			 struct receiver *r)
{
	int64_t ato_min = f->cfg->ack_delay_ns;

	r->ack_pending = true;
	if (r->ato_ns == 0) {
		receiver_linux_incr_quickack(f, r);
		r->ato_ns = ato_min;
	} else {
		int64_t m = sim->eng.now - r->last_data_ns;
		int64_t rto = receiver_linux_rto(f);
		/* halves by a shift: the ATO and ack_delay are positive, so
		 * it is the division's result, without its sign fix-up */
		int64_t half_min = (int64_t)((uint64_t)ato_min >> 1);
		int64_t half_ato = (int64_t)((uint64_t)r->ato_ns >> 1);

		if (m <= half_min) {
			r->ato_ns = half_ato + half_min;
		} else if (m < r->ato_ns) {
			r->ato_ns = half_ato + m;
			if (r->ato_ns > rto)
				r->ato_ns = rto;
		} else if (m > rto) {
			receiver_linux_incr_quickack(f, r);
		}
	}
	r->last_data_ns = sim->eng.now;
}

/* tcp_dec_quickack_mode(): an ACK of new data uses one quick-ACK; the
 * last one leaves the mode with the shortest ATO. */
static void
receiver_linux_ack_sent(const struct flow *f, struct receiver *r)
{
	if (r->quick_acks > 0 && r->ack_pending) {
		if (--r->quick_acks == 0)
			r->ato_ns = f->cfg->ack_delay_ns;
	}
	r->ack_pending = false;
	r->pushed = false;
}

static void receiver_send_ack(struct sim *sim, struct flow *f,
			      enum trace_kind kind, const char *why);

/*
 * tcp_send_delayed_ack(): arm the delayed-ACK timer for the ATO.  Above
 * ATO_MIN the ATO is bounded by the RTT (at least ATO_MIN) and by 500 ms,
 * or 200 ms after a short segment; never more than 200 ms (TCP_DELACK_MAX,
 * or ack_delay if that is longer).  A timer already due within a quarter
 * of the ATO fires now; an earlier deadline is kept.
 */
static void
receiver_linux_delay_ack(struct sim *sim, struct flow *f)
{
	struct receiver *r = &f->rcv;
	int64_t ato_min = f->cfg->ack_delay_ns;
	int64_t ato = r->ato_ns;
	int64_t most =
		ato_min > LINUX_DELACK_MAX_NS ? ato_min : LINUX_DELACK_MAX_NS;
	int64_t at;

	if (ato > ato_min) {
		int64_t max_ato =
			r->pushed ? LINUX_DELACK_MAX_NS : LINUX_ATO_MAX_NS;
		int64_t rtt = f->snd.rto.srtt_ns;

		if (rtt > 0) {
			if (rtt < ato_min)
				rtt = ato_min;
			if (rtt < max_ato)
				max_ato = rtt;
		}
		if (ato > max_ato)
			ato = max_ato;
	}
	if (ato > most)
		ato = most;
	at = sim->eng.now + ato;
	if (event_pending(&r->delack_timer)) {
		if (r->delack_timer.time <= sim->eng.now + ato / 4) {
			receiver_send_ack(sim, f, TRACE_ACK,
					  "the delayed-ACK timer was about to "
					  "fire (Linux tcp_send_delayed_ack)");
			return;
		}
		if (at >= r->delack_timer.time)
			return; /* keep the earlier deadline */
	}
	sim_schedule(sim, &r->delack_timer, at);
}

/* ---- SACK (RFC 2018, RFC 2883): what an ACK reports ---- */

/* Room for ", SACK 4294967295-4294967295" per block and a D-SACK word. */
#define RECEIVER_SACK_TEXT (16 + PACKET_SACK_BLOCKS * 24)

/* The sequence number of stream offset `off` (below RCV.NXT too). */
static inline uint32_t
receiver_seq_of(const struct receiver *r, uint64_t off)
{
	return r->rcv_nxt + (uint32_t)(off - r->rcv_off);
}

/*
 * The SACK option of an ACK sent now (RFC 2018 4): a pending D-SACK first
 * (RFC 2883 4), then the out-of-order ranges, the one that holds the
 * segment just received first, then the others most recently reported.
 * Each range is reported in several ACKs in a row, so that losing an ACK
 * loses no information.  An ACK with blocks is longer on the wire by the
 * option: two NOPs, kind and length, 8 bytes per block.
 */
static void
receiver_put_sack(struct receiver *r, struct packet *p)
{
	size_t n = 0;

	if (r->dsack.len > 0) {
		p->sack[n].left = receiver_seq_of(r, r->dsack.off);
		p->sack[n].right =
			receiver_seq_of(r, r->dsack.off + r->dsack.len);
		n++;
		r->dsack.len = 0; /* reported once (RFC 2883 4) */
	}
	/* 40 bytes of options: 4 blocks, 3 beside the timestamps */
	size_t room = (p->flags & PKT_TS) ? PACKET_SACK_BLOCKS_TS
					  : PACKET_SACK_BLOCKS;

	for (size_t i = 0; i < r->n_sack_recent && n < room; i++) {
		const struct receiver_range *g = &r->sack_recent[i];

		p->sack[n].left = receiver_seq_of(r, g->off);
		p->sack[n].right = receiver_seq_of(r, g->off + g->len);
		n++;
	}
	p->n_sack = (uint32_t)n;
	if (n > 0)
		p->wire_len += 4 + 8 * (uint32_t)n;
}

/* ", SACK 1001-2001 3001-4001" for the event log, or "". */
static void
receiver_sack_text(const struct packet *p, char *buf, size_t size)
{
	struct text t = text_start(buf, size);

	for (uint32_t i = 0; i < p->n_sack; i++) {
		text_put(&t, i == 0 ? ", SACK " : " ");
		text_u64(&t, p->sack[i].left);
		text_putn(&t, "-", 1);
		text_u64(&t, p->sack[i].right);
	}
}

/*
 * RFC 2883: a segment that brings bytes the receiver already holds is
 * reported as a D-SACK block in the next ACK: the bytes below RCV.NXT, or
 * a segment wholly inside an out-of-order range.
 */
static void
receiver_note_duplicate(struct receiver *r, const struct packet *p,
			uint64_t seg_off)
{
	uint64_t seg_end = seg_off + p->len;

	if ((p->flags & PKT_PROBE) || p->len == 0)
		return;
	if (seg_off < r->rcv_off) {
		r->dsack.off = seg_off;
		r->dsack.len = min_u64(seg_end, r->rcv_off) - seg_off;
		return;
	}
	if (ranges_covers(&r->ooo, seg_off, seg_end)) {
		r->dsack.off = seg_off;
		r->dsack.len = p->len;
	}
}

/* The out-of-order range [off, off + len) changed last: report it first,
 * in place of the ranges it swallowed. */
static void
receiver_sack_note(struct receiver *r, uint64_t off, uint64_t len)
{
	struct receiver_range old[PACKET_SACK_BLOCKS];
	size_t n = r->n_sack_recent, k = 0;

	memcpy(old, r->sack_recent, n * sizeof *old);
	for (size_t i = 0; i < n; i++) {
		if (old[i].off >= off && old[i].off + old[i].len <= off + len)
			continue; /* merged into the new range */
		if (k + 1 < PACKET_SACK_BLOCKS)
			r->sack_recent[1 + k++] = old[i];
	}
	r->sack_recent[0].off = off;
	r->sack_recent[0].len = len;
	r->n_sack_recent = 1 + k;
}

/* RCV.NXT moved to rcv_off: the ranges it reached are no longer SACKed. */
static void
receiver_sack_forget(struct receiver *r)
{
	size_t k = 0;

	for (size_t i = 0; i < r->n_sack_recent; i++)
		if (r->sack_recent[i].off > r->rcv_off)
			r->sack_recent[k++] = r->sack_recent[i];
	r->n_sack_recent = k;
}

static void
receiver_send_ack(struct sim *sim, struct flow *f, enum trace_kind kind,
		  const char *why)
{
	struct receiver *r = &f->rcv;
	struct packet *p;
	uint32_t field;
	uint64_t wnd;

	receiver_refresh_edge(f, r);
	field = receiver_window_field(r);
	wnd = (uint64_t)field << r->wscale;
	/* Property 6: our right edge never moves left; the wire value is
	 * within one scale unit of it. */
	SIM_CHECK(sim, f->index,
		  r->rcv_off + wnd + ((uint64_t)1 << r->wscale) >
			  r->last_ack_right,
		  "the receiver shrank its window: right edge %llu after %llu",
		  (unsigned long long)(r->rcv_off + wnd),
		  (unsigned long long)r->last_ack_right);
	r->last_ack_wnd = wnd;
	r->last_ack_right = r->rcv_off + wnd;
	r->unacked_bytes = 0;
	r->acks_sent++;
	sim_cancel(sim, &r->delack_timer);
	if (f->cfg->ack_policy == ACK_POLICY_LINUX)
		receiver_linux_ack_sent(f, r);
	if (field == 0) {
		r->zero_window_adverts++;
		kind = TRACE_ZERO_WINDOW;
	}

	p = packet_alloc(&sim->pool);
	p->flow = f->index;
	p->seq = RECEIVER_SEQ;
	p->ack = r->rcv_nxt;
	p->win = field;
	p->flags = PKT_ACK;
	if (r->ece_pending)
		p->flags |= PKT_ECE; /* RFC 3168 6.1.3: until CWR arrives */
	p->wire_len = sim->config.link.header_bytes;
	if (f->cfg->timestamps) {
		/* RFC 7323 4.3 (3): echo TS.Recent */
		p->flags |= PKT_TS;
		p->tsval = flow_ts_clock(sim->eng.now);
		p->tsecr = r->ts_recent;
		p->wire_len += SCENARIO_TS_OPTION_BYTES;
	}
	r->last_ack_sent = r->rcv_nxt;
	if (f->cfg->sack)
		receiver_put_sack(r, p);
	if (sim->eng.tracing) {
		char blocks[RECEIVER_SACK_TEXT];

		/* (the blocks as text, only for a sentence read) */
		blocks[0] = '\0';
		if (p->n_sack > 0 && kind != TRACE_ZERO_WINDOW &&
		    sim_trace_wanted(sim, f->index, WHERE_RECEIVER, kind,
				     RECEIVER_SEQ, r->rcv_nxt, 0, wnd))
			receiver_sack_text(p, blocks, sizeof blocks);
		if (kind == TRACE_ZERO_WINDOW)
			sim_trace(
				sim, f->index, WHERE_RECEIVER, kind,
				RECEIVER_SEQ, r->rcv_nxt, 0, 0,
				"receiver advertises a zero window: its "
				"%llu-byte buffer is full (%llu bytes unread), "
				"the sender must stop",
				(unsigned long long)f->cfg->receive_buffer,
				(unsigned long long)(r->rcv_off - r->read_off));
		else
			sim_trace(sim, f->index, WHERE_RECEIVER, kind,
				  RECEIVER_SEQ, r->rcv_nxt, 0, wnd,
				  SENTENCE_ACK, r->rcv_nxt,
				  (unsigned long long)wnd, blocks,
				  why ? ": " : "", why ? why : "");
	}
	flow_transmit_ack(sim, f, p);
}

static void
receiver_on_delack(struct sim *sim, struct event *ev)
{
	struct flow *f = ev->owner;
	struct receiver *r = &f->rcv;

	if (f->cfg->ack_policy == ACK_POLICY_LINUX) {
		/* tcp_delack_timer_handler(): a delayed ACK that had to wait
		 * for the timer doubles the ATO, up to the RTO. */
		int64_t rto = receiver_linux_rto(f);

		r->ato_ns = 2 * r->ato_ns < rto ? 2 * r->ato_ns : rto;
		receiver_send_ack(sim, f, TRACE_ACK,
				  "delayed-ACK timer (Linux: the ATO doubles)");
		return;
	}
	receiver_send_ack(sim, f, TRACE_ACK,
			  "delayed-ACK timer (RFC 9293 3.8.6.3)");
}

/* Keep [off, off+len) as out-of-order data, merged with what is held. */
static void
receiver_ooo_insert(struct receiver *r, uint64_t off, uint64_t len)
{
	uint64_t merged_off, merged_len;

	ranges_add(&r->ooo, off, len, &merged_off, &merged_len);
	receiver_sack_note(r, merged_off, merged_len);
}

/* RCV.NXT moved: take the out-of-order ranges it reached.  Returns true
 * if any was taken (a gap was filled). */
static bool
receiver_ooo_collect(struct receiver *r)
{
	if (ranges_take_front(&r->ooo, &r->rcv_off) == 0)
		return false;
	receiver_sack_forget(r);
	return true;
}

/*
 * Linux's rule (tcp_cleanup_rbuf), which keeps updates rare: tell the
 * sender when the window we can offer is at least twice the one it
 * knows and that one is at most half the largest, or when it knows a
 * zero window and we can offer one.
 */
static inline __attribute__((always_inline)) bool
receiver_update_due(const struct flow *f, struct receiver *r)
{
	uint64_t known, offer, limit;

	receiver_refresh_edge(f, r);
	offer = (uint64_t)receiver_window_field(r) << r->wscale;
	known = r->last_ack_right > r->rcv_off ? r->last_ack_right - r->rcv_off
					       : 0;
	limit = min_u64(f->cfg->receive_buffer, receiver_max_window(r));
	if (offer <= known)
		return false;
	return known == 0 || (offer >= 2 * known && 2 * known <= limit);
}

#ifdef TCPSIM_DEBUG
/* --enable-debug: the out-of-order store recounted in full: sorted,
 * disjoint, beyond RCV.NXT, within the window, and its byte count right. */
static void
receiver_verify(struct sim *sim, struct flow *f)
{
	struct receiver *r = &f->rcv; /* walking splays the tree */
	uint64_t sum = 0, last_end = r->rcv_off, off, len;
	size_t n = 0;

	for (bool more = ranges_first(&r->ooo, &off, &len); more;
	     more = ranges_next(&r->ooo, off, &off, &len)) {
		SIM_CHECK(sim, f->index, off > last_end || n == 0,
			  "out-of-order ranges overlap or touch at %llu",
			  (unsigned long long)off);
		SIM_CHECK(
			sim, f->index, off > r->rcv_off,
			"out-of-order range at %llu is not beyond RCV.NXT %llu",
			(unsigned long long)off,
			(unsigned long long)r->rcv_off);
		last_end = off + len;
		SIM_CHECK(sim, f->index, last_end <= r->adv_right,
			  "out-of-order data beyond the window edge %llu",
			  (unsigned long long)r->adv_right);
		sum += len;
		n++;
	}
	SIM_CHECK(sim, f->index, sum == ranges_bytes(&r->ooo),
		  "out-of-order bytes %llu, counted %llu",
		  (unsigned long long)ranges_bytes(&r->ooo),
		  (unsigned long long)sum);
	/* Each range the next ACK would SACK is one held (RFC 2018 4). */
	for (size_t k = 0; k < r->n_sack_recent; k++) {
		uint64_t want = r->sack_recent[k].off;
		bool held = want > 0 &&
			    ranges_next(&r->ooo, want - 1, &off, &len) &&
			    off == want && len == r->sack_recent[k].len;

		SIM_CHECK(sim, f->index, held,
			  "SACK range at %llu is not an out-of-order range",
			  (unsigned long long)r->sack_recent[k].off);
	}
}
#else
#define receiver_verify(sim, f) ((void)0)
#endif

static const char *receiver_linux_read_acks(const struct flow *f,
					    const struct receiver *r);

/*
 * ack_policy = linux: in-order data up to `end` (stream offset) arrived.
 * Take it, let the consumer read, and decide as __tcp_ack_snd_check() and,
 * for what the consumer read at once, tcp_cleanup_rbuf() do.  Returns true
 * to ACK now (with *why); false leaves the ACK to the ATO timer.
 */
static bool
receiver_linux_in_order(struct sim *sim, struct flow *f, const struct packet *p,
			uint64_t end, const char **why)
{
	struct receiver *r = &f->rcv;
	const struct flow_config *cfg = f->cfg;
	uint64_t before = r->rcv_off, read_before = r->read_off;
	bool gap_filled, read;

	r->rcv_off = end;
	gap_filled = receiver_ooo_collect(r);
	r->rcv_nxt += (uint32_t)(r->rcv_off - before);
	r->unacked_bytes += r->rcv_off - before;
	receiver_linux_data_recv(sim, f, r);
	/* tcp_measure_rcv_mss(): a short segment, or a full-sized one with
	 * PSH (since Linux 6.6: the end of a write that the sender may be
	 * waiting on, cwnd- or window-bound) */
	if (p->len < cfg->mss || (p->flags & PKT_PUSH))
		r->pushed = true;
	consumer_on_data(sim, f, true);
	read = r->read_off > read_before;

	if (!cfg->delayed_ack)
		return true;
	if (ranges_count(&r->ooo) >
	    0) { /* RFC 5681 4.2: every segment while a gap is */
		*why = gap_filled ? "part of a gap was filled, out-of-order "
				    "data is still held (RFC 5681 4.2)"
				  : "out-of-order data is held (RFC 5681 4.2)";
		return true;
	}
	if (gap_filled) {
		*why = "a gap was filled (RFC 5681 4.2)";
		return true;
	}
	if (r->quick_acks > 0) {
		*why = "quick-ACK mode (Linux tcp_incr_quickack)";
		return true;
	}
	if (read && (*why = receiver_linux_read_acks(f, r)) != NULL)
		return true;
	if (r->unacked_bytes > cfg->mss) {
		/* More than one full-sized segment, and the right edge would
		 * move: the window offered now is at least the last one. */
		receiver_refresh_edge(f, r);
		if (((uint64_t)receiver_window_field(r) << r->wscale) >=
		    r->last_ack_wnd)
			return true;
	}
	if (receiver_update_due(f, r)) {
		*why = "the consumer freed space";
		return true;
	}
	return false;
}

void
receiver_on_data(struct sim *sim, struct flow *f, struct packet *p)
{
	struct receiver *r = &f->rcv;
	const struct flow_config *cfg = f->cfg;
	int64_t rel = (int32_t)(p->seq - r->rcv_nxt);
	uint64_t seg_off, start, end;
	bool ack_now = false;
	const char *why = NULL;

	SIM_CHECK(sim, f->index, rel >= 0 || (uint64_t)-rel <= r->rcv_off,
		  "segment seq %u lies before the start of the stream", p->seq);
	/* RFC 3168 6.1.3: CWR ends the echo, unless this very segment
	 * carries a new CE. */
	if (p->flags & (PKT_CWR | PKT_CE)) { /* ECN: one test when off */
		if (p->flags & PKT_CWR)
			r->ece_pending = false;
		if (p->flags & PKT_CE) {
			r->ece_pending = true;
			r->ce_received++;
		}
	}
	seg_off = r->rcv_off + (uint64_t)rel;
	/* The byte stream check (stream.h): the place the sequence number
	 * gives must be where these bytes came from. */
	SIM_CHECK(sim, f->index, seg_off == p->stream_off,
		  "byte stream mismatch: seq %u maps to stream offset %llu but "
		  "carries the bytes of offset %llu",
		  p->seq, (unsigned long long)seg_off,
		  (unsigned long long)p->stream_off);
	/* RFC 7323 4.3 (2): a TSval no older than TS.Recent, on a segment
	 * that starts at or before Last.ACK.sent, is the one to echo: so a
	 * delayed ACK echoes the earliest segment it covers, and an ACK of
	 * out-of-order data the last in-order one. */
	if ((p->flags & PKT_TS) && (int32_t)(p->tsval - r->ts_recent) >= 0 &&
	    !seq_after(p->seq, r->last_ack_sent))
		r->ts_recent = p->tsval;
	if (cfg->sack)
		receiver_note_duplicate(r, p, seg_off);
	start = seg_off > r->rcv_off ? seg_off : r->rcv_off;
	end = seg_off + p->len;
	if (end > r->adv_right)
		end = r->adv_right; /* beyond the window: trimmed (3.10.7.4) */
	if (sim->eng.tracing)
		sim_trace(sim, f->index, WHERE_RECEIVER, TRACE_DELIVER, p->seq,
			  0, p->len, 0, SENTENCE_DELIVER,
			  (p->flags & PKT_PROBE) ? "zero-window probe: " : "",
			  p->len, sim_plural(p->len), p->seq,
			  p->len == 1 ? "s" : "",
			  start >= end
				  ? (seg_off + p->len <= r->rcv_off
					     ? "duplicate"
					     : "no room in the window, dropped")
			  : start > r->rcv_off ? "out of order, held"
					       : "in order");

	if (start >= end) {
		ack_now = true; /* duplicate or outside the window: say where we
				   are */
		why = "nothing new";
		if (cfg->ack_policy == ACK_POLICY_LINUX && p->len > 0) {
			/* tcp_data_queue(): data sent again means our ACKs
			 * were lost or late: quick-ACKs again */
			r->ack_pending = true;
			receiver_linux_enter_quickack(f, r);
		}
	} else if (start > r->rcv_off) {
		receiver_ooo_insert(r, start, end - start);
		ack_now = true; /* RFC 5681 4.2: out of order, ACK at once */
		why = "out of order: duplicate ACK";
		if (cfg->ack_policy == ACK_POLICY_LINUX)
			r->ack_pending = true;
	} else if (cfg->ack_policy == ACK_POLICY_LINUX) {
		ack_now = receiver_linux_in_order(sim, f, p, end, &why);
	} else {
		uint64_t before = r->rcv_off;

		r->rcv_off = end;
		if (receiver_ooo_collect(r)) {
			ack_now = true; /* RFC 5681 4.2: a gap was filled */
			why = "a gap was filled";
		}
		r->rcv_nxt += (uint32_t)(r->rcv_off - before);
		r->unacked_bytes += r->rcv_off - before;
		if (!cfg->delayed_ack)
			ack_now = true;
		else if (r->unacked_bytes >= 2ull * cfg->mss)
			ack_now = true; /* every second full-sized segment */
		consumer_on_data(sim, f, true);
		if (!ack_now && receiver_update_due(f, r)) {
			ack_now = true;
			why = "the consumer freed space";
		}
	}
	packet_release(&sim->pool, p);
	receiver_verify(sim, f);
	if (ack_now)
		receiver_send_ack(sim, f, TRACE_ACK, why);
	else if (cfg->ack_policy == ACK_POLICY_LINUX)
		receiver_linux_delay_ack(sim, f);
	else if (!event_pending(&r->delack_timer))
		sim_schedule(sim, &r->delack_timer,
			     sim->eng.now + cfg->ack_delay_ns);
}

/*
 * tcp_cleanup_rbuf(), the part before the window update: a read ends a
 * wait for the delayed-ACK timer when more than one full-sized segment is
 * unacknowledged, or when it emptied the buffer after a short segment
 * (the end of a write, which the sender may be waiting on).
 */
static const char *
receiver_linux_read_acks(const struct flow *f, const struct receiver *r)
{
	if (r->unacked_bytes > f->cfg->mss)
		return "the consumer read with more than one full-sized "
		       "segment unacknowledged (Linux tcp_cleanup_rbuf)";
	if (r->pushed && receiver_buffered(r) == 0)
		return "the consumer emptied the buffer after a short or "
		       "pushed segment (Linux tcp_cleanup_rbuf)";
	return NULL;
}

void
receiver_after_read(struct sim *sim, struct flow *f)
{
	struct receiver *r = &f->rcv;
	const char *why;

	if (f->cfg->ack_policy == ACK_POLICY_LINUX &&
	    event_pending(&r->delack_timer) &&
	    (why = receiver_linux_read_acks(f, r)) != NULL)
		receiver_send_ack(sim, f, TRACE_ACK, why);
	else if (receiver_update_due(f, r))
		receiver_send_ack(sim, f, TRACE_WINDOW_UPDATE,
				  "window update: the consumer freed space");
}
