/* SPDX-License-Identifier: ISC */
/* view_chart.c: strip charts in braille, blocks or ASCII (view_chart.h). */
#include "ui/view_chart.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ui/glyphs.h"
#include "ui/view_format.h"

/* Most plot cells handled; wider charts are cut (no screen is this wide). */
#define PLOT_MAX_COLS 512
#define PLOT_MAX_ROWS 64

int
chart_plot_cols(int cols)
{
	int n = cols - CHART_AXIS_COLS;

	if (n < 1)
		n = 1;
	return n > PLOT_MAX_COLS ? PLOT_MAX_COLS : n;
}

int
chart_points(int cols, const struct glyphs *gl)
{
	return chart_plot_cols(cols) * (gl->utf8 ? 2 : 1);
}

double
chart_nice_max(double max)
{
	static const double steps[] = {1, 2, 2.5, 5, 10};
	double scale = 1;
	size_t i;

	if (!(max > 0) || isinf(max))
		return 1;
	while (scale * 10 < max)
		scale *= 10;
	while (scale > max)
		scale /= 10;
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (steps[i] * scale >= max * (1 - 1e-12))
			return steps[i] * scale;
	return 10 * scale;
}

static char *
axis_label(char *buf, size_t size, double v, enum chart_unit unit)
{
	switch (unit) {
	case CHART_RATE:
		return view_rate_short(buf, size, v);
	case CHART_BYTES:
		return view_size_short(buf, size, (uint64_t)(v + 0.5));
	case CHART_COUNT:
		break;
	}
	return view_count_short(buf, size, v);
}

/* Braille: dot (col 0..1, row 0..3 from the top) of a cell. */
static unsigned
braille_bit(int col, int row)
{
	static const unsigned bits[2][4] = {{0x01, 0x02, 0x04, 0x40},
					    {0x08, 0x10, 0x20, 0x80}};

	return bits[col][row];
}

/* U+2800 + bits as UTF-8 (always three bytes). */
static void
braille_utf8(char out[4], unsigned bits)
{
	unsigned cp = 0x2800 + bits;

	out[0] = (char)(0xe0 | (cp >> 12));
	out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[2] = (char)(0x80 | (cp & 0x3f));
	out[3] = '\0';
}

/* The plot's state while series are drawn into it. */
struct plot {
	int rows, cols;				     /* cells */
	unsigned dots[PLOT_MAX_ROWS][PLOT_MAX_COLS]; /* braille bits */
	int style[PLOT_MAX_ROWS][PLOT_MAX_COLS];     /* -1: untouched */
	char ascii[PLOT_MAX_ROWS][PLOT_MAX_COLS];    /* ASCII character */
	int block[PLOT_MAX_ROWS][PLOT_MAX_COLS];     /* eighths, -1: none */
};

/* Value -> level 0..levels-1 from the bottom; -1 for no data. */
static int
level_of(double v, double top, int levels)
{
	double l;

	if (isnan(v))
		return -1;
	if (v < 0)
		v = 0;
	l = v / top * (levels - 1) + 0.5;
	if (l > levels - 1)
		l = levels - 1;
	return (int)l;
}

/* Set braille dot (x in dot columns, y in dot rows from the bottom). */
static void
plot_dot(struct plot *p, int x, int y, int style)
{
	int cx = x / 2, cy = p->rows - 1 - y / 4;

	if (cx < 0 || cx >= p->cols || cy < 0 || cy >= p->rows)
		return;
	p->dots[cy][cx] |= braille_bit(x % 2, 3 - y % 4);
	p->style[cy][cx] = style;
}

static void
plot_line_braille(struct plot *p, const struct chart_series *s, double top)
{
	int levels = p->rows * 4, x, prev = -1;

	for (x = 0; x < p->cols * 2; x++) {
		int y = level_of(s->values[x], top, levels), lo, hi, k;

		if (y < 0 || (s->dotted && x % 2 == 1) ||
		    (s->sparse && x % 4 != 0)) {
			if (y < 0)
				prev = -1;
			continue;
		}
		/* a vertical stroke joins a step, so a drop to 0 is seen */
		lo = prev < 0 ? y : (prev < y ? prev : y);
		hi = prev < 0 ? y : (prev > y ? prev : y);
		for (k = lo; k <= hi; k++)
			plot_dot(p, x, k, s->style);
		prev = y;
	}
}

static void
plot_line_ascii(struct plot *p, const struct chart_series *s, double top)
{
	int x, prev = -1;

	for (x = 0; x < p->cols; x++) {
		int y = level_of(s->values[x], top, p->rows), k;

		if (y < 0) {
			prev = -1;
			continue;
		}
		if ((s->dotted || s->sparse) && x % 2 == 1) {
			prev = y;
			continue;
		}
		for (k = (prev < 0 ? y : prev); k != y; k += (y > k ? 1 : -1))
			if (k != prev) {
				p->ascii[p->rows - 1 - k][x] = '|';
				p->style[p->rows - 1 - k][x] = s->style;
			}
		p->ascii[p->rows - 1 - y][x] = s->marker;
		p->style[p->rows - 1 - y][x] = s->style;
		prev = y;
	}
}

