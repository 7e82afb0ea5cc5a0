/* SPDX-License-Identifier: ISC */
/* view_tsg.c: the time-sequence graph (see view_tsg.h). */
#include "ui/view_tsg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/canvas.h"
#include "ui/glyphs.h"
#include "ui/pktlog.h"
#include "ui/view_chart.h"
#include "ui/view_format.h"
#include "util/xmalloc.h"

/* The styles of the graph's elements, the same in the legend. */
#define TSG_STYLE_SEND	 UI_STYLE_DATA
#define TSG_STYLE_RESEND UI_STYLE_WARN
#define TSG_STYLE_DROP	 UI_STYLE_LOST
#define TSG_STYLE_ACK	 UI_STYLE_ACK
#define TSG_STYLE_WINDOW UI_STYLE_USABLE
#define TSG_STYLE_SACK	 UI_STYLE_SACKED

/* ASCII: the character of each element (UTF-8 draws braille dots). */
#define TSG_ASCII_SEND	 '+'
#define TSG_ASCII_ACK	 '-'
#define TSG_ASCII_STEP	 '|'
#define TSG_ASCII_WINDOW '.'
#define TSG_ASCII_SACK	 ':'

int64_t
tsg_zoom_start(int64_t now, int64_t srtt, bool whole, int64_t oldest)
{
	int64_t t0 = 0;

	if (!whole && srtt > 0 && srtt <= now / TSG_ZOOM_RTTS)
		t0 = now - TSG_ZOOM_RTTS * srtt;
	if (t0 < oldest && oldest <= now)
		t0 = oldest;
	return t0;
}

/* (a - lo) * (n - 1) / (hi - lo), rounded, without overflow. */
static int
tsg_scale(uint64_t d, uint64_t span, int n)
{
	uint64_t m = n > 1 ? (uint64_t)(n - 1) : 0;

	if (span == 0)
		return 0;
	while (m > 0 && span > UINT64_MAX / 2 / m) {
		span >>= 1;
		d >>= 1;
		if (span == 0)
			return 0;
	}
	return (int)((d * m + span / 2) / span);
}

int
tsg_x(const struct tsg_frame *f, int64_t t)
{
	if (t < f->t0 || t > f->t1)
		return -1;
	return tsg_scale((uint64_t)(t - f->t0), (uint64_t)(f->t1 - f->t0),
			 f->width);
}

int
tsg_y(const struct tsg_frame *f, uint64_t seq)
{
	if (seq < f->lo || seq > f->hi)
		return -1;
	return f->height - 1 - tsg_scale(seq - f->lo, f->hi - f->lo, f->height);
}

/* Widen [*lo, *hi] to take v. */
static void
tsg_take(uint64_t *lo, uint64_t *hi, bool *any, uint64_t v)
{
	if (!*any || v < *lo)
		*lo = v;
	if (!*any || v > *hi)
		*hi = v;
	*any = true;
}

bool
tsg_frame_make(struct tsg_frame *f, const struct pktlog *log, size_t flow,
	       int64_t t0, int64_t t1, int width, int height)
{
	size_t n = pktlog_count(log, flow), i;
	const struct pktlog_rec *before = NULL; /* the ACK in force at t0 */
	uint64_t lo = 0, hi = 0, edge = 0, span;
	bool any = false;
	unsigned k;

	memset(f, 0, sizeof *f);
	f->t0 = t0;
	f->t1 = t1 > t0 ? t1 : t0;
	f->width = width;
	f->height = height;
	for (i = 0; i < n; i++) {
		const struct pktlog_rec *r = pktlog_get(log, flow, i);

		if (r->kind == PKTLOG_DATA) {
			if (r->sent_ns < t0 || r->sent_ns > t1)
				continue;
			tsg_take(&lo, &hi, &any, r->seq);
			tsg_take(&lo, &hi, &any, r->seq + r->len);
			continue;
		}
		if (r->fate != PKTLOG_ARRIVED || r->end_ns > t1)
			continue;
		if (r->end_ns < t0) {
			before = r; /* ACKs arrive in order: the last wins */
			continue;
		}
		tsg_take(&lo, &hi, &any, r->seq);
		for (k = 0; k < r->n_sack; k++)
			tsg_take(&lo, &hi, &any, r->seq + r->sack_right[k]);
		if (r->seq + r->win > edge)
			edge = r->seq + r->win;
	}
	if (before != NULL && any) {
		tsg_take(&lo, &hi, &any, before->seq);
		if (before->seq + before->win > edge)
			edge = before->seq + before->win;
	}
	if (!any)
		return false;
	span = hi > lo ? hi - lo : 1;
	if (hi == lo)
		hi = lo + 1;
	/* the window edge takes at most as much height again */
	if (edge > hi)
		hi = edge - hi > span ? hi + span : edge;
	f->lo = lo;
	f->hi = hi;
	f->edge_hi = edge;
	return true;
}

