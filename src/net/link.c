/* SPDX-License-Identifier: ISC */
/* link.c: the bottleneck queue, its serializer and the ACK path; see link.h. */
#include "net/link.h"

#include <stdlib.h>
#include <string.h>

#include "net/packet.h"
#include "model/sim_internal.h"
#include "trace/sentences.h"
#include "sim/time.h"
#include "tcp/flow.h"

/* Flows from which a link fetches each flow's state two departures ahead
 * (pipe_set_ahead()): their state no longer fits in the caches. */
#define LINK_AHEAD_MIN_FLOWS 64

static void link_fwd_done(struct sim *sim, struct event *ev);
static void link_rev_done(struct sim *sim, struct event *ev);
static void link_fwd_arrive(struct sim *sim, void *ctx, struct packet *p);
static void link_rev_arrive(struct sim *sim, void *ctx, struct packet *p);

static void
link_fwd_ahead(struct sim *sim, void *ctx, const struct packet *p)
{
	(void)ctx;
	flow_prefetch_data(sim, p);
}

static void
link_rev_ahead(struct sim *sim, void *ctx, const struct packet *p)
{
	(void)ctx;
	flow_prefetch_ack(sim, p);
}

/* The next segment to leave: its receiver's out-of-order tree. */
static void
link_fwd_near(struct sim *sim, void *ctx, const struct packet *p)
{
	(void)ctx;
	flow_prefetch_data_near(sim, p);
}

/* The next ACK to leave: its sender's lines, fetched by
 * link_rev_ahead() a departure ago, say where its oldest segment in
 * flight is. */
static void
link_rev_near(struct sim *sim, void *ctx, const struct packet *p)
{
	(void)ctx;
	flow_prefetch_ack_ring(sim, p);
}

static void
link_tx_init(struct link_tx *tx, event_fn done, void *owner,
	     pipe_deliver_fn deliver)
{
	tx->head = tx->tail = NULL;
	tx->packets = tx->bytes = 0;
	tx->carry = 0;
	time_memo_init(&tx->memo);
	tx->started_at = 0;
	event_init(&tx->done, done, owner);
	pipe_init(&tx->prop, deliver, owner);
}

void
link_init(struct sim *sim, struct link *l, const struct link_config *cfg,
	  const char *name, link_deliver_fn data_out, link_deliver_fn ack_out)
{
	l->cfg = cfg;
	l->name = name;
	l->data_out = data_out;
	l->ack_out = ack_out;
	link_tx_init(&l->fwd, link_fwd_done, l, link_fwd_arrive);
	link_tx_init(&l->rev, link_rev_done, l, link_rev_arrive);
	/* Where a packet goes after the link is the model's affair, but
	 * it ends at its flow, which may as well be fetched early (on a
	 * path of several links, early by more than a hop: no harm).  A
	 * few flows stay in the caches, and the hints would cost more than
	 * they save (about 2% with one flow). */
	if (sim->config.n_flows >= LINK_AHEAD_MIN_FLOWS) {
		pipe_set_ahead(&l->fwd.prop, link_fwd_ahead);
		pipe_set_ahead(&l->rev.prop, link_rev_ahead);
		pipe_set_near(&l->fwd.prop, link_fwd_near);
		pipe_set_near(&l->rev.prop, link_rev_near);
	}
	l->arrived = l->departed = l->queue_drops = l->loss_drops = 0;
	l->queue_max_packets = 0;
	l->wire_bytes_departed = 0;
	l->busy_ns = 0;
	l->queue_packet_ns = 0.0;
	l->sojourn_ns_total = 0.0;
	l->integral_at = 0;
	aqm_init(sim, &l->aqm, cfg);
	l->sojourn_max_ns = 0;
	l->sojourn_last_ns = -1;
	l->track_latency = false;
	latency_init(&l->sojourn_hist);
}

uint64_t
link_held_packets(const struct link *l)
{
	return l->fwd.packets + l->aqm.packets;
}

uint64_t
link_held_bytes(const struct link *l)
{
	return l->fwd.bytes + l->aqm.bytes;
}

static void
link_tx_clear(struct sim *sim, struct link_tx *tx)
{
	while (tx->head != NULL) {
		struct packet *p = tx->head;

		tx->head = p->next;
		packet_release(&sim->pool, p);
	}
	tx->tail = NULL;
	tx->packets = tx->bytes = 0;
	sim_cancel(sim, &tx->done);
	pipe_clear(sim, &tx->prop);
}

void
link_clear(struct sim *sim, struct link *l)
{
	link_tx_clear(sim, &l->fwd);
	link_tx_clear(sim, &l->rev);
	aqm_clear(sim, &l->aqm);
	latency_free(&l->sojourn_hist);
}

void
link_account(struct sim *sim, struct link *l)
{
	if (sim->eng.now > l->integral_at) {
		l->queue_packet_ns += (double)link_held_packets(l) *
				      (double)(sim->eng.now - l->integral_at);
		l->integral_at = sim->eng.now;
	}
}

