/* SPDX-License-Identifier: ISC */
/*
 * test_snapshot.c: play's step back from snapshots (src/ui/player.c,
 * src/util/arena.c).  A rewind that restores a snapshot and runs forward
 * from it must give exactly the run a straight one gives: the same events
 * in the same order with the same fields, byte for byte, and the same
 * state after.  The straight runs here have snapshots turned off
 * (TCPSIM_PLAY_NO_SNAPSHOTS), so that they also check that a sim living
 * in an arena runs as one in ordinary memory.
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
#include "scenario/scenario_internal.h" /* scenario_flow_add() */
#include "model/huge.h"
#include "model/memory_estimate.h"
#include "model/sim.h"
#include "ui/narration.h"
#include "ui/player.h"
#include "ui/pktlog.h"
#include "util/pack.h"
#include "ui/screen.h"
#include "ui/vs_play.h"
#include "util/arena.h"
#include "util/xmalloc.h"

#define NS_PER_S INT64_C(1000000000)

/*
 * Enough events for several snapshots (about two million), two flows,
 * random loss (the generator's state must come back too), a timeline
 * change and a second flow starting late.
 */
static const char busy[] = "[simulation]\n"
			   "duration = 20s\n"
			   "[link]\n"
			   "rate = 1Gbit/s\n"
			   "delay = 10ms\n"
			   "loss = 0.001%\n"
			   "queue = 500 packets\n"
			   "[flow a]\n"
			   "cc = cubic\n"
			   "receive_buffer = 16MiB\n"
			   "send_buffer = 16MiB\n"
			   "[flow b]\n"
			   "start = 2s\n"
			   "read_rate = 300Mbit/s\n"
			   "receive_buffer = 1MiB\n"
			   "[timeline]\n"
			   "7s: link.rate = 500Mbit/s\n";

/*
 * Heavy loss with SACK and no congestion control: a timeout resends the
 * holes of a 96 MiB window at once, and an event traces about three rows
 * on average (a plain run's, two), some stretches more, some fewer.
 */
static const char heavy[] = "[simulation]\n"
			    "duration = 20s\n"
			    "[link]\n"
			    "rate = 10Gbit/s\n"
			    "delay = 20ms\n"
			    "queue = 10000 packets\n"
			    "loss = 10%\n"
			    "[flow a]\n"
			    "cc = none\n"
			    "receive_buffer = 96MiB\n"
			    "send_buffer = 96MiB\n";

static void
load_text(struct scenario *sc, const char *text)
{
	memset(sc, 0, sizeof *sc);
	assert_int_equal(
		scenario_load_string(sc, "t.ini", text, strlen(text), stderr),
		0);
	assert_int_equal(scenario_validate(sc, stderr), 0);
}

static void
load(struct scenario *sc)
{
	load_text(sc, busy);
}

/* The events log: every event going forward, with the event count. */
struct recorder {
	struct player *p; /* whose sim counts the events */
	char *buf;	  /* the lines */
	size_t len, cap;  /* used, allocated */
};

static bool
record(void *ctx, const struct trace_event *ev, uint64_t nth)
{
	struct recorder *r = ctx;
	char line[400];
	int n;

	(void)nth;
	n = snprintf(line, sizeof line, "%llu %lld %u %d %d %u %u %u %llu %s\n",
		     (unsigned long long)sim_event_count(player_sim(r->p)),
		     (long long)ev->time_ns, ev->flow, (int)ev->where,
		     (int)ev->kind, ev->seq, ev->ack, ev->len,
		     (unsigned long long)ev->win, ev->detail);
	assert_true(n > 0 && (size_t)n < sizeof line);
	r->buf = xgrow(r->buf, &r->cap, r->len + (size_t)n + 1, 1);
	memcpy(r->buf + r->len, line, (size_t)n + 1);
	r->len += (size_t)n;
	return false;
}

/* The log's lines from the first whose event count is above `events`. */
static const char *
after(const struct recorder *r, uint64_t events)
{
	const char *s = r->buf;

	while (s != NULL && *s != '\0' && strtoull(s, NULL, 10) <= events) {
		s = strchr(s, '\n');
		if (s != NULL)
			s++;
	}
	return s;
}

static struct player *
new_player(const struct scenario *sc, bool snapshots, struct recorder *r)
{
	struct player *p;

	if (snapshots)
		unsetenv("TCPSIM_PLAY_NO_SNAPSHOTS");
	else
		setenv("TCPSIM_PLAY_NO_SNAPSHOTS", "1", 1);
	p = player_create(sc, false);
	unsetenv("TCPSIM_PLAY_NO_SNAPSHOTS");
	memset(r, 0, sizeof *r);
	r->p = p;
	player_set_stop(p, record, r);
	return p;
}

static void
assert_same_sim(const struct sim *a, const struct sim *b)
{
	struct flow_snapshot fa, fb;
	struct link_snapshot la, lb;

	assert_int_equal(sim_now(a), sim_now(b));
	assert_int_equal(sim_event_count(a), sim_event_count(b));
	assert_int_equal(sim_flow_count(a), sim_flow_count(b));
	for (size_t i = 0; i < sim_flow_count(a); i++) {
		sim_flow_snapshot(a, i, &fa);
		sim_flow_snapshot(b, i, &fb);
		assert_string_equal(fa.name, fb.name);
		fa.name = fb.name = NULL; /* pointers into each sim */
		assert_memory_equal(&fa, &fb, sizeof fa);
	}
	sim_link_snapshot(a, &la);
	sim_link_snapshot(b, &lb);
	assert_memory_equal(&la, &lb, sizeof la);
}

/* The packet views' records (pktlog.h), the same in both players. */
static void
assert_same_packets(struct player *a, struct player *b)
{
	struct screen_model ma, mb;

	memset(&ma, 0, sizeof ma);
	memset(&mb, 0, sizeof mb);
	player_model(a, 0, &ma);
	player_model(b, 0, &mb);
	assert_non_null(ma.pktlog);
	assert_non_null(mb.pktlog);
	for (size_t f = 0; f < pktlog_flows(ma.pktlog); f++) {
		size_t n = pktlog_count(ma.pktlog, f);

		assert_int_equal(pktlog_total(ma.pktlog, f),
				 pktlog_total(mb.pktlog, f));
		assert_int_equal(n, pktlog_count(mb.pktlog, f));
		for (size_t i = 0; i < n; i++)
			assert_memory_equal(pktlog_get(ma.pktlog, f, i),
					    pktlog_get(mb.pktlog, f, i),
					    sizeof(struct pktlog_rec));
	}
}

