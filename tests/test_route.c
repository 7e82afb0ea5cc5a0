/* SPDX-License-Identifier: ISC */
/*
 * test_route.c: named links ([link NAME]) and a flow's path across them
 * (model/route.h): what each link of a path does, derived from the
 * formulas of a store-and-forward path:
 *   a packet of L bytes serialized at each hop: L 8 / rate_i, rounded
 *   down to the nanosecond at each (time_for_bytes());
 *   base RTT = 2 sum delay_i + sum L 8 / rate_i + sum H 8 / reverse_i;
 *   goodput <= rate_bottleneck x mss / (mss + overhead).
 * And the scenario's side: sections, paths, names, --set, the timeline,
 * and the errors a teacher may make.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli/sweep.h"
#include "helpers.h"
#include "model/memory_estimate.h"
#include "model/sim.h"
#include "model/sim_internal.h"
#include "net/packet.h"
#include "scenario/scenario.h"
#include "scenario/scenario_write.h"
#include "sim/time.h"
#include "trace/csv.h"
#include "trace/summary.h"
#include "util/xmalloc.h"

/* Link ids of the scenarios below: the default link, then the named ones
 * in file order. */
#define ID_LINK 0
#define ID_A	1
#define ID_B	2

static void
link_snap(const struct sim *sim, size_t id, struct link_snapshot *out)
{
	sim_link_snapshot_id(sim, id, out);
}

/* ------------------------------------------------------------------ */
/* Two links in series                                                 */
/* ------------------------------------------------------------------ */

/*
 * 100 Mbit/s access, then a 10 Mbit/s bottleneck.  Goodput is at most
 * the bottleneck's payload rate, 10 Mbit/s x mss / (mss + overhead); the
 * queue builds at the bottleneck: after the initial window (sent at
 * once), segments reach the access link spaced by the bottleneck's
 * serialization (ACK clocking), ten times the access link's, so the
 * access queue never holds more than the initial window.
 */
static void
test_series_goodput_and_queue(void **state)
{
	struct sim *sim = helper_sim(
		"[simulation]\nduration = 20s\n"
		"[link a]\nrate = 100Mbit/s\ndelay = 5ms\n"
		"queue = 1000 packets\n"
		"[link]\nrate = 10Mbit/s\ndelay = 20ms\nqueue = 50 packets\n"
		"[flow f]\npath = a, link\ncc = newreno\n"
		"receive_buffer = 4MiB\nsend_buffer = 4MiB\n");
	const struct scenario *sc = sim_scenario(sim);
	const struct flow_config *f = &sc->flows[0];
	double payload = 10e6 * f->mss /
			 (double)(f->mss + scenario_packet_overhead(sc, f));
	struct link_snapshot la, lb;
	struct flow_snapshot fs;
	double goodput;

	(void)state;
	sim_run(sim);
	sim_flow_snapshot(sim, 0, &fs);
	goodput = (double)fs.delivered_bytes * 8.0 /
		  time_to_seconds(sim_now(sim));
	assert_true(goodput <= payload);
	assert_true(goodput >= 0.8 * payload); /* the link is used */
	link_snap(sim, ID_A, &la);
	link_snap(sim, ID_LINK, &lb);
	assert_true(la.rate_bps == 100000000u);
	assert_true(la.queue_max_packets <= f->initial_window);
	assert_int_equal(la.queue_drops, 0);
	/* newreno fills the bottleneck's queue until it drops */
	assert_true(lb.queue_drops > 0);
	assert_int_equal(lb.queue_max_packets, 50);
	assert_true(lb.queue_packet_ns > 10.0 * la.queue_packet_ns);
	/* every data packet crossed the access link first */
	assert_true(la.departed >= lb.arrived);
	assert_int_equal(la.departed, fs.segments_sent);
	sim_destroy(sim);
}

/*
 * One ping of S bytes over a, b: its round trip is the base RTT,
 *   2 (d_a + d_b) + S 8 / r_a + S 8 / r_b + S 8 / rr_b + S 8 / rr_a,
 * each term rounded down to the nanosecond as the serializer does.
 */
