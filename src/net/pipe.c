/* SPDX-License-Identifier: ISC */
/* pipe.c: FIFO delay line with one event for its head; see pipe.h. */
#include "net/pipe.h"

#include "net/packet.h"
#include "model/sim_internal.h"

static void pipe_on_head_ready(struct sim *sim, struct event *ev);

void
pipe_init(struct pipe *pp, pipe_deliver_fn deliver, void *ctx)
{
	pp->head = pp->tail = NULL;
	pp->count = 0;
	event_init(&pp->head_ready, pipe_on_head_ready, pp);
	pp->deliver = deliver;
	pp->ctx = ctx;
	pp->ahead = NULL;
	pp->near = NULL;
}

void
pipe_set_ahead(struct pipe *pp, pipe_ahead_fn ahead)
{
	pp->ahead = ahead;
}

void
pipe_set_near(struct pipe *pp, pipe_ahead_fn near)
{
	pp->near = near;
}

void
pipe_clear(struct sim *sim, struct pipe *pp)
{
	while (pp->head != NULL) {
		struct packet *p = pp->head;

		pp->head = p->next;
		packet_release(&sim->pool, p);
	}
	pp->tail = NULL;
	pp->count = 0;
	sim_cancel(sim, &pp->head_ready);
}

void
pipe_push(struct sim *sim, struct pipe *pp, struct packet *p, int64_t delay_ns)
{
	int64_t ready = sim->eng.now + delay_ns;

	/* FIFO even when the delay shrank: never overtake the tail. */
	if (pp->tail != NULL && pp->tail->ready_at > ready)
		ready = pp->tail->ready_at;
	p->ready_at = ready;
	p->next = NULL;
	if (pp->tail != NULL)
		pp->tail->next = p;
	else
		pp->head = p;
	pp->tail = p;
	pp->count++;
	if (pp->head == p)
		sim_schedule(sim, &pp->head_ready, ready);
}

/*
 * `head` has become the head: the packets leave a serialization time
 * apart or more, so fetching now what the next departures need hides
 * the cache misses of the next calls.  Three deep, each step reading
 * only lines the step before fetched a departure earlier: the packet two
 * behind `head` (its own lines: the one behind head points to it), what
 * delivering the one behind `head` will touch first (`ahead`: its flow's
 * lines), and what delivering `head` will touch behind those (`near`:
 * the ring entry its sender's lines point to).  Fetched one departure
 * ahead, the sender's lines and the ring entry they point to were a
 * dependent pair of misses that one serialization time did not hide.
 */
static __attribute__((noinline)) void
pipe_look_ahead_hints(struct sim *sim, struct pipe *pp,
		      const struct packet *head)
{
	const struct packet *n = head->next;

	if (n != NULL) {
		if (n->next != NULL)
			packet_prefetch(n->next);
		pp->ahead(sim, pp->ctx, n);
	}
	if (pp->near != NULL)
		pp->near(sim, pp->ctx, head);
}

/* Without hints (a few flows), the packet behind alone; the hints out of
 * line, where they cost a call among the misses they hide. */
static inline void
pipe_look_ahead(struct sim *sim, struct pipe *pp, const struct packet *head)
{
	if (pp->ahead != NULL)
		pipe_look_ahead_hints(sim, pp, head);
	else if (head->next != NULL)
		packet_prefetch(head->next);
}

static void
pipe_on_head_ready(struct sim *sim, struct event *ev)
{
	struct pipe *pp = ev->owner;

	/* Every packet due now leaves, in order; then wait for the next. */
	while (pp->head != NULL && pp->head->ready_at <= sim->eng.now) {
		struct packet *p = pp->head;

		pp->head = p->next;
		if (pp->head == NULL)
			pp->tail = NULL;
		else
			pipe_look_ahead(sim, pp, pp->head);
		pp->count--;
		p->next = NULL;
		pp->deliver(sim, pp->ctx, p);
	}
	if (pp->head != NULL)
		sim_schedule(sim, &pp->head_ready, pp->head->ready_at);
}
