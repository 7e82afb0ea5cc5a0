/* SPDX-License-Identifier: ISC */
/*
 * test_aqm.c: the queue disciplines (net/red.h, net/codel.h, net/aqm.h),
 * the latency probe (net/ping.h), ECN, and the lessons that teach them
 * (scenarios/bufferbloat.ini's cure, red-vs-droptail.ini,
 * fq-codel-fairness.ini).
 *
 * The algorithms are checked against their papers' pseudocode: RED's
 * probability curve and count-based spacing (Floyd & Jacobson 1993,
 * sections 4 and 7, with the gentle variant), CoDel's drop schedule and
 * its count reuse (RFC 8289 5.5-5.7), FQ-CoDel's isolation of a sparse
 * flow (RFC 8290 4.2).  Every expected value is derived here from the
 * formula, never copied from a run.
 */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli/cli.h"
#include "helpers.h"
#include "model/sim_internal.h"
#include "net/aqm.h"
#include "net/codel.h"
#include "net/fifo.h"
#include "net/latency.h"
#include "net/packet.h"
#include "net/red.h"
#include "sim/rng.h"
#include "trace/csv.h"
#include "trace/summary.h"
#include "ui/glyphs.h"
#include "ui/grid.h"
#include "ui/view_format.h"
#include "ui/view_pipeline.h"

#define NS   1e9
#define SEC  INT64_C(1000000000)
#define MSEC INT64_C(1000000)

/* ------------------------------------------------------------------ */
/* RED                                                                 */
/* ------------------------------------------------------------------ */

static const struct red_params red_prm = {.min_th = 5.0,
					  .max_th = 15.0,
					  .max_p = 0.1,
					  .w_q = 0.002,
					  .gentle = true};

/* p_b = max_p (avg - min_th) / (max_th - min_th) between the thresholds;
 * 0 below; gentle: max_p + (1 - max_p)(avg - max_th) / max_th up to 2
 * max_th; 1 beyond (and beyond max_th without gentle). */
static void
test_red_probability_curve(void **state)
{
	struct red_params hard = red_prm;
	double avg;

	(void)state;
	hard.gentle = false;
	assert_true(red_pb(&red_prm, 0.0) == 0.0);
	assert_true(red_pb(&red_prm, 4.999) == 0.0);
	for (avg = 5.0; avg < 15.0; avg += 0.25) {
		double want = 0.1 * (avg - 5.0) / (15.0 - 5.0);

		assert_true(fabs(red_pb(&red_prm, avg) - want) < 1e-12);
		assert_true(fabs(red_pb(&hard, avg) - want) < 1e-12);
	}
	/* the curve is continuous at max_th in gentle mode, and reaches 1
	 * at 2 max_th */
	assert_true(fabs(red_pb(&red_prm, 15.0) - 0.1) < 1e-12);
	for (avg = 15.0; avg < 30.0; avg += 0.5) {
		double want = 0.1 + (1.0 - 0.1) * (avg - 15.0) / 15.0;

		assert_true(fabs(red_pb(&red_prm, avg) - want) < 1e-12);
		assert_true(red_pb(&hard, avg) == 1.0);
	}
	assert_true(red_pb(&red_prm, 30.0) == 1.0);
	assert_true(red_pb(&red_prm, 100.0) == 1.0);
}

/* p_a = p_b / (1 - count p_b), 1 once count p_b reaches 1. */
static void
test_red_count_spacing_formula(void **state)
{
	long count;

	(void)state;
	for (count = 0; count < 20; count++) {
		double pb = 0.05;
		double want = count * pb >= 1.0 ? 1.0 : pb / (1.0 - count * pb);

		if (want > 1.0)
			want = 1.0;
		assert_true(fabs(red_pa(pb, count) - want) < 1e-12);
	}
	assert_true(red_pa(0.05, 19) > red_pa(0.05, 1));
	assert_true(red_pa(0.05, 20) == 1.0);
	assert_true(red_pa(0.0, 1000) == 0.0);
}

/*
 * With a fixed average in the sloped region, p_a = p_b / (1 - count p_b)
 * makes the gap X between drops uniform (section 7): the chance that no
 * drop comes in n arrivals is the product of (1 - (k+1) p_b)/(1 - k p_b)
 * for k = 1..n, that is (1 - (n+1) p_b)/(1 - p_b), so X is uniform on
 * 1 .. 1/p_b - 1, with mean 1/(2 p_b) and never more than 1/p_b.
 * Geometric gaps (p_a = p_b) would have mean 1/p_b and no bound.
 */
static void
test_red_drops_are_spaced(void **state)
{
	struct red r;
	struct rng rng;
	double avg = 10.0; /* p_b = 0.1 (10 - 5)/10 = 0.05 */
	double pb = red_pb(&red_prm, avg);
	uint64_t drops = 0, arrivals = 0, gap = 0, longest = 0;
	double gaps = 0.0;

	(void)state;
	red_init(&r);
	rng_seed(&rng, 7);
	r.idle = false;
	while (drops < 20000) {
		r.avg = avg;
		arrivals++;
		gap++;
		if (red_decide(&r, &red_prm, &rng, NULL) == RED_EARLY_DROP) {
			drops++;
			gaps += (double)gap;
			if (gap > longest)
				longest = gap;
			gap = 0;
		}
	}
	assert_true(
		helper_within(gaps / (double)drops, 1.0 / (2.0 * pb), 0.02));
	assert_true(longest <= (uint64_t)ceil(1.0 / pb));
	assert_true(arrivals > drops);
}