static void
test_base_rtt_of_one_packet(void **state)
{
	struct sim *sim = helper_sim(
		"[simulation]\nduration = 1s\n"
		"[link a]\nrate = 3Mbit/s\ndelay = 7ms\nreverse_rate = "
		"1Mbit/s\n"
		"[link b]\nrate = 7Mbit/s\ndelay = 11ms\n"
		"reverse_rate = 2Mbit/s\n"
		"[link]\n"
		"[flow p]\napp = ping\nping_size = 1000B\nping_interval = 2s\n"
		"path = a, b\n");
	struct ping_snapshot ps;
	int64_t want = 2 * (INT64_C(7000000) + INT64_C(11000000)) +
		       time_for_bytes(1000, 3000000, NULL) +
		       time_for_bytes(1000, 7000000, NULL) +
		       time_for_bytes(1000, 2000000, NULL) +
		       time_for_bytes(1000, 1000000, NULL);

	(void)state;
	sim_run(sim);
	sim_flow_ping(sim, 0, &ps);
	assert_int_equal(ps.replies, 1);
	assert_int_equal(ps.last_rtt_ns, want);
	sim_destroy(sim);
}

/*
 * A TCP flow's first RTT sample over a, b (delayed ACKs off, so that the
 * first segment is acknowledged at once): propagation both ways plus a
 * full packet's serialization at each hop plus the ACK's on each reverse
 * direction.  The ACK carries the overhead bytes without payload.  One
 * byte a second, so that the first ACK comes back before the run ends.
 */
static void
test_base_rtt_of_a_segment(void **state)
{
	struct sim *sim = helper_sim(
		"[simulation]\nduration = 2s\n"
		"[link a]\nrate = 50Mbit/s\ndelay = 3ms\n"
		"[link b]\nrate = 10Mbit/s\ndelay = 9ms\n"
		"reverse_rate = 1Mbit/s\n"
		"[link]\n"
		"[flow f]\npath = a, b\ndelayed_ack = off\nnagle = off\n"
		"write_size = 1B\nwrite_rate = 8bit/s\nwrite_total = 2B\n");
	const struct scenario *sc = sim_scenario(sim);
	const struct flow_config *f = &sc->flows[0];
	uint64_t ack = scenario_packet_overhead(sc, f);
	uint64_t data = 1 + ack;
	int64_t want = 2 * (INT64_C(3000000) + INT64_C(9000000)) +
		       time_for_bytes(data, 50000000, NULL) +
		       time_for_bytes(data, 10000000, NULL) +
		       time_for_bytes(ack, 1000000, NULL);
	struct flow_snapshot fs;

	(void)state;
	sim_run(sim);
	sim_flow_snapshot(sim, 0, &fs);
	assert_int_equal(fs.delivered_bytes, 2);
	assert_int_equal(fs.min_rtt_ns, want);
	sim_destroy(sim);
}

/*
 * A fast link after a slow one: packets leave the slow serializer one at
 * a time, 8 L / r_slow apart, and each takes 8 L / r_fast < that on the
 * fast link: no packet ever finds another there, so its queue (the one
 * serializing included) never holds more than one.
 */
static void
test_fast_after_slow_never_queues(void **state)
{
	struct sim *sim =
		helper_sim("[simulation]\nduration = 10s\n"
			   "[link]\nrate = 10Mbit/s\ndelay = 10ms\n"
			   "[link fast]\nrate = 100Mbit/s\ndelay = 1ms\n"
			   "[flow f]\npath = link, fast\ncc = newreno\n"
			   "receive_buffer = 4MiB\nsend_buffer = 4MiB\n");
	struct link_snapshot slow, fast;

	(void)state;
	sim_run(sim);
	link_snap(sim, ID_LINK, &slow);
	link_snap(sim, ID_A, &fast);
	assert_true(slow.queue_max_packets > 1); /* the slow one queues */
	assert_int_equal(fast.queue_max_packets, 1);
	assert_int_equal(fast.queue_drops, 0);
	/* what left the slow link reached the fast one, but for what is
	 * still in the slow link's pipe at the end: 10 ms at 1.2 ms or more
	 * per packet, at most 9 */
	assert_true(fast.arrived <= slow.departed);
	assert_true(slow.departed - fast.arrived <= 9);
	sim_destroy(sim);
}

/* ------------------------------------------------------------------ */
/* ACKs come back the other way                                        */
/* ------------------------------------------------------------------ */

/* Is any ACK in link l's reverse direction (queue or pipe)? */
static bool
ack_on(const struct link *l)
{
	return l->rev.packets > 0 || l->rev.prop.count > 0;
}

