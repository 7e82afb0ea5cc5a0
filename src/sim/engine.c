/* SPDX-License-Identifier: ISC */
/*
 * engine.c: the event loop, samples, the end of a run and the observer
 * list.  See engine.h.
 */
#include "sim/engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/sentence.h"
#include "util/xmalloc.h"

static const char *const trace_kind_names[TRACE_KIND_COUNT] = {
	[TRACE_SEND] = "send",
	[TRACE_RETRANSMIT] = "retransmit",
	[TRACE_ENQUEUE] = "enqueue",
	[TRACE_DROP] = "drop",
	[TRACE_DELIVER] = "deliver",
	[TRACE_ACK] = "ack",
	[TRACE_DUPACK] = "dupack",
	[TRACE_WINDOW_UPDATE] = "window_update",
	[TRACE_ZERO_WINDOW] = "zero_window",
	[TRACE_PROBE] = "probe",
	[TRACE_TIMEOUT] = "timeout",
	[TRACE_FAST_RETRANSMIT] = "fast_retransmit",
	[TRACE_RECOVERY_EXIT] = "recovery_exit",
	[TRACE_APP_WRITE] = "app_write",
	[TRACE_APP_READ] = "app_read",
	[TRACE_TIMELINE] = "timeline",
	[TRACE_HYSTART] = "hystart",
	[TRACE_CE_MARK] = "ce_mark",
	[TRACE_ECN] = "ecn_echo",
	[TRACE_PING] = "ping",
	[TRACE_RELAY] = "relay",
};

const char *
trace_kind_name(enum trace_kind kind)
{
	if ((unsigned)kind < TRACE_KIND_COUNT)
		return trace_kind_names[kind];
	return "?";
}

const char *
trace_where_name(enum trace_where where)
{
	switch (where) {
	case WHERE_SENDER:
		return "sender";
	case WHERE_QUEUE:
		return "queue";
	case WHERE_LINK:
		return "link";
	case WHERE_RECEIVER:
		return "receiver";
	}
	return "?";
}

void
engine_init(struct engine *eng, struct sim *owner, int64_t end_ns,
	    uint64_t seed, int64_t sample_interval_ns,
	    void (*sync)(struct sim *owner))
{
	memset(eng, 0, sizeof(*eng));
	eng->now = 0;
	eng->end_ns = end_ns;
	eng->owner = owner;
	eng->sync = sync;
	eng->sample_interval_ns = sample_interval_ns;
	event_queue_init(&eng->queue);
	rng_seed(&eng->rng, seed);
	eng->last_sample_ns = -1;
}

void
engine_free(struct engine *eng)
{
	event_queue_free(&eng->queue);
	sentence_book_free(eng->sentences);
	eng->sentences = NULL;
	free(eng->observers);
	eng->observers = NULL;
	eng->n_observers = 0;
}

void
engine_add_observer(struct engine *eng, const struct sim_observer *obs)
{
	eng->observers = xreallocarray(eng->observers, eng->n_observers + 1,
				       sizeof(*eng->observers));
	eng->observers[eng->n_observers++] = *obs;
	if (obs->on_event != NULL) {
		eng->tracing = true;
		eng->n_sentence_readers++;
	}
	if (obs->on_event_args != NULL) {
		eng->tracing = true;
		eng->n_argument_readers++;
	}
	if (obs->on_packet != NULL)
		eng->capturing = true;
	if (obs->on_sample != NULL && !eng->sampling) {
		eng->sampling = true;
		if (eng->now == 0 && eng->events_run == 0)
			engine_schedule_sample(eng, 0);
	}
}

/* ev->detail from `fmt`: the formats read once
 * (sentence.h), vsnprintf for the rest. */
static void
engine_sentence(struct engine *eng, struct trace_event *ev, const char *fmt,
		va_list ap)
{
	if (eng->sentences == NULL)
		eng->sentences = sentence_book_new();
	if (sentence_format(eng->sentences, ev->detail, sizeof(ev->detail), fmt,
			    ap) < 0) {
		ev->detail[0] = '\0';
		vsnprintf(ev->detail, sizeof(ev->detail), fmt, ap);
		ev->detail[sizeof(ev->detail) - 1] = '\0';
	}
}

/* Does some on_event observer read this event's sentence?  (Inline in
 * engine_trace_event(), where every event traced asks.) */
static inline __attribute__((always_inline)) bool
engine_detail_wanted(const struct engine *eng, const struct trace_event *ev)
{
	for (size_t i = 0; i < eng->n_observers; i++) {
		const struct sim_observer *obs = &eng->observers[i];

		if (obs->on_event != NULL &&
		    (obs->wants_detail == NULL ||
		     obs->wants_detail(obs->ctx, ev)))
			return true;
	}
	return false;
}

bool
engine_trace_wanted(struct engine *eng, const struct trace_event *ev)
{
	bool wanted;

	if (eng->n_argument_readers > 0)
		return true; /* (the others asked as it is traced) */
	wanted = eng->n_sentence_readers > 0 && engine_detail_wanted(eng, ev);
	eng->detail_ahead = wanted ? 2 : 1;
	return wanted;
}

