/* SPDX-License-Identifier: ISC */
/*
 * view_ladder.h: the ladder (sequence) diagram of one flow's packets, a
 * pane of `tcpsim play` in place of the strip charts (views.h), made
 * for slow motion.
 *
 *   LADDER           sender        1.25ms/row        receiver
 *          1+1448 |\                              |
 *       1449+1448 |  ----\                        |
 *                 |       -----\                  |
 *                 |             ------\           | ack 1449 win 64.0K
 *                 |<            /      ---->      |
 *      R 2897+1448|----\      /                   |
 *                 |     --X  /             -------| ack 1449 win 64.0K
 *
 * The sender is the line on the left, the receiver the line on the
 * right; time runs down, the bottom row is now.  Each packet is a line
 * from the moment it left one side to the moment it reached the other:
 * data segments slope down to the right, ACKs down to the left, so the
 * slope is the packet's one-way time (queueing included).  A packet
 * still on its way ends at the bottom row, as far across as its time so
 * far is of the latest one-way time; a dropped packet's line ends in the
 * drop glyph where it died (between a fifth and four fifths of the way:
 * a queue drop is near the sender, but never on its line).  Labels stand
 * outside the lines, at the row the packet left: SEQ+LEN for data (R for
 * a retransmission, P for a zero-window probe) on the sender's side,
 * "ack A win W" and the first SACK block on the receiver's; when rows
 * are shared, a label moves down beside its line, so that the labels
 * read down in the order the packets left.
 *
 * The pane shows the last N packets something happened to (sent,
 * arrived, dropped), N being its rows, so that each line can have its
 * label and a full window in flight does not turn into a smear: in slow
 * motion, the packets of the moment.  The rows cover the time since the
 * first of them left, and at least 5/4 of the longest one-way time, so
 * that a whole trip is seen.  Sequence numbers are relative to the ISN
 * unless asked otherwise.
 */
#ifndef TCPSIM_VIEW_LADDER_H
#define TCPSIM_VIEW_LADDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui/grid.h"
#include "ui/layout.h"
#include "ui/pktlog.h"

struct glyphs;

/* Columns left of the sender's line: its labels and a blank. */
#define LADDER_LEFT_COLS 16
/* Columns right of the receiver's line, at least. */
#define LADDER_RIGHT_MIN 22

/* The time axis of a drawing, in dots (canvas.h). */
struct ladder_frame {
	int64_t top_ns;	    /* time at the top dot row */
	int64_t bottom_ns;  /* time at the bottom dot row: now */
	int width;	    /* dot columns between the two lines */
	int height;	    /* dot rows */
	int64_t transit[2]; /* per enum pktlog_kind: the one-way time a
			       packet on its way is drawn against */
};

/*
 * The packets to draw: of flow `flow`'s records, the `n` (at most) that
 * something happened to last: sent (for one still on its way), arrived
 * or dropped.  Their indices (pktlog_get()) go to `out` in the log's
 * order, oldest first; returns how many.
 */
size_t ladder_pick(const struct pktlog *log, size_t flow, size_t n,
		   size_t *out);

/*
 * The frame at `now` of the `n_picked` records picked, in width x height
 * dots: from the first of them sent to now, or at least 5/4 of the
 * longest one-way time before now.  False when none is picked.
 */
bool ladder_frame_make(struct ladder_frame *f, const struct pktlog *log,
		       size_t flow, const size_t *picked, size_t n_picked,
		       int64_t now, int width, int height);

/* The dot row of time t, from the top; -1 before the top. */
int ladder_y(const struct ladder_frame *f, int64_t t);

/*
 * How far across `r` has got (0 .. 1) at its last point: its arrival
 * (1), its drop, or now while it is on its way.
 */
double ladder_along(const struct ladder_frame *f, const struct pktlog_rec *r);

/*
 * The dot column `along` (0 .. 1) of the way of a packet of `kind`: data
 * from the sender's side (0) to the right, ACKs from the receiver's
 * (width - 1) to the left.
 */
int ladder_x(const struct ladder_frame *f, enum pktlog_kind kind, double along);

/*
 * The label of `r` in at most `width` characters (the shorter forms
 * first drop words, then the length and the blocks; "" when not even
 * the number fits).  `base` is added to the relative numbers: 0, or the
 * ISN for the wire's numbers.
 */
char *ladder_label(char *buf, size_t size, const struct pktlog_rec *r,
		   uint32_t base, int width);

/* What the pane shows. */
struct ladder_view {
	const struct pktlog *log; /* the packets recorded, or NULL */
	size_t flow;		  /* the flow shown */
	int64_t now_ns;		  /* the simulated time now */
	uint32_t base;		  /* added to sequence numbers: 0, or the
				     ISN (--absolute-seq) */
};

/* Draw the pane into `r` (the names and the scale, the ladder). */
void view_ladder(struct grid *g, const struct rect *r,
		 const struct ladder_view *v, const struct glyphs *gl);

#endif
