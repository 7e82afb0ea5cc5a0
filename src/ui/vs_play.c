/* SPDX-License-Identifier: ISC */
/* vs_play.c: a second run beside the one play shows (vs_play.h). */
#include "ui/vs_play.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/sim.h"
#include "ui/glyphs.h"
#include "ui/grid.h"
#include "ui/history.h"
#include "ui/layout.h"
#include "ui/player.h"
#include "ui/screen.h"
#include "ui/view_chart.h"
#include "util/xmalloc.h"

/* Room for a status line's message or a run's label. */
#define VS_PLAY_TEXT 256
/* Frames B must have been behind before its status says so: a B a frame
 * behind now and then (A's share of the frame adapting) does not flicker. */
#define VS_PLAY_BEHIND_SHOWN 3

struct vs_play {
	struct player *player;	    /* B */
	char *label;		    /* "B: link.rate=5Mbit/s" */
	struct grid top, bottom;    /* A's and B's halves, drawn apart */
	char message[VS_PLAY_TEXT]; /* B's status message, or "" */
	bool behind;		    /* B has not reached A's time yet */
	int behind_frames;	    /* frames drawn in a row so */
};

struct vs_play *
vs_play_create(const struct scenario *b, const char *label, bool verbose)
{
	struct vs_play *v = xmalloc(sizeof *v);

	memset(v, 0, sizeof *v);
	v->player = player_create(b, verbose);
	v->label = xstrdup(label);
	grid_init(&v->top, 0, 0);
	grid_init(&v->bottom, 0, 0);
	return v;
}

void
vs_play_destroy(struct vs_play *v)
{
	if (v == NULL)
		return;
	player_destroy(v->player);
	free(v->label);
	grid_free(&v->top);
	grid_free(&v->bottom);
	free(v);
}

bool
vs_play_sync_bounded(struct vs_play *v, int64_t t_ns, bool verbose,
		     uint64_t max_events)
{
	if (v == NULL)
		return true;
	player_set_verbose(v->player, verbose);
	if (sim_now(player_sim(v->player)) > t_ns) {
		/* A went back: B re-runs, its log kept, from its last
		 * snapshot before t_ns as A's g does (from the start, each
		 * step back of A cost a run of B to A's time) */
		player_seek_time_begin(v->player, t_ns);
	}
	v->behind = !player_run_until_bounded(v->player, t_ns, max_events);
	return !v->behind;
}

void
vs_play_sync(struct vs_play *v, int64_t t_ns, bool verbose)
{
	(void)vs_play_sync_bounded(v, t_ns, verbose, UINT64_MAX);
}

bool
vs_play_behind(const struct vs_play *v)
{
	return v != NULL && v->behind;
}

struct player *
vs_play_player(struct vs_play *v)
{
	return v->player;
}

void
vs_play_key(struct vs_play *v, int key, size_t shown)
{
	char msg[VS_PLAY_TEXT];
	size_t n;

	if (v == NULL)
		return;
	msg[0] = '\0';
	n = sim_flow_count(player_sim(v->player));
	switch (key) {
	case '[':
	case ']':
		if (shown < n)
			player_scale_read_rate(v->player, shown, key == ']',
					       msg, sizeof msg);
		break;
	case '{':
	case '}':
		player_scale_link_rate(v->player, key == '}', msg, sizeof msg);
		break;
	case 'l':
	case 'L':
		player_cycle_loss(v->player, msg, sizeof msg);
		break;
	case 'r':
	case 'R':
		player_restart(v->player);
		break;
	default:
		return;
	}
	snprintf(v->message, sizeof v->message, "%s%s",
		 msg[0] != '\0' ? "B: " : "", msg);
}

/* Copy `src` into `g` from row `y` on. */
static void
vs_play_copy(struct grid *g, const struct grid *src, int y)
{
	int r, c;

	for (r = 0; r < src->rows && y + r < g->rows; r++)
		for (c = 0; c < src->cols && c < g->cols; c++)
			*grid_at(g, y + r, c) = *grid_at_const(src, r, c);
}

/* `tag` at the start of the banner, the top row of a half. */
static void
vs_play_tag(struct grid *g, const char *tag)
{
	grid_put(g, 0, 0, 1, tag, UI_STYLE_ALERT);
}

/*
 * Rows of each run's screen when the charts are overlaid below them:
 * banner, pipeline, the lesson's numbers, the ruler and the status line,
 * as the layout gives a screen of this height without charts.
 */
#define VS_PLAY_RUN_ROWS 12

/* Rows from which the overlaid charts fit below both runs. */
#define VS_PLAY_CHART_SCREEN (2 * VS_PLAY_RUN_ROWS + LAYOUT_CHART_MIN)

