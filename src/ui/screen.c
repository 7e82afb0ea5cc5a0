/* SPDX-License-Identifier: ISC */
/* screen.c: every panel, laid out for the grid's size (see screen.h). */
#include "ui/screen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/chain_fill.h"
#include "ui/glyphs.h"
#include "ui/history.h"
#include "ui/layout.h"
#include "ui/narration.h"
#include "ui/numbers.h"
#include "ui/view_chart.h"
#include "ui/view_format.h"
#include "ui/view_pipeline.h"
#include "ui/view_status.h"
#include "ui/view_window.h"
#include "ui/views.h"
#include "util/xmalloc.h"

/* Flows drawn in a chart: the ones the history keeps (history.h). */
#define CHART_FLOWS_MAX HISTORY_FLOWS_MAX

static int
flow_style(size_t flow)
{
	return UI_STYLE_SERIES0 + (int)(flow % UI_SERIES_STYLES);
}

/*
 * The headline: the mean over the last second (numbers.h), then the
 * latest sample interval as "now"; in the short forms when the long ones
 * do not fit.  Before a second's data the mean is of the run so far.
 */
static void
goodput_title(char *buf, size_t size, int cols, double smoothed, double now)
{
	char a[VIEW_NUM_BUF], b[VIEW_NUM_BUF];

	if (isnan(smoothed))
		smoothed = now;
	snprintf(buf, size, "GOODPUT %s now %s",
		 view_rate_label(a, sizeof a, smoothed),
		 view_rate_label(b, sizeof b, now));
	if (grid_text_width(buf) > cols)
		snprintf(buf, size, "GOODPUT %s now %s",
			 view_rate_label(a, sizeof a, smoothed),
			 view_rate_short(b, sizeof b, now));
	if (grid_text_width(buf) > cols)
		snprintf(buf, size, "GOODPUT %s now %s",
			 view_rate_short(a, sizeof a, smoothed),
			 view_rate_short(b, sizeof b, now));
}

/* Goodput of every flow; an area when there is only one. */
static void
draw_goodput(struct grid *g, const struct rect *r, const struct screen_model *m,
	     int64_t span, double *buf, int points)
{
	struct chart_series series[CHART_FLOWS_MAX] = {{0}};
	char title[128];
	size_t f,
		n = m->n_flows < CHART_FLOWS_MAX ? m->n_flows : CHART_FLOWS_MAX;
	size_t shown = m->shown < n ? m->shown : 0;
	double latest;
	struct chart c;

	for (f = 0; f < n; f++) {
		history_columns(m->history, HISTORY_GOODPUT, f, points, span,
				buf + f * (size_t)points);
		series[f].values = buf + f * (size_t)points;
		series[f].style = n > 1 ? flow_style(f) : UI_STYLE_SERIES0;
		series[f].marker = n > 1 ? (char)('1' + f) : '*';
		series[f].dotted = false;
		series[f].area = n == 1;
	}
	/* the latest column is the latest interval (no flow: nothing) */
	latest = n > 0 ? series[shown].values[points - 1] : 0.0;
	goodput_title(title, sizeof title, r->cols, m->goodput_smoothed_bps,
		      isnan(latest) ? 0 : latest);
	c.title = title;
	c.series = series;
	c.n_series = (int)n;
	c.unit = CHART_RATE;
	c.span_ns = span;
	view_chart(g, r, &c, m->glyphs);
}

/*
 * cwnd (solid), ssthresh (sparse) and rwnd (dotted) of every flow, the
 * shown flow last.  The axis is scaled to cwnd and ssthresh: rwnd is
 * drawn but clipped at the top, so that a receive window of megabytes
 * never flattens a congestion window of kilobytes.  Without congestion
 * control (no cwnd), rwnd is the window and sets the scale.  The
 * values are in the ruler's heading; the title is the key.
 */
