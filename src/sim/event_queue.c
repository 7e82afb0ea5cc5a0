/* SPDX-License-Identifier: ISC */
/* event_queue.c: a 4-ary min-heap of events on (time, seq) with a timer
 * wheel in front of it for events due later; see event_queue.h. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "sim/event_queue.h"

#include <assert.h>

#include <stdlib.h>
#include <string.h>

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
	q->running = NULL;
	q->wheel = NULL;
	q->wheel_busy = NULL;
	q->wheel_len = 0;
	q->wheel_next = 0;
	q->wheel_from = INT64_MAX;
	q->near = NULL;
	q->near_head = 0;
	q->near_len = 0;
	q->near_cap = 0;
	q->aside_at = INT64_MAX;
	q->aside_seq = 0;
	q->next_from = INT64_MAX;
	q->far = NULL;
	q->far_len = 0;
	q->far_cap = 0;
	q->aside_or_far = INT64_MAX;
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
	for (size_t i = q->near_head; i < q->near_len; i++)
		if (q->near[i].ev != NULL)
			q->near[i].ev->heap_index = EVENT_IDLE;
	for (size_t i = 0; i < q->far_len; i++)
		q->far[i].ev->heap_index = EVENT_IDLE;
	free(q->heap);
	free(q->wheel);
	free(q->near);
	free(q->far);
	event_queue_init(q);
}

/* Children per node of the heap. */
#define EVENT_QUEUE_ARITY 4

/*
 * The key (time, seq) as one signed 128-bit number whose order is the
 * rule of event_queue.h (time above, seq below): one comparison, without
 * a branch on equal times.  On a little-endian machine the slot's first
 * 16 bytes (seq, then time) are that number already.
 */
typedef __int128 slot_key_t;

static inline slot_key_t
slot_key(const struct event_queue_slot *s)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	slot_key_t k;

	memcpy(&k, s, sizeof k);
	return k;
#else
	return (slot_key_t)((unsigned __int128)(uint64_t)s->time << 64 |
			    s->seq);
#endif
}

/* The ordering rule of event_queue.h. */
static inline bool
slot_before(const struct event_queue_slot *a, const struct event_queue_slot *b)
{
	return slot_key(a) < slot_key(b);
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
	struct event_queue_slot *h = q->heap;
	struct event_queue_slot slot = h[i];
	slot_key_t k = slot_key(&slot);

	while (i > 0) {
		size_t parent = (i - 1) / EVENT_QUEUE_ARITY;

		if (!(k < slot_key(&h[parent])))
			break;
		heap_place(q, i, h[parent]);
		i = parent;
	}
	heap_place(q, i, slot);
}

/* Put `slot` at i, or below it where it belongs. */
static __attribute__((noinline)) void
sift_down_slot(struct event_queue *q, size_t i, struct event_queue_slot slot)
{
	struct event_queue_slot *h = q->heap;
	size_t n = q->heap_len, first;
	slot_key_t k = slot_key(&slot);

	while ((first = EVENT_QUEUE_ARITY * i + 1) < n) {
		size_t best = first, end = n - first < EVENT_QUEUE_ARITY
						   ? n
						   : first + EVENT_QUEUE_ARITY;
		slot_key_t bk = slot_key(&h[first]);

		for (size_t c = first + 1; c < end; c++) {
			slot_key_t ck = slot_key(&h[c]);

			if (ck < bk) {
				bk = ck;
				best = c;
			}
		}
		if (!(bk < k))
			break;
		heap_place(q, i, h[best]);
		i = best;
	}
	heap_place(q, i, slot);
}

static void
sift_down(struct event_queue *q, size_t i)
{
	sift_down_slot(q, i, q->heap[i]);
}

/*
 * `slot` replaces the root and goes down where it belongs.  Most runs
 * (a flow or two) have three or four events in the heap, the root and
 * its children alone: then the least of them takes the root and `slot`
 * its place, without sift_down_slot()'s loop (this is a third of the
 * cost of an event at that size).
 */
