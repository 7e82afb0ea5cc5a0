/* SPDX-License-Identifier: ISC */
/* lesson_play.c: a scenario's [lesson] in `tcpsim play` (lesson_play.h). */
#include "ui/lesson_play.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/lesson.h"
#include "ui/glyphs.h"
#include "ui/layout.h"
#include "ui/narration.h"
#include "util/escape.h"
#include "util/xmalloc.h"

/* Which box is up. */
enum lesson_box {
	BOX_NONE,   /* none: the run goes on */
	BOX_INTRO,  /* title, question, and the prediction once revealed */
	BOX_MOMENT, /* one moment's sentence */
};

struct lesson_play {
	struct lesson *lesson;	/* our copy, or NULL */
	enum lesson_box box;	/* what is up */
	bool revealed;		/* the intro shows the prediction */
	size_t shown;		/* BOX_MOMENT: index into lesson->moments */
	bool *pending;		/* per moment: came, box not closed yet */
	int64_t *came_ns;	/* per moment: the time it came at */
	int64_t time_mark;	/* time moments at or before it have passed */
	bool finding;		/* N: stop at the next narrated event */
	bool has_event_moments; /* some moment is `on EVENT` */
	enum trace_kind found;	/* N: the kind of event it stopped at */
	int64_t found_ns;	/* N: its time */
};

static bool
lesson_has_intro(const struct lesson *l)
{
	return l != NULL && (l->title != NULL || l->question != NULL ||
			     l->prediction != NULL);
}

struct lesson_play *
lesson_play_create(const struct lesson *lesson)
{
	struct lesson_play *lp = xcalloc(1, sizeof *lp);
	size_t i, n = lesson != NULL ? lesson->n_moments : 0;

	lp->lesson = lesson_copy(lesson);
	lp->pending = xcalloc(n + 1, sizeof *lp->pending);
	lp->came_ns = xcalloc(n + 1, sizeof *lp->came_ns);
	lp->time_mark = -1;
	lp->box = lesson_has_intro(lesson) ? BOX_INTRO : BOX_NONE;
	for (i = 0; i < n; i++)
		if (lesson->moments[i].trigger == LESSON_ON_EVENT)
			lp->has_event_moments = true;
	return lp;
}

void
lesson_play_destroy(struct lesson_play *lp)
{
	if (lp == NULL)
		return;
	lesson_free(lp->lesson);
	free(lp->pending);
	free(lp->came_ns);
	free(lp);
}

static size_t
moment_count(const struct lesson_play *lp)
{
	return lp->lesson != NULL ? lp->lesson->n_moments : 0;
}

bool
lesson_play_on_event(void *ctx, const struct trace_event *ev, uint64_t nth)
{
	struct lesson_play *lp = ctx;
	bool stop = false;
	size_t i;

	for (i = 0; i < moment_count(lp); i++) {
		const struct lesson_moment *m = &lp->lesson->moments[i];

		if (m->trigger != LESSON_ON_EVENT || m->event != ev->kind ||
		    m->occurrence != nth)
			continue;
		lp->pending[i] = true;
		lp->came_ns[i] = ev->time_ns;
		stop = true;
	}
	if (lp->finding && narration_wants(ev, false)) {
		lp->finding = false;
		lp->found = ev->kind;
		lp->found_ns = ev->time_ns;
		stop = true;
	}
	return stop;
}

bool
lesson_play_wants_stops(const struct lesson_play *lp)
{
	return lp->has_event_moments || lp->finding;
}

void
lesson_play_find_narrated(struct lesson_play *lp, bool on)
{
	lp->finding = on;
}

bool
lesson_play_finding(const struct lesson_play *lp)
{
	return lp->finding;
}

void
lesson_play_found(const struct lesson_play *lp, enum trace_kind *kind,
		  int64_t *time_ns)
{
	*kind = lp->found;
	*time_ns = lp->found_ns;
}

int64_t
lesson_play_next_time(const struct lesson_play *lp)
{
	int64_t next = INT64_MAX;
	size_t i;

	for (i = 0; i < moment_count(lp); i++) {
		const struct lesson_moment *m = &lp->lesson->moments[i];

		if (m->trigger == LESSON_AT_TIME && m->at_ns > lp->time_mark &&
		    m->at_ns < next)
			next = m->at_ns;
	}
	return next;
}

/* Open the box of the first pending moment, if any and none is up. */
static bool
open_pending(struct lesson_play *lp)
{
	size_t i;

	if (lp->box != BOX_NONE)
		return false;
	for (i = 0; i < moment_count(lp); i++) {
		if (!lp->pending[i])
			continue;
		lp->box = BOX_MOMENT;
		lp->shown = i;
		return true;
	}
	return false;
}

bool
lesson_play_arrive(struct lesson_play *lp, int64_t now_ns)
{
	size_t i;

	if (now_ns < lp->time_mark) {
		lp->time_mark =
			now_ns; /* went back: later moments come again */
		return open_pending(lp);
	}
	for (i = 0; i < moment_count(lp); i++) {
		const struct lesson_moment *m = &lp->lesson->moments[i];

		if (m->trigger != LESSON_AT_TIME || m->at_ns <= lp->time_mark ||
		    m->at_ns > now_ns)
			continue;
		lp->pending[i] = true;
		lp->came_ns[i] = m->at_ns;
	}
	lp->time_mark = now_ns;
	return open_pending(lp);
}