/*
 * From two events past snapshot `snap` of player b, five steps back (the
 * last three start from the snapshot before it) and ten forward, beside
 * player a, which has no snapshots: the same state at every step.
 */
static void
step_back_across(struct player *a, struct player *b, uint64_t snap)
{
	uint64_t n;

	player_seek(b, snap + 2);
	for (int i = 0; i < 5; i++)
		assert_true(player_step_back(b));
	n = sim_event_count(player_sim(b));
	assert_int_equal(n, snap - 3);
	player_seek(a, n);
	assert_same_sim(player_sim(a), player_sim(b));
	for (int i = 0; i < 10; i++) {
		assert_true(player_step(a));
		assert_true(player_step(b));
		assert_same_sim(player_sim(a), player_sim(b));
	}
}

/* The end of a test of two players on one scenario. */
static void
pair_free(struct player *a, struct player *b, struct recorder *ra,
	  struct recorder *rb, struct scenario *sc)
{
	player_destroy(a);
	player_destroy(b);
	free(ra->buf);
	free(rb->buf);
	scenario_free(sc);
}

/*
 * Player b, its snapshots' sizes made smaller than its sim, runs on to t,
 * where a snapshot falls due: it keeps none, and a step back re-runs from
 * time 0 outside the arena to where player a (no snapshots) is too.
 */
static void
outgrow_snapshots(struct player *a, struct player *b, int64_t t)
{
	uint64_t n;

	player_run_until(b, t);
	n = sim_event_count(player_sim(b));
	assert_int_equal(player_snapshot_before(b, n), 0);
	assert_true(player_step_back(b));
	player_seek(a, n - 1);
	assert_same_sim(player_sim(a), player_sim(b));
}

/* Run to t, back to t0, to t again: what a straight run to t gives. */
static void
test_rewind_matches_straight(void **state)
{
	struct scenario sc;
	struct recorder ra, rb;
	struct player *a, *b;
	uint64_t at_t0;
	const char *tail;

	(void)state;
	load(&sc);
	a = new_player(&sc, false, &ra);
	b = new_player(&sc, true, &rb);
	player_run_until(a, 12 * NS_PER_S);
	player_run_until(b, 6 * NS_PER_S);
	at_t0 = sim_event_count(player_sim(b));
	player_run_until(b, 12 * NS_PER_S);
	assert_same_sim(player_sim(a), player_sim(b));
	assert_string_equal(ra.buf, rb.buf);

	/* the rewind starts from a snapshot, not from time 0 */
	assert_true(player_snapshot_before(b, at_t0) > 0);
	assert_true(player_snapshot_before(b, at_t0) <= at_t0);
	assert_int_equal(player_snapshot_before(a, at_t0), 0);

	player_seek(b, at_t0);
	assert_int_equal(sim_event_count(player_sim(b)), at_t0);
	rb.len = 0;
	rb.buf[0] = '\0';
	player_run_until(b, 12 * NS_PER_S);
	assert_same_sim(player_sim(a), player_sim(b));
	/* the packet views too: a snapshot keeps their records */
	assert_same_packets(a, b);
	tail = after(&ra, at_t0);
	assert_non_null(tail);
	assert_true(strlen(tail) > 0);
	assert_string_equal(tail, rb.buf);

	pair_free(a, b, &ra, &rb, &sc);
}

/* Step back across a snapshot and forward again, event by event. */
static void
test_step_back_across_snapshot(void **state)
{
	struct scenario sc;
	struct recorder ra, rb;
	struct player *a, *b;
	uint64_t snap;

	(void)state;
	load(&sc);
	a = new_player(&sc, false, &ra);
	b = new_player(&sc, true, &rb);
	player_run_until(b, 5 * NS_PER_S);
	snap = player_snapshot_before(b, sim_event_count(player_sim(b)));
	assert_true(snap > 0);
	step_back_across(a, b, snap);
	pair_free(a, b, &ra, &rb, &sc);
}

/*
 * A live change after going back rewrites the future: the snapshots taken
 * after it had the old future and must not be used.
 */
static void
test_change_after_rewind(void **state)
{
	struct scenario sc;
	struct recorder ra, rb;
	struct player *a, *b;
	struct player *both[2];
	char msg[128];
	uint64_t at_t0;

	(void)state;
	load(&sc);
	a = new_player(&sc, false, &ra);
	b = new_player(&sc, true, &rb);
	both[0] = a;
	both[1] = b;
	for (int i = 0; i < 2; i++) {
		player_run_until(both[i], 10 * NS_PER_S);
		at_t0 = sim_event_count(player_sim(both[i])) / 2;
		player_seek(both[i], at_t0);
		assert_int_equal(player_cycle_loss(both[i], msg, sizeof msg),
				 0);
		player_run_until(both[i], 10 * NS_PER_S);
	}
	assert_same_sim(player_sim(a), player_sim(b));
	assert_string_equal(ra.buf, rb.buf);
	/* and back before the change, and forward over it again */
	player_seek(a, at_t0 / 2);
	player_seek(b, at_t0 / 2);
	assert_true(player_snapshot_before(b, at_t0 / 2) > 0);
	player_run_until(a, 14 * NS_PER_S);
	player_run_until(b, 14 * NS_PER_S);
	assert_same_sim(player_sim(a), player_sim(b));
	pair_free(a, b, &ra, &rb, &sc);
}

/* The g key: back to a time from a snapshot, as a straight run gets there. */
static void
test_go_to_time(void **state)
{
	struct scenario sc;
	struct recorder ra, rb;
	struct player *a, *b;
	uint64_t at_a;

	(void)state;
	load(&sc);
	a = new_player(&sc, false, &ra);
	b = new_player(&sc, true, &rb);
	player_run_until(b, 12 * NS_PER_S);
	player_run_until(a, 6 * NS_PER_S);
	at_a = sim_event_count(player_sim(a));
	/* a snapshot before 6 s is there to start from */
	assert_true(player_snapshot_before(b, at_a) > 0);
	player_seek_time_begin(b, 6 * NS_PER_S);
	assert_true(sim_event_count(player_sim(b)) > 0);
	assert_true(sim_event_count(player_sim(b)) <= at_a);
	assert_true(sim_now(player_sim(b)) < 6 * NS_PER_S);
	player_run_until(b, 6 * NS_PER_S);
	assert_same_sim(player_sim(a), player_sim(b));
	/* and on from there as the straight run goes on */
	rb.len = 0;
	rb.buf[0] = '\0';
	player_run_until(a, 9 * NS_PER_S);
	player_run_until(b, 9 * NS_PER_S);
	assert_same_sim(player_sim(a), player_sim(b));
	assert_string_equal(after(&ra, at_a), rb.buf);
	pair_free(a, b, &ra, &rb, &sc);
}

