/* SPDX-License-Identifier: ISC */
/*
 * sender.c: the sending TCP (see sender.h).
 *
 * RFC 9293 for the sliding window, Nagle (3.7.4), sender SWS avoidance
 * (3.8.6.2.1), the persist timer and zero-window probes (3.8.6.1) and the
 * window update rule (3.10.7.4); RFC 6298 for the retransmission timer;
 * RFC 5681 and RFC 6582 for fast retransmit and NewReno recovery; the
 * window arithmetic itself is the congestion control's (cc.h).
 *
 * With sack = on, loss recovery is RFC 6675's for every algorithm: the
 * scoreboard (sack.h) says what is lost and what to send next, pipe
 * rather than SND.NXT - SND.UNA is what cwnd limits, recovery ends at
 * RecoveryPoint, and PRR (RFC 6937) sets cwnd during recovery from the
 * ssthresh the algorithm chose (cc_ops.on_loss; the cwnd it sets is
 * overwritten).  limited_transmit = on adds RFC 3042; careful_timeout = on
 * (and sack = on, RFC 6675 5.1) keeps duplicate ACKs of data sent before
 * a timeout from starting a fast retransmit.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "tcp/sender.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/packet.h"
#include "model/sim_internal.h"
#include "trace/sentences.h"
#include "trace/text.h"
#include "tcp/flow.h"
#include "tcp/gso.h"
#include "tcp/seq.h"
#include "util/xmalloc.h"

/* Bytes a duplicate ACK count must reach to trigger fast retransmit. */
#define DUPACK_THRESHOLD 3
/* The override timeout of sender SWS avoidance (RFC 9293 3.8.6.2.1:
 * "a suitable timeout is in the range 0.1 - 1.0 seconds"). */
#define SWS_OVERRIDE_NS (200 * NS_PER_MS)
/* The longest interval between zero-window probes (RFC 1122 4.2.2.17
 * allows any; 60 s matches the largest RTO). */
#define PERSIST_MAX_NS (60 * NS_PER_S)
/* window_probe = linux: the probe interval is at least TCP_RTO_MIN
 * (tcp_probe0_base()), at most TCP_RTO_MAX, and the backoff exponent at
 * most ilog2(TCP_RTO_MAX / TCP_RTO_MIN) + 1 (tcp_probe0_when()). */
#define PERSIST_LINUX_MIN_NS	  (200 * NS_PER_MS)
#define PERSIST_LINUX_MAX_NS	  (120 * NS_PER_S)
#define PERSIST_LINUX_MAX_BACKOFF 10u

static void sender_on_rto(struct sim *sim, struct event *ev);
static void sender_on_persist(struct sim *sim, struct event *ev);
static void sender_sack_output(struct sim *sim, struct flow *f);
static void sender_sack_on_timeout(struct sim *sim, struct flow *f);
static void sender_sack_on_ack(struct sim *sim, struct flow *f,
			       const struct packet *p);
static void sender_limited_transmit(struct sim *sim, struct flow *f);

/* Stream offset of sequence number `seq` (which must be in the buffer). */
static inline uint64_t
sender_off(const struct sender *s, uint32_t seq)
{
	return s->una_off + seq_diff(seq, s->snd_una);
}

static inline uint32_t
sender_seq(const struct sender *s, uint64_t off)
{
	return s->snd_una + (uint32_t)(off - s->una_off);
}

uint64_t
sender_inflight(const struct sender *s)
{
	return seq_diff(s->snd_nxt, s->snd_una);
}

uint64_t
sender_unsent(const struct sender *s)
{
	return s->written - sender_off(s, s->snd_nxt);
}

uint64_t
sender_buffered(const struct sender *s)
{
	return s->written - s->una_off;
}

static inline uint64_t
min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

void
sender_init(struct sim *sim, struct flow *f)
{
	struct sender *s = &f->snd;
	const struct flow_config *cfg = f->cfg;

	(void)sim;
	/* The handshake is not modelled: the SYN took ISS, data starts at
	 * ISS + 1, and the SYN-ACK carried the receiver's first window. */
	s->iss = cfg->isn;
	s->snd_una = s->snd_nxt = s->snd_max = cfg->isn + 1;
	s->una_off = 0;
	s->written = 0;
	s->snd_wscale = f->rcv.wscale;
	s->snd_wnd = f->rcv.last_ack_wnd;
	s->max_snd_wnd = s->snd_wnd;
	s->snd_wl1 = 0; /* the receiver's ISS: its ACKs carry seq 1 */
	s->snd_wl2 = s->snd_una;
	s->cc.mss = cfg->mss;
	s->cc.byte_counting = cfg->byte_counting;
	s->cc.hystart = cfg->hystart;
	s->cc.cubic_variant = cfg->cubic_variant;
	s->last_send_ns = -1;
	s->cc_ops = cc_ops_for(cfg->cc);
	if (s->cc_ops == NULL) /* refused by scenario_validate() */
		abort();
	s->cc_ops->init(&s->cc, cfg->initial_window);
	s->max_cwnd = s->cc.cwnd == CC_UNLIMITED ? 0 : s->cc.cwnd;
	s->dupacks = 0;
	s->in_recovery = false;
	s->recover = s->iss; /* RFC 6582 3.2: initialized to the ISS */
	s->ecn_recover = s->iss;
	s->ecn_cwr_pending = false;
	s->ecn_reductions = 0;
	s->partial_seen = false;
	s->last_ack_advance = 0;
	s->probe_out = false;
	rto_init(&s->rto, cfg->min_rto_ns);
	rto_set_linux_clamp(&s->rto, cfg->rto_clamp == RTO_CLAMP_LINUX);
	event_init(&s->rto_timer, sender_on_rto, f);
	s->rto_deadline = TIME_NEVER;
	s->rto_timer_at = TIME_NEVER;
	event_init(&s->persist_timer, sender_on_persist, f);
	s->persist_queued = false;
	s->persist_backoff = 0;
	s->snd_sml = s->snd_una; /* no small segment yet */
	s->segs = NULL;
	s->seg_head = s->seg_count = s->seg_cap = 0;
	s->tail_buf_off = 0;
	s->size_goal = s->size_goal_wnd = 0;
	s->size_goal_mss = 0;
	s->next_segment_number = 0;
	s->segments_sent = s->retransmits = s->timeouts = 0;
	s->retransmitted_bytes = 0;
	s->fast_retransmits = s->window_probes = 0;
	s->in_loss = false;
	sack_init(&s->sb, cfg->mss, 0);
	prr_init(&s->prr, 0);
	s->pipe = 0;
	s->limited_sent = 0;
	s->limited_transmits = 0;
}

void
sender_free(struct sender *s)
{
	free(s->segs);
	s->segs = NULL;
	free(s->push_at);
	s->push_at = NULL;
	sack_free(&s->sb);
}

/* ---- the ring of segments in flight (for RTT samples and Karn) ---- */

/*
 * The ring's capacity is a power of two: an index wraps with a mask, not
 * a division, on every segment sent and acknowledged.  It starts at
 * SEG_CAP_MIN, doubles as it fills and halves when an ACK leaves it at
 * most an eighth full: it follows what the flow has in flight, not the
 * most it ever had (at 10 000 flows, rings kept at their slow-start peak
 * were a quarter of the run's memory, though the flows had about four
 * segments each in flight).  Halving at an eighth, doubling when full:
 * each resize copies at most a quarter of the entries it follows.
 */
#define SEG_CAP_MIN 16u

static inline struct sender_segment *
seg_at(struct sender *s, size_t i)
{
	return &s->segs[(s->seg_head + i) & (s->seg_cap - 1)];
}

/* The ring at capacity `cap`, its records kept (out of line: rare). */
static __attribute__((noinline)) void
seg_resize(struct sender *s, uint32_t cap)
{
	struct sender_segment *n = xreallocarray(NULL, cap, sizeof(*n));

	assert(cap >= s->seg_count && (cap & (cap - 1)) == 0);

	for (size_t i = 0; i < s->seg_count; i++)
		n[i] = *seg_at(s, i);
	xfree(s->segs); /* (the run may live in an arena) */
	s->segs = n;
	s->seg_cap = cap;
	s->seg_head = 0;
}

static inline __attribute__((always_inline)) void
seg_push(struct sender *s, uint64_t off, uint32_t len, int64_t now)
{
	struct sender_segment *seg;

	if (s->seg_count == s->seg_cap)
		seg_resize(s, s->seg_cap ? 2 * s->seg_cap : SEG_CAP_MIN);
	seg = seg_at(s, s->seg_count++);
	seg->off = off;
	seg->len = len;
	seg->retransmitted = false;
	seg->sent_at = now;
}

/* Does record i (of the ring's order) end at or before `off`? */
static inline bool
seg_ends_by(struct sender *s, size_t i, uint64_t off)
{
	const struct sender_segment *seg = seg_at(s, i);

	return seg->off + seg->len <= off;
}

