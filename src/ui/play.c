/* SPDX-License-Identifier: ISC */
/* play.c: the interactive loop of `tcpsim play` (see play.h). */
#include "ui/play.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "scenario/scenario.h"
#include "model/sim.h"
#include "sim/time.h"
#include "scenario/units.h"
#include "trace/outfile.h"
#include "ui/cast.h"
#include "ui/glyphs.h"
#include "ui/grid.h"
#include "ui/lesson_play.h"
#include "ui/layout.h"
#include "ui/numbers.h"
#include "ui/view_window.h"
#include "ui/player.h"
#include "ui/screen.h"
#include "ui/ui_curses.h"
#include "ui/view_status.h"
#include "ui/vs_play.h"
#include "ui/views.h"
#include "util/escape.h"
#include "util/xmalloc.h"

/* ~30 frames a second; a frame may spend 60% of its time simulating. */
#define FRAME_NS	(NS_PER_S / 30)
#define FRAME_BUDGET_NS (FRAME_NS * 6 / 10)
/* A frame after a long pause (a suspended process) is not a leap. */
#define FRAME_MAX_GAP_NS (NS_PER_MS * 100)
/*
 * Each call into the player runs at most `budget` events, sized so that a
 * call takes about CALL_NS of wall time, whatever an event costs; the
 * frame's deadline is checked between calls.  So a frame overruns its
 * budget by one call at most, and a key or a signal waits at most a frame.
 */
#define CALL_NS	   NS_PER_MS
#define BUDGET_MAX (UINT64_C(1) << 30)
/* "behind" stays up this many frames after the last one that fell short. */
#define BEHIND_FRAMES 15
/* --vs: the bounds of A's share of an animated frame (play_vs_follow()). */
#define VS_SHARE_MIN 0.05
#define VS_SHARE_MAX 0.9

struct play {
	const struct play_options *opt;
	struct player *player;
	struct grid grid;
	const struct glyphs *glyphs;
	double speed;	     /* asked for */
	double actual_speed; /* reached, smoothed; 0 before a measure */
	int behind_frames;   /* frames left showing "behind" */
	bool paused;	     /* by the user */
	bool help;	     /* the help overlay is up */
	size_t shown;	     /* the flow in detail */
	uint64_t budget;     /* events per call into the player, adapted */
	uint64_t vs_budget;  /* the same for B's player (--vs) */
	double a_share;	     /* of an animated frame's time, A's (--vs) */
	int64_t last_wall;   /* wall clock of the last frame */
	int exports;	     /* files written by 'e' */
	char message[STATUS_MESSAGE_MAX]; /* status line message */

	/* the lesson (lesson_play.h), g and N */
	struct lesson_play *lesson; /* boxes, moments, N's stop */
	bool stops_on;		    /* the player calls its stop */
	bool resume;		    /* closing the boxes resumes the run */
	bool finding;		    /* N: running to a narrated event */
	bool going;		    /* g: running to go_ns, no stops */
	int64_t go_ns;		    /* g's target */
	bool prompt;		    /* g: the time is being typed */
	char typed[32];		    /* what was typed so far */
	/* states held on screen for NUMBERS_HOLD_NS of wall time */
	struct numbers_hold hold_limit;	   /* the banner's LIMITED BY */
	struct numbers_hold hold_producer; /* PRODUCER: blocked, shedding */
	size_t held_for;		   /* the flow the holds are of */
	struct flow_snapshot held;	   /* the shown flow, as held */
	bool ruler_fixed;		   /* z: the ruler keeps its scale */
	uint64_t ruler_bytes_per_cell;	   /* that scale; 0: take it from
					      the next frame */
	/* --record (cast.h) */
	struct cast cast;   /* the recording, when opt->record */
	int64_t cast_start; /* wall_ns() when it began */
	/* --vs (vs_play.h) */
	struct vs_play *vs;	  /* B, following A; NULL without --vs */
	struct views_state views; /* v, w: what the charts' area shows */
};

