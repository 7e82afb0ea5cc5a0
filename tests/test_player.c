/* SPDX-License-Identifier: ISC */
/*
 * test_player.c: the simulation behind `tcpsim play` without a terminal
 * (src/ui/player.c): stepping, going back by re-running, the log of live
 * changes, the keys' changes, export, speeds.
 *
 * "Identical" below means every field of every flow snapshot and of the
 * link snapshot, the clock and the event count: going back must land on
 * exactly the state the run was in, not on one that looks alike.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "scenario/scenario.h"
#include "model/sim.h"
#include "ui/narration.h"
#include "ui/player.h"
#include "ui/screen.h"

#define NS_PER_MS INT64_C(1000000)
#define NS_PER_S  INT64_C(1000000000)

/* reader-stall.ini, shortened: the consumer stalls at 1 s, resumes at 3 s. */
static const char stall[] = "[simulation]\n"
			    "duration = 6s\n"
			    "[link]\n"
			    "rate = 10Mbit/s\n"
			    "delay = 20ms\n"
			    "[flow bulk]\n"
			    "receive_buffer = 64KiB\n"
			    "send_buffer = 128KiB\n"
			    "read_rate = 4Mbit/s\n"
			    "read_size = 16KiB\n"
			    "min_rto = 200ms\n"
			    "[timeline]\n"
			    "1s: bulk.read_rate = 0\n"
			    "3s: bulk.read_rate = 4Mbit/s\n";

/* Two flows and loss, so that the random generator is in the game. */
static const char lossy[] = "[simulation]\n"
			    "duration = 4s\n"
			    "[link]\n"
			    "rate = 5Mbit/s\n"
			    "loss = 1%\n"
			    "queue = 20 packets\n"
			    "[flow a]\n"
			    "[flow b]\n"
			    "start = 100ms\n"
			    "read_rate = 2Mbit/s\n";

static void
load(struct scenario *sc, const char *text)
{
	memset(sc, 0, sizeof *sc);
	assert_int_equal(
		scenario_load_string(sc, "t.ini", text, strlen(text), stderr),
		0);
	assert_int_equal(scenario_validate(sc, stderr), 0);
}

/* Everything a screen could show of the simulation, to compare. */
struct state {
	int64_t now;
	uint64_t events;
	bool finished;
	size_t n_flows;
	struct flow_snapshot flows[4];
	struct link_snapshot link;
};

static void
capture(const struct player *p, struct state *s)
{
	const struct sim *sim = player_sim(p);
	size_t i;

	memset(s, 0, sizeof *s);
	s->now = sim_now(sim);
	s->events = sim_event_count(sim);
	s->finished = sim_finished(sim);
	s->n_flows = sim_flow_count(sim);
	assert_true(s->n_flows <= 4);
	for (i = 0; i < s->n_flows; i++) {
		sim_flow_snapshot(sim, i, &s->flows[i]);
		s->flows[i].name = NULL; /* a pointer into this sim */
	}
	sim_link_snapshot(sim, &s->link);
}

static void
assert_same_state(const struct state *a, const struct state *b)
{
	size_t i;

	assert_int_equal(a->now, b->now);
	assert_int_equal(a->events, b->events);
	assert_int_equal(a->finished, b->finished);
	assert_int_equal(a->n_flows, b->n_flows);
	for (i = 0; i < a->n_flows; i++) {
		assert_int_equal(a->flows[i].delivered_bytes,
				 b->flows[i].delivered_bytes);
		assert_int_equal(a->flows[i].snd_una, b->flows[i].snd_una);
		assert_memory_equal(&a->flows[i], &b->flows[i],
				    sizeof a->flows[i]);
	}
	assert_memory_equal(&a->link, &b->link, sizeof a->link);
}