/*
 * Mark every recorded segment overlapping [off, off+len) as resent.  The
 * records are in stream order, so a search finds the first one: after a
 * timeout with a large window in flight, go-back-N resends every
 * segment, and a linear scan per resend would make that quadratic.  The
 * search starts where the last one ended and gallops forward (1, 2, 4...
 * records), then halves: SACK recovery resends the holes in order, a few
 * records apart, and a binary search over a ring of 700 000 records
 * fetched a line from memory at each of its steps (18% of a run with a
 * 1 GiB window at 10% loss).
 */
static void
seg_mark_retransmitted(struct sender *s, uint64_t off, uint64_t len)
{
	size_t lo = 0, hi = s->seg_count;

	if (s->seg_hint_cap == s->seg_cap && s->seg_cap > 0) {
		size_t i = (s->seg_hint - s->seg_head) & (s->seg_cap - 1);

		if (i < s->seg_count && seg_ends_by(s, i, off)) {
			size_t step = 1;

			lo = i + 1; /* the first record ending after off is
				       at lo or beyond */
			while (lo + step - 1 < hi &&
			       seg_ends_by(s, lo + step - 1, off)) {
				lo += step;
				step *= 2;
			}
			if (lo + step - 1 < hi)
				hi = lo + step - 1;
		}
	}
	while (lo < hi) { /* first record that ends after `off` */
		size_t mid = lo + (hi - lo) / 2;

		if (seg_ends_by(s, mid, off))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < s->seg_count) {
		s->seg_hint = (uint32_t)((s->seg_head + lo) & (s->seg_cap - 1));
		s->seg_hint_cap = s->seg_cap;
	}
	for (size_t i = lo; i < s->seg_count; i++) {
		struct sender_segment *seg = seg_at(s, i);

		if (seg->off >= off + len)
			break;
		seg->retransmitted = true;
	}
}

/*
 * Drop the records the cumulative ACK (now at una_off) covers.  Returns
 * the RTT sample to take, or -1: Karn's rule gives none when any covered
 * segment was retransmitted; otherwise the newest fully covered segment
 * times the round trip.
 */
static int64_t
seg_ack(struct sender *s, int64_t now)
{
	int64_t sample = -1;
	bool ambiguous = false;
	/* the ring's state in locals, stored once at the end */
	struct sender_segment *segs = s->segs;
	size_t head = s->seg_head, count = s->seg_count;
	size_t mask = s->seg_cap - 1;
	uint64_t una = s->una_off;

	while (count > 0) {
		struct sender_segment *seg = &segs[head];

		if (seg->off >= una)
			break;
		if (seg->retransmitted)
			ambiguous = true;
		if (seg->off + seg->len > una) {
			/* Partly acknowledged: keep the rest. */
			uint64_t done = una - seg->off;

			seg->off += done;
			seg->len -= (uint32_t)done;
			break;
		}
		sample = now - seg->sent_at;
		head = (head + 1) & mask;
		count--;
	}
	s->seg_head = head;
	s->seg_count = count;
	return ambiguous ? -1 : sample;
}

/* After seg_ack(): halve a ring left an eighth full (kept apart from
 * seg_ack(), which stays a leaf function, its registers unsaved). */
static inline void
seg_fit(struct sender *s)
{
	if (s->seg_count <= s->seg_cap / 8 && s->seg_cap > SEG_CAP_MIN)
		seg_resize(s, s->seg_cap / 2);
}

/* Keep the largest cwnd seen, fast recovery's inflation included. */
static void
sender_note_cwnd(struct sender *s)
{
	if (s->cc.cwnd != CC_UNLIMITED && s->cc.cwnd > s->max_cwnd)
		s->max_cwnd = s->cc.cwnd;
}

/* The time and RTT an algorithm reads (CUBIC's clock). */
static void
sender_cc_clock(const struct sim *sim, struct sender *s)
{
	s->cc.now_ns = sim->eng.now;
	s->cc.srtt_ns = s->rto.srtt_ns;
	s->cc.rtt_sample_ns = -1; /* sender_on_new_ack() sets its sample */
	s->cc.una_off = s->una_off;
	s->cc.nxt_off = sender_off(s, s->snd_max);
}

/*
 * restart_after_idle: new data leaves with nothing outstanding.  The
 * congestion control learns how long the sender was idle; after more than
 * an RTO cwnd falls back to the restart window (RFC 5681 4.1).  Returns
 * the reason to show with the segment, or `why` unchanged.
 */
static const char *
sender_after_idle(struct sim *sim, struct flow *f, const char *why)
{
	struct sender *s = &f->snd;

	if (!f->cfg->restart_after_idle || s->last_send_ns < 0)
		return why;
	sender_cc_clock(sim, s);
	if (!cc_after_idle(s->cc_ops, &s->cc, sim->eng.now - s->last_send_ns,
			   rto_current(&s->rto), f->cfg->initial_window))
		return why;
	return why ? why
		   : "idle for more than an RTO: cwnd back to the restart "
		     "window (RFC 5681 4.1)";
}

/* ---- transmission ---- */

/*
 * The timers are queued and moved through these, which keep
 * rto_timer_at and persist_queued in the sender's first lines: every ACK
 * asks about both timers, and their events lie further on.
 */
static void
sender_schedule_rto(struct sim *sim, struct sender *s, int64_t at)
{
	sim_schedule(sim, &s->rto_timer, at);
	s->rto_timer_at = at;
}

static void
sender_schedule_persist(struct sim *sim, struct sender *s, int64_t at)
{
	sim_schedule(sim, &s->persist_timer, at);
	s->persist_queued = true;
}

static void
sender_cancel_persist(struct sim *sim, struct sender *s)
{
	sim_cancel(sim, &s->persist_timer);
	s->persist_queued = false;
}

static void
sender_arm_rto(struct sim *sim, struct sender *s)
{
	/*
	 * Every ACK of new data restarts the timer (RFC 6298 5.3).  Moving
	 * the event in the queue each time would cost a heap removal per
	 * ACK; instead the deadline moves and a queued event that comes too
	 * early re-arms itself for the deadline (sender_on_rto).
	 */
	s->rto_deadline = sim->eng.now + rto_current(&s->rto);
	if (s->rto_timer_at == TIME_NEVER || s->rto_timer_at > s->rto_deadline)
		sender_schedule_rto(sim, s, s->rto_deadline);
}

/* What the congestion control said about this ACK, as an event. */
static void
sender_cc_note(struct sim *sim, struct flow *f)
{
	struct sender *s = &f->snd;

	if (s->cc.note[0] == '\0')
		return;
	if (sim->eng.tracing)
		sim_trace(sim, f->index, WHERE_SENDER, TRACE_HYSTART, 0,
			  s->snd_una, 0, s->snd_wnd, "%s", s->cc.note);
	s->cc.note[0] = '\0';
}

/*
 * gso = linux: Linux's sendmsg appends a write to the last buffer of the
 * write queue while that buffer is unsent and below the size goal, and
 * its first bytes there take away the PSH the previous write left on it
 * (tcp_sendmsg_locked()); the push moves on to the new end.  So a bulk
 * writer that refills the buffer as ACKs free it leaves a push only
 * where a buffer filled up, or where its last write went out before the
 * next came.  Returns true when the previous write's push is taken.
 */
static bool
sender_append_to_tail(struct sender *s, const struct flow_config *cfg,
		      uint64_t start, uint64_t end)
{
	uint64_t sent = sender_off(s, s->snd_max);
	uint64_t goal, tail, span;
	bool append;

	/* the goal changes only with the largest window or the MSS: kept,
	 * not divided out again at every write */
	if (s->size_goal == 0 || s->size_goal_wnd != s->max_snd_wnd ||
	    s->size_goal_mss != cfg->mss) {
		s->size_goal = gso_linux_size_goal(s->max_snd_wnd, cfg->mss);
		s->size_goal_wnd = s->max_snd_wnd;
		s->size_goal_mss = cfg->mss;
	}
	goal = s->size_goal;
	tail = s->tail_buf_off > sent ? s->tail_buf_off : sent;
	append = start > sent && start - tail < goal;
	if (!append)
		tail = start; /* a new buffer begins with this write */
	/* the write fills the tail to the goal, then buffers of the goal
	 * (mostly it stays within the tail: no division) */
	span = end - tail - 1;
	s->tail_buf_off = tail + (span < goal ? 0 : span / goal * goal);
	return append;
}