static int64_t
wall_ns(void)
{
	struct timespec ts;

	/* --headless: the recording's own clock (cast.h) */
	if (cast_clock_running())
		return cast_clock_now();
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

static bool
play_verbose(const struct play *pl)
{
	return pl->paused || pl->speed <= PLAY_SLOW_MOTION * 1.0001;
}

/*
 * After a call into the player that took `took` ns: a slow call shrinks
 * the budget in proportion, a quick one that used all of it doubles it.
 */
static void
play_adapt_budget(uint64_t *budget, int64_t took, bool used_all)
{
	if (took > 2 * CALL_NS) {
		uint64_t b = (uint64_t)((double)*budget * (double)CALL_NS /
					(double)took);

		*budget = b > 0 ? b : 1;
	} else if (used_all && took < CALL_NS / 2 && *budget < BUDGET_MAX) {
		*budget *= 2;
	}
}

/*
 * Call `run` (one bounded piece of work, of *budget events) until it is
 * done, the wall clock passed `deadline`, a signal came or, if `stops`, A
 * stopped; true when done.
 */
static bool
play_work_with(struct play *pl, int64_t deadline,
	       bool (*run)(struct play *pl, int64_t arg), int64_t arg,
	       uint64_t *budget, bool stops)
{
	while (ui_curses_stop_signal() == 0 && cast_stop_signal() == 0) {
		int64_t t0 = wall_ns(), t1;
		bool done = run(pl, arg);

		t1 = wall_ns();
		play_adapt_budget(budget, t1 - t0, !done);
		if (done)
			return true;
		if (stops && player_stopped(pl->player))
			return false; /* a lesson's moment, or N found */
		if (t1 >= deadline)
			break;
	}
	return false;
}

/* play_work_with() on A, for the frame's time. */
static bool
play_work(struct play *pl, int64_t now_wall,
	  bool (*run)(struct play *pl, int64_t arg), int64_t arg)
{
	return play_work_with(pl, now_wall + FRAME_BUDGET_NS, run, arg,
			      &pl->budget, true);
}

static bool
play_run_piece(struct play *pl, int64_t target)
{
	return player_run_until_bounded(pl->player, target, pl->budget);
}

static bool
play_rewind_piece(struct play *pl, int64_t unused)
{
	(void)unused;
	return player_seek_continue(pl->player, pl->budget);
}

/*
 * Simulate one frame's worth of time, within the frame's budget.  When
 * the budget runs out first the animation simply runs slower than asked,
 * and the status line says so ("behind").
 */
static void
play_advance(struct play *pl, int64_t now_wall)
{
	int64_t gap = now_wall - pl->last_wall;
	int64_t start = sim_now(player_sim(pl->player)), target, deadline;
	double reached;
	bool done;

	if (gap > FRAME_MAX_GAP_NS)
		gap = FRAME_MAX_GAP_NS;
	if (gap <= 0)
		return;
	target = start + (int64_t)((double)gap * pl->speed);
	if (target <= start)
		target = start + 1;
	/* a lesson's moment is never stepped over */
	if (lesson_play_next_time(pl->lesson) < target)
		target = lesson_play_next_time(pl->lesson);
	/* --vs: A's share of the frame, B's work taking the rest */
	deadline = now_wall + (int64_t)(FRAME_BUDGET_NS * pl->a_share);
	done = play_work_with(pl, deadline, play_run_piece, target, &pl->budget,
			      true) ||
	       player_stopped(pl->player);
	if (!done)
		pl->behind_frames = BEHIND_FRAMES;
	else if (pl->behind_frames > 0)
		pl->behind_frames--;
	reached =
		(double)(sim_now(player_sim(pl->player)) - start) / (double)gap;
	pl->actual_speed = pl->actual_speed <= 0
				   ? reached
				   : 0.8 * pl->actual_speed + 0.2 * reached;
}

/* A frame's piece of going back (player_seek_begin()). */
static void
play_rewind(struct play *pl, int64_t now_wall)
{
	if (play_work(pl, now_wall, play_rewind_piece, 0))
		pl->message[0] = '\0';
}

/* A piece of B's way to A's time (--vs). */
static bool
play_vs_piece(struct play *pl, int64_t t)
{
	return vs_play_sync_bounded(pl->vs, t, play_verbose(pl), pl->vs_budget);
}

/*
 * --vs: B to A's time in what is left of the frame (one piece at least),
 * on a budget of its own: a B whose events cost more than A's (a faster
 * link, more flows) then keeps frames short and keys answered, and A
 * waits for it (play_wait_for_b()), so that both keep one clock.  A's
 * share of an animated frame follows: less when B fell behind, more
 * when B got there with a quarter of the frame to spare.
 */
static void
play_vs_follow(struct play *pl, int64_t now_wall, bool animated)
{
	int64_t deadline = now_wall + FRAME_BUDGET_NS;

	if (pl->vs == NULL)
		return;
	if (!play_work_with(pl, deadline, play_vs_piece,
			    sim_now(player_sim(pl->player)), &pl->vs_budget,
			    false)) {
		if (animated && pl->a_share > VS_SHARE_MIN)
			pl->a_share *= 0.8;
	} else if (animated && pl->a_share < VS_SHARE_MAX &&
		   deadline - wall_ns() > FRAME_BUDGET_NS / 4) {
		pl->a_share *= 1.1;
	}
}

/* A frame in which A, animating, waits for B to catch up: "behind". */
static void
play_wait_for_b(struct play *pl)
{
	pl->behind_frames = BEHIND_FRAMES;
	pl->actual_speed *= 0.8; /* this frame reached nothing */
}

/*
 * While the run animates, the banner's LIMITED BY and the producer's
 * state change only after the one shown has been up for half a second
 * of wall time: a state that changes at every ACK (a blocked writer
 * woken by each ACK, the window filling and emptying) would flicker too
 * fast to read.  Paused, stepping, rewinding or finished, the screen
 * shows the state of the instant at once.
 */
static void
play_hold_states(struct play *pl, struct screen_model *m)
{
	bool moving = !pl->paused && !m->finished && !m->rewinding;
	int64_t hold = moving ? NUMBERS_HOLD_NS : 0, now = wall_ns();
	int producer;

	if (m->n_flows == 0)
		return;
	if (pl->held_for != m->shown) {
		memset(&pl->hold_limit, 0, sizeof pl->hold_limit);
		memset(&pl->hold_producer, 0, sizeof pl->hold_producer);
		pl->held_for = m->shown;
	}
	pl->held = m->flows[m->shown];
	pl->held.limited_by = (enum limited_by)numbers_hold(
		&pl->hold_limit, (int)pl->held.limited_by, now, hold);
	producer = (pl->held.producer_blocked ? 1 : 0) |
		   (m->shedding[m->shown] ? 2 : 0);
	producer = numbers_hold(&pl->hold_producer, producer, now, hold);
	pl->held.producer_blocked = (producer & 1) != 0;
	m->held_shedding = (producer & 2) != 0;
	m->held_flow = &pl->held;
}

/*
 * z keeps the ruler's scale: the bytes per cell of the frame after the
 * key, until z again (or Tab, for another flow's window).  A window that
 * shrinks then looks smaller, instead of being rescaled to the same
 * three quarters of the ruler.
 */
static void
play_ruler_scale(struct play *pl, struct screen_model *m, int rows, int cols)
{
	struct layout l;
	struct ruler_scale s;
	struct ruler_options o = {false, 0};

	m->ruler_bytes_per_cell = 0;
	if (!pl->ruler_fixed || m->n_flows == 0)
		return;
	if (pl->ruler_bytes_per_cell == 0) {
		layout_compute(&l, rows, cols);
		if (l.ruler.rows == 0)
			return;
		view_window_scale_opts(&s,
				       m->held_flow != NULL
					       ? m->held_flow
					       : &m->flows[m->shown],
				       l.ruler.cols, &o);
		pl->ruler_bytes_per_cell = s.bytes_per_cell;
	}
	m->ruler_bytes_per_cell = pl->ruler_bytes_per_cell;
}

/* z: keep the ruler's scale, or let it fit the window again. */
static void
play_toggle_ruler(struct play *pl)
{
	pl->ruler_fixed = !pl->ruler_fixed;
	pl->ruler_bytes_per_cell = 0;
	if (pl->ruler_fixed)
		snprintf(pl->message, sizeof pl->message,
			 "ruler scale kept (z lets it fit the window)");
	else
		snprintf(pl->message, sizeof pl->message,
			 "ruler fits the window again");
}

/* ------------------------------------------------------------------ */
/* --record and --headless (cast.h): hooks of the loop below           */
/* ------------------------------------------------------------------ */

/* The screen's size: the terminal's, or --size without one. */
static void
play_cast_size(const struct play *pl, int *rows, int *cols)
{
	if (pl->opt->headless) {
		*rows = pl->opt->rows;
		*cols = pl->opt->cols;
	} else {
		ui_curses_size(rows, cols);
	}
}

/* Show the frame, and record it when it changed. */
static void
play_cast_draw(struct play *pl)
{
	if (!pl->opt->headless)
		ui_curses_draw(&pl->grid);
	if (pl->opt->record != NULL)
		cast_frame(&pl->cast, &pl->grid,
			   (double)(wall_ns() - pl->cast_start) /
				   (double)NS_PER_S);
}

/*
 * A key, as ui_curses_wait() gives it.  Headless, nobody types: a wait
 * lets its time pass on the recording's clock; an idle wait (a pause of
 * the lesson, --paused) shows the screen CAST_PAUSE_NS and goes on with
 * Space, which closes the lesson's boxes or resumes; the end of the run
 * shows CAST_END_NS, then q.
 */
static int
play_cast_wait(struct play *pl, int timeout_ms)
{
	const struct sim *sim;

	if (!pl->opt->headless)
		return ui_curses_wait(timeout_ms);
	if (cast_stop_signal() != 0)
		return UI_KEY_STOP;
	if (timeout_ms == 0)
		return UI_KEY_NONE;
	if (timeout_ms > 0) {
		cast_clock_advance((int64_t)timeout_ms * NS_PER_MS);
		return UI_KEY_NONE;
	}
	sim = player_sim(pl->player);
	if (sim_finished(sim) && !lesson_play_box_up(pl->lesson)) {
		cast_clock_advance(CAST_END_NS);
		return 'q';
	}
	cast_clock_advance(CAST_PAUSE_NS);
	return ' ';
}

/* The signal that ended the run. */
static int
play_cast_stop_signal(const struct play *pl)
{
	return pl->opt->headless ? cast_stop_signal() : ui_curses_stop_signal();
}

/*
 * Take the terminal (not headless) and begin the recording at its size.
 * SOURCE_DATE_EPOCH, when set, is the header's timestamp: the same
 * lesson then renders to the same bytes.
 */
static int
play_cast_start(struct play *pl, bool colour)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	int rows, cols;

	if (pl->opt->headless) {
		cast_clock_start();
		cast_catch_signals();
	} else if (ui_curses_start(colour) != 0) {
		return -1;
	}
	if (pl->opt->record != NULL) {
		play_cast_size(pl, &rows, &cols);
		cast_begin(&pl->cast, pl->opt->record, rows, cols,
			   epoch != NULL && epoch[0] != '\0'
				   ? strtoll(epoch, NULL, 10)
				   : (int64_t)time(NULL));
		pl->cast.projector = pl->opt->projector;
		pl->cast_start = wall_ns();
	}
	return 0;
}

