/* SPDX-License-Identifier: ISC */
/*
 * sender.c: the sending TCP (see sender.h).
 *
 * RFC 9293 for the sliding window, Nagle (3.7.4), sender SWS avoidance
 * (3.8.6.2.1), the persist timer and zero-window probes (3.8.6.1) and the
 * window update rule (3.10.7.4); RFC 6298 for the retransmission timer;
 * RFC 5681 and RFC 6582 for fast retransmit and NewReno recovery; the
 * window arithmetic itself is the congestion control's (cc.h).
 */
#include "tcp/sender.h"

#include <stdlib.h>

#include "net/packet.h"
#include "sim/sim_internal.h"
#include "tcp/flow.h"
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

static void sender_on_rto(struct sim *sim, struct event *ev);
static void sender_on_persist(struct sim *sim, struct event *ev);

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
	s->last_send_ns = -1;
	s->cc_ops = cc_ops_for(cfg->cc);
	if (s->cc_ops == NULL) /* refused by scenario_validate() */
		abort();
	s->cc_ops->init(&s->cc, cfg->initial_window);
	s->max_cwnd = s->cc.cwnd == CC_UNLIMITED ? 0 : s->cc.cwnd;
	s->dupacks = 0;
	s->in_recovery = false;
	s->recover = s->iss; /* RFC 6582 3.2: initialized to the ISS */
	s->partial_seen = false;
	s->last_ack_advance = 0;
	s->probe_out = false;
	rto_init(&s->rto, cfg->min_rto_ns);
	event_init(&s->rto_timer, sender_on_rto, f);
	s->rto_deadline = TIME_NEVER;
	event_init(&s->persist_timer, sender_on_persist, f);
	s->persist_backoff = 0;
	s->segs = NULL;
	s->seg_head = s->seg_count = s->seg_cap = 0;
	s->next_segment_number = 0;
	s->segments_sent = s->retransmits = s->timeouts = 0;
	s->fast_retransmits = s->window_probes = 0;
}

void
sender_free(struct sender *s)
{
	free(s->segs);
	s->segs = NULL;
}

/* ---- the ring of segments in flight (for RTT samples and Karn) ---- */

static struct sender_segment *
seg_at(struct sender *s, size_t i)
{
	return &s->segs[(s->seg_head + i) % s->seg_cap];
}

static void
seg_push(struct sender *s, uint64_t off, uint32_t len, int64_t now)
{
	struct sender_segment *seg;

	if (s->seg_count == s->seg_cap) {
		size_t cap = s->seg_cap ? 2 * s->seg_cap : 64;
		struct sender_segment *n = xreallocarray(NULL, cap, sizeof(*n));

		for (size_t i = 0; i < s->seg_count; i++)
			n[i] = *seg_at(s, i);
		free(s->segs);
		s->segs = n;
		s->seg_cap = cap;
		s->seg_head = 0;
	}
	seg = &s->segs[(s->seg_head + s->seg_count++) % s->seg_cap];
	seg->off = off;
	seg->len = len;
	seg->retransmitted = false;
	seg->sent_at = now;
}

/*
 * Mark every recorded segment overlapping [off, off+len) as resent.  The
 * records are in stream order, so a binary search finds the first one:
 * after a timeout with a large window in flight, go-back-N resends every
 * segment, and a linear scan per resend would make that quadratic.
 */