/*
 * PSH (RFC 9293 3.9.1 SEND: the push flag), set as Linux's sender sets
 * it: on the segment that holds the last byte of each write of the
 * producer (tcp_push() at the end of tcp_sendmsg(), also before a
 * writer blocked on a full send buffer sleeps: a bulk writer that
 * refilled the buffer as ACKs free it would push every segment or two,
 * but with gso = linux each write takes the previous one's push while
 * both sit in the same unsent buffer, sender_append_to_tail()), when
 * more than half of the largest window the receiver has offered went out
 * since the last push (forced_push()), and, with gso = linux, on the last
 * segment of each packet of two or more (__tcp_transmit_skb(), gso.h):
 * in a window-limited transfer every pair an ACK clocks out ends pushed.
 * A receiver may ACK a pushed segment at once when its reader empties the
 * buffer (receiver.c, ack_policy = linux); captures show the flag.  First
 * transmissions only.
 */
void
sender_note_write(struct sender *s, const struct flow_config *cfg,
		  uint64_t start, uint64_t end)
{
	if (end <= start)
		return;
	if (cfg->gso == GSO_LINUX &&
	    sender_append_to_tail(s, cfg, start, end) && s->push_n > 0 &&
	    s->push_at[s->push_head + s->push_n - 1] == start)
		s->push_n--;
	if (s->push_n == 0)
		s->push_head = 0;
	if (s->push_n > 0 && s->push_at[s->push_head + s->push_n - 1] >= end)
		return;
	if (s->push_head + s->push_n == s->push_cap && s->push_head > 0) {
		memmove(s->push_at, s->push_at + s->push_head,
			s->push_n * sizeof *s->push_at);
		s->push_head = 0;
	}
	if (s->push_head + s->push_n == s->push_cap) {
		size_t cap = s->push_cap;

		s->push_at = xgrow(s->push_at, &cap,
				   (size_t)s->push_head + s->push_n + 1,
				   sizeof *s->push_at);
		s->push_cap = (uint32_t)cap;
	}
	s->push_at[s->push_head + s->push_n++] = end;
}

static inline __attribute__((always_inline)) bool
sender_pushes(struct sender *s, uint64_t end)
{
	bool push = end - s->pushed_off > s->max_snd_wnd / 2;

	/* the ends of writes this segment sends: tcp_push() marked them */
	while (s->push_n > 0 && s->push_at[s->push_head] <= end) {
		push = true;
		s->push_head++;
		s->push_n--;
	}
	if (s->push_n == 0)
		s->push_head = 0;
	if (push)
		s->pushed_off = end;
	return push;
}

/* timestamps = on: the option on a segment sent now (RFC 7323 3.2), 12
 * bytes more on the wire. */
static void
sender_put_timestamps(const struct sim *sim, const struct flow *f,
		      struct packet *p)
{
	if (!f->cfg->timestamps)
		return;
	p->flags |= PKT_TS;
	p->tsval = flow_ts_clock(sim->eng.now);
	p->tsecr = f->snd.ts_recent;
	p->wire_len += SCENARIO_TS_OPTION_BYTES;
}

/*
 * RFC 7323 4.1, as Linux's tcp_ack_update_rtt() uses it: an ACK of new
 * data whose segments Karn's rule leaves without a sample (they were sent
 * again) still measures the round trip by the TSecr it echoes, to the
 * clock's millisecond (at least 1).  -1 without timestamps.
 */
static int64_t
sender_ts_sample(const struct sender *s, int64_t now)
{
	uint32_t ticks;

	if (s->ack_tsecr == 0)
		return -1;
	ticks = flow_ts_clock(now) - s->ack_tsecr;
	if (ticks > INT32_MAX / 1000)
		return -1; /* from before a wrap: no sample */
	return (int64_t)(ticks > 0 ? ticks : 1) * NS_PER_MS;
}

/*
 * Put the bytes at [off, off+len) on the wire.  `window_checked` is set
 * when the caller applied the window rules, so property 1 must hold.
 * `packet_end` is set when new data ends a packet of two or more
 * segments under gso = linux: it carries PSH (gso.h).
 */
static inline __attribute__((always_inline)) void
sender_transmit_packet(struct sim *sim, struct flow *f, uint64_t off,
		       uint32_t len, bool window_checked, const char *why,
		       bool packet_end)
{
	struct sender *s = &f->snd;
	struct packet *p = packet_alloc(&sim->pool);
	uint32_t seq = sender_seq(s, off);
	uint32_t end = seq + len;
	bool resend = seq_before(seq, s->snd_max);

	if (!resend && s->snd_una == s->snd_max)
		why = sender_after_idle(sim, f, why);
	s->last_send_ns = sim->eng.now;
	p->flow = f->index;
	p->seq = seq;
	p->len = len;
	p->wire_len = len + sim->config.link.header_bytes;
	p->stream_off = off;
	p->flags = PKT_DATA;
	sender_put_timestamps(sim, f, p);
	s->segments_sent++;
	if (resend) {
		p->flags |= PKT_RETRANSMIT;
		s->retransmits++;
		s->retransmitted_bytes += len;
		seg_mark_retransmitted(s, off, len);
	} else {
		p->segment_number = ++s->next_segment_number;
		seg_push(s, off, len, sim->eng.now);
		if (sender_pushes(s, off + len))
			p->flags |= PKT_PUSH;
		else if (packet_end) {
			p->flags |= PKT_PUSH;
			s->pushed_off = off + len; /* a push like any other */
		}
		/* RFC 3168 6.1.5: ECT on new data only, never on a
		 * retransmission; CWR on the first new segment after a
		 * reduction (6.1.2). */
		if (f->cfg->ecn)
			p->flags |= PKT_ECT;
		if (s->ecn_cwr_pending) {
			p->flags |= PKT_CWR;
			s->ecn_cwr_pending = false;
		}
	}
	if (seq_after(end, s->snd_nxt))
		s->snd_nxt = end;
	if (seq_after(end, s->snd_max)) {
		s->snd_max = end;
		s->probe_out =
			false; /* a probe's byte, if any, is sent again */
	}
	if (window_checked) {
		/* Property 1 (RFC 5681 3.1, RFC 9293 3.8.6). */
		SIM_CHECK(sim, f->index,
			  sender_inflight(s) <= min_u64(s->cc.cwnd, s->snd_wnd),
			  "window overrun: %llu bytes in flight > min(cwnd "
			  "%llu, snd_wnd %llu)",
			  (unsigned long long)sender_inflight(s),
			  (unsigned long long)s->cc.cwnd,
			  (unsigned long long)s->snd_wnd);
	}
	if (s->rto_deadline == TIME_NEVER)
		sender_arm_rto(sim, s); /* RFC 6298 5.1 */
	if (sim->eng.tracing) {
		sim_trace(sim, f->index, WHERE_SENDER,
			  resend ? TRACE_RETRANSMIT : TRACE_SEND, seq, 0, len,
			  s->snd_wnd, SENTENCE_SEND,
			  resend ? "resends" : "sends", len, sim_plural(len),
			  seq, why ? ": " : "", why ? why : "");
	}
	flow_transmit_data(sim, f, p);
}

/* A segment on its own (retransmissions, probes, limited transmit, ...):
 * only its write may push it.  (sender_transmit_packet() is inline in
 * sender_output(), which sends nearly every segment, and here once for
 * the rest.) */
static __attribute__((noinline)) void
sender_transmit(struct sim *sim, struct flow *f, uint64_t off, uint32_t len,
		bool window_checked, const char *why)
{
	sender_transmit_packet(sim, f, off, len, window_checked, why, false);
}

/*
 * Is a small segment sent earlier still unacknowledged?  Linux's
 * tcp_minshall_check(): the end of the last one lies beyond SND.UNA (and
 * not beyond SND.NXT, which after a timeout goes back to SND.UNA).
 */
static bool
sender_small_unacked(const struct sender *s)
{
	return seq_after(s->snd_sml, s->snd_una) &&
	       seq_leq(s->snd_sml, s->snd_nxt);
}

/* A segment of `len` bytes ending at `end` went out: remember the end of
 * a small one (Linux's tcp_minshall_update()), whatever the nagle mode,
 * so that a change to minshall on the timeline knows the past. */
static void
sender_note_small(struct sender *s, const struct flow_config *cfg, uint64_t len,
		  uint32_t end)
{
	if (len < cfg->mss)
		s->snd_sml = end;
}

/*
 * May a segment shorter than the MSS go now?  RFC 9293 3.7.4 (Nagle): not
 * while data is unacknowledged; Minshall's variant, as Linux's
 * tcp_nagle_check() does it: not while a small segment is
 * unacknowledged, so a small segment may follow full-sized ones in
 * flight.  3.8.6.2.1 (sender SWS avoidance): only if it empties the
 * buffer or is at least half the largest window seen.  A small window
 * with nothing in flight is left to the persist timer, which is the
 * override timeout of 3.8.6.2.1 (as in BSD's tcp_output).
 */
