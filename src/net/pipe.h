/* SPDX-License-Identifier: ISC */
/*
 * pipe.h: a delay line.
 *
 * A pipe holds packets for a fixed propagation delay and hands them on in
 * the order they entered (FIFO): a packet never leaves before the one
 * ahead of it, even if the delay is shortened during the run.  Only the
 * packet at the head has an event in the simulator's queue, so a long fat
 * pipe with thousands of packets in flight costs one queued event.
 */
#ifndef TCPSIM_PIPE_H
#define TCPSIM_PIPE_H

#include <stdint.h>

#include "sim/event_queue.h"

struct sim;
struct packet;

/* Where a pipe delivers its packets. */
typedef void (*pipe_deliver_fn)(struct sim *sim, void *ctx, struct packet *p);

/*
 * A hint that must change nothing: a packet will leave soon, and its next
 * hop may fetch into the cache what its delivery will need.  `ahead` is
 * told of the packet behind the new head as the one before the head
 * leaves (two departures ahead: a flow's lines), `near` of the new head
 * itself, one departure later (what `ahead` fetched has arrived and may
 * say where the rest is).
 */
typedef void (*pipe_ahead_fn)(struct sim *sim, void *ctx,
			      const struct packet *p);

struct pipe {
	struct packet *head, *tail; /* packets in flight, oldest first */
	uint64_t count;		    /* packets in flight */
	struct event head_ready;    /* fires when the head leaves */
	pipe_deliver_fn deliver;    /* next hop */
	void *ctx;		    /* its argument */
	pipe_ahead_fn ahead;	    /* NULL, or told of the packet behind
				       each new head */
	pipe_ahead_fn near;	    /* NULL, or told of each new head */
};

void pipe_init(struct pipe *pp, pipe_deliver_fn deliver, void *ctx);

/* Tell `ahead` (with the pipe's ctx) of the packet behind each new head
 * (pipe_ahead_fn). */
void pipe_set_ahead(struct pipe *pp, pipe_ahead_fn ahead);
/* Tell `near` of each new head (pipe_ahead_fn), on a pipe with `ahead`
 * only. */
void pipe_set_near(struct pipe *pp, pipe_ahead_fn near);
/* Packets still inside go back to the pool. */
void pipe_clear(struct sim *sim, struct pipe *pp);

/* Hand `p` in now; it leaves at now + delay (or after the one ahead). */
void pipe_push(struct sim *sim, struct pipe *pp, struct packet *p,
	       int64_t delay_ns);

#endif
