/* SPDX-License-Identifier: ISC */
/*
 * test_event_queue.c: the ordering rule (time, then insertion order),
 * cancel and reschedule, against a plain reference model; also with
 * events due seconds ahead, which wait in the timer wheel and must still
 * come out in the same order, ties included.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "sim/event_queue.h"
#include "sim/rng.h"

#define N 2000

static void
noop(struct sim *sim, struct event *ev)
{
	(void)sim;
	(void)ev;
}

/* Equal times come out first-in, first-out. */
static void
test_fifo_for_equal_times(void **state)
{
	struct event_queue q;
	struct event ev[10];

	(void)state;
	event_queue_init(&q);
	for (int i = 0; i < 10; i++) {
		event_init(&ev[i], noop, (void *)(intptr_t)i);
		event_queue_push(&q, &ev[i], 5 - (i % 2)); /* odd: 4, even: 5 */
	}
	/* 4: 1,3,5,7,9 in that order; then 5: 0,2,4,6,8 */
	for (int k = 0; k < 10; k++) {
		struct event *e = event_queue_pop(&q);
		int want = k < 5 ? 2 * k + 1 : 2 * (k - 5);

		assert_non_null(e);
		assert_int_equal((intptr_t)e->owner, want);
		assert_false(event_pending(e));
	}
	assert_null(event_queue_pop(&q));
	event_queue_free(&q);
}

/* Random pushes, cancels and reschedules against a reference model:
 * pop order must be sorted by (time, last push order). */
static void
test_random_against_reference(void **state)
{
	static struct event ev[N];
	static uint64_t order[N]; /* push counter of each event's last push */
	static int64_t when[N];
	static int queued[N];
	struct event_queue q;
	struct rng r;
	uint64_t counter = 0;
	int64_t last_time = -1;
	uint64_t last_order = 0;
	size_t popped = 0, expected = 0;

	(void)state;
	rng_seed(&r, 42);
	event_queue_init(&q);
	for (int i = 0; i < N; i++) {
		event_init(&ev[i], noop, (void *)(intptr_t)i);
		when[i] = (int64_t)(rng_next(&r) % 100); /* many equal times */
		order[i] = counter++;
		queued[i] = 1;
		event_queue_push(&q, &ev[i], when[i]);
	}
	/* Cancel a third, reschedule a third. */
	for (int i = 0; i < N; i++) {
		switch (rng_next(&r) % 3) {
		case 0:
			event_queue_remove(&q, &ev[i]);
			event_queue_remove(&q, &ev[i]); /* twice is harmless */
			queued[i] = 0;
			break;
		case 1:
			when[i] = (int64_t)(rng_next(&r) % 100);
			order[i] = counter++;
			event_queue_push(&q, &ev[i], when[i]);
			break;
		default:
			break;
		}
	}
	for (int i = 0; i < N; i++)
		expected += (size_t)queued[i];
	assert_int_equal(q.len, expected);
	for (struct event *e; (e = event_queue_pop(&q)) != NULL; popped++) {
		int i = (int)(intptr_t)e->owner;

		assert_true(queued[i]);
		assert_int_equal(e->time, when[i]);
		assert_true(when[i] > last_time ||
			    (when[i] == last_time && order[i] > last_order));
		last_time = when[i];
		last_order = order[i];
		queued[i] = 0;
	}
	assert_int_equal(popped, expected);
	event_queue_free(&q);
}

/* Removing the event at the root, in the middle and at the end keeps the
 * heap in order. */
static void
test_remove_positions(void **state)
{
	struct event_queue q;
	struct event ev[7];

	(void)state;
	event_queue_init(&q);
	for (int i = 0; i < 7; i++) {
		event_init(&ev[i], noop, (void *)(intptr_t)i);
		event_queue_push(&q, &ev[i],
				 10 * (7 - i)); /* 70, 60, ..., 10 */
	}
	event_queue_remove(&q, &ev[6]); /* the earliest: time 10 */
	event_queue_remove(&q, &ev[3]); /* time 40 */
	event_queue_remove(&q, &ev[0]); /* the latest: 70 */
	{
		const int64_t want[] = {20, 30, 50, 60};

		for (int k = 0; k < 4; k++)
			assert_int_equal(event_queue_pop(&q)->time, want[k]);
	}
	assert_null(event_queue_peek(&q));
	event_queue_free(&q);
}