static bool
sender_may_send_small(const struct sender *s, const struct flow_config *cfg,
		      uint64_t len, uint64_t unsent, uint64_t inflight)
{
	if (cfg->nagle == NAGLE_ON && inflight > 0)
		return false;
	if (cfg->nagle == NAGLE_MINSHALL && inflight > 0 &&
	    sender_small_unacked(s))
		return false;
	if (len == unsent || !cfg->sws_avoidance)
		return true;
	return len >= s->max_snd_wnd / 2;
}

/*
 * The wait before the next zero-window probe, `persist_backoff` probes
 * after the window closed: the RTO doubled per probe, at most 60 s (RFC
 * 9293 3.8.6.1); with window_probe = linux, tcp_probe0_when(): the RTO
 * but at least TCP_RTO_MIN, doubled per probe up to 2^10, at most
 * TCP_RTO_MAX.
 */
static int64_t
sender_persist_interval(const struct sender *s, const struct flow_config *cfg)
{
	int64_t next = rto_current(&s->rto);
	int64_t most = PERSIST_MAX_NS;
	unsigned backoff = s->persist_backoff;

	if (cfg->window_probe == WINDOW_PROBE_LINUX) {
		most = PERSIST_LINUX_MAX_NS;
		if (next < PERSIST_LINUX_MIN_NS)
			next = PERSIST_LINUX_MIN_NS;
		if (backoff > PERSIST_LINUX_MAX_BACKOFF)
			backoff = PERSIST_LINUX_MAX_BACKOFF;
	}
	for (unsigned i = 0; i < backoff && next < most; i++)
		next *= 2;
	return next > most ? most : next;
}

/*
 * Nothing in flight will bring an ACK, yet data waits.  A zero window is
 * probed after one RTO, backing off (RFC 9293 3.8.6.1); a window too small
 * to use under SWS avoidance is used anyway after the override timeout
 * (3.8.6.2.1).  A window update cancels either.
 */
static void
sender_arm_persist(struct sim *sim, struct flow *f)
{
	struct sender *s = &f->snd;

	if (s->persist_queued)
		return;
	s->persist_backoff = 0;
	sender_schedule_persist(
		sim, s,
		sim->eng.now + (s->snd_wnd == 0
					? sender_persist_interval(s, f->cfg)
					: SWS_OVERRIDE_NS));
}

/*
 * gso = linux: how many segments the packet that starts at SND.NXT
 * takes, as tcp_write_xmit() cuts it (tcp_mss_split_point()): those that
 * go out now back to back, the full-sized ones the windows allow and a
 * short last one if Nagle and SWS avoidance let it go, at most what
 * tcp_tso_autosize() allows at the current pacing rate (gso.h).  Before
 * the first RTT sample (a Linux sender has one from the handshake, which
 * the model leaves out) packets take GSO_LINUX_MIN_SEGS.
 */
static uint64_t
sender_packet_segments(const struct sender *s, const struct flow_config *cfg,
		       uint64_t unsent, uint64_t usable, uint64_t inflight)
{
	uint64_t mss = cfg->mss;
	uint64_t room = min_u64(unsent, usable);
	uint64_t full, rest; /* room / mss and room % mss */

	/* no packet is cut below GSO_LINUX_MIN_SEGS: the rate matters only
	 * for more (an ACK-clocked sender mostly has two full ones to send).
	 * full is counted, not divided out: it is a few segments. */
	if (room > GSO_LINUX_MIN_SEGS * mss) {
		/* full >= most = max(2, bytes / mss), bytes the autosize:
		 * surely when room >= bytes, surely not when room + mss <=
		 * bytes.  That last, the usual answer, is asked first without
		 * the rate's division: bytes >= t when the allowance covers t
		 * or the rate reaches (t - allowance) << 10. */
		uint64_t t = room + mss;
		uint64_t allow = gso_linux_allowance(s->rto.min_rtt_ns);
		int below = -1;

		if (t <= GSO_LINUX_MAX_BYTES)
			below = t <= allow
					? 1
					: gso_linux_pacing_at_least(
						  s->cc.cwnd, s->cc.ssthresh,
						  inflight, cfg->mss,
						  s->rto.srtt_ns,
						  (t - allow)
							  << GSO_PACING_SHIFT);
		if (below != 1) {
			uint64_t rate = gso_linux_pacing_rate(
				s->cc.cwnd, s->cc.ssthresh, inflight, cfg->mss,
				s->rto.srtt_ns);
			uint64_t bytes = gso_linux_autosize_bytes(
				rate, s->rto.min_rtt_ns);

			if (room >= bytes ||
			    (room + mss > bytes && room / mss >= bytes / mss))
				return gso_linux_segs(rate, s->rto.min_rtt_ns,
						      cfg->mss);
		}
		full = GSO_LINUX_MIN_SEGS;
		rest = room - full * mss;
		while (rest >= mss) {
			rest -= mss;
			full++;
		}
	} else if (room == GSO_LINUX_MIN_SEGS * mss) {
		return GSO_LINUX_MIN_SEGS; /* and nothing short after them */
	} else {
		full = room >= mss ? 1 : 0;
		rest = room - full * mss;
	}
	if (rest > 0 &&
	    sender_may_send_small(s, cfg, rest, unsent - full * cfg->mss,
				  inflight + full * cfg->mss))
		full++;
	return full;
}

void
sender_output(struct sim *sim, struct flow *f)
{
	struct sender *s = &f->snd;
	const struct flow_config *cfg = f->cfg;
	uint64_t unsent, inflight, usable;
	/* gso = linux: the segments of the current packet, and how many of
	 * them are still to go */
	uint64_t packet = 0, packet_left = 0;

	if (cfg->sack && (s->in_recovery || s->in_loss)) {
		sender_sack_output(sim, f); /* pipe and NextSeg() decide */
		return;
	}
	for (;;) {
		uint64_t wnd, len;
		bool resend;

		unsent = sender_unsent(s);
		inflight = sender_inflight(s);
		wnd = min_u64(s->cc.cwnd, s->snd_wnd);
		usable = wnd > inflight ? wnd - inflight : 0;
		if (unsent == 0)
			return;
		len = min_u64(min_u64(cfg->mss, unsent), usable);
		if (len == 0)
			break;
		resend = seq_before(s->snd_nxt, s->snd_max);
		if (len < cfg->mss && !resend &&
		    !sender_may_send_small(s, cfg, len, unsent, inflight))
			break;
		if (cfg->gso == GSO_LINUX && !resend) {
			if (packet_left == 0)
				packet = packet_left = sender_packet_segments(
					s, cfg, unsent, usable, inflight);
			if (packet_left > 0)
				packet_left--;
		} else {
			packet = packet_left = 0;
		}
		sender_transmit_packet(sim, f, sender_off(s, s->snd_nxt),
				       (uint32_t)len, true, NULL,
				       packet >= 2 && packet_left == 0);
		if (!resend)
			sender_note_small(s, cfg, len, s->snd_nxt);
	}
	if (inflight == 0)
		sender_arm_persist(sim, f);
}

/* ---- timers ---- */

static void
sender_on_persist(struct sim *sim, struct event *ev)
{
	struct flow *f = ev->owner;
	struct sender *s = &f->snd;
	struct packet *p;
	int64_t next;

	s->persist_queued = false; /* it fired: no longer queued */
	if (sender_unsent(s) == 0 || sender_inflight(s) > 0)
		return;
	if (s->snd_wnd > 0) {
		/* The override timeout of 3.8.6.2.1: send what the small
		 * window takes, as BSD's forced output does. */
		uint64_t len = min_u64(min_u64(f->cfg->mss, sender_unsent(s)),
				       min_u64(s->cc.cwnd, s->snd_wnd));

		sender_transmit(
			sim, f, sender_off(s, s->snd_nxt), (uint32_t)len, true,
			"the override timer fired: the small window is used");
		sender_note_small(s, f->cfg, len, s->snd_nxt);
		return;
	}
	p = packet_alloc(&sim->pool);
	p->flow = f->index;
	p->flags = PKT_DATA | PKT_PROBE;
	if (f->cfg->window_probe == WINDOW_PROBE_LINUX && s->una_off > 0) {
		/* Linux's tcp_xmit_probe_skb(): no data, and a sequence number
		 * the receiver has seen (SND.UNA - 1), so that it is outside
		 * the window and the receiver must answer with an ACK that
		 * carries its window (RFC 9293 3.10.7.4).  No byte is pushed
		 * beyond the window. */
		p->seq = s->snd_una - 1;
		p->len = 0;
		p->stream_off = s->una_off - 1;
	} else {
		/* RFC 9293 3.8.6.1: one byte of new data beyond the zero
		 * window. */
		p->seq = s->snd_nxt;
		p->len = 1;
		p->stream_off = sender_off(s, s->snd_nxt);
		s->probe_out = true;
	}
	p->wire_len = p->len + sim->config.link.header_bytes;
	sender_put_timestamps(sim, f, p);
	s->window_probes++;
	s->segments_sent++;
	s->persist_backoff++;
	next = sender_persist_interval(s, f->cfg);
	sender_schedule_persist(sim, s, sim->eng.now + next);
	if (sim->eng.tracing) {
		if (p->len == 0)
			sim_trace(
				sim, f->index, WHERE_SENDER, TRACE_PROBE,
				p->seq, 0, 0, 0,
				"zero-window probe #%u: no data, seq %u = "
				"SND.UNA - 1, which the receiver must ACK with "
				"its window; next in %.3g s (Linux's "
				"tcp_xmit_probe_skb)",
				s->persist_backoff, p->seq,
				time_to_seconds(next));
		else
			sim_trace(
				sim, f->index, WHERE_SENDER, TRACE_PROBE,
				p->seq, 0, 1, 0,
				"zero-window probe #%u: 1 byte at seq %u to "
				"ask whether the window has reopened; next in "
				"%.3g s (RFC 9293 3.8.6.1)",
				s->persist_backoff, p->seq,
				time_to_seconds(next));
	}
	flow_transmit_data(sim, f, p);
}

