/* SPDX-License-Identifier: ISC */
/*
 * chain_fill.h: the figures of the chain (chain.h) and of the stages view
 * (view_stages.h), from the player's screen model, for a scenario with
 * relays.
 *
 * A flow's writer is blocked when its producer is, or when the relay
 * writing it waits for room in it (or, least_loaded, in any of its
 * flows); a relay is full when it has stopped reading; a consumer has
 * stopped when its read rate is 0, and reads at read_rate times its
 * readers otherwise.  The pipeline a flow belongs to starts at the flow
 * its chain's producer writes: chain_fill_first() walks up to it.
 */
#ifndef TCPSIM_CHAIN_FILL_H
#define TCPSIM_CHAIN_FILL_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/chain.h"
#include "ui/view_stages.h"

struct screen_model;

struct chain_fill {
	struct chain chain;	     /* what chain_explain() reads */
	struct chain_flow *flows;    /* per flow */
	struct chain_relay *relays;  /* per relay */
	struct stage_flow *sflows;   /* per flow, the stages view's */
	struct stage_relay *srelays; /* per relay, the stages view's */
};

/*
 * Fill `cf` from `m`; false (nothing allocated) when the model has no
 * relays.  The figures point into `m`: use them while it lives, then
 * chain_fill_free().
 */
bool chain_fill(struct chain_fill *cf, const struct screen_model *m);
void chain_fill_free(struct chain_fill *cf);

/* The first flow of the pipeline `flow` is part of. */
size_t chain_fill_first(const struct screen_model *m, size_t flow);

#endif
