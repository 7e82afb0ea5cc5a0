/* SPDX-License-Identifier: ISC */
/*
 * check_path.h: what `tcpsim check` says of a flow's path across named
 * links ([link NAME], path = a, b).
 *
 * A packet is stored and forwarded: it is serialized whole at every link
 * of the path, then propagates.  With the path's links l_1 .. l_n:
 *   base RTT   = 2 (sum of delay_i + extra_delay)
 *                + sum of (mss + header_i) 8 / rate_i        (data, each hop)
 *                + sum of header_i 8 / reverse_rate_i        (its ACK, back)
 *   bottleneck = the slowest link of the path (the first of equals)
 *   BDP        = bottleneck rate x base RTT
 *   payload    = bottleneck rate x mss / (mss + its header)
 *   loss       = 1 - prod (1 - loss_i)    (each link loses on its own)
 * A flow with no path crosses the default link alone: the formulas are
 * then those of cmd_check.c, which it keeps.
 */
#ifndef TCPSIM_CHECK_PATH_H
#define TCPSIM_CHECK_PATH_H

#include <stddef.h>
#include <stdint.h>

#include "scenario/scenario.h"

struct check_path {
	uint8_t ids[SCENARIO_MAX_PATH]; /* link ids, first hop first */
	size_t n;			/* links crossed */
	size_t bottleneck;		/* link id of the slowest */
	int64_t delay_ns;		/* sum of their delays, one way */
	int64_t data_ns;     /* one full data packet serialized at each */
	int64_t ack_ns;	     /* one ACK serialized at each, backwards */
	int64_t base_rtt_ns; /* the base RTT above */
	double loss;	     /* the probability a data packet is lost */
};

/* The figures of flow `f`'s path in `sc`. */
void check_path_compute(const struct scenario *sc, const struct flow_config *f,
			struct check_path *out);

/* The bytes of a full data packet of `f` on link `id`, and of its ACK. */
uint64_t check_path_packet(const struct scenario *sc,
			   const struct flow_config *f, size_t id);
uint64_t check_path_ack(const struct scenario *sc, const struct flow_config *f,
			size_t id);

/* "  path   access -> link ..." and the base RTT, hop by hop. */
void check_path_print(const struct scenario *sc, const struct flow_config *f,
		      const struct check_path *p);

/* One line of the links section for a named link (id >= 1). */
void check_path_print_link(const struct scenario *sc, size_t id);

#endif