static inline void
heap_replace_root(struct event_queue *q, struct event_queue_slot slot)
{
	struct event_queue_slot *h = q->heap;
	size_t n = q->heap_len, best = 0;
	slot_key_t k;

	if (n > EVENT_QUEUE_ARITY + 1) {
		sift_down_slot(q, 0, slot);
		return;
	}
	k = slot_key(&slot);
	for (size_t c = 1; c < n; c++) {
		slot_key_t ck = slot_key(&h[c]);

		if (ck < k) {
			k = ck;
			best = c;
		}
	}
	if (best != 0)
		heap_place(q, 0, h[best]);
	heap_place(q, best, slot);
}

#ifdef TCPSIM_DEBUG
/* --enable-debug: the heap property and the back-pointers, in full. */
static void
event_queue_verify(const struct event_queue *q)
{
	for (size_t i = 0; i < q->heap_len; i++) {
		if (i == 0 && q->running != NULL) { /* the slot it runs from */
			assert(q->heap[0].ev == q->running &&
			       q->running->heap_index == EVENT_IDLE &&
			       q->heap[0].time == INT64_MIN);
			continue;
		}
		assert(q->heap[i].ev->heap_index == i);
		assert(q->heap[i].time == q->heap[i].ev->time &&
		       q->heap[i].seq == q->heap[i].ev->seq);
		assert(i == 0 ||
		       !slot_before(&q->heap[i],
				    &q->heap[(i - 1) / EVENT_QUEUE_ARITY]));
	}
	size_t near_live = 0;

	for (size_t i = q->near_head; i < q->near_len; i++) {
		const struct event_queue_slot *s = &q->near[i];

		if (s->ev == NULL) {
			assert(i != q->near_head);
			continue;
		}
		near_live++;
		assert(s->ev->heap_index == EVENT_NEAR_BASE + i);
		assert(s->time == s->ev->time && s->seq == s->ev->seq);
		assert(i == q->near_head || slot_before(&q->near[i - 1], s) ||
		       q->near[i - 1].ev == NULL);
		assert((s->time >> EVENT_WHEEL_SHIFT) < q->wheel_next);
	}
	assert(q->len + (q->running != NULL) ==
	       q->heap_len + q->wheel_len + near_live + q->far_len);
	for (size_t i = 0; i < q->far_len; i++) {
		assert(q->far[i].ev->heap_index == EVENT_FAR_BASE + i);
		assert(q->far[i].time == q->far[i].ev->time &&
		       q->far[i].seq == q->far[i].ev->seq);
		assert(i == 0 ||
		       !slot_before(&q->far[i], &q->far[(i - 1) / 2]));
		assert((q->far[i].time >> EVENT_WHEEL_SHIFT) >=
		       q->wheel_next + EVENT_WHEEL_BUCKETS);
	}
	/* the wheel's bits against its buckets: in full at every 1024th
	 * push (4096 buckets at each call made debug builds' tests run for
	 * tens of minutes) */
	for (size_t b = 0; q->wheel != NULL && (q->next_seq & 1023) == 0 &&
			   b < EVENT_WHEEL_BUCKETS;
	     b++)
		assert(((q->wheel_busy[b / 64] >> (b % 64)) & 1) ==
		       (q->wheel[b] != NULL));
	assert(q->wheel_from == (q->wheel_len > 0
					 ? q->wheel_next << EVENT_WHEEL_SHIFT
					 : INT64_MAX));
	int64_t from =
		q->near_head < q->near_len &&
				q->near[q->near_head].time < q->wheel_from
			? q->near[q->near_head].time
			: q->wheel_from;

	if (q->aside_at < from)
		from = q->aside_at;
	if (q->far_len > 0 && q->far[0].time < from)
		from = q->far[0].time;
	assert(q->next_from == from);
	assert(q->aside_or_far ==
	       (q->far_len > 0 && q->far[0].time < q->aside_at ? q->far[0].time
							       : q->aside_at));
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

/* wheel_from follows wheel_len and wheel_next, next_from wheel_from
 * and the near list's first event.  The near list's events are all due
 * before wheel_from, and its first slot is live while it holds any
 * (near_advance()). */
static inline void
wheel_from_update(struct event_queue *q)
{
	q->wheel_from = q->wheel_len > 0 ? q->wheel_next << EVENT_WHEEL_SHIFT
					 : INT64_MAX;
	q->next_from =
		q->near_len > 0 ? q->near[q->near_head].time : q->wheel_from;
	if (q->aside_or_far < q->next_from)
		q->next_from = q->aside_or_far;
}

/* aside_or_far follows the entry aside and the far heap's first. */
static inline void
aside_or_far_update(struct event_queue *q)
{
	q->aside_or_far = q->far_len > 0 && q->far[0].time < q->aside_at
				  ? q->far[0].time
				  : q->aside_at;
	wheel_from_update(q);
}

/* The far heap (event_queue.h): binary, on (time, seq). */
static inline void
far_place(struct event_queue *q, size_t i, struct event_queue_slot slot)
{
	q->far[i] = slot;
	slot.ev->heap_index = EVENT_FAR_BASE + i;
}

static void
far_up(struct event_queue *q, size_t i)
{
	struct event_queue_slot slot = q->far[i];

	while (i > 0 && slot_before(&slot, &q->far[(i - 1) / 2])) {
		far_place(q, i, q->far[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	far_place(q, i, slot);
}

static void
far_down(struct event_queue *q, size_t i)
{
	struct event_queue_slot slot = q->far[i];

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= q->far_len)
			break;
		if (c + 1 < q->far_len &&
		    slot_before(&q->far[c + 1], &q->far[c]))
			c++;
		if (!slot_before(&q->far[c], &slot))
			break;
		far_place(q, i, q->far[c]);
		i = c;
	}
	far_place(q, i, slot);
}

static __attribute__((noinline)) void
far_insert(struct event_queue *q, struct event *ev)
{
	if (q->far_len == q->far_cap) {
		q->far_cap = q->far_cap ? 2 * q->far_cap : 16;
		q->far = xreallocarray(q->far, q->far_cap, sizeof(*q->far));
	}
	q->far[q->far_len] = (struct event_queue_slot){ev->seq, ev->time, ev};
	far_up(q, q->far_len++);
	aside_or_far_update(q);
}

/* Take the far heap's slot i out (its event's heap_index is left). */
static void
far_delete(struct event_queue *q, size_t i)
{
	struct event_queue_slot last = q->far[--q->far_len];

	if (i < q->far_len) {
		far_place(q, i, last);
		if (i > 0 && slot_before(&last, &q->far[(i - 1) / 2]))
			far_up(q, i);
		else
			far_down(q, i);
	}
	aside_or_far_update(q);
}

/* The near list's first slot has been taken or cancelled: go on to the
 * next live one. */
static void
near_advance(struct event_queue *q)
{
	do
		q->near_head++;
	while (q->near_head < q->near_len && q->near[q->near_head].ev == NULL);
	if (q->near_head == q->near_len)
		q->near_head = q->near_len = 0;
	wheel_from_update(q);
}

/* Bucket b (absolute) holds events, or none. */
static inline void
wheel_busy_set(struct event_queue *q, int64_t b, bool busy)
{
	size_t i = (size_t)(b & (EVENT_WHEEL_BUCKETS - 1));

	if (busy)
		q->wheel_busy[i / 64] |= UINT64_C(1) << (i % 64);
	else
		q->wheel_busy[i / 64] &= ~(UINT64_C(1) << (i % 64));
}

/* The first bucket at or after wheel_next that holds events (absolute);
 * the wheel holds some. */
static int64_t
wheel_first_busy(const struct event_queue *q)
{
	size_t from = (size_t)(q->wheel_next & (EVENT_WHEEL_BUCKETS - 1));

	/* words from `from` round the ring, the first one twice: its bits
	 * below `from` come last */
	for (size_t k = 0; k <= EVENT_WHEEL_BUCKETS / 64; k++) {
		size_t w = (from / 64 + k) % (EVENT_WHEEL_BUCKETS / 64);
		uint64_t bits = q->wheel_busy[w];

		if (k == 0)
			bits &= ~UINT64_C(0) << (from % 64);
		else if (k == EVENT_WHEEL_BUCKETS / 64)
			bits &= (UINT64_C(1) << (from % 64)) - 1;
		if (bits != 0) {
			size_t i = w * 64 + (size_t)__builtin_ctzll(bits);

			return q->wheel_next +
			       (int64_t)((i - from) &
					 (EVENT_WHEEL_BUCKETS - 1));
		}
	}
	assert(0);
	return q->wheel_next;
}

static void heap_insert(struct event_queue *q, struct event *ev);
static inline void wheel_link(struct event_queue *q, struct event *ev);

/* The wheel reaches further (wheel_next moved on): the far heap's events
 * it reaches now go into it, or into the heap if due in wheel_next's
 * bucket or before (the wheel takes none there). */
static __attribute__((noinline)) void
far_reach(struct event_queue *q)
{
	while (q->far_len > 0 && (q->far[0].time >> EVENT_WHEEL_SHIFT) <
					 q->wheel_next + EVENT_WHEEL_BUCKETS) {
		struct event *ev = q->far[0].ev;

		far_delete(q, 0);
		if ((ev->time >> EVENT_WHEEL_SHIFT) <= q->wheel_next)
			heap_insert(q, ev);
		else
			wheel_link(q, ev);
	}
}

/* Put ev in its bucket of the wheel if it is due at least a bucket after
 * wheel_next and within the wheel's reach, in the far heap if beyond.
 * Returns false when it belongs in the heap. */
static inline bool
wheel_insert(struct event_queue *q, struct event *ev)
{
	int64_t b = ev->time >> EVENT_WHEEL_SHIFT;

	/* Nothing waits: start from now (never before a bucket already
	 * emptied: the near list's events are all due before wheel_next). */
	if (q->wheel_len == 0 && q->wheel_next <= q->now >> EVENT_WHEEL_SHIFT) {
		q->wheel_next = (q->now >> EVENT_WHEEL_SHIFT) + 1;
		if (q->far_len > 0)
			far_reach(q);
	}
	if (b <= q->wheel_next)
		return false;
	if (b >= q->wheel_next + EVENT_WHEEL_BUCKETS)
		far_insert(q, ev);
	else
		wheel_link(q, ev);
	return true;
}

/* Link ev into its bucket, which the wheel reaches. */
static inline __attribute__((always_inline)) void
wheel_link(struct event_queue *q, struct event *ev)
{
	int64_t b = ev->time >> EVENT_WHEEL_SHIFT;
	struct event **head;

	if (q->wheel == NULL) {
		/* the lists, then their bits */
		q->wheel = xcalloc(EVENT_WHEEL_BUCKETS +
					   EVENT_WHEEL_BUCKETS / 64 *
						   sizeof(uint64_t) /
						   sizeof(struct event *),
				   sizeof *q->wheel);
		q->wheel_busy = (uint64_t *)(q->wheel + EVENT_WHEEL_BUCKETS);
	}
	head = &q->wheel[b & (EVENT_WHEEL_BUCKETS - 1)];
	if (*head == NULL)
		wheel_busy_set(q, b, true);
	ev->wheel_prev = NULL;
	ev->wheel_next = *head;
	if (*head != NULL)
		(*head)->wheel_prev = ev;
	*head = ev;
	ev->heap_index = EVENT_IN_WHEEL;
	q->wheel_len++;
	wheel_from_update(q);
}

static inline void
wheel_unlink(struct event_queue *q, struct event *ev)
{
	if (ev->wheel_prev != NULL)
		ev->wheel_prev->wheel_next = ev->wheel_next;
	else if ((q->wheel[(ev->time >> EVENT_WHEEL_SHIFT) &
			   (EVENT_WHEEL_BUCKETS - 1)] = ev->wheel_next) == NULL)
		wheel_busy_set(q, ev->time >> EVENT_WHEEL_SHIFT, false);
	if (ev->wheel_next != NULL)
		ev->wheel_next->wheel_prev = ev->wheel_prev;
	ev->wheel_next = ev->wheel_prev = NULL;
	q->wheel_len--;
	wheel_from_update(q);
}

static int
near_compare(const void *a, const void *b)
{
	return slot_before(a, b) ? -1 : slot_before(b, a) ? 1 : 0;
}

/* Move bucket wheel_next's events into the near list, which is empty,
 * sorted, and go on to the next bucket. */
static void
wheel_flush_one(struct event_queue *q)
{
	struct event **head =
		&q->wheel[q->wheel_next & (EVENT_WHEEL_BUCKETS - 1)];
	size_t n = 0;

	assert(q->near_head == 0 && q->near_len == 0);
	while (*head != NULL) {
		struct event *ev = *head;

		*head = ev->wheel_next;
		ev->wheel_next = ev->wheel_prev = NULL;
		q->wheel_len--;
		if (n == q->near_cap) {
			q->near_cap = q->near_cap ? 2 * q->near_cap : 64;
			q->near = xreallocarray(q->near, q->near_cap,
						sizeof(*q->near));
		}
		/* its seq unchanged: same order */
		q->near[n++] = (struct event_queue_slot){ev->seq, ev->time, ev};
	}
	if (n > 0)
		wheel_busy_set(q, q->wheel_next, false);
	if (n > 1)
		qsort(q->near, n, sizeof(*q->near), near_compare);
	for (size_t i = 0; i < n; i++)
		q->near[i].ev->heap_index = EVENT_NEAR_BASE + i;
	q->near_len = n;
	q->wheel_next++;
	wheel_from_update(q);
	if (q->far_len > 0)
		far_reach(q);
}

void
event_queue_drop_root(struct event_queue *q)
{
	q->running = NULL;
	if (--q->heap_len > 0)
		heap_replace_root(q, q->heap[q->heap_len]);
	event_queue_verify(q);
}

/* Is `time` too close for the wheel?  (wheel_insert() would say no: when
 * the wheel holds events, wheel_next is past now's bucket.)  Most events
 * are, and this spares them the wheel's questions. */
static inline bool
wheel_too_soon(const struct event_queue *q, int64_t time)
{
	return time < q->now + ((int64_t)1 << EVENT_WHEEL_SHIFT);
}

/* push_running() when the event goes into the wheel, or into a heap
 * of more than the root and its children. */
static __attribute__((noinline)) void
push_running_slow(struct event_queue *q, struct event *ev)
{
	struct event_queue_slot slot = {ev->seq, ev->time, ev};

	if (!wheel_too_soon(q, ev->time) && wheel_insert(q, ev)) {
		if (--q->heap_len > 0) /* the root's slot is free */
			heap_replace_root(q, q->heap[q->heap_len]);
	} else {
		sift_down_slot(q, 0, slot);
	}
	event_queue_verify(q);
}

/*
 * event_queue_push() of the event that runs: it schedules itself again
 * (a link's serializer, a pipe's head).  Its slot, still the root, takes
 * the new key and moves down once; the order (time, seq) is the same as
 * after a pop and a push.  Inline here, in registers, the usual case: a
 * heap of the root and its children (heap_replace_root()).
 */
static __attribute__((noinline)) void
push_running(struct event_queue *q, struct event *ev, int64_t time)
{
	struct event_queue_slot *h = q->heap;
	size_t n = q->heap_len, best = 0;
	uint64_t seq = q->next_seq++;
	slot_key_t k;

	ev->time = time;
	ev->seq = seq;
	q->len++;
	q->running = NULL;
	if (!wheel_too_soon(q, time) || n > EVENT_QUEUE_ARITY + 1) {
		push_running_slow(q, ev);
		return;
	}
	k = (slot_key_t)((unsigned __int128)(uint64_t)time << 64 | seq);
#pragma GCC unroll 4
	for (size_t c = 1; c < n; c++) {
		slot_key_t ck = slot_key(&h[c]);

		if (ck < k) {
			k = ck;
			best = c;
		}
	}
	if (best != 0)
		heap_place(q, 0, h[best]);
	h[best].seq = seq;
	h[best].time = time;
	h[best].ev = ev;
	ev->heap_index = best;
	event_queue_verify(q);
}

static __attribute__((noinline)) void
push_other(struct event_queue *q, struct event *ev, int64_t time)
{
	if (event_pending(ev))
		event_queue_remove(q, ev);
	ev->time = time;
	ev->seq = q->next_seq++;
	q->len++;
	if (wheel_too_soon(q, time) || !wheel_insert(q, ev))
		heap_insert(q, ev);
	event_queue_verify(q);
}

void
event_queue_push(struct event_queue *q, struct event *ev, int64_t time)
{
	if (ev == q->running)
		push_running(q, ev, time);
	else
		push_other(q, ev, time);
}

void
event_queue_remove(struct event_queue *q, struct event *ev)
{
	size_t i = ev->heap_index;

	if (i == EVENT_IDLE)
		return;
	if (i == EVENT_IN_WHEEL) {
		wheel_unlink(q, ev);
	} else if (i >= EVENT_NEAR_BASE) {
		q->near[i - EVENT_NEAR_BASE].ev = NULL;
		if (i - EVENT_NEAR_BASE == q->near_head)
			near_advance(q);
	} else if (i >= EVENT_FAR_BASE) {
		far_delete(q, i - EVENT_FAR_BASE);
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
	/* The heap's first event is the next unless the wheel or the near
	 * list holds one due no later.  Empty the wheel's buckets into the
	 * near list up to it (only when the near list is empty: its events
	 * are all due before the wheel's). */
	while (q->wheel_len > 0 && q->near_head == q->near_len &&
	       (q->heap_len == 0 || q->heap[0].time >= q->wheel_from)) {
		int64_t busy = wheel_first_busy(q);

		if (busy > q->wheel_next) {
			/* the empty buckets before it: as far as flushing
			 * them one by one went, to it or past the heap's
			 * first event's bucket */
			int64_t past_heap = q->heap_len > 0
						    ? (q->heap[0].time >>
						       EVENT_WHEEL_SHIFT) +
							      1
						    : busy;

			q->wheel_next = busy < past_heap ? busy : past_heap;
			wheel_from_update(q);
			if (q->far_len > 0)
				far_reach(q);
			continue;
		}
		wheel_flush_one(q);
	}
	/* The far heap's first, with nothing in the wheel or the near list
	 * (whose events all come before the far heap's), if it comes before
	 * the heap's: into the heap (the wheel, empty, may lag behind). */
	if (q->far_len > 0 && q->wheel_len == 0 &&
	    q->near_head == q->near_len &&
	    (q->heap_len == 0 || slot_before(&q->far[0], &q->heap[0]))) {
		struct event *ev = q->far[0].ev;

		far_delete(q, 0);
		heap_insert(q, ev);
		event_queue_verify(q);
	}
	/* The near list's first, if it comes before the heap's, goes to
	 * the heap's root. */
	if (q->near_head < q->near_len &&
	    (q->heap_len == 0 ||
	     slot_before(&q->near[q->near_head], &q->heap[0]))) {
		struct event *ev = q->near[q->near_head].ev;

		near_advance(q);
		heap_insert(q, ev);
		event_queue_verify(q);
	}
	/* The entry aside, if it comes first: NULL says so. */
	if (q->aside_at != INT64_MAX &&
	    (q->heap_len == 0 || q->aside_at < q->heap[0].time ||
	     (q->aside_at == q->heap[0].time && q->aside_seq < q->heap[0].seq)))
		return NULL;
	return q->heap_len ? q->heap[0].ev : NULL;
}

void
event_queue_set_aside(struct event_queue *q, int64_t time)
{
	q->aside_at = time;
	q->aside_seq = q->next_seq++;
	aside_or_far_update(q);
	event_queue_verify(q);
}

int64_t
event_queue_take_aside(struct event_queue *q)
{
	int64_t at = q->aside_at;

	q->aside_at = INT64_MAX;
	q->now = at;
	aside_or_far_update(q);
	event_queue_verify(q);
	return at;
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
	assert(q->heap_len > 0 && q->heap[0].ev == ev && q->running == NULL);
	event_queue_begin(q, ev);
	event_queue_drop_root(q);
}
