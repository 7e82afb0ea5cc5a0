/* SPDX-License-Identifier: ISC */
/*
 * screen.h: the whole screen of `tcpsim play` from one model, no curses.
 *
 * The player fills a struct screen_model from the simulator (snapshots,
 * packets on the link, the chart history, the narration) and its own
 * state (speed, pause, messages); screen_draw() lays the panels out for
 * the grid's size and draws each.  Everything here is deterministic text,
 * which is what the unit tests check at 80x24, 120x40 and smaller.
 */
#ifndef TCPSIM_SCREEN_H
#define TCPSIM_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenario/scenario.h"
#include "model/sim.h"
#include "ui/grid.h"

struct drop_mark;
struct glyphs;
struct history;
struct narration;
struct pktlog;

struct screen_model {
	const char *scenario_name;     /* as given (shown escaped) */
	const struct scenario *config; /* the live settings */
	int64_t now_ns, duration_ns;   /* simulated time, configured end */
	uint64_t events;	       /* events run */
	double speed, actual_speed;    /* asked for; reached (0: unknown) */
	bool behind;		       /* the run cannot keep up with speed */
	bool paused, finished;	       /* run state */
	bool rewinding;		       /* going back (re-running) */
	uint64_t rewind_target;	       /* the event count it goes to */
	bool verbose;		       /* narration shows every event */
	bool show_help;		       /* the help overlay is up */
	const char *message;	       /* status message (escaped), or NULL */
	size_t n_flows, shown;	       /* flows; the one in detail */
	const struct flow_snapshot *flows; /* n_flows snapshots */
	const bool *shedding;		   /* per flow: dropping writes now */
	const struct link_snapshot *link;  /* the bottleneck */
	/* named links ([link NAME]), in file order: link id i + 1 is
	 * named_links[i], named in config; none without them */
	const struct link_snapshot *named_links;
	size_t n_named_links;
	const struct packet_view *packets; /* on the link */
	size_t n_packets;
	int news_packet;   /* ACK carrying a new window (shown flow), or -1 */
	uint64_t news_win; /* its window */
	const struct seq_range *sacked; /* flow `shown`: SACKed ranges */
	size_t n_sacked;		/* entries of sacked (0: sack off) */
	const struct seq_range *lost;	/* flow `shown`: holes presumed lost */
	size_t n_lost;			/* entries of lost */
	const struct history *history;	/* chart data */
	const struct narration *narration; /* events pane */
	const struct glyphs *glyphs;	   /* UTF-8 or ASCII */
	/* the lesson's numbers (numbers.h) */
	double goodput_smoothed_bps;	       /* shown flow, mean over the last
						  NUMBERS_GOODPUT_SPAN_NS; NaN: unknown */
	const struct flow_snapshot *held_flow; /* the shown flow with its
						  states held on screen
						  (play.c), or NULL */
	bool held_shedding;	       /* with held_flow: shedding, as held */
	bool absolute_seq;	       /* the ruler's numbers as on the wire */
	uint64_t ruler_bytes_per_cell; /* the ruler's kept scale (z), or 0 */
	const struct drop_mark *drops; /* the latest drops, oldest first */
	size_t n_drops;		       /* entries of drops */
	int64_t drop_mark_ns; /* how long a drop stays marked (simulated) */
	/* the views of the charts' area (views.h) */
	int view;		     /* enum views_kind, from play.c */
	bool tsg_whole;		     /* time-sequence: the whole run */
	const struct pktlog *pktlog; /* the packets recorded (player) */
	/* records and relays (sim.h), NULL when the scenario has none */
	const struct lag_snapshot *lag;	    /* the shown flow's lag */
	const struct relay_snapshot *relay; /* the relay reading it, or NULL */
	/* with relays: every flow's lag and every relay (the stages view,
	 * view_stages.h, and the banner's chain, chain.h); NULL and 0 in a
	 * scenario without relays */
	const struct lag_snapshot *lags;     /* n_flows of them */
	const struct relay_snapshot *relays; /* n_relays of them */
	size_t n_relays;		     /* relays in the run */
};

/* Draw everything for the grid's current size. */
void screen_draw(struct grid *g, const struct screen_model *m);

#endif
