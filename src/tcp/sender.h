/* SPDX-License-Identifier: ISC */
/*
 * sender.h: the sending side of a TCP connection.
 *
 * State follows RFC 9293 3.3.1: SND.UNA (oldest unacknowledged), SND.NXT
 * (next to send), SND.WND (the peer's window), SND.WL1/SND.WL2 (segment and
 * ack numbers of the last window update).  snd_max is the highest sequence
 * number ever sent: after a timeout SND.NXT goes back to SND.UNA and
 * everything below snd_max is sent again ("go back N").
 *
 * The send buffer holds the bytes written and not yet acknowledged.  Its
 * stream offsets are 64-bit (una_off is the offset of SND.UNA); sequence
 * numbers are derived from them modulo 2^32.
 *
 * Invariants: SND.UNA <= SND.NXT <= snd_max (mod 2^32);
 * una_off + (SND.NXT - SND.UNA) <= written bytes;
 * at every transmission of new data SND.NXT - SND.UNA <= min(cwnd, SND.WND)
 * (property 1), except a 1-byte zero-window probe.
 */
#ifndef TCPSIM_SENDER_H
#define TCPSIM_SENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/event_queue.h"
#include "tcp/cc.h"
#include "tcp/rto.h"
#include "tcp/sack.h"

struct sim;
struct flow;
struct flow_config;
struct packet;

/* A segment sent for the first time and not yet fully acknowledged. */
struct sender_segment {
	uint64_t off;	    /* stream offset of its first byte */
	uint32_t len;	    /* bytes not yet acknowledged */
	bool retransmitted; /* sent again: no RTT sample (Karn) */
	int64_t sent_at;    /* time of its first transmission */
};

/*
 * The fields come in the order of how often they are touched: with
 * thousands of flows a flow's state has left the caches by the time its
 * next ACK arrives, and every cache line it reads costs a fetch from
 * memory (or a prefetch, flow_prefetch_ack()).  The first lines hold what
 * every ACK and every segment sent reads or writes; then the congestion
 * control's state (its scalars first: CUBIC's private part and the note
 * are behind them), the SACK scoreboard's hot part and what loss recovery
 * reads per ACK; counters and timers' rare state last.
 */
struct sender {
	/* ---- every ACK and every segment sent: four lines ---- */
	_Alignas(64) uint32_t snd_una; /* SND.UNA */
	uint32_t snd_nxt;	       /* SND.NXT */
	uint32_t snd_max;	       /* highest sequence number sent + 1 */
	uint32_t snd_wl1, snd_wl2; /* RFC 9293 3.10.7.4 window update rule */
	/* timestamps = on (RFC 7323): the TSval of the receiver's latest ACK,
	 * echoed in data segments, and the TSecr of the ACK being processed
	 * (0: none), which measures the RTT where Karn's rule cannot */
	uint32_t ts_recent, ack_tsecr;
	unsigned dupacks;      /* duplicate ACKs in a row */
	uint64_t una_off;      /* stream offset of SND.UNA = bytes acked */
	uint64_t written;      /* bytes written by the producer in all */
	uint64_t snd_wnd;      /* SND.WND, bytes (scaled) */
	uint64_t max_snd_wnd;  /* largest SND.WND seen (SWS, 3.8.6.2.1) */
	uint64_t pushed_off;   /* stream offset after the last segment sent
				  with PSH (forced_push, below) */
	uint64_t tail_buf_off; /* gso = linux: where the last buffer of the
				  write queue (Linux's tail skb) begins */
	/* where the producer's writes ended, not yet sent: each write ends
	 * with a push (PSH on the segment holding its last byte); a queue,
	 * push_at[push_head .. push_head + push_n).  32-bit counts, like
	 * the ring's below, so that the hot part fits its lines: a queue or
	 * ring of 2^31 entries would need tens of gigabytes first. */
	uint64_t *push_at;
	uint32_t push_head, push_n, push_cap;
	/* the ring of segments in flight, segs[seg_head ..] */
	uint32_t seg_head, seg_count, seg_cap;
	const struct cc_ops *cc_ops; /* the algorithm */
	uint8_t snd_wscale;	     /* the receiver's window shift */
	bool in_recovery;	     /* fast recovery (RFC 6582) */
	/* loss detection and recovery (sack, limited_transmit,
	 * careful_timeout) */
	bool in_loss;	   /* after a timeout, until an ACK covers "recover":
			      no fast retransmit (RFC 6582 4.1, RFC 6675 5.1) */
	bool partial_seen; /* a partial ACK arrived in this recovery */
	/* written by every new segment sent: kept out of the word of the
	 * three above, which sender_output() reads as one (a load that
	 * overlaps a recent narrower store waits for it) */
	bool probe_out;	      /* a zero-window probe awaits its answer */
	bool ecn_cwr_pending; /* set CWR on the next new segment (ECN) */
	/* persist_timer is queued: event_pending() without the event's
	 * line, which every ACK would read (sender_schedule_persist()) */
	bool persist_queued;
	struct sender_segment *segs;  /* ring of segments in flight */
	uint64_t next_segment_number; /* numbers first transmissions
					 (drop_segments) */
	uint64_t last_ack_advance;    /* bytes the last new ACK covered */
	uint64_t limited_sent;	      /* bytes sent by limited transmit since
					 the last new ACK (not in FlightSize,
					 RFC 6675 4.2) */
	int64_t last_send_ns;	/* last data transmission, -1 before the first:
				   restart_after_idle measures idle from it */
	uint64_t segments_sent; /* counter, every transmission */
	uint64_t max_cwnd;	/* counter: the largest cwnd */
	int64_t rto_deadline;	/* when the timer expires; TIME_NEVER: off */
	/* when the queued rto_timer wakes, TIME_NEVER when it is not queued:
	 * its time without the event's line (sender_schedule_rto()) */
	int64_t rto_timer_at;
	struct rto rto; /* RFC 6298 estimator */
	/* ---- loss recovery, timers, the rest ---- */
	uint32_t recover;	  /* "recover" of RFC 6582 */
	uint32_t snd_sml;	  /* end of the last small segment sent (Linux's
				     snd_sml, for nagle = minshall) */
	uint32_t iss;		  /* initial send sequence number (isn) */
	uint32_t ecn_recover;	  /* ECN (ecn = on, RFC 3168 6.1.2): SND.MAX
				     at the last reaction to ECE: the next
				     needs an ACK beyond it (once per window
				     of data) */
	unsigned persist_backoff; /* probes sent since the window closed */
	struct event rto_timer;	  /* wakes at or before rto_deadline */
	struct event persist_timer; /* zero-window probes */
	/* ---- SACK: the scoreboard's hot part first (sack.h) ---- */
	_Alignas(64) struct sack_scoreboard
		sb;	/* RFC 6675 scoreboard (sack = on) */
	uint64_t pipe;	/* RFC 6675 pipe: SetPipe() at each ACK,
			   + what was sent since (C.4) */
	struct prr prr; /* RFC 6937 state in SACK recovery */
	/* counters of loss recovery, beside the state it reads (the line
	 * before cc): with drops they change on many ACKs */
	uint64_t retransmits, timeouts, fast_retransmits;
	uint64_t limited_transmits; /* segments sent by RFC 3042 */
	/* payload bytes sent again, every retransmission counted */
	uint64_t retransmitted_bytes;
	/* ---- every ACK: the congestion control's scalars (cc.h), ahead of
	 * its private part and note ---- */
	_Alignas(64) struct cc_state cc; /* cwnd and ssthresh */
	/* ---- counters of rare events, for the summary ---- */
	uint64_t window_probes;
	uint64_t ecn_reductions; /* reactions to ECN-Echo */
	/* gso = linux: gso_linux_size_goal() of size_goal_wnd (max_snd_wnd)
	 * and size_goal_mss, kept between writes; 0: not computed */
	uint64_t size_goal, size_goal_wnd;
	uint32_t size_goal_mss;
	/* where seg_mark_retransmitted() last found a record: segs[] index
	 * at capacity seg_hint_cap (recovery resends holes in stream order,
	 * so the next is a few records on) */
	uint32_t seg_hint, seg_hint_cap;
};

