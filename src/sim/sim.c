/* SPDX-License-Identifier: ISC */
/*
 * sim.c: the simulator loop, the timeline, sampling and the observer list.
 * See sim.h for the interface and sim_internal.h for the shared state.
 */
#include "sim/sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/link.h"
#include "sim/sim_internal.h"
#include "sim/time.h"
#include "tcp/app.h"
#include "tcp/flow.h"
#include "trace/format.h"
#include "util/xmalloc.h"

static void sim_on_sample(struct sim *sim, struct event *ev);
static void sim_on_timeline(struct sim *sim, struct event *ev);

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

struct sim *
sim_create(const struct scenario *sc)
{
	struct sim *sim = xcalloc(1, sizeof(*sim));

	sim->now = 0;
	scenario_copy(&sim->config, sc);
	sim->end_ns = sim->config.sim.duration_ns;
	event_queue_init(&sim->queue);
	rng_seed(&sim->rng, sim->config.sim.seed);
	packet_pool_init(&sim->pool);
	link_init(sim, &sim->link);
	event_init(&sim->sample_event, sim_on_sample, sim);
	event_init(&sim->timeline_event, sim_on_timeline, sim);
	sim->last_sample_ns = -1;
	sim->flows = xcalloc(sim->config.n_flows, sizeof(*sim->flows));
	for (size_t i = 0; i < sim->config.n_flows; i++)
		flow_init(sim, &sim->flows[i], (uint32_t)i);
	sim_start_latency(sim);
	if (sim->config.n_timeline > 0)
		sim_schedule(sim, &sim->timeline_event,
			     sim->config.timeline[0].at_ns);
	return sim;
}

void
sim_destroy(struct sim *sim)
{
	if (sim == NULL)
		return;
	/* First: the queue marks every event it holds idle, and those events
	 * live inside the flows and the link freed below. */
	event_queue_free(&sim->queue);
	for (size_t i = 0; i < sim->config.n_flows; i++)
		flow_free(sim, &sim->flows[i]);
	link_clear(sim, &sim->link);
	free(sim->flows);
	packet_pool_free(&sim->pool);
	free(sim->observers);
	scenario_free(&sim->config);
	free(sim);
}

void
sim_add_observer(struct sim *sim, const struct sim_observer *obs)
{
	sim->observers = xreallocarray(sim->observers, sim->n_observers + 1,
				       sizeof(*sim->observers));
	sim->observers[sim->n_observers++] = *obs;
	if (obs->on_event != NULL)
		sim->tracing = true;
	if (obs->on_packet != NULL)
		sim->capturing = true;
	if (obs->on_sample != NULL && !sim->sampling) {
		sim->sampling = true;
		if (sim->now == 0 && sim->events_run == 0)
			sim_schedule(sim, &sim->sample_event, 0);
	}
}

/*
 * vsnprintf() for the sentences of the event log, without its cost: the
 * formats use %s, %u, %d, %llu, %lu, %zu and %% only, written here by
 * hand.  Anything else (a width, a precision, %g) returns false, and the
 * caller asks vsnprintf.  A row of --events is written for each packet
 * event, and this was most of its cost.  Output past size - 1 bytes is
 * cut, as vsnprintf cuts it.  (Byte loops with a test inside: a plain
 * copy loop or memcpy of a few bytes compiles to a slow `rep movs`.)
 */