static void
sender_on_rto(struct sim *sim, struct event *ev)
{
	struct flow *f = ev->owner;
	struct sender *s = &f->snd;
	uint64_t outstanding = seq_diff(s->snd_max, s->snd_una);
	bool first = s->rto.backoff == 0;
	uint32_t len;

	s->rto_timer_at = TIME_NEVER; /* it fired: no longer queued */
	if (s->rto_deadline == TIME_NEVER)
		return; /* stopped since this wake-up was queued */
	if (sim->eng.now < s->rto_deadline) {
		sender_schedule_rto(sim, s, s->rto_deadline);
		return; /* restarted since: wait for the new deadline */
	}
	s->rto_deadline = TIME_NEVER;
	if (outstanding == 0)
		return;
	s->timeouts++;
	if (sim->eng.tracing)
		sim_trace(sim, f->index, WHERE_SENDER, TRACE_TIMEOUT,
			  s->snd_una, 0, 0, s->snd_wnd,
			  "retransmission timeout after %.3g s: nothing "
			  "acknowledged since seq %u; back to one segment (RFC "
			  "6298 5.4-5.6, RFC 5681 3.1)%s",
			  time_to_seconds(rto_current(&s->rto)), s->snd_una,
			  f->cfg->sack ? "; the scoreboard is kept, only its "
					 "holes go again (RFC 6675 5.1)"
				       : "");
	sender_cc_clock(sim, s);
	s->cc_ops->on_timeout(&s->cc, outstanding, first);
	rto_backoff(&s->rto);
	/* RFC 6582 3.2 / 4: no fast retransmit for what was sent before. */
	s->in_recovery = false;
	s->dupacks = 0;
	s->recover = s->snd_max - 1;
	s->limited_sent = 0;
	/* careful_timeout: until the ACK passes "recover", duplicate ACKs
	 * are for data sent before the timeout (RFC 6582 4.1; RFC 6675 5.1
	 * requires it with SACK). */
	if (f->cfg->careful_timeout || f->cfg->sack)
		s->in_loss = true;
	if (f->cfg->sack) {
		sender_sack_on_timeout(sim, f);
		sender_arm_rto(sim, s);
		return;
	}
	/* Go back N: everything outstanding is sent again, in slow start. */
	seg_mark_retransmitted(s, s->una_off, outstanding);
	s->snd_nxt = s->snd_una;
	len = (uint32_t)min_u64(f->cfg->mss, outstanding);
	sender_transmit(sim, f, s->una_off, len, false, "after the timeout");
	sender_arm_rto(sim, s);
}

/*
 * A window for the event log: its bytes ("14480", or "14480 bytes" with
 * `unit`), or "unlimited": cwnd and ssthresh of cc = none.  The text
 * lasts until the fourth call after (a sentence has at most three; no
 * buffer on the stack of the ACK's functions, which would be checked at
 * each return).
 */
static const char *
sender_window_text(uint64_t bytes, bool unit)
{
	static _Thread_local char bufs[4][32];
	static _Thread_local unsigned next;
	char *buf = bufs[next++ % 4];

	if (bytes == CC_UNLIMITED)
		return "unlimited";
	snprintf(buf, sizeof bufs[0], "%llu%s", (unsigned long long)bytes,
		 unit ? " bytes" : "");
	return buf;
}

/* ---- ACK processing ---- */

static void
sender_fast_retransmit(struct sim *sim, struct flow *f, const char *why)
{
	struct sender *s = &f->snd;
	uint64_t outstanding = seq_diff(s->snd_max, s->snd_una);
	uint32_t len = (uint32_t)min_u64(f->cfg->mss, outstanding);

	if (len > 0)
		sender_transmit(sim, f, s->una_off, len, false, why);
}

static void
sender_on_dupack(struct sim *sim, struct flow *f, uint32_t ack)
{
	struct sender *s = &f->snd;

	s->dupacks++;
	if (sim->eng.tracing)
		sim_trace(sim, f->index, WHERE_SENDER, TRACE_DUPACK, 0, ack, 0,
			  s->snd_wnd,
			  "duplicate ACK #%u for seq %u: a later segment "
			  "arrived, this one may be lost",
			  s->dupacks, ack);
	if (s->in_recovery) {
		sender_cc_clock(sim, s);
		s->cc_ops->on_dupack(&s->cc); /* RFC 5681 3.2 step 4 */
		sender_note_cwnd(s);
		return;
	}
	if (s->dupacks < DUPACK_THRESHOLD && f->cfg->limited_transmit) {
		sender_limited_transmit(sim, f); /* RFC 3042 */
		return;
	}
	if (s->dupacks != DUPACK_THRESHOLD)
		return;
	if (s->in_loss) {
		if (sim->eng.tracing)
			sim_trace(
				sim, f->index, WHERE_SENDER, TRACE_DUPACK, 0,
				ack, 0, s->snd_wnd,
				"3rd duplicate ACK for seq %u, but for data "
				"sent before the timeout: no fast retransmit, "
				"ssthresh stays %s (careful_timeout, "
				"RFC 6582 4.1)",
				ack, sender_window_text(s->cc.ssthresh, true));
		return;
	}
	/*
	 * RFC 6582 3.2 step 2 (not in Reno, RFC 5681): only if the ACK
	 * covers more than "recover",
	 * or, by the ACK heuristic of the same step, when cwnd > SMSS and the
	 * last cumulative ACK advanced at most 4 SMSS (the duplicates then
	 * come from a new loss, not from segments sent before a timeout).
	 */
	if (s->cc_ops->newreno_recovery && !seq_after(ack - 1, s->recover) &&
	    !(s->cc.cwnd > f->cfg->mss &&
	      s->last_ack_advance <= 4ull * f->cfg->mss))
		return;
	s->recover = s->snd_max - 1;
	s->in_recovery = true;
	s->partial_seen = false;
	s->fast_retransmits++;
	sender_cc_clock(sim, s);
	/* RFC 6675 4.2 after RFC 5681: what limited transmit sent is not
	 * part of FlightSize here. */
	s->cc_ops->on_loss(&s->cc, sender_inflight(s) - s->limited_sent);
	sender_note_cwnd(s);
	if (sim->eng.tracing)
		sim_trace(sim, f->index, WHERE_SENDER, TRACE_FAST_RETRANSMIT,
			  ack, 0,
			  (uint32_t)min_u64(f->cfg->mss, sender_inflight(s)),
			  s->snd_wnd,
			  "3rd duplicate ACK: fast retransmit of seq %u, "
			  "ssthresh %s, enter fast recovery (RFC 5681 "
			  "3.2%s)",
			  ack, sender_window_text(s->cc.ssthresh, true),
			  /* Reno is RFC 5681 alone; NewReno's entry checks
			   * "recover" first (RFC 6582 3.2 step 2) */
			  s->cc_ops->newreno_recovery ? ", RFC 6582 3.2 step 2"
						      : "");
	sender_fast_retransmit(sim, f, "fast retransmit");
}

/* RFC 9293 3.10.7.4: take the window from this ACK? */
static void
sender_update_window(struct sim *sim, struct flow *f, const struct packet *p,
		     uint64_t wnd)
{
	struct sender *s = &f->snd;

	if (!(seq_before(s->snd_wl1, p->seq) ||
	      (s->snd_wl1 == p->seq && seq_leq(s->snd_wl2, p->ack))))
		return; /* a stale, reordered ACK: its window is old news */
	s->snd_wnd = wnd;
	s->snd_wl1 = p->seq;
	s->snd_wl2 = p->ack;
	if (wnd > s->max_snd_wnd)
		s->max_snd_wnd = wnd;
	if (wnd > 0 && s->persist_queued) {
		sender_cancel_persist(sim, s);
		s->persist_backoff = 0;
	} else if (wnd == 0 && f->cfg->window_probe == WINDOW_PROBE_LINUX &&
		   s->persist_queued && sender_inflight(s) == 0) {
		/* Linux's tcp_ack_probe(): an ACK that leaves the window
		 * shut (the answer to a probe) restarts the wait, with the
		 * backoff reached so far. */
		sender_schedule_persist(
			sim, s,
			sim->eng.now + sender_persist_interval(s, f->cfg));
	}
}

