/* SPDX-License-Identifier: ISC */
/* view_stages.c: a pipeline of several hops (see view_stages.h). */
#include "ui/view_stages.h"

#include <stdio.h>
#include <string.h>

#include "ui/glyphs.h"
#include "ui/view_bar.h"
#include "ui/view_format.h"

#define PRODUCER_COLS  10 /* "PRODUCER" and a blank */
#define CONSUMER_COLS  13 /* "lag 99.9K rec" */
#define STAGE_MIN_COLS 12
#define BAR_BUF	       256

/* Where the drawing goes and how wide each middle column is. */
struct stages_frame {
	struct grid *g;
	const struct rect *r;
	const struct stages_view *v;
	const struct glyphs *gl;
	int stage_cols;	  /* width of a flow or relay column */
	int consumer_x;	  /* column of the consumers */
	size_t max_lanes; /* lanes that fit */
};

/* Columns (flows and relays) on the longest way from `flow` down. */
static size_t
stages_depth(const struct chain *c, size_t flow, int hops)
{
	const struct chain_relay *r;
	size_t deepest = 0;

	if (flow >= c->n_flows || hops >= CHAIN_HOPS_MAX)
		return 0;
	if (c->flows[flow].reader_relay >= c->n_relays)
		return 1;
	r = &c->relays[c->flows[flow].reader_relay];
	for (size_t k = 0; k < r->n_to; k++) {
		size_t d = stages_depth(c, r->to[k], hops + 1);

		if (d > deepest)
			deepest = d;
	}
	return 2 + deepest;
}

static size_t
stages_lanes_from(const struct chain *c, size_t flow, int hops)
{
	const struct chain_relay *r;
	size_t lanes = 0;

	if (flow >= c->n_flows || hops >= CHAIN_HOPS_MAX)
		return 1;
	if (c->flows[flow].reader_relay >= c->n_relays)
		return 1;
	r = &c->relays[c->flows[flow].reader_relay];
	for (size_t k = 0; k < r->n_to; k++)
		lanes += stages_lanes_from(c, r->to[k], hops + 1);
	return lanes > 0 ? lanes : 1;
}

size_t
view_stages_lanes(const struct stages_view *v)
{
	return stages_lanes_from(v->chain, v->first, 0);
}

/* "name ─────▶" over `width` cells, the line in `line`. */
static void
stages_arrow(struct stages_frame *f, int y, int x, int width, const char *name,
	     const char *line, int style)
{
	int n = grid_put(f->g, y, x, width - 2, name, UI_STYLE_BOLD);
	int used = grid_text_width(name) < width - 2 ? grid_text_width(name)
						     : width - 2;

	(void)n;
	grid_fill(f->g, y, x + used + 1, width - used - 3, line, style);
	grid_put(f->g, y, x + width - 2, 1, f->gl->arrow_right, style);
}

static void
stages_bar(struct stages_frame *f, int y, int x, int width, const char *label,
	   uint64_t fill, uint64_t limit, int style)
{
	char bar[BAR_BUF];
	int lw = label != NULL ? grid_text_width(label) + 1 : 0;

	if (label != NULL)
		grid_put(f->g, y, x, lw, label, UI_STYLE_DIM);
	view_bar(bar, sizeof(bar), width - lw - 1, fill, limit, f->gl);
	grid_put(f->g, y, x + lw, width - lw - 1, bar, style);
}

static void
stages_consumer(struct stages_frame *f, int y, size_t flow)
{
	const struct chain_flow *cf = &f->v->chain->flows[flow];
	const struct stage_flow *sf = &f->v->flows[flow];
	char text[64], num[32];
	int x = f->consumer_x;

	grid_put(f->g, y, x, CONSUMER_COLS, "CONSUMER", UI_STYLE_BOLD);
	if (cf->consumer_stopped) {
		grid_put(f->g, y + 1, x, CONSUMER_COLS, "STOPPED",
			 UI_STYLE_ALERT);
	} else if (cf->consumer_rate_bps == UINT64_MAX) {
		grid_put(f->g, y + 1, x, CONSUMER_COLS, "reading",
			 UI_STYLE_GOOD);
	} else {
		view_rate_short(num, sizeof(num),
				(double)cf->consumer_rate_bps);
		snprintf(text, sizeof(text), "reads %s", num);
		grid_put(f->g, y + 1, x, CONSUMER_COLS, text, UI_STYLE_GOOD);
	}
	if (sf->has_lag) {
		view_count_short(num, sizeof(num), (double)sf->lag_records);
		snprintf(text, sizeof(text), "lag %s rec", num);
		grid_put(f->g, y + 2, x, CONSUMER_COLS, text,
			 sf->lag_records > 0 ? UI_STYLE_WARN : UI_STYLE_DIM);
	}
}