static void
link_tx_append(struct link_tx *tx, struct packet *p)
{
	p->next = NULL;
	if (tx->tail != NULL)
		tx->tail->next = p;
	else
		tx->head = p;
	tx->tail = p;
	tx->packets++;
	tx->bytes += p->wire_len;
}

static struct packet *
link_tx_take_head(struct link_tx *tx)
{
	struct packet *p = tx->head;

	tx->head = p->next;
	if (tx->head == NULL)
		tx->tail = NULL;
	tx->packets--;
	tx->bytes -= p->wire_len;
	p->next = NULL;
	return p;
}

/* Start serializing the head packet, at `rate_bps`. */
static inline __attribute__((always_inline)) void
link_tx_start(struct sim *sim, struct link_tx *tx, uint64_t rate_bps)
{
	int64_t t = time_for_bytes_memo(&tx->memo, tx->head->wire_len, rate_bps,
					&tx->carry);

	/* The packet behind goes next: fetch it while this one serializes
	 * (it has waited in the queue long enough to leave the caches);
	 * and the drop_segments of this one's flow, which link_loses()
	 * reads when it leaves (the head itself was fetched this way as the
	 * packet behind the previous one). */
	if (tx->head->next != NULL)
		packet_prefetch(tx->head->next);
	__builtin_prefetch(&sim->config.flows[tx->head->flow].n_drop_segments);

	tx->started_at = sim->eng.now;
	sim_schedule(sim, &tx->done, sim->eng.now + t);
}

/* Does the drop-tail queue have room for `p`? */
static bool
link_queue_fits(const struct link *l, const struct link_config *cfg,
		const struct packet *p)
{
	if (cfg->queue_in_packets)
		return l->fwd.packets + 1 <= cfg->queue_limit;
	return l->fwd.bytes + p->wire_len <= cfg->queue_limit;
}

/* Property 22, cheap enough to check at every change of the queue. */
static void
link_check_accounting(struct sim *sim, const struct link *l, uint32_t flow)
{
	SIM_CHECK(sim, flow,
		  l->arrived ==
			  l->departed + l->queue_drops + link_held_packets(l),
		  "queue accounting: %llu arrived != %llu departed + %llu "
		  "dropped + %llu held",
		  (unsigned long long)l->arrived,
		  (unsigned long long)l->departed,
		  (unsigned long long)l->queue_drops,
		  (unsigned long long)link_held_packets(l));
}

/*
 * An arrival under a discipline (net/aqm.h): it joins the discipline's
 * queues (or is dropped there); the serializer, if idle, takes the next
 * packet the discipline gives.
 */
static void
link_send_data_aqm(struct sim *sim, struct link *l, struct packet *p)
{
	uint32_t flow = p->flow;

	aqm_enqueue(sim, l, p); /* p may be gone after this */
	if (l->fwd.packets == 0) {
		struct packet *next = aqm_dequeue(sim, l);

		if (next != NULL) {
			link_tx_append(&l->fwd, next);
			link_tx_start(sim, &l->fwd, l->cfg->rate_bps);
		}
	}
	link_check_accounting(sim, l, flow);
	if (link_held_packets(l) > l->queue_max_packets)
		l->queue_max_packets = link_held_packets(l);
}

void
link_send_data(struct sim *sim, struct link *l, struct packet *p)
{
	const struct link_config *cfg = l->cfg;

	link_account(sim, l);
	l->arrived++;
	if (cfg->discipline != QDISC_DROPTAIL) {
		link_send_data_aqm(sim, l, p);
		return;
	}
	if (!link_queue_fits(l, cfg, p)) {
		l->queue_drops++;
		flow_count_drop(sim, p);
		if (sim->eng.tracing)
			sim_trace(sim, p->flow, WHERE_QUEUE, TRACE_DROP, p->seq,
				  0, p->len, 0,
				  "%s%squeue full (%llu packet%s, %llu bytes): "
				  "drop-tail drops %u byte%s at seq %u",
				  l->name ? l->name : "", l->name ? ": " : "",
				  (unsigned long long)l->fwd.packets,
				  sim_plural(l->fwd.packets),
				  (unsigned long long)l->fwd.bytes, p->len,
				  sim_plural(p->len), p->seq);
		link_check_accounting(sim, l, p->flow);
		packet_release(&sim->pool, p);
		return;
	}
	p->enqueued_at = sim->eng.now;
	link_tx_append(&l->fwd, p);
	link_check_accounting(sim, l, p->flow);
	if (l->fwd.packets > l->queue_max_packets)
		l->queue_max_packets = l->fwd.packets;
	if (sim->eng.tracing && l->name == NULL)
		sim_trace(sim, p->flow, WHERE_QUEUE, TRACE_ENQUEUE, p->seq, 0,
			  p->len, 0, SENTENCE_ENQUEUE,
			  (unsigned long long)l->fwd.packets,
			  sim_plural(l->fwd.packets));
	else if (sim->eng.tracing)
		sim_trace(sim, p->flow, WHERE_QUEUE, TRACE_ENQUEUE, p->seq, 0,
			  p->len, 0,
			  "segment joins the queue of %s%s (%llu packet%s now)",
			  strcmp(l->name, "link") == 0 ? "the default link"
						       : "link ",
			  strcmp(l->name, "link") == 0 ? "" : l->name,
			  (unsigned long long)l->fwd.packets,
			  sim_plural(l->fwd.packets));
	if (l->fwd.packets == 1)
		link_tx_start(sim, &l->fwd, cfg->rate_bps);
}