/* The next event by the reference model: the queued one with the least
 * (time, push order), or -1. */
static int
reference_next(const int *queued, const int64_t *when, const uint64_t *order,
	       int n)
{
	int best = -1;

	for (int i = 0; i < n; i++)
		if (queued[i] &&
		    (best < 0 || when[i] < when[best] ||
		     (when[i] == when[best] && order[i] < order[best])))
			best = i;
	return best;
}

/*
 * A simulation's pattern: pop the next event, and at each step push,
 * move or cancel others, due from now to 10 s ahead (within the wheel's
 * reach and beyond it), on a grid of 2^18 ns so that times tie, also at
 * the start of a bucket (2^20 ns), between wheel and heap.  Every pop must be
 * the reference model's next event.
 */
static void
test_wheel_against_reference(void **state)
{
	enum { M = 300, STEPS = 20000 };
	static struct event ev[M];
	static uint64_t order[M];
	static int64_t when[M];
	static int queued[M];
	struct event_queue q;
	struct rng r;
	uint64_t counter = 0;
	int64_t now = 0;
	size_t n_queued = 0;

	(void)state;
	rng_seed(&r, 7);
	event_queue_init(&q);
	for (int i = 0; i < M; i++)
		event_init(&ev[i], noop, (void *)(intptr_t)i);
	for (int step = 0; step < STEPS; step++) {
		int i = (int)(rng_next(&r) % M);
		uint64_t what = rng_next(&r) % 8;

		if (what < 4) { /* push or move: 0 to 10 s ahead */
			uint64_t span = what == 0   ? 10000000000u
					: what == 1 ? 50000000u
						    : 3000000u;

			when[i] = now + (int64_t)(rng_next(&r) % span / 262144 *
						  262144);
			order[i] = counter++;
			n_queued += !queued[i];
			queued[i] = 1;
			event_queue_push(&q, &ev[i], when[i]);
		} else if (what == 4) {
			n_queued -= queued[i] != 0;
			queued[i] = 0;
			event_queue_remove(&q, &ev[i]);
			assert_false(event_pending(&ev[i]));
		} else {
			int want = reference_next(queued, when, order, M);
			struct event *e = event_queue_pop(&q);

			if (want < 0) {
				assert_null(e);
				continue;
			}
			assert_non_null(e);
			assert_int_equal((intptr_t)e->owner, want);
			assert_int_equal(e->time, when[want]);
			assert_false(event_pending(e));
			queued[want] = 0;
			n_queued--;
			now = when[want];
		}
		assert_int_equal(q.len, n_queued);
	}
	while (n_queued > 0) {
		int want = reference_next(queued, when, order, M);
		struct event *e = event_queue_pop(&q);

		assert_non_null(e);
		assert_int_equal((intptr_t)e->owner, want);
		queued[want] = 0;
		n_queued--;
	}
	assert_null(event_queue_pop(&q));
	event_queue_free(&q);
}

/*
 * The simulator's loop: event_queue_begin(), the event's own actions,
 * event_queue_end().  While it runs, the event is not pending, may
 * schedule itself again (soon, so that its root slot moves down, or
 * seconds ahead, into the wheel), and others are pushed, moved and
 * cancelled around it, some at its very time; it may also cancel
 * itself, or schedule itself and then move or cancel that.  Every event
 * run must be the reference model's next, from heaps of one event to
 * hundreds.
 */
