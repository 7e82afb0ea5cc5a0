/* SPDX-License-Identifier: ISC */
/*
 * event_queue.h: the future event list.
 *
 * Events are owned by the objects they belong to (a sender embeds its
 * retransmission timer, a link its "serialization done" event): the queue
 * only holds pointers, so scheduling allocates nothing.
 *
 * Ordering rule: an event A runs before B when A.time < B.time, or when the
 * times are equal and A was pushed first (A.seq < B.seq).  Insertion
 * sequence numbers are never reused, so simultaneous events run
 * first-in, first-out and every run is reproducible.
 *
 * Invariants: an event is in the queue if and only if its heap_index is
 * not EVENT_IDLE; ev->heap_index is its position in the heap array,
 * EVENT_IN_WHEEL, EVENT_NEAR_BASE + its position in the near list, or
 * EVENT_FAR_BASE + its position in the far heap.  Every event in the
 * wheel is due at or after the start of bucket wheel_next, every event
 * of the near list before it, every event of the far heap at or after
 * bucket wheel_next + EVENT_WHEEL_BUCKETS (the wheel's reach); the next
 * event is the heap's first or the near list's first, whichever comes
 * first, or the far heap's first when the wheel and the near list are
 * empty and it comes before the heap's.
 * Removing any event (cancel) is O(log n); pushing and popping are
 * O(log n).  The heap is 4-ary (half as deep as a binary one, and a
 * node's children share a cache line or two) and holds each event's key
 * (time, seq) beside the pointer.  Only the order (time, seq) is
 * observable, and it is a total order, so the shape of the heap never
 * changes which event runs next.
 *
 * The event that runs keeps its heap slot while it runs (`running`): an
 * event that schedules itself again, as a link's serializer and a pipe's
 * head do for nearly every event they run, then costs one sift from the
 * root instead of a pop and a push (two sifts).  Its slot's time reads
 * INT64_MIN meanwhile, so that nothing pushed while it runs can climb
 * above it; the event itself is not pending (heap_index EVENT_IDLE), as
 * if it had been popped.
 */
#ifndef TCPSIM_EVENT_QUEUE_H
#define TCPSIM_EVENT_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sim;
struct event;

/* What an event does when it runs. */
typedef void (*event_fn)(struct sim *sim, struct event *ev);

#define EVENT_IDLE SIZE_MAX
/* heap_index of an event waiting in the timer wheel */
#define EVENT_IN_WHEEL (SIZE_MAX - 1)
/* heap_index from here up to EVENT_IN_WHEEL: the event waits in the
 * queue's near list, at position heap_index - EVENT_NEAR_BASE */
#define EVENT_NEAR_BASE (SIZE_MAX / 2)
/* heap_index from here up to EVENT_NEAR_BASE: the event waits beyond
 * the wheel's reach, at position heap_index - EVENT_FAR_BASE of the far
 * heap */
#define EVENT_FAR_BASE (SIZE_MAX / 4)

struct event {
	int64_t time;		  /* when it runs, ns */
	uint64_t seq;		  /* insertion sequence, breaks ties FIFO */
	size_t heap_index;	  /* position in the heap, EVENT_IN_WHEEL, or
				     EVENT_IDLE when not queued */
	struct event *wheel_next; /* EVENT_IN_WHEEL: the bucket's list */
	struct event *wheel_prev; /* (doubly linked: cancelling is O(1)) */
	event_fn fn;		  /* the action */
	void *owner;		  /* the object the event belongs to */
};

/* A heap slot: the event's key is copied here, so that comparisons on
 * the way up or down read the heap array alone, not the events (with
 * 10 000 flows their timers are scattered over megabytes). */
struct event_queue_slot {
	uint64_t seq;	  /* ev->seq (first: with time after it, the two
			     read as one 128-bit key, event_queue.c) */
	int64_t time;	  /* ev->time */
	struct event *ev; /* the event */
};

/* The timer wheel: buckets of 2^20 ns (about 1 ms), 4096 of them (about
 * 4.4 s ahead). */
#define EVENT_WHEEL_SHIFT   20
#define EVENT_WHEEL_BUCKETS 4096

