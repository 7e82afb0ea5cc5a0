/* SPDX-License-Identifier: ISC */
/*
 * grid.h: the screen as a grid of character cells, without curses.
 *
 * Every panel of `tcpsim play` is drawn into a struct grid by curses-free
 * code (the view_*.c files), which the unit tests read back as text; only
 * ui_curses.c copies a grid to the terminal.  A cell holds one character
 * (one UTF-8 sequence, one column wide: the glyphs used are box drawing,
 * blocks, braille and ASCII) and a style, which ui_curses maps to colours
 * or, without colours, to bold / reverse / dim.
 *
 * Writing outside the grid is clipped, never an error: a panel computed
 * for a wider screen simply loses its right edge.
 */
#ifndef TCPSIM_GRID_H
#define TCPSIM_GRID_H

#include <stdbool.h>
#include <stddef.h>

/* What a cell means; ui_curses.c decides how each looks. */
enum ui_style {
	UI_STYLE_NORMAL,
	UI_STYLE_DIM,	   /* secondary text: units, axes, hints */
	UI_STYLE_BOLD,	   /* panel titles */
	UI_STYLE_STATUS,   /* the status line */
	UI_STYLE_BANNER,   /* the "limited by" banner, no trouble */
	UI_STYLE_ALERT,	   /* trouble: zero window, blocked, loss */
	UI_STYLE_GOOD,	   /* flowing: reading, writing, sending */
	UI_STYLE_WARN,	   /* attention: rwnd/cwnd/sndbuf binds, shedding */
	UI_STYLE_DATA,	   /* data packets on the link */
	UI_STYLE_ACK,	   /* ACKs on the link, the window arrow */
	UI_STYLE_ACKED,	   /* ruler: acknowledged bytes */
	UI_STYLE_INFLIGHT, /* ruler: bytes in flight */
	UI_STYLE_USABLE,   /* ruler: usable window */
	UI_STYLE_OUTSIDE,  /* ruler: outside the window */
	UI_STYLE_SACKED,   /* ruler: SACKed bytes */
	UI_STYLE_LOST,	   /* ruler: holes presumed lost */
	UI_STYLE_HELP,	   /* the help overlay */
	UI_STYLE_SERIES0,  /* chart series 0..5 (flows, cwnd/rwnd) */
	UI_STYLE_SERIES1,
	UI_STYLE_SERIES2,
	UI_STYLE_SERIES3,
	UI_STYLE_SERIES4,
	UI_STYLE_SERIES5,
	UI_STYLE_COUNT
};

#define UI_SERIES_STYLES 6

/* Bytes of one cell's character: the longest UTF-8 sequence and a NUL. */
#define GRID_GLYPH_MAX 5

struct grid_cell {
	char glyph[GRID_GLYPH_MAX]; /* one character, UTF-8, NUL-terminated */
	unsigned char style;	    /* enum ui_style */
};

struct grid {
	int rows, cols;		 /* size in cells */
	struct grid_cell *cells; /* rows * cols, row by row */
};

/* A grid of blanks; grid_resize() keeps nothing.  Aborts on no memory. */
void grid_init(struct grid *g, int rows, int cols);
void grid_resize(struct grid *g, int rows, int cols);
void grid_free(struct grid *g);

/* Every cell a blank in UI_STYLE_NORMAL. */
void grid_clear(struct grid *g);

/*
 * Write `text` (UTF-8) from (y, x) on, at most `max` cells (-1: to the
 * edge), clipped to the grid.  A newline ends the text.  Returns the
 * number of characters of the text consumed, drawn or clipped.
 */
int grid_put(struct grid *g, int y, int x, int max, const char *text,
	     int style);

/* `n` copies of one glyph from (y, x) on. */
void grid_fill(struct grid *g, int y, int x, int n, const char *glyph,
	       int style);

/* Restyle `n` cells from (y, x) on, keeping their characters. */
void grid_style(struct grid *g, int y, int x, int n, int style);

/* The cell at (y, x), or NULL outside the grid. */
struct grid_cell *grid_at(struct grid *g, int y, int x);
const struct grid_cell *grid_at_const(const struct grid *g, int y, int x);

/*
 * Row `y` as UTF-8 text without trailing blanks, into buf (truncated to
 * size); returns buf.  For tests and for capturing screens.
 */
char *grid_row_text(const struct grid *g, int y, char *buf, size_t size);

/* Characters (not bytes) of a UTF-8 string. */
int grid_text_width(const char *text);

/* Bytes of the UTF-8 character starting at `s` (1 for a stray byte). */
int grid_char_len(const char *s);

#endif