/* Is any data packet in link l's forward direction? */
static bool
data_on(const struct link *l)
{
	return link_held_packets(l) > 0 || l->fwd.prop.count > 0;
}

/*
 * One packet over a, b, stepping event by event: the request is on a,
 * then on b; its answer, on the ACK path, on b's reverse direction, then
 * on a's, never the other way round.  A probe (app = ping) keeps the run
 * going until its answer is back, where a TCP flow's run ends once its
 * last byte is read.
 */
static void
test_acks_cross_the_links_in_reverse(void **state)
{
	struct sim *sim = helper_sim(
		"[simulation]\nduration = 2s\n"
		"[link a]\nrate = 10Mbit/s\ndelay = 5ms\nreverse_rate = "
		"1Mbit/s\n"
		"[link b]\nrate = 10Mbit/s\ndelay = 5ms\nreverse_rate = "
		"1Mbit/s\n"
		"[link]\n"
		"[flow f]\npath = a, b\napp = ping\nping_interval = 5s\n");
	const struct link *a = &sim->links[ID_A - 1];
	const struct link *b = &sim->links[ID_B - 1];
	char seen[8];
	size_t n = 0;
	char last = 0;

	(void)state;
	while (sim_step(sim)) {
		char now = data_on(a)	? 'A'
			   : data_on(b) ? 'B'
			   : ack_on(b)	? 'b'
			   : ack_on(a)	? 'a'
					: 0;

		if (now != 0 && now != last && n < sizeof seen - 1)
			seen[n++] = now;
		if (now != 0)
			last = now;
	}
	seen[n] = '\0';
	/* data on a, then on b; the ACK on b, then on a */
	assert_string_equal(seen, "ABba");
	assert_false(ack_on(&sim->link)); /* the default link: no part */
	assert_int_equal(sim->link.arrived, 0);
	sim_destroy(sim);
}

/* ------------------------------------------------------------------ */
/* Loss                                                                */
/* ------------------------------------------------------------------ */

/* Loss on the second link only: the first loses nothing, the flow's
 * drops are the second's. */
static void
test_loss_on_the_second_link_only(void **state)
{
	struct sim *sim = helper_sim(
		"[simulation]\nduration = 10s\n"
		"[link a]\nrate = 100Mbit/s\ndelay = 5ms\nqueue = 1000 "
		"packets\n"
		"[link b]\nrate = 10Mbit/s\ndelay = 10ms\nloss = 2%\n"
		"queue = 1000 packets\n"
		"[link]\n"
		"[flow f]\npath = a, b\n");
	struct link_snapshot la, lb;
	struct flow_snapshot fs;

	(void)state;
	sim_run(sim);
	link_snap(sim, ID_A, &la);
	link_snap(sim, ID_B, &lb);
	sim_flow_snapshot(sim, 0, &fs);
	assert_int_equal(la.loss_drops, 0);
	assert_int_equal(la.queue_drops, 0);
	assert_true(lb.loss_drops > 0);
	assert_int_equal(fs.drops, lb.loss_drops + lb.queue_drops);
	/* about 2% of what crossed b: within 3 standard deviations */
	assert_true(helper_within((double)lb.loss_drops,
				  0.02 * (double)lb.departed, 0.3));
	sim_destroy(sim);
}

/* drop_segments strikes at the first link of the path, once. */
static void
test_drop_segments_strike_the_first_link(void **state)
{
	struct sim *sim =
		helper_sim("[simulation]\nduration = 5s\n"
			   "[link a]\nrate = 100Mbit/s\ndelay = 5ms\n"
			   "[link b]\nrate = 10Mbit/s\ndelay = 10ms\nqueue = "
			   "1000 packets\n"
			   "[link]\n"
			   "[flow f]\npath = a, b\ndrop_segments = 3, 20\n"
			   "write_total = 100KiB\n");
	struct link_snapshot la, lb;
	struct flow_snapshot fs;

	(void)state;
	sim_run(sim);
	link_snap(sim, ID_A, &la);
	link_snap(sim, ID_B, &lb);
	sim_flow_snapshot(sim, 0, &fs);
	assert_int_equal(la.loss_drops, 2);
	assert_int_equal(lb.loss_drops, 0);
	assert_int_equal(fs.drops, 2);
	assert_int_equal(fs.delivered_bytes, 100 * 1024);
	sim_destroy(sim);
}

