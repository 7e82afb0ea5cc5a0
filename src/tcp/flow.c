/* SPDX-License-Identifier: ISC */
/* flow.c: one connection, its applications and its access path; see flow.h. */
#include "tcp/flow.h"

#include <assert.h>
#include <stddef.h>
#include <string.h>

#include "net/link.h"
#include "net/packet.h"
#include "model/relay.h"
#include "model/route.h"
#include "model/sim_internal.h"

static_assert(PACKET_SACK_BLOCKS <= TRACE_SACK_MAX,
	      "a trace_packet must hold every SACK block of a packet");

static void flow_access_out_deliver(struct sim *sim, void *ctx,
				    struct packet *p);
static void flow_access_in_deliver(struct sim *sim, void *ctx,
				   struct packet *p);

void
flow_init(struct sim *sim, struct flow *f, uint32_t index)
{
	f->index = index;
	f->cfg = &sim->config.flows[index];
	f->drops = 0;
	f->dropped_bytes = 0;
	f->finished = false;
	f->completion_ns = -1;
	f->reader_relay = f->writer_relay = NULL;
	records_init(&f->births);
	f->record_size = f->cfg->record_size;
	pipe_init(&f->access_out, flow_access_out_deliver, f);
	pipe_init(&f->access_in, flow_access_in_deliver, f);
	receiver_init(sim, f); /* first: the sender starts with its window */
	sender_init(sim, f);
	app_init(sim, f);
	latency_init(&f->ping.rtts);
	if (f->cfg->app == APP_PING) {
		/* The probe replaces the producer: no TCP byte is written. */
		sim_cancel(sim, &f->prod.next_write);
		ping_init(sim, f);
	}
}

void
flow_free(struct sim *sim, struct flow *f)
{
	pipe_clear(sim, &f->access_out);
	pipe_clear(sim, &f->access_in);
	sender_free(&f->snd);
	receiver_free(&f->rcv);
	app_free(sim, f);
	ping_free(f);
	records_free(&f->births);
}

/* The capture point: data leaving the sender, ACKs reaching it. */
static void
flow_capture(struct sim *sim, const struct packet *p, bool from_sender)
{
	struct trace_packet tp;

	tp.time_ns = sim->eng.now;
	tp.flow = p->flow;
	tp.from_sender = from_sender;
	tp.seq = p->seq;
	tp.ack = p->ack;
	tp.len = p->len;
	tp.win = p->win;
	/* An ACK's SACK blocks share the room of the data fields. */
	tp.stream_off = from_sender ? p->stream_off : 0;
	tp.probe = (p->flags & PKT_PROBE) != 0;
	tp.retransmit = (p->flags & PKT_RETRANSMIT) != 0;
	tp.push = (p->flags & PKT_PUSH) != 0;
	tp.ts = (p->flags & PKT_TS) != 0;
	tp.tsval = p->tsval;
	tp.tsecr = p->tsecr;
	tp.ect = (p->flags & PKT_ECT) != 0;
	tp.ce = (p->flags & PKT_CE) != 0;
	tp.ece = (p->flags & PKT_ECE) != 0;
	tp.cwr = (p->flags & PKT_CWR) != 0;
	tp.n_sack = from_sender ? 0 : p->n_sack;
	for (unsigned i = 0; i < tp.n_sack; i++) {
		tp.sack_left[i] = p->sack[i].left;
		tp.sack_right[i] = p->sack[i].right;
	}
	engine_capture(&sim->eng, &tp);
}

void
flow_transmit_data(struct sim *sim, struct flow *f, struct packet *p)
{
	/* The capture is of TCP: a probe is no TCP segment. */
	if (sim->eng.capturing && !(p->flags & PKT_PING))
		flow_capture(sim, p, true);
	if (f->cfg->extra_delay_ns > 0)
		pipe_push(sim, &f->access_out, p, f->cfg->extra_delay_ns);
	else
		route_send_data(sim, p);
}

/* The access path ends at the first link of the flow's path. */
static void
flow_access_out_deliver(struct sim *sim, void *ctx, struct packet *p)
{
	(void)ctx;
	route_send_data(sim, p);
}

void
flow_transmit_ack(struct sim *sim, struct flow *f, struct packet *p)
{
	(void)f;
	route_send_ack(sim, p);
}

