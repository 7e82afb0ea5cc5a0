/* SPDX-License-Identifier: ISC */
/* view_window.c: the sender's window as a ruler (see view_window.h). */
#include "ui/view_window.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/glyphs.h"
#include "ui/view_format.h"
#include "util/xmalloc.h"

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

/*
 * The cells [*x0, *x1) that the range covers (see view_window.h: from the
 * first cell at or past its start to the first at or past its end, or the
 * one cell holding its start when that is none); false when it lies at or
 * below SND.UNA, is empty or starts off the right end of the ruler.
 */
static bool
range_cells(const struct ruler_scale *s, int width,
	    const struct flow_snapshot *f, const struct seq_range *rg, int *x0,
	    int *x1)
{
	int32_t a = (int32_t)(rg->start - f->snd_una);
	int32_t b = (int32_t)(rg->end - f->snd_una);
	uint64_t bpc = s->bytes_per_cell, c0, c1;

	if (b <= 0 || b <= a)
		return false;
	if (a < 0)
		a = 0;
	c0 = (uint64_t)s->x_una + ((uint64_t)a + bpc - 1) / bpc;
	c1 = (uint64_t)s->x_una + ((uint64_t)b + bpc - 1) / bpc;
	if (c1 <= c0) { /* shorter than a cell and inside one */
		c0 = (uint64_t)s->x_una + (uint64_t)a / bpc;
		c1 = c0 + 1;
	}
	if (c0 >= (uint64_t)width)
		return false;
	*x0 = (int)c0;
	*x1 = c1 > (uint64_t)width ? width : (int)c1;
	return true;
}

static void
ranges_mark(unsigned char *cells, const struct ruler_scale *s, int width,
	    const struct flow_snapshot *f, const struct seq_range *rg, size_t n,
	    unsigned char bit)
{
	int x0, x1;

	for (size_t i = 0; i < n; i++)
		if (range_cells(s, width, f, &rg[i], &x0, &x1))
			for (int x = x0; x < x1; x++)
				cells[x] |= bit;
}

#define COVER_SACKED 1
#define COVER_LOST   2

/*
 * Which cells the SACKed ranges and the lost ones cover (COVER_*), or
 * NULL without SACK: one pass over each list, not one per cell (a board
 * of thousands of holes made a frame 15 ms).  The caller frees it.
 */
static unsigned char *
ruler_cover(const struct ruler_scale *s, int width,
	    const struct flow_snapshot *f, const struct ruler_sack *sack)
{
	unsigned char *cells;

	if (sack == NULL || width <= 0)
		return NULL;
	cells = xcalloc((size_t)width, 1);
	ranges_mark(cells, s, width, f, sack->sacked, sack->n_sacked,
		    COVER_SACKED);
	ranges_mark(cells, s, width, f, sack->lost, sack->n_lost, COVER_LOST);
	return cells;
}

/* What one cell of the ruler shows. */
enum ruler_kind {
	RULER_ACKED,  /* left of SND.UNA */
	RULER_FLIGHT, /* sent, not acknowledged */
	RULER_USABLE, /* may be sent now */
	RULER_BEYOND, /* outside the window */
	RULER_SACKED, /* in flight, SACKed */
	RULER_LOST,   /* in flight, a hole presumed lost */
};

/* SACKed over lost (`cover`, ruler_cover()), both over the marks'
 * regions right of SND.UNA. */
static enum ruler_kind
ruler_kind(const struct ruler_scale *s, const unsigned char *cover, int x)
{
	if (x < s->x_una)
		return RULER_ACKED;
	if (cover != NULL) {
		if (cover[x] & COVER_SACKED)
			return RULER_SACKED;
		if (cover[x] & COVER_LOST)
			return RULER_LOST;
	}
	if (x < s->x_nxt)
		return RULER_FLIGHT;
	return x < s->x_edge ? RULER_USABLE : RULER_BEYOND;
}

static const char *
ruler_glyph(enum ruler_kind k, const struct glyphs *gl)
{
	switch (k) {
	case RULER_ACKED:
		return gl->ruler_acked;
	case RULER_FLIGHT:
		return gl->ruler_flight;
	case RULER_USABLE:
		return gl->ruler_usable;
	case RULER_SACKED:
		return gl->ruler_sacked;
	case RULER_LOST:
		return gl->ruler_lost;
	case RULER_BEYOND:
	default:
		return gl->ruler_beyond;
	}
}

