/* SPDX-License-Identifier: ISC */
/*
 * layout.h: where each panel of `tcpsim play` goes for a terminal size.
 *
 * From top to bottom: the banner (what limits the sender), the pipeline
 * (producer to consumer), the sender's window as a ruler, the strip
 * charts side by side, the narration, the status line.  80x24 shows all
 * of them; a larger terminal gives the extra rows to the charts and the
 * narration and the extra columns to the link and the ruler.  A smaller
 * one drops panels in the reverse order of importance (charts, then
 * narration, then the ruler); below LAYOUT_MIN_COLS x LAYOUT_MIN_ROWS even
 * the pipeline does not fit, and the screen says so instead.
 */
#ifndef TCPSIM_LAYOUT_H
#define TCPSIM_LAYOUT_H

#include <stdbool.h>

/* Smallest terminal that shows the banner, the pipeline and the status. */
#define LAYOUT_MIN_COLS 64
#define LAYOUT_MIN_ROWS 8

/* Rows of the fixed-height panels. */
#define LAYOUT_PIPELINE_ROWS 4
#define LAYOUT_RULER_ROWS    4
#define LAYOUT_CHART_MIN     6 /* title, 4 plot rows, time axis */
#define LAYOUT_NARRATION_MIN 3 /* title and two lines */

/* A rectangle of cells; rows == 0 means "not shown". */
struct rect {
	int y, x;	/* top left */
	int rows, cols; /* size */
};

struct layout {
	bool too_small;	       /* nothing but a message fits */
	struct rect banner;    /* one row */
	struct rect pipeline;  /* LAYOUT_PIPELINE_ROWS rows */
	struct rect ruler;     /* LAYOUT_RULER_ROWS rows, or none */
	struct rect charts[3]; /* goodput, windows, queue; or none */
	struct rect narration; /* title and lines, or none */
	struct rect nums[2];   /* the lesson's numbers (numbers.h): the
				  blank rows above the ruler and the
				  charts, or none */
	struct rect status;    /* the last row */
};

void layout_compute(struct layout *l, int rows, int cols);

#endif