/* The series of A and of B, and the key in the title. */
static void
vs_play_chart(struct grid *g, const struct rect *r, const char *what,
	      enum chart_unit unit, double *a, double *b, int64_t span,
	      const struct glyphs *gl)
{
	struct chart_series s[2] = {
		{.values = a, .style = UI_STYLE_SERIES0, .marker = 'A'},
		{.values = b, .style = UI_STYLE_SERIES1, .marker = 'B'},
	};
	struct chart c;
	char title[64];
	int len;

	len = snprintf(title, sizeof title, "%s  A  B", what);
	c.title = title;
	c.series = s;
	c.n_series = 2;
	c.unit = unit;
	c.span_ns = span;
	view_chart(g, r, &c, gl);
	/* the key: each letter in its series' colour */
	if (len < r->cols) {
		grid_style(g, r->y, r->x + len - 4, 1, UI_STYLE_SERIES0);
		grid_style(g, r->y, r->x + len - 1, 1, UI_STYLE_SERIES1);
	}
}

/*
 * Goodput and cwnd of the shown flow, and the queue, of both runs, each
 * chart with A and B as two series, side by side in `rows` rows from `y`.
 */
static void
vs_play_charts(struct grid *g, int y, int rows, const struct screen_model *a,
	       const struct screen_model *b)
{
	static const struct {
		const char *what;	    /* the title */
		enum history_series series; /* what is plotted */
		enum chart_unit unit;	    /* of its axis */
	} charts[3] = {
		{"GOODPUT", HISTORY_GOODPUT, CHART_RATE},
		{"CWND", HISTORY_CWND, CHART_BYTES},
		{"QUEUE pkt", HISTORY_QUEUE, CHART_COUNT},
	};
	int i, x = 0, w = g->cols / 3;

	for (i = 0; i < 3; i++) {
		struct rect r = {y, x, rows, i == 2 ? g->cols - x : w - 1};
		int points = chart_points(r.cols, a->glyphs);
		double *va = xcalloc((size_t)points, sizeof *va);
		double *vb = xcalloc((size_t)points, sizeof *vb);
		int64_t span = history_span(a->history, chart_plot_cols(r.cols),
					    a->now_ns);
		size_t fa = a->shown < HISTORY_FLOWS_MAX ? a->shown : 0;
		size_t fb = b->shown < HISTORY_FLOWS_MAX ? b->shown : 0;

		history_columns(a->history, charts[i].series, fa, points, span,
				va);
		history_columns(b->history, charts[i].series, fb, points, span,
				vb);
		vs_play_chart(g, &r, charts[i].what, charts[i].unit, va, vb,
			      span, a->glyphs);
		free(va);
		free(vb);
		x += w;
	}
}

void
vs_play_draw(struct vs_play *v, struct grid *g, const struct screen_model *a)
{
	struct screen_model ma = *a, mb;
	int top = (g->rows + 1) / 2, bottom = g->rows / 2, band = 0;
	char b_msg[VS_PLAY_TEXT];

	if (v == NULL)
		return;
	if (bottom < LAYOUT_MIN_ROWS) {
		/* A alone, full size, as the caller drew it; say why */
		ma.message = "--vs: B needs 16 rows or more to be shown";
		screen_draw(g, &ma);
		return;
	}
	if (g->rows >= VS_PLAY_CHART_SCREEN && a->history != NULL) {
		/* both runs at the height that has no charts of its own, the
		 * overlaid charts below them */
		top = bottom = VS_PLAY_RUN_ROWS;
		band = g->rows - 2 * VS_PLAY_RUN_ROWS;
	}
	if (top != v->top.rows || g->cols != v->top.cols)
		grid_resize(&v->top, top, g->cols);
	if (bottom != v->bottom.rows || g->cols != v->bottom.cols)
		grid_resize(&v->bottom, bottom, g->cols);

	/* the status line shows a file's base name: "A" and "B" go in
	 * front of each banner instead, what differs in B's status */
	screen_draw(&v->top, &ma);
	vs_play_tag(&v->top, "A");

	memset(&mb, 0, sizeof mb);
	player_model(v->player, a->shown, &mb);
	mb.scenario_name = a->scenario_name;
	mb.speed = a->speed;
	mb.actual_speed = a->actual_speed;
	mb.behind = a->behind;
	mb.paused = a->paused;
	mb.rewinding = a->rewinding;
	mb.rewind_target = a->rewind_target;
	mb.glyphs = a->glyphs;
	mb.absolute_seq = a->absolute_seq;
	mb.drop_mark_ns = a->drop_mark_ns;
	v->behind_frames = v->behind ? v->behind_frames + 1 : 0;
	if (v->behind_frames >= VS_PLAY_BEHIND_SHOWN) {
		/* its banner shows its own time, behind A's */
		mb.behind = true;
		snprintf(b_msg, sizeof b_msg, "B is catching up with A's time");
	} else if (v->message[0] != '\0')
		snprintf(b_msg, sizeof b_msg, "%s", v->message);
	else if (band == 0)
		snprintf(b_msg, sizeof b_msg, "%.160s; charts need %d rows",
			 v->label, VS_PLAY_CHART_SCREEN);
	else
		snprintf(b_msg, sizeof b_msg, "%s", v->label);
	mb.message = b_msg;
	screen_draw(&v->bottom, &mb);
	vs_play_tag(&v->bottom, "B");

	grid_clear(g);
	vs_play_copy(g, &v->top, 0);
	vs_play_copy(g, &v->bottom, top);
	if (band > 0)
		vs_play_charts(g, top + bottom, band, &ma, &mb);
}