/* Back k events then forward k: identical, for several k. */
static void
back_and_forth(struct player *p)
{
	static const int ks[] = {1, 2, 7, 40};
	struct state here, again;
	size_t i;
	int j;

	capture(p, &here);
	for (i = 0; i < sizeof ks / sizeof ks[0]; i++) {
		for (j = 0; j < ks[i]; j++)
			assert_true(player_step_back(p));
		assert_int_equal(sim_event_count(player_sim(p)),
				 here.events - (uint64_t)ks[i]);
		for (j = 0; j < ks[i]; j++)
			assert_true(player_step(p));
		capture(p, &again);
		assert_same_state(&here, &again);
	}
}

static void
test_back_and_forth_plain(void **state)
{
	struct scenario sc;
	struct player *p;
	int i;

	(void)state;
	load(&sc, stall);
	p = player_create(&sc, false);
	player_run_until(p, 1500 * NS_PER_MS); /* in the stall */
	for (i = 0; i < 60; i++)
		assert_true(player_step(p));
	back_and_forth(p);
	player_destroy(p);
	scenario_free(&sc);

	load(&sc, lossy);
	p = player_create(&sc, true);
	player_run_until(p, 2 * NS_PER_S);
	for (i = 0; i < 45; i++)
		assert_true(player_step(p));
	back_and_forth(p);
	player_destroy(p);
	scenario_free(&sc);
}

/*
 * A player that takes the caller's scenario (player_create_from(), as
 * play does) runs as one that copies it, steps back alike, and saves the
 * same file; the caller's scenario is left empty, and freeing it does
 * nothing.
 */
static void
test_player_takes_the_scenario(void **state)
{
	struct scenario copied, taken;
	struct player *a, *b;
	struct state sa, sb;
	char *fa = NULL, *fb = NULL;
	size_t la = 0, lb = 0;
	FILE *out;

	(void)state;
	load(&copied, stall);
	load(&taken, stall);
	a = player_create(&copied, false);
	b = player_create_from(&taken, false);
	assert_int_equal(taken.n_flows, 0);
	assert_null(taken.flows);
	assert_null(taken.timeline);
	scenario_free(&taken); /* nothing left to free */
	scenario_free(&copied);
	player_run_until(a, 1500 * NS_PER_MS);
	player_run_until(b, 1500 * NS_PER_MS);
	assert_true(player_step_back(a));
	assert_true(player_step_back(b));
	capture(a, &sa);
	capture(b, &sb);
	assert_same_state(&sa, &sb);
	out = open_memstream(&fa, &la);
	assert_int_equal(player_export(a, out, "stall.ini"), 0);
	fclose(out);
	out = open_memstream(&fb, &lb);
	assert_int_equal(player_export(b, out, "stall.ini"), 0);
	fclose(out);
	assert_string_equal(fa, fb);
	free(fa);
	free(fb);
	player_destroy(a);
	player_destroy(b);
}

/* Live changes made while running and while stepping replay exactly. */
static void
test_back_and_forth_with_changes(void **state)
{
	struct scenario sc;
	struct player *p;
	struct state here, replayed;
	char msg[128];
	size_t n;
	int i;

	(void)state;
	load(&sc, lossy);
	p = player_create(&sc, false);
	player_run_until(p, 700 * NS_PER_MS + 12345);
	assert_int_equal(player_scale_read_rate(p, 1, false, msg, sizeof msg),
			 0);
	assert_string_equal(msg, "b.read_rate = 1Mbit/s");
	player_run_until(p, 900 * NS_PER_MS);
	for (i = 0; i < 5; i++)
		assert_true(player_step(p)); /* mid-instant, perhaps */
	assert_int_equal(player_cycle_loss(p, msg, sizeof msg), 0);
	assert_string_equal(msg, "link.loss = 0.05");
	for (i = 0; i < 30; i++)
		assert_true(player_step(p));
	assert_int_equal(player_scale_link_rate(p, true, msg, sizeof msg), 0);
	assert_string_equal(msg, "link.rate = 10Mbit/s");
	player_run_until(p, 1300 * NS_PER_MS);
	for (i = 0; i < 50; i++)
		assert_true(player_step(p));
	assert_true(player_log(p, &n) != NULL);
	assert_int_equal(n, 3);
	assert_int_equal(player_log_applied(p), 3);

	back_and_forth(p);

	/* all the way back and forward again: the same */
	capture(p, &here);
	player_seek(p, 0);
	assert_int_equal(sim_event_count(player_sim(p)), 0);
	assert_int_equal(player_log_applied(p), 0);
	player_seek(p, here.events);
	capture(p, &replayed);
	assert_int_equal(player_log_applied(p), 3);
	assert_int_equal(sim_scenario(player_sim(p))->link.rate_bps,
			 UINT64_C(10000000));
	/* the clock may differ: the original got there by running to a
	 * time, the replay by counting events; the model may not */
	replayed.now = here.now;
	replayed.link = here.link; /* time integrals depend on the clock */
	assert_same_state(&here, &replayed);
	player_destroy(p);
	scenario_free(&sc);
}