/* avg <- (1 - w_q) avg + w_q q; after idle, avg <- (1 - w_q)^m avg. */
static void
test_red_average(void **state)
{
	struct red r;
	double want = 0.0;
	int i;

	(void)state;
	red_init(&r);
	r.idle = false;
	for (i = 0; i < 1000; i++) {
		red_update_avg(&r, &red_prm, 20.0, 0.0);
		want = (1.0 - 0.002) * want + 0.002 * 20.0;
	}
	assert_true(fabs(r.avg - want) < 1e-9);
	r.idle = true;
	red_update_avg(&r, &red_prm, 0.0, 500.0);
	assert_true(fabs(r.avg - pow(1.0 - 0.002, 500.0) * want) < 1e-9);
	/* below min_th nothing is dropped and count goes back to -1 */
	r.avg = 4.0;
	r.count = 7;
	assert_int_equal(red_decide(&r, &red_prm, NULL, NULL), RED_ACCEPT);
	assert_int_equal(r.count, -1);
}

/* ------------------------------------------------------------------ */
/* CoDel                                                               */
/* ------------------------------------------------------------------ */

#define TARGET	 (5 * MSEC)
#define INTERVAL (100 * MSEC)
#define WIRE	 1500

/* What the CoDel tests see of its decisions. */
struct codel_log {
	int64_t now;		 /* the instant of the current dequeue */
	int64_t drop_at[4096];	 /* when each drop happened */
	uint32_t count_at[4096]; /* count when it happened */
	size_t drops;
	struct packet_pool *pool;
};

static bool
log_mark(void *ctx, struct packet *p)
{
	(void)ctx;
	(void)p;
	return false; /* not ECN-capable: CoDel drops */
}

static void
log_drop(void *ctx, struct packet *p, const struct codel *c, int64_t sojourn_ns)
{
	struct codel_log *log = ctx;

	(void)sojourn_ns;
	assert_true(log->drops < 4096);
	log->drop_at[log->drops] = log->now;
	log->count_at[log->drops] = c->count;
	log->drops++;
	packet_release(log->pool, p);
}

static void
fill(struct fifo *q, struct packet_pool *pool, size_t n, int64_t enqueued_at)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct packet *p = packet_alloc(pool);

		p->wire_len = WIRE;
		p->enqueued_at = enqueued_at;
		fifo_push(q, p);
	}
}

static void
drain(struct fifo *q, struct packet_pool *pool)
{
	struct packet *p;

	while ((p = fifo_pop(q)) != NULL)
		packet_release(pool, p);
}

/* Dequeue one packet at `now` (the link sends it: it is released). */
static void
dequeue_at(struct codel *c, struct fifo *q, struct codel_log *log, int64_t now)
{
	static const struct codel_params prm = {TARGET, INTERVAL, WIRE};
	struct codel_ops ops = {log_mark, log_drop, log};
	struct packet *p;

	log->now = now;
	p = codel_dequeue(c, &prm, q, now, &ops);
	if (p != NULL)
		packet_release(log->pool, p);
}

/* interval / sqrt(count), in whole nanoseconds, as the test reads it. */
static int64_t
spacing(uint32_t count)
{
	return (int64_t)((double)INTERVAL / sqrt((double)count));
}

static void
test_codel_control_law(void **state)
{
	(void)state;
	assert_true(codel_control_law(0, INTERVAL, 1) == INTERVAL);
	assert_true(codel_control_law(7, INTERVAL, 4) == 7 + INTERVAL / 2);
	assert_true(codel_control_law(0, INTERVAL, 16) == INTERVAL / 4);
	assert_true(codel_control_law(0, INTERVAL, 100) == INTERVAL / 10);
}

/*
 * A standing queue (every packet enqueued at 0, dequeued one per ms):
 * the sojourn time passes target at the first dequeue, so the first
 * drop comes at the first dequeue at or after first + interval; each
 * next drop at the first dequeue at or after the scheduled time, and the
 * schedule advances by interval / sqrt(count) from the previous
 * scheduled time (not from the dequeue instant).
 */
static void
test_codel_drop_schedule(void **state)
{
	struct packet_pool pool;
	struct codel_log log = {0};
	struct codel c;
	struct fifo q;
	int64_t t, first_dequeue = 10 * MSEC, next, step = MSEC;
	size_t k;

	(void)state;
	packet_pool_init(&pool);
	log.pool = &pool;
	codel_init(&c);
	fifo_init(&q);
	fill(&q, &pool, 3000, 0);
	for (t = first_dequeue; t <= 1500 * MSEC; t += step)
		dequeue_at(&c, &q, &log, t);
	assert_true(c.dropping);
	assert_true(log.drops >= 10);
	/* entering: at the first dequeue >= first_dequeue + interval */
	assert_true(log.drop_at[0] == first_dequeue + INTERVAL);
	assert_int_equal(log.count_at[0], 1);
	next = log.drop_at[0] + spacing(1);
	for (k = 1; k < log.drops; k++) {
		/* the first dequeue instant at or after `next` */
		int64_t due = ((next + step - 1) / step) * step;

		assert_int_equal(log.count_at[k], k + 1);
		if (log.drop_at[k] != due)
			fail_msg("drop %zu at %lld ns, scheduled %lld ns: "
				 "expected at the dequeue of %lld ns",
				 k + 1, (long long)log.drop_at[k],
				 (long long)next, (long long)due);
		next += spacing((uint32_t)(k + 1));
	}
	assert_true(c.drop_next == next);
	drain(&q, &pool);
	packet_pool_free(&pool);
}

/*
 * Leaving and re-entering (RFC 8289 5.6, the Linux version): after an
 * episode of N drops that began with count 1 (lastcount 1), a new episode
 * within 16 intervals of the last scheduled drop starts with count
 * N - 1 (when above 1), and its first next drop is interval/sqrt(N - 1)
 * later.  Long after, it starts again from 1.
 */
