/* SPDX-License-Identifier: ISC */
/*
 * cmd_play.c: `tcpsim play`: watch a scenario run in the terminal.
 *
 * Everything that can go wrong is found before the terminal is touched,
 * so that messages stay readable and the screen is never left half set
 * up:
 *   1. parse the arguments, --speed included (usage errors: exit 2);
 *   2. standard output must be a terminal (exit 2 at once otherwise: a
 *      terminal UI without one would hang or spew escape sequences);
 *   3. load the scenario, apply every --set, validate (FILE:LINE
 *      messages, exit 2);
 *   4. the terminal must be able to draw a screen (ui_curses.c refuses
 *      TERM=dumb and the like, exit 2, before writing anything to it);
 * then the UI runs (src/ui/play.c) until q (exit 0) or a signal
 * (128 + signal).
 */
#include "cli/cli.h"

#include <math.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "scenario/scenario.h"
#include "cli/vs.h"
#include "trace/outfile.h"
#include "ui/play.h"
#include "ui/player.h"
#include "util/escape.h"
#include "util/xmalloc.h"

/*
 * "0.1", "0.1x", "20x": simulated seconds per wall second.  strtod reads
 * the C locale's numbers here: nothing has called setlocale() yet.
 */
static int
cmd_play_parse_speed(const char *text, double *speed)
{
	char *end;
	double v;

	v = strtod(text, &end);
	if (end == text)
		return -1;
	if (*end == 'x' || *end == 'X')
		end++;
	if (*end != '\0' || !isfinite(v) || v < PLAYER_SPEED_MIN ||
	    v > PLAYER_SPEED_MAX)
		return -1;
	*speed = v;
	return 0;
}

/* --size WxH: 20 to 1000 columns, 10 to 500 rows. */
static int
cmd_play_parse_size(const char *text, int *rows, int *cols)
{
	char *end;
	long w, h;

	w = strtol(text, &end, 10);
	if (end == text || (*end != 'x' && *end != 'X'))
		return -1;
	text = end + 1;
	h = strtol(text, &end, 10);
	if (end == text || *end != '\0' || w < 20 || w > 1000 || h < 10 ||
	    h > 500)
		return -1;
	*cols = (int)w;
	*rows = (int)h;
	return 0;
}

/*
 * --record, --headless, --size: checked before anything is loaded;
 * headless needs a recording to make, and a size only means something
 * without a terminal (which has its own).
 */
static int
cmd_play_check_record(const struct cli_args *args, struct play_options *opt)
{
	opt->rows = 24;
	opt->cols = 80;
	opt->headless = args->headless;
	if (args->headless && args->record_path == NULL) {
		cli_usage_error("play", "play: --headless needs --record FILE");
		return -1;
	}
	if (args->size != NULL && !args->headless) {
		cli_usage_error("play",
				"play: --size is for --headless; a terminal "
				"has its own size");
		return -1;
	}
	if (args->size != NULL &&
	    cmd_play_parse_size(args->size, &opt->rows, &opt->cols) != 0) {
		char *shown = escape_dup(args->size);

		cli_usage_error("play",
				"play: --size wants COLUMNSxROWS, 20 to 1000 "
				"by 10 to 500, such as 100x30, not '%s'",
				shown);
		free(shown);
		return -1;
	}
	if (args->record_path != NULL && strcmp(args->record_path, "-") == 0 &&
	    !args->headless) {
		cli_usage_error("play",
				"play: --record -: standard output is the "
				"screen; name a file");
		return -1;
	}
	return 0;
}

int
cmd_play(int argc, char **argv)
{
	struct cli_args args;
	struct scenario sc;
	struct play_options opt;
	bool loaded = false;
	int status = CLI_EXIT_USAGE;
	uint64_t budget;
	struct outfile *record = NULL; /* --record FILE */
	/* --vs: B, what it changes, its name on screen */
	struct scenario vs_sc;
	bool vs_loaded = false;
	char *vs_differs_text = NULL, *vs_label = NULL;

	memset(&opt, 0, sizeof opt);
	opt.speed = PLAY_DEFAULT_SPEED;
	if (cli_parse(&args, "play", argc, argv) != 0)
		goto out;
	if (args.help) {
		cli_help(stdout, "play");
		status = CLI_EXIT_OK;
		goto out;
	}
	if (args.scenario == NULL) {
		cli_usage_error("play", "play: missing SCENARIO");
		goto out;
	}
	if (args.speed != NULL &&
	    cmd_play_parse_speed(args.speed, &opt.speed) != 0) {
		char *shown = escape_dup(args.speed);

		cli_usage_error("play",
				"play: --speed wants a number from 0.001 to "
				"10000 (times real time, e.g. 0.1 or 20x), "
				"not '%s'",
				shown);
		free(shown);
		goto out;
	}
	opt.paused = args.paused;
	opt.absolute_seq = args.absolute_seq;
	if (args.theme != NULL && strcmp(args.theme, "default") != 0 &&
	    strcmp(args.theme, "projector") != 0) {
		char *shown = escape_dup(args.theme);

		cli_usage_error("play",
				"play: --theme wants default or projector, "
				"not '%s'",
				shown);
		free(shown);
		goto out;
	}
	opt.projector =
		args.theme != NULL && strcmp(args.theme, "projector") == 0;
	opt.scenario_path = args.scenario;
	if (cmd_play_check_record(&args, &opt) != 0)
		goto out;
	if (!args.headless && !isatty(STDOUT_FILENO)) {
		fputs("tcpsim: play: standard output is not a terminal; "
		      "use 'tcpsim run' to write files\n",
		      stderr);
		goto out;
	}
	if (cli_memory_budget(&args, &budget) != 0)
		goto out;
	loaded = true;
	if (cli_load_scenario(&sc, &args, stderr) != 0 ||
	    cli_check_memory(&sc, budget, stderr) != 0)
		goto out;
	/* the recording appears whole when play ends with q, or not at
	 * all (outfile.h) */
	if (args.record_path != NULL) {
		record = outfile_open(args.record_path, stderr);
		if (record == NULL) {
			status = CLI_EXIT_FAILURE;
			goto out;
		}
		opt.record = outfile_stream(record);
	}
	/* --vs: B beside A (vs_play.h) */
	if (args.n_vs > 0) {
		const char *b_file;

		vs_loaded = true;
		if (vs_load_b(&vs_sc, &args, &sc, &b_file, stderr) != 0 ||
		    cli_check_memory(&vs_sc, budget, stderr) != 0)
			goto out;
		vs_differs_text = vs_differs(&args, &sc, &vs_sc, b_file);
		vs_label = xmalloc(strlen(vs_differs_text) + 4);
		snprintf(vs_label, strlen(vs_differs_text) + 4, "B: %s",
			 vs_differs_text);
		opt.vs = &vs_sc;
		opt.vs_label = vs_label;
	}
	status = play_run(&sc, &opt);
	if (record != NULL) {
		if (status == CLI_EXIT_OK) {
			if (outfile_commit(record, stderr) != 0)
				status = CLI_EXIT_FAILURE;
		} else {
			outfile_abort(record);
		}
		record = NULL;
	}
out:
	outfile_abort(record);
	if (vs_loaded)
		scenario_free(&vs_sc);
	free(vs_differs_text);
	free(vs_label);
	if (loaded)
		scenario_free(&sc);
	cli_args_free(&args);
	return status;
}