/* A change made after going back replaces the rest of the log. */
static void
test_new_change_rewrites_future(void **state)
{
	struct scenario sc;
	struct player *p;
	char msg[128];
	size_t n;
	int i;

	(void)state;
	load(&sc, stall);
	p = player_create(&sc, false);
	player_run_until(p, 500 * NS_PER_MS);
	assert_int_equal(player_scale_read_rate(p, 0, true, msg, sizeof msg),
			 0);
	for (i = 0; i < 20; i++)
		player_step(p);
	assert_int_equal(player_scale_read_rate(p, 0, true, msg, sizeof msg),
			 0);
	assert_string_equal(msg, "bulk.read_rate = 16Mbit/s");
	player_seek(p, 10); /* before both */
	assert_int_equal(player_log_applied(p), 0);
	player_log(p, &n);
	assert_int_equal(n, 2); /* still there: forward would replay them */
	assert_int_equal(player_scale_link_rate(p, false, msg, sizeof msg), 0);
	player_log(p, &n);
	assert_int_equal(n, 1);
	assert_int_equal(player_log(p, &n)[0].entry.key, KEY_LINK_RATE);
	assert_int_equal(player_log(p, &n)[0].events, 10);

	player_restart(p);
	player_log(p, &n);
	assert_int_equal(n, 0);
	assert_int_equal(sim_now(player_sim(p)), 0);
	player_destroy(p);
	scenario_free(&sc);
}

/* The keys' changes: halving, doubling, their limits. */
static void
test_key_changes(void **state)
{
	struct scenario sc;
	struct player *p;
	char msg[128];
	int i;

	(void)state;
	load(&sc, "[flow x]\nread_rate = 3kbit/s\n[flow y]\n");
	p = player_create(&sc, false);
	assert_int_equal(player_scale_read_rate(p, 0, false, msg, sizeof msg),
			 0);
	assert_string_equal(msg, "x.read_rate = 1.5kbit/s");
	/* below 1 kbit/s halving stops the consumer */
	assert_int_equal(player_scale_read_rate(p, 0, false, msg, sizeof msg),
			 0);
	assert_string_equal(msg, "x.read_rate = 0");
	assert_int_equal(player_scale_read_rate(p, 0, false, msg, sizeof msg),
			 -1);
	/* from 0, doubling starts at 1/64 of the link rate */
	assert_int_equal(player_scale_read_rate(p, 0, true, msg, sizeof msg),
			 0);
	assert_string_equal(msg, "x.read_rate = 156.25kbit/s");
	/* unlimited halves from the link rate, never doubles */
	assert_int_equal(player_scale_read_rate(p, 1, true, msg, sizeof msg),
			 -1);
	assert_int_equal(player_scale_read_rate(p, 1, false, msg, sizeof msg),
			 0);
	assert_string_equal(msg, "y.read_rate = 5Mbit/s");
	assert_int_equal(sim_scenario(player_sim(p))->flows[1].read_rate_bps,
			 UINT64_C(5000000));
	/* loss cycles 0 -> 1% -> 5% -> 0 */
	assert_int_equal(player_cycle_loss(p, msg, sizeof msg), 0);
	assert_true(sim_scenario(player_sim(p))->link.loss == 0.01);
	assert_int_equal(player_cycle_loss(p, msg, sizeof msg), 0);
	assert_true(sim_scenario(player_sim(p))->link.loss == 0.05);
	assert_int_equal(player_cycle_loss(p, msg, sizeof msg), 0);
	assert_true(sim_scenario(player_sim(p))->link.loss == 0);
	/* the link rate stops at 1 kbit/s */
	for (i = 0; i < 20; i++)
		player_scale_link_rate(p, false, msg, sizeof msg);
	assert_int_equal(sim_scenario(player_sim(p))->link.rate_bps, 1000);
	assert_int_equal(player_scale_link_rate(p, false, msg, sizeof msg), -1);
	/* after the end nothing changes */
	player_run_until(p, INT64_MAX / 2);
	assert_true(sim_finished(player_sim(p)));
	assert_int_equal(player_cycle_loss(p, msg, sizeof msg), -1);
	player_destroy(p);
	scenario_free(&sc);
}

