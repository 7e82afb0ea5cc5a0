/* SPDX-License-Identifier: ISC */
/*
 * canvas.h: a plot of dots and marks over a rectangle of cells, for the
 * panes that draw single packets (view_tsg.h, view_ladder.h).
 *
 * With UTF-8 a cell holds 2 x 4 braille dots, as in the strip charts
 * (view_chart.h), so a line or a step is four times finer than the rows;
 * in ASCII a dot is a whole cell and shows the character its caller
 * gives (or, for a line, one that follows its slope: - | \ /).  A mark
 * (a character such as R or the drop glyph) replaces the dots of its
 * cell.  A cell has one style, that of the last dot or mark drawn in it:
 * callers draw the most telling things last.
 *
 * Dot coordinates run from the top left, x to the right, y down;
 * anything outside is clipped.
 */
#ifndef TCPSIM_CANVAS_H
#define TCPSIM_CANVAS_H

#include <stdbool.h>

#include "ui/grid.h"

struct canvas {
	int rows, cols; /* cells */
	int dx, dy;	/* dots per cell: 2 x 4 (UTF-8) or 1 x 1 */
	bool utf8;	/* braille dots, or ASCII characters */
	unsigned *bits; /* per cell: braille dots set */
	char *ascii;	/* per cell: the ASCII dot's character, or 0 */
	char (*mark)[GRID_GLYPH_MAX]; /* per cell: a mark, or "" */
	int *style;		      /* per cell: enum ui_style, -1 if
					 nothing is drawn there */
};

/* A blank canvas of rows x cols cells.  Aborts on no memory. */
void canvas_init(struct canvas *c, int rows, int cols, bool utf8);
void canvas_free(struct canvas *c);

/* Its size in dots. */
int canvas_width(const struct canvas *c);
int canvas_height(const struct canvas *c);

/* One dot; in ASCII its cell shows `ascii`. */
void canvas_dot(struct canvas *c, int x, int y, int style, char ascii);

/*
 * A straight line of dots from (x0, y0) to (x1, y1), both ends included.
 * In ASCII each cell shows `ascii`, or with 0 a character of the line's
 * direction there: - | \ /.
 */
void canvas_line(struct canvas *c, int x0, int y0, int x1, int y1, int style,
		 char ascii);

/* The cell of dot (x, y) shows `glyph` (one character) instead. */
void canvas_mark(struct canvas *c, int x, int y, const char *glyph, int style);

/* Copy the canvas into `g` with its top left at (y, x). */
void canvas_draw(const struct canvas *c, struct grid *g, int y, int x);

#endif
