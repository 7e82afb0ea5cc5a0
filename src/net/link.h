/* SPDX-License-Identifier: ISC */
/*
 * link.h: the bottleneck link, sender side to receiver side, and the ACK
 * path back.
 *
 * Forward: a drop-tail FIFO queue feeding a serializer at `rate`, then the
 * propagation delay.  The queue holds the packet being serialized too, so
 * that at every instant  arrived = departed + dropped + held  (property
 * 22), and a packet that arrives at a_i leaves at
 * d_i = max(a_i, d_{i-1}) + 8 L_i / C  (property 21).  Random loss and
 * drop_segments strike after serialization: a lost packet used the link
 * and then vanished on the wire.
 *
 * With another queue_discipline (net/aqm.h) the FIFO `fwd` holds only the
 * packet on the wire and the discipline holds the ones waiting: `held` is
 * then the two together, and property 22 still holds with the
 * discipline's drops counted as queue drops.  Drop-tail runs exactly as
 * it did before disciplines existed.  Each departure's sojourn time
 * (departure - enqueue, its serialization included) feeds the mean, the
 * maximum and, in a latency scenario, a histogram for percentiles.
 *
 * Reverse: ACKs are `header` bytes on the wire, serialized at
 * `reverse_rate` (no time when unlimited) in an unbounded FIFO, then the
 * same propagation delay.  ACKs are never lost.
 *
 * A link knows nothing of flows' paths: a packet that leaves it (after
 * the propagation delay, either way) goes to the function the model gave
 * link_init(), which hands it to the next link or to the flow
 * (model/route.h).  A scenario may have several links ([link NAME]);
 * each has its own struct link, configuration and statistics.
 */
#ifndef TCPSIM_LINK_H
#define TCPSIM_LINK_H

#include <stdbool.h>
#include <stdint.h>

#include "net/aqm.h"
#include "net/latency.h"
#include "net/pipe.h"
#include "sim/event_queue.h"
#include "sim/time.h"

struct sim;
struct packet;
struct link_config;
struct link;

/* Where a packet that has crossed a link goes (the model's router). */
typedef void (*link_deliver_fn)(struct sim *sim, struct link *l,
				struct packet *p);

/* One direction's serializer and the queue in front of it. */
struct link_tx {
	struct packet *head, *tail; /* held packets; head is on the wire */
	uint64_t packets;	    /* packets held */
	uint64_t bytes;		    /* wire bytes held */
	struct event done;	    /* the head's serialization ends */
	uint64_t carry;		    /* rounding remainder (time_for_bytes) */
	struct time_memo memo;	    /* the last size's time (no division) */
	int64_t started_at;	    /* when the head started serializing */
	struct pipe prop;	    /* propagation delay after the serializer */
};

struct link {
	const struct link_config *cfg; /* its keys, live (the timeline
					  changes them) */
	const char *name;	       /* [link NAME]'s name; for the
					  default link "link" beside named
					  ones, NULL alone (its messages
					  then as they were before names) */
	link_deliver_fn data_out;      /* a data packet crossed it */
	link_deliver_fn ack_out;       /* an ACK crossed it, backwards */
	struct link_tx fwd;	       /* data direction */
	struct link_tx rev;	       /* ACK direction */
	/* statistics of the forward queue, see struct link_snapshot */
	uint64_t arrived, departed, queue_drops, loss_drops;
	uint64_t queue_max_packets;
	uint64_t wire_bytes_departed;
	int64_t busy_ns;
	double queue_packet_ns;	 /* integral of fwd.packets dt */
	double sojourn_ns_total; /* sum of (departure - enqueue) */
	int64_t integral_at;	 /* time queue_packet_ns covers up to */
	/* queue disciplines other than drop-tail, and queueing delay */
	struct aqm aqm;		 /* waiting packets under red/codel/fq_codel */
	int64_t sojourn_max_ns;	 /* longest (departure - enqueue) */
	int64_t sojourn_last_ns; /* that of the latest departure */
	bool track_latency;	 /* keep sojourn_hist (see sim.h) */
	struct latency_hist sojourn_hist; /* (departure - enqueue) */
};

/* `cfg` and `name` must outlive the link (the sim's live scenario). */
void link_init(struct sim *sim, struct link *l, const struct link_config *cfg,
	       const char *name, link_deliver_fn data_out,
	       link_deliver_fn ack_out);
void link_clear(struct sim *sim, struct link *l);

/* A data packet reaches the link's queue (it may be dropped). */
void link_send_data(struct sim *sim, struct link *l, struct packet *p);

/* An ACK enters the link's reverse direction. */
void link_send_ack(struct sim *sim, struct link *l, struct packet *p);

/* Packets and wire bytes held: waiting and on the wire. */
uint64_t link_held_packets(const struct link *l);
uint64_t link_held_bytes(const struct link *l);

/* Bring the queue integral up to now (before reading statistics). */
void link_account(struct sim *sim, struct link *l);

#endif