void
flow_on_data_arrival(struct sim *sim, struct packet *p)
{
	if (p->flags & PKT_PING) {
		ping_on_request(sim, &sim->flows[p->flow], p);
		return;
	}
	receiver_on_data(sim, &sim->flows[p->flow], p);
}

static void
flow_ack_to_sender(struct sim *sim, struct flow *f, struct packet *p)
{
	if (p->flags & PKT_PING_REPLY) {
		ping_on_reply(sim, f, p);
		return;
	}
	if (sim->eng.capturing)
		flow_capture(sim, p, false);
	/* The oldest segment in flight, which the ACK most likely covers:
	 * its ring is an allocation of its own, written a round trip ago,
	 * and only now is the sender (fetched ahead) there to say where. */
	if (f->snd.seg_count > 0)
		__builtin_prefetch(&f->snd.segs[f->snd.seg_head]);
	sender_on_ack(sim, f, p);
	packet_release(&sim->pool, p);
}

void
flow_on_ack_arrival(struct sim *sim, struct packet *p)
{
	struct flow *f = &sim->flows[p->flow];

	if (f->cfg->extra_delay_ns > 0)
		pipe_push(sim, &f->access_in, p, f->cfg->extra_delay_ns);
	else
		flow_ack_to_sender(sim, f, p);
}

static void
flow_access_in_deliver(struct sim *sim, void *ctx, struct packet *p)
{
	flow_ack_to_sender(sim, ctx, p);
}

/* Fetch each cache line (64 bytes) that [from, to) touches, once. */
static inline void
flow_prefetch_between(const void *from, const void *to)
{
	uintptr_t c = (uintptr_t)from & ~(uintptr_t)63;
	uintptr_t last = ((uintptr_t)to - 1) & ~(uintptr_t)63;

	for (; c <= last; c += 64)
		__builtin_prefetch((const void *)c);
}

/* The settings read per packet come first in struct flow_config, up to
 * ack_delay_ns (scenario.h); the rest of its 1.7 KB is read rarely. */
static inline void
flow_prefetch_config(const struct flow_config *fc)
{
	flow_prefetch_between(fc, &fc->ack_delay_ns + 1);
}

/*
 * Fetch the cache lines of `f` that bytes [from, to) of it lie in.  The
 * offsets are constants (FLOW_PREFETCH) and the array of flows is
 * aligned to 64 bytes (sim.c), so the loop unrolls into one prefetch
 * per line.
 */
static inline void
flow_prefetch_lines(const struct flow *f, size_t from, size_t to)
{
	for (size_t off = from & ~(size_t)63; off < to; off += 64)
		__builtin_prefetch((const char *)f + off);
}

/* The lines of `f` from member `first` to the end of member `last`. */
#define FLOW_PREFETCH(f, first, last)                                          \
	flow_prefetch_lines((f), offsetof(struct flow, first),                 \
			    offsetof(struct flow, last) + sizeof((f)->last))

void
flow_prefetch_data(const struct sim *sim, const struct packet *p)
{
	const struct flow *f = &sim->flows[p->flow];

	/* the header (cfg, relays, finished) and the first reader's busy
	 * flag (consumer_read()), one line (flow.h) */
	FLOW_PREFETCH(f, index, cons.first.busy);
	__builtin_prefetch(&f->prod.done); /* flow_check_finished() */
	/* the receiver's hot part, up to the delayed-ACK timer's links in
	 * the queue's wheel, which most segments move (receiver.h) */
	FLOW_PREFETCH(f, rcv, rcv.delack_timer.wheel_prev);
	flow_prefetch_config(&sim->config.flows[p->flow]);
}

void
flow_prefetch_data_near(const struct sim *sim, const struct packet *p)
{
	const struct ranges *ooo = &sim->flows[p->flow].rcv.ooo;

	if (ooo->count > 0) {
		__builtin_prefetch(&ooo->node[1]); /* the splay's header */
		__builtin_prefetch(&ooo->node[ooo->root]);
	}
}

void
flow_prefetch_ack(const struct sim *sim, const struct packet *p)
{
	const struct flow *f = &sim->flows[p->flow];

	FLOW_PREFETCH(f, index, cons.first.busy);
	/* room to write: the producer's hot part (app.h), the drop
	 * counters before it */
	FLOW_PREFETCH(f, drops, prod.shedding);
	/* the sender's hot lines (sender.h): up to its RTO estimator, the
	 * scoreboard's first two lines, up to its allocation's offset, which
	 * flow_prefetch_ack_ring() reads (sack = on: not asked, which would
	 * wait for the settings being fetched), the congestion control's
	 * scalars up to the first byte of its note */
	FLOW_PREFETCH(f, snd, snd.rto);
	FLOW_PREFETCH(f, snd.sb, snd.sb.first);
	FLOW_PREFETCH(f, snd.cc, snd.cc.note[0]);
	flow_prefetch_config(&sim->config.flows[p->flow]);
}