static void
play_draw(struct play *pl)
{
	struct screen_model m;
	int rows, cols;

	play_cast_size(pl, &rows, &cols);
	if (rows != pl->grid.rows || cols != pl->grid.cols)
		grid_resize(&pl->grid, rows, cols);
	memset(&m, 0, sizeof m);
	player_model(pl->player, pl->shown, &m);
	m.scenario_name = strcmp(pl->opt->scenario_path, "-") == 0
				  ? "<stdin>"
				  : pl->opt->scenario_path;
	m.speed = pl->speed;
	m.actual_speed = pl->actual_speed;
	m.behind = pl->behind_frames > 0 ||
		   (pl->actual_speed > 0 && pl->actual_speed < pl->speed * 0.8);
	m.paused = pl->paused;
	m.rewinding = player_seeking(pl->player);
	m.rewind_target = player_seek_target(pl->player);
	m.show_help = pl->help;
	m.message = pl->message[0] != '\0' ? pl->message : NULL;
	m.glyphs = pl->glyphs;
	m.absolute_seq = pl->opt->absolute_seq;
	/* a drop stays marked half a second of wall time at this speed */
	m.drop_mark_ns = (int64_t)((double)NUMBERS_HOLD_NS * pl->speed);
	if (m.drop_mark_ns < 1)
		m.drop_mark_ns = 1;
	m.view = pl->views.view;
	m.tsg_whole = pl->views.whole;
	play_hold_states(pl, &m);
	play_ruler_scale(pl, &m, rows, cols);
	screen_draw(&pl->grid, &m);
	if (pl->vs != NULL && !pl->help)
		vs_play_draw(pl->vs, &pl->grid, &m);
	if (!pl->help)
		lesson_play_draw(pl->lesson, &pl->grid, pl->glyphs);
	play_cast_draw(pl);
}