/* The narration's lines, to compare. */
static void
assert_same_story(struct player *a, struct player *b)
{
	struct screen_model ma, mb;
	const struct narration_line *la, *lb;

	memset(&ma, 0, sizeof ma);
	memset(&mb, 0, sizeof mb);
	player_model(a, 0, &ma);
	player_model(b, 0, &mb);
	for (size_t i = 0; i < NARRATION_LINES; i++) {
		la = narration_get(ma.narration, i);
		lb = narration_get(mb.narration, i);
		assert_true((la == NULL) == (lb == NULL));
		if (la == NULL)
			break;
		assert_int_equal(la->time_ns, lb->time_ns);
		assert_int_equal(la->flow, lb->flow);
		assert_int_equal(la->kind, lb->kind);
		assert_int_equal(la->repeat, lb->repeat);
		assert_int_equal(la->varied, lb->varied);
		assert_string_equal(la->detail, lb->detail);
	}
}

/*
 * Paused, the Left key narrates every event: going back from a snapshot
 * taken while running shows the story a re-run from time 0 in that mode
 * shows, even right after the snapshot.
 */
static void
test_story_after_step_back(void **state)
{
	struct scenario sc;
	struct recorder ra, rb;
	struct player *a, *b;
	uint64_t snap;

	(void)state;
	load(&sc);
	a = new_player(&sc, false, &ra);
	b = new_player(&sc, true, &rb);
	player_set_stop(a, NULL, NULL);
	player_set_stop(b, NULL, NULL);
	player_run_until(b, 5 * NS_PER_S);
	snap = player_snapshot_before(b, sim_event_count(player_sim(b)));
	assert_true(snap > 0);
	player_seek(b, snap + 3);
	player_seek(a, snap + 3);
	assert_same_story(a, b);
	player_set_verbose(a, true);
	player_set_verbose(b, true);
	assert_true(player_step_back(a));
	assert_true(player_step_back(b));
	assert_same_sim(player_sim(a), player_sim(b));
	assert_same_story(a, b);
	player_destroy(a);
	player_destroy(b);
	scenario_free(&sc);
}

/*
 * A path whose worst case is over play's budget for snapshots (the
 * estimate counts a 100 000-packet queue and a 1 s round trip full) but
 * that a run of three seconds leaves nearly empty: a slow start has not
 * begun to fill it.  The samples (every 10 us) make the events.
 */
static const char long_fat[] = "[simulation]\n"
			       "duration = 60s\n"
			       "sample_interval = 10us\n"
			       "[link]\n"
			       "rate = 1Gbit/s\n"
			       "delay = 500ms\n"
			       "queue = 100000 packets\n"
			       "[flow a]\n"
			       "receive_buffer = 1GiB\n"
			       "send_buffer = 1GiB\n";

/* Whether the C library's allocator says what it holds (not under a
 * sanitizer's own allocator): a megabyte allocated shows. */
static bool
allocator_measures(void)
{
	size_t before, after;
	void *big;
	bool known = xmalloc_in_use(&before);

	big = malloc((size_t)1 << 20);
	assert_non_null(big);
	memset(big, 1, (size_t)1 << 20);
	known = known && xmalloc_in_use(&after) &&
		after >= before + ((size_t)1 << 20);
	free(big);
	return known;
}

/*
 * The estimate puts the sim far over the budget for snapshots, yet the
 * first run keeps them: the first step back already starts from one and
 * ends where a straight run is.  Taken for a scenario of many flows (the
 * count made 0 here), the arena is on trial, within the smaller size;
 * made tiny, the trial fails: the snapshots go, and the next run from
 * time 0 is made outside the arena.  With the sizes back, the run after
 * that measures the one before, small, and is in an arena again, with
 * snapshots.  With snapshots turned off, none are ever kept.
 */
static void
test_snapshots_on_trial(void **state)
{
	struct scenario sc;
	struct memory_estimate est;
	struct recorder ra, rb;
	struct player *a, *b;
	uint64_t n, snap;

	(void)state;
	memset(&sc, 0, sizeof sc);
	assert_int_equal(scenario_load_string(&sc, "t.ini", long_fat,
					      strlen(long_fat), stderr),
			 0);
	assert_int_equal(scenario_validate(&sc, stderr), 0);
	memory_estimate_compute(&sc, &est);
	assert_true(est.total_bytes > (UINT64_C(64) << 20)); /* the premise */
	a = new_player(&sc, false, &ra);
	b = new_player(&sc, true, &rb);

	/* 3 s of 10 us samples: more events than a snapshot's interval */
	player_run_until(b, 3 * NS_PER_S);
	n = sim_event_count(player_sim(b));
	snap = player_snapshot_before(b, n);
	assert_true(snap > 0); /* before any step back */
	step_back_across(a, b, snap);

	/* (as built without libzstd: packed, many flows are not on trial,
	 * test_snapshots_packed) */
	player_snapshot_packing(b, false);
	player_snapshot_limits(b, (size_t)64 << 20, 1024, 0); /* on trial */
	outgrow_snapshots(a, b, 6 * NS_PER_S);
	player_run_until(b, 7 * NS_PER_S);
	assert_int_equal(player_snapshot_before(b, sim_event_count(player_sim(b))),
			 0);

	if (allocator_measures()) {
		player_snapshot_limits(b, (size_t)64 << 20, (size_t)32 << 20,
				       4096);
		assert_true(player_step_back(b)); /* from time 0, into one */
		player_run_until(b, 10 * NS_PER_S);
		n = sim_event_count(player_sim(b));
		snap = player_snapshot_before(b, n);
		assert_true(snap > 0);
		step_back_across(a, b, snap);
	}

	/* no snapshots asked for: none after re-runs either */
	player_run_until(a, 3 * NS_PER_S);
	assert_true(player_step_back(a));
	player_run_until(a, 3 * NS_PER_S);
	assert_int_equal(player_snapshot_before(a, sim_event_count(player_sim(a))),
			 0);

	pair_free(a, b, &ra, &rb, &sc);
}

