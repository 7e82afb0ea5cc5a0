/* SPDX-License-Identifier: ISC */
/*
 * views.h: what the charts' area of `tcpsim play` shows, switched with
 * the v key: the strip charts (view_chart.h), the time-sequence graph of
 * the flow shown (view_tsg.h) or its ladder diagram (view_ladder.h).
 * The w key zooms the time-sequence graph between the last RTTs and the
 * run so far.  A scenario with relays adds the pipeline drawn stage by
 * stage (view_stages.h), from the producer of the shown flow's chain to
 * every consumer it reaches; play opens on it.
 *
 * The two packet views draw from the player's packet log (pktlog.h), and
 * take a little more room than the charts: the narration's rows beyond
 * the larger of its minimum and half of it, so that at 80x24 the ladder
 * has a row for each of its last eight packets and the events pane keeps
 * two lines.
 *
 * play.c keeps a struct views_state and hands its keys to views_key();
 * screen.c asks views_layout() for the pane and views_draw() to draw it.
 */
#ifndef TCPSIM_VIEWS_H
#define TCPSIM_VIEWS_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/grid.h"
#include "ui/layout.h"

struct screen_model;

enum views_kind {
	VIEWS_CHARTS, /* the strip charts: goodput, windows, queue */
	VIEWS_TSG,    /* the time-sequence graph */
	VIEWS_LADDER, /* the ladder diagram */
	VIEWS_STAGES, /* the pipeline of several hops (view_stages.h), in
			 the cycle only when the scenario has relays */
	VIEWS_COUNT
};

/* The keys' state, kept by play.c. */
struct views_state {
	int view;    /* enum views_kind */
	bool whole;  /* the time-sequence graph shows the whole run */
	bool stages; /* the scenario has relays: v cycles through the stages
			view too */
};

/* "charts", "time-sequence", "ladder", "pipeline". */
const char *views_name(int view);

/*
 * v cycles the views, w zooms the time-sequence graph; with a message
 * for the status line.  Returns false for any other key (untouched).
 */
bool views_key(struct views_state *s, int key, char *msg, size_t size);

/*
 * The pane of `view` in `l` (rows == 0: none, as without charts); for
 * a packet view the narration gives up its rows as said above.
 */
void views_layout(struct layout *l, int view, struct rect *pane);

/* Draw the packet view of `m` (m->view) into `pane`. */
void views_draw(struct grid *g, const struct rect *pane,
		const struct screen_model *m);

#endif