/* "DIR/NAME-live-N.ini" beside the scenario; in "." for stdin. */
static void
play_export_path(const struct play *pl, char *buf, size_t size, int n)
{
	const char *path = pl->opt->scenario_path;
	const char *slash, *base;
	size_t dir_len, base_len;

	if (strcmp(path, "-") == 0) {
		snprintf(buf, size, "stdin-live-%d.ini", n);
		return;
	}
	slash = strrchr(path, '/');
	base = slash != NULL ? slash + 1 : path;
	dir_len = (size_t)(base - path);
	base_len = strlen(base);
	if (base_len > 4 && strcmp(base + base_len - 4, ".ini") == 0)
		base_len -= 4;
	snprintf(buf, size, "%.*s%.*s-live-%d.ini", (int)dir_len, path,
		 (int)base_len, base, n);
}

/* 'e': the scenario and the live changes so far, as a new file. */
static void
play_export(struct play *pl)
{
	char path[4096], *errs = NULL;
	const char *shown;
	size_t errs_len = 0, n_log;
	struct outfile *of;
	FILE *err = open_memstream(&errs, &errs_len);
	int n = pl->exports;

	if (err == NULL) {
		snprintf(pl->message, sizeof pl->message, "export: no memory");
		return;
	}
	/* a name not taken yet: never overwrite an earlier export */
	do
		play_export_path(pl, path, sizeof path, ++n);
	while (access(path, F_OK) == 0 && n < 10000);
	of = outfile_open(path, err);
	if (of != NULL) {
		player_export(pl->player, outfile_stream(of),
			      strcmp(pl->opt->scenario_path, "-") == 0
				      ? "<stdin>"
				      : pl->opt->scenario_path);
		if (outfile_commit(of, err) == 0) {
			pl->exports = n;
			player_log(pl->player, &n_log);
			/* the status line is short: a long path by its name */
			shown = strrchr(path, '/');
			shown = strlen(path) > 40 && shown != NULL ? shown + 1
								   : path;
			snprintf(pl->message, sizeof pl->message,
				 "saved %.200s (%zu live change%s)", shown,
				 player_log_applied(pl->player),
				 player_log_applied(pl->player) == 1 ? ""
								     : "s");
			fclose(err);
			free(errs);
			return;
		}
	}
	fclose(err);
	/* "tcpsim: cannot write 'x': Permission denied\n" -> status line */
	if (errs != NULL && errs_len > 0 && errs[errs_len - 1] == '\n')
		errs[errs_len - 1] = '\0';
	snprintf(pl->message, sizeof pl->message, "%s",
		 errs != NULL && errs[0] != '\0' ? errs : "export failed");
	free(errs);
}