static void
running_against_reference(uint64_t seed, uint64_t far_span)
{
	enum { M = 400, STEPS = 30000 };
	static struct event ev[M];
	static uint64_t order[M];
	static int64_t when[M];
	static int queued[M];
	struct event_queue q;
	struct rng r;
	uint64_t counter = 0;
	int64_t now = 0;
	size_t n_queued = 0;
	int live = 2; /* events in use: grows, so heaps of every size */

	rng_seed(&r, seed);
	event_queue_init(&q);
	for (int i = 0; i < M; i++)
		event_init(&ev[i], noop, (void *)(intptr_t)i);
#define PUSH(i, t)                                                             \
	do {                                                                   \
		when[i] = (t);                                                 \
		order[i] = counter++;                                          \
		n_queued += !queued[i];                                        \
		queued[i] = 1;                                                 \
		event_queue_push(&q, &ev[i], when[i]);                         \
	} while (0)
	PUSH(0, 0);
	for (int step = 0; step < STEPS; step++) {
		int want = reference_next(queued, when, order, live);
		struct event *e = event_queue_peek(&q);
		int self, actions;

		if (step % 60 == 0 && live < M)
			live++;
		if (want < 0) { /* everything ran: start one again */
			int i = (int)(rng_next(&r) % (uint64_t)live);

			assert_null(e);
			PUSH(i, now);
			continue;
		}
		assert_non_null(e);
		assert_int_equal((intptr_t)e->owner, want);
		event_queue_begin(&q, e);
		self = want;
		queued[self] = 0;
		n_queued--;
		now = when[self];
		assert_false(event_pending(e));
		assert_int_equal(q.len, n_queued);
		actions = (int)(rng_next(&r) % 4);
		for (int a = 0; a < actions; a++) {
			uint64_t what = rng_next(&r) % 10;
			int i = what < 5 ? self : (int)(rng_next(&r) % live);
			int64_t ahead =
				what % 2 == 0 ? 0 /* a tie with now */
				: what < 8 ? (int64_t)(rng_next(&r) % 3000000)
					   : (int64_t)(rng_next(&r) % far_span);

			if (what == 9 || (what == 4 && a > 0)) {
				n_queued -= queued[i] != 0;
				queued[i] = 0;
				event_queue_remove(&q, &ev[i]);
				assert_false(event_pending(&ev[i]));
			} else {
				PUSH(i, now + ahead);
				assert_true(event_pending(&ev[i]));
			}
			assert_int_equal(q.len, n_queued);
		}
		event_queue_end(&q);
		assert_int_equal(q.len, n_queued);
	}
#undef PUSH
	while (n_queued > 0) {
		int want = reference_next(queued, when, order, M);
		struct event *e = event_queue_pop(&q);

		assert_non_null(e);
		assert_int_equal((intptr_t)e->owner, want);
		queued[want] = 0;
		n_queued--;
	}
	assert_null(event_queue_pop(&q));
	event_queue_free(&q);
}

/* Events scheduled by a running event, and others, against the rule. */
static void
test_running_against_reference(void **state)
{
	(void)state;
	running_against_reference(11, 8000000000u);
}

/*
 * The same with a tenth of the pushes up to two minutes ahead: most go
 * to the far heap beyond the wheel's 4.4 s, reach the wheel as it turns,
 * are moved and cancelled there.
 */
static void
test_far_against_reference(void **state)
{
	(void)state;
	running_against_reference(13, UINT64_C(120000000000));
}

/*
 * Events beyond the wheel's reach (4.4 s) with nothing else queued, the
 * wheel empty and lagging: each comes in its turn, before and after the
 * entry aside between them, and after a running event that stops
 * rescheduling itself.
 */
static void
test_far_alone(void **state)
{
	struct event_queue q;
	struct event a, b, c, l;

	(void)state;
	event_queue_init(&q);
	event_init(&a, noop, (void *)(intptr_t)1);
	event_init(&b, noop, (void *)(intptr_t)2);
	event_init(&c, noop, (void *)(intptr_t)3);
	event_init(&l, noop, (void *)(intptr_t)4);
	event_queue_push(&q, &b, INT64_C(20000000000));
	event_queue_push(&q, &a, INT64_C(10000000000));
	event_queue_set_aside(&q, INT64_C(15000000000));
	assert_int_equal(q.len, 2);
	assert_ptr_equal(event_queue_pop(&q), &a);
	assert_null(event_queue_peek(&q));
	assert_true(event_queue_aside_first(&q));
	assert_int_equal(event_queue_take_aside(&q), INT64_C(15000000000));
	assert_ptr_equal(event_queue_pop(&q), &b);
	assert_null(event_queue_pop(&q));
	assert_false(event_queue_aside_first(&q));

	/* a serializer reschedules itself for 2 ms, 1 us at a time, with an
	 * event a minute ahead; then stops: the minute's event is next */
	event_queue_push(&q, &l, q.now);
	event_queue_push(&q, &c, q.now + INT64_C(60000000000));
	for (int i = 0; i < 2000; i++) {
		struct event *e = event_queue_peek(&q);

		assert_ptr_equal(e, &l);
		event_queue_begin(&q, e);
		if (i < 1999)
			event_queue_push(&q, &l, l.time + 1000);
		event_queue_end(&q);
	}
	assert_int_equal(q.len, 1);
	assert_ptr_equal(event_queue_pop(&q), &c);
	assert_int_equal(q.now, c.time);
	assert_null(event_queue_pop(&q));
	event_queue_free(&q);
}

