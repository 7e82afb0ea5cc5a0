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
#include "ui/play.h"
#include "ui/player.h"
#include "util/escape.h"

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

int
cmd_play(int argc, char **argv)
{
	struct cli_args args;
	struct scenario sc;
	struct play_options opt;
	bool loaded = false;
	int status = CLI_EXIT_USAGE;
	uint64_t budget;

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
	if (!isatty(STDOUT_FILENO)) {
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
	status = play_run(&sc, &opt);
out:
	if (loaded)
		scenario_free(&sc);
	cli_args_free(&args);
	return status;
}