static void
test_codel_count_reuse(void **state)
{
	struct packet_pool pool;
	struct codel_log log = {0};
	struct codel c;
	struct fifo q;
	int64_t t = 10 * MSEC, entered;
	uint32_t n;

	(void)state;
	packet_pool_init(&pool);
	log.pool = &pool;
	codel_init(&c);
	fifo_init(&q);
	fill(&q, &pool, 3000, 0);
	while (log.drops < 6) {
		dequeue_at(&c, &q, &log, t);
		t += MSEC;
	}
	n = c.count;
	assert_int_equal(n, 6);
	assert_int_equal(c.lastcount, 1);
	/* the queue now holds only fresh packets: below target, leave */
	drain(&q, &pool);
	fill(&q, &pool, 3000, t);
	dequeue_at(&c, &q, &log, t);
	assert_false(c.dropping);
	/* a standing queue again, soon after */
	drain(&q, &pool);
	fill(&q, &pool, 3000, t - 20 * MSEC);
	log.drops = 0;
	while (log.drops == 0) {
		t += MSEC;
		dequeue_at(&c, &q, &log, t);
	}
	entered = t;
	assert_true(c.dropping);
	assert_int_equal(log.count_at[0], n - 1);
	assert_int_equal(c.count, n - 1);
	assert_true(c.drop_next == entered + spacing(n - 1));
	assert_int_equal(c.lastcount, n - 1);

	/* leave, then wait more than 16 intervals: count starts at 1 */
	drain(&q, &pool);
	fill(&q, &pool, 3000, t);
	dequeue_at(&c, &q, &log, t);
	assert_false(c.dropping);
	t += 17 * INTERVAL;
	drain(&q, &pool);
	fill(&q, &pool, 3000, t - 20 * MSEC);
	log.drops = 0;
	while (log.drops == 0) {
		t += MSEC;
		dequeue_at(&c, &q, &log, t);
	}
	assert_int_equal(c.count, 1);
	assert_true(c.drop_next == t + INTERVAL);
	drain(&q, &pool);
	packet_pool_free(&pool);
}

/* A queue of at most one packet's bytes is never above target (the
 * MAXPACKET rule), however long its packet waited. */
static void
test_codel_spares_a_single_packet(void **state)
{
	struct packet_pool pool;
	struct codel_log log = {0};
	struct codel c;
	struct fifo q;
	int64_t t;

	(void)state;
	packet_pool_init(&pool);
	log.pool = &pool;
	codel_init(&c);
	fifo_init(&q);
	for (t = 50 * MSEC; t < 2 * SEC; t += 10 * MSEC) {
		fill(&q, &pool, 2, 0); /* one leaves, one packet's bytes stay */
		dequeue_at(&c, &q, &log, t);
		drain(&q, &pool);
	}
	assert_int_equal(log.drops, 0);
	packet_pool_free(&pool);
}

/* ------------------------------------------------------------------ */
/* The latency histogram                                               */
/* ------------------------------------------------------------------ */

static void
test_latency_percentiles(void **state)
{
	struct latency_hist h;
	int64_t v;
	size_t b;

	(void)state;
	latency_init(&h);
	assert_true(latency_percentile(&h, 50.0) == -1);
	/* 1..1000 us: the nearest-rank p50 is 500 us, p99 990 us; the
	 * histogram may overstate by less than 1/256, never understate */
	for (v = 1; v <= 1000; v++)
		latency_add(&h, v * 1000);
	assert_true(latency_percentile(&h, 50.0) >= 500000);
	assert_true(latency_percentile(&h, 50.0) <= 500000 + 500000 / 256);
	assert_true(latency_percentile(&h, 99.0) >= 990000);
	assert_true(latency_percentile(&h, 99.0) <= 990000 + 990000 / 256);
	assert_true(latency_percentile(&h, 100.0) == 1000000);
	assert_true(h.max_ns == 1000000);
	/* every value lies in its bucket, whose top is within 1/256 */
	for (v = 0; v < 40 * SEC; v = v * 3 / 2 + 1) {
		b = latency_bucket(v);
		assert_true(b < LATENCY_BUCKETS);
		assert_true(latency_bucket_top(b) >= v);
		assert_true(latency_bucket_top(b) - v <= v / 256);
		if (b > 0)
			assert_true(latency_bucket_top(b - 1) < v);
	}
	latency_free(&h);
}

/* ------------------------------------------------------------------ */
/* Runs                                                                */
/* ------------------------------------------------------------------ */

static struct sim *
run_text(const char *text, const char *set1, const char *set2)
{
	struct scenario sc;
	struct sim *sim;

	helper_scenario_text(&sc, text);
	if (set1 != NULL)
		assert_int_equal(scenario_set(&sc, set1, stderr), 0);
	if (set2 != NULL)
		assert_int_equal(scenario_set(&sc, set2, stderr), 0);
	assert_int_equal(scenario_validate(&sc, stderr), 0);
	sim = sim_create(&sc);
	scenario_free(&sc);
	return sim;
}

/* Load a shipped scenario with up to two --set changes. */
static struct sim *
lesson_sim(const char *name, const char *set1, const char *set2)
{
	const char *dir = getenv("SCENARIOS");
	char path[1024];
	struct scenario sc;
	struct sim *sim;

	snprintf(path, sizeof path, "%s/%s", dir ? dir : "scenarios", name);
	assert_int_equal(scenario_load_file(&sc, path, stderr), 0);
	if (set1 != NULL)
		assert_int_equal(scenario_set(&sc, set1, stderr), 0);
	if (set2 != NULL)
		assert_int_equal(scenario_set(&sc, set2, stderr), 0);
	assert_int_equal(scenario_validate(&sc, stderr), 0);
	sim = sim_create(&sc);
	scenario_free(&sc);
	return sim;
}

static size_t
flow_named(const struct sim *sim, const char *name)
{
	size_t i;

	for (i = 0; i < sim_flow_count(sim); i++)
		if (strcmp(sim_flow_name(sim, i), name) == 0)
			return i;
	fail_msg("no flow %s", name);
	return 0;
}

/* Serialization of `bytes` at the link rate, ns. */
static double
tx_ns(const struct scenario *sc, double bytes)
{
	return bytes * 8.0 * NS / (double)sc->link.rate_bps;
}

/*
 * The round trip of a probe that waits for nothing: both propagation
 * delays, its request's serialization (the reply's path is unlimited).
 */
