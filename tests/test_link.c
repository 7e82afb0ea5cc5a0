/* SPDX-License-Identifier: ISC */
/*
 * test_link.c: the bottleneck (properties 21 and 22) and random loss.
 *
 * Packets are injected straight into the bottleneck at chosen times and
 * caught where the propagation delay hands them to the receivers, so
 * departure times can be compared with d_i = max(a_i, d_{i-1}) + 8 L_i / C
 * worked out here.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "net/link.h"
#include "net/packet.h"
#include "model/sim_internal.h"

#define MAXP 64

struct bench {
	struct sim *sim;
	struct event inject[MAXP];
	uint32_t wire[MAXP];
	int n;
	int64_t arrive[MAXP]; /* caught at the far end, by id */
	int order[MAXP];      /* ids in the order caught */
	int caught;
	int accounting_checks;
};

/* Property 22 at this instant: arrived = departed + dropped + held. */
static void
check_accounting(struct bench *b)
{
	const struct link *l = &b->sim->link;

	assert_int_equal(l->arrived,
			 l->departed + l->queue_drops + l->fwd.packets);
	b->accounting_checks++;
}

static void
catch_packet(struct sim *sim, void *ctx, struct packet *p)
{
	struct bench *b = ctx;
	int id = (int)p->stream_off;

	b->arrive[id] = sim->eng.now;
	b->order[b->caught++] = id;
	packet_release(&sim->pool, p);
	check_accounting(b);
}

static void
on_inject(struct sim *sim, struct event *ev)
{
	struct bench *b = ev->owner;
	int id = (int)(ev - b->inject);
	struct packet *p = packet_alloc(&sim->pool);

	p->flow = 0;
	p->wire_len = b->wire[id];
	p->len = b->wire[id] - 40;
	p->stream_off = (uint64_t)id;
	link_send_data(sim, &sim->link, p);
	check_accounting(b);
}

/* A sim whose own flow never starts; the test drives the link. */
static void
bench_init(struct bench *b, const char *link_text)
{
	struct scenario sc;
	char text[512];

	memset(b, 0, sizeof(*b));
	snprintf(text, sizeof(text),
		 "[simulation]\nduration = 100s\n[link]\n%s\n[flow f]\nstart = "
		 "1000s\n",
		 link_text);
	helper_scenario_text(&sc, text);
	b->sim = sim_create(&sc);
	scenario_free(&sc);
	b->sim->link.fwd.prop.deliver = catch_packet;
	b->sim->link.fwd.prop.ctx = b;
	for (int i = 0; i < MAXP; i++)
		b->arrive[i] = -1;
}

static void
bench_add(struct bench *b, int64_t at, uint32_t wire_len)
{
	int id = b->n++;

	b->wire[id] = wire_len;
	event_init(&b->inject[id], on_inject, b);
	sim_schedule(b->sim, &b->inject[id], at);
}

/* Property 21: exact serialization time and FIFO departures. */
static void
test_serialization_and_fifo(void **state)
{
	struct bench b;
	const int64_t a[] = {0, 0, 500000, 10000000, 10100000, 10100000};
	const uint32_t len[] = {1500, 1500, 1500, 500, 1500, 40};
	const int64_t rate = 10000000, delay = 5000000;
	int64_t d_prev = 0;

	(void)state;
	bench_init(&b, "rate = 10Mbit/s\ndelay = 5ms\nqueue = 100 packets");
	for (int i = 0; i < 6; i++)
		bench_add(&b, a[i], len[i]);
	sim_run_until(b.sim, 1000000000);

	/* One 1500-byte packet at 10 Mbit/s: exactly 1 200 000 ns. */
	assert_int_equal(b.arrive[0] - delay, 8 * 1500 * 1000000000LL / rate);
	for (int i = 0; i < 6; i++) {
		int64_t start = a[i] > d_prev ? a[i] : d_prev;
		int64_t d = start + (int64_t)len[i] * 8 * 1000000000LL / rate;

		assert_int_equal(b.arrive[i], d + delay);
		assert_int_equal(b.order[i], i);
		d_prev = d;
	}
	sim_destroy(b.sim);
}

/* Property 22 in packets: with room for 3, the 4th to 6th of a burst are
 * dropped, and a packet that arrives after one left fits again. */
static void
test_drop_tail_packets(void **state)
{
	struct bench b;

	(void)state;
	bench_init(&b, "rate = 10Mbit/s\ndelay = 1ms\nqueue = 3 packets");
	for (int i = 0; i < 6; i++)
		bench_add(&b, 0, 1500);
	bench_add(&b, 1300000, 1500); /* the first left at 1.2 ms: room */
	sim_run_until(b.sim, 1000000000);
	assert_int_equal(b.sim->link.arrived, 7);
	assert_int_equal(b.sim->link.queue_drops, 3);
	assert_int_equal(b.caught, 4);
	for (int i = 0; i < 3; i++)
		assert_true(b.arrive[i] > 0);
	for (int i = 3; i < 6; i++)
		assert_int_equal(b.arrive[i], -1);
	assert_true(b.arrive[6] > 0);
	assert_int_equal(b.sim->link.queue_max_packets, 3);
	assert_true(b.accounting_checks >= 11);
	sim_destroy(b.sim);
}