/* ------------------------------------------------------------------ */
/* Nothing changes without paths                                       */
/* ------------------------------------------------------------------ */

/*
 * A scenario, and the same with path = link given and an unused named
 * link beside it: every figure of the flow and of the default link is
 * the same (the named link draws nothing from the generator).
 */
static void
test_path_link_is_the_default(void **state)
{
	static const char base[] = "[simulation]\nduration = 10s\n"
				   "[link]\nloss = 1%\nqueue = 30 packets\n"
				   "[flow f]\ncc = cubic\n";
	char with[512], without[512];
	struct sim *s1, *s2;
	struct flow_snapshot f1, f2;
	struct link_snapshot l1, l2;

	(void)state;
	snprintf(without, sizeof without, "%s", base);
	snprintf(with, sizeof with, "%spath = link\n[link spare]\n", base);
	s1 = helper_sim(without);
	s2 = helper_sim(with);
	assert_int_equal(sim_link_count(s1), 1);
	assert_int_equal(sim_link_count(s2), 2);
	sim_run(s1);
	sim_run(s2);
	sim_flow_snapshot(s1, 0, &f1);
	sim_flow_snapshot(s2, 0, &f2);
	f2.name = f1.name;
	assert_memory_equal(&f1, &f2, sizeof f1);
	sim_link_snapshot(s1, &l1);
	sim_link_snapshot(s2, &l2);
	assert_memory_equal(&l1, &l2, sizeof l1);
	assert_int_equal(sim_event_count(s1), sim_event_count(s2));
	sim_destroy(s1);
	sim_destroy(s2);
}

/* ------------------------------------------------------------------ */
/* --set and the timeline                                              */
/* ------------------------------------------------------------------ */

static void
test_set_and_timeline_reach_named_links(void **state)
{
	struct scenario sc;
	struct sim *sim;
	struct link_snapshot la;

	(void)state;
	helper_scenario_text(&sc, "[link access]\nrate = 100Mbit/s\n"
				  "[flow f]\npath = access, link\n"
				  "[timeline]\n1s: access.rate = 20Mbit/s\n"
				  "2s: access.loss = 1%\n");
	assert_int_equal(sc.n_links, 1);
	assert_string_equal(scenario_link_name(&sc, ID_A), "access");
	assert_int_equal(sc.timeline[0].target, TARGET_LINK);
	assert_int_equal(sc.timeline[0].flow, ID_A);
	assert_int_equal(scenario_set(&sc, "access.delay=3ms", stderr), 0);
	assert_true(scenario_link(&sc, ID_A)->delay_ns == 3000000);
	assert_true(sc.link.delay_ns == 20000000); /* the default's own */
	assert_int_equal(scenario_set(&sc, "f.path=link", stderr), 0);
	assert_int_equal(sc.flows[0].n_path, 1);
	assert_int_equal(sc.flows[0].path[0], ID_LINK);
	assert_int_equal(scenario_set(&sc, "f.path = access ,link", stderr), 0);
	assert_int_equal(sc.flows[0].n_path, 2);
	assert_int_equal(sc.flows[0].path[0], ID_A);
	sim = sim_create(&sc);
	sim_run_until(sim, 500000000);
	link_snap(sim, ID_A, &la);
	assert_true(la.rate_bps == 100000000u);
	sim_run_until(sim, 1500000000);
	link_snap(sim, ID_A, &la);
	assert_true(la.rate_bps == 20000000u);
	assert_true(scenario_link(sim_scenario(sim), ID_A)->loss == 0.0);
	sim_run_until(sim, 2500000000);
	assert_true(scenario_link(sim_scenario(sim), ID_A)->loss == 0.01);
	assert_true(sim_scenario(sim)->link.loss == 0.0);
	sim_destroy(sim);
	scenario_free(&sc);
}

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/* Loading `text` fails with exactly `want` on the error stream. */
static void
load_fails_with(const char *text, const char *want)
{
	struct scenario sc;
	char *got = NULL;
	size_t len = 0;
	FILE *errs = open_memstream(&got, &len);
	int rc;

	assert_non_null(errs);
	rc = scenario_load_string(&sc, "t.ini", text, strlen(text), errs);
	fclose(errs);
	assert_int_equal(rc, -1);
	assert_string_equal(got, want);
	free(got);
}