static void
draw_windows(struct grid *g, const struct rect *r, const struct screen_model *m,
	     int64_t span, double *buf, int points)
{
	struct chart_series series[3 * CHART_FLOWS_MAX];
	char title[128];
	const struct flow_snapshot *fs = &m->flows[m->shown];
	size_t f,
		n = m->n_flows < CHART_FLOWS_MAX ? m->n_flows : CHART_FLOWS_MAX;
	bool has_cwnd = fs->cwnd_bytes != UINT64_MAX;
	int k = 0;
	struct chart c;

	for (f = 0; f < n; f++) {
		size_t flow = (m->shown + 1 + f) % n; /* shown one on top */
		double *cw = buf + (3 * f) * (size_t)points;
		double *rw = buf + (3 * f + 1) * (size_t)points;
		double *st = buf + (3 * f + 2) * (size_t)points;

		history_columns(m->history, HISTORY_CWND, flow, points, span,
				cw);
		history_columns(m->history, HISTORY_RWND, flow, points, span,
				rw);
		history_columns(m->history, HISTORY_SSTHRESH, flow, points,
				span, st);
		series[k++] = (struct chart_series){
			.values = rw,
			.style = n > 1 ? flow_style(flow) : UI_STYLE_SERIES1,
			.marker = 'r',
			.dotted = true,
			.unscaled = has_cwnd,
		};
		series[k++] = (struct chart_series){
			.values = st,
			.style = n > 1 ? flow_style(flow) : UI_STYLE_SERIES2,
			.marker = 's',
			.sparse = true,
		};
		series[k++] = (struct chart_series){
			.values = cw,
			.style = n > 1 ? flow_style(flow) : UI_STYLE_SERIES0,
			.marker = 'c',
		};
	}
	if (m->glyphs->utf8)
		snprintf(title, sizeof title,
			 "CWND\u2812\u2812 SSTHRESH\u2802\u2800 "
			 "RWND\u2802\u2802");
	else
		snprintf(title, sizeof title, "CWND c SSTHRESH s RWND r");
	c.title = title;
	c.series = series;
	c.n_series = k;
	c.unit = CHART_BYTES;
	c.span_ns = span;
	view_chart(g, r, &c, m->glyphs);
}

static void
draw_queue(struct grid *g, const struct rect *r, const struct screen_model *m,
	   int64_t span, double *buf, int points)
{
	struct chart_series s = {.values = buf,
				 .style = UI_STYLE_SERIES2,
				 .marker = '#',
				 .area = true};
	char title[128];
	struct chart c;

	history_columns(m->history, HISTORY_QUEUE, 0, points, span, buf);
	snprintf(title, sizeof title, "QUEUE %llu pkt",
		 (unsigned long long)m->link->queue_packets);
	c.title = title;
	c.series = &s;
	c.n_series = 1;
	c.unit = CHART_COUNT;
	c.span_ns = span;
	view_chart(g, r, &c, m->glyphs);
}

static void
draw_charts(struct grid *g, const struct layout *l,
	    const struct screen_model *m)
{
	int points = chart_points(l->charts[0].cols, m->glyphs);
	int points2 = chart_points(l->charts[2].cols, m->glyphs);
	size_t need;
	double *buf;
	int64_t span;

	if (points2 > points)
		points = points2;
	need = (size_t)points * 3 * CHART_FLOWS_MAX;
	buf = xcalloc(need, sizeof *buf);
	/* one time axis for the three charts: they line up */
	span = history_span(m->history, chart_plot_cols(l->charts[0].cols),
			    m->now_ns);
	draw_goodput(g, &l->charts[0], m, span, buf,
		     chart_points(l->charts[0].cols, m->glyphs));
	draw_windows(g, &l->charts[1], m, span, buf,
		     chart_points(l->charts[1].cols, m->glyphs));
	draw_queue(g, &l->charts[2], m, span, buf,
		   chart_points(l->charts[2].cols, m->glyphs));
	free(buf);
}

/* The two lines of the lesson's numbers (numbers.h). */
static void
draw_numbers(struct grid *g, const struct layout *l,
	     const struct screen_model *m, const struct flow_snapshot *fs)
{
	const char *names[CHART_FLOWS_MAX];
	struct numbers_view v;
	size_t i;

	memset(&v, 0, sizeof v);
	v.flow = fs;
	v.link = m->link;
	v.readers = m->config->flows[m->shown].readers;
	v.n_flows = m->n_flows;
	for (i = 0; i < m->n_flows && i < CHART_FLOWS_MAX; i++)
		names[i] = m->config->flows[i].name;
	v.names = names;
	v.n_names = i;
	v.jain = numbers_jain(m->flows, m->n_flows, m->now_ns);
	v.lag = m->lag;
	v.relay = m->relay;
	v.config = m->config;
	v.named_links = m->named_links;
	v.n_named_links = m->n_named_links;
	if (l->nums[0].rows > 0)
		numbers_path_line(g, &l->nums[0], &v);
	if (l->nums[1].rows > 0)
		numbers_loss_line(g, &l->nums[1], &v, m->glyphs);
}

