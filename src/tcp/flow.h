/* SPDX-License-Identifier: ISC */
/*
 * flow.h: one TCP connection with its applications and access path.
 *
 * Data: producer -> send buffer -> sender -> access path (extra_delay) ->
 * bottleneck (net/link.h) -> receiver -> receive buffer -> consumers.
 * ACKs: receiver -> ACK path of the link -> access path -> sender.
 * With app = ping the producer and consumers stay idle and the probe of
 * net/ping.h uses the same paths, without TCP.
 */
#ifndef TCPSIM_FLOW_H
#define TCPSIM_FLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "model/records.h"
#include "net/ping.h"
#include "net/pipe.h"
#include "tcp/app.h"
#include "tcp/receiver.h"
#include "tcp/sender.h"

struct sim;
struct packet;
struct flow_config;
struct flow_snapshot;

/*
 * With thousands of flows each packet finds its flow's state out of the
 * caches, so the fields are ordered by use: what every packet reads comes
 * first (the flow's own header, the applications' hot parts, then the
 * sender and the receiver, each starting on a cache line and hot part
 * first: sender.h, receiver.h); what only some flows or rare events use
 * (ping, access paths, relays' records, drop counts) comes last.
 * flow_prefetch_data() and flow_prefetch_ack() fetch the hot lines.
 */
struct flow {
	/* ---- every packet ---- */
	uint32_t index;		 /* position in sim->flows */
	bool finished;		 /* every byte of write_total read */
	struct flow_config *cfg; /* live settings, in sim->config */
	/* relays and records (model/relay.h, model/records.h) */
	struct relay *reader_relay; /* reads this flow instead of consumers */
	struct relay *writer_relay; /* writes it instead of the producer */
	struct consumer cons;	    /* the reading application(s) */
	/* counted as the link drops a packet the sender has just sent:
	 * beside the producer's hot part, in a line that sending reads */
	uint64_t drops;		/* this flow's packets dropped or lost */
	uint64_t dropped_bytes; /* their payload bytes */
	struct producer prod;	/* the writing application */
	struct sender snd;	/* sending TCP */
	struct receiver rcv;	/* receiving TCP */
	/* ---- rarely, or only in some scenarios ---- */
	struct pinger ping;	    /* app = ping: the probe (net/ping.h) */
	struct pipe access_out;	    /* sender -> bottleneck, extra_delay */
	struct pipe access_in;	    /* ACK path -> sender, extra_delay */
	int64_t completion_ns;	    /* when, or -1 */
	struct records_fifo births; /* written, not yet read: when (kept when
				       sim->track_records) */
	uint64_t record_size;	    /* its chain's producer's, 0: bytes only */
	uint32_t writer_slot;	    /* its index in writer_relay->to */
};

/*
 * The timestamps clock (RFC 7323 5.4): one tick a millisecond, Linux's
 * TCP_TS_HZ, counted from 1 so that a TSecr of 0 means "nothing echoed".
 */
static inline uint32_t
flow_ts_clock(int64_t now_ns)
{
	return (uint32_t)(now_ns / 1000000) + 1;
}

void flow_init(struct sim *sim, struct flow *f, uint32_t index);
void flow_free(struct sim *sim, struct flow *f);

/* The sender hands a data packet to the network. */
void flow_transmit_data(struct sim *sim, struct flow *f, struct packet *p);
/* The receiver hands an ACK to the network. */
void flow_transmit_ack(struct sim *sim, struct flow *f, struct packet *p);

/* The link delivers (dispatch by p->flow). */
void flow_on_data_arrival(struct sim *sim, struct packet *p);
void flow_on_ack_arrival(struct sim *sim, struct packet *p);

/*
 * Packet `p` will reach its flow's receiver (data) or sender (ACK) soon:
 * fetch into the cache the flow's state that its arrival reads.  With
 * thousands of flows that state has left the caches since the flow's
 * last packet; links call these a departure ahead (net/pipe.h).  Hints
 * only: nothing observable changes.
 */
void flow_prefetch_data(const struct sim *sim, const struct packet *p);
void flow_prefetch_ack(const struct sim *sim, const struct packet *p);
/* The next step for the same segment, a departure later: the receiver's
 * out-of-order tree, root and header, when it holds data. */
void flow_prefetch_data_near(const struct sim *sim, const struct packet *p);
/* The next step for the same ACK, a departure later: the ring entry of
 * its sender's oldest segment in flight, the push queue's last entry
 * (sender_note_write()) and the SACK scoreboard's first range and sum,
 * whose addresses are in the lines flow_prefetch_ack() fetched. */
void flow_prefetch_ack_ring(const struct sim *sim, const struct packet *p);

/*
 * The link dropped or lost one of this flow's packets: counts it, and its
 * payload bytes (p->len), so that a lesson can set bytes lost beside
 * bytes written.
 */
void flow_count_drop(struct sim *sim, const struct packet *p);

/* Has the flow read its last byte?  Marks it finished if so. */
void flow_check_finished(struct sim *sim, struct flow *f);

void flow_snapshot(const struct sim *sim, const struct flow *f,
		   struct flow_snapshot *out);

#endif
