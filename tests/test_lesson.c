/* SPDX-License-Identifier: ISC */
/*
 * test_lesson.c: the [lesson] section (src/scenario/lesson.c) and what
 * `tcpsim play` does with it (src/ui/lesson_play.c, the player's stops):
 * reading and checking the section, writing it back as written, the
 * moments stopping the run at the right event and time, N.
 *
 * The times a run should stop at are found here by running the same
 * scenario with an observer of our own (the events log's events), never
 * copied from an earlier output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "scenario/lesson.h"
#include "scenario/scenario.h"
#include "scenario/scenario_write.h"
#include "model/sim.h"
#include "ui/lesson_play.h"
#include "ui/narration.h"
#include "ui/player.h"

#define NS_PER_MS INT64_C(1000000)

/* fast-retransmit.ini in short: segment 100 is lost, NewReno repairs it. */
#define ONE_LOSS                                                               \
	"[simulation]\n"                                                       \
	"duration = 2s\n"                                                      \
	"[link]\n"                                                             \
	"rate = 10Mbit/s\n"                                                    \
	"delay = 20ms\n"                                                       \
	"[flow bulk]\n"                                                        \
	"stack = textbook\n"                                                   \
	"receive_buffer = 128KiB\n"                                            \
	"drop_segments = 100, 140\n"

/* Load `text` as t.ini; its messages into *errs (owned) when errs. */
static int
load(struct scenario *sc, const char *text, char **errs)
{
	size_t len = 0;
	char *buf = NULL;
	FILE *f = open_memstream(&buf, &len);
	int rc;

	assert_non_null(f);
	memset(sc, 0, sizeof *sc);
	rc = scenario_load_string(sc, "t.ini", text, strlen(text), f);
	fclose(f);
	if (errs != NULL)
		*errs = buf;
	else
		free(buf);
	return rc;
}

/* Loading fails, and the messages hold `needle`. */
static void
fails_with(const char *text, const char *needle)
{
	struct scenario sc;
	char *errs;

	assert_int_equal(load(&sc, text, &errs), -1);
	if (strstr(errs, needle) == NULL)
		fail_msg("'%s' not in:\n%s", needle, errs);
	free(errs);
	scenario_free(&sc);
}

static void
test_reads_the_section(void **state)
{
	struct scenario sc;
	const struct lesson *l;

	(void)state;
	assert_int_equal(
		load(&sc,
		     "# t.ini: what to watch\n"
		     "#\n"
		     "# second line\n"
		     "\n"
		     "[simulation]\n"
		     "duration = 3s # a comment\n"
		     "[lesson]\n"
		     "# a comment of the lesson\n"
		     "title = One loss; no timeout # not a comment here\n"
		     "question = Where do the bytes go?\n"
		     "prediction = Into the queue: (BDP + queue) / rate.\n"
		     "pause = 1.5s: the queue is full; watch it\n"
		     "pause = on fast_retransmit: the third duplicate\n"
		     "pause = on   drop  #2 : the second loss\n"
		     "[link]\n"
		     "rate = 5Mbit/s\n",
		     NULL),
		0);
	l = sc.lesson;
	assert_non_null(l);
	/* '#' and ';' are prose in [lesson]; a whole-line comment is not */
	assert_string_equal(l->title,
			    "One loss; no timeout # not a comment here");
	assert_string_equal(l->question, "Where do the bytes go?");
	assert_string_equal(l->prediction,
			    "Into the queue: (BDP + queue) / rate.");
	assert_int_equal(l->n_moments, 3);
	assert_int_equal(l->moments[0].trigger, LESSON_AT_TIME);
	assert_int_equal(l->moments[0].at_ns, 1500 * NS_PER_MS);
	assert_string_equal(l->moments[0].text, "the queue is full; watch it");
	assert_string_equal(l->moments[0].when, "1.5s");
	assert_int_equal(l->moments[0].line, 12);
	assert_int_equal(l->moments[1].trigger, LESSON_ON_EVENT);
	assert_int_equal(l->moments[1].event, TRACE_FAST_RETRANSMIT);
	assert_int_equal(l->moments[1].occurrence, 1);
	assert_int_equal(l->moments[2].event, TRACE_DROP);
	assert_int_equal(l->moments[2].occurrence, 2);
	assert_string_equal(l->moments[2].text, "the second loss");
	/* the rest of the file is read as before: [link] after [lesson] */
	assert_int_equal(sc.link.rate_bps, 5000000);
	assert_int_equal(sc.sim.duration_ns, 3000 * NS_PER_MS);
	/* kept as written: the opening comments and the section */
	assert_string_equal(l->header,
			    "# t.ini: what to watch\n#\n# second line\n");
	assert_non_null(strstr(l->section, "[lesson]\n# a comment of the "
					   "lesson\ntitle = One loss;"));
	assert_null(strstr(l->section, "[link]"));
	scenario_free(&sc);
}

