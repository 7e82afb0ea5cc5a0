/* SPDX-License-Identifier: ISC */
/* event_queue.c: a 4-ary min-heap of events on (time, seq) with a timer
 * wheel in front of it for events due later; see event_queue.h. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "sim/event_queue.h"

#include <assert.h>

#include <stdlib.h>

#include "util/xmalloc.h"

void
event_init(struct event *ev, event_fn fn, void *owner)
{
	ev->time = 0;
	ev->seq = 0;
	ev->heap_index = EVENT_IDLE;
	ev->wheel_next = ev->wheel_prev = NULL;
	ev->fn = fn;
	ev->owner = owner;
}

void
event_queue_init(struct event_queue *q)
{
	q->heap = NULL;
	q->heap_len = 0;
	q->len = 0;
	q->cap = 0;
	q->next_seq = 0;
	q->now = 0;
	q->wheel = NULL;
	q->wheel_len = 0;
	q->wheel_next = 0;
	q->wheel_from = INT64_MAX;
}

void
event_queue_free(struct event_queue *q)
{
	for (size_t i = 0; i < q->heap_len; i++)
		q->heap[i].ev->heap_index = EVENT_IDLE;
	if (q->wheel != NULL)
		for (size_t b = 0; b < EVENT_WHEEL_BUCKETS; b++)
			for (struct event *e = q->wheel[b]; e != NULL;
			     e = e->wheel_next)
				e->heap_index = EVENT_IDLE;
	free(q->heap);
	free(q->wheel);
	event_queue_init(q);
}

/* Children per node of the heap. */
#define EVENT_QUEUE_ARITY 4

/* The ordering rule of event_queue.h. */
static inline bool
slot_before(const struct event_queue_slot *a, const struct event_queue_slot *b)
{
	if (a->time != b->time)
		return a->time < b->time;
	return a->seq < b->seq;
}

static inline void
heap_place(struct event_queue *q, size_t i, struct event_queue_slot slot)
{
	q->heap[i] = slot;
	slot.ev->heap_index = i;
}

static void
sift_up(struct event_queue *q, size_t i)
{
	struct event_queue_slot slot = q->heap[i];

	while (i > 0) {
		size_t parent = (i - 1) / EVENT_QUEUE_ARITY;

		if (!slot_before(&slot, &q->heap[parent]))
			break;
		heap_place(q, i, q->heap[parent]);
		i = parent;
	}
	heap_place(q, i, slot);
}

static void
sift_down(struct event_queue *q, size_t i)
{
	struct event_queue_slot slot = q->heap[i];

	for (;;) {
		size_t first = EVENT_QUEUE_ARITY * i + 1, best, end, c;

		if (first >= q->heap_len)
			break;
		end = first + EVENT_QUEUE_ARITY;
		if (end > q->heap_len)
			end = q->heap_len;
		best = first;
		for (c = first + 1; c < end; c++)
			if (slot_before(&q->heap[c], &q->heap[best]))
				best = c;
		if (!slot_before(&q->heap[best], &slot))
			break;
		heap_place(q, i, q->heap[best]);
		i = best;
	}
	heap_place(q, i, slot);
}

#ifdef TCPSIM_DEBUG
/* --enable-debug: the heap property and the back-pointers, in full. */
static void
event_queue_verify(const struct event_queue *q)
{
	for (size_t i = 0; i < q->heap_len; i++) {
		assert(q->heap[i].ev->heap_index == i);
		assert(q->heap[i].time == q->heap[i].ev->time &&
		       q->heap[i].seq == q->heap[i].ev->seq);
		assert(i == 0 ||
		       !slot_before(&q->heap[i],
				    &q->heap[(i - 1) / EVENT_QUEUE_ARITY]));
	}
	for (size_t i = 0; i < q->heap_len; i++)
		assert(q->wheel_len == 0 || q->heap[i].ev->heap_index == i);
	assert(q->len == q->heap_len + q->wheel_len);
	assert(q->wheel_from == (q->wheel_len > 0
					 ? q->wheel_next << EVENT_WHEEL_SHIFT
					 : INT64_MAX));
}
#else
#define event_queue_verify(q) ((void)0)
#endif

/* Put ev, with its time and seq already set, in the heap. */
static void
heap_insert(struct event_queue *q, struct event *ev)
{
	if (q->heap_len == q->cap) {
		q->cap = q->cap ? 2 * q->cap : 64;
		q->heap = xreallocarray(q->heap, q->cap, sizeof(*q->heap));
	}
	q->heap[q->heap_len].time = ev->time;
	q->heap[q->heap_len].seq = ev->seq;
	q->heap[q->heap_len].ev = ev;
	ev->heap_index = q->heap_len++;
	sift_up(q, ev->heap_index);
}

