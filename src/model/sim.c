/* SPDX-License-Identifier: ISC */
/*
 * sim.c: a run built from its scenario: the link and the flows, the
 * timeline applied as it falls due, and what front ends read.  The event
 * loop is the engine's (sim/engine.h).  See sim.h for the interface and
 * sim_internal.h for the shared state.
 */
#include "model/sim.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/link.h"
#include "model/huge.h"
#include "model/relay.h"
#include "model/route.h"
#include "model/sim_internal.h"
#include "sim/time.h"
#include "tcp/app.h"
#include "tcp/flow.h"
#include "trace/format.h"
#include "util/arena.h"
#include "util/xmalloc.h"

static void sim_on_timeline(struct sim *sim, struct event *ev);

const char *
limited_by_name(enum limited_by lim)
{
	switch (lim) {
	case LIMITED_NONE:
		return "none";
	case LIMITED_APP:
		return "app";
	case LIMITED_SNDBUF:
		return "sndbuf";
	case LIMITED_CWND:
		return "cwnd";
	case LIMITED_RWND:
		return "rwnd";
	case LIMITED_ZERO_WINDOW:
		return "zero_window";
	case LIMITED_RECOVERY:
		return "recovery";
	case LIMITED_NAGLE:
		return "nagle";
	}
	return "?";
}

bool
sim_reports_latency(const struct scenario *sc)
{
	if (sc->link.discipline != QDISC_DROPTAIL || sc->link.ecn)
		return true;
	for (size_t i = 0; i < sc->n_flows; i++)
		if (sc->flows[i].app == APP_PING || sc->flows[i].ecn)
			return true;
	return false;
}

/*
 * Queueing delay percentiles cost a histogram: kept when the scenario is
 * about latency.  Probe flows never finish by themselves: beside a TCP
 * flow they count as finished from the start, so that the run still ends
 * when the TCP flows are done; alone, they probe until `duration`.
 */
static void
sim_start_latency(struct sim *sim)
{
	size_t probes = 0;

	sim->link.track_latency = sim_reports_latency(&sim->config);
	for (size_t i = 0; i < sim->config.n_flows; i++)
		if (sim->config.flows[i].app == APP_PING)
			probes++;
	if (probes == 0 || probes == sim->config.n_flows)
		return;
	for (size_t i = 0; i < sim->config.n_flows; i++)
		if (sim->config.flows[i].app == APP_PING) {
			sim->flows[i].finished = true;
			sim_flow_finished(sim);
		}
}

/* Statistics that integrate over time, brought up to the clock before
 * anyone reads them (each sample, the end of the run). */
static void
sim_sync(struct sim *sim)
{
	link_account(sim, &sim->link);
	for (size_t i = 0; i < sim->n_links; i++)
		link_account(sim, &sim->links[i]);
}

/*
 * The run's copy of the flows' settings, moved to memory of its own on
 * huge pages when there are thousands of flows (model/huge.h): a packet
 * reads its flow's settings too.  Not in an arena (play's snapshots):
 * there huge_calloc() gives arena memory, which free() must not see, and
 * the settings must stay where a snapshot saves them.
 */
static void
sim_huge_config(struct sim *sim)
{
	size_t n = sim->config.n_flows;
	struct flow_config *copy;

	if (n * sizeof *copy < HUGE_MIN_BYTES || arena_current() != NULL)
		return;
	copy = huge_calloc(n, sizeof *copy, &sim->config_mapped);
	if (sim->config_mapped == 0) { /* no mapping: keep the copy */
		free(copy);
		return;
	}
	memcpy(copy, sim->config.flows, n * sizeof *copy);
	free(sim->config.flows);
	sim->config.flows = copy;
}

static struct sim *sim_create_from(const struct scenario *sc, bool share);

struct sim *
sim_create(const struct scenario *sc)
{
	return sim_create_from(sc, false);
}

struct sim *
sim_create_sharing(const struct scenario *sc)
{
	return sim_create_from(sc, true);
}