/* The exported file, run as a scenario, is the run the player made. */
static void
test_export_replays(void **state)
{
	struct scenario sc, back;
	struct player *p;
	struct sim *sim;
	struct flow_snapshot a, b;
	char *text = NULL, msg[128];
	size_t len = 0;
	FILE *f;

	(void)state;
	load(&sc, stall);
	p = player_create(&sc, false);
	player_run_until(p, 500 * NS_PER_MS + 7);
	assert_int_equal(player_scale_read_rate(p, 0, false, msg, sizeof msg),
			 0);
	player_run_until(p, 3500 * NS_PER_MS + 3);
	assert_int_equal(player_scale_read_rate(p, 0, true, msg, sizeof msg),
			 0);
	player_run_until(p, 5 * NS_PER_S);

	f = open_memstream(&text, &len);
	assert_non_null(f);
	assert_int_equal(player_export(p, f, "t.ini"), 0);
	fclose(f);
	assert_non_null(strstr(text, "# t.ini as run by tcpsim play, with 2 "
				     "live changes"));
	assert_non_null(strstr(text,
			       "[timeline]\n"
			       "500.000007ms: bulk.read_rate = 2Mbit/s\n"
			       "1s: bulk.read_rate = 0\n"
			       "3s: bulk.read_rate = 4Mbit/s\n"
			       "3.500000003s: bulk.read_rate = 8Mbit/s\n"));
	memset(&back, 0, sizeof back);
	assert_int_equal(
		scenario_load_string(&back, "back.ini", text, len, stderr), 0);
	sim = sim_create(&back);
	sim_run_until(sim, 5 * NS_PER_S);
	sim_flow_snapshot(sim, 0, &a);
	sim_flow_snapshot(player_sim(p), 0, &b);
	assert_int_equal(a.delivered_bytes, b.delivered_bytes);
	assert_int_equal(a.read_bytes, b.read_bytes);
	assert_int_equal(a.zero_window_adverts, b.zero_window_adverts);
	assert_int_equal(a.window_probes, b.window_probes);
	sim_destroy(sim);
	scenario_free(&back);
	free(text);
	player_destroy(p);
	scenario_free(&sc);
}

/*
 * Bounded running: a budget of k events runs exactly k events when more
 * than k fall before the target, and then stops short of it; pieces of
 * any size end in exactly the state one unbounded call reaches.
 */
