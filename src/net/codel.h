/* SPDX-License-Identifier: ISC */
/*
 * codel.h: Controlled Delay (RFC 8289), the dequeue side of one queue.
 *
 * CoDel looks at each packet as it leaves the queue.  When the sojourn
 * time (now - the packet's enqueue time) has stayed at or above `target`
 * for a whole `interval`, it drops that packet and enters the dropping
 * state; in that state the next drop falls due interval/sqrt(count) after
 * the previous one (the control law, 4.3), so drops come faster until
 * the sojourn time goes back under target.  On re-entering the dropping
 * state soon after leaving it (within 16 intervals of the last scheduled
 * drop), count resumes from the number of drops of the last episode
 * instead of 1 (the `lastcount` rule of the pseudocode, 5.6, the Linux
 * version).
 *
 * This file is the RFC's pseudocode over a struct fifo, with the clock
 * passed in, so that tests can drive it at chosen instants; it knows
 * nothing of the simulator.  The caller says what dropping and marking
 * mean (struct codel_ops).
 */
#ifndef TCPSIM_CODEL_H
#define TCPSIM_CODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "net/fifo.h"

struct packet;

/* The knobs (RFC 8289 4.2-4.4). */
struct codel_params {
	int64_t target_ns;   /* acceptable standing queue delay: 5 ms */
	int64_t interval_ns; /* a worst-case RTT: 100 ms */
	uint64_t mtu_bytes;  /* MAXPACKET: a queue of at most this many
				bytes is never "above target" */
};

/* One queue's state (the pseudocode's member variables). */
struct codel {
	int64_t first_above_time; /* when sojourn will have been above target
				     for an interval; 0: it is below */
	int64_t drop_next;	  /* when the next drop falls due (dropping) */
	uint32_t count;		  /* drops since entering the dropping state */
	uint32_t lastcount;	  /* count when the last episode began */
	bool dropping;		  /* in the dropping state */
};

/*
 * What CoDel's decisions do to a packet.  mark() returns true when the
 * packet took a CE mark instead (RFC 3168: ECN-capable and the link
 * marks); it then stays in the stream.  drop() frees the packet.
 */
struct codel_ops {
	bool (*mark)(void *ctx, struct packet *p);
	void (*drop)(void *ctx, struct packet *p, const struct codel *c,
		     int64_t sojourn_ns);
	void *ctx;
};

void codel_init(struct codel *c);

/* The control law: t + interval / sqrt(count), in whole nanoseconds. */
int64_t codel_control_law(int64_t t, int64_t interval_ns, uint32_t count);

/*
 * Dequeue the next packet of `q` at `now` (RFC 8289 5.5-5.7): the packet
 * to send, or NULL when the queue is (or became, by drops) empty.
 */
struct packet *codel_dequeue(struct codel *c, const struct codel_params *prm,
			     struct fifo *q, int64_t now,
			     const struct codel_ops *ops);

#endif
