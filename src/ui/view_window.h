/* SPDX-License-Identifier: ISC */
/*
 * view_window.h: the sender's window as a ruler over the byte stream.
 *
 *   cwnd 45.2K  rwnd 64.0K  ssthresh inf  window 45.2K = cwnd  in flight 30.1K
 *   ==========##############################----------.............
 *             ^                             ^         ^
 *             SND.UNA 102401                SND.NXT   edge 148481
 *
 * Left of SND.UNA: acknowledged.  SND.UNA..SND.NXT: sent, in flight.
 * SND.NXT..edge: usable, may be sent now.  Right of the edge
 * (SND.UNA + min(cwnd, rwnd)): outside the window, must wait.  Sequence
 * numbers are relative to the ISN, as Wireshark shows them (the SYN is 0,
 * the first data byte 1), or the wire's with view_window_opts()'s
 * absolute_seq; the same convention as the events pane of play.
 *
 * The scale is chosen so that the window (or what is in flight, if more)
 * takes three quarters of the ruler right of SND.UNA, leaving room to see
 * the outside; an eighth of the ruler on the left shows acknowledged
 * bytes.  A mark points at the first cell at or past its boundary.
 *
 * With sack = on, the ranges the receiver has SACKed get their own glyph
 * over the bytes in flight, and the holes the scoreboard presumes lost
 * (RFC 6675 IsLost()) another; the numbers line then ends with a legend:
 *
 *   cwnd 22.5K  ssthresh 22.5K  in flight 45.0K  s sacked 8.79K  x lost 2.93K
 *   ==========xxxx###ssssss##sssssssssss##########..............
 *
 * Every cell shows the state of its first byte, as the marks do: the
 * range [a, b) (offsets from SND.UNA) covers the cells from the first at
 * or past a to the first at or past b; a range too short for that still
 * gets the cell holding a, so that no SACK block vanishes at any scale.
 */
#ifndef TCPSIM_VIEW_WINDOW_H
#define TCPSIM_VIEW_WINDOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/sim.h"
#include "ui/grid.h"
#include "ui/layout.h"

struct glyphs;

/* Where the ruler puts things, for a ruler `width` cells wide. */
struct ruler_scale {
	uint64_t window;	  /* min(cwnd, rwnd), bytes */
	uint64_t bytes_per_cell;  /* at least 1 */
	int x_una, x_nxt, x_edge; /* cells of the three marks */
};

/* The scoreboard's ranges for the ruler (see sim_flow_sacked()). */
struct ruler_sack {
	const struct seq_range *sacked; /* SACKed, wire sequence numbers */
	size_t n_sacked;		/* entries of sacked */
	const struct seq_range *lost;	/* holes presumed lost */
	size_t n_lost;			/* entries of lost */
};

void view_window_scale(struct ruler_scale *s, const struct flow_snapshot *f,
		       int width);

/* How `tcpsim play` asks for the ruler. */
struct ruler_options {
	bool absolute_seq;	       /* labels: wire numbers, not relative to
					  the ISN (--absolute-seq) */
	uint64_t fixed_bytes_per_cell; /* a scale kept by the user (key z),
					  or 0 to fit the window */
};

/* view_window_scale(), at o's fixed scale when it has one. */
void view_window_scale_opts(struct ruler_scale *s,
			    const struct flow_snapshot *f, int width,
			    const struct ruler_options *o);

/*
 * The whole panel as view_window_sack() draws it, with options.  The
 * labels' numbers are relative to the ISN by default, as Wireshark shows
 * them (SND.UNA - ISN: the first data byte is 1), and wrap modulo 2^32
 * like the wire's.
 */
void view_window_opts(struct grid *g, const struct rect *r,
		      const struct flow_snapshot *f,
		      const struct ruler_sack *sack,
		      const struct ruler_options *o, const struct glyphs *gl);

/* The ruler row alone, into buf (UTF-8); returns buf.  `sack` may be NULL
 * (sack = off): view_window_ruler() is that. */
char *view_window_ruler_sack(char *buf, size_t size,
			     const struct flow_snapshot *f,
			     const struct ruler_sack *sack, int width,
			     const struct glyphs *gl);
char *view_window_ruler(char *buf, size_t size, const struct flow_snapshot *f,
			int width, const struct glyphs *gl);

/* The whole panel: numbers, ruler, marks, labels (LAYOUT_RULER_ROWS rows).
 * `sack` may be NULL: view_window() is that. */
void view_window_sack(struct grid *g, const struct rect *r,
		      const struct flow_snapshot *f,
		      const struct ruler_sack *sack, const struct glyphs *gl);
void view_window(struct grid *g, const struct rect *r,
		 const struct flow_snapshot *f, const struct glyphs *gl);

#endif
