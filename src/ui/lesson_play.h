/* SPDX-License-Identifier: ISC */
/*
 * lesson_play.h: a scenario's [lesson] in `tcpsim play` (lesson.h).
 *
 * At the start a box shows the title and the question, the run paused;
 * a key reveals the prediction in the same box, the next one closes it
 * and starts the animation.  Then the run stops at each moment of the
 * lesson: at a time (the animation never steps over it: play.c asks
 * lesson_play_next_time() how far a frame may go) or right after the
 * event that makes it come (a player stop, player.h), and shows the
 * moment's sentence in a box until a key.
 *
 * The same stop finds the next event the narration tells (N): what the
 * events pane shows at normal speed (narration_wants()).
 *
 * Going back re-runs from the start without stopping; moments after the
 * point gone back to come again when the run reaches them again, like a
 * recording.  Nothing here knows curses or wall time: tests drive it
 * with a player.
 */
#ifndef TCPSIM_LESSON_PLAY_H
#define TCPSIM_LESSON_PLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui/grid.h"
#include "ui/player.h"

struct glyphs;
struct lesson;

struct lesson_play;

/*
 * For `lesson` (NULL: no lesson, only N), copied.  The intro box is up
 * when the lesson has a title, question or prediction.
 */
struct lesson_play *lesson_play_create(const struct lesson *lesson);
void lesson_play_destroy(struct lesson_play *lp);

/* The player stop (player_set_stop()) for the event moments and N. */
bool lesson_play_on_event(void *ctx, const struct trace_event *ev,
			  uint64_t nth);

/* Whether a stop is wanted at all: event moments, or N under way. */
bool lesson_play_wants_stops(const struct lesson_play *lp);

/* N: stop at the next event the narration tells; off again once found. */
void lesson_play_find_narrated(struct lesson_play *lp, bool on);
bool lesson_play_finding(const struct lesson_play *lp);

/* The event N stopped at last: its kind and time. */
void lesson_play_found(const struct lesson_play *lp, enum trace_kind *kind,
		       int64_t *time_ns);

/*
 * The time of the next time moment not yet passed, or INT64_MAX: a frame
 * of the animation runs no further.
 */
int64_t lesson_play_next_time(const struct lesson_play *lp);

/*
 * After the run moved to `now_ns`: open a box for what came (the time
 * moments passed, the event moments that stopped the run).  Returns true
 * when a box opened: the caller pauses.  `now_ns` behind the moments
 * already passed (a rewind, a restart) makes the later ones due again.
 */
bool lesson_play_arrive(struct lesson_play *lp, int64_t now_ns);

/*
 * The run jumped to `now_ns` (g, a rewind, a restart): the time moments
 * at or after it are due again, a moment exactly there included.
 */
void lesson_play_jumped(struct lesson_play *lp, int64_t now_ns);

/* A box is up (the intro or a moment). */
bool lesson_play_box_up(const struct lesson_play *lp);

/*
 * A key while a box is up: reveals the prediction, or closes the box (the
 * next pending moment's box then opens).  Returns true when every box is
 * closed, for the caller to go on.
 */
bool lesson_play_key(struct lesson_play *lp);

/* Show the intro box again (the title, the question, the prediction). */
bool lesson_play_show_intro(struct lesson_play *lp);

/* Draw the box that is up, if any, over the middle of the grid. */
void lesson_play_draw(const struct lesson_play *lp, struct grid *g,
		      const struct glyphs *gl);

/*
 * The lines of the box that is up, wrapped to `width` characters, into
 * lines[] (each escaped for a terminal); returns how many, at most max.
 * The first is the box's title.  For tests and lesson_play_draw().
 */
size_t lesson_play_box_lines(const struct lesson_play *lp, int width,
			     char lines[][256], size_t max);

#endif
