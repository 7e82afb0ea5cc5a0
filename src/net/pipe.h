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

struct pipe {
	struct packet *head, *tail; /* packets in flight, oldest first */
	uint64_t count;		    /* packets in flight */
	struct event head_ready;    /* fires when the head leaves */
	pipe_deliver_fn deliver;    /* next hop */
	void *ctx;		    /* its argument */
};

void pipe_init(struct pipe *pp, pipe_deliver_fn deliver, void *ctx);

/* Packets still inside go back to the pool. */
void pipe_clear(struct sim *sim, struct pipe *pp);

/* Hand `p` in now; it leaves at now + delay (or after the one ahead). */
void pipe_push(struct sim *sim, struct pipe *pp, struct packet *p,
	       int64_t delay_ns);

#endif