static void
test_no_lesson(void **state)
{
	struct scenario sc;

	(void)state;
	assert_int_equal(
		load(&sc, "# a comment\n[link]\nrate = 1Mbit/s\n", NULL), 0);
	assert_null(sc.lesson);
	scenario_free(&sc);
}

/* Every error names the file, the line and the key, as the rest does. */
static void
test_errors(void **state)
{
	(void)state;
	fails_with("[lesson]\npause = 3q: text\n",
		   "t.ini:2: pause = 3q: text: time '3q': unknown unit 'q'");
	fails_with("[lesson]\npause = 3: text\n", "t.ini:2: pause = 3: text:");
	fails_with("[lesson]\n\npause = on fast_retransmt: text\n",
		   "t.ini:3: pause = on fast_retransmt: text: unknown event "
		   "'fast_retransmt'");
	fails_with("[lesson]\npause = on fast_retransmt: text\n",
		   "did you mean 'fast_retransmit'?");
	fails_with("[lesson]\npause = 2s the queue\n",
		   "t.ini:2: pause = 2s the queue: missing ':'");
	fails_with("[lesson]\npause = 2s:\n",
		   "t.ini:2: pause = 2s:: nothing to show after ':'");
	fails_with("[lesson]\npause = on drop #0: x\n",
		   "t.ini:2: pause = on drop #0: x: '#0': the occurrence");
	fails_with("[lesson]\npause = on drop #x: x\n", "'#x'");
	fails_with("[lesson]\npause = on : x\n", "'on' needs an event");
	fails_with("[lesson]\npause = 44641min: x\n",
		   "t.ini:2: pause = 44641min: x: time '44641min': must be at "
		   "most 30 days");
	fails_with("[lesson]\npause = 2s: a\npause = 2000ms: b\n",
		   "t.ini:3: pause = 2000ms: b: a pause at 2000ms is given "
		   "already (line 2)");
	fails_with("[lesson]\npause = on drop: a\npause = on drop #1: b\n",
		   "t.ini:3:");
	fails_with("[lesson]\nquestoin = why?\n",
		   "t.ini:2: unknown key 'questoin' in [lesson]; the keys are "
		   "title, question, prediction and pause; did you mean "
		   "'question'?");
	fails_with("[lesson]\ntitle =\n", "t.ini:2: title needs a text");
	fails_with("[lesson]\ntitle = a\n[lesson]\ntitle = b\n",
		   "t.ini:3: [lesson] appears twice (first on line 1)");
	/* a refused [lesson]'s lines are still checked */
	fails_with("[lesson]\n[lesson]\npause = x\n", "t.ini:3: pause = x:");
	fails_with("[lesson x]\ntitle = a\n",
		   "t.ini:1: [lesson] takes no name");
	fails_with("[lesson]\njust words\n", "t.ini:2: expected 'key = value'");
	fails_with("[lessen]\n", "did you mean [lesson]?");
}

static void
test_twice_warns_later_wins(void **state)
{
	struct scenario sc;
	char *errs;

	(void)state;
	assert_int_equal(
		load(&sc, "[lesson]\nquestion = a\nquestion = b\n", &errs), 0);
	assert_non_null(strstr(errs, "t.ini:3: warning: 'question' given "
				     "twice (first on line 2)"));
	assert_string_equal(sc.lesson->question, "b");
	free(errs);
	scenario_free(&sc);
}

/* What scenario_write() makes of `text` (owned). */
static char *
written(const struct scenario *sc)
{
	size_t len = 0;
	char *buf = NULL;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(scenario_write(f, sc), 0);
	fclose(f);
	return buf;
}

/* Written back: the comments that open the file, the section as written,
 * the timeline's times in the file's units; read again, the same. */