void
engine_trace_event(struct engine *eng, struct trace_event *ev,
		   const char *fmt, va_list ap)
{
	bool wanted;

	if (__builtin_expect(eng->detail_ahead == 0, 1)) {
		wanted = eng->n_sentence_readers > 0 &&
			 engine_detail_wanted(eng, ev);
	} else { /* asked already (engine_trace_wanted()) */
		wanted = eng->detail_ahead == 2;
		eng->detail_ahead = 0;
	}
	if (wanted) {
		if (eng->n_argument_readers > 0) {
			/* an on_event_args observer reads them too */
			va_list again;

			va_copy(again, ap);
			engine_sentence(eng, ev, fmt, again);
			va_end(again);
		} else {
			engine_sentence(eng, ev, fmt, ap);
		}
	}
	for (size_t i = 0; i < eng->n_observers; i++) {
		const struct sim_observer *obs = &eng->observers[i];

		if (obs->on_event != NULL)
			obs->on_event(obs->ctx, eng->owner, ev);
		if (obs->on_event_args != NULL) {
			/* Each its own copy of the arguments; none needed
			 * when this is their only reader (no va_copy: a copy
			 * of the va_list sim_trace() has just built stalls
			 * on its fields' stores). */
			if (eng->n_sentence_readers > 0 ||
			    eng->n_argument_readers > 1) {
				va_list again;

				va_copy(again, ap);
				obs->on_event_args(obs->ctx, eng->owner, ev,
						   fmt, again);
				va_end(again);
			} else {
				obs->on_event_args(obs->ctx, eng->owner, ev,
						   fmt, ap);
			}
		}
	}
}

void
engine_capture(struct engine *eng, const struct trace_packet *pkt)
{
	for (size_t i = 0; i < eng->n_observers; i++)
		if (eng->observers[i].on_packet != NULL)
			eng->observers[i].on_packet(eng->observers[i].ctx,
						    eng->owner, pkt);
}

static void __attribute__((noreturn, cold))
engine_backwards(const struct engine *eng, int64_t at);

static void
engine_sample_now(struct engine *eng)
{
	if (eng->sync != NULL)
		eng->sync(eng->owner);
	eng->last_sample_ns = eng->now;
	eng->last_sample_events = eng->events_run;
	for (size_t i = 0; i < eng->n_observers; i++)
		if (eng->observers[i].on_sample != NULL)
			eng->observers[i].on_sample(eng->observers[i].ctx,
						    eng->owner, eng->now);
}

/* The sample kept aside in the queue, which event_queue_peek() has
 * just said comes first, run as an event of its own would: the clock
 * moves to it, it counts as an event, the next is scheduled. */
static void
engine_run_sample(struct engine *eng)
{
	int64_t at = event_queue_take_aside(&eng->queue);

	if (at < eng->now)
		engine_backwards(eng, at);
	eng->now = at;
	eng->events_run++;
	engine_sample_now(eng);
	engine_schedule_sample(eng, at + eng->sample_interval_ns);
	if (eng->end_requested)
		engine_finish(eng);
}

void
engine_finish(struct engine *eng)
{
	if (eng->finished)
		return;
	eng->finished = true;
	if (eng->sync != NULL)
		eng->sync(eng->owner);
	/*
	 * The last row shows the state the run ended in: a sample at this
	 * very instant is not enough when events ran after it (a run that
	 * ends at t = 0 has sampled its start, not its end).
	 */
	if (eng->sampling && (eng->last_sample_ns < eng->now ||
			      eng->last_sample_events != eng->events_run))
		engine_sample_now(eng);
}

/* The clock would go backwards: a bug, not the scenario's fault. */
static void
engine_backwards(const struct engine *eng, int64_t at)
{
	fprintf(stderr,
		"tcpsim: invariant violated at t=%lld ns: the clock "
		"would go backwards: event at %lld ns\n"
		"This is a bug in tcpsim, not in the scenario.\n",
		(long long)eng->now, (long long)at);
	abort();
}

/* Run `ev`, which event_queue_peek() has just returned.  It keeps its
 * slot in the queue while it runs (event_queue_begin()): most events
 * schedule themselves again, which then costs the heap one sift. */
static inline void
engine_run_event(struct engine *eng, struct event *ev)
{
	int64_t at = ev->time;

	if (at < eng->now)
		engine_backwards(eng, at);
	event_queue_begin(&eng->queue, ev);
	eng->now = at;
	eng->events_run++;
	ev->fn(eng->owner, ev);
	event_queue_end(&eng->queue);
	if (eng->end_requested)
		engine_finish(eng);
}

bool
engine_step(struct engine *eng)
{
	struct event *ev;

	if (eng->finished)
		return false;
	ev = event_queue_peek(&eng->queue);
	if (ev == NULL && event_queue_aside_first(&eng->queue) &&
	    eng->queue.aside_at <= eng->end_ns) {
		engine_run_sample(eng);
		return true;
	}
	if (ev == NULL || ev->time > eng->end_ns) {
		/* Nothing more happens before the end. */
		eng->now = eng->end_ns;
		engine_finish(eng);
		return false;
	}
	engine_run_event(eng, ev);
	return true;
}

bool
engine_run_until(struct engine *eng, int64_t t, uint64_t max_events)
{
	struct event_queue *q = &eng->queue;
	int64_t limit = t < eng->end_ns ? t : eng->end_ns;
	uint64_t budget = max_events;

	/* engine_step() in a loop, its questions asked once: only the
	 * event's end request finishes the run (engine_finish()). */
	while (!eng->finished) {
		struct event *ev = event_queue_peek(q);

		if (ev == NULL) {
			/* empty, or the sample kept aside comes first
			 * (aside_at INT64_MAX when there is none) */
			if (q->aside_at > limit)
				break;
			if (budget == 0)
				return false;
			budget--;
			engine_run_sample(eng);
			continue;
		}
		if (q->heap[0].time > limit)
			break;
		if (budget == 0)
			return false;
		budget--;
		engine_run_event(eng, ev);
	}
	if (eng->finished)
		return true;
	if (t >= eng->end_ns) {
		eng->now = eng->end_ns;
		engine_finish(eng);
	} else if (t > eng->now) {
		eng->now = t;
	}
	return true;
}