static void
test_path_errors(void **state)
{
	(void)state;
	load_fails_with("[flow f]\npath = acces\n[link access]\n",
			"t.ini:2: path = acces: unknown link 'acces'; links: "
			"link, access; did you mean 'access'?\n");
	load_fails_with("[link a]\n[flow f]\npath = a, link, a\n",
			"t.ini:3: path = a, link, a: link 'a' appears twice; "
			"a path crosses a link at most once\n");
	load_fails_with("[flow f]\npath =\n",
			"t.ini:2: path = : an empty path; name the links the "
			"flow crosses, in order, as in path = access, link\n");
	load_fails_with("[link a]\n[flow f]\npath = a,,link\n",
			"t.ini:3: path = a,,link: an empty name in the list; "
			"separate link names with one comma\n");
	/* the keys under a refused flow are still checked */
	load_fails_with("[flow f]\n[flow f]\npath = nowhere\n",
			"t.ini:2: flow 'f' is already defined on line 1\n"
			"t.ini:3: path = nowhere: unknown link 'nowhere'; "
			"links: link\n");
}

static void
test_name_errors(void **state)
{
	(void)state;
	load_fails_with("[link a]\n[link a]\nrate = 0\n",
			"t.ini:2: 'a' is already the name of the link on "
			"line 1\n"
			"t.ini:3: rate = 0: must be more than 0 and at most "
			"2^50 bit/s\n");
	load_fails_with("[link link]\n",
			"t.ini:1: [link link]: 'link' is the default link's "
			"name; write [link] for it, or choose another name\n");
	load_fails_with("[flow x]\n[link x]\n",
			"t.ini:2: 'x' is already the name of the flow on "
			"line 1\n");
	load_fails_with("[link x]\n[flow x]\n",
			"t.ini:2: 'x' is already the name of the link on "
			"line 1\n");
	load_fails_with("[link a.b]\n",
			"t.ini:1: link name 'a.b' may hold only letters, "
			"digits, '_' and '-'\n");
	load_fails_with("[link a]\nquue = 1\n",
			"t.ini:2: unknown key 'quue' in [link a]; did you "
			"mean 'queue'?\n");
	load_fails_with("[link a]\npath = a\n",
			"t.ini:2: unknown key 'path' in [link a]; 'path' "
			"belongs in [flow NAME]\n");
}

static void
test_set_and_timeline_errors(void **state)
{
	struct scenario sc;
	char *got = NULL;
	size_t len = 0;
	FILE *errs;

	(void)state;
	load_fails_with("[link a]\n[flow f]\npath = a\n[timeline]\n"
			"1s: f.path = link\n1s: a.header = 20B\n",
			"t.ini:5: 'f.path' cannot change during a run\n"
			"t.ini:6: 'a.header' cannot change during a run\n");
	helper_scenario_text(&sc, "[link a]\n[flow f]\npath = a\n");
	errs = open_memstream(&got, &len);
	assert_int_equal(scenario_set(&sc, "f.path=a,b", errs), -1);
	assert_int_equal(scenario_set(&sc, "b.rate=1Mbit/s", errs), -1);
	fclose(errs);
	assert_string_equal(got, "--set: f.path = a,b: unknown link 'b'; "
				 "links: link, a\n"
				 "--set: unknown flow or link 'b'; flows: f; "
				 "links: link, a\n");

	/* the failed --set left the path as it was */
	assert_int_equal(sc.flows[0].n_path, 1);
	assert_int_equal(sc.flows[0].path[0], ID_A);
	free(got);
	scenario_free(&sc);
	/* a misspelt link is suggested, as a flow is */
	helper_scenario_text(&sc, "[link access]\n[flow f]\npath = access\n");
	got = NULL;
	errs = open_memstream(&got, &len);
	assert_int_equal(scenario_set(&sc, "acess.rate=1Mbit/s", errs), -1);
	fclose(errs);
	assert_string_equal(got, "--set: unknown flow or link 'acess'; "
				 "flows: f; links: link, access; did you "
				 "mean 'access'?\n");
	free(got);
	scenario_free(&sc);
}

