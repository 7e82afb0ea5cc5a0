/* SPDX-License-Identifier: ISC */
/*
 * engine.h: the discrete-event engine, and nothing else.
 *
 * The engine keeps the clock, the future event list, the one random
 * generator and the observers, and runs events in order.  It knows
 * nothing of links, flows or TCP: the model that owns it (struct sim,
 * model/sim_internal.h) is to the engine an opaque token, handed to every
 * event it runs and to every observer it calls.
 *
 * A run ends at `end_ns`, or after the event during which the model
 * called engine_request_end() (every flow done).  Ending runs the model's
 * `sync` hook (statistics brought up to the clock) and, when some
 * observer samples, a last sample at the end time unless one was taken
 * at that very instant after the last event.
 *
 * Samples: when an observer with on_sample is added at the start, the
 * engine samples at 0 and every `sample_interval_ns` after, each sample
 * preceded by `sync`.  A sample runs, and counts, as an event would.
 */
#ifndef TCPSIM_ENGINE_H
#define TCPSIM_ENGINE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/event_queue.h"
#include "sim/observer.h"
#include "sim/rng.h"

struct sim;
struct sentence_book;

struct engine {
	int64_t now;		  /* the clock, ns */
	int64_t end_ns;		  /* the configured duration */
	bool finished;		  /* the run has ended */
	bool end_requested;	  /* the model is done: end after this event */
	uint64_t events_run;	  /* events executed so far */
	struct event_queue queue; /* future events */
	struct rng rng;		  /* the one random generator */
	struct sim *owner; /* the model, handed to events and observers */
	void (*sync)(struct sim *owner); /* bring statistics up to now */
	struct sim_observer *observers;	 /* registered observers */
	size_t n_observers;		 /* how many */
	bool tracing;			 /* some observer wants trace events */
	bool sampling;			 /* some observer wants samples */
	bool capturing;			 /* some observer wants packets */
	unsigned char detail_ahead;	 /* engine_trace_wanted() said, of the
					    event traced next: 0 not asked, 1
					    none reads it, 2 one does */
	int64_t sample_interval_ns;	 /* time between samples */
	/* (the next sample is the queue's entry aside, event_queue.h) */
	int64_t last_sample_ns;	     /* time of the last sample, -1 before */
	uint64_t last_sample_events; /* events_run at the last sample */
	/* the formats of engine_trace()'s sentences, read once
	 * (trace/sentence.h); made at the first event traced */
	struct sentence_book *sentences;
	/* observers with on_event: the sentence is written for them */
	size_t n_sentence_readers;
	/* observers with on_event_args: they read its arguments */
	size_t n_argument_readers;
};

/*
 * Start an engine at time 0 for `owner`: the run ends at `end_ns`; the
 * generator is seeded with `seed`; `sync` (may be NULL) is called before
 * each sample and at the end.
 */
void engine_init(struct engine *eng, struct sim *owner, int64_t end_ns,
		 uint64_t seed, int64_t sample_interval_ns,
		 void (*sync)(struct sim *owner));

/* Free the event queue (every event it holds is marked idle first: call
 * this before freeing the objects the events live in). */
void engine_free(struct engine *eng);

/* Register an observer (copied).  Call before the first step. */
void engine_add_observer(struct engine *eng, const struct sim_observer *obs);

/* Schedule `ev` at `at` (>= now); an already queued event is moved. */
static inline void
engine_schedule(struct engine *eng, struct event *ev, int64_t at)
{
	event_queue_push(&eng->queue, ev, at);
}

/* The next sample at `at`, kept aside in the queue. */
static inline void
engine_schedule_sample(struct engine *eng, int64_t at)
{
	event_queue_set_aside(&eng->queue, at);
}

static inline void
engine_cancel(struct engine *eng, struct event *ev)
{
	event_queue_remove(&eng->queue, ev);
}

/* The model is done: the run ends after the event running now. */
static inline void
engine_request_end(struct engine *eng)
{
	eng->end_requested = true;
}

/*
 * Run the next event.  Returns false, doing nothing, when the run has
 * ended (end time reached or the end requested).
 */
bool engine_step(struct engine *eng);

/*
 * Run every event with time <= t (and not past the end), at most
 * `max_events` of them; then now = t.  Returns false when the budget ran
 * out first (the clock then stands at the last event run).
 */
bool engine_run_until(struct engine *eng, int64_t t, uint64_t max_events);

/* End the run now (idempotent). */
void engine_finish(struct engine *eng);

/*
 * Will an observer read the sentence of `ev`, traced next (its fields as
 * engine_trace() will set them, detail not written), or its arguments?
 * For a caller with an argument that costs to write (why a segment is
 * resent, SACK blocks as text): where nobody reads it, it is left
 * unwritten.  The observers are asked now instead of as it is traced
 * (still once), so nothing else may be traced in between.
 */
bool engine_trace_wanted(struct engine *eng, const struct trace_event *ev);

/* engine_trace() for any set of observers: the sentence written into
 * ev->detail for those that read it, the arguments to the others. */
void engine_trace_event(struct engine *eng, struct trace_event *ev,
			const char *fmt, va_list ap);

/* The fields of an event traced now, its sentence not written yet. */
static inline void
engine_trace_fields(const struct engine *eng, struct trace_event *ev,
		    uint32_t flow, enum trace_where where, enum trace_kind kind,
		    uint32_t seq, uint32_t ack, uint32_t len, uint64_t win)
{
	ev->time_ns = eng->now;
	ev->flow = flow;
	ev->where = where;
	ev->kind = kind;
	ev->seq = seq;
	ev->ack = ack;
	ev->len = len;
	ev->win = win;
	ev->detail[0] = '\0';
}

/*
 * Tell observers about an event, its sentence formatted from `fmt`.
 * Callers test eng->tracing first, so that a run without observers
 * formats nothing.  `fmt` is a string literal: its reading is kept by
 * address (trace/sentence.h).
 */
static inline void
engine_trace(struct engine *eng, uint32_t flow, enum trace_where where,
	     enum trace_kind kind, uint32_t seq, uint32_t ack, uint32_t len,
	     uint64_t win, const char *fmt, va_list ap)
{
	struct trace_event ev;

	engine_trace_fields(eng, &ev, flow, where, kind, seq, ack, len, win);
	/* The event log alone (the common case of a long run): its
	 * arguments straight to it, no sentence written here. */
	if (eng->n_observers == 1 && eng->n_sentence_readers == 0 &&
	    eng->observers[0].on_event_args != NULL)
		eng->observers[0].on_event_args(eng->observers[0].ctx,
						eng->owner, &ev, fmt, ap);
	else
		engine_trace_event(eng, &ev, fmt, ap);
}

/* Hand a packet record to the observers that capture packets. */
void engine_capture(struct engine *eng, const struct trace_packet *pkt);

#endif