static bool
trace_format(char *buf, size_t size, const char *fmt, va_list ap)
{
	size_t n = 0, lim = size > 0 ? size - 1 : 0;
	const char *p = fmt;

	for (; *p != '\0'; p++) {
		char digits[24];
		const char *str;
		int lmod = 0; /* 1: l, 2: ll, 3: z */
		uint64_t u;
		int64_t d;
		size_t k;

		if (*p != '%') {
			if (n < lim)
				buf[n] = *p;
			n++;
			continue;
		}
		p++;
		if (*p == 'l' && p[1] == 'l') {
			lmod = 2;
			p += 2;
		} else if (*p == 'l' || *p == 'z') {
			lmod = *p == 'z' ? 3 : 1;
			p++;
		}
		switch (*p) {
		case '%':
			if (lmod != 0)
				return false;
			if (n < lim)
				buf[n] = '%';
			n++;
			continue;
		case 's':
			if (lmod != 0)
				return false;
			for (str = va_arg(ap, const char *); *str != '\0';
			     str++, n++)
				if (n < lim)
					buf[n] = *str;
			continue;
		case 'u':
			u = lmod == 0	? va_arg(ap, unsigned)
			    : lmod == 1 ? va_arg(ap, unsigned long)
			    : lmod == 2 ? va_arg(ap, unsigned long long)
					: va_arg(ap, size_t);
			break;
		case 'd':
			if (lmod == 3)
				return false;
			d = lmod == 0	? va_arg(ap, int)
			    : lmod == 1 ? va_arg(ap, long)
					: va_arg(ap, long long);
			u = (uint64_t)d;
			if (d < 0) {
				if (n < lim)
					buf[n] = '-';
				n++;
				u = (uint64_t)0 - u;
			}
			break;
		default:
			return false;
		}
		if (n + 20 <= lim) { /* room for any number: in place */
			n += format_u64(buf + n, u);
			continue;
		}
		k = format_u64(digits, u);
		for (size_t i = 0; i < k; i++, n++)
			if (n < lim)
				buf[n] = digits[i];
	}
	if (size > 0)
		buf[n < lim ? n : lim] = '\0';
	return true;
}

void
sim_trace(struct sim *sim, uint32_t flow, enum trace_where where,
	  enum trace_kind kind, uint32_t seq, uint32_t ack, uint32_t len,
	  uint64_t win, const char *fmt, ...)
{
	struct trace_event ev;
	va_list ap;

	ev.time_ns = sim->now;
	ev.flow = flow;
	ev.where = where;
	ev.kind = kind;
	ev.seq = seq;
	ev.ack = ack;
	ev.len = len;
	ev.win = win;
	va_start(ap, fmt);
	{
		va_list again;
		bool done;

		va_copy(again, ap);
		done = trace_format(ev.detail, sizeof(ev.detail), fmt, ap);
		if (!done)
			vsnprintf(ev.detail, sizeof(ev.detail), fmt, again);
		va_end(again);
	}
	va_end(ap);
	for (size_t i = 0; i < sim->n_observers; i++)
		if (sim->observers[i].on_event != NULL)
			sim->observers[i].on_event(sim->observers[i].ctx, sim,
						   &ev);
}

void
sim_invariant_failed(const struct sim *sim, uint32_t flow, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tcpsim: invariant violated in flow '%s' at t=%.9f s: ",
		flow < sim->config.n_flows ? sim->config.flows[flow].name : "?",
		time_to_seconds(sim->now));
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nThis is a bug in tcpsim, not in the scenario.\n", stderr);
	abort();
}

static void
sim_sample_now(struct sim *sim)
{
	link_account(sim);
	sim->last_sample_ns = sim->now;
	sim->last_sample_events = sim->events_run;
	for (size_t i = 0; i < sim->n_observers; i++)
		if (sim->observers[i].on_sample != NULL)
			sim->observers[i].on_sample(sim->observers[i].ctx, sim,
						    sim->now);
}

static void
sim_on_sample(struct sim *sim, struct event *ev)
{
	(void)ev;
	sim_sample_now(sim);
	sim_schedule(sim, &sim->sample_event,
		     sim->now + sim->config.sim.sample_interval_ns);
}

static void
sim_finish(struct sim *sim)
{
	if (sim->finished)
		return;
	sim->finished = true;
	link_account(sim);
	/*
	 * The last row shows the state the run ended in: a sample at this
	 * very instant is not enough when events ran after it (a run that
	 * ends at t = 0 has sampled its start, not its end).
	 */
	if (sim->sampling && (sim->last_sample_ns < sim->now ||
			      sim->last_sample_events != sim->events_run))
		sim_sample_now(sim);
}

void
sim_flow_finished(struct sim *sim)
{
	sim->flows_finished++;
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

	link_account(sim); /* statistics up to the change use the old values */
	scenario_apply(&sim->config, e->target, e->flow, e->key, &e->value);
	if (sim->tracing)
		sim_trace(sim, f ? f->index : TRACE_NO_FLOW,
			  sim_timeline_where(e), TRACE_TIMELINE, 0, 0, 0, 0,
			  "timeline: %s", e->text);
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
	if (!sim->finished)
		sim_apply_timeline(sim, e);
}