static double
probe_base_ns(const struct scenario *sc, size_t flow)
{
	const struct flow_config *f = &sc->flows[flow];

	assert_true(sc->link.reverse_rate_bps == SCENARIO_UNLIMITED);
	return 2.0 * (double)(sc->link.delay_ns + f->extra_delay_ns) +
	       tx_ns(sc, f->ping_size);
}

/*
 * FQ-CoDel's bound on a sparse flow's wait (RFC 8290 4.2): a probe that
 * finds its queue empty waits at most for the packet on the wire and one
 * turn of each bulk queue; a turn sends packets while the deficit is
 * positive, so at most ceil(quantum / wire) + 1 packets... for quantum
 * 1514 B and 1488 B packets, 2.  Bulk flows: `bulk`.
 */
static double
fq_wait_bound_ns(const struct scenario *sc, size_t bulk)
{
	double wire = 1448.0 + sc->link.header_bytes; /* stack = linux */
	double per_turn = ceil((double)sc->link.fq_quantum / wire) + 1.0;

	return tx_ns(sc, wire) * (1.0 + per_turn * (double)bulk);
}

static struct ping_snapshot
ping_of(const struct sim *sim, size_t flow)
{
	struct ping_snapshot ps;

	assert_true(sim_flow_is_ping(sim, flow));
	sim_flow_ping(sim, flow, &ps);
	return ps;
}

/* The new lessons open as every lesson does: their name, the question,
 * the prediction, what to watch, what to change next. */
static void
test_lessons_have_their_header(void **state)
{
	static const char *const names[] = {"red-vs-droptail.ini",
					    "fq-codel-fairness.ini"};
	static const char *const parts[] = {
		"# Ask the class:", "# Predict:", "# Watch:", "# Change next:"};
	const char *dir = getenv("SCENARIOS");
	size_t i, k;

	(void)state;
	for (i = 0; i < 2; i++) {
		char path[1024], line[512], first[512], head[8192] = "";
		FILE *f;

		snprintf(path, sizeof path, "%s/%s", dir ? dir : "scenarios",
			 names[i]);
		f = fopen(path, "r");
		assert_non_null(f);
		assert_non_null(fgets(first, sizeof first, f));
		snprintf(line, sizeof line, "# %s: ", names[i]);
		assert_true(strncmp(first, line, strlen(line)) == 0);
		while (fgets(line, sizeof line, f) != NULL && line[0] == '#')
			if (strlen(head) + strlen(line) < sizeof head)
				strcat(head, line);
		fclose(f);
		for (k = 0; k < 4; k++)
			if (strstr(head, parts[k]) == NULL)
				fail_msg("%s: no '%s'", names[i], parts[k]);
	}
}

/* bufferbloat.ini: the probe waits behind the bloated queue; with
 * fq_codel it waits for a packet or two, while the bulk flow still fills
 * the link but for NewReno's sawtooth. */
static void
test_bufferbloat_cure(void **state)
{
	struct sim *bloat = lesson_sim("bufferbloat.ini", NULL, NULL);
	struct sim *cure = lesson_sim("bufferbloat.ini",
				      "link.queue_discipline=fq_codel", NULL);
	const struct scenario *sc = sim_scenario(cure);
	size_t probe = flow_named(cure, "probe"), bulk = 0;
	double base = probe_base_ns(sc, probe);
	double payload = (double)sc->link.rate_bps * sc->flows[bulk].mss /
			 (double)(sc->flows[bulk].mss + sc->link.header_bytes);
	struct ping_snapshot p_bloat, p_cure;
	struct flow_snapshot fs;

	(void)state;
	sim_run(bloat);
	sim_run(cure);
	p_bloat = ping_of(bloat, probe);
	p_cure = ping_of(cure, probe);
	/* every probe but those in flight at the end answered */
	assert_true(p_cure.replies + 2 >= p_cure.sent);
	/* drop-tail: the probe waits behind ~0.8 s of queue */
	assert_true((double)p_bloat.rtt.p50_ns > 10.0 * base);
	/* fq_codel: base RTT plus at most the wait bound, p99 included */
	assert_true((double)p_cure.rtt.p99_ns <=
		    (base + fq_wait_bound_ns(sc, 1)) * (1.0 + 1.0 / 256));
	assert_true((double)p_cure.rtt.p50_ns >= base);
	/* the bulk flow: Reno's sawtooth between W/2 and W, W >= BDP, keeps
	 * at least 3/4 of the link busy */
	sim_flow_snapshot(cure, bulk, &fs);
	assert_true((double)fs.delivered_bytes * 8.0 /
			    ((double)sim_now(cure) / NS) >=
		    0.75 * payload);
	sim_destroy(bloat);
	sim_destroy(cure);
}

/* fq-codel-fairness.ini: the probe is isolated from two bulk flows, and
 * DRR shares the link more evenly than a drop-tail FIFO does. */
static void
test_fq_codel_isolates_and_shares(void **state)
{
	struct sim *fq = lesson_sim("fq-codel-fairness.ini", NULL, NULL);
	struct sim *fifo = lesson_sim("fq-codel-fairness.ini",
				      "link.queue_discipline=droptail", NULL);
	struct sim *codel = lesson_sim("fq-codel-fairness.ini",
				       "link.queue_discipline=codel", NULL);
	const struct scenario *sc = sim_scenario(fq);
	size_t probe = flow_named(fq, "probe");
	double base = probe_base_ns(sc, probe);
	double bound = (base + fq_wait_bound_ns(sc, 2)) * (1.0 + 1.0 / 256);
	double g[2], jain_fq, jain_fifo;
	struct flow_snapshot a, b;

	(void)state;
	sim_run(fq);
	sim_run(fifo);
	sim_run(codel);
	assert_true((double)ping_of(fq, probe).rtt.max_ns <= bound);
	/* one shared FIFO, CoDel or not: the probe meets the bursts */
	assert_true((double)ping_of(codel, probe).rtt.p99_ns > bound);
	assert_true((double)ping_of(fifo, probe).rtt.p50_ns > 5.0 * base);

	sim_flow_snapshot(fq, 0, &a);
	sim_flow_snapshot(fq, 1, &b);
	g[0] = (double)a.delivered_bytes;
	g[1] = (double)b.delivered_bytes;
	jain_fq = (g[0] + g[1]) * (g[0] + g[1]) /
		  (2.0 * (g[0] * g[0] + g[1] * g[1]));
	sim_flow_snapshot(fifo, 0, &a);
	sim_flow_snapshot(fifo, 1, &b);
	g[0] = (double)a.delivered_bytes;
	g[1] = (double)b.delivered_bytes;
	jain_fifo = (g[0] + g[1]) * (g[0] + g[1]) /
		    (2.0 * (g[0] * g[0] + g[1] * g[1]));
	assert_true(jain_fq > jain_fifo);
	assert_true(jain_fq >= 0.95);
	sim_destroy(fq);
	sim_destroy(fifo);
	sim_destroy(codel);
}

