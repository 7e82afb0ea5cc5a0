/* SPDX-License-Identifier: ISC */
/* event_queue.c: binary min-heap of events on (time, seq); see event_queue.h.
 */
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
		q->heap[i]->heap_index = EVENT_IDLE;
	free(q->heap);
	event_queue_init(q);
}

/* The ordering rule of event_queue.h. */
static inline bool
event_before(const struct event *a, const struct event *b)
{
	if (a->time != b->time)
		return a->time < b->time;
	return a->seq < b->seq;
}

static inline void
heap_place(struct event_queue *q, size_t i, struct event *ev)
{
	q->heap[i] = ev;
	ev->heap_index = i;
}

static void
sift_up(struct event_queue *q, size_t i)
{
	struct event *ev = q->heap[i];

	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (!event_before(ev, q->heap[parent]))
			break;
		heap_place(q, i, q->heap[parent]);
		i = parent;
	}
	heap_place(q, i, ev);
}

static void
sift_down(struct event_queue *q, size_t i)
{
	struct event *ev = q->heap[i];

	for (;;) {
		size_t child = 2 * i + 1;

		if (child >= q->len)
			break;
		if (child + 1 < q->len &&
		    event_before(q->heap[child + 1], q->heap[child]))
			child++;
		if (!event_before(q->heap[child], ev))
			break;
		heap_place(q, i, q->heap[child]);
		i = child;
	}
	heap_place(q, i, ev);
}

#ifdef TCPSIM_DEBUG
/* --enable-debug: the heap property and the back-pointers, in full. */
static void
event_queue_verify(const struct event_queue *q)
{
	for (size_t i = 0; i < q->len; i++) {
		assert(q->heap[i]->heap_index == i);
		assert(i == 0 ||
		       !event_before(q->heap[i], q->heap[(i - 1) / 2]));
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
	heap_place(q, q->len++, ev);
	sift_up(q, ev->heap_index);
	event_queue_verify(q);
}

void
event_queue_remove(struct event_queue *q, struct event *ev)
{
	size_t i = ev->heap_index;
	struct event *last;

	if (i == EVENT_IDLE)
		return;
	assert(i < q->len && q->heap[i] == ev);
	ev->heap_index = EVENT_IDLE;
	last = q->heap[--q->len];
	if (last == ev)
		return;
	heap_place(q, i, last);
	/* The moved event may belong above or below its new slot. */
	if (i > 0 && event_before(last, q->heap[(i - 1) / 2]))
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
	ev = q->heap[0];
	event_queue_remove(q, ev);
	return ev;
}
