/* SPDX-License-Identifier: ISC */
/*
 * view_chart.h: strip charts, autoscaled, with axis labels.
 *
 *   goodput 3.98M
 *    5.0M|      .:'''''':.
 *        |   .:'          '.
 *        | .'               '....
 *       0|'
 *        +---------------------
 *         0s                40.0s
 *
 * With UTF-8 a line is drawn in braille (2 x 4 dots per cell, so twice the
 * columns and four times the rows of ASCII) and an area in block
 * elements (eighths of a cell); in ASCII a line is its series' marker
 * character and an area is '#'.  Several series share a chart; each has
 * its own style (colour), a dotted one is drawn in every other dot column,
 * which keeps rwnd apart from cwnd even without colours.
 *
 * The y axis runs from 0 to a "nice" maximum (1, 2, 2.5 or 5 times a power
 * of ten) at or above the largest value shown.
 */
#ifndef TCPSIM_VIEW_CHART_H
#define TCPSIM_VIEW_CHART_H

#include <stdbool.h>
#include <stdint.h>

#include "ui/grid.h"
#include "ui/layout.h"

struct glyphs;

/* How the axis labels are written. */
enum chart_unit {
	CHART_RATE,  /* bit/s: "10M" */
	CHART_BYTES, /* bytes: "64.0K" */
	CHART_COUNT, /* plain numbers: "100" */
};

struct chart_series {
	const double *values; /* chart_points() values; NaN = no data */
	int style;	      /* enum ui_style */
	char marker;	      /* ASCII: the character of a line */
	bool dotted;	      /* drawn in every other dot column */
	bool area;	      /* filled down to the axis */
	bool sparse;	      /* drawn in every fourth dot column (ASCII:
				 every other column), apart from dotted */
	bool unscaled;	      /* left out of the axis maximum: drawn but
				 clipped at the top, so that a large value
				 (rwnd) never flattens the others (cwnd) */
};

struct chart {
	const char *title;		   /* first row; may be longer */
	const struct chart_series *series; /* drawn in order */
	int n_series;
	enum chart_unit unit; /* of the y axis */
	int64_t span_ns;      /* the time axis: 0 .. span_ns */
};

/* Width of the y axis labels and the axis itself. */
#define CHART_AXIS_COLS 6

/* Plot cells of a chart `cols` wide (at least 1). */
int chart_plot_cols(int cols);

/* Values each series needs for a chart `cols` wide (2 per cell in UTF-8). */
int chart_points(int cols, const struct glyphs *gl);

/* The smallest 1, 2, 2.5, 5 x 10^k at or above max (1 for max <= 0). */
double chart_nice_max(double max);

/* Draw `c` into `r` (title, plot rows, time axis with its labels). */
void view_chart(struct grid *g, const struct rect *r, const struct chart *c,
		const struct glyphs *gl);

#endif