static void
test_written_back_as_written(void **state)
{
	static const char text[] = "# lesson.ini: one loss\n"
				   "# watch the duplicates\n"
				   "[simulation]\n"
				   "duration = 2s\n"
				   "[timeline]\n"
				   "1.5s: link.rate = 5Mbit/s\n"
				   "200ms: link.loss = 1%\n"
				   "[lesson]\n"
				   "# said to the class first\n"
				   "question = Why?  # kept as prose\n"
				   "\n"
				   "pause = 200ms: the loss starts\n"
				   "pause = on drop #2: the second\n"
				   "\n\n";
	struct scenario sc, again;
	char *out, *out2;

	(void)state;
	assert_int_equal(load(&sc, text, NULL), 0);
	out = written(&sc);
	assert_memory_equal(out,
			    "# lesson.ini: one loss\n# watch the "
			    "duplicates\n\n[simulation]\n",
			    strlen("# lesson.ini: one loss\n# watch the "
				   "duplicates\n\n[simulation]\n"));
	/* the units of the file, not the writer's (1500ms, 0.2s) */
	assert_non_null(strstr(out, "\n1.5s: link.rate = 5Mbit/s\n"));
	assert_non_null(strstr(out, "\n200ms: link.loss = "));
	assert_non_null(strstr(out, "\n[lesson]\n# said to the class first\n"
				    "question = Why?  # kept as prose\n\n"
				    "pause = 200ms: the loss starts\n"
				    "pause = on drop #2: the second\n"));
	assert_int_equal(load(&again, out, NULL), 0);
	assert_string_equal(again.lesson->question, sc.lesson->question);
	assert_int_equal(again.lesson->n_moments, 2);
	assert_int_equal(again.lesson->moments[1].event, TRACE_DROP);
	/* and a second round writes the same file */
	out2 = written(&again);
	assert_string_equal(out, out2);
	free(out);
	free(out2);
	scenario_free(&again);
	scenario_free(&sc);
}

/* A copy is deep: freeing the original leaves it whole. */
static void
test_copy(void **state)
{
	struct scenario sc, copy;

	(void)state;
	assert_int_equal(
		load(&sc, "[lesson]\ntitle = t\npause = 1s: x\n", NULL), 0);
	scenario_copy(&copy, &sc);
	scenario_free(&sc);
	assert_string_equal(copy.lesson->title, "t");
	assert_string_equal(copy.lesson->moments[0].text, "x");
	scenario_free(&copy);
}

/* ------------------------------------------------------------------ */
/* In play                                                             */
/* ------------------------------------------------------------------ */

/* The time of the nth event of `kind` (or, kind < 0, the first event the
 * narration tells after `after_ns`), found by an observer of our own. */
struct finder {
	int kind;	   /* the kind sought, or -1: a narrated event */
	uint64_t nth;	   /* which of them */
	int64_t after_ns;  /* narrated: strictly after this */
	uint64_t seen;	   /* events of `kind` so far */
	int64_t found_ns;  /* its time, or -1 */
	uint64_t found_at; /* sim_event_count() at it */
	enum trace_kind found_kind; /* narrated: its kind */
};

static void
finder_on_event(void *ctx, const struct sim *sim, const struct trace_event *ev)
{
	struct finder *f = ctx;

	if (f->found_ns >= 0)
		return;
	if (f->kind >= 0
		    ? (int)ev->kind == f->kind && ++f->seen == f->nth
		    : ev->time_ns > f->after_ns && narration_wants(ev, false)) {
		f->found_ns = ev->time_ns;
		f->found_at = sim_event_count(sim);
		f->found_kind = ev->kind;
	}
}

/* Samples are events too: the player takes them, so the finder does. */
static void
finder_on_sample(void *ctx, const struct sim *sim, int64_t now_ns)
{
	(void)ctx;
	(void)sim;
	(void)now_ns;
}

static void
find(const struct scenario *sc, struct finder *f)
{
	struct sim *sim = sim_create(sc);
	struct sim_observer obs;

	memset(&obs, 0, sizeof obs);
	obs.on_event = finder_on_event;
	obs.on_sample = finder_on_sample;
	obs.ctx = f;
	f->found_ns = -1;
	f->seen = 0;
	sim_add_observer(sim, &obs);
	sim_run(sim);
	sim_destroy(sim);
	assert_true(f->found_ns >= 0);
}

/* The run stops right after the event a moment waits for: at its time,
 * its event count, and the box says so. */