/*
 * The cumulative ACK and the window edge as step lines: at each dot
 * column the last ACK that arrived by then.  A step is a vertical stroke
 * from the old level to the new one, so that each jump is seen.
 */
static void
tsg_draw_acks(struct canvas *c, const struct tsg_frame *f,
	      const struct pktlog *log, size_t flow)
{
	size_t n = pktlog_count(log, flow), i;
	uint64_t *ack = xcalloc((size_t)f->width, sizeof *ack);
	uint64_t *edge = xcalloc((size_t)f->width, sizeof *edge);
	bool *set = xcalloc((size_t)f->width, sizeof *set);
	bool have = false;
	uint64_t cur_ack = 0, cur_edge = 0;
	int x, prev_a = -1;

	for (i = 0; i < n; i++) {
		const struct pktlog_rec *r = pktlog_get(log, flow, i);

		if (r->kind != PKTLOG_ACK || r->fate != PKTLOG_ARRIVED ||
		    r->end_ns > f->t1)
			continue;
		if (r->end_ns < f->t0) {
			cur_ack = r->seq > cur_ack ? r->seq : cur_ack;
			cur_edge = r->seq + r->win;
			have = true;
			continue;
		}
		x = tsg_x(f, r->end_ns);
		if (!set[x] || r->seq > ack[x])
			ack[x] = r->seq;
		edge[x] = r->seq + r->win; /* the latest one of the column */
		set[x] = true;
	}
	for (x = 0; x < f->width; x++) {
		int ya, ye;

		if (set[x]) {
			cur_ack = !have || ack[x] > cur_ack ? ack[x] : cur_ack;
			cur_edge = edge[x];
			have = true;
		}
		if (!have)
			continue;
		/* the window edge, dotted: every other dot column */
		ye = cur_edge > f->hi ? -1 : tsg_y(f, cur_edge);
		if (ye >= 0 && (!c->utf8 || x % 2 == 0))
			canvas_dot(c, x, ye, TSG_STYLE_WINDOW,
				   TSG_ASCII_WINDOW);
		ya = tsg_y(f, cur_ack);
		if (ya >= 0 && prev_a >= 0 && ya != prev_a) {
			int lo = ya < prev_a ? ya : prev_a;
			int hi = ya < prev_a ? prev_a : ya, y;

			for (y = lo; y <= hi; y++)
				canvas_dot(c, x, y, TSG_STYLE_ACK,
					   TSG_ASCII_STEP);
		}
		if (ya >= 0)
			canvas_dot(c, x, ya, TSG_STYLE_ACK, TSG_ASCII_ACK);
		prev_a = ya;
	}
	free(ack);
	free(edge);
	free(set);
}

/* SACK blocks: a dotted bar at the time each ACK arrived. */
static void
tsg_draw_sacks(struct canvas *c, const struct tsg_frame *f,
	       const struct pktlog *log, size_t flow)
{
	size_t n = pktlog_count(log, flow), i;
	unsigned k;

	for (i = 0; i < n; i++) {
		const struct pktlog_rec *r = pktlog_get(log, flow, i);
		int x;

		if (r->kind != PKTLOG_ACK || r->fate != PKTLOG_ARRIVED ||
		    r->n_sack == 0 || (x = tsg_x(f, r->end_ns)) < 0)
			continue;
		for (k = 0; k < r->n_sack; k++) {
			int top = tsg_y(f, r->seq + r->sack_right[k]);
			int bottom = tsg_y(f, r->seq + r->sack_left[k]), y;

			if (top < 0 || bottom < 0)
				continue;
			for (y = top; y <= bottom; y++)
				if (!c->utf8 || y % 2 == 0 || y == bottom)
					canvas_dot(c, x, y, TSG_STYLE_SACK,
						   TSG_ASCII_SACK);
		}
	}
}