/*
 * The sim outgrows the size for snapshots (made tiny here): those it has
 * go and none are taken, and the next run from time 0 is made outside the
 * arena.  With the sizes back, the run from time 0 after that measures
 * the one before, small, and is in an arena again, with snapshots.  Every
 * state on the way is a straight run's.
 */
static void
test_snapshot_limits(void **state)
{
	struct scenario sc;
	struct recorder ra, rb;
	struct player *a, *b;
	uint64_t n;

	(void)state;
	load(&sc);
	a = new_player(&sc, false, &ra);
	b = new_player(&sc, true, &rb);
	player_run_until(b, 5 * NS_PER_S);
	assert_true(player_snapshot_before(b, sim_event_count(player_sim(b))) >
		    0);

	player_snapshot_packing(b, false); /* (packed: 16 times as big) */
	player_snapshot_limits(b, 1024, 1024, 4096); /* any sim is bigger */
	outgrow_snapshots(a, b, 10 * NS_PER_S);
	player_run_until(b, 12 * NS_PER_S);
	n = sim_event_count(player_sim(b));
	assert_int_equal(player_snapshot_before(b, n), 0);
	assert_true(player_step_back(b)); /* measured: too big to come back */
	player_run_until(b, 12 * NS_PER_S);
	assert_int_equal(player_snapshot_before(b, n), 0);

	if (allocator_measures()) {
		player_snapshot_limits(b, (size_t)64 << 20, (size_t)32 << 20,
				       4096);
		assert_true(player_step_back(b)); /* from time 0, into one */
		player_run_until(b, 16 * NS_PER_S);
		n = sim_event_count(player_sim(b));
		assert_true(player_snapshot_before(b, n) > 0);
		player_run_until(a, 16 * NS_PER_S);
		assert_same_sim(player_sim(a), player_sim(b));
		assert_string_equal(after(&ra, n - 1000), after(&rb, n - 1000));
	}
	pair_free(a, b, &ra, &rb, &sc);
}

/*
 * Packed snapshots (util/pack.h), as a scenario of many flows keeps them
 * (the count made 0 here): not on trial however small its sizes, every
 * snapshot packed, and the state after stepping back across them, the
 * packet views' records included, a straight run's.  Packing turned off
 * again, the next snapshots are copies.
 */
static void
test_snapshots_packed(void **state)
{
	struct scenario sc;
	struct recorder ra, rb;
	struct player *a, *b;
	uint64_t n, snap;
	size_t packed;

	(void)state;
	if (!pack_available())
		skip(); /* configure --without-zstd */
	load(&sc);
	a = new_player(&sc, false, &ra);
	b = new_player(&sc, true, &rb);
	player_snapshot_limits(b, (size_t)64 << 20, 1024, 0);
	player_run_until(b, 5 * NS_PER_S);
	n = sim_event_count(player_sim(b));
	snap = player_snapshot_before(b, n);
	assert_true(snap > 0);
	assert_true(player_snapshots_packed(b) > 0);
	step_back_across(a, b, snap);
	assert_same_packets(a, b);

	/* packing turned off: those kept still serve, new ones are copies */
	player_snapshot_packing(b, false);
	player_snapshot_limits(b, (size_t)64 << 20, (size_t)32 << 20, 4096);
	packed = player_snapshots_packed(b);
	player_run_until(b, 10 * NS_PER_S);
	player_run_until(a, 10 * NS_PER_S);
	assert_same_sim(player_sim(a), player_sim(b));
	assert_true(player_snapshot_before(b, sim_event_count(player_sim(b))) >
		    n);
	assert_true(player_snapshots_packed(b) <= packed);
	pair_free(a, b, &ra, &rb, &sc);
}

/* Packing: pieces come back as they were; anything else is refused. */
static void
test_pack_pieces(void **state)
{
	/* (back1 a byte longer than one: room for asking one too many) */
	unsigned char one[3000], two[70000], back1[3001], back2[70000];
	struct pack_piece in[3] = {
		{one, sizeof one}, {NULL, 0}, {two, sizeof two}};
	struct pack_piece out[3] = {
		{back1, sizeof one}, {NULL, 0}, {back2, sizeof back2}};
	struct pack_piece short_out[2] = {{back1, sizeof one},
					  {back2, sizeof back2 - 1}};
	unsigned char *packed, *bad;
	size_t size;

	(void)state;
	if (!pack_available()) {
		assert_null(pack_pieces(in, 3, &size));
		skip();
	}
	for (size_t i = 0; i < sizeof one; i++)
		one[i] = (unsigned char)(i % 7 == 0 ? i : 0);
	for (size_t i = 0; i < sizeof two; i++)
		two[i] = (unsigned char)(i * 2654435761u >> 24);
	packed = pack_pieces(in, 3, &size);
	assert_non_null(packed);
	assert_true(size < sizeof one + sizeof two);
	assert_true(unpack_pieces(packed, size, out, 3));
	assert_memory_equal(one, back1, sizeof one);
	assert_memory_equal(two, back2, sizeof two);
	/* pieces that do not add up to what was packed */
	assert_false(unpack_pieces(packed, size, short_out, 2));
	short_out[1].size = sizeof back2; /* one byte more than there is */
	short_out[0].size = sizeof one + 1;
	assert_false(unpack_pieces(packed, size, short_out, 2));
	/* cut short, or a byte changed */
	assert_false(unpack_pieces(packed, size - 1, out, 3));
	bad = malloc(size);
	assert_non_null(bad);
	memcpy(bad, packed, size);
	bad[size / 2] ^= 0x5a;
	assert_false(unpack_bytes(bad, size, back2, sizeof back2) &&
		     memcmp(back2, two, sizeof two) == 0);
	free(bad);
	pack_free(packed, size);
	/* one piece, and nothing at all */
	packed = pack_bytes(two, sizeof two, &size);
	assert_non_null(packed);
	assert_true(unpack_bytes(packed, size, back2, sizeof back2));
	assert_memory_equal(two, back2, sizeof two);
	pack_free(packed, size);
	packed = pack_pieces(NULL, 0, &size);
	assert_non_null(packed);
	assert_true(unpack_pieces(packed, size, NULL, 0));
	pack_free(packed, size);
}

/* The arena: what is saved comes back, pointers and free lists too. */
/*
 * A simulation made in an arena (play's snapshots) whose settings are
 * bigger than a huge page mapping's threshold: they stay in the arena,
 * where a snapshot saves them, and nothing of the arena goes to free()
 * (which aborted, "double free or corruption", when the settings were
 * 1.7 KB a flow and a scenario had 2500 of them).  More flows than a file
 * may have, made here directly.
 */
