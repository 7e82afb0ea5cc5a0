/* SPDX-License-Identifier: ISC */
/*
 * relay.h: an application between two TCP flows ([relay NAME]).
 *
 * A relay is the consumer of its `from` flow and the producer of each of
 * its `to` flows: a proxy, or a broker in front of a consumer group.  It
 * reads what `from` delivers into its store (`buffer` bytes, a count:
 * nothing is allocated for the bytes themselves), and moves it on, in
 * order, one unit at a time (a record of the chain's producer when it has
 * record_size, else one of its writes), each unit to one `to` flow:
 * round_robin takes them in turn, least_loaded the one with the fewest
 * bytes in its send buffer among those with room for the whole unit
 * (ties to the first).  A unit leaves the store
 * once it is whole (or is the stream's last), no sooner than unit * 8 /
 * process_rate after the previous one started.
 *
 * Backpressure both ways: when the chosen flow's send buffer is full the
 * relay waits for it (its producer blocks); when the store is full,
 * on_full = block stops reading, so `from`'s receive buffer fills and its
 * window closes; on_full = drop keeps reading and discards each unit that
 * does not fit whole, counted.
 *
 * The `to` flows finish when `from` has finished, the store is empty, and
 * they have delivered what they were given.
 */
#ifndef TCPSIM_RELAY_H
#define TCPSIM_RELAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/records.h"
#include "sim/event_queue.h"

struct sim;
struct flow;
struct relay_config;

struct relay {
	uint32_t index;		  /* position in sim->relays */
	struct relay_config *cfg; /* live settings, in sim->config */
	struct flow *from;	  /* the flow it reads */
	struct flow **to;	  /* the flows it writes */
	size_t *to_index;	  /* their indexes in sim->flows */
	size_t n_to;		  /* how many */
	uint64_t unit;		  /* bytes it forwards at once */
	uint64_t record_size;	  /* the chain's, 0 for bytes only */
	/* the store */
	uint64_t read_bytes;	    /* bytes read from `from`, kept or not */
	uint64_t in_off;	    /* bytes taken into the store */
	uint64_t out_off;	    /* bytes moved on into the to flows */
	uint64_t dropped;	    /* on_full = drop: bytes discarded */
	uint64_t unit_left;	    /* drop: bytes of the current upstream
				       unit still to read */
	bool unit_kept;		    /* drop: is that unit kept */
	struct records_fifo births; /* when what it holds was written */
	/* forwarding */
	size_t cur;	   /* to flow of the unit being copied, or SIZE_MAX */
	uint64_t cur_left; /* bytes of that unit not yet copied */
	size_t rr_next;	   /* round_robin: the next to flow */
	/*
	 * least_loaded, without a look at every to flow for each unit: a
	 * tournament tree over them.  Leaf k is to flow k's bytes in its
	 * send buffer when it has started and has room for a whole unit of
	 * `unit` bytes, else UINT64_MAX; each inner node holds the winner of
	 * its two children, the smaller (key, k); node 1 is the pick.  A
	 * leaf changes only where its three inputs do (relay_note_to()).
	 * NULL for round_robin.
	 */
	uint64_t *ll_key; /* n_to leaves */
	uint32_t *ll_win; /* 2 n_to nodes: 1 the root, n_to + k leaf k */
	/*
	 * Whether the relay waits for room in each to flow (that flow's
	 * producer is blocked: relay_to_blocked()).  least_loaded blocks
	 * every started flow when none has room and frees them all once one
	 * has, which in a saturated group is about every unit; so the state
	 * is kept as one for them all, all_blocked, and the few started
	 * flows that differ from it (set one by one since, or started
	 * since): odd, as bits and as a list (odd_pos: where in it).
	 */
	uint64_t *started_bits; /* to flows that have started */
	uint64_t *odd_bits;
	uint32_t *odd;
	uint32_t *odd_pos;
	size_t n_started;
	size_t n_odd;
	bool all_blocked;
	uint64_t picks;		/* least_loaded: units it chose a flow for, or
				   found none (tests) */
	uint64_t looks;		/* to flows looked at to choose */
	uint64_t scans;		/* picks that looked at every to flow */
	int64_t unit_started;	/* when the last unit started */
	uint64_t unit_len;	/* its bytes (0 before the first) */
	struct event next_unit; /* process_rate: the next unit may start */
	bool full;		/* block: the store is full, reading stopped */
	bool done;		/* everything forwarded, the to flows told */
	bool running;		/* relay_run() is on the stack */
};

/* Build sim->relays from sim->config (after the flows). */
void relay_create_all(struct sim *sim);
void relay_free_all_sim(struct sim *sim);

/* New bytes in `from`'s receive buffer (app.c's consumer hook). */
void relay_on_data(struct sim *sim, struct relay *r, bool from_arrival);

/* A `to` flow has room again, or started (app.c's producer hooks). */
void relay_on_space(struct sim *sim, struct relay *r);

/* process_rate or buffer changed (the timeline). */
void relay_on_change(struct sim *sim, struct relay *r);

/*
 * Flow f, a `to` flow of relay r, has started, or the bytes in its send
 * buffer or its send_buffer changed: least_loaded's tree follows.  (Its
 * producer hooks call this; a relay's own writes update it themselves.)
 */
void relay_note_to(struct relay *r, const struct flow *f);

/* Does relay r wait for room in to[k] (that flow's producer blocked)? */
static inline bool
relay_to_blocked(const struct relay *r, uint32_t k)
{
	uint64_t bit = 1ull << (k % 64);

	return (r->started_bits[k / 64] & bit) &&
	       r->all_blocked != !!(r->odd_bits[k / 64] & bit);
}

/* Bytes in the store. */
static inline uint64_t
relay_held(const struct relay *r)
{
	return r->in_off - r->out_off;
}

/*
 * The birth of the oldest byte that the chain starting at flow `f` has
 * not yet handed to an application: in `f`, and through the relay that
 * reads it, in that relay and in the flows it writes.  INT64_MAX when
 * none is held.  A flow read by a relay keeps its answer until a birth
 * moves (sim->chain_memo): a sample asks it of every relay's to flows.
 */
int64_t relay_chain_oldest(const struct sim *sim, const struct flow *f);

/* The same, and the FIFO that holds that byte (NULL when none): its own
 * oldest byte is never older than the chain's. */
int64_t relay_chain_oldest_in(const struct sim *sim, const struct flow *f,
			      const struct records_fifo **where);

#endif
