/* SPDX-License-Identifier: ISC */
/*
 * ping.h: a latency probe, the flow of `app = ping`.
 *
 * Every `ping_interval` from `start`, the probe sends a request of
 * `ping_size` bytes on the wire through the flow's access path and the
 * bottleneck queue, like any data packet (so a queue discipline sees it,
 * and may drop it); the far end turns it round at once into a reply of
 * the same size on the ACK path.  Its round trip is the time from the
 * request leaving to the reply arriving: the base RTT, plus the
 * serialization of both, plus the queueing the request met.  Nothing
 * waits for a reply and nothing is sent again: a lost probe is counted,
 * never retransmitted, and no window limits the probes (like ping(8),
 * unlike a TCP flow).
 *
 * The flow's TCP sender and receiver exist but stay idle: a probe flow
 * writes nothing, and its TCP columns stay at their initial values.
 */
#ifndef TCPSIM_PING_H
#define TCPSIM_PING_H

#include <stdint.h>

#include "net/latency.h"
#include "sim/event_queue.h"

struct sim;
struct flow;
struct packet;

struct pinger {
	struct event next_probe;  /* the next request leaves */
	uint64_t sent;		  /* requests sent */
	uint64_t replies;	  /* replies received */
	int64_t last_rtt_ns;	  /* round trip of the latest reply, or -1 */
	struct latency_hist rtts; /* every round trip */
};

void ping_init(struct sim *sim, struct flow *f);
void ping_free(struct flow *f);

/* A request reaches the far end: it becomes the reply. */
void ping_on_request(struct sim *sim, struct flow *f, struct packet *p);

/* A reply reaches the prober (the packet is released here). */
void ping_on_reply(struct sim *sim, struct flow *f, struct packet *p);

#endif
