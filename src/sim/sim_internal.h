/* SPDX-License-Identifier: ISC */
/*
 * sim_internal.h: the simulator's insides, shared by the engine (sim/),
 * the network (net/) and TCP (tcp/).  Front ends use sim.h only.
 *
 * Everything of a run hangs off struct sim: there is no global and no
 * static mutable state anywhere in the model.
 */
#ifndef TCPSIM_SIM_INTERNAL_H
#define TCPSIM_SIM_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/link.h"
#include "net/packet.h"
#include "scenario/scenario.h"
#include "sim/event_queue.h"
#include "sim/observer.h"
#include "sim/rng.h"
#include "sim/sim.h"

struct flow;

struct sim {
	int64_t now;		  /* the clock, ns */
	int64_t end_ns;		  /* the configured duration */
	bool finished;		  /* the run has ended */
	uint64_t events_run;	  /* events executed so far */
	struct event_queue queue; /* future events */
	struct rng rng;		  /* the one random generator */
	struct scenario config;	  /* live copy: the timeline changes it */
	struct packet_pool pool;  /* every packet comes from here */
	struct link link;	  /* the bottleneck and the ACK path */
	struct flow *flows;	  /* config.n_flows of them */
	size_t flows_finished;	  /* flows whose last byte was read */
	struct sim_observer *observers;
	size_t n_observers;
	bool tracing;		     /* some observer wants trace events */
	bool sampling;		     /* some observer wants samples */
	bool capturing;		     /* some observer wants packets */
	struct event sample_event;   /* next on_sample */
	int64_t last_sample_ns;	     /* time of the last sample, -1 before */
	uint64_t last_sample_events; /* events_run at the last sample */
	struct event timeline_event; /* next timeline entry falls due */
	size_t next_timeline;	     /* index of that entry */
};

/* Schedule `ev` at `at` (>= now); an already queued event is moved. */
static inline void
sim_schedule(struct sim *sim, struct event *ev, int64_t at)
{
	event_queue_push(&sim->queue, ev, at);
}

static inline void
sim_cancel(struct sim *sim, struct event *ev)
{
	event_queue_remove(&sim->queue, ev);
}

/*
 * Tell observers about an event.  Callers test sim->tracing first, so that
 * a run without observers formats nothing:
 *     if (sim->tracing) sim_trace(sim, ...);
 */
void sim_trace(struct sim *sim, uint32_t flow, enum trace_where where,
	       enum trace_kind kind, uint32_t seq, uint32_t ack, uint32_t len,
	       uint64_t win, const char *fmt, ...)
	__attribute__((format(printf, 9, 10)));

/* A flow's last byte has been read. */
void sim_flow_finished(struct sim *sim);

/*
 * An invariant broke: print what, where and when, and abort.  These are
 * bugs in the simulator, never bad input.
 */
_Noreturn void sim_invariant_failed(const struct sim *sim, uint32_t flow,
				    const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define SIM_CHECK(sim, flow, cond, ...)                                        \
	do {                                                                   \
		if (!(cond))                                                   \
			sim_invariant_failed((sim), (flow), __VA_ARGS__);      \
	} while (0)

/*
 * "s" after a count that is not one, for the event sentences: "1 byte",
 * "2 bytes", "1 packet now" (a sentence is read aloud in class).
 */
static inline const char *
sim_plural(unsigned long long n)
{
	return n == 1 ? "" : "s";
}

#endif