/*
 * The data segments: a bar from the first byte to the last; then the
 * marks of retransmissions and drops, over the bars (a drop last: what
 * never arrived matters most).
 */
static void
tsg_draw_data(struct canvas *c, const struct tsg_frame *f,
	      const struct pktlog *log, size_t flow, const struct glyphs *gl)
{
	size_t n = pktlog_count(log, flow), i;
	int pass;

	for (pass = 0; pass < 3; pass++)
		for (i = 0; i < n; i++) {
			const struct pktlog_rec *r = pktlog_get(log, flow, i);
			int x, top, bottom, y;

			if (r->kind != PKTLOG_DATA ||
			    (x = tsg_x(f, r->sent_ns)) < 0)
				continue;
			bottom = tsg_y(f, r->seq);
			top = tsg_y(f, r->seq + (r->len > 0 ? r->len - 1 : 0));
			if (top < 0 || bottom < 0)
				continue;
			if (pass == 0) {
				for (y = top; y <= bottom; y++)
					canvas_dot(c, x, y, TSG_STYLE_SEND,
						   TSG_ASCII_SEND);
			} else if (pass == 1 && r->retransmit &&
				   r->fate != PKTLOG_DROPPED) {
				canvas_mark(c, x, (top + bottom) / 2, "R",
					    TSG_STYLE_RESEND);
			} else if (pass == 2 && r->fate == PKTLOG_DROPPED) {
				canvas_mark(c, x, (top + bottom) / 2, gl->drop,
					    TSG_STYLE_DROP);
			}
		}
}

/* One item of the legend at x; returns the x after it (and a blank). */
static int
tsg_legend_item(struct grid *g, int y, int x, int end, const char *sample,
		int style, const char *word)
{
	int w = grid_text_width(sample) + grid_text_width(word);

	if (x + w > end)
		return end + 1; /* what does not fit is left out whole */
	grid_put(g, y, x, -1, sample, style);
	grid_put(g, y, x + grid_text_width(sample), -1, word, UI_STYLE_DIM);
	return x + w + 1;
}

/* The title, then the legend as far as it fits. */
static void
tsg_title(struct grid *g, const struct rect *r, const struct tsg_view *v,
	  int64_t t0, bool wrapped, const struct glyphs *gl)
{
	char title[96], when[VIEW_NUM_BUF];
	int x, end = r->x + r->cols;

	if (!v->whole && v->srtt_ns > 0)
		snprintf(title, sizeof title, "TIME-SEQUENCE last %d RTT",
			 TSG_ZOOM_RTTS);
	else if (wrapped)
		snprintf(title, sizeof title, "TIME-SEQUENCE since %s",
			 view_time_short(when, sizeof when, t0));
	else
		snprintf(title, sizeof title, "TIME-SEQUENCE whole run");
	x = r->x + grid_put(g, r->y, r->x, r->cols, title, UI_STYLE_BOLD) + 2;
	if (gl->utf8) {
		x = tsg_legend_item(g, r->y, x, end, "\u2847", TSG_STYLE_SEND,
				    "send");
		x = tsg_legend_item(g, r->y, x, end, "R", TSG_STYLE_RESEND,
				    " resend");
		x = tsg_legend_item(g, r->y, x, end, gl->drop, TSG_STYLE_DROP,
				    "drop");
		x = tsg_legend_item(g, r->y, x, end, "\u2824", TSG_STYLE_ACK,
				    "ACK");
		x = tsg_legend_item(g, r->y, x, end, "\u2802\u2802",
				    TSG_STYLE_WINDOW, "window");
		x = tsg_legend_item(g, r->y, x, end, "\u2845", TSG_STYLE_SACK,
				    "SACK");
	} else {
		x = tsg_legend_item(g, r->y, x, end, "+", TSG_STYLE_SEND,
				    "send");
		x = tsg_legend_item(g, r->y, x, end, "R", TSG_STYLE_RESEND,
				    " resend");
		x = tsg_legend_item(g, r->y, x, end, gl->drop, TSG_STYLE_DROP,
				    "drop");
		x = tsg_legend_item(g, r->y, x, end, "-", TSG_STYLE_ACK, "ACK");
		x = tsg_legend_item(g, r->y, x, end, ".", TSG_STYLE_WINDOW,
				    "window");
		x = tsg_legend_item(g, r->y, x, end, ":", TSG_STYLE_SACK,
				    "SACK");
	}
	(void)tsg_legend_item(g, r->y, x + 1, end, "w", UI_STYLE_DIM,
			      v->whole ? " zooms in" : " whole run");
}

