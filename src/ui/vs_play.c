/* SPDX-License-Identifier: ISC */
/* vs_play.c: a second run beside the one play shows (vs_play.h). */
#include "ui/vs_play.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"
#include "ui/grid.h"
#include "ui/layout.h"
#include "ui/player.h"
#include "ui/screen.h"
#include "util/xmalloc.h"

/* Room for a status line's message or a run's label. */
#define VS_PLAY_TEXT 256

struct vs_play {
	struct player *player;	    /* B */
	char *label;		    /* "B: link.rate=5Mbit/s" */
	struct grid top, bottom;    /* A's and B's halves, drawn apart */
	char message[VS_PLAY_TEXT]; /* B's status message, or "" */
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

void
vs_play_sync(struct vs_play *v, int64_t t_ns, bool verbose)
{
	if (v == NULL)
		return;
	player_set_verbose(v->player, verbose);
	if (sim_now(player_sim(v->player)) > t_ns) {
		/* A went back: B re-runs from the start, its log kept */
		player_seek_begin(v->player, 0);
		while (!player_seek_continue(v->player, UINT64_MAX))
			;
	}
	player_run_until(v->player, t_ns);
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

/* True when the layout of a `rows` x `cols` half has no charts. */
static bool
vs_play_no_charts(int rows, int cols)
{
	struct layout l;

	layout_compute(&l, rows, cols);
	return l.charts[0].rows == 0;
}

/* `tag` at the start of the banner, the top row of a half. */
static void
vs_play_tag(struct grid *g, const char *tag)
{
	grid_put(g, 0, 0, 1, tag, UI_STYLE_ALERT);
}

/* The fewest rows of a half that has charts at `cols` columns. */
static int
vs_play_chart_rows(int rows, int cols)
{
	while (rows < 500 && vs_play_no_charts(rows, cols))
		rows++;
	return rows;
}

void
vs_play_draw(struct vs_play *v, struct grid *g, const struct screen_model *a)
{
	struct screen_model ma = *a, mb;
	int top = (g->rows + 1) / 2, bottom = g->rows / 2;
	char b_msg[VS_PLAY_TEXT];

	if (v == NULL)
		return;
	if (bottom < LAYOUT_MIN_ROWS) {
		/* A alone, full size, as the caller drew it; say why */
		ma.message = "--vs: B needs 16 rows or more to be shown";
		screen_draw(g, &ma);
		return;
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
	if (v->message[0] != '\0')
		snprintf(b_msg, sizeof b_msg, "%s", v->message);
	else if (vs_play_no_charts(bottom, g->cols))
		snprintf(b_msg, sizeof b_msg, "%.160s; charts need %d rows",
			 v->label, 2 * vs_play_chart_rows(bottom, g->cols));
	else
		snprintf(b_msg, sizeof b_msg, "%s", v->label);
	mb.message = b_msg;
	screen_draw(&v->bottom, &mb);
	vs_play_tag(&v->bottom, "B");

	vs_play_copy(g, &v->top, 0);
	vs_play_copy(g, &v->bottom, top);
}