void sender_init(struct sim *sim, struct flow *f);
void sender_free(struct sender *s);

/* The producer wrote [start, end) (stream offsets); its end is a push.
 * With gso = linux a write that appends to the unsent last buffer of the
 * write queue takes the previous write's push away (gso.h). */
void sender_note_write(struct sender *s, const struct flow_config *cfg,
		       uint64_t start, uint64_t end);

/* Send whatever the windows, Nagle and SWS avoidance allow now. */
void sender_output(struct sim *sim, struct flow *f);

/* An ACK arrives from the receiver. */
void sender_on_ack(struct sim *sim, struct flow *f, const struct packet *p);

/* Bytes in flight, SND.NXT - SND.UNA. */
uint64_t sender_inflight(const struct sender *s);

/* Bytes written and not yet sent (beyond SND.NXT). */
uint64_t sender_unsent(const struct sender *s);

/* Bytes in the send buffer: written and not acknowledged. */
uint64_t sender_buffered(const struct sender *s);

/* What holds the sender back now (LIMITED_*, sim.h). */
int sender_limited_by(const struct sim *sim, const struct flow *f);

/*
 * The facts sender_limited_by() decides from, so that the rule can be
 * tested without a simulation.  The CSV's limited_by column and the
 * banner of `tcpsim play` both come from this one rule.
 */
struct sender_limit_facts {
	bool zero_window_probing; /* persist timer armed on a zero window */
	bool in_recovery;	  /* fast recovery (or SACK loss recovery) */
	bool producer_blocked;	  /* on_full = block and the buffer is full */
	bool nagle_holds;	  /* a segment shorter than the MSS is held
				     back by Nagle (RFC 9293 3.7.4) */
	uint64_t unsent;	  /* bytes written, not yet sent */
	uint64_t inflight;	  /* SND.NXT - SND.UNA */
	uint64_t cwnd;		  /* congestion window (UINT64_MAX: none) */
	uint64_t snd_wnd;	  /* window last advertised by the receiver */
	uint64_t mss;		  /* sender maximum segment size */
};

/*
 * The rule, first match wins: zero window; recovery; nothing unsent
 * (sndbuf when the producer is blocked on a full buffer, else app); the
 * usable window smaller than the next segment (rwnd when it is the
 * smaller window, else cwnd); Nagle holding a small segment (nagle);
 * otherwise sndbuf if the producer is blocked, else app.  Returns an
 * enum limited_by.
 */
int sender_limit_classify(const struct sender_limit_facts *facts);

/* min_rto changed on the timeline. */
void sender_on_min_rto_change(struct sim *sim, struct flow *f);

#endif
