/* SPDX-License-Identifier: ISC */
/*
 * sim.h: the simulator, as front ends see it.
 *
 * A struct sim owns everything of one run: the clock, the event queue, the
 * random generator, the link and the flows.  It is built from a scenario
 * (which it copies), driven one event at a time or up to a time, and read
 * through snapshots.  There are no globals: two sims can run side by side.
 *
 * The run ends at `duration`, or earlier when every flow has finished
 * (its write_total written and read).
 */
#ifndef TCPSIM_SIM_H
#define TCPSIM_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/observer.h"

struct scenario;
struct sim;

/* What holds a sender back at an instant (`limited_by` in the CSV). */
enum limited_by {
	LIMITED_NONE,	/* nothing: it is sending */
	LIMITED_APP,	/* nothing to send: the producer is slower */
	LIMITED_SNDBUF, /* the send buffer is full of unacknowledged data */
	LIMITED_CWND,	/* the congestion window */
	LIMITED_RWND,	/* the receiver's advertised window */
	LIMITED_ZERO_WINDOW, /* zero window, persist timer running */
	LIMITED_RECOVERY,    /* in fast recovery */
	LIMITED_NAGLE,	     /* Nagle holds a small segment back while data is
				unacknowledged (RFC 9293 3.7.4) */
};

const char *limited_by_name(enum limited_by lim);

/* One flow at an instant.  Counters are cumulative from the start. */
struct flow_snapshot {
	const char *name; /* flow name, valid while the sim lives */
	/* sender */
	uint64_t cwnd_bytes;	    /* UINT64_MAX when cc = none */
	uint64_t ssthresh_bytes;    /* UINT64_MAX until the first loss */
	uint64_t rwnd_bytes;	    /* window last advertised to the sender */
	uint64_t inflight_bytes;    /* SND.NXT - SND.UNA */
	uint64_t send_buffer_bytes; /* bytes in the send buffer */
	uint64_t send_buffer_limit; /* its size */
	uint32_t snd_una, snd_nxt;  /* wire sequence numbers */
	bool producer_blocked;	    /* on_full = block and the buffer is full */
	bool in_recovery;	    /* fast recovery */
	bool persist_running;	    /* zero-window persist timer armed */
	enum limited_by limited_by; /* what holds the sender back */
	int64_t srtt_ns, rttvar_ns; /* RFC 6298 estimators, 0 before a sample */
	int64_t rto_ns;		    /* current RTO, backoff included */
	int64_t min_rtt_ns;	    /* smallest RTT sample, 0 before a sample */
	int64_t last_rtt_ns;	    /* latest RTT sample, 0 before a sample */
	/* receiver */
	uint64_t recv_buffer_bytes; /* in-order unread + out-of-order bytes held
				     */
	uint64_t recv_buffer_limit; /* receive_buffer */
	uint32_t rcv_nxt;	    /* wire sequence number */
	/* counters */
	uint64_t written_bytes;	       /* producer wrote into the send buffer */
	uint64_t dropped_writes_bytes; /* on_full = drop: writes shed */
	uint64_t delivered_bytes;      /* in order, accepted by the receiver */
	uint64_t read_bytes;	       /* read by the consumer */
	uint64_t segments_sent; /* data segments sent, retransmissions included
				 */
	uint64_t retransmits;	/* segments sent again */
	uint64_t timeouts;	/* RTO expiries */
	uint64_t fast_retransmits;    /* third duplicate ACKs acted upon */
	uint64_t zero_window_adverts; /* ACKs advertising a zero window */
	uint64_t window_probes;	      /* zero-window probes sent */
	uint64_t drops;		      /* this flow's packets dropped or lost */
	uint64_t dropped_bytes;	      /* their payload bytes */
	uint64_t retransmitted_bytes; /* payload bytes of the retransmits */
	uint64_t max_cwnd_bytes;      /* largest cwnd (0 when cc = none) */
	uint64_t ecn_reductions;      /* sender: reactions to ECN-Echo */
	uint64_t ce_received;	      /* receiver: segments that came CE */
	int64_t start_ns;	      /* when the producer started */
	int64_t completion_ns;	      /* when the last byte was read, or -1 */
	/* fixed for the run */
	uint32_t mss;	/* sender maximum segment size */
	uint32_t isn;	/* initial sequence number (SYN) */
	uint8_t wscale; /* receiver's window shift (RFC 7323) */
};