/* Property 22 in bytes: drop if and only if the packet does not fit. */
static void
test_drop_tail_bytes(void **state)
{
	struct bench b;

	(void)state;
	bench_init(&b, "rate = 10Mbit/s\ndelay = 1ms\nqueue = 4000B");
	bench_add(&b, 0, 1500); /* 1500 */
	bench_add(&b, 0, 1500); /* 3000 */
	bench_add(&b, 0, 1500); /* 4500 > 4000: dropped */
	bench_add(&b, 0, 1000); /* 4000: fits exactly */
	bench_add(&b, 0, 40);	/* 4040: dropped */
	sim_run_until(b.sim, 1000000000);
	assert_true(b.arrive[0] > 0 && b.arrive[1] > 0 && b.arrive[3] > 0);
	assert_int_equal(b.arrive[2], -1);
	assert_int_equal(b.arrive[4], -1);
	assert_int_equal(b.sim->link.queue_drops, 2);
	sim_destroy(b.sim);
}

/* The link's busy time is the sum of serialization times. */
static void
test_busy_time(void **state)
{
	struct bench b;
	struct link_snapshot ls;

	(void)state;
	bench_init(&b, "rate = 10Mbit/s\ndelay = 1ms\nqueue = 100 packets");
	for (int i = 0; i < 10; i++)
		bench_add(&b, (int64_t)i * 5000000, 1500); /* every 5 ms */
	sim_run_until(b.sim, 1000000000);
	sim_link_snapshot(b.sim, &ls);
	assert_int_equal(ls.busy_ns, 10 * 1200000LL);
	assert_int_equal(ls.departed, 10);
	/* each waited alone: sojourn = serialization time */
	assert_true(fabs(ls.sojourn_ns_total - 10 * 1200000.0) < 1e-6);
	sim_destroy(b.sim);
}

/* Bernoulli loss: the count of n losses is within 5 sigma of n p. */
static void
test_random_loss_rate(void **state)
{
	struct scenario sc;
	struct sim *sim;
	struct link_snapshot ls;
	double p = 0.02, n, sd;

	(void)state;
	helper_scenario_text(&sc, "[simulation]\nduration = 20s\n[link]\nloss "
				  "= 2%\nqueue = 1000 packets\n"
				  "[flow f]\ncc = none\nreceive_buffer = "
				  "256KiB\nmin_rto = 200ms\n");
	sim = sim_create(&sc);
	sim_run(sim);
	sim_link_snapshot(sim, &ls);
	n = (double)ls.departed;
	sd = sqrt(n * p * (1 - p));
	assert_true(n > 10000);
	assert_true(fabs((double)ls.loss_drops - n * p) < 5 * sd);
	sim_destroy(sim);
	scenario_free(&sc);
}

/*
 * The serializer's remembered quotient (time_for_bytes_memo()) gives the
 * time and leaves the carry that time_for_bytes() does, packet after
 * packet: runs of one size, sizes that change, rates that change under
 * a carry left by another (a faster rate's carry can exceed the new
 * rate), rates that divide 8e9 evenly and rates that leave remainders,
 * and the unlimited rate.
 */
static void
test_serialization_time_memo(void **state)
{
	static const uint64_t rates[] = {
		100000000,   1000000000,
		10000000000, 7,
		999999937,   3000000001,
		UINT64_MAX,  0,
		INT64_MAX,   (uint64_t)INT64_MAX + 1,
	};
	static const uint64_t sizes[] = {1500, 1500, 1500, 52, 1, 9000, 1499};
	struct time_memo m;
	uint64_t carry = 0, want_carry = 0, seed = 12345;
	uint64_t rate = rates[0];

	(void)state;
	time_memo_init(&m);
	for (int i = 0; i < 200000; i++) {
		uint64_t bytes;
		int64_t got, want;

		seed = seed * 6364136223846793005u + 1442695040888963407u;
		if ((seed >> 33) % 500 == 0) /* now and then another rate */
			rate = rates[(seed >> 40) %
				     (sizeof rates / sizeof rates[0])];
		bytes = sizes[(seed >> 20) % (sizeof sizes / sizeof sizes[0])];
		want = time_for_bytes(bytes, rate, &want_carry);
		got = time_for_bytes_memo(&m, bytes, rate, &carry);
		assert_int_equal(got, want);
		assert_int_equal(carry, want_carry);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_serialization_and_fifo),
		cmocka_unit_test(test_drop_tail_packets),
		cmocka_unit_test(test_drop_tail_bytes),
		cmocka_unit_test(test_busy_time),
		cmocka_unit_test(test_random_loss_rate),
		cmocka_unit_test(test_serialization_time_memo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