/* red-vs-droptail.ini: drop-tail keeps the queue between half full and
 * full; RED's average, and so its mean queue, stays under max_th, and
 * every RED drop is its rule's (the queue never overflows). */
static void
test_red_vs_droptail(void **state)
{
	struct sim *red = lesson_sim("red-vs-droptail.ini", NULL, NULL);
	struct sim *tail = lesson_sim("red-vs-droptail.ini",
				      "link.queue_discipline=droptail", NULL);
	const struct scenario *sc = sim_scenario(red);
	size_t probe = flow_named(red, "probe");
	struct link_snapshot lr, lt;
	double mean_red, mean_tail;

	(void)state;
	sim_run(red);
	sim_run(tail);
	sim_link_snapshot(red, &lr);
	sim_link_snapshot(tail, &lt);
	mean_red = lr.queue_packet_ns / (double)sim_now(red);
	mean_tail = lt.queue_packet_ns / (double)sim_now(tail);
	assert_true(sc->link.red_max_th_in_packets);
	assert_true(mean_red <= (double)sc->link.red_max_th);
	assert_true(mean_tail >= (double)sc->link.queue_limit / 2.0);
	assert_true(lr.queue_drops > 0);
	assert_true(lr.queue_drops == lr.aqm_drops);
	assert_true(lr.queue_max_packets < sc->link.queue_limit);
	assert_true(lt.aqm_drops == 0);
	/* the probe feels the difference */
	assert_true(ping_of(red, probe).rtt.p50_ns * 2 <
		    ping_of(tail, probe).rtt.p50_ns);
	sim_destroy(red);
	sim_destroy(tail);
}

/* ------------------------------------------------------------------ */
/* ECN                                                                 */
/* ------------------------------------------------------------------ */

static const char ecn_text[] = "[simulation]\nduration = 10s\n"
			       "[link]\nqueue = 500 packets\n"
			       "queue_discipline = codel\n"
			       "ecn_marking = on\n"
			       "[flow a]\necn = on\n"
			       "receive_buffer = 4MiB\nsend_buffer = 4MiB\n";

/*
 * An ECN-capable flow through a marking CoDel: CoDel's decisions become
 * CE marks, nothing is dropped or resent; the receiver echoes them and
 * the sender reduces at most once per round trip (RFC 3168 6.1.2).
 */
static void
test_ecn_marks_instead_of_drops(void **state)
{
	struct sim *sim = run_text(ecn_text, NULL, NULL);
	struct recorder rec = {0};
	struct link_snapshot l;
	struct flow_snapshot fs;
	int64_t last = -1;
	size_t i, reactions = 0;

	(void)state;
	recorder_attach(sim, &rec);
	sim_run(sim);
	sim_link_snapshot(sim, &l);
	sim_flow_snapshot(sim, 0, &fs);
	assert_true(l.ecn_marks > 0);
	assert_true(l.aqm_drops == 0);
	assert_true(fs.retransmits == 0);
	assert_true(fs.ce_received == l.ecn_marks);
	assert_true(fs.ecn_reductions > 0);
	assert_true(fs.ecn_reductions <= fs.ce_received);
	assert_int_equal(recorder_count(&rec, TRACE_CE_MARK), l.ecn_marks);
	for (i = 0; i < rec.n; i++) {
		if (rec.ev[i].kind != TRACE_ECN)
			continue;
		reactions++;
		if (last >= 0)
			assert_true(rec.ev[i].time_ns - last >= fs.min_rtt_ns);
		last = rec.ev[i].time_ns;
	}
	assert_int_equal(reactions, fs.ecn_reductions);
	recorder_free(&rec);
	sim_destroy(sim);

	/* the same flow without ECN: CoDel drops, and it retransmits */
	sim = run_text(ecn_text, "a.ecn=off", NULL);
	sim_run(sim);
	sim_link_snapshot(sim, &l);
	sim_flow_snapshot(sim, 0, &fs);
	assert_true(l.aqm_drops > 0);
	assert_true(l.ecn_marks == 0);
	assert_true(fs.retransmits > 0);
	sim_destroy(sim);
}

/* Every discipline keeps the link's books: arrived = departed + dropped
 * + held, at the end of a run with several flows and a probe. */
static void
test_accounting_every_discipline(void **state)
{
	static const char *const sets[] = {"link.queue_discipline=droptail",
					   "link.queue_discipline=red",
					   "link.queue_discipline=codel",
					   "link.queue_discipline=fq_codel"};
	static const char text[] =
		"[simulation]\nduration = 4s\n"
		"[link]\nqueue = 60000B\n"
		"[flow a]\nreceive_buffer = 1MiB\n"
		"[flow b]\ncc = cubic\nmss = 500B\n"
		"receive_buffer = 1MiB\n"
		"[flow p]\napp = ping\nping_interval = 7ms\n";
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++) {
		struct sim *sim = run_text(text, sets[i], NULL);
		struct link_snapshot l;

		sim_run(sim);
		sim_link_snapshot(sim, &l);
		assert_true(l.arrived ==
			    l.departed + l.queue_drops + l.queue_packets);
		assert_true(l.queue_bytes <= 60000);
		assert_true(ping_of(sim, 2).sent > 0);
		sim_destroy(sim);
	}
}