/* The bottleneck link at an instant; integrals are over [0, now]. */
struct link_snapshot {
	uint64_t rate_bps;	/* current rate */
	uint64_t queue_packets; /* packets held, the one serializing included */
	uint64_t queue_bytes;	/* bytes held (wire bytes) */
	uint64_t queue_max_packets; /* largest queue_packets seen */
	uint64_t arrived;	    /* data packets offered to the queue */
	uint64_t departed;	    /* packets fully serialized */
	uint64_t queue_drops;	    /* drop-tail drops */
	uint64_t loss_drops;	    /* random loss and drop_segments */
	int64_t busy_ns;	    /* time spent serializing */
	double queue_packet_ns;	    /* integral of queue_packets over time */
	double sojourn_ns_total; /* sum over departed packets of their time held
				  */
	uint64_t wire_bytes_departed; /* bytes serialized, headers included */
	/* queue disciplines and queueing delay */
	int discipline;		 /* enum queue_discipline */
	int64_t sojourn_last_ns; /* (departure - enqueue) of the latest
				    departure, -1 before one */
	int64_t sojourn_max_ns;	 /* the longest, 0 before one */
	uint64_t aqm_drops;	 /* queue drops decided by RED or CoDel */
	uint64_t ecn_marks;	 /* CE marks instead of drops (RFC 3168) */
};

/*
 * Delays summed up: count, nearest-rank percentiles (net/latency.h:
 * within 0.4 %, never under), exact maximum; -1 when there is none.
 */
struct latency_summary {
	uint64_t n;	/* values */
	int64_t p50_ns; /* median */
	int64_t p99_ns; /* 99th percentile */
	int64_t max_ns; /* largest */
	double mean_ns; /* mean, 0 without values */
};

/* A probe flow (app = ping, net/ping.h) at an instant. */
struct ping_snapshot {
	uint64_t sent;		    /* requests sent */
	uint64_t replies;	    /* replies received */
	int64_t last_rtt_ns;	    /* latest round trip, or -1 */
	struct latency_summary rtt; /* every round trip so far */
};

/*
 * Is this scenario about latency (a queue discipline other than
 * drop-tail, ECN, or a probe flow)?  Then the outputs add their latency
 * figures (queueing delay percentiles, probe round trips); otherwise
 * they are exactly as they were before these existed.
 */
bool sim_reports_latency(const struct scenario *sc);

/* The queueing delay of the packets that left the bottleneck (kept only
 * when sim_reports_latency(); n = 0 otherwise). */
void sim_link_sojourn(const struct sim *sim, struct latency_summary *out);

/* Is `flow` a probe flow; its figures. */
bool sim_flow_is_ping(const struct sim *sim, size_t flow);
void sim_flow_ping(const struct sim *sim, size_t flow,
		   struct ping_snapshot *out);

/*
 * Create a simulator for `sc` (copied; the caller may free it at once).
 * The scenario must have passed scenario_validate().  Aborts on no memory.
 */
struct sim *sim_create(const struct scenario *sc);

/*
 * The same, except that the sim reads the timeline of `sc` where it is
 * instead of copying it (100 000 timeline lines are 19 MB): `sc` must
 * outlive the sim, and its timeline must not change meanwhile.  The
 * simulator only reads its timeline.
 */
struct sim *sim_create_sharing(const struct scenario *sc);
void sim_destroy(struct sim *sim);

/*
 * Bytes the sim holds in mappings of its own (its per-flow arrays on huge
 * pages, model/huge.h), which the C library's allocator does not count
 * (util/xmalloc.h: xmalloc_in_use()).
 */
size_t sim_mapped_bytes(const struct sim *sim);

/* Register an observer (copied).  Call before the first step. */
void sim_add_observer(struct sim *sim, const struct sim_observer *obs);

/*
 * Run the next event.  Returns false, doing nothing, when the run has
 * ended (duration reached or every flow finished).
 */
bool sim_step(struct sim *sim);

/* Run every event with time <= t (and not past the end); then now = t. */
void sim_run_until(struct sim *sim, int64_t t);

/*
 * As sim_run_until(), but run at most `max_events` events: a front end
 * that must answer a key or a signal promptly bounds the wall time of
 * each call this way, since the simulated time a number of events takes
 * has no bound (a fast link with tiny segments runs billions of events
 * per simulated millisecond).  Returns true when the run reached `t` (or
 * ended) as sim_run_until() would have; false when the budget ran out
 * first, the clock then standing at the last event run.
 */
