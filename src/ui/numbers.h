/* SPDX-License-Identifier: ISC */
/*
 * numbers.h: the numbers a lesson needs on the screen of `tcpsim play`.
 *
 * Two lines in the rows between the panels: the path as the sender sees
 * it (the latest RTT sample, the smallest, the queueing delay the
 * bottleneck adds now, with records or relays the flow's lag and the
 * relay that reads it, the consumer's readers, when the flow finished),
 * and what was lost on the way (bytes the producer shed, packets dropped
 * and retransmitted, Jain's fairness index with several flows and a
 * legend of the flows' colours).  Items that do not fit the width are
 * left out whole, from the right: a value is never cut to look like
 * another.
 *
 * With the lines, the pure helpers they and the rest of the screen use:
 * a rate over a sliding window of simulated time (the GOODPUT headline),
 * counts with singular and plural units ("1 byte", "2 packets"), Jain's
 * index over the flows so far, and a hold that keeps a displayed state
 * on screen for a minimum wall time so that a state that changes at
 * every ACK does not flicker.  All of it is curses-free and unit-tested.
 */
#ifndef TCPSIM_NUMBERS_H
#define TCPSIM_NUMBERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/sim.h"
#include "ui/grid.h"
#include "ui/layout.h"

struct glyphs;

/* ---- a rate over the last `span` of simulated time ---- */

/* Entries of the ring: a point every span / 32 covers two spans. */
#define NUMBERS_RATE_SLOTS 64

/* The GOODPUT headline's window: one second of simulated time. */
#define NUMBERS_GOODPUT_SPAN_NS INT64_C(1000000000)

struct numbers_rate {
	int64_t span_ns;		    /* the window */
	int64_t t_ns[NUMBERS_RATE_SLOTS];   /* when each point was taken */
	uint64_t bytes[NUMBERS_RATE_SLOTS]; /* the byte counter then */
	size_t head;			    /* the next slot to write */
	size_t n;			    /* points held */
};

void numbers_rate_reset(struct numbers_rate *r, int64_t span_ns);

/*
 * A point of a cumulative byte counter.  Points closer than span / 32 to
 * the previous one are skipped, so memory is fixed whatever the sample
 * interval.  Times must not go back.
 */
void numbers_rate_add(struct numbers_rate *r, int64_t t_ns, uint64_t bytes);

/*
 * Bits per second from the newest point at least `span` before now (the
 * oldest point while the run is younger than that) to (now, bytes_now);
 * NaN before any point or when no time has passed since it.
 */
double numbers_rate_bps(const struct numbers_rate *r, int64_t now_ns,
			uint64_t bytes_now);

/* ---- units ---- */

/* "1 byte", "0 bytes", "3 packets": `unit` is the singular, + "s". */
char *numbers_count(char *buf, size_t size, uint64_t n, const char *unit);

/* Bytes in words below 1 KiB ("1 byte", "512 bytes"), else "12.0K". */
char *numbers_bytes(char *buf, size_t size, uint64_t n);

/* ---- fairness ---- */

/*
 * Jain's index over the flows' goodputs so far, each over its own time
 * from its start to its completion or to now, as `tcpsim run` computes
 * the summary's jain_fairness at the end; flows that have not started
 * yet are left out.  NaN for fewer than two flows started or when
 * nothing was delivered.
 */
double numbers_jain(const struct flow_snapshot *flows, size_t n,
		    int64_t now_ns);

/* ---- a state held on screen ---- */

struct numbers_hold {
	bool valid;	  /* a state is shown */
	int shown;	  /* the state shown */
	int64_t since_ns; /* wall time it was first shown */
};

/* A hold keeps a shown state for at least this much wall time. */
#define NUMBERS_HOLD_NS INT64_C(500000000)

/*
 * The state to show when the true state is `state` at wall time
 * `wall_ns`: a new state replaces the shown one only once the shown one
 * has been up for `min_ns` (0 shows the truth at once: paused, stepping).
 */
int numbers_hold(struct numbers_hold *h, int state, int64_t wall_ns,
		 int64_t min_ns);

/* ---- sequence numbers ---- */

/*
 * `in`, an event's sentence, with the sequence numbers it names made
 * relative to `isn` as Wireshark shows them (wire - ISN modulo 2^32: the
 * first data byte is 1): the number after "seq " and after "ACK ", and
 * the "LEFT-RIGHT" blocks after "SACK ".  Other numbers (counts, bytes,
 * windows) stay.  The simulator's sentences, like the events CSV, carry
 * the wire's numbers; play shows them relative unless --absolute-seq.
 */
char *numbers_seq_text(char *out, size_t size, const char *in, uint32_t isn);

/* ---- the two lines ---- */

struct numbers_view {
	const struct flow_snapshot *flow; /* the flow in detail */
	const struct link_snapshot *link; /* the bottleneck now */
	uint32_t readers;		  /* the flow's consumers now */
	size_t n_flows;			  /* flows of the run */
	const char *const *names;	  /* flow names, for the legend */
	size_t n_names;			  /* entries of names */
	double jain;			  /* numbers_jain(); NaN: not shown */
	/* records and relays (sim.h), NULL when the scenario has none */
	const struct lag_snapshot *lag;	    /* the flow's lag */
	const struct relay_snapshot *relay; /* the relay reading it, or
					       NULL: its consumers do */
	/* named links ([link NAME]): each one's queue, after the path's
	 * items; link id i + 1 is named_links[i], named in config */
	const struct scenario *config;		 /* for the links' names */
	const struct link_snapshot *named_links; /* NULL: none */
	size_t n_named_links;			 /* entries of named_links */
};

/* The queueing delay a packet joining the queue now waits, in ns. */
int64_t numbers_queue_delay_ns(const struct link_snapshot *link);

/* The path: RTT now and min, queueing delay, readers, finished; then
 * each named link's queue ("access 3 pkt"), as long as they fit. */
void numbers_path_line(struct grid *g, const struct rect *r,
		       const struct numbers_view *v);

/* The losses: shed, dropped, retransmitted; Jain and the legend. */
void numbers_loss_line(struct grid *g, const struct rect *r,
		       const struct numbers_view *v, const struct glyphs *gl);

#endif