static void
test_bounded_run(void **state)
{
	struct scenario sc;
	struct player *p, *q;
	struct state a, b;
	uint64_t first;
	int64_t t = 2 * NS_PER_S;
	unsigned calls = 0;

	(void)state;
	load(&sc, lossy);
	p = player_create(&sc, false);
	q = player_create(&sc, false);
	assert_false(player_run_until_bounded(p, t, 10));
	first = sim_event_count(player_sim(p));
	assert_int_equal(first, 10);
	assert_true(sim_now(player_sim(p)) < t);
	while (!player_run_until_bounded(p, t, 7))
		calls++;
	calls++;
	player_run_until(q, t);
	capture(p, &a);
	capture(q, &b);
	assert_same_state(&a, &b);
	/* every call but the last ran 7 events, the last 1 to 7 */
	assert_int_equal(calls, (a.events - first + 6) / 7);
	/* at the target already: done at once, with no budget at all */
	assert_true(player_run_until_bounded(p, t, 0));
	assert_int_equal(sim_event_count(player_sim(p)), a.events);
	player_destroy(p);
	player_destroy(q);
	scenario_free(&sc);
}

/*
 * Live changes made at states a bounded run stopped in (perhaps in the
 * middle of an instant), then a rewind in pieces: the same state as the
 * run had, and no live change while it goes on.
 */
static void
test_rewind_in_pieces(void **state)
{
	struct scenario sc;
	struct player *p;
	struct state here, back;
	char msg[128];
	uint64_t target;
	unsigned pieces = 0;
	int i;

	(void)state;
	load(&sc, lossy);
	p = player_create(&sc, false);
	for (i = 0; i < 40; i++)
		player_run_until_bounded(p, 2 * NS_PER_S, 333);
	assert_int_equal(player_scale_read_rate(p, 1, false, msg, sizeof msg),
			 0);
	for (i = 0; i < 40; i++)
		player_run_until_bounded(p, 2 * NS_PER_S, 333);
	assert_int_equal(player_cycle_loss(p, msg, sizeof msg), 0);
	for (i = 0; i < 25; i++)
		assert_true(player_step(p));
	capture(p, &here);
	assert_int_equal(player_log_applied(p), 2);

	/* to the start and back to here, in pieces of 13 events */
	player_seek_begin(p, 0);
	assert_true(player_seek_continue(p, 13));
	assert_int_equal(sim_event_count(player_sim(p)), 0);
	player_seek_begin(p, here.events);
	while (!player_seek_continue(p, 13)) {
		pieces++;
		assert_true(player_seeking(p));
		assert_int_equal(player_seek_target(p), here.events);
		assert_int_equal(sim_event_count(player_sim(p)), 13 * pieces);
		if (pieces == 3) {
			assert_int_equal(player_cycle_loss(p, msg, sizeof msg),
					 -1);
			assert_string_equal(msg,
					    "rewinding: wait until it is done");
		}
	}
	assert_false(player_seeking(p));
	assert_true(pieces >= 3);
	assert_int_equal(player_log_applied(p), 2);
	capture(p, &back);
	assert_same_state(&here, &back);

	/* Left Left Right while rewinding: one event back in all */
	assert_true(player_step_back_begin(p));
	assert_true(player_step_back_begin(p));
	assert_int_equal(player_seek_target(p), here.events - 2);
	player_seek_begin(p, player_seek_target(p) + 1);
	target = player_seek_target(p);
	assert_int_equal(target, here.events - 1);
	while (!player_seek_continue(p, 1000))
		;
	assert_int_equal(sim_event_count(player_sim(p)), target);
	assert_true(player_step(p));
	capture(p, &back);
	assert_same_state(&here, &back);
	player_destroy(p);
	scenario_free(&sc);
}

/*
 * The scenarios that froze the UI.  10000 flows sampled every nanosecond:
 * every simulated nanosecond holds a sample event, so 1000 events cannot
 * take the clock past 999 ns, and a budget of 1000 falls short of 1 ms.
 */
