/* SPDX-License-Identifier: ISC */
/*
 * stepback.c: what `tcpsim play` costs without a terminal, for bench/.
 *
 *   bench/stepback SCENARIO AT STEPS
 *       runs the player to AT seconds, then STEPS times runs 37 ms of
 *       simulated time further and steps back one event (the Left key),
 *       and prints the milliseconds each step back took: median and
 *       worst;
 *   bench/stepback SCENARIO AT 0
 *       only runs there and draws the model once, for the peak resident
 *       set size (printed in KiB, and per flow).
 *
 * TCPSIM_PLAY_NO_SNAPSHOTS=1 makes the player go back by re-running from
 * time 0, as it did before the snapshots: the "before" column.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "scenario/scenario.h"
#include "model/sim.h"
#include "ui/player.h"
#include "ui/screen.h"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	struct scenario sc;
	struct player *p;
	struct screen_model m;
	struct rusage ru;
	double t0, *ms;
	long steps;
	size_t n_flows;

	if (argc != 4) {
		fprintf(stderr, "usage: stepback SCENARIO AT_SECONDS STEPS\n");
		return 2;
	}
	memset(&sc, 0, sizeof sc);
	if (scenario_load_file(&sc, argv[1], stderr) != 0 ||
	    scenario_validate(&sc, stderr) != 0)
		return 2;
	steps = atol(argv[3]);
	n_flows = sc.n_flows;
	p = player_create_from(&sc, false); /* as play does: sc is the player's */
	t0 = now_ms();
	player_run_until(p, (int64_t)(atof(argv[2]) * 1e9));
	printf("run to %s s: %.0f ms, %llu events\n", argv[2], now_ms() - t0,
	       (unsigned long long)sim_event_count(player_sim(p)));
	memset(&m, 0, sizeof m);
	player_model(p, 0, &m);
	ms = calloc(steps > 0 ? (size_t)steps : 1, sizeof *ms);
	for (long i = 0; i < steps; i++) {
		/* from various places: the cost depends on how far the last
		 * snapshot is (a prime number of ms apart) */
		/* running tells the story; paused, Left tells every event */
		player_set_verbose(p, false);
		player_run_until(p, (int64_t)(atof(argv[2]) * 1e9) +
					    (int64_t)(i + 1) * 37000000);
		player_set_verbose(p, true);
		t0 = now_ms();
		player_step_back(p);
		ms[i] = now_ms() - t0;
		player_model(p, 0, &m);
	}
	if (steps > 0) {
		qsort(ms, (size_t)steps, sizeof *ms, cmp_double);
		printf("step back: median %.1f ms, worst %.1f ms (%ld steps)\n",
		       ms[steps / 2], ms[steps - 1], steps);
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("peak RSS: %ld KiB, %.1f KiB per flow (%zu flows)\n",
	       ru.ru_maxrss, (double)ru.ru_maxrss / (double)n_flows, n_flows);
	free(ms);
	player_destroy(p);
	scenario_free(&sc);
	return 0;
}