/*
 * The entry kept aside (the engine's next sample) among events that run
 * and schedule themselves: it comes out where an event of its time,
 * pushed when it was set, would (peek says NULL, aside_first() true),
 * ties included, with events in the heap, the near list and the wheel,
 * and set again from now to seconds ahead.  Index M of the reference
 * model is the entry aside.
 */
static void
test_aside_against_reference(void **state)
{
	enum { M = 200, STEPS = 30000 };
	static struct event ev[M];
	static uint64_t order[M + 1];
	static int64_t when[M + 1];
	static int queued[M + 1];
	struct event_queue q;
	struct rng r;
	uint64_t counter = 0;
	int64_t now = 0;
	size_t n_queued = 0;
	int asides = 0;

	(void)state;
	rng_seed(&r, 13);
	event_queue_init(&q);
	for (int i = 0; i < M; i++)
		event_init(&ev[i], noop, (void *)(intptr_t)i);
	/* the entry aside: as a push, it draws the next seq */
	when[M] = 0;
	order[M] = counter++;
	queued[M] = 1;
	event_queue_set_aside(&q, 0);
	for (int step = 0; step < STEPS; step++) {
		int want = reference_next(queued, when, order, M + 1);
		struct event *e = event_queue_peek(&q);
		int actions = (int)(rng_next(&r) % 4);

		assert_true(want >= 0); /* the entry aside is always set */
		if (want == M) {
			assert_null(e);
			assert_true(event_queue_aside_first(&q));
			assert_int_equal(event_queue_take_aside(&q), when[M]);
			now = when[M];
			asides++;
			/* set again: at this very time, soon, or seconds on,
			 * on a grid that ties with the events' times */
			switch (rng_next(&r) % 16) {
			case 0:
			case 1:
			case 2:
			case 3:
				when[M] = now;
				break;
			case 15: /* into the wheel */
				when[M] = now + (int64_t)(rng_next(&r) %
							  100000000u / 262144 *
							  262144);
				break;
			default:
				when[M] = now + (int64_t)(rng_next(&r) %
							  3000000 / 262144 *
							  262144);
			}
			order[M] = counter++;
			event_queue_set_aside(&q, when[M]);
		} else {
			assert_non_null(e);
			assert_int_equal((intptr_t)e->owner, want);
			event_queue_begin(&q, e);
			queued[want] = 0;
			n_queued--;
			now = when[want];
		}
		for (int a = 0; a < actions; a++) {
			int i = (int)(rng_next(&r) % M);
			uint64_t what = rng_next(&r) % 8;
			int64_t ahead = what < 2   ? 0
					: what < 6 ? (int64_t)(rng_next(&r) %
							       3000000 / 262144 *
							       262144)
						   : (int64_t)(rng_next(&r) %
							       6000000000u /
							       262144 * 262144);

			if (what == 7) {
				n_queued -= queued[i] != 0;
				queued[i] = 0;
				event_queue_remove(&q, &ev[i]);
			} else {
				when[i] = now + ahead;
				order[i] = counter++;
				n_queued += !queued[i];
				queued[i] = 1;
				event_queue_push(&q, &ev[i], when[i]);
			}
		}
		if (want != M)
			event_queue_end(&q);
		assert_int_equal(q.len, n_queued);
	}
	assert_true(asides > 300); /* the entry aside was often first */
	event_queue_free(&q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fifo_for_equal_times),
		cmocka_unit_test(test_random_against_reference),
		cmocka_unit_test(test_remove_positions),
		cmocka_unit_test(test_wheel_against_reference),
		cmocka_unit_test(test_running_against_reference),
		cmocka_unit_test(test_far_against_reference),
		cmocka_unit_test(test_far_alone),
		cmocka_unit_test(test_aside_against_reference),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
