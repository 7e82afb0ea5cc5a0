/* SPDX-License-Identifier: ISC */
/*
 * view_tsg.h: the time-sequence graph of one flow (Stevens, tcptrace),
 * a pane of `tcpsim play` in place of the strip charts (views.h).
 *
 *   TIME-SEQUENCE last 8 RTT  |send R resend X drop -ACK .window :SACK
 *    141K|                    .  .  .  .  .  .  .  .
 *        |               +  ++ ++-------------------
 *        |          +  ++--  R
 *        |     + ++---
 *    129K|+ ++--
 *        +-----------------------------------------
 *         0.12s                                0.24s
 *
 * Time runs right, the sequence number (relative to the ISN, the first
 * data byte 1) up.  As the sender sees the connection, like a capture on
 * its host: each data segment is a short vertical bar from its first
 * byte to its last at the time it left the sender; a retransmission is
 * an R there, a segment that never arrived (dropped in the queue or on
 * the link) the drop glyph.  The cumulative ACK is a step line at the
 * times the ACKs reached the sender, the receive window's right edge
 * (ACK + window) a dotted step line above it; an ACK with SACK blocks
 * draws each block as a dotted bar at its time.  The slope of the sends
 * is the sending rate; the gap between the sends and the window edge is
 * how much more the receiver would take.
 *
 * The time axis covers the last TSG_ZOOM_RTTS smoothed RTTs, or (w) the
 * run so far, from the oldest packet the log still keeps.  The sequence
 * axis covers the segments, ACKs and SACK blocks shown; the window edge
 * may take at most as much height again above them, and is clipped at
 * the top beyond that, so that a large window never flattens the sends.
 */
#ifndef TCPSIM_VIEW_TSG_H
#define TCPSIM_VIEW_TSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui/grid.h"
#include "ui/layout.h"

struct glyphs;
struct pktlog;

/* The zoomed time axis: this many smoothed RTTs. */
#define TSG_ZOOM_RTTS 8

/* The axes of a drawing, in dots (canvas.h). */
struct tsg_frame {
	int64_t t0, t1;	  /* time at the left and right edges */
	uint64_t lo, hi;  /* sequence numbers at the bottom and the top */
	int width;	  /* dot columns */
	int height;	  /* dot rows */
	uint64_t edge_hi; /* the largest window edge shown (may be > hi) */
};

/*
 * The start of the time axis at `now`: now - TSG_ZOOM_RTTS * srtt
 * (never before 0), or with `whole` (or before the first RTT sample,
 * srtt <= 0) the start of the run; never before `oldest`, the time of
 * the oldest record kept.
 */
int64_t tsg_zoom_start(int64_t now, int64_t srtt, bool whole, int64_t oldest);

/*
 * The frame of flow `flow`'s records over [t0, t1] in width x height
 * dots: lo and hi from the data segments sent and the ACKs that arrived
 * in that time (and the ACK in force at t0).  False when there is
 * nothing to draw.
 */
bool tsg_frame_make(struct tsg_frame *f, const struct pktlog *log, size_t flow,
		    int64_t t0, int64_t t1, int width, int height);

/* The dot column of time t (0 .. width - 1), or -1 outside [t0, t1]. */
int tsg_x(const struct tsg_frame *f, int64_t t);

/*
 * The dot row of sequence number `seq`, from the top (0 for hi,
 * height - 1 for lo), or -1 outside [lo, hi].
 */
int tsg_y(const struct tsg_frame *f, uint64_t seq);

/* What the pane shows. */
struct tsg_view {
	const struct pktlog *log; /* the packets recorded, or NULL */
	size_t flow;		  /* the flow shown */
	int64_t now_ns;		  /* the simulated time now */
	int64_t srtt_ns;	  /* its smoothed RTT, 0 before a sample */
	bool whole;		  /* the whole run, not the last RTTs */
};

/* Draw the pane into `r` (title and legend, plot, time axis). */
void view_tsg(struct grid *g, const struct rect *r, const struct tsg_view *v,
	      const struct glyphs *gl);

#endif
