/* SPDX-License-Identifier: ISC */
/* view_pipeline.c: producer to consumer in four rows (see view_pipeline.h). */
#include "ui/view_pipeline.h"

#include <stdio.h>
#include <string.h>

#include "ui/glyphs.h"
#include "ui/view_bar.h"
#include "ui/view_format.h"

#define BAR_BUF 256

static int
clamp_int(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

void
view_pipeline_columns(struct pipeline_columns *c, int cols)
{
	c->producer = 10;
	c->consumer = 11;
	c->send_buffer = c->recv_buffer = clamp_int(cols / 7, 10, 24);
	c->queue = clamp_int(cols / 10, 9, 16);
	/* five gaps of one blank between the six parts */
	c->link = cols - c->producer - c->consumer - c->send_buffer -
		  c->recv_buffer - c->queue - 5;
	if (c->link < 4)
		c->link = 4;
}

/* The style of a flow's packets: one colour each when there are several. */
static int
packet_style(const struct pipeline_view *v, uint32_t flow, bool ack)
{
	if (v->n_flows > 1)
		return UI_STYLE_SERIES0 + (int)(flow % UI_SERIES_STYLES);
	return ack ? UI_STYLE_ACK : UI_STYLE_DATA;
}

/* The cell of a packet on a lane of `width` cells, 0 at the sender. */
static int
lane_x(const struct packet_view *p, int width)
{
	double progress = p->progress < 0   ? 0
			  : p->progress > 1 ? 1
					    : p->progress;
	int x = (int)(progress * (width - 1) + 0.5);

	return p->place == PLACE_REVERSE ? width - 1 - x : x;
}

/*
 * A data packet's glyph by its payload: under half the shown flow's MSS
 * it is small, so that Nagle's and the silly window's tiny segments look
 * tiny next to full ones.
 */
static const char *
data_glyph(const struct pipeline_view *v, const struct packet_view *p,
	   const struct glyphs *gl)
{
	if (v->flow->mss > 0 && (uint64_t)p->len * 2 < v->flow->mss)
		return gl->tiny;
	return gl->data;
}

/*
 * Packets that died in the last drop_mark_ns, where they died: a
 * drop-tail drop under the queue (the packet never got in), a loss on
 * the wire at the start of the forward lane (it was serialized, then
 * lost).  Drawn after the packets, so that a mark is never hidden.
 */
static void
draw_drops(struct grid *g, int y, int queue_x, int queue_w, int link_x,
	   const struct pipeline_view *v, const struct glyphs *gl)
{
	bool at_queue = false, on_link = false;
	char text[32];
	size_t i;

	for (i = 0; i < v->n_drops; i++) {
		const struct drop_mark *d = &v->drops[i];

		if (d->time_ns > v->now_ns ||
		    v->now_ns - d->time_ns > v->drop_mark_ns)
			continue;
		if (d->where == WHERE_QUEUE)
			at_queue = true;
		else
			on_link = true;
	}
	if (at_queue) {
		snprintf(text, sizeof text, "%s dropped", gl->drop);
		grid_put(g, y + 3, queue_x, queue_w, text, UI_STYLE_ALERT);
	}
	if (on_link)
		grid_put(g, y + 1, link_x, 1, gl->drop, UI_STYLE_ALERT);
}

static void
draw_lanes(struct grid *g, int y, int x, int width,
	   const struct pipeline_view *v, const struct glyphs *gl)
{
	size_t i;

	grid_fill(g, y, x, width, gl->lane, UI_STYLE_DIM);
	grid_fill(g, y + 1, x, width, gl->lane, UI_STYLE_DIM);
	for (i = 0; i < v->n_packets; i++) {
		const struct packet_view *p = &v->packets[i];
		struct grid_cell *c;
		int px;

		if (p->place == PLACE_QUEUE)
			continue; /* the queue bar shows those */
		px = lane_x(p, width);
		if (p->place == PLACE_FORWARD) {
			c = grid_at(g, y, x + px);
			if (c == NULL)
				continue;
			/* a second packet in the same cell: a denser mark */
			grid_put(g, y, x + px, 1,
				 strcmp(c->glyph, gl->lane) == 0
					 ? data_glyph(v, p, gl)
					 : gl->data_many,
				 packet_style(v, p->flow, false));
		} else {
			grid_put(g, y + 1, x + px, 1, gl->ack,
				 packet_style(v, p->flow, true));
		}
	}
}

/* The advertised window, riding on an ACK or waiting at the sender. */
static void
draw_window_arrow(struct grid *g, int y, int x, int width,
		  const struct pipeline_view *v, const struct glyphs *gl)
{
	char label[64], num[VIEW_NUM_BUF];
	int at = 0, len, style;

	if (v->news_packet >= 0 && (size_t)v->news_packet < v->n_packets) {
		const struct packet_view *p = &v->packets[v->news_packet];

		if (v->news_win == 0)
			snprintf(label, sizeof label, "%s win 0",
				 gl->arrow_left);
		else
			snprintf(label, sizeof label, "%s win %s",
				 gl->arrow_left,
				 view_size_short(num, sizeof num, v->news_win));
		at = lane_x(p, width);
		style = v->news_win == 0 ? UI_STYLE_ALERT : UI_STYLE_ACK;
	} else if (v->flow->rwnd_bytes == 0) {
		snprintf(label, sizeof label, "%s rwnd 0: ZERO WINDOW",
			 gl->arrow_left);
		style = UI_STYLE_ALERT;
	} else {
		snprintf(label, sizeof label, "%s rwnd %s", gl->arrow_left,
			 view_size_short(num, sizeof num, v->flow->rwnd_bytes));
		style = UI_STYLE_DIM;
	}
	len = grid_text_width(label);
	if (at + len > width)
		at = width - len;
	if (at < 0)
		at = 0;
	grid_put(g, y, x + at, width - at, label, style);
}

/* Producer: blocked, shedding, done, waiting or writing. */
static void
draw_producer(struct grid *g, int y, int x, int width,
	      const struct pipeline_view *v)
{
	const struct flow_snapshot *f = v->flow;
	const char *state = "writing";
	int style = UI_STYLE_GOOD;
	char rate[VIEW_NUM_BUF];

	if (v->shedding) {
		state = "SHEDDING";
		style = UI_STYLE_WARN;
	} else if (f->producer_blocked) {
		state = "BLOCKED";
		style = UI_STYLE_ALERT;
	} else if (v->config->write_total != SCENARIO_UNLIMITED &&
		   f->written_bytes >= v->config->write_total) {
		state = "done";
		style = UI_STYLE_DIM;
	} else if (v->now_ns < v->config->start_ns) {
		state = "waiting";
		style = UI_STYLE_DIM;
	} else if (v->config->write_rate_bps == 0) {
		state = "idle";
		style = UI_STYLE_DIM;
	}
	grid_put(g, y, x, width, "PRODUCER", UI_STYLE_BOLD);
	grid_put(g, y + 1, x, width, state, style);
	grid_put(g, y + 2, x, width,
		 view_rate_label(rate, sizeof rate,
				 (double)v->config->write_rate_bps),
		 UI_STYLE_DIM);
}

/* Consumer: stopped, done, or reading (or ready to, when nothing came). */
static void
draw_consumer(struct grid *g, int y, int x, int width,
	      const struct pipeline_view *v)
{
	const struct flow_snapshot *f = v->flow;
	const char *state = "reading";
	int style = UI_STYLE_GOOD;
	char rate[VIEW_NUM_BUF];

	if (v->config->read_rate_bps == 0) {
		state = "STOPPED";
		style = UI_STYLE_ALERT;
	} else if (f->completion_ns >= 0) {
		state = "done";
		style = UI_STYLE_DIM;
	}
	grid_put(g, y, x, width, "CONSUMER", UI_STYLE_BOLD);
	grid_put(g, y + 1, x, width, state, style);
	grid_put(g, y + 2, x, width,
		 view_rate_label(rate, sizeof rate,
				 (double)v->config->read_rate_bps),
		 UI_STYLE_DIM);
}

/* A bar with its title above and "fill/limit" below. */
static void
draw_buffer(struct grid *g, int y, int x, int width, const char *title,
	    uint64_t fill, uint64_t limit, const char *label,
	    const struct glyphs *gl)
{
	char bar[BAR_BUF];
	int style = UI_STYLE_NORMAL;

	if (limit > 0 && fill >= limit)
		style = UI_STYLE_ALERT;
	else if (limit > 0 && fill * 4 >= limit * 3)
		style = UI_STYLE_WARN;
	grid_put(g, y, x, width, title, UI_STYLE_BOLD);
	grid_put(g, y + 1, x, width,
		 view_bar(bar, sizeof bar, width, fill, limit, gl), style);
	grid_put(g, y + 2, x, width, label, UI_STYLE_DIM);
}

/*
 * "684/1000 pkt" when it fits the column; else without the unit; else
 * the limit in thousands when that is exact ("3187/12k"); else the fill
 * alone.  Every form shows the exact numbers it shows: a label is never
 * cut into another number ("3187/1200").
 */
static void
queue_label(char *buf, size_t size, uint64_t fill, uint64_t limit, int width)
{
	snprintf(buf, size, "%llu/%llu pkt", (unsigned long long)fill,
		 (unsigned long long)limit);
	if (grid_text_width(buf) <= width)
		return;
	snprintf(buf, size, "%llu/%llu", (unsigned long long)fill,
		 (unsigned long long)limit);
	if (grid_text_width(buf) <= width)
		return;
	if (limit >= 1000 && limit % 1000 == 0) {
		snprintf(buf, size, "%llu/%lluk", (unsigned long long)fill,
			 (unsigned long long)(limit / 1000));
		if (grid_text_width(buf) <= width)
			return;
	}
	snprintf(buf, size, "%llu pkt", (unsigned long long)fill);
	if (grid_text_width(buf) > width)
		snprintf(buf, size, "%llu", (unsigned long long)fill);
}

static void
fill_label(char *buf, size_t size, uint64_t fill, uint64_t limit)
{
	char a[VIEW_NUM_BUF], b[VIEW_NUM_BUF];

	snprintf(buf, size, "%s/%s", view_size_short(a, sizeof a, fill),
		 view_size_short(b, sizeof b, limit));
}

void
view_pipeline(struct grid *g, const struct rect *r,
	      const struct pipeline_view *v, const struct glyphs *gl)
{
	struct pipeline_columns c;
	char label[96], a[VIEW_NUM_BUF], b[VIEW_NUM_BUF], loss[VIEW_NUM_BUF];
	char title[16 + VIEW_NUM_BUF];
	int x = r->x, y = r->y;
	uint64_t qfill, qlimit = v->link_config->queue_limit;

	view_pipeline_columns(&c, r->cols);

	draw_producer(g, y, x, c.producer, v);
	x += c.producer + 1;

	fill_label(label, sizeof label, v->flow->send_buffer_bytes,
		   v->flow->send_buffer_limit);
	draw_buffer(g, y, x, c.send_buffer, "SEND BUF",
		    v->flow->send_buffer_bytes, v->flow->send_buffer_limit,
		    label, gl);
	x += c.send_buffer + 1;

	if (v->link_config->queue_in_packets) {
		qfill = v->link->queue_packets;
		queue_label(label, sizeof label, qfill, qlimit, c.queue);
	} else {
		qfill = v->link->queue_bytes;
		fill_label(label, sizeof label, qfill, qlimit);
	}
	/* The queueing delay: how long the last packet to leave waited
	 * (its sojourn), while the queue holds any; "Q 176ms" when
	 * "QUEUE 176ms" is too wide for the column. */
	snprintf(title, sizeof title, "QUEUE");
	if (v->link->queue_packets > 0 && v->link->sojourn_last_ns >= 0) {
		view_time_short(a, sizeof a, v->link->sojourn_last_ns);
		snprintf(title, sizeof title, "QUEUE %s", a);
		if (grid_text_width(title) > c.queue)
			snprintf(title, sizeof title, "Q %s", a);
	}
	draw_buffer(g, y, x, c.queue, title, qfill, qlimit, label, gl);
	x += c.queue + 1;

	loss[0] = '\0';
	if (v->link_config->loss > 0)
		snprintf(loss, sizeof loss, " loss %.1f%%",
			 v->link_config->loss * 100.0);
	snprintf(label, sizeof label, "LINK %s %s%s",
		 view_rate_label(a, sizeof a, (double)v->link->rate_bps),
		 view_time_short(b, sizeof b, v->link_config->delay_ns), loss);
	grid_put(g, y, x, c.link, label, UI_STYLE_BOLD);
	if (v->link_config->loss > 0)
		grid_style(g, y,
			   x + grid_text_width(label) - grid_text_width(loss) +
				   1,
			   grid_text_width(loss) - 1, UI_STYLE_WARN);
	draw_lanes(g, y + 1, x, c.link, v, gl);
	draw_window_arrow(g, y + 3, x, c.link, v, gl);
	draw_drops(g, y, x - c.queue - 1, c.queue, x, v, gl);
	x += c.link + 1;

	fill_label(label, sizeof label, v->flow->recv_buffer_bytes,
		   v->flow->recv_buffer_limit);
	draw_buffer(g, y, x, c.recv_buffer, "RECV BUF",
		    v->flow->recv_buffer_bytes, v->flow->recv_buffer_limit,
		    label, gl);
	x += c.recv_buffer + 1;

	draw_consumer(g, y, x, c.consumer, v);
}