static void
test_sim_in_arena_big_settings(void **state)
{
	size_t n = HUGE_MIN_BYTES / sizeof(struct flow_config) + 1;
	struct arena *ar = arena_create((size_t)1 << 34);
	struct arena *before;
	struct scenario sc;
	struct sim *sim;
	size_t cap = 0;

	(void)state;
	if (ar == NULL)
		skip(); /* no address space to reserve here */
	scenario_defaults_without_flows(&sc);
	for (size_t i = 0; i < n; i++) {
		char name[16];

		snprintf(name, sizeof name, "f%zu", i);
		scenario_flow_add(&sc, &cap, name, 0);
	}
	assert_true(n * sizeof(struct flow_config) >= HUGE_MIN_BYTES);
	before = arena_use(ar);
	sim = sim_create(&sc);
	assert_true(arena_owns(ar, sim_scenario(sim)->flows));
	assert_int_equal(sim_scenario(sim)->n_flows, n);
	sim_run_until(sim, 1000000); /* 1 ms */
	arena_use(before);
	arena_destroy(ar); /* the sim with it */
	scenario_free(&sc);
}

static void
test_arena(void **state)
{
	struct arena *ar = arena_create((size_t)1 << 30);
	struct arena *before;
	char *s, *t, *u;
	void *saved;
	size_t size;

	(void)state;
	if (ar == NULL)
		skip(); /* no address space to reserve here */
	before = arena_use(ar);
	s = xstrdup("first");
	t = xcalloc(100, 8);
	assert_true(arena_owns(ar, s) && arena_owns(ar, t));
	for (int i = 0; i < 800; i++)
		assert_int_equal(((unsigned char *)t)[i], 0);
	size = arena_size(ar);
	saved = malloc(size);
	arena_save(ar, saved);
	xfree(s); /* freed, its block reused */
	u = xstrdup("other");
	assert_ptr_equal(u, s);
	t = xreallocarray(t, 1000, 8);
	arena_restore(ar, saved, size);
	assert_string_equal(s, "first");
	assert_int_equal(arena_size(ar), size);
	/* the free lists came back too: the next block of that size is new */
	u = xstrdup("third");
	assert_ptr_not_equal(u, s);
	arena_use(before);
	u = xmalloc(10); /* from the C library again */
	assert_false(arena_owns(ar, u));
	xfree(u);
	free(saved);
	arena_destroy(ar);
}

/*
 * The arena's blocks: two fresh blocks of a size lie one block apart (it
 * hands out the region in order), so the distance is the first one's
 * block.  It holds the request and a 16-byte header, keeps 16-byte
 * alignment, and wastes less than 16 bytes at every size (blocks go in
 * steps of 16, 32 at the least).
 */
static void
test_arena_blocks(void **state)
{
	struct arena *ar = arena_create((size_t)1 << 30);

	(void)state;
	if (ar == NULL)
		skip(); /* no address space to reserve here */
	for (size_t size = 1; size <= 70000; size++) {
		unsigned char *p, *q;
		size_t block, mark, need = size + 16;

		arena_reset(ar);
		p = arena_alloc(ar, size);
		q = arena_alloc(ar, size);
		assert_non_null(p);
		assert_non_null(q);
		assert_int_equal((uintptr_t)p % 16, 0);
		block = (size_t)(q - p);
		assert_true(block >= need);
		assert_true(block - need < 16);
		/* the last block given back lowers the mark: the next of
		 * its size is where it was */
		mark = arena_size(ar);
		arena_free(ar, q);
		assert_int_equal(arena_size(ar), mark - block);
		assert_ptr_equal(arena_alloc(ar, size), q);
	}
	arena_destroy(ar);
}

/* A block of `size` bytes asked for: the request and its header, in
 * steps of 16, at least 32. */
static size_t
arena_block_for(size_t size)
{
	size_t bytes = (size + 16 + 15) / 16 * 16;

	return bytes < 32 ? 32 : bytes;
}

static void
assert_arena_sound(const struct arena *ar)
{
	size_t free_bytes;

	assert_true(arena_check(ar, &free_bytes));
}

/*
 * Freed blocks merge with free neighbours and give the end of the region
 * back, so a run whose arrays grow and shrink leaves no stranded blocks:
 * each step's addresses and the high-water mark follow from the block
 * sizes.
 */
static void
test_arena_merges(void **state)
{
	struct arena *ar = arena_create((size_t)1 << 30);
	unsigned char *p, *q, *r, *g, *s, *big, *t;
	size_t empty, free_bytes;

	(void)state;
	if (ar == NULL)
		skip(); /* no address space to reserve here */
	empty = arena_size(ar);
	p = arena_alloc(ar, 1000); /* blocks of 1024 */
	q = arena_alloc(ar, 1000);
	r = arena_alloc(ar, 1000);
	g = arena_alloc(ar, 16);
	assert_ptr_equal(q, p + 1024);
	assert_ptr_equal(r, q + 1024);
	arena_free(ar, p);
	arena_free(ar, q); /* one free block of 2048 where p was */
	assert_true(arena_check(ar, &free_bytes));
	assert_int_equal(free_bytes, 2048);
	s = arena_alloc(ar, 2000); /* 2016 of them, 32 left free */
	assert_ptr_equal(s, p);
	assert_true(arena_check(ar, &free_bytes));
	assert_int_equal(free_bytes, 2048 - arena_block_for(2000));
	arena_free(ar, r); /* with the 32 before it */
	assert_true(arena_check(ar, &free_bytes));
	assert_int_equal(free_bytes, 2048 - arena_block_for(2000) + 1024);
	arena_free(ar, g); /* the last: all of it back to the mark */
	assert_true(arena_check(ar, &free_bytes));
	assert_int_equal(free_bytes, 0);
	assert_int_equal(arena_size(ar), empty + arena_block_for(2000));
	arena_free(ar, s);
	assert_int_equal(arena_size(ar), empty);

	/* growing: in place at the end, into a free block after, else moved */
	p = arena_alloc(ar, 100);
	q = arena_alloc(ar, 100);
	arena_free(ar, q);
	assert_ptr_equal(arena_realloc(ar, p, 300), p); /* the last */
	assert_int_equal(arena_size(ar), empty + arena_block_for(300));
	q = arena_alloc(ar, 100);
	r = arena_alloc(ar, 100);
	arena_free(ar, q);
	assert_ptr_equal(arena_realloc(ar, p, 400), p); /* into q's block */
	assert_arena_sound(ar);
	t = arena_realloc(ar, p, 1000); /* r follows: moved */
	assert_ptr_not_equal(t, p);
	assert_arena_sound(ar);
	arena_free(ar, t);
	arena_free(ar, r);
	assert_int_equal(arena_size(ar), empty);

	/* shrinking gives the tail back */
	big = arena_alloc(ar, 10000);
	g = arena_alloc(ar, 16);
	assert_ptr_equal(arena_realloc(ar, big, 100), big);
	assert_true(arena_check(ar, &free_bytes));
	assert_int_equal(free_bytes,
			 arena_block_for(10000) - arena_block_for(100));
	t = arena_alloc(ar, 5000);
	assert_ptr_equal(t, big + arena_block_for(100));
	assert_arena_sound(ar);
	arena_destroy(ar);
}