/* FQ-CoDel's overflow drops the head of the fattest queue, one packet
 * per arrival: a limit lowered on the timeline drops nothing already
 * queued beyond what the arrivals bring (RFC 8290 4.1). */
static void
test_fq_overflow_one_per_arrival(void **state)
{
	struct sim *sim = run_text("[simulation]\nduration = 4s\n"
				   "[link]\nqueue = 300 packets\n"
				   "queue_discipline = fq_codel\n"
				   "target = 1s\ninterval = 10s\n"
				   "[flow a]\nreceive_buffer = 4MiB\n"
				   "[flow b]\nreceive_buffer = 4MiB\n"
				   "[timeline]\n2s: link.queue = 5 packets\n",
				   NULL, NULL);
	struct recorder rec = {0};
	size_t i, since_arrival = 0, overflow = 0;

	(void)state;
	recorder_attach(sim, &rec);
	sim_run(sim);
	for (i = 0; i < rec.n; i++) {
		if (rec.ev[i].kind == TRACE_ENQUEUE) {
			since_arrival = 0;
		} else if (rec.ev[i].kind == TRACE_DROP &&
			   strstr(rec.ev[i].detail, "fattest") != NULL) {
			overflow++;
			assert_true(++since_arrival <= 1);
		}
	}
	assert_true(overflow > 0); /* the lower limit did bite */
	recorder_free(&rec);
	sim_destroy(sim);
}

/*
 * Which queue an overflow drops from, with many flows alike (ties): the
 * one with the most bytes, the first of them on a tie (RFC 8290 4.1,
 * Linux's fq_codel_drop(): the first of the largest backlogs).  Checked
 * at every such drop against the queues as they are then: the victim's
 * queue held the bytes the sentence gives (its bytes now plus the
 * victim's); every queue before it held fewer, every queue after it no
 * more.
 */
struct fat_watch {
	const struct sim *sim;
	size_t drops;
};

static void
fat_watch_event(void *ctx, const struct sim *sim, const struct trace_event *ev)
{
	struct fat_watch *w = ctx;
	const struct aqm *a = &w->sim->link.aqm;
	const char *at;
	unsigned long long held;
	char name[64];

	(void)sim;
	if (ev->kind != TRACE_DROP || strstr(ev->detail, "fattest") == NULL)
		return;
	at = strstr(ev->detail, "fattest queue (");
	assert_non_null(at);
	assert_int_equal(sscanf(at, "fattest queue (%63[^,], %llu bytes)",
				name, &held),
			 2);
	assert_string_equal(name, w->sim->config.flows[ev->flow].name);
	assert_true(a->queues[ev->flow].q.bytes < held);
	for (size_t i = 0; i < a->n_queues; i++) {
		if (i < ev->flow)
			assert_true(a->queues[i].q.bytes < held);
		else if (i > ev->flow)
			assert_true(a->queues[i].q.bytes <= held);
	}
	w->drops++;
}

static void
test_fq_overflow_fattest_first(void **state)
{
	char text[8192];
	size_t len;
	struct sim *sim;
	struct fat_watch w = {0};
	struct sim_observer obs = {.on_event = fat_watch_event, .ctx = &w};

	(void)state;
	len = (size_t)snprintf(text, sizeof text,
			       "[simulation]\nduration = 3s\n[link]\n"
			       "rate = 20Mbit/s\nqueue = 60 packets\n"
			       "queue_discipline = fq_codel\n");
	for (int i = 0; i < 40; i++)
		len += (size_t)snprintf(text + len, sizeof text - len,
					"[flow f%d]\nreceive_buffer = 1MiB\n",
					i);
	assert_true(len < sizeof text);
	sim = run_text(text, NULL, NULL);
	w.sim = sim;
	sim_add_observer(sim, &obs);
	sim_run(sim);
	assert_true(w.drops > 100);
	sim_destroy(sim);
}

/*
 * FQ-CoDel's round robin with a quantum far below the packet size: a
 * queue that has spent its turn gets one quantum per round until its
 * deficit is positive again, and the rounds that only hand out credit
 * leave the order of the queues as it was.  So the packet that goes next
 * and the deficits after it follow from the deficits alone, however many
 * rounds they take: here 2^50, which a round at a time would never end
 * (the alarm fails the test then).  Queue 0 is positive after 2^50 + 1
 * quanta and sends; queue 1, 1000 B further behind, has had as many
 * quanta, or one fewer if it comes after queue 0 in the round.
 */
static void
fq_rounds_alarm(int sig)
{
	static const char msg[] = "test_fq_tiny_quantum_rounds: the round "
				  "robin still turns a round per quantum\n";

	(void)sig;
	if (write(2, msg, sizeof msg - 1) < 0) {
		/* nothing more to say */
	}
	_exit(1);
}

static void
test_fq_tiny_quantum_rounds(void **state)
{
	const int64_t behind = INT64_C(1) << 50;
	struct sim *sim = run_text("[simulation]\nduration = 10s\n"
				   "[link]\nrate = 1Mbit/s\n"
				   "queue_discipline = fq_codel\n"
				   "quantum = 1B\ntarget = 1s\ninterval = 10s\n"
				   "[flow a]\n[flow b]\n",
				   NULL, NULL);
	struct aqm *a = &sim->link.aqm;
	struct packet *p;
	int64_t d1;

	(void)state;
	sim_run_until(sim, 50 * MSEC);
	assert_int_equal(a->n_queues, 2);
	assert_true(a->queues[0].q.packets > 0);
	assert_true(a->queues[1].q.packets > 0);
	assert_true(a->queues[0].list != FQ_LIST_NONE);
	assert_true(a->queues[1].list != FQ_LIST_NONE);
	a->queues[0].deficit = -behind;
	a->queues[1].deficit = -behind - 1000;
	signal(SIGALRM, fq_rounds_alarm);
	alarm(20);
	p = aqm_dequeue(sim, &sim->link);
	alarm(0);
	signal(SIGALRM, SIG_DFL);
	assert_non_null(p);
	assert_int_equal(p->flow, 0);
	assert_true(a->queues[0].deficit == 1 - (int64_t)p->wire_len);
	d1 = a->queues[1].deficit;
	assert_true(d1 == -999 || d1 == -1000);
	packet_release(&sim->pool, p);
	sim_destroy(sim);
}