/* New data acknowledged: `acked` bytes up to `ack`. */
static void
sender_on_new_ack(struct sim *sim, struct flow *f, uint32_t ack, uint64_t acked)
{
	struct sender *s = &f->snd;
	int64_t sample;
	bool restart_timer = true;
	/* RFC 7661 in spirit: grow cwnd only while it is what limits the
	 * sender (at least half used in slow start, nearly all after), so
	 * that a window-limited flow does not inflate cwnd without bound. */
	uint64_t flight = sender_inflight(s);
	bool cwnd_limited = s->cc.cwnd < s->cc.ssthresh
				    ? 2 * flight >= s->cc.cwnd
				    : flight + f->cfg->mss >= s->cc.cwnd;

	s->snd_una = ack;
	s->una_off += acked;
	if (seq_before(s->snd_nxt, s->snd_una))
		s->snd_nxt = s->snd_una; /* after go-back-N the ACK may lead */
	s->dupacks = 0;
	s->last_ack_advance = acked;
	s->limited_sent = 0;
	if (s->in_loss && seq_after(ack, s->recover))
		s->in_loss = false; /* all sent before the timeout arrived */
	sample = seg_ack(s, sim->eng.now);
	seg_fit(s);
	if (sample < 0)
		sample = sender_ts_sample(s, sim->eng.now);
	if (sample >= 0)
		rto_sample(&s->rto, sample);
	sender_cc_clock(sim, s);
	s->cc.rtt_sample_ns = sample; /* HyStart++ (RFC 9406) */

	if (s->in_recovery) {
		if (!s->cc_ops->newreno_recovery ||
		    seq_after(ack, s->recover)) {
			/* NewReno: a full ACK, everything up to "recover"
			 * arrived; Reno: any new ACK ends recovery. */
			s->in_recovery = false;
			s->cc_ops->on_recovery_exit(&s->cc, sender_inflight(s));
			if (sim->eng.tracing)
				sim_trace(sim, f->index, WHERE_SENDER,
					  TRACE_RECOVERY_EXIT, 0, ack, 0,
					  s->snd_wnd,
					  "%s of seq %u: fast recovery ends, "
					  "cwnd %s (%s)",
					  s->cc_ops->newreno_recovery
						  ? "full ACK"
						  : "first new ACK",
					  ack,
					  sender_window_text(s->cc.cwnd, true),
					  s->cc_ops->newreno_recovery
						  ? "RFC 6582 3.2 step 3"
						  : "RFC 5681 3.2 step 6");
		} else {
			/* Partial ACK: the next hole is lost too; resend it
			 * at once.  Reset the timer on the first only. */
			s->cc_ops->on_partial_ack(&s->cc, acked);
			restart_timer = !s->partial_seen;
			s->partial_seen = true;
			sender_fast_retransmit(sim, f,
					       "partial ACK in fast recovery "
					       "(RFC 6582 3.2 step 3)");
		}
	} else if (cwnd_limited) {
		s->cc_ops->on_ack(&s->cc, acked);
		sender_cc_note(sim, f);
	}
	sender_note_cwnd(s);

	if (s->snd_una == s->snd_max)
		s->rto_deadline = TIME_NEVER; /* RFC 6298 5.2; a queued
					       * wake-up finds it off */
	else if (restart_timer)
		sender_arm_rto(sim, s); /* RFC 6298 5.3 */
}

/*
 * ECN-Echo (RFC 3168 6.1.2): the queue marked one of our segments CE
 * instead of dropping it.  React as to a loss, once per window of data,
 * through the flow's congestion control (ssthresh and cwnd as after a
 * fast retransmit's recovery), but retransmit nothing: nothing was lost.
 * A loss recovery already under way is that reaction.
 */
static void
sender_on_ece(struct sim *sim, struct flow *f, uint32_t ack)
{
	struct sender *s = &f->snd;
	uint64_t flight = sender_inflight(s);
	uint64_t before = s->cc.cwnd;

	if (s->in_recovery || s->in_loss || !seq_after(ack, s->ecn_recover))
		return;
	s->ecn_recover = s->snd_max;
	s->ecn_cwr_pending = true;
	s->ecn_reductions++;
	sender_cc_clock(sim, s);
	s->cc_ops->on_loss(&s->cc, flight);
	s->cc_ops->on_recovery_exit(&s->cc, flight);
	sender_note_cwnd(s);
	if (sim->eng.tracing)
		sim_trace(sim, f->index, WHERE_SENDER, TRACE_ECN, 0, ack, 0,
			  s->snd_wnd,
			  "ECN-Echo: the queue marked a segment CE; cwnd %s "
			  "-> %s, ssthresh %s, nothing resent (RFC "
			  "3168 6.1.2); CWR on the next segment",
			  sender_window_text(before, false),
			  sender_window_text(s->cc.cwnd, true),
			  sender_window_text(s->cc.ssthresh, false));
}

void
sender_on_ack(struct sim *sim, struct flow *f, const struct packet *p)
{
	struct sender *s = &f->snd;
	uint32_t ack = p->ack;
	uint64_t wnd = (uint64_t)p->win << s->snd_wscale;
	uint64_t old_wnd = s->snd_wnd;

	if (s->probe_out && ack == s->snd_max + 1 && s->snd_nxt == s->snd_max) {
		/* The probe's byte was accepted: it is sent data now. */
		s->snd_nxt = s->snd_max = ack;
		s->probe_out = false;
	}
	if (seq_before(ack, s->snd_una) || seq_after(ack, s->snd_max))
		return; /* old, or acknowledges what was never sent */
#ifdef TCPSIM_DEBUG
	SIM_CHECK(sim, f->index,
		  s->persist_queued == event_pending(&s->persist_timer) &&
			  (s->rto_timer_at == TIME_NEVER) ==
				  !event_pending(&s->rto_timer) &&
			  (s->rto_timer_at == TIME_NEVER ||
			   s->rto_timer_at == s->rto_timer.time),
		  "the sender's copy of its timers' state is stale");
#endif
	if (p->flags & PKT_TS) {
		/* RFC 7323 4.3: ACKs are in order here, so the latest
		 * TSval is the one to echo. */
		s->ts_recent = p->tsval;
		s->ack_tsecr = p->tsecr;
	} else {
		s->ack_tsecr = 0;
	}

	sender_update_window(sim, f, p, wnd);
	if ((p->flags & PKT_ECE) && f->cfg->ecn)
		sender_on_ece(sim, f, ack);
	if (f->cfg->sack) {
		bool advanced = seq_after(ack, s->snd_una);

		sender_sack_on_ack(sim, f, p);
		if (advanced)
			producer_on_space(sim, f);
		sender_output(sim, f);
		return;
	}
	if (seq_after(ack, s->snd_una)) {
		sender_on_new_ack(sim, f, ack, seq_diff(ack, s->snd_una));
		producer_on_space(sim, f);
	} else if (s->snd_max != s->snd_una && wnd == old_wnd) {
		/* RFC 5681 2: same ACK, same window, data outstanding. */
		sender_on_dupack(sim, f, ack);
	}
	sender_output(sim, f);
}

/* ---- limited transmit (RFC 3042) without SACK ---- */

/*
 * The first and the second duplicate ACK each let one segment of new data
 * go, if the receiver's window takes it and no more than cwnd + 2 SMSS
 * would be outstanding; cwnd does not change.  The segments keep the ACK
 * clock going, so that a small window still sees a third duplicate.
 */
static void
sender_limited_transmit(struct sim *sim, struct flow *f)
{
	struct sender *s = &f->snd;
	uint32_t mss = f->cfg->mss;
	uint64_t flight = sender_inflight(s);
	uint64_t unsent = sender_unsent(s);
	uint64_t len = min_u64(mss, unsent);
	char why[128];

	if (s->snd_nxt != s->snd_max || len == 0)
		return; /* new data only (go-back-N may still be resending) */
	if (flight + len > s->snd_wnd)
		return;
	if (s->cc.cwnd != CC_UNLIMITED &&
	    flight + len > s->cc.cwnd + 2ull * mss)
		return;
	if (len < mss && !sender_may_send_small(s, f->cfg, len, unsent, flight))
		return;
	if (sim->eng.tracing) {
		struct text t = text_start(why, sizeof why);

		text_put(&t, "limited transmit on duplicate ACK #");
		text_u64(&t, s->dupacks);
		text_put(&t, ", cwnd unchanged (RFC 3042)");
	}
	s->limited_sent += len;
	s->limited_transmits++;
	sender_transmit(sim, f, sender_off(s, s->snd_nxt), (uint32_t)len, false,
			sim->eng.tracing ? why : NULL);
}

