/* SPDX-License-Identifier: ISC */
/*
 * view_stages.h: a pipeline of several hops, stage by stage.
 *
 *   PRODUCER  upload ───────▶ broker ════════▶ download ─────▶ CONSUMER
 *   BLOCKED   snd [███████]   [████████████]   snd [███████]   STOPPED
 *             rcv [███████]   FULL 256K        rcv [███████]   lag 812 rec
 *                                          └▶ c2 ─────────────▶ CONSUMER
 *                                             snd [██      ]   reads 1.0M
 *                                             rcv [        ]   lag 0 rec
 *
 * One lane of three rows per consumer: the chain from the producer of
 * the first flow, through each relay, to every consumer it reaches.  A
 * relay with several `to` flows (a consumer group) opens a lane for each
 * below the first, joined by a corner; the stages they share are drawn
 * once.  Buffers are bars (view_bar.h); a full relay buffer, a zero
 * window, a blocked or shedding producer and a stopped consumer are
 * drawn in the alert style: the states the lesson is about.
 *
 * The figures come from the chain (ui/chain.h) plus the fill levels
 * below, filled by the player from the simulator's snapshots.
 */
#ifndef TCPSIM_VIEW_STAGES_H
#define TCPSIM_VIEW_STAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui/chain.h"
#include "ui/grid.h"
#include "ui/layout.h"

struct glyphs;

/* Rows of one lane. */
#define STAGES_LANE_ROWS 3

/* A flow's buffers and its consumer's figures (index as in the chain). */
struct stage_flow {
	uint64_t send_bytes, send_limit; /* send buffer */
	uint64_t recv_bytes, recv_limit; /* receive buffer */
	bool producer_shedding;		 /* its producer drops writes */
	bool has_lag;	      /* the consumer's lag is known (records) */
	uint64_t lag_records; /* consumer: records written, not yet read */
	int64_t lag_age_ns;   /* consumer: age of the oldest unread one */
};

/* A relay's buffer (index as in the chain). */
struct stage_relay {
	uint64_t held_bytes; /* in its buffer */
	uint64_t limit;	     /* its size */
};

struct stages_view {
	const struct chain *chain;	  /* the stages and their links */
	const struct stage_flow *flows;	  /* per flow, as chain->flows */
	const struct stage_relay *relays; /* per relay, as chain->relays */
	size_t first; /* the flow whose producer starts the pipeline */
};

/* Lanes (consumers reached) the pipeline from `first` needs. */
size_t view_stages_lanes(const struct stages_view *v);

/* Draw into r; lanes that do not fit are left out. */
void view_stages(struct grid *g, const struct rect *r,
		 const struct stages_view *v, const struct glyphs *gl);

#endif