/* A probe over an empty link: every round trip is the base one exactly
 * (bar the histogram's rounding), one probe per interval. */
static void
test_ping_alone(void **state)
{
	struct sim *sim = run_text("[simulation]\nduration = 2s\n"
				   "[flow p]\napp = ping\n"
				   "ping_interval = 50ms\nping_size = 100B\n"
				   "extra_delay = 5ms\n",
				   NULL, NULL);
	const struct scenario *sc = sim_scenario(sim);
	double base = probe_base_ns(sc, 0);
	struct ping_snapshot ps;

	(void)state;
	sim_run(sim);
	assert_true(sim_now(sim) == 2 * SEC); /* probes alone run to the end */
	ps = ping_of(sim, 0);
	/* at 0, 50ms, ..., 2s */
	assert_true(ps.sent == 2 * SEC / (50 * MSEC) + 1);
	assert_true(ps.rtt.max_ns == (int64_t)llround(base));
	assert_true(ps.rtt.p50_ns >= (int64_t)llround(base) - 1);
	assert_true(ps.rtt.p50_ns <= ps.rtt.max_ns);
	sim_destroy(sim);
}

/* ------------------------------------------------------------------ */
/* Outputs                                                             */
/* ------------------------------------------------------------------ */

/* The CSV and the JSON of a run of `text`, in new memory. */
static void
outputs_of(const char *text, char **csv, char **json)
{
	struct sim *sim = run_text(text, NULL, NULL);
	size_t len;
	FILE *c = open_memstream(csv, &len);
	FILE *j = open_memstream(json, &len);
	struct csv_writer *w;
	struct summary s;

	assert_non_null(c);
	assert_non_null(j);
	w = csv_writer_attach(sim, c, false);
	sim_run(sim);
	summary_collect(&s, sim);
	summary_write_json(j, &s);
	summary_free(&s);
	csv_writer_free(w);
	fclose(c);
	fclose(j);
	sim_destroy(sim);
}

/*
 * A scenario without a discipline, ECN or probe writes the CSV header of
 * the contract and no latency key; a probe over an idle link writes its
 * base round trip in every row after the first reply, and the summary's
 * percentiles.
 */
static void
test_latency_outputs(void **state)
{
	static const char probe[] = "[simulation]\nduration = 1s\n"
				    "[flow p]\napp = ping\n"
				    "ping_interval = 30ms\n";
	char *csv, *json, *line, *save;
	char want[64];
	double base_ms;
	struct scenario sc;
	size_t rows = 0;

	(void)state;
	outputs_of("[simulation]\nduration = 1s\n", &csv, &json);
	assert_true(strncmp(csv, CSV_HEADER "\n", strlen(CSV_HEADER) + 1) == 0);
	assert_null(strstr(json, "queue_discipline"));
	assert_null(strstr(json, "ping_"));
	free(csv);
	free(json);

	helper_scenario_text(&sc, probe);
	/* 2 x 20 ms + 64 B at 10 Mbit/s */
	base_ms = (2.0 * (double)sc.link.delay_ns +
		   tx_ns(&sc, sc.flows[0].ping_size)) /
		  1e6;
	snprintf(want, sizeof want, "%.3f", base_ms);
	scenario_free(&sc);
	outputs_of(probe, &csv, &json);
	line = strtok_r(csv, "\n", &save);
	assert_string_equal(line, CSV_HEADER CSV_LATENCY_COLUMNS);
	while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
		const char *tail = line;
		int commas = 0;

		/* the 20th field on: ping_rtt_ms, p50, p99, max */
		while (*tail != '\0' && commas < 19)
			commas += *tail++ == ',';
		if (*tail == ',')
			continue; /* before the first reply */
		rows++;
		assert_true(strncmp(tail, want, strlen(want)) == 0);
	}
	assert_true(rows > 0);
	assert_non_null(strstr(json, "\"queue_discipline\": \"droptail\""));
	assert_non_null(strstr(json, "\"app\": \"ping\""));
	/* the maximum is exact: the base RTT, in ms */
	snprintf(want, sizeof want, "\"ping_rtt_max_ms\": %.15g", base_ms);
	assert_non_null(strstr(json, want));
	free(csv);
	free(json);
}

/* ------------------------------------------------------------------ */
/* Bad values                                                          */
/* ------------------------------------------------------------------ */

/* Load `text` and validate; returns the messages (free them). */
static char *
messages_of(const char *text, int *rc)
{
	struct scenario sc;
	char *buf = NULL;
	size_t len = 0;
	FILE *errs = open_memstream(&buf, &len);

	assert_non_null(errs);
	*rc = scenario_load_string(&sc, "bad.ini", text, strlen(text), errs);
	if (*rc == 0) {
		*rc = scenario_validate(&sc, errs);
		scenario_free(&sc);
	}
	fclose(errs);
	return buf;
}

static void
expect_error(const char *text, const char *where)
{
	int rc;
	char *msg = messages_of(text, &rc);

	if (rc != -1 || strstr(msg, where) == NULL)
		fail_msg("expected an error with '%s', got rc %d: %s", where,
			 rc, msg);
	free(msg);
}