void
lesson_play_jumped(struct lesson_play *lp, int64_t now_ns)
{
	size_t i;

	lp->time_mark = now_ns - 1;
	/* what came before the jump is of another run: forget it */
	for (i = 0; i < moment_count(lp); i++)
		lp->pending[i] = false;
	if (lp->box == BOX_MOMENT)
		lp->box = BOX_NONE;
}

bool
lesson_play_box_up(const struct lesson_play *lp)
{
	return lp->box != BOX_NONE;
}

bool
lesson_play_key(struct lesson_play *lp)
{
	switch (lp->box) {
	case BOX_INTRO:
		if (!lp->revealed && lp->lesson->prediction != NULL) {
			lp->revealed = true;
			return false;
		}
		lp->box = BOX_NONE;
		break;
	case BOX_MOMENT:
		lp->pending[lp->shown] = false;
		lp->box = BOX_NONE;
		break;
	case BOX_NONE:
		break;
	}
	open_pending(lp);
	return lp->box == BOX_NONE;
}

bool
lesson_play_show_intro(struct lesson_play *lp)
{
	if (!lesson_has_intro(lp->lesson) || lp->box != BOX_NONE)
		return false;
	lp->box = BOX_INTRO;
	lp->revealed = false;
	return true;
}

/* Wrap `label` + `text` (escaped) into lines[] from *n; blank line after. */
static void
add_wrapped(char lines[][256], size_t *n, size_t max, int width,
	    const char *label, const char *text)
{
	char escaped[ESCAPE_SIZE(1024)], all[sizeof escaped + 64];
	size_t starts[64], lens[64], rows, k;

	if (text == NULL)
		return;
	escape_text(escaped, sizeof escaped, text);
	snprintf(all, sizeof all, "%s%s", label, escaped);
	rows = narration_wrap(all, width, starts, lens, 64);
	for (k = 0; k < rows && *n < max; k++)
		snprintf(lines[(*n)++], 256, "%.*s", (int)lens[k],
			 all + starts[k]);
	if (*n < max)
		lines[(*n)++][0] = '\0';
}

size_t
lesson_play_box_lines(const struct lesson_play *lp, int width,
		      char lines[][256], size_t max)
{
	const struct lesson *l = lp->lesson;
	char head[512], when[128];
	size_t n = 0;

	if (lp->box == BOX_NONE || max == 0)
		return 0;
	if (lp->box == BOX_INTRO) {
		add_wrapped(lines, &n, max, width,
			    "LESSON: ", l->title != NULL ? l->title : "");
		add_wrapped(lines, &n, max, width, "Question: ", l->question);
		if (lp->revealed)
			add_wrapped(lines, &n, max, width,
				    "Prediction: ", l->prediction);
		add_wrapped(lines, &n, max, width, "",
			    !lp->revealed && l->prediction != NULL
				    ? "Ask the class, then any key shows the "
				      "prediction (q quits)."
				    : "Any key starts the run (q quits).");
	} else {
		const struct lesson_moment *m = &l->moments[lp->shown];
		int64_t t = lp->came_ns[lp->shown];

		lesson_moment_when(when, sizeof when, m);
		/* the time as in the events log (--events): 9 decimals */
		snprintf(head, sizeof head,
			 "PAUSE at %" PRId64 ".%09" PRId64 " s (%s)",
			 t / 1000000000, t % 1000000000, when + 3);
		add_wrapped(lines, &n, max, width, "", head);
		add_wrapped(lines, &n, max, width, "", m->text);
		add_wrapped(lines, &n, max, width, "",
			    "Any key goes on (q quits).");
	}
	/* no blank line at the bottom: the frame closes the box */
	while (n > 0 && lines[n - 1][0] == '\0')
		n--;
	return n;
}

/* Widest box; a line of prose reads best at about this width. */
#define BOX_WIDTH_MAX 72
#define BOX_LINES_MAX 20

void
lesson_play_draw(const struct lesson_play *lp, struct grid *g,
		 const struct glyphs *gl)
{
	char lines[BOX_LINES_MAX][256];
	int w = g->cols - 4 < BOX_WIDTH_MAX ? g->cols - 4 : BOX_WIDTH_MAX;
	int max_rows =
		g->rows - 2 < BOX_LINES_MAX ? g->rows - 2 : BOX_LINES_MAX;
	size_t n, i;
	int h, x0, y0;

	/* too small a terminal says so (view_too_small()); no box over it */
	if (lp->box == BOX_NONE || g->cols < LAYOUT_MIN_COLS ||
	    g->rows < LAYOUT_MIN_ROWS || max_rows < 1)
		return;
	n = lesson_play_box_lines(lp, w - 4, lines, (size_t)max_rows);
	h = (int)n + 2;
	x0 = (g->cols - w) / 2;
	y0 = (g->rows - h) / 2;
	for (i = 0; i < (size_t)h; i++) {
		int y = y0 + (int)i;
		bool edge = i == 0 || i == (size_t)h - 1;

		grid_fill(g, y, x0, w, edge ? gl->box_h : " ", UI_STYLE_HELP);
		grid_put(g, y, x0, 1,
			 i == 0 ? gl->box_tl
			 : edge ? gl->box_bl
				: gl->box_v,
			 UI_STYLE_HELP);
		grid_put(g, y, x0 + w - 1, 1,
			 i == 0 ? gl->box_tr
			 : edge ? gl->box_br
				: gl->box_v,
			 UI_STYLE_HELP);
		if (!edge)
			grid_put(g, y, x0 + 2, w - 4, lines[i - 1],
				 i == 1 ? UI_STYLE_BOLD : UI_STYLE_HELP);
	}
}