/* Take the event at heap slot i out of the heap. */
static void
heap_delete(struct event_queue *q, size_t i)
{
	struct event_queue_slot last = q->heap[--q->heap_len];

	if (i == q->heap_len)
		return;
	heap_place(q, i, last);
	/* The moved event may belong above or below its new slot. */
	if (i > 0 && slot_before(&last, &q->heap[(i - 1) / EVENT_QUEUE_ARITY]))
		sift_up(q, i);
	else
		sift_down(q, i);
}

/* wheel_from follows wheel_len and wheel_next. */
static inline void
wheel_from_update(struct event_queue *q)
{
	q->wheel_from = q->wheel_len > 0 ? q->wheel_next << EVENT_WHEEL_SHIFT
					 : INT64_MAX;
}

/* Put ev in its bucket of the wheel, if it is due at least a bucket
 * after wheel_next and within the wheel's reach.  Returns false when it
 * belongs in the heap. */
static bool
wheel_insert(struct event_queue *q, struct event *ev)
{
	int64_t b = ev->time >> EVENT_WHEEL_SHIFT;
	struct event **head;

	if (q->wheel_len == 0) /* nothing waits: start from now */
		q->wheel_next = (q->now >> EVENT_WHEEL_SHIFT) + 1;
	if (b <= q->wheel_next || b >= q->wheel_next + EVENT_WHEEL_BUCKETS)
		return false;
	if (q->wheel == NULL)
		q->wheel = xcalloc(EVENT_WHEEL_BUCKETS, sizeof *q->wheel);
	head = &q->wheel[b & (EVENT_WHEEL_BUCKETS - 1)];
	ev->wheel_prev = NULL;
	ev->wheel_next = *head;
	if (*head != NULL)
		(*head)->wheel_prev = ev;
	*head = ev;
	ev->heap_index = EVENT_IN_WHEEL;
	q->wheel_len++;
	wheel_from_update(q);
	return true;
}

static void
wheel_unlink(struct event_queue *q, struct event *ev)
{
	if (ev->wheel_prev != NULL)
		ev->wheel_prev->wheel_next = ev->wheel_next;
	else
		q->wheel[(ev->time >> EVENT_WHEEL_SHIFT) &
			 (EVENT_WHEEL_BUCKETS - 1)] = ev->wheel_next;
	if (ev->wheel_next != NULL)
		ev->wheel_next->wheel_prev = ev->wheel_prev;
	ev->wheel_next = ev->wheel_prev = NULL;
	q->wheel_len--;
	wheel_from_update(q);
}

/* Move bucket wheel_next's events into the heap, and go on to the next
 * bucket. */
static void
wheel_flush_one(struct event_queue *q)
{
	struct event **head =
		&q->wheel[q->wheel_next & (EVENT_WHEEL_BUCKETS - 1)];

	while (*head != NULL) {
		struct event *ev = *head;

		*head = ev->wheel_next;
		ev->wheel_next = ev->wheel_prev = NULL;
		q->wheel_len--;
		heap_insert(q, ev); /* its seq unchanged: same order */
	}
	q->wheel_next++;
	wheel_from_update(q);
}

void
event_queue_push(struct event_queue *q, struct event *ev, int64_t time)
{
	if (event_pending(ev))
		event_queue_remove(q, ev);
	ev->time = time;
	ev->seq = q->next_seq++;
	q->len++;
	if (!wheel_insert(q, ev))
		heap_insert(q, ev);
	event_queue_verify(q);
}

void
event_queue_remove(struct event_queue *q, struct event *ev)
{
	size_t i = ev->heap_index;

	if (i == EVENT_IDLE)
		return;
	if (i == EVENT_IN_WHEEL) {
		wheel_unlink(q, ev);
	} else {
		assert(i < q->heap_len && q->heap[i].ev == ev);
		heap_delete(q, i);
	}
	ev->heap_index = EVENT_IDLE;
	q->len--;
	event_queue_verify(q);
}

struct event *
event_queue_peek_wheel(struct event_queue *q)
{
	/* The heap's first event is the next unless the wheel holds one due
	 * no later: empty the wheel's buckets into the heap up to it. */
	while (q->wheel_len > 0 &&
	       (q->heap_len == 0 || q->heap[0].time >= q->wheel_from))
		wheel_flush_one(q);
	return q->heap_len ? q->heap[0].ev : NULL;
}

struct event *
event_queue_pop(struct event_queue *q)
{
	struct event *ev = event_queue_peek(q);

	if (ev != NULL)
		event_queue_pop_peeked(q, ev);
	return ev;
}

void
event_queue_pop_peeked(struct event_queue *q, struct event *ev)
{
	/* The root: event_queue_remove() without its questions. */
	assert(q->heap_len > 0 && q->heap[0].ev == ev);
	ev->heap_index = EVENT_IDLE;
	q->len--;
	if (--q->heap_len > 0) {
		heap_place(q, 0, q->heap[q->heap_len]);
		sift_down(q, 0);
	}
	event_queue_verify(q);
	q->now = ev->time;
}