static void
test_bad_values(void **state)
{
	(void)state;
	expect_error("[link]\nqueue_discipline = blue\n",
		     "bad.ini:2: queue_discipline = blue");
	expect_error("[link]\ntarget = -5ms\n", "bad.ini:2: target = -5ms");
	expect_error("[link]\ntarget = 0\n", "bad.ini:2: target = 0");
	expect_error("[link]\ninterval = 0ms\n", "bad.ini:2: interval");
	expect_error("[link]\nqueue_discipline = red\nmin_th = 20 packets\n"
		     "max_th = 10 packets\n",
		     "bad.ini:4: max_th: min_th (20) must be less than max_th "
		     "(10)");
	expect_error("[link]\nmin_th = 15 packets\n", "bad.ini:2: min_th");
	expect_error("[link]\nqueue_discipline = red\nmin_th = 5 packets\n"
		     "max_th = 15000B\n",
		     "bad.ini:4: max_th: min_th and max_th must use one unit");
	expect_error("[link]\nqueue_discipline = red\nw_q = 0\n",
		     "bad.ini:3: w_q = 0");
	expect_error("[link]\nmax_p = 2\n", "bad.ini:2: max_p = 2");
	expect_error("[flow a]\nping_interval = 10ms\n",
		     "bad.ini:2: ping_interval: applies only to a probe flow");
	expect_error("[flow a]\napp = bulk\nping_size = 100B\n",
		     "bad.ini:3: ping_size: applies only to a probe flow");
	expect_error("[flow a]\napp = ping\nping_interval = 0ms\n",
		     "bad.ini:3: ping_interval");
	expect_error("[flow a]\napp = pong\n", "bad.ini:2: app = pong");
	expect_error("[link]\nquantum = 0B\n", "bad.ini:2: quantum");
}

/* `tcpsim check` and `run` refuse a bad file with status 2. */
static void
test_bad_values_exit_2(void **state)
{
	char path[] = "/tmp/test_aqm_XXXXXX";
	int fd = mkstemp(path);
	static const char bad[] =
		"[link]\nqueue_discipline = red\nmin_th = 30 packets\n"
		"max_th = 30 packets\n";
	char *check_argv[] = {"check", path, NULL};
	char *run_argv[] = {"run", path, "--quiet", NULL};

	(void)state;
	assert_true(fd >= 0);
	assert_true(write(fd, bad, sizeof bad - 1) ==
		    (ssize_t)(sizeof bad - 1));
	close(fd);
	assert_int_equal(cmd_check(2, check_argv), 2);
	assert_int_equal(cmd_run(3, run_argv), 2);
	unlink(path);
}

/* ------------------------------------------------------------------ */
/* play                                                                */
/* ------------------------------------------------------------------ */

/* The queue's title carries the queueing delay while packets wait. */
static void
test_play_shows_queueing_delay(void **state)
{
	struct sim *sim = run_text("[link]\nqueue = 300 packets\n"
				   "[flow a]\nreceive_buffer = 4MiB\n",
				   NULL, NULL);
	const struct scenario *sc = sim_scenario(sim);
	struct flow_snapshot fs;
	struct link_snapshot ls;
	struct pipeline_view v;
	struct rect r = {0, 0, 4, 100};
	struct grid g;
	char row[512], want[64], t[VIEW_NUM_BUF];
	struct pipeline_columns c;

	(void)state;
	sim_run_until(sim, 3 * SEC);
	sim_flow_snapshot(sim, 0, &fs);
	sim_link_snapshot(sim, &ls);
	assert_true(ls.queue_packets > 0 && ls.sojourn_last_ns > 0);
	memset(&v, 0, sizeof v);
	v.flow = &fs;
	v.config = &sc->flows[0];
	v.link = &ls;
	v.link_config = &sc->link;
	v.n_flows = 1;
	v.news_packet = -1;
	v.now_ns = sim_now(sim);
	grid_init(&g, 4, 100);
	view_pipeline(&g, &r, &v, glyphs_get(false));
	grid_row_text(&g, 0, row, sizeof row);
	/* the last departure's sojourn, as the UI writes times; "Q" for
	 * "QUEUE" when the column is too narrow for both */
	view_pipeline_columns(&c, r.cols);
	snprintf(want, sizeof want, "QUEUE %s",
		 view_time_short(t, sizeof t, ls.sojourn_last_ns));
	if ((int)strlen(want) > c.queue)
		snprintf(want, sizeof want, "Q %s", t);
	if (strstr(row, want) == NULL)
		fail_msg("'%s' not in '%s'", want, row);
	/* an empty queue shows no figure */
	ls.queue_packets = ls.queue_bytes = 0;
	grid_clear(&g);
	view_pipeline(&g, &r, &v, glyphs_get(false));
	grid_row_text(&g, 0, row, sizeof row);
	assert_non_null(strstr(row, "QUEUE"));
	assert_null(strstr(row, want));
	assert_null(strstr(row, t));
	grid_free(&g);
	sim_destroy(sim);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_red_probability_curve),
		cmocka_unit_test(test_red_count_spacing_formula),
		cmocka_unit_test(test_red_drops_are_spaced),
		cmocka_unit_test(test_red_average),
		cmocka_unit_test(test_codel_control_law),
		cmocka_unit_test(test_codel_drop_schedule),
		cmocka_unit_test(test_codel_count_reuse),
		cmocka_unit_test(test_codel_spares_a_single_packet),
		cmocka_unit_test(test_latency_percentiles),
		cmocka_unit_test(test_ping_alone),
		cmocka_unit_test(test_accounting_every_discipline),
		cmocka_unit_test(test_fq_overflow_one_per_arrival),
		cmocka_unit_test(test_fq_overflow_fattest_first),
		cmocka_unit_test(test_fq_tiny_quantum_rounds),
		cmocka_unit_test(test_ecn_marks_instead_of_drops),
		cmocka_unit_test(test_lessons_have_their_header),
		cmocka_unit_test(test_bufferbloat_cure),
		cmocka_unit_test(test_fq_codel_isolates_and_shares),
		cmocka_unit_test(test_red_vs_droptail),
		cmocka_unit_test(test_latency_outputs),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_bad_values_exit_2),
		cmocka_unit_test(test_play_shows_queueing_delay),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