static int
ruler_style(enum ruler_kind k)
{
	switch (k) {
	case RULER_ACKED:
		return UI_STYLE_ACKED;
	case RULER_FLIGHT:
		return UI_STYLE_INFLIGHT;
	case RULER_USABLE:
		return UI_STYLE_USABLE;
	case RULER_SACKED:
		return UI_STYLE_SACKED;
	case RULER_LOST:
		return UI_STYLE_LOST;
	case RULER_BEYOND:
	default:
		return UI_STYLE_OUTSIDE;
	}
}

/* Bytes of the ranges, in all. */
static uint64_t
ranges_bytes(const struct seq_range *rg, size_t n)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += (uint32_t)(rg[i].end - rg[i].start);
	return sum;
}

static char *ruler_row(char *buf, size_t size, const struct ruler_scale *sp,
		       const struct flow_snapshot *f,
		       const struct ruler_sack *sack, int width,
		       const struct glyphs *gl);

char *
view_window_ruler(char *buf, size_t size, const struct flow_snapshot *f,
		  int width, const struct glyphs *gl)
{
	return view_window_ruler_sack(buf, size, f, NULL, width, gl);
}

char *
view_window_ruler_sack(char *buf, size_t size, const struct flow_snapshot *f,
		       const struct ruler_sack *sack, int width,
		       const struct glyphs *gl)
{
	struct ruler_scale s;

	view_window_scale(&s, f, width);
	return ruler_row(buf, size, &s, f, sack, width, gl);
}