static void
test_event_moments_stop_the_run(void **state)
{
	struct scenario sc;
	struct finder fr = {.kind = TRACE_FAST_RETRANSMIT, .nth = 1};
	struct finder drop2 = {.kind = TRACE_DROP, .nth = 2};
	struct lesson_play *lp;
	struct player *p;
	char lines[20][256], expect[64];
	size_t n;

	(void)state;
	assert_int_equal(load(&sc,
			      ONE_LOSS "[lesson]\n"
				       "pause = on fast_retransmit: repaired\n"
				       "pause = on drop #2: again\n",
			      NULL),
			 0);
	find(&sc, &fr);
	find(&sc, &drop2);
	assert_true(fr.found_ns < drop2.found_ns); /* the lesson's order */
	lp = lesson_play_create(sc.lesson);
	assert_false(lesson_play_box_up(lp)); /* no question: no intro */
	p = player_create(&sc, false);
	player_set_stop(p, lesson_play_on_event, lp);
	/* in pieces, as play.c does: each stops at the budget or a moment */
	while (!player_run_until_bounded(p, sc.sim.duration_ns, 1000) &&
	       !player_stopped(p))
		;
	assert_true(player_stopped(p));
	assert_int_equal(sim_now(player_sim(p)), fr.found_ns);
	assert_int_equal(sim_event_count(player_sim(p)), fr.found_at);
	assert_true(lesson_play_arrive(lp, sim_now(player_sim(p))));
	n = lesson_play_box_lines(lp, 70, lines, 20);
	assert_true(n >= 3);
	snprintf(expect, sizeof expect, "PAUSE at %lld.%09lld s",
		 (long long)(fr.found_ns / 1000000000),
		 (long long)(fr.found_ns % 1000000000));
	assert_non_null(strstr(lines[0], expect));
	assert_non_null(strstr(lines[0], "the first fast_retransmit"));
	assert_string_equal(lines[2], "repaired");
	/* a key closes it; on to the second drop */
	assert_true(lesson_play_key(lp));
	while (!player_run_until_bounded(p, sc.sim.duration_ns, 1000) &&
	       !player_stopped(p))
		;
	assert_int_equal(sim_now(player_sim(p)), drop2.found_ns);
	assert_int_equal(sim_event_count(player_sim(p)), drop2.found_at);
	assert_true(lesson_play_arrive(lp, sim_now(player_sim(p))));
	n = lesson_play_box_lines(lp, 70, lines, 20);
	assert_non_null(strstr(lines[0], "the 2nd drop"));
	assert_true(lesson_play_key(lp));
	/* nothing more stops it */
	assert_true(
		player_run_until_bounded(p, sc.sim.duration_ns, UINT64_MAX));
	assert_false(player_stopped(p));
	assert_true(sim_finished(player_sim(p)));
	player_destroy(p);
	lesson_play_destroy(lp);
	scenario_free(&sc);
}

/* A time moment: the animation's frames stop at it, not past it. */
static void
test_time_moments(void **state)
{
	struct scenario sc;
	struct lesson_play *lp;
	struct player *p;
	char lines[20][256];
	int64_t t = 0;

	(void)state;
	assert_int_equal(load(&sc,
			      ONE_LOSS "[lesson]\n"
				       "question = Why?\n"
				       "pause = 0s: at the start\n"
				       "pause = 150ms: in slow start\n",
			      NULL),
			 0);
	lp = lesson_play_create(sc.lesson);
	/* the question first; no prediction: one key closes it */
	assert_true(lesson_play_box_up(lp));
	assert_int_equal(lesson_play_box_lines(lp, 70, lines, 20), 5);
	assert_string_equal(lines[2], "Question: Why?");
	assert_true(lesson_play_key(lp));
	p = player_create(&sc, false);
	assert_int_equal(lesson_play_next_time(lp), 0);
	assert_true(lesson_play_arrive(lp, 0));
	assert_true(lesson_play_key(lp));
	/* frames of 7 ms, as play_advance() cuts them */
	for (;;) {
		int64_t target = t + 7 * NS_PER_MS;

		if (lesson_play_next_time(lp) < target)
			target = lesson_play_next_time(lp);
		player_run_until(p, target);
		t = sim_now(player_sim(p));
		if (lesson_play_arrive(lp, t))
			break;
		assert_true(t < 150 * NS_PER_MS);
	}
	assert_int_equal(t, 150 * NS_PER_MS);
	lesson_play_box_lines(lp, 70, lines, 20);
	assert_non_null(strstr(lines[0], "PAUSE at 0.150000000 s (150ms)"));
	assert_true(lesson_play_key(lp));
	assert_int_equal(lesson_play_next_time(lp), INT64_MAX);
	/* back before it (g, a rewind): it comes again */
	lesson_play_jumped(lp, 100 * NS_PER_MS);
	assert_int_equal(lesson_play_next_time(lp), 150 * NS_PER_MS);
	player_destroy(p);
	lesson_play_destroy(lp);
	scenario_free(&sc);
}