static struct sim *
sim_create_from(const struct scenario *sc, bool share)
{
	struct sim *sim = xcalloc(1, sizeof(*sim));

	if (share) {
		struct scenario view = *sc;

		view.timeline = NULL;
		view.n_timeline = 0;
		scenario_copy_values(&sim->config, &view);
		sim->config.timeline = sc->timeline;
		sim->config.n_timeline = sc->n_timeline;
		sim->timeline_shared = true;
	} else {
		scenario_copy_values(&sim->config, sc);
	}
	sim_huge_config(sim);
	engine_init(&sim->eng, sim, sim->config.sim.duration_ns,
		    sim->config.sim.seed, sim->config.sim.sample_interval_ns,
		    sim_sync);
	packet_pool_init(&sim->pool);
	/* the default link is "the bottleneck" in the event sentences only
	 * while it is the only link: beside named ones, it is link "link" */
	link_init(sim, &sim->link, &sim->config.link,
		  sim->config.n_links > 0 ? "link" : NULL, route_data_out,
		  route_ack_out);
	/* [link NAME]s: link ids 1 .. n_links (model/route.h) */
	sim->n_links = sim->config.n_links;
	if (sim->n_links > 0)
		sim->links = xcalloc(sim->n_links, sizeof *sim->links);
	for (size_t i = 0; i < sim->n_links; i++)
		link_init(sim, &sim->links[i], &sim->config.links[i].cfg,
			  sim->config.links[i].name, route_data_out,
			  route_ack_out);
	event_init(&sim->timeline_event, sim_on_timeline, sim);
	/* one element more than needed: room to align the array (a mapping
	 * is aligned already) */
	sim->flows_block = huge_calloc(sim->config.n_flows + 1,
				       sizeof(*sim->flows), &sim->flows_mapped);
	sim->flows = (struct flow *)(((uintptr_t)sim->flows_block +
				      _Alignof(struct flow) - 1) &
				     ~(uintptr_t)(_Alignof(struct flow) - 1));
	for (size_t i = 0; i < sim->config.n_flows; i++)
		flow_init(sim, &sim->flows[i], (uint32_t)i);
	sim->on_links = xcalloc(sim->config.n_flows + 1, sizeof *sim->on_links);
	sim->completed =
		xcalloc(sim->config.n_flows + 1, sizeof *sim->completed);
	sim->track_records = scenario_uses_records(&sim->config);
	relay_create_all(sim);
	sim_start_latency(sim);
	if (sim->config.n_timeline > 0)
		sim_schedule(sim, &sim->timeline_event,
			     sim->config.timeline[0].at_ns);
	return sim;
}

size_t
sim_mapped_bytes(const struct sim *sim)
{
	return sim->flows_mapped + sim->config_mapped;
}

void
sim_destroy(struct sim *sim)
{
	if (sim == NULL)
		return;
	/* First: the queue marks every event it holds idle, and those events
	 * live inside the flows and the link freed below. */
	engine_free(&sim->eng);
	for (size_t i = 0; i < sim->config.n_flows; i++)
		flow_free(sim, &sim->flows[i]);
	relay_free_all_sim(sim);
	link_clear(sim, &sim->link);
	for (size_t i = 0; i < sim->n_links; i++)
		link_clear(sim, &sim->links[i]);
	free(sim->links);
	free(sim->on_links);
	free(sim->completed);
	huge_free(sim->flows_block, sim->flows_mapped);
	packet_pool_free(&sim->pool);
	if (sim->config_mapped > 0) {
		/* the settings' own mapping: scenario_free() would free()
		 * it, so it goes here, with what its flows own */
		for (size_t i = 0; i < sim->config.n_flows; i++)
			free(sim->config.flows[i].drop_segments);
		huge_free(sim->config.flows, sim->config_mapped);
		sim->config.flows = NULL;
		sim->config.n_flows = 0;
	}
	if (sim->timeline_shared) /* the caller's */
		sim->config.timeline = NULL;
	scenario_free(&sim->config);
	free(sim);
}

void
sim_add_observer(struct sim *sim, const struct sim_observer *obs)
{
	engine_add_observer(&sim->eng, obs);
}

void
sim_trace_literal(struct sim *sim, uint32_t flow, enum trace_where where,
		  enum trace_kind kind, uint32_t seq, uint32_t ack,
		  uint32_t len, uint64_t win, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	engine_trace(&sim->eng, flow, where, kind, seq, ack, len, win, fmt, ap);
	va_end(ap);
}