/*
 * Thousands of allocations, frees and reallocations of every size, in a
 * seeded order: every block keeps its bytes, none overlaps another, the
 * bookkeeping holds after every call, and with everything freed the
 * region is empty again.
 */
static void
test_arena_random(void **state)
{
	enum { SLOTS = 400, OPS = 30000 };
	struct arena *ar = arena_create((size_t)1 << 32);
	unsigned char *ptr[SLOTS] = {0};
	size_t len[SLOTS] = {0};
	uint64_t x = 88172645463325252ull;
	size_t empty, free_bytes;

	(void)state;
	if (ar == NULL)
		skip(); /* no address space to reserve here */
	empty = arena_size(ar);
	for (int op = 0; op < OPS; op++) {
		size_t i, size, keep;
		unsigned sizes;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		i = (size_t)(x % SLOTS);
		sizes = (unsigned)(x >> 32) % 16;
		/* mostly small, some of pages, a few of 100 KiB and more */
		size = sizes < 10   ? (size_t)(x >> 40) % 200 + 1
		       : sizes < 15 ? (size_t)(x >> 40) % 8000 + 1
				    : (size_t)(x >> 40) % 300000 + 1;
		if (ptr[i] != NULL) {
			for (size_t k = 0; k < len[i]; k++)
				assert_int_equal(ptr[i][k],
						 (unsigned char)(i + k));
		}
		if (ptr[i] == NULL) {
			ptr[i] = arena_alloc(ar, size);
			len[i] = size;
		} else if ((x >> 20) % 3 == 0) {
			arena_free(ar, ptr[i]);
			ptr[i] = NULL;
			len[i] = 0;
			continue;
		} else {
			ptr[i] = arena_realloc(ar, ptr[i], size);
			keep = len[i] < size ? len[i] : size;
			for (size_t k = 0; k < keep; k++)
				assert_int_equal(ptr[i][k],
						 (unsigned char)(i + k));
			len[i] = size;
		}
		assert_non_null(ptr[i]);
		assert_int_equal((uintptr_t)ptr[i] % 16, 0);
		for (size_t k = 0; k < len[i]; k++)
			ptr[i][k] = (unsigned char)(i + k);
		if (op % 16 == 0)
			assert_arena_sound(ar);
	}
	for (size_t i = 0; i < SLOTS; i++) {
		for (size_t k = 0; k < len[i]; k++)
			assert_int_equal(ptr[i][k], (unsigned char)(i + k));
		arena_free(ar, ptr[i]);
	}
	assert_true(arena_check(ar, &free_bytes));
	assert_int_equal(free_bytes, 0);
	assert_int_equal(arena_size(ar), empty);
	arena_destroy(ar);
}

/* Counts the events a player runs (a stop callback that never stops). */
static bool
count_event(void *ctx, const struct trace_event *ev, uint64_t nth)
{
	(void)ev;
	(void)nth;
	(*(uint64_t *)ctx)++;
	return false;
}

/*
 * --vs: when A steps back, B goes back from its last snapshot before
 * A's time, not from time 0 (each step back late in a run cost a whole
 * run of B, seconds), and ends in the state a straight run reaches.
 */
static void
test_vs_sync_back_from_snapshot(void **state)
{
	struct scenario sc;
	struct recorder ra, rs;
	struct player *a, *straight;
	struct vs_play *v;
	uint64_t ran = 0, at_12s;
	int64_t t;

	(void)state;
	load(&sc);
	a = new_player(&sc, true, &ra);
	unsetenv("TCPSIM_PLAY_NO_SNAPSHOTS");
	v = vs_play_create(&sc, "B", false);
	player_run_until(a, 12 * NS_PER_S);
	vs_play_sync(v, sim_now(player_sim(a)), false);
	at_12s = sim_event_count(player_sim(vs_play_player(v)));
	assert_true(player_snapshot_before(vs_play_player(v), at_12s) > 0);

	assert_true(player_step_back(a));
	t = sim_now(player_sim(a));
	player_set_stop(vs_play_player(v), count_event, &ran);
	vs_play_sync(v, t, false);
	/* from the last snapshot: far fewer events than the 12 s run */
	assert_true(ran > 0);
	assert_true(ran < at_12s / 4);

	straight = new_player(&sc, false, &rs);
	player_run_until(straight, t);
	assert_same_sim(player_sim(straight), player_sim(vs_play_player(v)));
	assert_same_packets(straight, vs_play_player(v));

	vs_play_destroy(v);
	pair_free(a, straight, &ra, &rs, &sc);
}

/* The snapshots a player keeps, oldest first, into `at`; how many. */
static size_t
snapshots(const struct player *p, uint64_t *at, size_t max)
{
	uint64_t s = sim_event_count(player_sim(p)) + 1;
	size_t n = 0;

	while (n < max && (s = player_snapshot_before(p, s - 1)) > 0)
		at[n++] = s;
	for (size_t i = 0; i < n / 2; i++) {
		uint64_t t = at[i];

		at[i] = at[n - 1 - i];
		at[n - 1 - i] = t;
	}
	return n;
}

/*
 * A sim of which fewer than two plain copies fit the budget for snapshots
 * (made one and a half of them here) keeps them packed, more than one:
 * plain, the newest alone would be kept, and a step back past it would
 * re-run from time 0.  Stepping back across an older one gives a straight
 * run's state.
 */