/* Draw the flow at column `col` of lane `lane` and what it feeds;
 * returns the lanes used. */
static size_t
stages_flow(struct stages_frame *f, size_t flow, int col, size_t lane, int hops)
{
	const struct chain *c = f->v->chain;
	const struct chain_flow *cf;
	const struct stage_flow *sf;
	const struct chain_relay *r;
	const struct stage_relay *sr;
	int y, x, w = f->stage_cols, rx;
	size_t used = 0;
	char text[64], num[32];

	if (flow >= c->n_flows || hops >= CHAIN_HOPS_MAX ||
	    lane >= f->max_lanes)
		return 1;
	cf = &c->flows[flow];
	sf = &f->v->flows[flow];
	y = f->r->y + (int)lane * STAGES_LANE_ROWS;
	x = f->r->x + PRODUCER_COLS + col * w;
	if (cf->reader_relay >= c->n_relays) {
		/* the last hop: its arrow runs on to the consumer */
		stages_arrow(f, y, x, f->consumer_x - x, cf->name, f->gl->lane,
			     UI_STYLE_DATA);
	} else {
		stages_arrow(f, y, x, w, cf->name, f->gl->lane, UI_STYLE_DATA);
	}
	stages_bar(f, y + 1, x, w, "snd", sf->send_bytes, sf->send_limit,
		   cf->writer_blocked ? UI_STYLE_WARN : UI_STYLE_NORMAL);
	stages_bar(f, y + 2, x, w, "rcv", sf->recv_bytes, sf->recv_limit,
		   cf->limited_by == LIMITED_ZERO_WINDOW ? UI_STYLE_ALERT
							 : UI_STYLE_NORMAL);
	if (cf->reader_relay >= c->n_relays) {
		stages_consumer(f, y, flow);
		return 1;
	}
	r = &c->relays[cf->reader_relay];
	sr = &f->v->relays[cf->reader_relay];
	rx = x + w;
	stages_arrow(f, y, rx, w, r->name, f->gl->lane, UI_STYLE_BOLD);
	stages_bar(f, y + 1, rx, w, NULL, sr->held_bytes, sr->limit,
		   r->full ? UI_STYLE_ALERT : UI_STYLE_NORMAL);
	view_size_short(num, sizeof(num), sr->held_bytes);
	snprintf(text, sizeof(text), "%s %s", r->full ? "FULL" : "holds", num);
	grid_put(f->g, y + 2, rx, w - 1, text,
		 r->full ? UI_STYLE_ALERT : UI_STYLE_DIM);
	for (size_t k = 0; k < r->n_to; k++) {
		size_t at = lane + used;

		if (at >= f->max_lanes)
			break;
		if (k > 0) /* a consumer group: the corner into its lane */
			grid_put(f->g, f->r->y + (int)at * STAGES_LANE_ROWS,
				 rx + w - 3, 2,
				 f->gl->utf8 ? "\xe2\x94\x94\xe2\x96\xb6"
					     : "`>",
				 UI_STYLE_BOLD);
		used += stages_flow(f, r->to[k], col + 2, at, hops + 1);
	}
	return used > 0 ? used : 1;
}

void
view_stages(struct grid *g, const struct rect *r, const struct stages_view *v,
	    const struct glyphs *gl)
{
	const struct chain_flow *first;
	struct stages_frame f = {.g = g, .r = r, .v = v, .gl = gl};
	size_t depth = stages_depth(v->chain, v->first, 0);
	int middle = r->cols - PRODUCER_COLS - CONSUMER_COLS;

	if (depth == 0 || r->rows < STAGES_LANE_ROWS)
		return;
	f.stage_cols = middle / (int)depth;
	if (f.stage_cols < STAGE_MIN_COLS)
		f.stage_cols = STAGE_MIN_COLS;
	f.consumer_x = r->x + r->cols - CONSUMER_COLS;
	f.max_lanes = (size_t)(r->rows / STAGES_LANE_ROWS);
	first = &v->chain->flows[v->first];
	grid_put(g, r->y, r->x, PRODUCER_COLS - 1, "PRODUCER", UI_STYLE_BOLD);
	if (v->flows[v->first].producer_shedding)
		grid_put(g, r->y + 1, r->x, PRODUCER_COLS - 1, "SHEDDING",
			 UI_STYLE_ALERT);
	else if (first->writer_blocked)
		grid_put(g, r->y + 1, r->x, PRODUCER_COLS - 1, "BLOCKED",
			 UI_STYLE_ALERT);
	else
		grid_put(g, r->y + 1, r->x, PRODUCER_COLS - 1, "writing",
			 UI_STYLE_GOOD);
	stages_flow(&f, v->first, 0, 0, 0);
}
