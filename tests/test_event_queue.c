/* SPDX-License-Identifier: ISC */
/*
 * test_event_queue.c: the ordering rule (time, then insertion order),
 * cancel and reschedule, against a plain reference model.
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fifo_for_equal_times),
		cmocka_unit_test(test_random_against_reference),
		cmocka_unit_test(test_remove_positions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