static void
test_packed_when_few_fit(void **state)
{
	struct scenario sc;
	struct recorder ra, rb, rc;
	struct player *a, *b, *c;
	uint64_t at[64];
	size_t n, one;

	(void)state;
	if (!pack_available())
		skip(); /* configure --without-zstd */
	load(&sc);
	a = new_player(&sc, false, &ra);
	b = new_player(&sc, true, &rb);
	c = new_player(&sc, true, &rc);
	player_run_until(b, 5 * NS_PER_S);
	n = snapshots(b, at, 64);
	assert_true(n > 1);
	assert_int_equal(player_snapshots_packed(b), 0); /* plain: many fit */
	one = player_snapshots_bytes(b) / n;

	player_snapshot_budget(c, one + one / 2);
	player_run_until(c, 5 * NS_PER_S);
	n = snapshots(c, at, 64);
	assert_true(n > 1);
	assert_int_equal(player_snapshots_packed(c), n);
	assert_true(player_snapshots_bytes(c) <= one + one / 2);
	step_back_across(a, c, at[n - 2]);
	assert_same_packets(a, c);

	player_destroy(c);
	free(rc.buf);
	pair_free(a, b, &ra, &rb, &sc);
}

/* Rows traced by each event count, for the recorder of test_rows. */
struct row_count {
	struct player *p;
	uint64_t *by;	  /* by[n]: rows traced by events 0..n */
	size_t cap, upto; /* allocated; by[] filled up to */
};

static bool
count_rows(void *ctx, const struct trace_event *ev, uint64_t nth)
{
	struct row_count *c = ctx;
	uint64_t n = sim_event_count(player_sim(c->p));

	(void)ev;
	(void)nth;
	c->by = xgrow(c->by, &c->cap, n + 1, sizeof *c->by);
	while (c->upto < n) {
		c->by[c->upto + 1] = c->by[c->upto];
		c->upto++;
	}
	c->by[n]++;
	return false;
}

/*
 * Snapshots are spaced by the work a replay does, the rows its events
 * trace, not by events alone: after a stretch whose events traced more
 * rows each the next snapshot comes sooner, and the stretch that traced
 * the most comes with the shortest gap, shorter than the first (due
 * before any row was traced).  Where they fall depends on the run alone:
 * a player run in small pieces, back and forth on the way, keeps them at
 * the same events.
 */
static void
test_snapshots_spaced_by_rows(void **state)
{
	struct scenario sc;
	struct recorder rb, rc;
	struct row_count rows;
	struct player *b, *c;
	uint64_t at[64], at_c[64], n_events;
	double rate[64];
	size_t n, n_c, most = 1;

	(void)state;
	load_text(&sc, heavy);
	b = new_player(&sc, true, &rb);
	memset(&rows, 0, sizeof rows);
	rows.p = b;
	rows.by = xcalloc(1, sizeof *rows.by);
	rows.cap = 1;
	player_set_stop(b, count_rows, &rows);
	player_run_until(b, 6 * NS_PER_S);
	n = snapshots(b, at, 64);
	assert_true(n >= 3);
	/* rate[k]: rows an event from snapshot k - 1 (or time 0) to k */
	for (size_t k = 1; k < n; k++) {
		uint64_t from = k > 1 ? at[k - 2] : 0;

		rate[k] = (double)(rows.by[at[k - 1]] - rows.by[from]) /
			  (double)(at[k - 1] - from);
		if (rate[k] > rate[most])
			most = k;
	}
	/* rate[k] is followed by the gap at[k] - at[k - 1] */
	for (size_t k = 1; k < n; k++)
		for (size_t j = 1; j < n; j++)
			if (rate[k] > rate[j])
				assert_true(at[k] - at[k - 1] <=
					    at[j] - at[j - 1]);
	assert_true(at[most] - at[most - 1] < at[0]);

	/* the same places whichever way the run gets there */
	c = new_player(&sc, true, &rc);
	player_set_stop(c, NULL, NULL);
	while (!player_run_until_bounded(c, 2 * NS_PER_S, 777))
		;
	n_events = sim_event_count(player_sim(c));
	for (int i = 0; i < 3; i++)
		assert_true(player_step_back(c));
	player_seek(c, n_events / 3);
	while (!player_run_until_bounded(c, 6 * NS_PER_S, 5000))
		;
	n_c = snapshots(c, at_c, 64);
	assert_int_equal(n_c, n);
	assert_memory_equal(at_c, at, n * sizeof *at);

	free(rows.by);
	pair_free(b, c, &rb, &rc, &sc);
}

/* Does a line of the story shown want its sentence (an event untold)? */
static bool
story_untold(struct player *p)
{
	struct screen_model m;
	const struct narration_line *l;

	memset(&m, 0, sizeof m);
	player_model(p, 0, &m);
	for (size_t i = 0; (l = narration_get(m.narration, i)) != NULL; i++)
		if (l->detail[0] == '\0')
			return true;
	return false;
}

/* The rewind under way, a little at a time, until a line shows untold:
 * false when it got there first. */
static bool
rewind_until_untold(struct player *p)
{
	while (player_seeking(p)) {
		(void)player_seek_continue(p, 256);
		if (player_seeking(p) && story_untold(p))
			return true;
	}
	return false;
}

/*
 * A step back tells only what will be read at its target: the events of
 * lines NARRATION_LINES newer ones will have pushed out go untold (seen
 * midway as lines without a sentence), and at the target the story is a
 * straight run's, told in full, line for line.  A rewind that stops
 * telling every event midway, or whose target moves back, starts over
 * from its snapshot with nothing untold, and ends at a straight run's
 * story too.
 */
