/* SPDX-License-Identifier: ISC */
/* view_window.c: the sender's window as a ruler (see view_window.h). */
#include "ui/view_window.h"

#include <stdio.h>
#include <string.h>

#include "ui/glyphs.h"
#include "ui/view_format.h"

static uint64_t
min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static uint64_t
max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/* Cells of acknowledged bytes left of SND.UNA. */
static int
ruler_left(int width)
{
	return width / 8;
}

/* The first cell whose bytes start at or past `offset` from SND.UNA. */
static int
ruler_x(const struct ruler_scale *s, int width, uint64_t offset)
{
	uint64_t cells = (offset + s->bytes_per_cell - 1) / s->bytes_per_cell;
	uint64_t x = (uint64_t)ruler_left(width) + cells;

	return x > (uint64_t)(width - 1) ? width - 1 : (int)x;
}

void
view_window_scale(struct ruler_scale *s, const struct flow_snapshot *f,
		  int width)
{
	uint64_t span, right = (uint64_t)(width - ruler_left(width));

	s->window = min_u64(f->cwnd_bytes, f->rwnd_bytes);
	/* The window or what is in flight, whichever is more; at least two
	 * segments, so that a closed window still has a visible scale. */
	span = max_u64(max_u64(s->window, f->inflight_bytes),
		       2 * (uint64_t)(f->mss > 0 ? f->mss : 1));
	span += span / 3; /* the window takes three quarters */
	s->bytes_per_cell = right > 0 ? (span + right - 1) / right : span;
	if (s->bytes_per_cell == 0)
		s->bytes_per_cell = 1;
	s->x_una = ruler_left(width);
	s->x_nxt = ruler_x(s, width, f->inflight_bytes);
	s->x_edge = ruler_x(s, width, s->window);
}

char *
view_window_ruler(char *buf, size_t size, const struct flow_snapshot *f,
		  int width, const struct glyphs *gl)
{
	struct ruler_scale s;
	size_t len = 0;
	int x;

	view_window_scale(&s, f, width);
	buf[0] = '\0';
	for (x = 0; x < width; x++) {
		const char *glyph;
		size_t n;

		if (x < s.x_una)
			glyph = gl->ruler_acked;
		else if (x < s.x_nxt)
			glyph = gl->ruler_flight;
		else if (x < s.x_edge)
			glyph = gl->ruler_usable;
		else
			glyph = gl->ruler_beyond;
		n = strlen(glyph);
		if (len + n + 1 > size)
			break;
		memcpy(buf + len, glyph, n + 1);
		len += n;
	}
	return buf;
}

/* Labels of the marks, at most three, left to right. */
struct ruler_labels {
	char text[3][96];
	int x[3]; /* where each wants to start: its mark */
	int n;
};

static void
label_add(struct ruler_labels *l, int x, const char *name, unsigned long long v)
{
	snprintf(l->text[l->n], sizeof l->text[l->n], "%s %llu", name, v);
	l->x[l->n++] = x;
}

/*
 * Each label starts under its mark, pushed right past the one before; if
 * the last then runs off the ruler, they are pushed back left together.
 */
static void
labels_draw(struct grid *g, int y, int x0, int width,
	    const struct ruler_labels *l)
{
	int x[3] = {0, 0, 0}, i, used = 0;

	for (i = 0; i < l->n; i++) {
		x[i] = l->x[i] < used ? used : l->x[i];
		used = x[i] + grid_text_width(l->text[i]) + 1;
	}
	for (i = l->n - 1; i >= 0; i--) {
		int limit = i == l->n - 1 ? width : x[i + 1] - 1;
		int len = grid_text_width(l->text[i]);

		if (x[i] + len > limit)
			x[i] = limit - len;
		if (x[i] < 0)
			x[i] = 0;
	}
	for (i = 0; i < l->n; i++)
		grid_put(g, y, x0 + x[i],
			 (i + 1 < l->n ? x[i + 1] - 1 : width) - x[i],
			 l->text[i], UI_STYLE_NORMAL);
}