bool sim_run_until_bounded(struct sim *sim, int64_t t, uint64_t max_events);

/* Run to the end. */
void sim_run(struct sim *sim);

bool sim_finished(const struct sim *sim);
int64_t sim_now(const struct sim *sim);
int64_t sim_duration(const struct sim *sim); /* the configured end */
uint64_t sim_event_count(const struct sim *sim);
uint64_t sim_seed(const struct sim *sim);
const struct scenario *sim_scenario(const struct sim *sim); /* live config */

size_t sim_flow_count(const struct sim *sim);
const char *sim_flow_name(const struct sim *sim, size_t flow);
/* flow_snapshot.dropped_writes_bytes alone, without the rest's work
 * (play asks at each write of the producer). */
uint64_t sim_flow_dropped_writes(const struct sim *sim, size_t flow);

void sim_flow_snapshot(const struct sim *sim, size_t flow,
		       struct flow_snapshot *out);
void sim_link_snapshot(const struct sim *sim, struct link_snapshot *out);

/*
 * Every link, the named ones ([link NAME]) too.  Links are numbered by
 * id: 0 is the default link (`link`, the one sim_link_snapshot() reads),
 * 1 .. sim_link_count() - 1 the named links in file order.  A scenario
 * that names no link has one link: sim_link_count() is 1.
 */
size_t sim_link_count(const struct sim *sim);
const char *sim_link_name(const struct sim *sim, size_t id);
void sim_link_snapshot_id(const struct sim *sim, size_t id,
			  struct link_snapshot *out);

/* A range of wire sequence numbers, [start, end), modulo 2^32. */
struct seq_range {
	uint32_t start; /* the first byte */
	uint32_t end;	/* the byte after the last */
};

/*
 * With sack = on, the sender's RFC 6675 scoreboard, for the terminal UI's
 * window ruler.  sim_flow_sacked() fills out[0..max) with the ranges the
 * receiver has SACKed; sim_flow_lost() with the holes between SND.UNA and
 * the highest SACKed byte that the scoreboard presumes lost (IsLost()).
 * Both are sorted, disjoint and above SND.UNA; both return how many
 * ranges there are in all (which may exceed max), 0 with sack = off.
 */
size_t sim_flow_sacked(const struct sim *sim, size_t flow,
		       struct seq_range *out, size_t max);
size_t sim_flow_lost(const struct sim *sim, size_t flow, struct seq_range *out,
		     size_t max);

/* Where a packet is, for drawing the link. */
enum packet_place {
	PLACE_QUEUE,   /* in the bottleneck queue (index 0 is serializing) */
	PLACE_FORWARD, /* propagating towards the receiver */
	PLACE_REVERSE, /* an ACK propagating back towards the sender */
};

/* A packet between the sender and the receiver, for the terminal UI. */
struct packet_view {
	enum packet_place place; /* queue, forward or reverse */
	uint32_t flow;		 /* index of the flow */
	bool is_ack;		 /* an ACK (reverse path) */
	uint32_t seq, ack, len;	 /* as on the wire */
	uint32_t queue_index;	 /* PLACE_QUEUE: position, 0 at the head */
	double progress;	 /* FORWARD/REVERSE: 0 just left .. 1 arrives */
};

/*
 * Fill out[0..max) with the packets in the bottleneck queue and on the
 * propagation paths of the link, oldest first in each place; returns how
 * many there are in all (which may exceed max).  ACKs waiting for the
 * reverse serializer count as PLACE_REVERSE with progress 0.
 */
size_t sim_packets_in_flight(const struct sim *sim, struct packet_view *out,
			     size_t max);

/* The same for link `id` (sim_link_count()): sim_packets_in_flight() is
 * link 0's, the default link's. */
size_t sim_link_packets_in_flight(const struct sim *sim, size_t id,
				  struct packet_view *out, size_t max);

/* Is a packet of flow `flow`, data or ACK, on a link (any link of its
 * path: in a queue, serializing or propagating, either way)?  The same
 * as looking for it among sim_link_packets_in_flight() of every link,
 * without the look: a count kept as packets come and go. */
bool sim_flow_on_links(const struct sim *sim, size_t flow);