struct event_queue {
	struct event_queue_slot *heap; /* 4-ary min-heap on (time, seq) */
	size_t heap_len;	       /* events in the heap */
	/* min(wheel_from, the near list's first time; INT64_MAX when both
	 * are empty): a heap event due before it is the next event (beside
	 * heap and heap_len, which event_queue_peek() reads with it) */
	int64_t next_from;
	size_t len;	       /* events queued: heap, wheel, near */
	size_t cap;	       /* heap slots allocated */
	uint64_t next_seq;     /* next insertion sequence number */
	int64_t now;	       /* time of the last event popped */
	struct event *running; /* the event that runs, its slot
				  still heap[0], or NULL */
	/* Events due at least a bucket ahead wait in the wheel, unsorted,
	 * and go into the heap (with the seq they were pushed with) when
	 * the heap's next event reaches their bucket: most timers (delayed
	 * ACKs, retransmission and persist timers) are cancelled or moved
	 * before then, and never cost a heap operation. */
	struct event **wheel; /* EVENT_WHEEL_BUCKETS lists, or NULL */
	/* which buckets hold any, a bit each (in the wheel's allocation,
	 * after the lists): time with nothing due is skipped, not walked a
	 * bucket at a time (a probe every 4 s cost 1 us an event) */
	uint64_t *wheel_busy;
	size_t wheel_len;   /* events in the wheel */
	int64_t wheel_next; /* lowest bucket (time >> EVENT_WHEEL_SHIFT)
			       not yet emptied into the heap */
	int64_t wheel_from; /* wheel_next's first nanosecond, INT64_MAX
			       while the wheel is empty */
	/* A bucket of the wheel, when its time comes, goes into the near
	 * list, sorted on (time, seq), not into the heap: each of its
	 * events goes into the heap only as it becomes the next event.
	 * With thousands of flows a millisecond's bucket holds dozens of
	 * timers, each in another flow's state: in the heap every sift
	 * would move some of them, and write each one's heap_index, a
	 * cache miss; the heap keeps the few events that reschedule
	 * themselves (links, pipes), small enough for its quick paths. */
	/* One entry kept aside, not an event: the engine's next sample.
	 * It is ordered as an event of this time and seq would be, its seq
	 * drawn as a push draws one, and next_from counts it, so that the
	 * heap's quick path in event_queue_peek() needs no test of its own
	 * (in the heap it was one more entry that every self-rescheduling
	 * event compared with).  aside_at INT64_MAX: none. */
	int64_t aside_at;
	uint64_t aside_seq;
	int64_t aside_or_far; /* min(aside_at, the far heap's first time):
				 next_from's term for both */
	struct event_queue_slot *near; /* sorted; a cancelled event's slot
					  has ev NULL */
	size_t near_head;	       /* first slot not yet taken */
	size_t near_len;	       /* slots filled */
	size_t near_cap;	       /* slots allocated */
	/* Events due beyond the wheel's reach wait in a binary heap of
	 * their own on (time, seq), and go into the wheel as it turns to
	 * them (or into the heap, due next).  In the heap, a flow starting
	 * a minute later or a timer backed off to a minute was one more
	 * entry every self-rescheduling event compared with: six such made
	 * every event of the reference case a quarter dearer. */
	struct event_queue_slot *far;
	size_t far_len; /* events in it */
	size_t far_cap; /* slots allocated */
};

/* Prepare an event that belongs to `owner` and runs `fn`. */
void event_init(struct event *ev, event_fn fn, void *owner);

static inline bool
event_pending(const struct event *ev)
{
	return ev->heap_index != EVENT_IDLE;
}

void event_queue_init(struct event_queue *q);
void event_queue_free(struct event_queue *q);

/* Queue `ev` at `time`; an event already queued is moved (rescheduled). */
void event_queue_push(struct event_queue *q, struct event *ev, int64_t time);

/* Take `ev` out of the queue; a no-op when it is not queued. */
void event_queue_remove(struct event_queue *q, struct event *ev);

/* (event_queue_peek()'s slow path: the wheel's buckets move into the
 * heap up to the next event.) */
struct event *event_queue_peek_wheel(struct event_queue *q);

/* The next event, or NULL when empty or when the entry aside comes
 * first (event_queue_aside_first()); not removed (but the wheel's
 * buckets up to it move into the heap). */
static inline struct event *
event_queue_peek(struct event_queue *q)
{
	/* Every event in the wheel or the near list, and the entry aside,
	 * is due at or after next_from: a heap event due before it is the
	 * next. */
	if (q->heap_len > 0 && q->heap[0].time < q->next_from)
		return q->heap[0].ev;
	return event_queue_peek_wheel(q);
}

/* Keep the entry aside at `time` (>= now), a new seq drawn for it; it
 * replaces the one kept before, if any. */
void event_queue_set_aside(struct event_queue *q, int64_t time);

/* After event_queue_peek() said NULL: is that the entry aside, due
 * first (else the queue is empty)? */
static inline bool
event_queue_aside_first(const struct event_queue *q)
{
	return q->aside_at != INT64_MAX;
}

/* Take the entry aside (event_queue_aside_first()): the clock of the
 * queue moves to its time, which is returned. */
int64_t event_queue_take_aside(struct event_queue *q);

/* Remove and return the next event, or NULL when empty. */
struct event *event_queue_pop(struct event_queue *q);

/* Remove `ev`, which event_queue_peek() has just returned (the loop of
 * the simulator peeks to compare the time with the end first). */
void event_queue_pop_peeked(struct event_queue *q, struct event *ev);

/* (event_queue_end()'s work: take the root slot out of the heap.) */
void event_queue_drop_root(struct event_queue *q);

/*
 * The loop of the simulator, instead of event_queue_pop_peeked(): `ev`,
 * which event_queue_peek() has just returned, is about to run.  It is no
 * longer pending, but keeps the root slot until it schedules itself
 * again (event_queue_push() then moves the slot down once) or until
 * event_queue_end(), after it has run.  Nothing may peek or pop between
 * the two.
 */
static inline void
event_queue_begin(struct event_queue *q, struct event *ev)
{
	ev->heap_index = EVENT_IDLE;
	q->len--;
	q->now = ev->time;
	q->heap[0].time = INT64_MIN; /* below anything pushed meanwhile */
	q->running = ev;
}

/* The event begun has run: its slot leaves the heap if it is still
 * there. */
static inline void
event_queue_end(struct event_queue *q)
{
	if (q->running != NULL)
		event_queue_drop_root(q);
}

#endif
