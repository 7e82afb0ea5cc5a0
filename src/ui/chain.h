/* SPDX-License-Identifier: ISC */
/*
 * chain.h: why a sender is held back, followed downstream hop by hop.
 *
 * Backpressure travels upstream: a consumer stops, its flow's receive
 * buffer fills and its window closes, the relay that writes into that
 * flow cannot forward, its own buffer fills, it stops reading, the
 * upstream flow's window closes, the producer blocks.  The banner of
 * `tcpsim play` says it the other way round, from the flow on screen to
 * the cause, the way a class reads it:
 *
 *   upload: zero window <- broker: buffer full <- download: zero window
 *   <- consumer stopped
 *
 * The stages are given as plain figures (struct chain_flow, chain_relay),
 * filled from the simulator's snapshots by the player, so that the rule
 * is tested without a simulation.
 *
 * The rule, for a flow:
 *   - zero window or rwnd binds: the receive side holds the sender back,
 *     and the cause is the flow's reader: a relay whose buffer is full
 *     (then the cause is the first of its `to` flows whose writer is
 *     blocked, followed the same way; if none is blocked, the relay's own
 *     processing rate), or a consumer that has stopped or reads at a
 *     limited rate.  A reader that is keeping up ends the chain there
 *     (the window is simply small).
 *   - anything else (cwnd, recovery, send buffer, the app, Nagle, none)
 *     is the flow's own state and ends the chain.
 * A flow is visited once: a loop in the figures ends the chain, as does
 * the CHAIN_HOPS_MAX-th flow.
 */
#ifndef TCPSIM_CHAIN_H
#define TCPSIM_CHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/sim.h"

/* The most flows one explanation follows. */
#define CHAIN_HOPS_MAX 32

/* CHAIN_NONE: no relay at that end (a producer or a consumer). */
#define CHAIN_NONE SIZE_MAX

/* One flow, as the chain needs it. */
struct chain_flow {
	const char *name;	    /* the flow's name */
	enum limited_by limited_by; /* what holds its sender back now */
	bool writer_blocked;	    /* its writer (producer or relay) waits
				       for room in the send buffer */
	size_t reader_relay;	    /* the relay reading it, or CHAIN_NONE:
				       an application consumer */
	bool consumer_stopped;	    /* consumer: reads nothing (rate 0) */
	uint64_t consumer_rate_bps; /* consumer: read rate in bits/s, or
				       UINT64_MAX when unlimited */
};

/* One relay, as the chain needs it. */
struct chain_relay {
	const char *name;     /* the relay's name */
	bool full;	      /* its buffer is full: it has stopped reading */
	const size_t *to;     /* indices of the flows it writes into */
	size_t n_to;	      /* how many */
	uint64_t process_bps; /* its processing rate in bits/s, or
				 UINT64_MAX when unlimited */
};

struct chain {
	const struct chain_flow *flows;	  /* every flow of the run */
	size_t n_flows;			  /* how many */
	const struct chain_relay *relays; /* every relay */
	size_t n_relays;		  /* how many */
};

/*
 * Write the explanation for flow `flow` into buf (NUL-terminated, cut to
 * size), the steps joined by `sep` (" <- " or " ← ").  Returns the
 * number of steps written (1 when the flow's own state is the whole
 * story).
 */
size_t chain_explain(const struct chain *c, size_t flow, const char *sep,
		     char *buf, size_t size);

#endif