/* "SND.UNA 102400", or "SND.UNA=SND.NXT 102400" when they coincide. */
static void
draw_labels(struct grid *g, int y, int x0, int width,
	    const struct ruler_scale *s, const struct flow_snapshot *f)
{
	uint32_t base = f->isn + 1; /* the first data byte */
	uint32_t una = f->snd_una - base, nxt = f->snd_nxt - base;
	unsigned long long edge = (unsigned long long)una + s->window;
	struct ruler_labels l;

	l.n = 0;
	if (s->x_nxt == s->x_una && s->x_edge == s->x_una) {
		label_add(&l, s->x_una, "SND.UNA=SND.NXT=edge", una);
	} else if (s->x_nxt == s->x_una) {
		label_add(&l, s->x_una, "SND.UNA=SND.NXT", una);
		label_add(&l, s->x_edge, "edge", edge);
	} else if (s->x_nxt == s->x_edge) {
		label_add(&l, s->x_una, "SND.UNA", una);
		label_add(&l, s->x_nxt, "SND.NXT=edge", nxt);
	} else {
		label_add(&l, s->x_una, "SND.UNA", una);
		label_add(&l, s->x_nxt, "SND.NXT", nxt);
		label_add(&l, s->x_edge, "edge", edge);
	}
	labels_draw(g, y, x0, width, &l);
}

/* "cwnd 45.2K  rwnd 64.0K  ssthresh inf  window 45.2K = cwnd ..." */
static void
draw_numbers(struct grid *g, int y, int x, int width,
	     const struct flow_snapshot *f, const struct ruler_scale *s,
	     const struct glyphs *gl)
{
	char cwnd[VIEW_NUM_BUF], rwnd[VIEW_NUM_BUF], ss[VIEW_NUM_BUF];
	char win[VIEW_NUM_BUF], fl[VIEW_NUM_BUF], us[VIEW_NUM_BUF];
	char line[256];
	const char *binds;
	uint64_t usable = s->window > f->inflight_bytes
				  ? s->window - f->inflight_bytes
				  : 0;

	if (f->cwnd_bytes == UINT64_MAX)
		snprintf(cwnd, sizeof cwnd, "off");
	else
		view_size_short(cwnd, sizeof cwnd, f->cwnd_bytes);
	view_size_short(rwnd, sizeof rwnd, f->rwnd_bytes);
	if (f->ssthresh_bytes == UINT64_MAX)
		snprintf(ss, sizeof ss, "%s", gl->infinity);
	else
		view_size_short(ss, sizeof ss, f->ssthresh_bytes);
	binds = f->cwnd_bytes < f->rwnd_bytes ? "cwnd" : "rwnd";
	snprintf(line, sizeof line,
		 "cwnd %s  rwnd %s  ssthresh %s  window %s = %s  in flight "
		 "%s  usable %s",
		 cwnd, rwnd, ss, view_size_short(win, sizeof win, s->window),
		 binds, view_size_short(fl, sizeof fl, f->inflight_bytes),
		 view_size_short(us, sizeof us, usable));
	if (grid_text_width(line) > width) /* the window is min(cwnd, rwnd) */
		snprintf(line, sizeof line,
			 "cwnd %s  rwnd %s  ssthresh %s  in flight %s  "
			 "usable %s",
			 cwnd, rwnd, ss, fl, us);
	grid_put(g, y, x, width, line, UI_STYLE_NORMAL);
}

void
view_window(struct grid *g, const struct rect *r, const struct flow_snapshot *f,
	    const struct glyphs *gl)
{
	struct ruler_scale s;
	char ruler[1024];
	int x, width = r->cols;

	view_window_scale(&s, f, width);
	draw_numbers(g, r->y, r->x, width, f, &s, gl);
	view_window_ruler(ruler, sizeof ruler, f, width, gl);
	grid_put(g, r->y + 1, r->x, width, ruler, UI_STYLE_NORMAL);
	for (x = 0; x < width; x++) {
		int style = x < s.x_una	   ? UI_STYLE_ACKED
			    : x < s.x_nxt  ? UI_STYLE_INFLIGHT
			    : x < s.x_edge ? UI_STYLE_USABLE
					   : UI_STYLE_OUTSIDE;

		grid_style(g, r->y + 1, r->x + x, 1, style);
	}
	grid_put(g, r->y + 2, r->x + s.x_una, 1, gl->mark, UI_STYLE_BOLD);
	grid_put(g, r->y + 2, r->x + s.x_nxt, 1, gl->mark, UI_STYLE_BOLD);
	grid_put(g, r->y + 2, r->x + s.x_edge, 1, gl->mark, UI_STYLE_BOLD);
	draw_labels(g, r->y + 3, r->x, width, &s, f);
}