void
flow_prefetch_ack_ring(const struct sim *sim, const struct packet *p)
{
	const struct sender *s = &sim->flows[p->flow].snd;

	if (s->seg_count > 0)
		__builtin_prefetch(&s->segs[s->seg_head]);
	if (s->push_n > 0)
		__builtin_prefetch(&s->push_at[s->push_head + s->push_n - 1]);
	if (s->sb.n_ranges > 0)
		__builtin_prefetch(sack_range_at(&s->sb, 0));
}

void
flow_count_drop(struct sim *sim, const struct packet *p)
{
	sim->flows[p->flow].drops++;
	sim->flows[p->flow].dropped_bytes += p->len;
	sim->on_links[p->flow]--; /* it was on a link, and is no more */
}

void
flow_check_finished(struct sim *sim, struct flow *f)
{
	if (f->finished || !f->prod.done || f->prod.pending > 0)
		return;
	if (f->rcv.read_off != f->snd.written)
		return;
	/* Every byte written has been read, in order. */
	SIM_CHECK(sim, f->index, f->rcv.rcv_off == f->snd.written,
		  "delivered %llu bytes but %llu were written",
		  (unsigned long long)f->rcv.rcv_off,
		  (unsigned long long)f->snd.written);
	f->finished = true;
	f->completion_ns = sim->eng.now;
	sim->completed[sim->n_completed++] = f->index;
	sim_flow_finished(sim);
	/* the relay reading it may now forward its last unit and end */
	if (f->reader_relay != NULL)
		relay_on_data(sim, f->reader_relay, false);
}

void
flow_snapshot(const struct sim *sim, const struct flow *f,
	      struct flow_snapshot *out)
{
	const struct sender *s = &f->snd;
	const struct receiver *r = &f->rcv;

	memset(out, 0, sizeof(*out));
	out->name = f->cfg->name;
	out->cwnd_bytes = s->cc.cwnd;
	out->ssthresh_bytes = s->cc.ssthresh;
	out->rwnd_bytes = s->snd_wnd;
	out->inflight_bytes = sender_inflight(s);
	out->send_buffer_bytes = sender_buffered(s);
	out->send_buffer_limit = f->cfg->send_buffer;
	out->snd_una = s->snd_una;
	out->snd_nxt = s->snd_nxt;
	out->producer_blocked = producer_is_blocked(f);
	out->in_recovery = s->in_recovery;
	out->persist_running = event_pending(&s->persist_timer);
	out->limited_by = (enum limited_by)sender_limited_by(sim, f);
	out->srtt_ns = s->rto.srtt_ns;
	out->rttvar_ns = s->rto.rttvar_ns;
	out->rto_ns = rto_current(&s->rto);
	out->min_rtt_ns = s->rto.min_rtt_ns;
	out->last_rtt_ns = s->rto.rtt_now_ns;
	out->recv_buffer_bytes = receiver_buffered(r);
	out->recv_buffer_limit = f->cfg->receive_buffer;
	out->rcv_nxt = r->rcv_nxt;
	out->written_bytes = s->written;
	out->dropped_writes_bytes = f->prod.dropped;
	out->delivered_bytes = r->rcv_off;
	out->read_bytes = r->read_off;
	out->segments_sent = s->segments_sent;
	out->retransmits = s->retransmits;
	out->timeouts = s->timeouts;
	out->fast_retransmits = s->fast_retransmits;
	out->zero_window_adverts = r->zero_window_adverts;
	out->window_probes = s->window_probes;
	out->drops = f->drops;
	out->dropped_bytes = f->dropped_bytes;
	out->retransmitted_bytes = s->retransmitted_bytes;
	out->max_cwnd_bytes = s->max_cwnd;
	out->ecn_reductions = s->ecn_reductions;
	out->ce_received = r->ce_received;
	out->start_ns = f->cfg->start_ns;
	out->completion_ns = f->completion_ns;
	out->mss = f->cfg->mss;
	out->isn = f->cfg->isn;
	out->wscale = r->wscale;
}