static void
sim_on_timeline(struct sim *sim, struct event *ev)
{
	(void)ev;
	while (sim->next_timeline < sim->config.n_timeline &&
	       sim->config.timeline[sim->next_timeline].at_ns <= sim->now)
		sim_apply_timeline(sim,
				   &sim->config.timeline[sim->next_timeline++]);
	if (sim->next_timeline < sim->config.n_timeline)
		sim_schedule(sim, &sim->timeline_event,
			     sim->config.timeline[sim->next_timeline].at_ns);
}

/* Run `ev`, which event_queue_peek() has just returned. */
static void
sim_run_event(struct sim *sim, struct event *ev)
{
	event_queue_pop_peeked(&sim->queue, ev);
	SIM_CHECK(sim, 0, ev->time >= sim->now,
		  "the clock would go backwards: event at %lld ns",
		  (long long)ev->time);
	sim->now = ev->time;
	sim->events_run++;
	ev->fn(sim, ev);
	if (sim->flows_finished == sim->config.n_flows)
		sim_finish(sim);
}

bool
sim_step(struct sim *sim)
{
	struct event *ev;

	if (sim->finished)
		return false;
	ev = event_queue_peek(&sim->queue);
	if (ev == NULL || ev->time > sim->end_ns) {
		/* Nothing more happens before the end. */
		sim->now = sim->end_ns;
		sim_finish(sim);
		return false;
	}
	sim_run_event(sim, ev);
	return true;
}

void
sim_run_until(struct sim *sim, int64_t t)
{
	(void)sim_run_until_bounded(sim, t, UINT64_MAX);
}

bool
sim_run_until_bounded(struct sim *sim, int64_t t, uint64_t max_events)
{
	uint64_t budget = max_events;

	while (!sim->finished) {
		struct event *ev = event_queue_peek(&sim->queue);

		if (ev == NULL || ev->time > t || ev->time > sim->end_ns)
			break;
		if (budget == 0)
			return false;
		budget--;
		sim_run_event(sim, ev); /* what sim_step() does, peeked once */
	}
	if (sim->finished)
		return true;
	if (t >= sim->end_ns) {
		sim->now = sim->end_ns;
		sim_finish(sim);
	} else if (t > sim->now) {
		sim->now = t;
	}
	return true;
}

void
sim_run(struct sim *sim)
{
	while (sim_step(sim))
		;
}

bool
sim_finished(const struct sim *sim)
{
	return sim->finished;
}

int64_t
sim_now(const struct sim *sim)
{
	return sim->now;
}

int64_t
sim_duration(const struct sim *sim)
{
	return sim->end_ns;
}

uint64_t
sim_event_count(const struct sim *sim)
{
	return sim->events_run;
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
		uint64_t start = sb->ranges[k].start, end = sb->ranges[k].end;

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
		uint64_t end = k < sb->n_ranges ? sb->ranges[k].start : limit;

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
		if (k < sb->n_ranges && sb->ranges[k].end > at)
			at = sb->ranges[k].end;
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
		left = delay > 0 ? (double)(p->ready_at - sim->now) /
					   (double)delay
				 : 0.0;
		v->progress = left < 0.0 ? 1.0 : left > 1.0 ? 0.0 : 1.0 - left;
	}
	return n;
}

size_t
sim_packets_in_flight(const struct sim *sim, struct packet_view *out,
		      size_t max)
{
	const struct link *l = &sim->link;
	int64_t delay = sim->config.link.delay_ns;
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
	const struct link *l = &sim->link;
	double pending = (double)link_held_packets(l) *
			 (double)(sim->now - l->integral_at);

	memset(out, 0, sizeof(*out));
	out->rate_bps = sim->config.link.rate_bps;
	out->queue_packets = link_held_packets(l);
	out->queue_bytes = link_held_bytes(l);
	out->queue_max_packets = l->queue_max_packets;
	out->arrived = l->arrived;
	out->departed = l->departed;
	out->queue_drops = l->queue_drops;
	out->loss_drops = l->loss_drops;
	out->busy_ns = l->busy_ns +
		       (l->fwd.packets > 0 ? sim->now - l->fwd.started_at : 0);
	out->queue_packet_ns = l->queue_packet_ns + pending;
	out->sojourn_ns_total = l->sojourn_ns_total;
	out->wire_bytes_departed = l->wire_bytes_departed;
	out->discipline = (int)sim->config.link.discipline;
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