/* ------------------------------------------------------------------ */
/* The lesson, g and N (lesson_play.h): hooks of the loop below        */
/* ------------------------------------------------------------------ */

/* The player calls the lesson's stop only when a stop is wanted. */
static void
play_lesson_stops(struct play *pl)
{
	bool want = lesson_play_wants_stops(pl->lesson) && !pl->going;

	if (want == pl->stops_on)
		return;
	player_set_stop(pl->player, want ? lesson_play_on_event : NULL,
			want ? pl->lesson : NULL);
	pl->stops_on = want;
}

/*
 * After the run moved (a frame, a step, N): a moment that came opens its
 * box and pauses; N that found its event pauses there.
 */
static void
play_lesson_arrive(struct play *pl)
{
	const struct sim *sim = player_sim(pl->player);

	if (player_seeking(pl->player) || pl->going)
		return;
	if (pl->finding && !lesson_play_finding(pl->lesson)) {
		enum trace_kind kind;
		int64_t t;

		lesson_play_found(pl->lesson, &kind, &t);
		pl->finding = false;
		pl->paused = true;
		/* the time as in the events log (--events) */
		snprintf(pl->message, sizeof pl->message,
			 "N: %s at %" PRId64 ".%09" PRId64 " s",
			 trace_kind_name(kind), t / NS_PER_S, t % NS_PER_S);
	} else if (pl->finding && sim_finished(sim)) {
		pl->finding = false;
		lesson_play_find_narrated(pl->lesson, false);
		snprintf(pl->message, sizeof pl->message,
			 "N: no more events to tell: the run is over");
	}
	if (lesson_play_arrive(pl->lesson, sim_now(sim))) {
		pl->resume = !pl->paused;
		pl->paused = true;
	}
}