/* A named link on no flow's path: a warning, and the file is valid. */
static void
test_unused_link_warns(void **state)
{
	struct scenario sc;
	char *got = NULL;
	size_t len = 0;
	FILE *errs;

	(void)state;
	helper_scenario_text(&sc, "[link spare]\n[flow f]\n");
	errs = open_memstream(&got, &len);
	assert_int_equal(scenario_validate(&sc, errs), 0);
	fclose(errs);
	assert_string_equal(got, "test.ini:1: warning: link 'spare' is on no "
				 "flow's path: no packet crosses it (add it "
				 "to a flow's path = ...)\n");
	free(got);
	scenario_free(&sc);
}

/* ------------------------------------------------------------------ */
/* Memory                                                              */
/* ------------------------------------------------------------------ */

/*
 * The estimate stays an upper bound with several links: here the deep
 * queue is a named link's, which the default link's bound alone would
 * miss (its queue holds 5 packets).
 */
static void
test_memory_estimate_covers_named_links(void **state)
{
	struct scenario sc;
	struct memory_estimate est;
	struct sim *sim;

	(void)state;
	helper_scenario_text(
		&sc, "[simulation]\nduration = 20s\n"
		     "[link]\nrate = 1Gbit/s\nqueue = 5 packets\ndelay = 1ms\n"
		     "[link access]\nrate = 100Mbit/s\ndelay = 2ms\n"
		     "queue = 20 packets\n"
		     "[link core]\nrate = 10Mbit/s\ndelay = 20ms\n"
		     "queue = 800 packets\n"
		     "[flow f]\npath = access, core\ncc = newreno\n"
		     "receive_buffer = 8MiB\nsend_buffer = 8MiB\n");
	memory_estimate_compute(&sc, &est);
	sim = sim_create(&sc);
	sim_run(sim);
	assert_true(sim->links[1].queue_max_packets > 400);
	if (sim->pool.peak_in_use > est.packets)
		fail_msg("%zu packets at once, estimate %llu",
			 sim->pool.peak_in_use,
			 (unsigned long long)est.packets);
	sim_destroy(sim);
	scenario_free(&sc);
}

/* ------------------------------------------------------------------ */
/* Writing back, and the outputs                                       */
/* ------------------------------------------------------------------ */

/* A scenario with named links written as a file reads back the same. */
static void
test_write_round_trip(void **state)
{
	struct scenario a, b;
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	size_t i;

	(void)state;
	helper_scenario_text(&a, "[link access]\nrate = 100Mbit/s\n"
				 "delay = 1500us\nqueue = 30KiB\n"
				 "queue_discipline = codel\n"
				 "[link core]\nloss = 1%\nheader = 52B\n"
				 "[flow f]\npath = access, core, link\n"
				 "[flow g]\n"
				 "[timeline]\n1s: core.rate = 2Mbit/s\n");
	f = open_memstream(&text, &len);
	assert_int_equal(scenario_write(f, &a), 0);
	fclose(f);
	assert_non_null(strstr(text, "\n[link access]\nrate = 100Mbit/s\n"));
	assert_non_null(strstr(text, "delay = 1500us\n"));
	assert_non_null(strstr(text, "path = access, core, link\n"));
	assert_non_null(strstr(text, "1s: core.rate = "));
	/* flow g has no path: none written, as before paths */
	assert_null(strstr(strstr(text, "[flow g]"), "path ="));
	assert_int_equal(scenario_load_string(&b, "w.ini", text, len, stderr),
			 0);
	assert_int_equal(b.n_links, 2);
	for (i = 0; i < a.n_links; i++) {
		assert_string_equal(a.links[i].name, b.links[i].name);
		assert_memory_equal(&a.links[i].cfg, &b.links[i].cfg,
				    sizeof a.links[i].cfg);
	}
	assert_int_equal(b.flows[0].n_path, 3);
	assert_memory_equal(a.flows[0].path, b.flows[0].path, 3);
	assert_int_equal(b.flows[1].n_path, 0);
	assert_int_equal(b.timeline[0].flow, 2);
	assert_true(b.timeline[0].value.u == 2000000u);
	free(text);
	scenario_free(&a);
	scenario_free(&b);
}

/* The JSON summary's links array and the CSV's columns, only with named
 * links, with each link's own figures. */