static void
test_story_untold(void **state)
{
	struct scenario sc;
	struct recorder ra, rb;
	struct player *a, *b;
	struct trace_event ev;
	uint64_t front;

	(void)state;
	/* told in full, every event has a line to count (the count the
	 * player keeps relies on it) */
	memset(&ev, 0, sizeof ev);
	for (int k = 0; k < TRACE_KIND_COUNT; k++)
		for (ev.len = 0; ev.len < 2; ev.len++) {
			ev.kind = (enum trace_kind)k;
			assert_true(narration_wants(&ev, true));
		}
	load_text(&sc, heavy);
	a = new_player(&sc, false, &ra); /* re-runs from time 0 */
	b = new_player(&sc, true, &rb);
	player_set_stop(a, NULL, NULL);
	player_set_stop(b, NULL, NULL);

	/* paused midway: running tells the story again, over */
	player_run_until(b, 2 * NS_PER_S);
	front = sim_event_count(player_sim(b));
	player_set_verbose(b, true);
	assert_true(player_step_back_begin(b));
	assert_true(rewind_until_untold(b) || !"untold midway");
	player_set_verbose(b, false);
	assert_false(story_untold(b));
	(void)player_seek_continue(b, UINT64_MAX);
	player_seek(a, front - 1);
	assert_same_sim(player_sim(a), player_sim(b));
	assert_same_story(a, b);

	/* paused: every event */
	player_run_until(b, 3 * NS_PER_S);
	front = sim_event_count(player_sim(b));
	player_set_verbose(b, true);
	assert_true(player_step_back_begin(b));
	assert_true(rewind_until_untold(b) || !"untold midway");
	(void)player_seek_continue(b, UINT64_MAX);
	player_set_verbose(a, true);
	player_seek(a, front - 1);
	assert_same_sim(player_sim(a), player_sim(b));
	assert_same_story(a, b);

	/* one more step back midway */
	player_set_verbose(b, false);
	player_run_until(b, 4 * NS_PER_S);
	front = sim_event_count(player_sim(b));
	player_set_verbose(b, true);
	assert_true(player_step_back_begin(b));
	assert_true(rewind_until_untold(b) || !"untold midway");
	assert_true(player_step_back_begin(b));
	assert_false(story_untold(b));
	(void)player_seek_continue(b, UINT64_MAX);
	player_seek(a, front - 2);
	assert_same_sim(player_sim(a), player_sim(b));
	assert_same_story(a, b);

	pair_free(a, b, &ra, &rb, &sc);
}

/*
 * Paused right after a snapshot taken running (its story told otherwise),
 * a step back still starts from it when the lines the replay begins push
 * out all the snapshot's story: it is done within the events since the
 * snapshot (an older one, or time 0 when there is none, was a far longer
 * replay), and the story is a straight run's.
 */
static void
test_step_back_right_after_snapshot(void **state)
{
	struct scenario sc;
	struct recorder ra, rb;
	struct player *a, *b;
	uint64_t snap;

	(void)state;
	load_text(&sc, heavy);
	a = new_player(&sc, false, &ra);
	b = new_player(&sc, true, &rb);
	player_set_stop(a, NULL, NULL);
	player_set_stop(b, NULL, NULL);
	player_run_until(b, 2 * NS_PER_S);
	snap = player_snapshot_before(b, sim_event_count(player_sim(b)));
	assert_true(snap > 0);
	player_seek(b, snap + 4000);
	player_set_verbose(b, true);
	assert_true(player_step_back_begin(b));
	assert_true(player_seek_continue(b, 4000));
	player_set_verbose(a, true);
	player_seek(a, snap + 3999);
	assert_same_sim(player_sim(a), player_sim(b));
	assert_same_story(a, b);
	pair_free(a, b, &ra, &rb, &sc);
}

/* vs_play_sync_bounded() until B is there; each call at most `piece`
 * events, a call that stops short having used them all (a call that went
 * back to a snapshot is counted from where it went).  The calls. */
static uint64_t
vs_sync_in_pieces(struct vs_play *v, int64_t t, uint64_t piece)
{
	uint64_t calls = 0;

	for (;;) {
		const struct sim *b = player_sim(vs_play_player(v));
		uint64_t before = sim_event_count(b), ran;
		bool done = vs_play_sync_bounded(v, t, false, piece);

		/* a step back replaces the sim */
		b = player_sim(vs_play_player(v));
		calls++;
		assert_int_equal(vs_play_behind(v), !done);
		if (sim_event_count(b) < before)
			before = player_snapshot_before(vs_play_player(v),
							sim_event_count(b));
		ran = sim_event_count(b) - before;
		assert_true(ran <= piece);
		if (done)
			return calls;
		assert_int_equal(ran, piece);
	}
}

/*
 * --vs in pieces (play bounds B's work per frame as A's): B reaches A's
 * time in ceil(events / piece) calls, behind until the last, in the state
 * one call (or a straight run) reaches; A stepping back while B is still
 * on its way takes B back.
 */
static void
test_vs_sync_bounded(void **state)
{
	const uint64_t piece = 5000;
	const int64_t t = 6 * NS_PER_S, back = 2 * NS_PER_S;
	struct scenario sc;
	struct recorder rs, rb;
	struct player *straight, *straight_back;
	struct vs_play *v;
	uint64_t total;

	(void)state;
	load(&sc);
	straight = new_player(&sc, false, &rs);
	player_run_until(straight, t);
	total = sim_event_count(player_sim(straight));
	assert_true(total > 10 * piece);

	unsetenv("TCPSIM_PLAY_NO_SNAPSHOTS");
	v = vs_play_create(&sc, "B", false);
	assert_false(vs_play_behind(v));
	assert_int_equal(vs_sync_in_pieces(v, t, piece),
			 (total + piece - 1) / piece);
	assert_same_sim(player_sim(straight), player_sim(vs_play_player(v)));
	assert_same_packets(straight, vs_play_player(v));

	/* on the way to 12 s, then A is back at 2 s */
	assert_false(vs_play_sync_bounded(v, 12 * NS_PER_S, false, piece));
	assert_true(vs_play_behind(v));
	(void)vs_sync_in_pieces(v, back, piece);
	assert_false(vs_play_behind(v));
	straight_back = new_player(&sc, false, &rb);
	player_run_until(straight_back, back);
	assert_same_sim(player_sim(straight_back),
			player_sim(vs_play_player(v)));
	assert_same_packets(straight_back, vs_play_player(v));

	vs_play_destroy(v);
	pair_free(straight, straight_back, &rs, &rb, &sc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_arena_blocks),
		cmocka_unit_test(test_arena_merges),
		cmocka_unit_test(test_arena_random),
		cmocka_unit_test(test_sim_in_arena_big_settings),
		cmocka_unit_test(test_rewind_matches_straight),
		cmocka_unit_test(test_step_back_across_snapshot),
		cmocka_unit_test(test_change_after_rewind),
		cmocka_unit_test(test_go_to_time),
		cmocka_unit_test(test_story_after_step_back),
		cmocka_unit_test(test_snapshots_on_trial),
		cmocka_unit_test(test_snapshot_limits),
		cmocka_unit_test(test_snapshots_packed),
		cmocka_unit_test(test_pack_pieces),
		cmocka_unit_test(test_vs_sync_back_from_snapshot),
		cmocka_unit_test(test_vs_sync_bounded),
		cmocka_unit_test(test_packed_when_few_fit),
		cmocka_unit_test(test_snapshots_spaced_by_rows),
		cmocka_unit_test(test_story_untold),
		cmocka_unit_test(test_step_back_right_after_snapshot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
