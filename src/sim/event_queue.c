/* SPDX-License-Identifier: ISC */
/* event_queue.c: a 4-ary min-heap of events on (time, seq); see
 * event_queue.h. */
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
	ev->fn = fn;
	ev->owner = owner;
}

void
event_queue_init(struct event_queue *q)
{
	q->heap = NULL;
	q->len = 0;
	q->cap = 0;
	q->next_seq = 0;
}

void
event_queue_free(struct event_queue *q)
{
	for (size_t i = 0; i < q->len; i++)
		q->heap[i].ev->heap_index = EVENT_IDLE;
	free(q->heap);
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

		if (first >= q->len)
			break;
		end = first + EVENT_QUEUE_ARITY;
		if (end > q->len)
			end = q->len;
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
	for (size_t i = 0; i < q->len; i++) {
		assert(q->heap[i].ev->heap_index == i);
		assert(q->heap[i].time == q->heap[i].ev->time &&
		       q->heap[i].seq == q->heap[i].ev->seq);
		assert(i == 0 ||
		       !slot_before(&q->heap[i],
				    &q->heap[(i - 1) / EVENT_QUEUE_ARITY]));
	}
}
#else
#define event_queue_verify(q) ((void)0)
#endif

void
event_queue_push(struct event_queue *q, struct event *ev, int64_t time)
{
	if (event_pending(ev))
		event_queue_remove(q, ev);
	if (q->len == q->cap) {
		q->cap = q->cap ? 2 * q->cap : 64;
		q->heap = xreallocarray(q->heap, q->cap, sizeof(*q->heap));
	}
	ev->time = time;
	ev->seq = q->next_seq++;
	q->heap[q->len].time = ev->time;
	q->heap[q->len].seq = ev->seq;
	q->heap[q->len].ev = ev;
	ev->heap_index = q->len++;
	sift_up(q, ev->heap_index);
	event_queue_verify(q);
}

void
event_queue_remove(struct event_queue *q, struct event *ev)
{
	size_t i = ev->heap_index;
	struct event_queue_slot last;

	if (i == EVENT_IDLE)
		return;
	assert(i < q->len && q->heap[i].ev == ev);
	ev->heap_index = EVENT_IDLE;
	last = q->heap[--q->len];
	if (last.ev == ev)
		return;
	heap_place(q, i, last);
	/* The moved event may belong above or below its new slot. */
	if (i > 0 && slot_before(&last, &q->heap[(i - 1) / EVENT_QUEUE_ARITY]))
		sift_up(q, i);
	else
		sift_down(q, i);
	event_queue_verify(q);
}

struct event *
event_queue_pop(struct event_queue *q)
{
	struct event *ev;

	if (q->len == 0)
		return NULL;
	ev = q->heap[0].ev;
	event_queue_remove(q, ev);
	return ev;
}