/* ---- SACK loss recovery (RFC 6675) with PRR (RFC 6937) ---- */

/*
 * Octets of new data NextSeg() rule 2 may send: written and unsent, and
 * within the receiver's window; a short segment only as Nagle and sender
 * SWS avoidance allow.
 */
static uint64_t
sender_new_room(const struct sender *s, const struct flow_config *cfg)
{
	uint64_t unsent = sender_unsent(s);
	uint64_t out = seq_diff(s->snd_max, s->snd_una);
	uint64_t room =
		s->snd_wnd > out ? min_u64(unsent, s->snd_wnd - out) : 0;

	if (room > 0 && room < cfg->mss &&
	    !sender_may_send_small(s, cfg, room, unsent, out))
		return 0;
	return room;
}

/* RecoveryPoint + 1 as a stream offset. */
static uint64_t
sender_recovery_point(const struct sender *s)
{
	return sender_off(s, s->recover) + 1;
}

/* The sentence for a segment NextSeg() chose. */
static void
sender_sack_why(const struct sender *s, enum sack_rule rule, char *buf,
		size_t size)
{
	const char *what = "";
	struct text t = text_start(buf, size);

	switch (rule) {
	case SACK_NEXT_LOST:
		what = s->in_recovery ? "presumed lost (RFC 6675 NextSeg rule "
					"1, IsLost)"
				      : "a hole sent before the timeout (RFC "
					"6675 5.1, NextSeg rule 1)";
		break;
	case SACK_NEXT_NEW:
		what = "new data (RFC 6675 NextSeg rule 2)";
		break;
	case SACK_NEXT_HOLE:
		what = "a hole not yet presumed lost (RFC 6675 NextSeg rule 3)";
		break;
	case SACK_NEXT_RESCUE:
		what = "rescue retransmission of the last hole (RFC 6675 "
		       "NextSeg rule 4)";
		break;
	case SACK_NEXT_NONE:
		break;
	}
	text_put(&t, what);
	text_put(&t, "; pipe ");
	text_u64(&t, s->pipe);
	if (s->cc.cwnd != CC_UNLIMITED) {
		text_put(&t, ", cwnd ");
		text_put(&t, sender_window_text(s->cc.cwnd, false));
		if (s->in_recovery)
			text_put(&t, " (PRR, RFC 6937)");
	}
}

/*
 * Will the sentence of the segment NextSeg() chose be read, and with it
 * the why?  A retransmission's is often not (play running ahead, or
 * rewinding past lines nobody will see): thousands of them an event
 * after a timeout with many holes.  New data keeps its why (an idle
 * restart may have its own, sender_after_idle()).
 */
static bool
sender_why_wanted(struct sim *sim, const struct flow *f, uint64_t off,
		  uint32_t len)
{
	const struct sender *s = &f->snd;
	uint32_t seq = sender_seq(s, off);

	return !seq_before(seq, s->snd_max) ||
	       sim_trace_wanted(sim, f->index, WHERE_SENDER, TRACE_RETRANSMIT,
				seq, 0, len, s->snd_wnd);
}

/*
 * RFC 6675 5 step (C): while cwnd - pipe >= 1 SMSS, send what NextSeg()
 * names and count it in pipe (C.4) and, in recovery, in PRR's prr_out.
 * After a timeout the same loop, with the slow-start cwnd, resends the
 * holes first.
 */
static void
sender_sack_output(struct sim *sim, struct flow *f)
{
	struct sender *s = &f->snd;
	uint32_t mss = f->cfg->mss;

	while (s->cc.cwnd > s->pipe && s->cc.cwnd - s->pipe >= mss) {
		uint64_t off;
		uint32_t len;
		enum sack_rule rule;
		char why[200];
		bool told;

		rule = sack_next_seg(&s->sb, sender_new_room(s, f->cfg),
				     s->in_recovery, &off, &len);
		if (rule == SACK_NEXT_NONE)
			break;
		told = sim->eng.tracing && sender_why_wanted(sim, f, off, len);
		if (told)
			sender_sack_why(s, rule, why, sizeof why);
		sender_transmit(sim, f, off, len, false, told ? why : NULL);
		sack_sent(&s->sb, rule, off, len, sender_recovery_point(s));
		s->pipe += len;
		if (s->in_recovery)
			prr_sent(&s->prr, len);
		/* Property 1 with SACK: pipe, not SND.NXT - SND.UNA, is what
		 * cwnd bounds; new data stays within the offered window. */
		SIM_CHECK(sim, f->index,
			  s->pipe <= s->cc.cwnd &&
				  seq_diff(s->snd_max, s->snd_una) <=
					  s->snd_wnd + (rule != SACK_NEXT_NEW
								? UINT32_MAX
								: 0),
			  "SACK window overrun: pipe %llu, cwnd %llu, %u "
			  "bytes out, snd_wnd %llu",
			  (unsigned long long)s->pipe,
			  (unsigned long long)s->cc.cwnd,
			  seq_diff(s->snd_max, s->snd_una),
			  (unsigned long long)s->snd_wnd);
	}
}

/*
 * RFC 6675 5 step (3), limited transmit with SACK: new data while
 * cwnd - pipe >= 1 SMSS, after HighRxt = HighACK and SetPipe().
 */
static void
sender_sack_limited_transmit(struct sim *sim, struct flow *f)
{
	struct sender *s = &f->snd;
	uint32_t mss = f->cfg->mss;

	s->pipe = sack_pipe(&s->sb);
	while (s->cc.cwnd > s->pipe && s->cc.cwnd - s->pipe >= mss) {
		uint64_t off = sender_off(s, s->snd_max);
		uint32_t len =
			(uint32_t)min_u64(sender_new_room(s, f->cfg), mss);
		char why[160];

		if (len == 0)
			break;
		if (sim->eng.tracing) {
			struct text t = text_start(why, sizeof why);

			text_put(&t, "limited transmit on duplicate ACK #");
			text_u64(&t, s->dupacks);
			text_put(&t, " (RFC 3042, RFC 6675 5 step 3): pipe ");
			text_u64(&t, s->pipe);
			text_put(&t, ", cwnd ");
			text_put(&t, sender_window_text(s->cc.cwnd, false));
		}
		sender_transmit(sim, f, off, len, false,
				sim->eng.tracing ? why : NULL);
		sack_sent(&s->sb, SACK_NEXT_NEW, off, len, 0);
		s->pipe += len;
		s->limited_sent += len;
		s->limited_transmits++;
	}
}

/* RFC 6937: SetPipe() after an ACK in recovery, and cwnd = pipe + sndcnt.
 * With cc = none there is no window to reduce. */
static void
sender_prr_on_ack(struct sender *s, uint32_t mss, uint64_t delivered)
{
	s->pipe = sack_pipe(&s->sb); /* (B.2) */
	if (s->cc.cwnd == CC_UNLIMITED)
		return;
	s->cc.cwnd = s->pipe + prr_sndcnt(&s->prr, delivered, s->pipe,
					  s->cc.ssthresh, mss);
}

/*
 * RFC 6675 5 step (4): RecoveryPoint = HighData, ssthresh from the
 * algorithm, the first hole resent at once; PRR (RFC 6937) starts with
 * RecoverFS = FlightSize and sets cwnd from this ACK on.
 */
static void
sender_sack_enter_recovery(struct sim *sim, struct flow *f, uint64_t delivered)
{
	struct sender *s = &f->snd;
	uint32_t mss = f->cfg->mss;
	uint64_t flight = seq_diff(s->snd_max, s->snd_una);
	uint64_t hole_end = s->sb.n_ranges > 0 ? sack_range_at(&s->sb, 0)->start
					       : s->sb.high_data;
	uint32_t len = (uint32_t)min_u64(mss, hole_end - s->una_off);
	bool by_count = s->dupacks >= SACK_DUPTHRESH;

	s->recover = s->snd_max - 1; /* (4.1) */
	s->in_recovery = true;
	s->fast_retransmits++;
	sender_cc_clock(sim, s);
	/* (4.2), without what limited transmit sent */
	s->cc_ops->on_loss(&s->cc, flight - min_u64(flight, s->limited_sent));
	prr_init(&s->prr, flight);
	s->pipe = sack_pipe(&s->sb);
	if (s->cc.cwnd != CC_UNLIMITED) {
		uint64_t sndcnt = prr_sndcnt(&s->prr, delivered, s->pipe,
					     s->cc.ssthresh, mss);

		/* The fast retransmit goes whatever PRR says (4.3), as in
		 * Linux, which forces one segment on entry. */
		s->cc.cwnd = s->pipe + (sndcnt > len ? sndcnt : len);
	}
	sender_note_cwnd(s);
	if (sim->eng.tracing)
		sim_trace(sim, f->index, WHERE_SENDER, TRACE_FAST_RETRANSMIT,
			  s->snd_una, 0, len, s->snd_wnd,
			  "%s: fast retransmit of seq %u, SACK loss recovery "
			  "until seq %u (RFC 6675 5 step 4); ssthresh %s, "
			  "PRR sets cwnd %s (RFC 6937)",
			  by_count ? "3rd duplicate ACK"
				   : "3 segments SACKed above (IsLost)",
			  s->snd_una, s->snd_max,
			  sender_window_text(s->cc.ssthresh, true),
			  sender_window_text(s->cc.cwnd, false));
	sender_transmit(sim, f, s->una_off, len, false,
			"fast retransmit (RFC 6675 5 step 4.3)");
	sack_enter_recovery(&s->sb, len);
	s->pipe += len;
	prr_sent(&s->prr, len);
}