bool
sim_trace_wanted(struct sim *sim, uint32_t flow, enum trace_where where,
		 enum trace_kind kind, uint32_t seq, uint32_t ack, uint32_t len,
		 uint64_t win)
{
	struct trace_event ev;

	engine_trace_fields(&sim->eng, &ev, flow, where, kind, seq, ack, len,
			    win);
	return engine_trace_wanted(&sim->eng, &ev);
}

void
sim_invariant_failed(const struct sim *sim, uint32_t flow, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tcpsim: invariant violated in flow '%s' at t=%.9f s: ",
		flow < sim->config.n_flows ? sim->config.flows[flow].name : "?",
		time_to_seconds(sim->eng.now));
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nThis is a bug in tcpsim, not in the scenario.\n", stderr);
	abort();
}

void
sim_flow_finished(struct sim *sim)
{
	if (++sim->flows_finished == sim->config.n_flows)
		engine_request_end(&sim->eng);
}

/* Where a timeline change shows in the event log. */
static enum trace_where
sim_timeline_where(const struct timeline_entry *e)
{
	switch (e->key) {
	case KEY_RECEIVE_BUFFER:
	case KEY_READ_RATE:
	case KEY_READ_SIZE:
	case KEY_READERS:
	case KEY_DELAYED_ACK:
	case KEY_ACK_DELAY:
		return WHERE_RECEIVER;
	default:
		return e->target == TARGET_FLOW ? WHERE_SENDER : WHERE_LINK;
	}
}

static void
sim_apply_timeline(struct sim *sim, const struct timeline_entry *e)
{
	struct flow *f = e->target == TARGET_FLOW ? &sim->flows[e->flow] : NULL;

	sim_sync(sim); /* statistics up to the change use the old values */
	scenario_apply(&sim->config, e->target, e->flow, e->key, &e->value);
	if (sim->eng.tracing)
		sim_trace(sim, f ? f->index : TRACE_NO_FLOW,
			  sim_timeline_where(e), TRACE_TIMELINE, 0, 0, 0, 0,
			  "timeline: %s", e->text);
	if (e->target == TARGET_RELAY) {
		relay_on_change(sim, &sim->relays[e->flow]);
		return;
	}
	if (f == NULL)
		return; /* link settings are read live */
	switch (e->key) {
	case KEY_MIN_RTO:
		sender_on_min_rto_change(sim, f);
		break;
	case KEY_NAGLE:
		sender_output(sim, f);
		break;
	case KEY_RECEIVE_BUFFER:
		receiver_after_read(sim, f);
		break;
	case KEY_DELAYED_ACK:
	case KEY_ACK_DELAY:
		break;
	default:
		app_on_change(sim, f);
		break;
	}
}

void
sim_apply_now(struct sim *sim, const struct timeline_entry *e)
{
	if (!sim->eng.finished)
		sim_apply_timeline(sim, e);
}

static void
sim_on_timeline(struct sim *sim, struct event *ev)
{
	(void)ev;
	while (sim->next_timeline < sim->config.n_timeline &&
	       sim->config.timeline[sim->next_timeline].at_ns <= sim->eng.now)
		sim_apply_timeline(sim,
				   &sim->config.timeline[sim->next_timeline++]);
	if (sim->next_timeline < sim->config.n_timeline)
		sim_schedule(sim, &sim->timeline_event,
			     sim->config.timeline[sim->next_timeline].at_ns);
}

bool
sim_step(struct sim *sim)
{
	return engine_step(&sim->eng);
}

void
sim_run_until(struct sim *sim, int64_t t)
{
	(void)engine_run_until(&sim->eng, t, UINT64_MAX);
}

bool
sim_run_until_bounded(struct sim *sim, int64_t t, uint64_t max_events)
{
	return engine_run_until(&sim->eng, t, max_events);
}

void
sim_run(struct sim *sim)
{
	while (engine_step(&sim->eng))
		;
}

bool
sim_finished(const struct sim *sim)
{
	return sim->eng.finished;
}

int64_t
sim_now(const struct sim *sim)
{
	return sim->eng.now;
}

int64_t
sim_duration(const struct sim *sim)
{
	return sim->eng.end_ns;
}

uint64_t
sim_event_count(const struct sim *sim)
{
	return sim->eng.events_run;
}

uint64_t
sim_seed(const struct sim *sim)
{
	return sim->config.sim.seed;
}