/*
 * With relays, the banner's chain of causes (chain.h) after the shown
 * flow's own state, which the banner's title already says: from the
 * first separator on, " <- broker: buffer full <- ...".  NULL when the
 * state is the whole story or there are no relays.
 */
static const char *
screen_chain(const struct screen_model *m, char *buf, size_t size)
{
	const char *sep = m->glyphs->utf8 ? " \xe2\x86\x90 " : " <- ";
	struct chain_fill cf;
	size_t steps;
	char *rest;

	if (!chain_fill(&cf, m))
		return NULL;
	steps = chain_explain(&cf.chain, m->shown, sep, buf, size);
	chain_fill_free(&cf);
	rest = steps > 1 ? strstr(buf, sep) : NULL;
	return rest;
}

void
screen_draw(struct grid *g, const struct screen_model *m)
{
	const struct flow_snapshot *fs =
		m->held_flow != NULL ? m->held_flow : &m->flows[m->shown];
	const struct flow_config *fc = &m->config->flows[m->shown];
	struct layout l;
	struct banner_view bv;
	struct status_view sv;
	struct pipeline_view pv;
	struct rect pane;
	const char *few[64], **names = few;
	char chain[320];
	size_t i;

	grid_clear(g);
	layout_compute(&l, g->rows, g->cols);
	if (l.too_small) {
		view_too_small(g, g->rows, g->cols);
		return;
	}
	views_layout(&l, m->view, &pane);

	bv.flow_name = fc->name;
	bv.shown = m->shown;
	bv.n_flows = m->n_flows;
	bv.limited_by = fs->limited_by;
	bv.finished = m->finished;
	bv.chain = screen_chain(m, chain, sizeof chain);
	view_banner(g, &l.banner, &bv);

	pv.flow = fs;
	pv.config = fc;
	pv.link = m->link;
	pv.link_config = &m->config->link;
	pv.packets = m->packets;
	pv.n_packets = m->n_packets;
	pv.shown = m->shown;
	pv.n_flows = m->n_flows;
	pv.shedding =
		m->held_flow != NULL ? m->held_shedding : m->shedding[m->shown];
	pv.news_packet = m->news_packet;
	pv.news_win = m->news_win;
	pv.now_ns = m->now_ns;
	pv.drops = m->drops;
	pv.n_drops = m->n_drops;
	pv.drop_mark_ns = m->drop_mark_ns;
	view_pipeline(g, &l.pipeline, &pv, m->glyphs);

	if (l.ruler.rows > 0) {
		struct ruler_sack rs = {m->sacked, m->n_sacked, m->lost,
					m->n_lost};

		struct ruler_options ro = {m->absolute_seq,
					   m->ruler_bytes_per_cell};

		view_window_opts(g, &l.ruler, fs, &rs, &ro, m->glyphs);
	}
	draw_numbers(g, &l, m, fs);
	if (l.charts[0].rows > 0 && m->view != VIEWS_CHARTS)
		views_draw(g, &pane, m);
	else if (l.charts[0].rows > 0)
		draw_charts(g, &l, m);
	if (l.narration.rows > 0) {
		/* every flow's name: a line may be any flow's (malloc(), not
		 * xmalloc(): never from the simulator's arena) */
		size_t n_names = sizeof few / sizeof few[0];

		if (m->n_flows > n_names &&
		    (names = malloc(m->n_flows * sizeof *names)) != NULL)
			n_names = m->n_flows;
		else
			names = few;
		for (i = 0; i < m->n_flows && i < n_names; i++)
			names[i] = m->config->flows[i].name;
		narration_draw(g, &l.narration, m->narration, names,
			       i, m->verbose);
		if (names != few)
			free(names);
	}

	sv.scenario = m->scenario_name;
	sv.now_ns = m->now_ns;
	sv.duration_ns = m->duration_ns;
	sv.events = m->events;
	sv.speed = m->speed;
	sv.actual_speed = m->actual_speed;
	sv.behind = m->behind;
	sv.paused = m->paused;
	sv.finished = m->finished;
	sv.rewinding = m->rewinding;
	sv.rewind_target = m->rewind_target;
	sv.message = m->message;
	view_status(g, &l.status, &sv, m->glyphs);

	if (m->show_help)
		view_help(g, g->rows, g->cols, m->glyphs);
}