/* RFC 6675 5 step (A): the ACK covers RecoveryPoint; RFC 6937: cwnd =
 * ssthresh. */
static void
sender_sack_exit_recovery(struct sim *sim, struct flow *f, uint32_t ack)
{
	struct sender *s = &f->snd;

	s->in_recovery = false;
	if (s->cc.cwnd != CC_UNLIMITED)
		s->cc.cwnd = s->cc.ssthresh;
	if (sim->eng.tracing)
		sim_trace(sim, f->index, WHERE_SENDER, TRACE_RECOVERY_EXIT, 0,
			  ack, 0, s->snd_wnd,
			  "ACK %u covers the recovery point: SACK loss "
			  "recovery ends, cwnd = ssthresh = %s (RFC "
			  "6675 5 step A, RFC 6937)",
			  ack, sender_window_text(s->cc.cwnd, true));
}

/* A timeout with SACK: keep the board, take every un-SACKed octet sent
 * so far as lost, resend from the first hole (RFC 6675 5.1). */
static void
sender_sack_on_timeout(struct sim *sim, struct flow *f)
{
	struct sender *s = &f->snd;

	sack_update(&s->sb, s->una_off, sender_off(s, s->snd_max), NULL, 0);
	sack_on_timeout(&s->sb);
	s->pipe = sack_pipe(&s->sb);
	sender_sack_output(sim, f);
}

/*
 * An ACK with sack = on.  Update() first; then RFC 6675 5: a duplicate
 * ACK is one that SACKs octets not SACKed before (section 2), whether or
 * not it also moves the cumulative ACK.  PRR counts what each ACK
 * delivered: the change of SND.UNA plus the change of SACKed octets.
 */
static void
sender_sack_on_ack(struct sim *sim, struct flow *f, const struct packet *p)
{
	struct sender *s = &f->snd;
	uint32_t ack = p->ack;
	uint64_t acked = seq_diff(ack, s->snd_una);
	uint64_t flight = sender_inflight(s);
	bool cwnd_limited = s->cc.cwnd < s->cc.ssthresh
				    ? 2 * flight >= s->cc.cwnd
				    : flight + f->cfg->mss >= s->cc.cwnd;
	struct sack_range blocks[PACKET_SACK_BLOCKS];
	uint64_t before = s->sb.sacked_bytes, fresh, delivered;
	int64_t sample = -1; /* this ACK's RTT sample (Karn's rule) */
	size_t n = 0;

	for (uint32_t i = 0; i < p->n_sack && i < PACKET_SACK_BLOCKS; i++) {
		int64_t l = (int32_t)(p->sack[i].left - s->snd_una);
		int64_t r = (int32_t)(p->sack[i].right - s->snd_una);

		if (r <= 0 || r <= l)
			continue; /* a D-SACK below SND.UNA (RFC 2883) */
		blocks[n].start = s->una_off + (uint64_t)(l > 0 ? l : 0);
		blocks[n].end = s->una_off + (uint64_t)r;
		n++;
	}
	fresh = sack_update(&s->sb, s->una_off + acked,
			    sender_off(s, s->snd_max), blocks, n);
#ifdef TCPSIM_DEBUG
	SIM_CHECK(sim, f->index, sack_consistent(&s->sb),
		  "SACK scoreboard inconsistent after ACK %u", ack);
#endif
	delivered = acked + s->sb.sacked_bytes - before;

	if (acked > 0) {
		s->snd_una = ack;
		s->una_off += acked;
		if (seq_before(s->snd_nxt, s->snd_una))
			s->snd_nxt = s->snd_una;
		s->dupacks = 0;
		s->last_ack_advance = acked;
		s->limited_sent = 0;
		sample = seg_ack(s, sim->eng.now);
		seg_fit(s);
		if (sample < 0)
			sample = sender_ts_sample(s, sim->eng.now);
		if (sample >= 0)
			rto_sample(&s->rto, sample);
	}
	if (fresh > 0) {
		s->dupacks++;
		if (sim->eng.tracing)
			sim_trace(sim, f->index, WHERE_SENDER, TRACE_DUPACK, 0,
				  ack, 0, s->snd_wnd,
				  "duplicate ACK #%u for seq %u: SACK blocks "
				  "report %llu new bytes, %llu SACKed in all "
				  "(RFC 6675 2)",
				  s->dupacks, ack, (unsigned long long)fresh,
				  (unsigned long long)s->sb.sacked_bytes);
	}
	sender_cc_clock(sim, s);
	s->cc.rtt_sample_ns = sample; /* HyStart++ (RFC 9406) */

	if (s->in_recovery) {
		if (acked > 0 && seq_after(ack, s->recover))
			sender_sack_exit_recovery(sim, f, ack);
		else
			sender_prr_on_ack(s, f->cfg->mss, delivered);
	} else if (!s->in_loss && fresh > 0 &&
		   (s->dupacks >= SACK_DUPTHRESH ||
		    sack_is_lost(&s->sb, s->una_off))) {
		sender_sack_enter_recovery(sim, f, delivered); /* (1), (2) */
	} else {
		if (acked > 0 && cwnd_limited) {
			s->cc_ops->on_ack(&s->cc, acked);
			sender_cc_note(sim, f);
		}
		if (s->in_loss && seq_after(ack, s->recover))
			s->in_loss = false; /* everything sent before the
					       timeout has arrived */
		else if (s->in_loss)
			s->pipe = sack_pipe(&s->sb);
		else if (fresh > 0 && f->cfg->limited_transmit)
			sender_sack_limited_transmit(sim, f); /* (3) */
	}
	sender_note_cwnd(s);

	if (s->snd_una == s->snd_max)
		s->rto_deadline = TIME_NEVER; /* RFC 6298 5.2 */
	else if (acked > 0)
		sender_arm_rto(sim, s); /* RFC 6298 5.3 */
}

void
sender_on_min_rto_change(struct sim *sim, struct flow *f)
{
	(void)sim;
	rto_set_min(&f->snd.rto, f->cfg->min_rto_ns);
}

int
sender_limit_classify(const struct sender_limit_facts *k)
{
	uint64_t wnd = min_u64(k->cwnd, k->snd_wnd);
	uint64_t usable = wnd > k->inflight ? wnd - k->inflight : 0;

	if (k->zero_window_probing)
		return LIMITED_ZERO_WINDOW;
	if (k->in_recovery)
		return LIMITED_RECOVERY;
	if (k->unsent == 0)
		return k->producer_blocked ? LIMITED_SNDBUF : LIMITED_APP;
	if (usable < min_u64(k->unsent, k->mss))
		return k->snd_wnd <= k->cwnd ? LIMITED_RWND : LIMITED_CWND;
	/* It could send a segment but holds a small one back. */
	if (k->nagle_holds)
		return LIMITED_NAGLE;
	/* never "the app has nothing to send" to a producer that waits
	 * for room in the buffer */
	return k->producer_blocked ? LIMITED_SNDBUF : LIMITED_APP;
}

int
sender_limited_by(const struct sim *sim, const struct flow *f)
{
	const struct sender *s = &f->snd;
	struct sender_limit_facts k;
	uint64_t len;

	(void)sim;
	memset(&k, 0, sizeof k);
	k.zero_window_probing =
		event_pending(&s->persist_timer) && s->snd_wnd == 0;
	k.in_recovery = s->in_recovery;
	k.producer_blocked = producer_is_blocked(f);
	k.unsent = sender_unsent(s);
	k.inflight = sender_inflight(s);
	k.cwnd = s->cc.cwnd;
	k.snd_wnd = s->snd_wnd;
	k.mss = f->cfg->mss;
	/* the segment sender_output() would send next: held by Nagle only
	 * when it is short and the Nagle rule, not SWS, refuses it */
	len = min_u64(k.mss, k.unsent);
	k.nagle_holds =
		len < k.mss && k.inflight > 0 &&
		(f->cfg->nagle == NAGLE_ON ||
		 (f->cfg->nagle == NAGLE_MINSHALL && sender_small_unacked(s)));
	return sender_limit_classify(&k);
}