/* The intro: question, then the prediction on a key, then the run. */
static void
test_intro_reveals_the_prediction(void **state)
{
	struct scenario sc;
	struct lesson_play *lp;
	char lines[20][256];
	size_t n, i;
	bool seen = false;

	(void)state;
	assert_int_equal(load(&sc,
			      "[lesson]\ntitle = T\nquestion = Q?\n"
			      "prediction = P!\n",
			      NULL),
			 0);
	lp = lesson_play_create(sc.lesson);
	n = lesson_play_box_lines(lp, 70, lines, 20);
	assert_string_equal(lines[0], "LESSON: T");
	for (i = 0; i < n; i++)
		assert_null(strstr(lines[i], "P!"));
	assert_false(lesson_play_key(lp)); /* reveals, stays up */
	n = lesson_play_box_lines(lp, 70, lines, 20);
	for (i = 0; i < n; i++)
		seen = seen || strcmp(lines[i], "Prediction: P!") == 0;
	assert_true(seen);
	assert_true(lesson_play_key(lp)); /* closes */
	assert_false(lesson_play_box_up(lp));
	assert_true(lesson_play_show_intro(lp));
	lesson_play_destroy(lp);
	scenario_free(&sc);
}

/* N: the next event the narration tells, and no further. */
static void
test_next_narrated_event(void **state)
{
	struct scenario sc;
	struct finder f = {.kind = -1};
	struct lesson_play *lp;
	struct player *p;
	enum trace_kind kind;
	int64_t at;
	int i;

	(void)state;
	assert_int_equal(load(&sc, ONE_LOSS, NULL), 0);
	lp = lesson_play_create(NULL);
	assert_false(lesson_play_wants_stops(lp));
	p = player_create(&sc, false);
	for (i = 0; i < 3; i++) {
		/* events at time 0 count before the first N */
		f.after_ns = i == 0 ? -1 : sim_now(player_sim(p));
		find(&sc, &f);
		lesson_play_find_narrated(lp, true);
		assert_true(lesson_play_wants_stops(lp));
		player_set_stop(p, lesson_play_on_event, lp);
		assert_false(player_run_until_bounded(p, sc.sim.duration_ns,
						      UINT64_MAX));
		assert_true(player_stopped(p));
		assert_false(lesson_play_finding(lp));
		assert_int_equal(sim_now(player_sim(p)), f.found_ns);
		lesson_play_found(lp, &kind, &at);
		assert_int_equal(kind, f.found_kind);
		assert_int_equal(at, f.found_ns);
		/* one past: the next search starts after this instant */
		player_set_stop(p, NULL, NULL);
		player_run_until(p, sim_now(player_sim(p)));
	}
	player_destroy(p);
	lesson_play_destroy(lp);
	scenario_free(&sc);
}

/* `run` ignores the lesson: the same events with and without it. */
static void
test_run_ignores_the_lesson(void **state)
{
	struct scenario a, b;
	struct sim *sa, *sb;

	(void)state;
	assert_int_equal(load(&a, ONE_LOSS, NULL), 0);
	assert_int_equal(load(&b,
			      ONE_LOSS "[lesson]\nquestion = q\n"
				       "pause = on drop: x\npause = 1s: y\n",
			      NULL),
			 0);
	sa = sim_create(&a);
	sb = sim_create(&b);
	sim_run(sa);
	sim_run(sb);
	assert_int_equal(sim_event_count(sa), sim_event_count(sb));
	assert_int_equal(sim_now(sa), sim_now(sb));
	sim_destroy(sa);
	sim_destroy(sb);
	scenario_free(&a);
	scenario_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads_the_section),
		cmocka_unit_test(test_no_lesson),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_twice_warns_later_wins),
		cmocka_unit_test(test_written_back_as_written),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_event_moments_stop_the_run),
		cmocka_unit_test(test_time_moments),
		cmocka_unit_test(test_intro_reveals_the_prediction),
		cmocka_unit_test(test_next_narrated_event),
		cmocka_unit_test(test_run_ignores_the_lesson),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