/* An area: per cell column, eighths of the plot height. */
static void
plot_area(struct plot *p, const struct chart_series *s, double top, int ppc)
{
	int x, r;

	for (x = 0; x < p->cols; x++) {
		double v = s->values[x * ppc];
		long eighths;

		if (ppc > 1 && !isnan(s->values[x * ppc + 1]) &&
		    (isnan(v) || s->values[x * ppc + 1] > v))
			v = s->values[x * ppc + 1]; /* the peak of the cell */
		if (isnan(v))
			continue;
		eighths = lround((v < 0 ? 0 : v) / top * p->rows * 8);
		if (eighths > (long)p->rows * 8)
			eighths = (long)p->rows * 8;
		if (eighths == 0 && v > 0)
			eighths = 1; /* something, not nothing */
		for (r = 0; r < p->rows; r++) {
			long e = eighths - (long)r * 8;

			if (e <= 0)
				break;
			p->block[p->rows - 1 - r][x] = (int)(e > 8 ? 8 : e);
			p->style[p->rows - 1 - r][x] = s->style;
		}
	}
}

void
view_chart(struct grid *g, const struct rect *r, const struct chart *c,
	   const struct glyphs *gl)
{
	static struct plot plot; /* large; a chart is drawn at a time */
	struct plot *p = &plot;
	int ppc = gl->utf8 ? 2 : 1;
	int n = 0, i, x, y, plot_x = r->x + CHART_AXIS_COLS;
	double max = 0, top;
	char label[VIEW_NUM_BUF], span[VIEW_NUM_BUF];

	p->cols = chart_plot_cols(r->cols);
	p->rows = r->rows - 2; /* title and time axis */
	if (p->rows > PLOT_MAX_ROWS)
		p->rows = PLOT_MAX_ROWS;
	grid_put(g, r->y, r->x, r->cols, c->title, UI_STYLE_BOLD);
	if (p->rows < 1)
		return;
	n = p->cols * ppc;
	for (i = 0; i < c->n_series; i++)
		for (x = 0; x < n && !c->series[i].unscaled; x++)
			if (!isnan(c->series[i].values[x]) &&
			    c->series[i].values[x] > max)
				max = c->series[i].values[x];
	top = chart_nice_max(max);

	memset(p->dots, 0, sizeof p->dots);
	memset(p->ascii, 0, sizeof p->ascii);
	for (y = 0; y < p->rows; y++)
		for (x = 0; x < p->cols; x++) {
			p->style[y][x] = -1;
			p->block[y][x] = -1;
		}
	for (i = 0; i < c->n_series; i++) {
		const struct chart_series *s = &c->series[i];

		if (s->area)
			plot_area(p, s, top, ppc);
		else if (gl->utf8)
			plot_line_braille(p, s, top);
		else
			plot_line_ascii(p, s, top);
	}

	/* y axis: the maximum at the top, 0 at the bottom */
	for (y = 0; y < p->rows; y++) {
		grid_put(g, r->y + 1 + y, r->x + CHART_AXIS_COLS - 1, 1,
			 gl->axis_v, UI_STYLE_DIM);
		for (x = 0; x < p->cols; x++) {
			char glyph[4];
			int style = p->style[y][x];

			if (style < 0)
				continue;
			if (p->block[y][x] >= 0)
				grid_put(g, r->y + 1 + y, plot_x + x, 1,
					 gl->block[p->block[y][x]], style);
			else if (gl->utf8 && p->dots[y][x] != 0) {
				braille_utf8(glyph, p->dots[y][x]);
				grid_put(g, r->y + 1 + y, plot_x + x, 1, glyph,
					 style);
			} else if (p->ascii[y][x] != 0) {
				glyph[0] = p->ascii[y][x];
				glyph[1] = '\0';
				grid_put(g, r->y + 1 + y, plot_x + x, 1, glyph,
					 style);
			}
		}
	}
	axis_label(label, sizeof label, top, c->unit);
	grid_put(g, r->y + 1, r->x, CHART_AXIS_COLS - 1, label, UI_STYLE_DIM);
	grid_put(g, r->y + p->rows, r->x + CHART_AXIS_COLS - 2, 1, "0",
		 UI_STYLE_DIM);

	/* time axis: a rule, "0s" under its start, the span under its end */
	y = r->y + 1 + p->rows;
	grid_put(g, y, r->x + CHART_AXIS_COLS - 1, 1, gl->axis_corner,
		 UI_STYLE_DIM);
	grid_fill(g, y, plot_x, p->cols, gl->axis_h, UI_STYLE_DIM);
	/* labels on the rule itself keep the chart one row shorter */
	view_time_short(span, sizeof span, c->span_ns);
	grid_put(g, y, plot_x, 2, "0s", UI_STYLE_DIM);
	grid_put(g, y, plot_x + p->cols - grid_text_width(span),
		 grid_text_width(span), span, UI_STYLE_DIM);
}
