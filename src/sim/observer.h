/* SPDX-License-Identifier: ISC */
/*
 * observer.h: what the simulator tells the outside world.
 *
 * Front ends (CSV writer, event log, summary, terminal UI) never reach into
 * the model: they register a struct sim_observer and read snapshots
 * (sim.h).  A run with no observer builds no event records at all.
 */
#ifndef TCPSIM_OBSERVER_H
#define TCPSIM_OBSERVER_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

struct sim;

/* Where an event happens (`where` column of the event CSV). */
enum trace_where {
	WHERE_SENDER,
	WHERE_QUEUE,
	WHERE_LINK,
	WHERE_RECEIVER,
};

/* What happens (`event` column of the event CSV). */
enum trace_kind {
	TRACE_SEND,	  /* sender: a new data segment leaves */
	TRACE_RETRANSMIT, /* sender: a segment sent again (timeout, recovery) */
	TRACE_ENQUEUE,	  /* queue: a data packet joins the bottleneck queue */
	TRACE_DROP, /* queue: drop-tail; link: random loss or drop_segments */
	TRACE_DELIVER,	     /* receiver: a data segment arrives */
	TRACE_ACK,	     /* receiver: sends an ACK */
	TRACE_DUPACK,	     /* sender: a duplicate ACK arrives (RFC 5681 2) */
	TRACE_WINDOW_UPDATE, /* receiver: an ACK only to reopen the window */
	TRACE_ZERO_WINDOW,   /* receiver: an ACK advertising a zero window */
	TRACE_PROBE,	     /* sender: a zero-window probe */
	TRACE_TIMEOUT,	     /* sender: the retransmission timer fires */
	TRACE_FAST_RETRANSMIT, /* sender: third duplicate ACK, retransmit */
	TRACE_RECOVERY_EXIT,   /* sender: fast recovery ends */
	TRACE_APP_WRITE, /* sender: the producer writes into the send buffer */
	TRACE_APP_READ,	 /* receiver: the consumer reads from the receive buffer
			  */
	TRACE_TIMELINE,	 /* a [timeline] entry takes effect */
	TRACE_HYSTART,	 /* sender: HyStart++ changes phase (RFC 9406) */
	TRACE_CE_MARK,	 /* queue: the AQM marks CE instead of dropping */
	TRACE_ECN,	 /* sender: reacts to ECN-Echo (RFC 3168 6.1.2) */
	TRACE_PING,	 /* sender: a probe's reply arrives (app = ping) */
	TRACE_RELAY,	 /* a relay stops or starts reading, ends
			    (model/relay.h) */
	TRACE_KIND_COUNT
};

/* trace_event.flow of an event that belongs to no flow (a link change). */
#define TRACE_NO_FLOW UINT32_MAX

/*
 * One event, as handed to observers.  The pointer is valid only during the
 * call.  seq and ack are the 32-bit wire values; win is the window in bytes
 * (already scaled); fields that do not apply are 0.
 */
struct trace_event {
	int64_t time_ns;	/* simulated time */
	uint32_t flow;		/* index of the flow, or TRACE_NO_FLOW */
	enum trace_where where; /* sender, queue, link, receiver */
	enum trace_kind kind;	/* what happened */
	uint32_t seq;		/* sequence number of the segment */
	uint32_t ack;		/* acknowledgment number */
	uint32_t len;		/* payload bytes */
	uint64_t win;		/* window in bytes */
	char detail[200];	/* a short sentence for the narration pane */
};

/* SACK blocks a trace_packet can hold: all a TCP header can (RFC 2018 3). */
#define TRACE_SACK_MAX 4

/*
 * One packet at the capture point, on the sender's side of the bottleneck,
 * as a capture on the sending host would see it: data segments (probes
 * and retransmissions included) when the sender puts them on the wire,
 * before the queue can drop them; ACKs when they reach the sender.
 */
struct trace_packet {
	int64_t time_ns;  /* simulated time */
	uint32_t flow;	  /* index of the flow */
	bool from_sender; /* a data segment (else an ACK to the sender) */
	uint32_t seq; /* sequence number (ACKs: the receiver's, ISS 0 + 1) */
	uint32_t ack; /* acknowledgment number (ACKs only) */
	uint32_t len; /* payload bytes */
	uint32_t win; /* ACKs: the 16-bit window field, unscaled */
	uint64_t stream_off; /* data: stream offset of the first payload byte */
	bool probe;	     /* a zero-window probe */
	bool retransmit;     /* payload sent before */
	bool push;	     /* data: PSH set (sender.c, sender_pushes) */
	bool ts;	     /* with the timestamps option (timestamps = on) */
	uint32_t tsval;	     /* ts: TSval, the sender's clock in ms */
	uint32_t tsecr;	     /* ts: TSecr, the TSval echoed */
	bool ect;	     /* data: ECN-capable (ECT(0), RFC 3168) */
	bool ce;	     /* data: marked CE (never, where it is captured:
				the queue is after the capture point) */
	bool ece;	     /* ACKs: ECN-Echo */
	bool cwr;	     /* data: Congestion Window Reduced */
	unsigned n_sack;     /* ACKs: SACK blocks (sack = on), at most 4 */
	uint32_t sack_left[TRACE_SACK_MAX];  /* ACKs: first seq of each
						block, most recent first */
	uint32_t sack_right[TRACE_SACK_MAX]; /* ACKs: seq after each block */
};

/*
 * An observer.  Any callback may be NULL.
 *   on_event:  every packet-level event (trace_event above).
 *   on_sample: every `sample_interval` of simulated time, starting at 0, and
 *              once more at the end of the run; read the state with
 *              sim_flow_snapshot() / sim_link_snapshot().
 *   on_packet: every packet at the capture point (trace_packet above).
 *   on_event_args: every packet-level event, its sentence not written
 *              (below).
 * Callbacks must not call sim_step() or sim_run_until().
 */
struct sim_observer {
	void (*on_event)(void *ctx, const struct sim *sim,
			 const struct trace_event *ev);
	void (*on_sample)(void *ctx, const struct sim *sim, int64_t now_ns);
	void (*on_packet)(void *ctx, const struct sim *sim,
			  const struct trace_packet *pkt);
	void *ctx;
	/*
	 * on_event_args: every packet-level event, as on_event, with the
	 * sentence's format (a string literal) and arguments, `ap` the
	 * observer's own to read once; detail is empty unless some other
	 * observer has on_event.  For the event log, which writes the
	 * sentence straight into its output: written into detail first,
	 * then copied, it cost a third more.
	 */
	void (*on_event_args)(void *ctx, const struct sim *sim,
			      const struct trace_event *ev, const char *fmt,
			      va_list ap);
	/*
	 * wants_detail, with on_event: will on_event read ev->detail of
	 * this event (called just before it, with detail not yet written)?
	 * NULL: always.  The sentence is written only when some observer
	 * wants it: play narrates a few kinds of events unless paused or in
	 * slow motion, and writing every event's sentence was a third of
	 * its time running ahead.  Where no observer wants it, detail is
	 * empty.
	 */
	bool (*wants_detail)(void *ctx, const struct trace_event *ev);
};

/* "send", "enqueue", ... as in the event CSV. */
const char *trace_kind_name(enum trace_kind kind);
/* "sender", "queue", "link", "receiver". */
const char *trace_where_name(enum trace_where where);

#endif