/* N: run on, as fast as it goes, to the next event the narration tells. */
static void
play_find_narrated(struct play *pl)
{
	if (player_seeking(pl->player) || pl->going) {
		snprintf(pl->message, sizeof pl->message,
			 "rewinding: wait until it is done");
		return;
	}
	if (sim_finished(player_sim(pl->player))) {
		snprintf(pl->message, sizeof pl->message, "the run is over");
		return;
	}
	pl->paused = true;
	pl->finding = true;
	lesson_play_find_narrated(pl->lesson, true);
	snprintf(pl->message, sizeof pl->message,
		 "N: running to the next event the narration tells...");
}

static bool
play_go_piece(struct play *pl, int64_t target)
{
	return player_run_until_bounded(pl->player, target, pl->budget);
}

/* A frame of N's run; a time pause of the lesson on the way ends it. */
static void
play_find(struct play *pl, int64_t now_wall)
{
	int64_t next = lesson_play_next_time(pl->lesson);
	int64_t end = sim_duration(player_sim(pl->player));

	if (play_work(pl, now_wall, play_go_piece, next < end ? next : end) &&
	    next < end && sim_now(player_sim(pl->player)) >= next) {
		pl->finding = false;
		lesson_play_find_narrated(pl->lesson, false);
		snprintf(pl->message, sizeof pl->message,
			 "N: a pause of the lesson comes first");
	}
}

/* A frame of g's run (over as many frames as it takes, like a rewind). */
static void
play_go(struct play *pl, int64_t now_wall)
{
	char clock[32];
	int64_t t;

	if (player_seeking(pl->player)) {
		play_rewind(pl, now_wall);
		return;
	}
	if (!play_work(pl, now_wall, play_go_piece, pl->go_ns))
		return;
	pl->going = false;
	t = sim_now(player_sim(pl->player));
	lesson_play_jumped(pl->lesson, t);
	snprintf(clock, sizeof clock, "%" PRId64 ".%09" PRId64 " s",
		 t / NS_PER_S, t % NS_PER_S);
	snprintf(pl->message, sizeof pl->message, "g: at %s%s", clock,
		 sim_finished(player_sim(pl->player)) ? " (the end of the run)"
						      : "");
}

static void
play_prompt_message(struct play *pl)
{
	snprintf(pl->message, sizeof pl->message,
		 "go to time (such as 2.5s or 300ms): %s_   Enter goes, Esc "
		 "cancels",
		 pl->typed);
}

/* g's prompt is done: go there, forward or back (a re-run from 0). */
static void
play_go_start(struct play *pl)
{
	char err[256], shown[ESCAPE_SIZE(sizeof pl->typed)];
	int64_t t;

	if (units_parse_time(pl->typed, &t, err, sizeof err) < 0) {
		snprintf(pl->message, sizeof pl->message, "g: '%s': %.120s",
			 escape_text(shown, sizeof shown, pl->typed), err);
		return;
	}
	if (player_seeking(pl->player) || pl->going) {
		snprintf(pl->message, sizeof pl->message,
			 "rewinding: wait until it is done");
		return;
	}
	pl->paused = true;
	pl->finding = false;
	lesson_play_find_narrated(pl->lesson, false);
	if (t < sim_now(player_sim(pl->player)) ||
	    (t == sim_now(player_sim(pl->player)) &&
	     sim_finished(player_sim(pl->player))))
		player_seek_time_begin(pl->player, t); /* from a snapshot */
	pl->going = true;
	pl->go_ns = t;
	snprintf(pl->message, sizeof pl->message, "g: going to %s...",
		 pl->typed);
}

/* A key while g's prompt is up. */
static void
play_prompt_key(struct play *pl, int key)
{
	size_t len = strlen(pl->typed);

	if (key == '\n' || key == '\r') {
		pl->prompt = false;
		play_go_start(pl);
		return;
	}
	if (key == 27) { /* Esc */
		pl->prompt = false;
		pl->message[0] = '\0';
		return;
	}
	if ((key == 127 || key == 8) && len > 0)
		pl->typed[len - 1] = '\0';
	else if (key > ' ' && key < 127 && len + 1 < sizeof pl->typed)
		pl->typed[len] = (char)key, pl->typed[len + 1] = '\0';
	play_prompt_message(pl);
}