/* The ruler row for the scale `s`. */
static char *
ruler_row(char *buf, size_t size, const struct ruler_scale *sp,
	  const struct flow_snapshot *f, const struct ruler_sack *sack,
	  int width, const struct glyphs *gl)
{
	struct ruler_scale s = *sp;
	unsigned char *cover = ruler_cover(&s, width, f, sack);
	size_t len = 0;
	int x;

	buf[0] = '\0';
	for (x = 0; x < width; x++) {
		const char *glyph = ruler_glyph(ruler_kind(&s, cover, x), gl);
		size_t n;

		n = strlen(glyph);
		if (len + n + 1 > size)
			break;
		memcpy(buf + len, glyph, n + 1);
		len += n;
	}
	free(cover);
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

/*
 * "SND.UNA 102400", "SND.NXT ...", "edge ...", left to right as their
 * marks stand (the edge falls below SND.NXT when the window shrinks, as
 * in recovery), and "SND.UNA=SND.NXT 102400" when marks coincide.
 */
static void
draw_labels(struct grid *g, int y, int x0, int width,
	    const struct ruler_scale *s, const struct flow_snapshot *f,
	    uint32_t origin)
{
	/* 32-bit sequence arithmetic: the numbers wrap as on the wire */
	uint32_t una = f->snd_una - origin, nxt = f->snd_nxt - origin;
	uint32_t edge = una + (uint32_t)s->window;
	struct {
		int x;
		const char *name;
		unsigned long long value;
	} mark[3] =
		{
			{s->x_una, "SND.UNA", una},
			{s->x_nxt, "SND.NXT", nxt},
			{s->x_edge, "edge", edge},
		},
	  tmp;
	struct ruler_labels l;
	char name[64];
	int i, j;

	/* stable: on a tie SND.UNA, SND.NXT, edge keep this order */
	for (i = 1; i < 3; i++)
		for (j = i; j > 0 && mark[j - 1].x > mark[j].x; j--) {
			tmp = mark[j];
			mark[j] = mark[j - 1];
			mark[j - 1] = tmp;
		}
	l.n = 0;
	for (i = 0; i < 3; i = j) {
		snprintf(name, sizeof name, "%s", mark[i].name);
		for (j = i + 1; j < 3 && mark[j].x == mark[i].x; j++)
			snprintf(name + strlen(name),
				 sizeof name - strlen(name), "=%s",
				 mark[j].name);
		label_add(&l, mark[i].x, name, mark[i].value);
	}
	labels_draw(g, y, x0, width, &l);
}

/* One legend entry, "s sacked 8.79K", from x, not past `end`; returns
 * where the next may start. */
static int
legend_put(struct grid *g, int y, int x, int end, const char *glyph, int style,
	   const char *text)
{
	if (x < end)
		grid_put(g, y, x, 1, glyph, style);
	if (end - x - 1 > 0)
		grid_put(g, y, x + 1, end - x - 1, text, UI_STYLE_NORMAL);
	return x + 1 + grid_text_width(text) + 2;
}

/*
 * "cwnd 45.2K  rwnd 64.0K  ssthresh inf  window 45.2K = cwnd ...", and the
 * SACK legend when there is something SACKed or lost: the line then drops
 * what matters least in recovery (the window's reason, rwnd, usable)
 * until the legend fits.
 */
static void
draw_numbers(struct grid *g, int y, int x, int width,
	     const struct flow_snapshot *f, const struct ruler_scale *s,
	     const struct ruler_sack *sack, const struct glyphs *gl)
{
	char sk[VIEW_NUM_BUF + 16] = "", ls[VIEW_NUM_BUF + 16] = "";
	char num[VIEW_NUM_BUF];
	int legend = 0, end = x + width;
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
	if (sack != NULL && (sack->n_sacked > 0 || sack->n_lost > 0)) {
		snprintf(sk, sizeof sk, " sacked %s",
			 view_size_short(
				 num, sizeof num,
				 ranges_bytes(sack->sacked, sack->n_sacked)));
		legend = 2 + 1 + grid_text_width(sk);
		if (sack->n_lost > 0) {
			snprintf(ls, sizeof ls, " lost %s",
				 view_size_short(num, sizeof num,
						 ranges_bytes(sack->lost,
							      sack->n_lost)));
			legend += 2 + 1 + grid_text_width(ls);
		}
	}
	if (grid_text_width(line) + legend > width) /* window = min(c, r) */
		snprintf(line, sizeof line,
			 "cwnd %s  rwnd %s  ssthresh %s  in flight %s  "
			 "usable %s",
			 cwnd, rwnd, ss, fl, us);
	if (legend > 0 && grid_text_width(line) + legend > width)
		snprintf(line, sizeof line,
			 "cwnd %s  ssthresh %s  in flight %s", cwnd, ss, fl);
	grid_put(g, y, x, width, line, UI_STYLE_NORMAL);
	if (legend > 0) {
		int at = x + grid_text_width(line) + 2;

		at = legend_put(g, y, at, end, gl->ruler_sacked,
				UI_STYLE_SACKED, sk);
		if (ls[0] != '\0')
			legend_put(g, y, at, end, gl->ruler_lost, UI_STYLE_LOST,
				   ls);
	}
}

void
view_window(struct grid *g, const struct rect *r, const struct flow_snapshot *f,
	    const struct glyphs *gl)
{
	view_window_sack(g, r, f, NULL, gl);
}

void
view_window_sack(struct grid *g, const struct rect *r,
		 const struct flow_snapshot *f, const struct ruler_sack *sack,
		 const struct glyphs *gl)
{
	struct ruler_options o = {false, 0};

	view_window_opts(g, r, f, sack, &o, gl);
}

void
view_window_scale_opts(struct ruler_scale *s, const struct flow_snapshot *f,
		       int width, const struct ruler_options *o)
{
	view_window_scale(s, f, width);
	if (o->fixed_bytes_per_cell == 0)
		return;
	s->bytes_per_cell = o->fixed_bytes_per_cell;
	s->x_nxt = ruler_x(s, width, f->inflight_bytes);
	s->x_edge = ruler_x(s, width, s->window);
}

void
view_window_opts(struct grid *g, const struct rect *r,
		 const struct flow_snapshot *f, const struct ruler_sack *sack,
		 const struct ruler_options *o, const struct glyphs *gl)
{
	struct ruler_scale s;
	char ruler[1024];
	unsigned char *cover;
	int x, width = r->cols;

	view_window_scale_opts(&s, f, width, o);
	draw_numbers(g, r->y, r->x, width, f, &s, sack, gl);
	ruler_row(ruler, sizeof ruler, &s, f, sack, width, gl);
	grid_put(g, r->y + 1, r->x, width, ruler, UI_STYLE_NORMAL);
	cover = ruler_cover(&s, width, f, sack);
	for (x = 0; x < width; x++)
		grid_style(g, r->y + 1, r->x + x, 1,
			   ruler_style(ruler_kind(&s, cover, x)));
	free(cover);
	grid_put(g, r->y + 2, r->x + s.x_una, 1, gl->mark, UI_STYLE_BOLD);
	grid_put(g, r->y + 2, r->x + s.x_nxt, 1, gl->mark, UI_STYLE_BOLD);
	grid_put(g, r->y + 2, r->x + s.x_edge, 1, gl->mark, UI_STYLE_BOLD);
	/* relative to the ISN as Wireshark shows them (the first data
	 * byte is 1), or the wire's own numbers */
	draw_labels(g, r->y + 3, r->x, width, &s, f,
		    o->absolute_seq ? 0 : f->isn);
}