const struct scenario *
sim_scenario(const struct sim *sim)
{
	return &sim->config;
}

size_t
sim_flow_count(const struct sim *sim)
{
	return sim->config.n_flows;
}

const char *
sim_flow_name(const struct sim *sim, size_t flow)
{
	return sim->config.flows[flow].name;
}

uint64_t
sim_flow_dropped_writes(const struct sim *sim, size_t flow)
{
	return sim->flows[flow].prod.dropped;
}

void
sim_flow_snapshot(const struct sim *sim, size_t flow, struct flow_snapshot *out)
{
	flow_snapshot(sim, &sim->flows[flow], out);
}

/* The wire sequence number of stream offset `off` (at or above SND.UNA). */
static uint32_t
sim_sender_seq(const struct sender *s, uint64_t off)
{
	return s->snd_una + (uint32_t)(off - s->una_off);
}

size_t
sim_flow_sacked(const struct sim *sim, size_t flow, struct seq_range *out,
		size_t max)
{
	const struct flow *f = &sim->flows[flow];
	const struct sack_scoreboard *sb = &f->snd.sb;
	size_t n = 0;

	if (!f->cfg->sack)
		return 0;
	for (size_t k = 0; k < sb->n_ranges; k++) {
		uint64_t start = sack_range_at(sb, k)->start;
		uint64_t end = sack_range_at(sb, k)->end;

		if (end <= f->snd.una_off)
			continue; /* the board moves with the ACK: never so */
		if (start < f->snd.una_off)
			start = f->snd.una_off;
		if (n < max)
			out[n] = (struct seq_range){
				.start = sim_sender_seq(&f->snd, start),
				.end = sim_sender_seq(&f->snd, end),
			};
		n++;
	}
	return n;
}

size_t
sim_flow_lost(const struct sim *sim, size_t flow, struct seq_range *out,
	      size_t max)
{
	const struct flow *f = &sim->flows[flow];
	const struct sack_scoreboard *sb = &f->snd.sb;
	uint64_t at = f->snd.una_off, limit;
	size_t n = 0;

	if (!f->cfg->sack)
		return 0;
	limit = sack_lost_below(sb);
	/* The holes are what lies between the SACKed ranges, from SND.UNA
	 * up; the ones below the IsLost() boundary are lost. */
	for (size_t k = 0; k <= sb->n_ranges && at < limit; k++) {
		uint64_t end =
			k < sb->n_ranges ? sack_range_at(sb, k)->start : limit;

		if (end > limit)
			end = limit;
		if (end > at) {
			if (n < max)
				out[n] = (struct seq_range){
					.start = sim_sender_seq(&f->snd, at),
					.end = sim_sender_seq(&f->snd, end),
				};
			n++;
		}
		if (k < sb->n_ranges && sack_range_at(sb, k)->end > at)
			at = sack_range_at(sb, k)->end;
	}
	return n;
}

static size_t
sim_view_pipe(const struct sim *sim, const struct pipe *pp,
	      enum packet_place place, int64_t delay, struct packet_view *out,
	      size_t n, size_t max)
{
	for (const struct packet *p = pp->head; p != NULL; p = p->next, n++) {
		struct packet_view *v = &out[n];
		double left;

		if (n >= max)
			continue;
		v->place = place;
		v->flow = p->flow;
		v->is_ack = (p->flags & PKT_ACK) != 0;
		v->seq = p->seq;
		v->ack = p->ack;
		v->len = p->len;
		v->queue_index = 0;
		left = delay > 0 ? (double)(p->ready_at - sim->eng.now) /
					   (double)delay
				 : 0.0;
		v->progress = left < 0.0 ? 1.0 : left > 1.0 ? 0.0 : 1.0 - left;
	}
	return n;
}

bool
sim_flow_on_links(const struct sim *sim, size_t flow)
{
	return sim->on_links[flow] > 0;
}

size_t
sim_flows_completed(const struct sim *sim)
{
	return sim->n_completed;
}

size_t
sim_completed_flow(const struct sim *sim, size_t k)
{
	assert(k < sim->n_completed);
	return sim->completed[k];
}

size_t
sim_packets_in_flight(const struct sim *sim, struct packet_view *out,
		      size_t max)
{
	return sim_link_packets_in_flight(sim, SCENARIO_DEFAULT_LINK, out, max);
}