static void
seg_mark_retransmitted(struct sender *s, uint64_t off, uint64_t len)
{
	size_t lo = 0, hi = s->seg_count;

	while (lo < hi) { /* first record that ends after `off` */
		size_t mid = lo + (hi - lo) / 2;
		const struct sender_segment *seg = seg_at(s, mid);

		if (seg->off + seg->len <= off)
			lo = mid + 1;
		else
			hi = mid;
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

	while (s->seg_count > 0) {
		struct sender_segment *seg = seg_at(s, 0);

		if (seg->off >= s->una_off)
			break;
		if (seg->retransmitted)
			ambiguous = true;
		if (seg->off + seg->len > s->una_off) {
			/* Partly acknowledged: keep the rest. */
			uint64_t done = s->una_off - seg->off;

			seg->off += done;
			seg->len -= (uint32_t)done;
			break;
		}
		sample = now - seg->sent_at;
		s->seg_head = (s->seg_head + 1) % s->seg_cap;
		s->seg_count--;
	}
	return ambiguous ? -1 : sample;
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
	s->cc.now_ns = sim->now;
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
	if (!cc_after_idle(s->cc_ops, &s->cc, sim->now - s->last_send_ns,
			   rto_current(&s->rto), f->cfg->initial_window))
		return why;
	return why ? why
		   : "idle for more than an RTO: cwnd back to the restart "
		     "window (RFC 5681 4.1)";
}

/* ---- transmission ---- */

static void
sender_arm_rto(struct sim *sim, struct sender *s)
{
	/*
	 * Every ACK of new data restarts the timer (RFC 6298 5.3).  Moving
	 * the event in the queue each time would cost a heap removal per
	 * ACK; instead the deadline moves and a queued event that comes too
	 * early re-arms itself for the deadline (sender_on_rto).
	 */
	s->rto_deadline = sim->now + rto_current(&s->rto);
	if (!event_pending(&s->rto_timer) ||
	    s->rto_timer.time > s->rto_deadline)
		sim_schedule(sim, &s->rto_timer, s->rto_deadline);
}

/*
 * Put the bytes at [off, off+len) on the wire.  `window_checked` is set
 * when the caller applied the window rules, so property 1 must hold.
 */
static void
sender_transmit(struct sim *sim, struct flow *f, uint64_t off, uint32_t len,
		bool window_checked, const char *why)
{
	struct sender *s = &f->snd;
	struct packet *p = packet_alloc(&sim->pool);
	uint32_t seq = sender_seq(s, off);
	uint32_t end = seq + len;
	bool resend = seq_before(seq, s->snd_max);

	if (!resend && s->snd_una == s->snd_max)
		why = sender_after_idle(sim, f, why);
	s->last_send_ns = sim->now;
	p->flow = f->index;
	p->seq = seq;
	p->len = len;
	p->wire_len = len + sim->config.link.header_bytes;
	p->stream_off = off;
	p->flags = PKT_DATA;
	s->segments_sent++;
	if (resend) {
		p->flags |= PKT_RETRANSMIT;
		s->retransmits++;
		seg_mark_retransmitted(s, off, len);
	} else {
		p->segment_number = ++s->next_segment_number;
		seg_push(s, off, len, sim->now);
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
	if (sim->tracing) {
		sim_trace(sim, f->index, WHERE_SENDER,
			  resend ? TRACE_RETRANSMIT : TRACE_SEND, seq, 0, len,
			  s->snd_wnd, "%s %u bytes at seq %u%s%s",
			  resend ? "resends" : "sends", len, seq,
			  why ? ": " : "", why ? why : "");
	}
	flow_transmit_data(sim, f, p);
}

/*
 * May a segment shorter than the MSS go now?  RFC 9293 3.7.4 (Nagle): not
 * while data is unacknowledged.  3.8.6.2.1 (sender SWS avoidance): only if
 * it empties the buffer or is at least half the largest window seen.  A
 * small window with nothing in flight is left to the persist timer, which
 * is the override timeout of 3.8.6.2.1 (as in BSD's tcp_output).
 */
static bool
sender_may_send_small(const struct sender *s, const struct flow_config *cfg,
		      uint64_t len, uint64_t unsent, uint64_t inflight)
{
	if (cfg->nagle && inflight > 0)
		return false;
	if (len == unsent || !cfg->sws_avoidance)
		return true;
	return len >= s->max_snd_wnd / 2;
}

/*
 * Nothing in flight will bring an ACK, yet data waits.  A zero window is
 * probed after one RTO, backing off (RFC 9293 3.8.6.1); a window too small
 * to use under SWS avoidance is used anyway after the override timeout
 * (3.8.6.2.1).  A window update cancels either.
 */
static void
sender_arm_persist(struct sim *sim, struct sender *s)
{
	if (event_pending(&s->persist_timer))
		return;
	s->persist_backoff = 0;
	sim_schedule(sim, &s->persist_timer,
		     sim->now + (s->snd_wnd == 0 ? rto_current(&s->rto)
						 : SWS_OVERRIDE_NS));
}

void
sender_output(struct sim *sim, struct flow *f)
{
	struct sender *s = &f->snd;
	const struct flow_config *cfg = f->cfg;
	uint64_t unsent, inflight, usable;

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
		sender_transmit(sim, f, sender_off(s, s->snd_nxt),
				(uint32_t)len, true, NULL);
	}
	if (inflight == 0)
		sender_arm_persist(sim, s);
}

/* ---- timers ---- */

static void
sender_on_persist(struct sim *sim, struct event *ev)
{
	struct flow *f = ev->owner;
	struct sender *s = &f->snd;
	struct packet *p;
	int64_t next;

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
		return;
	}
	/* RFC 9293 3.8.6.1: one byte of new data beyond the zero window. */
	p = packet_alloc(&sim->pool);
	p->flow = f->index;
	p->seq = s->snd_nxt;
	p->len = 1;
	p->wire_len = 1 + sim->config.link.header_bytes;
	p->stream_off = sender_off(s, s->snd_nxt);
	p->flags = PKT_DATA | PKT_PROBE;
	s->probe_out = true;
	s->window_probes++;
	s->segments_sent++;
	s->persist_backoff++;
	next = rto_current(&s->rto);
	for (unsigned i = 0; i < s->persist_backoff && next < PERSIST_MAX_NS;
	     i++)
		next *= 2;
	if (next > PERSIST_MAX_NS)
		next = PERSIST_MAX_NS;
	sim_schedule(sim, &s->persist_timer, sim->now + next);
	if (sim->tracing)
		sim_trace(sim, f->index, WHERE_SENDER, TRACE_PROBE, p->seq, 0,
			  1, 0,
			  "zero-window probe #%u: 1 byte at seq %u to ask "
			  "whether the window has reopened; next in %.3g s "
			  "(RFC 9293 3.8.6.1)",
			  s->persist_backoff, p->seq, time_to_seconds(next));
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

	if (s->rto_deadline == TIME_NEVER)
		return; /* stopped since this wake-up was queued */
	if (sim->now < s->rto_deadline) {
		sim_schedule(sim, &s->rto_timer, s->rto_deadline);
		return; /* restarted since: wait for the new deadline */
	}
	s->rto_deadline = TIME_NEVER;
	if (outstanding == 0)
		return;
	s->timeouts++;
	if (sim->tracing)
		sim_trace(sim, f->index, WHERE_SENDER, TRACE_TIMEOUT,
			  s->snd_una, 0, 0, s->snd_wnd,
			  "retransmission timeout after %.3g s: nothing "
			  "acknowledged since seq %u; back to one segment (RFC "
			  "6298 5.4-5.6, RFC 5681 3.1)",
			  time_to_seconds(rto_current(&s->rto)), s->snd_una);
	sender_cc_clock(sim, s);
	s->cc_ops->on_timeout(&s->cc, outstanding, first);
	rto_backoff(&s->rto);
	/* RFC 6582 3.2 / 4: no fast retransmit for what was sent before. */
	s->in_recovery = false;
	s->dupacks = 0;
	s->recover = s->snd_max - 1;
	/* Go back N: everything outstanding is sent again, in slow start. */
	seg_mark_retransmitted(s, s->una_off, outstanding);
	s->snd_nxt = s->snd_una;
	len = (uint32_t)min_u64(f->cfg->mss, outstanding);
	sender_transmit(sim, f, s->una_off, len, false, "after the timeout");
	sender_arm_rto(sim, s);
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
	if (sim->tracing)
		sim_trace(sim, f->index, WHERE_SENDER, TRACE_DUPACK, 0, ack, 0,
			  s->snd_wnd,
			  "duplicate ACK #%u for seq %u: a later segment "
			  "arrived, this one may be lost",
			  s->dupacks, ack);
	if (s->in_recovery) {
		sender_cc_clock(sim, s);
		s->cc_ops->on_dupack(&s->cc); /* RFC 6582 3.2 step 3 */
		sender_note_cwnd(s);
		return;
	}
	if (s->dupacks != DUPACK_THRESHOLD)
		return;
	/*
	 * RFC 6582 3.2 step 1 (not in Reno, RFC 5681): only if the ACK
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
	s->cc_ops->on_loss(&s->cc, sender_inflight(s));
	sender_note_cwnd(s);
	if (sim->tracing)
		sim_trace(sim, f->index, WHERE_SENDER, TRACE_FAST_RETRANSMIT,
			  ack, 0,
			  (uint32_t)min_u64(f->cfg->mss, sender_inflight(s)),
			  s->snd_wnd,
			  "3rd duplicate ACK: fast retransmit of seq %u, "
			  "ssthresh %llu bytes, enter fast recovery (RFC 5681 "
			  "3.2, RFC 6582)",
			  ack, (unsigned long long)s->cc.ssthresh);
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
	if (wnd > 0 && event_pending(&s->persist_timer)) {
		sim_cancel(sim, &s->persist_timer);
		s->persist_backoff = 0;
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
	sample = seg_ack(s, sim->now);
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
			if (sim->tracing)
				sim_trace(sim, f->index, WHERE_SENDER,
					  TRACE_RECOVERY_EXIT, 0, ack, 0,
					  s->snd_wnd,
					  "%s of seq %u: fast recovery ends, "
					  "cwnd %llu bytes (%s)",
					  s->cc_ops->newreno_recovery
						  ? "full ACK"
						  : "first new ACK",
					  ack, (unsigned long long)s->cc.cwnd,
					  s->cc_ops->newreno_recovery
						  ? "RFC 6582 3.2 step 6"
						  : "RFC 5681 3.2 step 6");
		} else {
			/* Partial ACK: the next hole is lost too; resend it
			 * at once.  Reset the timer on the first only. */
			s->cc_ops->on_partial_ack(&s->cc, acked);
			restart_timer = !s->partial_seen;
			s->partial_seen = true;
			sender_fast_retransmit(sim, f,
					       "partial ACK in fast recovery "
					       "(RFC 6582 3.2 step 5)");
		}
	} else if (cwnd_limited) {
		s->cc_ops->on_ack(&s->cc, acked);
	}
	sender_note_cwnd(s);

	if (s->snd_una == s->snd_max)
		s->rto_deadline = TIME_NEVER; /* RFC 6298 5.2; a queued
					       * wake-up finds it off */
	else if (restart_timer)
		sender_arm_rto(sim, s); /* RFC 6298 5.3 */
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

	sender_update_window(sim, f, p, wnd);
	if (seq_after(ack, s->snd_una)) {
		sender_on_new_ack(sim, f, ack, seq_diff(ack, s->snd_una));
		producer_on_space(sim, f);
	} else if (s->snd_max != s->snd_una && wnd == old_wnd) {
		/* RFC 5681 2: same ACK, same window, data outstanding. */
		sender_on_dupack(sim, f, ack);
	}
	sender_output(sim, f);
}

void
sender_on_min_rto_change(struct sim *sim, struct flow *f)
{
	(void)sim;
	rto_set_min(&f->snd.rto, f->cfg->min_rto_ns);
}

int
sender_limited_by(const struct sim *sim, const struct flow *f)
{
	const struct sender *s = &f->snd;
	uint64_t unsent = sender_unsent(s);
	uint64_t inflight = sender_inflight(s);
	uint64_t wnd = min_u64(s->cc.cwnd, s->snd_wnd);
	uint64_t usable = wnd > inflight ? wnd - inflight : 0;

	(void)sim;
	if (event_pending(&s->persist_timer) && s->snd_wnd == 0)
		return LIMITED_ZERO_WINDOW;
	if (s->in_recovery)
		return LIMITED_RECOVERY;
	if (unsent == 0)
		return f->prod.blocked ? LIMITED_SNDBUF : LIMITED_APP;
	if (usable < min_u64(unsent, f->cfg->mss))
		return s->snd_wnd <= s->cc.cwnd ? LIMITED_RWND : LIMITED_CWND;
	/* It could send but holds a small segment back (Nagle, SWS). */
	return LIMITED_APP;
}
