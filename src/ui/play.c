/* play.c: the interactive loop of `tcpsim play` (see play.h). */
#include "ui/play.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "scenario/scenario.h"
#include "sim/sim.h"
#include "sim/time.h"
#include "trace/outfile.h"
#include "ui/glyphs.h"
#include "ui/grid.h"
#include "ui/player.h"
#include "ui/screen.h"
#include "ui/ui_curses.h"
#include "util/xmalloc.h"

/* ~30 frames a second; a frame may spend 60% of its time simulating. */
#define FRAME_NS	(NS_PER_S / 30)
#define FRAME_BUDGET_NS (FRAME_NS * 6 / 10)
/* A frame after a long pause (a suspended process) is not a leap. */
#define FRAME_MAX_GAP_NS (NS_PER_MS * 100)

struct play {
	const struct play_options *opt;
	struct player *player;
	struct grid grid;
	const struct glyphs *glyphs;
	double speed;	     /* asked for */
	double actual_speed; /* reached, smoothed; 0 before a measure */
	bool paused;	     /* by the user */
	bool help;	     /* the help overlay is up */
	size_t shown;	     /* the flow in detail */
	int64_t slice_ns;    /* simulated time per call, adapted */
	int64_t last_wall;   /* wall clock of the last frame */
	int exports;	     /* files written by 'e' */
	char message[256];   /* status line message */
};

static int64_t
wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

static bool
play_verbose(const struct play *pl)
{
	return pl->paused || pl->speed <= PLAY_SLOW_MOTION * 1.0001;
}

/* Simulate one frame's worth of time, within the frame's CPU budget. */
static void
play_advance(struct play *pl, int64_t now_wall)
{
	const struct sim *sim = player_sim(pl->player);
	int64_t gap = now_wall - pl->last_wall;
	int64_t start = sim_now(sim), target, deadline;

	if (gap > FRAME_MAX_GAP_NS)
		gap = FRAME_MAX_GAP_NS;
	if (gap <= 0)
		return;
	target = start + (int64_t)((double)gap * pl->speed);
	if (target <= start)
		target = start + 1;
	deadline = now_wall + FRAME_BUDGET_NS;
	while (sim_now(sim) < target && !sim_finished(sim)) {
		int64_t before = sim_now(sim), t0 = wall_ns(), t1;
		int64_t to = target - before > pl->slice_ns
				     ? before + pl->slice_ns
				     : target;

		player_run_until(pl->player, to);
		sim = player_sim(pl->player);
		t1 = wall_ns();
		/* slices of 1-5 ms of CPU: fine enough to stop on time */
		if (t1 - t0 < NS_PER_MS && pl->slice_ns < INT64_MAX / 4)
			pl->slice_ns *= 2;
		else if (t1 - t0 > 5 * NS_PER_MS && pl->slice_ns > 1000)
			pl->slice_ns /= 2;
		if (t1 >= deadline)
			break;
	}
	{
		double reached = (double)(sim_now(sim) - start) / (double)gap;

		pl->actual_speed =
			pl->actual_speed <= 0
				? reached
				: 0.8 * pl->actual_speed + 0.2 * reached;
	}
}

static void
play_draw(struct play *pl)
{
	struct screen_model m;
	int rows, cols;

	ui_curses_size(&rows, &cols);
	if (rows != pl->grid.rows || cols != pl->grid.cols)
		grid_resize(&pl->grid, rows, cols);
	memset(&m, 0, sizeof m);
	player_model(pl->player, pl->shown, &m);
	m.scenario_name = strcmp(pl->opt->scenario_path, "-") == 0
				  ? "<stdin>"
				  : pl->opt->scenario_path;
	m.speed = pl->speed;
	m.actual_speed = pl->actual_speed;
	m.paused = pl->paused;
	m.show_help = pl->help;
	m.message = pl->message[0] != '\0' ? pl->message : NULL;
	m.glyphs = pl->glyphs;
	screen_draw(&pl->grid, &m);
	ui_curses_draw(&pl->grid);
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

/* One key; returns false to quit. */
static bool
play_key(struct play *pl, int key)
{
	const struct sim *sim = player_sim(pl->player);
	size_t n_flows = sim_flow_count(sim);

	if (pl->help) {
		pl->help = false; /* any key closes it; q still quits */
		return key != 'q' && key != 'Q';
	}
	switch (key) {
	case 'q':
	case 'Q':
		return false;
	case ' ':
		if (sim_finished(sim))
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
		if (!player_step(pl->player))
			snprintf(pl->message, sizeof pl->message,
				 "the run is over");
		break;
	case UI_KEY_LEFT:
		pl->paused = true;
		player_set_verbose(pl->player, true);
		if (!player_step_back(pl->player))
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
		break;
	case UI_KEY_BACKTAB:
	case UI_KEY_UP:
		pl->shown = (pl->shown + n_flows - 1) % n_flows;
		break;
	case '?':
	case 'h':
		pl->help = true;
		break;
	case 'e':
	case 'E':
		play_export(pl);
		break;
	case UI_KEY_REDRAW:
		ui_curses_invalidate();
		break;
	default:
		break;
	}
	return true;
}

int
play_run(const struct scenario *sc, const struct play_options *opt)
{
	const char *no_colour = getenv("NO_COLOR");
	struct play pl;
	int status = 0;
	bool running = true;

	memset(&pl, 0, sizeof pl);
	pl.opt = opt;
	pl.speed = opt->speed;
	pl.paused = opt->paused;
	pl.slice_ns = NS_PER_MS;
	if (ui_curses_start(no_colour == NULL || no_colour[0] == '\0') != 0)
		return 2;
	pl.glyphs = glyphs_get(ui_curses_utf8());
	pl.player = player_create(sc, play_verbose(&pl));
	grid_init(&pl.grid, 0, 0);
	pl.last_wall = wall_ns();

	while (running) {
		const struct sim *sim = player_sim(pl.player);
		bool animating = !pl.paused && !sim_finished(sim);
		int64_t now = wall_ns(), wait_ns;
		int key;

		player_set_verbose(pl.player, play_verbose(&pl));
		if (animating)
			play_advance(&pl, now);
		pl.last_wall = now;
		play_draw(&pl);

		/* sleep to the next frame; without a timeout when idle */
		wait_ns = FRAME_NS - (wall_ns() - now);
		if (wait_ns < NS_PER_MS)
			wait_ns = NS_PER_MS;
		key = ui_curses_wait(animating ? (int)(wait_ns / NS_PER_MS)
					       : -1);
		/* keys typed during the frame are all taken before drawing */
		while (key != UI_KEY_NONE && running) {
			if (key == UI_KEY_STOP) {
				status = 128 + ui_curses_stop_signal();
				running = false;
				break;
			}
			if (key != UI_KEY_RESIZE)
				running = play_key(&pl, key);
			key = ui_curses_wait(0);
		}
		if (!animating)
			pl.last_wall = wall_ns(); /* no leap after a pause */
	}
	ui_curses_end();
	grid_free(&pl.grid);
	player_destroy(pl.player);
	if (status > 128)
		fprintf(stderr, "tcpsim: play: interrupted (%s)\n",
			strsignal(status - 128));
	return status;
}