static void
test_outputs_name_the_links(void **state)
{
	static const char *const texts[2] = {
		"[simulation]\nduration = 2s\n[flow f]\n",
		"[simulation]\nduration = 2s\n[link access]\n"
		"rate = 100Mbit/s\n[flow f]\npath = access, link\n",
	};
	size_t k;

	(void)state;
	for (k = 0; k < 2; k++) {
		struct sim *sim = helper_sim(texts[k]);
		struct csv_writer *w;
		struct summary s;
		char *json = NULL, *csv = NULL, want[256];
		size_t jlen = 0, clen = 0;
		FILE *jf = open_memstream(&json, &jlen);
		FILE *cf = open_memstream(&csv, &clen);
		struct link_snapshot la;

		w = csv_writer_attach(sim, cf, false);
		sim_run(sim);
		summary_collect(&s, sim);
		summary_write_json(jf, &s);
		fclose(jf);
		fclose(cf);
		/* a sweep's figures: links.NAME.FIGURE for the named ones */
		{
			char *figures = sweep_outcome_figures(&s);

			if (k == 0)
				assert_null(strstr(figures, "\"links."));
			else
				assert_non_null(strstr(
					figures, ",\"links.access.rate_bps\":"
						 "100000000,"));
			free(figures);
		}
		if (k == 0) {
			assert_null(strstr(json, "\"links\""));
			assert_int_equal(strncmp(csv, CSV_HEADER "\n",
						 strlen(CSV_HEADER) + 1),
					 0);
		} else {
			link_snap(sim, ID_A, &la);
			assert_non_null(strstr(json, "\"links\": ["));
			assert_non_null(strstr(json, "\"name\": \"link\""));
			snprintf(want, sizeof want,
				 "\"name\": \"access\",\n      \"rate_bps\": "
				 "100000000,");
			assert_non_null(strstr(json, want));
			snprintf(want, sizeof want,
				 "\"arrived\": %llu,\n      \"departed\": %llu",
				 (unsigned long long)la.arrived,
				 (unsigned long long)la.departed);
			assert_non_null(strstr(json, want));
			static const char header[] =
				CSV_HEADER ",queue_packets@access,"
					   "queue_bytes@access\n";

			assert_int_equal(
				strncmp(csv, header, sizeof header - 1), 0);
		}
		summary_free(&s);
		csv_writer_free(w);
		free(json);
		free(csv);
		sim_destroy(sim);
	}
}

/* What the event sentences call each queue. */
struct queue_words {
	unsigned bottleneck; /* "bottleneck" anywhere */
	unsigned default_q;  /* "queue of the default link" */
	unsigned access_q;   /* "queue of link access" */
};

static void
queue_words_on_event(void *ctx, const struct sim *sim,
		     const struct trace_event *ev)
{
	struct queue_words *w = ctx;

	(void)sim;
	if (strstr(ev->detail, "bottleneck") != NULL)
		w->bottleneck++;
	if (strstr(ev->detail, "queue of the default link") != NULL)
		w->default_q++;
	if (strstr(ev->detail, "queue of link access") != NULL)
		w->access_q++;
}

/*
 * Beside named links the default link is no longer "the bottleneck" in
 * the event sentences (here the access link is the slower one): its
 * queue is the default link's; alone, it is the bottleneck as before.
 */
static void
test_sentences_name_each_queue(void **state)
{
	struct queue_words w = {0};
	struct sim_observer obs = {.on_event = queue_words_on_event, .ctx = &w};
	struct sim *sim = helper_sim("[simulation]\nduration = 1s\n"
				     "[link access]\nrate = 5Mbit/s\n"
				     "[link]\nrate = 100Mbit/s\n"
				     "[flow bulk]\npath = access, link\n");

	(void)state;
	sim_add_observer(sim, &obs);
	sim_run(sim);
	sim_destroy(sim);
	assert_int_equal(w.bottleneck, 0);
	assert_true(w.default_q > 0);
	assert_true(w.access_q > 0);

	memset(&w, 0, sizeof w);
	sim = helper_sim("[simulation]\nduration = 1s\n[flow bulk]\n");
	sim_add_observer(sim, &obs);
	sim_run(sim);
	sim_destroy(sim);
	assert_true(w.bottleneck > 0);
	assert_int_equal(w.default_q, 0);
}

/* ------------------------------------------------------------------ */
/* Each flow's packets on the links                                    */
/* ------------------------------------------------------------------ */

/*
 * The count of each flow's packets on the links (what the capture asks
 * before it writes a flow's FINs) is what a look at every link finds,
 * after every event: through queues that drop (drop-tail, RED, CoDel,
 * FQ-CoDel), random loss, a reverse serializer, access paths
 * (extra_delay, not on any link), latency probes, paths of one to three
 * links.
 */
