/* SPDX-License-Identifier: ISC */
/* canvas.c: dots and marks over cells (see canvas.h). */
#include "ui/canvas.h"

#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

void
canvas_init(struct canvas *c, int rows, int cols, bool utf8)
{
	size_t n, i;

	c->rows = rows > 0 ? rows : 0;
	c->cols = cols > 0 ? cols : 0;
	c->utf8 = utf8;
	c->dx = utf8 ? 2 : 1;
	c->dy = utf8 ? 4 : 1;
	n = (size_t)c->rows * (size_t)c->cols + 1;
	c->bits = xcalloc(n, sizeof *c->bits);
	c->ascii = xcalloc(n, sizeof *c->ascii);
	c->mark = xcalloc(n, sizeof *c->mark);
	c->style = xcalloc(n, sizeof *c->style);
	for (i = 0; i < n; i++)
		c->style[i] = -1;
}

void
canvas_free(struct canvas *c)
{
	free(c->bits);
	free(c->ascii);
	free(c->mark);
	free(c->style);
	memset(c, 0, sizeof *c);
}

int
canvas_width(const struct canvas *c)
{
	return c->cols * c->dx;
}

int
canvas_height(const struct canvas *c)
{
	return c->rows * c->dy;
}

/* The index of the cell of dot (x, y), or -1 outside. */
static long
canvas_cell(const struct canvas *c, int x, int y)
{
	if (x < 0 || y < 0 || x >= canvas_width(c) || y >= canvas_height(c))
		return -1;
	return (long)(y / c->dy) * c->cols + x / c->dx;
}

/* Braille: the bit of dot (col 0..1, row 0..3 from the top) of a cell. */
static unsigned
canvas_braille_bit(int col, int row)
{
	static const unsigned bits[2][4] = {{0x01, 0x02, 0x04, 0x40},
					    {0x08, 0x10, 0x20, 0x80}};

	return bits[col][row];
}

void
canvas_dot(struct canvas *c, int x, int y, int style, char ascii)
{
	long i = canvas_cell(c, x, y);

	if (i < 0)
		return;
	if (c->utf8)
		c->bits[i] |= canvas_braille_bit(x % 2, y % 4);
	else
		c->ascii[i] = ascii;
	c->style[i] = style;
}

/* The ASCII character of a step (sx, sy) of a line, y down. */
static char
canvas_slope_char(int sx, int sy)
{
	if (sy == 0)
		return '-';
	if (sx == 0)
		return '|';
	return (sx > 0) == (sy > 0) ? '\\' : '/';
}

void
canvas_line(struct canvas *c, int x0, int y0, int x1, int y1, int style,
	    char ascii)
{
	int dx = abs(x1 - x0), dy = -abs(y1 - y0);
	int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
	int err = dx + dy, x = x0, y = y0;
	char ch = '-';

	/*
	 * Bresenham (in ASCII a dot is a cell, so this is per cell there);
	 * each dot shows the direction of the step out of it, the last one
	 * that of the step into it.
	 */
	for (;;) {
		int e2 = 2 * err, px = x, py = y, stepx = 0, stepy = 0;

		if (x == x1 && y == y1) {
			canvas_dot(c, x, y, style, ascii != 0 ? ascii : ch);
			return;
		}
		if (e2 >= dy) {
			err += dy;
			x += sx;
			stepx = sx;
		}
		if (e2 <= dx) {
			err += dx;
			y += sy;
			stepy = sy;
		}
		ch = canvas_slope_char(stepx, stepy);
		canvas_dot(c, px, py, style, ascii != 0 ? ascii : ch);
	}
}

void
canvas_mark(struct canvas *c, int x, int y, const char *glyph, int style)
{
	long i = canvas_cell(c, x, y);
	int len = grid_char_len(glyph);

	if (i < 0 || len >= GRID_GLYPH_MAX)
		return;
	memcpy(c->mark[i], glyph, (size_t)len);
	c->mark[i][len] = '\0';
	c->style[i] = style;
}

/* U+2800 + bits as UTF-8 (always three bytes). */
static void
canvas_braille_utf8(char out[4], unsigned bits)
{
	unsigned cp = 0x2800 + bits;

	out[0] = (char)(0xe0 | (cp >> 12));
	out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[2] = (char)(0x80 | (cp & 0x3f));
	out[3] = '\0';
}

void
canvas_draw(const struct canvas *c, struct grid *g, int y, int x)
{
	int r, col;

	for (r = 0; r < c->rows; r++)
		for (col = 0; col < c->cols; col++) {
			long i = (long)r * c->cols + col;
			char glyph[GRID_GLYPH_MAX];

			if (c->style[i] < 0)
				continue;
			if (c->mark[i][0] != '\0')
				memcpy(glyph, c->mark[i], sizeof glyph);
			else if (c->utf8 && c->bits[i] != 0)
				canvas_braille_utf8(glyph, c->bits[i]);
			else if (!c->utf8 && c->ascii[i] != 0)
				glyph[0] = c->ascii[i], glyph[1] = '\0';
			else
				continue;
			grid_put(g, y + r, x + col, 1, glyph, c->style[i]);
		}
}