/* One key; returns false to quit. */
static bool
play_key(struct play *pl, int key)
{
	const struct sim *sim = player_sim(pl->player);
	size_t n_flows = sim_flow_count(sim);

	if (pl->help) {
		pl->help = false; /* any key closes it, q too: q in help is
				     "close", not "quit" */
		return true;
	}
	if (pl->prompt) {
		play_prompt_key(pl, key);
		return true;
	}
	if (lesson_play_box_up(pl->lesson) && key != 'q' && key != 'Q' &&
	    key != '?' && key != UI_KEY_REDRAW) {
		/* the boxes closed: the run goes on as it was */
		if (lesson_play_key(pl->lesson) && pl->resume)
			pl->paused = false;
		return true;
	}
	if (views_key(&pl->views, key, pl->message, sizeof pl->message))
		return true;
	switch (key) {
	case 'q':
	case 'Q':
		return false;
	case ' ':
		if (sim_finished(sim) && !player_seeking(pl->player))
			snprintf(
				pl->message, sizeof pl->message,
				"the run is over: r restarts, Left steps back");
		else
			pl->paused = !pl->paused;
		break;
	case 'n':
	case UI_KEY_RIGHT:
		pl->paused = true;
		player_set_verbose(pl->player, true);
		if (player_seeking(pl->player))
			/* the rewind goes one event less far back */
			player_seek_begin(pl->player,
					  player_seek_target(pl->player) + 1);
		else if (!player_step(pl->player))
			snprintf(pl->message, sizeof pl->message,
				 "the run is over");
		break;
	case UI_KEY_LEFT:
		/* a re-run from the start, done over the next frames */
		pl->paused = true;
		player_set_verbose(pl->player, true);
		if (!player_step_back_begin(pl->player))
			snprintf(pl->message, sizeof pl->message,
				 "at the start already");
		break;
	case '+':
	case '=':
		pl->speed = player_speed_faster(pl->speed);
		pl->actual_speed = 0;
		break;
	case '-':
	case '_':
		pl->speed = player_speed_slower(pl->speed);
		pl->actual_speed = 0;
		break;
	case 'r':
	case 'R':
		player_restart(pl->player);
		pl->finding = pl->going = false;
		lesson_play_find_narrated(pl->lesson, false);
		lesson_play_jumped(pl->lesson, -1);
		snprintf(pl->message, sizeof pl->message,
			 "restarted: live changes forgotten");
		break;
	case '[':
	case ']':
		player_scale_read_rate(pl->player, pl->shown, key == ']',
				       pl->message, sizeof pl->message);
		break;
	case '{':
	case '}':
		player_scale_link_rate(pl->player, key == '}', pl->message,
				       sizeof pl->message);
		break;
	case 'l':
	case 'L':
		player_cycle_loss(pl->player, pl->message, sizeof pl->message);
		break;
	case '\t':
	case UI_KEY_DOWN:
		pl->shown = (pl->shown + 1) % n_flows;
		pl->ruler_bytes_per_cell = 0;
		break;
	case UI_KEY_BACKTAB:
	case UI_KEY_UP:
		pl->shown = (pl->shown + n_flows - 1) % n_flows;
		break;
	case '?':
	case 'h':
		pl->help = true;
		break;
	case 'z':
	case 'Z':
		play_toggle_ruler(pl);
		break;
	case 'e':
	case 'E':
		if (player_seeking(pl->player))
			snprintf(pl->message, sizeof pl->message,
				 "rewinding: wait until it is done");
		else
			play_export(pl);
		break;
	case 'g':
	case 'G':
		pl->prompt = true;
		pl->typed[0] = '\0';
		play_prompt_message(pl);
		break;
	case 'N':
		play_find_narrated(pl);
		break;
	case 'i':
	case 'I':
		if (lesson_play_show_intro(pl->lesson)) {
			pl->resume = !pl->paused;
			pl->paused = true;
		} else {
			snprintf(pl->message, sizeof pl->message,
				 "this scenario has no [lesson]");
		}
		break;
	case UI_KEY_REDRAW:
		ui_curses_invalidate();
		break;
	default:
		break;
	}
	vs_play_key(pl->vs, key, pl->shown); /* --vs: B's knobs too */
	return true;
}

