/* SPDX-License-Identifier: ISC */
/* grid.c: the screen as a grid of character cells (see grid.h). */
#include "ui/grid.h"

#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

void
grid_init(struct grid *g, int rows, int cols)
{
	g->rows = rows > 0 ? rows : 0;
	g->cols = cols > 0 ? cols : 0;
	g->cells = xcalloc((size_t)g->rows * (size_t)g->cols + 1,
			   sizeof *g->cells);
	grid_clear(g);
}

void
grid_resize(struct grid *g, int rows, int cols)
{
	grid_free(g);
	grid_init(g, rows, cols);
}

void
grid_free(struct grid *g)
{
	free(g->cells);
	g->cells = NULL;
	g->rows = g->cols = 0;
}

void
grid_clear(struct grid *g)
{
	size_t i, n = (size_t)g->rows * (size_t)g->cols;

	for (i = 0; i < n; i++) {
		g->cells[i].glyph[0] = ' ';
		g->cells[i].glyph[1] = '\0';
		g->cells[i].style = UI_STYLE_NORMAL;
	}
}

struct grid_cell *
grid_at(struct grid *g, int y, int x)
{
	if (y < 0 || x < 0 || y >= g->rows || x >= g->cols)
		return NULL;
	return &g->cells[(size_t)y * (size_t)g->cols + (size_t)x];
}

const struct grid_cell *
grid_at_const(const struct grid *g, int y, int x)
{
	if (y < 0 || x < 0 || y >= g->rows || x >= g->cols)
		return NULL;
	return &g->cells[(size_t)y * (size_t)g->cols + (size_t)x];
}

int
grid_char_len(const char *s)
{
	unsigned char c = (unsigned char)s[0];
	int len, i;

	if (c < 0x80)
		return 1;
	if ((c & 0xe0) == 0xc0)
		len = 2;
	else if ((c & 0xf0) == 0xe0)
		len = 3;
	else if ((c & 0xf8) == 0xf0)
		len = 4;
	else
		return 1;
	/* A sequence cut short by the NUL counts as one stray byte. */
	for (i = 1; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			return 1;
	return len;
}

int
grid_text_width(const char *text)
{
	int n = 0;

	while (*text != '\0') {
		text += grid_char_len(text);
		n++;
	}
	return n;
}

/*
 * A character the terminal would obey rather than show: C0 controls,
 * DEL, a byte that is not part of a UTF-8 sequence, and the C1 controls
 * U+0080..U+009F (some terminals take them as CSI and friends).  The
 * views pass text from the input through escape_text() first, so that
 * it reads as "\x1b"; this is the last guard, for text that did not.
 */
static bool
cell_is_control(const char *s, int len)
{
	const unsigned char *u = (const unsigned char *)s;

	if (len == 1)
		return u[0] < 0x20 || u[0] >= 0x7f;
	return len == 2 && u[0] == 0xc2 && u[1] < 0xa0;
}

/* Store one character (len bytes at s) in a cell. */
static void
cell_set(struct grid_cell *c, const char *s, int len, int style)
{
	if (len >= GRID_GLYPH_MAX || cell_is_control(s, len))
		s = "?", len = 1; /* control characters never reach the tty */
	memcpy(c->glyph, s, (size_t)len);
	c->glyph[len] = '\0';
	c->style = (unsigned char)style;
}

int
grid_put(struct grid *g, int y, int x, int max, const char *text, int style)
{
	int n = 0;

	while (*text != '\0' && *text != '\n' && (max < 0 || n < max)) {
		int len = grid_char_len(text);
		struct grid_cell *c = grid_at(g, y, x + n);

		if (c != NULL)
			cell_set(c, text, len, style);
		text += len;
		n++;
	}
	return n;
}

void
grid_fill(struct grid *g, int y, int x, int n, const char *glyph, int style)
{
	int i, len = grid_char_len(glyph);

	for (i = 0; i < n; i++) {
		struct grid_cell *c = grid_at(g, y, x + i);

		if (c != NULL)
			cell_set(c, glyph, len, style);
	}
}

void
grid_style(struct grid *g, int y, int x, int n, int style)
{
	int i;

	for (i = 0; i < n; i++) {
		struct grid_cell *c = grid_at(g, y, x + i);

		if (c != NULL)
			c->style = (unsigned char)style;
	}
}

char *
grid_row_text(const struct grid *g, int y, char *buf, size_t size)
{
	size_t len = 0, keep = 0;
	int x;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	if (y < 0 || y >= g->rows)
		return buf;
	for (x = 0; x < g->cols; x++) {
		const char *s = grid_at_const(g, y, x)->glyph;
		size_t n = strlen(s);

		if (len + n + 1 > size)
			break;
		memcpy(buf + len, s, n);
		len += n;
		if (strcmp(s, " ") != 0)
			keep = len;
	}
	buf[keep] = '\0';
	return buf;
}
