/* SPDX-License-Identifier: ISC */
/*
 * sim_internal.h: the run's insides, shared by the model (model/), the
 * network (net/) and TCP (tcp/).  The engine (sim/engine.h) is a part of
 * it that knows nothing of the rest.  Front ends use sim.h only.
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

#include "model/sim.h"
#include "net/link.h"
#include "net/packet.h"
#include "scenario/scenario.h"
#include "sim/engine.h"

struct records_fifo;

struct flow;

struct sim {
	struct engine eng;	     /* clock, event queue, rng, observers */
	struct scenario config;	     /* live copy: the timeline changes it */
	struct packet_pool pool;     /* every packet comes from here */
	struct link link;	     /* the bottleneck and the ACK path */
	struct link *links;	     /* [link NAME]s: link id i is links[i - 1]
					(model/route.h); NULL when none */
	size_t n_links;		     /* config.n_links of them */
	struct flow *flows;	     /* config.n_flows of them */
	size_t flows_finished;	     /* flows whose last byte was read */
	/* the flows whose last byte was read (completion_ns set), in the
	 * order they finished, n_completed of them: the capture closes a
	 * flow once it has finished, and asks for the new ones here rather
	 * than looking at every flow at every sample */
	uint32_t *completed;
	size_t n_completed;
	/* each flow's packets on the links (queued, serializing or
	 * propagating, either way, on any link of its path): counted as
	 * they enter the first link and leave the last or are dropped
	 * (model/route.c, flow_count_drop()), for sim_flow_on_links() */
	uint32_t *on_links;
	struct event timeline_event; /* next timeline entry falls due */
	size_t next_timeline;	     /* index of that entry */
	/* relays (model/relay.h) and the births of records (records.h) */
	struct relay *relays; /* config.n_relays of them */
	size_t n_relays;      /* how many */
	bool track_records;   /* keep births for lag: the scenario has
				 relays, records or load shedding */
	/* relay_chain_oldest() of each flow, kept while no birth moves:
	 * a sample asks it of every flow of a chain, each asking of all
	 * downstream (relay.c).  births_version changes at every birth
	 * added, moved or dropped; a memo is good while its version is
	 * births_version + 1.  NULL without relays. */
	uint64_t births_version;
	struct relay_memo {
		int64_t oldest;
		uint64_t version;
		/* the FIFO holding that byte, NULL with none */
		const struct records_fifo *where;
		uint64_t walks; /* answers worked out, not kept ones */
	} *chain_memo;
	/* the allocation `flows` lies in: struct flow wants 64-byte
	 * alignment (its hot parts start on cache lines, tcp/flow.h), more
	 * than xcalloc() promises; with thousands of flows a mapping on
	 * huge pages (model/huge.h) */
	void *flows_block;
	size_t flows_mapped;  /* its mapping's length, 0: xcalloc()'s */
	size_t config_mapped; /* config.flows's mapping's length, 0: none */
	bool timeline_shared; /* config.timeline is the caller's
				 (sim_create_sharing()) */
};

/* Schedule `ev` at `at` (>= now); an already queued event is moved. */
static inline void
sim_schedule(struct sim *sim, struct event *ev, int64_t at)
{
	engine_schedule(&sim->eng, ev, at);
}

static inline void
sim_cancel(struct sim *sim, struct event *ev)
{
	engine_cancel(&sim->eng, ev);
}

/*
 * Tell observers about an event.  Callers test sim->eng.tracing first, so that
 * a run without observers formats nothing:
 *     if (sim->eng.tracing) sim_trace(sim, ...);
 * `fmt` is a string literal: the engine keeps its reading by address.
 */
void sim_trace_literal(struct sim *sim, uint32_t flow, enum trace_where where,
		       enum trace_kind kind, uint32_t seq, uint32_t ack,
		       uint32_t len, uint64_t win, const char *fmt, ...)
	__attribute__((format(printf, 9, 10)));
/* sim_trace_literal(), refused by the compiler when the format is not a
 * string literal ("" fmt joins two literals, and nothing else). */
#define sim_trace(sim, flow, where, kind, seq, ack, len, win, ...)             \
	sim_trace_literal(sim, flow, where, kind, seq, ack, len, win,          \
			  "" __VA_ARGS__)

/*
 * Would the event sim_trace() is about to be given, with these fields,
 * have its sentence or its arguments read (engine_trace_wanted())?  Asked
 * only where sim->eng.tracing, and with nothing traced in between.
 */
bool sim_trace_wanted(struct sim *sim, uint32_t flow, enum trace_where where,
		      enum trace_kind kind, uint32_t seq, uint32_t ack,
		      uint32_t len, uint64_t win);

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