int
play_run(struct scenario *sc, const struct play_options *opt)
{
	const char *no_colour = getenv("NO_COLOR");
	struct play pl;
	int status = 0;
	bool running = true;

	memset(&pl, 0, sizeof pl);
	pl.opt = opt;
	pl.speed = opt->speed;
	pl.paused = opt->paused;
	pl.budget = 1024;
	pl.vs_budget = 1024;
	pl.a_share = 1.0;
	ui_curses_set_projector(opt->projector);
	if (play_cast_start(&pl, no_colour == NULL || no_colour[0] == '\0') !=
	    0)
		return 2;
	/* a recording is UTF-8, which every asciicast player shows */
	pl.glyphs = glyphs_get(opt->headless || ui_curses_utf8());
	/* a pipeline of several hops is what such a lesson is about: its
	 * stages are the first view */
	pl.views.stages = sc->n_relays > 0;
	if (pl.views.stages)
		pl.views.view = VIEWS_STAGES;
	pl.lesson = lesson_play_create(sc->lesson); /* a copy */
	pl.player = player_create_from(sc, play_verbose(&pl));
	if (lesson_play_box_up(pl.lesson)) {
		/* the question first, the run paused until it is asked */
		pl.paused = true;
		pl.resume = true;
	}
	player_set_absolute_seq(pl.player, opt->absolute_seq);
	if (opt->vs != NULL) {
		pl.vs = vs_play_create(opt->vs, opt->vs_label,
				       play_verbose(&pl));
		pl.a_share = 0.5;
	}
	grid_init(&pl.grid, 0, 0);
	pl.last_wall = wall_ns();

	while (running) {
		const struct sim *sim = player_sim(pl.player);
		bool rewinding = player_seeking(pl.player);
		bool animating = !rewinding && !pl.paused && !sim_finished(sim);
		int64_t now = wall_ns(), wait_ns;
		int key;

		player_set_verbose(pl.player, play_verbose(&pl));
		play_lesson_stops(&pl);
		if (pl.going)
			play_go(&pl, now);
		else if (rewinding)
			play_rewind(&pl, now);
		else if (pl.finding)
			play_find(&pl, now);
		else if (animating) {
			/* --vs: B catches up first, A then goes on */
			if (vs_play_behind(pl.vs))
				play_vs_follow(&pl, now, false);
			if (vs_play_behind(pl.vs))
				play_wait_for_b(&pl);
			else
				play_advance(&pl, now);
		}
		play_lesson_arrive(&pl);
		/* --vs: B to A's time, once A is not rewinding */
		if (!player_seeking(pl.player))
			play_vs_follow(&pl, now, animating);
		pl.last_wall = now;
		play_draw(&pl);

		/* sleep to the next frame; without a timeout when idle */
		wait_ns = FRAME_NS - (wall_ns() - now);
		if (wait_ns < NS_PER_MS)
			wait_ns = NS_PER_MS;
		key = play_cast_wait(&pl,
				     animating || player_seeking(pl.player) ||
						     pl.going || pl.finding ||
						     vs_play_behind(pl.vs)
					     ? (int)(wait_ns / NS_PER_MS)
					     : -1);
		/* keys typed during the frame are all taken before drawing */
		while (key != UI_KEY_NONE && running) {
			if (key == UI_KEY_STOP) {
				status = 128 + play_cast_stop_signal(&pl);
				running = false;
				break;
			}
			if (key != UI_KEY_RESIZE)
				running = play_key(&pl, key);
			play_lesson_stops(&pl);
			play_lesson_arrive(&pl); /* n may reach a moment */
			key = play_cast_wait(&pl, 0);
		}
		if (!animating)
			pl.last_wall = wall_ns(); /* no leap after a pause */
	}
	if (!opt->headless)
		ui_curses_end();
	if (opt->record != NULL) {
		/* the last screen stays up until the recording's end */
		cast_event(&pl.cast,
			   (double)(wall_ns() - pl.cast_start) /
				   (double)NS_PER_S,
			   "", 0);
		cast_end(&pl.cast);
	}
	grid_free(&pl.grid);
	player_destroy(pl.player);
	vs_play_destroy(pl.vs);
	lesson_play_destroy(pl.lesson);
	if (status > 128)
		fprintf(stderr, "tcpsim: play: interrupted (%s)\n",
			strsignal(status - 128));
	return status;
}