size_t
sim_link_packets_in_flight(const struct sim *sim, size_t id,
			   struct packet_view *out, size_t max)
{
	const struct link *l =
		id == SCENARIO_DEFAULT_LINK ? &sim->link : &sim->links[id - 1];
	int64_t delay = l->cfg->delay_ns;
	size_t n = 0;
	uint32_t i = 0;

	for (const struct packet *p = l->fwd.head; p != NULL;
	     p = p->next, n++) {
		if (n >= max)
			continue;
		out[n] = (struct packet_view){
			.place = PLACE_QUEUE,
			.flow = p->flow,
			.seq = p->seq,
			.len = p->len,
			.queue_index = i++,
		};
	}
	n = aqm_view(&l->aqm, out, n, max, &i);
	n = sim_view_pipe(sim, &l->fwd.prop, PLACE_FORWARD, delay, out, n, max);
	for (const struct packet *p = l->rev.head; p != NULL;
	     p = p->next, n++) {
		if (n >= max)
			continue;
		out[n] = (struct packet_view){
			.place = PLACE_REVERSE,
			.flow = p->flow,
			.is_ack = true,
			.seq = p->seq,
			.ack = p->ack,
		};
	}
	return sim_view_pipe(sim, &l->rev.prop, PLACE_REVERSE, delay, out, n,
			     max);
}

void
sim_link_snapshot(const struct sim *sim, struct link_snapshot *out)
{
	sim_link_snapshot_id(sim, SCENARIO_DEFAULT_LINK, out);
}

size_t
sim_link_count(const struct sim *sim)
{
	return sim->n_links + 1;
}

const char *
sim_link_name(const struct sim *sim, size_t id)
{
	return scenario_link_name(&sim->config, id);
}

void
sim_link_snapshot_id(const struct sim *sim, size_t id,
		     struct link_snapshot *out)
{
	const struct link *l =
		id == SCENARIO_DEFAULT_LINK ? &sim->link : &sim->links[id - 1];
	double pending = (double)link_held_packets(l) *
			 (double)(sim->eng.now - l->integral_at);

	memset(out, 0, sizeof(*out));
	out->rate_bps = l->cfg->rate_bps;
	out->queue_packets = link_held_packets(l);
	out->queue_bytes = link_held_bytes(l);
	out->queue_max_packets = l->queue_max_packets;
	out->arrived = l->arrived;
	out->departed = l->departed;
	out->queue_drops = l->queue_drops;
	out->loss_drops = l->loss_drops;
	out->busy_ns =
		l->busy_ns +
		(l->fwd.packets > 0 ? sim->eng.now - l->fwd.started_at : 0);
	out->queue_packet_ns = l->queue_packet_ns + pending;
	out->sojourn_ns_total = l->sojourn_ns_total;
	out->wire_bytes_departed = l->wire_bytes_departed;
	out->discipline = (int)l->cfg->discipline;
	out->sojourn_last_ns = l->sojourn_last_ns;
	out->sojourn_max_ns = l->sojourn_max_ns;
	out->aqm_drops = l->aqm.aqm_drops;
	out->ecn_marks = l->aqm.ecn_marks;
}

static void
sim_latency_summary(const struct latency_hist *h, struct latency_summary *out)
{
	out->n = h->n;
	out->p50_ns = latency_percentile(h, 50.0);
	out->p99_ns = latency_percentile(h, 99.0);
	out->max_ns = h->n > 0 ? h->max_ns : -1;
	out->mean_ns = h->n > 0 ? h->sum_ns / (double)h->n : 0.0;
}

void
sim_link_sojourn(const struct sim *sim, struct latency_summary *out)
{
	sim_latency_summary(&sim->link.sojourn_hist, out);
}

bool
sim_flow_is_ping(const struct sim *sim, size_t flow)
{
	return sim->config.flows[flow].app == APP_PING;
}

void
sim_flow_ping(const struct sim *sim, size_t flow, struct ping_snapshot *out)
{
	const struct pinger *pg = &sim->flows[flow].ping;

	out->sent = pg->sent;
	out->replies = pg->replies;
	out->last_rtt_ns = pg->last_rtt_ns;
	sim_latency_summary(&pg->rtts, &out->rtt);
}