/*
 * The flows that have finished (every byte written was read: their
 * completion_ns is set), in the order they finished: how many, and the
 * k-th of them (k < sim_flows_completed()).  A flow finishes once, so
 * the list only grows: whoever waits for flows to finish keeps how far
 * it has read it, instead of looking at every flow again.
 */
size_t sim_flows_completed(const struct sim *sim);
size_t sim_completed_flow(const struct sim *sim, size_t k);

/*
 * Apply a setting now, as if a [timeline] entry fell due at this instant
 * (e->at_ns is ignored): for a teacher's live changes.  The key must be
 * one the timeline may change (the scenario module checks that).
 */
struct timeline_entry;
void sim_apply_now(struct sim *sim, const struct timeline_entry *e);

/*
 * Records, lag and relays ([relay NAME], record_size; model/relay.h).
 *
 * Records are numbered by stream offset: with record_size s, record k of
 * a flow is its bytes [k*s, (k+1)*s), and a record counts where its first
 * byte is (written once its first byte is written, read once its first
 * byte is read).  Relays forward whole records, so a chain keeps them.
 *
 * A flow's lag is what was written into it and not yet read out of it
 * (its send buffer, the network, its receive buffer).  Where the flow's
 * reader is an application it is that consumer's lag; time lag is now
 * minus the time the chain's producer wrote the oldest unread byte.
 *
 * A relay reports what it holds.  Its group lag is Kafka's consumer
 * group lag, log end offset minus consumed offset: what the relay has
 * taken in and its consumers (the readers of its to flows) have not read
 * yet, which is its held records plus each to flow's lag.
 */
struct lag_snapshot {
	uint64_t record_size;	  /* the chain producer's, 0: bytes only */
	uint64_t records_written; /* records written into the flow */
	uint64_t records_read;	  /* records read out of it */
	uint64_t lag_records;	  /* written and not yet read */
	uint64_t lag_bytes;	  /* bytes written and not yet read */
	int64_t time_lag_ns;	  /* age of the oldest unread byte, -1: none */
	bool consumer;		  /* read by an application, not a relay */
	size_t reader_relay;	  /* the relay reading it, or SIZE_MAX */
	size_t writer_relay;	  /* the relay writing it, or SIZE_MAX */
	bool shedding;		  /* its producer sheds writes on lag */
};

struct relay_snapshot {
	const char *name;	/* valid while the sim lives */
	size_t from_flow;	/* index of the flow it reads */
	size_t n_to;		/* the flows it writes: how many */
	const size_t *to_flows; /* their indexes, valid while the sim lives */
	uint64_t buffer_bytes;	/* bytes held in its store */
	uint64_t buffer_limit;	/* `buffer` */
	uint64_t held_records;	/* records held (0 without record_size) */
	int64_t oldest_age_ns;	/* age of its oldest held byte, -1: none */
	uint64_t unit_bytes;	/* bytes it forwards at once */
	uint64_t record_size;	/* its chain's, 0: bytes only */
	uint64_t process_rate_bps;  /* current, SCENARIO_UNLIMITED or 0 */
	int on_full;		    /* enum on_full */
	int dispatch;		    /* enum relay_dispatch */
	bool reading;		    /* false: on_full = block and it is full */
	bool waiting;		    /* a unit waits for a full send buffer */
	size_t waiting_for;	    /* that to flow's index, or SIZE_MAX when
				      least_loaded waits for room in any */
	bool done;		    /* from ended, everything forwarded */
	uint64_t read_bytes;	    /* read from `from` (kept or dropped) */
	uint64_t forwarded_bytes;   /* written into the to flows */
	uint64_t dropped_bytes;	    /* on_full = drop: discarded */
	uint64_t group_lag_records; /* held + the to flows' lag */
	uint64_t group_lag_bytes;   /* the same in bytes */
	int64_t group_time_lag_ns;  /* age of the group's oldest unread
				       byte, -1: none */
};

size_t sim_relay_count(const struct sim *sim);
const char *sim_relay_name(const struct sim *sim, size_t relay);
void sim_relay_snapshot(const struct sim *sim, size_t relay,
			struct relay_snapshot *out);
void sim_flow_lag(const struct sim *sim, size_t flow, struct lag_snapshot *out);

/*
 * A run fails "loudly" when an invariant breaks (the byte stream read is
 * not the one written, a window overrun): the simulator prints
 * "tcpsim: invariant violated: ..." naming the flow and time, and aborts.
 */

#endif
