/* SPDX-License-Identifier: ISC */
/*
 * app.h: the applications at both ends: the producer that writes into the
 * send buffer and the consumers that read from the receive buffer.
 *
 * Producer: writes of write_size bytes, spaced so that their average never
 * exceeds write_rate (a write of n bytes starts no earlier than n*8/rate
 * after the previous one started).  When the buffer has no room for the
 * whole write: on_full = block copies what fits and waits for the rest
 * (backpressure); on_full = drop discards the write (load shedding).  It
 * stops after write_total bytes (written or shed).
 *
 * Consumers: `readers` of them, each taking at most read_size bytes per
 * read and then busy for n*8/read_rate, so each reads at most read_rate on
 * average.  read_rate = 0 stalls them.
 */
#ifndef TCPSIM_APP_H
#define TCPSIM_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/event_queue.h"

struct sim;
struct flow;

struct producer {
	/* every ACK that frees room reads these (producer_on_space()) */
	uint64_t pending;      /* bytes of the current write not yet copied */
	uint64_t attempted;    /* bytes written or shed, toward write_total */
	int64_t write_started; /* start of the current/last write */
	uint64_t write_len;    /* its size */
	bool started;	       /* start time reached */
	bool blocked;	       /* waiting for room in the send buffer;
				  unused where a relay writes: see
				  producer_is_blocked() */
	bool done;	       /* write_total reached */
	/* write_burst, and load shedding on lag */
	bool shedding; /* shed_when_lag_exceeds: writes are dropped */
	/* what the last look down the chain found (producer_sheds()): no
	 * byte of the chain is older than shed_floor (when shed_floor_set),
	 * and shed_witness held its oldest byte */
	bool shed_floor_set;
	int64_t shed_floor;
	const struct records_fifo *shed_witness;
	/* ---- only some producers ---- */
	uint64_t dropped;	 /* bytes shed (on_full = drop) */
	int64_t tat_ns;		 /* write_burst: the token bucket as the GCRA's
				    theoretical arrival time (ITU-T I.371): a write
				    of n bytes may start once tat + n*8/rate -
				    write_burst*8/rate is not in the future */
	struct event next_write; /* the next write may start (paced writers) */
};

struct consumer_reader {
	bool busy;	     /* paced after its last read */
	uint32_t index;	     /* in its consumer's readers */
	struct flow *flow;   /* whose buffer it reads */
	int64_t busy_from;   /* when that read happened */
	uint64_t busy_bytes; /* how many bytes it took */
	struct event ready;  /* the reader may read again (last: only
				paced readers use it) */
};

struct consumer {
	uint32_t cap;			  /* allocated */
	struct consumer_reader **readers; /* `cap` of them, each allocated
					   * once: their events stay put */
	/* Which readers are idle (not busy), a bit each: readers 0 to 63
	 * here, the others in idle_more.  Data that arrives goes to the idle
	 * readers in order; with a thousand readers, most of them paced,
	 * looking at each one for every segment cost more than the run. */
	uint64_t *idle_more; /* (cap - 1) / 64 words, or NULL */
	uint64_t idle0;	     /* in front of `first`: read with it */
	/* readers[0], kept inside the flow: every arrival of data reads it,
	 * and with thousands of flows a reader of its own allocation
	 * cost two cache misses (the array, then the reader) */
	struct consumer_reader first;
};

void app_init(struct sim *sim, struct flow *f);
void app_free(struct sim *sim, struct flow *f);

/* The send buffer has room again (bytes acknowledged, or it grew): the
 * producer writes what it may.  The caller then calls sender_output()
 * (a relay writing the flow sends by itself). */
void producer_on_space(struct sim *sim, struct flow *f);

/* New in-order bytes can be read; `from_arrival` is set when called while
 * a segment is being processed (the receiver acknowledges afterwards). */
void consumer_on_data(struct sim *sim, struct flow *f, bool from_arrival);

/* A producer or consumer setting changed on the timeline. */
void app_on_change(struct sim *sim, struct flow *f);

/*
 * Is f's producer waiting for room in the send buffer?  A relay keeps
 * that state for the flows it writes (relay_to_blocked()): it blocks or
 * frees a whole consumer group at once.
 */
bool producer_is_blocked(const struct flow *f);

/*
 * A relay (model/relay.h) as the producer of `f`: it wrote n bytes into
 * the send buffer (counted as the producer's, and sent); it starts to
 * wait for room (the event, when the log is kept).
 */
void producer_relay_write(struct sim *sim, struct flow *f, uint64_t n);
void producer_relay_blocks(struct sim *sim, struct flow *f);

#endif