static void
test_flow_on_links_matches_the_links(void **state)
{
	enum { N = 16 };
	static const char *const paths[] = {"a, link", "link, b",
					    "a, b, link", "b"};
	size_t cap = 256 * N + 1024, n = 0, max = 0, seen = 0, steps = 0;
	char *text = malloc(cap);
	struct packet_view *views = NULL;
	struct sim *sim;

	(void)state;
	assert_non_null(text);
	n += (size_t)snprintf(
		text + n, cap - n,
		"[simulation]\nduration = 2s\n"
		"[link]\nrate = 20Mbit/s\ndelay = 5ms\nqueue = 30 packets\n"
		"queue_discipline = red\nloss = 1%%\nreverse_rate = 1Mbit/s\n"
		"[link a]\nrate = 50Mbit/s\ndelay = 2ms\nqueue = 20 packets\n"
		"queue_discipline = fq_codel\nloss = 1%%\n"
		"[link b]\nrate = 15Mbit/s\ndelay = 3ms\nqueue = 15 packets\n");
	for (int i = 0; i < N; i++) {
		if (i % 8 == 7) {
			n += (size_t)snprintf(text + n, cap - n,
					      "[flow p%d]\napp = ping\n"
					      "ping_interval = 20ms\n"
					      "path = %s\n",
					      i, paths[i % 4]);
			continue;
		}
		n += (size_t)snprintf(text + n, cap - n,
				      "[flow f%d]\nwrite_total = %dKB\n"
				      "extra_delay = %dms\nstart = %dms\n"
				      "path = %s\n",
				      i, 30 + 40 * i, (i % 3) * 4, (i % 5) * 40,
				      paths[i % 4]);
	}
	assert_true(n < cap);
	sim = helper_sim(text);
	while (sim_step(sim)) {
		size_t counts[N] = {0};

		for (size_t id = 0; id < sim_link_count(sim); id++) {
			size_t k = sim_link_packets_in_flight(sim, id, views,
							      max);

			if (k > max) {
				max = 2 * k;
				views = xreallocarray(views, max,
						      sizeof *views);
				k = sim_link_packets_in_flight(sim, id, views,
							       max);
			}
			for (size_t i = 0; i < k; i++)
				counts[views[i].flow]++;
		}
		for (size_t f = 0; f < N; f++) {
			if (sim->on_links[f] != counts[f])
				fail_msg("at %lld ns flow %zu: %u counted on "
					 "the links, %zu there",
					 (long long)sim_now(sim), f,
					 sim->on_links[f], counts[f]);
			assert_int_equal(sim_flow_on_links(sim, f),
					 counts[f] > 0);
			seen += counts[f];
		}
		steps++;
	}
	/* a run with packets on the links, and drops of each kind */
	assert_true(steps > 10000);
	assert_true(seen > steps);
	for (size_t id = 0; id < sim_link_count(sim); id++) {
		struct link_snapshot ls;

		link_snap(sim, id, &ls);
		assert_true(ls.queue_drops + ls.loss_drops > 0);
	}
	sim_destroy(sim);
	free(views);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_series_goodput_and_queue),
		cmocka_unit_test(test_base_rtt_of_one_packet),
		cmocka_unit_test(test_base_rtt_of_a_segment),
		cmocka_unit_test(test_fast_after_slow_never_queues),
		cmocka_unit_test(test_acks_cross_the_links_in_reverse),
		cmocka_unit_test(test_loss_on_the_second_link_only),
		cmocka_unit_test(test_drop_segments_strike_the_first_link),
		cmocka_unit_test(test_path_link_is_the_default),
		cmocka_unit_test(test_set_and_timeline_reach_named_links),
		cmocka_unit_test(test_path_errors),
		cmocka_unit_test(test_name_errors),
		cmocka_unit_test(test_set_and_timeline_errors),
		cmocka_unit_test(test_unused_link_warns),
		cmocka_unit_test(test_memory_estimate_covers_named_links),
		cmocka_unit_test(test_write_round_trip),
		cmocka_unit_test(test_outputs_name_the_links),
		cmocka_unit_test(test_sentences_name_each_queue),
		cmocka_unit_test(test_flow_on_links_matches_the_links),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