/*
 * Is this data packet lost on the wire (drop_segments, then `loss`)?
 * drop_segments strikes on the first link of the packet's path only
 * (hop 0), so that a segment it names is lost once, not once per link.
 */
static bool
link_loses(struct sim *sim, const struct link *l, const struct packet *p,
	   bool *scripted)
{
	const struct flow_config *fc = &sim->config.flows[p->flow];

	*scripted = false;
	if (p->segment_number != 0 && fc->n_drop_segments != 0 && p->hop == 0) {
		size_t lo = 0, hi = fc->n_drop_segments;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (fc->drop_segments[mid] < p->segment_number)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < fc->n_drop_segments &&
		    fc->drop_segments[lo] == p->segment_number) {
			*scripted = true;
			return true;
		}
	}
	/* rng_bernoulli() draws nothing for a loss of 0 (or below): that
	 * test here spares the call in the usual lossless run */
	if (l->cfg->loss <= 0.0)
		return false;
	return rng_bernoulli(&sim->eng.rng, l->cfg->loss);
}

static void
link_fwd_done(struct sim *sim, struct event *ev)
{
	struct link *l = ev->owner;
	const struct link_config *cfg = l->cfg;
	struct packet *p;
	bool scripted;

	link_account(sim, l);
	p = link_tx_take_head(&l->fwd);
	l->departed++;
	l->wire_bytes_departed += p->wire_len;
	l->sojourn_ns_total += (double)(sim->eng.now - p->enqueued_at);
	l->sojourn_last_ns = sim->eng.now - p->enqueued_at;
	if (l->sojourn_last_ns > l->sojourn_max_ns)
		l->sojourn_max_ns = l->sojourn_last_ns;
	if (l->track_latency)
		latency_add(&l->sojourn_hist, l->sojourn_last_ns);
	l->busy_ns += sim->eng.now - l->fwd.started_at;
	if (cfg->discipline != QDISC_DROPTAIL) {
		struct packet *next = aqm_dequeue(sim, l);

		if (next != NULL)
			link_tx_append(&l->fwd, next);
		else if (l->aqm.packets == 0) {
			/* RED: the queue empties, its average decays */
			l->aqm.red.idle = true;
			l->aqm.red.idle_since = sim->eng.now;
		}
	}
	link_check_accounting(sim, l, p->flow);
	if (l->fwd.packets > 0)
		link_tx_start(sim, &l->fwd, cfg->rate_bps);

	if (link_loses(sim, l, p, &scripted)) {
		l->loss_drops++;
		flow_count_drop(sim, p);
		if (sim->eng.tracing)
			sim_trace(sim, p->flow, WHERE_LINK, TRACE_DROP, p->seq,
				  0, p->len, 0,
				  "%s%s%s: %u byte%s at seq %u vanish%s on the "
				  "wire",
				  l->name ? l->name : "", l->name ? ": " : "",
				  scripted ? "scripted loss (drop_segments)"
					   : "random loss",
				  p->len, sim_plural(p->len), p->seq,
				  p->len == 1 ? "es" : "");
		packet_release(&sim->pool, p);
		return;
	}
	pipe_push(sim, &l->fwd.prop, p, cfg->delay_ns);
}

/* A data packet leaves the link: the model says where it goes next. */
static void
link_fwd_arrive(struct sim *sim, void *ctx, struct packet *p)
{
	struct link *l = ctx;

	l->data_out(sim, l, p);
}

void
link_send_ack(struct sim *sim, struct link *l, struct packet *p)
{
	uint64_t rate = l->cfg->reverse_rate_bps;

	if (rate == SCENARIO_UNLIMITED && l->rev.packets == 0) {
		pipe_push(sim, &l->rev.prop, p, l->cfg->delay_ns);
		return;
	}
	link_tx_append(&l->rev, p);
	if (l->rev.packets == 1)
		link_tx_start(sim, &l->rev, rate);
}

static void
link_rev_done(struct sim *sim, struct event *ev)
{
	struct link *l = ev->owner;
	struct packet *p = link_tx_take_head(&l->rev);

	if (l->rev.packets > 0)
		link_tx_start(sim, &l->rev, l->cfg->reverse_rate_bps);
	pipe_push(sim, &l->rev.prop, p, l->cfg->delay_ns);
}

/* An ACK leaves the link's reverse direction: the model routes it. */
static void
link_rev_arrive(struct sim *sim, void *ctx, struct packet *p)
{
	struct link *l = ctx;

	l->ack_out(sim, l, p);
}