/* A line of text in the middle of the plot (nothing to draw). */
static void
tsg_note(struct grid *g, const struct rect *r, const char *text)
{
	int w = grid_text_width(text), x = r->x + (r->cols - w) / 2;

	grid_put(g, r->y + r->rows / 2, x < r->x ? r->x : x, r->cols, text,
		 UI_STYLE_DIM);
}

void
view_tsg(struct grid *g, const struct rect *r, const struct tsg_view *v,
	 const struct glyphs *gl)
{
	struct tsg_frame f;
	struct canvas c;
	char label[VIEW_NUM_BUF], note[96];
	int64_t t0, oldest = 0;
	int rows = r->rows - 2, cols = chart_plot_cols(r->cols), y;
	int plot_x = r->x + CHART_AXIS_COLS;
	size_t n;
	bool wrapped;

	if (v->log == NULL || v->flow >= pktlog_flows(v->log)) {
		grid_put(g, r->y, r->x, r->cols, "TIME-SEQUENCE",
			 UI_STYLE_BOLD);
		snprintf(note, sizeof note,
			 "this flow is not recorded: the views keep the "
			 "first %zu flows",
			 v->log != NULL ? pktlog_flows(v->log) : (size_t)0);
		tsg_note(g, r, note);
		return;
	}
	n = pktlog_count(v->log, v->flow);
	wrapped = pktlog_total(v->log, v->flow) > n;
	if (wrapped)
		oldest = pktlog_get(v->log, v->flow, 0)->sent_ns;
	t0 = tsg_zoom_start(v->now_ns, v->srtt_ns, v->whole, oldest);
	tsg_title(g, r, v, t0, wrapped, gl);
	if (rows < 1)
		return;
	canvas_init(&c, rows, cols, gl->utf8);
	if (!tsg_frame_make(&f, v->log, v->flow, t0, v->now_ns,
			    canvas_width(&c), canvas_height(&c))) {
		canvas_free(&c);
		tsg_note(g, r, "no packets yet");
		return;
	}
	tsg_draw_acks(&c, &f, v->log, v->flow);
	tsg_draw_sacks(&c, &f, v->log, v->flow);
	tsg_draw_data(&c, &f, v->log, v->flow, gl);
	canvas_draw(&c, g, r->y + 1, plot_x);
	canvas_free(&c);

	/* the sequence axis: hi at the top, lo at the bottom (relative) */
	for (y = 0; y < rows; y++)
		grid_put(g, r->y + 1 + y, plot_x - 1, 1, gl->axis_v,
			 UI_STYLE_DIM);
	view_size_short(label, sizeof label, f.hi);
	grid_put(g, r->y + 1, r->x, CHART_AXIS_COLS - 1, label, UI_STYLE_DIM);
	if (rows > 1) {
		view_size_short(label, sizeof label, f.lo);
		grid_put(g, r->y + rows, r->x, CHART_AXIS_COLS - 1, label,
			 UI_STYLE_DIM);
	}
	/* the time axis: t0 under its start, now under its end */
	y = r->y + 1 + rows;
	grid_put(g, y, plot_x - 1, 1, gl->axis_corner, UI_STYLE_DIM);
	grid_fill(g, y, plot_x, cols, gl->axis_h, UI_STYLE_DIM);
	view_time_short(label, sizeof label, f.t0);
	grid_put(g, y, plot_x, -1, label, UI_STYLE_DIM);
	view_time_short(label, sizeof label, f.t1);
	grid_put(g, y, plot_x + cols - grid_text_width(label), -1, label,
		 UI_STYLE_DIM);
}