static void
test_bounded_heavy(void **state)
{
	static const char fast[] = "[link]\n"
				   "rate = 1125899906842624bit/s\n"
				   "delay = 0\n"
				   "[flow a]\n"
				   "mss = 1B\n";
	struct scenario sc;
	struct player *p;
	char *text;
	size_t len = 0, size = 64 + 16 * 10000;
	int i;

	(void)state;
	text = malloc(size);
	assert_non_null(text);
	len += (size_t)snprintf(text, size,
				"[simulation]\nsample_interval = 1ns\n");
	for (i = 1; i <= 10000; i++)
		len += (size_t)snprintf(text + len, size - len, "[flow f%d]\n",
					i);
	load(&sc, text);
	free(text);
	p = player_create(&sc, false);
	assert_false(player_run_until_bounded(p, NS_PER_MS, 1000));
	assert_int_equal(sim_event_count(player_sim(p)), 1000);
	assert_true(sim_now(player_sim(p)) <= 999);
	/* and going back from there is bounded the same way */
	player_seek_begin(p, 900);
	assert_false(player_seek_continue(p, 100));
	assert_int_equal(sim_event_count(player_sim(p)), 100);
	player_destroy(p);
	scenario_free(&sc);

	/*
	 * 2^50 bit/s carries a 41-byte packet (1 byte of payload) in under
	 * a nanosecond, and nothing delays it: the 64 KiB receive window
	 * (65536 segments) turns around within microseconds, so one
	 * simulated millisecond holds far more than 10^5 events.
	 */
	load(&sc, fast);
	p = player_create(&sc, false);
	assert_false(player_run_until_bounded(p, NS_PER_MS, 100000));
	assert_int_equal(sim_event_count(player_sim(p)), 100000);
	assert_true(sim_now(player_sim(p)) < NS_PER_MS);
	player_destroy(p);
	scenario_free(&sc);
}

static void
test_speed_steps(void **state)
{
	(void)state;
	assert_true(player_speed_faster(0.1) == 0.2);
	assert_true(player_speed_faster(0.2) == 0.5);
	assert_true(player_speed_faster(0.5) == 1);
	assert_true(player_speed_slower(0.1) == 0.05);
	assert_true(player_speed_slower(1) == 0.5);
	assert_true(player_speed_faster(0.25) == 0.5);
	assert_true(player_speed_slower(0.25) == 0.2);
	assert_true(player_speed_faster(5000) == 10000);
	assert_true(player_speed_faster(10000) == PLAYER_SPEED_MAX);
	assert_true(player_speed_slower(0.001) == PLAYER_SPEED_MIN);
}

/*
 * The sentences play narrates are written, whether it narrates every
 * event (paused, slow motion) or, running ahead, only the notable ones
 * (the engine writes a sentence only for an event some observer will
 * read it of): every line of the events pane has its sentence, and the
 * stall's zero window is told in words.
 */
static void
test_narrated_sentences_written(void **state)
{
	struct scenario sc;

	(void)state;
	load(&sc, stall);
	for (int verbose = 0; verbose < 2; verbose++) {
		struct player *p = player_create(&sc, verbose != 0);
		struct screen_model m;
		bool zero_window = false;
		size_t i;

		player_run_until(p, 2 * NS_PER_S); /* in the stall */
		memset(&m, 0, sizeof m);
		player_model(p, 0, &m);
		assert_non_null(m.narration);
		assert_true(m.narration->count > 0);
		for (i = 0; i < m.narration->count; i++) {
			const struct narration_line *l =
				narration_get(m.narration, i);

			assert_non_null(l);
			assert_true(l->detail[0] != '\0');
			if (l->kind == TRACE_ZERO_WINDOW &&
			    strstr(l->detail, "zero window") != NULL)
				zero_window = true;
		}
		assert_true(zero_window);
		player_destroy(p);
	}
	scenario_free(&sc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_back_and_forth_plain),
		cmocka_unit_test(test_player_takes_the_scenario),
		cmocka_unit_test(test_back_and_forth_with_changes),
		cmocka_unit_test(test_new_change_rewrites_future),
		cmocka_unit_test(test_key_changes),
		cmocka_unit_test(test_export_replays),
		cmocka_unit_test(test_bounded_run),
		cmocka_unit_test(test_rewind_in_pieces),
		cmocka_unit_test(test_bounded_heavy),
		cmocka_unit_test(test_speed_steps),
		cmocka_unit_test(test_narrated_sentences_written),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
